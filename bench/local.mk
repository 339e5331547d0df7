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

# CWMP codec: Inform parse time against bare libxml2 (docs/PERFORMANCE.md).
noinst_PROGRAMS += bench/inform-parse
bench_inform_parse_SOURCES = bench/inform_parse.c
bench_inform_parse_CFLAGS = $(AM_CFLAGS) $(LIBXML2_CFLAGS)
bench_inform_parse_CPPFLAGS = $(AM_CPPFLAGS) \
	-DBENCH_FIXTURE='"$(abs_top_srcdir)/tests/cwmp/fixtures/inform_tr181_cwmp12.xml"'
bench_inform_parse_LDADD = $(CWMP_LIBS)

# Inform storm: the floor, a bare libevent server parsing the Inform with the
# daemon's codec call; bench/inform-storm runs cwmp-sim against it and the daemon.
noinst_PROGRAMS += bench/inform-floor
bench_inform_floor_SOURCES = bench/inform_floor.c
bench_inform_floor_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS)
bench_inform_floor_LDADD = $(CWMP_LIBS)
EXTRA_DIST += bench/inform-storm
