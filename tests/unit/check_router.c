/*
 * app/http/router.c: pattern compilation, matching, 404 vs 405 + Allow,
 * HEAD falling back to GET, trailing slashes, unreachable routes.
 */
#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "http/request.h"
#include "http/router.h"

static struct rb_arena arena;
static struct rb_router router;

static int
h_a(struct rb_ctx *ctx, struct rb_request *req, struct rb_response *resp)
{
	(void)ctx, (void)req, (void)resp;
	return RB_OK;
}

static int
h_b(struct rb_ctx *ctx, struct rb_request *req, struct rb_response *resp)
{
	(void)ctx, (void)req, (void)resp;
	return RB_DECLINED;
}

static const struct rb_route routes[] = {
    {RB_M_GET, "/", h_a, 0, "root"},
    {RB_M_GET, "/healthz", h_a, 0, "healthz"},
    {RB_M_GET, "/{m}/", h_a, RB_R_SESSION, "shop_home"},
    {RB_M_GET, "/{m}/c/{category}", h_a, 0, "shop_category_show"},
    {RB_M_GET, "/{m}/p/{product}", h_a, 0, "shop_product_show"},
    {RB_M_GET, "/{m}/cart", h_a, RB_R_SESSION, "shop_cart_show"},
    {RB_M_POST, "/{m}/cart/items", h_b, RB_R_SESSION | RB_R_CSRF,
        "shop_cart_items_post"},
    {RB_M_POST, "/{m}/cart/items/{id}", h_b, RB_R_CSRF,
        "shop_cart_item_update"},
    {RB_M_POST, "/{m}/cart/items/{id}/delete", h_b, RB_R_CSRF,
        "shop_cart_item_delete"},
    {RB_M_GET, "/{m}/login", h_a, 0, "identity_login_form"},
    {RB_M_POST, "/{m}/login", h_b, RB_R_CSRF, "identity_login_post"},
    {RB_M_GET, "/seller/listings/new", h_a, RB_R_SELLER, "seller_listing_new"},
    {RB_M_GET, "/seller/listings/{id}", h_b, RB_R_SELLER,
        "seller_listing_show"},
    {RB_M_GET, "/api/v1/seller/listings/{id}", h_a, RB_R_API,
        "api_seller_listing_get"},
    {RB_M_PATCH, "/api/v1/seller/listings/{id}", h_a, RB_R_API,
        "api_seller_listing_patch"},
    {RB_M_DELETE, "/api/v1/seller/listings/{id}", h_a, RB_R_API,
        "api_seller_listing_delete"},
    {RB_M_GET, "/probe", h_a, 0, "probe_get"},
    {RB_M_HEAD, "/probe", h_b, 0, "probe_head"},
    {RB_M_OPTIONS, "/api/v1/markets", h_a, RB_R_API, "api_options"},
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

static void
setup(void)
{
	struct rb_err err;

	rb_arena_init(&arena, 4096);
	rb_err_clear(&err);
	ck_assert_msg(rb_router_init(&router, routes, NROUTES, &err) == RB_OK,
	    "%s", err.msg);
}

static void
teardown(void)
{
	rb_router_release(&router);
	rb_arena_release(&arena);
}

static int
match(enum rb_method m, const char *path, struct rb_route_match *out)
{
	return rb_router_match(&router, m, rb_str_c(path), &arena, out);
}

/* Asserts path routes to the route called name; returns the match. */
static struct rb_route_match
found(enum rb_method m, const char *path, const char *name)
{
	struct rb_route_match out;

	ck_assert_msg(
	    match(m, path, &out) == RB_OK, "%s %s", rb_method_name(m), path);
	ck_assert_int_eq(out.status, 200);
	ck_assert_ptr_null(out.allow);
	ck_assert_str_eq(out.route->name, name);
	return out;
}

static void
not_found(enum rb_method m, const char *path)
{
	struct rb_route_match out;

	ck_assert_msg(match(m, path, &out) == RB_DECLINED, "%s", path);
	ck_assert_int_eq(out.status, 404);
	ck_assert_ptr_null(out.route);
	ck_assert_ptr_null(out.allow);
}

static void
not_allowed(enum rb_method m, const char *path, const char *allow)
{
	struct rb_route_match out;

	ck_assert_msg(match(m, path, &out) == RB_DECLINED, "%s", path);
	ck_assert_int_eq(out.status, 405);
	ck_assert_ptr_null(out.route);
	ck_assert_str_eq(out.allow, allow);
}

START_TEST(test_literals)
{
	struct rb_route_match m = found(RB_M_GET, "/", "root");

	ck_assert_uint_eq(m.params.len, 0);
	found(RB_M_GET, "/healthz", "healthz");
	found(RB_M_GET, "/seller/listings/new", "seller_listing_new");
	ck_assert_ptr_eq(
	    found(RB_M_GET, "/healthz", "healthz").route, &routes[1]);
	ck_assert_ptr_eq(
	    found(RB_M_GET, "/healthz", "healthz").route->handler, h_a);
	ck_assert_uint_eq(
	    found(RB_M_POST, "/en-us/cart/items", "shop_cart_items_post")
	        .route->flags,
	    RB_R_SESSION | RB_R_CSRF);
}
END_TEST

START_TEST(test_params)
{
	struct rb_route_match m;

	m = found(RB_M_GET, "/en-us/c/phones", "shop_category_show");
	ck_assert_uint_eq(m.params.len, 2);
	ck_assert_str_eq(m.params.items[0].key.ptr, "m");
	ck_assert_str_eq(m.params.items[0].val.ptr, "en-us");
	ck_assert_str_eq(m.params.items[1].key.ptr, "category");
	ck_assert_str_eq(rb_kv_get(&m.params, "category").ptr, "phones");
	ck_assert_uint_eq(rb_kv_get(&m.params, "category").len, 6);
	m = found(
	    RB_M_POST, "/fr-fr/cart/items/17/delete", "shop_cart_item_delete");
	ck_assert_str_eq(rb_kv_get(&m.params, "id").ptr, "17");
	ck_assert_str_eq(rb_kv_get(&m.params, "m").ptr, "fr-fr");
	m = found(RB_M_GET, "/seller/listings/42", "seller_listing_show");
	ck_assert_str_eq(rb_kv_get(&m.params, "id").ptr, "42");
	/* Any bytes of a segment, decoded upstream, become the value. */
	m = found(RB_M_GET, "/x/p/caf\xc3\xa9 au lait", "shop_product_show");
	ck_assert_str_eq(
	    rb_kv_get(&m.params, "product").ptr, "caf\xc3\xa9 au lait");
}
END_TEST

START_TEST(test_not_found)
{
	not_found(RB_M_GET, "/nope");
	not_found(RB_M_GET, "/en-us/unknown/x");
	not_found(RB_M_GET, "/en-us/c");
	not_found(RB_M_GET, "/en-us/c/"); /* a parameter is never empty */
	not_found(RB_M_GET, "/en-us/c/phones/x");
	not_found(RB_M_GET, "//c/phones");
	not_found(RB_M_GET, "/en-us//phones");
	not_found(RB_M_GET, "");
	not_found(RB_M_GET, "healthz");
	not_found(RB_M_GET, "/HEALTHZ"); /* literals are case-sensitive */
	/* "/{m}/" takes any first segment: the handler validates markets. */
	{
		struct rb_route_match m =
		    found(RB_M_GET, "/healthz/", "shop_home");

		ck_assert_str_eq(rb_kv_get(&m.params, "m").ptr, "healthz");
	}
	not_found(RB_M_POST, "/nope");
	not_found(RB_M_OTHER, "/nope");
	{
		struct rb_route_match out;

		ck_assert_int_eq(rb_router_match(&router, RB_M_GET, RB_STR_NULL,
		                     &arena, &out),
		    RB_DECLINED);
		ck_assert_int_eq(out.status, 404);
	}
}
END_TEST

START_TEST(test_too_many_segments)
{
	char path[2 * 40 + 1];

	for (int i = 0; i < 40; i++)
		memcpy(path + 2 * i, "/a", 2);
	path[80] = '\0';
	not_found(RB_M_GET, path);
	path[2 * RB_ROUTE_MAX_SEGS] = '\0';
	not_found(RB_M_GET, path);
}
END_TEST

START_TEST(test_trailing_slash)
{
	found(RB_M_GET, "/en-us/", "shop_home");
	not_found(RB_M_GET, "/en-us");
	not_found(RB_M_GET, "/en-us/cart/");
	found(RB_M_GET, "/en-us/cart", "shop_cart_show");
	not_found(RB_M_GET, "/en-us//");
}
END_TEST

START_TEST(test_method_not_allowed)
{
	not_allowed(RB_M_POST, "/en-us/c/phones", "GET, HEAD");
	not_allowed(RB_M_DELETE, "/en-us/login", "GET, HEAD, POST");
	not_allowed(RB_M_PUT, "/en-us/cart/items", "POST");
	not_allowed(RB_M_GET, "/en-us/cart/items", "POST");
	not_allowed(RB_M_OTHER, "/healthz", "GET, HEAD");
	not_allowed(
	    RB_M_POST, "/api/v1/seller/listings/9", "GET, HEAD, PATCH, DELETE");
	not_allowed(RB_M_GET, "/api/v1/markets", "OPTIONS");
	not_allowed(RB_M_POST, "/probe", "GET, HEAD");
	/* Allow is about the path, whatever the parameter values. */
	not_allowed(RB_M_PUT, "/seller/listings/new", "GET, HEAD");
}
END_TEST

START_TEST(test_head)
{
	struct rb_route_match m;

	m = found(RB_M_HEAD, "/en-us/c/phones", "shop_category_show");
	ck_assert_str_eq(rb_kv_get(&m.params, "category").ptr, "phones");
	found(RB_M_HEAD, "/", "root");
	/* An explicit HEAD route wins over the GET fallback. */
	found(RB_M_HEAD, "/probe", "probe_head");
	found(RB_M_GET, "/probe", "probe_get");
	not_allowed(RB_M_HEAD, "/en-us/cart/items", "POST");
	not_found(RB_M_HEAD, "/nope");
}
END_TEST

START_TEST(test_route_request)
{
	char *envp[] = {"REQUEST_METHOD=POST",
	    "REQUEST_URI=/de-de/cart/items/%34%32?x=1", NULL};
	struct rb_request req;
	struct rb_route_match m;
	struct rb_request_limits lim;
	int64_t id;

	rb_request_limits_default(&lim);
	ck_assert_int_eq(
	    rb_request_init(&req, &arena, envp, &lim, NULL, NULL, NULL), RB_OK);
	ck_assert_int_eq(rb_router_route(&router, &req, &m), RB_OK);
	ck_assert_str_eq(m.route->name, "shop_cart_item_update");
	ck_assert_int_eq(
	    rb_request_param_i64(&req, "id", 1, INT64_MAX, &id, NULL), RB_OK);
	ck_assert(id == 42);
	ck_assert_str_eq(rb_request_param(&req, "m").ptr, "de-de");
}
END_TEST

START_TEST(test_repeated)
{
	/* Matching allocates only from the arena, and resets reclaim it. */
	for (int i = 0; i < 20000; i++) {
		struct rb_route_match m;

		ck_assert_int_eq(
		    match(RB_M_GET, "/en-us/p/pixel-7", &m), RB_OK);
		ck_assert_int_eq(
		    match(RB_M_PATCH, "/en-us/p/pixel-7", &m), RB_DECLINED);
		rb_arena_reset(&arena);
	}
}
END_TEST

START_TEST(test_methods)
{
	ck_assert_int_eq(rb_method_parse(RB_STR("GET")), RB_M_GET);
	ck_assert_int_eq(rb_method_parse(RB_STR("HEAD")), RB_M_HEAD);
	ck_assert_int_eq(rb_method_parse(RB_STR("OPTIONS")), RB_M_OPTIONS);
	ck_assert_int_eq(rb_method_parse(RB_STR("get")), RB_M_OTHER);
	ck_assert_int_eq(rb_method_parse(RB_STR("")), RB_M_OTHER);
	ck_assert_int_eq(rb_method_parse(RB_STR_NULL), RB_M_OTHER);
	ck_assert_int_eq(rb_method_parse((struct rb_str){"GETX", 3}), RB_M_GET);
	ck_assert_str_eq(rb_method_name(RB_M_PATCH), "PATCH");
	ck_assert_str_eq(rb_method_name(RB_M_OTHER), "OTHER");
	ck_assert_str_eq(rb_method_name((enum rb_method)99), "OTHER");
}
END_TEST

/* Compiles a one- or two-route table; returns the code and message. */
static int
compile2(
    struct rb_route a, struct rb_route b, size_t n, char *msg, size_t msgsz)
{
	struct rb_route t[2] = {a, b};
	struct rb_router rt;
	struct rb_err err;
	int rc;

	rb_err_clear(&err);
	rc = rb_router_init(&rt, t, n, &err);
	snprintf(msg, msgsz, "%s", err.msg);
	if (rc == RB_OK)
		rb_router_release(&rt);
	return rc;
}

#define R(m, p) ((struct rb_route){(m), (p), h_a, 0, "r"})

START_TEST(test_init_errors)
{
	static const char *const bad[] = {
	    "",
	    "no-slash",
	    "//x",
	    "/a//b",
	    "/a/{",
	    "/a/}",
	    "/a/{}",
	    "/a/{1x}",
	    "/a/x{y}",
	    "/a/{y}x",
	    "/{a-b}",
	    "/{a}/{a}",
	    "/{a b}",
	    "/{abcdefghijklmnopqrstuvwxyz0123456}",
	    "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/1/2/3/4/"
	    "5/6/7",
	};
	struct rb_route r = R(RB_M_GET, "/");
	char msg[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(compile2(R(RB_M_GET, bad[i]), r, 1, msg,
		                  sizeof(msg)) == RB_INVALID,
		    "%s", bad[i]);
	ck_assert_int_eq(
	    compile2(R(RB_M_GET, NULL), r, 1, msg, sizeof(msg)), RB_INVALID);
	ck_assert_int_eq(
	    compile2(R(RB_M_OTHER, "/"), r, 1, msg, sizeof(msg)), RB_INVALID);
	ck_assert_int_eq(
	    compile2(R(RB_M_COUNT, "/"), r, 1, msg, sizeof(msg)), RB_INVALID);
	r.handler = NULL;
	ck_assert_int_eq(compile2(r, r, 1, msg, sizeof(msg)), RB_INVALID);
	r = R(RB_M_GET, "/x");
	r.name = NULL;
	ck_assert_int_eq(compile2(r, r, 1, msg, sizeof(msg)), RB_INVALID);
	ck_assert_str_eq(msg, "route /x: bad method, handler or name");
	ck_assert_int_eq(
	    compile2(R(RB_M_GET, "/{a}/{a}"), r, 1, msg, sizeof(msg)),
	    RB_INVALID);
	ck_assert_str_eq(msg, "route /{a}/{a}: {a} twice");
	/* Good edge cases. */
	ck_assert_int_eq(
	    compile2(R(RB_M_GET, "/{_a9}/x-y.z~/"), r, 1, msg, sizeof(msg)),
	    RB_OK);
	ck_assert_int_eq(
	    compile2(R(RB_M_GET, "/{abcdefghijklmnopqrstuvwxyz01234}"), r, 1,
	        msg, sizeof(msg)),
	    RB_OK);
	ck_assert_int_eq(rb_router_init(&router, routes, 0, NULL), RB_OK);
}
END_TEST

START_TEST(test_unreachable)
{
	char msg[256];

	ck_assert_int_eq(compile2(R(RB_M_GET, "/{m}/x"), R(RB_M_GET, "/en/x"),
	                     2, msg, sizeof(msg)),
	    RB_INVALID);
	ck_assert_str_eq(msg,
	    "route GET /en/x is never reached: /{m}/x comes "
	    "first");
	ck_assert_int_eq(
	    compile2(R(RB_M_GET, "/a"), R(RB_M_GET, "/a"), 2, msg, sizeof(msg)),
	    RB_INVALID);
	ck_assert_int_eq(compile2(R(RB_M_GET, "/s/{id}"), R(RB_M_GET, "/s/new"),
	                     2, msg, sizeof(msg)),
	    RB_INVALID);
	ck_assert_int_eq(compile2(R(RB_M_GET, "/s/{id}"),
	                     R(RB_M_GET, "/s/{other}"), 2, msg, sizeof(msg)),
	    RB_INVALID);
	/* Reachable: the other order, another method, a trailing slash. */
	ck_assert_int_eq(compile2(R(RB_M_GET, "/s/new"), R(RB_M_GET, "/s/{id}"),
	                     2, msg, sizeof(msg)),
	    RB_OK);
	ck_assert_int_eq(compile2(R(RB_M_GET, "/s/{id}"),
	                     R(RB_M_POST, "/s/{id}"), 2, msg, sizeof(msg)),
	    RB_OK);
	ck_assert_int_eq(compile2(R(RB_M_GET, "/{m}/{x}"), R(RB_M_GET, "/{m}/"),
	                     2, msg, sizeof(msg)),
	    RB_OK);
	ck_assert_int_eq(compile2(R(RB_M_GET, "/{m}"), R(RB_M_GET, "/{m}/"), 2,
	                     msg, sizeof(msg)),
	    RB_OK);
	ck_assert_int_eq(compile2(R(RB_M_GET, "/{m}/a"), R(RB_M_GET, "/{m}/b"),
	                     2, msg, sizeof(msg)),
	    RB_OK);
}
END_TEST

static Suite *
router_suite(void)
{
	Suite *s = suite_create("router");
	TCase *tc = tcase_create("match");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_literals);
	tcase_add_test(tc, test_params);
	tcase_add_test(tc, test_not_found);
	tcase_add_test(tc, test_too_many_segments);
	tcase_add_test(tc, test_trailing_slash);
	tcase_add_test(tc, test_method_not_allowed);
	tcase_add_test(tc, test_head);
	tcase_add_test(tc, test_route_request);
	tcase_add_test(tc, test_repeated);
	tcase_add_test(tc, test_methods);
	suite_add_tcase(s, tc);
	tc = tcase_create("init");
	tcase_add_test(tc, test_init_errors);
	tcase_add_test(tc, test_unreachable);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(router_suite());
}
