/*
 * Where the account is signed in: /{m}/account/sessions lists the live
 * sessions and ends one, or all but this one (a lost phone, a shared
 * computer). A session is named by the SHA-256 of its id, never the id:
 * the cookie's value appears nowhere but in the cookie.
 */
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "core/config.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "domain/market.h"
#include "domain/user.h"
#include "domain/user_session.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/handlers.h"
#include "pages/shop/account_page.h"
#include "pages/shop/shop.h"
#include "pages/view.h"
#include "web/session.h"

static const struct account_notice notices[] = {
	{ "ended", "That session is signed out." },
	{ "others", "Every other session is signed out." },
	{ "none", "There was no other session to sign out." },
};

int
shop_sessions_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_session *s = ctx->session;
	const struct rb_market *m;
	struct json_object *view, *list;
	PGresult *res;
	int rc, others = 0;

	if ((rc = account_page(ctx, req, resp, "sessions", &view, &m)) !=
	    RB_OK)
		return rc;
	account_notice(req, view, notices,
	    sizeof(notices) / sizeof(notices[0]));
	if (user_session_list(ctx, s->user.id, ctx->cfg->session_idle_minutes,
	    &res) != RB_OK)
		return RB_ERROR;
	list = json_object_new_array();
	for (int r = 0; r < PQntuples(res); r++) {
		struct json_object *o = json_object_new_object();
		const char *hash = PQgetvalue(res, r, 0);
		int current = strcmp(hash, s->hash_hex) == 0;

		rb_json_put_str(o, "id", hash);
		rb_json_put_str(o, "created", PQgetvalue(res, r, 1));
		rb_json_put_str(o, "last_seen", PQgetvalue(res, r, 2));
		/* Mustache takes "" for true: the gaps are filled here. */
		rb_json_put_str(o, "ip", PQgetlength(res, r, 3) > 0 ?
		    PQgetvalue(res, r, 3) : "unknown");
		rb_json_put_str(o, "user_agent", PQgetlength(res, r, 4) > 0 ?
		    PQgetvalue(res, r, 4) : "Unknown browser");
		rb_json_put(o, "current",
		    json_object_new_boolean(current));
		json_object_array_add(list, o);
		others += !current;
	}
	rb_json_put(view, "sessions", list);
	rb_json_put(view, "has_others",
	    json_object_new_boolean(others > 0));
	return rb_view_render(ctx, "shop/sessions", view, &resp->body);
}

/* 64 lower-case hex digits, as the list writes them. */
static bool
hash_hex_valid(struct rb_str s)
{
	if (s.len != RB_HASH_HEX_LEN)
		return false;
	for (size_t i = 0; i < s.len; i++)
		if (!((s.ptr[i] >= '0' && s.ptr[i] <= '9') ||
		    (s.ptr[i] >= 'a' && s.ptr[i] <= 'f')))
			return false;
	return true;
}

int
shop_session_end(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	struct user_origin from = shop_origin(req);
	const struct rb_session *s = ctx->session;
	struct rb_str id = rb_request_param(req, "id");
	const struct rb_market *m;
	struct json_object *view;
	int64_t uid = s->user.id;
	int rc;

	if ((rc = account_page(ctx, req, resp, "sessions", &view, &m)) !=
	    RB_OK)
		return rc;
	if (!hash_hex_valid(id))
		return RB_DECLINED;
	if (rb_str_eq_c(id, s->hash_hex)) {
		/* Ending the session in use is signing out. */
		user_event(ctx, uid, "session_ended", s->user.email, &from);
		rb_session_logout(ctx, req, resp);
		return rb_response_redirect(resp, 303,
		    rb_arena_printf(&ctx->arena, "/%s/", m->code));
	}
	if ((rc = rb_session_end_one(ctx, uid, id.ptr)) != RB_OK)
		return rc;
	user_event(ctx, uid, "session_ended", s->user.email, &from);
	return account_saved(ctx, resp, m, "sessions", "ended");
}

int
shop_sessions_end_others(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	struct user_origin from = shop_origin(req);
	const struct rb_session *s = ctx->session;
	const struct rb_market *m;
	struct json_object *view;
	int rc, n;

	if ((rc = account_page(ctx, req, resp, "sessions", &view, &m)) !=
	    RB_OK)
		return rc;
	if ((n = rb_session_end_others(ctx, s->user.id, s->hash_hex)) < 0)
		return RB_ERROR;
	if (n > 0)
		user_event(ctx, s->user.id, "session_ended", s->user.email,
		    &from);
	return account_saved(ctx, resp, m, "sessions", n > 0 ? "others" :
								 "none");
}
