/*
 * notify.c - sending the proxied agents' Notify messages (TR-369
 * "Notify", "Responses to Notifications and Notification Retry"): to the
 * Recipient controller's topic, with subscription_id = the subscription's
 * ID. A Notify with send_resp true waits in the outbox until the
 * controller's NotifyResp with the same msg_id, and the outbox flush
 * publishes it again after the R-NOT.1 wait (subs.c
 * px_notify_retry_wait) until then or until NotifExpiration; the notify
 * database (layout in notify.h) ties msg_id and outbox entry together so
 * it all survives a restart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proxy/log.h"
#include "proxy/notify.h"
#include "proxy/outbox.h"

#define ACK_VERSION     1
#define ACK_STR_MAX     1024
#define CONTROLLER_PATH "Device.LocalAgent.Controller."

/* ---------------------------------------------------------------------
 * Records of the notify database.
 * ------------------------------------------------------------------- */

void px_notify_ack_clear(struct px_notify_ack *a)
{
    free(a->agent);
    free(a->msg_id);
    free(a->subscription_id);
    memset(a, 0, sizeof *a);
}

static void put_str16(struct px_wbuf *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    px_wbuf_u16(b, (uint16_t)n);
    px_wbuf_bytes(b, s, n);
}

int px_notify_ack_encode(const struct px_notify_ack *a, uint8_t **buf, size_t *len)
{
    struct px_wbuf b = {0};
    if ((a->agent && strlen(a->agent) > ACK_STR_MAX) ||
        (a->msg_id && strlen(a->msg_id) > ACK_STR_MAX) ||
        (a->subscription_id && strlen(a->subscription_id) > ACK_STR_MAX))
        return -1;
    px_wbuf_u8(&b, ACK_VERSION);
    px_wbuf_u64(&b, (uint64_t)a->expires);
    put_str16(&b, a->agent);
    put_str16(&b, a->msg_id);
    put_str16(&b, a->subscription_id);
    if (b.oom) {
        px_wbuf_free(&b);
        return -1;
    }
    *buf = b.data;
    *len = b.len;
    return 0;
}

int px_notify_ack_decode(const void *buf, size_t len, struct px_notify_ack *a, char *why,
                         size_t why_len)
{
    struct px_rbuf r = {buf, len};
    uint8_t v;
    uint64_t exp;
    const char *bad = NULL;

    memset(a, 0, sizeof *a);
    if (px_rbuf_u8(&r, &v) || v != ACK_VERSION)
        bad = "unknown version";
    else if (px_rbuf_u64(&r, &exp))
        bad = "truncated header";
    else if (px_rbuf_str16(&r, ACK_STR_MAX, &a->agent))
        bad = "bad agent Endpoint ID";
    else if (px_rbuf_str16(&r, ACK_STR_MAX, &a->msg_id))
        bad = "bad msg_id";
    else if (px_rbuf_str16(&r, ACK_STR_MAX, &a->subscription_id))
        bad = "bad subscription_id";
    else if (r.left)
        bad = "trailing bytes";
    if (bad) {
        px_notify_ack_clear(a);
        snprintf(why, why_len, "notify record: %s", bad);
        return -1;
    }
    a->expires = (int64_t)exp;
    return 0;
}

static void seq_key(uint8_t *k, uint64_t seq)
{
    k[0] = 's';
    px_store_put_be64(k + 1, seq);
}

/* "m" agent NUL msg_id; 0 when too long. */
static size_t msg_key(char *k, size_t cap, const char *agent, const char *msg_id)
{
    size_t al = strlen(agent), ml = strlen(msg_id);
    if (2 + al + ml > cap)
        return 0;
    k[0] = 'm';
    memcpy(k + 1, agent, al);
    k[1 + al] = '\0';
    memcpy(k + 2 + al, msg_id, ml);
    return 2 + al + ml;
}

static int get_ack(struct px_store *st, uint64_t seq, struct px_notify_ack *a)
{
    uint8_t k[9];
    void *v;
    size_t vl;
    char why[160];
    int rc;

    memset(a, 0, sizeof *a);
    seq_key(k, seq);
    rc = px_store_get(st, PX_DB_NOTIFY, k, sizeof k, &v, &vl);
    if (rc != 0)
        return rc;
    rc = px_notify_ack_decode(v, vl, a, why, sizeof why);
    free(v);
    return rc ? px_store_set_error(st, "notify record %llu: %s", (unsigned long long)seq, why) : 0;
}

static void drop_ack(struct px_store *st, uint64_t seq, const struct px_notify_ack *a)
{
    uint8_t k[9];
    char mk[2 * ACK_STR_MAX + 2];
    size_t ml = msg_key(mk, sizeof mk, a->agent, a->msg_id);

    seq_key(k, seq);
    px_store_del(st, PX_DB_NOTIFY, k, sizeof k);
    if (ml)
        px_store_del(st, PX_DB_NOTIFY, mk, ml);
}

/* ---------------------------------------------------------------------
 * Sending.
 * ------------------------------------------------------------------- */

int px_notify_msg_id(struct px_daemon *d, char *buf, size_t len)
{
    uint64_t n;
    if (px_store_next_seq(d->store, &n) != 0)
        return -1;
    snprintf(buf, len, "px-notify-%llu", (unsigned long long)n);
    return 0;
}

const struct px_controller *px_notify_recipient(const struct px_daemon *d, const char *recipient)
{
    size_t pl = strlen(CONTROLLER_PATH);
    unsigned long n;
    char *end;

    if (!recipient || strncmp(recipient, CONTROLLER_PATH, pl) != 0)
        return NULL;
    n = strtoul(recipient + pl, &end, 10);
    if (end == recipient + pl || (*end && strcmp(end, ".") != 0) || n == 0 ||
        n > d->cfg.n_controllers)
        return NULL;
    return &d->cfg.controllers[n - 1];
}

/* After the commit: the first attempt, without scanning the outbox. */
struct first_send {
    struct px_daemon *d;
    uint64_t seq;
    char *agent, *topic, *msg_id;
    uint8_t *record;
    size_t len;
};

static void first_send_hook(void *arg, int status, const char *why)
{
    struct first_send *f = arg;
    struct px_daemon *d = f->d;
    int64_t now = (int64_t)time(NULL);

    (void)why;
    if (status == 0 && usp_mqtt_agent_ready(d->mqtt, f->agent) &&
        usp_mqtt_publish(d->mqtt, f->agent, f->topic, f->record, f->len) == 0) {
        px_debug("%s: Notify %s sent to %s (awaiting NotifyResp)", f->agent, f->msg_id, f->topic);
        /* R-NOT.1: the first re-send waits m .. m*k/1000 */
        px_outbox_mark_attempt(d->store, f->seq,
                               now + px_notify_retry_wait(1, (unsigned)d->cfg.notify_retry_min,
                                                          (unsigned)d->cfg.notify_retry_multiplier,
                                                          (double)(random() % 1000000) / 1e6));
    } /* else it stays due: the outbox flush tries again */
    free(f->agent);
    free(f->topic);
    free(f->msg_id);
    free(f->record);
    free(f);
}

int px_notify_send(struct px_daemon *d, const char *agent, const char *controller,
                   struct usp_msg *msg, int send_resp, uint32_t expiration)
{
    const struct px_controller *c = px_daemon_controller(d, controller);
    struct px_outbox_entry e = {0};
    struct px_notify_ack a = {0};
    struct usp_notify_view nv;
    char mk[2 * ACK_STR_MAX + 2];
    uint8_t k[9], *val = NULL;
    size_t vl, ml;
    uint64_t seq;
    int64_t now = (int64_t)time(NULL);
    int rc = -1;

    if (!msg)
        return -1;
    if (!send_resp) {
        px_publish_after_commit(d, agent, controller, NULL, msg);
        return 0;
    }
    if (!c || !c->topic) {
        px_warn("%s: no topic for controller %s: Notify %s dropped", agent, controller,
                usp_msg_id(msg));
        usp_msg_free(msg);
        return -1;
    }
    usp_notify_view(msg, &nv);
    e.agent = (char *)agent;
    e.controller = (char *)controller;
    e.topic = c->topic;
    e.next_attempt = now; /* due at once: the flush after the commit sends it */
    a.expires = expiration ? now + (int64_t)expiration : 0;
    a.agent = (char *)agent;
    a.msg_id = (char *)usp_msg_id(msg);
    a.subscription_id = (char *)nv.subscription_id;
    ml = msg_key(mk, sizeof mk, agent, a.msg_id);
    if (!ml || usp_record_wrap_msg(controller, agent, msg, &e.record, &e.record_len) != 0 ||
        px_notify_ack_encode(&a, &val, &vl) != 0) {
        px_err("%s: cannot build Notify %s", agent, usp_msg_id(msg));
        goto out;
    }
    if (px_outbox_push(d->store, &e, &seq) != 0)
        goto store_failed;
    seq_key(k, seq);
    {
        uint8_t sv[9];
        sv[0] = ACK_VERSION;
        px_store_put_be64(sv + 1, seq);
        if (px_store_put(d->store, PX_DB_NOTIFY, k, sizeof k, val, vl) != 0 ||
            px_store_put(d->store, PX_DB_NOTIFY, mk, ml, sv, sizeof sv) != 0)
            goto store_failed;
    }
    {
        struct first_send *f = calloc(1, sizeof *f);
        if (f) {
            f->d = d;
            f->seq = seq;
            f->agent = strdup(agent);
            f->topic = strdup(c->topic);
            f->msg_id = strdup(a.msg_id);
            f->record = e.record;
            f->len = e.record_len;
            e.record = NULL;
        }
        if (!f || !f->agent || !f->topic || !f->msg_id ||
            px_store_on_commit(d->store, first_send_hook, f) != 0) {
            if (f) {
                free(f->agent);
                free(f->topic);
                free(f->msg_id);
                free(f->record);
                free(f);
            }
            /* it is stored and due: the outbox flush sends it */
        }
    }
    px_debug("%s: Notify %s to %s queued (#%llu, send_resp)", agent, a.msg_id, controller,
             (unsigned long long)seq);
    rc = 0;
    goto out;
store_failed:
    px_err("%s: Notify %s not queued: %s", agent, usp_msg_id(msg), px_store_errmsg(d->store));
out:
    free(e.record);
    free(val);
    usp_msg_free(msg);
    return rc;
}

int px_notify_outbox_policy(struct px_daemon *d, uint64_t seq, uint32_t attempts, int64_t now,
                            int64_t *next)
{
    struct px_notify_ack a;
    int rc = get_ack(d->store, seq, &a);

    if (rc == PX_STORE_NOT_FOUND)
        return 0;
    if (rc != 0) {
        px_err("outbox #%llu: %s", (unsigned long long)seq, px_store_errmsg(d->store));
        return 0; /* published like any Record, then forgotten */
    }
    if (a.expires && now >= a.expires) {
        px_notice("%s: Notify %s was not acknowledged before its NotifExpiration: dropped", a.agent,
                  a.msg_id);
        drop_ack(d->store, seq, &a);
        px_notify_ack_clear(&a);
        return -1;
    }
    *next = now + px_notify_retry_wait(attempts + 1, (unsigned)d->cfg.notify_retry_min,
                                       (unsigned)d->cfg.notify_retry_multiplier,
                                       (double)(random() % 1000000) / 1e6);
    px_notify_ack_clear(&a);
    return 1;
}

void px_notify_resp(struct px_daemon *d, const char *agent, const char *controller,
                    const struct usp_msg *m)
{
    char mk[2 * ACK_STR_MAX + 2];
    size_t ml = msg_key(mk, sizeof mk, agent, usp_msg_id(m)), vl;
    const char *sub = usp_notifyresp_subscription_id(m);
    struct px_notify_ack a;
    void *v = NULL;
    uint64_t seq;
    int rc;

    rc = ml ? px_store_get(d->store, PX_DB_NOTIFY, mk, ml, &v, &vl) : PX_STORE_NOT_FOUND;
    if (rc != 0 || vl != 9 || ((uint8_t *)v)[0] != ACK_VERSION) {
        px_info("%s: NotifyResp %s from %s answers no Notify awaiting one", agent, usp_msg_id(m),
                controller);
        free(v);
        return;
    }
    seq = px_store_get_be64((uint8_t *)v + 1);
    free(v);
    if (get_ack(d->store, seq, &a) != 0) {
        px_err("%s: NotifyResp %s: %s", agent, usp_msg_id(m), px_store_errmsg(d->store));
        return;
    }
    if (strcmp(a.subscription_id, sub ? sub : "") != 0) {
        /* R-NOT.16: not valid for the retries */
        px_warn("%s: NotifyResp %s from %s names subscription \"%s\", the Notify \"%s\": ignored",
                agent, usp_msg_id(m), controller, sub ? sub : "", a.subscription_id);
        px_notify_ack_clear(&a);
        return;
    }
    drop_ack(d->store, seq, &a);
    px_outbox_remove(d->store, seq);
    px_info("%s: Notify %s acknowledged by %s", agent, a.msg_id, controller);
    px_notify_ack_clear(&a);
}
