/*
 * Sessions: a random 256-bit id in a cookie; only its SHA-256 is used as a
 * key or stored. PostgreSQL holds every session (the truth); memcached
 * holds a copy for 60 s, read first, so losing memcached costs a query,
 * never a login. A cached copy embeds the hash it was stored under, checked
 * on read. Timeouts: idle (config session_idle_minutes) and absolute
 * (session_max_days). Anonymous visitors get a session only when a page
 * needs one (a form's CSRF token, a cart), so other pages stay cacheable.
 *
 * A session lives in the request arena; ctx->session points at the
 * request's, or is NULL.
 */
#ifndef RB_WEB_SESSION_H
#define RB_WEB_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "domain/principal.h"
#include "core/secret.h"

struct rb_ctx;
struct rb_request;
struct rb_response;

struct rb_session {
	/* An API call with a bearer token: no cookie, no CSRF, only scopes.
	 * hash_hex and csrf are then empty. */
	bool via_token;
	unsigned scopes;
	char hash_hex[RB_HASH_HEX_LEN + 1];
	char csrf[RB_TOKEN_LEN + 1];
	time_t created, last_seen, expires;
	struct rb_user user;
};

#define RB_SESSION_COOKIE "rb_session"
#define RB_SESSION_COOKIE_HOST "__Host-rb_session" /* over HTTPS */

/*
 * The session named by the request's cookie, if it exists and has not
 * timed out; NULL otherwise (no cookie, unknown, expired, or the database
 * unreachable). Touches last_seen at most once a minute.
 */
struct rb_session *rb_session_load(struct rb_ctx *ctx, struct rb_request *req);

/*
 * The request's session (ctx->session), or a new anonymous one whose
 * cookie is set on resp. NULL only when the database cannot store it.
 */
struct rb_session *rb_session_ensure(struct rb_ctx *ctx,
    struct rb_request *req, struct rb_response *resp);

/*
 * Signs user_id in: a new session id and CSRF token replace the request's
 * session (which is deleted), so an id known before login is worthless
 * after it (no fixation). Sets the cookie; ctx->session becomes the new
 * one. RB_OK or RB_ERROR.
 */
int rb_session_login(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp, int64_t user_id);

/* Deletes the request's session everywhere and expires the cookie. */
void rb_session_logout(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp);

/*
 * Ends every session of user_id but the one whose hash is keep_hex (may
 * be NULL: end them all), in PostgreSQL and memcached. Returns how many.
 */
int rb_session_end_others(struct rb_ctx *ctx, int64_t user_id,
    const char *keep_hex);

/*
 * Ends one session of user_id by its hash (the "sign out that device"
 * button). RB_OK, or RB_DECLINED when the user has no such session.
 */
int rb_session_end_one(struct rb_ctx *ctx, int64_t user_id,
    const char *hash_hex);

/* Drops the cached copy of every session of user_id, after a change to
 * the user (name, role) that the copies hold. */
void rb_session_forget_user(struct rb_ctx *ctx, int64_t user_id);

#endif
