/*
 * The Mustache engine (spec v1.3: interpolation, sections, inverted
 * sections, comments, partials, set delimiters and template inheritance;
 * no lambdas, no dynamic names) over json-c values and the arena values
 * they may hold (core/val.h).
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
 * problem stay in the set. Translation markers ({{#_}}...{{/_}}, see
 * below) are removed, keeping the source text.
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

/*
 * Translation (i18n.c). Text a shopper reads is wrapped in a section named
 * "_": {{#_}}Shopping in {{market.name}}{{/_}}. Its msgid is the exact
 * source between the two tags, placeholders included. A set is translated
 * when it is loaded, not when it renders: each {{#_}}X{{/_}} is replaced
 * by the catalog's translation of X (X itself when there is none) before
 * compiling, so rendering costs nothing more. A marker may sit inside any
 * section and after a set-delimiter tag ({{=<% %>=}} then <%#_%>..<%/_%>);
 * a marker or a set-delimiter tag inside marked text is an error.
 */
struct rb_catalog; /* one language's translations: msgid -> msgstr */

/*
 * Reads a gettext .po file: msgid/msgstr with multi-line strings, the
 * escapes \n \t \r \" \\, comments. Fuzzy entries, the header (msgid ""),
 * entries with a msgctxt and plural entries are left out; an empty msgstr
 * means untranslated. RB_OK with *out to free with rb_catalog_free;
 * RB_INVALID (syntax, "file:line: ...") or RB_ERROR (cannot read) with
 * *out NULL.
 */
int rb_catalog_load_po(
    const char *path, struct rb_catalog **out, struct rb_err *err);

/* As rb_catalog_load_po, from the len bytes at src; path names them. */
int rb_catalog_parse_po(const char *src, size_t len, const char *path,
    struct rb_catalog **out, struct rb_err *err);

/* c may be NULL. */
void rb_catalog_free(struct rb_catalog *c);

/* Translated entries in the catalog. */
size_t rb_catalog_count(const struct rb_catalog *c);

/*
 * The translation of the len bytes at msgid, or NULL (c may be NULL).
 * The string belongs to c, is NUL-terminated, and *out_len (out_len may
 * be NULL) is its length.
 */
const char *rb_catalog_get(
    const struct rb_catalog *c, const char *msgid, size_t len, size_t *out_len);

/*
 * Appends src to out with every marked text replaced by its translation
 * through cat (NULL: the source text itself) and the markers removed.
 * RB_OK, or RB_INVALID with "filename:line: ..." for a template that does
 * not lex or pair, a nested marker, or a set-delimiter tag in marked text.
 */
int rb_tmpl_translate(const char *src, size_t len, const char *filename,
    const struct rb_catalog *cat, struct rb_buf *out, struct rb_err *err);

/*
 * Calls fn for every marked text of src, in order, with the msgid and the
 * line its opening tag is on; stops when fn returns non-zero and returns
 * that. RB_OK, or RB_INVALID as rb_tmpl_translate.
 */
int rb_tmpl_each_msgid(const char *src, size_t len, const char *filename,
    int (*fn)(void *arg, const char *msgid, size_t len, unsigned line),
    void *arg, struct rb_err *err);

/*
 * As rb_tmpl_set_load_dir, translating every {{#_}}...{{/_}} through cat
 * (NULL: keep the source text; rb_tmpl_set_load_dir does exactly that).
 */
int rb_tmpl_set_load_dir_lang(struct rb_tmpl_set *set, const char *dir,
    const struct rb_catalog *cat, struct rb_err *err);

#endif
