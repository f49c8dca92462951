/*
 * The one string builder. Invariants (git's strbuf): data is never NULL and
 * always NUL-terminated; len is authoritative (data may hold NUL bytes).
 *
 * A buffer either grows in an arena (rb_buf_init(b, arena): nothing to free,
 * it dies with the request) or on the heap (rb_buf_init(b, NULL): release it
 * with rb_buf_release). rb_buf_reset keeps the capacity for reuse.
 * Growth never fails; out of memory aborts.
 */
#ifndef RB_CORE_BUF_H
#define RB_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "core/str.h"

struct rb_arena;

struct rb_buf {
	char *data;
	size_t len;
	size_t cap; /* usable bytes, excluding the NUL; 0 = static empty */
	struct rb_arena *arena; /* NULL: heap */
};

void rb_buf_init(struct rb_buf *b, struct rb_arena *arena);
void rb_buf_release(struct rb_buf *b);
void rb_buf_reset(struct rb_buf *b);

/* Makes room for n more bytes. */
void rb_buf_grow(struct rb_buf *b, size_t n);

/* Cuts the buffer back to len bytes (len <= b->len). */
void rb_buf_truncate(struct rb_buf *b, size_t len);

void rb_buf_append(struct rb_buf *b, const void *p, size_t n);
void rb_buf_puts(struct rb_buf *b, const char *s);
void rb_buf_putc(struct rb_buf *b, char c);
void rb_buf_put_str(struct rb_buf *b, struct rb_str s);
void rb_buf_printf(struct rb_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rb_buf_vprintf(struct rb_buf *b, const char *fmt, va_list ap);

/* Appends s escaped for HTML text and attribute values: & < > " ' ` =. */
void rb_buf_append_html(struct rb_buf *b, const char *s, size_t n);

/* Appends s percent-encoded for a URL query component (RFC 3986). */
void rb_buf_append_urlenc(struct rb_buf *b, const char *s, size_t n);

/* Appends s as a JSON string literal, quotes included. */
void rb_buf_append_json(struct rb_buf *b, const char *s, size_t n);

/* The contents as a view. */
static inline struct rb_str
rb_buf_str(const struct rb_buf *b)
{
	return (struct rb_str){ b->data, b->len };
}

#endif
