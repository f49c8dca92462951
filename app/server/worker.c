#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "cache/cache.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/secret.h"
#include "db/db.h"
#include "domain/catalog_ref.h"
#include "domain/market.h"
#include "pages/dispatch.h"
#include "server/spawn.h"
#include "server/worker.h"
#include "pages/langs.h"
#include "domain/password.h"

#define MAX_CONNS 512
#define EX_CONFIG 78

struct worker {
	struct rb_ctx ctx;
	struct rb_config cfg;
	FCGX_Request req;
	struct rb_buf out; /* the whole response, written at once */
	int listen_fd;
	int conns[MAX_CONNS];
	int nconns;
	bool draining;
	int64_t drain_deadline_ms;
	unsigned long db_errors, cache_errors; /* last reported to metrics */
};

/* Set by the SIGTERM handler; read only between requests. */
static volatile sig_atomic_t stop_requested;

static void
on_term(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * SIGTERM stays blocked except inside ppoll, so it can only arrive while
 * the worker waits, never in the middle of a request. Ours is installed
 * before FCGX_Init, which then leaves SIGTERM alone.
 */
static void
signals_setup(sigset_t *waitmask)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, waitmask);
	sigdelset(waitmask, SIGTERM);
	sigdelset(waitmask, SIGINT);
}

static int
worker_init(struct worker *w, const char *config_path)
{
	struct rb_err err;
	const char *path;

	rb_err_clear(&err);
	if (rb_config_load(&w->cfg, config_path, environ, &err) != RB_OK) {
		rb_log_error("worker: %s", err.msg);
		return RB_ERROR;
	}
	rb_log_set_level(w->cfg.log_level);
	w->ctx.cfg = &w->cfg;
	/* Big enough for a category listing (its rows and view), so a
	 * worker does not malloc and free blocks on every request. */
	rb_arena_init(&w->ctx.arena, 512 * 1024);
	rb_buf_init(&w->out, NULL);
	if (rb_langs_load(w->cfg.templates, w->cfg.po_dir, &w->ctx.langs,
	    &err) != RB_OK) {
		rb_log_error("worker: templates: %s", err.msg);
		return RB_ERROR;
	}
	w->ctx.tmpl = rb_langs_source(w->ctx.langs);
	w->ctx.gettext = rb_langs_gettext;
	if (rb_secret_init() != RB_OK) {
		rb_log_error("worker: libsodium cannot start");
		return RB_ERROR;
	}
	path = rb_arena_printf(&w->ctx.arena, "%s/common-passwords.txt",
	    w->cfg.data_dir);
	if (rb_password_list_load(path, &w->ctx.common_passwords, &err) !=
	    RB_OK) {
		rb_log_error("worker: %s", err.msg);
		return RB_ERROR;
	}
	rb_arena_reset(&w->ctx.arena);
	w->ctx.metrics = rb_metrics_map(RB_FD_METRICS);
	w->ctx.db = rb_db_new(w->cfg.database, w->cfg.statement_timeout_ms);
	/* PostgreSQL down at start is not fatal: the worker answers 503 and
	 * connects as soon as it is back. */
	(void)rb_db_connect(w->ctx.db);
	/* The catalog's names now rather than with the first page, which
	 * would run five statements more. Without PostgreSQL, the first
	 * page that needs them loads them. */
	if (rb_db_connected(w->ctx.db))
		(void)catalog_ref_preload(&w->ctx);
	rb_arena_reset(&w->ctx.arena);
	w->ctx.cache = rb_cache_new(w->cfg.memcached, w->cfg.cache_timeout_ms);
	if (rb_pages_init(&w->ctx, &err) != RB_OK) {
		rb_log_error("worker: %s", err.msg);
		return RB_ERROR;
	}
	if (FCGX_Init() != 0) {
		rb_log_error("worker: FCGX_Init failed");
		return RB_ERROR;
	}
	FCGX_InitRequest(&w->req, -1, 0);
	w->listen_fd = RB_FD_LISTEN;
	return RB_OK;
}

static void
worker_release(struct worker *w)
{
	for (int i = 0; i < w->nconns; i++)
		close(w->conns[i]);
	rb_pages_release(&w->ctx);
	market_table_free(w->ctx.markets);
	catalog_ref_free(w->ctx.catalog_ref);
	rb_password_list_free(w->ctx.common_passwords);
	rb_arena_release(&w->ctx.arena);
	rb_buf_release(&w->out);
	rb_langs_free(w->ctx.langs);
	rb_db_free(w->ctx.db);
	rb_cache_free(w->ctx.cache);
	rb_metrics_unmap(w->ctx.metrics);
	rb_config_free(&w->cfg);
}

/* Reads the request body for the HTTP layer, through libfcgi. */
static ssize_t
body_read(void *stream, char *buf, size_t n)
{
	int got = FCGX_GetStr(buf, n > INT32_MAX ? INT32_MAX : (int)n, stream);

	return got < 0 ? -1 : got;
}

static void
report_errors(struct worker *w)
{
	unsigned long d = rb_db_errors(w->ctx.db);
	unsigned long c = rb_cache_errors(w->ctx.cache);

	rb_metrics_add(w->ctx.metrics, RB_M_DB_ERRORS, d - w->db_errors);
	rb_metrics_add(w->ctx.metrics, RB_M_CACHE_ERRORS, c - w->cache_errors);
	w->db_errors = d;
	w->cache_errors = c;
}

/*
 * Reads what the handler left of the body: on a kept connection, unread
 * stdin records would be taken for the start of the next request.
 */
static void
drain_body(FCGX_Stream *in)
{
	char junk[4096];

	while (FCGX_GetStr(junk, sizeof(junk), in) > 0)
		;
}

/*
 * Serves one request arriving on fd. Returns the fd if nginx keeps the
 * connection open for more, -1 once it is closed.
 */
static int
serve_one(struct worker *w, int fd)
{
	struct rb_dispatch_result res;
	int64_t start;

	w->req.ipcFd = fd;
	w->req.keepConnection = 1;
	if (FCGX_Accept_r(&w->req) < 0) {
		/* libfcgi closed a connection it could not read a request
		 * from; with no listen socket of its own it stops there. */
		return -1;
	}
	start = mono_us();
	rb_buf_reset(&w->out);
	rb_pages_dispatch(&w->ctx, w->req.envp, body_read, w->req.in, &w->out,
	    &res);
	drain_body(w->req.in);
	rb_db_end_request(w->ctx.db, &w->ctx.arena);
	if (FCGX_PutStr(w->out.data, (int)w->out.len, w->req.out) < 0)
		rb_log_warn("worker: client went away while writing");
	FCGX_Finish_r(&w->req);
	rb_metrics_request(w->ctx.metrics, res.route, res.status,
	    (uint64_t)(mono_us() - start));
	report_errors(w);
	rb_log_request(NULL);
	rb_arena_reset(&w->ctx.arena);
	return w->req.ipcFd;
}

/* True when the peer has closed fd (nothing to read, EOF). */
static bool
conn_closed(int fd)
{
	char c;
	ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);

	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
	    errno != EINTR);
}

static void
accept_all(struct worker *w)
{
	while (w->nconns < MAX_CONNS) {
		/* Blocking fds: libfcgi reads them with plain read(). */
		int fd = accept4(w->listen_fd, NULL, NULL, SOCK_CLOEXEC);

		if (fd < 0)
			return; /* EAGAIN: another worker won it */
		w->conns[w->nconns++] = fd;
	}
}

static void
start_drain(struct worker *w)
{
	w->draining = true;
	w->drain_deadline_ms = mono_us() / 1000 +
	    (int64_t)w->cfg.drain_timeout * 1000;
	close(w->listen_fd);
	w->listen_fd = -1;
	rb_log_info("worker: draining %d kept connections", w->nconns);
}

static void
handle_ready(struct worker *w, const struct pollfd *p, int np)
{
	int keep = 0;
	int first = w->listen_fd >= 0 ? 1 : 0;

	for (int i = first; i < np; i++) {
		int fd = p[i].fd;

		if (p[i].revents != 0) {
			if ((p[i].revents & (POLLERR | POLLNVAL)) ||
			    conn_closed(fd)) {
				close(fd);
				continue;
			}
			fd = serve_one(w, fd);
			if (fd < 0)
				continue;
		}
		w->conns[keep++] = fd;
	}
	w->nconns = keep;
	if (first && (p[0].revents & POLLIN))
		accept_all(w);
}

static int
worker_loop(struct worker *w, const sigset_t *waitmask)
{
	static struct pollfd p[MAX_CONNS + 1];

	while (!w->draining || w->nconns > 0) {
		struct timespec ts = { 1, 0 };
		int np = 0;

		if (stop_requested && !w->draining)
			start_drain(w);
		if (w->draining &&
		    mono_us() / 1000 >= w->drain_deadline_ms) {
			rb_log_warn("worker: drain timeout; closing %d idle "
				    "connections",
			    w->nconns);
			break;
		}
		if (w->listen_fd >= 0)
			p[np++] = (struct pollfd){ w->listen_fd, POLLIN, 0 };
		for (int i = 0; i < w->nconns; i++)
			p[np++] = (struct pollfd){ w->conns[i], POLLIN, 0 };
		if (ppoll(p, (nfds_t)np, &ts, waitmask) < 0) {
			if (errno == EINTR)
				continue;
			rb_log_error("worker: ppoll: %s", strerror(errno));
			return 1;
		}
		handle_ready(w, p, np);
	}
	return 0;
}

int
rb_worker_run(const char *config_path)
{
	static struct worker w;
	sigset_t waitmask;
	int32_t pid = (int32_t)getpid();
	int rc;

	rb_log_set_role("worker");
	signals_setup(&waitmask);
	if (worker_init(&w, config_path) != RB_OK) {
		worker_release(&w);
		return EX_CONFIG;
	}
	/* Tell the master this worker can serve: a reload waits for it. */
	if (write(RB_FD_READY, &pid, sizeof(pid)) != sizeof(pid))
		rb_log_warn("worker: cannot signal readiness");
	close(RB_FD_READY);
	rc = worker_loop(&w, &waitmask);
	worker_release(&w);
	return rc;
}
