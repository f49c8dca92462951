#include <string.h>

#include "core/config.h"
#include "core/ctx.h"
#include "http/request.h"
#include "web/csrf.h"
#include "core/secret.h"
#include "web/session.h"

/* True when the browser's Origin, if sent, is our own. */
static bool
origin_ok(const struct rb_ctx *ctx, const struct rb_request *req)
{
	if (req->origin.len == 0)
		return true;
	return rb_str_eq_c(req->origin, ctx->cfg->base_url);
}

/* Sec-Fetch-Site, if sent: same-origin, or none (typed by the user). */
static bool
fetch_site_ok(const struct rb_request *req)
{
	return req->sec_fetch_site.len == 0 ||
	    rb_str_eq_c(req->sec_fetch_site, "same-origin") ||
	    rb_str_eq_c(req->sec_fetch_site, "none");
}

int
rb_csrf_check(struct rb_ctx *ctx, struct rb_request *req,
    const struct rb_session *s)
{
	struct rb_str token = req->csrf_token;
	struct rb_err err;

	if (s == NULL || !origin_ok(ctx, req) || !fetch_site_ok(req))
		return RB_DECLINED;
	if (token.len == 0 &&
	    rb_request_content_type_is(req,
		"application/x-www-form-urlencoded")) {
		const struct rb_kv_list *form;
		int rc = rb_request_form(req, &form, &err);

		if (rc != RB_OK)
			return rc;
		token = rb_kv_get(form, RB_CSRF_FIELD);
	}
	if (token.ptr == NULL ||
	    !rb_secret_equal(token, rb_str_c(s->csrf)))
		return RB_DECLINED;
	return RB_OK;
}
