/*
 * msg_set.c - the write messages: Set, Add, Delete and their responses
 * (TR-369 "Set", "Add", "Delete").
 *
 * Set and Add requests have the same shape (objects with parameter
 * settings), so one set of accessors serves both.
 */
#include "usp/msg_internal.h"

#include <stdlib.h>

/* ---- Set and Add requests ---------------------------------------------- */

struct usp_msg *usp_set_new(const char *msg_id, int allow_partial)
{
    Usp__Set *s;
    struct usp_msg *m = usp_msg_make(msg_id, USP_MSG_SET, (void **)&s);
    if (m)
        s->allow_partial = allow_partial != 0;
    return m;
}

int usp_set_add_obj(struct usp_msg *m, const char *obj_path)
{
    Usp__Set *s = usp_msg_inner(m, USP_MSG_SET);
    Usp__Set__UpdateObject *o;

    if (s == NULL || (o = pbm_new(&usp__set__update_object__descriptor)) == NULL)
        return -1;
    o->obj_path = pbm_strdup(obj_path);
    if (o->obj_path == NULL || pbm_push(&s->update_objs, &s->n_update_objs, o) != 0) {
        pbm_free(o);
        return -1;
    }
    return 0;
}

int usp_set_add_param(struct usp_msg *m, const char *param, const char *value, int required)
{
    Usp__Set *s = usp_msg_inner(m, USP_MSG_SET);
    Usp__Set__UpdateObject *o;
    Usp__Set__UpdateParamSetting *p;

    if (s == NULL || (o = PBM_LAST(s->update_objs, s->n_update_objs)) == NULL ||
        (p = pbm_new(&usp__set__update_param_setting__descriptor)) == NULL)
        return -1;
    p->param = pbm_strdup(param);
    p->value = pbm_strdup(value);
    p->required = required != 0;
    if (p->param == NULL || p->value == NULL ||
        pbm_push(&o->param_settings, &o->n_param_settings, p) != 0) {
        pbm_free(p);
        return -1;
    }
    return 0;
}

struct usp_msg *usp_add_new(const char *msg_id, int allow_partial)
{
    Usp__Add *a;
    struct usp_msg *m = usp_msg_make(msg_id, USP_MSG_ADD, (void **)&a);
    if (m)
        a->allow_partial = allow_partial != 0;
    return m;
}

int usp_add_add_obj(struct usp_msg *m, const char *obj_path)
{
    Usp__Add *a = usp_msg_inner(m, USP_MSG_ADD);
    Usp__Add__CreateObject *o;

    if (a == NULL || (o = pbm_new(&usp__add__create_object__descriptor)) == NULL)
        return -1;
    o->obj_path = pbm_strdup(obj_path);
    if (o->obj_path == NULL || pbm_push(&a->create_objs, &a->n_create_objs, o) != 0) {
        pbm_free(o);
        return -1;
    }
    return 0;
}

int usp_add_add_param(struct usp_msg *m, const char *param, const char *value, int required)
{
    Usp__Add *a = usp_msg_inner(m, USP_MSG_ADD);
    Usp__Add__CreateObject *o;
    Usp__Add__CreateParamSetting *p;

    if (a == NULL || (o = PBM_LAST(a->create_objs, a->n_create_objs)) == NULL ||
        (p = pbm_new(&usp__add__create_param_setting__descriptor)) == NULL)
        return -1;
    p->param = pbm_strdup(param);
    p->value = pbm_strdup(value);
    p->required = required != 0;
    if (p->param == NULL || p->value == NULL ||
        pbm_push(&o->param_settings, &o->n_param_settings, p) != 0) {
        pbm_free(p);
        return -1;
    }
    return 0;
}

int usp_msg_allow_partial(const struct usp_msg *m)
{
    const Usp__Set *s = usp_msg_inner(m, USP_MSG_SET);
    const Usp__Add *a = usp_msg_inner(m, USP_MSG_ADD);
    const Usp__Delete *d = usp_msg_inner(m, USP_MSG_DELETE);
    const Usp__Register *r = usp_msg_inner(m, USP_MSG_REGISTER);

    if (s)
        return s->allow_partial != 0;
    if (a)
        return a->allow_partial != 0;
    if (d)
        return d->allow_partial != 0;
    return r ? r->allow_partial != 0 : 0;
}

size_t usp_msg_obj_count(const struct usp_msg *m)
{
    const Usp__Set *s = usp_msg_inner(m, USP_MSG_SET);
    const Usp__Add *a = usp_msg_inner(m, USP_MSG_ADD);

    if (s)
        return s->n_update_objs;
    return a ? a->n_create_objs : 0;
}

const char *usp_msg_obj_path(const struct usp_msg *m, size_t i)
{
    const Usp__Set *s = usp_msg_inner(m, USP_MSG_SET);
    const Usp__Add *a = usp_msg_inner(m, USP_MSG_ADD);

    if (s && i < s->n_update_objs)
        return PBM_S(s->update_objs[i]->obj_path);
    if (a && i < a->n_create_objs)
        return PBM_S(a->create_objs[i]->obj_path);
    return NULL;
}

size_t usp_msg_param_count(const struct usp_msg *m, size_t obj)
{
    const Usp__Set *s = usp_msg_inner(m, USP_MSG_SET);
    const Usp__Add *a = usp_msg_inner(m, USP_MSG_ADD);

    if (s && obj < s->n_update_objs)
        return s->update_objs[obj]->n_param_settings;
    if (a && obj < a->n_create_objs)
        return a->create_objs[obj]->n_param_settings;
    return 0;
}

int usp_msg_param(const struct usp_msg *m, size_t obj, size_t i, struct usp_param_setting *out)
{
    const Usp__Set *s = usp_msg_inner(m, USP_MSG_SET);
    const Usp__Add *a = usp_msg_inner(m, USP_MSG_ADD);

    if (s && obj < s->n_update_objs && i < s->update_objs[obj]->n_param_settings) {
        const Usp__Set__UpdateParamSetting *p = s->update_objs[obj]->param_settings[i];
        out->param = PBM_S(p->param);
        out->value = PBM_S(p->value);
        out->required = p->required != 0;
        return 0;
    }
    if (a && obj < a->n_create_objs && i < a->create_objs[obj]->n_param_settings) {
        const Usp__Add__CreateParamSetting *p = a->create_objs[obj]->param_settings[i];
        out->param = PBM_S(p->param);
        out->value = PBM_S(p->value);
        out->required = p->required != 0;
        return 0;
    }
    return -1;
}

/* ---- Delete ------------------------------------------------------------ */

struct usp_msg *usp_delete_new(const char *msg_id, int allow_partial)
{
    Usp__Delete *d;
    struct usp_msg *m = usp_msg_make(msg_id, USP_MSG_DELETE, (void **)&d);
    if (m)
        d->allow_partial = allow_partial != 0;
    return m;
}

int usp_delete_add_path(struct usp_msg *m, const char *obj_path)
{
    Usp__Delete *d = usp_msg_inner(m, USP_MSG_DELETE);
    return d ? pbm_push_str(&d->obj_paths, &d->n_obj_paths, obj_path) : -1;
}

size_t usp_delete_path_count(const struct usp_msg *m)
{
    const Usp__Delete *d = usp_msg_inner(m, USP_MSG_DELETE);
    return d ? d->n_obj_paths : 0;
}

const char *usp_delete_path(const struct usp_msg *m, size_t i)
{
    const Usp__Delete *d = usp_msg_inner(m, USP_MSG_DELETE);
    return d && i < d->n_obj_paths ? PBM_S(d->obj_paths[i]) : NULL;
}

/* ---- SetResp ----------------------------------------------------------- */

typedef Usp__SetResp__UpdatedObjectResult set_uor;
typedef Usp__SetResp__UpdatedObjectResult__OperationStatus set_status;

struct usp_msg *usp_setresp_new(const char *msg_id)
{
    void *r;
    return usp_msg_make(msg_id, USP_MSG_SET_RESP, &r);
}

/* Appends an UpdatedObjectResult whose status is a fresh oneof member. */
static void *setresp_add_result(struct usp_msg *m, const char *requested_path, unsigned member,
                                const ProtobufCMessageDescriptor *member_desc)
{
    Usp__SetResp *r = usp_msg_inner(m, USP_MSG_SET_RESP);
    set_uor *u;
    void *in;

    if (r == NULL || (u = pbm_new(&usp__set_resp__updated_object_result__descriptor)) == NULL)
        return NULL;
    u->requested_path = pbm_strdup(requested_path);
    u->oper_status = pbm_new(&usp__set_resp__updated_object_result__operation_status__descriptor);
    in = pbm_new(member_desc);
    if (u->oper_status && in)
        pbm_set_oneof(u->oper_status, member, in);
    else
        free(in);
    if (u->requested_path == NULL || u->oper_status == NULL || in == NULL ||
        pbm_push(&r->updated_obj_results, &r->n_updated_obj_results, u) != 0) {
        pbm_free(u);
        return NULL;
    }
    return in;
}

int usp_setresp_add_success(struct usp_msg *m, const char *requested_path)
{
    return setresp_add_result(
               m, requested_path, 2,
               &usp__set_resp__updated_object_result__operation_status__operation_success__descriptor)
               ? 0
               : -1;
}

int usp_setresp_add_failure(struct usp_msg *m, const char *requested_path, uint32_t err_code,
                            const char *err_msg)
{
    Usp__SetResp__UpdatedObjectResult__OperationStatus__OperationFailure *f = setresp_add_result(
        m, requested_path, 1,
        &usp__set_resp__updated_object_result__operation_status__operation_failure__descriptor);

    if (f == NULL)
        return -1;
    f->err_code = err_code;
    return (f->err_msg = pbm_strdup(err_msg)) ? 0 : -1;
}

static set_status *setresp_last_status(struct usp_msg *m)
{
    Usp__SetResp *r = usp_msg_inner(m, USP_MSG_SET_RESP);
    set_uor *u = r ? PBM_LAST(r->updated_obj_results, r->n_updated_obj_results) : NULL;
    set_status *st = u ? u->oper_status : NULL;

    /* a decoded message may have no member set: callers assume one of the two */
    if (st == NULL ||
        (st->oper_status_case !=
             USP__SET_RESP__UPDATED_OBJECT_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_SUCCESS &&
         st->oper_status_case !=
             USP__SET_RESP__UPDATED_OBJECT_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_FAILURE) ||
        st->oper_success == NULL) /* the same pointer for both members */
        return NULL;
    return st;
}

int usp_setresp_add_inst(struct usp_msg *m, const char *affected_path)
{
    set_status *st = setresp_last_status(m);

    if (st == NULL)
        return -1;
    if (st->oper_status_case ==
        USP__SET_RESP__UPDATED_OBJECT_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_SUCCESS) {
        Usp__SetResp__UpdatedObjectResult__OperationStatus__OperationSuccess *s = st->oper_success;
        Usp__SetResp__UpdatedInstanceResult *i =
            pbm_new(&usp__set_resp__updated_instance_result__descriptor);
        if (i == NULL || (i->affected_path = pbm_strdup(affected_path)) == NULL ||
            pbm_push(&s->updated_inst_results, &s->n_updated_inst_results, i) != 0) {
            pbm_free(i);
            return -1;
        }
        return 0;
    } else {
        Usp__SetResp__UpdatedObjectResult__OperationStatus__OperationFailure *f = st->oper_failure;
        Usp__SetResp__UpdatedInstanceFailure *i =
            pbm_new(&usp__set_resp__updated_instance_failure__descriptor);
        if (i == NULL || (i->affected_path = pbm_strdup(affected_path)) == NULL ||
            pbm_push(&f->updated_inst_failures, &f->n_updated_inst_failures, i) != 0) {
            pbm_free(i);
            return -1;
        }
        return 0;
    }
}

int usp_setresp_add_updated_param(struct usp_msg *m, const char *name, const char *value)
{
    set_status *st = setresp_last_status(m);
    Usp__SetResp__UpdatedInstanceResult *i;

    if (st == NULL ||
        st->oper_status_case !=
            USP__SET_RESP__UPDATED_OBJECT_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_SUCCESS ||
        (i = PBM_LAST(st->oper_success->updated_inst_results,
                      st->oper_success->n_updated_inst_results)) == NULL)
        return -1;
    return pbm_map_add(&i->updated_params, &i->n_updated_params,
                       &usp__set_resp__updated_instance_result__updated_params_entry__descriptor,
                       name, value);
}

int usp_setresp_add_param_err(struct usp_msg *m, const char *param, uint32_t err_code,
                              const char *err_msg)
{
    set_status *st = setresp_last_status(m);
    Usp__SetResp__ParameterError ***arr;
    size_t *n;
    Usp__SetResp__ParameterError *e;

    if (st == NULL)
        return -1;
    if (st->oper_status_case ==
        USP__SET_RESP__UPDATED_OBJECT_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_SUCCESS) {
        Usp__SetResp__UpdatedInstanceResult *i = PBM_LAST(st->oper_success->updated_inst_results,
                                                          st->oper_success->n_updated_inst_results);
        if (i == NULL)
            return -1;
        arr = &i->param_errs, n = &i->n_param_errs;
    } else {
        Usp__SetResp__UpdatedInstanceFailure *i = PBM_LAST(
            st->oper_failure->updated_inst_failures, st->oper_failure->n_updated_inst_failures);
        if (i == NULL)
            return -1;
        arr = &i->param_errs, n = &i->n_param_errs;
    }
    if ((e = pbm_new(&usp__set_resp__parameter_error__descriptor)) == NULL)
        return -1;
    e->param = pbm_strdup(param);
    e->err_code = err_code;
    e->err_msg = pbm_strdup(err_msg);
    if (e->param == NULL || e->err_msg == NULL || pbm_push(arr, n, e) != 0) {
        pbm_free(e);
        return -1;
    }
    return 0;
}

typedef Usp__SetResp__UpdatedInstanceResult set_inst_ok;
typedef Usp__SetResp__UpdatedInstanceFailure set_inst_fail;

static const set_uor *setresp_uor_at(const struct usp_msg *m, size_t i)
{
    const Usp__SetResp *r = usp_msg_inner(m, USP_MSG_SET_RESP);
    return r && i < r->n_updated_obj_results ? r->updated_obj_results[i] : NULL;
}

/* The success / failure member of result i, NULL when it holds the other one or none. */
static const Usp__SetResp__UpdatedObjectResult__OperationStatus__OperationSuccess *
setresp_success(const struct usp_msg *m, size_t i)
{
    const set_uor *u = setresp_uor_at(m, i);
    const set_status *st = u ? u->oper_status : NULL;

    if (st == NULL ||
        st->oper_status_case !=
            USP__SET_RESP__UPDATED_OBJECT_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_SUCCESS)
        return NULL;
    return st->oper_success;
}

static const Usp__SetResp__UpdatedObjectResult__OperationStatus__OperationFailure *
setresp_failure(const struct usp_msg *m, size_t i)
{
    const set_uor *u = setresp_uor_at(m, i);
    const set_status *st = u ? u->oper_status : NULL;

    if (st == NULL ||
        st->oper_status_case !=
            USP__SET_RESP__UPDATED_OBJECT_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_FAILURE)
        return NULL;
    return st->oper_failure;
}

static const set_inst_ok *setresp_inst_ok(const struct usp_msg *m, size_t i, size_t j)
{
    const Usp__SetResp__UpdatedObjectResult__OperationStatus__OperationSuccess *s =
        setresp_success(m, i);
    return s && j < s->n_updated_inst_results ? s->updated_inst_results[j] : NULL;
}

static const set_inst_fail *setresp_inst_fail(const struct usp_msg *m, size_t i, size_t j)
{
    const Usp__SetResp__UpdatedObjectResult__OperationStatus__OperationFailure *f =
        setresp_failure(m, i);
    return f && j < f->n_updated_inst_failures ? f->updated_inst_failures[j] : NULL;
}

size_t usp_setresp_result_count(const struct usp_msg *m)
{
    const Usp__SetResp *r = usp_msg_inner(m, USP_MSG_SET_RESP);
    return r ? r->n_updated_obj_results : 0;
}

int usp_setresp_result(const struct usp_msg *m, size_t i, struct usp_oper_result *out)
{
    const set_uor *u = setresp_uor_at(m, i);
    const Usp__SetResp__UpdatedObjectResult__OperationStatus__OperationFailure *f =
        setresp_failure(m, i);

    pbm_oper_result_init(out, u ? u->requested_path : NULL);
    if (u == NULL)
        return -1;
    if (out && f) {
        out->status = USP_OPER_FAILURE;
        out->err_code = f->err_code;
        out->err_msg = PBM_S(f->err_msg);
    } else if (out && setresp_success(m, i)) {
        out->status = USP_OPER_SUCCESS;
    }
    return 0;
}

size_t usp_setresp_inst_count(const struct usp_msg *m, size_t i)
{
    const Usp__SetResp__UpdatedObjectResult__OperationStatus__OperationSuccess *s =
        setresp_success(m, i);
    const Usp__SetResp__UpdatedObjectResult__OperationStatus__OperationFailure *f =
        setresp_failure(m, i);

    if (s)
        return s->n_updated_inst_results;
    return f ? f->n_updated_inst_failures : 0;
}

const char *usp_setresp_inst(const struct usp_msg *m, size_t i, size_t j)
{
    const set_inst_ok *ok = setresp_inst_ok(m, i, j);
    const set_inst_fail *fail = setresp_inst_fail(m, i, j);

    if (ok)
        return PBM_S(ok->affected_path);
    return fail ? PBM_S(fail->affected_path) : NULL;
}

size_t usp_setresp_updated_param_count(const struct usp_msg *m, size_t i, size_t j)
{
    const set_inst_ok *ok = setresp_inst_ok(m, i, j);
    return ok ? ok->n_updated_params : 0;
}

int usp_setresp_updated_param(const struct usp_msg *m, size_t i, size_t j, size_t k,
                              const char **name, const char **value)
{
    const set_inst_ok *ok = setresp_inst_ok(m, i, j);
    return pbm_map_get(ok ? (void *const *)ok->updated_params : NULL, ok ? ok->n_updated_params : 0,
                       k, name, value);
}

size_t usp_setresp_param_err_count(const struct usp_msg *m, size_t i, size_t j)
{
    const set_inst_ok *ok = setresp_inst_ok(m, i, j);
    const set_inst_fail *fail = setresp_inst_fail(m, i, j);

    if (ok)
        return ok->n_param_errs;
    return fail ? fail->n_param_errs : 0;
}

int usp_setresp_param_err(const struct usp_msg *m, size_t i, size_t j, size_t k, const char **param,
                          uint32_t *err_code, const char **err_msg)
{
    const set_inst_ok *ok = setresp_inst_ok(m, i, j);
    const set_inst_fail *fail = setresp_inst_fail(m, i, j);
    const Usp__SetResp__ParameterError *e = NULL;

    if (ok && k < ok->n_param_errs)
        e = ok->param_errs[k];
    else if (fail && k < fail->n_param_errs)
        e = fail->param_errs[k];
    PBM_OUT(param, e ? PBM_S(e->param) : "");
    PBM_OUT(err_code, e ? e->err_code : 0);
    PBM_OUT(err_msg, e ? PBM_S(e->err_msg) : "");
    return e ? 0 : -1;
}

/* ---- AddResp ----------------------------------------------------------- */

typedef Usp__AddResp__CreatedObjectResult add_cor;
typedef Usp__AddResp__CreatedObjectResult__OperationStatus__OperationSuccess add_success;
typedef Usp__AddResp__CreatedObjectResult__OperationStatus__OperationFailure add_failure;

struct usp_msg *usp_addresp_new(const char *msg_id)
{
    void *r;
    return usp_msg_make(msg_id, USP_MSG_ADD_RESP, &r);
}

static void *addresp_add_result(struct usp_msg *m, const char *requested_path, unsigned member,
                                const ProtobufCMessageDescriptor *member_desc)
{
    Usp__AddResp *r = usp_msg_inner(m, USP_MSG_ADD_RESP);
    add_cor *c;
    void *in;

    if (r == NULL || (c = pbm_new(&usp__add_resp__created_object_result__descriptor)) == NULL)
        return NULL;
    c->requested_path = pbm_strdup(requested_path);
    c->oper_status = pbm_new(&usp__add_resp__created_object_result__operation_status__descriptor);
    in = pbm_new(member_desc);
    if (c->oper_status && in)
        pbm_set_oneof(c->oper_status, member, in);
    else
        free(in);
    if (c->requested_path == NULL || c->oper_status == NULL || in == NULL ||
        pbm_push(&r->created_obj_results, &r->n_created_obj_results, c) != 0) {
        pbm_free(c);
        return NULL;
    }
    return in;
}

int usp_addresp_add_success(struct usp_msg *m, const char *requested_path,
                            const char *instantiated_path)
{
    add_success *s = addresp_add_result(
        m, requested_path, 2,
        &usp__add_resp__created_object_result__operation_status__operation_success__descriptor);
    if (s == NULL)
        return -1;
    return (s->instantiated_path = pbm_strdup(instantiated_path)) ? 0 : -1;
}

int usp_addresp_add_failure(struct usp_msg *m, const char *requested_path, uint32_t err_code,
                            const char *err_msg)
{
    add_failure *f = addresp_add_result(
        m, requested_path, 1,
        &usp__add_resp__created_object_result__operation_status__operation_failure__descriptor);
    if (f == NULL)
        return -1;
    f->err_code = err_code;
    return (f->err_msg = pbm_strdup(err_msg)) ? 0 : -1;
}

static add_success *addresp_last_success(struct usp_msg *m)
{
    Usp__AddResp *r = usp_msg_inner(m, USP_MSG_ADD_RESP);
    add_cor *c = r ? PBM_LAST(r->created_obj_results, r->n_created_obj_results) : NULL;

    if (c == NULL || c->oper_status == NULL ||
        c->oper_status->oper_status_case !=
            USP__ADD_RESP__CREATED_OBJECT_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_SUCCESS)
        return NULL;
    return c->oper_status->oper_success;
}

int usp_addresp_add_unique_key(struct usp_msg *m, const char *name, const char *value)
{
    add_success *s = addresp_last_success(m);
    if (s == NULL)
        return -1;
    return pbm_map_add(
        &s->unique_keys, &s->n_unique_keys,
        &usp__add_resp__created_object_result__operation_status__operation_success__unique_keys_entry__descriptor,
        name, value);
}

int usp_addresp_add_param_err(struct usp_msg *m, const char *param, uint32_t err_code,
                              const char *err_msg)
{
    add_success *s = addresp_last_success(m);
    Usp__AddResp__ParameterError *e;

    if (s == NULL || (e = pbm_new(&usp__add_resp__parameter_error__descriptor)) == NULL)
        return -1;
    e->param = pbm_strdup(param);
    e->err_code = err_code;
    e->err_msg = pbm_strdup(err_msg);
    if (e->param == NULL || e->err_msg == NULL || pbm_push(&s->param_errs, &s->n_param_errs, e)) {
        pbm_free(e);
        return -1;
    }
    return 0;
}

static const add_cor *addresp_cor_at(const struct usp_msg *m, size_t i)
{
    const Usp__AddResp *r = usp_msg_inner(m, USP_MSG_ADD_RESP);
    return r && i < r->n_created_obj_results ? r->created_obj_results[i] : NULL;
}

/* The success member of result i, NULL when it failed or says nothing. */
static const add_success *addresp_success(const struct usp_msg *m, size_t i)
{
    const add_cor *c = addresp_cor_at(m, i);

    if (c == NULL || c->oper_status == NULL ||
        c->oper_status->oper_status_case !=
            USP__ADD_RESP__CREATED_OBJECT_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_SUCCESS)
        return NULL;
    return c->oper_status->oper_success;
}

size_t usp_addresp_result_count(const struct usp_msg *m)
{
    const Usp__AddResp *r = usp_msg_inner(m, USP_MSG_ADD_RESP);
    return r ? r->n_created_obj_results : 0;
}

int usp_addresp_result(const struct usp_msg *m, size_t i, struct usp_oper_result *out)
{
    const add_cor *c = addresp_cor_at(m, i);
    const add_success *s = addresp_success(m, i);

    pbm_oper_result_init(out, c ? c->requested_path : NULL);
    if (c == NULL)
        return -1;
    if (out && s) {
        out->status = USP_OPER_SUCCESS;
        out->path = PBM_S(s->instantiated_path);
    } else if (
        out && c->oper_status &&
        c->oper_status->oper_status_case ==
            USP__ADD_RESP__CREATED_OBJECT_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_FAILURE &&
        c->oper_status->oper_failure) {
        const add_failure *f = c->oper_status->oper_failure;
        out->status = USP_OPER_FAILURE;
        out->err_code = f->err_code;
        out->err_msg = PBM_S(f->err_msg);
    }
    return 0;
}

size_t usp_addresp_unique_key_count(const struct usp_msg *m, size_t i)
{
    const add_success *s = addresp_success(m, i);
    return s ? s->n_unique_keys : 0;
}

int usp_addresp_unique_key(const struct usp_msg *m, size_t i, size_t k, const char **name,
                           const char **value)
{
    const add_success *s = addresp_success(m, i);
    return pbm_map_get(s ? (void *const *)s->unique_keys : NULL, s ? s->n_unique_keys : 0, k, name,
                       value);
}

size_t usp_addresp_param_err_count(const struct usp_msg *m, size_t i)
{
    const add_success *s = addresp_success(m, i);
    return s ? s->n_param_errs : 0;
}

int usp_addresp_param_err(const struct usp_msg *m, size_t i, size_t k, const char **param,
                          uint32_t *err_code, const char **err_msg)
{
    const add_success *s = addresp_success(m, i);
    const Usp__AddResp__ParameterError *e = s && k < s->n_param_errs ? s->param_errs[k] : NULL;

    PBM_OUT(param, e ? PBM_S(e->param) : "");
    PBM_OUT(err_code, e ? e->err_code : 0);
    PBM_OUT(err_msg, e ? PBM_S(e->err_msg) : "");
    return e ? 0 : -1;
}

/* ---- DeleteResp -------------------------------------------------------- */

typedef Usp__DeleteResp__DeletedObjectResult del_dor;
typedef Usp__DeleteResp__DeletedObjectResult__OperationStatus__OperationSuccess del_success;
typedef Usp__DeleteResp__DeletedObjectResult__OperationStatus__OperationFailure del_failure;

struct usp_msg *usp_deleteresp_new(const char *msg_id)
{
    void *r;
    return usp_msg_make(msg_id, USP_MSG_DELETE_RESP, &r);
}

static void *deleteresp_add_result(struct usp_msg *m, const char *requested_path, unsigned member,
                                   const ProtobufCMessageDescriptor *member_desc)
{
    Usp__DeleteResp *r = usp_msg_inner(m, USP_MSG_DELETE_RESP);
    del_dor *d;
    void *in;

    if (r == NULL || (d = pbm_new(&usp__delete_resp__deleted_object_result__descriptor)) == NULL)
        return NULL;
    d->requested_path = pbm_strdup(requested_path);
    d->oper_status =
        pbm_new(&usp__delete_resp__deleted_object_result__operation_status__descriptor);
    in = pbm_new(member_desc);
    if (d->oper_status && in)
        pbm_set_oneof(d->oper_status, member, in);
    else
        free(in);
    if (d->requested_path == NULL || d->oper_status == NULL || in == NULL ||
        pbm_push(&r->deleted_obj_results, &r->n_deleted_obj_results, d) != 0) {
        pbm_free(d);
        return NULL;
    }
    return in;
}

int usp_deleteresp_add_success(struct usp_msg *m, const char *requested_path)
{
    return deleteresp_add_result(
               m, requested_path, 2,
               &usp__delete_resp__deleted_object_result__operation_status__operation_success__descriptor)
               ? 0
               : -1;
}

int usp_deleteresp_add_failure(struct usp_msg *m, const char *requested_path, uint32_t err_code,
                               const char *err_msg)
{
    del_failure *f = deleteresp_add_result(
        m, requested_path, 1,
        &usp__delete_resp__deleted_object_result__operation_status__operation_failure__descriptor);
    if (f == NULL)
        return -1;
    f->err_code = err_code;
    return (f->err_msg = pbm_strdup(err_msg)) ? 0 : -1;
}

static del_success *deleteresp_last_success(struct usp_msg *m)
{
    Usp__DeleteResp *r = usp_msg_inner(m, USP_MSG_DELETE_RESP);
    del_dor *d = r ? PBM_LAST(r->deleted_obj_results, r->n_deleted_obj_results) : NULL;

    if (d == NULL || d->oper_status == NULL ||
        d->oper_status->oper_status_case !=
            USP__DELETE_RESP__DELETED_OBJECT_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_SUCCESS)
        return NULL;
    return d->oper_status->oper_success;
}

int usp_deleteresp_add_affected_path(struct usp_msg *m, const char *path)
{
    del_success *s = deleteresp_last_success(m);
    return s ? pbm_push_str(&s->affected_paths, &s->n_affected_paths, path) : -1;
}

int usp_deleteresp_add_unaffected_path_err(struct usp_msg *m, const char *path, uint32_t err_code,
                                           const char *err_msg)
{
    del_success *s = deleteresp_last_success(m);
    Usp__DeleteResp__UnaffectedPathError *e;

    if (s == NULL || (e = pbm_new(&usp__delete_resp__unaffected_path_error__descriptor)) == NULL)
        return -1;
    e->unaffected_path = pbm_strdup(path);
    e->err_code = err_code;
    e->err_msg = pbm_strdup(err_msg);
    if (e->unaffected_path == NULL || e->err_msg == NULL ||
        pbm_push(&s->unaffected_path_errs, &s->n_unaffected_path_errs, e) != 0) {
        pbm_free(e);
        return -1;
    }
    return 0;
}

static const del_dor *deleteresp_dor_at(const struct usp_msg *m, size_t i)
{
    const Usp__DeleteResp *r = usp_msg_inner(m, USP_MSG_DELETE_RESP);
    return r && i < r->n_deleted_obj_results ? r->deleted_obj_results[i] : NULL;
}

static const del_success *deleteresp_success(const struct usp_msg *m, size_t i)
{
    const del_dor *d = deleteresp_dor_at(m, i);

    if (d == NULL || d->oper_status == NULL ||
        d->oper_status->oper_status_case !=
            USP__DELETE_RESP__DELETED_OBJECT_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_SUCCESS)
        return NULL;
    return d->oper_status->oper_success;
}

size_t usp_deleteresp_result_count(const struct usp_msg *m)
{
    const Usp__DeleteResp *r = usp_msg_inner(m, USP_MSG_DELETE_RESP);
    return r ? r->n_deleted_obj_results : 0;
}

int usp_deleteresp_result(const struct usp_msg *m, size_t i, struct usp_oper_result *out)
{
    const del_dor *d = deleteresp_dor_at(m, i);

    pbm_oper_result_init(out, d ? d->requested_path : NULL);
    if (d == NULL)
        return -1;
    if (out && deleteresp_success(m, i)) {
        out->status = USP_OPER_SUCCESS;
    } else if (
        out && d->oper_status &&
        d->oper_status->oper_status_case ==
            USP__DELETE_RESP__DELETED_OBJECT_RESULT__OPERATION_STATUS__OPER_STATUS_OPER_FAILURE &&
        d->oper_status->oper_failure) {
        const del_failure *f = d->oper_status->oper_failure;
        out->status = USP_OPER_FAILURE;
        out->err_code = f->err_code;
        out->err_msg = PBM_S(f->err_msg);
    }
    return 0;
}

size_t usp_deleteresp_affected_path_count(const struct usp_msg *m, size_t i)
{
    const del_success *s = deleteresp_success(m, i);
    return s ? s->n_affected_paths : 0;
}

const char *usp_deleteresp_affected_path(const struct usp_msg *m, size_t i, size_t k)
{
    const del_success *s = deleteresp_success(m, i);
    return s ? pbm_str_at(s->affected_paths, s->n_affected_paths, k) : NULL;
}

size_t usp_deleteresp_unaffected_path_err_count(const struct usp_msg *m, size_t i)
{
    const del_success *s = deleteresp_success(m, i);
    return s ? s->n_unaffected_path_errs : 0;
}

int usp_deleteresp_unaffected_path_err(const struct usp_msg *m, size_t i, size_t k,
                                       const char **path, uint32_t *err_code, const char **err_msg)
{
    const del_success *s = deleteresp_success(m, i);
    const Usp__DeleteResp__UnaffectedPathError *e =
        s && k < s->n_unaffected_path_errs ? s->unaffected_path_errs[k] : NULL;

    PBM_OUT(path, e ? PBM_S(e->unaffected_path) : "");
    PBM_OUT(err_code, e ? e->err_code : 0);
    PBM_OUT(err_msg, e ? PBM_S(e->err_msg) : "");
    return e ? 0 : -1;
}
