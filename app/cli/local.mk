librebound_a_SOURCES += app/cli/cli.c app/cli/cli.h \
	app/cli/seed.c app/cli/seed.h
