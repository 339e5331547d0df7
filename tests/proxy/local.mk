# tests/proxy/: unit tests and fuzz targets of proxy/.

check_PROGRAMS += tests/proxy/test_config
TESTS += tests/proxy/test_config
tests_proxy_test_config_CFLAGS = $(TEST_CFLAGS)
tests_proxy_test_config_LDADD = $(PROXY_LIBS) $(CMOCKA_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz_px_config
tests_fuzz_fuzz_px_config_SOURCES = tests/fuzz/fuzz_px_config.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_px_config_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_px_config"'
tests_fuzz_fuzz_px_config_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_px_config_LDADD = $(PROXY_LIBS)
