/*
 * Pairing of opening and closing tags, and the spec's standalone-line
 * rules. A tag other than an interpolation that is alone on its line,
 * blanks aside, takes the whole line with it: the blanks before it and the
 * newline after it vanish from the output. Partials, parents and blocks
 * alone on their line also take the blanks as an indent for every line
 * they expand to.
 *
 * Inheritance bends the rule (spec "~inheritance"): whatever sits inside a
 * parent outside its blocks is dropped, so it does not count against
 * standalone-ness. A parent is standalone when its opening tag starts its
 * line and its closing tag ends one ("  {{<p}}{{/p}}\n"); an overriding
 * block's opening tag needs only the end of its line clear
 * ("{{<p}}{{$b}}\n"), its closing tag only the start
 * ("{{/b}}{{/p}}\n"). A block elsewhere with only blanks before it but
 * more after ("  {{$b}}{{/b}}\n") keeps its line, and indents the later
 * lines of what it expands to by those blanks.
 */
#include <stdbool.h>

#include "core/err.h"
#include "core/mem.h"
#include "tmpl/lex.h"
#include "tmpl/node.h"
#include "tmpl/tmpl.h"

static const char *
kind_name(uint8_t kind)
{
	switch (kind) {
	case RB_TOK_INVERTED:
		return "inverted section";
	case RB_TOK_PARENT:
		return "parent";
	case RB_TOK_BLOCK:
		return "block";
	default:
		return "section";
	}
}

static bool
is_open(uint8_t kind)
{
	return kind == RB_TOK_SECTION || kind == RB_TOK_INVERTED ||
	    kind == RB_TOK_PARENT || kind == RB_TOK_BLOCK;
}

static int
pair_close(struct rb_tmpl_toks *toks, size_t i, size_t *stack, size_t depth,
    const char *filename, struct rb_err *err)
{
	struct rb_tmpl_tok *c = &toks->v[i], *o;

	if (depth == 0)
		return rb_err_set(err, RB_INVALID,
		    "%s:%u: close tag \"%.*s\" without an open section",
		    filename, c->line, (int)c->name.len, c->name.ptr);
	o = &toks->v[stack[depth - 1]];
	if (!rb_str_eq(o->name, c->name))
		return rb_err_set(err, RB_INVALID,
		    "%s:%u: close tag \"%.*s\" does not match %s \"%.*s\" "
		    "opened on line %u",
		    filename, c->line, (int)c->name.len, c->name.ptr,
		    kind_name(o->kind), (int)o->name.len, o->name.ptr, o->line);
	o->match = i;
	c->match = stack[depth - 1];
	return RB_OK;
}

int
rb_tmpl_pair(
    struct rb_tmpl_toks *toks, const char *filename, struct rb_err *err)
{
	size_t stack[RB_TMPL_MAX_NEST], depth = 0;

	for (size_t i = 0; i < toks->n; i++) {
		struct rb_tmpl_tok *t = &toks->v[i];

		if (t->kind == RB_TOK_TEXT)
			continue;
		if (t->kind == RB_TOK_CLOSE) {
			if (pair_close(toks, i, stack, depth, filename, err) !=
			    RB_OK)
				return RB_INVALID;
			depth--;
		}
		t->owner = depth > 0 ? stack[depth - 1] : RB_TMPL_NONE;
		if (!is_open(t->kind))
			continue;
		if (depth == RB_TMPL_MAX_NEST)
			return rb_err_set(err, RB_INVALID,
			    "%s:%u: sections nested too deeply", filename,
			    t->line);
		stack[depth++] = i;
	}
	if (depth > 0) {
		struct rb_tmpl_tok *o = &toks->v[stack[depth - 1]];

		return rb_err_set(err, RB_INVALID,
		    "%s:%u: unclosed %s \"%.*s\"", filename, o->line,
		    kind_name(o->kind), (int)o->name.len, o->name.ptr);
	}
	return RB_OK;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Start of pos's line when only blanks precede pos on it, else NONE. */
static size_t
clear_before(const char *src, size_t pos)
{
	while (pos > 0 && is_blank(src[pos - 1]))
		pos--;
	return pos == 0 || src[pos - 1] == '\n' ? pos : RB_TMPL_NONE;
}

/* Just past the end of pos's line when only blanks follow, else NONE. */
static size_t
clear_after(const char *src, size_t len, size_t pos)
{
	while (pos < len && is_blank(src[pos]))
		pos++;
	if (pos == len)
		return pos;
	if (src[pos] == '\n')
		return pos + 1;
	if (src[pos] == '\r' && pos + 1 < len && src[pos + 1] == '\n')
		return pos + 2;
	return RB_TMPL_NONE;
}

/* Drops the blanks before tag i, from the start of its line. */
static void
cut_before(struct rb_tmpl_toks *toks, size_t i, size_t line_start)
{
	struct rb_tmpl_tok *t;

	if (i == 0 || (t = &toks->v[i - 1])->kind != RB_TOK_TEXT)
		return;
	t->end = line_start > t->start ? line_start : t->start;
}

/* Drops the rest of tag i's line, its newline included. */
static void
cut_after(struct rb_tmpl_toks *toks, size_t i, size_t line_end)
{
	struct rb_tmpl_tok *t;

	if (i + 1 == toks->n || (t = &toks->v[i + 1])->kind != RB_TOK_TEXT)
		return;
	t->start = line_end < t->end ? line_end : t->end;
}

static bool
overrides(const struct rb_tmpl_toks *toks, size_t i)
{
	size_t o = toks->v[i].owner;

	return o != RB_TMPL_NONE && toks->v[o].kind == RB_TOK_PARENT;
}

static void
set_indent(const char *src, struct rb_tmpl_tok *t, enum rb_tmpl_indent mode,
    size_t line_start)
{
	t->indent_mode = (uint8_t)mode;
	t->indent = (struct rb_str){src + line_start, t->start - line_start};
}

/* A parent counts as one tag from its opening to its closing. */
static void
parent_open(const char *src, size_t len, struct rb_tmpl_toks *toks, size_t i,
    size_t ls, size_t le)
{
	struct rb_tmpl_tok *t = &toks->v[i];
	size_t close_le = clear_after(src, len, toks->v[t->match].end);

	if (ls == RB_TMPL_NONE ||
	    (le == RB_TMPL_NONE && close_le == RB_TMPL_NONE))
		return;
	set_indent(src, t, RB_TMPL_IND_LINE, ls);
	cut_before(toks, i, ls);
}

/* Only a standalone block's body gets reindented where it expands. */
static void
block_open(
    const char *src, struct rb_tmpl_toks *toks, size_t i, size_t ls, size_t le)
{
	struct rb_tmpl_tok *t = &toks->v[i];

	t->body_start = t->end;
	if (overrides(toks, i)) {
		if (le != RB_TMPL_NONE) {
			cut_after(toks, i, le);
			t->body_start = le;
			t->dedent = 1;
		}
	} else if (ls != RB_TMPL_NONE && le != RB_TMPL_NONE) {
		set_indent(src, t, RB_TMPL_IND_LINE, ls);
		cut_before(toks, i, ls);
		cut_after(toks, i, le);
		t->body_start = le;
		t->dedent = 1;
	} else if (ls != RB_TMPL_NONE) {
		set_indent(src, t, RB_TMPL_IND_INLINE, ls);
	}
}

/* A closing tag; false when the classic rule applies to it. */
static bool
close_tag(struct rb_tmpl_toks *toks, size_t i, size_t ls, size_t le)
{
	struct rb_tmpl_tok *t = &toks->v[i], *o = &toks->v[t->match];

	o->body_end = t->start;
	if (o->kind == RB_TOK_PARENT) {
		if (le != RB_TMPL_NONE &&
		    (ls != RB_TMPL_NONE || o->indent_mode == RB_TMPL_IND_LINE))
			cut_after(toks, i, le);
	} else if (o->kind == RB_TOK_BLOCK && overrides(toks, t->match)) {
		if (ls != RB_TMPL_NONE) {
			cut_before(toks, i, ls);
			o->body_end = ls;
		}
	} else {
		if (ls != RB_TMPL_NONE && le != RB_TMPL_NONE)
			o->body_end = ls;
		return false;
	}
	return true;
}

void
rb_tmpl_lines(const char *src, size_t len, struct rb_tmpl_toks *toks)
{
	for (size_t i = 0; i < toks->n; i++) {
		struct rb_tmpl_tok *t = &toks->v[i];
		size_t ls, le;

		if (t->kind == RB_TOK_TEXT || t->kind == RB_TOK_VAR ||
		    t->kind == RB_TOK_RAW)
			continue;
		ls = clear_before(src, t->start);
		le = clear_after(src, len, t->end);
		if (t->kind == RB_TOK_PARENT) {
			parent_open(src, len, toks, i, ls, le);
			continue;
		}
		if (t->kind == RB_TOK_BLOCK) {
			block_open(src, toks, i, ls, le);
			continue;
		}
		if (t->kind == RB_TOK_CLOSE && close_tag(toks, i, ls, le))
			continue;
		if (ls == RB_TMPL_NONE || le == RB_TMPL_NONE)
			continue;
		if (t->kind == RB_TOK_PARTIAL)
			set_indent(src, t, RB_TMPL_IND_LINE, ls);
		cut_before(toks, i, ls);
		cut_after(toks, i, le);
	}
}
