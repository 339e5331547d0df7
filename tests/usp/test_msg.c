/*
 * test_msg.c - USP request messages: every builder is built, encoded,
 * decoded and read back through the accessors; decode rejects malformed
 * Msgs with the TR-369 error code.
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

/* Encodes m, frees it, decodes the bytes: what a peer would see. */
static struct usp_msg *roundtrip(struct usp_msg *m)
{
    uint8_t *buf;
    size_t len;
    struct usp_msg *out = NULL;
    struct usp_diag diag;

    assert_non_null(m);
    assert_int_equal(usp_msg_encode(m, &buf, &len), 0);
    usp_msg_free(m);
    if (usp_msg_decode(buf, len, &out, &diag) != 0)
        fail_msg("decode failed: %d %s", diag.code, diag.text);
    free(buf);
    return out;
}

static void test_type_names(void **state)
{
    (void)state;
    assert_string_equal(usp_msg_type_name(USP_MSG_GET_RESP), "GET_RESP");
    assert_string_equal(usp_msg_type_name(USP_MSG_DEREGISTER_RESP), "DEREGISTER_RESP");
    assert_null(usp_msg_type_name(23));
    assert_null(usp_msg_type_name(-1));
    assert_true(usp_msg_type_is_request(USP_MSG_NOTIFY));
    assert_true(usp_msg_type_is_request(USP_MSG_REGISTER));
    assert_false(usp_msg_type_is_request(USP_MSG_ERROR));
    assert_true(usp_msg_type_is_response(USP_MSG_NOTIFY_RESP));
    assert_false(usp_msg_type_is_response(USP_MSG_ERROR));
    assert_false(usp_msg_type_is_response(USP_MSG_GET));
}

static void test_get(void **state)
{
    struct usp_msg *m = usp_get_new("get-1", 2);
    (void)state;
    assert_int_equal(usp_get_add_path(m, "Device.DeviceInfo."), 0);
    assert_int_equal(usp_get_add_path(m, "Device.WiFi.SSID.*.SSID"), 0);
    m = roundtrip(m);
    assert_string_equal(usp_msg_id(m), "get-1");
    assert_int_equal(usp_msg_type(m), USP_MSG_GET);
    assert_int_equal(usp_get_path_count(m), 2);
    assert_string_equal(usp_get_path(m, 0), "Device.DeviceInfo.");
    assert_string_equal(usp_get_path(m, 1), "Device.WiFi.SSID.*.SSID");
    assert_null(usp_get_path(m, 2));
    assert_int_equal(usp_get_max_depth(m), 2);
    usp_msg_free(m);
}

static void test_gsdm(void **state)
{
    struct usp_gsdm_flags f = {
        .first_level_only = 1, .return_params = 1, .return_unique_key_sets = 1};
    struct usp_gsdm_flags g;
    struct usp_msg *m = usp_gsdm_new("gsdm-1", &f);
    (void)state;
    assert_int_equal(usp_gsdm_add_path(m, "Device."), 0);
    m = roundtrip(m);
    assert_int_equal(usp_msg_type(m), USP_MSG_GET_SUPPORTED_DM);
    assert_int_equal(usp_gsdm_path_count(m), 1);
    assert_string_equal(usp_gsdm_path(m, 0), "Device.");
    usp_gsdm_get_flags(m, &g);
    assert_true(g.first_level_only);
    assert_false(g.return_commands);
    assert_false(g.return_events);
    assert_true(g.return_params);
    assert_true(g.return_unique_key_sets);
    usp_msg_free(m);
}

static void test_getinst(void **state)
{
    struct usp_msg *m = usp_getinst_new("gi-1", 1);
    (void)state;
    assert_int_equal(usp_getinst_add_path(m, "Device.IP.Interface."), 0);
    assert_int_equal(usp_getinst_add_path(m, "Device.Hosts.Host."), 0);
    m = roundtrip(m);
    assert_int_equal(usp_msg_type(m), USP_MSG_GET_INSTANCES);
    assert_int_equal(usp_getinst_path_count(m), 2);
    assert_string_equal(usp_getinst_path(m, 1), "Device.Hosts.Host.");
    assert_true(usp_getinst_first_level_only(m));
    usp_msg_free(m);
}

static void test_set(void **state)
{
    struct usp_msg *m = usp_set_new("set-1", 1);
    struct usp_param_setting p;
    (void)state;
    assert_int_equal(usp_set_add_param(m, "orphan", "x", 0), -1); /* no object yet */
    assert_int_equal(usp_set_add_obj(m, "Device.WiFi.SSID.1."), 0);
    assert_int_equal(usp_set_add_param(m, "SSID", "home", 1), 0);
    assert_int_equal(usp_set_add_param(m, "Enable", "true", 0), 0);
    assert_int_equal(usp_set_add_obj(m, "Device.Time."), 0);
    assert_int_equal(usp_set_add_param(m, "NTPServer1", "pool.ntp.org", 0), 0);
    m = roundtrip(m);
    assert_int_equal(usp_msg_type(m), USP_MSG_SET);
    assert_true(usp_msg_allow_partial(m));
    assert_int_equal(usp_msg_obj_count(m), 2);
    assert_string_equal(usp_msg_obj_path(m, 0), "Device.WiFi.SSID.1.");
    assert_int_equal(usp_msg_param_count(m, 0), 2);
    assert_int_equal(usp_msg_param(m, 0, 0, &p), 0);
    assert_string_equal(p.param, "SSID");
    assert_string_equal(p.value, "home");
    assert_true(p.required);
    assert_int_equal(usp_msg_param(m, 0, 1, &p), 0);
    assert_false(p.required);
    assert_int_equal(usp_msg_param(m, 1, 0, &p), 0);
    assert_string_equal(p.value, "pool.ntp.org");
    assert_int_equal(usp_msg_param(m, 1, 1, &p), -1);
    assert_int_equal(usp_msg_param(m, 2, 0, &p), -1);
    usp_msg_free(m);
}

static void test_add(void **state)
{
    struct usp_msg *m = usp_add_new("add-1", 0);
    struct usp_param_setting p;
    (void)state;
    assert_int_equal(usp_add_add_obj(m, "Device.IP.Interface."), 0);
    assert_int_equal(usp_add_add_param(m, "Alias", "wan2", 1), 0);
    m = roundtrip(m);
    assert_int_equal(usp_msg_type(m), USP_MSG_ADD);
    assert_false(usp_msg_allow_partial(m));
    assert_int_equal(usp_msg_obj_count(m), 1);
    assert_string_equal(usp_msg_obj_path(m, 0), "Device.IP.Interface.");
    assert_int_equal(usp_msg_param(m, 0, 0, &p), 0);
    assert_string_equal(p.param, "Alias");
    assert_string_equal(p.value, "wan2");
    assert_true(p.required);
    usp_msg_free(m);
}

static void test_delete(void **state)
{
    struct usp_msg *m = usp_delete_new("del-1", 1);
    (void)state;
    assert_int_equal(usp_delete_add_path(m, "Device.IP.Interface.3."), 0);
    m = roundtrip(m);
    assert_int_equal(usp_msg_type(m), USP_MSG_DELETE);
    assert_true(usp_msg_allow_partial(m));
    assert_int_equal(usp_delete_path_count(m), 1);
    assert_string_equal(usp_delete_path(m, 0), "Device.IP.Interface.3.");
    assert_null(usp_delete_path(m, 1));
    usp_msg_free(m);
}

static void test_operate(void **state)
{
    struct usp_msg *m = usp_operate_new("op-1", "Device.Reboot()", "ck-7", 1);
    const char *k, *v;
    (void)state;
    assert_int_equal(usp_operate_add_arg(m, "Cause", "RemoteReboot"), 0);
    assert_int_equal(usp_operate_add_arg(m, "Reason", "test"), 0);
    m = roundtrip(m);
    assert_int_equal(usp_msg_type(m), USP_MSG_OPERATE);
    assert_string_equal(usp_operate_command(m), "Device.Reboot()");
    assert_string_equal(usp_operate_command_key(m), "ck-7");
    assert_true(usp_operate_send_resp(m));
    assert_int_equal(usp_operate_arg_count(m), 2);
    assert_int_equal(usp_operate_arg(m, 1, &k, &v), 0);
    assert_string_equal(k, "Reason");
    assert_string_equal(v, "test");
    assert_int_equal(usp_operate_arg(m, 2, &k, &v), -1);
    usp_msg_free(m);
}

static void test_gsp_and_register(void **state)
{
    struct usp_msg *m = usp_gsp_new("gsp-1", "1.2,1.3");
    (void)state;
    m = roundtrip(m);
    assert_int_equal(usp_msg_type(m), USP_MSG_GET_SUPPORTED_PROTO);
    assert_string_equal(usp_gsp_versions(m), "1.2,1.3");
    usp_msg_free(m);

    m = usp_register_new("reg-1", 1);
    assert_int_equal(usp_register_add_path(m, "Device.Services.X_Foo."), 0);
    m = roundtrip(m);
    assert_int_equal(usp_msg_type(m), USP_MSG_REGISTER);
    assert_true(usp_msg_allow_partial(m));
    assert_int_equal(usp_reg_path_count(m), 1);
    assert_string_equal(usp_reg_path(m, 0), "Device.Services.X_Foo.");
    usp_msg_free(m);

    m = usp_deregister_new("dereg-1");
    assert_int_equal(usp_deregister_add_path(m, "Device.Services.X_Foo."), 0);
    assert_int_equal(usp_deregister_add_path(m, ""), 0);
    m = roundtrip(m);
    assert_int_equal(usp_msg_type(m), USP_MSG_DEREGISTER);
    assert_int_equal(usp_reg_path_count(m), 2);
    assert_string_equal(usp_reg_path(m, 1), "");
    usp_msg_free(m);
}

static void test_wrong_kind(void **state)
{
    struct usp_msg *m = usp_get_new("g", 0);
    struct usp_param_setting p;
    const char *k, *v;
    (void)state;
    /* builders of another message refuse; accessors answer empty */
    assert_int_equal(usp_set_add_obj(m, "Device."), -1);
    assert_int_equal(usp_delete_add_path(m, "Device."), -1);
    assert_int_equal(usp_getresp_add_path_result(m, "Device.", 0, NULL), -1);
    assert_int_equal(usp_notify_add_param(m, "a", "b"), -1);
    assert_int_equal(usp_msg_obj_count(m), 0);
    assert_int_equal(usp_msg_param(m, 0, 0, &p), -1);
    assert_string_equal(usp_operate_command(m), "");
    assert_int_equal(usp_operate_arg(m, 0, &k, &v), -1);
    assert_int_equal(usp_error_code(m), 0);
    assert_int_equal(usp_delete_path_count(m), 0);
    usp_msg_free(m);
    usp_msg_free(NULL);
}

/* Packs a hand-made Usp__Msg. */
static uint8_t *pack(Usp__Msg *pb, size_t *len)
{
    uint8_t *buf = malloc(usp__msg__get_packed_size(pb) + 1);
    assert_non_null(buf);
    *len = usp__msg__pack(pb, buf);
    return buf;
}

static void expect_decode_error(const uint8_t *buf, size_t len, int code)
{
    struct usp_msg *m = NULL;
    struct usp_diag diag;
    assert_int_equal(usp_msg_decode(buf, len, &m, &diag), -1);
    assert_null(m);
    assert_int_equal(diag.code, code);
    assert_true(diag.text[0] != '\0');
}

static void test_decode_rejects(void **state)
{
    static const uint8_t junk[] = {0xff, 0xff, 0xff, 0x0f, 0x01};
    Usp__Msg pb = USP__MSG__INIT;
    Usp__Header h = USP__HEADER__INIT;
    Usp__Body b = USP__BODY__INIT;
    Usp__Request req = USP__REQUEST__INIT;
    Usp__Get get = USP__GET__INIT;
    uint8_t *buf;
    size_t len;
    (void)state;

    expect_decode_error(junk, sizeof(junk), USP_ERR_MESSAGE_FAILED);

    buf = pack(&pb, &len); /* no header */
    expect_decode_error(buf, len, USP_ERR_INVALID_ARGUMENTS);
    free(buf);

    pb.header = &h; /* empty msg_id */
    h.msg_type = USP__HEADER__MSG_TYPE__GET;
    buf = pack(&pb, &len);
    expect_decode_error(buf, len, USP_ERR_INVALID_ARGUMENTS);
    free(buf);

    h.msg_id = "m1"; /* no body */
    buf = pack(&pb, &len);
    expect_decode_error(buf, len, USP_ERR_INVALID_ARGUMENTS);
    free(buf);

    pb.body = &b; /* GET with a Get request: fine */
    b.msg_body_case = USP__BODY__MSG_BODY_REQUEST;
    b.request = &req;
    req.req_type_case = USP__REQUEST__REQ_TYPE_GET;
    req.get = &get;
    buf = pack(&pb, &len);
    {
        struct usp_msg *m;
        struct usp_diag diag;
        assert_int_equal(usp_msg_decode(buf, len, &m, &diag), 0);
        usp_msg_free(m);
    }
    free(buf);

    h.msg_type = USP__HEADER__MSG_TYPE__SET; /* type says SET, body is a Get */
    buf = pack(&pb, &len);
    expect_decode_error(buf, len, USP_ERR_INVALID_ARGUMENTS);
    free(buf);

    h.msg_type = USP__HEADER__MSG_TYPE__GET_RESP; /* a response type, request body */
    buf = pack(&pb, &len);
    expect_decode_error(buf, len, USP_ERR_INVALID_ARGUMENTS);
    free(buf);

    h.msg_type = (Usp__Header__MsgType)42; /* unknown type */
    buf = pack(&pb, &len);
    expect_decode_error(buf, len, USP_ERR_MESSAGE_NOT_SUPPORTED);
    free(buf);
}

static void test_decode_ex_reports_id(void **state)
{
    Usp__Msg pb = USP__MSG__INIT;
    Usp__Header h = USP__HEADER__INIT;
    uint8_t *buf;
    size_t len;
    struct usp_msg *m;
    struct usp_diag diag;
    char *id = NULL;
    int type = -1;
    (void)state;

    pb.header = &h;
    h.msg_id = "resp-9";
    h.msg_type = USP__HEADER__MSG_TYPE__SET_RESP;
    buf = pack(&pb, &len); /* no body */
    assert_int_equal(usp_msg_decode_ex(buf, len, &m, &diag, &id, &type), -1);
    assert_string_equal(id, "resp-9");
    assert_int_equal(type, USP_MSG_SET_RESP);
    free(id);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_names),
        cmocka_unit_test(test_get),
        cmocka_unit_test(test_gsdm),
        cmocka_unit_test(test_getinst),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_add),
        cmocka_unit_test(test_delete),
        cmocka_unit_test(test_operate),
        cmocka_unit_test(test_gsp_and_register),
        cmocka_unit_test(test_wrong_kind),
        cmocka_unit_test(test_decode_rejects),
        cmocka_unit_test(test_decode_ex_reports_id),
    };
    return cmocka_run_group_tests_name("usp_msg", tests, NULL, NULL);
}
