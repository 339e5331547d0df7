# bench/: benchmarks, run by hand (see docs/PERFORMANCE.md), never by make check.

# LMDB store: commit per Inform vs group commit, per sync policy.
noinst_PROGRAMS += bench/store_commit
bench_store_commit_SOURCES = bench/store_commit.c
bench_store_commit_LDADD = $(PROXY_LIBS)
