/*
 * The main() of every Check program: run the suite, print Check's summary
 * line, exit non-zero on any failure.
 */
#ifndef RB_TESTS_CHECK_RUN_H
#define RB_TESTS_CHECK_RUN_H

#include <check.h>
#include <stdlib.h>

static inline int
rb_check_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
