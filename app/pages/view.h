/*
 * The view model: one json-c object per page that the HTML route renders
 * with a template and the API route serialises, so both stay in step.
 * Objects made here are released at the arena's reset.
 */
#ifndef RB_PAGES_VIEW_H
#define RB_PAGES_VIEW_H

#include <json-c/json.h>

#include "core/str.h"

struct rb_ctx;
struct rb_buf;
struct rb_market;

/*
 * A new object owned by the request arena (put at its reset). Everything
 * added to it with json_object_object_add belongs to it.
 */
struct json_object *rb_view_object(struct rb_ctx *ctx);

/*
 * The model every page starts from: the current market (may be NULL when
 * the markets cannot be read), the market switcher's list, the language,
 * the canonical URL of path and its alternates in the other markets,
 * the asset version and the request id.
 */
struct json_object *rb_view_page(struct rb_ctx *ctx,
    const struct rb_market *m, const char *path_after_market,
    struct rb_str request_id);

/* The market as the templates and the API see it. */
struct json_object *rb_view_market(const struct rb_market *m);

/* The four grades and their definitions, as "grades". */
void rb_view_grades(struct json_object *view);

/* Renders template name with view into out: RB_OK, RB_DECLINED (no such
 * template) or RB_ERROR (logged). */
int rb_view_render(struct rb_ctx *ctx, const char *name,
    struct json_object *view, struct rb_buf *out);

#endif
