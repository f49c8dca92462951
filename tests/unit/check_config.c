#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/err.h"

static char *const no_env[] = { NULL };

/* Writes text to a temporary file; the caller unlinks the returned path. */
static char *
write_tmp(const char *text)
{
	static char path[64];
	int fd;

	strcpy(path, "/tmp/rebound-config-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

START_TEST(test_defaults)
{
	struct rb_config c;
	struct rb_err e;

	ck_assert_int_eq(rb_config_load(&c, NULL, no_env, &e), RB_OK);
	ck_assert_str_eq(c.socket, "var/run/rebound.sock");
	ck_assert_int_eq(c.workers, 0);
	ck_assert_int_ge(rb_config_worker_count(&c), 1);
	ck_assert_int_eq(c.https, 0);
	ck_assert_int_eq(c.drain_timeout, 30);
	rb_config_free(&c);
}
END_TEST

START_TEST(test_file_then_env)
{
	char *const env[] = { "REBOUND_WORKERS=3", "REBOUND_HTTPS=yes",
		"UNRELATED=1", NULL };
	const char *path = write_tmp("# comment\n\n socket = /tmp/x.sock \n"
				     "workers=2\nlog_level = debug\n"
				     "database = host=/tmp dbname=rebound\n");
	struct rb_config c;
	struct rb_err e;

	ck_assert_int_eq(rb_config_load(&c, path, env, &e), RB_OK);
	ck_assert_str_eq(c.socket, "/tmp/x.sock");
	ck_assert_int_eq(c.workers, 3);
	ck_assert_int_eq(c.https, 1);
	ck_assert_str_eq(c.database, "host=/tmp dbname=rebound");
	rb_config_free(&c);
	unlink(path);
}
END_TEST

START_TEST(test_errors_name_place)
{
	struct { const char *text, *want; } cases[] = {
		{ "nope = 1\n", ":1: unknown key \"nope\"" },
		{ "\nworkers = many\n", ":2: workers: expected a whole number" },
		{ "workers = 999\n", "from 0 to 256" },
		{ "https = maybe\n", "expected true or false" },
		{ "log_level = loud\n", "expected error, warn, info or debug" },
		{ "just words\n", ":1: expected \"key = value\"" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *path = write_tmp(cases[i].text);
		struct rb_config c;
		struct rb_err e;

		ck_assert_int_eq(rb_config_load(&c, path, no_env, &e),
		    RB_INVALID);
		ck_assert_msg(strstr(e.msg, cases[i].want) != NULL,
		    "case %zu: \"%s\" lacks \"%s\"", i, e.msg, cases[i].want);
		rb_config_free(&c);
		unlink(path);
	}
}
END_TEST

START_TEST(test_env_errors_and_missing_file)
{
	char *const env[] = { "REBOUND_MAX_BODY=12", NULL };
	struct rb_config c;
	struct rb_err e;

	ck_assert_int_eq(rb_config_load(&c, NULL, env, &e), RB_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "REBOUND_MAX_BODY"));
	rb_config_free(&c);
	ck_assert_int_eq(rb_config_load(&c, "/nonexistent/rebound.conf",
	    no_env, &e), RB_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "/nonexistent/rebound.conf"));
	rb_config_free(&c);
}
END_TEST

static Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_file_then_env);
	tcase_add_test(tc, test_errors_name_place);
	tcase_add_test(tc, test_env_errors_and_missing_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(config_suite());
}
