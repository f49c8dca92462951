/*
 * The dispatcher without the stack: real templates, a database and a cache
 * that cannot be reached. Pages that need no data answer; the rest fall
 * back to error pages that still render.
 */
#include <string.h>

#include "cache/cache.h"
#include "check_run.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/ctx.h"
#include "db/db.h"
#include "domain/market.h"
#include "pages/dispatch.h"
#include "tmpl/tmpl.h"

static struct rb_config cfg;
static struct rb_tmpl_set *templates;
static struct rb_ctx ctx;
static struct rb_buf out;
static struct rb_dispatch_result res;

struct body {
	const char *data;
	size_t off;
};

static ssize_t
read_body(void *p, char *buf, size_t n)
{
	struct body *b = p;
	size_t left = strlen(b->data) - b->off;

	if (n > left)
		n = left;
	memcpy(buf, b->data + b->off, n);
	b->off += n;
	return (ssize_t)n;
}

static void
setup(void)
{
	struct rb_err err;

	rb_config_defaults(&cfg);
	free(cfg.templates);
	cfg.templates = strdup(REBOUND_SRCDIR "/templates");
	free(cfg.static_dir);
	cfg.static_dir = strdup(REBOUND_SRCDIR "/static");
	free(cfg.data_dir);
	cfg.data_dir = strdup(REBOUND_SRCDIR "/data");
	ctx.cfg = &cfg;
	rb_arena_init(&ctx.arena, 16384);
	templates = rb_tmpl_set_new();
	ck_assert_int_eq(rb_tmpl_set_load_dir(templates, cfg.templates, &err),
	    RB_OK);
	ck_assert_int_eq(rb_tmpl_set_check(templates, &err), RB_OK);
	ctx.tmpl = templates;
	/* Nothing listens there: every query fails at once. */
	ctx.db = rb_db_new("host=/nonexistent port=1 connect_timeout=1", 1000);
	ctx.cache = rb_cache_new("127.0.0.1:1", 10);
	ck_assert_int_eq(rb_pages_init(&ctx, &err), RB_OK);
	rb_buf_init(&out, NULL);
}

static void
teardown(void)
{
	rb_pages_release(&ctx);
	market_table_free(ctx.markets);
	ctx.markets = NULL;
	rb_db_free(ctx.db);
	rb_cache_free(ctx.cache);
	rb_tmpl_set_free(templates);
	rb_arena_release(&ctx.arena);
	rb_buf_release(&out);
	rb_config_free(&cfg);
}

/* Dispatches method uri (with an optional urlencoded body). */
static void
run(const char *method, const char *uri, const char *body)
{
	char m[64], u[4096], cl[64];
	char *env[] = { m, u, cl,
		"CONTENT_TYPE=application/x-www-form-urlencoded",
		"REQUEST_ID=0123456789abcdef", NULL };
	struct body b = { body ? body : "", 0 };

	snprintf(m, sizeof(m), "REQUEST_METHOD=%s", method);
	snprintf(u, sizeof(u), "REQUEST_URI=%s", uri);
	snprintf(cl, sizeof(cl), "CONTENT_LENGTH=%zu", strlen(b.data));
	rb_buf_reset(&out);
	rb_arena_reset(&ctx.arena);
	rb_pages_dispatch(&ctx, env, read_body, &b, &out, &res);
}

static int
has(const char *s)
{
	return strstr(out.data, s) != NULL;
}

START_TEST(test_healthz)
{
	run("GET", "/healthz", NULL);
	ck_assert_int_eq(res.status, 200);
	ck_assert(has("Status: 200 OK\r\n"));
	ck_assert(has("X-Request-Id: 0123456789abcdef\r\n"));
	ck_assert(has("\r\n\r\nok\n"));
}
END_TEST

START_TEST(test_head_has_no_body)
{
	run("HEAD", "/healthz", NULL);
	ck_assert_int_eq(res.status, 200);
	ck_assert(has("Content-Length: 3\r\n"));
	ck_assert_int_eq(out.data[out.len - 1], '\n');
	ck_assert(!has("ok\n"));
}
END_TEST

START_TEST(test_not_found_is_html)
{
	run("GET", "/no/such/page", NULL);
	ck_assert_int_eq(res.status, 404);
	ck_assert(has("Content-Type: text/html"));
	ck_assert(has("<h1>Not Found</h1>"));
	ck_assert(has("Reference: 0123456789abcdef"));
}
END_TEST

START_TEST(test_api_errors_are_problems)
{
	run("GET", "/api/v1/nope", NULL);
	ck_assert_int_eq(res.status, 404);
	ck_assert(has("Content-Type: application/problem+json"));
	ck_assert(has("\"status\":404"));
}
END_TEST

START_TEST(test_wrong_method_405_with_allow)
{
	run("POST", "/healthz", "a=1");
	ck_assert_int_eq(res.status, 405);
	ck_assert(has("Allow: GET, HEAD\r\n"));
}
END_TEST

START_TEST(test_bad_encoding_400)
{
	const char *bad[] = { "/%ff", "/a%zz", "/%00", "/a/../b", "/%C0%AF",
		"/healthz?q=%zz", "/healthz?q=%", "/healthz?q=%00",
		"/healthz?q=%ff", "/healthz?q=%0d%0aX:1" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		run("GET", bad[i], NULL);
		ck_assert_msg(res.status == 400, "%s -> %d", bad[i], res.status);
	}
}
END_TEST

/* A body is read only by a handler that takes one: an oversize body to
 * a route without a POST handler is refused for its method, unread. */
START_TEST(test_oversize_body_unread_on_wrong_method)
{
	static char big[2 << 20];

	memset(big, 'a', sizeof(big) - 1);
	run("POST", "/healthz", big);
	ck_assert_int_eq(res.status, 405);
}
END_TEST

START_TEST(test_database_down_is_503_page)
{
	run("GET", "/en-us/", NULL);
	ck_assert_int_eq(res.status, 503);
	ck_assert(has("Retry-After: 5\r\n"));
	ck_assert(has("<!DOCTYPE html>"));
	ck_assert(has("United States")); /* the built-in fallback market */
	run("GET", "/readyz", NULL);
	ck_assert_int_eq(res.status, 503);
	ck_assert(has("\"database\":\"unreachable\""));
}
END_TEST

static Suite *
dispatch_suite(void)
{
	Suite *s = suite_create("dispatch");
	TCase *tc = tcase_create("pages");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_healthz);
	tcase_add_test(tc, test_head_has_no_body);
	tcase_add_test(tc, test_not_found_is_html);
	tcase_add_test(tc, test_api_errors_are_problems);
	tcase_add_test(tc, test_wrong_method_405_with_allow);
	tcase_add_test(tc, test_bad_encoding_400);
	tcase_add_test(tc, test_oversize_body_unread_on_wrong_method);
	tcase_add_test(tc, test_database_down_is_503_page);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(dispatch_suite());
}
