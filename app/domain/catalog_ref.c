#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/rc.h"
#include "db/db.h"
#include "domain/catalog_ref.h"

/*
 * The statements below each sort their rows by their entity's key, so one
 * entity's translations are consecutive: texts() takes the run that starts
 * at row r.
 */
static struct catalog_ref_text *
texts(struct rb_arena *a, PGresult *res, int *r, int key, int lang, int slug,
    int name, int description, size_t *n)
{
	const char *k = PQgetvalue(res, *r, key);
	int end = *r;
	struct catalog_ref_text *t;

	while (end < PQntuples(res) &&
	    strcmp(PQgetvalue(res, end, key), k) == 0)
		end++;
	t = rb_arena_calloc(a, (size_t)(end - *r) * sizeof(*t) + 1);
	for (*n = 0; *r < end; (*r)++, (*n)++) {
		struct catalog_ref_text *x = &t[*n];

		snprintf(x->lang, sizeof(x->lang), "%s",
		    PQgetvalue(res, *r, lang));
		x->slug = slug < 0 ? NULL :
		    rb_arena_strdup(a, PQgetvalue(res, *r, slug));
		x->name = rb_arena_strdup(a, PQgetvalue(res, *r, name));
		x->description = description < 0 ? NULL :
		    rb_arena_strdup(a, PQgetvalue(res, *r, description));
	}
	return t;
}

static bool
is_true(PGresult *res, int r, int c)
{
	return PQgetvalue(res, r, c)[0] == 't';
}

/* CATALOG_REF_CATEGORIES: id, parent, path "1,4", active, icon, texts. */
static void
load_categories(struct catalog_ref *ref, PGresult *res)
{
	int n = PQntuples(res);

	ref->categories = rb_arena_calloc(&ref->arena,
	    (size_t)n * sizeof(*ref->categories) + 1);
	for (int r = 0; r < n;) {
		struct catalog_ref_category *c =
		    &ref->categories[ref->ncategories++];
		const char *p = PQgetvalue(res, r, 2);

		c->id = atoi(PQgetvalue(res, r, 0));
		c->parent_id = atoi(PQgetvalue(res, r, 1));
		for (; *p && c->npath < CATALOG_REF_MAX_DEPTH; p++) {
			c->path[c->npath++] = atoi(p);
			p += strspn(p, "0123456789");
			if (*p == '\0')
				break;
		}
		c->active = is_true(res, r, 3);
		c->icon = rb_arena_strdup(&ref->arena, PQgetvalue(res, r, 4));
		c->t = texts(&ref->arena, res, &r, 0, 5, 6, 7, 8, &c->nt);
	}
}

static void
load_brands(struct catalog_ref *ref, PGresult *res)
{
	int n = PQntuples(res);

	ref->brands = rb_arena_calloc(&ref->arena,
	    (size_t)n * sizeof(*ref->brands) + 1);
	for (int r = 0; r < n; r++)
		ref->brands[ref->nbrands++] = (struct catalog_ref_brand){
			atoi(PQgetvalue(res, r, 0)),
			rb_arena_strdup(&ref->arena, PQgetvalue(res, r, 1)),
			rb_arena_strdup(&ref->arena, PQgetvalue(res, r, 2)),
			is_true(res, r, 3),
		};
}

/* CATALOG_REF_ATTRIBUTES: code, kind, unit, facet, position, labels. */
static void
load_attributes(struct catalog_ref *ref, PGresult *res)
{
	struct rb_arena *a = &ref->arena;
	int n = PQntuples(res);

	ref->attrs = rb_arena_calloc(a, (size_t)n * sizeof(*ref->attrs) + 1);
	for (int r = 0; r < n;) {
		struct catalog_ref_attribute *x = &ref->attrs[ref->nattrs++];

		x->code = rb_arena_strdup(a, PQgetvalue(res, r, 0));
		x->kind = rb_arena_strdup(a, PQgetvalue(res, r, 1));
		x->unit = rb_arena_strdup(a, PQgetvalue(res, r, 2));
		x->facet = rb_arena_strdup(a, PQgetvalue(res, r, 3));
		x->position = atoi(PQgetvalue(res, r, 4));
		x->t = texts(a, res, &r, 0, 5, -1, 6, -1, &x->nt);
	}
}

static const struct catalog_ref_attribute *
attribute(const struct catalog_ref *ref, const char *code)
{
	for (size_t i = 0; i < ref->nattrs; i++)
		if (strcmp(ref->attrs[i].code, code) == 0)
			return &ref->attrs[i];
	return NULL;
}

static void
load_links(struct catalog_ref *ref, PGresult *res)
{
	int n = PQntuples(res);

	ref->links = rb_arena_calloc(&ref->arena,
	    (size_t)n * sizeof(*ref->links) + 1);
	for (int r = 0; r < n; r++) {
		const struct catalog_ref_attribute *x = attribute(ref,
		    PQgetvalue(res, r, 1));

		if (x != NULL) /* an attribute without any label */
			ref->links[ref->nlinks++] = (struct catalog_ref_link){
				atoi(PQgetvalue(res, r, 0)), x,
				atoi(PQgetvalue(res, r, 2)) };
	}
}

static void
load_grades(struct catalog_ref *ref, PGresult *res)
{
	int n = PQntuples(res);

	ref->grades = rb_arena_calloc(&ref->arena,
	    (size_t)n * sizeof(*ref->grades) + 1);
	for (int r = 0; r < n;) {
		struct catalog_ref_grade *g = &ref->grades[ref->ngrades++];

		g->code = rb_arena_strdup(&ref->arena, PQgetvalue(res, r, 0));
		g->battery_floor = atoi(PQgetvalue(res, r, 4));
		g->t = texts(&ref->arena, res, &r, 0, 1, -1, 2, 3, &g->nt);
	}
}

/*
 * Loads every table in one round trip. The version was read before: data
 * read after it is never older, and a newer change bumps the version
 * again, so the next page reloads.
 */
static struct catalog_ref *
load(struct rb_ctx *ctx, int64_t version)
{
	struct rb_db_call calls[] = {
		{ RB_STMT_CATALOG_REF_CATEGORIES, 0, NULL, NULL },
		{ RB_STMT_CATALOG_REF_BRANDS, 0, NULL, NULL },
		{ RB_STMT_CATALOG_REF_ATTRIBUTES, 0, NULL, NULL },
		{ RB_STMT_CATALOG_REF_CATEGORY_ATTRIBUTES, 0, NULL, NULL },
		{ RB_STMT_CATALOG_REF_GRADES, 0, NULL, NULL },
	};
	struct catalog_ref *ref;

	if (rb_db_query_batch(ctx->db, &ctx->arena, calls,
	    sizeof(calls) / sizeof(calls[0])) != RB_OK)
		return NULL;
	ref = rb_xcalloc(1, sizeof(*ref));
	rb_arena_init(&ref->arena, 64 * 1024);
	ref->version = version;
	load_categories(ref, calls[0].res);
	load_brands(ref, calls[1].res);
	load_attributes(ref, calls[2].res);
	load_links(ref, calls[3].res);
	load_grades(ref, calls[4].res);
	rb_log_info("catalog: reference data version %lld loaded",
	    (long long)version);
	return ref;
}

const struct catalog_ref *
catalog_ref_get(struct rb_ctx *ctx, const char *version)
{
	int64_t v = strtoll(version, NULL, 10);
	struct catalog_ref *ref;

	if (ctx->catalog_ref != NULL && ctx->catalog_ref->version == v)
		return ctx->catalog_ref;
	if ((ref = load(ctx, v)) == NULL)
		return NULL;
	catalog_ref_free(ctx->catalog_ref);
	ctx->catalog_ref = ref;
	return ref;
}

int
catalog_ref_preload(struct rb_ctx *ctx)
{
	PGresult *res;

	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_CATALOG_REF_VERSION, &res,
	    0, NULL) != RB_OK || PQntuples(res) != 1)
		return RB_ERROR;
	return catalog_ref_get(ctx, PQgetvalue(res, 0, 0)) != NULL ? RB_OK :
	    RB_ERROR;
}

void
catalog_ref_free(struct catalog_ref *ref)
{
	if (ref == NULL)
		return;
	rb_arena_release(&ref->arena);
	free(ref);
}

const struct catalog_ref_text *
catalog_ref_text(const struct catalog_ref_text *t, size_t n, const char *lang)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].lang, lang) == 0)
			return &t[i];
	return NULL;
}

const struct catalog_ref_category *
catalog_ref_category(const struct catalog_ref *ref, int id)
{
	for (size_t i = 0; i < ref->ncategories; i++)
		if (ref->categories[i].id == id)
			return &ref->categories[i];
	return NULL;
}

const struct catalog_ref_text *
catalog_ref_category_text(const struct catalog_ref *ref, int id,
    const char *lang, const struct catalog_ref_category **cat)
{
	const struct catalog_ref_category *c = catalog_ref_category(ref, id);

	if (cat != NULL)
		*cat = c;
	return c != NULL ? catalog_ref_text(c->t, c->nt, lang) : NULL;
}

const struct catalog_ref_category *
catalog_ref_category_by_slug(const struct catalog_ref *ref, const char *lang,
    const char *slug)
{
	for (size_t i = 0; i < ref->ncategories; i++) {
		const struct catalog_ref_category *c = &ref->categories[i];
		const struct catalog_ref_text *t = catalog_ref_text(c->t, c->nt,
		    lang);

		if (c->active && t != NULL && strcmp(t->slug, slug) == 0)
			return c;
	}
	return NULL;
}

const struct catalog_ref_brand *
catalog_ref_brand(const struct catalog_ref *ref, int id)
{
	for (size_t i = 0; i < ref->nbrands; i++)
		if (ref->brands[i].id == id)
			return &ref->brands[i];
	return NULL;
}

const struct catalog_ref_brand *
catalog_ref_brand_by_slug(const struct catalog_ref *ref, const char *slug)
{
	for (size_t i = 0; i < ref->nbrands; i++)
		if (ref->brands[i].active &&
		    strcmp(ref->brands[i].slug, slug) == 0)
			return &ref->brands[i];
	return NULL;
}

static int
cmp_link(const void *a, const void *b)
{
	const struct catalog_ref_link *x =
	    *(const struct catalog_ref_link *const *)a;
	const struct catalog_ref_link *y =
	    *(const struct catalog_ref_link *const *)b;

	if (x->position != y->position)
		return x->position < y->position ? -1 : 1;
	return x->attr->position < y->attr->position ? -1 :
	    x->attr->position > y->attr->position;
}

size_t
catalog_ref_attributes(const struct catalog_ref *ref,
    const struct catalog_ref_category *cat, const char *lang, bool facets,
    const struct catalog_ref_link **out)
{
	size_t n = 0;

	for (size_t i = 0; i < ref->nlinks; i++) {
		const struct catalog_ref_link *k = &ref->links[i];

		if (catalog_ref_within(cat, k->category_id) &&
		    (!facets || strcmp(k->attr->facet, "none") != 0) &&
		    catalog_ref_text(k->attr->t, k->attr->nt, lang) != NULL)
			out[n++] = k;
	}
	qsort(out, n, sizeof(*out), cmp_link);
	return n;
}

bool
catalog_ref_within(const struct catalog_ref_category *c, int ancestor)
{
	for (size_t i = 0; i < c->npath; i++)
		if (c->path[i] == ancestor)
			return true;
	return false;
}
