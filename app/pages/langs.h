/*
 * The templates in every language: the source set (US English) and one
 * set per po/<locale>.po, each translated once when the worker starts, so
 * rendering a page in French costs what rendering it in English does.
 */
#ifndef RB_PAGES_LANGS_H
#define RB_PAGES_LANGS_H

struct rb_err;
struct rb_langs;
struct rb_tmpl_set;

/*
 * Loads templates_dir untranslated and once per .po file in po_dir (named
 * for its locale: fr.po, en_GB.po). RB_OK, or RB_INVALID naming the file.
 */
int rb_langs_load(const char *templates_dir, const char *po_dir,
    struct rb_langs **out, struct rb_err *err);

void rb_langs_free(struct rb_langs *l);

/*
 * The set for a locale ("fr_FR"): its own catalog if there is one
 * (fr_FR.po), else its language's (fr.po), else the source set.
 */
const struct rb_tmpl_set *rb_langs_for(const struct rb_langs *l,
    const char *locale);

/* The source set, for templates that are never translated (admin). */
const struct rb_tmpl_set *rb_langs_source(const struct rb_langs *l);

/* The language tag pages declare for a locale: "fr", "en-GB", "en". */
const char *rb_langs_tag(const struct rb_langs *l, const char *locale);

/*
 * The translation of a text the C code shows (marked N_("...") where it
 * is written, so tools/i18n-extract finds it) for a locale; msgid itself
 * when there is none. l may be NULL.
 */
const char *rb_langs_gettext(const struct rb_langs *l, const char *locale,
    const char *msgid);

#endif
