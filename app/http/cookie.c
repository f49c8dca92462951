#include "http/cookie.h"
#include "core/arena.h"

static bool
all_of(struct rb_str s, bool (*pred)(unsigned char))
{
	for (size_t i = 0; i < s.len; i++)
		if (!pred((unsigned char)s.ptr[i]))
			return false;
	return true;
}

/* Appends one "name=value" pair if it is well formed. */
static void
parse_pair(struct rb_arena *a, const char *p, size_t n, struct rb_kv_list *out)
{
	const char *eq = memchr(p, '=', n);
	struct rb_str name, val;

	if (eq == NULL)
		return;
	name = rb_http_trim((struct rb_str){p, (size_t)(eq - p)});
	val = rb_http_trim((struct rb_str){eq + 1, n - (size_t)(eq - p) - 1});
	if (val.len >= 2 && val.ptr[0] == '"' && val.ptr[val.len - 1] == '"') {
		val.ptr++;
		val.len -= 2;
	}
	if (name.len == 0 || !all_of(name, rb_http_is_tchar) ||
	    !all_of(val, rb_http_is_cookie_octet))
		return;
	name.ptr = rb_arena_strndup(a, name.ptr, name.len);
	val.ptr = rb_arena_strndup(a, val.ptr, val.len);
	out->items[out->len++] = (struct rb_kv){name, val};
}

void
rb_cookie_parse(struct rb_arena *a, const char *s, size_t n, size_t max,
    struct rb_kv_list *out)
{
	size_t count = 1, i, start = 0;

	*out = (struct rb_kv_list){NULL, 0, 0};
	if (n == 0 || max == 0)
		return;
	/* Size the array once: pairs, or the cap if that is smaller. */
	for (i = 0; i < n && count < max; i++)
		count += s[i] == ';';
	out->items = rb_arena_alloc(a, count * sizeof(*out->items));
	out->cap = count;
	for (i = 0; i <= n && out->len < count; i++) {
		if (i < n && s[i] != ';')
			continue;
		parse_pair(a, s + start, i - start, out);
		start = i + 1;
	}
}
