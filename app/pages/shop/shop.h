/* What the storefront's handlers share. */
#ifndef RB_PAGES_SHOP_SHOP_H
#define RB_PAGES_SHOP_SHOP_H

#include "domain/user.h"

struct rb_ctx;
struct rb_market;
struct rb_request;

/*
 * The market named by the route's {m}: RB_OK and *m, RB_DECLINED for no
 * such market (404), RB_ERROR when the markets cannot be read.
 */
int shop_market(struct rb_ctx *ctx, struct rb_request *req,
    const struct rb_market **m);

/* Where the request comes from, for the authentication log. */
struct user_origin shop_origin(const struct rb_request *req);

#endif
