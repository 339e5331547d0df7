/*
 * test_msg_resp.c - USP responses, Error and Notify: every builder is
 * built, encoded and decoded; fields are checked in the decoded protobuf
 * (responses have no accessors: the agent only sends them) or through the
 * accessors where they exist (Error, Notify, NotifyResp).
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

static const Usp__Response *resp(const struct usp_msg *m)
{
    const Usp__Msg *pb = usp_msg_pb(m);
    assert_int_equal(pb->body->msg_body_case, USP__BODY__MSG_BODY_RESPONSE);
    return pb->body->response;
}

static void test_getresp(void **state)
{
    struct usp_msg *m = usp_getresp_new("get-1");
    const Usp__GetResp *r;
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
    r = resp(m)->get_resp;
    assert_int_equal(r->n_req_path_results, 2);
    assert_string_equal(r->req_path_results[0]->requested_path, "Device.DeviceInfo.");
    assert_int_equal(r->req_path_results[0]->n_resolved_path_results, 1);
    assert_int_equal(r->req_path_results[0]->resolved_path_results[0]->n_result_params, 2);
    assert_string_equal(r->req_path_results[0]->resolved_path_results[0]->result_params[1]->key,
                        "SerialNumber");
    assert_string_equal(r->req_path_results[0]->resolved_path_results[0]->result_params[1]->value,
                        "S1");
    assert_int_equal(r->req_path_results[1]->err_code, 7026);
    assert_string_equal(r->req_path_results[1]->err_msg, "Invalid path");
    usp_msg_free(m);
}

static void test_gsdmresp(void **state)
{
    struct usp_msg *m = usp_gsdmresp_new("gsdm-1");
    const Usp__GetSupportedDMResp__SupportedObjectResult *o;
    (void)state;
    assert_int_equal(usp_gsdmresp_add_req_obj_result(m, "Device.", 0, NULL,
                                                     "urn:broadband-forum-org:tr-181-2-18-0"),
                     0);
    assert_int_equal(
        usp_gsdmresp_add_supported_obj(m, "Device.IP.Interface.{i}.", USP_OBJ_ADD_DELETE, 1), 0);
    assert_int_equal(
        usp_gsdmresp_add_param(m, "Enable", USP_PARAM_READ_WRITE, USP_VT_BOOLEAN, USP_VC_ALLOWED),
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
    m = roundtrip(m);
    assert_int_equal(resp(m)->get_supported_dm_resp->n_req_obj_results, 1);
    assert_string_equal(resp(m)->get_supported_dm_resp->req_obj_results[0]->data_model_inst_uri,
                        "urn:broadband-forum-org:tr-181-2-18-0");
    o = resp(m)->get_supported_dm_resp->req_obj_results[0]->supported_objs[0];
    assert_string_equal(o->supported_obj_path, "Device.IP.Interface.{i}.");
    assert_int_equal(o->access, USP_OBJ_ADD_DELETE);
    assert_true(o->is_multi_instance);
    assert_int_equal(o->supported_params[0]->access, USP_PARAM_READ_WRITE);
    assert_int_equal(o->supported_params[0]->value_type, USP_VT_BOOLEAN);
    assert_int_equal(o->supported_params[0]->value_change, USP_VC_ALLOWED);
    assert_string_equal(o->supported_commands[0]->command_name, "Reset()");
    assert_int_equal(o->supported_commands[0]->command_type, USP_CMD_SYNC);
    assert_string_equal(o->supported_commands[0]->input_arg_names[0], "Delay");
    assert_string_equal(o->supported_commands[0]->output_arg_names[0], "Status");
    assert_string_equal(o->supported_events[0]->event_name, "Changed!");
    assert_string_equal(o->supported_events[0]->arg_names[0], "Old");
    assert_string_equal(o->divergent_paths[0], "Device.IP.Interface.2.");
    assert_int_equal(o->n_unique_key_sets, 1);
    assert_int_equal(o->unique_key_sets[0]->n_key_names, 2);
    assert_string_equal(o->unique_key_sets[0]->key_names[1], "Name");
    usp_msg_free(m);
}

static void test_getinstresp(void **state)
{
    struct usp_msg *m = usp_getinstresp_new("gi-1");
    const Usp__GetInstancesResp__RequestedPathResult *p;
    (void)state;
    assert_int_equal(usp_getinstresp_add_path_result(m, "Device.IP.Interface.", 0, NULL), 0);
    assert_int_equal(usp_getinstresp_add_unique_key(m, "Alias", "x"), -1);
    assert_int_equal(usp_getinstresp_add_curr_inst(m, "Device.IP.Interface.1."), 0);
    assert_int_equal(usp_getinstresp_add_unique_key(m, "Alias", "cpe-1"), 0);
    assert_int_equal(usp_getinstresp_add_curr_inst(m, "Device.IP.Interface.2."), 0);
    m = roundtrip(m);
    p = resp(m)->get_instances_resp->req_path_results[0];
    assert_int_equal(p->n_curr_insts, 2);
    assert_string_equal(p->curr_insts[0]->instantiated_obj_path, "Device.IP.Interface.1.");
    assert_string_equal(p->curr_insts[0]->unique_keys[0]->value, "cpe-1");
    assert_int_equal(p->curr_insts[1]->n_unique_keys, 0);
    usp_msg_free(m);
}

static void test_setresp(void **state)
{
    struct usp_msg *m = usp_setresp_new("set-1");
    const Usp__SetResp *r;
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
    r = resp(m)->set_resp;
    assert_int_equal(r->n_updated_obj_results, 2);
    {
        const Usp__SetResp__UpdatedObjectResult__OperationStatus *s =
            r->updated_obj_results[0]->oper_status;
        assert_int_equal(
            s->oper_status_case,
            USP__SET_RESP__UPDATED_OBJECT_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_SUCCESS);
        assert_string_equal(s->oper_success->updated_inst_results[0]->affected_path,
                            "Device.WiFi.SSID.1.");
        assert_string_equal(s->oper_success->updated_inst_results[0]->updated_params[0]->key,
                            "SSID");
        assert_int_equal(s->oper_success->updated_inst_results[0]->param_errs[0]->err_code, 7012);
    }
    {
        const Usp__SetResp__UpdatedObjectResult__OperationStatus *s =
            r->updated_obj_results[1]->oper_status;
        assert_int_equal(s->oper_failure->err_code, 7020);
        assert_string_equal(s->oper_failure->updated_inst_failures[0]->affected_path,
                            "Device.Time.");
        assert_string_equal(s->oper_failure->updated_inst_failures[0]->param_errs[0]->param,
                            "NTPServer1");
    }
    usp_msg_free(m);
}

static void test_addresp(void **state)
{
    struct usp_msg *m = usp_addresp_new("add-1");
    const Usp__AddResp *r;
    (void)state;
    assert_int_equal(usp_addresp_add_success(m, "Device.IP.Interface.", "Device.IP.Interface.4."),
                     0);
    assert_int_equal(usp_addresp_add_unique_key(m, "Alias", "cpe-4"), 0);
    assert_int_equal(usp_addresp_add_param_err(m, "Name", 7012, "bad"), 0);
    assert_int_equal(usp_addresp_add_failure(m, "Device.Nope.", 7026, "Invalid path"), 0);
    assert_int_equal(usp_addresp_add_unique_key(m, "Alias", "x"), -1);
    m = roundtrip(m);
    r = resp(m)->add_resp;
    assert_int_equal(r->n_created_obj_results, 2);
    assert_string_equal(r->created_obj_results[0]->oper_status->oper_success->instantiated_path,
                        "Device.IP.Interface.4.");
    assert_string_equal(r->created_obj_results[0]->oper_status->oper_success->unique_keys[0]->value,
                        "cpe-4");
    assert_int_equal(r->created_obj_results[0]->oper_status->oper_success->param_errs[0]->err_code,
                     7012);
    assert_int_equal(r->created_obj_results[1]->oper_status->oper_failure->err_code, 7026);
    usp_msg_free(m);
}

static void test_deleteresp(void **state)
{
    struct usp_msg *m = usp_deleteresp_new("del-1");
    const Usp__DeleteResp *r;
    (void)state;
    assert_int_equal(usp_deleteresp_add_success(m, "Device.IP.Interface.*."), 0);
    assert_int_equal(usp_deleteresp_add_affected_path(m, "Device.IP.Interface.3."), 0);
    assert_int_equal(
        usp_deleteresp_add_unaffected_path_err(m, "Device.IP.Interface.1.", 7024, "Delete failure"),
        0);
    assert_int_equal(usp_deleteresp_add_failure(m, "Device.X.", 7016, NULL), 0);
    m = roundtrip(m);
    r = resp(m)->delete_resp;
    assert_string_equal(r->deleted_obj_results[0]->oper_status->oper_success->affected_paths[0],
                        "Device.IP.Interface.3.");
    assert_string_equal(r->deleted_obj_results[0]
                            ->oper_status->oper_success->unaffected_path_errs[0]
                            ->unaffected_path,
                        "Device.IP.Interface.1.");
    assert_int_equal(r->deleted_obj_results[1]->oper_status->oper_failure->err_code, 7016);
    assert_string_equal(r->deleted_obj_results[1]->oper_status->oper_failure->err_msg, "");
    usp_msg_free(m);
}

static void test_operateresp(void **state)
{
    struct usp_msg *m = usp_operateresp_new("op-1");
    const Usp__OperateResp *r;
    (void)state;
    assert_int_equal(usp_operateresp_add_req_obj_path(m, "Device.IP.Diagnostics.IPPing()",
                                                      "Device.LocalAgent.Request.1."),
                     0);
    assert_int_equal(usp_operateresp_add_output_arg(m, "a", "b"), -1); /* not output args */
    assert_int_equal(usp_operateresp_add_output_args(m, "Device.Sync()"), 0);
    assert_int_equal(usp_operateresp_add_output_arg(m, "Result", "ok"), 0);
    assert_int_equal(usp_operateresp_add_cmd_failure(m, "Device.Boom()", 7022, "failed"), 0);
    m = roundtrip(m);
    r = resp(m)->operate_resp;
    assert_int_equal(r->n_operation_results, 3);
    assert_int_equal(r->operation_results[0]->operation_resp_case,
                     USP__OPERATE_RESP__OPERATION_RESULT__OPERATION_RESP_REQ_OBJ_PATH);
    assert_string_equal(r->operation_results[0]->req_obj_path, "Device.LocalAgent.Request.1.");
    assert_string_equal(r->operation_results[1]->req_output_args->output_args[0]->value, "ok");
    assert_int_equal(r->operation_results[2]->cmd_failure->err_code, 7022);
    assert_string_equal(r->operation_results[2]->executed_command, "Device.Boom()");
    usp_msg_free(m);
}

static void test_small_responses(void **state)
{
    struct usp_msg *m = usp_notifyresp_new("n-1", "sub-1");
    (void)state;
    m = roundtrip(m);
    assert_int_equal(usp_msg_type(m), USP_MSG_NOTIFY_RESP);
    assert_string_equal(usp_notifyresp_subscription_id(m), "sub-1");
    usp_msg_free(m);

    m = roundtrip(usp_gspresp_new("gsp-1", USP_PROTO_VERSIONS));
    assert_int_equal(usp_msg_type(m), USP_MSG_GET_SUPPORTED_PROTO_RESP);
    assert_string_equal(usp_gsp_versions(m), "1.0,1.1,1.2,1.3,1.4");
    usp_msg_free(m);

    m = usp_registerresp_new("reg-1");
    assert_int_equal(usp_registerresp_add_success(m, "Device.A.", "Device.A."), 0);
    assert_int_equal(usp_registerresp_add_failure(m, "Device.B.", 7029, "taken"), 0);
    m = roundtrip(m);
    assert_string_equal(resp(m)
                            ->register_resp->registered_path_results[0]
                            ->oper_status->oper_success->registered_path,
                        "Device.A.");
    assert_int_equal(
        resp(m)->register_resp->registered_path_results[1]->oper_status->oper_failure->err_code,
        7029);
    usp_msg_free(m);

    m = usp_deregisterresp_new("dereg-1");
    assert_int_equal(usp_deregisterresp_add_success(m, ""), 0);
    assert_int_equal(usp_deregisterresp_add_path(m, "Device.A."), 0);
    assert_int_equal(usp_deregisterresp_add_path(m, "Device.B."), 0);
    assert_int_equal(usp_deregisterresp_add_failure(m, "Device.C.", 7030, "nope"), 0);
    assert_int_equal(usp_deregisterresp_add_path(m, "Device.D."), -1); /* failure last */
    m = roundtrip(m);
    assert_int_equal(resp(m)
                         ->deregister_resp->deregistered_path_results[0]
                         ->oper_status->oper_success->n_deregistered_path,
                     2);
    assert_int_equal(
        resp(m)->deregister_resp->deregistered_path_results[1]->oper_status->oper_failure->err_code,
        7030);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_getresp),     cmocka_unit_test(test_gsdmresp),
        cmocka_unit_test(test_getinstresp), cmocka_unit_test(test_setresp),
        cmocka_unit_test(test_addresp),     cmocka_unit_test(test_deleteresp),
        cmocka_unit_test(test_operateresp), cmocka_unit_test(test_small_responses),
        cmocka_unit_test(test_error),       cmocka_unit_test(test_notify_kinds),
    };
    return cmocka_run_group_tests_name("usp_msg_resp", tests, NULL, NULL);
}
