/*
 * Signing in and out, and opening an account: /{m}/login, /{m}/register,
 * /{m}/logout.
 */
#include <string.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "domain/market.h"
#include "domain/user.h"
#include "http/request.h"
#include "http/response.h"
#include "http/url.h"
#include "pages/form.h"
#include "pages/handlers.h"
#include "pages/shop/shop.h"
#include "pages/view.h"
#include "domain/password.h"
#include "web/session.h"

/* Where to go after signing in: a local path the visitor came from, or
 * the account page. Never another site ("//evil", "https://..."). */
static const char *
next_target(struct rb_ctx *ctx, const struct rb_market *m, struct rb_str next)
{
	if (next.len > 0 && next.len < 2048 && rb_url_is_local_path(next))
		return rb_arena_strndup(&ctx->arena, next.ptr, next.len);
	return rb_arena_printf(&ctx->arena, "/%s/account", m->code);
}

static struct rb_str
query_next(struct rb_request *req)
{
	const struct rb_kv_list *q;
	struct rb_err err;

	if (rb_request_query(req, &q, &err) != RB_OK)
		return RB_STR_NULL;
	return rb_kv_get(q, "next");
}

/* The form pages need a session for their CSRF token. */
static int
form_page(struct rb_ctx *ctx, struct rb_request *req, struct rb_response *resp,
    const char *template, struct rb_str next)
{
	const struct rb_market *m;
	struct json_object *view;
	struct rb_form f;
	int rc;

	if ((rc = shop_market(ctx, req, &m)) != RB_OK)
		return rc;
	if (rb_session_ensure(ctx, req, resp) == NULL)
		return RB_ERROR;
	view = rb_view_page(ctx, m, NULL, req->request_id);
	rb_form_blank(view, &f);
	rb_json_put(f.values, "next",
	    json_object_new_string_len(next.ptr ? next.ptr : "",
		(int)next.len));
	rb_response_set_header(resp, "Cache-Control", "no-store");
	return rb_view_render(ctx, template, view, &resp->body);
}

int
shop_login_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	return form_page(ctx, req, resp, "shop/login", query_next(req));
}

int
shop_register_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	return form_page(ctx, req, resp, "shop/register", query_next(req));
}

int
shop_login_post(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	struct user_origin from = shop_origin(req);
	struct json_object *view;
	struct rb_form f;
	struct rb_str email, next;
	struct rb_err err;
	int64_t id;
	int rc;

	if ((rc = shop_market(ctx, req, &m)) != RB_OK)
		return rc;
	view = rb_view_page(ctx, m, NULL, req->request_id);
	if ((rc = rb_form_load(req, view, &f)) != RB_OK)
		return rc;
	email = rb_form_field(&f, "email");
	next = rb_form_field(&f, "next");
	rb_err_clear(&err);
	rc = user_authenticate(ctx, email, rb_form_secret(&f, "password"),
	    &from, &id, &err);
	if (rc == RB_OK && rb_session_login(ctx, req, resp, id) == RB_OK)
		return rb_response_redirect(resp, 303,
		    next_target(ctx, m, next));
	if (rc != RB_INVALID && rc != RB_CONFLICT)
		return RB_ERROR;
	rb_form_fail(&f, &err);
	return rb_form_render_failed(ctx, resp, "shop/login", view,
	    rc == RB_CONFLICT ? 429 : 422);
}

int
shop_register_post(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	struct user_origin from = shop_origin(req);
	struct json_object *view;
	struct rb_form f;
	struct rb_str name, email, password, next;
	struct rb_err err;
	char norm[256];
	int64_t id;
	int rc;

	if ((rc = shop_market(ctx, req, &m)) != RB_OK)
		return rc;
	view = rb_view_page(ctx, m, NULL, req->request_id);
	if ((rc = rb_form_load(req, view, &f)) != RB_OK)
		return rc;
	name = rb_form_field(&f, "name");
	email = rb_form_field(&f, "email");
	next = rb_form_field(&f, "next");
	password = rb_form_secret(&f, "password");
	/* Every field checked, so every message shows at once. */
	if (user_name_check(name, &err) != RB_OK)
		rb_form_fail(&f, &err);
	if (user_email_normalize(email, norm, &err) != RB_OK)
		rb_form_fail(&f, &err);
	if (rb_password_check(ctx->common_passwords, password, email, &err) !=
	    RB_OK)
		rb_form_fail(&f, &err);
	if (!f.failed) {
		rc = user_register(ctx, email, name,
		    password, false, &from, &id, &err);
		if (rc == RB_OK && rb_session_login(ctx, req, resp, id) ==
		    RB_OK)
			return rb_response_redirect(resp, 303,
			    next_target(ctx, m, next));
		if (rc != RB_INVALID && rc != RB_CONFLICT)
			return RB_ERROR;
		rb_form_fail(&f, &err);
	}
	return rb_form_render_failed(ctx, resp, "shop/register", view, 0);
}

int
shop_logout_post(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	struct user_origin from = shop_origin(req);
	int rc;

	if ((rc = shop_market(ctx, req, &m)) != RB_OK)
		return rc;
	if (ctx->session != NULL && ctx->session->user.id != 0)
		user_event(ctx, ctx->session->user.id, "logout",
		    ctx->session->user.email, &from);
	rb_session_logout(ctx, req, resp);
	return rb_response_redirect(resp, 303,
	    rb_arena_printf(&ctx->arena, "/%s/", m->code));
}
