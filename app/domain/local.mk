librebound_a_SOURCES += \
	app/domain/api_token.c app/domain/api_token.h \
	app/domain/grade.c app/domain/grade.h \
	app/domain/market.c app/domain/market.h \
	app/domain/principal.h \
	app/domain/user.c app/domain/user.h
