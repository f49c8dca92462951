/*
 * Calendar days as a count since 1970-01-01 (proleptic Gregorian, no
 * time zone): what the catalog's charts and cards compute with, in
 * integer arithmetic only.
 */
#ifndef RB_CORE_DATE_H
#define RB_CORE_DATE_H

#include <stdbool.h>
#include <stdint.h>

/* "2026-08-27" -> its day; false unless exactly YYYY-MM-DD, a real date. */
bool rb_date_parse(const char *s, int64_t *day);

/* The day as "YYYY-MM-DD" (years 0-9999; NUL-terminated). */
void rb_date_format(int64_t day, char out[11]);

/* The year the day falls in. */
int rb_date_year(int64_t day);

#endif
