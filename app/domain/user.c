#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/err.h"
#include "core/log.h"
#include "core/utf8.h"
#include "db/db.h"
#include "domain/user.h"
#include "domain/password.h"

static const char *
i64(struct rb_ctx *ctx, int64_t v)
{
	return rb_arena_printf(&ctx->arena, "%" PRId64, v);
}

int
user_email_normalize(struct rb_str in, char out[256], struct rb_err *err)
{
	const char *at;
	size_t local, dots = 0;

	if (in.len < 3 || in.len > 254)
		return rb_err_field(err, RB_INVALID, "email",
		    "Enter your email address, like name@example.com.");
	for (size_t i = 0; i < in.len; i++) {
		unsigned char c = (unsigned char)in.ptr[i];

		if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"' ||
		    c == ',' || c == ';' || c == '\\')
			return rb_err_field(err, RB_INVALID, "email",
			    "An email address has no spaces or special "
			    "characters like < > , ;.");
		out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out[in.len] = '\0';
	at = strchr(out, '@');
	local = at ? (size_t)(at - out) : 0;
	for (const char *p = at ? at + 1 : out; *p; p++)
		dots += *p == '.';
	if (at == NULL || local == 0 || local > 64 || strchr(at + 1, '@') ||
	    dots == 0 || at[1] == '.' || out[in.len - 1] == '.' ||
	    !rb_utf8_valid(out, in.len))
		return rb_err_field(err, RB_INVALID, "email",
		    "Enter your email address, like name@example.com.");
	return RB_OK;
}

int
user_name_check(struct rb_str name, struct rb_err *err)
{
	size_t chars = 0;

	for (size_t i = 0; i < name.len; i++) {
		unsigned char c = (unsigned char)name.ptr[i];

		if (c < ' ' || c == 0x7f)
			return rb_err_field(err, RB_INVALID, "name",
			    "A name cannot hold control characters.");
		chars += (c & 0xC0) != 0x80;
	}
	if (chars == 0 || name.ptr[0] == ' ')
		return rb_err_field(err, RB_INVALID, "name",
		    "Enter your name.");
	if (chars > 100)
		return rb_err_field(err, RB_INVALID, "name",
		    "Use at most 100 characters.");
	return RB_OK;
}

void
user_event(struct rb_ctx *ctx, int64_t user_id, const char *event,
    const char *email, const struct user_origin *from)
{
	const char *p[5] = { user_id ? i64(ctx, user_id) : NULL, event,
		email ? email : "", from ? from->ip : NULL,
		from && from->user_agent ? from->user_agent : "" };
	PGresult *res;

	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_AUTH_EVENT, &res, 5,
	    p) != RB_OK)
		rb_log_error("auth event %s not recorded", event);
}

static int
hash_password(struct rb_ctx *ctx, struct rb_str password, char **out)
{
	char *h = rb_arena_alloc(&ctx->arena, RB_PASSWORD_HASH_MAX);

	if (rb_password_hash(password, h) != RB_OK)
		return RB_ERROR;
	*out = h;
	return RB_OK;
}

int
user_register(struct rb_ctx *ctx, struct rb_str email, struct rb_str name,
    struct rb_str password, bool admin, const struct user_origin *from,
    int64_t *id, struct rb_err *err)
{
	char norm[256];
	const char *p[4];
	PGresult *res;
	char *hash;
	int rc;

	if ((rc = user_name_check(name, err)) != RB_OK ||
	    (rc = user_email_normalize(email, norm, err)) != RB_OK ||
	    (rc = rb_password_check(ctx->common_passwords, password,
		rb_str_c(norm), err)) != RB_OK)
		return rc;
	if (hash_password(ctx, password, &hash) != RB_OK)
		return RB_ERROR;
	p[0] = norm;
	p[1] = rb_arena_strndup(&ctx->arena, name.ptr, name.len);
	p[2] = hash;
	p[3] = admin ? "true" : "false";
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_USER_INSERT, &res, 4,
	    p) != RB_OK)
		return RB_ERROR;
	if (PQntuples(res) == 0)
		return rb_err_field(err, RB_CONFLICT, "email",
		    "An account with this email address exists already: "
		    "sign in, or reset its password.");
	*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	user_event(ctx, *id, "register", norm, from);
	return RB_OK;
}

/* RB_CONFLICT while the address waits out its failures. */
static int
throttled(struct rb_ctx *ctx, const char *email, struct rb_err *err)
{
	const char *p[1] = { email };
	PGresult *res;
	int secs;

	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_THROTTLE_BLOCKED, &res,
	    1, p) != RB_OK)
		return RB_ERROR;
	if (PQntuples(res) == 0)
		return RB_OK;
	secs = atoi(PQgetvalue(res, 0, 0));
	return rb_err_field(err, RB_CONFLICT, "email",
	    "Too many failed sign-ins for this address. Try again in %d "
	    "%s, or reset the password.",
	    secs >= 60 ? (secs + 59) / 60 : secs,
	    secs >= 60 ? "minutes" : "seconds");
}

static int
failed(struct rb_ctx *ctx, const char *email, int64_t id,
    const struct user_origin *from, struct rb_err *err)
{
	const char *p[2] = { email,
		rb_arena_printf(&ctx->arena, "%d", USER_THROTTLE_AFTER) };
	PGresult *res;

	(void)rb_db_query(ctx->db, &ctx->arena, RB_STMT_THROTTLE_FAIL, &res, 2,
	    p);
	user_event(ctx, id, "login_failed", email, from);
	return rb_err_field(err, RB_INVALID, "password",
	    "The email address or the password is wrong.");
}

int
user_authenticate(struct rb_ctx *ctx, struct rb_str email,
    struct rb_str password, const struct user_origin *from, int64_t *id,
    struct rb_err *err)
{
	char norm[256];
	const char *p[2];
	const char *hash;
	PGresult *res;
	int rc;

	if (user_email_normalize(email, norm, err) != RB_OK) {
		rb_password_burn(password);
		return rb_err_field(err, RB_INVALID, "password",
		    "The email address or the password is wrong.");
	}
	if ((rc = throttled(ctx, norm, err)) != RB_OK)
		return rc;
	p[0] = norm;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_USER_BY_EMAIL, &res, 1,
	    p) != RB_OK)
		return RB_ERROR;
	if (PQntuples(res) == 0) {
		/* As slow as a real check: timing says nothing either. */
		rb_password_burn(password);
		return failed(ctx, norm, 0, from, err);
	}
	*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	hash = PQgetvalue(res, 0, 1);
	if (!rb_password_verify(hash, password))
		return failed(ctx, norm, *id, from, err);
	(void)rb_db_query(ctx->db, &ctx->arena, RB_STMT_THROTTLE_CLEAR, &res, 1,
	    p);
	if (rb_password_needs_rehash(hash)) {
		char *fresh;

		if (hash_password(ctx, password, &fresh) == RB_OK) {
			p[0] = i64(ctx, *id);
			p[1] = fresh;
			(void)rb_db_query(ctx->db, &ctx->arena,
			    RB_STMT_USER_SET_PASSWORD, &res, 2, p);
		}
	}
	user_event(ctx, *id, "login_ok", norm, from);
	return RB_OK;
}

/* The stored email and password hash of id, or RB_DECLINED. */
static int
load(struct rb_ctx *ctx, int64_t id, const char **email, const char **hash)
{
	const char *p[1] = { i64(ctx, id) };
	PGresult *res;

	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_USER_BY_ID, &res, 1,
	    p) != RB_OK)
		return RB_ERROR;
	if (PQntuples(res) == 0)
		return RB_DECLINED;
	*email = PQgetvalue(res, 0, 0);
	*hash = PQgetvalue(res, 0, 2);
	return RB_OK;
}

int
user_set_password(struct rb_ctx *ctx, int64_t id, struct rb_str password,
    struct rb_err *err)
{
	const char *email, *hash, *p[2];
	PGresult *res;
	char *fresh;
	int rc;

	if ((rc = load(ctx, id, &email, &hash)) != RB_OK)
		return rc;
	if ((rc = rb_password_check(ctx->common_passwords, password,
	    rb_str_c(email), err)) != RB_OK)
		return rc;
	if (hash_password(ctx, password, &fresh) != RB_OK)
		return RB_ERROR;
	p[0] = i64(ctx, id);
	p[1] = fresh;
	return rb_db_query(ctx->db, &ctx->arena, RB_STMT_USER_SET_PASSWORD,
	    &res, 2, p);
}

int
user_change_password(struct rb_ctx *ctx, int64_t id, struct rb_str current,
    struct rb_str password, const struct user_origin *from,
    struct rb_err *err)
{
	const char *email, *hash;
	int rc;

	if ((rc = load(ctx, id, &email, &hash)) != RB_OK)
		return rc;
	if (!rb_password_verify(hash, current))
		return rb_err_field(err, RB_INVALID, "current_password",
		    "Your current password is wrong.");
	if ((rc = user_set_password(ctx, id, password, err)) != RB_OK)
		return rc;
	user_event(ctx, id, "password_changed", email, from);
	return RB_OK;
}

int
user_update_profile(struct rb_ctx *ctx, int64_t id, struct rb_str name,
    struct rb_str email, struct rb_str password,
    const struct user_origin *from, struct rb_err *err)
{
	const char *old_email, *hash, *p[3];
	char norm[256];
	PGresult *res;
	int rc;

	if ((rc = user_name_check(name, err)) != RB_OK ||
	    (rc = user_email_normalize(email, norm, err)) != RB_OK ||
	    (rc = load(ctx, id, &old_email, &hash)) != RB_OK)
		return rc;
	if (strcmp(norm, old_email) != 0 && !rb_password_verify(hash, password))
		return rb_err_field(err, RB_INVALID, "password",
		    "Enter your current password to change your email "
		    "address.");
	p[0] = i64(ctx, id);
	p[1] = rb_arena_strndup(&ctx->arena, name.ptr, name.len);
	p[2] = norm;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_USER_SET_PROFILE, &res,
	    3, p) != RB_OK)
		return RB_ERROR;
	if (PQcmdTuples(res)[0] == '0')
		return rb_err_field(err, RB_CONFLICT, "email",
		    "Another account uses this email address.");
	if (strcmp(norm, old_email) != 0)
		user_event(ctx, id, "email_changed", norm, from);
	return RB_OK;
}
