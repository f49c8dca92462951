/*
 * The worker's context: the only long-lived state a process has. Handlers,
 * domain functions and templates reach the database, the cache and the
 * compiled templates through it. One per worker process (or per command);
 * the arena is reset after every request.
 */
#ifndef RB_CORE_CTX_H
#define RB_CORE_CTX_H

#include "core/arena.h"

struct rb_config;
struct rb_db;
struct rb_cache;
struct rb_tmpl_set;
struct rb_metrics;
struct rb_markets;
struct rb_pages;
struct rb_langs;
struct rb_session;
struct rb_password_list;
struct catalog_ref;

struct rb_ctx {
	const struct rb_config *cfg;
	struct rb_db *db;
	struct rb_cache *cache;
	const struct rb_tmpl_set *tmpl; /* the source language's (emails) */
	struct rb_langs *langs;	    /* every language's, for pages */
	struct rb_metrics *metrics;
	struct rb_markets *markets; /* the market table, refreshed now and then */
	struct catalog_ref *catalog_ref; /* names of the catalog, by version */
	struct rb_pages *pages;	    /* the compiled route table */
	struct rb_password_list *common_passwords;
	struct rb_session *session; /* this request's, or NULL */
	struct rb_arena arena;	    /* per request */
	char asset_version[17];	    /* hash of the stylesheet, for cache busting */
	/* Translates a text the C code shows (rb_langs_gettext, set where
	 * langs is): lower layers reach the catalogs without knowing pages. */
	const char *(*gettext)(const struct rb_langs *, const char *locale,
	    const char *msgid);
};

/* Marks a text for tools/i18n-extract; rb_tr translates it at run time. */
#define N_(s) (s)

static inline const char *
rb_tr(const struct rb_ctx *ctx, const char *locale, const char *msgid)
{
	return ctx->gettext != NULL ? ctx->gettext(ctx->langs, locale, msgid) :
	    msgid;
}

#endif
