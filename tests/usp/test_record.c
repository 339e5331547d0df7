/*
 * test_record.c - USP Records: every record type is built and decoded, and
 * the receive checks give the outcome TR-369 prescribes (R-MTP.5, Record
 * errors 7100-7106) for each kind of bad Record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "usp/usp.h"
#include "usp/usp-msg.pb-c.h"
#include "usp/usp-record.pb-c.h"

#define AGENT      "os::00D09E-SN42"
#define CONTROLLER "self::ctrl"

static const char *const our_ids[] = {AGENT};
static const struct usp_endpoints ours = {our_ids, 1, NULL, NULL};

static struct usp_record *decode(uint8_t *buf, size_t len)
{
    struct usp_record *r = NULL;
    struct usp_diag diag;
    if (usp_record_decode(buf, len, &r, &diag) != 0)
        fail_msg("record decode failed: %s", diag.text);
    free(buf);
    return r;
}

static void test_build_and_decode_each_type(void **state)
{
    uint8_t *buf;
    size_t len;
    struct usp_record *r;
    const uint8_t *p;
    size_t plen;
    (void)state;

    assert_int_equal(usp_record_mqtt_connect(CONTROLLER, AGENT, 1, "usp/agent/x", &buf, &len), 0);
    r = decode(buf, len);
    assert_int_equal(usp_record_type(r), USP_RECORD_MQTT_CONNECT);
    assert_string_equal(usp_record_version(r), USP_PROTO_VERSION);
    assert_string_equal(usp_record_to_id(r), CONTROLLER);
    assert_string_equal(usp_record_from_id(r), AGENT);
    assert_int_equal(usp_record_mqtt_version(r), 1);
    assert_string_equal(usp_record_mqtt_topic(r), "usp/agent/x");
    assert_int_equal(usp_record_payload(r, &p, &plen), -1);
    usp_record_free(r);

    assert_int_equal(usp_record_stomp_connect(CONTROLLER, AGENT, "/queue/agent", &buf, &len), 0);
    r = decode(buf, len);
    assert_int_equal(usp_record_type(r), USP_RECORD_STOMP_CONNECT);
    assert_string_equal(usp_record_stomp_destination(r), "/queue/agent");
    usp_record_free(r);

    assert_int_equal(usp_record_websocket_connect(CONTROLLER, AGENT, &buf, &len), 0);
    r = decode(buf, len);
    assert_int_equal(usp_record_type(r), USP_RECORD_WEBSOCKET_CONNECT);
    usp_record_free(r);

    assert_int_equal(usp_record_uds_connect(CONTROLLER, AGENT, &buf, &len), 0);
    r = decode(buf, len);
    assert_int_equal(usp_record_type(r), USP_RECORD_UDS_CONNECT);
    assert_string_equal(usp_record_type_name(usp_record_type(r)), "uds_connect");
    usp_record_free(r);

    assert_int_equal(usp_record_disconnect(CONTROLLER, AGENT, USP_ERR_SESSION_CONTEXT_TERMINATED,
                                           "shutting down", &buf, &len),
                     0);
    r = decode(buf, len);
    assert_int_equal(usp_record_type(r), USP_RECORD_DISCONNECT);
    assert_int_equal(usp_record_disconnect_code(r), 7105);
    assert_string_equal(usp_record_disconnect_reason(r), "shutting down");
    usp_record_free(r);

    assert_int_equal(usp_record_session_context(CONTROLLER, AGENT, 5, 1, 1, (const uint8_t *)"xy",
                                                2, &buf, &len),
                     0);
    r = decode(buf, len);
    assert_int_equal(usp_record_type(r), USP_RECORD_SESSION);
    assert_int_equal(((const UspRecord__Record *)usp_record_pb(r))->session_context->session_id, 5);
    usp_record_free(r);
}

static void test_wrap_msg(void **state)
{
    struct usp_msg *m = usp_get_new("g-1", 0), *back;
    uint8_t *buf;
    size_t len, plen;
    const uint8_t *p;
    struct usp_record *r;
    struct usp_diag diag;
    (void)state;

    assert_int_equal(usp_get_add_path(m, "Device."), 0);
    assert_int_equal(usp_record_wrap_msg(AGENT, CONTROLLER, m, &buf, &len), 0);
    usp_msg_free(m);
    r = decode(buf, len);
    assert_int_equal(usp_record_type(r), USP_RECORD_NO_SESSION);
    assert_int_equal(usp_record_payload_security(r), 0);
    assert_int_equal(usp_record_payload(r, &p, &plen), 0);
    assert_int_equal(usp_msg_decode(p, plen, &back, &diag), 0);
    assert_string_equal(usp_msg_id(back), "g-1");
    assert_string_equal(usp_get_path(back, 0), "Device.");
    usp_msg_free(back);
    usp_record_free(r);
}

/* Runs the receive checks on bytes (freed) and returns the action. */
static enum usp_rx_action receive(uint8_t *buf, size_t len, const struct usp_endpoints *eps,
                                  struct usp_rx *rx)
{
    enum usp_rx_action a = usp_record_receive(buf, len, eps, rx);
    free(buf);
    return a;
}

static void test_receive_request(void **state)
{
    struct usp_msg *m = usp_get_new("g-2", 0);
    uint8_t *buf;
    size_t len;
    struct usp_rx rx;
    (void)state;

    assert_int_equal(usp_get_add_path(m, "Device.DeviceInfo."), 0);
    assert_int_equal(usp_record_wrap_msg(AGENT, CONTROLLER, m, &buf, &len), 0);
    usp_msg_free(m);
    assert_int_equal(receive(buf, len, &ours, &rx), USP_RX_MSG);
    assert_int_equal(rx.diag.code, 0);
    assert_non_null(rx.msg);
    assert_string_equal(usp_msg_id(rx.msg), "g-2");
    assert_string_equal(usp_record_from_id(rx.record), CONTROLLER);
    usp_rx_clear(&rx);
    assert_null(rx.msg);
}

static int ours_by_prefix(void *ctx, const char *id)
{
    return strncmp(id, ctx, strlen(ctx)) == 0;
}

static void test_receive_drops(void **state)
{
    static const uint8_t junk[] = {0x0a, 0xff, 0x01};
    struct usp_msg *m = usp_get_new("g-3", 0);
    struct usp_endpoints by_cb = {NULL, 0, ours_by_prefix, "os::"};
    uint8_t *buf;
    size_t len;
    struct usp_rx rx;
    (void)state;

    /* not a Record: nobody to answer */
    assert_int_equal(usp_record_receive(junk, sizeof(junk), &ours, &rx), USP_RX_DROP);
    assert_int_equal(rx.diag.code, USP_ERR_RECORD_NOT_PARSED);
    assert_null(rx.record);
    usp_rx_clear(&rx);

    /* to_id not ours */
    assert_int_equal(usp_record_wrap_msg("os::someone-else", CONTROLLER, m, &buf, &len), 0);
    assert_int_equal(receive(buf, len, &ours, &rx), USP_RX_DROP);
    assert_non_null(strstr(rx.diag.text, "someone-else"));
    usp_rx_clear(&rx);

    /* ... but ours through the callback */
    assert_int_equal(usp_record_wrap_msg("os::someone-else", CONTROLLER, m, &buf, &len), 0);
    assert_int_equal(receive(buf, len, &by_cb, &rx), USP_RX_MSG);
    usp_rx_clear(&rx);

    /* from_id empty, from_id ours (a loop) */
    assert_int_equal(usp_record_wrap_msg(AGENT, "", m, &buf, &len), 0);
    assert_int_equal(receive(buf, len, &ours, &rx), USP_RX_DROP);
    usp_rx_clear(&rx);
    assert_int_equal(usp_record_wrap_msg(AGENT, AGENT, m, &buf, &len), 0);
    assert_int_equal(receive(buf, len, &ours, &rx), USP_RX_DROP);
    usp_rx_clear(&rx);

    /* no endpoints at all: nothing is ours */
    assert_int_equal(usp_record_wrap_msg(AGENT, CONTROLLER, m, &buf, &len), 0);
    assert_int_equal(receive(buf, len, NULL, &rx), USP_RX_DROP);
    usp_rx_clear(&rx);
    usp_msg_free(m);
}

/* Packs a hand-made Record around rec (to AGENT from CONTROLLER). */
static uint8_t *pack_record(UspRecord__Record *rec, size_t *len)
{
    uint8_t *buf = malloc(usp_record__record__get_packed_size(rec) + 1);
    assert_non_null(buf);
    *len = usp_record__record__pack(rec, buf);
    return buf;
}

/* Checks an ERROR outcome and the Error reply it makes. */
static void expect_error_reply(struct usp_rx *rx, int code, const char *msg_id)
{
    uint8_t *buf;
    size_t len, plen;
    const uint8_t *p;
    struct usp_record *r;
    struct usp_msg *err;
    struct usp_diag diag;

    assert_int_equal(rx->action, USP_RX_ERROR);
    assert_int_equal(rx->diag.code, code);
    assert_int_equal(usp_rx_error_reply(rx, &buf, &len), 0);
    r = decode(buf, len);
    assert_string_equal(usp_record_to_id(r), CONTROLLER); /* back to the sender */
    assert_string_equal(usp_record_from_id(r), AGENT);
    assert_int_equal(usp_record_payload(r, &p, &plen), 0);
    assert_int_equal(usp_msg_decode(p, plen, &err, &diag), 0);
    assert_int_equal(usp_msg_type(err), USP_MSG_ERROR);
    assert_string_equal(usp_msg_id(err), msg_id);
    assert_int_equal(usp_error_code(err), code);
    assert_string_equal(usp_error_text(err), rx->diag.text);
    usp_msg_free(err);
    usp_record_free(r);
}

static void test_receive_record_errors(void **state)
{
    UspRecord__Record rec = USP_RECORD__RECORD__INIT;
    UspRecord__NoSessionContextRecord ns = USP_RECORD__NO_SESSION_CONTEXT_RECORD__INIT;
    struct usp_msg *m = usp_get_new("g-4", 0);
    uint8_t *payload, *buf;
    size_t plen, len;
    struct usp_rx rx;
    (void)state;

    assert_int_equal(usp_msg_encode(m, &payload, &plen), 0);
    usp_msg_free(m);
    rec.version = "1.3";
    rec.to_id = AGENT;
    rec.from_id = CONTROLLER;

    /* no record_type: 7104 */
    buf = pack_record(&rec, &len);
    receive(buf, len, &ours, &rx);
    expect_error_reply(&rx, USP_ERR_INVALID_RECORD_VALUE, "unknown");
    usp_rx_clear(&rx);

    /* unsupported version: 7104 */
    rec.record_type_case = USP_RECORD__RECORD__RECORD_TYPE_NO_SESSION_CONTEXT;
    rec.no_session_context = &ns;
    ns.payload.data = payload;
    ns.payload.len = plen;
    rec.version = "2.0";
    buf = pack_record(&rec, &len);
    receive(buf, len, &ours, &rx);
    expect_error_reply(&rx, USP_ERR_INVALID_RECORD_VALUE, "unknown");
    usp_rx_clear(&rx);
    rec.version = "1.4";

    /* TLS12 payload security: 7102 */
    rec.payload_security = USP_RECORD__RECORD__PAYLOAD_SECURITY__TLS12;
    buf = pack_record(&rec, &len);
    receive(buf, len, &ours, &rx);
    expect_error_reply(&rx, USP_ERR_SECURE_SESSION_NOT_SUPPORTED, "unknown");
    usp_rx_clear(&rx);
    rec.payload_security = USP_RECORD__RECORD__PAYLOAD_SECURITY__PLAINTEXT;

    /* empty payload: 7104 */
    ns.payload.len = 0;
    buf = pack_record(&rec, &len);
    receive(buf, len, &ours, &rx);
    expect_error_reply(&rx, USP_ERR_INVALID_RECORD_VALUE, "unknown");
    usp_rx_clear(&rx);

    /* payload that is not a Msg: 7000 */
    ns.payload.data = (uint8_t *)"\xff\xff\xff";
    ns.payload.len = 3;
    buf = pack_record(&rec, &len);
    receive(buf, len, &ours, &rx);
    expect_error_reply(&rx, USP_ERR_MESSAGE_FAILED, "unknown");
    usp_rx_clear(&rx);
    free(payload);

    /* Session Context: refused with 7106 */
    assert_int_equal(
        usp_record_session_context(AGENT, CONTROLLER, 9, 1, 1, (const uint8_t *)"x", 1, &buf, &len),
        0);
    receive(buf, len, &ours, &rx);
    expect_error_reply(&rx, USP_ERR_SESSION_CONTEXT_NOT_ALLOWED, "unknown");
    usp_rx_clear(&rx);
}

/* A Msg with a header only (no body): malformed, but its id and type are known. */
static void test_receive_bad_msg(void **state)
{
    Usp__Msg pb = USP__MSG__INIT;
    Usp__Header h = USP__HEADER__INIT;
    uint8_t payload[128], *buf;
    size_t plen, len;
    struct usp_rx rx;
    (void)state;

    pb.header = &h;
    h.msg_id = "set-77";
    h.msg_type = USP__HEADER__MSG_TYPE__SET;
    assert_true(usp__msg__get_packed_size(&pb) <= sizeof(payload));
    plen = usp__msg__pack(&pb, payload);
    assert_int_equal(usp_record_wrap_payload(AGENT, CONTROLLER, payload, plen, &buf, &len), 0);
    receive(buf, len, &ours, &rx);
    expect_error_reply(&rx, USP_ERR_INVALID_ARGUMENTS, "set-77"); /* answered to its id */
    usp_rx_clear(&rx);

    /* the same defect in a Response or an Error is never answered (R-MTP.5) */
    h.msg_type = USP__HEADER__MSG_TYPE__NOTIFY_RESP;
    plen = usp__msg__pack(&pb, payload);
    assert_int_equal(usp_record_wrap_payload(AGENT, CONTROLLER, payload, plen, &buf, &len), 0);
    assert_int_equal(receive(buf, len, &ours, &rx), USP_RX_DROP);
    assert_int_equal(usp_rx_error_reply(&rx, &buf, &len), -1);
    usp_rx_clear(&rx);
    h.msg_type = USP__HEADER__MSG_TYPE__ERROR;
    plen = usp__msg__pack(&pb, payload);
    assert_int_equal(usp_record_wrap_payload(AGENT, CONTROLLER, payload, plen, &buf, &len), 0);
    assert_int_equal(receive(buf, len, &ours, &rx), USP_RX_DROP);
    usp_rx_clear(&rx);
}

static void test_receive_connect_disconnect(void **state)
{
    uint8_t *buf;
    size_t len;
    struct usp_rx rx;
    (void)state;

    assert_int_equal(usp_record_mqtt_connect(AGENT, CONTROLLER, 0, "t", &buf, &len), 0);
    assert_int_equal(receive(buf, len, &ours, &rx), USP_RX_CONNECT);
    assert_int_equal(usp_record_type(rx.record), USP_RECORD_MQTT_CONNECT);
    usp_rx_clear(&rx);
    assert_int_equal(usp_record_websocket_connect(AGENT, CONTROLLER, &buf, &len), 0);
    assert_int_equal(receive(buf, len, &ours, &rx), USP_RX_CONNECT);
    usp_rx_clear(&rx);
    assert_int_equal(usp_record_disconnect(AGENT, CONTROLLER, 0, NULL, &buf, &len), 0);
    assert_int_equal(receive(buf, len, &ours, &rx), USP_RX_DISCONNECT);
    usp_rx_clear(&rx);
}

static void test_version_ok(void **state)
{
    (void)state;
    assert_true(usp_record_version_ok("1.0"));
    assert_true(usp_record_version_ok("1.4"));
    assert_true(usp_record_version_ok("1.15"));
    assert_false(usp_record_version_ok("2.0"));
    assert_false(usp_record_version_ok("1."));
    assert_false(usp_record_version_ok("1"));
    assert_false(usp_record_version_ok(""));
    assert_false(usp_record_version_ok("1.4a"));
    assert_false(usp_record_version_ok(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_and_decode_each_type),
        cmocka_unit_test(test_wrap_msg),
        cmocka_unit_test(test_receive_request),
        cmocka_unit_test(test_receive_drops),
        cmocka_unit_test(test_receive_record_errors),
        cmocka_unit_test(test_receive_bad_msg),
        cmocka_unit_test(test_receive_connect_disconnect),
        cmocka_unit_test(test_version_ok),
    };
    return cmocka_run_group_tests_name("usp_record", tests, NULL, NULL);
}
