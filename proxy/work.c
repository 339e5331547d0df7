/*
 * work.c - the per-device work of cwmp2uspd: USP requests that need the
 * CPE become plans on the device's queue in LMDB (queue.h), are executed
 * in the CPE's session by their plan ops, are answered exactly once (a
 * result, or an Error when the CPE did not come within cpe_wait_timeout),
 * and survive restarts.
 *
 * Plan bytes (the opaque plan of a queue entry), version 1:
 *   u8 PX_PLAN_VERSION, u8 enum px_plan_kind, u32 BE length + the encoded
 *   USP Msg of the request.
 * A plan is restartable: an entry interrupted by a broken session runs
 * again from its first RPC in the next session.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proxy/log.h"
#include "proxy/notify.h"
#include "proxy/ops.h"
#include "proxy/px.h"

const struct px_plan_ops *px_plan_ops_for(enum px_plan_kind kind)
{
    switch (kind) {
    case PX_PLAN_GET:
        return &px_get_ops;
    case PX_PLAN_OPERATE:
        return &px_operate_ops;
    case PX_PLAN_SET:
        return &px_set_ops;
    case PX_PLAN_ADD:
        return &px_add_ops;
    case PX_PLAN_DELETE:
        return &px_delete_ops;
    case PX_PLAN_ATTRS:
        return &px_attrs_ops;
    case PX_PLAN_ASYNC:
        return &px_async_ops;
    case PX_PLAN_OP_RESULT:
        return &px_op_result_ops;
    case PX_PLAN_GET_INSTANCES:
        return &px_getinst_ops;
    case PX_PLAN_GSDM:
        return &px_gsdm_ops;
    }
    return NULL;
}

static int plan_encode(enum px_plan_kind kind, const struct usp_msg *req, uint8_t **out,
                       size_t *len)
{
    uint8_t *m = NULL;
    size_t ml = 0;
    struct px_wbuf b = {0};

    if (usp_msg_encode(req, &m, &ml) != 0)
        return -1;
    px_wbuf_u8(&b, PX_PLAN_VERSION);
    px_wbuf_u8(&b, (uint8_t)kind);
    px_wbuf_u32(&b, (uint32_t)ml);
    px_wbuf_bytes(&b, m, ml);
    free(m);
    if (b.oom) {
        px_wbuf_free(&b);
        return -1;
    }
    *out = b.data;
    *len = b.len;
    return 0;
}

static int plan_decode(const uint8_t *p, size_t len, enum px_plan_kind *kind, struct usp_msg **req,
                       char *why, size_t why_len)
{
    struct px_rbuf r = {p, len};
    uint8_t v, k;
    uint32_t ml;
    const uint8_t *mb;
    struct usp_diag diag;

    if (px_rbuf_u8(&r, &v) || v != PX_PLAN_VERSION || px_rbuf_u8(&r, &k) || px_rbuf_u32(&r, &ml) ||
        px_rbuf_bytes(&r, ml, &mb) || r.left) {
        snprintf(why, why_len, "plan of version %u is not readable", (unsigned)v);
        return -1;
    }
    if (!px_plan_ops_for((enum px_plan_kind)k)) {
        snprintf(why, why_len, "plan kind %u is unknown", (unsigned)k);
        return -1;
    }
    if (usp_msg_decode(mb, ml, req, &diag) != 0) {
        snprintf(why, why_len, "the stored request is not a USP Msg: %s", diag.text);
        return -1;
    }
    *kind = (enum px_plan_kind)k;
    return 0;
}

/* ---------------------------------------------------------------------
 * Enqueue.
 * ------------------------------------------------------------------- */

struct enq_ctx {
    struct px_daemon *d;
    char *dev_key, *agent, *controller, *reply_topic, *msg_id;
};

static void enq_free(struct enq_ctx *c)
{
    free(c->dev_key);
    free(c->agent);
    free(c->controller);
    free(c->reply_topic);
    free(c->msg_id);
    free(c);
}

static void enq_committed(void *arg, int status, const char *why)
{
    struct enq_ctx *c = arg;
    if (status == 0) {
        px_acs_wake(c->d, c->dev_key);
    } else {
        char text[300];
        snprintf(text, sizeof text, "the proxy could not queue the request: %s",
                 why ? why : "store failure");
        px_reply_error(c->d, c->agent, c->controller, c->reply_topic, c->msg_id,
                       USP_ERR_RESOURCES_EXCEEDED, text);
    }
    enq_free(c);
}

int px_work_enqueue(struct px_daemon *d, const char *dev_key, const char *agent,
                    const char *controller, const char *reply_topic, enum px_plan_kind kind,
                    const struct usp_msg *req)
{
    struct px_queue_entry e = {0};
    struct enq_ctx *c;
    int64_t now = (int64_t)time(NULL);
    uint64_t seq = 0;

    if (plan_encode(kind, req, &e.plan, &e.plan_len) != 0)
        return -1;
    e.msg_id = (char *)usp_msg_id(req);
    e.controller = (char *)controller;
    e.reply_topic = (char *)(reply_topic ? reply_topic : "");
    e.accepted = now;
    e.deadline = now + d->cfg.cpe_wait_timeout;
    c = calloc(1, sizeof *c);
    if (!c || px_queue_push(d->store, dev_key, &e, &seq) != 0) {
        free(e.plan);
        free(c);
        return -1;
    }
    free(e.plan);
    c->d = d;
    c->dev_key = strdup(dev_key);
    c->agent = strdup(agent);
    c->controller = strdup(controller);
    c->reply_topic = strdup(reply_topic ? reply_topic : "");
    c->msg_id = strdup(usp_msg_id(req));
    if (!c->dev_key || !c->agent || !c->controller || !c->reply_topic || !c->msg_id ||
        px_store_on_commit(d->store, enq_committed, c) != 0) {
        enq_free(c);
        /* The caller answers with an Error: take the staged push back so
         * the request is not answered a second time later. If that fails
         * too, the entry runs in a later session (or expires): answered. */
        return px_queue_remove(d->store, dev_key, seq) == 0 ? -1 : 0;
    }
    px_info("%s: queued %s %s as #%llu", dev_key, usp_msg_type_name(usp_msg_type(req)),
            usp_msg_id(req), (unsigned long long)seq);
    return 0;
}

/* ---------------------------------------------------------------------
 * Execution.
 * ------------------------------------------------------------------- */

void px_work_free(struct px_work *w)
{
    if (!w)
        return;
    if (w->ops && w->ops->free_state)
        w->ops->free_state(w);
    usp_msg_free(w->req);
    free(w->msg_id);
    free(w->controller);
    free(w->reply_topic);
    free(w);
}

struct head_ctx {
    struct px_queue_entry e;
    int found;
    int oom;
};

static int take_head(void *arg, const char *dev_key, const struct px_queue_entry *e)
{
    struct head_ctx *h = arg;
    (void)dev_key;
    h->e.seq = e->seq;
    h->e.attempts = e->attempts;
    h->e.msg_id = strdup(e->msg_id);
    h->e.controller = strdup(e->controller);
    h->e.reply_topic = strdup(e->reply_topic ? e->reply_topic : "");
    h->e.plan = malloc(e->plan_len ? e->plan_len : 1);
    if (!h->e.msg_id || !h->e.controller || !h->e.reply_topic || !h->e.plan)
        h->oom = 1;
    else
        memcpy(h->e.plan, e->plan, e->plan_len);
    h->e.plan_len = e->plan_len;
    h->found = 1;
    return 1; /* the first entry only */
}

struct px_work *px_work_load_head(struct px_daemon *d, const char *dev_key, const char *agent)
{
    for (;;) {
        struct head_ctx h;
        struct px_work *w;
        enum px_plan_kind kind;
        char why[300];

        memset(&h, 0, sizeof h);
        if (px_queue_foreach(d->store, dev_key, take_head, &h) != 0 || !h.found || h.oom) {
            if (h.oom)
                px_err("%s: out of memory loading the queue", dev_key);
            px_queue_entry_clear(&h.e);
            return NULL;
        }
        w = calloc(1, sizeof *w);
        if (!w) {
            px_queue_entry_clear(&h.e);
            return NULL;
        }
        w->d = d;
        snprintf(w->dev_key, sizeof w->dev_key, "%s", dev_key);
        snprintf(w->agent, sizeof w->agent, "%s", agent);
        w->seq = h.e.seq;
        w->attempts = h.e.attempts;
        w->msg_id = h.e.msg_id;
        w->controller = h.e.controller;
        w->reply_topic = h.e.reply_topic;
        h.e.msg_id = h.e.controller = h.e.reply_topic = NULL;
        if (plan_decode(h.e.plan, h.e.plan_len, &kind, &w->req, why, sizeof why) == 0) {
            w->ops = px_plan_ops_for(kind);
            if (w->ops->start(w) == 0) {
                px_queue_entry_clear(&h.e);
                return w;
            }
            snprintf(why, sizeof why, "the request cannot be planned");
        }
        /* Unusable entry: answer it and go on with the next one. */
        px_err("%s: queue entry #%llu dropped: %s", dev_key, (unsigned long long)w->seq, why);
        if (px_queue_remove(d->store, dev_key, w->seq) != 0) {
            px_err("%s: cannot remove #%llu: %s", dev_key, (unsigned long long)w->seq,
                   px_store_errmsg(d->store));
            px_queue_entry_clear(&h.e);
            px_work_free(w);
            return NULL; /* not again in this turn */
        }
        px_reply_error(d, agent, w->controller, w->reply_topic, w->msg_id, USP_ERR_INTERNAL_ERROR,
                       why);
        px_queue_entry_clear(&h.e);
        px_work_free(w);
    }
}

int px_work_complete(struct px_work *w, const char *agent)
{
    struct px_daemon *d = w->d;
    struct usp_msg *resp = w->ops->finish(w);
    int rc = px_queue_remove(d->store, w->dev_key, w->seq);

    if (rc == PX_STORE_NOT_FOUND) {
        /* Answered already (expired meanwhile): exactly once. */
        px_info("%s: #%llu finished after it was answered with an Error", w->dev_key,
                (unsigned long long)w->seq);
        usp_msg_free(resp);
    } else if (rc != 0) {
        px_err("%s: cannot remove #%llu: %s", w->dev_key, (unsigned long long)w->seq,
               px_store_errmsg(d->store));
        usp_msg_free(resp);
        px_work_free(w);
        return -1;
    } else if (!resp && w->no_response) {
        px_info("%s: #%llu done (no response requested)", w->dev_key, (unsigned long long)w->seq);
    } else if (!resp) {
        px_reply_error(d, agent, w->controller, w->reply_topic, w->msg_id, USP_ERR_INTERNAL_ERROR,
                       "out of memory building the response");
    } else {
        px_info("%s: #%llu done, answering %s", w->dev_key, (unsigned long long)w->seq, w->msg_id);
        px_publish_after_commit(d, agent, w->controller, w->reply_topic, resp);
    }
    px_work_free(w);
    return 0;
}

/* ---------------------------------------------------------------------
 * Expiry and recovery.
 * ------------------------------------------------------------------- */

struct expired {
    char *dev_key, *msg_id, *controller, *reply_topic;
    int64_t accepted;
    struct expired *next;
};

static int collect_expired(void *arg, const char *dev_key, const struct px_queue_entry *e)
{
    struct expired **list = arg, *x = calloc(1, sizeof *x);
    if (!x)
        return 0;
    x->dev_key = strdup(dev_key);
    x->msg_id = strdup(e->msg_id);
    x->controller = strdup(e->controller);
    x->reply_topic = strdup(e->reply_topic ? e->reply_topic : "");
    x->accepted = e->accepted;
    x->next = *list;
    *list = x;
    return 0;
}

void px_work_expire(struct px_daemon *d)
{
    struct expired *list = NULL, *x;
    size_t n = 0;
    int64_t now = (int64_t)time(NULL);

    if (px_queue_expire(d->store, now, collect_expired, &list, &n) != 0)
        px_err("queue expiry failed: %s", px_store_errmsg(d->store));
    while ((x = list) != NULL) {
        struct px_device dev = {0};
        list = x->next;
        if (x->dev_key && x->msg_id && x->controller &&
            px_device_get(d->store, x->dev_key, &dev) == 0 && dev.endpoint_id) {
            char text[300];
            snprintf(text, sizeof text,
                     "the CWMP device %s did not connect to the proxy within %lld s", x->dev_key,
                     (long long)(now - x->accepted));
            px_warn("%s: %s expired: %s", x->dev_key, x->msg_id, text);
            px_reply_error(d, dev.endpoint_id, x->controller, x->reply_topic, x->msg_id,
                           USP_ERR_GENERAL_FAILURE, text);
        }
        px_device_clear(&dev);
        free(x->dev_key);
        free(x->msg_id);
        free(x->controller);
        free(x->reply_topic);
        free(x);
    }
}

static int wake_one(void *arg, const char *dev_key)
{
    struct px_daemon *d = arg;
    px_info("%s: has queued requests from before the restart", dev_key);
    px_acs_wake(d, dev_key);
    return 0;
}

void px_work_recover(struct px_daemon *d)
{
    if (px_queue_devices(d->store, wake_one, d) != 0)
        px_err("cannot list the queue: %s", px_store_errmsg(d->store));
}
