/*
 * actions.c - what a simulated CPE does between sessions: reboot and
 * factory reset after the session that asked for them, file downloads
 * (a real HTTP GET with libevent's client; TransferComplete with the
 * TR-069 A.5.1 fault of the outcome), IPPing diagnostics (simulated:
 * plausible results, a real name lookup), ScheduleInform timers and the
 * device-side value changes of --change-interval.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/dns.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/util.h>
#include <openssl/evp.h>

#include "sim/sim.h"

void sim_tc_free(struct sim_tc *tc)
{
    if (!tc)
        return;
    free(tc->command_key);
    free(tc->fault_string);
    free(tc);
}

void sim_download_free(struct sim_download *d)
{
    if (!d)
        return;
    free(d->command_key);
    free(d->file_type);
    free(d->url);
    free(d->target);
    free(d->username);
    free(d->password);
    free(d);
}

static void set_rel(struct sim_cpe *c, const char *rel, const char *value)
{
    char name[256];
    struct sim_fault fault = {0};

    sim_cpe_param(c, rel, name, sizeof(name));
    if (sim_device_update(c->dev, name, value, &fault) != 0 && fault.code != 9005)
        sim_log(c->fleet, SIM_LOG_WARNING, "%s: cannot set %s: %s", c->serial, name, fault.message);
    sim_fault_clear(&fault);
}

/* ---------------------------------------------------------------- reboot */

static void reboot(struct sim_cpe *c, unsigned events)
{
    c->rebooting = 1;
    c->retry_count = 0;
    if (c->keep_conn) {
        evhttp_connection_free(c->keep_conn);
        c->keep_conn = NULL;
    }
    sim_log(c->fleet, SIM_LOG_INFO, "%s: rebooting", c->serial);
    sim_cpe_schedule(c, c->fleet->opts->reboot_delay, events | SIM_EV_BOOT);
}

/* ---------------------------------------------------------------- download */

struct dl_ctx {
    struct sim_cpe *c;
    struct evhttp_connection *conn;
    char start[32];
    int fault;
    char why[128];
};

static void dl_free_cb(evutil_socket_t fd, short what, void *arg)
{
    struct dl_ctx *d = arg;

    (void)fd;
    (void)what;
    evhttp_connection_free(d->conn);
    free(d);
}

/* A firmware image named like the file: "fw-8.0.1.img" -> "8.0.1"-ish. */
static void install_firmware(struct sim_cpe *c, const struct sim_download *dl)
{
    const char *name = dl->target[0] ? dl->target : dl->url;
    const char *base = strrchr(name, '/');
    char version[64];
    size_t n;

    base = base ? base + 1 : name;
    n = strcspn(base, "?");
    if (n >= sizeof(version))
        n = sizeof(version) - 1;
    memcpy(version, base, n);
    version[n] = '\0';
    char *dot = strrchr(version, '.');
    if (dot && dot != version && (strcasecmp(dot, ".img") == 0 || strcasecmp(dot, ".bin") == 0))
        *dot = '\0';
    if (!version[0])
        snprintf(version, sizeof(version), "downloaded");
    set_rel(c, "DeviceInfo.SoftwareVersion", version);
    if (!c->fleet->tr098) {
        set_rel(c, "DeviceInfo.FirmwareImage.2.Name", base);
        set_rel(c, "DeviceInfo.FirmwareImage.2.Version", version);
        set_rel(c, "DeviceInfo.FirmwareImage.2.Status", "Active");
        set_rel(c, "DeviceInfo.FirmwareImage.1.Status", "Available");
        set_rel(c, "DeviceInfo.ActiveFirmwareImage", "Device.DeviceInfo.FirmwareImage.2");
    }
}

static void dl_done(struct evhttp_request *req, void *arg)
{
    struct dl_ctx *d = arg;
    struct sim_cpe *c = d->c;
    struct sim_download *dl = c->download;
    struct sim_tc *tc = calloc(1, sizeof(*tc));
    struct timeval zero = {0, 0};
    int code = req ? evhttp_request_get_response_code(req) : 0;
    int firmware;

    /* TR-069 A.5.1 */
    if (code == 0)
        d->fault = CWMP_FAULT_DOWNLOAD_CONTACT_SERVER;
    else if (code == 404)
        d->fault = CWMP_FAULT_DOWNLOAD_ACCESS_FILE;
    else if (code == 401 || code == 403)
        d->fault = CWMP_FAULT_FILE_TRANSFER_AUTH_FAILURE;
    else if (code != 200)
        d->fault = CWMP_FAULT_DOWNLOAD_FAILURE;
    if (d->fault)
        snprintf(d->why, sizeof(d->why),
                 code ? "HTTP status %d from the file server"
                      : "cannot contact the file server%.0d",
                 code);
    event_base_once(c->fleet->base, -1, EV_TIMEOUT, dl_free_cb, d, &zero);
    if (!tc || !dl) {
        free(tc);
        return;
    }
    tc->command_key = strdup(dl->command_key);
    tc->fault = d->fault;
    tc->fault_string = strdup(d->fault ? d->why : "");
    snprintf(tc->start, sizeof(tc->start), "%s", d->start);
    sim_time_iso(tc->complete, sizeof(tc->complete));
    sim_log(c->fleet, SIM_LOG_INFO, "%s: download of %s: %s", c->serial, dl->url,
            d->fault ? d->why : "ok");
    firmware = strncmp(dl->file_type, "1 ", 2) == 0;
    if (!d->fault && firmware)
        install_firmware(c, dl);
    sim_tc_free(c->tc);
    c->tc = tc;
    free(c->download_key);
    c->download_key = strdup(dl->command_key);
    sim_download_free(dl);
    c->download = NULL;
    if (!d->fault && firmware) /* a new image runs after a reboot */
        reboot(c, SIM_EV_TRANSFER_COMPLETE | SIM_EV_M_DOWNLOAD);
    else
        sim_cpe_trigger(c, SIM_EV_TRANSFER_COMPLETE | SIM_EV_M_DOWNLOAD);
}

static void dl_start(evutil_socket_t fd, short what, void *arg)
{
    struct sim_cpe *c = arg;
    struct sim_download *dl = c->download;
    struct evhttp_uri *uri;
    struct dl_ctx *d;
    struct evhttp_request *req;
    const char *host, *path, *query;
    char target[1024];
    int port;

    (void)fd;
    (void)what;
    if (!dl || !(d = calloc(1, sizeof(*d))))
        return;
    d->c = c;
    sim_time_iso(d->start, sizeof(d->start));
    uri = evhttp_uri_parse(dl->url);
    host = uri ? evhttp_uri_get_host(uri) : NULL;
    port = uri ? evhttp_uri_get_port(uri) : -1;
    if (port <= 0)
        port = 80;
    if (!host || !(d->conn = evhttp_connection_base_new(c->fleet->base, c->fleet->dns, host,
                                                        (unsigned short)port))) {
        if (uri)
            evhttp_uri_free(uri);
        free(d);
        sim_log(c->fleet, SIM_LOG_WARNING, "%s: bad download URL %s", c->serial, dl->url);
        return;
    }
    evhttp_connection_set_timeout(d->conn, 30);
    path = evhttp_uri_get_path(uri);
    query = evhttp_uri_get_query(uri);
    snprintf(target, sizeof(target), "%s%s%s", path && *path ? path : "/", query ? "?" : "",
             query ? query : "");
    req = evhttp_request_new(dl_done, d);
    evhttp_add_header(evhttp_request_get_output_headers(req), "Host", host);
    if (dl->username && dl->username[0]) {
        /* the Download's Username/Password: HTTP Basic (RFC 7617) */
        char cred[600], auth[820] = "Basic ";
        int n = snprintf(cred, sizeof(cred), "%s:%s", dl->username, dl->password);
        if (n > 0 && (size_t)n < sizeof(cred)) {
            EVP_EncodeBlock((unsigned char *)auth + 6, (const unsigned char *)cred, n);
            evhttp_add_header(evhttp_request_get_output_headers(req), "Authorization", auth);
        }
    }
    evhttp_make_request(d->conn, req, EVHTTP_REQ_GET, target);
    evhttp_uri_free(uri);
}

/* ---------------------------------------------------------------- IPPing */

struct diag_ctx {
    struct sim_cpe *c;
    char base[96];
    unsigned reps;
    int local;
};

static void diag_finish(struct diag_ctx *d, int resolved)
{
    struct sim_cpe *c = d->c;
    char name[160], v[32];
    struct sim_fault fault = {0};

#define SETD(field, val)                                                                           \
    do {                                                                                           \
        snprintf(name, sizeof(name), "%s%s", d->base, field);                                      \
        sim_device_update(c->dev, name, val, &fault);                                              \
        sim_fault_clear(&fault);                                                                   \
    } while (0)
    if (!resolved) {
        SETD("SuccessCount", "0");
        SETD("FailureCount", "0");
        SETD("DiagnosticsState", "Error_CannotResolveHostName");
    } else {
        unsigned base_us = d->local ? 40 : 5000 + (unsigned)(sim_rand01() * 20000);
        unsigned min_us = base_us, max_us = base_us + (unsigned)(sim_rand01() * base_us / 2);
        unsigned avg_us = (min_us + max_us) / 2;
        snprintf(v, sizeof(v), "%u", d->reps);
        SETD("SuccessCount", v);
        SETD("FailureCount", "0");
        snprintf(v, sizeof(v), "%u", avg_us / 1000);
        SETD("AverageResponseTime", v);
        snprintf(v, sizeof(v), "%u", min_us / 1000);
        SETD("MinimumResponseTime", v);
        snprintf(v, sizeof(v), "%u", max_us / 1000);
        SETD("MaximumResponseTime", v);
        if (!c->fleet->tr098) {
            snprintf(v, sizeof(v), "%u", avg_us);
            SETD("AverageResponseTimeDetailed", v);
            snprintf(v, sizeof(v), "%u", min_us);
            SETD("MinimumResponseTimeDetailed", v);
            snprintf(v, sizeof(v), "%u", max_us);
            SETD("MaximumResponseTimeDetailed", v);
        }
        SETD("DiagnosticsState", "Complete");
    }
#undef SETD
    sim_log(c->fleet, SIM_LOG_INFO, "%s: IPPing done (%s)", c->serial,
            resolved ? "Complete" : "Error_CannotResolveHostName");
    sim_cpe_trigger(c, SIM_EV_DIAG_COMPLETE);
    free(d);
}

static void diag_resolved(int result, struct evutil_addrinfo *res, void *arg)
{
    if (res)
        evutil_freeaddrinfo(res);
    diag_finish(arg, result == 0);
}

static void diag_start(struct sim_cpe *c)
{
    struct diag_ctx *d = calloc(1, sizeof(*d));
    char name[160], hbuf[300], rbuf[32];
    const char *host, *reps;
    unsigned char addr[16];
    size_t hl;

    if (!d)
        return;
    d->c = c;
    snprintf(d->base, sizeof(d->base), "%s",
             c->fleet->tr098 ? "InternetGatewayDevice.IPPingDiagnostics."
                             : "Device.IP.Diagnostics.IPPing.");
    snprintf(name, sizeof(name), "%sHost", d->base);
    host = sim_device_value(c->dev, name, hbuf, sizeof(hbuf), NULL);
    snprintf(name, sizeof(name), "%sNumberOfRepetitions", d->base);
    reps = sim_device_value(c->dev, name, rbuf, sizeof(rbuf), NULL);
    d->reps = reps ? (unsigned)strtoul(reps, NULL, 10) : 1;
    if (!host)
        host = "";
    hl = strlen(host);
    d->local = strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0 ||
               strcasecmp(host, "localhost") == 0;
    if (inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1 || d->local) {
        diag_finish(d, 1);
    } else if (!hl || (hl >= 8 && strcasecmp(host + hl - 8, ".invalid") == 0)) {
        diag_finish(d, 0); /* RFC 6761: .invalid never resolves */
    } else {
        struct evutil_addrinfo hints = {0};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        if (!evdns_getaddrinfo(c->fleet->dns, host, NULL, &hints, diag_resolved, d))
            return; /* done at once or pending; either way d is handled */
    }
}

/* ---------------------------------------------------------------- ScheduleInform */

static void sched_cb(evutil_socket_t fd, short what, void *arg)
{
    struct sim_cpe *c = arg;

    (void)fd;
    (void)what;
    free(c->sched_key);
    c->sched_key = c->next_sched_key;
    c->next_sched_key = NULL;
    sim_cpe_trigger(c, SIM_EV_SCHEDULED | SIM_EV_M_SCHEDULE_INFORM);
}

void sim_schedule_inform(struct sim_cpe *c, uint32_t delay, const char *command_key)
{
    struct timeval tv = {(time_t)delay, 0};

    if (!c->sched_timer && !(c->sched_timer = evtimer_new(c->fleet->base, sched_cb, c)))
        return;
    free(c->next_sched_key);
    c->next_sched_key = strdup(command_key ? command_key : "");
    evtimer_add(c->sched_timer, &tv);
}

/* ---------------------------------------------------------------- after a session */

void sim_actions_after_session(struct sim_cpe *c)
{
    unsigned a = c->actions;

    c->actions = 0;
    if (a & SIM_ACT_FACTORY_RESET) {
        sim_log(c->fleet, SIM_LOG_INFO, "%s: factory reset", c->serial);
        sim_device_factory_reset(c->dev);
        sim_cpe_apply_overrides(c);
        c->bootstrapped = 0;
        sim_state_mark(c->fleet, c->index, 0);
        c->events = SIM_EV_BOOTSTRAP;
        sim_download_free(c->download);
        c->download = NULL;
        sim_tc_free(c->tc);
        c->tc = NULL;
        if (c->sched_timer)
            evtimer_del(c->sched_timer);
        reboot(c, SIM_EV_BOOTSTRAP);
        return;
    }
    if (a & SIM_ACT_DOWNLOAD) {
        struct timeval tv = {c->download ? (time_t)c->download->delay : 0, 0};
        event_base_once(c->fleet->base, -1, EV_TIMEOUT, dl_start, c, &tv);
    }
    if (a & SIM_ACT_DIAG)
        diag_start(c);
    if (a & SIM_ACT_REBOOT) {
        free(c->reboot_key);
        c->reboot_key = c->next_reboot_key;
        c->next_reboot_key = NULL;
        reboot(c, SIM_EV_M_REBOOT);
    }
}

/* ---------------------------------------------------------------- --change-interval */

void sim_change_tick(struct sim_fleet *f)
{
    const char *rel = f->opts->change_param;

    for (uint32_t i = 0; i < f->n; i++) {
        struct sim_cpe *c = &f->cpes[i];
        char name[256], buf[300], nv[64];
        struct sim_fault fault = {0};
        enum cwmp_type type;
        const char *v;

        if (c->gone)
            continue;
        if (strncmp(rel, sim_model_root(f->model), strlen(sim_model_root(f->model))) == 0)
            snprintf(name, sizeof(name), "%s", rel);
        else
            sim_cpe_param(c, rel, name, sizeof(name));
        v = sim_device_value(c->dev, name, buf, sizeof(buf), &type);
        if (!v)
            continue;
        c->change_counter++;
        if (type == CWMP_TYPE_BOOLEAN)
            snprintf(nv, sizeof(nv), "%s",
                     strcmp(v, "true") == 0 || strcmp(v, "1") == 0 ? "false" : "true");
        else if (type == CWMP_TYPE_STRING)
            snprintf(nv, sizeof(nv), "sim-change-%u", c->change_counter);
        else
            snprintf(nv, sizeof(nv), "%u", c->change_counter);
        if (sim_device_update(c->dev, name, nv, &fault) != 0)
            sim_log(f, SIM_LOG_WARNING, "%s: --change-param %s: %s", c->serial, name,
                    fault.message);
        sim_fault_clear(&fault);
        if (sim_device_active_pending(c->dev))
            sim_cpe_trigger(c, SIM_EV_VALUE_CHANGE);
    }
}
