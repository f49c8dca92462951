#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_run.h"
#include "core/buf.h"
#include "core/metrics.h"

static const char *const names[] = { "home", "health", "unmatched" };

START_TEST(test_render_counts_and_histogram)
{
	int fd = rb_metrics_create();
	struct rb_metrics *m;
	struct rb_buf b;

	ck_assert_int_ge(fd, 0);
	m = rb_metrics_map(fd);
	ck_assert_ptr_nonnull(m);
	rb_metrics_request(m, 0, 200, 300);	/* 0.3 ms */
	rb_metrics_request(m, 0, 200, 30000);	/* 30 ms */
	rb_metrics_request(m, 2, 404, 100);
	rb_metrics_request(m, 1, 418, 100);	/* an odd status: "other" */
	rb_metrics_add(m, RB_M_WORKER_RESTARTS, 2);
	rb_buf_init(&b, NULL);
	rb_metrics_render(m, names, 3, &b);
	ck_assert_ptr_nonnull(strstr(b.data,
	    "rebound_http_requests_total{route=\"home\",status=\"200\"} 2\n"));
	ck_assert_ptr_nonnull(strstr(b.data,
	    "rebound_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(b.data, "status=\"other"));
	ck_assert_ptr_nonnull(strstr(b.data,
	    "rebound_http_request_duration_seconds_bucket{route=\"home\","
	    "le=\"0.0005\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(b.data,
	    "rebound_http_request_duration_seconds_bucket{route=\"home\","
	    "le=\"+Inf\"} 2\n"));
	ck_assert_ptr_nonnull(strstr(b.data,
	    "rebound_http_request_duration_seconds_count{route=\"home\"} 2\n"));
	ck_assert_ptr_nonnull(strstr(b.data, "rebound_worker_restarts_total 2\n"));
	rb_buf_release(&b);
	rb_metrics_unmap(m);
	close(fd);
}
END_TEST

/* What one process counts, another sees: the point of the shared block. */
START_TEST(test_shared_across_fork)
{
	int fd = rb_metrics_create();
	struct rb_metrics *m = rb_metrics_map(fd);
	struct rb_buf b;
	pid_t pid;
	int status;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rb_metrics *c = rb_metrics_map(fd);

		for (int i = 0; i < 1000; i++)
			rb_metrics_request(c, 1, 200, 10);
		_exit(0);
	}
	for (int i = 0; i < 1000; i++)
		rb_metrics_request(m, 1, 200, 10);
	waitpid(pid, &status, 0);
	rb_buf_init(&b, NULL);
	rb_metrics_render(m, names, 3, &b);
	ck_assert_ptr_nonnull(strstr(b.data,
	    "rebound_http_requests_total{route=\"health\",status=\"200\"} 2000\n"));
	rb_buf_release(&b);
	rb_metrics_unmap(m);
	close(fd);
}
END_TEST

static Suite *
metrics_suite(void)
{
	Suite *s = suite_create("metrics");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_render_counts_and_histogram);
	tcase_add_test(tc, test_shared_across_fork);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(metrics_suite());
}
