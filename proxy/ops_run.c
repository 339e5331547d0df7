/*
 * ops_run.c - asynchronous USP commands in the CPE's sessions (ops.h;
 * TR-369 "Asynchronous Operations").
 *
 *   Operate (PX_PLAN_ASYNC, queued by handle_operate.c)
 *     diagnostic: SetParameterValues of the input arguments under the
 *                 TR-143 object + DiagnosticsState=Requested
 *     download:   Download (CommandKey: the USP command_key, or px-N when
 *                 it is empty, too long for CWMP or pending already)
 *     accepted -> Request object (Status Active) + ops record, OperateResp
 *                 with req_obj_path; a fault -> cmd_failure
 *   Inform "8 DIAGNOSTICS COMPLETE" -> PX_PLAN_OP_RESULT (internal entry):
 *     GetParameterValues of each pending diagnostic's object -> output
 *     arguments (Status from DiagnosticsState)
 *   TransferComplete (CommandKey) -> success, or the fault as cmd_failure
 *   completion: the ops record and the Request object are removed (TR-369
 *   R-OPR.0) and OperationComplete goes to the matching subscriptions
 *   (px_notify_oper_complete). A reboot without "8 DIAGNOSTICS COMPLETE"
 *   fails pending diagnostics; an operation past its deadline fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proxy/log.h"
#include "proxy/notify.h"
#include "proxy/ops.h"
#include "proxy/px.h"

#define OP_RESULT_MSG_ID  "px-opresult"
#define CWMP_KEY_MAX      32 /* TR-069 A.3.2.8: CommandKey string(32) */
#define EXPIRE_INTERVAL_S 10

/* ---------------------------------------------------------------------
 * Completion.
 * ------------------------------------------------------------------- */

/* The operation is over: forget it (ops record under key when not NULL,
 * Request object) and send OperationComplete. */
static void complete(struct px_daemon *d, const char *dev_key, const char *key,
                     const struct px_op *o, const struct map_values *out, uint32_t err,
                     const char *msg)
{
    char obj[MAP_NAME_MAX], name[64];

    if (key && px_ops_del(d->store, dev_key, key) < 0)
        px_err("%s: cannot remove the pending operation %s: %s", dev_key, key,
               px_store_errmsg(d->store));
    if (o->request && px_request_del(d->store, dev_key, o->request) < 0)
        px_err("%s: cannot remove " PX_REQUEST_TABLE "%u: %s", dev_key, (unsigned)o->request,
               px_store_errmsg(d->store));
    if (err)
        px_info("%s: %s (CommandKey \"%s\", Request %u) failed: %u %s", dev_key, o->command,
                o->command_key, (unsigned)o->request, (unsigned)err, msg ? msg : "");
    else
        px_info("%s: %s (CommandKey \"%s\", Request %u) complete", dev_key, o->command,
                o->command_key, (unsigned)o->request);
    if (px_async_split(o->command, obj, sizeof obj, name, sizeof name) == 0)
        px_notify_oper_complete(d, dev_key, o->agent, obj, name, o->command_key, out, err,
                                msg ? msg : "");
}

/* ---------------------------------------------------------------------
 * PX_PLAN_ASYNC: start the command on the CPE.
 * ------------------------------------------------------------------- */

struct async_state {
    const struct px_async_cmd *c;
    char obj[MAP_NAME_MAX];
    char key[CWMP_KEY_MAX + 2 + MAP_NAME_MAX]; /* the ops key */
    char cwmp_key[CWMP_KEY_MAX + 1];           /* DOWNLOAD: the CommandKey sent */
    uint32_t busy;                             /* DIAG: Request of the one pending */
    int sent;
    int done_now; /* DownloadResponse Status 0: completed already */
    int fault;
    char *fault_text;
};

static const char *arg_value(const struct usp_msg *req, const char *name)
{
    size_t i, n = usp_operate_arg_count(req);
    for (i = 0; i < n; i++) {
        const char *an, *av;
        if (usp_operate_arg(req, i, &an, &av) == 0 && strcmp(an, name) == 0)
            return av;
    }
    return NULL;
}

static int async_start(struct px_work *w)
{
    struct async_state *st = calloc(1, sizeof *st);
    const char *ck = usp_operate_command_key(w->req);
    struct px_op o;
    uint64_t seq;
    int rc;

    if (!st)
        return -1;
    w->state = st;
    st->c = px_async_find(usp_operate_command(w->req), st->obj, sizeof st->obj);
    if (!st->c)
        return -1;
    if (st->c->kind == PX_ASYNC_DIAG) {
        /* a CPE runs one test per TR-143 object: TR-369 R-OPR.3 forbids
         * cancelling the pending one, so the new one is refused */
        snprintf(st->key, sizeof st->key, "d%s", st->c->cwmp);
        if (px_ops_get(w->d->store, w->dev_key, st->key, &o) == 0) {
            st->busy = o.request ? o.request : 1;
            px_op_clear(&o);
        }
        return 0;
    }
    if (*ck && strlen(ck) <= CWMP_KEY_MAX) {
        snprintf(st->key, sizeof st->key, "t%s", ck);
        rc = px_ops_get(w->d->store, w->dev_key, st->key, &o);
        px_op_clear(&o);
        if (rc == PX_STORE_NOT_FOUND) {
            snprintf(st->cwmp_key, sizeof st->cwmp_key, "%s", ck);
            return 0;
        }
    }
    if (px_store_next_seq(w->d->store, &seq) != 0)
        return -1;
    snprintf(st->cwmp_key, sizeof st->cwmp_key, "px-%llu", (unsigned long long)seq);
    snprintf(st->key, sizeof st->key, "t%s", st->cwmp_key);
    return 0;
}

static enum cwmp_type cwmp_type_of(const struct px_async_arg *a)
{
    return a->type == PX_ARG_UINT   ? CWMP_TYPE_UNSIGNED_INT
           : a->type == PX_ARG_BOOL ? CWMP_TYPE_BOOLEAN
           : a->type == PX_ARG_HEX  ? CWMP_TYPE_HEXBINARY
                                    : CWMP_TYPE_STRING;
}

/* SetParameterValues: the input arguments + DiagnosticsState=Requested. */
static struct cwmp_msg *diag_spv(struct px_work *w, const struct px_async_cmd *c)
{
    struct cwmp_msg *m = cwmp_msg_new(CWMP_MSG_SET_PARAMETER_VALUES);
    size_t i, k = 0, n = usp_operate_arg_count(w->req);
    char name[MAP_NAME_MAX];
    int bad = 0;

    if (!m)
        return NULL;
    m->body.spv.params = cwmp_msg_alloc(m, (n + 1) * sizeof *m->body.spv.params);
    m->body.spv.parameter_key = cwmp_msg_strndup(m, w->msg_id, strnlen(w->msg_id, 32));
    bad = !m->body.spv.params || !m->body.spv.parameter_key;
    for (i = 0; !bad && i < n; i++) {
        const char *an, *av;
        const struct px_async_arg *a;
        if (usp_operate_arg(w->req, i, &an, &av) != 0 || !(a = px_async_arg(c, an)) || !a->cwmp)
            continue;
        snprintf(name, sizeof name, "%s%s", c->cwmp, an);
        m->body.spv.params[k].name = cwmp_msg_strdup(m, name);
        m->body.spv.params[k].value = cwmp_msg_strdup(m, av);
        m->body.spv.params[k].type = cwmp_type_of(a);
        bad = !m->body.spv.params[k].name || !m->body.spv.params[k].value;
        k++;
    }
    if (!bad) {
        snprintf(name, sizeof name, "%sDiagnosticsState", c->cwmp);
        m->body.spv.params[k].name = cwmp_msg_strdup(m, name);
        m->body.spv.params[k].value = "Requested";
        m->body.spv.params[k].type = CWMP_TYPE_STRING;
        bad = !m->body.spv.params[k].name;
        m->body.spv.n_params = ++k;
    }
    if (bad) {
        cwmp_msg_free(m);
        return NULL;
    }
    return m;
}

static const char *arg_or_empty(const struct usp_msg *req, const char *name)
{
    const char *v = arg_value(req, name);
    return v ? v : "";
}

/* Download (TR-069 A.3.2.8) of the command's FileType. */
static struct cwmp_msg *download_rpc(struct px_work *w, struct async_state *st)
{
    struct cwmp_msg *m = cwmp_msg_new(CWMP_MSG_DOWNLOAD);
    struct cwmp_download *dl;
    const char *size = arg_value(w->req, "FileSize");

    if (!m)
        return NULL;
    dl = &m->body.download;
    dl->command_key = cwmp_msg_strdup(m, st->cwmp_key);
    dl->file_type = st->c->cwmp;
    dl->url = cwmp_msg_strdup(m, arg_or_empty(w->req, "URL"));
    dl->username = cwmp_msg_strdup(m, arg_or_empty(w->req, "Username"));
    dl->password = cwmp_msg_strdup(m, arg_or_empty(w->req, "Password"));
    dl->file_size = size ? (uint32_t)strtoul(size, NULL, 10) : 0; /* checked: unsignedInt */
    dl->target_file_name = "";
    dl->delay_seconds = 0;
    dl->success_url = "";
    dl->failure_url = "";
    if (!dl->command_key || !dl->url || !dl->username || !dl->password) {
        cwmp_msg_free(m);
        return NULL;
    }
    return m;
}

static struct cwmp_msg *async_next_rpc(struct px_work *w)
{
    struct async_state *st = w->state;
    struct cwmp_msg *m;

    if (st->busy || st->sent || st->fault)
        return NULL;
    st->sent = 1;
    m = st->c->kind == PX_ASYNC_DIAG ? diag_spv(w, st->c) : download_rpc(w, st);
    if (!m) {
        st->fault = CWMP_FAULT_INTERNAL_ERROR_ACS;
        st->fault_text = strdup("out of memory in the proxy");
    }
    return m;
}

static void async_on_response(struct px_work *w, const struct cwmp_msg *resp)
{
    struct async_state *st = w->state;
    const struct cwmp_fault *f = &resp->body.fault;
    char text[400];

    if (resp->type == CWMP_MSG_SET_PARAMETER_VALUES_RESPONSE)
        return;
    if (resp->type == CWMP_MSG_DOWNLOAD_RESPONSE) {
        st->done_now = resp->body.download_resp.status == 0;
        return;
    }
    if (resp->type != CWMP_MSG_FAULT) {
        st->fault = CWMP_FAULT_INTERNAL_ERROR;
        snprintf(text, sizeof text, "unexpected %s", cwmp_msg_type_name(resp->type));
    } else if (f->n_spv_faults) {
        /* the argument the CPE refused decides the error (9007 -> 7027) */
        st->fault = f->spv_faults[0].code;
        snprintf(text, sizeof text, "%s: %s",
                 f->spv_faults[0].parameter_name ? f->spv_faults[0].parameter_name : "",
                 f->spv_faults[0].string ? f->spv_faults[0].string : "");
    } else {
        st->fault = f->code;
        snprintf(text, sizeof text, "%s", f->string ? f->string : "");
    }
    free(st->fault_text);
    st->fault_text = strdup(text);
}

static struct usp_msg *failure(struct px_work *w, uint32_t err, const char *text)
{
    const char *cmd = usp_operate_command(w->req);
    struct usp_msg *m;

    px_info("%s: %s %s: cmd_failure %u: %s", w->dev_key, cmd, w->msg_id, (unsigned)err, text);
    if (!usp_operate_send_resp(w->req)) {
        w->no_response = 1;
        return NULL;
    }
    m = usp_operateresp_new(w->msg_id);
    if (m && usp_operateresp_add_cmd_failure(m, cmd, err, text) != 0) {
        usp_msg_free(m);
        m = NULL;
    }
    return m;
}

static struct usp_msg *async_finish(struct px_work *w)
{
    struct async_state *st = w->state;
    const char *cmd = usp_operate_command(w->req);
    const char *ck = usp_operate_command_key(w->req);
    struct px_request r = {0};
    struct px_op o = {0};
    struct usp_msg *m;
    int64_t now = (int64_t)time(NULL);
    char text[500], path[64];

    if (st->busy) {
        snprintf(text, sizeof text,
                 "%s is already running on the CPE (" PX_REQUEST_TABLE "%u); it is not canceled",
                 st->c->name, (unsigned)st->busy);
        return failure(w, USP_ERR_RESOURCES_EXCEEDED, text);
    }
    if (st->fault) {
        snprintf(text, sizeof text, "the CPE answered CWMP fault %d (%s)", st->fault,
                 st->fault_text ? st->fault_text : "");
        return failure(w, (uint32_t)map_fault_to_usp(st->fault, MAP_CTX_OPERATE), text);
    }
    /* TR-369 R-OPR.0: the Request object lives until the command completes */
    r.command = (char *)cmd;
    r.command_key = (char *)ck;
    r.originator = w->controller;
    r.status = (char *)"Active";
    if (px_request_add(w->d->store, w->dev_key, &r) != 0) {
        snprintf(text, sizeof text,
                 "the CPE started the command, but the proxy cannot track it: %s",
                 px_store_errmsg(w->d->store));
        return failure(w, USP_ERR_INTERNAL_ERROR, text);
    }
    o.kind = st->c->kind;
    o.request = r.instance;
    o.started = now;
    o.deadline = now + st->c->timeout_s;
    o.command = (char *)cmd;
    o.command_key = (char *)ck;
    o.originator = w->controller;
    o.agent = w->agent;
    if (st->done_now) {
        complete(w->d, w->dev_key, NULL, &o, NULL, 0, "");
    } else if (px_ops_put(w->d->store, w->dev_key, st->key, &o) != 0) {
        px_err("%s: cannot store the pending %s: %s", w->dev_key, cmd,
               px_store_errmsg(w->d->store));
    } else {
        px_info("%s: %s started (%s%s), " PX_REQUEST_TABLE "%u", w->dev_key, cmd,
                st->c->kind == PX_ASYNC_DIAG ? "DiagnosticsState Requested" : "CommandKey ",
                st->c->kind == PX_ASYNC_DIAG ? "" : st->cwmp_key, (unsigned)r.instance);
    }
    if (!usp_operate_send_resp(w->req)) {
        w->no_response = 1;
        return NULL;
    }
    /* TR-369 R-OPR.6: instance number addressing */
    snprintf(path, sizeof path, PX_REQUEST_TABLE "%u", (unsigned)r.instance);
    m = usp_operateresp_new(w->msg_id);
    if (m && usp_operateresp_add_req_obj_path(m, cmd, path) != 0) {
        usp_msg_free(m);
        m = NULL;
    }
    return m;
}

static void async_free(struct px_work *w)
{
    struct async_state *st = w->state;
    if (st)
        free(st->fault_text);
    free(st);
    w->state = NULL;
}

const struct px_plan_ops px_async_ops = {
    PX_PLAN_ASYNC, async_start, async_next_rpc, async_on_response, async_finish, async_free,
};

/* ---------------------------------------------------------------------
 * Pending diagnostics of a device.
 * ------------------------------------------------------------------- */

struct pending {
    char key[MAP_NAME_MAX + 2];
    struct px_op op;
    const struct px_async_cmd *c;
};

struct pending_list {
    struct pending *v;
    size_t n;
    int oom;
    int diag_only;
    int64_t due;                        /* > 0: only operations whose deadline is <= due */
    char (*dev)[PX_DEVICE_KEY_MAX + 1]; /* per entry, for expiry across devices */
};

static int copy_op(struct px_op *dst, const struct px_op *src)
{
    *dst = *src;
    dst->command = strdup(src->command);
    dst->command_key = strdup(src->command_key);
    dst->originator = strdup(src->originator);
    dst->agent = strdup(src->agent);
    return dst->command && dst->command_key && dst->originator && dst->agent ? 0 : -1;
}

static int collect(void *arg, const char *dev_key, const char *key, const struct px_op *o)
{
    struct pending_list *l = arg;
    struct pending *p;
    char obj[MAP_NAME_MAX];

    if ((l->diag_only && key[0] != 'd') || (l->due && o->deadline > l->due) ||
        strlen(key) >= sizeof p->key)
        return 0;
    p = realloc(l->v, (l->n + 1) * sizeof *p);
    if (!p) {
        l->oom = 1;
        return 1;
    }
    l->v = p;
    if (l->due) {
        void *dv = realloc(l->dev, (l->n + 1) * sizeof *l->dev);
        if (!dv) {
            l->oom = 1;
            return 1;
        }
        l->dev = dv;
        snprintf(l->dev[l->n], sizeof l->dev[l->n], "%s", dev_key);
    }
    p = &l->v[l->n];
    memset(p, 0, sizeof *p);
    snprintf(p->key, sizeof p->key, "%s", key);
    p->c = px_async_find(o->command, obj, sizeof obj);
    l->n++;
    if (copy_op(&p->op, o) != 0) {
        l->oom = 1;
        return 1;
    }
    return 0;
}

static void pending_free(struct pending_list *l)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        px_op_clear(&l->v[i].op);
    free(l->v);
    free(l->dev);
    memset(l, 0, sizeof *l);
}

/* ---------------------------------------------------------------------
 * PX_PLAN_OP_RESULT: the results of the pending diagnostics.
 * ------------------------------------------------------------------- */

struct result_state {
    struct pending_list l;
    struct px_fetch f;
    int fetch_ready;
};

static const char *result_path_at(const void *arg, size_t i)
{
    const struct pending_list *l = arg;
    return l->v[i].c ? l->v[i].c->cwmp : l->v[i].op.command;
}

static int result_start(struct px_work *w)
{
    struct result_state *st = calloc(1, sizeof *st);
    if (!st)
        return -1;
    w->state = st;
    st->l.diag_only = 1;
    if (px_ops_foreach(w->d->store, w->dev_key, collect, &st->l) != 0 || st->l.oom)
        return -1;
    if (px_fetch_init(&st->f, st->l.n, result_path_at, &st->l) != 0)
        return -1;
    st->fetch_ready = 1;
    return 0;
}

static struct cwmp_msg *result_next_rpc(struct px_work *w)
{
    struct result_state *st = w->state;
    return st->l.n ? px_fetch_next_rpc(&st->f, w) : NULL;
}

static void result_on_response(struct px_work *w, const struct cwmp_msg *resp)
{
    struct result_state *st = w->state;
    px_fetch_on_response(&st->f, w, resp);
}

static void result_one(struct px_work *w, struct result_state *st, struct pending *p)
{
    struct map_values out = {0};
    char name[MAP_NAME_MAX], text[400];
    const char *state;
    uint32_t err;
    int j;

    if (!p->c) { /* a row that this build no longer has */
        complete(w->d, w->dev_key, p->key, &p->op, NULL, USP_ERR_COMMAND_FAILURE,
                 "the proxy no longer knows this command");
        return;
    }
    j = px_fetch_index(&st->f, p->c->cwmp);
    if (j >= 0 && st->f.fault[j]) {
        px_fetch_fault_text(&st->f, (size_t)j, text, sizeof text);
        complete(w->d, w->dev_key, p->key, &p->op, NULL,
                 (uint32_t)map_fault_to_usp(st->f.fault[j], MAP_CTX_OPERATE), text);
        return;
    }
    snprintf(name, sizeof name, "%sDiagnosticsState", p->c->cwmp);
    state = map_values_find(&st->f.vals, name);
    switch (px_async_diag_outcome(state, &err)) {
    case PX_DIAG_PENDING:
        px_info("%s: %s still running (DiagnosticsState %s)", w->dev_key, p->op.command,
                state ? state : "absent");
        break;
    case PX_DIAG_DONE:
        if (px_async_diag_outputs(p->c, &st->f.vals, &out) != 0)
            complete(w->d, w->dev_key, p->key, &p->op, NULL, USP_ERR_INTERNAL_ERROR,
                     "out of memory building the output arguments");
        else
            complete(w->d, w->dev_key, p->key, &p->op, &out, 0, "");
        break;
    case PX_DIAG_FAILED:
        snprintf(text, sizeof text, "the CPE's %s is %s", name, state);
        complete(w->d, w->dev_key, p->key, &p->op, NULL, err, text);
        break;
    }
    map_values_free(&out);
}

static struct usp_msg *result_finish(struct px_work *w)
{
    struct result_state *st = w->state;
    size_t i;

    w->no_response = 1; /* an internal entry: nobody to answer */
    map_values_sort(&st->f.vals);
    for (i = 0; i < st->l.n; i++)
        result_one(w, st, &st->l.v[i]);
    return NULL;
}

static void result_free(struct px_work *w)
{
    struct result_state *st = w->state;
    if (st) {
        if (st->fetch_ready)
            px_fetch_clear(&st->f);
        pending_free(&st->l);
    }
    free(st);
    w->state = NULL;
}

const struct px_plan_ops px_op_result_ops = {
    PX_PLAN_OP_RESULT,  result_start,  result_next_rpc,
    result_on_response, result_finish, result_free,
};

/* An internal queue entry (no USP request, no reply, no deadline), once. */
static int find_result(void *arg, const char *dev_key, const struct px_queue_entry *e)
{
    int *found = arg;
    (void)dev_key;
    if (e->plan_len >= 2 && e->plan[1] == PX_PLAN_OP_RESULT) {
        *found = 1;
        return 1;
    }
    return 0;
}

static int enqueue_result(struct px_daemon *d, const char *dev_key)
{
    struct px_queue_entry e = {0};
    struct usp_msg *dummy;
    struct px_wbuf b = {0};
    uint8_t *m = NULL;
    size_t ml = 0;
    int found = 0, rc;

    if (px_queue_foreach(d->store, dev_key, find_result, &found) != 0)
        return -1;
    if (found)
        return 0; /* it reads every pending diagnostic when it runs */
    /* the plan format wants a USP Msg: an empty Get stands for "none" */
    dummy = usp_get_new(OP_RESULT_MSG_ID, 0);
    if (!dummy || usp_msg_encode(dummy, &m, &ml) != 0) {
        usp_msg_free(dummy);
        return -1;
    }
    usp_msg_free(dummy);
    px_wbuf_u8(&b, PX_PLAN_VERSION);
    px_wbuf_u8(&b, PX_PLAN_OP_RESULT);
    px_wbuf_u32(&b, (uint32_t)ml);
    px_wbuf_bytes(&b, m, ml);
    free(m);
    if (b.oom) {
        px_wbuf_free(&b);
        return -1;
    }
    e.msg_id = (char *)OP_RESULT_MSG_ID;
    e.controller = (char *)"";
    e.reply_topic = (char *)"";
    e.accepted = (int64_t)time(NULL);
    e.deadline = 0;
    e.plan = b.data;
    e.plan_len = b.len;
    rc = px_queue_push(d->store, dev_key, &e, NULL);
    px_wbuf_free(&b);
    return rc;
}

/* ---------------------------------------------------------------------
 * Session hooks.
 * ------------------------------------------------------------------- */

static int has_event(const struct cwmp_inform *in, const char *code)
{
    size_t i;
    for (i = 0; i < in->n_events; i++)
        if (in->events[i].code && strcmp(in->events[i].code, code) == 0)
            return 1;
    return 0;
}

void px_ops_inform(struct px_daemon *d, const char *dev_key, const char *agent,
                   const struct cwmp_msg *inform)
{
    const struct cwmp_inform *in = &inform->body.inform;
    int diag = has_event(in, "8 DIAGNOSTICS COMPLETE");
    int boot = has_event(in, "1 BOOT") || has_event(in, "0 BOOTSTRAP");
    struct pending_list l = {0};
    size_t i;

    (void)agent;
    if (!diag && !boot)
        return;
    l.diag_only = 1;
    if (px_ops_foreach(d->store, dev_key, collect, &l) != 0 || l.oom) {
        px_err("%s: cannot read the pending operations: %s", dev_key, px_store_errmsg(d->store));
        pending_free(&l);
        return;
    }
    if (l.n && diag) {
        if (enqueue_result(d, dev_key) != 0)
            px_err("%s: cannot queue the reading of the diagnostics results: %s", dev_key,
                   px_store_errmsg(d->store));
        else
            px_info("%s: 8 DIAGNOSTICS COMPLETE: reading the results", dev_key);
    } else {
        for (i = 0; i < l.n; i++)
            complete(d, dev_key, l.v[i].key, &l.v[i].op, NULL, USP_ERR_COMMAND_FAILURE,
                     "the CPE rebooted before it reported the diagnostic complete");
    }
    pending_free(&l);
}

void px_ops_transfer_complete(struct px_daemon *d, const char *dev_key, const char *agent,
                              const struct cwmp_msg *tc)
{
    const struct cwmp_transfer_complete *t = &tc->body.transfer_complete;
    char key[CWMP_KEY_MAX + 2], text[400];
    struct px_op o;
    int rc;

    (void)agent;
    if (!t->command_key || strlen(t->command_key) > CWMP_KEY_MAX) {
        px_info("%s: TransferComplete with CommandKey \"%.40s\": not one of ours", dev_key,
                t->command_key ? t->command_key : "");
        return;
    }
    snprintf(key, sizeof key, "t%s", t->command_key);
    rc = px_ops_get(d->store, dev_key, key, &o);
    if (rc != 0) {
        if (rc < 0)
            px_err("%s: %s", dev_key, px_store_errmsg(d->store));
        else
            px_info("%s: TransferComplete of CommandKey \"%s\": no pending operation", dev_key,
                    t->command_key);
        return;
    }
    if (t->fault.code == 0) {
        complete(d, dev_key, key, &o, NULL, 0, "");
    } else {
        snprintf(text, sizeof text, "the CPE reported TransferComplete fault %d (%s)",
                 t->fault.code, t->fault.string ? t->fault.string : "");
        complete(d, dev_key, key, &o, NULL,
                 (uint32_t)map_fault_to_usp(t->fault.code, MAP_CTX_OPERATE), text);
    }
    px_op_clear(&o);
}

void px_ops_expire(struct px_daemon *d)
{
    int64_t now = (int64_t)time(NULL);
    struct pending_list l = {0};
    char text[200];
    size_t i;

    if (now - d->ops_expired_at < EXPIRE_INTERVAL_S && now >= d->ops_expired_at)
        return;
    d->ops_expired_at = now;
    l.due = now;
    if (px_ops_foreach(d->store, NULL, collect, &l) != 0 || l.oom)
        px_err("cannot scan the pending operations: %s", px_store_errmsg(d->store));
    for (i = 0; i < l.n; i++) {
        snprintf(text, sizeof text, "the CPE did not report the outcome within %lld s",
                 (long long)(l.v[i].op.deadline - l.v[i].op.started));
        complete(d, l.dev[i], l.v[i].key, &l.v[i].op, NULL, USP_ERR_COMMAND_FAILURE, text);
    }
    pending_free(&l);
}

/* ---------------------------------------------------------------------
 * Device.LocalAgent.Request.{i}. in Gets (synth.c).
 * ------------------------------------------------------------------- */

struct req_out {
    struct map_values *vs;
    char prefix[64];
    size_t n;
};

static void req_param(void *arg, const char *name, const char *value)
{
    struct req_out *o = arg;
    char full[128];
    snprintf(full, sizeof full, "%s%s", o->prefix, name);
    map_values_add_typed(o->vs, full, value, CWMP_TYPE_STRING);
}

static int req_values(void *arg, const struct px_request *r)
{
    struct req_out *o = arg;
    snprintf(o->prefix, sizeof o->prefix, PX_REQUEST_TABLE "%u.", (unsigned)r->instance);
    px_request_params(r, req_param, o);
    o->n++;
    return 0;
}

void px_ops_synth_add(struct px_store *st, const char *dev_key, struct map_values *vs)
{
    struct req_out o = {vs, "", 0};
    char num[24];

    px_request_foreach(st, dev_key, req_values, &o);
    snprintf(num, sizeof num, "%zu", o.n);
    map_values_add_typed(vs, "Device.LocalAgent.RequestNumberOfEntries", num,
                         CWMP_TYPE_UNSIGNED_INT);
}
