#include <json-c/json.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "domain/market.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/shop/account_page.h"
#include "pages/shop/shop.h"
#include "pages/view.h"

int
account_page(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp, const char *tab, struct json_object **view,
    const struct rb_market **m)
{
	struct json_object *nav;
	int rc;

	if ((rc = shop_market(ctx, req, m)) != RB_OK)
		return rc;
	*view = rb_view_page(ctx, *m, NULL, req->request_id);
	nav = json_object_new_object();
	json_object_object_add(nav, tab, json_object_new_boolean(1));
	rb_json_put(*view, "nav", nav);
	rb_response_set_header(resp, "Cache-Control", "no-store");
	return RB_OK;
}

void
account_notice(struct rb_request *req, struct json_object *view,
    const struct account_notice *notices, size_t n)
{
	const struct rb_kv_list *q;
	struct rb_err err;
	struct rb_str saved;

	if (rb_request_query(req, &q, &err) != RB_OK)
		return;
	saved = rb_kv_get(q, "saved");
	for (size_t i = 0; saved.ptr != NULL && i < n; i++)
		if (rb_str_eq_c(saved, notices[i].what)) {
			rb_json_put_str(view, "notice", notices[i].text);
			return;
		}
}

int
account_saved(struct rb_ctx *ctx, struct rb_response *resp,
    const struct rb_market *m, const char *section, const char *what)
{
	/* section NULL: the account page itself, /{m}/account. */
	return rb_response_redirect(resp, 303, rb_arena_printf(&ctx->arena,
	    "/%s/account%s%s?saved=%s", m->code, section ? "/" : "",
	    section ? section : "", what));
}
