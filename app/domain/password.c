#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/log.h"
#include "core/mem.h"
#include "core/rc.h"
#include "core/utf8.h"
#include "domain/password.h"

/*
 * The cost of one hash, from OWASP's password storage cheat sheet (the
 * ASVS minimum): 19 MiB, two passes; libsodium always uses one lane.
 * Raising these makes rb_password_needs_rehash true for every stored hash,
 * and each is upgraded at its owner's next login.
 */
#define PW_OPSLIMIT     2
#define PW_MEMLIMIT_KIB 19456
#define PW_MEMLIMIT     ((size_t)PW_MEMLIMIT_KIB * 1024)

#define PW_STR2(x) #x
#define PW_STR(x)  PW_STR2(x)

_Static_assert(RB_PASSWORD_HASH_MAX == crypto_pwhash_STRBYTES,
    "RB_PASSWORD_HASH_MAX must be crypto_pwhash_STRBYTES");

/* More than any list we would ship (ours is 80 KiB); a bigger file is a
 * mistake in the configuration, not a list. */
#define PW_LIST_MAX_FILE (64u << 20)

/*
 * A set of strings with open addressing and linear probing. The entries
 * live, folded to lower case, in one block (the file's bytes, each line
 * cut at its end); a slot holds an entry's offset and length, and length 0
 * marks an empty slot (blank lines are never entries). The table is at
 * most half full, so a probe for a missing password ends quickly.
 */
struct pw_slot {
	uint32_t off;
	uint32_t len;
};

struct rb_password_list {
	char *blob;
	struct pw_slot *slots;
	size_t mask; /* slots - 1; slots is a power of two */
	size_t count;
	size_t max_len; /* longest entry: longer input is never on the list */
};

static unsigned char
pw_fold(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* FNV-1a over the ASCII-folded bytes. The set is ours, not the client's,
 * so there is no flooding to fear from a simple hash. */
static uint64_t
pw_hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= pw_fold((unsigned char)s[i]);
		h *= 1099511628211ULL;
	}
	return h;
}

/* a (any case) equals b (already folded), ignoring ASCII case. */
static bool
pw_eq_folded(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (pw_fold((unsigned char)a[i]) != (unsigned char)b[i])
			return false;
	return true;
}

/* The slot holding s, or the empty slot where it would go. */
static struct pw_slot *
pw_find(const struct rb_password_list *l, const char *s, size_t n)
{
	size_t i = (size_t)pw_hash(s, n) & l->mask;

	for (;;) {
		struct pw_slot *slot = &l->slots[i];

		if (slot->len == 0)
			return slot;
		if (slot->len == n && pw_eq_folded(s, l->blob + slot->off, n))
			return slot;
		i = (i + 1) & l->mask;
	}
}

static bool
pw_list_has(const struct rb_password_list *l, struct rb_str s)
{
	if (l == NULL || s.len == 0 || s.len > l->max_len)
		return false;
	return pw_find(l, s.ptr, s.len)->len != 0;
}

/* Reads the whole file at path into a NUL-terminated heap block. */
static int
pw_read_file(const char *path, char **out, size_t *outlen, struct rb_err *err)
{
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	int fd, rc = RB_ERROR;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rb_err_set(err, RB_ERROR,
		    "cannot open the password list %s: %s", path,
		    strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) != 0) {
		rb_err_set(err, RB_ERROR,
		    "cannot stat the password list %s: %s", path,
		    strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > (off_t)PW_LIST_MAX_FILE) {
		rb_err_set(err, RB_ERROR,
		    "the password list %s is not a regular file of at most "
		    "%u MiB",
		    path, PW_LIST_MAX_FILE >> 20);
		goto out;
	}
	data = rb_xmalloc((size_t)st.st_size + 1);
	while (len < (size_t)st.st_size) {
		ssize_t r = read(fd, data + len, (size_t)st.st_size - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rb_err_set(err, RB_ERROR,
			    "cannot read the password list %s: %s", path,
			    strerror(errno));
			goto out;
		}
		if (r == 0)
			break; /* shrank under us: keep what was there */
		len += (size_t)r;
	}
	data[len] = '\0';
	*out = data;
	*outlen = len;
	data = NULL;
	rc = RB_OK;
out:
	free(data);
	if (fd >= 0)
		close(fd);
	return rc;
}

int
rb_password_list_load(
    const char *path, struct rb_password_list **out, struct rb_err *err)
{
	struct rb_password_list *l = NULL;
	char *blob = NULL;
	size_t len = 0, lines = 0, nslots = 16;
	int rc = RB_ERROR;

	*out = NULL;
	if (pw_read_file(path, &blob, &len, err) != RB_OK)
		goto out;

	/* Size the table for every line at most half full, then fill it. */
	for (size_t i = 0; i < len; i++)
		lines += blob[i] == '\n';
	lines++;
	while (nslots < lines * 2)
		nslots *= 2;

	l = rb_xcalloc(1, sizeof(*l));
	l->blob = blob;
	blob = NULL;
	l->slots = rb_xcalloc(nslots, sizeof(*l->slots));
	l->mask = nslots - 1;

	for (size_t start = 0; start < len;) {
		char *line = l->blob + start;
		char *nl = memchr(line, '\n', len - start);
		size_t n = nl ? (size_t)(nl - line) : len - start;
		struct pw_slot *slot;

		start += n + 1;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0)
			continue;
		for (size_t k = 0; k < n; k++)
			line[k] = (char)pw_fold((unsigned char)line[k]);
		line[n] = '\0';
		slot = pw_find(l, line, n);
		if (slot->len != 0)
			continue; /* a duplicate */
		slot->off = (uint32_t)(line - l->blob);
		slot->len = (uint32_t)n;
		l->count++;
		if (n > l->max_len)
			l->max_len = n;
	}
	*out = l;
	l = NULL;
	rc = RB_OK;
out:
	free(blob);
	rb_password_list_free(l);
	return rc;
}

void
rb_password_list_free(struct rb_password_list *l)
{
	if (l == NULL)
		return;
	free(l->slots);
	free(l->blob);
	free(l);
}

/* Code points in valid UTF-8: every byte that is not a continuation. */
static size_t
pw_code_points(struct rb_str s)
{
	size_t n = 0;

	for (size_t i = 0; i < s.len; i++)
		n += ((unsigned char)s.ptr[i] & 0xC0) != 0x80;
	return n;
}

static bool
pw_eq_nocase(struct rb_str a, struct rb_str b)
{
	if (a.len != b.len)
		return false;
	for (size_t i = 0; i < a.len; i++)
		if (pw_fold((unsigned char)a.ptr[i]) !=
		    pw_fold((unsigned char)b.ptr[i]))
			return false;
	return true;
}

int
rb_password_check(const struct rb_password_list *l, struct rb_str password,
    struct rb_str email, struct rb_err *err)
{
	size_t cps;

	/* Four bytes at most per code point: anything longer is too long
	 * before we look at it, however big the client made it. */
	if (password.len > (size_t)RB_PASSWORD_MAX * 4)
		goto too_long;
	if (password.len > 0 && !rb_utf8_valid(password.ptr, password.len))
		return rb_err_field(err, RB_INVALID, "password",
		    "Use only valid text characters.");
	cps = pw_code_points(password);
	if (cps < RB_PASSWORD_MIN)
		return rb_err_field(err, RB_INVALID, "password",
		    "Use at least %d characters.", RB_PASSWORD_MIN);
	if (cps > RB_PASSWORD_MAX)
		goto too_long;
	if (email.ptr != NULL && email.len > 0 && pw_eq_nocase(password, email))
		return rb_err_field(err, RB_INVALID, "password",
		    "Do not use your email address as your password.");
	if (pw_list_has(l, password))
		return rb_err_field(err, RB_INVALID, "password",
		    "This password is too common: choose one that is harder "
		    "to guess.");
	return RB_OK;
too_long:
	return rb_err_field(err, RB_INVALID, "password",
	    "Use at most %d characters.", RB_PASSWORD_MAX);
}

/* sodium_init() may run any number of times, from any thread: it returns
 * 1 once libsodium is ready and -1 only if it cannot start. */
static bool
pw_sodium_ready(void)
{
	if (sodium_init() < 0) {
		rb_log_error("password: libsodium could not be initialised");
		return false;
	}
	return true;
}

/* libsodium wants a non-NULL pointer even for zero bytes. */
static const char *
pw_ptr(struct rb_str s)
{
	return s.ptr != NULL ? s.ptr : "";
}

int
rb_password_hash(struct rb_str password, char out[RB_PASSWORD_HASH_MAX])
{
	out[0] = '\0';
	if (!pw_sodium_ready())
		return RB_ERROR;
	if (crypto_pwhash_str_alg(out, pw_ptr(password), password.len,
	        PW_OPSLIMIT, PW_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0) {
		rb_log_error("password: argon2id hashing failed "
		             "(out of memory for %d KiB?)",
		    PW_MEMLIMIT_KIB);
		out[0] = '\0';
		return RB_ERROR;
	}
	return RB_OK;
}

bool
rb_password_verify(const char *hash, struct rb_str password)
{
	if (hash == NULL || hash[0] == '\0' ||
	    strnlen(hash, RB_PASSWORD_HASH_MAX) >= RB_PASSWORD_HASH_MAX)
		return false;
	if (!pw_sodium_ready())
		return false;
	return crypto_pwhash_str_verify(hash, pw_ptr(password), password.len) ==
	    0;
}

bool
rb_password_needs_rehash(const char *hash)
{
	if (hash == NULL ||
	    strnlen(hash, RB_PASSWORD_HASH_MAX) >= RB_PASSWORD_HASH_MAX)
		return true;
	if (!pw_sodium_ready())
		return false; /* cannot say; keep the stored hash */
	/*
	 * The argon2id function, not crypto_pwhash_str_needs_rehash: that
	 * one also accepts an argon2i hash with the same numbers, which we
	 * want upgraded to argon2id. It returns 0 for "same parameters", 1
	 * for different ones and -1 for anything that is not argon2id.
	 */
	return crypto_pwhash_argon2id_str_needs_rehash(
	           hash, PW_OPSLIMIT, PW_MEMLIMIT) != 0;
}

/*
 * The dummy's parameters are spelled with the same macros as our hashes,
 * so verifying against it always costs what verifying a real hash costs,
 * even after the parameters change (its tag then matches nothing, which
 * does not matter: the outcome is ignored). The array has the full size
 * libsodium's prototype declares; the compiler refuses an initialiser
 * that does not fit.
 */
static const char pw_dummy_hash[RB_PASSWORD_HASH_MAX] =
    "$argon2id$v=19$m=" PW_STR(PW_MEMLIMIT_KIB) ",t=" PW_STR(
        PW_OPSLIMIT) ",p=1$kF0Ufq37rrEusAU58UyVbA$"
                     "GbpRRQ5eJlhK3PLlZlbdDnaDCE8N9PlMxoH2cfuyJwQ";

void
rb_password_burn(struct rb_str password)
{
	(void)rb_password_verify(pw_dummy_hash, password);
}
