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
#include "core/money.h"
#include "core/val.h"
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

/* A string member of a val; "" when it has none. */
static const char *
str_of(struct rb_val v, const char *key)
{
	struct rb_val s;

	return rb_val_get(v, key, &s) && s.type == RB_VAL_STR ? s.u.s.ptr :
	    "";
}

/* An active filter: its label and the link that removes it. */
static void
active(struct rb_ctx *ctx, struct rb_val list, const char *label,
    const char *link)
{
	struct rb_val o = rb_val_obj(&ctx->arena, 2);

	rb_val_put(&ctx->arena, o, "label", rb_val_str(label));
	rb_val_put(&ctx->arena, o, "href", rb_val_str(link));
	rb_val_push(&ctx->arena, list, o);
}

static void
facet_links(struct rb_ctx *ctx, const char *path,
    const struct catalog_query *q, struct rb_val facet, struct rb_val values,
    struct rb_val actives, bool search)
{
	struct rb_arena *a = &ctx->arena;
	const char *code = str_of(facet, "code");
	size_t n = rb_val_len(values);

	/* A category page's own category is its path, not a filter. */
	if (!search && strcmp(code, "category") == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		struct rb_val v = rb_val_at(values, i), sel;
		struct catalog_query c = first_page(q);
		const char *link;

		toggle_value(&c, code, str_of(v, "value"));
		link = href(ctx, path, &c);
		rb_val_put(a, v, "href", rb_val_str(link));
		rb_val_put(a, v, "id", rb_val_str(rb_arena_printf(a,
		    "f-%s-%zu", code, i)));
		if (rb_val_get(v, "selected", &sel) && rb_val_truthy(sel))
			active(ctx, actives, str_of(v, "label"), link);
	}
	rb_val_put(a, facet, "is_values", rb_val_bool(true));
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

/* The amount of the price member key of a price facet. */
static int64_t
amount_of(struct rb_val facet, const char *key)
{
	struct rb_val m, v;

	return rb_val_get(facet, key, &m) && rb_val_get(m, "amount", &v) &&
	    v.type == RB_VAL_INT ? v.u.i : 0;
}

static const char *
money_text(struct rb_ctx *ctx, const struct rb_market *m, int64_t amount)
{
	struct rb_buf b;

	rb_buf_init(&b, &ctx->arena);
	rb_money_format(&b, amount, m->currency, m->locale);
	return b.data;
}

static void
price_links(struct rb_ctx *ctx, const struct rb_market *m, const char *path,
    const struct catalog_query *q, struct rb_val facet, struct rb_val actives)
{
	struct rb_arena *a = &ctx->arena;
	struct rb_val ranges = rb_val_arr(a, 4);
	int64_t lo = amount_of(facet, "min"), hi = amount_of(facet, "max");
	int64_t step = nice_step(hi - lo), from = lo / step * step;

	rb_val_put(a, facet, "ranges", ranges);
	rb_val_put(a, facet, "is_range", rb_val_bool(true));
	for (int i = 0; i < 4 && from <= hi; i++, from += step) {
		struct catalog_query c = first_page(q);
		struct rb_val r = rb_val_obj(a, 3);
		const char *low = money_text(ctx, m, from);

		c.min_price = from;
		c.max_price = i == 3 ? -1 : from + step - 1;
		rb_val_put(a, r, "href", rb_val_str(href(ctx, path, &c)));
		rb_val_put(a, r, "label", rb_val_str(i == 3 ?
		    rb_arena_printf(a, "%s +", low) :
		    rb_arena_printf(a, "%s – %s", low,
		    money_text(ctx, m, from + step - 1))));
		rb_val_put(a, r, "selected", rb_val_bool(
		    q->min_price == c.min_price && q->max_price == c.max_price));
		rb_val_push(a, ranges, r);
	}
	if (q->min_price >= 0 || q->max_price >= 0) {
		struct catalog_query c = first_page(q);

		c.min_price = c.max_price = -1;
		active(ctx, actives, rb_tr(ctx, m->locale, N_("Price range")),
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
	struct rb_val facets = rb_val_from_json_c(json_object_object_get(
	    listing, "facets"));
	struct rb_val actives = rb_val_arr(&ctx->arena, CATALOG_MAX_VALUES);
	size_t n = rb_val_len(facets);
	struct catalog_query clear;

	for (size_t i = 0; i < n; i++) {
		struct rb_val f = rb_val_at(facets, i), values;

		if (rb_val_get(f, "values", &values))
			facet_links(ctx, path, q, f, values, actives,
			    q->q != NULL);
		else
			price_links(ctx, m, path, q, f, actives);
	}
	rb_json_put(listing, "active_filters", rb_val_json_c(&ctx->arena,
	    actives));
	memset(&clear, 0, sizeof(clear));
	clear.q = q->q;
	clear.category = q->q != NULL ? NULL : q->category;
	clear.min_price = clear.max_price = -1;
	clear.page = 1;
	clear.limit = q->limit;
	clear.sort = q->sort;
	rb_json_put_str(listing, "clear_href", href(ctx, path, &clear));
	rb_json_put(listing, "filtered", json_object_new_boolean(
	    rb_val_len(actives) > 0));
	/* "1 model", not "1 models" (every language here has its singular
	 * at exactly one, French also at zero, which lists say otherwise). */
	rb_json_put(listing, "one_model", json_object_new_boolean(
	    json_object_get_int64(json_object_object_get(listing, "total")) ==
	    1));
	sort_links(ctx, m, path, q, listing);
	page_links(ctx, path, q, listing);
}
