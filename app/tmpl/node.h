/*
 * The compiled form of a template, shared by the compiler (parse.c), the
 * renderer (render.c) and the set (set.c); nothing outside app/tmpl/
 * includes this.
 *
 * A template is a flat array of nodes. A node with a body (section,
 * inverted section, parent, block) is followed by its body's nodes, and its
 * `end` is the index just past them, so the renderer walks the array and
 * skips a body by jumping to `end`. A parent's body holds only its
 * overriding blocks: the rest of a parent's content is dropped at compile
 * time, as the spec says.
 */
#ifndef RB_TMPL_NODE_H
#define RB_TMPL_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/str.h"
#include "core/val.h"

struct json_object;
struct rb_buf;
struct rb_err;
struct rb_tmpl_set;

enum rb_tmpl_op {
	RB_TMPL_TEXT,
	RB_TMPL_VAR,      /* {{x}}: escaped */
	RB_TMPL_RAW,      /* {{{x}}}, {{&x}} */
	RB_TMPL_SECTION,  /* {{#x}} */
	RB_TMPL_INVERTED, /* {{^x}} */
	RB_TMPL_PARTIAL,  /* {{>x}} */
	RB_TMPL_PARENT,   /* {{<x}} */
	RB_TMPL_BLOCK,    /* {{$x}} */
};

/* How a partial, parent or block indents what it expands to. */
enum rb_tmpl_indent {
	RB_TMPL_IND_NONE,
	/* Standalone: the tag's line is gone; every line gets the indent. */
	RB_TMPL_IND_LINE,
	/* Only blanks before the tag, kept as text: later lines get them. */
	RB_TMPL_IND_INLINE,
};

struct rb_tmpl_node {
	uint8_t op;          /* enum rb_tmpl_op */
	uint8_t indent_mode; /* enum rb_tmpl_indent */
	bool dedented;       /* BLOCK: body already stripped of its indent */
	uint32_t end;        /* index past the body; i + 1 without one */
	uint32_t line;       /* of the tag, for messages */
	uint32_t hash;       /* PARTIAL, PARENT, BLOCK: rb_tmpl_hash(text) */
	uint32_t nkeys;      /* VAR .. INVERTED: 0 for the implicit "." */
	const char *const *keys; /* the dotted name split, NUL-terminated */
	struct rb_str text;      /* TEXT: the bytes; tags: the name */
	struct rb_str indent;    /* LINE, INLINE: the blanks before the tag */
	struct rb_str inner;     /* BLOCK: the indent its default content has */
};

struct rb_tmpl {
	struct rb_arena arena; /* everything below lives in it */
	const char *name;
	const char *filename;
	const char *src; /* a copy; text nodes point into it */
	size_t len;
	struct rb_tmpl_node *nodes;
	uint32_t nnodes;
	uint32_t hash; /* of name */
};

/* FNV-1a over n bytes: names of templates, partials and blocks. */
uint32_t rb_tmpl_hash(const char *s, size_t n);

/* Compiles src; NULL and RB_INVALID in err on a syntax error. */
struct rb_tmpl *rb_tmpl_compile(const char *name, const char *src, size_t len,
    const char *filename, struct rb_err *err);
void rb_tmpl_free(struct rb_tmpl *t);

/* The template called name (hash = rb_tmpl_hash(name)), or NULL. */
const struct rb_tmpl *rb_tmpl_set_find(
    const struct rb_tmpl_set *set, struct rb_str name, uint32_t hash);

/* Renders t; see rb_tmpl_render. */
int rb_tmpl_run(const struct rb_tmpl_set *set, const struct rb_tmpl *t,
    struct json_object *ctx, struct rb_buf *out, struct rb_err *err);

/*
 * The text a scalar interpolates to. Numbers are formatted into tmp
 * (size >= 64); strings point into v. Objects and arrays (a template bug,
 * but visible JSON beats silence) are written as JSON into json.
 */
struct rb_str rb_tmpl_scalar(struct rb_val v, char *tmp, size_t size,
    struct rb_buf *json);

/* The shortest decimal that reads back as d, written like JavaScript. */
size_t rb_tmpl_format_double(double d, char *out, size_t size);

#endif
