/*
 * test_model.c - the cwmp-sim data model store: model files, placeholders,
 * the CWMP RPC operations with their fault codes, copy-on-write devices,
 * instance numbering, factory reset and value change tracking.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sim/model.h"

#define TR181 "Device."
#define IGD   "InternetGatewayDevice."

static struct sim_model *load_shipped(const char *file)
{
    const char *top = getenv("abs_top_srcdir");
    char path[4096], err[512];
    struct sim_model *m = NULL;

    snprintf(path, sizeof(path), "%s/sim/models/%s", top ? top : "..", file);
    if (sim_model_load(path, &m, err, sizeof(err)) != 0)
        fail_msg("%s", err);
    return m;
}

struct fx {
    struct sim_model *m181, *m098;
    struct sim_device *dev;  /* on tr181 */
    struct sim_device *dev2; /* on tr181 too */
    struct sim_device *igd;
};

static const struct sim_vars vars = {
    .index = 5,
    .serial = "SN0005",
    .oui = "00D09E",
    .product_class = "HG7000",
    .ip = "10.0.0.5",
    .acs_url = "http://acs.example:7547/",
    .cr_port = "30005",
};

static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof(*fx));
    struct sim_vars v2 = vars;

    v2.index = 6;
    v2.serial = "SN0006";
    fx->m181 = load_shipped("tr181-gateway.model");
    fx->m098 = load_shipped("tr098-gateway.model");
    assert_int_equal(sim_device_new(fx->m181, &vars, &fx->dev), 0);
    assert_int_equal(sim_device_new(fx->m181, &v2, &fx->dev2), 0);
    assert_int_equal(sim_device_new(fx->m098, &vars, &fx->igd), 0);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    sim_device_free(fx->dev);
    sim_device_free(fx->dev2);
    sim_device_free(fx->igd);
    sim_model_free(fx->m181);
    sim_model_free(fx->m098);
    free(fx);
    return 0;
}

/* Resets the shared devices between tests. */
static int reset(void **state)
{
    struct fx *fx = *state;
    sim_device_factory_reset(fx->dev);
    sim_device_factory_reset(fx->dev2);
    sim_device_factory_reset(fx->igd);
    return 0;
}

static const char *value(struct sim_device *d, const char *name)
{
    static char buf[1024];
    return sim_device_value(d, name, buf, sizeof(buf), NULL);
}

static void assert_value(struct sim_device *d, const char *name, const char *want)
{
    const char *got = value(d, name);
    if (got == NULL)
        fail_msg("%s: no such parameter", name);
    assert_string_equal(got, want);
}

/* ---- model files ---- */

static void test_tr181_loads(void **state)
{
    struct fx *fx = *state;
    enum cwmp_type t;
    char buf[64];

    assert_string_equal(sim_model_root(fx->m181), "Device.");
    assert_true(sim_model_param_count(fx->m181) > 300);
    assert_value(fx->dev, TR181 "DeviceInfo.Manufacturer", "SimuLink Networks");
    assert_value(fx->dev, TR181 "ManagementServer.PeriodicInformInterval", "86400");
    assert_non_null(sim_device_value(fx->dev, TR181 "DeviceInfo.UpTime", buf, sizeof(buf), &t));
    assert_int_equal(t, CWMP_TYPE_UNSIGNED_INT);
    assert_non_null(sim_device_value(fx->dev, TR181 "ManagementServer.PeriodicInformEnable", buf,
                                     sizeof(buf), &t));
    assert_int_equal(t, CWMP_TYPE_BOOLEAN);
    assert_non_null(
        sim_device_value(fx->dev, TR181 "Hosts.Host.1.ActiveLastChange", buf, sizeof(buf), &t));
    assert_int_equal(t, CWMP_TYPE_DATETIME);
    assert_value(fx->dev, TR181 "WiFi.AccessPoint.2.Security.ModeEnabled", "WPA2-WPA3-Personal");
    assert_value(fx->dev, TR181 "WiFi.AccessPoint.1.Security.ModeEnabled", "WPA2-Personal");
    assert_value(fx->dev, TR181 "IP.Diagnostics.IPPing.DiagnosticsState", "None");
    assert_value(fx->dev, TR181 "DeviceInfo.FirmwareImage.2.Status", "Available");
    assert_value(fx->dev, TR181 "NAT.PortMapping.1.ExternalPort", "8443");
    assert_value(fx->dev, TR181 "DHCPv4.Server.Pool.1.MinAddress", "192.168.1.100");
    assert_null(value(fx->dev, TR181 "DeviceInfo.NoSuchThing"));
    assert_null(value(fx->dev, TR181 "DeviceInfo."));
}

static void test_tr098_loads(void **state)
{
    struct fx *fx = *state;
    enum cwmp_type t;
    char buf[64];

    assert_string_equal(sim_model_root(fx->m098), "InternetGatewayDevice.");
    assert_true(sim_model_param_count(fx->m098) > 200);
    assert_value(fx->igd, IGD "DeviceInfo.SerialNumber", "SN0005");
    assert_value(fx->igd, IGD "LANDevice.1.WLANConfiguration.1.SSID", "SimuLink-SN0005");
    assert_value(fx->igd, IGD "LANDevice.1.Hosts.Host.2.HostName", "printer");
    assert_value(fx->igd,
                 IGD "WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.PortMapping.1."
                     "ExternalPort",
                 "2222");
    assert_value(fx->igd, IGD "IPPingDiagnostics.NumberOfRepetitions", "3");
    assert_non_null(sim_device_value(fx->igd,
                                     IGD "WANDevice.1.WANDSLInterfaceConfig.UpstreamNoiseMargin",
                                     buf, sizeof(buf), &t));
    assert_int_equal(t, CWMP_TYPE_INT);
}

static void test_placeholders(void **state)
{
    struct fx *fx = *state;
    struct sim_device *d;
    char mac[18], small[8];

    assert_value(fx->dev, TR181 "DeviceInfo.SerialNumber", "SN0005");
    assert_value(fx->dev2, TR181 "DeviceInfo.SerialNumber", "SN0006");
    assert_value(fx->dev, TR181 "DeviceInfo.ManufacturerOUI", "00D09E");
    assert_value(fx->dev, TR181 "DeviceInfo.ProductClass", "HG7000");
    assert_value(fx->dev, TR181 "ManagementServer.URL", "http://acs.example:7547/");
    assert_value(fx->dev, TR181 "ManagementServer.ConnectionRequestURL",
                 "http://10.0.0.5:30005/cr/SN0005");
    assert_value(fx->dev, TR181 "WiFi.SSID.2.SSID", "HomeNet-5G-SN0005");
    /* MACs: OUI + index * 8 + offset */
    assert_value(fx->dev, TR181 "Ethernet.Interface.1.MACAddress", "00:d0:9e:00:00:28");
    assert_value(fx->dev, TR181 "WiFi.SSID.1.BSSID", "00:d0:9e:00:00:2a");
    assert_value(fx->dev2, TR181 "Ethernet.Interface.1.MACAddress", "00:d0:9e:00:00:30");
    sim_mac_from_index(NULL, 1, 3, mac);
    assert_string_equal(mac, "02:00:00:00:00:0b");
    sim_mac_from_index("zz", 0, 0, mac);
    assert_string_equal(mac, "02:00:00:00:00:00");
    /* too small a buffer: NULL rather than a cut value */
    assert_null(sim_device_value(fx->dev, TR181 "DeviceInfo.SerialNumber", small, 4, NULL));
    /* defaults when the simulator gives nothing */
    assert_int_equal(sim_device_new(fx->m181, NULL, &d), 0);
    assert_value(d, TR181 "DeviceInfo.SerialNumber", "SIM000000000");
    assert_value(d, TR181 "Ethernet.Interface.1.MACAddress", "02:00:00:00:00:00");
    assert_value(d, TR181 "ManagementServer.URL", "");
    sim_device_free(d);
}

/* ---- GetParameterValues ---- */

static const char *find_value(const struct sim_values *l, const char *name)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i].name, name) == 0)
            return l->items[i].value;
    return NULL;
}

static void test_get_values(void **state)
{
    struct fx *fx = *state;
    struct sim_values out = {0};
    struct sim_fault f = {0};
    const char *names[] = {TR181 "DeviceInfo.SoftwareVersion", TR181 "WiFi.SSID.1."};
    const char *all[] = {""};
    const char *bad[] = {TR181 "DeviceInfo.SoftwareVersion", TR181 "WiFi.SSID.9."};
    const char *noslash[] = {TR181 "WiFi.SSID.1"};
    const char *secret[] = {TR181 "ManagementServer.Password"};

    assert_int_equal(sim_get_values(fx->dev, names, 2, &out, &f), 0);
    assert_string_equal(out.items[0].name, TR181 "DeviceInfo.SoftwareVersion");
    assert_string_equal(out.items[0].value, "7.2.14-r3");
    assert_int_equal(out.items[0].type, CWMP_TYPE_STRING);
    assert_string_equal(find_value(&out, TR181 "WiFi.SSID.1.SSID"), "HomeNet-SN0005");
    assert_string_equal(find_value(&out, TR181 "WiFi.SSID.1.Stats.BytesSent"), "734001882");
    assert_null(find_value(&out, TR181 "WiFi.SSID.2.SSID"));
    assert_int_equal(out.count, 1 + 15);
    sim_values_free(&out);

    const char *table[] = {TR181 "NAT.PortMapping."};
    assert_int_equal(sim_get_values(fx->dev, table, 1, &out, &f), 0);
    assert_int_equal(out.count, 13); /* the parameters of instance 1 */
    assert_string_equal(find_value(&out, TR181 "NAT.PortMapping.1.Description"), "NAS web");
    sim_values_free(&out);

    assert_int_equal(sim_get_values(fx->dev, all, 1, &out, &f), 0);
    assert_int_equal(out.count, sim_model_param_count(fx->m181));
    sim_values_free(&out);

    assert_int_equal(sim_get_values(fx->dev, bad, 2, &out, &f), CWMP_FAULT_INVALID_PARAMETER_NAME);
    assert_int_equal(f.code, 9005);
    assert_non_null(strstr(f.message, "WiFi.SSID.9."));
    sim_values_free(&out);
    sim_fault_clear(&f);
    assert_int_equal(sim_get_values(fx->dev, noslash, 1, &out, &f), 9005);
    sim_values_free(&out);
    sim_fault_clear(&f);

    /* passwords read as "" (TR-181), but the simulator sees them */
    assert_int_equal(sim_get_values(fx->dev, secret, 1, &out, &f), 0);
    assert_string_equal(out.items[0].value, "");
    sim_values_free(&out);
    assert_value(fx->dev, TR181 "ManagementServer.Password", "acs-secret");
}

/* ---- SetParameterValues ---- */

static void test_set_values(void **state)
{
    struct fx *fx = *state;
    struct sim_fault f = {0};
    int status = -1;
    struct sim_set set[] = {
        {TR181 "WiFi.SSID.1.SSID", "Office", "xsd:string"},
        {TR181 "ManagementServer.PeriodicInformInterval", " 600 ", "xsd:unsignedInt"},
        {TR181 "ManagementServer.PeriodicInformEnable", "0", NULL},
        {TR181 "NAT.PortMapping.1.Protocol", "UDP", "string"},
        {TR181 "ManagementServer.DelayReboot", "-1", "xsd:int"},
    };

    assert_int_equal(sim_set_values(fx->dev, set, 5, "key-1", &status, &f), 0);
    assert_int_equal(status, 0);
    assert_value(fx->dev, TR181 "WiFi.SSID.1.SSID", "Office");
    assert_value(fx->dev, TR181 "ManagementServer.PeriodicInformInterval", "600");
    assert_value(fx->dev, TR181 "ManagementServer.PeriodicInformEnable", "false");
    assert_value(fx->dev, TR181 "NAT.PortMapping.1.Protocol", "UDP");
    assert_value(fx->dev, TR181 "ManagementServer.ParameterKey", "key-1");
    /* the other device sharing the model did not change */
    assert_value(fx->dev2, TR181 "WiFi.SSID.1.SSID", "HomeNet-SN0006");
    assert_value(fx->dev2, TR181 "ManagementServer.ParameterKey", "");
    /* NULL key leaves it */
    assert_int_equal(sim_set_values(fx->dev, set, 1, NULL, &status, &f), 0);
    assert_value(fx->dev, TR181 "ManagementServer.ParameterKey", "key-1");
    /* TR-098 ParameterKey too */
    struct sim_set igd[] = {{IGD "ManagementServer.PeriodicInformInterval", "120", NULL}};
    assert_int_equal(sim_set_values(fx->igd, igd, 1, "k98", &status, &f), 0);
    assert_value(fx->igd, IGD "ManagementServer.ParameterKey", "k98");
}

static int param_code(const struct sim_fault *f, const char *name)
{
    for (size_t i = 0; i < f->nparams; i++)
        if (strcmp(f->params[i].name, name) == 0)
            return f->params[i].code;
    return 0;
}

static void test_set_values_atomic_faults(void **state)
{
    struct fx *fx = *state;
    struct sim_fault f = {0};
    int status;
    struct sim_set set[] = {
        {TR181 "WiFi.SSID.1.SSID", "Changed", NULL},                            /* ok */
        {TR181 "WiFi.SSID.1.NoSuch", "x", NULL},                                /* 9005 */
        {TR181 "WiFi.SSID.1.", "x", NULL},                                      /* 9005 */
        {TR181 "ManagementServer.PeriodicInformInterval", "60", "xsd:string"},  /* 9006 */
        {TR181 "ManagementServer.STUNServerPort", "abc", NULL},                 /* 9006 */
        {TR181 "ManagementServer.CWMPRetryMinimumWaitInterval", "70000", NULL}, /* 9007 */
        {TR181 "NAT.PortMapping.1.Protocol", "SCTP", NULL},                     /* 9007 */
        {TR181 "WiFi.SSID.2.SSID", "123456789012345678901234567890123", NULL},  /* 9007 */
        {TR181 "DeviceInfo.SerialNumber", "X", NULL},                           /* 9008 */
        {TR181 "ManagementServer.ParameterKey", "X", NULL},                     /* 9008 */
        {TR181 "WiFi.Radio.1.Channel", "7", "xsd:nonsense"},                    /* 9006 */
    };

    assert_int_equal(sim_set_values(fx->dev, set, 11, "k", &status, &f),
                     CWMP_FAULT_INVALID_ARGUMENTS);
    assert_int_equal(f.code, 9003);
    assert_int_equal(f.nparams, 10);
    assert_int_equal(param_code(&f, TR181 "WiFi.SSID.1.NoSuch"), 9005);
    assert_int_equal(param_code(&f, TR181 "WiFi.SSID.1."), 9005);
    assert_int_equal(param_code(&f, TR181 "ManagementServer.PeriodicInformInterval"), 9006);
    assert_int_equal(param_code(&f, TR181 "ManagementServer.STUNServerPort"), 9006);
    assert_int_equal(param_code(&f, TR181 "ManagementServer.CWMPRetryMinimumWaitInterval"), 9007);
    assert_int_equal(param_code(&f, TR181 "NAT.PortMapping.1.Protocol"), 9007);
    assert_int_equal(param_code(&f, TR181 "WiFi.SSID.2.SSID"), 9007);
    assert_int_equal(param_code(&f, TR181 "DeviceInfo.SerialNumber"), 9008);
    assert_int_equal(param_code(&f, TR181 "ManagementServer.ParameterKey"), 9008);
    assert_int_equal(param_code(&f, TR181 "WiFi.Radio.1.Channel"), 9006);
    assert_int_equal(param_code(&f, TR181 "WiFi.SSID.1.SSID"), 0);
    for (size_t i = 0; i < f.nparams; i++)
        assert_true(f.params[i].message[0] != '\0');
    sim_fault_clear(&f);
    /* nothing changed, not even the valid one or the key */
    assert_value(fx->dev, TR181 "WiFi.SSID.1.SSID", "HomeNet-SN0005");
    assert_value(fx->dev, TR181 "ManagementServer.ParameterKey", "");
    assert_true(sim_device_bytes(fx->dev) < 512);

    /* a name twice: 9003 for the whole call */
    struct sim_set twice[] = {{TR181 "WiFi.SSID.1.SSID", "a", NULL},
                              {TR181 "WiFi.SSID.1.SSID", "b", NULL}};
    assert_int_equal(sim_set_values(fx->dev, twice, 2, "k", &status, &f), 9003);
    assert_int_equal(f.nparams, 0);
    sim_fault_clear(&f);
    assert_value(fx->dev, TR181 "WiFi.SSID.1.SSID", "HomeNet-SN0005");

    /* lists: every item of the enumeration */
    struct sim_set list_ok[] = {{TR181 "WiFi.Radio.2.OperatingStandards", "ac,ax", NULL}};
    struct sim_set list_bad[] = {{TR181 "WiFi.Radio.2.OperatingStandards", "ac,zz", NULL}};
    assert_int_equal(sim_set_values(fx->dev, list_ok, 1, NULL, &status, &f), 0);
    assert_int_equal(sim_set_values(fx->dev, list_bad, 1, NULL, &status, &f), 9003);
    assert_int_equal(f.params[0].code, 9007);
    sim_fault_clear(&f);
}

/* ---- GetParameterNames ---- */

static int find_name(const struct sim_names *l, const char *name)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i].name, name) == 0)
            return l->items[i].writable;
    return -1;
}

static void test_get_names(void **state)
{
    struct fx *fx = *state;
    struct sim_names out = {0};
    struct sim_fault f = {0};

    assert_int_equal(sim_get_names(fx->dev, TR181 "WiFi.", 1, &out, &f), 0);
    assert_int_equal(find_name(&out, TR181 "WiFi.SSID."), 1);
    assert_int_equal(find_name(&out, TR181 "WiFi.Radio."), 0);
    assert_int_equal(find_name(&out, TR181 "WiFi.RadioNumberOfEntries"), 0);
    assert_int_equal(find_name(&out, TR181 "WiFi."), -1);        /* not itself */
    assert_int_equal(find_name(&out, TR181 "WiFi.SSID.1."), -1); /* not deeper */
    assert_int_equal(out.count, 6);
    sim_names_free(&out);

    assert_int_equal(sim_get_names(fx->dev, TR181 "WiFi.SSID.", 1, &out, &f), 0);
    assert_int_equal(out.count, 2);
    assert_string_equal(out.items[0].name, TR181 "WiFi.SSID.1.");
    assert_int_equal(out.items[0].writable, 1); /* deletable */
    sim_names_free(&out);

    assert_int_equal(sim_get_names(fx->dev, TR181 "WiFi.SSID.1.", 0, &out, &f), 0);
    assert_int_equal(find_name(&out, TR181 "WiFi.SSID.1."), 1);
    assert_int_equal(find_name(&out, TR181 "WiFi.SSID.1.Stats."), 0);
    assert_int_equal(find_name(&out, TR181 "WiFi.SSID.1.SSID"), 1);
    assert_int_equal(find_name(&out, TR181 "WiFi.SSID.1.BSSID"), 0);
    assert_int_equal(find_name(&out, TR181 "WiFi.SSID.1.Stats.BytesSent"), 0);
    assert_int_equal(out.count, 1 + 9 + 1 + 6);
    sim_names_free(&out);

    assert_int_equal(sim_get_names(fx->dev, TR181 "WiFi.SSID.1.SSID", 0, &out, &f), 0);
    assert_int_equal(out.count, 1);
    assert_int_equal(out.items[0].writable, 1);
    sim_names_free(&out);

    assert_int_equal(sim_get_names(fx->dev, "", 1, &out, &f), 0);
    assert_int_equal(out.count, 1);
    assert_string_equal(out.items[0].name, "Device.");
    sim_names_free(&out);

    assert_int_equal(sim_get_names(fx->dev, "", 0, &out, &f), 0);
    assert_true(out.count > sim_model_param_count(fx->m181));
    sim_names_free(&out);

    assert_int_equal(sim_get_names(fx->dev, TR181 "WiFi.SSID.1.SSID", 1, &out, &f), 9003);
    sim_names_free(&out);
    assert_int_equal(sim_get_names(fx->dev, TR181 "WiFi.Nope.", 0, &out, &f), 9005);
    assert_int_equal(sim_get_names(fx->dev, "Foo.", 0, &out, &f), 9005);
    assert_int_equal(sim_get_names(fx->dev, TR181 "WiFi.SSID.01.", 0, &out, &f), 9005);
    sim_names_free(&out);
}

/* ---- attributes ---- */

static void test_attributes(void **state)
{
    struct fx *fx = *state;
    struct sim_attrs out = {0};
    struct sim_fault f = {0};
    const char *names[] = {TR181 "DeviceInfo.SoftwareVersion", TR181 "WiFi.SSID.1.SSID"};
    const char *partial[] = {TR181 "DNS.Client.Server.2."};
    struct sim_set_attr set[] = {
        {TR181 "WiFi.SSID.1.SSID", 1, 1, 1, SIM_ACCESS_SUBSCRIBER},
        {TR181 "DNS.Client.Server.2.", 1, 2, 0, 0},
    };
    struct sim_set_attr refused[] = {
        {TR181 "WiFi.SSID.2.SSID", 1, 2, 0, 0},
        {TR181 "DeviceInfo.UpTime", 1, 2, 0, 0},
    };
    struct sim_set_attr badnum[] = {{TR181 "WiFi.SSID.2.SSID", 1, 3, 0, 0}};
    struct sim_set_attr unknown[] = {{TR181 "WiFi.SSID.2.Nope", 1, 1, 0, 0}};

    assert_int_equal(sim_get_attributes(fx->dev, names, 2, &out, &f), 0);
    assert_int_equal(out.items[0].notification, 2); /* notify=2 in the model */
    assert_int_equal(out.items[1].notification, 0);
    assert_int_equal(out.items[1].access, 0);
    sim_attrs_free(&out);

    assert_int_equal(sim_set_attributes(fx->dev, set, 2, &f), 0);
    assert_int_equal(sim_get_attributes(fx->dev, names, 2, &out, &f), 0);
    assert_int_equal(out.items[1].notification, 1);
    assert_int_equal(out.items[1].access, SIM_ACCESS_SUBSCRIBER);
    sim_attrs_free(&out);
    assert_int_equal(sim_get_attributes(fx->dev, partial, 1, &out, &f), 0);
    assert_int_equal(out.count, 6);
    for (size_t i = 0; i < out.count; i++)
        assert_int_equal(out.items[i].notification, 2);
    sim_attrs_free(&out);
    /* the other device keeps its own attributes */
    assert_int_equal(sim_get_attributes(fx->dev2, names, 2, &out, &f), 0);
    assert_int_equal(out.items[1].notification, 0);
    sim_attrs_free(&out);

    /* 9009, and nothing applied */
    assert_int_equal(sim_set_attributes(fx->dev, refused, 2, &f),
                     CWMP_FAULT_NOTIFICATION_REQUEST_REJECTED);
    assert_non_null(strstr(f.message, "UpTime"));
    const char *ssid2[] = {TR181 "WiFi.SSID.2.SSID"};
    assert_int_equal(sim_get_attributes(fx->dev, ssid2, 1, &out, &f), 0);
    assert_int_equal(out.items[0].notification, 0);
    sim_attrs_free(&out);
    /* a partial path over a refusing parameter is refused too */
    struct sim_set_attr info[] = {{TR181 "DeviceInfo.", 1, 2, 0, 0}};
    assert_int_equal(sim_set_attributes(fx->dev, info, 1, &f), 9009);
    /* passive is fine for UpTime */
    refused[1].notification = 1;
    assert_int_equal(sim_set_attributes(fx->dev, &refused[1], 1, &f), 0);

    assert_int_equal(sim_set_attributes(fx->dev, badnum, 1, &f), 9003);
    assert_int_equal(sim_set_attributes(fx->dev, unknown, 1, &f), 9005);
    const char *bad[] = {TR181 "Nope."};
    assert_int_equal(sim_get_attributes(fx->dev, bad, 1, &out, &f), 9005);
    sim_attrs_free(&out);
}

/* ---- AddObject / DeleteObject ---- */

static void test_add_delete(void **state)
{
    struct fx *fx = *state;
    struct sim_fault f = {0};
    struct sim_names names = {0};
    uint32_t inst = 0;
    int status = -1;

    assert_int_equal(sim_add_object(fx->dev, TR181 "WiFi.SSID.", "add-1", &inst, &status, &f), 0);
    assert_int_equal(inst, 3);
    assert_int_equal(status, 0);
    assert_value(fx->dev, TR181 "ManagementServer.ParameterKey", "add-1");
    /* the new instance has the schema defaults */
    assert_value(fx->dev, TR181 "WiFi.SSID.3.Enable", "false");
    assert_value(fx->dev, TR181 "WiFi.SSID.3.SSID", "");
    assert_value(fx->dev, TR181 "WiFi.SSID.3.Stats.BytesSent", "0");
    assert_null(value(fx->dev2, TR181 "WiFi.SSID.3.Enable"));

    /* a new access point gets its sub-objects and an empty nested table */
    assert_int_equal(sim_add_object(fx->dev, TR181 "WiFi.AccessPoint.", NULL, &inst, &status, &f),
                     0);
    assert_int_equal(inst, 3);
    assert_value(fx->dev, TR181 "WiFi.AccessPoint.3.Security.ModeEnabled", "WPA2-Personal");
    assert_int_equal(
        sim_get_names(fx->dev, TR181 "WiFi.AccessPoint.3.AssociatedDevice.", 1, &names, &f), 0);
    assert_int_equal(names.count, 0);
    sim_names_free(&names);
    assert_int_equal(sim_add_object(fx->dev, TR181 "WiFi.AccessPoint.3.AssociatedDevice.", NULL,
                                    &inst, &status, &f),
                     9005); /* read-only table */
    assert_int_equal(
        sim_device_add(fx->dev, TR181 "WiFi.AccessPoint.3.AssociatedDevice.", &inst, &f),
        0); /* the device itself may */
    assert_int_equal(inst, 1);

    /* numbers are never reused */
    assert_int_equal(sim_delete_object(fx->dev, TR181 "WiFi.SSID.3.", "del-1", &status, &f), 0);
    assert_value(fx->dev, TR181 "ManagementServer.ParameterKey", "del-1");
    assert_null(value(fx->dev, TR181 "WiFi.SSID.3.Enable"));
    assert_int_equal(sim_delete_object(fx->dev, TR181 "WiFi.SSID.2.", NULL, &status, &f), 0);
    assert_null(value(fx->dev, TR181 "WiFi.SSID.2.SSID"));
    assert_value(fx->dev2, TR181 "WiFi.SSID.2.SSID", "HomeNet-5G-SN0006");
    assert_int_equal(sim_add_object(fx->dev, TR181 "WiFi.SSID.", NULL, &inst, &status, &f), 0);
    assert_int_equal(inst, 4);
    assert_int_equal(sim_add_object(fx->dev, TR181 "NAT.PortMapping.", NULL, &inst, &status, &f),
                     0);
    assert_int_equal(inst, 2);
    assert_int_equal(sim_delete_object(fx->dev, TR181 "NAT.PortMapping.2.", NULL, &status, &f), 0);
    assert_int_equal(sim_add_object(fx->dev, TR181 "NAT.PortMapping.", NULL, &inst, &status, &f),
                     0);
    assert_int_equal(inst, 3);
    /* nested tables on TR-098 */
    assert_int_equal(
        sim_add_object(fx->igd,
                       IGD "WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.PortMapping.", "p",
                       &inst, &status, &f),
        0);
    assert_int_equal(inst, 2);
    assert_value(fx->igd,
                 IGD "WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.PortMapping.2."
                     "PortMappingProtocol",
                 "TCP");

    /* faults */
    assert_int_equal(sim_add_object(fx->dev, TR181 "DeviceInfo.", NULL, &inst, &status, &f), 9005);
    assert_non_null(strstr(f.message, "not a table"));
    assert_int_equal(sim_add_object(fx->dev, TR181 "Hosts.Host.", NULL, &inst, &status, &f), 9005);
    assert_int_equal(sim_add_object(fx->dev, TR181 "Nope.", NULL, &inst, &status, &f), 9005);
    assert_int_equal(sim_add_object(fx->dev, TR181 "WiFi.SSID", NULL, &inst, &status, &f), 9005);
    assert_int_equal(sim_add_object(fx->dev, TR181 "WiFi.SSID.1.", NULL, &inst, &status, &f), 9005);
    assert_int_equal(sim_delete_object(fx->dev, TR181 "WiFi.SSID.9.", NULL, &status, &f), 9005);
    assert_int_equal(sim_delete_object(fx->dev, TR181 "WiFi.SSID.", NULL, &status, &f), 9005);
    assert_int_equal(sim_delete_object(fx->dev, TR181 "Hosts.Host.1.", NULL, &status, &f), 9005);
    assert_int_equal(sim_delete_object(fx->dev, TR181 "WiFi.SSID.1.SSID", NULL, &status, &f), 9005);
    /* a failed call does not touch the key */
    assert_value(fx->dev, TR181 "ManagementServer.ParameterKey", "del-1");
    /* the device itself may remove a host */
    assert_value(fx->dev, TR181 "Hosts.HostNumberOfEntries", "3");
    assert_int_equal(sim_device_delete(fx->dev, TR181 "Hosts.Host.1.", &f), 0);
    assert_null(value(fx->dev, TR181 "Hosts.Host.1.HostName"));
    /* <T>NumberOfEntries follow the tables */
    assert_value(fx->dev, TR181 "Hosts.HostNumberOfEntries", "2");
    assert_value(fx->dev2, TR181 "Hosts.HostNumberOfEntries", "3");
    assert_value(fx->dev, TR181 "WiFi.SSIDNumberOfEntries", "2"); /* 1 and 4 */
    assert_value(fx->dev, TR181 "NAT.PortMappingNumberOfEntries", "2");
    assert_value(fx->dev, TR181 "WiFi.AccessPoint.3.AssociatedDeviceNumberOfEntries", "1");
    assert_value(fx->igd,
                 IGD "WANDevice.1.WANConnectionDevice.1.WANIPConnection.1."
                     "PortMappingNumberOfEntries",
                 "2");
}

/* ---- factory reset ---- */

/* --quirk reuse-instances: AddObject hands out the lowest free number. */
static void test_reuse_instances(void **state)
{
    struct fx *fx = *state;
    struct sim_fault f = {0};
    uint32_t inst = 0;
    int status = -1;

    sim_device_reuse_instances(fx->dev, 1);
    assert_int_equal(sim_add_object(fx->dev, TR181 "NAT.PortMapping.", NULL, &inst, &status, &f),
                     0);
    assert_int_equal(inst, 2);
    assert_int_equal(sim_add_object(fx->dev, TR181 "NAT.PortMapping.", NULL, &inst, &status, &f),
                     0);
    assert_int_equal(inst, 3);
    /* the number of a deleted instance comes back, the lowest first */
    assert_int_equal(sim_delete_object(fx->dev, TR181 "NAT.PortMapping.2.", NULL, &status, &f), 0);
    assert_int_equal(sim_delete_object(fx->dev, TR181 "NAT.PortMapping.1.", NULL, &status, &f), 0);
    assert_int_equal(sim_add_object(fx->dev, TR181 "NAT.PortMapping.", NULL, &inst, &status, &f),
                     0);
    assert_int_equal(inst, 1);
    assert_non_null(value(fx->dev, TR181 "NAT.PortMapping.1.Enable"));
    assert_int_equal(sim_add_object(fx->dev, TR181 "NAT.PortMapping.", NULL, &inst, &status, &f),
                     0);
    assert_int_equal(inst, 2);
    /* no gap left: above the highest */
    assert_int_equal(sim_add_object(fx->dev, TR181 "NAT.PortMapping.", NULL, &inst, &status, &f),
                     0);
    assert_int_equal(inst, 4);
    /* without the quirk: max + 1 */
    sim_device_reuse_instances(fx->dev, 0);
    assert_int_equal(sim_delete_object(fx->dev, TR181 "NAT.PortMapping.2.", NULL, &status, &f), 0);
    assert_int_equal(sim_add_object(fx->dev, TR181 "NAT.PortMapping.", NULL, &inst, &status, &f),
                     0);
    assert_int_equal(inst, 5);
}

static void test_factory_reset(void **state)
{
    struct fx *fx = *state;
    struct sim_fault f = {0};
    struct sim_set set[] = {{TR181 "WiFi.SSID.1.SSID", "Changed", NULL}};
    struct sim_set_attr attr[] = {{TR181 "WiFi.SSID.1.SSID", 1, 2, 0, 0}};
    const char *names[] = {TR181 "WiFi.SSID.1.SSID"};
    struct sim_attrs attrs = {0};
    uint32_t inst;
    int status;

    assert_int_equal(sim_set_values(fx->dev, set, 1, "k", &status, &f), 0);
    assert_int_equal(sim_set_attributes(fx->dev, attr, 1, &f), 0);
    assert_int_equal(sim_add_object(fx->dev, TR181 "WiFi.SSID.", NULL, &inst, &status, &f), 0);
    assert_int_equal(sim_add_object(fx->dev, TR181 "WiFi.SSID.", NULL, &inst, &status, &f), 0);
    assert_int_equal(inst, 4);
    assert_int_equal(sim_delete_object(fx->dev, TR181 "WiFi.SSID.2.", NULL, &status, &f), 0);
    assert_int_equal(sim_device_update(fx->dev, TR181 "WiFi.SSID.1.SSID", "Dev", &f), 0);
    assert_true(sim_device_active_pending(fx->dev));
    assert_true(sim_device_bytes(fx->dev) > 1000);

    sim_device_factory_reset(fx->dev);
    assert_value(fx->dev, TR181 "WiFi.SSID.1.SSID", "HomeNet-SN0005");
    assert_value(fx->dev, TR181 "WiFi.SSID.2.SSID", "HomeNet-5G-SN0005");
    assert_null(value(fx->dev, TR181 "WiFi.SSID.3.SSID"));
    assert_value(fx->dev, TR181 "ManagementServer.ParameterKey", "");
    assert_false(sim_device_active_pending(fx->dev));
    assert_int_equal(sim_get_attributes(fx->dev, names, 1, &attrs, &f), 0);
    assert_int_equal(attrs.items[0].notification, 0);
    sim_attrs_free(&attrs);
    /* numbering restarts after a factory reset */
    assert_int_equal(sim_add_object(fx->dev, TR181 "WiFi.SSID.", NULL, &inst, &status, &f), 0);
    assert_int_equal(inst, 3);
}

/* ---- value change notification (TR-069 3.2.1) ---- */

/* A change made while an Inform is in flight waits for the next one. */
static void test_changes_during_inform(void **state)
{
    struct fx *fx = *state;
    struct sim_fault f = {0};
    struct sim_values ch = {0};
    struct sim_set_attr attr[] = {{TR181 "WiFi.SSID.1.SSID", 1, 1, 0, 0},
                                  {TR181 "Hosts.Host.2.HostName", 1, 2, 0, 0}};
    uint32_t seq;
    int active = -1;

    assert_int_equal(sim_set_attributes(fx->dev, attr, 2, &f), 0);
    assert_int_equal(sim_device_update(fx->dev, TR181 "WiFi.SSID.1.SSID", "first", &f), 0);
    seq = sim_device_changes_seq(fx->dev); /* the Inform is built here */
    assert_int_equal(sim_device_update(fx->dev, TR181 "Hosts.Host.2.HostName", "later", &f), 0);
    sim_device_changes_clear_upto(fx->dev, seq); /* ... and delivered here */
    assert_true(sim_device_active_pending(fx->dev));
    assert_int_equal(sim_device_changes(fx->dev, &ch, &active), 0);
    assert_int_equal(ch.count, 1);
    assert_int_equal(active, 1);
    assert_string_equal(ch.items[0].name, TR181 "Hosts.Host.2.HostName");
    sim_values_free(&ch);

    /* a parameter carried by the Inform and changed again stays too */
    assert_int_equal(sim_device_update(fx->dev, TR181 "WiFi.SSID.1.SSID", "second", &f), 0);
    seq = sim_device_changes_seq(fx->dev);
    assert_int_equal(sim_device_update(fx->dev, TR181 "WiFi.SSID.1.SSID", "third", &f), 0);
    sim_device_changes_clear_upto(fx->dev, seq);
    assert_int_equal(sim_device_changes(fx->dev, &ch, &active), 0);
    assert_int_equal(ch.count, 1);
    assert_string_equal(ch.items[0].value, "third");
    sim_values_free(&ch);
    sim_device_changes_clear_upto(fx->dev, sim_device_changes_seq(fx->dev));
    assert_int_equal(sim_device_changes(fx->dev, &ch, &active), 0);
    assert_int_equal(ch.count, 0);
}

static void test_notifications(void **state)
{
    struct fx *fx = *state;
    struct sim_fault f = {0};
    struct sim_values ch = {0};
    struct sim_set_attr attr[] = {{TR181 "WiFi.SSID.1.SSID", 1, 1, 0, 0},
                                  {TR181 "Hosts.Host.2.HostName", 1, 2, 0, 0},
                                  {TR181 "Hosts.Host.3.HostName", 1, 1, 0, 0}};
    struct sim_set acs[] = {{TR181 "WiFi.SSID.1.SSID", "ByACS", NULL}};
    int active = -1, status;

    /* notification off: nothing recorded */
    assert_int_equal(sim_device_update(fx->dev, TR181 "DeviceInfo.UpTime", "120", &f), 0);
    assert_value(fx->dev, TR181 "DeviceInfo.UpTime", "120");
    assert_int_equal(sim_device_changes(fx->dev, &ch, &active), 0);
    assert_int_equal(ch.count, 0);
    assert_int_equal(active, 0);

    assert_int_equal(sim_set_attributes(fx->dev, attr, 3, &f), 0);
    /* values set by the ACS never notify */
    assert_int_equal(sim_set_values(fx->dev, acs, 1, NULL, &status, &f), 0);
    assert_int_equal(sim_device_changes(fx->dev, &ch, &active), 0);
    assert_int_equal(ch.count, 0);

    /* passive */
    assert_int_equal(sim_device_update(fx->dev, TR181 "WiFi.SSID.1.SSID", "ByDevice", &f), 0);
    assert_false(sim_device_active_pending(fx->dev));
    /* the same value again is no change */
    assert_int_equal(sim_device_update(fx->dev, TR181 "Hosts.Host.2.HostName", "nas", &f), 0);
    assert_false(sim_device_active_pending(fx->dev));
    /* active */
    assert_int_equal(sim_device_update(fx->dev, TR181 "Hosts.Host.2.HostName", "nas2", &f), 0);
    assert_true(sim_device_active_pending(fx->dev));
    assert_int_equal(sim_device_changes(fx->dev, &ch, &active), 0);
    assert_int_equal(active, 1);
    assert_int_equal(ch.count, 2);
    assert_string_equal(find_value(&ch, TR181 "WiFi.SSID.1.SSID"), "ByDevice");
    assert_string_equal(find_value(&ch, TR181 "Hosts.Host.2.HostName"), "nas2");
    sim_values_free(&ch);
    sim_device_changes_clear(fx->dev);
    assert_false(sim_device_active_pending(fx->dev));
    assert_int_equal(sim_device_changes(fx->dev, &ch, &active), 0);
    assert_int_equal(ch.count, 0);

    /* forced active: ConnectionRequestURL notifies whatever its attribute */
    struct sim_set_attr off[] = {{TR181 "ManagementServer.ConnectionRequestURL", 1, 0, 0, 0}};
    assert_int_equal(sim_set_attributes(fx->dev, off, 1, &f), 0);
    assert_int_equal(sim_device_update(fx->dev, TR181 "ManagementServer.ConnectionRequestURL",
                                       "http://10.0.0.99:30005/cr/SN0005", &f),
                     0);
    assert_true(sim_device_active_pending(fx->dev));
    /* a changed parameter whose object went away is not reported */
    assert_int_equal(sim_device_update(fx->dev, TR181 "Hosts.Host.3.HostName", "gone", &f), 0);
    assert_int_equal(sim_device_delete(fx->dev, TR181 "Hosts.Host.3.", &f), 0);
    assert_int_equal(sim_device_changes(fx->dev, &ch, &active), 0);
    assert_int_equal(ch.count, 1);
    assert_string_equal(ch.items[0].name, TR181 "ManagementServer.ConnectionRequestURL");
    sim_values_free(&ch);
    sim_device_changes_clear(fx->dev);

    /* a host appears: HostNumberOfEntries changes (passive here) */
    struct sim_set_attr count[] = {{TR181 "Hosts.HostNumberOfEntries", 1, 1, 0, 0},
                                   {TR181 "NAT.PortMappingNumberOfEntries", 1, 2, 0, 0}};
    uint32_t inst;
    assert_int_equal(sim_set_attributes(fx->dev, count, 2, &f), 0);
    assert_int_equal(sim_add_object(fx->dev, TR181 "NAT.PortMapping.", NULL, &inst, &status, &f),
                     0);
    assert_int_equal(sim_device_changes(fx->dev, &ch, &active), 0);
    assert_int_equal(ch.count, 0); /* the ACS added it: no notification */
    assert_int_equal(sim_device_add(fx->dev, TR181 "Hosts.Host.", &inst, &f), 0);
    assert_int_equal(inst, 4);
    assert_int_equal(sim_device_update(fx->dev, TR181 "Hosts.Host.4.HostName", "tablet", &f), 0);
    assert_int_equal(sim_device_changes(fx->dev, &ch, &active), 0);
    assert_int_equal(ch.count, 1);
    assert_int_equal(active, 0);
    assert_string_equal(ch.items[0].name, TR181 "Hosts.HostNumberOfEntries");
    assert_string_equal(ch.items[0].value, "3"); /* 1, 2 and 4 */
    sim_values_free(&ch);
    assert_int_equal(sim_device_delete(fx->dev, TR181 "NAT.PortMapping.2.", &f), 0);
    assert_true(sim_device_active_pending(fx->dev));
    assert_int_equal(sim_device_changes(fx->dev, &ch, &active), 0);
    assert_string_equal(find_value(&ch, TR181 "NAT.PortMappingNumberOfEntries"), "1");
    sim_values_free(&ch);

    /* device-side faults */
    assert_int_equal(sim_device_update(fx->dev, TR181 "DeviceInfo.Nope", "1", &f), 9005);
    assert_int_equal(sim_device_update(fx->dev, TR181 "DeviceInfo.UpTime", "-1", &f), 9006);
    assert_int_equal(
        sim_device_update(fx->dev, TR181 "IP.Diagnostics.IPPing.DiagnosticsState", "Done", &f),
        9007);
    assert_int_equal(
        sim_device_update(fx->dev, TR181 "IP.Diagnostics.IPPing.DiagnosticsState", "Complete", &f),
        0);
}

/* ---- memory: devices share the model ---- */

static void test_memory(void **state)
{
    struct fx *fx = *state;
    struct sim_fault f = {0};
    size_t before = sim_device_bytes(fx->dev), after;

    assert_true(before < 512); /* nothing copied yet */
    assert_int_equal(sim_device_update(fx->dev, TR181 "DeviceInfo.UpTime", "3600", &f), 0);
    after = sim_device_bytes(fx->dev);
    assert_true(after > before);
    print_message("# tr181 device: %zu bytes untouched, %zu after an UpTime update\n", before,
                  after);
    print_message("# tr098 device: %zu bytes untouched\n", sim_device_bytes(fx->igd));
}

/* ---- parse errors ---- */

struct bad {
    const char *text;
    const char *error; /* expected after "t.model:" */
};

static const struct bad bad_models[] = {
    {"Device.A string rw", "1: Device.A: missing value"},
    {"Device.A strin rw \"\"", "1: Device.A: unknown type \"strin\""},
    {"Device.A string xx \"\"", "1: access must be rw or ro"},
    {"# c\nDevice.A int rw 12x", "2: Device.A: bad value \"12x\""},
    {"Device.A int rw 5 range=6..9", "1: Device.A: bad value \"5\": value is out of the"},
    {"Device.A string rw \"abc", "1: unterminated string"},
    {"Device.A string rw \"a\"b", "1: text right after a closing quote"},
    {"Device.A string rw a\"b", "1: quote inside a bare word"},
    {"Device.A string rw x bogus=1", "1: unknown attribute \"bogus\""},
    {"Device.A string rw x enum=a,b", "1: Device.A: bad value \"x\": value is not one"},
    {"Device.A int rw 1 enum=a", "1: enum= is for string"},
    {"Device.A string rw x range=1..2", "1: range= is for integer"},
    {"Device.A int rw 1 range=5..1", "1: range minimum is above"},
    {"Device.A string rw ${nope}", "1: unknown placeholder ${nope}"},
    {"Device.A int rw ${serial}", "1: Device.A: placeholders are allowed in string"},
    {"Device.A string rw x\nOther.B string rw y", "2: Other.B: every name must start with Device."},
    {"Device.T.{i}. object rw\nDevice.T.X string rw x", "2: Device.T.X: T is a table"},
    {"Device.A string rw x\nDevice.A.B string rw y", "2: Device.A.B: A is a parameter"},
    {"Device.A. object rw\nDevice.A string rw y", "2: Device.A: A is an object"},
    {"Device.A.1.B string rw x\nDevice.A.1.B int rw 1", "2: Device.A.1.B: declared before"},
    {"Device.A.1.B string rw x\nDevice.A.2.B string rw y maxlen=3",
     "2: Device.A.2.B: attributes go on the first line"},
    {"Device.A.1.B string rw x\nDevice.A.{i}.B string rw y", "2: Device.A.{i}.B: the {i} line"},
    {"Device.A..B string rw x", "1: Device.A..B: bad name segment"},
    {"Device.A.0.B string rw x", "1: Device.A.0.B: bad name segment"},
    {"Device.A.1 string rw x", "1: Device.A.1: a parameter name must end"},
    {"Device.A. string rw x", "1: Device.A.: a name ending in '.' needs object"},
    {"Device.A object rw", "1: Device.A: an object name must end"},
    {"Device.A. object", "1: Device.A.: missing access"},
    {"Device.A. object rw extra", "1: Device.A.: unexpected \"extra\""},
    {"Device.A. instance", "1: Device.A.: an instance line names an instance"},
    {"Device.A.B string rw x\nDevice.A.1. instance", "2: Device.A.1.: A is not a table"},
    {"Device.A string rw x notify=3", "1: notify must be 0, 1 or 2"},
    {"Device.A int rw 1 maxlen=3", "1: maxlen= is for string"},
    {"Device.A string rw x maxlen=abc", "1: maxlen must be a number"},
    {"Device.A string rw \"a\\qb\"", "1: unknown escape"},
    {"\"Device.A\" string rw x", "1: a line must start with a name"},
    {"Device. object rw", "1: Device.: the root object cannot be writable"},
    {"Device.A", "1: Device.A: missing type"},
    {"Device string rw x", "1: Device: a parameter must be inside the root"},
    {"1.A string rw x", "1: 1.A: must start with the root object"},
    {"# only a comment\n", "2: no parameters in the file"},
    {"Device.A.9999999999.B string rw x", "1: Device.A.9999999999.B: bad instance number"},
};

static void test_parse_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bad_models) / sizeof(bad_models[0]); i++) {
        struct sim_model *m = (struct sim_model *)1;
        char err[512], want[512];
        const char *t = bad_models[i].text;
        snprintf(want, sizeof(want), "t.model:%s", bad_models[i].error);
        assert_int_equal(sim_model_parse("t.model", t, strlen(t), &m, err, sizeof(err)), -1);
        assert_null(m);
        if (strncmp(err, want, strlen(want)) != 0)
            fail_msg("model %zu: got \"%s\", want \"%s...\"", i, err, want);
    }
}

static void test_parse_good(void **state)
{
    static const char text[] =
        "# a small model\r\n"
        "Device.T. object rw\r\n" /* as a GetParameterNames dump lists it */
        "Device.T.3.Name string ro \"three\"   # comment\n"
        "Device.T.1. instance\n"
        "Device.T.1.Name string ro \"say \\\"hi\\\"\\n\"\n"
        "Device.T.1.Sub.N unsignedLong rw 18446744073709551615 range=..18446744073709551615\n"
        "Device.T.1.Sub.L long rw -5 range=-9223372036854775808..-1 notify=1\n"
        "Device.E enum-less string rw x\n";
    static const char good[] =
        "Device.T. object rw\n"
        "Device.T.3.Name string ro \"three\"   # comment\n"
        "Device.T.1. instance\n"
        "Device.T.1.Name string ro \"say \\\"hi\\\"\\n\"\n"
        "Device.T.1.Sub.N unsignedLong rw 18446744073709551615 range=..18446744073709551615\n"
        "Device.T.1.Sub.L long rw -5 range=-9223372036854775808..-1 notify=1\n"
        "Device.X.Y.Z dateTime ro 2026-01-01T00:00:00Z\n"
        "Device.H hexBinary rw \"\" maxlen=4 minlen=0\n"
        "Device.B base64 rw QUJD\n";
    struct sim_model *m;
    struct sim_device *d;
    struct sim_fault f = {0};
    char err[256];
    uint32_t inst;
    int status;

    (void)state;

    assert_int_equal(sim_model_parse("x", text, strlen(text), &m, err, sizeof(err)), -1);
    assert_string_equal(err, "x:8: Device.E: unknown type \"enum-less\"");
    assert_int_equal(sim_model_parse("g", good, strlen(good), &m, err, sizeof(err)), 0);
    assert_int_equal(sim_model_param_count(m), 9);
    assert_int_equal(sim_device_new(m, NULL, &d), 0);
    assert_value(d, "Device.T.1.Name", "say \"hi\"\n");
    assert_value(d, "Device.T.3.Name", "three");
    assert_value(d, "Device.T.1.Sub.N", "18446744073709551615");
    /* instance 3 exists: the next is 4; AddObject is allowed (rw) */
    assert_int_equal(sim_add_object(d, "Device.T.", NULL, &inst, &status, &f), 0);
    assert_int_equal(inst, 4);
    /* the first value seen is the default of a new instance */
    assert_value(d, "Device.T.4.Name", "three");
    struct sim_set bad[] = {{"Device.T.1.Sub.L", "0", NULL}, {"Device.H", "0102030405", NULL}};
    assert_int_equal(sim_set_values(d, bad, 2, NULL, &status, &f), 9003);
    assert_int_equal(f.params[0].code, 9007);
    assert_int_equal(f.params[1].code, 9007);
    sim_fault_clear(&f);
    sim_device_free(d);
    sim_model_free(m);

    /* finding shipped models by name (the source tree in a build) */
    char found[4096];
    assert_int_equal(sim_model_find("tr181-gateway", found, sizeof(found)), 0);
    assert_non_null(strstr(found, "tr181-gateway.model"));
    assert_int_equal(sim_model_load(found, &m, err, sizeof(err)), 0);
    sim_model_free(m);
    assert_int_equal(sim_model_find("tr098-gateway.model", err, sizeof(err)), 0);
    assert_int_equal(sim_model_find("no-such-model", err, sizeof(err)), -1);
    assert_int_equal(sim_model_find("/nonexistent/x.model", err, sizeof(err)), -1);

    /* a missing file */
    assert_int_equal(sim_model_load("/nonexistent/x.model", &m, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "/nonexistent/x.model"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_tr181_loads, reset),
        cmocka_unit_test_setup(test_tr098_loads, reset),
        cmocka_unit_test_setup(test_placeholders, reset),
        cmocka_unit_test_setup(test_get_values, reset),
        cmocka_unit_test_setup(test_set_values, reset),
        cmocka_unit_test_setup(test_set_values_atomic_faults, reset),
        cmocka_unit_test_setup(test_get_names, reset),
        cmocka_unit_test_setup(test_attributes, reset),
        cmocka_unit_test_setup(test_add_delete, reset),
        cmocka_unit_test_setup(test_reuse_instances, reset),
        cmocka_unit_test_setup(test_factory_reset, reset),
        cmocka_unit_test_setup(test_notifications, reset),
        cmocka_unit_test_setup(test_changes_during_inform, reset),
        cmocka_unit_test_setup(test_memory, reset),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_good),
    };
    return cmocka_run_group_tests_name("sim_model", tests, setup, teardown);
}
