/*
 * Password reset links: "forgot your password?" sends a link with a
 * single-use random token (core/secret.h) that expires after an hour. Only
 * the token's SHA-256 is stored (password_resets.token_hash), so a copy of
 * the database opens no account. Using a link sets the new password and
 * marks the token used in one SQL statement: a token can never be used
 * twice, even by two requests at once.
 */
#ifndef RB_DOMAIN_PASSWORD_RESET_H
#define RB_DOMAIN_PASSWORD_RESET_H

#include <stdint.h>

#include "core/str.h"

struct rb_ctx;
struct rb_err;
struct user_origin;

#define PASSWORD_RESET_MINUTES 60 /* a link's lifetime */
#define PASSWORD_RESET_PER_HOUR 5 /* links one account gets per hour */

/*
 * Asks for a reset link for the account with this email, if there is one.
 * link_base is the URL the token is appended to
 * ("http://host/en-us/password/reset?token="); the domain knows no paths.
 * For a known account under its hourly limit: stores the token's hash,
 * queues the "password_reset" email and records "reset_requested". For an
 * unknown address the same work is done but for the storing, so the answer
 * and, as far as practical, its timing are the same: nobody learns which
 * addresses have accounts.
 * RB_OK in both cases; RB_INVALID (field "email") for text that cannot be
 * an email address; RB_ERROR when the database fails.
 */
int password_reset_request(struct rb_ctx *ctx, struct rb_str email,
    const char *link_base, const struct user_origin *from,
    struct rb_err *err);

/*
 * Whether token is a live link: RB_OK and *user_id; RB_DECLINED when it is
 * malformed, unknown, used or expired (one answer for all: a caller cannot
 * tell them apart); RB_ERROR.
 */
int password_reset_check(struct rb_ctx *ctx, struct rb_str token,
    int64_t *user_id);

/*
 * Uses token to set password (checked with the password policy against the
 * account's email). RB_OK and *user_id: the password is changed, the token
 * and every other live link of the account are used up, failed sign-ins
 * are forgotten and "reset_used" is recorded; the caller ends the
 * account's sessions. RB_INVALID (field "password"): the policy refused
 * it; the token stays usable. RB_DECLINED: a dead token (as
 * password_reset_check), nothing changed. RB_ERROR.
 */
int password_reset_complete(struct rb_ctx *ctx, struct rb_str token,
    struct rb_str password, const struct user_origin *from,
    int64_t *user_id, struct rb_err *err);

#endif
