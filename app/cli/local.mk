librebound_a_SOURCES += app/cli/cli.c app/cli/cli.h
