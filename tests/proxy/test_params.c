/*
 * test_params.c - the parameter cache: put and get, partial-path prefix
 * scans that stay within one device and one object, prefix delete, age,
 * and corrupt cached values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "proxy/params.h"
#include "tests/proxy/store_fixture.h"

#define DEV   "00256D-IGD-SN1"
#define DEV10 "00256D-IGD-SN10" /* DEV is a string prefix of this key */

static void put_tree(struct px_store *s)
{
    const struct px_param p[] = {
        {"Device.WiFi.Radio.1.Enable", CWMP_TYPE_BOOLEAN, "true", 4, 100},
        {"Device.WiFi.Radio.1.Channel", CWMP_TYPE_UNSIGNED_INT, "6", 1, 100},
        {"Device.WiFi.Radio.10.Enable", CWMP_TYPE_BOOLEAN, "false", 5, 100},
        {"Device.WiFi.SSID.1.SSID", CWMP_TYPE_STRING, "home", 4, 90},
        {"Device.DeviceInfo.UpTime", CWMP_TYPE_UNSIGNED_INT, "42", 2, 80},
    };
    const struct px_param other = {"Device.WiFi.Radio.1.Enable", CWMP_TYPE_BOOLEAN, "0", 1, 5};

    assert_int_equal(px_params_put_many(s, DEV, p, sizeof(p) / sizeof(p[0])), 0);
    assert_int_equal(px_params_put(s, DEV10, &other), 0);
}

static void test_put_get(void **state)
{
    struct fixture *fx = *state;
    struct px_param p;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    put_tree(fx->s);
    assert_int_equal(px_params_get(fx->s, DEV, "Device.WiFi.SSID.1.SSID", &p), 0);
    assert_string_equal(p.value, "home");
    assert_int_equal(p.value_len, 4);
    assert_int_equal(p.type, CWMP_TYPE_STRING);
    assert_int_equal(p.updated, 90);
    free((void *)p.value);
    assert_int_equal(px_params_get(fx->s, DEV10, "Device.WiFi.Radio.1.Enable", &p), 0);
    assert_string_equal(p.value, "0");
    free((void *)p.value);
    assert_int_equal(px_params_get(fx->s, DEV, "Device.WiFi.SSID.2.SSID", &p), PX_STORE_NOT_FOUND);
    /* survives the commit */
    assert_int_equal(px_store_commit(fx->s), 0);
    assert_int_equal(px_params_get(fx->s, DEV, "Device.DeviceInfo.UpTime", &p), 0);
    assert_string_equal(p.value, "42");
    free((void *)p.value);
}

static void test_put_replaces(void **state)
{
    struct fixture *fx = *state;
    struct px_param p = {"Device.X", CWMP_TYPE_INT, "1", 1, 10};

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    assert_int_equal(px_params_put(fx->s, DEV, &p), 0);
    p.value = "-22";
    p.value_len = 3;
    p.updated = 20;
    assert_int_equal(px_params_put(fx->s, DEV, &p), 0);
    assert_int_equal(px_params_get(fx->s, DEV, "Device.X", &p), 0);
    assert_string_equal(p.value, "-22");
    assert_int_equal(p.updated, 20);
    free((void *)p.value);
}

struct seen {
    int n;
    char paths[8][64];
};

static int collect(void *arg, const struct px_param *p)
{
    struct seen *s = arg;

    if (s->n < 8)
        snprintf(s->paths[s->n], sizeof(s->paths[0]), "%s", p->path);
    s->n++;
    return 0;
}

static void test_prefix_scan(void **state)
{
    struct fixture *fx = *state;
    struct seen s = {0};

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    put_tree(fx->s);
    assert_int_equal(px_params_foreach(fx->s, DEV, "Device.WiFi.Radio.1.", collect, &s), 0);
    assert_int_equal(s.n, 2); /* not Radio.10, not the other device */
    assert_string_equal(s.paths[0], "Device.WiFi.Radio.1.Channel");
    assert_string_equal(s.paths[1], "Device.WiFi.Radio.1.Enable");
    memset(&s, 0, sizeof(s));
    assert_int_equal(px_params_foreach(fx->s, DEV, "Device.WiFi.", collect, &s), 0);
    assert_int_equal(s.n, 4);
    memset(&s, 0, sizeof(s));
    assert_int_equal(px_params_foreach(fx->s, DEV, "", collect, &s), 0);
    assert_int_equal(s.n, 5);
    memset(&s, 0, sizeof(s));
    assert_int_equal(px_params_foreach(fx->s, DEV10, "", collect, &s), 0);
    assert_int_equal(s.n, 1);
}

static int stop_at_first(void *arg, const struct px_param *p)
{
    (*(int *)arg)++;
    return 1;
}

static void test_scan_stops(void **state)
{
    struct fixture *fx = *state;
    int n = 0;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    put_tree(fx->s);
    assert_int_equal(px_params_foreach(fx->s, DEV, "", stop_at_first, &n), 0);
    assert_int_equal(n, 1);
}

static void test_delete_prefix(void **state)
{
    struct fixture *fx = *state;
    struct seen s = {0};
    size_t n;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    put_tree(fx->s);
    assert_int_equal(px_store_commit(fx->s), 0);
    assert_int_equal(px_params_delete_prefix(fx->s, DEV, "Device.WiFi.Radio.1.", &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(px_store_commit(fx->s), 0);
    assert_int_equal(px_params_foreach(fx->s, DEV, "Device.WiFi.", collect, &s), 0);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.paths[0], "Device.WiFi.Radio.10.Enable");
    assert_int_equal(px_params_delete_prefix(fx->s, DEV, "", &n), 0);
    assert_int_equal(n, 3);
    memset(&s, 0, sizeof(s));
    assert_int_equal(px_params_foreach(fx->s, DEV10, "", collect, &s), 0);
    assert_int_equal(s.n, 1); /* the other device keeps its cache */
}

static void test_age(void **state)
{
    struct fixture *fx = *state;
    int64_t age;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    put_tree(fx->s);
    assert_int_equal(px_params_age(fx->s, DEV, "Device.DeviceInfo.UpTime", 95, &age), 0);
    assert_int_equal(age, 15);
    assert_int_equal(px_params_age(fx->s, DEV, "Device.DeviceInfo.UpTime", 10, &age), 0);
    assert_int_equal(age, 0); /* clock went back: never negative */
    assert_int_equal(px_params_age(fx->s, DEV, "Device.Nope", 95, &age), PX_STORE_NOT_FOUND);
}

static void test_refuses_bad_input(void **state)
{
    struct fixture *fx = *state;
    char path[300];
    struct px_param p = {path, CWMP_TYPE_STRING, "v", 1, 1};

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    memset(path, 'a', 257);
    path[257] = '\0';
    assert_int_equal(px_params_put(fx->s, DEV, &p), -1);
    assert_non_null(strstr(px_store_errmsg(fx->s), "longer than 256"));
    p.path = "Device.X";
    p.type = (enum cwmp_type)42;
    assert_int_equal(px_params_put(fx->s, DEV, &p), -1);
    assert_non_null(strstr(px_store_errmsg(fx->s), "unknown type 42"));
    p.type = CWMP_TYPE_STRING;
    assert_int_equal(px_params_put(fx->s, "", &p), -1);
}

static void test_corrupt_value(void **state)
{
    struct fixture *fx = *state;
    struct px_param p;
    char why[128] = "", msg[32];
    uint8_t bad[10];

    assert_int_equal(px_params_decode_value("\x01\x00\x00", 3, &p, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "shorter than its header"));
    assert_int_equal(px_params_decode_value("\x02\x00\0\0\0\0\0\0\0\0", 10, &p, why, sizeof(why)),
                     -1);
    assert_non_null(strstr(why, "unknown version"));
    memset(bad, 0, sizeof(bad));
    bad[0] = 1;
    bad[1] = PX_PARAM_TYPE_LAST + 1;
    snprintf(msg, sizeof(msg), "unknown type %d", PX_PARAM_TYPE_LAST + 1);
    assert_int_equal(px_params_decode_value(bad, sizeof(bad), &p, why, sizeof(why)), -1);
    assert_non_null(strstr(why, msg));

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    assert_int_equal(
        px_store_put(fx->s, PX_DB_PARAMS, DEV "\0Device.Y", sizeof(DEV) + 8, "\x07", 1), 0);
    assert_int_equal(px_params_get(fx->s, DEV, "Device.Y", &p), -1);
    assert_non_null(strstr(px_store_errmsg(fx->s), DEV ": Device.Y: cached value"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup, fixture_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_put_get),           T(test_put_replaces),  T(test_prefix_scan),
        T(test_scan_stops),        T(test_delete_prefix), T(test_age),
        T(test_refuses_bad_input), T(test_corrupt_value),
    };
    return cmocka_run_group_tests_name("proxy parameter cache", tests, NULL, NULL);
}
