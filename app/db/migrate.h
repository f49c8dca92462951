/*
 * Applies sql/migrations/NNNN_name.sql in order, each once, each in its own
 * transaction, recorded in schema_migrations with a SHA-256 of its text.
 * Refuses to run when an applied file has changed or disappeared. Holds an
 * advisory lock so two migrate runs cannot interleave.
 */
#ifndef RB_DB_MIGRATE_H
#define RB_DB_MIGRATE_H

#include <libpq-fe.h>

struct rb_err;

/*
 * Runs the pending migrations of dir on conn. *applied counts the files
 * applied now. RB_OK, or RB_ERROR / RB_CONFLICT with err->msg saying which
 * file and why.
 */
int rb_migrate_run(PGconn *conn, const char *dir, int *applied,
    struct rb_err *err);

#endif
