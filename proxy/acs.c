/*
 * acs.c - the ACS side of cwmp2uspd: the session engine's callbacks
 * (cwmp/session.h). An Inform creates or refreshes the device in the
 * registry, caches its parameters and brings its USP agent online; the
 * ACS's turn serves the device's queue one plan at a time (work.c), and
 * a connection request (cwmp/connreq.h) wakes a CPE that has queued work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proxy/instmap.h"
#include "proxy/log.h"
#include "proxy/notify.h"
#include "proxy/ops.h"
#include "proxy/params.h"
#include "proxy/px.h"

/* ---------------------------------------------------------------------
 * Live sessions: a list of them all (d->sessions) and a hash index by
 * device key, since px_acs_wake() and every request look a device up. The
 * index has a power of two >= acs.max_sessions buckets (the engine admits
 * no more sessions), so its chains stay short without resizing.
 * ------------------------------------------------------------------- */

#define PX_SESSION_BUCKETS_MIN 64
#define PX_SESSION_BUCKETS_MAX ((size_t)1 << 20)

int px_acs_sessions_init(struct px_daemon *d)
{
    size_t n = PX_SESSION_BUCKETS_MIN;
    while (n < (size_t)d->cfg.acs_max_sessions && n < PX_SESSION_BUCKETS_MAX)
        n <<= 1;
    d->session_index = calloc(n, sizeof *d->session_index);
    if (!d->session_index)
        return -1;
    d->session_buckets = n;
    return 0;
}

void px_acs_sessions_free(struct px_daemon *d)
{
    free(d->session_index);
    d->session_index = NULL;
    d->session_buckets = 0;
}

/* FNV-1a, 64 bit: device keys are short printable strings. */
static struct px_session **session_bucket(struct px_daemon *d, const char *dev_key)
{
    uint64_t h = 14695981039346656037u;
    const unsigned char *p;
    for (p = (const unsigned char *)dev_key; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return &d->session_index[h & (d->session_buckets - 1)];
}

struct px_session *px_acs_session(struct px_daemon *d, const char *dev_key)
{
    struct px_session *s;
    if (!d->session_index)
        return NULL;
    for (s = *session_bucket(d, dev_key); s; s = s->hnext)
        if (strcmp(s->dev_key, dev_key) == 0)
            return s;
    return NULL;
}

void px_acs_session_link(struct px_daemon *d, struct px_session *s)
{
    struct px_session **b = session_bucket(d, s->dev_key);
    /* At the head: while a replaced session of the same CPE lingers until
     * its ended callback, lookups find the new one. */
    s->hnext = *b;
    *b = s;
    s->prev = NULL;
    s->next = d->sessions;
    if (d->sessions)
        d->sessions->prev = s;
    d->sessions = s;
}

void px_acs_session_unlink(struct px_daemon *d, struct px_session *s)
{
    struct px_session **p;
    for (p = session_bucket(d, s->dev_key); *p; p = &(*p)->hnext)
        if (*p == s) {
            *p = s->hnext;
            break;
        }
    s->hnext = NULL;
    if (s->prev)
        s->prev->next = s->next;
    else if (d->sessions == s)
        d->sessions = s->next;
    if (s->next)
        s->next->prev = s->prev;
    s->next = s->prev = NULL;
}

/* ---------------------------------------------------------------------
 * Engine callbacks.
 * ------------------------------------------------------------------- */

static void cb_log(void *arg, enum cwmp_log_level level, const char *msg)
{
    (void)arg;
    switch (level) {
    case CWMP_LOG_ERROR:
        px_err("acs: %s", msg);
        break;
    case CWMP_LOG_WARNING:
        px_warn("acs: %s", msg);
        break;
    case CWMP_LOG_INFO:
        px_info("acs: %s", msg);
        break;
    default:
        px_debug("acs: %s", msg);
        break;
    }
}

static int cb_credentials(void *arg, const char *username, char *password, size_t cap)
{
    struct px_daemon *d = arg;
    const char *u = d->cfg.acs_username ? d->cfg.acs_username : "";
    const char *p = d->cfg.acs_password ? d->cfg.acs_password : "";
    if (strcmp(username, u) != 0 || strlen(p) >= cap)
        return -1;
    memcpy(password, p, strlen(p) + 1);
    return 0;
}

/* The value of the Inform parameter whose name ends with suffix. */
static const char *inform_param(const struct cwmp_inform *in, const char *suffix)
{
    size_t i, sl = strlen(suffix);
    for (i = 0; i < in->n_params; i++) {
        const char *n = in->params[i].name;
        size_t nl = n ? strlen(n) : 0;
        if (nl >= sl && strcmp(n + nl - sl, suffix) == 0)
            return in->params[i].value;
    }
    return NULL;
}

static int set_str(char **dst, const char *src)
{
    char *c = strdup(src ? src : "");
    if (!c)
        return -1;
    free(*dst);
    *dst = c;
    return 0;
}

/* Fills dev from the Inform (identity, endpoint, connection request URL,
 * events, times). */
static int device_from_inform(struct px_daemon *d, struct px_device *dev, const struct cwmp_msg *m,
                              int64_t now, char *why, size_t why_len)
{
    const struct cwmp_inform *in = &m->body.inform;
    const struct cwmp_device_id *id = &in->device_id;
    char eid[PX_ENDPOINT_ID_MAX + 1];
    const char *url, *cru;
    size_t i;

    if (px_device_endpoint_id((enum px_device_eid_scheme)d->cfg.endpoint_scheme, id->oui,
                              id->product_class ? id->product_class : "", id->serial_number, eid,
                              sizeof eid, why, why_len) != 0)
        return -1;
    url = inform_param(in, ".ManagementServer.ConnectionRequestURL");
    cru = inform_param(in, ".ManagementServer.ConnectionRequestUsername");
    if (set_str(&dev->manufacturer, id->manufacturer) || set_str(&dev->oui, id->oui) ||
        set_str(&dev->product_class, id->product_class) ||
        set_str(&dev->serial_number, id->serial_number) || set_str(&dev->endpoint_id, eid) ||
        (url && set_str(&dev->cr_url, url)) || (cru && set_str(&dev->cr_username, cru)))
        goto oom;
    if (!dev->first_seen)
        dev->first_seen = now;
    dev->last_inform = now;
    for (i = 0; i < dev->n_events; i++)
        free(dev->events[i]);
    free(dev->events);
    dev->events = NULL;
    dev->n_events = 0;
    if (in->n_events) {
        size_t n = in->n_events < PX_DEVICE_EVENTS_MAX ? in->n_events : PX_DEVICE_EVENTS_MAX;
        dev->events = calloc(n, sizeof *dev->events);
        if (!dev->events)
            goto oom;
        for (i = 0; i < n; i++) {
            dev->events[i] = strdup(in->events[i].code ? in->events[i].code : "");
            if (!dev->events[i])
                goto oom;
            dev->n_events++;
        }
    }
    dev->cwmp_major = 1;
    dev->cwmp_minor = (uint8_t)m->ns_version;
    return 0;
oom:
    snprintf(why, why_len, "out of memory");
    return -1;
}

static int cache_inform_params(struct px_daemon *d, const char *key, const struct cwmp_inform *in,
                               int64_t now)
{
    struct px_param *ps;
    size_t i, n = 0;
    int rc;

    if (!in->n_params)
        return 0;
    ps = calloc(in->n_params, sizeof *ps);
    if (!ps)
        return -1;
    for (i = 0; i < in->n_params; i++) {
        const struct cwmp_param_value *pv = &in->params[i];
        if (!pv->name || !*pv->name || pv->name[strlen(pv->name) - 1] == '.')
            continue; /* never a full name: would look like a completeness marker */
        ps[n].path = pv->name;
        ps[n].type = pv->type;
        ps[n].value = pv->value ? pv->value : "";
        ps[n].value_len = strlen(ps[n].value);
        ps[n].updated = now;
        n++;
    }
    rc = px_params_put_many(d->store, key, ps, n);
    free(ps);
    return rc;
}

static void retire_session(struct px_daemon *d, struct px_session *old);

static int cb_inform(void *arg, struct cwmp_session *cs, const struct cwmp_msg *m)
{
    struct px_session *old;
    struct px_daemon *d = arg;
    const struct cwmp_inform *in = &m->body.inform;
    struct px_device dev = {0};
    struct px_session *s;
    char key[PX_DEVICE_KEY_MAX + 1], why[200];
    int64_t now = (int64_t)time(NULL);
    int rc, is_new;

    if (px_device_key(in->device_id.oui,
                      in->device_id.product_class ? in->device_id.product_class : "",
                      in->device_id.serial_number, key, sizeof key, why, sizeof why) != 0) {
        px_warn("refusing Inform from %s: bad DeviceId: %s", cwmp_session_peer_addr(cs), why);
        return 1;
    }
    rc = px_device_get(d->store, key, &dev);
    if (rc < 0) {
        px_err("%s: cannot read the registry: %s", key, px_store_errmsg(d->store));
        return 1;
    }
    is_new = rc == PX_STORE_NOT_FOUND;
    if (device_from_inform(d, &dev, m, now, why, sizeof why) != 0) {
        px_warn("refusing Inform of %s: %s", key, why);
        px_device_clear(&dev);
        return 1;
    }
    dev.flags = px_quirks_after_inform(dev.flags, in);
    /* CWMP -> USP instance paths (the engine's message, ours until we return) */
    px_instmap_inform(d, key, dev.flags, (struct cwmp_msg *)m);
    /* Inform events -> USP notifications (events.c), before the Inform's
     * values replace the cached ones it compares them with */
    px_events_inform(d, key, &dev, is_new, m);
    if (px_device_put(d->store, &dev) != 0 || cache_inform_params(d, key, in, now) != 0) {
        px_err("%s: cannot store the Inform: %s", key, px_store_errmsg(d->store));
        px_device_clear(&dev);
        return 1;
    }
    px_ops_inform(d, key, dev.endpoint_id, m); /* 8 DIAGNOSTICS COMPLETE (ops_run.c) */
    px_info("%s: Inform (%s%s) from %s, agent %s", key, in->n_events ? in->events[0].code : "",
            in->n_events > 1 ? ", ..." : "", cwmp_session_peer_addr(cs), dev.endpoint_id);
    if (px_agent_add(d, dev.endpoint_id) != 0)
        px_warn("%s: agent %s not on MQTT: %s", key, dev.endpoint_id, usp_mqtt_error(d->mqtt));
    else if (is_new)
        px_notice("%s: new device, USP agent %s", key, dev.endpoint_id);

    s = calloc(1, sizeof *s);
    if (!s) {
        px_device_clear(&dev);
        return 1;
    }
    s->d = d;
    s->cs = cs;
    snprintf(s->dev_key, sizeof s->dev_key, "%s", key);
    snprintf(s->endpoint_id, sizeof s->endpoint_id, "%s", dev.endpoint_id);
    s->flags = dev.flags;
    old = px_acs_session(d, key);
    px_acs_session_link(d, s);
    if (old)
        retire_session(d, old);
    cwmp_session_set_data(cs, s);
    px_device_clear(&dev);
    return 0;
}

/*
 * A new Inform from a CPE whose previous session is still open: its
 * connection broke without the proxy noticing yet (e.g. the CPE rebooted
 * at once). An Inform starts a new session (TR-069 3.7.1), so the old one
 * is over: its work in progress counts as broken (quirks.c) and is run by
 * the new session, and the old one serves nothing more (the engine ends it
 * on its own time). Call after the new session is linked, so that a wake
 * finds it instead of sending a connection request.
 */
static void retire_session(struct px_daemon *d, struct px_session *old)
{
    px_info("%s: new Inform while a session was open: the old session is over", old->dev_key);
    px_quirks_session_ended(old, CWMP_END_REPLACED);
    if (old->work) {
        px_work_free(old->work);
        old->work = NULL;
    }
    old->replaced = 1;
    px_acs_session_unlink(d, old);
}

static void cb_cpe_request(void *arg, struct cwmp_session *cs, const struct cwmp_msg *req)
{
    struct px_session *s = cwmp_session_data(cs);
    struct cwmp_msg reply;
    /* a Download() of a controller completes (ops_run.c) */
    if (req->type == CWMP_MSG_TRANSFER_COMPLETE && s)
        px_ops_transfer_complete(arg, s->dev_key, s->endpoint_id, req);
    if (req->type == CWMP_MSG_GET_RPC_METHODS) {
        static const char *methods[] = {"Inform", "GetRPCMethods", "TransferComplete"};
        cwmp_msg_init_reply(&reply, CWMP_MSG_GET_RPC_METHODS_RESPONSE, req);
        reply.body.rpc_methods_resp.methods = methods;
        reply.body.rpc_methods_resp.n_methods = 3;
    } else if (cwmp_msg_response_type(req->type) != CWMP_MSG_UNKNOWN) {
        cwmp_msg_init_reply(&reply, cwmp_msg_response_type(req->type), req);
    } else {
        cwmp_msg_init_reply(&reply, CWMP_MSG_FAULT, req);
        reply.body.fault.code = CWMP_FAULT_METHOD_NOT_SUPPORTED_ACS;
    }
    if (cwmp_session_reply(cs, &reply) != 0)
        px_warn("cannot answer %s", cwmp_msg_type_name(req->type));
}

/* Serves the session's queue: sends the next RPC of the entry in
 * progress, completes entries whose plan is done, and leaves the turn
 * open (the engine ends the session after acs.hold_ms) when the queue
 * is empty. */
static void serve(struct px_session *s)
{
    for (;;) {
        struct cwmp_msg *rpc = NULL;
        int rc;
        if (!s->work) {
            s->work = px_work_load_head(s->d, s->dev_key, s->endpoint_id);
            if (!s->work) {
                rpc = px_quirks_probe(s); /* idle: GetRPCMethods, once per device */
                if (!rpc) {
                    s->turn = 1; /* nothing to do now: wait for work or the 204 */
                    return;
                }
            }
        }
        if (s->work)
            rpc = s->work->ops->next_rpc(s->work);
        if (rpc) {
            s->turn = 0;
            px_instmap_outgoing(s, rpc); /* USP -> CWMP instance paths */
            if (cwmp_session_send(s->cs, rpc) != 0) {
                px_err("%s: cannot send %s", s->dev_key, cwmp_msg_type_name(rpc->type));
                cwmp_msg_free(rpc);
                cwmp_session_finish(s->cs);
                return;
            }
            px_debug("%s: sent %s", s->dev_key, cwmp_msg_type_name(rpc->type));
            px_quirks_sent(s, rpc);
            cwmp_msg_free(rpc);
            return;
        }
        rc = px_work_complete(s->work, s->endpoint_id);
        s->work = NULL;
        if (rc != 0) { /* the store refuses writes: end the session, retry later */
            cwmp_session_finish(s->cs);
            return;
        }
    }
}

static void cb_acs_turn(void *arg, struct cwmp_session *cs)
{
    struct px_session *s = cwmp_session_data(cs);
    (void)arg;
    if (!s || s->replaced) {
        cwmp_session_finish(cs);
        return;
    }
    serve(s);
}

static void cb_cpe_response(void *arg, struct cwmp_session *cs, const struct cwmp_msg *resp)
{
    struct px_session *s = cwmp_session_data(cs);
    (void)arg;
    if (s && resp->type == CWMP_MSG_FAULT)
        px_info("%s: Fault %d (%s)", s->dev_key, resp->body.fault.code,
                resp->body.fault.string ? resp->body.fault.string : "");
    if (s) /* CWMP -> USP instance paths (the engine's message, ours until we return) */
        px_instmap_incoming(s, (struct cwmp_msg *)resp);
    if (s && px_quirks_on_response(s, resp))
        return; /* the answer to the proxy's own GetRPCMethods */
    if (!s || !s->work) {
        px_warn("unexpected %s", cwmp_msg_type_name(resp->type));
        return;
    }
    s->work->ops->on_response(s->work, resp);
}

static void cb_ended(void *arg, struct cwmp_session *cs, enum cwmp_end_reason why)
{
    struct px_daemon *d = arg;
    struct px_session *s = cwmp_session_data(cs);
    if (!s)
        return;
    px_info("%s: session ended (%s)", s->dev_key, cwmp_end_reason_string(why));
    /* An entry in progress stays queued: the next session runs it again
     * (plans are restartable) until it has broken PX_BROKEN_MAX sessions
     * (quirks.c), or it expires with an Error. */
    if (!s->replaced) /* a replaced session was counted when it was */
        px_quirks_session_ended(s, why);
    px_instmap_session_end(s);
    if (s->work)
        px_work_free(s->work);
    px_acs_session_unlink(d, s);
    free(s);
}

/* ---------------------------------------------------------------------
 * Waking CPEs.
 * ------------------------------------------------------------------- */

struct cr_ctx {
    struct px_daemon *d;
    char key[PX_DEVICE_KEY_MAX + 1];
};

static void cr_done(void *arg, enum cwmp_connreq_result r, int http_status)
{
    struct cr_ctx *c = arg;
    if (r == CWMP_CR_OK)
        px_debug("%s: connection request accepted", c->key);
    else if (r != CWMP_CR_CANCELLED)
        px_warn("%s: connection request failed: %s (HTTP %d); the requests wait for the CPE's "
                "next session or cpe_wait_timeout",
                c->key, cwmp_connreq_result_string(r), http_status);
    free(c);
}

void px_acs_wake(struct px_daemon *d, const char *dev_key)
{
    struct px_session *s = px_acs_session(d, dev_key);
    struct px_device dev = {0};
    struct cr_ctx *c;
    const char *user, *pass;
    char err[200];

    if (s) {
        if (s->turn && !s->work)
            serve(s); /* the session is idle at the ACS's turn: use it */
        return;       /* otherwise the next acs_turn picks the work up */
    }
    if (px_device_get(d->store, dev_key, &dev) != 0) {
        px_warn("%s: cannot wake: not in the registry", dev_key);
        return;
    }
    if (!dev.cr_url || !*dev.cr_url) {
        px_warn("%s: no ConnectionRequestURL known: waiting for its next Inform", dev_key);
        px_device_clear(&dev);
        return;
    }
    user = d->cfg.cr_username && *d->cfg.cr_username ? d->cfg.cr_username : dev.cr_username;
    pass = d->cfg.cr_username && *d->cfg.cr_username ? d->cfg.cr_password : dev.cr_password;
    c = calloc(1, sizeof *c);
    if (!c) {
        px_device_clear(&dev);
        return;
    }
    c->d = d;
    snprintf(c->key, sizeof c->key, "%s", dev_key);
    if (cwmp_connreq_send(d->connreq, dev.cr_url, user && *user ? user : NULL, pass ? pass : "",
                          cr_done, c, err, sizeof err) != 0) {
        px_warn("%s: connection request to %s not sent: %s", dev_key, dev.cr_url, err);
        free(c);
    } else {
        px_debug("%s: connection request to %s", dev_key, dev.cr_url);
    }
    px_device_clear(&dev);
}

/* ---------------------------------------------------------------------
 * Start.
 * ------------------------------------------------------------------- */

/* Splits "host:port" / "[v6]:port" into host and port. */
static int split_listen(const char *spec, char *host, size_t cap, uint16_t *port)
{
    const char *colon = strrchr(spec, ':');
    const char *h = spec;
    size_t hl;
    long p;
    char *end;

    if (!colon)
        return -1;
    hl = (size_t)(colon - spec);
    if (hl >= 2 && spec[0] == '[' && spec[hl - 1] == ']') {
        h = spec + 1;
        hl -= 2;
    }
    if (hl == 0 || hl >= cap)
        return -1;
    memcpy(host, h, hl);
    host[hl] = '\0';
    p = strtol(colon + 1, &end, 10);
    if (*end || p < 0 || p > 65535)
        return -1;
    *port = (uint16_t)p;
    return 0;
}

int px_acs_start(struct px_daemon *d, char *err, size_t errlen)
{
    static const struct cwmp_server_callbacks cb = {
        cb_log, cb_credentials, cb_inform, cb_cpe_request, cb_acs_turn, cb_cpe_response, cb_ended,
    };
    struct cwmp_server_config sc = {0};
    struct cwmp_connreq_config cc = {0};
    char host[256];

    if (split_listen(d->cfg.acs_listen, host, sizeof host, &sc.port) != 0) {
        snprintf(err, errlen, "acs.listen: \"%s\" is not host:port", d->cfg.acs_listen);
        return -1;
    }
    sc.address = host;
    sc.reuseport = d->cfg.acs_reuse_port;
    sc.max_body = (size_t)d->cfg.acs_max_body_kb * 1024;
    sc.max_sessions = (unsigned)d->cfg.acs_max_sessions;
    sc.idle_timeout_ms = (unsigned)d->cfg.acs_session_timeout * 1000;
    /* acs.hold_ms: requests arriving while an idle session is held join it */
    sc.acs_wait_ms = (unsigned)d->cfg.acs_hold_ms;
    sc.auth_schemes = d->cfg.acs_auth == PX_AUTH_DIGEST  ? CWMP_AUTH_DIGEST
                      : d->cfg.acs_auth == PX_AUTH_BASIC ? CWMP_AUTH_BASIC
                                                         : 0;
    sc.realm = d->cfg.acs_realm;
    sc.path = d->cfg.acs_path; /* other paths: 404 */
    if (px_acs_sessions_init(d) != 0) {
        snprintf(err, errlen, "out of memory for the session index");
        return -1;
    }
    if (d->cfg.acs_tls_cert && *d->cfg.acs_tls_cert) {
        sc.tls_cert = d->cfg.acs_tls_cert;
        sc.tls_key = d->cfg.acs_tls_key;
        sc.tls_ca = d->cfg.acs_tls_ca && *d->cfg.acs_tls_ca ? d->cfg.acs_tls_ca : NULL;
        sc.tls_verify = (enum cwmp_tls_verify)d->cfg.acs_tls_verify_client;
    }
    d->acs = cwmp_server_new(d->base, &sc, &cb, d, err, errlen);
    if (!d->acs)
        return -1;
    cc.timeout_ms = (unsigned)d->cfg.cr_timeout * 1000;
    cc.max_concurrent = (unsigned)d->cfg.cr_concurrency;
    d->connreq = cwmp_connreq_client_new(d->base, &cc);
    if (!d->connreq) {
        snprintf(err, errlen, "out of memory for the connection request client");
        return -1;
    }
    return 0;
}
