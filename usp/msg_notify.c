/*
 * msg_notify.c - the Notify request, one builder per notification type
 * (TR-369 "Notify": Event, ValueChange, ObjectCreation, ObjectDeletion,
 * OperationComplete, OnBoardRequest), and a flat view to read one.
 */
#include "usp/msg_internal.h"

#include <stdlib.h>

typedef Usp__Notify__OperationComplete oper_complete;

/* A Notify with subscription_id/send_resp and a fresh member `kind`. */
static struct usp_msg *notify_make(const char *msg_id, const char *subscription_id, int send_resp,
                                   enum usp_notify_kind kind,
                                   const ProtobufCMessageDescriptor *desc, void **member)
{
    Usp__Notify *n;
    struct usp_msg *m = usp_msg_make(msg_id, USP_MSG_NOTIFY, (void **)&n);
    void *in;

    if (m == NULL)
        return NULL;
    n->send_resp = send_resp != 0;
    if ((n->subscription_id = pbm_strdup(subscription_id)) == NULL ||
        (in = pbm_new(desc)) == NULL) {
        usp_msg_free(m);
        return NULL;
    }
    pbm_set_oneof(n, (unsigned)kind, in);
    *member = in;
    return m;
}

/* Sets string fields of a fresh member; frees m and returns NULL on no memory. */
static struct usp_msg *set_strings(struct usp_msg *m, char **a, const char *va, char **b,
                                   const char *vb, char **c, const char *vc)
{
    if (a && (*a = pbm_strdup(va)) == NULL)
        goto fail;
    if (b && (*b = pbm_strdup(vb)) == NULL)
        goto fail;
    if (c && (*c = pbm_strdup(vc)) == NULL)
        goto fail;
    return m;
fail:
    usp_msg_free(m);
    return NULL;
}

struct usp_msg *usp_notify_event_new(const char *msg_id, const char *subscription_id, int send_resp,
                                     const char *obj_path, const char *event_name)
{
    Usp__Notify__Event *e;
    struct usp_msg *m = notify_make(msg_id, subscription_id, send_resp, USP_NOTIFY_EVENT,
                                    &usp__notify__event__descriptor, (void **)&e);
    return m ? set_strings(m, &e->obj_path, obj_path, &e->event_name, event_name, NULL, NULL)
             : NULL;
}

struct usp_msg *usp_notify_value_change_new(const char *msg_id, const char *subscription_id,
                                            int send_resp, const char *param_path,
                                            const char *param_value)
{
    Usp__Notify__ValueChange *v;
    struct usp_msg *m = notify_make(msg_id, subscription_id, send_resp, USP_NOTIFY_VALUE_CHANGE,
                                    &usp__notify__value_change__descriptor, (void **)&v);
    return m ? set_strings(m, &v->param_path, param_path, &v->param_value, param_value, NULL, NULL)
             : NULL;
}

struct usp_msg *usp_notify_obj_creation_new(const char *msg_id, const char *subscription_id,
                                            int send_resp, const char *obj_path)
{
    Usp__Notify__ObjectCreation *o;
    struct usp_msg *m = notify_make(msg_id, subscription_id, send_resp, USP_NOTIFY_OBJ_CREATION,
                                    &usp__notify__object_creation__descriptor, (void **)&o);
    return m ? set_strings(m, &o->obj_path, obj_path, NULL, NULL, NULL, NULL) : NULL;
}

struct usp_msg *usp_notify_obj_deletion_new(const char *msg_id, const char *subscription_id,
                                            int send_resp, const char *obj_path)
{
    Usp__Notify__ObjectDeletion *o;
    struct usp_msg *m = notify_make(msg_id, subscription_id, send_resp, USP_NOTIFY_OBJ_DELETION,
                                    &usp__notify__object_deletion__descriptor, (void **)&o);
    return m ? set_strings(m, &o->obj_path, obj_path, NULL, NULL, NULL, NULL) : NULL;
}

static struct usp_msg *oper_complete_make(const char *msg_id, const char *subscription_id,
                                          int send_resp, const char *obj_path,
                                          const char *command_name, const char *command_key,
                                          oper_complete **out)
{
    struct usp_msg *m = notify_make(msg_id, subscription_id, send_resp, USP_NOTIFY_OPER_COMPLETE,
                                    &usp__notify__operation_complete__descriptor, (void **)out);
    if (m == NULL)
        return NULL;
    return set_strings(m, &(*out)->obj_path, obj_path, &(*out)->command_name, command_name,
                       &(*out)->command_key, command_key);
}

struct usp_msg *usp_notify_oper_complete_new(const char *msg_id, const char *subscription_id,
                                             int send_resp, const char *obj_path,
                                             const char *command_name, const char *command_key)
{
    oper_complete *oc;
    struct usp_msg *m = oper_complete_make(msg_id, subscription_id, send_resp, obj_path,
                                           command_name, command_key, &oc);
    void *args;

    if (m == NULL)
        return NULL;
    if ((args = pbm_new(&usp__notify__operation_complete__output_args__descriptor)) == NULL) {
        usp_msg_free(m);
        return NULL;
    }
    pbm_set_oneof(oc, 4, args);
    return m;
}

struct usp_msg *usp_notify_oper_failure_new(const char *msg_id, const char *subscription_id,
                                            int send_resp, const char *obj_path,
                                            const char *command_name, const char *command_key,
                                            uint32_t err_code, const char *err_msg)
{
    oper_complete *oc;
    struct usp_msg *m = oper_complete_make(msg_id, subscription_id, send_resp, obj_path,
                                           command_name, command_key, &oc);
    Usp__Notify__OperationComplete__CommandFailure *f;

    if (m == NULL)
        return NULL;
    if ((f = pbm_new(&usp__notify__operation_complete__command_failure__descriptor)) == NULL) {
        usp_msg_free(m);
        return NULL;
    }
    pbm_set_oneof(oc, 5, f);
    f->err_code = err_code;
    return set_strings(m, &f->err_msg, err_msg, NULL, NULL, NULL, NULL);
}

struct usp_msg *usp_notify_on_board_new(const char *msg_id, const char *subscription_id,
                                        int send_resp, const char *oui, const char *product_class,
                                        const char *serial_number, const char *versions)
{
    Usp__Notify__OnBoardRequest *o;
    struct usp_msg *m = notify_make(msg_id, subscription_id, send_resp, USP_NOTIFY_ON_BOARD_REQ,
                                    &usp__notify__on_board_request__descriptor, (void **)&o);
    if (m == NULL || set_strings(m, &o->oui, oui, &o->product_class, product_class,
                                 &o->serial_number, serial_number) == NULL)
        return NULL;
    return set_strings(m, &o->agent_supported_protocol_versions, versions, NULL, NULL, NULL, NULL);
}

/* The map field of the notification, if its kind has one. */
static int notify_map(const Usp__Notify *n, void ****arr, size_t **count,
                      const ProtobufCMessageDescriptor **entry)
{
    switch (n->notification_case) {
    case USP__NOTIFY__NOTIFICATION_EVENT:
        *arr = (void ***)&n->event->params, *count = &n->event->n_params;
        *entry = &usp__notify__event__params_entry__descriptor;
        return 0;
    case USP__NOTIFY__NOTIFICATION_OBJ_CREATION:
        *arr = (void ***)&n->obj_creation->unique_keys, *count = &n->obj_creation->n_unique_keys;
        *entry = &usp__notify__object_creation__unique_keys_entry__descriptor;
        return 0;
    case USP__NOTIFY__NOTIFICATION_OPER_COMPLETE:
        if (n->oper_complete->operation_resp_case !=
            USP__NOTIFY__OPERATION_COMPLETE__OPERATION_RESP_REQ_OUTPUT_ARGS)
            return -1;
        *arr = (void ***)&n->oper_complete->req_output_args->output_args;
        *count = &n->oper_complete->req_output_args->n_output_args;
        *entry = &usp__notify__operation_complete__output_args__output_args_entry__descriptor;
        return 0;
    default:
        return -1;
    }
}

int usp_notify_add_param(struct usp_msg *m, const char *name, const char *value)
{
    Usp__Notify *n = usp_msg_inner(m, USP_MSG_NOTIFY);
    void ***arr;
    size_t *count;
    const ProtobufCMessageDescriptor *entry;

    if (n == NULL || notify_map(n, &arr, &count, &entry) != 0)
        return -1;
    return pbm_map_add(arr, count, entry, name, value);
}

size_t usp_notify_param_count(const struct usp_msg *m)
{
    const Usp__Notify *n = usp_msg_inner(m, USP_MSG_NOTIFY);
    void ***arr;
    size_t *count;
    const ProtobufCMessageDescriptor *entry;

    if (n == NULL || notify_map(n, &arr, &count, &entry) != 0)
        return 0;
    return *count;
}

int usp_notify_param(const struct usp_msg *m, size_t i, const char **name, const char **value)
{
    const Usp__Notify *n = usp_msg_inner(m, USP_MSG_NOTIFY);
    void ***arr;
    size_t *count;
    const ProtobufCMessageDescriptor *entry;

    if (n == NULL || notify_map(n, &arr, &count, &entry) != 0)
        return -1;
    return pbm_map_get(*arr, *count, i, name, value);
}

int usp_notify_view(const struct usp_msg *m, struct usp_notify_view *v)
{
    const Usp__Notify *n = usp_msg_inner(m, USP_MSG_NOTIFY);

    v->subscription_id = v->obj_path = v->name = v->command_key = "";
    v->param_path = v->param_value = v->err_msg = "";
    v->oui = v->product_class = v->serial_number = v->versions = "";
    v->send_resp = v->oper_failed = 0;
    v->err_code = 0;
    v->kind = USP_NOTIFY_NONE;
    if (n == NULL)
        return -1;
    v->subscription_id = PBM_S(n->subscription_id);
    v->send_resp = n->send_resp != 0;
    switch (n->notification_case) {
    case USP__NOTIFY__NOTIFICATION_EVENT:
        v->obj_path = PBM_S(n->event->obj_path);
        v->name = PBM_S(n->event->event_name);
        break;
    case USP__NOTIFY__NOTIFICATION_VALUE_CHANGE:
        v->param_path = PBM_S(n->value_change->param_path);
        v->param_value = PBM_S(n->value_change->param_value);
        break;
    case USP__NOTIFY__NOTIFICATION_OBJ_CREATION:
        v->obj_path = PBM_S(n->obj_creation->obj_path);
        break;
    case USP__NOTIFY__NOTIFICATION_OBJ_DELETION:
        v->obj_path = PBM_S(n->obj_deletion->obj_path);
        break;
    case USP__NOTIFY__NOTIFICATION_OPER_COMPLETE:
        v->obj_path = PBM_S(n->oper_complete->obj_path);
        v->name = PBM_S(n->oper_complete->command_name);
        v->command_key = PBM_S(n->oper_complete->command_key);
        if (n->oper_complete->operation_resp_case ==
            USP__NOTIFY__OPERATION_COMPLETE__OPERATION_RESP_CMD_FAILURE) {
            v->oper_failed = 1;
            v->err_code = n->oper_complete->cmd_failure->err_code;
            v->err_msg = PBM_S(n->oper_complete->cmd_failure->err_msg);
        }
        break;
    case USP__NOTIFY__NOTIFICATION_ON_BOARD_REQ:
        v->oui = PBM_S(n->on_board_req->oui);
        v->product_class = PBM_S(n->on_board_req->product_class);
        v->serial_number = PBM_S(n->on_board_req->serial_number);
        v->versions = PBM_S(n->on_board_req->agent_supported_protocol_versions);
        break;
    default:
        return 0; /* a Notify without a notification: kind NONE */
    }
    v->kind = (enum usp_notify_kind)n->notification_case;
    return 0;
}
