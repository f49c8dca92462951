/*
 * The product page's model: the device, its variants as a selector, per
 * grade the best offer of the chosen variant (lowest price, ties to the
 * better seller score: the order CATALOG_OFFERS returns), every offer,
 * the specifications and 90 days of price history per grade. Four
 * queries in two round trips: the product with the reference data's
 * version (names of categories, attributes and grades: catalog_ref.c),
 * then the chosen variant's offers with its price history.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/ctx.h"
#include "core/date.h"
#include "core/err.h"
#include "core/json.h"
#include "db/db.h"
#include "domain/catalog.h"
#include "domain/catalog_ref.h"
#include "domain/catalog_rows.h"
#include "domain/grade.h"
#include "domain/market.h"

#define LOW_STOCK 3 /* "only 2 left" below this */

struct product {
	struct rb_ctx *ctx;
	const struct rb_market *m;
	char lang[3];
	struct json_object *view;
	struct json_object *variants; /* from the query: [{id, sku, ...}] */
	struct json_object *chosen;   /* the selected one of them */
	const struct catalog_ref *ref;
};

static struct json_object *
money_or_null(struct product *p, struct json_object *v)
{
	return v != NULL ? catalog_money(&p->ctx->arena, p->m,
	    json_object_get_int64(v)) : NULL;
}

/* The sku asked for, else the variant with the cheapest live offer,
 * else the first. */
static struct json_object *
choose_variant(struct json_object *variants, const char *sku)
{
	size_t n = variants ? json_object_array_length(variants) : 0;
	struct json_object *best = NULL;
	int64_t best_price = INT64_MAX;

	for (size_t i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(variants, i);
		struct json_object *p = json_object_object_get(v, "from_price");

		if (sku != NULL) {
			if (strcmp(catalog_json_str(v, "sku"), sku) == 0)
				return v;
			continue;
		}
		if (p != NULL && json_object_get_int64(p) < best_price) {
			best_price = json_object_get_int64(p);
			best = v;
		}
	}
	if (sku != NULL)
		return NULL;
	return best != NULL ? best : (n > 0 ?
	    json_object_array_get_idx(variants, 0) : NULL);
}

static void
copy_member(struct json_object *to, struct json_object *from, const char *key)
{
	struct json_object *v = json_object_object_get(from, key);

	json_object_object_add(to, key, json_object_get(v));
}

static struct json_object *
variant_list(struct product *p, const char *slug)
{
	struct json_object *list = json_object_new_array();
	size_t n = json_object_array_length(p->variants);
	static const char *const keys[] = { "sku", "storage_gb", "ram_gb",
		"colour", "network_lock", "esim", "region" };

	for (size_t i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(p->variants,
		    i);
		struct json_object *o = json_object_new_object();

		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			copy_member(o, v, keys[k]);
		rb_json_put_str(o, "url", rb_arena_printf(&p->ctx->arena,
		    "/%s/p/%s?variant=%s", p->m->code, slug,
		    catalog_json_str(v, "sku")));
		rb_json_put(o, "selected",
		    json_object_new_boolean(v == p->chosen));
		rb_json_put(o, "from_price", money_or_null(p,
		    json_object_object_get(v, "from_price")));
		rb_json_put(o, "new_price", money_or_null(p,
		    json_object_object_get(v, "new_price")));
		json_object_array_add(list, o);
	}
	return list;
}

/*
 * Specs as text ("6.1 in", "Yes", "A15 Bionic"): the attributes the
 * category defines that the product has (values: its attrs column), in
 * the category's order.
 */
static struct json_object *
spec_list(struct product *p, const struct catalog_ref_category *cat,
    struct json_object *values)
{
	struct json_object *list = json_object_new_array();
	const struct catalog_ref_link **links;
	size_t n = 0;

	if (cat != NULL && values != NULL) {
		links = rb_arena_alloc(&p->ctx->arena, (p->ref->nlinks + 1) *
		    sizeof(*links));
		n = catalog_ref_attributes(p->ref, cat, p->lang, false, links);
	}
	for (size_t i = 0; i < n; i++) {
		const struct catalog_ref_attribute *a = links[i]->attr;
		struct json_object *v, *o;
		const char *unit = a->unit, *text;

		if (!json_object_object_get_ex(values, a->code, &v) ||
		    v == NULL)
			continue;
		o = json_object_new_object();

		if (json_object_get_type(v) == json_type_boolean)
			text = rb_tr(p->ctx, p->m->locale,
			    json_object_get_boolean(v) ? N_("Yes") : N_("No"));
		else if (json_object_get_type(v) == json_type_string)
			text = json_object_get_string(v);
		else
			text = rb_arena_printf(&p->ctx->arena, "%s%s%s",
			    json_object_to_json_string(v), *unit ? " " : "",
			    unit);
		rb_json_put_str(o, "code", a->code);
		rb_json_put_str(o, "label",
		    catalog_ref_text(a->t, a->nt, p->lang)->name);
		rb_json_put_str(o, "value", text);
		json_object_array_add(list, o);
	}
	return list;
}

static struct json_object *
offer_json(struct product *p, PGresult *res, int r)
{
	struct json_object *o = json_object_new_object();
	struct json_object *s = json_object_new_object();
	int64_t stock = catalog_col_i64(res, r, 4);

	rb_json_put(o, "id",
	    json_object_new_int64(catalog_col_i64(res, r, 0)));
	rb_json_put_str(o, "grade", PQgetvalue(res, r, 1));
	rb_json_put(o, "price",
	    catalog_money(&p->ctx->arena, p->m, catalog_col_i64(res, r, 2)));
	rb_json_put(o, "stock", json_object_new_int64(stock));
	rb_json_put(o, "low_stock",
	    json_object_new_boolean(stock < LOW_STOCK));
	rb_json_put(o, "warranty_months", catalog_json_int_col(res, r, 5));
	rb_json_put(o, "battery_health_min", catalog_json_int_col(res, r, 6));
	rb_json_put_str(o, "vat_scheme", PQgetvalue(res, r, 7));
	rb_json_put_str(s, "slug", PQgetvalue(res, r, 8));
	rb_json_put_str(s, "name", PQgetvalue(res, r, 9));
	rb_json_put(s, "country", *PQgetvalue(res, r, 10) ?
	    json_object_new_string(PQgetvalue(res, r, 10)) : NULL);
	rb_json_put(s, "quality_score", catalog_json_int_col(res, r, 11));
	rb_json_put(o, "seller", s);
	return o;
}

/* Saving against new, in whole percent rounded down; NULL without a
 * price when new or when the offer is not cheaper. */
static struct json_object *
saving(struct json_object *new_price, int64_t price)
{
	int64_t np;

	if (new_price == NULL || (np = json_object_get_int64(new_price)) <=
	    price || np <= 0)
		return NULL;
	return json_object_new_int64((np - price) * 100 / np);
}

static void
load_offers(struct product *p, PGresult *res)
{
	struct rb_ctx *ctx = p->ctx;
	struct json_object *offers = json_object_new_array();
	struct json_object *grades = json_object_new_array();
	struct json_object *new_price = json_object_object_get(p->chosen,
	    "new_price");
	struct catalog_rank_offer *rank;
	int best[GRADE_COUNT], count[GRADE_COUNT] = { 0 };
	int n = PQntuples(res);

	rb_json_put(p->view, "offers", offers);
	rb_json_put(p->view, "grades", grades);
	rank = rb_arena_alloc(&ctx->arena, sizeof(*rank) * (size_t)n + 1);
	for (int r = 0; r < n; r++) {
		json_object_array_add(offers, offer_json(p, res, r));
		rank[r].grade = grade_parse(rb_str_c(PQgetvalue(res, r, 1)));
		rank[r].price = catalog_col_i64(res, r, 2);
		rank[r].quality_score = (int)catalog_col_i64(res, r, 11);
		rank[r].id = catalog_col_i64(res, r, 0);
		if (rank[r].grade >= 0)
			count[rank[r].grade]++;
	}
	catalog_best_offers(rank, (size_t)n, best, GRADE_COUNT);
	for (size_t i = 0; i < p->ref->ngrades; i++) {
		const struct catalog_ref_grade *def = &p->ref->grades[i];
		const struct catalog_ref_text *t = catalog_ref_text(def->t,
		    def->nt, p->lang);
		int gi = grade_parse(rb_str_c(def->code));
		struct json_object *b = gi >= 0 && best[gi] >= 0 ?
		    json_object_array_get_idx(offers, (size_t)best[gi]) : NULL;
		struct json_object *g;

		if (t == NULL) /* not translated: not shown, as before */
			continue;
		g = json_object_new_object();
		rb_json_put_str(g, "grade", def->code);
		rb_json_put_str(g, "name", t->name);
		rb_json_put_str(g, "cosmetic", t->description);
		rb_json_put(g, "battery_floor",
		    json_object_new_int(def->battery_floor));
		rb_json_put(g, "best_offer", json_object_get(b));
		rb_json_put(g, "offer_count",
		    json_object_new_int(gi >= 0 ? count[gi] : 0));
		rb_json_put(g, "saving_percent", b == NULL ? NULL :
		    saving(new_price, json_object_get_int64(
		    json_object_object_get(json_object_object_get(b, "price"),
		    "amount"))));
		json_object_array_add(grades, g);
	}
}

#define HISTORY_DAYS 90

/*
 * The 90-day chart per grade as change points, oldest first: the price
 * on the first day, then one point per change (a null price: no offer
 * from that day). The statement gives the same: the first day's price
 * and every change after it.
 */
struct history {
	bool set[GRADE_COUNT][HISTORY_DAYS];
	int64_t price[GRADE_COUNT][HISTORY_DAYS]; /* 0: no offer */
};

static struct json_object *
day_json(int64_t day)
{
	char text[11];

	rb_date_format(day, text);
	return json_object_new_string(text);
}

static struct json_object *
history_series(struct product *p, const struct history *h, int64_t first,
    size_t g, const char *code)
{
	struct json_object *s = json_object_new_object();
	struct json_object *points = json_object_new_array();
	int64_t carry = -1;

	rb_json_put_str(s, "grade", code);
	rb_json_put(s, "from", day_json(first));
	rb_json_put(s, "to", day_json(first + HISTORY_DAYS - 1));
	rb_json_put(s, "points", points);
	for (size_t d = 0; d < HISTORY_DAYS; d++) {
		struct json_object *pt;
		int64_t price = h->set[g][d] ? h->price[g][d] : carry;

		if (d > 0 && price == carry)
			continue;
		carry = price > 0 ? price : 0;
		pt = json_object_new_object();
		rb_json_put(pt, "day", day_json(first + (int64_t)d));
		rb_json_put(pt, "price", carry > 0 ?
		    catalog_money(&p->ctx->arena, p->m, carry) : NULL);
		json_object_array_add(points, pt);
	}
	return s;
}

static int
load_history(struct product *p, PGresult *res)
{
	struct json_object *list = json_object_new_array();
	struct history *h = rb_arena_calloc(&p->ctx->arena, sizeof(*h));
	const struct grade_def *defs;
	size_t ndefs;
	int64_t first;

	rb_json_put(p->view, "price_history", list);
	if (PQntuples(res) == 0 ||
	    !rb_date_parse(PQgetvalue(res, 0, 1), &first))
		return RB_ERROR;
	for (int r = 0; r < PQntuples(res); r++) {
		int g = grade_parse(rb_str_c(PQgetvalue(res, r, 0)));
		int64_t d = catalog_col_i64(res, r, 2);

		if (g < 0 || d < 0 || d >= HISTORY_DAYS)
			continue;
		h->set[g][d] = true;
		h->price[g][d] = catalog_col_i64(res, r, 3);
	}
	defs = grade_defs(&ndefs);
	for (size_t i = 0; i < ndefs; i++)
		json_object_array_add(list, history_series(p, h, first,
		    defs[i].grade, defs[i].code));
	return RB_OK;
}

static void
product_head(struct product *p, PGresult *res)
{
	struct rb_ctx *ctx = p->ctx;
	struct json_object *v = p->view, *b = json_object_new_object();
	struct json_object *c = json_object_new_object();
	const struct catalog_ref_category *cat = catalog_ref_category(p->ref,
	    atoi(PQgetvalue(res, 0, 10)));

	rb_json_put(v, "id",
	    json_object_new_int64(catalog_col_i64(res, 0, 0)));
	rb_json_put_str(v, "slug", PQgetvalue(res, 0, 1));
	rb_json_put_str(v, "name", rb_arena_printf(&ctx->arena, "%s %s",
	    PQgetvalue(res, 0, 4), PQgetvalue(res, 0, 2)));
	rb_json_put_str(v, "model", PQgetvalue(res, 0, 2));
	rb_json_put_str(b, "slug", PQgetvalue(res, 0, 3));
	rb_json_put_str(b, "name", PQgetvalue(res, 0, 4));
	rb_json_put(v, "brand", b);
	rb_json_put_str(c, "slug", PQgetvalue(res, 0, 7));
	rb_json_put_str(c, "name", PQgetvalue(res, 0, 8));
	rb_json_put(v, "category", c);
	rb_json_put(v, "breadcrumbs", cat == NULL ? json_object_new_array() :
	    catalog_ref_crumbs(ctx, p->m, p->ref, cat, p->lang));
	rb_json_put_str(v, "url", rb_arena_printf(&ctx->arena,
	    "/%s/p/%s", p->m->code, PQgetvalue(res, 0, 1)));
	rb_json_put_str(v, "image", rb_arena_printf(&ctx->arena,
	    "/static/img/cat/%s.svg", PQgetvalue(res, 0, 6)));
	rb_json_put(v, "release_year", catalog_json_int_col(res, 0, 5));
	rb_json_put(v, "specs", spec_list(p, cat,
	    catalog_json_parse(ctx, res, 0, 11)));
}

/* The chosen variant's offers and price history, in one round trip. */
static int
load_offers_history(struct product *p)
{
	const char *params[2] = { catalog_json_str(p->chosen, "id"),
		p->m->code };
	struct rb_db_call calls[2] = {
		{ RB_STMT_CATALOG_OFFERS, 2, params, NULL },
		{ RB_STMT_CATALOG_PRICE_HISTORY, 2, params, NULL },
	};

	if (rb_db_query_batch(p->ctx->db, &p->ctx->arena, calls, 2) != RB_OK)
		return RB_ERROR;
	load_offers(p, calls[0].res);
	return load_history(p, calls[1].res);
}

int
catalog_product(struct rb_ctx *ctx, const struct rb_market *m,
    const char *slug, const char *sku, struct json_object **out)
{
	struct product p = { .ctx = ctx, .m = m };
	const char *params[3] = { slug, p.lang, m->code };
	struct rb_db_call calls[2] = {
		{ RB_STMT_CATALOG_REF_VERSION, 0, NULL, NULL },
		{ RB_STMT_CATALOG_PRODUCT, 3, params, NULL },
	};
	PGresult *res;

	*out = NULL;
	catalog_lang(m, p.lang);
	if (rb_db_query_batch(ctx->db, &ctx->arena, calls, 2) != RB_OK ||
	    PQntuples(calls[0].res) != 1 || (p.ref = catalog_ref_get(ctx,
	    PQgetvalue(calls[0].res, 0, 0))) == NULL)
		return RB_ERROR;
	if (PQntuples(res = calls[1].res) == 0)
		return RB_DECLINED;
	p.variants = catalog_json_parse(ctx, res, 0, 12);
	if ((p.chosen = choose_variant(p.variants, sku)) == NULL)
		return RB_DECLINED;
	p.view = json_object_new_object();
	product_head(&p, res);
	rb_json_put(p.view, "variants", variant_list(&p, slug));
	rb_json_put_str(p.view, "selected_sku",
	    catalog_json_str(p.chosen, "sku"));
	rb_json_put(p.view, "new_price", money_or_null(&p,
	    json_object_object_get(p.chosen, "new_price")));
	rb_json_put_str(p.view, "ranking_rule", rb_tr(ctx, m->locale,
	    N_("For each condition we show the offer with the lowest price, "
	       "VAT included. When two sellers ask the same price, the seller "
	       "with the better quality score wins. Every offer is in the "
	       "table below.")));
	if (load_offers_history(&p) != RB_OK) {
		json_object_put(p.view);
		return RB_ERROR;
	}
	*out = catalog_json_own(ctx, p.view);
	return RB_OK;
}
