#include "http/url.h"
#include "core/arena.h"
#include "core/utf8.h"

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/*
 * One pass decodes and rejects NUL and CR/LF, whether they arrived raw or
 * escaped: what matters is what the rest of the program would see. UTF-8
 * is checked once on the result, because an escape can complete a sequence
 * that raw bytes started.
 */
int
rb_url_decode(struct rb_arena *a, const char *s, size_t n, unsigned flags,
    struct rb_str *out, struct rb_err *err)
{
	char *d = rb_arena_alloc(a, n + 1);
	size_t i, j = 0;
	int rc = RB_INVALID;

	*out = RB_STR_NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			int hi = n - i > 2 ? hexval(s[i + 1]) : -1;
			int lo = n - i > 2 ? hexval(s[i + 2]) : -1;

			if (hi < 0 || lo < 0) {
				rb_err_set(err, rc, "malformed percent-escape");
				goto out;
			}
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && (flags & RB_URL_PLUS_SPACE)) {
			c = ' ';
		}
		if (c == '\0') {
			rb_err_set(err, rc, "NUL byte in input");
			goto out;
		}
		if ((c == '\r' || c == '\n') && !(flags & RB_URL_ALLOW_CRLF)) {
			rb_err_set(err, rc, "line break in input");
			goto out;
		}
		d[j++] = (char)c;
	}
	d[j] = '\0';
	if (!rb_utf8_valid(d, j)) {
		rb_err_set(err, rc, "input is not valid UTF-8");
		goto out;
	}
	*out = (struct rb_str){d, j};
	rc = RB_OK;
out:
	return rc;
}

static bool
is_dot_segment(const char *seg, size_t len)
{
	return (len == 1 && seg[0] == '.') ||
	    (len == 2 && seg[0] == '.' && seg[1] == '.');
}

/*
 * Dot segments are refused rather than resolved: no browser sends them
 * (it resolves them first), so one that arrives is a probe, and refusing
 * it means no later code has to think about what "/a/../b" means.
 */
int
rb_url_decode_path(struct rb_arena *a, const char *s, size_t n,
    struct rb_str *out, struct rb_err *err)
{
	struct rb_str p;
	size_t i, start;
	int rc;

	*out = RB_STR_NULL;
	rc = rb_url_decode(a, s, n, 0, &p, err);
	if (rc != RB_OK)
		goto out;
	rc = RB_INVALID;
	/* The raw byte too: "%2Fa" is no origin-form request target. */
	if (n == 0 || s[0] != '/') {
		rb_err_set(err, rc, "the path must start with '/'");
		goto out;
	}
	for (start = i = 1; i <= p.len; i++) {
		if (i < p.len && p.ptr[i] != '/')
			continue;
		if (is_dot_segment(p.ptr + start, i - start)) {
			rb_err_set(
			    err, rc, "the path has a '.' or '..' segment");
			goto out;
		}
		start = i + 1;
	}
	*out = p;
	rc = RB_OK;
out:
	return rc;
}

bool
rb_url_is_local_path(struct rb_str s)
{
	if (s.ptr == NULL || s.len == 0 || s.ptr[0] != '/')
		return false;
	if (s.len > 1 && (s.ptr[1] == '/' || s.ptr[1] == '\\'))
		return false;
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];

		/* Browsers drop tabs and newlines, so "/\t/x" is "//x". */
		if (c <= 0x20 || c == 0x7F || c == '\\')
			return false;
	}
	return true;
}
