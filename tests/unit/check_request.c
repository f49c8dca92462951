/*
 * app/http/request.c, request_input.c and lang.c: a request from a CGI
 * environment and a body callback, with lying and hostile clients.
 */
#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "http/request.h"

static struct rb_arena arena;
static struct rb_request_limits lim;

static void
setup(void)
{
	rb_arena_init(&arena, 4096);
	rb_request_limits_default(&lim);
}

static void
teardown(void)
{
	rb_arena_release(&arena);
}

/* A body that a test controls: how much, in what pieces, or an error. */
struct body {
	const char *data;
	size_t len, pos;
	size_t chunk; /* most bytes per call; 0 = all */
	int calls;
	bool fail;
};

static ssize_t
body_read(void *ctx, char *buf, size_t n)
{
	struct body *b = ctx;
	size_t k = b->len - b->pos;

	b->calls++;
	if (b->fail)
		return -1;
	if (k > n)
		k = n;
	if (b->chunk != 0 && k > b->chunk)
		k = b->chunk;
	memcpy(buf, b->data + b->pos, k);
	b->pos += k;
	return (ssize_t)k;
}

static int
init(struct rb_request *r, char **envp, struct body *b, struct rb_err *err)
{
	if (err != NULL)
		rb_err_clear(err);
	return rb_request_init(
	    r, &arena, envp, &lim, b ? body_read : NULL, b, err);
}

/* A POST with the given content type, content length and body. */
static int
post(struct rb_request *r, const char *ctype, const char *clen, struct body *b)
{
	char *envp[] = {"REQUEST_METHOD=POST", "REQUEST_URI=/en-us/cart/items",
	    rb_arena_printf(&arena, "CONTENT_TYPE=%s", ctype),
	    rb_arena_printf(&arena, "CONTENT_LENGTH=%s", clen), NULL};

	return init(r, envp, b, NULL);
}

static bool
is_hex(struct rb_str s)
{
	for (size_t i = 0; i < s.len; i++)
		if (!strchr("0123456789abcdef", s.ptr[i]))
			return false;
	return true;
}

START_TEST(test_get)
{
	char *envp[] = {"REQUEST_METHOD=GET",
	    "REQUEST_URI=/fr-fr/c/t%C3%A9l%C3%A9phones?brand=apple&page=2",
	    "QUERY_STRING=brand=apple&page=2",
	    "CONTENT_TYPE=", "CONTENT_LENGTH=", "HTTP_HOST=shop.example",
	    "HTTP_COOKIE=sid=abc; theme=dark", "HTTP_ACCEPT=text/html",
	    "HTTP_ACCEPT_LANGUAGE=fr-FR,fr;q=0.9",
	    "HTTP_ORIGIN=https://shop.example",
	    "HTTP_SEC_FETCH_SITE=same-origin",
	    "HTTP_USER_AGENT=Mozilla/5.0 (X11)",
	    "HTTP_AUTHORIZATION=Bearer t0k", "HTTP_IF_NONE_MATCH=\"v1\"",
	    "HTTP_X_CSRF_TOKEN=c5rf", "REMOTE_ADDR=192.0.2.1", "HTTPS=on",
	    "REQUEST_ID=0123456789abcdef0123456789abcdef",
	    "HTTP_IDEMPOTENCY_KEY=key-1", NULL};
	struct rb_request r;

	ck_assert_int_eq(init(&r, envp, NULL, NULL), RB_OK);
	ck_assert_int_eq(r.method, RB_M_GET);
	ck_assert_str_eq(r.method_name.ptr, "GET");
	ck_assert_str_eq(
	    r.uri.ptr, "/fr-fr/c/t%C3%A9l%C3%A9phones?brand=apple&page=2");
	ck_assert_str_eq(r.path.ptr, "/fr-fr/c/t\xc3\xa9l\xc3\xa9phones");
	ck_assert_str_eq(r.query_string.ptr, "brand=apple&page=2");
	ck_assert_str_eq(r.content_type.ptr, "");
	ck_assert_uint_eq(r.content_length, 0);
	ck_assert_str_eq(r.host.ptr, "shop.example");
	ck_assert_str_eq(r.cookie.ptr, "sid=abc; theme=dark");
	ck_assert_str_eq(r.accept.ptr, "text/html");
	ck_assert_str_eq(r.accept_language.ptr, "fr-FR,fr;q=0.9");
	ck_assert_str_eq(r.origin.ptr, "https://shop.example");
	ck_assert_str_eq(r.sec_fetch_site.ptr, "same-origin");
	ck_assert_str_eq(r.user_agent.ptr, "Mozilla/5.0 (X11)");
	ck_assert_str_eq(r.authorization.ptr, "Bearer t0k");
	ck_assert_str_eq(r.if_none_match.ptr, "\"v1\"");
	ck_assert_str_eq(r.csrf_token.ptr, "c5rf");
	ck_assert_str_eq(r.remote_addr.ptr, "192.0.2.1");
	ck_assert(r.https);
	ck_assert_str_eq(r.request_id.ptr, "0123456789abcdef0123456789abcdef");
	/* Copied, not borrowed from envp. */
	ck_assert_ptr_ne(r.host.ptr, envp[5] + strlen("HTTP_HOST="));
}
END_TEST

START_TEST(test_absent_headers)
{
	char *envp[] = {"REQUEST_METHOD=HEAD", "REQUEST_URI=/", NULL};
	struct rb_request r;

	ck_assert_int_eq(init(&r, envp, NULL, NULL), RB_OK);
	ck_assert_int_eq(r.method, RB_M_HEAD);
	ck_assert_str_eq(r.path.ptr, "/");
	ck_assert_ptr_nonnull(r.host.ptr);
	ck_assert_uint_eq(r.host.len, 0);
	ck_assert_str_eq(r.origin.ptr, "");
	ck_assert_str_eq(r.query_string.ptr, "");
	ck_assert(!r.https);
	ck_assert_uint_eq(r.content_length, 0);
	ck_assert_uint_eq(r.params.len, 0);
	ck_assert_ptr_null(rb_request_param(&r, "id").ptr);
}
END_TEST

START_TEST(test_generic_header)
{
	char *envp[] = {"REQUEST_METHOD=GET", "REQUEST_URI=/",
	    "HTTP_HOST_EVIL=x", "HTTP_HOST=a", "HTTP_HOST=b",
	    "HTTP_IDEMPOTENCY_KEY=k1", "HTTP_EMPTY=", "NOEQUALS", NULL};
	struct rb_request r;
	struct rb_str v;

	ck_assert_int_eq(init(&r, envp, NULL, NULL), RB_OK);
	ck_assert_str_eq(r.host.ptr, "a"); /* the first duplicate wins */
	v = rb_request_header(&r, "HTTP_IDEMPOTENCY_KEY");
	ck_assert_str_eq(v.ptr, "k1");
	ck_assert_uint_eq(v.len, 2);
	ck_assert_str_eq(rb_request_header(&r, "HTTP_HOST").ptr, "a");
	v = rb_request_header(&r, "HTTP_EMPTY");
	ck_assert_ptr_nonnull(v.ptr);
	ck_assert_uint_eq(v.len, 0);
	ck_assert_ptr_null(rb_request_header(&r, "HTTP_NOPE").ptr);
	ck_assert_ptr_null(rb_request_header(&r, "HTTP").ptr);
	ck_assert_ptr_null(rb_request_header(&r, "NOEQUALS").ptr);
}
END_TEST

START_TEST(test_methods)
{
	static const struct {
		const char *env;
		enum rb_method m;
	} cases[] = {
	    {"REQUEST_METHOD=POST", RB_M_POST},
	    {"REQUEST_METHOD=PUT", RB_M_PUT},
	    {"REQUEST_METHOD=PATCH", RB_M_PATCH},
	    {"REQUEST_METHOD=DELETE", RB_M_DELETE},
	    {"REQUEST_METHOD=OPTIONS", RB_M_OPTIONS},
	    {"REQUEST_METHOD=get", RB_M_OTHER},
	    {"REQUEST_METHOD=PROPFIND", RB_M_OTHER},
	    {"REQUEST_METHOD=GETX", RB_M_OTHER},
	    {"REQUEST_METHOD=GE", RB_M_OTHER},
	};
	struct rb_request r;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *envp[] = {(char *)cases[i].env, "REQUEST_URI=/", NULL};

		ck_assert_int_eq(init(&r, envp, NULL, NULL), RB_OK);
		ck_assert_int_eq(r.method, cases[i].m);
		ck_assert_str_eq(r.method_name.ptr,
		    cases[i].env + strlen("REQUEST_METHOD="));
	}
}
END_TEST

START_TEST(test_request_id)
{
	char *no_id[] = {"REQUEST_METHOD=GET", "REQUEST_URI=/", NULL};
	char *bad_id[] = {"REQUEST_METHOD=GET", "REQUEST_URI=/",
	    "REQUEST_ID=abc\" msg=\"forged", NULL};
	char *long_id[] = {"REQUEST_METHOD=GET", "REQUEST_URI=/",
	    "REQUEST_ID=00000000000000000000000000000000000000000000000000"
	    "000000000000000",
	    NULL};
	struct rb_request r, r2;

	ck_assert_int_eq(init(&r, no_id, NULL, NULL), RB_OK);
	ck_assert_uint_eq(r.request_id.len, 32);
	ck_assert(is_hex(r.request_id));
	ck_assert_int_eq(r.request_id.ptr[32], '\0');
	ck_assert_int_eq(init(&r2, no_id, NULL, NULL), RB_OK);
	ck_assert_str_ne(r.request_id.ptr, r2.request_id.ptr);
	ck_assert_int_eq(init(&r, bad_id, NULL, NULL), RB_OK);
	ck_assert_uint_eq(r.request_id.len, 32);
	ck_assert(is_hex(r.request_id));
	ck_assert_int_eq(init(&r, long_id, NULL, NULL), RB_OK);
	ck_assert_uint_eq(r.request_id.len, 32);
}
END_TEST

START_TEST(test_missing_basics)
{
	char *no_method[] = {"REQUEST_URI=/", "HTTP_HOST=h", NULL};
	char *empty_method[] = {"REQUEST_METHOD=", "REQUEST_URI=/", NULL};
	char *no_uri[] = {"REQUEST_METHOD=GET", NULL};
	char *empty[] = {NULL};
	struct rb_request r;
	struct rb_err err;

	ck_assert_int_eq(init(&r, no_method, NULL, &err), RB_INVALID);
	ck_assert_str_eq(err.msg, "no request method");
	/* Still usable to log and answer the error. */
	ck_assert_uint_eq(r.request_id.len, 32);
	ck_assert_str_eq(r.host.ptr, "h");
	ck_assert_ptr_eq(r.arena, &arena);
	ck_assert_int_eq(init(&r, empty_method, NULL, NULL), RB_INVALID);
	ck_assert_int_eq(init(&r, no_uri, NULL, &err), RB_INVALID);
	ck_assert_str_eq(err.msg, "no request URI");
	ck_assert_str_eq(r.path.ptr, "");
	ck_assert_int_eq(init(&r, empty, NULL, NULL), RB_INVALID);
	ck_assert_int_eq(init(&r, NULL, NULL, NULL), RB_INVALID);
}
END_TEST

START_TEST(test_bad_paths)
{
	static const char *const bad[] = {
	    "REQUEST_URI=/a/../b",
	    "REQUEST_URI=/%2e%2e/etc/passwd",
	    "REQUEST_URI=/a/./b?x=1",
	    "REQUEST_URI=/a%00b",
	    "REQUEST_URI=/a%0d%0aSet-Cookie:x",
	    "REQUEST_URI=/%C0%AF",
	    "REQUEST_URI=/%ED%A0%80",
	    "REQUEST_URI=/%zz",
	    "REQUEST_URI=*",
	    "REQUEST_URI=a/b",
	    "REQUEST_URI=%2Fa",
	    "REQUEST_URI=?x=1",
	    "REQUEST_URI=/x%E2%82",
	    "REQUEST_URI=/..?/ok",
	};
	struct rb_request r;
	struct rb_err err;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *envp[] = {"REQUEST_METHOD=GET", (char *)bad[i], NULL};

		ck_assert_msg(
		    init(&r, envp, NULL, &err) == RB_INVALID, "%s", bad[i]);
		ck_assert_str_eq(r.path.ptr, "");
		ck_assert_uint_eq(r.path.len, 0);
	}
}
END_TEST

START_TEST(test_query_from_uri)
{
	char *no_qs[] = {
	    "REQUEST_METHOD=GET", "REQUEST_URI=/s?q=a%2Fb&x=?y", NULL};
	char *qs_wins[] = {"REQUEST_METHOD=GET", "REQUEST_URI=/s?q=uri",
	    "QUERY_STRING=q=env", NULL};
	char *path_escaped_q[] = {
	    "REQUEST_METHOD=GET", "REQUEST_URI=/a%3Fb", NULL};
	struct rb_request r;

	ck_assert_int_eq(init(&r, no_qs, NULL, NULL), RB_OK);
	ck_assert_str_eq(r.path.ptr, "/s");
	ck_assert_str_eq(r.query_string.ptr, "q=a%2Fb&x=?y");
	ck_assert_int_eq(init(&r, qs_wins, NULL, NULL), RB_OK);
	ck_assert_str_eq(r.query_string.ptr, "q=env");
	ck_assert_int_eq(init(&r, path_escaped_q, NULL, NULL), RB_OK);
	ck_assert_str_eq(r.path.ptr, "/a?b");
	ck_assert_str_eq(r.query_string.ptr, "");
}
END_TEST

START_TEST(test_uri_too_long)
{
	char *uri = rb_arena_alloc(&arena, 9000 + 13);
	char *qs = rb_arena_alloc(&arena, 9000 + 14);
	struct rb_request r;
	struct rb_err err;

	memcpy(uri, "REQUEST_URI=/", 13);
	memset(uri + 13, 'a', 8999);
	uri[9012] = '\0';
	{
		char *envp[] = {"REQUEST_METHOD=GET", uri, NULL};

		ck_assert_int_eq(init(&r, envp, NULL, &err), RB_TOOBIG);
		ck_assert_str_eq(err.msg, "the address is too long");
	}
	memcpy(qs, "QUERY_STRING=", 13);
	memset(qs + 13, 'a', 9000);
	qs[9013] = '\0';
	{
		char *envp[] = {
		    "REQUEST_METHOD=GET", "REQUEST_URI=/", qs, NULL};

		ck_assert_int_eq(init(&r, envp, NULL, NULL), RB_TOOBIG);
	}
}
END_TEST

START_TEST(test_content_length_lies)
{
	static const char *const bad[] = {"-1", "+5", "abc", " 5", "5 ", "5x",
	    "0x10", "1e3", "-0", "99999999999999999999999",
	    "18446744073709551616", "1,0", "5\n"};
	struct rb_request r;
	struct rb_err err;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *envp[] = {"REQUEST_METHOD=POST", "REQUEST_URI=/x",
		    rb_arena_printf(&arena, "CONTENT_LENGTH=%s", bad[i]), NULL};

		ck_assert_msg(init(&r, envp, NULL, &err) == RB_INVALID,
		    "CONTENT_LENGTH=%s", bad[i]);
		ck_assert_str_eq(err.msg, "bad Content-Length");
	}
	{
		char *envp[] = {"REQUEST_METHOD=POST", "REQUEST_URI=/x",
		    "CONTENT_LENGTH=0012", NULL};

		ck_assert_int_eq(init(&r, envp, NULL, NULL), RB_OK);
		ck_assert_uint_eq(r.content_length, 12);
	}
}
END_TEST

START_TEST(test_body)
{
	struct body b = {"a=1&b=2", 7, 0, 1, 0, false};
	struct rb_request r;
	struct rb_str body;

	ck_assert_int_eq(post(&r, "text/plain", "7", &b), RB_OK);
	ck_assert_int_eq(b.calls, 0); /* nothing read at init */
	ck_assert_int_eq(rb_request_body(&r, &body, NULL), RB_OK);
	ck_assert_str_eq(body.ptr, "a=1&b=2");
	ck_assert_uint_eq(body.len, 7);
	ck_assert_int_eq(b.calls, 7); /* one byte at a time */
	ck_assert_int_eq(rb_request_body(&r, &body, NULL), RB_OK);
	ck_assert_int_eq(b.calls, 7); /* remembered */
}
END_TEST

START_TEST(test_body_longer_than_length)
{
	struct body b = {"a=1&b=2&c=3", 11, 0, 0, 0, false};
	struct rb_request r;
	struct rb_str body;

	ck_assert_int_eq(post(&r, "text/plain", "3", &b), RB_OK);
	ck_assert_int_eq(rb_request_body(&r, &body, NULL), RB_OK);
	ck_assert_str_eq(body.ptr, "a=1");
	ck_assert_uint_eq(b.pos, 3); /* never read past Content-Length */
}
END_TEST

START_TEST(test_body_short)
{
	struct body b = {"a=1", 3, 0, 0, 0, false};
	struct rb_request r;
	struct rb_str body;
	struct rb_err err;

	ck_assert_int_eq(post(&r, "text/plain", "100", &b), RB_OK);
	rb_err_clear(&err);
	ck_assert_int_eq(rb_request_body(&r, &body, &err), RB_INVALID);
	ck_assert_str_eq(
	    err.msg, "the request body is shorter than its Content-Length");
	ck_assert_uint_eq(body.len, 0);
	ck_assert_ptr_nonnull(body.ptr);
	/* The error is remembered. */
	rb_err_clear(&err);
	ck_assert_int_eq(rb_request_body(&r, &body, &err), RB_INVALID);
	ck_assert_int_eq(err.code, RB_INVALID);
	/* No reader at all: a declared body never arrives. */
	ck_assert_int_eq(post(&r, "text/plain", "5", NULL), RB_OK);
	ck_assert_int_eq(rb_request_body(&r, &body, NULL), RB_INVALID);
}
END_TEST

START_TEST(test_body_too_big)
{
	struct body b = {"x", 1, 0, 0, 0, false};
	struct rb_request r;
	struct rb_str body;
	struct rb_err err;

	lim.max_body = 1000;
	ck_assert_int_eq(post(&r, "text/plain", "1001", &b), RB_OK);
	rb_err_clear(&err);
	ck_assert_int_eq(rb_request_body(&r, &body, &err), RB_TOOBIG);
	ck_assert_str_eq(err.msg, "the request body is too large");
	ck_assert_int_eq(b.calls, 0); /* refused before reading */
	/* A huge declared length allocates nothing either. */
	ck_assert_int_eq(
	    post(&r, "text/plain", "9223372036854775807", &b), RB_OK);
	ck_assert_int_eq(rb_request_body(&r, &body, NULL), RB_TOOBIG);
	ck_assert_int_eq(b.calls, 0);
	/* The dispatcher may raise the limit for one route. */
	ck_assert_int_eq(post(&r, "text/plain", "1", &b), RB_OK);
	r.limits.max_body = 0;
	ck_assert_int_eq(rb_request_body(&r, &body, NULL), RB_TOOBIG);
}
END_TEST

START_TEST(test_body_reader_error)
{
	struct body b = {"abc", 3, 0, 0, 0, true};
	struct rb_request r;
	struct rb_str body;

	ck_assert_int_eq(post(&r, "text/plain", "3", &b), RB_OK);
	ck_assert_int_eq(rb_request_body(&r, &body, NULL), RB_ERROR);
}
END_TEST

START_TEST(test_body_with_nul)
{
	struct body b = {"a\0b", 3, 0, 0, 0, false};
	struct rb_request r;
	struct rb_str body;
	const struct rb_kv_list *f;

	ck_assert_int_eq(post(&r, "application/json", "3", &b), RB_OK);
	ck_assert_int_eq(rb_request_body(&r, &body, NULL), RB_OK);
	ck_assert_uint_eq(body.len, 3);
	ck_assert_mem_eq(body.ptr, "a\0b", 3);
	b = (struct body){"a=\0", 3, 0, 0, 0, false};
	ck_assert_int_eq(
	    post(&r, "application/x-www-form-urlencoded", "3", &b), RB_OK);
	ck_assert_int_eq(rb_request_form(&r, &f, NULL), RB_INVALID);
}
END_TEST

START_TEST(test_form)
{
	const char *s = "offer_id=42&quantity=2&note=line1%0D%0Aline2";
	struct body b = {s, strlen(s), 0, 0, 0, false};
	struct rb_request r;
	const struct rb_kv_list *f, *f2;
	int q;

	ck_assert_int_eq(post(&r, "application/x-www-form-urlencoded",
	                     rb_arena_printf(&arena, "%zu", strlen(s)), &b),
	    RB_OK);
	ck_assert_int_eq(rb_request_form(&r, &f, NULL), RB_OK);
	ck_assert_uint_eq(f->len, 3);
	ck_assert_int_eq(rb_kv_int(f, "quantity", 1, 99, &q, NULL), RB_OK);
	ck_assert_int_eq(q, 2);
	ck_assert_str_eq(rb_kv_get(f, "note").ptr, "line1\r\nline2");
	ck_assert_int_eq(rb_request_form(&r, &f2, NULL), RB_OK);
	ck_assert_ptr_eq(f, f2);
	ck_assert_int_eq(b.calls, 1);
}
END_TEST

START_TEST(test_form_content_types)
{
	static const char *const ok[] = {
	    "application/x-www-form-urlencoded",
	    "Application/X-WWW-Form-Urlencoded",
	    "application/x-www-form-urlencoded; charset=UTF-8",
	    "application/x-www-form-urlencoded;charset=\"utf-8\"",
	    "application/x-www-form-urlencoded ; foo=bar",
	};
	static const char *const bad[] = {
	    "multipart/form-data; boundary=x",
	    "application/json",
	    "text/plain",
	    "application/x-www-form-urlencodedx",
	    "application/x-www-form-urlencoded; charset=iso-8859-1",
	    "application/x-www-form-urlencoded; charset=",
	    "x",
	};
	struct rb_request r;
	const struct rb_kv_list *f;
	struct rb_err err;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct body b = {"a=1", 3, 0, 0, 0, false};

		ck_assert_int_eq(post(&r, ok[i], "3", &b), RB_OK);
		ck_assert_msg(
		    rb_request_form(&r, &f, NULL) == RB_OK, "%s", ok[i]);
		ck_assert_str_eq(rb_kv_get(f, "a").ptr, "1");
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct body b = {"a=1", 3, 0, 0, 0, false};

		ck_assert_int_eq(post(&r, bad[i], "3", &b), RB_OK);
		rb_err_clear(&err);
		ck_assert_msg(rb_request_form(&r, &f, &err) == RB_UNSUPPORTED,
		    "%s", bad[i]);
		ck_assert_int_eq(err.code, RB_UNSUPPORTED);
		ck_assert_uint_eq(f->len, 0);
		ck_assert_int_eq(b.calls, 0);
		ck_assert_int_eq(rb_http_status(RB_UNSUPPORTED), 415);
	}
}
END_TEST

START_TEST(test_form_empty)
{
	char *get[] = {"REQUEST_METHOD=GET", "REQUEST_URI=/",
	    "CONTENT_TYPE=", "CONTENT_LENGTH=", NULL};
	struct body b = {"", 0, 0, 0, 0, false};
	struct rb_request r;
	const struct rb_kv_list *f;

	ck_assert_int_eq(init(&r, get, NULL, NULL), RB_OK);
	ck_assert_int_eq(rb_request_form(&r, &f, NULL), RB_OK);
	ck_assert_uint_eq(f->len, 0);
	ck_assert_int_eq(
	    post(&r, "application/x-www-form-urlencoded", "0", &b), RB_OK);
	ck_assert_int_eq(rb_request_form(&r, &f, NULL), RB_OK);
	ck_assert_uint_eq(f->len, 0);
	/* A body without a type is not a form. */
	b = (struct body){"a=1", 3, 0, 0, 0, false};
	ck_assert_int_eq(post(&r, "", "3", &b), RB_OK);
	ck_assert_int_eq(rb_request_form(&r, &f, NULL), RB_UNSUPPORTED);
}
END_TEST

START_TEST(test_form_limits)
{
	struct rb_request r;
	const struct rb_kv_list *f;
	struct rb_err err;
	char *s = rb_arena_alloc(&arena, 4 * 10000);
	struct body b = {s, 0, 0, 0, 0, false};

	for (int i = 0; i < 10000; i++)
		memcpy(s + 4 * i, "a=1&", 4);
	b.len = 4 * 10000 - 1;
	ck_assert_int_eq(post(&r, "application/x-www-form-urlencoded",
	                     rb_arena_printf(&arena, "%zu", b.len), &b),
	    RB_OK);
	rb_err_clear(&err);
	ck_assert_int_eq(rb_request_form(&r, &f, &err), RB_TOOBIG);
	ck_assert_str_eq(err.msg, "the form has too many fields");
	ck_assert_uint_eq(f->len, 0);
	/* Remembered, error included. */
	rb_err_clear(&err);
	ck_assert_int_eq(rb_request_form(&r, &f, &err), RB_TOOBIG);
	ck_assert_str_eq(err.msg, "the form has too many fields");
	/* A value over max_val. */
	lim.max_val = 10;
	b = (struct body){"note=12345678901", 16, 0, 0, 0, false};
	ck_assert_int_eq(
	    post(&r, "application/x-www-form-urlencoded", "16", &b), RB_OK);
	ck_assert_int_eq(rb_request_form(&r, &f, &err), RB_TOOBIG);
	ck_assert_str_eq(err.field, "note");
	/* Content-Length over max_body: nothing read. */
	lim.max_body = 10;
	b = (struct body){"a=12345678901", 13, 0, 0, 0, false};
	ck_assert_int_eq(
	    post(&r, "application/x-www-form-urlencoded", "13", &b), RB_OK);
	ck_assert_int_eq(rb_request_form(&r, &f, NULL), RB_TOOBIG);
	ck_assert_int_eq(b.calls, 0);
}
END_TEST

START_TEST(test_query)
{
	char *envp[] = {"REQUEST_METHOD=GET",
	    "REQUEST_URI=/en-us/search?q=usb+c%20cable&page=3&grade=a&grade=b",
	    NULL};
	char *bad[] = {"REQUEST_METHOD=GET", "REQUEST_URI=/s?q=%zz", NULL};
	struct rb_request r;
	const struct rb_kv_list *q, *q2;
	struct rb_err err;
	struct rb_str *grades;
	int page;

	ck_assert_int_eq(init(&r, envp, NULL, NULL), RB_OK);
	ck_assert_int_eq(rb_request_query(&r, &q, NULL), RB_OK);
	ck_assert_str_eq(rb_kv_get(q, "q").ptr, "usb c cable");
	ck_assert_int_eq(rb_kv_int(q, "page", 1, 1000, &page, NULL), RB_OK);
	ck_assert_int_eq(page, 3);
	ck_assert_uint_eq(rb_kv_all(q, "grade", &arena, &grades), 2);
	ck_assert_int_eq(rb_request_query(&r, &q2, NULL), RB_OK);
	ck_assert_ptr_eq(q, q2);
	ck_assert_int_eq(init(&r, bad, NULL, NULL), RB_OK);
	rb_err_clear(&err);
	ck_assert_int_eq(rb_request_query(&r, &q, &err), RB_INVALID);
	ck_assert_str_eq(err.field, "q");
	ck_assert_uint_eq(q->len, 0);
	rb_err_clear(&err);
	ck_assert_int_eq(rb_request_query(&r, &q, &err), RB_INVALID);
	ck_assert_str_eq(err.msg, "malformed percent-escape");
}
END_TEST

START_TEST(test_query_too_many)
{
	struct rb_request r;
	const struct rb_kv_list *q;
	char *uri = rb_arena_alloc(&arena, 32 + 2 * 1000);

	strcpy(uri, "REQUEST_URI=/s?");
	for (int i = 0; i < 1000; i++)
		strcat(uri, "a&");
	{
		char *envp[] = {"REQUEST_METHOD=GET", uri, NULL};

		ck_assert_int_eq(init(&r, envp, NULL, NULL), RB_OK);
		ck_assert_int_eq(rb_request_query(&r, &q, NULL), RB_TOOBIG);
	}
}
END_TEST

START_TEST(test_cookies)
{
	char *envp[] = {"REQUEST_METHOD=GET", "REQUEST_URI=/",
	    "HTTP_COOKIE=junk; sid=s1; sid=s2; bad=a b", NULL};
	char *none[] = {"REQUEST_METHOD=GET", "REQUEST_URI=/", NULL};
	struct rb_request r;

	ck_assert_int_eq(init(&r, envp, NULL, NULL), RB_OK);
	ck_assert_str_eq(rb_request_cookie(&r, "sid").ptr, "s1");
	ck_assert_ptr_null(rb_request_cookie(&r, "bad").ptr);
	ck_assert_uint_eq(rb_request_cookies(&r)->len, 2);
	ck_assert_int_eq(init(&r, none, NULL, NULL), RB_OK);
	ck_assert_ptr_null(rb_request_cookie(&r, "sid").ptr);
	ck_assert_uint_eq(rb_request_cookies(&r)->len, 0);
}
END_TEST

START_TEST(test_params)
{
	char *envp[] = {"REQUEST_METHOD=GET", "REQUEST_URI=/", NULL};
	struct rb_request r;
	struct rb_err err;
	int64_t id;

	ck_assert_int_eq(init(&r, envp, NULL, NULL), RB_OK);
	rb_kv_add(&r.params, &arena, RB_STR("id"), RB_STR("42"));
	rb_kv_add(&r.params, &arena, RB_STR("bad"), RB_STR("4x"));
	ck_assert_str_eq(rb_request_param(&r, "id").ptr, "42");
	ck_assert_int_eq(
	    rb_request_param_i64(&r, "id", 1, INT64_MAX, &id, NULL), RB_OK);
	ck_assert(id == 42);
	rb_err_clear(&err);
	ck_assert_int_eq(
	    rb_request_param_i64(&r, "bad", 1, INT64_MAX, &id, &err),
	    RB_INVALID);
	ck_assert_str_eq(err.field, "bad");
	ck_assert_int_eq(
	    rb_request_param_i64(&r, "none", 1, 9, &id, NULL), RB_DECLINED);
}
END_TEST

START_TEST(test_content_type_is)
{
	char *envp[] = {"REQUEST_METHOD=POST", "REQUEST_URI=/",
	    "CONTENT_TYPE= Application/JSON ; charset=utf-8", NULL};
	struct rb_request r;

	ck_assert_int_eq(init(&r, envp, NULL, NULL), RB_OK);
	ck_assert(rb_request_content_type_is(&r, "application/json"));
	ck_assert(!rb_request_content_type_is(&r, "application/jso"));
	ck_assert(!rb_request_content_type_is(&r, "application/json2"));
	ck_assert(!rb_request_content_type_is(&r, ""));
}
END_TEST

static const char *const markets[] = {
    "en-us", "en-gb", "fr-fr", "de-de", "es-es"};

static const char *
lang(const char *header)
{
	return rb_accept_language(rb_str_c(header), markets, 5, "default");
}

START_TEST(test_accept_language)
{
	ck_assert_str_eq(lang(""), "default");
	ck_assert_str_eq(lang("fr"), "fr-fr");
	ck_assert_str_eq(lang("fr-CA"), "fr-fr");
	ck_assert_str_eq(lang("en"), "en-us");
	ck_assert_str_eq(lang("en-AU"), "en-us");
	ck_assert_str_eq(lang("en-GB"), "en-gb");
	ck_assert_str_eq(lang("EN-gb"), "en-gb");
	ck_assert_str_eq(lang("en_GB"), "en-gb");
	ck_assert_str_eq(lang("de-AT"), "de-de");
	ck_assert_str_eq(lang("es-419"), "es-es");
	ck_assert_str_eq(lang("en-GB,en;q=0.9"), "en-gb");
	ck_assert_str_eq(lang("de;q=0.5, fr;q=0.9"), "fr-fr");
	ck_assert_str_eq(lang("ja, fr;q=0.1"), "fr-fr");
	ck_assert_str_eq(lang("ja, zh-Hant-TW"), "default");
	ck_assert_str_eq(lang("de, fr"), "de-de"); /* tie: first listed */
	ck_assert_str_eq(lang("fr-CA, en-gb;q=0.9"), "fr-fr");
	ck_assert_str_eq(lang("  fr  ;  q=0.5  ,\ten\t;q=0.4"), "fr-fr");
	ck_assert_str_eq(lang("fr;Q=0.5, de;q=0.6"), "de-de");
	ck_assert_ptr_eq(
	    rb_accept_language(RB_STR_NULL, markets, 5, NULL), NULL);
	ck_assert_ptr_eq(
	    rb_accept_language(RB_STR("fr"), markets, 5, NULL), markets[2]);
	ck_assert_str_eq(
	    rb_accept_language(RB_STR("fr"), markets, 0, "d"), "d");
}
END_TEST

START_TEST(test_accept_language_weird_q)
{
	ck_assert_str_eq(lang("fr;q=0"), "default");
	ck_assert_str_eq(lang("fr;q=0.000"), "default");
	ck_assert_str_eq(lang("fr;q=0, de"), "de-de");
	ck_assert_str_eq(lang("fr;q=2, de;q=0.5"), "de-de");
	ck_assert_str_eq(lang("fr;q=abc, es;q=0.1"), "es-es");
	ck_assert_str_eq(lang("fr;q=-1, es;q=0.1"), "es-es");
	ck_assert_str_eq(lang("fr;q=, es;q=0.1"), "es-es");
	ck_assert_str_eq(lang("fr;q=0.1234, es;q=0.1"), "es-es");
	ck_assert_str_eq(lang("fr;q=1.5, es;q=0.1"), "es-es");
	ck_assert_str_eq(lang("fr;q=1.000, es;q=0.999"), "fr-fr");
	ck_assert_str_eq(lang("fr;q=0.001, es;q=0.0009"), "fr-fr");
	ck_assert_str_eq(lang("fr;q=.5, es;q=0.1"), "es-es");
	ck_assert_str_eq(lang("fr;q=0.5;q=0.1, es;q=0.2"), "es-es");
	ck_assert_str_eq(lang("fr;q=1e0, es;q=0.1"), "es-es");
	ck_assert_str_eq(lang("fr;q=0x1, es;q=0.1"), "es-es");
	ck_assert_str_eq(lang("fr;level=1;q=0.5, es;q=0.4"), "fr-fr");
	ck_assert_str_eq(lang("fr;;q=0.5"), "fr-fr");
	ck_assert_str_eq(lang("fr;q=99999999999999999999"), "default");
}
END_TEST

START_TEST(test_accept_language_junk)
{
	char *many = rb_arena_alloc(&arena, 33 * 4 + 8);

	ck_assert_str_eq(lang("*"), "default");
	ck_assert_str_eq(lang("*, fr;q=0.5"), "fr-fr");
	ck_assert_str_eq(lang(";;;,,,"), "default");
	ck_assert_str_eq(lang(",,,fr"), "fr-fr");
	ck_assert_str_eq(lang("-fr"), "default");
	ck_assert_str_eq(lang("f r"), "default");
	ck_assert_str_eq(lang("fr\"; de"), "default");
	ck_assert_str_eq(lang("fr\r\n, de"), "de-de");
	ck_assert_str_eq(
	    lang("fr-fr-fr-fr-fr-fr-fr-fr-fr-fr-fr-fr-fr"), "default");
	ck_assert_str_eq(lang("\xc3\xa9, es"), "es-es");
	ck_assert_str_eq(lang("fr-"), "fr-fr");
	/* Only the first 32 ranges are read. */
	many[0] = '\0';
	for (int i = 0; i < 32; i++)
		strcat(many, "xx, ");
	strcat(many, "fr");
	ck_assert_str_eq(lang(many), "default");
}
END_TEST

static Suite *
request_suite(void)
{
	Suite *s = suite_create("request");
	TCase *tc = tcase_create("env");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_get);
	tcase_add_test(tc, test_absent_headers);
	tcase_add_test(tc, test_generic_header);
	tcase_add_test(tc, test_methods);
	tcase_add_test(tc, test_request_id);
	tcase_add_test(tc, test_missing_basics);
	tcase_add_test(tc, test_bad_paths);
	tcase_add_test(tc, test_query_from_uri);
	tcase_add_test(tc, test_uri_too_long);
	tcase_add_test(tc, test_content_length_lies);
	suite_add_tcase(s, tc);
	tc = tcase_create("input");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_body);
	tcase_add_test(tc, test_body_longer_than_length);
	tcase_add_test(tc, test_body_short);
	tcase_add_test(tc, test_body_too_big);
	tcase_add_test(tc, test_body_reader_error);
	tcase_add_test(tc, test_body_with_nul);
	tcase_add_test(tc, test_form);
	tcase_add_test(tc, test_form_content_types);
	tcase_add_test(tc, test_form_empty);
	tcase_add_test(tc, test_form_limits);
	tcase_add_test(tc, test_query);
	tcase_add_test(tc, test_query_too_many);
	tcase_add_test(tc, test_cookies);
	tcase_add_test(tc, test_params);
	tcase_add_test(tc, test_content_type_is);
	suite_add_tcase(s, tc);
	tc = tcase_create("lang");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_accept_language);
	tcase_add_test(tc, test_accept_language_weird_q);
	tcase_add_test(tc, test_accept_language_junk);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(request_suite());
}
