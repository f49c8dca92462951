/*
 * A json-c tree as arena values (core/val.h), for tests that run the same
 * data both ways.
 */
#ifndef RB_TESTS_JSON_VALS_H
#define RB_TESTS_JSON_VALS_H

#include <stdint.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/val.h"

/*
 * j as arena values, as far as they go: doubles stay
 * json-c values inside them. Keys and strings point into the json-c tree.
 */
static inline struct rb_val
as_vals(struct rb_arena *a, struct json_object *j)
{
	struct rb_val v;

	switch (json_object_get_type(j)) {
	case json_type_boolean:
		return rb_val_bool(json_object_get_boolean(j));
	case json_type_int:
		if (json_object_get_int64(j) == INT64_MAX)
			break; /* a uint64_t: json-c prints it */
		return rb_val_int(json_object_get_int64(j));
	case json_type_string:
		return rb_val_strn((struct rb_str){ json_object_get_string(j),
		    (size_t)json_object_get_string_len(j) });
	case json_type_array:
		v = rb_val_arr(a, 1);
		for (size_t i = 0; i < json_object_array_length(j); i++)
			rb_val_push(a, v, as_vals(a,
			    json_object_array_get_idx(j, i)));
		return v;
	case json_type_object:
		v = rb_val_obj(a, 1);
		json_object_object_foreach(j, key, member)
			rb_val_put_key(a, v, key, as_vals(a, member));
		return v;
	default:
		break;
	}
	return rb_val_from_json_c(j);
}

#endif
