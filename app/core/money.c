/*
 * Formatting only: amounts arrive as minor units and are written digit by
 * digit from their magnitude as a uint64_t, which holds -INT64_MIN, so no
 * value overflows and no double ever touches a price.
 */
#include <stdbool.h>
#include <string.h>

#include "core/buf.h"
#include "core/money.h"

#define NBSP  "\xc2\xa0"     /* U+00A0 NO-BREAK SPACE */
#define NNBSP "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */

struct locale {
	const char *name;
	const char *group;    /* between groups of three digits */
	const char *decimal;  /* before the minor units */
	int min_grouping;     /* digits before grouping starts: 4, or 5 */
	bool symbol_after;    /* "1,00 €" rather than "€1.00" */
	const char *currency; /* the locale's own */
};

static const struct locale locales[] = {
    {"en_US", ",", ".", 4, false, "USD"},
    {"en_GB", ",", ".", 4, false, "GBP"},
    {"fr_FR", NNBSP, ",", 4, true, "EUR"},
    {"de_DE", ".", ",", 4, true, "EUR"},
    {"es_ES", ".", ",", 5, true, "EUR"},
};

static const struct {
	const char *code, *symbol;
} currencies[] = {
    {"USD", "$"}, {"GBP", "\xc2\xa3"}, /* £ */
    {"EUR", "\xe2\x82\xac"},           /* € */
};

/* "en_GB", "en-GB" or "en-gb"; anything else is en_US. */
static const struct locale *
locale_of(const char *name)
{
	size_t i;

	if (name != NULL && strlen(name) == 5)
		for (i = 0; i < sizeof(locales) / sizeof(locales[0]); i++) {
			const char *l = locales[i].name;

			if (strncmp(name, l, 2) == 0 &&
			    (name[2] == '_' || name[2] == '-') &&
			    (name[3] & ~0x20) == l[3] &&
			    (name[4] & ~0x20) == l[4])
				return &locales[i];
		}
	return &locales[0];
}

static const char *
symbol_of(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof(currencies) / sizeof(currencies[0]); i++)
		if (code != NULL && strcmp(code, currencies[i].code) == 0)
			return currencies[i].symbol;
	return NULL;
}

static uint64_t
magnitude(int64_t n)
{
	return n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
}

/* Appends v in decimal with the locale's grouping. */
static void
put_grouped(struct rb_buf *out, uint64_t v, const struct locale *l)
{
	char digits[24];
	int n = 0, i;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	for (i = n - 1; i >= 0; i--) {
		rb_buf_putc(out, digits[i]);
		if (i > 0 && i % 3 == 0 && n >= l->min_grouping)
			rb_buf_puts(out, l->group);
	}
}

void
rb_money_format(
    struct rb_buf *out, int64_t minor, const char *currency, const char *locale)
{
	const struct locale *l = locale_of(locale);
	const char *sym = symbol_of(currency);
	uint64_t v = magnitude(minor);
	unsigned cents = (unsigned)(v % 100);

	if (currency == NULL)
		currency = "";
	if (minor < 0)
		rb_buf_putc(out, '-');
	if (!l->symbol_after) {
		if (sym != NULL)
			rb_buf_puts(out, sym);
		else
			rb_buf_printf(out, "%s" NBSP, currency);
	}
	put_grouped(out, v / 100, l);
	rb_buf_puts(out, l->decimal);
	rb_buf_putc(out, (char)('0' + cents / 10));
	rb_buf_putc(out, (char)('0' + cents % 10));
	if (l->symbol_after)
		rb_buf_printf(out, NBSP "%s", sym != NULL ? sym : currency);
}

void
rb_number_format(struct rb_buf *out, int64_t n, const char *locale)
{
	if (n < 0)
		rb_buf_putc(out, '-');
	put_grouped(out, magnitude(n), locale_of(locale));
}
