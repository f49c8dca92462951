/*
 * What the fuzz targets share: a check that aborts with a message (so
 * libFuzzer keeps the input as a crash), a UTF-8 validator written apart
 * from core/utf8.c to check it against, and the invariants every decoded
 * string and every key/value list must keep.
 *
 * Header-only: each target is one .c file plus the app sources it needs.
 */
#ifndef RB_TESTS_FUZZ_H
#define RB_TESTS_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "core/utf8.h"
#include "http/form.h"

#define FUZZ_CHECK(cond, ...)                                                  \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr,                                        \
			    "%s:%d: invariant broken: %s: ", __FILE__,         \
			    __LINE__, #cond);                                  \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
			abort();                                               \
		}                                                              \
	} while (0)

/*
 * RFC 3629 by the table of section 4 (well-formed byte sequences), not by
 * decoding: a second opinion on rb_utf8_valid.
 */
static inline bool
fuzz_utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		unsigned char lo = 0x80, hi = 0xBF;
		size_t len;

		if (c <= 0x7F) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c == 0xE0)
			len = 3, lo = 0xA0;
		else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
			len = 3;
		else if (c == 0xED)
			len = 3, hi = 0x9F;
		else if (c == 0xF0)
			len = 4, lo = 0x90;
		else if (c >= 0xF1 && c <= 0xF3)
			len = 4;
		else if (c == 0xF4)
			len = 4, hi = 0x8F;
		else
			return false;
		if (n - i < len)
			return false;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (size_t k = 2; k < len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return false;
		i += len;
	}
	return true;
}

/*
 * A string the program may trust: a non-NULL, NUL-terminated view with no
 * NUL inside, valid UTF-8, and no CR or LF unless crlf.
 */
static inline void
fuzz_check_clean(struct rb_str s, bool crlf, const char *what)
{
	FUZZ_CHECK(s.ptr != NULL, "%s is NULL", what);
	FUZZ_CHECK(s.ptr[s.len] == '\0', "%s is not NUL-terminated", what);
	FUZZ_CHECK(memchr(s.ptr, '\0', s.len) == NULL, "%s holds a NUL", what);
	FUZZ_CHECK(rb_utf8_valid(s.ptr, s.len), "%s is not UTF-8", what);
	FUZZ_CHECK(fuzz_utf8_valid((const unsigned char *)s.ptr, s.len),
	    "%s is not UTF-8 by the RFC table", what);
	if (!crlf) {
		FUZZ_CHECK(
		    memchr(s.ptr, '\r', s.len) == NULL, "%s holds CR", what);
		FUZZ_CHECK(
		    memchr(s.ptr, '\n', s.len) == NULL, "%s holds LF", what);
	}
}

/* A list from rb_form_parse: every pair clean and within the limits. */
static inline void
fuzz_check_form_list(
    const struct rb_kv_list *l, const struct rb_form_limits *lim)
{
	FUZZ_CHECK(l->len <= lim->max_fields, "%zu fields > %zu", l->len,
	    lim->max_fields);
	FUZZ_CHECK(l->len <= l->cap, "len %zu > cap %zu", l->len, l->cap);
	FUZZ_CHECK(l->len == 0 || l->items != NULL, "items NULL");
	for (size_t i = 0; i < l->len; i++) {
		struct rb_str k = l->items[i].key, v = l->items[i].val;

		fuzz_check_clean(k, false, "key");
		fuzz_check_clean(v, lim->multiline, "value");
		FUZZ_CHECK(k.len > 0, "empty key");
		FUZZ_CHECK(k.len <= lim->max_key, "key %zu > %zu", k.len,
		    lim->max_key);
		FUZZ_CHECK(v.len <= lim->max_val, "value %zu > %zu", v.len,
		    lim->max_val);
	}
}

/*
 * Reference for rb_parse_i64: an optional '-', then 1-19 digits (more
 * overflow or have leading zeros that we count exactly), in range.
 */
static inline bool
fuzz_ref_i64(struct rb_str s, int64_t min, int64_t max, int64_t *out)
{
	size_t i = 0;
	bool neg;
	__int128 v = 0;

	if (s.ptr == NULL || s.len == 0)
		return false;
	neg = s.ptr[0] == '-';
	i = neg;
	if (i == s.len)
		return false;
	for (; i < s.len; i++) {
		if (s.ptr[i] < '0' || s.ptr[i] > '9')
			return false;
		v = v * 10 + (s.ptr[i] - '0');
		if (v > (__int128)INT64_MAX + 1)
			return false;
	}
	if (neg)
		v = -v;
	if (v < INT64_MIN || v > INT64_MAX || v < min || v > max)
		return false;
	*out = (int64_t)v;
	return true;
}

#endif
