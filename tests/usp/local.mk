# tests/usp/: unit tests and fuzz targets of libusp.

check_PROGRAMS += tests/usp/test_error
TESTS += tests/usp/test_error
tests_usp_test_error_CFLAGS = $(TEST_CFLAGS)
tests_usp_test_error_LDADD = $(USP_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/usp/test_path
TESTS += tests/usp/test_path
tests_usp_test_path_CFLAGS = $(TEST_CFLAGS)
tests_usp_test_path_LDADD = $(USP_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/usp/test_mqtt
TESTS += tests/usp/test_mqtt
tests_usp_test_mqtt_CFLAGS = $(TEST_CFLAGS) $(MOSQUITTO_CFLAGS) $(LIBEVENT_CFLAGS)
tests_usp_test_mqtt_LDADD = $(USP_LIBS) $(CMOCKA_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz_mqtt_topic
tests_fuzz_fuzz_mqtt_topic_SOURCES = tests/fuzz/fuzz_mqtt_topic.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_mqtt_topic_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_mqtt_topic"'
tests_fuzz_fuzz_mqtt_topic_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_mqtt_topic_LDADD = $(USP_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz_usp_path
tests_fuzz_fuzz_usp_path_SOURCES = tests/fuzz/fuzz_usp_path.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_usp_path_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_usp_path"'
tests_fuzz_fuzz_usp_path_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_usp_path_LDADD = $(USP_LIBS)

# The USP wire format (uspcodec): messages, responses, records.
check_PROGRAMS += tests/usp/test_msg tests/usp/test_msg_resp tests/usp/test_record
TESTS += tests/usp/test_msg tests/usp/test_msg_resp tests/usp/test_record
tests_usp_test_msg_CFLAGS = $(TEST_CFLAGS) $(PROTOBUFC_CFLAGS)
tests_usp_test_msg_LDADD = $(USP_LIBS) $(CMOCKA_LIBS)
tests_usp_test_msg_resp_CFLAGS = $(TEST_CFLAGS) $(PROTOBUFC_CFLAGS)
tests_usp_test_msg_resp_LDADD = $(USP_LIBS) $(CMOCKA_LIBS)
tests_usp_test_record_CFLAGS = $(TEST_CFLAGS) $(PROTOBUFC_CFLAGS)
tests_usp_test_record_LDADD = $(USP_LIBS) $(CMOCKA_LIBS)
$(tests_usp_test_msg_OBJECTS) $(tests_usp_test_msg_resp_OBJECTS) $(tests_usp_test_record_OBJECTS): $(USP_PROTO_H)

# Interoperability with usp-js (npm): tests/usp/test_interop.js drives the
# C helper below. Its node_modules come from tests/integration (npm ci);
# see the top of test_interop.js for how distcheck finds them.
check_PROGRAMS += tests/usp/usp_interop_tool
tests_usp_usp_interop_tool_LDADD = $(USP_LIBS)
TESTS += tests/usp/test_interop.js
EXTRA_DIST += tests/usp/test_interop.js tests/integration/package.json \
	tests/integration/package-lock.json

FUZZ_TARGETS += tests/fuzz/fuzz_usp_record
tests_fuzz_fuzz_usp_record_SOURCES = tests/fuzz/fuzz_usp_record.c $(FUZZ_COMMON) $(FUZZ_MAIN)
tests_fuzz_fuzz_usp_record_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_NAME='"fuzz_usp_record"'
tests_fuzz_fuzz_usp_record_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_usp_record_LDADD = $(USP_LIBS)

# cwmp2usp-decode usp (proxy/decode_usp.c) on the records of the seed corpus.
TESTS += tests/usp/test_decode_usp.sh
EXTRA_DIST += tests/usp/test_decode_usp.sh
