#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>

#include "cli/seed.h"
#include "core/ctx.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/user.h"

/* One step of the demo data; run again, it finds what it made. */
struct seed_step {
	const char *name;
	int (*run)(struct rb_ctx *ctx, const struct seed_opts *o, FILE *out);
};

static int seed_accounts(struct rb_ctx *, const struct seed_opts *, FILE *);

/* In order: later steps may use what earlier ones made. */
static const struct seed_step steps[] = {
	{ "accounts", seed_accounts },
};
#define NSTEPS (sizeof(steps) / sizeof(steps[0]))

static const struct {
	const char *email;
	const char *name;
	bool admin;
	bool seller_owner; /* owner of the demo seller */
} demo_accounts[] = {
	{ "admin@rebound.test", "Ada Admin", true, false },
	{ "seller@rebound.test", "Sam Seller", false, true },
	{ "shopper@rebound.test", "Sasha Shopper", false, false },
};

#define DEMO_SELLER_NAME "Demo Refurb Co"
#define DEMO_SELLER_SLUG "demo-refurb-co"

static const char *
i64(struct rb_ctx *ctx, int64_t v)
{
	return rb_arena_printf(&ctx->arena, "%" PRId64, v);
}

/* The account with this email, made if missing: RB_OK and *id. */
static int
ensure_user(struct rb_ctx *ctx, const char *email, const char *name,
    bool admin, int64_t *id, FILE *out)
{
	static const struct user_origin from = { NULL, "rebound seed" };
	const char *p[1] = { email };
	PGresult *res;
	struct rb_err err;
	int rc;

	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_USER_BY_EMAIL, &res, 1,
	    p) != RB_OK)
		return RB_ERROR;
	if (PQntuples(res) == 1) {
		*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		fprintf(out, "seed: account %s exists (id %" PRId64 ")\n",
		    email, *id);
		return RB_OK;
	}
	/* Through the password policy like anyone's: a demo password the
	 * policy refused would fail here, not at the first demo. */
	rb_err_clear(&err);
	rc = user_register(ctx, rb_str_c(email), rb_str_c(name),
	    RB_STR(SEED_DEMO_PASSWORD), admin, &from, id, &err);
	if (rc != RB_OK) {
		fprintf(stderr, "rebound: seed: %s: %s\n", email,
		    err.msg[0] ? err.msg : "the database refused it");
		return rc;
	}
	fprintf(out, "seed: account %s created (id %" PRId64 ")%s\n", email,
	    *id, admin ? ", admin" : "");
	return RB_OK;
}

static int
seed_accounts(struct rb_ctx *ctx, const struct seed_opts *o, FILE *out)
{
	const char *p[3];
	PGresult *res;
	int64_t id, seller_id;
	int rc;

	(void)o;
	p[0] = DEMO_SELLER_NAME;
	p[1] = DEMO_SELLER_SLUG;
	p[2] = "approved";
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_SELLER_ENSURE, &res, 3,
	    p) != RB_OK || PQntuples(res) != 1)
		return RB_ERROR;
	seller_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	fprintf(out, "seed: seller %s (id %" PRId64 ")\n", DEMO_SELLER_SLUG,
	    seller_id);
	for (size_t i = 0;
	     i < sizeof(demo_accounts) / sizeof(demo_accounts[0]); i++) {
		if ((rc = ensure_user(ctx, demo_accounts[i].email,
		    demo_accounts[i].name, demo_accounts[i].admin, &id,
		    out)) != RB_OK)
			return rc;
		if (!demo_accounts[i].seller_owner)
			continue;
		p[0] = i64(ctx, seller_id);
		p[1] = i64(ctx, id);
		p[2] = "owner";
		if (rb_db_query(ctx->db, &ctx->arena,
		    RB_STMT_SELLER_MEMBER_ENSURE, &res, 3, p) != RB_OK)
			return RB_ERROR;
	}
	return RB_OK;
}

int
seed_demo(struct rb_ctx *ctx, const struct seed_opts *o, FILE *out)
{
	for (size_t i = 0; i < NSTEPS; i++) {
		int rc = steps[i].run(ctx, o, out);

		rb_arena_reset(&ctx->arena);
		if (rc != RB_OK) {
			fprintf(stderr, "rebound: seed: step \"%s\" failed\n",
			    steps[i].name);
			return rc;
		}
	}
	return RB_OK;
}
