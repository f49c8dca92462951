#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <libmemcached/memcached.h>

#include "cache/cache.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/rc.h"

#define BREAKER_OPEN_MS 1000 /* how long to skip memcached after a failure */
#define KEY_MAX 250	     /* memcached's limit */

struct rb_cache {
	memcached_st *mc;
	int64_t open_until_ms; /* breaker open: every call is a miss */
	unsigned long errors;
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct rb_cache *
rb_cache_new(const char *servers, int timeout_ms)
{
	struct rb_cache *c = rb_xcalloc(1, sizeof(*c));
	memcached_server_st *list;

	c->mc = memcached_create(NULL);
	if (c->mc == NULL)
		rb_oom();
	/* Behaviours reset connections, so they are set once, here. */
	memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_CONNECT_TIMEOUT,
	    (uint64_t)timeout_ms);
	memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_POLL_TIMEOUT,
	    (uint64_t)timeout_ms);
	memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_RCV_TIMEOUT,
	    (uint64_t)timeout_ms * 1000);
	memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_SND_TIMEOUT,
	    (uint64_t)timeout_ms * 1000);
	memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_TCP_NODELAY, 1);
	memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_DISTRIBUTION,
	    MEMCACHED_DISTRIBUTION_CONSISTENT_KETAMA);
	memcached_behavior_set(c->mc, MEMCACHED_BEHAVIOR_RETRY_TIMEOUT, 1);
	list = memcached_servers_parse(servers);
	if (list != NULL) {
		memcached_server_push(c->mc, list);
		memcached_server_list_free(list);
	} else {
		rb_log_error("cache: cannot parse server list \"%s\"", servers);
	}
	return c;
}

void
rb_cache_free(struct rb_cache *c)
{
	if (c == NULL)
		return;
	memcached_free(c->mc);
	free(c);
}

unsigned long
rb_cache_errors(const struct rb_cache *c)
{
	return c->errors;
}

static int
breaker_closed(struct rb_cache *c)
{
	return c->open_until_ms == 0 || now_ms() >= c->open_until_ms;
}

/* Records the outcome of a call; a real failure opens the breaker. */
static void
outcome(struct rb_cache *c, memcached_return_t rc, const char *what)
{
	if (rc == MEMCACHED_SUCCESS || rc == MEMCACHED_NOTFOUND ||
	    rc == MEMCACHED_END || rc == MEMCACHED_NOTSTORED ||
	    rc == MEMCACHED_STORED || rc == MEMCACHED_DELETED ||
	    rc == MEMCACHED_BUFFERED) {
		c->open_until_ms = 0;
		return;
	}
	c->errors++;
	/* After a timeout the connection may hold a late answer: drop it. */
	memcached_quit(c->mc);
	if (c->open_until_ms == 0 || now_ms() >= c->open_until_ms)
		rb_log_warn("cache: %s failed (%s); skipping memcached for %d ms",
		    what, memcached_strerror(c->mc, rc), BREAKER_OPEN_MS);
	c->open_until_ms = now_ms() + BREAKER_OPEN_MS;
}

static int
key_ok(struct rb_str key)
{
	if (key.len == 0 || key.len > KEY_MAX)
		return 0;
	for (size_t i = 0; i < key.len; i++)
		if ((unsigned char)key.ptr[i] <= ' ' ||
		    (unsigned char)key.ptr[i] == 0x7f)
			return 0;
	return 1;
}

/* A value is stored as key '\n' payload; returns the payload if the key
 * matches, else a miss. */
static int
unwrap(struct rb_arena *a, struct rb_str key, const char *v, size_t vlen,
    struct rb_str *val)
{
	if (vlen < key.len + 1 || memcmp(v, key.ptr, key.len) != 0 ||
	    v[key.len] != '\n')
		return RB_DECLINED;
	val->len = vlen - key.len - 1;
	val->ptr = rb_arena_strndup(a, v + key.len + 1, val->len);
	return RB_OK;
}

int
rb_cache_get(struct rb_cache *c, struct rb_arena *a, struct rb_str key,
    struct rb_str *val)
{
	memcached_return_t rc;
	size_t vlen = 0;
	uint32_t flags;
	char *v;
	int r;

	if (!key_ok(key) || !breaker_closed(c))
		return RB_DECLINED;
	v = memcached_get(c->mc, key.ptr, key.len, &vlen, &flags, &rc);
	outcome(c, rc, "get");
	if (v == NULL)
		return RB_DECLINED;
	r = unwrap(a, key, v, vlen, val);
	free(v);
	return r;
}

size_t
rb_cache_mget(struct rb_cache *c, struct rb_arena *a,
    const struct rb_str *keys, size_t n, struct rb_str *vals)
{
	return rb_cache_mget_versioned(c, a, NULL, 0, NULL, keys, n, vals);
}

size_t
rb_cache_mget_versioned(struct rb_cache *c, struct rb_arena *a,
    const char *const *ns, size_t nns, uint64_t *versions,
    const struct rb_str *keys, size_t n, struct rb_str *vals)
{
	size_t total = nns + n, hits = 0;
	const char **kp;
	size_t *kl;
	memcached_result_st *res;
	memcached_return_t rc;

	for (size_t i = 0; i < nns; i++)
		versions[i] = 0;
	for (size_t i = 0; i < n; i++)
		vals[i] = (struct rb_str){ NULL, 0 };
	if (total == 0 || !breaker_closed(c))
		return 0;
	kp = rb_arena_alloc(a, total * sizeof(*kp));
	kl = rb_arena_alloc(a, total * sizeof(*kl));
	for (size_t i = 0; i < nns; i++) {
		kp[i] = rb_arena_printf(a, "ns:%s", ns[i]);
		kl[i] = strlen(kp[i]);
		if (!key_ok((struct rb_str){ kp[i], kl[i] }))
			return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (!key_ok(keys[i]))
			return 0;
		kp[nns + i] = keys[i].ptr;
		kl[nns + i] = keys[i].len;
	}
	rc = memcached_mget(c->mc, kp, kl, total);
	outcome(c, rc, "mget");
	if (rc != MEMCACHED_SUCCESS)
		return 0;
	while ((res = memcached_fetch_result(c->mc, NULL, &rc)) != NULL) {
		struct rb_str k = { memcached_result_key_value(res),
			memcached_result_key_length(res) };
		const char *v = memcached_result_value(res);
		size_t vlen = memcached_result_length(res);

		for (size_t i = 0; i < nns; i++) {
			char num[32], *end;

			if (!rb_str_eq(k, (struct rb_str){ kp[i], kl[i] }) ||
			    vlen == 0 || vlen >= sizeof(num))
				continue;
			memcpy(num, v, vlen);
			num[vlen] = '\0';
			versions[i] = strtoull(num, &end, 10);
			if (*end != '\0')
				versions[i] = 0;
		}
		for (size_t i = 0; i < n; i++)
			if (vals[i].ptr == NULL && rb_str_eq(k, keys[i]) &&
			    unwrap(a, keys[i], v, vlen, &vals[i]) == RB_OK)
				hits++;
		memcached_result_free(res);
	}
	outcome(c, rc, "mget");
	return hits;
}

int
rb_cache_set(struct rb_cache *c, struct rb_str key, struct rb_str val,
    time_t ttl)
{
	memcached_return_t rc;
	char *v;

	if (!key_ok(key) || !breaker_closed(c))
		return RB_DECLINED;
	v = rb_xmalloc(key.len + 1 + val.len);
	memcpy(v, key.ptr, key.len);
	v[key.len] = '\n';
	if (val.len > 0)
		memcpy(v + key.len + 1, val.ptr, val.len);
	rc = memcached_set(c->mc, key.ptr, key.len, v, key.len + 1 + val.len,
	    ttl, 0);
	free(v);
	outcome(c, rc, "set");
	return rc == MEMCACHED_SUCCESS ? RB_OK : RB_DECLINED;
}

int
rb_cache_delete(struct rb_cache *c, struct rb_str key)
{
	memcached_return_t rc;

	if (!key_ok(key) || !breaker_closed(c))
		return RB_DECLINED;
	rc = memcached_delete(c->mc, key.ptr, key.len, 0);
	outcome(c, rc, "delete");
	return rc == MEMCACHED_SUCCESS ? RB_OK : RB_DECLINED;
}

/* A version no earlier key can carry: microseconds since the epoch. */
static uint64_t
fresh_version(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (uint64_t)tv.tv_sec * 1000000u + (uint64_t)tv.tv_usec;
}

/*
 * Versions are stored as bare decimal numbers (so memcached can increment
 * them), not wrapped like other values.
 */
uint64_t
rb_cache_ns_version(struct rb_cache *c, const char *ns)
{
	char key[128], num[32];
	memcached_return_t rc;
	size_t klen, vlen = 0;
	uint32_t flags;
	uint64_t v;
	char *s;

	klen = (size_t)snprintf(key, sizeof(key), "ns:%s", ns);
	if (klen >= sizeof(key) || !breaker_closed(c))
		return fresh_version();
	s = memcached_get(c->mc, key, klen, &vlen, &flags, &rc);
	outcome(c, rc, "ns get");
	if (s != NULL) {
		char *end;

		v = strtoull(s, &end, 10);
		if (vlen > 0 && end == s + vlen) {
			free(s);
			return v;
		}
		free(s);
	}
	if (rc != MEMCACHED_NOTFOUND && rc != MEMCACHED_SUCCESS)
		return fresh_version();
	v = fresh_version();
	snprintf(num, sizeof(num), "%" PRIu64, v);
	/* add, not set: if another worker created it first, use theirs. */
	rc = memcached_add(c->mc, key, klen, num, strlen(num), 0, 0);
	outcome(c, rc, "ns add");
	if (rc == MEMCACHED_NOTSTORED || rc == MEMCACHED_DATA_EXISTS)
		return rb_cache_ns_version(c, ns);
	return v;
}

int
rb_cache_ns_bump(struct rb_cache *c, const char *ns)
{
	char key[128];
	memcached_return_t rc;
	uint64_t v;
	size_t klen;

	klen = (size_t)snprintf(key, sizeof(key), "ns:%s", ns);
	if (klen >= sizeof(key))
		return RB_ERROR;
	rc = memcached_increment(c->mc, key, klen, 1, &v);
	outcome(c, rc, "ns bump");
	if (rc == MEMCACHED_NOTFOUND)
		(void)rb_cache_ns_version(c, ns);
	return rc == MEMCACHED_SUCCESS || rc == MEMCACHED_NOTFOUND ? RB_OK :
	    RB_ERROR;
}

int
rb_cache_ping(struct rb_cache *c)
{
	memcached_return_t rc;
	size_t vlen;
	uint32_t flags;
	char *v;

	v = memcached_get(c->mc, "ping", 4, &vlen, &flags, &rc);
	free(v);
	outcome(c, rc, "ping");
	return rc == MEMCACHED_SUCCESS || rc == MEMCACHED_NOTFOUND ? RB_OK :
	    RB_ERROR;
}
