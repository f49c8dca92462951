/*
 * What a request carries beyond its headers (body, query fields, form
 * fields, cookies, route parameters), each read or parsed on first use
 * and remembered, so a handler pays only for what it reads and a second
 * call costs nothing.
 */
#include <string.h>

#include "core/arena.h"
#include "http/cookie.h"
#include "http/request.h"

/* Hands out a remembered result: the list always, the error if any. */
static int
lazy_result(struct rb_request_lazy *lz, const struct rb_kv_list **out,
    struct rb_err *err)
{
	if (out != NULL)
		*out = &lz->list;
	if (lz->rc != RB_OK && err != NULL)
		*err = lz->err;
	return lz->rc;
}

static int
read_body(struct rb_request *r, struct rb_err *err)
{
	size_t want = r->content_length, got = 0;
	char *buf;

	if (want > r->limits.max_body)
		return rb_err_set(
		    err, RB_TOOBIG, "the request body is too large");
	buf = rb_arena_alloc(r->arena, want + 1);
	while (got < want) {
		ssize_t n =
		    r->read ? r->read(r->read_ctx, buf + got, want - got) : 0;

		if (n < 0 || (size_t)n > want - got)
			return rb_err_set(
			    err, RB_ERROR, "reading the request body failed");
		if (n == 0)
			return rb_err_set(err, RB_INVALID,
			    "the request body is shorter than its "
			    "Content-Length");
		got += (size_t)n;
	}
	buf[want] = '\0';
	r->body_data = (struct rb_str){buf, want};
	return RB_OK;
}

int
rb_request_body(struct rb_request *r, struct rb_str *out, struct rb_err *err)
{
	if (!r->body.done) {
		rb_err_clear(&r->body.err);
		r->body.rc = read_body(r, &r->body.err);
		r->body.done = true;
	}
	*out = r->body_data;
	return lazy_result(&r->body, NULL, err);
}

int
rb_request_query(
    struct rb_request *r, const struct rb_kv_list **out, struct rb_err *err)
{
	if (!r->query.done) {
		struct rb_form_limits lim = {r->limits.max_fields,
		    r->limits.max_key, r->limits.max_val, r->limits.max_uri,
		    false};

		rb_err_clear(&r->query.err);
		r->query.rc = rb_form_parse(r->arena, r->query_string.ptr,
		    r->query_string.len, &lim, &r->query.list, &r->query.err);
		r->query.done = true;
	}
	return lazy_result(&r->query, out, err);
}

bool
rb_request_content_type_is(const struct rb_request *r, const char *type)
{
	struct rb_str ct = r->content_type;

	return rb_http_eq_nocase(rb_http_trim(rb_http_cut(&ct, ';')), type);
}

/*
 * A form is urlencoded UTF-8: browsers send the page's charset, ours is
 * always UTF-8, so any other charset means a client we did not serve.
 */
static bool
form_charset_ok(struct rb_str ct)
{
	rb_http_cut(&ct, ';'); /* the media type, checked by the caller */
	while (ct.len > 0) {
		struct rb_str val = rb_http_cut(&ct, ';');
		struct rb_str name = rb_http_trim(rb_http_cut(&val, '='));

		if (!rb_http_eq_nocase(name, "charset"))
			continue;
		val = rb_http_trim(val);
		if (val.len >= 2 && val.ptr[0] == '"' &&
		    val.ptr[val.len - 1] == '"')
			val = (struct rb_str){val.ptr + 1, val.len - 2};
		if (!rb_http_eq_nocase(val, "utf-8"))
			return false;
	}
	return true;
}

static int
read_form(struct rb_request *r, struct rb_err *err)
{
	struct rb_form_limits lim = {r->limits.max_fields, r->limits.max_key,
	    r->limits.max_val, r->limits.max_body, true};
	struct rb_str body;
	int rc;

	if (r->content_type.len == 0 && r->content_length == 0)
		return RB_OK;
	if (!rb_request_content_type_is(
	        r, "application/x-www-form-urlencoded") ||
	    !form_charset_ok(r->content_type))
		return rb_err_set(err, RB_UNSUPPORTED,
		    "forms must be sent as UTF-8 "
		    "application/x-www-form-urlencoded");
	rc = rb_request_body(r, &body, err);
	if (rc != RB_OK)
		return rc;
	return rb_form_parse(
	    r->arena, body.ptr, body.len, &lim, &r->form.list, err);
}

int
rb_request_form(
    struct rb_request *r, const struct rb_kv_list **out, struct rb_err *err)
{
	if (!r->form.done) {
		rb_err_clear(&r->form.err);
		r->form.rc = read_form(r, &r->form.err);
		r->form.done = true;
	}
	return lazy_result(&r->form, out, err);
}

const struct rb_kv_list *
rb_request_cookies(struct rb_request *r)
{
	if (!r->cookies.done) {
		rb_cookie_parse(r->arena, r->cookie.ptr, r->cookie.len,
		    r->limits.max_cookies, &r->cookies.list);
		r->cookies.done = true;
	}
	return &r->cookies.list;
}

struct rb_str
rb_request_cookie(struct rb_request *r, const char *name)
{
	return rb_kv_get(rb_request_cookies(r), name);
}

struct rb_str
rb_request_param(const struct rb_request *r, const char *name)
{
	return rb_kv_get(&r->params, name);
}

int
rb_request_param_i64(const struct rb_request *r, const char *name, int64_t min,
    int64_t max, int64_t *out, struct rb_err *err)
{
	return rb_kv_i64(&r->params, name, min, max, out, err);
}
