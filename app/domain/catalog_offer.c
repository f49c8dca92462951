/*
 * Changing an offer, and with it every cached page that shows it: the
 * product's page, the listings of its category and the categories above
 * it, and the market's home, search and API lists.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cache/cache.h"
#include "core/arena.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/catalog.h"

static bool
valid_status(const char *s)
{
	return s == NULL || strcmp(s, "active") == 0 ||
	    strcmp(s, "paused") == 0 || strcmp(s, "archived") == 0;
}

/* Bumps the namespaces of one changed offer's row of CATALOG_OFFER_UPDATE. */
static void
invalidate(struct rb_ctx *ctx, PGresult *res, int r)
{
	const char *slug = PQgetvalue(res, r, 0), *market = PQgetvalue(res,
	    r, 1);
	const char *cats = PQgetvalue(res, r, 2); /* {smartphones,...} */

	if (ctx->cache == NULL)
		return;
	rb_cache_ns_bump(ctx->cache, catalog_ns_product(&ctx->arena, slug));
	rb_cache_ns_bump(ctx->cache, catalog_ns_market(&ctx->arena, market));
	/* Slugs match ^[a-z0-9-]+$: the array literal needs no unquoting. */
	for (const char *s = cats + (*cats == '{'); *s && *s != '}';) {
		size_t len = strcspn(s, ",}");
		const char *one = rb_arena_printf(&ctx->arena, "%.*s",
		    (int)len, s);

		rb_cache_ns_bump(ctx->cache,
		    catalog_ns_category(&ctx->arena, market, one));
		s += len + (s[len] == ',');
	}
}

int
catalog_offer_update(struct rb_ctx *ctx, int64_t offer_id,
    const struct catalog_offer_change *c)
{
	const char *params[4];
	PGresult *res;

	if ((c->price != -1 && (c->price <= 0 || c->price >= 10000000000)) ||
	    c->stock < -1 || !valid_status(c->status))
		return RB_INVALID;
	params[0] = rb_arena_printf(&ctx->arena, "%" PRId64, offer_id);
	params[1] = c->price >= 0 ? rb_arena_printf(&ctx->arena, "%" PRId64,
	    c->price) : NULL;
	params[2] = c->stock >= 0 ? rb_arena_printf(&ctx->arena, "%d",
	    c->stock) : NULL;
	params[3] = c->status;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_CATALOG_OFFER_UPDATE,
	    &res, 4, params) != RB_OK)
		return RB_ERROR;
	if (PQntuples(res) == 0)
		return RB_DECLINED;
	/* After the commit (the statement ran alone): a reader that sees
	 * the new version also sees the new row. */
	for (int r = 0; r < PQntuples(res); r++)
		invalidate(ctx, res, r);
	rb_log_info("offer %" PRId64 " changed", offer_id);
	return RB_OK;
}
