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
