/*
 * The query string of a listing (category page, search page, products
 * API) into a catalog_query, and back into the one canonical query string
 * that names it: links, canonical URLs and cache keys use that form, so
 * "?grade=good&brand=apple" and "?brand=apple&grade=good" are one page.
 */
#ifndef RB_PAGES_CATALOG_PARAMS_H
#define RB_PAGES_CATALOG_PARAMS_H

#include "domain/catalog.h"

struct rb_arena;
struct rb_buf;
struct rb_err;
struct rb_kv_list;

enum catalog_params_mode {
	CATALOG_PARAMS_CATEGORY, /* /{m}/c/{slug}: no q, no cursor */
	CATALOG_PARAMS_SEARCH,	 /* /{m}/search: q required */
	CATALOG_PARAMS_API,	 /* /api/v1/{m}/products: category, limit, cursor */
	CATALOG_PARAMS_API_SEARCH, /* /api/v1/{m}/search: q required */
};

/*
 * Fills q from the fields. Empty values are ignored (a GET form sends
 * its empty inputs). RB_OK, or RB_INVALID with err->field naming the
 * parameter and err->msg saying what is wrong: an unknown parameter, a
 * repeated single-valued one, a value of the wrong shape or out of range,
 * more than CATALOG_MAX_VALUES values. Strings in q point into the list.
 */
int catalog_params_parse(const struct rb_kv_list *fields,
    enum catalog_params_mode mode, struct catalog_query *q,
    struct rb_err *err);

/*
 * Appends q's canonical query string without "?" (may be empty):
 * parameters in a fixed order, values sorted, defaults left out.
 * without_page drops the page and cursor (facet links, the facets cache
 * key); without_sort drops the sort too.
 */
void catalog_params_write(struct rb_buf *out, const struct catalog_query *q,
    bool without_page, bool without_sort);

#endif
