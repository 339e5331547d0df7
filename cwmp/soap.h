/*
 * soap.h - the CWMP SOAP codec (TR-069 Amendment 6, Annex A): parses any
 * CWMP envelope into a typed message and writes typed messages back into
 * envelopes. Part of the public interface of libcwmp; cwmp/cwmp.h includes
 * it.
 *
 * One model per message type serves both directions: the ACS parses what a
 * CPE sends and writes what it answers, the simulator does the opposite
 * with the same structs.
 *
 * Memory: a parsed message owns all its strings and arrays in one arena;
 * cwmp_msg_free() frees everything. To write a message, either fill a
 * struct cwmp_msg on the stack (pointers to your own memory; the writer
 * only reads), or get one from cwmp_msg_new() and allocate its arrays and
 * strings with cwmp_msg_alloc()/cwmp_msg_strdup() so one cwmp_msg_free()
 * releases them.
 *
 * Strings are NUL-terminated UTF-8. A string field is NULL when its
 * element was absent and "" when it was present but empty; the writer
 * writes NULL as an empty element. dateTime fields are kept as text
 * (TR-069 A.2.1; "0001-01-01T00:00:00Z" is the unknown time).
 */
#ifndef CWMP_SOAP_H
#define CWMP_SOAP_H

#include <stddef.h>
#include <stdint.h>

#include "cwmp/buf.h"
#include "cwmp/cwmp.h" /* enum cwmp_type; cwmp.h includes this file at its end */

/* ---------------------------------------------------------------------
 * Namespace versions (TR-069 A.3.1): urn:dslforum-org:cwmp-1-0 .. 1-4.
 * An ACS answers in the version the CPE used (msg->ns_version).
 * ------------------------------------------------------------------- */

enum cwmp_ns_version {
    CWMP_NS_1_0 = 0,
    CWMP_NS_1_1,
    CWMP_NS_1_2,
    CWMP_NS_1_3,
    CWMP_NS_1_4,
};
#define CWMP_NS_LATEST CWMP_NS_1_4

/* "urn:dslforum-org:cwmp-1-N", or NULL for a version out of range. */
const char *cwmp_ns_uri(enum cwmp_ns_version v);

/* The version of a namespace URI (len bytes). 0 and *out, or -1. */
int cwmp_ns_from_uri(const char *uri, size_t len, enum cwmp_ns_version *out);

/* ---------------------------------------------------------------------
 * Message types: every RPC of TR-069 A.3 and A.4 an ACS or a CPE sends,
 * and the SOAP Fault. GetRPCMethods goes both ways and is one type.
 * The order is part of the API: callers test ranges (INFORM ..
 * GET_RPC_METHODS are what a CPE may request; SET_PARAMETER_VALUES_RESPONSE
 * .. CHANGE_DU_STATE_RESPONSE answer ACS requests). Add new types at the
 * end of their group only with care.
 * ------------------------------------------------------------------- */

enum cwmp_msg_type {
    CWMP_MSG_UNKNOWN = 0, /* parse only: a body method the codec does not know */

    /* CPE -> ACS requests (TR-069 A.3.3) */
    CWMP_MSG_INFORM,
    CWMP_MSG_TRANSFER_COMPLETE,
    CWMP_MSG_AUTONOMOUS_TRANSFER_COMPLETE,
    CWMP_MSG_REQUEST_DOWNLOAD,
    CWMP_MSG_KICKED,
    CWMP_MSG_DU_STATE_CHANGE_COMPLETE,
    CWMP_MSG_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE,
    /* both directions (A.3.1) */
    CWMP_MSG_GET_RPC_METHODS,
    CWMP_MSG_GET_RPC_METHODS_RESPONSE,
    /* ACS -> CPE responses to the CPE requests */
    CWMP_MSG_INFORM_RESPONSE,
    CWMP_MSG_TRANSFER_COMPLETE_RESPONSE,
    CWMP_MSG_AUTONOMOUS_TRANSFER_COMPLETE_RESPONSE,
    CWMP_MSG_REQUEST_DOWNLOAD_RESPONSE,
    CWMP_MSG_KICKED_RESPONSE,
    CWMP_MSG_DU_STATE_CHANGE_COMPLETE_RESPONSE,
    CWMP_MSG_AUTONOMOUS_DU_STATE_CHANGE_COMPLETE_RESPONSE,

    /* ACS -> CPE requests (TR-069 A.3.2, A.4.1) */
    CWMP_MSG_SET_PARAMETER_VALUES,
    CWMP_MSG_GET_PARAMETER_VALUES,
    CWMP_MSG_GET_PARAMETER_NAMES,
    CWMP_MSG_SET_PARAMETER_ATTRIBUTES,
    CWMP_MSG_GET_PARAMETER_ATTRIBUTES,
    CWMP_MSG_ADD_OBJECT,
    CWMP_MSG_DELETE_OBJECT,
    CWMP_MSG_REBOOT,
    CWMP_MSG_DOWNLOAD,
    CWMP_MSG_UPLOAD,
    CWMP_MSG_FACTORY_RESET,
    CWMP_MSG_GET_QUEUED_TRANSFERS,
    CWMP_MSG_GET_ALL_QUEUED_TRANSFERS,
    CWMP_MSG_SCHEDULE_INFORM,
    CWMP_MSG_SCHEDULE_DOWNLOAD,
    CWMP_MSG_CANCEL_TRANSFER,
    CWMP_MSG_CHANGE_DU_STATE,
    /* CPE -> ACS responses to them */
    CWMP_MSG_SET_PARAMETER_VALUES_RESPONSE,
    CWMP_MSG_GET_PARAMETER_VALUES_RESPONSE,
    CWMP_MSG_GET_PARAMETER_NAMES_RESPONSE,
    CWMP_MSG_SET_PARAMETER_ATTRIBUTES_RESPONSE,
    CWMP_MSG_GET_PARAMETER_ATTRIBUTES_RESPONSE,
    CWMP_MSG_ADD_OBJECT_RESPONSE,
    CWMP_MSG_DELETE_OBJECT_RESPONSE,
    CWMP_MSG_REBOOT_RESPONSE,
    CWMP_MSG_DOWNLOAD_RESPONSE,
    CWMP_MSG_UPLOAD_RESPONSE,
    CWMP_MSG_FACTORY_RESET_RESPONSE,
    CWMP_MSG_GET_QUEUED_TRANSFERS_RESPONSE,
    CWMP_MSG_GET_ALL_QUEUED_TRANSFERS_RESPONSE,
    CWMP_MSG_SCHEDULE_INFORM_RESPONSE,
    CWMP_MSG_SCHEDULE_DOWNLOAD_RESPONSE,
    CWMP_MSG_CANCEL_TRANSFER_RESPONSE,
    CWMP_MSG_CHANGE_DU_STATE_RESPONSE,

    /* SOAP Fault carrying a cwmp:Fault (TR-069 A.5), either direction */
    CWMP_MSG_FAULT,

    CWMP_MSG_TYPE_COUNT
};

/* The method element's name ("Inform", "GetParameterValuesResponse",
 * "Fault"), or NULL for CWMP_MSG_UNKNOWN and out-of-range values. */
const char *cwmp_msg_type_name(enum cwmp_msg_type type);

/* The type of a method name (exact, case-sensitive). 0 and *out, or -1. */
int cwmp_msg_type_from_name(const char *name, size_t len, enum cwmp_msg_type *out);

/* For a request type, the type of its response (INFORM ->
 * INFORM_RESPONSE); CWMP_MSG_UNKNOWN when type is not a request. */
enum cwmp_msg_type cwmp_msg_response_type(enum cwmp_msg_type type);

/* ---------------------------------------------------------------------
 * Structures used inside messages (TR-069 A.3 argument types).
 * An array is a pointer plus a count.
 * ------------------------------------------------------------------- */

/* ParameterValueStruct; type is its Value's xsi:type (string when the
 * attribute was missing or named a type CWMP does not use). */
struct cwmp_param_value {
    const char *name;
    const char *value;
    enum cwmp_type type;
};

struct cwmp_device_id { /* DeviceIdStruct, A.3.3.1 */
    const char *manufacturer;
    const char *oui;
    const char *product_class;
    const char *serial_number;
};

struct cwmp_event { /* EventStruct, A.3.3.1: "0 BOOTSTRAP", "M Reboot" ... */
    const char *code;
    const char *command_key;
};

struct cwmp_fault_struct { /* FaultStruct of TransferComplete & co. */
    int code;              /* 0 = no fault */
    const char *string;
};

struct cwmp_arg { /* ArgStruct of RequestDownload */
    const char *name;
    const char *value;
};

struct cwmp_param_info { /* ParameterInfoStruct of GetParameterNamesResponse */
    const char *name;
    int writable;
};

struct cwmp_param_attr { /* ParameterAttributeStruct of GetParameterAttributesResponse */
    const char *name;
    int notification; /* 0 off, 1 passive, 2 active, ... */
    const char **access_list;
    size_t n_access_list;
};

struct cwmp_set_param_attr { /* SetParameterAttributesStruct */
    const char *name;
    int notification_change;
    int notification;
    int access_list_change;
    const char **access_list;
    size_t n_access_list;
};

struct cwmp_time_window { /* TimeWindowStruct of ScheduleDownload */
    uint32_t window_start;
    uint32_t window_end;
    const char *window_mode; /* "1 At Any Time", ... */
    const char *user_message;
    int max_retries;
};

/* QueuedTransferStruct (command_key, state) and AllQueuedTransferStruct
 * (all fields); GetQueuedTransfersResponse writes only the first two. */
struct cwmp_queued_transfer {
    const char *command_key;
    int state; /* 1 not yet started, 2 in progress, 3 completed */
    int is_download;
    const char *file_type;
    uint32_t file_size;
    const char *target_file_name;
};

/* The three OperationStruct variants of ChangeDUState (A.4.1.10),
 * distinguished by xsi:type; each writes only its own fields. */
enum cwmp_du_op_kind {
    CWMP_DU_OP_INSTALL = 0,
    CWMP_DU_OP_UPDATE,
    CWMP_DU_OP_UNINSTALL,
};

struct cwmp_du_op {
    enum cwmp_du_op_kind kind;
    const char *url;               /* install, update */
    const char *uuid;              /* all */
    const char *username;          /* install, update */
    const char *password;          /* install, update */
    const char *execution_env_ref; /* install, uninstall */
    const char *version;           /* update, uninstall */
};

/* OpResultStruct (DUStateChangeComplete) and AutonOpResultStruct
 * (AutonomousDUStateChangeComplete, which adds operation_performed). */
struct cwmp_op_result {
    const char *uuid;
    const char *deployment_unit_ref;
    const char *version;
    const char *current_state;
    int resolved;
    const char *execution_unit_ref_list;
    const char *start_time;
    const char *complete_time;
    struct cwmp_fault_struct fault;
    const char *operation_performed; /* autonomous only */
};

/* SetParameterValuesFault entry of a cwmp:Fault (A.5) */
struct cwmp_spv_fault {
    const char *parameter_name;
    int code;
    const char *string;
};

/* ---------------------------------------------------------------------
 * Message bodies, one per method (field order = element order on the wire).
 * ------------------------------------------------------------------- */

struct cwmp_inform { /* A.3.3.1 */
    struct cwmp_device_id device_id;
    struct cwmp_event *events;
    size_t n_events;
    uint32_t max_envelopes;
    const char *current_time;
    uint32_t retry_count;
    struct cwmp_param_value *params;
    size_t n_params;
};

struct cwmp_inform_response {
    uint32_t max_envelopes; /* the writer writes 1 when 0 */
};

struct cwmp_transfer_complete { /* A.3.3.2 */
    const char *command_key;
    struct cwmp_fault_struct fault;
    const char *start_time;
    const char *complete_time;
};

struct cwmp_autonomous_transfer_complete { /* A.3.3.3 */
    const char *announce_url;
    const char *transfer_url;
    int is_download;
    const char *file_type;
    uint32_t file_size;
    const char *target_file_name;
    struct cwmp_fault_struct fault;
    const char *start_time;
    const char *complete_time;
};

struct cwmp_request_download { /* A.4.2.1 */
    const char *file_type;
    struct cwmp_arg *args;
    size_t n_args;
};

struct cwmp_kicked { /* A.4.2.2 */
    const char *command;
    const char *referer;
    const char *arg;
    const char *next;
};

struct cwmp_kicked_response {
    const char *next_url;
};

struct cwmp_du_state_change_complete { /* A.4.2.3 and A.4.2.4 */
    struct cwmp_op_result *results;
    size_t n_results;
    const char *command_key; /* not in the autonomous variant */
};

struct cwmp_rpc_methods_response { /* A.3.1.1 */
    const char **methods;
    size_t n_methods;
};

/* GetParameterValues and GetParameterAttributes (A.3.2.2, A.3.2.5) */
struct cwmp_param_names {
    const char **names;
    size_t n_names;
};

/* ParameterList of ParameterValueStruct: GetParameterValuesResponse, and
 * SetParameterValues (A.3.2.1) with its ParameterKey */
struct cwmp_param_values {
    struct cwmp_param_value *params;
    size_t n_params;
    const char *parameter_key; /* SetParameterValues only */
};

/* Status-only responses: SetParameterValuesResponse, DeleteObjectResponse */
struct cwmp_status_response {
    int status; /* 0 applied, 1 applied on commit/reboot */
};

struct cwmp_gpn { /* A.3.2.3 */
    const char *parameter_path;
    int next_level;
};

struct cwmp_gpn_response {
    struct cwmp_param_info *params;
    size_t n_params;
};

struct cwmp_spa { /* A.3.2.4 */
    struct cwmp_set_param_attr *params;
    size_t n_params;
};

struct cwmp_gpa_response {
    struct cwmp_param_attr *params;
    size_t n_params;
};

/* AddObject and DeleteObject (A.3.2.6, A.3.2.7) */
struct cwmp_object {
    const char *object_name;
    const char *parameter_key;
};

struct cwmp_add_object_response {
    uint32_t instance_number;
    int status;
};

/* Reboot, CancelTransfer: a CommandKey alone */
struct cwmp_command_key {
    const char *command_key;
};

struct cwmp_download { /* A.3.2.8 */
    const char *command_key;
    const char *file_type;
    const char *url;
    const char *username;
    const char *password;
    uint32_t file_size;
    const char *target_file_name;
    uint32_t delay_seconds;
    const char *success_url;
    const char *failure_url;
};

struct cwmp_upload { /* A.4.1.5 */
    const char *command_key;
    const char *file_type;
    const char *url;
    const char *username;
    const char *password;
    uint32_t delay_seconds;
};

/* DownloadResponse and UploadResponse */
struct cwmp_transfer_response {
    int status; /* 0 completed, 1 not yet completed */
    const char *start_time;
    const char *complete_time;
};

struct cwmp_queued_transfers_response { /* GetQueuedTransfers / GetAllQueuedTransfers */
    struct cwmp_queued_transfer *transfers;
    size_t n_transfers;
};

struct cwmp_schedule_inform { /* A.4.1.4 */
    uint32_t delay_seconds;
    const char *command_key;
};

struct cwmp_schedule_download { /* A.4.1.8 */
    const char *command_key;
    const char *file_type;
    const char *url;
    const char *username;
    const char *password;
    uint32_t file_size;
    const char *target_file_name;
    struct cwmp_time_window *time_windows;
    size_t n_time_windows;
};

struct cwmp_change_du_state { /* A.4.1.10 */
    struct cwmp_du_op *ops;
    size_t n_ops;
    const char *command_key;
};

/* SOAP Fault with cwmp:Fault detail (TR-069 A.5) */
struct cwmp_fault {
    const char *faultcode;   /* "Client" or "Server"; writer picks by code when NULL */
    const char *faultstring; /* writer writes "CWMP fault" when NULL */
    int code;                /* cwmp FaultCode; 0 when a sloppy peer sent no cwmp:Fault */
    const char *string;      /* cwmp FaultString; writer uses cwmp_fault_string() when NULL */
    struct cwmp_spv_fault *spv_faults;
    size_t n_spv_faults;
};

/* ---------------------------------------------------------------------
 * A message: the SOAP header fields and one body.
 * ------------------------------------------------------------------- */

struct cwmp_arena; /* private */

struct cwmp_msg {
    enum cwmp_msg_type type;
    enum cwmp_ns_version ns_version; /* of the cwmp namespace used/to use */

    /* SOAP Header (TR-069 A.4.3) */
    const char *id;                      /* cwmp:ID; NULL = none (written without header) */
    int hold_requests;                   /* cwmp:HoldRequests (ACS -> CPE) */
    int no_more_requests;                /* cwmp:NoMoreRequests (deprecated, still parsed) */
    uint32_t session_timeout;            /* cwmp:SessionTimeout, 0 = none */
    const char *supported_cwmp_versions; /* cwmp:SupportedCWMPVersions ("1.0,1.4") */
    const char *use_cwmp_version;        /* cwmp:UseCWMPVersion ("1.4") */

    /* Parsed only: the body element's local name, also for UNKNOWN. */
    const char *method;

    union {
        struct cwmp_inform inform;
        struct cwmp_inform_response inform_resp;
        struct cwmp_transfer_complete transfer_complete;
        struct cwmp_autonomous_transfer_complete autonomous_transfer_complete;
        struct cwmp_request_download request_download;
        struct cwmp_kicked kicked;
        struct cwmp_kicked_response kicked_resp;
        struct cwmp_du_state_change_complete du_state_change_complete; /* both variants */
        struct cwmp_rpc_methods_response rpc_methods_resp;
        struct cwmp_param_names gpv; /* GetParameterValues */
        struct cwmp_param_values gpv_resp;
        struct cwmp_param_values spv; /* SetParameterValues */
        struct cwmp_status_response spv_resp;
        struct cwmp_gpn gpn;
        struct cwmp_gpn_response gpn_resp;
        struct cwmp_spa spa;
        struct cwmp_param_names gpa;
        struct cwmp_gpa_response gpa_resp;
        struct cwmp_object add_object;
        struct cwmp_add_object_response add_object_resp;
        struct cwmp_object delete_object;
        struct cwmp_status_response delete_object_resp;
        struct cwmp_command_key reboot;
        struct cwmp_download download;
        struct cwmp_transfer_response download_resp;
        struct cwmp_upload upload;
        struct cwmp_transfer_response upload_resp;
        struct cwmp_queued_transfers_response gqt_resp;  /* GetQueuedTransfersResponse */
        struct cwmp_queued_transfers_response gaqt_resp; /* GetAllQueuedTransfersResponse */
        struct cwmp_schedule_inform schedule_inform;
        struct cwmp_schedule_download schedule_download;
        struct cwmp_command_key cancel_transfer;
        struct cwmp_change_du_state change_du_state;
        struct cwmp_fault fault;
    } body; /* empty bodies (FactoryReset, RebootResponse ...) use none */

    struct cwmp_arena *arena; /* private: owns a parsed/new message's memory */
};

/* A zeroed message of type with its own arena, or NULL (out of memory). */
struct cwmp_msg *cwmp_msg_new(enum cwmp_msg_type type);

/* Frees a message from cwmp_msg_new() or cwmp_msg_parse(); NULL is fine. */
void cwmp_msg_free(struct cwmp_msg *msg);

/* Zeroed memory / string copies owned by msg (freed by cwmp_msg_free);
 * NULL when out of memory. msg must come from cwmp_msg_new/parse.
 * cwmp_msg_strndup copies at most len bytes and stops at a NUL (strndup). */
void *cwmp_msg_alloc(struct cwmp_msg *msg, size_t size);
char *cwmp_msg_strdup(struct cwmp_msg *msg, const char *s);
char *cwmp_msg_strndup(struct cwmp_msg *msg, const char *s, size_t len);

/* ---------------------------------------------------------------------
 * Parsing.
 * ------------------------------------------------------------------- */

/* Return codes of cwmp_msg_parse (and of the writer, which uses
 * CWMP_SOAP_ERR_ARGS and CWMP_SOAP_ERR_NOMEM). */
enum cwmp_soap_status {
    CWMP_SOAP_OK = 0,
    CWMP_SOAP_ERR_XML = -1,      /* not well-formed XML, or a DTD/entity (HTTP 400) */
    CWMP_SOAP_ERR_ENVELOPE = -2, /* XML but no SOAP Envelope/Body/method (HTTP 400) */
    CWMP_SOAP_ERR_LIMIT = -3,    /* size, depth, element or text limit exceeded */
    CWMP_SOAP_ERR_METHOD = -4,   /* unknown method: answer Fault 8000/9000 */
    CWMP_SOAP_ERR_ARGS = -5,     /* known method, invalid argument: Fault 8003/9003 */
    CWMP_SOAP_ERR_NOMEM = -6,
};

/* Limits on input; zero fields take the defaults below. */
struct cwmp_soap_limits {
    size_t max_size;     /* bytes of the document; default 16 MiB */
    unsigned max_depth;  /* element nesting; default 32 */
    size_t max_elements; /* elements in the document; default 1,000,000 */
    size_t max_text;     /* bytes of text in one element; default 1 MiB */
};
#define CWMP_SOAP_DEFAULT_MAX_SIZE     (16u * 1024 * 1024)
#define CWMP_SOAP_DEFAULT_MAX_DEPTH    32u
#define CWMP_SOAP_DEFAULT_MAX_ELEMENTS 1000000u
#define CWMP_SOAP_DEFAULT_MAX_TEXT     (1024u * 1024)
/* Fixed: attributes (xmlns declarations included) of one element. */
#define CWMP_SOAP_MAX_ATTRS 64u

/*
 * Parses one SOAP envelope (len bytes; a UTF-8 BOM is allowed) into *out.
 * limits may be NULL for the defaults. The parser never touches the
 * network and rejects any DOCTYPE (so no entity can be declared or
 * expanded). Namespace prefixes are free; the envelope is found by local
 * name, the method as the first element in Body, and arguments by local
 * name in any or no namespace; arrayType attributes are not needed.
 * Numbers and booleans of the message structure are checked (an empty one
 * reads as 0); parameter Values are not checked against their xsi:type
 * and dateTimes are kept as sent: use cwmp_value_check() where it matters.
 *
 * Returns CWMP_SOAP_OK and sets *out (free with cwmp_msg_free()), or an
 * error code and writes a one-line reason to err (errlen bytes, may be 0).
 * On CWMP_SOAP_ERR_METHOD and CWMP_SOAP_ERR_ARGS *out is still set: its
 * header (id, ns_version) and method name let the caller answer with a
 * Fault (type is CWMP_MSG_UNKNOWN for ERR_METHOD, the method's type with
 * a partly filled body for ERR_ARGS). Otherwise *out is NULL.
 */
int cwmp_msg_parse(const char *data, size_t len, const struct cwmp_soap_limits *limits,
                   struct cwmp_msg **out, char *err, size_t errlen);

/* ---------------------------------------------------------------------
 * Writing.
 * ------------------------------------------------------------------- */

/*
 * Appends msg as a complete SOAP envelope (XML declaration, Header when
 * msg->id, hold_requests, no_more_requests or the version fields are set,
 * Body) to out, in namespace urn:dslforum-org:cwmp-1-<ns_version>. Arrays
 * carry SOAP-ENC:arrayType ("cwmp:ParameterValueStruct[3]"), Values their
 * xsi:type. Text is XML-escaped.
 *
 * Returns CWMP_SOAP_OK, or CWMP_SOAP_ERR_ARGS (a string holds a character
 * XML cannot carry, or the type cannot be written) / CWMP_SOAP_ERR_NOMEM
 * with a reason in err; out is then left as it was.
 */
int cwmp_msg_write(const struct cwmp_msg *msg, struct cwmp_buf *out, char *err, size_t errlen);

/*
 * Prepares a zeroed stack message answering req: type, the same cwmp:ID
 * and namespace version (req may be NULL: no ID, latest version).
 * The body is left zeroed for the caller to fill.
 */
void cwmp_msg_init_reply(struct cwmp_msg *msg, enum cwmp_msg_type type, const struct cwmp_msg *req);

/*
 * Shortcut for the session engine: appends a Fault envelope with code
 * and string (NULL = the standard name of code) echoing id (may be NULL)
 * in namespace version ns. Returns as cwmp_msg_write().
 */
int cwmp_write_fault(struct cwmp_buf *out, enum cwmp_ns_version ns, const char *id, int code,
                     const char *string, char *err, size_t errlen);

/* The SOAP faultcode for a CWMP fault code (TR-069 A.5.1): "Client" or
 * "Server". */
const char *cwmp_fault_soap_code(int code);

/* ---------------------------------------------------------------------
 * Reflection: the field tables the codec itself uses, for generic
 * consumers such as the JSON decoder (cwmp2usp-decode soap).
 * ------------------------------------------------------------------- */

enum cwmp_field_kind {
    CWMP_FIELD_STRING,   /* const char * */
    CWMP_FIELD_DATETIME, /* const char * holding xsd:dateTime text */
    CWMP_FIELD_INT,      /* int, xsd:int */
    CWMP_FIELD_UINT,     /* uint32_t, xsd:unsignedInt */
    CWMP_FIELD_BOOL,     /* int 0/1, xsd:boolean */
    CWMP_FIELD_VALUE,    /* const char * at offset + enum cwmp_type at aux_offset */
    CWMP_FIELD_STRUCT,   /* embedded struct described by sub */
    CWMP_FIELD_ARRAY,    /* SOAP array: pointer at offset, size_t count at aux_offset;
                            items are const char * (sub NULL) or structs (sub) */
    CWMP_FIELD_REPEAT,   /* like ARRAY but items are repeated elements named name
                            without a wrapper (SetParameterValuesFault) */
};

struct cwmp_struct_desc;

struct cwmp_field {
    const char *name; /* element local name */
    enum cwmp_field_kind kind;
    size_t offset;
    size_t aux_offset;
    const struct cwmp_struct_desc *sub;
    const char *item_name; /* ARRAY: element name of each item ("string") */
    unsigned variants;     /* bit mask of the struct variants having this field; 0 = all */
};

struct cwmp_struct_desc {
    const char *name; /* the xsd type name: "ParameterValueStruct" */
    size_t size;
    const struct cwmp_field *fields;
    size_t n_fields;
    /* Variant structs (OperationStruct): the enum at variant_offset picks
     * variant_names[i], written as xsi:type="cwmp:<name>". */
    const char *const *variant_names;
    size_t n_variants;
    size_t variant_offset;
};

/* The body description of a message type (relative to &msg->body), or
 * NULL for CWMP_MSG_UNKNOWN and out-of-range types. Empty bodies have
 * n_fields == 0. */
const struct cwmp_struct_desc *cwmp_msg_body_desc(enum cwmp_msg_type type);

#endif /* CWMP_SOAP_H */
