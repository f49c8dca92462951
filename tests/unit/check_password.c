#include "check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "domain/password.h"

#ifndef REBOUND_SRCDIR
#define REBOUND_SRCDIR "."
#endif

#define LIST_PATH  REBOUND_SRCDIR "/data/common-passwords.txt"
#define OUR_PREFIX "$argon2id$v=19$m=19456,t=2,p=1$"

static struct rb_password_list *list;

static void
list_setup(void)
{
	struct rb_err err;

	rb_err_clear(&err);
	if (rb_password_list_load(LIST_PATH, &list, &err) != RB_OK)
		ck_abort_msg("%s", err.msg);
}

static void
list_teardown(void)
{
	rb_password_list_free(list);
	list = NULL;
}

/* n copies of the UTF-8 character c, in a static buffer. */
static struct rb_str
repeat(const char *c, size_t n)
{
	static char buf[4096];
	size_t cl = strlen(c);

	ck_assert_uint_le(cl * n, sizeof(buf));
	for (size_t i = 0; i < n; i++)
		memcpy(buf + i * cl, c, cl);
	return (struct rb_str){buf, cl * n};
}

static int
check(struct rb_str pw, struct rb_str email, struct rb_err *err)
{
	rb_err_clear(err);
	return rb_password_check(list, pw, email, err);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

START_TEST(test_min_length_counts_code_points)
{
	struct rb_err err;

	/* 7 code points in 14, 21 and 28 bytes: all too short. */
	ck_assert_int_eq(
	    check(repeat("\xc3\xa9", 7), RB_STR_NULL, &err), RB_INVALID);
	ck_assert_str_eq(err.field, "password");
	ck_assert_str_eq(err.msg, "Use at least 8 characters.");
	ck_assert_int_eq(
	    check(repeat("\xe2\x82\xac", 7), RB_STR_NULL, &err), RB_INVALID);
	ck_assert_int_eq(
	    check(repeat("\xf0\x9f\x94\x91", 7), RB_STR_NULL, &err),
	    RB_INVALID);
	ck_assert_str_eq(err.msg, "Use at least 8 characters.");
	ck_assert_int_eq(
	    check(RB_STR("q7#Lm2x"), RB_STR_NULL, &err), RB_INVALID);
	ck_assert_int_eq(check(RB_STR(""), RB_STR_NULL, &err), RB_INVALID);
	ck_assert_int_eq(check(RB_STR_NULL, RB_STR_NULL, &err), RB_INVALID);

	/* 8 code points pass, whatever their bytes. */
	ck_assert_int_eq(
	    check(repeat("\xc3\xa9", 8), RB_STR_NULL, &err), RB_OK);
	ck_assert_int_eq(
	    check(repeat("\xf0\x9f\x94\x91", 8), RB_STR_NULL, &err), RB_OK);
	ck_assert_int_eq(check(RB_STR("q7#Lm2xZ"), RB_STR_NULL, &err), RB_OK);
	/* No composition rules: lower-case letters and spaces will do. */
	ck_assert_int_eq(
	    check(RB_STR("correct horse battery staple"), RB_STR_NULL, &err),
	    RB_OK);
}
END_TEST

START_TEST(test_max_length_counts_code_points)
{
	struct rb_err err;

	ck_assert_int_eq(check(repeat("k", 128), RB_STR_NULL, &err), RB_OK);
	ck_assert_int_eq(
	    check(repeat("k", 129), RB_STR_NULL, &err), RB_INVALID);
	ck_assert_str_eq(err.field, "password");
	ck_assert_str_eq(err.msg, "Use at most 128 characters.");

	/* 128 four-byte characters are 512 bytes, and fine. */
	ck_assert_int_eq(
	    check(repeat("\xf0\x9f\x94\x91", 128), RB_STR_NULL, &err), RB_OK);
	ck_assert_int_eq(
	    check(repeat("\xf0\x9f\x94\x91", 129), RB_STR_NULL, &err),
	    RB_INVALID);
	ck_assert_str_eq(err.msg, "Use at most 128 characters.");
	ck_assert_int_eq(
	    check(repeat("\xc3\xa9", 128), RB_STR_NULL, &err), RB_OK);
	ck_assert_int_eq(
	    check(repeat("\xc3\xa9", 129), RB_STR_NULL, &err), RB_INVALID);
	ck_assert_int_eq(
	    check(repeat("x", 4000), RB_STR_NULL, &err), RB_INVALID);
	ck_assert_str_eq(err.msg, "Use at most 128 characters.");
}
END_TEST

START_TEST(test_invalid_utf8_refused)
{
	struct rb_err err;

	ck_assert_int_eq(
	    check(RB_STR("abcdefgh\xc0\xaf"), RB_STR_NULL, &err), RB_INVALID);
	ck_assert_str_eq(err.field, "password");
}
END_TEST

START_TEST(test_common_in_any_ascii_case)
{
	static const char *const common[] = {"password", "PASSWORD", "PassWord",
	    "12345678", "football", "FootBall", "qwertyuiop", "1qaz2wsx",
	    "baseball"};
	struct rb_err err;

	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++) {
		ck_assert_msg(
		    check(rb_str_c(common[i]), RB_STR_NULL, &err) == RB_INVALID,
		    "%s passed", common[i]);
		ck_assert_str_eq(err.field, "password");
		ck_assert_str_eq(err.msg,
		    "This password is too common: choose one that is harder "
		    "to guess.");
	}
	/* Near misses are not on the list. */
	ck_assert_int_eq(check(RB_STR("password!x"), RB_STR_NULL, &err), RB_OK);
	ck_assert_int_eq(
	    check(RB_STR("passwor"), RB_STR_NULL, &err), RB_INVALID);
	ck_assert_str_eq(err.msg, "Use at least 8 characters.");
	/* Without a list there is no common check. */
	rb_err_clear(&err);
	ck_assert_int_eq(
	    rb_password_check(NULL, RB_STR("password"), RB_STR_NULL, &err),
	    RB_OK);
}
END_TEST

START_TEST(test_equals_email)
{
	struct rb_err err;
	struct rb_str email = RB_STR("Alice.Smith@Example.org");

	ck_assert_int_eq(
	    check(RB_STR("alice.smith@example.ORG"), email, &err), RB_INVALID);
	ck_assert_str_eq(err.field, "password");
	ck_assert_str_eq(
	    err.msg, "Do not use your email address as your password.");
	ck_assert_int_eq(
	    check(RB_STR("Alice.Smith@Example.org"), email, &err), RB_INVALID);
	/* Only equality is refused. */
	ck_assert_int_eq(
	    check(RB_STR("alice.smith@example.org1"), email, &err), RB_OK);
	ck_assert_int_eq(
	    check(RB_STR("alice.smith@example.org"), RB_STR_NULL, &err), RB_OK);
	ck_assert_int_eq(
	    check(RB_STR("alice.smith@example.org"), RB_STR(""), &err), RB_OK);
}
END_TEST

START_TEST(test_list_missing_names_file)
{
	struct rb_password_list *l = (struct rb_password_list *)&l;
	struct rb_err err;

	rb_err_clear(&err);
	ck_assert_int_eq(
	    rb_password_list_load("/nonexistent/common.txt", &l, &err),
	    RB_ERROR);
	ck_assert_ptr_null(l);
	ck_assert_int_eq(err.code, RB_ERROR);
	ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/common.txt"));

	/* A directory is not a list either. */
	rb_err_clear(&err);
	ck_assert_int_eq(
	    rb_password_list_load(REBOUND_SRCDIR "/data", &l, &err), RB_ERROR);
	ck_assert_ptr_nonnull(strstr(err.msg, REBOUND_SRCDIR "/data"));
}
END_TEST

START_TEST(test_list_format)
{
	/* CRLF, blank lines, upper case, a duplicate, no final newline. */
	static const char body[] =
	    "Sesame-Open1\r\n\n\ntr0ub4dor&3\nSESAME-open1"
	    "\nzebra-stripes-42";
	char path[] = "/tmp/check_password_XXXXXX";
	struct rb_password_list *l = NULL;
	struct rb_err err;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(
	    write(fd, body, sizeof(body) - 1), (ssize_t)(sizeof(body) - 1));
	close(fd);
	rb_err_clear(&err);
	ck_assert_int_eq(rb_password_list_load(path, &l, &err), RB_OK);
	unlink(path);

	rb_err_clear(&err);
	ck_assert_int_eq(
	    rb_password_check(l, RB_STR("sesame-OPEN1"), RB_STR_NULL, &err),
	    RB_INVALID);
	ck_assert_int_eq(
	    rb_password_check(l, RB_STR("TR0UB4DOR&3"), RB_STR_NULL, &err),
	    RB_INVALID);
	ck_assert_int_eq(
	    rb_password_check(l, RB_STR("zebra-stripes-42"), RB_STR_NULL, &err),
	    RB_INVALID);
	/* The CR was a line end, not part of the entry. */
	ck_assert_int_eq(
	    rb_password_check(l, RB_STR("Sesame-Open1\r"), RB_STR_NULL, &err),
	    RB_OK);
	ck_assert_int_eq(
	    rb_password_check(l, RB_STR("zebra-stripes-4"), RB_STR_NULL, &err),
	    RB_OK);
	rb_password_list_free(l);
	rb_password_list_free(NULL);
}
END_TEST

START_TEST(test_list_loads_fast)
{
	struct rb_password_list *l = NULL;
	struct rb_err err;
	double t0 = now_ms(), ms;

	rb_err_clear(&err);
	ck_assert_int_eq(rb_password_list_load(LIST_PATH, &l, &err), RB_OK);
	ms = now_ms() - t0;
	ck_assert_msg(ms < 50, "loading took %.1f ms", ms);
	/* The last of the 10,000 is there too. */
	ck_assert_int_eq(
	    rb_password_check(l, RB_STR("24081990"), RB_STR_NULL, &err),
	    RB_INVALID);
	/* ... and the 10,001st is not. */
	ck_assert_int_eq(
	    rb_password_check(l, RB_STR("25021983"), RB_STR_NULL, &err), RB_OK);
	rb_password_list_free(l);
}
END_TEST

START_TEST(test_hash_format_and_verify)
{
	char h[RB_PASSWORD_HASH_MAX], h2[RB_PASSWORD_HASH_MAX];
	struct rb_str pw = RB_STR("gl\xc3\xbc"
	                          "cklich-Pferd 42");

	ck_assert_int_eq(rb_password_hash(pw, h), RB_OK);
	ck_assert_msg(
	    strncmp(h, OUR_PREFIX, strlen(OUR_PREFIX)) == 0, "hash %s", h);
	ck_assert_uint_lt(strlen(h), RB_PASSWORD_HASH_MAX);
	ck_assert(rb_password_verify(h, pw));
	ck_assert(!rb_password_verify(h,
	    RB_STR("gl\xc3\xbc"
	           "cklich-Pferd 43")));
	ck_assert(!rb_password_verify(h,
	    RB_STR("GL\xc3\xbc"
	           "CKLICH-PFERD 42")));
	ck_assert(!rb_password_verify(h, RB_STR_NULL));

	/* A fresh salt each time. */
	ck_assert_int_eq(rb_password_hash(pw, h2), RB_OK);
	ck_assert_str_ne(h, h2);
	ck_assert(rb_password_verify(h2, pw));

	/* Garbage is never a match. */
	ck_assert(!rb_password_verify(NULL, pw));
	ck_assert(!rb_password_verify("", pw));
	ck_assert(!rb_password_verify("$argon2id$v=19$m=19456,t=2,p=1$", pw));
	ck_assert(!rb_password_verify("plaintext", RB_STR("plaintext")));
}
END_TEST

START_TEST(test_needs_rehash)
{
	char ours[RB_PASSWORD_HASH_MAX], weak[crypto_pwhash_STRBYTES];
	char old_alg[crypto_pwhash_STRBYTES];
	struct rb_str pw = RB_STR("orbit-lantern-97");

	ck_assert_int_eq(rb_password_hash(pw, ours), RB_OK);
	ck_assert(!rb_password_needs_rehash(ours));

	/* Lower parameters: still verifies (the login succeeds), then is
	 * upgraded. */
	ck_assert_int_eq(crypto_pwhash_str_alg(weak, pw.ptr, pw.len, 1,
	                     8u << 20, crypto_pwhash_ALG_ARGON2ID13),
	    0);
	ck_assert(rb_password_verify(weak, pw));
	ck_assert(rb_password_needs_rehash(weak));

	/* argon2i, even with our memory: upgraded to argon2id. */
	ck_assert_int_eq(crypto_pwhash_str_alg(old_alg, pw.ptr, pw.len, 3,
	                     19456u * 1024, crypto_pwhash_ALG_ARGON2I13),
	    0);
	ck_assert(rb_password_verify(old_alg, pw));
	ck_assert(rb_password_needs_rehash(old_alg));

	ck_assert(rb_password_needs_rehash(""));
	ck_assert(rb_password_needs_rehash(NULL));
	ck_assert(rb_password_needs_rehash("$2y$10$abcdefghijklmnopqrstuv"));
}
END_TEST

START_TEST(test_burn_costs_a_verification)
{
	char h[RB_PASSWORD_HASH_MAX];
	struct rb_str pw = RB_STR("timing-is-a-leak");
	double t0, verify_ms, burn_ms;

	ck_assert_int_eq(rb_password_hash(pw, h), RB_OK);
	t0 = now_ms();
	ck_assert(rb_password_verify(h, pw));
	verify_ms = now_ms() - t0;
	t0 = now_ms();
	rb_password_burn(pw);
	burn_ms = now_ms() - t0;
	/* A dummy that failed to parse would return in microseconds; one
	 * with our parameters costs what a real verification does. */
	ck_assert_msg(burn_ms > verify_ms / 4, "burn %.1f ms, verify %.1f ms",
	    burn_ms, verify_ms);
}
END_TEST

static Suite *
password_suite(void)
{
	Suite *s = suite_create("password");
	TCase *policy = tcase_create("policy");
	TCase *hash = tcase_create("hash");

	tcase_add_checked_fixture(policy, list_setup, list_teardown);
	tcase_add_test(policy, test_min_length_counts_code_points);
	tcase_add_test(policy, test_max_length_counts_code_points);
	tcase_add_test(policy, test_invalid_utf8_refused);
	tcase_add_test(policy, test_common_in_any_ascii_case);
	tcase_add_test(policy, test_equals_email);
	tcase_add_test(policy, test_list_missing_names_file);
	tcase_add_test(policy, test_list_format);
	tcase_add_test(policy, test_list_loads_fast);
	suite_add_tcase(s, policy);

	/* argon2id is slow on purpose, more so under the sanitizers. */
	tcase_set_timeout(hash, 60);
	tcase_add_test(hash, test_hash_format_and_verify);
	tcase_add_test(hash, test_needs_rehash);
	tcase_add_test(hash, test_burn_costs_a_verification);
	suite_add_tcase(s, hash);
	return s;
}

int
main(void)
{
	return rb_check_run(password_suite());
}
