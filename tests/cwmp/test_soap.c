/*
 * test_soap.c - the CWMP SOAP codec: every fixture in tests/cwmp/fixtures
 * parsed and checked field by field, messages built and parsed back,
 * namespace versions, header fields, xsi:type round trips, escaping,
 * hostile documents (billion laughs, XXE) and broken input.
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

/* ---- helpers ---- */

static char *slurp(const char *name, size_t *len)
{
    const char *top = getenv("abs_top_srcdir");
    char path[1024];
    FILE *f;
    char *buf;
    long n;

    snprintf(path, sizeof(path), "%s/tests/cwmp/fixtures/%s", top ? top : ".", name);
    f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open fixture %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Parses a fixture that must be fine and of the given type. */
static struct cwmp_msg *load(const char *name, enum cwmp_msg_type type)
{
    size_t len;
    char *data = slurp(name, &len);
    char err[256];
    struct cwmp_msg *m = NULL;
    int rc = cwmp_msg_parse(data, len, NULL, &m, err, sizeof(err));

    free(data);
    if (rc != CWMP_SOAP_OK)
        fail_msg("%s: rc %d: %s", name, rc, err);
    assert_non_null(m);
    assert_int_equal(m->type, type);
    assert_string_equal(m->method, cwmp_msg_type_name(type));
    return m;
}

/* Parses a fixture that must fail; returns the status. */
static int load_bad(const char *name, char *err, size_t errlen, struct cwmp_msg **out)
{
    size_t len;
    char *data = slurp(name, &len);
    int rc = cwmp_msg_parse(data, len, NULL, out, err, errlen);
    free(data);
    return rc;
}

static void pv(const struct cwmp_param_value *p, const char *name, const char *value,
               enum cwmp_type type)
{
    assert_string_equal(p->name, name);
    assert_string_equal(p->value, value);
    assert_int_equal(p->type, type);
}

/* Deep equality of two values of one described struct. */
static void same_struct(const struct cwmp_struct_desc *d, const char *a, const char *b);

static void same_str(const char *a, const char *b)
{
    /* The writer writes NULL as an empty element, which parses as "". */
    assert_string_equal(a ? a : "", b ? b : "");
}

static void same_field(const struct cwmp_field *f, const char *a, const char *b)
{
    const char *pa = a + f->offset, *pb = b + f->offset;
    size_t na, nb;

    switch (f->kind) {
    case CWMP_FIELD_STRING:
    case CWMP_FIELD_DATETIME:
        same_str(*(const char *const *)(const void *)pa, *(const char *const *)(const void *)pb);
        break;
    case CWMP_FIELD_INT:
    case CWMP_FIELD_BOOL:
        assert_int_equal(*(const int *)(const void *)pa, *(const int *)(const void *)pb);
        break;
    case CWMP_FIELD_UINT:
        assert_int_equal(*(const uint32_t *)(const void *)pa, *(const uint32_t *)(const void *)pb);
        break;
    case CWMP_FIELD_VALUE:
        same_str(*(const char *const *)(const void *)pa, *(const char *const *)(const void *)pb);
        assert_int_equal(*(const enum cwmp_type *)(const void *)(a + f->aux_offset),
                         *(const enum cwmp_type *)(const void *)(b + f->aux_offset));
        break;
    case CWMP_FIELD_STRUCT:
        same_struct(f->sub, pa, pb);
        break;
    case CWMP_FIELD_ARRAY:
    case CWMP_FIELD_REPEAT:
        na = *(const size_t *)(const void *)(a + f->aux_offset);
        nb = *(const size_t *)(const void *)(b + f->aux_offset);
        assert_int_equal(na, nb);
        for (size_t i = 0; i < na; i++) {
            const char *ia = *(const char *const *)(const void *)pa;
            const char *ib = *(const char *const *)(const void *)pb;
            if (f->sub)
                same_struct(f->sub, ia + i * f->sub->size, ib + i * f->sub->size);
            else
                same_str(((const char *const *)(const void *)ia)[i],
                         ((const char *const *)(const void *)ib)[i]);
        }
        break;
    }
}

static void same_struct(const struct cwmp_struct_desc *d, const char *a, const char *b)
{
    unsigned mask = ~0u;
    if (d->n_variants) {
        int va = *(const int *)(const void *)(a + d->variant_offset);
        assert_int_equal(va, *(const int *)(const void *)(b + d->variant_offset));
        mask = 1u << va;
    }
    for (size_t i = 0; i < d->n_fields; i++)
        if (!d->fields[i].variants || (d->fields[i].variants & mask))
            same_field(&d->fields[i], a, b);
}

/* Writes m, parses it back and checks the copy equals m. */
static void round_trip(const struct cwmp_msg *m)
{
    struct cwmp_buf b = {0};
    struct cwmp_msg *back = NULL;
    char err[256];
    int rc = cwmp_msg_write(m, &b, err, sizeof(err));

    if (rc != CWMP_SOAP_OK)
        fail_msg("write %s: %s", cwmp_msg_type_name(m->type), err);
    rc = cwmp_msg_parse(b.data, b.len, NULL, &back, err, sizeof(err));
    if (rc != CWMP_SOAP_OK)
        fail_msg("reparse %s: %s\n%s", cwmp_msg_type_name(m->type), err, b.data);
    assert_int_equal(back->type, m->type);
    assert_int_equal(back->ns_version, m->ns_version);
    assert_int_equal(back->id == NULL, m->id == NULL);
    same_str(back->id, m->id);
    assert_int_equal(back->hold_requests, m->hold_requests);
    assert_int_equal(back->no_more_requests, m->no_more_requests);
    assert_int_equal(back->session_timeout, m->session_timeout);
    assert_int_equal(back->supported_cwmp_versions == NULL, m->supported_cwmp_versions == NULL);
    same_struct(cwmp_msg_body_desc(m->type), (const char *)&back->body, (const char *)&m->body);
    cwmp_msg_free(back);
    cwmp_buf_free(&b);
}

static char *write_str(const struct cwmp_msg *m)
{
    struct cwmp_buf b = {0};
    char err[256];
    if (cwmp_msg_write(m, &b, err, sizeof(err)) != CWMP_SOAP_OK)
        fail_msg("write: %s", err);
    return b.data; /* caller frees */
}

/* ---- Informs ---- */

static void test_inform_tr098_cwmp10(void **state)
{
    struct cwmp_msg *m = load("inform_tr098_cwmp10.xml", CWMP_MSG_INFORM);
    const struct cwmp_inform *in = &m->body.inform;
    (void)state;

    assert_int_equal(m->ns_version, CWMP_NS_1_0);
    assert_string_equal(m->id, "1804289383");
    assert_false(m->hold_requests);
    assert_false(m->no_more_requests);
    assert_string_equal(in->device_id.manufacturer, "ZyXEL");
    assert_string_equal(in->device_id.oui, "001349");
    assert_string_equal(in->device_id.product_class, "P-660HN-T1A");
    assert_string_equal(in->device_id.serial_number, "S100Z47012345");
    assert_int_equal(in->n_events, 2);
    assert_string_equal(in->events[0].code, "0 BOOTSTRAP");
    assert_string_equal(in->events[0].command_key, "");
    assert_string_equal(in->events[1].code, "1 BOOT");
    assert_int_equal(in->max_envelopes, 1);
    assert_string_equal(in->current_time, "2026-11-21T19:35:12+01:00");
    assert_int_equal(in->retry_count, 0);
    assert_int_equal(in->n_params, 8);
    pv(&in->params[0], "InternetGatewayDevice.DeviceSummary",
       "InternetGatewayDevice:1.4[](Baseline:2, EthernetLAN:1, WiFiLAN:1, ADSLWAN:1, Time:1, "
       "IPPing:1)",
       CWMP_TYPE_STRING);
    pv(&in->params[4], "InternetGatewayDevice.DeviceInfo.ProvisioningCode", "", CWMP_TYPE_STRING);
    pv(&in->params[5], "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
       "http://10.20.30.40:7547/ZTZkMGEz", CWMP_TYPE_STRING);
    pv(&in->params[7],
       "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1."
       "ExternalIPAddress",
       "10.20.30.40", CWMP_TYPE_STRING);
    cwmp_msg_free(m);
}

static void test_inform_tr181_cwmp12(void **state)
{
    struct cwmp_msg *m = load("inform_tr181_cwmp12.xml", CWMP_MSG_INFORM);
    const struct cwmp_inform *in = &m->body.inform;
    (void)state;

    assert_int_equal(m->ns_version, CWMP_NS_1_2);
    assert_string_equal(m->id, "cpe-5f3a1c");
    assert_string_equal(in->device_id.manufacturer, "Technicolor");
    assert_string_equal(in->device_id.oui, "A0B549");
    assert_string_equal(in->device_id.product_class, "DGA4132");
    assert_string_equal(in->device_id.serial_number, "CP2134TFXYZ");
    assert_int_equal(in->n_events, 2);
    assert_string_equal(in->events[0].code, "2 PERIODIC");
    assert_string_equal(in->events[1].code, "4 VALUE CHANGE");
    assert_int_equal(in->retry_count, 2);
    assert_string_equal(in->current_time, "2026-11-21T19:35:12Z");
    assert_int_equal(in->n_params, 24);
    pv(&in->params[0], "Device.RootDataModelVersion", "2.12", CWMP_TYPE_STRING);
    pv(&in->params[4], "Device.DeviceInfo.UpTime", "864012", CWMP_TYPE_UNSIGNED_INT);
    pv(&in->params[8], "Device.DeviceInfo.FirstUseDate", "2024-03-02T08:11:45Z",
       CWMP_TYPE_DATETIME);
    pv(&in->params[12], "Device.ManagementServer.PeriodicInformEnable", "true", CWMP_TYPE_BOOLEAN);
    pv(&in->params[13], "Device.ManagementServer.AliasBasedAddressing", "0", CWMP_TYPE_BOOLEAN);
    pv(&in->params[16], "Device.IP.Interface.1.Stats.BytesSent", "18446744073709551000",
       CWMP_TYPE_UNSIGNED_LONG);
    pv(&in->params[18], "Device.Optical.Interface.1.OpticalSignalLevel", "-17520", CWMP_TYPE_INT);
    pv(&in->params[19], "Device.Optical.Interface.1.TransmitOpticalLevel", "-2310", CWMP_TYPE_LONG);
    pv(&in->params[20], "Device.WiFi.SSID.1.SSID", "Home & Garden <5G>", CWMP_TYPE_STRING);
    pv(&in->params[22], "Device.Security.Certificate.1.SerialNumber", "0a1b2c3d4e5f",
       CWMP_TYPE_HEXBINARY);
    pv(&in->params[23], "Device.X_TECHNICOLOR_Config.Blob", "SGVsbG8sIENXTVAh", CWMP_TYPE_BASE64);
    cwmp_msg_free(m);
}

static void test_inform_bom_noheader(void **state)
{
    struct cwmp_msg *m = load("inform_bom_noheader.xml", CWMP_MSG_INFORM);
    const struct cwmp_inform *in = &m->body.inform;
    (void)state;

    assert_null(m->id); /* no Header at all */
    assert_int_equal(m->ns_version, CWMP_NS_1_1);
    assert_string_equal(in->device_id.manufacturer, "Huawei Technologies Co., Ltd");
    assert_string_equal(in->device_id.serial_number, "48575443A1B2C3D4");
    assert_int_equal(in->n_events, 1);
    assert_string_equal(in->events[0].code, "6 CONNECTION REQUEST");
    assert_string_equal(in->current_time, "2026-11-21T20:35:12");
    assert_int_equal(in->n_params, 2);
    pv(&in->params[1], "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
       "http://192.0.2.7:7547/", CWMP_TYPE_STRING);
    cwmp_msg_free(m);
}

static void test_inform_multi_events(void **state)
{
    struct cwmp_msg *m = load("inform_multi_events.xml", CWMP_MSG_INFORM);
    const struct cwmp_inform *in = &m->body.inform;
    (void)state;

    assert_int_equal(m->ns_version, CWMP_NS_1_4);
    assert_string_equal(m->id, "42");
    assert_int_equal(m->session_timeout, 60);
    assert_string_equal(m->supported_cwmp_versions, "1.0,1.1,1.2,1.3,1.4");
    assert_null(m->use_cwmp_version);
    assert_int_equal(in->n_events, 5);
    assert_string_equal(in->events[0].code, "1 BOOT");
    assert_string_equal(in->events[1].code, "M Reboot");
    assert_string_equal(in->events[1].command_key, "reboot-7781");
    assert_string_equal(in->events[2].code, "7 TRANSFER COMPLETE");
    assert_string_equal(in->events[2].command_key, "");
    assert_string_equal(in->events[3].code, "M Download");
    assert_string_equal(in->events[3].command_key, "fw-7.57");
    assert_string_equal(in->events[4].code, "4 VALUE CHANGE");
    assert_string_equal(in->device_id.product_class, "FRITZ!Box 7590");
    assert_string_equal(in->current_time, "2026-11-21T19:36:00.250+01:00");
    assert_int_equal(in->n_params, 3);
    pv(&in->params[1], "Device.ManagementServer.ConnectionRequestURL",
       "https://[2001:db8::7]:7547/tr069", CWMP_TYPE_STRING);
    pv(&in->params[2], "Device.WiFi.Radio.1.Channel", "36", CWMP_TYPE_UNSIGNED_INT);
    cwmp_msg_free(m);
}

static void test_inform_sloppy(void **state)
{
    struct cwmp_msg *m = load("inform_sloppy.xml", CWMP_MSG_INFORM);
    const struct cwmp_inform *in = &m->body.inform;
    (void)state;

    /* Method without namespace: the version comes from the ID header. */
    assert_int_equal(m->ns_version, CWMP_NS_1_1);
    assert_string_equal(m->id, "  77  "); /* echoed exactly */
    assert_true(m->no_more_requests);
    assert_string_equal(in->device_id.manufacturer, "Generic");
    assert_string_equal(in->device_id.product_class, "");
    assert_int_equal(in->n_events, 1); /* no arrayType */
    assert_string_equal(in->events[0].code, "0 BOOTSTRAP");
    assert_null(in->events[0].command_key); /* missing element */
    assert_int_equal(in->max_envelopes, 1); /* " 1 " */
    assert_int_equal(in->retry_count, 0);   /* <RetryCount/> */
    assert_string_equal(in->current_time, "0001-01-01T00:00:00Z");
    assert_int_equal(in->n_params, 6); /* arrayType says 9 */
    pv(&in->params[0], "InternetGatewayDevice.DeviceInfo.SoftwareVersion", "1.0.0",
       CWMP_TYPE_STRING);
    pv(&in->params[1], "InternetGatewayDevice.DeviceInfo.UpTime", "12", CWMP_TYPE_UNSIGNED_INT);
    pv(&in->params[2], "InternetGatewayDevice.DeviceInfo.Description", "", CWMP_TYPE_STRING);
    pv(&in->params[3], "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Enable", "1",
       CWMP_TYPE_BOOLEAN); /* xsi prefix never declared */
    pv(&in->params[4], "InternetGatewayDevice.DeviceInfo.X_Odd", "7", CWMP_TYPE_STRING);
    pv(&in->params[5], "InternetGatewayDevice.DeviceInfo.Note", "a<b & c", CWMP_TYPE_STRING);
    cwmp_msg_free(m);
}

/* ---- other CPE -> ACS requests ---- */

static void test_transfer_complete(void **state)
{
    struct cwmp_msg *m = load("transfer_complete.xml", CWMP_MSG_TRANSFER_COMPLETE);
    const struct cwmp_transfer_complete *tc = &m->body.transfer_complete;
    (void)state;
    assert_string_equal(m->id, "tc-1");
    assert_string_equal(tc->command_key, "fw-upgrade-2026-11");
    assert_int_equal(tc->fault.code, 0);
    assert_string_equal(tc->fault.string, "");
    assert_string_equal(tc->start_time, "2026-11-21T19:20:01Z");
    assert_string_equal(tc->complete_time, "2026-11-21T19:24:47Z");
    cwmp_msg_free(m);

    m = load("transfer_complete_fault.xml", CWMP_MSG_TRANSFER_COMPLETE);
    tc = &m->body.transfer_complete;
    assert_int_equal(m->ns_version, CWMP_NS_1_0); /* soap:/soapenc: prefixes */
    assert_string_equal(tc->command_key, "cfg-17");
    assert_int_equal(tc->fault.code, 9016);
    assert_string_equal(tc->fault.string, "Download failure: unable to access file (HTTP 404)");
    assert_string_equal(tc->complete_time, "0001-01-01T00:00:00Z");
    cwmp_msg_free(m);
}

static void test_autonomous_transfer_complete(void **state)
{
    struct cwmp_msg *m =
        load("autonomous_transfer_complete.xml", CWMP_MSG_AUTONOMOUS_TRANSFER_COMPLETE);
    const struct cwmp_autonomous_transfer_complete *a = &m->body.autonomous_transfer_complete;
    (void)state;
    assert_int_equal(m->ns_version, CWMP_NS_1_1);
    assert_string_equal(a->announce_url, "");
    assert_string_equal(a->transfer_url, "http://files.example.net/cfg/backup-CP2134TFXYZ.cfg");
    assert_false(a->is_download);
    assert_string_equal(a->file_type, "3 Vendor Configuration File");
    assert_int_equal(a->file_size, 18244);
    assert_int_equal(a->fault.code, 0);
    assert_string_equal(a->start_time, "2026-11-21T18:00:00Z");
    cwmp_msg_free(m);
}

static void test_get_rpc_methods(void **state)
{
    struct cwmp_msg *m = load("get_rpc_methods.xml", CWMP_MSG_GET_RPC_METHODS);
    (void)state;
    assert_string_equal(m->id, "cpe-rpc-1");
    assert_false(m->hold_requests);
    cwmp_msg_free(m);
    m = load("get_rpc_methods_acs.xml", CWMP_MSG_GET_RPC_METHODS);
    assert_true(m->hold_requests);
    cwmp_msg_free(m);

    m = load("get_rpc_methods_response.xml", CWMP_MSG_GET_RPC_METHODS_RESPONSE);
    assert_int_equal(m->body.rpc_methods_resp.n_methods, 5);
    assert_string_equal(m->body.rpc_methods_resp.methods[0], "GetRPCMethods");
    assert_string_equal(m->body.rpc_methods_resp.methods[4], "X_0090D0_Ping");
    cwmp_msg_free(m);
}

static void test_request_download(void **state)
{
    struct cwmp_msg *m = load("request_download.xml", CWMP_MSG_REQUEST_DOWNLOAD);
    const struct cwmp_request_download *r = &m->body.request_download;
    (void)state;
    assert_string_equal(r->file_type, "2 Web Content");
    assert_int_equal(r->n_args, 2);
    assert_string_equal(r->args[0].name, "Version");
    assert_string_equal(r->args[0].value, "3.1");
    assert_string_equal(r->args[1].name, "Language");
    assert_string_equal(r->args[1].value, "de-DE");
    cwmp_msg_free(m);
}

static void test_kicked(void **state)
{
    struct cwmp_msg *m = load("kicked.xml", CWMP_MSG_KICKED);
    const struct cwmp_kicked *k = &m->body.kicked;
    (void)state;
    assert_string_equal(k->command, "activate");
    assert_string_equal(k->referer, "http://portal.example.net/welcome");
    assert_string_equal(k->arg, "plan=gold&months=12");
    assert_string_equal(k->next, "http://portal.example.net/done");
    cwmp_msg_free(m);
    m = load("kicked_response.xml", CWMP_MSG_KICKED_RESPONSE);
    assert_string_equal(m->body.kicked_resp.next_url, "http://portal.example.net/done?ok=1");
    cwmp_msg_free(m);
}

static void test_du_state_change_complete(void **state)
{
    struct cwmp_msg *m = load("du_state_change_complete.xml", CWMP_MSG_DU_STATE_CHANGE_COMPLETE);
    const struct cwmp_du_state_change_complete *d = &m->body.du_state_change_complete;
    (void)state;
    assert_int_equal(d->n_results, 2);
    assert_string_equal(d->results[0].uuid, "6f1c7a2e-3b4d-5e6f-8a9b-0c1d2e3f4a5b");
    assert_string_equal(d->results[0].deployment_unit_ref,
                        "Device.SoftwareModules.DeploymentUnit.3");
    assert_string_equal(d->results[0].version, "2.4.1");
    assert_string_equal(d->results[0].current_state, "Installed");
    assert_true(d->results[0].resolved);
    assert_string_equal(d->results[0].execution_unit_ref_list,
                        "Device.SoftwareModules.ExecutionUnit.3");
    assert_int_equal(d->results[0].fault.code, 0);
    assert_false(d->results[1].resolved);
    assert_int_equal(d->results[1].fault.code, 9018);
    assert_string_equal(d->results[1].fault.string, "File corrupted");
    assert_null(d->results[1].operation_performed);
    assert_string_equal(d->command_key, "du-batch-12");
    cwmp_msg_free(m);

    m = load("autonomous_du_state_change_complete.xml",
             CWMP_MSG_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE);
    d = &m->body.du_state_change_complete;
    assert_int_equal(m->ns_version, CWMP_NS_1_3);
    assert_int_equal(d->n_results, 1);
    assert_string_equal(d->results[0].current_state, "Uninstalled");
    assert_true(d->results[0].resolved); /* "1" */
    assert_string_equal(d->results[0].operation_performed, "Uninstall");
    assert_string_equal(d->results[0].complete_time, "2026-11-21T19:15:02Z");
    cwmp_msg_free(m);
}

/* ---- CPE -> ACS responses ---- */

static void test_gpv_response(void **state)
{
    struct cwmp_msg *m =
        load("get_parameter_values_response.xml", CWMP_MSG_GET_PARAMETER_VALUES_RESPONSE);
    const struct cwmp_param_values *r = &m->body.gpv_resp;
    (void)state;
    assert_string_equal(m->id, "acs-101");
    assert_int_equal(r->n_params, 4);
    pv(&r->params[0], "Device.DeviceInfo.UpTime", "864100", CWMP_TYPE_UNSIGNED_INT);
    pv(&r->params[1], "Device.WiFi.SSID.1.SSID", "Caf\xc3\xa9 \"Guest\"", CWMP_TYPE_STRING);
    pv(&r->params[2], "Device.WiFi.SSID.1.Enable", "false", CWMP_TYPE_BOOLEAN);
    pv(&r->params[3], "Device.Time.CurrentLocalTime", "2026-11-21T20:36:01+01:00",
       CWMP_TYPE_DATETIME);
    cwmp_msg_free(m);
}

static void test_status_responses(void **state)
{
    struct cwmp_msg *m =
        load("set_parameter_values_response.xml", CWMP_MSG_SET_PARAMETER_VALUES_RESPONSE);
    (void)state;
    assert_int_equal(m->body.spv_resp.status, 1);
    cwmp_msg_free(m);
    m = load("delete_object_response.xml", CWMP_MSG_DELETE_OBJECT_RESPONSE);
    assert_int_equal(m->body.delete_object_resp.status, 0);
    cwmp_msg_free(m);
    m = load("add_object_response.xml", CWMP_MSG_ADD_OBJECT_RESPONSE);
    assert_int_equal(m->body.add_object_resp.instance_number, 4);
    assert_int_equal(m->body.add_object_resp.status, 0);
    cwmp_msg_free(m);
    m = load("download_response.xml", CWMP_MSG_DOWNLOAD_RESPONSE);
    assert_int_equal(m->body.download_resp.status, 1);
    assert_string_equal(m->body.download_resp.start_time, "0001-01-01T00:00:00Z");
    cwmp_msg_free(m);
    m = load("upload_response.xml", CWMP_MSG_UPLOAD_RESPONSE);
    assert_int_equal(m->body.upload_resp.status, 0);
    assert_string_equal(m->body.upload_resp.complete_time, "2026-11-21T19:40:02Z");
    cwmp_msg_free(m);
}

static void test_gpn_gpa_responses(void **state)
{
    struct cwmp_msg *m =
        load("get_parameter_names_response.xml", CWMP_MSG_GET_PARAMETER_NAMES_RESPONSE);
    const struct cwmp_gpn_response *n = &m->body.gpn_resp;
    const struct cwmp_gpa_response *a;
    (void)state;
    assert_int_equal(n->n_params, 3);
    assert_string_equal(n->params[0].name, "Device.WiFi.SSID.1.");
    assert_false(n->params[0].writable);
    assert_true(n->params[1].writable);
    assert_false(n->params[2].writable);
    cwmp_msg_free(m);

    m = load("get_parameter_attributes_response.xml", CWMP_MSG_GET_PARAMETER_ATTRIBUTES_RESPONSE);
    a = &m->body.gpa_resp;
    assert_int_equal(a->n_params, 2);
    assert_string_equal(a->params[0].name, "Device.WiFi.SSID.1.SSID");
    assert_int_equal(a->params[0].notification, 2);
    assert_int_equal(a->params[0].n_access_list, 1);
    assert_string_equal(a->params[0].access_list[0], "Subscriber");
    assert_int_equal(a->params[1].notification, 1);
    assert_int_equal(a->params[1].n_access_list, 0);
    cwmp_msg_free(m);
}

static void test_empty_bodies(void **state)
{
    static const struct {
        const char *file;
        enum cwmp_msg_type type;
    } cases[] = {
        {"set_parameter_attributes_response.xml", CWMP_MSG_SET_PARAMETER_ATTRIBUTES_RESPONSE},
        {"reboot_response.xml", CWMP_MSG_REBOOT_RESPONSE},
        {"factory_reset_response.xml", CWMP_MSG_FACTORY_RESET_RESPONSE},
        {"schedule_inform_response.xml", CWMP_MSG_SCHEDULE_INFORM_RESPONSE},
        {"schedule_download_response.xml", CWMP_MSG_SCHEDULE_DOWNLOAD_RESPONSE},
        {"cancel_transfer_response.xml", CWMP_MSG_CANCEL_TRANSFER_RESPONSE},
        {"change_du_state_response.xml", CWMP_MSG_CHANGE_DU_STATE_RESPONSE},
        {"transfer_complete_response.xml", CWMP_MSG_TRANSFER_COMPLETE_RESPONSE},
        {"autonomous_transfer_complete_response.xml",
         CWMP_MSG_AUTONOMOUS_TRANSFER_COMPLETE_RESPONSE},
        {"request_download_response.xml", CWMP_MSG_REQUEST_DOWNLOAD_RESPONSE},
        {"du_state_change_complete_response.xml", CWMP_MSG_DU_STATE_CHANGE_COMPLETE_RESPONSE},
        {"autonomous_du_state_change_complete_response.xml",
         CWMP_MSG_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE_RESPONSE},
        {"factory_reset.xml", CWMP_MSG_FACTORY_RESET},
        {"get_queued_transfers.xml", CWMP_MSG_GET_QUEUED_TRANSFERS},
        {"get_all_queued_transfers.xml", CWMP_MSG_GET_ALL_QUEUED_TRANSFERS},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct cwmp_msg *m = load(cases[i].file, cases[i].type);
        assert_non_null(m->id);
        assert_int_equal(cwmp_msg_body_desc(m->type)->n_fields, 0);
        cwmp_msg_free(m);
    }
}

static void test_queued_transfers_responses(void **state)
{
    struct cwmp_msg *m =
        load("get_queued_transfers_response.xml", CWMP_MSG_GET_QUEUED_TRANSFERS_RESPONSE);
    const struct cwmp_queued_transfers_response *q = &m->body.gqt_resp;
    (void)state;
    assert_int_equal(q->n_transfers, 2);
    assert_string_equal(q->transfers[0].command_key, "fw-1");
    assert_int_equal(q->transfers[0].state, 2);
    assert_int_equal(q->transfers[1].state, 1);
    cwmp_msg_free(m);
    m = load("get_all_queued_transfers_response.xml", CWMP_MSG_GET_ALL_QUEUED_TRANSFERS_RESPONSE);
    q = &m->body.gaqt_resp;
    assert_int_equal(q->n_transfers, 1);
    assert_true(q->transfers[0].is_download);
    assert_string_equal(q->transfers[0].file_type, "1 Firmware Upgrade Image");
    assert_int_equal(q->transfers[0].file_size, 31457280);
    assert_string_equal(q->transfers[0].target_file_name, "fw.bin");
    cwmp_msg_free(m);
}

static void test_faults(void **state)
{
    struct cwmp_msg *m = load("fault_spv.xml", CWMP_MSG_FAULT);
    const struct cwmp_fault *f = &m->body.fault;
    (void)state;
    assert_string_equal(f->faultcode, "Client");
    assert_string_equal(f->faultstring, "CWMP fault");
    assert_int_equal(f->code, 9003);
    assert_string_equal(f->string, "Invalid arguments");
    assert_int_equal(f->n_spv_faults, 2);
    assert_string_equal(f->spv_faults[0].parameter_name, "Device.WiFi.SSID.1.SSID");
    assert_int_equal(f->spv_faults[0].code, 9007);
    assert_string_equal(f->spv_faults[0].string, "Invalid parameter value");
    assert_string_equal(f->spv_faults[1].parameter_name, "Device.DeviceInfo.SoftwareVersion");
    assert_int_equal(f->spv_faults[1].code, 9008);
    cwmp_msg_free(m);

    m = load("fault_method.xml", CWMP_MSG_FAULT);
    f = &m->body.fault;
    assert_string_equal(f->faultcode, "Server"); /* "SOAP-ENV:Server" */
    assert_int_equal(f->code, 9000);
    assert_int_equal(f->n_spv_faults, 0);
    assert_int_equal(m->ns_version, CWMP_NS_1_0);
    cwmp_msg_free(m);

    m = load("fault_acs.xml", CWMP_MSG_FAULT);
    assert_int_equal(m->body.fault.code, 8005);
    cwmp_msg_free(m);

    /* A bare SOAP Fault from a sloppy CPE is kept, with code 0. */
    m = load("fault_no_detail.xml", CWMP_MSG_FAULT);
    assert_string_equal(m->id, "acs-121");
    assert_string_equal(m->body.fault.faultcode, "Server");
    assert_string_equal(m->body.fault.faultstring, "Internal Server Error: dm_get failed");
    assert_int_equal(m->body.fault.code, 0);
    assert_null(m->body.fault.string);
    cwmp_msg_free(m);
}

/* ---- ACS -> CPE ---- */

static void test_acs_requests_params(void **state)
{
    struct cwmp_msg *m = load("get_parameter_values.xml", CWMP_MSG_GET_PARAMETER_VALUES);
    (void)state;
    assert_false(m->hold_requests); /* HoldRequests 0 */
    assert_int_equal(m->body.gpv.n_names, 3);
    assert_string_equal(m->body.gpv.names[1], "Device.WiFi.SSID.1.");
    cwmp_msg_free(m);

    m = load("set_parameter_values.xml", CWMP_MSG_SET_PARAMETER_VALUES);
    assert_int_equal(m->body.spv.n_params, 3);
    pv(&m->body.spv.params[0], "Device.WiFi.SSID.1.SSID", "Home & Garden", CWMP_TYPE_STRING);
    pv(&m->body.spv.params[1], "Device.WiFi.Radio.1.Channel", "36", CWMP_TYPE_UNSIGNED_INT);
    pv(&m->body.spv.params[2], "Device.ManagementServer.PeriodicInformEnable", "true",
       CWMP_TYPE_BOOLEAN);
    assert_string_equal(m->body.spv.parameter_key, "job-4412");
    cwmp_msg_free(m);

    m = load("get_parameter_names.xml", CWMP_MSG_GET_PARAMETER_NAMES);
    assert_string_equal(m->body.gpn.parameter_path, "Device.WiFi.SSID.1.");
    assert_true(m->body.gpn.next_level);
    cwmp_msg_free(m);

    m = load("get_parameter_attributes.xml", CWMP_MSG_GET_PARAMETER_ATTRIBUTES);
    assert_int_equal(m->body.gpa.n_names, 2);
    assert_string_equal(m->body.gpa.names[1], "Device.DeviceInfo.SoftwareVersion");
    cwmp_msg_free(m);

    m = load("set_parameter_attributes.xml", CWMP_MSG_SET_PARAMETER_ATTRIBUTES);
    assert_int_equal(m->body.spa.n_params, 1);
    assert_string_equal(m->body.spa.params[0].name, "Device.WiFi.SSID.1.SSID");
    assert_true(m->body.spa.params[0].notification_change);
    assert_int_equal(m->body.spa.params[0].notification, 2);
    assert_true(m->body.spa.params[0].access_list_change);
    assert_int_equal(m->body.spa.params[0].n_access_list, 1);
    assert_string_equal(m->body.spa.params[0].access_list[0], "Subscriber");
    cwmp_msg_free(m);

    m = load("add_object.xml", CWMP_MSG_ADD_OBJECT);
    assert_string_equal(m->body.add_object.object_name, "Device.NAT.PortMapping.");
    assert_string_equal(m->body.add_object.parameter_key, "pm-1");
    cwmp_msg_free(m);
    m = load("delete_object.xml", CWMP_MSG_DELETE_OBJECT);
    assert_string_equal(m->body.delete_object.object_name, "Device.NAT.PortMapping.4.");
    cwmp_msg_free(m);
    m = load("inform_response.xml", CWMP_MSG_INFORM_RESPONSE);
    assert_int_equal(m->body.inform_resp.max_envelopes, 1);
    cwmp_msg_free(m);
}

static void test_acs_requests_transfers(void **state)
{
    struct cwmp_msg *m = load("reboot.xml", CWMP_MSG_REBOOT);
    const struct cwmp_download *d;
    const struct cwmp_schedule_download *sd;
    const struct cwmp_change_du_state *c;
    (void)state;
    assert_string_equal(m->body.reboot.command_key, "reboot-7781");
    cwmp_msg_free(m);

    /* cwmp prefix used but never declared: matched by local name. */
    m = load("reboot_undeclared_prefix.xml", CWMP_MSG_REBOOT);
    assert_string_equal(m->id, "5");
    assert_int_equal(m->ns_version, CWMP_NS_1_0);
    assert_string_equal(m->body.reboot.command_key, "x");
    cwmp_msg_free(m);

    m = load("download.xml", CWMP_MSG_DOWNLOAD);
    d = &m->body.download;
    assert_string_equal(d->command_key, "fw-upgrade-2026-11");
    assert_string_equal(d->file_type, "1 Firmware Upgrade Image");
    assert_string_equal(d->url, "https://files.example.net/fw/DGA4132_20.4.bin");
    assert_string_equal(d->username, "cpe");
    assert_string_equal(d->password, "s3cr<t");
    assert_int_equal(d->file_size, 31457280);
    assert_string_equal(d->target_file_name, "");
    assert_int_equal(d->delay_seconds, 0);
    assert_string_equal(d->failure_url, "");
    cwmp_msg_free(m);

    m = load("upload.xml", CWMP_MSG_UPLOAD);
    assert_string_equal(m->body.upload.file_type, "2 Vendor Log File");
    assert_int_equal(m->body.upload.delay_seconds, 30);
    cwmp_msg_free(m);

    m = load("schedule_inform.xml", CWMP_MSG_SCHEDULE_INFORM);
    assert_int_equal(m->body.schedule_inform.delay_seconds, 300);
    assert_string_equal(m->body.schedule_inform.command_key, "later");
    cwmp_msg_free(m);

    m = load("schedule_download.xml", CWMP_MSG_SCHEDULE_DOWNLOAD);
    sd = &m->body.schedule_download;
    assert_string_equal(sd->command_key, "fw-night");
    assert_int_equal(sd->n_time_windows, 2);
    assert_int_equal(sd->time_windows[0].window_start, 3600);
    assert_int_equal(sd->time_windows[0].window_end, 7200);
    assert_string_equal(sd->time_windows[0].window_mode, "2 Immediately");
    assert_int_equal(sd->time_windows[0].max_retries, -1);
    assert_string_equal(sd->time_windows[1].user_message, "A new firmware is ready. Install now?");
    cwmp_msg_free(m);

    m = load("cancel_transfer.xml", CWMP_MSG_CANCEL_TRANSFER);
    assert_string_equal(m->body.cancel_transfer.command_key, "fw-night");
    cwmp_msg_free(m);

    m = load("change_du_state.xml", CWMP_MSG_CHANGE_DU_STATE);
    c = &m->body.change_du_state;
    assert_int_equal(c->n_ops, 3);
    assert_int_equal(c->ops[0].kind, CWMP_DU_OP_INSTALL);
    assert_string_equal(c->ops[0].url, "https://apps.example.net/speedtest-2.4.1.ipk");
    assert_string_equal(c->ops[0].execution_env_ref, "Device.SoftwareModules.ExecEnv.1");
    assert_null(c->ops[0].version);
    assert_int_equal(c->ops[1].kind, CWMP_DU_OP_UPDATE);
    assert_string_equal(c->ops[1].version, "1.0");
    assert_string_equal(c->ops[1].url, "https://apps.example.net/parental-1.1.ipk");
    assert_string_equal(c->ops[1].password, "p");
    assert_int_equal(c->ops[2].kind, CWMP_DU_OP_UNINSTALL);
    assert_string_equal(c->ops[2].uuid, "aaaaaaaa-bbbb-5ccc-8ddd-eeeeeeeeeeee");
    assert_string_equal(c->command_key, "du-batch-12");
    cwmp_msg_free(m);
}

/* ---- round trips ---- */

static void test_round_trip_fixtures(void **state)
{
    static const char *const files[] = {
        "inform_tr098_cwmp10.xml",
        "inform_tr181_cwmp12.xml",
        "inform_bom_noheader.xml",
        "inform_multi_events.xml",
        "inform_sloppy.xml",
        "transfer_complete.xml",
        "transfer_complete_fault.xml",
        "autonomous_transfer_complete.xml",
        "get_rpc_methods.xml",
        "get_rpc_methods_acs.xml",
        "get_rpc_methods_response.xml",
        "request_download.xml",
        "kicked.xml",
        "kicked_response.xml",
        "du_state_change_complete.xml",
        "autonomous_du_state_change_complete.xml",
        "get_parameter_values_response.xml",
        "set_parameter_values_response.xml",
        "get_parameter_names_response.xml",
        "get_parameter_attributes_response.xml",
        "set_parameter_attributes_response.xml",
        "add_object_response.xml",
        "delete_object_response.xml",
        "reboot_response.xml",
        "factory_reset_response.xml",
        "download_response.xml",
        "upload_response.xml",
        "schedule_inform_response.xml",
        "schedule_download_response.xml",
        "cancel_transfer_response.xml",
        "change_du_state_response.xml",
        "get_queued_transfers_response.xml",
        "get_all_queued_transfers_response.xml",
        "fault_spv.xml",
        "fault_method.xml",
        "fault_acs.xml",
        "inform_response.xml",
        "transfer_complete_response.xml",
        "autonomous_transfer_complete_response.xml",
        "request_download_response.xml",
        "du_state_change_complete_response.xml",
        "autonomous_du_state_change_complete_response.xml",
        "get_parameter_values.xml",
        "set_parameter_values.xml",
        "get_parameter_names.xml",
        "get_parameter_attributes.xml",
        "set_parameter_attributes.xml",
        "add_object.xml",
        "delete_object.xml",
        "reboot.xml",
        "factory_reset.xml",
        "download.xml",
        "upload.xml",
        "schedule_inform.xml",
        "schedule_download.xml",
        "cancel_transfer.xml",
        "change_du_state.xml",
        "get_queued_transfers.xml",
        "get_all_queued_transfers.xml",
    };
    int seen[CWMP_MSG_TYPE_COUNT] = {0};
    (void)state;

    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        size_t len;
        char *data = slurp(files[i], &len);
        struct cwmp_msg *m = NULL;
        char err[256];
        if (cwmp_msg_parse(data, len, NULL, &m, err, sizeof(err)) != CWMP_SOAP_OK)
            fail_msg("%s: %s", files[i], err);
        free(data);
        round_trip(m);
        seen[m->type] = 1;
        cwmp_msg_free(m);
    }
    /* Every message type has a fixture. */
    for (int t = CWMP_MSG_UNKNOWN + 1; t < CWMP_MSG_TYPE_COUNT; t++)
        if (!seen[t])
            fail_msg("no fixture for %s", cwmp_msg_type_name((enum cwmp_msg_type)t));
}

/* cwmp_msg_strndup stops at the NUL of a string shorter than len: the
 * source is a heap block of exactly 4 bytes, so reading len (32) bytes
 * would be a heap overflow that ASan reports. */
static void test_msg_strndup(void **state)
{
    struct cwmp_msg *m = cwmp_msg_new(CWMP_MSG_INFORM);
    char *shortstr = malloc(4);
    char *c;
    (void)state;

    assert_non_null(m);
    assert_non_null(shortstr);
    memcpy(shortstr, "abc", 4);
    c = cwmp_msg_strndup(m, shortstr, 32);
    assert_non_null(c);
    assert_string_equal(c, "abc");
    c = cwmp_msg_strndup(m, "abcdef", 3); /* longer than len: cut */
    assert_string_equal(c, "abc");
    c = cwmp_msg_strndup(m, "abc", 0);
    assert_string_equal(c, "");
    assert_null(cwmp_msg_strndup(m, NULL, 3));
    assert_null(cwmp_msg_strndup(NULL, "abc", 3));
    free(shortstr);
    cwmp_msg_free(m);
}

static void test_build_inform_and_reply(void **state)
{
    static const char *const values[] = {
        "s",    "-5",  "5", "-9000000000", "9000000000", "true", "2026-01-01T00:00:00Z",
        "AAEC", "00ff"};
    struct cwmp_msg *m = cwmp_msg_new(CWMP_MSG_INFORM);
    struct cwmp_inform *in;
    struct cwmp_msg reply, *back = NULL;
    char *xml, err[256];
    (void)state;

    assert_non_null(m);
    assert_int_equal(m->ns_version, CWMP_NS_LATEST);
    m->ns_version = CWMP_NS_1_2;
    m->id = cwmp_msg_strdup(m, "sim-1");
    in = &m->body.inform;
    in->device_id.manufacturer = "ACME";
    in->device_id.oui = "00AABB";
    in->device_id.product_class = "Box";
    in->device_id.serial_number = cwmp_msg_strdup(m, "SN1");
    in->n_events = 2;
    in->events = cwmp_msg_alloc(m, 2 * sizeof(*in->events));
    in->events[0].code = "1 BOOT";
    in->events[1].code = "M Reboot";
    in->events[1].command_key = "k";
    in->max_envelopes = 1;
    in->current_time = "2026-11-21T19:00:00Z";
    in->n_params = 9;
    in->params = cwmp_msg_alloc(m, 9 * sizeof(*in->params));
    for (int t = 0; t < 9; t++) {
        char name[64];
        snprintf(name, sizeof(name), "Device.X_Test.P%d", t);
        in->params[t].name = cwmp_msg_strdup(m, name);
        in->params[t].value = values[t];
        in->params[t].type = (enum cwmp_type)t;
    }
    round_trip(m);

    /* Every xsi:type is written with its canonical name. */
    xml = write_str(m);
    assert_non_null(strstr(xml, "SOAP-ENC:arrayType=\"cwmp:ParameterValueStruct[9]\""));
    assert_non_null(strstr(xml, "SOAP-ENC:arrayType=\"cwmp:EventStruct[2]\""));
    assert_non_null(strstr(xml, "xmlns:cwmp=\"urn:dslforum-org:cwmp-1-2\""));
    assert_non_null(strstr(xml, "<cwmp:ID SOAP-ENV:mustUnderstand=\"1\">sim-1</cwmp:ID>"));
    for (int t = 0; t < 9; t++) {
        char attr[64];
        snprintf(attr, sizeof(attr), "xsi:type=\"%s\"", cwmp_type_name((enum cwmp_type)t));
        assert_non_null(strstr(xml, attr));
    }
    free(xml);

    /* The reply echoes the ID and the version; MaxEnvelopes defaults to 1. */
    cwmp_msg_init_reply(&reply, CWMP_MSG_INFORM_RESPONSE, m);
    xml = write_str(&reply);
    assert_non_null(strstr(xml, "<cwmp:InformResponse>\n<MaxEnvelopes>1</MaxEnvelopes>"));
    assert_int_equal(cwmp_msg_parse(xml, strlen(xml), NULL, &back, err, sizeof(err)), CWMP_SOAP_OK);
    assert_int_equal(back->type, CWMP_MSG_INFORM_RESPONSE);
    assert_string_equal(back->id, "sim-1");
    assert_int_equal(back->ns_version, CWMP_NS_1_2);
    assert_int_equal(back->body.inform_resp.max_envelopes, 1);
    cwmp_msg_free(back);
    free(xml);
    cwmp_msg_free(m);
}

static void test_build_acs_requests(void **state)
{
    struct cwmp_msg m;
    const char *names[] = {"Device.", "Device.DeviceInfo.UpTime"};
    const char *acl[] = {"Subscriber"};
    struct cwmp_set_param_attr spa = {"Device.X.Y", 1, 2, 1, acl, 1};
    struct cwmp_time_window tw = {10, 20, "1 At Any Time", "msg <&>", -1};
    struct cwmp_du_op ops[3] = {
        {CWMP_DU_OP_INSTALL, "http://x/a.ipk", "u-1", "", "", "Device.SoftwareModules.ExecEnv.1",
         NULL},
        {CWMP_DU_OP_UPDATE, "http://x/b.ipk", "u-2", "user", "pw", NULL, "2.0"},
        {CWMP_DU_OP_UNINSTALL, NULL, "u-3", NULL, NULL, "", "1.0"},
    };
    char *xml;
    (void)state;

    cwmp_msg_init_reply(&m, CWMP_MSG_GET_PARAMETER_VALUES, NULL);
    m.id = "acs-1";
    m.hold_requests = 1;
    m.body.gpv.names = names;
    m.body.gpv.n_names = 2;
    round_trip(&m);
    xml = write_str(&m);
    assert_non_null(strstr(xml, "SOAP-ENC:arrayType=\"xsd:string[2]\""));
    assert_non_null(strstr(xml, "<string>Device.DeviceInfo.UpTime</string>"));
    assert_non_null(strstr(xml, "<cwmp:HoldRequests SOAP-ENV:mustUnderstand=\"1\">true"));
    free(xml);

    cwmp_msg_init_reply(&m, CWMP_MSG_SET_PARAMETER_ATTRIBUTES, NULL);
    m.body.spa.params = &spa;
    m.body.spa.n_params = 1;
    round_trip(&m);

    cwmp_msg_init_reply(&m, CWMP_MSG_SCHEDULE_DOWNLOAD, NULL);
    m.ns_version = CWMP_NS_1_1;
    m.body.schedule_download.command_key = "sd";
    m.body.schedule_download.url = "http://x/fw?a=1&b=2";
    m.body.schedule_download.file_size = 4000000000u;
    m.body.schedule_download.time_windows = &tw;
    m.body.schedule_download.n_time_windows = 1;
    round_trip(&m);

    cwmp_msg_init_reply(&m, CWMP_MSG_CHANGE_DU_STATE, NULL);
    m.body.change_du_state.ops = ops;
    m.body.change_du_state.n_ops = 3;
    m.body.change_du_state.command_key = "cds";
    round_trip(&m);
    xml = write_str(&m);
    assert_non_null(strstr(xml, "<OperationStruct xsi:type=\"cwmp:InstallOpStruct\">"));
    assert_non_null(strstr(xml, "<OperationStruct xsi:type=\"cwmp:UninstallOpStruct\">\n"
                                "<UUID>u-3</UUID>\n<Version>1.0</Version>\n"
                                "<ExecutionEnvRef></ExecutionEnvRef>\n</OperationStruct>"));
    free(xml);

    cwmp_msg_init_reply(&m, CWMP_MSG_DOWNLOAD, NULL);
    m.body.download.command_key = "dl";
    m.body.download.delay_seconds = 30;
    round_trip(&m);

    cwmp_msg_init_reply(&m, CWMP_MSG_FACTORY_RESET, NULL);
    m.id = "x";
    round_trip(&m);
}

static void test_build_faults(void **state)
{
    struct cwmp_msg m, *back = NULL;
    struct cwmp_spv_fault sf[2] = {{"Device.A", 9007, NULL}, {"Device.B", 9008, "ro"}};
    struct cwmp_buf b = {0};
    char err[256];
    (void)state;

    cwmp_msg_init_reply(&m, CWMP_MSG_FAULT, NULL);
    m.id = "f-1";
    m.body.fault.code = 9003;
    m.body.fault.spv_faults = sf;
    m.body.fault.n_spv_faults = 2;
    assert_int_equal(cwmp_msg_write(&m, &b, err, sizeof(err)), CWMP_SOAP_OK);
    assert_non_null(strstr(b.data, "<faultcode>Client</faultcode>"));
    assert_non_null(strstr(b.data, "<faultstring>CWMP fault</faultstring>"));
    assert_non_null(strstr(b.data, "<detail>\n<cwmp:Fault>\n<FaultCode>9003</FaultCode>"));
    assert_int_equal(cwmp_msg_parse(b.data, b.len, NULL, &back, err, sizeof(err)), CWMP_SOAP_OK);
    assert_int_equal(back->type, CWMP_MSG_FAULT);
    assert_string_equal(back->body.fault.string, "Invalid arguments");
    assert_int_equal(back->body.fault.n_spv_faults, 2);
    assert_string_equal(back->body.fault.spv_faults[0].parameter_name, "Device.A");
    assert_string_equal(back->body.fault.spv_faults[1].string, "ro");
    cwmp_msg_free(back);
    cwmp_buf_free(&b);

    /* The session engine's shortcut. */
    assert_int_equal(cwmp_write_fault(&b, CWMP_NS_1_0, "77", 8000, NULL, err, sizeof(err)),
                     CWMP_SOAP_OK);
    assert_int_equal(cwmp_msg_parse(b.data, b.len, NULL, &back, err, sizeof(err)), CWMP_SOAP_OK);
    assert_int_equal(back->ns_version, CWMP_NS_1_0);
    assert_string_equal(back->id, "77");
    assert_string_equal(back->body.fault.faultcode, "Server");
    assert_int_equal(back->body.fault.code, 8000);
    assert_string_equal(back->body.fault.string, "Method not supported");
    cwmp_msg_free(back);
    cwmp_buf_free(&b);

    assert_string_equal(cwmp_fault_soap_code(9005), "Client");
    assert_string_equal(cwmp_fault_soap_code(9002), "Server");
    assert_string_equal(cwmp_fault_soap_code(9899), "Server");
}

static void test_namespace_versions(void **state)
{
    enum cwmp_ns_version got;
    (void)state;

    for (int v = CWMP_NS_1_0; v <= CWMP_NS_1_4; v++) {
        struct cwmp_msg req, *back = NULL, reply;
        char *xml, err[256];
        char uri[64];

        snprintf(uri, sizeof(uri), "urn:dslforum-org:cwmp-1-%d", v);
        assert_string_equal(cwmp_ns_uri((enum cwmp_ns_version)v), uri);
        assert_int_equal(cwmp_ns_from_uri(uri, strlen(uri), &got), 0);
        assert_int_equal(got, v);

        cwmp_msg_init_reply(&req, CWMP_MSG_GET_RPC_METHODS, NULL);
        req.ns_version = (enum cwmp_ns_version)v;
        req.id = "v";
        xml = write_str(&req);
        assert_int_equal(cwmp_msg_parse(xml, strlen(xml), NULL, &back, err, sizeof(err)),
                         CWMP_SOAP_OK);
        assert_int_equal(back->ns_version, v);
        cwmp_msg_init_reply(&reply, CWMP_MSG_GET_RPC_METHODS_RESPONSE, back);
        assert_int_equal(reply.ns_version, v);
        assert_string_equal(reply.id, "v");
        cwmp_msg_free(back);
        free(xml);
    }
    assert_null(cwmp_ns_uri((enum cwmp_ns_version)5));
    assert_int_equal(cwmp_ns_from_uri("urn:dslforum-org:cwmp-1-5", 25, &got), -1);
    assert_int_equal(cwmp_ns_from_uri("urn:dslforum-org:cwmp-2-0", 25, &got), -1);
}

static void test_header_fields(void **state)
{
    struct cwmp_msg m, *back = NULL;
    char *xml, err[256];
    (void)state;

    cwmp_msg_init_reply(&m, CWMP_MSG_INFORM_RESPONSE, NULL);
    m.id = "a&b<c>";
    m.hold_requests = 1;
    m.no_more_requests = 1;
    m.session_timeout = 120;
    m.supported_cwmp_versions = "1.0,1.4";
    m.use_cwmp_version = "1.4";
    xml = write_str(&m);
    assert_non_null(strstr(xml, ">a&amp;b&lt;c&gt;</cwmp:ID>"));
    assert_int_equal(cwmp_msg_parse(xml, strlen(xml), NULL, &back, err, sizeof(err)), CWMP_SOAP_OK);
    assert_string_equal(back->id, "a&b<c>");
    assert_true(back->hold_requests);
    assert_true(back->no_more_requests);
    assert_int_equal(back->session_timeout, 120);
    assert_string_equal(back->supported_cwmp_versions, "1.0,1.4");
    assert_string_equal(back->use_cwmp_version, "1.4");
    cwmp_msg_free(back);
    free(xml);

    /* No ID and no flags: no Header at all. */
    cwmp_msg_init_reply(&m, CWMP_MSG_REBOOT_RESPONSE, NULL);
    xml = write_str(&m);
    assert_null(strstr(xml, "Header"));
    free(xml);
}

static void test_escaping_and_bad_text(void **state)
{
    struct cwmp_msg m, *back = NULL;
    struct cwmp_param_value p = {"Device.X", "a&b <c> \"d\" 'e'\r\n\tf \xe2\x82\xac",
                                 CWMP_TYPE_STRING};
    const char *good = p.value;
    struct cwmp_buf b = {0};
    char err[256];
    (void)state;

    cwmp_msg_init_reply(&m, CWMP_MSG_SET_PARAMETER_VALUES, NULL);
    m.body.spv.params = &p;
    m.body.spv.n_params = 1;
    m.body.spv.parameter_key = "";
    assert_int_equal(cwmp_msg_write(&m, &b, err, sizeof(err)), CWMP_SOAP_OK);
    assert_non_null(strstr(b.data, "a&amp;b &lt;c&gt; \"d\" 'e'&#13;\n\tf \xe2\x82\xac"));
    assert_int_equal(cwmp_msg_parse(b.data, b.len, NULL, &back, err, sizeof(err)), CWMP_SOAP_OK);
    assert_string_equal(back->body.spv.params[0].value, good); /* \r survives */
    cwmp_msg_free(back);

    /* A control character or broken UTF-8 is refused, out left as it was. */
    b.len = 3;
    b.data[3] = '\0';
    p.value = "bell\a";
    assert_int_equal(cwmp_msg_write(&m, &b, err, sizeof(err)), CWMP_SOAP_ERR_ARGS);
    assert_non_null(strstr(err, "Value: byte 0x07 at offset 4"));
    assert_int_equal(b.len, 3);
    p.value = "bad \xc3\x28";
    assert_int_equal(cwmp_msg_write(&m, &b, err, sizeof(err)), CWMP_SOAP_ERR_ARGS);
    assert_int_equal(b.len, 3);
    p.value = "surrogate \xed\xa0\x80";
    assert_int_equal(cwmp_msg_write(&m, &b, err, sizeof(err)), CWMP_SOAP_ERR_ARGS);
    cwmp_buf_free(&b);

    /* A count without its array is refused, not dereferenced. */
    m.body.spv.params = NULL;
    assert_int_equal(cwmp_msg_write(&m, &b, err, sizeof(err)), CWMP_SOAP_ERR_ARGS);
    assert_string_equal(err, "ParameterList: 1 items but no array");
    cwmp_buf_free(&b);

    /* Unwritable types and versions. */
    cwmp_msg_init_reply(&m, CWMP_MSG_UNKNOWN, NULL);
    assert_int_equal(cwmp_msg_write(&m, &b, err, sizeof(err)), CWMP_SOAP_ERR_ARGS);
    assert_non_null(strstr(err, "cannot write message type 0"));
    cwmp_msg_init_reply(&m, CWMP_MSG_REBOOT, NULL);
    m.ns_version = (enum cwmp_ns_version)9;
    assert_int_equal(cwmp_msg_write(&m, &b, err, sizeof(err)), CWMP_SOAP_ERR_ARGS);
    assert_non_null(strstr(err, "namespace version 9"));
    cwmp_buf_free(&b);
}

static void test_type_tables(void **state)
{
    enum cwmp_msg_type back;
    (void)state;

    for (int t = CWMP_MSG_UNKNOWN + 1; t < CWMP_MSG_TYPE_COUNT; t++) {
        const char *name = cwmp_msg_type_name((enum cwmp_msg_type)t);
        assert_non_null(name);
        assert_int_equal(cwmp_msg_type_from_name(name, strlen(name), &back), 0);
        assert_int_equal(back, t);
        assert_non_null(cwmp_msg_body_desc((enum cwmp_msg_type)t));
    }
    assert_null(cwmp_msg_type_name(CWMP_MSG_UNKNOWN));
    assert_null(cwmp_msg_body_desc(CWMP_MSG_TYPE_COUNT));
    assert_int_equal(cwmp_msg_type_from_name("Infor", 5, &back), -1);
    assert_int_equal(cwmp_msg_type_from_name("InformX", 7, &back), -1);
    assert_int_equal(cwmp_msg_response_type(CWMP_MSG_INFORM), CWMP_MSG_INFORM_RESPONSE);
    assert_int_equal(cwmp_msg_response_type(CWMP_MSG_GET_RPC_METHODS),
                     CWMP_MSG_GET_RPC_METHODS_RESPONSE);
    assert_int_equal(cwmp_msg_response_type(CWMP_MSG_CHANGE_DU_STATE),
                     CWMP_MSG_CHANGE_DU_STATE_RESPONSE);
    assert_int_equal(cwmp_msg_response_type(CWMP_MSG_INFORM_RESPONSE), CWMP_MSG_UNKNOWN);
}

/* ---- hostile and broken input ---- */

static void expect_bad(const char *file, int status, const char *msg_part)
{
    char err[256] = "";
    struct cwmp_msg *m = NULL;
    int rc = load_bad(file, err, sizeof(err), &m);
    if (rc != status)
        fail_msg("%s: rc %d, want %d (%s)", file, rc, status, err);
    assert_null(m);
    if (!strstr(err, msg_part))
        fail_msg("%s: message \"%s\" lacks \"%s\"", file, err, msg_part);
}

static void test_billion_laughs_xxe(void **state)
{
    (void)state;
    expect_bad("bad_billion_laughs.xml", CWMP_SOAP_ERR_XML, "DOCTYPE not allowed");
    expect_bad("bad_xxe.xml", CWMP_SOAP_ERR_XML, "DOCTYPE not allowed");
    expect_bad("bad_xxe_param.xml", CWMP_SOAP_ERR_XML, "DOCTYPE not allowed");
    expect_bad("bad_undefined_entity.xml", CWMP_SOAP_ERR_XML, "Entity 'nbsp' not defined");
    /* A broken XML declaration before a DOCTYPE (found by fuzz_soap:
     * libxml2 went on and built a document of its own, which leaked). */
    expect_bad("bad_broken_entity_decl.xml", CWMP_SOAP_ERR_XML,
               "XML error at line 1 column 7: Malformed declaration");
}

static void test_malformed(void **state)
{
    (void)state;
    expect_bad("bad_truncated.xml", CWMP_SOAP_ERR_XML, "XML error at line");
    expect_bad("bad_garbage.bin", CWMP_SOAP_ERR_XML, "XML error at line 1");
    expect_bad("bad_mismatched.xml", CWMP_SOAP_ERR_XML, "tag mismatch");
    expect_bad("bad_not_soap.xml", CWMP_SOAP_ERR_ENVELOPE, "root element is <html>");
    expect_bad("bad_no_body.xml", CWMP_SOAP_ERR_ENVELOPE, "without Body");
    expect_bad("bad_empty_body.xml", CWMP_SOAP_ERR_ENVELOPE, "Body is empty");
    expect_bad("bad_deep.xml", CWMP_SOAP_ERR_LIMIT, "nested too deep");
}

static void test_every_truncation_rejected(void **state)
{
    size_t len;
    char *data = slurp("inform_tr181_cwmp12.xml", &len);
    (void)state;

    /* Every prefix that cuts into the root element is an error with a
     * message, never a crash. */
    for (size_t n = 0; n + 20 < len; n++) {
        struct cwmp_msg *m = NULL;
        char err[256] = "";
        int rc = cwmp_msg_parse(data, n, NULL, &m, err, sizeof(err));
        if (rc == CWMP_SOAP_OK)
            fail_msg("prefix of %zu bytes accepted", n);
        assert_true(err[0] != '\0');
        cwmp_msg_free(m);
    }
    free(data);
}

static void test_method_and_argument_errors(void **state)
{
    char err[256];
    struct cwmp_msg *m = NULL;
    (void)state;

    /* Unknown method: still a message, so the caller can fault with the ID. */
    assert_int_equal(load_bad("bad_unknown_method.xml", err, sizeof(err), &m),
                     CWMP_SOAP_ERR_METHOD);
    assert_non_null(m);
    assert_int_equal(m->type, CWMP_MSG_UNKNOWN);
    assert_string_equal(m->method, "X_ACME_Frobnicate");
    assert_string_equal(m->id, "u-1");
    assert_int_equal(m->ns_version, CWMP_NS_1_2);
    assert_non_null(strstr(err, "unknown method X_ACME_Frobnicate"));
    cwmp_msg_free(m);

    assert_int_equal(load_bad("bad_int.xml", err, sizeof(err), &m), CWMP_SOAP_ERR_ARGS);
    assert_non_null(m);
    assert_string_equal(m->id, "b-1");
    assert_int_equal(m->type, CWMP_MSG_ADD_OBJECT_RESPONSE);
    assert_string_equal(err, "AddObjectResponse: InstanceNumber \"four\" is not an unsignedInt");
    cwmp_msg_free(m);
}

static void test_limits(void **state)
{
    size_t len;
    char *data = slurp("inform_tr181_cwmp12.xml", &len);
    struct cwmp_soap_limits lim;
    struct cwmp_msg *m = NULL;
    char err[256];
    (void)state;

    memset(&lim, 0, sizeof(lim));
    lim.max_size = 1000;
    assert_int_equal(cwmp_msg_parse(data, len, &lim, &m, err, sizeof(err)), CWMP_SOAP_ERR_LIMIT);
    assert_non_null(strstr(err, "exceeds the limit of 1000"));
    memset(&lim, 0, sizeof(lim));
    lim.max_elements = 50;
    assert_int_equal(cwmp_msg_parse(data, len, &lim, &m, err, sizeof(err)), CWMP_SOAP_ERR_LIMIT);
    assert_string_equal(err, "too many elements");
    memset(&lim, 0, sizeof(lim));
    lim.max_text = 20; /* some values are longer */
    assert_int_equal(cwmp_msg_parse(data, len, &lim, &m, err, sizeof(err)), CWMP_SOAP_ERR_LIMIT);
    assert_string_equal(err, "element text too long");
    memset(&lim, 0, sizeof(lim));
    lim.max_depth = 5; /* Envelope/Body/Inform/ParameterList/Struct/Value is 6 */
    assert_int_equal(cwmp_msg_parse(data, len, &lim, &m, err, sizeof(err)), CWMP_SOAP_ERR_LIMIT);
    assert_null(m);
    lim.max_depth = 6;
    assert_int_equal(cwmp_msg_parse(data, len, &lim, &m, err, sizeof(err)), CWMP_SOAP_OK);
    cwmp_msg_free(m);
    assert_int_equal(cwmp_msg_parse("", 0, NULL, &m, err, sizeof(err)), CWMP_SOAP_ERR_XML);
    assert_string_equal(err, "empty document");
    free(data);
}

/* One start tag with very many attributes costs libxml2 n^2: refused
 * before parsing, also when values hide '>' or comments hide quotes. */
static void test_attribute_flood(void **state)
{
    struct cwmp_buf b = {0};
    struct cwmp_soap_limits lim = {0};
    struct cwmp_msg *m = NULL;
    char err[256];
    (void)state;

    cwmp_buf_puts(&b, "<?xml version=\"1.0\"?><!-- it's a \"test\" <x a='1'> -->"
                      "<Envelope><Body><Inform ");
    for (int i = 0; i < 20000; i++)
        cwmp_buf_printf(&b, "a%d=\">\" ", i);
    cwmp_buf_puts(&b, "/></Body></Envelope>");
    assert_int_equal(cwmp_msg_parse(b.data, b.len, NULL, &m, err, sizeof(err)),
                     CWMP_SOAP_ERR_LIMIT);
    assert_null(m);
    assert_string_equal(err, "an element has more than 64 attributes");

    /* 64 are fine (the document is then a valid, if odd, Inform). */
    cwmp_buf_reset(&b);
    cwmp_buf_puts(&b, "<Envelope><Body><Inform ");
    for (int i = 0; i < 64; i++)
        cwmp_buf_printf(&b, "a%d='x=y' ", i);
    cwmp_buf_puts(&b, "><![CDATA[ <a b=c d=e> ]]></Inform></Body></Envelope>");
    assert_int_equal(cwmp_msg_parse(b.data, b.len, NULL, &m, err, sizeof(err)), CWMP_SOAP_OK);
    assert_int_equal(m->type, CWMP_MSG_INFORM);
    cwmp_msg_free(m);
    cwmp_buf_reset(&b);
    cwmp_buf_puts(&b, "<Envelope><Body><Inform ");
    for (unsigned i = 0; i <= CWMP_SOAP_MAX_ATTRS; i++)
        cwmp_buf_printf(&b, "a%u='' ", i);
    cwmp_buf_puts(&b, "/></Body></Envelope>");
    assert_int_equal(cwmp_msg_parse(b.data, b.len, &lim, &m, err, sizeof(err)),
                     CWMP_SOAP_ERR_LIMIT);
    cwmp_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inform_tr098_cwmp10),
        cmocka_unit_test(test_inform_tr181_cwmp12),
        cmocka_unit_test(test_inform_bom_noheader),
        cmocka_unit_test(test_inform_multi_events),
        cmocka_unit_test(test_inform_sloppy),
        cmocka_unit_test(test_transfer_complete),
        cmocka_unit_test(test_autonomous_transfer_complete),
        cmocka_unit_test(test_get_rpc_methods),
        cmocka_unit_test(test_request_download),
        cmocka_unit_test(test_kicked),
        cmocka_unit_test(test_du_state_change_complete),
        cmocka_unit_test(test_gpv_response),
        cmocka_unit_test(test_status_responses),
        cmocka_unit_test(test_gpn_gpa_responses),
        cmocka_unit_test(test_empty_bodies),
        cmocka_unit_test(test_queued_transfers_responses),
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_acs_requests_params),
        cmocka_unit_test(test_acs_requests_transfers),
        cmocka_unit_test(test_round_trip_fixtures),
        cmocka_unit_test(test_msg_strndup),
        cmocka_unit_test(test_build_inform_and_reply),
        cmocka_unit_test(test_build_acs_requests),
        cmocka_unit_test(test_build_faults),
        cmocka_unit_test(test_namespace_versions),
        cmocka_unit_test(test_header_fields),
        cmocka_unit_test(test_escaping_and_bad_text),
        cmocka_unit_test(test_type_tables),
        cmocka_unit_test(test_billion_laughs_xxe),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_every_truncation_rejected),
        cmocka_unit_test(test_method_and_argument_errors),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_attribute_flood),
    };
    return cmocka_run_group_tests_name("cwmp_soap", tests, NULL, NULL);
}
