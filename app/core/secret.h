/*
 * Random tokens and what is stored of them. A token (session id, CSRF
 * token, reset link, API token) is 32 random bytes from the kernel's CSPRNG,
 * written as 43 base64url characters; only its SHA-256 is ever stored or
 * used as a key, and tokens are compared in constant time.
 */
#ifndef RB_CORE_SECRET_H
#define RB_CORE_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"

#define RB_TOKEN_LEN 43	  /* base64url of 32 bytes, no padding */
#define RB_HASH_LEN 32	  /* SHA-256 */
#define RB_HASH_HEX_LEN 64

/* Prepares libsodium; RB_OK or RB_ERROR. Call once per process. */
int rb_secret_init(void);

/* A fresh token: RB_TOKEN_LEN characters and a NUL. */
void rb_secret_token(char out[RB_TOKEN_LEN + 1]);

/* True when s looks like a token (length and alphabet): cheap rejection of
 * garbage before any lookup. */
bool rb_secret_token_valid(struct rb_str s);

/* SHA-256 of s. */
void rb_secret_hash(struct rb_str s, unsigned char out[RB_HASH_LEN]);

/* The hash as lower-case hex and a NUL. */
void rb_secret_hash_hex(struct rb_str s, char out[RB_HASH_HEX_LEN + 1]);

/* a == b, in time that depends only on the lengths. */
bool rb_secret_equal(struct rb_str a, struct rb_str b);

#endif
