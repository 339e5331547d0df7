/*
 * test_instmap.c - instance numbers of CPEs that reuse them (instmap.c):
 * path translation over a small map, the decisions, the records, and the
 * store: detection of a reused number, fresh USP numbers, both directions
 * of the mapping, and the mapping going with its CWMP instance.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proxy/instmap.h"
#include "proxy/params.h"
#include "tests/proxy/store_fixture.h"

/* ---- translation over a fixed map ---- */

static const char *const usp_to_cwmp[][2] = {
    {"Device.NAT.PortMapping.5.", "Device.NAT.PortMapping.3."},
    {"Device.IP.Interface.6.", "Device.IP.Interface.2."},
    {"Device.IP.Interface.6.IPv4Address.9.", "Device.IP.Interface.2.IPv4Address.1."},
};

static int fixed_get(void *arg, const char *inst, char *out, size_t cap)
{
    size_t i, n = sizeof usp_to_cwmp / sizeof usp_to_cwmp[0];
    int col = *(int *)arg; /* 0: USP -> CWMP, 1: CWMP -> USP */
    for (i = 0; i < n; i++)
        if (strcmp(usp_to_cwmp[i][col], inst) == 0) {
            if (strlen(usp_to_cwmp[i][!col]) >= cap)
                return -1;
            strcpy(out, usp_to_cwmp[i][!col]);
            return 1;
        }
    return 0;
}

static void expect(int dir, const char *in, int rc, const char *want)
{
    char out[256];
    assert_int_equal(px_instmap_translate(in, fixed_get, &dir, out, sizeof out), rc);
    assert_string_equal(out, want);
}

static void test_translate(void **state)
{
    (void)state;
    /* parameters, instances, partial paths under a mapped instance */
    expect(0, "Device.NAT.PortMapping.5.Enable", 1, "Device.NAT.PortMapping.3.Enable");
    expect(0, "Device.NAT.PortMapping.5.", 1, "Device.NAT.PortMapping.3.");
    expect(1, "Device.NAT.PortMapping.3.Enable", 1, "Device.NAT.PortMapping.5.Enable");
    /* the table itself and other instances stay */
    expect(0, "Device.NAT.PortMapping.", 0, "Device.NAT.PortMapping.");
    expect(0, "Device.NAT.PortMapping.50.Enable", 0, "Device.NAT.PortMapping.50.Enable");
    expect(0, "Device.NAT.PortMapping.3.Enable", 0, "Device.NAT.PortMapping.3.Enable");
    expect(0, "Device.", 0, "Device.");
    expect(0, "", 0, "");
    /* nested: the deepest mapping wins, an unmapped child follows its parent */
    expect(0, "Device.IP.Interface.6.IPv4Address.9.IPAddress", 1,
           "Device.IP.Interface.2.IPv4Address.1.IPAddress");
    expect(0, "Device.IP.Interface.6.IPv4Address.4.IPAddress", 1,
           "Device.IP.Interface.2.IPv4Address.4.IPAddress");
    expect(0, "Device.IP.Interface.6.IPv4Address.", 1, "Device.IP.Interface.2.IPv4Address.");
    expect(1, "Device.IP.Interface.2.IPv4Address.1.", 1, "Device.IP.Interface.6.IPv4Address.9.");
    /* "05" is not an instance number */
    expect(0, "Device.NAT.PortMapping.05.Enable", 0, "Device.NAT.PortMapping.05.Enable");
}

static void test_translate_limits(void **state)
{
    char small[20], big[600];
    int dir = 0;
    (void)state;
    /* the result does not fit */
    assert_int_equal(px_instmap_translate("Device.NAT.PortMapping.5.Enable", fixed_get, &dir, small,
                                          sizeof small),
                     -1);
    /* a path longer than any key is never mapped */
    memset(big, 'A', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    memcpy(big, "Device.NAT.PortMapping.5.", 25);
    {
        char out[700];
        assert_int_equal(px_instmap_translate(big, fixed_get, &dir, out, sizeof out), 0);
        assert_string_equal(out, big);
    }
}

static void test_split_and_rules(void **state)
{
    char t[64];
    uint32_t n = 0;
    (void)state;
    assert_int_equal(px_instmap_split("Device.NAT.PortMapping.12.", t, sizeof t, &n), 0);
    assert_string_equal(t, "Device.NAT.PortMapping.");
    assert_int_equal(n, 12);
    assert_int_equal(px_instmap_split("Device.NAT.PortMapping.", t, sizeof t, &n), -1);
    assert_int_equal(px_instmap_split("Device.NAT.PortMapping.0.", t, sizeof t, &n), -1);
    assert_int_equal(px_instmap_split("Device.NAT.PortMapping.4294967296.", t, sizeof t, &n), -1);
    assert_int_equal(px_instmap_split("Device.NAT.PortMapping.1.X", t, sizeof t, &n), -1);
    assert_int_equal(px_instmap_split("7.", t, sizeof t, &n), -1);
    assert_int_equal(px_instmap_split("Device.NAT.PortMapping.1.", t, 10, &n), -1);

    /* without the flag only a number deleted before counts (detection) */
    assert_true(px_instmap_must_map(0, 3, 9, 1, 0));
    assert_false(px_instmap_must_map(0, 3, 9, 0, 1));
    /* with it: everything the table has used */
    assert_true(px_instmap_must_map(1, 3, 9, 0, 0));
    assert_true(px_instmap_must_map(1, 12, 9, 0, 1));
    assert_false(px_instmap_must_map(1, 10, 9, 0, 0));

    assert_int_equal(px_instmap_fresh(9, 3, 4), 10);
    assert_int_equal(px_instmap_fresh(2, 3, 7), 8);
    assert_int_equal(px_instmap_fresh(0, 0, 0), 1);
    assert_int_equal(px_instmap_fresh(UINT32_MAX, 1, 1), 0);
}

static void test_records(void **state)
{
    char out[PX_INSTMAP_PATH_MAX + 1], why[160];
    uint8_t *buf, hv[5], dv[9];
    size_t len;
    uint32_t high;
    int64_t when;
    (void)state;

    assert_int_equal(px_instmap_encode_path("Device.NAT.PortMapping.3.", &buf, &len), 0);
    assert_int_equal(len, 3 + 25);
    assert_int_equal(px_instmap_decode_path(buf, len, out, sizeof out, why, sizeof why), 0);
    assert_string_equal(out, "Device.NAT.PortMapping.3.");
    /* truncated, wrong version, no trailing '.', too small */
    assert_int_equal(px_instmap_decode_path(buf, len - 1, out, sizeof out, why, sizeof why), -1);
    assert_non_null(strstr(why, "truncated"));
    assert_int_equal(px_instmap_decode_path(buf, 10, out, 10, why, sizeof why), -1);
    buf[0] = 9;
    assert_int_equal(px_instmap_decode_path(buf, len, out, sizeof out, why, sizeof why), -1);
    assert_non_null(strstr(why, "version"));
    free(buf);
    assert_int_equal(px_instmap_encode_path("Device.X.1", &buf, &len), 0);
    assert_int_equal(px_instmap_decode_path(buf, len, out, sizeof out, why, sizeof why), -1);
    free(buf);
    assert_int_equal(px_instmap_encode_path("", &buf, &len), -1);
    assert_int_equal(px_instmap_decode_path("", 0, out, sizeof out, why, sizeof why), -1);

    px_instmap_encode_high(70000, hv);
    assert_int_equal(px_instmap_decode_high(hv, sizeof hv, &high, why, sizeof why), 0);
    assert_int_equal(high, 70000);
    assert_int_equal(px_instmap_decode_high(hv, 4, &high, why, sizeof why), -1);
    px_instmap_encode_deleted(1700000000, dv);
    assert_int_equal(px_instmap_decode_deleted(dv, sizeof dv, &when, why, sizeof why), 0);
    assert_int_equal(when, 1700000000);
    assert_int_equal(px_instmap_decode_deleted(dv, 8, &when, why, sizeof why), -1);
}

/* ---- the store ---- */

#define KEY "00256D-Gateway-SN1"
#define PM  "Device.NAT.PortMapping."

static void cache(struct fixture *fx, const char *path)
{
    struct px_param p = {path, CWMP_TYPE_BOOLEAN, "true", 4, 1};
    assert_int_equal(px_params_put(fx->s, KEY, &p), 0);
}

static void assert_path(struct fixture *fx, char kind, const char *in, const char *want)
{
    char out[PX_INSTMAP_PATH_MAX + 64];
    assert_true(px_instmap_path(fx->s, KEY, kind, in, out, sizeof out) >= 0);
    assert_string_equal(out, want);
}

static void test_store_reuse(void **state)
{
    struct fixture *fx = *state;
    uint32_t usp;
    size_t n;
    int reused;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    cache(fx, PM "1.Enable");
    cache(fx, PM "2.Enable");
    /* a normal add: nothing to map */
    assert_int_equal(px_instmap_added(fx->s, KEY, PM, 3, 0, &usp, &reused), 0);
    assert_int_equal(usp, 3);
    assert_false(reused);
    cache(fx, PM "3.Enable");
    /* PortMapping.3 deleted, and the next AddObject returns 3 again */
    assert_int_equal(px_instmap_deleted(fx->s, KEY, PM "3.", 100), 0);
    assert_int_equal(px_params_delete_prefix(fx->s, KEY, PM "3.", NULL), 0);
    assert_int_equal(px_instmap_added(fx->s, KEY, PM, 3, 0, &usp, &reused), 0);
    assert_true(reused);
    assert_int_equal(usp, 4); /* above every number the table used */
    assert_path(fx, 'u', PM "4.Enable", PM "3.Enable");
    assert_path(fx, 'c', PM "3.Enable", PM "4.Enable");
    assert_path(fx, 'u', PM "2.Enable", PM "2.Enable");
    assert_path(fx, 'c', PM "2.Enable", PM "2.Enable");
    assert_int_equal(px_instmap_count(fx->s, KEY, &n), 0);
    assert_int_equal(n, 1);
    /* the CPE then hands out 4, the number USP uses for CWMP 3 */
    assert_int_equal(px_instmap_added(fx->s, KEY, PM, 4, 1, &usp, &reused), 0);
    assert_false(reused);
    assert_int_equal(usp, 5);
    assert_path(fx, 'u', PM "5.", PM "4.");
    assert_path(fx, 'c', PM "4.Enable", PM "5.Enable");
    /* a number above everything used stays itself */
    assert_int_equal(px_instmap_added(fx->s, KEY, PM, 6, 1, &usp, &reused), 0);
    assert_int_equal(usp, 6);
    /* CWMP 3 (USP 4) deleted: its mapping goes, the others stay */
    assert_int_equal(px_instmap_deleted(fx->s, KEY, PM "3.", 200), 0);
    assert_path(fx, 'u', PM "4.Enable", PM "4.Enable");
    assert_path(fx, 'c', PM "3.Enable", PM "3.Enable");
    assert_path(fx, 'u', PM "5.Enable", PM "4.Enable");
    assert_int_equal(px_instmap_count(fx->s, KEY, &n), 0);
    assert_int_equal(n, 1);
    /* 3 comes back once more: a fresh number again, never 4 or 5 */
    assert_int_equal(px_instmap_added(fx->s, KEY, PM, 3, 1, &usp, &reused), 0);
    assert_true(reused);
    assert_int_equal(usp, 7);
    assert_int_equal(px_store_commit(fx->s), 0);
}

static void test_store_nested(void **state)
{
    struct fixture *fx = *state;
    uint32_t usp;
    size_t n;
    int reused;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    assert_int_equal(px_instmap_deleted(fx->s, KEY, "Device.IP.Interface.2.", 1), 0);
    assert_int_equal(px_instmap_added(fx->s, KEY, "Device.IP.Interface.", 2, 0, &usp, &reused), 0);
    assert_int_equal(usp, 3);
    /* a table under the mapped instance: its CWMP path has the CPE's parent */
    assert_int_equal(px_instmap_deleted(fx->s, KEY, "Device.IP.Interface.2.IPv4Address.1.", 2), 0);
    assert_int_equal(
        px_instmap_added(fx->s, KEY, "Device.IP.Interface.2.IPv4Address.", 1, 1, &usp, &reused), 0);
    assert_true(reused);
    assert_int_equal(usp, 2);
    assert_path(fx, 'u', "Device.IP.Interface.3.IPv4Address.2.IPAddress",
                "Device.IP.Interface.2.IPv4Address.1.IPAddress");
    assert_path(fx, 'c', "Device.IP.Interface.2.IPv4Address.1.IPAddress",
                "Device.IP.Interface.3.IPv4Address.2.IPAddress");
    /* deleting the parent takes the nested mapping along */
    assert_int_equal(px_instmap_deleted(fx->s, KEY, "Device.IP.Interface.2.", 3), 0);
    assert_int_equal(px_instmap_count(fx->s, KEY, &n), 0);
    assert_int_equal(n, 0);
    assert_path(fx, 'u', "Device.IP.Interface.3.IPv4Address.2.",
                "Device.IP.Interface.3.IPv4Address.2.");
    /* another device is not affected */
    assert_int_equal(
        px_instmap_added(fx->s, "00256D-Other-SN2", "Device.IP.Interface.", 2, 0, &usp, &reused),
        0);
    assert_false(reused);
    assert_int_equal(usp, 2);
    assert_int_equal(px_store_commit(fx->s), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup, fixture_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_translate),
        cmocka_unit_test(test_translate_limits),
        cmocka_unit_test(test_split_and_rules),
        cmocka_unit_test(test_records),
        T(test_store_reuse),
        T(test_store_nested),
    };
    return cmocka_run_group_tests_name("instmap", tests, NULL, NULL);
}
