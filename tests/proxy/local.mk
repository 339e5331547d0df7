# tests/proxy/: unit tests and fuzz targets of proxy/.

check_PROGRAMS += tests/proxy/test_config
TESTS += tests/proxy/test_config
tests_proxy_test_config_CFLAGS = $(TEST_CFLAGS)
tests_proxy_test_config_LDADD = $(PROXY_LIBS) $(CMOCKA_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz_px_config
tests_fuzz_fuzz_px_config_SOURCES = tests/fuzz/fuzz_px_config.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_px_config_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_px_config"'
tests_fuzz_fuzz_px_config_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_px_config_LDADD = $(PROXY_LIBS)

# The LMDB state layer (store, device, params, queue, outbox).
PXSTORE_TESTS = tests/proxy/test_store tests/proxy/test_device tests/proxy/test_params \
	tests/proxy/test_queue tests/proxy/test_outbox
check_PROGRAMS += $(PXSTORE_TESTS)
TESTS += $(PXSTORE_TESTS)
PXSTORE_TEST_CFLAGS = $(TEST_CFLAGS) $(LMDB_CFLAGS) $(LIBEVENT_CFLAGS)
tests_proxy_test_store_SOURCES = tests/proxy/test_store.c tests/proxy/store_fixture.h
tests_proxy_test_store_CFLAGS = $(PXSTORE_TEST_CFLAGS)
tests_proxy_test_store_LDADD = $(PROXY_LIBS) $(CMOCKA_LIBS)
tests_proxy_test_device_SOURCES = tests/proxy/test_device.c tests/proxy/store_fixture.h
tests_proxy_test_device_CFLAGS = $(PXSTORE_TEST_CFLAGS)
tests_proxy_test_device_LDADD = $(PROXY_LIBS) $(CMOCKA_LIBS)
tests_proxy_test_params_SOURCES = tests/proxy/test_params.c tests/proxy/store_fixture.h
tests_proxy_test_params_CFLAGS = $(PXSTORE_TEST_CFLAGS)
tests_proxy_test_params_LDADD = $(PROXY_LIBS) $(CMOCKA_LIBS)
tests_proxy_test_queue_SOURCES = tests/proxy/test_queue.c tests/proxy/store_fixture.h
tests_proxy_test_queue_CFLAGS = $(PXSTORE_TEST_CFLAGS)
tests_proxy_test_queue_LDADD = $(PROXY_LIBS) $(CMOCKA_LIBS)
tests_proxy_test_outbox_SOURCES = tests/proxy/test_outbox.c tests/proxy/store_fixture.h
tests_proxy_test_outbox_CFLAGS = $(PXSTORE_TEST_CFLAGS)
tests_proxy_test_outbox_LDADD = $(PROXY_LIBS) $(CMOCKA_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz_px_record
tests_fuzz_fuzz_px_record_SOURCES = tests/fuzz/fuzz_px_record.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_px_record_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_px_record"'
tests_fuzz_fuzz_px_record_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_px_record_LDADD = $(PROXY_LIBS)

# The admin socket's request parser (cwmp2uspctl, task pxctl).
check_PROGRAMS += tests/proxy/test_admin_parse
TESTS += tests/proxy/test_admin_parse
tests_proxy_test_admin_parse_CFLAGS = $(TEST_CFLAGS)
tests_proxy_test_admin_parse_LDADD = $(PROXY_LIBS) $(CMOCKA_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz_px_admin
tests_fuzz_fuzz_px_admin_SOURCES = tests/fuzz/fuzz_px_admin.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_px_admin_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_px_admin"'
tests_fuzz_fuzz_px_admin_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_px_admin_LDADD = $(PROXY_LIBS)

# The live CWMP session table of the daemon (acs.c: hash index by device key).
check_PROGRAMS += tests/proxy/test_sessions
TESTS += tests/proxy/test_sessions
tests_proxy_test_sessions_CFLAGS = $(TEST_CFLAGS) $(LMDB_CFLAGS) $(LIBEVENT_CFLAGS)
tests_proxy_test_sessions_LDADD = $(PROXY_LIBS) $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS) \
	$(CMOCKA_LIBS)

# The stored MQTT 5 Assigned Client Identifier (agent.c, meta "mqtt_client_id").
check_PROGRAMS += tests/proxy/test_client_id
TESTS += tests/proxy/test_client_id
tests_proxy_test_client_id_CFLAGS = $(TEST_CFLAGS) $(LMDB_CFLAGS) $(LIBEVENT_CFLAGS)
tests_proxy_test_client_id_LDADD = $(PROXY_LIBS) $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS) \
	$(CMOCKA_LIBS)

# What the proxy learns per CPE (quirks.c) and the fetch's partial-path
# fallback (fetch.c) against a scripted CPE (task pxquirks).
check_PROGRAMS += tests/proxy/test_quirks
TESTS += tests/proxy/test_quirks
tests_proxy_test_quirks_SOURCES = tests/proxy/test_quirks.c tests/proxy/store_fixture.h
tests_proxy_test_quirks_CFLAGS = $(TEST_CFLAGS) $(LMDB_CFLAGS) $(LIBEVENT_CFLAGS)
tests_proxy_test_quirks_LDADD = $(PROXY_LIBS) $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS) \
	$(CMOCKA_LIBS)

# Instance numbers of CPEs that reuse them: translation, records, the
# instmap database (task pxinstmap).
check_PROGRAMS += tests/proxy/test_instmap
TESTS += tests/proxy/test_instmap
tests_proxy_test_instmap_SOURCES = tests/proxy/test_instmap.c tests/proxy/store_fixture.h
tests_proxy_test_instmap_CFLAGS = $(PXSTORE_TEST_CFLAGS)
tests_proxy_test_instmap_LDADD = $(PROXY_LIBS) $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS) \
	$(CMOCKA_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz_px_instmap
tests_fuzz_fuzz_px_instmap_SOURCES = tests/fuzz/fuzz_px_instmap.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_px_instmap_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_px_instmap"'
tests_fuzz_fuzz_px_instmap_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_px_instmap_LDADD = $(PROXY_LIBS) $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS)

# Subscriptions and notifications: records, reference matching, retry wait
# (task pxnotify).
check_PROGRAMS += tests/proxy/test_subs
TESTS += tests/proxy/test_subs
tests_proxy_test_subs_SOURCES = tests/proxy/test_subs.c tests/proxy/store_fixture.h
tests_proxy_test_subs_CFLAGS = $(PXSTORE_TEST_CFLAGS)
tests_proxy_test_subs_LDADD = $(PROXY_LIBS) $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS) $(CMOCKA_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz_px_notify
tests_fuzz_fuzz_px_notify_SOURCES = tests/fuzz/fuzz_px_notify.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_px_notify_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_px_notify"'
tests_fuzz_fuzz_px_notify_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_px_notify_LDADD = $(PROXY_LIBS) $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS)

# Asynchronous commands: the command table, argument checks, diagnostics
# outcomes, ops records and Request objects (task pxasync).
check_PROGRAMS += tests/proxy/test_ops
TESTS += tests/proxy/test_ops
tests_proxy_test_ops_SOURCES = tests/proxy/test_ops.c tests/proxy/store_fixture.h
tests_proxy_test_ops_CFLAGS = $(PXSTORE_TEST_CFLAGS)
tests_proxy_test_ops_LDADD = $(PROXY_LIBS) $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS) $(CMOCKA_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz_px_ops
tests_fuzz_fuzz_px_ops_SOURCES = tests/fuzz/fuzz_px_ops.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_px_ops_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_px_ops"'
tests_fuzz_fuzz_px_ops_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_px_ops_LDADD = $(PROXY_LIBS) $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS)

# The cached GetParameterNames list of GetSupportedDM read back from LMDB.
FUZZ_TARGETS += tests/fuzz/fuzz_px_sdm
tests_fuzz_fuzz_px_sdm_SOURCES = tests/fuzz/fuzz_px_sdm.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_px_sdm_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_px_sdm"'
tests_fuzz_fuzz_px_sdm_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_px_sdm_LDADD = $(PROXY_LIBS) $(MAPPING_LIBS) $(USP_LIBS) $(CWMP_LIBS)
