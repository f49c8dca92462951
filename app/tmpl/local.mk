# sources of app/tmpl
librebound_a_SOURCES += \
	app/tmpl/tmpl.h \
	app/tmpl/node.h \
	app/tmpl/lex.c app/tmpl/lex.h \
	app/tmpl/lines.c \
	app/tmpl/parse.c \
	app/tmpl/render.c \
	app/tmpl/value.c \
	app/tmpl/set.c \
	app/tmpl/load.c \
	app/tmpl/i18n.c
