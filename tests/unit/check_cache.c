/*
 * The cache client against a real memcached that this test starts on a
 * free port (skipped, exit 77, where memcached is not installed): hits,
 * misses, multi-get, versioned namespaces, and what a hung memcached
 * costs once the breaker opens.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cache/cache.h"
#include "check_run.h"
#include "core/arena.h"

static pid_t mc_pid;
static int mc_port;
static struct rb_arena arena;
static struct rb_cache *cache;

static int
free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	getsockname(fd, (struct sockaddr *)&sa, &len);
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static int
port_open(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
		.sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

static const char *
memcached_path(void)
{
	static const char *const paths[] = { "/usr/bin/memcached",
		"/usr/local/bin/memcached" };

	for (size_t i = 0; i < 2; i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

static void
mc_start(void)
{
	char port[16];

	mc_port = free_port();
	snprintf(port, sizeof(port), "%d", mc_port);
	mc_pid = fork();
	if (mc_pid == 0) {
		/* memcached refuses to run as root without -u. */
		execl(memcached_path(), "memcached", "-u", "memcache", "-l",
		    "127.0.0.1", "-p", port, "-U", "0", "-m", "16", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200 && !port_open(mc_port); i++)
		usleep(10000);
	ck_assert_msg(port_open(mc_port), "memcached did not start");
}

static void
setup(void)
{
	char servers[32];

	mc_start();
	snprintf(servers, sizeof(servers), "127.0.0.1:%d", mc_port);
	rb_arena_init(&arena, 4096);
	cache = rb_cache_new(servers, 50);
}

static void
teardown(void)
{
	rb_cache_free(cache);
	rb_arena_release(&arena);
	kill(mc_pid, SIGCONT);
	kill(mc_pid, SIGKILL);
	waitpid(mc_pid, NULL, 0);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

START_TEST(test_set_get_delete)
{
	struct rb_str v;

	ck_assert_int_eq(rb_cache_get(cache, &arena, RB_STR("k1"), &v),
	    RB_DECLINED);
	ck_assert_int_eq(rb_cache_set(cache, RB_STR("k1"), RB_STR("hello\0x"),
	    60), RB_OK);
	ck_assert_int_eq(rb_cache_get(cache, &arena, RB_STR("k1"), &v), RB_OK);
	ck_assert_uint_eq(v.len, 7);
	ck_assert_int_eq(memcmp(v.ptr, "hello\0x", 7), 0);
	ck_assert_int_eq(rb_cache_delete(cache, RB_STR("k1")), RB_OK);
	ck_assert_int_eq(rb_cache_get(cache, &arena, RB_STR("k1"), &v),
	    RB_DECLINED);
}
END_TEST

START_TEST(test_bad_keys_are_misses)
{
	struct rb_str v;
	char long_key[300];

	memset(long_key, 'k', sizeof(long_key));
	ck_assert_int_eq(rb_cache_set(cache, RB_STR("a b"), RB_STR("x"), 0),
	    RB_DECLINED);
	ck_assert_int_eq(rb_cache_set(cache,
	    (struct rb_str){ long_key, sizeof(long_key) }, RB_STR("x"), 0),
	    RB_DECLINED);
	ck_assert_int_eq(rb_cache_get(cache, &arena, RB_STR("a\nb"), &v),
	    RB_DECLINED);
}
END_TEST

START_TEST(test_mget)
{
	struct rb_str keys[3] = { RB_STR("m1"), RB_STR("m2"), RB_STR("m3") };
	struct rb_str vals[3];

	rb_cache_set(cache, keys[0], RB_STR("one"), 60);
	rb_cache_set(cache, keys[2], RB_STR("three"), 60);
	ck_assert_uint_eq(rb_cache_mget(cache, &arena, keys, 3, vals), 2);
	ck_assert_str_eq(vals[0].ptr, "one");
	ck_assert_ptr_null(vals[1].ptr);
	ck_assert_str_eq(vals[2].ptr, "three");
}
END_TEST

/* A value stored under one key and read under another is a miss: the
 * stored bytes carry their key. */
START_TEST(test_value_checks_its_key)
{
	struct rb_str v;
	int fd;
	struct sockaddr_in sa = { .sin_family = AF_INET,
		.sin_port = htons((uint16_t)mc_port) };
	const char cmd[] = "set forged 0 60 9\r\nother\nabc\r\n";
	char reply[64];

	/* Store "other\nabc" under "forged", bypassing the client. */
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(write(fd, cmd, sizeof(cmd) - 1), sizeof(cmd) - 1);
	ck_assert_int_gt(read(fd, reply, sizeof(reply)), 0);
	close(fd);
	ck_assert_int_eq(rb_cache_get(cache, &arena, RB_STR("forged"), &v),
	    RB_DECLINED);
}
END_TEST

START_TEST(test_namespace_versions)
{
	uint64_t v1 = rb_cache_ns_version(cache, "offers");
	uint64_t v2 = rb_cache_ns_version(cache, "offers");

	ck_assert_uint_eq(v1, v2);
	ck_assert_int_eq(rb_cache_ns_bump(cache, "offers"), RB_OK);
	ck_assert_uint_eq(rb_cache_ns_version(cache, "offers"), v1 + 1);
	ck_assert_uint_ne(rb_cache_ns_version(cache, "other"), v1 + 1);
}
END_TEST

/* A hung memcached (SIGSTOP) costs one timeout, then nothing while the
 * breaker is open; it comes back by itself. */
START_TEST(test_hung_memcached_breaker)
{
	struct rb_str v;
	double t0, first, rest;
	int status;

	rb_cache_set(cache, RB_STR("h"), RB_STR("v"), 60);
	kill(mc_pid, SIGSTOP);
	/* A signal is delivered a moment later: wait until it has stopped,
	 * or the first get may still be answered. */
	ck_assert_int_eq(waitpid(mc_pid, &status, WUNTRACED), mc_pid);
	ck_assert(WIFSTOPPED(status));
	t0 = now_ms();
	ck_assert_int_eq(rb_cache_get(cache, &arena, RB_STR("h"), &v),
	    RB_DECLINED);
	first = now_ms() - t0;
	t0 = now_ms();
	for (int i = 0; i < 100; i++)
		ck_assert_int_eq(rb_cache_get(cache, &arena, RB_STR("h"), &v),
		    RB_DECLINED);
	rest = now_ms() - t0;
	/* Generous bounds: a check of the breaker, not a benchmark. */
	ck_assert_msg(first < 1000, "first miss took %.0f ms", first);
	ck_assert_msg(rest < 100, "100 misses with the breaker open took "
				  "%.0f ms",
	    rest);
	ck_assert_uint_ge(rb_cache_errors(cache), 1);
	kill(mc_pid, SIGCONT);
	usleep(1100 * 1000);
	ck_assert_int_eq(rb_cache_ping(cache), RB_OK);
	ck_assert_int_eq(rb_cache_get(cache, &arena, RB_STR("h"), &v), RB_OK);
}
END_TEST

static Suite *
cache_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *tc = tcase_create("memcached");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_set_get_delete);
	tcase_add_test(tc, test_bad_keys_are_misses);
	tcase_add_test(tc, test_mget);
	tcase_add_test(tc, test_value_checks_its_key);
	tcase_add_test(tc, test_namespace_versions);
	tcase_add_test(tc, test_hung_memcached_breaker);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	if (memcached_path() == NULL) {
		printf("memcached is not installed: skipped\n");
		return 77;
	}
	return rb_check_run(cache_suite());
}
