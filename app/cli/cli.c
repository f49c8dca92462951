#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/config.h"
#include "core/err.h"
#include "core/log.h"
#include "db/migrate.h"
#include "http/router.h"
#include "pages/access.h"
#include "pages/routes.h"
#include "server/master.h"
#include "server/preflight.h"
#include "server/worker.h"

#define EX_USAGE 64

struct cmd {
	const char *name;
	int (*run)(const char *self, const char *config, int argc, char **argv);
	const char *usage;
	const char *help;
	int hidden;
};

static int cmd_serve(const char *, const char *, int, char **);
static int cmd_worker(const char *, const char *, int, char **);
static int cmd_migrate(const char *, const char *, int, char **);
static int cmd_check_config(const char *, const char *, int, char **);
static int cmd_routes(const char *, const char *, int, char **);

static const struct cmd commands[] = {
	{ "serve", cmd_serve, "serve [--config FILE]",
	    "Runs the FastCGI master and its workers in the foreground.\n"
	    "SIGHUP reloads configuration, templates and binary without\n"
	    "failing a request; SIGTERM drains and stops.",
	    0 },
	{ "migrate", cmd_migrate, "migrate [--config FILE] [--dir DIR]",
	    "Applies the pending sql/migrations/NNNN_name.sql files in order,\n"
	    "each once and in its own transaction.",
	    0 },
	{ "check-config", cmd_check_config, "check-config [--config FILE]",
	    "Validates the configuration, the templates and the data files,\n"
	    "and prints the effective values. Exit status 0 when all is well.",
	    0 },
	{ "routes", cmd_routes, "routes",
	    "Prints the route table as JSON lines: method, pattern, handler\n"
	    "name and access flags. Tests read it, so a new route is covered\n"
	    "by the authorization checks automatically.",
	    0 },
	{ "worker", cmd_worker, "worker [--config FILE]",
	    "Internal: one worker, started by serve.", 1 },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *f)
{
	fprintf(f, "usage: rebound <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!commands[i].hidden)
			fprintf(f, "  %s\n", commands[i].usage);
	fprintf(f, "\nEvery command takes --config FILE (default: the "
		   "REBOUND_CONFIG variable, else built-in defaults) and "
		   "--help.\nREBOUND_<KEY> variables override the file.\n");
}

static int
cmd_serve(const char *self, const char *config, int argc, char **argv)
{
	(void)argc, (void)argv;
	return rb_master_run(self, config);
}

static int
cmd_worker(const char *self, const char *config, int argc, char **argv)
{
	(void)self, (void)argc, (void)argv;
	return rb_worker_run(config);
}

static int
cmd_check_config(const char *self, const char *config, int argc, char **argv)
{
	struct rb_config cfg;
	struct rb_err err;

	(void)self, (void)argc, (void)argv;
	if (rb_config_load(&cfg, config, environ, &err) != RB_OK ||
	    rb_preflight(&cfg, &err) != RB_OK) {
		fprintf(stderr, "rebound: %s\n", err.msg);
		rb_config_free(&cfg);
		return 1;
	}
	rb_config_dump(&cfg, 1);
	rb_config_free(&cfg);
	return 0;
}

static int
cmd_routes(const char *self, const char *config, int argc, char **argv)
{
	static const struct {
		unsigned bit;
		const char *name;
	} flags[] = { { RB_R_SESSION, "session" }, { RB_R_CSRF, "csrf" },
		{ RB_R_SELLER, "seller" }, { RB_R_ADMIN, "admin" },
		{ RB_R_API, "api" }, { RB_R_SCOPE_READ, "scope:read" },
		{ RB_R_SCOPE_ORDERS, "scope:orders" },
		{ RB_R_SCOPE_LISTINGS, "scope:listings" } };
	size_t n;
	const struct rb_route *r = rb_routes(&n);

	(void)self, (void)config, (void)argc, (void)argv;
	for (size_t i = 0; i < n; i++) {
		const char *sep = "";

		printf("{\"method\":\"%s\",\"pattern\":\"%s\",\"name\":\"%s\","
		       "\"flags\":[",
		    rb_method_name(r[i].method), r[i].pattern, r[i].name);
		for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
			if (r[i].flags & flags[k].bit) {
				printf("%s\"%s\"", sep, flags[k].name);
				sep = ",";
			}
		printf("]}\n");
	}
	return 0;
}

static int
cmd_migrate(const char *self, const char *config, int argc, char **argv)
{
	const char *dir = "sql/migrations";
	struct rb_config cfg;
	struct rb_err err;
	PGconn *conn = NULL;
	int applied = 0, rc = 1;

	(void)self;
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
	rb_err_clear(&err);
	if (rb_config_load(&cfg, config, environ, &err) != RB_OK) {
		fprintf(stderr, "rebound: %s\n", err.msg);
		goto out;
	}
	conn = PQconnectdb(cfg.database);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "rebound: migrate: %s", PQerrorMessage(conn));
		goto out;
	}
	if (rb_migrate_run(conn, dir, &applied, &err) != RB_OK) {
		fprintf(stderr, "rebound: migrate: %s\n", err.msg);
		goto out;
	}
	printf("migrate: %d applied, database up to date\n", applied);
	rc = 0;
out:
	PQfinish(conn);
	rb_config_free(&cfg);
	return rc;
}

/* The binary's absolute path, so workers exec what is on disk now. */
static const char *
self_path(char *buf, size_t n)
{
	ssize_t len = readlink("/proc/self/exe", buf, n - 1);

	if (len <= 0)
		return NULL;
	buf[len] = '\0';
	/* A rebuilt binary replaces the file; the link then says so. */
	if (len > 10 && strcmp(buf + len - 10, " (deleted)") == 0)
		buf[len - 10] = '\0';
	return buf;
}

int
rb_cli_main(int argc, char **argv)
{
	static char self[PATH_MAX];
	const char *config = getenv("REBOUND_CONFIG");
	const struct cmd *cmd = NULL;
	int rest = 0;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EX_USAGE : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("rebound %s\n", REBOUND_VERSION);
		return 0;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			cmd = &commands[i];
	if (cmd == NULL) {
		fprintf(stderr, "rebound: unknown command \"%s\"\n", argv[1]);
		usage(stderr);
		return EX_USAGE;
	}
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("usage: rebound %s\n\n%s\n", cmd->usage, cmd->help);
			return 0;
		}
		if (strcmp(argv[i], "--config") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "rebound: --config needs a file\n");
				return EX_USAGE;
			}
			config = argv[++i];
			continue;
		}
		argv[2 + rest++] = argv[i];
	}
	if (self_path(self, sizeof(self)) == NULL) {
		fprintf(stderr, "rebound: cannot find my own binary\n");
		return 1;
	}
	return cmd->run(self, config, rest, argv + 2);
}
