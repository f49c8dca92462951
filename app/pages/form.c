#include <json-c/json.h>

#include "core/ctx.h"
#include "core/err.h"
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
	json_object_object_add(form, "values", f->values);
	json_object_object_add(form, "errors", f->errors);
	json_object_object_add(view, "form", form);
}

void
rb_form_blank(struct json_object *view, struct rb_form *f)
{
	f->fields = NULL;
	attach(view, f);
}

int
rb_form_load(struct rb_request *req, struct json_object *view,
    struct rb_form *f)
{
	struct rb_err err;

	attach(view, f);
	return rb_request_form(req, &f->fields, &err);
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
