/*
 * The email outbox. Every email is rendered from two templates under
 * templates/email/ and stored in the emails table; the jobs runner sends
 * what is stored (a later issue), so a request never waits on a mail
 * server and an email is never lost with a crashed worker.
 *
 *   email/<name>.txt.mustache   "Subject: ..." on the first line, a blank
 *                               line, then the plain-text body. Plain text
 *                               needs no escaping: values go in with
 *                               {{{x}}}, which is safe there and only there.
 *   email/<name>.html.mustache  the HTML body; {{x}} escapes, as on pages.
 */
#ifndef RB_DOMAIN_EMAIL_H
#define RB_DOMAIN_EMAIL_H

#include <stdint.h>

struct json_object;
struct pg_result;
struct rb_ctx;
struct rb_err;

/* One rendered email; the strings live in the request arena. */
struct email_message {
	const char *subject;   /* one line, no control characters */
	const char *body_text;
	const char *body_html;
};

/* Longest subject line accepted, in bytes. */
#define EMAIL_SUBJECT_MAX 200

/*
 * Renders template_name ("password_reset") with model, which gains a
 * "site_url" member (the configured base URL) for links. RB_OK and *msg;
 * RB_ERROR (logged) when a template is missing or the text one does not
 * start with a valid "Subject:" line and a blank line: a bug of ours,
 * never the user's.
 */
int email_render(struct rb_ctx *ctx, const char *template_name,
    struct json_object *model, struct email_message *msg,
    struct rb_err *err);

/*
 * Renders as email_render and stores the email for sending to `to`.
 * RB_OK; RB_INVALID when `to` is empty, longer than 254 bytes or holds
 * control characters or spaces (it would become a header); RB_ERROR
 * (logged) when rendering or storing fails. model is only read (but for
 * site_url); the caller still owns it.
 */
int email_queue(struct rb_ctx *ctx, const char *to, const char *template_name,
    struct json_object *model, struct rb_err *err);

/*
 * The 50 latest emails, newest first, for the admins' outbox page.
 * Columns: id, to, subject, template, created, sent ("" while unsent;
 * both "YYYY-MM-DD HH24:MI:SS", UTC), text body. Cleared with the arena.
 * RB_OK or RB_ERROR.
 */
int email_latest(struct rb_ctx *ctx, struct pg_result **res);

#endif
