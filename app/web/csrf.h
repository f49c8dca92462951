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
 * NULL: then never). RB_DECLINED when it may not: nothing may change, the
 * caller answers 403. A body that cannot be read as a form returns that
 * error's code instead (RB_INVALID 400, RB_TOOBIG 413, RB_UNSUPPORTED 415),
 * so a malformed request is told so rather than called forged.
 */
int rb_csrf_check(struct rb_ctx *ctx, struct rb_request *req,
    const struct rb_session *s);

#endif
