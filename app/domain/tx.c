#include <string.h>

#include "core/ctx.h"
#include "core/log.h"
#include "core/rc.h"
#include "db/db.h"
#include "domain/tx.h"

int
tx_begin(struct rb_ctx *ctx)
{
	PGresult *res;

	return rb_db_query(ctx->db, &ctx->arena, RB_STMT_TX_BEGIN, &res, 0,
	    NULL);
}

int
tx_commit(struct rb_ctx *ctx)
{
	PGresult *res;

	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_TX_COMMIT, &res, 0,
	    NULL) != RB_OK)
		return RB_ERROR;
	/* COMMIT of a failed transaction "succeeds" with the tag ROLLBACK. */
	if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		rb_log_error("db: transaction rolled back (%s)",
		    PQcmdStatus(res));
		return RB_ERROR;
	}
	return RB_OK;
}

void
tx_rollback(struct rb_ctx *ctx)
{
	PGresult *res;

	(void)rb_db_query(ctx->db, &ctx->arena, RB_STMT_TX_ROLLBACK, &res, 0,
	    NULL);
}
