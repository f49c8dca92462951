#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/api_token.h"
#include "domain/user.h"
#include "domain/principal.h"

static const struct {
	const char *name;
	unsigned bit;
} scope_names[] = { { "read", RB_SCOPE_READ }, { "orders", RB_SCOPE_ORDERS },
	{ "listings", RB_SCOPE_LISTINGS } };
#define NSCOPES (sizeof(scope_names) / sizeof(scope_names[0]))

int
api_token_scopes_parse(const struct rb_str *names, size_t n, unsigned *scopes,
    struct rb_err *err)
{
	*scopes = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k;

		for (k = 0; k < NSCOPES; k++)
			if (rb_str_eq_c(names[i], scope_names[k].name))
				break;
		if (k == NSCOPES)
			return rb_err_field(err, RB_INVALID, "scopes",
			    "Choose among read, orders and listings.");
		*scopes |= scope_names[k].bit;
	}
	if (*scopes == 0)
		return rb_err_field(err, RB_INVALID, "scopes",
		    "Choose at least one scope.");
	return RB_OK;
}

static unsigned
scopes_from_text(const char *s)
{
	unsigned bits = 0;

	for (size_t k = 0; k < NSCOPES; k++) {
		size_t len = strlen(scope_names[k].name);

		for (const char *p = s; (p = strstr(p, scope_names[k].name));
		     p += len)
			if ((p == s || p[-1] == ' ') &&
			    (p[len] == ' ' || p[len] == '\0'))
				bits |= scope_names[k].bit;
	}
	return bits;
}

static const char *
bytea_hash(struct rb_ctx *ctx, struct rb_str token)
{
	char hex[RB_HASH_HEX_LEN + 1];

	rb_secret_hash_hex(token, hex);
	return rb_arena_printf(&ctx->arena, "\\x%s", hex);
}

int
api_token_create(struct rb_ctx *ctx, int64_t user_id, struct rb_str name,
    unsigned scopes, const struct user_origin *from,
    char out[RB_TOKEN_LEN + 1], struct rb_err *err)
{
	struct rb_buf list;
	const char *p[4];
	PGresult *res;

	if (name.len == 0 || name.len > 100)
		return rb_err_field(err, RB_INVALID, "name",
		    "Name the token (1 to 100 characters), so you know "
		    "where it is used.");
	for (size_t i = 0; i < name.len; i++)
		if ((unsigned char)name.ptr[i] < ' ')
			return rb_err_field(err, RB_INVALID, "name",
			    "A name cannot hold control characters.");
	rb_buf_init(&list, &ctx->arena);
	for (size_t k = 0; k < NSCOPES; k++)
		if (scopes & scope_names[k].bit)
			rb_buf_printf(&list, "%s%s", list.len ? " " : "",
			    scope_names[k].name);
	rb_secret_token(out);
	p[0] = rb_arena_printf(&ctx->arena, "%" PRId64, user_id);
	p[1] = rb_arena_strndup(&ctx->arena, name.ptr, name.len);
	p[2] = bytea_hash(ctx, rb_str_c(out));
	p[3] = list.data;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_TOKEN_INSERT, &res, 4,
	    p) != RB_OK)
		return RB_ERROR;
	user_event(ctx, user_id, "token_created", NULL, from);
	return RB_OK;
}

int
api_token_revoke(struct rb_ctx *ctx, int64_t user_id, int64_t id,
    const struct user_origin *from)
{
	const char *p[2] = { rb_arena_printf(&ctx->arena, "%" PRId64, id),
		rb_arena_printf(&ctx->arena, "%" PRId64, user_id) };
	PGresult *res;

	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_TOKEN_REVOKE, &res, 2,
	    p) != RB_OK)
		return RB_ERROR;
	if (PQcmdTuples(res)[0] == '0')
		return RB_DECLINED;
	user_event(ctx, user_id, "token_revoked", NULL, from);
	return RB_OK;
}

int
api_token_list(struct rb_ctx *ctx, int64_t user_id, struct pg_result **res)
{
	const char *p[1] = { rb_arena_printf(&ctx->arena, "%" PRId64,
		user_id) };

	return rb_db_query(ctx->db, &ctx->arena, RB_STMT_TOKEN_LIST, res, 1, p);
}

int
api_token_authenticate(struct rb_ctx *ctx, struct rb_str token,
    struct rb_user *u, unsigned *scopes)
{
	const char *p[1];
	PGresult *res;

	if (!rb_secret_token_valid(token))
		return RB_DECLINED;
	p[0] = bytea_hash(ctx, token);
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_TOKEN_AUTH, &res, 1,
	    p) != RB_OK)
		return RB_ERROR;
	if (PQntuples(res) != 1)
		return RB_DECLINED;
	*scopes = scopes_from_text(PQgetvalue(res, 0, 1));
	memset(u, 0, sizeof(*u));
	u->id = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
	snprintf(u->email, sizeof(u->email), "%s", PQgetvalue(res, 0, 3));
	snprintf(u->name, sizeof(u->name), "%s", PQgetvalue(res, 0, 4));
	u->is_admin = PQgetvalue(res, 0, 5)[0] == 't';
	u->seller_id = PQgetisnull(res, 0, 6) ? 0 :
	    strtoll(PQgetvalue(res, 0, 6), NULL, 10);
	snprintf(u->seller_role, sizeof(u->seller_role), "%s",
	    PQgetvalue(res, 0, 7));
	p[0] = PQgetvalue(res, 0, 0);
	(void)rb_db_query(ctx->db, &ctx->arena, RB_STMT_TOKEN_USED, &res, 1, p);
	return RB_OK;
}
