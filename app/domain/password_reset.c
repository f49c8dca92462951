#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/json.h"
#include "core/log.h"
#include "core/secret.h"
#include "db/db.h"
#include "domain/email.h"
#include "domain/password_reset.h"
#include "domain/user.h"
#include "domain/password.h"

/* "\x<hex>": the token's SHA-256 as a bytea parameter. */
static const char *
token_param(struct rb_ctx *ctx, struct rb_str token)
{
	char hex[RB_HASH_HEX_LEN + 1];

	rb_secret_hash_hex(token, hex);
	return rb_arena_printf(&ctx->arena, "\\x%s", hex);
}

static void
put_model(void *o)
{
	json_object_put(o);
}

/* The email's model; released with the arena. */
static struct json_object *
email_model(struct rb_ctx *ctx, const char *name, const char *email,
    const char *link)
{
	struct json_object *m = json_object_new_object();

	rb_arena_defer(&ctx->arena, put_model, m);
	rb_json_put(m, "name", json_object_new_string(name));
	rb_json_put(m, "email", json_object_new_string(email));
	rb_json_put(m, "link", json_object_new_string(link));
	rb_json_put(m, "minutes",
	    json_object_new_int(PASSWORD_RESET_MINUTES));
	return m;
}

int
password_reset_request(struct rb_ctx *ctx, struct rb_str email,
    const char *link_base, const struct user_origin *from,
    struct rb_err *err)
{
	char norm[256], token[RB_TOKEN_LEN + 1];
	struct email_message msg;
	struct json_object *model;
	const char *p[2], *name = "";
	PGresult *res;
	int64_t uid = 0;
	long recent = 0;
	int rc;

	if ((rc = user_email_normalize(email, norm, err)) != RB_OK)
		return rc;
	p[0] = norm;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_RESET_ACCOUNT, &res, 1,
	    p) != RB_OK)
		return RB_ERROR;
	if (PQntuples(res) == 1) {
		uid = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		name = PQgetvalue(res, 0, 1);
		recent = strtol(PQgetvalue(res, 0, 2), NULL, 10);
	}
	/* Token and email are made for unknown addresses too, so both
	 * answers cost about the same; only the storing differs. */
	rb_secret_token(token);
	model = email_model(ctx, name, norm,
	    rb_arena_printf(&ctx->arena, "%s%s", link_base, token));
	if (uid == 0 || recent >= PASSWORD_RESET_PER_HOUR) {
		if ((rc = email_render(ctx, "password_reset", model, &msg,
		    err)) != RB_OK)
			return rc;
		if (uid != 0)
			rb_log_info("password reset: hourly limit reached for "
				    "user %" PRId64, uid);
		/* Requests for unknown addresses are recorded too: a flood
		 * of them is worth seeing. */
		user_event(ctx, uid, "reset_requested", norm, from);
		return RB_OK;
	}
	/* One transaction: the link, its email and the event are stored
	 * together, and one commit (one WAL flush, the slow part) costs what
	 * the unknown address's single insert does. */
	p[0] = token_param(ctx, rb_str_c(token));
	p[1] = rb_arena_printf(&ctx->arena, "%" PRId64, uid);
	if (rb_db_begin(ctx->db, &ctx->arena) != RB_OK)
		return RB_ERROR;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_RESET_INSERT, &res, 2,
	    p) != RB_OK ||
	    email_queue(ctx, norm, "password_reset", model, err) != RB_OK) {
		rb_db_rollback(ctx->db, &ctx->arena);
		return RB_ERROR;
	}
	user_event(ctx, uid, "reset_requested", norm, from);
	return rb_db_commit(ctx->db, &ctx->arena);
}

/* The account behind a live token: RB_OK, RB_DECLINED or RB_ERROR. */
static int
live(struct rb_ctx *ctx, struct rb_str token, int64_t *user_id,
    const char **email)
{
	const char *p[1];
	PGresult *res;

	if (!rb_secret_token_valid(token))
		return RB_DECLINED;
	p[0] = token_param(ctx, token);
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_RESET_LIVE, &res, 1,
	    p) != RB_OK)
		return RB_ERROR;
	if (PQntuples(res) != 1)
		return RB_DECLINED;
	*user_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	*email = PQgetvalue(res, 0, 1);
	return RB_OK;
}

int
password_reset_check(struct rb_ctx *ctx, struct rb_str token,
    int64_t *user_id)
{
	const char *email;

	return live(ctx, token, user_id, &email);
}

int
password_reset_complete(struct rb_ctx *ctx, struct rb_str token,
    struct rb_str password, const struct user_origin *from,
    int64_t *user_id, struct rb_err *err)
{
	char hash[RB_PASSWORD_HASH_MAX];
	const char *email, *p[2];
	PGresult *res;
	int rc;

	if ((rc = live(ctx, token, user_id, &email)) != RB_OK)
		return rc;
	/* The policy first, so a refused password leaves the link usable. */
	if ((rc = rb_password_check(ctx->common_passwords, password,
	    rb_str_c(email), err)) != RB_OK)
		return rc;
	if (rb_password_hash(password, hash) != RB_OK)
		return RB_ERROR;
	/*
	 * One statement marks the token used and sets the password, so
	 * there is no moment where one happened without the other, and of
	 * two requests racing with the same token exactly one changes
	 * anything (the other's UPDATE finds used_at set and returns no row).
	 */
	p[0] = token_param(ctx, token);
	p[1] = hash;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_RESET_USE, &res, 2,
	    p) != RB_OK)
		return RB_ERROR;
	if (PQntuples(res) != 1)
		return RB_DECLINED;
	*user_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	email = PQgetvalue(res, 0, 1);
	/* Older links mailed to the account die with the password they
	 * were meant to replace; and its sign-in throttle is cleared. */
	p[0] = rb_arena_printf(&ctx->arena, "%" PRId64, *user_id);
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_RESET_CLOSE_USER, &res,
	    1, p) != RB_OK)
		rb_log_error("password reset: older links of user %" PRId64
			     " still live", *user_id);
	p[0] = email;
	(void)rb_db_query(ctx->db, &ctx->arena, RB_STMT_THROTTLE_CLEAR, &res,
	    1, p);
	user_event(ctx, *user_id, "reset_used", email, from);
	return RB_OK;
}
