/*
 * A listing's facet lists from the counts catalog_index_run made: values
 * with labels, counts and whether the shopper chose them, in the order
 * the page shows them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/ctx.h"
#include "core/json.h"
#include "core/val.h"
#include "domain/catalog_listing.h"
#include "domain/catalog_ref.h"
#include "domain/catalog_rows.h"
#include "domain/grade.h"
#include "domain/market.h"

struct json_object *
catalog_attr_def(struct listing *l, const char *code)
{
	size_t n = l->attr_defs ? json_object_array_length(l->attr_defs) : 0;

	for (size_t i = 0; i < n; i++) {
		struct json_object *d = json_object_array_get_idx(l->attr_defs,
		    i);

		if (strcmp(catalog_json_str(d, "code"), code) == 0)
			return d;
	}
	return NULL;
}

/* The label of an attribute value: "6.1 in", "Yes", "A15 Bionic". */
static const char *
attr_value_label(struct listing *l, struct json_object *def,
    const char *value)
{
	const char *kind = catalog_json_str(def, "kind");
	const char *unit = catalog_json_str(def, "unit");

	if (strcmp(kind, "boolean") == 0)
		return rb_tr(l->ctx, l->m->locale,
		    strcmp(value, "true") == 0 ? N_("Yes") : N_("No"));
	if (strcmp(kind, "number") == 0 && *unit)
		return rb_arena_printf(&l->ctx->arena, "%s %s", value, unit);
	return value;
}

/* One value of a facet, before it is sorted and written. */
struct value {
	const char *value, *label;
	int64_t count;
	bool selected;
};

/* A values facet being gathered: at most one entry per tally entry or
 * chosen value. */
struct gather {
	struct value *v;
	size_t n, cap;
};

static void
gather_init(struct listing *l, struct gather *g, size_t entries)
{
	g->n = 0;
	g->cap = entries + CATALOG_MAX_VALUES;
	g->v = rb_arena_alloc(&l->ctx->arena, g->cap * sizeof(*g->v));
}

static void
add_value(struct gather *g, const char *value, const char *label,
    int64_t count, bool sel)
{
	if (g->n < g->cap)
		g->v[g->n++] = (struct value){ value, label, count, sel };
}

static bool
has_value(const struct gather *g, const char *value)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->v[i].value, value) == 0)
			return true;
	return false;
}

static bool
selected(const char *const *v, size_t n, const char *value)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], value) == 0)
			return true;
	return false;
}

static bool
storage_selected(const struct catalog_query *q, int gb)
{
	for (size_t i = 0; i < q->nstorages; i++)
		if (q->storages[i] == gb)
			return true;
	return false;
}

static const struct catalog_attr_filter *
attr_query(const struct catalog_query *q, const char *code)
{
	for (size_t i = 0; i < q->nattrs; i++)
		if (strcmp(q->attrs[i].code, code) == 0)
			return &q->attrs[i];
	return NULL;
}

static int
cmp_count_desc(const void *a, const void *b)
{
	const struct value *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->label, y->label);
}

static int
cmp_number(const void *a, const void *b)
{
	const char *vx = ((const struct value *)a)->value;
	const char *vy = ((const struct value *)b)->value;
	size_t lx = strcspn(vx, "."), ly = strcspn(vy, ".");

	/* Decimal strings without sign compare by integer length first. */
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(vx, vy);
}

static int
cmp_grade(const void *a, const void *b)
{
	return grade_parse(rb_str_c(((const struct value *)a)->value)) -
	    grade_parse(rb_str_c(((const struct value *)b)->value));
}

/*
 * The facet {code, label, kind: "values", values: [{value, label, count,
 * selected}]} of g's values in cmp's order, with room for what the page
 * adds to each (listing_decorate); nothing when there are none.
 */
static void
add_facet(struct listing *l, struct rb_val list, const char *code,
    const char *label, struct gather *g, int (*cmp)(const void *,
    const void *))
{
	struct rb_arena *a = &l->ctx->arena;
	struct rb_val f, values;

	if (g->n == 0)
		return;
	qsort(g->v, g->n, sizeof(*g->v), cmp);
	f = rb_val_obj(a, 5);
	values = rb_val_arr(a, g->n);
	rb_val_put(a, f, "code", rb_val_str(code));
	rb_val_put(a, f, "label", rb_val_str(label));
	rb_val_put(a, f, "kind", rb_val_str("values"));
	rb_val_put(a, f, "values", values);
	for (size_t i = 0; i < g->n; i++) {
		struct rb_val v = rb_val_obj(a, 6);

		rb_val_put(a, v, "value", rb_val_str(g->v[i].value));
		rb_val_put(a, v, "label", rb_val_str(g->v[i].label));
		rb_val_put(a, v, "count", rb_val_int(g->v[i].count));
		rb_val_put(a, v, "selected", rb_val_bool(g->v[i].selected));
		rb_val_push(a, values, v);
	}
	rb_val_push(a, list, f);
}

static void
brand_facet(struct listing *l, struct rb_val list)
{
	const struct catalog_query *q = l->q;
	struct gather g;

	gather_init(l, &g, l->counts.brands.n);
	CATALOG_TALLY_EACH(&l->counts.brands, e) {
		const struct catalog_ref_brand *b = catalog_ref_brand(l->ref,
		    (int)e->key);

		if (b != NULL)
			add_value(&g, b->slug, b->name, e->count,
			    selected(q->brands, q->nbrands, b->slug));
	}
	for (size_t i = 0; i < q->nbrands; i++)
		if (!has_value(&g, q->brands[i]))
			add_value(&g, q->brands[i], q->brands[i], 0, true);
	add_facet(l, list, "brand", rb_tr(l->ctx, l->m->locale, N_("Brand")),
	    &g, cmp_count_desc);
}

/* Shown only when the listing spans categories (a parent, a search). */
static void
category_facet(struct listing *l, struct rb_val list)
{
	struct gather g;

	if (l->one_category)
		return;
	gather_init(l, &g, l->counts.categories.n);
	CATALOG_TALLY_EACH(&l->counts.categories, e) {
		const struct catalog_ref_text *t = catalog_ref_category_text(
		    l->ref, (int)e->key, l->lang, NULL);

		if (t != NULL)
			add_value(&g, t->slug, t->name, e->count,
			    l->q->category != NULL &&
			    strcmp(l->q->category, t->slug) == 0);
	}
	add_facet(l, list, "category", rb_tr(l->ctx, l->m->locale,
	    N_("Category")), &g, cmp_count_desc);
}

static void
grade_facet(struct listing *l, struct rb_val list)
{
	size_t n;
	const struct grade_def *gd = grade_defs(&n);
	struct gather g;

	gather_init(l, &g, n);
	for (size_t i = 0; i < n; i++) {
		bool sel = (l->q->grades & (1u << gd[i].grade)) != 0;

		if (l->counts.grade[gd[i].grade] > 0 || sel)
			add_value(&g, gd[i].code, catalog_json_str(
			    l->grade_names, gd[i].code),
			    l->counts.grade[gd[i].grade], sel);
	}
	add_facet(l, list, "grade", rb_tr(l->ctx, l->m->locale,
	    N_("Condition")), &g, cmp_grade);
}

static void
storage_facet(struct listing *l, struct rb_val list)
{
	const struct catalog_query *q = l->q;
	struct gather g;

	gather_init(l, &g, l->counts.storages.n);
	CATALOG_TALLY_EACH(&l->counts.storages, e)
		add_value(&g, rb_arena_printf(&l->ctx->arena, "%d",
		    (int)e->key), catalog_storage_label(l->ctx, (int)e->key),
		    e->count, storage_selected(q, (int)e->key));
	for (size_t i = 0; i < q->nstorages; i++) {
		const char *v = rb_arena_printf(&l->ctx->arena, "%d",
		    q->storages[i]);

		if (!has_value(&g, v))
			add_value(&g, v, catalog_storage_label(l->ctx,
			    q->storages[i]), 0, true);
	}
	add_facet(l, list, "storage", rb_tr(l->ctx, l->m->locale,
	    N_("Storage")), &g, cmp_number);
}

/* A price bound of the query; null when it has none. */
static struct rb_val
bound(int64_t v)
{
	return v >= 0 ? rb_val_int(v) : rb_val_null();
}

/* {code, label, kind: "range", min, max, selected_min, selected_max},
 * with room for what the page adds; only when a row has a price. */
static void
price_facet(struct listing *l, struct rb_val list)
{
	struct rb_arena *a = &l->ctx->arena;
	const struct catalog_query *q = l->q;
	struct rb_val f;

	if (!l->counts.has_price)
		return;
	f = rb_val_obj(a, 9);
	rb_val_put(a, f, "code", rb_val_str("price"));
	rb_val_put(a, f, "label", rb_val_str(rb_tr(l->ctx, l->m->locale,
	    N_("Price"))));
	rb_val_put(a, f, "kind", rb_val_str("range"));
	rb_val_put(a, f, "min", catalog_price(a, l->m, l->counts.price_min));
	rb_val_put(a, f, "max", catalog_price(a, l->m, l->counts.price_max));
	rb_val_put(a, f, "selected_min", bound(q->min_price));
	rb_val_put(a, f, "selected_max", bound(q->max_price));
	rb_val_push(a, list, f);
}

/* One attribute's facet: l->codes[k], defined by def. */
static void
attr_facet(struct listing *l, struct rb_val list, size_t k,
    struct json_object *def)
{
	const char *code = l->codes[k];
	const struct catalog_attr_filter *af = attr_query(l->q, code);
	bool number = strcmp(catalog_json_str(def, "kind"), "number") == 0;
	struct gather g;

	gather_init(l, &g, l->counts.attrs.n);
	CATALOG_TALLY_EACH(&l->counts.attrs, e) {
		const char *v;

		if (e->facet != (int)k)
			continue;
		v = rb_arena_strndup(&l->ctx->arena, e->value, e->len);
		add_value(&g, v, attr_value_label(l, def, v), e->count,
		    af != NULL && selected(af->values, af->nvalues, v));
	}
	/* A chosen value that matches nothing any more still shows, with a
	 * count of 0, so the shopper sees the filter and can remove it. */
	for (size_t j = 0; af != NULL && j < af->nvalues; j++)
		if (!has_value(&g, af->values[j]))
			add_value(&g, af->values[j], af->values[j], 0, true);
	add_facet(l, list, code, catalog_json_str(def, "label"), &g,
	    number ? cmp_number : cmp_count_desc);
}

struct rb_val
catalog_facet_list(struct listing *l)
{
	struct rb_val list = rb_val_arr(&l->ctx->arena,
	    5 + l->filter.ncodes);

	category_facet(l, list);
	brand_facet(l, list);
	grade_facet(l, list);
	storage_facet(l, list);
	price_facet(l, list);
	for (size_t k = 0; k < l->filter.ncodes; k++) {
		struct json_object *def = catalog_attr_def(l, l->codes[k]);

		if (def != NULL)
			attr_facet(l, list, k, def);
	}
	return list;
}
