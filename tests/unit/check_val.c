/*
 * Arena values: JSON written byte for byte as json-c writes the same
 * value, the way they nest in json-c trees and back, and lookups.
 */
#include "check_run.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/val.h"

#include "arena_fixture.h"
#include "json_vals.h"

static const int flag_sets[] = {
	JSON_C_TO_STRING_PLAIN,
	JSON_C_TO_STRING_SPACED,
	JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE,
	JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE,
};

/* j's text as json-c writes it and as rb_val_write_json writes its vals,
 * under every set of flags. */
static void
same_json(struct json_object *j)
{
	for (size_t f = 0; f < sizeof(flag_sets) / sizeof(flag_sets[0]); f++) {
		struct rb_buf b;

		rb_buf_init(&b, &arena);
		rb_val_write_json(&b, as_vals(&arena, j), flag_sets[f]);
		ck_assert_str_eq(b.data,
		    json_object_to_json_string_ext(j, flag_sets[f]));
	}
}

START_TEST(test_json_as_json_c)
{
	static const char *const docs[] = {
		"{}", "[]", "null", "true", "0", "-9223372036854775807",
		"\"\"", "{\"a\":{},\"b\":[],\"c\":[[]],\"d\":{\"e\":null}}",
		"[1,\"x\",false,null,{\"k\":[2,3]}]",
		"{\"url\":\"/en-us/p/a\",\"name\":\"caf\\u00e9 \\\"12\\\" \\\\\","
		"\"tag\":\"<b>&</b>\"}",
		"{\"x\\ty\":\"a\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\"}",
	};
	char every[128];
	struct json_object *j;

	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		j = json_tokener_parse(docs[i]);
		ck_assert_msg(j != NULL || strcmp(docs[i], "null") == 0,
		    "bad test JSON: %s", docs[i]);
		same_json(j);
		json_object_put(j);
	}
	/* Every ASCII byte, and UTF-8 passed through. */
	for (int c = 1; c < 128; c++)
		every[c - 1] = (char)c;
	every[127] = '\0';
	j = json_object_new_array();
	json_object_array_add(j, json_object_new_string(every));
	json_object_array_add(j, json_object_new_string("\xe2\x88\x92 12 %"));
	same_json(j);
	json_object_put(j);
}
END_TEST

/* A val inside a json-c tree is written as itself, and read back as it. */
START_TEST(test_nested_in_json_c)
{
	struct json_object *outer = json_object_new_object();
	struct json_object *plain = json_tokener_parse(
	    "{\"n\":1,\"card\":{\"slug\":\"a/b\",\"grades\":[\"good\"]},"
	    "\"d\":2.5}");
	struct rb_val card = rb_val_obj(&arena, 1), grades = rb_val_arr(
	    &arena, 0), got;

	rb_val_put(&arena, card, "slug", rb_val_str("a/b"));
	rb_val_push(&arena, grades, rb_val_str("good"));
	rb_val_put(&arena, card, "grades", grades);
	json_object_object_add(outer, "n", json_object_new_int(1));
	json_object_object_add(outer, "card", rb_val_json_c(&arena, card));
	json_object_object_add(outer, "d", json_object_new_double(2.5));
	for (size_t f = 0; f < sizeof(flag_sets) / sizeof(flag_sets[0]); f++)
		ck_assert_str_eq(json_object_to_json_string_ext(outer,
		    flag_sets[f]), json_object_to_json_string_ext(plain,
		    flag_sets[f]));
	/* Read back through the tree: the val, not a boolean. */
	ck_assert(rb_val_get(rb_val_from_json_c(outer), "card", &got));
	ck_assert_int_eq(got.type, RB_VAL_OBJ);
	ck_assert(rb_val_get(got, "grades", &got));
	ck_assert(rb_val_is_array(got));
	ck_assert_uint_eq(rb_val_len(got), 1);
	ck_assert_str_eq(rb_val_at(got, 0).u.s.ptr, "good");
	ck_assert_int_eq(rb_val_at(got, 1).type, RB_VAL_NULL);
	/* A plain json-c boolean stays one. */
	got = rb_val_from_json_c(json_object_new_boolean(1));
	ck_assert_int_eq(got.type, RB_VAL_JSONC);
	ck_assert(rb_val_truthy(got));
	json_object_put(got.u.j);
	/* null has no json-c object; json-c values go in as themselves. */
	ck_assert_ptr_null(rb_val_json_c(&arena, rb_val_null()));
	ck_assert_ptr_eq(rb_val_json_c(&arena, rb_val_from_json_c(plain)),
	    plain);
	json_object_put(plain);
	json_object_put(plain);
	json_object_put(outer);
}
END_TEST

START_TEST(test_lookup_and_growth)
{
	struct rb_val o = rb_val_obj(&arena, 0), a = rb_val_arr(&arena, 0), v;
	static const char *const keys[] = { "a", "ab", "b", "ba", "c", "cc",
		"d", "dd", "e", "ee" };

	for (size_t i = 0; i < 10; i++) {
		rb_val_put_key(&arena, o, keys[i], rb_val_int((int64_t)i));
		rb_val_push(&arena, a, rb_val_int((int64_t)i * 2));
	}
	for (size_t i = 0; i < 10; i++) {
		ck_assert(rb_val_get(o, keys[i], &v));
		ck_assert_int_eq(v.u.i, (int64_t)i);
		ck_assert_int_eq(rb_val_at(a, i).u.i, (int64_t)i * 2);
	}
	ck_assert(!rb_val_get(o, "abc", &v));
	ck_assert(!rb_val_get(o, "", &v));
	ck_assert(!rb_val_get(a, "a", &v));
	ck_assert(!rb_val_get(rb_val_str("x"), "a", &v));
	ck_assert_int_eq(rb_val_at(o, 0).type, RB_VAL_NULL);
	ck_assert_int_eq(rb_val_at(rb_val_int(1), 0).type, RB_VAL_NULL);
	ck_assert_uint_eq(rb_val_len(a), 10);
	ck_assert_uint_eq(rb_val_len(o), 0);
	ck_assert(!rb_val_is_array(o));
	ck_assert(rb_val_truthy(a));
	ck_assert(!rb_val_truthy(rb_val_arr(&arena, 4)));
	ck_assert(rb_val_truthy(rb_val_obj(&arena, 0)));
	ck_assert(rb_val_truthy(rb_val_str("")));
	ck_assert(rb_val_truthy(rb_val_int(0)));
	ck_assert(!rb_val_truthy(rb_val_bool(false)));
	ck_assert(!rb_val_truthy(rb_val_str(NULL)));
}
END_TEST

static Suite *
val_suite(void)
{
	Suite *s = suite_create("val");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_json_as_json_c);
	tcase_add_test(tc, test_nested_in_json_c);
	tcase_add_test(tc, test_lookup_and_growth);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(val_suite());
}
