#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "core/log.h"
#include "domain/grade.h"
#include "domain/market.h"
#include "pages/langs.h"
#include "pages/view.h"
#include "web/session.h"
#include "tmpl/tmpl.h"

static void
put_json(void *o)
{
	json_object_put(o);
}

struct json_object *
rb_view_object(struct rb_ctx *ctx)
{
	struct json_object *o = json_object_new_object();

	rb_arena_defer(&ctx->arena, put_json, o);
	return o;
}

/* "20%", "5.5%": VAT in basis points, printed without floating point. */
static void
vat_percent(int bp, char *out, size_t n)
{
	if (bp % 100 == 0)
		snprintf(out, n, "%d%%", bp / 100);
	else if (bp % 10 == 0)
		snprintf(out, n, "%d.%d%%", bp / 100, (bp % 100) / 10);
	else
		snprintf(out, n, "%d.%02d%%", bp / 100, bp % 100);
}

struct json_object *
rb_view_market(const struct rb_market *m)
{
	struct json_object *o = json_object_new_object();
	char vat[16];

	vat_percent(m->vat_rate_bp, vat, sizeof(vat));
	rb_json_put_str(o, "code", m->code);
	rb_json_put_str(o, "country", m->country);
	rb_json_put_str(o, "currency", m->currency);
	rb_json_put_str(o, "locale", m->locale);
	rb_json_put_str(o, "name", m->name);
	rb_json_put_str(o, "language", m->language);
	rb_json_put_str(o, "vat_percent", vat);
	rb_json_put(o, "vat_rate_bp",
	    json_object_new_int(m->vat_rate_bp));
	rb_json_put(o, "prices_include_vat",
	    json_object_new_boolean(m->prices_include_vat));
	rb_json_put(o, "return_days",
	    json_object_new_int(m->return_days));
	return o;
}

/* The markets for the switcher and the hreflang alternates. */
static void
add_markets(struct rb_ctx *ctx, struct json_object *view,
    const struct rb_market *cur, const char *rest)
{
	struct json_object *list = json_object_new_array();
	struct json_object *alts = json_object_new_array();
	const struct rb_markets *t = ctx->markets;

	for (size_t i = 0; t != NULL && i < t->n; i++) {
		const struct rb_market *m = &t->items[i];
		struct json_object *o, *a;
		char lang[3] = { m->code[0], m->code[1], '\0' };

		if (!m->active)
			continue;
		o = json_object_new_object();
		rb_json_put_str(o, "code", m->code);
		rb_json_put_str(o, "name", m->name);
		rb_json_put_str(o, "language", m->language);
		rb_json_put_str(o, "currency", m->currency);
		rb_json_put_str(o, "lang", lang);
		rb_json_put(o, "current",
		    json_object_new_boolean(m == cur));
		json_object_array_add(list, o);
		a = json_object_new_object();
		rb_json_put_str(a, "hreflang", m->code);
		rb_json_put(a, "href", json_object_new_string(
		    rb_arena_printf(&ctx->arena, "%s/%s/%s", ctx->cfg->base_url,
			m->code, rest)));
		json_object_array_add(alts, a);
	}
	rb_json_put(view, "markets", list);
	if (rest != NULL)
		rb_json_put(view, "alternates", alts);
	else
		json_object_put(alts);
}

void
rb_view_grades(struct json_object *view)
{
	struct json_object *list = json_object_new_array();
	size_t n;
	const struct grade_def *g = grade_defs(&n);

	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_new_object();

		rb_json_put_str(o, "code", g[i].code);
		rb_json_put_str(o, "name", g[i].name);
		rb_json_put_str(o, "cosmetic", g[i].cosmetic);
		rb_json_put(o, "battery_floor",
		    json_object_new_int(g[i].battery_floor));
		json_object_array_add(list, o);
	}
	rb_json_put(view, "grades", list);
}

/* Who is signed in, for the header, and the token its forms carry. */
static void
add_principal(struct rb_ctx *ctx, struct json_object *view)
{
	const struct rb_session *s = ctx->session;
	struct json_object *u;

	if (s == NULL || s->via_token)
		return;
	rb_json_put_str(view, "csrf_token", s->csrf);
	if (s->user.id == 0)
		return;
	u = json_object_new_object();
	rb_json_put_str(u, "name", s->user.name);
	rb_json_put_str(u, "email", s->user.email);
	rb_json_put(u, "is_admin",
	    json_object_new_boolean(s->user.is_admin));
	rb_json_put(u, "is_seller",
	    json_object_new_boolean(s->user.seller_id != 0));
	rb_json_put(view, "user", u);
}

struct json_object *
rb_view_page(struct rb_ctx *ctx, const struct rb_market *m,
    const char *rest, struct rb_str request_id)
{
	struct json_object *view = rb_view_object(ctx);

	rb_json_put_str(view, "lang", ctx->langs != NULL && m != NULL ?
	    rb_langs_tag(ctx->langs, m->locale) : "en");
	rb_json_put_str(view, "asset_version", ctx->asset_version);
	rb_json_put(view, "request_id",
	    json_object_new_string_len(request_id.ptr, (int)request_id.len));
	if (m != NULL) {
		rb_json_put(view, "market", rb_view_market(m));
		if (rest != NULL)
			rb_json_put(view, "canonical",
			    json_object_new_string(rb_arena_printf(&ctx->arena,
				"%s/%s/%s", ctx->cfg->base_url, m->code, rest)));
	}
	add_markets(ctx, view, m, rest);
	add_principal(ctx, view);
	return view;
}

/* The templates in the language of the view's market. */
static const struct rb_tmpl_set *
view_set(const struct rb_ctx *ctx, struct json_object *view)
{
	struct json_object *market, *locale;

	if (ctx->langs == NULL)
		return ctx->tmpl;
	if (json_object_object_get_ex(view, "market", &market) &&
	    json_object_object_get_ex(market, "locale", &locale))
		return rb_langs_for(ctx->langs,
		    json_object_get_string(locale));
	return rb_langs_source(ctx->langs);
}

int
rb_view_render(struct rb_ctx *ctx, const char *name, struct json_object *view,
    struct rb_buf *out)
{
	struct rb_err err;
	int rc;

	rb_err_clear(&err);
	rc = rb_tmpl_render(view_set(ctx, view), name, view, out, &err);
	if (rc != RB_OK && rc != RB_DECLINED)
		rb_log_error("render %s: %s", name, err.msg);
	return rc;
}
