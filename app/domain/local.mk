librebound_a_SOURCES += \
	app/domain/grade.c app/domain/grade.h \
	app/domain/market.c app/domain/market.h
