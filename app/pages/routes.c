#include "http/router.h"
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
	{ RB_M_GET, "/", shop_root_redirect, 0, "shop_root_redirect" },
	{ RB_M_GET, "/{m}", shop_market_slash, 0, "shop_market_slash" },
	{ RB_M_GET, "/{m}/", shop_home_show, 0, "shop_home_show" },

	{ RB_M_GET, "/{m}/login", shop_login_show, 0, "shop_login_show" },
	{ RB_M_POST, "/{m}/login", shop_login_post, RB_R_CSRF,
	    "shop_login_post" },
	{ RB_M_GET, "/{m}/register", shop_register_show, 0,
	    "shop_register_show" },
	{ RB_M_POST, "/{m}/register", shop_register_post, RB_R_CSRF,
	    "shop_register_post" },
	{ RB_M_POST, "/{m}/logout", shop_logout_post, RB_R_CSRF,
	    "shop_logout_post" },

	{ RB_M_GET, "/{m}/account", shop_account_show, RB_R_SESSION,
	    "shop_account_show" },
	{ RB_M_POST, "/{m}/account/profile", shop_account_profile_post,
	    RB_R_SESSION | RB_R_CSRF, "shop_account_profile_post" },
	{ RB_M_POST, "/{m}/account/password", shop_account_password_post,
	    RB_R_SESSION | RB_R_CSRF, "shop_account_password_post" },
};
#define NROUTES (sizeof(routes) / sizeof(routes[0]))

const struct rb_route *
rb_routes(size_t *n)
{
	*n = NROUTES;
	return routes;
}
