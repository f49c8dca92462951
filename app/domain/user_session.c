#include <inttypes.h>

#include "core/ctx.h"
#include "db/db.h"
#include "domain/user_session.h"

int
user_session_list(struct rb_ctx *ctx, int64_t user_id, int idle_minutes,
    struct pg_result **res)
{
	const char *p[2] = {
		rb_arena_printf(&ctx->arena, "%" PRId64, user_id),
		rb_arena_printf(&ctx->arena, "%d", idle_minutes),
	};

	return rb_db_query(ctx->db, &ctx->arena, RB_STMT_SESSION_LIST_ACTIVE,
	    res, 2, p);
}
