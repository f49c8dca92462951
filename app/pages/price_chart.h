/*
 * A product's price history drawn on the server as inline SVG: no
 * JavaScript, no image request, and the same markup for every browser.
 * One line per grade over the last days, y ticks in the market's money
 * format. Colours come from site.css through the chart-* classes.
 */
#ifndef RB_PAGES_PRICE_CHART_H
#define RB_PAGES_PRICE_CHART_H

#include <stddef.h>
#include <stdint.h>

struct rb_buf;

struct price_series {
	const char *grade;    /* "premium": used in a class name "chart-premium" */
	const char *label;    /* the grade's translated name, for the legend */
	const int64_t *price; /* ndays values in minor units; < 0 = no offer that day */
};

struct price_chart {
	const struct price_series *series;
	size_t nseries;
	size_t ndays;
	const char *first_day, *last_day; /* "2026-08-27", shown under the x axis */
	const char *currency, *locale;    /* for rb_money_format axis labels */
	const char *title;                /* accessible name, e.g. "Price history, last 90 days" */
};

/*
 * Appends an <svg> element (viewBox 0 0 640 240, width 100%) to out:
 * a y axis with 3-4 rounded "nice" price ticks formatted with rb_money_format,
 * the first and last day under the x axis, one <path> polyline per series
 * (gaps where price < 0 break the line: new "M" after a gap), a legend with
 * the labels, <title> for accessibility (role="img" aria-labelledby).
 * Every text is HTML-escaped (rb_buf_append_html). Series with no prices
 * are skipped; with no price at all it appends nothing and returns 0,
 * else returns 1. Integer arithmetic only (no floating point: coordinates
 * computed in integers, printed with one decimal by scaling x10).
 *
 * Prices above PRICE_CHART_MAX are drawn at PRICE_CHART_MAX. The title's
 * id is derived from the data and out->len, so two different charts on
 * one page never share it. NULL strings are drawn as empty.
 */
int price_chart_svg(struct rb_buf *out, const struct price_chart *c);

/* Ten trillion in major units: far above any listing, and low enough that
 * price * plot height * 10 stays inside int64_t. */
#define PRICE_CHART_MAX INT64_C(1000000000000000)

#endif
