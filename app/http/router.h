/*
 * The route table: every URL the application answers, in one array
 * (redis's command table). The dispatcher enforces each route's flags, so
 * no handler re-checks a login or a CSRF token.
 *
 * Patterns are paths whose segments are literals or "{name}" parameters:
 * "/{m}/c/{category}". A parameter matches exactly one non-empty segment.
 * The trailing slash matters: "/{m}/" and "/{m}" are different patterns
 * (the first ends in an empty segment). "/" is the root.
 */
#ifndef RB_HTTP_ROUTER_H
#define RB_HTTP_ROUTER_H

#include <stddef.h>

#include "core/err.h"
#include "core/str.h"
#include "http/form.h"
#include "http/http.h"

struct rb_arena;
struct rb_ctx;
struct rb_request;
struct rb_response;

/*
 * A handler fills resp and returns RB_OK, or returns a code of rc.h for
 * the dispatcher to turn into an error page (rb_http_status).
 */
typedef int (*rb_handler)(
    struct rb_ctx *ctx, struct rb_request *req, struct rb_response *resp);

/* Route flags: what the dispatcher checks before calling the handler. */
#define RB_R_SESSION 0x01u /* needs a signed-in user */
#define RB_R_CSRF    0x02u /* a state-changing form: check the token */
#define RB_R_SELLER  0x04u /* needs an approved seller */
#define RB_R_ADMIN   0x08u /* needs an admin */
#define RB_R_API     0x10u /* JSON API: problem+json errors, bearer tokens */

#define RB_ROUTE_MAX_SEGS 32 /* longer paths never match */
#define RB_ROUTE_MAX_NAME 31 /* bytes of a {name} */

struct rb_route {
	enum rb_method method; /* one per row; HEAD requests also match GET */
	const char *pattern;
	rb_handler handler;
	unsigned flags;   /* RB_R_* */
	const char *name; /* for metrics and logs: "shop_product_show" */
};

struct rb_route_prog; /* a pattern compiled into segments */

/*
 * A compiled table. Owns the compiled patterns (heap, made once at worker
 * start); borrows the route array, which must outlive it (a static const
 * table does).
 */
struct rb_router {
	const struct rb_route *routes;
	size_t nroutes;
	struct rb_route_prog *progs;
};

/*
 * Compiles the n routes. RB_OK, or RB_INVALID with err->msg naming the
 * pattern when a route has a method other than GET..OPTIONS, a NULL
 * handler or name, a pattern that does not start with '/', an empty
 * segment other than a trailing one, a '{' or '}' outside a whole
 * "{name}" segment, a name that is not [A-Za-z_][A-Za-z0-9_]* of at most
 * RB_ROUTE_MAX_NAME bytes, a name used twice in one pattern, more than
 * RB_ROUTE_MAX_SEGS segments; or when an earlier route with the same
 * method matches every path this one does (it could never be reached:
 * list "/seller/listings/new" before "/seller/listings/{id}").
 * On failure rt needs no release.
 */
int rb_router_init(struct rb_router *rt, const struct rb_route *routes,
    size_t n, struct rb_err *err);

void rb_router_release(struct rb_router *rt);

struct rb_route_match {
	const struct rb_route *route; /* RB_OK: the route; else NULL */
	/* RB_OK: {name} -> decoded segment, NUL-terminated copies in the
	 * arena, in pattern order. */
	struct rb_kv_list params;
	int status;        /* 200, 404 or 405 */
	const char *allow; /* 405: "GET, HEAD, POST" (arena); else NULL */
};

/*
 * Finds the first route, in table order, whose pattern matches path (a
 * decoded path, rb_request.path) and whose method is method. A HEAD
 * request takes a HEAD route if one matches, else the GET route.
 * RB_OK: out->route and out->params set, status 200.
 * RB_DECLINED with status 404: no pattern matches the path.
 * RB_DECLINED with status 405: patterns match, none for this method;
 *   out->allow lists their methods (HEAD whenever GET is there), for the
 *   Allow header.
 */
int rb_router_match(const struct rb_router *rt, enum rb_method method,
    struct rb_str path, struct rb_arena *a, struct rb_route_match *out);

/*
 * rb_router_match on req's method, path and arena; on RB_OK also sets
 * req->params, which rb_request_param reads.
 */
int rb_router_route(const struct rb_router *rt, struct rb_request *req,
    struct rb_route_match *out);

#endif
