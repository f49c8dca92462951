/*
 * Probes for load balancers and operators: /healthz says the worker runs,
 * /readyz that it can reach PostgreSQL and memcached, /metrics counts.
 */
#include <json-c/json.h>

#include "cache/cache.h"
#include "core/ctx.h"
#include "core/metrics.h"
#include "db/db.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/handlers.h"
#include "pages/dispatch.h"

int
ops_healthz_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	(void)ctx, (void)req;
	resp->content_type = "text/plain; charset=utf-8";
	rb_response_set_header(resp, "Cache-Control", "no-store");
	rb_buf_puts(&resp->body, "ok\n");
	return RB_OK;
}

int
ops_readyz_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	PGresult *res;
	int db = rb_db_query(ctx->db, &ctx->arena, RB_STMT_PING, &res, 0,
	    NULL) == RB_OK;
	int cache = rb_cache_ping(ctx->cache) == RB_OK;

	(void)req;
	/* Without memcached the site is slower but fully working: ready,
	 * "degraded". A 503 would make a load balancer pull every host out
	 * during a cache outage. Without PostgreSQL it cannot serve. */
	resp->status = db ? 200 : 503;
	resp->content_type = "application/json";
	rb_response_set_header(resp, "Cache-Control", "no-store");
	rb_buf_printf(&resp->body,
	    "{\"status\":\"%s\",\"database\":\"%s\",\"cache\":\"%s\"}\n",
	    !db ? "unavailable" : cache ? "ready" : "degraded",
	    db ? "ok" : "unreachable",
	    cache ? "ok" : "unreachable");
	return RB_OK;
}

int
ops_metrics_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	size_t n;
	const char *const *names = rb_pages_route_names(ctx, &n);

	(void)req;
	resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	rb_response_set_header(resp, "Cache-Control", "no-store");
	if (ctx->metrics != NULL)
		rb_metrics_render(ctx->metrics, names, n, &resp->body);
	return RB_OK;
}
