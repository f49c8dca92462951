/*
 * The listing's query string (app/pages/catalog_params.c) and the keyset
 * cursors and sort names (app/domain/catalog.c): hostile values, the one
 * canonical form, round trips, cursors made for another sort.
 */
#include "check_run.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "arena_fixture.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/catalog.h"
#include "domain/grade.h"
#include "http/form.h"
#include "pages/catalog_params.h"

/* As a query string is parsed for a request: single-line values. */
static const struct rb_form_limits lim = {1024, 256, 8192, 256 << 10, false};

static struct rb_err err;

/* Parses the query string qs in mode into *q; the rc of the first failure. */
static int
parse(const char *qs, enum catalog_params_mode mode, struct catalog_query *q)
{
	struct rb_kv_list l = { 0 };
	int rc;

	rb_err_clear(&err);
	rc = rb_form_parse(&arena, qs, strlen(qs), &lim, &l, &err);
	if (rc != RB_OK)
		return rc;
	return catalog_params_parse(&l, mode, q, &err);
}

/* The canonical query string of q, in the arena. */
static const char *
write_q(const struct catalog_query *q, bool without_page, bool without_sort)
{
	struct rb_buf b;

	rb_buf_init(&b, &arena);
	catalog_params_write(&b, q, without_page, without_sort);
	return b.data;
}

/* The canonical form of qs, which must parse. */
static const char *
canon(const char *qs, enum catalog_params_mode mode)
{
	struct catalog_query q;
	int rc = parse(qs, mode, &q);

	ck_assert_msg(rc == RB_OK, "\"%s\": rc %d (%s: %s)", qs, rc,
	    err.field, err.msg);
	return write_q(&q, false, false);
}

static void
canon_eq(const char *qs, enum catalog_params_mode mode, const char *want)
{
	const char *got = canon(qs, mode);

	ck_assert_msg(strcmp(got, want) == 0, "\"%s\": got \"%s\", want \"%s\"",
	    qs, got, want);
}

/* qs must be refused; field (if not NULL) must be what err names. */
static void
refused(const char *qs, enum catalog_params_mode mode, const char *field)
{
	struct catalog_query q;
	int rc = parse(qs, mode, &q);

	ck_assert_msg(rc != RB_OK, "\"%.200s\" was accepted", qs);
	ck_assert_msg(rc == RB_INVALID || rc == RB_TOOBIG,
	    "\"%.200s\": rc %d", qs, rc);
	ck_assert_msg(err.msg[0] != '\0', "\"%.200s\": no message", qs);
	if (field != NULL)
		ck_assert_msg(strcmp(err.field, field) == 0,
		    "\"%.200s\": field \"%s\", want \"%s\"", qs, err.field,
		    field);
}

static void
accepted(const char *qs, enum catalog_params_mode mode)
{
	struct catalog_query q;
	int rc = parse(qs, mode, &q);

	ck_assert_msg(rc == RB_OK, "\"%.200s\": rc %d (%s: %s)", qs, rc,
	    err.field, err.msg);
}

/* "k=v0&k=v1..." with n pieces made by fmt from the index. */
static const char *
pieces(size_t n, const char *fmt)
{
	struct rb_buf b;
	char one[128];

	rb_buf_init(&b, &arena);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			rb_buf_putc(&b, '&');
		snprintf(one, sizeof(one), fmt, (int)i, (int)i);
		rb_buf_puts(&b, one);
	}
	return b.data;
}

/* s n times over, no separator. */
static const char *
times(size_t n, const char *s)
{
	struct rb_buf b;

	rb_buf_init(&b, &arena);
	for (size_t i = 0; i < n; i++)
		rb_buf_puts(&b, s);
	return b.data;
}

static const char *
cat(const char *a, const char *b)
{
	struct rb_buf buf;

	rb_buf_init(&buf, &arena);
	rb_buf_puts(&buf, a);
	rb_buf_puts(&buf, b);
	return buf.data;
}

/* base64url without padding of the raw bytes: a hand-made cursor. */
static const char *
b64(const char *raw, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = rb_arena_alloc(&arena, cap);

	sodium_bin2base64(out, cap, (const unsigned char *)raw, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

static const char *
cursor(enum catalog_sort sort, int64_t key, int64_t tie)
{
	struct rb_buf b;

	rb_buf_init(&b, &arena);
	catalog_cursor_encode(&b, sort, key, tie);
	return b.data;
}

static int
decode(const char *s, enum catalog_sort sort, int64_t *key, int64_t *tie)
{
	return catalog_cursor_decode(s, strlen(s), sort, key, tie);
}

static void
cursor_refused(const char *s, enum catalog_sort sort)
{
	int64_t key = 7, tie = 7;

	ck_assert_msg(catalog_cursor_decode(s, strlen(s), sort, &key, &tie) ==
	    RB_INVALID, "cursor \"%.200s\" (sort %s) was accepted: %lld %lld",
	    s, catalog_sort_name(sort), (long long)key, (long long)tie);
}

/* A raw payload, base64url-encoded, must be refused for sort. */
static void
raw_refused(const char *raw, enum catalog_sort sort)
{
	int64_t key = 7, tie = 7;
	const char *s = b64(raw, strlen(raw));

	ck_assert_msg(decode(s, sort, &key, &tie) == RB_INVALID,
	    "payload \"%s\" (sort %s) was accepted: %lld %lld", raw,
	    catalog_sort_name(sort), (long long)key, (long long)tie);
}

/* --- defaults -------------------------------------------------------- */

START_TEST(test_defaults)
{
	struct catalog_query q;

	ck_assert_int_eq(parse("", CATALOG_PARAMS_CATEGORY, &q), RB_OK);
	ck_assert_ptr_null(q.category);
	ck_assert_ptr_null(q.q);
	ck_assert_uint_eq(q.nbrands, 0);
	ck_assert_uint_eq(q.grades, 0);
	ck_assert_uint_eq(q.nstorages, 0);
	ck_assert_uint_eq(q.nattrs, 0);
	ck_assert_int_eq(q.min_price, -1);
	ck_assert_int_eq(q.max_price, -1);
	ck_assert_int_eq(q.sort, CATALOG_SORT_POPULAR);
	ck_assert_int_eq(q.page, 1);
	ck_assert_int_eq(q.limit, CATALOG_PAGE_SIZE);
	ck_assert(!q.has_cursor);
	ck_assert_str_eq(write_q(&q, false, false), "");

	/* Defaults spelled out are left out of the canonical form. */
	canon_eq("sort=popular&page=1", CATALOG_PARAMS_CATEGORY, "");
	canon_eq("limit=24&sort=popular", CATALOG_PARAMS_API, "");
	/* A GET form sends its empty inputs: ignored, even names we refuse. */
	canon_eq("brand=&grade=&storage=&min_price=&max_price=&sort=&page=&q="
	    "&limit=&cursor=&os=", CATALOG_PARAMS_CATEGORY, "");
	canon_eq("brand", CATALOG_PARAMS_CATEGORY, "");
}
END_TEST

/* --- canonical form --------------------------------------------------- */

START_TEST(test_canonical_order)
{
	static const char *const want =
	    "brand=apple&brand=samsung&grade=premium&grade=good&"
	    "storage=64&storage=256&dual_sim=true&os=Android&os=iOS&"
	    "min_price=100&max_price=5000&sort=price_asc&page=2";
	const char *a = canon("brand=apple&brand=samsung&grade=premium&"
	    "grade=good&storage=64&storage=256&dual_sim=true&os=Android&"
	    "os=iOS&min_price=100&max_price=5000&sort=price_asc&page=2",
	    CATALOG_PARAMS_CATEGORY);
	const char *b = canon("page=2&sort=price_asc&max_price=5000&"
	    "os=iOS&min_price=100&grade=good&storage=256&brand=samsung&"
	    "dual_sim=true&os=Android&storage=64&grade=premium&brand=apple",
	    CATALOG_PARAMS_CATEGORY);

	ck_assert_str_eq(a, want);
	ck_assert_str_eq(b, want);
	/* Grades go best first, not alphabetically. */
	canon_eq("grade=fair&grade=excellent&grade=premium&grade=good",
	    CATALOG_PARAMS_CATEGORY,
	    "grade=premium&grade=excellent&grade=good&grade=fair");
	/* Storages numerically, not as strings. */
	canon_eq("storage=1024&storage=128&storage=64&storage=2048",
	    CATALOG_PARAMS_CATEGORY,
	    "storage=64&storage=128&storage=1024&storage=2048");
	/* Attribute codes sorted, then values within a code. */
	canon_eq("screen_in=6.1&chip=b&chip=a&os=iOS", CATALOG_PARAMS_CATEGORY,
	    "chip=a&chip=b&os=iOS&screen_in=6.1");
}
END_TEST

START_TEST(test_canonical_api_and_search)
{
	/* q first, then category; limit and cursor after the sort. */
	const char *c = cursor(CATALOG_SORT_NEWEST, -1700000000, -42);
	const char *got;

	canon_eq("category=laptops&q=thinkpad&brand=lenovo",
	    CATALOG_PARAMS_API, "q=thinkpad&category=laptops&brand=lenovo");
	got = canon(cat("cursor=", cat(c, "&limit=10&sort=newest&"
	    "category=laptops")), CATALOG_PARAMS_API);
	ck_assert_str_eq(got, cat("category=laptops&sort=newest&limit=10&"
	    "cursor=", c));
	/* With q the default sort is relevance, and popular must be said. */
	canon_eq("q=iphone", CATALOG_PARAMS_SEARCH, "q=iphone");
	canon_eq("q=iphone&sort=relevance", CATALOG_PARAMS_SEARCH, "q=iphone");
	canon_eq("q=iphone&sort=popular", CATALOG_PARAMS_SEARCH,
	    "q=iphone&sort=popular");
	/* Values are percent-encoded so they cannot forge parameters. */
	canon_eq("q=a%26b%3Dc+d%23", CATALOG_PARAMS_SEARCH, "q=a%26b%3Dc%20d%23");
	canon_eq("chip=Snapdragon+8+Gen+2", CATALOG_PARAMS_CATEGORY,
	    "chip=Snapdragon%208%20Gen%202");
	canon_eq("q=%C3%A9couteurs", CATALOG_PARAMS_API_SEARCH,
	    "q=%C3%A9couteurs");
}
END_TEST

START_TEST(test_without_page_and_sort)
{
	struct catalog_query q;

	ck_assert_int_eq(parse("page=3&brand=apple&sort=newest",
	    CATALOG_PARAMS_CATEGORY, &q), RB_OK);
	ck_assert_str_eq(write_q(&q, false, false),
	    "brand=apple&sort=newest&page=3");
	ck_assert_str_eq(write_q(&q, true, false), "brand=apple&sort=newest");
	ck_assert_str_eq(write_q(&q, true, true), "brand=apple");

	ck_assert_int_eq(parse(cat("sort=price_desc&limit=5&cursor=",
	    cursor(CATALOG_SORT_PRICE_DESC, -5, 9)), CATALOG_PARAMS_API, &q),
	    RB_OK);
	ck_assert_str_eq(write_q(&q, true, false), "sort=price_desc");
	ck_assert_str_eq(write_q(&q, true, true), "");
}
END_TEST

/* parse(write(parse(x))) is the same query, and write is a fixed point. */
static void
round_trip(const char *qs, enum catalog_params_mode mode)
{
	struct catalog_query a, b;
	const char *w1, *w2;

	ck_assert_msg(parse(qs, mode, &a) == RB_OK, "\"%s\": %s", qs, err.msg);
	w1 = write_q(&a, false, false);
	ck_assert_msg(parse(w1, mode, &b) == RB_OK, "\"%s\" -> \"%s\": %s",
	    qs, w1, err.msg);
	w2 = write_q(&b, false, false);
	ck_assert_msg(strcmp(w1, w2) == 0, "\"%s\": \"%s\" then \"%s\"", qs,
	    w1, w2);
	ck_assert_uint_eq(a.nbrands, b.nbrands);
	ck_assert_uint_eq(a.grades, b.grades);
	ck_assert_uint_eq(a.nstorages, b.nstorages);
	ck_assert_uint_eq(a.nattrs, b.nattrs);
	ck_assert_int_eq(a.min_price, b.min_price);
	ck_assert_int_eq(a.max_price, b.max_price);
	ck_assert_int_eq(a.sort, b.sort);
	ck_assert_int_eq(a.page, b.page);
	ck_assert_int_eq(a.limit, b.limit);
	ck_assert_int_eq(a.has_cursor, b.has_cursor);
	if (a.has_cursor) {
		ck_assert_int_eq(a.cursor_key, b.cursor_key);
		ck_assert_int_eq(a.cursor_tie, b.cursor_tie);
	}
	if (a.q != NULL)
		ck_assert_str_eq(a.q, b.q);
	else
		ck_assert_ptr_null(b.q);
}

START_TEST(test_round_trip)
{
	round_trip("", CATALOG_PARAMS_CATEGORY);
	round_trip("grade=fair&brand=zte&brand=apple&os=iOS&os=Android&"
	    "screen_in=6.1&storage=512&storage=64&min_price=0&"
	    "max_price=9999999999&sort=newest&page=500",
	    CATALOG_PARAMS_CATEGORY);
	round_trip("q=caf%C3%A9+%22quoted%22+%26+more&brand=apple&"
	    "sort=price_desc", CATALOG_PARAMS_SEARCH);
	round_trip("q=x&category=smartphones&limit=100&sort=popular",
	    CATALOG_PARAMS_API);
	round_trip(cat("category=smartphones&limit=1&sort=price_asc&cursor=",
	    cursor(CATALOG_SORT_PRICE_ASC, INT64_MAX, INT64_MIN)),
	    CATALOG_PARAMS_API);
	round_trip(cat("q=pixel&cursor=", cursor(CATALOG_SORT_RELEVANCE, -3,
	    -4)), CATALOG_PARAMS_API_SEARCH);
	round_trip("chip=A17+Bionic&chip=%E2%82%AC%F0%9F%98%80&"
	    "utm_source=news", CATALOG_PARAMS_CATEGORY);
}
END_TEST

/* --- duplicates and caps ---------------------------------------------- */

START_TEST(test_duplicates)
{
	struct catalog_query q;

	/* A repeated value of a multi-valued filter counts once. */
	ck_assert_int_eq(parse("brand=apple&brand=apple&storage=64&"
	    "storage=64&grade=good&grade=good&os=iOS&os=iOS",
	    CATALOG_PARAMS_CATEGORY, &q), RB_OK);
	ck_assert_uint_eq(q.nbrands, 1);
	ck_assert_uint_eq(q.nstorages, 1);
	ck_assert_uint_eq(q.nattrs, 1);
	ck_assert_uint_eq(q.attrs[0].nvalues, 1);
	ck_assert_str_eq(write_q(&q, false, false),
	    "brand=apple&grade=good&storage=64&os=iOS");
	/* So many repeats of one value are no "too many values". */
	accepted(pieces(100, "brand=apple"), CATALOG_PARAMS_CATEGORY);

	/* A single-valued parameter given twice is an error, not a choice,
	 * even with the same value twice. */
	refused("sort=newest&sort=newest", CATALOG_PARAMS_CATEGORY, "sort");
	refused("sort=newest&sort=price_asc", CATALOG_PARAMS_CATEGORY, "sort");
	refused("page=2&page=3", CATALOG_PARAMS_CATEGORY, "page");
	refused("min_price=1&min_price=1", CATALOG_PARAMS_CATEGORY,
	    "min_price");
	refused("max_price=1&max_price=2", CATALOG_PARAMS_CATEGORY,
	    "max_price");
	refused("q=a&q=b", CATALOG_PARAMS_SEARCH, "q");
	refused("category=a&category=b", CATALOG_PARAMS_API, "category");
	refused("limit=5&limit=5", CATALOG_PARAMS_API, "limit");
	refused(cat(cat("cursor=", cursor(CATALOG_SORT_POPULAR, 1, 1)),
	    cat("&cursor=", cursor(CATALOG_SORT_POPULAR, 1, 1))),
	    CATALOG_PARAMS_API, "cursor");
	/* ... but an empty repeat is an absent one. */
	accepted("sort=newest&sort=", CATALOG_PARAMS_CATEGORY);
}
END_TEST

START_TEST(test_too_many_values)
{
	struct catalog_query q;

	ck_assert_int_eq(parse(pieces(CATALOG_MAX_VALUES, "brand=b%d"),
	    CATALOG_PARAMS_CATEGORY, &q), RB_OK);
	ck_assert_uint_eq(q.nbrands, CATALOG_MAX_VALUES);
	refused(pieces(CATALOG_MAX_VALUES + 1, "brand=b%d"),
	    CATALOG_PARAMS_CATEGORY, "brand");
	refused(pieces(1000, "brand=b%d"), CATALOG_PARAMS_CATEGORY, "brand");

	ck_assert_int_eq(parse(pieces(CATALOG_MAX_VALUES, "storage=1%d"),
	    CATALOG_PARAMS_CATEGORY, &q), RB_OK);
	ck_assert_uint_eq(q.nstorages, CATALOG_MAX_VALUES);
	refused(pieces(CATALOG_MAX_VALUES + 1, "storage=1%d"),
	    CATALOG_PARAMS_CATEGORY, "storage");

	accepted(pieces(CATALOG_MAX_VALUES, "os=v%d"), CATALOG_PARAMS_CATEGORY);
	refused(pieces(CATALOG_MAX_VALUES + 1, "os=v%d"),
	    CATALOG_PARAMS_CATEGORY, "os");

	/* Distinct attribute codes: at most CATALOG_MAX_VALUES filters. */
	ck_assert_int_eq(parse(pieces(CATALOG_MAX_VALUES, "a%d=v%d"),
	    CATALOG_PARAMS_CATEGORY, &q), RB_OK);
	ck_assert_uint_eq(q.nattrs, CATALOG_MAX_VALUES);
	refused(pieces(CATALOG_MAX_VALUES + 1, "a%d=v%d"),
	    CATALOG_PARAMS_CATEGORY, NULL);
	refused(pieces(1000, "a%d=v%d"), CATALOG_PARAMS_CATEGORY, NULL);

	/* Every grade, repeated, is four grades. */
	ck_assert_int_eq(parse("grade=premium&grade=excellent&grade=good&"
	    "grade=fair&grade=premium", CATALOG_PARAMS_CATEGORY, &q), RB_OK);
	ck_assert_uint_eq(q.grades, (1u << GRADE_COUNT) - 1);
}
END_TEST

/* --- numbers ---------------------------------------------------------- */

START_TEST(test_numbers)
{
	struct catalog_query q;

	ck_assert_int_eq(parse("page=500", CATALOG_PARAMS_CATEGORY, &q), RB_OK);
	ck_assert_int_eq(q.page, CATALOG_MAX_PAGE);
	ck_assert_int_eq(parse("limit=1", CATALOG_PARAMS_API, &q), RB_OK);
	ck_assert_int_eq(q.limit, 1);
	ck_assert_int_eq(parse("limit=100", CATALOG_PARAMS_API, &q), RB_OK);
	ck_assert_int_eq(q.limit, CATALOG_MAX_LIMIT);
	ck_assert_int_eq(parse("min_price=0&max_price=9999999999",
	    CATALOG_PARAMS_CATEGORY, &q), RB_OK);
	ck_assert_int_eq(q.min_price, 0);
	ck_assert_int_eq(q.max_price, 9999999999LL);
	ck_assert_int_eq(parse("min_price=500&max_price=500",
	    CATALOG_PARAMS_CATEGORY, &q), RB_OK);
	ck_assert_int_eq(parse("storage=1048576", CATALOG_PARAMS_CATEGORY,
	    &q), RB_OK);

	static const char *const pages[] = { "0", "-1", "501", "99999",
		"1.0", "1e2", "+1", " 1", "1 ", "0x10", "01x", "abc",
		"9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "99999999999999999999999999",
		"%EF%BC%91" /* fullwidth 1 */ };
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		refused(cat("page=", pages[i]), CATALOG_PARAMS_CATEGORY,
		    "page");
		refused(cat("limit=", pages[i]), CATALOG_PARAMS_API, "limit");
		if (strcmp(pages[i], "501") != 0 &&
		    strcmp(pages[i], "99999") != 0) /* sizes in GB */
			refused(cat("storage=", pages[i]),
			    CATALOG_PARAMS_CATEGORY, "storage");
	}
	refused("limit=101", CATALOG_PARAMS_API, "limit");
	refused("storage=1048577", CATALOG_PARAMS_CATEGORY, "storage");
	refused("storage=64GB", CATALOG_PARAMS_CATEGORY, "storage");

	static const char *const prices[] = { "-1", "10000000000", "1.50",
		"1,50", "$1", "1e3", "9223372036854775808", "-0x1", "NaN",
		"Infinity", "18446744073709551616" };
	for (size_t i = 0; i < sizeof(prices) / sizeof(prices[0]); i++) {
		refused(cat("min_price=", prices[i]), CATALOG_PARAMS_CATEGORY,
		    "min_price");
		refused(cat("max_price=", prices[i]), CATALOG_PARAMS_API,
		    "max_price");
	}
	refused("min_price=501&max_price=500", CATALOG_PARAMS_CATEGORY,
	    "min_price");
	refused("max_price=0&min_price=1", CATALOG_PARAMS_API, "min_price");
}
END_TEST

/* --- names and shapes --------------------------------------------------- */

START_TEST(test_unknown_parameters)
{
	/* Parameters of other modes. */
	refused("q=iphone", CATALOG_PARAMS_CATEGORY, "q");
	refused("category=smartphones", CATALOG_PARAMS_CATEGORY, "category");
	refused("limit=10", CATALOG_PARAMS_CATEGORY, "limit");
	refused("limit=10", CATALOG_PARAMS_SEARCH, "limit");
	refused(cat("cursor=", cursor(CATALOG_SORT_POPULAR, 1, 2)),
	    CATALOG_PARAMS_CATEGORY, "cursor");
	refused(cat("q=x&cursor=", cursor(CATALOG_SORT_RELEVANCE, 1, 2)),
	    CATALOG_PARAMS_SEARCH, "cursor");
	accepted("q=iphone&category=smartphones", CATALOG_PARAMS_API);
	accepted("q=iphone&category=smartphones", CATALOG_PARAMS_API_SEARCH);

	/* Keys that cannot be attribute codes. */
	static const char *const keys[] = { "OS", "Brand", "_x", "a-b", "a.b",
		"a%20", "zzz%20", "%20zzz", "a%2Fb", "a%5B%5D", "brand%5B%5D",
		"%C3%A9cran", "a%09b", "os%3D", "%E2%80%8Bos" /* ZWSP */ };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		refused(cat(keys[i], "=1"), CATALOG_PARAMS_CATEGORY, NULL);
	/* Codes are at most 40 bytes, as in the schema. */
	accepted(cat(repeat('a', 40), "=1"), CATALOG_PARAMS_CATEGORY);
	refused(cat(repeat('a', 41), "=1"), CATALOG_PARAMS_CATEGORY, NULL);
	refused(cat(repeat('a', 200), "=1"), CATALOG_PARAMS_CATEGORY, NULL);
	/* An attribute value is at most 100 bytes; the field named in the
	 * error fits the error however long the code is. */
	accepted(cat("os=", repeat('x', 100)), CATALOG_PARAMS_CATEGORY);
	refused(cat("os=", repeat('x', 101)), CATALOG_PARAMS_CATEGORY, "os");
	refused(cat(cat(repeat('b', 40), "="), repeat('x', 101)),
	    CATALOG_PARAMS_CATEGORY, NULL);
	ck_assert_uint_lt(strlen(err.field), sizeof(err.field));

	/* Campaign tags are not ours: never an error, never in the URL. */
	canon_eq("utm_source=news&brand=apple&utm_medium=email&"
	    "utm_campaign=%E2%82%AC", CATALOG_PARAMS_CATEGORY, "brand=apple");
}
END_TEST

START_TEST(test_bad_values)
{
	/* Brand slugs: [a-z0-9-], 1..160 bytes. */
	static const char *const brands[] = { "Apple", "app+le", "app%20le",
		"app_le", "apple%00", "%C3%A9", "a%2F..%2Fb", "apple%27--",
		"a.b" };
	for (size_t i = 0; i < sizeof(brands) / sizeof(brands[0]); i++)
		refused(cat("brand=", brands[i]), CATALOG_PARAMS_CATEGORY,
		    NULL);
	accepted(cat("brand=", repeat('a', 160)), CATALOG_PARAMS_CATEGORY);
	refused(cat("brand=", repeat('a', 161)), CATALOG_PARAMS_CATEGORY,
	    "brand");
	refused(cat("category=", repeat('a', 161)), CATALOG_PARAMS_API,
	    "category");
	refused("category=Smartphones", CATALOG_PARAMS_API, "category");

	static const char *const grades[] = { "mint", "Premium", "GOOD",
		"good%20", "goo", "goodd", "4", "grade" };
	for (size_t i = 0; i < sizeof(grades) / sizeof(grades[0]); i++)
		refused(cat("grade=", grades[i]), CATALOG_PARAMS_CATEGORY,
		    "grade");

	static const char *const sorts[] = { "bogus", "Popular", "price",
		"price_asc%20", "price-asc", "newest%00", "relevance" };
	for (size_t i = 0; i < sizeof(sorts) / sizeof(sorts[0]); i++)
		refused(cat("sort=", sorts[i]), CATALOG_PARAMS_CATEGORY,
		    "sort");
	/* relevance needs a text to be relevant to. */
	refused("sort=relevance", CATALOG_PARAMS_API, "sort");
	accepted("q=x&sort=relevance", CATALOG_PARAMS_API);

	/* Search text: required where it is the point, 200 bytes at most. */
	refused("", CATALOG_PARAMS_SEARCH, "q");
	refused("q=", CATALOG_PARAMS_API_SEARCH, "q");
	refused("brand=apple", CATALOG_PARAMS_API_SEARCH, "q");
	accepted(cat("q=", repeat('a', 200)), CATALOG_PARAMS_SEARCH);
	refused(cat("q=", repeat('a', 201)), CATALOG_PARAMS_SEARCH, "q");
	/* 67 three-byte characters: 201 bytes. */
	refused(cat("q=", times(67, "%E2%82%AC")), CATALOG_PARAMS_SEARCH,
	    "q");
	accepted(cat("q=", times(66, "%E2%82%AC")), CATALOG_PARAMS_SEARCH);
}
END_TEST

/* What rb_form_parse refuses never reaches the catalog; what it lets
 * through the catalog must handle. */
START_TEST(test_hostile_bytes)
{
	struct catalog_query q;

	refused("brand=%00", CATALOG_PARAMS_CATEGORY, NULL);
	refused("q=%ff", CATALOG_PARAMS_SEARCH, NULL);
	refused("q=a%00b", CATALOG_PARAMS_SEARCH, NULL);
	refused("os=%C0%AF", CATALOG_PARAMS_CATEGORY, NULL);
	refused("%ff=1", CATALOG_PARAMS_CATEGORY, NULL);
	/* Text that means something to SQL or tsquery is just text. */
	ck_assert_int_eq(parse("q=%27%3B+drop+table+x%3B--+%21%26%7C%3A*%28",
	    CATALOG_PARAMS_SEARCH, &q), RB_OK);
	ck_assert_str_eq(q.q, "'; drop table x;-- !&|:*(");
	accepted("os=%27+OR+1%3D1--", CATALOG_PARAMS_CATEGORY);
	/* A long query of pieces the catalog ignores. */
	accepted(pieces(900, "utm_x%d=%d"), CATALOG_PARAMS_CATEGORY);
}
END_TEST

/* --- cursors ------------------------------------------------------------ */

START_TEST(test_sort_names)
{
	static const char *const names[CATALOG_SORT_COUNT] = { "popular",
		"price_asc", "price_desc", "newest", "relevance" };

	for (int i = 0; i < CATALOG_SORT_COUNT; i++) {
		ck_assert_int_eq(catalog_sort_parse(names[i], strlen(names[i])),
		    i);
		ck_assert_str_eq(catalog_sort_name((enum catalog_sort)i),
		    names[i]);
	}
	ck_assert_int_eq(catalog_sort_parse("", 0), -1);
	ck_assert_int_eq(catalog_sort_parse("price", 5), -1);
	ck_assert_int_eq(catalog_sort_parse("price_asc", 5), -1);
	ck_assert_int_eq(catalog_sort_parse("POPULAR", 7), -1);
	ck_assert_int_eq(catalog_sort_parse("popular ", 8), -1);
	ck_assert_int_eq(catalog_sort_parse("popular\0", 8), -1);
	ck_assert_int_eq(catalog_sort_parse("newestXYZ", 6),
	    CATALOG_SORT_NEWEST);
	ck_assert_int_eq(catalog_sort_parse("price_ascending", 15), -1);
	ck_assert_str_eq(catalog_sort_name(CATALOG_SORT_COUNT), "popular");
	ck_assert_str_eq(catalog_sort_name((enum catalog_sort)-1), "popular");
}
END_TEST

START_TEST(test_cursor_round_trip)
{
	static const int64_t vals[] = { 0, 1, -1, 42, -6856, 1490,
		9999999999LL, INT64_MAX, INT64_MIN, INT64_MIN + 1 };
	size_t n = sizeof(vals) / sizeof(vals[0]);

	for (int s = 0; s < CATALOG_SORT_COUNT; s++)
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < n; j++) {
				const char *c = cursor((enum catalog_sort)s,
				    vals[i], vals[j]);
				int64_t key = 7, tie = 7;

				/* base64url, no padding: safe in a URL. */
				ck_assert_uint_eq(strspn(c, "ABCDEFGHIJKLMNOP"
				    "QRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				    "0123456789-_"), strlen(c));
				ck_assert_int_eq(decode(c, (enum catalog_sort)s,
				    &key, &tie), RB_OK);
				ck_assert_int_eq(key, vals[i]);
				ck_assert_int_eq(tie, vals[j]);
			}
	/* Opaque, but what the header says it is. */
	ck_assert_str_eq(cursor(CATALOG_SORT_POPULAR, -6856, -1490),
	    "cG9wdWxhci4tNjg1Ni4tMTQ5MA");
}
END_TEST

START_TEST(test_cursor_other_sort)
{
	for (int s = 0; s < CATALOG_SORT_COUNT; s++)
		for (int t = 0; t < CATALOG_SORT_COUNT; t++) {
			if (s == t)
				continue;
			cursor_refused(cursor((enum catalog_sort)s, 5, 6),
			    (enum catalog_sort)t);
		}
	/* Through the parameters too, whichever comes first. */
	const char *c = cursor(CATALOG_SORT_PRICE_ASC, 1999, 12);
	struct catalog_query q;

	refused(cat("cursor=", c), CATALOG_PARAMS_API, "cursor");
	refused(cat("sort=newest&cursor=", c), CATALOG_PARAMS_API, "cursor");
	refused(cat(cat("cursor=", c), "&sort=price_desc"), CATALOG_PARAMS_API,
	    "cursor");
	ck_assert_int_eq(parse(cat(cat("cursor=", c), "&sort=price_asc"),
	    CATALOG_PARAMS_API, &q), RB_OK);
	ck_assert(q.has_cursor);
	ck_assert_int_eq(q.cursor_key, 1999);
	ck_assert_int_eq(q.cursor_tie, 12);
	/* A search's default sort is relevance: a popular cursor is not. */
	refused(cat("q=x&cursor=", cursor(CATALOG_SORT_POPULAR, 1, 2)),
	    CATALOG_PARAMS_API_SEARCH, "cursor");
	accepted(cat("q=x&cursor=", cursor(CATALOG_SORT_RELEVANCE, 1, 2)),
	    CATALOG_PARAMS_API_SEARCH);
}
END_TEST

START_TEST(test_cursor_garbage)
{
	const char *good = cursor(CATALOG_SORT_NEWEST, -1700000000, -77);
	size_t n = strlen(good);

	/* Every strict prefix is refused, but for the one that still
	 * decodes to two numbers (21 of the 22 bytes: a shorter tie). */
	ck_assert_uint_eq(n, 30);
	for (size_t i = 0; i < n; i++) {
		int64_t key = 7, tie = 7;
		char *p = rb_arena_alloc(&arena, i + 1);
		int rc;

		memcpy(p, good, i);
		p[i] = '\0';
		rc = catalog_cursor_decode(p, i, CATALOG_SORT_NEWEST, &key,
		    &tie);
		if (i == 28 && rc == RB_OK) {
			ck_assert_int_eq(key, -1700000000);
			ck_assert_int_eq(tie, -7);
		} else {
			ck_assert_msg(rc == RB_INVALID, "prefix %zu \"%s\" "
			    "accepted: %lld %lld", i, p, (long long)key,
			    (long long)tie);
		}
	}
	cursor_refused("", CATALOG_SORT_POPULAR);
	cursor_refused("garbage", CATALOG_SORT_POPULAR);
	cursor_refused("!!!!", CATALOG_SORT_POPULAR);
	cursor_refused("cG9wdWxhci4tNjg1Ni4tMTQ5MA==", CATALOG_SORT_POPULAR);
	cursor_refused("cG9wdWxhci4tNjg1Ni4tMTQ5MA%3D", CATALOG_SORT_POPULAR);
	cursor_refused("cG9wdWxhci4tNjg1Ni4tMTQ5MA ", CATALOG_SORT_POPULAR);
	cursor_refused(" cG9wdWxhci4tNjg1Ni4tMTQ5MA", CATALOG_SORT_POPULAR);
	cursor_refused("cG9wdWxhci4tNjg1Ni4tMTQ5M", CATALOG_SORT_POPULAR);
	cursor_refused("cG9wdWxhci4+Njg1Ni4tMTQ5MA", CATALOG_SORT_POPULAR);
	cursor_refused("cG9wdWxhci4/Njg1Ni4tMTQ5MA", CATALOG_SORT_POPULAR);
	cursor_refused(cat(good, "A"), CATALOG_SORT_NEWEST);
	cursor_refused(cat(good, good), CATALOG_SORT_NEWEST);
	cursor_refused(repeat('A', 128), CATALOG_SORT_POPULAR);
	cursor_refused(repeat('A', 129), CATALOG_SORT_POPULAR);
	cursor_refused(repeat('A', 100000), CATALOG_SORT_POPULAR);
	/* The length is what counts, not a NUL inside. */
	{
		int64_t key, tie;
		char buf[64];

		memcpy(buf, good, n);
		buf[n] = '\0';
		memcpy(buf + n + 1, "AAAA", 5);
		ck_assert_int_eq(catalog_cursor_decode(buf, n + 5,
		    CATALOG_SORT_NEWEST, &key, &tie), RB_INVALID);
		ck_assert_int_eq(catalog_cursor_decode(buf, n,
		    CATALOG_SORT_NEWEST, &key, &tie), RB_OK);
	}

	/* Well-formed base64 of payloads that are not cursors. */
	static const char *const raws[] = { "price_asc", "price_asc.",
		"price_asc.5", "price_asc.5.", "price_asc..5", "price_asc.5..",
		".5.6", "price_asc.a.6", "price_asc.5.b", "price_asc.5.6.7",
		"price_asc.+5.6", "price_asc. 5.6", "price_asc.5.6 ",
		"price_asc.5.0x6", "price_asc.-.6", "price_asc.--5.6",
		"price_asc.9223372036854775808.1",
		"price_asc.1.-9223372036854775809",
		"price_asc.18446744073709551616.1",
		"PRICE_ASC.5.6",
		"price_ascx.5.6", "price_as.5.6", "xprice_asc.5.6",
		"price_asc.\xd9\xa5.6" /* Arabic-Indic digit */ };
	for (size_t i = 0; i < sizeof(raws) / sizeof(raws[0]); i++)
		raw_refused(raws[i], CATALOG_SORT_PRICE_ASC);
	/* A NUL in the payload ends nothing. */
	{
		static const char raw[] = "price_asc.5\0.6";
		int64_t key, tie;
		const char *s = b64(raw, sizeof(raw) - 1);

		ck_assert_int_eq(decode(s, CATALOG_SORT_PRICE_ASC, &key, &tie),
		    RB_INVALID);
	}
	/* Payloads at and past the decoder's buffer. */
	for (size_t len = 90; len <= 140; len++) {
		int64_t key, tie;
		const char *raw = cat("popular.1.", repeat('1', len - 10));

		ck_assert_int_eq(decode(b64(raw, len), CATALOG_SORT_POPULAR,
		    &key, &tie), RB_INVALID);
	}
	/* Hand-made but valid: accepted (the format is the contract). */
	{
		int64_t key, tie;

		ck_assert_int_eq(decode(b64("price_asc.-9223372036854775808.0",
		    32), CATALOG_SORT_PRICE_ASC, &key, &tie), RB_OK);
		ck_assert_int_eq(key, INT64_MIN);
		ck_assert_int_eq(tie, 0);
	}
}
END_TEST

/* Best offer per grade: lowest price, then higher seller score, then the
 * older offer; the input order never matters. */
START_TEST(test_best_offers)
{
	const struct catalog_rank_offer in[] = {
		{ GRADE_GOOD, 30000, 9000, 7 },
		{ GRADE_GOOD, 29999, 5000, 9 },	     /* cheapest good */
		{ GRADE_FAIR, 20000, 8000, 4 },
		{ GRADE_FAIR, 20000, 9500, 5 },	     /* same price, better score */
		{ GRADE_PREMIUM, 50000, 9000, 3 },
		{ GRADE_PREMIUM, 50000, 9000, 2 },  /* full tie: older wins */
		{ 99, 1, 10000, 1 },		     /* not a grade: ignored */
	};
	const size_t n = sizeof(in) / sizeof(in[0]);
	struct catalog_rank_offer rev[sizeof(in) / sizeof(in[0])];
	int best[GRADE_COUNT], best_rev[GRADE_COUNT];

	catalog_best_offers(in, n, best, GRADE_COUNT);
	ck_assert_int_eq(best[GRADE_GOOD], 1);
	ck_assert_int_eq(best[GRADE_FAIR], 3);
	ck_assert_int_eq(best[GRADE_PREMIUM], 5);
	ck_assert_int_eq(best[GRADE_EXCELLENT], -1);
	for (size_t i = 0; i < n; i++)
		rev[i] = in[n - 1 - i];
	catalog_best_offers(rev, n, best_rev, GRADE_COUNT);
	for (int g = 0; g < GRADE_COUNT; g++) {
		if (best[g] < 0) {
			ck_assert_int_eq(best_rev[g], -1);
			continue;
		}
		ck_assert_int_eq(rev[best_rev[g]].id, in[best[g]].id);
	}
	catalog_best_offers(NULL, 0, best, GRADE_COUNT);
	for (int g = 0; g < GRADE_COUNT; g++)
		ck_assert_int_eq(best[g], -1);
}
END_TEST

static Suite *
catalog_suite(void)
{
	Suite *s = suite_create("catalog");
	TCase *tc = tcase_create("params");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_canonical_order);
	tcase_add_test(tc, test_canonical_api_and_search);
	tcase_add_test(tc, test_without_page_and_sort);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_too_many_values);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_unknown_parameters);
	tcase_add_test(tc, test_bad_values);
	tcase_add_test(tc, test_hostile_bytes);
	suite_add_tcase(s, tc);
	tc = tcase_create("cursor");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sort_names);
	tcase_add_test(tc, test_cursor_round_trip);
	tcase_add_test(tc, test_cursor_other_sort);
	tcase_add_test(tc, test_cursor_garbage);
	suite_add_tcase(s, tc);
	tc = tcase_create("ranking");
	tcase_add_test(tc, test_best_offers);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	if (sodium_init() < 0)
		return EXIT_FAILURE;
	return rb_check_run(catalog_suite());
}
