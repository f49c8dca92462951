/*
 * The reference data's lookups (app/domain/catalog_ref.c) on a small
 * catalog written here: categories by slug and language (inactive ones
 * not found), brands by slug, a category within its ancestors, and the
 * attributes a category inherits, filtered by facet and language and
 * ordered by their position in the category, then their own.
 */
#include "check_run.h"

#include <stdio.h>
#include <string.h>

#include "domain/catalog_ref.h"

static struct catalog_ref_text t_phones[] = {
	{ "en", "phones", "Phones", "" }, { "fr", "telephones", "Téléphones", "" },
};
static struct catalog_ref_text t_foldables[] = {
	{ "en", "foldables", "Foldables", "" },
};
static struct catalog_ref_text t_old[] = { { "en", "old", "Old", "" } };

static struct catalog_ref_category categories[] = {
	{ 1, 0, { 1 }, 1, true, "phone", t_phones, 2 },
	{ 2, 1, { 1, 2 }, 2, true, "phone", t_foldables, 1 },
	{ 3, 0, { 3 }, 1, false, "device", t_old, 1 },
};

static struct catalog_ref_brand brands[] = {
	{ 10, "apple", "Apple", true }, { 11, "nokia", "Nokia", false },
};

static struct catalog_ref_text l_chip[] = { { "en", NULL, "Chip", NULL },
	{ "fr", NULL, "Puce", NULL } };
static struct catalog_ref_text l_battery[] = { { "en", NULL, "Battery",
	NULL } };
static struct catalog_ref_text l_screen[] = { { "en", NULL, "Screen",
	NULL } };
static struct catalog_ref_text l_hinge[] = { { "fr", NULL, "Charnière",
	NULL } };

static struct catalog_ref_attribute attrs[] = {
	{ "chip", "text", "", "values", 10, l_chip, 2 },
	{ "battery", "number", "mAh", "none", 20, l_battery, 1 },
	{ "screen", "number", "in", "range", 5, l_screen, 1 },
	{ "hinge", "text", "", "values", 30, l_hinge, 1 },
};

static struct catalog_ref_link links[] = {
	{ 1, &attrs[0], 2 }, /* chip, on every phone */
	{ 2, &attrs[2], 1 }, /* screen, foldables */
	{ 2, &attrs[1], 1 }, /* battery, foldables */
	{ 2, &attrs[3], 3 }, /* hinge, foldables */
	{ 3, &attrs[0], 0 },
};

static struct catalog_ref ref = {
	.version = 7,
	.categories = categories,
	.brands = brands,
	.attrs = attrs,
	.links = links,
	.ncategories = 3,
	.nbrands = 2,
	.nattrs = 4,
	.nlinks = 5,
};

/* The codes catalog_ref_attributes gives, space-separated. */
static const char *
codes(const struct catalog_ref_category *cat, const char *lang, bool facets)
{
	static char out[128];
	const struct catalog_ref_link *v[8];
	size_t n = catalog_ref_attributes(&ref, cat, lang, facets, v);
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && len < sizeof(out); i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s",
		    i > 0 ? " " : "", v[i]->attr->code);
	return out;
}

START_TEST(test_categories)
{
	const struct catalog_ref_category *c;

	c = catalog_ref_category_by_slug(&ref, "fr", "telephones");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->id, 1);
	ck_assert_ptr_null(catalog_ref_category_by_slug(&ref, "en",
	    "telephones"));
	ck_assert_ptr_null(catalog_ref_category_by_slug(&ref, "fr",
	    "foldables"));
	/* Inactive: as unknown. */
	ck_assert_ptr_null(catalog_ref_category_by_slug(&ref, "en", "old"));
	ck_assert_int_eq(catalog_ref_category(&ref, 3)->id, 3);
	ck_assert_ptr_null(catalog_ref_category(&ref, 4));
	ck_assert(catalog_ref_within(&categories[1], 1));
	ck_assert(catalog_ref_within(&categories[1], 2));
	ck_assert(!catalog_ref_within(&categories[1], 3));
	ck_assert(!catalog_ref_within(&categories[0], 2));
	ck_assert_str_eq(catalog_ref_text(c->t, c->nt, "fr")->name,
	    "Téléphones");
	ck_assert_ptr_null(catalog_ref_text(c->t, c->nt, "de"));
	/* By id and language, for cards, facets and breadcrumbs. */
	ck_assert_str_eq(catalog_ref_category_text(&ref, 2, "en", &c)->slug,
	    "foldables");
	ck_assert_int_eq(c->id, 2);
	ck_assert_ptr_null(catalog_ref_category_text(&ref, 2, "fr", &c));
	ck_assert_int_eq(c->id, 2);
	ck_assert_ptr_null(catalog_ref_category_text(&ref, 9, "en", &c));
	ck_assert_ptr_null(c);
	ck_assert_ptr_nonnull(catalog_ref_category_text(&ref, 1, "fr", NULL));
}
END_TEST

START_TEST(test_brands)
{
	ck_assert_int_eq(catalog_ref_brand_by_slug(&ref, "apple")->id, 10);
	ck_assert_ptr_null(catalog_ref_brand_by_slug(&ref, "nokia"));
	ck_assert_ptr_null(catalog_ref_brand_by_slug(&ref, "Apple"));
	/* By id, inactive ones too: an old product still names its brand. */
	ck_assert_str_eq(catalog_ref_brand(&ref, 11)->name, "Nokia");
	ck_assert_ptr_null(catalog_ref_brand(&ref, 12));
}
END_TEST

START_TEST(test_attributes)
{
	/* Inherited from the parent; by the category's position, then the
	 * attribute's own; no facet: kept only for specs; no label in the
	 * language: left out. */
	ck_assert_str_eq(codes(&categories[1], "en", true), "screen chip");
	ck_assert_str_eq(codes(&categories[1], "en", false),
	    "screen battery chip");
	ck_assert_str_eq(codes(&categories[1], "fr", true), "chip hinge");
	ck_assert_str_eq(codes(&categories[0], "en", false), "chip");
	ck_assert_str_eq(codes(&categories[0], "de", false), "");
}
END_TEST

static Suite *
catalog_ref_suite(void)
{
	Suite *s = suite_create("catalog_ref");
	TCase *tc = tcase_create("lookups");

	tcase_add_test(tc, test_categories);
	tcase_add_test(tc, test_brands);
	tcase_add_test(tc, test_attributes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(catalog_ref_suite());
}
