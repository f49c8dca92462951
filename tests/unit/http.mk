# Check programs for app/http
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_url
TESTS += tests/unit/check_url
tests_unit_check_url_SOURCES = tests/unit/check_url.c
tests_unit_check_url_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_url_LDADD = $(UNIT_LDADD)
check_PROGRAMS += tests/unit/check_form
TESTS += tests/unit/check_form
tests_unit_check_form_SOURCES = tests/unit/check_form.c
tests_unit_check_form_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_form_LDADD = $(UNIT_LDADD)
check_PROGRAMS += tests/unit/check_cookie
TESTS += tests/unit/check_cookie
tests_unit_check_cookie_SOURCES = tests/unit/check_cookie.c
tests_unit_check_cookie_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_cookie_LDADD = $(UNIT_LDADD)
check_PROGRAMS += tests/unit/check_request
TESTS += tests/unit/check_request
tests_unit_check_request_SOURCES = tests/unit/check_request.c
tests_unit_check_request_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_request_LDADD = $(UNIT_LDADD)
check_PROGRAMS += tests/unit/check_response
TESTS += tests/unit/check_response
tests_unit_check_response_SOURCES = tests/unit/check_response.c
tests_unit_check_response_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_response_LDADD = $(UNIT_LDADD)
check_PROGRAMS += tests/unit/check_router
TESTS += tests/unit/check_router
tests_unit_check_router_SOURCES = tests/unit/check_router.c
tests_unit_check_router_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_router_LDADD = $(UNIT_LDADD)
endif
