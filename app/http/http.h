/*
 * What the HTTP layer's modules share: request methods, status codes and
 * their reason phrases, the mapping from the return codes of rc.h to the
 * status a client sees, and the byte classes and locale-free string
 * helpers its parsers use.
 */
#ifndef RB_HTTP_HTTP_H
#define RB_HTTP_HTTP_H

#include <stdbool.h>
#include <string.h>

#include "core/rc.h"
#include "core/str.h"

/*
 * Methods, in the order an Allow header lists them. RB_M_OTHER is any
 * method we do not route (PROPFIND, TRACE, CONNECT, garbage); the raw name
 * stays in rb_request.method_name.
 */
enum rb_method {
	RB_M_OTHER = 0,
	RB_M_GET,
	RB_M_HEAD,
	RB_M_POST,
	RB_M_PUT,
	RB_M_PATCH,
	RB_M_DELETE,
	RB_M_OPTIONS,
	RB_M_COUNT
};

/* The method named by s; case-sensitive, as RFC 9110 says. */
enum rb_method rb_method_parse(struct rb_str s);

/* "GET", "HEAD", ...; "OTHER" for RB_M_OTHER or anything out of range. */
const char *rb_method_name(enum rb_method m);

/*
 * The reason phrase for status ("Not Found"); "" for a code we do not
 * know, which the serializer then sends without a phrase.
 */
const char *rb_http_reason(int status);

/*
 * The status a return code becomes when nothing more precise is known:
 * RB_OK 200, RB_DECLINED 404, RB_INVALID 400, RB_CONFLICT 409,
 * RB_TOOBIG 413, RB_UNSUPPORTED 415, RB_ERROR and anything else 500.
 * A form that fails validation chooses 422 itself.
 */
int rb_http_status(int rc);

/* True when c may appear in an RFC 9110 token (a header or cookie name). */
static inline bool
rb_http_is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != 0 && strchr("!#$%&'*+-.^_`|~", c));
}

/* True when c is an RFC 6265 cookie-octet. */
static inline bool
rb_http_is_cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2B) ||
	    (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B) ||
	    (c >= 0x5D && c <= 0x7E);
}

/*
 * ASCII lower case. Header names, media types and language tags are
 * compared with this, never tolower(): a worker that calls setlocale() for
 * a user's language must not change what "I" matches.
 */
static inline char
rb_http_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* s without the spaces and tabs (HTTP's OWS) at either end. */
struct rb_str rb_http_trim(struct rb_str s);

/*
 * Splits *s at its first sep: returns the part before it and leaves *s
 * holding the part after. Without a sep, returns all of *s and leaves it
 * empty.
 */
struct rb_str rb_http_cut(struct rb_str *s, char sep);

/* True when s equals the C string b, ignoring ASCII case. */
bool rb_http_eq_nocase(struct rb_str s, const char *b);

#endif
