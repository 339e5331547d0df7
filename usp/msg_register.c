/*
 * msg_register.c - GetSupportedProtocol, Register and Deregister with their
 * responses (TR-369 "GetSupportedProtocol", "Register", "Deregister").
 */
#include "usp/msg_internal.h"

#include <stdlib.h>

/* ---- GetSupportedProtocol ---------------------------------------------- */

struct usp_msg *usp_gsp_new(const char *msg_id, const char *controller_versions)
{
    Usp__GetSupportedProtocol *g;
    struct usp_msg *m = usp_msg_make(msg_id, USP_MSG_GET_SUPPORTED_PROTO, (void **)&g);

    if (m &&
        (g->controller_supported_protocol_versions = pbm_strdup(controller_versions)) == NULL) {
        usp_msg_free(m);
        return NULL;
    }
    return m;
}

struct usp_msg *usp_gspresp_new(const char *msg_id, const char *agent_versions)
{
    Usp__GetSupportedProtocolResp *g;
    struct usp_msg *m = usp_msg_make(msg_id, USP_MSG_GET_SUPPORTED_PROTO_RESP, (void **)&g);

    if (m && (g->agent_supported_protocol_versions = pbm_strdup(agent_versions)) == NULL) {
        usp_msg_free(m);
        return NULL;
    }
    return m;
}

const char *usp_gsp_versions(const struct usp_msg *m)
{
    const Usp__GetSupportedProtocol *g = usp_msg_inner(m, USP_MSG_GET_SUPPORTED_PROTO);
    const Usp__GetSupportedProtocolResp *r = usp_msg_inner(m, USP_MSG_GET_SUPPORTED_PROTO_RESP);

    if (g)
        return PBM_S(g->controller_supported_protocol_versions);
    return r ? PBM_S(r->agent_supported_protocol_versions) : "";
}

const char *usp_gspresp_versions(const struct usp_msg *m)
{
    const Usp__GetSupportedProtocolResp *r = usp_msg_inner(m, USP_MSG_GET_SUPPORTED_PROTO_RESP);
    return r ? PBM_S(r->agent_supported_protocol_versions) : "";
}

/* ---- Register / Deregister --------------------------------------------- */

struct usp_msg *usp_register_new(const char *msg_id, int allow_partial)
{
    Usp__Register *r;
    struct usp_msg *m = usp_msg_make(msg_id, USP_MSG_REGISTER, (void **)&r);
    if (m)
        r->allow_partial = allow_partial != 0;
    return m;
}

int usp_register_add_path(struct usp_msg *m, const char *path)
{
    Usp__Register *r = usp_msg_inner(m, USP_MSG_REGISTER);
    Usp__Register__RegistrationPath *p;

    if (r == NULL || (p = pbm_new(&usp__register__registration_path__descriptor)) == NULL)
        return -1;
    p->path = pbm_strdup(path);
    if (p->path == NULL || pbm_push(&r->reg_paths, &r->n_reg_paths, p) != 0) {
        pbm_free(p);
        return -1;
    }
    return 0;
}

struct usp_msg *usp_deregister_new(const char *msg_id)
{
    void *d;
    return usp_msg_make(msg_id, USP_MSG_DEREGISTER, &d);
}

int usp_deregister_add_path(struct usp_msg *m, const char *path)
{
    Usp__Deregister *d = usp_msg_inner(m, USP_MSG_DEREGISTER);
    return d ? pbm_push_str(&d->paths, &d->n_paths, path) : -1;
}

size_t usp_reg_path_count(const struct usp_msg *m)
{
    const Usp__Register *r = usp_msg_inner(m, USP_MSG_REGISTER);
    const Usp__Deregister *d = usp_msg_inner(m, USP_MSG_DEREGISTER);

    if (r)
        return r->n_reg_paths;
    return d ? d->n_paths : 0;
}

const char *usp_reg_path(const struct usp_msg *m, size_t i)
{
    const Usp__Register *r = usp_msg_inner(m, USP_MSG_REGISTER);
    const Usp__Deregister *d = usp_msg_inner(m, USP_MSG_DEREGISTER);

    if (r && i < r->n_reg_paths)
        return PBM_S(r->reg_paths[i]->path);
    if (d && i < d->n_paths)
        return PBM_S(d->paths[i]);
    return NULL;
}

/* ---- RegisterResp ------------------------------------------------------ */

typedef Usp__RegisterResp__RegisteredPathResult reg_rpr;

struct usp_msg *usp_registerresp_new(const char *msg_id)
{
    void *r;
    return usp_msg_make(msg_id, USP_MSG_REGISTER_RESP, &r);
}

static void *registerresp_add(struct usp_msg *m, const char *requested_path, unsigned member,
                              const ProtobufCMessageDescriptor *member_desc)
{
    Usp__RegisterResp *r = usp_msg_inner(m, USP_MSG_REGISTER_RESP);
    reg_rpr *p;
    void *in;

    if (r == NULL || (p = pbm_new(&usp__register_resp__registered_path_result__descriptor)) == NULL)
        return NULL;
    p->requested_path = pbm_strdup(requested_path);
    p->oper_status =
        pbm_new(&usp__register_resp__registered_path_result__operation_status__descriptor);
    in = pbm_new(member_desc);
    if (p->oper_status && in)
        pbm_set_oneof(p->oper_status, member, in);
    else
        free(in);
    if (p->requested_path == NULL || p->oper_status == NULL || in == NULL ||
        pbm_push(&r->registered_path_results, &r->n_registered_path_results, p) != 0) {
        pbm_free(p);
        return NULL;
    }
    return in;
}

int usp_registerresp_add_success(struct usp_msg *m, const char *requested_path,
                                 const char *registered_path)
{
    Usp__RegisterResp__RegisteredPathResult__OperationStatus__OperationSuccess *s = registerresp_add(
        m, requested_path, 2,
        &usp__register_resp__registered_path_result__operation_status__operation_success__descriptor);
    if (s == NULL)
        return -1;
    return (s->registered_path = pbm_strdup(registered_path)) ? 0 : -1;
}

int usp_registerresp_add_failure(struct usp_msg *m, const char *requested_path, uint32_t err_code,
                                 const char *err_msg)
{
    Usp__RegisterResp__RegisteredPathResult__OperationStatus__OperationFailure *f = registerresp_add(
        m, requested_path, 1,
        &usp__register_resp__registered_path_result__operation_status__operation_failure__descriptor);
    if (f == NULL)
        return -1;
    f->err_code = err_code;
    return (f->err_msg = pbm_strdup(err_msg)) ? 0 : -1;
}

static const reg_rpr *registerresp_at(const struct usp_msg *m, size_t i)
{
    const Usp__RegisterResp *r = usp_msg_inner(m, USP_MSG_REGISTER_RESP);
    return r && i < r->n_registered_path_results ? r->registered_path_results[i] : NULL;
}

size_t usp_registerresp_result_count(const struct usp_msg *m)
{
    const Usp__RegisterResp *r = usp_msg_inner(m, USP_MSG_REGISTER_RESP);
    return r ? r->n_registered_path_results : 0;
}

int usp_registerresp_result(const struct usp_msg *m, size_t i, struct usp_oper_result *out)
{
    const reg_rpr *p = registerresp_at(m, i);
    const Usp__RegisterResp__RegisteredPathResult__OperationStatus *st = p ? p->oper_status : NULL;

    pbm_oper_result_init(out, p ? p->requested_path : NULL);
    if (p == NULL)
        return -1;
    if (out == NULL || st == NULL)
        return 0;
    switch (st->oper_status_case) {
    case USP__REGISTER_RESP__REGISTERED_PATH_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_FAILURE:
        if (st->oper_failure) {
            out->status = USP_OPER_FAILURE;
            out->err_code = st->oper_failure->err_code;
            out->err_msg = PBM_S(st->oper_failure->err_msg);
        }
        break;
    case USP__REGISTER_RESP__REGISTERED_PATH_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_SUCCESS:
        if (st->oper_success) {
            out->status = USP_OPER_SUCCESS;
            out->path = PBM_S(st->oper_success->registered_path);
        }
        break;
    default:
        break;
    }
    return 0;
}

/* ---- DeregisterResp ---------------------------------------------------- */

typedef Usp__DeregisterResp__DeregisteredPathResult dereg_dpr;

struct usp_msg *usp_deregisterresp_new(const char *msg_id)
{
    void *r;
    return usp_msg_make(msg_id, USP_MSG_DEREGISTER_RESP, &r);
}

static void *deregisterresp_add(struct usp_msg *m, const char *requested_path, unsigned member,
                                const ProtobufCMessageDescriptor *member_desc)
{
    Usp__DeregisterResp *r = usp_msg_inner(m, USP_MSG_DEREGISTER_RESP);
    dereg_dpr *p;
    void *in;

    if (r == NULL ||
        (p = pbm_new(&usp__deregister_resp__deregistered_path_result__descriptor)) == NULL)
        return NULL;
    p->requested_path = pbm_strdup(requested_path);
    p->oper_status =
        pbm_new(&usp__deregister_resp__deregistered_path_result__operation_status__descriptor);
    in = pbm_new(member_desc);
    if (p->oper_status && in)
        pbm_set_oneof(p->oper_status, member, in);
    else
        free(in);
    if (p->requested_path == NULL || p->oper_status == NULL || in == NULL ||
        pbm_push(&r->deregistered_path_results, &r->n_deregistered_path_results, p) != 0) {
        pbm_free(p);
        return NULL;
    }
    return in;
}

int usp_deregisterresp_add_success(struct usp_msg *m, const char *requested_path)
{
    return deregisterresp_add(
               m, requested_path, 2,
               &usp__deregister_resp__deregistered_path_result__operation_status__operation_success__descriptor)
               ? 0
               : -1;
}

int usp_deregisterresp_add_path(struct usp_msg *m, const char *deregistered_path)
{
    Usp__DeregisterResp *r = usp_msg_inner(m, USP_MSG_DEREGISTER_RESP);
    dereg_dpr *p =
        r ? PBM_LAST(r->deregistered_path_results, r->n_deregistered_path_results) : NULL;
    Usp__DeregisterResp__DeregisteredPathResult__OperationStatus__OperationSuccess *s;

    if (p == NULL || p->oper_status == NULL ||
        p->oper_status->oper_status_case !=
            USP__DEREGISTER_RESP__DEREGISTERED_PATH_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_SUCCESS)
        return -1;
    s = p->oper_status->oper_success;
    return pbm_push_str(&s->deregistered_path, &s->n_deregistered_path, deregistered_path);
}

int usp_deregisterresp_add_failure(struct usp_msg *m, const char *requested_path, uint32_t err_code,
                                   const char *err_msg)
{
    Usp__DeregisterResp__DeregisteredPathResult__OperationStatus__OperationFailure *f =
        deregisterresp_add(
            m, requested_path, 1,
            &usp__deregister_resp__deregistered_path_result__operation_status__operation_failure__descriptor);
    if (f == NULL)
        return -1;
    f->err_code = err_code;
    return (f->err_msg = pbm_strdup(err_msg)) ? 0 : -1;
}

static const dereg_dpr *deregisterresp_at(const struct usp_msg *m, size_t i)
{
    const Usp__DeregisterResp *r = usp_msg_inner(m, USP_MSG_DEREGISTER_RESP);
    return r && i < r->n_deregistered_path_results ? r->deregistered_path_results[i] : NULL;
}

size_t usp_deregisterresp_result_count(const struct usp_msg *m)
{
    const Usp__DeregisterResp *r = usp_msg_inner(m, USP_MSG_DEREGISTER_RESP);
    return r ? r->n_deregistered_path_results : 0;
}

int usp_deregisterresp_result(const struct usp_msg *m, size_t i, struct usp_oper_result *out)
{
    const dereg_dpr *p = deregisterresp_at(m, i);
    const Usp__DeregisterResp__DeregisteredPathResult__OperationStatus *st =
        p ? p->oper_status : NULL;

    pbm_oper_result_init(out, p ? p->requested_path : NULL);
    if (p == NULL)
        return -1;
    if (out == NULL || st == NULL)
        return 0;
    switch (st->oper_status_case) {
    case USP__DEREGISTER_RESP__DEREGISTERED_PATH_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_FAILURE:
        if (st->oper_failure) {
            out->status = USP_OPER_FAILURE;
            out->err_code = st->oper_failure->err_code;
            out->err_msg = PBM_S(st->oper_failure->err_msg);
        }
        break;
    case USP__DEREGISTER_RESP__DEREGISTERED_PATH_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_SUCCESS:
        if (st->oper_success)
            out->status = USP_OPER_SUCCESS;
        break;
    default:
        break;
    }
    return 0;
}

static const Usp__DeregisterResp__DeregisteredPathResult__OperationStatus__OperationSuccess *
deregisterresp_success(const struct usp_msg *m, size_t i)
{
    const dereg_dpr *p = deregisterresp_at(m, i);

    if (p == NULL || p->oper_status == NULL ||
        p->oper_status->oper_status_case !=
            USP__DEREGISTER_RESP__DEREGISTERED_PATH_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_SUCCESS)
        return NULL;
    return p->oper_status->oper_success;
}

size_t usp_deregisterresp_path_count(const struct usp_msg *m, size_t i)
{
    const Usp__DeregisterResp__DeregisteredPathResult__OperationStatus__OperationSuccess *s =
        deregisterresp_success(m, i);
    return s ? s->n_deregistered_path : 0;
}

const char *usp_deregisterresp_path(const struct usp_msg *m, size_t i, size_t k)
{
    const Usp__DeregisterResp__DeregisteredPathResult__OperationStatus__OperationSuccess *s =
        deregisterresp_success(m, i);
    return s ? pbm_str_at(s->deregistered_path, s->n_deregistered_path, k) : NULL;
}
