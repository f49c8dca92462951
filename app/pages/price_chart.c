/*
 * Price history as inline SVG. Everything is computed in integers: prices
 * are minor units, coordinates are tenths of a viewBox unit, so a chart
 * is the same bytes on every machine and no double ever touches a price.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "core/money.h"
#include "pages/price_chart.h"

/* The plot area in viewBox units; the left margin holds the y labels,
 * the bottom one the two dates and the legend. */
#define VIEW_W		640
#define VIEW_H		240
#define PLOT_L		112
#define PLOT_R		624
#define PLOT_T		12
#define PLOT_B		192
#define DATE_Y		210
#define LEGEND_Y	230
#define LEGEND_STEP	120 /* the least room per legend entry */
#define MAX_TICKS	4

struct scale {
	int64_t bottom, top, step; /* bottom and top are ticks */
	int nticks;
};

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

static void
put_html(struct rb_buf *out, const char *s)
{
	s = nz(s);
	rb_buf_append_html(out, s, strlen(s));
}

/*
 * A coordinate in tenths, written "123.4"; coordinates are never
 * negative. By hand rather than printf: four grades over 90 days are
 * about 750 coordinates, and printf was 7% of a product page's worker time.
 */
static void
put_coord(struct rb_buf *out, int64_t tenths)
{
	char text[24], *p = text + sizeof(text);
	uint64_t v = tenths > 0 ? (uint64_t)tenths : 0;

	*--p = (char)('0' + v % 10);
	*--p = '.';
	v /= 10;
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	rb_buf_append(out, p, (size_t)(text + sizeof(text) - p));
}

static int64_t
clamp_price(int64_t p)
{
	return p > PRICE_CHART_MAX ? PRICE_CHART_MAX : p;
}

static bool
series_has_price(const struct price_series *s, size_t ndays)
{
	size_t i;

	if (s->price == NULL)
		return false;
	for (i = 0; i < ndays; i++)
		if (s->price[i] >= 0)
			return true;
	return false;
}

/*
 * The smallest of 1, 2, 5, 10, 20, 25, 50, 100, ... that is at least v
 * (v <= 10^17). 25 and its powers let a range just over 2 steps of 20
 * take 2 steps of 25 rather than 3 of 50, which would waste half the plot.
 */
static int64_t
nice_at_least(int64_t v)
{
	static const int64_t f[] = { 10, 20, 25, 50 }; /* tenths of m */
	int64_t m, s;
	size_t i;

	for (m = 1;; m *= 10)
		for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
			if (f[i] * m % 10 != 0)
				continue; /* 2.5 minor units */
			s = f[i] * m / 10;
			if (s >= v)
				return s;
		}
}

/*
 * Ticks on multiples of a nice step covering [lo, hi] with 2 or 3
 * intervals; of the first few steps that fit, the one wasting the least
 * height. A flat history (lo == hi) gets a step of about a fifth of its
 * price so the line sits between two ticks rather than on the frame.
 */
static void
scale_make(struct scale *sc, int64_t lo, int64_t hi)
{
	struct scale cand;
	int64_t span = hi - lo, n;
	int tries = 0;

	if (span == 0)
		span = hi / 5 > 0 ? hi / 5 : 1;
	*sc = (struct scale){ 0, 0, 0, 0 };
	cand.step = nice_at_least((span + 2) / 3);
	for (;; cand.step = nice_at_least(cand.step + 1)) {
		cand.bottom = lo / cand.step * cand.step;
		cand.top = (hi + cand.step - 1) / cand.step * cand.step;
		n = (cand.top - cand.bottom) / cand.step;
		if (n > MAX_TICKS - 1)
			continue;
		/* Fewer than 3 ticks reads as no scale at all: widen,
		 * downwards only while the bottom stays at or above zero. */
		for (; n < 2; n++) {
			if (n == 1 || cand.bottom < cand.step)
				cand.top += cand.step;
			else
				cand.bottom -= cand.step;
		}
		cand.nticks = (int)n + 1;
		if (sc->nticks == 0 ||
		    cand.top - cand.bottom < sc->top - sc->bottom)
			*sc = cand;
		if (++tries == 3)
			break;
	}
}

/* The y of a price, in tenths. */
static int64_t
y_of(const struct scale *sc, int64_t p)
{
	int64_t h = (PLOT_B - PLOT_T) * 10, range = sc->top - sc->bottom;

	return PLOT_B * 10 - ((p - sc->bottom) * h + range / 2) / range;
}

/* The x of day i, in tenths; a single day sits in the middle. */
static int64_t
x_of(size_t ndays, size_t i)
{
	int64_t w = (PLOT_R - PLOT_L) * 10;

	if (ndays < 2)
		return PLOT_L * 10 + w / 2;
	return PLOT_L * 10 + ((int64_t)i * w + (int64_t)(ndays - 1) / 2) /
	    (int64_t)(ndays - 1);
}

/* FNV-1a, for an id that differs between charts on the same page. */
static uint32_t
fnv(uint32_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0) {
		h ^= *b++;
		h *= 16777619u;
	}
	return h;
}

static uint32_t
chart_id(const struct rb_buf *out, const struct price_chart *c)
{
	uint32_t h = 2166136261u;
	size_t i;

	h = fnv(h, &out->len, sizeof(out->len));
	h = fnv(h, nz(c->title), strlen(nz(c->title)));
	for (i = 0; i < c->nseries; i++) {
		h = fnv(h, nz(c->series[i].grade), strlen(nz(c->series[i].grade)));
		if (c->series[i].price != NULL)
			h = fnv(h, c->series[i].price,
			    c->ndays * sizeof(c->series[i].price[0]));
	}
	return h;
}

static void
put_ticks(struct rb_buf *out, const struct price_chart *c,
    const struct scale *sc)
{
	struct rb_buf label;
	int64_t v, y;
	int i;

	rb_buf_init(&label, NULL);
	for (i = 0; i < sc->nticks; i++) {
		v = sc->bottom + (int64_t)i * sc->step;
		y = y_of(sc, v);
		rb_buf_printf(out, "<path class=\"chart-grid\" d=\"M%d ", PLOT_L);
		put_coord(out, y);
		rb_buf_printf(out, "H%d\"/>", PLOT_R);
	}
	rb_buf_puts(out, "<g class=\"chart-axis\" text-anchor=\"end\">");
	for (i = 0; i < sc->nticks; i++) {
		v = sc->bottom + (int64_t)i * sc->step;
		/* The baseline sits 4 below the grid line: text centred on it. */
		y = y_of(sc, v) + 40;
		rb_buf_printf(out, "<text x=\"%d\" y=\"", PLOT_L - 8);
		put_coord(out, y);
		rb_buf_puts(out, "\">");
		rb_buf_reset(&label);
		rb_money_format(&label, v, c->currency, c->locale);
		rb_buf_append_html(out, label.data, label.len);
		rb_buf_puts(out, "</text>");
	}
	rb_buf_puts(out, "</g>");
	rb_buf_release(&label);
}

/*
 * One path per series: "M" at the first day of each run of offers, "L"
 * for the following days. A run of a single day gets "h0", which the
 * round line cap draws as a dot; otherwise that day would be invisible.
 */
static void
put_line(struct rb_buf *out, const struct price_chart *c,
    const struct price_series *s, const struct scale *sc)
{
	size_t i, run = 0;

	rb_buf_puts(out, "<path class=\"chart-line chart-");
	put_html(out, s->grade);
	/* fill="none" keeps a line a line should the stylesheet not load. */
	rb_buf_puts(out, "\" fill=\"none\" d=\"");
	for (i = 0; i < c->ndays; i++) {
		if (s->price[i] < 0) {
			if (run == 1)
				rb_buf_puts(out, "h0");
			run = 0;
			continue;
		}
		rb_buf_putc(out, run == 0 ? 'M' : 'L');
		put_coord(out, x_of(c->ndays, i));
		rb_buf_putc(out, ' ');
		put_coord(out, y_of(sc, clamp_price(s->price[i])));
		run++;
	}
	if (run == 1)
		rb_buf_puts(out, "h0");
	rb_buf_puts(out, "\"/>");
}

/*
 * One legend entry at x; returns where the next one starts. Text width is
 * not known on the server: 7 units a character is a generous average at
 * 12px, so long translated names push their neighbours along rather than
 * run into them.
 */
static int64_t
put_legend(struct rb_buf *out, const struct price_series *s, int64_t x)
{
	const unsigned char *p;
	int64_t chars = 0, w;

	rb_buf_puts(out, "<path class=\"chart-line chart-");
	put_html(out, s->grade);
	rb_buf_printf(out, "\" fill=\"none\" d=\"M%lld %dh20\"/>",
	    (long long)x, LEGEND_Y - 4);
	rb_buf_printf(out, "<text class=\"chart-axis\" x=\"%lld\" y=\"%d\">",
	    (long long)x + 26, LEGEND_Y);
	put_html(out, s->label);
	rb_buf_puts(out, "</text>");
	for (p = (const unsigned char *)nz(s->label); *p != '\0'; p++)
		if ((*p & 0xc0) != 0x80) /* not a UTF-8 continuation */
			chars++;
	w = 26 + chars * 7 + 20;
	return x + (w > LEGEND_STEP ? w : LEGEND_STEP);
}

int
price_chart_svg(struct rb_buf *out, const struct price_chart *c)
{
	struct scale sc;
	int64_t lo = INT64_MAX, hi = -1, p, x;
	uint32_t id;
	size_t i, d;

	for (i = 0; i < c->nseries; i++) {
		if (c->series[i].price == NULL)
			continue;
		for (d = 0; d < c->ndays; d++) {
			if ((p = c->series[i].price[d]) < 0)
				continue;
			p = clamp_price(p);
			if (p < lo)
				lo = p;
			if (p > hi)
				hi = p;
		}
	}
	if (hi < 0)
		return 0;
	scale_make(&sc, lo, hi);
	id = chart_id(out, c);

	rb_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"price-chart\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
	    "role=\"img\" aria-labelledby=\"price-chart-%08x\">"
	    "<title id=\"price-chart-%08x\">", VIEW_W, VIEW_H, id, id);
	put_html(out, c->title);
	rb_buf_puts(out, "</title>");

	put_ticks(out, c, &sc);
	rb_buf_printf(out, "<path class=\"chart-axis\" d=\"M%d %dV%dH%d\"/>",
	    PLOT_L, PLOT_T, PLOT_B, PLOT_R);
	rb_buf_printf(out, "<text class=\"chart-axis\" x=\"%d\" y=\"%d\">",
	    PLOT_L, DATE_Y);
	put_html(out, c->first_day);
	rb_buf_printf(out, "</text><text class=\"chart-axis\" x=\"%d\" y=\"%d\" "
	    "text-anchor=\"end\">", PLOT_R, DATE_Y);
	put_html(out, c->last_day);
	rb_buf_puts(out, "</text>");

	for (i = 0; i < c->nseries; i++)
		if (series_has_price(&c->series[i], c->ndays))
			put_line(out, c, &c->series[i], &sc);
	for (i = 0, x = PLOT_L; i < c->nseries; i++)
		if (series_has_price(&c->series[i], c->ndays))
			x = put_legend(out, &c->series[i], x);
	rb_buf_puts(out, "</svg>");
	return 1;
}
