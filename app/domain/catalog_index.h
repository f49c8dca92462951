/*
 * A listing's candidate products, filtered, counted per facet and sorted
 * in the worker: the rows are product_prices.listing_row texts (see
 * sql/migrations/0005_listing_rows.sql), a few hundred for a category.
 * Private to app/domain/catalog_*.c; no database here, so the unit tests
 * run it on rows they write themselves.
 */
#ifndef RB_DOMAIN_CATALOG_INDEX_H
#define RB_DOMAIN_CATALOG_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/catalog.h"
#include "domain/grade.h"

struct rb_arena;

#define CATALOG_ROW_STORAGES 12

struct catalog_row {
	int64_t id;
	int brand, category, popularity, released, offers; /* released: days
							       since 1970 */
	int64_t price[GRADE_COUNT]; /* lowest live price; -1: none */
	int storages[CATALOG_ROW_STORAGES];
	size_t nstorages;
	const char *attrs;	/* "code US value RS code US value" */
	size_t attrs_len;
	int64_t relevance;	/* search rank x 10^6; 0 in a category */
	/* What catalog_index_run works out. */
	int64_t eff;		/* the price shown: cheapest asked-for grade */
	unsigned fails;		/* bit j: attribute filter j not met */
	bool b_ok, g_ok, s_ok, p_ok;
	int64_t sk, st;		/* the sort key pair, ascending */
};

/* A strict decimal integer of s[0..len): optional '-', 1..18 digits. */
bool catalog_parse_i64(const char *s, size_t len, int64_t *out);

/* Parses one listing row; RB_OK or RB_INVALID. r->attrs points into s. */
int catalog_row_parse(const char *s, size_t len, int64_t relevance,
    struct catalog_row *r);

/* The value of attribute code in a row ("6.1"); false when it has none. */
bool catalog_row_attr(const struct catalog_row *r, const char *code,
    const char **value, size_t *len);

/* A count per value of one facet: brand or category id, storage size, or
 * an attribute (facet = its index in the codes given) and value text. */
struct catalog_tally_entry {
	int facet;
	int64_t key;
	const char *value;
	size_t len;
	int64_t count;
};
struct catalog_tally {
	struct catalog_tally_entry *slot;
	size_t cap, n;
};

/* Adds count (> 0) to the entry of (facet, key, value[0..len)); value is
 * kept as a pointer. */
void catalog_tally_add(struct rb_arena *a, struct catalog_tally *t,
    int facet, int64_t key, const char *value, size_t len, int64_t count);

/* What the listing asks for, in the index's terms. */
struct catalog_filter {
	const struct catalog_query *q;	/* grades, storages, prices, attrs,
					   sort, cursor */
	const int *brands;		/* brand ids of q->brands */
	size_t nbrands;
	bool attr_number[CATALOG_MAX_VALUES]; /* q->attrs[j] compares as a
						 decimal */
	const char *const *codes;	/* the attribute facets to count (at
					   most CATALOG_MAX_VALUES * 2) */
	size_t ncodes;
};

struct catalog_counts {
	int64_t total;			/* rows every filter keeps */
	int64_t grade[GRADE_COUNT];
	bool has_price;
	int64_t price_min, price_max;	/* of rows every filter but the
					   price range keeps */
	struct catalog_tally brands, categories, storages, attrs;
	struct catalog_row **hits;	/* kept rows after the cursor: up to
					   the query's page (or limit after
					   a cursor) sorted, the rest not */
	size_t nhits;
};

/*
 * Filters rows, counts each facet with every filter but its own (so a
 * shopper sees what choosing another value would give), and sorts the
 * rows every filter keeps by the asked-for order, as far as the query's
 * page reaches.
 */
void catalog_index_run(struct rb_arena *a, struct catalog_row *rows,
    size_t n, const struct catalog_filter *f, struct catalog_counts *out);

/* The price r shows for q (r->eff) and its sort key pair, as the index
 * works them out: for rows read without it (a page from the sort's index). */
void catalog_row_rank(struct catalog_row *r, const struct catalog_query *q);

/*
 * The counts of a listing without filters from its summary (see
 * sql/migrations/0008_listing_summaries.sql): what catalog_index_run
 * counts for the same rows, with no hits. Values point into s. RB_OK, or
 * RB_INVALID for a malformed summary.
 */
int catalog_summary_parse(struct rb_arena *a, const char *s, size_t len,
    const struct catalog_filter *f, struct catalog_counts *out);

/* Visits each tally entry; order unspecified. */
#define CATALOG_TALLY_EACH(t, e)                                             \
	for (struct catalog_tally_entry *e = (t)->slot;                       \
	     (t)->slot != NULL && e < (t)->slot + (t)->cap; e++)              \
		if (e->count > 0)

/* "6.10" and "6.1", "07" and "7": the same decimal. */
bool catalog_decimal_eq(const char *a, size_t alen, const char *b,
    size_t blen);

#endif
