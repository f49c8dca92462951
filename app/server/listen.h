#ifndef RB_SERVER_LISTEN_H
#define RB_SERVER_LISTEN_H

struct rb_err;

/*
 * Opens the FastCGI unix socket at path, non-blocking (every worker polls
 * it and only one wins each accept), mode 0660 and owned by group (if not
 * empty) so nginx's workers can connect and nobody else. Replaces a stale
 * socket file, but refuses when a live server answers on it.
 * Returns the fd, or -1 with err set.
 */
int rb_listen_open(const char *path, const char *group, struct rb_err *err);

#endif
