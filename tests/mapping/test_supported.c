/*
 * test_supported.c - USP GetSupportedDM over CWMP: GetParameterNames
 * results -> Supported Data Model tree -> GetSupportedDMResp
 * (mapping/supported.c).
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
#include "usp/usp.h"

/* What a CPE's GetParameterNames("Device.", false) lists (name, Writable). */
static const struct {
    const char *name;
    int w;
} gpn[] = {
    {"Device.", 0},
    {"Device.DeviceInfo.", 0},
    {"Device.DeviceInfo.SoftwareVersion", 0},
    {"Device.DeviceInfo.ProvisioningCode", 1},
    {"Device.NAT.", 0},
    {"Device.NAT.PortMappingNumberOfEntries", 0},
    {"Device.NAT.PortMapping.", 1},
    {"Device.NAT.PortMapping.1.", 1},
    {"Device.NAT.PortMapping.1.Enable", 1},
    {"Device.NAT.PortMapping.1.Alias", 1},
    {"Device.NAT.PortMapping.2.", 1},
    {"Device.NAT.PortMapping.2.Enable", 1},
    {"Device.NAT.PortMapping.2.Description", 1},
    {"Device.IP.", 0},
    {"Device.IP.Interface.", 0},
    {"Device.IP.Interface.1.", 0},
    {"Device.IP.Interface.1.Name", 0},
    {"Device.IP.Interface.1.IPv4Address.", 1},
    {"Device.IP.Interface.1.IPv4Address.1.", 1},
    {"Device.IP.Interface.1.IPv4Address.1.IPAddress", 1},
    {"Device.IP.Interface.10.", 0},
    {"Device.IP.Interface.10.Name", 0},
    {"Device.IP.Interface.10.IPv4Address.", 1},
    {"Device.DNS.", 0},
    {"Device.DNS.Client.Server.", 1}, /* writable, no instance: a table */
    {"Device.Hosts.", 0},
    {"Device.Hosts.Host.", 0}, /* read-only, no instance: cannot tell */
};

static int type_of(void *arg, const char *cwmp_name)
{
    int *calls = arg;
    (*calls)++;
    if (!strcmp(cwmp_name, "Device.NAT.PortMapping.1.Enable"))
        return map_usp_value_type(CWMP_TYPE_BOOLEAN);
    return -1;
}

static struct map_sdm *model(void)
{
    struct map_sdm *s = map_sdm_new(USP_VC_ALLOWED);
    assert_non_null(s);
    for (size_t i = 0; i < sizeof gpn / sizeof gpn[0]; i++)
        assert_int_equal(map_sdm_add_cwmp_name(s, gpn[i].name, gpn[i].w), 0);
    return s;
}

/* Index of obj_path in result i, or -1. */
static int obj_index(const struct usp_msg *m, size_t i, const char *path)
{
    for (size_t j = 0; j < usp_gsdmresp_supported_obj_count(m, i); j++) {
        const char *p;
        usp_gsdmresp_supported_obj(m, i, j, &p, NULL, NULL);
        if (!strcmp(p, path))
            return (int)j;
    }
    return -1;
}

static struct usp_msg *ask(const struct map_sdm *s, const char *path,
                           const struct usp_gsdm_flags *fl, int *calls)
{
    struct usp_msg *m = usp_gsdmresp_new("1");
    assert_non_null(m);
    assert_int_equal(map_sdm_add_result(m, s, path, fl, "urn:x", type_of, calls), 0);
    return m;
}

static void test_tables_fold_into_instances(void **state)
{
    struct usp_gsdm_flags all = {0, 1, 1, 1, 1};
    struct map_sdm *s = model();
    struct usp_msg *m;
    enum usp_obj_access acc;
    enum usp_param_access pacc;
    enum usp_value_type vt;
    enum usp_value_change vc;
    const char *path, *name, *uri;
    uint32_t err;
    int multi, j, calls = 0;
    (void)state;

    assert_int_equal(map_sdm_finish(s), 0);
    m = ask(s, "Device.", &all, &calls);
    assert_int_equal(usp_gsdmresp_req_obj_result(m, 0, &path, &err, NULL, &uri), 0);
    assert_string_equal(path, "Device.");
    assert_int_equal(err, 0);
    assert_string_equal(uri, "urn:x");
    /* Device. first, then everything below in path order */
    usp_gsdmresp_supported_obj(m, 0, 0, &path, &acc, &multi);
    assert_string_equal(path, "Device.");
    assert_int_equal(multi, 0);
    /* the table and its instances are one {i} object, no plain PortMapping. */
    assert_int_equal(obj_index(m, 0, "Device.NAT.PortMapping."), -1);
    j = obj_index(m, 0, "Device.NAT.PortMapping.{i}.");
    assert_true(j > 0);
    usp_gsdmresp_supported_obj(m, 0, (size_t)j, NULL, &acc, &multi);
    assert_int_equal(acc, USP_OBJ_ADD_DELETE);
    assert_int_equal(multi, 1);
    /* union of the instances' parameters; the type from the caller */
    assert_int_equal(usp_gsdmresp_param_count(m, 0, (size_t)j), 3);
    usp_gsdmresp_param(m, 0, (size_t)j, 0, &name, &pacc, &vt, &vc);
    assert_string_equal(name, "Enable");
    assert_int_equal(pacc, USP_PARAM_READ_WRITE);
    assert_int_equal(vt, USP_VT_BOOLEAN);
    assert_int_equal(vc, USP_VC_ALLOWED);
    usp_gsdmresp_param(m, 0, (size_t)j, 1, &name, NULL, &vt, NULL);
    assert_string_equal(name, "Alias");
    assert_int_equal(vt, USP_VT_UNKNOWN);
    /* a table with Alias has the unique key set {Alias} */
    assert_int_equal(usp_gsdmresp_unique_key_set_count(m, 0, (size_t)j), 1);
    assert_string_equal(usp_gsdmresp_unique_key(m, 0, (size_t)j, 0, 0), "Alias");
    /* nested tables: instance numbers 1 and 10 fold into one object */
    j = obj_index(m, 0, "Device.IP.Interface.{i}.IPv4Address.{i}.");
    assert_true(j > 0);
    usp_gsdmresp_supported_obj(m, 0, (size_t)j, NULL, &acc, &multi);
    assert_int_equal(acc, USP_OBJ_ADD_DELETE);
    j = obj_index(m, 0, "Device.IP.Interface.{i}.");
    usp_gsdmresp_supported_obj(m, 0, (size_t)j, NULL, &acc, &multi);
    assert_int_equal(acc, USP_OBJ_READ_ONLY);
    assert_int_equal(multi, 1);
    assert_int_equal(usp_gsdmresp_param_count(m, 0, (size_t)j), 1);
    /* a writable table with no instance is a table; a read-only one is not known */
    assert_true(obj_index(m, 0, "Device.DNS.Client.Server.{i}.") > 0);
    assert_true(obj_index(m, 0, "Device.Hosts.Host.") > 0);
    /* single-instance read-write parameter */
    j = obj_index(m, 0, "Device.DeviceInfo.");
    usp_gsdmresp_param(m, 0, (size_t)j, 1, &name, &pacc, NULL, NULL);
    assert_string_equal(name, "ProvisioningCode");
    assert_int_equal(pacc, USP_PARAM_READ_WRITE);
    assert_true(calls > 0);
    usp_msg_free(m);
    map_sdm_free(s);
}

static void test_first_level_only_and_flags(void **state)
{
    struct usp_gsdm_flags fl = {1, 1, 1, 1, 0};
    struct map_sdm *s = model();
    struct usp_msg *m;
    const char *path;
    int calls = 0;
    (void)state;

    assert_int_equal(map_sdm_finish(s), 0);
    m = ask(s, "Device.NAT.", &fl, &calls);
    /* the object with details, its immediate children without */
    assert_int_equal(usp_gsdmresp_supported_obj_count(m, 0), 2);
    usp_gsdmresp_supported_obj(m, 0, 0, &path, NULL, NULL);
    assert_string_equal(path, "Device.NAT.");
    assert_int_equal(usp_gsdmresp_param_count(m, 0, 0), 1);
    usp_gsdmresp_supported_obj(m, 0, 1, &path, NULL, NULL);
    assert_string_equal(path, "Device.NAT.PortMapping.{i}.");
    assert_int_equal(usp_gsdmresp_param_count(m, 0, 1), 0);
    usp_msg_free(m);

    fl.first_level_only = 1;
    m = ask(s, "Device.IP.", &fl, &calls);
    assert_int_equal(usp_gsdmresp_supported_obj_count(m, 0), 2); /* not IPv4Address */
    usp_msg_free(m);

    /* no return_* flags: objects only */
    memset(&fl, 0, sizeof fl);
    m = ask(s, "Device.IP.Interface.", &fl, &calls);
    assert_int_equal(usp_gsdmresp_supported_obj_count(m, 0), 2);
    usp_gsdmresp_supported_obj(m, 0, 0, &path, NULL, NULL);
    assert_string_equal(path, "Device.IP.Interface.{i}.");
    assert_int_equal(usp_gsdmresp_param_count(m, 0, 0), 0);
    usp_msg_free(m);
    map_sdm_free(s);
}

static void test_request_path_forms(void **state)
{
    struct usp_gsdm_flags fl = {1, 0, 0, 1, 0};
    struct map_sdm *s = model();
    const char *forms[] = {"Device.NAT.PortMapping.", "Device.NAT.PortMapping.{i}.",
                           "Device.NAT.PortMapping.2.", "Device.NAT.PortMapping.*.",
                           "Device.NAT.PortMapping.[Enable==true]."};
    struct usp_msg *m;
    const char *path, *name;
    uint32_t err;
    int calls = 0;
    (void)state;

    assert_int_equal(map_sdm_finish(s), 0);
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        m = ask(s, forms[i], &fl, &calls);
        usp_gsdmresp_req_obj_result(m, 0, &path, &err, NULL, NULL);
        assert_string_equal(path, forms[i]);
        assert_int_equal(err, 0);
        usp_gsdmresp_supported_obj(m, 0, 0, &path, NULL, NULL);
        assert_string_equal(path, "Device.NAT.PortMapping.{i}.");
        usp_msg_free(m);
    }
    /* a parameter path: its object with that parameter only */
    m = ask(s, "Device.NAT.PortMapping.3.Description", &fl, &calls);
    assert_int_equal(usp_gsdmresp_supported_obj_count(m, 0), 1);
    assert_int_equal(usp_gsdmresp_param_count(m, 0, 0), 1);
    usp_gsdmresp_param(m, 0, 0, 0, &name, NULL, NULL, NULL);
    assert_string_equal(name, "Description");
    usp_msg_free(m);
    /* errors: not supported 7026, malformed 7008 */
    m = ask(s, "Device.NoSuch.", &fl, &calls);
    usp_gsdmresp_req_obj_result(m, 0, NULL, &err, NULL, NULL);
    assert_int_equal(err, USP_ERR_INVALID_PATH);
    usp_msg_free(m);
    m = ask(s, "Device.NAT.PortMapping.1.Nope", &fl, &calls);
    usp_gsdmresp_req_obj_result(m, 0, NULL, &err, NULL, NULL);
    assert_int_equal(err, USP_ERR_INVALID_PATH);
    usp_msg_free(m);
    m = ask(s, "Device..NAT.", &fl, &calls);
    usp_gsdmresp_req_obj_result(m, 0, NULL, &err, NULL, NULL);
    assert_int_equal(err, USP_ERR_INVALID_PATH_SYNTAX);
    usp_msg_free(m);
    map_sdm_free(s);
}

static void test_caller_additions(void **state)
{
    static const char *const in[] = {"Host", "Timeout"}, *const out[] = {"Status"};
    static const char *const args[] = {"CommandKey", "Cause"}, *const keys[] = {"Recipient", "ID"};
    struct usp_gsdm_flags fl = {0, 1, 1, 1, 1};
    struct map_sdm *s = model();
    struct usp_msg *m;
    enum usp_cmd_type ct;
    enum usp_obj_access acc;
    enum usp_value_type vt;
    enum usp_value_change vc;
    const char *name;
    int j, calls = 0;
    (void)state;

    assert_int_equal(map_sdm_add_command(s, "Device.", "Reboot()", USP_CMD_SYNC, NULL, 0, NULL, 0),
                     0);
    assert_int_equal(map_sdm_add_command(s, "Device.IP.", "Ping()", USP_CMD_ASYNC, in, 2, out, 1),
                     0);
    assert_int_equal(map_sdm_add_event(s, "Device.", "Boot!", args, 2), 0);
    assert_int_equal(
        map_sdm_add_object(s, "Device.LocalAgent.Subscription.{i}.", USP_OBJ_ADD_DELETE), 0);
    assert_int_equal(map_sdm_add_param(s, "Device.LocalAgent.Subscription.{i}.", "Enable",
                                       USP_PARAM_READ_WRITE, USP_VT_BOOLEAN, USP_VC_WILL_IGNORE),
                     0);
    assert_int_equal(map_sdm_add_unique_key_set(s, "Device.LocalAgent.Subscription.{i}.", keys, 2),
                     0);
    assert_true(map_sdm_has_object(s, "Device.IP."));
    assert_false(map_sdm_has_object(s, "Device.Nope."));
    assert_int_equal(map_sdm_finish(s), 0);

    m = ask(s, "Device.", &fl, &calls);
    assert_int_equal(usp_gsdmresp_command_count(m, 0, 0), 1);
    usp_gsdmresp_command(m, 0, 0, 0, &name, &ct);
    assert_string_equal(name, "Reboot()");
    assert_int_equal(ct, USP_CMD_SYNC);
    assert_int_equal(usp_gsdmresp_event_count(m, 0, 0), 1);
    assert_string_equal(usp_gsdmresp_event(m, 0, 0, 0), "Boot!");
    assert_int_equal(usp_gsdmresp_event_arg_count(m, 0, 0, 0), 2);
    assert_string_equal(usp_gsdmresp_event_arg(m, 0, 0, 0, 1), "Cause");
    j = obj_index(m, 0, "Device.IP.");
    usp_gsdmresp_command(m, 0, (size_t)j, 0, &name, &ct);
    assert_int_equal(ct, USP_CMD_ASYNC);
    assert_int_equal(usp_gsdmresp_command_input_arg_count(m, 0, (size_t)j, 0), 2);
    assert_string_equal(usp_gsdmresp_command_output_arg(m, 0, (size_t)j, 0, 0), "Status");
    j = obj_index(m, 0, "Device.LocalAgent.Subscription.{i}.");
    usp_gsdmresp_supported_obj(m, 0, (size_t)j, NULL, &acc, NULL);
    assert_int_equal(acc, USP_OBJ_ADD_DELETE);
    usp_gsdmresp_param(m, 0, (size_t)j, 0, &name, NULL, &vt, &vc);
    assert_int_equal(vt, USP_VT_BOOLEAN);
    assert_int_equal(vc, USP_VC_WILL_IGNORE);
    assert_int_equal(usp_gsdmresp_unique_key_count(m, 0, (size_t)j, 0), 2);
    usp_msg_free(m);
    /* a command or event path: that element only */
    m = ask(s, "Device.Boot!", &fl, &calls);
    assert_int_equal(usp_gsdmresp_supported_obj_count(m, 0), 1);
    assert_int_equal(usp_gsdmresp_event_count(m, 0, 0), 1);
    assert_int_equal(usp_gsdmresp_command_count(m, 0, 0), 0);
    assert_int_equal(usp_gsdmresp_param_count(m, 0, 0), 0);
    usp_msg_free(m);
    map_sdm_free(s);
}

static void test_normalize(void **state)
{
    char out[300], why[200];
    enum map_sdm_kind k;
    (void)state;
    assert_int_equal(
        map_sdm_normalize("Device.A.[Name==\"x.y\"].B.2.C", out, sizeof out, &k, why, sizeof why),
        0);
    assert_string_equal(out, "Device.A.{i}.B.{i}.C");
    assert_int_equal(k, MAP_SDM_PARAM);
    assert_int_equal(map_sdm_normalize("Device.X.*.Go()", out, sizeof out, &k, why, sizeof why), 0);
    assert_string_equal(out, "Device.X.{i}.Go()");
    assert_int_equal(k, MAP_SDM_COMMAND);
    assert_int_equal(map_sdm_normalize("Device.E!", out, sizeof out, &k, why, sizeof why), 0);
    assert_int_equal(k, MAP_SDM_EVENT);
    assert_int_equal(map_sdm_normalize("Device.T.{i}.", out, sizeof out, &k, why, sizeof why), 0);
    assert_int_equal(k, MAP_SDM_OBJECT);
    assert_int_equal(map_sdm_normalize("Device.T.[x", out, sizeof out, &k, why, sizeof why),
                     USP_ERR_INVALID_PATH_SYNTAX);
    assert_int_equal(map_sdm_normalize("Device.a b.", out, sizeof out, &k, why, sizeof why),
                     USP_ERR_INVALID_PATH_SYNTAX);
    assert_int_equal(map_sdm_normalize("", out, sizeof out, &k, why, sizeof why),
                     USP_ERR_INVALID_PATH_SYNTAX);
    assert_int_equal(map_usp_value_type(CWMP_TYPE_UNSIGNED_INT), USP_VT_UNSIGNED_INT);
    assert_int_equal(map_usp_value_type(CWMP_TYPE_DATETIME), USP_VT_DATE_TIME);
    assert_int_equal(map_usp_value_type(99), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_fold_into_instances),
        cmocka_unit_test(test_first_level_only_and_flags),
        cmocka_unit_test(test_request_path_forms),
        cmocka_unit_test(test_caller_additions),
        cmocka_unit_test(test_normalize),
    };
    return cmocka_run_group_tests_name("mapping_supported", tests, NULL, NULL);
}
