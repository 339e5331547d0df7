# sim/: cwmp-sim, the TR-069 CPE fleet simulator. libsim holds the data
# model store (model files, per-device trees, the CWMP RPC operations).

noinst_LIBRARIES += sim/libsim.a
sim_libsim_a_CFLAGS = $(AM_CFLAGS)
sim_libsim_a_CPPFLAGS = $(AM_CPPFLAGS) -DSIM_MODELS_DIR='"$(simmodelsdir)"' \
	-DSIM_SRC_MODELS_DIR='"$(abs_top_srcdir)/sim/models"'
sim_libsim_a_SOURCES = \
	sim/model.h \
	sim/model_int.h \
	sim/model_schema.c \
	sim/model_parse.c \
	sim/model_store.c \
	sim/model_rpc.c

# What a program that links libsim needs.
SIM_LIBS = sim/libsim.a $(CWMP_LIBS)

# Model files: installed, so cwmp-sim finds them in $(pkgdatadir)/models.
simmodelsdir = $(pkgdatadir)/models
dist_simmodels_DATA = \
	sim/models/tr181-gateway.model \
	sim/models/tr098-gateway.model

# The simulator program.
bin_PROGRAMS += sim/cwmp-sim
sim_cwmp_sim_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS) $(OPENSSL_CFLAGS)
sim_cwmp_sim_SOURCES = \
	sim/sim.h \
	sim/main.c \
	sim/opts.c \
	sim/cpe.c \
	sim/acs_rpc.c \
	sim/actions.c \
	sim/connreq_server.c \
	sim/load.c \
	sim/retry.c \
	sim/udp_cr.h \
	sim/udp_cr.c
sim_cwmp_sim_LDADD = $(SIM_LIBS) -lm
dist_man_MANS += docs/man/cwmp-sim.1
