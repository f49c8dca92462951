/*
 * Category and search listings: at most five queries, whatever the
 * filters. CATALOG_ROWS (CATALOG_SEARCH_ROWS for a search) reads the
 * listing row of every candidate product, and CATALOG_REF_VERSION beside
 * it says which reference data names them (catalog_ref.c; the context of
 * the listing is built from it in catalog_context.c). catalog_index_run
 * filters, counts and sorts the rows here, which costs far less than
 * asking PostgreSQL for a count per facet. CATALOG_CARDS names the products
 * of the page shown. A search that finds nothing asks for a corrected text
 * (CATALOG_CORRECTION) and reads its rows once more ("did you mean").
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
#include "domain/catalog_ref.h"
#include "domain/catalog_rows.h"
#include "domain/grade.h"
#include "domain/market.h"

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

/* The page statement of each sort an unfiltered category listing has. */
static const enum rb_stmt page_stmts[CATALOG_SORT_COUNT] = {
	[CATALOG_SORT_POPULAR] = RB_STMT_CATALOG_PAGE_POPULAR,
	[CATALOG_SORT_PRICE_ASC] = RB_STMT_CATALOG_PAGE_PRICE_ASC,
	[CATALOG_SORT_PRICE_DESC] = RB_STMT_CATALOG_PAGE_PRICE_DESC,
	[CATALOG_SORT_NEWEST] = RB_STMT_CATALOG_PAGE_NEWEST,
};

/* CATALOG_SUMMARY and the page from offset, into calls[0..2). */
static void
summary_calls(struct listing *l, size_t offset, struct rb_db_call *calls)
{
	struct rb_arena *a = &l->ctx->arena;
	const char **params = rb_arena_alloc(a, 5 * sizeof(*params));

	params[0] = l->m->code;
	params[1] = l->lang;
	params[2] = l->q->category;
	params[3] = rb_arena_printf(a, "%d", l->q->limit);
	params[4] = rb_arena_printf(a, "%zu", offset);
	calls[0] = (struct rb_db_call){ RB_STMT_CATALOG_SUMMARY, 3, params,
		NULL };
	calls[1] = (struct rb_db_call){ page_stmts[l->q->sort], 5, params,
		NULL };
}

/* The counts from a CATALOG_SUMMARY answer (no row: no product). */
static int
read_summary(struct listing *l, PGresult *res)
{
	if (PQntuples(res) == 1 && catalog_summary_parse(&l->ctx->arena,
	    PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0),
	    &l->filter, &l->counts) != RB_OK) {
		rb_log_error("catalog: bad listing summary: %.80s",
		    PQgetvalue(res, 0, 0));
		return RB_ERROR;
	}
	return RB_OK;
}

/*
 * The reference data's version and, in the same round trip, the
 * candidates' rows, or for an unfiltered category listing its summary
 * and page (offset). Then the context from the reference data of that
 * version. When the context refuses the request (unknown category or
 * brand), the rows are simply not used; when that version gives the
 * category others below it, which the summary does not count, the rows
 * are read after all.
 */
static int
load(struct listing *l, size_t offset, const char **why)
{
	struct rb_ctx *ctx = l->ctx;
	struct rb_db_call calls[3] = {
		{ RB_STMT_CATALOG_REF_VERSION, 0, NULL, NULL },
	};
	bool summarised = catalog_listing_summarised(l, ctx->catalog_ref);
	const struct catalog_ref *ref;
	int rc;

	if (summarised)
		summary_calls(l, offset, calls + 1);
	else
		calls[1] = rows_call(l, l->q->q);
	if (rb_db_query_batch(ctx->db, &ctx->arena, calls,
	    summarised ? 3 : 2) != RB_OK)
		return RB_ERROR;
	if (PQntuples(calls[0].res) != 1 || (ref = catalog_ref_get(ctx,
	    PQgetvalue(calls[0].res, 0, 0))) == NULL)
		return RB_ERROR;
	if ((rc = catalog_listing_context(l, ref, why)) != RB_OK)
		return rc;
	if (!summarised) {
		index_rows(l, calls[1].res);
		return RB_OK;
	}
	if (!l->one_category)
		return read_rows(l, NULL);
	l->page = calls[2].res;
	return read_summary(l, calls[1].res);
}

/*
 * A search that found nothing: its text with each word replaced by the
 * nearest word of the catalog's vocabulary, or NULL when that changes
 * nothing.
 */
static int
correction(struct listing *l, const char **out)
{
	struct rb_ctx *ctx = l->ctx;
	const char *params[1] = { l->q->q };
	PGresult *res;

	*out = NULL;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_CATALOG_CORRECTION, &res,
	    1, params) != RB_OK)
		return RB_ERROR;
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) &&
	    strcmp(PQgetvalue(res, 0, 0), l->q->q) != 0)
		*out = PQgetvalue(res, 0, 0);
	return RB_OK;
}

/* The grades a card lists: each with a live offer, best grade first. */
static struct rb_val
card_grades(struct listing *l, const struct catalog_row *row)
{
	struct rb_arena *a = &l->ctx->arena;
	size_t n;
	const struct grade_def *g = grade_defs(&n);
	struct rb_val list = rb_val_arr(a, n);

	for (size_t i = 0; i < n; i++) {
		struct rb_val o;

		if (row->price[g[i].grade] <= 0)
			continue;
		o = rb_val_obj(a, 3);
		rb_val_put(a, o, "grade", rb_val_str(g[i].code));
		rb_val_put(a, o, "name", rb_val_str(catalog_json_str(
		    l->grade_names, g[i].code)));
		rb_val_put(a, o, "price", catalog_price(a, l->m,
		    row->price[g[i].grade]));
		rb_val_push(a, list, o);
	}
	return list;
}

static struct rb_val
listing_card(struct listing *l, const struct catalog_row *row,
    const char *slug, const char *model)
{
	struct rb_arena *a = &l->ctx->arena;
	const struct catalog_ref_brand *b = catalog_ref_brand(l->ref,
	    row->brand);
	const struct catalog_ref_category *cat;
	const struct catalog_ref_text *t = catalog_ref_category_text(l->ref,
	    row->category, l->lang, &cat);
	struct catalog_card_row cr = {
		.id = row->id,
		.slug = slug,
		.model = model,
		.brand_slug = b ? b->slug : "",
		.brand_name = b ? b->name : "",
		.from_price = row->eff,
		.icon = t ? cat->icon : "device",
	};
	struct rb_val c = catalog_card(l->ctx, l->m, &cr, 6);
	struct rb_val jc = rb_val_obj(a, 2);
	struct rb_val storages = rb_val_arr(a, row->nstorages);

	for (size_t i = 0; i < row->nstorages; i++)
		rb_val_push(a, storages, rb_val_int(row->storages[i]));
	rb_val_put(a, jc, "slug", rb_val_str(t ? t->slug : ""));
	rb_val_put(a, jc, "name", rb_val_str(t ? t->name : ""));
	rb_val_put(a, c, "category", jc);
	rb_val_put(a, c, "grades", card_grades(l, row));
	rb_val_put(a, c, "storages", storages);
	rb_val_put(a, c, "offer_count", rb_val_int(row->offers));
	rb_val_put(a, c, "release_year",
	    rb_val_int(rb_date_year(row->released)));
	rb_val_put(a, c, "rating", rb_val_null());
	return c;
}

/*
 * The items of the page: hits[0..n) named by slugs and names (a NULL
 * slug: a product gone meanwhile), and the cursor after the last when
 * more follow.
 */
static void
put_items(struct listing *l, struct catalog_row *const *hits, size_t n,
    const char *const *slugs, const char *const *names, bool more)
{
	struct rb_arena *a = &l->ctx->arena;
	struct rb_val items = rb_val_arr(a, n);

	for (size_t i = 0; i < n; i++)
		if (slugs[i] != NULL)
			rb_val_push(a, items, listing_card(l, hits[i],
			    slugs[i], names[i]));
	rb_json_put(l->view, "items", rb_val_json_c(a, items));
	rb_json_put(l->view, "next_cursor", NULL);
	if (more && n > 0) {
		struct rb_buf b;

		rb_buf_init(&b, a);
		catalog_cursor_encode(&b, l->q->sort, hits[n - 1]->sk,
		    hits[n - 1]->st);
		rb_json_put(l->view, "next_cursor",
		    json_object_new_string_len(b.data, (int)b.len));
	}
}

/* The page the summary's round trip read: listing rows, slugs, names. */
static void
summary_items(struct listing *l, size_t offset)
{
	struct rb_arena *a = &l->ctx->arena;
	size_t n = (size_t)PQntuples(l->page), k = 0;
	struct catalog_row *rows = rb_arena_alloc(a, (n + 1) * sizeof(*rows));
	struct catalog_row **hits = rb_arena_alloc(a, (n + 1) *
	    sizeof(*hits));
	const char **slugs = rb_arena_alloc(a, (n + 1) * sizeof(*slugs));
	const char **names = rb_arena_alloc(a, (n + 1) * sizeof(*names));

	for (size_t i = 0; i < n; i++) {
		const char *text = PQgetvalue(l->page, (int)i, 0);

		if (catalog_row_parse(text, (size_t)PQgetlength(l->page,
		    (int)i, 0), 0, &rows[k]) != RB_OK) {
			rb_log_error("catalog: bad listing row: %.80s", text);
			continue;
		}
		catalog_row_rank(&rows[k], l->q);
		hits[k] = &rows[k];
		slugs[k] = PQgetvalue(l->page, (int)i, 1);
		names[k++] = PQgetvalue(l->page, (int)i, 2);
	}
	put_items(l, hits, k, slugs, names,
	    offset + n < (size_t)l->counts.total);
}

/* The page of hits from offset: CATALOG_CARDS names them. */
static int
page_items(struct listing *l, size_t offset)
{
	struct rb_ctx *ctx = l->ctx;
	struct catalog_row **hits = l->counts.hits + offset;
	size_t n = 0;
	const char **slugs, **names;
	struct rb_buf ids;
	const char *params[1];
	PGresult *res;

	if (l->page != NULL) {
		summary_items(l, offset);
		return RB_OK;
	}
	if (offset < l->counts.nhits)
		n = l->counts.nhits - offset < (size_t)l->q->limit ?
		    l->counts.nhits - offset : (size_t)l->q->limit;
	slugs = rb_arena_calloc(&ctx->arena, (n + 1) * sizeof(*slugs));
	names = rb_arena_calloc(&ctx->arena, (n + 1) * sizeof(*names));
	if (n > 0) {
		rb_buf_init(&ids, &ctx->arena);
		for (size_t i = 0; i < n; i++)
			rb_buf_printf(&ids, "%c%" PRId64, i ? ',' : '{',
			    hits[i]->id);
		rb_buf_putc(&ids, '}');
		params[0] = ids.data;
		if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_CATALOG_CARDS,
		    &res, 1, params) != RB_OK)
			return RB_ERROR;
		for (size_t i = 0; i < n; i++)
			for (int r = 0; r < PQntuples(res); r++)
				if (catalog_col_i64(res, r, 0) == hits[i]->id) {
					slugs[i] = PQgetvalue(res, r, 1);
					names[i] = PQgetvalue(res, r, 2);
				}
	}
	put_items(l, hits, n, slugs, names, offset + n < l->counts.nhits);
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
	const char *corrected = NULL;
	size_t offset = q->has_cursor ? 0 :
	    (size_t)(q->page - 1) * (size_t)q->limit;
	int64_t pages;
	int rc;

	listing_init(&l, ctx, m, q);
	*out = NULL;
	*why = NULL;
	if ((rc = load(&l, offset, why)) != RB_OK)
		goto fail;
	rb_json_put(l.view, "query", q->q ?
	    json_object_new_string(q->q) : NULL);
	rb_json_put(l.view, "corrected_query", NULL);
	if (q->q != NULL && l.counts.total == 0) {
		if ((rc = correction(&l, &corrected)) != RB_OK ||
		    (corrected != NULL &&
		    (rc = read_rows(&l, corrected)) != RB_OK))
			goto fail;
		if (corrected != NULL && l.counts.total > 0)
			rb_json_put(l.view, "corrected_query",
			    json_object_new_string(corrected));
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
	rb_json_put(l.view, "facets", rb_val_json_c(&ctx->arena,
	    catalog_facet_list(&l)));
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
