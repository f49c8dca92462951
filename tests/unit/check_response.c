/*
 * app/http/response.c and http.c: headers, cookies, redirects, problems
 * and the exact bytes of the CGI response.
 */
#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "http/response.h"

static struct rb_arena arena;
static struct rb_response resp;

static void
setup(void)
{
	rb_arena_init(&arena, 4096);
	rb_response_init(&resp, &arena);
}

static void
teardown(void)
{
	rb_arena_release(&arena);
}

/* The serialized response as a C string (tests keep bodies NUL-free). */
static const char *
wire(bool is_head)
{
	struct rb_buf out;

	rb_buf_init(&out, &arena);
	ck_assert_int_eq(rb_response_serialize(&resp, is_head, &out), RB_OK);
	ck_assert_uint_eq(strlen(out.data), out.len);
	return out.data;
}

START_TEST(test_default)
{
	ck_assert_int_eq(resp.status, 200);
	rb_buf_puts(&resp.body, "hello");
	ck_assert_str_eq(wire(false),
	    "Status: 200 OK\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Length: 5\r\n"
	    "\r\n"
	    "hello");
}
END_TEST

START_TEST(test_headers_in_order)
{
	resp.status = 404;
	ck_assert_int_eq(
	    rb_response_set_header(&resp, "Cache-Control", "no-store"), RB_OK);
	ck_assert_int_eq(
	    rb_response_set_header(&resp, "X-Request-Id", "abc"), RB_OK);
	ck_assert_int_eq(rb_response_set_header(&resp, "Content-Type",
	                     "text/plain; charset=utf-8"),
	    RB_OK);
	rb_buf_puts(&resp.body, "not here\n");
	ck_assert_str_eq(wire(false),
	    "Status: 404 Not Found\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Length: 9\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Request-Id: abc\r\n"
	    "\r\n"
	    "not here\n");
}
END_TEST

START_TEST(test_head)
{
	rb_buf_puts(&resp.body, "hello");
	rb_response_set_header(&resp, "ETag", "\"v1\"");
	ck_assert_str_eq(wire(true),
	    "Status: 200 OK\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Length: 5\r\n"
	    "ETag: \"v1\"\r\n"
	    "\r\n");
}
END_TEST

START_TEST(test_bodiless_statuses)
{
	resp.status = 304;
	rb_response_set_header(&resp, "ETag", "\"v1\"");
	rb_buf_puts(&resp.body, "ignored");
	ck_assert_str_eq(wire(false),
	    "Status: 304 Not Modified\r\n"
	    "ETag: \"v1\"\r\n"
	    "\r\n");
	rb_response_reset(&resp);
	resp.status = 204;
	ck_assert_str_eq(wire(false), "Status: 204 No Content\r\n\r\n");
}
END_TEST

START_TEST(test_status_lines)
{
	resp.status = 299;
	ck_assert_str_eq(wire(false),
	    "Status: 299\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Length: 0\r\n\r\n");
	resp.status = 422;
	ck_assert(strncmp(wire(false), "Status: 422 Unprocessable Content\r\n",
	              35) == 0);
	resp.status = 413;
	ck_assert(
	    strncmp(wire(false), "Status: 413 Content Too Large\r\n", 31) == 0);
}
END_TEST

START_TEST(test_bad_status)
{
	static const int bad[] = {0, -1, 99, 100, 199, 600, 1000};
	struct rb_buf out;

	rb_buf_init(&out, &arena);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		resp.status = bad[i];
		ck_assert_int_eq(
		    rb_response_serialize(&resp, false, &out), RB_ERROR);
		ck_assert_uint_eq(out.len, 0);
	}
}
END_TEST

START_TEST(test_body_with_nul)
{
	struct rb_buf out;

	rb_buf_append(&resp.body, "a\0b", 3);
	rb_buf_init(&out, &arena);
	ck_assert_int_eq(rb_response_serialize(&resp, false, &out), RB_OK);
	ck_assert_mem_eq(out.data + out.len - 3, "a\0b", 3);
	ck_assert_ptr_nonnull(strstr(out.data, "Content-Length: 3\r\n"));
}
END_TEST

START_TEST(test_set_replaces_add_keeps)
{
	ck_assert_int_eq(
	    rb_response_add_header(&resp, "Vary", "Cookie"), RB_OK);
	ck_assert_int_eq(
	    rb_response_add_header(&resp, "vary", "Accept-Language"), RB_OK);
	ck_assert_int_eq(rb_response_set_header(&resp, "X-A", "1"), RB_OK);
	ck_assert_uint_eq(resp.headers.len, 3);
	ck_assert_int_eq(
	    rb_response_set_header(&resp, "VARY", "Origin"), RB_OK);
	ck_assert_uint_eq(resp.headers.len, 2);
	ck_assert_str_eq(rb_response_header(&resp, "vary").ptr, "Origin");
	ck_assert_str_eq(rb_response_header(&resp, "x-a").ptr, "1");
	ck_assert_ptr_null(rb_response_header(&resp, "X-B").ptr);
	ck_assert_str_eq(rb_response_header(&resp, "content-type").ptr,
	    "text/html; charset=utf-8");
}
END_TEST

START_TEST(test_values_copied)
{
	char name[] = "X-Copy", value[] = "before";

	ck_assert_int_eq(rb_response_set_header(&resp, name, value), RB_OK);
	strcpy(value, "after!");
	name[0] = 'Y';
	ck_assert_str_eq(rb_response_header(&resp, "X-Copy").ptr, "before");
}
END_TEST

START_TEST(test_header_injection)
{
	static const char *const bad_values[] = {
	    "a\r\nSet-Cookie: sid=evil",
	    "a\nb",
	    "a\rb",
	    "\r\n\r\n<html>",
	    "a\x01",
	    "a\x7f",
	    "a\x1b[31m",
	};
	static const char *const bad_names[] = {
	    "",
	    "X Y",
	    "X-Y:",
	    "X-Y\r\nZ",
	    "X\n",
	    "X(",
	    "X@",
	    "X/Y",
	    "Status",
	    "status",
	    "Content-Length",
	    "CONTENT-LENGTH",
	    "X-\xc3\xa9",
	};

	for (size_t i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]);
	     i++) {
		ck_assert_msg(rb_response_set_header(
		                  &resp, "X-A", bad_values[i]) == RB_ERROR,
		    "%zu", i);
		ck_assert_int_eq(
		    rb_response_add_header(&resp, "X-A", bad_values[i]),
		    RB_ERROR);
		ck_assert_int_eq(rb_response_set_header(
		                     &resp, "Content-Type", bad_values[i]),
		    RB_ERROR);
	}
	for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++)
		ck_assert_msg(rb_response_set_header(
		                  &resp, bad_names[i], "v") == RB_ERROR,
		    "%s", bad_names[i]);
	ck_assert_int_eq(rb_response_set_header(&resp, NULL, "v"), RB_ERROR);
	ck_assert_int_eq(rb_response_set_header(&resp, "X-A", NULL), RB_ERROR);
	ck_assert_uint_eq(resp.headers.len, 0);
	ck_assert_str_eq(resp.content_type, "text/html; charset=utf-8");
	/* Tab, UTF-8 and an empty value are fine. */
	ck_assert_int_eq(rb_response_set_header(&resp, "X-T", "a\tb"), RB_OK);
	ck_assert_int_eq(
	    rb_response_set_header(&resp, "X-U", "caf\xc3\xa9"), RB_OK);
	ck_assert_int_eq(rb_response_set_header(&resp, "X-E", ""), RB_OK);
	ck_assert_int_eq(
	    rb_response_set_header(&resp, "X!#$%&'*+-.^_`|~1", "ok"), RB_OK);
}
END_TEST

START_TEST(test_cookie)
{
	ck_assert_int_eq(
	    rb_response_set_cookie(&resp, "sid", "abc123", NULL, 3600,
	        RB_COOKIE_HTTPONLY | RB_COOKIE_SECURE | RB_COOKIE_SAMESITE_LAX),
	    RB_OK);
	ck_assert_int_eq(rb_response_set_cookie(&resp, "pref", "x", "/en-us",
	                     RB_COOKIE_SESSION, RB_COOKIE_SAMESITE_STRICT),
	    RB_OK);
	ck_assert_int_eq(
	    rb_response_set_cookie(&resp, "old", "", "/", 0, 0), RB_OK);
	ck_assert_int_eq(rb_response_set_cookie(&resp, "x", "y", "/", 60,
	                     RB_COOKIE_SECURE | RB_COOKIE_SAMESITE_NONE),
	    RB_OK);
	ck_assert_str_eq(wire(false),
	    "Status: 200 OK\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Length: 0\r\n"
	    "Set-Cookie: sid=abc123; Path=/; Max-Age=3600; Secure; HttpOnly; "
	    "SameSite=Lax\r\n"
	    "Set-Cookie: pref=x; Path=/en-us; SameSite=Strict\r\n"
	    "Set-Cookie: old=; Path=/; Max-Age=0\r\n"
	    "Set-Cookie: x=y; Path=/; Max-Age=60; Secure; SameSite=None\r\n"
	    "\r\n");
}
END_TEST

START_TEST(test_cookie_bad)
{
	ck_assert_int_eq(
	    rb_response_set_cookie(&resp, "sid", "a;b", NULL, 1, 0), RB_ERROR);
	ck_assert_int_eq(
	    rb_response_set_cookie(&resp, "sid", "a b", NULL, 1, 0), RB_ERROR);
	ck_assert_int_eq(
	    rb_response_set_cookie(&resp, "sid", "\"a\"", NULL, 1, 0),
	    RB_ERROR);
	ck_assert_int_eq(
	    rb_response_set_cookie(&resp, "sid", "a\r\nb", NULL, 1, 0),
	    RB_ERROR);
	ck_assert_int_eq(
	    rb_response_set_cookie(&resp, "sid", "caf\xc3\xa9", NULL, 1, 0),
	    RB_ERROR);
	ck_assert_int_eq(
	    rb_response_set_cookie(&resp, "sid", NULL, NULL, 1, 0), RB_ERROR);
	ck_assert_int_eq(
	    rb_response_set_cookie(&resp, "s=d", "a", NULL, 1, 0), RB_ERROR);
	ck_assert_int_eq(
	    rb_response_set_cookie(&resp, "", "a", NULL, 1, 0), RB_ERROR);
	ck_assert_int_eq(rb_response_set_cookie(&resp, "sid", "a",
	                     "/x; Domain=evil.example", 1, 0),
	    RB_ERROR);
	ck_assert_int_eq(
	    rb_response_set_cookie(&resp, "sid", "a", "x", 1, 0), RB_ERROR);
	ck_assert_int_eq(
	    rb_response_set_cookie(&resp, "sid", "a", "/\n", 1, 0), RB_ERROR);
	ck_assert_int_eq(
	    rb_response_set_cookie(&resp, "sid", "a", NULL, -2, 0), RB_ERROR);
	ck_assert_int_eq(rb_response_set_cookie(&resp, "sid", "a", NULL, 1,
	                     RB_COOKIE_SAMESITE_NONE),
	    RB_ERROR);
	ck_assert_int_eq(rb_response_set_cookie(&resp, "sid", "a", NULL, 1,
	                     RB_COOKIE_SECURE | RB_COOKIE_SAMESITE_LAX |
	                         RB_COOKIE_SAMESITE_STRICT),
	    RB_ERROR);
	ck_assert_uint_eq(resp.headers.len, 0);
}
END_TEST

START_TEST(test_redirect)
{
	rb_buf_puts(&resp.body, "half a page");
	ck_assert_int_eq(
	    rb_response_redirect(&resp, 303, "/en-us/cart"), RB_OK);
	ck_assert_str_eq(wire(false),
	    "Status: 303 See Other\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Length: 0\r\n"
	    "Location: /en-us/cart\r\n"
	    "\r\n");
	ck_assert_int_eq(rb_response_redirect(&resp, 301, "/en-gb/"), RB_OK);
	ck_assert_uint_eq(resp.headers.len, 1); /* Location replaced */
	ck_assert_str_eq(rb_response_header(&resp, "Location").ptr, "/en-gb/");
	ck_assert_int_eq(rb_response_redirect(&resp, 302, "/x"), RB_OK);
	ck_assert_int_eq(rb_response_redirect(&resp, 307, "/x"), RB_OK);
	ck_assert_int_eq(rb_response_redirect(&resp, 308, "/x"), RB_OK);
}
END_TEST

START_TEST(test_redirect_bad)
{
	ck_assert_int_eq(rb_response_redirect(&resp, 200, "/x"), RB_ERROR);
	ck_assert_int_eq(rb_response_redirect(&resp, 304, "/x"), RB_ERROR);
	ck_assert_int_eq(
	    rb_response_redirect(&resp, 303, "/x\r\nSet-Cookie: a=b"),
	    RB_ERROR);
	ck_assert_int_eq(rb_response_redirect(&resp, 303, ""), RB_ERROR);
	ck_assert_int_eq(rb_response_redirect(&resp, 303, NULL), RB_ERROR);
	ck_assert_int_eq(resp.status, 200);
	ck_assert_uint_eq(resp.headers.len, 0);
}
END_TEST

START_TEST(test_problem)
{
	rb_buf_puts(&resp.body, "<html>half");
	rb_response_problem(&resp, 409, "https://rebound.test/problems/stock",
	    "Out of stock", "Only 2 left of \"Pixel 7\" <128 GB>");
	ck_assert_str_eq(wire(false),
	    "Status: 409 Conflict\r\n"
	    "Content-Type: application/problem+json\r\n"
	    "Content-Length: 139\r\n"
	    "\r\n"
	    "{\"type\":\"https://rebound.test/problems/stock\","
	    "\"title\":\"Out of stock\",\"status\":409,"
	    "\"detail\":\"Only 2 left of \\\"Pixel 7\\\" \\u003c128 "
	    "GB\\u003e\"}");
	rb_response_problem(&resp, 404, NULL, NULL, NULL);
	ck_assert_str_eq(resp.body.data,
	    "{\"type\":\"about:blank\","
	    "\"title\":\"Not Found\",\"status\":404}");
}
END_TEST

START_TEST(test_problem_err)
{
	struct rb_err err;

	rb_err_field(&err, RB_INVALID, "quantity",
	    "must be a whole number from 1 to 99");
	rb_response_problem_err(&resp, 422, &err);
	ck_assert_int_eq(resp.status, 422);
	ck_assert_str_eq(resp.content_type, "application/problem+json");
	ck_assert_str_eq(resp.body.data,
	    "{\"type\":\"about:blank\","
	    "\"title\":\"Unprocessable Content\",\"status\":422,"
	    "\"detail\":\"must be a whole number from 1 to 99\","
	    "\"invalid-params\":[{\"name\":\"quantity\","
	    "\"reason\":\"must be a whole number from 1 to 99\"}]}");
	rb_err_set(&err, RB_TOOBIG, "the request body is too large");
	rb_response_problem_err(&resp, 413, &err);
	ck_assert_str_eq(resp.body.data,
	    "{\"type\":\"about:blank\","
	    "\"title\":\"Content Too Large\",\"status\":413,"
	    "\"detail\":\"the request body is too large\"}");
}
END_TEST

START_TEST(test_reset)
{
	resp.status = 201;
	rb_response_set_header(&resp, "X-A", "1");
	rb_response_set_header(&resp, "Content-Type", "application/json");
	rb_buf_puts(&resp.body, "{}");
	rb_response_reset(&resp);
	ck_assert_int_eq(resp.status, 200);
	ck_assert_uint_eq(resp.headers.len, 0);
	ck_assert_uint_eq(resp.body.len, 0);
	ck_assert_str_eq(resp.content_type, "text/html; charset=utf-8");
	ck_assert_ptr_eq(resp.arena, &arena);
}
END_TEST

START_TEST(test_reasons_and_codes)
{
	ck_assert_str_eq(rb_http_reason(200), "OK");
	ck_assert_str_eq(rb_http_reason(303), "See Other");
	ck_assert_str_eq(rb_http_reason(405), "Method Not Allowed");
	ck_assert_str_eq(rb_http_reason(415), "Unsupported Media Type");
	ck_assert_str_eq(rb_http_reason(429), "Too Many Requests");
	ck_assert_str_eq(rb_http_reason(503), "Service Unavailable");
	ck_assert_str_eq(rb_http_reason(299), "");
	ck_assert_str_eq(rb_http_reason(-1), "");
	ck_assert_int_eq(rb_http_status(RB_OK), 200);
	ck_assert_int_eq(rb_http_status(RB_DECLINED), 404);
	ck_assert_int_eq(rb_http_status(RB_INVALID), 400);
	ck_assert_int_eq(rb_http_status(RB_CONFLICT), 409);
	ck_assert_int_eq(rb_http_status(RB_TOOBIG), 413);
	ck_assert_int_eq(rb_http_status(RB_UNSUPPORTED), 415);
	ck_assert_int_eq(rb_http_status(RB_ERROR), 500);
	ck_assert_int_eq(rb_http_status(12345), 500);
}
END_TEST

static Suite *
response_suite(void)
{
	Suite *s = suite_create("response");
	TCase *tc = tcase_create("serialize");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_default);
	tcase_add_test(tc, test_headers_in_order);
	tcase_add_test(tc, test_head);
	tcase_add_test(tc, test_bodiless_statuses);
	tcase_add_test(tc, test_status_lines);
	tcase_add_test(tc, test_bad_status);
	tcase_add_test(tc, test_body_with_nul);
	suite_add_tcase(s, tc);
	tc = tcase_create("headers");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_set_replaces_add_keeps);
	tcase_add_test(tc, test_values_copied);
	tcase_add_test(tc, test_header_injection);
	tcase_add_test(tc, test_cookie);
	tcase_add_test(tc, test_cookie_bad);
	suite_add_tcase(s, tc);
	tc = tcase_create("helpers");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_redirect);
	tcase_add_test(tc, test_redirect_bad);
	tcase_add_test(tc, test_problem);
	tcase_add_test(tc, test_problem_err);
	tcase_add_test(tc, test_reset);
	tcase_add_test(tc, test_reasons_and_codes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(response_suite());
}
