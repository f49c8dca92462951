#ifndef RB_PAGES_ERRORS_H
#define RB_PAGES_ERRORS_H

struct rb_ctx;
struct rb_request;
struct rb_response;

/*
 * Replaces resp with the error answer for status: an HTML page in the
 * site's layout, or application/problem+json for paths under /api/.
 * message is shown to the user (NULL: a default for the status); internal
 * detail never reaches it. Works without the database: when the markets
 * cannot be read it falls back to a built-in market, and when the page
 * cannot be rendered, to a minimal page.
 */
void rb_page_error(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp, int status, const char *message);

#endif
