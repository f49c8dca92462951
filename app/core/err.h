/*
 * A user-facing error: the code (see rc.h), a short message fit to show a
 * user, and optionally the form field it concerns. Internal detail goes to
 * the log, never here.
 */
#ifndef RB_CORE_ERR_H
#define RB_CORE_ERR_H

#include "core/rc.h"

struct rb_err {
	int code;
	char field[32];
	char msg[256];
};

/* Clears err to RB_OK with an empty message. */
void rb_err_clear(struct rb_err *err);

/*
 * Sets code and a printf-formatted message; returns code so callers can
 * write "return rb_err_set(err, RB_INVALID, ...)". err may be NULL.
 */
int rb_err_set(struct rb_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As rb_err_set, also naming the form field the message belongs to. */
int rb_err_field(struct rb_err *err, int code, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
