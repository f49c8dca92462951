/*
 * app/http/url.c: percent-decoding and path validation under hostile
 * input.
 */
#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena_fixture.h"
#include "http/url.h"


/* Decodes a C string with flags; returns the code, *out the result. */
static int
dec(const char *s, unsigned flags, struct rb_str *out)
{
	struct rb_err err;

	rb_err_clear(&err);
	return rb_url_decode(&arena, s, strlen(s), flags, out, &err);
}

static void
assert_decodes(const char *in, unsigned flags, const char *want)
{
	struct rb_str out;

	ck_assert_msg(dec(in, flags, &out) == RB_OK, "%s should decode", in);
	ck_assert_uint_eq(out.len, strlen(want));
	ck_assert_str_eq(out.ptr, want);
}

static void
assert_rejects(const char *in, unsigned flags)
{
	struct rb_str out = {"x", 1};

	ck_assert_msg(dec(in, flags, &out) == RB_INVALID, "%s should fail", in);
	ck_assert_ptr_null(out.ptr);
	ck_assert_uint_eq(out.len, 0);
}

static int
path(const char *s, struct rb_str *out)
{
	return rb_url_decode_path(&arena, s, strlen(s), out, NULL);
}

START_TEST(test_plain_and_escapes)
{
	assert_decodes("", 0, "");
	assert_decodes("abc", 0, "abc");
	assert_decodes("%41%42c", 0, "ABc");
	assert_decodes("%e2%82%ac", 0, "\xe2\x82\xac");
	assert_decodes("%E2%82%AC", 0, "\xe2\x82\xac");
	assert_decodes("%F0%9F%98%80", 0, "\xf0\x9f\x98\x80");
	assert_decodes("caf\xc3\xa9", 0, "caf\xc3\xa9");
	assert_decodes("100%25", 0, "100%");
	assert_decodes("%2541", 0, "%41"); /* decoded once, never twice */
}
END_TEST

START_TEST(test_plus)
{
	assert_decodes("a+b", RB_URL_PLUS_SPACE, "a b");
	assert_decodes("a+b", 0, "a+b");
	assert_decodes("a%2Bb", RB_URL_PLUS_SPACE, "a+b");
	assert_decodes("++", RB_URL_PLUS_SPACE, "  ");
}
END_TEST

START_TEST(test_bad_escapes)
{
	static const char *const bad[] = {"%", "%4", "%zz", "a%", "a%4", "%g0",
	    "%0g", "%%41", "% 41", "%-1", "%+1", "%4%41"};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_rejects(bad[i], 0);
		assert_rejects(bad[i], RB_URL_PLUS_SPACE | RB_URL_ALLOW_CRLF);
	}
}
END_TEST

START_TEST(test_error_message)
{
	struct rb_err err;
	struct rb_str out;

	rb_err_clear(&err);
	ck_assert_int_eq(
	    rb_url_decode(&arena, "%zz", 3, 0, &out, &err), RB_INVALID);
	ck_assert_int_eq(err.code, RB_INVALID);
	ck_assert_str_eq(err.msg, "malformed percent-escape");
	ck_assert_int_eq(
	    rb_url_decode(&arena, "%C0%AF", 6, 0, &out, &err), RB_INVALID);
	ck_assert_str_eq(err.msg, "input is not valid UTF-8");
	/* err may be NULL. */
	ck_assert_int_eq(
	    rb_url_decode(&arena, "%", 1, 0, &out, NULL), RB_INVALID);
}
END_TEST

START_TEST(test_nul)
{
	struct rb_str out;

	assert_rejects("%00", 0);
	assert_rejects("a%00b", RB_URL_ALLOW_CRLF | RB_URL_PLUS_SPACE);
	/* A raw NUL in the middle: n counts past it. */
	ck_assert_int_eq(
	    rb_url_decode(&arena, "ab\0cd", 5, 0, &out, NULL), RB_INVALID);
	ck_assert_int_eq(
	    rb_url_decode(&arena, "\0", 1, RB_URL_ALLOW_CRLF, &out, NULL),
	    RB_INVALID);
}
END_TEST

START_TEST(test_crlf)
{
	assert_rejects("a%0d%0ab", 0);
	assert_rejects("a%0Ab", RB_URL_PLUS_SPACE);
	assert_rejects("a%0Db", 0);
	assert_rejects("a\r\nb", 0);
	assert_rejects("a\nb", RB_URL_PLUS_SPACE);
	assert_decodes("a%0D%0Ab", RB_URL_ALLOW_CRLF, "a\r\nb");
	assert_decodes("a\r\nb", RB_URL_ALLOW_CRLF, "a\r\nb");
	assert_decodes("a%09b", 0, "a\tb");
}
END_TEST

START_TEST(test_bad_utf8)
{
	static const char *const bad[] = {
	    "%C0%AF",       /* overlong '/' */
	    "%C0%80",       /* overlong NUL */
	    "%E0%80%AF",    /* overlong, 3 bytes */
	    "%F0%80%80%AF", /* overlong, 4 bytes */
	    "%ED%A0%80",    /* UTF-16 surrogate */
	    "%ED%BF%BF",    /* surrogate */
	    "%E2%82",       /* truncated */
	    "%F0%9F%98",    /* truncated */
	    "x%E2",         /* truncated at the end */
	    "%80",          /* lone continuation */
	    "%BF%BF",       /* continuations */
	    "%F4%90%80%80", /* above U+10FFFF */
	    "%FF", "%FE", "%F8%88%80%80%80", "\xc0\xaf", /* raw overlong */
	    "\xed\xa0\x80",                              /* raw surrogate */
	    "%E2\x82\xac%", /* mixed, with a bad escape */
	    "%C3(",         /* bad continuation */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_rejects(bad[i], RB_URL_PLUS_SPACE | RB_URL_ALLOW_CRLF);
	/* An escape may complete a sequence raw bytes started. */
	assert_decodes("\xe2%82%ac", 0, "\xe2\x82\xac");
	assert_decodes("%F4%8F%BF%BF", 0, "\xf4\x8f\xbf\xbf");
}
END_TEST

START_TEST(test_output_terminated)
{
	struct rb_str out;
	char in[] = {'a', 'b', 'c', 'X'};

	/* The input is not NUL-terminated: only n bytes are read. */
	ck_assert_int_eq(rb_url_decode(&arena, in, 3, 0, &out, NULL), RB_OK);
	ck_assert_uint_eq(out.len, 3);
	ck_assert_int_eq(out.ptr[3], '\0');
	ck_assert_ptr_ne(out.ptr, in);
}
END_TEST

START_TEST(test_large_input)
{
	size_t n = 1 << 20;
	char *in = rb_arena_alloc(&arena, n);
	struct rb_str out;

	for (size_t i = 0; i < n; i += 3)
		memcpy(in + i, "%41", n - i < 3 ? n - i : 3);
	/* n is not a multiple of 3: the input ends in a cut escape. */
	ck_assert_int_eq(
	    rb_url_decode(&arena, in, n, 0, &out, NULL), RB_INVALID);
	ck_assert_int_eq(
	    rb_url_decode(&arena, in, n - n % 3, 0, &out, NULL), RB_OK);
	ck_assert_uint_eq(out.len, n / 3);
}
END_TEST

START_TEST(test_path_ok)
{
	struct rb_str out;

	ck_assert_int_eq(path("/", &out), RB_OK);
	ck_assert_str_eq(out.ptr, "/");
	ck_assert_int_eq(path("/en-us/c/phones", &out), RB_OK);
	ck_assert_str_eq(out.ptr, "/en-us/c/phones");
	ck_assert_int_eq(path("/fr-fr/p/caf%C3%A9", &out), RB_OK);
	ck_assert_str_eq(out.ptr, "/fr-fr/p/caf\xc3\xa9");
	ck_assert_int_eq(path("/a+b", &out), RB_OK);
	ck_assert_str_eq(out.ptr, "/a+b");
	ck_assert_int_eq(path("/a%2Fb", &out), RB_OK);
	ck_assert_str_eq(out.ptr, "/a/b");
	ck_assert_int_eq(path("/...", &out), RB_OK);
	ck_assert_int_eq(path("/.well-known/x", &out), RB_OK);
	ck_assert_int_eq(path("/a..b/c.", &out), RB_OK);
	ck_assert_int_eq(path("/a/.../b", &out), RB_OK);
	ck_assert_int_eq(path("//", &out), RB_OK); /* the router 404s it */
}
END_TEST

START_TEST(test_path_traversal)
{
	static const char *const bad[] = {
	    "/a/../b",
	    "/a/./b",
	    "/..",
	    "/.",
	    "/a/..",
	    "/a/.",
	    "/../etc",
	    "/%2e%2e/",
	    "/%2E%2E/x",
	    "/.%2e/",
	    "/%2e./",
	    "/a/%2e",
	    "/a/%2e%2e",
	    "/a%2F..%2Fb",
	    "/a%2f.%2fb",
	    "//..//",
	};
	struct rb_str out;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(path(bad[i], &out) == RB_INVALID, "%s", bad[i]);
		ck_assert_ptr_null(out.ptr);
	}
}
END_TEST

START_TEST(test_path_bad)
{
	static const char *const bad[] = {
	    "",
	    "a/b",
	    "%2Fa",
	    "*",
	    "http://x/",
	    "/a%00b",
	    "/a%0d%0ab",
	    "/a\nb",
	    "/a%0Ab",
	    "/%C0%AF",
	    "/%ED%A0%80",
	    "/%",
	    "/%zz",
	    "/x%E2%82",
	};
	struct rb_err err;
	struct rb_str out;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(path(bad[i], &out) == RB_INVALID, "%s", bad[i]);
	rb_err_clear(&err);
	ck_assert_int_eq(
	    rb_url_decode_path(&arena, "/a/../b", 7, &out, &err), RB_INVALID);
	ck_assert_str_eq(err.msg, "the path has a '.' or '..' segment");
	ck_assert_int_eq(
	    rb_url_decode_path(&arena, "x", 1, &out, &err), RB_INVALID);
	ck_assert_str_eq(err.msg, "the path must start with '/'");
}
END_TEST

START_TEST(test_local_path)
{
	ck_assert(rb_url_is_local_path(RB_STR("/")));
	ck_assert(rb_url_is_local_path(RB_STR("/en-us/cart")));
	ck_assert(rb_url_is_local_path(RB_STR("/en-us/c/phones?page=2")));
	ck_assert(!rb_url_is_local_path(RB_STR("")));
	ck_assert(!rb_url_is_local_path(RB_STR_NULL));
	ck_assert(!rb_url_is_local_path(RB_STR("//evil.example")));
	ck_assert(!rb_url_is_local_path(RB_STR("/\\evil.example")));
	ck_assert(!rb_url_is_local_path(RB_STR("/a\\b")));
	ck_assert(!rb_url_is_local_path(RB_STR("https://evil.example/")));
	ck_assert(!rb_url_is_local_path(RB_STR("evil.example")));
	ck_assert(!rb_url_is_local_path(RB_STR("/\t/evil.example")));
	ck_assert(!rb_url_is_local_path(RB_STR("/\n/evil.example")));
	ck_assert(!rb_url_is_local_path(RB_STR("/a b")));
	ck_assert(!rb_url_is_local_path(RB_STR("/a\x7f")));
}
END_TEST

static Suite *
url_suite(void)
{
	Suite *s = suite_create("url");
	TCase *tc = tcase_create("decode");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_plain_and_escapes);
	tcase_add_test(tc, test_plus);
	tcase_add_test(tc, test_bad_escapes);
	tcase_add_test(tc, test_error_message);
	tcase_add_test(tc, test_nul);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_bad_utf8);
	tcase_add_test(tc, test_output_terminated);
	tcase_add_test(tc, test_large_input);
	suite_add_tcase(s, tc);
	tc = tcase_create("path");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_path_ok);
	tcase_add_test(tc, test_path_traversal);
	tcase_add_test(tc, test_path_bad);
	tcase_add_test(tc, test_local_path);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(url_suite());
}
