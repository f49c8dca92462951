/*
 * What the account's pages share (/{m}/account/...): their model with the
 * section tab marked, the "saved" notice after a form, and the redirect
 * that leads to it. Everything on these pages is personal: never stored
 * by any cache (Cache-Control: no-store).
 */
#ifndef RB_PAGES_SHOP_ACCOUNT_PAGE_H
#define RB_PAGES_SHOP_ACCOUNT_PAGE_H

#include <stddef.h>

struct json_object;
struct rb_ctx;
struct rb_market;
struct rb_request;
struct rb_response;

/* A notice shown after ?saved=<what>. */
struct account_notice {
	const char *what;
	const char *text;
};

/*
 * The market, and the page model with nav.<tab> true for the tab bar.
 * Sets Cache-Control: no-store on resp. RB_OK, or shop_market's code.
 */
int account_page(struct rb_ctx *ctx, struct rb_request *req,
    struct rb_response *resp, const char *tab, struct json_object **view,
    const struct rb_market **m);

/* Adds "notice" to view when the query's saved= names one of notices. */
void account_notice(struct rb_request *req, struct json_object *view,
    const struct account_notice *notices, size_t n);

/* 303 to /{m}/account/<section>?saved=<what>: post, redirect, get, so a
 * reload never sends the form again. */
int account_saved(struct rb_ctx *ctx, struct rb_response *resp,
    const struct rb_market *m, const char *section, const char *what);

#endif
