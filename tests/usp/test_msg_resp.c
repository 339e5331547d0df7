/*
 * test_msg_resp.c - USP responses, Error and Notify: every builder is
 * built, encoded and decoded, and the decoded message is read back through
 * the accessors only. The last tests hand-craft wire messages (protobuf-c)
 * with missing submessages and unset oneofs, which a controller or a
 * fuzzer may send, and check that every accessor reads them as empty.
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

static void test_getresp(void **state)
{
    struct usp_msg *m = usp_getresp_new("get-1");
    const char *path, *msg, *k, *v;
    uint32_t code;
    (void)state;
    assert_int_equal(usp_getresp_add_resolved_path(m, "x"), -1); /* no path result yet */
    assert_int_equal(usp_getresp_add_path_result(m, "Device.DeviceInfo.", 0, NULL), 0);
    assert_int_equal(usp_getresp_add_result_param(m, "a", "b"), -1); /* no resolved path */
    assert_int_equal(usp_getresp_add_resolved_path(m, "Device.DeviceInfo."), 0);
    assert_int_equal(usp_getresp_add_result_param(m, "Manufacturer", "ACME"), 0);
    assert_int_equal(usp_getresp_add_result_param(m, "SerialNumber", "S1"), 0);
    assert_int_equal(
        usp_getresp_add_path_result(m, "Device.Nope.", USP_ERR_INVALID_PATH, "Invalid path"), 0);
    m = roundtrip(m);
    assert_int_equal(usp_msg_type(m), USP_MSG_GET_RESP);
    assert_int_equal(usp_getresp_path_result_count(m), 2);
    assert_int_equal(usp_getresp_path_result(m, 0, &path, &code, &msg), 0);
    assert_string_equal(path, "Device.DeviceInfo.");
    assert_int_equal(code, 0);
    assert_string_equal(msg, "");
    assert_int_equal(usp_getresp_resolved_path_count(m, 0), 1);
    assert_string_equal(usp_getresp_resolved_path(m, 0, 0), "Device.DeviceInfo.");
    assert_null(usp_getresp_resolved_path(m, 0, 1));
    assert_int_equal(usp_getresp_result_param_count(m, 0, 0), 2);
    assert_int_equal(usp_getresp_result_param(m, 0, 0, 0, &k, &v), 0);
    assert_string_equal(k, "Manufacturer");
    assert_string_equal(v, "ACME");
    assert_int_equal(usp_getresp_result_param(m, 0, 0, 1, &k, NULL), 0); /* NULL out ok */
    assert_string_equal(k, "SerialNumber");
    assert_int_equal(usp_getresp_result_param(m, 0, 0, 1, NULL, &v), 0);
    assert_string_equal(v, "S1");
    assert_int_equal(usp_getresp_result_param(m, 0, 0, 2, &k, &v), -1);
    assert_string_equal(k, ""); /* outs are emptied on -1 */
    assert_int_equal(usp_getresp_path_result(m, 1, &path, &code, NULL), 0);
    assert_string_equal(path, "Device.Nope.");
    assert_int_equal(code, 7026);
    assert_int_equal(usp_getresp_path_result(m, 1, NULL, NULL, &msg), 0);
    assert_string_equal(msg, "Invalid path");
    assert_int_equal(usp_getresp_resolved_path_count(m, 1), 0);
    assert_int_equal(usp_getresp_path_result(m, 2, &path, &code, &msg), -1);
    assert_string_equal(path, "");
    assert_int_equal(code, 0);
    assert_int_equal(usp_getresp_resolved_path_count(m, 2), 0);
    assert_int_equal(usp_getresp_result_param_count(m, 0, 1), 0);
    usp_msg_free(m);
}

static void test_gsdmresp(void **state)
{
    struct usp_msg *m = usp_gsdmresp_new("gsdm-1");
    const char *path, *msg, *uri, *name;
    uint32_t code;
    enum usp_obj_access oa;
    enum usp_param_access pa;
    enum usp_value_type vt;
    enum usp_value_change vc;
    enum usp_cmd_type ct;
    int multi;
    (void)state;
    assert_int_equal(usp_gsdmresp_add_req_obj_result(m, "Device.", 0, NULL,
                                                     "urn:broadband-forum-org:tr-181-2-18-0"),
                     0);
    assert_int_equal(
        usp_gsdmresp_add_supported_obj(m, "Device.IP.Interface.{i}.", USP_OBJ_ADD_DELETE, 1), 0);
    assert_int_equal(
        usp_gsdmresp_add_param(m, "Enable", USP_PARAM_READ_WRITE, USP_VT_BOOLEAN, USP_VC_ALLOWED),
        0);
    assert_int_equal(
        usp_gsdmresp_add_param(m, "Status", USP_PARAM_READ_ONLY, USP_VT_STRING, USP_VC_WILL_IGNORE),
        0);
    assert_int_equal(usp_gsdmresp_add_command(m, "Reset()", USP_CMD_SYNC), 0);
    assert_int_equal(usp_gsdmresp_add_command_input_arg(m, "Delay"), 0);
    assert_int_equal(usp_gsdmresp_add_command_output_arg(m, "Status"), 0);
    assert_int_equal(usp_gsdmresp_add_event(m, "Changed!"), 0);
    assert_int_equal(usp_gsdmresp_add_event_arg(m, "Old"), 0);
    assert_int_equal(usp_gsdmresp_add_divergent_path(m, "Device.IP.Interface.2."), 0);
    assert_int_equal(usp_gsdmresp_add_unique_key(m, "Alias"), -1); /* no set yet */
    assert_int_equal(usp_gsdmresp_add_unique_key_set(m), 0);
    assert_int_equal(usp_gsdmresp_add_unique_key(m, "Alias"), 0);
    assert_int_equal(usp_gsdmresp_add_unique_key(m, "Name"), 0);
    assert_int_equal(usp_gsdmresp_add_supported_obj(m, "Device.IP.", USP_OBJ_READ_ONLY, 0), 0);
    assert_int_equal(
        usp_gsdmresp_add_req_obj_result(m, "Device.Nope.", USP_ERR_INVALID_PATH, "bad", ""), 0);
    m = roundtrip(m);

    assert_int_equal(usp_gsdmresp_req_obj_result_count(m), 2);
    assert_int_equal(usp_gsdmresp_req_obj_result(m, 0, &path, &code, &msg, &uri), 0);
    assert_string_equal(path, "Device.");
    assert_int_equal(code, 0);
    assert_string_equal(uri, "urn:broadband-forum-org:tr-181-2-18-0");
    assert_int_equal(usp_gsdmresp_req_obj_result(m, 1, &path, &code, &msg, NULL), 0);
    assert_int_equal(code, 7026);
    assert_string_equal(msg, "bad");
    assert_int_equal(usp_gsdmresp_supported_obj_count(m, 1), 0);
    assert_int_equal(usp_gsdmresp_req_obj_result(m, 2, &path, &code, &msg, &uri), -1);
    assert_string_equal(uri, "");

    assert_int_equal(usp_gsdmresp_supported_obj_count(m, 0), 2);
    assert_int_equal(usp_gsdmresp_supported_obj(m, 0, 0, &path, &oa, &multi), 0);
    assert_string_equal(path, "Device.IP.Interface.{i}.");
    assert_int_equal(oa, USP_OBJ_ADD_DELETE);
    assert_true(multi);
    assert_int_equal(usp_gsdmresp_supported_obj(m, 0, 1, &path, &oa, &multi), 0);
    assert_string_equal(path, "Device.IP.");
    assert_int_equal(oa, USP_OBJ_READ_ONLY);
    assert_false(multi);
    assert_int_equal(usp_gsdmresp_supported_obj(m, 0, 2, &path, NULL, NULL), -1);

    assert_int_equal(usp_gsdmresp_param_count(m, 0, 0), 2);
    assert_int_equal(usp_gsdmresp_param(m, 0, 0, 0, &name, &pa, &vt, &vc), 0);
    assert_string_equal(name, "Enable");
    assert_int_equal(pa, USP_PARAM_READ_WRITE);
    assert_int_equal(vt, USP_VT_BOOLEAN);
    assert_int_equal(vc, USP_VC_ALLOWED);
    assert_int_equal(usp_gsdmresp_param(m, 0, 0, 1, &name, &pa, &vt, &vc), 0);
    assert_string_equal(name, "Status");
    assert_int_equal(pa, USP_PARAM_READ_ONLY);
    assert_int_equal(vt, USP_VT_STRING);
    assert_int_equal(vc, USP_VC_WILL_IGNORE);
    assert_int_equal(usp_gsdmresp_param(m, 0, 0, 2, &name, &pa, &vt, &vc), -1);

    assert_int_equal(usp_gsdmresp_command_count(m, 0, 0), 1);
    assert_int_equal(usp_gsdmresp_command(m, 0, 0, 0, &name, &ct), 0);
    assert_string_equal(name, "Reset()");
    assert_int_equal(ct, USP_CMD_SYNC);
    assert_int_equal(usp_gsdmresp_command_input_arg_count(m, 0, 0, 0), 1);
    assert_string_equal(usp_gsdmresp_command_input_arg(m, 0, 0, 0, 0), "Delay");
    assert_null(usp_gsdmresp_command_input_arg(m, 0, 0, 0, 1));
    assert_int_equal(usp_gsdmresp_command_output_arg_count(m, 0, 0, 0), 1);
    assert_string_equal(usp_gsdmresp_command_output_arg(m, 0, 0, 0, 0), "Status");
    assert_null(usp_gsdmresp_command_output_arg(m, 0, 0, 1, 0));

    assert_int_equal(usp_gsdmresp_event_count(m, 0, 0), 1);
    assert_string_equal(usp_gsdmresp_event(m, 0, 0, 0), "Changed!");
    assert_null(usp_gsdmresp_event(m, 0, 0, 1));
    assert_int_equal(usp_gsdmresp_event_arg_count(m, 0, 0, 0), 1);
    assert_string_equal(usp_gsdmresp_event_arg(m, 0, 0, 0, 0), "Old");

    assert_int_equal(usp_gsdmresp_divergent_path_count(m, 0, 0), 1);
    assert_string_equal(usp_gsdmresp_divergent_path(m, 0, 0, 0), "Device.IP.Interface.2.");
    assert_null(usp_gsdmresp_divergent_path(m, 0, 0, 1));

    assert_int_equal(usp_gsdmresp_unique_key_set_count(m, 0, 0), 1);
    assert_int_equal(usp_gsdmresp_unique_key_count(m, 0, 0, 0), 2);
    assert_string_equal(usp_gsdmresp_unique_key(m, 0, 0, 0, 0), "Alias");
    assert_string_equal(usp_gsdmresp_unique_key(m, 0, 0, 0, 1), "Name");
    assert_null(usp_gsdmresp_unique_key(m, 0, 0, 0, 2));
    assert_int_equal(usp_gsdmresp_unique_key_count(m, 0, 0, 1), 0);

    /* the second object has nothing below it */
    assert_int_equal(usp_gsdmresp_param_count(m, 0, 1), 0);
    assert_int_equal(usp_gsdmresp_command_count(m, 0, 1), 0);
    assert_int_equal(usp_gsdmresp_event_count(m, 0, 1), 0);
    assert_int_equal(usp_gsdmresp_unique_key_set_count(m, 0, 1), 0);
    usp_msg_free(m);
}

static void test_getinstresp(void **state)
{
    struct usp_msg *m = usp_getinstresp_new("gi-1");
    const char *path, *msg, *k, *v;
    uint32_t code;
    (void)state;
    assert_int_equal(usp_getinstresp_add_path_result(m, "Device.IP.Interface.", 0, NULL), 0);
    assert_int_equal(usp_getinstresp_add_unique_key(m, "Alias", "x"), -1);
    assert_int_equal(usp_getinstresp_add_curr_inst(m, "Device.IP.Interface.1."), 0);
    assert_int_equal(usp_getinstresp_add_unique_key(m, "Alias", "cpe-1"), 0);
    assert_int_equal(usp_getinstresp_add_curr_inst(m, "Device.IP.Interface.2."), 0);
    assert_int_equal(usp_getinstresp_add_path_result(m, "Device.X.", 7026, "Invalid path"), 0);
    m = roundtrip(m);
    assert_int_equal(usp_getinstresp_path_result_count(m), 2);
    assert_int_equal(usp_getinstresp_path_result(m, 0, &path, &code, &msg), 0);
    assert_string_equal(path, "Device.IP.Interface.");
    assert_int_equal(code, 0);
    assert_int_equal(usp_getinstresp_curr_inst_count(m, 0), 2);
    assert_string_equal(usp_getinstresp_curr_inst(m, 0, 0), "Device.IP.Interface.1.");
    assert_string_equal(usp_getinstresp_curr_inst(m, 0, 1), "Device.IP.Interface.2.");
    assert_null(usp_getinstresp_curr_inst(m, 0, 2));
    assert_int_equal(usp_getinstresp_unique_key_count(m, 0, 0), 1);
    assert_int_equal(usp_getinstresp_unique_key(m, 0, 0, 0, &k, &v), 0);
    assert_string_equal(k, "Alias");
    assert_string_equal(v, "cpe-1");
    assert_int_equal(usp_getinstresp_unique_key_count(m, 0, 1), 0);
    assert_int_equal(usp_getinstresp_unique_key(m, 0, 1, 0, &k, &v), -1);
    assert_int_equal(usp_getinstresp_path_result(m, 1, &path, &code, &msg), 0);
    assert_int_equal(code, 7026);
    assert_string_equal(msg, "Invalid path");
    assert_int_equal(usp_getinstresp_curr_inst_count(m, 1), 0);
    assert_int_equal(usp_getinstresp_path_result(m, 2, &path, &code, &msg), -1);
    usp_msg_free(m);
}

static void test_setresp(void **state)
{
    struct usp_msg *m = usp_setresp_new("set-1");
    struct usp_oper_result r;
    const char *k, *v, *msg;
    uint32_t code;
    (void)state;
    assert_int_equal(usp_setresp_add_success(m, "Device.WiFi.SSID.1."), 0);
    assert_int_equal(usp_setresp_add_inst(m, "Device.WiFi.SSID.1."), 0);
    assert_int_equal(usp_setresp_add_updated_param(m, "SSID", "home"), 0);
    assert_int_equal(usp_setresp_add_param_err(m, "Channel", 7012, "Invalid value"), 0);
    assert_int_equal(usp_setresp_add_failure(m, "Device.Time.", 7020, "Object not updated"), 0);
    assert_int_equal(usp_setresp_add_updated_param(m, "a", "b"), -1); /* failure has none */
    assert_int_equal(usp_setresp_add_inst(m, "Device.Time."), 0);
    assert_int_equal(usp_setresp_add_param_err(m, "NTPServer1", 7013, "not writable"), 0);
    m = roundtrip(m);
    assert_int_equal(usp_setresp_result_count(m), 2);

    assert_int_equal(usp_setresp_result(m, 0, &r), 0);
    assert_string_equal(r.requested_path, "Device.WiFi.SSID.1.");
    assert_int_equal(r.status, USP_OPER_SUCCESS);
    assert_int_equal(r.err_code, 0);
    assert_string_equal(r.path, "");
    assert_int_equal(usp_setresp_inst_count(m, 0), 1);
    assert_string_equal(usp_setresp_inst(m, 0, 0), "Device.WiFi.SSID.1.");
    assert_null(usp_setresp_inst(m, 0, 1));
    assert_int_equal(usp_setresp_updated_param_count(m, 0, 0), 1);
    assert_int_equal(usp_setresp_updated_param(m, 0, 0, 0, &k, &v), 0);
    assert_string_equal(k, "SSID");
    assert_string_equal(v, "home");
    assert_int_equal(usp_setresp_param_err_count(m, 0, 0), 1);
    assert_int_equal(usp_setresp_param_err(m, 0, 0, 0, &k, &code, &msg), 0);
    assert_string_equal(k, "Channel");
    assert_int_equal(code, 7012);
    assert_string_equal(msg, "Invalid value");
    assert_int_equal(usp_setresp_param_err(m, 0, 0, 1, &k, &code, &msg), -1);

    assert_int_equal(usp_setresp_result(m, 1, &r), 0);
    assert_string_equal(r.requested_path, "Device.Time.");
    assert_int_equal(r.status, USP_OPER_FAILURE);
    assert_int_equal(r.err_code, 7020);
    assert_string_equal(r.err_msg, "Object not updated");
    assert_int_equal(usp_setresp_inst_count(m, 1), 1); /* updated_inst_failures */
    assert_string_equal(usp_setresp_inst(m, 1, 0), "Device.Time.");
    assert_int_equal(usp_setresp_updated_param_count(m, 1, 0), 0);
    assert_int_equal(usp_setresp_param_err_count(m, 1, 0), 1);
    assert_int_equal(usp_setresp_param_err(m, 1, 0, 0, &k, &code, NULL), 0);
    assert_string_equal(k, "NTPServer1");
    assert_int_equal(code, 7013);

    assert_int_equal(usp_setresp_result(m, 2, &r), -1);
    assert_string_equal(r.requested_path, "");
    assert_int_equal(r.status, USP_OPER_STATUS_UNSET);
    assert_int_equal(usp_setresp_result(m, 0, NULL), 0);
    usp_msg_free(m);
}

static void test_addresp(void **state)
{
    struct usp_msg *m = usp_addresp_new("add-1");
    struct usp_oper_result r;
    const char *k, *v, *msg;
    uint32_t code;
    (void)state;
    assert_int_equal(usp_addresp_add_success(m, "Device.IP.Interface.", "Device.IP.Interface.4."),
                     0);
    assert_int_equal(usp_addresp_add_unique_key(m, "Alias", "cpe-4"), 0);
    assert_int_equal(usp_addresp_add_param_err(m, "Name", 7012, "bad"), 0);
    assert_int_equal(usp_addresp_add_failure(m, "Device.Nope.", 7026, "Invalid path"), 0);
    assert_int_equal(usp_addresp_add_unique_key(m, "Alias", "x"), -1);
    m = roundtrip(m);
    assert_int_equal(usp_addresp_result_count(m), 2);
    assert_int_equal(usp_addresp_result(m, 0, &r), 0);
    assert_string_equal(r.requested_path, "Device.IP.Interface.");
    assert_int_equal(r.status, USP_OPER_SUCCESS);
    assert_string_equal(r.path, "Device.IP.Interface.4.");
    assert_int_equal(usp_addresp_unique_key_count(m, 0), 1);
    assert_int_equal(usp_addresp_unique_key(m, 0, 0, &k, &v), 0);
    assert_string_equal(k, "Alias");
    assert_string_equal(v, "cpe-4");
    assert_int_equal(usp_addresp_param_err_count(m, 0), 1);
    assert_int_equal(usp_addresp_param_err(m, 0, 0, &k, &code, &msg), 0);
    assert_string_equal(k, "Name");
    assert_int_equal(code, 7012);
    assert_string_equal(msg, "bad");

    assert_int_equal(usp_addresp_result(m, 1, &r), 0);
    assert_int_equal(r.status, USP_OPER_FAILURE);
    assert_int_equal(r.err_code, 7026);
    assert_string_equal(r.err_msg, "Invalid path");
    assert_string_equal(r.path, "");
    assert_int_equal(usp_addresp_unique_key_count(m, 1), 0);
    assert_int_equal(usp_addresp_param_err_count(m, 1), 0);
    assert_int_equal(usp_addresp_unique_key(m, 1, 0, &k, &v), -1);
    assert_int_equal(usp_addresp_param_err(m, 1, 0, &k, &code, &msg), -1);
    assert_int_equal(usp_addresp_result(m, 2, &r), -1);
    usp_msg_free(m);
}

static void test_deleteresp(void **state)
{
    struct usp_msg *m = usp_deleteresp_new("del-1");
    struct usp_oper_result r;
    const char *path, *msg;
    uint32_t code;
    (void)state;
    assert_int_equal(usp_deleteresp_add_success(m, "Device.IP.Interface.*."), 0);
    assert_int_equal(usp_deleteresp_add_affected_path(m, "Device.IP.Interface.3."), 0);
    assert_int_equal(
        usp_deleteresp_add_unaffected_path_err(m, "Device.IP.Interface.1.", 7024, "Delete failure"),
        0);
    assert_int_equal(usp_deleteresp_add_failure(m, "Device.X.", 7016, NULL), 0);
    m = roundtrip(m);
    assert_int_equal(usp_deleteresp_result_count(m), 2);
    assert_int_equal(usp_deleteresp_result(m, 0, &r), 0);
    assert_string_equal(r.requested_path, "Device.IP.Interface.*.");
    assert_int_equal(r.status, USP_OPER_SUCCESS);
    assert_int_equal(usp_deleteresp_affected_path_count(m, 0), 1);
    assert_string_equal(usp_deleteresp_affected_path(m, 0, 0), "Device.IP.Interface.3.");
    assert_null(usp_deleteresp_affected_path(m, 0, 1));
    assert_int_equal(usp_deleteresp_unaffected_path_err_count(m, 0), 1);
    assert_int_equal(usp_deleteresp_unaffected_path_err(m, 0, 0, &path, &code, &msg), 0);
    assert_string_equal(path, "Device.IP.Interface.1.");
    assert_int_equal(code, 7024);
    assert_string_equal(msg, "Delete failure");
    assert_int_equal(usp_deleteresp_result(m, 1, &r), 0);
    assert_int_equal(r.status, USP_OPER_FAILURE);
    assert_int_equal(r.err_code, 7016);
    assert_string_equal(r.err_msg, "");
    assert_int_equal(usp_deleteresp_affected_path_count(m, 1), 0);
    assert_null(usp_deleteresp_affected_path(m, 1, 0));
    assert_int_equal(usp_deleteresp_unaffected_path_err(m, 1, 0, &path, &code, &msg), -1);
    usp_msg_free(m);
}

static void test_operateresp(void **state)
{
    struct usp_msg *m = usp_operateresp_new("op-1");
    struct usp_operate_result r;
    const char *k, *v;
    (void)state;
    assert_int_equal(usp_operateresp_add_req_obj_path(m, "Device.IP.Diagnostics.IPPing()",
                                                      "Device.LocalAgent.Request.1."),
                     0);
    assert_int_equal(usp_operateresp_add_output_arg(m, "a", "b"), -1); /* not output args */
    assert_int_equal(usp_operateresp_add_output_args(m, "Device.Sync()"), 0);
    assert_int_equal(usp_operateresp_add_output_arg(m, "Result", "ok"), 0);
    assert_int_equal(usp_operateresp_add_cmd_failure(m, "Device.Boom()", 7022, "failed"), 0);
    m = roundtrip(m);
    assert_int_equal(usp_operateresp_result_count(m), 3);
    assert_int_equal(usp_operateresp_result(m, 0, &r), 0);
    assert_string_equal(r.executed_command, "Device.IP.Diagnostics.IPPing()");
    assert_int_equal(r.outcome, USP_OPERATE_REQ_OBJ_PATH);
    assert_string_equal(r.req_obj_path, "Device.LocalAgent.Request.1.");
    assert_int_equal(usp_operateresp_output_arg_count(m, 0), 0);
    assert_int_equal(usp_operateresp_result(m, 1, &r), 0);
    assert_int_equal(r.outcome, USP_OPERATE_OUTPUT_ARGS);
    assert_string_equal(r.req_obj_path, "");
    assert_int_equal(usp_operateresp_output_arg_count(m, 1), 1);
    assert_int_equal(usp_operateresp_output_arg(m, 1, 0, &k, &v), 0);
    assert_string_equal(k, "Result");
    assert_string_equal(v, "ok");
    assert_int_equal(usp_operateresp_output_arg(m, 1, 1, &k, &v), -1);
    assert_int_equal(usp_operateresp_result(m, 2, &r), 0);
    assert_string_equal(r.executed_command, "Device.Boom()");
    assert_int_equal(r.outcome, USP_OPERATE_CMD_FAILURE);
    assert_int_equal(r.err_code, 7022);
    assert_string_equal(r.err_msg, "failed");
    assert_int_equal(usp_operateresp_output_arg(m, 2, 0, &k, &v), -1);
    assert_int_equal(usp_operateresp_result(m, 3, &r), -1);
    assert_int_equal(r.outcome, USP_OPERATE_UNSET);
    assert_string_equal(r.executed_command, "");
    usp_msg_free(m);
}

static void test_small_responses(void **state)
{
    struct usp_msg *m = usp_notifyresp_new("n-1", "sub-1");
    struct usp_oper_result r;
    (void)state;
    m = roundtrip(m);
    assert_int_equal(usp_msg_type(m), USP_MSG_NOTIFY_RESP);
    assert_string_equal(usp_notifyresp_subscription_id(m), "sub-1");
    usp_msg_free(m);

    m = roundtrip(usp_gspresp_new("gsp-1", USP_PROTO_VERSIONS));
    assert_int_equal(usp_msg_type(m), USP_MSG_GET_SUPPORTED_PROTO_RESP);
    assert_string_equal(usp_gsp_versions(m), "1.0,1.1,1.2,1.3,1.4");
    assert_string_equal(usp_gspresp_versions(m), "1.0,1.1,1.2,1.3,1.4");
    usp_msg_free(m);
    m = usp_gsp_new("gsp-2", "1.3");
    assert_string_equal(usp_gspresp_versions(m), ""); /* the request is not the response */
    usp_msg_free(m);

    m = usp_registerresp_new("reg-1");
    assert_int_equal(usp_registerresp_add_success(m, "Device.A.", "Device.A.1."), 0);
    assert_int_equal(usp_registerresp_add_failure(m, "Device.B.", 7029, "taken"), 0);
    m = roundtrip(m);
    assert_int_equal(usp_registerresp_result_count(m), 2);
    assert_int_equal(usp_registerresp_result(m, 0, &r), 0);
    assert_string_equal(r.requested_path, "Device.A.");
    assert_int_equal(r.status, USP_OPER_SUCCESS);
    assert_string_equal(r.path, "Device.A.1.");
    assert_int_equal(usp_registerresp_result(m, 1, &r), 0);
    assert_string_equal(r.requested_path, "Device.B.");
    assert_int_equal(r.status, USP_OPER_FAILURE);
    assert_int_equal(r.err_code, 7029);
    assert_string_equal(r.err_msg, "taken");
    assert_int_equal(usp_registerresp_result(m, 2, &r), -1);
    usp_msg_free(m);

    m = usp_deregisterresp_new("dereg-1");
    assert_int_equal(usp_deregisterresp_add_success(m, ""), 0);
    assert_int_equal(usp_deregisterresp_add_path(m, "Device.A."), 0);
    assert_int_equal(usp_deregisterresp_add_path(m, "Device.B."), 0);
    assert_int_equal(usp_deregisterresp_add_failure(m, "Device.C.", 7030, "nope"), 0);
    assert_int_equal(usp_deregisterresp_add_path(m, "Device.D."), -1); /* failure last */
    m = roundtrip(m);
    assert_int_equal(usp_deregisterresp_result_count(m), 2);
    assert_int_equal(usp_deregisterresp_result(m, 0, &r), 0);
    assert_string_equal(r.requested_path, "");
    assert_int_equal(r.status, USP_OPER_SUCCESS);
    assert_int_equal(usp_deregisterresp_path_count(m, 0), 2);
    assert_string_equal(usp_deregisterresp_path(m, 0, 0), "Device.A.");
    assert_string_equal(usp_deregisterresp_path(m, 0, 1), "Device.B.");
    assert_null(usp_deregisterresp_path(m, 0, 2));
    assert_int_equal(usp_deregisterresp_result(m, 1, &r), 0);
    assert_int_equal(r.status, USP_OPER_FAILURE);
    assert_int_equal(r.err_code, 7030);
    assert_string_equal(r.err_msg, "nope");
    assert_int_equal(usp_deregisterresp_path_count(m, 1), 0);
    assert_null(usp_deregisterresp_path(m, 1, 0));
    usp_msg_free(m);
}

static void test_error(void **state)
{
    struct usp_msg *m = usp_error_new("set-9", USP_ERR_INVALID_ARGUMENTS, NULL);
    const char *path, *msg;
    uint32_t code;
    (void)state;
    assert_int_equal(
        usp_error_add_param_err(m, "Device.X.Y", USP_ERR_PARAM_NOT_WRITEABLE, "read-only"), 0);
    assert_int_equal(usp_error_add_param_err(m, "Device.X.Z", USP_ERR_INVALID_TYPE, NULL), 0);
    m = roundtrip(m);
    assert_int_equal(usp_msg_type(m), USP_MSG_ERROR);
    assert_string_equal(usp_msg_id(m), "set-9");
    assert_int_equal(usp_error_code(m), 7004);
    assert_string_equal(usp_error_text(m), usp_err_message(7004)); /* default text */
    assert_int_equal(usp_error_param_count(m), 2);
    assert_int_equal(usp_error_param(m, 0, &path, &code, &msg), 0);
    assert_string_equal(path, "Device.X.Y");
    assert_int_equal(code, 7013);
    assert_string_equal(msg, "read-only");
    assert_int_equal(usp_error_param(m, 1, &path, &code, &msg), 0);
    assert_string_equal(msg, usp_err_message(7011));
    assert_int_equal(usp_error_param(m, 2, &path, &code, &msg), -1);
    usp_msg_free(m);
}

static void test_notify_kinds(void **state)
{
    struct usp_notify_view v;
    struct usp_msg *m;
    const char *k, *val;
    (void)state;

    m = usp_notify_event_new("n1", "sub-boot", 1, "Device.", "Boot!");
    assert_int_equal(usp_notify_add_param(m, "CommandKey", "ck"), 0);
    assert_int_equal(usp_notify_add_param(m, "Cause", "LocalReboot"), 0);
    m = roundtrip(m);
    assert_int_equal(usp_notify_view(m, &v), 0);
    assert_int_equal(v.kind, USP_NOTIFY_EVENT);
    assert_string_equal(v.subscription_id, "sub-boot");
    assert_true(v.send_resp);
    assert_string_equal(v.obj_path, "Device.");
    assert_string_equal(v.name, "Boot!");
    assert_int_equal(usp_notify_param_count(m), 2);
    assert_int_equal(usp_notify_param(m, 1, &k, &val), 0);
    assert_string_equal(k, "Cause");
    assert_string_equal(val, "LocalReboot");
    usp_msg_free(m);

    m = roundtrip(usp_notify_value_change_new("n2", "sub-vc", 0, "Device.X.Y", "42"));
    assert_int_equal(usp_notify_view(m, &v), 0);
    assert_int_equal(v.kind, USP_NOTIFY_VALUE_CHANGE);
    assert_false(v.send_resp);
    assert_string_equal(v.param_path, "Device.X.Y");
    assert_string_equal(v.param_value, "42");
    assert_int_equal(usp_notify_param_count(m), 0);
    usp_msg_free(m);

    m = usp_notify_obj_creation_new("n3", "sub-oc", 1, "Device.IP.Interface.5.");
    assert_int_equal(usp_notify_add_param(m, "Alias", "cpe-5"), 0);
    m = roundtrip(m);
    assert_int_equal(usp_notify_view(m, &v), 0);
    assert_int_equal(v.kind, USP_NOTIFY_OBJ_CREATION);
    assert_string_equal(v.obj_path, "Device.IP.Interface.5.");
    assert_int_equal(usp_notify_param(m, 0, &k, &val), 0);
    assert_string_equal(val, "cpe-5");
    usp_msg_free(m);

    m = usp_notify_obj_deletion_new("n4", "sub-od", 1, "Device.IP.Interface.5.");
    assert_int_equal(usp_notify_add_param(m, "a", "b"), -1); /* no map */
    m = roundtrip(m);
    assert_int_equal(usp_notify_view(m, &v), 0);
    assert_int_equal(v.kind, USP_NOTIFY_OBJ_DELETION);
    assert_string_equal(v.obj_path, "Device.IP.Interface.5.");
    usp_msg_free(m);

    m = usp_notify_oper_complete_new("n5", "sub-op", 1, "Device.", "Reboot()", "ck-1");
    assert_int_equal(usp_notify_add_param(m, "Status", "Complete"), 0);
    m = roundtrip(m);
    assert_int_equal(usp_notify_view(m, &v), 0);
    assert_int_equal(v.kind, USP_NOTIFY_OPER_COMPLETE);
    assert_string_equal(v.name, "Reboot()");
    assert_string_equal(v.command_key, "ck-1");
    assert_false(v.oper_failed);
    assert_int_equal(usp_notify_param_count(m), 1);
    usp_msg_free(m);

    m = usp_notify_oper_failure_new("n6", "sub-op", 0, "Device.", "Download()", "ck-2", 7022,
                                    "download failed");
    assert_int_equal(usp_notify_add_param(m, "a", "b"), -1); /* a failure has no args */
    m = roundtrip(m);
    assert_int_equal(usp_notify_view(m, &v), 0);
    assert_true(v.oper_failed);
    assert_int_equal(v.err_code, 7022);
    assert_string_equal(v.err_msg, "download failed");
    usp_msg_free(m);

    m = roundtrip(usp_notify_on_board_new("n7", "", 1, "00D09E", "IGD", "SN42", "1.3,1.4"));
    assert_int_equal(usp_notify_view(m, &v), 0);
    assert_int_equal(v.kind, USP_NOTIFY_ON_BOARD_REQ);
    assert_string_equal(v.oui, "00D09E");
    assert_string_equal(v.product_class, "IGD");
    assert_string_equal(v.serial_number, "SN42");
    assert_string_equal(v.versions, "1.3,1.4");
    assert_string_equal(v.subscription_id, "");
    usp_msg_free(m);

    m = usp_get_new("g", 0);
    assert_int_equal(usp_notify_view(m, &v), -1);
    usp_msg_free(m);
}

/*
 * Every response accessor, run on m: counts must be 0, strings NULL and
 * readers -1 with their outs emptied. For messages of another kind.
 */
static void assert_no_response_content(const struct usp_msg *m)
{
    struct usp_oper_result r;
    struct usp_operate_result o;
    const char *s = "x", *t = "x";
    uint32_t code = 1;

    assert_int_equal(usp_getresp_path_result_count(m), 0);
    assert_int_equal(usp_getresp_path_result(m, 0, &s, &code, &t), -1);
    assert_string_equal(s, "");
    assert_int_equal(code, 0);
    assert_int_equal(usp_getresp_resolved_path_count(m, 0), 0);
    assert_null(usp_getresp_resolved_path(m, 0, 0));
    assert_int_equal(usp_getresp_result_param_count(m, 0, 0), 0);
    assert_int_equal(usp_getresp_result_param(m, 0, 0, 0, &s, &t), -1);
    assert_int_equal(usp_getinstresp_path_result_count(m), 0);
    assert_int_equal(usp_getinstresp_path_result(m, 0, &s, &code, &t), -1);
    assert_int_equal(usp_getinstresp_curr_inst_count(m, 0), 0);
    assert_null(usp_getinstresp_curr_inst(m, 0, 0));
    assert_int_equal(usp_getinstresp_unique_key_count(m, 0, 0), 0);
    assert_int_equal(usp_getinstresp_unique_key(m, 0, 0, 0, &s, &t), -1);
    assert_int_equal(usp_gsdmresp_req_obj_result_count(m), 0);
    assert_int_equal(usp_gsdmresp_req_obj_result(m, 0, &s, &code, &t, NULL), -1);
    assert_int_equal(usp_gsdmresp_supported_obj_count(m, 0), 0);
    assert_int_equal(usp_gsdmresp_supported_obj(m, 0, 0, &s, NULL, NULL), -1);
    assert_int_equal(usp_gsdmresp_param_count(m, 0, 0), 0);
    assert_int_equal(usp_gsdmresp_param(m, 0, 0, 0, &s, NULL, NULL, NULL), -1);
    assert_int_equal(usp_gsdmresp_command_count(m, 0, 0), 0);
    assert_int_equal(usp_gsdmresp_command(m, 0, 0, 0, &s, NULL), -1);
    assert_int_equal(usp_gsdmresp_command_input_arg_count(m, 0, 0, 0), 0);
    assert_null(usp_gsdmresp_command_input_arg(m, 0, 0, 0, 0));
    assert_int_equal(usp_gsdmresp_command_output_arg_count(m, 0, 0, 0), 0);
    assert_null(usp_gsdmresp_command_output_arg(m, 0, 0, 0, 0));
    assert_int_equal(usp_gsdmresp_event_count(m, 0, 0), 0);
    assert_null(usp_gsdmresp_event(m, 0, 0, 0));
    assert_int_equal(usp_gsdmresp_event_arg_count(m, 0, 0, 0), 0);
    assert_null(usp_gsdmresp_event_arg(m, 0, 0, 0, 0));
    assert_int_equal(usp_gsdmresp_divergent_path_count(m, 0, 0), 0);
    assert_null(usp_gsdmresp_divergent_path(m, 0, 0, 0));
    assert_int_equal(usp_gsdmresp_unique_key_set_count(m, 0, 0), 0);
    assert_int_equal(usp_gsdmresp_unique_key_count(m, 0, 0, 0), 0);
    assert_null(usp_gsdmresp_unique_key(m, 0, 0, 0, 0));
    assert_int_equal(usp_setresp_result_count(m), 0);
    assert_int_equal(usp_setresp_result(m, 0, &r), -1);
    assert_int_equal(r.status, USP_OPER_STATUS_UNSET);
    assert_int_equal(usp_setresp_inst_count(m, 0), 0);
    assert_null(usp_setresp_inst(m, 0, 0));
    assert_int_equal(usp_setresp_updated_param_count(m, 0, 0), 0);
    assert_int_equal(usp_setresp_updated_param(m, 0, 0, 0, &s, &t), -1);
    assert_int_equal(usp_setresp_param_err_count(m, 0, 0), 0);
    assert_int_equal(usp_setresp_param_err(m, 0, 0, 0, &s, &code, &t), -1);
    assert_int_equal(usp_addresp_result_count(m), 0);
    assert_int_equal(usp_addresp_result(m, 0, &r), -1);
    assert_int_equal(usp_addresp_unique_key_count(m, 0), 0);
    assert_int_equal(usp_addresp_unique_key(m, 0, 0, &s, &t), -1);
    assert_int_equal(usp_addresp_param_err_count(m, 0), 0);
    assert_int_equal(usp_addresp_param_err(m, 0, 0, &s, &code, &t), -1);
    assert_int_equal(usp_deleteresp_result_count(m), 0);
    assert_int_equal(usp_deleteresp_result(m, 0, &r), -1);
    assert_int_equal(usp_deleteresp_affected_path_count(m, 0), 0);
    assert_null(usp_deleteresp_affected_path(m, 0, 0));
    assert_int_equal(usp_deleteresp_unaffected_path_err_count(m, 0), 0);
    assert_int_equal(usp_deleteresp_unaffected_path_err(m, 0, 0, &s, &code, &t), -1);
    assert_int_equal(usp_operateresp_result_count(m), 0);
    assert_int_equal(usp_operateresp_result(m, 0, &o), -1);
    assert_int_equal(o.outcome, USP_OPERATE_UNSET);
    assert_int_equal(usp_operateresp_output_arg_count(m, 0), 0);
    assert_int_equal(usp_operateresp_output_arg(m, 0, 0, &s, &t), -1);
    assert_string_equal(usp_gspresp_versions(m), "");
    assert_string_equal(usp_notifyresp_subscription_id(m), "");
    assert_int_equal(usp_registerresp_result_count(m), 0);
    assert_int_equal(usp_registerresp_result(m, 0, &r), -1);
    assert_int_equal(usp_deregisterresp_result_count(m), 0);
    assert_int_equal(usp_deregisterresp_result(m, 0, &r), -1);
    assert_int_equal(usp_deregisterresp_path_count(m, 0), 0);
    assert_null(usp_deregisterresp_path(m, 0, 0));
}

static void test_accessors_other_kinds(void **state)
{
    struct usp_msg *m = usp_get_new("g-1", 0);
    (void)state;
    assert_int_equal(usp_get_add_path(m, "Device."), 0);
    assert_no_response_content(m);
    assert_no_response_content(NULL);
    usp_msg_free(m);
    m = roundtrip(usp_error_new("e-1", USP_ERR_INTERNAL_ERROR, NULL));
    assert_no_response_content(m);
    usp_msg_free(m);
    /* a response of one kind is empty to the accessors of another */
    m = usp_setresp_new("s-1");
    assert_int_equal(usp_setresp_add_success(m, "Device.A."), 0);
    assert_int_equal(usp_addresp_result_count(m), 0);
    assert_int_equal(usp_deleteresp_result_count(m), 0);
    assert_int_equal(usp_setresp_result_count(m), 1);
    usp_msg_free(m);
}

/* Packs a Msg whose Response body member resp_case is inner, and decodes it. */
static struct usp_msg *wire_resp(enum usp_msg_type type, Usp__Response__RespTypeCase resp_case,
                                 void *inner)
{
    Usp__Msg pb = USP__MSG__INIT;
    Usp__Header h = USP__HEADER__INIT;
    Usp__Body b = USP__BODY__INIT;
    Usp__Response resp = USP__RESPONSE__INIT;
    struct usp_msg *m = NULL;
    struct usp_diag diag;
    uint8_t *buf;
    size_t len;

    h.msg_id = "wire-1";
    h.msg_type = (Usp__Header__MsgType)type;
    resp.resp_type_case = resp_case;
    resp.get_resp = inner; /* every member of the union is a message pointer */
    b.msg_body_case = USP__BODY__MSG_BODY_RESPONSE;
    b.response = &resp;
    pb.header = &h;
    pb.body = &b;
    len = usp__msg__get_packed_size(&pb);
    buf = malloc(len);
    assert_non_null(buf);
    assert_int_equal(usp__msg__pack(&pb, buf), len);
    if (usp_msg_decode(buf, len, &m, &diag) != 0)
        fail_msg("decode failed: %d %s", diag.code, diag.text);
    free(buf);
    assert_int_equal(usp_msg_type(m), type);
    return m;
}

/* Set, Add, Delete, Register, Deregister results without OperationStatus. */
static void test_wire_missing_oper_status(void **state)
{
    Usp__SetResp set = USP__SET_RESP__INIT;
    Usp__SetResp__UpdatedObjectResult su[2] = {USP__SET_RESP__UPDATED_OBJECT_RESULT__INIT,
                                               USP__SET_RESP__UPDATED_OBJECT_RESULT__INIT};
    Usp__SetResp__UpdatedObjectResult *sp[2] = {&su[0], &su[1]};
    Usp__SetResp__UpdatedObjectResult__OperationStatus empty =
        USP__SET_RESP__UPDATED_OBJECT_RESULT__OPERATION_STATUS__INIT;
    Usp__AddResp add = USP__ADD_RESP__INIT;
    Usp__AddResp__CreatedObjectResult ac = USP__ADD_RESP__CREATED_OBJECT_RESULT__INIT, *acp = &ac;
    Usp__DeleteResp del = USP__DELETE_RESP__INIT;
    Usp__DeleteResp__DeletedObjectResult dd = USP__DELETE_RESP__DELETED_OBJECT_RESULT__INIT,
                                         *ddp = &dd;
    Usp__RegisterResp reg = USP__REGISTER_RESP__INIT;
    Usp__RegisterResp__RegisteredPathResult rr = USP__REGISTER_RESP__REGISTERED_PATH_RESULT__INIT,
                                            *rrp = &rr;
    Usp__DeregisterResp dereg = USP__DEREGISTER_RESP__INIT;
    Usp__DeregisterResp__DeregisteredPathResult dr =
        USP__DEREGISTER_RESP__DEREGISTERED_PATH_RESULT__INIT;
    Usp__DeregisterResp__DeregisteredPathResult *drp = &dr;
    struct usp_oper_result r;
    struct usp_msg *m;
    const char *k, *v;
    uint32_t code;
    (void)state;

    su[0].requested_path = "Device.A."; /* no oper_status at all */
    su[1].requested_path = "Device.B.";
    su[1].oper_status = &empty; /* present, but no member of the oneof */
    set.n_updated_obj_results = 2;
    set.updated_obj_results = sp;
    m = wire_resp(USP_MSG_SET_RESP, USP__RESPONSE__RESP_TYPE_SET_RESP, &set);
    assert_int_equal(usp_setresp_result_count(m), 2);
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(usp_setresp_result(m, i, &r), 0);
        assert_string_equal(r.requested_path, i ? "Device.B." : "Device.A.");
        assert_int_equal(r.status, USP_OPER_STATUS_UNSET);
        assert_int_equal(usp_setresp_inst_count(m, i), 0);
        assert_null(usp_setresp_inst(m, i, 0));
        assert_int_equal(usp_setresp_param_err(m, i, 0, 0, &k, &code, &v), -1);
        assert_int_equal(usp_setresp_updated_param(m, i, 0, 0, &k, &v), -1);
    }
    /* the builders must not take an unset oneof for a failure either */
    assert_int_equal(usp_setresp_add_inst(m, "Device.B.1."), -1);
    assert_int_equal(usp_setresp_add_param_err(m, "X", 7012, "x"), -1);
    usp_msg_free(m);

    ac.requested_path = "Device.C.";
    add.n_created_obj_results = 1;
    add.created_obj_results = &acp;
    m = wire_resp(USP_MSG_ADD_RESP, USP__RESPONSE__RESP_TYPE_ADD_RESP, &add);
    assert_int_equal(usp_addresp_result(m, 0, &r), 0);
    assert_string_equal(r.requested_path, "Device.C.");
    assert_int_equal(r.status, USP_OPER_STATUS_UNSET);
    assert_int_equal(usp_addresp_unique_key_count(m, 0), 0);
    assert_int_equal(usp_addresp_param_err_count(m, 0), 0);
    assert_int_equal(usp_addresp_add_unique_key(m, "a", "b"), -1);
    usp_msg_free(m);

    dd.requested_path = "Device.D.";
    del.n_deleted_obj_results = 1;
    del.deleted_obj_results = &ddp;
    m = wire_resp(USP_MSG_DELETE_RESP, USP__RESPONSE__RESP_TYPE_DELETE_RESP, &del);
    assert_int_equal(usp_deleteresp_result(m, 0, &r), 0);
    assert_int_equal(r.status, USP_OPER_STATUS_UNSET);
    assert_int_equal(usp_deleteresp_affected_path_count(m, 0), 0);
    assert_int_equal(usp_deleteresp_unaffected_path_err_count(m, 0), 0);
    usp_msg_free(m);

    rr.requested_path = "Device.E.";
    reg.n_registered_path_results = 1;
    reg.registered_path_results = &rrp;
    m = wire_resp(USP_MSG_REGISTER_RESP, USP__RESPONSE__RESP_TYPE_REGISTER_RESP, &reg);
    assert_int_equal(usp_registerresp_result(m, 0, &r), 0);
    assert_string_equal(r.requested_path, "Device.E.");
    assert_int_equal(r.status, USP_OPER_STATUS_UNSET);
    assert_string_equal(r.path, "");
    usp_msg_free(m);

    dr.requested_path = "Device.F.";
    dereg.n_deregistered_path_results = 1;
    dereg.deregistered_path_results = &drp;
    m = wire_resp(USP_MSG_DEREGISTER_RESP, USP__RESPONSE__RESP_TYPE_DEREGISTER_RESP, &dereg);
    assert_int_equal(usp_deregisterresp_result(m, 0, &r), 0);
    assert_int_equal(r.status, USP_OPER_STATUS_UNSET);
    assert_int_equal(usp_deregisterresp_path_count(m, 0), 0);
    assert_int_equal(usp_deregisterresp_add_path(m, "Device.F."), -1);
    usp_msg_free(m);
}

/* An OperateResp result with no oneof member, and enum values from outside the enums. */
static void test_wire_unset_oneof_and_enums(void **state)
{
    Usp__OperateResp op = USP__OPERATE_RESP__INIT;
    Usp__OperateResp__OperationResult res = USP__OPERATE_RESP__OPERATION_RESULT__INIT, *resp = &res;
    Usp__GetSupportedDMResp gsdm = USP__GET_SUPPORTED_DMRESP__INIT;
    Usp__GetSupportedDMResp__RequestedObjectResult ror =
        USP__GET_SUPPORTED_DMRESP__REQUESTED_OBJECT_RESULT__INIT;
    Usp__GetSupportedDMResp__RequestedObjectResult *rorp = &ror;
    Usp__GetSupportedDMResp__SupportedObjectResult sor =
        USP__GET_SUPPORTED_DMRESP__SUPPORTED_OBJECT_RESULT__INIT;
    Usp__GetSupportedDMResp__SupportedObjectResult *sorp = &sor;
    Usp__GetSupportedDMResp__SupportedParamResult par =
        USP__GET_SUPPORTED_DMRESP__SUPPORTED_PARAM_RESULT__INIT;
    Usp__GetSupportedDMResp__SupportedParamResult *parp = &par;
    struct usp_operate_result r;
    enum usp_obj_access oa;
    enum usp_value_type vt;
    struct usp_msg *m;
    const char *k, *v;
    (void)state;

    res.executed_command = "Device.X()";
    op.n_operation_results = 1;
    op.operation_results = &resp;
    m = wire_resp(USP_MSG_OPERATE_RESP, USP__RESPONSE__RESP_TYPE_OPERATE_RESP, &op);
    assert_int_equal(usp_operateresp_result(m, 0, &r), 0);
    assert_string_equal(r.executed_command, "Device.X()");
    assert_int_equal(r.outcome, USP_OPERATE_UNSET);
    assert_string_equal(r.req_obj_path, "");
    assert_int_equal(usp_operateresp_output_arg_count(m, 0), 0);
    assert_int_equal(usp_operateresp_output_arg(m, 0, 0, &k, &v), -1);
    assert_int_equal(usp_operateresp_add_output_arg(m, "a", "b"), -1);
    usp_msg_free(m);

    sor.supported_obj_path = "Device.Y.";
    sor.access = (Usp__GetSupportedDMResp__ObjAccessType)99;
    par.param_name = "P";
    par.value_type = (Usp__GetSupportedDMResp__ParamValueType)1000;
    sor.n_supported_params = 1;
    sor.supported_params = &parp;
    ror.n_supported_objs = 1;
    ror.supported_objs = &sorp;
    gsdm.n_req_obj_results = 1;
    gsdm.req_obj_results = &rorp;
    m = wire_resp(USP_MSG_GET_SUPPORTED_DM_RESP, USP__RESPONSE__RESP_TYPE_GET_SUPPORTED_DM_RESP,
                  &gsdm);
    assert_int_equal(usp_gsdmresp_supported_obj(m, 0, 0, &k, &oa, NULL), 0);
    assert_string_equal(k, "Device.Y.");
    assert_int_equal(oa, 99); /* passed on as received */
    assert_int_equal(usp_gsdmresp_param(m, 0, 0, 0, &k, NULL, &vt, NULL), 0);
    assert_string_equal(k, "P");
    assert_int_equal(vt, 1000);
    usp_msg_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_getresp),
        cmocka_unit_test(test_gsdmresp),
        cmocka_unit_test(test_getinstresp),
        cmocka_unit_test(test_setresp),
        cmocka_unit_test(test_addresp),
        cmocka_unit_test(test_deleteresp),
        cmocka_unit_test(test_operateresp),
        cmocka_unit_test(test_small_responses),
        cmocka_unit_test(test_error),
        cmocka_unit_test(test_notify_kinds),
        cmocka_unit_test(test_accessors_other_kinds),
        cmocka_unit_test(test_wire_missing_oper_status),
        cmocka_unit_test(test_wire_unset_oneof_and_enums),
    };
    return cmocka_run_group_tests_name("usp_msg_resp", tests, NULL, NULL);
}
