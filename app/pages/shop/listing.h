/* The category and search pages: one listing, two entry points. */
#ifndef RB_PAGES_SHOP_LISTING_H
#define RB_PAGES_SHOP_LISTING_H

#include <json-c/json.h>

#include "domain/catalog.h"

struct rb_ctx;
struct rb_market;

/*
 * Adds what a listing's templates link to: an href on every facet value
 * (toggling it), price ranges, sort options, pages, the active filters
 * with their removal links. path is the listing's path ("/en-us/c/x").
 */
void listing_decorate(struct rb_ctx *ctx, const struct rb_market *m,
    const char *path, const struct catalog_query *q,
    struct json_object *listing);

#endif
