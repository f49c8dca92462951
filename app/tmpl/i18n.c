/*
 * Translation at load time: gettext catalogs (.po files, read directly:
 * no libintl, no .mo files, no locale setup in the worker) and the pass
 * that replaces every {{#_}}...{{/_}} in a template's source by its
 * translation before the template is compiled. Rendering never sees a
 * marker, so a translated set renders exactly as fast as an English one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/mem.h"
#include "tmpl/lex.h"
#include "tmpl/tmpl.h"

/* Largest .po file read; ours are a few tens of kilobytes. */
#define PO_MAX_FILE (16 << 20)

struct entry {
	char *id, *str;
	size_t id_len, str_len;
	unsigned line; /* of its msgid, for duplicate errors */
};

struct rb_catalog {
	struct entry *v; /* sorted by id (bytes, then length) */
	size_t n, cap;
};

/* The entry being read. */
struct po_entry {
	struct rb_buf id, str;
	bool has_id, has_str, fuzzy, ctx, plural;
	unsigned line;
	struct rb_buf *field; /* where continuation lines go, or NULL */
};

static int
cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return cmp_bytes(x->id, x->id_len, y->id, y->id_len);
}

static void
entry_reset(struct po_entry *e)
{
	rb_buf_reset(&e->id);
	rb_buf_reset(&e->str);
	e->has_id = e->has_str = e->fuzzy = e->ctx = e->plural = false;
	e->field = NULL;
}

/*
 * Keeps the entry just read if it is a usable translation: not the
 * header, not fuzzy, not plural or in a context, msgstr not empty.
 */
static void
entry_finish(struct rb_catalog *c, struct po_entry *e)
{
	struct entry *n;

	if (e->has_id && e->has_str && !e->fuzzy && !e->ctx && !e->plural &&
	    e->id.len > 0 && e->str.len > 0) {
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 64;
			c->v = rb_xrealloc(c->v, c->cap * sizeof(*c->v));
		}
		n = &c->v[c->n++];
		n->id = rb_xmalloc(e->id.len + 1);
		memcpy(n->id, e->id.data, e->id.len + 1);
		n->id_len = e->id.len;
		n->str = rb_xmalloc(e->str.len + 1);
		memcpy(n->str, e->str.data, e->str.len + 1);
		n->str_len = e->str.len;
		n->line = e->line;
	}
	entry_reset(e);
}

/*
 * Appends the C-style string literal at s (just after optional blanks) to
 * out; anything but blanks after the closing quote is an error.
 */
static int
po_string(const char *s, size_t n, struct rb_buf *out, const char *path,
    unsigned line, struct rb_err *err)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n || s[i] != '"')
		return rb_err_set(
		    err, RB_INVALID, "%s:%u: expected a string", path, line);
	for (i++; i < n && s[i] != '"'; i++) {
		char c = s[i];

		if (c == '\\') {
			if (++i == n)
				break;
			switch (s[i]) {
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case 'r':
				c = '\r';
				break;
			case '"':
				c = '"';
				break;
			case '\\':
				c = '\\';
				break;
			default:
				return rb_err_set(err, RB_INVALID,
				    "%s:%u: unknown escape \"\\%c\"", path,
				    line, s[i]);
			}
		}
		rb_buf_putc(out, c);
	}
	if (i >= n)
		return rb_err_set(
		    err, RB_INVALID, "%s:%u: unterminated string", path, line);
	for (i++; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return rb_err_set(err, RB_INVALID,
			    "%s:%u: text after the string", path, line);
	return RB_OK;
}

/* True when line starts with the keyword kw followed by a blank. */
static bool
keyword(const char *s, size_t n, const char *kw, size_t *after)
{
	size_t k = strlen(kw);

	if (n > k && memcmp(s, kw, k) == 0 && (s[k] == ' ' || s[k] == '\t')) {
		*after = k;
		return true;
	}
	return false;
}

/* One line of a .po file (without its newline). */
static int
po_line(struct rb_catalog *c, struct po_entry *e, const char *s, size_t n,
    const char *path, unsigned line, struct rb_err *err)
{
	size_t k;
	const char *p;

	while (
	    n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n > 0 && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		n--;
	}
	if (n == 0) {
		e->field = NULL;
		return RB_OK;
	}
	if (s[0] == '#') {
		/* A comment belongs to the next entry: close this one. */
		if (e->has_str)
			entry_finish(c, e);
		e->field = NULL;
		if (n >= 2 && s[1] == ',') {
			for (p = s + 2; p + 5 <= s + n; p++)
				if (memcmp(p, "fuzzy", 5) == 0)
					e->fuzzy = true;
		}
		return RB_OK;
	}
	if (s[0] == '"') {
		if (e->field == NULL)
			return rb_err_set(err, RB_INVALID,
			    "%s:%u: string outside an entry", path, line);
		return po_string(s, n, e->field, path, line, err);
	}
	if (keyword(s, n, "msgctxt", &k)) {
		if (e->has_str)
			entry_finish(c, e);
		if (e->has_id)
			return rb_err_set(err, RB_INVALID,
			    "%s:%u: msgctxt after msgid", path, line);
		e->ctx = true;
		e->field = &e->str; /* a scratch place: contexts are unused */
		rb_buf_reset(&e->str);
		return po_string(s + k, n - k, e->field, path, line, err);
	}
	if (keyword(s, n, "msgid", &k)) {
		if (e->has_str)
			entry_finish(c, e);
		if (e->has_id)
			return rb_err_set(err, RB_INVALID,
			    "%s:%u: msgid without msgstr before it", path,
			    line);
		rb_buf_reset(&e->str);
		e->has_id = true;
		e->line = line;
		e->field = &e->id;
		return po_string(s + k, n - k, e->field, path, line, err);
	}
	if (keyword(s, n, "msgid_plural", &k)) {
		if (!e->has_id || e->has_str)
			return rb_err_set(err, RB_INVALID,
			    "%s:%u: msgid_plural without msgid", path, line);
		e->plural = true;
		e->field = &e->str; /* scratch; plural entries are skipped */
		return po_string(s + k, n - k, e->field, path, line, err);
	}
	if (n > 6 && memcmp(s, "msgstr", 6) == 0) {
		k = 6;
		if (s[k] == '[') {
			while (k < n && s[k] != ']')
				k++;
			if (k == n)
				return rb_err_set(err, RB_INVALID,
				    "%s:%u: bad msgstr[]", path, line);
			k++;
			e->plural = true;
		}
		if (!e->has_id)
			return rb_err_set(err, RB_INVALID,
			    "%s:%u: msgstr without msgid", path, line);
		if (e->has_str && !e->plural)
			return rb_err_set(err, RB_INVALID,
			    "%s:%u: a second msgstr", path, line);
		if (!e->has_str)
			rb_buf_reset(&e->str);
		e->has_str = true;
		e->field = &e->str;
		if (k == n || (s[k] != ' ' && s[k] != '\t' && s[k] != '"'))
			return rb_err_set(err, RB_INVALID,
			    "%s:%u: expected a string", path, line);
		return po_string(s + k, n - k, e->field, path, line, err);
	}
	return rb_err_set(err, RB_INVALID, "%s:%u: unexpected \"%.*s\"", path,
	    line, (int)(n > 40 ? 40 : n), s);
}

int
rb_catalog_parse_po(const char *src, size_t len, const char *path,
    struct rb_catalog **out, struct rb_err *err)
{
	struct rb_catalog *c = rb_xcalloc(1, sizeof(*c));
	struct po_entry e;
	const char *p = src, *end = src + len, *nl;
	unsigned line = 0;
	int rc = RB_INVALID;

	memset(&e, 0, sizeof(e));
	rb_buf_init(&e.id, NULL);
	rb_buf_init(&e.str, NULL);
	*out = NULL;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		line++;
		if (memchr(p, '\0', (size_t)(nl - p)) != NULL) {
			rb_err_set(
			    err, RB_INVALID, "%s:%u: NUL byte", path, line);
			goto out;
		}
		if (po_line(c, &e, p, (size_t)(nl - p), path, line, err) !=
		    RB_OK)
			goto out;
		p = nl + 1;
	}
	if (e.has_id && !e.has_str) {
		rb_err_set(err, RB_INVALID, "%s:%u: msgid without msgstr", path,
		    e.line);
		goto out;
	}
	entry_finish(c, &e);
	if (c->n > 0)
		qsort(c->v, c->n, sizeof(*c->v), cmp_entry);
	for (size_t i = 1; i < c->n; i++)
		if (cmp_entry(&c->v[i - 1], &c->v[i]) == 0) {
			unsigned l = c->v[i].line > c->v[i - 1].line
			    ? c->v[i].line
			    : c->v[i - 1].line;

			rb_err_set(
			    err, RB_INVALID, "%s:%u: duplicate msgid", path, l);
			goto out;
		}
	*out = c;
	c = NULL;
	rc = RB_OK;
out:
	rb_buf_release(&e.id);
	rb_buf_release(&e.str);
	rb_catalog_free(c);
	return rc;
}

int
rb_catalog_load_po(
    const char *path, struct rb_catalog **out, struct rb_err *err)
{
	struct rb_buf buf;
	struct stat st;
	int fd, rc = RB_ERROR;

	*out = NULL;
	rb_buf_init(&buf, NULL);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0) {
		rb_err_set(
		    err, RB_ERROR, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	for (;;) {
		ssize_t n;

		rb_buf_grow(&buf, 4096);
		n = read(fd, buf.data + buf.len, buf.cap - buf.len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rb_err_set(err, RB_ERROR, "cannot read %s: %s", path,
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		buf.len += (size_t)n;
		if (buf.len > PO_MAX_FILE) {
			rb_err_set(err, RB_ERROR, "%s: larger than %d bytes",
			    path, PO_MAX_FILE);
			goto out;
		}
	}
	buf.data[buf.len] = '\0';
	rc = rb_catalog_parse_po(buf.data, buf.len, path, out, err);
out:
	if (fd >= 0)
		close(fd);
	rb_buf_release(&buf);
	return rc;
}

void
rb_catalog_free(struct rb_catalog *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].id);
		free(c->v[i].str);
	}
	free(c->v);
	free(c);
}

size_t
rb_catalog_count(const struct rb_catalog *c)
{
	return c ? c->n : 0;
}

const char *
rb_catalog_get(
    const struct rb_catalog *c, const char *msgid, size_t len, size_t *out_len)
{
	size_t lo = 0, hi;

	if (c == NULL)
		return NULL;
	hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = cmp_bytes(msgid, len, c->v[mid].id, c->v[mid].id_len);

		if (r == 0) {
			if (out_len != NULL)
				*out_len = c->v[mid].str_len;
			return c->v[mid].str;
		}
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static bool
is_marker(const struct rb_tmpl_tok *t)
{
	return (t->kind == RB_TOK_SECTION || t->kind == RB_TOK_INVERTED ||
	           t->kind == RB_TOK_CLOSE) &&
	    t->name.len == 1 && t->name.ptr[0] == '_';
}

/*
 * Walks the markers of src: for each, calls fn with the bytes before it
 * (from the end of the previous marker) and the marked text. The lexer
 * does the cutting, so set-delimiter tags and sections are understood
 * exactly as the compiler will understand them.
 */
struct walk {
	int (*fn)(struct walk *w, const char *before, size_t blen,
	    const char *text, size_t tlen, unsigned line);
	void *arg;
	const struct rb_catalog *cat;
	struct rb_buf *out;
	int (*user)(void *arg, const char *msgid, size_t len, unsigned line);
};

static int
walk_markers(const char *src, size_t len, const char *filename, struct walk *w,
    struct rb_err *err)
{
	struct rb_tmpl_toks toks = {0};
	size_t pos = 0, i, j, k;
	int rc;

	if ((rc = rb_tmpl_lex(src, len, filename, &toks, err)) != RB_OK ||
	    (rc = rb_tmpl_pair(&toks, filename, err)) != RB_OK)
		goto out;
	for (i = 0; i < toks.n; i++) {
		struct rb_tmpl_tok *o = &toks.v[i], *c;

		if (!is_marker(o))
			continue;
		if (o->kind != RB_TOK_SECTION) {
			rc = rb_err_set(err, RB_INVALID,
			    "%s:%u: a translation marker is written "
			    "{{#_}}...{{/_}}",
			    filename, o->line);
			goto out;
		}
		j = o->match;
		for (k = i + 1; k < j; k++) {
			if (is_marker(&toks.v[k])) {
				rc = rb_err_set(err, RB_INVALID,
				    "%s:%u: translation marker inside "
				    "translated text (opened on line %u)",
				    filename, toks.v[k].line, o->line);
				goto out;
			}
			if (toks.v[k].kind == RB_TOK_DELIM) {
				rc = rb_err_set(err, RB_INVALID,
				    "%s:%u: set-delimiter tag inside "
				    "translated text",
				    filename, toks.v[k].line);
				goto out;
			}
		}
		c = &toks.v[j];
		if (c->start == o->end) {
			rc = rb_err_set(err, RB_INVALID,
			    "%s:%u: empty translated text", filename, o->line);
			goto out;
		}
		rc = w->fn(w, src + pos, o->start - pos, src + o->end,
		    c->start - o->end, o->line);
		if (rc != RB_OK)
			goto out;
		pos = c->end;
		i = j;
	}
	rc = w->fn(w, src + pos, len - pos, NULL, 0, 0);
out:
	free(toks.v);
	return rc;
}

static int
translate_one(struct walk *w, const char *before, size_t blen, const char *text,
    size_t tlen, unsigned line)
{
	const char *t;
	size_t n;

	(void)line;
	rb_buf_append(w->out, before, blen);
	if (text == NULL)
		return RB_OK;
	if ((t = rb_catalog_get(w->cat, text, tlen, &n)) != NULL)
		rb_buf_append(w->out, t, n);
	else
		rb_buf_append(w->out, text, tlen);
	return RB_OK;
}

int
rb_tmpl_translate(const char *src, size_t len, const char *filename,
    const struct rb_catalog *cat, struct rb_buf *out, struct rb_err *err)
{
	struct walk w = {.fn = translate_one, .cat = cat, .out = out};
	size_t start = out->len;
	int rc;

	if ((rc = walk_markers(src, len, filename, &w, err)) != RB_OK)
		rb_buf_truncate(out, start);
	return rc;
}

static int
each_one(struct walk *w, const char *before, size_t blen, const char *text,
    size_t tlen, unsigned line)
{
	(void)before;
	(void)blen;
	if (text == NULL)
		return RB_OK;
	return w->user(w->arg, text, tlen, line);
}

int
rb_tmpl_each_msgid(const char *src, size_t len, const char *filename,
    int (*fn)(void *arg, const char *msgid, size_t len, unsigned line),
    void *arg, struct rb_err *err)
{
	struct walk w = {.fn = each_one, .arg = arg, .user = fn};

	return walk_markers(src, len, filename, &w, err);
}
