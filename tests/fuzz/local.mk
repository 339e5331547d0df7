# tests/fuzz/: libFuzzer targets, one per parser of outside input.
#
# With --enable-fuzzing (clang) each target links libFuzzer and is run by
# `make fuzz-run`. Otherwise each target links replay.c instead and runs
# its seed corpus once as a test of `make check`.

FUZZ_TARGETS = tests/fuzz/fuzz_cwmp_value
FUZZ_SECONDS = 20

EXTRA_DIST += tests/fuzz/corpus tests/fuzz/run-fuzzers.sh
FUZZ_COMMON = tests/fuzz/fuzz.h

if ENABLE_FUZZING
FUZZ_MAIN =
FUZZ_LINK_FLAGS = -fsanitize=fuzzer
noinst_PROGRAMS += $(FUZZ_TARGETS)

fuzz-targets: $(FUZZ_TARGETS)
fuzz-run: $(FUZZ_TARGETS)
	$(SHELL) $(top_srcdir)/tests/fuzz/run-fuzzers.sh $(top_srcdir)/tests/fuzz/corpus $(FUZZ_SECONDS) $(FUZZ_TARGETS)
.PHONY: fuzz-targets fuzz-run
else
FUZZ_MAIN = tests/fuzz/replay.c
FUZZ_LINK_FLAGS =
check_PROGRAMS += $(FUZZ_TARGETS)
TESTS += $(FUZZ_TARGETS)
endif

tests_fuzz_fuzz_cwmp_value_SOURCES = tests/fuzz/fuzz_cwmp_value.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_cwmp_value_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_cwmp_value"'
tests_fuzz_fuzz_cwmp_value_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_cwmp_value_LDADD = $(CWMP_LIBS)
