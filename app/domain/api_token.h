/*
 * API tokens: made by a user in their settings, shown once, stored as a
 * SHA-256 hash, with a name, scopes (read, orders, listings) and a
 * last-used time; revoked, never deleted, so the log stays readable.
 */
#ifndef RB_DOMAIN_API_TOKEN_H
#define RB_DOMAIN_API_TOKEN_H

#include <stdint.h>

#include "core/str.h"
#include "core/secret.h"

struct rb_ctx;
struct rb_err;
struct rb_user;
struct user_origin;
struct pg_result;

/* Parses "read orders" style scope lists into RB_SCOPE_* bits; RB_INVALID
 * on an unknown scope or none at all. */
int api_token_scopes_parse(const struct rb_str *names, size_t n,
    unsigned *scopes, struct rb_err *err);

/* Creates a token; out receives the secret, which exists nowhere else. */
int api_token_create(struct rb_ctx *ctx, int64_t user_id, struct rb_str name,
    unsigned scopes, const struct user_origin *from,
    char out[RB_TOKEN_LEN + 1], struct rb_err *err);

/* RB_OK, or RB_DECLINED when user_id has no such live token. */
int api_token_revoke(struct rb_ctx *ctx, int64_t user_id, int64_t id,
    const struct user_origin *from);

/* The live tokens of user_id: id, name, scopes, created, last used. The
 * result is cleared with the arena. */
int api_token_list(struct rb_ctx *ctx, int64_t user_id,
    struct pg_result **res);

/*
 * The user and scopes behind a presented token: RB_OK, or RB_DECLINED for
 * an unknown or revoked token.
 */
int api_token_authenticate(struct rb_ctx *ctx, struct rb_str token,
    struct rb_user *user, unsigned *scopes);

#endif
