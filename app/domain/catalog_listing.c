/*
 * Category and search listings: at most four queries, whatever the
 * filters. CATALOG_CONTEXT resolves the category, the brands and the
 * attribute facets and proposes a corrected search text; the FACETS
 * statement counts every facet and the total in one pass; the ITEMS
 * statement reads one page. A search that finds nothing is run once more
 * with the correction ("did you mean").
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/catalog.h"
#include "domain/catalog_rows.h"
#include "domain/grade.h"
#include "domain/market.h"

struct listing {
	struct rb_ctx *ctx;
	const struct rb_market *m;
	const struct catalog_query *q;
	char lang[3];
	char ts_config[16];
	const char *search;	/* the text searched (q, or its correction) */
	/* parameters $1..$8 shared by every listing statement */
	const char *p[8];
	struct json_object *attr_defs; /* [{code, kind, unit, label}] */
	struct json_object *grade_names; /* {"premium": "Premium", ...} */
	struct json_object *view;	/* what catalog_listing returns */
};

/* A PostgreSQL array literal of strings, every element quoted. */
static const char *
text_array(struct rb_arena *a, const char *const *v, size_t n)
{
	struct rb_buf b;

	rb_buf_init(&b, a);
	rb_buf_putc(&b, '{');
	for (size_t i = 0; i < n; i++) {
		rb_buf_puts(&b, i ? ",\"" : "\"");
		for (const char *s = v[i]; *s; s++) {
			if (*s == '"' || *s == '\\')
				rb_buf_putc(&b, '\\');
			rb_buf_putc(&b, *s);
		}
		rb_buf_putc(&b, '"');
	}
	rb_buf_putc(&b, '}');
	return b.data;
}

static const char *
grades_array(struct rb_arena *a, unsigned mask)
{
	const char *v[GRADE_COUNT];
	size_t n = 0, ndefs;
	const struct grade_def *g = grade_defs(&ndefs);

	for (size_t i = 0; i < ndefs; i++)
		if (mask & (1u << g[i].grade))
			v[n++] = g[i].code;
	return text_array(a, v, n);
}

static const char *
int_array(struct rb_arena *a, const int *v, size_t n)
{
	struct rb_buf b;

	rb_buf_init(&b, a);
	rb_buf_putc(&b, '{');
	for (size_t i = 0; i < n; i++)
		rb_buf_printf(&b, i ? ",%d" : "%d", v[i]);
	rb_buf_putc(&b, '}');
	return b.data;
}

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

static struct json_object *
attr_def(struct json_object *defs, const char *code)
{
	size_t n = defs ? json_object_array_length(defs) : 0;

	for (size_t i = 0; i < n; i++) {
		struct json_object *d = json_object_array_get_idx(defs, i);

		if (strcmp(catalog_json_str(d, "code"), code) == 0)
			return d;
	}
	return NULL;
}

/*
 * {"screen_in": [6.1, 6.7], "chip": ["A15 Bionic"]}: each value typed as
 * the attribute is, so jsonb containment compares like with like.
 */
static int
attr_filter(struct listing *l, const char **out, const char **why)
{
	const struct catalog_query *q = l->q;
	struct rb_buf b;

	rb_buf_init(&b, &l->ctx->arena);
	rb_buf_putc(&b, '{');
	for (size_t i = 0; i < q->nattrs; i++) {
		const struct catalog_attr_filter *f = &q->attrs[i];
		struct json_object *d = attr_def(l->attr_defs, f->code);
		const char *kind;

		if (d == NULL) {
			*why = f->code;
			return RB_INVALID;
		}
		kind = catalog_json_str(d, "kind");
		rb_buf_puts(&b, i ? "," : "");
		rb_buf_append_json(&b, f->code, strlen(f->code));
		rb_buf_puts(&b, ":[");
		for (size_t j = 0; j < f->nvalues; j++) {
			const char *v = f->values[j];

			rb_buf_puts(&b, j ? "," : "");
			if (strcmp(kind, "number") == 0 && is_decimal(v))
				rb_buf_puts(&b, v);
			else if (strcmp(kind, "boolean") == 0 &&
			    (strcmp(v, "true") == 0 || strcmp(v, "false") == 0))
				rb_buf_puts(&b, v);
			else if (strcmp(kind, "text") == 0)
				rb_buf_append_json(&b, v, strlen(v));
			else {
				*why = f->code;
				return RB_INVALID;
			}
		}
		rb_buf_putc(&b, ']');
	}
	rb_buf_putc(&b, '}');
	*out = b.data;
	return RB_OK;
}

/* CATALOG_CONTEXT: the category, the brands, the facets, a correction. */
static int
load_context(struct listing *l, const char **why)
{
	struct rb_ctx *ctx = l->ctx;
	const struct catalog_query *q = l->q;
	const char *params[4];
	PGresult *res;
	int rc;

	params[0] = l->lang;
	params[1] = q->category;
	params[2] = text_array(&ctx->arena, q->brands, q->nbrands);
	params[3] = q->q;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_CATALOG_CONTEXT, &res,
	    4, params) != RB_OK)
		return RB_ERROR;
	if (q->category != NULL && PQgetisnull(res, 0, 0)) {
		*why = "category";
		return RB_DECLINED;
	}
	if (q->nbrands > 0 &&
	    catalog_pg_array_len(PQgetvalue(res, 0, 8)) != q->nbrands) {
		*why = "brand";
		return RB_INVALID;
	}
	/* A search without a category is not restricted (its statement
	 * takes "{}" as "any"); a plain list is every category's. */
	l->p[1] = q->q != NULL && q->category == NULL ? "{}" :
	    PQgetvalue(res, 0, 5);
	l->p[2] = PQgetvalue(res, 0, 8);
	l->attr_defs = catalog_json_parse(ctx, res, 0, 7);
	l->grade_names = catalog_json_parse(ctx, res, 0, 9);
	if ((rc = attr_filter(l, &l->p[7], why)) != RB_OK)
		return rc;
	if (q->category != NULL) {
		struct json_object *c = json_object_new_object();

		catalog_json_put_str(c, "slug", PQgetvalue(res, 0, 2));
		catalog_json_put_str(c, "name", PQgetvalue(res, 0, 1));
		catalog_json_put_str(c, "description", PQgetvalue(res, 0, 4));
		catalog_json_put_str(c, "image", rb_arena_printf(&ctx->arena,
		    "/static/img/cat/%s.svg", PQgetvalue(res, 0, 3)));
		catalog_json_put_str(c, "url", rb_arena_printf(&ctx->arena,
		    "/%s/c/%s", l->m->code, PQgetvalue(res, 0, 2)));
		/* Its slug in every language, for the hreflang alternates. */
		json_object_object_add(c, "slugs", json_object_get(
		    catalog_json_parse(ctx, res, 0, 10)));
		json_object_object_add(l->view, "category", c);
		json_object_object_add(l->view, "breadcrumbs",
		    catalog_crumbs(ctx, l->m, catalog_json_parse(ctx, res, 0, 6)));
	}
	if (q->q != NULL && !PQgetisnull(res, 0, 11))
		l->search = PQgetvalue(res, 0, 11); /* used only on 0 hits */
	return RB_OK;
}

/* The value labels of an attribute facet: "6.1 in", "Yes", "A15 Bionic". */
static const char *
attr_value_label(struct listing *l, struct json_object *def,
    struct json_object *v)
{
	const char *unit = catalog_json_str(def, "unit");

	switch (json_object_get_type(v)) {
	case json_type_boolean:
		return rb_tr(l->ctx, l->m->locale,
		    json_object_get_boolean(v) ? N_("Yes") : N_("No"));
	case json_type_string:
		return json_object_get_string(v);
	default:
		return *unit ? rb_arena_printf(&l->ctx->arena, "%s %s",
		    json_object_to_json_string(v), unit) :
		    json_object_to_json_string(v);
	}
}

static struct json_object *
values_facet(const char *code, const char *label)
{
	struct json_object *f = json_object_new_object();

	catalog_json_put_str(f, "code", code);
	catalog_json_put_str(f, "label", label);
	catalog_json_put_str(f, "kind", "values");
	json_object_object_add(f, "values", json_object_new_array());
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

static void
add_value(struct json_object *f, const char *value, const char *label,
    int64_t count, bool sel)
{
	struct json_object *v = json_object_new_object();

	catalog_json_put_str(v, "value", value);
	catalog_json_put_str(v, "label", label);
	json_object_object_add(v, "count", json_object_new_int64(count));
	json_object_object_add(v, "selected", json_object_new_boolean(sel));
	json_object_array_add(json_object_object_get(f, "values"), v);
}

struct facets {
	struct json_object *category, *brand, *grade, *storage, *price;
	struct json_object *attrs; /* code -> facet */
	int64_t total;
};

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
facet_row(struct listing *l, struct facets *f, PGresult *res, int r)
{
	const char *kind = PQgetvalue(res, r, 0), *value = PQgetvalue(res, r, 1);
	const char *label = PQgetvalue(res, r, 2);
	int64_t count = catalog_col_i64(res, r, 3);
	const struct catalog_query *q = l->q;

	if (strcmp(kind, "total") == 0)
		f->total = count;
	else if (strcmp(kind, "brand") == 0)
		add_value(f->brand, value, label, count,
		    selected(q->brands, q->nbrands, value));
	else if (strcmp(kind, "category") == 0)
		add_value(f->category, value, label, count,
		    q->category != NULL && strcmp(q->category, value) == 0);
	else if (strcmp(kind, "grade") == 0) {
		int g = grade_parse(rb_str_c(value));

		add_value(f->grade, value,
		    catalog_json_str(l->grade_names, value), count,
		    g >= 0 && (q->grades & (1u << g)));
	} else if (strcmp(kind, "storage") == 0) {
		int gb = atoi(value);

		add_value(f->storage, value, catalog_storage_label(l->ctx, gb),
		    count, storage_selected(q, gb));
	} else if (strcmp(kind, "attr") == 0) {
		struct json_object *def = attr_def(l->attr_defs, value);
		struct json_object *facet = json_object_object_get(f->attrs,
		    value);
		struct json_object *v = json_tokener_parse(label);
		const struct catalog_attr_filter *af = attr_query(q, value);
		const char *text;

		if (def == NULL || facet == NULL || v == NULL) {
			json_object_put(v);
			return;
		}
		text = json_object_get_type(v) == json_type_string ?
		    json_object_get_string(v) : json_object_to_json_string(v);
		add_value(facet, text, attr_value_label(l, def, v), count,
		    af != NULL && selected(af->values, af->nvalues, text));
		json_object_put(v);
	} else if (strcmp(kind, "price") == 0 && *value) {
		json_object_object_add(f->price, "min",
		    catalog_money(l->m, strtoll(value, NULL, 10)));
		json_object_object_add(f->price, "max",
		    catalog_money(l->m, strtoll(label, NULL, 10)));
	}
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
	return strcmp(json_object_get_string(json_object_object_get(x,
	    "label")), json_object_get_string(json_object_object_get(y,
	    "label")));
}

static int
cmp_number(const void *a, const void *b)
{
	struct json_object *x = *(struct json_object *const *)a;
	struct json_object *y = *(struct json_object *const *)b;
	const char *vx = json_object_get_string(json_object_object_get(x,
	    "value"));
	const char *vy = json_object_get_string(json_object_object_get(y,
	    "value"));
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

	return grade_parse(rb_str_c(json_object_get_string(
	    json_object_object_get(x, "value")))) -
	    grade_parse(rb_str_c(json_object_get_string(
	    json_object_object_get(y, "value"))));
}

static void
sort_values(struct json_object *facet,
    int (*cmp)(const void *, const void *))
{
	json_object_array_sort(json_object_object_get(facet, "values"), cmp);
}

/* Runs the facets statement for l->search (or none); fills f. */
static int
run_facets(struct listing *l, struct facets *f)
{
	struct rb_ctx *ctx = l->ctx;
	const char *params[12];
	const char *codes[CATALOG_MAX_VALUES * 2];
	size_t ncodes = 0, ndefs;
	PGresult *res;
	bool search = l->search != NULL;

	ndefs = l->attr_defs ? json_object_array_length(l->attr_defs) : 0;
	f->attrs = json_object_new_object();
	for (size_t i = 0; i < ndefs && ncodes < sizeof(codes) /
	    sizeof(codes[0]); i++) {
		struct json_object *d = json_object_array_get_idx(l->attr_defs,
		    i);

		codes[ncodes++] = catalog_json_str(d, "code");
		json_object_object_add(f->attrs, catalog_json_str(d, "code"),
		    values_facet(catalog_json_str(d, "code"),
		    catalog_json_str(d, "label")));
	}
	memcpy(params, l->p, sizeof(l->p));
	params[8] = text_array(&ctx->arena, codes, ncodes);
	params[9] = l->lang;
	params[10] = l->ts_config;
	params[11] = l->search;
	if (rb_db_query(ctx->db, &ctx->arena, search ?
	    RB_STMT_CATALOG_SEARCH_FACETS : RB_STMT_CATALOG_FACETS, &res,
	    search ? 12 : 10, params) != RB_OK)
		return RB_ERROR;
	f->category = values_facet("category",
	    rb_tr(ctx, l->m->locale, N_("Category")));
	f->brand = values_facet("brand",
	    rb_tr(ctx, l->m->locale, N_("Brand")));
	f->grade = values_facet("grade",
	    rb_tr(ctx, l->m->locale, N_("Condition")));
	f->storage = values_facet("storage",
	    rb_tr(ctx, l->m->locale, N_("Storage")));
	f->price = json_object_new_object();
	catalog_json_put_str(f->price, "code", "price");
	catalog_json_put_str(f->price, "label",
	    rb_tr(ctx, l->m->locale, N_("Price")));
	catalog_json_put_str(f->price, "kind", "range");
	json_object_object_add(f->price, "min", NULL);
	json_object_object_add(f->price, "max", NULL);
	json_object_object_add(f->price, "selected_min", l->q->min_price >= 0 ?
	    json_object_new_int64(l->q->min_price) : NULL);
	json_object_object_add(f->price, "selected_max", l->q->max_price >= 0 ?
	    json_object_new_int64(l->q->max_price) : NULL);
	f->total = 0;
	for (int r = 0; r < PQntuples(res); r++)
		facet_row(l, f, res, r);
	return RB_OK;
}

static void
free_facets(struct facets *f)
{
	json_object_put(f->category);
	json_object_put(f->brand);
	json_object_put(f->grade);
	json_object_put(f->storage);
	json_object_put(f->price);
	json_object_put(f->attrs);
	memset(f, 0, sizeof(*f));
}

static bool
has_values(struct json_object *facet)
{
	return json_object_array_length(json_object_object_get(facet,
	    "values")) > 0;
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

/*
 * A chosen value that matches nothing any more still shows, with a count
 * of 0, so the shopper sees the filter and can remove it.
 */
static void
keep_selected(struct listing *l, struct facets *f)
{
	const struct catalog_query *q = l->q;
	size_t ngrades;
	const struct grade_def *g = grade_defs(&ngrades);

	for (size_t i = 0; i < q->nbrands; i++)
		if (!has_value(f->brand, q->brands[i]))
			add_value(f->brand, q->brands[i], q->brands[i], 0, true);
	for (size_t i = 0; i < ngrades; i++)
		if ((q->grades & (1u << g[i].grade)) &&
		    !has_value(f->grade, g[i].code))
			add_value(f->grade, g[i].code, catalog_json_str(
			    l->grade_names, g[i].code), 0, true);
	for (size_t i = 0; i < q->nstorages; i++) {
		const char *v = rb_arena_printf(&l->ctx->arena, "%d",
		    q->storages[i]);

		if (!has_value(f->storage, v))
			add_value(f->storage, v, catalog_storage_label(l->ctx,
			    q->storages[i]), 0, true);
	}
	for (size_t i = 0; i < q->nattrs; i++) {
		struct json_object *facet = json_object_object_get(f->attrs,
		    q->attrs[i].code);

		for (size_t j = 0; facet != NULL && j < q->attrs[i].nvalues;
		    j++)
			if (!has_value(facet, q->attrs[i].values[j]))
				add_value(facet, q->attrs[i].values[j],
				    q->attrs[i].values[j], 0, true);
	}
}

/* The facets in display order, each with at least one value. */
static struct json_object *
facet_list(struct listing *l, struct facets *f)
{
	struct json_object *list = json_object_new_array();
	struct json_object *fixed[] = { f->category, f->brand, f->grade,
		f->storage };
	size_t ndefs = l->attr_defs ? json_object_array_length(l->attr_defs) :
	    0;

	keep_selected(l, f);
	sort_values(f->category, cmp_count_desc);
	sort_values(f->brand, cmp_count_desc);
	sort_values(f->grade, cmp_grade);
	sort_values(f->storage, cmp_number);
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (has_values(fixed[i]))
			json_object_array_add(list, json_object_get(fixed[i]));
	if (json_object_object_get(f->price, "min") != NULL)
		json_object_array_add(list, json_object_get(f->price));
	for (size_t i = 0; i < ndefs; i++) {
		struct json_object *d = json_object_array_get_idx(l->attr_defs,
		    i);
		struct json_object *facet = json_object_object_get(f->attrs,
		    catalog_json_str(d, "code"));

		sort_values(facet, strcmp(catalog_json_str(d, "kind"),
		    "number") == 0 ? cmp_number : cmp_count_desc);
		if (has_values(facet))
			json_object_array_add(list, json_object_get(facet));
	}
	return list;
}

/* The grades a card lists: each with a live offer, best grade first. */
static struct json_object *
card_grades(struct listing *l, PGresult *res, int r)
{
	struct json_object *list = json_object_new_array();
	size_t n;
	const struct grade_def *g = grade_defs(&n);

	for (size_t i = 0; i < n; i++) {
		struct json_object *o;

		if (PQgetisnull(res, r, 7 + (int)i))
			continue;
		o = json_object_new_object();
		catalog_json_put_str(o, "grade", g[i].code);
		catalog_json_put_str(o, "name",
		    catalog_json_str(l->grade_names, g[i].code));
		json_object_object_add(o, "price", catalog_money(l->m,
		    catalog_col_i64(res, r, 7 + (int)i)));
		json_object_array_add(list, o);
	}
	return list;
}

static struct json_object *
listing_card(struct listing *l, PGresult *res, int r)
{
	struct catalog_card_row row = {
		.id = catalog_col_i64(res, r, 0),
		.slug = PQgetvalue(res, r, 1),
		.model = PQgetvalue(res, r, 2),
		.brand_slug = PQgetvalue(res, r, 3),
		.brand_name = PQgetvalue(res, r, 4),
		.from_price = catalog_col_i64(res, r, 5),
		.icon = PQgetvalue(res, r, 14),
	};
	struct json_object *c = catalog_card(l->ctx, l->m, &row);
	struct json_object *cat = json_object_new_object();
	struct json_object *storages = json_object_new_array();

	for (const char *s = PQgetvalue(res, r, 11); *s;) {
		json_object_array_add(storages,
		    json_object_new_int(atoi(s)));
		s += strcspn(s, ",");
		s += *s == ',';
	}
	catalog_json_put_str(cat, "slug", PQgetvalue(res, r, 15));
	catalog_json_put_str(cat, "name", PQgetvalue(res, r, 16));
	json_object_object_add(c, "category", cat);
	json_object_object_add(c, "grades", card_grades(l, res, r));
	json_object_object_add(c, "storages", storages);
	json_object_object_add(c, "offer_count",
	    json_object_new_int64(catalog_col_i64(res, r, 12)));
	json_object_object_add(c, "release_year",
	    json_object_new_int64(catalog_col_i64(res, r, 13)));
	json_object_object_add(c, "rating", NULL);
	return c;
}

static int
run_items(struct listing *l, int64_t total)
{
	struct rb_ctx *ctx = l->ctx;
	const struct catalog_query *q = l->q;
	const char *params[16];
	struct json_object *items = json_object_new_array();
	PGresult *res;
	bool search = l->search != NULL;
	int64_t offset = q->has_cursor ? 0 :
	    (int64_t)(q->page - 1) * q->limit;
	int64_t remaining = 0;
	int n;

	json_object_object_add(l->view, "items", items);
	json_object_object_add(l->view, "next_cursor", NULL);
	if (total == 0)
		return RB_OK;
	memcpy(params, l->p, sizeof(l->p));
	params[8] = catalog_sort_name(q->sort);
	params[9] = rb_arena_printf(&ctx->arena, "%d", q->limit);
	params[10] = rb_arena_printf(&ctx->arena, "%" PRId64, offset);
	params[11] = q->has_cursor ? rb_arena_printf(&ctx->arena, "%" PRId64,
	    q->cursor_key) : NULL;
	params[12] = q->has_cursor ? rb_arena_printf(&ctx->arena, "%" PRId64,
	    q->cursor_tie) : NULL;
	params[13] = l->lang;
	params[14] = l->ts_config;
	params[15] = l->search;
	if (rb_db_query(ctx->db, &ctx->arena, search ?
	    RB_STMT_CATALOG_SEARCH_ITEMS : RB_STMT_CATALOG_ITEMS, &res,
	    search ? 16 : 14, params) != RB_OK)
		return RB_ERROR;
	n = PQntuples(res);
	for (int r = 0; r < n; r++) {
		json_object_array_add(items, listing_card(l, res, r));
		remaining = catalog_col_i64(res, r, 19);
	}
	if (n > 0 && offset + n < remaining) {
		struct rb_buf b;

		rb_buf_init(&b, &ctx->arena);
		catalog_cursor_encode(&b, q->sort,
		    catalog_col_i64(res, n - 1, 17),
		    catalog_col_i64(res, n - 1, 18));
		json_object_object_add(l->view, "next_cursor",
		    json_object_new_string_len(b.data, (int)b.len));
	}
	return RB_OK;
}

static void
listing_init(struct listing *l, struct rb_ctx *ctx, const struct rb_market *m,
    const struct catalog_query *q)
{
	memset(l, 0, sizeof(*l));
	l->ctx = ctx;
	l->m = m;
	l->q = q;
	catalog_lang(m, l->lang);
	snprintf(l->ts_config, sizeof(l->ts_config), "rebound_%s", l->lang);
	l->p[0] = m->code;
	l->p[3] = grades_array(&ctx->arena, q->grades);
	l->p[4] = int_array(&ctx->arena, q->storages, q->nstorages);
	l->p[5] = q->min_price >= 0 ? rb_arena_printf(&ctx->arena, "%" PRId64,
	    q->min_price) : NULL;
	l->p[6] = q->max_price >= 0 ? rb_arena_printf(&ctx->arena, "%" PRId64,
	    q->max_price) : NULL;
	l->view = json_object_new_object();
}

int
catalog_listing(struct rb_ctx *ctx, const struct rb_market *m,
    const struct catalog_query *q, struct json_object **out,
    const char **why)
{
	struct listing l;
	struct facets f = { 0 };
	const char *correction;
	int64_t pages;
	int rc;

	listing_init(&l, ctx, m, q);
	*out = NULL;
	*why = NULL;
	if ((rc = load_context(&l, why)) != RB_OK)
		goto fail;
	correction = l.search;
	l.search = q->q;
	if ((rc = run_facets(&l, &f)) != RB_OK)
		goto fail;
	json_object_object_add(l.view, "query", q->q ?
	    json_object_new_string(q->q) : NULL);
	json_object_object_add(l.view, "corrected_query", NULL);
	if (q->q != NULL && f.total == 0 && correction != NULL &&
	    strcmp(correction, q->q) != 0) {
		free_facets(&f);
		l.search = correction;
		if ((rc = run_facets(&l, &f)) != RB_OK)
			goto fail;
		if (f.total > 0)
			json_object_object_add(l.view, "corrected_query",
			    json_object_new_string(correction));
	}
	/* A page past the last is no page (a stale link): 404. */
	if (!q->has_cursor && q->page > 1 &&
	    (int64_t)(q->page - 1) * q->limit >= f.total) {
		rc = RB_DECLINED;
		goto fail;
	}
	if ((rc = run_items(&l, f.total)) != RB_OK)
		goto fail;
	json_object_object_add(l.view, "total", json_object_new_int64(f.total));
	json_object_object_add(l.view, "facets", facet_list(&l, &f));
	pages = (f.total + q->limit - 1) / q->limit;
	json_object_object_add(l.view, "page", json_object_new_int(q->page));
	json_object_object_add(l.view, "pages", json_object_new_int64(
	    pages < CATALOG_MAX_PAGE ? pages : CATALOG_MAX_PAGE));
	json_object_object_add(l.view, "sort",
	    json_object_new_string(catalog_sort_name(q->sort)));
	free_facets(&f);
	*out = catalog_json_own(ctx, l.view);
	return RB_OK;
fail:
	free_facets(&f);
	json_object_put(l.view);
	return rc;
}
