/*
 * rb_form_parse with limits taken from the first four bytes (so the caps
 * are reached as often as not), both multiline settings, then the typed
 * getters over the result. Checked: the return codes the header allows,
 * an empty list on failure, every pair clean and within the caps, the
 * multiline setting only ever widening what is accepted, rb_kv_get and
 * rb_kv_all agreeing with a walk of the list, and rb_parse_i64 (through
 * rb_kv_i64 and rb_kv_int) agreeing with a reference.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "fuzz.h"
#include "http/form.h"

static void
check_getters(struct rb_arena *a, const struct rb_kv_list *l, struct rb_str key)
{
	static const int64_t bounds[][2] = {
	    {1, 99},
	    {0, INT_MAX},
	    {INT_MIN, INT_MAX},
	    {INT64_MIN, INT64_MAX},
	    {-5, -5},
	};
	struct rb_str first = RB_STR_NULL, *all;
	size_t count = 0, n;
	struct rb_err err;

	for (size_t i = 0; i < l->len; i++) {
		if (!rb_str_eq(l->items[i].key, key))
			continue;
		if (count++ == 0)
			first = l->items[i].val;
	}
	/* Keys are C strings without NUL, so this names the same key. */
	FUZZ_CHECK(rb_kv_get(l, key.ptr).ptr == first.ptr, "rb_kv_get");
	n = rb_kv_all(l, key.ptr, a, &all);
	FUZZ_CHECK(n == count, "rb_kv_all %zu, walk %zu", n, count);
	FUZZ_CHECK((n == 0) == (all == NULL), "rb_kv_all array");
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(all[i].ptr != NULL, "rb_kv_all NULL value");
	if (n > 0)
		FUZZ_CHECK(all[0].ptr == first.ptr, "rb_kv_all order");

	for (size_t b = 0; b < sizeof(bounds) / sizeof(bounds[0]); b++) {
		int64_t min = bounds[b][0], max = bounds[b][1], v = 7, ref = 0;
		bool want = count > 0 && fuzz_ref_i64(first, min, max, &ref);
		int rc;

		rb_err_clear(&err);
		rc = rb_kv_i64(l, key.ptr, min, max, &v, &err);
		if (count == 0) {
			FUZZ_CHECK(rc == RB_DECLINED, "absent key: rc %d", rc);
			FUZZ_CHECK(err.code == RB_OK, "absent key set err");
			continue;
		}
		FUZZ_CHECK((rc == RB_OK) == want,
		    "\"%s\" in [%lld, %lld]: rc %d, reference %d", first.ptr,
		    (long long)min, (long long)max, rc, want);
		if (rc == RB_OK) {
			FUZZ_CHECK(v == ref, "value %lld, reference %lld",
			    (long long)v, (long long)ref);
			FUZZ_CHECK(v >= min && v <= max, "out of range");
		} else {
			FUZZ_CHECK(rc == RB_INVALID, "rc %d", rc);
			FUZZ_CHECK(v == 7, "written on failure");
			FUZZ_CHECK(strcmp(err.field, key.ptr) == 0 ||
			        key.len >= sizeof(err.field),
			    "err.field \"%s\" for key \"%s\"", err.field,
			    key.ptr);
		}
		if (min >= INT_MIN && max <= INT_MAX) {
			int iv = 7;
			int irc = rb_kv_int(
			    l, key.ptr, (int)min, (int)max, &iv, NULL);

			FUZZ_CHECK(
			    irc == rc, "rb_kv_int rc %d, i64 %d", irc, rc);
			FUZZ_CHECK(irc != RB_OK || iv == v, "rb_kv_int value");
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rb_form_limits lim;
	struct rb_kv_list lists[2];
	int rcs[2];
	struct rb_arena a;
	struct rb_err err;
	const char *s;
	size_t n;

	if (size < 4)
		return 0;
	lim.max_fields = 1 + data[0] % 40;
	lim.max_key = 1 + data[1] % 70;
	lim.max_val = data[2] < 200 ? data[2] : 64 << 10;
	lim.max_total = data[3] < 240 ? 4 * (size_t)data[3] : 1 << 20;
	s = (const char *)data + 4;
	n = size - 4;

	rb_arena_init(&a, 4096);
	for (int ml = 0; ml < 2; ml++) {
		lim.multiline = ml;
		rb_err_clear(&err);
		rcs[ml] = rb_form_parse(&a, s, n, &lim, &lists[ml], &err);
		FUZZ_CHECK(rcs[ml] == RB_OK || rcs[ml] == RB_TOOBIG ||
		        rcs[ml] == RB_INVALID,
		    "rc %d", rcs[ml]);
		if (rcs[ml] != RB_OK) {
			FUZZ_CHECK(
			    lists[ml].len == 0 && lists[ml].items == NULL,
			    "failure left a list");
			FUZZ_CHECK(err.code == rcs[ml] && err.msg[0] != '\0',
			    "failure without its error");
			continue;
		}
		FUZZ_CHECK(n <= lim.max_total, "%zu bytes > max_total %zu", n,
		    lim.max_total);
		fuzz_check_form_list(&lists[ml], &lim);
	}

	/* Multiline only lets more values through; the pairs are the same. */
	if (rcs[0] == RB_OK) {
		FUZZ_CHECK(rcs[1] == RB_OK,
		    "multiline refused what single "
		    "line accepted");
		FUZZ_CHECK(lists[0].len == lists[1].len, "pair counts differ");
		for (size_t i = 0; i < lists[0].len; i++)
			FUZZ_CHECK(rb_str_eq(lists[0].items[i].key,
			               lists[1].items[i].key) &&
			        rb_str_eq(lists[0].items[i].val,
			            lists[1].items[i].val),
			    "pair %zu differs", i);
	}
	/* Too big or too many is decided before any decoding, so both
	 * settings agree on it. */
	if (rcs[0] == RB_TOOBIG && n > lim.max_total)
		FUZZ_CHECK(rcs[1] == RB_TOOBIG, "max_total not applied");

	if (rcs[1] == RB_OK) {
		for (size_t i = 0; i < lists[1].len && i < 8; i++)
			check_getters(&a, &lists[1], lists[1].items[i].key);
		check_getters(&a, &lists[1], RB_STR("absent-key-\x01"));
	}

	/* rb_parse_i64 on the raw bytes, against the reference. */
	{
		int64_t v = 0, ref = 0;
		struct rb_str raw = {s, n};
		bool want = fuzz_ref_i64(raw, INT64_MIN, INT64_MAX, &ref);

		FUZZ_CHECK((rb_parse_i64(raw, INT64_MIN, INT64_MAX, &v) ==
		               RB_OK) == want,
		    "rb_parse_i64 disagrees with the reference");
		FUZZ_CHECK(!want || v == ref, "rb_parse_i64 value");
	}
	rb_arena_release(&a);
	return 0;
}
