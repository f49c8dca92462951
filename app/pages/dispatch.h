/*
 * From a FastCGI request to the bytes of its response: parse, route,
 * enforce the route's flags, call the handler, turn failures into error
 * pages, serialise. The worker does the I/O; this does the rest.
 */
#ifndef RB_PAGES_DISPATCH_H
#define RB_PAGES_DISPATCH_H

#include <stddef.h>
#include <sys/types.h>

struct rb_buf;
struct rb_ctx;
struct rb_err;

struct rb_dispatch_result {
	size_t route; /* index for metrics (see rb_routes_names) */
	int status;
};

/* Compiles the route table and reads the asset version, once per worker. */
int rb_pages_init(struct rb_ctx *ctx, struct rb_err *err);
void rb_pages_release(struct rb_ctx *ctx);

/*
 * Route names for metrics, indexed like the route table, plus one more at
 * the end, "unmatched", for requests no route took. *n counts them all.
 */
const char *const *rb_pages_route_names(const struct rb_ctx *ctx, size_t *n);

/*
 * Answers one request: envp is its CGI environment, read(read_ctx, ...)
 * reads its body. The whole response (CGI headers and body) is appended
 * to out. Memory comes from ctx->arena, which the caller resets after.
 */
void rb_pages_dispatch(struct rb_ctx *ctx, char *const *envp,
    ssize_t (*read)(void *, char *, size_t), void *read_ctx,
    struct rb_buf *out, struct rb_dispatch_result *res);

#endif
