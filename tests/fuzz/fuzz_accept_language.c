/*
 * rb_accept_language over a fixed list of supported tags. Checked: the
 * answer is one of the supported pointers or the default; a supported tag
 * is chosen only when the header names its primary subtag; no supported
 * tags means the default; and answers that must not change do not:
 * blanks before the header, a "*" range after it, or the same header
 * asked again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "http/http.h"
#include "http/lang.h"

static const char *const supported[] = {
    "en-us",
    "en-gb",
    "fr-fr",
    "de-de",
    "pt-br",
    "zh-hant-tw",
    "x",
};
#define NSUP (sizeof(supported) / sizeof(supported[0]))
static const char def[] = "default";

/* True when the header holds the primary subtag of tag, ignoring case. */
static bool
names_primary(struct rb_str h, const char *tag)
{
	size_t p = strcspn(tag, "-");

	for (size_t i = 0; i + p <= h.len; i++) {
		size_t k = 0;

		while (k < p && rb_http_lower(h.ptr[i + k]) == tag[k])
			k++;
		if (k == p)
			return true;
	}
	return false;
}

static const char *
pick(const char *s, size_t n)
{
	return rb_accept_language((struct rb_str){s, n}, supported, NSUP, def);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *got, *again;
	char *buf = malloc(size + 4);
	bool known = false;

	got = pick(s, size);
	for (size_t i = 0; i < NSUP; i++)
		known |= got == supported[i];
	FUZZ_CHECK(known || got == def,
	    "answer is neither supported nor "
	    "the default");
	if (got != def)
		FUZZ_CHECK(names_primary((struct rb_str){s, size}, got),
		    "chose %s, which the header does not name", got);

	FUZZ_CHECK(rb_accept_language(
	               (struct rb_str){s, size}, supported, 0, def) == def,
	    "an answer from no supported tags");
	FUZZ_CHECK(rb_accept_language(RB_STR_NULL, supported, NSUP, def) == def,
	    "an answer from no header");

	again = pick(s, size);
	FUZZ_CHECK(again == got, "two answers for one header");

	/* Leading blanks are trimmed from the first range. */
	memcpy(buf, " \t", 2);
	memcpy(buf + 2, s, size);
	FUZZ_CHECK(
	    pick(buf, size + 2) == got, "leading blanks changed %s", got);

	/* A "*" range is ignored, wherever it lands. */
	memcpy(buf, s, size);
	memcpy(buf + size, ",*", 2);
	FUZZ_CHECK(pick(buf, size + 2) == got, "a trailing * changed %s", got);

	free(buf);
	return 0;
}
