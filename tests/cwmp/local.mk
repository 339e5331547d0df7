# tests/cwmp/: unit tests and fuzz targets of libcwmp.

check_PROGRAMS += tests/cwmp/test_value
TESTS += tests/cwmp/test_value
tests_cwmp_test_value_CFLAGS = $(TEST_CFLAGS)
tests_cwmp_test_value_LDADD = $(CWMP_LIBS) $(CMOCKA_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz_cwmp_value
tests_fuzz_fuzz_cwmp_value_SOURCES = tests/fuzz/fuzz_cwmp_value.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_cwmp_value_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_cwmp_value"'
tests_fuzz_fuzz_cwmp_value_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_cwmp_value_LDADD = $(CWMP_LIBS)
