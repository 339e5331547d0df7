/*
 * session.h - the ACS-side CWMP session engine (TR-069 3.7): an HTTP/1.1
 * server on libevent that runs CWMP sessions and hands the application
 * parsed messages through callbacks. Part of the public interface of
 * libcwmp; cwmp/cwmp.h includes it.
 *
 * A session (TR-069 3.7.1): the CPE POSTs an Inform (always a new
 * session, whatever cookie it carries); the engine authenticates it, asks
 * the application (inform callback) and answers InformResponse with a
 * session cookie. The CPE then POSTs its requests (TransferComplete,
 * GetRPCMethods ...: cpe_request callback, answered by
 * cwmp_session_reply()) until it POSTs an empty body. Then it is the
 * ACS's turn (acs_turn callback): the application sends one request at a
 * time with cwmp_session_send(), gets the CPE's answer in cpe_response,
 * and gets acs_turn again; cwmp_session_finish() (or no answer within
 * acs_wait_ms) answers HTTP 204, which ends the session. ended is the last
 * callback for a session; the session pointer is invalid after it.
 *
 * Callbacks may answer at once (inside the callback) or later from the
 * same event loop. A session continues over a new TCP connection when the
 * CPE presents the session cookie.
 */
#ifndef CWMP_SESSION_H
#define CWMP_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "cwmp/auth.h"
#include "cwmp/soap.h"

struct event_base;
struct cwmp_server;  /* opaque: listener, connections, sessions */
struct cwmp_session; /* opaque: one CWMP session */

enum cwmp_log_level {
    CWMP_LOG_ERROR = 0,
    CWMP_LOG_WARNING,
    CWMP_LOG_INFO,
    CWMP_LOG_DEBUG,
};

enum cwmp_end_reason {
    CWMP_END_DONE = 0,        /* the ACS answered 204 */
    CWMP_END_TIMEOUT,         /* the CPE or the application was idle too long */
    CWMP_END_ERROR,           /* protocol error (logged) */
    CWMP_END_CONNECTION_LOST, /* the connection closed and no new one came */
    CWMP_END_REPLACED,        /* the CPE started a new session with an Inform */
    CWMP_END_SHUTDOWN,        /* cwmp_server_free() */
    CWMP_END_REFUSED,         /* the inform callback refused the device (HTTP 403) */
};

/* "done", "timeout", ... */
const char *cwmp_end_reason_string(enum cwmp_end_reason why);

struct cwmp_server_callbacks {
    /* Every refused request and limit violation is reported here. */
    void (*log)(void *arg, enum cwmp_log_level level, const char *msg);
    /* Password lookup for HTTP authentication (cwmp/auth.h). */
    cwmp_credentials_fn credentials;
    /* An authenticated Inform. Return 0 to accept the device (the engine
     * answers InformResponse), nonzero to refuse it (HTTP 403). inform is
     * valid during the call only. */
    int (*inform)(void *arg, struct cwmp_session *s, const struct cwmp_msg *inform);
    /* A CPE request (TransferComplete, AutonomousTransferComplete,
     * RequestDownload, Kicked, (Autonomous)DUStateChangeComplete,
     * GetRPCMethods). Answer with cwmp_session_reply() now or later (within
     * idle_timeout_ms); req stays valid until then. Methods the codec does
     * not know are answered with Fault 8000 by the engine. */
    void (*cpe_request)(void *arg, struct cwmp_session *s, const struct cwmp_msg *req);
    /* The ACS may send a request: call cwmp_session_send() or
     * cwmp_session_finish(), now or within acs_wait_ms. */
    void (*acs_turn)(void *arg, struct cwmp_session *s);
    /* The CPE's response or Fault to the request last sent (valid during
     * the call only). acs_turn follows. */
    void (*cpe_response)(void *arg, struct cwmp_session *s, const struct cwmp_msg *resp);
    /* The session is over; s is freed when this returns. */
    void (*ended)(void *arg, struct cwmp_session *s, enum cwmp_end_reason why);
};

/* TLS client certificate policy. */
enum cwmp_tls_verify {
    CWMP_TLS_VERIFY_NONE = 0, /* do not ask for a client certificate */
    CWMP_TLS_VERIFY_OPTIONAL, /* ask; verify it when sent */
    CWMP_TLS_VERIFY_REQUIRED, /* refuse the handshake without a valid one */
};

/* Server settings; zero fields take the defaults in brackets. */
struct cwmp_server_config {
    const char *address;      /* listen address [NULL: "0.0.0.0"]; "::" for IPv6 */
    uint16_t port;            /* [0: any free port, see cwmp_server_port()] */
    int reuseport;            /* SO_REUSEPORT, for several processes on one port */
    size_t max_body;          /* bytes of a request body [1 MiB]; more: 413 */
    size_t max_head;          /* bytes of a request head [16 KiB]; more: 431 */
    unsigned max_sessions;    /* concurrent sessions [10000]; more: 503 */
    unsigned retry_after;     /* seconds in the 503's Retry-After [30] */
    unsigned idle_timeout_ms; /* idle connection/session/application [30000] */
    unsigned acs_wait_ms;     /* longest wait for an acs_turn answer [0: answer 204 at
                                 once when acs_turn returns without one; set it to wait] */
    const char *cookie_name;  /* session cookie [ "cwmp_sid" ] */
    const char *path;         /* URL path CPEs POST to ("/acs"); the query is ignored; other
                                 paths get 404 [NULL or "": any path] */

    /* HTTP authentication: CWMP_AUTH_* mask, 0 = none */
    unsigned auth_schemes;
    const char *realm;       /* ["cwmp2usp"] */
    const void *auth_secret; /* nonce HMAC key, shared by processes [random] */
    size_t auth_secret_len;
    unsigned nonce_lifetime; /* seconds [300] */

    /* HTTPS when tls_cert is set (PEM files). */
    const char *tls_cert;
    const char *tls_key;
    const char *tls_ca; /* CA file to verify client certificates */
    enum cwmp_tls_verify tls_verify;
    int tls_cert_auth; /* a verified client certificate replaces HTTP authentication */
};

/*
 * Starts listening on base. cb and arg are kept; cfg strings are copied.
 * Returns the server, or NULL with a reason in err (errlen bytes).
 */
struct cwmp_server *cwmp_server_new(struct event_base *base, const struct cwmp_server_config *cfg,
                                    const struct cwmp_server_callbacks *cb, void *arg, char *err,
                                    size_t errlen);

/* Closes everything; live sessions end with CWMP_END_SHUTDOWN. */
void cwmp_server_free(struct cwmp_server *srv);

/* The port actually bound (useful with port 0). */
uint16_t cwmp_server_port(const struct cwmp_server *srv);

/* Sessions alive now. */
unsigned cwmp_server_session_count(const struct cwmp_server *srv);

/*
 * Answers the CPE request given by cpe_request. msg is written with the
 * request's cwmp:ID and namespace when msg->id is NULL; it may be a
 * CWMP_MSG_FAULT. 0, or -1 when no request is waiting or msg cannot be
 * written (the session then ends with CWMP_END_ERROR).
 */
int cwmp_session_reply(struct cwmp_session *s, const struct cwmp_msg *msg);

/*
 * Sends an ACS request at the ACS's turn. A cwmp:ID is generated when
 * msg->id is NULL; the session's namespace version is used.
 * msg->hold_requests = 1 forbids CPE requests until a later message
 * clears it (TR-069 A.4.2.1). 0, or -1 when it is not the ACS's turn.
 */
int cwmp_session_send(struct cwmp_session *s, const struct cwmp_msg *msg);

/* Nothing more to send: answers 204, ending the session (CWMP_END_DONE).
 * 0, or -1 when it is not the ACS's turn. */
int cwmp_session_finish(struct cwmp_session *s);

/* Application data attached to a session. */
void cwmp_session_set_data(struct cwmp_session *s, void *data);
void *cwmp_session_data(const struct cwmp_session *s);

/* The random 64-bit session id (also the cookie value, in hex). */
uint64_t cwmp_session_id(const struct cwmp_session *s);

/* The authenticated HTTP user name ("" without HTTP authentication). */
const char *cwmp_session_username(const struct cwmp_session *s);

/* The subject of the verified TLS client certificate (RFC 2253 form), or
 * NULL when the CPE presented none or TLS is off. */
const char *cwmp_session_peer_subject(const struct cwmp_session *s);

/* The CPE's address as text ("192.0.2.1:7547"), "" when unknown. */
const char *cwmp_session_peer_addr(const struct cwmp_session *s);

/* The namespace version the CPE used in its Inform. */
enum cwmp_ns_version cwmp_session_ns(const struct cwmp_session *s);

/* Whether the CPE set NoMoreRequests (TR-069 A.4.2.2, deprecated). */
int cwmp_session_no_more_requests(const struct cwmp_session *s);

#endif /* CWMP_SESSION_H */
