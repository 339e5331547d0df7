# usp/: libusp, the agent side of USP (TR-369).

noinst_LIBRARIES += usp/libusp.a
usp_libusp_a_CFLAGS = $(AM_CFLAGS) $(PROTOBUFC_CFLAGS) $(MOSQUITTO_CFLAGS) $(LIBEVENT_CFLAGS) $(OPENSSL_CFLAGS)
usp_libusp_a_SOURCES = \
	usp/usp.h \
	usp/error.h \
	usp/error.c \
	usp/path.h \
	usp/path_int.h \
	usp/path_parse.c \
	usp/path_resolve.c \
	usp/path_value.c \
	usp/mqtt.h \
	usp/mqtt.c \
	usp/mqtt_retry.c \
	usp/mqtt_topic.c \
	usp/msg.h \
	usp/msg_internal.h \
	usp/msg.c \
	usp/msg_get.c \
	usp/msg_set.c \
	usp/msg_operate.c \
	usp/msg_notify.c \
	usp/msg_register.c \
	usp/msg_error.c \
	usp/record.h \
	usp/record.c

# The wire format: usp-record.proto and usp-msg.proto (written from TR-369)
# compiled by protoc-c into the build directory at build time; nothing
# generated is committed or distributed. The generated code is a library of
# its own so it could get relaxed warning flags if protoc-c ever needed them
# (protobuf-c 1.4 output is clean with ours).
USP_PROTO_C = usp/usp-record.pb-c.c usp/usp-msg.pb-c.c
USP_PROTO_H = usp/usp-record.pb-c.h usp/usp-msg.pb-c.h
noinst_LIBRARIES += usp/libusppb.a
usp_libusppb_a_CFLAGS = $(AM_CFLAGS) $(PROTOBUFC_CFLAGS)
nodist_usp_libusppb_a_SOURCES = $(USP_PROTO_C) $(USP_PROTO_H)
BUILT_SOURCES += $(USP_PROTO_C) $(USP_PROTO_H)
CLEANFILES += $(USP_PROTO_C) $(USP_PROTO_H)
EXTRA_DIST += usp/usp-record.proto usp/usp-msg.proto

usp/usp-record.pb-c.c: usp/usp-record.proto
	$(AM_V_GEN)$(MKDIR_P) usp && $(PROTOC_C) --proto_path=$(srcdir)/usp --c_out=usp $(srcdir)/usp/usp-record.proto
usp/usp-msg.pb-c.c: usp/usp-msg.proto
	$(AM_V_GEN)$(MKDIR_P) usp && $(PROTOC_C) --proto_path=$(srcdir)/usp --c_out=usp $(srcdir)/usp/usp-msg.proto
# Objects that include the generated headers wait for them even when a
# target is built directly (`make fuzz-targets` bypasses BUILT_SOURCES).
$(usp_libusp_a_OBJECTS): $(USP_PROTO_H)
# protoc-c writes the header with the .c; regenerate if only it is missing.
usp/usp-record.pb-c.h: usp/usp-record.pb-c.c
	@test -f $@ || { rm -f $<; $(MAKE) $(AM_MAKEFLAGS) $<; }
usp/usp-msg.pb-c.h: usp/usp-msg.pb-c.c
	@test -f $@ || { rm -f $<; $(MAKE) $(AM_MAKEFLAGS) $<; }

# What a program that links libusp needs.
USP_LIBS = usp/libusp.a usp/libusppb.a $(PROTOBUFC_LIBS) $(MOSQUITTO_LIBS) $(LIBEVENT_LIBS) $(OPENSSL_LIBS)
