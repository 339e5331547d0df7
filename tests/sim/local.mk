# tests/sim/: unit tests of sim/ (cwmp-sim).

check_PROGRAMS += tests/sim/test_model
TESTS += tests/sim/test_model
tests_sim_test_model_CFLAGS = $(TEST_CFLAGS)
tests_sim_test_model_LDADD = $(SIM_LIBS) $(CMOCKA_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz_sim_model
tests_fuzz_fuzz_sim_model_SOURCES = tests/fuzz/fuzz_sim_model.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_sim_model_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_sim_model"'
tests_fuzz_fuzz_sim_model_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_sim_model_LDADD = $(SIM_LIBS)

# cwmp-sim against a small ACS made from cwmp/session.h (runs the binary).
check_PROGRAMS += tests/sim/test_cpe tests/sim/test_udp_cr
TESTS += tests/sim/test_cpe tests/sim/test_udp_cr
tests_sim_test_cpe_CFLAGS = $(TEST_CFLAGS) $(LIBEVENT_CFLAGS)
tests_sim_test_cpe_LDADD = $(CWMP_LIBS) $(CMOCKA_LIBS)
EXTRA_tests_sim_test_cpe_DEPENDENCIES = sim/cwmp-sim
tests_sim_test_udp_cr_SOURCES = tests/sim/test_udp_cr.c sim/udp_cr.c sim/udp_cr.h
tests_sim_test_udp_cr_CFLAGS = $(TEST_CFLAGS) $(OPENSSL_CFLAGS)
tests_sim_test_udp_cr_LDADD = $(CWMP_LIBS) $(CMOCKA_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz_sim_udpcr
tests_fuzz_fuzz_sim_udpcr_SOURCES = tests/fuzz/fuzz_sim_udpcr.c sim/udp_cr.c sim/udp_cr.h $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_sim_udpcr_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_sim_udpcr"'
tests_fuzz_fuzz_sim_udpcr_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_sim_udpcr_LDADD = $(CWMP_LIBS)

# cwmp-sim's pure helpers (retry table, option parsing, statistics).
check_PROGRAMS += tests/sim/test_sim_units
TESTS += tests/sim/test_sim_units
tests_sim_test_sim_units_SOURCES = tests/sim/test_sim_units.c sim/opts.c sim/retry.c sim/load.c sim/sim.h
tests_sim_test_sim_units_CFLAGS = $(TEST_CFLAGS)
tests_sim_test_sim_units_LDADD = $(SIM_LIBS) $(CMOCKA_LIBS) -lm
