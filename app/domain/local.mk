librebound_a_SOURCES += \
	app/domain/address.c app/domain/address.h \
	app/domain/api_token.c app/domain/api_token.h \
	app/domain/catalog.c app/domain/catalog.h \
	app/domain/catalog_context.c app/domain/catalog_facets.c \
	app/domain/catalog_home.c \
	app/domain/catalog_index.c app/domain/catalog_index.h \
	app/domain/catalog_listing.c app/domain/catalog_listing.h \
	app/domain/catalog_ref.c app/domain/catalog_ref.h \
	app/domain/catalog_offer.c app/domain/catalog_product.c \
	app/domain/catalog_rows.c app/domain/catalog_rows.h \
	app/domain/catalog_summary.c \
	app/domain/email.c app/domain/email.h \
	app/domain/grade.c app/domain/grade.h \
	app/domain/market.c app/domain/market.h \
	app/domain/password_reset.c app/domain/password_reset.h \
	app/domain/password.c app/domain/password.h \
	app/domain/principal.h \
	app/domain/user.c app/domain/user.h \
	app/domain/user_session.c app/domain/user_session.h
