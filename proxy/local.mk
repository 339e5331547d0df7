# proxy/: the cwmp2uspd daemon and its tools. The daemon's code, apart from
# main(), is the convenience library libproxy that the tests link too.

noinst_LIBRARIES += proxy/libproxy.a
proxy_libproxy_a_CFLAGS = $(AM_CFLAGS) $(INIH_CFLAGS) $(LMDB_CFLAGS) $(LIBEVENT_CFLAGS)
proxy_libproxy_a_SOURCES = \
	proxy/config.h \
	proxy/config.c

# What a program that links libproxy needs.
PROXY_LIBS = proxy/libproxy.a $(INIH_LIBS) $(LMDB_LIBS) $(LIBEVENT_LIBS)

dist_man_MANS += docs/man/cwmp2uspd.conf.5
