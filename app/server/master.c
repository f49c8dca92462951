#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/config.h"
#include "core/err.h"
#include "core/log.h"
#include "core/metrics.h"
#include "server/listen.h"
#include "server/master.h"
#include "server/preflight.h"
#include "server/spawn.h"

#define MAX_CHILDREN 1024
#define RELOAD_READY_MS 15000 /* new workers must be ready within this */
#define CRASH_WINDOW_MS 10000 /* deaths counted over this window... */
#define CRASH_LIMIT 3	      /* ...beyond which restarts back off */

struct child {
	pid_t pid;
	unsigned gen;
	int slot;
	bool ready;
	bool stopping;
	int64_t started_ms;
	int64_t kill_at_ms; /* SIGKILL if still alive then (0: never) */
};

struct slot_guard {
	int deaths;
	int64_t window_start_ms;
	int64_t respawn_at_ms; /* 0: nothing pending */
};

struct master {
	const char *self;
	const char *config_path;
	struct rb_config cfg;
	int nworkers;
	struct rb_spawn_fds fds;
	int sig_fd;
	int ready_rd;
	struct rb_metrics *metrics;
	unsigned gen;	      /* the generation that serves */
	unsigned pending_gen; /* a reload in progress (0: none) */
	int64_t pending_deadline_ms;
	bool stopping;
	struct child kids[MAX_CHILDREN];
	struct slot_guard guard[MAX_CHILDREN];
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct child *
child_find(struct master *m, pid_t pid)
{
	for (int i = 0; i < MAX_CHILDREN; i++)
		if (m->kids[i].pid == pid)
			return &m->kids[i];
	return NULL;
}

static int
start_worker(struct master *m, unsigned gen, int slot)
{
	struct child *c = child_find(m, 0);
	pid_t pid;

	if (c == NULL) {
		rb_log_error("master: too many children");
		return RB_ERROR;
	}
	pid = rb_spawn_worker(m->self, m->config_path, &m->fds);
	if (pid < 0)
		return RB_ERROR;
	*c = (struct child){ .pid = pid, .gen = gen, .slot = slot,
		.started_ms = now_ms() };
	rb_metrics_add(m->metrics, RB_M_WORKER_STARTS, 1);
	return RB_OK;
}

/* Tells a worker to stop taking new connections and finish its own. */
static void
stop_child(struct master *m, struct child *c)
{
	if (c->stopping)
		return;
	c->stopping = true;
	c->kill_at_ms = now_ms() + (int64_t)m->cfg.drain_timeout * 1000 + 5000;
	kill(c->pid, SIGTERM);
}

static void
stop_generation(struct master *m, unsigned gen)
{
	for (int i = 0; i < MAX_CHILDREN; i++)
		if (m->kids[i].pid > 0 && m->kids[i].gen == gen)
			stop_child(m, &m->kids[i]);
}

static void
reload(struct master *m)
{
	struct rb_config cfg;
	struct rb_err err;

	if (m->pending_gen != 0) {
		rb_log_warn("master: reload already in progress; ignored");
		return;
	}
	rb_err_clear(&err);
	/* The binary on disk (the next workers') judges the configuration
	 * and templates: it may know keys this master does not. */
	if (rb_spawn_check(m->self, m->config_path) != 0) {
		rb_log_error("master: reload refused (see check-config above); "
			     "old workers keep serving");
		return;
	}
	if (rb_config_load_known(&cfg, m->config_path, environ, &err) !=
	    RB_OK) {
		rb_log_error("master: reload refused, old workers keep "
			     "serving: %s",
		    err.msg);
		rb_config_free(&cfg);
		return;
	}
	if (strcmp(cfg.socket, m->cfg.socket) != 0)
		rb_log_warn("master: socket changes need a restart; keeping %s",
		    m->cfg.socket);
	free(cfg.socket);
	cfg.socket = m->cfg.socket;
	m->cfg.socket = NULL;
	rb_config_free(&m->cfg);
	m->cfg = cfg;
	m->nworkers = rb_config_worker_count(&m->cfg);
	rb_log_set_level(m->cfg.log_level);
	m->pending_gen = m->gen + 1;
	m->pending_deadline_ms = now_ms() + RELOAD_READY_MS;
	rb_log_info("master: reload: starting generation %u (%d workers)",
	    m->pending_gen, m->nworkers);
	for (int s = 0; s < m->nworkers; s++)
		(void)start_worker(m, m->pending_gen, s);
	rb_metrics_add(m->metrics, RB_M_RELOADS, 1);
}

/* The new generation is complete: it takes over, the old one drains. */
static void
reload_check(struct master *m)
{
	int ready = 0;

	if (m->pending_gen == 0)
		return;
	for (int i = 0; i < MAX_CHILDREN; i++)
		if (m->kids[i].pid > 0 && m->kids[i].gen == m->pending_gen &&
		    m->kids[i].ready)
			ready++;
	if (ready >= m->nworkers) {
		unsigned old = m->gen;

		m->gen = m->pending_gen;
		m->pending_gen = 0;
		for (int s = 0; s < MAX_CHILDREN; s++)
			m->guard[s] = (struct slot_guard){ 0 };
		stop_generation(m, old);
		rb_log_info("master: generation %u serves; %u drains", m->gen,
		    old);
	} else if (now_ms() > m->pending_deadline_ms) {
		rb_log_error("master: reload failed: %d of %d new workers "
			     "ready in time; old workers keep serving",
		    ready, m->nworkers);
		stop_generation(m, m->pending_gen);
		m->pending_gen = 0;
	}
}

static void
describe_exit(int status, char *out, size_t n)
{
	if (WIFEXITED(status))
		snprintf(out, n, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(out, n, "killed by signal %d (%s)", WTERMSIG(status),
		    strsignal(WTERMSIG(status)));
	else
		snprintf(out, n, "stopped (status %d)", status);
}

/*
 * A serving worker died: replace it at once, unless its slot keeps dying,
 * in which case wait longer each time (up to 30 s) so a crash loop does
 * not burn the machine.
 */
static void
schedule_respawn(struct master *m, int slot)
{
	struct slot_guard *g = &m->guard[slot];
	int64_t now = now_ms();
	int64_t delay = 0;

	if (now - g->window_start_ms > CRASH_WINDOW_MS) {
		g->window_start_ms = now;
		g->deaths = 0;
	}
	g->deaths++;
	if (g->deaths > CRASH_LIMIT) {
		int k = g->deaths - CRASH_LIMIT;

		delay = k >= 5 ? 30000 : 1000LL << (k - 1);
		rb_log_error("master: worker slot %d crash loop (%d deaths in "
			     "%d s): next start in %lld ms",
		    slot, g->deaths, CRASH_WINDOW_MS / 1000, (long long)delay);
	}
	g->respawn_at_ms = now + delay;
	if (g->respawn_at_ms == 0)
		g->respawn_at_ms = 1;
}

static void
reap(struct master *m)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		struct child *c = child_find(m, pid);
		char why[96];

		if (c == NULL)
			continue;
		describe_exit(status, why, sizeof(why));
		if (c->stopping || m->stopping) {
			rb_log_info("master: worker %d (generation %u) %s",
			    (int)pid, c->gen, why);
		} else if (c->gen == m->pending_gen) {
			rb_log_error("master: new worker %d %s during reload",
			    (int)pid, why);
			stop_generation(m, m->pending_gen);
			m->pending_gen = 0;
		} else {
			rb_log_error("master: worker %d %s; replacing it",
			    (int)pid, why);
			rb_metrics_add(m->metrics, RB_M_WORKER_RESTARTS, 1);
			schedule_respawn(m, c->slot);
		}
		*c = (struct child){ 0 };
	}
}

static void
read_ready(struct master *m)
{
	int32_t pids[64];
	ssize_t n = read(m->ready_rd, pids, sizeof(pids));

	for (ssize_t i = 0; i < n / (ssize_t)sizeof(pids[0]); i++) {
		struct child *c = child_find(m, (pid_t)pids[i]);

		if (c != NULL)
			c->ready = true;
	}
}

static void
timers(struct master *m)
{
	int64_t now = now_ms();

	for (int s = 0; s < MAX_CHILDREN && !m->stopping; s++) {
		struct slot_guard *g = &m->guard[s];

		if (g->respawn_at_ms != 0 && now >= g->respawn_at_ms) {
			g->respawn_at_ms = 0;
			if (s < m->nworkers)
				(void)start_worker(m, m->gen, s);
		}
	}
	for (int i = 0; i < MAX_CHILDREN; i++) {
		struct child *c = &m->kids[i];

		if (c->pid > 0 && c->kill_at_ms != 0 && now >= c->kill_at_ms) {
			rb_log_warn("master: worker %d still busy after the "
				    "drain timeout; killing it",
			    (int)c->pid);
			kill(c->pid, SIGKILL);
			c->kill_at_ms = 0;
		}
	}
	reload_check(m);
}

static int
children_alive(const struct master *m)
{
	int n = 0;

	for (int i = 0; i < MAX_CHILDREN; i++)
		n += m->kids[i].pid > 0;
	return n;
}

static void
handle_signals(struct master *m)
{
	struct signalfd_siginfo si;

	while (read(m->sig_fd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGCHLD:
			reap(m);
			break;
		case SIGHUP:
			if (!m->stopping)
				reload(m);
			break;
		case SIGTERM:
		case SIGINT:
		case SIGQUIT:
			if (!m->stopping)
				rb_log_info("master: stopping: draining workers");
			m->stopping = true;
			for (int i = 0; i < MAX_CHILDREN; i++)
				if (m->kids[i].pid > 0)
					stop_child(m, &m->kids[i]);
			break;
		}
	}
}

static int
setup(struct master *m, struct rb_err *err)
{
	sigset_t set;
	int pipefd[2];

	if (rb_config_load(&m->cfg, m->config_path, environ, err) != RB_OK ||
	    rb_preflight(&m->cfg, err) != RB_OK)
		return RB_ERROR;
	rb_log_set_level(m->cfg.log_level);
	m->nworkers = rb_config_worker_count(&m->cfg);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGQUIT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	m->sig_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (pipe2(pipefd, O_CLOEXEC) != 0 || m->sig_fd < 0)
		return rb_err_set(err, RB_ERROR, "%s", strerror(errno));
	m->ready_rd = pipefd[0];
	m->fds.ready = pipefd[1];
	m->fds.metrics = rb_metrics_create();
	if (m->fds.metrics < 0 ||
	    (m->metrics = rb_metrics_map(m->fds.metrics)) == NULL)
		return rb_err_set(err, RB_ERROR, "metrics: %s", strerror(errno));
	m->fds.listen = rb_listen_open(m->cfg.socket, m->cfg.socket_group, err);
	return m->fds.listen < 0 ? RB_ERROR : RB_OK;
}

int
rb_master_run(const char *self, const char *config_path)
{
	static struct master m; /* large: kept off the stack */
	struct rb_err err;

	rb_log_set_role("master");
	rb_err_clear(&err);
	m.self = self;
	m.config_path = config_path;
	m.gen = 1;
	if (setup(&m, &err) != RB_OK) {
		rb_log_error("serve: %s", err.msg);
		return 1;
	}
	rb_log_info("master: listening on %s with %d workers", m.cfg.socket,
	    m.nworkers);
	for (int s = 0; s < m.nworkers; s++)
		(void)start_worker(&m, m.gen, s);
	while (!m.stopping || children_alive(&m) > 0) {
		struct pollfd p[2] = { { m.sig_fd, POLLIN, 0 },
			{ m.ready_rd, POLLIN, 0 } };

		if (poll(p, 2, 100) < 0 && errno != EINTR)
			break;
		if (p[0].revents & POLLIN)
			handle_signals(&m);
		if (p[1].revents & POLLIN)
			read_ready(&m);
		timers(&m);
	}
	unlink(m.cfg.socket);
	rb_log_info("master: stopped");
	rb_metrics_unmap(m.metrics);
	rb_config_free(&m.cfg);
	return 0;
}
