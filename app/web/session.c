#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/ctx.h"
#include "core/log.h"
#include "db/db.h"
#include "http/request.h"
#include "http/response.h"
#include "web/session.h"

#define CACHE_TTL 60	  /* seconds a cached copy may be used */
#define TOUCH_EVERY 60	  /* seconds between last_seen writes */

static const char *
cookie_name(const struct rb_ctx *ctx)
{
	return ctx->cfg->https ? RB_SESSION_COOKIE_HOST : RB_SESSION_COOKIE;
}

/* "\x<hex>": a bytea parameter in text form. */
static const char *
bytea_param(struct rb_arena *a, const char *hex)
{
	return rb_arena_printf(a, "\\x%s", hex);
}

static struct rb_str
cache_key(struct rb_arena *a, const char *hex)
{
	return rb_str_c(rb_arena_printf(a, "sess:%s", hex));
}

/*
 * The cached copy, one line of tab-separated fields. Names and emails
 * hold no control characters (validated when stored), so tabs cannot
 * occur inside a field.
 */
static void
cache_store(struct rb_ctx *ctx, const struct rb_session *s)
{
	const struct rb_user *u = &s->user;
	char *v = rb_arena_printf(&ctx->arena,
	    "v1\t%s\t%" PRId64 "\t%lld\t%lld\t%lld\t%s\t%d\t%" PRId64
	    "\t%s\t%s\t%s",
	    s->hash_hex, u->id, (long long)s->created,
	    (long long)s->last_seen, (long long)s->expires, s->csrf,
	    u->is_admin, u->seller_id, u->seller_role, u->email, u->name);

	(void)rb_cache_set(ctx->cache, cache_key(&ctx->arena, s->hash_hex),
	    rb_str_c(v), CACHE_TTL);
}

static void
copy_field(char *dst, size_t n, const char *src, size_t len)
{
	if (len >= n)
		len = n - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* Parses a cached copy; false when it is not one of ours for hex. */
static bool
cache_parse(struct rb_str v, const char *hex, struct rb_session *s)
{
	const char *f[12];
	size_t len[12];
	const char *p = v.ptr, *end = v.ptr + v.len;
	int n = 0;

	while (n < 12) {
		const char *t = memchr(p, '\t', (size_t)(end - p));

		f[n] = p;
		len[n] = t ? (size_t)(t - p) : (size_t)(end - p);
		n++;
		if (t == NULL)
			break;
		p = t + 1;
	}
	if (n != 12 || len[0] != 2 || memcmp(f[0], "v1", 2) != 0 ||
	    len[1] != RB_HASH_HEX_LEN || memcmp(f[1], hex, len[1]) != 0)
		return false;
	memcpy(s->hash_hex, hex, RB_HASH_HEX_LEN + 1);
	s->user.id = strtoll(f[2], NULL, 10);
	s->created = (time_t)strtoll(f[3], NULL, 10);
	s->last_seen = (time_t)strtoll(f[4], NULL, 10);
	s->expires = (time_t)strtoll(f[5], NULL, 10);
	copy_field(s->csrf, sizeof(s->csrf), f[6], len[6]);
	s->user.is_admin = f[7][0] == '1';
	s->user.seller_id = strtoll(f[8], NULL, 10);
	copy_field(s->user.seller_role, sizeof(s->user.seller_role), f[9],
	    len[9]);
	copy_field(s->user.email, sizeof(s->user.email), f[10], len[10]);
	copy_field(s->user.name, sizeof(s->user.name), f[11], len[11]);
	return rb_secret_token_valid(rb_str_c(s->csrf));
}

static void
row_to_session(PGresult *res, const char *hex, struct rb_session *s)
{
	memcpy(s->hash_hex, hex, RB_HASH_HEX_LEN + 1);
	s->user.id = PQgetisnull(res, 0, 0) ? 0 :
	    strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	s->created = (time_t)strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	s->last_seen = (time_t)strtoll(PQgetvalue(res, 0, 2), NULL, 10);
	s->expires = (time_t)strtoll(PQgetvalue(res, 0, 3), NULL, 10);
	snprintf(s->csrf, sizeof(s->csrf), "%s", PQgetvalue(res, 0, 4));
	snprintf(s->user.email, sizeof(s->user.email), "%s",
	    PQgetvalue(res, 0, 5));
	snprintf(s->user.name, sizeof(s->user.name), "%s",
	    PQgetvalue(res, 0, 6));
	s->user.is_admin = PQgetvalue(res, 0, 7)[0] == 't';
	s->user.seller_id = PQgetisnull(res, 0, 8) ? 0 :
	    strtoll(PQgetvalue(res, 0, 8), NULL, 10);
	snprintf(s->user.seller_role, sizeof(s->user.seller_role), "%s",
	    PQgetvalue(res, 0, 9));
}

/* Reads the session through the cache; NULL when there is none. */
static struct rb_session *
fetch(struct rb_ctx *ctx, const char *hex)
{
	struct rb_session *s = rb_arena_calloc(&ctx->arena, sizeof(*s));
	struct rb_str v;
	const char *p[1];
	PGresult *res;

	if (rb_cache_get(ctx->cache, &ctx->arena,
	    cache_key(&ctx->arena, hex), &v) == RB_OK &&
	    cache_parse(v, hex, s))
		return s;
	p[0] = bytea_param(&ctx->arena, hex);
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_SESSION_GET, &res, 1,
	    p) != RB_OK || PQntuples(res) != 1)
		return NULL;
	row_to_session(res, hex, s);
	cache_store(ctx, s);
	return s;
}

static void
delete_everywhere(struct rb_ctx *ctx, const char *hex)
{
	const char *p[1] = { bytea_param(&ctx->arena, hex) };
	PGresult *res;

	(void)rb_db_query(ctx->db, &ctx->arena, RB_STMT_SESSION_DELETE, &res,
	    1, p);
	(void)rb_cache_delete(ctx->cache, cache_key(&ctx->arena, hex));
}

struct rb_session *
rb_session_load(struct rb_ctx *ctx, struct rb_request *req)
{
	struct rb_str id = rb_request_cookie(req, cookie_name(ctx));
	time_t now = time(NULL);
	char hex[RB_HASH_HEX_LEN + 1];
	struct rb_session *s;

	if (id.ptr == NULL || !rb_secret_token_valid(id))
		return NULL;
	rb_secret_hash_hex(id, hex);
	if ((s = fetch(ctx, hex)) == NULL)
		return NULL;
	if (now >= s->expires ||
	    now - s->last_seen >= (time_t)ctx->cfg->session_idle_minutes * 60) {
		delete_everywhere(ctx, hex);
		return NULL;
	}
	if (now - s->last_seen >= TOUCH_EVERY) {
		const char *p[1] = { bytea_param(&ctx->arena, hex) };
		PGresult *res;

		if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_SESSION_TOUCH,
		    &res, 1, p) == RB_OK && PQcmdTuples(res)[0] == '0') {
			/* Ended elsewhere (logout on another worker while
			 * memcached was unreachable). */
			(void)rb_cache_delete(ctx->cache,
			    cache_key(&ctx->arena, hex));
			return NULL;
		}
		s->last_seen = now;
		cache_store(ctx, s);
	}
	return s;
}

static void
set_cookie(struct rb_ctx *ctx, struct rb_response *resp, const char *id,
    int64_t max_age)
{
	unsigned flags = RB_COOKIE_HTTPONLY | RB_COOKIE_SAMESITE_LAX;

	/* Secure follows our configuration, never a client's header. */
	if (ctx->cfg->https)
		flags |= RB_COOKIE_SECURE;
	if (rb_response_set_cookie(resp, cookie_name(ctx), id, "/", max_age,
	    flags) != RB_OK)
		rb_log_error("session: cannot set the cookie");
}

/* Creates a session for user (NULL: anonymous) and sets its cookie. */
static struct rb_session *
create(struct rb_ctx *ctx, struct rb_request *req, struct rb_response *resp,
    const struct rb_user *user)
{
	struct rb_session *s = rb_arena_calloc(&ctx->arena, sizeof(*s));
	char id[RB_TOKEN_LEN + 1];
	const char *p[6];
	PGresult *res;
	time_t now = time(NULL);

	rb_secret_token(id);
	rb_secret_hash_hex(rb_str_c(id), s->hash_hex);
	rb_secret_token(s->csrf);
	if (user != NULL)
		s->user = *user;
	s->created = s->last_seen = now;
	s->expires = now + (time_t)ctx->cfg->session_max_days * 86400;
	p[0] = bytea_param(&ctx->arena, s->hash_hex);
	p[1] = s->user.id ? rb_arena_printf(&ctx->arena, "%" PRId64,
	    s->user.id) : NULL;
	p[2] = s->csrf;
	p[3] = rb_arena_printf(&ctx->arena, "%d", ctx->cfg->session_max_days);
	p[4] = req->remote_addr.len > 0 ? req->remote_addr.ptr : NULL;
	p[5] = req->user_agent.ptr;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_SESSION_INSERT, &res, 6,
	    p) != RB_OK)
		return NULL;
	cache_store(ctx, s);
	set_cookie(ctx, resp, id, (int64_t)ctx->cfg->session_max_days * 86400);
	ctx->session = s;
	return s;
}

struct rb_session *
rb_session_ensure(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	if (ctx->session != NULL)
		return ctx->session;
	return create(ctx, req, resp, NULL);
}

int
rb_session_login(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp, int64_t user_id)
{
	struct rb_user u = { .id = user_id };
	struct rb_session *s;

	if (ctx->session != NULL) {
		delete_everywhere(ctx, ctx->session->hash_hex);
		ctx->session = NULL;
	}
	if ((s = create(ctx, req, resp, &u)) == NULL)
		return RB_ERROR;
	/* Read it back, joined with the user and memberships, as every
	 * later request will. */
	(void)rb_cache_delete(ctx->cache, cache_key(&ctx->arena, s->hash_hex));
	ctx->session = fetch(ctx, s->hash_hex);
	return ctx->session != NULL ? RB_OK : RB_ERROR;
}

void
rb_session_logout(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp)
{
	(void)req;
	if (ctx->session != NULL)
		delete_everywhere(ctx, ctx->session->hash_hex);
	ctx->session = NULL;
	set_cookie(ctx, resp, "", 0);
}

int
rb_session_end_others(struct rb_ctx *ctx, int64_t user_id,
    const char *keep_hex)
{
	const char *p[2];
	PGresult *res;
	int n;

	p[0] = rb_arena_printf(&ctx->arena, "%" PRId64, user_id);
	/* No session has an all-zero hash: "keep none". */
	p[1] = bytea_param(&ctx->arena, keep_hex ? keep_hex :
	    "0000000000000000000000000000000000000000000000000000000000000000");
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_SESSION_DELETE_USER_OTHERS,
	    &res, 2, p) != RB_OK)
		return -1;
	n = PQntuples(res);
	for (int r = 0; r < n; r++)
		(void)rb_cache_delete(ctx->cache,
		    cache_key(&ctx->arena, PQgetvalue(res, r, 0)));
	return n;
}

int
rb_session_end_one(struct rb_ctx *ctx, int64_t user_id, const char *hash_hex)
{
	const char *p[1] = { rb_arena_printf(&ctx->arena, "%" PRId64,
		user_id) };
	PGresult *res;

	/* Only a session of this user: the hash comes from a form. */
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_SESSION_LIST_USER, &res,
	    1, p) != RB_OK)
		return RB_ERROR;
	for (int r = 0; r < PQntuples(res); r++)
		if (strcmp(PQgetvalue(res, r, 0), hash_hex) == 0) {
			delete_everywhere(ctx, hash_hex);
			return RB_OK;
		}
	return RB_DECLINED;
}

void
rb_session_forget_user(struct rb_ctx *ctx, int64_t user_id)
{
	const char *p[1] = { rb_arena_printf(&ctx->arena, "%" PRId64,
		user_id) };
	PGresult *res;

	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_SESSION_LIST_USER, &res,
	    1, p) != RB_OK)
		return;
	for (int r = 0; r < PQntuples(res); r++)
		(void)rb_cache_delete(ctx->cache,
		    cache_key(&ctx->arena, PQgetvalue(res, r, 0)));
}
