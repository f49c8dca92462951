/*
 * The route table: every URL Rebound answers, with the flags the
 * dispatcher enforces. An audit of access control reads this one file.
 */
#ifndef RB_PAGES_ROUTES_H
#define RB_PAGES_ROUTES_H

#include <stddef.h>

struct rb_route;

/* The table and its length. */
const struct rb_route *rb_routes(size_t *n);

#endif
