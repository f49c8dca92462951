/*
 * The Cookie request header (RFC 6265 section 4.2): "a=1; b=2".
 */
#ifndef RB_HTTP_COOKIE_H
#define RB_HTTP_COOKIE_H

#include <stddef.h>

#include "http/form.h"
#include "http/http.h"

struct rb_arena;

/*
 * Parses the n bytes at s into *out, keeping at most max cookies (the
 * rest are ignored, not an error). Never fails: a browser sends what it
 * was given, often by other software on the same domain, and one bad
 * cookie must not lock a user out.
 *
 * Pairs are split on ';'; spaces and tabs around pairs, names and values
 * are tolerated. A value in double quotes loses its quotes. A pair is
 * skipped when it has no '=', an empty name, a name that is not an RFC
 * token, or a value holding anything but RFC 6265 cookie-octets (so no
 * space, comma, backslash, quote, control or non-ASCII byte): cookies we
 * set pass, and what we skip we would never read. Values are not
 * percent-decoded. Duplicates are kept in order (the browser sends the
 * most specific path first); rb_kv_get returns the first.
 *
 * Names and values are NUL-terminated copies in arena a.
 */
void rb_cookie_parse(struct rb_arena *a, const char *s, size_t n, size_t max,
    struct rb_kv_list *out);

#endif
