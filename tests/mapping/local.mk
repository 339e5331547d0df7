# tests/mapping/: unit tests of libmapping.

check_PROGRAMS += tests/mapping/test_fault
TESTS += tests/mapping/test_fault
tests_mapping_test_fault_CFLAGS = $(TEST_CFLAGS)
tests_mapping_test_fault_LDADD = $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/mapping/test_get
TESTS += tests/mapping/test_get
tests_mapping_test_get_CFLAGS = $(TEST_CFLAGS) $(PROTOBUFC_CFLAGS)
tests_mapping_test_get_LDADD = $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS) $(CMOCKA_LIBS)
$(tests_mapping_test_get_OBJECTS): $(USP_PROTO_H)

check_PROGRAMS += tests/mapping/test_add
TESTS += tests/mapping/test_add
tests_mapping_test_add_CFLAGS = $(TEST_CFLAGS)
tests_mapping_test_add_LDADD = $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/mapping/test_instances
TESTS += tests/mapping/test_instances
tests_mapping_test_instances_CFLAGS = $(TEST_CFLAGS)
tests_mapping_test_instances_LDADD = $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/mapping/test_supported
TESTS += tests/mapping/test_supported
tests_mapping_test_supported_CFLAGS = $(TEST_CFLAGS)
tests_mapping_test_supported_LDADD = $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS) $(CMOCKA_LIBS)
