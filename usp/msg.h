/*
 * msg.h - USP Messages (TR-369 "Messages", USP 1.4): decode, accessors,
 * builders, encode. Part of usp/usp.h.
 *
 * A struct usp_msg is an opaque handle on one Msg. It is made either by
 * usp_msg_decode() (from the payload of a Record) or by one of the
 * usp_<kind>_new() builders, and freed by usp_msg_free().
 *
 * Builders accumulate: *_new() makes the message, then *_add_*() calls
 * append to the most recently added element of the level above (e.g.
 * usp_getresp_add_result_param() adds to the last resolved path of the
 * last requested path). Every add returns 0, or -1 when memory runs out,
 * the message is of another kind, or there is no element to add to.
 *
 * Memory: strings passed in are copied; strings returned by accessors
 * belong to the message and live until usp_msg_free(). Bytes returned by
 * usp_msg_encode() belong to the caller (free()).
 *
 * Accessors never fail: asked about another kind of message or an index
 * out of range they return "" / 0 / NULL (documented per function).
 * They are total on decoded messages, which may come from anyone: a
 * missing submessage or an unset oneof reads as empty, never as a crash.
 *
 * Response accessors mirror the builders: usp_<kind>_<element>_count()
 * counts what usp_<kind>_add_<element>() appends, and the reader of an
 * element takes its indexes from the top level down (i: requested path,
 * j: the level below, ...). Readers with out-parameters accept NULL for
 * any of them and return 0, or -1 when an index is out of range or m is
 * of another kind (out-parameters are then set to "" / 0). Enum values
 * are passed on as received; a sender may use values outside the enum.
 */
#ifndef USP_MSG_H
#define USP_MSG_H

#include <stddef.h>
#include <stdint.h>

/* The protocol version this library speaks and those it accepts. */
#define USP_PROTO_VERSION  "1.4"
#define USP_PROTO_VERSIONS "1.0,1.1,1.2,1.3,1.4"

struct usp_msg;

/* Header.msg_type (TR-369 "Header fields"). */
enum usp_msg_type {
    USP_MSG_ERROR = 0,
    USP_MSG_GET = 1,
    USP_MSG_GET_RESP = 2,
    USP_MSG_NOTIFY = 3,
    USP_MSG_SET = 4,
    USP_MSG_SET_RESP = 5,
    USP_MSG_OPERATE = 6,
    USP_MSG_OPERATE_RESP = 7,
    USP_MSG_ADD = 8,
    USP_MSG_ADD_RESP = 9,
    USP_MSG_DELETE = 10,
    USP_MSG_DELETE_RESP = 11,
    USP_MSG_GET_SUPPORTED_DM = 12,
    USP_MSG_GET_SUPPORTED_DM_RESP = 13,
    USP_MSG_GET_INSTANCES = 14,
    USP_MSG_GET_INSTANCES_RESP = 15,
    USP_MSG_NOTIFY_RESP = 16,
    USP_MSG_GET_SUPPORTED_PROTO = 17,
    USP_MSG_GET_SUPPORTED_PROTO_RESP = 18,
    USP_MSG_REGISTER = 19,
    USP_MSG_REGISTER_RESP = 20,
    USP_MSG_DEREGISTER = 21,
    USP_MSG_DEREGISTER_RESP = 22,
};
#define USP_MSG_TYPE_MAX USP_MSG_DEREGISTER_RESP

/* What went wrong, for a decode or a Record check: a TR-369 code and text. */
struct usp_diag {
    int code;       /* enum usp_err; 0 when there was no problem */
    char text[240]; /* says what was wrong and where */
};

/* The TR-369 name of a message type ("GET_RESP"), or NULL if unknown. */
const char *usp_msg_type_name(int type);

/* 1 for requests (Get ... Notify, GetSupportedProtocol, (De)Register). */
int usp_msg_type_is_request(int type);
/* 1 for responses (*_RESP). 0 for requests and ERROR. */
int usp_msg_type_is_response(int type);

/* ---------------------------------------------------------------------
 * Whole messages.
 * ------------------------------------------------------------------- */

/*
 * Decodes a Msg (the payload of a Record) and checks its shape: header
 * with a msg_id, body, and a body matching header.msg_type (TR-369
 * "Messages"). Returns 0 and sets *out, or -1 with diag filled:
 * USP_ERR_MESSAGE_FAILED (7000) when the bytes are not a Msg,
 * USP_ERR_INVALID_ARGUMENTS (7004) when a required part is missing or
 * inconsistent, USP_ERR_MESSAGE_NOT_SUPPORTED (7001) for a message type
 * this schema does not know. When the msg_id and type could be read they
 * are left in *id_out / *type_out (if not NULL; *id_out is a copy to free).
 */
int usp_msg_decode(const uint8_t *buf, size_t len, struct usp_msg **out, struct usp_diag *diag);
int usp_msg_decode_ex(const uint8_t *buf, size_t len, struct usp_msg **out, struct usp_diag *diag,
                      char **id_out, int *type_out);

/* Encodes to protobuf bytes. Returns 0 and sets *buf (caller frees) and *len. */
int usp_msg_encode(const struct usp_msg *m, uint8_t **buf, size_t *len);

void usp_msg_free(struct usp_msg *m);

const char *usp_msg_id(const struct usp_msg *m);
enum usp_msg_type usp_msg_type(const struct usp_msg *m);

/* The underlying Usp__Msg (protobuf-c), for the decoder tool and tests only. */
const void *usp_msg_pb(const struct usp_msg *m);

/* ---------------------------------------------------------------------
 * Requests: builders and accessors.
 * ------------------------------------------------------------------- */

/* Get: param_paths, max_depth (0 = no limit). */
struct usp_msg *usp_get_new(const char *msg_id, uint32_t max_depth);
int usp_get_add_path(struct usp_msg *m, const char *path);
size_t usp_get_path_count(const struct usp_msg *m);
const char *usp_get_path(const struct usp_msg *m, size_t i); /* NULL if out of range */
uint32_t usp_get_max_depth(const struct usp_msg *m);

/* GetSupportedDM. */
struct usp_gsdm_flags {
    int first_level_only, return_commands, return_events, return_params, return_unique_key_sets;
};
struct usp_msg *usp_gsdm_new(const char *msg_id, const struct usp_gsdm_flags *flags);
int usp_gsdm_add_path(struct usp_msg *m, const char *obj_path);
size_t usp_gsdm_path_count(const struct usp_msg *m);
const char *usp_gsdm_path(const struct usp_msg *m, size_t i);
void usp_gsdm_get_flags(const struct usp_msg *m, struct usp_gsdm_flags *out);

/* GetInstances. */
struct usp_msg *usp_getinst_new(const char *msg_id, int first_level_only);
int usp_getinst_add_path(struct usp_msg *m, const char *obj_path);
size_t usp_getinst_path_count(const struct usp_msg *m);
const char *usp_getinst_path(const struct usp_msg *m, size_t i);
int usp_getinst_first_level_only(const struct usp_msg *m);

/* Set and Add share a shape: objects, each with parameter settings. */
struct usp_param_setting {
    const char *param, *value;
    int required;
};
struct usp_msg *usp_set_new(const char *msg_id, int allow_partial);
int usp_set_add_obj(struct usp_msg *m, const char *obj_path);
int usp_set_add_param(struct usp_msg *m, const char *param, const char *value, int required);
struct usp_msg *usp_add_new(const char *msg_id, int allow_partial);
int usp_add_add_obj(struct usp_msg *m, const char *obj_path);
int usp_add_add_param(struct usp_msg *m, const char *param, const char *value, int required);
/* Accessors for both Set and Add (m may be either). */
int usp_msg_allow_partial(const struct usp_msg *m); /* Set, Add, Delete, Register */
size_t usp_msg_obj_count(const struct usp_msg *m);
const char *usp_msg_obj_path(const struct usp_msg *m, size_t i);
size_t usp_msg_param_count(const struct usp_msg *m, size_t obj);
/* Fills *out; returns 0, or -1 if out of range. */
int usp_msg_param(const struct usp_msg *m, size_t obj, size_t i, struct usp_param_setting *out);

/* Delete. */
struct usp_msg *usp_delete_new(const char *msg_id, int allow_partial);
int usp_delete_add_path(struct usp_msg *m, const char *obj_path);
size_t usp_delete_path_count(const struct usp_msg *m);
const char *usp_delete_path(const struct usp_msg *m, size_t i);

/* Operate. */
struct usp_msg *usp_operate_new(const char *msg_id, const char *command, const char *command_key,
                                int send_resp);
int usp_operate_add_arg(struct usp_msg *m, const char *name, const char *value);
const char *usp_operate_command(const struct usp_msg *m);
const char *usp_operate_command_key(const struct usp_msg *m);
int usp_operate_send_resp(const struct usp_msg *m);
size_t usp_operate_arg_count(const struct usp_msg *m);
/* Returns 0 and sets *name and *value, or -1 if out of range. */
int usp_operate_arg(const struct usp_msg *m, size_t i, const char **name, const char **value);

/* Notify (TR-369 "Notify"): one builder per notification type. */
enum usp_notify_kind {
    USP_NOTIFY_NONE = 0,
    USP_NOTIFY_EVENT = 3,
    USP_NOTIFY_VALUE_CHANGE = 4,
    USP_NOTIFY_OBJ_CREATION = 5,
    USP_NOTIFY_OBJ_DELETION = 6,
    USP_NOTIFY_OPER_COMPLETE = 7,
    USP_NOTIFY_ON_BOARD_REQ = 8,
};
struct usp_msg *usp_notify_event_new(const char *msg_id, const char *subscription_id, int send_resp,
                                     const char *obj_path, const char *event_name);
struct usp_msg *usp_notify_value_change_new(const char *msg_id, const char *subscription_id,
                                            int send_resp, const char *param_path,
                                            const char *param_value);
struct usp_msg *usp_notify_obj_creation_new(const char *msg_id, const char *subscription_id,
                                            int send_resp, const char *obj_path);
struct usp_msg *usp_notify_obj_deletion_new(const char *msg_id, const char *subscription_id,
                                            int send_resp, const char *obj_path);
/* OperationComplete with output arguments (add them with usp_notify_add_param). */
struct usp_msg *usp_notify_oper_complete_new(const char *msg_id, const char *subscription_id,
                                             int send_resp, const char *obj_path,
                                             const char *command_name, const char *command_key);
/* OperationComplete reporting a failed command. */
struct usp_msg *usp_notify_oper_failure_new(const char *msg_id, const char *subscription_id,
                                            int send_resp, const char *obj_path,
                                            const char *command_name, const char *command_key,
                                            uint32_t err_code, const char *err_msg);
struct usp_msg *usp_notify_on_board_new(const char *msg_id, const char *subscription_id,
                                        int send_resp, const char *oui, const char *product_class,
                                        const char *serial_number, const char *versions);
/*
 * Adds a name/value to the notification's map: Event params, ObjectCreation
 * unique_keys, OperationComplete output_args. -1 for other kinds.
 */
int usp_notify_add_param(struct usp_msg *m, const char *name, const char *value);

/* Decoded view of a Notify; strings are "" when absent. */
struct usp_notify_view {
    const char *subscription_id;
    int send_resp;
    enum usp_notify_kind kind;
    const char *obj_path;    /* Event, ObjCreation, ObjDeletion, OperComplete */
    const char *name;        /* Event event_name, OperComplete command_name */
    const char *command_key; /* OperComplete */
    const char *param_path;  /* ValueChange */
    const char *param_value; /* ValueChange */
    int oper_failed;         /* OperComplete: 1 if cmd_failure */
    uint32_t err_code;       /* OperComplete failure */
    const char *err_msg;     /* OperComplete failure */
    const char *oui, *product_class, *serial_number, *versions; /* OnBoardRequest */
};
/* Returns 0 and fills *out, or -1 if m is not a Notify. */
int usp_notify_view(const struct usp_msg *m, struct usp_notify_view *out);
/* The map of the notification (see usp_notify_add_param). */
size_t usp_notify_param_count(const struct usp_msg *m);
int usp_notify_param(const struct usp_msg *m, size_t i, const char **name, const char **value);

/* GetSupportedProtocol: the comma separated versions of the sender. */
struct usp_msg *usp_gsp_new(const char *msg_id, const char *controller_versions);
const char *usp_gsp_versions(const struct usp_msg *m); /* also for GET_SUPPORTED_PROTO_RESP */

/* Register / Deregister (USP Services). */
struct usp_msg *usp_register_new(const char *msg_id, int allow_partial);
int usp_register_add_path(struct usp_msg *m, const char *path);
struct usp_msg *usp_deregister_new(const char *msg_id);
int usp_deregister_add_path(struct usp_msg *m, const char *path);
/* For Register and Deregister. */
size_t usp_reg_path_count(const struct usp_msg *m);
const char *usp_reg_path(const struct usp_msg *m, size_t i);

/* ---------------------------------------------------------------------
 * Responses: builders (the agent sends these) and accessors (a
 * controller, the simulator and the tests read them).
 * ------------------------------------------------------------------- */

/*
 * The outcome of one requested path in a Set, Add, Delete, Register or
 * Deregister response: the OperationStatus oneof (values are its field
 * numbers). UNSET when the sender left it out. The usp_*resp_result()
 * readers fill *out (if not NULL) and return 0, or -1 when i is out of
 * range or m is of another kind (*out is then empty).
 */
enum usp_oper_status { USP_OPER_STATUS_UNSET = 0, USP_OPER_FAILURE = 1, USP_OPER_SUCCESS = 2 };
struct usp_oper_result {
    const char *requested_path;
    enum usp_oper_status status;
    uint32_t err_code;   /* FAILURE; 0 otherwise */
    const char *err_msg; /* FAILURE; "" otherwise */
    const char *path;    /* SUCCESS: AddResp instantiated_path, RegisterResp
                            registered_path; "" otherwise */
};

/* GetResp: path result -> resolved paths -> result params. */
struct usp_msg *usp_getresp_new(const char *msg_id);
int usp_getresp_add_path_result(struct usp_msg *m, const char *requested_path, uint32_t err_code,
                                const char *err_msg);
int usp_getresp_add_resolved_path(struct usp_msg *m, const char *resolved_path);
int usp_getresp_add_result_param(struct usp_msg *m, const char *name, const char *value);
size_t usp_getresp_path_result_count(const struct usp_msg *m);
int usp_getresp_path_result(const struct usp_msg *m, size_t i, const char **requested_path,
                            uint32_t *err_code, const char **err_msg);
size_t usp_getresp_resolved_path_count(const struct usp_msg *m, size_t i);
/* NULL if out of range. */
const char *usp_getresp_resolved_path(const struct usp_msg *m, size_t i, size_t j);
size_t usp_getresp_result_param_count(const struct usp_msg *m, size_t i, size_t j);
int usp_getresp_result_param(const struct usp_msg *m, size_t i, size_t j, size_t k,
                             const char **name, const char **value);

/* GetSupportedDMResp (enum values as in the proto). */
enum usp_obj_access {
    USP_OBJ_READ_ONLY,
    USP_OBJ_ADD_DELETE,
    USP_OBJ_ADD_ONLY,
    USP_OBJ_DELETE_ONLY
};
enum usp_param_access { USP_PARAM_READ_ONLY, USP_PARAM_READ_WRITE, USP_PARAM_WRITE_ONLY };
enum usp_value_type {
    USP_VT_UNKNOWN,
    USP_VT_BASE_64,
    USP_VT_BOOLEAN,
    USP_VT_DATE_TIME,
    USP_VT_DECIMAL,
    USP_VT_HEX_BINARY,
    USP_VT_INT,
    USP_VT_LONG,
    USP_VT_STRING,
    USP_VT_UNSIGNED_INT,
    USP_VT_UNSIGNED_LONG,
};
enum usp_value_change { USP_VC_UNKNOWN, USP_VC_ALLOWED, USP_VC_WILL_IGNORE };
enum usp_cmd_type { USP_CMD_UNKNOWN, USP_CMD_SYNC, USP_CMD_ASYNC };
struct usp_msg *usp_gsdmresp_new(const char *msg_id);
int usp_gsdmresp_add_req_obj_result(struct usp_msg *m, const char *req_obj_path, uint32_t err_code,
                                    const char *err_msg, const char *data_model_inst_uri);
int usp_gsdmresp_add_supported_obj(struct usp_msg *m, const char *supported_obj_path,
                                   enum usp_obj_access access, int is_multi_instance);
int usp_gsdmresp_add_param(struct usp_msg *m, const char *param_name, enum usp_param_access access,
                           enum usp_value_type value_type, enum usp_value_change value_change);
int usp_gsdmresp_add_command(struct usp_msg *m, const char *command_name, enum usp_cmd_type type);
int usp_gsdmresp_add_command_input_arg(struct usp_msg *m, const char *arg_name);
int usp_gsdmresp_add_command_output_arg(struct usp_msg *m, const char *arg_name);
int usp_gsdmresp_add_event(struct usp_msg *m, const char *event_name);
int usp_gsdmresp_add_event_arg(struct usp_msg *m, const char *arg_name);
int usp_gsdmresp_add_divergent_path(struct usp_msg *m, const char *path);
int usp_gsdmresp_add_unique_key_set(struct usp_msg *m);
int usp_gsdmresp_add_unique_key(struct usp_msg *m, const char *key_name); /* to the last set */
/*
 * Reading: i = requested object result, j = supported object, k = param /
 * command / event / divergent path / unique key set, l = argument or key.
 * The const char * readers return NULL if out of range.
 */
size_t usp_gsdmresp_req_obj_result_count(const struct usp_msg *m);
int usp_gsdmresp_req_obj_result(const struct usp_msg *m, size_t i, const char **req_obj_path,
                                uint32_t *err_code, const char **err_msg,
                                const char **data_model_inst_uri);
size_t usp_gsdmresp_supported_obj_count(const struct usp_msg *m, size_t i);
int usp_gsdmresp_supported_obj(const struct usp_msg *m, size_t i, size_t j,
                               const char **supported_obj_path, enum usp_obj_access *access,
                               int *is_multi_instance);
size_t usp_gsdmresp_param_count(const struct usp_msg *m, size_t i, size_t j);
int usp_gsdmresp_param(const struct usp_msg *m, size_t i, size_t j, size_t k,
                       const char **param_name, enum usp_param_access *access,
                       enum usp_value_type *value_type, enum usp_value_change *value_change);
size_t usp_gsdmresp_command_count(const struct usp_msg *m, size_t i, size_t j);
int usp_gsdmresp_command(const struct usp_msg *m, size_t i, size_t j, size_t k,
                         const char **command_name, enum usp_cmd_type *type);
size_t usp_gsdmresp_command_input_arg_count(const struct usp_msg *m, size_t i, size_t j, size_t k);
const char *usp_gsdmresp_command_input_arg(const struct usp_msg *m, size_t i, size_t j, size_t k,
                                           size_t l);
size_t usp_gsdmresp_command_output_arg_count(const struct usp_msg *m, size_t i, size_t j, size_t k);
const char *usp_gsdmresp_command_output_arg(const struct usp_msg *m, size_t i, size_t j, size_t k,
                                            size_t l);
size_t usp_gsdmresp_event_count(const struct usp_msg *m, size_t i, size_t j);
const char *usp_gsdmresp_event(const struct usp_msg *m, size_t i, size_t j, size_t k);
size_t usp_gsdmresp_event_arg_count(const struct usp_msg *m, size_t i, size_t j, size_t k);
const char *usp_gsdmresp_event_arg(const struct usp_msg *m, size_t i, size_t j, size_t k, size_t l);
size_t usp_gsdmresp_divergent_path_count(const struct usp_msg *m, size_t i, size_t j);
const char *usp_gsdmresp_divergent_path(const struct usp_msg *m, size_t i, size_t j, size_t k);
size_t usp_gsdmresp_unique_key_set_count(const struct usp_msg *m, size_t i, size_t j);
size_t usp_gsdmresp_unique_key_count(const struct usp_msg *m, size_t i, size_t j, size_t k);
const char *usp_gsdmresp_unique_key(const struct usp_msg *m, size_t i, size_t j, size_t k,
                                    size_t l);

/* GetInstancesResp. */
struct usp_msg *usp_getinstresp_new(const char *msg_id);
int usp_getinstresp_add_path_result(struct usp_msg *m, const char *requested_path,
                                    uint32_t err_code, const char *err_msg);
int usp_getinstresp_add_curr_inst(struct usp_msg *m, const char *instantiated_obj_path);
int usp_getinstresp_add_unique_key(struct usp_msg *m, const char *name, const char *value);
size_t usp_getinstresp_path_result_count(const struct usp_msg *m);
int usp_getinstresp_path_result(const struct usp_msg *m, size_t i, const char **requested_path,
                                uint32_t *err_code, const char **err_msg);
size_t usp_getinstresp_curr_inst_count(const struct usp_msg *m, size_t i);
/* instantiated_obj_path, or NULL if out of range. */
const char *usp_getinstresp_curr_inst(const struct usp_msg *m, size_t i, size_t j);
size_t usp_getinstresp_unique_key_count(const struct usp_msg *m, size_t i, size_t j);
int usp_getinstresp_unique_key(const struct usp_msg *m, size_t i, size_t j, size_t k,
                               const char **name, const char **value);

/*
 * SetResp: a result per requested path, success or failure; then instances
 * (updated_inst_results on success, updated_inst_failures on failure) and
 * their parameter errors / updated parameters.
 */
struct usp_msg *usp_setresp_new(const char *msg_id);
int usp_setresp_add_success(struct usp_msg *m, const char *requested_path);
int usp_setresp_add_failure(struct usp_msg *m, const char *requested_path, uint32_t err_code,
                            const char *err_msg);
int usp_setresp_add_inst(struct usp_msg *m, const char *affected_path);
int usp_setresp_add_updated_param(struct usp_msg *m, const char *name, const char *value);
int usp_setresp_add_param_err(struct usp_msg *m, const char *param, uint32_t err_code,
                              const char *err_msg);
size_t usp_setresp_result_count(const struct usp_msg *m);
int usp_setresp_result(const struct usp_msg *m, size_t i, struct usp_oper_result *out);
/* Instances of result i: updated_inst_results or updated_inst_failures. */
size_t usp_setresp_inst_count(const struct usp_msg *m, size_t i);
const char *usp_setresp_inst(const struct usp_msg *m, size_t i, size_t j); /* affected_path */
size_t usp_setresp_updated_param_count(const struct usp_msg *m, size_t i, size_t j);
int usp_setresp_updated_param(const struct usp_msg *m, size_t i, size_t j, size_t k,
                              const char **name, const char **value);
size_t usp_setresp_param_err_count(const struct usp_msg *m, size_t i, size_t j);
int usp_setresp_param_err(const struct usp_msg *m, size_t i, size_t j, size_t k, const char **param,
                          uint32_t *err_code, const char **err_msg);

/* AddResp. */
struct usp_msg *usp_addresp_new(const char *msg_id);
int usp_addresp_add_success(struct usp_msg *m, const char *requested_path,
                            const char *instantiated_path);
int usp_addresp_add_failure(struct usp_msg *m, const char *requested_path, uint32_t err_code,
                            const char *err_msg);
int usp_addresp_add_unique_key(struct usp_msg *m, const char *name, const char *value);
int usp_addresp_add_param_err(struct usp_msg *m, const char *param, uint32_t err_code,
                              const char *err_msg);
size_t usp_addresp_result_count(const struct usp_msg *m);
int usp_addresp_result(const struct usp_msg *m, size_t i, struct usp_oper_result *out);
/* Unique keys and parameter errors of a successful result i (0 otherwise). */
size_t usp_addresp_unique_key_count(const struct usp_msg *m, size_t i);
int usp_addresp_unique_key(const struct usp_msg *m, size_t i, size_t k, const char **name,
                           const char **value);
size_t usp_addresp_param_err_count(const struct usp_msg *m, size_t i);
int usp_addresp_param_err(const struct usp_msg *m, size_t i, size_t k, const char **param,
                          uint32_t *err_code, const char **err_msg);

/* DeleteResp. */
struct usp_msg *usp_deleteresp_new(const char *msg_id);
int usp_deleteresp_add_success(struct usp_msg *m, const char *requested_path);
int usp_deleteresp_add_failure(struct usp_msg *m, const char *requested_path, uint32_t err_code,
                               const char *err_msg);
int usp_deleteresp_add_affected_path(struct usp_msg *m, const char *path);
int usp_deleteresp_add_unaffected_path_err(struct usp_msg *m, const char *path, uint32_t err_code,
                                           const char *err_msg);
size_t usp_deleteresp_result_count(const struct usp_msg *m);
int usp_deleteresp_result(const struct usp_msg *m, size_t i, struct usp_oper_result *out);
/* Affected paths and unaffected path errors of a successful result i. */
size_t usp_deleteresp_affected_path_count(const struct usp_msg *m, size_t i);
const char *usp_deleteresp_affected_path(const struct usp_msg *m, size_t i, size_t k);
size_t usp_deleteresp_unaffected_path_err_count(const struct usp_msg *m, size_t i);
int usp_deleteresp_unaffected_path_err(const struct usp_msg *m, size_t i, size_t k,
                                       const char **path, uint32_t *err_code, const char **err_msg);

/* OperateResp: per executed command, one of three outcomes. */
struct usp_msg *usp_operateresp_new(const char *msg_id);
int usp_operateresp_add_req_obj_path(struct usp_msg *m, const char *executed_command,
                                     const char *req_obj_path);
int usp_operateresp_add_output_args(struct usp_msg *m, const char *executed_command);
int usp_operateresp_add_output_arg(struct usp_msg *m, const char *name, const char *value);
int usp_operateresp_add_cmd_failure(struct usp_msg *m, const char *executed_command,
                                    uint32_t err_code, const char *err_msg);
/* Which member of the operation_resp oneof (values are its field numbers). */
enum usp_operate_outcome {
    USP_OPERATE_UNSET = 0,
    USP_OPERATE_REQ_OBJ_PATH = 2,
    USP_OPERATE_OUTPUT_ARGS = 3,
    USP_OPERATE_CMD_FAILURE = 4,
};
struct usp_operate_result {
    const char *executed_command;
    enum usp_operate_outcome outcome;
    const char *req_obj_path; /* REQ_OBJ_PATH; "" otherwise */
    uint32_t err_code;        /* CMD_FAILURE; 0 otherwise */
    const char *err_msg;      /* CMD_FAILURE; "" otherwise */
};
size_t usp_operateresp_result_count(const struct usp_msg *m);
/* Fills *out (if not NULL); returns 0, or -1 if out of range (*out empty). */
int usp_operateresp_result(const struct usp_msg *m, size_t i, struct usp_operate_result *out);
/* Output arguments of result i (0 unless its outcome is OUTPUT_ARGS). */
size_t usp_operateresp_output_arg_count(const struct usp_msg *m, size_t i);
int usp_operateresp_output_arg(const struct usp_msg *m, size_t i, size_t k, const char **name,
                               const char **value);

/* NotifyResp, GetSupportedProtocolResp. */
struct usp_msg *usp_notifyresp_new(const char *msg_id, const char *subscription_id);
const char *usp_notifyresp_subscription_id(const struct usp_msg *m);
struct usp_msg *usp_gspresp_new(const char *msg_id, const char *agent_versions);
/* The agent's versions of a GET_SUPPORTED_PROTO_RESP, "" for other kinds. */
const char *usp_gspresp_versions(const struct usp_msg *m);

/* RegisterResp / DeregisterResp. */
struct usp_msg *usp_registerresp_new(const char *msg_id);
int usp_registerresp_add_success(struct usp_msg *m, const char *requested_path,
                                 const char *registered_path);
int usp_registerresp_add_failure(struct usp_msg *m, const char *requested_path, uint32_t err_code,
                                 const char *err_msg);
size_t usp_registerresp_result_count(const struct usp_msg *m);
int usp_registerresp_result(const struct usp_msg *m, size_t i, struct usp_oper_result *out);
struct usp_msg *usp_deregisterresp_new(const char *msg_id);
int usp_deregisterresp_add_success(struct usp_msg *m, const char *requested_path);
int usp_deregisterresp_add_path(struct usp_msg *m, const char *deregistered_path);
int usp_deregisterresp_add_failure(struct usp_msg *m, const char *requested_path, uint32_t err_code,
                                   const char *err_msg);
size_t usp_deregisterresp_result_count(const struct usp_msg *m);
int usp_deregisterresp_result(const struct usp_msg *m, size_t i, struct usp_oper_result *out);
/* Deregistered paths of a successful result i. */
size_t usp_deregisterresp_path_count(const struct usp_msg *m, size_t i);
const char *usp_deregisterresp_path(const struct usp_msg *m, size_t i, size_t k);

/* ---------------------------------------------------------------------
 * Error (TR-369 "Error"): the request failed as a whole.
 * ------------------------------------------------------------------- */

/* err_msg NULL means the TR-369 default text of err_code. */
struct usp_msg *usp_error_new(const char *msg_id, uint32_t err_code, const char *err_msg);
int usp_error_add_param_err(struct usp_msg *m, const char *param_path, uint32_t err_code,
                            const char *err_msg);
uint32_t usp_error_code(const struct usp_msg *m);
const char *usp_error_text(const struct usp_msg *m);
size_t usp_error_param_count(const struct usp_msg *m);
int usp_error_param(const struct usp_msg *m, size_t i, const char **path, uint32_t *err_code,
                    const char **err_msg);

#endif
