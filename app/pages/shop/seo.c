/*
 * What search engines read: /robots.txt names every market's sitemap;
 * /{m}/sitemap.xml lists the market's home, categories and every product
 * on sale there (at most a few tens of thousands of URLs, under the
 * protocol's 50,000), cached under the market's namespace.
 */
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "domain/catalog.h"
#include "domain/market.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/fragment.h"
#include "pages/handlers.h"
#include "pages/shop/shop.h"
#include "pages/view.h"

int
shop_robots_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	(void)req;
	if (market_table_load(ctx) != RB_OK)
		return RB_ERROR;
	resp->content_type = "text/plain; charset=utf-8";
	rb_buf_puts(&resp->body, "User-agent: *\n"
	    "Disallow: /api/\nDisallow: /admin/\nDisallow: /seller/\n"
	    "Disallow: /*/account\nDisallow: /*/search\n\n");
	for (size_t i = 0; i < ctx->markets->n; i++)
		if (ctx->markets->items[i].active)
			rb_buf_printf(&resp->body, "Sitemap: %s/%s/sitemap.xml\n",
			    ctx->cfg->base_url, ctx->markets->items[i].code);
	rb_response_set_header(resp, "Cache-Control", "public, max-age=3600");
	return RB_OK;
}

int
shop_sitemap_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	const char *ns, *tag;
	struct rb_str key, val;
	struct json_object *data, *view;
	struct rb_buf b;
	int rc;

	if ((rc = shop_market(ctx, req, &m)) != RB_OK)
		return rc;
	ns = catalog_ns_market(&ctx->arena, m->code);
	key = fragment_key(ctx, "sitemap", ns, rb_str_c(m->code));
	if (fragment_get(ctx, ns, &key, 1, &val, &tag) == 0) {
		if ((rc = catalog_sitemap(ctx, m, &data)) != RB_OK)
			return rc;
		view = rb_view_object(ctx);
		rb_json_put_str(view, "base", rb_arena_printf(&ctx->arena,
		    "%s/%s/", ctx->cfg->base_url, m->code));
		rb_json_put_str(view, "origin", ctx->cfg->base_url);
		rb_json_put(view, "sitemap", json_object_get(data));
		rb_buf_init(&b, &ctx->arena);
		if ((rc = rb_view_render(ctx, "seo/sitemap", view, &b)) != RB_OK)
			return rc;
		val = rb_buf_str(&b);
		fragment_put(ctx, tag, key, val);
	}
	resp->content_type = "application/xml; charset=utf-8";
	rb_response_set_header(resp, "Cache-Control", "public, max-age=3600");
	rb_buf_put_str(&resp->body, val);
	return RB_OK;
}
