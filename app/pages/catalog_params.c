#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "domain/grade.h"
#include "http/form.h"
#include "pages/catalog_params.h"

#define MAX_PRICE 9999999999LL
#define MAX_STORAGE 1048576 /* GB */

static int
fail(struct rb_err *err, const char *field, const char *msg)
{
	return rb_err_field(err, RB_INVALID, field, "%s", msg);
}

static bool
is_slug(struct rb_str s)
{
	if (s.len == 0 || s.len > 160)
		return false;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.ptr[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-'))
			return false;
	}
	return true;
}

/* Attribute codes: ^[a-z0-9][a-z0-9_]{0,39}$ as in the schema. */
static bool
is_attr_code(struct rb_str s)
{
	if (s.len == 0 || s.len > 40 || s.ptr[0] == '_')
		return false;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.ptr[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_'))
			return false;
	}
	return true;
}

/* Adds v to a set of strings; duplicates are dropped. */
static int
add_str(const char **set, size_t *n, const char *v, const char *field,
    struct rb_err *err)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(set[i], v) == 0)
			return RB_OK;
	if (*n == CATALOG_MAX_VALUES)
		return fail(err, field, "too many values");
	set[(*n)++] = v;
	return RB_OK;
}

static int
add_storage(struct catalog_query *q, struct rb_str v, struct rb_err *err)
{
	int64_t gb;

	if (rb_parse_i64(v, 1, MAX_STORAGE, &gb) != RB_OK)
		return fail(err, "storage", "must be a size in GB");
	for (size_t i = 0; i < q->nstorages; i++)
		if (q->storages[i] == gb)
			return RB_OK;
	if (q->nstorages == CATALOG_MAX_VALUES)
		return fail(err, "storage", "too many values");
	q->storages[q->nstorages++] = (int)gb;
	return RB_OK;
}

static int
add_attr(struct catalog_query *q, struct rb_str key, struct rb_str v,
    struct rb_err *err)
{
	struct catalog_attr_filter *f = NULL;

	if (!is_attr_code(key))
		return fail(err, "query", "unknown parameter");
	if (v.len > 100)
		return fail(err, key.ptr, "value too long");
	for (size_t i = 0; i < q->nattrs; i++)
		if (strcmp(q->attrs[i].code, key.ptr) == 0)
			f = &q->attrs[i];
	if (f == NULL) {
		if (q->nattrs == CATALOG_MAX_VALUES)
			return fail(err, key.ptr, "too many filters");
		f = &q->attrs[q->nattrs++];
		f->code = key.ptr;
		f->nvalues = 0;
	}
	return add_str(f->values, &f->nvalues, v.ptr, key.ptr, err);
}

/* Single-valued parameters: a repeat is an error, not a choice. */
enum single { S_Q, S_CATEGORY, S_SORT, S_PAGE, S_LIMIT, S_CURSOR,
	S_MIN, S_MAX, S_COUNT };
static const char *const single_names[S_COUNT] = { "q", "category", "sort",
	"page", "limit", "cursor", "min_price", "max_price" };

static int
single_index(struct rb_str key)
{
	for (int i = 0; i < S_COUNT; i++)
		if (rb_str_eq_c(key, single_names[i]))
			return i;
	return -1;
}

static bool
allowed(int s, enum catalog_params_mode mode)
{
	bool api = mode == CATALOG_PARAMS_API || mode == CATALOG_PARAMS_API_SEARCH;
	bool search = mode == CATALOG_PARAMS_SEARCH ||
	    mode == CATALOG_PARAMS_API_SEARCH || mode == CATALOG_PARAMS_API;

	switch (s) {
	case S_Q:
		return search;
	case S_CATEGORY:
		return mode != CATALOG_PARAMS_CATEGORY;
	case S_LIMIT:
	case S_CURSOR:
		return api;
	default:
		return true;
	}
}

static int
set_single(struct catalog_query *q, int s, struct rb_str v,
    struct rb_err *err)
{
	int64_t n;
	int sort;

	switch (s) {
	case S_Q:
		if (v.len > CATALOG_MAX_Q)
			return fail(err, "q", "must be at most 200 bytes");
		q->q = v.ptr;
		return RB_OK;
	case S_CATEGORY:
		if (!is_slug(v))
			return fail(err, "category", "unknown category");
		q->category = v.ptr;
		return RB_OK;
	case S_SORT:
		if ((sort = catalog_sort_parse(v.ptr, v.len)) < 0)
			return fail(err, "sort", "must be price_asc, "
			    "price_desc, newest or popular");
		q->sort = (enum catalog_sort)sort;
		return RB_OK;
	case S_PAGE:
		if (rb_parse_i64(v, 1, CATALOG_MAX_PAGE, &n) != RB_OK)
			return fail(err, "page", "must be a page number from "
			    "1 to 500");
		q->page = (int)n;
		return RB_OK;
	case S_LIMIT:
		if (rb_parse_i64(v, 1, CATALOG_MAX_LIMIT, &n) != RB_OK)
			return fail(err, "limit", "must be from 1 to 100");
		q->limit = (int)n;
		return RB_OK;
	case S_CURSOR:
		q->has_cursor = true;
		q->cursor_key = 0;
		/* decoded once the sort is known */
		return RB_OK;
	case S_MIN:
	case S_MAX:
		if (rb_parse_i64(v, 0, MAX_PRICE, &n) != RB_OK)
			return fail(err, single_names[s], "must be a price in "
			    "minor units (cents)");
		*(s == S_MIN ? &q->min_price : &q->max_price) = n;
		return RB_OK;
	}
	return RB_ERROR;
}

static int
add_field(struct catalog_query *q, const struct rb_kv *kv,
    enum catalog_params_mode mode, struct rb_str *seen,
    struct rb_err *err)
{
	int s = single_index(kv->key), g;

	if (s >= 0) {
		if (!allowed(s, mode))
			return fail(err, kv->key.ptr, "unknown parameter");
		if (seen[s].ptr != NULL)
			return fail(err, kv->key.ptr, "given twice");
		seen[s] = kv->val;
		return set_single(q, s, kv->val, err);
	}
	if (rb_str_eq_c(kv->key, "brand")) {
		if (!is_slug(kv->val))
			return fail(err, "brand", "unknown brand");
		return add_str(q->brands, &q->nbrands, kv->val.ptr, "brand",
		    err);
	}
	if (rb_str_eq_c(kv->key, "grade")) {
		if ((g = grade_parse(kv->val)) < 0)
			return fail(err, "grade", "must be premium, "
			    "excellent, good or fair");
		q->grades |= 1u << g;
		return RB_OK;
	}
	if (rb_str_eq_c(kv->key, "storage"))
		return add_storage(q, kv->val, err);
	if (kv->key.len > 4 && memcmp(kv->key.ptr, "utm_", 4) == 0)
		return RB_OK; /* campaign tags: not ours, never an error */
	return add_attr(q, kv->key, kv->val, err);
}

int
catalog_params_parse(const struct rb_kv_list *fields,
    enum catalog_params_mode mode, struct catalog_query *q,
    struct rb_err *err)
{
	struct rb_str seen[S_COUNT] = { 0 };
	bool search = mode == CATALOG_PARAMS_SEARCH ||
	    mode == CATALOG_PARAMS_API_SEARCH;
	int rc;

	memset(q, 0, sizeof(*q));
	q->min_price = q->max_price = -1;
	q->page = 1;
	q->limit = CATALOG_PAGE_SIZE;
	q->sort = CATALOG_SORT_POPULAR;
	for (size_t i = 0; fields != NULL && i < fields->len; i++) {
		const struct rb_kv *kv = &fields->items[i];

		if (kv->val.len == 0)
			continue;
		if ((rc = add_field(q, kv, mode, seen, err)) != RB_OK)
			return rc;
	}
	if (search && q->q == NULL)
		return fail(err, "q", "is required");
	if (q->q != NULL && seen[S_SORT].ptr == NULL)
		q->sort = CATALOG_SORT_RELEVANCE;
	if (q->sort == CATALOG_SORT_RELEVANCE && q->q == NULL)
		return fail(err, "sort", "relevance needs a search text (q)");
	if (q->min_price >= 0 && q->max_price >= 0 &&
	    q->min_price > q->max_price)
		return fail(err, "min_price", "must not exceed max_price");
	if (q->has_cursor && catalog_cursor_decode(seen[S_CURSOR].ptr,
	    seen[S_CURSOR].len, q->sort, &q->cursor_key, &q->cursor_tie) !=
	    RB_OK)
		return fail(err, "cursor", "is not a cursor of this sort");
	return RB_OK;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int
cmp_attr(const void *a, const void *b)
{
	return strcmp(((const struct catalog_attr_filter *)a)->code,
	    ((const struct catalog_attr_filter *)b)->code);
}

static void
param(struct rb_buf *out, const char *key, const char *val)
{
	if (out->len > 0)
		rb_buf_putc(out, '&');
	rb_buf_append_urlenc(out, key, strlen(key));
	rb_buf_putc(out, '=');
	rb_buf_append_urlenc(out, val, strlen(val));
}

void
catalog_params_write(struct rb_buf *out, const struct catalog_query *q,
    bool without_page, bool without_sort)
{
	struct catalog_query c = *q; /* sorted copy */
	size_t ngrades;
	const struct grade_def *g = grade_defs(&ngrades);
	char num[24];

	qsort(c.brands, c.nbrands, sizeof(c.brands[0]), cmp_str);
	qsort(c.storages, c.nstorages, sizeof(c.storages[0]), cmp_int);
	qsort(c.attrs, c.nattrs, sizeof(c.attrs[0]), cmp_attr);
	if (c.q != NULL)
		param(out, "q", c.q);
	if (c.category != NULL)
		param(out, "category", c.category);
	for (size_t i = 0; i < c.nbrands; i++)
		param(out, "brand", c.brands[i]);
	for (size_t i = 0; i < ngrades; i++)
		if (c.grades & (1u << g[i].grade))
			param(out, "grade", g[i].code);
	for (size_t i = 0; i < c.nstorages; i++) {
		snprintf(num, sizeof(num), "%d", c.storages[i]);
		param(out, "storage", num);
	}
	for (size_t i = 0; i < c.nattrs; i++) {
		qsort(c.attrs[i].values, c.attrs[i].nvalues,
		    sizeof(c.attrs[i].values[0]), cmp_str);
		for (size_t j = 0; j < c.attrs[i].nvalues; j++)
			param(out, c.attrs[i].code, c.attrs[i].values[j]);
	}
	if (c.min_price >= 0) {
		snprintf(num, sizeof(num), "%lld", (long long)c.min_price);
		param(out, "min_price", num);
	}
	if (c.max_price >= 0) {
		snprintf(num, sizeof(num), "%lld", (long long)c.max_price);
		param(out, "max_price", num);
	}
	if (!without_sort && c.sort != (c.q != NULL ? CATALOG_SORT_RELEVANCE :
	    CATALOG_SORT_POPULAR))
		param(out, "sort", catalog_sort_name(c.sort));
	if (without_page)
		return;
	if (c.limit != CATALOG_PAGE_SIZE) {
		snprintf(num, sizeof(num), "%d", c.limit);
		param(out, "limit", num);
	}
	if (c.has_cursor) {
		struct rb_buf cur;

		rb_buf_init(&cur, NULL);
		catalog_cursor_encode(&cur, c.sort, c.cursor_key, c.cursor_tie);
		param(out, "cursor", cur.data);
		rb_buf_release(&cur);
	} else if (c.page > 1) {
		snprintf(num, sizeof(num), "%d", c.page);
		param(out, "page", num);
	}
}
