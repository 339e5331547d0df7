/*
 * handle_add.c - USP Add for a proxied agent (TR-369 "Add") over CWMP
 * AddObject (TR-069 A.3.2.6) and SetParameterValues (A.3.2.1).
 *
 * The plan: (1) when an obj_path has wildcards or searches, the paths are
 * fetched (fetch.c, or the cache when fresh) and resolved: one object to
 * create per matched table; (2) per object, in order: AddObject on the
 * table; GetParameterValues of the new instance (the types of the
 * settings, which parameters exist, the Alias); SetParameterValues of the
 * param_settings. A failing non-required setting is dropped (param_errs
 * of the created object) and the batch sent again; a failing required
 * one (or a setting the instance does not have) fails the object, and the
 * new instance is deleted again with DeleteObject. With allow_partial
 * false the first failure stops the plan, every instance created so far
 * is deleted again, and the controller gets a USP Error with param_errs;
 * with allow_partial true each object has its own result.
 *
 * unique_keys: CWMP has no way to ask which parameters are a table's
 * unique keys, so the AddResp reports the instance's Alias (the key
 * TR-181 tables share) when the CPE has one. Faults map through
 * MAP_CTX_ADD. Objects under Device.LocalAgent. (synthesized by the
 * proxy) are not creatable (7019) and never reach the CPE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proxy/log.h"
#include "proxy/notify.h"
#include "proxy/params.h"
#include "proxy/px.h"

enum add_step { STEP_ADD, STEP_GPV, STEP_SPV, STEP_UNDO, STEP_DONE };

struct add_setting {
    const char *param, *value; /* point into the request */
    int required;
    char *full;
    int type;
    uint32_t err;
    char *err_msg;
    int applied;
};

struct add_obj {
    size_t req;  /* index of the create_obj */
    char *table; /* "Device.NAT.PortMapping." */
    char *path;  /* the new instance, once created */
    struct add_setting *s;
    size_t n;
    enum add_step step;
    int created, deleted;
    int undo_sent; /* allow_partial false: DeleteObject sent */
    uint32_t err;
    char *err_msg;
    char *alias; /* the instance's Alias, when it has one */
};

struct add_state {
    struct px_fetch f;
    int need_fetch;
    int planned;
    int all;           /* allow_partial false */
    uint32_t *req_err; /* per create_obj: failed before any AddObject */
    char **req_msg;
    size_t n_req;
    struct add_obj *o;
    size_t n_o;
    size_t cur;
    int aborted;        /* allow_partial false and something failed */
    size_t undo;        /* aborted: next object to delete again */
    enum add_step sent; /* what in_flight is */
    int in_flight;
};

static const char *add_path_at(const void *req, size_t i)
{
    return usp_msg_obj_path(req, i);
}

static char *cat2(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *r = malloc(la + lb + 1);
    if (r) {
        memcpy(r, a, la);
        memcpy(r + la, b, lb + 1);
    }
    return r;
}

static void fail_obj(struct add_state *st, struct add_obj *o, uint32_t code, const char *msg)
{
    if (!o->err) {
        o->err = code;
        free(o->err_msg);
        o->err_msg = strdup(msg);
    }
    o->step = o->created ? STEP_UNDO : STEP_DONE;
    if (st->all)
        st->aborted = 1;
}

/* ---------------------------------------------------------------------
 * Planning.
 * ------------------------------------------------------------------- */

static int new_obj(struct add_state *st, const struct usp_msg *req, size_t i, const char *table)
{
    struct add_obj *p = realloc(st->o, (st->n_o + 1) * sizeof *p), *o;
    size_t j, n = usp_msg_param_count(req, i);

    if (!p)
        return -1;
    st->o = p;
    o = &p[st->n_o++];
    memset(o, 0, sizeof *o);
    o->req = i;
    o->table = strdup(table);
    o->s = calloc(n ? n : 1, sizeof *o->s);
    if (!o->table || !o->s)
        return -1;
    o->n = n;
    for (j = 0; j < n; j++) {
        struct usp_param_setting ps;
        if (usp_msg_param(req, i, j, &ps) != 0)
            return -1;
        o->s[j].param = ps.param;
        o->s[j].value = ps.value;
        o->s[j].required = ps.required;
    }
    return 0;
}

/* The tables create_obj i names; fills req_err on failure. */
static int plan_one(struct add_state *st, const struct usp_msg *req, size_t i)
{
    const char *path = usp_msg_obj_path(req, i);
    struct usp_path_list list = {0};
    struct usp_path *p = NULL;
    char name[MAP_NAME_MAX], why[400];
    int rc, j, concrete = 0;
    size_t k, l = strlen(path);

    rc = map_get_fetch_name(path, name, sizeof name, why, sizeof why);
    if (!rc && px_synth_owns(name)) {
        /* mixed with CPE paths: Device.LocalAgent. is not created here */
        rc = USP_ERR_OBJECT_NOT_CREATABLE;
        snprintf(why, sizeof why, "%.300s is maintained by the proxy and not creatable", path);
    }
    if (!rc && (!l || path[l - 1] != '.')) {
        rc = USP_ERR_INVALID_PATH;
        snprintf(why, sizeof why, "%.300s is not an object path", path);
    }
    if (!rc && usp_path_parse(path, &p, NULL) == 0) {
        concrete = usp_path_is_concrete(p);
        usp_path_free(p);
    }
    if (!rc && concrete) {
        if (map_path_is_instance(path)) {
            rc = USP_ERR_NOT_A_TABLE;
            snprintf(why, sizeof why, "%.300s is an object instance, not a table", path);
        } else {
            return new_obj(st, req, i, path);
        }
    }
    if (!rc && (j = px_fetch_index(&st->f, name)) >= 0 && st->f.fault[j]) {
        px_fetch_fault_text(&st->f, (size_t)j, why, sizeof why);
        rc = st->f.fault[j] == CWMP_FAULT_INVALID_PARAMETER_NAME
                 ? USP_ERR_OBJECT_DOES_NOT_EXIST
                 : map_fault_to_usp(st->f.fault[j], MAP_CTX_ADD);
    }
    if (!rc)
        rc = map_resolve(path, &st->f.vals, &list, why, sizeof why);
    if (!rc && list.n == 0) {
        rc = USP_ERR_OBJECT_DOES_NOT_EXIST;
        snprintf(why, sizeof why, "%.300s matches no table on the device", path);
    }
    for (k = 0; !rc && k < list.n; k++) {
        size_t m = strlen(list.paths[k]);
        if (!m || list.paths[k][m - 1] != '.')
            continue;
        if (new_obj(st, req, i, list.paths[k]) != 0) {
            usp_path_list_free(&list);
            return -1;
        }
    }
    usp_path_list_free(&list);
    if (rc) {
        st->req_err[i] = (uint32_t)rc;
        st->req_msg[i] = strdup(why);
        if (!st->req_msg[i])
            return -1;
        if (st->all)
            st->aborted = 1;
    }
    return 0;
}

static int plan(struct add_state *st, const struct usp_msg *req)
{
    size_t i;
    st->planned = 1;
    map_values_sort(&st->f.vals);
    for (i = 0; i < st->n_req; i++)
        if (plan_one(st, req, i) != 0)
            return -1;
    return 0;
}

/* ---------------------------------------------------------------------
 * RPCs.
 * ------------------------------------------------------------------- */

static struct cwmp_msg *object_rpc(enum cwmp_msg_type t, const char *name, const char *msg_id)
{
    struct cwmp_msg *m = cwmp_msg_new(t);
    struct cwmp_object *ob;
    if (!m)
        return NULL;
    ob = t == CWMP_MSG_ADD_OBJECT ? &m->body.add_object : &m->body.delete_object;
    ob->object_name = name;
    /* TR-069 A.3.2.6/7: ParameterKey string(32): the USP msg_id, cut */
    ob->parameter_key = cwmp_msg_strndup(m, msg_id, strnlen(msg_id, 32));
    if (!ob->parameter_key) {
        cwmp_msg_free(m);
        return NULL;
    }
    return m;
}

static struct cwmp_msg *gpv_rpc(const char *name)
{
    struct cwmp_msg *m = cwmp_msg_new(CWMP_MSG_GET_PARAMETER_VALUES);
    if (!m)
        return NULL;
    m->body.gpv.names = cwmp_msg_alloc(m, sizeof(char *));
    if (!m->body.gpv.names) {
        cwmp_msg_free(m);
        return NULL;
    }
    m->body.gpv.names[0] = name;
    m->body.gpv.n_names = 1;
    return m;
}

static int pending(const struct add_setting *s)
{
    return !s->err && !s->applied;
}

static struct cwmp_msg *spv_rpc(struct add_obj *o, const char *msg_id)
{
    struct cwmp_msg *m;
    size_t j, n = 0, k = 0;

    for (j = 0; j < o->n; j++)
        n += pending(&o->s[j]);
    if (n == 0)
        return NULL;
    m = cwmp_msg_new(CWMP_MSG_SET_PARAMETER_VALUES);
    if (!m)
        return NULL;
    m->body.spv.params = cwmp_msg_alloc(m, n * sizeof *m->body.spv.params);
    m->body.spv.parameter_key = cwmp_msg_strndup(m, msg_id, strnlen(msg_id, 32));
    if (!m->body.spv.params || !m->body.spv.parameter_key) {
        cwmp_msg_free(m);
        return NULL;
    }
    for (j = 0; j < o->n; j++) {
        if (!pending(&o->s[j]))
            continue;
        m->body.spv.params[k].name = o->s[j].full;
        m->body.spv.params[k].value = o->s[j].value;
        m->body.spv.params[k].type = (enum cwmp_type)o->s[j].type;
        k++;
    }
    m->body.spv.n_params = k;
    return m;
}

/* allow_partial false and something failed: delete what was created. */
static struct cwmp_msg *undo_next(struct add_state *st, const char *msg_id)
{
    while (st->undo < st->n_o) {
        struct add_obj *o = &st->o[st->undo];
        if (o->created && !o->deleted && !o->undo_sent) {
            o->undo_sent = 1;
            st->sent = STEP_UNDO;
            st->in_flight = 1;
            return object_rpc(CWMP_MSG_DELETE_OBJECT, o->path, msg_id);
        }
        st->undo++;
    }
    return NULL;
}

static struct cwmp_msg *add_next_rpc(struct px_work *w)
{
    struct add_state *st = w->state;
    const char *msg_id = usp_msg_id(w->req);
    struct cwmp_msg *m;

    if (!st->planned) {
        if (st->need_fetch && (m = px_fetch_next_rpc(&st->f, w)) != NULL)
            return m;
        if (plan(st, w->req) != 0) {
            st->aborted = 1;
            return NULL;
        }
    }
    while (!st->aborted && st->cur < st->n_o) {
        struct add_obj *o = &st->o[st->cur];
        st->sent = o->step;
        switch (o->step) {
        case STEP_ADD:
            st->in_flight = 1;
            return object_rpc(CWMP_MSG_ADD_OBJECT, o->table, msg_id);
        case STEP_GPV:
            st->in_flight = 1;
            return gpv_rpc(o->path);
        case STEP_SPV:
            m = spv_rpc(o, msg_id);
            if (m) {
                st->in_flight = 1;
                return m;
            }
            o->step = STEP_DONE;
            break;
        case STEP_UNDO:
            st->in_flight = 1;
            return object_rpc(CWMP_MSG_DELETE_OBJECT, o->path, msg_id);
        default:
            st->cur++;
            break;
        }
    }
    if (st->aborted)
        return undo_next(st, msg_id);
    return NULL;
}

/* ---------------------------------------------------------------------
 * Responses.
 * ------------------------------------------------------------------- */

static void fault_text(const struct cwmp_msg *resp, const char *rpc, const char *name, char *buf,
                       size_t len, int *code)
{
    *code = resp->type == CWMP_MSG_FAULT ? resp->body.fault.code : CWMP_FAULT_INTERNAL_ERROR;
    snprintf(buf, len, "the CPE answered %s %s with CWMP fault %d (%s)", rpc, name, *code,
             resp->type == CWMP_MSG_FAULT && resp->body.fault.string ? resp->body.fault.string
                                                                     : "unexpected answer");
}

static void on_added(struct px_work *w, struct add_state *st, struct add_obj *o,
                     const struct cwmp_msg *resp)
{
    char text[500], num[16];
    int code;
    size_t j;

    if (resp->type != CWMP_MSG_ADD_OBJECT_RESPONSE) {
        fault_text(resp, "AddObject", o->table, text, sizeof text, &code);
        fail_obj(st, o, (uint32_t)map_fault_to_usp(code, MAP_CTX_ADD), text);
        return;
    }
    snprintf(num, sizeof num, "%u.", (unsigned)resp->body.add_object_resp.instance_number);
    o->path = cat2(o->table, num);
    o->created = 1;
    for (j = 0; o->path && j < o->n; j++)
        if (!(o->s[j].full = cat2(o->path, o->s[j].param)))
            break;
    if (!o->path || j < o->n) {
        fail_obj(st, o, USP_ERR_RESOURCES_EXCEEDED, "out of memory");
        return;
    }
    px_info("%s: created %s", w->dev_key, o->path);
    /* the table has a new instance: cached completeness is gone */
    px_cache_stale(w->d, w->dev_key, o->path);
    o->step = STEP_GPV;
}

/* The new instance's values: types of the settings, which exist, Alias. */
static void on_values(struct px_work *w, struct add_state *st, struct add_obj *o,
                      const struct cwmp_msg *resp)
{
    const struct cwmp_param_values *pv = &resp->body.gpv_resp;
    int64_t now = (int64_t)time(NULL);
    char text[500];
    size_t i, j;

    o->step = STEP_SPV;
    if (resp->type != CWMP_MSG_GET_PARAMETER_VALUES_RESPONSE)
        return; /* go on without types: the CPE judges the values */
    for (i = 0; i < pv->n_params; i++) {
        const struct cwmp_param_value *v = &pv->params[i];
        struct px_param p = {v->name, v->type, v->value ? v->value : "", 0, now};
        if (!v->name)
            continue;
        p.value_len = strlen(p.value);
        px_params_put(w->d->store, w->dev_key, &p);
        if (strncmp(v->name, o->path, strlen(o->path)) == 0 &&
            strcmp(v->name + strlen(o->path), "Alias") == 0 && !o->alias)
            o->alias = strdup(p.value);
    }
    for (j = 0; j < o->n; j++) {
        struct add_setting *s = &o->s[j];
        int found = 0;
        for (i = 0; i < pv->n_params && !found; i++)
            if (pv->params[i].name && strcmp(pv->params[i].name, s->full) == 0) {
                found = 1;
                s->type = (int)pv->params[i].type;
            }
        if (found)
            continue;
        snprintf(text, sizeof text, "%s is not a parameter of %s", s->param, o->path);
        s->err = USP_ERR_UNSUPPORTED_PARAM;
        s->err_msg = strdup(text);
        if (s->required) {
            snprintf(text, sizeof text, "required parameter %s of %s failed", s->param, o->path);
            fail_obj(st, o, USP_ERR_REQUIRED_PARAM_FAILED, text);
        }
    }
}

static struct add_setting *find_setting(struct add_obj *o, const char *name)
{
    size_t j;
    for (j = 0; name && j < o->n; j++)
        if (pending(&o->s[j]) && strcmp(o->s[j].full, name) == 0)
            return &o->s[j];
    return NULL;
}

static void on_set(struct px_work *w, struct add_state *st, struct add_obj *o,
                   const struct cwmp_msg *resp)
{
    const struct cwmp_fault *f = &resp->body.fault;
    int64_t now = (int64_t)time(NULL);
    size_t i, matched = 0;
    char text[500];
    int code;

    if (resp->type == CWMP_MSG_SET_PARAMETER_VALUES_RESPONSE) {
        for (i = 0; i < o->n; i++) {
            struct add_setting *s = &o->s[i];
            struct px_param p;
            if (!pending(s))
                continue;
            s->applied = 1;
            p.path = s->full;
            p.type = (enum cwmp_type)s->type;
            p.value = s->value;
            p.value_len = strlen(s->value);
            p.updated = now;
            px_params_put(w->d->store, w->dev_key, &p);
            if (strcmp(s->param, "Alias") == 0) {
                free(o->alias);
                o->alias = strdup(s->value);
            }
        }
        o->step = STEP_DONE;
        return;
    }
    for (i = 0; resp->type == CWMP_MSG_FAULT && i < f->n_spv_faults; i++) {
        struct add_setting *s = find_setting(o, f->spv_faults[i].parameter_name);
        if (!s)
            continue;
        matched++;
        s->err = (uint32_t)map_fault_to_usp(f->spv_faults[i].code, MAP_CTX_ADD);
        snprintf(text, sizeof text, "the CPE answered CWMP fault %d (%s)", f->spv_faults[i].code,
                 f->spv_faults[i].string ? f->spv_faults[i].string : "");
        free(s->err_msg);
        s->err_msg = strdup(text);
        if (s->required) {
            snprintf(text, sizeof text, "required parameter %s failed", s->full);
            fail_obj(st, o, USP_ERR_REQUIRED_PARAM_FAILED, text);
        }
    }
    if (matched == 0) {
        fault_text(resp, "SetParameterValues on", o->path, text, sizeof text, &code);
        fail_obj(st, o, (uint32_t)map_fault_to_usp(code, MAP_CTX_ADD), text);
    }
    /* else: the same SetParameterValues again without the failed ones */
}

static void on_undone(struct px_work *w, struct add_obj *o, const struct cwmp_msg *resp)
{
    if (resp->type == CWMP_MSG_DELETE_OBJECT_RESPONSE) {
        o->deleted = 1;
        px_info("%s: deleted %s again", w->dev_key, o->path);
        px_params_delete_prefix(w->d->store, w->dev_key, o->path, NULL);
    } else {
        px_warn("%s: %s could not be deleted again (CWMP fault %d)", w->dev_key, o->path,
                resp->type == CWMP_MSG_FAULT ? resp->body.fault.code : 0);
    }
}

static void add_on_response(struct px_work *w, const struct cwmp_msg *resp)
{
    struct add_state *st = w->state;
    struct add_obj *o;

    if (!st->planned) {
        px_fetch_on_response(&st->f, w, resp);
        return;
    }
    if (!st->in_flight)
        return;
    st->in_flight = 0;
    if (st->sent == STEP_UNDO && st->aborted) {
        if (st->undo < st->n_o)
            on_undone(w, &st->o[st->undo++], resp);
        return;
    }
    if (st->cur >= st->n_o)
        return;
    o = &st->o[st->cur];
    switch (st->sent) {
    case STEP_ADD:
        on_added(w, st, o, resp);
        break;
    case STEP_GPV:
        on_values(w, st, o, resp);
        break;
    case STEP_SPV:
        on_set(w, st, o, resp);
        break;
    case STEP_UNDO:
        on_undone(w, o, resp);
        o->step = STEP_DONE;
        break;
    default:
        break;
    }
}

/* ---------------------------------------------------------------------
 * The answer.
 * ------------------------------------------------------------------- */

static void add_free(struct px_work *w)
{
    struct add_state *st = w->state;
    size_t i, j;
    if (!st)
        return;
    px_fetch_clear(&st->f);
    for (i = 0; i < st->n_req; i++)
        free(st->req_msg[i]);
    free(st->req_msg);
    free(st->req_err);
    for (i = 0; i < st->n_o; i++) {
        for (j = 0; st->o[i].s && j < st->o[i].n; j++) {
            free(st->o[i].s[j].full);
            free(st->o[i].s[j].err_msg);
        }
        free(st->o[i].s);
        free(st->o[i].table);
        free(st->o[i].path);
        free(st->o[i].err_msg);
        free(st->o[i].alias);
    }
    free(st->o);
    free(st);
    w->state = NULL;
}

static int add_start(struct px_work *w)
{
    struct add_state *st = calloc(1, sizeof *st);
    size_t i, n = usp_msg_obj_count(w->req);

    if (!st)
        return -1;
    w->state = st;
    st->n_req = n;
    st->all = !usp_msg_allow_partial(w->req);
    st->req_err = calloc(n ? n : 1, sizeof *st->req_err);
    st->req_msg = calloc(n ? n : 1, sizeof *st->req_msg);
    if (!st->req_err || !st->req_msg || px_fetch_init(&st->f, n, add_path_at, w->req) != 0) {
        add_free(w);
        return -1;
    }
    /* only wildcards and searches need the fetch */
    for (i = 0; i < n; i++) {
        struct usp_path *p = NULL;
        if (usp_path_parse(usp_msg_obj_path(w->req, i), &p, NULL) == 0) {
            if (!usp_path_is_concrete(p))
                st->need_fetch = 1;
            usp_path_free(p);
        }
    }
    if (st->need_fetch && px_fetch_cache_fresh(w->d, w->dev_key, &st->f)) {
        px_fetch_from_cache(w->d, w->dev_key, &st->f);
        st->need_fetch = 0;
    }
    return 0;
}

static struct usp_msg *add_finish(struct px_work *w)
{
    struct add_state *st = w->state;
    struct map_add_outcome *out;
    struct map_param_err *pe;
    const char **kn, **kv;
    struct usp_msg *m = NULL;
    size_t i, j, n = 0, np = 0, tp = 0;

    if (!st->planned && plan(st, w->req) != 0)
        return NULL;
    for (i = 0; i < st->n_o; i++)
        tp += st->o[i].n;
    out = calloc(st->n_req + st->n_o + 1, sizeof *out);
    pe = calloc(tp + 1, sizeof *pe);
    kn = calloc(st->n_o + 1, sizeof *kn);
    kv = calloc(st->n_o + 1, sizeof *kv);
    if (!out || !pe || !kn || !kv)
        goto done;
    /* request order: each create_obj's failure or its objects */
    for (i = 0; i < st->n_req; i++) {
        if (st->req_err[i]) {
            out[n].requested_path = usp_msg_obj_path(w->req, i);
            out[n].err = st->req_err[i];
            out[n].err_msg = st->req_msg[i];
            n++;
            continue;
        }
        for (j = 0; j < st->n_o; j++) {
            struct add_obj *o = &st->o[j];
            struct map_add_outcome *r = &out[n];
            size_t k;
            if (o->req != i)
                continue;
            r->requested_path = usp_msg_obj_path(w->req, i);
            r->err = o->err;
            r->err_msg = o->err_msg;
            /* with allow_partial false, objects that did not fail
             * themselves were undone with the rest: only the failures
             * go into the Error (map_add_response) */
            if (!o->err && !o->created && !st->aborted) {
                r->err = USP_ERR_OBJECT_NOT_CREATED;
                r->err_msg = "the object was not created";
            }
            r->instantiated_path = o->path;
            r->params = &pe[np];
            for (k = 0; k < o->n; k++) {
                pe[np].path = o->s[k].param;
                pe[np].err = o->s[k].err;
                pe[np].err_msg = o->s[k].err_msg;
                np++;
            }
            r->n_params = o->n;
            if (!r->err && o->alias) {
                kn[j] = "Alias";
                kv[j] = o->alias;
                r->key_names = &kn[j];
                r->key_values = &kv[j];
                r->n_keys = 1;
            }
            if (o->created && !o->deleted && w->agent[0]) /* TR-369 ObjectCreation */
                px_notify_obj_creation(w->d, w->dev_key, w->agent, o->path, r->key_names,
                                       r->key_values, r->n_keys);
            n++;
        }
    }
    if (map_add_response(usp_msg_id(w->req), !st->all, out, n, &m))
        m = NULL;
done:
    free(out);
    free(pe);
    free(kn);
    free(kv);
    return m;
}

const struct px_plan_ops px_add_ops = {
    PX_PLAN_ADD, add_start, add_next_rpc, add_on_response, add_finish, add_free,
};

/* Every obj_path under Device.LocalAgent.: answered at once. */
static int all_synth(const struct usp_msg *req)
{
    size_t i, n = usp_msg_obj_count(req);
    for (i = 0; i < n; i++) {
        char name[MAP_NAME_MAX], why[200];
        if (map_get_fetch_name(usp_msg_obj_path(req, i), name, sizeof name, why, sizeof why) ||
            !px_synth_owns(name))
            return 0;
    }
    return n > 0;
}

void px_handle_add(struct px_daemon *d, const char *dev_key, const char *agent,
                   const char *controller, const char *reply_topic, const struct usp_msg *req)
{
    if (all_synth(req)) { /* subs_usp.c: Subscription.{i}. is created here */
        px_subs_handle_add(d, dev_key, agent, controller, reply_topic, req);
        return;
    }
    if (px_work_enqueue(d, dev_key, agent, controller, reply_topic, PX_PLAN_ADD, req) != 0)
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "the proxy could not queue the request");
}
