/*
 * connreq.h - connection requests from the ACS to CPEs (TR-069 3.2.2):
 * HTTP GET to the ConnectionRequestURL answering the CPE's Digest/Basic
 * challenge, with a timeout and a global concurrency limit; and UDP
 * connection requests for CPEs behind NAT (TR-069 Annex G). Part of the
 * public interface of libcwmp; cwmp/cwmp.h includes it.
 */
#ifndef CWMP_CONNREQ_H
#define CWMP_CONNREQ_H

#include <stddef.h>
#include <stdint.h>

struct event_base;

enum cwmp_connreq_result {
    CWMP_CR_OK = 0,        /* the CPE answered 200 or 204 */
    CWMP_CR_REFUSED,       /* TCP connection refused */
    CWMP_CR_TIMEOUT,       /* no answer within timeout_ms */
    CWMP_CR_AUTH_FAILED,   /* 401 again after answering the challenge (or no credentials) */
    CWMP_CR_HTTP_STATUS,   /* another HTTP status (http_status says which; 503 = busy) */
    CWMP_CR_NETWORK_ERROR, /* unreachable, reset, closed, bad response, name not found */
    CWMP_CR_CANCELLED,     /* the client was freed first */
};

/* "ok", "connection refused", ... */
const char *cwmp_connreq_result_string(enum cwmp_connreq_result r);

/* The outcome of one connection request; http_status is 0 without one. */
typedef void (*cwmp_connreq_cb)(void *arg, enum cwmp_connreq_result result, int http_status);

struct cwmp_connreq_config {
    unsigned timeout_ms;     /* per request, connect to last byte [10000] */
    unsigned max_concurrent; /* requests in flight; the rest wait in a queue [256] */
    unsigned max_queued;     /* queue bound; beyond it cwmp_connreq_send fails [100000] */
};

struct cwmp_connreq_client; /* opaque */

/* cfg may be NULL for the defaults. NULL when out of memory. */
struct cwmp_connreq_client *cwmp_connreq_client_new(struct event_base *base,
                                                    const struct cwmp_connreq_config *cfg);

/* Cancels everything: each pending callback runs with CWMP_CR_CANCELLED. */
void cwmp_connreq_client_free(struct cwmp_connreq_client *cl);

/*
 * Starts (or queues) a connection request to url ("http://host:port/path";
 * IPv6 hosts in brackets) with the CPE's ConnectionRequestUsername and
 * Password (username NULL: no authentication). cb runs exactly once,
 * never from inside this call. Returns 0, or -1 with a reason in err when
 * the URL is not a valid http URL or the queue is full.
 */
int cwmp_connreq_send(struct cwmp_connreq_client *cl, const char *url, const char *username,
                      const char *password, cwmp_connreq_cb cb, void *arg, char *err,
                      size_t errlen);

/* Requests in flight and waiting. */
unsigned cwmp_connreq_active(const struct cwmp_connreq_client *cl);
unsigned cwmp_connreq_queued(const struct cwmp_connreq_client *cl);

/*
 * UDP connection request (TR-069 Annex G.2.2.1). Writes the datagram
 *   GET http://<host_port>?ts=<ts>&id=<id>&un=<username>&cn=<cnonce>&sig=<sig> HTTP/1.1\r\n
 *   Host: <host_port>\r\n\r\n
 * where sig is the hex HMAC-SHA1, keyed with password, of the
 * concatenation ts id un cn. Returns its length, or -1 when cap is too
 * small or an argument holds characters not allowed in a query value.
 */
int cwmp_udp_connreq_format(const char *host_port, uint64_t ts, const char *id,
                            const char *username, const char *cnonce, const char *password,
                            char *out, size_t cap);

/*
 * Sends a UDP connection request to host_port (the CPE's
 * UDPConnectionRequestAddress, "192.0.2.1:5060" or "[2001:db8::1]:5060")
 * copies times, interval_ms apart (Annex G: UDP may lose it; the copies
 * share ts, id and cnonce so the CPE acts once). copies 0 means 3,
 * interval_ms 0 means 500. Returns 0, or -1 with a reason in err.
 */
int cwmp_udp_connreq_send(struct event_base *base, const char *host_port, const char *username,
                          const char *password, unsigned copies, unsigned interval_ms, char *err,
                          size_t errlen);

#endif /* CWMP_CONNREQ_H */
