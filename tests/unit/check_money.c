/*
 * Money and number formatting for every market (app/core/money.c), with
 * the CLDR spaces spelled out: U+00A0 before a trailing symbol, U+202F
 * between French groups.
 */
#include "check_run.h"

#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "core/money.h"

#define NBSP  "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"
#define EURO  "\xe2\x82\xac"
#define POUND "\xc2\xa3"

static void
money_eq(int64_t minor, const char *cur, const char *loc, const char *want)
{
	struct rb_buf b;

	rb_buf_init(&b, NULL);
	rb_money_format(&b, minor, cur, loc);
	ck_assert_msg(strcmp(b.data, want) == 0,
	    "%lld %s %s: got \"%s\", want \"%s\"", (long long)minor, cur, loc,
	    b.data, want);
	rb_buf_release(&b);
}

static void
number_eq(int64_t n, const char *loc, const char *want)
{
	struct rb_buf b;

	rb_buf_init(&b, NULL);
	rb_number_format(&b, n, loc);
	ck_assert_msg(strcmp(b.data, want) == 0,
	    "%lld %s: got \"%s\", want \"%s\"", (long long)n, loc, b.data,
	    want);
	rb_buf_release(&b);
}

START_TEST(test_en_us)
{
	money_eq(123456, "USD", "en_US", "$1,234.56");
	money_eq(0, "USD", "en_US", "$0.00");
	money_eq(5, "USD", "en_US", "$0.05");
	money_eq(100000000, "USD", "en_US", "$1,000,000.00");
	money_eq(-150, "USD", "en_US", "-$1.50");
	money_eq(99999, "USD", "en_US", "$999.99");
	money_eq(100000, "USD", "en_US", "$1,000.00");
}
END_TEST

START_TEST(test_en_gb)
{
	money_eq(123456, "GBP", "en_GB", POUND "1,234.56");
	money_eq(0, "GBP", "en_GB", POUND "0.00");
	money_eq(5, "GBP", "en_GB", POUND "0.05");
	money_eq(100000000, "GBP", "en_GB", POUND "1,000,000.00");
	money_eq(-123456, "GBP", "en_GB", "-" POUND "1,234.56");
	money_eq(123456, "EUR", "en_GB", EURO "1,234.56");
	money_eq(123456, "GBP", "en-GB", POUND "1,234.56");
}
END_TEST

START_TEST(test_fr_fr)
{
	money_eq(123456, "EUR", "fr_FR", "1" NNBSP "234,56" NBSP EURO);
	money_eq(0, "EUR", "fr_FR", "0,00" NBSP EURO);
	money_eq(5, "EUR", "fr_FR", "0,05" NBSP EURO);
	money_eq(100000000, "EUR", "fr_FR",
	    "1" NNBSP "000" NNBSP "000,00" NBSP EURO);
	money_eq(-123456, "EUR", "fr_FR", "-1" NNBSP "234,56" NBSP EURO);
	money_eq(123456, "GBP", "fr_FR", "1" NNBSP "234,56" NBSP POUND);
}
END_TEST

START_TEST(test_de_de)
{
	money_eq(123456, "EUR", "de_DE", "1.234,56" NBSP EURO);
	money_eq(0, "EUR", "de_DE", "0,00" NBSP EURO);
	money_eq(5, "EUR", "de_DE", "0,05" NBSP EURO);
	money_eq(100000000, "EUR", "de_DE", "1.000.000,00" NBSP EURO);
	money_eq(-123456, "EUR", "de_DE", "-1.234,56" NBSP EURO);
	money_eq(123456, "USD", "de_DE", "1.234,56" NBSP "$");
}
END_TEST

START_TEST(test_es_es)
{
	money_eq(123456, "EUR", "es_ES", "1234,56" NBSP EURO);
	money_eq(1234567, "EUR", "es_ES", "12.345,67" NBSP EURO);
	money_eq(0, "EUR", "es_ES", "0,00" NBSP EURO);
	money_eq(5, "EUR", "es_ES", "0,05" NBSP EURO);
	money_eq(100000000, "EUR", "es_ES", "1.000.000,00" NBSP EURO);
	money_eq(-123456, "EUR", "es_ES", "-1234,56" NBSP EURO);
	money_eq(-1234567, "EUR", "es_ES", "-12.345,67" NBSP EURO);
}
END_TEST

START_TEST(test_limits)
{
	money_eq(INT64_MAX, "USD", "en_US", "$92,233,720,368,547,758.07");
	money_eq(INT64_MIN, "USD", "en_US", "-$92,233,720,368,547,758.08");
	money_eq(
	    INT64_MIN, "EUR", "de_DE", "-92.233.720.368.547.758,08" NBSP EURO);
	number_eq(INT64_MIN, "en_US", "-9,223,372,036,854,775,808");
	number_eq(INT64_MAX, "fr_FR",
	    "9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP "854" NNBSP
	    "775" NNBSP "807");
}
END_TEST

START_TEST(test_unknown)
{
	money_eq(123456, "CHF", "en_US", "CHF" NBSP "1,234.56");
	money_eq(123456, "CHF", "de_DE", "1.234,56" NBSP "CHF");
	money_eq(123456, "USD", "xx_XX", "$1,234.56");
	money_eq(123456, "USD", NULL, "$1,234.56");
}
END_TEST

START_TEST(test_numbers)
{
	number_eq(0, "en_US", "0");
	number_eq(5, "de_DE", "5");
	number_eq(1234, "en_US", "1,234");
	number_eq(1234, "en_GB", "1,234");
	number_eq(1234, "fr_FR", "1" NNBSP "234");
	number_eq(1234, "de_DE", "1.234");
	number_eq(1234, "es_ES", "1234");
	number_eq(12345, "es_ES", "12.345");
	number_eq(100000000, "en_US", "100,000,000");
	number_eq(100000000, "de_DE", "100.000.000");
	number_eq(-1234567, "en_US", "-1,234,567");
	number_eq(-999, "fr_FR", "-999");
}
END_TEST

static Suite *
money_suite(void)
{
	Suite *s = suite_create("money");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_en_us);
	tcase_add_test(tc, test_en_gb);
	tcase_add_test(tc, test_fr_fr);
	tcase_add_test(tc, test_de_de);
	tcase_add_test(tc, test_es_es);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_unknown);
	tcase_add_test(tc, test_numbers);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(money_suite());
}
