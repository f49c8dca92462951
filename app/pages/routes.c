#include "http/router.h"
#include "pages/access.h"
#include "pages/handlers.h"
#include "pages/routes.h"

/*
 * Order matters where patterns overlap: the router refuses a route that an
 * earlier one makes unreachable, so literals come before parameters.
 */
static const struct rb_route routes[] = {
	{ RB_M_GET, "/healthz", ops_healthz_show, 0, "ops_healthz_show" },
	{ RB_M_GET, "/readyz", ops_readyz_show, 0, "ops_readyz_show" },
	{ RB_M_GET, "/metrics", ops_metrics_show, 0, "ops_metrics_show" },

	{ RB_M_GET, "/api/v1/me", api_me_show,
	    RB_R_API | RB_R_SESSION | RB_R_SCOPE_READ, "api_me_show" },

	{ RB_M_GET, "/api/v1/markets", api_markets_list, RB_R_API,
	    "api_markets_list" },
	{ RB_M_GET, "/api/v1/{m}/categories", api_categories_list, RB_R_API,
	    "api_categories_list" },
	{ RB_M_GET, "/api/v1/{m}/products", api_products_list, RB_R_API,
	    "api_products_list" },
	{ RB_M_GET, "/api/v1/{m}/products/{slug}", api_product_show, RB_R_API,
	    "api_product_show" },
	{ RB_M_GET, "/api/v1/{m}/search", api_search, RB_R_API, "api_search" },

	{ RB_M_GET, "/admin/emails", admin_emails_show, RB_R_ADMIN,
	    "admin_emails_show" },

	{ RB_M_GET, "/", shop_root_redirect, 0, "shop_root_redirect" },
	{ RB_M_GET, "/robots.txt", shop_robots_show, 0, "shop_robots_show" },
	{ RB_M_GET, "/{m}", shop_market_slash, 0, "shop_market_slash" },
	{ RB_M_GET, "/{m}/", shop_home_show, 0, "shop_home_show" },

	{ RB_M_GET, "/{m}/c/{category}", shop_category_show, 0,
	    "shop_category_show" },
	{ RB_M_GET, "/{m}/p/{product}", shop_product_show, 0,
	    "shop_product_show" },
	{ RB_M_GET, "/{m}/search", shop_search_show, 0, "shop_search_show" },
	{ RB_M_GET, "/{m}/sitemap.xml", shop_sitemap_show, 0,
	    "shop_sitemap_show" },

	{ RB_M_GET, "/{m}/login", shop_login_show, 0, "shop_login_show" },
	{ RB_M_POST, "/{m}/login", shop_login_post, RB_R_CSRF,
	    "shop_login_post" },
	{ RB_M_GET, "/{m}/register", shop_register_show, 0,
	    "shop_register_show" },
	{ RB_M_POST, "/{m}/register", shop_register_post, RB_R_CSRF,
	    "shop_register_post" },
	{ RB_M_POST, "/{m}/logout", shop_logout_post, RB_R_CSRF,
	    "shop_logout_post" },
	{ RB_M_GET, "/{m}/password/forgot", shop_password_forgot_show, 0,
	    "shop_password_forgot_show" },
	{ RB_M_POST, "/{m}/password/forgot", shop_password_forgot_post,
	    RB_R_CSRF, "shop_password_forgot_post" },
	{ RB_M_GET, "/{m}/password/reset", shop_password_reset_show, 0,
	    "shop_password_reset_show" },
	{ RB_M_POST, "/{m}/password/reset", shop_password_reset_post,
	    RB_R_CSRF, "shop_password_reset_post" },

	{ RB_M_GET, "/{m}/account", shop_account_show, RB_R_SESSION,
	    "shop_account_show" },
	{ RB_M_POST, "/{m}/account/profile", shop_account_profile_post,
	    RB_R_SESSION | RB_R_CSRF, "shop_account_profile_post" },
	{ RB_M_POST, "/{m}/account/password", shop_account_password_post,
	    RB_R_SESSION | RB_R_CSRF, "shop_account_password_post" },

	{ RB_M_GET, "/{m}/account/addresses", shop_addresses_show,
	    RB_R_SESSION, "shop_addresses_show" },
	{ RB_M_POST, "/{m}/account/addresses", shop_address_create,
	    RB_R_SESSION | RB_R_CSRF, "shop_address_create" },
	{ RB_M_POST, "/{m}/account/addresses/{id}", shop_address_update,
	    RB_R_SESSION | RB_R_CSRF, "shop_address_update" },
	{ RB_M_POST, "/{m}/account/addresses/{id}/delete",
	    shop_address_delete, RB_R_SESSION | RB_R_CSRF,
	    "shop_address_delete" },

	{ RB_M_GET, "/{m}/account/sessions", shop_sessions_show,
	    RB_R_SESSION, "shop_sessions_show" },
	{ RB_M_POST, "/{m}/account/sessions/end-others",
	    shop_sessions_end_others, RB_R_SESSION | RB_R_CSRF,
	    "shop_sessions_end_others" },
	{ RB_M_POST, "/{m}/account/sessions/{id}/end", shop_session_end,
	    RB_R_SESSION | RB_R_CSRF, "shop_session_end" },

	{ RB_M_GET, "/{m}/account/tokens", shop_tokens_show, RB_R_SESSION,
	    "shop_tokens_show" },
	{ RB_M_POST, "/{m}/account/tokens", shop_token_create,
	    RB_R_SESSION | RB_R_CSRF, "shop_token_create" },
	{ RB_M_POST, "/{m}/account/tokens/{id}/revoke", shop_token_revoke,
	    RB_R_SESSION | RB_R_CSRF, "shop_token_revoke" },
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

const struct rb_route *
rb_routes(size_t *n)
{
	*n = NROUTES;
	return routes;
}
