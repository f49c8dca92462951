#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"

void
rb_err_clear(struct rb_err *err)
{
	err->code = RB_OK;
	err->field[0] = '\0';
	err->msg[0] = '\0';
}

static int
err_vset(struct rb_err *err, int code, const char *field, const char *fmt,
    va_list ap)
{
	if (err == NULL)
		return code;
	err->code = code;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return code;
}

int
rb_err_set(struct rb_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	code = err_vset(err, code, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int
rb_err_field(struct rb_err *err, int code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	code = err_vset(err, code, field, fmt, ap);
	va_end(ap);
	return code;
}
