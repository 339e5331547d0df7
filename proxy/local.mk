# proxy/: the cwmp2uspd daemon and its tools. The daemon's code, apart from
# main(), is the convenience library libproxy that the tests link too.

noinst_LIBRARIES += proxy/libproxy.a
proxy_libproxy_a_CFLAGS = $(AM_CFLAGS) $(INIH_CFLAGS) $(LMDB_CFLAGS) $(LIBEVENT_CFLAGS)
proxy_libproxy_a_SOURCES = \
	proxy/config.h \
	proxy/config.c \
	proxy/log.h \
	proxy/log.c

# The LMDB state layer (store, device registry, parameter cache, request
# queue, outbox); see "State (LMDB)" in docs/ARCHITECTURE.md.
proxy_libproxy_a_SOURCES += \
	proxy/store.h proxy/store.c \
	proxy/device.h proxy/device.c \
	proxy/params.h proxy/params.c \
	proxy/queue.h proxy/queue.c \
	proxy/outbox.h proxy/outbox.c

# What a program that links libproxy needs.
PROXY_LIBS = proxy/libproxy.a $(INIH_LIBS) $(LMDB_LIBS) $(LIBEVENT_LIBS) -lpthread

# cwmp2usp-decode: prints protocol messages from files as JSON.
bin_PROGRAMS += proxy/cwmp2usp-decode
proxy_cwmp2usp_decode_SOURCES = proxy/decode.c proxy/decode.h proxy/decode_soap.c
proxy_cwmp2usp_decode_SOURCES += proxy/decode_usp.c
$(proxy_cwmp2usp_decode_OBJECTS): $(USP_PROTO_H)
proxy_cwmp2usp_decode_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) $(PROTOBUFC_CFLAGS)
proxy_cwmp2usp_decode_LDADD = $(CWMP_LIBS) $(USP_LIBS) $(JSONC_LIBS)

dist_man_MANS += docs/man/cwmp2uspd.conf.5
