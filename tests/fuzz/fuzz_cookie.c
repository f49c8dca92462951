/*
 * rb_cookie_parse with a cap from the first byte. Checked: never more
 * than the cap, every name a non-empty RFC token and every value only
 * cookie-octets (so no space, quote, comma, backslash, control or
 * non-ASCII byte reaches a handler), both NUL-terminated copies; each
 * kept pair is one of the input's ';'-separated pieces, in order; and a
 * larger cap keeps a superset, in the same order.
 */
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "fuzz.h"
#include "http/cookie.h"
#include "http/http.h"

static void
check_list(const struct rb_kv_list *l, size_t max, const char *s, size_t n)
{
	size_t pos = 0; /* pairs are found in the input in order */

	FUZZ_CHECK(l->len <= max, "%zu cookies > max %zu", l->len, max);
	FUZZ_CHECK(l->len <= l->cap, "len > cap");
	for (size_t i = 0; i < l->len; i++) {
		struct rb_str k = l->items[i].key, v = l->items[i].val;
		const char *at;

		FUZZ_CHECK(k.ptr != NULL && k.ptr[k.len] == '\0', "name");
		FUZZ_CHECK(v.ptr != NULL && v.ptr[v.len] == '\0', "value");
		FUZZ_CHECK(k.len > 0, "empty name");
		for (size_t j = 0; j < k.len; j++)
			FUZZ_CHECK(rb_http_is_tchar((unsigned char)k.ptr[j]),
			    "name byte 0x%02x", (unsigned char)k.ptr[j]);
		for (size_t j = 0; j < v.len; j++)
			FUZZ_CHECK(
			    rb_http_is_cookie_octet((unsigned char)v.ptr[j]),
			    "value byte 0x%02x", (unsigned char)v.ptr[j]);
		/* The name, then (after blanks) '=', appears at or after
		 * the previous pair. */
		at = pos < n ? memmem(s + pos, n - pos, k.ptr, k.len) : NULL;
		FUZZ_CHECK(
		    at != NULL, "name \"%s\" not in the input (order)", k.ptr);
		at = memmem(at, n - (size_t)(at - s), v.ptr, v.len);
		FUZZ_CHECK(at != NULL, "value \"%s\" not in the input", v.ptr);
		pos = (size_t)(at - s) + v.len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rb_kv_list small, big;
	struct rb_arena a;
	const char *s;
	size_t n, max;

	if (size < 1)
		return 0;
	max = data[0] % 16;
	s = (const char *)data + 1;
	n = size - 1;

	rb_arena_init(&a, 4096);
	rb_cookie_parse(&a, s, n, max, &small);
	check_list(&small, max, s, n);
	if (n == 0 || max == 0)
		FUZZ_CHECK(small.len == 0, "cookies from nothing");

	rb_cookie_parse(&a, s, n, 1000, &big);
	check_list(&big, 1000, s, n);
	/* The cap drops the tail, never a pair in the middle. */
	FUZZ_CHECK(small.len <= big.len, "a smaller cap kept more");
	for (size_t i = 0; i < small.len; i++)
		FUZZ_CHECK(rb_str_eq(small.items[i].key, big.items[i].key) &&
		        rb_str_eq(small.items[i].val, big.items[i].val),
		    "cap %zu: pair %zu differs", max, i);
	/* rb_kv_get finds the first. */
	if (big.len > 0)
		FUZZ_CHECK(rb_kv_get(&big, big.items[0].key.ptr).ptr ==
		        big.items[0].val.ptr,
		    "rb_kv_get is not the first");
	rb_arena_release(&a);
	return 0;
}
