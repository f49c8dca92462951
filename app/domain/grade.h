/*
 * The four condition grades and their public definitions (DESIGN.md §5):
 * what a shopper may expect of the device's looks and battery.
 */
#ifndef RB_DOMAIN_GRADE_H
#define RB_DOMAIN_GRADE_H

#include <stddef.h>

#include "core/str.h"

enum grade { GRADE_PREMIUM, GRADE_EXCELLENT, GRADE_GOOD, GRADE_FAIR,
	GRADE_COUNT };

struct grade_def {
	enum grade grade;
	const char *code;     /* "premium": URLs, API, database */
	const char *name;     /* "Premium" */
	const char *cosmetic; /* the cosmetic condition, in a sentence */
	int battery_floor;    /* minimum battery health, percent */
};

/* The definitions, best grade first. */
const struct grade_def *grade_defs(size_t *n);

/* The grade with this code; -1 when there is none. */
int grade_parse(struct rb_str code);

#endif
