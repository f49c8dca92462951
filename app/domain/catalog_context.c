/*
 * A listing's context, from the catalog's reference data: the category
 * and what shows around it (breadcrumbs, its slug in every language), the
 * brand filter's ids, the category's attribute facets, and the names of
 * grades, brands and categories for facets and cards. It checks the
 * request against them: an unknown category is a 404, an unknown brand or
 * attribute, or a value of the wrong type, a 400.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "domain/catalog.h"
#include "domain/catalog_listing.h"
#include "domain/catalog_ref.h"
#include "domain/catalog_rows.h"
#include "domain/market.h"

/* "6.1", "-2", "12.25": what a number attribute may be filtered by. */
static bool
is_decimal(const char *s)
{
	size_t i = 0, digits = 0, frac = 0;

	if (s[i] == '-')
		i++;
	for (; s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (s[i] == '.')
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			frac++;
	return s[i] == '\0' && digits >= 1 && digits <= 9 && frac <= 4 &&
	    (s[digits + (s[0] == '-')] != '.' || frac > 0);
}

/*
 * Each attribute filter names a facet attribute of the category and gives
 * values of its type: a decimal for a number, true or false for a
 * boolean. RB_INVALID (*why: the attribute) otherwise.
 */
static int
check_attr_filters(struct listing *l, const char **why)
{
	const struct catalog_query *q = l->q;

	for (size_t i = 0; i < q->nattrs; i++) {
		const struct catalog_attr_filter *f = &q->attrs[i];
		struct json_object *d = catalog_attr_def(l, f->code);
		const char *kind = d ? catalog_json_str(d, "kind") : "";
		bool number = strcmp(kind, "number") == 0;
		bool boolean = strcmp(kind, "boolean") == 0;

		*why = f->code;
		if (d == NULL)
			return RB_INVALID;
		for (size_t j = 0; j < f->nvalues; j++) {
			const char *v = f->values[j];

			if ((number && !is_decimal(v)) || (boolean &&
			    strcmp(v, "true") != 0 && strcmp(v, "false") != 0))
				return RB_INVALID;
		}
		l->filter.attr_number[i] = number;
	}
	*why = NULL;
	return RB_OK;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

/* The active brands of the brand filter, by id; every slug must be one. */
static int
brand_filter(struct listing *l, const struct catalog_ref *ref)
{
	const struct catalog_query *q = l->q;
	size_t n = 0;

	for (size_t i = 0; i < q->nbrands && n < CATALOG_MAX_VALUES; i++) {
		const struct catalog_ref_brand *b = catalog_ref_brand_by_slug(
		    ref, q->brands[i]);

		if (b == NULL)
			return RB_INVALID;
		l->brand_ids[n++] = b->id;
	}
	qsort(l->brand_ids, n, sizeof(l->brand_ids[0]), cmp_int);
	l->filter.nbrands = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || l->brand_ids[i] != l->brand_ids[i - 1])
			l->brand_ids[l->filter.nbrands++] = l->brand_ids[i];
	l->filter.brands = l->brand_ids;
	/* A slug given twice is a malformed filter, as an unknown one is. */
	return l->filter.nbrands == q->nbrands ? RB_OK : RB_INVALID;
}

/* The active categories a listing of cat covers (every one for NULL). */
static size_t
covered(const struct catalog_ref *ref, const struct catalog_ref_category *cat)
{
	size_t n = 0;

	for (size_t i = 0; i < ref->ncategories; i++)
		n += ref->categories[i].active &&
		    (cat == NULL || catalog_ref_within(&ref->categories[i],
		    cat->id));
	return n;
}

/*
 * The facet attributes cat and its ancestors define, labelled in lang:
 * [{code, kind, unit, label}] by position; NULL when there is none.
 */
static struct json_object *
attr_defs(struct listing *l, const struct catalog_ref *ref,
    const struct catalog_ref_category *cat)
{
	const struct catalog_ref_link **v;
	struct json_object *list;
	size_t n;

	if (cat == NULL)
		return NULL;
	v = rb_arena_alloc(&l->ctx->arena, (ref->nlinks + 1) * sizeof(*v));
	if ((n = catalog_ref_attributes(ref, cat, l->lang, true, v)) == 0)
		return NULL;
	list = catalog_json_own(l->ctx, json_object_new_array());
	for (size_t i = 0; i < n; i++) {
		const struct catalog_ref_attribute *a = v[i]->attr;
		struct json_object *o = json_object_new_object();

		rb_json_put_str(o, "code", a->code);
		rb_json_put_str(o, "kind", a->kind);
		rb_json_put_str(o, "unit", a->unit);
		rb_json_put_str(o, "label",
		    catalog_ref_text(a->t, a->nt, l->lang)->name);
		json_object_array_add(list, o);
	}
	return list;
}

/* {"premium": "Premium", ...} in lang. */
static struct json_object *
grade_names(struct listing *l, const struct catalog_ref *ref)
{
	struct json_object *o = catalog_json_own(l->ctx,
	    json_object_new_object());

	for (size_t i = 0; i < ref->ngrades; i++) {
		const struct catalog_ref_grade *g = &ref->grades[i];
		const struct catalog_ref_text *t = catalog_ref_text(g->t, g->nt,
		    l->lang);

		if (t != NULL)
			json_object_object_add(o, g->code,
			    json_object_new_string(t->name));
	}
	return o;
}

/* The attribute facets the category defines, for the index to count. */
static void
facet_codes(struct listing *l)
{
	size_t n = l->attr_defs ? json_object_array_length(l->attr_defs) : 0;
	size_t max = sizeof(l->codes) / sizeof(l->codes[0]);

	for (size_t i = 0; i < n && l->filter.ncodes < max; i++)
		l->codes[l->filter.ncodes++] = catalog_json_str(
		    json_object_array_get_idx(l->attr_defs, i), "code");
	l->filter.codes = l->codes;
}

/* The category, its slug in every language and its breadcrumbs. */
static void
context_category(struct listing *l, const struct catalog_ref *ref,
    const struct catalog_ref_category *cat)
{
	struct rb_ctx *ctx = l->ctx;
	const struct catalog_ref_text *t = catalog_ref_text(cat->t, cat->nt,
	    l->lang);
	struct json_object *c = json_object_new_object();
	struct json_object *slugs = json_object_new_object();

	rb_json_put_str(c, "slug", t->slug);
	rb_json_put_str(c, "name", t->name);
	rb_json_put_str(c, "description", t->description);
	rb_json_put_str(c, "image", rb_arena_printf(&ctx->arena,
	    "/static/img/cat/%s.svg", cat->icon));
	rb_json_put_str(c, "url", rb_arena_printf(&ctx->arena,
	    "/%s/c/%s", l->m->code, t->slug));
	/* Its slug in every language, for the hreflang alternates. */
	for (size_t i = 0; i < cat->nt; i++)
		json_object_object_add(slugs, cat->t[i].lang,
		    json_object_new_string(cat->t[i].slug));
	rb_json_put(c, "slugs", slugs);
	rb_json_put(l->view, "category", c);
	rb_json_put(l->view, "breadcrumbs",
	    catalog_ref_crumbs(ctx, l->m, ref, cat, l->lang));
}

bool
catalog_listing_summarised(const struct listing *l,
    const struct catalog_ref *ref)
{
	const struct catalog_query *q = l->q;
	const struct catalog_ref_category *cat;

	if (ref == NULL || q->q != NULL || q->category == NULL ||
	    q->has_cursor || q->sort == CATALOG_SORT_RELEVANCE ||
	    q->nbrands > 0 || q->grades != 0 || q->nstorages > 0 ||
	    q->min_price >= 0 || q->max_price >= 0 || q->nattrs > 0)
		return false;
	cat = catalog_ref_category_by_slug(ref, l->lang, q->category);
	return cat != NULL && covered(ref, cat) == 1;
}

int
catalog_listing_context(struct listing *l, const struct catalog_ref *ref,
    const char **why)
{
	const struct catalog_query *q = l->q;
	const struct catalog_ref_category *cat = NULL;

	if (q->category != NULL && (cat = catalog_ref_category_by_slug(ref,
	    l->lang, q->category)) == NULL) {
		*why = "category";
		return RB_DECLINED;
	}
	if (brand_filter(l, ref) != RB_OK) {
		*why = "brand";
		return RB_INVALID;
	}
	/* A search without a category is not restricted to any; a plain
	 * list covers every category. */
	l->one_category = (q->q == NULL || cat != NULL) &&
	    covered(ref, cat) == 1;
	l->attr_defs = attr_defs(l, ref, cat);
	l->grade_names = grade_names(l, ref);
	l->ref = ref;
	facet_codes(l);
	if (cat != NULL)
		context_category(l, ref, cat);
	return check_attr_filters(l, why);
}
