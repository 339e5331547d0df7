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
