/*
 * handle_set.c - USP Set for a proxied agent (TR-369 "Set") over CWMP
 * SetParameterValues (TR-069 A.3.2.1), which is atomic.
 *
 * The plan: (1) the object paths are fetched (fetch.c: GetParameterValues,
 * or the cache when fresh) to resolve wildcards and searches, to check
 * that each parameter exists, and to learn its type; (2) the settings are
 * sent in batches: with allow_partial false one SetParameterValues for
 * everything, with allow_partial true one per object instance. When a
 * batch faults with SetParameterValuesFault entries that name only
 * non-required parameters, those are dropped (reported in param_errs)
 * and the batch is sent again; a required parameter's fault fails the
 * instance (7021, Required parameter failed), and with allow_partial
 * false the whole message (USP Error with param_errs). CWMP faults map
 * through MAP_CTX_SET. Applied values update the cache.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proxy/log.h"
#include "proxy/notify.h"
#include "proxy/params.h"
#include "proxy/px.h"

struct set_setting {
    const char *param, *value; /* point into the request */
    int required;
    char *full; /* instance path + param */
    int type;
    uint32_t err;
    char *err_msg;
    int applied;
};

struct set_inst {
    char *path; /* concrete object instance path, "Device.WiFi.SSID.1." */
    size_t obj; /* index of the requested object path */
    struct set_setting *s;
    size_t n;
    int failed;
    uint32_t err;
    char *err_msg;
};

struct set_state {
    struct px_fetch f;
    int planned;
    uint32_t *obj_err; /* per requested object path: failed before any SPV */
    char **obj_msg;
    size_t n_obj;
    struct set_inst *inst;
    size_t n_inst;
    size_t cur;    /* allow_partial: the instance being set */
    int all;       /* allow_partial false: one batch of everything */
    int done;      /* every batch finished */
    int aborted;   /* allow_partial false and something failed */
    int in_flight; /* an SPV was sent and not answered yet */
};

static const char *obj_path_at(const void *req, size_t i)
{
    return usp_msg_obj_path(req, i);
}

/* a + b in a new string. */
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

/* ---------------------------------------------------------------------
 * Planning (after the fetch).
 * ------------------------------------------------------------------- */

static int add_inst(struct set_state *st, const struct usp_msg *req, size_t obj, const char *path)
{
    struct set_inst *in, *p;
    size_t j, n = usp_msg_param_count(req, obj);

    p = realloc(st->inst, (st->n_inst + 1) * sizeof *p);
    if (!p)
        return -1;
    st->inst = p;
    in = &st->inst[st->n_inst];
    memset(in, 0, sizeof *in);
    in->obj = obj;
    in->path = strdup(path);
    in->s = calloc(n ? n : 1, sizeof *in->s);
    st->n_inst++;
    if (!in->path || !in->s)
        return -1;
    in->n = n;
    for (j = 0; j < n; j++) {
        struct set_setting *s = &in->s[j];
        struct usp_param_setting ps;
        const struct map_value *v;
        if (usp_msg_param(req, obj, j, &ps) != 0)
            return -1;
        s->param = ps.param;
        s->value = ps.value;
        s->required = ps.required;
        s->full = cat2(path, ps.param);
        if (!s->full)
            return -1;
        v = map_values_get(&st->f.vals, s->full);
        if (!v) {
            char text[600];
            snprintf(text, sizeof text, "%s is not a parameter of %s", ps.param, path);
            s->err = USP_ERR_UNSUPPORTED_PARAM;
            s->err_msg = strdup(text);
        } else {
            s->type = v->type;
        }
        if (s->err && s->required && !in->failed) {
            in->failed = 1;
            in->err = USP_ERR_REQUIRED_PARAM_FAILED;
            char text[600];
            snprintf(text, sizeof text, "required parameter %s of %s failed", ps.param, path);
            in->err_msg = strdup(text);
        }
    }
    return 0;
}

static int plan(struct set_state *st, const struct usp_msg *req)
{
    size_t i, k;

    st->planned = 1;
    map_values_sort(&st->f.vals);
    for (i = 0; i < st->n_obj; i++) {
        const char *path = usp_msg_obj_path(req, i);
        struct usp_path_list list = {0};
        char name[MAP_NAME_MAX], why[300];
        int rc = map_get_fetch_name(path, name, sizeof name, why, sizeof why), j;
        struct usp_path *p = NULL;
        int concrete = 0;

        if (!rc && (j = px_fetch_index(&st->f, name)) >= 0 && st->f.fault[j]) {
            int code = st->f.fault[j];
            px_fetch_fault_text(&st->f, (size_t)j, why, sizeof why);
            /* the object path itself is unknown to the CPE */
            rc = code == CWMP_FAULT_INVALID_PARAMETER_NAME ? USP_ERR_OBJECT_DOES_NOT_EXIST
                                                           : map_fault_to_usp(code, MAP_CTX_SET);
        }
        if (!rc)
            rc = map_resolve(path, &st->f.vals, &list, why, sizeof why);
        if (!rc && usp_path_parse(path, &p, NULL) == 0) {
            concrete = usp_path_is_concrete(p);
            usp_path_free(p);
        }
        if (!rc && concrete && list.n == 0) {
            rc = USP_ERR_OBJECT_DOES_NOT_EXIST;
            snprintf(why, sizeof why, "%.250s does not exist on the device", path);
        }
        if (rc) {
            st->obj_err[i] = (uint32_t)rc;
            st->obj_msg[i] = strdup(why);
            if (!st->obj_msg[i]) {
                usp_path_list_free(&list);
                return -1;
            }
        }
        for (k = 0; !rc && k < list.n; k++) {
            size_t l = strlen(list.paths[k]);
            if (!l || list.paths[k][l - 1] != '.')
                continue; /* Set takes object paths; ignore anything else */
            if (add_inst(st, req, i, list.paths[k]) != 0) {
                usp_path_list_free(&list);
                return -1;
            }
        }
        usp_path_list_free(&list);
    }
    if (st->all) {
        for (i = 0; i < st->n_obj; i++)
            if (st->obj_err[i])
                st->aborted = 1;
        for (k = 0; k < st->n_inst; k++)
            if (st->inst[k].failed)
                st->aborted = 1;
    }
    return 0;
}

/* ---------------------------------------------------------------------
 * Batches.
 * ------------------------------------------------------------------- */

/* The instances of the current batch: [*a, *b). */
static void batch(const struct set_state *st, size_t *a, size_t *b)
{
    if (st->all) {
        *a = 0;
        *b = st->n_inst;
    } else {
        *a = st->cur;
        *b = st->cur + 1 < st->n_inst ? st->cur + 1 : st->n_inst;
    }
}

static int pending(const struct set_setting *s)
{
    return !s->err && !s->applied;
}

/* Moves to the next instance that can still be set (allow_partial). */
static void skip_done(struct set_state *st)
{
    while (st->cur < st->n_inst) {
        const struct set_inst *in = &st->inst[st->cur];
        size_t j, n = 0;
        for (j = 0; j < in->n; j++)
            n += pending(&in->s[j]);
        if (!in->failed && n)
            return;
        st->cur++;
    }
}

static struct cwmp_msg *spv_of(struct set_state *st, const char *msg_id)
{
    struct cwmp_msg *m;
    size_t a, b, i, j, n = 0, k = 0;

    batch(st, &a, &b);
    for (i = a; i < b; i++)
        for (j = 0; j < st->inst[i].n; j++)
            n += !st->inst[i].failed && pending(&st->inst[i].s[j]);
    if (n == 0)
        return NULL;
    m = cwmp_msg_new(CWMP_MSG_SET_PARAMETER_VALUES);
    if (!m)
        return NULL;
    m->body.spv.params = cwmp_msg_alloc(m, n * sizeof *m->body.spv.params);
    /* TR-069 A.3.2.1: ParameterKey string(32): the USP msg_id, cut */
    m->body.spv.parameter_key = cwmp_msg_strndup(m, msg_id, strnlen(msg_id, 32));
    if (!m->body.spv.params || !m->body.spv.parameter_key) {
        cwmp_msg_free(m);
        return NULL;
    }
    for (i = a; i < b; i++)
        for (j = 0; j < st->inst[i].n; j++) {
            const struct set_setting *s = &st->inst[i].s[j];
            if (st->inst[i].failed || !pending(s))
                continue;
            m->body.spv.params[k].name = s->full;
            m->body.spv.params[k].value = s->value;
            m->body.spv.params[k].type = (enum cwmp_type)s->type;
            k++;
        }
    m->body.spv.n_params = k;
    return m;
}

static struct set_setting *find_setting(struct set_state *st, size_t a, size_t b, const char *name,
                                        struct set_inst **inst)
{
    size_t i, j;
    for (i = a; i < b; i++)
        for (j = 0; j < st->inst[i].n; j++)
            if (pending(&st->inst[i].s[j]) && strcmp(st->inst[i].s[j].full, name) == 0) {
                *inst = &st->inst[i];
                return &st->inst[i].s[j];
            }
    return NULL;
}

static void fail_inst(struct set_inst *in, uint32_t code, const char *msg)
{
    if (in->failed)
        return;
    in->failed = 1;
    in->err = code;
    free(in->err_msg);
    in->err_msg = strdup(msg);
}

static void applied(struct px_work *w, struct set_state *st, size_t a, size_t b)
{
    int64_t now = (int64_t)time(NULL);
    size_t i, j;
    for (i = a; i < b; i++)
        for (j = 0; j < st->inst[i].n; j++) {
            struct set_setting *s = &st->inst[i].s[j];
            struct px_param p;
            int rc, changed;
            if (st->inst[i].failed || !pending(s))
                continue;
            s->applied = 1;
            /* TR-369: a ValueChange also when a controller made the change
             * (the CPE does not inform changes made by its ACS) */
            rc = px_params_get(w->d->store, w->dev_key, s->full, &p);
            changed = rc != 0 || strcmp(p.value, s->value) != 0;
            if (rc == 0)
                free((char *)p.value);
            if (changed)
                px_notify_value_change(w->d, w->dev_key, w->agent, s->full, s->value);
            p.path = s->full;
            p.type = (enum cwmp_type)s->type;
            p.value = s->value;
            p.value_len = strlen(s->value);
            p.updated = now;
            px_params_put(w->d->store, w->dev_key, &p);
        }
}

/* A SetParameterValues fault: blame parameters, decide to retry or fail. */
static void spv_fault(struct set_state *st, const struct cwmp_msg *resp)
{
    const struct cwmp_fault *f = &resp->body.fault;
    size_t a, b, i, matched = 0;
    int required_failed = 0;
    char text[400];

    batch(st, &a, &b);
    for (i = 0; resp->type == CWMP_MSG_FAULT && i < f->n_spv_faults; i++) {
        struct set_inst *in = NULL;
        struct set_setting *s;
        s = find_setting(
            st, a, b, f->spv_faults[i].parameter_name ? f->spv_faults[i].parameter_name : "", &in);
        if (!s)
            continue;
        matched++;
        s->err = (uint32_t)map_fault_to_usp(f->spv_faults[i].code, MAP_CTX_SET);
        snprintf(text, sizeof text, "the CPE answered CWMP fault %d (%s)", f->spv_faults[i].code,
                 f->spv_faults[i].string ? f->spv_faults[i].string : "");
        free(s->err_msg);
        s->err_msg = strdup(text);
        if (s->required) {
            required_failed = 1;
            snprintf(text, sizeof text, "required parameter %s failed", s->full);
            fail_inst(in, USP_ERR_REQUIRED_PARAM_FAILED, text);
        }
    }
    if (matched == 0) { /* nothing to blame: the batch fails as a whole */
        int code = resp->type == CWMP_MSG_FAULT ? f->code : CWMP_FAULT_INTERNAL_ERROR;
        snprintf(text, sizeof text, "the CPE answered CWMP fault %d (%s)", code,
                 resp->type == CWMP_MSG_FAULT && f->string ? f->string : "unexpected answer");
        for (i = a; i < b; i++)
            fail_inst(&st->inst[i], (uint32_t)map_fault_to_usp(code, MAP_CTX_SET), text);
        required_failed = 1;
    }
    if (required_failed && st->all)
        st->aborted = 1;
    /* else: the same batch again without the failed parameters */
}

/* ---------------------------------------------------------------------
 * Plan ops.
 * ------------------------------------------------------------------- */

static void set_free(struct px_work *w)
{
    struct set_state *st = w->state;
    size_t i, j;
    if (!st)
        return;
    px_fetch_clear(&st->f);
    for (i = 0; i < st->n_obj; i++)
        free(st->obj_msg[i]);
    free(st->obj_msg);
    free(st->obj_err);
    for (i = 0; i < st->n_inst; i++) {
        for (j = 0; st->inst[i].s && j < st->inst[i].n; j++) {
            free(st->inst[i].s[j].full);
            free(st->inst[i].s[j].err_msg);
        }
        free(st->inst[i].s);
        free(st->inst[i].path);
        free(st->inst[i].err_msg);
    }
    free(st->inst);
    free(st);
    w->state = NULL;
}

static int set_start(struct px_work *w)
{
    struct set_state *st = calloc(1, sizeof *st);
    size_t n = usp_msg_obj_count(w->req);

    if (!st)
        return -1;
    w->state = st;
    st->n_obj = n;
    st->all = !usp_msg_allow_partial(w->req);
    st->obj_err = calloc(n ? n : 1, sizeof *st->obj_err);
    st->obj_msg = calloc(n ? n : 1, sizeof *st->obj_msg);
    if (!st->obj_err || !st->obj_msg || px_fetch_init(&st->f, n, obj_path_at, w->req) != 0) {
        set_free(w);
        return -1;
    }
    if (px_fetch_cache_fresh(w->d, w->dev_key, &st->f)) {
        px_fetch_from_cache(w->d, w->dev_key, &st->f);
        st->f.sent_all = 1; /* no GetParameterValues needed */
        st->f.next = st->f.n_names;
    }
    return 0;
}

static struct cwmp_msg *set_next_rpc(struct px_work *w)
{
    struct set_state *st = w->state;
    struct cwmp_msg *m;

    if (!st->planned) {
        m = px_fetch_next_rpc(&st->f, w);
        if (m)
            return m;
        if (plan(st, w->req) != 0) {
            st->aborted = 1;
            return NULL;
        }
    }
    if (st->aborted || st->done)
        return NULL;
    if (!st->all)
        skip_done(st);
    if (!st->all && st->cur >= st->n_inst) {
        st->done = 1;
        return NULL;
    }
    m = spv_of(st, usp_msg_id(w->req));
    if (!m) {
        st->done = 1;
        return NULL;
    }
    st->in_flight = 1;
    return m;
}

static void set_on_response(struct px_work *w, const struct cwmp_msg *resp)
{
    struct set_state *st = w->state;
    size_t a, b;

    if (!st->planned) {
        px_fetch_on_response(&st->f, w, resp);
        return;
    }
    if (!st->in_flight)
        return;
    st->in_flight = 0;
    batch(st, &a, &b);
    if (resp->type == CWMP_MSG_SET_PARAMETER_VALUES_RESPONSE) {
        applied(w, st, a, b);
        if (st->all)
            st->done = 1;
        else
            st->cur++;
        return;
    }
    spv_fault(st, resp);
}

/* allow_partial false and something failed: one Error with param_errs. */
static struct usp_msg *error_of(const struct usp_msg *req, struct set_state *st)
{
    uint32_t code = 0;
    const char *msg = NULL;
    struct usp_msg *e;
    size_t i, j;

    for (i = 0; i < st->n_obj && !code; i++)
        if (st->obj_err[i]) {
            code = st->obj_err[i];
            msg = st->obj_msg[i];
        }
    for (i = 0; i < st->n_inst && !code; i++)
        if (st->inst[i].failed) {
            code = st->inst[i].err;
            msg = st->inst[i].err_msg;
        }
    if (!code) {
        code = USP_ERR_INTERNAL_ERROR;
        msg = "the proxy could not plan the request";
    }
    e = usp_error_new(usp_msg_id(req), code, msg);
    if (!e)
        return NULL;
    for (i = 0; i < st->n_obj; i++)
        if (st->obj_err[i] &&
            usp_error_add_param_err(e, usp_msg_obj_path(req, i), st->obj_err[i], st->obj_msg[i]))
            goto oom;
    for (i = 0; i < st->n_inst; i++)
        for (j = 0; j < st->inst[i].n; j++) {
            const struct set_setting *s = &st->inst[i].s[j];
            if (s->err && usp_error_add_param_err(e, s->full, s->err, s->err_msg))
                goto oom;
        }
    return e;
oom:
    usp_msg_free(e);
    return NULL;
}

static int add_obj_result(struct usp_msg *m, const struct usp_msg *req, struct set_state *st,
                          size_t obj)
{
    const char *path = usp_msg_obj_path(req, obj);
    const struct set_inst *first_failed = NULL;
    size_t i, j;

    if (st->obj_err[obj])
        return usp_setresp_add_failure(m, path, st->obj_err[obj], st->obj_msg[obj]);
    for (i = 0; i < st->n_inst && !first_failed; i++)
        if (st->inst[i].obj == obj && st->inst[i].failed)
            first_failed = &st->inst[i];
    if (first_failed) {
        if (usp_setresp_add_failure(m, path, first_failed->err, first_failed->err_msg))
            return -1;
        for (i = 0; i < st->n_inst; i++) {
            const struct set_inst *in = &st->inst[i];
            if (in->obj != obj || !in->failed)
                continue;
            if (usp_setresp_add_inst(m, in->path))
                return -1;
            for (j = 0; j < in->n; j++)
                if (in->s[j].err &&
                    usp_setresp_add_param_err(m, in->s[j].param, in->s[j].err, in->s[j].err_msg))
                    return -1;
        }
        return 0;
    }
    if (usp_setresp_add_success(m, path))
        return -1;
    for (i = 0; i < st->n_inst; i++) {
        const struct set_inst *in = &st->inst[i];
        if (in->obj != obj)
            continue;
        if (usp_setresp_add_inst(m, in->path))
            return -1;
        for (j = 0; j < in->n; j++) {
            const struct set_setting *s = &in->s[j];
            if (s->applied && usp_setresp_add_updated_param(m, s->param, s->value))
                return -1;
            if (s->err && usp_setresp_add_param_err(m, s->param, s->err, s->err_msg))
                return -1;
        }
    }
    return 0;
}

static struct usp_msg *set_finish(struct px_work *w)
{
    struct set_state *st = w->state;
    struct usp_msg *m;
    size_t i;

    if (!st->planned && plan(st, w->req) != 0)
        st->aborted = 1;
    if (st->aborted)
        return error_of(w->req, st);
    m = usp_setresp_new(usp_msg_id(w->req));
    if (!m)
        return NULL;
    for (i = 0; i < st->n_obj; i++)
        if (add_obj_result(m, w->req, st, i)) {
            usp_msg_free(m);
            return NULL;
        }
    return m;
}

const struct px_plan_ops px_set_ops = {
    PX_PLAN_SET, set_start, set_next_rpc, set_on_response, set_finish, set_free,
};

void px_handle_set(struct px_daemon *d, const char *dev_key, const char *agent,
                   const char *controller, const char *reply_topic, const struct usp_msg *req)
{
    if (px_subs_owns_set(req)) { /* Device.LocalAgent.: subs_usp.c, no CPE */
        px_subs_handle_set(d, dev_key, agent, controller, reply_topic, req);
        return;
    }
    if (px_work_enqueue(d, dev_key, agent, controller, reply_topic, PX_PLAN_SET, req) != 0)
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "the proxy could not queue the request");
}
