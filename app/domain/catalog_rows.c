#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/ctx.h"
#include "core/json.h"
#include "core/val.h"
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

struct rb_val
catalog_card(struct rb_ctx *ctx, const struct rb_market *m,
    const struct catalog_card_row *r, size_t extra)
{
	struct rb_arena *a = &ctx->arena;
	struct rb_val c = rb_val_obj(a, 9 + extra);
	struct rb_val b = rb_val_obj(a, 2);

	rb_val_put(a, c, "id", rb_val_int(r->id));
	rb_val_put(a, c, "slug", rb_val_str(r->slug));
	rb_val_put(a, c, "name", rb_val_str(rb_arena_printf(a, "%s %s",
	    r->brand_name, r->model)));
	rb_val_put(a, c, "model", rb_val_str(r->model));
	rb_val_put(a, b, "slug", rb_val_str(r->brand_slug));
	rb_val_put(a, b, "name", rb_val_str(r->brand_name));
	rb_val_put(a, c, "brand", b);
	rb_val_put(a, c, "url", rb_val_str(rb_arena_printf(a, "/%s/p/%s",
	    m->code, r->slug)));
	rb_val_put(a, c, "image", rb_val_str(rb_arena_printf(a,
	    "/static/img/cat/%s.svg", r->icon)));
	rb_val_put(a, c, "from_price", catalog_price(a, m, r->from_price));
	return c;
}

const char *
catalog_storage_label(struct rb_ctx *ctx, int gb)
{
	if (gb >= 1024 && gb % 1024 == 0)
		return rb_arena_printf(&ctx->arena, "%d TB", gb / 1024);
	return rb_arena_printf(&ctx->arena, "%d GB", gb);
}
