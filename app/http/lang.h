/*
 * Choosing a language from an Accept-Language header (RFC 9110 12.5.4,
 * "lookup" in the sense of RFC 4647 with a primary-subtag fallback).
 */
#ifndef RB_HTTP_LANG_H
#define RB_HTTP_LANG_H

#include <stddef.h>

#include "core/str.h"

/*
 * The best of the n supported language tags (e.g. "en-us", "en-gb",
 * "fr-fr") for the header, or def when nothing fits.
 *
 * Each listed range is matched exactly (ignoring ASCII case, '_' read as
 * '-'), then by its primary subtag against the supported tags' primary
 * subtags in their given order: "fr" and "fr-CA" -> "fr-fr", "en" and
 * "en-AU" -> the first "en-*" supported, "de-AT" -> "de-de". The highest q
 * wins; ties go to the range listed first. Ignored: q=0, a malformed q
 * ("q=abc", "q=2", "q=-1", "q=0.1234", "q="), "*", ranges that are not
 * 1-35 of [A-Za-z0-9_-], and everything after the first 32 ranges.
 * Returns one of the supported pointers, or def.
 */
const char *rb_accept_language(struct rb_str header,
    const char *const *supported, size_t n, const char *def);

#endif
