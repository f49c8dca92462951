#include <json-c/json.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "http/request.h"
#include "http/response.h"
#include "pages/form.h"
#include "pages/view.h"

static void
attach(struct json_object *view, struct rb_form *f)
{
	struct json_object *form = json_object_new_object();

	f->values = json_object_new_object();
	f->errors = json_object_new_object();
	f->failed = false;
	rb_json_put(form, "values", f->values);
	rb_json_put(form, "errors", f->errors);
	rb_json_put(view, "form", form);
}

void
rb_form_blank(struct json_object *view, struct rb_form *f)
{
	f->fields = NULL;
	attach(view, f);
}

static bool
is_multi(struct rb_str key, const char *const *multi)
{
	for (; multi != NULL && *multi != NULL; multi++)
		if (rb_str_eq_c(key, *multi))
			return true;
	return false;
}

/* True when a field other than the multi ones appears twice. Forms have a
 * handful of fields (the parser caps them), so pairs are few. */
static bool
has_duplicates(const struct rb_kv_list *l, const char *const *multi)
{
	for (size_t i = 0; i < l->len; i++) {
		if (is_multi(l->items[i].key, multi))
			continue;
		for (size_t k = i + 1; k < l->len; k++)
			if (rb_str_eq(l->items[i].key, l->items[k].key))
				return true;
	}
	return false;
}

int
rb_form_load_multi(struct rb_request *req, struct json_object *view,
    struct rb_form *f, const char *const *multi)
{
	struct rb_err err;
	int rc;

	attach(view, f);
	if ((rc = rb_request_form(req, &f->fields, &err)) != RB_OK)
		return rc;
	return has_duplicates(f->fields, multi) ? RB_INVALID : RB_OK;
}

int
rb_form_load(struct rb_request *req, struct json_object *view,
    struct rb_form *f)
{
	return rb_form_load_multi(req, view, f, NULL);
}

struct rb_str
rb_form_field(struct rb_form *f, const char *name)
{
	struct rb_str v = f->fields ? rb_kv_get(f->fields, name) : RB_STR_NULL;

	if (v.ptr == NULL)
		v = RB_STR("");
	json_object_object_add(f->values, name,
	    json_object_new_string_len(v.ptr, (int)v.len));
	return v;
}

struct rb_str
rb_form_secret(const struct rb_form *f, const char *name)
{
	struct rb_str v = f->fields ? rb_kv_get(f->fields, name) : RB_STR_NULL;

	return v.ptr != NULL ? v : RB_STR("");
}

void
rb_form_fail_field(struct rb_form *f, const char *field, const char *msg)
{
	const char *key = field != NULL && field[0] != '\0' ? field : "form";

	f->failed = true;
	/* The first message per field is the one to fix first. */
	if (!json_object_object_get_ex(f->errors, key, NULL))
		json_object_object_add(f->errors, key,
		    json_object_new_string(msg));
}

void
rb_form_fail(struct rb_form *f, const struct rb_err *err)
{
	rb_form_fail_field(f, err->field, err->msg);
}

int
rb_form_render_failed(struct rb_ctx *ctx, struct rb_response *resp,
    const char *template, struct json_object *view, int status)
{
	resp->status = status ? status : 422;
	rb_response_set_header(resp, "Cache-Control", "no-store");
	return rb_view_render(ctx, template, view, &resp->body);
}
