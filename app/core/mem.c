#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/mem.h"

void
rb_oom(void)
{
	static const char msg[] = "rebound: out of memory\n";

	/* No stdio: it may want to allocate. */
	if (write(2, msg, sizeof(msg) - 1) < 0) {
		/* nothing left to report with */
	}
	abort();
}

void *
rb_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		rb_oom();
	return p;
}

void *
rb_xcalloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);

	if (p == NULL)
		rb_oom();
	return p;
}

void *
rb_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		rb_oom();
	return q;
}

char *
rb_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		rb_oom();
	return p;
}
