/*
 * server_priv.h - structures shared by the HTTP layer (http_server.c),
 * the session state machine (session.c) and TLS setup (tls.c). Not part
 * of the public interface.
 */
#ifndef CWMP_SERVER_PRIV_H
#define CWMP_SERVER_PRIV_H

#include <stdarg.h>
#include <stdint.h>

#include <openssl/ssl.h>

#include "cwmp/cwmp.h"
#include "cwmp/http_parse.h"

struct bufferevent;
struct evbuffer;
struct evconnlistener;
struct event;

struct cwmp_server {
    struct event_base *base;
    struct evconnlistener *listener;
    struct cwmp_server_callbacks cb;
    void *arg;
    struct cwmp_server_config cfg; /* strings below are owned copies */
    char *cookie_name;
    char *realm;
    char *path; /* NULL: any path */
    struct cwmp_auth *auth;
    SSL_CTX *ssl_ctx;
    uint16_t port;

    /* sessions by id: chained hash table */
    struct cwmp_session **buckets;
    size_t n_buckets;
    unsigned n_sessions;
    struct cwmp_conn *conns; /* all open connections (for shutdown) */
    int shutting_down;
};

enum conn_read_state {
    RD_HEAD = 0, /* waiting for a complete request head */
    RD_BODY,     /* reading a Content-Length body */
    RD_CHUNKED,  /* decoding a chunked body */
    RD_BUSY,     /* request complete, response not yet written */
};

/* One TCP (or TLS) connection from a CPE. */
struct cwmp_conn {
    struct cwmp_server *srv;
    struct bufferevent *bev;
    struct cwmp_conn *next, *prev;
    struct cwmp_session *session; /* the session using this connection */
    struct evbuffer *body;
    struct cwmp_http_chunked chunked;
    uint64_t body_left;
    uint64_t cookie_id;  /* session id from the Cookie header, 0 = none */
    char *authorization; /* copy of the header, NULL = none */
    char *target;
    enum conn_read_state rd;
    enum cwmp_http_method method;
    unsigned keep_alive : 1, close_after_write : 1, is_tls : 1, handshake_done : 1, closing : 1,
        http10 : 1;
    char *peer_subject;
    char peer[48];
};

/* http_server.c */
void cwmp_srv_log(struct cwmp_server *srv, enum cwmp_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Writes a complete response; extra headers are "Name: value\r\n" lines. */
void cwmp_conn_respond(struct cwmp_conn *c, int status, const char *extra_headers, const char *body,
                       size_t body_len);
/* Request is done: resume reading the next one. */
void cwmp_conn_request_done(struct cwmp_conn *c);
void cwmp_conn_set_busy_timeouts(struct cwmp_conn *c, int busy);

/* session.c: a complete request (body in c->body) */
void cwmp_session_handle_request(struct cwmp_conn *c);
/* The connection is going away. */
void cwmp_session_conn_closed(struct cwmp_conn *c, int timed_out);
/* End all sessions (shutdown). */
void cwmp_session_end_all(struct cwmp_server *srv);

/* tls.c */
SSL_CTX *cwmp_tls_server_ctx(const struct cwmp_server_config *cfg, char *err, size_t errlen);
/* Subject of the verified client certificate, malloc'd, or NULL. */
char *cwmp_tls_peer_subject(SSL *ssl);

#endif /* CWMP_SERVER_PRIV_H */
