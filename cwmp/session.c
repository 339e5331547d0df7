/*
 * session.c - the CWMP session state machine (TR-069 3.7.1 and A.3): Inform
 * first, then CPE requests until an empty POST, then ACS requests one at
 * a time, ended by HTTP 204; session cookies, HoldRequests, timers, and
 * the application-facing calls of cwmp/session.h.
 */
#include "cwmp/server_priv.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <openssl/rand.h>

enum sess_state {
    ST_CPE = 0,      /* waiting for a CPE POST: request or empty */
    ST_CPE_WAIT_APP, /* the application is answering a CPE request */
    ST_ACS_WAIT_APP, /* the application decides the next ACS request */
    ST_ACS_SENT,     /* an ACS request is out, waiting for the CPE's answer */
};

struct cwmp_session {
    struct cwmp_server *srv;
    struct cwmp_session *hnext; /* hash chain */
    struct cwmp_conn *conn;     /* NULL between connections */
    struct event *timer;
    struct cwmp_msg *pending; /* CPE request awaiting cwmp_session_reply() */
    void *data;
    char *username;
    char *peer_subject;
    char *sent_id; /* cwmp:ID of the outstanding ACS request */
    uint64_t id;
    struct cwmp_auth_state auth_st;
    uint32_t next_req_id;
    enum sess_state state;
    enum cwmp_ns_version ns;
    unsigned busy; /* nesting of application callbacks */
    unsigned hold : 1, no_more : 1, acs_outstanding : 1, ended : 1;
    char peer[48];
};

const char *cwmp_end_reason_string(enum cwmp_end_reason why)
{
    static const char *const names[] = {"done",     "timeout",  "error",  "connection lost",
                                        "replaced", "shutdown", "refused"};
    return (unsigned)why < sizeof(names) / sizeof(names[0]) ? names[why] : "unknown";
}

/* ---------------------------------------------------------------- table */

static size_t bucket_of(const struct cwmp_server *srv, uint64_t id)
{
    return (size_t)((id * 0x9E3779B97F4A7C15ull) >> 20) & (srv->n_buckets - 1);
}

static struct cwmp_session *session_find(struct cwmp_server *srv, uint64_t id)
{
    struct cwmp_session *s;

    if (id == 0)
        return NULL;
    for (s = srv->buckets[bucket_of(srv, id)]; s != NULL; s = s->hnext)
        if (s->id == id)
            return s;
    return NULL;
}

static void session_unlink(struct cwmp_session *s)
{
    struct cwmp_session **pp = &s->srv->buckets[bucket_of(s->srv, s->id)];

    while (*pp != NULL && *pp != s)
        pp = &(*pp)->hnext;
    if (*pp == s) {
        *pp = s->hnext;
        s->srv->n_sessions--;
    }
}

/* ---------------------------------------------------------------- life */

static void session_free_if_done(struct cwmp_session *s)
{
    if (!s->ended || s->busy > 0)
        return;
    if (s->timer != NULL)
        event_free(s->timer);
    cwmp_msg_free(s->pending);
    free(s->username);
    free(s->peer_subject);
    free(s->sent_id);
    free(s);
}

static void detach(struct cwmp_session *s)
{
    if (s->conn != NULL && s->conn->session == s)
        s->conn->session = NULL;
    s->conn = NULL;
}

static void session_end(struct cwmp_session *s, enum cwmp_end_reason why)
{
    struct cwmp_server *srv = s->srv;

    if (s->ended)
        return;
    s->ended = 1;
    session_unlink(s);
    if (s->conn != NULL && s->conn->rd == RD_BUSY && !s->conn->close_after_write) {
        /* a request of this session is still unanswered: do not strand it */
        s->conn->close_after_write = 1;
        cwmp_conn_respond(s->conn, 503, NULL, NULL, 0);
    }
    detach(s);
    evtimer_del(s->timer);
    cwmp_srv_log(srv, why == CWMP_END_DONE ? CWMP_LOG_DEBUG : CWMP_LOG_INFO,
                 "%s: session %016" PRIx64 " of user '%s' ended: %s", s->peer, s->id,
                 s->username ? s->username : "", cwmp_end_reason_string(why));
    if (srv->cb.ended != NULL) {
        s->busy++;
        srv->cb.ended(srv->arg, s, why);
        s->busy--;
    }
    session_free_if_done(s);
}

static void arm_timer(struct cwmp_session *s, unsigned ms)
{
    struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
    evtimer_add(s->timer, &tv);
}

static void respond_soap(struct cwmp_conn *c, const struct cwmp_buf *b, const char *extra)
{
    cwmp_conn_respond(c, 200, extra, b->data, b->len);
}

/* A protocol error inside a session: answer status, close, end it. */
static void session_fail(struct cwmp_session *s, struct cwmp_conn *c, int status, const char *why)
{
    cwmp_srv_log(s->srv, CWMP_LOG_WARNING, "%s: session %016" PRIx64 ": HTTP %d: %s", s->peer,
                 s->id, status, why);
    if (c != NULL) {
        c->close_after_write = 1;
        cwmp_conn_respond(c, status, NULL, NULL, 0);
    }
    session_end(s, CWMP_END_ERROR);
}

static void finish_now(struct cwmp_session *s)
{
    struct cwmp_conn *c = s->conn;

    cwmp_conn_respond(c, 204, NULL, NULL, 0);
    cwmp_conn_request_done(c);
    session_end(s, CWMP_END_DONE);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
    struct cwmp_session *s = arg;

    (void)fd;
    (void)what;
    if (s->conn == NULL) {
        session_end(s, CWMP_END_CONNECTION_LOST);
    } else if (s->state == ST_ACS_WAIT_APP) {
        finish_now(s); /* the bounded wait for work is over: 204 */
    } else if (s->state == ST_CPE_WAIT_APP) {
        struct cwmp_conn *c = s->conn;
        cwmp_srv_log(s->srv, CWMP_LOG_WARNING,
                     "%s: session %016" PRIx64
                     ": application did not answer the CPE request in time",
                     s->peer, s->id);
        c->close_after_write = 1;
        cwmp_conn_respond(c, 500, NULL, NULL, 0);
        session_end(s, CWMP_END_TIMEOUT);
    }
}

static struct cwmp_session *session_new(struct cwmp_conn *c)
{
    struct cwmp_server *srv = c->srv;
    struct cwmp_session *s = calloc(1, sizeof(*s));
    size_t b;

    if (s == NULL)
        return NULL;
    s->timer = evtimer_new(srv->base, on_timer, s);
    if (s->timer == NULL) {
        free(s);
        return NULL;
    }
    do {
        if (RAND_bytes((unsigned char *)&s->id, sizeof(s->id)) != 1) {
            event_free(s->timer);
            free(s);
            return NULL;
        }
    } while (s->id == 0 || session_find(srv, s->id) != NULL);
    s->srv = srv;
    memcpy(s->peer, c->peer, sizeof(s->peer));
    if (c->peer_subject != NULL)
        s->peer_subject = strdup(c->peer_subject);
    b = bucket_of(srv, s->id);
    s->hnext = srv->buckets[b];
    srv->buckets[b] = s;
    srv->n_sessions++;
    s->conn = c;
    c->session = s;
    return s;
}

/* ---------------------------------------------------------------- flow */

static int is_cpe_request(enum cwmp_msg_type t)
{
    return (t >= CWMP_MSG_INFORM && t <= CWMP_MSG_GET_RPC_METHODS) || t == CWMP_MSG_UNKNOWN;
}

static int is_cpe_response(enum cwmp_msg_type t)
{
    return t == CWMP_MSG_FAULT || t == CWMP_MSG_GET_RPC_METHODS_RESPONSE ||
           (t >= CWMP_MSG_SET_PARAMETER_VALUES_RESPONSE && t <= CWMP_MSG_CHANGE_DU_STATE_RESPONSE);
}

static void acs_turn(struct cwmp_session *s)
{
    struct cwmp_server *srv = s->srv;

    s->state = ST_ACS_WAIT_APP;
    s->acs_outstanding = 0;
    if (srv->cfg.acs_wait_ms > 0)
        arm_timer(s, srv->cfg.acs_wait_ms);
    if (srv->cb.acs_turn != NULL) {
        s->busy++;
        srv->cb.acs_turn(srv->arg, s);
        s->busy--;
        if (s->ended) {
            session_free_if_done(s);
            return;
        }
    }
    if (s->state == ST_ACS_WAIT_APP && srv->cfg.acs_wait_ms == 0)
        finish_now(s);
}

/* Answers a CPE request the codec could not take with a Fault. */
static void reply_fault(struct cwmp_session *s, struct cwmp_conn *c, const struct cwmp_msg *m,
                        int code, const char *why)
{
    struct cwmp_buf b = {0};
    char err[128];

    cwmp_srv_log(s->srv, CWMP_LOG_WARNING, "%s: session %016" PRIx64 ": Fault %d: %s", s->peer,
                 s->id, code, why);
    if (cwmp_write_fault(&b, s->ns, m ? m->id : NULL, code, why, err, sizeof(err)) != 0) {
        session_fail(s, c, 500, err);
    } else {
        respond_soap(c, &b, NULL);
        cwmp_conn_request_done(c);
    }
    cwmp_buf_free(&b);
}

static void cpe_request(struct cwmp_session *s, struct cwmp_msg *m)
{
    struct cwmp_server *srv = s->srv;

    if (s->hold) {
        /* TR-069 A.4.2.1: the CPE must not send requests while held */
        cwmp_msg_free(m);
        session_fail(s, s->conn, 400, "CPE request while HoldRequests is true");
        return;
    }
    if (m->type == CWMP_MSG_UNKNOWN || srv->cb.cpe_request == NULL) {
        reply_fault(s, s->conn, m, CWMP_FAULT_METHOD_NOT_SUPPORTED_ACS,
                    m->method ? m->method : "method not supported");
        cwmp_msg_free(m);
        return;
    }
    s->pending = m;
    s->state = ST_CPE_WAIT_APP;
    arm_timer(s, srv->cfg.idle_timeout_ms);
    s->busy++;
    srv->cb.cpe_request(srv->arg, s, m);
    s->busy--;
    session_free_if_done(s);
}

static void cpe_response(struct cwmp_session *s, struct cwmp_msg *m)
{
    struct cwmp_server *srv = s->srv;

    if (s->sent_id != NULL && (m->id == NULL || strcmp(m->id, s->sent_id) != 0))
        cwmp_srv_log(srv, CWMP_LOG_WARNING,
                     "%s: session %016" PRIx64 ": response cwmp:ID '%s' does not match "
                     "request cwmp:ID '%s' (delivered anyway)",
                     s->peer, s->id, m->id ? m->id : "", s->sent_id);
    free(s->sent_id);
    s->sent_id = NULL;

    if (srv->cb.cpe_response != NULL) {
        s->busy++;
        srv->cb.cpe_response(srv->arg, s, m);
        s->busy--;
    }
    cwmp_msg_free(m);
    if (s->ended) {
        session_free_if_done(s);
        return;
    }
    acs_turn(s);
}

/* A POST inside a running session; m is NULL for an empty body. */
static void session_post(struct cwmp_session *s, struct cwmp_msg *m)
{
    if (m == NULL) {
        if (s->state == ST_CPE) {
            acs_turn(s); /* TR-069 3.7.1.3: empty POST, the CPE is done */
        } else {
            session_fail(s, s->conn, 400, "empty POST while a response was expected");
        }
        return;
    }
    if (is_cpe_request(m->type)) {
        cpe_request(s, m);
    } else if (s->state == ST_ACS_SENT && is_cpe_response(m->type)) {
        cpe_response(s, m);
    } else {
        char why[96];
        snprintf(why, sizeof(why), "unexpected %s", m->method ? m->method : "message");
        cwmp_msg_free(m);
        session_fail(s, s->conn, 400, why);
    }
}

static void send_challenge(struct cwmp_conn *c, int stale)
{
    struct cwmp_server *srv = c->srv;
    char hdrs[1024], one[400];
    size_t len = 0;
    time_t now = time(NULL);

    hdrs[0] = '\0';
    for (unsigned i = 0; cwmp_auth_challenge(srv->auth, i, stale, now, one, sizeof(one)) > 0; i++) {
        int n = snprintf(hdrs + len, sizeof(hdrs) - len, "WWW-Authenticate: %s\r\n", one);
        if (n < 0 || (size_t)n >= sizeof(hdrs) - len)
            break;
        len += (size_t)n;
    }
    cwmp_conn_respond(c, 401, hdrs, NULL, 0);
    cwmp_conn_request_done(c);
}

/* 0 when the request may go on; otherwise a 401 was sent. */
static int authenticate(struct cwmp_conn *c, struct cwmp_auth_state *st, char *user, size_t cap)
{
    struct cwmp_server *srv = c->srv;
    enum cwmp_auth_result r;

    r = cwmp_auth_check(srv->auth, "POST", c->target, c->authorization, srv->cb.credentials,
                        srv->arg, time(NULL), st, user, cap);
    if (r == CWMP_AUTH_OK)
        return 0;
    cwmp_srv_log(srv, r == CWMP_AUTH_MISSING ? CWMP_LOG_DEBUG : CWMP_LOG_WARNING,
                 "%s: HTTP 401: %s", c->peer, cwmp_auth_result_string(r));
    send_challenge(c, r == CWMP_AUTH_STALE);
    return -1;
}

static void handle_inform(struct cwmp_conn *c, struct cwmp_msg *m, struct cwmp_session *old)
{
    struct cwmp_server *srv = c->srv;
    struct cwmp_auth_state st = {0, 0};
    struct cwmp_session *s;
    struct cwmp_msg resp;
    struct cwmp_buf b = {0};
    char user[256] = "", err[128], cookie[128];
    int refused = 0, rc;

    /* TR-069 3.4.4: a CPE may authenticate with a certificate instead */
    if (srv->auth != NULL && !(srv->cfg.tls_cert_auth && c->peer_subject != NULL) &&
        authenticate(c, &st, user, sizeof(user)) != 0) {
        cwmp_msg_free(m);
        return;
    }
    if (old != NULL) {
        if (old->conn == c)
            detach(old); /* c now carries the new session's Inform */
        session_end(old, CWMP_END_REPLACED);
    } /* TR-069 3.7.1: an Inform starts anew */
    if (srv->n_sessions >= srv->cfg.max_sessions) {
        snprintf(cookie, sizeof(cookie), "Retry-After: %u\r\n", srv->cfg.retry_after);
        cwmp_srv_log(srv, CWMP_LOG_WARNING, "%s: HTTP 503: %u sessions, the limit", c->peer,
                     srv->n_sessions);
        cwmp_conn_respond(c, 503, cookie, NULL, 0);
        cwmp_conn_request_done(c);
        cwmp_msg_free(m);
        return;
    }
    s = session_new(c);
    if (s == NULL || (s->username = strdup(user)) == NULL) {
        if (s != NULL)
            session_end(s, CWMP_END_ERROR);
        cwmp_srv_log(srv, CWMP_LOG_ERROR, "%s: HTTP 500: out of memory", c->peer);
        cwmp_conn_respond(c, 500, NULL, NULL, 0);
        cwmp_conn_request_done(c);
        cwmp_msg_free(m);
        return;
    }
    s->auth_st = st;
    s->ns = m->ns_version;
    s->no_more = m->no_more_requests != 0;
    if (srv->cb.inform != NULL) {
        s->busy++;
        refused = srv->cb.inform(srv->arg, s, m) != 0;
        s->busy--;
    }
    if (refused) {
        cwmp_srv_log(srv, CWMP_LOG_INFO, "%s: HTTP 403: application refused the device", c->peer);
        cwmp_conn_respond(c, 403, NULL, NULL, 0);
        cwmp_conn_request_done(c);
        cwmp_msg_free(m);
        session_end(s, CWMP_END_REFUSED);
        return;
    }
    cwmp_msg_init_reply(&resp, CWMP_MSG_INFORM_RESPONSE, m);
    resp.body.inform_resp.max_envelopes = 1;          /* TR-069 A.3.3.1 */
    rc = cwmp_msg_write(&resp, &b, err, sizeof(err)); /* resp borrows m's cwmp:ID */
    cwmp_msg_free(m);
    if (rc != 0) {
        cwmp_buf_free(&b);
        session_fail(s, c, 500, err);
        return;
    }
    snprintf(cookie, sizeof(cookie), "Set-Cookie: %s=%016" PRIx64 "; Path=/; HttpOnly\r\n",
             srv->cookie_name, s->id);
    s->state = ST_CPE;
    respond_soap(c, &b, cookie);
    cwmp_buf_free(&b);
    cwmp_conn_request_done(c);
}

/* Parses the body; NULL for an empty one. *ok = 0 when a reply was sent. */
static struct cwmp_msg *parse_body(struct cwmp_conn *c, struct cwmp_session *s, int *ok)
{
    struct cwmp_soap_limits lim = {0, 0, 0, 0};
    size_t len = evbuffer_get_length(c->body);
    struct cwmp_msg *m = NULL;
    char err[160];
    int rc;

    *ok = 1;
    if (len == 0)
        return NULL;
    lim.max_size = c->srv->cfg.max_body;
    rc =
        cwmp_msg_parse((const char *)evbuffer_pullup(c->body, -1), len, &lim, &m, err, sizeof(err));
    if (rc == CWMP_SOAP_OK)
        return m;
    if (m != NULL && s != NULL && m->type != CWMP_MSG_INFORM && is_cpe_request(m->type) &&
        (rc == CWMP_SOAP_ERR_METHOD || rc == CWMP_SOAP_ERR_ARGS) && s->state == ST_CPE) {
        reply_fault(s, c, m,
                    rc == CWMP_SOAP_ERR_METHOD ? CWMP_FAULT_METHOD_NOT_SUPPORTED_ACS
                                               : CWMP_FAULT_INVALID_ARGUMENTS_ACS,
                    err);
        cwmp_msg_free(m);
        *ok = 0;
        return NULL;
    }
    cwmp_msg_free(m);
    *ok = 0;
    if (s != NULL) {
        session_fail(s, c, 400, err);
    } else {
        cwmp_srv_log(c->srv, CWMP_LOG_WARNING, "%s: HTTP 400: %s", c->peer, err);
        c->close_after_write = 1;
        cwmp_conn_respond(c, 400, NULL, NULL, 0);
    }
    return NULL;
}

void cwmp_session_handle_request(struct cwmp_conn *c)
{
    struct cwmp_server *srv = c->srv;
    struct cwmp_session *s = c->session;
    struct cwmp_msg *m;
    int ok;

    if (s == NULL && c->cookie_id != 0)
        s = session_find(srv, c->cookie_id);
    m = parse_body(c, s, &ok);
    if (!ok)
        return;
    if (m != NULL && m->type == CWMP_MSG_INFORM) {
        handle_inform(c, m, s);
        return;
    }
    if (s == NULL) {
        cwmp_srv_log(srv, CWMP_LOG_WARNING,
                     "%s: HTTP 400: no session (a session starts with an "
                     "Inform)",
                     c->peer);
        cwmp_msg_free(m);
        cwmp_conn_respond(c, 400, NULL, NULL, 0);
        cwmp_conn_request_done(c);
        return;
    }
    if (srv->auth != NULL && c->authorization != NULL &&
        authenticate(c, &s->auth_st, NULL, 0) != 0) {
        cwmp_msg_free(m);
        return;
    }
    if (s->state == ST_CPE_WAIT_APP || s->state == ST_ACS_WAIT_APP) {
        /* only reachable from another connection: the session's own is busy */
        cwmp_srv_log(srv, CWMP_LOG_WARNING,
                     "%s: HTTP 400: session %016" PRIx64 " is busy on another connection", c->peer,
                     s->id);
        cwmp_msg_free(m);
        cwmp_conn_respond(c, 400, NULL, NULL, 0);
        cwmp_conn_request_done(c);
        return;
    }
    if (s->conn != c) {
        /* TR-069 3.4.5: the session continues over a new connection */
        detach(s);
        if (c->session != NULL)
            detach(c->session);
        s->conn = c;
        c->session = s;
        evtimer_del(s->timer);
    }
    session_post(s, m);
}

void cwmp_session_conn_closed(struct cwmp_conn *c, int timed_out)
{
    struct cwmp_session *s = c->session;

    if (s == NULL)
        return;
    detach(s);
    if (timed_out) {
        session_end(s, CWMP_END_TIMEOUT);
    } else if (s->state == ST_CPE_WAIT_APP || s->state == ST_ACS_WAIT_APP) {
        session_end(s, CWMP_END_CONNECTION_LOST);
    } else {
        /* the CPE may come back with the cookie (TR-069 3.4.5) */
        arm_timer(s, s->srv->cfg.idle_timeout_ms);
    }
}

void cwmp_session_end_all(struct cwmp_server *srv)
{
    for (size_t i = 0; i < srv->n_buckets; i++)
        while (srv->buckets[i] != NULL)
            session_end(srv->buckets[i], CWMP_END_SHUTDOWN);
}

/* ---------------------------------------------------------------- API */

int cwmp_session_reply(struct cwmp_session *s, const struct cwmp_msg *msg)
{
    struct cwmp_msg m;
    struct cwmp_buf b = {0};
    struct cwmp_conn *c = s->conn;
    char err[128];

    if (s->ended || s->state != ST_CPE_WAIT_APP || c == NULL || msg == NULL)
        return -1;
    m = *msg;
    if (m.id == NULL) {
        m.id = s->pending->id;
        m.ns_version = s->ns;
    }
    if (cwmp_msg_write(&m, &b, err, sizeof(err)) != 0) {
        cwmp_buf_free(&b);
        session_fail(s, c, 500, err);
        return -1;
    }
    cwmp_msg_free(s->pending);
    s->pending = NULL;
    s->hold = m.hold_requests != 0;
    evtimer_del(s->timer);
    s->state = s->acs_outstanding ? ST_ACS_SENT : ST_CPE;
    respond_soap(c, &b, NULL);
    cwmp_buf_free(&b);
    cwmp_conn_request_done(c);
    return 0;
}

int cwmp_session_send(struct cwmp_session *s, const struct cwmp_msg *msg)
{
    struct cwmp_msg m;
    struct cwmp_buf b = {0};
    struct cwmp_conn *c = s->conn;
    char err[128], id[32];

    if (s->ended || s->state != ST_ACS_WAIT_APP || c == NULL || msg == NULL)
        return -1;
    m = *msg;
    if (m.id == NULL) {
        snprintf(id, sizeof(id), "cwmp2usp-%" PRIu32, ++s->next_req_id);
        m.id = id;
    }
    m.ns_version = s->ns;
    if (cwmp_msg_write(&m, &b, err, sizeof(err)) != 0) {
        cwmp_buf_free(&b);
        cwmp_srv_log(s->srv, CWMP_LOG_ERROR, "%s: session %016" PRIx64 ": cannot write %s: %s",
                     s->peer, s->id, cwmp_msg_type_name(m.type), err);
        return -1;
    }
    evtimer_del(s->timer);
    free(s->sent_id);
    s->sent_id = strdup(m.id); /* NULL (no check) when out of memory */
    s->hold = m.hold_requests != 0;
    s->acs_outstanding = 1;
    s->state = ST_ACS_SENT;
    respond_soap(c, &b, NULL);
    cwmp_buf_free(&b);
    cwmp_conn_request_done(c);
    return 0;
}

int cwmp_session_finish(struct cwmp_session *s)
{
    if (s->ended || s->state != ST_ACS_WAIT_APP || s->conn == NULL)
        return -1;
    evtimer_del(s->timer);
    finish_now(s);
    return 0;
}

void cwmp_session_set_data(struct cwmp_session *s, void *data)
{
    s->data = data;
}

void *cwmp_session_data(const struct cwmp_session *s)
{
    return s->data;
}

uint64_t cwmp_session_id(const struct cwmp_session *s)
{
    return s->id;
}

const char *cwmp_session_username(const struct cwmp_session *s)
{
    return s->username ? s->username : "";
}

const char *cwmp_session_peer_subject(const struct cwmp_session *s)
{
    return s->peer_subject;
}

const char *cwmp_session_peer_addr(const struct cwmp_session *s)
{
    return s->peer;
}

enum cwmp_ns_version cwmp_session_ns(const struct cwmp_session *s)
{
    return s->ns;
}

int cwmp_session_no_more_requests(const struct cwmp_session *s)
{
    return s->no_more;
}
