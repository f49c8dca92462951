#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/ctx.h"
#include "core/json.h"
#include "domain/catalog.h"
#include "domain/catalog_ref.h"
#include "domain/catalog_rows.h"
#include "domain/market.h"

const char *
catalog_json_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL)
		return "";
	return json_object_get_string(v);
}

struct json_object *
catalog_json_int_col(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL :
	    json_object_new_int64(catalog_col_i64(res, row, col));
}

static void
put_json(void *o)
{
	json_object_put(o);
}

struct json_object *
catalog_json_own(struct rb_ctx *ctx, struct json_object *o)
{
	if (o != NULL)
		rb_arena_defer(&ctx->arena, put_json, o);
	return o;
}

struct json_object *
catalog_json_parse(struct rb_ctx *ctx, PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return catalog_json_own(ctx, json_tokener_parse(PQgetvalue(res, row,
	    col)));
}

int64_t
catalog_col_i64(PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return 0;
	return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

struct json_object *
catalog_ref_crumbs(struct rb_ctx *ctx, const struct rb_market *m,
    const struct catalog_ref *ref, const struct catalog_ref_category *cat,
    const char *lang)
{
	struct json_object *list = json_object_new_array();

	for (size_t i = 0; i < cat->npath; i++) {
		const struct catalog_ref_text *t = catalog_ref_category_text(
		    ref, cat->path[i], lang, NULL);
		struct json_object *o;

		if (t == NULL)
			continue;
		o = json_object_new_object();
		rb_json_put_str(o, "name", t->name);
		rb_json_put_str(o, "url", rb_arena_printf(&ctx->arena,
		    "/%s/c/%s", m->code, t->slug));
		json_object_array_add(list, o);
	}
	return list;
}

struct json_object *
catalog_card(struct rb_ctx *ctx, const struct rb_market *m,
    const struct catalog_card_row *r)
{
	struct json_object *c = json_object_new_object();
	struct json_object *b = json_object_new_object();

	rb_json_put(c, "id", json_object_new_int64(r->id));
	rb_json_put_str(c, "slug", r->slug);
	rb_json_put_str(c, "name", rb_arena_printf(&ctx->arena, "%s %s",
	    r->brand_name, r->model));
	rb_json_put_str(c, "model", r->model);
	rb_json_put_str(b, "slug", r->brand_slug);
	rb_json_put_str(b, "name", r->brand_name);
	rb_json_put(c, "brand", b);
	rb_json_put_str(c, "url", rb_arena_printf(&ctx->arena,
	    "/%s/p/%s", m->code, r->slug));
	rb_json_put_str(c, "image", rb_arena_printf(&ctx->arena,
	    "/static/img/cat/%s.svg", r->icon));
	rb_json_put(c, "from_price",
	    catalog_money(m, r->from_price));
	return c;
}

const char *
catalog_storage_label(struct rb_ctx *ctx, int gb)
{
	if (gb >= 1024 && gb % 1024 == 0)
		return rb_arena_printf(&ctx->arena, "%d TB", gb / 1024);
	return rb_arena_printf(&ctx->arena, "%d GB", gb);
}
