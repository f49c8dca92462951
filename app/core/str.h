/*
 * A borrowed view of bytes: {ptr, len}. The bytes belong to someone else
 * (usually the request arena) and are not necessarily NUL-terminated.
 */
#ifndef RB_CORE_STR_H
#define RB_CORE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct rb_str {
	const char *ptr;
	size_t len;
};

#define RB_STR(lit) ((struct rb_str){ (lit), sizeof(lit) - 1 })
#define RB_STR_NULL ((struct rb_str){ NULL, 0 })

static inline struct rb_str
rb_str_c(const char *s)
{
	return (struct rb_str){ s, s ? strlen(s) : 0 };
}

static inline bool
rb_str_eq(struct rb_str a, struct rb_str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static inline bool
rb_str_eq_c(struct rb_str a, const char *b)
{
	return rb_str_eq(a, rb_str_c(b));
}

#endif
