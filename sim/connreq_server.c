/*
 * connreq_server.c - the fleet's connection request endpoints (TR-069
 * 3.2.2 and Annex G): one HTTP listener with a path per device
 * (/cr/SERIAL, Digest authentication against the device's
 * ConnectionRequestUsername/Password) and one UDP socket for all devices
 * (the device is found by the message's username). Refusals for failure
 * tests: --refuse-cr, --refuse-cr-rate, --dead.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/util.h>

#include "sim/sim.h"
#include "sim/udp_cr.h"

struct sim_cpe *sim_fleet_find_serial(struct sim_fleet *f, const char *serial)
{
    size_t pl = strlen(f->opts->serial_prefix);
    char *end;
    unsigned long idx;
    char check[64];

    if (strncmp(serial, f->opts->serial_prefix, pl) != 0)
        return NULL;
    serial += pl;
    if (*serial < '0' || *serial > '9')
        return NULL;
    errno = 0;
    idx = strtoul(serial, &end, 10);
    if (errno || *end || idx < f->opts->first_index || idx - f->opts->first_index >= f->n)
        return NULL;
    struct sim_cpe *c = &f->cpes[idx - f->opts->first_index];
    snprintf(check, sizeof(check), "%s%s", f->opts->serial_prefix, serial);
    return strcmp(check, c->serial) == 0 ? c : NULL;
}

static const char *cr_value(struct sim_cpe *c, const char *rel, char *buf, size_t size)
{
    char name[256], tmp[512];
    const char *v =
        sim_device_value(c->dev, sim_cpe_param(c, rel, name, sizeof(name)), tmp, sizeof(tmp), NULL);
    snprintf(buf, size, "%s", v ? v : "");
    return buf;
}

int sim_cr_accept(struct sim_cpe *c)
{
    struct sim_opts *o = c->fleet->opts;

    /* a rebooting device is not listening */
    if (c->gone || c->rebooting || sim_idxset_has(&o->refuse_cr, c->index) ||
        (o->refuse_cr_rate > 0 && sim_rand01() < o->refuse_cr_rate))
        return -1;
    sim_log(c->fleet, SIM_LOG_INFO, "%s: connection request", c->serial);
    sim_cpe_trigger(c, SIM_EV_CONNREQ);
    return 0;
}

/* ---------------------------------------------------------------- HTTP */

static int cr_credentials(void *arg, const char *username, char *password, size_t cap)
{
    struct sim_cpe *c = arg;
    char user[256];

    if (strcmp(cr_value(c, "ManagementServer.ConnectionRequestUsername", user, sizeof(user)),
               username) != 0)
        return -1;
    cr_value(c, "ManagementServer.ConnectionRequestPassword", password, cap);
    return 0;
}

static void http_cb(struct evhttp_request *req, void *arg)
{
    struct sim_fleet *f = arg;
    const char *uri = evhttp_request_get_uri(req);
    const char *auth = evhttp_find_header(evhttp_request_get_input_headers(req), "Authorization");
    struct sim_cpe *c = NULL;
    char serial[64];
    enum cwmp_auth_result r;

    if (evhttp_request_get_command(req) != EVHTTP_REQ_GET) {
        evhttp_send_error(req, 405, "Method Not Allowed");
        return;
    }
    if (strncmp(uri, "/cr/", 4) == 0 && strlen(uri + 4) < sizeof(serial)) {
        snprintf(serial, sizeof(serial), "%.*s", (int)strcspn(uri + 4, "?"), uri + 4);
        c = sim_fleet_find_serial(f, serial);
    }
    if (!c) {
        evhttp_send_error(req, 404, "Not Found");
        return;
    }
    if (c->gone) /* a dead device never answers: the ACS times out */
        return;
    r = cwmp_auth_check(f->cr_auth, "GET", uri, auth, cr_credentials, c, time(NULL), NULL, NULL, 0);
    if (r != CWMP_AUTH_OK) {
        char ch[512];
        struct evkeyvalq *h = evhttp_request_get_output_headers(req);
        for (unsigned i = 0; cwmp_auth_challenge(f->cr_auth, i, r == CWMP_AUTH_STALE, time(NULL),
                                                 ch, sizeof(ch)) >= 0;
             i++)
            evhttp_add_header(h, "WWW-Authenticate", ch);
        sim_log(f, SIM_LOG_DEBUG, "%s: connection request: %s", c->serial,
                cwmp_auth_result_string(r));
        evhttp_send_reply(req, 401, "Unauthorized", NULL);
        return;
    }
    if (sim_cr_accept(c) != 0) {
        sim_log(f, SIM_LOG_INFO, "%s: connection request refused", c->serial);
        evhttp_send_error(req, 503, "Service Unavailable");
        return;
    }
    evhttp_send_reply(req, 200, "OK", NULL);
}

/* ---------------------------------------------------------------- UDP */

static struct sim_cpe *find_by_username(struct sim_fleet *f, const char *un)
{
    char user[256];

    /* the default username is "cr-SERIAL": try that first, then scan */
    if (strncmp(un, "cr-", 3) == 0) {
        struct sim_cpe *c = sim_fleet_find_serial(f, un + 3);
        if (c &&
            strcmp(cr_value(c, "ManagementServer.ConnectionRequestUsername", user, sizeof(user)),
                   un) == 0)
            return c;
    }
    for (uint32_t i = 0; i < f->n; i++)
        if (strcmp(cr_value(&f->cpes[i], "ManagementServer.ConnectionRequestUsername", user,
                            sizeof(user)),
                   un) == 0)
            return &f->cpes[i];
    return NULL;
}

static void udp_cb(evutil_socket_t fd, short what, void *arg)
{
    struct sim_fleet *f = arg;
    char buf[2048], pass[256];
    struct sim_udp_cr m;
    const char *why;
    struct sim_cpe *c;
    ssize_t n;

    (void)what;
    while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) {
        if (sim_udp_cr_parse(buf, (size_t)n, &m, &why) != 0) {
            sim_log(f, SIM_LOG_INFO, "UDP connection request ignored: %s", why);
            continue;
        }
        c = find_by_username(f, m.un);
        if (!c) {
            sim_log(f, SIM_LOG_INFO, "UDP connection request ignored: unknown user %s", m.un);
            continue;
        }
        cr_value(c, "ManagementServer.ConnectionRequestPassword", pass, sizeof(pass));
        if (sim_udp_cr_verify(&m, pass) != 0) {
            sim_log(f, SIM_LOG_INFO, "%s: UDP connection request ignored: bad signature",
                    c->serial);
            continue;
        }
        /* G.2.2.3: copies of one request share id: act once; ts must not go back */
        if ((c->udp_last_id && strcmp(c->udp_last_id, m.id) == 0) || m.ts < c->udp_last_ts) {
            sim_log(f, SIM_LOG_DEBUG, "%s: UDP connection request replay ignored", c->serial);
            continue;
        }
        free(c->udp_last_id);
        c->udp_last_id = strdup(m.id);
        c->udp_last_ts = m.ts;
        if (sim_cr_accept(c) != 0)
            sim_log(f, SIM_LOG_INFO, "%s: UDP connection request refused", c->serial);
    }
}

static int udp_start(struct sim_fleet *f, char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    int sl = sizeof(ss);
    char addr[300];

    snprintf(addr, sizeof(addr), "%s:%d", f->opts->cr_host, f->cr_port);
    if (evutil_parse_sockaddr_port(addr, (struct sockaddr *)&ss, &sl) != 0) {
        snprintf(err, errlen, "--cr-host %s is not a numeric address", f->opts->cr_host);
        return -1;
    }
    f->udp_fd = socket(ss.ss_family, SOCK_DGRAM, 0);
    if (f->udp_fd < 0 || evutil_make_socket_nonblocking(f->udp_fd) != 0 ||
        bind(f->udp_fd, (struct sockaddr *)&ss, (socklen_t)sl) != 0) {
        snprintf(err, errlen, "UDP connection request socket on %s: %s", addr, strerror(errno));
        return -1;
    }
    f->udp_ev = event_new(f->base, f->udp_fd, EV_READ | EV_PERSIST, udp_cb, f);
    if (!f->udp_ev || event_add(f->udp_ev, NULL) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

int sim_cr_start(struct sim_fleet *f, char *err, size_t errlen)
{
    struct evhttp_bound_socket *bs;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof(ss);

    f->udp_fd = -1;
    if (f->opts->cr_port < 0)
        return 0;
    f->cr_auth = cwmp_auth_new(CWMP_AUTH_DIGEST, "cwmp-sim", NULL, 0, 0);
    f->cr_http = evhttp_new(f->base);
    if (!f->cr_auth || !f->cr_http) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    evhttp_set_allowed_methods(f->cr_http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD);
    evhttp_set_gencb(f->cr_http, http_cb, f);
    evhttp_set_timeout(f->cr_http, 10);
    bs = evhttp_bind_socket_with_handle(f->cr_http, f->opts->cr_host,
                                        (unsigned short)f->opts->cr_port);
    if (!bs) {
        snprintf(err, errlen, "cannot listen for connection requests on %s:%d", f->opts->cr_host,
                 f->opts->cr_port);
        return -1;
    }
    if (getsockname(evhttp_bound_socket_get_fd(bs), (struct sockaddr *)&ss, &sl) != 0) {
        snprintf(err, errlen, "getsockname: %s", strerror(errno));
        return -1;
    }
    f->cr_port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                : ((struct sockaddr_in *)&ss)->sin_port);
    /* UDP on the same port number (Annex G: UDPConnectionRequestAddress) */
    return udp_start(f, err, errlen);
}

void sim_cr_stop(struct sim_fleet *f)
{
    if (f->cr_http)
        evhttp_free(f->cr_http);
    if (f->udp_ev)
        event_free(f->udp_ev);
    if (f->udp_fd >= 0)
        close(f->udp_fd);
    if (f->cr_auth)
        cwmp_auth_free(f->cr_auth);
}
