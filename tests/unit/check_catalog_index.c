/*
 * The listing index (app/domain/catalog_index.c): listing rows as
 * PostgreSQL generates them, malformed rows, decimals, and on a small
 * catalog written here the filters, every facet counted with every
 * filter but its own, the sort orders and keyset cursors, and the same
 * counts read from a listing summary.
 */
#include "check_run.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena_fixture.h"
#include "core/err.h"
#include "domain/catalog.h"
#include "domain/catalog_index.h"
#include "domain/grade.h"

/* id brand category popularity released offers premium excellent good fair
 * storages attrs (code US value, RS between). */
static const char *const catalog[] = {
	"1 10 100 50 19000 4 90000 80000 70000  64,128 chip\x1f" "A15\x1eos\x1fiOS\x1escreen_in\x1f" "6.1",
	"2 10 100 90 19500 2  85000   128,256 chip\x1f" "A16\x1eos\x1fiOS\x1escreen_in\x1f" "6.7",
	"3 20 100 70 18000 6 60000 50000 40000 30000 64 chip\x1fSnapdragon\x1eos\x1f" "Android\x1escreen_in\x1f" "6.10",
	"4 20 101 10 20000 1   45000  256 os\x1f" "Android",
	"5 30 100 90 17000 3    20000 32,64 ",
};
#define NROWS (sizeof(catalog) / sizeof(catalog[0]))

static struct catalog_row rows[NROWS];
static const char *const codes[] = { "chip", "os", "screen_in" };

static void
load(void)
{
	for (size_t i = 0; i < NROWS; i++)
		ck_assert_int_eq(catalog_row_parse(catalog[i],
		    strlen(catalog[i]), (int64_t)(i + 1) * 1000, &rows[i]),
		    RB_OK);
}

static void
run(const struct catalog_query *q, const int *brands, size_t nbrands,
    struct catalog_counts *c)
{
	struct catalog_filter f = {
		.q = q, .brands = brands, .nbrands = nbrands,
		.codes = codes, .ncodes = 3,
	};

	for (size_t j = 0; j < q->nattrs; j++)
		f.attr_number[j] = strcmp(q->attrs[j].code, "screen_in") == 0;
	load();
	catalog_index_run(&arena, rows, NROWS, &f, c);
}

static void
query_init(struct catalog_query *q)
{
	memset(q, 0, sizeof(*q));
	q->min_price = q->max_price = -1;
	q->sort = CATALOG_SORT_POPULAR;
	q->limit = 24;
	q->page = 1;
}

static int64_t
tally(const struct catalog_tally *t, int facet, int64_t key,
    const char *value)
{
	CATALOG_TALLY_EACH(t, e)
		if (e->facet == facet && e->key == key &&
		    (value == NULL ? e->len == 0 : (e->len == strlen(value) &&
		    memcmp(e->value, value, e->len) == 0)))
			return e->count;
	return 0;
}

static void
assert_order(const struct catalog_counts *c, const int64_t *ids, size_t n)
{
	ck_assert_uint_eq(c->nhits, n);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(c->hits[i]->id, ids[i]);
}

START_TEST(test_row_parse)
{
	const char *v;
	size_t len;

	load();
	ck_assert_int_eq(rows[0].id, 1);
	ck_assert_int_eq(rows[0].brand, 10);
	ck_assert_int_eq(rows[0].category, 100);
	ck_assert_int_eq(rows[0].popularity, 50);
	ck_assert_int_eq(rows[0].released, 19000);
	ck_assert_int_eq(rows[0].offers, 4);
	ck_assert_int_eq(rows[0].price[GRADE_PREMIUM], 90000);
	ck_assert_int_eq(rows[0].price[GRADE_FAIR], -1);
	ck_assert_uint_eq(rows[0].nstorages, 2);
	ck_assert_int_eq(rows[0].storages[1], 128);
	ck_assert(catalog_row_attr(&rows[0], "os", &v, &len));
	ck_assert_uint_eq(len, 3);
	ck_assert(memcmp(v, "iOS", 3) == 0);
	ck_assert(catalog_row_attr(&rows[0], "screen_in", &v, &len));
	ck_assert_uint_eq(len, 3);
	ck_assert(!catalog_row_attr(&rows[0], "o", &v, &len));
	ck_assert(!catalog_row_attr(&rows[4], "os", &v, &len));
	ck_assert_int_eq(rows[1].price[GRADE_PREMIUM], -1);
	ck_assert_int_eq(rows[1].price[GRADE_EXCELLENT], 85000);
	ck_assert_int_eq(rows[3].relevance, 4000);
	/* An attribute list of one pair, and none. */
	ck_assert(catalog_row_attr(&rows[3], "os", &v, &len));
	ck_assert_uint_eq(len, 7);
	ck_assert_uint_eq(rows[4].attrs_len, 0);
}
END_TEST

START_TEST(test_row_malformed)
{
	static const char *const bad[] = {
		"",
		"1 2 3",
		"1 10 100 50 19000 4 90000 80000 70000 ",	/* a field short */
		"x 10 100 50 19000 4 90000 80000 70000  64 ",
		"1 10 100 50 19000 4 -5 80000 70000  64 ",	/* a price <= 0 */
		"1 10 100 50 19000 4 0 80000 70000  64 ",
		"1 10 100 50 19000 4 9e4 80000 70000  64 ",
		"1 10 100 50 19000 4 90000 80000 70000  64,,128 ",
		"1 10 100 50 19000 4 90000 80000 70000  1,2,3,4,5,6,7,8,9,10,11,12,13 ",
		"99999999999999999999 10 100 50 19000 4 1 1 1 1 64 ",
		"1 10 100 50 19000 99999999999 1 1 1 1 64 ",
	};
	struct catalog_row r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(catalog_row_parse(bad[i], strlen(bad[i]), 0, &r) ==
		    RB_INVALID, "accepted \"%s\"", bad[i]);
	/* Not NUL-terminated: only len bytes are read. */
	ck_assert_int_eq(catalog_row_parse("1 2 3 4 5 6 7 8 9 10 64 x", 10, 0,
	    &r), RB_INVALID);
}
END_TEST

START_TEST(test_decimal_eq)
{
	ck_assert(catalog_decimal_eq("6.1", 3, "6.10", 4));
	ck_assert(catalog_decimal_eq("7", 1, "07", 2));
	ck_assert(catalog_decimal_eq("7", 1, "7.0", 3));
	ck_assert(catalog_decimal_eq("0.5", 3, "00.50", 5));
	ck_assert(catalog_decimal_eq("-2", 2, "-2.00", 5));
	ck_assert(!catalog_decimal_eq("6.1", 3, "6.2", 3));
	ck_assert(!catalog_decimal_eq("2", 1, "-2", 2));
	ck_assert(!catalog_decimal_eq("10", 2, "1", 1));
	ck_assert(!catalog_decimal_eq("100", 3, "1.00", 4));
}
END_TEST

START_TEST(test_unfiltered)
{
	struct catalog_query q;
	struct catalog_counts c;
	/* Popular: popularity descending, ties to the higher id. */
	static const int64_t popular[] = { 5, 2, 3, 1, 4 };

	query_init(&q);
	run(&q, NULL, 0, &c);
	ck_assert_int_eq(c.total, 5);
	assert_order(&c, popular, 5);
	ck_assert_int_eq(tally(&c.brands, 0, 10, NULL), 2);
	ck_assert_int_eq(tally(&c.brands, 0, 20, NULL), 2);
	ck_assert_int_eq(tally(&c.categories, 0, 101, NULL), 1);
	ck_assert_int_eq(tally(&c.storages, 0, 64, NULL), 3);
	ck_assert_int_eq(tally(&c.storages, 0, 256, NULL), 2);
	ck_assert_int_eq(c.grade[GRADE_PREMIUM], 2);
	ck_assert_int_eq(c.grade[GRADE_FAIR], 2);
	ck_assert_int_eq(tally(&c.attrs, 1, 0, "iOS"), 2);
	ck_assert_int_eq(tally(&c.attrs, 1, 0, "Android"), 2);
	ck_assert_int_eq(tally(&c.attrs, 2, 0, "6.10"), 1);
	/* The price shown is the cheapest grade's. */
	ck_assert(c.has_price);
	ck_assert_int_eq(c.price_min, 20000);
	ck_assert_int_eq(c.price_max, 85000);
}
END_TEST

START_TEST(test_each_facet_ignores_its_own_filter)
{
	struct catalog_query q;
	struct catalog_counts c;
	static const int brand10[] = { 10 };

	query_init(&q);
	q.grades = 1u << GRADE_GOOD;
	run(&q, brand10, 1, &c);
	/* Brand 10 with a good offer: product 1 only. */
	ck_assert_int_eq(c.total, 1);
	ck_assert_int_eq(c.hits[0]->id, 1);
	ck_assert_int_eq(c.hits[0]->eff, 70000);
	/* Brands are counted with the grade filter, not the brand one. */
	ck_assert_int_eq(tally(&c.brands, 0, 10, NULL), 1);
	ck_assert_int_eq(tally(&c.brands, 0, 20, NULL), 2);
	ck_assert_int_eq(tally(&c.brands, 0, 30, NULL), 0); /* no good */
	/* Grades with the brand filter, not the grade one. */
	ck_assert_int_eq(c.grade[GRADE_EXCELLENT], 2);
	ck_assert_int_eq(c.grade[GRADE_FAIR], 0);
}
END_TEST

START_TEST(test_price_range_and_attributes)
{
	struct catalog_query q;
	struct catalog_counts c;

	query_init(&q);
	q.min_price = 40000;
	q.max_price = 80000;
	q.nattrs = 1;
	q.attrs[0].code = "screen_in";
	q.attrs[0].values[0] = "6.1";	/* matches 6.1 and 6.10 */
	q.attrs[0].nvalues = 1;
	run(&q, NULL, 0, &c);
	/* 1 (70000, 6.1) and 3 (30000: out of range) -> 1 only. */
	ck_assert_int_eq(c.total, 1);
	ck_assert_int_eq(c.hits[0]->id, 1);
	/* The screen facet ignores the screen filter, not the price: of
	 * the products in range (1 and 4) only 1 has a screen. */
	ck_assert_int_eq(tally(&c.attrs, 2, 0, "6.1"), 1);
	ck_assert_int_eq(tally(&c.attrs, 2, 0, "6.7"), 0);
	/* The price range ignores the price filter: 1 and 3 (30000). */
	ck_assert_int_eq(c.price_min, 30000);
	ck_assert_int_eq(c.price_max, 70000);
	/* Grades: their own price must be in range. */
	ck_assert_int_eq(c.grade[GRADE_PREMIUM], 1); /* 3, not 1 */
	ck_assert_int_eq(c.grade[GRADE_EXCELLENT], 2);
	ck_assert_int_eq(c.grade[GRADE_GOOD], 2);
}
END_TEST

START_TEST(test_sorts_and_cursor)
{
	struct catalog_query q;
	struct catalog_counts c;
	static const int64_t asc[] = { 5, 3, 4, 1, 2 };
	static const int64_t desc[] = { 2, 1, 4, 3, 5 };
	static const int64_t newest[] = { 4, 2, 1, 3, 5 };
	static const int64_t relevance[] = { 5, 4, 3, 2, 1 };
	static const int64_t after[] = { 1, 2 };

	query_init(&q);
	q.sort = CATALOG_SORT_PRICE_ASC;
	run(&q, NULL, 0, &c);
	assert_order(&c, asc, 5);
	q.sort = CATALOG_SORT_PRICE_DESC;
	run(&q, NULL, 0, &c);
	assert_order(&c, desc, 5);
	q.sort = CATALOG_SORT_NEWEST;
	run(&q, NULL, 0, &c);
	assert_order(&c, newest, 5);
	q.sort = CATALOG_SORT_RELEVANCE;
	run(&q, NULL, 0, &c);
	assert_order(&c, relevance, 5);
	/* A cursor after the third of price_asc: the last two, and the
	 * total still counts every match. */
	q.sort = CATALOG_SORT_PRICE_ASC;
	run(&q, NULL, 0, &c);
	q.has_cursor = true;
	q.cursor_key = c.hits[2]->sk;
	q.cursor_tie = c.hits[2]->st;
	run(&q, NULL, 0, &c);
	assert_order(&c, after, 2);
	ck_assert_int_eq(c.total, 5);
}
END_TEST

/*
 * Only the rows up to the page shown are sorted: for every sort and page,
 * they are the same rows in the same order as when every row is sorted,
 * with many ties on the sort key.
 */
START_TEST(test_sorts_as_far_as_the_page)
{
	enum { N = 300 };
	static struct catalog_row many[N];
	static const enum catalog_sort sorts[] = { CATALOG_SORT_POPULAR,
		CATALOG_SORT_PRICE_ASC, CATALOG_SORT_PRICE_DESC,
		CATALOG_SORT_NEWEST, CATALOG_SORT_RELEVANCE };
	static const int pages[][2] = { { 1, 24 }, { 2, 24 }, { 3, 7 },
		{ 1, 1 }, { 13, 24 }, { 40, 10 } };
	struct catalog_query q;
	struct catalog_filter f = { .q = &q };
	struct catalog_counts all, part;
	char text[128];

	for (size_t i = 0; i < N; i++) {
		unsigned x = (unsigned)(i * 2654435761u);

		snprintf(text, sizeof(text), "%zu 1 1 %u %u 1 %u  %u  128 ",
		    i + 1, x % 7, 18000 + x % 5, 1000 + x % 13 * 100,
		    900 + x % 11 * 100);
		ck_assert_int_eq(catalog_row_parse(text, strlen(text),
		    (int64_t)(x % 3), &many[i]), RB_OK);
	}
	for (size_t s = 0; s < sizeof(sorts) / sizeof(sorts[0]); s++)
		for (size_t p = 0; p < sizeof(pages) / sizeof(pages[0]); p++) {
			size_t upto;

			query_init(&q);
			q.sort = sorts[s];
			q.limit = 1000;
			catalog_index_run(&arena, many, N, &f, &all);
			q.page = pages[p][0];
			q.limit = pages[p][1];
			catalog_index_run(&arena, many, N, &f, &part);
			ck_assert_uint_eq(part.nhits, N);
			upto = (size_t)(q.page * q.limit);
			for (size_t i = 0; i < upto && i < N; i++)
				ck_assert_int_eq(part.hits[i]->id,
				    all.hits[i]->id);
		}
}
END_TEST

START_TEST(test_empty)
{
	struct catalog_query q;
	struct catalog_counts c;
	struct catalog_filter f = { .q = &q };

	query_init(&q);
	catalog_index_run(&arena, NULL, 0, &f, &c);
	ck_assert_int_eq(c.total, 0);
	ck_assert_uint_eq(c.nhits, 0);
	ck_assert(!c.has_price);
}
END_TEST

/* Every entry of want is in got with the same count, and no other. */
static void
assert_same_tally(const struct catalog_tally *got,
    const struct catalog_tally *want)
{
	ck_assert_uint_eq(got->n, want->n);
	CATALOG_TALLY_EACH(want, e) {
		char value[64];

		snprintf(value, sizeof(value), "%.*s", (int)e->len, e->value);
		ck_assert_int_eq(tally(got, e->facet, e->key,
		    e->len ? value : NULL), e->count);
	}
}

/*
 * What listing_summary_text (sql/migrations/0008_listing_summaries.sql)
 * writes for the catalog above, one record per category, with a brand
 * of no product and an attribute the listing does not count.
 */
static const char summary[] =
    "c\x1f" "100\x1f" "4\x1e" "c\x1f" "101\x1f" "1\x1e"
    "g\x1f" "2\x1f" "3\x1f" "3\x1f" "2\x1e"
    "r\x1f" "20000\x1f" "85000\x1e"
    "b\x1f" "10\x1f" "2\x1e" "b\x1f" "20\x1f" "2\x1e" "b\x1f" "30\x1f" "1\x1e"
    "b\x1f" "40\x1f" "0\x1e"
    "s\x1f" "32\x1f" "1\x1e" "s\x1f" "64\x1f" "3\x1e" "s\x1f" "128\x1f" "2\x1e"
    "s\x1f" "256\x1f" "2\x1e"
    "a\x1f" "battery\x1f" "3000\x1f" "5\x1e"
    "a\x1f" "chip\x1f" "A15\x1f" "1\x1e" "a\x1f" "chip\x1f" "A16\x1f" "1\x1e"
    "a\x1f" "chip\x1f" "Snapdragon\x1f" "1\x1e"
    "a\x1f" "os\x1f" "Android\x1f" "2\x1e" "a\x1f" "os\x1f" "iOS\x1f" "2\x1e"
    "a\x1f" "screen_in\x1f" "6.1\x1f" "1\x1e" "a\x1f" "screen_in\x1f" "6.10\x1f" "1\x1e"
    "a\x1f" "screen_in\x1f" "6.7\x1f" "1";

START_TEST(test_summary_counts_what_the_index_counts)
{
	struct catalog_query q;
	struct catalog_counts want, got;
	struct catalog_filter f = { .q = &q, .codes = codes, .ncodes = 3 };

	query_init(&q);
	run(&q, NULL, 0, &want);
	ck_assert_int_eq(catalog_summary_parse(&arena, summary,
	    strlen(summary), &f, &got), RB_OK);
	ck_assert_int_eq(got.total, want.total);
	for (size_t g = 0; g < GRADE_COUNT; g++)
		ck_assert_int_eq(got.grade[g], want.grade[g]);
	ck_assert(got.has_price && want.has_price);
	ck_assert_int_eq(got.price_min, want.price_min);
	ck_assert_int_eq(got.price_max, want.price_max);
	assert_same_tally(&got.brands, &want.brands);
	assert_same_tally(&got.categories, &want.categories);
	assert_same_tally(&got.storages, &want.storages);
	assert_same_tally(&got.attrs, &want.attrs);
	ck_assert_uint_eq(got.nhits, 0);

	/* No product at all: an empty summary. */
	ck_assert_int_eq(catalog_summary_parse(&arena, "", 0, &f, &got),
	    RB_OK);
	ck_assert_int_eq(got.total, 0);
	ck_assert(!got.has_price);
}
END_TEST

START_TEST(test_summary_malformed)
{
	static const char *const bad[] = {
		"x\x1f" "1",
		"c",
		"c\x1f" "1",
		"c\x1f" "1\x1f" "2\x1f" "3",
		"c\x1f" "1\x1f" "x",
		"b\x1f" "-1\x1f" "2",
		"g\x1f" "1\x1f" "2\x1f" "3",
		"g\x1f" "1\x1f" "2\x1f" "3\x1f" "4\x1f" "5",
		"r\x1f" "5\x1f" "2",
		"r\x1f" "0\x1f" "2",
		"a\x1f" "os\x1f" "iOS\x1f" "0",
		"a\x1f" "os\x1f" "iOS",
		"c\x1f" "1\x1f" "2\x1e\x1e",
		"s\x1f" "99999999999999999999\x1f" "1",
	};
	struct catalog_query q;
	struct catalog_filter f = { .q = &q, .codes = codes, .ncodes = 3 };
	struct catalog_counts c;

	query_init(&q);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(catalog_summary_parse(&arena, bad[i],
		    strlen(bad[i]), &f, &c) == RB_INVALID, "accepted \"%s\"",
		    bad[i]);
}
END_TEST

static Suite *
catalog_index_suite(void)
{
	Suite *s = suite_create("catalog_index");
	TCase *tc = tcase_create("rows");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_row_parse);
	tcase_add_test(tc, test_row_malformed);
	tcase_add_test(tc, test_decimal_eq);
	suite_add_tcase(s, tc);
	tc = tcase_create("index");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_unfiltered);
	tcase_add_test(tc, test_each_facet_ignores_its_own_filter);
	tcase_add_test(tc, test_price_range_and_attributes);
	tcase_add_test(tc, test_sorts_and_cursor);
	tcase_add_test(tc, test_sorts_as_far_as_the_page);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_summary_counts_what_the_index_counts);
	tcase_add_test(tc, test_summary_malformed);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(catalog_index_suite());
}
