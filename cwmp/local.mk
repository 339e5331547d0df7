# cwmp/: libcwmp, the ACS side of CWMP (TR-069).

noinst_LIBRARIES += cwmp/libcwmp.a
cwmp_libcwmp_a_CFLAGS = $(AM_CFLAGS) $(LIBXML2_CFLAGS) $(LIBEVENT_CFLAGS) $(OPENSSL_CFLAGS)
cwmp_libcwmp_a_SOURCES = \
	cwmp/cwmp.h \
	cwmp/fault.c \
	cwmp/value.c

# What a program that links libcwmp needs.
CWMP_LIBS = cwmp/libcwmp.a $(LIBXML2_LIBS) $(LIBEVENT_OPENSSL_LIBS) $(LIBEVENT_LIBS) $(OPENSSL_LIBS)
