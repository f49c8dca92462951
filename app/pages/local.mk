librebound_a_SOURCES += \
	app/pages/access.c app/pages/access.h \
	app/pages/catalog_params.c app/pages/catalog_params.h \
	app/pages/fragment.c app/pages/fragment.h \
	app/pages/dispatch.c app/pages/dispatch.h \
	app/pages/form.c app/pages/form.h \
	app/pages/langs.c app/pages/langs.h \
	app/pages/price_chart.c app/pages/price_chart.h \
	app/pages/errors.c app/pages/errors.h \
	app/pages/handlers.h \
	app/pages/routes.c app/pages/routes.h \
	app/pages/view.c app/pages/view.h \
	app/pages/admin/emails.c \
	app/pages/api/catalog.c \
	app/pages/api/me.c \
	app/pages/ops/health.c \
	app/pages/shop/account.c \
	app/pages/shop/account_page.c app/pages/shop/account_page.h \
	app/pages/shop/addresses.c \
	app/pages/shop/home.c \
	app/pages/shop/identity.c \
	app/pages/shop/listing.c app/pages/shop/listing.h \
	app/pages/shop/listing_links.c \
	app/pages/shop/product.c \
	app/pages/shop/seo.c \
	app/pages/shop/password.c \
	app/pages/shop/sessions.c \
	app/pages/shop/shop.c app/pages/shop/shop.h \
	app/pages/shop/tokens.c
