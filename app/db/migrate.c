#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/mem.h"
#include "db/migrate.h"

/* Arbitrary but fixed: the key of the advisory lock migrations hold. */
#define MIGRATE_LOCK_KEY "7355608"

struct migration {
	char *name; /* file name, e.g. 0001_markets.sql */
	char *sql;
};

static int
name_ok(const char *n)
{
	size_t len = strlen(n);

	/* NNNN_name.sql: a four-digit order, then a name. */
	if (len < 10 || strcmp(n + len - 4, ".sql") != 0 || n[4] != '_')
		return 0;
	for (int i = 0; i < 4; i++)
		if (n[i] < '0' || n[i] > '9')
			return 0;
	return 1;
}

static int
cmp_migration(const void *a, const void *b)
{
	return strcmp(((const struct migration *)a)->name,
	    ((const struct migration *)b)->name);
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct rb_buf b;
	char chunk[8192];
	size_t n;

	if (f == NULL)
		return NULL;
	rb_buf_init(&b, NULL);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rb_buf_append(&b, chunk, n);
	fclose(f);
	if (b.cap == 0)
		return rb_xstrdup("");
	return b.data;
}

static void
migrations_free(struct migration *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].name);
		free(m[i].sql);
	}
	free(m);
}

static int
list_dir(const char *dir, struct migration **out, size_t *count,
    struct rb_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct migration *m = NULL;
	size_t n = 0;
	char path[4096];

	if (d == NULL)
		return rb_err_set(err, RB_ERROR, "%s: %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (!name_ok(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		m = rb_xrealloc(m, (n + 1) * sizeof(*m));
		m[n].name = rb_xstrdup(e->d_name);
		if ((m[n].sql = read_file(path)) == NULL) {
			closedir(d);
			migrations_free(m, n + 1);
			return rb_err_set(err, RB_ERROR, "%s: cannot read", path);
		}
		n++;
	}
	closedir(d);
	qsort(m, n, sizeof(*m), cmp_migration);
	*out = m;
	*count = n;
	return RB_OK;
}

/* Runs one parameterised statement; RB_OK when it succeeded. */
static int
exec_params(PGconn *conn, const char *sql, int n, const char *const *p,
    PGresult **keep, struct rb_err *err)
{
	PGresult *res = PQexecParams(conn, sql, n, NULL, p, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		rb_err_set(err, RB_ERROR, "%s", PQresultErrorMessage(res));
		PQclear(res);
		return RB_ERROR;
	}
	if (keep != NULL)
		*keep = res;
	else
		PQclear(res);
	return RB_OK;
}

static int
apply_one(PGconn *conn, const struct migration *m, struct rb_err *err)
{
	const char *p[2] = { m->name, m->sql };
	PGresult *res;
	int ok;

	if (exec_params(conn, "BEGIN", 0, NULL, NULL, err) != RB_OK)
		return RB_ERROR;
	/* A migration file holds several statements, which only the simple
	 * query protocol runs; its text is ours, in the repository, never
	 * user data. */
	res = PQexec(conn, m->sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK ||
	    PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		rb_err_set(err, RB_ERROR, "%s: %s", m->name,
		    PQresultErrorMessage(res));
	PQclear(res);
	if (ok && exec_params(conn,
	    "INSERT INTO schema_migrations (name, checksum) "
	    "VALUES ($1, encode(sha256(convert_to($2, 'UTF8')), 'hex'))",
	    2, p, NULL, err) != RB_OK)
		ok = 0;
	if (!ok) {
		PQclear(PQexec(conn, "ROLLBACK"));
		return RB_ERROR;
	}
	return exec_params(conn, "COMMIT", 0, NULL, NULL, err);
}

/* Compares applied files with the directory; RB_CONFLICT on any drift. */
static int
verify_applied(PGconn *conn, const struct migration *m, size_t n,
    int *done, struct rb_err *err)
{
	PGresult *res;
	int rc = RB_OK;

	if (exec_params(conn,
	    "SELECT name, checksum FROM schema_migrations ORDER BY name", 0,
	    NULL, &res, err) != RB_OK)
		return RB_ERROR;
	for (int r = 0; r < PQntuples(res); r++) {
		const char *name = PQgetvalue(res, r, 0);
		const char *sum = PQgetvalue(res, r, 1);
		const char *p[1];
		PGresult *h;
		size_t i;

		for (i = 0; i < n && strcmp(m[i].name, name) != 0; i++)
			;
		if (i == n) {
			rc = rb_err_set(err, RB_CONFLICT,
			    "%s was applied but is no longer in the directory",
			    name);
			break;
		}
		p[0] = m[i].sql;
		if (exec_params(conn,
		    "SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')", 1,
		    p, &h, err) != RB_OK) {
			rc = RB_ERROR;
			break;
		}
		if (strcmp(PQgetvalue(h, 0, 0), sum) != 0)
			rc = rb_err_set(err, RB_CONFLICT,
			    "%s changed after it was applied: write a new "
			    "migration instead",
			    name);
		PQclear(h);
		if (rc != RB_OK)
			break;
		done[i] = 1;
	}
	PQclear(res);
	return rc;
}

int
rb_migrate_run(PGconn *conn, const char *dir, int *applied,
    struct rb_err *err)
{
	struct migration *m = NULL;
	size_t n = 0;
	int *done = NULL;
	int rc;

	*applied = 0;
	if ((rc = list_dir(dir, &m, &n, err)) != RB_OK)
		return rc;
	done = rb_xcalloc(n ? n : 1, sizeof(*done));
	rc = exec_params(conn, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")",
	    0, NULL, NULL, err);
	if (rc != RB_OK)
		goto out;
	rc = exec_params(conn,
	    "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    " name text PRIMARY KEY,"
	    " checksum text NOT NULL,"
	    " applied_at timestamptz NOT NULL DEFAULT now())",
	    0, NULL, NULL, err);
	if (rc == RB_OK)
		rc = verify_applied(conn, m, n, done, err);
	for (size_t i = 0; rc == RB_OK && i < n; i++) {
		if (done[i])
			continue;
		rb_log_info("migrate: applying %s", m[i].name);
		if ((rc = apply_one(conn, &m[i], err)) == RB_OK)
			(*applied)++;
	}
	PQclear(PQexec(conn, "SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")"));
out:
	free(done);
	migrations_free(m, n);
	return rc;
}
