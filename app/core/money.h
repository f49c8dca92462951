/*
 * Money and numbers written the way each market reads them, after CLDR:
 *
 *   en_US  $1,234.56     en_GB  £1,234.56
 *   fr_FR  1 234,56 €    (U+202F between groups, U+00A0 before the symbol)
 *   de_DE  1.234,56 €    (U+00A0 before the symbol)
 *   es_ES  1234,56 €     and 12.345,67 € (groups only from five digits)
 *
 * Amounts are integers in minor units (cents, pence); every supported
 * currency has two decimals. No floating point anywhere. A currency that
 * is not the locale's keeps the locale's layout with its own symbol
 * (EUR in en_GB: "€1,234.56"); an unknown currency shows its code
 * ("CHF 1,234.56", "1 234,56 CHF"). An unknown locale formats as en_US.
 */
#ifndef RB_CORE_MONEY_H
#define RB_CORE_MONEY_H

#include <stdint.h>

struct rb_buf;

/*
 * Appends minor/100 in currency ("USD", "GBP", "EUR") for locale
 * ("en_US", "en_GB", "fr_FR", "de_DE", "es_ES"; "en-GB" is accepted too).
 * Negative amounts take a leading "-" ("-$1.50", "-1,50 €"); every int64_t
 * value, INT64_MIN included, is formatted exactly.
 */
void rb_money_format(struct rb_buf *out, int64_t minor, const char *currency,
    const char *locale);

/* Appends n with the locale's grouping: "1,234,567", "1 234 567", "1234". */
void rb_number_format(struct rb_buf *out, int64_t n, const char *locale);

#endif
