/*
 * Key/value lists, and application/x-www-form-urlencoded parsing (form
 * bodies and query strings alike), with the typed getters handlers read
 * their input through.
 *
 * Every key and value in a list built here is a NUL-terminated string in
 * the request arena (ptr never NULL, ptr[len] == '\0'), already decoded
 * and checked by rb_url_decode: no NUL, valid UTF-8, no CR/LF in keys.
 * A list lives as long as its arena.
 */
#ifndef RB_HTTP_FORM_H
#define RB_HTTP_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct rb_arena;

struct rb_kv {
	struct rb_str key;
	struct rb_str val;
};

/*
 * Pairs in the order they arrived; duplicates are kept. Zero-initialise
 * (or set items NULL, len and cap 0) for an empty list.
 */
struct rb_kv_list {
	struct rb_kv *items;
	size_t len;
	size_t cap; /* slots allocated in the arena */
};

/* Caps a caller puts on one form body or query string. */
struct rb_form_limits {
	size_t max_fields; /* non-empty "k=v" pieces */
	size_t max_key;    /* bytes of a decoded key */
	size_t max_val;    /* bytes of a decoded value */
	size_t max_total;  /* bytes of the encoded input */
	bool multiline;	   /* values may hold CR/LF: form bodies (textareas),
			      never query strings */
};

/* Appends a pair (not copied: the views must outlive the list). */
void rb_kv_add(struct rb_kv_list *l, struct rb_arena *a, struct rb_str key,
    struct rb_str val);

/*
 * Parses the n bytes at s ("a=1&b=x+y%21") into *out.
 *
 * Pieces are split on '&' only (not ';'). Empty pieces ("a&&b=") are
 * skipped; a piece without '=' is a key with an empty value; a piece with
 * an empty key ("=x") is skipped, since no getter can name it. '+' is a
 * space. Values may hold CR/LF when lim->multiline (a textarea); keys
 * never.
 *
 * RB_OK: *out holds the pairs.
 * RB_TOOBIG: n > max_total, more than max_fields pieces, or a decoded key
 * or value over its cap; checked before the work they would cost where
 * possible.
 * RB_INVALID: a key or value fails rb_url_decode; err->field names the
 * key when the value was at fault (and the key fits).
 * On failure *out is empty.
 */
int rb_form_parse(struct rb_arena *a, const char *s, size_t n,
    const struct rb_form_limits *lim, struct rb_kv_list *out,
    struct rb_err *err);

/*
 * The first value of key (first wins for duplicates), or RB_STR_NULL
 * (ptr NULL) when key is absent. "k=" gives a present, empty value.
 */
struct rb_str rb_kv_get(const struct rb_kv_list *l, const char *key);

/*
 * Every value of key, in order: returns how many, and points *out at an
 * array of them in arena a (NULL when there are none).
 */
size_t rb_kv_all(const struct rb_kv_list *l, const char *key,
    struct rb_arena *a, struct rb_str **out);

/*
 * Parses s as a base-10 integer in [min, max], like kore's strtonum: an
 * optional '-' then digits only. Refused with RB_INVALID: "", "+1", " 1",
 * "1 ", "1x", "0x10", "1e3", overflow, and anything outside [min, max].
 * *out is written only on RB_OK.
 */
int rb_parse_i64(struct rb_str s, int64_t min, int64_t max, int64_t *out);

/*
 * The first value of key as an integer in [min, max].
 * RB_OK: *out set. RB_DECLINED: key absent (err untouched; the caller
 * decides whether it was required). RB_INVALID: present but not a number
 * in range, including an empty value ("quantity="); err->field is key and
 * err->msg reads "must be a whole number from MIN to MAX".
 */
int rb_kv_int(const struct rb_kv_list *l, const char *key, int min, int max,
    int *out, struct rb_err *err);
int rb_kv_i64(const struct rb_kv_list *l, const char *key, int64_t min,
    int64_t max, int64_t *out, struct rb_err *err);

#endif
