/*
 * attrs.c - the attribute plan (PX_PLAN_ATTRS): a CWMP CPE reports value
 * changes only for parameters whose Notification attribute asks for it
 * (TR-069 A.3.2.4 SetParameterAttributes, 3.2.1 "4 VALUE CHANGE"). The
 * plan makes the CPE's attributes follow the enabled ValueChange
 * subscriptions: Notification=2 (active) for every GetParameterValues name
 * their ReferenceList items give (a partial path for wildcards and
 * searches), 0 for names no subscription references any more. A CPE that
 * answers the attribute RPCs with fault 9000 is flagged
 * (PX_DEVFLAG_NO_ATTRIBUTES) and polled instead, as are names it refuses:
 * in each later session a GetParameterValues of those names is compared
 * with the cache, and what differs is a ValueChange. The plan is an
 * internal queue entry (no USP request, no reply, no deadline) and is
 * restartable: it computes what to do from the subscriptions when it runs.
 *
 * objects key device key NUL "!attrs": u8 version (1), u16 count +
 * (u16+name) of the names set active, u16 count + (u16+name) of the names
 * polled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proxy/log.h"
#include "proxy/notify.h"
#include "proxy/params.h"

#define ATTRS_KEY     "!attrs"
#define ATTRS_VERSION 1
#define ATTRS_MSG_ID  "px-attrs"

struct names {
    char **v;
    size_t n;
};

enum attrs_step { ST_SPA_ALL, ST_SPA_ONE, ST_GPV_ALL, ST_GPV_ONE, ST_DONE };

struct attrs_state {
    struct names want, off, poll, active;
    int no_attr;  /* the CPE has no attribute RPCs */
    int had_flag; /* ... and the device record says so already */
    enum attrs_step step;
    size_t idx; /* ST_*_ONE: the item in flight */
    int in_flight;
};

static int names_has(const struct names *l, const char *s)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return 1;
    return 0;
}

static int names_add(struct names *l, const char *s)
{
    char **p;
    if (names_has(l, s))
        return 0;
    p = realloc(l->v, (l->n + 1) * sizeof *p);
    if (!p)
        return -1;
    l->v = p;
    if (!(l->v[l->n] = strdup(s)))
        return -1;
    l->n++;
    return 0;
}

static void names_free(struct names *l)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

/* ---------------------------------------------------------------------
 * The "!attrs" record.
 * ------------------------------------------------------------------- */

static size_t record_key(const char *dev_key, char *buf, size_t cap)
{
    size_t kl = strlen(dev_key);
    if (!kl || kl + 1 + sizeof ATTRS_KEY > cap)
        return 0;
    memcpy(buf, dev_key, kl + 1);
    memcpy(buf + kl + 1, ATTRS_KEY, sizeof ATTRS_KEY - 1);
    return kl + sizeof ATTRS_KEY;
}

static int read_list(struct px_rbuf *r, struct names *l)
{
    uint16_t n, i;
    if (px_rbuf_u16(r, &n))
        return -1;
    for (i = 0; i < n; i++) {
        char *s;
        if (px_rbuf_str16(r, MAP_NAME_MAX, &s))
            return -1;
        if (names_add(l, s)) {
            free(s);
            return -1;
        }
        free(s);
    }
    return 0;
}

/* The names set active and polled so far (empty when none). */
static int record_get(struct px_store *st, const char *dev_key, struct names *active,
                      struct names *polled)
{
    char key[PX_DEVICE_KEY_MAX + 16];
    size_t kl = record_key(dev_key, key, sizeof key), vl;
    struct px_rbuf r;
    uint8_t v;
    void *val;
    int rc;

    if (!kl)
        return -1;
    rc = px_store_get(st, PX_DB_OBJECTS, key, kl, &val, &vl);
    if (rc != 0)
        return rc == PX_STORE_NOT_FOUND ? 0 : -1;
    r.p = val;
    r.left = vl;
    rc = px_rbuf_u8(&r, &v) || v != ATTRS_VERSION || read_list(&r, active) || read_list(&r, polled)
             ? -1
             : 0;
    free(val);
    if (rc)
        px_warn("%s: the attribute record is unreadable: starting afresh", dev_key);
    return 0;
}

static void write_list(struct px_wbuf *b, const struct names *l)
{
    size_t i, n = l->n > 65535 ? 65535 : l->n;
    px_wbuf_u16(b, (uint16_t)n);
    for (i = 0; i < n; i++) {
        px_wbuf_u16(b, (uint16_t)strlen(l->v[i]));
        px_wbuf_bytes(b, l->v[i], strlen(l->v[i]));
    }
}

static int record_put(struct px_store *st, const char *dev_key, const struct names *active,
                      const struct names *polled)
{
    char key[PX_DEVICE_KEY_MAX + 16];
    size_t kl = record_key(dev_key, key, sizeof key);
    struct px_wbuf b = {0};
    int rc;

    if (!kl)
        return -1;
    if (!active->n && !polled->n)
        return px_store_del(st, PX_DB_OBJECTS, key, kl) < 0 ? -1 : 0;
    px_wbuf_u8(&b, ATTRS_VERSION);
    write_list(&b, active);
    write_list(&b, polled);
    if (b.oom) {
        px_wbuf_free(&b);
        return -1;
    }
    rc = px_store_put(st, PX_DB_OBJECTS, key, kl, b.data, b.len);
    px_wbuf_free(&b);
    return rc;
}

int px_attrs_polled(struct px_daemon *d, const char *dev_key, uint32_t dev_flags)
{
    struct names a = {0}, p = {0};
    int polled;
    if (dev_flags & PX_DEVFLAG_NO_ATTRIBUTES)
        return 1;
    record_get(d->store, dev_key, &a, &p);
    polled = p.n > 0;
    names_free(&a);
    names_free(&p);
    return polled;
}

/* ---------------------------------------------------------------------
 * What the subscriptions want.
 * ------------------------------------------------------------------- */

/* The GetParameterValues names of every enabled ValueChange reference. */
static int wanted(struct px_daemon *d, const char *dev_key, struct names *want)
{
    int64_t now = (int64_t)time(NULL);
    struct px_sub *subs;
    size_t i, n;

    if (px_subs_load(d->store, dev_key, &subs, &n) != 0)
        return -1;
    for (i = 0; i < n; i++) {
        const char *p = subs[i].reference_list;
        if (!subs[i].enable || subs[i].notif_type != PX_NOTIF_VALUE_CHANGE ||
            px_sub_expired(&subs[i], now))
            continue;
        while (p && *p) {
            const char *e = strchr(p, ',');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            char item[PX_SUB_REFLIST_MAX + 1], name[MAP_NAME_MAX], why[200];
            while (l && *p == ' ')
                p++, l--;
            while (l && p[l - 1] == ' ')
                l--;
            memcpy(item, p, l);
            item[l] = '\0';
            if (l && map_get_fetch_name(item, name, sizeof name, why, sizeof why) == 0 &&
                !px_synth_owns(name) && names_add(want, name) != 0) {
                px_subs_free(subs, n);
                return -1;
            }
            if (!e)
                break;
            p = e + 1;
        }
    }
    px_subs_free(subs, n);
    return 0;
}

/* ---------------------------------------------------------------------
 * Plan ops.
 * ------------------------------------------------------------------- */

static void attrs_free(struct px_work *w)
{
    struct attrs_state *st = w->state;
    if (!st)
        return;
    names_free(&st->want);
    names_free(&st->off);
    names_free(&st->poll);
    names_free(&st->active);
    free(st);
    w->state = NULL;
}

static enum attrs_step after_spa(const struct attrs_state *st)
{
    return st->poll.n ? ST_GPV_ALL : ST_DONE;
}

static int attrs_start(struct px_work *w)
{
    struct attrs_state *st = calloc(1, sizeof *st);
    struct names was = {0}, polled = {0};
    struct px_device dev = {0};
    size_t i;

    if (!st)
        return -1;
    w->state = st;
    if (px_device_get(w->d->store, w->dev_key, &dev) == 0) {
        st->had_flag = st->no_attr = (dev.flags & PX_DEVFLAG_NO_ATTRIBUTES) != 0;
        px_device_clear(&dev);
    }
    if (wanted(w->d, w->dev_key, &st->want) != 0 ||
        record_get(w->d->store, w->dev_key, &was, &polled) != 0)
        goto fail;
    for (i = 0; i < was.n; i++)
        if (!names_has(&st->want, was.v[i]) && names_add(&st->off, was.v[i]) != 0)
            goto fail;
    names_free(&was);
    names_free(&polled);
    if (st->no_attr) {
        for (i = 0; i < st->want.n; i++)
            if (names_add(&st->poll, st->want.v[i]) != 0)
                return -1;
        st->step = after_spa(st);
    } else {
        st->step = st->want.n || st->off.n ? ST_SPA_ALL : ST_DONE;
    }
    return 0;
fail:
    names_free(&was);
    names_free(&polled);
    return -1;
}

/* Item i of want + off. */
static const char *item_at(const struct attrs_state *st, size_t i, int *notification)
{
    *notification = i < st->want.n ? 2 : 0;
    return i < st->want.n ? st->want.v[i] : st->off.v[i - st->want.n];
}

static struct cwmp_msg *spa_rpc(const struct attrs_state *st, size_t from, size_t to)
{
    struct cwmp_msg *m = cwmp_msg_new(CWMP_MSG_SET_PARAMETER_ATTRIBUTES);
    size_t i;
    if (!m)
        return NULL;
    m->body.spa.params = cwmp_msg_alloc(m, (to - from) * sizeof *m->body.spa.params);
    if (!m->body.spa.params) {
        cwmp_msg_free(m);
        return NULL;
    }
    for (i = from; i < to; i++) {
        struct cwmp_set_param_attr *a = &m->body.spa.params[i - from];
        memset(a, 0, sizeof *a);
        a->name = item_at(st, i, &a->notification);
        a->notification_change = 1;
    }
    m->body.spa.n_params = to - from;
    return m;
}

static struct cwmp_msg *gpv_rpc(const struct names *l, size_t from, size_t to)
{
    struct cwmp_msg *m = cwmp_msg_new(CWMP_MSG_GET_PARAMETER_VALUES);
    size_t i;
    if (!m)
        return NULL;
    m->body.gpv.names = cwmp_msg_alloc(m, (to - from) * sizeof(char *));
    if (!m->body.gpv.names) {
        cwmp_msg_free(m);
        return NULL;
    }
    for (i = from; i < to; i++)
        m->body.gpv.names[i - from] = l->v[i];
    m->body.gpv.n_names = to - from;
    return m;
}

static struct cwmp_msg *attrs_next_rpc(struct px_work *w)
{
    struct attrs_state *st = w->state;
    size_t total = st->want.n + st->off.n;
    struct cwmp_msg *m = NULL;

    switch (st->step) {
    case ST_SPA_ALL:
        m = spa_rpc(st, 0, total);
        break;
    case ST_SPA_ONE:
        m = spa_rpc(st, st->idx, st->idx + 1);
        break;
    case ST_GPV_ALL:
        m = gpv_rpc(&st->poll, 0, st->poll.n);
        break;
    case ST_GPV_ONE:
        m = gpv_rpc(&st->poll, st->idx, st->idx + 1);
        break;
    case ST_DONE:
        return NULL;
    }
    if (!m) {
        st->step = ST_DONE; /* out of memory: try again in the next session */
        return NULL;
    }
    st->in_flight = 1;
    return m;
}

/* The CPE cannot do attributes at all: poll everything wanted. */
static void no_attributes(struct px_work *w, struct attrs_state *st)
{
    size_t i;
    if (!st->no_attr)
        px_notice("%s: the CPE has no SetParameterAttributes (fault 9000): value changes are "
                  "polled in each session",
                  w->dev_key);
    st->no_attr = 1;
    names_free(&st->active);
    for (i = 0; i < st->want.n; i++)
        names_add(&st->poll, st->want.v[i]);
    st->step = after_spa(st);
}

static void on_spa(struct px_work *w, struct attrs_state *st, const struct cwmp_msg *resp)
{
    size_t i, total = st->want.n + st->off.n;
    int ok = resp->type == CWMP_MSG_SET_PARAMETER_ATTRIBUTES_RESPONSE;
    int code = resp->type == CWMP_MSG_FAULT ? resp->body.fault.code : 0;

    if (!ok && (code == CWMP_FAULT_METHOD_NOT_SUPPORTED || !code)) {
        no_attributes(w, st);
        return;
    }
    if (st->step == ST_SPA_ALL) {
        if (ok) {
            for (i = 0; i < st->want.n; i++)
                names_add(&st->active, st->want.v[i]);
            st->step = after_spa(st);
            return;
        }
        if (total > 1) { /* one name at a time so one refusal does not block the others */
            st->step = ST_SPA_ONE;
            st->idx = 0;
            return;
        }
    }
    /* ST_SPA_ONE, or the only item of ST_SPA_ALL */
    if (st->step == ST_SPA_ALL)
        st->idx = 0;
    if (st->idx < st->want.n) {
        const char *name = st->want.v[st->idx];
        if (ok) {
            names_add(&st->active, name);
        } else {
            px_info("%s: SetParameterAttributes %s: fault %d: polled instead", w->dev_key, name,
                    code);
            names_add(&st->poll, name);
        }
    }
    if (st->step == ST_SPA_ALL || ++st->idx >= total)
        st->step = after_spa(st);
}

/* Polled values against the cache: what differs is a ValueChange. */
static void compare(struct px_work *w, const struct cwmp_msg *resp)
{
    const struct cwmp_param_values *pv = &resp->body.gpv_resp;
    int64_t now = (int64_t)time(NULL);
    size_t i;

    for (i = 0; i < pv->n_params; i++) {
        const struct cwmp_param_value *v = &pv->params[i];
        const char *value = v->value ? v->value : "";
        struct px_param old, p;
        if (!v->name || !*v->name || v->name[strlen(v->name) - 1] == '.')
            continue;
        if (px_params_get(w->d->store, w->dev_key, v->name, &old) == 0) {
            int changed = strcmp(old.value, value) != 0;
            free((char *)old.value);
            if (changed)
                px_notify_value_change(w->d, w->dev_key, w->agent, v->name, value);
        }
        p.path = v->name;
        p.type = v->type;
        p.value = value;
        p.value_len = strlen(value);
        p.updated = now;
        px_params_put(w->d->store, w->dev_key, &p);
    }
}

static void attrs_on_response(struct px_work *w, const struct cwmp_msg *resp)
{
    struct attrs_state *st = w->state;
    int ok = resp->type == CWMP_MSG_GET_PARAMETER_VALUES_RESPONSE;

    if (!st->in_flight)
        return;
    st->in_flight = 0;
    switch (st->step) {
    case ST_SPA_ALL:
    case ST_SPA_ONE:
        on_spa(w, st, resp);
        break;
    case ST_GPV_ALL:
        if (ok)
            compare(w, resp);
        if (!ok && st->poll.n > 1) {
            st->step = ST_GPV_ONE;
            st->idx = 0;
        } else {
            st->step = ST_DONE;
        }
        break;
    case ST_GPV_ONE:
        if (ok)
            compare(w, resp);
        if (++st->idx >= st->poll.n)
            st->step = ST_DONE;
        break;
    case ST_DONE:
        break;
    }
}

static struct usp_msg *attrs_finish(struct px_work *w)
{
    struct attrs_state *st = w->state;

    w->no_response = 1; /* an internal entry: nobody to answer */
    if (st->step != ST_DONE)
        return NULL; /* not run to the end (expired or out of memory) */
    if (record_put(w->d->store, w->dev_key, &st->active, &st->poll) != 0)
        px_err("%s: cannot store the attribute record: %s", w->dev_key,
               px_store_errmsg(w->d->store));
    if (st->no_attr && !st->had_flag)
        px_device_update_flags(w->d->store, w->dev_key, PX_DEVFLAG_NO_ATTRIBUTES, 0);
    px_info("%s: attributes: %zu active, %zu off, %zu polled", w->dev_key, st->active.n, st->off.n,
            st->poll.n);
    return NULL;
}

const struct px_plan_ops px_attrs_ops = {
    PX_PLAN_ATTRS, attrs_start, attrs_next_rpc, attrs_on_response, attrs_finish, attrs_free,
};

/* ---------------------------------------------------------------------
 * Queueing.
 * ------------------------------------------------------------------- */

struct find_ctx {
    uint64_t skip; /* the entry in progress */
    int found;
};

static int find_attrs(void *arg, const char *dev_key, const struct px_queue_entry *e)
{
    struct find_ctx *f = arg;
    (void)dev_key;
    if (e->seq != f->skip && e->plan_len >= 2 && e->plan[1] == PX_PLAN_ATTRS) {
        f->found = 1;
        return 1;
    }
    return 0;
}

struct wake_ctx {
    struct px_daemon *d;
    char dev_key[PX_DEVICE_KEY_MAX + 1];
};

static void wake_hook(void *arg, int status, const char *why)
{
    struct wake_ctx *c = arg;
    (void)why;
    if (status == 0)
        px_acs_wake(c->d, c->dev_key);
    free(c);
}

int px_attrs_enqueue(struct px_daemon *d, const char *dev_key, int wake)
{
    struct px_session *s = px_acs_session(d, dev_key);
    struct find_ctx f = {s && s->work ? s->work->seq : 0, 0};
    struct px_queue_entry e = {0};
    struct usp_msg *dummy;
    struct px_wbuf b = {0};
    uint8_t *m = NULL;
    size_t ml = 0;
    int rc;

    if (px_queue_foreach(d->store, dev_key, find_attrs, &f) != 0)
        return -1;
    if (f.found)
        return 0; /* a queued one will see the current subscriptions */
    /* the plan format wants a USP Msg: an empty Get stands for "none" */
    dummy = usp_get_new(ATTRS_MSG_ID, 0);
    if (!dummy || usp_msg_encode(dummy, &m, &ml) != 0) {
        usp_msg_free(dummy);
        return -1;
    }
    usp_msg_free(dummy);
    px_wbuf_u8(&b, PX_PLAN_VERSION);
    px_wbuf_u8(&b, PX_PLAN_ATTRS);
    px_wbuf_u32(&b, (uint32_t)ml);
    px_wbuf_bytes(&b, m, ml);
    free(m);
    if (b.oom) {
        px_wbuf_free(&b);
        return -1;
    }
    e.msg_id = (char *)ATTRS_MSG_ID;
    e.controller = (char *)"";
    e.reply_topic = (char *)"";
    e.accepted = (int64_t)time(NULL);
    e.deadline = 0; /* waits for the CPE's next session however long */
    e.plan = b.data;
    e.plan_len = b.len;
    rc = px_queue_push(d->store, dev_key, &e, NULL);
    px_wbuf_free(&b);
    if (rc != 0) {
        px_err("%s: cannot queue the attribute plan: %s", dev_key, px_store_errmsg(d->store));
        return -1;
    }
    px_debug("%s: attribute plan queued", dev_key);
    if (wake) {
        struct wake_ctx *c = calloc(1, sizeof *c);
        if (c) {
            c->d = d;
            snprintf(c->dev_key, sizeof c->dev_key, "%s", dev_key);
            if (px_store_on_commit(d->store, wake_hook, c) != 0)
                free(c);
        }
    }
    return 0;
}
