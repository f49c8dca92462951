/*
 * One PostgreSQL connection per worker, with every statement of
 * statements.h prepared on it. A lost connection is re-established on the
 * next query (statements prepared again); a query outside a transaction is
 * retried once after a reconnect, since it cannot have taken effect twice.
 */
#ifndef RB_DB_DB_H
#define RB_DB_DB_H

#include <stdbool.h>
#include <libpq-fe.h>

#include "db/statements.h"

struct rb_arena;
struct rb_db;

/* Creates the handle; does not connect yet. Strings are copied. */
struct rb_db *rb_db_new(const char *conninfo, int statement_timeout_ms);
void rb_db_free(struct rb_db *db);

/* Connects (if needed) and prepares every statement. RB_OK or RB_ERROR. */
int rb_db_connect(struct rb_db *db);

/* True when the last attempt left a usable connection. */
bool rb_db_connected(const struct rb_db *db);

/* Number of queries and of failures since start, for metrics. */
unsigned long rb_db_errors(const struct rb_db *db);

/*
 * Runs a prepared statement with n text parameters (NULL = SQL NULL).
 * On RB_OK *res holds the result, which the arena clears at its reset.
 * RB_ERROR (logged) when the query failed; *res is then NULL.
 */
int rb_db_query(struct rb_db *db, struct rb_arena *a, enum rb_stmt stmt,
    PGresult **res, int n, const char *const *params);

/* One statement of rb_db_query_batch: stmt and its n params in, res out. */
struct rb_db_call {
	enum rb_stmt stmt;
	int n;
	const char *const *params;
	PGresult *res;
};

/*
 * Runs n statements that do not depend on each other in one round trip
 * (libpq's pipeline mode), for reads: a page that needs two answers waits
 * for PostgreSQL once instead of twice. They run in one implicit
 * transaction, each with its own snapshot as usual. RB_OK with every
 * calls[i].res set as rb_db_query would; RB_ERROR (logged) when any of
 * them failed, every res then NULL. A lost connection is retried once,
 * as rb_db_query does; inside a transaction the statements simply run one
 * after the other.
 */
int rb_db_query_batch(struct rb_db *db, struct rb_arena *a,
    struct rb_db_call *calls, size_t n);

/*
 * Transactions. Between rb_db_begin and rb_db_commit/rb_db_rollback no
 * query is retried on a new connection: a connection lost inside a
 * transaction fails every later statement of it (and the commit), so a
 * retry can never run half of it outside the transaction.
 * rb_db_commit returns RB_ERROR when PostgreSQL rolled back instead.
 */
int rb_db_begin(struct rb_db *db, struct rb_arena *a);
int rb_db_commit(struct rb_db *db, struct rb_arena *a);
void rb_db_rollback(struct rb_db *db, struct rb_arena *a);

/* Rolls back a transaction a request left open (a bug: logged). Called
 * by the worker after every request. */
void rb_db_end_request(struct rb_db *db, struct rb_arena *a);

/* Statements run since start: a request's count is the difference. */
unsigned long rb_db_queries(const struct rb_db *db);

/* Statement i (0 <= i < RB_STMT_COUNT): its name, SQL and parameter count,
 * for `rebound statements`. */
void rb_db_statement(int i, const char **name, const char **sql,
    int *nparams);

/* The raw connection, for migrations; may be NULL. */
PGconn *rb_db_conn(struct rb_db *db);

#endif
