/*
 * app/http/form.c: urlencoded parsing with caller limits, key/value
 * getters, bounded integers.
 */
#include "check_run.h"
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena_fixture.h"
#include "core/buf.h"
#include "http/form.h"

static const struct rb_form_limits lim = {256, 64, 1024, 64 << 10, true};

static int
parse(const char *s, struct rb_kv_list *l, struct rb_err *err)
{
	if (err != NULL)
		rb_err_clear(err);
	return rb_form_parse(&arena, s, strlen(s), &lim, l, err);
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

/* "k=v&k=v..." with n fields, in the arena. */
static const char *
fields(size_t n, const char *piece)
{
	struct rb_buf b;

	rb_buf_init(&b, &arena);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			rb_buf_putc(&b, '&');
		rb_buf_puts(&b, piece);
	}
	return b.data;
}

START_TEST(test_basic)
{
	struct rb_kv_list l;

	ck_assert_int_eq(parse("a=1&b=x+y%21&c=%E2%82%AC", &l, NULL), RB_OK);
	ck_assert_uint_eq(l.len, 3);
	assert_kv(&l, 0, "a", "1");
	assert_kv(&l, 1, "b", "x y!");
	assert_kv(&l, 2, "c", "\xe2\x82\xac");
	ck_assert_int_eq(parse("", &l, NULL), RB_OK);
	ck_assert_uint_eq(l.len, 0);
	ck_assert_int_eq(parse("q=a%2Bb+c", &l, NULL), RB_OK);
	assert_kv(&l, 0, "q", "a+b c");
	ck_assert_int_eq(parse("first+name=Ada", &l, NULL), RB_OK);
	assert_kv(&l, 0, "first name", "Ada");
}
END_TEST

START_TEST(test_empty_pieces)
{
	struct rb_kv_list l;

	ck_assert_int_eq(parse("a&&b=", &l, NULL), RB_OK);
	ck_assert_uint_eq(l.len, 2);
	assert_kv(&l, 0, "a", "");
	assert_kv(&l, 1, "b", "");
	ck_assert_int_eq(parse("=x", &l, NULL), RB_OK);
	ck_assert_uint_eq(l.len, 0);
	ck_assert_int_eq(parse("&=x&c=3&", &l, NULL), RB_OK);
	ck_assert_uint_eq(l.len, 1);
	assert_kv(&l, 0, "c", "3");
	ck_assert_int_eq(parse("&&&&&&&&", &l, NULL), RB_OK);
	ck_assert_uint_eq(l.len, 0);
	ck_assert_int_eq(parse("=", &l, NULL), RB_OK);
	ck_assert_uint_eq(l.len, 0);
	ck_assert_int_eq(parse("a=1=2", &l, NULL), RB_OK);
	assert_kv(&l, 0, "a", "1=2");
	/* ';' is not a separator (HTML forms never send it as one). */
	ck_assert_int_eq(parse("a=1;b=2", &l, NULL), RB_OK);
	ck_assert_uint_eq(l.len, 1);
	assert_kv(&l, 0, "a", "1;b=2");
	/* An encoded '&' or '=' is data. */
	ck_assert_int_eq(parse("a%26b=c%3Dd", &l, NULL), RB_OK);
	assert_kv(&l, 0, "a&b", "c=d");
}
END_TEST

START_TEST(test_duplicates)
{
	struct rb_kv_list l;
	struct rb_str *all;

	ck_assert_int_eq(parse("grade=a&x=1&grade=b&grade=", &l, NULL), RB_OK);
	ck_assert_str_eq(rb_kv_get(&l, "grade").ptr, "a");
	ck_assert_uint_eq(rb_kv_all(&l, "grade", &arena, &all), 3);
	ck_assert_str_eq(all[0].ptr, "a");
	ck_assert_str_eq(all[1].ptr, "b");
	ck_assert_str_eq(all[2].ptr, "");
	ck_assert_uint_eq(rb_kv_all(&l, "nope", &arena, &all), 0);
	ck_assert_ptr_null(all);
}
END_TEST

START_TEST(test_get_absent_vs_empty)
{
	struct rb_kv_list l;
	struct rb_str v;

	ck_assert_int_eq(parse("a=&b", &l, NULL), RB_OK);
	v = rb_kv_get(&l, "a");
	ck_assert_ptr_nonnull(v.ptr);
	ck_assert_uint_eq(v.len, 0);
	v = rb_kv_get(&l, "b");
	ck_assert_ptr_nonnull(v.ptr);
	ck_assert_uint_eq(v.len, 0);
	v = rb_kv_get(&l, "c");
	ck_assert_ptr_null(v.ptr);
	/* A key is matched whole, not by prefix. */
	ck_assert_ptr_null(rb_kv_get(&l, "").ptr);
	ck_assert_int_eq(parse("ab=1", &l, NULL), RB_OK);
	ck_assert_ptr_null(rb_kv_get(&l, "a").ptr);
	ck_assert_ptr_null(rb_kv_get(&l, "abc").ptr);
}
END_TEST

START_TEST(test_malformed)
{
	static const char *const bad[] = {
	    "a=%",
	    "a=%4",
	    "a=%zz",
	    "%=1",
	    "a%zz=1",
	    "a=%00",
	    "a%00=1",
	    "a=%C0%AF",
	    "a=%ED%A0%80",
	    "a=%E2%82",
	    "k%0A=v",
	    "k%0D=v",
	    "a=1&b=%G1",
	    "a=\xff",
	    "\xc0\xaf=1",
	};
	struct rb_kv_list l;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(
		    parse(bad[i], &l, NULL) == RB_INVALID, "%s", bad[i]);
		ck_assert_uint_eq(l.len, 0);
		ck_assert_ptr_null(l.items);
	}
	/* A raw NUL in the middle of a body. */
	ck_assert_int_eq(
	    rb_form_parse(&arena, "a=1\0&b=2", 8, &lim, &l, NULL), RB_INVALID);
	ck_assert_int_eq(
	    rb_form_parse(&arena, "a\0b=2", 5, &lim, &l, NULL), RB_INVALID);
}
END_TEST

START_TEST(test_error_names_field)
{
	struct rb_kv_list l;
	struct rb_err err;

	ck_assert_int_eq(parse("ok=1&quantity=%zz", &l, &err), RB_INVALID);
	ck_assert_int_eq(err.code, RB_INVALID);
	ck_assert_str_eq(err.field, "quantity");
	ck_assert_str_eq(err.msg, "malformed percent-escape");
	/* A key too long for err->field leaves it empty. */
	ck_assert_int_eq(
	    parse(rb_arena_printf(&arena, "%s=%%", repeat('k', 40)), &l, &err),
	    RB_INVALID);
	ck_assert_str_eq(err.field, "");
	/* A bad key has no name to give. */
	ck_assert_int_eq(parse("k%zz=1", &l, &err), RB_INVALID);
	ck_assert_str_eq(err.field, "");
}
END_TEST

START_TEST(test_multiline_values)
{
	struct rb_kv_list l;

	ck_assert_int_eq(parse("review=good%0D%0Aphone%0Aok", &l, NULL), RB_OK);
	assert_kv(&l, 0, "review", "good\r\nphone\nok");
	ck_assert_int_eq(parse("re%0Aview=x", &l, NULL), RB_INVALID);
}
END_TEST

/* A query string is one line: a CR/LF in it is an injection attempt. */
START_TEST(test_single_line_values)
{
	struct rb_form_limits one = lim;
	struct rb_kv_list l;
	struct rb_err err;

	one.multiline = false;
	ck_assert_int_eq(rb_form_parse(&arena, "q=a%0D%0AX:1", 12, &one, &l,
	    &err), RB_INVALID);
	ck_assert_str_eq(err.field, "q");
	ck_assert_uint_eq(l.len, 0);
	ck_assert_int_eq(rb_form_parse(&arena, "q=a+b", 5, &one, &l, &err),
	    RB_OK);
}
END_TEST

START_TEST(test_too_many_fields)
{
	struct rb_kv_list l;
	struct rb_err err;
	const char *s = fields(10000, "a=1");

	ck_assert_int_eq(parse(s, &l, &err), RB_TOOBIG);
	ck_assert_str_eq(err.msg, "the form has too many fields");
	ck_assert_uint_eq(l.len, 0);
	ck_assert_int_eq(parse(fields(256, "a=1"), &l, NULL), RB_OK);
	ck_assert_uint_eq(l.len, 256);
	ck_assert_int_eq(parse(fields(257, "a=1"), &l, NULL), RB_TOOBIG);
	/* Keyless pieces count: their cost is paid before they are dropped. */
	ck_assert_int_eq(parse(fields(257, "=1"), &l, NULL), RB_TOOBIG);
	/* Empty pieces do not. */
	ck_assert_int_eq(parse(fields(10000, ""), &l, NULL), RB_OK);
	ck_assert_uint_eq(l.len, 0);
}
END_TEST

START_TEST(test_too_large)
{
	struct rb_kv_list l;
	struct rb_err err;
	struct rb_form_limits small = {10, 8, 16, 100, true};

	/* Over max_total: refused before any parsing. */
	ck_assert_int_eq(
	    parse(
	        rb_arena_printf(&arena, "a=%s", repeat('x', 70000)), &l, &err),
	    RB_TOOBIG);
	ck_assert_str_eq(err.msg, "the form is too large");
	ck_assert_int_eq(
	    rb_form_parse(&arena, "abcdefghi=1", 11, &small, &l, &err),
	    RB_TOOBIG);
	ck_assert_str_eq(err.msg, "a field name is too long");
	ck_assert_int_eq(
	    rb_form_parse(&arena, "abcdefgh=1", 10, &small, &l, NULL), RB_OK);
	ck_assert_int_eq(
	    rb_form_parse(&arena, "k=12345678901234567", 19, &small, &l, &err),
	    RB_TOOBIG);
	ck_assert_str_eq(err.field, "k");
	ck_assert_str_eq(err.msg, "a field is too long");
	ck_assert_int_eq(
	    rb_form_parse(&arena, "k=1234567890123456", 18, &small, &l, NULL),
	    RB_OK);
	/* Limits apply to decoded lengths: 8 escaped bytes are 8 bytes. */
	ck_assert_int_eq(rb_form_parse(&arena, "%41%41%41%41%41%41%41%41=1", 26,
	                     &small, &l, NULL),
	    RB_OK);
	assert_kv(&l, 0, "AAAAAAAA", "1");
	/* Huge key and value at the default limits. */
	ck_assert_int_eq(
	    parse(rb_arena_printf(&arena, "%s=1", repeat('k', 65)), &l, NULL),
	    RB_TOOBIG);
	ck_assert_int_eq(
	    parse(rb_arena_printf(&arena, "k=%s", repeat('v', 1025)), &l, NULL),
	    RB_TOOBIG);
	ck_assert_int_eq(
	    parse(rb_arena_printf(&arena, "k=%s", repeat('v', 1024)), &l, NULL),
	    RB_OK);
	ck_assert_uint_eq(l.items[0].val.len, 1024);
}
END_TEST

START_TEST(test_kv_add)
{
	struct rb_kv_list l = {NULL, 0, 0};

	for (int i = 0; i < 100; i++)
		rb_kv_add(&l, &arena,
		    rb_str_c(rb_arena_printf(&arena, "k%d", i)), RB_STR("v"));
	ck_assert_uint_eq(l.len, 100);
	ck_assert_uint_ge(l.cap, 100);
	ck_assert_str_eq(l.items[99].key.ptr, "k99");
	ck_assert_str_eq(rb_kv_get(&l, "k42").ptr, "v");
}
END_TEST

START_TEST(test_parse_i64)
{
	static const char *const bad[] = {"", "+1", " 1", "1 ", "1x", "x1",
	    "0x10", "1e3", "1.0", "-", "--1", "+-1", "1-", "\xef\xbc\x91",
	    "9223372036854775808", "-9223372036854775809",
	    "99999999999999999999999999", "1,000"};
	int64_t v = 77;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(rb_parse_i64(rb_str_c(bad[i]), INT64_MIN,
		                  INT64_MAX, &v) == RB_INVALID,
		    "%s", bad[i]);
		ck_assert_int_eq(v, 77);
	}
	ck_assert_int_eq(rb_parse_i64(RB_STR_NULL, 0, 1, &v), RB_INVALID);
	ck_assert_int_eq(rb_parse_i64(RB_STR("9223372036854775807"), INT64_MIN,
	                     INT64_MAX, &v),
	    RB_OK);
	ck_assert(v == INT64_MAX);
	ck_assert_int_eq(rb_parse_i64(RB_STR("-9223372036854775808"), INT64_MIN,
	                     INT64_MAX, &v),
	    RB_OK);
	ck_assert(v == INT64_MIN);
	ck_assert_int_eq(rb_parse_i64(RB_STR("007"), 0, 10, &v), RB_OK);
	ck_assert_int_eq(v, 7);
	ck_assert_int_eq(rb_parse_i64(RB_STR("-0"), 0, 10, &v), RB_OK);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(rb_parse_i64(RB_STR("-5"), -10, 10, &v), RB_OK);
	ck_assert_int_eq(v, -5);
	ck_assert_int_eq(rb_parse_i64(RB_STR("11"), -10, 10, &v), RB_INVALID);
	ck_assert_int_eq(rb_parse_i64(RB_STR("-11"), -10, 10, &v), RB_INVALID);
	/* Only the len bytes are read. */
	ck_assert_int_eq(
	    rb_parse_i64((struct rb_str){"12x", 2}, 0, 99, &v), RB_OK);
	ck_assert_int_eq(v, 12);
}
END_TEST

START_TEST(test_kv_int)
{
	struct rb_kv_list l;
	struct rb_err err;
	int q = 42;

	ck_assert_int_eq(parse("quantity=5&empty=&plus=%2B1&neg=-1&x=1x&"
	                       "big=100&huge=99999999999999999999&sp=+1&hex="
	                       "0x1&max=99&zeros=007",
	                     &l, NULL),
	    RB_OK);
	ck_assert_int_eq(rb_kv_int(&l, "quantity", 1, 99, &q, NULL), RB_OK);
	ck_assert_int_eq(q, 5);
	rb_err_clear(&err);
	ck_assert_int_eq(rb_kv_int(&l, "absent", 1, 99, &q, &err), RB_DECLINED);
	ck_assert_int_eq(err.code, RB_OK);
	ck_assert_int_eq(q, 5);
	for (const char *const *k = (const char *const[]){"empty", "plus",
	         "neg", "x", "big", "huge", "sp", "hex", NULL};
	     *k; k++) {
		rb_err_clear(&err);
		ck_assert_msg(
		    rb_kv_int(&l, *k, 1, 99, &q, &err) == RB_INVALID, "%s", *k);
		ck_assert_str_eq(err.field, *k);
		ck_assert_str_eq(
		    err.msg, "must be a whole number from 1 to 99");
		ck_assert_int_eq(q, 5);
	}
	ck_assert_int_eq(rb_kv_int(&l, "max", 1, 99, &q, NULL), RB_OK);
	ck_assert_int_eq(q, 99);
	ck_assert_int_eq(rb_kv_int(&l, "zeros", 1, 99, &q, NULL), RB_OK);
	ck_assert_int_eq(q, 7);
	ck_assert_int_eq(rb_kv_int(&l, "neg", -1, 1, &q, NULL), RB_OK);
	ck_assert_int_eq(q, -1);
}
END_TEST

START_TEST(test_kv_int_bounds)
{
	struct rb_kv_list l;
	int q;
	int64_t v;

	ck_assert_int_eq(parse("a=2147483647&b=2147483648&c=-2147483648&"
	                       "d=-2147483649&id=9223372036854775807",
	                     &l, NULL),
	    RB_OK);
	ck_assert_int_eq(rb_kv_int(&l, "a", INT_MIN, INT_MAX, &q, NULL), RB_OK);
	ck_assert_int_eq(q, INT_MAX);
	ck_assert_int_eq(
	    rb_kv_int(&l, "b", INT_MIN, INT_MAX, &q, NULL), RB_INVALID);
	ck_assert_int_eq(rb_kv_int(&l, "c", INT_MIN, INT_MAX, &q, NULL), RB_OK);
	ck_assert_int_eq(q, INT_MIN);
	ck_assert_int_eq(
	    rb_kv_int(&l, "d", INT_MIN, INT_MAX, &q, NULL), RB_INVALID);
	ck_assert_int_eq(rb_kv_i64(&l, "id", 1, INT64_MAX, &v, NULL), RB_OK);
	ck_assert(v == INT64_MAX);
	ck_assert_int_eq(rb_kv_i64(&l, "b", 1, INT64_MAX, &v, NULL), RB_OK);
	ck_assert(v == 2147483648LL);
	ck_assert_int_eq(rb_kv_i64(&l, "nope", 1, 2, &v, NULL), RB_DECLINED);
}
END_TEST

static Suite *
form_suite(void)
{
	Suite *s = suite_create("form");
	TCase *tc = tcase_create("parse");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_basic);
	tcase_add_test(tc, test_empty_pieces);
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_get_absent_vs_empty);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_error_names_field);
	tcase_add_test(tc, test_multiline_values);
	tcase_add_test(tc, test_single_line_values);
	tcase_add_test(tc, test_too_many_fields);
	tcase_add_test(tc, test_too_large);
	tcase_add_test(tc, test_kv_add);
	suite_add_tcase(s, tc);
	tc = tcase_create("typed");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_parse_i64);
	tcase_add_test(tc, test_kv_int);
	tcase_add_test(tc, test_kv_int_bounds);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(form_suite());
}
