#include "domain/grade.h"

static const struct grade_def defs[GRADE_COUNT] = {
	{ GRADE_PREMIUM, "premium", "Premium",
	    "Flawless: no visible sign of use, even up close.", 90 },
	{ GRADE_EXCELLENT, "excellent", "Excellent",
	    "Near flawless: at most faint micro-scratches, invisible at arm's "
	    "length.",
	    85 },
	{ GRADE_GOOD, "good", "Good",
	    "Light signs of use: small scratches on the body, a flawless "
	    "screen.",
	    80 },
	{ GRADE_FAIR, "fair", "Fair",
	    "Visible signs of use: scratches or small dents on the body, "
	    "light marks on the screen.",
	    80 },
};

const struct grade_def *
grade_defs(size_t *n)
{
	*n = GRADE_COUNT;
	return defs;
}

int
grade_parse(struct rb_str code)
{
	for (int g = 0; g < GRADE_COUNT; g++)
		if (rb_str_eq_c(code, defs[g].code))
			return g;
	return -1;
}
