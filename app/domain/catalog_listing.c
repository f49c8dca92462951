/*
 * Category and search listings: at most five queries, whatever the
 * filters. CATALOG_CONTEXT resolves the category, the brands and the
 * attribute facets, names every brand and category, and proposes a
 * corrected search text. CATALOG_ROWS (CATALOG_SEARCH_ROWS for a search)
 * reads the listing row of every candidate product; catalog_index_run
 * filters, counts and sorts them here, which costs far less than asking
 * PostgreSQL for a count per facet. CATALOG_CARDS names the products of
 * the page shown. A search that finds nothing reads its rows once more
 * with the correction ("did you mean").
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "core/date.h"
#include "core/err.h"
#include "core/json.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/catalog.h"
#include "domain/catalog_listing.h"
#include "domain/catalog_rows.h"
#include "domain/grade.h"
#include "domain/market.h"

/* A PostgreSQL array literal of strings, every element quoted. */
static const char *
text_array(struct rb_arena *a, const char *const *v, size_t n)
{
	struct rb_buf b;

	rb_buf_init(&b, a);
	rb_buf_putc(&b, '{');
	for (size_t i = 0; i < n; i++) {
		rb_buf_puts(&b, i ? ",\"" : "\"");
		for (const char *s = v[i]; *s; s++) {
			if (*s == '"' || *s == '\\')
				rb_buf_putc(&b, '\\');
			rb_buf_putc(&b, *s);
		}
		rb_buf_putc(&b, '"');
	}
	rb_buf_putc(&b, '}');
	return b.data;
}

/* "6.1", "-2", "12.25": what a number attribute may be filtered by. */
static bool
is_decimal(const char *s)
{
	size_t i = 0, digits = 0, frac = 0;

	if (s[i] == '-')
		i++;
	for (; s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (s[i] == '.')
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			frac++;
	return s[i] == '\0' && digits >= 1 && digits <= 9 && frac <= 4 &&
	    (s[digits + (s[0] == '-')] != '.' || frac > 0);
}

/*
 * The brands or categories the context lists: records "id US slug US
 * name [US icon]" separated by RS, parsed in an arena copy.
 */
static struct catalog_named *
parse_named(struct rb_arena *a, const char *text, size_t *n)
{
	char *s = rb_arena_strdup(a, text), *rec;
	size_t cap = *s != '\0';
	struct catalog_named *v;

	for (const char *p = s; *p; p++)
		cap += *p == '\x1e';
	v = rb_arena_calloc(a, (cap + 1) * sizeof(*v));
	*n = 0;
	while ((rec = strsep(&s, "\x1e")) != NULL && *rec) {
		char *id = strsep(&rec, "\x1f"), *slug = strsep(&rec, "\x1f");
		char *name = strsep(&rec, "\x1f");

		if (slug == NULL || name == NULL)
			continue;
		v[*n] = (struct catalog_named){ atoi(id), slug, name,
			rec != NULL ? rec : "device" };
		(*n)++;
	}
	return v;
}

/* "{3,17}" -> 3, 17; at most max elements. */
static size_t
parse_ids(const char *lit, int *out, size_t max)
{
	size_t n = 0;

	for (const char *p = lit; *p && n < max; p++)
		if (*p >= '0' && *p <= '9') {
			out[n++] = atoi(p);
			p += strspn(p, "0123456789") - 1;
		}
	return n;
}

/*
 * Each attribute filter names a facet attribute of the category and gives
 * values of its type: a decimal for a number, true or false for a
 * boolean. RB_INVALID (*why: the attribute) otherwise.
 */
static int
check_attr_filters(struct listing *l, const char **why)
{
	const struct catalog_query *q = l->q;

	for (size_t i = 0; i < q->nattrs; i++) {
		const struct catalog_attr_filter *f = &q->attrs[i];
		struct json_object *d = catalog_attr_def(l, f->code);
		const char *kind = d ? catalog_json_str(d, "kind") : "";
		bool number = strcmp(kind, "number") == 0;
		bool boolean = strcmp(kind, "boolean") == 0;

		*why = f->code;
		if (d == NULL)
			return RB_INVALID;
		for (size_t j = 0; j < f->nvalues; j++) {
			const char *v = f->values[j];

			if ((number && !is_decimal(v)) || (boolean &&
			    strcmp(v, "true") != 0 && strcmp(v, "false") != 0))
				return RB_INVALID;
		}
		l->filter.attr_number[i] = number;
	}
	*why = NULL;
	return RB_OK;
}

static void
context_category(struct listing *l, PGresult *res)
{
	struct rb_ctx *ctx = l->ctx;
	struct json_object *c = json_object_new_object();

	rb_json_put_str(c, "slug", PQgetvalue(res, 0, 2));
	rb_json_put_str(c, "name", PQgetvalue(res, 0, 1));
	rb_json_put_str(c, "description", PQgetvalue(res, 0, 4));
	rb_json_put_str(c, "image", rb_arena_printf(&ctx->arena,
	    "/static/img/cat/%s.svg", PQgetvalue(res, 0, 3)));
	rb_json_put_str(c, "url", rb_arena_printf(&ctx->arena,
	    "/%s/c/%s", l->m->code, PQgetvalue(res, 0, 2)));
	/* Its slug in every language, for the hreflang alternates. */
	rb_json_put(c, "slugs", json_object_get(
	    catalog_json_parse(ctx, res, 0, 10)));
	rb_json_put(l->view, "category", c);
	rb_json_put(l->view, "breadcrumbs",
	    catalog_crumbs(ctx, l->m, catalog_json_parse(ctx, res, 0, 6)));
}

/* The attribute facets the category defines, for the index to count. */
static void
facet_codes(struct listing *l)
{
	size_t n = l->attr_defs ? json_object_array_length(l->attr_defs) : 0;
	size_t max = sizeof(l->codes) / sizeof(l->codes[0]);

	for (size_t i = 0; i < n && l->filter.ncodes < max; i++)
		l->codes[l->filter.ncodes++] = catalog_json_str(
		    json_object_array_get_idx(l->attr_defs, i), "code");
	l->filter.codes = l->codes;
}

/* CATALOG_CONTEXT's answer; *correction: the corrected search text, or
 * NULL. */
static int
use_context(struct listing *l, PGresult *res, const char **correction,
    const char **why)
{
	struct rb_ctx *ctx = l->ctx;
	const struct catalog_query *q = l->q;

	if (q->category != NULL && PQgetisnull(res, 0, 0)) {
		*why = "category";
		return RB_DECLINED;
	}
	l->filter.nbrands = parse_ids(PQgetvalue(res, 0, 8), l->brand_ids,
	    CATALOG_MAX_VALUES);
	l->filter.brands = l->brand_ids;
	if (l->filter.nbrands != q->nbrands) { /* a slug it does not know */
		*why = "brand";
		return RB_INVALID;
	}
	/* A search without a category is not restricted to any; a plain
	 * list covers every category. */
	l->one_category = (q->q == NULL || q->category != NULL) &&
	    catalog_pg_array_len(PQgetvalue(res, 0, 5)) == 1;
	l->attr_defs = catalog_json_parse(ctx, res, 0, 7);
	l->grade_names = catalog_json_parse(ctx, res, 0, 9);
	l->brands = parse_named(&ctx->arena, PQgetvalue(res, 0, 12),
	    &l->nbrands);
	l->categories = parse_named(&ctx->arena, PQgetvalue(res, 0, 13),
	    &l->ncategories);
	facet_codes(l);
	if (q->category != NULL)
		context_category(l, res);
	*correction = q->q != NULL && !PQgetisnull(res, 0, 11) ?
	    PQgetvalue(res, 0, 11) : NULL;
	return check_attr_filters(l, why);
}

/* Runs the index over the candidates' rows (CATALOG_ROWS or
 * CATALOG_SEARCH_ROWS). */
static void
index_rows(struct listing *l, PGresult *res)
{
	struct rb_ctx *ctx = l->ctx;
	int n = PQntuples(res);

	l->rows = rb_arena_alloc(&ctx->arena, ((size_t)n + 1) *
	    sizeof(*l->rows));
	l->nrows = 0;
	for (int r = 0; r < n; r++) {
		if (catalog_row_parse(PQgetvalue(res, r, 0),
		    (size_t)PQgetlength(res, r, 0), catalog_col_i64(res, r, 1),
		    &l->rows[l->nrows]) == RB_OK)
			l->nrows++;
		else
			rb_log_error("catalog: bad listing row: %.80s",
			    PQgetvalue(res, r, 0));
	}
	catalog_index_run(&ctx->arena, l->rows, l->nrows, &l->filter,
	    &l->counts);
}

/*
 * The candidates' statement for the search text (NULL: a plain listing),
 * as a call with its parameters: market, lang, category slug, text search
 * configuration, text.
 */
static struct rb_db_call
rows_call(struct listing *l, const char *text)
{
	const char **params = rb_arena_alloc(&l->ctx->arena,
	    5 * sizeof(*params));

	params[0] = l->m->code;
	params[1] = l->lang;
	params[2] = l->q->category;
	params[3] = l->ts_config;
	params[4] = text;
	return (struct rb_db_call){ text != NULL ?
	    RB_STMT_CATALOG_SEARCH_ROWS : RB_STMT_CATALOG_ROWS,
	    text != NULL ? 5 : 3, params, NULL };
}

/* Reads the candidates for text again (a corrected search). */
static int
read_rows(struct listing *l, const char *text)
{
	struct rb_db_call call = rows_call(l, text);

	if (rb_db_query(l->ctx->db, &l->ctx->arena, call.stmt, &call.res,
	    call.n, call.params) != RB_OK)
		return RB_ERROR;
	index_rows(l, call.res);
	return RB_OK;
}

/*
 * CATALOG_CONTEXT and the candidates' rows in one round trip: the rows
 * statement finds the categories itself. When the context refuses the
 * request (unknown category or brand), the rows are simply not used.
 */
static int
load(struct listing *l, const char **correction, const char **why)
{
	struct rb_ctx *ctx = l->ctx;
	const struct catalog_query *q = l->q;
	const char *params[4] = { l->lang, q->category,
		text_array(&ctx->arena, q->brands, q->nbrands), q->q };
	struct rb_db_call calls[2] = {
		{ RB_STMT_CATALOG_CONTEXT, 4, params, NULL },
		rows_call(l, q->q),
	};
	int rc;

	if (rb_db_query_batch(ctx->db, &ctx->arena, calls, 2) != RB_OK)
		return RB_ERROR;
	if ((rc = use_context(l, calls[0].res, correction, why)) != RB_OK)
		return rc;
	index_rows(l, calls[1].res);
	return RB_OK;
}

/* The grades a card lists: each with a live offer, best grade first. */
static struct json_object *
card_grades(struct listing *l, const struct catalog_row *row)
{
	struct json_object *list = json_object_new_array();
	size_t n;
	const struct grade_def *g = grade_defs(&n);

	for (size_t i = 0; i < n; i++) {
		struct json_object *o;

		if (row->price[g[i].grade] <= 0)
			continue;
		o = json_object_new_object();
		rb_json_put_str(o, "grade", g[i].code);
		rb_json_put_str(o, "name",
		    catalog_json_str(l->grade_names, g[i].code));
		rb_json_put(o, "price", catalog_money(l->m,
		    row->price[g[i].grade]));
		json_object_array_add(list, o);
	}
	return list;
}

static struct json_object *
listing_card(struct listing *l, const struct catalog_row *row,
    const char *slug, const char *model)
{
	const struct catalog_named *b = catalog_named_find(l->brands,
	    l->nbrands, row->brand);
	const struct catalog_named *cat = catalog_named_find(l->categories,
	    l->ncategories, row->category);
	struct catalog_card_row cr = {
		.id = row->id,
		.slug = slug,
		.model = model,
		.brand_slug = b ? b->slug : "",
		.brand_name = b ? b->name : "",
		.from_price = row->eff,
		.icon = cat ? cat->icon : "device",
	};
	struct json_object *c = catalog_card(l->ctx, l->m, &cr);
	struct json_object *jc = json_object_new_object();
	struct json_object *storages = json_object_new_array();

	for (size_t i = 0; i < row->nstorages; i++)
		json_object_array_add(storages,
		    json_object_new_int(row->storages[i]));
	rb_json_put_str(jc, "slug", cat ? cat->slug : "");
	rb_json_put_str(jc, "name", cat ? cat->name : "");
	rb_json_put(c, "category", jc);
	rb_json_put(c, "grades", card_grades(l, row));
	rb_json_put(c, "storages", storages);
	rb_json_put(c, "offer_count",
	    json_object_new_int64(row->offers));
	rb_json_put(c, "release_year",
	    json_object_new_int(rb_date_year(row->released)));
	rb_json_put(c, "rating", NULL);
	return c;
}

/* The page of hits from offset: CATALOG_CARDS names them. */
static int
page_items(struct listing *l, size_t offset)
{
	struct rb_ctx *ctx = l->ctx;
	const struct catalog_query *q = l->q;
	struct json_object *items = json_object_new_array();
	struct catalog_row **hits = l->counts.hits + offset;
	size_t n = 0;
	struct rb_buf ids;
	const char *params[1];
	PGresult *res;

	rb_json_put(l->view, "items", items);
	rb_json_put(l->view, "next_cursor", NULL);
	if (offset < l->counts.nhits)
		n = l->counts.nhits - offset < (size_t)q->limit ?
		    l->counts.nhits - offset : (size_t)q->limit;
	if (n == 0)
		return RB_OK;
	rb_buf_init(&ids, &ctx->arena);
	for (size_t i = 0; i < n; i++)
		rb_buf_printf(&ids, "%c%" PRId64, i ? ',' : '{', hits[i]->id);
	rb_buf_putc(&ids, '}');
	params[0] = ids.data;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_CATALOG_CARDS, &res, 1,
	    params) != RB_OK)
		return RB_ERROR;
	for (size_t i = 0; i < n; i++)
		for (int r = 0; r < PQntuples(res); r++)
			if (catalog_col_i64(res, r, 0) == hits[i]->id)
				json_object_array_add(items, listing_card(l,
				    hits[i], PQgetvalue(res, r, 1),
				    PQgetvalue(res, r, 2)));
	if (offset + n < l->counts.nhits) {
		struct rb_buf b;

		rb_buf_init(&b, &ctx->arena);
		catalog_cursor_encode(&b, q->sort, hits[n - 1]->sk,
		    hits[n - 1]->st);
		rb_json_put(l->view, "next_cursor",
		    json_object_new_string_len(b.data, (int)b.len));
	}
	return RB_OK;
}

static void
listing_init(struct listing *l, struct rb_ctx *ctx, const struct rb_market *m,
    const struct catalog_query *q)
{
	memset(l, 0, sizeof(*l));
	l->ctx = ctx;
	l->m = m;
	l->q = q;
	l->filter.q = q;
	catalog_lang(m, l->lang);
	snprintf(l->ts_config, sizeof(l->ts_config), "rebound_%s", l->lang);
	l->view = json_object_new_object();
}

int
catalog_listing(struct rb_ctx *ctx, const struct rb_market *m,
    const struct catalog_query *q, struct json_object **out,
    const char **why)
{
	struct listing l;
	const char *correction;
	size_t offset = q->has_cursor ? 0 :
	    (size_t)(q->page - 1) * (size_t)q->limit;
	int64_t pages;
	int rc;

	listing_init(&l, ctx, m, q);
	*out = NULL;
	*why = NULL;
	if ((rc = load(&l, &correction, why)) != RB_OK)
		goto fail;
	rb_json_put(l.view, "query", q->q ?
	    json_object_new_string(q->q) : NULL);
	rb_json_put(l.view, "corrected_query", NULL);
	if (q->q != NULL && l.counts.total == 0 && correction != NULL &&
	    strcmp(correction, q->q) != 0) {
		if ((rc = read_rows(&l, correction)) != RB_OK)
			goto fail;
		if (l.counts.total > 0)
			rb_json_put(l.view, "corrected_query",
			    json_object_new_string(correction));
	}
	/* A page past the last is no page (a stale link): 404. */
	if (!q->has_cursor && q->page > 1 &&
	    offset >= (size_t)l.counts.total) {
		rc = RB_DECLINED;
		goto fail;
	}
	if ((rc = page_items(&l, offset)) != RB_OK)
		goto fail;
	rb_json_put(l.view, "total",
	    json_object_new_int64(l.counts.total));
	rb_json_put(l.view, "facets", catalog_facet_list(&l));
	pages = (l.counts.total + q->limit - 1) / q->limit;
	rb_json_put(l.view, "page", json_object_new_int(q->page));
	rb_json_put(l.view, "pages", json_object_new_int64(
	    pages < CATALOG_MAX_PAGE ? pages : CATALOG_MAX_PAGE));
	rb_json_put(l.view, "sort",
	    json_object_new_string(catalog_sort_name(q->sort)));
	*out = catalog_json_own(ctx, l.view);
	return RB_OK;
fail:
	json_object_put(l.view);
	return rc;
}
