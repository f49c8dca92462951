/*
 * The storefront's entry points: "/" chooses a market, "/{m}" gains its
 * slash, "/{m}/" is the market's home page.
 */
#include "core/ctx.h"
#include "core/json.h"
#include "domain/catalog.h"
#include "domain/market.h"
#include "pages/fragment.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/errors.h"
#include "pages/handlers.h"
#include "pages/shop/shop.h"
#include "pages/view.h"

#define DEFAULT_MARKET "en-us"

int
shop_root_redirect(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const char *codes[16];
	size_t n = 0;
	const char *best;

	if (market_table_load(ctx) == RB_OK)
		n = market_codes(ctx->markets, codes);
	if (n > sizeof(codes) / sizeof(codes[0]))
		n = sizeof(codes) / sizeof(codes[0]);
	best = rb_accept_language(req->accept_language, codes, n,
	    n > 0 ? codes[0] : DEFAULT_MARKET);
	/* The answer depends on the header: caches must key on it. */
	rb_response_set_header(resp, "Vary", "Accept-Language");
	rb_response_set_header(resp, "Cache-Control", "private, max-age=0");
	return rb_response_redirect(resp, 302,
	    rb_arena_printf(&ctx->arena, "/%s/", best));
}

/* "/fr-fr" -> "/fr-fr/": one canonical URL per page. */
int
shop_market_slash(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	int rc;

	if ((rc = shop_market(ctx, req, &m)) != RB_OK)
		return rc;
	return rb_response_redirect(resp, 301,
	    rb_arena_printf(&ctx->arena, "/%s/", m->code));
}

/* "1 model", not "1 models", on a category tile (see listing_decorate). */
static void
one_model(struct json_object *categories)
{
	size_t n = categories ? json_object_array_length(categories) : 0;

	for (size_t i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(categories, i);

		rb_json_put(c, "one_model", json_object_new_boolean(
		    json_object_get_int64(json_object_object_get(c,
		    "product_count")) == 1));
	}
}

int
shop_home_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	struct json_object *view;
	const char *ns, *tag;
	struct rb_str key, html;
	int rc;

	if ((rc = shop_market(ctx, req, &m)) != RB_OK)
		return rc;
	ns = catalog_ns_market(&ctx->arena, m->code);
	key = fragment_key(ctx, "home", ns, rb_str_c(m->code));
	view = rb_view_page(ctx, m, "", req->request_id);
	if (fragment_get(ctx, ns, &key, 1, &html, &tag) == 0) {
		struct json_object *home;
		struct rb_buf b;

		if ((rc = catalog_home(ctx, m, &home)) != RB_OK)
			return rc;
		rb_json_put(view, "home", json_object_get(home));
		one_model(json_object_object_get(home, "categories"));
		rb_buf_init(&b, &ctx->arena);
		if ((rc = rb_view_render(ctx, "shop/home_catalog", view, &b)) !=
		    RB_OK)
			return rc;
		html = rb_buf_str(&b);
		fragment_put(ctx, tag, key, html);
	}
	rb_json_put(view, "catalog_html",
	    json_object_new_string_len(html.ptr, (int)html.len));
	rb_view_grades(view);
	rb_response_set_header(resp, "Cache-Control",
	    ctx->session != NULL ? "private, max-age=0" :
	    "public, max-age=60");
	return rb_view_render(ctx, "shop/home", view, &resp->body);
}
