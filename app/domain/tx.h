/*
 * Transactions on the worker's one connection, for domain functions that
 * must change several rows as one. Nothing else may run on the connection
 * between tx_begin and tx_commit or tx_rollback.
 *
 * A caveat of db.h: a query whose connection broke is retried once on a
 * fresh one, outside the transaction. A transaction cut by a lost
 * connection is rolled back by PostgreSQL, and a later statement of it may
 * then have run on its own: use a transaction to make a rule hold when all
 * goes well and to save round trips, and make each statement safe on its
 * own (filters by owner, single-statement checks) where it matters.
 */
#ifndef RB_DOMAIN_TX_H
#define RB_DOMAIN_TX_H

struct rb_ctx;

/* RB_OK or RB_ERROR. */
int tx_begin(struct rb_ctx *ctx);

/*
 * RB_OK when the transaction committed; RB_ERROR when it did not (an
 * earlier statement failed, so PostgreSQL rolled it back, or the
 * connection is gone).
 */
int tx_commit(struct rb_ctx *ctx);

/* Rolls back; for failure paths, so it returns nothing. */
void tx_rollback(struct rb_ctx *ctx);

#endif
