/*
 * The Mustache engine (spec v1.3: interpolation, sections, inverted
 * sections, comments, partials, set delimiters and template inheritance;
 * no lambdas, no dynamic names) over json-c values.
 *
 * A worker compiles every template once at start into a struct rb_tmpl_set
 * and renders from it on every request; rendering never parses and
 * allocates nothing but the output buffer's growth.
 *
 * Values: strings as they are, integers in decimal, doubles in the
 * shortest form that reads back the same (1.210 -> "1.21"), true/false as
 * words, null and missing names as nothing. {{x}} escapes for HTML with
 * rb_buf_append_html; {{{x}}} and {{&x}} do not, so they never carry user
 * data. Falsey for sections: false, null, a missing name and the empty
 * list; everything else, "" and 0 included, is truthy.
 *
 * Names are looked up from the innermost section's value outwards; a
 * dotted name a.b.c resolves a that way, then b and c inside it only.
 */
#ifndef RB_TMPL_TMPL_H
#define RB_TMPL_TMPL_H

#include <stdbool.h>
#include <stddef.h>

struct json_object;
struct rb_buf;
struct rb_err;
struct rb_tmpl_set; /* a collection of compiled templates keyed by name */

/*
 * How deep one render may go: values pushed by sections, and partials,
 * parents and blocks expanded inside one another. Past it, rendering stops
 * with RB_ERROR, so a template including itself cannot loop forever.
 */
#define RB_TMPL_MAX_DEPTH 64

/* Sections, parents and blocks nested in one template's source. */
#define RB_TMPL_MAX_NEST 100

/* Largest template file rb_tmpl_set_load_dir reads. */
#define RB_TMPL_MAX_FILE (4 << 20)

/* An empty set. Never NULL; free it with rb_tmpl_set_free. */
struct rb_tmpl_set *rb_tmpl_set_new(void);

/* Frees the set and every template in it. set may be NULL. */
void rb_tmpl_set_free(struct rb_tmpl_set *set);

/*
 * Compiles the len bytes at src under name (e.g. "shop/home"); the set
 * keeps its own copy of everything. filename names the template in error
 * messages ("templates/shop/home.mustache:12: unclosed section \"items\"");
 * NULL means name. Replaces an existing template of that name.
 * RB_OK; RB_INVALID on a syntax error, the set unchanged.
 */
int rb_tmpl_set_add(struct rb_tmpl_set *set, const char *name, const char *src,
    size_t len, const char *filename, struct rb_err *err);

/*
 * Adds every *.mustache file under dir, recursively, skipping names that
 * start with a dot; a template's name is its path relative to dir without
 * the extension ("layouts/base", "shop/home"). Stops at the first problem:
 * RB_INVALID for a syntax error (file and line in the message), RB_ERROR
 * when a directory or file cannot be read. Templates added before the
 * problem stay in the set.
 */
int rb_tmpl_set_load_dir(
    struct rb_tmpl_set *set, const char *dir, struct rb_err *err);

/*
 * Verifies that every partial ({{>x}}) and parent ({{<x}}) named by any
 * template of the set exists in it. RB_OK, or RB_INVALID naming the file,
 * the line and the missing name. Workers refuse to start on failure.
 */
int rb_tmpl_set_check(const struct rb_tmpl_set *set, struct rb_err *err);

/* True when the set holds a template called name. */
bool rb_tmpl_set_has(const struct rb_tmpl_set *set, const char *name);

/*
 * Renders the template called name with ctx (may be NULL), appending to
 * out. A partial or parent missing at render time renders as nothing, as
 * the spec requires (rb_tmpl_set_check catches it at start). RB_OK;
 * RB_DECLINED when there is no such template; RB_ERROR past
 * RB_TMPL_MAX_DEPTH, with out cut back to its length on entry.
 */
int rb_tmpl_render(const struct rb_tmpl_set *set, const char *name,
    struct json_object *ctx, struct rb_buf *out, struct rb_err *err);

#endif
