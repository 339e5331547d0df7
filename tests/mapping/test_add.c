/*
 * test_add.c - USP Add and Delete answers from CWMP outcomes
 * (mapping/add.c, mapping/delete.c): AddResp / DeleteResp per requested
 * path, and the Error of allow_partial false (TR-369 "Add", "Delete").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mapping/mapping.h"
#include "usp/usp.h"

static const char *const key_n[] = {"Alias"};
static const char *const key_v[] = {"pm-1"};

static void test_add_success_with_keys_and_param_errs(void **state)
{
    struct map_param_err p[] = {{"Description", 0, NULL}, {"ExternalPort", 7012, "out of range"}};
    struct map_add_outcome o = {
        "Device.NAT.PortMapping.", "Device.NAT.PortMapping.3.", 0, NULL, p, 2, key_n, key_v, 1};
    struct usp_msg *m = NULL;
    struct usp_oper_result r;
    const char *a, *b;
    uint32_t code;
    (void)state;

    assert_int_equal(map_add_response("m1", 1, &o, 1, &m), 0);
    assert_int_equal(usp_msg_type(m), USP_MSG_ADD_RESP);
    assert_int_equal(usp_addresp_result_count(m), 1);
    assert_int_equal(usp_addresp_result(m, 0, &r), 0);
    assert_int_equal(r.status, USP_OPER_SUCCESS);
    assert_string_equal(r.requested_path, "Device.NAT.PortMapping.");
    assert_string_equal(r.path, "Device.NAT.PortMapping.3.");
    assert_int_equal(usp_addresp_unique_key_count(m, 0), 1);
    assert_int_equal(usp_addresp_unique_key(m, 0, 0, &a, &b), 0);
    assert_string_equal(a, "Alias");
    assert_string_equal(b, "pm-1");
    /* only the failed setting is a param_err */
    assert_int_equal(usp_addresp_param_err_count(m, 0), 1);
    assert_int_equal(usp_addresp_param_err(m, 0, 0, &a, &code, &b), 0);
    assert_string_equal(a, "ExternalPort");
    assert_int_equal(code, 7012);
    assert_string_equal(b, "out of range");
    usp_msg_free(m);
}

static void test_add_partial_failure_per_object(void **state)
{
    struct map_add_outcome o[] = {
        {"Device.NAT.PortMapping.", "Device.NAT.PortMapping.4.", 0, NULL, NULL, 0, NULL, NULL, 0},
        {"Device.DeviceInfo.", NULL, 7026, "not a table", NULL, 0, NULL, NULL, 0},
    };
    struct usp_msg *m = NULL;
    struct usp_oper_result r;
    (void)state;

    assert_int_equal(map_add_response("m2", 1, o, 2, &m), 0);
    assert_int_equal(usp_addresp_result_count(m), 2);
    assert_int_equal(usp_addresp_result(m, 0, &r), 0);
    assert_int_equal(r.status, USP_OPER_SUCCESS);
    assert_int_equal(usp_addresp_result(m, 1, &r), 0);
    assert_int_equal(r.status, USP_OPER_FAILURE);
    assert_int_equal(r.err_code, 7026);
    assert_string_equal(r.err_msg, "not a table");
    usp_msg_free(m);
}

static void test_add_holistic_error(void **state)
{
    struct map_param_err p[] = {{"Description", 0, NULL}, {"ExternalPort", 7012, "range"}};
    struct map_add_outcome o[] = {
        /* fine itself but undone with the rest: not in the Error */
        {"Device.NAT.PortMapping.", "Device.NAT.PortMapping.5.", 0, NULL, NULL, 0, NULL, NULL, 0},
        {"Device.NAT.PortMapping.", "Device.NAT.PortMapping.6.", 7021, "required failed", p, 2,
         NULL, NULL, 0},
        {"Device.Foo.", NULL, 7016, "no such object", NULL, 0, NULL, NULL, 0},
    };
    struct usp_msg *m = NULL;
    const char *path, *msg;
    uint32_t code;
    (void)state;

    assert_int_equal(map_add_response("m3", 0, o, 3, &m), 0);
    assert_int_equal(usp_msg_type(m), USP_MSG_ERROR);
    assert_int_equal(usp_error_code(m), 7021);
    assert_string_equal(usp_error_text(m), "required failed");
    assert_int_equal(usp_error_param_count(m), 2);
    assert_int_equal(usp_error_param(m, 0, &path, &code, &msg), 0);
    assert_string_equal(path, "Device.NAT.PortMapping.6.ExternalPort");
    assert_int_equal(code, 7012);
    assert_int_equal(usp_error_param(m, 1, &path, &code, &msg), 0);
    assert_string_equal(path, "Device.Foo.");
    assert_int_equal(code, 7016);
    usp_msg_free(m);

    /* allow_partial false, nothing failed: an AddResp */
    assert_int_equal(map_add_response("m4", 0, o, 1, &m), 0);
    assert_int_equal(usp_msg_type(m), USP_MSG_ADD_RESP);
    usp_msg_free(m);
}

static void test_delete_partial(void **state)
{
    const char *aff[] = {"Device.NAT.PortMapping.1.", "Device.NAT.PortMapping.2."};
    struct map_param_err un[] = {{"Device.NAT.PortMapping.3.", 7024, "refused"}};
    struct map_delete_outcome o[] = {
        {"Device.NAT.PortMapping.*.", 0, NULL, aff, 2, un, 1},
        {"Device.NAT.PortMapping.9.", 0, NULL, NULL, 0, NULL, 0}, /* matched nothing */
        {"Device.DeviceInfo.", 7018, "not an instance", NULL, 0, NULL, 0},
    };
    struct usp_msg *m = NULL;
    struct usp_oper_result r;
    const char *path, *msg;
    uint32_t code;
    (void)state;

    assert_int_equal(map_delete_response("d1", 1, o, 3, &m), 0);
    assert_int_equal(usp_msg_type(m), USP_MSG_DELETE_RESP);
    assert_int_equal(usp_deleteresp_result_count(m), 3);
    assert_int_equal(usp_deleteresp_result(m, 0, &r), 0);
    assert_int_equal(r.status, USP_OPER_SUCCESS);
    assert_int_equal(usp_deleteresp_affected_path_count(m, 0), 2);
    assert_string_equal(usp_deleteresp_affected_path(m, 0, 1), "Device.NAT.PortMapping.2.");
    assert_int_equal(usp_deleteresp_unaffected_path_err_count(m, 0), 1);
    assert_int_equal(usp_deleteresp_unaffected_path_err(m, 0, 0, &path, &code, &msg), 0);
    assert_string_equal(path, "Device.NAT.PortMapping.3.");
    assert_int_equal(code, 7024);
    /* TP-469 1.32: a missing instance is a success with nothing affected */
    assert_int_equal(usp_deleteresp_result(m, 1, &r), 0);
    assert_int_equal(r.status, USP_OPER_SUCCESS);
    assert_int_equal(usp_deleteresp_affected_path_count(m, 1), 0);
    assert_int_equal(usp_deleteresp_result(m, 2, &r), 0);
    assert_int_equal(r.status, USP_OPER_FAILURE);
    assert_int_equal(r.err_code, 7018);
    usp_msg_free(m);
}

static void test_delete_holistic_error(void **state)
{
    const char *aff[] = {"Device.NAT.PortMapping.1."};
    struct map_param_err un[] = {{"Device.NAT.PortMapping.3.", 7024, "refused"}};
    struct map_delete_outcome o[] = {
        {"Device.NAT.PortMapping.1.", 0, NULL, aff, 1, NULL, 0},
        {"Device.NAT.PortMapping.3.", 0, NULL, NULL, 0, un, 1},
    };
    struct usp_msg *m = NULL;
    const char *path, *msg;
    uint32_t code;
    (void)state;

    assert_int_equal(map_delete_response("d2", 0, o, 2, &m), 0);
    assert_int_equal(usp_msg_type(m), USP_MSG_ERROR);
    assert_int_equal(usp_error_code(m), 7024);
    assert_int_equal(usp_error_param_count(m), 1);
    assert_int_equal(usp_error_param(m, 0, &path, &code, &msg), 0);
    assert_string_equal(path, "Device.NAT.PortMapping.3.");
    usp_msg_free(m);

    assert_int_equal(map_delete_response("d3", 0, o, 1, &m), 0);
    assert_int_equal(usp_msg_type(m), USP_MSG_DELETE_RESP);
    usp_msg_free(m);
}

static void test_path_is_instance(void **state)
{
    (void)state;
    assert_true(map_path_is_instance("Device.NAT.PortMapping.3."));
    assert_true(map_path_is_instance("Device.IP.Interface.12.IPv4Address.1."));
    assert_false(map_path_is_instance("Device.NAT.PortMapping."));
    assert_false(map_path_is_instance("Device.NAT.PortMapping.3"));
    assert_false(map_path_is_instance("Device.NAT.PortMapping.3.Alias"));
    assert_false(map_path_is_instance("3."));
    assert_false(map_path_is_instance(""));
    assert_false(map_path_is_instance(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_success_with_keys_and_param_errs),
        cmocka_unit_test(test_add_partial_failure_per_object),
        cmocka_unit_test(test_add_holistic_error),
        cmocka_unit_test(test_delete_partial),
        cmocka_unit_test(test_delete_holistic_error),
        cmocka_unit_test(test_path_is_instance),
    };
    return cmocka_run_group_tests_name("mapping_add_delete", tests, NULL, NULL);
}
