/*
 * What the catalog's views share: sort names, keyset cursors, money
 * objects and the cache namespaces a change of an offer invalidates.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/money.h"
#include "domain/catalog.h"
#include "domain/market.h"

static const char *const sort_names[CATALOG_SORT_COUNT] = {
	[CATALOG_SORT_POPULAR] = "popular",
	[CATALOG_SORT_PRICE_ASC] = "price_asc",
	[CATALOG_SORT_PRICE_DESC] = "price_desc",
	[CATALOG_SORT_NEWEST] = "newest",
	[CATALOG_SORT_RELEVANCE] = "relevance",
};

int
catalog_sort_parse(const char *s, size_t len)
{
	for (int i = 0; i < CATALOG_SORT_COUNT; i++)
		if (strlen(sort_names[i]) == len &&
		    memcmp(sort_names[i], s, len) == 0)
			return i;
	return -1;
}

const char *
catalog_sort_name(enum catalog_sort s)
{
	return (unsigned)s < CATALOG_SORT_COUNT ? sort_names[s] : "popular";
}

#define CURSOR_MAX 96 /* "relevance.-9223372036854775808.-92233..." */

void
catalog_cursor_encode(struct rb_buf *out, enum catalog_sort sort,
    int64_t key, int64_t tie)
{
	char raw[CURSOR_MAX];
	char enc[sodium_base64_ENCODED_LEN(CURSOR_MAX,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	int n = snprintf(raw, sizeof(raw), "%s.%" PRId64 ".%" PRId64,
	    catalog_sort_name(sort), key, tie);

	sodium_bin2base64(enc, sizeof(enc), (const unsigned char *)raw,
	    (size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	rb_buf_puts(out, enc);
}

/* A strict int64: optional '-', 1-19 digits, no overflow. */
static int
parse_i64(const char *s, const char *end, int64_t *out)
{
	bool neg = false;
	uint64_t v = 0, lim;

	if (s < end && *s == '-') {
		neg = true;
		s++;
	}
	if (s == end || end - s > 19)
		return RB_INVALID;
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; s < end; s++) {
		if (!isdigit((unsigned char)*s))
			return RB_INVALID;
		if (v > (lim - (uint64_t)(*s - '0')) / 10)
			return RB_INVALID;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (neg)
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	else
		*out = (int64_t)v;
	return RB_OK;
}

int
catalog_cursor_decode(const char *s, size_t len, enum catalog_sort sort,
    int64_t *key, int64_t *tie)
{
	unsigned char raw[CURSOR_MAX + 1];
	size_t n;
	const char *end, *dot1, *dot2, *name = catalog_sort_name(sort);
	const char *tail;

	if (len == 0 || len > sodium_base64_ENCODED_LEN(CURSOR_MAX,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING))
		return RB_INVALID;
	if (sodium_base642bin(raw, CURSOR_MAX, s, len, NULL, &n, &tail,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    tail != s + len)
		return RB_INVALID;
	raw[n] = '\0';
	end = (const char *)raw + n;
	if ((dot1 = memchr(raw, '.', n)) == NULL ||
	    (dot2 = memchr(dot1 + 1, '.', (size_t)(end - dot1 - 1))) == NULL)
		return RB_INVALID;
	if ((size_t)(dot1 - (const char *)raw) != strlen(name) ||
	    memcmp(raw, name, strlen(name)) != 0)
		return RB_INVALID;
	if (parse_i64(dot1 + 1, dot2, key) != RB_OK ||
	    parse_i64(dot2 + 1, end, tie) != RB_OK)
		return RB_INVALID;
	return RB_OK;
}

void
catalog_lang(const struct rb_market *m, char out[3])
{
	out[0] = (char)tolower((unsigned char)m->locale[0]);
	out[1] = (char)tolower((unsigned char)m->locale[1]);
	out[2] = '\0';
}

/* The formatted amount, in the arena. */
static struct rb_str
formatted(struct rb_arena *a, const struct rb_market *m, int64_t amount)
{
	struct rb_buf b;

	rb_buf_init(&b, a);
	rb_money_format(&b, amount, m->currency, m->locale);
	return rb_buf_str(&b);
}

struct json_object *
catalog_money(struct rb_arena *a, const struct rb_market *m, int64_t amount)
{
	struct json_object *o = json_object_new_object();
	struct rb_str f = formatted(a, m, amount);

	rb_json_put(o, "amount", json_object_new_int64(amount));
	rb_json_put(o, "currency",
	    json_object_new_string(m->currency));
	rb_json_put(o, "formatted",
	    json_object_new_string_len(f.ptr, (int)f.len));
	return o;
}

struct rb_val
catalog_price(struct rb_arena *a, const struct rb_market *m, int64_t amount)
{
	struct rb_val o = rb_val_obj(a, 3);

	rb_val_put(a, o, "amount", rb_val_int(amount));
	rb_val_put(a, o, "currency", rb_val_str(m->currency));
	rb_val_put(a, o, "formatted", rb_val_strn(formatted(a, m, amount)));
	return o;
}

const char *
catalog_ns_market(struct rb_arena *a, const char *market)
{
	return rb_arena_printf(a, "cat:m:%s", market);
}

const char *
catalog_ns_category(struct rb_arena *a, const char *market, const char *slug)
{
	return rb_arena_printf(a, "cat:c:%s:%s", market, slug);
}

const char *
catalog_ns_product(struct rb_arena *a, const char *slug)
{
	return rb_arena_printf(a, "cat:p:%s", slug);
}

/* Does a rank before b? */
static bool
ranks_before(const struct catalog_rank_offer *a,
    const struct catalog_rank_offer *b)
{
	if (a->price != b->price)
		return a->price < b->price;
	if (a->quality_score != b->quality_score)
		return a->quality_score > b->quality_score;
	return a->id < b->id;
}

void
catalog_best_offers(const struct catalog_rank_offer *offers, size_t n,
    int best[], size_t ngrades)
{
	for (size_t g = 0; g < ngrades; g++)
		best[g] = -1;
	for (size_t i = 0; i < n; i++) {
		int g = offers[i].grade;

		if (g < 0 || (size_t)g >= ngrades)
			continue;
		if (best[g] < 0 || ranks_before(&offers[i], &offers[best[g]]))
			best[g] = (int)i;
	}
}
