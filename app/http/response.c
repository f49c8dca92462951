#include <inttypes.h>
#include <string.h>

#include "core/arena.h"
#include "http/cookie.h"
#include "http/response.h"

#define DEFAULT_CONTENT_TYPE "text/html; charset=utf-8"

void
rb_response_init(struct rb_response *resp, struct rb_arena *a)
{
	resp->arena = a;
	resp->status = 200;
	resp->content_type = DEFAULT_CONTENT_TYPE;
	resp->headers = (struct rb_kv_list){NULL, 0, 0};
	rb_buf_init(&resp->body, a);
}

void
rb_response_reset(struct rb_response *resp)
{
	rb_response_init(resp, resp->arena);
}

static bool
name_ok(const char *name)
{
	if (name == NULL || name[0] == '\0')
		return false;
	for (const char *p = name; *p != '\0'; p++)
		if (!rb_http_is_tchar((unsigned char)*p))
			return false;
	return true;
}

/* Field values may hold tab and obs-text, never a byte that ends a line. */
static bool
value_ok(const char *value)
{
	if (value == NULL)
		return false;
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7F)
			return false;
	return true;
}

static int
header_put(
    struct rb_response *resp, const char *name, const char *value, bool replace)
{
	struct rb_str n, v;
	size_t i, j;

	if (!name_ok(name) || !value_ok(value))
		return RB_ERROR;
	n = rb_str_c(name);
	if (rb_http_eq_nocase(n, "Status") ||
	    rb_http_eq_nocase(n, "Content-Length"))
		return RB_ERROR;
	if (rb_http_eq_nocase(n, "Content-Type")) {
		resp->content_type = rb_arena_strdup(resp->arena, value);
		return RB_OK;
	}
	if (replace) {
		for (i = j = 0; i < resp->headers.len; i++)
			if (!rb_http_eq_nocase(
			        resp->headers.items[i].key, name))
				resp->headers.items[j++] =
				    resp->headers.items[i];
		resp->headers.len = j;
	}
	n.ptr = rb_arena_strndup(resp->arena, n.ptr, n.len);
	v = rb_str_c(value);
	v.ptr = rb_arena_strndup(resp->arena, v.ptr, v.len);
	rb_kv_add(&resp->headers, resp->arena, n, v);
	return RB_OK;
}

int
rb_response_set_header(
    struct rb_response *resp, const char *name, const char *value)
{
	return header_put(resp, name, value, true);
}

int
rb_response_add_header(
    struct rb_response *resp, const char *name, const char *value)
{
	return header_put(resp, name, value, false);
}

struct rb_str
rb_response_header(const struct rb_response *resp, const char *name)
{
	if (rb_http_eq_nocase(rb_str_c(name), "Content-Type"))
		return rb_str_c(resp->content_type);
	for (size_t i = 0; i < resp->headers.len; i++)
		if (rb_http_eq_nocase(resp->headers.items[i].key, name))
			return resp->headers.items[i].val;
	return RB_STR_NULL;
}

static bool
cookie_value_ok(const char *v)
{
	for (; *v != '\0'; v++)
		if (!rb_http_is_cookie_octet((unsigned char)*v))
			return false;
	return true;
}

static bool
cookie_path_ok(const char *p)
{
	if (p[0] != '/')
		return false;
	for (; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F || *p == ';')
			return false;
	return true;
}

static int
samesite_count(unsigned flags)
{
	return !!(flags & RB_COOKIE_SAMESITE_LAX) +
	    !!(flags & RB_COOKIE_SAMESITE_STRICT) +
	    !!(flags & RB_COOKIE_SAMESITE_NONE);
}

int
rb_response_set_cookie(struct rb_response *resp, const char *name,
    const char *value, const char *path, int64_t max_age, unsigned flags)
{
	struct rb_buf b;

	if (path == NULL)
		path = "/";
	if (!name_ok(name) || value == NULL || !cookie_value_ok(value) ||
	    !cookie_path_ok(path) || max_age < RB_COOKIE_SESSION ||
	    samesite_count(flags) > 1 ||
	    ((flags & RB_COOKIE_SAMESITE_NONE) && !(flags & RB_COOKIE_SECURE)))
		return RB_ERROR;
	rb_buf_init(&b, resp->arena);
	rb_buf_printf(&b, "%s=%s; Path=%s", name, value, path);
	if (max_age != RB_COOKIE_SESSION)
		rb_buf_printf(&b, "; Max-Age=%" PRId64, max_age);
	if (flags & RB_COOKIE_SECURE)
		rb_buf_puts(&b, "; Secure");
	if (flags & RB_COOKIE_HTTPONLY)
		rb_buf_puts(&b, "; HttpOnly");
	if (flags & RB_COOKIE_SAMESITE_LAX)
		rb_buf_puts(&b, "; SameSite=Lax");
	if (flags & RB_COOKIE_SAMESITE_STRICT)
		rb_buf_puts(&b, "; SameSite=Strict");
	if (flags & RB_COOKIE_SAMESITE_NONE)
		rb_buf_puts(&b, "; SameSite=None");
	return rb_response_add_header(resp, "Set-Cookie", b.data);
}

int
rb_response_redirect(struct rb_response *resp, int status, const char *location)
{
	if (status != 301 && status != 302 && status != 303 && status != 307 &&
	    status != 308)
		return RB_ERROR;
	if (location == NULL || location[0] == '\0' ||
	    rb_response_set_header(resp, "Location", location) != RB_OK)
		return RB_ERROR;
	resp->status = status;
	rb_buf_reset(&resp->body);
	return RB_OK;
}

static void
problem_start(
    struct rb_response *resp, int status, const char *type, const char *title)
{
	resp->status = status;
	resp->content_type = "application/problem+json";
	rb_buf_reset(&resp->body);
	if (type == NULL)
		type = "about:blank";
	if (title == NULL)
		title = rb_http_reason(status);
	rb_buf_puts(&resp->body, "{\"type\":");
	rb_buf_append_json(&resp->body, type, strlen(type));
	rb_buf_puts(&resp->body, ",\"title\":");
	rb_buf_append_json(&resp->body, title, strlen(title));
	rb_buf_printf(&resp->body, ",\"status\":%d", status);
}

void
rb_response_problem(struct rb_response *resp, int status, const char *type,
    const char *title, const char *detail)
{
	problem_start(resp, status, type, title);
	if (detail != NULL) {
		rb_buf_puts(&resp->body, ",\"detail\":");
		rb_buf_append_json(&resp->body, detail, strlen(detail));
	}
	rb_buf_putc(&resp->body, '}');
}

void
rb_response_problem_err(
    struct rb_response *resp, int status, const struct rb_err *err)
{
	struct rb_buf *b = &resp->body;

	problem_start(resp, status, NULL, NULL);
	if (err->msg[0] != '\0') {
		rb_buf_puts(b, ",\"detail\":");
		rb_buf_append_json(b, err->msg, strlen(err->msg));
	}
	if (err->field[0] != '\0') {
		rb_buf_puts(b, ",\"invalid-params\":[{\"name\":");
		rb_buf_append_json(b, err->field, strlen(err->field));
		rb_buf_puts(b, ",\"reason\":");
		rb_buf_append_json(b, err->msg, strlen(err->msg));
		rb_buf_puts(b, "}]");
	}
	rb_buf_putc(b, '}');
}

int
rb_response_serialize(
    const struct rb_response *resp, bool is_head, struct rb_buf *out)
{
	const char *reason;
	bool bodiless = resp->status == 204 || resp->status == 304;

	if (resp->status < 200 || resp->status > 599)
		return RB_ERROR;
	reason = rb_http_reason(resp->status);
	rb_buf_printf(out, "Status: %d%s%s\r\n", resp->status,
	    reason[0] ? " " : "", reason);
	if (!bodiless)
		rb_buf_printf(out,
		    "Content-Type: %s\r\nContent-Length: %zu\r\n",
		    resp->content_type, resp->body.len);
	for (size_t i = 0; i < resp->headers.len; i++) {
		const struct rb_kv *h = &resp->headers.items[i];

		rb_buf_put_str(out, h->key);
		rb_buf_append(out, ": ", 2);
		rb_buf_put_str(out, h->val);
		rb_buf_append(out, "\r\n", 2);
	}
	rb_buf_append(out, "\r\n", 2);
	if (!is_head && !bodiless)
		rb_buf_put_str(out, rb_buf_str(&resp->body));
	return RB_OK;
}
