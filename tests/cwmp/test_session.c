/*
 * test_session.c - the CWMP session engine over loopback: the server runs
 * its event loop in a second thread, this thread is the CPE with blocking
 * sockets (and OpenSSL for HTTPS). Covers Inform first, CPE requests, the
 * empty POST, ACS requests, 204, cookies over new connections, keep-alive,
 * HoldRequests, Basic and Digest authentication (MD5, SHA-256, wrong
 * password, stale nonce), chunked bodies, limits (body size, sessions,
 * idle time) with their HTTP status codes, and TLS with session resumption
 * and client certificates.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* strcasestr */
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "cwmp/cwmp.h"

/* ------------------------------------------------------------ the application */

struct app {
    pthread_mutex_t lock;
    struct event_base *base;
    /* behaviour */
    int refuse_inform;
    int acs_requests; /* GetParameterValues to send before finishing */
    int acs_hold;
    int acs_silent;  /* do not answer acs_turn */
    int async_reply; /* answer CPE requests from a timer */
    int never_reply; /* do not answer CPE requests at all */
    /* what happened */
    int informs, cpe_requests, cpe_responses, acs_turns, ended, sent;
    enum cwmp_end_reason reason;
    int last_request, last_response; /* enum cwmp_msg_type */
    char username[64];
    char subject[256];
    int logs;
    char log_text[16384]; /* every message of level INFO or more */
    int cb_errors;        /* failed checks inside callbacks (server thread) */
};

/* cmocka asserts must not run in the server thread: count failures. */
#define CB_CHECK(a, cond)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            pthread_mutex_lock(&(a)->lock);                                                        \
            (a)->cb_errors++;                                                                      \
            pthread_mutex_unlock(&(a)->lock);                                                      \
            fprintf(stderr, "callback check failed: %s\n", #cond);                                 \
        }                                                                                          \
    } while (0)

static void app_log(void *arg, enum cwmp_log_level level, const char *msg)
{
    struct app *a = arg;

    pthread_mutex_lock(&a->lock);
    if (level <= CWMP_LOG_INFO) {
        a->logs++;
        size_t used = strlen(a->log_text);
        snprintf(a->log_text + used, sizeof(a->log_text) - used, "%s\n", msg);
    }
    pthread_mutex_unlock(&a->lock);
    if (getenv("TEST_SESSION_VERBOSE") != NULL)
        fprintf(stderr, "log %d: %s\n", (int)level, msg);
}

static int app_creds(void *arg, const char *user, char *password, size_t cap)
{
    (void)arg;
    if (strcmp(user, "cpe1") != 0)
        return -1;
    snprintf(password, cap, "s3cret");
    return 0;
}

static int app_inform(void *arg, struct cwmp_session *s, const struct cwmp_msg *m)
{
    struct app *a = arg;
    const char *subj = cwmp_session_peer_subject(s);

    pthread_mutex_lock(&a->lock);
    a->informs++;
    if (m->body.inform.device_id.serial_number == NULL ||
        strcmp(m->body.inform.device_id.serial_number, "SN0001") != 0)
        a->cb_errors++;
    snprintf(a->username, sizeof(a->username), "%s", cwmp_session_username(s));
    snprintf(a->subject, sizeof(a->subject), "%s", subj ? subj : "");
    pthread_mutex_unlock(&a->lock);
    return a->refuse_inform;
}

static void reply_to(struct app *a, struct cwmp_session *s, const struct cwmp_msg *req)
{
    struct cwmp_msg m;
    const char *methods[] = {"Inform", "TransferComplete"};

    cwmp_msg_init_reply(&m, cwmp_msg_response_type(req->type), req);
    if (req->type == CWMP_MSG_GET_RPC_METHODS) {
        m.body.rpc_methods_resp.methods = methods;
        m.body.rpc_methods_resp.n_methods = 2;
    }
    CB_CHECK(a, cwmp_session_reply(s, &m) == 0);
    CB_CHECK(a, cwmp_session_reply(s, &m) == -1); /* only once */
}

static struct app *async_app;

static void async_reply(evutil_socket_t fd, short what, void *arg)
{
    struct cwmp_session *s = arg;
    struct cwmp_msg m;

    (void)fd;
    (void)what;
    cwmp_msg_init_reply(&m, CWMP_MSG_TRANSFER_COMPLETE_RESPONSE, NULL);
    CB_CHECK(async_app, cwmp_session_reply(s, &m) == 0);
}

static void app_cpe_request(void *arg, struct cwmp_session *s, const struct cwmp_msg *req)
{
    struct app *a = arg;
    struct timeval tv = {0, 20000};

    pthread_mutex_lock(&a->lock);
    a->cpe_requests++;
    a->last_request = req->type;
    pthread_mutex_unlock(&a->lock);
    if (a->never_reply)
        return;
    if (a->async_reply) {
        async_app = a;
        event_base_once(a->base, -1, EV_TIMEOUT, async_reply, s, &tv);
    } else {
        reply_to(a, s, req);
    }
}

static void app_acs_turn(void *arg, struct cwmp_session *s)
{
    struct app *a = arg;
    const char *names[] = {"Device.DeviceInfo."};
    struct cwmp_msg m;

    pthread_mutex_lock(&a->lock);
    a->acs_turns++;
    pthread_mutex_unlock(&a->lock);
    if (a->acs_silent)
        return;
    if (a->sent < a->acs_requests) {
        memset(&m, 0, sizeof(m));
        m.type = CWMP_MSG_GET_PARAMETER_VALUES;
        m.hold_requests = a->acs_hold;
        m.body.gpv.names = names;
        m.body.gpv.n_names = 1;
        a->sent++;
        CB_CHECK(a, cwmp_session_send(s, &m) == 0);
        CB_CHECK(a, cwmp_session_finish(s) == -1); /* not our turn any more */
    } else {
        CB_CHECK(a, cwmp_session_finish(s) == 0);
    }
}

static void app_cpe_response(void *arg, struct cwmp_session *s, const struct cwmp_msg *m)
{
    struct app *a = arg;

    (void)s;
    pthread_mutex_lock(&a->lock);
    a->cpe_responses++;
    a->last_response = m->type;
    pthread_mutex_unlock(&a->lock);
}

static void app_ended(void *arg, struct cwmp_session *s, enum cwmp_end_reason why)
{
    struct app *a = arg;

    (void)s;
    pthread_mutex_lock(&a->lock);
    a->ended++;
    a->reason = why;
    pthread_mutex_unlock(&a->lock);
}

static const struct cwmp_server_callbacks callbacks = {
    app_log, app_creds, app_inform, app_cpe_request, app_acs_turn, app_cpe_response, app_ended,
};

/* ------------------------------------------------------------ server thread */

struct fx {
    struct event_base *base;
    struct cwmp_server *srv;
    struct event *stop_ev;
    int stop_pipe[2];
    pthread_t thread;
    uint16_t port;
    struct app app;
};

static void on_stop(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    event_base_loopbreak(arg);
}

static void *server_thread(void *arg)
{
    struct fx *f = arg;

    event_base_dispatch(f->base);
    return NULL;
}

static struct fx *fx_start(struct cwmp_server_config *cfg, const struct app *behaviour)
{
    struct fx *f = calloc(1, sizeof(*f));
    char err[256] = "";

    assert_non_null(f);
    if (behaviour != NULL)
        f->app = *behaviour;
    pthread_mutex_init(&f->app.lock, NULL);
    f->base = event_base_new();
    f->app.base = f->base;
    cfg->address = "127.0.0.1";
    f->srv = cwmp_server_new(f->base, cfg, &callbacks, &f->app, err, sizeof(err));
    if (f->srv == NULL)
        fail_msg("cwmp_server_new: %s", err);
    f->port = cwmp_server_port(f->srv);
    assert_int_equal(pipe(f->stop_pipe), 0);
    f->stop_ev = event_new(f->base, f->stop_pipe[0], EV_READ, on_stop, f->base);
    event_add(f->stop_ev, NULL);
    assert_int_equal(pthread_create(&f->thread, NULL, server_thread, f), 0);
    return f;
}

static void fx_stop(struct fx *f)
{
    assert_int_equal(write(f->stop_pipe[1], "x", 1), 1);
    pthread_join(f->thread, NULL);
    cwmp_server_free(f->srv);
    assert_int_equal(f->app.cb_errors, 0);
    event_free(f->stop_ev);
    close(f->stop_pipe[0]);
    close(f->stop_pipe[1]);
    event_base_free(f->base);
    pthread_mutex_destroy(&f->app.lock);
    free(f);
}

/* Reads an app counter under the lock. */
static int app_get(struct fx *f, const int *field)
{
    int v;

    pthread_mutex_lock(&f->app.lock);
    v = *field;
    pthread_mutex_unlock(&f->app.lock);
    return v;
}

/* Waits (bounded, 10 s) until the session ended; not a timing assertion. */
static void wait_ended(struct fx *f, int count)
{
    for (int i = 0; i < 1000 && app_get(f, &f->app.ended) < count; i++)
        usleep(10000);
    assert_int_equal(app_get(f, &f->app.ended), count);
}

/* ------------------------------------------------------------ the CPE client */

struct cli {
    int fd;
    SSL *ssl;
    char *rest; /* bytes read past the last response (pipelining) */
    size_t rest_len;
};

struct resp {
    int status;
    int closed_after; /* Connection: close */
    char cookie[128];
    char auth[4][512];
    int n_auth;
    char retry_after[16];
    char *body;
    size_t body_len;
};

static struct cli cli_connect(uint16_t port)
{
    struct cli c = {-1, NULL, NULL, 0};
    struct sockaddr_in sa;
    struct timeval tv = {10, 0};

    c.fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(c.fd >= 0);
    setsockopt(c.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(c.fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    return c;
}

static void cli_close(struct cli *c)
{
    if (c->ssl != NULL) {
        SSL_shutdown(c->ssl);
        SSL_free(c->ssl);
        c->ssl = NULL;
    }
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    free(c->rest);
    c->rest = NULL;
    c->rest_len = 0;
}

static void cli_write(struct cli *c, const void *data, size_t len)
{
    if (c->ssl != NULL)
        assert_int_equal(SSL_write(c->ssl, data, (int)len), (int)len);
    else
        assert_int_equal(send(c->fd, data, len, MSG_NOSIGNAL), (ssize_t)len);
}

static ssize_t cli_read(struct cli *c, char *buf, size_t cap)
{
    if (c->ssl != NULL) {
        int n = SSL_read(c->ssl, buf, (int)cap);
        return n > 0 ? n : (n == 0 ? 0 : -1);
    }
    return recv(c->fd, buf, cap, 0);
}

static void resp_free(struct resp *r)
{
    free(r->body);
    memset(r, 0, sizeof(*r));
}

static void header_value(const char *head, const char *name, char *out, size_t cap)
{
    char key[64];
    const char *p, *e;

    snprintf(key, sizeof(key), "\r\n%s: ", name);
    out[0] = '\0';
    p = strcasestr(head, key);
    if (p == NULL)
        return;
    p += strlen(key);
    e = strstr(p, "\r\n");
    snprintf(out, cap, "%.*s", (int)(e - p), p);
}

/* Reads one response (skipping 100 Continue); -1 on EOF or timeout. */
static int cli_response(struct cli *c, struct resp *r)
{
    static char buf[1 << 17];
    size_t len = 0;
    char *end, *p, cl[32];
    size_t head_len, want;

    memset(r, 0, sizeof(*r));
    if (c->rest_len > 0) {
        memcpy(buf, c->rest, c->rest_len);
        len = c->rest_len;
        c->rest_len = 0;
    }
    for (;;) {
        ssize_t n;
        buf[len] = '\0';
        end = strstr(buf, "\r\n\r\n");
        if (end != NULL && strncmp(buf, "HTTP/1.1 100 ", 13) == 0) {
            size_t skip = (size_t)(end + 4 - buf);
            memmove(buf, buf + skip, len - skip);
            len -= skip;
            continue;
        }
        if (end != NULL)
            break;
        n = cli_read(c, buf + len, sizeof(buf) - 1 - len);
        if (n <= 0)
            return -1;
        len += (size_t)n;
    }
    head_len = (size_t)(end + 4 - buf);
    *end = '\0';
    assert_int_equal(sscanf(buf, "HTTP/1.1 %d", &r->status), 1);
    header_value(buf, "Set-Cookie", r->cookie, sizeof(r->cookie));
    header_value(buf, "Retry-After", r->retry_after, sizeof(r->retry_after));
    header_value(buf, "Content-Length", cl, sizeof(cl));
    r->closed_after = strcasestr(buf, "\r\nConnection: close") != NULL;
    for (p = buf; (p = strcasestr(p, "\r\nWWW-Authenticate: ")) != NULL && r->n_auth < 4;) {
        char *e;
        p += 20;
        e = strstr(p, "\r\n");
        snprintf(r->auth[r->n_auth++], sizeof(r->auth[0]), "%.*s",
                 (int)(e ? e - p : (ptrdiff_t)strlen(p)), p);
    }
    want = (size_t)atol(cl);
    r->body = calloc(1, want + 1);
    memcpy(r->body, buf + head_len, len - head_len < want ? len - head_len : want);
    r->body_len = len - head_len < want ? len - head_len : want;
    if (len - head_len > want) { /* the start of the next response */
        c->rest_len = len - head_len - want;
        c->rest = realloc(c->rest, c->rest_len);
        memcpy(c->rest, buf + head_len + want, c->rest_len);
    }
    while (r->body_len < want) {
        ssize_t n = cli_read(c, r->body + r->body_len, want - r->body_len);
        if (n <= 0)
            return -1;
        r->body_len += (size_t)n;
    }
    return 0;
}

/* POSTs body with optional extra header lines and reads the response. */
static int cli_post(struct cli *c, const char *body, size_t len, const char *extra, struct resp *r)
{
    char head[2048];
    int n = snprintf(head, sizeof(head),
                     "POST /acs HTTP/1.1\r\nHost: acs\r\nContent-Type: text/xml\r\n"
                     "Content-Length: %zu\r\n%s\r\n",
                     len, extra ? extra : "");

    cli_write(c, head, (size_t)n);
    if (len > 0)
        cli_write(c, body, len);
    return cli_response(c, r);
}

/* ------------------------------------------------------------ messages */

static void write_msg(const struct cwmp_msg *m, struct cwmp_buf *b)
{
    char err[128];

    cwmp_buf_init(b);
    if (cwmp_msg_write(m, b, err, sizeof(err)) != 0)
        fail_msg("cwmp_msg_write: %s", err);
}

static void inform_body(struct cwmp_buf *b)
{
    struct cwmp_event ev = {"1 BOOT", ""};
    struct cwmp_msg m;

    memset(&m, 0, sizeof(m));
    m.type = CWMP_MSG_INFORM;
    m.ns_version = CWMP_NS_1_2;
    m.id = "inform-7";
    m.body.inform.device_id = (struct cwmp_device_id){"Acme", "00AABB", "Router", "SN0001"};
    m.body.inform.events = &ev;
    m.body.inform.n_events = 1;
    m.body.inform.max_envelopes = 1;
    m.body.inform.current_time = "2026-11-21T19:30:00Z";
    write_msg(&m, b);
}

static void transfer_complete_body(struct cwmp_buf *b)
{
    struct cwmp_msg m;

    memset(&m, 0, sizeof(m));
    m.type = CWMP_MSG_TRANSFER_COMPLETE;
    m.ns_version = CWMP_NS_1_2;
    m.id = "tc-1";
    m.body.transfer_complete.command_key = "fw1";
    m.body.transfer_complete.start_time = "2026-11-21T19:30:00Z";
    m.body.transfer_complete.complete_time = "2026-11-21T19:31:00Z";
    write_msg(&m, b);
}

static void gpv_response_body(const char *id, struct cwmp_buf *b)
{
    struct cwmp_param_value pv = {"Device.DeviceInfo.SoftwareVersion", "1.0", CWMP_TYPE_STRING};
    struct cwmp_msg m;

    memset(&m, 0, sizeof(m));
    m.type = CWMP_MSG_GET_PARAMETER_VALUES_RESPONSE;
    m.ns_version = CWMP_NS_1_2;
    m.id = id;
    m.body.gpv_resp.params = &pv;
    m.body.gpv_resp.n_params = 1;
    write_msg(&m, b);
}

static struct cwmp_msg *parse(const struct resp *r)
{
    struct cwmp_msg *m = NULL;
    char err[128];

    if (cwmp_msg_parse(r->body, r->body_len, NULL, &m, err, sizeof(err)) != 0)
        fail_msg("response does not parse: %s", err);
    return m;
}

/* Inform on c; returns the status and fills cookie ("name=value"). */
static int do_inform(struct cli *c, const char *extra, char *cookie, size_t cap)
{
    struct cwmp_buf b;
    struct resp r;
    int status;

    inform_body(&b);
    assert_int_equal(cli_post(c, b.data, b.len, extra, &r), 0);
    status = r.status;
    if (status == 200) {
        struct cwmp_msg *m = parse(&r);
        assert_int_equal(m->type, CWMP_MSG_INFORM_RESPONSE);
        assert_string_equal(m->id, "inform-7"); /* cwmp:ID echoed */
        assert_int_equal(m->ns_version, CWMP_NS_1_2);
        assert_int_equal(m->body.inform_resp.max_envelopes, 1);
        cwmp_msg_free(m);
        assert_true(strncmp(r.cookie, "cwmp_sid=", 9) == 0);
        if (cookie != NULL)
            snprintf(cookie, cap, "%.*s", (int)strcspn(r.cookie, ";"), r.cookie);
    }
    resp_free(&r);
    cwmp_buf_free(&b);
    return status;
}

/* ------------------------------------------------------------ tests */

static void test_inform_first(void **state)
{
    struct cwmp_server_config cfg = {0};
    struct fx *f = fx_start(&cfg, NULL);
    struct cli c = cli_connect(f->port);
    struct cwmp_buf b;
    struct resp r;
    const char *get = "GET /acs HTTP/1.1\r\nHost: acs\r\n\r\n";
    const char *bad = "POST /acs HTTP/9.9\r\n\r\n";

    (void)state;
    transfer_complete_body(&b);
    assert_int_equal(cli_post(&c, b.data, b.len, NULL, &r), 0);
    assert_int_equal(r.status, 400);
    resp_free(&r);
    assert_int_equal(cli_post(&c, "", 0, NULL, &r), 0); /* keep-alive survived */
    assert_int_equal(r.status, 400);
    resp_free(&r);
    cli_close(&c);
    assert_int_equal(app_get(f, &f->app.cpe_requests), 0);

    c = cli_connect(f->port);
    cli_write(&c, get, strlen(get));
    assert_int_equal(cli_response(&c, &r), 0);
    assert_int_equal(r.status, 405);
    assert_true(r.closed_after);
    resp_free(&r);
    cli_close(&c);

    c = cli_connect(f->port);
    cli_write(&c, bad, strlen(bad));
    assert_int_equal(cli_response(&c, &r), 0);
    assert_int_equal(r.status, 400);
    resp_free(&r);
    cli_close(&c);

    /* HTTP/1.0 without keep-alive: the ACS closes after answering */
    c = cli_connect(f->port);
    {
        static const char req10[] = "POST /acs HTTP/1.0\r\nContent-Length: 0\r\n\r\n";
        char buf[8];
        cli_write(&c, req10, sizeof(req10) - 1);
        assert_int_equal(cli_response(&c, &r), 0);
        assert_int_equal(r.status, 400);
        assert_true(r.closed_after);
        resp_free(&r);
        assert_int_equal(cli_read(&c, buf, sizeof(buf)), 0);
    }
    cli_close(&c);

    c = cli_connect(f->port);
    assert_int_equal(cli_post(&c, "<not xml", 8, NULL, &r), 0);
    assert_int_equal(r.status, 400);
    resp_free(&r);
    cli_close(&c);
    assert_true(app_get(f, &f->app.logs) >= 4);
    assert_int_equal(app_get(f, &f->app.informs), 0);
    cwmp_buf_free(&b);
    fx_stop(f);
}

static void test_full_session(void **state)
{
    struct cwmp_server_config cfg = {0};
    struct app behaviour = {.acs_requests = 2};
    struct fx *f = fx_start(&cfg, &behaviour);
    struct cli c = cli_connect(f->port);
    struct cwmp_buf b;
    struct resp r;
    struct cwmp_msg *m;
    char id[64];

    (void)state;
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 200);
    assert_int_equal(cwmp_server_session_count(f->srv), 1);
    /* a CPE request, answered by the application */
    transfer_complete_body(&b);
    assert_int_equal(cli_post(&c, b.data, b.len, NULL, &r), 0);
    cwmp_buf_free(&b);
    assert_int_equal(r.status, 200);
    m = parse(&r);
    assert_int_equal(m->type, CWMP_MSG_TRANSFER_COMPLETE_RESPONSE);
    assert_string_equal(m->id, "tc-1");
    cwmp_msg_free(m);
    resp_free(&r);
    assert_int_equal(app_get(f, &f->app.last_request), CWMP_MSG_TRANSFER_COMPLETE);
    /* empty POST: the ACS's turn, two requests then 204 */
    assert_int_equal(cli_post(&c, "", 0, NULL, &r), 0);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(r.status, 200);
        m = parse(&r);
        assert_int_equal(m->type, CWMP_MSG_GET_PARAMETER_VALUES);
        assert_int_equal(m->ns_version, CWMP_NS_1_2);
        assert_int_equal(m->hold_requests, 0);
        assert_non_null(m->id);
        snprintf(id, sizeof(id), "%s", m->id);
        cwmp_msg_free(m);
        resp_free(&r);
        if (i == 0) {
            gpv_response_body(id, &b);
        } else { /* the second one fails on the CPE: a Fault is a response too */
            char err[64];
            cwmp_buf_init(&b);
            assert_int_equal(cwmp_write_fault(&b, CWMP_NS_1_2, id, 9005, NULL, err, sizeof(err)),
                             0);
        }
        assert_int_equal(cli_post(&c, b.data, b.len, NULL, &r), 0);
        cwmp_buf_free(&b);
    }
    assert_int_equal(r.status, 204);
    assert_int_equal(r.body_len, 0);
    resp_free(&r);
    wait_ended(f, 1);
    assert_int_equal(f->app.reason, CWMP_END_DONE);
    assert_int_equal(app_get(f, &f->app.cpe_responses), 2);
    assert_int_equal(app_get(f, &f->app.last_response), CWMP_MSG_FAULT);
    assert_null(strstr(f->app.log_text, "does not match"));
    assert_int_equal(app_get(f, &f->app.acs_turns), 3);
    assert_int_equal(cwmp_server_session_count(f->srv), 0);
    /* the same connection carries the next session (keep-alive) */
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 200);
    cli_close(&c);
    fx_stop(f);
}

static void test_cookie_new_connection(void **state)
{
    struct cwmp_server_config cfg = {0};
    struct app behaviour = {.acs_requests = 1};
    struct fx *f = fx_start(&cfg, &behaviour);
    struct cli c = cli_connect(f->port);
    struct cwmp_buf b;
    struct resp r;
    struct cwmp_msg *m;
    char cookie[128], hdr[200];

    (void)state;
    assert_int_equal(do_inform(&c, NULL, cookie, sizeof(cookie)), 200);
    cli_close(&c);
    /* a new connection without the cookie is not in the session */
    c = cli_connect(f->port);
    assert_int_equal(cli_post(&c, "", 0, NULL, &r), 0);
    assert_int_equal(r.status, 400);
    resp_free(&r);
    cli_close(&c);
    /* with the cookie it continues: empty POST -> ACS request */
    c = cli_connect(f->port);
    snprintf(hdr, sizeof(hdr), "Cookie: other=1; %s\r\n", cookie);
    assert_int_equal(cli_post(&c, "", 0, hdr, &r), 0);
    assert_int_equal(r.status, 200);
    m = parse(&r);
    assert_int_equal(m->type, CWMP_MSG_GET_PARAMETER_VALUES);
    gpv_response_body("not-the-request-id", &b);
    cwmp_msg_free(m);
    resp_free(&r);
    cli_close(&c);
    /* and again on a third connection */
    c = cli_connect(f->port);
    assert_int_equal(cli_post(&c, b.data, b.len, hdr, &r), 0);
    assert_int_equal(r.status, 204);
    resp_free(&r);
    cwmp_buf_free(&b);
    wait_ended(f, 1);
    assert_int_equal(f->app.reason, CWMP_END_DONE);
    assert_int_equal(app_get(f, &f->app.cpe_responses), 1); /* delivered anyway */
    assert_non_null(strstr(f->app.log_text, "does not match"));
    cli_close(&c);
    fx_stop(f);
}

static void test_inform_replaces(void **state)
{
    struct cwmp_server_config cfg = {0};
    struct fx *f = fx_start(&cfg, NULL);
    struct cli c = cli_connect(f->port);
    char cookie[128], hdr[200];

    (void)state;
    assert_int_equal(do_inform(&c, NULL, cookie, sizeof(cookie)), 200);
    snprintf(hdr, sizeof(hdr), "Cookie: %s\r\n", cookie);
    /* an Inform with the old cookie still starts a new session */
    assert_int_equal(do_inform(&c, hdr, NULL, 0), 200);
    wait_ended(f, 1);
    assert_int_equal(f->app.reason, CWMP_END_REPLACED);
    assert_int_equal(app_get(f, &f->app.informs), 2);
    assert_int_equal(cwmp_server_session_count(f->srv), 1);
    cli_close(&c);
    fx_stop(f);
}

/* Inform and the empty POST in one write: answered in order. */
static void test_pipelined(void **state)
{
    struct cwmp_server_config cfg = {0};
    struct fx *f = fx_start(&cfg, NULL);
    struct cli c = cli_connect(f->port);
    struct cwmp_buf b, req;
    struct resp r;

    (void)state;
    inform_body(&b);
    cwmp_buf_init(&req);
    cwmp_buf_printf(&req, "POST /acs HTTP/1.1\r\nContent-Length: %zu\r\n\r\n", b.len);
    cwmp_buf_append(&req, b.data, b.len);
    cwmp_buf_puts(&req, "POST /acs HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    cli_write(&c, req.data, req.len);
    assert_int_equal(cli_response(&c, &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(cli_response(&c, &r), 0);
    assert_int_equal(r.status, 204);
    resp_free(&r);
    wait_ended(f, 1);
    assert_int_equal(f->app.reason, CWMP_END_DONE);
    cwmp_buf_free(&b);
    cwmp_buf_free(&req);
    cli_close(&c);
    fx_stop(f);
}

static void test_hold_requests(void **state)
{
    struct cwmp_server_config cfg = {0};
    struct app behaviour = {.acs_requests = 1, .acs_hold = 1};
    struct fx *f = fx_start(&cfg, &behaviour);
    struct cli c = cli_connect(f->port);
    struct cwmp_buf b;
    struct resp r;
    struct cwmp_msg *m;

    (void)state;
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 200);
    assert_int_equal(cli_post(&c, "", 0, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    m = parse(&r);
    assert_int_equal(m->type, CWMP_MSG_GET_PARAMETER_VALUES);
    assert_int_equal(m->hold_requests, 1);
    cwmp_msg_free(m);
    resp_free(&r);
    /* a CPE request while held is a protocol error */
    transfer_complete_body(&b);
    assert_int_equal(cli_post(&c, b.data, b.len, NULL, &r), 0);
    assert_int_equal(r.status, 400);
    resp_free(&r);
    cwmp_buf_free(&b);
    wait_ended(f, 1);
    assert_int_equal(f->app.reason, CWMP_END_ERROR);
    assert_int_equal(app_get(f, &f->app.cpe_requests), 0);
    assert_non_null(strstr(f->app.log_text, "HoldRequests"));
    cli_close(&c);
    fx_stop(f);
}

/* Sends an Inform in chunks of 100 bytes with a chunk extension. */
static void test_chunked(void **state)
{
    struct cwmp_server_config cfg = {0};
    struct fx *f = fx_start(&cfg, NULL);
    struct cli c = cli_connect(f->port);
    struct cwmp_buf b, req;
    struct resp r;
    const char *bad = "POST /acs HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";

    (void)state;
    inform_body(&b);
    cwmp_buf_init(&req);
    cwmp_buf_puts(&req, "POST /acs HTTP/1.1\r\nHost: acs\r\nTransfer-Encoding: chunked\r\n"
                        "Expect: 100-continue\r\n\r\n");
    for (size_t off = 0; off < b.len; off += 100) {
        size_t n = b.len - off < 100 ? b.len - off : 100;
        cwmp_buf_printf(&req, "%zx;ext=1\r\n", n);
        cwmp_buf_append(&req, b.data + off, n);
        cwmp_buf_puts(&req, "\r\n");
    }
    cwmp_buf_puts(&req, "0\r\nX-Trailer: t\r\n\r\n");
    /* write in two pieces to exercise partial input */
    cli_write(&c, req.data, req.len / 2);
    usleep(20000);
    cli_write(&c, req.data + req.len / 2, req.len - req.len / 2);
    assert_int_equal(cli_response(&c, &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(app_get(f, &f->app.informs), 1);
    cli_close(&c);
    c = cli_connect(f->port);
    cli_write(&c, bad, strlen(bad));
    assert_int_equal(cli_response(&c, &r), 0);
    assert_int_equal(r.status, 400);
    resp_free(&r);
    cli_close(&c);
    cwmp_buf_free(&b);
    cwmp_buf_free(&req);
    fx_stop(f);
}

static void test_body_limit(void **state)
{
    struct cwmp_server_config cfg = {.max_body = 1024};
    struct fx *f = fx_start(&cfg, NULL);
    struct cli c = cli_connect(f->port);
    struct resp r;
    const char *big = "POST /acs HTTP/1.1\r\nContent-Length: 5000\r\n\r\n";
    char chunk[1200];

    (void)state;
    cli_write(&c, big, strlen(big));
    assert_int_equal(cli_response(&c, &r), 0);
    assert_int_equal(r.status, 413);
    resp_free(&r);
    cli_close(&c);
    assert_non_null(strstr(f->app.log_text, "413"));
    c = cli_connect(f->port);
    snprintf(chunk, sizeof(chunk), "POST /acs HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    cli_write(&c, chunk, strlen(chunk));
    for (int i = 0; i < 3; i++) {
        memset(chunk, 'a', sizeof(chunk));
        memcpy(chunk, "400\r\n", 5);
        memcpy(chunk + 5 + 0x400, "\r\n", 2);
        cli_write(&c, chunk, 5 + 0x400 + 2);
    }
    assert_int_equal(cli_response(&c, &r), 0);
    assert_int_equal(r.status, 413);
    resp_free(&r);
    cli_close(&c);
    fx_stop(f);
}

static void test_idle_timeout(void **state)
{
    struct cwmp_server_config cfg = {.idle_timeout_ms = 200};
    struct fx *f = fx_start(&cfg, NULL);
    struct cli c = cli_connect(f->port);
    struct resp r;
    char buf[16];
    const char *partial = "POST /acs HTTP/1.1\r\nContent-Len";

    (void)state;
    /* a request that never completes: 408 and close */
    cli_write(&c, partial, strlen(partial));
    assert_int_equal(cli_response(&c, &r), 0);
    assert_int_equal(r.status, 408);
    resp_free(&r);
    assert_int_equal(cli_read(&c, buf, sizeof(buf)), 0);
    cli_close(&c);
    /* a session whose CPE goes quiet on an open connection: timeout */
    c = cli_connect(f->port);
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 200);
    wait_ended(f, 1);
    assert_int_equal(f->app.reason, CWMP_END_TIMEOUT);
    assert_int_equal(cli_read(&c, buf, sizeof(buf)), 0); /* closed by the ACS */
    cli_close(&c);
    /* a session whose connection closes and no new one comes: lost */
    c = cli_connect(f->port);
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 200);
    cli_close(&c);
    wait_ended(f, 2);
    assert_int_equal(f->app.reason, CWMP_END_CONNECTION_LOST);
    fx_stop(f);
}

static void test_session_limit(void **state)
{
    struct cwmp_server_config cfg = {.max_sessions = 1, .retry_after = 7};
    struct fx *f = fx_start(&cfg, NULL);
    struct cli a = cli_connect(f->port), b = cli_connect(f->port);

    (void)state;
    assert_int_equal(do_inform(&a, NULL, NULL, 0), 200);
    {
        struct cwmp_buf body;
        struct resp r;
        inform_body(&body);
        assert_int_equal(cli_post(&b, body.data, body.len, NULL, &r), 0);
        assert_int_equal(r.status, 503);
        assert_string_equal(r.retry_after, "7");
        resp_free(&r);
        cwmp_buf_free(&body);
    }
    assert_non_null(strstr(f->app.log_text, "503"));
    assert_int_equal(app_get(f, &f->app.informs), 1);
    cli_close(&a);
    cli_close(&b);
    fx_stop(f);
}

static void test_refuse_inform(void **state)
{
    struct cwmp_server_config cfg = {0};
    struct app behaviour = {.refuse_inform = 1};
    struct fx *f = fx_start(&cfg, &behaviour);
    struct cli c = cli_connect(f->port);

    (void)state;
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 403);
    wait_ended(f, 1);
    assert_int_equal(f->app.reason, CWMP_END_REFUSED);
    assert_int_equal(cwmp_server_session_count(f->srv), 0);
    cli_close(&c);
    fx_stop(f);
}

static void test_async(void **state)
{
    struct cwmp_server_config cfg = {.acs_wait_ms = 50};
    struct app behaviour = {.acs_silent = 1, .async_reply = 1};
    struct fx *f = fx_start(&cfg, &behaviour);
    struct cli c = cli_connect(f->port);
    struct cwmp_buf b;
    struct resp r;
    struct cwmp_msg *m;

    (void)state;
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 200);
    transfer_complete_body(&b);
    assert_int_equal(cli_post(&c, b.data, b.len, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    m = parse(&r);
    assert_int_equal(m->type, CWMP_MSG_TRANSFER_COMPLETE_RESPONSE);
    assert_string_equal(m->id, "tc-1");
    cwmp_msg_free(m);
    resp_free(&r);
    cwmp_buf_free(&b);
    /* the application has no work: after the bounded wait, 204 */
    assert_int_equal(cli_post(&c, "", 0, NULL, &r), 0);
    assert_int_equal(r.status, 204);
    resp_free(&r);
    wait_ended(f, 1);
    assert_int_equal(f->app.reason, CWMP_END_DONE);
    assert_int_equal(app_get(f, &f->app.acs_turns), 1);
    cli_close(&c);
    fx_stop(f);
}

static void test_reuseport(void **state)
{
    struct event_base *base = event_base_new();
    struct cwmp_server_config cfg = {.address = "127.0.0.1", .reuseport = 1};
    struct cwmp_server *a, *b, *c;
    struct app app;
    char err[256];

    (void)state;
    memset(&app, 0, sizeof(app));
    a = cwmp_server_new(base, &cfg, &callbacks, &app, err, sizeof(err));
    assert_non_null(a);
    cfg.port = cwmp_server_port(a);
    assert_int_not_equal(cfg.port, 0);
    /* several processes (here: servers) may share the port */
    b = cwmp_server_new(base, &cfg, &callbacks, &app, err, sizeof(err));
    assert_non_null(b);
    assert_int_equal(cwmp_server_port(b), cfg.port);
    cfg.reuseport = 0;
    c = cwmp_server_new(base, &cfg, &callbacks, &app, err, sizeof(err));
    assert_null(c);
    assert_non_null(strstr(err, "cannot listen"));
    cfg.tls_cert = "/nonexistent/cert.pem";
    cfg.port = 0;
    assert_null(cwmp_server_new(base, &cfg, &callbacks, &app, err, sizeof(err)));
    assert_non_null(strstr(err, "/nonexistent/cert.pem"));
    cwmp_server_free(a);
    cwmp_server_free(b);
    event_base_free(base);
}

static void test_slow_application(void **state)
{
    struct cwmp_server_config cfg = {.idle_timeout_ms = 200};
    struct app behaviour = {.never_reply = 1};
    struct fx *f = fx_start(&cfg, &behaviour);
    struct cli c = cli_connect(f->port);
    struct cwmp_buf b;
    struct resp r;

    (void)state;
    char cookie[128], hdr[200], head[256];
    struct cli other;
    int n;

    assert_int_equal(do_inform(&c, NULL, cookie, sizeof(cookie)), 200);
    transfer_complete_body(&b);
    n = snprintf(head, sizeof(head), "POST /acs HTTP/1.1\r\nContent-Length: %zu\r\n\r\n", b.len);
    cli_write(&c, head, (size_t)n);
    cli_write(&c, b.data, b.len);
    for (int i = 0; i < 1000 && app_get(f, &f->app.cpe_requests) < 1; i++)
        usleep(10000); /* until the application holds the request */
    /* meanwhile the same session from another connection is refused */
    other = cli_connect(f->port);
    snprintf(hdr, sizeof(hdr), "Cookie: %s\r\n", cookie);
    assert_int_equal(cli_post(&other, "", 0, hdr, &r), 0);
    assert_int_equal(r.status, 400);
    resp_free(&r);
    cli_close(&other);
    /* and the application never answered: 500, session over */
    assert_int_equal(cli_response(&c, &r), 0);
    assert_int_equal(r.status, 500);
    assert_true(r.closed_after);
    resp_free(&r);
    cwmp_buf_free(&b);
    wait_ended(f, 1);
    assert_int_equal(f->app.reason, CWMP_END_TIMEOUT);
    cli_close(&c);
    fx_stop(f);
}

static void test_unknown_method(void **state)
{
    struct cwmp_server_config cfg = {0};
    struct fx *f = fx_start(&cfg, NULL);
    struct cli c = cli_connect(f->port);
    struct resp r;
    struct cwmp_msg *m;
    const char *body =
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
        "xmlns:cwmp=\"urn:dslforum-org:cwmp-1-2\"><soap:Header><cwmp:ID "
        "soap:mustUnderstand=\"1\">x-9</cwmp:ID></soap:Header><soap:Body><cwmp:FooBar/>"
        "</soap:Body></soap:Envelope>";

    (void)state;
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 200);
    assert_int_equal(cli_post(&c, body, strlen(body), NULL, &r), 0);
    assert_int_equal(r.status, 200);
    m = parse(&r);
    assert_int_equal(m->type, CWMP_MSG_FAULT);
    assert_int_equal(m->body.fault.code, CWMP_FAULT_METHOD_NOT_SUPPORTED_ACS);
    assert_string_equal(m->id, "x-9");
    cwmp_msg_free(m);
    resp_free(&r);
    /* the session goes on */
    assert_int_equal(cli_post(&c, "", 0, NULL, &r), 0);
    assert_int_equal(r.status, 204);
    resp_free(&r);
    cli_close(&c);
    fx_stop(f);
}

/* Sends one raw request head with an empty body; returns the status. */
static int raw_status(uint16_t port, const char *target, int *closed)
{
    struct cli c = cli_connect(port);
    struct resp r;
    char head[512];
    int n = snprintf(head, sizeof(head),
                     "POST %s HTTP/1.1\r\nHost: acs\r\nContent-Length: 0\r\n\r\n", target);
    int status;

    cli_write(&c, head, (size_t)n);
    assert_int_equal(cli_response(&c, &r), 0);
    status = r.status;
    *closed = r.closed_after;
    resp_free(&r);
    cli_close(&c);
    return status;
}

/* cfg.path: other paths get 404 before anything else; the query and the
 * absolute form do not matter. */
static void test_acs_path(void **state)
{
    struct cwmp_server_config cfg = {0};
    struct fx *f;
    struct cli c;
    int closed = 0;

    (void)state;
    cfg.path = "/acs";
    f = fx_start(&cfg, NULL);
    assert_int_equal(raw_status(f->port, "/other", &closed), 404);
    assert_true(closed);
    assert_int_equal(raw_status(f->port, "/", &closed), 404);
    assert_int_equal(raw_status(f->port, "/acs/", &closed), 404);
    assert_int_equal(raw_status(f->port, "/acsx", &closed), 404);
    assert_int_equal(raw_status(f->port, "http://acs.example/other", &closed), 404);
    /* the right path reaches the session engine (an empty POST without a
     * session is refused there with 400, not 404) */
    assert_int_equal(raw_status(f->port, "/acs?cpe=1", &closed), 400);
    assert_int_equal(raw_status(f->port, "http://acs.example:7547/acs", &closed), 400);
    assert_int_equal(app_get(f, &f->app.informs), 0);
    pthread_mutex_lock(&f->app.lock);
    assert_non_null(strstr(f->app.log_text, "\"/other\" is not the ACS path /acs"));
    pthread_mutex_unlock(&f->app.lock);
    c = cli_connect(f->port); /* cli_post uses /acs: a whole session works */
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 200);
    {
        struct resp r;
        assert_int_equal(cli_post(&c, "", 0, NULL, &r), 0);
        assert_int_equal(r.status, 204);
        resp_free(&r);
    }
    cli_close(&c);
    wait_ended(f, 1);
    fx_stop(f);

    /* no path configured: any path is the ACS */
    memset(&cfg, 0, sizeof(cfg));
    f = fx_start(&cfg, NULL);
    assert_int_equal(raw_status(f->port, "/other", &closed), 400);
    fx_stop(f);
}

/* ------------------------------------------------------------ authentication */

static const char auth_secret[] = "shared nonce secret";

static void test_basic_auth(void **state)
{
    struct cwmp_server_config cfg = {.auth_schemes = CWMP_AUTH_BASIC, .realm = "acs-realm"};
    struct fx *f = fx_start(&cfg, NULL);
    struct cli c = cli_connect(f->port);
    struct cwmp_buf b;
    struct resp r;

    (void)state;
    inform_body(&b);
    assert_int_equal(cli_post(&c, b.data, b.len, NULL, &r), 0);
    assert_int_equal(r.status, 401);
    assert_int_equal(r.n_auth, 1);
    assert_string_equal(r.auth[0], "Basic realm=\"acs-realm\"");
    resp_free(&r);
    /* cpe1:wrong */
    assert_int_equal(cli_post(&c, b.data, b.len, "Authorization: Basic Y3BlMTp3cm9uZw==\r\n", &r),
                     0);
    assert_int_equal(r.status, 401);
    resp_free(&r);
    assert_non_null(strstr(f->app.log_text, "wrong password"));
    /* cpe1:s3cret, on the same connection */
    assert_int_equal(do_inform(&c, "Authorization: Basic Y3BlMTpzM2NyZXQ=\r\n", NULL, 0), 200);
    assert_string_equal(f->app.username, "cpe1");
    cwmp_buf_free(&b);
    cli_close(&c);
    fx_stop(f);
}

/* Answers the challenge of the wanted algorithm with password. */
static int digest_inform(struct cli *c, struct resp *challenge, const char *algorithm,
                         const char *password)
{
    char answer[1024], hdr[1100];

    for (int i = 0; i < challenge->n_auth; i++)
        if (strstr(challenge->auth[i], algorithm) != NULL) {
            assert_true(cwmp_auth_answer(challenge->auth[i], "POST", "/acs", "cpe1", password, 1,
                                         answer, sizeof(answer)) > 0);
            snprintf(hdr, sizeof(hdr), "Authorization: %s\r\n", answer);
            return do_inform(c, hdr, NULL, 0);
        }
    fail_msg("no %s challenge", algorithm);
    return -1;
}

static void test_digest_auth(void **state)
{
    struct cwmp_server_config cfg = {.auth_schemes = CWMP_AUTH_DIGEST, .realm = "acs-realm"};
    struct fx *f = fx_start(&cfg, NULL);
    struct cli c = cli_connect(f->port);
    struct cwmp_buf b;
    struct resp r;

    (void)state;
    inform_body(&b);
    assert_int_equal(cli_post(&c, b.data, b.len, NULL, &r), 0);
    assert_int_equal(r.status, 401);
    assert_int_equal(r.n_auth, 2);
    assert_non_null(strstr(r.auth[0], "algorithm=SHA-256"));
    assert_non_null(strstr(r.auth[1], "algorithm=MD5"));
    assert_int_equal(digest_inform(&c, &r, "algorithm=SHA-256", "wrong"), 401);
    assert_int_equal(digest_inform(&c, &r, "algorithm=MD5", "wrong"), 401);
    assert_int_equal(digest_inform(&c, &r, "algorithm=SHA-256", "s3cret"), 200);
    assert_int_equal(digest_inform(&c, &r, "algorithm=MD5", "s3cret"), 200);
    assert_string_equal(f->app.username, "cpe1");
    {
        /* in the session, the same nonce count again is a replay */
        char answer[1024], hdr[1100];
        struct resp r2;
        assert_true(cwmp_auth_answer(r.auth[1], "POST", "/acs", "cpe1", "s3cret", 1, answer,
                                     sizeof(answer)) > 0);
        snprintf(hdr, sizeof(hdr), "Authorization: %s\r\n", answer);
        assert_int_equal(do_inform(&c, hdr, NULL, 0), 200);
        assert_int_equal(cli_post(&c, "", 0, hdr, &r2), 0);
        assert_int_equal(r2.status, 401);
        resp_free(&r2);
        assert_non_null(strstr(f->app.log_text, "replayed"));
        /* a higher count is fine */
        assert_true(cwmp_auth_answer(r.auth[1], "POST", "/acs", "cpe1", "s3cret", 2, answer,
                                     sizeof(answer)) > 0);
        snprintf(hdr, sizeof(hdr), "Authorization: %s\r\n", answer);
        assert_int_equal(cli_post(&c, "", 0, hdr, &r2), 0);
        assert_int_equal(r2.status, 204);
        resp_free(&r2);
    }
    resp_free(&r);
    cwmp_buf_free(&b);
    cli_close(&c);
    fx_stop(f);
}

/* A nonce built here from the shared secret, as old as we like: the
 * format is hex(ts) + hex(HMAC-SHA-256(secret, hex(ts) ":" realm)[0..16]). */
static void make_nonce(time_t ts, const char *realm, char *nonce)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    char data[128];

    snprintf(nonce, 17, "%016" PRIx64, (uint64_t)ts);
    snprintf(data, sizeof(data), "%s:%s", nonce, realm);
    HMAC(EVP_sha256(), auth_secret, (int)strlen(auth_secret), (unsigned char *)data, strlen(data),
         mac, &n);
    for (int i = 0; i < 16; i++)
        sprintf(nonce + 16 + 2 * i, "%02x", mac[i]);
}

static void test_digest_stale(void **state)
{
    struct cwmp_server_config cfg = {.auth_schemes = CWMP_AUTH_DIGEST_MD5,
                                     .realm = "acs-realm",
                                     .auth_secret = auth_secret,
                                     .auth_secret_len = strlen(auth_secret),
                                     .nonce_lifetime = 60};
    struct fx *f = fx_start(&cfg, NULL);
    struct cli c = cli_connect(f->port);
    struct resp r = {0};
    char nonce[64];

    (void)state;
    r.n_auth = 1;
    make_nonce(time(NULL) - 600, "acs-realm", nonce);
    snprintf(r.auth[0], sizeof(r.auth[0]),
             "Digest realm=\"acs-realm\", qop=\"auth\", algorithm=MD5, nonce=\"%s\"", nonce);
    {
        struct cwmp_buf b;
        char answer[1024], hdr[1100];
        struct resp r2;
        assert_true(cwmp_auth_answer(r.auth[0], "POST", "/acs", "cpe1", "s3cret", 1, answer,
                                     sizeof(answer)) > 0);
        snprintf(hdr, sizeof(hdr), "Authorization: %s\r\n", answer);
        inform_body(&b);
        assert_int_equal(cli_post(&c, b.data, b.len, hdr, &r2), 0);
        assert_int_equal(r2.status, 401);
        assert_int_equal(r2.n_auth, 1);
        assert_non_null(strstr(r2.auth[0], "stale=true"));
        /* the fresh nonce of that challenge works */
        assert_int_equal(digest_inform(&c, &r2, "MD5", "s3cret"), 200);
        resp_free(&r2);
        cwmp_buf_free(&b);
    }
    /* a fresh nonce made here with the shared secret is accepted too */
    make_nonce(time(NULL), "acs-realm", nonce);
    snprintf(r.auth[0], sizeof(r.auth[0]),
             "Digest realm=\"acs-realm\", qop=\"auth\", algorithm=MD5, nonce=\"%s\"", nonce);
    assert_int_equal(digest_inform(&c, &r, "MD5", "s3cret"), 200);
    cli_close(&c);
    fx_stop(f);
}

/* ------------------------------------------------------------ TLS */

struct pki {
    char dir[64];
    char ca[128], cert[128], key[128], ccert[128], ckey[128];
    EVP_PKEY *client_key;
    X509 *client_cert;
};

static X509 *make_cert(EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *issuer_key,
                       int serial, int ca)
{
    X509 *x = X509_new();
    X509_NAME *name;

    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400);
    X509_set_pubkey(x, key);
    name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
    X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
    if (ca) {
        X509V3_CTX ctx;
        X509_EXTENSION *ext;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
        ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_basic_constraints, "critical,CA:TRUE");
        X509_add_ext(x, ext, -1);
        X509_EXTENSION_free(ext);
    }
    assert_true(X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()) > 0);
    return x;
}

static void write_pem(const char *path, X509 *cert, EVP_PKEY *key)
{
    FILE *fp = fopen(path, "w");

    assert_non_null(fp);
    if (cert != NULL)
        PEM_write_X509(fp, cert);
    if (key != NULL)
        PEM_write_PrivateKey(fp, key, NULL, NULL, 0, NULL, NULL);
    fclose(fp);
}

static void pki_make(struct pki *p)
{
    EVP_PKEY *ca_key = EVP_EC_gen("P-256"), *srv_key = EVP_EC_gen("P-256");
    X509 *ca, *srv;

    snprintf(p->dir, sizeof(p->dir), "/tmp/test_session.XXXXXX");
    assert_non_null(mkdtemp(p->dir));
    snprintf(p->ca, sizeof(p->ca), "%s/ca.pem", p->dir);
    snprintf(p->cert, sizeof(p->cert), "%s/server.pem", p->dir);
    snprintf(p->key, sizeof(p->key), "%s/server.key", p->dir);
    snprintf(p->ccert, sizeof(p->ccert), "%s/client.pem", p->dir);
    snprintf(p->ckey, sizeof(p->ckey), "%s/client.key", p->dir);
    p->client_key = EVP_EC_gen("P-256");
    ca = make_cert(ca_key, "Test CA", NULL, NULL, 1, 1);
    srv = make_cert(srv_key, "localhost", ca, ca_key, 2, 0);
    p->client_cert = make_cert(p->client_key, "cpe-1", ca, ca_key, 3, 0);
    write_pem(p->ca, ca, NULL);
    write_pem(p->cert, srv, NULL);
    write_pem(p->key, NULL, srv_key);
    write_pem(p->ccert, p->client_cert, NULL);
    write_pem(p->ckey, NULL, p->client_key);
    X509_free(ca);
    X509_free(srv);
    EVP_PKEY_free(ca_key);
    EVP_PKEY_free(srv_key);
}

static void pki_free(struct pki *p)
{
    unlink(p->ca);
    unlink(p->cert);
    unlink(p->key);
    unlink(p->ccert);
    unlink(p->ckey);
    rmdir(p->dir);
    X509_free(p->client_cert);
    EVP_PKEY_free(p->client_key);
}

static SSL_CTX *client_ctx(struct pki *p, int with_cert)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

    assert_non_null(ctx);
    assert_int_equal(SSL_CTX_load_verify_locations(ctx, p->ca, NULL), 1);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT);
    if (with_cert) {
        assert_int_equal(SSL_CTX_use_certificate(ctx, p->client_cert), 1);
        assert_int_equal(SSL_CTX_use_PrivateKey(ctx, p->client_key), 1);
    }
    return ctx;
}

/* Connects over TLS; returns 1 when the handshake worked. */
static int tls_connect(struct cli *c, uint16_t port, SSL_CTX *ctx, SSL_SESSION *resume)
{
    *c = cli_connect(port);
    c->ssl = SSL_new(ctx);
    SSL_set_fd(c->ssl, c->fd);
    if (resume != NULL)
        SSL_set_session(c->ssl, resume);
    return SSL_connect(c->ssl) == 1;
}

static void test_tls_resumption(void **state)
{
    struct pki p;
    struct cwmp_server_config cfg = {0};
    struct fx *f;
    SSL_CTX *ctx;
    SSL_SESSION *sess;
    struct cli c;

    (void)state;
    pki_make(&p);
    cfg.tls_cert = p.cert;
    cfg.tls_key = p.key;
    f = fx_start(&cfg, NULL);
    ctx = client_ctx(&p, 0);
    assert_true(tls_connect(&c, f->port, ctx, NULL));
    assert_int_equal(SSL_session_reused(c.ssl), 0);
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 200);
    assert_string_equal(f->app.subject, ""); /* no client certificate asked */
    sess = SSL_get1_session(c.ssl);
    assert_non_null(sess);
    cli_close(&c);
    /* the next session's connection resumes the TLS session */
    assert_true(tls_connect(&c, f->port, ctx, sess));
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 200);
    assert_int_equal(SSL_session_reused(c.ssl), 1);
    cli_close(&c);
    SSL_SESSION_free(sess);
    SSL_CTX_free(ctx);
    fx_stop(f);
    pki_free(&p);
}

static void test_tls_client_cert(void **state)
{
    struct pki p;
    struct cwmp_server_config cfg = {0};
    struct fx *f;
    SSL_CTX *with, *without;
    struct cli c;
    char buf[8];

    (void)state;
    pki_make(&p);
    cfg.tls_cert = p.cert;
    cfg.tls_key = p.key;
    cfg.tls_ca = p.ca;
    cfg.tls_verify = CWMP_TLS_VERIFY_OPTIONAL;
    f = fx_start(&cfg, NULL);
    with = client_ctx(&p, 1);
    without = client_ctx(&p, 0);
    assert_true(tls_connect(&c, f->port, with, NULL));
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 200);
    assert_string_equal(f->app.subject, "CN=cpe-1");
    cli_close(&c);
    assert_true(tls_connect(&c, f->port, without, NULL));
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 200);
    assert_string_equal(f->app.subject, "");
    cli_close(&c);
    fx_stop(f);

    /* required: a CPE without a certificate does not get in */
    cfg = (struct cwmp_server_config){0};
    cfg.tls_cert = p.cert;
    cfg.tls_key = p.key;
    cfg.tls_ca = p.ca;
    cfg.tls_verify = CWMP_TLS_VERIFY_REQUIRED;
    f = fx_start(&cfg, NULL);
    if (tls_connect(&c, f->port, without, NULL)) {
        /* TLS 1.3: the server's refusal arrives after the client's Finished */
        static const char req[] = "POST /acs HTTP/1.1\r\nContent-Length: 0\r\n\r\n";
        SSL_write(c.ssl, req, sizeof(req) - 1);
        assert_true(SSL_read(c.ssl, buf, sizeof(buf)) <= 0);
    }
    cli_close(&c);
    ERR_clear_error();
    assert_true(tls_connect(&c, f->port, with, NULL));
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 200);
    assert_string_equal(f->app.subject, "CN=cpe-1");
    cli_close(&c);
    assert_int_equal(app_get(f, &f->app.informs), 1);
    fx_stop(f);

    /* a verified certificate may stand in for HTTP authentication */
    cfg.tls_verify = CWMP_TLS_VERIFY_OPTIONAL;
    cfg.tls_cert_auth = 1;
    cfg.auth_schemes = CWMP_AUTH_DIGEST;
    f = fx_start(&cfg, NULL);
    assert_true(tls_connect(&c, f->port, with, NULL));
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 200);
    assert_string_equal(f->app.subject, "CN=cpe-1");
    cli_close(&c);
    assert_true(tls_connect(&c, f->port, without, NULL));
    assert_int_equal(do_inform(&c, NULL, NULL, 0), 401);
    cli_close(&c);
    fx_stop(f);
    SSL_CTX_free(with);
    SSL_CTX_free(without);
    pki_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inform_first),
        cmocka_unit_test(test_full_session),
        cmocka_unit_test(test_cookie_new_connection),
        cmocka_unit_test(test_inform_replaces),
        cmocka_unit_test(test_pipelined),
        cmocka_unit_test(test_hold_requests),
        cmocka_unit_test(test_chunked),
        cmocka_unit_test(test_body_limit),
        cmocka_unit_test(test_idle_timeout),
        cmocka_unit_test(test_session_limit),
        cmocka_unit_test(test_refuse_inform),
        cmocka_unit_test(test_async),
        cmocka_unit_test(test_slow_application),
        cmocka_unit_test(test_reuseport),
        cmocka_unit_test(test_unknown_method),
        cmocka_unit_test(test_acs_path),
        cmocka_unit_test(test_basic_auth),
        cmocka_unit_test(test_digest_auth),
        cmocka_unit_test(test_digest_stale),
        cmocka_unit_test(test_tls_resumption),
        cmocka_unit_test(test_tls_client_cert),
    };
    return cmocka_run_group_tests_name("cwmp_session", tests, NULL, NULL);
}
