# Check programs for app/tmpl
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_tmpl
TESTS += tests/unit/check_tmpl
tests_unit_check_tmpl_SOURCES = tests/unit/check_tmpl.c
tests_unit_check_tmpl_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_tmpl_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/check_mustache_spec
TESTS += tests/unit/check_mustache_spec
tests_unit_check_mustache_spec_SOURCES = tests/unit/check_mustache_spec.c
tests_unit_check_mustache_spec_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_mustache_spec_LDADD = $(UNIT_LDADD)
endif
