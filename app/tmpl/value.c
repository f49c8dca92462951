/*
 * The text an interpolation writes for a value (whether a section shows
 * is rb_val_truthy). Numbers follow JavaScript's
 * Number#toString so pages agree with what a browser would print for the
 * same JSON (the spec expects 1.210 to print as 1.21).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/buf.h"
#include "tmpl/node.h"

/*
 * The fewest significant digits that read back as d: digits[] gets them
 * without a point, the return is the decimal exponent of the first one.
 */
static int
shortest_digits(double d, char *digits, size_t *ndigits)
{
	char tmp[40];
	const char *p;
	size_t n = 0;
	int prec;

	for (prec = 0; prec < 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	for (p = tmp; *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[n++] = *p;
	while (n > 1 && digits[n - 1] == '0')
		n--;
	*ndigits = n;
	return atoi(p + 1);
}

size_t
rb_tmpl_format_double(double d, char *out, size_t size)
{
	char digits[24], buf[48];
	size_t nd, len = 0;
	int e, point;

	if (isnan(d))
		return (size_t)snprintf(out, size, "NaN");
	if (isinf(d))
		return (size_t)snprintf(
		    out, size, d < 0 ? "-Infinity" : "Infinity");
	if (d == 0)
		return (size_t)snprintf(out, size, "0");
	if (d < 0)
		buf[len++] = '-';
	e = shortest_digits(fabs(d), digits, &nd);
	point = e + 1; /* digits before the decimal point */
	if (point > 21 || point < -5) {
		/* 1e+21, 1.5e-7 */
		buf[len++] = digits[0];
		if (nd > 1) {
			buf[len++] = '.';
			memcpy(buf + len, digits + 1, nd - 1);
			len += nd - 1;
		}
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "e%c%d",
		    e < 0 ? '-' : '+', abs(e));
	} else if (point <= 0) {
		/* 0.00123 */
		memcpy(buf + len, "0.", 2);
		len += 2;
		memset(buf + len, '0', (size_t)-point);
		len += (size_t)-point;
		memcpy(buf + len, digits, nd);
		len += nd;
	} else if ((size_t)point >= nd) {
		/* 1200 */
		memcpy(buf + len, digits, nd);
		len += nd;
		memset(buf + len, '0', (size_t)point - nd);
		len += (size_t)point - nd;
	} else {
		/* 12.5 */
		memcpy(buf + len, digits, (size_t)point);
		len += (size_t)point;
		buf[len++] = '.';
		memcpy(buf + len, digits + point, nd - (size_t)point);
		len += nd - (size_t)point;
	}
	buf[len] = '\0';
	return (size_t)snprintf(out, size, "%s", buf);
}

struct rb_str
rb_tmpl_scalar(struct rb_val v, char *tmp, size_t size, struct rb_buf *json)
{
	struct json_object *j;
	int64_t i;

	switch (v.type) {
	case RB_VAL_NULL:
		return (struct rb_str){ "", 0 };
	case RB_VAL_BOOL:
		return v.u.b ? RB_STR("true") : RB_STR("false");
	case RB_VAL_INT:
		return (struct rb_str){ tmp, (size_t)snprintf(tmp, size,
		    "%" PRId64, v.u.i) };
	case RB_VAL_STR:
		return v.u.s;
	case RB_VAL_JSONC:
		break;
	default:
		rb_val_write_json(json, v, JSON_C_TO_STRING_PLAIN);
		return rb_buf_str(json);
	}
	j = v.u.j;
	switch (json_object_get_type(j)) {
	case json_type_boolean:
		return json_object_get_boolean(j) ? RB_STR("true") :
		    RB_STR("false");
	case json_type_int:
		i = json_object_get_int64(j);
		/* json-c keeps integers past INT64_MAX as uint64_t. */
		return (struct rb_str){ tmp, (size_t)(i == INT64_MAX ?
		    snprintf(tmp, size, "%" PRIu64, json_object_get_uint64(j)) :
		    snprintf(tmp, size, "%" PRId64, i)) };
	case json_type_double:
		return (struct rb_str){ tmp, rb_tmpl_format_double(
		    json_object_get_double(j), tmp, size) };
	case json_type_string:
		return (struct rb_str){ json_object_get_string(j),
		    (size_t)json_object_get_string_len(j) };
	default:
		return rb_str_c(json_object_to_json_string_ext(j,
		    JSON_C_TO_STRING_PLAIN));
	}
}
