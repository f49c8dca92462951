/*
 * The template engine's own cases, beyond the spec suites
 * (check_mustache_spec.c): escaping of hostile values, error messages
 * with file and line, set checks, recursion limits, directory loading.
 */
#include "check_run.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/buf.h"
#include "core/err.h"
#include "tmpl/tmpl.h"

struct named {
	const char *name, *src;
};

/* A set of templates, up to one with a NULL name; each must compile. */
static struct rb_tmpl_set *
set_of(const struct named *t)
{
	struct rb_tmpl_set *set = rb_tmpl_set_new();
	struct rb_err err;
	int rc;

	for (; t->name != NULL; t++) {
		rc = rb_tmpl_set_add(
		    set, t->name, t->src, strlen(t->src), NULL, &err);
		ck_assert_msg(rc == RB_OK, "%s: %s", t->name, err.msg);
	}
	return set;
}

/* Renders name with ctx and compares with expected. */
static void
render_ctx_eq(const struct rb_tmpl_set *set, const char *name,
    struct json_object *ctx, const char *expected)
{
	struct rb_buf out;
	struct rb_err err;
	int rc;

	rb_buf_init(&out, NULL);
	rc = rb_tmpl_render(set, name, ctx, &out, &err);
	ck_assert_msg(rc == RB_OK, "%s: %s", name, err.msg);
	ck_assert_str_eq(out.data, expected);
	rb_buf_release(&out);
}

/* Renders name with the JSON text data (may be NULL). */
static void
render_eq(const struct rb_tmpl_set *set, const char *name, const char *data,
    const char *expected)
{
	struct json_object *ctx = data ? json_tokener_parse(data) : NULL;

	ck_assert_msg(data == NULL || ctx != NULL, "bad test JSON: %s", data);
	render_ctx_eq(set, name, ctx, expected);
	json_object_put(ctx);
}

/* One template rendered with data. */
static void
one_eq(const char *src, const char *data, const char *expected)
{
	const struct named pairs[] = {
	    {"t", src},
	    {NULL, NULL},
	};
	struct rb_tmpl_set *set = set_of(pairs);

	render_eq(set, "t", data, expected);
	rb_tmpl_set_free(set);
}

/* Compiling src as "t.mustache" fails with exactly msg. */
static void
syntax_error(const char *src, const char *msg)
{
	struct rb_tmpl_set *set = rb_tmpl_set_new();
	struct rb_err err;

	rb_err_clear(&err);
	ck_assert_int_eq(
	    rb_tmpl_set_add(set, "t", src, strlen(src), "t.mustache", &err),
	    RB_INVALID);
	ck_assert_str_eq(err.msg, msg);
	ck_assert(!rb_tmpl_set_has(set, "t"));
	rb_tmpl_set_free(set);
}

START_TEST(test_escape_hostile)
{
	one_eq("<p title=\"{{t}}\">{{x}}</p>",
	    "{\"x\": \"<script>alert('x')</script>\", "
	    "\"t\": \"\\\" onmouseover=\\\"steal()\"}",
	    "<p title=\"&quot; onmouseover&#61;&quot;steal()\">"
	    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>");
	one_eq("{{{x}}}|{{&x}}|{{#l}}{{.}}{{/l}}",
	    "{\"x\": \"<b>&amp;\", "
	    "\"l\": [\"<i>\", \"`&`\"]}",
	    "<b>&amp;|<b>&amp;|&lt;i&gt;&#96;&amp;&#96;");
	/* A value that looks like a tag is data, never template. */
	one_eq("{{x}}", "{\"x\": \"{{#y}}{{/y}}\"}", "{{#y}}{{/y}}");
}
END_TEST

START_TEST(test_values)
{
	one_eq("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}} {{h}}",
	    "{\"a\": 85, \"b\": -7, \"c\": 18446744073709551615, "
	    "\"d\": 1.210, \"e\": 100.0, \"f\": 0.1, \"g\": true, "
	    "\"h\": null}",
	    "85 -7 18446744073709551615 1.21 100 0.1 true ");
	one_eq("{{a}} {{b}} {{c}} {{d}} {{e}}",
	    "{\"a\": 1e21, \"b\": 1.5e-7, \"c\": -2.5, \"d\": 0.000001, "
	    "\"e\": 123456.789}",
	    "1e+21 1.5e-7 -2.5 0.000001 123456.789");
	one_eq("{{a.b.c}}|{{a.x.c}}|{{#a}}{{b.c}}{{/a}}",
	    "{\"a\": {\"b\": {\"c\": \"deep\"}}}", "deep||deep");
}
END_TEST

START_TEST(test_truthiness)
{
	one_eq("{{#s}}s{{/s}}{{#z}}z{{/z}}{{#o}}o{{/o}}{{#l}}l{{/l}}"
	       "{{#n}}n{{/n}}{{#f}}f{{/f}}{{#m}}m{{/m}}",
	    "{\"s\": \"\", \"z\": 0, \"o\": {}, \"l\": [], \"n\": null, "
	    "\"f\": false}",
	    "szo");
	one_eq("{{^l}}empty{{/l}}{{^s}}no{{/s}}", "{\"l\": [], \"s\": \"\"}",
	    "empty");
	/* A found null stops the search: outer names do not leak in. */
	one_eq("{{#a}}[{{x}}]{{/a}}", "{\"x\": 1, \"a\": {\"x\": null}}", "[]");
}
END_TEST

START_TEST(test_null_context)
{
	one_eq("{{x}}|{{#x}}y{{/x}}|{{^x}}n{{/x}}|{{.}}", NULL, "||n|");
}
END_TEST

START_TEST(test_syntax_errors)
{
	syntax_error(
	    "a\n{{#items}}\nx\n", "t.mustache:2: unclosed section \"items\"");
	syntax_error("{{^x}}", "t.mustache:1: unclosed inverted section \"x\"");
	syntax_error("{{#a}}\n\n{{/b}}",
	    "t.mustache:3: close tag \"b\" does not match section \"a\" "
	    "opened on line 1");
	syntax_error("x\n{{/a}}",
	    "t.mustache:2: close tag \"a\" without an open section");
	syntax_error("x\n\n{{name", "t.mustache:3: unclosed tag");
	syntax_error("{{{name}}", "t.mustache:1: unclosed tag");
	syntax_error("{{=<% =}}", "t.mustache:1: bad delimiters \"<%\"");
	syntax_error("{{=a b c=}}", "t.mustache:1: bad delimiters \"a b c\"");
	syntax_error("{{=a= b=}}", "t.mustache:1: bad delimiters \"a= b\"");
	syntax_error("{{}}", "t.mustache:1: bad tag name \"\"");
	syntax_error("{{a b}}", "t.mustache:1: bad tag name \"a b\"");
	syntax_error("{{a..b}}", "t.mustache:1: bad name \"a..b\"");
	syntax_error("{{#.a}}{{/.a}}", "t.mustache:1: bad name \".a\"");
	syntax_error(
	    "{{>*name}}", "t.mustache:1: dynamic names are not supported");
	syntax_error("{{<p}}\n{{$b}}\n{{/p}}",
	    "t.mustache:3: close tag \"p\" does not match block \"b\" "
	    "opened on line 2");
	/* Lines count across multi-line comments and new delimiters. */
	syntax_error("{{!\n\n}}\n{{=<% %>=}}\n<%#a%>\n<%/b%>",
	    "t.mustache:6: close tag \"b\" does not match section \"a\" "
	    "opened on line 5");
}
END_TEST

START_TEST(test_nesting_limit)
{
	struct rb_buf src;

	rb_buf_init(&src, NULL);
	for (int i = 0; i <= RB_TMPL_MAX_NEST; i++)
		rb_buf_puts(&src, "{{#a}}\n");
	syntax_error(src.data, "t.mustache:101: sections nested too deeply");
	rb_buf_release(&src);
}
END_TEST

START_TEST(test_failed_add_keeps_old)
{
	const struct named pairs[] = {
	    {"t", "old"},
	    {NULL, NULL},
	};
	struct rb_tmpl_set *set = set_of(pairs);
	struct rb_err err;

	ck_assert_int_eq(
	    rb_tmpl_set_add(set, "t", "{{#x}}", 6, NULL, &err), RB_INVALID);
	ck_assert_str_eq(err.msg, "t:1: unclosed section \"x\"");
	render_eq(set, "t", NULL, "old");
	ck_assert_int_eq(
	    rb_tmpl_set_add(set, "t", "new", 3, NULL, &err), RB_OK);
	render_eq(set, "t", NULL, "new");
	rb_tmpl_set_free(set);
}
END_TEST

START_TEST(test_check_missing)
{
	const struct named partial[] = {
	    {"a", "x\n{{#s}}\n  {{>nope}}\n{{/s}}"},
	    {NULL, NULL},
	};
	const struct named parent[] = {
	    {"b", "{{>a}}"},
	    {"c", "\n\n{{<layout}}{{/layout}}"},
	    {"a", ""},
	    {NULL, NULL},
	};
	struct rb_tmpl_set *set = set_of(partial);
	struct rb_err err;

	ck_assert_int_eq(rb_tmpl_set_check(set, &err), RB_INVALID);
	ck_assert_str_eq(err.msg, "a:3: missing partial \"nope\"");
	/* At render time the spec wants nothing instead. */
	render_eq(set, "a", "{\"s\": true}", "x\n");
	rb_tmpl_set_free(set);

	set = set_of(parent);
	ck_assert_int_eq(rb_tmpl_set_check(set, &err), RB_INVALID);
	ck_assert_str_eq(err.msg, "c:3: missing parent \"layout\"");
	ck_assert_int_eq(
	    rb_tmpl_set_add(set, "layout", "L", 1, NULL, &err), RB_OK);
	ck_assert_int_eq(rb_tmpl_set_check(set, &err), RB_OK);
	render_eq(set, "c", NULL, "\n\nL");
	rb_tmpl_set_free(set);
}
END_TEST

/* Rendering name fails with RB_ERROR and leaves out as it was. */
static void
render_fails(const struct rb_tmpl_set *set, const char *name,
    struct json_object *ctx, const char *msg)
{
	struct rb_buf out;
	struct rb_err err;

	rb_buf_init(&out, NULL);
	rb_buf_puts(&out, "kept");
	ck_assert_int_eq(rb_tmpl_render(set, name, ctx, &out, &err), RB_ERROR);
	ck_assert_str_eq(err.msg, msg);
	ck_assert_str_eq(out.data, "kept");
	rb_buf_release(&out);
}

START_TEST(test_recursion_limit)
{
	const struct named pairs[] = {
	    {"self", "x{{>self}}"},
	    {"ping", "\n{{>pong}}"},
	    {"pong", "{{<ping}}{{/ping}}"},
	    {"loop", "{{<p}}{{$a}}{{$a}}x{{/a}}{{/a}}{{/p}}"},
	    {"p", "{{$a}}{{/a}}"},
	    {"tree", "{{name}}({{#kids}}{{>tree}}{{/kids}})"},
	    {NULL, NULL},
	};
	struct rb_tmpl_set *set = set_of(pairs);
	struct json_object *leaky;

	render_fails(set, "self", NULL,
	    "self:1: partials and parents nested deeper than 64");
	render_fails(set, "ping", NULL,
	    "ping:2: partials and parents nested deeper than 64");
	render_fails(set, "loop", NULL, "loop:1: blocks nested deeper than 64");
	/*
	 * Recursion the data ends is fine. Leaves need their own empty
	 * "kids": a missing one resolves in the parent's context, and that
	 * recursion only the limit stops.
	 */
	render_eq(set, "tree",
	    "{\"name\": \"a\", \"kids\": [{\"name\": \"b\", "
	    "\"kids\": [{\"name\": \"c\", \"kids\": []}]}, "
	    "{\"name\": \"d\", \"kids\": []}]}",
	    "a(b(c())d())");
	leaky = json_tokener_parse("{\"name\": \"a\", "
	                           "\"kids\": [{\"name\": \"b\"}]}");
	render_fails(
	    set, "tree", leaky, "tree:1: sections nested deeper than 64");
	json_object_put(leaky);
	rb_tmpl_set_free(set);
}
END_TEST

/* {"a": {"a": ... {"a": false}}}, levels objects deep. */
static struct json_object *
chain(int levels)
{
	struct json_object *o = json_object_new_boolean(0);

	for (int i = 0; i < levels; i++) {
		struct json_object *up = json_object_new_object();

		json_object_object_add(up, "a", o);
		o = up;
	}
	return o;
}

START_TEST(test_context_limit)
{
	const struct named pairs[] = {
	    {"r", "{{#a}}.{{>r}}{{/a}}"},
	    {NULL, NULL},
	};
	struct rb_tmpl_set *set = set_of(pairs);
	struct json_object *ok = chain(40), *deep = chain(70);

	/* 40 levels are fine, 70 are not (64 contexts at most). */
	render_ctx_eq(set, "r", ok, ".......................................");
	render_fails(set, "r", deep, "r:1: sections nested deeper than 64");
	json_object_put(ok);
	json_object_put(deep);
	rb_tmpl_set_free(set);
}
END_TEST

START_TEST(test_unknown_name)
{
	const struct named pairs[] = {
	    {"a", "A"},
	    {NULL, NULL},
	};
	struct rb_tmpl_set *set = set_of(pairs);
	struct rb_buf out;
	struct rb_err err;

	rb_buf_init(&out, NULL);
	ck_assert_int_eq(
	    rb_tmpl_render(set, "b", NULL, &out, &err), RB_DECLINED);
	ck_assert_uint_eq(out.len, 0);
	ck_assert(rb_tmpl_set_has(set, "a"));
	ck_assert(!rb_tmpl_set_has(set, "b"));
	rb_buf_release(&out);
	rb_tmpl_set_free(set);
}
END_TEST

START_TEST(test_many_templates)
{
	struct rb_tmpl_set *set = rb_tmpl_set_new();
	struct rb_err err;
	struct rb_buf want;
	char name[32], src[64];

	/* t0 -> t1 -> ... -> t499 -> (missing) t500: grows the table. */
	rb_buf_init(&want, NULL);
	for (int i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		snprintf(src, sizeof(src), "%d{{>t%d}}", i, i + 1);
		ck_assert_int_eq(
		    rb_tmpl_set_add(set, name, src, strlen(src), NULL, &err),
		    RB_OK);
		if (i >= 440)
			rb_buf_printf(&want, "%d", i);
	}
	render_eq(set, "t440", NULL, want.data);
	rb_buf_release(&want);
	ck_assert_int_eq(rb_tmpl_set_check(set, &err), RB_INVALID);
	ck_assert_str_eq(err.msg, "t499:1: missing partial \"t500\"");
	rb_tmpl_set_free(set);
}
END_TEST

START_TEST(test_indentation)
{
	const struct named pairs[] = {
	    {"page", "<ul>\n  {{#items}}\n  {{>item}}\n  {{/items}}\n</ul>\n"},
	    {"item", "<li>\n\n  {{.}}\n</li>\n"},
	    {NULL, NULL},
	};
	struct rb_tmpl_set *set = set_of(pairs);

	/* Every line of the partial indented, empty lines left empty. */
	render_eq(set, "page", "{\"items\": [\"a\", \"b\"]}",
	    "<ul>\n  <li>\n\n    a\n  </li>\n  <li>\n\n    b\n  </li>\n"
	    "</ul>\n");
	rb_tmpl_set_free(set);
}
END_TEST

START_TEST(test_layout)
{
	const struct named pairs[] = {
	    {"layouts/base",
	        "<html>\n"
	        "<title>{{$title}}Rebound{{/title}}</title>\n"
	        "<body>\n"
	        "  {{>partials/header}}\n"
	        "  <main>\n"
	        "    {{$content}}\n"
	        "    <p>nothing</p>\n"
	        "    {{/content}}\n"
	        "  </main>\n"
	        "</body>\n"
	        "</html>\n"},
	    {"partials/header", "<header>{{user}}</header>\n"},
	    {"shop/home",
	        "{{<layouts/base}}\n"
	        "{{$title}}Home · {{market}}{{/title}}\n"
	        "{{$content}}\n"
	        "<h1>Hi {{user}}</h1>\n"
	        "{{#deals}}\n"
	        "<p>{{.}}</p>\n"
	        "{{/deals}}\n"
	        "{{/content}}\n"
	        "{{/layouts/base}}\n"},
	    {"shop/empty", "{{<layouts/base}}{{/layouts/base}}\n"},
	    {NULL, NULL},
	};
	struct rb_tmpl_set *set = set_of(pairs);
	struct rb_err err;

	ck_assert_int_eq(rb_tmpl_set_check(set, &err), RB_OK);
	render_eq(set, "shop/home",
	    "{\"user\": \"<Ann>\", \"market\": \"UK\", \"deals\": [1, 2]}",
	    "<html>\n"
	    "<title>Home · UK</title>\n"
	    "<body>\n"
	    "  <header>&lt;Ann&gt;</header>\n"
	    "  <main>\n"
	    "    <h1>Hi &lt;Ann&gt;</h1>\n"
	    "    <p>1</p>\n"
	    "    <p>2</p>\n"
	    "  </main>\n"
	    "</body>\n"
	    "</html>\n");
	render_eq(set, "shop/empty", NULL,
	    "<html>\n<title>Rebound</title>\n<body>\n  <header></header>\n"
	    "  <main>\n    <p>nothing</p>\n  </main>\n</body>\n</html>\n");
	rb_tmpl_set_free(set);
}
END_TEST

/* Writes src to root/rel, creating directories on the way. */
static void
write_file(const char *root, const char *rel, const char *src)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *p = path + strlen(root) + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0700);
		*p = '/';
	}
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(src, f);
	fclose(f);
}

static void
remove_files(const char *root, const char *const *rels)
{
	char path[PATH_MAX];

	for (; *rels != NULL; rels++) {
		snprintf(path, sizeof(path), "%s/%s", root, *rels);
		ck_assert_int_eq(remove(path), 0);
	}
}

START_TEST(test_load_dir)
{
	char root[] = "/tmp/rb_tmpl_XXXXXX", bad[PATH_MAX];
	const char *const files[] = {"layouts/base.mustache",
	    "shop/home.mustache", "shop/notes.txt", ".hidden/x.mustache",
	    "shop/deep/er.mustache", "shop/deep", "layouts", "shop", ".hidden",
	    NULL};
	struct rb_tmpl_set *set = rb_tmpl_set_new();
	struct rb_err err;

	ck_assert_ptr_nonnull(mkdtemp(root));
	write_file(root, "layouts/base.mustache", "[{{$body}}{{/body}}]");
	write_file(root, "shop/home.mustache",
	    "{{<layouts/base}}{{$body}}{{>shop/deep/er}}{{/body}}"
	    "{{/layouts/base}}");
	write_file(root, "shop/deep/er.mustache", "{{x}}");
	write_file(root, "shop/notes.txt", "{{#not a template");
	write_file(root, ".hidden/x.mustache", "{{#broken");
	write_file(root, "shop/zz_broken.mustache", "ok\n{{#x}}\n");

	/* The first error names the file and line; the rest loaded. */
	ck_assert_int_eq(rb_tmpl_set_load_dir(set, root, &err), RB_INVALID);
	snprintf(bad, sizeof(bad),
	    "%s/shop/zz_broken.mustache:2: "
	    "unclosed section \"x\"",
	    root);
	ck_assert_str_eq(err.msg, bad);
	remove_files(
	    root, (const char *const[]){"shop/zz_broken.mustache", NULL});
	ck_assert_int_eq(rb_tmpl_set_load_dir(set, root, &err), RB_OK);
	ck_assert(rb_tmpl_set_has(set, "layouts/base"));
	ck_assert(rb_tmpl_set_has(set, "shop/home"));
	ck_assert(rb_tmpl_set_has(set, "shop/deep/er"));
	ck_assert(!rb_tmpl_set_has(set, "shop/notes"));
	ck_assert(!rb_tmpl_set_has(set, ".hidden/x"));
	ck_assert_int_eq(rb_tmpl_set_check(set, &err), RB_OK);
	render_eq(set, "shop/home", "{\"x\": \"<&>\"}", "[&lt;&amp;&gt;]");
	remove_files(root, files);
	ck_assert_int_eq(rmdir(root), 0);

	ck_assert_int_eq(rb_tmpl_set_load_dir(set, root, &err), RB_ERROR);
	ck_assert_ptr_nonnull(strstr(err.msg, root));
	rb_tmpl_set_free(set);
}
END_TEST

static Suite *
tmpl_suite(void)
{
	Suite *s = suite_create("tmpl");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_escape_hostile);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_truthiness);
	tcase_add_test(tc, test_null_context);
	tcase_add_test(tc, test_syntax_errors);
	tcase_add_test(tc, test_nesting_limit);
	tcase_add_test(tc, test_failed_add_keeps_old);
	tcase_add_test(tc, test_check_missing);
	tcase_add_test(tc, test_recursion_limit);
	tcase_add_test(tc, test_context_limit);
	tcase_add_test(tc, test_unknown_name);
	tcase_add_test(tc, test_many_templates);
	tcase_add_test(tc, test_indentation);
	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_load_dir);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(tmpl_suite());
}
