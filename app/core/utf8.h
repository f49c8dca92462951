#ifndef RB_CORE_UTF8_H
#define RB_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/*
 * True when the n bytes at s are well-formed UTF-8 (RFC 3629): no overlong
 * forms, no surrogates, nothing above U+10FFFF.
 */
bool rb_utf8_valid(const char *s, size_t n);

#endif
