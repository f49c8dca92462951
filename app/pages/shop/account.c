/*
 * The account's own settings: /{m}/account (profile and password).
 * Everything here is personal: never stored by any cache.
 */
#include <json-c/json.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "domain/market.h"
#include "domain/user.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/form.h"
#include "pages/handlers.h"
#include "pages/shop/account_page.h"
#include "pages/shop/shop.h"
#include "pages/view.h"
#include "web/session.h"

static const struct account_notice notices[] = {
	{ "profile", "Your profile is saved." },
	{ "password", "Your password is changed. Every other session of yours "
		      "has been signed out." },
};

int
shop_account_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	struct json_object *view;
	struct rb_form f;
	int rc;

	if ((rc = account_page(ctx, req, resp, "profile", &view, &m)) != RB_OK)
		return rc;
	account_notice(req, view, notices, sizeof(notices) / sizeof(notices[0]));
	rb_form_blank(view, &f);
	rb_json_put_str(f.values, "name", ctx->session->user.name);
	rb_json_put_str(f.values, "email", ctx->session->user.email);
	return rb_view_render(ctx, "shop/account", view, &resp->body);
}

int
shop_account_profile_post(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	struct user_origin from = shop_origin(req);
	int64_t uid = ctx->session->user.id;
	const struct rb_market *m;
	struct json_object *view;
	struct rb_form f;
	struct rb_err err;
	int rc;

	if ((rc = account_page(ctx, req, resp, "profile", &view, &m)) != RB_OK ||
	    (rc = rb_form_load(req, view, &f)) != RB_OK)
		return rc;
	rb_err_clear(&err);
	rc = user_update_profile(ctx, uid, rb_form_field(&f, "name"),
	    rb_form_field(&f, "email"), rb_form_secret(&f, "password"), &from,
	    &err);
	if (rc == RB_OK) {
		/* Cached sessions hold the name and email: refresh them. */
		rb_session_forget_user(ctx, uid);
		return account_saved(ctx, resp, m, NULL, "profile");
	}
	if (rc != RB_INVALID && rc != RB_CONFLICT)
		return rc;
	rb_form_fail(&f, &err);
	return rb_form_render_failed(ctx, resp, "shop/account", view, 0);
}

int
shop_account_password_post(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	struct user_origin from = shop_origin(req);
	struct rb_session *s = ctx->session;
	const struct rb_market *m;
	struct json_object *view;
	struct rb_form f;
	struct rb_err err;
	int rc;

	if ((rc = account_page(ctx, req, resp, "profile", &view, &m)) != RB_OK ||
	    (rc = rb_form_load(req, view, &f)) != RB_OK)
		return rc;
	rb_json_put_str(f.values, "name", s->user.name);
	rb_json_put_str(f.values, "email", s->user.email);
	rb_err_clear(&err);
	rc = user_change_password(ctx, s->user.id,
	    rb_form_secret(&f, "current_password"),
	    rb_form_secret(&f, "new_password"), &from, &err);
	if (rc == RB_OK) {
		/* A new password ends every other session: a thief who had
		 * the old one is signed out everywhere. */
		rb_session_end_others(ctx, s->user.id, s->hash_hex);
		return account_saved(ctx, resp, m, NULL, "password");
	}
	if (rc != RB_INVALID)
		return rc;
	/* The domain names the field "password"; this form's is new_. */
	if (err.field[0] != '\0' && err.field[0] == 'p')
		rb_form_fail_field(&f, "new_password", err.msg);
	else
		rb_form_fail(&f, &err);
	return rb_form_render_failed(ctx, resp, "shop/account", view, 0);
}
