/*
 * Helpers the catalog's view builders share to turn result rows into
 * json-c: private to app/domain/catalog_*.c.
 */
#ifndef RB_DOMAIN_CATALOG_ROWS_H
#define RB_DOMAIN_CATALOG_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "core/val.h"

struct rb_ctx;
struct rb_market;

/* The member key of o as a string; "" when absent or null. */
const char *catalog_json_str(struct json_object *o, const char *key);

/* An integer column as a new json-c integer; NULL (JSON null) for NULL. */
struct json_object *catalog_json_int_col(PGresult *res, int row, int col);

/*
 * Parses a json column. The object belongs to the request arena: take a
 * reference (json_object_get) to keep it in another object. NULL when
 * the column is NULL or not JSON.
 */
struct json_object *catalog_json_parse(struct rb_ctx *ctx, PGresult *res,
    int row, int col);

/* Hands o to the request arena (put at its reset); returns o. */
struct json_object *catalog_json_own(struct rb_ctx *ctx, struct json_object *o);

/* A strict base-10 int64 from a column (0 when NULL). */
int64_t catalog_col_i64(PGresult *res, int row, int col);

struct catalog_ref;
struct catalog_ref_category;

/* [{"name", "url"}] of cat's path, root first, named in lang. */
struct json_object *catalog_ref_crumbs(struct rb_ctx *ctx,
    const struct rb_market *m, const struct catalog_ref *ref,
    const struct catalog_ref_category *cat, const char *lang);

/* A product card: the fields every list shows (see docs/openapi.yaml). */
struct catalog_card_row {
	int64_t id;
	const char *slug, *model, *brand_slug, *brand_name, *icon;
	int64_t from_price;
};
/* The card, with room for extra more members. */
struct rb_val catalog_card(struct rb_ctx *ctx, const struct rb_market *m,
    const struct catalog_card_row *r, size_t extra);

/* "128 GB", "1 TB". */
const char *catalog_storage_label(struct rb_ctx *ctx, int gb);

#endif
