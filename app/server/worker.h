/*
 * `rebound worker`: one persistent FastCGI worker, started by the master
 * with the listen socket, the metrics block and the ready pipe at the fds
 * named in spawn.h. It polls the listen socket and the connections nginx
 * keeps open to it, and hands a ready connection to libfcgi, so kept
 * connections never pin the worker. SIGTERM: stop accepting, finish the
 * kept connections until nginx retires them or the drain timeout passes.
 */
#ifndef RB_SERVER_WORKER_H
#define RB_SERVER_WORKER_H

/* Returns the process exit code: 0, or 78 when the configuration or the
 * templates are unusable. */
int rb_worker_run(const char *config_path);

#endif
