# tests/: unit tests per layer (cmocka, TAP output) and integration tests.

TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

check_PROGRAMS += tests/cwmp/test_value
tests_cwmp_test_value_CFLAGS = $(TEST_CFLAGS)
tests_cwmp_test_value_LDADD = $(CWMP_LIBS) $(CMOCKA_LIBS)

TESTS += tests/cwmp/test_value
