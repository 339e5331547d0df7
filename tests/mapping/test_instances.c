/*
 * test_instances.c - USP GetInstances over CWMP: instances and their
 * unique keys read from fetched parameter values (mapping/instances.c).
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

static void values(struct map_values *vs)
{
    static const char *const nv[][2] = {
        {"Device.NAT.PortMappingNumberOfEntries", "3"},
        {"Device.NAT.PortMapping.1.Alias", "web"},
        {"Device.NAT.PortMapping.1.Enable", "true"},
        {"Device.NAT.PortMapping.2.Enable", "false"},
        {"Device.NAT.PortMapping.10.Alias", "ssh"},
        {"Device.IP.Interface.1.Name", "wan"},
        {"Device.IP.Interface.1.IPv4Address.1.IPAddress", "10.0.0.2"},
        {"Device.IP.Interface.1.IPv4Address.1.Alias", "a1"},
        {"Device.IP.Interface.2.Name", "lan"},
        {"Device.IP.Interface.2.IPv4Address.1.IPAddress", "192.168.1.1"},
        {"Device.IP.Interface.2.IPv4Address.2.IPAddress", "192.168.2.1"},
        {"Device.Other.Param", "x"},
    };
    memset(vs, 0, sizeof *vs);
    for (size_t i = 0; i < sizeof nv / sizeof nv[0]; i++)
        assert_int_equal(map_values_add(vs, nv[i][0], nv[i][1]), 0);
    map_values_sort(vs);
}

static const char *const *keys(void *arg, const char *inst)
{
    static const char *const k[] = {"Alias", "Name", NULL};
    (void)arg;
    (void)inst;
    return k;
}

static struct usp_msg *ask(const char *path, int flo, int exists)
{
    struct map_values vs;
    struct usp_msg *m = usp_getinstresp_new("1");
    values(&vs);
    assert_int_equal(map_instances_add_result(m, path, flo, &vs, exists, NULL, NULL), 0);
    map_values_free(&vs);
    return m;
}

static void test_table_instances_numeric_order(void **state)
{
    struct usp_msg *m = ask("Device.NAT.PortMapping.", 1, 0);
    const char *rp, *name, *value;
    uint32_t err;
    (void)state;

    assert_int_equal(usp_getinstresp_path_result(m, 0, &rp, &err, NULL), 0);
    assert_string_equal(rp, "Device.NAT.PortMapping.");
    assert_int_equal(err, 0);
    assert_int_equal(usp_getinstresp_curr_inst_count(m, 0), 3);
    assert_string_equal(usp_getinstresp_curr_inst(m, 0, 0), "Device.NAT.PortMapping.1.");
    assert_string_equal(usp_getinstresp_curr_inst(m, 0, 1), "Device.NAT.PortMapping.2.");
    assert_string_equal(usp_getinstresp_curr_inst(m, 0, 2), "Device.NAT.PortMapping.10.");
    /* Alias is the unique key when the instance has one */
    assert_int_equal(usp_getinstresp_unique_key_count(m, 0, 0), 1);
    usp_getinstresp_unique_key(m, 0, 0, 0, &name, &value);
    assert_string_equal(name, "Alias");
    assert_string_equal(value, "web");
    assert_int_equal(usp_getinstresp_unique_key_count(m, 0, 1), 0);
    usp_msg_free(m);
}

static void test_nested_first_level_only(void **state)
{
    struct usp_msg *m = ask("Device.IP.Interface.", 1, 0);
    (void)state;
    assert_int_equal(usp_getinstresp_curr_inst_count(m, 0), 2);
    assert_string_equal(usp_getinstresp_curr_inst(m, 0, 1), "Device.IP.Interface.2.");
    usp_msg_free(m);

    m = ask("Device.IP.Interface.", 0, 0);
    assert_int_equal(usp_getinstresp_curr_inst_count(m, 0), 5);
    assert_string_equal(usp_getinstresp_curr_inst(m, 0, 0), "Device.IP.Interface.1.");
    assert_string_equal(usp_getinstresp_curr_inst(m, 0, 1), "Device.IP.Interface.1.IPv4Address.1.");
    assert_string_equal(usp_getinstresp_curr_inst(m, 0, 4), "Device.IP.Interface.2.IPv4Address.2.");
    usp_msg_free(m);

    /* a single-instance object: the instances of the tables below it */
    m = ask("Device.IP.", 1, 0);
    assert_int_equal(usp_getinstresp_curr_inst_count(m, 0), 2);
    usp_msg_free(m);

    /* an instance path gives itself (and, without first_level_only, below) */
    m = ask("Device.IP.Interface.2.", 1, 0);
    assert_int_equal(usp_getinstresp_curr_inst_count(m, 0), 1);
    assert_string_equal(usp_getinstresp_curr_inst(m, 0, 0), "Device.IP.Interface.2.");
    usp_msg_free(m);
    m = ask("Device.IP.Interface.2.", 0, 0);
    assert_int_equal(usp_getinstresp_curr_inst_count(m, 0), 3);
    usp_msg_free(m);
}

static void test_wildcards_and_searches(void **state)
{
    struct usp_msg *m = ask("Device.IP.Interface.*.IPv4Address.", 1, 0);
    uint32_t err;
    (void)state;
    assert_int_equal(usp_getinstresp_curr_inst_count(m, 0), 3);
    usp_msg_free(m);

    m = ask("Device.IP.Interface.[Name==\"lan\"].IPv4Address.", 0, 0);
    assert_int_equal(usp_getinstresp_curr_inst_count(m, 0), 2);
    assert_string_equal(usp_getinstresp_curr_inst(m, 0, 0), "Device.IP.Interface.2.IPv4Address.1.");
    usp_msg_free(m);

    /* a search matching nothing: success, no instances (TP-469 1.83) */
    m = ask("Device.IP.Interface.[Name==\"none\"].IPv4Address.", 0, 0);
    usp_getinstresp_path_result(m, 0, NULL, &err, NULL);
    assert_int_equal(err, 0);
    assert_int_equal(usp_getinstresp_curr_inst_count(m, 0), 0);
    usp_msg_free(m);
}

static void test_errors_and_empty_tables(void **state)
{
    struct usp_msg *m;
    uint32_t err;
    (void)state;

    m = ask("Device.NoSuch.", 0, 0);
    usp_getinstresp_path_result(m, 0, NULL, &err, NULL);
    assert_int_equal(err, USP_ERR_INVALID_PATH);
    usp_msg_free(m);
    /* known to exist (the CPE answered): an empty table */
    m = ask("Device.NoSuch.", 0, 1);
    usp_getinstresp_path_result(m, 0, NULL, &err, NULL);
    assert_int_equal(err, 0);
    assert_int_equal(usp_getinstresp_curr_inst_count(m, 0), 0);
    usp_msg_free(m);
    /* an object with values but no tables: no error, nothing listed */
    m = ask("Device.Other.", 0, 0);
    usp_getinstresp_path_result(m, 0, NULL, &err, NULL);
    assert_int_equal(err, 0);
    assert_int_equal(usp_getinstresp_curr_inst_count(m, 0), 0);
    usp_msg_free(m);
    m = ask("Device.NAT.PortMapping.1.Alias", 0, 0);
    usp_getinstresp_path_result(m, 0, NULL, &err, NULL);
    assert_int_equal(err, USP_ERR_INVALID_PATH);
    usp_msg_free(m);
    m = ask("Device..NAT.", 0, 0);
    usp_getinstresp_path_result(m, 0, NULL, &err, NULL);
    assert_int_equal(err, USP_ERR_INVALID_PATH_SYNTAX);
    usp_msg_free(m);
}

static void test_unique_key_callback(void **state)
{
    struct map_values vs;
    struct usp_msg *m = usp_getinstresp_new("1");
    const char *name, *value;
    (void)state;

    values(&vs);
    assert_int_equal(map_instances_add_result(m, "Device.IP.Interface.", 1, &vs, 0, keys, NULL), 0);
    assert_int_equal(usp_getinstresp_unique_key_count(m, 0, 0), 1);
    usp_getinstresp_unique_key(m, 0, 0, 0, &name, &value);
    assert_string_equal(name, "Name");
    assert_string_equal(value, "wan");
    map_values_free(&vs);
    usp_msg_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_instances_numeric_order),
        cmocka_unit_test(test_nested_first_level_only),
        cmocka_unit_test(test_wildcards_and_searches),
        cmocka_unit_test(test_errors_and_empty_tables),
        cmocka_unit_test(test_unique_key_callback),
    };
    return cmocka_run_group_tests_name("mapping_instances", tests, NULL, NULL);
}
