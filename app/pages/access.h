/*
 * Access control, in one place: who the request acts as (a session cookie
 * or an API bearer token) and whether the route's flags let it through.
 * Handlers never re-check; an audit reads this file and routes.c.
 */
#ifndef RB_PAGES_ACCESS_H
#define RB_PAGES_ACCESS_H

struct rb_ctx;
struct rb_request;
struct rb_response;
struct rb_route;

#include <stddef.h>

/* Route flags beyond the router's: the API token scope a route needs. */
#define RB_R_SCOPE_READ 0x100u
#define RB_R_SCOPE_ORDERS 0x200u
#define RB_R_SCOPE_LISTINGS 0x400u

/*
 * Sets ctx->session and checks route's flags. Returns 0 when the handler
 * may run; otherwise the status to answer (resp may carry a Location or
 * WWW-Authenticate header for it): 303 to the login page, 401, 403, or the
 * code of an unreadable body.
 */
int rb_access_check(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp, const struct rb_route *route);

/*
 * The route table's own rule, checked at start: every route for a method
 * that changes state (POST, PUT, PATCH, DELETE) carries RB_R_CSRF, so none
 * can forget it. Returns the pattern of the first offender, or NULL.
 */
const char *rb_access_table_error(const struct rb_route *routes, size_t n);

#endif
