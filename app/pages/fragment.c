#include <inttypes.h>
#include <string.h>

#include "cache/cache.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/ctx.h"
#include "core/secret.h"
#include "domain/catalog.h"
#include "pages/fragment.h"

struct rb_str
fragment_key(struct rb_ctx *ctx, const char *kind, const char *ns,
    struct rb_str variant)
{
	char hex[RB_HASH_HEX_LEN + 1];
	struct rb_buf b, named;

	rb_buf_init(&b, &ctx->arena);
	rb_buf_init(&named, &ctx->arena);
	rb_buf_puts(&named, ns);
	rb_buf_putc(&named, '\n');
	rb_buf_put_str(&named, variant);
	rb_secret_hash_hex(rb_buf_str(&named), hex);
	rb_buf_printf(&b, "f:%s:%.40s", kind, hex);
	return rb_buf_str(&b);
}

size_t
fragment_get(struct rb_ctx *ctx, const char *ns, const struct rb_str *keys,
    size_t n, struct rb_str *vals, const char **tag)
{
	const char *names[2] = { CATALOG_NS_ALL, ns };
	uint64_t v[2];
	size_t hits = 0, taglen;

	for (size_t i = 0; i < n; i++)
		vals[i] = RB_STR_NULL;
	*tag = "";
	if (ctx->cache == NULL)
		return 0;
	rb_cache_mget_versioned(ctx->cache, &ctx->arena, names, 2, v, keys, n,
	    vals);
	/* A namespace without a version gets one now; what was stored
	 * under none cannot match it. */
	for (int i = 0; i < 2; i++)
		if (v[i] == 0)
			v[i] = rb_cache_ns_version(ctx->cache, names[i]);
	*tag = rb_arena_printf(&ctx->arena, "%" PRIu64 ".%" PRIu64 "\n", v[0],
	    v[1]);
	taglen = strlen(*tag);
	for (size_t i = 0; i < n; i++) {
		if (vals[i].ptr == NULL)
			continue;
		if (vals[i].len >= taglen &&
		    memcmp(vals[i].ptr, *tag, taglen) == 0) {
			vals[i].ptr += taglen;
			vals[i].len -= taglen;
			hits++;
		} else
			vals[i] = RB_STR_NULL;
	}
	return hits;
}

void
fragment_put(struct rb_ctx *ctx, const char *tag, struct rb_str key,
    struct rb_str val)
{
	struct rb_buf b;

	if (ctx->cache == NULL || *tag == '\0')
		return;
	rb_buf_init(&b, &ctx->arena);
	rb_buf_puts(&b, tag);
	rb_buf_put_str(&b, val);
	(void)rb_cache_set(ctx->cache, key, rb_buf_str(&b), FRAGMENT_TTL);
}
