/*
 * A fresh arena for every test of a suite that parses input:
 *   tcase_add_checked_fixture(tc, setup, teardown);
 * Released after each test, so AddressSanitizer sees any pointer a parser
 * kept past its arena.
 */
#ifndef RB_TESTS_ARENA_FIXTURE_H
#define RB_TESTS_ARENA_FIXTURE_H

#include <string.h>

#include "core/arena.h"

static struct rb_arena arena;

static void
setup(void)
{
	rb_arena_init(&arena, 4096);
}

static void
teardown(void)
{
	rb_arena_release(&arena);
}

/* c n times over, in the arena: long hostile input. */
static inline const char *
repeat(char c, size_t n)
{
	char *s = rb_arena_alloc(&arena, n + 1);

	memset(s, c, n);
	s[n] = '\0';
	return s;
}

#endif
