/*
 * cwmp.h - public interface of libcwmp, the ACS side of CWMP (TR-069).
 *
 * libcwmp knows nothing about USP. It turns bytes from CPEs into parsed
 * CWMP messages and back, runs the HTTP session engine, authenticates CPEs
 * and sends connection requests. Sections of the library have their own
 * headers, all included from here, so a caller includes only this file.
 */
#ifndef CWMP_CWMP_H
#define CWMP_CWMP_H

#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------------
 * Parameter value types (TR-069 A.2.1 and A.3.2.1: the xsd types a CWMP
 * ParameterValueStruct may carry in its xsi:type attribute).
 * ------------------------------------------------------------------- */

enum cwmp_type {
    CWMP_TYPE_STRING = 0,
    CWMP_TYPE_INT,           /* xsd:int, 32-bit signed */
    CWMP_TYPE_UNSIGNED_INT,  /* xsd:unsignedInt, 32-bit unsigned */
    CWMP_TYPE_LONG,          /* xsd:long, 64-bit signed */
    CWMP_TYPE_UNSIGNED_LONG, /* xsd:unsignedLong, 64-bit unsigned */
    CWMP_TYPE_BOOLEAN,       /* xsd:boolean: true, false, 1, 0 */
    CWMP_TYPE_DATETIME,      /* xsd:dateTime */
    CWMP_TYPE_BASE64,        /* xsd:base64Binary */
    CWMP_TYPE_HEXBINARY,     /* xsd:hexBinary */
};

/*
 * Looks up a type by its xsi:type text. Any namespace prefix is accepted
 * ("xsd:int", "xs:int", "int"), as real CPEs use several. Returns 0 and
 * sets *out, or -1 when the name is not a CWMP type.
 */
int cwmp_type_from_name(const char *name, size_t len, enum cwmp_type *out);

/* The canonical xsi:type text for a type, with the xsd: prefix. */
const char *cwmp_type_name(enum cwmp_type type);

/*
 * Checks that value (len bytes, need not be NUL-terminated) is a valid
 * lexical form of type. Returns 0 if it is; otherwise -1 and, when why is
 * not NULL, points *why at a static sentence saying what is wrong.
 */
int cwmp_value_check(enum cwmp_type type, const char *value, size_t len, const char **why);

/*
 * Parses a boolean lexical form ("true", "false", "1", "0"; surrounding
 * whitespace allowed). Returns 0 and sets *out, or -1.
 */
int cwmp_value_bool(const char *value, size_t len, int *out);

/* ---------------------------------------------------------------------
 * Fault codes (TR-069 A.5.1). 8xxx are sent by the ACS, 9xxx by the CPE.
 * ------------------------------------------------------------------- */

enum cwmp_fault_code {
    CWMP_FAULT_METHOD_NOT_SUPPORTED_ACS = 8000,
    CWMP_FAULT_REQUEST_DENIED_ACS = 8001,
    CWMP_FAULT_INTERNAL_ERROR_ACS = 8002,
    CWMP_FAULT_INVALID_ARGUMENTS_ACS = 8003,
    CWMP_FAULT_RESOURCES_EXCEEDED_ACS = 8004,
    CWMP_FAULT_RETRY_REQUEST = 8005,
    CWMP_FAULT_METHOD_NOT_SUPPORTED = 9000,
    CWMP_FAULT_REQUEST_DENIED = 9001,
    CWMP_FAULT_INTERNAL_ERROR = 9002,
    CWMP_FAULT_INVALID_ARGUMENTS = 9003,
    CWMP_FAULT_RESOURCES_EXCEEDED = 9004,
    CWMP_FAULT_INVALID_PARAMETER_NAME = 9005,
    CWMP_FAULT_INVALID_PARAMETER_TYPE = 9006,
    CWMP_FAULT_INVALID_PARAMETER_VALUE = 9007,
    CWMP_FAULT_NON_WRITABLE_PARAMETER = 9008,
    CWMP_FAULT_NOTIFICATION_REQUEST_REJECTED = 9009,
    CWMP_FAULT_DOWNLOAD_FAILURE = 9010,
    CWMP_FAULT_UPLOAD_FAILURE = 9011,
    CWMP_FAULT_FILE_TRANSFER_AUTH_FAILURE = 9012,
    CWMP_FAULT_UNSUPPORTED_TRANSFER_PROTOCOL = 9013,
    CWMP_FAULT_DOWNLOAD_MULTICAST_JOIN = 9014,
    CWMP_FAULT_DOWNLOAD_CONTACT_SERVER = 9015,
    CWMP_FAULT_DOWNLOAD_ACCESS_FILE = 9016,
    CWMP_FAULT_DOWNLOAD_COMPLETE = 9017,
    CWMP_FAULT_DOWNLOAD_FILE_CORRUPTED = 9018,
    CWMP_FAULT_DOWNLOAD_FILE_AUTH = 9019,
    CWMP_FAULT_DOWNLOAD_WINDOW = 9020,
    CWMP_FAULT_CANCELATION_NOT_PERMITTED = 9021,
    CWMP_FAULT_INVALID_UUID_FORMAT = 9022,
    CWMP_FAULT_UNKNOWN_EXECUTION_ENVIRONMENT = 9023,
    CWMP_FAULT_DISABLED_EXECUTION_ENVIRONMENT = 9024,
    CWMP_FAULT_DEPLOYMENT_UNIT_EE_MISMATCH = 9025,
    CWMP_FAULT_DUPLICATE_DEPLOYMENT_UNIT = 9026,
    CWMP_FAULT_SYSTEM_RESOURCES_EXCEEDED = 9027,
    CWMP_FAULT_UNKNOWN_DEPLOYMENT_UNIT = 9028,
    CWMP_FAULT_INVALID_DEPLOYMENT_UNIT_STATE = 9029,
    CWMP_FAULT_INVALID_DU_UPDATE_DOWNGRADE = 9030,
    CWMP_FAULT_INVALID_DU_UPDATE_VERSION = 9031,
    CWMP_FAULT_INVALID_DU_UPDATE_UUID = 9032,
};

/*
 * The TR-069 name of a fault code ("Invalid parameter name"), or NULL for
 * a code the standard does not define. Vendor codes 9800-9899 and
 * 8800-8899 are named "Vendor defined fault".
 */
const char *cwmp_fault_string(int code);

/* Whether code is a valid CWMP fault code (defined or vendor range). */
int cwmp_fault_is_valid(int code);

/* SOAP codec: messages, parsing, writing (cwmp/soap.h, cwmp/buf.h). */
#include "cwmp/soap.h"

/* Session engine, CPE authentication, connection requests
 * (cwmp/session.h, cwmp/auth.h, cwmp/connreq.h). */
#include "cwmp/auth.h"
#include "cwmp/session.h"
#include "cwmp/connreq.h"

#endif /* CWMP_CWMP_H */
