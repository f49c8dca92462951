/*
 * Heap allocation that never returns NULL: running out of memory aborts the
 * worker, which the master then restarts. Use the arena for anything tied
 * to a request; these are for long-lived worker state.
 */
#ifndef RB_CORE_MEM_H
#define RB_CORE_MEM_H

#include <stddef.h>

_Noreturn void rb_oom(void);
void *rb_xmalloc(size_t n);
void *rb_xcalloc(size_t count, size_t n);
void *rb_xrealloc(void *p, size_t n);
char *rb_xstrdup(const char *s);

#endif
