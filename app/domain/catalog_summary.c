/*
 * A listing summary (sql/migrations/0008_listing_summaries.sql) read into
 * the counts catalog_index_run makes of the same rows without filters:
 * records separated by RS, fields by US, the kind of record first.
 */
#include <string.h>

#include "core/err.h"
#include "domain/catalog_index.h"

#define US '\x1f'
#define RS '\x1e'

#define MAX_FIELDS 4

struct field {
	const char *p;
	size_t len;
};

/* The fields after the kind of record rec[0..len); how many, or
 * MAX_FIELDS + 1 when there are more. */
static size_t
split(const char *rec, size_t len, struct field *f)
{
	const char *p = rec, *end = rec + len;
	size_t n = 0;

	while (p < end && *p != US)
		p++;
	while (p < end) {
		const char *s = ++p;

		while (p < end && *p != US)
			p++;
		if (n == MAX_FIELDS)
			return MAX_FIELDS + 1;
		f[n++] = (struct field){ s, (size_t)(p - s) };
	}
	return n;
}

/* The numbers f[0..n), each > 0 when positive. */
static bool
numbers(const struct field *f, size_t n, int64_t *v, bool positive)
{
	for (size_t i = 0; i < n; i++)
		if (!catalog_parse_i64(f[i].p, f[i].len, &v[i]) || v[i] < 0 ||
		    (positive && v[i] == 0))
			return false;
	return true;
}

/* The index of code f in the attribute facets counted, or -1. */
static int
facet_of(const struct catalog_filter *f, struct field code)
{
	for (size_t k = 0; k < f->ncodes; k++)
		if (strlen(f->codes[k]) == code.len &&
		    memcmp(f->codes[k], code.p, code.len) == 0)
			return (int)k;
	return -1;
}

/* A (kind, key, count) record into its tally; a count of 0 adds nothing. */
static bool
keyed(struct rb_arena *a, struct catalog_tally *t, const struct field *f,
    size_t n)
{
	int64_t v[2];

	if (n != 2 || !numbers(f, 2, v, false))
		return false;
	if (v[1] > 0)
		catalog_tally_add(a, t, 0, v[0], NULL, 0, v[1]);
	return true;
}

static bool
record(struct rb_arena *a, const char *rec, size_t len,
    const struct catalog_filter *flt, struct catalog_counts *c)
{
	struct field f[MAX_FIELDS];
	size_t n = split(rec, len, f);
	int64_t v[MAX_FIELDS];
	int k;

	if (len < 2 || rec[1] != US)
		return false;
	switch (rec[0]) {
	case 'c':
		return keyed(a, &c->categories, f, n);
	case 'g':
		return n == GRADE_COUNT && numbers(f, n, c->grade, false);
	case 'r':
		if (n != 2 || !numbers(f, 2, v, true) || v[0] > v[1])
			return false;
		c->has_price = true;
		c->price_min = v[0];
		c->price_max = v[1];
		return true;
	case 'b':
		return keyed(a, &c->brands, f, n);
	case 's':
		return keyed(a, &c->storages, f, n);
	case 'a':
		if (n != 3 || !numbers(f + 2, 1, v, true))
			return false;
		if ((k = facet_of(flt, f[0])) >= 0)
			catalog_tally_add(a, &c->attrs, k, 0, f[1].p, f[1].len,
			    v[0]);
		return true;
	default:
		return false;
	}
}

int
catalog_summary_parse(struct rb_arena *a, const char *s, size_t len,
    const struct catalog_filter *f, struct catalog_counts *out)
{
	const char *p = s, *end = s + len;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *rec = p;

		while (p < end && *p != RS)
			p++;
		if (!record(a, rec, (size_t)(p - rec), f, out))
			return RB_INVALID;
		p++;
	}
	CATALOG_TALLY_EACH(&out->categories, e)
		out->total += e->count;
	return RB_OK;
}
