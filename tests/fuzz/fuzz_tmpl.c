/*
 * The template engine: the input compiled with rb_tmpl_set_add (as "t",
 * again as "t" to replace it, and as "u"), beside a few fixed templates,
 * then rendered with a small fixed JSON context, alone and as an indented
 * partial. Checked:
 * - add is RB_OK or RB_INVALID with "name:line: ..." in the message, and
 *   a failed add leaves the set without the template;
 * - rb_tmpl_set_check is RB_OK or RB_INVALID;
 * - render is RB_OK or RB_ERROR (too deep); on RB_ERROR the output is cut
 *   back to its length on entry; the buffer stays NUL-terminated; the
 *   same render with the context as arena values (core/val.h) gives the
 *   same bytes;
 * - escaping: when the source cannot make a raw tag (no '&', no "{{{", no
 *   '=' to change delimiters), none of < > " ' ` reaches the output
 *   unless the source itself holds it, although every string in the
 *   context is full of them;
 * - rb_tmpl_format_double of the first eight bytes reads back as the same
 *   double.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/buf.h"
#include "core/err.h"
#include "fuzz.h"
#include "tmpl/node.h"
#include "tmpl/tmpl.h"

#include "../unit/json_vals.h"

/* Bigger sources only repeat what smaller ones find, slower. */
#define MAX_SRC      2048
/* Sections over a two-item list double the work at each level. */
#define MAX_SECTIONS 10

static struct json_object *ctx;
/* ctx again, as arena values in a json-c boolean (core/val.h). */
static struct rb_arena vals_arena;
static struct json_object *vals_ctx;

/* No < > " ' ` in these and no raw tags: see the escaping check. */
static const struct {
	const char *name, *src;
} fixed[] = {
    {"p", "[{{name}}]\n  {{#items}}({{.}}){{/items}}\n"},
    {"layout", "head {{title}}\n{{$body}}default {{name}}{{/body}}\nfoot\n"},
    {"outer", "begin\n  {{>t}}\nend {{#list}}{{>t}}{{/list}}\n"},
};

static const char ctx_json[] =
    "{\"name\": \"<b>&amp;\\\"'`=</b>\", \"title\": \"a<\\\"t\\\">'`\","
    " \"items\": [\"<i>\", 2.5], \"obj\": {\"a\": {\"b\": \"<deep>\"}},"
    " \"list\": [{\"name\": \"<x>\"}, {\"name\": \"'y'\", \"t\": false}],"
    " \"t\": true, \"f\": false, \"z\": 0, \"e\": \"\", \"n\": null,"
    " \"num\": 1.210, \"big\": 18446744073709551615, \"neg\": -7}";

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	ctx = json_tokener_parse(ctx_json);
	if (ctx == NULL)
		abort();
	rb_arena_init(&vals_arena, 4096);
	vals_ctx = rb_val_json_c(&vals_arena, as_vals(&vals_arena, ctx));
	return 0;
}

static bool
contains(const char *s, size_t n, const char *needle)
{
	return memmem(s, n, needle, strlen(needle)) != NULL;
}

/* Renders name after a prefix with json-c data, then with the same data
 * as vals; checks both and returns the rc. */
static int
render(const struct rb_tmpl_set *set, const char *name, const char *src,
    size_t n, bool check_escaping)
{
	static const char prefix[] = "PFX";
	struct rb_buf out, again;
	struct rb_err err;
	int rc, rc2;

	rb_buf_init(&out, NULL);
	rb_buf_init(&again, NULL);
	rb_buf_puts(&out, prefix);
	rb_buf_puts(&again, prefix);
	rb_err_clear(&err);
	rc = rb_tmpl_render(set, name, ctx, &out, &err);
	FUZZ_CHECK(rc == RB_OK || rc == RB_ERROR, "render %s: rc %d", name, rc);
	FUZZ_CHECK(out.data[out.len] == '\0', "output not NUL-terminated");
	FUZZ_CHECK(out.len >= 3 && memcmp(out.data, prefix, 3) == 0,
	    "render wrote before its start");
	if (rc != RB_OK) {
		FUZZ_CHECK(
		    out.len == 3, "failed render left %zu bytes", out.len - 3);
		FUZZ_CHECK(strstr(err.msg, "deeper than") != NULL,
		    "render error: %s", err.msg);
	}
	rc2 = rb_tmpl_render(set, name, vals_ctx, &again, NULL);
	FUZZ_CHECK(rc2 == rc && rb_str_eq(rb_buf_str(&out), rb_buf_str(&again)),
	    "renders of %s with json-c and with vals differ", name);

	if (rc == RB_OK && check_escaping) {
		for (const char *c = "<>\"'`"; *c != '\0'; c++)
			if (memchr(src, *c, n) == NULL)
				FUZZ_CHECK(
				    memchr(out.data, *c, out.len) == NULL,
				    "unescaped %c in the output of %s", *c,
				    name);
	}
	rb_buf_release(&out);
	rb_buf_release(&again);
	return rc;
}

static void
check_double(const uint8_t *data, size_t size)
{
	char buf[64];
	double d;
	size_t n;

	if (size < sizeof(d))
		return;
	memcpy(&d, data, sizeof(d));
	n = rb_tmpl_format_double(d, buf, sizeof(buf));
	FUZZ_CHECK(n < sizeof(buf) && strlen(buf) == n, "formatted length");
	if (isnan(d) || isinf(d))
		return;
	FUZZ_CHECK(strtod(buf, NULL) == d, "%.17g printed as %s", d, buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	struct rb_tmpl_set *set;
	struct rb_err err;
	size_t sections = 0;
	bool raw_possible;
	int rc;

	check_double(data, size);
	if (size > MAX_SRC)
		return 0;

	set = rb_tmpl_set_new();
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (rb_tmpl_set_add(set, fixed[i].name, fixed[i].src,
		        strlen(fixed[i].src), NULL, &err) != RB_OK)
			abort();

	for (int pass = 0; pass < 2; pass++) {
		rb_err_clear(&err);
		rc = rb_tmpl_set_add(set, "t", src, size, "t.mustache", &err);
		FUZZ_CHECK(rc == RB_OK || rc == RB_INVALID, "add rc %d", rc);
		if (rc != RB_OK) {
			FUZZ_CHECK(strncmp(err.msg, "t.mustache:", 11) == 0,
			    "error without file and line: %s", err.msg);
			FUZZ_CHECK(!rb_tmpl_set_has(set, "t"),
			    "a failed add left a template");
			goto out;
		}
		FUZZ_CHECK(rb_tmpl_set_has(set, "t"), "added but missing");
	}
	rc = rb_tmpl_set_add(set, "u", src, size, NULL, &err);
	FUZZ_CHECK(rc == RB_OK, "the same source failed the second time");
	rc = rb_tmpl_set_check(set, &err);
	FUZZ_CHECK(rc == RB_OK || rc == RB_INVALID, "check rc %d", rc);

	for (size_t i = 0; i < size; i++)
		sections += src[i] == '#';
	if (sections > MAX_SECTIONS)
		goto out;
	raw_possible = contains(src, size, "&") || contains(src, size, "{{{") ||
	    contains(src, size, "=");
	render(set, "t", src, size, !raw_possible);
	render(set, "outer", src, size, !raw_possible);
out:
	rb_tmpl_set_free(set);
	return 0;
}
