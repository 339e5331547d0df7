# tests/: what every test fragment shares. Each layer's tests (and its
# fuzz targets) are in tests/<layer>/local.mk; tests/fuzz/local.mk comes
# last and turns FUZZ_TARGETS into programs.

TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
FUZZ_TARGETS =
FUZZ_COMMON = tests/fuzz/fuzz.h

# Fuzz targets link libFuzzer in fuzzing builds, replay.c otherwise.
if ENABLE_FUZZING
FUZZ_MAIN =
FUZZ_LINK_FLAGS = -fsanitize=fuzzer
else
FUZZ_MAIN = tests/fuzz/replay.c
FUZZ_LINK_FLAGS =
endif
