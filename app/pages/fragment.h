/*
 * Rendered fragments in memcached (facet blocks, product cards, a product
 * page's offers, whole API answers). A fragment depends on a namespace
 * (a product, a category in a market, a market) and on the catalog as a
 * whole; each is stored with the versions of both it was built under,
 * and a read takes the current versions and the fragments in one round
 * trip, so a fragment built before a bump (catalog_offer_update bumps)
 * is never shown again. Fragments hold nothing personal: the header with
 * the signed-in user and the CSRF token is rendered per request around
 * them. Every cache failure is a miss.
 */
#ifndef RB_PAGES_FRAGMENT_H
#define RB_PAGES_FRAGMENT_H

#include <stddef.h>

#include "core/str.h"

struct rb_ctx;

#define FRAGMENT_TTL 600 /* seconds: bounds what an unannounced change costs */

/*
 * The key of fragment kind ("list.facets") in namespace ns for the given
 * variable part (the canonical query string; hashed, so any length fits
 * memcached's 250-byte keys).
 */
struct rb_str fragment_key(struct rb_ctx *ctx, const char *kind,
    const char *ns, struct rb_str variant);

/*
 * Fetches n fragments of namespace ns: vals[i] is set for each fresh one.
 * *tag receives the current versions, to store rebuilt fragments with.
 * Returns the number of fresh fragments.
 */
size_t fragment_get(struct rb_ctx *ctx, const char *ns,
    const struct rb_str *keys, size_t n, struct rb_str *vals,
    const char **tag);

void fragment_put(struct rb_ctx *ctx, const char *tag, struct rb_str key,
    struct rb_str val);

#endif
