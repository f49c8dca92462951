/*
 * The signed-in sessions of an account, as its owner sees them ("where am
 * I signed in?"). Sessions themselves are made and ended by web/session.h;
 * this only reads the table, for the account's sessions page.
 */
#ifndef RB_DOMAIN_USER_SESSION_H
#define RB_DOMAIN_USER_SESSION_H

#include <stdint.h>

struct rb_ctx;
struct pg_result;

/*
 * The live sessions of user_id (not expired, used within idle_minutes),
 * most recently used first, at most 50. Columns: hash (hex), created,
 * last seen (both "YYYY-MM-DD HH24:MI", UTC), IP address ("" when
 * unknown), user agent. The result is cleared with the arena. RB_OK or
 * RB_ERROR.
 */
int user_session_list(struct rb_ctx *ctx, int64_t user_id, int idle_minutes,
    struct pg_result **res);

#endif
