librebound_a_SOURCES += \
	app/db/db.c app/db/db.h \
	app/db/migrate.c app/db/migrate.h \
	app/db/statements.h
