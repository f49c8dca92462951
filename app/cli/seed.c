#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>

#include "cli/seed.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/ctx.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/user.h"

/* One step of the demo data; run again, it finds what it made. */
struct seed_step {
	const char *name;
	int (*run)(struct rb_ctx *ctx, const struct seed_opts *o, FILE *out);
};

static int seed_accounts(struct rb_ctx *, const struct seed_opts *, FILE *);
static int seed_catalog(struct rb_ctx *, const struct seed_opts *, FILE *);

/* In order: later steps may use what earlier ones made. */
static const struct seed_step steps[] = {
	{ "accounts", seed_accounts },
	{ "catalog", seed_catalog },
};
#define NSTEPS (sizeof(steps) / sizeof(steps[0]))

static const struct {
	const char *email;
	const char *name;
	bool admin;
	bool seller_owner; /* owner of the demo seller */
} demo_accounts[] = {
	{ "admin@rebound.test", "Ada Admin", true, false },
	{ "seller@rebound.test", "Sam Seller", false, true },
	{ "shopper@rebound.test", "Sasha Shopper", false, false },
};

#define DEMO_SELLER_NAME "Demo Refurb Co"
#define DEMO_SELLER_SLUG "demo-refurb-co"

static const char *
i64(struct rb_ctx *ctx, int64_t v)
{
	return rb_arena_printf(&ctx->arena, "%" PRId64, v);
}

/* The account with this email, made if missing: RB_OK and *id. */
static int
ensure_user(struct rb_ctx *ctx, const char *email, const char *name,
    bool admin, int64_t *id, FILE *out)
{
	static const struct user_origin from = { NULL, "rebound seed" };
	const char *p[1] = { email };
	PGresult *res;
	struct rb_err err;
	int rc;

	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_USER_BY_EMAIL, &res, 1,
	    p) != RB_OK)
		return RB_ERROR;
	if (PQntuples(res) == 1) {
		*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		fprintf(out, "seed: account %s exists (id %" PRId64 ")\n",
		    email, *id);
		return RB_OK;
	}
	/* Through the password policy like anyone's: a demo password the
	 * policy refused would fail here, not at the first demo. */
	rb_err_clear(&err);
	rc = user_register(ctx, rb_str_c(email), rb_str_c(name),
	    RB_STR(SEED_DEMO_PASSWORD), admin, &from, id, &err);
	if (rc != RB_OK) {
		fprintf(stderr, "rebound: seed: %s: %s\n", email,
		    err.msg[0] ? err.msg : "the database refused it");
		return rc;
	}
	fprintf(out, "seed: account %s created (id %" PRId64 ")%s\n", email,
	    *id, admin ? ", admin" : "");
	return RB_OK;
}

static int
seed_accounts(struct rb_ctx *ctx, const struct seed_opts *o, FILE *out)
{
	const char *p[3];
	PGresult *res;
	int64_t id, seller_id;
	int rc;

	(void)o;
	p[0] = DEMO_SELLER_NAME;
	p[1] = DEMO_SELLER_SLUG;
	p[2] = "approved";
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_SELLER_ENSURE, &res, 3,
	    p) != RB_OK || PQntuples(res) != 1)
		return RB_ERROR;
	seller_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	fprintf(out, "seed: seller %s (id %" PRId64 ")\n", DEMO_SELLER_SLUG,
	    seller_id);
	for (size_t i = 0;
	     i < sizeof(demo_accounts) / sizeof(demo_accounts[0]); i++) {
		if ((rc = ensure_user(ctx, demo_accounts[i].email,
		    demo_accounts[i].name, demo_accounts[i].admin, &id,
		    out)) != RB_OK)
			return rc;
		if (!demo_accounts[i].seller_owner)
			continue;
		p[0] = i64(ctx, seller_id);
		p[1] = i64(ctx, id);
		p[2] = "owner";
		if (rb_db_query(ctx->db, &ctx->arena,
		    RB_STMT_SELLER_MEMBER_ENSURE, &res, 3, p) != RB_OK)
			return RB_ERROR;
	}
	return RB_OK;
}

/* The file's text, NUL-terminated, in the arena; NULL when unreadable. */
static char *
slurp(struct rb_ctx *ctx, const char *path)
{
	struct rb_buf b;
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return NULL;
	rb_buf_init(&b, &ctx->arena);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rb_buf_append(&b, chunk, n);
	fclose(f);
	return b.data;
}

/* Runs sql as one simple query; RB_OK when every statement in it did. */
static int
run_script(PGconn *conn, const char *what, const char *sql)
{
	PGresult *res;
	int ok = 1;

	/* A script file holds several statements, which only the simple
	 * query protocol runs; its text is ours, from the repository. */
	if (!PQsendQuery(conn, sql)) {
		fprintf(stderr, "rebound: seed: %s: %s", what,
		    PQerrorMessage(conn));
		return RB_ERROR;
	}
	while ((res = PQgetResult(conn)) != NULL) {
		ExecStatusType st = PQresultStatus(res);

		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && ok) {
			fprintf(stderr, "rebound: seed: %s: %s", what,
			    PQresultErrorMessage(res));
			ok = 0;
		}
		PQclear(res);
	}
	return ok ? RB_OK : RB_ERROR;
}

/*
 * The demo catalog: sql/seed/demo.sql, generated in SQL at the requested
 * scale, in one transaction. The file itself does nothing when a catalog
 * exists, so seeding twice is harmless.
 */
/*
 * Fresh statistics, and the search index's pending list merged: until
 * then the planner scans product_search and products sequentially
 * (measured at scale 10). Fixed statements without parameters, run
 * outside any transaction as VACUUM must be; a failure only leaves the
 * work to autovacuum.
 */
static void
vacuum(PGconn *conn)
{
	static const char *const sql[] = {
		"SET statement_timeout = 0",
		"VACUUM (ANALYZE) product_search, product_prices, products, "
		"variants, offers, price_history, new_prices, search_words",
		"RESET statement_timeout",
	};

	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		PGresult *res = PQexecParams(conn, sql[i], 0, NULL, NULL, NULL,
		    NULL, 0);

		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			fprintf(stderr, "rebound: seed: %s: %s", sql[i],
			    PQresultErrorMessage(res));
		PQclear(res);
	}
}

static int
seed_catalog(struct rb_ctx *ctx, const struct seed_opts *o, FILE *out)
{
	const char *path = rb_arena_printf(&ctx->arena, "%s/seed/demo.sql",
	    ctx->cfg->sql_dir);
	const char *p[1] = { rb_arena_printf(&ctx->arena, "%d", o->scale) };
	PGconn *conn = rb_db_conn(ctx->db);
	char *sql = slurp(ctx, path);
	PGresult *res;
	int rc;

	if (sql == NULL) {
		fprintf(stderr, "rebound: seed: cannot read %s\n", path);
		return RB_ERROR;
	}
	if (rb_db_begin(ctx->db, &ctx->arena) != RB_OK)
		return RB_ERROR;
	/* One long statement builds the whole catalog: the timeout that
	 * guards pages would stop it. Both settings end with the
	 * transaction. */
	res = PQexecParams(conn,
	    "SELECT set_config('rebound.seed_scale', $1, true), "
	    "       set_config('statement_timeout', '0', true)",
	    1, NULL, p, NULL, NULL, 0);
	rc = PQresultStatus(res) == PGRES_TUPLES_OK ? RB_OK : RB_ERROR;
	PQclear(res);
	if (rc == RB_OK)
		rc = run_script(conn, path, sql);
	if (rc != RB_OK) {
		rb_db_rollback(ctx->db, &ctx->arena);
		return RB_ERROR;
	}
	if (rb_db_commit(ctx->db, &ctx->arena) != RB_OK)
		return RB_ERROR;
	vacuum(conn);
	/* The file itself skips the work when a catalog exists. */
	fprintf(out, "seed: catalog ready (made at scale %d if it was "
	    "empty)\n", o->scale);
	return RB_OK;
}

int
seed_demo(struct rb_ctx *ctx, const struct seed_opts *o, FILE *out)
{
	for (size_t i = 0; i < NSTEPS; i++) {
		int rc = steps[i].run(ctx, o, out);

		rb_arena_reset(&ctx->arena);
		if (rc != RB_OK) {
			fprintf(stderr, "rebound: seed: step \"%s\" failed\n",
			    steps[i].name);
			return rc;
		}
	}
	return RB_OK;
}
