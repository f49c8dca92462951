librebound_a_SOURCES += \
	app/pages/access.c app/pages/access.h \
	app/pages/dispatch.c app/pages/dispatch.h \
	app/pages/form.c app/pages/form.h \
	app/pages/errors.c app/pages/errors.h \
	app/pages/handlers.h \
	app/pages/routes.c app/pages/routes.h \
	app/pages/view.c app/pages/view.h \
	app/pages/ops/health.c \
	app/pages/shop/account.c \
	app/pages/shop/home.c \
	app/pages/shop/identity.c \
	app/pages/shop/shop.c app/pages/shop/shop.h
