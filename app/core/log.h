/*
 * Logging to stderr, one line per event:
 *   2026-11-24T08:00:00Z level=info pid=123 req=abcd msg="..."
 * The process's log state (level, current request id) is part of the
 * worker's context; rb_log_request sets the id for the request being served.
 */
#ifndef RB_CORE_LOG_H
#define RB_CORE_LOG_H

enum rb_log_level { RB_LOG_ERROR, RB_LOG_WARN, RB_LOG_INFO, RB_LOG_DEBUG };

/* Parses "error", "warn", "info" or "debug"; -1 otherwise. */
int rb_log_level_parse(const char *s);
void rb_log_set_level(enum rb_log_level level);
void rb_log_set_role(const char *role); /* "master", "worker", ... */

/* The request id shown on every line until cleared (NULL). Not copied. */
void rb_log_request(const char *request_id);

void rb_log(enum rb_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define rb_log_error(...) rb_log(RB_LOG_ERROR, __VA_ARGS__)
#define rb_log_warn(...) rb_log(RB_LOG_WARN, __VA_ARGS__)
#define rb_log_info(...) rb_log(RB_LOG_INFO, __VA_ARGS__)
#define rb_log_debug(...) rb_log(RB_LOG_DEBUG, __VA_ARGS__)

#endif
