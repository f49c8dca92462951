#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/mem.h"
#include "pages/langs.h"
#include "tmpl/tmpl.h"

#define MAX_LANGS 32

struct lang {
	char locale[16]; /* "fr", "en_GB" */
	char tag[16];	 /* "fr", "en-GB": for <html lang> */
	struct rb_tmpl_set *set;
	struct rb_catalog *cat; /* for texts the C code shows (rb_langs_gettext) */
};

struct rb_langs {
	struct rb_tmpl_set *source;
	struct lang langs[MAX_LANGS];
	int n;
};

/* "fr.po" -> "fr"; "en_GB.po" -> "en_GB"; anything else is not ours. */
static int
po_locale(const char *file, char out[16])
{
	size_t len = strlen(file);

	if (len < 5 || len > 15 || strcmp(file + len - 3, ".po") != 0)
		return 0;
	for (size_t i = 0; i < len - 3; i++) {
		char c = file[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '_'))
			return 0;
	}
	memcpy(out, file, len - 3);
	out[len - 3] = '\0';
	return 1;
}

static int
load_one(struct rb_langs *l, const char *templates_dir, const char *po_dir,
    const char *locale, struct rb_err *err)
{
	struct lang *g = &l->langs[l->n];
	struct rb_catalog *cat = NULL;
	char path[4096];
	int rc;

	snprintf(path, sizeof(path), "%s/%s.po", po_dir, locale);
	if ((rc = rb_catalog_load_po(path, &cat, err)) != RB_OK)
		return rc;
	snprintf(g->locale, sizeof(g->locale), "%s", locale);
	snprintf(g->tag, sizeof(g->tag), "%s", locale);
	for (char *p = g->tag; *p; p++)
		if (*p == '_')
			*p = '-';
	g->set = rb_tmpl_set_new();
	rc = rb_tmpl_set_load_dir_lang(g->set, templates_dir, cat, err);
	if (rc == RB_OK)
		rc = rb_tmpl_set_check(g->set, err);
	if (rc != RB_OK) {
		rb_catalog_free(cat);
		rb_tmpl_set_free(g->set);
		return rc;
	}
	g->cat = cat;
	l->n++;
	return RB_OK;
}

int
rb_langs_load(const char *templates_dir, const char *po_dir,
    struct rb_langs **out, struct rb_err *err)
{
	struct rb_langs *l = rb_xcalloc(1, sizeof(*l));
	struct dirent *e;
	DIR *d;
	int rc;

	*out = l;
	l->source = rb_tmpl_set_new();
	if ((rc = rb_tmpl_set_load_dir(l->source, templates_dir, err)) !=
	    RB_OK || (rc = rb_tmpl_set_check(l->source, err)) != RB_OK)
		return rc;
	/* No po directory: every market gets the source language. */
	if ((d = opendir(po_dir)) == NULL)
		return RB_OK;
	while ((e = readdir(d)) != NULL && l->n < MAX_LANGS) {
		char locale[16];

		if (!po_locale(e->d_name, locale))
			continue;
		if ((rc = load_one(l, templates_dir, po_dir, locale, err)) !=
		    RB_OK)
			break;
	}
	closedir(d);
	return rc;
}

void
rb_langs_free(struct rb_langs *l)
{
	if (l == NULL)
		return;
	rb_tmpl_set_free(l->source);
	for (int i = 0; i < l->n; i++) {
		rb_tmpl_set_free(l->langs[i].set);
		rb_catalog_free(l->langs[i].cat);
	}
	free(l);
}

static const struct lang *
find(const struct rb_langs *l, const char *locale)
{
	size_t two = strcspn(locale, "_-");

	for (int i = 0; i < l->n; i++)
		if (strcmp(l->langs[i].locale, locale) == 0)
			return &l->langs[i];
	for (int i = 0; i < l->n; i++)
		if (strlen(l->langs[i].locale) == two &&
		    strncmp(l->langs[i].locale, locale, two) == 0)
			return &l->langs[i];
	return NULL;
}

const struct rb_tmpl_set *
rb_langs_for(const struct rb_langs *l, const char *locale)
{
	const struct lang *g = locale ? find(l, locale) : NULL;

	return g != NULL ? g->set : l->source;
}

const struct rb_tmpl_set *
rb_langs_source(const struct rb_langs *l)
{
	return l->source;
}

const char *
rb_langs_tag(const struct rb_langs *l, const char *locale)
{
	const struct lang *g = locale ? find(l, locale) : NULL;

	return g != NULL ? g->tag : "en";
}

const char *
rb_langs_gettext(const struct rb_langs *l, const char *locale,
    const char *msgid)
{
	const struct lang *g = l != NULL && locale ? find(l, locale) : NULL;
	const char *t;

	if (g == NULL || (t = rb_catalog_get(g->cat, msgid, strlen(msgid),
	    NULL)) == NULL)
		return msgid;
	return t;
}
