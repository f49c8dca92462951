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

static struct json_object *
values_facet(const char *code, const char *label)
{
	struct json_object *f = json_object_new_object();

	rb_json_put_str(f, "code", code);
	rb_json_put_str(f, "label", label);
	rb_json_put_str(f, "kind", "values");
	rb_json_put(f, "values", json_object_new_array());
	return f;
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

static void
add_value(struct json_object *f, const char *value, const char *label,
    int64_t count, bool sel)
{
	struct json_object *v = json_object_new_object();

	rb_json_put_str(v, "value", value);
	rb_json_put_str(v, "label", label);
	rb_json_put(v, "count", json_object_new_int64(count));
	rb_json_put(v, "selected", json_object_new_boolean(sel));
	json_object_array_add(json_object_object_get(f, "values"), v);
}

static bool
has_value(struct json_object *facet, const char *value)
{
	struct json_object *values = json_object_object_get(facet, "values");
	size_t n = json_object_array_length(values);

	for (size_t i = 0; i < n; i++)
		if (strcmp(catalog_json_str(json_object_array_get_idx(values, i),
		    "value"), value) == 0)
			return true;
	return false;
}

static bool
has_values(struct json_object *facet)
{
	return json_object_array_length(json_object_object_get(facet,
	    "values")) > 0;
}

static int
cmp_count_desc(const void *a, const void *b)
{
	struct json_object *x = *(struct json_object *const *)a;
	struct json_object *y = *(struct json_object *const *)b;
	int64_t cx = json_object_get_int64(json_object_object_get(x, "count"));
	int64_t cy = json_object_get_int64(json_object_object_get(y, "count"));

	if (cx != cy)
		return cx < cy ? 1 : -1;
	return strcmp(catalog_json_str(x, "label"), catalog_json_str(y,
	    "label"));
}

static int
cmp_number(const void *a, const void *b)
{
	struct json_object *x = *(struct json_object *const *)a;
	struct json_object *y = *(struct json_object *const *)b;
	const char *vx = catalog_json_str(x, "value");
	const char *vy = catalog_json_str(y, "value");
	size_t lx = strcspn(vx, "."), ly = strcspn(vy, ".");

	/* Decimal strings without sign compare by integer length first. */
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(vx, vy);
}

static int
cmp_grade(const void *a, const void *b)
{
	struct json_object *x = *(struct json_object *const *)a;
	struct json_object *y = *(struct json_object *const *)b;

	return grade_parse(rb_str_c(catalog_json_str(x, "value"))) -
	    grade_parse(rb_str_c(catalog_json_str(y, "value")));
}

static void
sort_values(struct json_object *facet,
    int (*cmp)(const void *, const void *))
{
	json_object_array_sort(json_object_object_get(facet, "values"), cmp);
}

static struct json_object *
brand_facet(struct listing *l)
{
	const struct catalog_query *q = l->q;
	struct json_object *f = values_facet("brand",
	    rb_tr(l->ctx, l->m->locale, N_("Brand")));

	CATALOG_TALLY_EACH(&l->counts.brands, e) {
		const struct catalog_ref_brand *b = catalog_ref_brand(l->ref,
		    (int)e->key);

		if (b != NULL)
			add_value(f, b->slug, b->name, e->count,
			    selected(q->brands, q->nbrands, b->slug));
	}
	for (size_t i = 0; i < q->nbrands; i++)
		if (!has_value(f, q->brands[i]))
			add_value(f, q->brands[i], q->brands[i], 0, true);
	sort_values(f, cmp_count_desc);
	return f;
}

/* Shown only when the listing spans categories (a parent, a search). */
static struct json_object *
category_facet(struct listing *l)
{
	struct json_object *f = values_facet("category",
	    rb_tr(l->ctx, l->m->locale, N_("Category")));

	if (l->one_category)
		return f;
	CATALOG_TALLY_EACH(&l->counts.categories, e) {
		const struct catalog_ref_text *t = catalog_ref_category_text(
		    l->ref, (int)e->key, l->lang, NULL);

		if (t != NULL)
			add_value(f, t->slug, t->name, e->count,
			    l->q->category != NULL &&
			    strcmp(l->q->category, t->slug) == 0);
	}
	sort_values(f, cmp_count_desc);
	return f;
}

static struct json_object *
grade_facet(struct listing *l)
{
	struct json_object *f = values_facet("grade",
	    rb_tr(l->ctx, l->m->locale, N_("Condition")));
	size_t n;
	const struct grade_def *g = grade_defs(&n);

	for (size_t i = 0; i < n; i++) {
		bool sel = (l->q->grades & (1u << g[i].grade)) != 0;

		if (l->counts.grade[g[i].grade] > 0 || sel)
			add_value(f, g[i].code, catalog_json_str(
			    l->grade_names, g[i].code),
			    l->counts.grade[g[i].grade], sel);
	}
	sort_values(f, cmp_grade);
	return f;
}

static struct json_object *
storage_facet(struct listing *l)
{
	const struct catalog_query *q = l->q;
	struct json_object *f = values_facet("storage",
	    rb_tr(l->ctx, l->m->locale, N_("Storage")));

	CATALOG_TALLY_EACH(&l->counts.storages, e)
		add_value(f, rb_arena_printf(&l->ctx->arena, "%d",
		    (int)e->key), catalog_storage_label(l->ctx, (int)e->key),
		    e->count, storage_selected(q, (int)e->key));
	for (size_t i = 0; i < q->nstorages; i++) {
		const char *v = rb_arena_printf(&l->ctx->arena, "%d",
		    q->storages[i]);

		if (!has_value(f, v))
			add_value(f, v, catalog_storage_label(l->ctx,
			    q->storages[i]), 0, true);
	}
	sort_values(f, cmp_number);
	return f;
}

static struct json_object *
price_facet(struct listing *l)
{
	struct json_object *f = json_object_new_object();
	const struct catalog_query *q = l->q;

	rb_json_put_str(f, "code", "price");
	rb_json_put_str(f, "label",
	    rb_tr(l->ctx, l->m->locale, N_("Price")));
	rb_json_put_str(f, "kind", "range");
	rb_json_put(f, "min", l->counts.has_price ?
	    catalog_money(&l->ctx->arena, l->m, l->counts.price_min) : NULL);
	rb_json_put(f, "max", l->counts.has_price ?
	    catalog_money(&l->ctx->arena, l->m, l->counts.price_max) : NULL);
	rb_json_put(f, "selected_min", q->min_price >= 0 ?
	    json_object_new_int64(q->min_price) : NULL);
	rb_json_put(f, "selected_max", q->max_price >= 0 ?
	    json_object_new_int64(q->max_price) : NULL);
	return f;
}

/* One attribute's facet: l->codes[k], defined by def. */
static struct json_object *
attr_facet(struct listing *l, size_t k, struct json_object *def)
{
	const char *code = l->codes[k];
	const struct catalog_attr_filter *af = attr_query(l->q, code);
	struct json_object *f = values_facet(code,
	    catalog_json_str(def, "label"));
	bool number = strcmp(catalog_json_str(def, "kind"), "number") == 0;

	CATALOG_TALLY_EACH(&l->counts.attrs, e) {
		const char *v;

		if (e->facet != (int)k)
			continue;
		v = rb_arena_strndup(&l->ctx->arena, e->value, e->len);
		add_value(f, v, attr_value_label(l, def, v), e->count,
		    af != NULL && selected(af->values, af->nvalues, v));
	}
	/* A chosen value that matches nothing any more still shows, with a
	 * count of 0, so the shopper sees the filter and can remove it. */
	for (size_t j = 0; af != NULL && j < af->nvalues; j++)
		if (!has_value(f, af->values[j]))
			add_value(f, af->values[j], af->values[j], 0, true);
	sort_values(f, number ? cmp_number : cmp_count_desc);
	return f;
}

static void
add_if_values(struct json_object *list, struct json_object *facet)
{
	if (has_values(facet))
		json_object_array_add(list, facet);
	else
		json_object_put(facet);
}

struct json_object *
catalog_facet_list(struct listing *l)
{
	struct json_object *list = json_object_new_array();
	struct json_object *price = price_facet(l);

	add_if_values(list, category_facet(l));
	add_if_values(list, brand_facet(l));
	add_if_values(list, grade_facet(l));
	add_if_values(list, storage_facet(l));
	if (l->counts.has_price)
		json_object_array_add(list, price);
	else
		json_object_put(price);
	for (size_t k = 0; k < l->filter.ncodes; k++) {
		struct json_object *def = catalog_attr_def(l, l->codes[k]);

		if (def != NULL)
			add_if_values(list, attr_facet(l, k, def));
	}
	return list;
}
