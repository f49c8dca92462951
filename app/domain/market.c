#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/mem.h"
#include "core/rc.h"
#include "db/db.h"
#include "domain/market.h"

#define MARKETS_TTL 60

static void
copy(char *dst, size_t n, PGresult *res, int row, int col)
{
	snprintf(dst, n, "%s", PQgetvalue(res, row, col));
}

static void
market_from_row(struct rb_market *m, PGresult *res, int r)
{
	copy(m->code, sizeof(m->code), res, r, 0);
	copy(m->country, sizeof(m->country), res, r, 1);
	copy(m->currency, sizeof(m->currency), res, r, 2);
	copy(m->locale, sizeof(m->locale), res, r, 3);
	m->vat_rate_bp = atoi(PQgetvalue(res, r, 4));
	m->prices_include_vat = PQgetvalue(res, r, 5)[0] == 't';
	m->return_days = atoi(PQgetvalue(res, r, 6));
	copy(m->name, sizeof(m->name), res, r, 7);
	copy(m->language, sizeof(m->language), res, r, 8);
	m->active = PQgetvalue(res, r, 9)[0] == 't';
}

int
market_table_load(struct rb_ctx *ctx)
{
	struct rb_markets *t = ctx->markets;
	time_t now = time(NULL);
	PGresult *res;
	struct rb_market *items;
	int n;

	if (t == NULL)
		t = ctx->markets = rb_xcalloc(1, sizeof(*t));
	if (t->items != NULL && now - t->loaded < MARKETS_TTL)
		return RB_OK;
	if (rb_db_query(ctx->db, &ctx->arena, RB_STMT_MARKETS_ALL, &res, 0,
	    NULL) != RB_OK)
		/* A slightly old table beats an error page. */
		return t->items != NULL ? RB_OK : RB_ERROR;
	n = PQntuples(res);
	items = rb_xcalloc((size_t)n, sizeof(*items));
	for (int r = 0; r < n; r++)
		market_from_row(&items[r], res, r);
	free(t->items);
	t->items = items;
	t->n = (size_t)n;
	t->loaded = now;
	return RB_OK;
}

const struct rb_market *
market_find(const struct rb_markets *t, struct rb_str code)
{
	if (t == NULL)
		return NULL;
	for (size_t i = 0; i < t->n; i++)
		if (t->items[i].active && rb_str_eq_c(code, t->items[i].code))
			return &t->items[i];
	return NULL;
}

size_t
market_codes(const struct rb_markets *t, const char **out)
{
	size_t k = 0;

	for (size_t i = 0; t != NULL && i < t->n; i++)
		if (t->items[i].active)
			out[k++] = t->items[i].code;
	return k;
}

void
market_table_free(struct rb_markets *t)
{
	if (t == NULL)
		return;
	free(t->items);
	free(t);
}
