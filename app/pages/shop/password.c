/*
 * A forgotten password: /{m}/password/forgot asks for a link by email,
 * /{m}/password/reset?token= uses it. The token travels in the URL, so
 * every reset page tells the browser to send no Referer (the page's links
 * and the stylesheet would otherwise carry it) and to store nothing.
 */
#include <json-c/json.h>

#include "core/config.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "core/secret.h"
#include "domain/market.h"
#include "domain/password_reset.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/form.h"
#include "pages/handlers.h"
#include "pages/shop/shop.h"
#include "pages/view.h"
#include "web/session.h"

/* The form pages need a session for their CSRF token. */
static int
page(struct rb_ctx *ctx, struct rb_request *req, struct rb_response *resp,
    struct json_object **view, const struct rb_market **m)
{
	int rc;

	if ((rc = shop_market(ctx, req, m)) != RB_OK)
		return rc;
	if (rb_session_ensure(ctx, req, resp) == NULL)
		return RB_ERROR;
	*view = rb_view_page(ctx, *m, NULL, req->request_id);
	rb_response_set_header(resp, "Cache-Control", "no-store");
	rb_response_set_header(resp, "Referrer-Policy", "same-origin");
	return RB_OK;
}

int
shop_password_forgot_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	const struct rb_kv_list *q;
	struct json_object *view;
	struct rb_form f;
	struct rb_err err;
	int rc;

	if ((rc = page(ctx, req, resp, &view, &m)) != RB_OK)
		return rc;
	rb_form_blank(view, &f);
	if (rb_request_query(req, &q, &err) == RB_OK &&
	    rb_str_eq_c(rb_kv_get(q, "sent"), "1")) {
		rb_json_put(view, "sent",
		    json_object_new_boolean(1));
		rb_json_put(view, "minutes",
		    json_object_new_int(PASSWORD_RESET_MINUTES));
	}
	return rb_view_render(ctx, "shop/password_forgot", view, &resp->body);
}

int
shop_password_forgot_post(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	struct user_origin from = shop_origin(req);
	const struct rb_market *m;
	struct json_object *view;
	struct rb_form f;
	struct rb_err err;
	int rc;

	if ((rc = page(ctx, req, resp, &view, &m)) != RB_OK ||
	    (rc = rb_form_load(req, view, &f)) != RB_OK)
		return rc;
	rb_err_clear(&err);
	rc = password_reset_request(ctx, rb_form_field(&f, "email"),
	    rb_arena_printf(&ctx->arena, "%s/%s/password/reset?token=",
		ctx->cfg->base_url, m->code),
	    &from, &err);
	/* One answer whether or not the address has an account; the
	 * redirect keeps a reload from sending another email. */
	if (rc == RB_OK)
		return rb_response_redirect(resp, 303, rb_arena_printf(
		    &ctx->arena, "/%s/password/forgot?sent=1", m->code));
	if (rc != RB_INVALID)
		return RB_ERROR;
	rb_form_fail(&f, &err);
	return rb_form_render_failed(ctx, resp, "shop/password_forgot", view,
	    0);
}

/*
 * A dead link: 410 Gone when the token is well formed (it may have
 * existed: used, expired, or replaced; the page does not say which, so it
 * reveals nothing), 400 when the request cannot hold a token at all.
 */
static int
dead_link(struct rb_ctx *ctx, struct rb_response *resp,
    struct json_object *view, struct rb_str token)
{
	resp->status = rb_secret_token_valid(token) ? 410 : 400;
	rb_json_put(view, "dead", json_object_new_boolean(1));
	return rb_view_render(ctx, "shop/password_reset", view, &resp->body);
}

int
shop_password_reset_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	const struct rb_kv_list *q;
	struct json_object *view;
	struct rb_str token = RB_STR_NULL;
	struct rb_form f;
	struct rb_err err;
	int64_t uid;
	int rc;

	if ((rc = page(ctx, req, resp, &view, &m)) != RB_OK)
		return rc;
	rb_form_blank(view, &f);
	if (rb_request_query(req, &q, &err) == RB_OK)
		token = rb_kv_get(q, "token");
	rc = password_reset_check(ctx, token, &uid);
	if (rc == RB_DECLINED)
		return dead_link(ctx, resp, view, token);
	if (rc != RB_OK)
		return rc;
	rb_json_put(view, "token",
	    json_object_new_string_len(token.ptr, (int)token.len));
	return rb_view_render(ctx, "shop/password_reset", view, &resp->body);
}

int
shop_password_reset_post(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	struct user_origin from = shop_origin(req);
	const struct rb_market *m;
	struct json_object *view;
	struct rb_str token;
	struct rb_form f;
	struct rb_err err;
	int64_t uid;
	int rc;

	if ((rc = page(ctx, req, resp, &view, &m)) != RB_OK ||
	    (rc = rb_form_load(req, view, &f)) != RB_OK)
		return rc;
	token = rb_form_secret(&f, "token");
	rb_err_clear(&err);
	rc = password_reset_complete(ctx, token,
	    rb_form_secret(&f, "password"), &from, &uid, &err);
	if (rc == RB_DECLINED)
		return dead_link(ctx, resp, view, token);
	if (rc == RB_INVALID) {
		/* The link still works: the form comes back with it. */
		rb_json_put(view, "token",
		    json_object_new_string_len(token.ptr, (int)token.len));
		rb_form_fail(&f, &err);
		return rb_form_render_failed(ctx, resp, "shop/password_reset",
		    view, 0);
	}
	if (rc != RB_OK)
		return rc;
	/* Whoever knew the old password is signed out everywhere; the
	 * person who proved they read the mailbox is signed in. */
	rb_session_end_others(ctx, uid, NULL);
	if (rb_session_login(ctx, req, resp, uid) != RB_OK)
		return RB_ERROR;
	return rb_response_redirect(resp, 303, rb_arena_printf(&ctx->arena,
	    "/%s/account?saved=password", m->code));
}
