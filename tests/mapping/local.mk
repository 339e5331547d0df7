# tests/mapping/: unit tests of libmapping.

check_PROGRAMS += tests/mapping/test_fault
TESTS += tests/mapping/test_fault
tests_mapping_test_fault_CFLAGS = $(TEST_CFLAGS)
tests_mapping_test_fault_LDADD = $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS) $(CMOCKA_LIBS)
