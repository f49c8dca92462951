#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <json-c/printbuf.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/val.h"

static struct rb_val
list_new(struct rb_arena *a, enum rb_val_type type, size_t cap)
{
	struct rb_val_list *l = rb_arena_alloc(a, sizeof(*l));

	l->n = 0;
	l->cap = cap;
	l->keys = type == RB_VAL_OBJ && cap > 0 ?
	    rb_arena_alloc(a, cap * sizeof(*l->keys)) : NULL;
	l->items = cap > 0 ? rb_arena_alloc(a, cap * sizeof(*l->items)) :
	    NULL;
	return (struct rb_val){ .type = type, .u.list = l };
}

struct rb_val
rb_val_obj(struct rb_arena *a, size_t cap)
{
	return list_new(a, RB_VAL_OBJ, cap);
}

struct rb_val
rb_val_arr(struct rb_arena *a, size_t cap)
{
	return list_new(a, RB_VAL_ARR, cap);
}

static void
list_grow(struct rb_arena *a, struct rb_val_list *l, bool keys)
{
	size_t cap = l->cap ? l->cap * 2 : 8;

	if (keys)
		l->keys = rb_arena_realloc(a, l->keys,
		    l->cap * sizeof(*l->keys), cap * sizeof(*l->keys));
	l->items = rb_arena_realloc(a, l->items, l->cap * sizeof(*l->items),
	    cap * sizeof(*l->items));
	l->cap = cap;
}

void
rb_val_put_key(struct rb_arena *a, struct rb_val o, const char *key,
    struct rb_val v)
{
	struct rb_val_list *l = o.u.list;

	if (l->n == l->cap)
		list_grow(a, l, true);
	l->keys[l->n] = key;
	l->items[l->n++] = v;
}

void
rb_val_push(struct rb_arena *a, struct rb_val arr, struct rb_val v)
{
	struct rb_val_list *l = arr.u.list;

	if (l->n == l->cap)
		list_grow(a, l, false);
	l->items[l->n++] = v;
}

bool
rb_val_get(struct rb_val v, const char *key, struct rb_val *out)
{
	struct json_object *j;

	if (v.type == RB_VAL_OBJ) {
		const struct rb_val_list *l = v.u.list;

		for (size_t i = 0; i < l->n; i++)
			if (l->keys[i][0] == key[0] &&
			    strcmp(l->keys[i], key) == 0) {
				*out = l->items[i];
				return true;
			}
		return false;
	}
	if (v.type != RB_VAL_JSONC || !json_object_object_get_ex(v.u.j, key,
	    &j))
		return false;
	*out = rb_val_from_json_c(j);
	return true;
}

bool
rb_val_is_array(struct rb_val v)
{
	return v.type == RB_VAL_ARR || (v.type == RB_VAL_JSONC &&
	    json_object_is_type(v.u.j, json_type_array));
}

size_t
rb_val_len(struct rb_val v)
{
	if (v.type == RB_VAL_ARR)
		return v.u.list->n;
	if (v.type == RB_VAL_JSONC &&
	    json_object_is_type(v.u.j, json_type_array))
		return json_object_array_length(v.u.j);
	return 0;
}

struct rb_val
rb_val_at(struct rb_val v, size_t i)
{
	if (v.type == RB_VAL_ARR)
		return i < v.u.list->n ? v.u.list->items[i] : rb_val_null();
	if (!rb_val_is_array(v))
		return rb_val_null();
	return rb_val_from_json_c(json_object_array_get_idx(v.u.j, i));
}

bool
rb_val_truthy(struct rb_val v)
{
	switch (v.type) {
	case RB_VAL_NULL:
		return false;
	case RB_VAL_BOOL:
		return v.u.b;
	case RB_VAL_ARR:
		return v.u.list->n > 0;
	case RB_VAL_JSONC:
		if (json_object_is_type(v.u.j, json_type_boolean))
			return json_object_get_boolean(v.u.j);
		if (json_object_is_type(v.u.j, json_type_array))
			return json_object_array_length(v.u.j) > 0;
		return true;
	default:
		return true;
	}
}

/* --- JSON ------------------------------------------------------------------ */

/* A string as json-c escapes it (json_escape_str). */
static void
write_string(struct rb_buf *b, struct rb_str s, int flags)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0;

	rb_buf_putc(b, '"');
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];
		char e[6] = { '\\', (char)c, '0', '0', 0, 0 };
		size_t elen = 2;

		switch (c) {
		case '\b': e[1] = 'b'; break;
		case '\n': e[1] = 'n'; break;
		case '\r': e[1] = 'r'; break;
		case '\t': e[1] = 't'; break;
		case '\f': e[1] = 'f'; break;
		case '"':
		case '\\':
			break;
		case '/':
			if (flags & JSON_C_TO_STRING_NOSLASHESCAPE)
				continue;
			break;
		default:
			if (c >= ' ')
				continue;
			e[1] = 'u';
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			elen = 6;
		}
		rb_buf_append(b, s.ptr + start, i - start);
		rb_buf_append(b, e, elen);
		start = i + 1;
	}
	rb_buf_append(b, s.ptr + start, s.len - start);
	rb_buf_putc(b, '"');
}

static void
write_list(struct rb_buf *b, const struct rb_val_list *l, bool obj,
    int flags)
{
	bool spaced = (flags & (JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_PRETTY)) != 0;

	rb_buf_putc(b, obj ? '{' : '[');
	for (size_t i = 0; i < l->n; i++) {
		if (i > 0)
			rb_buf_putc(b, ',');
		if (spaced)
			rb_buf_putc(b, ' ');
		if (obj) {
			write_string(b, rb_str_c(l->keys[i]), flags);
			rb_buf_puts(b, spaced ? ": " : ":");
		}
		rb_val_write_json(b, l->items[i], flags);
	}
	rb_buf_puts(b, spaced ? (obj ? " }" : " ]") : (obj ? "}" : "]"));
}

void
rb_val_write_json(struct rb_buf *b, struct rb_val v, int flags)
{
	switch (v.type) {
	case RB_VAL_NULL:
		rb_buf_puts(b, "null");
		break;
	case RB_VAL_BOOL:
		rb_buf_puts(b, v.u.b ? "true" : "false");
		break;
	case RB_VAL_INT:
		rb_buf_printf(b, "%" PRId64, v.u.i);
		break;
	case RB_VAL_STR:
		write_string(b, v.u.s, flags);
		break;
	case RB_VAL_OBJ:
	case RB_VAL_ARR:
		write_list(b, v.u.list, v.type == RB_VAL_OBJ, flags);
		break;
	case RB_VAL_JSONC:
		rb_buf_puts(b, json_object_to_json_string_ext(v.u.j, flags));
		break;
	}
}

/* --- json-c trees ----------------------------------------------------------- */

static int
serialise(struct json_object *j, struct printbuf *pb, int level, int flags)
{
	struct rb_buf b;

	(void)level;
	rb_buf_init(&b, NULL);
	rb_val_write_json(&b, *(const struct rb_val *)
	    json_object_get_userdata(j), flags);
	printbuf_memappend(pb, b.data, (int)b.len);
	rb_buf_release(&b);
	return 0;
}

struct json_object *
rb_val_json_c(struct rb_arena *a, struct rb_val v)
{
	struct json_object *j;
	struct rb_val *copy;

	if (v.type == RB_VAL_NULL)
		return NULL;
	if (v.type == RB_VAL_JSONC)
		return json_object_get(v.u.j);
	copy = rb_arena_alloc(a, sizeof(*copy));
	*copy = v;
	j = json_object_new_boolean(0);
	json_object_set_serializer(j, serialise, copy, NULL);
	return j;
}

struct rb_val
rb_val_from_json_c(struct json_object *j)
{
	if (j == NULL)
		return rb_val_null();
	/* json-c sets user data only on doubles it parsed; a boolean with
	 * user data is one of ours. */
	if (json_object_is_type(j, json_type_boolean) &&
	    json_object_get_userdata(j) != NULL)
		return *(const struct rb_val *)json_object_get_userdata(j);
	return (struct rb_val){ .type = RB_VAL_JSONC, .u.j = j };
}
