/*
 * Links of a listing page: each is the canonical query string of the
 * current query with one change, so every filter state has one URL and
 * the page works without JavaScript.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "core/json.h"
#include "domain/catalog.h"
#include "domain/grade.h"
#include "domain/market.h"
#include "pages/catalog_params.h"
#include "pages/shop/listing.h"
#include "pages/view.h"

static const char *
href(struct rb_ctx *ctx, const char *path, const struct catalog_query *q)
{
	struct rb_buf b;

	rb_buf_init(&b, &ctx->arena);
	catalog_params_write(&b, q, false, false);
	return b.len ? rb_arena_printf(&ctx->arena, "%s?%s", path, b.data) :
	    path;
}

/* Removes v from a string set, or adds it. */
static void
toggle(const char **set, size_t *n, const char *v)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(set[i], v) == 0) {
			set[i] = set[--*n];
			return;
		}
	if (*n < CATALOG_MAX_VALUES)
		set[(*n)++] = v;
}

static void
toggle_value(struct catalog_query *c, const char *code, const char *v)
{
	int g;

	if (strcmp(code, "brand") == 0)
		toggle(c->brands, &c->nbrands, v);
	else if (strcmp(code, "category") == 0)
		c->category = c->category && strcmp(c->category, v) == 0 ?
		    NULL : v;
	else if (strcmp(code, "grade") == 0 &&
	    (g = grade_parse(rb_str_c(v))) >= 0)
		c->grades ^= 1u << g;
	else if (strcmp(code, "storage") == 0) {
		int gb = atoi(v);
		size_t i;

		for (i = 0; i < c->nstorages && c->storages[i] != gb; i++)
			;
		if (i < c->nstorages)
			c->storages[i] = c->storages[--c->nstorages];
		else if (c->nstorages < CATALOG_MAX_VALUES)
			c->storages[c->nstorages++] = gb;
	} else {
		size_t i;

		for (i = 0; i < c->nattrs && strcmp(c->attrs[i].code, code);
		    i++)
			;
		if (i == c->nattrs) {
			if (c->nattrs == CATALOG_MAX_VALUES)
				return;
			c->attrs[c->nattrs].code = code;
			c->attrs[c->nattrs++].nvalues = 0;
		}
		toggle(c->attrs[i].values, &c->attrs[i].nvalues, v);
	}
}

static struct catalog_query
first_page(const struct catalog_query *q)
{
	struct catalog_query c = *q;

	c.page = 1;
	c.has_cursor = false;
	return c;
}

/* An active filter: its label and the link that removes it. */
static void
active(struct json_object *list, const char *label,
    const char *link)
{
	struct json_object *o = json_object_new_object();

	rb_json_put_str(o, "label", label);
	rb_json_put_str(o, "href", link);
	json_object_array_add(list, o);
}

static void
facet_links(struct rb_ctx *ctx, const char *path,
    const struct catalog_query *q, struct json_object *facet,
    struct json_object *actives, bool search)
{
	const char *code = json_object_get_string(
	    json_object_object_get(facet, "code"));
	struct json_object *values = json_object_object_get(facet, "values");
	size_t n = values ? json_object_array_length(values) : 0;

	/* A category page's own category is its path, not a filter. */
	if (!search && strcmp(code, "category") == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(values, i);
		struct catalog_query c = first_page(q);
		const char *val = json_object_get_string(
		    json_object_object_get(v, "value"));
		const char *link;

		toggle_value(&c, code, val);
		link = href(ctx, path, &c);
		rb_json_put_str(v, "href", link);
		rb_json_put_str(v, "id", rb_arena_printf(&ctx->arena, "f-%s-%zu",
		    code, i));
		if (json_object_get_boolean(json_object_object_get(v,
		    "selected")))
			active(actives, json_object_get_string(
			    json_object_object_get(v, "label")), link);
	}
	rb_json_put(facet, "is_values",
	    json_object_new_boolean(true));
}

/* A round bucket width, 1, 2 or 5 x 10^k major units, so that four
 * buckets cover the span. */
static int64_t
nice_step(int64_t span)
{
	for (int64_t base = 100;; base *= 10) {
		if (base * 4 >= span)
			return base;
		if (base * 8 >= span)
			return base * 2;
		if (base * 20 >= span)
			return base * 5;
	}
}

static void
price_links(struct rb_ctx *ctx, const struct rb_market *m, const char *path,
    const struct catalog_query *q, struct json_object *facet,
    struct json_object *actives)
{
	struct json_object *ranges = json_object_new_array();
	int64_t lo = json_object_get_int64(json_object_object_get(
	    json_object_object_get(facet, "min"), "amount"));
	int64_t hi = json_object_get_int64(json_object_object_get(
	    json_object_object_get(facet, "max"), "amount"));
	int64_t step = nice_step(hi - lo), from = lo / step * step;

	rb_json_put(facet, "ranges", ranges);
	rb_json_put(facet, "is_range",
	    json_object_new_boolean(true));
	for (int i = 0; i < 4 && from <= hi; i++, from += step) {
		struct catalog_query c = first_page(q);
		struct json_object *r = json_object_new_object();
		struct json_object *a = catalog_money(&ctx->arena, m, from);
		struct json_object *b = catalog_money(&ctx->arena, m, from + step - 1);

		c.min_price = from;
		c.max_price = i == 3 ? -1 : from + step - 1;
		rb_json_put_str(r, "href", href(ctx, path, &c));
		rb_json_put_str(r, "label", i == 3 ?
		    rb_arena_printf(&ctx->arena, "%s +", json_object_get_string(
		    json_object_object_get(a, "formatted"))) :
		    rb_arena_printf(&ctx->arena, "%s – %s",
		    json_object_get_string(json_object_object_get(a,
		    "formatted")), json_object_get_string(
		    json_object_object_get(b, "formatted"))));
		rb_json_put(r, "selected", json_object_new_boolean(
		    q->min_price == c.min_price && q->max_price == c.max_price));
		json_object_array_add(ranges, r);
		json_object_put(a);
		json_object_put(b);
	}
	if (q->min_price >= 0 || q->max_price >= 0) {
		struct catalog_query c = first_page(q);

		c.min_price = c.max_price = -1;
		active(actives, rb_tr(ctx, m->locale, N_("Price range")),
		    href(ctx, path, &c));
	}
}

static void
sort_links(struct rb_ctx *ctx, const struct rb_market *m, const char *path,
    const struct catalog_query *q, struct json_object *listing)
{
	static const struct {
		enum catalog_sort sort;
		const char *label;
	} sorts[] = {
		{ CATALOG_SORT_RELEVANCE, N_("Best match") },
		{ CATALOG_SORT_POPULAR, N_("Most popular") },
		{ CATALOG_SORT_PRICE_ASC, N_("Price: low to high") },
		{ CATALOG_SORT_PRICE_DESC, N_("Price: high to low") },
		{ CATALOG_SORT_NEWEST, N_("Newest models") },
	};
	struct json_object *list = json_object_new_array();

	for (size_t i = 0; i < sizeof(sorts) / sizeof(sorts[0]); i++) {
		struct catalog_query c = first_page(q);
		struct json_object *o;

		if (sorts[i].sort == CATALOG_SORT_RELEVANCE && q->q == NULL)
			continue;
		c.sort = sorts[i].sort;
		o = json_object_new_object();
		rb_json_put_str(o, "label",
		    rb_tr(ctx, m->locale, sorts[i].label));
		rb_json_put_str(o, "href", href(ctx, path, &c));
		rb_json_put(o, "selected",
		    json_object_new_boolean(q->sort == sorts[i].sort));
		json_object_array_add(list, o);
	}
	rb_json_put(listing, "sorts", list);
}

static void
page_links(struct rb_ctx *ctx, const char *path,
    const struct catalog_query *q, struct json_object *listing)
{
	int pages = json_object_get_int(json_object_object_get(listing,
	    "pages"));
	struct json_object *list = json_object_new_array();
	int from = q->page - 3 > 1 ? q->page - 3 : 1;
	int to = from + 6 < pages ? from + 6 : pages;

	for (int p = from; p <= to; p++) {
		struct catalog_query c = *q;
		struct json_object *o = json_object_new_object();

		c.page = p;
		rb_json_put(o, "number", json_object_new_int(p));
		rb_json_put_str(o, "href", href(ctx, path, &c));
		rb_json_put(o, "current",
		    json_object_new_boolean(p == q->page));
		json_object_array_add(list, o);
	}
	rb_json_put(listing, "page_links", list);
	if (q->page > 1) {
		struct catalog_query c = *q;

		c.page = q->page - 1;
		rb_json_put_str(listing, "prev_href", href(ctx, path, &c));
	}
	if (q->page < pages) {
		struct catalog_query c = *q;

		c.page = q->page + 1;
		rb_json_put_str(listing, "next_href", href(ctx, path, &c));
	}
	rb_json_put(listing, "paginated",
	    json_object_new_boolean(pages > 1));
}

void
listing_decorate(struct rb_ctx *ctx, const struct rb_market *m,
    const char *path, const struct catalog_query *q,
    struct json_object *listing)
{
	struct json_object *facets = json_object_object_get(listing, "facets");
	struct json_object *actives = json_object_new_array();
	size_t n = facets ? json_object_array_length(facets) : 0;
	struct catalog_query clear;

	for (size_t i = 0; i < n; i++) {
		struct json_object *f = json_object_array_get_idx(facets, i);

		if (json_object_object_get(f, "values") != NULL)
			facet_links(ctx, path, q, f, actives, q->q != NULL);
		else
			price_links(ctx, m, path, q, f, actives);
	}
	rb_json_put(listing, "active_filters", actives);
	memset(&clear, 0, sizeof(clear));
	clear.q = q->q;
	clear.category = q->q != NULL ? NULL : q->category;
	clear.min_price = clear.max_price = -1;
	clear.page = 1;
	clear.limit = q->limit;
	clear.sort = q->sort;
	rb_json_put_str(listing, "clear_href", href(ctx, path, &clear));
	rb_json_put(listing, "filtered", json_object_new_boolean(
	    json_object_array_length(actives) > 0));
	/* "1 model", not "1 models" (every language here has its singular
	 * at exactly one, French also at zero, which lists say otherwise). */
	rb_json_put(listing, "one_model", json_object_new_boolean(
	    json_object_get_int64(json_object_object_get(listing, "total")) ==
	    1));
	sort_links(ctx, m, path, q, listing);
	page_links(ctx, path, q, listing);
}
