/*
 * Percent-decoding (RFC 3986) of paths, query strings and form bodies, and
 * the checks every decoded string passes before the rest of the program
 * sees it: no NUL, no CR/LF unless the caller allows them, valid UTF-8.
 */
#ifndef RB_HTTP_URL_H
#define RB_HTTP_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

struct rb_arena;

/* '+' decodes to a space: query strings and form bodies, never paths. */
#define RB_URL_PLUS_SPACE 0x01u
/* CR and LF may appear after decoding: form values (a textarea). */
#define RB_URL_ALLOW_CRLF 0x02u

/*
 * Decodes the n bytes at s (which need not be NUL-terminated) into a copy
 * in arena a, then validates it.
 *
 * RB_OK: *out views the copy, which is NUL-terminated (out->ptr[out->len]
 * is '\0'), never NULL, contains no NUL byte, no CR or LF unless
 * RB_URL_ALLOW_CRLF is set, and is valid UTF-8. It lives as long as the
 * arena.
 * RB_INVALID: a '%' not followed by two hex digits, a NUL byte (raw or
 * %00), a forbidden CR/LF, or invalid UTF-8 after decoding (overlong forms
 * such as %C0%AF, surrogates, truncated sequences). err->msg says which;
 * *out is RB_STR_NULL.
 */
int rb_url_decode(struct rb_arena *a, const char *s, size_t n, unsigned flags,
    struct rb_str *out, struct rb_err *err);

/*
 * Decodes and validates the path part of a request URI (no query): as
 * rb_url_decode without flags, and it must start with a literal '/' and have
 * no "." or ".." segment (so "/a/../b", "/%2e%2e/" and "/a/." are all
 * refused). %2F decodes to '/' and separates segments like a literal '/'.
 * Returns RB_OK or RB_INVALID as rb_url_decode.
 */
int rb_url_decode_path(struct rb_arena *a, const char *s, size_t n,
    struct rb_str *out, struct rb_err *err);

/*
 * True when s is a path on this site that is safe to redirect to (a
 * "next=" parameter after login): it starts with exactly one '/', holds no
 * backslash, no control byte and no space. "//evil.example", "/\evil",
 * "https://evil" and "/\t/evil" are all false, since browsers read them as
 * another host.
 */
bool rb_url_is_local_path(struct rb_str s);

#endif
