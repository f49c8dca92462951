/*
 * Filtering, facet counting and sorting of a listing's rows. One pass
 * works out each row's filter flags; a second counts every facet with
 * every filter but its own; the kept rows are then sorted by the one
 * ascending key pair (sk, st) that keyset cursors also carry.
 */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/catalog_index.h"

#define US '\x1f'
#define RS '\x1e'

/* A strict decimal integer of s[0..len): optional '-', 1..18 digits. */
static bool
parse_i64(const char *s, size_t len, int64_t *out)
{
	size_t i = s != NULL && len > 0 && s[0] == '-';
	int64_t v = 0;

	if (len == i || len - i > 18)
		return false;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = s[0] == '-' ? -v : v;
	return true;
}

static bool
parse_int(const char *s, size_t len, int *out)
{
	int64_t v;

	if (!parse_i64(s, len, &v) || v < -2147483647 || v > 2147483647)
		return false;
	*out = (int)v;
	return true;
}

static bool
parse_storages(const char *s, size_t len, struct catalog_row *r)
{
	size_t i = 0;

	r->nstorages = 0;
	while (i < len) {
		size_t j = i;

		while (j < len && s[j] != ',')
			j++;
		if (r->nstorages == CATALOG_ROW_STORAGES ||
		    !parse_int(s + i, j - i, &r->storages[r->nstorages++]))
			return false;
		i = j + 1;
	}
	return true;
}

int
catalog_row_parse(const char *s, size_t len, int64_t relevance,
    struct catalog_row *r)
{
	const char *f[11];
	size_t flen[11], i = 0;
	int64_t v;

	memset(r, 0, sizeof(*r));
	for (size_t k = 0; k < 11; k++) {
		size_t j = i;

		while (j < len && s[j] != ' ')
			j++;
		if (j == len)
			return RB_INVALID;
		f[k] = s + i;
		flen[k] = j - i;
		i = j + 1;
	}
	if (!parse_i64(f[0], flen[0], &r->id) ||
	    !parse_int(f[1], flen[1], &r->brand) ||
	    !parse_int(f[2], flen[2], &r->category) ||
	    !parse_int(f[3], flen[3], &r->popularity) ||
	    !parse_int(f[4], flen[4], &r->released) ||
	    !parse_int(f[5], flen[5], &r->offers) ||
	    !parse_storages(f[10], flen[10], r))
		return RB_INVALID;
	for (size_t g = 0; g < GRADE_COUNT; g++) {
		if (flen[6 + g] == 0)
			r->price[g] = -1;
		else if (parse_i64(f[6 + g], flen[6 + g], &v) && v > 0)
			r->price[g] = v;
		else
			return RB_INVALID;
	}
	r->attrs = s + i;
	r->attrs_len = len - i;
	r->relevance = relevance;
	return RB_OK;
}

bool
catalog_row_attr(const struct catalog_row *r, const char *code,
    const char **value, size_t *len)
{
	size_t clen = strlen(code);
	const char *p = r->attrs, *end = r->attrs + r->attrs_len;

	while (p < end) {
		const char *rec = memchr(p, RS, (size_t)(end - p));
		const char *recend = rec ? rec : end;
		const char *sep = memchr(p, US, (size_t)(recend - p));

		if (sep != NULL && (size_t)(sep - p) == clen &&
		    memcmp(p, code, clen) == 0) {
			*value = sep + 1;
			*len = (size_t)(recend - sep - 1);
			return true;
		}
		p = recend + 1;
	}
	return false;
}

/* Trims a decimal to its canonical digits: no leading zeros before the
 * point, no trailing zeros after it, no bare point. */
static void
decimal_trim(const char **s, size_t *len)
{
	const char *p = *s;
	size_t n = *len;
	const char *dot = memchr(p, '.', n);

	if (dot != NULL) {
		while (n > 0 && p[n - 1] == '0')
			n--;
		if (n > 0 && p[n - 1] == '.')
			n--;
	}
	while (n > 1 && p[0] == '0' && p[1] != '.') {
		p++;
		n--;
	}
	*s = p;
	*len = n;
}

bool
catalog_decimal_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	bool na = alen > 0 && a[0] == '-', nb = blen > 0 && b[0] == '-';

	if (na != nb)
		return false;
	a += na;
	alen -= na;
	b += nb;
	blen -= nb;
	decimal_trim(&a, &alen);
	decimal_trim(&b, &blen);
	return alen == blen && memcmp(a, b, alen) == 0;
}

/* --- the tally: open addressing, grown at half full ---------------------- */

static uint64_t
tally_hash(int facet, int64_t key, const char *value, size_t len)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)facet;

	h = (h ^ (uint64_t)key) * 1099511628211ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)value[i]) * 1099511628211ull;
	return h ^ (h >> 29);
}

static void tally_add(struct rb_arena *a, struct catalog_tally *t, int facet,
    int64_t key, const char *value, size_t len, int64_t count);

static void
tally_grow(struct rb_arena *a, struct catalog_tally *t)
{
	struct catalog_tally old = *t;

	t->cap = old.cap ? old.cap * 2 : 64;
	t->n = 0;
	t->slot = rb_arena_calloc(a, t->cap * sizeof(*t->slot));
	for (size_t i = 0; i < old.cap; i++)
		if (old.slot[i].count > 0)
			tally_add(a, t, old.slot[i].facet, old.slot[i].key,
			    old.slot[i].value, old.slot[i].len,
			    old.slot[i].count);
}

static void
tally_add(struct rb_arena *a, struct catalog_tally *t, int facet,
    int64_t key, const char *value, size_t len, int64_t count)
{
	size_t i;

	if (2 * (t->n + 1) > t->cap)
		tally_grow(a, t);
	i = tally_hash(facet, key, value, len) & (t->cap - 1);
	for (;; i = (i + 1) & (t->cap - 1)) {
		struct catalog_tally_entry *e = &t->slot[i];

		if (e->count == 0) {
			*e = (struct catalog_tally_entry){ facet, key, value,
				len, count };
			t->n++;
			return;
		}
		if (e->facet == facet && e->key == key && e->len == len &&
		    (len == 0 || memcmp(e->value, value, len) == 0)) {
			e->count += count;
			return;
		}
	}
}

bool
catalog_parse_i64(const char *s, size_t len, int64_t *out)
{
	return parse_i64(s, len, out);
}

void
catalog_tally_add(struct rb_arena *a, struct catalog_tally *t, int facet,
    int64_t key, const char *value, size_t len, int64_t count)
{
	tally_add(a, t, facet, key, value, len, count);
}

/* --- filters -------------------------------------------------------------- */

static bool
has_int(const int *v, size_t n, int x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* The price shown: the cheapest of the asked-for grades (any, when the
 * query names none); -1 when the row has none of them. */
static int64_t
effective_price(const struct catalog_row *r, unsigned grades)
{
	int64_t best = -1;

	for (size_t g = 0; g < GRADE_COUNT; g++)
		if ((grades == 0 || (grades & (1u << g))) && r->price[g] > 0 &&
		    (best < 0 || r->price[g] < best))
			best = r->price[g];
	return best;
}

static bool
in_range(const struct catalog_query *q, int64_t price)
{
	return (q->min_price < 0 || price >= q->min_price) &&
	    (q->max_price < 0 || price <= q->max_price);
}

/* The value of each attribute facet in a row, from one scan of its
 * attributes: vals[k] is codes[k]'s (NULL when the row has none). */
struct span {
	const char *p;
	size_t len;
};

static void
scan_attrs(const struct catalog_row *r, const struct catalog_filter *f,
    const size_t *clen, struct span *vals)
{
	const char *p = r->attrs, *end = r->attrs + r->attrs_len;

	memset(vals, 0, f->ncodes * sizeof(*vals));
	while (p < end) {
		const char *rec = memchr(p, RS, (size_t)(end - p));
		const char *recend = rec ? rec : end;
		const char *sep = memchr(p, US, (size_t)(recend - p));

		for (size_t k = 0; sep != NULL && k < f->ncodes; k++)
			if ((size_t)(sep - p) == clen[k] &&
			    memcmp(p, f->codes[k], clen[k]) == 0) {
				vals[k] = (struct span){ sep + 1,
					(size_t)(recend - sep - 1) };
				break;
			}
		p = recend + 1;
	}
}

static bool
attr_met(struct span v, const struct catalog_attr_filter *af, bool number)
{
	if (v.p == NULL)
		return false;
	for (size_t i = 0; i < af->nvalues; i++) {
		const char *w = af->values[i];
		size_t wlen = strlen(w);

		if (number ? catalog_decimal_eq(v.p, v.len, w, wlen) :
		    (v.len == wlen && memcmp(v.p, w, v.len) == 0))
			return true;
	}
	return false;
}

static void
sort_key(struct catalog_row *r, enum catalog_sort sort)
{
	r->st = -r->id;
	switch (sort) {
	case CATALOG_SORT_PRICE_ASC:
		r->sk = r->eff;
		r->st = r->id;
		break;
	case CATALOG_SORT_PRICE_DESC:
		r->sk = -r->eff;
		break;
	case CATALOG_SORT_NEWEST:
		r->sk = -(int64_t)r->released;
		break;
	case CATALOG_SORT_RELEVANCE:
		r->sk = -r->relevance;
		break;
	default:
		r->sk = -(int64_t)r->popularity;
		break;
	}
}

/* What the index works out once per listing: each code's length, and
 * for each attribute filter the facet it filters (-1: not a facet) and
 * for each facet the bit of its filter (0: none). */
struct plan {
	size_t clen[CATALOG_MAX_VALUES * 2];
	int fk[CATALOG_MAX_VALUES];
	unsigned bits[CATALOG_MAX_VALUES * 2];
};

static void
flag_row(struct catalog_row *r, const struct catalog_filter *f,
    const struct plan *pl, const struct span *vals)
{
	const struct catalog_query *q = f->q;

	r->eff = effective_price(r, q->grades);
	r->b_ok = f->nbrands == 0 || has_int(f->brands, f->nbrands, r->brand);
	r->g_ok = r->eff > 0;
	r->s_ok = q->nstorages == 0;
	for (size_t i = 0; !r->s_ok && i < r->nstorages; i++)
		r->s_ok = has_int(q->storages, q->nstorages, r->storages[i]);
	r->p_ok = r->g_ok && in_range(q, r->eff);
	r->fails = 0;
	for (size_t j = 0; j < q->nattrs; j++) {
		struct span v = { NULL, 0 };

		if (pl->fk[j] >= 0)
			v = vals[pl->fk[j]];
		else /* v stays empty when the row has no such attribute */
			(void)catalog_row_attr(r, q->attrs[j].code, &v.p,
			    &v.len);
		if (!attr_met(v, &q->attrs[j], f->attr_number[j]))
			r->fails |= 1u << j;
	}
	sort_key(r, q->sort);
}

static void
plan_init(struct plan *pl, const struct catalog_filter *f)
{
	const struct catalog_query *q = f->q;

	for (size_t k = 0; k < f->ncodes; k++) {
		pl->clen[k] = strlen(f->codes[k]);
		pl->bits[k] = 0;
	}
	for (size_t j = 0; j < q->nattrs; j++) {
		pl->fk[j] = -1;
		for (size_t k = 0; k < f->ncodes; k++)
			if (strcmp(q->attrs[j].code, f->codes[k]) == 0) {
				pl->fk[j] = (int)k;
				pl->bits[k] = 1u << j;
			}
	}
}

/* --- counting --------------------------------------------------------------- */

static void
count_attrs(struct rb_arena *a, const struct catalog_row *r,
    const struct catalog_filter *f, const struct plan *pl,
    const struct span *vals, struct catalog_tally *t)
{
	for (size_t k = 0; k < f->ncodes; k++)
		/* Every filter but the one on this attribute. */
		if (vals[k].p != NULL && (r->fails & ~pl->bits[k]) == 0)
			tally_add(a, t, (int)k, 0, vals[k].p, vals[k].len, 1);
}

static void
count_row(struct rb_arena *a, const struct catalog_row *r,
    const struct catalog_filter *f, const struct plan *pl,
    const struct span *vals, struct catalog_counts *c)
{
	const struct catalog_query *q = f->q;
	bool attrs_ok = r->fails == 0;

	if (r->b_ok && r->g_ok && r->s_ok && r->p_ok && attrs_ok) {
		c->total++;
		tally_add(a, &c->categories, 0, r->category, NULL, 0, 1);
	}
	if (r->g_ok && r->s_ok && r->p_ok && attrs_ok)
		tally_add(a, &c->brands, 0, r->brand, NULL, 0, 1);
	if (r->b_ok && r->s_ok && attrs_ok)
		for (size_t g = 0; g < GRADE_COUNT; g++)
			if (r->price[g] > 0 && in_range(q, r->price[g]))
				c->grade[g]++;
	if (r->b_ok && r->g_ok && r->p_ok && attrs_ok)
		for (size_t i = 0; i < r->nstorages; i++)
			tally_add(a, &c->storages, 0, r->storages[i], NULL, 0,
			    1);
	if (r->b_ok && r->g_ok && r->s_ok && attrs_ok) {
		if (!c->has_price || r->eff < c->price_min)
			c->price_min = r->eff;
		if (!c->has_price || r->eff > c->price_max)
			c->price_max = r->eff;
		c->has_price = true;
	}
	if (r->b_ok && r->g_ok && r->s_ok && r->p_ok)
		count_attrs(a, r, f, pl, vals, &c->attrs);
}

static int
cmp_rows(const void *x, const void *y)
{
	const struct catalog_row *a = *(struct catalog_row *const *)x;
	const struct catalog_row *b = *(struct catalog_row *const *)y;

	if (a->sk != b->sk)
		return a->sk < b->sk ? -1 : 1;
	return a->st < b->st ? -1 : a->st > b->st;
}

static bool
row_less(const struct catalog_row *a, const struct catalog_row *b)
{
	return a->sk < b->sk || (a->sk == b->sk && a->st < b->st);
}

/* Restores the max-heap of h[0..n) (by the sort order) below i. */
static void
sift_down(struct catalog_row **h, size_t n, size_t i)
{
	for (;;) {
		size_t c = 2 * i + 1;
		struct catalog_row *t;

		if (c >= n)
			return;
		if (c + 1 < n && row_less(h[c], h[c + 1]))
			c++;
		if (!row_less(h[i], h[c]))
			return;
		t = h[i];
		h[i] = h[c];
		h[c] = t;
		i = c;
	}
}

/*
 * Sorts the k first of the n hits in order, the rest left after them in
 * any order: a page needs only the rows up to its last, and sorting them
 * all took a fifth of a category page's index time. The k smallest are
 * kept in a max-heap while the rest stream past it.
 */
static void
sort_first(struct catalog_row **h, size_t n, size_t k)
{
	if (k < n) {
		for (size_t i = k / 2; i-- > 0;)
			sift_down(h, k, i);
		for (size_t i = k; k > 0 && i < n; i++)
			if (row_less(h[i], h[0])) {
				struct catalog_row *t = h[0];

				h[0] = h[i];
				h[i] = t;
				sift_down(h, k, 0);
			}
		n = k;
	}
	qsort(h, n, sizeof(*h), cmp_rows);
}

void
catalog_row_rank(struct catalog_row *r, const struct catalog_query *q)
{
	r->eff = effective_price(r, q->grades);
	sort_key(r, q->sort);
}

static bool
after_cursor(const struct catalog_row *r, const struct catalog_query *q)
{
	return !q->has_cursor || r->sk > q->cursor_key ||
	    (r->sk == q->cursor_key && r->st > q->cursor_tie);
}

void
catalog_index_run(struct rb_arena *a, struct catalog_row *rows, size_t n,
    const struct catalog_filter *f, struct catalog_counts *out)
{
	struct plan pl;
	struct span vals[CATALOG_MAX_VALUES * 2];
	struct catalog_filter capped = *f;

	if (capped.ncodes > CATALOG_MAX_VALUES * 2)
		capped.ncodes = CATALOG_MAX_VALUES * 2;
	f = &capped;
	memset(out, 0, sizeof(*out));
	plan_init(&pl, f);
	out->hits = rb_arena_alloc(a, (n + 1) * sizeof(*out->hits));
	for (size_t i = 0; i < n; i++) {
		struct catalog_row *r = &rows[i];

		scan_attrs(r, f, pl.clen, vals);
		flag_row(r, f, &pl, vals);
		count_row(a, r, f, &pl, vals, out);
		if (r->b_ok && r->g_ok && r->s_ok && r->p_ok &&
		    r->fails == 0 && after_cursor(r, f->q))
			out->hits[out->nhits++] = r;
	}
	sort_first(out->hits, out->nhits, f->q->has_cursor ?
	    (size_t)f->q->limit : (size_t)f->q->page * (size_t)f->q->limit);
}
