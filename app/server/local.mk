librebound_a_SOURCES += \
	app/server/listen.c app/server/listen.h \
	app/server/master.c app/server/master.h \
	app/server/preflight.c app/server/preflight.h \
	app/server/spawn.c app/server/spawn.h \
	app/server/worker.c app/server/worker.h
