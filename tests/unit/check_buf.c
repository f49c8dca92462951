#include "check_run.h"
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"

START_TEST(test_empty_is_valid_string)
{
	struct rb_buf b;

	rb_buf_init(&b, NULL);
	ck_assert_ptr_nonnull(b.data);
	ck_assert_str_eq(b.data, "");
	ck_assert_uint_eq(b.len, 0);
	rb_buf_reset(&b);
	rb_buf_release(&b);
	ck_assert_str_eq(b.data, "");
}
END_TEST

START_TEST(test_append_grows_heap_and_arena)
{
	struct rb_arena a;
	struct rb_buf h, r;

	rb_arena_init(&a, 1024);
	rb_buf_init(&h, NULL);
	rb_buf_init(&r, &a);
	for (int i = 0; i < 10000; i++) {
		rb_buf_puts(&h, "ab");
		rb_buf_putc(&r, 'c');
		rb_buf_putc(&r, 'd');
	}
	ck_assert_uint_eq(h.len, 20000);
	ck_assert_uint_eq(r.len, 20000);
	ck_assert_uint_eq(strlen(h.data), 20000);
	ck_assert_int_eq(r.data[19999], 'd');
	ck_assert_int_eq(r.data[20000], '\0');
	rb_buf_reset(&h);
	ck_assert_str_eq(h.data, "");
	ck_assert_uint_ge(h.cap, 20000);
	rb_buf_release(&h);
	rb_arena_release(&a);
}
END_TEST

START_TEST(test_printf_and_binary)
{
	struct rb_buf b;

	rb_buf_init(&b, NULL);
	rb_buf_printf(&b, "%s=%d;", "n", 5);
	rb_buf_printf(&b, "%0300d", 1);
	ck_assert_uint_eq(b.len, 304);
	rb_buf_truncate(&b, 4);
	ck_assert_str_eq(b.data, "n=5;");
	rb_buf_append(&b, "a\0b", 3);
	ck_assert_uint_eq(b.len, 7);
	ck_assert_int_eq(memcmp(b.data, "n=5;a\0b", 7), 0);
	rb_buf_release(&b);
}
END_TEST

START_TEST(test_html_escape)
{
	struct rb_buf b;
	const char *in = "<script>alert('x\"&`=')</script>ok";

	rb_buf_init(&b, NULL);
	rb_buf_append_html(&b, in, strlen(in));
	ck_assert_str_eq(b.data,
	    "&lt;script&gt;alert(&#39;x&quot;&amp;&#96;&#61;&#39;)&lt;/script&gt;ok");
	rb_buf_release(&b);
}
END_TEST

START_TEST(test_url_and_json_escape)
{
	struct rb_buf b;

	rb_buf_init(&b, NULL);
	rb_buf_append_urlenc(&b, "a b&c/é~", strlen("a b&c/é~"));
	ck_assert_str_eq(b.data, "a%20b%26c%2F%C3%A9~");
	rb_buf_reset(&b);
	rb_buf_append_json(&b, "q\"\\\n\x01</", 7);
	ck_assert_str_eq(b.data, "\"q\\\"\\\\\\n\\u0001\\u003c/\"");
	rb_buf_release(&b);
}
END_TEST

static Suite *
buf_suite(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_empty_is_valid_string);
	tcase_add_test(tc, test_append_grows_heap_and_arena);
	tcase_add_test(tc, test_printf_and_binary);
	tcase_add_test(tc, test_html_escape);
	tcase_add_test(tc, test_url_and_json_escape);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(buf_suite());
}
