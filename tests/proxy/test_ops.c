/*
 * test_ops.c - the pure parts of asynchronous commands (proxy/ops.c): the
 * command table (concrete paths, instance templates), input argument
 * checks, DiagnosticsState outcomes and output arguments, the ops record
 * and Request object codecs; and their LMDB views (proxy/ops_store.c):
 * ops records by key and across devices, Request objects with instance
 * numbers that are never reused, surviving a reopen.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <event2/event.h>

#include "proxy/ops.h"
#include "tests/proxy/store_fixture.h"
#include "usp/usp.h"

#define DEV  "00D09E-SimGateway-SIM000000"
#define DEV2 "00D09E-SimGateway-SIM000001"

static void test_find(void **state)
{
    char obj[128];
    const struct px_async_cmd *c;
    (void)state;

    c = px_async_find("Device.IP.Diagnostics.IPPing()", obj, sizeof obj);
    assert_non_null(c);
    assert_int_equal(c->kind, PX_ASYNC_DIAG);
    assert_string_equal(c->cwmp, "Device.IP.Diagnostics.IPPing.");
    assert_string_equal(obj, "Device.IP.Diagnostics.");
    c = px_async_find("Device.DeviceInfo.FirmwareImage.12.Download()", obj, sizeof obj);
    assert_non_null(c);
    assert_int_equal(c->kind, PX_ASYNC_DOWNLOAD);
    assert_string_equal(c->cwmp, "1 Firmware Upgrade Image");
    assert_string_equal(obj, "Device.DeviceInfo.FirmwareImage.12.");
    /* not concrete, not an instance number, not a command, unknown */
    assert_null(px_async_find("Device.DeviceInfo.FirmwareImage.*.Download()", obj, sizeof obj));
    assert_null(px_async_find("Device.DeviceInfo.FirmwareImage.0.Download()", obj, sizeof obj));
    assert_null(px_async_find("Device.DeviceInfo.FirmwareImage.1x.Download()", obj, sizeof obj));
    assert_null(px_async_find("Device.DeviceInfo.FirmwareImage.Download()", obj, sizeof obj));
    assert_null(px_async_find("Device.IP.Diagnostics.IPPing", obj, sizeof obj));
    assert_null(px_async_find("Device.Reboot()", obj, sizeof obj));
    assert_null(px_async_find("Device.IP.Diagnostics.IPPing()", obj, 8)); /* does not fit */
    assert_true(px_async_known_name("Device.DeviceInfo.FirmwareImage.*.Download()"));
    assert_false(px_async_known_name("Device.Reboot()"));
}

static void test_split(void **state)
{
    char obj[64], name[32];
    (void)state;
    assert_int_equal(px_async_split("Device.Reboot()", obj, sizeof obj, name, sizeof name), 0);
    assert_string_equal(obj, "Device.");
    assert_string_equal(name, "Reboot()");
    assert_int_equal(px_async_split("Reboot()", obj, sizeof obj, name, sizeof name), -1);
    assert_int_equal(px_async_split("Device.X", obj, sizeof obj, name, sizeof name), -1);
}

static int check(const char *cmd, const char *const *kv)
{
    char obj[128], why[300] = "";
    const struct px_async_cmd *c = px_async_find(cmd, obj, sizeof obj);
    struct usp_msg *m = usp_operate_new("m1", cmd, "ck", 1);
    int rc;

    assert_non_null(c);
    assert_non_null(m);
    for (; kv && kv[0]; kv += 2)
        assert_int_equal(usp_operate_add_arg(m, kv[0], kv[1]), 0);
    rc = px_async_check_args(c, m, why, sizeof why);
    if (rc)
        assert_true(why[0] != '\0'); /* every refusal says why */
    usp_msg_free(m);
    return rc;
}

#define PING      "Device.IP.Diagnostics.IPPing()"
#define DL        "Device.DeviceInfo.FirmwareImage.1.Download()"
#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_args(void **state)
{
    (void)state;
    assert_int_equal(check(PING, ARGS("Host", "192.0.2.1")), 0);
    assert_int_equal(check(PING, ARGS("Host", "h", "NumberOfRepetitions", "4294967295", "DSCP",
                                      "63", "DataBlockSize", "65535", "ProtocolVersion", "IPv6",
                                      "Interface", "Device.IP.Interface.1", "Timeout", "1")),
                     0);
    assert_int_equal(check(PING, NULL), USP_ERR_INVALID_COMMAND_ARGS); /* Host required */
    assert_int_equal(check(PING, ARGS("Host", "")), USP_ERR_INVALID_COMMAND_ARGS);
    assert_int_equal(check(PING, ARGS("Host", "h", "Colour", "blue")),
                     USP_ERR_INVALID_COMMAND_ARGS);
    assert_int_equal(check(PING, ARGS("Host", "h", "NumberOfRepetitions", "0")),
                     USP_ERR_INVALID_COMMAND_ARGS);
    assert_int_equal(check(PING, ARGS("Host", "h", "NumberOfRepetitions", "4294967296")),
                     USP_ERR_INVALID_COMMAND_ARGS);
    assert_int_equal(check(PING, ARGS("Host", "h", "DSCP", "64")), USP_ERR_INVALID_COMMAND_ARGS);
    assert_int_equal(check(PING, ARGS("Host", "h", "Timeout", "-1")), USP_ERR_INVALID_COMMAND_ARGS);
    assert_int_equal(check(PING, ARGS("Host", "h", "ProtocolVersion", "IPv5")),
                     USP_ERR_INVALID_COMMAND_ARGS);
    assert_int_equal(check(DL, ARGS("URL", "http://x/fw.img", "AutoActivate", "false", "FileSize",
                                    "10", "CheckSumAlgorithm", "SHA-256", "CheckSum", "00ff")),
                     0);
    assert_int_equal(check(DL, ARGS("AutoActivate", "true")), USP_ERR_INVALID_COMMAND_ARGS);
    assert_int_equal(check(DL, ARGS("URL", "u", "AutoActivate", "yes")),
                     USP_ERR_INVALID_COMMAND_ARGS);
    assert_int_equal(check(DL, ARGS("URL", "u", "CheckSum", "0f0")), USP_ERR_INVALID_COMMAND_ARGS);
    assert_int_equal(check(DL, ARGS("URL", "u", "CheckSumAlgorithm", "MD5")),
                     USP_ERR_INVALID_COMMAND_ARGS);
    {
        char url[300];
        memset(url, 'a', 257); /* TR-069 A.3.2.8: URL is string(256) */
        url[257] = '\0';
        assert_int_equal(check(DL, ARGS("URL", url)), USP_ERR_INVALID_COMMAND_ARGS);
        url[256] = '\0';
        assert_int_equal(check(DL, ARGS("URL", url)), 0);
    }
}

static void test_diag(void **state)
{
    char obj[128];
    const struct px_async_cmd *c = px_async_find(PING, obj, sizeof obj);
    struct map_values vals = {0}, out = {0};
    uint32_t err;
    (void)state;

    assert_int_equal(px_async_diag_outcome("Requested", &err), PX_DIAG_PENDING);
    assert_int_equal(px_async_diag_outcome(NULL, &err), PX_DIAG_PENDING);
    assert_int_equal(px_async_diag_outcome("Complete", &err), PX_DIAG_DONE);
    assert_int_equal(err, 0);
    assert_int_equal(px_async_diag_outcome("Error_CannotResolveHostName", &err), PX_DIAG_DONE);
    assert_int_equal(px_async_diag_outcome("Canceled", &err), PX_DIAG_FAILED);
    assert_int_equal(err, USP_ERR_COMMAND_CANCELED);
    assert_int_equal(px_async_diag_outcome("None", &err), PX_DIAG_FAILED);
    assert_int_equal(err, USP_ERR_COMMAND_CANCELED);
    assert_int_equal(px_async_diag_outcome("Error", &err), PX_DIAG_FAILED);
    assert_int_equal(err, USP_ERR_COMMAND_FAILURE);

    map_values_add(&vals, "Device.IP.Diagnostics.IPPing.DiagnosticsState", "Complete");
    map_values_add(&vals, "Device.IP.Diagnostics.IPPing.SuccessCount", "3");
    map_values_add(&vals, "Device.IP.Diagnostics.IPPing.Host", "h"); /* an input: not output */
    map_values_add(&vals, "Device.IP.Diagnostics.IPPing.MaximumResponseTime", "7");
    map_values_sort(&vals);
    assert_int_equal(px_async_diag_outputs(c, &vals, &out), 0);
    assert_int_equal(out.n, 3);
    assert_string_equal(map_values_find(&out, "Status"), "Complete");
    assert_string_equal(map_values_find(&out, "SuccessCount"), "3");
    assert_string_equal(map_values_find(&out, "MaximumResponseTime"), "7");
    assert_null(map_values_find(&out, "Host"));
    map_values_free(&vals);
    map_values_free(&out);
}

static void test_codecs(void **state)
{
    struct px_op o = {PX_ASYNC_DOWNLOAD,
                      7,
                      100,
                      3700,
                      (char *)DL,
                      (char *)"ck",
                      (char *)"ctl",
                      (char *)"os::00D09E-SIM000000"},
                 back;
    struct px_request r = {4, (char *)PING, (char *)"k", (char *)"ctl", (char *)"Active"}, rb;
    uint8_t *buf;
    size_t len, cut;
    char why[200];
    (void)state;

    assert_int_equal(px_op_encode(&o, &buf, &len), 0);
    assert_int_equal(px_op_decode(buf, len, &back, why, sizeof why), 0);
    assert_int_equal(back.kind, PX_ASYNC_DOWNLOAD);
    assert_int_equal(back.request, 7);
    assert_int_equal(back.started, 100);
    assert_int_equal(back.deadline, 3700);
    assert_string_equal(back.command, DL);
    assert_string_equal(back.command_key, "ck");
    assert_string_equal(back.originator, "ctl");
    assert_string_equal(back.agent, "os::00D09E-SIM000000");
    px_op_clear(&back);
    for (cut = 0; cut < len; cut++) /* every truncation is refused, nothing leaks */
        assert_int_equal(px_op_decode(buf, cut, &back, why, sizeof why), -1);
    buf[1] = 9; /* unknown kind */
    assert_int_equal(px_op_decode(buf, len, &back, why, sizeof why), -1);
    assert_non_null(strstr(why, "kind"));
    free(buf);

    assert_int_equal(px_request_encode(&r, &buf, &len), 0);
    assert_int_equal(px_request_decode(buf, len, 4, &rb, why, sizeof why), 0);
    assert_string_equal(rb.command, PING);
    assert_string_equal(rb.command_key, "k");
    assert_string_equal(rb.originator, "ctl");
    assert_string_equal(rb.status, "Active");
    px_request_clear(&rb);
    for (cut = 1; cut < len; cut++) {
        int rc = px_request_decode(buf, cut, 4, &rb, why, sizeof why);
        if (rc == 0) /* a cut between pairs: a record with fewer parameters */
            px_request_clear(&rb);
    }
    assert_int_equal(px_request_decode(buf, 0, 4, &rb, why, sizeof why), -1);
    free(buf);
}

struct seen {
    char text[1024];
};

static int see_op(void *arg, const char *dev_key, const char *key, const struct px_op *o)
{
    struct seen *s = arg;
    size_t l = strlen(s->text);
    snprintf(s->text + l, sizeof s->text - l, "%s|%s|%u;", dev_key, key, (unsigned)o->request);
    return 0;
}

static int see_req(void *arg, const struct px_request *r)
{
    struct seen *s = arg;
    size_t l = strlen(s->text);
    snprintf(s->text + l, sizeof s->text - l, "%u:%s:%s;", (unsigned)r->instance, r->command_key,
             r->status);
    return 0;
}

static void test_store(void **state)
{
    struct fixture *fx = *state;
    struct event_base *base = event_base_new();
    struct px_op o = {PX_ASYNC_DIAG,  1, 10, 610, (char *)PING, (char *)"p", (char *)"ctl",
                      (char *)"agent"},
                 got;
    struct px_request r1 = {0, (char *)PING, (char *)"p", (char *)"ctl", (char *)"Active"};
    struct px_request r2 = {0, (char *)DL, (char *)"d", (char *)"ctl", (char *)"Active"};
    struct seen s = {""};

    assert_non_null(base);
    assert_int_equal(fixture_open(fx, base, PX_STORE_SYNC_ALWAYS), 0);
    assert_int_equal(px_request_add(fx->s, DEV, &r1), 0);
    assert_int_equal(r1.instance, 1);
    assert_int_equal(px_request_add(fx->s, DEV, &r2), 0);
    assert_int_equal(r2.instance, 2);
    assert_int_equal(px_ops_put(fx->s, DEV, "dDevice.IP.Diagnostics.IPPing.", &o), 0);
    o.request = 2;
    o.kind = PX_ASYNC_DOWNLOAD;
    assert_int_equal(px_ops_put(fx->s, DEV, "td", &o), 0);
    assert_int_equal(px_ops_put(fx->s, DEV2, "tx", &o), 0);
    assert_int_equal(px_store_commit(fx->s), 0);

    assert_int_equal(px_ops_get(fx->s, DEV, "td", &got), 0);
    assert_int_equal(got.kind, PX_ASYNC_DOWNLOAD);
    assert_string_equal(got.command_key, "p");
    px_op_clear(&got);
    assert_int_equal(px_ops_get(fx->s, DEV, "tnone", &got), PX_STORE_NOT_FOUND);
    assert_int_equal(px_ops_foreach(fx->s, DEV, see_op, &s), 0);
    assert_string_equal(s.text, DEV "|dDevice.IP.Diagnostics.IPPing.|1;" DEV "|td|2;");
    s.text[0] = '\0';
    assert_int_equal(px_ops_foreach(fx->s, NULL, see_op, &s), 0); /* every device */
    assert_string_equal(s.text,
                        DEV "|dDevice.IP.Diagnostics.IPPing.|1;" DEV "|td|2;" DEV2 "|tx|2;");
    s.text[0] = '\0';
    assert_int_equal(px_request_foreach(fx->s, DEV, see_req, &s), 0);
    assert_string_equal(s.text, "1:p:Active;2:d:Active;");

    /* removed, and the instance number is not reused after a reopen */
    assert_int_equal(px_ops_del(fx->s, DEV, "td"), 0);
    assert_int_equal(px_request_del(fx->s, DEV, 2), 0);
    assert_int_equal(px_store_commit(fx->s), 0);
    px_store_close(fx->s);
    fx->s = NULL;
    assert_int_equal(fixture_open(fx, base, PX_STORE_SYNC_ALWAYS), 0);
    s.text[0] = '\0';
    assert_int_equal(px_ops_foreach(fx->s, DEV, see_op, &s), 0);
    assert_string_equal(s.text, DEV "|dDevice.IP.Diagnostics.IPPing.|1;");
    assert_int_equal(px_request_add(fx->s, DEV, &r2), 0);
    assert_int_equal(r2.instance, 3);
    s.text[0] = '\0';
    assert_int_equal(px_request_foreach(fx->s, DEV2, see_req, &s), 0);
    assert_string_equal(s.text, "");
    assert_int_equal(px_store_commit(fx->s), 0);
    px_store_close(fx->s);
    fx->s = NULL;
    event_base_free(base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_args),
        cmocka_unit_test(test_diag),
        cmocka_unit_test(test_codecs),
        cmocka_unit_test_setup_teardown(test_store, fixture_setup, fixture_teardown),
    };
    return cmocka_run_group_tests_name("proxy_ops", tests, NULL, NULL);
}
