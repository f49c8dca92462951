#include <sys/mman.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/metrics.h"

/* The statuses worth a series of their own; the rest count as "other". */
static const int statuses[] = { 200, 204, 301, 302, 303, 304, 400, 401, 403,
	404, 405, 409, 413, 415, 422, 429, 500, 502, 503, 0 };
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))

/* Latency histogram bounds in microseconds. */
static const uint64_t bounds[] = { 500, 1000, 2500, 5000, 10000, 25000,
	50000, 100000, 250000, 500000, 1000000, 2500000 };
#define NBUCKET (sizeof(bounds) / sizeof(bounds[0]))

struct route_stats {
	uint64_t status[NSTATUS];
	uint64_t bucket[NBUCKET + 1]; /* last: +Inf */
	uint64_t sum_us;
};

struct rb_metrics {
	uint64_t counter[RB_M_COUNTER_MAX];
	struct route_stats route[RB_METRICS_MAX_ROUTES];
};

int
rb_metrics_create(void)
{
	int fd = memfd_create("rebound-metrics", 0);

	if (fd < 0)
		return -1;
	if (ftruncate(fd, sizeof(struct rb_metrics)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

struct rb_metrics *
rb_metrics_map(int fd)
{
	void *p = mmap(NULL, sizeof(struct rb_metrics), PROT_READ | PROT_WRITE,
	    MAP_SHARED, fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

void
rb_metrics_unmap(struct rb_metrics *m)
{
	if (m != NULL)
		munmap(m, sizeof(*m));
}

static void
add(uint64_t *p, uint64_t n)
{
	__atomic_fetch_add(p, n, __ATOMIC_RELAXED);
}

static uint64_t
load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

void
rb_metrics_request(struct rb_metrics *m, size_t route, int status,
    uint64_t micros)
{
	struct route_stats *r;
	size_t s, b;

	if (m == NULL)
		return;
	if (route >= RB_METRICS_MAX_ROUTES)
		route = RB_METRICS_MAX_ROUTES - 1;
	r = &m->route[route];
	for (s = 0; s < NSTATUS - 1 && statuses[s] != status; s++)
		;
	add(&r->status[s], 1);
	for (b = 0; b < NBUCKET && micros > bounds[b]; b++)
		;
	add(&r->bucket[b], 1);
	add(&r->sum_us, micros);
}

void
rb_metrics_add(struct rb_metrics *m, enum rb_counter c, uint64_t n)
{
	if (m != NULL && n > 0)
		add(&m->counter[c], n);
}

static void
render_counters(const struct rb_metrics *m, struct rb_buf *out)
{
	static const char *const names[RB_M_COUNTER_MAX][2] = {
		{ "rebound_db_errors_total", "PostgreSQL errors seen by workers" },
		{ "rebound_cache_errors_total", "memcached errors (each a miss)" },
		{ "rebound_worker_restarts_total", "workers replaced after dying" },
		{ "rebound_worker_starts_total", "workers started" },
		{ "rebound_reloads_total", "graceful reloads (SIGHUP)" },
	};

	for (int c = 0; c < RB_M_COUNTER_MAX; c++)
		rb_buf_printf(out, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n",
		    names[c][0], names[c][1], names[c][0], names[c][0],
		    (unsigned long long)load(&m->counter[c]));
}

static void
render_requests(const struct rb_metrics *m, const char *const *names,
    size_t n, struct rb_buf *out)
{
	rb_buf_puts(out, "# HELP rebound_http_requests_total Requests by route "
			 "and status\n# TYPE rebound_http_requests_total counter\n");
	for (size_t r = 0; r < n; r++)
		for (size_t s = 0; s < NSTATUS; s++) {
			uint64_t v = load(&m->route[r].status[s]);

			if (v == 0)
				continue;
			rb_buf_printf(out,
			    "rebound_http_requests_total{route=\"%s\","
			    "status=\"%s%d\"} %llu\n",
			    names[r], statuses[s] ? "" : "other",
			    statuses[s] ? statuses[s] : 0,
			    (unsigned long long)v);
		}
}

static void
render_latency(const struct rb_metrics *m, const char *const *names,
    size_t n, struct rb_buf *out)
{
	rb_buf_puts(out, "# HELP rebound_http_request_duration_seconds Time "
			 "to answer, by route\n# TYPE "
			 "rebound_http_request_duration_seconds histogram\n");
	for (size_t r = 0; r < n; r++) {
		uint64_t cum = 0;

		for (size_t b = 0; b <= NBUCKET; b++)
			cum += load(&m->route[r].bucket[b]);
		if (cum == 0)
			continue;
		cum = 0;
		for (size_t b = 0; b <= NBUCKET; b++) {
			cum += load(&m->route[r].bucket[b]);
			if (b < NBUCKET)
				rb_buf_printf(out,
				    "rebound_http_request_duration_seconds_bucket"
				    "{route=\"%s\",le=\"%g\"} %llu\n",
				    names[r], (double)bounds[b] / 1e6,
				    (unsigned long long)cum);
			else
				rb_buf_printf(out,
				    "rebound_http_request_duration_seconds_bucket"
				    "{route=\"%s\",le=\"+Inf\"} %llu\n",
				    names[r], (unsigned long long)cum);
		}
		rb_buf_printf(out,
		    "rebound_http_request_duration_seconds_sum{route=\"%s\"} "
		    "%.6f\n"
		    "rebound_http_request_duration_seconds_count{route=\"%s\"} "
		    "%llu\n",
		    names[r], (double)load(&m->route[r].sum_us) / 1e6, names[r],
		    (unsigned long long)cum);
	}
}

void
rb_metrics_render(const struct rb_metrics *m, const char *const *names,
    size_t nroutes, struct rb_buf *out)
{
	if (nroutes > RB_METRICS_MAX_ROUTES)
		nroutes = RB_METRICS_MAX_ROUTES;
	render_counters(m, out);
	render_requests(m, names, nroutes, out);
	render_latency(m, names, nroutes, out);
}
