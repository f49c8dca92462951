/*
 * A bump allocator for everything that lives as long as one request (or one
 * command). Allocation never fails: out of memory aborts the process, and
 * the master restarts the worker. rb_arena_reset() runs the registered
 * cleanups (newest first), then frees every block but the first, so a
 * worker reuses its memory from one request to the next.
 */
#ifndef RB_CORE_ARENA_H
#define RB_CORE_ARENA_H

#include <stddef.h>

struct rb_arena_block;
struct rb_arena_cleanup;

struct rb_arena {
	struct rb_arena_block *head;	   /* current block; first kept */
	struct rb_arena_cleanup *cleanups; /* run on reset, newest first */
	size_t block_size;
	size_t used_total; /* bytes handed out since the last reset */
};

/* Prepares an empty arena whose blocks are at least block_size bytes. */
void rb_arena_init(struct rb_arena *a, size_t block_size);

/* Runs cleanups and frees every block; the arena may be re-initialised. */
void rb_arena_release(struct rb_arena *a);

/* Runs cleanups and forgets every allocation, keeping the first block. */
void rb_arena_reset(struct rb_arena *a);

/* n bytes aligned for any type; never NULL. */
void *rb_arena_alloc(struct rb_arena *a, size_t n);

/* n zeroed bytes. */
void *rb_arena_calloc(struct rb_arena *a, size_t n);

/* Grows the most recent allocation in place when possible. */
void *rb_arena_realloc(struct rb_arena *a, void *p, size_t old, size_t n);

/* A NUL-terminated copy of the n bytes at s. */
char *rb_arena_strndup(struct rb_arena *a, const char *s, size_t n);
char *rb_arena_strdup(struct rb_arena *a, const char *s);

/* A printf into the arena. */
char *rb_arena_printf(struct rb_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Calls fn(data) at the next reset or release: for resources the arena
 * does not own itself (PGresult, json-c objects, memcached values).
 */
void rb_arena_defer(struct rb_arena *a, void (*fn)(void *), void *data);

#endif
