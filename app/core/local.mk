librebound_a_SOURCES += \
	app/core/arena.c app/core/arena.h \
	app/core/buf.c app/core/buf.h \
	app/core/config.c app/core/config.h \
	app/core/date.c app/core/date.h \
	app/core/json.h \
	app/core/err.c app/core/err.h \
	app/core/log.c app/core/log.h \
	app/core/mem.c app/core/mem.h \
	app/core/metrics.c app/core/metrics.h \
	app/core/money.c app/core/money.h \
	app/core/ctx.h \
	app/core/rc.h app/core/str.h \
	app/core/secret.c app/core/secret.h \
	app/core/utf8.c app/core/utf8.h \
	app/core/val.c app/core/val.h
