# Each Check program mirrors one module: tests/unit/check_<module>.c.
EXTRA_DIST += tests/unit/check_run.h
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_arena tests/unit/check_buf \
	tests/unit/check_utf8 tests/unit/check_config tests/unit/check_metrics
TESTS += tests/unit/check_arena tests/unit/check_buf \
	tests/unit/check_utf8 tests/unit/check_config tests/unit/check_metrics
tests_unit_check_arena_SOURCES = tests/unit/check_arena.c
tests_unit_check_arena_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_arena_LDADD = $(UNIT_LDADD)
tests_unit_check_buf_SOURCES = tests/unit/check_buf.c
tests_unit_check_buf_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_buf_LDADD = $(UNIT_LDADD)
tests_unit_check_utf8_SOURCES = tests/unit/check_utf8.c
tests_unit_check_utf8_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_utf8_LDADD = $(UNIT_LDADD)
tests_unit_check_config_SOURCES = tests/unit/check_config.c
tests_unit_check_config_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_config_LDADD = $(UNIT_LDADD)
tests_unit_check_metrics_SOURCES = tests/unit/check_metrics.c
tests_unit_check_metrics_CFLAGS = $(UNIT_CFLAGS)
tests_unit_check_metrics_LDADD = $(UNIT_LDADD)
endif
