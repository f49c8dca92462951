#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/mem.h"

/*
 * Freed memory is poisoned for AddressSanitizer, so a pointer kept past a
 * reset is caught in the tests rather than read silently later.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RB_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define RB_ASAN 1
#endif
#ifdef RB_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define ALIGN 16

struct rb_arena_block {
	struct rb_arena_block *next; /* older block */
	size_t size;
	size_t used;
	size_t last; /* offset of the most recent allocation */
	_Alignas(ALIGN) unsigned char data[];
};

struct rb_arena_cleanup {
	struct rb_arena_cleanup *next;
	void (*fn)(void *);
	void *data;
};

static struct rb_arena_block *
block_new(size_t size, struct rb_arena_block *next)
{
	struct rb_arena_block *b = rb_xmalloc(sizeof(*b) + size);

	b->next = next;
	b->size = size;
	b->used = 0;
	b->last = 0;
	POISON(b->data, size);
	return b;
}

void
rb_arena_init(struct rb_arena *a, size_t block_size)
{
	a->block_size = block_size < 1024 ? 1024 : block_size;
	a->head = NULL;
	a->cleanups = NULL;
	a->used_total = 0;
}

static void
run_cleanups(struct rb_arena *a)
{
	/* A cleanup may itself allocate or defer: take the list first. */
	while (a->cleanups != NULL) {
		struct rb_arena_cleanup *c = a->cleanups;

		a->cleanups = c->next;
		c->fn(c->data);
	}
}

void
rb_arena_release(struct rb_arena *a)
{
	run_cleanups(a);
	while (a->head != NULL) {
		struct rb_arena_block *b = a->head;

		a->head = b->next;
		free(b);
	}
	a->used_total = 0;
}

void
rb_arena_reset(struct rb_arena *a)
{
	run_cleanups(a);
	while (a->head != NULL && a->head->next != NULL) {
		struct rb_arena_block *b = a->head;

		a->head = b->next;
		free(b);
	}
	/* Keep the first block, unless one huge request made it oversized. */
	if (a->head != NULL && a->head->size > 4 * a->block_size) {
		free(a->head);
		a->head = NULL;
	}
	if (a->head != NULL) {
		a->head->used = 0;
		a->head->last = 0;
		POISON(a->head->data, a->head->size);
	}
	a->used_total = 0;
}

void *
rb_arena_alloc(struct rb_arena *a, size_t n)
{
	struct rb_arena_block *b = a->head;
	size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	void *p;

	if (need < n)
		rb_oom();
	if (need == 0)
		need = ALIGN;
	if (b == NULL || b->size - b->used < need) {
		size_t size = a->block_size;

		if (need > size / 4)
			size = need > size ? need : size;
		if (need > a->block_size / 4 && b != NULL &&
		    b->size - b->used >= a->block_size / 4) {
			/* A large object gets its own block behind the current
			 * one, so the space left in the current one stays
			 * usable. */
			struct rb_arena_block *big = block_new(need, b->next);

			b->next = big;
			big->used = need;
			UNPOISON(big->data, n);
			a->used_total += need;
			return big->data;
		}
		b = a->head = block_new(size, b);
	}
	p = b->data + b->used;
	b->last = b->used;
	b->used += need;
	a->used_total += need;
	UNPOISON(p, n);
	return p;
}

void *
rb_arena_calloc(struct rb_arena *a, size_t n)
{
	void *p = rb_arena_alloc(a, n);

	memset(p, 0, n);
	return p;
}

void *
rb_arena_realloc(struct rb_arena *a, void *p, size_t old, size_t n)
{
	struct rb_arena_block *b = a->head;
	void *q;

	if (p == NULL)
		return rb_arena_alloc(a, n);
	if (n <= old)
		return p;
	if (b != NULL && p == b->data + b->last) {
		size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);

		if (need >= n && b->last + need <= b->size) {
			a->used_total += need - (b->used - b->last);
			b->used = b->last + need;
			UNPOISON(p, n);
			return p;
		}
	}
	q = rb_arena_alloc(a, n);
	memcpy(q, p, old);
	return q;
}

char *
rb_arena_strndup(struct rb_arena *a, const char *s, size_t n)
{
	char *p = rb_arena_alloc(a, n + 1);

	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
rb_arena_strdup(struct rb_arena *a, const char *s)
{
	return rb_arena_strndup(a, s, strlen(s));
}

char *
rb_arena_printf(struct rb_arena *a, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		rb_oom();
	p = rb_arena_alloc(a, (size_t)n + 1);
	if ((size_t)n < sizeof(small)) {
		memcpy(p, small, (size_t)n + 1);
		return p;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
rb_arena_defer(struct rb_arena *a, void (*fn)(void *), void *data)
{
	struct rb_arena_cleanup *c = rb_arena_alloc(a, sizeof(*c));

	c->fn = fn;
	c->data = data;
	c->next = a->cleanups;
	a->cleanups = c;
}
