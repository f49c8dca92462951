#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

static struct {
	enum rb_log_level level;
	const char *role;
	const char *request_id;
} log_state = { RB_LOG_INFO, "rebound", NULL };

static const char *const level_names[] = { "error", "warn", "info", "debug" };

int
rb_log_level_parse(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, level_names[i]) == 0)
			return i;
	return -1;
}

void
rb_log_set_level(enum rb_log_level level)
{
	log_state.level = level;
}

void
rb_log_set_role(const char *role)
{
	log_state.role = role;
}

void
rb_log_request(const char *request_id)
{
	log_state.request_id = request_id;
}

void
rb_log(enum rb_log_level level, const char *fmt, ...)
{
	char line[2048];
	char when[32];
	struct tm tm;
	time_t now;
	va_list ap;
	int n, m;

	if (level > log_state.level)
		return;
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof(line), "%s level=%s %s=%d%s%s msg=\"", when,
	    level_names[level], log_state.role, (int)getpid(),
	    log_state.request_id ? " req=" : "",
	    log_state.request_id ? log_state.request_id : "");
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 2, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	n += m;
	if ((size_t)n > sizeof(line) - 3)
		n = sizeof(line) - 3;
	/* One line per event: a newline in a message would forge a line. */
	for (char *p = line; p < line + n; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	line[n++] = '"';
	line[n++] = '\n';
	/* One write() so lines from several workers never interleave. */
	if (write(2, line, (size_t)n) < 0) {
		/* stderr gone: nowhere left to report it */
	}
}
