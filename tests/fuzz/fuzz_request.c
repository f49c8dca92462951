/*
 * rb_request_init from a fuzzer-built CGI environment, then the lazy
 * accessors. The input is "KEY=value" lines up to the first empty line
 * (at most 64; a line holding a NUL ends at it, as a C string does); the
 * rest is the body, handed out by a reader in short, uneven pieces.
 *
 * Checked: the return codes the header allows; on any outcome a usable
 * request (every string field non-NULL and NUL-terminated, a request id
 * of 1-64 safe bytes); on success a clean path starting with '/', the
 * URI and query within max_uri, the method matching its name; the query,
 * form and cookies within their limits and clean; a second call to each
 * accessor giving the same answer; the body being exactly the first
 * Content-Length bytes when there are that many.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "fuzz.h"
#include "http/http.h"
#include "http/request.h"

#define MAX_ENV 64

struct body {
	const char *p;
	size_t n, pos;
	unsigned step; /* grows so reads come in uneven sizes */
};

static ssize_t
body_read(void *ctx, char *buf, size_t n)
{
	struct body *b = ctx;
	size_t k = b->n - b->pos;

	b->step = b->step % 13 + 1;
	if (k > b->step)
		k = b->step;
	if (k > n)
		k = n;
	memcpy(buf, b->p + b->pos, k);
	b->pos += k;
	return (ssize_t)k;
}

static void
check_str(struct rb_str s, const char *what)
{
	FUZZ_CHECK(s.ptr != NULL, "%s is NULL", what);
	FUZZ_CHECK(s.ptr[s.len] == '\0', "%s is not NUL-terminated", what);
}

static void
check_fields(const struct rb_request *r, int rc)
{
	const struct {
		struct rb_str s;
		const char *name;
	} f[] = {
	    {r->method_name, "method_name"},
	    {r->uri, "uri"},
	    {r->path, "path"},
	    {r->query_string, "query_string"},
	    {r->content_type, "content_type"},
	    {r->host, "host"},
	    {r->cookie, "cookie"},
	    {r->accept, "accept"},
	    {r->accept_language, "accept_language"},
	    {r->origin, "origin"},
	    {r->sec_fetch_site, "sec_fetch_site"},
	    {r->user_agent, "user_agent"},
	    {r->authorization, "authorization"},
	    {r->if_none_match, "if_none_match"},
	    {r->csrf_token, "csrf_token"},
	    {r->remote_addr, "remote_addr"},
	    {r->request_id, "request_id"},
	};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		check_str(f[i].s, f[i].name);
	if (rc == RB_ERROR)
		return;
	FUZZ_CHECK(r->request_id.len >= 1 && r->request_id.len <= 64,
	    "request id of %zu bytes", r->request_id.len);
	for (size_t i = 0; i < r->request_id.len; i++) {
		char c = r->request_id.ptr[i];

		FUZZ_CHECK((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		        (c >= 'A' && c <= 'Z') || c == '-' || c == '_',
		    "request id byte 0x%02x", (unsigned char)c);
	}
	FUZZ_CHECK(r->method == rb_method_parse(r->method_name),
	    "method does not match its name");
}

static bool
lists_equal(const struct rb_kv_list *a, const struct rb_kv_list *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++)
		if (!rb_str_eq(a->items[i].key, b->items[i].key) ||
		    !rb_str_eq(a->items[i].val, b->items[i].val))
			return false;
	return true;
}

static void
check_accessors(struct rb_request *r, struct body *body)
{
	const struct rb_request_limits *lim = &r->limits;
	struct rb_form_limits qlim = {
	    lim->max_fields, lim->max_key, lim->max_val, lim->max_uri, false};
	struct rb_form_limits flim = {
	    lim->max_fields, lim->max_key, lim->max_val, lim->max_body, true};
	const struct rb_kv_list *q, *q2, *f, *f2, *c, *c2;
	struct rb_str b, b2;
	struct rb_err err;
	int rc, rc2;

	rb_err_clear(&err);
	rc = rb_request_query(r, &q, &err);
	FUZZ_CHECK(rc == RB_OK || rc == RB_TOOBIG || rc == RB_INVALID,
	    "query rc %d", rc);
	FUZZ_CHECK(q != NULL, "query list NULL");
	if (rc == RB_OK)
		fuzz_check_form_list(q, &qlim);
	else
		FUZZ_CHECK(q->len == 0 && err.code == rc, "failed query");
	rc2 = rb_request_query(r, &q2, NULL);
	FUZZ_CHECK(rc2 == rc && q2 == q, "second query differs");

	rb_err_clear(&err);
	rc = rb_request_form(r, &f, &err);
	FUZZ_CHECK(rc == RB_OK || rc == RB_TOOBIG || rc == RB_INVALID ||
	        rc == RB_UNSUPPORTED,
	    "form rc %d: %s", rc, err.msg);
	FUZZ_CHECK(f != NULL, "form list NULL");
	if (rc == RB_OK)
		fuzz_check_form_list(f, &flim);
	else
		FUZZ_CHECK(f->len == 0 && err.code == rc, "failed form");
	if (rc == RB_UNSUPPORTED)
		FUZZ_CHECK(body->pos == 0, "an unsupported form read the body");
	if (rc == RB_OK && r->content_length > 0)
		FUZZ_CHECK(rb_request_content_type_is(
		               r, "application/x-www-form-urlencoded"),
		    "a form from \"%s\"", r->content_type.ptr);
	rc2 = rb_request_form(r, &f2, NULL);
	FUZZ_CHECK(
	    rc2 == rc && f2 == f && lists_equal(f, f2), "second form differs");

	rb_err_clear(&err);
	rc = rb_request_body(r, &b, &err);
	FUZZ_CHECK(rc == RB_OK || rc == RB_TOOBIG || rc == RB_INVALID,
	    "body rc %d", rc);
	check_str(b, "body");
	if (r->content_length > lim->max_body) {
		FUZZ_CHECK(rc == RB_TOOBIG, "a body over max_body: rc %d", rc);
		FUZZ_CHECK(body->pos == 0, "read a body over max_body");
	} else if (r->content_length <= body->n) {
		FUZZ_CHECK(rc == RB_OK, "a whole body refused: %s", err.msg);
		FUZZ_CHECK(b.len == r->content_length &&
		        memcmp(b.ptr, body->p, b.len) == 0,
		    "the body is not the first Content-Length bytes");
	} else {
		FUZZ_CHECK(rc == RB_INVALID, "a short body: rc %d", rc);
	}
	rc2 = rb_request_body(r, &b2, NULL);
	FUZZ_CHECK(rc2 == rc && b2.ptr == b.ptr && b2.len == b.len,
	    "second body differs");

	c = rb_request_cookies(r);
	FUZZ_CHECK(c != NULL && c->len <= lim->max_cookies, "cookies");
	for (size_t i = 0; i < c->len; i++) {
		check_str(c->items[i].key, "cookie name");
		check_str(c->items[i].val, "cookie value");
		FUZZ_CHECK(c->items[i].key.len > 0, "empty cookie name");
		FUZZ_CHECK(
		    rb_request_cookie(r, c->items[i].key.ptr).ptr != NULL,
		    "rb_request_cookie misses a cookie");
	}
	c2 = rb_request_cookies(r);
	FUZZ_CHECK(c2 == c, "second cookies differ");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *envp[MAX_ENV + 1];
	struct rb_request_limits lim;
	struct rb_request r;
	struct body body = {NULL, 0, 0, 0};
	struct rb_arena a;
	struct rb_err err;
	size_t nenv = 0, pos = 0;
	int rc;

	/* The environment: lines up to an empty one; the rest is the body. */
	memcpy(copy, data, size);
	copy[size] = '\0';
	while (pos < size && nenv < MAX_ENV) {
		char *line = copy + pos;
		char *nl = memchr(line, '\n', size - pos);
		size_t len = nl ? (size_t)(nl - line) : size - pos;

		line[len] = '\0';
		pos += len + 1;
		if (len == 0)
			break;
		envp[nenv++] = line;
	}
	envp[nenv] = NULL;
	if (pos > size)
		pos = size;
	body.p = copy + pos;
	body.n = size - pos;

	rb_request_limits_default(&lim);
	/* Small enough that the fuzzer reaches every cap. */
	lim.max_body = 512;
	lim.max_uri = 256;
	lim.max_fields = 8;
	lim.max_key = 16;
	lim.max_val = 64;
	lim.max_cookies = 4;

	rb_arena_init(&a, 4096);
	rb_err_clear(&err);
	rc = rb_request_init(&r, &a, envp, &lim, body_read, &body, &err);
	FUZZ_CHECK(rc == RB_OK || rc == RB_INVALID || rc == RB_TOOBIG ||
	        rc == RB_ERROR,
	    "init rc %d", rc);
	FUZZ_CHECK(rc == RB_OK || err.code == rc, "failure without its error");
	check_fields(&r, rc);
	/* The path is "" unless it was valid, whatever failed after it. */
	if (rc == RB_OK || r.path.len > 0) {
		fuzz_check_clean(r.path, false, "path");
		FUZZ_CHECK(r.path.ptr[0] == '/', "path \"%s\"", r.path.ptr);
	}
	if (rc != RB_OK)
		goto out;
	FUZZ_CHECK(
	    r.uri.len > 0 && r.uri.len <= lim.max_uri, "uri of %zu", r.uri.len);
	FUZZ_CHECK(r.query_string.len <= lim.max_uri, "query of %zu",
	    r.query_string.len);
	FUZZ_CHECK(r.method_name.len > 0, "no method");
	FUZZ_CHECK(r.host.len == 0 ||
	        rb_str_eq(rb_request_header(&r, "HTTP_HOST"), r.host),
	    "HTTP_HOST differs from rb_request_header");
	check_accessors(&r, &body);
out:
	rb_arena_release(&a);
	free(copy);
	return 0;
}
