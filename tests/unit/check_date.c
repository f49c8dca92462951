/*
 * Calendar days (app/core/date.c): known dates both ways, leap years,
 * every day of four centuries round-tripped, malformed text.
 */
#include "check_run.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"

START_TEST(test_known_days)
{
	int64_t d;
	char out[11];

	ck_assert(rb_date_parse("1970-01-01", &d));
	ck_assert_int_eq(d, 0);
	ck_assert(rb_date_parse("2000-03-01", &d));
	ck_assert_int_eq(d, 11017);
	ck_assert(rb_date_parse("2026-11-24", &d));
	ck_assert_int_eq(d, 20781);
	rb_date_format(20781 - 89, out);
	ck_assert_str_eq(out, "2026-08-27");
	ck_assert(rb_date_parse("1969-12-31", &d));
	ck_assert_int_eq(d, -1);
	rb_date_format(-1, out);
	ck_assert_str_eq(out, "1969-12-31");
	ck_assert_int_eq(rb_date_year(20781), 2026);
	ck_assert_int_eq(rb_date_year(-1), 1969);
}
END_TEST

START_TEST(test_leap_years)
{
	int64_t d;

	ck_assert(rb_date_parse("2024-02-29", &d));
	ck_assert(rb_date_parse("2000-02-29", &d));
	ck_assert(!rb_date_parse("2100-02-29", &d));
	ck_assert(!rb_date_parse("2026-02-29", &d));
	ck_assert(!rb_date_parse("2026-04-31", &d));
}
END_TEST

START_TEST(test_round_trip)
{
	int64_t first, last;
	char out[11];

	ck_assert(rb_date_parse("1900-01-01", &first));
	ck_assert(rb_date_parse("2299-12-31", &last));
	ck_assert_int_eq(last - first + 1, 146097);
	for (int64_t d = first; d <= last; d++) {
		int64_t back;

		rb_date_format(d, out);
		ck_assert_msg(rb_date_parse(out, &back) && back == d,
		    "%s is not day %lld", out, (long long)d);
	}
}
END_TEST

START_TEST(test_malformed)
{
	static const char *const bad[] = {
		"", "2026", "2026-1-24", "2026-11-4", "2026/11/24",
		"2026-11-24T", "2026-11-24 ", " 2026-11-24", "2026-13-01",
		"2026-00-10", "2026-11-00", "2026-11-31", "abcd-ef-gh",
		"2026-1a-24", "-026-11-24",
	};
	int64_t d = 42;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!rb_date_parse(bad[i], &d), "accepted \"%s\"",
		    bad[i]);
	ck_assert(!rb_date_parse(NULL, &d));
	ck_assert_int_eq(d, 42);
}
END_TEST

static Suite *
date_suite(void)
{
	Suite *s = suite_create("date");
	TCase *tc = tcase_create("days");

	tcase_add_test(tc, test_known_days);
	tcase_add_test(tc, test_leap_years);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_malformed);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(date_suite());
}
