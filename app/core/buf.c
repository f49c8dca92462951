#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/mem.h"

/* Shared by every empty buffer so data is never NULL; never written. */
static char buf_empty[1];

void
rb_buf_init(struct rb_buf *b, struct rb_arena *arena)
{
	b->data = buf_empty;
	b->len = 0;
	b->cap = 0;
	b->arena = arena;
}

void
rb_buf_release(struct rb_buf *b)
{
	if (b->arena == NULL && b->cap > 0)
		free(b->data);
	rb_buf_init(b, b->arena);
}

void
rb_buf_reset(struct rb_buf *b)
{
	b->len = 0;
	if (b->cap > 0)
		b->data[0] = '\0';
}

void
rb_buf_grow(struct rb_buf *b, size_t n)
{
	size_t cap;

	if (b->cap - b->len >= n && b->cap > 0)
		return;
	if (n > (size_t)-1 / 2 - b->len)
		rb_oom();
	cap = b->cap ? b->cap : 64;
	while (cap < b->len + n)
		cap *= 2;
	if (b->arena != NULL)
		b->data = rb_arena_realloc(b->arena, b->cap ? b->data : NULL,
		    b->cap ? b->len + 1 : 0, cap + 1);
	else
		b->data = rb_xrealloc(b->cap ? b->data : NULL, cap + 1);
	if (b->cap == 0)
		b->data[0] = '\0';
	b->cap = cap;
}

void
rb_buf_truncate(struct rb_buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->data[len] = '\0';
}

void
rb_buf_append(struct rb_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	rb_buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
rb_buf_puts(struct rb_buf *b, const char *s)
{
	rb_buf_append(b, s, strlen(s));
}

void
rb_buf_putc(struct rb_buf *b, char c)
{
	rb_buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void
rb_buf_put_str(struct rb_buf *b, struct rb_str s)
{
	rb_buf_append(b, s.ptr, s.len);
}

void
rb_buf_vprintf(struct rb_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	rb_buf_grow(b, 64);
	n = vsnprintf(b->data + b->len, b->cap - b->len + 1, fmt, cp);
	va_end(cp);
	if (n < 0)
		rb_oom();
	if ((size_t)n > b->cap - b->len) {
		rb_buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, b->cap - b->len + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
rb_buf_printf(struct rb_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rb_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
rb_buf_append_html(struct rb_buf *b, const char *s, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '`': rep = "&#96;"; break;
		case '=': rep = "&#61;"; break;
		default: continue;
		}
		rb_buf_append(b, s + start, i - start);
		rb_buf_puts(b, rep);
		start = i + 1;
	}
	rb_buf_append(b, s + start, n - start);
}

void
rb_buf_append_urlenc(struct rb_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~') {
			rb_buf_putc(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };

			rb_buf_append(b, e, 3);
		}
	}
}

void
rb_buf_append_json(struct rb_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;

	rb_buf_putc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char e[6] = { '\\', 'u', '0', '0', 0, 0 };
		size_t elen = 2;

		if (c == '"' || c == '\\') {
			e[1] = (char)c;
		} else if (c == '\n') {
			e[1] = 'n';
		} else if (c == '\r') {
			e[1] = 'r';
		} else if (c == '\t') {
			e[1] = 't';
		} else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
			/* <>& escaped so JSON is safe inside a <script>. */
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			elen = 6;
		} else {
			continue;
		}
		rb_buf_append(b, s + start, i - start);
		rb_buf_append(b, e, elen);
		start = i + 1;
	}
	rb_buf_append(b, s + start, n - start);
	rb_buf_putc(b, '"');
}
