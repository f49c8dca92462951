/*
 * Every request handler, by area. A handler fills resp and returns RB_OK,
 * or returns RB_DECLINED (404), RB_INVALID (400), RB_CONFLICT (409) or
 * RB_ERROR (500) and leaves the error page to the dispatcher. Access
 * rules are route flags in routes.c, never checks inside a handler.
 */
#ifndef RB_PAGES_HANDLERS_H
#define RB_PAGES_HANDLERS_H

struct rb_ctx;
struct rb_request;
struct rb_response;

#define RB_HANDLER(name)                                                     \
	int name(struct rb_ctx *ctx, struct rb_request *req,                 \
	    struct rb_response *resp)

/* shop/home.c */
RB_HANDLER(shop_root_redirect);
RB_HANDLER(shop_market_slash);
RB_HANDLER(shop_home_show);

/* shop/identity.c */
RB_HANDLER(shop_login_show);
RB_HANDLER(shop_login_post);
RB_HANDLER(shop_register_show);
RB_HANDLER(shop_register_post);
RB_HANDLER(shop_logout_post);

/* shop/account.c */
RB_HANDLER(shop_account_show);
RB_HANDLER(shop_account_profile_post);
RB_HANDLER(shop_account_password_post);

/* ops/health.c */
RB_HANDLER(ops_healthz_show);
RB_HANDLER(ops_readyz_show);
RB_HANDLER(ops_metrics_show);

#endif
