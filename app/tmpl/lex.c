/*
 * The tokenizer: cuts a template into text and tags. It is the only stage
 * that knows the delimiters, so set-delimiter tags take effect here and
 * later stages see only tokens.
 */
#include <stdbool.h>
#include <string.h>

#include "core/err.h"
#include "core/mem.h"
#include "tmpl/lex.h"

/* Delimiters are a few characters; this also bounds the closing needle. */
#define DELIM_MAX 16

struct lexer {
	const char *src;
	size_t len;
	size_t pos;
	uint32_t line;
	char otag[DELIM_MAX];
	size_t olen;
	char ctag[DELIM_MAX];
	size_t clen;
	const char *filename;
	struct rb_tmpl_toks *toks;
	struct rb_err *err;
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Offset of needle in the n bytes at s, or RB_TMPL_NONE. */
static size_t
find(const char *s, size_t n, const char *needle, size_t nlen)
{
	const char *p = s, *end = s + n;

	while ((size_t)(end - p) >= nlen) {
		p = memchr(p, needle[0], (size_t)(end - p) - nlen + 1);
		if (p == NULL)
			break;
		if (memcmp(p, needle, nlen) == 0)
			return (size_t)(p - s);
		p++;
	}
	return RB_TMPL_NONE;
}

static uint32_t
count_lines(const char *s, size_t n)
{
	uint32_t lines = 0;
	const char *p;

	while ((p = memchr(s, '\n', n)) != NULL) {
		lines++;
		n -= (size_t)(p + 1 - s);
		s = p + 1;
	}
	return lines;
}

static struct rb_str
trim(const char *s, size_t n)
{
	while (n > 0 && is_space(s[0])) {
		s++;
		n--;
	}
	while (n > 0 && is_space(s[n - 1]))
		n--;
	return (struct rb_str){s, n};
}

static bool
has_space(struct rb_str s)
{
	for (size_t i = 0; i < s.len; i++)
		if (is_space(s.ptr[i]))
			return true;
	return false;
}

static struct rb_tmpl_tok *
push(struct lexer *lx, enum rb_tmpl_tok_kind kind, size_t start, size_t end)
{
	struct rb_tmpl_toks *t = lx->toks;
	struct rb_tmpl_tok *tok;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = rb_xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	tok = &t->v[t->n++];
	memset(tok, 0, sizeof(*tok));
	tok->kind = (uint8_t)kind;
	tok->start = start;
	tok->end = end;
	tok->line = lx->line;
	tok->match = RB_TMPL_NONE;
	tok->owner = RB_TMPL_NONE;
	return tok;
}

static enum rb_tmpl_tok_kind
kind_of(char sigil)
{
	switch (sigil) {
	case '{':
	case '&':
		return RB_TOK_RAW;
	case '#':
		return RB_TOK_SECTION;
	case '^':
		return RB_TOK_INVERTED;
	case '/':
		return RB_TOK_CLOSE;
	case '!':
		return RB_TOK_COMMENT;
	case '>':
		return RB_TOK_PARTIAL;
	case '=':
		return RB_TOK_DELIM;
	case '<':
		return RB_TOK_PARENT;
	case '$':
		return RB_TOK_BLOCK;
	default:
		return RB_TOK_VAR;
	}
}

/* {{=<% %>=}}: two blank-separated words, none with '=' in it. */
static int
set_delims(struct lexer *lx, struct rb_str content)
{
	struct rb_str s = trim(content.ptr, content.len), open, close;
	size_t i = 0;

	while (i < s.len && !is_space(s.ptr[i]))
		i++;
	open = (struct rb_str){s.ptr, i};
	close = trim(s.ptr + i, s.len - i);
	if (open.len == 0 || close.len == 0 || has_space(close) ||
	    memchr(open.ptr, '=', open.len) != NULL ||
	    memchr(close.ptr, '=', close.len) != NULL ||
	    open.len >= DELIM_MAX || close.len >= DELIM_MAX)
		return rb_err_set(lx->err, RB_INVALID,
		    "%s:%u: bad delimiters \"%.*s\"", lx->filename, lx->line,
		    (int)s.len, s.ptr);
	memcpy(lx->otag, open.ptr, open.len);
	lx->olen = open.len;
	memcpy(lx->ctag, close.ptr, close.len);
	lx->clen = close.len;
	return RB_OK;
}

/*
 * The tag whose opening delimiter is at p. A triple mustache ends with
 * "}" and the closing delimiter, a set-delimiter tag with "=" and it.
 */
static int
lex_tag(struct lexer *lx, size_t p)
{
	char needle[DELIM_MAX + 1];
	size_t q = p + lx->olen, nlen = lx->clen, e;
	enum rb_tmpl_tok_kind kind = RB_TOK_VAR;
	struct rb_tmpl_tok *tok;
	struct rb_str content;

	if (q < lx->len)
		kind = kind_of(lx->src[q]);
	if (kind != RB_TOK_VAR)
		q++;
	if (kind == RB_TOK_RAW && lx->src[q - 1] == '{') {
		needle[0] = '}';
		memcpy(needle + 1, lx->ctag, lx->clen);
		nlen++;
	} else if (kind == RB_TOK_DELIM) {
		needle[0] = '=';
		memcpy(needle + 1, lx->ctag, lx->clen);
		nlen++;
	} else {
		memcpy(needle, lx->ctag, lx->clen);
	}
	e = find(lx->src + q, lx->len - q, needle, nlen);
	if (e == RB_TMPL_NONE)
		return rb_err_set(lx->err, RB_INVALID, "%s:%u: unclosed tag",
		    lx->filename, lx->line);
	content = (struct rb_str){lx->src + q, e};
	tok = push(lx, kind, p, q + e + nlen);
	tok->name = trim(content.ptr, content.len);
	if (kind == RB_TOK_DELIM) {
		if (set_delims(lx, content) != RB_OK)
			return RB_INVALID;
	} else if (kind != RB_TOK_COMMENT &&
	    (tok->name.len == 0 || has_space(tok->name))) {
		return rb_err_set(lx->err, RB_INVALID,
		    "%s:%u: bad tag name \"%.*s\"", lx->filename, lx->line,
		    (int)content.len, content.ptr);
	}
	lx->line += count_lines(lx->src + p, tok->end - p);
	lx->pos = tok->end;
	return RB_OK;
}

int
rb_tmpl_lex(const char *src, size_t len, const char *filename,
    struct rb_tmpl_toks *toks, struct rb_err *err)
{
	struct lexer lx = {
	    .src = src,
	    .len = len,
	    .line = 1,
	    .otag = "{{",
	    .olen = 2,
	    .ctag = "}}",
	    .clen = 2,
	    .filename = filename,
	    .toks = toks,
	    .err = err,
	};

	while (lx.pos < len) {
		size_t p = find(src + lx.pos, len - lx.pos, lx.otag, lx.olen);

		if (p == RB_TMPL_NONE) {
			push(&lx, RB_TOK_TEXT, lx.pos, len);
			break;
		}
		p += lx.pos;
		if (p > lx.pos) {
			push(&lx, RB_TOK_TEXT, lx.pos, p);
			lx.line += count_lines(src + lx.pos, p - lx.pos);
		}
		if (lex_tag(&lx, p) != RB_OK)
			return RB_INVALID;
	}
	return RB_OK;
}
