#include <sodium.h>

#include "core/rc.h"
#include "core/secret.h"

int
rb_secret_init(void)
{
	return sodium_init() < 0 ? RB_ERROR : RB_OK;
}

void
rb_secret_token(char out[RB_TOKEN_LEN + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, RB_TOKEN_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

bool
rb_secret_token_valid(struct rb_str s)
{
	if (s.len != RB_TOKEN_LEN)
		return false;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.ptr[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

void
rb_secret_hash(struct rb_str s, unsigned char out[RB_HASH_LEN])
{
	crypto_hash_sha256(out, (const unsigned char *)s.ptr, s.len);
}

void
rb_secret_hash_hex(struct rb_str s, char out[RB_HASH_HEX_LEN + 1])
{
	unsigned char h[RB_HASH_LEN];

	rb_secret_hash(s, h);
	sodium_bin2hex(out, RB_HASH_HEX_LEN + 1, h, sizeof(h));
}

bool
rb_secret_equal(struct rb_str a, struct rb_str b)
{
	if (a.len != b.len)
		return false;
	return a.len == 0 ||
	    sodium_memcmp(a.ptr, b.ptr, a.len) == 0;
}
