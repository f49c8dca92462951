/*
 * Cross-site request forgery: a state-changing request must come from our
 * own pages. It carries the session's token (form field csrf_token, or the
 * X-CSRF-Token header for fetch requests), compared in constant time, and
 * where the browser says where it comes from (Origin, Sec-Fetch-Site), that
 * must be us.
 */
#ifndef RB_WEB_CSRF_H
#define RB_WEB_CSRF_H

struct rb_ctx;
struct rb_request;
struct rb_session;

#define RB_CSRF_FIELD "csrf_token"

/*
 * RB_OK when req may change state on behalf of session s (which may be
 * NULL: then never). Otherwise RB_INVALID, and nothing may change; the
 * caller answers 403. A body that cannot be read as a form (too large,
 * malformed) returns that error's code instead.
 */
int rb_csrf_check(struct rb_ctx *ctx, struct rb_request *req,
    const struct rb_session *s);

#endif
