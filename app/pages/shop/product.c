/*
 * GET /{m}/p/{product}[?variant=SKU]: the head (title, crumbs, JSON-LD)
 * and the body (variant selector, best offer per grade, the offers
 * table, the price chart, the specifications) are cached fragments under
 * the product's namespace, which any change of one of its offers bumps.
 */
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/ctx.h"
#include "core/date.h"
#include "core/err.h"
#include "core/json.h"
#include "core/val.h"
#include "domain/catalog.h"
#include "domain/market.h"
#include "http/form.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/errors.h"
#include "pages/fragment.h"
#include "pages/handlers.h"
#include "pages/price_chart.h"
#include "pages/shop/shop.h"
#include "pages/view.h"

enum { F_HEAD, F_BODY, F_COUNT };

/* JSON for a <script> element: "</script>" cannot appear in it. */
static const char *
script_json(struct rb_ctx *ctx, struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	struct rb_buf b;

	rb_buf_init(&b, &ctx->arena);
	for (; *s; s++)
		if (*s == '<')
			rb_buf_puts(&b, "\\u003c");
		else
			rb_buf_putc(&b, *s);
	return b.data;
}

static int64_t
amount(struct json_object *money)
{
	return json_object_get_int64(json_object_object_get(money, "amount"));
}

/* schema.org Product with an AggregateOffer over the live offers. */
static const char *
json_ld(struct rb_ctx *ctx, const struct rb_market *m, struct json_object *p)
{
	struct json_object *ld = rb_view_object(ctx), *agg, *brand;
	struct json_object *offers = json_object_object_get(p, "offers");
	size_t n = json_object_array_length(offers);

	rb_json_put_str(ld, "@context", "https://schema.org");
	rb_json_put_str(ld, "@type", "Product");
	rb_json_put_str(ld, "name", json_object_get_string(
	    json_object_object_get(p, "name")));
	rb_json_put_str(ld, "sku", json_object_get_string(
	    json_object_object_get(p, "selected_sku")));
	rb_json_put_str(ld, "image", rb_arena_printf(&ctx->arena, "%s%s",
	    ctx->cfg->base_url, json_object_get_string(
	    json_object_object_get(p, "image"))));
	brand = json_object_new_object();
	rb_json_put_str(brand, "@type", "Brand");
	rb_json_put_str(brand, "name", json_object_get_string(
	    json_object_object_get(json_object_object_get(p, "brand"),
	    "name")));
	rb_json_put(ld, "brand", brand);
	if (n == 0)
		return script_json(ctx, ld);
	agg = json_object_new_object();
	rb_json_put_str(agg, "@type", "AggregateOffer");
	rb_json_put_str(agg, "priceCurrency", m->currency);
	rb_json_put_str(agg, "itemCondition",
	    "https://schema.org/RefurbishedCondition");
	rb_json_put_str(agg, "availability", "https://schema.org/InStock");
	rb_json_put(agg, "offerCount", json_object_new_int64(
	    (int64_t)n));
	/* Offers come in grade then price order: scan for the extremes. */
	{
		int64_t lo = INT64_MAX, hi = 0;

		for (size_t i = 0; i < n; i++) {
			int64_t a = amount(json_object_object_get(
			    json_object_array_get_idx(offers, i), "price"));

			lo = a < lo ? a : lo;
			hi = a > hi ? a : hi;
		}
		rb_json_put_str(agg, "lowPrice", rb_arena_printf(&ctx->arena,
		    "%lld.%02lld", (long long)(lo / 100), (long long)(lo % 100)));
		rb_json_put_str(agg, "highPrice", rb_arena_printf(&ctx->arena,
		    "%lld.%02lld", (long long)(hi / 100), (long long)(hi % 100)));
	}
	rb_json_put(ld, "offers", agg);
	return script_json(ctx, ld);
}

/* The string member key of o; "" when absent. */
static const char *
str_of(struct json_object *o, const char *key)
{
	const char *v = json_object_get_string(json_object_object_get(o, key));

	return v != NULL ? v : "";
}

/*
 * One grade's daily prices from its change points (the view's
 * price_history): each point's price holds until the next; -1: no offer.
 * 0 days when the series is malformed.
 */
static size_t
daily_prices(struct rb_ctx *ctx, struct json_object *s, int64_t **out)
{
	struct json_object *pts = json_object_object_get(s, "points");
	size_t n = json_object_array_length(pts), ndays;
	int64_t from, to, *v;

	if (!rb_date_parse(str_of(s, "from"), &from) ||
	    !rb_date_parse(str_of(s, "to"), &to) || to < from ||
	    to - from >= 366)
		return 0;
	ndays = (size_t)(to - from + 1);
	v = rb_arena_alloc(&ctx->arena, ndays * sizeof(*v));
	for (size_t d = 0; d < ndays; d++)
		v[d] = -1;
	for (size_t i = 0; i < n; i++) {
		struct json_object *pt = json_object_array_get_idx(pts, i);
		struct json_object *price = json_object_object_get(pt, "price");
		int64_t day;

		if (!rb_date_parse(str_of(pt, "day"), &day) ||
		    day < from || day > to)
			return 0;
		for (int64_t d = day - from; d < (int64_t)ndays; d++)
			v[d] = price != NULL ? amount(price) : -1;
	}
	*out = v;
	return ndays;
}

/* The name of a grade in the product's grades, else its code. */
static const char *
grade_label(struct json_object *grades, const char *code)
{
	for (size_t g = 0; g < json_object_array_length(grades); g++) {
		struct json_object *gj = json_object_array_get_idx(grades, g);

		if (strcmp(str_of(gj, "grade"), code) == 0)
			return str_of(gj, "name");
	}
	return code;
}

/* The 90-day chart, one line per grade that had an offer. */
static void
chart(struct rb_ctx *ctx, const struct rb_market *m, struct json_object *p,
    struct json_object *view)
{
	struct json_object *hist = json_object_object_get(p, "price_history");
	struct json_object *grades = json_object_object_get(p, "grades");
	size_t ns = json_object_array_length(hist), ndays = 0;
	struct price_series series[8];
	struct price_chart c = { 0 };
	struct rb_buf b;

	if (ns == 0 || ns > 8)
		return;
	for (size_t i = 0; i < ns; i++) {
		struct json_object *s = json_object_array_get_idx(hist, i);
		int64_t *v = NULL;
		size_t n = daily_prices(ctx, s, &v);

		if (n == 0 || (i > 0 && n != ndays))
			return;
		ndays = n;
		series[i].price = v;
		series[i].grade = str_of(s, "grade");
		series[i].label = grade_label(grades, series[i].grade);
	}
	c.first_day = str_of(json_object_array_get_idx(hist, 0),
	    "from");
	c.last_day = str_of(json_object_array_get_idx(hist, 0),
	    "to");
	c.series = series;
	c.nseries = ns;
	c.ndays = ndays;
	c.currency = m->currency;
	c.locale = m->locale;
	c.title = rb_tr(ctx, m->locale, N_("Lowest price per condition, last 90 days"));
	rb_buf_init(&b, &ctx->arena);
	if (price_chart_svg(&b, &c))
		rb_json_put(view, "chart_svg",
		    json_object_new_string_len(b.data, (int)b.len));
}

/* What the layout shows around the body; *h is it as an object. */
static struct rb_str
head_json(struct rb_ctx *ctx, const struct rb_market *m,
    struct json_object *p, struct json_object **head)
{
	static const char *const keep[] = { "name", "slug", "brand",
		"category", "breadcrumbs", "image", "new_price" };
	struct json_object *h = rb_view_object(ctx);
	const char *s;

	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		json_object_object_add(h, keep[i], json_object_get(
		    json_object_object_get(p, keep[i])));
	rb_json_put_str(h, "json_ld", json_ld(ctx, m, p));
	rb_json_put(h, "offer_count", json_object_new_int64(
	    (int64_t)json_object_array_length(json_object_object_get(p,
	    "offers"))));
	s = json_object_to_json_string_ext(h, JSON_C_TO_STRING_PLAIN);
	*head = h;
	return (struct rb_str){ s, strlen(s) };
}

/* Builds the fragments; *head is the head fragment as an object. */
static int
build(struct rb_ctx *ctx, struct rb_request *req, const struct rb_market *m,
    const char *slug, const char *sku, const char *tag,
    const struct rb_str *keys, struct rb_str *vals, struct json_object **head)
{
	struct json_object *p, *view;
	struct rb_buf b;
	int rc;

	if ((rc = catalog_product(ctx, m, slug, sku, &p)) != RB_OK)
		return rc;
	view = rb_view_page(ctx, m, NULL, req->request_id);
	rb_json_put(view, "product", json_object_get(p));
	chart(ctx, m, p, view);
	rb_buf_init(&b, &ctx->arena);
	if ((rc = rb_view_render(ctx, "shop/product_body", view, &b)) != RB_OK)
		return rc;
	vals[F_BODY] = rb_buf_str(&b);
	vals[F_HEAD] = head_json(ctx, m, p, head);
	fragment_put(ctx, tag, keys[F_HEAD], vals[F_HEAD]);
	fragment_put(ctx, tag, keys[F_BODY], vals[F_BODY]);
	return RB_OK;
}

int
shop_product_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	const struct rb_kv_list *fields;
	struct rb_err err;
	struct rb_str slug = rb_request_param(req, "product"), sku;
	struct rb_str keys[F_COUNT], vals[F_COUNT];
	const char *ns, *tag, *s, *v = NULL;
	struct json_object *view, *head = NULL;
	int rc;

	if ((rc = shop_market(ctx, req, &m)) != RB_OK)
		return rc;
	rb_err_clear(&err);
	if (rb_request_query(req, &fields, &err) != RB_OK)
		return RB_INVALID;
	for (size_t i = 0; i < fields->len; i++)
		if (!rb_str_eq_c(fields->items[i].key, "variant") &&
		    !(fields->items[i].key.len > 4 &&
		    memcmp(fields->items[i].key.ptr, "utm_", 4) == 0)) {
			rb_page_error(ctx, req, resp, 400,
			    "unknown parameter");
			return RB_OK;
		}
	sku = rb_kv_get(fields, "variant");
	if (sku.ptr != NULL && (sku.len == 0 || sku.len > 64))
		return RB_DECLINED;
	s = rb_arena_printf(&ctx->arena, "%.*s", (int)slug.len, slug.ptr);
	if (sku.ptr != NULL)
		v = sku.ptr;
	ns = catalog_ns_product(&ctx->arena, s);
	keys[F_HEAD] = fragment_key(ctx, "product.head", ns, rb_str_c(
	    rb_arena_printf(&ctx->arena, "%s|%s", m->code, v ? v : "")));
	keys[F_BODY] = fragment_key(ctx, "product.body", ns, rb_str_c(
	    rb_arena_printf(&ctx->arena, "%s|%s", m->code, v ? v : "")));
	if (fragment_get(ctx, ns, keys, F_COUNT, vals, &tag) < F_COUNT &&
	    (rc = build(ctx, req, m, s, v, tag, keys, vals, &head)) != RB_OK)
		return rc;
	/* Built just now, the head is at hand; from the cache, parsed. */
	head = head != NULL ? json_object_get(head) :
	    json_tokener_parse(vals[F_HEAD].ptr);
	if (head == NULL)
		return RB_ERROR;
	/* The one URL of the page is the product's; variants are views. */
	view = rb_view_page(ctx, m, rb_arena_printf(&ctx->arena, "p/%s", s),
	    req->request_id);
	rb_json_put(view, "head", head);
	rb_json_put(view, "body_html", rb_val_json_c(&ctx->arena,
	    rb_val_strn(vals[F_BODY])));
	rb_response_set_header(resp, "Cache-Control",
	    ctx->session != NULL ? "private, max-age=0" :
	    "public, max-age=60");
	return rb_view_render(ctx, "shop/product", view, &resp->body);
}
