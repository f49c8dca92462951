/*
 * Configuration: built-in defaults, then a "key = value" file, then
 * REBOUND_<KEY> environment variables (upper case), each overriding the one
 * before. Unknown keys and bad values are errors that name the file and
 * line (or the variable). Strings are owned by the struct (rb_config_free).
 */
#ifndef RB_CORE_CONFIG_H
#define RB_CORE_CONFIG_H

#include <stdbool.h>

#include "core/err.h"

struct rb_config {
	char *socket;	    /* FastCGI unix socket path */
	char *socket_group; /* group that may connect (nginx's); "" = ours */
	int workers;	    /* prefork workers; 0 = number of cores */
	char *database;	    /* libpq connection string */
	char *memcached;    /* "host:port[,host:port...]" */
	int cache_timeout_ms;
	char *templates; /* directory of .mustache files */
	char *static_dir;
	char *base_url; /* public origin, e.g. http://127.0.0.1:8080 */
	bool https;	/* served over HTTPS (decides Secure cookies, HSTS) */
	int log_level;
	int drain_timeout; /* seconds an old worker may keep serving */
	int statement_timeout_ms;
	int max_body;  /* bytes of request body the app accepts */
	int max_fields; /* form/query fields per request */
	int session_idle_minutes; /* a session unused this long ends */
	int session_max_days;	  /* and every session ends after this */
	char *data_dir;		  /* shipped data: common passwords, ... */
	char *po_dir;		  /* translations: <locale>.po */
	char *sql_dir;		  /* migrations/ and seed/ */
};

/* Fills cfg with the defaults. */
void rb_config_defaults(struct rb_config *cfg);

/*
 * Loads defaults, then path (if not NULL), then the environment.
 * Returns RB_OK, or RB_INVALID with err->msg naming the place and key.
 */
int rb_config_load(struct rb_config *cfg, const char *path,
    char *const *envp, struct rb_err *err);

/*
 * As rb_config_load, but keys this binary does not know are skipped: for a
 * running master reading a configuration that a newer binary (its next
 * workers) has validated.
 */
int rb_config_load_known(struct rb_config *cfg, const char *path,
    char *const *envp, struct rb_err *err);

/* Parses one "key = value" line's key and value into cfg. */
int rb_config_set(struct rb_config *cfg, const char *key, const char *value,
    struct rb_err *err);

/* The effective worker count (workers, or the number of cores). */
int rb_config_worker_count(const struct rb_config *cfg);

/* Writes every key with its effective value, one per line, to fd. */
void rb_config_dump(const struct rb_config *cfg, int fd);

void rb_config_free(struct rb_config *cfg);

#endif
