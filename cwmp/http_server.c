/*
 * http_server.c - the HTTP/1.1 layer of the session engine: listener,
 * connections over (TLS) bufferevents, request framing (Content-Length,
 * chunked, Expect: 100-continue), keep-alive, limits with their HTTP
 * status codes, and writing responses. What a request means is session.c's
 * business.
 */
#include "cwmp/server_priv.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <event2/util.h>
#include <openssl/err.h>

#define DEFAULT_MAX_BODY     (1024u * 1024)
#define DEFAULT_MAX_HEAD     (16u * 1024)
#define DEFAULT_MAX_SESSIONS 10000u
#define DEFAULT_RETRY_AFTER  30u
#define DEFAULT_IDLE_MS      30000u

void cwmp_srv_log(struct cwmp_server *srv, enum cwmp_log_level level, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (srv->cb.log == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    srv->cb.log(srv->arg, level, msg);
}

static const char *status_text(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    }
    return "Error";
}

static void set_timeouts(struct cwmp_conn *c, int busy)
{
    struct timeval tv;
    unsigned ms = c->srv->cfg.idle_timeout_ms;

    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    /* While the application works on a request the CPE is expected to be
     * quiet; session.c bounds that wait with its own timer. */
    bufferevent_set_timeouts(c->bev, busy ? NULL : &tv, &tv);
}

void cwmp_conn_set_busy_timeouts(struct cwmp_conn *c, int busy)
{
    set_timeouts(c, busy);
}

static void conn_free(struct cwmp_conn *c, int timed_out)
{
    struct cwmp_server *srv = c->srv;

    if (c->session != NULL)
        cwmp_session_conn_closed(c, timed_out);
    if (c->prev != NULL)
        c->prev->next = c->next;
    else
        srv->conns = c->next;
    if (c->next != NULL)
        c->next->prev = c->prev;
    if (c->bev != NULL)
        bufferevent_free(c->bev);
    if (c->body != NULL)
        evbuffer_free(c->body);
    free(c->authorization);
    free(c->target);
    free(c->peer_subject);
    free(c);
}

void cwmp_conn_respond(struct cwmp_conn *c, int status, const char *extra_headers, const char *body,
                       size_t body_len)
{
    struct evbuffer *out = bufferevent_get_output(c->bev);
    int close = c->close_after_write || !c->keep_alive;

    evbuffer_add_printf(out, "HTTP/1.1 %d %s\r\n%s%s%s", status, status_text(status),
                        body_len > 0 ? "Content-Type: text/xml; charset=\"utf-8\"\r\n" : "",
                        close       ? "Connection: close\r\n"
                        : c->http10 ? "Connection: keep-alive\r\n"
                                    : "",
                        extra_headers != NULL ? extra_headers : "");
    if (status != 204)
        evbuffer_add_printf(out, "Content-Length: %zu\r\n", body_len);
    evbuffer_add(out, "\r\n", 2);
    if (body_len > 0)
        evbuffer_add(out, body, body_len);
    if (close) {
        c->close_after_write = 1;
        bufferevent_disable(c->bev, EV_READ);
    }
}

/* Whether a request target names the configured path: origin-form
 * ("/acs?x") or absolute-form ("http://host/acs", RFC 9112 3.2.2); the
 * query is not compared. */
static int target_matches(const char *path, const char *target)
{
    const char *t = target, *scheme = strstr(target, "://");
    size_t n;

    if (path == NULL)
        return 1;
    if (*t != '/' && scheme != NULL) {
        t = strchr(scheme + 3, '/');
        if (t == NULL)
            t = "/";
    }
    n = strcspn(t, "?#");
    return strlen(path) == n && memcmp(path, t, n) == 0;
}

/* Refuses a request at the HTTP level and closes the connection after. */
static void refuse(struct cwmp_conn *c, int status, const char *extra, const char *why)
{
    cwmp_srv_log(c->srv, CWMP_LOG_WARNING, "%s: HTTP %d: %s", c->peer, status, why);
    c->close_after_write = 1;
    c->rd = RD_BUSY;
    cwmp_conn_respond(c, status, extra, NULL, 0);
}

static uint64_t parse_cookie_id(const char *v, size_t n)
{
    uint64_t id = 0;

    if (v == NULL || n != 16)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = v[i];
        int d = ch >= '0' && ch <= '9'   ? ch - '0'
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                         : -1;
        if (d < 0)
            return 0;
        id = id << 4 | (uint64_t)d;
    }
    return id;
}

static void request_complete(struct cwmp_conn *c)
{
    c->rd = RD_BUSY;
    set_timeouts(c, 1);
    cwmp_session_handle_request(c);
}

/* Reads a request head; 1 when one was taken, 0 when more input is needed. */
static int read_head(struct cwmp_conn *c, struct evbuffer *in)
{
    struct cwmp_server *srv = c->srv;
    struct evbuffer_ptr pos = evbuffer_search(in, "\r\n\r\n", 4, NULL);
    struct cwmp_http_head h;
    const char *why = NULL;
    size_t head_len;
    char *head;

    if (pos.pos < 0) {
        if (evbuffer_get_length(in) > srv->cfg.max_head)
            refuse(c, 431, NULL, "request head too large");
        return 0;
    }
    head_len = (size_t)pos.pos + 4;
    if (head_len > srv->cfg.max_head) {
        refuse(c, 431, NULL, "request head too large");
        return 0;
    }
    head = (char *)evbuffer_pullup(in, (ev_ssize_t)head_len);
    if (head == NULL || cwmp_http_parse_head(head, head_len, srv->cookie_name, &h, &why) != 0) {
        refuse(c, 400, NULL, why ? why : "out of memory");
        return 0;
    }
    c->method = h.method;
    c->keep_alive = h.keep_alive;
    c->http10 = h.minor == 0;
    c->cookie_id = parse_cookie_id(h.cookie_value, h.cookie_value_len);
    free(c->authorization);
    free(c->target);
    c->authorization = h.authorization ? strndup(h.authorization, h.authorization_len) : NULL;
    c->target = strndup(h.target, h.target_len);
    if (c->target == NULL || (h.authorization && c->authorization == NULL)) {
        refuse(c, 500, NULL, "out of memory");
        return 0;
    }
    if (h.method != CWMP_HTTP_POST) {
        /* TR-069 3.4.1: a CPE only POSTs to the ACS */
        refuse(c, 405, "Allow: POST\r\n", "method not allowed (only POST)");
        return 0;
    }
    if (!target_matches(srv->path, c->target)) {
        char why_path[400];
        snprintf(why_path, sizeof(why_path), "\"%.200s\" is not the ACS path %.100s", c->target,
                 srv->path);
        refuse(c, 404, NULL, why_path);
        return 0;
    }
    if (h.content_length > 0 && (uint64_t)h.content_length > srv->cfg.max_body) {
        refuse(c, 413, NULL, "request body larger than the limit");
        return 0;
    }
    evbuffer_drain(in, head_len);
    evbuffer_drain(c->body, evbuffer_get_length(c->body));
    if (h.chunked) {
        memset(&c->chunked, 0, sizeof(c->chunked));
        c->rd = RD_CHUNKED;
    } else if (h.content_length > 0) {
        c->body_left = (uint64_t)h.content_length;
        c->rd = RD_BODY;
    } else {
        request_complete(c);
        return 1;
    }
    if (h.expect_continue && evbuffer_get_length(in) == 0)
        evbuffer_add_printf(bufferevent_get_output(c->bev), "HTTP/1.1 100 Continue\r\n\r\n");
    return 1;
}

static int read_chunked(struct cwmp_conn *c, struct evbuffer *in)
{
    while (evbuffer_get_length(in) > 0) {
        struct evbuffer_iovec v;
        size_t used = 0, off = 0, n = 0;
        const char *why = NULL;
        int r;

        if (evbuffer_peek(in, -1, NULL, &v, 1) < 1)
            return 0;
        r = cwmp_http_chunked_feed(&c->chunked, v.iov_base, v.iov_len, &used, &off, &n, &why);
        if (r < 0) {
            refuse(c, 400, NULL, why);
            return 0;
        }
        if (n > 0) {
            if (evbuffer_get_length(c->body) + n > c->srv->cfg.max_body) {
                refuse(c, 413, NULL, "chunked request body larger than the limit");
                return 0;
            }
            evbuffer_add(c->body, (char *)v.iov_base + off, n);
        }
        evbuffer_drain(in, used);
        if (r == 1) {
            request_complete(c);
            return 1;
        }
    }
    return 0;
}

/* Handles whatever complete requests the input holds. */
static void conn_process(struct cwmp_conn *c)
{
    struct evbuffer *in = bufferevent_get_input(c->bev);

    while (!c->close_after_write) {
        if (c->rd == RD_BUSY)
            return;
        if (c->rd == RD_HEAD) {
            if (evbuffer_get_length(in) == 0 || !read_head(c, in))
                return;
        } else if (c->rd == RD_BODY) {
            size_t avail = evbuffer_get_length(in);
            size_t n = avail < c->body_left ? avail : (size_t)c->body_left;
            if (n == 0)
                return;
            evbuffer_remove_buffer(in, c->body, n);
            c->body_left -= n;
            if (c->body_left == 0)
                request_complete(c);
        } else if (!read_chunked(c, in)) {
            return;
        }
    }
}

void cwmp_conn_request_done(struct cwmp_conn *c)
{
    if (c->rd != RD_BUSY || c->close_after_write)
        return;
    c->rd = RD_HEAD;
    evbuffer_drain(c->body, evbuffer_get_length(c->body));
    set_timeouts(c, 0);
    /* a pipelined request may already wait; it is handled when this
     * response is flushed (write callback), never recursively here */
}

static void on_read(struct bufferevent *bev, void *arg)
{
    (void)bev;
    conn_process(arg);
}

static void on_write(struct bufferevent *bev, void *arg)
{
    struct cwmp_conn *c = arg;

    (void)bev;
    if (c->close_after_write) {
        conn_free(c, 0);
        return;
    }
    if (c->rd == RD_HEAD && evbuffer_get_length(bufferevent_get_input(c->bev)) > 0)
        conn_process(c);
}

static void on_event(struct bufferevent *bev, short what, void *arg)
{
    struct cwmp_conn *c = arg;

    if (what & BEV_EVENT_CONNECTED) {
        SSL *ssl = bufferevent_openssl_get_ssl(bev);
        c->handshake_done = 1;
        if (ssl != NULL)
            c->peer_subject = cwmp_tls_peer_subject(ssl);
        return;
    }
    if ((what & BEV_EVENT_TIMEOUT) && (what & BEV_EVENT_WRITING)) {
        /* the peer does not read what we send: give up on it */
        cwmp_srv_log(c->srv, CWMP_LOG_INFO, "%s: write timeout, connection closed", c->peer);
        conn_free(c, 1);
        return;
    }
    if (what & BEV_EVENT_TIMEOUT) {
        int partial = c->rd != RD_HEAD || evbuffer_get_length(bufferevent_get_input(bev)) > 0;
        if (partial && !c->close_after_write) {
            refuse(c, 408, NULL, "request not received in time");
            bufferevent_set_timeouts(bev, NULL, NULL);
            bufferevent_enable(bev, EV_WRITE);
            if (c->session != NULL)
                cwmp_session_conn_closed(c, 1);
            return;
        }
        cwmp_srv_log(c->srv, CWMP_LOG_DEBUG, "%s: idle connection closed", c->peer);
        conn_free(c, 1);
        return;
    }
    if (what & BEV_EVENT_ERROR) {
        unsigned long e = bufferevent_get_openssl_error(bev);
        if (e != 0 || !c->handshake_done) {
            char buf[160] = "";
            if (e != 0)
                ERR_error_string_n(e, buf, sizeof(buf));
            cwmp_srv_log(c->srv, CWMP_LOG_INFO, "%s: connection error %s", c->peer, buf);
        }
    }
    conn_free(c, 0);
}

static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int salen,
                      void *arg)
{
    struct cwmp_server *srv = arg;
    struct cwmp_conn *c = calloc(1, sizeof(*c));
    char host[INET6_ADDRSTRLEN] = "?";
    int one = 1;

    (void)l;
    (void)salen;
    if (c == NULL || (c->body = evbuffer_new()) == NULL) {
        free(c);
        evutil_closesocket(fd);
        cwmp_srv_log(srv, CWMP_LOG_ERROR, "out of memory accepting a connection");
        return;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (sa->sa_family == AF_INET) {
        struct sockaddr_in *in4 = (struct sockaddr_in *)sa;
        evutil_inet_ntop(AF_INET, &in4->sin_addr, host, sizeof(host));
        snprintf(c->peer, sizeof(c->peer), "%s:%u", host, ntohs(in4->sin_port));
    } else if (sa->sa_family == AF_INET6) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;
        evutil_inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
        snprintf(c->peer, sizeof(c->peer), "[%s]:%u", host, ntohs(in6->sin6_port));
    }
    c->srv = srv;
    c->keep_alive = 1;
    if (srv->ssl_ctx != NULL) {
        SSL *ssl = SSL_new(srv->ssl_ctx);
        c->is_tls = 1;
        c->bev = ssl ? bufferevent_openssl_socket_new(srv->base, fd, ssl, BUFFEREVENT_SSL_ACCEPTING,
                                                      BEV_OPT_CLOSE_ON_FREE)
                     : NULL;
        if (c->bev != NULL)
            bufferevent_openssl_set_allow_dirty_shutdown(c->bev, 1);
        else if (ssl != NULL)
            SSL_free(ssl);
    } else {
        c->handshake_done = 1;
        c->bev = bufferevent_socket_new(srv->base, fd, BEV_OPT_CLOSE_ON_FREE);
    }
    if (c->bev == NULL) {
        evutil_closesocket(fd);
        evbuffer_free(c->body);
        free(c);
        cwmp_srv_log(srv, CWMP_LOG_ERROR, "cannot create a bufferevent for a connection");
        return;
    }
    c->next = srv->conns;
    if (srv->conns != NULL)
        srv->conns->prev = c;
    srv->conns = c;
    bufferevent_setcb(c->bev, on_read, on_write, on_event, c);
    /* bounds what a client can pile up while a response is pending */
    bufferevent_setwatermark(c->bev, EV_READ, 0, srv->cfg.max_head + 65536);
    set_timeouts(c, 0);
    bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

static void on_accept_error(struct evconnlistener *l, void *arg)
{
    int e = EVUTIL_SOCKET_ERROR();

    (void)l;
    cwmp_srv_log(arg, CWMP_LOG_ERROR, "accept failed: %s", evutil_socket_error_to_string(e));
}

static void apply_defaults(struct cwmp_server_config *cfg)
{
    if (cfg->max_body == 0)
        cfg->max_body = DEFAULT_MAX_BODY;
    if (cfg->max_head == 0)
        cfg->max_head = DEFAULT_MAX_HEAD;
    if (cfg->max_sessions == 0)
        cfg->max_sessions = DEFAULT_MAX_SESSIONS;
    if (cfg->retry_after == 0)
        cfg->retry_after = DEFAULT_RETRY_AFTER;
    if (cfg->idle_timeout_ms == 0)
        cfg->idle_timeout_ms = DEFAULT_IDLE_MS;
}

static int start_listener(struct cwmp_server *srv, char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    int sslen = sizeof(ss);
    char spec[128];
    const char *addr = srv->cfg.address ? srv->cfg.address : "0.0.0.0";
    unsigned flags = LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC;

    /* libevent refuses port 0 in the text, so the port is set afterwards */
    snprintf(spec, sizeof(spec), strchr(addr, ':') ? "[%s]" : "%s", addr);
    memset(&ss, 0, sizeof(ss));
    if (evutil_parse_sockaddr_port(spec, (struct sockaddr *)&ss, &sslen) != 0) {
        snprintf(err, errlen, "bad listen address %s", addr);
        return -1;
    }
    if (ss.ss_family == AF_INET6)
        ((struct sockaddr_in6 *)&ss)->sin6_port = htons(srv->cfg.port);
    else
        ((struct sockaddr_in *)&ss)->sin_port = htons(srv->cfg.port);
    if (srv->cfg.reuseport)
        flags |= LEV_OPT_REUSEABLE_PORT;
    srv->listener = evconnlistener_new_bind(srv->base, on_accept, srv, flags, 1024,
                                            (struct sockaddr *)&ss, sslen);
    if (srv->listener == NULL) {
        snprintf(err, errlen, "cannot listen on %s port %u: %s", addr, (unsigned)srv->cfg.port,
                 strerror(errno));
        return -1;
    }
    evconnlistener_set_error_cb(srv->listener, on_accept_error);
    sslen = sizeof(ss);
    if (getsockname(evconnlistener_get_fd(srv->listener), (struct sockaddr *)&ss,
                    (socklen_t *)&sslen) == 0)
        srv->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                   : ((struct sockaddr_in *)&ss)->sin_port);
    return 0;
}

struct cwmp_server *cwmp_server_new(struct event_base *base, const struct cwmp_server_config *cfg,
                                    const struct cwmp_server_callbacks *cb, void *arg, char *err,
                                    size_t errlen)
{
    struct cwmp_server *srv = calloc(1, sizeof(*srv));
    char dummy[1];

    if (err == NULL || errlen == 0) {
        err = dummy;
        errlen = sizeof(dummy);
    }
    if (srv == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    srv->base = base;
    srv->cb = *cb;
    srv->arg = arg;
    srv->cfg = *cfg;
    apply_defaults(&srv->cfg);
    srv->cookie_name = strdup(cfg->cookie_name ? cfg->cookie_name : "cwmp_sid");
    srv->realm = strdup(cfg->realm ? cfg->realm : "cwmp2usp");
    srv->path = cfg->path && *cfg->path ? strdup(cfg->path) : NULL;
    srv->cfg.address = NULL; /* used only while starting below */
    srv->n_buckets = 1024;
    while (srv->n_buckets < srv->cfg.max_sessions && srv->n_buckets < (1u << 20))
        srv->n_buckets <<= 1;
    srv->buckets = calloc(srv->n_buckets, sizeof(*srv->buckets));
    if (srv->cookie_name == NULL || srv->realm == NULL || srv->buckets == NULL ||
        (cfg->path && *cfg->path && srv->path == NULL)) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (cfg->auth_schemes != 0) {
        srv->auth = cwmp_auth_new(cfg->auth_schemes, srv->realm, cfg->auth_secret,
                                  cfg->auth_secret_len, cfg->nonce_lifetime);
        if (srv->auth == NULL) {
            snprintf(err, errlen, "bad authentication settings (realm %s)", srv->realm);
            goto fail;
        }
    }
    if (cfg->tls_cert != NULL && (srv->ssl_ctx = cwmp_tls_server_ctx(cfg, err, errlen)) == NULL)
        goto fail;
    srv->cfg.address = cfg->address;
    if (start_listener(srv, err, errlen) != 0)
        goto fail;
    srv->cfg.address = NULL;
    srv->cfg.tls_cert = srv->cfg.tls_key = srv->cfg.tls_ca = NULL;
    srv->cfg.realm = srv->realm;
    srv->cfg.cookie_name = srv->cookie_name;
    srv->cfg.path = srv->path;
    srv->cfg.auth_secret = NULL;
    return srv;
fail:
    srv->cfg.address = NULL;
    cwmp_server_free(srv);
    return NULL;
}

void cwmp_server_free(struct cwmp_server *srv)
{
    if (srv == NULL)
        return;
    srv->shutting_down = 1;
    if (srv->listener != NULL)
        evconnlistener_free(srv->listener);
    cwmp_session_end_all(srv);
    while (srv->conns != NULL)
        conn_free(srv->conns, 0);
    cwmp_auth_free(srv->auth);
    if (srv->ssl_ctx != NULL)
        SSL_CTX_free(srv->ssl_ctx);
    free(srv->buckets);
    free(srv->cookie_name);
    free(srv->realm);
    free(srv->path);
    free(srv);
}

uint16_t cwmp_server_port(const struct cwmp_server *srv)
{
    return srv->port;
}

unsigned cwmp_server_session_count(const struct cwmp_server *srv)
{
    return srv->n_sessions;
}
