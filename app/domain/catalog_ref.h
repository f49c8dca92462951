/*
 * The catalog's reference data in the worker's memory: categories, brands,
 * attributes and grade names, with their translations (a few hundred rows,
 * changed by admins, never by offers).
 *
 * sql/migrations/0007_catalog_reference.sql bumps catalog_reference.version
 * on any change to those tables. A page reads the version in the same
 * round trip as its own rows (CATALOG_REF_VERSION) and asks for the data
 * of that version: the worker reloads it first when it holds another, so a
 * page never shows names older than the rows beside them.
 */
#ifndef RB_DOMAIN_CATALOG_REF_H
#define RB_DOMAIN_CATALOG_REF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

struct rb_ctx;

#define CATALOG_REF_MAX_DEPTH 6 /* categories.path, as the schema checks */

/* A translated text of a category, an attribute or a grade. */
struct catalog_ref_text {
	char lang[3];
	const char *slug;	 /* categories only */
	const char *name;	 /* a name; an attribute's label */
	const char *description; /* a category's; a grade's cosmetic state */
};

struct catalog_ref_category {
	int id, parent_id; /* 0: a root */
	int path[CATALOG_REF_MAX_DEPTH]; /* root first, the category last */
	size_t npath;
	bool active;
	const char *icon;
	struct catalog_ref_text *t;
	size_t nt;
};

struct catalog_ref_brand {
	int id;
	const char *slug, *name;
	bool active;
};

struct catalog_ref_attribute {
	const char *code, *kind, *unit, *facet;
	int position;
	struct catalog_ref_text *t;
	size_t nt;
};

/* An attribute a category defines (category_attributes). */
struct catalog_ref_link {
	int category_id;
	const struct catalog_ref_attribute *attr;
	int position;
};

struct catalog_ref_grade {
	const char *code;
	int battery_floor; /* percent */
	struct catalog_ref_text *t;
	size_t nt;
};

struct catalog_ref {
	int64_t version;
	struct catalog_ref_category *categories; /* by id */
	struct catalog_ref_brand *brands;	 /* by id */
	struct catalog_ref_attribute *attrs;	 /* by code */
	struct catalog_ref_link *links;		 /* by category id */
	struct catalog_ref_grade *grades;	 /* best first */
	size_t ncategories, nbrands, nattrs, nlinks, ngrades;
	struct rb_arena arena; /* everything above */
};

/*
 * The reference data of version (CATALOG_REF_VERSION's answer), loaded
 * into ctx->catalog_ref when the worker holds another version or none.
 * NULL (logged) when it cannot be loaded. A reload frees the data the
 * worker held, and views point into it without copying (core/val.h), so
 * a request calls this once, before it builds its view.
 */
const struct catalog_ref *catalog_ref_get(struct rb_ctx *ctx,
    const char *version);

/* Loads the current version (at a worker's start). RB_OK or RB_ERROR. */
int catalog_ref_preload(struct rb_ctx *ctx);

/* Frees ref; NULL is fine. For the worker's end. */
void catalog_ref_free(struct catalog_ref *ref);

/* The text of lang in t, or NULL. */
const struct catalog_ref_text *catalog_ref_text(
    const struct catalog_ref_text *t, size_t n, const char *lang);

const struct catalog_ref_category *catalog_ref_category(
    const struct catalog_ref *ref, int id);

/* The active category whose slug in lang is slug, or NULL. */
const struct catalog_ref_category *catalog_ref_category_by_slug(
    const struct catalog_ref *ref, const char *lang, const char *slug);

/*
 * The text in lang of category id, or NULL when there is no such category
 * or it has none in lang; *cat (cat may be NULL) is the category then.
 */
const struct catalog_ref_text *catalog_ref_category_text(
    const struct catalog_ref *ref, int id, const char *lang,
    const struct catalog_ref_category **cat);

const struct catalog_ref_brand *catalog_ref_brand(
    const struct catalog_ref *ref, int id);

/* The active brand whose slug is slug, or NULL. */
const struct catalog_ref_brand *catalog_ref_brand_by_slug(
    const struct catalog_ref *ref, const char *slug);

/*
 * The attributes cat and its ancestors define that have a label in lang
 * (only those with a facet when facets), by position: into out, which has
 * room for ref->nlinks. Returns how many.
 */
size_t catalog_ref_attributes(const struct catalog_ref *ref,
    const struct catalog_ref_category *cat, const char *lang, bool facets,
    const struct catalog_ref_link **out);

/* True when category id is ancestor or the category itself. */
bool catalog_ref_within(const struct catalog_ref_category *c, int ancestor);

#endif
