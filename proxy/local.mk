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

# The daemon: event loop and signals (daemon.c), ACS sessions (acs.c), MQTT
# agents (agent.c), received Records (usp_rx.c), the per-device work queue
# (work.c) and the request handlers (handle_*.c). See "proxy/: the daemon"
# in docs/ARCHITECTURE.md.
proxy_libproxy_a_CFLAGS += $(LIBXML2_CFLAGS) $(OPENSSL_CFLAGS) $(MOSQUITTO_CFLAGS)
proxy_libproxy_a_SOURCES += \
	proxy/px.h \
	proxy/daemon.c \
	proxy/publish.c \
	proxy/acs.c \
	proxy/agent.c \
	proxy/usp_rx.c \
	proxy/work.c \
	proxy/fetch.c \
	proxy/fetch_plan.c \
	proxy/quirks.c \
	proxy/instmap.h proxy/instmap.c \
	proxy/synth.c \
	proxy/handle_get.c \
	proxy/handle_gsp.c \
	proxy/handle_operate.c \
	proxy/handle_set.c \
	proxy/handle_add.c \
	proxy/handle_delete.c

# Subscriptions and notifications: Device.LocalAgent.Subscription.{i}. in
# the objects database (subs.c) and as USP objects (subs_usp.c), sending
# Notify with retries until NotifyResp (notify.c), Inform events and
# object creation/deletion (events.c), the attribute plan (attrs.c).
proxy_libproxy_a_SOURCES += \
	proxy/subs.h proxy/subs.c proxy/subs_usp.c \
	proxy/notify.h proxy/notify.c proxy/events.c proxy/attrs.c

# Asynchronous USP commands (IPPing(), FirmwareImage.{i}.Download()): the
# command table and records (ops.c), the ops database and Request objects
# (ops_store.c), the plans and session hooks (ops_run.c).
proxy_libproxy_a_SOURCES += proxy/ops.h proxy/ops.c proxy/ops_store.c proxy/ops_run.c

# Discovery: GetInstances (handle_instances.c), GetSupportedDM
# (handle_gsdm.c) and what the proxy adds to the supported model itself
# (synth_dm.c).
proxy_libproxy_a_SOURCES += proxy/handle_instances.c proxy/handle_gsdm.c proxy/synth_dm.c

# The admin socket (admin.c) and its request parser (admin_parse.c, also
# linked by cwmp2uspctl).
proxy_libproxy_a_CFLAGS += $(JSONC_CFLAGS)
proxy_libproxy_a_SOURCES += proxy/admin.h proxy/admin.c proxy/admin_parse.c

# What a program that links libproxy needs.
PROXY_LIBS = proxy/libproxy.a $(INIH_LIBS) $(LMDB_LIBS) $(LIBEVENT_LIBS) $(JSONC_LIBS) -lpthread

# cwmp2usp-decode: prints protocol messages from files as JSON.
bin_PROGRAMS += proxy/cwmp2usp-decode
proxy_cwmp2usp_decode_SOURCES = proxy/decode.c proxy/decode.h proxy/decode_soap.c
proxy_cwmp2usp_decode_SOURCES += proxy/decode_usp.c
$(proxy_cwmp2usp_decode_OBJECTS): $(USP_PROTO_H)
proxy_cwmp2usp_decode_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) $(PROTOBUFC_CFLAGS)
proxy_cwmp2usp_decode_LDADD = $(CWMP_LIBS) $(USP_LIBS) $(JSONC_LIBS)

dist_man_MANS += docs/man/cwmp2uspd.conf.5

# cwmp2uspctl: the admin socket client, and the decoders of cwmp2usp-decode.
bin_PROGRAMS += proxy/cwmp2uspctl
proxy_cwmp2uspctl_SOURCES = proxy/ctl.c proxy/decode.h proxy/decode_soap.c proxy/decode_usp.c
$(proxy_cwmp2uspctl_OBJECTS): $(USP_PROTO_H)
proxy_cwmp2uspctl_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) $(PROTOBUFC_CFLAGS)
proxy_cwmp2uspctl_LDADD = proxy/libproxy.a $(INIH_LIBS) $(CWMP_LIBS) $(USP_LIBS) $(JSONC_LIBS)
dist_man_MANS += docs/man/cwmp2uspctl.8

# cwmp2uspd, the daemon.
sbin_PROGRAMS += proxy/cwmp2uspd
proxy_cwmp2uspd_SOURCES = proxy/main.c
proxy_cwmp2uspd_CPPFLAGS = $(AM_CPPFLAGS) -DPX_VERSION='"$(PACKAGE_VERSION)"'
proxy_cwmp2uspd_CFLAGS = $(AM_CFLAGS) $(LMDB_CFLAGS) $(LIBEVENT_CFLAGS)
proxy_cwmp2uspd_LDADD = $(PROXY_LIBS) $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS)
dist_man_MANS += docs/man/cwmp2uspd.8
