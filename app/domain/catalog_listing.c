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

	catalog_json_put_str(c, "slug", PQgetvalue(res, 0, 2));
	catalog_json_put_str(c, "name", PQgetvalue(res, 0, 1));
	catalog_json_put_str(c, "description", PQgetvalue(res, 0, 4));
	catalog_json_put_str(c, "image", rb_arena_printf(&ctx->arena,
	    "/static/img/cat/%s.svg", PQgetvalue(res, 0, 3)));
	catalog_json_put_str(c, "url", rb_arena_printf(&ctx->arena,
	    "/%s/c/%s", l->m->code, PQgetvalue(res, 0, 2)));
	/* Its slug in every language, for the hreflang alternates. */
	json_object_object_add(c, "slugs", json_object_get(
	    catalog_json_parse(ctx, res, 0, 10)));
	json_object_object_add(l->view, "category", c);
	json_object_object_add(l->view, "breadcrumbs",
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

/* CATALOG_CONTEXT; *correction: the corrected search text, or NULL. */
static int
load_context(struct listing *l, const char **correction, const char **why)
{
	struct rb_ctx *ctx = l->ctx;
	const struct catalog_query *q = l->q;
	const char *params[4];
	PGresult *res;

	params[0] = l->lang;
	params[1] = q->category;
	params[2] = text_array(&ctx->arena, q->brands, q->nbrands);
	params[3] = q->q;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_CATALOG_CONTEXT, &res,
	    4, params) != RB_OK)
		return RB_ERROR;
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
	/* A search without a category is not restricted (its statement
	 * takes "{}" as "any"); a plain list is every category's. */
	l->ids = q->q != NULL && q->category == NULL ? "{}" :
	    PQgetvalue(res, 0, 5);
	l->one_category = catalog_pg_array_len(l->ids) == 1;
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

/* Reads the candidates (of the search text, or of the categories) and
 * runs the index over them. */
static int
read_rows(struct listing *l, const char *text)
{
	struct rb_ctx *ctx = l->ctx;
	const char *params[5] = { l->m->code, l->ids, l->lang, l->ts_config,
		text };
	PGresult *res;
	int n;

	if (rb_db_query(ctx->db, &ctx->arena, text != NULL ?
	    RB_STMT_CATALOG_SEARCH_ROWS : RB_STMT_CATALOG_ROWS, &res,
	    text != NULL ? 5 : 2, params) != RB_OK)
		return RB_ERROR;
	n = PQntuples(res);
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
		catalog_json_put_str(o, "grade", g[i].code);
		catalog_json_put_str(o, "name",
		    catalog_json_str(l->grade_names, g[i].code));
		json_object_object_add(o, "price", catalog_money(l->m,
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
	catalog_json_put_str(jc, "slug", cat ? cat->slug : "");
	catalog_json_put_str(jc, "name", cat ? cat->name : "");
	json_object_object_add(c, "category", jc);
	json_object_object_add(c, "grades", card_grades(l, row));
	json_object_object_add(c, "storages", storages);
	json_object_object_add(c, "offer_count",
	    json_object_new_int64(row->offers));
	json_object_object_add(c, "release_year",
	    json_object_new_int(rb_date_year(row->released)));
	json_object_object_add(c, "rating", NULL);
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

	json_object_object_add(l->view, "items", items);
	json_object_object_add(l->view, "next_cursor", NULL);
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
		json_object_object_add(l->view, "next_cursor",
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
	if ((rc = load_context(&l, &correction, why)) != RB_OK ||
	    (rc = read_rows(&l, q->q)) != RB_OK)
		goto fail;
	json_object_object_add(l.view, "query", q->q ?
	    json_object_new_string(q->q) : NULL);
	json_object_object_add(l.view, "corrected_query", NULL);
	if (q->q != NULL && l.counts.total == 0 && correction != NULL &&
	    strcmp(correction, q->q) != 0) {
		if ((rc = read_rows(&l, correction)) != RB_OK)
			goto fail;
		if (l.counts.total > 0)
			json_object_object_add(l.view, "corrected_query",
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
	json_object_object_add(l.view, "total",
	    json_object_new_int64(l.counts.total));
	json_object_object_add(l.view, "facets", catalog_facet_list(&l));
	pages = (l.counts.total + q->limit - 1) / q->limit;
	json_object_object_add(l.view, "page", json_object_new_int(q->page));
	json_object_object_add(l.view, "pages", json_object_new_int64(
	    pages < CATALOG_MAX_PAGE ? pages : CATALOG_MAX_PAGE));
	json_object_object_add(l.view, "sort",
	    json_object_new_string(catalog_sort_name(q->sort)));
	*out = catalog_json_own(ctx, l.view);
	return RB_OK;
fail:
	json_object_put(l.view);
	return rc;
}
