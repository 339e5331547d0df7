/*
 * publish.c - sending USP Records from the proxied agents: a response is
 * published only after the commit of the loop turn that produced it (so
 * the controller never hears of work the store does not have), and a
 * Record the broker cannot take now (connection down) is kept in the
 * outbox (outbox.h) and retried every second until it is handed to the
 * broker, also after a restart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proxy/log.h"
#include "proxy/notify.h"
#include "proxy/outbox.h"
#include "proxy/px.h"

/* How long an undeliverable Record waits between attempts. */
#define PX_OUTBOX_RETRY_S 5

struct pending_pub {
    struct px_daemon *d;
    char *agent;
    char *controller;
    char *topic;
    uint8_t *record;
    size_t len;
    char *what; /* for the log: "GET_RESP 42" */
};

static void pending_free(struct pending_pub *p)
{
    free(p->agent);
    free(p->controller);
    free(p->topic);
    free(p->record);
    free(p->what);
    free(p);
}

static void publish_hook(void *arg, int status, const char *why)
{
    struct pending_pub *p = arg;
    if (status != 0) {
        px_err("not sending %s from %s: the state could not be committed (%s)", p->what, p->agent,
               why ? why : "?");
    } else if (usp_mqtt_publish(p->d->mqtt, p->agent, p->topic, p->record, p->len) != 0) {
        struct px_outbox_entry e = {0};
        e.agent = p->agent;
        e.controller = p->controller;
        e.topic = p->topic;
        e.record = p->record;
        e.record_len = p->len;
        e.next_attempt = (int64_t)time(NULL) + PX_OUTBOX_RETRY_S;
        /* A hook may write: this starts the next turn. */
        if (px_outbox_push(p->d->store, &e, NULL) == 0)
            px_info("%s from %s kept in the outbox: %s", p->what, p->agent,
                    usp_mqtt_error(p->d->mqtt));
        else
            px_err("%s from %s lost: not published (%s) and not stored (%s)", p->what, p->agent,
                   usp_mqtt_error(p->d->mqtt), px_store_errmsg(p->d->store));
    } else {
        px_debug("sent %s from %s to %s", p->what, p->agent, p->topic);
    }
    pending_free(p);
}

void px_publish_after_commit(struct px_daemon *d, const char *agent, const char *controller,
                             const char *reply_topic, struct usp_msg *msg)
{
    const struct px_controller *c = px_daemon_controller(d, controller);
    struct pending_pub *p;
    const char *topic = reply_topic && *reply_topic ? reply_topic : c ? c->topic : NULL;
    char what[160];

    if (!msg)
        return;
    snprintf(what, sizeof what, "%s %s", usp_msg_type_name(usp_msg_type(msg)), usp_msg_id(msg));
    if (!topic) {
        px_warn("no topic to send %s to controller %s", what, controller);
        usp_msg_free(msg);
        return;
    }
    p = calloc(1, sizeof *p);
    if (!p || usp_record_wrap_msg(controller, agent, msg, &p->record, &p->len) != 0) {
        px_err("out of memory building %s", what);
        if (p)
            pending_free(p);
        usp_msg_free(msg);
        return;
    }
    usp_msg_free(msg);
    p->d = d;
    p->agent = strdup(agent);
    p->controller = strdup(controller);
    p->topic = strdup(topic);
    p->what = strdup(what);
    if (!p->agent || !p->controller || !p->topic || !p->what ||
        px_store_on_commit(d->store, publish_hook, p) != 0) {
        px_err("cannot schedule %s: %s", what, px_store_errmsg(d->store));
        pending_free(p);
    }
}

void px_reply_error(struct px_daemon *d, const char *agent, const char *controller,
                    const char *reply_topic, const char *msg_id, uint32_t code, const char *text)
{
    struct usp_msg *e = usp_error_new(msg_id, code, text);
    if (!e) {
        px_err("out of memory building an Error for %s", msg_id);
        return;
    }
    px_publish_after_commit(d, agent, controller, reply_topic, e);
}

/* ---------------------------------------------------------------------
 * Outbox retries.
 * ------------------------------------------------------------------- */

struct due {
    uint64_t seq;
    uint32_t attempts;
    char *agent, *topic;
    uint8_t *record;
    size_t len;
    struct due *next;
};

static int collect_due(void *arg, const struct px_outbox_entry *e)
{
    struct due **list = arg, *x = calloc(1, sizeof *x);
    if (!x)
        return 1;
    x->seq = e->seq;
    x->attempts = e->attempts;
    x->agent = strdup(e->agent);
    x->topic = strdup(e->topic);
    x->record = malloc(e->record_len ? e->record_len : 1);
    if (x->record)
        memcpy(x->record, e->record, e->record_len);
    x->len = e->record_len;
    x->next = *list;
    *list = x;
    return 0;
}

void px_outbox_flush(struct px_daemon *d)
{
    struct due *list = NULL, *x;
    int64_t now = (int64_t)time(NULL);

    if (px_outbox_foreach_due(d->store, now, collect_due, &list) != 0)
        px_err("outbox: %s", px_store_errmsg(d->store));
    while ((x = list) != NULL) {
        int64_t next = 0;
        /* a Notify with send_resp stays until its NotifyResp (notify.c) */
        int ack = px_notify_outbox_policy(d, x->seq, x->attempts, now, &next);
        list = x->next;
        if (ack < 0) {
            px_outbox_remove(d->store, x->seq);
        } else if (x->agent && x->topic && x->record && usp_mqtt_agent_ready(d->mqtt, x->agent) &&
                   usp_mqtt_publish(d->mqtt, x->agent, x->topic, x->record, x->len) == 0) {
            px_info("outbox: #%llu from %s sent to %s%s", (unsigned long long)x->seq, x->agent,
                    x->topic, ack ? " (awaiting NotifyResp)" : "");
            if (ack)
                px_outbox_mark_attempt(d->store, x->seq, next);
            else
                px_outbox_remove(d->store, x->seq);
        } else {
            px_outbox_mark_attempt(d->store, x->seq, now + PX_OUTBOX_RETRY_S);
        }
        free(x->agent);
        free(x->topic);
        free(x->record);
        free(x);
    }
}
