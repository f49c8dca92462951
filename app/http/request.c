#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>

#include "core/arena.h"
#include "http/cookie.h"
#include "http/request.h"
#include "http/url.h"

/* The CGI variables read at init, each into one slot. */
enum {
	V_METHOD,
	V_URI,
	V_QUERY,
	V_CTYPE,
	V_CLEN,
	V_HOST,
	V_COOKIE,
	V_ACCEPT,
	V_ALANG,
	V_ORIGIN,
	V_FETCH_SITE,
	V_UA,
	V_AUTH,
	V_INM,
	V_CSRF,
	V_REMOTE,
	V_HTTPS,
	V_REQID,
	NVARS
};

/* Each name with its length, so a scan compares only equal-length keys. */
#define VAR(v, name) [v] = {name, sizeof(name) - 1}
static const struct rb_str var_names[NVARS] = {
    VAR(V_METHOD, "REQUEST_METHOD"),
    VAR(V_URI, "REQUEST_URI"),
    VAR(V_QUERY, "QUERY_STRING"),
    VAR(V_CTYPE, "CONTENT_TYPE"),
    VAR(V_CLEN, "CONTENT_LENGTH"),
    VAR(V_HOST, "HTTP_HOST"),
    VAR(V_COOKIE, "HTTP_COOKIE"),
    VAR(V_ACCEPT, "HTTP_ACCEPT"),
    VAR(V_ALANG, "HTTP_ACCEPT_LANGUAGE"),
    VAR(V_ORIGIN, "HTTP_ORIGIN"),
    VAR(V_FETCH_SITE, "HTTP_SEC_FETCH_SITE"),
    VAR(V_UA, "HTTP_USER_AGENT"),
    VAR(V_AUTH, "HTTP_AUTHORIZATION"),
    VAR(V_INM, "HTTP_IF_NONE_MATCH"),
    VAR(V_CSRF, "HTTP_X_CSRF_TOKEN"),
    VAR(V_REMOTE, "REMOTE_ADDR"),
    VAR(V_HTTPS, "HTTPS"),
    VAR(V_REQID, "REQUEST_ID"),
};
#undef VAR

void
rb_request_limits_default(struct rb_request_limits *lim)
{
	lim->max_body = 1 << 20;
	lim->max_uri = 8192;
	lim->max_fields = 256;
	lim->max_key = 64;
	lim->max_val = 64 << 10;
	lim->max_cookies = 50;
}

/* The value of "NAME=value" when entry's name is name, else NULL. */
static const char *
env_match(const char *entry, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(entry, name, n) == 0 && entry[n] == '=')
		return entry + n + 1;
	return NULL;
}

/*
 * One pass over envp (nginx sends some 25 variables, libfcgi keeps them
 * as "KEY=value"): each key is measured once and compared only with the
 * names of its length. The first of duplicate variables wins.
 */
static void
env_scan(char *const *envp, const char *vals[NVARS])
{
	for (int v = 0; v < NVARS; v++)
		vals[v] = NULL;
	for (; envp != NULL && *envp != NULL; envp++) {
		const char *eq = strchr(*envp, '=');
		struct rb_str key = {*envp, eq ? (size_t)(eq - *envp) : 0};

		for (int v = 0; eq != NULL && v < NVARS; v++) {
			if (vals[v] == NULL && rb_str_eq(key, var_names[v])) {
				vals[v] = eq + 1;
				break;
			}
		}
	}
}

static struct rb_str
copy_var(struct rb_arena *a, const char *val)
{
	size_t n;

	if (val == NULL)
		return (struct rb_str){"", 0};
	n = strlen(val);
	return (struct rb_str){rb_arena_strndup(a, val, n), n};
}

static bool
request_id_ok(struct rb_str id)
{
	if (id.len == 0 || id.len > 64)
		return false;
	for (size_t i = 0; i < id.len; i++) {
		char c = id.ptr[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		        (c >= 'A' && c <= 'Z') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

/* 16 random bytes as hex, in the shape of nginx's $request_id. */
static int
request_id_make(struct rb_arena *a, struct rb_str *out, struct rb_err *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[16];
	char *id = rb_arena_alloc(a, 33);
	ssize_t n;

	do
		n = getrandom(raw, sizeof(raw), 0);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(raw))
		return rb_err_set(err, RB_ERROR, "no random request id");
	for (size_t i = 0; i < sizeof(raw); i++) {
		id[2 * i] = hex[raw[i] >> 4];
		id[2 * i + 1] = hex[raw[i] & 15];
	}
	id[32] = '\0';
	*out = (struct rb_str){id, 32};
	return RB_OK;
}

/* Digits only: a sign, a space or a suffix is a lie we do not guess at. */
static int
parse_content_length(struct rb_str s, size_t *out, struct rb_err *err)
{
	int64_t v;

	*out = 0;
	if (s.len == 0)
		return RB_OK;
	if (s.ptr[0] < '0' || s.ptr[0] > '9' ||
	    rb_parse_i64(s, 0,
	        SIZE_MAX < INT64_MAX ? (int64_t)SIZE_MAX : INT64_MAX,
	        &v) != RB_OK)
		return rb_err_set(err, RB_INVALID, "bad Content-Length");
	*out = (size_t)v;
	return RB_OK;
}

static void
read_headers(struct rb_request *r, const char *vals[NVARS])
{
	struct rb_arena *a = r->arena;
	struct rb_str https;

	r->method_name = copy_var(a, vals[V_METHOD]);
	r->method = rb_method_parse(r->method_name);
	r->content_type = copy_var(a, vals[V_CTYPE]);
	r->host = copy_var(a, vals[V_HOST]);
	r->cookie = copy_var(a, vals[V_COOKIE]);
	r->accept = copy_var(a, vals[V_ACCEPT]);
	r->accept_language = copy_var(a, vals[V_ALANG]);
	r->origin = copy_var(a, vals[V_ORIGIN]);
	r->sec_fetch_site = copy_var(a, vals[V_FETCH_SITE]);
	r->user_agent = copy_var(a, vals[V_UA]);
	r->authorization = copy_var(a, vals[V_AUTH]);
	r->if_none_match = copy_var(a, vals[V_INM]);
	r->csrf_token = copy_var(a, vals[V_CSRF]);
	r->remote_addr = copy_var(a, vals[V_REMOTE]);
	https = rb_str_c(vals[V_HTTPS]);
	r->https = rb_str_eq_c(https, "on") || rb_str_eq_c(https, "ON") ||
	    rb_str_eq_c(https, "1");
}

/* Splits REQUEST_URI into the decoded path and the raw query. */
static int
read_uri(struct rb_request *r, const char *vals[NVARS], struct rb_err *err)
{
	const char *q;
	size_t plen;

	if (vals[V_URI] == NULL || vals[V_URI][0] == '\0')
		return rb_err_set(err, RB_INVALID, "no request URI");
	r->uri = copy_var(r->arena, vals[V_URI]);
	if (r->uri.len > r->limits.max_uri)
		return rb_err_set(err, RB_TOOBIG, "the address is too long");
	q = memchr(r->uri.ptr, '?', r->uri.len);
	plen = q ? (size_t)(q - r->uri.ptr) : r->uri.len;
	if (vals[V_QUERY] != NULL)
		r->query_string = copy_var(r->arena, vals[V_QUERY]);
	else if (q != NULL)
		r->query_string = (struct rb_str){q + 1, r->uri.len - plen - 1};
	if (r->query_string.len > r->limits.max_uri)
		return rb_err_set(err, RB_TOOBIG, "the address is too long");
	if (rb_url_decode_path(r->arena, r->uri.ptr, plen, &r->path, err) !=
	    RB_OK) {
		r->path = (struct rb_str){"", 0};
		return RB_INVALID;
	}
	return RB_OK;
}

int
rb_request_init(struct rb_request *r, struct rb_arena *a, char *const *envp,
    const struct rb_request_limits *lim, rb_body_reader read, void *read_ctx,
    struct rb_err *err)
{
	static const struct rb_str empty = {"", 0};
	const char *vals[NVARS];
	int rc;

	memset(r, 0, sizeof(*r));
	r->arena = a;
	r->envp = envp;
	r->limits = *lim;
	r->read = read;
	r->read_ctx = read_ctx;
	r->uri = r->path = r->query_string = r->body_data = empty;
	env_scan(envp, vals);
	read_headers(r, vals);
	r->request_id = copy_var(a, vals[V_REQID]);
	if (!request_id_ok(r->request_id)) {
		rc = request_id_make(a, &r->request_id, err);
		if (rc != RB_OK)
			goto out;
	}
	if (vals[V_METHOD] == NULL || vals[V_METHOD][0] == '\0') {
		rc = rb_err_set(err, RB_INVALID, "no request method");
		goto out;
	}
	rc = read_uri(r, vals, err);
	if (rc != RB_OK)
		goto out;
	rc = parse_content_length(
	    rb_str_c(vals[V_CLEN]), &r->content_length, err);
out:
	return rc;
}

struct rb_str
rb_request_header(const struct rb_request *r, const char *name)
{
	for (char *const *e = r->envp; e != NULL && *e != NULL; e++) {
		const char *val = env_match(*e, name);

		if (val != NULL)
			return copy_var(r->arena, val);
	}
	return RB_STR_NULL;
}
