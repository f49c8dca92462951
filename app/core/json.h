/*
 * Building json-c objects with literal keys.
 *
 * json_object_object_add copies every key with strdup and frees the copy
 * with the object: a category page's view model made and freed about two
 * thousand such copies per request. Every key the views write is a string
 * literal, so rb_json_put tells json-c the key is constant instead. The
 * "" k "" around the key makes anything but a literal a compile error:
 * json-c keeps the pointer, so a key in memory that dies first would
 * dangle. Keys that are not literals go through json_object_object_add.
 */
#ifndef RB_CORE_JSON_H
#define RB_CORE_JSON_H

#include <json-c/json.h>

#define rb_json_put(o, k, v)                                     \
	json_object_object_add_ex((o), "" k "", (v),             \
	    JSON_C_OBJECT_ADD_CONSTANT_KEY)

/* rb_json_put of a copy of the string val (not NULL). */
#define rb_json_put_str(o, k, val)                               \
	rb_json_put((o), k, json_object_new_string(val))

#endif
