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

# SOAP codec (task cwmpcodec): fixtures, unit tests, decoder test, fuzz target.
EXTRA_DIST += tests/cwmp/fixtures tests/cwmp/test_decode.sh
check_PROGRAMS += tests/cwmp/test_soap
TESTS += tests/cwmp/test_soap tests/cwmp/test_decode.sh
tests_cwmp_test_soap_CFLAGS = $(TEST_CFLAGS)
tests_cwmp_test_soap_LDADD = $(CWMP_LIBS) $(CMOCKA_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz_soap
tests_fuzz_fuzz_soap_SOURCES = tests/fuzz/fuzz_soap.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_soap_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_soap"'
tests_fuzz_fuzz_soap_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_soap_LDADD = $(CWMP_LIBS)

# Session engine, authentication, connection requests (task cwmpsession).
check_PROGRAMS += tests/cwmp/test_auth tests/cwmp/test_session tests/cwmp/test_connreq
TESTS += tests/cwmp/test_auth tests/cwmp/test_session tests/cwmp/test_connreq
tests_cwmp_test_auth_CFLAGS = $(TEST_CFLAGS) $(OPENSSL_CFLAGS)
tests_cwmp_test_auth_LDADD = $(CWMP_LIBS) $(CMOCKA_LIBS)
tests_cwmp_test_session_CFLAGS = $(TEST_CFLAGS) $(LIBEVENT_CFLAGS) $(OPENSSL_CFLAGS) -pthread
tests_cwmp_test_session_LDADD = $(CWMP_LIBS) $(CMOCKA_LIBS) -lpthread
tests_cwmp_test_connreq_CFLAGS = $(TEST_CFLAGS) $(LIBEVENT_CFLAGS) $(OPENSSL_CFLAGS) -pthread
tests_cwmp_test_connreq_LDADD = $(CWMP_LIBS) $(CMOCKA_LIBS) -lpthread

FUZZ_TARGETS += tests/fuzz/fuzz_http
tests_fuzz_fuzz_http_SOURCES = tests/fuzz/fuzz_http.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_http_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_http"'
tests_fuzz_fuzz_http_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_http_LDADD = $(CWMP_LIBS)
