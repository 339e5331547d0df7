# tests/fuzz/: libFuzzer targets, one per parser of outside input. Each
# layer lists its targets in FUZZ_TARGETS in tests/<layer>/local.mk.
#
# With --enable-fuzzing (clang) the targets link libFuzzer and
# `make fuzz-run` runs each for FUZZ_SECONDS. Otherwise they link replay.c
# and replay their seed corpus once as tests of `make check`.

FUZZ_SECONDS = 20
EXTRA_DIST += tests/fuzz/corpus tests/fuzz/run-fuzzers.sh

if ENABLE_FUZZING
noinst_PROGRAMS += $(FUZZ_TARGETS)

fuzz-targets: $(FUZZ_TARGETS)
fuzz-run: $(FUZZ_TARGETS)
	$(SHELL) $(top_srcdir)/tests/fuzz/run-fuzzers.sh $(top_srcdir)/tests/fuzz/corpus $(FUZZ_SECONDS) $(FUZZ_TARGETS)
.PHONY: fuzz-targets fuzz-run
else
check_PROGRAMS += $(FUZZ_TARGETS)
TESTS += $(FUZZ_TARGETS)
endif
