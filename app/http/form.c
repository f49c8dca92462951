#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "http/form.h"
#include "http/url.h"

void
rb_kv_add(struct rb_kv_list *l, struct rb_arena *a, struct rb_str key,
    struct rb_str val)
{
	if (l->len == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;

		l->items = rb_arena_realloc(a, l->items,
		    l->cap * sizeof(*l->items), cap * sizeof(*l->items));
		l->cap = cap;
	}
	l->items[l->len++] = (struct rb_kv){key, val};
}

/* Counts non-empty pieces, so the array is sized once and capped first. */
static size_t
count_pieces(const char *s, size_t n)
{
	size_t count = 0, i, start = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '&')
			continue;
		if (i > start)
			count++;
		start = i + 1;
	}
	return count;
}

static void
err_name_field(struct rb_err *err, struct rb_str key)
{
	if (err != NULL && key.len < sizeof(err->field))
		memcpy(err->field, key.ptr, key.len + 1);
}

/* Decodes one "k=v" piece and appends it, unless its key is empty. */
static int
parse_piece(struct rb_arena *a, const char *p, size_t n,
    const struct rb_form_limits *lim, struct rb_kv_list *out,
    struct rb_err *err)
{
	const char *eq = memchr(p, '=', n);
	size_t klen = eq ? (size_t)(eq - p) : n;
	struct rb_str key, val = {"", 0};
	int rc;

	if (klen == 0)
		return RB_OK;
	rc = rb_url_decode(a, p, klen, RB_URL_PLUS_SPACE, &key, err);
	if (rc != RB_OK)
		return rc;
	if (key.len > lim->max_key)
		return rb_err_set(err, RB_TOOBIG, "a field name is too long");
	if (eq != NULL) {
		rc = rb_url_decode(a, eq + 1, n - klen - 1,
		    RB_URL_PLUS_SPACE | (lim->multiline ? RB_URL_ALLOW_CRLF : 0),
		    &val, err);
		if (rc == RB_OK && val.len > lim->max_val)
			rc = rb_err_set(err, RB_TOOBIG, "a field is too long");
		if (rc != RB_OK) {
			err_name_field(err, key);
			return rc;
		}
	}
	out->items[out->len++] = (struct rb_kv){key, val};
	return RB_OK;
}

int
rb_form_parse(struct rb_arena *a, const char *s, size_t n,
    const struct rb_form_limits *lim, struct rb_kv_list *out,
    struct rb_err *err)
{
	size_t count, i, start = 0;
	int rc = RB_TOOBIG;

	*out = (struct rb_kv_list){NULL, 0, 0};
	if (n > lim->max_total) {
		rb_err_set(err, rc, "the form is too large");
		goto out;
	}
	count = count_pieces(s, n);
	if (count > lim->max_fields) {
		rb_err_set(err, rc, "the form has too many fields");
		goto out;
	}
	if (count == 0) {
		rc = RB_OK;
		goto out;
	}
	out->items = rb_arena_alloc(a, count * sizeof(*out->items));
	out->cap = count;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '&')
			continue;
		if (i > start) {
			rc =
			    parse_piece(a, s + start, i - start, lim, out, err);
			if (rc != RB_OK)
				goto out;
		}
		start = i + 1;
	}
	rc = RB_OK;
out:
	if (rc != RB_OK)
		*out = (struct rb_kv_list){NULL, 0, 0};
	return rc;
}

struct rb_str
rb_kv_get(const struct rb_kv_list *l, const char *key)
{
	struct rb_str k = rb_str_c(key);

	for (size_t i = 0; i < l->len; i++)
		if (rb_str_eq(l->items[i].key, k))
			return l->items[i].val;
	return RB_STR_NULL;
}

size_t
rb_kv_all(const struct rb_kv_list *l, const char *key, struct rb_arena *a,
    struct rb_str **out)
{
	struct rb_str k = rb_str_c(key);
	size_t count = 0, i;

	for (i = 0; i < l->len; i++)
		count += rb_str_eq(l->items[i].key, k);
	*out = NULL;
	if (count == 0)
		return 0;
	*out = rb_arena_alloc(a, count * sizeof(**out));
	count = 0;
	for (i = 0; i < l->len; i++)
		if (rb_str_eq(l->items[i].key, k))
			(*out)[count++] = l->items[i].val;
	return count;
}

/*
 * Accumulates in uint64_t against the magnitude allowed for the sign, so
 * INT64_MIN parses and nothing ever overflows a signed type.
 */
int
rb_parse_i64(struct rb_str s, int64_t min, int64_t max, int64_t *out)
{
	uint64_t acc = 0, limit = (uint64_t)INT64_MAX;
	size_t i = 0;
	int64_t v;
	bool neg;

	if (s.ptr == NULL || s.len == 0)
		return RB_INVALID;
	neg = s.ptr[0] == '-';
	if (neg) {
		limit += 1;
		i = 1;
	}
	if (i == s.len)
		return RB_INVALID;
	for (; i < s.len; i++) {
		unsigned d = (unsigned)((unsigned char)s.ptr[i] - '0');

		if (d > 9 || acc > (limit - d) / 10)
			return RB_INVALID;
		acc = acc * 10 + d;
	}
	if (!neg)
		v = (int64_t)acc;
	else if (acc == (uint64_t)INT64_MAX + 1)
		v = INT64_MIN;
	else
		v = -(int64_t)acc;
	if (v < min || v > max)
		return RB_INVALID;
	*out = v;
	return RB_OK;
}

int
rb_kv_i64(const struct rb_kv_list *l, const char *key, int64_t min, int64_t max,
    int64_t *out, struct rb_err *err)
{
	struct rb_str v = rb_kv_get(l, key);

	if (v.ptr == NULL)
		return RB_DECLINED;
	if (rb_parse_i64(v, min, max, out) != RB_OK)
		return rb_err_field(err, RB_INVALID, key,
		    "must be a whole number from %" PRId64 " to %" PRId64, min,
		    max);
	return RB_OK;
}

int
rb_kv_int(const struct rb_kv_list *l, const char *key, int min, int max,
    int *out, struct rb_err *err)
{
	int64_t v;
	int rc = rb_kv_i64(l, key, min, max, &v, err);

	if (rc == RB_OK)
		*out = (int)v;
	return rc;
}
