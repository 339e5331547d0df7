/*
 * connreq.c - HTTP connection requests (TR-069 3.2.2): a GET to the CPE's
 * ConnectionRequestURL over a bufferevent, answering one 401 challenge
 * (Digest or Basic) on a fresh connection, bounded by a timeout, with a
 * global limit on requests in flight and a FIFO queue beyond it.
 */
#include "cwmp/connreq.h"
#include "cwmp/auth.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/dns.h>
#include <event2/event.h>
#include <event2/util.h>

#define CR_MAX_RESPONSE_HEAD 8192

struct cr_req {
    struct cwmp_connreq_client *cl;
    struct cr_req *next; /* queue or active list */
    struct bufferevent *bev;
    struct event *timer;
    cwmp_connreq_cb cb;
    void *arg;
    char *host, *path, *username, *password;
    char *authorization; /* answer to the challenge, on the second attempt */
    uint16_t port;
    int attempt;
};

struct cwmp_connreq_client {
    struct event_base *base;
    struct evdns_base *dns;
    struct event *kick;
    struct cwmp_connreq_config cfg;
    struct cr_req *queue_head, *queue_tail;
    struct cr_req *active;
    unsigned n_active, n_queued;
};

const char *cwmp_connreq_result_string(enum cwmp_connreq_result r)
{
    switch (r) {
    case CWMP_CR_OK:
        return "ok";
    case CWMP_CR_REFUSED:
        return "connection refused";
    case CWMP_CR_TIMEOUT:
        return "timeout";
    case CWMP_CR_AUTH_FAILED:
        return "authentication failed";
    case CWMP_CR_HTTP_STATUS:
        return "unexpected HTTP status";
    case CWMP_CR_NETWORK_ERROR:
        return "network error";
    case CWMP_CR_CANCELLED:
        return "cancelled";
    }
    return "unknown";
}

static void req_free(struct cr_req *r)
{
    if (r->bev != NULL)
        bufferevent_free(r->bev);
    if (r->timer != NULL)
        event_free(r->timer);
    free(r->host);
    free(r->path);
    free(r->username);
    free(r->password);
    free(r->authorization);
    free(r);
}

static void kick_soon(struct cwmp_connreq_client *cl)
{
    if (cl->n_queued > 0 && cl->n_active < cl->cfg.max_concurrent)
        event_active(cl->kick, EV_TIMEOUT, 0);
}

/* Ends an active request and runs its callback. */
static void req_done(struct cr_req *r, enum cwmp_connreq_result res, int status)
{
    struct cwmp_connreq_client *cl = r->cl;
    struct cr_req **pp = &cl->active;
    cwmp_connreq_cb cb = r->cb;
    void *arg = r->arg;

    while (*pp != NULL && *pp != r)
        pp = &(*pp)->next;
    if (*pp == r)
        *pp = r->next;
    cl->n_active--;
    req_free(r);
    kick_soon(cl);
    cb(arg, res, status);
}

static void req_connect(struct cr_req *r);

static void send_get(struct cr_req *r)
{
    struct evbuffer *out = bufferevent_get_output(r->bev);
    int v6 = strchr(r->host, ':') != NULL;

    evbuffer_add_printf(out,
                        "GET %s HTTP/1.1\r\nHost: %s%s%s:%u\r\nUser-Agent: cwmp2usp\r\n"
                        "Content-Length: 0\r\nConnection: close\r\n",
                        r->path, v6 ? "[" : "", r->host, v6 ? "]" : "", (unsigned)r->port);
    if (r->authorization != NULL)
        evbuffer_add_printf(out, "Authorization: %s\r\n", r->authorization);
    evbuffer_add(out, "\r\n", 2);
}

/* Picks a challenge we can answer: Digest before Basic. */
static int answer_challenges(struct cr_req *r, const char *head)
{
    char answer[1024];
    const char *best = NULL, *p = head;
    char line[1024];

    while ((p = strstr(p, "\r\n")) != NULL) {
        const char *eol;
        size_t n;
        p += 2;
        eol = strstr(p, "\r\n");
        if (eol == NULL || eol == p)
            break;
        n = (size_t)(eol - p);
        if (n >= 17 && strncasecmp(p, "WWW-Authenticate:", 17) == 0 && n < sizeof(line)) {
            memcpy(line, p + 17, n - 17);
            line[n - 17] = '\0';
            if (cwmp_auth_answer(line, "GET", r->path, r->username, r->password, 1, answer,
                                 sizeof(answer)) > 0 &&
                (best == NULL || strncasecmp(answer, "Digest", 6) == 0)) {
                free(r->authorization);
                r->authorization = strdup(answer);
                best = p;
                if (strncasecmp(answer, "Digest", 6) == 0)
                    break;
            }
        }
    }
    return r->authorization != NULL ? 0 : -1;
}

static void on_read(struct bufferevent *bev, void *arg)
{
    struct cr_req *r = arg;
    struct evbuffer *in = bufferevent_get_input(bev);
    struct evbuffer_ptr end = evbuffer_search(in, "\r\n\r\n", 4, NULL);
    char *head;
    int status = 0;

    if (end.pos < 0) {
        if (evbuffer_get_length(in) > CR_MAX_RESPONSE_HEAD)
            req_done(r, CWMP_CR_NETWORK_ERROR, 0);
        return;
    }
    head = malloc((size_t)end.pos + 5);
    if (head == NULL) {
        req_done(r, CWMP_CR_NETWORK_ERROR, 0);
        return;
    }
    evbuffer_copyout(in, head, (size_t)end.pos + 4);
    head[end.pos + 4] = '\0';
    if (sscanf(head, "HTTP/1.%*1[01] %3d", &status) != 1 || status < 100 || status > 999) {
        free(head);
        req_done(r, CWMP_CR_NETWORK_ERROR, 0);
        return;
    }
    if (status == 200 || status == 204) {
        free(head);
        req_done(r, CWMP_CR_OK, status);
    } else if (status == 401 && r->attempt == 0 && r->username != NULL &&
               answer_challenges(r, head) == 0) {
        free(head);
        /* answer on a fresh connection: simplest and always allowed */
        bufferevent_free(r->bev);
        r->bev = NULL;
        r->attempt = 1;
        req_connect(r);
    } else {
        free(head);
        req_done(r, status == 401 ? CWMP_CR_AUTH_FAILED : CWMP_CR_HTTP_STATUS, status);
    }
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
    struct cr_req *r = arg;
    int err = EVUTIL_SOCKET_ERROR();

    (void)bev;
    if (what & BEV_EVENT_CONNECTED) {
        send_get(r);
        return;
    }
    if ((what & BEV_EVENT_ERROR) && err == ECONNREFUSED)
        req_done(r, CWMP_CR_REFUSED, 0);
    else
        req_done(r, CWMP_CR_NETWORK_ERROR, 0);
}

static void on_timeout(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    req_done(arg, CWMP_CR_TIMEOUT, 0);
}

static void req_connect(struct cr_req *r)
{
    struct cwmp_connreq_client *cl = r->cl;
    struct sockaddr_storage ss;
    int sslen = sizeof(ss);
    char spec[300];
    int rc;

    r->bev = bufferevent_socket_new(cl->base, -1, BEV_OPT_CLOSE_ON_FREE);
    if (r->bev == NULL) {
        req_done(r, CWMP_CR_NETWORK_ERROR, 0);
        return;
    }
    bufferevent_setcb(r->bev, on_read, NULL, on_event, r);
    bufferevent_enable(r->bev, EV_READ | EV_WRITE);
    snprintf(spec, sizeof(spec), strchr(r->host, ':') ? "[%s]:%u" : "%s:%u", r->host,
             (unsigned)r->port);
    memset(&ss, 0, sizeof(ss));
    if (evutil_parse_sockaddr_port(spec, (struct sockaddr *)&ss, &sslen) == 0) {
        rc = bufferevent_socket_connect(r->bev, (struct sockaddr *)&ss, sslen);
    } else {
        if (cl->dns == NULL)
            cl->dns = evdns_base_new(cl->base, EVDNS_BASE_INITIALIZE_NAMESERVERS);
        rc = cl->dns
                 ? bufferevent_socket_connect_hostname(r->bev, cl->dns, AF_UNSPEC, r->host, r->port)
                 : -1;
    }
    if (rc != 0) {
        int e = EVUTIL_SOCKET_ERROR();
        req_done(r, e == ECONNREFUSED ? CWMP_CR_REFUSED : CWMP_CR_NETWORK_ERROR, 0);
    }
}

static void req_start(struct cr_req *r)
{
    struct cwmp_connreq_client *cl = r->cl;
    struct timeval tv = {cl->cfg.timeout_ms / 1000, (cl->cfg.timeout_ms % 1000) * 1000};

    r->next = cl->active;
    cl->active = r;
    cl->n_active++;
    r->timer = evtimer_new(cl->base, on_timeout, r);
    if (r->timer == NULL) {
        req_done(r, CWMP_CR_NETWORK_ERROR, 0);
        return;
    }
    evtimer_add(r->timer, &tv);
    req_connect(r);
}

static void on_kick(evutil_socket_t fd, short what, void *arg)
{
    struct cwmp_connreq_client *cl = arg;

    (void)fd;
    (void)what;
    while (cl->queue_head != NULL && cl->n_active < cl->cfg.max_concurrent) {
        struct cr_req *r = cl->queue_head;
        cl->queue_head = r->next;
        if (cl->queue_head == NULL)
            cl->queue_tail = NULL;
        cl->n_queued--;
        req_start(r);
    }
}

struct cwmp_connreq_client *cwmp_connreq_client_new(struct event_base *base,
                                                    const struct cwmp_connreq_config *cfg)
{
    struct cwmp_connreq_client *cl = calloc(1, sizeof(*cl));

    if (cl == NULL)
        return NULL;
    cl->base = base;
    if (cfg != NULL)
        cl->cfg = *cfg;
    if (cl->cfg.timeout_ms == 0)
        cl->cfg.timeout_ms = 10000;
    if (cl->cfg.max_concurrent == 0)
        cl->cfg.max_concurrent = 256;
    if (cl->cfg.max_queued == 0)
        cl->cfg.max_queued = 100000;
    cl->kick = event_new(base, -1, 0, on_kick, cl);
    if (cl->kick == NULL) {
        free(cl);
        return NULL;
    }
    return cl;
}

void cwmp_connreq_client_free(struct cwmp_connreq_client *cl)
{
    if (cl == NULL)
        return;
    while (cl->active != NULL)
        req_done(cl->active, CWMP_CR_CANCELLED, 0);
    while (cl->queue_head != NULL) {
        struct cr_req *r = cl->queue_head;
        cl->queue_head = r->next;
        r->cb(r->arg, CWMP_CR_CANCELLED, 0);
        req_free(r);
    }
    event_free(cl->kick);
    if (cl->dns != NULL)
        evdns_base_free(cl->dns, 0);
    free(cl);
}

/* Splits "http://host[:port][/path]". 0 or -1. */
static int parse_url(const char *url, struct cr_req *r)
{
    const char *p, *host, *host_end, *path;
    unsigned long port = 80;

    if (strncasecmp(url, "http://", 7) != 0)
        return -1;
    host = url + 7;
    if (*host == '[') {
        host_end = strchr(host, ']');
        if (host_end == NULL)
            return -1;
        p = host_end + 1;
        host++;
    } else {
        host_end = host + strcspn(host, ":/?#");
        p = host_end;
    }
    if (host_end == host)
        return -1;
    if (*p == ':') {
        char *end;
        port = strtoul(p + 1, &end, 10);
        if (end == p + 1 || port == 0 || port > 65535)
            return -1;
        p = end;
    }
    if (*p != '\0' && *p != '/' && *p != '?')
        return -1;
    path = *p == '\0' ? "/" : p;
    for (const char *q = path; *q; q++)
        if ((unsigned char)*q <= ' ' || *q == 0x7f)
            return -1;
    r->host = strndup(host, (size_t)(host_end - host));
    r->path = *p == '?' ? malloc(strlen(p) + 2) : strdup(path);
    if (r->path != NULL && *p == '?')
        sprintf(r->path, "/%s", p);
    r->port = (uint16_t)port;
    return r->host != NULL && r->path != NULL ? 0 : -1;
}

int cwmp_connreq_send(struct cwmp_connreq_client *cl, const char *url, const char *username,
                      const char *password, cwmp_connreq_cb cb, void *arg, char *err, size_t errlen)
{
    struct cr_req *r;
    char dummy[1];

    if (err == NULL || errlen == 0) {
        err = dummy;
        errlen = sizeof(dummy);
    }
    if (cl->n_queued >= cl->cfg.max_queued) {
        snprintf(err, errlen, "connection request queue full (%u)", cl->n_queued);
        return -1;
    }
    r = calloc(1, sizeof(*r));
    if (r == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    r->cl = cl;
    r->cb = cb;
    r->arg = arg;
    if (url == NULL || parse_url(url, r) != 0) {
        snprintf(err, errlen, "bad ConnectionRequestURL '%s' (want http://host:port/path)",
                 url ? url : "");
        req_free(r);
        return -1;
    }
    if (username != NULL) {
        r->username = strdup(username);
        r->password = strdup(password ? password : "");
        if (r->username == NULL || r->password == NULL) {
            snprintf(err, errlen, "out of memory");
            req_free(r);
            return -1;
        }
    }
    if (cl->queue_tail != NULL)
        cl->queue_tail->next = r;
    else
        cl->queue_head = r;
    cl->queue_tail = r;
    cl->n_queued++;
    kick_soon(cl);
    return 0;
}

unsigned cwmp_connreq_active(const struct cwmp_connreq_client *cl)
{
    return cl->n_active;
}

unsigned cwmp_connreq_queued(const struct cwmp_connreq_client *cl)
{
    return cl->n_queued;
}
