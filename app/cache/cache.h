/*
 * The memcached client of one process: short timeouts and a circuit
 * breaker, so a slow or dead memcached makes pages slower, never failing.
 * Every error is a miss to the caller. Stored values embed their key, which
 * is checked on read (a timed-out connection once returned another key's
 * value). Create it after fork: one per process.
 */
#ifndef RB_CACHE_CACHE_H
#define RB_CACHE_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/rc.h"
#include "core/str.h"

struct rb_arena;
struct rb_cache;

/* servers: "host:port[,host:port...]", consistent hashing (ketama). */
struct rb_cache *rb_cache_new(const char *servers, int timeout_ms);
void rb_cache_free(struct rb_cache *c);

/* RB_OK and *val (bytes in the arena) on a hit; RB_DECLINED otherwise. */
int rb_cache_get(struct rb_cache *c, struct rb_arena *a, struct rb_str key,
    struct rb_str *val);

/*
 * Multi-get of n keys in one round trip: vals[i] is set on a hit and left
 * {NULL, 0} on a miss. Returns the number of hits.
 */
size_t rb_cache_mget(struct rb_cache *c, struct rb_arena *a,
    const struct rb_str *keys, size_t n, struct rb_str *vals);

/* Stores val under key for ttl seconds (0 = no expiry). RB_OK or
 * RB_DECLINED (not stored; harmless). */
int rb_cache_set(struct rb_cache *c, struct rb_str key, struct rb_str val,
    time_t ttl);

int rb_cache_delete(struct rb_cache *c, struct rb_str key);

/*
 * Versioned namespaces: a group of keys is invalidated in O(1) by bumping
 * its version. rb_cache_ns_version returns the current version (creating
 * one when missing or when memcached is unreachable: a fresh value, so a
 * stale fragment is never read); rb_cache_ns_bump increments it.
 */
uint64_t rb_cache_ns_version(struct rb_cache *c, const char *ns);
int rb_cache_ns_bump(struct rb_cache *c, const char *ns);

/*
 * A versioned read in one round trip: the current versions of the nns
 * namespaces (versions[i] 0 when one has none yet: rb_cache_ns_version
 * makes it) and the values of the n keys, as rb_cache_mget. Returns the
 * number of key hits.
 */
size_t rb_cache_mget_versioned(struct rb_cache *c, struct rb_arena *a,
    const char *const *ns, size_t nns, uint64_t *versions,
    const struct rb_str *keys, size_t n, struct rb_str *vals);

/* Counts for metrics and /readyz. */
unsigned long rb_cache_errors(const struct rb_cache *c);

/* RB_OK when a round trip to memcached works now (ignores the breaker). */
int rb_cache_ping(struct rb_cache *c);

#endif
