#include <stdbool.h>
#include <string.h>

#include "http/http.h"
#include "http/lang.h"

#define MAX_RANGES 32
#define MAX_TAG    35

/* Case and '_' do not matter in a tag: "EN_gb" is "en-gb". */
static char
fold(char c)
{
	return c == '_' ? '-' : rb_http_lower(c);
}

/* A qvalue in thousandths: "0", "0.5", "1", "1.000"; -1 if malformed. */
static int
parse_q(struct rb_str s)
{
	int q, scale = 100;

	if (s.len == 0 || (s.ptr[0] != '0' && s.ptr[0] != '1'))
		return -1;
	q = (s.ptr[0] - '0') * 1000;
	if (s.len == 1)
		return q;
	if (s.ptr[1] != '.' || s.len > 5)
		return -1;
	for (size_t i = 2; i < s.len; i++, scale /= 10) {
		if (s.ptr[i] < '0' || s.ptr[i] > '9')
			return -1;
		q += (s.ptr[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

/* The q of a range's parameters ("q=0.8"); 1000 when none is given. */
static int
range_q(struct rb_str params)
{
	int q = 1000;

	while (params.len > 0) {
		struct rb_str p = rb_http_trim(rb_http_cut(&params, ';'));

		if (p.len >= 2 && fold(p.ptr[0]) == 'q' && p.ptr[1] == '=') {
			p.ptr += 2;
			p.len -= 2;
			q = parse_q(rb_http_trim(p));
		}
	}
	return q;
}

static bool
tag_ok(struct rb_str t)
{
	if (t.len == 0 || t.len > MAX_TAG)
		return false;
	for (size_t i = 0; i < t.len; i++) {
		char c = fold(t.ptr[i]);

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		        c == '-'))
			return false;
	}
	return true;
}

/* Compares the first n bytes of a and b, ignoring case; b ends at n. */
static bool
eq_n(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fold(a[i]) != fold(b[i]))
			return false;
	return b[n] == '\0' || b[n] == '-';
}

static const char *
range_match(struct rb_str tag, const char *const *supported, size_t n)
{
	size_t primary = 0;

	for (size_t i = 0; i < n; i++)
		if (strlen(supported[i]) == tag.len &&
		    eq_n(tag.ptr, supported[i], tag.len))
			return supported[i];
	while (primary < tag.len && tag.ptr[primary] != '-' &&
	    tag.ptr[primary] != '_')
		primary++;
	if (primary == 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strlen(supported[i]) >= primary &&
		    eq_n(tag.ptr, supported[i], primary))
			return supported[i];
	return NULL;
}

const char *
rb_accept_language(struct rb_str header, const char *const *supported, size_t n,
    const char *def)
{
	const char *best = def;
	int best_q = 0;

	if (header.ptr == NULL)
		return def;
	for (int ranges = 0; header.len > 0 && ranges < MAX_RANGES; ranges++) {
		struct rb_str params = rb_http_cut(&header, ',');
		struct rb_str tag = rb_http_trim(rb_http_cut(&params, ';'));
		const char *match;
		int q;

		if (!tag_ok(tag) || (q = range_q(params)) <= best_q)
			continue;
		match = range_match(tag, supported, n);
		if (match != NULL) {
			best = match;
			best_q = q;
		}
	}
	return best;
}
