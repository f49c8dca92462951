#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/mem.h"
#include "http/request.h"
#include "http/router.h"

/* A literal's bytes point into the route's pattern; a name is a copy. */
struct rb_route_seg {
	const char *text;
	size_t len;
	bool param;
};

struct rb_route_prog {
	struct rb_route_seg *segs;
	size_t nsegs;
	size_t nparams;
};

/* Splits path after its leading '/'; -1 when it has too many segments. */
static int
split(struct rb_str path, struct rb_str segs[RB_ROUTE_MAX_SEGS])
{
	size_t i, start = 1;
	int n = 0;

	for (i = 1; i <= path.len; i++) {
		if (i < path.len && path.ptr[i] != '/')
			continue;
		if (n == RB_ROUTE_MAX_SEGS)
			return -1;
		segs[n++] = (struct rb_str){path.ptr + start, i - start};
		start = i + 1;
	}
	return n;
}

static bool
name_ok(struct rb_str s)
{
	if (s.len == 0 || s.len > RB_ROUTE_MAX_NAME ||
	    (s.ptr[0] >= '0' && s.ptr[0] <= '9'))
		return false;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.ptr[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		        (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

/* Fills seg from one pattern segment; false if it is malformed. */
static bool
compile_seg(struct rb_str s, struct rb_route_seg *seg, char **names)
{
	struct rb_str name = {s.ptr + 1, s.len >= 2 ? s.len - 2 : 0};

	if (s.len > 0 && s.ptr[0] == '{') {
		if (s.ptr[s.len - 1] != '}' || !name_ok(name))
			return false;
		memcpy(*names, name.ptr, name.len);
		(*names)[name.len] = '\0';
		*seg = (struct rb_route_seg){*names, name.len, true};
		*names += name.len + 1;
		return true;
	}
	if (memchr(s.ptr, '{', s.len) || memchr(s.ptr, '}', s.len))
		return false;
	*seg = (struct rb_route_seg){s.ptr, s.len, false};
	return true;
}

static int
compile(const struct rb_route *r, struct rb_route_prog *prog,
    struct rb_route_seg *segs, char **names, struct rb_err *err)
{
	struct rb_str parts[RB_ROUTE_MAX_SEGS];
	int n = split(rb_str_c(r->pattern), parts);

	if (r->method <= RB_M_OTHER || r->method >= RB_M_COUNT ||
	    r->handler == NULL || r->name == NULL)
		return rb_err_set(err, RB_INVALID,
		    "route %s: bad method, handler or name", r->pattern);
	if (n < 0)
		return rb_err_set(
		    err, RB_INVALID, "route %s: too many segments", r->pattern);
	prog->segs = segs;
	prog->nsegs = (size_t)n;
	prog->nparams = 0;
	for (int i = 0; i < n; i++) {
		if ((parts[i].len == 0 && i != n - 1) ||
		    !compile_seg(parts[i], &segs[i], names))
			return rb_err_set(err, RB_INVALID,
			    "route %s: bad segment %d", r->pattern, i + 1);
		if (!segs[i].param)
			continue;
		for (int k = 0; k < i; k++)
			if (segs[k].param &&
			    strcmp(segs[k].text, segs[i].text) == 0)
				return rb_err_set(err, RB_INVALID,
				    "route %s: {%s} twice", r->pattern,
				    segs[i].text);
		prog->nparams++;
	}
	return RB_OK;
}

/* True when every path b matches, a matches too. */
static bool
shadows(const struct rb_route_prog *a, const struct rb_route_prog *b)
{
	if (a->nsegs != b->nsegs)
		return false;
	for (size_t i = 0; i < a->nsegs; i++) {
		const struct rb_route_seg *x = &a->segs[i], *y = &b->segs[i];

		if (x->param ? !(y->param || y->len > 0)
		             : (y->param || x->len != y->len ||
		                   memcmp(x->text, y->text, x->len) != 0))
			return false;
	}
	return true;
}

static int
check_reachable(const struct rb_router *rt, struct rb_err *err)
{
	for (size_t j = 1; j < rt->nroutes; j++)
		for (size_t i = 0; i < j; i++)
			if (rt->routes[i].method == rt->routes[j].method &&
			    shadows(&rt->progs[i], &rt->progs[j]))
				return rb_err_set(err, RB_INVALID,
				    "route %s %s is never reached: %s comes "
				    "first",
				    rb_method_name(rt->routes[j].method),
				    rt->routes[j].pattern,
				    rt->routes[i].pattern);
	return RB_OK;
}

/*
 * One heap block holds every compiled pattern: the progs, then all their
 * segments, then the parameter names. Sized by a first pass over the
 * patterns, so compiling never reallocates.
 */
int
rb_router_init(struct rb_router *rt, const struct rb_route *routes, size_t n,
    struct rb_err *err)
{
	size_t nsegs = 0, nchars = 0, i;
	struct rb_route_seg *segs;
	char *names;
	int rc = RB_INVALID;

	*rt = (struct rb_router){routes, n, NULL};
	for (i = 0; i < n; i++) {
		const char *p = routes[i].pattern;

		if (p == NULL || p[0] != '/') {
			rb_err_set(err, rc,
			    "route %zu: the pattern must start "
			    "with '/'",
			    i);
			goto out;
		}
		for (; *p != '\0'; p++, nchars++)
			nsegs += *p == '/';
		nchars++;
	}
	rt->progs = rb_xcalloc(
	    1, n * sizeof(*rt->progs) + nsegs * sizeof(*segs) + nchars);
	segs = (struct rb_route_seg *)(rt->progs + n);
	names = (char *)(segs + nsegs);
	for (i = 0; i < n; i++) {
		rc = compile(&routes[i], &rt->progs[i], segs, &names, err);
		if (rc != RB_OK)
			goto out;
		segs += rt->progs[i].nsegs;
	}
	rc = check_reachable(rt, err);
out:
	if (rc != RB_OK)
		rb_router_release(rt);
	return rc;
}

void
rb_router_release(struct rb_router *rt)
{
	free(rt->progs);
	rt->progs = NULL;
	rt->nroutes = 0;
}

static bool
prog_match(
    const struct rb_route_prog *prog, const struct rb_str *segs, size_t n)
{
	if (prog->nsegs != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		const struct rb_route_seg *s = &prog->segs[i];

		if (s->param ? segs[i].len == 0
		             : (s->len != segs[i].len ||
		                   memcmp(s->text, segs[i].ptr, s->len) != 0))
			return false;
	}
	return true;
}

static void
fill_params(const struct rb_route_prog *prog, const struct rb_str *segs,
    struct rb_arena *a, struct rb_kv_list *out)
{
	*out = (struct rb_kv_list){NULL, 0, 0};
	if (prog->nparams == 0)
		return;
	out->items = rb_arena_alloc(a, prog->nparams * sizeof(*out->items));
	out->cap = prog->nparams;
	for (size_t i = 0; i < prog->nsegs; i++) {
		const struct rb_route_seg *s = &prog->segs[i];

		if (s->param)
			out->items[out->len++] =
			    (struct rb_kv){{s->text, s->len},
			        {rb_arena_strndup(a, segs[i].ptr, segs[i].len),
			            segs[i].len}};
	}
}

static const char *
allow_list(unsigned mask, struct rb_arena *a)
{
	struct rb_buf b;

	if (mask & (1u << RB_M_GET))
		mask |= 1u << RB_M_HEAD;
	rb_buf_init(&b, a);
	for (int m = RB_M_GET; m < RB_M_COUNT; m++) {
		if (!(mask & (1u << m)))
			continue;
		if (b.len > 0)
			rb_buf_append(&b, ", ", 2);
		rb_buf_puts(&b, rb_method_name((enum rb_method)m));
	}
	return b.data;
}

/*
 * A linear scan over precompiled segments: a hundred routes cost a few
 * hundred short compares, less than reading the request's environment.
 */
int
rb_router_match(const struct rb_router *rt, enum rb_method method,
    struct rb_str path, struct rb_arena *a, struct rb_route_match *out)
{
	struct rb_str segs[RB_ROUTE_MAX_SEGS];
	size_t found = rt->nroutes, head_get = rt->nroutes;
	unsigned mask = 0;
	int n = -1;

	*out = (struct rb_route_match){NULL, {NULL, 0, 0}, 404, NULL};
	if (path.ptr != NULL && path.len > 0 && path.ptr[0] == '/')
		n = split(path, segs);
	if (n < 0)
		return RB_DECLINED;
	for (size_t i = 0; i < rt->nroutes; i++) {
		enum rb_method m = rt->routes[i].method;

		if (!prog_match(&rt->progs[i], segs, (size_t)n))
			continue;
		mask |= 1u << m;
		if (m == method) {
			found = i;
			break;
		}
		if (method == RB_M_HEAD && m == RB_M_GET &&
		    head_get == rt->nroutes)
			head_get = i;
	}
	if (found == rt->nroutes)
		found = head_get;
	if (found == rt->nroutes) {
		if (mask != 0) {
			out->status = 405;
			out->allow = allow_list(mask, a);
		}
		return RB_DECLINED;
	}
	out->route = &rt->routes[found];
	out->status = 200;
	fill_params(&rt->progs[found], segs, a, &out->params);
	return RB_OK;
}

int
rb_router_route(const struct rb_router *rt, struct rb_request *req,
    struct rb_route_match *out)
{
	int rc = rb_router_match(rt, req->method, req->path, req->arena, out);

	if (rc == RB_OK)
		req->params = out->params;
	return rc;
}
