/*
 * error.c - USP error code names and default messages (TR-369 7.8 "Error
 * Codes" for Messages, "USP Record Errors" in the MTP section).
 */
#include "usp/error.h"

#include <stddef.h>

struct err_entry {
    int code;
    const char *symbol;
    const char *name;    /* TR-369 "Name" column */
    const char *message; /* TR-369 "Description" column, shortened */
};

#define E(c, n, m)                                                                                 \
    {                                                                                              \
        c, #c, n, m                                                                                \
    }

static const struct err_entry err_table[] = {
    E(USP_ERR_GENERAL_FAILURE, "Message failed", "General failure"),
    E(USP_ERR_MESSAGE_NOT_UNDERSTOOD, "Message not supported",
      "The message was not understood by the target endpoint"),
    E(USP_ERR_REQUEST_DENIED, "Request denied (no reason specified)",
      "The target endpoint cannot or will not process the message"),
    E(USP_ERR_INTERNAL_ERROR, "Internal error",
      "The message failed due to internal hardware or software reasons"),
    E(USP_ERR_INVALID_ARGUMENTS, "Invalid arguments",
      "The message failed due to invalid values in the USP message"),
    E(USP_ERR_RESOURCES_EXCEEDED, "Resources exceeded",
      "The message failed due to memory or processing limitations on the target endpoint"),
    E(USP_ERR_PERMISSION_DENIED, "Permission denied",
      "The source endpoint is not authorized for this action"),
    E(USP_ERR_INVALID_CONFIGURATION, "Invalid configuration",
      "Processing the message would put the target endpoint in an invalid or unrecoverable "
      "state"),
    E(USP_ERR_INVALID_PATH_SYNTAX, "Invalid path syntax",
      "The Path Name was not understood by the target endpoint"),
    E(USP_ERR_PARAM_ACTION_FAILED, "Parameter action failed", "The parameter failed to update"),
    E(USP_ERR_UNSUPPORTED_PARAM, "Unsupported parameter",
      "The Path Name did not match any instantiated parameters"),
    E(USP_ERR_INVALID_TYPE, "Invalid type",
      "The value cannot be interpreted as a value of the parameter's type"),
    E(USP_ERR_INVALID_VALUE, "Invalid value",
      "The value was not within the acceptable values for the parameter"),
    E(USP_ERR_PARAM_NOT_WRITEABLE, "Attempt to update non-writeable parameter",
      "The parameter is not writeable"),
    E(USP_ERR_VALUE_CONFLICT, "Value conflict",
      "The value would result in an invalid configuration based on other parameter values"),
    E(USP_ERR_OPERATION_ERROR, "Operation error", "Failed to create, update or delete an Object"),
    E(USP_ERR_OBJECT_DOES_NOT_EXIST, "Object does not exist",
      "The Path Name did not address an Object in the Instantiated Data Model"),
    E(USP_ERR_OBJECT_NOT_CREATED, "Object could not be created",
      "Failed to create an instance of the Object"),
    E(USP_ERR_NOT_A_TABLE, "Object is not a table", "The Path Name is not a Multi-Instance Object"),
    E(USP_ERR_OBJECT_NOT_CREATABLE, "Attempt to create non-creatable Object",
      "The Object is not defined as able to be created"),
    E(USP_ERR_OBJECT_NOT_UPDATED, "Object could not be updated",
      "The Object in the Set request failed to update"),
    E(USP_ERR_REQUIRED_PARAM_FAILED, "Required parameter failed",
      "One or more required parameters failed to update"),
    E(USP_ERR_COMMAND_FAILURE, "Command failure", "The command failed to complete"),
    E(USP_ERR_COMMAND_CANCELED, "Command canceled",
      "The asynchronous command was cancelled before it completed"),
    E(USP_ERR_DELETE_FAILURE, "Delete failure", "The Object Instance failed to be deleted"),
    E(USP_ERR_DUPLICATE_UNIQUE_KEY, "Object exists with duplicate key",
      "An Object already exists with the Unique Keys specified"),
    E(USP_ERR_INVALID_PATH, "Invalid path",
      "The Path Name does not match any Objects, Parameters or Commands in the Supported Data "
      "Model"),
    E(USP_ERR_INVALID_COMMAND_ARGS, "Invalid command arguments",
      "Invalid or unknown arguments for the command"),
    E(USP_ERR_REGISTER_FAILURE, "Register failure",
      "A path in the Register request failed to be registered"),
    E(USP_ERR_ALREADY_IN_USE, "Already in use",
      "The path is already registered by a different USP Agent"),
    E(USP_ERR_DEREGISTER_FAILURE, "Deregister failure",
      "A path in the Deregister request failed to be deregistered"),
    E(USP_ERR_PATH_ALREADY_REGISTERED, "Path already registered",
      "The path cannot be deregistered: it was registered by a different USP Agent"),
    E(USP_ERR_RECORD_NOT_PARSED, "Record could not be parsed",
      "The received USP Record could not be parsed"),
    E(USP_ERR_SECURE_SESSION_REQUIRED, "Secure session required",
      "USP layer secure message exchange is required"),
    E(USP_ERR_SECURE_SESSION_NOT_SUPPORTED, "Secure session not supported",
      "USP layer secure message exchange is not supported by the receiving endpoint"),
    E(USP_ERR_SAR_NOT_SUPPORTED, "Segmentation and reassembly not supported",
      "Segmentation and reassembly is not supported by the receiving endpoint"),
    E(USP_ERR_INVALID_RECORD_VALUE, "Invalid Record value",
      "The value of at least one Record field was invalid"),
    E(USP_ERR_SESSION_CONTEXT_TERMINATED, "Session Context terminated",
      "The existing Session Context is being terminated"),
    E(USP_ERR_SESSION_CONTEXT_NOT_ALLOWED, "Session Context not allowed",
      "Use of a Session Context is not allowed or not supported"),
};

#undef E

static const struct err_entry *find(int code)
{
    for (size_t i = 0; i < sizeof(err_table) / sizeof(err_table[0]); i++) {
        if (err_table[i].code == code)
            return &err_table[i];
    }
    return NULL;
}

int usp_err_is_vendor(int code)
{
    return code >= USP_ERR_VENDOR_FIRST && code <= USP_ERR_VENDOR_LAST;
}

int usp_err_is_data_model(int code)
{
    return code >= USP_ERR_DATA_MODEL_FIRST && code <= USP_ERR_DATA_MODEL_LAST;
}

int usp_err_is_record_error(int code)
{
    return code >= 7100 && code <= 7199;
}

int usp_err_is_known(int code)
{
    return find(code) != NULL || usp_err_is_vendor(code) || usp_err_is_data_model(code);
}

const char *usp_err_name(int code)
{
    const struct err_entry *e = find(code);

    if (e != NULL)
        return e->name;
    if (code == USP_OK)
        return "No error";
    if (usp_err_is_vendor(code))
        return "Vendor defined error";
    if (usp_err_is_data_model(code))
        return "Data model defined error";
    return "Unknown error";
}

const char *usp_err_message(int code)
{
    const struct err_entry *e = find(code);

    if (e != NULL)
        return e->message;
    if (code == USP_OK)
        return "No error";
    if (usp_err_is_vendor(code))
        return "Vendor defined error";
    if (usp_err_is_data_model(code))
        return "Data model defined error";
    if (usp_err_is_record_error(code))
        return "Unknown USP Record error";
    return "Unknown error";
}

const char *usp_err_symbol(int code)
{
    const struct err_entry *e = find(code);

    if (e != NULL)
        return e->symbol;
    return code == USP_OK ? "USP_OK" : NULL;
}
