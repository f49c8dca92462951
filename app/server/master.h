/*
 * `rebound serve`: the master. It opens the FastCGI socket, starts the
 * workers (each an exec of the current binary, so a reload also picks up a
 * rebuilt binary), replaces a worker that dies (with a crash-loop guard),
 * reloads on SIGHUP without failing a request, and drains on SIGTERM.
 */
#ifndef RB_SERVER_MASTER_H
#define RB_SERVER_MASTER_H

/*
 * Runs until SIGTERM/SIGINT. self is the absolute path of the binary,
 * config_path the configuration file (may be NULL). Returns an exit code.
 */
int rb_master_run(const char *self, const char *config_path);

#endif
