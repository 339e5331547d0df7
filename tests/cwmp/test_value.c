/*
 * test_value.c - CWMP value types: names and lexical checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cwmp/cwmp.h"

struct case_ {
    enum cwmp_type type;
    const char *value;
    int valid;
};

static const struct case_ cases[] = {
    {CWMP_TYPE_STRING, "", 1},
    {CWMP_TYPE_STRING, "any text <at> all", 1},
    {CWMP_TYPE_INT, "0", 1},
    {CWMP_TYPE_INT, "-2147483648", 1},
    {CWMP_TYPE_INT, "2147483647", 1},
    {CWMP_TYPE_INT, "+17", 1},
    {CWMP_TYPE_INT, " 42\n", 1},
    {CWMP_TYPE_INT, "2147483648", 0},
    {CWMP_TYPE_INT, "-2147483649", 0},
    {CWMP_TYPE_INT, "", 0},
    {CWMP_TYPE_INT, "-", 0},
    {CWMP_TYPE_INT, "12a", 0},
    {CWMP_TYPE_INT, "1 2", 0},
    {CWMP_TYPE_UNSIGNED_INT, "4294967295", 1},
    {CWMP_TYPE_UNSIGNED_INT, "4294967296", 0},
    {CWMP_TYPE_UNSIGNED_INT, "-1", 0},
    {CWMP_TYPE_UNSIGNED_INT, "-0", 1},
    {CWMP_TYPE_LONG, "-9223372036854775808", 1},
    {CWMP_TYPE_LONG, "9223372036854775807", 1},
    {CWMP_TYPE_LONG, "9223372036854775808", 0},
    {CWMP_TYPE_UNSIGNED_LONG, "18446744073709551615", 1},
    {CWMP_TYPE_UNSIGNED_LONG, "18446744073709551616", 0},
    {CWMP_TYPE_UNSIGNED_LONG, "99999999999999999999999", 0},
    {CWMP_TYPE_BOOLEAN, "true", 1},
    {CWMP_TYPE_BOOLEAN, "false", 1},
    {CWMP_TYPE_BOOLEAN, "1", 1},
    {CWMP_TYPE_BOOLEAN, "0", 1},
    {CWMP_TYPE_BOOLEAN, "TRUE", 0},
    {CWMP_TYPE_BOOLEAN, "yes", 0},
    {CWMP_TYPE_BOOLEAN, "", 0},
    {CWMP_TYPE_DATETIME, "2026-11-21T19:30:00Z", 1},
    {CWMP_TYPE_DATETIME, "0001-01-01T00:00:00Z", 1}, /* TR-069 "unknown time" */
    {CWMP_TYPE_DATETIME, "2024-02-29T23:59:59.123+05:30", 1},
    {CWMP_TYPE_DATETIME, "2026-11-21T19:30:00", 1},
    {CWMP_TYPE_DATETIME, "2026-11-21T24:00:00-14:00", 1},
    {CWMP_TYPE_DATETIME, "2023-02-29T00:00:00Z", 0},
    {CWMP_TYPE_DATETIME, "2026-13-01T00:00:00Z", 0},
    {CWMP_TYPE_DATETIME, "2026-11-21 19:30:00Z", 0},
    {CWMP_TYPE_DATETIME, "2026-11-21T19:60:00Z", 0},
    {CWMP_TYPE_DATETIME, "2026-11-21T24:00:01Z", 0},
    {CWMP_TYPE_DATETIME, "2026-11-21T19:30:00.Z", 0},
    {CWMP_TYPE_DATETIME, "2026-11-21T19:30:00+15:00", 0},
    {CWMP_TYPE_DATETIME, "2026-11-21T19:30:00ZZ", 0},
    {CWMP_TYPE_DATETIME, "026-11-21T19:30:00Z", 0},
    {CWMP_TYPE_DATETIME, "", 0},
    {CWMP_TYPE_BASE64, "", 1},
    {CWMP_TYPE_BASE64, "aGVsbG8=", 1},
    {CWMP_TYPE_BASE64, "aGVs bG8h", 1},
    {CWMP_TYPE_BASE64, "aA==", 1},
    {CWMP_TYPE_BASE64, "aB==", 0}, /* unused bits set */
    {CWMP_TYPE_BASE64, "aGVsbG8", 0},
    {CWMP_TYPE_BASE64, "a===", 0},
    {CWMP_TYPE_BASE64, "aG=sbG8=", 0},
    {CWMP_TYPE_BASE64, "aGV*bG8=", 0},
    {CWMP_TYPE_HEXBINARY, "", 1},
    {CWMP_TYPE_HEXBINARY, "00ffAB", 1},
    {CWMP_TYPE_HEXBINARY, "0ff", 0},
    {CWMP_TYPE_HEXBINARY, "0g", 0},
};

static void test_value_check_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *why = NULL;
        int rc = cwmp_value_check(cases[i].type, cases[i].value, strlen(cases[i].value), &why);
        if ((rc == 0) != cases[i].valid)
            fail_msg("%s \"%s\": expected %s, got %s (%s)", cwmp_type_name(cases[i].type),
                     cases[i].value, cases[i].valid ? "valid" : "invalid",
                     rc == 0 ? "valid" : "invalid", why ? why : "");
        if (rc != 0)
            assert_non_null(why);
    }
}

static void test_value_check_not_nul_terminated(void **state)
{
    const char buf[] = {'1', '2', '3', 'x'};
    (void)state;
    assert_int_equal(cwmp_value_check(CWMP_TYPE_INT, buf, 3, NULL), 0);
    assert_int_equal(cwmp_value_check(CWMP_TYPE_INT, buf, 4, NULL), -1);
}

static void test_type_names_round_trip(void **state)
{
    enum cwmp_type all[] = {CWMP_TYPE_STRING,        CWMP_TYPE_INT,      CWMP_TYPE_UNSIGNED_INT,
                            CWMP_TYPE_LONG,          CWMP_TYPE_BOOLEAN,  CWMP_TYPE_DATETIME,
                            CWMP_TYPE_UNSIGNED_LONG, CWMP_TYPE_BASE64,   CWMP_TYPE_HEXBINARY};
    (void)state;
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        const char *name = cwmp_type_name(all[i]);
        enum cwmp_type t;
        assert_int_equal(cwmp_type_from_name(name, strlen(name), &t), 0);
        assert_int_equal(t, all[i]);
    }
}

static void test_type_from_name_prefixes(void **state)
{
    enum cwmp_type t;
    (void)state;
    assert_int_equal(cwmp_type_from_name("xs:unsignedInt", 14, &t), 0);
    assert_int_equal(t, CWMP_TYPE_UNSIGNED_INT);
    assert_int_equal(cwmp_type_from_name("boolean", 7, &t), 0);
    assert_int_equal(t, CWMP_TYPE_BOOLEAN);
    assert_int_equal(cwmp_type_from_name("soap-enc:base64", 15, &t), 0);
    assert_int_equal(t, CWMP_TYPE_BASE64);
    assert_int_equal(cwmp_type_from_name("xsd:float", 9, &t), -1);
    assert_int_equal(cwmp_type_from_name("xsd:", 4, &t), -1);
    assert_int_equal(cwmp_type_from_name("", 0, &t), -1);
}

static void test_value_bool(void **state)
{
    int b = -1;
    (void)state;
    assert_int_equal(cwmp_value_bool(" true ", 6, &b), 0);
    assert_int_equal(b, 1);
    assert_int_equal(cwmp_value_bool("0", 1, &b), 0);
    assert_int_equal(b, 0);
    assert_int_equal(cwmp_value_bool("on", 2, &b), -1);
}

static void test_fault_strings(void **state)
{
    (void)state;
    assert_string_equal(cwmp_fault_string(CWMP_FAULT_INVALID_PARAMETER_NAME),
                        "Invalid parameter name");
    assert_string_equal(cwmp_fault_string(CWMP_FAULT_NON_WRITABLE_PARAMETER),
                        "Attempt to set a non-writable parameter");
    assert_string_equal(cwmp_fault_string(8005), "Retry request");
    assert_string_equal(cwmp_fault_string(9850), "Vendor defined fault");
    assert_null(cwmp_fault_string(9500));
    assert_null(cwmp_fault_string(0));
    assert_true(cwmp_fault_is_valid(9032));
    assert_false(cwmp_fault_is_valid(9033));
    for (int code = 9000; code <= 9032; code++)
        assert_non_null(cwmp_fault_string(code));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_check_table),
        cmocka_unit_test(test_value_check_not_nul_terminated),
        cmocka_unit_test(test_type_names_round_trip),
        cmocka_unit_test(test_type_from_name_prefixes),
        cmocka_unit_test(test_value_bool),
        cmocka_unit_test(test_fault_strings),
    };
    return cmocka_run_group_tests_name("cwmp_value", tests, NULL, NULL);
}
