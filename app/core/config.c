#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/log.h"
#include "core/mem.h"

enum opt_type { OPT_STR, OPT_INT, OPT_BOOL, OPT_LEVEL };

/* Every key the file and environment may set: one table, like redis. */
static const struct opt {
	const char *name;
	enum opt_type type;
	size_t off;
	long min, max;
	const char *def;
} opts[] = {
#define O(n, t, lo, hi, d) { #n, t, offsetof(struct rb_config, n), lo, hi, d }
	O(socket, OPT_STR, 0, 0, "var/run/rebound.sock"),
	O(socket_group, OPT_STR, 0, 0, ""),
	O(workers, OPT_INT, 0, 256, "0"),
	O(database, OPT_STR, 0, 0, "dbname=rebound"),
	O(memcached, OPT_STR, 0, 0, "127.0.0.1:11211"),
	O(cache_timeout_ms, OPT_INT, 1, 10000, "50"),
	O(templates, OPT_STR, 0, 0, "templates"),
	O(static_dir, OPT_STR, 0, 0, "static"),
	O(base_url, OPT_STR, 0, 0, "http://127.0.0.1:8080"),
	O(https, OPT_BOOL, 0, 1, "false"),
	O(log_level, OPT_LEVEL, 0, 3, "info"),
	O(drain_timeout, OPT_INT, 1, 3600, "30"),
	O(statement_timeout_ms, OPT_INT, 10, 600000, "5000"),
	O(max_body, OPT_INT, 1024, 64 << 20, "1048576"),
	O(max_fields, OPT_INT, 1, 100000, "256"),
	O(session_idle_minutes, OPT_INT, 1, 1440, "30"),
	O(session_max_days, OPT_INT, 1, 365, "14"),
	O(data_dir, OPT_STR, 0, 0, "data"),
	O(po_dir, OPT_STR, 0, 0, "po"),
	O(sql_dir, OPT_STR, 0, 0, "sql"),
#undef O
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

static const struct opt *
opt_find(const char *name)
{
	for (size_t i = 0; i < NOPTS; i++)
		if (strcmp(opts[i].name, name) == 0)
			return &opts[i];
	return NULL;
}

static int
parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcmp(v, yes[i]) == 0)
			return *out = true, RB_OK;
		if (strcmp(v, no[i]) == 0)
			return *out = false, RB_OK;
	}
	return RB_INVALID;
}

static int
opt_apply(struct rb_config *cfg, const struct opt *o, const char *v,
    struct rb_err *err)
{
	char *slot = (char *)cfg + o->off;
	char *end;
	long n;
	int level;

	switch (o->type) {
	case OPT_STR:
		free(*(char **)slot);
		*(char **)slot = rb_xstrdup(v);
		return RB_OK;
	case OPT_BOOL:
		if (parse_bool(v, (bool *)slot) != RB_OK)
			return rb_err_set(err, RB_INVALID,
			    "%s: expected true or false, got \"%s\"", o->name, v);
		return RB_OK;
	case OPT_LEVEL:
		if ((level = rb_log_level_parse(v)) < 0)
			return rb_err_set(err, RB_INVALID,
			    "%s: expected error, warn, info or debug, got \"%s\"",
			    o->name, v);
		*(int *)slot = level;
		return RB_OK;
	case OPT_INT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno != 0 || end == v || *end != '\0' || n < o->min ||
		    n > o->max)
			return rb_err_set(err, RB_INVALID,
			    "%s: expected a whole number from %ld to %ld, got \"%s\"",
			    o->name, o->min, o->max, v);
		*(int *)slot = (int)n;
		return RB_OK;
	}
	return RB_ERROR;
}

int
rb_config_set(struct rb_config *cfg, const char *key, const char *value,
    struct rb_err *err)
{
	const struct opt *o = opt_find(key);

	if (o == NULL)
		return rb_err_set(err, RB_INVALID, "unknown key \"%s\"", key);
	return opt_apply(cfg, o, value, err);
}

void
rb_config_defaults(struct rb_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < NOPTS; i++)
		(void)opt_apply(cfg, &opts[i], opts[i].def, NULL);
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
load_file(struct rb_config *cfg, const char *path, bool known_only,
    struct rb_err *err)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	int lineno = 0, rc = RB_OK;

	if (f == NULL)
		return rb_err_set(err, RB_INVALID, "%s: %s", path,
		    strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		char *p, *eq, *key, *val;
		struct rb_err e;

		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			rc = rb_err_set(err, RB_INVALID, "%s:%d: line too long",
			    path, lineno);
			break;
		}
		p = trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		if ((eq = strchr(p, '=')) == NULL) {
			rc = rb_err_set(err, RB_INVALID,
			    "%s:%d: expected \"key = value\"", path, lineno);
			break;
		}
		*eq = '\0';
		key = trim(p);
		val = trim(eq + 1);
		if (known_only && opt_find(key) == NULL)
			continue;
		if (rb_config_set(cfg, key, val, &e) != RB_OK) {
			rc = rb_err_set(err, RB_INVALID, "%s:%d: %s", path,
			    lineno, e.msg);
			break;
		}
	}
	fclose(f);
	return rc;
}

static int
load_env(struct rb_config *cfg, char *const *envp, struct rb_err *err)
{
	for (size_t i = 0; i < NOPTS; i++) {
		char name[64];
		const char *v = NULL;
		size_t n;

		n = (size_t)snprintf(name, sizeof(name), "REBOUND_%s=",
		    opts[i].name);
		for (size_t k = 8; k < n - 1; k++)
			name[k] = (char)toupper((unsigned char)name[k]);
		for (char *const *e = envp; e && *e; e++)
			if (strncmp(*e, name, n) == 0)
				v = *e + n;
		if (v != NULL) {
			struct rb_err e;

			if (opt_apply(cfg, &opts[i], v, &e) != RB_OK)
				return rb_err_set(err, RB_INVALID, "%.*s: %s",
				    (int)(n - 1), name, e.msg);
		}
	}
	return RB_OK;
}

int
rb_config_load(struct rb_config *cfg, const char *path, char *const *envp,
    struct rb_err *err)
{
	rb_config_defaults(cfg);
	if (path != NULL && load_file(cfg, path, false, err) != RB_OK)
		return RB_INVALID;
	return load_env(cfg, envp, err);
}

int
rb_config_load_known(struct rb_config *cfg, const char *path,
    char *const *envp, struct rb_err *err)
{
	rb_config_defaults(cfg);
	if (path != NULL && load_file(cfg, path, true, err) != RB_OK)
		return RB_INVALID;
	return load_env(cfg, envp, err);
}

int
rb_config_worker_count(const struct rb_config *cfg)
{
	long n;

	if (cfg->workers > 0)
		return cfg->workers;
	/* Two per core: a worker waiting on memcached or PostgreSQL leaves
	 * its core to the other (measured: 1.5-3.5x the warm catalog pages'
	 * throughput of one per core on 2 cores). */
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? 2 * (int)n : 2;
}

void
rb_config_dump(const struct rb_config *cfg, int fd)
{
	static const char *const levels[] = { "error", "warn", "info", "debug" };
	struct rb_buf b;

	rb_buf_init(&b, NULL);
	for (size_t i = 0; i < NOPTS; i++) {
		const char *slot = (const char *)cfg + opts[i].off;

		rb_buf_printf(&b, "%s = ", opts[i].name);
		switch (opts[i].type) {
		case OPT_STR:
			/* Never print a password from a connection string. */
			if (strstr(*(char *const *)slot, "password") != NULL)
				rb_buf_puts(&b, "(hidden: contains a password)");
			else
				rb_buf_puts(&b, *(char *const *)slot);
			break;
		case OPT_INT:
			rb_buf_printf(&b, "%d", *(const int *)slot);
			break;
		case OPT_BOOL:
			rb_buf_puts(&b, *(const bool *)slot ? "true" : "false");
			break;
		case OPT_LEVEL:
			rb_buf_puts(&b, levels[*(const int *)slot]);
			break;
		}
		rb_buf_putc(&b, '\n');
	}
	if (write(fd, b.data, b.len) < 0) {
		/* the caller's fd is gone; nothing to do */
	}
	rb_buf_release(&b);
}

void
rb_config_free(struct rb_config *cfg)
{
	for (size_t i = 0; i < NOPTS; i++)
		if (opts[i].type == OPT_STR) {
			char **slot = (char **)((char *)cfg + opts[i].off);

			free(*slot);
			*slot = NULL;
		}
}
