/*
 * test_device.c - the device registry: keys and Endpoint IDs from the CWMP
 * DeviceId (escaping, bounds), the record codec against corrupt bytes, and
 * put/get/lookup by Endpoint ID in LMDB.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "proxy/device.h"
#include "proxy/params.h"
#include "tests/proxy/store_fixture.h"

static void test_key_plain(void **state)
{
    char key[PX_DEVICE_KEY_MAX + 1], why[200];

    (void)state;
    assert_int_equal(px_device_key("00256d", "IGD", "SN12345", key, sizeof(key), why, sizeof(why)),
                     0);
    assert_string_equal(key, "00256D-IGD-SN12345");
    assert_int_equal(px_device_key("00256D", "", "S_1.2", key, sizeof(key), why, sizeof(why)), 0);
    assert_string_equal(key, "00256D--S_1.2");
}

static void test_key_escapes(void **state)
{
    char key[PX_DEVICE_KEY_MAX + 1], why[200];

    (void)state;
    /* "-" (the separator), "%", space, "/", ":" and non-ASCII bytes are escaped */
    assert_int_equal(px_device_key("A1B2C3", "Home Gateway-2", "ab/c:d%\xc3\xa9", key, sizeof(key),
                                   why, sizeof(why)),
                     0);
    assert_string_equal(key, "A1B2C3-Home%20Gateway%2D2-ab%2Fc%3Ad%25%C3%A9");
}

static void test_key_rejects_bad_ids(void **state)
{
    char key[PX_DEVICE_KEY_MAX + 1], why[200] = "";
    char long_serial[70];

    (void)state;
    assert_int_equal(px_device_key("00256", "P", "S", key, sizeof(key), why, sizeof(why)), -1);
    assert_non_null(strstr(why, "OUI"));
    assert_int_equal(px_device_key("00256G", "P", "S", key, sizeof(key), why, sizeof(why)), -1);
    assert_non_null(strstr(why, "OUI \"00256G\""));
    assert_int_equal(px_device_key("00256D", "P", "", key, sizeof(key), why, sizeof(why)), -1);
    assert_non_null(strstr(why, "SerialNumber is empty"));
    memset(long_serial, 'x', 65);
    long_serial[65] = '\0';
    assert_int_equal(px_device_key("00256D", "P", long_serial, key, sizeof(key), why, sizeof(why)),
                     -1);
    assert_non_null(strstr(why, "longer than 64"));
    /* 64 bytes that all need escaping: 192 characters, with the OUI and
     * ProductClass over the 200-byte key limit */
    memset(long_serial, ' ', 64);
    long_serial[64] = '\0';
    assert_int_equal(
        px_device_key("00256D", "ProductClassX", long_serial, key, sizeof(key), why, sizeof(why)),
        -1);
    assert_non_null(strstr(why, "too long"));
}

static void test_endpoint_id_schemes(void **state)
{
    char eid[PX_ENDPOINT_ID_MAX + 1], why[200];

    (void)state;
    /* TR-369 examples: os::00256D-0123456789, ops::00256D-STB-0123456789 */
    assert_int_equal(px_device_endpoint_id(PX_DEVICE_EID_OS, "00256D", "STB", "0123456789", eid,
                                           sizeof(eid), why, sizeof(why)),
                     0);
    assert_string_equal(eid, "os::00256D-0123456789");
    assert_int_equal(px_device_endpoint_id(PX_DEVICE_EID_OPS, "00256D", "STB", "0123456789", eid,
                                           sizeof(eid), why, sizeof(why)),
                     0);
    assert_string_equal(eid, "ops::00256D-STB-0123456789");
}

static void test_endpoint_id_encoding(void **state)
{
    char eid[PX_ENDPOINT_ID_MAX + 1], why[200] = "";

    (void)state;
    /* R-ARC.5: only ALPHA DIGIT - . _ and %XX in the instance-id */
    assert_int_equal(px_device_endpoint_id(PX_DEVICE_EID_OPS, "00256d", "IGD v2", "A-1~z", eid,
                                           sizeof(eid), why, sizeof(why)),
                     0);
    assert_string_equal(eid, "ops::00256D-IGD%20v2-A%2D1%7Ez");
    for (const char *p = strstr(eid, "::") + 2; *p; p++)
        assert_true(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._%",
                           *p) != NULL);
    /* R-ARC.6: at most 50 characters; 43-char serial fits with os (50) */
    assert_int_equal(px_device_endpoint_id(PX_DEVICE_EID_OS, "00256D", "",
                                           "0123456789012345678901234567890123456789012", eid,
                                           sizeof(eid), why, sizeof(why)),
                     0);
    assert_int_equal(strlen(eid) - 4, 50);
    assert_int_equal(px_device_endpoint_id(PX_DEVICE_EID_OS, "00256D", "",
                                           "01234567890123456789012345678901234567890123", eid,
                                           sizeof(eid), why, sizeof(why)),
                     -1);
    assert_non_null(strstr(why, "R-ARC.6"));
}

static void fill(struct px_device *d, const char *serial, enum px_device_eid_scheme scheme)
{
    char eid[PX_ENDPOINT_ID_MAX + 1];
    static char *ev[] = {"0 BOOTSTRAP", "1 BOOT"};

    memset(d, 0, sizeof(*d));
    assert_int_equal(
        px_device_endpoint_id(scheme, "00256D", "IGD", serial, eid, sizeof(eid), NULL, 0), 0);
    d->manufacturer = strdup("Acme");
    d->oui = strdup("00256D");
    d->product_class = strdup("IGD");
    d->serial_number = strdup(serial);
    d->endpoint_id = strdup(eid);
    d->cr_url = strdup("http://192.0.2.1:7547/cr");
    d->cr_username = strdup("cruser");
    d->cr_password = strdup("crpass");
    d->first_seen = 1700000000;
    d->last_inform = 1700000100;
    d->events = calloc(2, sizeof(char *));
    d->events[0] = strdup(ev[0]);
    d->events[1] = strdup(ev[1]);
    d->n_events = 2;
    d->cwmp_major = 1;
    d->cwmp_minor = 4;
    d->flags = PX_DEVFLAG_PARTIAL_GPV_BROKEN;
}

static void test_record_roundtrip(void **state)
{
    struct px_device d, e;
    uint8_t *buf;
    size_t len;
    char why[200];

    (void)state;
    fill(&d, "SN1", PX_DEVICE_EID_OS);
    assert_int_equal(px_device_encode(&d, &buf, &len), 0);
    assert_true(len < 200); /* compact: a few bytes over the strings */
    assert_int_equal(px_device_decode(buf, len, &e, why, sizeof(why)), 0);
    assert_string_equal(e.manufacturer, "Acme");
    assert_string_equal(e.endpoint_id, "os::00256D-SN1");
    assert_string_equal(e.cr_password, "crpass");
    assert_int_equal(e.n_events, 2);
    assert_string_equal(e.events[1], "1 BOOT");
    assert_int_equal(e.last_inform, 1700000100);
    assert_int_equal(e.cwmp_minor, 4);
    assert_int_equal(e.flags, PX_DEVFLAG_PARTIAL_GPV_BROKEN);
    free(buf);
    px_device_clear(&d);
    px_device_clear(&e);
}

struct corrupt_case {
    const char *bytes;
    size_t len;
    const char *msg;
};

static void test_record_rejects_corrupt_bytes(void **state)
{
    static const struct corrupt_case cases[] = {
        {"", 0, "empty"},
        {"\x02", 1, "unknown version 2"},
        {"\x01\x02\x00\x06"
         "00256D\x04\x00",
         11, "truncated"},
        {"\x01\x02\x00\x06"
         "00256D\x04\x00\x05",
         12, "truncated"},
        {"\x01\x02\x00\x06"
         "00256d\x04\x00\x01S\x05\x00\x03"
         "a:b",
         20, "upper-case"},
        {"\x01\x02\x00\x06"
         "00256D\x04\x00\x01S",
         14, "lacks its Endpoint ID"},
        {"\x01\x02\x00\x06"
         "00256D\x05\x00\x03"
         "a:b",
         16, "lacks its SerialNumber"},
        {"\x01\x02\x00\x06"
         "00256D\x02\x00\x06"
         "00256D",
         19, "appears twice"},
        {"\x01\x04\x00\x02S\0\x02\x00\x06"
         "00256D\x05\x00\x03"
         "a:b",
         21, "NUL byte"},
        {"\x01\x04\x00\x00\x02\x00\x06"
         "00256D\x05\x00\x03"
         "a:b",
         19, "bad length"},
        {"\x01\x09\x00\x04\0\0\0\0", 8, "not 8 bytes"},
        {"\x01\x0d\x00\x02\0\0", 6, "not 4 bytes"},
        {"\x01\x1f\x00\x00", 4, "unknown field tag 31"},
    };
    struct px_device d;
    char why[200];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        why[0] = '\0';
        assert_int_equal(px_device_decode(cases[i].bytes, cases[i].len, &d, why, sizeof(why)), -1);
        if (strstr(why, cases[i].msg) == NULL)
            fail_msg("case %zu: \"%s\" does not say \"%s\"", i, why, cases[i].msg);
        assert_null(d.oui); /* left cleared */
    }
}

static void test_record_skips_unknown_high_tags(void **state)
{
    static const char rec[] = "\x01\x02\x00\x06"
                              "00256D\x04\x00\x01S\x50\x00\x02zz\x05\x00\x03"
                              "a:b";
    struct px_device d;
    char why[200];

    (void)state;
    assert_int_equal(px_device_decode(rec, sizeof(rec) - 1, &d, why, sizeof(why)), 0);
    assert_string_equal(d.serial_number, "S");
    assert_string_equal(d.product_class, "");
    px_device_clear(&d);
}

static void test_put_get_lookup(void **state)
{
    struct fixture *fx = *state;
    struct px_device d, e;
    char key[PX_DEVICE_KEY_MAX + 1];
    size_t n;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    fill(&d, "SN-7", PX_DEVICE_EID_OPS);
    assert_int_equal(px_device_put(fx->s, &d), 0);
    assert_int_equal(px_store_commit(fx->s), 0);

    assert_int_equal(px_device_get(fx->s, "00256D-IGD-SN%2D7", &e), 0);
    assert_string_equal(e.endpoint_id, "ops::00256D-IGD-SN%2D7");
    assert_string_equal(e.cr_url, "http://192.0.2.1:7547/cr");
    px_device_clear(&e);

    assert_int_equal(px_device_get_by_endpoint(fx->s, "ops::00256D-IGD-SN%2D7", &e, key), 0);
    assert_string_equal(key, "00256D-IGD-SN%2D7");
    assert_string_equal(e.serial_number, "SN-7");
    px_device_clear(&e);
    assert_int_equal(px_device_get_by_endpoint(fx->s, "os::00256D-SN%2D7", &e, NULL),
                     PX_STORE_NOT_FOUND);
    assert_int_equal(px_device_get(fx->s, "00256D-IGD-nope", &e), PX_STORE_NOT_FOUND);

    /* switching the scheme moves the index entry */
    free(d.endpoint_id);
    d.endpoint_id = strdup("os::00256D-SN%2D7");
    assert_int_equal(px_device_put(fx->s, &d), 0);
    assert_int_equal(px_device_get_by_endpoint(fx->s, "os::00256D-SN%2D7", &e, NULL), 0);
    px_device_clear(&e);
    assert_int_equal(px_device_get_by_endpoint(fx->s, "ops::00256D-IGD-SN%2D7", &e, NULL),
                     PX_STORE_NOT_FOUND);
    assert_int_equal(px_device_count(fx->s, &n), 0);
    assert_int_equal(n, 1);
    px_device_clear(&d);
}

static void test_put_refuses_bad_identity(void **state)
{
    struct fixture *fx = *state;
    struct px_device d;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    fill(&d, "SN1", PX_DEVICE_EID_OS);
    free(d.oui);
    d.oui = strdup("XYZ");
    assert_int_equal(px_device_put(fx->s, &d), -1);
    assert_non_null(strstr(px_store_errmsg(fx->s), "OUI \"XYZ\""));
    px_device_clear(&d);
}

static void test_flags_and_delete(void **state)
{
    struct fixture *fx = *state;
    struct px_device d, e;
    struct px_param p = {"Device.DeviceInfo.SoftwareVersion", CWMP_TYPE_STRING, "1.0", 3, 1};
    size_t n;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    fill(&d, "SN1", PX_DEVICE_EID_OS);
    assert_int_equal(px_device_put(fx->s, &d), 0);
    assert_int_equal(px_params_put(fx->s, "00256D-IGD-SN1", &p), 0);
    assert_int_equal(px_device_update_flags(fx->s, "00256D-IGD-SN1", PX_DEVFLAG_NO_GETRPCMETHODS,
                                            PX_DEVFLAG_PARTIAL_GPV_BROKEN),
                     0);
    assert_int_equal(px_device_get(fx->s, "00256D-IGD-SN1", &e), 0);
    assert_int_equal(e.flags, PX_DEVFLAG_NO_GETRPCMETHODS);
    px_device_clear(&e);
    assert_int_equal(px_device_delete(fx->s, "00256D-IGD-SN1"), 0);
    assert_int_equal(px_device_get(fx->s, "00256D-IGD-SN1", &e), PX_STORE_NOT_FOUND);
    assert_int_equal(px_device_get_by_endpoint(fx->s, "os::00256D-SN1", &e, NULL),
                     PX_STORE_NOT_FOUND);
    assert_int_equal(px_store_count(fx->s, PX_DB_PARAMS, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(px_device_delete(fx->s, "00256D-IGD-SN1"), PX_STORE_NOT_FOUND);
    px_device_clear(&d);
}

static void test_corrupt_record_on_disk_reported(void **state)
{
    struct fixture *fx = *state;
    struct px_device e;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    assert_int_equal(px_store_put(fx->s, PX_DB_DEVICES, "00256D-IGD-X", 12, "\x01\x04", 2), 0);
    assert_int_equal(px_device_get(fx->s, "00256D-IGD-X", &e), -1);
    assert_non_null(strstr(px_store_errmsg(fx->s), "device 00256D-IGD-X: device record is"));
}

static int collect_key(void *arg, const char *key)
{
    int *n = arg;
    (*n)++;
    return 0;
}

static void test_foreach_key(void **state)
{
    struct fixture *fx = *state;
    struct px_device d;
    int n = 0;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    for (int i = 0; i < 5; i++) {
        char sn[8];
        snprintf(sn, sizeof(sn), "S%d", i);
        fill(&d, sn, PX_DEVICE_EID_OS);
        assert_int_equal(px_device_put(fx->s, &d), 0);
        px_device_clear(&d);
    }
    assert_int_equal(px_device_foreach_key(fx->s, collect_key, &n), 0);
    assert_int_equal(n, 5);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup, fixture_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_plain),
        cmocka_unit_test(test_key_escapes),
        cmocka_unit_test(test_key_rejects_bad_ids),
        cmocka_unit_test(test_endpoint_id_schemes),
        cmocka_unit_test(test_endpoint_id_encoding),
        cmocka_unit_test(test_record_roundtrip),
        cmocka_unit_test(test_record_rejects_corrupt_bytes),
        cmocka_unit_test(test_record_skips_unknown_high_tags),
        T(test_put_get_lookup),
        T(test_put_refuses_bad_identity),
        T(test_flags_and_delete),
        T(test_corrupt_record_on_disk_reported),
        T(test_foreach_key),
    };
    return cmocka_run_group_tests_name("proxy device registry", tests, NULL, NULL);
}
