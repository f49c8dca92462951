/*
 * Saved addresses: /{m}/account/addresses lists them, each with its own
 * edit form, and a form to add one. Ids come from the URL; the domain
 * filters every query by the signed-in user, so another user's id is a
 * 404 and changes nothing.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "domain/address.h"
#include "domain/market.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/form.h"
#include "pages/handlers.h"
#include "pages/shop/account_page.h"
#include "pages/view.h"
#include "web/session.h"

static const struct account_notice notices[] = {
	{ "added", "The address is saved." },
	{ "updated", "The address is updated." },
	{ "deleted", "The address is deleted." },
};

static struct json_object *
str_json(struct rb_str s)
{
	return json_object_new_string_len(s.ptr ? s.ptr : "", (int)s.len);
}

/* The country select's options, the address's own selected. */
static struct json_object *
country_options(struct json_object *values)
{
	struct json_object *list = json_object_new_array(), *v;
	const char *cur = "";
	size_t n;
	const struct address_country *c = address_countries(&n);

	if (json_object_object_get_ex(values, "country", &v))
		cur = json_object_get_string(v);
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_new_object();

		rb_json_put_str(o, "code", c[i].code);
		rb_json_put_str(o, "name", c[i].name);
		rb_json_put(o, "selected",
		    json_object_new_boolean(strcmp(c[i].code, cur) == 0));
		json_object_array_add(list, o);
	}
	return list;
}

/* "France" for "FR"; the code itself for a country no longer offered. */
static const char *
country_name(struct rb_str code)
{
	size_t n;
	const struct address_country *c = address_countries(&n);

	for (size_t i = 0; i < n; i++)
		if (rb_str_eq_c(code, c[i].code))
			return c[i].name;
	return code.ptr ? code.ptr : "";
}

/* The address as printed on a parcel, one string per line, the empty
 * optional ones left out (Mustache would take "" for true). */
static struct json_object *
card_lines(struct rb_ctx *ctx, const struct address *a)
{
	struct json_object *lines = json_object_new_array();
	/* "75001 Paris" on the continent, "London SW1A 1AA" elsewhere. */
	bool code_first = rb_str_eq_c(a->country, "FR") ||
	    rb_str_eq_c(a->country, "DE") || rb_str_eq_c(a->country, "ES");
	struct rb_str first = code_first ? a->postal_code : a->city;
	struct rb_str second = code_first ? a->city : a->postal_code;
	struct rb_str l[] = { a->full_name, a->line1, a->line2,
		rb_str_c(rb_arena_printf(&ctx->arena, "%.*s %.*s",
		    (int)first.len, first.ptr, (int)second.len, second.ptr)),
		a->region, rb_str_c(country_name(a->country)) };

	for (size_t i = 0; i < sizeof(l) / sizeof(l[0]); i++)
		if (l[i].len > 0)
			json_object_array_add(lines, str_json(l[i]));
	return lines;
}

/*
 * One form's model: its ids' prefix (unique on the page), where it posts,
 * the values and the messages. values and errors are taken over.
 */
static struct json_object *
form_model(const char *prefix, const char *action, struct json_object *values,
    struct json_object *errors)
{
	struct json_object *o = json_object_new_object();

	rb_json_put_str(o, "prefix", prefix);
	rb_json_put_str(o, "action", action);
	rb_json_put(o, "countries", country_options(values));
	rb_json_put(o, "values", values);
	rb_json_put(o, "errors", errors);
	return o;
}

/* A new address is most likely in the market's own country. */
static struct json_object *
blank_values(const struct rb_market *m)
{
	struct json_object *v = json_object_new_object();

	rb_json_put_str(v, "country", m->country);
	return v;
}

/* The page's model as stored, with f (if not NULL) in the form of
 * address failed_id (0: the new-address form). */
static int
render(struct rb_ctx *ctx, struct rb_response *resp, struct json_object *view,
    const struct rb_market *m, struct rb_form *f, int64_t failed_id,
    int status)
{
	struct json_object *list = json_object_new_array();
	const char *const *names = address_field_names();
	struct address *a;
	size_t n;
	bool found = failed_id == 0;

	rb_json_put(view, "addresses", list);
	if (address_list(ctx, ctx->session->user.id, &a, &n) != RB_OK)
		return RB_ERROR;
	for (size_t i = 0; i < n; i++) {
		struct json_object *values, *errors, *item;
		bool failed = f != NULL && a[i].id == failed_id;

		if (failed) {
			values = json_object_get(f->values);
			errors = json_object_get(f->errors);
			found = true;
		} else {
			values = json_object_new_object();
			errors = json_object_new_object();
			for (size_t k = 0; k < ADDRESS_NFIELDS; k++)
				json_object_object_add(values, names[k],
				    str_json(*address_field(&a[i], names[k])));
		}
		item = form_model(
		    rb_arena_printf(&ctx->arena, "a%lld", (long long)a[i].id),
		    rb_arena_printf(&ctx->arena, "/%s/account/addresses/%lld",
			m->code, (long long)a[i].id),
		    values, errors);
		rb_json_put(item, "id",
		    json_object_new_int64(a[i].id));
		rb_json_put(item, "open",
		    json_object_new_boolean(failed));
		/* The card shows the stored address, not a failed edit. */
		rb_json_put(item, "lines", card_lines(ctx, &a[i]));
		rb_json_put(item, "phone", a[i].phone.len > 0 ?
		    str_json(a[i].phone) : json_object_new_boolean(0));
		json_object_array_add(list, item);
	}
	/* An edit of an address that is not (or no longer) the user's. */
	if (!found)
		return RB_DECLINED;
	rb_json_put(view, "new_address", form_model("new",
	    rb_arena_printf(&ctx->arena, "/%s/account/addresses", m->code),
	    f != NULL && failed_id == 0 ? json_object_get(f->values) :
					  blank_values(m),
	    f != NULL && failed_id == 0 ? json_object_get(f->errors) :
					  json_object_new_object()));
	rb_json_put(view, "show_add", json_object_new_boolean(
	    n < ADDRESS_MAX_PER_USER || (f != NULL && failed_id == 0)));
	rb_json_put(view, "has_addresses",
	    json_object_new_boolean(n > 0));
	rb_json_put(view, "address_count",
	    json_object_new_int((int)n));
	rb_json_put(view, "max_addresses",
	    json_object_new_int(ADDRESS_MAX_PER_USER));
	if (f != NULL)
		return rb_form_render_failed(ctx, resp, "shop/addresses", view,
		    status);
	return rb_view_render(ctx, "shop/addresses", view, &resp->body);
}

int
shop_addresses_show(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	struct json_object *view;
	int rc;

	if ((rc = account_page(ctx, req, resp, "addresses", &view, &m)) !=
	    RB_OK)
		return rc;
	account_notice(req, view, notices,
	    sizeof(notices) / sizeof(notices[0]));
	return render(ctx, resp, view, m, NULL, 0, 200);
}

/* Reads the address fields of f (kept for showing again) and checks
 * them; the messages go beside their fields. */
static int
read_address(struct rb_ctx *ctx, struct rb_form *f, struct address *a)
{
	const char *const *names = address_field_names();
	struct rb_err errs[ADDRESS_NFIELDS];
	size_t n;

	for (size_t k = 0; k < ADDRESS_NFIELDS; k++)
		*address_field(a, names[k]) = rb_form_field(f, names[k]);
	if (address_check(&ctx->arena, a, errs, &n) == RB_OK)
		return RB_OK;
	for (size_t i = 0; i < n; i++)
		rb_form_fail(f, &errs[i]);
	return RB_INVALID;
}

int
shop_address_create(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	struct json_object *view;
	struct address a = { 0 };
	struct rb_form f;
	struct rb_err err;
	int64_t id;
	int rc;

	if ((rc = account_page(ctx, req, resp, "addresses", &view, &m)) !=
	    RB_OK ||
	    (rc = rb_form_load(req, view, &f)) != RB_OK)
		return rc;
	if (read_address(ctx, &f, &a) != RB_OK)
		return render(ctx, resp, view, m, &f, 0, 422);
	rb_err_clear(&err);
	rc = address_create(ctx, ctx->session->user.id, &a, &id, &err);
	if (rc == RB_OK)
		return account_saved(ctx, resp, m, "addresses", "added");
	if (rc != RB_CONFLICT)
		return rc;
	rb_form_fail(&f, &err);
	return render(ctx, resp, view, m, &f, 0, 409);
}

int
shop_address_update(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	struct json_object *view;
	struct address a = { 0 };
	struct rb_form f;
	struct rb_err err;
	int rc;

	if ((rc = account_page(ctx, req, resp, "addresses", &view, &m)) !=
	    RB_OK)
		return rc;
	/* Not a number: it names no address of anyone's. */
	if (rb_request_param_i64(req, "id", 1, INT64_MAX, &a.id, &err) !=
	    RB_OK)
		return RB_DECLINED;
	if ((rc = rb_form_load(req, view, &f)) != RB_OK)
		return rc;
	/* render() answers 404 when the failed address is not the user's,
	 * so a wrong form never tells whether the id exists. */
	if (read_address(ctx, &f, &a) != RB_OK)
		return render(ctx, resp, view, m, &f, a.id, 422);
	rc = address_update(ctx, ctx->session->user.id, &a);
	if (rc != RB_OK)
		return rc;
	return account_saved(ctx, resp, m, "addresses", "updated");
}

int
shop_address_delete(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	const struct rb_market *m;
	struct json_object *view;
	struct rb_err err;
	int64_t id;
	int rc;

	if ((rc = account_page(ctx, req, resp, "addresses", &view, &m)) !=
	    RB_OK)
		return rc;
	if (rb_request_param_i64(req, "id", 1, INT64_MAX, &id, &err) != RB_OK)
		return RB_DECLINED;
	if ((rc = address_delete(ctx, ctx->session->user.id, id)) != RB_OK)
		return rc;
	return account_saved(ctx, resp, m, "addresses", "deleted");
}
