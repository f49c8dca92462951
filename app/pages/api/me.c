/*
 * GET /api/v1/me: who the caller is, through a session cookie or a bearer
 * token with the read scope (the route's flags; the dispatcher answers 401
 * and 403 as problem+json).
 */
#include <json-c/json.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/json.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/handlers.h"
#include "pages/view.h"
#include "web/session.h"

int
api_me_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_user *u = &ctx->session->user;
	struct json_object *o = rb_view_object(ctx);

	(void)req;
	rb_json_put(o, "id", json_object_new_int64(u->id));
	rb_json_put_str(o, "email", u->email);
	rb_json_put_str(o, "name", u->name);
	rb_json_put(o, "is_admin",
	    json_object_new_boolean(u->is_admin));
	/* null, not 0, for "no seller": 0 could be read as an id. */
	rb_json_put(o, "seller_id",
	    u->seller_id ? json_object_new_int64(u->seller_id) : NULL);
	resp->content_type = "application/json";
	rb_response_set_header(resp, "Cache-Control", "no-store");
	rb_buf_puts(&resp->body,
	    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	return RB_OK;
}
