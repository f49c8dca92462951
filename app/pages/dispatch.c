#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/ctx.h"
#include "core/log.h"
#include "core/mem.h"
#include "db/db.h"
#include "web/session.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "pages/access.h"
#include "pages/dispatch.h"
#include "pages/errors.h"
#include "pages/routes.h"

struct rb_pages {
	struct rb_router router;
	const char **names; /* route names, then "unmatched" */
	size_t nnames;
};

/* FNV-1a of the stylesheet: a new file gets a new URL, so it can be
 * cached for a year. */
static void
asset_version(const char *static_dir, char out[17])
{
	char path[4096];
	unsigned char chunk[4096];
	uint64_t h = 14695981039346656037ULL;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/css/site.css", static_dir);
	if ((f = fopen(path, "rb")) == NULL) {
		rb_log_warn("pages: %s unreadable; assets unversioned", path);
		snprintf(out, 17, "0");
		return;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		for (size_t i = 0; i < n; i++)
			h = (h ^ chunk[i]) * 1099511628211ULL;
	fclose(f);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

int
rb_pages_init(struct rb_ctx *ctx, struct rb_err *err)
{
	size_t n;
	const struct rb_route *routes = rb_routes(&n);
	const char *bad;

	ctx->pages = rb_xcalloc(1, sizeof(*ctx->pages));
	ctx->pages->nnames = n + 1;
	ctx->pages->names = rb_xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		ctx->pages->names[i] = routes[i].name;
	ctx->pages->names[n] = "unmatched";
	asset_version(ctx->cfg->static_dir, ctx->asset_version);
	if ((bad = rb_access_table_error(routes, n)) != NULL)
		return rb_err_set(err, RB_INVALID,
		    "route %s changes state but lacks RB_R_CSRF", bad);
	return rb_router_init(&ctx->pages->router, routes, n, err);
}

void
rb_pages_release(struct rb_ctx *ctx)
{
	if (ctx->pages == NULL)
		return;
	rb_router_release(&ctx->pages->router);
	free(ctx->pages->names);
	free(ctx->pages);
	ctx->pages = NULL;
}

static int
route_request(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp, struct rb_dispatch_result *res,
    struct rb_err *err)
{
	const struct rb_kv_list *query;
	const struct rb_route *routes;
	struct rb_route_match match;
	size_t n;
	int status, rc;

	routes = rb_routes(&n);
	/* A malformed query is refused on every page, used or not. */
	if (req->query_string.len > 0 &&
	    (rc = rb_request_query(req, &query, err)) != RB_OK)
		return rb_http_status(rc);
	if (rb_router_route(&ctx->pages->router, req, &match) != RB_OK) {
		if (match.allow != NULL)
			rb_response_set_header(resp, "Allow", match.allow);
		return match.status;
	}
	res->route = (size_t)(match.route - routes);
	if ((status = rb_access_check(ctx, req, resp, match.route)) != 0)
		return status;
	rc = match.route->handler(ctx, req, resp);
	if (rc == RB_ERROR && !rb_db_connected(ctx->db)) {
		/* PostgreSQL is down or restarting: a temporary state the
		 * client may retry, not a bug of ours. */
		rb_response_set_header(resp, "Retry-After", "5");
		return 503;
	}
	return rc == RB_OK ? 0 : rb_http_status(rc);
}

/* A page made for a signed-in user is never stored by a shared cache. */
static void
private_if_signed_in(struct rb_ctx *ctx, struct rb_response *resp)
{
	struct rb_str cc = rb_response_header(resp, "Cache-Control");

	if (ctx->session == NULL || ctx->session->user.id == 0)
		return;
	if (cc.ptr == NULL || strncmp(cc.ptr, "public", 6) == 0)
		rb_response_set_header(resp, "Cache-Control",
		    "private, no-cache");
}

const char *const *
rb_pages_route_names(const struct rb_ctx *ctx, size_t *n)
{
	*n = ctx->pages->nnames;
	return ctx->pages->names;
}

void
rb_pages_dispatch(struct rb_ctx *ctx, char *const *envp,
    ssize_t (*read)(void *, char *, size_t), void *read_ctx,
    struct rb_buf *out, struct rb_dispatch_result *res)
{
	struct rb_request_limits lim;
	struct rb_request req;
	struct rb_response resp;
	struct rb_err err;
	int status, rc;
	unsigned long queries;

	/* "unmatched" until a route takes the request */
	res->route = ctx->pages->nnames - 1;
	rb_err_clear(&err);
	rb_request_limits_default(&lim);
	lim.max_body = (size_t)ctx->cfg->max_body;
	lim.max_fields = (size_t)ctx->cfg->max_fields;
	rb_response_init(&resp, &ctx->arena);
	queries = ctx->db != NULL ? rb_db_queries(ctx->db) : 0;
	rc = rb_request_init(&req, &ctx->arena, envp, &lim, read, read_ctx,
	    &err);
	rb_log_request(req.request_id.ptr);
	if (rc != RB_OK)
		status = rc == RB_TOOBIG ? 414 : rb_http_status(rc);
	else
		status = route_request(ctx, &req, &resp, res, &err);
	if (status == 303) {
		/* Sent to sign in: the redirect is the answer. */
	} else if (status != 0) {
		if (status >= 500)
			rb_log_warn("%.*s %.*s -> %d", (int)req.method_name.len,
			    req.method_name.ptr, (int)req.path.len,
			    req.path.ptr, status);
		/* err only ever holds the client's own input errors. */
		rb_page_error(ctx, &req, &resp, status,
		    status < 500 && err.msg[0] ? err.msg : NULL);
	}
	private_if_signed_in(ctx, &resp);
	ctx->session = NULL;
	rb_response_set_header(&resp, "X-Request-Id", req.request_id.ptr);
	/* How many statements the answer cost: the tests hold pages to
	 * their query budget with it, and it tells an operator why a page
	 * is slow. A count, never SQL. */
	if (ctx->db != NULL)
		rb_response_set_header(&resp, "Server-Timing", rb_arena_printf(
		    &ctx->arena, "db;desc=\"queries=%lu\"",
		    rb_db_queries(ctx->db) - queries));
	if (rb_response_serialize(&resp, req.method == RB_M_HEAD, out) != RB_OK)
		rb_buf_puts(out, "Status: 500 Internal Server Error\r\n"
				 "Content-Type: text/plain\r\n\r\nerror\n");
	res->status = resp.status;
}
