/*
 * The compiler: source -> tokens (lex.c) -> paired and trimmed for
 * standalone lines (lines.c) -> the flat node array the renderer walks.
 * It runs once per template per worker, so it favours clarity over speed;
 * everything it keeps lives in the template's arena.
 */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/mem.h"
#include "tmpl/lex.h"
#include "tmpl/node.h"

struct compiler {
	struct rb_tmpl *t;
	const struct rb_tmpl_tok *tok;
	struct rb_tmpl_node *nodes;
	size_t nnodes, cap;
	struct rb_err *err;
};

uint32_t
rb_tmpl_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static size_t
node_new(struct compiler *c, enum rb_tmpl_op op, const struct rb_tmpl_tok *tok)
{
	struct rb_tmpl_node *n;

	if (c->nnodes == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->nodes = rb_xrealloc(c->nodes, c->cap * sizeof(*c->nodes));
	}
	n = &c->nodes[c->nnodes];
	memset(n, 0, sizeof(*n));
	n->op = (uint8_t)op;
	n->line = tok->line;
	n->text = tok->name;
	n->indent_mode = tok->indent_mode;
	n->indent = tok->indent;
	if (op == RB_TMPL_PARTIAL || op == RB_TMPL_PARENT ||
	    op == RB_TMPL_BLOCK)
		n->hash = rb_tmpl_hash(tok->name.ptr, tok->name.len);
	c->nnodes++;
	n->end = (uint32_t)c->nnodes;
	return c->nnodes - 1;
}

/* Splits a dotted name into NUL-terminated keys; "." has none. */
static int
split_name(struct compiler *c, struct rb_tmpl_node *n)
{
	struct rb_str s = n->text;
	const char **keys;
	size_t nkeys = 1, k = 0, start = 0;

	if (s.len == 1 && s.ptr[0] == '.')
		return RB_OK;
	for (size_t i = 0; i < s.len; i++)
		nkeys += s.ptr[i] == '.';
	keys = rb_arena_alloc(&c->t->arena, nkeys * sizeof(*keys));
	for (size_t i = 0; i <= s.len; i++) {
		if (i < s.len && s.ptr[i] != '.')
			continue;
		if (i == start)
			return rb_err_set(c->err, RB_INVALID,
			    "%s:%u: bad name \"%.*s\"", c->t->filename, n->line,
			    (int)s.len, s.ptr);
		keys[k++] =
		    rb_arena_strndup(&c->t->arena, s.ptr + start, i - start);
		start = i + 1;
	}
	n->keys = keys;
	n->nkeys = (uint32_t)nkeys;
	return RB_OK;
}

/* The blanks every non-blank line in src[a, b) starts with. */
static struct rb_str
common_indent(const char *src, size_t a, size_t b)
{
	struct rb_str pfx = RB_STR_NULL;

	while (a < b) {
		const char *line = src + a, *nl = memchr(line, '\n', b - a);
		size_t len = nl ? (size_t)(nl - line) : b - a, k = 0;

		while (k < len && (line[k] == ' ' || line[k] == '\t'))
			k++;
		if (k < len && !(line[k] == '\r' && k + 1 == len)) {
			if (pfx.ptr == NULL) {
				pfx = (struct rb_str){line, k};
			} else {
				size_t m = 0;

				while (m < pfx.len && m < k &&
				    pfx.ptr[m] == line[m])
					m++;
				pfx.len = m;
			}
		}
		a += len + 1;
	}
	return pfx.ptr ? pfx : (struct rb_str){"", 0};
}

/* s without as much of pfx as it starts with. */
static struct rb_str
strip(struct rb_str s, struct rb_str pfx)
{
	size_t k = 0;

	while (k < s.len && k < pfx.len && s.ptr[k] == pfx.ptr[k])
		k++;
	/* An empty view may have a NULL ptr: adding even 0 to it is UB. */
	if (k == 0)
		return s;
	return (struct rb_str){s.ptr + k, s.len - k};
}

/* A text node with pfx stripped from the start of each of its lines. */
static void
strip_text(struct compiler *c, struct rb_tmpl_node *n, struct rb_str pfx)
{
	const char *s = n->text.ptr, *end = s + n->text.len;
	bool bol = s == c->t->src || s[-1] == '\n';
	char *out = rb_arena_alloc(&c->t->arena, n->text.len + 1);
	size_t len = 0;

	while (s < end) {
		struct rb_str rest = {s, (size_t)(end - s)};
		const char *nl;
		size_t seg;

		if (bol)
			s = strip(rest, pfx).ptr;
		nl = memchr(s, '\n', (size_t)(end - s));
		seg = nl ? (size_t)(nl + 1 - s) : (size_t)(end - s);
		memcpy(out + len, s, seg);
		len += seg;
		s += seg;
		bol = true;
	}
	n->text = (struct rb_str){out, len};
}

/*
 * Block reindentation (spec "~inheritance"): a standalone block's body
 * loses the indent common to its lines here, and gets the indent of the
 * place it expands at when rendered. Nested blocks that were dedented
 * already keep their bodies, but their own indents shift with ours.
 */
static void
dedent(struct compiler *c, size_t b, const struct rb_tmpl_tok *tok)
{
	struct rb_tmpl_node *blk = &c->nodes[b];
	struct rb_str pfx =
	    common_indent(c->t->src, tok->body_start, tok->body_end);

	blk->inner = pfx;
	blk->dedented = true;
	if (pfx.len == 0)
		return;
	for (size_t j = b + 1; j < blk->end; j++) {
		struct rb_tmpl_node *n = &c->nodes[j];

		if (n->op == RB_TMPL_TEXT)
			strip_text(c, n, pfx);
		n->indent = strip(n->indent, pfx);
		n->inner = strip(n->inner, pfx);
		if (n->op == RB_TMPL_BLOCK && n->dedented)
			j = n->end - 1;
	}
}

static int build(struct compiler *c, size_t from, size_t to);

static int
build_body(struct compiler *c, size_t n, size_t i)
{
	const struct rb_tmpl_tok *tok = &c->tok[i];

	if (build(c, i + 1, tok->match) != RB_OK)
		return RB_INVALID;
	c->nodes[n].end = (uint32_t)c->nnodes;
	if (tok->kind == RB_TOK_BLOCK && tok->dedent)
		dedent(c, n, tok);
	return RB_OK;
}

/* A parent keeps only the blocks directly inside it. */
static int
build_parent(struct compiler *c, size_t i)
{
	const struct rb_tmpl_tok *tok = &c->tok[i];
	size_t n = node_new(c, RB_TMPL_PARENT, tok);

	for (size_t j = i + 1; j < tok->match; j++) {
		if (c->tok[j].kind != RB_TOK_BLOCK || c->tok[j].owner != i)
			continue;
		if (build_body(c, node_new(c, RB_TMPL_BLOCK, &c->tok[j]), j) !=
		    RB_OK)
			return RB_INVALID;
		j = c->tok[j].match;
	}
	c->nodes[n].end = (uint32_t)c->nnodes;
	return RB_OK;
}

static int
build_tag(struct compiler *c, size_t i)
{
	const struct rb_tmpl_tok *tok = &c->tok[i];
	enum rb_tmpl_op op;
	size_t n;

	if ((tok->kind == RB_TOK_PARTIAL || tok->kind == RB_TOK_PARENT) &&
	    tok->name.ptr[0] == '*')
		return rb_err_set(c->err, RB_INVALID,
		    "%s:%u: dynamic names are not supported", c->t->filename,
		    tok->line);
	switch (tok->kind) {
	case RB_TOK_VAR:
		op = RB_TMPL_VAR;
		break;
	case RB_TOK_RAW:
		op = RB_TMPL_RAW;
		break;
	case RB_TOK_SECTION:
		op = RB_TMPL_SECTION;
		break;
	case RB_TOK_INVERTED:
		op = RB_TMPL_INVERTED;
		break;
	case RB_TOK_PARTIAL:
		op = RB_TMPL_PARTIAL;
		break;
	case RB_TOK_BLOCK:
		op = RB_TMPL_BLOCK;
		break;
	case RB_TOK_PARENT:
		return build_parent(c, i);
	default:
		return RB_OK; /* comments, closes, delimiters */
	}
	n = node_new(c, op, tok);
	if (op != RB_TMPL_PARTIAL && op != RB_TMPL_BLOCK &&
	    split_name(c, &c->nodes[n]) != RB_OK)
		return RB_INVALID;
	if (tok->match != RB_TMPL_NONE)
		return build_body(c, n, i);
	return RB_OK;
}

/* Nodes for the tokens in [from, to). */
static int
build(struct compiler *c, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		const struct rb_tmpl_tok *tok = &c->tok[i];

		if (tok->kind == RB_TOK_TEXT) {
			size_t n;

			if (tok->end <= tok->start)
				continue;
			n = node_new(c, RB_TMPL_TEXT, tok);
			c->nodes[n].text = (struct rb_str){
			    c->t->src + tok->start, tok->end - tok->start};
			continue;
		}
		if (build_tag(c, i) != RB_OK)
			return RB_INVALID;
		if (tok->match != RB_TMPL_NONE && tok->kind != RB_TOK_CLOSE)
			i = tok->match;
	}
	return RB_OK;
}

static struct rb_tmpl *
tmpl_new(const char *name, const char *src, size_t len, const char *filename)
{
	struct rb_tmpl *t = rb_xcalloc(1, sizeof(*t));

	rb_arena_init(&t->arena, 4096);
	t->name = rb_arena_strdup(&t->arena, name);
	t->hash = rb_tmpl_hash(name, strlen(name));
	t->filename = rb_arena_strdup(&t->arena, filename ? filename : name);
	t->src = rb_arena_strndup(&t->arena, src, len);
	t->len = len;
	return t;
}

struct rb_tmpl *
rb_tmpl_compile(const char *name, const char *src, size_t len,
    const char *filename, struct rb_err *err)
{
	struct rb_tmpl *t = tmpl_new(name, src, len, filename);
	struct rb_tmpl_toks toks = {NULL, 0, 0};
	struct compiler c = {.t = t, .err = err};

	if (len > UINT32_MAX / 2) {
		rb_err_set(
		    err, RB_INVALID, "%s: template too large", t->filename);
		goto fail;
	}
	if (rb_tmpl_lex(t->src, len, t->filename, &toks, err) != RB_OK ||
	    rb_tmpl_pair(&toks, t->filename, err) != RB_OK)
		goto fail;
	rb_tmpl_lines(t->src, len, &toks);
	c.tok = toks.v;
	if (build(&c, 0, toks.n) != RB_OK)
		goto fail;
	t->nnodes = (uint32_t)c.nnodes;
	t->nodes = rb_arena_alloc(&t->arena, c.nnodes * sizeof(*c.nodes));
	if (c.nnodes > 0)
		memcpy(t->nodes, c.nodes, c.nnodes * sizeof(*c.nodes));
	goto out;
fail:
	rb_tmpl_free(t);
	t = NULL;
out:
	free(toks.v);
	free(c.nodes);
	return t;
}

void
rb_tmpl_free(struct rb_tmpl *t)
{
	if (t == NULL)
		return;
	rb_arena_release(&t->arena);
	free(t);
}
