/*
 * The first stages of compiling a template, private to app/tmpl/: the
 * source cut into tokens (lex.c), then tags paired and the spec's
 * standalone-line rules applied to them (lines.c). parse.c turns the
 * result into nodes.
 */
#ifndef RB_TMPL_LEX_H
#define RB_TMPL_LEX_H

#include <stddef.h>
#include <stdint.h>

#include "core/str.h"

struct rb_err;

#define RB_TMPL_NONE ((size_t)-1)

enum rb_tmpl_tok_kind {
	RB_TOK_TEXT,
	RB_TOK_VAR,
	RB_TOK_RAW,
	RB_TOK_SECTION,
	RB_TOK_INVERTED,
	RB_TOK_CLOSE,
	RB_TOK_COMMENT,
	RB_TOK_PARTIAL,
	RB_TOK_DELIM,
	RB_TOK_PARENT,
	RB_TOK_BLOCK,
};

struct rb_tmpl_tok {
	uint8_t kind;         /* enum rb_tmpl_tok_kind */
	uint8_t indent_mode;  /* enum rb_tmpl_indent, set by rb_tmpl_lines */
	uint8_t dedent;       /* BLOCK: strip the body's common indent */
	uint32_t line;        /* where the token starts */
	size_t start, end;    /* TEXT: its bytes; tags: delimiters included */
	struct rb_str name;   /* tags: the content, trimmed */
	size_t match;         /* opening <-> closing tag, set by rb_tmpl_pair */
	size_t owner;         /* innermost open tag around it, or NONE */
	struct rb_str indent; /* LINE, INLINE: blanks before the tag */
	size_t body_start, body_end; /* BLOCK with dedent: its body's lines */
};

struct rb_tmpl_toks {
	struct rb_tmpl_tok *v;
	size_t n, cap;
};

/*
 * Cuts src into text and tags, following set-delimiter tags. RB_OK, or
 * RB_INVALID with "filename:line: ..." in err. toks is appended to; the
 * caller frees toks->v.
 */
int rb_tmpl_lex(const char *src, size_t len, const char *filename,
    struct rb_tmpl_toks *toks, struct rb_err *err);

/*
 * Pairs every opening tag with its closing tag (match, owner). RB_OK, or
 * RB_INVALID for an unclosed or mismatched section.
 */
int rb_tmpl_pair(
    struct rb_tmpl_toks *toks, const char *filename, struct rb_err *err);

/*
 * Applies the standalone-line rules: trims the text around standalone
 * tags and records indentation. Needs rb_tmpl_pair first.
 */
void rb_tmpl_lines(const char *src, size_t len, struct rb_tmpl_toks *toks);

#endif
