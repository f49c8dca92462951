/*
 * Passwords, after OWASP ASVS 5.0 level 2 (V6.2, V11.4): 8 to 128
 * characters counted as Unicode code points, no composition rules, not one
 * of the 10,000 most common passwords, not the user's email address; stored
 * as argon2id (libsodium, m=19456 KiB, t=2, p=1) in the self-describing
 * "$argon2id$v=19$m=19456,t=2,p=1$salt$hash" form, so the parameters can be
 * raised later and old hashes upgraded at the next login.
 *
 * Every function here calls sodium_init() itself where it needs libsodium
 * (it is idempotent and thread-safe), so none depends on the worker having
 * done it first.
 */
#ifndef RB_DOMAIN_PASSWORD_H
#define RB_DOMAIN_PASSWORD_H

#include <stdbool.h>

#include "core/err.h"
#include "core/str.h"

#define RB_PASSWORD_MIN 8   /* code points */
#define RB_PASSWORD_MAX 128 /* code points; ASVS asks for at least 64 */

/* The common passwords, loaded once per worker; read-only afterwards. */
struct rb_password_list;

/*
 * Loads the list at path: one password per line (UTF-8, '\n' or "\r\n"
 * line ends, blank lines skipped), matched ignoring ASCII case. The list
 * owns its memory; free it with rb_password_list_free.
 * RB_OK: *out is the list. RB_ERROR: the file cannot be read or is larger
 * than 64 MiB; err->msg names the file and says why; *out is NULL.
 */
int rb_password_list_load(
    const char *path, struct rb_password_list **out, struct rb_err *err);

/* Frees the list; l may be NULL. */
void rb_password_list_free(struct rb_password_list *l);

/*
 * Checks a new password (valid UTF-8, as rb_url_decode leaves it) against
 * the policy. l may be NULL (no common-password check); email may be
 * RB_STR_NULL (no email check).
 * RB_OK: acceptable.
 * RB_INVALID: err->field is "password" and err->msg tells the user what
 * to change: fewer than RB_PASSWORD_MIN code points ("Use at least 8
 * characters."), more than RB_PASSWORD_MAX, invalid UTF-8, equal to email
 * ignoring ASCII case, or on the common list.
 */
int rb_password_check(const struct rb_password_list *l, struct rb_str password,
    struct rb_str email, struct rb_err *err);

#define RB_PASSWORD_HASH_MAX 128 /* crypto_pwhash_STRBYTES, NUL included */

/*
 * Hashes password with argon2id and a fresh random salt: out receives the
 * NUL-terminated "$argon2id$v=19$m=19456,t=2,p=1$..." string. Takes tens
 * of milliseconds and 19 MiB of memory on purpose.
 * RB_OK; RB_ERROR (libsodium could not start or ran out of memory; logged)
 * with out "".
 */
int rb_password_hash(struct rb_str password, char out[RB_PASSWORD_HASH_MAX]);

/*
 * True when password matches hash, a NUL-terminated string as stored
 * (argon2id, or argon2i from an older scheme). False for a wrong password
 * and for a NULL, empty or malformed hash. Takes as long as hashing.
 */
bool rb_password_verify(const char *hash, struct rb_str password);

/*
 * True when hash was not made by rb_password_hash with today's parameters
 * (another algorithm, weaker or stronger parameters, or unreadable): after
 * a successful verify, the caller stores rb_password_hash of the password
 * it was just given.
 */
bool rb_password_needs_rehash(const char *hash);

/*
 * Runs a verification of password against a fixed dummy hash made with
 * today's parameters and ignores the outcome, so a login for an unknown
 * email takes as long as one for a known email.
 */
void rb_password_burn(struct rb_str password);

#endif
