/*
 * app/http/cookie.c: the Cookie header, tolerant of junk, capped.
 */
#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena_fixture.h"
#include "core/buf.h"
#include "http/cookie.h"


static size_t
parse(const char *s, size_t max, struct rb_kv_list *l)
{
	rb_cookie_parse(&arena, s, strlen(s), max, l);
	return l->len;
}

static void
assert_kv(const struct rb_kv_list *l, size_t i, const char *k, const char *v)
{
	ck_assert_uint_lt(i, l->len);
	ck_assert_str_eq(l->items[i].key.ptr, k);
	ck_assert_uint_eq(l->items[i].key.len, strlen(k));
	ck_assert_str_eq(l->items[i].val.ptr, v);
	ck_assert_uint_eq(l->items[i].val.len, strlen(v));
}

START_TEST(test_basic)
{
	struct rb_kv_list l;

	ck_assert_uint_eq(parse("a=1; b=2", 50, &l), 2);
	assert_kv(&l, 0, "a", "1");
	assert_kv(&l, 1, "b", "2");
	ck_assert_uint_eq(parse("a=1;b=2", 50, &l), 2);
	ck_assert_uint_eq(parse("sid=0123abcdef", 50, &l), 1);
	ck_assert_str_eq(rb_kv_get(&l, "sid").ptr, "0123abcdef");
	/* '=' is a cookie-octet: base64 padding survives. */
	ck_assert_uint_eq(parse("t=YWJj=; u=a=b", 50, &l), 2);
	assert_kv(&l, 0, "t", "YWJj=");
	assert_kv(&l, 1, "u", "a=b");
	ck_assert_uint_eq(parse("e=", 50, &l), 1);
	assert_kv(&l, 0, "e", "");
}
END_TEST

START_TEST(test_spaces)
{
	struct rb_kv_list l;

	ck_assert_uint_eq(parse("  a = 1 ;\tb=2\t;   c=3   ", 50, &l), 3);
	assert_kv(&l, 0, "a", "1");
	assert_kv(&l, 1, "b", "2");
	assert_kv(&l, 2, "c", "3");
}
END_TEST

START_TEST(test_quoted)
{
	struct rb_kv_list l;

	ck_assert_uint_eq(parse("sid=\"abc\"; e=\"\"", 50, &l), 2);
	assert_kv(&l, 0, "sid", "abc");
	assert_kv(&l, 1, "e", "");
	/* Unbalanced or inner quotes are not cookie-octets. */
	ck_assert_uint_eq(
	    parse("a=\"; b=\"x; c=x\"; d=\"a\"b\"; ok=1", 50, &l), 1);
	assert_kv(&l, 0, "ok", "1");
	ck_assert_uint_eq(parse("q=\"a b\"", 50, &l), 0);
}
END_TEST

START_TEST(test_malformed_skipped)
{
	struct rb_kv_list l;

	ck_assert_uint_eq(
	    parse("novalue; =x; a b=1; c=1 2; d=ok; ;;"
	          "e=x,y; f=a\\b; g(=1; h:=1; i=\x01; j=\xc3\xa9; @=1; k=fine",
	        50, &l),
	    2);
	assert_kv(&l, 0, "d", "ok");
	assert_kv(&l, 1, "k", "fine");
	ck_assert_uint_eq(parse("", 50, &l), 0);
	ck_assert_ptr_null(l.items);
	ck_assert_uint_eq(parse(";;;;", 50, &l), 0);
	ck_assert_uint_eq(parse("=", 50, &l), 0);
	ck_assert_uint_eq(parse("   ", 50, &l), 0);
	ck_assert_uint_eq(parse("a=1; b=2\r\nSet-Cookie: x=1", 50, &l), 1);
	assert_kv(&l, 0, "a", "1");
}
END_TEST

START_TEST(test_nul_in_header)
{
	struct rb_kv_list l;

	rb_cookie_parse(&arena, "a=1\0; b=2; c\0=3", 16, 50, &l);
	ck_assert_uint_eq(l.len, 1);
	assert_kv(&l, 0, "b", "2");
}
END_TEST

START_TEST(test_duplicates)
{
	struct rb_kv_list l;

	ck_assert_uint_eq(parse("sid=first; sid=second", 50, &l), 2);
	ck_assert_str_eq(rb_kv_get(&l, "sid").ptr, "first");
	ck_assert_ptr_null(rb_kv_get(&l, "Sid").ptr); /* names keep case */
}
END_TEST

START_TEST(test_cap)
{
	struct rb_kv_list l;
	struct rb_buf b;

	rb_buf_init(&b, &arena);
	for (int i = 0; i < 10000; i++)
		rb_buf_printf(&b, "%sc%d=%d", i ? "; " : "", i, i);
	ck_assert_uint_eq(parse(b.data, 50, &l), 50);
	assert_kv(&l, 0, "c0", "0");
	assert_kv(&l, 49, "c49", "49");
	ck_assert_uint_le(l.cap, 50);
	ck_assert_uint_eq(parse(b.data, 0, &l), 0);
	ck_assert_uint_eq(parse(b.data, 1, &l), 1);
	/* Skipped junk does not use up the cap. */
	ck_assert_uint_eq(parse("bad; also bad=1; a=1; b=2; c=3", 2, &l), 2);
	assert_kv(&l, 0, "a", "1");
	assert_kv(&l, 1, "b", "2");
}
END_TEST

START_TEST(test_long_header)
{
	struct rb_kv_list l;
	size_t n = 1 << 20;
	char *s = rb_arena_alloc(&arena, n + 1);

	/* One huge value. */
	memcpy(s, "big=", 4);
	memset(s + 4, 'v', n - 4);
	s[n] = '\0';
	ck_assert_uint_eq(parse(s, 50, &l), 1);
	ck_assert_uint_eq(l.items[0].val.len, n - 4);
	/* A megabyte of separators and junk. */
	memset(s, ';', n);
	ck_assert_uint_eq(parse(s, 50, &l), 0);
	memset(s, '=', n);
	ck_assert_uint_eq(parse(s, 50, &l), 0);
	memset(s, 'x', n);
	ck_assert_uint_eq(parse(s, 50, &l), 0);
}
END_TEST

START_TEST(test_char_classes)
{
	ck_assert(rb_http_is_tchar('a'));
	ck_assert(rb_http_is_tchar('Z'));
	ck_assert(rb_http_is_tchar('9'));
	ck_assert(rb_http_is_tchar('-'));
	ck_assert(rb_http_is_tchar('~'));
	ck_assert(!rb_http_is_tchar(':'));
	ck_assert(!rb_http_is_tchar(' '));
	ck_assert(!rb_http_is_tchar('='));
	ck_assert(!rb_http_is_tchar('\0'));
	ck_assert(!rb_http_is_tchar('\r'));
	ck_assert(!rb_http_is_tchar(0xC3));
	ck_assert(rb_http_is_cookie_octet('!'));
	ck_assert(rb_http_is_cookie_octet('='));
	ck_assert(rb_http_is_cookie_octet('~'));
	ck_assert(!rb_http_is_cookie_octet(' '));
	ck_assert(!rb_http_is_cookie_octet('"'));
	ck_assert(!rb_http_is_cookie_octet(','));
	ck_assert(!rb_http_is_cookie_octet(';'));
	ck_assert(!rb_http_is_cookie_octet('\\'));
	ck_assert(!rb_http_is_cookie_octet(0x7F));
	ck_assert(!rb_http_is_cookie_octet(0x80));
	ck_assert(!rb_http_is_cookie_octet('\0'));
}
END_TEST

static Suite *
cookie_suite(void)
{
	Suite *s = suite_create("cookie");
	TCase *tc = tcase_create("parse");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_basic);
	tcase_add_test(tc, test_spaces);
	tcase_add_test(tc, test_quoted);
	tcase_add_test(tc, test_malformed_skipped);
	tcase_add_test(tc, test_nul_in_header);
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_cap);
	tcase_add_test(tc, test_long_header);
	tcase_add_test(tc, test_char_classes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(cookie_suite());
}
