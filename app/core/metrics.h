/*
 * Process-shared counters for /metrics: the master creates them in a
 * memfd before forking, each worker maps the same fd, so whichever worker
 * answers /metrics reports the whole server. Updates are relaxed atomic
 * adds: no locks on the request path.
 */
#ifndef RB_CORE_METRICS_H
#define RB_CORE_METRICS_H

#include <stddef.h>
#include <stdint.h>

#define RB_METRICS_MAX_ROUTES 256

enum rb_counter {
	RB_M_DB_ERRORS,
	RB_M_CACHE_ERRORS,
	RB_M_WORKER_RESTARTS,
	RB_M_WORKER_STARTS,
	RB_M_RELOADS,
	RB_M_COUNTER_MAX
};

struct rb_metrics;
struct rb_buf;

/* Master: creates the shared block; returns its fd (-1 on failure). */
int rb_metrics_create(void);

/* Maps the block behind fd; NULL on failure. */
struct rb_metrics *rb_metrics_map(int fd);
void rb_metrics_unmap(struct rb_metrics *m);

/* Counts one request to route (index into the route table; the last
 * index is used for requests that matched no route). */
void rb_metrics_request(struct rb_metrics *m, size_t route, int status,
    uint64_t micros);

void rb_metrics_add(struct rb_metrics *m, enum rb_counter c, uint64_t n);

/* Prometheus text format; names[i] labels route i, for i < nroutes. */
void rb_metrics_render(const struct rb_metrics *m, const char *const *names,
    size_t nroutes, struct rb_buf *out);

#endif
