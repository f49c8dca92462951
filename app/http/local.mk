# sources of app/http
librebound_a_SOURCES += \
	app/http/cookie.c app/http/cookie.h \
	app/http/form.c app/http/form.h \
	app/http/http.c app/http/http.h \
	app/http/lang.c app/http/lang.h \
	app/http/request.c app/http/request_input.c app/http/request.h \
	app/http/response.c app/http/response.h \
	app/http/router.c app/http/router.h \
	app/http/url.c app/http/url.h
