/*
 * msg_get.c - the read messages: Get, GetInstances, GetSupportedDM and
 * their responses (TR-369 "Get", "GetInstances", "GetSupportedDM").
 */
#include "usp/msg_internal.h"

#include <stdlib.h>

/* ---- Get --------------------------------------------------------------- */

struct usp_msg *usp_get_new(const char *msg_id, uint32_t max_depth)
{
    Usp__Get *g;
    struct usp_msg *m = usp_msg_make(msg_id, USP_MSG_GET, (void **)&g);
    if (m)
        g->max_depth = max_depth;
    return m;
}

int usp_get_add_path(struct usp_msg *m, const char *path)
{
    Usp__Get *g = usp_msg_inner(m, USP_MSG_GET);
    return g ? pbm_push_str(&g->param_paths, &g->n_param_paths, path) : -1;
}

size_t usp_get_path_count(const struct usp_msg *m)
{
    const Usp__Get *g = usp_msg_inner(m, USP_MSG_GET);
    return g ? g->n_param_paths : 0;
}

const char *usp_get_path(const struct usp_msg *m, size_t i)
{
    const Usp__Get *g = usp_msg_inner(m, USP_MSG_GET);
    return g && i < g->n_param_paths ? PBM_S(g->param_paths[i]) : NULL;
}

uint32_t usp_get_max_depth(const struct usp_msg *m)
{
    const Usp__Get *g = usp_msg_inner(m, USP_MSG_GET);
    return g ? g->max_depth : 0;
}

/* ---- GetResp ------------------------------------------------------------ */

struct usp_msg *usp_getresp_new(const char *msg_id)
{
    void *r;
    return usp_msg_make(msg_id, USP_MSG_GET_RESP, &r);
}

int usp_getresp_add_path_result(struct usp_msg *m, const char *requested_path, uint32_t err_code,
                                const char *err_msg)
{
    Usp__GetResp *r = usp_msg_inner(m, USP_MSG_GET_RESP);
    Usp__GetResp__RequestedPathResult *p;

    if (r == NULL || (p = pbm_new(&usp__get_resp__requested_path_result__descriptor)) == NULL)
        return -1;
    p->requested_path = pbm_strdup(requested_path);
    p->err_code = err_code;
    p->err_msg = pbm_strdup(err_msg);
    if (p->requested_path == NULL || p->err_msg == NULL ||
        pbm_push(&r->req_path_results, &r->n_req_path_results, p) != 0) {
        pbm_free(p);
        return -1;
    }
    return 0;
}

static Usp__GetResp__RequestedPathResult *last_path_result(struct usp_msg *m)
{
    Usp__GetResp *r = usp_msg_inner(m, USP_MSG_GET_RESP);
    return r ? PBM_LAST(r->req_path_results, r->n_req_path_results) : NULL;
}

int usp_getresp_add_resolved_path(struct usp_msg *m, const char *resolved_path)
{
    Usp__GetResp__RequestedPathResult *p = last_path_result(m);
    Usp__GetResp__ResolvedPathResult *rp;

    if (p == NULL || (rp = pbm_new(&usp__get_resp__resolved_path_result__descriptor)) == NULL)
        return -1;
    rp->resolved_path = pbm_strdup(resolved_path);
    if (rp->resolved_path == NULL ||
        pbm_push(&p->resolved_path_results, &p->n_resolved_path_results, rp) != 0) {
        pbm_free(rp);
        return -1;
    }
    return 0;
}

int usp_getresp_add_result_param(struct usp_msg *m, const char *name, const char *value)
{
    Usp__GetResp__RequestedPathResult *p = last_path_result(m);
    Usp__GetResp__ResolvedPathResult *rp;

    if (p == NULL || (rp = PBM_LAST(p->resolved_path_results, p->n_resolved_path_results)) == NULL)
        return -1;
    return pbm_map_add(&rp->result_params, &rp->n_result_params,
                       &usp__get_resp__resolved_path_result__result_params_entry__descriptor, name,
                       value);
}

static const Usp__GetResp__RequestedPathResult *getresp_pr(const struct usp_msg *m, size_t i)
{
    const Usp__GetResp *r = usp_msg_inner(m, USP_MSG_GET_RESP);
    return r && i < r->n_req_path_results ? r->req_path_results[i] : NULL;
}

static const Usp__GetResp__ResolvedPathResult *getresp_rp(const struct usp_msg *m, size_t i,
                                                          size_t j)
{
    const Usp__GetResp__RequestedPathResult *p = getresp_pr(m, i);
    return p && j < p->n_resolved_path_results ? p->resolved_path_results[j] : NULL;
}

size_t usp_getresp_path_result_count(const struct usp_msg *m)
{
    const Usp__GetResp *r = usp_msg_inner(m, USP_MSG_GET_RESP);
    return r ? r->n_req_path_results : 0;
}

int usp_getresp_path_result(const struct usp_msg *m, size_t i, const char **requested_path,
                            uint32_t *err_code, const char **err_msg)
{
    const Usp__GetResp__RequestedPathResult *p = getresp_pr(m, i);

    PBM_OUT(requested_path, p ? PBM_S(p->requested_path) : "");
    PBM_OUT(err_code, p ? p->err_code : 0);
    PBM_OUT(err_msg, p ? PBM_S(p->err_msg) : "");
    return p ? 0 : -1;
}

size_t usp_getresp_resolved_path_count(const struct usp_msg *m, size_t i)
{
    const Usp__GetResp__RequestedPathResult *p = getresp_pr(m, i);
    return p ? p->n_resolved_path_results : 0;
}

const char *usp_getresp_resolved_path(const struct usp_msg *m, size_t i, size_t j)
{
    const Usp__GetResp__ResolvedPathResult *rp = getresp_rp(m, i, j);
    return rp ? PBM_S(rp->resolved_path) : NULL;
}

size_t usp_getresp_result_param_count(const struct usp_msg *m, size_t i, size_t j)
{
    const Usp__GetResp__ResolvedPathResult *rp = getresp_rp(m, i, j);
    return rp ? rp->n_result_params : 0;
}

int usp_getresp_result_param(const struct usp_msg *m, size_t i, size_t j, size_t k,
                             const char **name, const char **value)
{
    const Usp__GetResp__ResolvedPathResult *rp = getresp_rp(m, i, j);
    return pbm_map_get(rp ? (void *const *)rp->result_params : NULL, rp ? rp->n_result_params : 0,
                       k, name, value);
}

/* ---- GetInstances ------------------------------------------------------- */

struct usp_msg *usp_getinst_new(const char *msg_id, int first_level_only)
{
    Usp__GetInstances *g;
    struct usp_msg *m = usp_msg_make(msg_id, USP_MSG_GET_INSTANCES, (void **)&g);
    if (m)
        g->first_level_only = first_level_only ? 1 : 0;
    return m;
}

int usp_getinst_add_path(struct usp_msg *m, const char *obj_path)
{
    Usp__GetInstances *g = usp_msg_inner(m, USP_MSG_GET_INSTANCES);
    return g ? pbm_push_str(&g->obj_paths, &g->n_obj_paths, obj_path) : -1;
}

size_t usp_getinst_path_count(const struct usp_msg *m)
{
    const Usp__GetInstances *g = usp_msg_inner(m, USP_MSG_GET_INSTANCES);
    return g ? g->n_obj_paths : 0;
}

const char *usp_getinst_path(const struct usp_msg *m, size_t i)
{
    const Usp__GetInstances *g = usp_msg_inner(m, USP_MSG_GET_INSTANCES);
    return g && i < g->n_obj_paths ? PBM_S(g->obj_paths[i]) : NULL;
}

int usp_getinst_first_level_only(const struct usp_msg *m)
{
    const Usp__GetInstances *g = usp_msg_inner(m, USP_MSG_GET_INSTANCES);
    return g ? g->first_level_only != 0 : 0;
}

/* ---- GetInstancesResp --------------------------------------------------- */

struct usp_msg *usp_getinstresp_new(const char *msg_id)
{
    void *r;
    return usp_msg_make(msg_id, USP_MSG_GET_INSTANCES_RESP, &r);
}

int usp_getinstresp_add_path_result(struct usp_msg *m, const char *requested_path,
                                    uint32_t err_code, const char *err_msg)
{
    Usp__GetInstancesResp *r = usp_msg_inner(m, USP_MSG_GET_INSTANCES_RESP);
    Usp__GetInstancesResp__RequestedPathResult *p;

    if (r == NULL ||
        (p = pbm_new(&usp__get_instances_resp__requested_path_result__descriptor)) == NULL)
        return -1;
    p->requested_path = pbm_strdup(requested_path);
    p->err_code = err_code;
    p->err_msg = pbm_strdup(err_msg);
    if (p->requested_path == NULL || p->err_msg == NULL ||
        pbm_push(&r->req_path_results, &r->n_req_path_results, p) != 0) {
        pbm_free(p);
        return -1;
    }
    return 0;
}

int usp_getinstresp_add_curr_inst(struct usp_msg *m, const char *instantiated_obj_path)
{
    Usp__GetInstancesResp *r = usp_msg_inner(m, USP_MSG_GET_INSTANCES_RESP);
    Usp__GetInstancesResp__RequestedPathResult *p;
    Usp__GetInstancesResp__CurrInstance *ci;

    if (r == NULL || (p = PBM_LAST(r->req_path_results, r->n_req_path_results)) == NULL ||
        (ci = pbm_new(&usp__get_instances_resp__curr_instance__descriptor)) == NULL)
        return -1;
    ci->instantiated_obj_path = pbm_strdup(instantiated_obj_path);
    if (ci->instantiated_obj_path == NULL || pbm_push(&p->curr_insts, &p->n_curr_insts, ci) != 0) {
        pbm_free(ci);
        return -1;
    }
    return 0;
}

int usp_getinstresp_add_unique_key(struct usp_msg *m, const char *name, const char *value)
{
    Usp__GetInstancesResp *r = usp_msg_inner(m, USP_MSG_GET_INSTANCES_RESP);
    Usp__GetInstancesResp__RequestedPathResult *p;
    Usp__GetInstancesResp__CurrInstance *ci;

    if (r == NULL || (p = PBM_LAST(r->req_path_results, r->n_req_path_results)) == NULL ||
        (ci = PBM_LAST(p->curr_insts, p->n_curr_insts)) == NULL)
        return -1;
    return pbm_map_add(&ci->unique_keys, &ci->n_unique_keys,
                       &usp__get_instances_resp__curr_instance__unique_keys_entry__descriptor, name,
                       value);
}

static const Usp__GetInstancesResp__RequestedPathResult *getinstresp_pr(const struct usp_msg *m,
                                                                        size_t i)
{
    const Usp__GetInstancesResp *r = usp_msg_inner(m, USP_MSG_GET_INSTANCES_RESP);
    return r && i < r->n_req_path_results ? r->req_path_results[i] : NULL;
}

static const Usp__GetInstancesResp__CurrInstance *getinstresp_ci(const struct usp_msg *m, size_t i,
                                                                 size_t j)
{
    const Usp__GetInstancesResp__RequestedPathResult *p = getinstresp_pr(m, i);
    return p && j < p->n_curr_insts ? p->curr_insts[j] : NULL;
}

size_t usp_getinstresp_path_result_count(const struct usp_msg *m)
{
    const Usp__GetInstancesResp *r = usp_msg_inner(m, USP_MSG_GET_INSTANCES_RESP);
    return r ? r->n_req_path_results : 0;
}

int usp_getinstresp_path_result(const struct usp_msg *m, size_t i, const char **requested_path,
                                uint32_t *err_code, const char **err_msg)
{
    const Usp__GetInstancesResp__RequestedPathResult *p = getinstresp_pr(m, i);

    PBM_OUT(requested_path, p ? PBM_S(p->requested_path) : "");
    PBM_OUT(err_code, p ? p->err_code : 0);
    PBM_OUT(err_msg, p ? PBM_S(p->err_msg) : "");
    return p ? 0 : -1;
}

size_t usp_getinstresp_curr_inst_count(const struct usp_msg *m, size_t i)
{
    const Usp__GetInstancesResp__RequestedPathResult *p = getinstresp_pr(m, i);
    return p ? p->n_curr_insts : 0;
}

const char *usp_getinstresp_curr_inst(const struct usp_msg *m, size_t i, size_t j)
{
    const Usp__GetInstancesResp__CurrInstance *ci = getinstresp_ci(m, i, j);
    return ci ? PBM_S(ci->instantiated_obj_path) : NULL;
}

size_t usp_getinstresp_unique_key_count(const struct usp_msg *m, size_t i, size_t j)
{
    const Usp__GetInstancesResp__CurrInstance *ci = getinstresp_ci(m, i, j);
    return ci ? ci->n_unique_keys : 0;
}

int usp_getinstresp_unique_key(const struct usp_msg *m, size_t i, size_t j, size_t k,
                               const char **name, const char **value)
{
    const Usp__GetInstancesResp__CurrInstance *ci = getinstresp_ci(m, i, j);
    return pbm_map_get(ci ? (void *const *)ci->unique_keys : NULL, ci ? ci->n_unique_keys : 0, k,
                       name, value);
}

/* ---- GetSupportedDM ----------------------------------------------------- */

struct usp_msg *usp_gsdm_new(const char *msg_id, const struct usp_gsdm_flags *flags)
{
    Usp__GetSupportedDM *g;
    struct usp_msg *m = usp_msg_make(msg_id, USP_MSG_GET_SUPPORTED_DM, (void **)&g);
    if (m && flags) {
        g->first_level_only = flags->first_level_only != 0;
        g->return_commands = flags->return_commands != 0;
        g->return_events = flags->return_events != 0;
        g->return_params = flags->return_params != 0;
        g->return_unique_key_sets = flags->return_unique_key_sets != 0;
    }
    return m;
}

int usp_gsdm_add_path(struct usp_msg *m, const char *obj_path)
{
    Usp__GetSupportedDM *g = usp_msg_inner(m, USP_MSG_GET_SUPPORTED_DM);
    return g ? pbm_push_str(&g->obj_paths, &g->n_obj_paths, obj_path) : -1;
}

size_t usp_gsdm_path_count(const struct usp_msg *m)
{
    const Usp__GetSupportedDM *g = usp_msg_inner(m, USP_MSG_GET_SUPPORTED_DM);
    return g ? g->n_obj_paths : 0;
}

const char *usp_gsdm_path(const struct usp_msg *m, size_t i)
{
    const Usp__GetSupportedDM *g = usp_msg_inner(m, USP_MSG_GET_SUPPORTED_DM);
    return g && i < g->n_obj_paths ? PBM_S(g->obj_paths[i]) : NULL;
}

void usp_gsdm_get_flags(const struct usp_msg *m, struct usp_gsdm_flags *out)
{
    const Usp__GetSupportedDM *g = usp_msg_inner(m, USP_MSG_GET_SUPPORTED_DM);

    out->first_level_only = g && g->first_level_only;
    out->return_commands = g && g->return_commands;
    out->return_events = g && g->return_events;
    out->return_params = g && g->return_params;
    out->return_unique_key_sets = g && g->return_unique_key_sets;
}

/* ---- GetSupportedDMResp ------------------------------------------------- */

typedef Usp__GetSupportedDMResp__RequestedObjectResult gsdm_ror;
typedef Usp__GetSupportedDMResp__SupportedObjectResult gsdm_sor;

struct usp_msg *usp_gsdmresp_new(const char *msg_id)
{
    void *r;
    return usp_msg_make(msg_id, USP_MSG_GET_SUPPORTED_DM_RESP, &r);
}

int usp_gsdmresp_add_req_obj_result(struct usp_msg *m, const char *req_obj_path, uint32_t err_code,
                                    const char *err_msg, const char *data_model_inst_uri)
{
    Usp__GetSupportedDMResp *r = usp_msg_inner(m, USP_MSG_GET_SUPPORTED_DM_RESP);
    gsdm_ror *o;

    if (r == NULL ||
        (o = pbm_new(&usp__get_supported_dmresp__requested_object_result__descriptor)) == NULL)
        return -1;
    o->req_obj_path = pbm_strdup(req_obj_path);
    o->err_code = err_code;
    o->err_msg = pbm_strdup(err_msg);
    o->data_model_inst_uri = pbm_strdup(data_model_inst_uri);
    if (o->req_obj_path == NULL || o->err_msg == NULL || o->data_model_inst_uri == NULL ||
        pbm_push(&r->req_obj_results, &r->n_req_obj_results, o) != 0) {
        pbm_free(o);
        return -1;
    }
    return 0;
}

static gsdm_ror *last_ror(struct usp_msg *m)
{
    Usp__GetSupportedDMResp *r = usp_msg_inner(m, USP_MSG_GET_SUPPORTED_DM_RESP);
    return r ? PBM_LAST(r->req_obj_results, r->n_req_obj_results) : NULL;
}

static gsdm_sor *last_sor(struct usp_msg *m)
{
    gsdm_ror *o = last_ror(m);
    return o ? PBM_LAST(o->supported_objs, o->n_supported_objs) : NULL;
}

int usp_gsdmresp_add_supported_obj(struct usp_msg *m, const char *supported_obj_path,
                                   enum usp_obj_access access, int is_multi_instance)
{
    gsdm_ror *o = last_ror(m);
    gsdm_sor *s;

    if (o == NULL ||
        (s = pbm_new(&usp__get_supported_dmresp__supported_object_result__descriptor)) == NULL)
        return -1;
    s->supported_obj_path = pbm_strdup(supported_obj_path);
    s->access = (Usp__GetSupportedDMResp__ObjAccessType)access;
    s->is_multi_instance = is_multi_instance != 0;
    if (s->supported_obj_path == NULL || pbm_push(&o->supported_objs, &o->n_supported_objs, s)) {
        pbm_free(s);
        return -1;
    }
    return 0;
}

int usp_gsdmresp_add_param(struct usp_msg *m, const char *param_name, enum usp_param_access access,
                           enum usp_value_type value_type, enum usp_value_change value_change)
{
    gsdm_sor *s = last_sor(m);
    Usp__GetSupportedDMResp__SupportedParamResult *p;

    if (s == NULL ||
        (p = pbm_new(&usp__get_supported_dmresp__supported_param_result__descriptor)) == NULL)
        return -1;
    p->param_name = pbm_strdup(param_name);
    p->access = (Usp__GetSupportedDMResp__ParamAccessType)access;
    p->value_type = (Usp__GetSupportedDMResp__ParamValueType)value_type;
    p->value_change = (Usp__GetSupportedDMResp__ValueChangeType)value_change;
    if (p->param_name == NULL || pbm_push(&s->supported_params, &s->n_supported_params, p)) {
        pbm_free(p);
        return -1;
    }
    return 0;
}

int usp_gsdmresp_add_command(struct usp_msg *m, const char *command_name, enum usp_cmd_type type)
{
    gsdm_sor *s = last_sor(m);
    Usp__GetSupportedDMResp__SupportedCommandResult *c;

    if (s == NULL ||
        (c = pbm_new(&usp__get_supported_dmresp__supported_command_result__descriptor)) == NULL)
        return -1;
    c->command_name = pbm_strdup(command_name);
    c->command_type = (Usp__GetSupportedDMResp__CmdType)type;
    if (c->command_name == NULL || pbm_push(&s->supported_commands, &s->n_supported_commands, c)) {
        pbm_free(c);
        return -1;
    }
    return 0;
}

static Usp__GetSupportedDMResp__SupportedCommandResult *last_command(struct usp_msg *m)
{
    gsdm_sor *s = last_sor(m);
    return s ? PBM_LAST(s->supported_commands, s->n_supported_commands) : NULL;
}

int usp_gsdmresp_add_command_input_arg(struct usp_msg *m, const char *arg_name)
{
    Usp__GetSupportedDMResp__SupportedCommandResult *c = last_command(m);
    return c ? pbm_push_str(&c->input_arg_names, &c->n_input_arg_names, arg_name) : -1;
}

int usp_gsdmresp_add_command_output_arg(struct usp_msg *m, const char *arg_name)
{
    Usp__GetSupportedDMResp__SupportedCommandResult *c = last_command(m);
    return c ? pbm_push_str(&c->output_arg_names, &c->n_output_arg_names, arg_name) : -1;
}

int usp_gsdmresp_add_event(struct usp_msg *m, const char *event_name)
{
    gsdm_sor *s = last_sor(m);
    Usp__GetSupportedDMResp__SupportedEventResult *e;

    if (s == NULL ||
        (e = pbm_new(&usp__get_supported_dmresp__supported_event_result__descriptor)) == NULL)
        return -1;
    e->event_name = pbm_strdup(event_name);
    if (e->event_name == NULL || pbm_push(&s->supported_events, &s->n_supported_events, e)) {
        pbm_free(e);
        return -1;
    }
    return 0;
}

int usp_gsdmresp_add_event_arg(struct usp_msg *m, const char *arg_name)
{
    gsdm_sor *s = last_sor(m);
    Usp__GetSupportedDMResp__SupportedEventResult *e;

    if (s == NULL || (e = PBM_LAST(s->supported_events, s->n_supported_events)) == NULL)
        return -1;
    return pbm_push_str(&e->arg_names, &e->n_arg_names, arg_name);
}

int usp_gsdmresp_add_divergent_path(struct usp_msg *m, const char *path)
{
    gsdm_sor *s = last_sor(m);
    return s ? pbm_push_str(&s->divergent_paths, &s->n_divergent_paths, path) : -1;
}

int usp_gsdmresp_add_unique_key_set(struct usp_msg *m)
{
    gsdm_sor *s = last_sor(m);
    Usp__GetSupportedDMResp__SupportedUniqueKeySet *k;

    if (s == NULL ||
        (k = pbm_new(&usp__get_supported_dmresp__supported_unique_key_set__descriptor)) == NULL)
        return -1;
    if (pbm_push(&s->unique_key_sets, &s->n_unique_key_sets, k) != 0) {
        free(k);
        return -1;
    }
    return 0;
}

int usp_gsdmresp_add_unique_key(struct usp_msg *m, const char *key_name)
{
    gsdm_sor *s = last_sor(m);
    Usp__GetSupportedDMResp__SupportedUniqueKeySet *k;

    if (s == NULL || (k = PBM_LAST(s->unique_key_sets, s->n_unique_key_sets)) == NULL)
        return -1;
    return pbm_push_str(&k->key_names, &k->n_key_names, key_name);
}

/* ---- GetSupportedDMResp accessors --------------------------------------- */

typedef Usp__GetSupportedDMResp__SupportedCommandResult gsdm_cmd;
typedef Usp__GetSupportedDMResp__SupportedEventResult gsdm_event;
typedef Usp__GetSupportedDMResp__SupportedUniqueKeySet gsdm_keyset;

static const gsdm_ror *gsdm_ror_at(const struct usp_msg *m, size_t i)
{
    const Usp__GetSupportedDMResp *r = usp_msg_inner(m, USP_MSG_GET_SUPPORTED_DM_RESP);
    return r && i < r->n_req_obj_results ? r->req_obj_results[i] : NULL;
}

static const gsdm_sor *gsdm_sor_at(const struct usp_msg *m, size_t i, size_t j)
{
    const gsdm_ror *o = gsdm_ror_at(m, i);
    return o && j < o->n_supported_objs ? o->supported_objs[j] : NULL;
}

static const gsdm_cmd *gsdm_cmd_at(const struct usp_msg *m, size_t i, size_t j, size_t k)
{
    const gsdm_sor *s = gsdm_sor_at(m, i, j);
    return s && k < s->n_supported_commands ? s->supported_commands[k] : NULL;
}

static const gsdm_event *gsdm_event_at(const struct usp_msg *m, size_t i, size_t j, size_t k)
{
    const gsdm_sor *s = gsdm_sor_at(m, i, j);
    return s && k < s->n_supported_events ? s->supported_events[k] : NULL;
}

static const gsdm_keyset *gsdm_keyset_at(const struct usp_msg *m, size_t i, size_t j, size_t k)
{
    const gsdm_sor *s = gsdm_sor_at(m, i, j);
    return s && k < s->n_unique_key_sets ? s->unique_key_sets[k] : NULL;
}

size_t usp_gsdmresp_req_obj_result_count(const struct usp_msg *m)
{
    const Usp__GetSupportedDMResp *r = usp_msg_inner(m, USP_MSG_GET_SUPPORTED_DM_RESP);
    return r ? r->n_req_obj_results : 0;
}

int usp_gsdmresp_req_obj_result(const struct usp_msg *m, size_t i, const char **req_obj_path,
                                uint32_t *err_code, const char **err_msg,
                                const char **data_model_inst_uri)
{
    const gsdm_ror *o = gsdm_ror_at(m, i);

    PBM_OUT(req_obj_path, o ? PBM_S(o->req_obj_path) : "");
    PBM_OUT(err_code, o ? o->err_code : 0);
    PBM_OUT(err_msg, o ? PBM_S(o->err_msg) : "");
    PBM_OUT(data_model_inst_uri, o ? PBM_S(o->data_model_inst_uri) : "");
    return o ? 0 : -1;
}

size_t usp_gsdmresp_supported_obj_count(const struct usp_msg *m, size_t i)
{
    const gsdm_ror *o = gsdm_ror_at(m, i);
    return o ? o->n_supported_objs : 0;
}

int usp_gsdmresp_supported_obj(const struct usp_msg *m, size_t i, size_t j,
                               const char **supported_obj_path, enum usp_obj_access *access,
                               int *is_multi_instance)
{
    const gsdm_sor *s = gsdm_sor_at(m, i, j);

    PBM_OUT(supported_obj_path, s ? PBM_S(s->supported_obj_path) : "");
    PBM_OUT(access, s ? (enum usp_obj_access)s->access : USP_OBJ_READ_ONLY);
    PBM_OUT(is_multi_instance, s ? s->is_multi_instance != 0 : 0);
    return s ? 0 : -1;
}

size_t usp_gsdmresp_param_count(const struct usp_msg *m, size_t i, size_t j)
{
    const gsdm_sor *s = gsdm_sor_at(m, i, j);
    return s ? s->n_supported_params : 0;
}

int usp_gsdmresp_param(const struct usp_msg *m, size_t i, size_t j, size_t k,
                       const char **param_name, enum usp_param_access *access,
                       enum usp_value_type *value_type, enum usp_value_change *value_change)
{
    const gsdm_sor *s = gsdm_sor_at(m, i, j);
    const Usp__GetSupportedDMResp__SupportedParamResult *p =
        s && k < s->n_supported_params ? s->supported_params[k] : NULL;

    PBM_OUT(param_name, p ? PBM_S(p->param_name) : "");
    PBM_OUT(access, p ? (enum usp_param_access)p->access : USP_PARAM_READ_ONLY);
    PBM_OUT(value_type, p ? (enum usp_value_type)p->value_type : USP_VT_UNKNOWN);
    PBM_OUT(value_change, p ? (enum usp_value_change)p->value_change : USP_VC_UNKNOWN);
    return p ? 0 : -1;
}

size_t usp_gsdmresp_command_count(const struct usp_msg *m, size_t i, size_t j)
{
    const gsdm_sor *s = gsdm_sor_at(m, i, j);
    return s ? s->n_supported_commands : 0;
}

int usp_gsdmresp_command(const struct usp_msg *m, size_t i, size_t j, size_t k,
                         const char **command_name, enum usp_cmd_type *type)
{
    const gsdm_cmd *c = gsdm_cmd_at(m, i, j, k);

    PBM_OUT(command_name, c ? PBM_S(c->command_name) : "");
    PBM_OUT(type, c ? (enum usp_cmd_type)c->command_type : USP_CMD_UNKNOWN);
    return c ? 0 : -1;
}

size_t usp_gsdmresp_command_input_arg_count(const struct usp_msg *m, size_t i, size_t j, size_t k)
{
    const gsdm_cmd *c = gsdm_cmd_at(m, i, j, k);
    return c ? c->n_input_arg_names : 0;
}

const char *usp_gsdmresp_command_input_arg(const struct usp_msg *m, size_t i, size_t j, size_t k,
                                           size_t l)
{
    const gsdm_cmd *c = gsdm_cmd_at(m, i, j, k);
    return c ? pbm_str_at(c->input_arg_names, c->n_input_arg_names, l) : NULL;
}

size_t usp_gsdmresp_command_output_arg_count(const struct usp_msg *m, size_t i, size_t j, size_t k)
{
    const gsdm_cmd *c = gsdm_cmd_at(m, i, j, k);
    return c ? c->n_output_arg_names : 0;
}

const char *usp_gsdmresp_command_output_arg(const struct usp_msg *m, size_t i, size_t j, size_t k,
                                            size_t l)
{
    const gsdm_cmd *c = gsdm_cmd_at(m, i, j, k);
    return c ? pbm_str_at(c->output_arg_names, c->n_output_arg_names, l) : NULL;
}

size_t usp_gsdmresp_event_count(const struct usp_msg *m, size_t i, size_t j)
{
    const gsdm_sor *s = gsdm_sor_at(m, i, j);
    return s ? s->n_supported_events : 0;
}

const char *usp_gsdmresp_event(const struct usp_msg *m, size_t i, size_t j, size_t k)
{
    const gsdm_event *e = gsdm_event_at(m, i, j, k);
    return e ? PBM_S(e->event_name) : NULL;
}

size_t usp_gsdmresp_event_arg_count(const struct usp_msg *m, size_t i, size_t j, size_t k)
{
    const gsdm_event *e = gsdm_event_at(m, i, j, k);
    return e ? e->n_arg_names : 0;
}

const char *usp_gsdmresp_event_arg(const struct usp_msg *m, size_t i, size_t j, size_t k, size_t l)
{
    const gsdm_event *e = gsdm_event_at(m, i, j, k);
    return e ? pbm_str_at(e->arg_names, e->n_arg_names, l) : NULL;
}

size_t usp_gsdmresp_divergent_path_count(const struct usp_msg *m, size_t i, size_t j)
{
    const gsdm_sor *s = gsdm_sor_at(m, i, j);
    return s ? s->n_divergent_paths : 0;
}

const char *usp_gsdmresp_divergent_path(const struct usp_msg *m, size_t i, size_t j, size_t k)
{
    const gsdm_sor *s = gsdm_sor_at(m, i, j);
    return s ? pbm_str_at(s->divergent_paths, s->n_divergent_paths, k) : NULL;
}

size_t usp_gsdmresp_unique_key_set_count(const struct usp_msg *m, size_t i, size_t j)
{
    const gsdm_sor *s = gsdm_sor_at(m, i, j);
    return s ? s->n_unique_key_sets : 0;
}

size_t usp_gsdmresp_unique_key_count(const struct usp_msg *m, size_t i, size_t j, size_t k)
{
    const gsdm_keyset *u = gsdm_keyset_at(m, i, j, k);
    return u ? u->n_key_names : 0;
}

const char *usp_gsdmresp_unique_key(const struct usp_msg *m, size_t i, size_t j, size_t k, size_t l)
{
    const gsdm_keyset *u = gsdm_keyset_at(m, i, j, k);
    return u ? pbm_str_at(u->key_names, u->n_key_names, l) : NULL;
}
