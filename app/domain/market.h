/*
 * Markets: country, currency, locale, VAT and return window, all data from
 * the markets table. The worker keeps the table in memory and reloads it
 * every MARKETS_TTL seconds, so opening a market needs no restart.
 */
#ifndef RB_DOMAIN_MARKET_H
#define RB_DOMAIN_MARKET_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/str.h"

struct rb_ctx;
struct rb_err;

struct rb_market {
	char code[8];	   /* "fr-fr" */
	char country[3];   /* "FR" */
	char currency[4];  /* "EUR" */
	char locale[16];   /* "fr_FR" */
	int vat_rate_bp;   /* basis points: 2000 = 20 % */
	bool prices_include_vat;
	int return_days;
	char name[64];	    /* "France" */
	char language[32];  /* "Français" */
	bool active;
};

struct rb_markets {
	struct rb_market *items; /* ordered for display */
	size_t n;
	time_t loaded;
};

/*
 * Makes sure ctx->markets is loaded and fresh. RB_OK, or RB_ERROR when the
 * database cannot be read and no earlier copy exists.
 */
int market_table_load(struct rb_ctx *ctx);

/* The active market with this code, or NULL. */
const struct rb_market *market_find(const struct rb_markets *t,
    struct rb_str code);

/* The language codes of the active markets, for Accept-Language matching;
 * out has room for t->n entries. Returns how many were written. */
size_t market_codes(const struct rb_markets *t, const char **out);

void market_table_free(struct rb_markets *t);

#endif
