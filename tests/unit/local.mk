# One Check program per module, tests/unit/check_<module>.c mirroring
# app/<dir>/<module>.c; each is built from its one .c file and LDADD.
EXTRA_DIST += tests/unit/check_run.h tests/unit/arena_fixture.h \
	tests/unit/json_vals.h
if HAVE_CHECK
UNIT_TESTS = \
	tests/unit/check_arena tests/unit/check_buf tests/unit/check_config \
	tests/unit/check_metrics tests/unit/check_utf8 \
	tests/unit/check_cookie tests/unit/check_form tests/unit/check_request \
	tests/unit/check_response tests/unit/check_router tests/unit/check_url \
	tests/unit/check_tmpl tests/unit/check_mustache_spec \
	tests/unit/check_dispatch tests/unit/check_cache tests/unit/check_password \
	tests/unit/check_i18n tests/unit/check_money \
	tests/unit/check_price_chart tests/unit/check_catalog \
	tests/unit/check_catalog_index tests/unit/check_catalog_ref \
	tests/unit/check_date tests/unit/check_val
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
endif
