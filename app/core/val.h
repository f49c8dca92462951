/*
 * View values in the request arena: null, booleans, integers, strings,
 * objects and arrays that a page's view model is built of, which the
 * template engine renders and the API writes as JSON.
 *
 * They exist because json-c allocates for every object, table, array and
 * string and frees each one again: a listing's two dozen product cards
 * were some 1,700 mallocs and frees per request. A val is a few words in
 * the arena; strings and keys are not copied, so they must live as long
 * as the request (arena strings, reference data, literals).
 *
 * Vals and json-c trees nest both ways, so views move over one part at a
 * time: RB_VAL_JSONC wraps a json-c value, and rb_val_json_c() puts a val
 * into a json-c tree as a boolean that carries the val as its user data
 * and serialises as it. Code that reads such a tree through json-c sees a
 * boolean there; the template engine and rb_val_from_json_c see the val.
 */
#ifndef RB_CORE_VAL_H
#define RB_CORE_VAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/str.h"

struct json_object;
struct rb_arena;
struct rb_buf;

enum rb_val_type {
	RB_VAL_NULL,
	RB_VAL_BOOL,
	RB_VAL_INT,
	RB_VAL_STR,
	RB_VAL_OBJ,
	RB_VAL_ARR,
	RB_VAL_JSONC,
};

struct rb_val_list;

struct rb_val {
	enum rb_val_type type;
	union {
		bool b;
		int64_t i;
		struct rb_str s;
		struct rb_val_list *list; /* OBJ, ARR */
		struct json_object *j;	  /* JSONC; never NULL */
	} u;
};

/* An object's members in insertion order, or an array's elements. */
struct rb_val_list {
	size_t n, cap;
	const char **keys; /* objects only */
	struct rb_val *items;
};

static inline struct rb_val
rb_val_null(void)
{
	return (struct rb_val){ .type = RB_VAL_NULL };
}

static inline struct rb_val
rb_val_bool(bool b)
{
	return (struct rb_val){ .type = RB_VAL_BOOL, .u.b = b };
}

static inline struct rb_val
rb_val_int(int64_t i)
{
	return (struct rb_val){ .type = RB_VAL_INT, .u.i = i };
}

/* The string s, not copied; NULL is null. */
static inline struct rb_val
rb_val_str(const char *s)
{
	if (s == NULL)
		return rb_val_null();
	return (struct rb_val){ .type = RB_VAL_STR, .u.s = rb_str_c(s) };
}

static inline struct rb_val
rb_val_strn(struct rb_str s)
{
	return (struct rb_val){ .type = RB_VAL_STR, .u.s = s };
}

/* An empty object or array with room for cap members before it grows. */
struct rb_val rb_val_obj(struct rb_arena *a, size_t cap);
struct rb_val rb_val_arr(struct rb_arena *a, size_t cap);

/*
 * Adds member key (not copied, not checked for duplicates) to the object
 * o. rb_val_put takes literal keys only, like rb_json_put.
 */
void rb_val_put_key(struct rb_arena *a, struct rb_val o, const char *key,
    struct rb_val v);
#define rb_val_put(a, o, k, v) rb_val_put_key((a), (o), "" k "", (v))

/* Appends v to the array arr. */
void rb_val_push(struct rb_arena *a, struct rb_val arr, struct rb_val v);

/* The member key of v (an object, or a json-c object): false if none. */
bool rb_val_get(struct rb_val v, const char *key, struct rb_val *out);

/* Whether v is an array (a val or a json-c one), and its elements: 0 and
 * null for anything else. */
bool rb_val_is_array(struct rb_val v);
size_t rb_val_len(struct rb_val v);
struct rb_val rb_val_at(struct rb_val v, size_t i);

/* What a template section makes of v: null, false and [] are false. */
bool rb_val_truthy(struct rb_val v);

/*
 * Writes v as JSON, byte for byte as json-c writes the same value with
 * these JSON_C_TO_STRING_* flags: PLAIN or SPACED (PRETTY is written as
 * SPACED), NOSLASHESCAPE. A json-c value inside is written by json-c.
 */
void rb_val_write_json(struct rb_buf *b, struct rb_val v, int flags);

/* v for a json-c tree: see the top of this file. Lives until the arena's
 * reset, as must the json-c object it is put in. */
struct json_object *rb_val_json_c(struct rb_arena *a, struct rb_val v);

/* The json-c value j as a val: a null, the val j carries, or j wrapped. */
struct rb_val rb_val_from_json_c(struct json_object *j);

#endif
