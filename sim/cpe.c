/*
 * cpe.c - one simulated CPE's CWMP client (TR-069 3.7): when a session is
 * due it POSTs an Inform with its pending events, delivers a
 * TransferComplete, POSTs an empty body and answers ACS requests until
 * HTTP 204; keeps cookies, answers 401 challenges (cwmp_auth_answer),
 * retries failed sessions with the TR-069 3.2.1.1 back-off and schedules
 * periodic informs with jitter. Admission (--rate, --concurrency) for the
 * whole fleet is here too.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <sys/queue.h>
#include <event2/keyvalq_struct.h>

#include "sim/sim.h"

enum phase { PH_INFORM, PH_TC, PH_EMPTY, PH_RESPONSE };

struct sim_session {
    struct sim_cpe *c;
    struct evhttp_connection *conn;
    char host[256];
    char target[1024];
    enum phase phase;
    char cookie[512];
    char *challenge;
    uint32_t nc;
    int auth_tries;
    struct cwmp_buf last; /* body last sent, for a resend after 401 */
    uint64_t start_us;
    unsigned events_sent;
    int drop;
    int ending;
    int ok;
    char why[160];
    struct event *delay_ev; /* latency injection */
};

static void send_body(struct sim_session *s);

/* ---------------------------------------------------------------- helpers */

const char *sim_cpe_param(const struct sim_cpe *c, const char *rel, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", sim_model_root(c->fleet->model), rel);
    return buf;
}

/* A model value by relative name, "" when absent. */
static const char *value_rel(struct sim_cpe *c, const char *rel, char *buf, size_t size)
{
    char name[256], tmp[512];
    const char *v =
        sim_device_value(c->dev, sim_cpe_param(c, rel, name, sizeof(name)), tmp, sizeof(tmp), NULL);
    snprintf(buf, size, "%s", v ? v : "");
    return buf;
}

static void subst_serial(const char *tmpl, const char *serial, char *out, size_t size)
{
    size_t o = 0;

    for (const char *p = tmpl; *p && o + 1 < size;) {
        if (strncmp(p, "{serial}", 8) == 0) {
            int n = snprintf(out + o, size - o, "%s", serial);
            o = n < 0 ? o : o + (size_t)n;
            if (o >= size)
                o = size - 1;
            p += 8;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
}

static void update_rel(struct sim_cpe *c, const char *rel, const char *value)
{
    char name[256];
    struct sim_fault fault = {0};

    sim_cpe_param(c, rel, name, sizeof(name));
    if (sim_device_update(c->dev, name, value, &fault) != 0 && fault.code != 9005)
        sim_log(c->fleet, SIM_LOG_WARNING, "%s: cannot set %s: %s", c->serial, name, fault.message);
    sim_fault_clear(&fault);
}

void sim_cpe_apply_overrides(struct sim_cpe *c)
{
    struct sim_opts *o = c->fleet->opts;
    char buf[512];

    if (c->fleet->cr_port > 0) {
        snprintf(buf, sizeof(buf), "http://%s:%d/cr/%s", o->cr_host, c->fleet->cr_port, c->serial);
        update_rel(c, "ManagementServer.ConnectionRequestURL", buf);
        snprintf(buf, sizeof(buf), "%s:%d", o->cr_host, c->fleet->cr_port);
        update_rel(c, "ManagementServer.UDPConnectionRequestAddress", buf);
    }
    if (o->inform_interval) {
        snprintf(buf, sizeof(buf), "%u", o->inform_interval);
        update_rel(c, "ManagementServer.PeriodicInformInterval", buf);
    }
    if (o->username) {
        subst_serial(o->username, c->serial, buf, sizeof(buf));
        update_rel(c, "ManagementServer.Username", buf);
    }
    if (o->password)
        update_rel(c, "ManagementServer.Password", o->password);
    if (o->cr_username) {
        subst_serial(o->cr_username, c->serial, buf, sizeof(buf));
        update_rel(c, "ManagementServer.ConnectionRequestUsername", buf);
    }
    if (o->cr_password)
        update_rel(c, "ManagementServer.ConnectionRequestPassword", o->cr_password);
    if (o->manufacturer)
        update_rel(c, "DeviceInfo.Manufacturer", o->manufacturer);
    sim_device_changes_clear(c->dev);
}

void sim_state_mark(struct sim_fleet *f, uint32_t index, int bootstrapped)
{
    char b = bootstrapped ? '1' : '0';

    if (f->state_fd >= 0 && pwrite(f->state_fd, &b, 1, (off_t)(index - f->opts->first_index)) != 1)
        sim_log(f, SIM_LOG_WARNING, "state file: %s", strerror(errno));
}

static int state_read(struct sim_fleet *f, uint32_t index)
{
    char b = 0;

    if (f->state_fd < 0)
        return 0;
    if (pread(f->state_fd, &b, 1, (off_t)(index - f->opts->first_index)) != 1)
        return 0;
    return b == '1';
}

/* ---------------------------------------------------------------- timers */

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
    struct sim_cpe *c = arg;
    unsigned ev = 0;

    (void)fd;
    (void)what;
    if (c->rebooting) {
        c->rebooting = 0;
        c->boot_time_us = sim_now_us();
        ev = 0; /* the reboot path set the events */
    } else if (!c->events) {
        ev = SIM_EV_PERIODIC;
    }
    sim_cpe_trigger(c, ev);
}

void sim_cpe_schedule(struct sim_cpe *c, double delay_s, unsigned events)
{
    struct timeval tv;

    if (delay_s < 0)
        delay_s = 0;
    c->events |= events;
    tv.tv_sec = (time_t)delay_s;
    tv.tv_usec = (suseconds_t)((delay_s - (double)tv.tv_sec) * 1e6);
    evtimer_add(c->timer, &tv);
}

static void schedule_periodic(struct sim_cpe *c)
{
    struct sim_opts *o = c->fleet->opts;
    char buf[64];
    double interval, jitter;

    if (o->no_periodic || o->once)
        return;
    value_rel(c, "ManagementServer.PeriodicInformEnable", buf, sizeof(buf));
    if (strcmp(buf, "false") == 0 || strcmp(buf, "0") == 0) {
        evtimer_del(c->timer);
        return;
    }
    interval = atof(value_rel(c, "ManagementServer.PeriodicInformInterval", buf, sizeof(buf)));
    if (interval < 1)
        interval = 1;
    /* jitter: +-jitter_pct % so a fleet does not inform in lock-step */
    jitter = interval * (double)o->jitter_pct / 100.0 * (2 * sim_rand01() - 1);
    sim_cpe_schedule(c, interval + jitter, 0);
}

/* TR-069 3.2.1.1, with the device's own retry parameters, scaled for tests */
static double retry_wait(struct sim_cpe *c)
{
    char buf[32];
    double m = atof(value_rel(c, "ManagementServer.CWMPRetryMinimumWaitInterval", buf, 32));
    double k = atof(value_rel(c, "ManagementServer.CWMPRetryIntervalMultiplier", buf, 32));

    return sim_retry_wait(m, k, c->retry_count, sim_rand01()) * c->fleet->opts->retry_scale;
}

/* ---------------------------------------------------------------- admission */

static void start_session(struct sim_cpe *c);

static void admit_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    sim_fleet_admit(arg);
}

int sim_fleet_admit_init(struct sim_fleet *f)
{
    f->admit_timer = evtimer_new(f->base, admit_cb, f);
    return f->admit_timer ? 0 : -1;
}

void sim_fleet_admit(struct sim_fleet *f)
{
    struct sim_opts *o = f->opts;

    if (o->rate > 0) {
        uint64_t now = sim_now_us();
        double burst = o->rate / 20 > 1 ? o->rate / 20 : 1;
        f->tokens += (double)(now - f->tokens_at_us) / 1e6 * o->rate;
        if (f->tokens > burst)
            f->tokens = burst;
        f->tokens_at_us = now;
    }
    while (f->wait_head && !f->stopping && (!o->concurrency || f->inflight < o->concurrency)) {
        struct sim_cpe *c = f->wait_head;
        if (o->rate > 0) {
            if (f->tokens < 1) {
                struct timeval tv = {0, (suseconds_t)((1 - f->tokens) / o->rate * 1e6) + 1000};
                evtimer_add(f->admit_timer, &tv);
                return;
            }
            f->tokens -= 1;
        }
        f->wait_head = c->next_wait;
        if (!f->wait_head)
            f->wait_tail = NULL;
        c->next_wait = NULL;
        c->queued = 0;
        start_session(c);
    }
}

void sim_cpe_trigger(struct sim_cpe *c, unsigned events)
{
    struct sim_fleet *f = c->fleet;

    c->events |= events;
    if (c->gone || c->rebooting || c->sess || c->queued || f->stopping)
        return;
    if (f->opts->once && c->done_once)
        return;
    evtimer_del(c->timer);
    c->queued = 1;
    if (f->wait_tail)
        f->wait_tail->next_wait = c;
    else
        f->wait_head = c;
    f->wait_tail = c;
    sim_fleet_admit(f);
}

/* ---------------------------------------------------------------- Inform */

static const struct {
    unsigned bit;
    const char *code;
} event_codes[] = {
    {SIM_EV_BOOTSTRAP, "0 BOOTSTRAP"},
    {SIM_EV_BOOT, "1 BOOT"},
    {SIM_EV_PERIODIC, "2 PERIODIC"},
    {SIM_EV_SCHEDULED, "3 SCHEDULED"},
    {SIM_EV_VALUE_CHANGE, "4 VALUE CHANGE"},
    {SIM_EV_CONNREQ, "6 CONNECTION REQUEST"},
    {SIM_EV_TRANSFER_COMPLETE, "7 TRANSFER COMPLETE"},
    {SIM_EV_DIAG_COMPLETE, "8 DIAGNOSTICS COMPLETE"},
    {SIM_EV_M_REBOOT, "M Reboot"},
    {SIM_EV_M_SCHEDULE_INFORM, "M ScheduleInform"},
    {SIM_EV_M_DOWNLOAD, "M Download"},
};

/* Forced Inform parameters (TR-069 3.2.1 Table 7 / TR-181 / TR-098). */
static const char *const forced_181[] = {
    "Device.RootDataModelVersion",
    "Device.DeviceInfo.HardwareVersion",
    "Device.DeviceInfo.SoftwareVersion",
    "Device.DeviceInfo.ProvisioningCode",
    "Device.ManagementServer.ParameterKey",
    "Device.ManagementServer.ConnectionRequestURL",
    "Device.IP.Interface.1.IPv4Address.1.IPAddress",
    NULL,
};
static const char *const forced_098[] = {
    "InternetGatewayDevice.DeviceSummary",
    "InternetGatewayDevice.DeviceInfo.SpecVersion",
    "InternetGatewayDevice.DeviceInfo.HardwareVersion",
    "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
    "InternetGatewayDevice.DeviceInfo.ProvisioningCode",
    "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
    "InternetGatewayDevice.ManagementServer.ParameterKey",
    "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1."
    "ExternalIPAddress",
    NULL,
};

static int add_param(struct cwmp_msg *m, struct cwmp_param_value *pv, size_t *n, const char *name,
                     const char *value, enum cwmp_type type)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(pv[i].name, name) == 0)
            return 0;
    pv[*n].name = cwmp_msg_strdup(m, name);
    pv[*n].value = cwmp_msg_strdup(m, value);
    pv[*n].type = type;
    if (!pv[*n].name || !pv[*n].value)
        return -1;
    (*n)++;
    return 0;
}

static int build_inform(struct sim_session *s, struct cwmp_buf *out)
{
    struct sim_cpe *c = s->c;
    struct sim_opts *o = c->fleet->opts;
    struct cwmp_msg *m = cwmp_msg_new(CWMP_MSG_INFORM);
    struct sim_values changes = {0};
    const char *const *forced = c->fleet->tr098 ? forced_098 : forced_181;
    char buf[512], now[32], err[160];
    size_t nforced = 0, ne = 0, np = 0;
    int rc = -1;

    if (!m)
        return -1;
    /* UpTime is a passive value the device changes by itself */
    snprintf(buf, sizeof(buf), "%" PRIu64, (sim_now_us() - c->boot_time_us) / 1000000);
    update_rel(c, "DeviceInfo.UpTime", buf);
    sim_device_changes(c->dev, &changes, NULL);
    c->changes_seq = sim_device_changes_seq(c->dev);
    if (changes.count)
        c->events |= SIM_EV_VALUE_CHANGE;
    while (forced[nforced])
        nforced++;

    m->id = cwmp_msg_strdup(m, "1");
    m->ns_version = CWMP_NS_1_4;
    struct cwmp_inform *in = &m->body.inform;
    in->device_id.manufacturer =
        cwmp_msg_strdup(m, value_rel(c, "DeviceInfo.Manufacturer", buf, sizeof(buf)));
    in->device_id.oui = o->oui;
    in->device_id.product_class = o->product_class;
    in->device_id.serial_number = c->serial;
    in->events = cwmp_msg_alloc(m, sizeof(*in->events) * 16);
    in->params = cwmp_msg_alloc(m, sizeof(*in->params) * (nforced + changes.count + 1));
    if (!in->events || !in->params)
        goto out;
    for (size_t i = 0; i < sizeof(event_codes) / sizeof(event_codes[0]); i++) {
        if (!(c->events & event_codes[i].bit))
            continue;
        in->events[ne].code = event_codes[i].code;
        in->events[ne].command_key = "";
        if (event_codes[i].bit == SIM_EV_M_REBOOT && c->reboot_key)
            in->events[ne].command_key = c->reboot_key;
        if (event_codes[i].bit == SIM_EV_M_SCHEDULE_INFORM && c->sched_key)
            in->events[ne].command_key = c->sched_key;
        if (event_codes[i].bit == SIM_EV_M_DOWNLOAD && c->download_key)
            in->events[ne].command_key = c->download_key;
        ne++;
    }
    /* events arriving during the session stay pending for the next one */
    s->events_sent = c->events;
    c->events = 0;
    in->n_events = ne;
    in->max_envelopes = 1;
    sim_time_iso(now, sizeof(now));
    in->current_time = now;
    in->retry_count = c->retry_count;
    for (size_t i = 0; forced[i]; i++) {
        enum cwmp_type type;
        const char *v = sim_device_value(c->dev, forced[i], buf, sizeof(buf), &type);
        if (v && add_param(m, in->params, &np, forced[i], v, type) != 0)
            goto out;
    }
    for (size_t i = 0; i < changes.count; i++)
        if (add_param(m, in->params, &np, changes.items[i].name, changes.items[i].value,
                      changes.items[i].type) != 0)
            goto out;
    in->n_params = np;
    if (cwmp_msg_write(m, out, err, sizeof(err)) != CWMP_SOAP_OK) {
        sim_log(c->fleet, SIM_LOG_ERROR, "%s: cannot write Inform: %s", c->serial, err);
        goto out;
    }
    rc = 0;
out:
    sim_values_free(&changes);
    cwmp_msg_free(m);
    return rc;
}

static int build_tc(struct sim_session *s, struct cwmp_buf *out)
{
    struct sim_tc *tc = s->c->tc;
    struct cwmp_msg m;
    char err[160];

    cwmp_msg_init_reply(&m, CWMP_MSG_TRANSFER_COMPLETE, NULL);
    m.id = "2";
    m.body.transfer_complete.command_key = tc->command_key;
    m.body.transfer_complete.fault.code = tc->fault;
    m.body.transfer_complete.fault.string = tc->fault_string ? tc->fault_string : "";
    m.body.transfer_complete.start_time = tc->start;
    m.body.transfer_complete.complete_time = tc->complete;
    return cwmp_msg_write(&m, out, err, sizeof(err)) == CWMP_SOAP_OK ? 0 : -1;
}

/* ---------------------------------------------------------------- session end */

static void finish_cb(evutil_socket_t fd, short what, void *arg)
{
    struct sim_session *s = arg;
    struct sim_cpe *c = s->c;
    struct sim_fleet *f = c->fleet;
    uint64_t latency = sim_now_us() - s->start_us;

    (void)fd;
    (void)what;
    if (s->delay_ev)
        event_free(s->delay_ev);
    if (s->ok && f->opts->keepalive && !s->drop) {
        c->keep_conn = s->conn;
    } else {
        evhttp_connection_free(s->conn);
        if (c->keep_conn == s->conn)
            c->keep_conn = NULL;
    }
    free(s->challenge);
    cwmp_buf_free(&s->last);
    sim_stats_session(f->stats, s->ok, latency);
    f->inflight--;
    c->sess = NULL;

    if (s->ok) {
        sim_log(f, SIM_LOG_INFO, "%s: session done (%.1f ms)", c->serial, (double)latency / 1000);
        /* delivered; changes made during the session wait for the next Inform */
        sim_device_changes_clear_upto(c->dev, c->changes_seq);
        c->retry_count = 0;
        if (!c->bootstrapped) {
            c->bootstrapped = 1;
            sim_state_mark(f, c->index, 1);
        }
        /* CommandKeys go with the events that carried them */
        if (s->events_sent & SIM_EV_M_REBOOT) {
            free(c->reboot_key);
            c->reboot_key = NULL;
        }
        if (s->events_sent & SIM_EV_M_SCHEDULE_INFORM) {
            free(c->sched_key);
            c->sched_key = NULL;
        }
        if ((s->events_sent & SIM_EV_M_DOWNLOAD) && !c->tc) {
            free(c->download_key);
            c->download_key = NULL;
        }
        if (c->tc)
            c->events |= SIM_EV_TRANSFER_COMPLETE; /* not acknowledged: again */
    } else {
        sim_log(f, SIM_LOG_WARNING, "%s: session failed: %s", c->serial, s->why);
        c->events |= s->events_sent; /* not delivered: again with the retry */
        c->retry_count++;
    }
    free(s);

    if (f->opts->once) {
        if (!c->done_once) {
            c->done_once = 1;
            if (f->once_left && --f->once_left == 0)
                sim_fleet_stop(f);
        }
    } else if (sim_idxset_has(&f->opts->dead, c->index)) {
        sim_log(f, SIM_LOG_INFO, "%s: dead from now on (--dead)", c->serial);
        c->gone = 1;
        evtimer_del(c->timer);
    } else {
        int ok = c->retry_count == 0;
        /* what the ACS asked for and got a response to happens even if the
         * session failed later */
        sim_actions_after_session(c);
        if (c->rebooting || c->gone) {
            /* the reboot path owns the timer */
        } else if (!ok) {
            double w = retry_wait(c);
            sim_log(f, SIM_LOG_INFO, "%s: retry %u in %.2f s", c->serial, c->retry_count, w);
            sim_cpe_schedule(c, w, 0);
        } else if ((c->events & ~(unsigned)(SIM_EV_TRANSFER_COMPLETE | SIM_EV_M_DOWNLOAD)) ||
                   sim_device_active_pending(c->dev)) {
            sim_cpe_trigger(c, 0);
        } else {
            schedule_periodic(c);
        }
    }
    sim_fleet_admit(f);
}

static void end_session(struct sim_session *s, int ok, const char *why)
{
    struct timeval zero = {0, 0};

    if (s->ending)
        return;
    s->ending = 1;
    s->ok = ok;
    snprintf(s->why, sizeof(s->why), "%s", why ? why : "");
    /* deferred: the connection must not be freed inside its own callback */
    event_base_once(s->c->fleet->base, -1, EV_TIMEOUT, finish_cb, s, &zero);
}

/* ---------------------------------------------------------------- HTTP */

static void keep_cookies(struct sim_session *s, struct evhttp_request *req)
{
    struct evkeyvalq *h = evhttp_request_get_input_headers(req);
    struct evkeyval *kv;

    TAILQ_FOREACH(kv, h, next)
    {
        if (strcasecmp(kv->key, "Set-Cookie") != 0)
            continue;
        size_t n = strcspn(kv->value, ";");
        char name[128];
        size_t eq = strcspn(kv->value, "=");
        if (eq >= n || eq >= sizeof(name))
            continue;
        memcpy(name, kv->value, eq);
        name[eq] = '\0';
        /* replace a cookie of the same name: rebuild the header */
        char rebuilt[512] = "";
        size_t rl = 0;
        for (char *p = s->cookie; *p;) {
            char *e = strstr(p, "; ");
            size_t len = e ? (size_t)(e - p) : strlen(p);
            if (!(strncmp(p, name, eq) == 0 && p[eq] == '=') && rl + len + 3 < sizeof(rebuilt)) {
                if (rl)
                    rl += (size_t)snprintf(rebuilt + rl, sizeof(rebuilt) - rl, "; ");
                memcpy(rebuilt + rl, p, len);
                rl += len;
                rebuilt[rl] = '\0';
            }
            p = e ? e + 2 : p + len;
        }
        if (rl + n + 3 < sizeof(rebuilt)) {
            if (rl)
                rl += (size_t)snprintf(rebuilt + rl, sizeof(rebuilt) - rl, "; ");
            memcpy(rebuilt + rl, kv->value, n);
            rebuilt[rl + n] = '\0';
        }
        snprintf(s->cookie, sizeof(s->cookie), "%s", rebuilt);
    }
}

static int take_challenge(struct sim_session *s, struct evhttp_request *req)
{
    struct evkeyvalq *h = evhttp_request_get_input_headers(req);
    struct evkeyval *kv;
    char probe[1024];
    char user[256], pass[256];

    value_rel(s->c, "ManagementServer.Username", user, sizeof(user));
    value_rel(s->c, "ManagementServer.Password", pass, sizeof(pass));
    TAILQ_FOREACH(kv, h, next)
    {
        if (strcasecmp(kv->key, "WWW-Authenticate") != 0)
            continue;
        if (cwmp_auth_answer(kv->value, "POST", s->target, user, pass, 1, probe, sizeof(probe)) < 0)
            continue;
        free(s->challenge);
        s->challenge = strdup(kv->value);
        s->nc = 0;
        return s->challenge ? 0 : -1;
    }
    return -1;
}

static void on_response(struct evhttp_request *req, void *arg);

static void send_now(struct sim_session *s)
{
    struct evhttp_request *req = evhttp_request_new(on_response, s);
    struct evkeyvalq *h;
    char len[32];

    if (!req) {
        end_session(s, 0, "out of memory");
        return;
    }
    h = evhttp_request_get_output_headers(req);
    evhttp_add_header(h, "Host", s->host);
    evhttp_add_header(h, "User-Agent", "cwmp-sim");
    if (s->last.len) {
        evhttp_add_header(h, "Content-Type", "text/xml; charset=\"utf-8\"");
        evhttp_add_header(h, "SOAPAction", ""); /* TR-069 3.4.1 */
    }
    snprintf(len, sizeof(len), "%zu", s->last.len);
    evhttp_add_header(h, "Content-Length", len);
    if (s->cookie[0])
        evhttp_add_header(h, "Cookie", s->cookie);
    if (s->challenge) {
        char user[256], pass[256], auth[1024];
        value_rel(s->c, "ManagementServer.Username", user, sizeof(user));
        value_rel(s->c, "ManagementServer.Password", pass, sizeof(pass));
        if (cwmp_auth_answer(s->challenge, "POST", s->target, user, pass, ++s->nc, auth,
                             sizeof(auth)) > 0)
            evhttp_add_header(h, "Authorization", auth);
    }
    if (s->last.len)
        evbuffer_add(evhttp_request_get_output_buffer(req), s->last.data, s->last.len);
    if (evhttp_make_request(s->conn, req, EVHTTP_REQ_POST, s->target) != 0)
        end_session(s, 0, "cannot send the HTTP request");
}

static void delay_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    send_now(arg);
}

static void send_body(struct sim_session *s)
{
    struct sim_cpe *c = s->c;
    struct sim_opts *o = c->fleet->opts;

    if ((o->latency_ms || o->latency_jitter_ms) &&
        (!o->latency_devices.n || sim_idxset_has(&o->latency_devices, c->index))) {
        double ms = o->latency_ms + sim_rand01() * o->latency_jitter_ms;
        struct timeval tv = {(time_t)(ms / 1000), (suseconds_t)(fmod(ms, 1000) * 1000)};
        if (!s->delay_ev)
            s->delay_ev = evtimer_new(c->fleet->base, delay_cb, s);
        if (s->delay_ev) {
            evtimer_add(s->delay_ev, &tv);
            return;
        }
    }
    send_now(s);
}

static void send_buf(struct sim_session *s, enum phase ph)
{
    s->phase = ph;
    send_body(s);
}

/* Answers one ACS request (parsed, possibly with an ERR_METHOD/ERR_ARGS status). */
static void answer_request(struct sim_session *s, struct cwmp_msg *req, int status)
{
    struct sim_cpe *c = s->c;
    struct cwmp_msg *reply = cwmp_msg_new(CWMP_MSG_FAULT);
    char err[160];
    int rc;

    if (!reply) {
        end_session(s, 0, "out of memory");
        return;
    }
    cwmp_buf_reset(&s->last);
    if (status == CWMP_SOAP_ERR_METHOD) {
        rc = cwmp_write_fault(&s->last, req->ns_version, req->id, 9000, NULL, err, sizeof(err));
    } else if (status == CWMP_SOAP_ERR_ARGS) {
        rc = cwmp_write_fault(&s->last, req->ns_version, req->id, 9003, NULL, err, sizeof(err));
    } else {
        sim_rpc_answer(c, req, reply);
        if (req->type == CWMP_MSG_REBOOT && reply->type == CWMP_MSG_REBOOT_RESPONSE &&
            (c->quirks & SIM_QUIRK_ABRUPT_REBOOT)) {
            /* --quirk abrupt-reboot: the reboot (an action after the
             * session) happens although the session breaks here */
            cwmp_msg_free(reply);
            end_session(s, 0, "rebooting without RebootResponse (--quirk abrupt-reboot)");
            return;
        }
        rc = cwmp_msg_write(reply, &s->last, err, sizeof(err));
    }
    cwmp_msg_free(reply);
    if (rc != CWMP_SOAP_OK) {
        sim_log(c->fleet, SIM_LOG_ERROR, "%s: cannot write the answer to %s: %s", c->serial,
                req->method ? req->method : "?", err);
        end_session(s, 0, "cannot write an answer");
        return;
    }
    send_buf(s, PH_RESPONSE);
}

static void on_response(struct evhttp_request *req, void *arg)
{
    struct sim_session *s = arg;
    struct sim_cpe *c = s->c;
    struct evbuffer *in;
    struct cwmp_msg *msg = NULL;
    size_t len;
    char err[200];
    int code, st;

    if (s->ending)
        return;
    if (!req || (code = evhttp_request_get_response_code(req)) == 0) {
        end_session(s, 0, "connection failed or closed by the ACS");
        return;
    }
    keep_cookies(s, req);
    if (code == 401) {
        if (++s->auth_tries > 2 || take_challenge(s, req) != 0) {
            end_session(s, 0, "HTTP 401: authentication failed");
            return;
        }
        send_now(s); /* the same body again, with credentials */
        return;
    }
    s->auth_tries = 0;
    in = evhttp_request_get_input_buffer(req);
    len = evbuffer_get_length(in);
    if (code == 204 || (code == 200 && len == 0)) {
        if (s->phase == PH_INFORM || s->phase == PH_TC)
            end_session(s, 0, "the ACS ended the session before answering");
        else
            end_session(s, 1, NULL);
        return;
    }
    if (code != 200) {
        snprintf(err, sizeof(err), "HTTP status %d", code);
        end_session(s, 0, err);
        return;
    }
    st = cwmp_msg_parse((const char *)evbuffer_pullup(in, -1), len, NULL, &msg, err, sizeof(err));
    if (!msg) {
        sim_log(c->fleet, SIM_LOG_WARNING, "%s: bad SOAP from the ACS: %s", c->serial, err);
        end_session(s, 0, "bad SOAP from the ACS");
        return;
    }
    switch (s->phase) {
    case PH_INFORM:
        if (st != CWMP_SOAP_OK || msg->type != CWMP_MSG_INFORM_RESPONSE) {
            end_session(s, 0, "the ACS did not answer InformResponse");
            break;
        }
        if (s->drop) {
            end_session(s, 0, "connection dropped (--drop-rate)");
            break;
        }
        cwmp_buf_reset(&s->last);
        if (c->tc && (s->events_sent & SIM_EV_TRANSFER_COMPLETE) && build_tc(s, &s->last) == 0) {
            send_buf(s, PH_TC);
        } else {
            cwmp_buf_reset(&s->last);
            send_buf(s, PH_EMPTY);
        }
        break;
    case PH_TC:
        if (st == CWMP_SOAP_OK && msg->type == CWMP_MSG_TRANSFER_COMPLETE_RESPONSE) {
            sim_tc_free(c->tc);
            c->tc = NULL;
        }
        cwmp_buf_reset(&s->last);
        send_buf(s, PH_EMPTY);
        break;
    default:
        answer_request(s, msg, st);
        break;
    }
    cwmp_msg_free(msg);
}

static void start_session(struct sim_cpe *c)
{
    struct sim_fleet *f = c->fleet;
    struct sim_session *s = calloc(1, sizeof(*s));
    char url[512];
    struct evhttp_uri *uri = NULL;
    const char *host, *path, *query;
    int port;

    if (!s)
        return;
    s->c = c;
    s->start_us = sim_now_us();
    c->sess = s;
    f->inflight++;
    if (!c->bootstrapped)
        c->events |= SIM_EV_BOOTSTRAP;
    value_rel(c, "ManagementServer.URL", url, sizeof(url));
    if (!url[0])
        snprintf(url, sizeof(url), "%s", f->opts->acs_url);
    uri = evhttp_uri_parse(url);
    if (!uri || !(host = evhttp_uri_get_host(uri)) ||
        strcasecmp(evhttp_uri_get_scheme(uri) ? evhttp_uri_get_scheme(uri) : "", "http") != 0) {
        end_session(s, 0, "ManagementServer.URL is not an http:// URL");
        goto out;
    }
    port = evhttp_uri_get_port(uri);
    if (port <= 0)
        port = 80;
    path = evhttp_uri_get_path(uri);
    query = evhttp_uri_get_query(uri);
    snprintf(s->target, sizeof(s->target), "%s%s%s", path && *path ? path : "/", query ? "?" : "",
             query ? query : "");
    if (port == 80)
        snprintf(s->host, sizeof(s->host), "%s", host);
    else
        snprintf(s->host, sizeof(s->host), "%s:%d", host, port);
    if (c->keep_conn) {
        s->conn = c->keep_conn;
    } else {
        s->conn = evhttp_connection_base_new(f->base, f->dns, host, (unsigned short)port);
        if (!s->conn) {
            end_session(s, 0, "cannot create a connection");
            goto out;
        }
        evhttp_connection_set_timeout(s->conn, (int)f->opts->session_timeout);
        evhttp_connection_set_retries(s->conn, 0);
    }
    s->drop = f->opts->drop_rate > 0 && sim_rand01() < f->opts->drop_rate;
    if (build_inform(s, &s->last) != 0) {
        end_session(s, 0, "cannot build the Inform");
        goto out;
    }
    sim_log(f, SIM_LOG_DEBUG, "%s: session start", c->serial);
    send_buf(s, PH_INFORM);
out:
    if (uri)
        evhttp_uri_free(uri);
}

/* ---------------------------------------------------------------- lifecycle */

int sim_cpe_init(struct sim_fleet *f, struct sim_cpe *c, uint32_t index, char *err, size_t errlen)
{
    struct sim_opts *o = f->opts;
    struct sim_vars vars = {0};
    char port[16];

    c->fleet = f;
    c->index = index;
    snprintf(c->serial, sizeof(c->serial), "%s%06" PRIu32, o->serial_prefix, index);
    snprintf(port, sizeof(port), "%d", f->cr_port > 0 ? f->cr_port : 0);
    vars.index = index;
    vars.serial = c->serial;
    vars.oui = o->oui;
    vars.product_class = o->product_class;
    vars.ip = o->cr_host;
    vars.acs_url = o->acs_url;
    vars.cr_port = port;
    if (sim_device_new(f->model, &vars, &c->dev) != 0) {
        snprintf(err, errlen, "device %" PRIu32 ": out of memory", index);
        return -1;
    }
    c->timer = evtimer_new(f->base, timer_cb, c);
    if (!c->timer) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < o->n_quirks; i++)
        if (o->quirks[i].all || sim_idxset_has(&o->quirks[i].devices, index))
            c->quirks |= o->quirks[i].quirk;
    sim_device_reuse_instances(c->dev, (c->quirks & SIM_QUIRK_REUSE_INSTANCES) != 0);
    sim_cpe_apply_overrides(c);
    c->bootstrapped = !o->bootstrap && state_read(f, index);
    if (!o->state_dir && !o->bootstrap)
        c->bootstrapped = 0; /* no memory of earlier runs: first contact */
    c->boot_time_us = sim_now_us();
    c->events = SIM_EV_BOOT | (c->bootstrapped ? 0 : SIM_EV_BOOTSTRAP);
    return 0;
}

void sim_cpe_fini(struct sim_cpe *c)
{
    struct sim_session *s = c->sess;

    if (s) { /* at shutdown: a session in flight */
        if (s->delay_ev)
            event_free(s->delay_ev);
        if (s->conn && s->conn != c->keep_conn)
            evhttp_connection_free(s->conn);
        free(s->challenge);
        cwmp_buf_free(&s->last);
        free(s);
        c->sess = NULL;
    }
    if (c->timer)
        event_free(c->timer);
    if (c->sched_timer)
        event_free(c->sched_timer);
    if (c->keep_conn)
        evhttp_connection_free(c->keep_conn);
    free(c->reboot_key);
    free(c->sched_key);
    free(c->download_key);
    free(c->next_reboot_key);
    free(c->next_sched_key);
    free(c->udp_last_id);
    sim_download_free(c->download);
    sim_tc_free(c->tc);
    if (c->dev)
        sim_device_free(c->dev);
}
