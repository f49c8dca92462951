#ifndef RB_SERVER_SPAWN_H
#define RB_SERVER_SPAWN_H

#include <sys/types.h>

/* The descriptors a worker inherits, at fixed numbers in the worker. */
struct rb_spawn_fds {
	int listen;  /* becomes RB_FD_LISTEN */
	int metrics; /* becomes RB_FD_METRICS */
	int ready;   /* becomes RB_FD_READY: the worker writes its pid here */
};

#define RB_FD_LISTEN 3
#define RB_FD_METRICS 4
#define RB_FD_READY 5

/*
 * Forks and execs "self worker [--config path]" with the descriptors above
 * and a clean signal mask. Returns the child's pid, or -1 (logged).
 */
pid_t rb_spawn_worker(const char *self, const char *config_path,
    const struct rb_spawn_fds *fds);

/*
 * Runs "self check-config [--config path]" (the binary on disk, which may
 * be newer than the caller) and waits for it. Returns its exit status:
 * 0 when the configuration, templates and data files are good; its
 * complaints go to stderr, the log.
 */
int rb_spawn_check(const char *self, const char *config_path);

#endif
