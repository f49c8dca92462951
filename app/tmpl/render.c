/*
 * The renderer: walks a compiled template's nodes and appends to the
 * output buffer. It runs on every page, so it allocates nothing: the
 * context stack, the parents whose blocks override, and the indents of
 * enclosing partials are fixed arrays in one struct on the C stack, bounded
 * by RB_TMPL_MAX_DEPTH.
 *
 * Indentation (spec: standalone partials indent every line they expand
 * to) is applied as the output is written: after a newline of template
 * text, the next non-empty line starts with the indents of every enclosing
 * expansion. Newlines inside interpolated values do not count, as the spec
 * requires, and empty lines get no trailing blanks.
 */
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/val.h"
#include "tmpl/node.h"
#include "tmpl/tmpl.h"

/* A parent being expanded: the node whose blocks override. */
struct frame {
	const struct rb_tmpl *t;
	uint32_t node;
};

struct render {
	const struct rb_tmpl_set *set;
	struct rb_buf *out;
	struct rb_err *err;
	bool bol; /* the output is at the start of a template line */
	uint32_t nctx, nframes, nindent, depth;
	struct rb_val ctx[RB_TMPL_MAX_DEPTH];
	struct frame frames[RB_TMPL_MAX_DEPTH];
	struct rb_str indent[RB_TMPL_MAX_DEPTH];
};

static int render_nodes(
    struct render *r, const struct rb_tmpl *t, uint32_t from, uint32_t to);

static int
too_deep(struct render *r, const struct rb_tmpl *t,
    const struct rb_tmpl_node *n, const char *what)
{
	return rb_err_set(r->err, RB_ERROR, "%s:%u: %s nested deeper than %d",
	    t->filename, n->line, what, RB_TMPL_MAX_DEPTH);
}

static void
emit_indent(struct render *r)
{
	for (uint32_t i = 0; i < r->nindent; i++)
		rb_buf_put_str(r->out, r->indent[i]);
}

static void
emit_text(struct render *r, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (r->nindent == 0) {
		rb_buf_append(r->out, s, n);
		r->bol = s[n - 1] == '\n';
		return;
	}
	while (n > 0) {
		const char *nl = memchr(s, '\n', n);
		size_t seg = nl ? (size_t)(nl + 1 - s) : n;
		bool empty = s[0] == '\n' || (s[0] == '\r' && seg == 2 && nl);

		if (r->bol && !empty)
			emit_indent(r);
		rb_buf_append(r->out, s, seg);
		r->bol = nl != NULL;
		s += seg;
		n -= seg;
	}
}

static void
emit_value(struct render *r, struct rb_val v, bool escape)
{
	char tmp[64];
	struct rb_buf json;
	struct rb_str s;

	rb_buf_init(&json, NULL);
	s = rb_tmpl_scalar(v, tmp, sizeof(tmp), &json);
	if (s.len == 0) {
		rb_buf_release(&json);
		return;
	}
	if (r->bol)
		emit_indent(r);
	r->bol = false;
	if (escape)
		rb_buf_append_html(r->out, s.ptr, s.len);
	else
		rb_buf_append(r->out, s.ptr, s.len);
	rb_buf_release(&json);
}

/*
 * The spec's name resolution: the first key from the innermost context
 * that has it (even when its value is null), the rest inside that value
 * only. NULL for a miss.
 */
/*
 * A member, or (as mustache.js does) an array element by its index:
 * {{#items.0}} shows a list's wrapper only when the list has a first item.
 */
static bool
child(struct rb_val v, const char *key, struct rb_val *out)
{
	size_t idx = 0;
	const char *p = key;

	if (!rb_val_is_array(v))
		return rb_val_get(v, key, out);
	for (; *p >= '0' && *p <= '9' && p - key < 9; p++)
		idx = idx * 10 + (size_t)(*p - '0');
	if (p == key || *p != '\0' || idx >= rb_val_len(v))
		return false;
	*out = rb_val_at(v, idx);
	return true;
}

static struct rb_val
lookup(const struct render *r, const struct rb_tmpl_node *n)
{
	struct rb_val v = rb_val_null();
	uint32_t k = r->nctx;
	const char *key;

	if (n->nkeys == 0)
		return r->ctx[r->nctx - 1];
	key = n->keys[0];
	while (k > 0 && !rb_val_get(r->ctx[k - 1], key, &v))
		k--;
	if (k == 0)
		return rb_val_null();
	for (uint32_t i = 1; i < n->nkeys && v.type != RB_VAL_NULL; i++)
		if (!child(v, n->keys[i], &v))
			return rb_val_null();
	return v;
}

static int
with_ctx(struct render *r, const struct rb_tmpl *t, uint32_t i,
    struct rb_val v)
{
	const struct rb_tmpl_node *n = &t->nodes[i];
	int rc;

	if (r->nctx == RB_TMPL_MAX_DEPTH)
		return too_deep(r, t, n, "sections");
	r->ctx[r->nctx++] = v;
	rc = render_nodes(r, t, i + 1, n->end);
	r->nctx--;
	return rc;
}

static int
section(struct render *r, const struct rb_tmpl *t, uint32_t i)
{
	struct rb_val v = lookup(r, &t->nodes[i]);
	size_t len;

	if (!rb_val_is_array(v))
		return rb_val_truthy(v) ? with_ctx(r, t, i, v) : RB_OK;
	len = rb_val_len(v);
	for (size_t k = 0; k < len; k++) {
		int rc = with_ctx(r, t, i, rb_val_at(v, k));

		if (rc != RB_OK)
			return rc;
	}
	return RB_OK;
}

/*
 * Renders body's nodes [from, to) for the partial, parent or block node n
 * of t, one level deeper, indented by indent.
 */
static int
expand(struct render *r, const struct rb_tmpl *t, const struct rb_tmpl_node *n,
    const struct rb_tmpl *body, uint32_t from, uint32_t to,
    struct rb_str indent)
{
	bool push = n->indent_mode != RB_TMPL_IND_NONE && indent.len > 0;
	int rc;

	if (r->depth == RB_TMPL_MAX_DEPTH)
		return too_deep(r, t, n,
		    n->op == RB_TMPL_BLOCK ? "blocks" : "partials and parents");
	r->depth++;
	if (push)
		r->indent[r->nindent++] = indent;
	rc = render_nodes(r, body, from, to);
	if (push)
		r->nindent--;
	r->depth--;
	return rc;
}

static int
partial(struct render *r, const struct rb_tmpl *t, const struct rb_tmpl_node *n)
{
	const struct rb_tmpl *p = rb_tmpl_set_find(r->set, n->text, n->hash);

	if (p == NULL)
		return RB_OK;
	return expand(r, t, n, p, 0, p->nnodes, n->indent);
}

static int
parent(struct render *r, const struct rb_tmpl *t, uint32_t i)
{
	const struct rb_tmpl_node *n = &t->nodes[i];
	const struct rb_tmpl *p = rb_tmpl_set_find(r->set, n->text, n->hash);
	int rc;

	if (p == NULL)
		return RB_OK;
	if (r->depth == RB_TMPL_MAX_DEPTH)
		return too_deep(r, t, n, "partials and parents");
	r->frames[r->nframes++] = (struct frame){t, i};
	rc = expand(r, t, n, p, 0, p->nnodes, n->indent);
	r->nframes--;
	return rc;
}

/*
 * A block renders the override from the outermost parent that has one
 * (spec: top-level substitutions win), else its own default content.
 */
static int
block(struct render *r, const struct rb_tmpl *t, uint32_t i)
{
	const struct rb_tmpl_node *n = &t->nodes[i];
	const struct rb_tmpl *bt = t;
	uint32_t bi = i;

	for (uint32_t f = 0; f < r->nframes && bi == i; f++) {
		const struct rb_tmpl *pt = r->frames[f].t;
		uint32_t end = pt->nodes[r->frames[f].node].end;

		for (uint32_t j = r->frames[f].node + 1; j < end;
		     j = pt->nodes[j].end) {
			const struct rb_tmpl_node *b = &pt->nodes[j];

			if (b->hash == n->hash && rb_str_eq(b->text, n->text)) {
				bt = pt;
				bi = j;
				break;
			}
		}
	}
	return expand(r, t, n, bt, bi + 1, bt->nodes[bi].end,
	    n->inner.len > 0 ? n->inner : n->indent);
}

static int
render_nodes(
    struct render *r, const struct rb_tmpl *t, uint32_t from, uint32_t to)
{
	int rc = RB_OK;

	for (uint32_t i = from; i < to && rc == RB_OK; i = t->nodes[i].end) {
		const struct rb_tmpl_node *n = &t->nodes[i];

		switch (n->op) {
		case RB_TMPL_TEXT:
			emit_text(r, n->text.ptr, n->text.len);
			break;
		case RB_TMPL_VAR:
		case RB_TMPL_RAW:
			emit_value(r, lookup(r, n), n->op == RB_TMPL_VAR);
			break;
		case RB_TMPL_SECTION:
			rc = section(r, t, i);
			break;
		case RB_TMPL_INVERTED:
			if (!rb_val_truthy(lookup(r, n)))
				rc = render_nodes(r, t, i + 1, n->end);
			break;
		case RB_TMPL_PARTIAL:
			rc = partial(r, t, n);
			break;
		case RB_TMPL_PARENT:
			rc = parent(r, t, i);
			break;
		case RB_TMPL_BLOCK:
			rc = block(r, t, i);
			break;
		}
	}
	return rc;
}

int
rb_tmpl_run(const struct rb_tmpl_set *set, const struct rb_tmpl *t,
    struct json_object *ctx, struct rb_buf *out, struct rb_err *err)
{
	struct render r;
	size_t start = out->len;
	int rc;

	r.set = set;
	r.out = out;
	r.err = err;
	r.bol = true;
	r.nctx = 1;
	r.ctx[0] = rb_val_from_json_c(ctx);
	r.nframes = r.nindent = r.depth = 0;
	rc = render_nodes(&r, t, 0, t->nnodes);
	if (rc != RB_OK)
		rb_buf_truncate(out, start);
	return rc;
}
