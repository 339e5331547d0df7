/*
 * test_error.c - USP error codes: names, messages, ranges.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "usp/usp.h"

/* Every code TR-369 defines, with its name from the standard's tables. */
static const struct {
    int code;
    const char *name;
    const char *symbol;
} known[] = {
    {7000, "Message failed", "USP_ERR_GENERAL_FAILURE"},
    {7001, "Message not supported", "USP_ERR_MESSAGE_NOT_UNDERSTOOD"},
    {7002, "Request denied (no reason specified)", "USP_ERR_REQUEST_DENIED"},
    {7003, "Internal error", "USP_ERR_INTERNAL_ERROR"},
    {7004, "Invalid arguments", "USP_ERR_INVALID_ARGUMENTS"},
    {7005, "Resources exceeded", "USP_ERR_RESOURCES_EXCEEDED"},
    {7006, "Permission denied", "USP_ERR_PERMISSION_DENIED"},
    {7007, "Invalid configuration", "USP_ERR_INVALID_CONFIGURATION"},
    {7008, "Invalid path syntax", "USP_ERR_INVALID_PATH_SYNTAX"},
    {7009, "Parameter action failed", "USP_ERR_PARAM_ACTION_FAILED"},
    {7010, "Unsupported parameter", "USP_ERR_UNSUPPORTED_PARAM"},
    {7011, "Invalid type", "USP_ERR_INVALID_TYPE"},
    {7012, "Invalid value", "USP_ERR_INVALID_VALUE"},
    {7013, "Attempt to update non-writeable parameter", "USP_ERR_PARAM_NOT_WRITEABLE"},
    {7014, "Value conflict", "USP_ERR_VALUE_CONFLICT"},
    {7015, "Operation error", "USP_ERR_OPERATION_ERROR"},
    {7016, "Object does not exist", "USP_ERR_OBJECT_DOES_NOT_EXIST"},
    {7017, "Object could not be created", "USP_ERR_OBJECT_NOT_CREATED"},
    {7018, "Object is not a table", "USP_ERR_NOT_A_TABLE"},
    {7019, "Attempt to create non-creatable Object", "USP_ERR_OBJECT_NOT_CREATABLE"},
    {7020, "Object could not be updated", "USP_ERR_OBJECT_NOT_UPDATED"},
    {7021, "Required parameter failed", "USP_ERR_REQUIRED_PARAM_FAILED"},
    {7022, "Command failure", "USP_ERR_COMMAND_FAILURE"},
    {7023, "Command canceled", "USP_ERR_COMMAND_CANCELED"},
    {7024, "Delete failure", "USP_ERR_DELETE_FAILURE"},
    {7025, "Object exists with duplicate key", "USP_ERR_DUPLICATE_UNIQUE_KEY"},
    {7026, "Invalid path", "USP_ERR_INVALID_PATH"},
    {7027, "Invalid command arguments", "USP_ERR_INVALID_COMMAND_ARGS"},
    {7028, "Register failure", "USP_ERR_REGISTER_FAILURE"},
    {7029, "Already in use", "USP_ERR_ALREADY_IN_USE"},
    {7030, "Deregister failure", "USP_ERR_DEREGISTER_FAILURE"},
    {7031, "Path already registered", "USP_ERR_PATH_ALREADY_REGISTERED"},
    {7100, "Record could not be parsed", "USP_ERR_RECORD_NOT_PARSED"},
    {7101, "Secure session required", "USP_ERR_SECURE_SESSION_REQUIRED"},
    {7102, "Secure session not supported", "USP_ERR_SECURE_SESSION_NOT_SUPPORTED"},
    {7103, "Segmentation and reassembly not supported", "USP_ERR_SAR_NOT_SUPPORTED"},
    {7104, "Invalid Record value", "USP_ERR_INVALID_RECORD_VALUE"},
    {7105, "Session Context terminated", "USP_ERR_SESSION_CONTEXT_TERMINATED"},
    {7106, "Session Context not allowed", "USP_ERR_SESSION_CONTEXT_NOT_ALLOWED"},
};

static void test_error_known_names(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        const char *msg = usp_err_message(known[i].code);

        assert_string_equal(usp_err_name(known[i].code), known[i].name);
        assert_string_equal(usp_err_symbol(known[i].code), known[i].symbol);
        assert_true(usp_err_is_known(known[i].code));
        assert_non_null(msg);
        assert_true(strlen(msg) > 10);
        assert_string_not_equal(msg, "Unknown error");
    }
}

static void test_error_enum_values(void **state)
{
    (void)state;
    assert_int_equal(USP_ERR_GENERAL_FAILURE, 7000);
    assert_int_equal(USP_ERR_MESSAGE_FAILED, 7000);
    assert_int_equal(USP_ERR_MESSAGE_NOT_SUPPORTED, 7001);
    assert_int_equal(USP_ERR_INVALID_PATH_SYNTAX, 7008);
    assert_int_equal(USP_ERR_INVALID_PATH, 7026);
    assert_int_equal(USP_ERR_RECORD_NOT_PARSED, 7100);
    assert_int_equal(USP_ERR_SESSION_CONTEXT_NOT_ALLOWED, 7106);
}

static void test_error_every_message_code_between(void **state)
{
    (void)state;
    /* 7000-7031 are contiguous in TR-369 7.8: no gap may fall back to unknown. */
    for (int c = 7000; c <= 7031; c++)
        assert_true(usp_err_is_known(c));
    for (int c = 7100; c <= 7106; c++) {
        assert_true(usp_err_is_known(c));
        assert_true(usp_err_is_record_error(c));
    }
    assert_false(usp_err_is_record_error(7026));
}

static void test_error_unknown_codes(void **state)
{
    static const int unknown[] = {-1, 1, 6999, 7032, 7099, 7107, 7199, 7300, 7799, 8000, 9005};

    (void)state;
    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        int c = unknown[i];

        assert_false(usp_err_is_known(c));
        assert_string_equal(usp_err_name(c), "Unknown error");
        assert_non_null(usp_err_message(c));
        assert_null(usp_err_symbol(c));
    }
    assert_string_equal(usp_err_message(7150), "Unknown USP Record error");
    assert_string_equal(usp_err_name(USP_OK), "No error");
    assert_string_equal(usp_err_symbol(USP_OK), "USP_OK");
}

static void test_error_vendor_range(void **state)
{
    (void)state;
    assert_true(usp_err_is_data_model(7200));
    assert_true(usp_err_is_data_model(7299));
    assert_false(usp_err_is_data_model(7300));
    assert_true(usp_err_is_known(7250));
    assert_string_equal(usp_err_name(7250), "Data model defined error");
    assert_string_equal(usp_err_message(7200), "Data model defined error");
    assert_true(usp_err_is_vendor(7800));
    assert_true(usp_err_is_vendor(7999));
    assert_false(usp_err_is_vendor(7799));
    assert_false(usp_err_is_vendor(8000));
    assert_true(usp_err_is_known(7850));
    assert_string_equal(usp_err_name(7850), "Vendor defined error");
    assert_string_equal(usp_err_message(7999), "Vendor defined error");
    assert_null(usp_err_symbol(7850));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_known_names),
        cmocka_unit_test(test_error_enum_values),
        cmocka_unit_test(test_error_every_message_code_between),
        cmocka_unit_test(test_error_unknown_codes),
        cmocka_unit_test(test_error_vendor_range),
    };

    return cmocka_run_group_tests_name("usp_error", tests, NULL, NULL);
}
