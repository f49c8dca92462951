/*
 * GET /admin/emails: the outbox as it stands, for admins to see what the
 * site has written to people (until the jobs issue sends them, the only
 * way to read a reset link on a development machine).
 */
#include <json-c/json.h>
#include <libpq-fe.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "domain/email.h"
#include "domain/market.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/handlers.h"
#include "pages/view.h"

int
admin_emails_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m = NULL;
	struct json_object *view, *list;
	PGresult *res;

	/* Admin paths name no market: the layout uses the first one. */
	if (market_table_load(ctx) != RB_OK)
		return RB_ERROR;
	for (size_t i = 0; m == NULL && i < ctx->markets->n; i++)
		if (ctx->markets->items[i].active)
			m = &ctx->markets->items[i];
	if (m == NULL || email_latest(ctx, &res) != RB_OK)
		return RB_ERROR;
	view = rb_view_page(ctx, m, NULL, req->request_id);
	list = json_object_new_array();
	for (int r = 0; r < PQntuples(res); r++) {
		struct json_object *o = json_object_new_object();

		rb_json_put_str(o, "id", PQgetvalue(res, r, 0));
		rb_json_put_str(o, "to", PQgetvalue(res, r, 1));
		rb_json_put_str(o, "subject", PQgetvalue(res, r, 2));
		rb_json_put_str(o, "template", PQgetvalue(res, r, 3));
		rb_json_put_str(o, "created", PQgetvalue(res, r, 4));
		rb_json_put_str(o, "sent", PQgetlength(res, r, 5) > 0 ?
		    PQgetvalue(res, r, 5) : "not yet");
		rb_json_put_str(o, "body_text", PQgetvalue(res, r, 6));
		json_object_array_add(list, o);
	}
	rb_json_put(view, "emails", list);
	/* Reset links are in these bodies: nothing may keep a copy. */
	rb_response_set_header(resp, "Cache-Control", "no-store");
	rb_response_set_header(resp, "Referrer-Policy", "no-referrer");
	return rb_view_render(ctx, "admin/emails", view, &resp->body);
}
