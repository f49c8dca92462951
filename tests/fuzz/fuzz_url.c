/*
 * rb_url_decode with each flag combination, rb_url_decode_path and
 * rb_url_is_local_path, checked against a reference decoder written here
 * and against what the headers promise: a decoded string never holds NUL,
 * holds CR/LF only with RB_URL_ALLOW_CRLF, is valid UTF-8; a path starts
 * with '/' and has no dot segment; encoding then decoding gives the string
 * back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "fuzz.h"
#include "http/url.h"

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The decoder as the header describes it: true and the bytes in out
 * (*outlen of them) when the input must be accepted.
 */
static bool
ref_decode(const unsigned char *s, size_t n, unsigned flags, unsigned char *out,
    size_t *outlen)
{
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '%') {
			if (i + 2 >= n)
				return false;
			if (hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0)
				return false;
			c = (unsigned char)(hexval(s[i + 1]) * 16 +
			    hexval(s[i + 2]));
			i += 2;
		} else if (c == '+' && (flags & RB_URL_PLUS_SPACE)) {
			c = ' ';
		}
		if (c == 0)
			return false;
		if ((c == '\r' || c == '\n') && !(flags & RB_URL_ALLOW_CRLF))
			return false;
		out[j++] = c;
	}
	*outlen = j;
	return fuzz_utf8_valid(out, j);
}

static bool
has_dot_segment(struct rb_str p)
{
	size_t start = 1;

	for (size_t i = 1; i <= p.len; i++) {
		if (i < p.len && p.ptr[i] != '/')
			continue;
		if ((i - start == 1 && p.ptr[start] == '.') ||
		    (i - start == 2 && p.ptr[start] == '.' &&
		        p.ptr[start + 1] == '.'))
			return true;
		start = i + 1;
	}
	return false;
}

static void
check_local_path(struct rb_str s)
{
	if (!rb_url_is_local_path(s))
		return;
	FUZZ_CHECK(s.len > 0 && s.ptr[0] == '/', "local path without '/'");
	FUZZ_CHECK(s.len < 2 || (s.ptr[1] != '/' && s.ptr[1] != '\\'),
	    "\"%.*s\" would leave the site", (int)s.len, s.ptr);
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];

		FUZZ_CHECK(c > 0x20 && c != 0x7F && c != '\\',
		    "local path holds byte 0x%02x", c);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	unsigned char *ref = malloc(size + 1);
	struct rb_arena a;
	struct rb_str out, plain = RB_STR_NULL, path;
	struct rb_err err;
	int rc;

	rb_arena_init(&a, 4096);
	for (unsigned flags = 0; flags < 4; flags++) {
		size_t reflen = 0;
		bool want;

		rb_err_clear(&err);
		rc = rb_url_decode(&a, s, size, flags, &out, &err);
		want = ref_decode(data, size, flags, ref, &reflen);
		FUZZ_CHECK(rc == RB_OK || rc == RB_INVALID, "rc %d", rc);
		FUZZ_CHECK((rc == RB_OK) == want,
		    "flags %u: rc %d, reference says %s", flags, rc,
		    want ? "valid" : "invalid");
		if (rc != RB_OK) {
			FUZZ_CHECK(out.ptr == NULL && out.len == 0,
			    "failure left a string");
			FUZZ_CHECK(
			    err.msg[0] != '\0', "failure without message");
			continue;
		}
		fuzz_check_clean(out, flags & RB_URL_ALLOW_CRLF, "decoded");
		FUZZ_CHECK(out.len <= size, "decoding grew the input");
		FUZZ_CHECK(
		    out.len == reflen && memcmp(out.ptr, ref, reflen) == 0,
		    "flags %u: differs from the reference", flags);
		if (flags == 0)
			plain = out;

		/* Encoding the result and decoding it again is the identity. */
		{
			struct rb_buf b;
			struct rb_str again;

			rb_buf_init(&b, &a);
			rb_buf_append_urlenc(&b, out.ptr, out.len);
			FUZZ_CHECK(rb_url_decode(&a, b.data, b.len, flags,
			               &again, &err) == RB_OK,
			    "re-decoding failed: %s", err.msg);
			FUZZ_CHECK(rb_str_eq(again, out), "round trip differs");
		}
		check_local_path(out);
	}

	rb_err_clear(&err);
	rc = rb_url_decode_path(&a, s, size, &path, &err);
	FUZZ_CHECK(rc == RB_OK || rc == RB_INVALID, "path rc %d", rc);
	if (rc == RB_OK) {
		fuzz_check_clean(path, false, "path");
		FUZZ_CHECK(size > 0 && s[0] == '/', "raw path without '/'");
		FUZZ_CHECK(
		    path.len > 0 && path.ptr[0] == '/', "path without '/'");
		FUZZ_CHECK(
		    !has_dot_segment(path), "dot segment in \"%s\"", path.ptr);
		/* A path is what plain decoding gives. */
		FUZZ_CHECK(plain.ptr != NULL && rb_str_eq(path, plain),
		    "path differs from rb_url_decode");
	} else {
		FUZZ_CHECK(path.ptr == NULL, "failed path left a string");
		/* It fails for a reason: bad decoding, a missing '/', or a
		 * dot segment. */
		FUZZ_CHECK(plain.ptr == NULL || size == 0 || s[0] != '/' ||
		        has_dot_segment(plain),
		    "path \"%s\" refused: %s", plain.ptr, err.msg);
	}

	/* The raw bytes as a "next=" value. */
	check_local_path((struct rb_str){s, size});

	rb_arena_release(&a);
	free(ref);
	return 0;
}
