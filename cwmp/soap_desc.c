/*
 * soap_desc.c - the field tables of every CWMP message and argument
 * struct (TR-069 Annex A), which the generic decoder and writer walk, and
 * the table of message types.
 */
#include "cwmp/soap_int.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define F(st, f, nm, k)                                                                            \
    {                                                                                              \
        nm, k, offsetof(st, f), 0, NULL, NULL, 0                                                   \
    }
#define STR(st, f, nm)  F(st, f, nm, CWMP_FIELD_STRING)
#define DT(st, f, nm)   F(st, f, nm, CWMP_FIELD_DATETIME)
#define INT(st, f, nm)  F(st, f, nm, CWMP_FIELD_INT)
#define UINT(st, f, nm) F(st, f, nm, CWMP_FIELD_UINT)
#define BOOL(st, f, nm) F(st, f, nm, CWMP_FIELD_BOOL)
#define VALUE(st, f, tf, nm)                                                                       \
    {                                                                                              \
        nm, CWMP_FIELD_VALUE, offsetof(st, f), offsetof(st, tf), NULL, NULL, 0                     \
    }
#define STRUCT(st, f, nm, sub)                                                                     \
    {                                                                                              \
        nm, CWMP_FIELD_STRUCT, offsetof(st, f), 0, &sub, NULL, 0                                   \
    }
#define ARRAY(st, f, n, nm, sub)                                                                   \
    {                                                                                              \
        nm, CWMP_FIELD_ARRAY, offsetof(st, f), offsetof(st, n), &sub, NULL, 0                      \
    }
#define STRINGS(st, f, n, nm)                                                                      \
    {                                                                                              \
        nm, CWMP_FIELD_ARRAY, offsetof(st, f), offsetof(st, n), NULL, "string", 0                  \
    }
#define REPEAT(st, f, n, nm, sub)                                                                  \
    {                                                                                              \
        nm, CWMP_FIELD_REPEAT, offsetof(st, f), offsetof(st, n), &sub, NULL, 0                     \
    }
#define VSTR(st, f, nm, mask)                                                                      \
    {                                                                                              \
        nm, CWMP_FIELD_STRING, offsetof(st, f), 0, NULL, NULL, mask                                \
    }
#define DESC(var, xsd_name, st, fields)                                                            \
    static const struct cwmp_struct_desc var = {xsd_name, sizeof(st), fields, N(fields), NULL, 0, 0}

/* ---- argument structs ---- */

static const struct cwmp_field param_value_f[] = {
    STR(struct cwmp_param_value, name, "Name"),
    VALUE(struct cwmp_param_value, value, type, "Value"),
};
DESC(param_value_d, "ParameterValueStruct", struct cwmp_param_value, param_value_f);

static const struct cwmp_field device_id_f[] = {
    STR(struct cwmp_device_id, manufacturer, "Manufacturer"),
    STR(struct cwmp_device_id, oui, "OUI"),
    STR(struct cwmp_device_id, product_class, "ProductClass"),
    STR(struct cwmp_device_id, serial_number, "SerialNumber"),
};
DESC(device_id_d, "DeviceIdStruct", struct cwmp_device_id, device_id_f);

static const struct cwmp_field event_f[] = {
    STR(struct cwmp_event, code, "EventCode"),
    STR(struct cwmp_event, command_key, "CommandKey"),
};
DESC(event_d, "EventStruct", struct cwmp_event, event_f);

static const struct cwmp_field fault_struct_f[] = {
    INT(struct cwmp_fault_struct, code, "FaultCode"),
    STR(struct cwmp_fault_struct, string, "FaultString"),
};
DESC(fault_struct_d, "FaultStruct", struct cwmp_fault_struct, fault_struct_f);

static const struct cwmp_field arg_f[] = {
    STR(struct cwmp_arg, name, "Name"),
    STR(struct cwmp_arg, value, "Value"),
};
DESC(arg_d, "ArgStruct", struct cwmp_arg, arg_f);

static const struct cwmp_field param_info_f[] = {
    STR(struct cwmp_param_info, name, "Name"),
    BOOL(struct cwmp_param_info, writable, "Writable"),
};
DESC(param_info_d, "ParameterInfoStruct", struct cwmp_param_info, param_info_f);

static const struct cwmp_field param_attr_f[] = {
    STR(struct cwmp_param_attr, name, "Name"),
    INT(struct cwmp_param_attr, notification, "Notification"),
    STRINGS(struct cwmp_param_attr, access_list, n_access_list, "AccessList"),
};
DESC(param_attr_d, "ParameterAttributeStruct", struct cwmp_param_attr, param_attr_f);

static const struct cwmp_field set_param_attr_f[] = {
    STR(struct cwmp_set_param_attr, name, "Name"),
    BOOL(struct cwmp_set_param_attr, notification_change, "NotificationChange"),
    INT(struct cwmp_set_param_attr, notification, "Notification"),
    BOOL(struct cwmp_set_param_attr, access_list_change, "AccessListChange"),
    STRINGS(struct cwmp_set_param_attr, access_list, n_access_list, "AccessList"),
};
DESC(set_param_attr_d, "SetParameterAttributesStruct", struct cwmp_set_param_attr,
     set_param_attr_f);

static const struct cwmp_field time_window_f[] = {
    UINT(struct cwmp_time_window, window_start, "WindowStart"),
    UINT(struct cwmp_time_window, window_end, "WindowEnd"),
    STR(struct cwmp_time_window, window_mode, "WindowMode"),
    STR(struct cwmp_time_window, user_message, "UserMessage"),
    INT(struct cwmp_time_window, max_retries, "MaxRetries"),
};
DESC(time_window_d, "TimeWindowStruct", struct cwmp_time_window, time_window_f);

static const struct cwmp_field queued_transfer_f[] = {
    STR(struct cwmp_queued_transfer, command_key, "CommandKey"),
    INT(struct cwmp_queued_transfer, state, "State"),
};
DESC(queued_transfer_d, "QueuedTransferStruct", struct cwmp_queued_transfer, queued_transfer_f);

static const struct cwmp_field all_queued_transfer_f[] = {
    STR(struct cwmp_queued_transfer, command_key, "CommandKey"),
    INT(struct cwmp_queued_transfer, state, "State"),
    BOOL(struct cwmp_queued_transfer, is_download, "IsDownload"),
    STR(struct cwmp_queued_transfer, file_type, "FileType"),
    UINT(struct cwmp_queued_transfer, file_size, "FileSize"),
    STR(struct cwmp_queued_transfer, target_file_name, "TargetFileName"),
};
DESC(all_queued_transfer_d, "AllQueuedTransferStruct", struct cwmp_queued_transfer,
     all_queued_transfer_f);

/* OperationStruct variants; URL is listed twice so that each variant's
 * fields come out in its schema order (A.4.1.10). */
#define OP_I (1u << CWMP_DU_OP_INSTALL)
#define OP_U (1u << CWMP_DU_OP_UPDATE)
#define OP_X (1u << CWMP_DU_OP_UNINSTALL)
static const struct cwmp_field du_op_f[] = {
    VSTR(struct cwmp_du_op, url, "URL", OP_I),
    VSTR(struct cwmp_du_op, uuid, "UUID", OP_I | OP_U | OP_X),
    VSTR(struct cwmp_du_op, version, "Version", OP_U | OP_X),
    VSTR(struct cwmp_du_op, url, "URL", OP_U),
    VSTR(struct cwmp_du_op, username, "Username", OP_I | OP_U),
    VSTR(struct cwmp_du_op, password, "Password", OP_I | OP_U),
    VSTR(struct cwmp_du_op, execution_env_ref, "ExecutionEnvRef", OP_I | OP_X),
};
static const char *const du_op_variants[] = {"InstallOpStruct", "UpdateOpStruct",
                                             "UninstallOpStruct"};
static const struct cwmp_struct_desc du_op_d = {
    "OperationStruct", sizeof(struct cwmp_du_op),         du_op_f, N(du_op_f), du_op_variants,
    N(du_op_variants), offsetof(struct cwmp_du_op, kind),
};

#define OP_RESULT_FIELDS                                                                           \
    STR(struct cwmp_op_result, uuid, "UUID"),                                                      \
        STR(struct cwmp_op_result, deployment_unit_ref, "DeploymentUnitRef"),                      \
        STR(struct cwmp_op_result, version, "Version"),                                            \
        STR(struct cwmp_op_result, current_state, "CurrentState"),                                 \
        BOOL(struct cwmp_op_result, resolved, "Resolved"),                                         \
        STR(struct cwmp_op_result, execution_unit_ref_list, "ExecutionUnitRefList"),               \
        DT(struct cwmp_op_result, start_time, "StartTime"),                                        \
        DT(struct cwmp_op_result, complete_time, "CompleteTime"),                                  \
        STRUCT(struct cwmp_op_result, fault, "Fault", fault_struct_d)

static const struct cwmp_field op_result_f[] = {OP_RESULT_FIELDS};
DESC(op_result_d, "OpResultStruct", struct cwmp_op_result, op_result_f);

static const struct cwmp_field auton_op_result_f[] = {
    OP_RESULT_FIELDS,
    STR(struct cwmp_op_result, operation_performed, "OperationPerformed"),
};
DESC(auton_op_result_d, "AutonOpResultStruct", struct cwmp_op_result, auton_op_result_f);

static const struct cwmp_field spv_fault_f[] = {
    STR(struct cwmp_spv_fault, parameter_name, "ParameterName"),
    INT(struct cwmp_spv_fault, code, "FaultCode"),
    STR(struct cwmp_spv_fault, string, "FaultString"),
};
DESC(spv_fault_d, "SetParameterValuesFault", struct cwmp_spv_fault, spv_fault_f);

/* ---- message bodies ---- */

static const struct cwmp_struct_desc empty_d = {"", 0, NULL, 0, NULL, 0, 0};

static const struct cwmp_field inform_f[] = {
    STRUCT(struct cwmp_inform, device_id, "DeviceId", device_id_d),
    ARRAY(struct cwmp_inform, events, n_events, "Event", event_d),
    UINT(struct cwmp_inform, max_envelopes, "MaxEnvelopes"),
    DT(struct cwmp_inform, current_time, "CurrentTime"),
    UINT(struct cwmp_inform, retry_count, "RetryCount"),
    ARRAY(struct cwmp_inform, params, n_params, "ParameterList", param_value_d),
};
DESC(inform_d, "Inform", struct cwmp_inform, inform_f);

static const struct cwmp_field inform_resp_f[] = {
    UINT(struct cwmp_inform_response, max_envelopes, "MaxEnvelopes"),
};
DESC(inform_resp_d, "InformResponse", struct cwmp_inform_response, inform_resp_f);

static const struct cwmp_field transfer_complete_f[] = {
    STR(struct cwmp_transfer_complete, command_key, "CommandKey"),
    STRUCT(struct cwmp_transfer_complete, fault, "FaultStruct", fault_struct_d),
    DT(struct cwmp_transfer_complete, start_time, "StartTime"),
    DT(struct cwmp_transfer_complete, complete_time, "CompleteTime"),
};
DESC(transfer_complete_d, "TransferComplete", struct cwmp_transfer_complete, transfer_complete_f);

static const struct cwmp_field atc_f[] = {
    STR(struct cwmp_autonomous_transfer_complete, announce_url, "AnnounceURL"),
    STR(struct cwmp_autonomous_transfer_complete, transfer_url, "TransferURL"),
    BOOL(struct cwmp_autonomous_transfer_complete, is_download, "IsDownload"),
    STR(struct cwmp_autonomous_transfer_complete, file_type, "FileType"),
    UINT(struct cwmp_autonomous_transfer_complete, file_size, "FileSize"),
    STR(struct cwmp_autonomous_transfer_complete, target_file_name, "TargetFileName"),
    STRUCT(struct cwmp_autonomous_transfer_complete, fault, "FaultStruct", fault_struct_d),
    DT(struct cwmp_autonomous_transfer_complete, start_time, "StartTime"),
    DT(struct cwmp_autonomous_transfer_complete, complete_time, "CompleteTime"),
};
DESC(atc_d, "AutonomousTransferComplete", struct cwmp_autonomous_transfer_complete, atc_f);

static const struct cwmp_field request_download_f[] = {
    STR(struct cwmp_request_download, file_type, "FileType"),
    ARRAY(struct cwmp_request_download, args, n_args, "FileTypeArg", arg_d),
};
DESC(request_download_d, "RequestDownload", struct cwmp_request_download, request_download_f);

static const struct cwmp_field kicked_f[] = {
    STR(struct cwmp_kicked, command, "Command"),
    STR(struct cwmp_kicked, referer, "Referer"),
    STR(struct cwmp_kicked, arg, "Arg"),
    STR(struct cwmp_kicked, next, "Next"),
};
DESC(kicked_d, "Kicked", struct cwmp_kicked, kicked_f);

static const struct cwmp_field kicked_resp_f[] = {
    STR(struct cwmp_kicked_response, next_url, "NextURL"),
};
DESC(kicked_resp_d, "KickedResponse", struct cwmp_kicked_response, kicked_resp_f);

static const struct cwmp_field dscc_f[] = {
    ARRAY(struct cwmp_du_state_change_complete, results, n_results, "Results", op_result_d),
    STR(struct cwmp_du_state_change_complete, command_key, "CommandKey"),
};
DESC(dscc_d, "DUStateChangeComplete", struct cwmp_du_state_change_complete, dscc_f);

static const struct cwmp_field adscc_f[] = {
    ARRAY(struct cwmp_du_state_change_complete, results, n_results, "Results", auton_op_result_d),
};
DESC(adscc_d, "AutonomousDUStateChangeComplete", struct cwmp_du_state_change_complete, adscc_f);

static const struct cwmp_field rpc_methods_resp_f[] = {
    STRINGS(struct cwmp_rpc_methods_response, methods, n_methods, "MethodList"),
};
DESC(rpc_methods_resp_d, "GetRPCMethodsResponse", struct cwmp_rpc_methods_response,
     rpc_methods_resp_f);

static const struct cwmp_field param_names_f[] = {
    STRINGS(struct cwmp_param_names, names, n_names, "ParameterNames"),
};
DESC(param_names_d, "ParameterNames", struct cwmp_param_names, param_names_f);

static const struct cwmp_field gpv_resp_f[] = {
    ARRAY(struct cwmp_param_values, params, n_params, "ParameterList", param_value_d),
};
DESC(gpv_resp_d, "GetParameterValuesResponse", struct cwmp_param_values, gpv_resp_f);

static const struct cwmp_field spv_f[] = {
    ARRAY(struct cwmp_param_values, params, n_params, "ParameterList", param_value_d),
    STR(struct cwmp_param_values, parameter_key, "ParameterKey"),
};
DESC(spv_d, "SetParameterValues", struct cwmp_param_values, spv_f);

static const struct cwmp_field status_resp_f[] = {
    INT(struct cwmp_status_response, status, "Status"),
};
DESC(status_resp_d, "StatusResponse", struct cwmp_status_response, status_resp_f);

static const struct cwmp_field gpn_f[] = {
    STR(struct cwmp_gpn, parameter_path, "ParameterPath"),
    BOOL(struct cwmp_gpn, next_level, "NextLevel"),
};
DESC(gpn_d, "GetParameterNames", struct cwmp_gpn, gpn_f);

static const struct cwmp_field gpn_resp_f[] = {
    ARRAY(struct cwmp_gpn_response, params, n_params, "ParameterList", param_info_d),
};
DESC(gpn_resp_d, "GetParameterNamesResponse", struct cwmp_gpn_response, gpn_resp_f);

static const struct cwmp_field spa_f[] = {
    ARRAY(struct cwmp_spa, params, n_params, "ParameterList", set_param_attr_d),
};
DESC(spa_d, "SetParameterAttributes", struct cwmp_spa, spa_f);

static const struct cwmp_field gpa_resp_f[] = {
    ARRAY(struct cwmp_gpa_response, params, n_params, "ParameterList", param_attr_d),
};
DESC(gpa_resp_d, "GetParameterAttributesResponse", struct cwmp_gpa_response, gpa_resp_f);

static const struct cwmp_field object_f[] = {
    STR(struct cwmp_object, object_name, "ObjectName"),
    STR(struct cwmp_object, parameter_key, "ParameterKey"),
};
DESC(object_d, "Object", struct cwmp_object, object_f);

static const struct cwmp_field add_object_resp_f[] = {
    UINT(struct cwmp_add_object_response, instance_number, "InstanceNumber"),
    INT(struct cwmp_add_object_response, status, "Status"),
};
DESC(add_object_resp_d, "AddObjectResponse", struct cwmp_add_object_response, add_object_resp_f);

static const struct cwmp_field command_key_f[] = {
    STR(struct cwmp_command_key, command_key, "CommandKey"),
};
DESC(command_key_d, "CommandKey", struct cwmp_command_key, command_key_f);

static const struct cwmp_field download_f[] = {
    STR(struct cwmp_download, command_key, "CommandKey"),
    STR(struct cwmp_download, file_type, "FileType"),
    STR(struct cwmp_download, url, "URL"),
    STR(struct cwmp_download, username, "Username"),
    STR(struct cwmp_download, password, "Password"),
    UINT(struct cwmp_download, file_size, "FileSize"),
    STR(struct cwmp_download, target_file_name, "TargetFileName"),
    UINT(struct cwmp_download, delay_seconds, "DelaySeconds"),
    STR(struct cwmp_download, success_url, "SuccessURL"),
    STR(struct cwmp_download, failure_url, "FailureURL"),
};
DESC(download_d, "Download", struct cwmp_download, download_f);

static const struct cwmp_field upload_f[] = {
    STR(struct cwmp_upload, command_key, "CommandKey"),
    STR(struct cwmp_upload, file_type, "FileType"),
    STR(struct cwmp_upload, url, "URL"),
    STR(struct cwmp_upload, username, "Username"),
    STR(struct cwmp_upload, password, "Password"),
    UINT(struct cwmp_upload, delay_seconds, "DelaySeconds"),
};
DESC(upload_d, "Upload", struct cwmp_upload, upload_f);

static const struct cwmp_field transfer_resp_f[] = {
    INT(struct cwmp_transfer_response, status, "Status"),
    DT(struct cwmp_transfer_response, start_time, "StartTime"),
    DT(struct cwmp_transfer_response, complete_time, "CompleteTime"),
};
DESC(transfer_resp_d, "TransferResponse", struct cwmp_transfer_response, transfer_resp_f);

static const struct cwmp_field gqt_resp_f[] = {
    ARRAY(struct cwmp_queued_transfers_response, transfers, n_transfers, "TransferList",
          queued_transfer_d),
};
DESC(gqt_resp_d, "GetQueuedTransfersResponse", struct cwmp_queued_transfers_response, gqt_resp_f);

static const struct cwmp_field gaqt_resp_f[] = {
    ARRAY(struct cwmp_queued_transfers_response, transfers, n_transfers, "TransferList",
          all_queued_transfer_d),
};
DESC(gaqt_resp_d, "GetAllQueuedTransfersResponse", struct cwmp_queued_transfers_response,
     gaqt_resp_f);

static const struct cwmp_field schedule_inform_f[] = {
    UINT(struct cwmp_schedule_inform, delay_seconds, "DelaySeconds"),
    STR(struct cwmp_schedule_inform, command_key, "CommandKey"),
};
DESC(schedule_inform_d, "ScheduleInform", struct cwmp_schedule_inform, schedule_inform_f);

static const struct cwmp_field schedule_download_f[] = {
    STR(struct cwmp_schedule_download, command_key, "CommandKey"),
    STR(struct cwmp_schedule_download, file_type, "FileType"),
    STR(struct cwmp_schedule_download, url, "URL"),
    STR(struct cwmp_schedule_download, username, "Username"),
    STR(struct cwmp_schedule_download, password, "Password"),
    UINT(struct cwmp_schedule_download, file_size, "FileSize"),
    STR(struct cwmp_schedule_download, target_file_name, "TargetFileName"),
    ARRAY(struct cwmp_schedule_download, time_windows, n_time_windows, "TimeWindowList",
          time_window_d),
};
DESC(schedule_download_d, "ScheduleDownload", struct cwmp_schedule_download, schedule_download_f);

static const struct cwmp_field change_du_state_f[] = {
    ARRAY(struct cwmp_change_du_state, ops, n_ops, "Operations", du_op_d),
    STR(struct cwmp_change_du_state, command_key, "CommandKey"),
};
DESC(change_du_state_d, "ChangeDUState", struct cwmp_change_du_state, change_du_state_f);

/* The first CWMP_FAULT_SOAP_FIELDS fields are children of SOAP Fault, the
 * rest of detail/cwmp:Fault (TR-069 A.5). */
static const struct cwmp_field fault_f[] = {
    STR(struct cwmp_fault, faultcode, "faultcode"),
    STR(struct cwmp_fault, faultstring, "faultstring"),
    INT(struct cwmp_fault, code, "FaultCode"),
    STR(struct cwmp_fault, string, "FaultString"),
    REPEAT(struct cwmp_fault, spv_faults, n_spv_faults, "SetParameterValuesFault", spv_fault_d),
};
DESC(fault_d, "Fault", struct cwmp_fault, fault_f);

/* ---- message types ---- */

struct msg_info {
    const char *name;
    const struct cwmp_struct_desc *body;
    enum cwmp_msg_type response;
};

#define MSG(t, nm, d, r) [CWMP_MSG_##t] = {nm, &d, CWMP_MSG_##r}
#define RESP(t, nm, d)   [CWMP_MSG_##t] = {nm, &d, CWMP_MSG_UNKNOWN}

static const struct msg_info msgs[CWMP_MSG_TYPE_COUNT] = {
    MSG(INFORM, "Inform", inform_d, INFORM_RESPONSE),
    MSG(TRANSFER_COMPLETE, "TransferComplete", transfer_complete_d, TRANSFER_COMPLETE_RESPONSE),
    MSG(AUTONOMOUS_TRANSFER_COMPLETE, "AutonomousTransferComplete", atc_d,
        AUTONOMOUS_TRANSFER_COMPLETE_RESPONSE),
    MSG(REQUEST_DOWNLOAD, "RequestDownload", request_download_d, REQUEST_DOWNLOAD_RESPONSE),
    MSG(KICKED, "Kicked", kicked_d, KICKED_RESPONSE),
    MSG(DU_STATE_CHANGE_COMPLETE, "DUStateChangeComplete", dscc_d,
        DU_STATE_CHANGE_COMPLETE_RESPONSE),
    MSG(AUTONOMOUS_DU_STATE_CHANGE_COMPLETE, "AutonomousDUStateChangeComplete", adscc_d,
        AUTONOMOUS_DU_STATE_CHANGE_COMPLETE_RESPONSE),
    MSG(GET_RPC_METHODS, "GetRPCMethods", empty_d, GET_RPC_METHODS_RESPONSE),
    RESP(GET_RPC_METHODS_RESPONSE, "GetRPCMethodsResponse", rpc_methods_resp_d),
    RESP(INFORM_RESPONSE, "InformResponse", inform_resp_d),
    RESP(TRANSFER_COMPLETE_RESPONSE, "TransferCompleteResponse", empty_d),
    RESP(AUTONOMOUS_TRANSFER_COMPLETE_RESPONSE, "AutonomousTransferCompleteResponse", empty_d),
    RESP(REQUEST_DOWNLOAD_RESPONSE, "RequestDownloadResponse", empty_d),
    RESP(KICKED_RESPONSE, "KickedResponse", kicked_resp_d),
    RESP(DU_STATE_CHANGE_COMPLETE_RESPONSE, "DUStateChangeCompleteResponse", empty_d),
    RESP(AUTONOMOUS_DU_STATE_CHANGE_COMPLETE_RESPONSE, "AutonomousDUStateChangeCompleteResponse",
         empty_d),

    MSG(SET_PARAMETER_VALUES, "SetParameterValues", spv_d, SET_PARAMETER_VALUES_RESPONSE),
    MSG(GET_PARAMETER_VALUES, "GetParameterValues", param_names_d, GET_PARAMETER_VALUES_RESPONSE),
    MSG(GET_PARAMETER_NAMES, "GetParameterNames", gpn_d, GET_PARAMETER_NAMES_RESPONSE),
    MSG(SET_PARAMETER_ATTRIBUTES, "SetParameterAttributes", spa_d,
        SET_PARAMETER_ATTRIBUTES_RESPONSE),
    MSG(GET_PARAMETER_ATTRIBUTES, "GetParameterAttributes", param_names_d,
        GET_PARAMETER_ATTRIBUTES_RESPONSE),
    MSG(ADD_OBJECT, "AddObject", object_d, ADD_OBJECT_RESPONSE),
    MSG(DELETE_OBJECT, "DeleteObject", object_d, DELETE_OBJECT_RESPONSE),
    MSG(REBOOT, "Reboot", command_key_d, REBOOT_RESPONSE),
    MSG(DOWNLOAD, "Download", download_d, DOWNLOAD_RESPONSE),
    MSG(UPLOAD, "Upload", upload_d, UPLOAD_RESPONSE),
    MSG(FACTORY_RESET, "FactoryReset", empty_d, FACTORY_RESET_RESPONSE),
    MSG(GET_QUEUED_TRANSFERS, "GetQueuedTransfers", empty_d, GET_QUEUED_TRANSFERS_RESPONSE),
    MSG(GET_ALL_QUEUED_TRANSFERS, "GetAllQueuedTransfers", empty_d,
        GET_ALL_QUEUED_TRANSFERS_RESPONSE),
    MSG(SCHEDULE_INFORM, "ScheduleInform", schedule_inform_d, SCHEDULE_INFORM_RESPONSE),
    MSG(SCHEDULE_DOWNLOAD, "ScheduleDownload", schedule_download_d, SCHEDULE_DOWNLOAD_RESPONSE),
    MSG(CANCEL_TRANSFER, "CancelTransfer", command_key_d, CANCEL_TRANSFER_RESPONSE),
    MSG(CHANGE_DU_STATE, "ChangeDUState", change_du_state_d, CHANGE_DU_STATE_RESPONSE),

    RESP(SET_PARAMETER_VALUES_RESPONSE, "SetParameterValuesResponse", status_resp_d),
    RESP(GET_PARAMETER_VALUES_RESPONSE, "GetParameterValuesResponse", gpv_resp_d),
    RESP(GET_PARAMETER_NAMES_RESPONSE, "GetParameterNamesResponse", gpn_resp_d),
    RESP(SET_PARAMETER_ATTRIBUTES_RESPONSE, "SetParameterAttributesResponse", empty_d),
    RESP(GET_PARAMETER_ATTRIBUTES_RESPONSE, "GetParameterAttributesResponse", gpa_resp_d),
    RESP(ADD_OBJECT_RESPONSE, "AddObjectResponse", add_object_resp_d),
    RESP(DELETE_OBJECT_RESPONSE, "DeleteObjectResponse", status_resp_d),
    RESP(REBOOT_RESPONSE, "RebootResponse", empty_d),
    RESP(DOWNLOAD_RESPONSE, "DownloadResponse", transfer_resp_d),
    RESP(UPLOAD_RESPONSE, "UploadResponse", transfer_resp_d),
    RESP(FACTORY_RESET_RESPONSE, "FactoryResetResponse", empty_d),
    RESP(GET_QUEUED_TRANSFERS_RESPONSE, "GetQueuedTransfersResponse", gqt_resp_d),
    RESP(GET_ALL_QUEUED_TRANSFERS_RESPONSE, "GetAllQueuedTransfersResponse", gaqt_resp_d),
    RESP(SCHEDULE_INFORM_RESPONSE, "ScheduleInformResponse", empty_d),
    RESP(SCHEDULE_DOWNLOAD_RESPONSE, "ScheduleDownloadResponse", empty_d),
    RESP(CANCEL_TRANSFER_RESPONSE, "CancelTransferResponse", empty_d),
    RESP(CHANGE_DU_STATE_RESPONSE, "ChangeDUStateResponse", empty_d),

    RESP(FAULT, "Fault", fault_d),
};

static int type_ok(enum cwmp_msg_type type)
{
    return type > CWMP_MSG_UNKNOWN && type < CWMP_MSG_TYPE_COUNT && msgs[type].name;
}

const char *cwmp_msg_type_name(enum cwmp_msg_type type)
{
    return type_ok(type) ? msgs[type].name : NULL;
}

int cwmp_msg_type_from_name(const char *name, size_t len, enum cwmp_msg_type *out)
{
    for (int t = CWMP_MSG_UNKNOWN + 1; t < CWMP_MSG_TYPE_COUNT; t++) {
        const char *n = msgs[t].name;
        if (n && strncmp(n, name, len) == 0 && n[len] == '\0') {
            *out = (enum cwmp_msg_type)t;
            return 0;
        }
    }
    return -1;
}

enum cwmp_msg_type cwmp_msg_response_type(enum cwmp_msg_type type)
{
    return type_ok(type) ? msgs[type].response : CWMP_MSG_UNKNOWN;
}

const struct cwmp_struct_desc *cwmp_msg_body_desc(enum cwmp_msg_type type)
{
    return type_ok(type) ? msgs[type].body : NULL;
}
