/*
 * API tokens: /{m}/account/tokens lists the live ones, makes one and
 * revokes one. A new token's secret is shown once, on the answer to the
 * form (201, never stored by a cache, no redirect that would have to carry
 * it): only its hash is kept.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "core/secret.h"
#include "domain/api_token.h"
#include "domain/market.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/form.h"
#include "pages/handlers.h"
#include "pages/shop/account_page.h"
#include "pages/shop/shop.h"
#include "pages/view.h"
#include "web/session.h"

static const struct account_notice notices[] = {
	{ "revoked", "The token is revoked: requests that use it are now "
		     "refused." },
};

static const char *const scope_names[] = { "read", "orders", "listings" };
#define NSCOPES (sizeof(scope_names) / sizeof(scope_names[0]))

/* The page with the list of live tokens (the form is on view). */
static int
render(struct rb_ctx *ctx, struct rb_response *resp, struct json_object *view)
{
	struct json_object *list = json_object_new_array();
	PGresult *res;

	rb_json_put(view, "tokens", list);
	if (api_token_list(ctx, ctx->session->user.id, &res) != RB_OK)
		return RB_ERROR;
	for (int r = 0; r < PQntuples(res); r++) {
		struct json_object *o = json_object_new_object();

		rb_json_put(o, "id", json_object_new_int64(
		    strtoll(PQgetvalue(res, r, 0), NULL, 10)));
		rb_json_put_str(o, "name", PQgetvalue(res, r, 1));
		rb_json_put_str(o, "scopes", PQgetvalue(res, r, 2));
		rb_json_put_str(o, "created", PQgetvalue(res, r, 3));
		rb_json_put_str(o, "last_used", PQgetlength(res, r, 4) > 0 ?
		    PQgetvalue(res, r, 4) : "never");
		json_object_array_add(list, o);
	}
	rb_json_put(view, "has_tokens",
	    json_object_new_boolean(PQntuples(res) > 0));
	return rb_view_render(ctx, "shop/tokens", view, &resp->body);
}

int
shop_tokens_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	struct json_object *view;
	struct rb_form f;
	int rc;

	if ((rc = account_page(ctx, req, resp, "tokens", &view, &m)) != RB_OK)
		return rc;
	account_notice(req, view, notices,
	    sizeof(notices) / sizeof(notices[0]));
	rb_form_blank(view, &f);
	/* Reading is what most scripts need; the rest is opted into. */
	rb_json_put(f.values, "scope_read",
	    json_object_new_boolean(1));
	return render(ctx, resp, view);
}

int
shop_token_create(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	struct user_origin from = shop_origin(req);
	char secret[RB_TOKEN_LEN + 1];
	const struct rb_market *m;
	struct json_object *view, *created;
	struct rb_str name, *given;
	struct rb_form f;
	struct rb_err err;
	static const char *const multi[] = { "scopes", NULL };
	unsigned scopes = 0;
	size_t n;
	int rc;

	if ((rc = account_page(ctx, req, resp, "tokens", &view, &m)) !=
	    RB_OK ||
	    (rc = rb_form_load_multi(req, view, &f, multi)) != RB_OK)
		return rc;
	name = rb_form_field(&f, "name");
	n = rb_kv_all(f.fields, "scopes", &ctx->arena, &given);
	/* The boxes stay as they were ticked, known scopes only. */
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < NSCOPES; k++)
			if (rb_str_eq_c(given[i], scope_names[k]))
				json_object_object_add(f.values,
				    rb_arena_printf(&ctx->arena, "scope_%s",
					scope_names[k]),
				    json_object_new_boolean(1));
	rb_err_clear(&err);
	if (api_token_scopes_parse(given, n, &scopes, &err) != RB_OK)
		rb_form_fail(&f, &err);
	if (name.len == 0)
		rb_form_fail_field(&f, "name", "Name the token (1 to 100 "
		    "characters), so you know where it is used.");
	if (!f.failed) {
		rc = api_token_create(ctx, ctx->session->user.id, name, scopes,
		    &from, secret, &err);
		if (rc != RB_OK && rc != RB_INVALID)
			return rc;
		if (rc == RB_INVALID)
			rb_form_fail(&f, &err);
	}
	if (f.failed) {
		resp->status = 422;
		return render(ctx, resp, view);
	}
	created = json_object_new_object();
	rb_json_put(created, "name",
	    json_object_new_string_len(name.ptr, (int)name.len));
	rb_json_put_str(created, "secret", secret);
	rb_json_put(view, "created", created);
	/* A fresh form for the next one; the secret is in no field. */
	rb_form_blank(view, &f);
	rb_json_put(f.values, "scope_read",
	    json_object_new_boolean(1));
	resp->status = 201;
	return render(ctx, resp, view);
}

int
shop_token_revoke(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	struct user_origin from = shop_origin(req);
	const struct rb_market *m;
	struct json_object *view;
	struct rb_err err;
	int64_t id;
	int rc;

	if ((rc = account_page(ctx, req, resp, "tokens", &view, &m)) != RB_OK)
		return rc;
	if (rb_request_param_i64(req, "id", 1, INT64_MAX, &id, &err) != RB_OK)
		return RB_DECLINED;
	if ((rc = api_token_revoke(ctx, ctx->session->user.id, id, &from)) !=
	    RB_OK)
		return rc;
	return account_saved(ctx, resp, m, "tokens", "revoked");
}
