# bench/: benchmarks, run by hand (see docs/PERFORMANCE.md), never by make check.
