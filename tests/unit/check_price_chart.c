/*
 * The price history chart (app/pages/price_chart.c): line breaks at gaps,
 * nice ticks in the market's format, escaping, and no overflow or division
 * by zero at the edges of the price range.
 */
#include "check_run.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "pages/price_chart.h"

#define EURO "\xe2\x82\xac"
#define TICKS_OPEN "<g class=\"chart-axis\" text-anchor=\"end\">"

static size_t
count(const char *s, const char *needle)
{
	size_t n = 0, len = strlen(needle);

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += len;
	}
	return n;
}

static size_t
count_char(const char *s, size_t len, char c)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (s[i] == c)
			n++;
	return n;
}

/* The d attribute of the line of grade: its start and length. */
static const char *
line_d(const char *svg, const char *grade, size_t *len)
{
	char key[64];
	const char *p, *e;

	snprintf(key, sizeof(key), "chart-%s\" fill=\"none\" d=\"", grade);
	p = strstr(svg, key);
	ck_assert_msg(p != NULL, "no line for %s in %s", grade, svg);
	p += strlen(key);
	e = strchr(p, '"');
	ck_assert_ptr_nonnull(e);
	*len = (size_t)(e - p);
	return p;
}

/* The y tick labels, bottom to top, as integers of their digits. */
static int
tick_values(const char *svg, int64_t *v, int max)
{
	const char *p = strstr(svg, TICKS_OPEN), *end;
	int n = 0;

	ck_assert_msg(p != NULL, "no ticks in %s", svg);
	p += strlen(TICKS_OPEN);
	end = strstr(p, "</g>");
	ck_assert_ptr_nonnull(end);
	while ((p = strstr(p, "\">")) != NULL && p < end) {
		p += 2;
		ck_assert_int_lt(n, max);
		v[n] = 0;
		for (; *p != '<'; p++)
			if (*p >= '0' && *p <= '9')
				v[n] = v[n] * 10 + (*p - '0');
		n++;
	}
	return n;
}

static int
draw(struct rb_buf *b, const struct price_series *s, size_t nseries,
    size_t ndays, const char *currency, const char *locale)
{
	struct price_chart c = {
		.series = s, .nseries = nseries, .ndays = ndays,
		.first_day = "2026-05-29", .last_day = "2026-08-27",
		.currency = currency, .locale = locale,
		.title = "Price history, last 90 days",
	};

	return price_chart_svg(b, &c);
}

START_TEST(test_flat)
{
	int64_t p[90], v[8];
	struct price_series s = { "good", "Good", p };
	struct rb_buf b;
	const char *d;
	char *line;
	size_t i, len;
	int n;

	for (i = 0; i < 90; i++)
		p[i] = 10000;
	rb_buf_init(&b, NULL);
	ck_assert_int_eq(draw(&b, &s, 1, 90, "USD", "en_US"), 1);
	ck_assert_msg(strncmp(b.data, "<svg ", 5) == 0, "%s", b.data);
	ck_assert_msg(strstr(b.data, "viewBox=\"0 0 640 240\"") != NULL, "%s",
	    b.data);
	ck_assert_msg(strstr(b.data, "role=\"img\" aria-labelledby=\"") != NULL,
	    "%s", b.data);
	ck_assert_msg(strstr(b.data, "<title id=\"") != NULL, "%s", b.data);
	ck_assert_msg(strcmp(b.data + b.len - 6, "</svg>") == 0, "%s", b.data);
	d = line_d(b.data, "good", &len);
	ck_assert_uint_eq(count_char(d, len, 'M'), 1);
	ck_assert_uint_eq(count_char(d, len, 'L'), 89);
	/* A flat line sits between two ticks, in the middle of the plot. */
	line = strndup(d, len);
	ck_assert_uint_eq(count(line, " 102.0"), 90);
	free(line);
	n = tick_values(b.data, v, 8);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(v[0], 9000);
	ck_assert_int_eq(v[1], 10000);
	ck_assert_int_eq(v[2], 11000);
	ck_assert_msg(strstr(b.data, ">$100.00</text>") != NULL, "%s", b.data);
	ck_assert_msg(strstr(b.data, ">2026-05-29</text>") != NULL, "%s",
	    b.data);
	ck_assert_msg(strstr(b.data, ">2026-08-27</text>") != NULL, "%s",
	    b.data);
	ck_assert_msg(strstr(b.data, ">Good</text>") != NULL, "%s", b.data);
	rb_buf_release(&b);
}
END_TEST

START_TEST(test_gaps)
{
	static const int64_t p[] = { 100, 200, -1, -1, 300, 400, -1, 500 };
	static const int64_t q[] = { -1, -1, 150, 160, 170, -1, -1, -1 };
	struct price_series s[] = {
		{ "premium", "Premium", p },
		{ "fair", "Fair", q },
	};
	struct rb_buf b;
	const char *d;
	size_t len;

	rb_buf_init(&b, NULL);
	ck_assert_int_eq(draw(&b, s, 2, 8, "USD", "en_US"), 1);
	d = line_d(b.data, "premium", &len);
	ck_assert_uint_eq(count_char(d, len, 'M'), 3);
	ck_assert_uint_eq(count_char(d, len, 'L'), 2);
	/* The lone last day is a dot, not nothing. */
	ck_assert_msg(len > 2 && strncmp(d + len - 2, "h0", 2) == 0, "%.*s",
	    (int)len, d);
	ck_assert_msg(strncmp(d, "M112.0 ", 7) == 0, "%.*s", (int)len, d);
	d = line_d(b.data, "fair", &len);
	ck_assert_uint_eq(count_char(d, len, 'M'), 1);
	ck_assert_uint_eq(count_char(d, len, 'L'), 2);
	ck_assert_msg(strncmp(d, "M258.3 ", 7) == 0, "%.*s", (int)len, d);
	rb_buf_release(&b);
}
END_TEST

START_TEST(test_empty)
{
	static const int64_t none[] = { -1, -1, -1 };
	struct price_series s[] = {
		{ "premium", "Premium", none },
		{ "good", "Good", NULL },
	};
	static const int64_t p[] = { -1, 900, -1 };
	struct price_series some[] = {
		{ "premium", "Premium", none },
		{ "good", "Good", p },
	};
	struct rb_buf b;

	rb_buf_init(&b, NULL);
	rb_buf_puts(&b, "before");
	ck_assert_int_eq(draw(&b, s, 2, 3, "USD", "en_US"), 0);
	ck_assert_int_eq(draw(&b, s, 0, 3, "USD", "en_US"), 0);
	ck_assert_int_eq(draw(&b, s, 2, 0, "USD", "en_US"), 0);
	ck_assert_int_eq(draw(&b, NULL, 0, 90, "USD", "en_US"), 0);
	ck_assert_str_eq(b.data, "before");
	ck_assert_uint_eq(b.len, 6);

	/* A series without a price has no line and no legend entry. */
	ck_assert_int_eq(draw(&b, some, 2, 3, "USD", "en_US"), 1);
	ck_assert_msg(strstr(b.data, "chart-premium") == NULL, "%s", b.data);
	ck_assert_msg(strstr(b.data, "Premium") == NULL, "%s", b.data);
	ck_assert_uint_eq(count(b.data, "chart-good"), 2);
	rb_buf_release(&b);
}
END_TEST

START_TEST(test_escaping)
{
	static const int64_t p[] = { 100, 200 };
	struct price_series s = { "good", "<script>alert(1)</script>", p };
	struct price_chart c = {
		.series = &s, .nseries = 1, .ndays = 2,
		.first_day = "\"><script>", .last_day = "a&b",
		.currency = "<b>", .locale = "en_US",
		.title = "</title><script>x</script>",
	};
	struct rb_buf b;

	rb_buf_init(&b, NULL);
	ck_assert_int_eq(price_chart_svg(&b, &c), 1);
	ck_assert_msg(strstr(b.data, "<script") == NULL, "%s", b.data);
	ck_assert_msg(strstr(b.data, "<b>") == NULL, "%s", b.data);
	ck_assert_msg(strstr(b.data, "&lt;script&gt;alert(1)&lt;/script&gt;")
	    != NULL, "%s", b.data);
	ck_assert_msg(strstr(b.data, "a&amp;b") != NULL, "%s", b.data);
	ck_assert_uint_eq(count(b.data, "</title>"), 1);
	rb_buf_release(&b);
}
END_TEST

START_TEST(test_locale)
{
	static const int64_t p[] = { 123456, 99000, 150000 };
	struct price_series s = { "excellent", "Excellent", p };
	struct rb_buf b;

	rb_buf_init(&b, NULL);
	ck_assert_int_eq(draw(&b, &s, 1, 3, "EUR", "fr_FR"), 1);
	ck_assert_msg(strstr(strstr(b.data, TICKS_OPEN), EURO "</text>") !=
	    NULL, "%s", b.data);
	ck_assert_msg(strstr(b.data, "$") == NULL, "%s", b.data);
	rb_buf_reset(&b);
	ck_assert_int_eq(draw(&b, &s, 1, 3, "USD", "en_US"), 1);
	ck_assert_msg(strstr(b.data, ">$1,500.00</text>") != NULL, "%s",
	    b.data);
	ck_assert_msg(strstr(b.data, EURO) == NULL, "%s", b.data);
	rb_buf_release(&b);
}
END_TEST

/* Ticks over many ranges: 3 or 4, rising by a constant step, covering
 * every price. */
START_TEST(test_ticks_monotone)
{
	int64_t p[2], v[8], step;
	struct price_series s = { "good", "Good", p };
	struct rb_buf b;
	uint64_t r = 88172645463325252u;
	int i, k, n;

	rb_buf_init(&b, NULL);
	for (i = 0; i < 2000; i++) {
		for (k = 0; k < 2; k++) {
			r ^= r << 13;
			r ^= r >> 7;
			r ^= r << 17;
			/* Magnitudes from cents to ten billion. */
			p[k] = (int64_t)(r % 10000000000u) >> (r >> 58) % 34;
		}
		rb_buf_reset(&b);
		ck_assert_int_eq(draw(&b, &s, 1, 2, "USD", "en_US"), 1);
		n = tick_values(b.data, v, 8);
		ck_assert_msg(n == 3 || n == 4, "%d ticks for %lld..%lld", n,
		    (long long)p[0], (long long)p[1]);
		step = v[1] - v[0];
		ck_assert_int_gt(step, 0);
		for (k = 1; k < n; k++)
			ck_assert_int_eq(v[k] - v[k - 1], step);
		ck_assert_int_le(v[0], p[0] < p[1] ? p[0] : p[1]);
		ck_assert_int_ge(v[n - 1], p[0] > p[1] ? p[0] : p[1]);
	}
	rb_buf_release(&b);
}
END_TEST

START_TEST(test_extremes)
{
	static const int64_t one[] = { 1 };
	static const int64_t wide[] = { 1, 9999999999 };
	static const int64_t huge[] = { INT64_MAX, 0, INT64_MAX - 1 };
	static const int64_t zero[] = { 0, 0 };
	struct price_series s1 = { "good", "Good", one };
	struct price_series s2 = { "good", "Good", wide };
	struct price_series s3 = { "good", "Good", huge };
	struct price_series s4 = { "good", "Good", zero };
	struct rb_buf b;
	int64_t v[8];
	const char *d;
	size_t len;

	rb_buf_init(&b, NULL);
	ck_assert_int_eq(draw(&b, &s1, 1, 1, "USD", "en_US"), 1);
	d = line_d(b.data, "good", &len);
	ck_assert_msg(strncmp(d, "M368.0 ", 7) == 0 &&
	    strncmp(d + len - 2, "h0", 2) == 0, "%.*s", (int)len, d);
	ck_assert_int_eq(tick_values(b.data, v, 8), 3);
	ck_assert_int_eq(v[0], 0);

	rb_buf_reset(&b);
	ck_assert_int_eq(draw(&b, &s2, 1, 2, "USD", "en_US"), 1);
	ck_assert_int_ge(tick_values(b.data, v, 8), 3);
	d = line_d(b.data, "good", &len);
	ck_assert_msg(memchr(d, '-', len) == NULL, "%.*s", (int)len, d);
	ck_assert_msg(strncmp(d, "M112.0 192.0L624.0 ", 19) == 0, "%.*s",
	    (int)len, d);

	rb_buf_reset(&b);
	ck_assert_int_eq(draw(&b, &s3, 1, 3, "USD", "en_US"), 1);
	ck_assert_int_ge(tick_values(b.data, v, 8), 3);

	rb_buf_reset(&b);
	ck_assert_int_eq(draw(&b, &s4, 1, 2, "USD", "en_US"), 1);
	ck_assert_int_eq(tick_values(b.data, v, 8), 3);
	ck_assert_int_eq(v[0], 0);
	rb_buf_release(&b);
}
END_TEST

static Suite *
price_chart_suite(void)
{
	Suite *s = suite_create("price_chart");
	TCase *tc = tcase_create("svg");

	tcase_add_test(tc, test_flat);
	tcase_add_test(tc, test_gaps);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_escaping);
	tcase_add_test(tc, test_locale);
	tcase_add_test(tc, test_ticks_monotone);
	tcase_add_test(tc, test_extremes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(price_chart_suite());
}
