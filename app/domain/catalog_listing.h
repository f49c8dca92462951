/*
 * The state of one listing request, shared by catalog_listing.c (the
 * queries and the page of items) and catalog_facets.c (the facet lists).
 * Private to app/domain/catalog_*.c.
 */
#ifndef RB_DOMAIN_CATALOG_LISTING_H
#define RB_DOMAIN_CATALOG_LISTING_H

#include <stddef.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "domain/catalog.h"
#include "domain/catalog_index.h"
#include "core/val.h"

struct catalog_ref;
struct rb_ctx;
struct rb_market;

struct listing {
	struct rb_ctx *ctx;
	const struct rb_market *m;
	const struct catalog_query *q;
	char lang[3];
	char ts_config[16];
	bool one_category;	/* the listing covers exactly one category */
	struct json_object *attr_defs;	/* [{code, kind, unit, label}] */
	struct json_object *grade_names; /* {"premium": "Premium", ...} */
	const struct catalog_ref *ref;	/* names brands and categories */
	int brand_ids[CATALOG_MAX_VALUES];
	const char *codes[CATALOG_MAX_VALUES * 2]; /* attribute facets */
	struct catalog_filter filter;
	struct catalog_row *rows;
	size_t nrows;
	struct catalog_counts counts;
	PGresult *page;			/* CATALOG_PAGE_*'s rows when the
					   summary was read, else NULL */
	struct json_object *view;	/* what catalog_listing returns */
};

/*
 * Fills l's context from the reference data (catalog_context.c): RB_OK;
 * RB_DECLINED for an unknown category, RB_INVALID for an unknown brand or
 * attribute or a value of the wrong type, *why naming it.
 */
int catalog_listing_context(struct listing *l, const struct catalog_ref *ref,
    const char **why);

/*
 * Whether l can be read from its category's summary and the sort's index
 * (see sql/migrations/0008_listing_summaries.sql), judged by ref: no
 * search, filter or cursor, and a category with none below it.
 */
bool catalog_listing_summarised(const struct listing *l,
    const struct catalog_ref *ref);

/* The attribute definition of code in l->attr_defs, or NULL. */
struct json_object *catalog_attr_def(struct listing *l, const char *code);

/* The facets of l->counts in display order, each with a value. */
struct rb_val catalog_facet_list(struct listing *l);

#endif
