/*
 * The official Mustache spec suites, case by case: each case's partials
 * are added to a fresh set, its template rendered with its data, and the
 * output compared byte for byte with the expected text.
 *
 * The suites live outside the repository, in ../shared/mustache-spec
 * (REBOUND_MUSTACHE_SPEC overrides). Without them the program exits 77,
 * automake's "skipped", and says so: it never passes silently.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>
#include <json-c/json_object_iterator.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/val.h"
#include "tmpl/tmpl.h"

#include "json_vals.h"

#ifndef REBOUND_SRCDIR
#define REBOUND_SRCDIR "."
#endif

#define SKIP_CODE 77
#define MAX_CASES 1024

static const char *const spec_files[] = {
    "interpolation",
    "sections",
    "inverted",
    "partials",
    "comments",
    "delimiters",
    "inheritance",
};
#define NFILES (sizeof(spec_files) / sizeof(spec_files[0]))

/* Check's loop tests receive only an index: the cases sit here. */
static struct spec_case {
	const char *file;
	struct json_object *test;
} cases[MAX_CASES];

static const char *
str_field(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v ? json_object_get_string(v) : "";
}

/* s quoted on one line, for failure messages. */
static const char *
quoted(struct rb_buf *b, const char *s, size_t n)
{
	rb_buf_reset(b);
	rb_buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '\n':
			rb_buf_puts(b, "\\n");
			break;
		case '\r':
			rb_buf_puts(b, "\\r");
			break;
		case '\t':
			rb_buf_puts(b, "\\t");
			break;
		case '"':
			rb_buf_puts(b, "\\\"");
			break;
		case '\\':
			rb_buf_puts(b, "\\\\");
			break;
		default:
			rb_buf_putc(b, s[i]);
			break;
		}
	}
	rb_buf_putc(b, '"');
	return b->data;
}

static void
add_partials(struct rb_tmpl_set *set, const struct spec_case *c)
{
	struct json_object *partials = NULL;
	struct json_object_iterator it, end;
	struct rb_err err;

	if (!json_object_object_get_ex(c->test, "partials", &partials))
		return;
	it = json_object_iter_begin(partials);
	end = json_object_iter_end(partials);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		const char *name = json_object_iter_peek_name(&it);
		struct json_object *src = json_object_iter_peek_value(&it);
		int rc = rb_tmpl_set_add(set, name, json_object_get_string(src),
		    (size_t)json_object_get_string_len(src), name, &err);

		ck_assert_msg(rc == RB_OK, "%s: %s: partial %s: %s", c->file,
		    str_field(c->test, "name"), name, err.msg);
	}
}

/* Renders the case's template with data; compares with expected. */
static void
render_case(const struct spec_case *c, struct rb_tmpl_set *set,
    struct json_object *data, const char *how)
{
	const char *name = str_field(c->test, "name");
	const char *expected = str_field(c->test, "expected");
	struct rb_buf out, q1, q2;
	struct rb_err err;
	int rc;

	rb_buf_init(&out, NULL);
	rb_buf_init(&q1, NULL);
	rb_buf_init(&q2, NULL);
	rb_err_clear(&err);
	rc = rb_tmpl_render(set, "(template)", data, &out, &err);
	ck_assert_msg(rc == RB_OK, "%s: %s (%s): render: %s", c->file, name,
	    how, err.msg);
	ck_assert_msg(out.len == strlen(expected) &&
	        memcmp(out.data, expected, out.len) == 0,
	    "%s: %s (%s): expected %s, got %s", c->file, name, how,
	    quoted(&q1, expected, strlen(expected)),
	    quoted(&q2, out.data, out.len));
	rb_buf_release(&out);
	rb_buf_release(&q1);
	rb_buf_release(&q2);
}

/* Each case twice: with json-c data, and with the same data as vals. */
START_TEST(test_spec_case)
{
	const struct spec_case *c = &cases[_i];
	const char *name = str_field(c->test, "name");
	const char *src = str_field(c->test, "template");
	struct json_object *data = NULL, *vals;
	struct rb_tmpl_set *set = rb_tmpl_set_new();
	struct rb_arena a;
	struct rb_err err;
	int rc;

	rb_arena_init(&a, 4096);
	rb_err_clear(&err);
	json_object_object_get_ex(c->test, "data", &data);
	add_partials(set, c);
	rc = rb_tmpl_set_add(
	    set, "(template)", src, strlen(src), "(template)", &err);
	ck_assert_msg(
	    rc == RB_OK, "%s: %s: compile: %s", c->file, name, err.msg);
	render_case(c, set, data, "json-c");
	vals = rb_val_json_c(&a, as_vals(&a, data));
	render_case(c, set, vals, "vals");
	json_object_put(vals);
	rb_arena_release(&a);
	rb_tmpl_set_free(set);
}
END_TEST

/* Loads one suite file; its cases go to cases[*n...]. */
static int
load_suite(const char *dir, size_t f, struct json_object **root, size_t *n)
{
	char path[4096];
	struct json_object *tests = NULL;
	size_t count;

	snprintf(path, sizeof(path), "%s/%s.json", dir, spec_files[f]);
	*root = json_object_from_file(path);
	if (*root == NULL ||
	    !json_object_object_get_ex(*root, "tests", &tests) ||
	    !json_object_is_type(tests, json_type_array)) {
		fprintf(stderr, "%s: cannot load: %s\n", path,
		    json_util_get_last_err());
		return -1;
	}
	count = json_object_array_length(tests);
	for (size_t i = 0; i < count && *n < MAX_CASES; i++) {
		cases[*n].file = spec_files[f];
		cases[*n].test = json_object_array_get_idx(tests, i);
		(*n)++;
	}
	return 0;
}

int
main(void)
{
	const char *dir = getenv("REBOUND_MUSTACHE_SPEC");
	struct json_object *roots[NFILES] = {NULL};
	size_t first[NFILES + 1] = {0}, n = 0;
	struct stat st;
	Suite *s;
	SRunner *sr;
	int failed = 1;

	if (dir == NULL || *dir == '\0')
		dir = REBOUND_SRCDIR "/../shared/mustache-spec";
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		printf("mustache spec suites not found at %s: skipped\n", dir);
		return SKIP_CODE;
	}
	for (size_t f = 0; f < NFILES; f++) {
		first[f] = n;
		if (load_suite(dir, f, &roots[f], &n) < 0)
			goto out;
	}
	first[NFILES] = n;
	printf("mustache spec: %zu cases from %s\n", n, dir);
	s = suite_create("mustache_spec");
	for (size_t f = 0; f < NFILES; f++) {
		TCase *tc = tcase_create(spec_files[f]);

		tcase_add_loop_test(
		    tc, test_spec_case, (int)first[f], (int)first[f + 1]);
		suite_add_tcase(s, tc);
	}
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
out:
	for (size_t f = 0; f < NFILES; f++)
		json_object_put(roots[f]);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
