# bench/: benchmarks, run by hand (see docs/PERFORMANCE.md), never by make check.

# LMDB store: commit per Inform vs group commit, per sync policy.
noinst_PROGRAMS += bench/store_commit
bench_store_commit_SOURCES = bench/store_commit.c
bench_store_commit_LDADD = $(PROXY_LIBS)

# cwmp-sim: heap bytes per simulated device, per model file.
noinst_PROGRAMS += bench/sim_model_mem
bench_sim_model_mem_SOURCES = bench/sim_model_mem.c
bench_sim_model_mem_CPPFLAGS = $(AM_CPPFLAGS) -DMODEL_DIR='"$(abs_top_srcdir)/sim/models"'
bench_sim_model_mem_LDADD = $(SIM_LIBS)
