/*
 * msg_operate.c - Operate and OperateResp (TR-369 "Operate").
 */
#include "usp/msg_internal.h"

#include <stdlib.h>

struct usp_msg *usp_operate_new(const char *msg_id, const char *command, const char *command_key,
                                int send_resp)
{
    Usp__Operate *o;
    struct usp_msg *m = usp_msg_make(msg_id, USP_MSG_OPERATE, (void **)&o);

    if (m == NULL)
        return NULL;
    o->command = pbm_strdup(command);
    o->command_key = pbm_strdup(command_key);
    o->send_resp = send_resp != 0;
    if (o->command == NULL || o->command_key == NULL) {
        usp_msg_free(m);
        return NULL;
    }
    return m;
}

int usp_operate_add_arg(struct usp_msg *m, const char *name, const char *value)
{
    Usp__Operate *o = usp_msg_inner(m, USP_MSG_OPERATE);
    if (o == NULL)
        return -1;
    return pbm_map_add(&o->input_args, &o->n_input_args,
                       &usp__operate__input_args_entry__descriptor, name, value);
}

const char *usp_operate_command(const struct usp_msg *m)
{
    const Usp__Operate *o = usp_msg_inner(m, USP_MSG_OPERATE);
    return o ? PBM_S(o->command) : "";
}

const char *usp_operate_command_key(const struct usp_msg *m)
{
    const Usp__Operate *o = usp_msg_inner(m, USP_MSG_OPERATE);
    return o ? PBM_S(o->command_key) : "";
}

int usp_operate_send_resp(const struct usp_msg *m)
{
    const Usp__Operate *o = usp_msg_inner(m, USP_MSG_OPERATE);
    return o ? o->send_resp != 0 : 0;
}

size_t usp_operate_arg_count(const struct usp_msg *m)
{
    const Usp__Operate *o = usp_msg_inner(m, USP_MSG_OPERATE);
    return o ? o->n_input_args : 0;
}

int usp_operate_arg(const struct usp_msg *m, size_t i, const char **name, const char **value)
{
    const Usp__Operate *o = usp_msg_inner(m, USP_MSG_OPERATE);
    return o ? pbm_map_get((void *const *)o->input_args, o->n_input_args, i, name, value) : -1;
}

/* ---- OperateResp ------------------------------------------------------- */

typedef Usp__OperateResp__OperationResult op_result;

struct usp_msg *usp_operateresp_new(const char *msg_id)
{
    void *r;
    return usp_msg_make(msg_id, USP_MSG_OPERATE_RESP, &r);
}

static op_result *operateresp_add(struct usp_msg *m, const char *executed_command)
{
    Usp__OperateResp *r = usp_msg_inner(m, USP_MSG_OPERATE_RESP);
    op_result *o;

    if (r == NULL || (o = pbm_new(&usp__operate_resp__operation_result__descriptor)) == NULL)
        return NULL;
    o->executed_command = pbm_strdup(executed_command);
    if (o->executed_command == NULL ||
        pbm_push(&r->operation_results, &r->n_operation_results, o) != 0) {
        pbm_free(o);
        return NULL;
    }
    return o;
}

int usp_operateresp_add_req_obj_path(struct usp_msg *m, const char *executed_command,
                                     const char *req_obj_path)
{
    op_result *o = operateresp_add(m, executed_command);
    char *p;

    if (o == NULL || (p = pbm_strdup(req_obj_path)) == NULL)
        return -1;
    /* req_obj_path is a string member of the oneof, not a message */
    o->operation_resp_case = USP__OPERATE_RESP__OPERATION_RESULT__OPERATION_RESP_REQ_OBJ_PATH;
    o->req_obj_path = p;
    return 0;
}

int usp_operateresp_add_output_args(struct usp_msg *m, const char *executed_command)
{
    op_result *o = operateresp_add(m, executed_command);
    void *args;

    if (o == NULL ||
        (args = pbm_new(&usp__operate_resp__operation_result__output_args__descriptor)) == NULL)
        return -1;
    pbm_set_oneof(o, 3, args);
    return 0;
}

int usp_operateresp_add_output_arg(struct usp_msg *m, const char *name, const char *value)
{
    Usp__OperateResp *r = usp_msg_inner(m, USP_MSG_OPERATE_RESP);
    op_result *o = r ? PBM_LAST(r->operation_results, r->n_operation_results) : NULL;
    Usp__OperateResp__OperationResult__OutputArgs *a;

    if (o == NULL || o->operation_resp_case !=
                         USP__OPERATE_RESP__OPERATION_RESULT__OPERATION_RESP_REQ_OUTPUT_ARGS)
        return -1;
    a = o->req_output_args;
    return pbm_map_add(
        &a->output_args, &a->n_output_args,
        &usp__operate_resp__operation_result__output_args__output_args_entry__descriptor, name,
        value);
}

int usp_operateresp_add_cmd_failure(struct usp_msg *m, const char *executed_command,
                                    uint32_t err_code, const char *err_msg)
{
    op_result *o = operateresp_add(m, executed_command);
    Usp__OperateResp__OperationResult__CommandFailure *f;

    if (o == NULL ||
        (f = pbm_new(&usp__operate_resp__operation_result__command_failure__descriptor)) == NULL)
        return -1;
    pbm_set_oneof(o, 4, f);
    f->err_code = err_code;
    return (f->err_msg = pbm_strdup(err_msg)) ? 0 : -1;
}

/* ---- OperateResp accessors --------------------------------------------- */

static const op_result *operateresp_at(const struct usp_msg *m, size_t i)
{
    const Usp__OperateResp *r = usp_msg_inner(m, USP_MSG_OPERATE_RESP);
    return r && i < r->n_operation_results ? r->operation_results[i] : NULL;
}

size_t usp_operateresp_result_count(const struct usp_msg *m)
{
    const Usp__OperateResp *r = usp_msg_inner(m, USP_MSG_OPERATE_RESP);
    return r ? r->n_operation_results : 0;
}

int usp_operateresp_result(const struct usp_msg *m, size_t i, struct usp_operate_result *out)
{
    const op_result *o = operateresp_at(m, i);

    if (out == NULL)
        return o ? 0 : -1;
    out->executed_command = o ? PBM_S(o->executed_command) : "";
    out->outcome = USP_OPERATE_UNSET;
    out->req_obj_path = "";
    out->err_code = 0;
    out->err_msg = "";
    if (o == NULL)
        return -1;
    /* read only the member the oneof case names */
    switch (o->operation_resp_case) {
    case USP__OPERATE_RESP__OPERATION_RESULT__OPERATION_RESP_REQ_OBJ_PATH:
        out->outcome = USP_OPERATE_REQ_OBJ_PATH;
        out->req_obj_path = PBM_S(o->req_obj_path);
        break;
    case USP__OPERATE_RESP__OPERATION_RESULT__OPERATION_RESP_REQ_OUTPUT_ARGS:
        out->outcome = USP_OPERATE_OUTPUT_ARGS;
        break;
    case USP__OPERATE_RESP__OPERATION_RESULT__OPERATION_RESP_CMD_FAILURE:
        out->outcome = USP_OPERATE_CMD_FAILURE;
        if (o->cmd_failure) {
            out->err_code = o->cmd_failure->err_code;
            out->err_msg = PBM_S(o->cmd_failure->err_msg);
        }
        break;
    default:
        break;
    }
    return 0;
}

static const Usp__OperateResp__OperationResult__OutputArgs *
operateresp_args(const struct usp_msg *m, size_t i)
{
    const op_result *o = operateresp_at(m, i);

    if (o == NULL || o->operation_resp_case !=
                         USP__OPERATE_RESP__OPERATION_RESULT__OPERATION_RESP_REQ_OUTPUT_ARGS)
        return NULL;
    return o->req_output_args;
}

size_t usp_operateresp_output_arg_count(const struct usp_msg *m, size_t i)
{
    const Usp__OperateResp__OperationResult__OutputArgs *a = operateresp_args(m, i);
    return a ? a->n_output_args : 0;
}

int usp_operateresp_output_arg(const struct usp_msg *m, size_t i, size_t k, const char **name,
                               const char **value)
{
    const Usp__OperateResp__OperationResult__OutputArgs *a = operateresp_args(m, i);
    return pbm_map_get(a ? (void *const *)a->output_args : NULL, a ? a->n_output_args : 0, k, name,
                       value);
}
