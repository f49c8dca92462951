#include <string.h>

#include "core/ctx.h"
#include "domain/api_token.h"
#include "domain/market.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "pages/access.h"
#include "web/csrf.h"
#include "web/session.h"

static bool
unsafe(enum rb_method m)
{
	return m == RB_M_POST || m == RB_M_PUT || m == RB_M_PATCH ||
	    m == RB_M_DELETE;
}

const char *
rb_access_table_error(const struct rb_route *routes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (unsafe(routes[i].method) && !(routes[i].flags & RB_R_CSRF))
			return routes[i].pattern;
	return NULL;
}

/* "Bearer <token>" -> token; RB_STR_NULL when it is not a bearer. */
static struct rb_str
bearer(struct rb_str auth)
{
	if (auth.len < 7 || strncasecmp(auth.ptr, "Bearer ", 7) != 0)
		return RB_STR_NULL;
	return (struct rb_str){ auth.ptr + 7, auth.len - 7 };
}

static int
unauthorized(struct rb_response *resp, const char *error)
{
	rb_response_set_header(resp, "WWW-Authenticate",
	    error ? (strcmp(error, "invalid_token") == 0 ?
			"Bearer realm=\"rebound\", error=\"invalid_token\"" :
			"Bearer realm=\"rebound\", error=\"insufficient_scope\"") :
		    "Bearer realm=\"rebound\"");
	return 401;
}

/* An API call that presents a token acts as its owner, within its scopes;
 * a wrong token is refused, never treated as anonymous. */
static int
token_session(struct rb_ctx *ctx, struct rb_response *resp,
    struct rb_str token)
{
	struct rb_session *s = rb_arena_calloc(&ctx->arena, sizeof(*s));
	int rc = api_token_authenticate(ctx, token, &s->user, &s->scopes);

	if (rc == RB_ERROR)
		return 503;
	if (rc != RB_OK)
		return unauthorized(resp, "invalid_token");
	s->via_token = true;
	ctx->session = s;
	return 0;
}

/* The market a signed-out visitor is sent to sign in at. */
static const char *
login_market(struct rb_ctx *ctx, const struct rb_request *req)
{
	struct rb_str seg = { req->path.ptr + 1, strcspn(req->path.ptr + 1,
		"/") };
	const struct rb_market *m = market_find(ctx->markets, seg);

	if (m == NULL && market_table_load(ctx) == RB_OK)
		m = market_find(ctx->markets, seg);
	if (m == NULL && ctx->markets != NULL && ctx->markets->n > 0)
		m = &ctx->markets->items[0];
	return m ? m->code : "en-us";
}

static int
to_login(struct rb_ctx *ctx, struct rb_request *req, struct rb_response *resp)
{
	struct rb_buf loc;

	rb_buf_init(&loc, &ctx->arena);
	rb_buf_printf(&loc, "/%s/login?next=", login_market(ctx, req));
	/* Only GETs come back: a form posted while signed out is lost. */
	rb_buf_append_urlenc(&loc, req->method == RB_M_GET ? req->uri.ptr : "/",
	    req->method == RB_M_GET ? req->uri.len : 1);
	rb_response_redirect(resp, 303, loc.data);
	return 303;
}

static unsigned
needed_scopes(unsigned flags)
{
	return (flags & RB_R_SCOPE_READ ? RB_SCOPE_READ : 0) |
	    (flags & RB_R_SCOPE_ORDERS ? RB_SCOPE_ORDERS : 0) |
	    (flags & RB_R_SCOPE_LISTINGS ? RB_SCOPE_LISTINGS : 0);
}

int
rb_access_check(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp, const struct rb_route *route)
{
	unsigned f = route->flags;
	struct rb_str token = bearer(req->authorization);
	const struct rb_session *s;
	int rc;

	ctx->session = NULL;
	if ((f & RB_R_API) && token.ptr != NULL) {
		if ((rc = token_session(ctx, resp, token)) != 0)
			return rc;
	} else if (req->cookie.len > 0) {
		ctx->session = rb_session_load(ctx, req);
	}
	s = ctx->session;
	if (unsafe(req->method) && (s == NULL || !s->via_token)) {
		rc = rb_csrf_check(ctx, req, s);
		if (rc == RB_DECLINED)
			return 403;
		if (rc != RB_OK)
			return rb_http_status(rc);
	}
	if ((f & (RB_R_SESSION | RB_R_ADMIN | RB_R_SELLER)) &&
	    (s == NULL || s->user.id == 0))
		return (f & RB_R_API) ? unauthorized(resp, NULL) :
		    to_login(ctx, req, resp);
	if ((f & RB_R_ADMIN) && !s->user.is_admin)
		return 403;
	if ((f & RB_R_SELLER) && s->user.seller_id == 0)
		return 403;
	if (s != NULL && s->via_token &&
	    (s->scopes & needed_scopes(f)) != needed_scopes(f))
		return 403;
	return 0;
}
