# cwmp/: libcwmp, the ACS side of CWMP (TR-069).

noinst_LIBRARIES += cwmp/libcwmp.a
cwmp_libcwmp_a_CFLAGS = $(AM_CFLAGS) $(LIBXML2_CFLAGS) $(LIBEVENT_CFLAGS) $(OPENSSL_CFLAGS)
cwmp_libcwmp_a_SOURCES = \
	cwmp/cwmp.h \
	cwmp/buf.c \
	cwmp/buf.h \
	cwmp/fault.c \
	cwmp/soap.h \
	cwmp/soap_desc.c \
	cwmp/soap_int.h \
	cwmp/soap_msg.c \
	cwmp/soap_parse.c \
	cwmp/soap_write.c \
	cwmp/soap_xml.c \
	cwmp/value.c

# Session engine, CPE authentication, connection requests.
cwmp_libcwmp_a_SOURCES += \
	cwmp/auth.c \
	cwmp/auth.h \
	cwmp/connreq.c \
	cwmp/connreq.h \
	cwmp/digest.c \
	cwmp/digest_priv.h \
	cwmp/http_parse.c \
	cwmp/http_parse.h \
	cwmp/http_server.c \
	cwmp/server_priv.h \
	cwmp/session.c \
	cwmp/session.h \
	cwmp/tls.c \
	cwmp/udp_connreq.c

# What a program that links libcwmp needs.
CWMP_LIBS = cwmp/libcwmp.a $(LIBXML2_LIBS) $(LIBEVENT_OPENSSL_LIBS) $(LIBEVENT_LIBS) $(OPENSSL_LIBS)
