#include "check_run.h"
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

#define VALID(s) ck_assert_msg(rb_utf8_valid(s, sizeof(s) - 1), "valid: " #s)
#define INVALID(s) \
	ck_assert_msg(!rb_utf8_valid(s, sizeof(s) - 1), "invalid: " #s)

START_TEST(test_valid)
{
	VALID("");
	VALID("plain ascii");
	VALID("caf\xc3\xa9");			/* é */
	VALID("\xe2\x82\xac");			/* € */
	VALID("\xf0\x9f\x93\xb1");		/* 📱 */
	VALID("\xf4\x8f\xbf\xbf");		/* U+10FFFF */
	VALID("\xed\x9f\xbf");			/* U+D7FF, before surrogates */
}
END_TEST

START_TEST(test_invalid)
{
	INVALID("\x80");			/* lone continuation */
	INVALID("\xc0\xaf");			/* overlong '/' */
	INVALID("\xc1\xbf");			/* overlong */
	INVALID("\xe0\x80\xaf");		/* overlong, 3 bytes */
	INVALID("\xf0\x80\x80\xaf");		/* overlong, 4 bytes */
	INVALID("\xed\xa0\x80");		/* surrogate U+D800 */
	INVALID("\xf4\x90\x80\x80");		/* above U+10FFFF */
	INVALID("\xf5\x80\x80\x80");
	INVALID("\xff");
	INVALID("caf\xc3");			/* truncated */
	INVALID("\xe2\x82");
	INVALID("\xe2\x28\xa1");		/* bad continuation */
}
END_TEST

static Suite *
utf8_suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_valid);
	tcase_add_test(tc, test_invalid);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(utf8_suite());
}
