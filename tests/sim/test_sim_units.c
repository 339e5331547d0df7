/*
 * test_sim_units.c - cwmp-sim's pure helpers: the TR-069 3.2.1.1 retry
 * wait table, device index lists, --fault and --quirk parsing, and the
 * latency percentiles of the load statistics.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

static void test_retry_table(void **state)
{
    (void)state;
    /* TR-069 Table 3 with the defaults m = 5, k = 2000 */
    assert_true(sim_retry_wait(5, 2000, 1, 0) == 5);
    assert_true(sim_retry_wait(5, 2000, 1, 0.999) < 10);
    assert_true(sim_retry_wait(5, 2000, 1, 0.999) > 9.9);
    assert_true(sim_retry_wait(5, 2000, 2, 0) == 10);
    assert_true(sim_retry_wait(5, 2000, 3, 0) == 20);
    assert_true(sim_retry_wait(5, 2000, 10, 0) == 2560);
    assert_true(sim_retry_wait(5, 2000, 10, 0.999) > 5110);
    assert_true(sim_retry_wait(5, 2000, 25, 0) == 2560); /* capped at n = 10 */
    /* other parameters; nonsense values fall back to the defaults */
    assert_true(sim_retry_wait(1, 1000, 7, 0.5) == 1);
    assert_true(sim_retry_wait(2, 3000, 2, 0) == 6);
    assert_true(sim_retry_wait(0, 0, 1, 0) == 5);
}

static void test_idxset(void **state)
{
    struct sim_idxset s = {0};
    char err[128];
    static const char *const bad[] = {"a", "3-1", "1,,2", "1-", "-1", "1;2", "99999999999"};

    (void)state;
    assert_int_equal(sim_idxset_parse(&s, "0,3,7-9", err, sizeof(err)), 0);
    assert_true(sim_idxset_has(&s, 0));
    assert_true(sim_idxset_has(&s, 3));
    assert_true(sim_idxset_has(&s, 7));
    assert_true(sim_idxset_has(&s, 9));
    assert_false(sim_idxset_has(&s, 1));
    assert_false(sim_idxset_has(&s, 10));
    sim_idxset_free(&s);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        err[0] = '\0';
        assert_int_equal(sim_idxset_parse(&s, bad[i], err, sizeof(err)), -1);
        assert_non_null(strstr(err, bad[i]));
        sim_idxset_free(&s);
    }
}

static void test_inject(void **state)
{
    struct sim_inject f;
    char err[160];
    static const char *const bad[] = {
        "Inform:9002", "GetParameterValues:123", "GetParameterValues:9002:2",
        "Nope:9000",   "GetParameterValues",     "GetParameterValues:9002x"};

    (void)state;
    assert_int_equal(sim_inject_parse("GetParameterValues:9002", &f, err, sizeof(err)), 0);
    assert_int_equal(f.method, CWMP_MSG_GET_PARAMETER_VALUES);
    assert_int_equal(f.code, 9002);
    assert_true(f.rate == 1.0);
    assert_int_equal(sim_inject_parse("AddObject:9004:0.25", &f, err, sizeof(err)), 0);
    assert_int_equal(f.method, CWMP_MSG_ADD_OBJECT);
    assert_true(f.rate == 0.25);
    assert_int_equal(sim_inject_parse("GetRPCMethods:9000", &f, err, sizeof(err)), 0);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(sim_inject_parse(bad[i], &f, err, sizeof(err)), -1);
}

static void test_quirk(void **state)
{
    struct sim_quirk_opt q;
    char err[160];

    (void)state;
    assert_int_equal(sim_quirk_parse("no-partial-gpv", &q, err, sizeof(err)), 0);
    assert_int_equal(q.quirk, SIM_QUIRK_NO_PARTIAL_GPV);
    assert_true(q.all);
    assert_int_equal(sim_quirk_parse("no-attributes:1-2", &q, err, sizeof(err)), 0);
    assert_int_equal(q.quirk, SIM_QUIRK_NO_ATTRIBUTES);
    assert_false(q.all);
    assert_true(sim_idxset_has(&q.devices, 2));
    assert_false(sim_idxset_has(&q.devices, 0));
    sim_idxset_free(&q.devices);
    assert_int_equal(sim_quirk_parse("reuse-instances:0", &q, err, sizeof(err)), 0);
    assert_int_equal(q.quirk, SIM_QUIRK_REUSE_INSTANCES);
    assert_true(sim_idxset_has(&q.devices, 0));
    sim_idxset_free(&q.devices);
    assert_int_equal(sim_quirk_parse("abrupt-reboot", &q, err, sizeof(err)), 0);
    assert_int_equal(q.quirk, SIM_QUIRK_ABRUPT_REBOOT);
    assert_true(q.all);
    sim_idxset_free(&q.devices);
    assert_int_equal(sim_quirk_parse("no-such-quirk", &q, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "reuse-instances"));
    assert_int_equal(sim_quirk_parse("no-getrpcmethods:x", &q, err, sizeof(err)), -1);
    sim_idxset_free(&q.devices);
}

static double field(const char *line, const char *name)
{
    const char *p = strstr(line, name);
    return p ? atof(p + strlen(name)) : -1;
}

static void test_stats(void **state)
{
    struct sim_stats *st = sim_stats_new();
    char line[512];
    FILE *f = fmemopen(line, sizeof(line), "w");

    (void)state;
    assert_non_null(st);
    for (int ms = 1; ms <= 100; ms++)
        sim_stats_session(st, 1, (uint64_t)ms * 1000);
    sim_stats_session(st, 0, 0);
    assert_int_equal(sim_stats_sessions(st), 101);
    sim_stats_print(st, f, 2.0, 1);
    fclose(f);
    assert_non_null(strstr(line, "sessions=101 ok=100 failed=1 duration_s=2.000 rate=50.0 "));
    /* the histogram is exact to about 1.5 % */
    assert_true(field(line, "p50_ms=") >= 49.2 && field(line, "p50_ms=") <= 50.8);
    assert_true(field(line, "p90_ms=") >= 88.6 && field(line, "p90_ms=") <= 91.4);
    assert_true(field(line, "p99_ms=") >= 97.5 && field(line, "p99_ms=") <= 100.0);
    assert_true(field(line, "max_ms=") == 100.0);
    sim_stats_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retry_table), cmocka_unit_test(test_idxset),
        cmocka_unit_test(test_inject),      cmocka_unit_test(test_quirk),
        cmocka_unit_test(test_stats),
    };
    return cmocka_run_group_tests_name("sim_units", tests, NULL, NULL);
}
