#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/rc.h"
#include "db/db.h"

static const struct {
	const char *name;
	const char *sql;
	int nparams;
} statements[RB_STMT_COUNT] = {
#define RB_STMT_ROW(n, s, k) { #n, s, k },
	RB_STATEMENTS(RB_STMT_ROW)
#undef RB_STMT_ROW
};

struct rb_db {
	char *conninfo;
	int statement_timeout_ms;
	PGconn *conn;
	bool prepared;
	bool in_tx;	 /* between rb_db_begin and commit/rollback */
	bool tx_failed; /* the connection was lost inside it */
	time_t last_attempt; /* connection attempts are throttled */
	unsigned long errors;
	unsigned long queries;
};

struct rb_db *
rb_db_new(const char *conninfo, int statement_timeout_ms)
{
	struct rb_db *db = rb_xcalloc(1, sizeof(*db));

	db->conninfo = rb_xstrdup(conninfo);
	db->statement_timeout_ms = statement_timeout_ms;
	return db;
}

void
rb_db_free(struct rb_db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		PQfinish(db->conn);
	free(db->conninfo);
	free(db);
}

static void
notice_to_log(void *arg, const char *message)
{
	(void)arg;
	rb_log_debug("postgres: %s", message);
}

/*
 * Timeouts bound what one bad query or a forgotten transaction can hold:
 * a worker must never wait forever on a lock. Generic plans: every
 * statement is prepared once and run thousands of times, and replanning
 * the catalog's statements for each call (the planner's custom plans,
 * which it keeps choosing for array parameters) cost more than running
 * them; tests/integration/22-explain checks the generic plans.
 */
static int
session_setup(struct rb_db *db)
{
	char sql[256];
	PGresult *res;
	int ok;

	snprintf(sql, sizeof(sql),
	    "SET statement_timeout = %d; SET lock_timeout = %d; "
	    "SET idle_in_transaction_session_timeout = %d; "
	    "SET TIME ZONE 'UTC'; SET plan_cache_mode = force_generic_plan",
	    db->statement_timeout_ms, db->statement_timeout_ms,
	    db->statement_timeout_ms * 4);
	/* Fixed text with our own integers: no user data reaches it. */
	res = PQexec(db->conn, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		rb_log_error("db: session setup: %s", PQerrorMessage(db->conn));
	PQclear(res);
	return ok ? RB_OK : RB_ERROR;
}

static int
prepare_all(struct rb_db *db)
{
	for (int i = 0; i < RB_STMT_COUNT; i++) {
		PGresult *res = PQprepare(db->conn, statements[i].name,
		    statements[i].sql, statements[i].nparams, NULL);
		int ok = PQresultStatus(res) == PGRES_COMMAND_OK;

		if (!ok)
			rb_log_error("db: prepare %s: %s", statements[i].name,
			    PQresultErrorMessage(res));
		PQclear(res);
		if (!ok)
			return RB_ERROR;
	}
	db->prepared = true;
	return RB_OK;
}

int
rb_db_connect(struct rb_db *db)
{
	time_t now = time(NULL);

	if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK &&
	    db->prepared)
		return RB_OK;
	/* While PostgreSQL is down, try at most once a second per worker
	 * rather than on every request. */
	if (db->last_attempt == now && db->conn == NULL)
		return RB_ERROR;
	db->last_attempt = now;
	db->prepared = false;
	if (db->conn != NULL) {
		PQfinish(db->conn);
		db->conn = NULL;
	}
	db->conn = PQconnectdb(db->conninfo);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		rb_log_error("db: connect: %s", PQerrorMessage(db->conn));
		goto fail;
	}
	PQsetNoticeProcessor(db->conn, notice_to_log, NULL);
	if (session_setup(db) != RB_OK || prepare_all(db) != RB_OK)
		goto fail;
	rb_log_info("db: connected, %d statements prepared", RB_STMT_COUNT);
	return RB_OK;
fail:
	db->errors++;
	PQfinish(db->conn);
	db->conn = NULL;
	return RB_ERROR;
}

bool
rb_db_connected(const struct rb_db *db)
{
	return db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK;
}

unsigned long
rb_db_errors(const struct rb_db *db)
{
	return db->errors;
}

unsigned long
rb_db_queries(const struct rb_db *db)
{
	return db->queries;
}

void
rb_db_statement(int i, const char **name, const char **sql, int *nparams)
{
	*name = statements[i].name;
	*sql = statements[i].sql;
	*nparams = statements[i].nparams;
}

PGconn *
rb_db_conn(struct rb_db *db)
{
	return db->conn;
}

static void
clear_result(void *res)
{
	PQclear(res);
}

int
rb_db_query(struct rb_db *db, struct rb_arena *a, enum rb_stmt stmt,
    PGresult **out, int n, const char *const *params)
{
	PGresult *res = NULL;

	*out = NULL;
	if (db->in_tx && db->tx_failed)
		return RB_ERROR;
	for (int attempt = 0; attempt < 2; attempt++) {
		ExecStatusType st;

		if (rb_db_connect(db) != RB_OK)
			break;
		db->queries++;
		res = PQexecPrepared(db->conn, statements[stmt].name, n,
		    params, NULL, NULL, 0);
		st = PQresultStatus(res);
		if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
			rb_arena_defer(a, clear_result, res);
			*out = res;
			return RB_OK;
		}
		rb_log_error("db: %s: %s", statements[stmt].name,
		    PQresultErrorMessage(res));
		PQclear(res);
		db->errors++;
		/* A broken connection (PostgreSQL restarted) is retried once
		 * on a fresh one: outside a transaction the failed attempt
		 * cannot have taken effect. Any other error is final. */
		if (PQstatus(db->conn) == CONNECTION_OK)
			break;
		if (db->in_tx) {
			db->tx_failed = true;
			break;
		}
		db->last_attempt = 0;
	}
	return RB_ERROR;
}

/*
 * Reads every result of a pipeline, so the connection is usable whatever
 * happened: each statement's result and its terminating NULL, then the
 * sync. RB_OK only when every statement succeeded.
 */
static int
batch_collect(struct rb_db *db, struct rb_arena *a, struct rb_db_call *calls,
    size_t n)
{
	int rc = RB_OK;
	PGresult *res;

	for (size_t i = 0; i < n; i++) {
		ExecStatusType st;

		if ((res = PQgetResult(db->conn)) == NULL)
			return RB_ERROR; /* the connection is gone */
		st = PQresultStatus(res);
		if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
			rb_arena_defer(a, clear_result, res);
			calls[i].res = res;
		} else {
			if (st != PGRES_PIPELINE_ABORTED)
				rb_log_error("db: %s: %s",
				    statements[calls[i].stmt].name,
				    PQresultErrorMessage(res));
			PQclear(res);
			rc = RB_ERROR;
		}
		while ((res = PQgetResult(db->conn)) != NULL)
			PQclear(res);
	}
	while ((res = PQgetResult(db->conn)) != NULL) {
		ExecStatusType st = PQresultStatus(res);

		PQclear(res);
		if (st == PGRES_PIPELINE_SYNC)
			break;
	}
	return rc;
}

static int
batch_once(struct rb_db *db, struct rb_arena *a, struct rb_db_call *calls,
    size_t n)
{
	size_t sent = 0;
	int rc = RB_ERROR;

	if (PQenterPipelineMode(db->conn) != 1)
		return RB_ERROR;
	for (; sent < n; sent++)
		if (PQsendQueryPrepared(db->conn,
		    statements[calls[sent].stmt].name, calls[sent].n,
		    calls[sent].params, NULL, NULL, 0) != 1)
			break;
	if (PQpipelineSync(db->conn) == 1)
		rc = batch_collect(db, a, calls, sent);
	if (sent < n) {
		rb_log_error("db: pipeline: %s", PQerrorMessage(db->conn));
		rc = RB_ERROR;
	}
	/* A connection left in pipeline mode would refuse every later
	 * query: drop it, so the next attempt starts on a fresh one. */
	if (PQexitPipelineMode(db->conn) != 1) {
		rb_log_error("db: pipeline: %s", PQerrorMessage(db->conn));
		PQfinish(db->conn);
		db->conn = NULL;
		rc = RB_ERROR;
	}
	return rc;
}

int
rb_db_query_batch(struct rb_db *db, struct rb_arena *a,
    struct rb_db_call *calls, size_t n)
{
	for (size_t i = 0; i < n; i++)
		calls[i].res = NULL;
	if (db->in_tx) {
		for (size_t i = 0; i < n; i++)
			if (rb_db_query(db, a, calls[i].stmt, &calls[i].res,
			    calls[i].n, calls[i].params) != RB_OK)
				return RB_ERROR;
		return RB_OK;
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		if (rb_db_connect(db) != RB_OK)
			break;
		db->queries += n;
		if (batch_once(db, a, calls, n) == RB_OK)
			return RB_OK;
		db->errors++;
		for (size_t i = 0; i < n; i++)
			calls[i].res = NULL; /* the arena clears any we got */
		/* As in rb_db_query: only a lost connection is retried. */
		if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK)
			break;
		db->last_attempt = 0;
	}
	return RB_ERROR;
}

int
rb_db_begin(struct rb_db *db, struct rb_arena *a)
{
	PGresult *res;

	if (db->in_tx) {
		rb_log_error("db: nested transaction refused");
		return RB_ERROR;
	}
	if (rb_db_query(db, a, RB_STMT_TX_BEGIN, &res, 0, NULL) != RB_OK)
		return RB_ERROR;
	db->in_tx = true;
	db->tx_failed = false;
	return RB_OK;
}

int
rb_db_commit(struct rb_db *db, struct rb_arena *a)
{
	PGresult *res;
	int rc = rb_db_query(db, a, RB_STMT_TX_COMMIT, &res, 0, NULL);

	db->in_tx = false;
	if (rc != RB_OK)
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
rb_db_rollback(struct rb_db *db, struct rb_arena *a)
{
	PGresult *res;

	if (!db->tx_failed)
		(void)rb_db_query(db, a, RB_STMT_TX_ROLLBACK, &res, 0, NULL);
	db->in_tx = false;
	db->tx_failed = false;
}

void
rb_db_end_request(struct rb_db *db, struct rb_arena *a)
{
	if (!db->in_tx)
		return;
	rb_log_error("db: a request left a transaction open; rolled back");
	rb_db_rollback(db, a);
}
