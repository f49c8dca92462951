/*
 * GET /{m}/c/{category} and GET /{m}/search?q=: the listing's facets and
 * results are two cached fragments (the facets do not depend on the sort
 * or the page, so one serves them all); the head (title, crumbs, links to
 * the other markets) is a third, small one. A warm page is three
 * memcached round trips and the layout; a cold one at most four queries.
 */
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "core/val.h"
#include "domain/catalog.h"
#include "domain/market.h"
#include "http/form.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/catalog_params.h"
#include "pages/errors.h"
#include "pages/fragment.h"
#include "pages/handlers.h"
#include "pages/shop/listing.h"
#include "pages/shop/shop.h"
#include "pages/view.h"

/* The fragments, and (for anonymous visitors, who all see the same
 * bytes) the whole page, fetched in the same round trip. */
enum { F_HEAD, F_FACETS, F_RESULTS, F_COUNT, F_PAGE = F_COUNT };

struct listing_page {
	const struct rb_market *m;
	struct catalog_query q;	    /* what the domain is asked */
	struct catalog_query links; /* what links carry: no category on
				     * a category page (it is the path) */
	const char *path;	    /* "/en-us/c/laptops", "/en-us/search" */
	const char *why;	    /* what a 400 names */
	const char *ns, *tag;	    /* the fragments' namespace, versions */
	struct rb_str keys[F_COUNT + 1], vals[F_COUNT + 1];
	struct json_object *head;   /* vals[F_HEAD] as built, else NULL */
};

static void
make_keys(struct rb_ctx *ctx, struct listing_page *p)
{
	struct rb_buf all, filters;

	p->ns = p->q.category != NULL && p->q.q == NULL ?
	    catalog_ns_category(&ctx->arena, p->m->code, p->q.category) :
	    catalog_ns_market(&ctx->arena, p->m->code);
	rb_buf_init(&all, &ctx->arena);
	rb_buf_init(&filters, &ctx->arena);
	rb_buf_printf(&all, "%s?", p->path);
	catalog_params_write(&all, &p->links, false, false);
	rb_buf_printf(&filters, "%s?", p->path);
	/* Facet links keep the sort: only the page is left out. */
	catalog_params_write(&filters, &p->links, true, false);
	p->keys[F_HEAD] = fragment_key(ctx, "list.head", p->ns,
	    rb_buf_str(&all));
	p->keys[F_FACETS] = fragment_key(ctx, "list.facets", p->ns,
	    rb_buf_str(&filters));
	p->keys[F_RESULTS] = fragment_key(ctx, "list.results", p->ns,
	    rb_buf_str(&all));
	p->keys[F_PAGE] = fragment_key(ctx, "list.page", p->ns,
	    rb_buf_str(&all));
}

/* The head fragment: what the layout shows around the fragments; *head
 * is it as an object. */
static struct rb_str
head_json(struct rb_ctx *ctx, struct json_object *listing,
    struct json_object **head)
{
	static const char *const keep[] = { "category", "breadcrumbs",
		"total", "query", "corrected_query" };
	struct json_object *h = rb_view_object(ctx);
	const char *s;

	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		json_object_object_add(h, keep[i], json_object_get(
		    json_object_object_get(listing, keep[i])));
	s = json_object_to_json_string_ext(h, JSON_C_TO_STRING_PLAIN);
	*head = h;
	return (struct rb_str){ s, strlen(s) };
}

/* Builds the listing and renders the missing fragments. */
static int
build(struct rb_ctx *ctx, struct rb_request *req, struct listing_page *p)
{
	struct json_object *listing, *view;
	static const char *const tmpl[F_COUNT] = { NULL,
		"shop/listing_facets", "shop/listing_results" };
	int rc;

	if ((rc = catalog_listing(ctx, p->m, &p->q, &listing, &p->why)) !=
	    RB_OK)
		return rc;
	listing_decorate(ctx, p->m, p->path, &p->links, listing);
	view = rb_view_page(ctx, p->m, NULL, req->request_id);
	rb_json_put(view, "listing", json_object_get(listing));
	p->vals[F_HEAD] = head_json(ctx, listing, &p->head);
	fragment_put(ctx, p->tag, p->keys[F_HEAD], p->vals[F_HEAD]);
	for (int i = F_FACETS; i < F_COUNT; i++) {
		struct rb_buf b;

		rb_buf_init(&b, &ctx->arena);
		if ((rc = rb_view_render(ctx, tmpl[i], view, &b)) != RB_OK)
			return rc;
		p->vals[i] = rb_buf_str(&b);
		fragment_put(ctx, p->tag, p->keys[i], p->vals[i]);
	}
	return RB_OK;
}

/* Links to the page in the other markets: a category's slug is in the
 * market's language. */
static void
alternates(struct rb_ctx *ctx, struct json_object *view,
    struct json_object *head)
{
	struct json_object *slugs = json_object_object_get(
	    json_object_object_get(head, "category"), "slugs");
	struct json_object *alts = json_object_new_array();
	const struct rb_markets *t = ctx->markets;

	for (size_t i = 0; i < t->n; i++) {
		const struct rb_market *m = &t->items[i];
		char lang[3];
		const char *slug;
		struct json_object *a;

		if (!m->active)
			continue;
		catalog_lang(m, lang);
		slug = json_object_get_string(json_object_object_get(slugs,
		    lang));
		if (slug == NULL)
			continue;
		a = json_object_new_object();
		rb_json_put_str(a, "hreflang", m->code);
		rb_json_put_str(a, "href", rb_arena_printf(&ctx->arena,
		    "%s/%s/c/%s", ctx->cfg->base_url, m->code, slug));
		json_object_array_add(alts, a);
	}
	rb_json_put(view, "alternates", alts);
}

static int
render(struct rb_ctx *ctx, struct rb_request *req, struct rb_response *resp,
    struct listing_page *p)
{
	struct json_object *view, *head;
	struct rb_buf canon;

	/* Built just now, the head is at hand; from the cache, parsed. */
	head = p->head != NULL ? json_object_get(p->head) :
	    json_tokener_parse(p->vals[F_HEAD].ptr);
	if (head == NULL)
		return RB_ERROR;
	view = rb_view_page(ctx, p->m, NULL, req->request_id);
	rb_json_put(view, "head", head);
	rb_json_put(view, "facets_html", rb_val_json_c(&ctx->arena,
	    rb_val_strn(p->vals[F_FACETS])));
	rb_json_put(view, "results_html", rb_val_json_c(&ctx->arena,
	    rb_val_strn(p->vals[F_RESULTS])));
	rb_buf_init(&canon, &ctx->arena);
	rb_buf_printf(&canon, "%s%s", ctx->cfg->base_url, p->path);
	if (p->q.q != NULL) {
		rb_buf_putc(&canon, '?');
		catalog_params_write(&canon, &p->links, false, false);
		/* Result pages of searches stay out of search engines. */
		rb_json_put(view, "noindex",
		    json_object_new_boolean(true));
	} else {
		struct catalog_query c = p->links;
		size_t mark = canon.len;

		/* Filters and sorts are views of one page; pages are not. */
		memset(&c, 0, sizeof(c));
		c.min_price = c.max_price = -1;
		c.page = p->q.page;
		c.limit = CATALOG_PAGE_SIZE;
		rb_buf_putc(&canon, '?');
		catalog_params_write(&canon, &c, false, false);
		if (canon.len == mark + 1)
			rb_buf_truncate(&canon, mark);
		alternates(ctx, view, head);
	}
	rb_json_put_str(view, "canonical", canon.data);
	rb_response_set_header(resp, "Cache-Control",
	    ctx->session != NULL ? "private, max-age=0" :
	    "public, max-age=60");
	return rb_view_render(ctx, "shop/listing", view, &resp->body);
}

static int
listing_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp, enum catalog_params_mode mode)
{
	struct listing_page p = { 0 };
	const struct rb_kv_list *fields;
	struct rb_err err;
	bool anonymous;
	int rc;

	if ((rc = shop_market(ctx, req, &p.m)) != RB_OK)
		return rc;
	rb_err_clear(&err);
	if (rb_request_query(req, &fields, &err) != RB_OK)
		return RB_INVALID;
	if (catalog_params_parse(fields, mode, &p.q, &err) != RB_OK) {
		rb_page_error(ctx, req, resp, 400, rb_arena_printf(&ctx->arena,
		    "%s: %s", err.field, err.msg));
		return RB_OK;
	}
	p.links = p.q;
	if (mode == CATALOG_PARAMS_CATEGORY) {
		struct rb_str slug = rb_request_param(req, "category");

		p.q.category = rb_arena_printf(&ctx->arena, "%.*s",
		    (int)slug.len, slug.ptr);
		p.path = rb_arena_printf(&ctx->arena, "/%s/c/%s", p.m->code,
		    p.q.category);
	} else
		p.path = rb_arena_printf(&ctx->arena, "/%s/search", p.m->code);
	make_keys(ctx, &p);
	anonymous = ctx->session == NULL;
	fragment_get(ctx, p.ns, p.keys, anonymous ? F_COUNT + 1 : F_COUNT,
	    p.vals, &p.tag);
	if (anonymous && p.vals[F_PAGE].ptr != NULL) {
		rb_response_set_header(resp, "Cache-Control",
		    "public, max-age=60");
		rb_buf_put_str(&resp->body, p.vals[F_PAGE]);
		return RB_OK;
	}
	if (p.vals[F_HEAD].ptr == NULL || p.vals[F_FACETS].ptr == NULL ||
	    p.vals[F_RESULTS].ptr == NULL) {
		rc = build(ctx, req, &p);
		/* On the search page the category is a filter: unknown, 400. */
		if (rc == RB_INVALID || (rc == RB_DECLINED && p.why != NULL &&
		    mode == CATALOG_PARAMS_SEARCH)) {
			rb_page_error(ctx, req, resp, 400,
			    rb_arena_printf(&ctx->arena, "%s: %s",
			    p.why ? p.why : "category", rb_tr(ctx,
			    p.m->locale, N_("no such filter value here"))));
			return RB_OK;
		}
		if (rc != RB_OK)
			return rc;
	}
	if ((rc = render(ctx, req, resp, &p)) == RB_OK && anonymous)
		fragment_put(ctx, p.tag, p.keys[F_PAGE], rb_buf_str(&resp->body));
	return rc;
}

int
shop_category_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	return listing_show(ctx, req, resp, CATALOG_PARAMS_CATEGORY);
}

int
shop_search_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	return listing_show(ctx, req, resp, CATALOG_PARAMS_SEARCH);
}
