/*
 * test_fault.c - CWMP fault -> USP error table, and its documentation.
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
#include "usp/error.h"

static void test_meaning_depends_on_context(void **state)
{
    (void)state;
    assert_int_equal(map_fault_to_usp(CWMP_FAULT_INVALID_PARAMETER_NAME, MAP_CTX_GET),
                     USP_ERR_INVALID_PATH);
    assert_int_equal(map_fault_to_usp(CWMP_FAULT_INVALID_PARAMETER_NAME, MAP_CTX_DELETE),
                     USP_ERR_OBJECT_DOES_NOT_EXIST);
    assert_int_equal(map_fault_to_usp(CWMP_FAULT_NON_WRITABLE_PARAMETER, MAP_CTX_SET),
                     USP_ERR_PARAM_NOT_WRITEABLE);
    assert_int_equal(map_fault_to_usp(CWMP_FAULT_NON_WRITABLE_PARAMETER, MAP_CTX_ADD),
                     USP_ERR_OBJECT_NOT_CREATABLE);
    assert_int_equal(map_fault_to_usp(CWMP_FAULT_METHOD_NOT_SUPPORTED, MAP_CTX_OPERATE),
                     USP_ERR_COMMAND_FAILURE);
    assert_int_equal(map_fault_to_usp(CWMP_FAULT_INVALID_PARAMETER_TYPE, MAP_CTX_SET),
                     USP_ERR_INVALID_TYPE);
    assert_int_equal(map_fault_to_usp(CWMP_FAULT_INVALID_PARAMETER_VALUE, MAP_CTX_SET),
                     USP_ERR_INVALID_VALUE);
}

static void test_unknown_faults_are_general_failures(void **state)
{
    (void)state;
    assert_int_equal(map_fault_to_usp(9850, MAP_CTX_GET), USP_ERR_GENERAL_FAILURE);
    assert_int_equal(map_fault_to_usp(0, MAP_CTX_SET), USP_ERR_GENERAL_FAILURE);
    assert_int_equal(map_fault_to_usp(9018, MAP_CTX_OPERATE), USP_ERR_COMMAND_FAILURE);
}

/* Every code the table produces is a TR-369 message error. */
static void test_results_are_known_usp_errors(void **state)
{
    struct map_fault_row r;
    (void)state;
    for (unsigned i = 0; map_fault_row_at(i, &r) == 0; i++) {
        int codes[] = {r.usp_get, r.usp_set, r.usp_add, r.usp_delete, r.usp_operate};
        assert_non_null(cwmp_fault_string(r.cwmp_fault));
        for (size_t c = 0; c < 5; c++) {
            assert_true(usp_err_is_known(codes[c]));
            assert_false(usp_err_is_record_error(codes[c]));
        }
    }
}

/* docs/ARCHITECTURE.md shows the same table, row for row. */
static void test_documented(void **state)
{
    const char *top = getenv("abs_top_srcdir");
    char path[4096], line[128];
    struct map_fault_row r;
    FILE *f;
    char *doc;
    long n;
    (void)state;

    snprintf(path, sizeof(path), "%s/docs/ARCHITECTURE.md", top ? top : ".");
    f = fopen(path, "r");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    doc = calloc(1, (size_t)n + 1);
    assert_non_null(doc);
    assert_int_equal(fread(doc, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    for (unsigned i = 0; map_fault_row_at(i, &r) == 0; i++) {
        snprintf(line, sizeof(line), "| %d | %d | %d | %d | %d | %d |", r.cwmp_fault, r.usp_get,
                 r.usp_set, r.usp_add, r.usp_delete, r.usp_operate);
        if (strstr(doc, line) == NULL)
            fail_msg("docs/ARCHITECTURE.md lacks the row %s", line);
    }
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meaning_depends_on_context),
        cmocka_unit_test(test_unknown_faults_are_general_failures),
        cmocka_unit_test(test_results_are_known_usp_errors),
        cmocka_unit_test(test_documented),
    };
    return cmocka_run_group_tests_name("map_fault", tests, NULL, NULL);
}
