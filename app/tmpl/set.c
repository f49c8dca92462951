/*
 * The named collection of compiled templates: an open-addressing hash
 * table, so a partial costs one probe at render time (its name's hash is
 * computed at compile time). Partials are looked up by name on every
 * render rather than linked once, so replacing a template never leaves
 * another pointing at the old one.
 */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/mem.h"
#include "tmpl/node.h"
#include "tmpl/tmpl.h"

struct rb_tmpl_set {
	struct rb_tmpl **slots; /* cap slots, NULL when empty */
	size_t cap;             /* a power of two */
	size_t count;
};

struct rb_tmpl_set *
rb_tmpl_set_new(void)
{
	struct rb_tmpl_set *set = rb_xmalloc(sizeof(*set));

	set->cap = 64;
	set->count = 0;
	set->slots = rb_xcalloc(set->cap, sizeof(*set->slots));
	return set;
}

void
rb_tmpl_set_free(struct rb_tmpl_set *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->cap; i++)
		rb_tmpl_free(set->slots[i]);
	free(set->slots);
	free(set);
}

/* The slot holding name, or the empty slot where it would go. */
static size_t
slot_of(const struct rb_tmpl_set *set, struct rb_str name, uint32_t hash)
{
	size_t mask = set->cap - 1, i = hash & mask;

	for (;;) {
		const struct rb_tmpl *t = set->slots[i];

		if (t == NULL ||
		    (t->hash == hash && rb_str_eq_c(name, t->name)))
			return i;
		i = (i + 1) & mask;
	}
}

static void
grow(struct rb_tmpl_set *set)
{
	struct rb_tmpl **old = set->slots;
	size_t oldcap = set->cap;

	set->cap *= 2;
	set->slots = rb_xcalloc(set->cap, sizeof(*set->slots));
	for (size_t i = 0; i < oldcap; i++) {
		struct rb_tmpl *t = old[i];
		size_t j;

		if (t == NULL)
			continue;
		j = slot_of(set, rb_str_c(t->name), t->hash);
		set->slots[j] = t;
	}
	free(old);
}

const struct rb_tmpl *
rb_tmpl_set_find(
    const struct rb_tmpl_set *set, struct rb_str name, uint32_t hash)
{
	return set->slots[slot_of(set, name, hash)];
}

/* The template called name, a C string. */
static const struct rb_tmpl *
find_c(const struct rb_tmpl_set *set, const char *name)
{
	size_t len = strlen(name);

	return rb_tmpl_set_find(
	    set, (struct rb_str){name, len}, rb_tmpl_hash(name, len));
}

bool
rb_tmpl_set_has(const struct rb_tmpl_set *set, const char *name)
{
	return find_c(set, name) != NULL;
}

int
rb_tmpl_set_add(struct rb_tmpl_set *set, const char *name, const char *src,
    size_t len, const char *filename, struct rb_err *err)
{
	struct rb_tmpl *t = rb_tmpl_compile(name, src, len, filename, err);
	size_t i;

	if (t == NULL)
		return RB_INVALID;
	/* At most half full, so probes stay short and one slot stays free. */
	if (2 * (set->count + 1) > set->cap)
		grow(set);
	i = slot_of(set, rb_str_c(t->name), t->hash);
	if (set->slots[i] == NULL)
		set->count++;
	rb_tmpl_free(set->slots[i]);
	set->slots[i] = t;
	return RB_OK;
}

static int
check_tmpl(
    const struct rb_tmpl_set *set, const struct rb_tmpl *t, struct rb_err *err)
{
	for (uint32_t i = 0; i < t->nnodes; i++) {
		const struct rb_tmpl_node *n = &t->nodes[i];

		if (n->op != RB_TMPL_PARTIAL && n->op != RB_TMPL_PARENT)
			continue;
		if (rb_tmpl_set_find(set, n->text, n->hash) == NULL)
			return rb_err_set(err, RB_INVALID,
			    "%s:%u: missing %s \"%.*s\"", t->filename, n->line,
			    n->op == RB_TMPL_PARTIAL ? "partial" : "parent",
			    (int)n->text.len, n->text.ptr);
	}
	return RB_OK;
}

/*
 * Reports the broken template whose file name sorts first, so the message
 * does not depend on the hash table's order.
 */
int
rb_tmpl_set_check(const struct rb_tmpl_set *set, struct rb_err *err)
{
	const struct rb_tmpl *first = NULL;

	for (size_t i = 0; i < set->cap; i++) {
		const struct rb_tmpl *t = set->slots[i];

		if (t != NULL && check_tmpl(set, t, NULL) != RB_OK &&
		    (first == NULL || strcmp(t->filename, first->filename) < 0))
			first = t;
	}
	return first ? check_tmpl(set, first, err) : RB_OK;
}

int
rb_tmpl_render(const struct rb_tmpl_set *set, const char *name,
    struct json_object *ctx, struct rb_buf *out, struct rb_err *err)
{
	const struct rb_tmpl *t = find_c(set, name);

	if (t == NULL)
		return rb_err_set(err, RB_DECLINED, "no template \"%s\"", name);
	return rb_tmpl_run(set, t, ctx, out, err);
}
