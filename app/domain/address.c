#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/ctx.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/address.h"

static const struct address_country countries[] = {
	{ "US", "United States" },
	{ "GB", "United Kingdom" },
	{ "FR", "France" },
	{ "DE", "Germany" },
	{ "ES", "Spain" },
};
#define NCOUNTRIES (sizeof(countries) / sizeof(countries[0]))

static const char *const field_names[ADDRESS_NFIELDS] = { "full_name",
	"line1", "line2", "city", "postal_code", "region", "country",
	"phone" };

const struct address_country *
address_countries(size_t *n)
{
	*n = NCOUNTRIES;
	return countries;
}

const char *const *
address_field_names(void)
{
	return field_names;
}

struct rb_str *
address_field(struct address *a, const char *name)
{
	struct rb_str *f[ADDRESS_NFIELDS] = { &a->full_name, &a->line1,
		&a->line2, &a->city, &a->postal_code, &a->region, &a->country,
		&a->phone };

	for (size_t i = 0; i < ADDRESS_NFIELDS; i++)
		if (strcmp(name, field_names[i]) == 0)
			return f[i];
	return NULL;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static struct rb_str
trim(struct rb_str s)
{
	while (s.len > 0 && (s.ptr[0] == ' ' || s.ptr[0] == '\t')) {
		s.ptr++;
		s.len--;
	}
	while (s.len > 0 && (s.ptr[s.len - 1] == ' ' ||
	    s.ptr[s.len - 1] == '\t'))
		s.len--;
	return s;
}

/* Code points in s, or -1 when it holds a control character (a line
 * break pasted into a one-line field). The form layer has checked UTF-8. */
static long
text_chars(struct rb_str s)
{
	long n = 0;

	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];

		if (c < ' ' || c == 0x7f)
			return -1;
		n += (c & 0xC0) != 0x80;
	}
	return n;
}

/* A free-text field of min..max characters. */
static int
text(struct rb_str s, const char *field, long min, long max,
    const char *empty_msg, struct rb_err *err)
{
	long n = text_chars(s);

	if (n < 0)
		return rb_err_field(err, RB_INVALID, field,
		    "Use one line, without control characters.");
	if (n < min)
		return rb_err_field(err, RB_INVALID, field, "%s", empty_msg);
	if (n > max)
		return rb_err_field(err, RB_INVALID, field,
		    "Use at most %ld characters.", max);
	return RB_OK;
}

/* "A9", "A99", "A9A", "AA9", "AA99", "AA9A": a UK outward code. */
static bool
uk_outward(const char *s, size_t n)
{
	if (n < 2 || n > 4 || !is_upper(s[0]) || strchr("QVX", s[0]))
		return false;
	if (is_digit(s[1])) {
		if (n == 2)
			return true;
		if (n == 3)
			return is_digit(s[2]) || strchr("ABCDEFGHJKPSTUW", s[2]);
		return false;
	}
	if (!is_upper(s[1]) || strchr("IJZ", s[1]) || n < 3 ||
	    !is_digit(s[2]))
		return false;
	if (n == 3)
		return true;
	return is_digit(s[3]) || strchr("ABEHMNPRVWXY", s[3]);
}

/* s without spaces, upper-cased: a UK postcode ("SW1A1AA")? */
static bool
uk_postcode(const char *s, size_t n)
{
	static const char inward_letters[] = "ABDEFGHJLNPQRSTUWXYZ";

	if (n == 6 && memcmp(s, "GIR0AA", 6) == 0)
		return true;
	if (n < 5 || n > 7)
		return false;
	return uk_outward(s, n - 3) && is_digit(s[n - 3]) &&
	    is_upper(s[n - 2]) && strchr(inward_letters, s[n - 2]) &&
	    is_upper(s[n - 1]) && strchr(inward_letters, s[n - 1]);
}

static bool
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

int
address_postal_code(const char *country, struct rb_str in, char out[17],
    struct rb_err *err)
{
	char c[17];
	size_t n = 0;

	in = trim(in);
	if (in.len == 0)
		return rb_err_field(err, RB_INVALID, "postal_code",
		    "Enter the postal code.");
	if (in.len > 16)
		goto bad;
	/* Upper case, spaces dropped: "sw1a 1aa" and "SW1A1AA" are one
	 * postcode, written back in the country's own form. */
	for (size_t i = 0; i < in.len; i++) {
		char ch = in.ptr[i];

		if (ch == ' ')
			continue;
		c[n++] = ch >= 'a' && ch <= 'z' ? (char)(ch - 32) : ch;
	}
	c[n] = '\0';
	if (strcmp(country, "US") == 0) {
		if (n == 5 && digits(c, 5)) {
			memcpy(out, c, 6);
			return RB_OK;
		}
		if ((n == 10 && digits(c, 5) && c[5] == '-' &&
		    digits(c + 6, 4)) || (n == 9 && digits(c, 9))) {
			snprintf(out, 17, "%.5s-%.4s", c, c + n - 4);
			return RB_OK;
		}
		goto bad;
	}
	if (strcmp(country, "GB") == 0) {
		if (!uk_postcode(c, n))
			goto bad;
		snprintf(out, 17, "%.*s %.3s", (int)(n - 3), c, c + n - 3);
		return RB_OK;
	}
	if (strcmp(country, "FR") == 0 || strcmp(country, "DE") == 0 ||
	    strcmp(country, "ES") == 0) {
		int prefix;

		if (n != 5 || !digits(c, 5))
			goto bad;
		prefix = (c[0] - '0') * 10 + (c[1] - '0');
		/* Spain numbers its 52 provinces 01-52; no French or German
		 * code starts with 00. */
		if (prefix == 0 || (country[0] == 'E' && prefix > 52))
			goto bad;
		memcpy(out, c, 6);
		return RB_OK;
	}
	return rb_err_field(err, RB_INVALID, "postal_code",
	    "Choose the country first.");
bad:
	if (strcmp(country, "US") == 0)
		return rb_err_field(err, RB_INVALID, "postal_code",
		    "Enter a 5-digit ZIP code, or ZIP+4 like 12345-6789.");
	if (strcmp(country, "GB") == 0)
		return rb_err_field(err, RB_INVALID, "postal_code",
		    "Enter a UK postcode, like SW1A 1AA.");
	if (strcmp(country, "ES") == 0)
		return rb_err_field(err, RB_INVALID, "postal_code",
		    "Enter a 5-digit postal code from 01000 to 52999, like "
		    "28013.");
	return rb_err_field(err, RB_INVALID, "postal_code",
	    "Enter a 5-digit postal code, like %s.",
	    strcmp(country, "DE") == 0 ? "10115" : "75001");
}

/* Optional; 6-20 digits among digits, spaces, - and ( ), + only first. */
static int
phone(struct rb_str s, struct rb_err *err)
{
	size_t ndigits = 0;

	if (s.len == 0)
		return RB_OK;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.ptr[i];

		if (is_digit(c))
			ndigits++;
		else if (!(c == ' ' || c == '-' || c == '(' || c == ')' ||
		    (c == '+' && i == 0)))
			goto bad;
	}
	if (ndigits >= 6 && ndigits <= 20 && s.len <= 32)
		return RB_OK;
bad:
	return rb_err_field(err, RB_INVALID, "phone",
	    "Enter a phone number of 6 to 20 digits, like +44 20 7946 0958, "
	    "or leave it empty.");
}

static const struct address_country *
country_find(struct rb_str s, char code[3])
{
	if (s.len != 2)
		return NULL;
	code[0] = s.ptr[0] >= 'a' && s.ptr[0] <= 'z' ? (char)(s.ptr[0] - 32) :
	    s.ptr[0];
	code[1] = s.ptr[1] >= 'a' && s.ptr[1] <= 'z' ? (char)(s.ptr[1] - 32) :
	    s.ptr[1];
	code[2] = '\0';
	for (size_t i = 0; i < NCOUNTRIES; i++)
		if (strcmp(countries[i].code, code) == 0)
			return &countries[i];
	return NULL;
}

int
address_check(struct rb_arena *a, struct address *addr,
    struct rb_err errs[ADDRESS_NFIELDS], size_t *nerrs)
{
	const struct address_country *c;
	char code[3], postal[17];
	size_t n = 0;

	for (size_t i = 0; i < ADDRESS_NFIELDS; i++) {
		struct rb_str *f = address_field(addr, field_names[i]);

		*f = trim(*f);
	}
	if (text(addr->full_name, "full_name", 1, 100,
	    "Enter the recipient's full name.", &errs[n]) != RB_OK)
		n++;
	if (text(addr->line1, "line1", 1, 200,
	    "Enter the street address.", &errs[n]) != RB_OK)
		n++;
	if (text(addr->line2, "line2", 0, 200, "", &errs[n]) != RB_OK)
		n++;
	if (text(addr->city, "city", 1, 100, "Enter the town or city.",
	    &errs[n]) != RB_OK)
		n++;
	if ((c = country_find(addr->country, code)) == NULL) {
		rb_err_field(&errs[n++], RB_INVALID, "country",
		    "Choose a country from the list: we deliver to these "
		    "only.");
		if (addr->postal_code.len == 0)
			rb_err_field(&errs[n++], RB_INVALID, "postal_code",
			    "Enter the postal code.");
	} else if (address_postal_code(code, addr->postal_code, postal,
	    &errs[n]) != RB_OK) {
		n++;
	} else {
		addr->country = rb_str_c(c->code);
		addr->postal_code = rb_str_c(rb_arena_strdup(a, postal));
	}
	if (text(addr->region, "region", 0, 100, "", &errs[n]) != RB_OK)
		n++;
	if (phone(addr->phone, &errs[n]) != RB_OK)
		n++;
	*nerrs = n;
	return n == 0 ? RB_OK : RB_INVALID;
}

static const char *
i64(struct rb_ctx *ctx, int64_t v)
{
	return rb_arena_printf(&ctx->arena, "%" PRId64, v);
}

static const char *
dup(struct rb_ctx *ctx, struct rb_str s)
{
	return rb_arena_strndup(&ctx->arena, s.ptr ? s.ptr : "", s.len);
}

int
address_list(struct rb_ctx *ctx, int64_t user_id, struct address **out,
    size_t *n)
{
	const char *p[1] = { i64(ctx, user_id) };
	struct address *list;
	PGresult *res;
	int rows;

	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_ADDRESS_LIST, &res, 1,
	    p) != RB_OK)
		return RB_ERROR;
	rows = PQntuples(res);
	list = rb_arena_calloc(&ctx->arena,
	    sizeof(*list) * (size_t)(rows > 0 ? rows : 1));
	/* The strings stay in the result, which lives as long as the
	 * arena. */
	for (int r = 0; r < rows; r++) {
		struct address *a = &list[r];

		a->id = strtoll(PQgetvalue(res, r, 0), NULL, 10);
		for (int k = 0; k < ADDRESS_NFIELDS; k++)
			*address_field(a, field_names[k]) = (struct rb_str){
				PQgetvalue(res, r, k + 1),
				(size_t)PQgetlength(res, r, k + 1) };
	}
	*out = list;
	*n = (size_t)rows;
	return RB_OK;
}

/* Fills p[from..from+7] with the fields, in the statements' order. */
static void
field_params(struct rb_ctx *ctx, const struct address *a, const char **p)
{
	p[0] = dup(ctx, a->full_name);
	p[1] = dup(ctx, a->line1);
	p[2] = dup(ctx, a->line2);
	p[3] = dup(ctx, a->city);
	p[4] = dup(ctx, a->postal_code);
	p[5] = dup(ctx, a->region);
	p[6] = dup(ctx, a->country);
	p[7] = dup(ctx, a->phone);
}

int
address_create(struct rb_ctx *ctx, int64_t user_id,
    const struct address *addr, int64_t *id, struct rb_err *err)
{
	const char *p[10];
	PGresult *res;

	p[0] = i64(ctx, user_id);
	field_params(ctx, addr, p + 1);
	p[9] = rb_arena_printf(&ctx->arena, "%d", ADDRESS_MAX_PER_USER);
	/*
	 * The count and the insert race with a second request of the same
	 * user: the lock on the user's row makes the second wait, and its
	 * INSERT (a new statement, so a new snapshot) then counts the first
	 * one's row.
	 */
	if (rb_db_begin(ctx->db, &ctx->arena) != RB_OK)
		return RB_ERROR;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_USER_LOCK, &res, 1,
	    p) != RB_OK ||
	    rb_db_query(ctx->db, &ctx->arena, RB_STMT_ADDRESS_INSERT, &res, 10,
	    p) != RB_OK) {
		rb_db_rollback(ctx->db, &ctx->arena);
		return RB_ERROR;
	}
	if (PQntuples(res) != 1) {
		rb_db_rollback(ctx->db, &ctx->arena);
		return rb_err_field(err, RB_CONFLICT, "form",
		    "You can save at most %d addresses. Delete one you no "
		    "longer use first.", ADDRESS_MAX_PER_USER);
	}
	*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	return rb_db_commit(ctx->db, &ctx->arena);
}

int
address_update(struct rb_ctx *ctx, int64_t user_id,
    const struct address *addr)
{
	const char *p[10];
	PGresult *res;

	p[0] = i64(ctx, addr->id);
	p[1] = i64(ctx, user_id);
	field_params(ctx, addr, p + 2);
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_ADDRESS_UPDATE, &res, 10,
	    p) != RB_OK)
		return RB_ERROR;
	return PQcmdTuples(res)[0] == '0' ? RB_DECLINED : RB_OK;
}

int
address_delete(struct rb_ctx *ctx, int64_t user_id, int64_t id)
{
	const char *p[2] = { i64(ctx, id), i64(ctx, user_id) };
	PGresult *res;

	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_ADDRESS_DELETE, &res, 2,
	    p) != RB_OK)
		return RB_ERROR;
	return PQcmdTuples(res)[0] == '0' ? RB_DECLINED : RB_OK;
}
