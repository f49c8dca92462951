librebound_a_SOURCES += \
	app/cache/cache.c app/cache/cache.h
