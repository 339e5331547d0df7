/*
 * error.h - USP error codes (TR-369 "Error Codes" and "USP Record Errors").
 *
 * 7000-7099 are Message errors (carried in an Error message or in the
 * per-path failures of a response; TR-369 7.8), 7100-7199 Record errors
 * (TR-369 "USP Record Errors"), 7200-7299 defined by the data model,
 * 7800-7999 vendor defined. Part of usp/usp.h.
 */
#ifndef USP_ERROR_H
#define USP_ERROR_H

enum usp_err {
    USP_OK = 0,

    /* TR-369 "Error Codes" table (Messages). */
    USP_ERR_GENERAL_FAILURE = 7000,        /* "Message failed" */
    USP_ERR_MESSAGE_NOT_UNDERSTOOD = 7001, /* "Message not supported" */
    USP_ERR_REQUEST_DENIED = 7002,
    USP_ERR_INTERNAL_ERROR = 7003,
    USP_ERR_INVALID_ARGUMENTS = 7004,
    USP_ERR_RESOURCES_EXCEEDED = 7005,
    USP_ERR_PERMISSION_DENIED = 7006,
    USP_ERR_INVALID_CONFIGURATION = 7007,
    USP_ERR_INVALID_PATH_SYNTAX = 7008, /* path text not understood */
    USP_ERR_PARAM_ACTION_FAILED = 7009,
    USP_ERR_UNSUPPORTED_PARAM = 7010,
    USP_ERR_INVALID_TYPE = 7011,
    USP_ERR_INVALID_VALUE = 7012,
    USP_ERR_PARAM_NOT_WRITEABLE = 7013,
    USP_ERR_VALUE_CONFLICT = 7014,
    USP_ERR_OPERATION_ERROR = 7015,
    USP_ERR_OBJECT_DOES_NOT_EXIST = 7016,
    USP_ERR_OBJECT_NOT_CREATED = 7017,
    USP_ERR_NOT_A_TABLE = 7018,
    USP_ERR_OBJECT_NOT_CREATABLE = 7019,
    USP_ERR_OBJECT_NOT_UPDATED = 7020,
    USP_ERR_REQUIRED_PARAM_FAILED = 7021,
    USP_ERR_COMMAND_FAILURE = 7022,
    USP_ERR_COMMAND_CANCELED = 7023,
    USP_ERR_DELETE_FAILURE = 7024,
    USP_ERR_DUPLICATE_UNIQUE_KEY = 7025,
    USP_ERR_INVALID_PATH = 7026, /* not in the Supported Data Model */
    USP_ERR_INVALID_COMMAND_ARGS = 7027,
    /* Register / Deregister of USP Services (TR-369 1.3+); the names are
     * the table's: 7029 is a Register failure, 7031 a Deregister one. */
    USP_ERR_REGISTER_FAILURE = 7028,
    USP_ERR_ALREADY_IN_USE = 7029,
    USP_ERR_DEREGISTER_FAILURE = 7030,
    USP_ERR_PATH_ALREADY_REGISTERED = 7031,

    /* TR-369 "USP Record Errors" (7100-7199). */
    USP_ERR_RECORD_NOT_PARSED = 7100,
    USP_ERR_SECURE_SESSION_REQUIRED = 7101,
    USP_ERR_SECURE_SESSION_NOT_SUPPORTED = 7102,
    USP_ERR_SAR_NOT_SUPPORTED = 7103,
    USP_ERR_INVALID_RECORD_VALUE = 7104,
    USP_ERR_SESSION_CONTEXT_TERMINATED = 7105,
    USP_ERR_SESSION_CONTEXT_NOT_ALLOWED = 7106,

    /* TR-369 "Data model defined error codes" (described in the data model). */
    USP_ERR_DATA_MODEL_FIRST = 7200,
    USP_ERR_DATA_MODEL_LAST = 7299,

    /* TR-369 "Vendor Defined Error Codes". */
    USP_ERR_VENDOR_FIRST = 7800,
    USP_ERR_VENDOR_LAST = 7999,
};

/* The standard's own names for 7000 and 7001, as aliases. */
#define USP_ERR_MESSAGE_FAILED        USP_ERR_GENERAL_FAILURE
#define USP_ERR_MESSAGE_NOT_SUPPORTED USP_ERR_MESSAGE_NOT_UNDERSTOOD

/*
 * The TR-369 name of a code ("Invalid path syntax"). Never NULL: codes of
 * the data model and vendor ranges give "Data model defined error" and
 * "Vendor defined error", anything else unknown gives "Unknown error".
 */
const char *usp_err_name(int code);

/*
 * A default human-readable err_msg for a code (the TR-369 description,
 * shortened). Never NULL, like usp_err_name().
 */
const char *usp_err_message(int code);

/* The C enumerator's name ("USP_ERR_INVALID_PATH"), or NULL if unknown. */
const char *usp_err_symbol(int code);

/* 1 if TR-369 defines code (data model and vendor ranges included). */
int usp_err_is_known(int code);

/* 1 for the Record-level codes 7100-7199, else 0. */
int usp_err_is_record_error(int code);

/* 1 for the vendor range 7800-7999, else 0. */
int usp_err_is_vendor(int code);

/* 1 for the data model defined range 7200-7299, else 0. */
int usp_err_is_data_model(int code);

#endif
