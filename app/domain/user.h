/*
 * Accounts: registration, sign-in with throttling, passwords, profile, and
 * the authentication log. No HTTP here: the caller passes the client's
 * address and user agent as plain strings.
 */
#ifndef RB_DOMAIN_USER_H
#define RB_DOMAIN_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/str.h"

struct rb_ctx;
struct rb_err;

/* Where a request came from, for the authentication log. */
struct user_origin {
	const char *ip;		/* NULL when unknown */
	const char *user_agent;
};

/* Failed sign-ins per address typed before the waits start. */
#define USER_THROTTLE_AFTER 5

/*
 * Lower-cases and checks an email address into out (256 bytes). RB_OK or
 * RB_INVALID on the "email" field.
 */
int user_email_normalize(struct rb_str in, char out[256], struct rb_err *err);

/* Checks a display name: 1-100 characters, no control characters. */
int user_name_check(struct rb_str name, struct rb_err *err);

/*
 * Creates an account. RB_OK and *id; RB_INVALID naming the field at fault
 * (email, name, password); RB_CONFLICT on "email" when it is taken.
 */
int user_register(struct rb_ctx *ctx, struct rb_str email, struct rb_str name,
    struct rb_str password, bool admin, const struct user_origin *from,
    int64_t *id, struct rb_err *err);

/*
 * Checks an email and password. RB_OK and *id; RB_INVALID ("email or
 * password is wrong", one message for both so nothing tells which); or
 * RB_CONFLICT while the address is throttled after repeated failures.
 * Failures are recorded in PostgreSQL; a hash made with older parameters
 * is upgraded on success.
 */
int user_authenticate(struct rb_ctx *ctx, struct rb_str email,
    struct rb_str password, const struct user_origin *from, int64_t *id,
    struct rb_err *err);

/* Checks the current password, then sets a new one. RB_INVALID naming
 * current_password or password. */
int user_change_password(struct rb_ctx *ctx, int64_t id,
    struct rb_str current, struct rb_str password,
    const struct user_origin *from, struct rb_err *err);

/* Sets a new password without the old one (a used reset link). */
int user_set_password(struct rb_ctx *ctx, int64_t id, struct rb_str password,
    struct rb_err *err);

/*
 * Changes name and email; a new email needs the current password.
 * RB_INVALID naming the field, RB_CONFLICT on "email" when taken.
 */
int user_update_profile(struct rb_ctx *ctx, int64_t id, struct rb_str name,
    struct rb_str email, struct rb_str password,
    const struct user_origin *from, struct rb_err *err);

/* Records an authentication event (see auth_events.event). */
void user_event(struct rb_ctx *ctx, int64_t user_id, const char *event,
    const char *email, const struct user_origin *from);

#endif
