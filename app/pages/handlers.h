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

/* shop/listing.c */
RB_HANDLER(shop_category_show);
RB_HANDLER(shop_search_show);

/* shop/product.c */
RB_HANDLER(shop_product_show);

/* shop/seo.c */
RB_HANDLER(shop_robots_show);
RB_HANDLER(shop_sitemap_show);

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

/* shop/password.c */
RB_HANDLER(shop_password_forgot_show);
RB_HANDLER(shop_password_forgot_post);
RB_HANDLER(shop_password_reset_show);
RB_HANDLER(shop_password_reset_post);

/* shop/addresses.c */
RB_HANDLER(shop_addresses_show);
RB_HANDLER(shop_address_create);
RB_HANDLER(shop_address_update);
RB_HANDLER(shop_address_delete);

/* shop/sessions.c */
RB_HANDLER(shop_sessions_show);
RB_HANDLER(shop_session_end);
RB_HANDLER(shop_sessions_end_others);

/* shop/tokens.c */
RB_HANDLER(shop_tokens_show);
RB_HANDLER(shop_token_create);
RB_HANDLER(shop_token_revoke);

/* api/catalog.c */
RB_HANDLER(api_markets_list);
RB_HANDLER(api_categories_list);
RB_HANDLER(api_products_list);
RB_HANDLER(api_product_show);
RB_HANDLER(api_search);

/* api/me.c */
RB_HANDLER(api_me_show);

/* admin/emails.c */
RB_HANDLER(admin_emails_show);

/* ops/health.c */
RB_HANDLER(ops_healthz_show);
RB_HANDLER(ops_readyz_show);
RB_HANDLER(ops_metrics_show);

#endif
