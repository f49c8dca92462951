#include <string.h>

#include "core/ctx.h"
#include "core/json.h"
#include "domain/market.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/errors.h"
#include "pages/view.h"

/* Used when the market table cannot be read (PostgreSQL down). */
static const struct rb_market fallback_market = { .code = "en-us",
	.country = "US", .currency = "USD", .locale = "en_US",
	.return_days = 30, .name = "United States", .language = "English",
	.active = true };

static const char *
default_message(int status)
{
	switch (status) {
	case 400: return "The request could not be understood. Please check the address or the form and try again.";
	case 403: return "You are not allowed to do that.";
	case 404: return "We could not find that page. It may have moved, or the address may be mistyped.";
	case 405: return "That page does not accept this kind of request.";
	case 413: return "What you sent is too large.";
	case 415: return "That kind of content is not accepted here.";
	case 429: return "Too many requests. Please wait a moment and try again.";
	case 503: return "Rebound is briefly unavailable. Please try again in a moment.";
	default:
		return status >= 500 ?
		    "Something went wrong on our side. It has been logged; please try again." :
		    "The request could not be completed.";
	}
}

static bool
is_api(const struct rb_request *req)
{
	return req->path.len >= 5 && memcmp(req->path.ptr, "/api/", 5) == 0;
}

/* The market named by the first path segment, else the first one. */
static const struct rb_market *
error_market(struct rb_ctx *ctx, const struct rb_request *req)
{
	const char *p = req->path.ptr;
	const struct rb_market *m;
	struct rb_str seg;

	if (ctx->markets == NULL || ctx->markets->n == 0)
		return &fallback_market;
	seg.ptr = p != NULL && p[0] == '/' ? p + 1 : "";
	seg.len = strcspn(seg.ptr, "/");
	if ((m = market_find(ctx->markets, seg)) != NULL)
		return m;
	return ctx->markets->items[0].active ? &ctx->markets->items[0] :
	    &fallback_market;
}

static void
minimal_page(struct rb_response *resp, int status, const char *message)
{
	rb_buf_printf(&resp->body,
	    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<title>%d %s</title></head><body><h1>%s</h1><p>",
	    status, rb_http_reason(status), rb_http_reason(status));
	rb_buf_append_html(&resp->body, message, strlen(message));
	rb_buf_puts(&resp->body, "</p></body></html>\n");
}

/* A copy of header name's value, or NULL. */
static const char *
kept_header(struct rb_ctx *ctx, const struct rb_response *resp,
    const char *name)
{
	struct rb_str v = rb_response_header(resp, name);

	return v.ptr != NULL ? rb_arena_strndup(&ctx->arena, v.ptr, v.len) :
	    NULL;
}

void
rb_page_error(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp, int status, const char *message)
{
	struct json_object *view;
	/* The reasons the router, access control or a handler gave for this
	 * status outlive the reset. */
	static const char *const kept[] = { "Allow", "Retry-After",
		"WWW-Authenticate" };
	const char *vals[sizeof(kept) / sizeof(kept[0])];

	if (message == NULL)
		message = default_message(status);
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		vals[i] = kept_header(ctx, resp, kept[i]);
	rb_response_reset(resp);
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		if (vals[i] != NULL)
			rb_response_set_header(resp, kept[i], vals[i]);
	rb_response_set_header(resp, "Cache-Control", "no-store");
	if (is_api(req)) {
		rb_response_problem(resp, status, NULL, NULL, message);
		return;
	}
	resp->status = status;
	/* Best effort: the page is still an answer if the table is gone. */
	(void)market_table_load(ctx);
	view = rb_view_page(ctx, error_market(ctx, req), NULL, req->request_id);
	rb_json_put(view, "status", json_object_new_int(status));
	rb_json_put_str(view, "reason", rb_http_reason(status));
	rb_json_put_str(view, "message", message);
	if (rb_view_render(ctx, "errors/error", view, &resp->body) != RB_OK) {
		rb_buf_reset(&resp->body);
		minimal_page(resp, status, message);
	}
}
