/*
 * `rebound seed --demo`: the demo data of DESIGN.md §4, made through the
 * same domain functions the site uses, so it obeys the same rules. Every
 * step is idempotent (what exists is left as it is), so seeding twice
 * changes nothing. A later issue adds its own steps to the table in
 * seed.c: the catalog, offers, orders.
 */
#ifndef RB_CLI_SEED_H
#define RB_CLI_SEED_H

#include <stdio.h>

struct rb_ctx;

struct seed_opts {
	int scale; /* 1 and up: how much generated data the steps make */
};

/* The demo accounts' password (12 characters, not a common one). */
#define SEED_DEMO_PASSWORD "rebound-demo"

/*
 * Runs every step in order on ctx (connected to a migrated database, with
 * the common-password list loaded), reporting one line per thing made or
 * found on out. Stops at the first failure: RB_OK, or the step's code
 * with a message on stderr.
 */
int seed_demo(struct rb_ctx *ctx, const struct seed_opts *o, FILE *out);

#endif
