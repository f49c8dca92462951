/*
 * The shopper's read path: listings (category and search) with facets,
 * the product page, the home page's lists, the category tree and the
 * sitemap. Each builds the view model both the HTML pages and the JSON
 * API show (DESIGN.md §4), as json-c objects owned by the request arena.
 * Money in them is {"amount", "currency", "formatted"}.
 */
#ifndef RB_DOMAIN_CATALOG_H
#define RB_DOMAIN_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "core/val.h"

struct rb_arena;
struct rb_buf;
struct rb_ctx;
struct rb_market;

enum catalog_sort {
	CATALOG_SORT_POPULAR,
	CATALOG_SORT_PRICE_ASC,
	CATALOG_SORT_PRICE_DESC,
	CATALOG_SORT_NEWEST,
	CATALOG_SORT_RELEVANCE, /* only with a search text */
	CATALOG_SORT_COUNT
};

#define CATALOG_MAX_VALUES 16	/* values of one filter, filters of a kind */
#define CATALOG_MAX_LIMIT 100
#define CATALOG_PAGE_SIZE 24
#define CATALOG_MAX_PAGE 500
#define CATALOG_MAX_Q 200	/* bytes of a search text */

struct catalog_attr_filter {
	const char *code;	/* an attribute code: "screen_in" */
	const char *values[CATALOG_MAX_VALUES];
	size_t nvalues;
};

/* One listing request: what the URL says, already checked for shape. */
struct catalog_query {
	const char *category;	/* slug in the market's language, or NULL */
	const char *q;		/* search text, or NULL */
	const char *brands[CATALOG_MAX_VALUES]; /* brand slugs */
	size_t nbrands;
	unsigned grades;	/* bit (1 << enum grade) per grade asked for */
	int storages[CATALOG_MAX_VALUES];
	size_t nstorages;
	int64_t min_price, max_price; /* minor units; -1: no bound */
	struct catalog_attr_filter attrs[CATALOG_MAX_VALUES];
	size_t nattrs;
	enum catalog_sort sort;
	int limit;		/* items per page */
	int page;		/* 1-based; ignored with a cursor */
	bool has_cursor;	/* keyset pagination (API) */
	int64_t cursor_key, cursor_tie;
};

/* "price_asc" -> CATALOG_SORT_PRICE_ASC; -1 when unknown. */
int catalog_sort_parse(const char *s, size_t len);
const char *catalog_sort_name(enum catalog_sort s);

/*
 * Keyset cursors: an opaque token carrying the sort it was made for and
 * the position after the last item, "<sort>.<key>.<tie>" in base64url.
 * decode: RB_OK, or RB_INVALID (malformed, or made for another sort).
 */
void catalog_cursor_encode(struct rb_buf *out, enum catalog_sort sort,
    int64_t key, int64_t tie);
int catalog_cursor_decode(const char *s, size_t len, enum catalog_sort sort,
    int64_t *key, int64_t *tie);

/*
 * A listing: {"category"|null, "breadcrumbs", "items", "total",
 * "next_cursor", "facets", "query", "corrected_query", "page", "pages"}.
 * RB_DECLINED: no such category (*why "category"), or a page past the
 * last (*why NULL). RB_INVALID: a brand or attribute the
 * catalog does not know, or an attribute value of the wrong type (*why
 * names it). RB_ERROR: the database failed.
 */
int catalog_listing(struct rb_ctx *ctx, const struct rb_market *m,
    const struct catalog_query *q, struct json_object **out,
    const char **why);

/*
 * A product page's model for one variant (sku NULL: the variant with the
 * cheapest live offer). RB_DECLINED: no such product, or no such variant.
 */
int catalog_product(struct rb_ctx *ctx, const struct rb_market *m,
    const char *slug, const char *sku, struct json_object **out);

/* The category tree with product counts: {"items": [...]}. */
int catalog_categories(struct rb_ctx *ctx, const struct rb_market *m,
    struct json_object **out);

/* Home: {"categories", "deals", "recent"}. */
int catalog_home(struct rb_ctx *ctx, const struct rb_market *m,
    struct json_object **out);

/* Every product on sale in the market: {"products": [{"slug",
 * "lastmod"}], "categories": [...]}. */
int catalog_sitemap(struct rb_ctx *ctx, const struct rb_market *m,
    struct json_object **out);

/*
 * Changes an offer's price, stock or status (NULL / negative: unchanged)
 * and makes every cached page that shows it stale. RB_OK, RB_DECLINED (no
 * such offer), RB_INVALID (a value the schema refuses), RB_ERROR.
 */
struct catalog_offer_change {
	int64_t price;	    /* minor units, > 0; -1: unchanged */
	int stock;	    /* >= 0; -1: unchanged */
	const char *status; /* "active", "paused", "archived"; NULL */
};
int catalog_offer_update(struct rb_ctx *ctx, int64_t offer_id,
    const struct catalog_offer_change *c);

/*
 * The best offer per grade (DESIGN.md §5): among the live offers of one
 * variant, the lowest price, ties to the higher seller quality score,
 * then to the older offer (lower id), so the answer never depends on
 * the order offers arrive in. best[g] is an index into offers, or -1 when
 * grade g has none.
 */
struct catalog_rank_offer {
	int grade;	   /* enum grade */
	int64_t price;	   /* minor units */
	int quality_score; /* basis points */
	int64_t id;
};
void catalog_best_offers(const struct catalog_rank_offer *offers, size_t n,
    int best[], size_t ngrades);

/* The language code of a market ("fr" for fr_FR). */
void catalog_lang(const struct rb_market *m, char out[3]);

/*
 * {"amount", "currency", "formatted"} in the market's locale: as json-c
 * for views still built of it, as a val (core/val.h) for the rest.
 */
struct json_object *catalog_money(struct rb_arena *a,
    const struct rb_market *m, int64_t amount);
struct rb_val catalog_price(struct rb_arena *a, const struct rb_market *m,
    int64_t amount);

/*
 * Cache namespaces (rb_cache_ns_version) of what shows offers: the
 * market's home, search and unfiltered API lists; one category's
 * listings; one product's page. catalog_offer_update bumps the ones a
 * change touches; CATALOG_NS_ALL is bumped by whatever rewrites the
 * catalog wholesale (seeding).
 */
#define CATALOG_NS_ALL "cat:all"
const char *catalog_ns_market(struct rb_arena *a, const char *market);
const char *catalog_ns_category(struct rb_arena *a, const char *market,
    const char *slug);
const char *catalog_ns_product(struct rb_arena *a, const char *slug);

#endif
