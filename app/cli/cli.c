#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cache/cache.h"
#include "cli/seed.h"
#include "domain/catalog.h"
#include "http/form.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/log.h"
#include "core/secret.h"
#include "db/db.h"
#include "db/migrate.h"
#include "domain/user.h"
#include "http/router.h"
#include "pages/access.h"
#include "pages/routes.h"
#include "server/master.h"
#include "server/preflight.h"
#include "server/worker.h"
#include "domain/password.h"

#define EX_USAGE 64
#define EX_DATAERR 65

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
static int cmd_statements(const char *, const char *, int, char **);
static int cmd_seed(const char *, const char *, int, char **);
static int cmd_user(const char *, const char *, int, char **);
static int cmd_offer(const char *, const char *, int, char **);

static const struct cmd commands[] = {
	{ "serve", cmd_serve, "serve [--config FILE]",
	    "Runs the FastCGI master and its workers in the foreground.\n"
	    "SIGHUP reloads configuration, templates and binary without\n"
	    "failing a request; SIGTERM drains and stops.",
	    0 },
	{ "migrate", cmd_migrate, "migrate [--config FILE] [--dir DIR]",
	    "Applies the pending <sql_dir>/migrations/NNNN_name.sql files in\n"
	    "order, each once and in its own transaction.",
	    0 },
	{ "seed", cmd_seed, "seed --demo [--scale N] [--config FILE]",
	    "Adds the demo data: the accounts admin@rebound.test (admin),\n"
	    "seller@rebound.test (owner of the approved seller \"Demo Refurb\n"
	    "Co\") and shopper@rebound.test, password \"" SEED_DEMO_PASSWORD
	    "\".\nIdempotent: what exists is left as it is. --scale (default 1)\n"
	    "is for the generated data of later steps.",
	    0 },
	{ "offer", cmd_offer,
	    "offer update ID [--price MINOR] [--stock N] [--status S] "
	    "[--config FILE]",
	    "Changes an offer's price, stock or status (active, paused, "
	    "archived)\n  through the domain layer, which makes the cached "
	    "pages showing it stale.", false },
	{ "user", cmd_user, "user add --email E --name N [--admin] [--config FILE]",
	    "Creates an account, with the password read from standard input\n"
	    "(one line) and checked by the site's password policy. Prints the\n"
	    "new account's id. --admin makes it an administrator.",
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
	{ "statements", cmd_statements, "statements",
	    "Prints every prepared statement as JSON lines: name, parameter\n"
	    "count and SQL, exactly as the workers prepare them. Tests read\n"
	    "it to EXPLAIN the statements on a seeded database.",
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
cmd_statements(const char *self, const char *config, int argc, char **argv)
{
	struct rb_buf b;

	(void)self, (void)config, (void)argc, (void)argv;
	rb_buf_init(&b, NULL);
	for (int i = 0; i < RB_STMT_COUNT; i++) {
		const char *name, *sql;
		int n;

		rb_db_statement(i, &name, &sql, &n);
		rb_buf_reset(&b);
		rb_buf_puts(&b, "{\"name\":");
		rb_buf_append_json(&b, name, strlen(name));
		rb_buf_printf(&b, ",\"nparams\":%d,\"sql\":", n);
		rb_buf_append_json(&b, sql, strlen(sql));
		rb_buf_puts(&b, "}\n");
		fwrite(b.data, 1, b.len, stdout);
	}
	rb_buf_release(&b);
	return 0;
}

static int
cmd_migrate(const char *self, const char *config, int argc, char **argv)
{
	const char *dir = NULL;
	char dirbuf[4096];
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
	if (dir == NULL) {
		snprintf(dirbuf, sizeof(dirbuf), "%s/migrations", cfg.sql_dir);
		dir = dirbuf;
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
	/* Every deploy migrates: fragments rendered by the old code (or
	 * from the old schema) must not outlive it. */
	{
		struct rb_cache *cache = rb_cache_new(cfg.memcached,
		    cfg.cache_timeout_ms);

		(void)rb_cache_ns_bump(cache, CATALOG_NS_ALL);
		rb_cache_free(cache);
	}
	rc = 0;
out:
	PQfinish(conn);
	rb_config_free(&cfg);
	return rc;
}

/*
 * What a command that uses the domain needs from a worker's context:
 * configuration, libsodium, the common-password list and a database
 * connection (which prepares every statement, so the schema must be
 * migrated). No templates, no cache. RB_OK, or a message on stderr.
 */
static int
ctx_open(const char *config, const char *who, struct rb_config *cfg,
    struct rb_ctx *ctx)
{
	struct rb_err err;
	const char *path;

	memset(ctx, 0, sizeof(*ctx));
	rb_err_clear(&err);
	if (rb_config_load(cfg, config, environ, &err) != RB_OK) {
		fprintf(stderr, "rebound: %s\n", err.msg);
		return RB_ERROR;
	}
	rb_log_set_level(cfg->log_level);
	ctx->cfg = cfg;
	rb_arena_init(&ctx->arena, 64 * 1024);
	if (rb_secret_init() != RB_OK) {
		fprintf(stderr, "rebound: %s: libsodium cannot start\n", who);
		return RB_ERROR;
	}
	path = rb_arena_printf(&ctx->arena, "%s/common-passwords.txt",
	    cfg->data_dir);
	if (rb_password_list_load(path, &ctx->common_passwords, &err) !=
	    RB_OK) {
		fprintf(stderr, "rebound: %s: %s\n", who, err.msg);
		return RB_ERROR;
	}
	ctx->db = rb_db_new(cfg->database, cfg->statement_timeout_ms);
	if (rb_db_connect(ctx->db) != RB_OK) {
		fprintf(stderr, "rebound: %s: cannot use the database (is it "
				"running and migrated? see the log above)\n",
		    who);
		return RB_ERROR;
	}
	return RB_OK;
}

static void
ctx_close(struct rb_config *cfg, struct rb_ctx *ctx)
{
	rb_db_free(ctx->db);
	if (ctx->cache != NULL)
		rb_cache_free(ctx->cache);
	rb_password_list_free(ctx->common_passwords);
	if (ctx->arena.block_size != 0)
		rb_arena_release(&ctx->arena);
	rb_config_free(cfg); /* loaded, or at least defaulted, by ctx_open */
}

static int
cmd_seed(const char *self, const char *config, int argc, char **argv)
{
	struct seed_opts o = { .scale = 1 };
	struct rb_config cfg;
	struct rb_ctx ctx;
	bool demo = false;
	int rc = 1;

	(void)self;
	for (int i = 0; i < argc; i++) {
		char *end;

		if (strcmp(argv[i], "--demo") == 0) {
			demo = true;
		} else if (strcmp(argv[i], "--scale") == 0 && i + 1 < argc) {
			long v = strtol(argv[++i], &end, 10);

			if (*argv[i] == '\0' || *end != '\0' || v < 1 ||
			    v > 1000) {
				fprintf(stderr, "rebound: seed: --scale takes a "
						"number from 1 to 1000\n");
				return EX_USAGE;
			}
			o.scale = (int)v;
		} else {
			fprintf(stderr, "rebound: seed: unknown option \"%s\"\n"
					"usage: rebound seed --demo [--scale N]\n",
			    argv[i]);
			return EX_USAGE;
		}
	}
	if (!demo) {
		fprintf(stderr, "rebound: seed: only demo data exists: "
				"rebound seed --demo\n");
		return EX_USAGE;
	}
	if (ctx_open(config, "seed", &cfg, &ctx) == RB_OK &&
	    seed_demo(&ctx, &o, stdout) == RB_OK) {
		/* Pages cached from the catalog before are stale now. */
		ctx.cache = rb_cache_new(cfg.memcached, cfg.cache_timeout_ms);
		rb_cache_ns_bump(ctx.cache, CATALOG_NS_ALL);
		rc = 0;
	}
	ctx_close(&cfg, &ctx);
	return rc;
}

/*
 * The password: one line of standard input, its line end removed. A
 * prompt only when a person types it; no echo control (a script pipes
 * it in). RB_OK, or RB_INVALID with a message on stderr.
 */
static int
read_password(char *buf, size_t n)
{
	size_t len;

	if (isatty(0))
		fprintf(stderr, "Password: ");
	if (fgets(buf, (int)n, stdin) == NULL) {
		fprintf(stderr, "rebound: user add: no password on standard "
				"input (one line)\n");
		return RB_INVALID;
	}
	len = strlen(buf);
	if (len == n - 1 && buf[len - 1] != '\n' && !feof(stdin)) {
		fprintf(stderr, "rebound: user add: the password line is too "
				"long\n");
		return RB_INVALID;
	}
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	return RB_OK;
}

static int
cmd_user(const char *self, const char *config, int argc, char **argv)
{
	static const struct user_origin from = { NULL, "rebound user add" };
	const char *email = NULL, *name = NULL;
	char password[2048];
	struct rb_config cfg;
	struct rb_ctx ctx;
	struct rb_err err;
	bool admin = false;
	int64_t id;
	int rc;

	(void)self;
	if (argc < 1 || strcmp(argv[0], "add") != 0) {
		fprintf(stderr, "usage: rebound user add --email E --name N "
				"[--admin]\n");
		return EX_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--email") == 0 && i + 1 < argc)
			email = argv[++i];
		else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (strcmp(argv[i], "--admin") == 0)
			admin = true;
		else {
			fprintf(stderr, "rebound: user add: unknown or "
					"incomplete option \"%s\"\n",
			    argv[i]);
			return EX_USAGE;
		}
	}
	if (email == NULL || name == NULL) {
		fprintf(stderr, "rebound: user add: --email and --name are "
				"required\n");
		return EX_USAGE;
	}
	if (read_password(password, sizeof(password)) != RB_OK)
		return EX_DATAERR;
	if (ctx_open(config, "user add", &cfg, &ctx) != RB_OK) {
		ctx_close(&cfg, &ctx);
		return 1;
	}
	rb_err_clear(&err);
	/* user_register applies the site's rules: name, email, and the
	 * password policy with the common list of data_dir. */
	rc = user_register(&ctx, rb_str_c(email), rb_str_c(name),
	    rb_str_c(password), admin, &from, &id, &err);
	memset(password, 0, sizeof(password));
	if (rc == RB_OK) {
		printf("%" PRId64 "\n", id);
	} else if (rc == RB_INVALID || rc == RB_CONFLICT) {
		fprintf(stderr, "rebound: user add: %s%s%s\n", err.field,
		    err.field[0] ? ": " : "", err.msg);
	} else {
		fprintf(stderr, "rebound: user add: the account could not be "
				"stored (see the log above)\n");
	}
	ctx_close(&cfg, &ctx);
	return rc == RB_OK ? 0 : rc == RB_INVALID ? EX_DATAERR : 1;
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

static int
cmd_offer(const char *self, const char *config, int argc, char **argv)
{
	struct catalog_offer_change c = { .price = -1, .stock = -1 };
	struct rb_config cfg;
	struct rb_ctx ctx;
	int64_t id;
	int rc = 1;

	(void)self;
	if (argc < 2 || strcmp(argv[0], "update") != 0 ||
	    rb_parse_i64(rb_str_c(argv[1]), 1, INT64_MAX, &id) != RB_OK) {
		fprintf(stderr, "usage: rebound offer update ID [--price MINOR] "
				"[--stock N] [--status S]\n");
		return EX_USAGE;
	}
	for (int i = 2; i < argc; i++) {
		int64_t v;

		if (strcmp(argv[i], "--price") == 0 && i + 1 < argc &&
		    rb_parse_i64(rb_str_c(argv[i + 1]), 1, 9999999999,
		    &v) == RB_OK)
			c.price = v;
		else if (strcmp(argv[i], "--stock") == 0 && i + 1 < argc &&
		    rb_parse_i64(rb_str_c(argv[i + 1]), 0, 1000000,
		    &v) == RB_OK)
			c.stock = (int)v;
		else if (strcmp(argv[i], "--status") == 0 && i + 1 < argc)
			c.status = argv[i + 1];
		else {
			fprintf(stderr, "rebound: offer update: bad or "
					"incomplete option \"%s\"\n", argv[i]);
			return EX_USAGE;
		}
		i++;
	}
	if (ctx_open(config, "offer update", &cfg, &ctx) == RB_OK) {
		ctx.cache = rb_cache_new(cfg.memcached, cfg.cache_timeout_ms);
		switch (catalog_offer_update(&ctx, id, &c)) {
		case RB_OK:
			rc = 0;
			break;
		case RB_DECLINED:
			fprintf(stderr, "rebound: offer update: no offer %"
			    PRId64 "\n", id);
			break;
		case RB_INVALID:
			fprintf(stderr, "rebound: offer update: invalid "
					"price, stock or status\n");
			rc = EX_DATAERR;
			break;
		default:
			fprintf(stderr, "rebound: offer update: failed (see "
					"the log above)\n");
		}
	}
	ctx_close(&cfg, &ctx);
	return rc;
}
