/*
 * inform_floor.c - the floor of the Inform storm benchmark
 * (bench/inform-storm, docs/PERFORMANCE.md): a bare libevent HTTP server
 * that does only what every Inform session needs at least.
 *
 *   bench/inform-floor [-a ADDR] [-p PORT]
 *
 * Per POST it parses the body with the codec call the daemon uses
 * (cwmp_msg_parse, same limits) and answers an Inform with a fixed
 * InformResponse (MaxEnvelopes 1, written once at start) and an empty POST
 * with 204, so cwmp-sim runs its normal sessions against it: Inform ->
 * InformResponse, empty POST -> 204. No authentication, no state, no
 * cookies. Any other body gets 400 and is counted as an error.
 *
 * On start it prints "listening on ADDR:PORT" (PORT 0 = any free port) to
 * stdout; on SIGTERM/SIGINT it prints "informs=N empty=N errors=N" and
 * exits.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>

#include "cwmp/cwmp.h"

/* The daemon's default acs.max_body_kb (1024), the limit it parses with. */
#define FLOOR_MAX_BODY (1024u * 1024)
/* The daemon's listen backlog (cwmp/http_server.c): libevent's default of
 * 128 overflows under a storm and costs the CPE a 1 s SYN retransmit. */
#define FLOOR_BACKLOG 1024

struct floor {
    struct cwmp_buf reply; /* the fixed InformResponse envelope */
    unsigned long informs, empty, errors;
};

static void on_request(struct evhttp_request *req, void *arg)
{
    struct floor *f = arg;
    struct evbuffer *in = evhttp_request_get_input_buffer(req);
    size_t len = evbuffer_get_length(in);
    struct cwmp_soap_limits lim = {FLOOR_MAX_BODY, 0, 0, 0};
    struct cwmp_msg *m = NULL;
    struct evbuffer *out;
    char err[160];
    int rc;

    if (evhttp_request_get_command(req) != EVHTTP_REQ_POST) {
        f->errors++;
        evhttp_send_error(req, 405, NULL);
        return;
    }
    if (len == 0) { /* the CPE has nothing more: end the session */
        f->empty++;
        evhttp_send_reply(req, 204, "No Content", NULL);
        return;
    }
    rc = cwmp_msg_parse((const char *)evbuffer_pullup(in, -1), len, &lim, &m, err, sizeof(err));
    if (rc != CWMP_SOAP_OK || m->type != CWMP_MSG_INFORM) {
        f->errors++;
        cwmp_msg_free(m);
        evhttp_send_error(req, 400, NULL);
        return;
    }
    cwmp_msg_free(m);
    f->informs++;
    out = evbuffer_new();
    if (!out) {
        f->errors++;
        evhttp_send_error(req, 500, NULL);
        return;
    }
    evbuffer_add_reference(out, f->reply.data, f->reply.len, NULL, NULL);
    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
                      "text/xml; charset=\"utf-8\"");
    evhttp_add_header(evhttp_request_get_output_headers(req), "SOAPAction", "");
    evhttp_send_reply(req, 200, "OK", out);
    evbuffer_free(out);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
    (void)sig, (void)what;
    event_base_loopbreak(arg);
}

/* Writes the fixed InformResponse (cwmp-1-2 namespace, cwmp:ID "floor"). */
static int build_reply(struct cwmp_buf *out)
{
    struct cwmp_msg m;
    char err[160];

    memset(&m, 0, sizeof(m));
    m.type = CWMP_MSG_INFORM_RESPONSE;
    m.ns_version = CWMP_NS_1_2;
    m.id = "floor";
    m.body.inform_resp.max_envelopes = 1;
    if (cwmp_msg_write(&m, out, err, sizeof(err)) != CWMP_SOAP_OK) {
        fprintf(stderr, "inform-floor: cannot write the InformResponse: %s\n", err);
        return -1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, const char **addr, unsigned *port)
{
    int i;
    for (i = 1; i < argc; i++) {
        char *end;
        unsigned long v;
        if (strcmp(argv[i], "-a") == 0 && i + 1 < argc) {
            *addr = argv[++i];
        } else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
            errno = 0;
            v = strtoul(argv[++i], &end, 10);
            if (errno || *end || v > 65535) {
                fprintf(stderr, "inform-floor: -p %s: not a port number\n", argv[i]);
                return -1;
            }
            *port = (unsigned)v;
        } else {
            fprintf(stderr, "usage: inform-floor [-a ADDR] [-p PORT]\n");
            return -1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *addr = "127.0.0.1";
    unsigned port = 0;
    struct floor f = {0};
    struct event_base *base;
    struct evhttp *http;
    struct evhttp_bound_socket *bound;
    struct event *sigterm, *sigint;
    struct sockaddr_storage ss;
    ev_socklen_t sl = sizeof(ss);
    int slen = (int)sizeof(ss);
    struct evconnlistener *lev;
    char host[64];

    if (parse_args(argc, argv, &addr, &port) != 0 || build_reply(&f.reply) != 0)
        return 2;
    signal(SIGPIPE, SIG_IGN);
    base = event_base_new();
    http = base ? evhttp_new(base) : NULL;
    if (!http) {
        fprintf(stderr, "inform-floor: cannot create the libevent HTTP server\n");
        return 1;
    }
    evhttp_set_allowed_methods(http, EVHTTP_REQ_POST | EVHTTP_REQ_GET);
    evhttp_set_max_body_size(http, FLOOR_MAX_BODY);
    evhttp_set_gencb(http, on_request, &f);
    if (evutil_parse_sockaddr_port(addr, (struct sockaddr *)&ss, &slen) != 0) {
        fprintf(stderr, "inform-floor: -a %s: not an IP address\n", addr);
        return 2;
    }
    if (ss.ss_family == AF_INET6)
        ((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)port);
    else
        ((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
    lev = evconnlistener_new_bind(base, NULL, NULL,
                                  LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC,
                                  FLOOR_BACKLOG, (struct sockaddr *)&ss, slen);
    bound = lev ? evhttp_bind_listener(http, lev) : NULL;
    if (!bound) {
        fprintf(stderr, "inform-floor: cannot listen on %s:%u: %s\n", addr, port, strerror(errno));
        return 1;
    }
    if (getsockname(evhttp_bound_socket_get_fd(bound), (struct sockaddr *)&ss, &sl) != 0 ||
        evutil_inet_ntop(ss.ss_family,
                         ss.ss_family == AF_INET6 ? (void *)&((struct sockaddr_in6 *)&ss)->sin6_addr
                                                  : (void *)&((struct sockaddr_in *)&ss)->sin_addr,
                         host, sizeof(host)) == NULL) {
        fprintf(stderr, "inform-floor: getsockname: %s\n", strerror(errno));
        return 1;
    }
    port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                          : ((struct sockaddr_in *)&ss)->sin_port);
    printf("listening on %s:%u\n", host, port);
    fflush(stdout);
    sigterm = evsignal_new(base, SIGTERM, on_signal, base);
    sigint = evsignal_new(base, SIGINT, on_signal, base);
    if (!sigterm || !sigint || evsignal_add(sigterm, NULL) != 0 ||
        evsignal_add(sigint, NULL) != 0) {
        fprintf(stderr, "inform-floor: cannot watch signals\n");
        return 1;
    }
    event_base_dispatch(base);
    printf("informs=%lu empty=%lu errors=%lu\n", f.informs, f.empty, f.errors);
    event_free(sigterm);
    event_free(sigint);
    evhttp_free(http);
    event_base_free(base);
    cwmp_buf_free(&f.reply);
    return 0;
}
