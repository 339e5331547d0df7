/*
 * handle_delete.c - USP Delete for a proxied agent (TR-369 "Delete") over
 * CWMP DeleteObject (TR-069 A.3.2.7), one per object instance.
 *
 * The plan: (1) the requested paths are fetched (fetch.c, or the cache
 * when fresh) to resolve wildcards and searches and to see which
 * instances exist; a path matching no instance is a success with no
 * affected_paths (TP-469 1.32); (2) one DeleteObject per instance, in
 * request order. CWMP cannot undo a DeleteObject, so with allow_partial
 * false the checks come first (only existing instances are deleted) and
 * the first DeleteObject fault stops the plan: the controller gets an
 * Error naming the failed instance (instances deleted before it stay
 * deleted; the err_msg says so). With allow_partial true every instance
 * is tried and failures are unaffected_path_errs. Faults map through
 * MAP_CTX_DELETE. Paths under Device.LocalAgent. (synthesized by the
 * proxy) are refused with 7024 without touching the CPE. The cache drops
 * the subtree of each deleted instance and the completeness markers
 * above it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proxy/log.h"
#include "proxy/notify.h"
#include "proxy/params.h"
#include "proxy/px.h"

struct del_inst {
    char *path;
    size_t obj;
    int done;
    uint32_t err;
    char *err_msg;
};

struct del_state {
    struct px_fetch f;
    int planned;
    uint32_t *obj_err;
    char **obj_msg;
    size_t n_obj;
    struct del_inst *inst;
    size_t n_inst;
    size_t cur;
    int stopped; /* allow_partial false and a DeleteObject failed */
    int in_flight;
};

void px_cache_stale(struct px_daemon *d, const char *dev_key, const char *path)
{
    char prefix[PX_PARAM_PATH_MAX + 2];
    size_t i, len = strlen(path);
    int64_t age, now = (int64_t)time(NULL);

    /* Every completeness marker at or above path is no longer true: age
     * it out so the next Get asks the CPE (fetch.c). */
    for (i = 0; i < len && i < sizeof prefix - 1; i++) {
        if (path[i] != '.')
            continue;
        memcpy(prefix, path, i + 1);
        prefix[i + 1] = '\0';
        if (px_params_age(d->store, dev_key, prefix, now, &age) == 0) {
            struct px_param mark = {prefix, CWMP_TYPE_STRING, "", 0, 0};
            px_params_put(d->store, dev_key, &mark);
        }
    }
}

static const char *del_path_at(const void *req, size_t i)
{
    return usp_delete_path(req, i);
}

static int add_inst(struct del_state *st, size_t obj, const char *path)
{
    struct del_inst *p;
    size_t i;

    for (i = 0; i < st->n_inst; i++)
        if (strcmp(st->inst[i].path, path) == 0)
            return 0; /* matched by an earlier path: deleted once */
    p = realloc(st->inst, (st->n_inst + 1) * sizeof *p);
    if (!p)
        return -1;
    st->inst = p;
    memset(&p[st->n_inst], 0, sizeof *p);
    p[st->n_inst].obj = obj;
    p[st->n_inst].path = strdup(path);
    if (!p[st->n_inst].path)
        return -1;
    st->n_inst++;
    return 0;
}

/* Resolves requested path i; fills obj_err/obj_msg on failure. */
static int plan_one(struct del_state *st, size_t i, const char *path)
{
    struct usp_path_list list = {0};
    char name[MAP_NAME_MAX], why[400];
    int rc, j, concrete = 0;
    struct usp_path *p = NULL;
    size_t k;

    rc = map_get_fetch_name(path, name, sizeof name, why, sizeof why);
    if (!rc && px_synth_owns(name)) {
        rc = USP_ERR_DELETE_FAILURE;
        snprintf(why, sizeof why, "%.300s is maintained by the proxy and cannot be deleted", path);
    }
    if (!rc && usp_path_parse(path, &p, NULL) == 0) {
        concrete = usp_path_is_concrete(p);
        usp_path_free(p);
    }
    if (!rc && (j = px_fetch_index(&st->f, name)) >= 0 && st->f.fault[j]) {
        if (st->f.fault[j] == CWMP_FAULT_INVALID_PARAMETER_NAME && concrete &&
            map_path_is_instance(path))
            return 0; /* no such instance: nothing to delete (TP-469 1.32) */
        px_fetch_fault_text(&st->f, (size_t)j, why, sizeof why);
        rc = st->f.fault[j] == CWMP_FAULT_INVALID_PARAMETER_NAME
                 ? USP_ERR_OBJECT_DOES_NOT_EXIST
                 : map_fault_to_usp(st->f.fault[j], MAP_CTX_DELETE);
    }
    if (!rc)
        rc = map_resolve(path, &st->f.vals, &list, why, sizeof why);
    for (k = 0; !rc && k < list.n; k++) {
        size_t l = strlen(list.paths[k]);
        if (!l || list.paths[k][l - 1] != '.')
            continue;
        if (!map_path_is_instance(list.paths[k])) {
            rc = USP_ERR_NOT_A_TABLE;
            snprintf(why, sizeof why, "%.300s is not an object instance", list.paths[k]);
            break;
        }
        if (add_inst(st, i, list.paths[k]) != 0) {
            usp_path_list_free(&list);
            return -1;
        }
    }
    usp_path_list_free(&list);
    if (rc) {
        st->obj_err[i] = (uint32_t)rc;
        st->obj_msg[i] = strdup(why);
        if (!st->obj_msg[i])
            return -1;
    }
    return 0;
}

static int plan(struct del_state *st, const struct usp_msg *req)
{
    size_t i;

    st->planned = 1;
    map_values_sort(&st->f.vals);
    for (i = 0; i < st->n_obj; i++)
        if (plan_one(st, i, usp_delete_path(req, i)) != 0)
            return -1;
    if (!usp_msg_allow_partial(req))
        for (i = 0; i < st->n_obj; i++)
            if (st->obj_err[i])
                st->stopped = 1; /* R-DEL.1: nothing is deleted */
    return 0;
}

static void del_free(struct px_work *w)
{
    struct del_state *st = w->state;
    size_t i;
    if (!st)
        return;
    px_fetch_clear(&st->f);
    for (i = 0; i < st->n_obj; i++)
        free(st->obj_msg[i]);
    free(st->obj_msg);
    free(st->obj_err);
    for (i = 0; i < st->n_inst; i++) {
        free(st->inst[i].path);
        free(st->inst[i].err_msg);
    }
    free(st->inst);
    free(st);
    w->state = NULL;
}

static int del_start(struct px_work *w)
{
    struct del_state *st = calloc(1, sizeof *st);
    size_t n = usp_delete_path_count(w->req);

    if (!st)
        return -1;
    w->state = st;
    st->n_obj = n;
    st->obj_err = calloc(n ? n : 1, sizeof *st->obj_err);
    st->obj_msg = calloc(n ? n : 1, sizeof *st->obj_msg);
    if (!st->obj_err || !st->obj_msg || px_fetch_init(&st->f, n, del_path_at, w->req) != 0) {
        del_free(w);
        return -1;
    }
    if (px_fetch_cache_fresh(w->d, w->dev_key, &st->f)) {
        px_fetch_from_cache(w->d, w->dev_key, &st->f);
        st->f.sent_all = 1;
        st->f.next = st->f.n_names;
    }
    return 0;
}

static struct cwmp_msg *del_next_rpc(struct px_work *w)
{
    struct del_state *st = w->state;
    struct cwmp_msg *m;

    if (!st->planned) {
        m = px_fetch_next_rpc(&st->f, w);
        if (m)
            return m;
        if (plan(st, w->req) != 0) {
            st->stopped = 1;
            return NULL;
        }
    }
    if (st->stopped || st->cur >= st->n_inst)
        return NULL;
    m = cwmp_msg_new(CWMP_MSG_DELETE_OBJECT);
    if (!m)
        return NULL;
    m->body.delete_object.object_name = st->inst[st->cur].path;
    /* TR-069 A.3.2.7: ParameterKey string(32): the USP msg_id, cut */
    m->body.delete_object.parameter_key =
        cwmp_msg_strndup(m, usp_msg_id(w->req), strnlen(usp_msg_id(w->req), 32));
    if (!m->body.delete_object.parameter_key) {
        cwmp_msg_free(m);
        return NULL;
    }
    st->in_flight = 1;
    return m;
}

static void del_on_response(struct px_work *w, const struct cwmp_msg *resp)
{
    struct del_state *st = w->state;
    struct del_inst *in;
    char text[400];

    if (!st->planned) {
        px_fetch_on_response(&st->f, w, resp);
        return;
    }
    if (!st->in_flight || st->cur >= st->n_inst)
        return;
    st->in_flight = 0;
    in = &st->inst[st->cur++];
    if (resp->type == CWMP_MSG_DELETE_OBJECT_RESPONSE) {
        in->done = 1;
        /* TR-369 ObjectDeletion (while the cache still has its values) */
        px_notify_obj_deletion(w->d, w->dev_key, w->agent, in->path);
        px_params_delete_prefix(w->d->store, w->dev_key, in->path, NULL);
        px_cache_stale(w->d, w->dev_key, in->path);
        return;
    }
    {
        int code = resp->type == CWMP_MSG_FAULT ? resp->body.fault.code : CWMP_FAULT_INTERNAL_ERROR;
        snprintf(text, sizeof text, "the CPE answered DeleteObject %s with CWMP fault %d (%s)",
                 in->path, code,
                 resp->type == CWMP_MSG_FAULT && resp->body.fault.string ? resp->body.fault.string
                                                                         : "unexpected answer");
        in->err = (uint32_t)map_fault_to_usp(code, MAP_CTX_DELETE);
        in->err_msg = strdup(text);
    }
    if (!usp_msg_allow_partial(w->req))
        st->stopped = 1; /* R-DEL.1; what was deleted before cannot be undone */
}

static struct usp_msg *del_finish(struct px_work *w)
{
    struct del_state *st = w->state;
    struct map_delete_outcome *o = calloc(st->n_obj ? st->n_obj : 1, sizeof *o);
    const char **aff = calloc(st->n_inst ? st->n_inst : 1, sizeof *aff);
    struct map_param_err *un = calloc(st->n_inst ? st->n_inst : 1, sizeof *un);
    struct usp_msg *m = NULL;
    size_t i, k, na = 0, nu = 0;

    if (!st->planned && plan(st, w->req) != 0)
        goto out;
    if (!o || !aff || !un)
        goto out;
    for (i = 0; i < st->n_obj; i++) {
        o[i].requested_path = usp_delete_path(w->req, i);
        o[i].err = st->obj_err[i];
        o[i].err_msg = st->obj_msg[i];
        o[i].affected = &aff[na];
        o[i].unaffected = &un[nu];
        for (k = 0; k < st->n_inst; k++) {
            const struct del_inst *in = &st->inst[k];
            if (in->obj != i)
                continue;
            if (in->done) {
                aff[na++] = in->path;
                o[i].n_affected++;
            } else if (in->err) {
                un[nu].path = in->path;
                un[nu].err = in->err;
                un[nu].err_msg = in->err_msg;
                nu++;
                o[i].n_unaffected++;
            }
        }
    }
    if (map_delete_response(usp_msg_id(w->req), usp_msg_allow_partial(w->req), o, st->n_obj, &m))
        m = NULL;
out:
    free(o);
    free(aff);
    free(un);
    return m;
}

const struct px_plan_ops px_delete_ops = {
    PX_PLAN_DELETE, del_start, del_next_rpc, del_on_response, del_finish, del_free,
};

/* Every path under Device.LocalAgent.: answered at once, the CPE is not
 * involved (subs_usp.c deletes subscriptions). */
static int all_synth(const struct usp_msg *req)
{
    size_t i, n = usp_delete_path_count(req);
    for (i = 0; i < n; i++) {
        char name[MAP_NAME_MAX], why[200];
        if (map_get_fetch_name(usp_delete_path(req, i), name, sizeof name, why, sizeof why) ||
            !px_synth_owns(name))
            return 0;
    }
    return n > 0;
}

void px_handle_delete(struct px_daemon *d, const char *dev_key, const char *agent,
                      const char *controller, const char *reply_topic, const struct usp_msg *req)
{
    if (all_synth(req)) {
        px_subs_handle_delete(d, dev_key, agent, controller, reply_topic, req);
        return;
    }
    if (px_work_enqueue(d, dev_key, agent, controller, reply_topic, PX_PLAN_DELETE, req) != 0)
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "the proxy could not queue the request");
}
