/*
 * Translation (app/tmpl/i18n.c): reading .po files, replacing
 * {{#_}}...{{/_}} at load time, and the completeness test: every text
 * marked in the real templates/ and every N_("...") text of app/ (which
 * rb_tr looks up at run time) has a translation in every po file, and
 * every translated set still compiles and passes rb_tmpl_set_check. Add a
 * marked string without translating it and this test fails.
 */
#include "check_run.h"

#include <ctype.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/buf.h"
#include "core/err.h"
#include "tmpl/tmpl.h"

#ifndef REBOUND_SRCDIR
#define REBOUND_SRCDIR "."
#endif

/* Every language with a catalog; en-US is the source and has none. */
static const char *const languages[] = {"en_GB", "fr", "de", "es"};

static struct rb_catalog *
po_of(const char *text)
{
	struct rb_catalog *c = NULL;
	struct rb_err err;
	int rc = rb_catalog_parse_po(text, strlen(text), "t.po", &c, &err);

	ck_assert_msg(rc == RB_OK, "%s", err.msg);
	return c;
}

static void
po_fails(const char *text, const char *msg)
{
	struct rb_catalog *c = (struct rb_catalog *)1;
	struct rb_err err;

	ck_assert_int_eq(
	    rb_catalog_parse_po(text, strlen(text), "t.po", &c, &err),
	    RB_INVALID);
	ck_assert_ptr_null(c);
	ck_assert_str_eq(err.msg, msg);
}

static void
get_eq(const struct rb_catalog *c, const char *id, const char *want)
{
	size_t n = 0;
	const char *s = rb_catalog_get(c, id, strlen(id), &n);

	if (want == NULL) {
		ck_assert_msg(s == NULL, "%s: got \"%s\"", id, s);
		return;
	}
	ck_assert_msg(s != NULL, "%s: no translation", id);
	ck_assert_str_eq(s, want);
	ck_assert_uint_eq(n, strlen(want));
}

START_TEST(test_po_parse)
{
	struct rb_catalog *c =
	    po_of("# a comment\n"
	          "msgid \"\"\n"
	          "msgstr \"\"\n"
	          "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	          "\n"
	          "#: templates/a.mustache:1\n"
	          "msgid \"Sign in\"\n"
	          "msgstr \"Se connecter\"\n"
	          "\n"
	          "msgid \"\"\n"
	          "\"two \\\"lines\\\"\\n\"\n"
	          "\"and a \\\\ tab\\t\"\n"
	          "msgstr \"\"\n"
	          "\"deux \\\"lignes\\\"\\n\"\n"
	          "\"et \\\\ tab\\t\"\n"
	          "\n"
	          "#, fuzzy\n"
	          "msgid \"Sign out\"\n"
	          "msgstr \"Se déconnecter\"\n"
	          "\n"
	          "#, c-format, fuzzy\n"
	          "msgid \"Fuzzy too\"\n"
	          "msgstr \"Flou\"\n"
	          "\n"
	          "msgid \"Untranslated\"\n"
	          "msgstr \"\"\n"
	          "\n"
	          "msgctxt \"menu\"\n"
	          "msgid \"Open\"\n"
	          "msgstr \"Ouvrir\"\n"
	          "\n"
	          "msgid \"One\"\n"
	          "msgid_plural \"Many\"\n"
	          "msgstr[0] \"Un\"\n"
	          "msgstr[1] \"Plusieurs\"\n"
	          "\n"
	          "#~ msgid \"Old\"\n"
	          "#~ msgstr \"Vieux\"\n"
	          "msgid \"Last\"   \r\n"
	          "msgstr \"Dernier\"");

	ck_assert_uint_eq(rb_catalog_count(c), 3);
	get_eq(c, "Sign in", "Se connecter");
	get_eq(
	    c, "two \"lines\"\nand a \\ tab\t", "deux \"lignes\"\net \\ tab\t");
	get_eq(c, "Sign out", NULL);
	get_eq(c, "Fuzzy too", NULL);
	get_eq(c, "Untranslated", NULL);
	get_eq(c, "Open", NULL);
	get_eq(c, "One", NULL);
	get_eq(c, "Old", NULL);
	get_eq(c, "", NULL);
	get_eq(c, "Last", "Dernier");
	get_eq(c, "Sign", NULL);
	ck_assert_ptr_null(rb_catalog_get(NULL, "x", 1, NULL));
	rb_catalog_free(c);
	rb_catalog_free(NULL);
}
END_TEST

START_TEST(test_po_errors)
{
	po_fails("msgid \"a\"\nmsgstr \"b\"\nmsgid \"a\"\nmsgstr \"c\"\n",
	    "t.po:3: duplicate msgid");
	po_fails("msgid \"a\nmsgstr \"b\"\n", "t.po:1: unterminated string");
	po_fails(
	    "msgid \"a\"\nmsgstr \"b\\q\"\n", "t.po:2: unknown escape \"\\q\"");
	po_fails("\n\nmsgstr \"b\"\n", "t.po:3: msgstr without msgid");
	po_fails("msgid \"a\"\n\n\"b\"\n", "t.po:3: string outside an entry");
	po_fails(
	    "msgid \"a\"\nmsgstr \"b\" x\n", "t.po:2: text after the string");
	po_fails("msgid \"a\"\nmsgid \"b\"\n",
	    "t.po:2: msgid without msgstr before it");
	po_fails("msgid \"a\"\nmsgstr \"b\"\nmsgstr \"c\"\n",
	    "t.po:3: a second msgstr");
	po_fails("msgid \"a\"\n", "t.po:1: msgid without msgstr");
	po_fails("msgid \"a\"\nmsgstr \"b\"\nbogus\n",
	    "t.po:3: unexpected \"bogus\"");
}
END_TEST

START_TEST(test_po_file)
{
	struct rb_catalog *c = (struct rb_catalog *)1;
	struct rb_err err;

	ck_assert_int_eq(
	    rb_catalog_load_po("/nonexistent/x.po", &c, &err), RB_ERROR);
	ck_assert_ptr_null(c);
	ck_assert(strstr(err.msg, "/nonexistent/x.po") != NULL);
	ck_assert_int_eq(
	    rb_catalog_load_po(REBOUND_SRCDIR "/po/fr.po", &c, &err), RB_OK);
	get_eq(c, "Sign in", "Se connecter");
	rb_catalog_free(c);
}
END_TEST

/* Translates src through the catalog text po (NULL: no catalog). */
static void
translate_eq(const char *po, const char *src, const char *want)
{
	struct rb_catalog *c = po ? po_of(po) : NULL;
	struct rb_buf out;
	struct rb_err err;
	int rc;

	rb_buf_init(&out, NULL);
	rc = rb_tmpl_translate(src, strlen(src), "t.mustache", c, &out, &err);
	ck_assert_msg(rc == RB_OK, "%s", err.msg);
	ck_assert_str_eq(out.data, want);
	rb_buf_release(&out);
	rb_catalog_free(c);
}

static void
translate_fails(const char *src, const char *msg)
{
	struct rb_buf out;
	struct rb_err err;

	rb_buf_init(&out, NULL);
	rb_buf_puts(&out, "kept");
	ck_assert_int_eq(
	    rb_tmpl_translate(src, strlen(src), "t.mustache", NULL, &out, &err),
	    RB_INVALID);
	ck_assert_str_eq(err.msg, msg);
	ck_assert_str_eq(out.data, "kept");
	rb_buf_release(&out);
}

static const char fr_po[] = "msgid \"Shopping in {{market.name}}\"\n"
                            "msgstr \"Acheter en {{market.name}}\"\n"
                            "msgid \"Sign in\"\n"
                            "msgstr \"Se connecter\"\n"
                            "msgid \"a\\nb\"\n"
                            "msgstr \"x\\ny\\nz\"\n";

START_TEST(test_translate)
{
	/* Placeholders survive; untranslated text falls back to itself. */
	translate_eq(fr_po, "<h2>{{#_}}Shopping in {{market.name}}{{/_}}</h2>",
	    "<h2>Acheter en {{market.name}}</h2>");
	translate_eq(fr_po, "<p>{{#_}}Not in the catalog{{/_}}</p>",
	    "<p>Not in the catalog</p>");
	translate_eq(NULL, "<h1>{{#_}}Sign in{{/_}}</h1>", "<h1>Sign in</h1>");
	/* Blanks in the tag, inside sections, attributes, many per line. */
	translate_eq(fr_po,
	    "{{#user}}<a title=\"{{# _ }}Sign in{{/ _ }}\">{{#_}}Sign "
	    "in{{/_}}</a>{{/user}}",
	    "{{#user}}<a title=\"Se connecter\">Se connecter</a>{{/user}}");
	/* After a set-delimiter tag. */
	translate_eq(fr_po, "{{=<% %>=}}<%#_%>Sign in<%/_%> <%x%>",
	    "{{=<% %>=}}Se connecter <%x%>");
	/* Multi-line text. */
	translate_eq(fr_po, "1\n{{#_}}a\nb{{/_}}\n2", "1\nx\ny\nz\n2");
	/* A section inside marked text is part of the msgid. */
	translate_eq(NULL, "{{#_}}a{{#b}}c{{/b}}d{{/_}}", "a{{#b}}c{{/b}}d");
	translate_eq(NULL, "no markers {{x}}", "no markers {{x}}");

	translate_fails("x\n{{#_}}a {{#_}}b{{/_}} c{{/_}}",
	    "t.mustache:2: translation marker inside translated text "
	    "(opened on line 2)");
	translate_fails("{{#_}}a\n{{=<% %>=}}<%/_%>",
	    "t.mustache:2: set-delimiter tag inside translated text");
	translate_fails("{{#_}}{{/_}}", "t.mustache:1: empty translated text");
	translate_fails("{{^_}}a{{/_}}",
	    "t.mustache:1: a translation marker is written {{#_}}...{{/_}}");
	translate_fails("\n\n{{#_}}a", "t.mustache:3: unclosed section \"_\"");
}
END_TEST

/* Renders name of set with data, compared with want. */
static void
render_eq(const struct rb_tmpl_set *set, const char *name, const char *data,
    const char *want)
{
	struct json_object *ctx = json_tokener_parse(data);
	struct rb_buf out;
	struct rb_err err;

	rb_buf_init(&out, NULL);
	ck_assert_int_eq(rb_tmpl_render(set, name, ctx, &out, &err), RB_OK);
	ck_assert_str_eq(out.data, want);
	rb_buf_release(&out);
	json_object_put(ctx);
}

START_TEST(test_load_dir_lang)
{
	char dir[] = "/tmp/check_i18n.XXXXXX", path[64];
	struct rb_catalog *c = po_of(fr_po);
	struct rb_tmpl_set *en = rb_tmpl_set_new(), *fr = rb_tmpl_set_new();
	struct rb_err err;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/p.mustache", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("{{#_}}Shopping in {{market.name}}{{/_}}\n{{#ok}}{{#_}}Sign "
	      "in{{/_}}{{/ok}}\n",
	    f);
	fclose(f);
	ck_assert_int_eq(rb_tmpl_set_load_dir(en, dir, &err), RB_OK);
	ck_assert_int_eq(rb_tmpl_set_load_dir_lang(fr, dir, c, &err), RB_OK);
	render_eq(en, "p", "{\"market\":{\"name\":\"France\"},\"ok\":true}",
	    "Shopping in France\nSign in\n");
	render_eq(fr, "p", "{\"market\":{\"name\":\"France\"},\"ok\":true}",
	    "Acheter en France\nSe connecter\n");

	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("\n{{#_}}a {{#_}}b{{/_}}{{/_}}\n", f);
	fclose(f);
	ck_assert_int_eq(
	    rb_tmpl_set_load_dir_lang(fr, dir, c, &err), RB_INVALID);
	ck_assert_msg(strstr(err.msg,
	                  "p.mustache:2: translation marker "
	                  "inside translated text") != NULL,
	    "%s", err.msg);
	unlink(path);
	rmdir(dir);
	rb_tmpl_set_free(en);
	rb_tmpl_set_free(fr);
	rb_catalog_free(c);
}
END_TEST

/* The completeness test: templates/ against po/. */

struct scan {
	const struct rb_catalog *cat;
	const char *lang, *file;
	int checked, missing;
	char first[512]; /* the first problem, for the failure message */
};

static struct scan *scan_state; /* nftw passes no argument */

static int
check_msgid(void *arg, const char *msgid, size_t len, unsigned line)
{
	struct scan *s = arg;

	s->checked++;
	if (rb_catalog_get(s->cat, msgid, len, NULL) == NULL) {
		if (s->missing++ == 0)
			snprintf(s->first, sizeof(s->first),
			    "po/%s.po has no translation of \"%.*s\" "
			    "(%s:%u)",
			    s->lang, (int)(len > 200 ? 200 : len), msgid,
			    s->file, line);
	}
	return RB_OK;
}

/* The whole file at path into src (malloc-backed; release it). */
static void
slurp(const char *path, struct rb_buf *src)
{
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	rb_buf_init(src, NULL);
	ck_assert_msg(f != NULL, "cannot read %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rb_buf_append(src, chunk, n);
	fclose(f);
}

static int
scan_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct scan *s = scan_state;
	struct rb_buf src;
	struct rb_err err;
	size_t plen = strlen(path);
	int rc;

	(void)st;
	(void)ftw;
	if (type != FTW_F || plen < 9 ||
	    strcmp(path + plen - 9, ".mustache") != 0)
		return 0;
	slurp(path, &src);
	s->file = path;
	rc = rb_tmpl_each_msgid(src.data, src.len, path, check_msgid, s, &err);
	ck_assert_msg(rc == RB_OK, "%s", err.msg);
	rb_buf_release(&src);
	return 0;
}

START_TEST(test_every_language_complete)
{
	const char *lang = languages[_i];
	char path[512];
	struct rb_catalog *c = NULL;
	struct rb_tmpl_set *set = rb_tmpl_set_new();
	struct scan s = {0};
	struct rb_err err;

	snprintf(path, sizeof(path), "%s/po/%s.po", REBOUND_SRCDIR, lang);
	ck_assert_msg(
	    rb_catalog_load_po(path, &c, &err) == RB_OK, "%s", err.msg);
	s.cat = c;
	s.lang = lang;
	scan_state = &s;
	ck_assert_int_eq(
	    nftw(REBOUND_SRCDIR "/templates", scan_file, 16, FTW_PHYS), 0);
	ck_assert_msg(
	    s.checked > 100, "only %d marked texts in templates/", s.checked);
	ck_assert_msg(
	    s.missing == 0, "%d untranslated; first: %s", s.missing, s.first);

	ck_assert_msg(rb_tmpl_set_load_dir_lang(
	                  set, REBOUND_SRCDIR "/templates", c, &err) == RB_OK,
	    "%s: %s", lang, err.msg);
	ck_assert_msg(
	    rb_tmpl_set_check(set, &err) == RB_OK, "%s: %s", lang, err.msg);
	rb_tmpl_set_free(set);
	rb_catalog_free(c);
}
END_TEST

/*
 * The N_("...") texts of app/, found as tools/i18n-extract finds them:
 * comments and other literals skipped, adjacent literals concatenated,
 * \n \t \r \" \\ \' \? decoded (any other escape in N_ fails: the
 * extractor refuses it too), N_(non-literal) ignored (#define N_(s)).
 */
typedef int (*msgid_fn)(
    void *arg, const char *msgid, size_t len, unsigned line);

/* Blanks, newlines, line splices and comments from p. */
static const char *
c_skip(const char *p, const char *end, unsigned *line)
{
	while (p < end) {
		if (*p == '\n') {
			++*line;
			p++;
		} else if (*p == ' ' || *p == '\t' || *p == '\r' ||
		    *p == '\f' || *p == '\v')
			p++;
		else if (*p == '\\' && p + 1 < end && p[1] == '\n') {
			++*line;
			p += 2;
		} else if (*p == '/' && p + 1 < end && p[1] == '*') {
			for (p += 2; p < end &&
			     !(*p == '*' && p + 1 < end && p[1] == '/');
			     p++)
				if (*p == '\n')
					++*line;
			p = p < end ? p + 2 : end;
		} else if (*p == '/' && p + 1 < end && p[1] == '/') {
			while (p < end && *p != '\n')
				p++;
		} else
			break;
	}
	return p;
}

/* The literal at p (its quote *p), decoded into out (NULL: skipped);
 * *bad set on an escape not decoded. Returns its end, NULL if
 * unterminated. */
static const char *
c_literal(const char *p, const char *end, unsigned *line, struct rb_buf *out,
    int *bad)
{
	char q = *p++, c;

	while (p < end && *p != q) {
		if ((c = *p++) == '\n')
			return NULL;
		if (c == '\\') {
			if (p == end)
				return NULL;
			c = *p++;
			if (c == '\n') {
				++*line;
				continue;
			}
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c == 'r')
				c = '\r';
			else if (c == '\0' || strchr("\"\\'?", c) == NULL) {
				*bad = 1;
				continue;
			}
		}
		if (out != NULL)
			rb_buf_putc(out, c);
	}
	return p < end ? p + 1 : NULL;
}

/* After an N_ token: ( "..." ["..." ...] ) gives a msgid to fn. */
static const char *
c_marker(const char *p, const char *end, const char *file, unsigned *line,
    msgid_fn fn, void *arg)
{
	unsigned at = *line;
	struct rb_buf id;
	int n = 0, bad = 0;

	p = c_skip(p, end, line);
	if (p == end || *p != '(')
		return p;
	p = c_skip(p + 1, end, line);
	rb_buf_init(&id, NULL);
	while (p < end && *p == '"') {
		p = c_literal(p, end, line, &id, &bad);
		ck_assert_msg(
		    p != NULL, "%s:%u: unterminated literal", file, *line);
		n++;
		p = c_skip(p, end, line);
	}
	if (n > 0 && p < end && *p == ')') {
		ck_assert_msg(!bad,
		    "%s:%u: N_ with an escape tools/i18n-extract "
		    "does not decode",
		    file, at);
		ck_assert_msg(id.len > 0, "%s:%u: empty N_(\"\")", file, at);
		fn(arg, id.data, id.len, at);
	}
	rb_buf_release(&id);
	return p;
}

static void
c_each_msgid(
    const char *src, size_t len, const char *file, msgid_fn fn, void *arg)
{
	const char *p = src, *end = src + len, *s;
	unsigned line = 1;
	int bad = 0;

	while ((p = c_skip(p, end, &line)) < end) {
		if (*p == '"' || *p == '\'') {
			p = c_literal(p, end, &line, NULL, &bad);
			ck_assert_msg(p != NULL, "%s:%u: unterminated literal",
			    file, line);
		} else if (isalpha((unsigned char)*p) || *p == '_') {
			for (s = p; p < end &&
			     (isalnum((unsigned char)*p) || *p == '_');
			     p++)
				;
			if (p - s == 2 && s[0] == 'N' && s[1] == '_')
				p = c_marker(p, end, file, &line, fn, arg);
		} else
			p++;
	}
}

static int
collect_msgid(void *arg, const char *msgid, size_t len, unsigned line)
{
	rb_buf_printf(arg, "%u:%.*s|", line, (int)len, msgid);
	return RB_OK;
}

START_TEST(test_c_scan)
{
	static const char src[] =
	    "/* N_(\"in a comment\") */\n"
	    "// N_(\"in a line comment\")\n"
	    "#define N_(s) (s)\n"
	    "const char *s = \"N_(\\\"in a string\\\")\", c = '\"', d = "
	    "'\\'';\n"
	    "x = N_(\"one \" \"two\\n\"\n"
	    "    /* c */ \"th\\\"ree\\\\ \\t\");\n"
	    "y = XN_(\"not\") + N_ ( \"spaced\" ) + N_(var) + \"\\033\";\n"
	    "z = f(N_(\"Yes\"), N_(\"Yes\"));\n";
	struct rb_buf out;

	rb_buf_init(&out, NULL);
	c_each_msgid(src, sizeof(src) - 1, "t.c", collect_msgid, &out);
	ck_assert_str_eq(
	    out.data, "5:one two\nth\"ree\\ \t|7:spaced|8:Yes|8:Yes|");
	rb_buf_release(&out);
}
END_TEST

static int
scan_c_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct scan *s = scan_state;
	struct rb_buf src;
	size_t plen = strlen(path);

	(void)st;
	(void)ftw;
	if (type != FTW_F || plen < 2 ||
	    (strcmp(path + plen - 2, ".c") != 0 &&
	        strcmp(path + plen - 2, ".h") != 0))
		return 0;
	slurp(path, &src);
	s->file = path;
	c_each_msgid(src.data, src.len, path, check_msgid, s);
	rb_buf_release(&src);
	return 0;
}

/* Every N_ text of app/ in every language: rb_tr falls back to English
 * silently, so only this test notices a missing translation. */
START_TEST(test_every_language_has_c_texts)
{
	const char *lang = languages[_i];
	char path[512];
	struct rb_catalog *c = NULL;
	struct scan s = {0};
	struct rb_err err;

	snprintf(path, sizeof(path), "%s/po/%s.po", REBOUND_SRCDIR, lang);
	ck_assert_msg(
	    rb_catalog_load_po(path, &c, &err) == RB_OK, "%s", err.msg);
	s.cat = c;
	s.lang = lang;
	scan_state = &s;
	ck_assert_int_eq(
	    nftw(REBOUND_SRCDIR "/app", scan_c_file, 16, FTW_PHYS), 0);
	ck_assert_msg(s.checked >= 10, "only %d N_ texts in app/", s.checked);
	ck_assert_msg(
	    s.missing == 0, "%d untranslated; first: %s", s.missing, s.first);
	rb_catalog_free(c);
}
END_TEST

/* The source language: markers vanish, nothing else changes. */
START_TEST(test_source_language)
{
	struct rb_tmpl_set *set = rb_tmpl_set_new();
	struct rb_err err;
	struct rb_buf out;

	ck_assert_msg(rb_tmpl_set_load_dir(
	                  set, REBOUND_SRCDIR "/templates", &err) == RB_OK,
	    "%s", err.msg);
	ck_assert_msg(rb_tmpl_set_check(set, &err) == RB_OK, "%s", err.msg);
	rb_buf_init(&out, NULL);
	ck_assert_int_eq(
	    rb_tmpl_render(set, "shop/login", NULL, &out, &err), RB_OK);
	ck_assert(strstr(out.data, "<h1>Sign in</h1>") != NULL);
	ck_assert(strstr(out.data, "{{") == NULL);
	rb_buf_release(&out);
	rb_tmpl_set_free(set);
}
END_TEST

/* A German page really comes out in German. */
START_TEST(test_german_page)
{
	struct rb_tmpl_set *set = rb_tmpl_set_new();
	struct rb_catalog *c = NULL;
	struct rb_err err;

	ck_assert_int_eq(
	    rb_catalog_load_po(REBOUND_SRCDIR "/po/de.po", &c, &err), RB_OK);
	ck_assert_int_eq(rb_tmpl_set_load_dir_lang(
	                     set, REBOUND_SRCDIR "/templates", c, &err),
	    RB_OK);
	render_eq(set, "partials/market_switcher",
	    "{\"market\":{\"name\":\"Deutschland\",\"currency\":\"EUR\"}}",
	    "<details class=\"market-switcher\">\n"
	    "  <summary><span class=\"visually-hidden\">Land: </span>"
	    "Deutschland <span class=\"currency\">EUR</span></summary>\n"
	    "  <nav aria-label=\"Wählen Sie Ihr Land\">\n"
	    "    <ul>\n"
	    "    </ul>\n"
	    "  </nav>\n"
	    "</details>\n");
	rb_tmpl_set_free(set);
	rb_catalog_free(c);
}
END_TEST

static Suite *
i18n_suite(void)
{
	Suite *s = suite_create("i18n");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_po_parse);
	tcase_add_test(tc, test_po_errors);
	tcase_add_test(tc, test_po_file);
	tcase_add_test(tc, test_translate);
	tcase_add_test(tc, test_load_dir_lang);
	tcase_add_loop_test(tc, test_every_language_complete, 0,
	    (int)(sizeof(languages) / sizeof(languages[0])));
	tcase_add_test(tc, test_c_scan);
	tcase_add_loop_test(tc, test_every_language_has_c_texts, 0,
	    (int)(sizeof(languages) / sizeof(languages[0])));
	tcase_add_test(tc, test_source_language);
	tcase_add_test(tc, test_german_page);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return rb_check_run(i18n_suite());
}
