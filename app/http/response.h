/*
 * The response a handler builds, and its serialization as a CGI/FastCGI
 * response ("Status: 404 Not Found\r\n..."), which the worker writes with
 * one FCGX_PutStr.
 *
 * Everything lives in the arena given to rb_response_init. Header names
 * and values are copied; nothing the caller passes needs to outlive the
 * call. Bytes that would let a value end its header line (CR, LF, NUL, and
 * other controls but tab) make the setters fail with RB_ERROR: that is a
 * bug in the caller, never a client's doing, since client input must be
 * validated before it gets here.
 */
#ifndef RB_HTTP_RESPONSE_H
#define RB_HTTP_RESPONSE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "http/form.h"
#include "http/http.h"

struct rb_arena;

struct rb_response {
	struct rb_arena *arena;
	int status;               /* 200 after init */
	const char *content_type; /* "text/html; charset=utf-8" after init */
	/* Every other header, in the order set; never Status, Content-Type
	 * or Content-Length, which the serializer writes itself. */
	struct rb_kv_list headers;
	struct rb_buf body; /* grows in the arena */
};

/* An empty 200 text/html response whose memory comes from arena a. */
void rb_response_init(struct rb_response *resp, struct rb_arena *a);

/*
 * Back to the state after init, keeping nothing: for a handler that
 * failed halfway through writing a page.
 */
void rb_response_reset(struct rb_response *resp);

/*
 * Sets header name to value, replacing every earlier header of that name
 * (names compare without case). "Content-Type" sets content_type.
 * RB_OK, or RB_ERROR when name is not an RFC 9110 token, is "Status" or
 * "Content-Length", or value holds a control byte other than tab.
 */
int rb_response_set_header(
    struct rb_response *resp, const char *name, const char *value);

/* As rb_response_set_header, but keeps earlier headers of that name. */
int rb_response_add_header(
    struct rb_response *resp, const char *name, const char *value);

/* The first value of header name (ignoring case), or RB_STR_NULL. */
struct rb_str rb_response_header(
    const struct rb_response *resp, const char *name);

/* Cookie attribute flags for rb_response_set_cookie. */
#define RB_COOKIE_HTTPONLY        0x01u
#define RB_COOKIE_SECURE          0x02u
#define RB_COOKIE_SAMESITE_LAX    0x04u
#define RB_COOKIE_SAMESITE_STRICT 0x08u
#define RB_COOKIE_SAMESITE_NONE   0x10u /* needs RB_COOKIE_SECURE */

/* max_age for a cookie that ends with the browser session. */
#define RB_COOKIE_SESSION (-1)

/*
 * Adds "Set-Cookie: name=value; Path=path[; Max-Age=N][; Secure]
 * [; HttpOnly][; SameSite=...]". path NULL means "/". max_age is seconds,
 * RB_COOKIE_SESSION for none, 0 to delete the cookie. No Domain
 * attribute: our cookies are host-only.
 * RB_ERROR (a bug in the caller): name not a token, value not RFC 6265
 * cookie-octets (encode it first: hex or base64url), path with ';' or a
 * control byte or not starting with '/', max_age below -1, more than one
 * SameSite flag, or SameSite=None without Secure (browsers drop it).
 */
int rb_response_set_cookie(struct rb_response *resp, const char *name,
    const char *value, const char *path, int64_t max_age, unsigned flags);

/*
 * Turns resp into a redirect: status (301, 302, 303, 307 or 308), a
 * Location header, an empty body. For a target taken from the client
 * (a "next" parameter), check rb_url_is_local_path first.
 * RB_ERROR on another status or a location with control bytes.
 */
int rb_response_redirect(
    struct rb_response *resp, int status, const char *location);

/*
 * Turns resp into an RFC 9457 problem: status, Content-Type
 * application/problem+json, and the body
 *   {"type":T,"title":TITLE,"status":N,"detail":D}
 * type NULL is "about:blank", title NULL is the reason phrase, detail NULL
 * leaves "detail" out.
 */
void rb_response_problem(struct rb_response *resp, int status, const char *type,
    const char *title, const char *detail);

/*
 * A problem from an rb_err: detail is err->msg, and a named field adds
 *   "invalid-params":[{"name":FIELD,"reason":MSG}]
 * (the extension member RFC 9457 shows for validation errors).
 */
void rb_response_problem_err(
    struct rb_response *resp, int status, const struct rb_err *err);

/*
 * Appends the response to out:
 *   Status: 404 Not Found\r\n
 *   Content-Type: text/html; charset=utf-8\r\n
 *   Content-Length: N\r\n
 *   <each header>\r\n
 *   \r\n
 *   <body>
 * For HEAD (is_head) the body is left out, Content-Length unchanged. A 204
 * or 304 has neither body, Content-Type nor Content-Length. A status
 * without a known reason phrase goes out as "Status: 299".
 * RB_OK, or RB_ERROR (out untouched) when status is outside 200-599.
 */
int rb_response_serialize(
    const struct rb_response *resp, bool is_head, struct rb_buf *out);

#endif
