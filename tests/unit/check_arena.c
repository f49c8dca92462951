#include "check_run.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

static int cleanups_run;

static void
count_cleanup(void *p)
{
	cleanups_run += *(int *)p;
}

START_TEST(test_alloc_aligned_and_distinct)
{
	struct rb_arena a;
	char *p, *q;

	rb_arena_init(&a, 1024);
	p = rb_arena_alloc(&a, 3);
	q = rb_arena_alloc(&a, 5);
	ck_assert_ptr_ne(p, q);
	ck_assert_uint_eq((uintptr_t)p % 16, 0);
	ck_assert_uint_eq((uintptr_t)q % 16, 0);
	memset(p, 'x', 3);
	memset(q, 'y', 5);
	ck_assert_int_eq(p[2], 'x');
	rb_arena_release(&a);
}
END_TEST

START_TEST(test_large_and_many_allocations)
{
	struct rb_arena a;

	rb_arena_init(&a, 1024);
	for (int i = 0; i < 1000; i++) {
		char *p = rb_arena_alloc(&a, (size_t)(i % 50) * 100 + 1);

		memset(p, i & 0xff, (size_t)(i % 50) * 100 + 1);
	}
	/* A block far over the block size is its own block. */
	memset(rb_arena_alloc(&a, 1 << 20), 0, 1 << 20);
	rb_arena_reset(&a);
	ck_assert_uint_eq(a.used_total, 0);
	memset(rb_arena_alloc(&a, 100), 0, 100);
	rb_arena_release(&a);
}
END_TEST

START_TEST(test_realloc_grows_last_in_place)
{
	struct rb_arena a;
	char *p, *q;

	rb_arena_init(&a, 4096);
	p = rb_arena_alloc(&a, 16);
	memcpy(p, "0123456789abcde", 16);
	q = rb_arena_realloc(&a, p, 16, 64);
	ck_assert_ptr_eq(p, q);
	ck_assert_str_eq(q, "0123456789abcde");
	(void)rb_arena_alloc(&a, 8);
	q = rb_arena_realloc(&a, p, 64, 128);
	ck_assert_ptr_ne(p, q);
	ck_assert_str_eq(q, "0123456789abcde");
	rb_arena_release(&a);
}
END_TEST

START_TEST(test_strings)
{
	struct rb_arena a;

	rb_arena_init(&a, 1024);
	ck_assert_str_eq(rb_arena_strndup(&a, "hello world", 5), "hello");
	ck_assert_str_eq(rb_arena_strdup(&a, ""), "");
	ck_assert_str_eq(rb_arena_printf(&a, "%d-%s", 42, "x"), "42-x");
	/* Longer than printf's first guess. */
	ck_assert_uint_eq(strlen(rb_arena_printf(&a, "%0500d", 7)), 500);
	rb_arena_release(&a);
}
END_TEST

START_TEST(test_cleanups_run_newest_first_once)
{
	struct rb_arena a;
	int one = 1, ten = 10;

	cleanups_run = 0;
	rb_arena_init(&a, 1024);
	rb_arena_defer(&a, count_cleanup, &one);
	rb_arena_defer(&a, count_cleanup, &ten);
	rb_arena_reset(&a);
	ck_assert_int_eq(cleanups_run, 11);
	rb_arena_reset(&a);
	ck_assert_int_eq(cleanups_run, 11);
	rb_arena_defer(&a, count_cleanup, &one);
	rb_arena_release(&a);
	ck_assert_int_eq(cleanups_run, 12);
}
END_TEST

static Suite *
arena_suite(void)
{
	Suite *s = suite_create("arena");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_alloc_aligned_and_distinct);
	tcase_add_test(tc, test_large_and_many_allocations);
	tcase_add_test(tc, test_realloc_grows_last_in_place);
	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_cleanups_run_newest_first_once);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(arena_suite());
}
