/*
 * Saved postal addresses of an account (the checkout offers them). Every
 * query filters by the owner's id, so one user can neither read nor change
 * another's address: an id that is not theirs is simply not found.
 *
 * Countries are those Rebound ships to (the markets' countries); each has
 * its postal code format checked here, without the database, so the rules
 * are unit-tested.
 */
#ifndef RB_DOMAIN_ADDRESS_H
#define RB_DOMAIN_ADDRESS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct rb_arena;
struct rb_ctx;

#define ADDRESS_MAX_PER_USER 20

/* The fields, in form order; their names are the form's field names. */
#define ADDRESS_NFIELDS 8

struct address {
	int64_t id; /* 0 until stored */
	struct rb_str full_name, line1, line2, city, postal_code, region,
	    country, phone;
};

struct address_country {
	const char *code; /* ISO 3166-1 alpha-2, upper case */
	const char *name;
};

/* The countries an address may be in, for the form's select. */
const struct address_country *address_countries(size_t *n);

/* The form field names, in form order (ADDRESS_NFIELDS of them). */
const char *const *address_field_names(void);

/* The field called name of a (NULL for an unknown name). */
struct rb_str *address_field(struct address *a, const char *name);

/*
 * Checks and normalises every field of a: surrounding spaces trimmed,
 * country and postal code upper-cased, a UK postcode written "SW1A 1AA",
 * a US ZIP+4 "12345-6789". Normalised values are copied into arena a.
 * Every wrong field gets one message in errs (err->field names it), so a
 * form can show them all at once. Returns RB_OK, or RB_INVALID with
 * *nerrs messages.
 */
int address_check(struct rb_arena *a, struct address *addr,
    struct rb_err errs[ADDRESS_NFIELDS], size_t *nerrs);

/*
 * Postal code check and normalisation for one country (code upper case):
 * RB_OK and out (16 bytes) holds the normalised code; RB_INVALID and err
 * (field "postal_code") says what the format is.
 */
int address_postal_code(const char *country, struct rb_str in, char out[17],
    struct rb_err *err);

/*
 * The user's addresses in creation order, at most 100, as an array in the
 * arena. RB_OK or RB_ERROR.
 */
int address_list(struct rb_ctx *ctx, int64_t user_id, struct address **out,
    size_t *n);

/*
 * Stores a new address (already through address_check). RB_OK and *id;
 * RB_CONFLICT when the user has ADDRESS_MAX_PER_USER addresses already
 * (checked under a lock on the user, so two requests at once cannot pass
 * it together); RB_ERROR.
 */
int address_create(struct rb_ctx *ctx, int64_t user_id,
    const struct address *addr, int64_t *id, struct rb_err *err);

/* Replaces address addr->id of user_id (checked). RB_OK, RB_DECLINED when
 * the user has no such address, RB_ERROR. */
int address_update(struct rb_ctx *ctx, int64_t user_id,
    const struct address *addr);

/* RB_OK, RB_DECLINED when the user has no such address, RB_ERROR. */
int address_delete(struct rb_ctx *ctx, int64_t user_id, int64_t id);

#endif
