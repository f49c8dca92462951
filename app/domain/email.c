/*
 * The email outbox: render two templates, split the subject from the text
 * one, store the result. Nothing here talks to a mail server.
 */
#include <string.h>

#include <json-c/json.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/email.h"
#include "tmpl/tmpl.h"

static int
render_one(struct rb_ctx *ctx, const char *name, struct json_object *model,
    struct rb_buf *out)
{
	struct rb_err terr;
	int rc;

	rb_err_clear(&terr);
	rc = rb_tmpl_render(ctx->tmpl, name, model, out, &terr);
	if (rc == RB_DECLINED) {
		rb_log_error("email: no template %s", name);
		return RB_ERROR;
	}
	if (rc != RB_OK) {
		rb_log_error("email: render %s: %s", name, terr.msg);
		return RB_ERROR;
	}
	return RB_OK;
}

/*
 * "Subject: <line>\n\n<body>": splits text in place. The subject becomes
 * a mail header later, so a control character in it (a value with a line
 * break reaching the template) makes the whole email a bug, not a header.
 */
static int
split_subject(char *text, const char **subject, const char **body)
{
	static const char prefix[] = "Subject: ";
	char *nl;

	if (strncmp(text, prefix, sizeof(prefix) - 1) != 0)
		return RB_ERROR;
	text += sizeof(prefix) - 1;
	if ((nl = strchr(text, '\n')) == NULL || nl[1] != '\n')
		return RB_ERROR;
	*nl = '\0';
	if (nl > text && nl[-1] == '\r')
		nl[-1] = '\0';
	if (text[0] == '\0' || strlen(text) > EMAIL_SUBJECT_MAX)
		return RB_ERROR;
	for (const char *p = text; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			return RB_ERROR;
	*subject = text;
	*body = nl + 2;
	return RB_OK;
}

int
email_render(struct rb_ctx *ctx, const char *template_name,
    struct json_object *model, struct email_message *msg, struct rb_err *err)
{
	struct rb_buf text, html;
	const char *name;

	rb_buf_init(&text, &ctx->arena);
	rb_buf_init(&html, &ctx->arena);
	rb_json_put(model, "site_url",
	    json_object_new_string(ctx->cfg->base_url));
	name = rb_arena_printf(&ctx->arena, "email/%s.txt", template_name);
	if (render_one(ctx, name, model, &text) != RB_OK)
		return rb_err_set(err, RB_ERROR, "the email cannot be written");
	if (split_subject(text.data, &msg->subject, &msg->body_text) !=
	    RB_OK) {
		rb_log_error("email: %s does not start with a one-line "
			     "\"Subject: \" and a blank line", name);
		return rb_err_set(err, RB_ERROR, "the email cannot be written");
	}
	name = rb_arena_printf(&ctx->arena, "email/%s.html", template_name);
	if (render_one(ctx, name, model, &html) != RB_OK)
		return rb_err_set(err, RB_ERROR, "the email cannot be written");
	msg->body_html = html.data;
	return RB_OK;
}

int
email_queue(struct rb_ctx *ctx, const char *to, const char *template_name,
    struct json_object *model, struct rb_err *err)
{
	struct email_message msg;
	const char *p[5];
	PGresult *res;
	size_t len = to ? strlen(to) : 0;
	int rc;

	if (len == 0 || len > 254)
		return rb_err_set(err, RB_INVALID, "no valid recipient");
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)to[i] <= ' ' || to[i] == 0x7f)
			return rb_err_set(err, RB_INVALID,
			    "no valid recipient");
	if ((rc = email_render(ctx, template_name, model, &msg, err)) != RB_OK)
		return rc;
	p[0] = to;
	p[1] = msg.subject;
	p[2] = msg.body_text;
	p[3] = msg.body_html;
	p[4] = template_name;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_EMAIL_INSERT, &res, 5,
	    p) != RB_OK)
		return rb_err_set(err, RB_ERROR, "the email cannot be stored");
	return RB_OK;
}

int
email_latest(struct rb_ctx *ctx, struct pg_result **res)
{
	return rb_db_query(ctx->db, &ctx->arena, RB_STMT_EMAIL_LATEST, res, 0,
	    NULL);
}
