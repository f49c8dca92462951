/*
 * The category tree, the home page's lists and the sitemap: reads of the
 * product_prices read model by its per-market indexes.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "db/db.h"
#include "domain/catalog.h"
#include "domain/catalog_rows.h"
#include "domain/market.h"

/* Cards in each home list, as CATALOG_HOME_CARDS' text parameters. */
#define HOME_DEALS "8"
#define HOME_RECENT "8"

/* CATALOG_CATEGORIES' answer as the categories view. */
static struct json_object *
categories_view(struct rb_ctx *ctx, const struct rb_market *m, PGresult *res)
{
	struct json_object *view = catalog_json_own(ctx,
	    json_object_new_object());
	struct json_object *items = json_object_new_array();

	rb_json_put(view, "items", items);
	for (int r = 0; r < PQntuples(res); r++) {
		struct json_object *c = json_object_new_object();

		rb_json_put(c, "id",
		    json_object_new_int64(catalog_col_i64(res, r, 0)));
		rb_json_put_str(c, "slug", PQgetvalue(res, r, 1));
		rb_json_put_str(c, "name", PQgetvalue(res, r, 2));
		rb_json_put(c, "parent_id", catalog_json_int_col(res, r, 4));
		rb_json_put(c, "depth", catalog_json_int_col(res, r, 5));
		rb_json_put(c, "product_count", catalog_json_int_col(res, r, 6));
		rb_json_put_str(c, "url", rb_arena_printf(&ctx->arena,
		    "/%s/c/%s", m->code, PQgetvalue(res, r, 1)));
		rb_json_put_str(c, "image", rb_arena_printf(&ctx->arena,
		    "/static/img/cat/%s.svg", PQgetvalue(res, r, 3)));
		json_object_array_add(items, c);
	}
	return view;
}

int
catalog_categories(struct rb_ctx *ctx, const struct rb_market *m,
    struct json_object **out)
{
	char lang[3];
	const char *params[2] = { m->code, lang };
	PGresult *res;

	*out = NULL;
	catalog_lang(m, lang);
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_CATALOG_CATEGORIES,
	    &res, 2, params) != RB_OK)
		return RB_ERROR;
	*out = categories_view(ctx, m, res);
	return RB_OK;
}

/* CATALOG_HOME_CARDS: the best deals (k = 1), with their saving against
 * new, then the recently added (k = 2), as cards. */
static void
home_cards(struct rb_ctx *ctx, const struct rb_market *m, PGresult *res,
    struct rb_val deals, struct rb_val recent)
{
	struct rb_arena *a = &ctx->arena;

	for (int r = 0; r < PQntuples(res); r++) {
		struct catalog_card_row row = {
			.id = catalog_col_i64(res, r, 1),
			.slug = PQgetvalue(res, r, 2),
			.model = PQgetvalue(res, r, 3),
			.brand_slug = PQgetvalue(res, r, 4),
			.brand_name = PQgetvalue(res, r, 5),
			.from_price = catalog_col_i64(res, r, 6),
			.icon = PQgetvalue(res, r, 11),
		};
		struct rb_val c = catalog_card(ctx, m, &row, 3);
		bool deal = catalog_col_i64(res, r, 0) == 1;

		if (!PQgetisnull(res, r, 8)) {
			rb_val_put(a, c, "saving_percent", rb_val_int(
			    catalog_col_i64(res, r, 8) / 100));
			rb_val_put(a, c, "deal_price", catalog_price(a, m,
			    catalog_col_i64(res, r, 9)));
			rb_val_put(a, c, "new_price", catalog_price(a, m,
			    catalog_col_i64(res, r, 10)));
		}
		rb_val_push(a, deal ? deals : recent, c);
	}
}

int
catalog_home(struct rb_ctx *ctx, const struct rb_market *m,
    struct json_object **out)
{
	char lang[3];
	const char *cat_params[2] = { m->code, lang };
	const char *card_params[3] = { m->code, HOME_DEALS, HOME_RECENT };
	struct rb_db_call calls[2] = {
		{ RB_STMT_CATALOG_CATEGORIES, 2, cat_params, NULL },
		{ RB_STMT_CATALOG_HOME_CARDS, 3, card_params, NULL },
	};
	struct json_object *cats, *view, *top;
	struct rb_val deals = rb_val_arr(&ctx->arena, 8);
	struct rb_val recent = rb_val_arr(&ctx->arena, 8);
	size_t n;

	*out = NULL;
	catalog_lang(m, lang);
	if (rb_db_query_batch(ctx->db, &ctx->arena, calls, 2) != RB_OK)
		return RB_ERROR;
	cats = categories_view(ctx, m, calls[0].res);
	view = catalog_json_own(ctx, json_object_new_object());
	/* Top categories: the roots, in their order, when they sell. */
	top = json_object_new_array();
	n = json_object_array_length(json_object_object_get(cats, "items"));
	for (size_t i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(
		    json_object_object_get(cats, "items"), i);

		if (json_object_get_int(json_object_object_get(c, "depth")) ==
		    0 && json_object_get_int(json_object_object_get(c,
		    "product_count")) > 0)
			json_object_array_add(top, json_object_get(c));
	}
	rb_json_put(view, "categories", top);
	home_cards(ctx, m, calls[1].res, deals, recent);
	rb_json_put(view, "deals", rb_val_json_c(&ctx->arena, deals));
	rb_json_put(view, "recent", rb_val_json_c(&ctx->arena, recent));
	*out = view;
	return RB_OK;
}

int
catalog_sitemap(struct rb_ctx *ctx, const struct rb_market *m,
    struct json_object **out)
{
	const char *params[1] = { m->code };
	struct json_object *cats, *view, *products;
	PGresult *res;
	int rc;

	*out = NULL;
	if ((rc = catalog_categories(ctx, m, &cats)) != RB_OK)
		return rc;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_CATALOG_SITEMAP, &res, 1,
	    params) != RB_OK)
		return RB_ERROR;
	view = catalog_json_own(ctx, json_object_new_object());
	rb_json_put(view, "categories",
	    json_object_get(json_object_object_get(cats, "items")));
	products = json_object_new_array();
	rb_json_put(view, "products", products);
	for (int r = 0; r < PQntuples(res); r++) {
		struct json_object *p = json_object_new_object();

		rb_json_put_str(p, "url", rb_arena_printf(&ctx->arena,
		    "/%s/p/%s", m->code, PQgetvalue(res, r, 0)));
		rb_json_put_str(p, "lastmod", PQgetvalue(res, r, 1));
		json_object_array_add(products, p);
	}
	*out = view;
	return RB_OK;
}
