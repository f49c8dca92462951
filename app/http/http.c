#include "http/http.h"

static const char *const method_names[RB_M_COUNT] = {
    [RB_M_OTHER] = "OTHER",
    [RB_M_GET] = "GET",
    [RB_M_HEAD] = "HEAD",
    [RB_M_POST] = "POST",
    [RB_M_PUT] = "PUT",
    [RB_M_PATCH] = "PATCH",
    [RB_M_DELETE] = "DELETE",
    [RB_M_OPTIONS] = "OPTIONS",
};

enum rb_method
rb_method_parse(struct rb_str s)
{
	for (int m = RB_M_GET; m < RB_M_COUNT; m++)
		if (rb_str_eq_c(s, method_names[m]))
			return (enum rb_method)m;
	return RB_M_OTHER;
}

const char *
rb_method_name(enum rb_method m)
{
	if ((int)m < 0 || m >= RB_M_COUNT)
		return method_names[RB_M_OTHER];
	return method_names[m];
}

const char *
rb_http_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 202:
		return "Accepted";
	case 204:
		return "No Content";
	case 301:
		return "Moved Permanently";
	case 302:
		return "Found";
	case 303:
		return "See Other";
	case 304:
		return "Not Modified";
	case 307:
		return "Temporary Redirect";
	case 308:
		return "Permanent Redirect";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 406:
		return "Not Acceptable";
	case 409:
		return "Conflict";
	case 410:
		return "Gone";
	case 411:
		return "Length Required";
	case 412:
		return "Precondition Failed";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Content";
	case 428:
		return "Precondition Required";
	case 429:
		return "Too Many Requests";
	case 500:
		return "Internal Server Error";
	case 501:
		return "Not Implemented";
	case 502:
		return "Bad Gateway";
	case 503:
		return "Service Unavailable";
	case 504:
		return "Gateway Timeout";
	default:
		return "";
	}
}

int
rb_http_status(int rc)
{
	switch (rc) {
	case RB_OK:
		return 200;
	case RB_DECLINED:
		return 404;
	case RB_INVALID:
		return 400;
	case RB_CONFLICT:
		return 409;
	case RB_TOOBIG:
		return 413;
	case RB_UNSUPPORTED:
		return 415;
	default:
		return 500;
	}
}

struct rb_str
rb_http_trim(struct rb_str s)
{
	while (s.len > 0 && (s.ptr[0] == ' ' || s.ptr[0] == '\t')) {
		s.ptr++;
		s.len--;
	}
	while (
	    s.len > 0 && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t'))
		s.len--;
	return s;
}

bool
rb_http_eq_nocase(struct rb_str s, const char *b)
{
	size_t i;

	for (i = 0; i < s.len; i++)
		if (b[i] == '\0' ||
		    rb_http_lower(s.ptr[i]) != rb_http_lower(b[i]))
			return false;
	return b[i] == '\0';
}

struct rb_str
rb_http_cut(struct rb_str *s, char sep)
{
	const char *p = s->len ? memchr(s->ptr, sep, s->len) : NULL;
	struct rb_str head = *s;

	if (p == NULL) {
		s->ptr = s->len ? s->ptr + s->len : s->ptr;
		s->len = 0;
		return head;
	}
	head.len = (size_t)(p - s->ptr);
	s->len -= head.len + 1;
	s->ptr = p + 1;
	return head;
}
