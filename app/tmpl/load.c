/*
 * Loading a directory tree of *.mustache files into a set, at worker
 * start. Entries are visited in name order so the first error reported is
 * the same on every machine; hidden entries (".git", editor swap files)
 * are skipped.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/mem.h"
#include "tmpl/tmpl.h"

#define EXT     ".mustache"
#define EXT_LEN (sizeof(EXT) - 1)

/* Directory levels followed; also stops symlink loops. */
#define MAX_LEVELS 16

struct loader {
	struct rb_tmpl_set *set;
	const struct rb_catalog *cat; /* NULL: the source language */
	struct rb_buf path;           /* dir/rel: the file name in messages */
	size_t root_len;              /* of "dir/" in path */
	struct rb_err *err;
};

/* Reads the whole file at path into buf (heap). */
static int
read_file(const char *path, struct rb_buf *buf, struct rb_err *err)
{
	struct stat st;
	int fd, rc = RB_ERROR;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0) {
		rb_err_set(
		    err, RB_ERROR, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	if (st.st_size > RB_TMPL_MAX_FILE) {
		rb_err_set(err, RB_ERROR, "%s: larger than %d bytes", path,
		    RB_TMPL_MAX_FILE);
		goto out;
	}
	rb_buf_grow(buf, (size_t)st.st_size);
	for (;;) {
		ssize_t n;

		rb_buf_grow(buf, 4096);
		n = read(fd, buf->data + buf->len, buf->cap - buf->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rb_err_set(err, RB_ERROR, "cannot read %s: %s", path,
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		buf->len += (size_t)n;
		if (buf->len > RB_TMPL_MAX_FILE) {
			rb_err_set(err, RB_ERROR, "%s: larger than %d bytes",
			    path, RB_TMPL_MAX_FILE);
			goto out;
		}
	}
	buf->data[buf->len] = '\0';
	rc = RB_OK;
out:
	if (fd >= 0)
		close(fd);
	return rc;
}

static int
load_file(struct loader *l)
{
	struct rb_buf src, name, text;
	int rc;

	rb_buf_init(&src, NULL);
	rb_buf_init(&name, NULL);
	rb_buf_init(&text, NULL);
	rc = read_file(l->path.data, &src, l->err);
	/* The markers go before compiling: see i18n.c. */
	if (rc == RB_OK)
		rc = rb_tmpl_translate(
		    src.data, src.len, l->path.data, l->cat, &text, l->err);
	if (rc == RB_OK) {
		rb_buf_append(&name, l->path.data + l->root_len,
		    l->path.len - l->root_len - EXT_LEN);
		rc = rb_tmpl_set_add(l->set, name.data, text.data, text.len,
		    l->path.data, l->err);
	}
	rb_buf_release(&src);
	rb_buf_release(&name);
	rb_buf_release(&text);
	return rc;
}

static int
skip_entry(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int load_tree(struct loader *l, int level);

/* The entry whose path is l->path: a directory, a template or neither. */
static int
load_entry(struct loader *l, int level)
{
	struct stat st;

	if (stat(l->path.data, &st) < 0)
		return rb_err_set(l->err, RB_ERROR, "cannot stat %s: %s",
		    l->path.data, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return load_tree(l, level + 1);
	if (S_ISREG(st.st_mode) && l->path.len > l->root_len + EXT_LEN &&
	    memcmp(l->path.data + l->path.len - EXT_LEN, EXT, EXT_LEN) == 0)
		return load_file(l);
	return RB_OK;
}

/* Every entry of the directory whose path is l->path. */
static int
load_tree(struct loader *l, int level)
{
	struct dirent **list = NULL;
	size_t len = l->path.len;
	int n, i, rc = RB_OK;

	if (level > MAX_LEVELS)
		return rb_err_set(l->err, RB_ERROR,
		    "%s: directories nested too deeply", l->path.data);
	if ((n = scandir(l->path.data, &list, skip_entry, alphasort)) < 0)
		return rb_err_set(l->err, RB_ERROR,
		    "cannot open templates directory %s: %s", l->path.data,
		    strerror(errno));
	for (i = 0; i < n && rc == RB_OK; i++) {
		if (len > 0 && l->path.data[len - 1] != '/')
			rb_buf_putc(&l->path, '/');
		rb_buf_puts(&l->path, list[i]->d_name);
		if (level == 0)
			l->root_len = len + (l->path.data[len] == '/');
		rc = load_entry(l, level);
		rb_buf_truncate(&l->path, len);
	}
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return rc;
}

int
rb_tmpl_set_load_dir(
    struct rb_tmpl_set *set, const char *dir, struct rb_err *err)
{
	return rb_tmpl_set_load_dir_lang(set, dir, NULL, err);
}

int
rb_tmpl_set_load_dir_lang(struct rb_tmpl_set *set, const char *dir,
    const struct rb_catalog *cat, struct rb_err *err)
{
	struct loader l = {.set = set, .cat = cat, .err = err};
	int rc;

	rb_buf_init(&l.path, NULL);
	rb_buf_puts(&l.path, dir);
	rc = load_tree(&l, 0);
	rb_buf_release(&l.path);
	return rc;
}
