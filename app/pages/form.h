/*
 * An HTML form being handled: its fields, what to show again, and the
 * message beside each wrong field. A form that fails comes back with 422,
 * the user's input kept (never a password), each message next to its
 * field. The templates read view.form.values.<name> and
 * view.form.errors.<name>.
 */
#ifndef RB_PAGES_FORM_H
#define RB_PAGES_FORM_H

#include <stdbool.h>

#include "core/str.h"

struct json_object;
struct rb_ctx;
struct rb_err;
struct rb_kv_list;
struct rb_request;
struct rb_response;

struct rb_form {
	const struct rb_kv_list *fields;
	struct json_object *values; /* owned by the view */
	struct json_object *errors; /* owned by the view */
	bool failed;
};

/*
 * Reads the request's form and attaches an empty "form" to view. RB_OK, or
 * the code of an unreadable body (RB_TOOBIG, RB_INVALID, RB_UNSUPPORTED)
 * for the handler to return. A field sent twice is RB_INVALID (400): which
 * of two values the user meant is a guess, so none is taken.
 */
int rb_form_load(struct rb_request *req, struct json_object *view,
    struct rb_form *f);

/* As rb_form_load, where the fields named in multi (NULL-terminated) may
 * repeat: checkbox groups. */
int rb_form_load_multi(struct rb_request *req, struct json_object *view,
    struct rb_form *f, const char *const *multi);

/* A form not submitted yet (a GET): empty values and errors on view. */
void rb_form_blank(struct json_object *view, struct rb_form *f);

/* The field's value ("" when absent), shown again if the form fails. */
struct rb_str rb_form_field(struct rb_form *f, const char *name);

/* The field's value, never shown again (passwords, tokens). */
struct rb_str rb_form_secret(const struct rb_form *f, const char *name);

/* Shows err's message beside err's field (or above the form). */
void rb_form_fail(struct rb_form *f, const struct rb_err *err);

/* As rb_form_fail, from a field name and a message. */
void rb_form_fail_field(struct rb_form *f, const char *field,
    const char *msg);

/*
 * Renders template with view as a failed form: 422 (or status if not 0).
 */
int rb_form_render_failed(struct rb_ctx *ctx, struct rb_response *resp,
    const char *template, struct json_object *view, int status);

#endif
