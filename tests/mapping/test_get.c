/*
 * test_get.c - USP Get over CWMP: GetParameterValues names for USP paths,
 * and GetResp grouping of fetched values (mapping/get.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cwmp/cwmp.h"
#include "mapping/mapping.h"
#include "usp/usp-msg.pb-c.h"
#include "usp/usp.h"

static void test_fetch_names(void **state)
{
    char name[MAP_NAME_MAX], why[200];
    (void)state;
    assert_int_equal(
        map_get_fetch_name("Device.DeviceInfo.SoftwareVersion", name, sizeof name, why, sizeof why),
        0);
    assert_string_equal(name, "Device.DeviceInfo.SoftwareVersion");
    assert_int_equal(map_get_fetch_name("Device.WiFi.", name, sizeof name, why, sizeof why), 0);
    assert_string_equal(name, "Device.WiFi.");
    assert_int_equal(map_get_fetch_name("Device.WiFi.SSID.2.", name, sizeof name, why, sizeof why),
                     0);
    assert_string_equal(name, "Device.WiFi.SSID.2.");
    assert_int_equal(
        map_get_fetch_name("Device.WiFi.SSID.*.SSID", name, sizeof name, why, sizeof why), 0);
    assert_string_equal(name, "Device.WiFi.SSID.");
    assert_int_equal(map_get_fetch_name("Device.WiFi.SSID.[Enable==true].SSID", name, sizeof name,
                                        why, sizeof why),
                     0);
    assert_string_equal(name, "Device.WiFi.SSID.");
}

static void test_fetch_name_errors(void **state)
{
    char name[MAP_NAME_MAX], why[200] = "";
    char longp[400];
    (void)state;
    assert_int_equal(map_get_fetch_name("Device..X", name, sizeof name, why, sizeof why),
                     USP_ERR_INVALID_PATH_SYNTAX);
    assert_true(why[0] != '\0');
    assert_int_equal(map_get_fetch_name("Device.Reboot()", name, sizeof name, why, sizeof why),
                     USP_ERR_INVALID_PATH);
    memset(longp, 'a', sizeof longp);
    memcpy(longp, "Device.", 7);
    longp[sizeof longp - 1] = '\0';
    assert_int_equal(map_get_fetch_name(longp, name, sizeof name, why, sizeof why),
                     USP_ERR_INVALID_PATH);
}

static void test_values_sort_and_replace(void **state)
{
    struct map_values vs = {0};
    (void)state;
    assert_int_equal(map_values_add(&vs, "Device.B", "1"), 0);
    assert_int_equal(map_values_add(&vs, "Device.A", "2"), 0);
    assert_int_equal(map_values_add(&vs, "Device.B", "3"), 0);
    map_values_sort(&vs);
    assert_int_equal(vs.n, 2);
    assert_string_equal(map_values_find(&vs, "Device.B"), "3");
    assert_string_equal(map_values_find(&vs, "Device.A"), "2");
    assert_null(map_values_find(&vs, "Device.C"));
    map_values_free(&vs);
}

/* A flat text form of a GetResp: one line per requested path result
 * "req err" then "  resolved: k=v k=v" lines (params sorted as emitted). */
static char *flatten(struct usp_msg *m)
{
    const Usp__Msg *pb = usp_msg_pb(m);
    const Usp__GetResp *g = pb->body->response->get_resp;
    static char out[8192];
    size_t i, j, k, pos = 0;
    out[0] = '\0';
    for (i = 0; i < g->n_req_path_results; i++) {
        const Usp__GetResp__RequestedPathResult *r = g->req_path_results[i];
        pos += (size_t)snprintf(out + pos, sizeof out - pos, "%s %u\n", r->requested_path,
                                r->err_code);
        for (j = 0; j < r->n_resolved_path_results; j++) {
            const Usp__GetResp__ResolvedPathResult *rp = r->resolved_path_results[j];
            pos += (size_t)snprintf(out + pos, sizeof out - pos, "  %s:", rp->resolved_path);
            for (k = 0; k < rp->n_result_params; k++)
                pos += (size_t)snprintf(out + pos, sizeof out - pos, " %s=%s",
                                        rp->result_params[k]->key, rp->result_params[k]->value);
            pos += (size_t)snprintf(out + pos, sizeof out - pos, "\n");
        }
    }
    return out;
}

static void fill(struct map_values *vs)
{
    static const char *const kv[][2] = {
        {"Device.DeviceInfo.SoftwareVersion", "1.2.3"},
        {"Device.DeviceInfo.Manufacturer", "ACME"},
        {"Device.DeviceInfo.MemoryStatus.Total", "1024"},
        {"Device.WiFi.SSID.1.SSID", "home"},
        {"Device.WiFi.SSID.1.Enable", "true"},
        {"Device.WiFi.SSID.2.SSID", "guest"},
        {"Device.WiFi.SSID.2.Enable", "false"},
        {"Device.WiFi.SSID.10.SSID", "ten"},
        {"Device.WiFi.SSID.10.Enable", "true"},
        {"Device.WiFi.SSIDNumberOfEntries", "3"},
    };
    size_t i;
    for (i = 0; i < sizeof kv / sizeof kv[0]; i++)
        assert_int_equal(map_values_add(vs, kv[i][0], kv[i][1]), 0);
    map_values_sort(vs);
}

static void test_resp_parameter_path(void **state)
{
    struct map_values vs = {0};
    struct usp_msg *m = usp_getresp_new("m1");
    (void)state;
    fill(&vs);
    assert_int_equal(map_get_add_result(m, "Device.DeviceInfo.SoftwareVersion", 0, &vs, 0), 0);
    assert_string_equal(flatten(m), "Device.DeviceInfo.SoftwareVersion 0\n"
                                    "  Device.DeviceInfo.: SoftwareVersion=1.2.3\n");
    usp_msg_free(m);
    map_values_free(&vs);
}

static void test_resp_object_path_groups_per_object(void **state)
{
    struct map_values vs = {0};
    struct usp_msg *m = usp_getresp_new("m1");
    (void)state;
    fill(&vs);
    assert_int_equal(map_get_add_result(m, "Device.DeviceInfo.", 0, &vs, 0), 0);
    assert_string_equal(flatten(m),
                        "Device.DeviceInfo. 0\n"
                        "  Device.DeviceInfo.: Manufacturer=ACME SoftwareVersion=1.2.3\n"
                        "  Device.DeviceInfo.MemoryStatus.: Total=1024\n");
    usp_msg_free(m);
    map_values_free(&vs);
}

static void test_resp_max_depth(void **state)
{
    struct map_values vs = {0};
    struct usp_msg *m = usp_getresp_new("m1");
    (void)state;
    fill(&vs);
    assert_int_equal(map_get_add_result(m, "Device.DeviceInfo.", 1, &vs, 0), 0);
    assert_string_equal(flatten(m),
                        "Device.DeviceInfo. 0\n"
                        "  Device.DeviceInfo.: Manufacturer=ACME SoftwareVersion=1.2.3\n");
    usp_msg_free(m);
    map_values_free(&vs);
}

static void test_resp_wildcard_and_search(void **state)
{
    struct map_values vs = {0};
    struct usp_msg *m = usp_getresp_new("m1");
    (void)state;
    fill(&vs);
    assert_int_equal(map_get_add_result(m, "Device.WiFi.SSID.*.SSID", 0, &vs, 0), 0);
    assert_int_equal(map_get_add_result(m, "Device.WiFi.SSID.[Enable==true].SSID", 0, &vs, 0), 0);
    assert_string_equal(flatten(m), "Device.WiFi.SSID.*.SSID 0\n"
                                    "  Device.WiFi.SSID.1.: SSID=home\n"
                                    "  Device.WiFi.SSID.10.: SSID=ten\n"
                                    "  Device.WiFi.SSID.2.: SSID=guest\n"
                                    "Device.WiFi.SSID.[Enable==true].SSID 0\n"
                                    "  Device.WiFi.SSID.1.: SSID=home\n"
                                    "  Device.WiFi.SSID.10.: SSID=ten\n");
    usp_msg_free(m);
    map_values_free(&vs);
}

static void test_resp_errors(void **state)
{
    struct map_values vs = {0};
    struct usp_msg *m = usp_getresp_new("m1");
    const Usp__GetResp *g;
    (void)state;
    fill(&vs);
    assert_int_equal(map_get_add_result(m, "Device.DeviceInfo.Nope", 0, &vs, 0), 0);
    assert_int_equal(map_get_add_result(m, "Device.WiFi.SSID.7.", 0, &vs, 0), 0);
    assert_int_equal(map_get_add_result(m, "Device.WiFi.SSID.*.Nope", 0, &vs, 0), 0);
    assert_int_equal(map_get_add_result(m, "Device.[", 0, &vs, 0), 0);
    /* an empty table the caller knows exists: no error, nothing resolved */
    assert_int_equal(map_get_add_result(m, "Device.NAT.PortMapping.", 0, &vs, 1), 0);
    g = ((const Usp__Msg *)usp_msg_pb(m))->body->response->get_resp;
    assert_int_equal(g->n_req_path_results, 5);
    assert_int_equal(g->req_path_results[4]->err_code, 0);
    assert_int_equal(g->req_path_results[4]->n_resolved_path_results, 0);
    assert_int_equal(g->req_path_results[0]->err_code, USP_ERR_INVALID_PATH);
    assert_int_equal(g->req_path_results[1]->err_code, USP_ERR_INVALID_PATH);
    /* a wildcard matching nothing is not an error (TR-369 2.5) */
    assert_int_equal(g->req_path_results[2]->err_code, 0);
    assert_int_equal(g->req_path_results[2]->n_resolved_path_results, 0);
    assert_int_equal(g->req_path_results[3]->err_code, USP_ERR_INVALID_PATH_SYNTAX);
    usp_msg_free(m);
    map_values_free(&vs);
}

static void test_resolve(void **state)
{
    struct map_values vs = {0};
    struct usp_path_list list = {0};
    char why[200];
    (void)state;
    fill(&vs);
    assert_int_equal(map_resolve("Device.WiFi.SSID.*.", &vs, &list, why, sizeof why), 0);
    assert_int_equal(list.n, 3);
    assert_string_equal(list.paths[0], "Device.WiFi.SSID.1.");
    assert_string_equal(list.paths[1], "Device.WiFi.SSID.2.");
    assert_string_equal(list.paths[2], "Device.WiFi.SSID.10.");
    usp_path_list_free(&list);
    assert_int_equal(
        map_resolve("Device.WiFi.SSID.[SSID==\"guest\"].", &vs, &list, why, sizeof why), 0);
    assert_int_equal(list.n, 1);
    assert_string_equal(list.paths[0], "Device.WiFi.SSID.2.");
    usp_path_list_free(&list);
    assert_int_equal(map_resolve("Device.WiFi.SSID.[", &vs, &list, why, sizeof why),
                     USP_ERR_INVALID_PATH_SYNTAX);
    assert_true(why[0] != '\0');
    usp_path_list_free(&list);
    map_values_free(&vs);
}

static void test_values_types(void **state)
{
    struct map_values vs = {0};
    (void)state;
    assert_int_equal(map_values_add_typed(&vs, "Device.X", "1", CWMP_TYPE_BOOLEAN), 0);
    map_values_sort(&vs);
    assert_non_null(map_values_get(&vs, "Device.X"));
    assert_int_equal(map_values_get(&vs, "Device.X")->type, CWMP_TYPE_BOOLEAN);
    assert_null(map_values_get(&vs, "Device.Y"));
    map_values_free(&vs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fetch_names),
        cmocka_unit_test(test_fetch_name_errors),
        cmocka_unit_test(test_values_sort_and_replace),
        cmocka_unit_test(test_resp_parameter_path),
        cmocka_unit_test(test_resp_object_path_groups_per_object),
        cmocka_unit_test(test_resp_max_depth),
        cmocka_unit_test(test_resp_wildcard_and_search),
        cmocka_unit_test(test_resp_errors),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_values_types),
    };
    return cmocka_run_group_tests_name("mapping_get", tests, NULL, NULL);
}
