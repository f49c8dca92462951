librebound_a_SOURCES += \
	app/web/csrf.c app/web/csrf.h \
	app/web/session.c app/web/session.h
