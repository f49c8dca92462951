/*
 * The catalog API (DESIGN.md §4): markets, categories, product lists and
 * search, product detail. Each answer is the view model the pages use,
 * serialised once and kept whole in memcached under the namespaces that
 * invalidate it; its ETag is a hash of the bytes, so If-None-Match costs
 * one cache round trip and no body.
 */
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "core/secret.h"
#include "domain/catalog.h"
#include "domain/market.h"
#include "http/form.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/catalog_params.h"
#include "pages/fragment.h"
#include "pages/handlers.h"
#include "pages/shop/shop.h"
#include "pages/view.h"

/* Does If-None-Match name etag? Weak validators match too (RFC 9110
 * §13.1.2: weak comparison), since nginx weakens ETags it gzips. */
static bool
etag_matches(struct rb_str inm, const char *etag)
{
	size_t n = strlen(etag);

	for (size_t i = 0; i < inm.len;) {
		while (i < inm.len && (inm.ptr[i] == ' ' || inm.ptr[i] == ','))
			i++;
		if (i < inm.len && inm.ptr[i] == '*')
			return true;
		if (i + 2 <= inm.len && memcmp(inm.ptr + i, "W/", 2) == 0)
			i += 2;
		if (i + n <= inm.len && memcmp(inm.ptr + i, etag, n) == 0)
			return true;
		while (i < inm.len && inm.ptr[i] != ',')
			i++;
	}
	return false;
}

/* The ETag of an answer: a hash of its bytes. */
static const char *
etag_of(struct rb_ctx *ctx, struct rb_str body)
{
	char hex[RB_HASH_HEX_LEN + 1];

	rb_secret_hash_hex(body, hex);
	return rb_arena_printf(&ctx->arena, "\"%.32s\"", hex);
}

/* Sends body (JSON) with its ETag, or 304 when the client has it. */
static int
send_json(struct rb_request *req, struct rb_response *resp,
    const char *etag, struct rb_str body)
{
	rb_response_set_header(resp, "ETag", etag);
	rb_response_set_header(resp, "Cache-Control", "public, max-age=60");
	rb_response_set_header(resp, "Vary", "Accept-Encoding");
	if (req->if_none_match.len > 0 &&
	    etag_matches(req->if_none_match, etag)) {
		resp->status = 304;
		return RB_OK;
	}
	resp->content_type = "application/json";
	rb_buf_put_str(&resp->body, body);
	return RB_OK;
}

static struct rb_str
serialise(struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

	return (struct rb_str){ s, strlen(s) };
}

/* What an API answer is built by, on a cache miss. */
struct api_answer {
	int (*build)(struct rb_ctx *, const struct rb_market *, void *,
	    struct json_object **);
	void *arg;
};

/*
 * The cached answer for (kind, variant) under ns, built on a miss. The
 * ETag is stored in front of the body ("<etag>\n<body>"): a hit costs no
 * hashing.
 */
static int
cached(struct rb_ctx *ctx, struct rb_request *req, struct rb_response *resp,
    const struct rb_market *m, const char *kind, const char *ns,
    const char *variant, const struct api_answer *a)
{
	struct rb_str key = fragment_key(ctx, kind, ns, rb_str_c(variant));
	struct rb_str val, body;
	const char *tag, *etag, *nl;
	struct json_object *o;
	struct rb_buf b;
	int rc;

	if (fragment_get(ctx, ns, &key, 1, &val, &tag) == 1 &&
	    (nl = memchr(val.ptr, '\n', val.len)) != NULL)
		return send_json(req, resp, rb_arena_printf(&ctx->arena,
		    "%.*s", (int)(nl - val.ptr), val.ptr),
		    (struct rb_str){ nl + 1, val.len - (size_t)(nl + 1 -
		    val.ptr) });
	if ((rc = a->build(ctx, m, a->arg, &o)) != RB_OK)
		return rc;
	body = serialise(o);
	etag = etag_of(ctx, body);
	rb_buf_init(&b, &ctx->arena);
	rb_buf_printf(&b, "%s\n", etag);
	rb_buf_put_str(&b, body);
	fragment_put(ctx, tag, key, rb_buf_str(&b));
	return send_json(req, resp, etag, body);
}

static int
api_market(struct rb_ctx *ctx, struct rb_request *req,
    const struct rb_market **m)
{
	return shop_market(ctx, req, m);
}

int
api_markets_list(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	struct json_object *o = rb_view_object(ctx), *items;
	struct rb_str body;

	if (market_table_load(ctx) != RB_OK)
		return RB_ERROR;
	items = json_object_new_array();
	rb_json_put(o, "items", items);
	for (size_t i = 0; i < ctx->markets->n; i++)
		if (ctx->markets->items[i].active)
			json_object_array_add(items,
			    rb_view_market(&ctx->markets->items[i]));
	body = serialise(o);
	return send_json(req, resp, etag_of(ctx, body), body);
}

static int
build_categories(struct rb_ctx *ctx, const struct rb_market *m, void *arg,
    struct json_object **out)
{
	(void)arg;
	return catalog_categories(ctx, m, out);
}

int
api_categories_list(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	struct api_answer a = { build_categories, NULL };
	int rc;

	if ((rc = api_market(ctx, req, &m)) != RB_OK)
		return rc;
	return cached(ctx, req, resp, m, "api.categories",
	    catalog_ns_market(&ctx->arena, m->code), m->code, &a);
}

struct list_arg {
	const struct catalog_query *q;
	const char *why;
};

static int
build_list(struct rb_ctx *ctx, const struct rb_market *m, void *arg,
    struct json_object **out)
{
	struct list_arg *l = arg;
	int rc = catalog_listing(ctx, m, l->q, out, &l->why);

	/* The API's category is a filter: an unknown one is a bad request. */
	if (rc == RB_DECLINED && l->why != NULL)
		return RB_INVALID;
	return rc;
}

static int
list(struct rb_ctx *ctx, struct rb_request *req, struct rb_response *resp,
    enum catalog_params_mode mode)
{
	const struct rb_market *m;
	const struct rb_kv_list *fields;
	struct catalog_query q;
	struct list_arg arg = { &q, NULL };
	struct api_answer a = { build_list, &arg };
	struct rb_err err;
	struct rb_buf variant;
	int rc;

	if ((rc = api_market(ctx, req, &m)) != RB_OK)
		return rc;
	rb_err_clear(&err);
	if (rb_request_query(req, &fields, &err) != RB_OK)
		return RB_INVALID;
	if (catalog_params_parse(fields, mode, &q, &err) != RB_OK) {
		rb_response_problem_err(resp, 400, &err);
		return RB_OK;
	}
	rb_buf_init(&variant, &ctx->arena);
	rb_buf_printf(&variant, "%s?", m->code);
	catalog_params_write(&variant, &q, false, false);
	rc = cached(ctx, req, resp, m, "api.products", q.category && !q.q ?
	    catalog_ns_category(&ctx->arena, m->code, q.category) :
	    catalog_ns_market(&ctx->arena, m->code), variant.data, &a);
	if (rc == RB_INVALID) {
		rb_err_field(&err, RB_INVALID, arg.why ? arg.why : "query",
		    "no such value in the catalog");
		rb_response_problem_err(resp, 400, &err);
		return RB_OK;
	}
	return rc;
}

int
api_products_list(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	return list(ctx, req, resp, CATALOG_PARAMS_API);
}

int
api_search(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	return list(ctx, req, resp, CATALOG_PARAMS_API_SEARCH);
}

struct product_arg {
	const char *slug, *sku;
};

static int
build_product(struct rb_ctx *ctx, const struct rb_market *m, void *arg,
    struct json_object **out)
{
	struct product_arg *p = arg;

	return catalog_product(ctx, m, p->slug, p->sku, out);
}

int
api_product_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	const struct rb_kv_list *fields;
	struct rb_err err;
	struct rb_str slug = rb_request_param(req, "slug"), sku;
	struct product_arg p;
	struct api_answer a = { build_product, &p };
	int rc;

	if ((rc = api_market(ctx, req, &m)) != RB_OK)
		return rc;
	rb_err_clear(&err);
	if (rb_request_query(req, &fields, &err) != RB_OK)
		return RB_INVALID;
	for (size_t i = 0; i < fields->len; i++)
		if (!rb_str_eq_c(fields->items[i].key, "variant")) {
			rb_err_field(&err, RB_INVALID, "query",
			    "unknown parameter");
			rb_response_problem_err(resp, 400, &err);
			return RB_OK;
		}
	sku = rb_kv_get(fields, "variant");
	p.slug = rb_arena_printf(&ctx->arena, "%.*s", (int)slug.len, slug.ptr);
	p.sku = sku.ptr != NULL && sku.len > 0 ? sku.ptr : NULL;
	return cached(ctx, req, resp, m, "api.product",
	    catalog_ns_product(&ctx->arena, p.slug),
	    rb_arena_printf(&ctx->arena, "%s|%s", m->code, p.sku ? p.sku : ""),
	    &a);
}
