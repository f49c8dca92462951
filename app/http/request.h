/*
 * One HTTP request as the FastCGI worker sees it, independent of libfcgi:
 * built from a CGI environment ("KEY=value" strings) and a callback that
 * reads the body.
 *
 * Ownership: everything a request hands out (strings, lists, the body)
 * lives in the arena given to rb_request_init and dies at its reset. The
 * fields below are read once from envp at init and copied into the arena;
 * only rb_request_header() goes back to envp, so envp must stay valid
 * until the response is sent (libfcgi's FCGX_Request.envp does until
 * FCGX_Finish_r).
 *
 * Every struct rb_str field is NUL-terminated and never NULL: a header
 * that was not sent reads as "" (len 0).
 */
#ifndef RB_HTTP_REQUEST_H
#define RB_HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/err.h"
#include "core/str.h"
#include "http/form.h"
#include "http/http.h"
#include "http/lang.h"

struct rb_arena;

/*
 * Reads up to n bytes of the body into buf: returns the count read (fewer
 * is fine: it is called again), 0 at the end of the body, -1 on an error.
 * A FastCGI worker wraps FCGX_GetStr, which takes an int: clamp n to
 * INT_MAX, and map a short read with FCGX_GetError() != 0 to -1. A test
 * reads from a string.
 */
typedef ssize_t (*rb_body_reader)(void *ctx, char *buf, size_t n);

struct rb_request_limits {
	size_t max_body;    /* bytes of body (CONTENT_LENGTH) */
	size_t max_uri;     /* bytes of REQUEST_URI, and of QUERY_STRING */
	size_t max_fields;  /* fields per query string or form body */
	size_t max_key;     /* bytes of a decoded field name */
	size_t max_val;     /* bytes of a decoded field value */
	size_t max_cookies; /* cookies kept from the Cookie header */
};

/* Defaults: 1 MiB body, 8 KiB URI, 256 fields, 64 B keys, 64 KiB values,
 * 50 cookies. */
void rb_request_limits_default(struct rb_request_limits *lim);

/* Per-request state behind the lazy accessors; not for direct use. */
struct rb_request_lazy {
	bool done;
	int rc;
	struct rb_err err;
	struct rb_kv_list list;
};

struct rb_request {
	struct rb_arena *arena;
	char *const *envp;
	/* Copied at init. The dispatcher may change limits.max_body after
	 * routing (a CSV import takes more) as long as the body is unread. */
	struct rb_request_limits limits;

	enum rb_method method;
	struct rb_str method_name; /* REQUEST_METHOD as sent */
	struct rb_str uri;         /* REQUEST_URI as sent: encoded path?query */
	struct rb_str path;        /* decoded path: see rb_url_decode_path */
	/* QUERY_STRING, or else what follows '?' in REQUEST_URI; encoded. */
	struct rb_str query_string;
	struct rb_str content_type; /* CONTENT_TYPE, parameters included */
	size_t content_length;      /* CONTENT_LENGTH; 0 when absent */

	struct rb_str host;            /* HTTP_HOST */
	struct rb_str cookie;          /* HTTP_COOKIE, unparsed */
	struct rb_str accept;          /* HTTP_ACCEPT */
	struct rb_str accept_language; /* HTTP_ACCEPT_LANGUAGE */
	struct rb_str origin;          /* HTTP_ORIGIN */
	struct rb_str sec_fetch_site;  /* HTTP_SEC_FETCH_SITE */
	struct rb_str user_agent;      /* HTTP_USER_AGENT */
	struct rb_str authorization;   /* HTTP_AUTHORIZATION */
	struct rb_str if_none_match;   /* HTTP_IF_NONE_MATCH */
	struct rb_str csrf_token;      /* HTTP_X_CSRF_TOKEN */
	struct rb_str remote_addr;     /* REMOTE_ADDR */
	bool https;                    /* HTTPS is "on" (or "1") */
	/* nginx's $request_id when it is 1-64 of [0-9A-Za-z_-], otherwise 32
	 * random hex digits: safe to log and to echo in a header. */
	struct rb_str request_id;

	/* {name} -> segment, in pattern order; set by rb_router_route. */
	struct rb_kv_list params;

	/* Private: see rb_request_query, _form, _body and _cookies. */
	rb_body_reader read;
	void *read_ctx;
	struct rb_request_lazy query, form, cookies;
	struct rb_request_lazy body; /* list unused */
	struct rb_str body_data;
};

/*
 * Reads envp (NULL-terminated "KEY=value" strings) into r, copying what it
 * keeps into arena a, and remembers read/read_ctx (read may be NULL: no
 * body). Nothing is read from the body yet.
 *
 * RB_OK: r is ready.
 * RB_INVALID: REQUEST_METHOD or REQUEST_URI missing, a path that fails
 *   rb_url_decode_path, or a CONTENT_LENGTH that is not a plain decimal
 *   number ("-1", "+5", "12abc", " 5", overflow). An empty CONTENT_LENGTH
 *   is absent: nginx's fastcgi_params sends it empty without a body.
 * RB_TOOBIG: REQUEST_URI or QUERY_STRING longer than lim->max_uri.
 * RB_ERROR: no random request id could be made.
 * On any failure r is still usable to log and answer the error: arena,
 * limits, method, method_name, the headers and remote_addr are set, and
 * request_id too (it is "" only on RB_ERROR); path is "" unless it was
 * valid.
 */
int rb_request_init(struct rb_request *r, struct rb_arena *a, char *const *envp,
    const struct rb_request_limits *lim, rb_body_reader read, void *read_ctx,
    struct rb_err *err);

/*
 * The CGI variable name ("HTTP_IDEMPOTENCY_KEY", "SERVER_PROTOCOL") looked
 * up in envp and copied into the arena; RB_STR_NULL when absent. For the
 * rare header without a field above.
 */
struct rb_str rb_request_header(const struct rb_request *r, const char *name);

/*
 * True when the media type of CONTENT_TYPE (before any ';') equals type,
 * ignoring ASCII case and spaces: "Application/JSON; charset=utf-8" is
 * "application/json".
 */
bool rb_request_content_type_is(const struct rb_request *r, const char *type);

/*
 * The whole body, read on first call (later calls return the same).
 * RB_OK: *out views content_length bytes in the arena, NUL-terminated
 *   (the body itself may hold NUL bytes; len is authoritative).
 * RB_TOOBIG: content_length > limits.max_body; nothing was read.
 * RB_INVALID: the body ended before content_length bytes.
 * RB_ERROR: the reader failed.
 */
int rb_request_body(
    struct rb_request *r, struct rb_str *out, struct rb_err *err);

/*
 * The query string's fields (rb_form_parse with max_uri, max_fields,
 * max_key, max_val), parsed on first call; later calls return the same
 * result, error included. *out is always a valid list (empty on failure).
 * Returns RB_OK, RB_TOOBIG or RB_INVALID as rb_form_parse.
 */
int rb_request_query(
    struct rb_request *r, const struct rb_kv_list **out, struct rb_err *err);

/*
 * The form fields of an application/x-www-form-urlencoded body (a
 * charset parameter, if any, must be utf-8), read and parsed on first
 * call; later calls return the same result. *out is always a valid list.
 * RB_OK: the fields; an empty body with no Content-Type is an empty form.
 * RB_UNSUPPORTED: another media type or charset (a 415); nothing read.
 * Otherwise RB_TOOBIG, RB_INVALID or RB_ERROR from rb_request_body or
 * rb_form_parse (max_body, max_fields, max_key, max_val).
 */
int rb_request_form(
    struct rb_request *r, const struct rb_kv_list **out, struct rb_err *err);

/* The cookies (rb_cookie_parse, max_cookies), parsed on first call. */
const struct rb_kv_list *rb_request_cookies(struct rb_request *r);

/* The first cookie called name, or RB_STR_NULL. */
struct rb_str rb_request_cookie(struct rb_request *r, const char *name);

/* The route parameter called name, or RB_STR_NULL. */
struct rb_str rb_request_param(const struct rb_request *r, const char *name);

/* The route parameter as an integer in [min, max]: as rb_kv_i64. */
int rb_request_param_i64(const struct rb_request *r, const char *name,
    int64_t min, int64_t max, int64_t *out, struct rb_err *err);

#endif
