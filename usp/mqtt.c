/*
 * mqtt.c - the USP MQTT MTP (TR-369 "MQTT Binding"): connections to the
 * broker, agents and their subscriptions, routing of received PUBLISHes,
 * publishing with a reply-to topic, reconnect with the TR-181 retry wait.
 *
 * libmosquitto runs inside the caller's libevent loop: each connection's
 * socket (mosquitto_socket(), which changes on every reconnect) has a read
 * event and, while mosquitto_want_write(), a write event; a one-second
 * timer calls mosquitto_loop_misc() (keep alive) and watches the CONNACK
 * timeout. No mosquitto thread is started.
 *
 * Blocking: libmosquitto 2.0 has no asynchronous connect that takes MQTT 5
 * CONNECT properties (eclipse/mosquitto issue 1835), so MQTT 5 uses the
 * blocking mosquitto_connect_bind_v5(). To keep that short, every attempt
 * first makes a TCP connection of its own from the loop (libevent, names
 * resolved with evdns) and only a broker that accepted it is handed to
 * libmosquitto, by numeric address (the host name with TLS, which needs
 * it to verify the certificate: then libmosquitto's DNS lookup blocks,
 * normally briefly). What is left is a broker that stops answering between
 * the two connects. MQTT 3.1.1 uses mosquitto_connect_bind_async(); TLS
 * handshakes run in the loop in both cases.
 *
 * Callbacks of libmosquitto only record facts or queue packets; anything
 * that frees a connection waits until the libmosquitto call returns
 * (conn_after()).
 */
#include "usp/mqtt.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <event2/bufferevent.h>
#include <event2/dns.h>
#include <event2/event.h>
#include <event2/util.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>

#define SUB_BATCH    64   /* topics per SUBSCRIBE packet */
#define MAX_TOPIC    1024 /* longest topic we build or route */
#define LOOP_PACKETS 64   /* packets per mosquitto_loop_read/write call */

enum conn_state {
    C_IDLE,       /* not started */
    C_WAIT,       /* waiting for the retry timer */
    C_CONNECTING, /* TCP (and TLS) up or pending, CONNACK awaited */
    C_UP,         /* CONNACK received */
};

struct agent;

/* One SUBSCRIBE awaiting its SUBACK; agents[i] NULL when removed since. */
struct sub_batch {
    int mid;
    size_t n;
    struct agent *agents[SUB_BATCH];
    struct sub_batch *next;
};

struct conn {
    struct usp_mqtt *m;
    struct mosquitto *mosq;
    struct agent *agent; /* per-agent mode: its only agent; NULL when shared */
    char *client_id;     /* configured, stored or assigned; NULL for none */
    enum conn_state state;
    unsigned retries; /* failed attempts since the last CONNACK */
    time_t connect_started;
    int sock;
    struct event *ev_read, *ev_write, *ev_tick, *ev_retry;
    struct bufferevent *probe; /* our own TCP connect before libmosquitto's */
    char peer[64];             /* the broker address it reached, numeric */
    int lost;                  /* set by the disconnect callback */
    int busy;                  /* inside a libmosquitto call on this connection */
    int doomed;                /* free when busy drops to 0 */
    char *response_info;       /* MQTT 5 CONNACK Response Information */
    char **extra;              /* MQTT 5 CONNACK subscribe-topic values */
    size_t n_extra;
    struct sub_batch *batches, **batches_tail; /* oldest first */
};

struct agent {
    char *id;
    char *topic;  /* its own topic: where it is reached, its reply-to */
    char *filter; /* what it subscribes: topic/# */
    char *client_id;
    struct conn *conn;
    int ready;                          /* subscription acknowledged */
    struct agent *next_id, *next_topic; /* hash chains */
    struct agent *prev, *next;          /* all agents */
};

struct table {
    struct agent **bucket;
    size_t size, count;
    int by_topic;
};

struct usp_mqtt {
    struct event_base *base;
    struct usp_mqtt_config cfg; /* strings point into the copies below */
    char *host, *tmpl, *client_id, *endpoint_id, *username, *password;
    char *ca_file, *ca_path, *cert_file, *key_file;
    struct usp_mqtt_callbacks cb;
    void *arg;
    int started;
    struct conn *shared;    /* NULL in per-agent mode */
    struct evdns_base *dns; /* for a broker given by name */
    struct agent *agents;
    struct table by_id, by_topic;
    char err[256];
};

static void conn_after(struct conn *c);
static void conn_schedule(struct conn *c, uint64_t ms);
static void conn_subscribe_agents(struct conn *c, struct agent *only);

/* ------------------------------------------------------------------ */
/* Logging and errors                                                  */
/* ------------------------------------------------------------------ */

__attribute__((format(printf, 3, 4))) static void
logf_(struct usp_mqtt *m, enum usp_mqtt_log_level level, const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    if (!m->cb.on_log)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    m->cb.on_log(m->arg, level, buf);
}

__attribute__((format(printf, 2, 3))) static int fail(struct usp_mqtt *m, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(m->err, sizeof m->err, fmt, ap);
    va_end(ap);
    return -1;
}

const char *usp_mqtt_error(const struct usp_mqtt *m)
{
    return m->err;
}

/* Who a connection speaks for, for log lines. */
static const char *conn_name(const struct conn *c)
{
    return c->agent ? c->agent->id : "shared connection";
}

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

/* ------------------------------------------------------------------ */
/* Agent tables (hash by Endpoint ID and by topic)                     */
/* ------------------------------------------------------------------ */

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */

    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static const char *key_of(const struct table *t, const struct agent *a)
{
    return t->by_topic ? a->topic : a->id;
}

static struct agent **next_of(const struct table *t, struct agent *a)
{
    return t->by_topic ? &a->next_topic : &a->next_id;
}

static struct agent *table_find(const struct table *t, const char *key, size_t n)
{
    if (!t->size)
        return NULL;
    for (struct agent *a = t->bucket[hash(key, n) & (t->size - 1)]; a; a = *next_of(t, a)) {
        const char *k = key_of(t, a);
        if (strncmp(k, key, n) == 0 && k[n] == '\0')
            return a;
    }
    return NULL;
}

static int table_grow(struct table *t)
{
    size_t size = t->size ? t->size * 2 : 64;
    struct agent **b = calloc(size, sizeof *b);

    if (!b)
        return -1;
    for (size_t i = 0; i < t->size; i++) {
        struct agent *a = t->bucket[i], *next;
        for (; a; a = next) {
            const char *k = key_of(t, a);
            size_t h = hash(k, strlen(k)) & (size - 1);
            next = *next_of(t, a);
            *next_of(t, a) = b[h];
            b[h] = a;
        }
    }
    free(t->bucket);
    t->bucket = b;
    t->size = size;
    return 0;
}

static int table_add(struct table *t, struct agent *a)
{
    const char *k = key_of(t, a);
    size_t h;

    if (t->count >= t->size && table_grow(t) < 0)
        return -1;
    h = hash(k, strlen(k)) & (t->size - 1);
    *next_of(t, a) = t->bucket[h];
    t->bucket[h] = a;
    t->count++;
    return 0;
}

static void table_remove(struct table *t, struct agent *a)
{
    const char *k = key_of(t, a);
    struct agent **pp = &t->bucket[hash(k, strlen(k)) & (t->size - 1)];

    for (; *pp; pp = next_of(t, *pp)) {
        if (*pp == a) {
            *pp = *next_of(t, a);
            t->count--;
            return;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Socket events                                                       */
/* ------------------------------------------------------------------ */

static void events_free(struct conn *c)
{
    if (c->ev_read)
        event_free(c->ev_read);
    if (c->ev_write)
        event_free(c->ev_write);
    c->ev_read = c->ev_write = NULL;
    c->sock = -1;
}

static void probe_free(struct conn *c)
{
    if (c->probe)
        bufferevent_free(c->probe);
    c->probe = NULL;
}

static void on_read(evutil_socket_t fd, short what, void *arg)
{
    struct conn *c = arg;

    c->busy++;
    mosquitto_loop_read(c->mosq, LOOP_PACKETS);
    c->busy--;
    conn_after(c);
}

static void on_write(evutil_socket_t fd, short what, void *arg)
{
    struct conn *c = arg;

    c->busy++;
    mosquitto_loop_write(c->mosq, LOOP_PACKETS);
    c->busy--;
    conn_after(c);
}

/* Follows the socket (it changes on reconnect) and the write interest. */
static void events_sync(struct conn *c)
{
    int s = c->mosq ? mosquitto_socket(c->mosq) : -1;

    if (s != c->sock) {
        events_free(c);
        if (s < 0)
            return;
        c->ev_read = event_new(c->m->base, s, EV_READ | EV_PERSIST, on_read, c);
        c->ev_write = event_new(c->m->base, s, EV_WRITE, on_write, c);
        if (!c->ev_read || !c->ev_write) {
            logf_(c->m, USP_MQTT_LOG_ERROR, "%s: out of memory for socket events", conn_name(c));
            events_free(c);
            return;
        }
        c->sock = s;
        event_add(c->ev_read, NULL);
    }
    if (s >= 0 && mosquitto_want_write(c->mosq))
        event_add(c->ev_write, NULL);
}

/* ------------------------------------------------------------------ */
/* Connection life                                                     */
/* ------------------------------------------------------------------ */

static void batches_free(struct conn *c)
{
    while (c->batches) {
        struct sub_batch *b = c->batches;
        c->batches = b->next;
        free(b);
    }
    c->batches_tail = &c->batches;
}

static void extra_free(struct conn *c)
{
    for (size_t i = 0; i < c->n_extra; i++)
        free(c->extra[i]);
    free(c->extra);
    c->extra = NULL;
    c->n_extra = 0;
    free(c->response_info);
    c->response_info = NULL;
}

static void agents_unready(struct conn *c)
{
    if (c->agent) {
        c->agent->ready = 0;
        return;
    }
    for (struct agent *a = c->m->agents; a; a = a->next) {
        if (a->conn == c)
            a->ready = 0;
    }
}

static void conn_free(struct conn *c)
{
    if (!c)
        return;
    if (c->mosq) {
        if (c->state == C_UP || c->state == C_CONNECTING)
            mosquitto_disconnect(c->mosq); /* R-MQTT.35 */
        events_free(c);
        mosquitto_destroy(c->mosq);
    }
    events_free(c);
    probe_free(c);
    if (c->ev_tick)
        event_free(c->ev_tick);
    if (c->ev_retry)
        event_free(c->ev_retry);
    batches_free(c);
    extra_free(c);
    free(c->client_id);
    free(c);
}

/* The connection went down (or never came up): clean up, tell, retry. */
static void conn_lost(struct conn *c, const char *why)
{
    struct usp_mqtt *m = c->m;
    int was_up = c->state == C_UP;
    uint32_t r;
    uint64_t wait;

    events_free(c);
    probe_free(c);
    batches_free(c);
    extra_free(c);
    agents_unready(c);
    c->lost = 0;
    c->state = C_WAIT;
    c->retries++;
    evutil_secure_rng_get_bytes(&r, sizeof r);
    wait = usp_mqtt_retry_wait(m->cfg.connect_retry_time_ms, m->cfg.connect_retry_multiplier,
                               m->cfg.connect_retry_max_interval_ms, c->retries, r);
    logf_(m, USP_MQTT_LOG_INFO, "%s: %s %s:%d: %s; retry %u in %llu ms", conn_name(c),
          was_up ? "lost connection to" : "could not connect to", m->cfg.host, m->cfg.port, why,
          c->retries, (unsigned long long)wait);
    conn_schedule(c, wait);
    if (was_up && m->cb.on_disconnected)
        m->cb.on_disconnected(m->arg, c->agent ? c->agent->id : NULL, why);
}

/* After every libmosquitto call: act on a lost connection, follow the socket. */
static void conn_after(struct conn *c)
{
    if (c->busy)
        return;
    if (c->doomed) {
        conn_free(c);
        return;
    }
    if (c->state == C_UP || c->state == C_CONNECTING) {
        if (c->lost || mosquitto_socket(c->mosq) < 0) {
            conn_lost(c, c->lost ? "connection closed" : "socket closed");
            return;
        }
    }
    events_sync(c);
}

static const char *conn_endpoint_id(const struct conn *c)
{
    if (c->agent)
        return c->agent->id;
    if (c->m->cfg.endpoint_id)
        return c->m->cfg.endpoint_id;
    return c->m->agents ? c->m->agents->id : NULL;
}

/* libmosquitto callbacks, declared below. */
static void on_connect(struct mosquitto *mosq, void *obj, int rc, int flags,
                       const mosquitto_property *props);
static void on_disconnect(struct mosquitto *mosq, void *obj, int rc,
                          const mosquitto_property *props);
static void on_message(struct mosquitto *mosq, void *obj, const struct mosquitto_message *msg,
                       const mosquitto_property *props);
static void on_subscribe(struct mosquitto *mosq, void *obj, int mid, int n, const int *granted,
                         const mosquitto_property *props);
static void on_mosq_log(struct mosquitto *mosq, void *obj, int level, const char *str);

/* Creates the libmosquitto client at the first attempt (the ClientId may
 * come from the first agent, R-MQTT.8). */
static int conn_make_client(struct conn *c)
{
    struct usp_mqtt *m = c->m;
    const char *id = c->client_id;
    int rc;

    if (!id && m->cfg.version == USP_MQTT_V311 && conn_endpoint_id(c)) {
        c->client_id = strdup(conn_endpoint_id(c)); /* R-MQTT.8: the Endpoint ID */
        if (!c->client_id)
            return fail(m, "%s: out of memory", conn_name(c));
        id = c->client_id;
    }
    c->mosq = mosquitto_new(id, true, c);
    if (!c->mosq)
        return fail(m, "%s: mosquitto_new failed: %s", conn_name(c), strerror(errno));
    mosquitto_int_option(c->mosq, MOSQ_OPT_PROTOCOL_VERSION,
                         m->cfg.version == USP_MQTT_V5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311);
    mosquitto_connect_v5_callback_set(c->mosq, on_connect);
    mosquitto_disconnect_v5_callback_set(c->mosq, on_disconnect);
    mosquitto_message_v5_callback_set(c->mosq, on_message);
    mosquitto_subscribe_v5_callback_set(c->mosq, on_subscribe);
    mosquitto_log_callback_set(c->mosq, on_mosq_log);
    if (m->cfg.username) {
        rc = mosquitto_username_pw_set(c->mosq, m->cfg.username, m->cfg.password);
        if (rc != MOSQ_ERR_SUCCESS)
            return fail(m, "%s: username: %s", conn_name(c), mosquitto_strerror(rc));
    }
    if (m->cfg.tls) {
        rc = mosquitto_tls_set(c->mosq, m->cfg.ca_file, m->cfg.ca_path, m->cfg.cert_file,
                               m->cfg.key_file, NULL);
        if (rc != MOSQ_ERR_SUCCESS)
            return fail(m, "%s: TLS setup (CA %s, certificate %s): %s", conn_name(c),
                        m->cfg.ca_file ? m->cfg.ca_file : m->cfg.ca_path,
                        m->cfg.cert_file ? m->cfg.cert_file : "none", mosquitto_strerror(rc));
    }
    return 0;
}

/* The MQTT 5 CONNECT properties: R-MQTT.13 and R-MQTT.12. */
static mosquitto_property *connect_props(struct conn *c)
{
    mosquitto_property *props = NULL;
    const char *eid = conn_endpoint_id(c);

    if (eid)
        mosquitto_property_add_string_pair(&props, MQTT_PROP_USER_PROPERTY,
                                           USP_MQTT_PROP_ENDPOINT_ID, eid);
    else
        logf_(c->m, USP_MQTT_LOG_WARNING, "%s: no Endpoint ID yet for the %s CONNECT property",
              conn_name(c), USP_MQTT_PROP_ENDPOINT_ID);
    if (c->m->cfg.request_response_info)
        mosquitto_property_add_byte(&props, MQTT_PROP_REQUEST_RESPONSE_INFORMATION, 1);
    return props;
}

/* The MQTT part of an attempt, once the broker accepted a TCP connection. */
static void conn_connect_mqtt(struct conn *c)
{
    struct usp_mqtt *m = c->m;
    /* The probe's numeric address spares libmosquitto a blocking DNS
     * lookup; TLS needs the name itself, to verify the certificate. */
    const char *host = m->cfg.tls || !c->peer[0] ? m->cfg.host : c->peer;
    int rc;

    c->busy++;
    if (m->cfg.version == USP_MQTT_V5) {
        mosquitto_property *props = connect_props(c);
        rc = mosquitto_connect_bind_v5(c->mosq, host, m->cfg.port, m->cfg.keepalive, NULL, props);
        mosquitto_property_free_all(&props);
    } else {
        rc = mosquitto_connect_bind_async(c->mosq, host, m->cfg.port, m->cfg.keepalive, NULL);
    }
    c->busy--;
    if (rc != MOSQ_ERR_SUCCESS) {
        char why[160];
        snprintf(why, sizeof why, "%s",
                 rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
        conn_lost(c, why);
        return;
    }
    conn_after(c);
}

/* The probe connection is up, failed or timed out. */
static void on_probe(struct bufferevent *bev, short what, void *arg)
{
    struct conn *c = arg;
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char why[160];
    int dns_err;

    if (what & BEV_EVENT_CONNECTED) {
        c->peer[0] = '\0';
        if (getpeername(bufferevent_getfd(bev), (struct sockaddr *)&ss, &len) == 0) {
            const void *addr = ss.ss_family == AF_INET6
                                   ? (const void *)&((struct sockaddr_in6 *)&ss)->sin6_addr
                                   : (const void *)&((struct sockaddr_in *)&ss)->sin_addr;
            if (!evutil_inet_ntop(ss.ss_family, addr, c->peer, sizeof c->peer))
                c->peer[0] = '\0';
        }
        probe_free(c);
        conn_connect_mqtt(c);
        return;
    }
    dns_err = bufferevent_socket_get_dns_error(bev);
    if (dns_err)
        snprintf(why, sizeof why, "cannot resolve: %s", evutil_gai_strerror(dns_err));
    else if (what & BEV_EVENT_TIMEOUT)
        snprintf(why, sizeof why, "TCP connect timed out");
    else
        snprintf(why, sizeof why, "%s", evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
    probe_free(c);
    conn_lost(c, why);
}

static int host_is_numeric(const char *host)
{
    unsigned char buf[sizeof(struct in6_addr)];

    return evutil_inet_pton(AF_INET, host, buf) == 1 || evutil_inet_pton(AF_INET6, host, buf) == 1;
}

/*
 * An attempt starts with a TCP connection of our own from the loop (name
 * resolved by evdns): only a broker that just accepted one is given to
 * libmosquitto's connect, which for MQTT 5 blocks (see the top of file).
 */
static void conn_connect(struct conn *c)
{
    struct usp_mqtt *m = c->m;
    struct timeval limit = {m->cfg.keepalive, 0};
    static const int families[3] = {AF_UNSPEC, AF_INET, AF_INET6};

    events_free(c); /* the attempt closes the old socket */
    probe_free(c);
    if (!c->mosq && conn_make_client(c) < 0) {
        if (c->mosq)
            mosquitto_destroy(c->mosq);
        c->mosq = NULL;
        logf_(m, USP_MQTT_LOG_ERROR, "%s (not retried)", m->err);
        return; /* a configuration error: retrying would not help */
    }
    c->lost = 0;
    c->state = C_CONNECTING;
    c->connect_started = time(NULL);
    logf_(m, USP_MQTT_LOG_INFO, "%s: connecting to %s:%d (MQTT %s%s, ClientId \"%s\")",
          conn_name(c), m->cfg.host, m->cfg.port, m->cfg.version == USP_MQTT_V5 ? "5.0" : "3.1.1",
          m->cfg.tls ? ", TLS" : "", c->client_id ? c->client_id : "");
    if (!m->dns && !host_is_numeric(m->cfg.host))
        m->dns = evdns_base_new(m->base, EVDNS_BASE_INITIALIZE_NAMESERVERS);
    c->probe = bufferevent_socket_new(m->base, -1, BEV_OPT_CLOSE_ON_FREE);
    if (!c->probe) {
        conn_lost(c, "out of memory for the TCP probe");
        return;
    }
    bufferevent_setcb(c->probe, NULL, NULL, on_probe, c);
    bufferevent_set_timeouts(c->probe, &limit, &limit);
    /* A name may resolve to an address family the broker is not on: after
     * a failure, try IPv4 only, then IPv6 only, then both again. */
    if (bufferevent_socket_connect_hostname(c->probe, m->dns,
                                            m->dns ? families[c->retries % 3] : AF_UNSPEC,
                                            m->cfg.host, m->cfg.port) < 0 &&
        c->probe) {
        /* on_probe may already have run (and freed the probe) */
        probe_free(c);
        conn_lost(c, "cannot start the TCP connection");
    }
}

static void on_retry(evutil_socket_t fd, short what, void *arg)
{
    conn_connect(arg);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
    struct conn *c = arg;

    if (c->state == C_CONNECTING && time(NULL) - c->connect_started > c->m->cfg.keepalive) {
        c->lost = 1;
        conn_lost(c, "no CONNACK in time");
        return;
    }
    if (c->state != C_UP && c->state != C_CONNECTING)
        return;
    c->busy++;
    mosquitto_loop_misc(c->mosq); /* keep alive (PINGREQ), R-MQTT.14 */
    c->busy--;
    conn_after(c);
}

static void conn_schedule(struct conn *c, uint64_t ms)
{
    struct timeval tv = {(time_t)(ms / 1000), (suseconds_t)(ms % 1000) * 1000};

    event_add(c->ev_retry, &tv);
}

static struct conn *conn_new(struct usp_mqtt *m, struct agent *agent)
{
    struct conn *c = calloc(1, sizeof *c);
    const char *id = agent ? agent->client_id : m->cfg.client_id;
    struct timeval second = {1, 0};

    if (!c)
        return NULL;
    c->m = m;
    c->agent = agent;
    c->sock = -1;
    c->batches_tail = &c->batches;
    c->client_id = dup_or_null(id);
    c->ev_tick = event_new(m->base, -1, EV_PERSIST, on_tick, c);
    c->ev_retry = evtimer_new(m->base, on_retry, c);
    if ((id && *id && !c->client_id) || !c->ev_tick || !c->ev_retry) {
        conn_free(c);
        return NULL;
    }
    event_add(c->ev_tick, &second);
    return c;
}

/* ------------------------------------------------------------------ */
/* libmosquitto callbacks                                              */
/* ------------------------------------------------------------------ */

static void on_mosq_log(struct mosquitto *mosq, void *obj, int level, const char *str)
{
    struct conn *c = obj;

    logf_(c->m, USP_MQTT_LOG_DEBUG, "%s: libmosquitto: %s", conn_name(c), str);
}

/* R-MQTT.9: keep the Assigned Client Identifier and hand it out. */
static void take_assigned_id(struct conn *c, const mosquitto_property *props)
{
    struct usp_mqtt *m = c->m;
    char *id = NULL;

    if (!mosquitto_property_read_string(props, MQTT_PROP_ASSIGNED_CLIENT_IDENTIFIER, &id, false) ||
        !id)
        return;
    logf_(m, USP_MQTT_LOG_INFO, "%s: broker assigned ClientId \"%s\"", conn_name(c), id);
    free(c->client_id);
    c->client_id = id;
    if (m->cb.on_client_id)
        m->cb.on_client_id(m->arg, c->agent ? c->agent->id : NULL, id);
}

/* R-MQTT.15: subscribe-topic user properties and Response Information. */
static void take_connack_topics(struct conn *c, const mosquitto_property *props)
{
    const mosquitto_property *p = props;
    char *name = NULL, *value = NULL;
    int first = 1;

    while ((p = mosquitto_property_read_string_pair(p, MQTT_PROP_USER_PROPERTY, &name, &value,
                                                    !first)) != NULL) {
        first = 0;
        if (strcmp(name, USP_MQTT_PROP_SUBSCRIBE_TOPIC) == 0) {
            char **grown = realloc(c->extra, (c->n_extra + 1) * sizeof *grown);
            if (grown) {
                c->extra = grown;
                c->extra[c->n_extra++] = value;
                value = NULL;
            }
        }
        free(name);
        free(value);
        name = value = NULL;
    }
    if (mosquitto_property_read_string(props, MQTT_PROP_RESPONSE_INFORMATION, &c->response_info,
                                       false) &&
        c->response_info)
        logf_(c->m, USP_MQTT_LOG_INFO, "%s: broker Response Information \"%s\"", conn_name(c),
              c->response_info);
}

/* 1 if a subscribe-topic filter already matches topic. */
static int covered(const struct conn *c, const char *topic)
{
    bool match;

    for (size_t i = 0; i < c->n_extra; i++) {
        if (mosquitto_topic_matches_sub(c->extra[i], topic, &match) == MOSQ_ERR_SUCCESS && match)
            return 1;
    }
    return 0;
}

/* Subscribes the broker-given topics; their SUBACK is only logged. */
static void subscribe_extra(struct conn *c)
{
    struct usp_mqtt *m = c->m;
    char *topics[SUB_BATCH];
    int n = 0, rc;

    for (size_t i = 0; i < c->n_extra && n < SUB_BATCH - 1; i++)
        topics[n++] = c->extra[i];
    if (c->response_info && !covered(c, c->response_info))
        topics[n++] = c->response_info; /* R-MQTT.15 third bullet */
    if (!n)
        return;
    for (int i = 0; i < n; i++)
        logf_(m, USP_MQTT_LOG_INFO, "%s: subscribing broker-given topic \"%s\"", conn_name(c),
              topics[i]);
    rc = mosquitto_subscribe_multiple(c->mosq, NULL, n, topics, m->cfg.qos, 0, NULL);
    if (rc != MOSQ_ERR_SUCCESS)
        logf_(m, USP_MQTT_LOG_ERROR, "%s: SUBSCRIBE failed: %s", conn_name(c),
              mosquitto_strerror(rc));
}

static void on_connect(struct mosquitto *mosq, void *obj, int rc, int flags,
                       const mosquitto_property *props)
{
    struct conn *c = obj;
    struct usp_mqtt *m = c->m;

    if (rc != 0) {
        /* libmosquitto closes the connection after this; retry follows. */
        logf_(m, USP_MQTT_LOG_ERROR, "%s: broker refused CONNECT: %s", conn_name(c),
              m->cfg.version == USP_MQTT_V5 ? mosquitto_reason_string(rc)
                                            : mosquitto_connack_string(rc));
        c->lost = 1;
        return;
    }
    c->state = C_UP;
    c->retries = 0;
    logf_(m, USP_MQTT_LOG_INFO, "%s: connected to %s:%d", conn_name(c), m->cfg.host, m->cfg.port);
    extra_free(c);
    if (props) {
        take_assigned_id(c, props);
        take_connack_topics(c, props);
    }
    subscribe_extra(c);
    conn_subscribe_agents(c, c->agent); /* per agent: just its own */
    if (!c->agent && m->cb.on_connected)
        m->cb.on_connected(m->arg, NULL);
}

static void on_disconnect(struct mosquitto *mosq, void *obj, int rc,
                          const mosquitto_property *props)
{
    struct conn *c = obj;

    c->lost = 1; /* acted upon in conn_after() */
}

static struct sub_batch *batch_find(struct conn *c, int mid)
{
    for (struct sub_batch *b = c->batches; b; b = b->next) {
        if (b->mid == mid)
            return b;
    }
    return NULL;
}

static void batch_unlink(struct conn *c, struct sub_batch *b)
{
    for (struct sub_batch **pp = &c->batches; *pp; pp = &(*pp)->next) {
        if (*pp == b) {
            *pp = b->next;
            if (c->batches_tail == &b->next)
                c->batches_tail = pp;
            return;
        }
    }
}

static void on_subscribe(struct mosquitto *mosq, void *obj, int mid, int n, const int *granted,
                         const mosquitto_property *props)
{
    struct conn *c = obj;
    struct usp_mqtt *m = c->m;
    struct sub_batch *b = batch_find(c, mid);

    if (!b) {
        for (int i = 0; i < n; i++) {
            if (granted[i] >= 0x80)
                logf_(m, USP_MQTT_LOG_ERROR, "%s: broker refused a broker-given subscription",
                      conn_name(c));
        }
        return;
    }
    /* The batch stays listed while on_connected runs, so that an agent
     * removed from the callback is forgotten in it too. */
    for (size_t i = 0; i < b->n && i < (size_t)n; i++) {
        struct agent *a = b->agents[i];
        if (!a)
            continue; /* removed meanwhile */
        if (granted[i] >= 0x80) {
            /* R-MQTT.17: an agent without its subscription must not publish. */
            logf_(m, USP_MQTT_LOG_ERROR, "%s: broker refused subscription to \"%s\"", a->id,
                  a->filter);
            continue;
        }
        a->ready = 1;
        logf_(m, USP_MQTT_LOG_INFO, "%s: subscribed to \"%s\" (QoS %d)", a->id, a->filter,
              granted[i]);
        if (m->cb.on_connected)
            m->cb.on_connected(m->arg, a->id);
    }
    batch_unlink(c, b);
    free(b);
}

static int content_type_ok(const mosquitto_property *props)
{
    char *ct = NULL;
    int ok = 1;

    if (mosquitto_property_read_string(props, MQTT_PROP_CONTENT_TYPE, &ct, false) && ct) {
        /* R-MQTT.27a */
        ok = strcmp(ct, USP_MQTT_CONTENT_TYPE) == 0 || strcmp(ct, USP_MQTT_CONTENT_TYPE_MIME) == 0;
        free(ct);
    }
    return ok;
}

/* 1 if topic (len bytes) is one the broker gave this connection, shared
 * by its agents: Response Information or a subscribe-topic filter. */
static int on_shared_topic(const struct conn *c, const char *topic, size_t len)
{
    char buf[MAX_TOPIC];
    bool match;

    if (len >= sizeof buf)
        return 0;
    memcpy(buf, topic, len);
    buf[len] = '\0';
    if (c->response_info && strcmp(c->response_info, buf) == 0)
        return 1;
    for (size_t i = 0; i < c->n_extra; i++) {
        if (mosquitto_topic_matches_sub(c->extra[i], buf, &match) == MOSQ_ERR_SUCCESS && match)
            return 1;
    }
    return 0;
}

/*
 * Picks the agent a message is for: the owner of its topic, else (own
 * connection) its connection's agent, else (shared topic) the agent named
 * by its to_id when the caller can read it. Sets *out (NULL: no agent) and
 * returns 0, or returns -1 when the message must be dropped: its to_id is
 * not the agent whose topic it came on.
 */
static int route(struct conn *c, const char *topic, size_t len, const struct mosquitto_message *msg,
                 struct agent **out)
{
    struct usp_mqtt *m = c->m;
    struct agent *a = table_find(&m->by_topic, topic, len);
    int shared = 0;
    char to_id[512];

    if (!a && c->agent)
        a = c->agent;
    else if (!a)
        shared = on_shared_topic(c, topic, len);
    *out = a;
    if (!m->cb.extract_to_id || (!a && !shared))
        return 0;
    if (m->cb.extract_to_id(m->arg, msg->payload, (size_t)msg->payloadlen, to_id, sizeof to_id) < 0)
        return 0; /* the caller's decoder will report the bad Record */
    if (a && strcmp(a->id, to_id) != 0) {
        logf_(m, USP_MQTT_LOG_WARNING, "dropped a Record for \"%s\" received on topic \"%s\" of %s",
              to_id, msg->topic, a->id);
        return -1;
    }
    if (!a)
        *out = table_find(&m->by_id, to_id, strlen(to_id));
    return 0;
}

static void on_message(struct mosquitto *mosq, void *obj, const struct mosquitto_message *msg,
                       const mosquitto_property *props)
{
    struct conn *c = obj;
    struct usp_mqtt *m = c->m;
    char reply[MAX_TOPIC];
    char *response_topic = NULL;
    const char *reply_to = NULL;
    size_t base_len;
    struct agent *a;
    int r;

    if (props && !content_type_ok(props)) {
        logf_(m, USP_MQTT_LOG_WARNING,
              "%s: dropped a PUBLISH on \"%s\" with a non-USP Content Type", conn_name(c),
              msg->topic);
        return;
    }
    r = usp_mqtt_topic_split_reply_to(msg->topic, strlen(msg->topic), &base_len, reply,
                                      sizeof reply);
    if (r < 0)
        logf_(m, USP_MQTT_LOG_WARNING, "%s: ignored a bad reply-to suffix in topic \"%s\"",
              conn_name(c), msg->topic);
    if (props &&
        mosquitto_property_read_string(props, MQTT_PROP_RESPONSE_TOPIC, &response_topic, false))
        reply_to = response_topic; /* R-MQTT.26 */
    else if (r == 1)
        reply_to = reply; /* R-MQTT.25 */
    if (route(c, msg->topic, base_len, msg, &a) < 0) {
        free(response_topic);
        return;
    }
    if (!a && !m->cb.extract_to_id && c->agent == NULL)
        logf_(m, USP_MQTT_LOG_DEBUG, "%s: PUBLISH on \"%s\" matches no agent topic", conn_name(c),
              msg->topic);
    if (m->cb.on_message)
        m->cb.on_message(m->arg, a ? a->id : NULL, msg->payload, (size_t)msg->payloadlen, reply_to);
    free(response_topic);
}

/* ------------------------------------------------------------------ */
/* Subscriptions                                                       */
/* ------------------------------------------------------------------ */

static void batch_send(struct conn *c, struct sub_batch *b)
{
    struct usp_mqtt *m = c->m;
    char *topics[SUB_BATCH];
    int rc;

    for (size_t i = 0; i < b->n; i++)
        topics[i] = b->agents[i]->filter;
    rc = mosquitto_subscribe_multiple(c->mosq, &b->mid, (int)b->n, topics, m->cfg.qos, 0, NULL);
    if (rc != MOSQ_ERR_SUCCESS) {
        logf_(m, USP_MQTT_LOG_ERROR, "%s: SUBSCRIBE of %zu topics failed: %s", conn_name(c), b->n,
              mosquitto_strerror(rc));
        free(b);
        return;
    }
    /* Appended: SUBACKs come in order, so batch_find() finds them first. */
    b->next = NULL;
    *c->batches_tail = b;
    c->batches_tail = &b->next;
}

/* Subscribes every agent of c (only: just that one) in batches. */
static void conn_subscribe_agents(struct conn *c, struct agent *only)
{
    struct sub_batch *b = NULL;

    for (struct agent *a = only ? only : c->m->agents; a; a = only ? NULL : a->next) {
        if (a->conn != c)
            continue;
        if (!b && !(b = calloc(1, sizeof *b))) {
            logf_(c->m, USP_MQTT_LOG_ERROR, "%s: out of memory for SUBSCRIBE", conn_name(c));
            return;
        }
        b->agents[b->n++] = a;
        if (b->n == SUB_BATCH) {
            batch_send(c, b);
            b = NULL;
        }
    }
    if (b)
        batch_send(c, b);
}

static void batches_forget(struct conn *c, const struct agent *a)
{
    for (struct sub_batch *b = c->batches; b; b = b->next) {
        for (size_t i = 0; i < b->n; i++) {
            if (b->agents[i] == a)
                b->agents[i] = NULL;
        }
    }
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

static void lib_init(void)
{
    mosquitto_lib_init(); /* never cleaned up: other code may use OpenSSL */
}

static int copy_str(char **dst, const char **field)
{
    if (!*field)
        return 0;
    *dst = strdup(*field);
    *field = *dst;
    return *dst ? 0 : -1;
}

static int config_check(struct usp_mqtt *m)
{
    struct usp_mqtt_config *c = &m->cfg;
    char probe[MAX_TOPIC];

    if (!c->host || !*c->host)
        c->host = "127.0.0.1";
    if (!c->version)
        c->version = USP_MQTT_V5;
    if (c->version != USP_MQTT_V5 && c->version != USP_MQTT_V311)
        return fail(m, "MQTT version %d is not supported (4 = 3.1.1, 5 = 5.0)", (int)c->version);
    if (!c->port)
        c->port = c->tls ? 8883 : 1883;
    if (c->port < 1 || c->port > 65535)
        return fail(m, "broker port %d is out of range", c->port);
    if (!c->keepalive)
        c->keepalive = 60;
    if (c->keepalive < 5)
        return fail(m, "keep alive %d s is below libmosquitto's minimum of 5 s", c->keepalive);
    if (c->qos != 0 && c->qos != 1)
        return fail(m, "QoS %d is not supported (0 or 1)", c->qos);
    if (!c->topic_template)
        c->topic_template = "usp/agent/" USP_MQTT_TEMPLATE_ID;
    if (usp_mqtt_topic_expand(c->topic_template, "x", probe, sizeof probe) < 0)
        return fail(m, "topic template \"%s\" must hold %s and no '+' or '#'", c->topic_template,
                    USP_MQTT_TEMPLATE_ID);
    if (c->tls && !c->ca_file && !c->ca_path)
        return fail(m, "TLS needs a CA file or CA path to verify the broker");
    if ((c->cert_file == NULL) != (c->key_file == NULL))
        return fail(m, "a client certificate needs its key file, and a key its certificate");
    if (c->password && !c->username)
        return fail(m, "a password needs a username");
    if (!c->connect_retry_time_ms)
        c->connect_retry_time_ms = 5000;
    if (!c->connect_retry_multiplier)
        c->connect_retry_multiplier = 2000;
    if (c->connect_retry_multiplier < 1000 || c->connect_retry_multiplier > 65535)
        return fail(m, "ConnectRetryIntervalMultiplier %u is outside 1000..65535",
                    c->connect_retry_multiplier);
    if (!c->connect_retry_max_interval_ms)
        c->connect_retry_max_interval_ms = 30720000;
    return 0;
}

void usp_mqtt_free(struct usp_mqtt *m)
{
    if (!m)
        return;
    conn_free(m->shared);
    while (m->agents) {
        struct agent *a = m->agents;
        m->agents = a->next;
        if (a->conn && a->conn != m->shared)
            conn_free(a->conn);
        free(a->id);
        free(a->topic);
        free(a->filter);
        free(a->client_id);
        free(a);
    }
    if (m->dns)
        evdns_base_free(m->dns, 0);
    free(m->by_id.bucket);
    free(m->by_topic.bucket);
    free(m->host);
    free(m->tmpl);
    free(m->client_id);
    free(m->endpoint_id);
    free(m->username);
    free(m->password);
    free(m->ca_file);
    free(m->ca_path);
    free(m->cert_file);
    free(m->key_file);
    free(m);
}

struct usp_mqtt *usp_mqtt_new(struct event_base *base, const struct usp_mqtt_config *config,
                              const struct usp_mqtt_callbacks *callbacks, void *arg, char *err,
                              size_t err_size)
{
    struct usp_mqtt *m = calloc(1, sizeof *m);
    struct usp_mqtt_config *c;

    if (!m) {
        if (err)
            snprintf(err, err_size, "out of memory");
        return NULL;
    }
    pthread_once(&lib_once, lib_init);
    m->base = base;
    m->cfg = *config;
    if (callbacks)
        m->cb = *callbacks;
    m->arg = arg;
    m->by_topic.by_topic = 1;
    c = &m->cfg;
    if (copy_str(&m->host, &c->host) || copy_str(&m->tmpl, &c->topic_template) ||
        copy_str(&m->client_id, &c->client_id) || copy_str(&m->endpoint_id, &c->endpoint_id) ||
        copy_str(&m->username, &c->username) || copy_str(&m->password, &c->password) ||
        copy_str(&m->ca_file, &c->ca_file) || copy_str(&m->ca_path, &c->ca_path) ||
        copy_str(&m->cert_file, &c->cert_file) || copy_str(&m->key_file, &c->key_file)) {
        fail(m, "out of memory");
    } else if (config_check(m) == 0) {
        return m;
    }
    if (err)
        snprintf(err, err_size, "%s", m->err);
    usp_mqtt_free(m);
    return NULL;
}

int usp_mqtt_start(struct usp_mqtt *m)
{
    if (m->started)
        return 0;
    m->started = 1;
    if (!m->cfg.per_agent_connection) {
        m->shared = conn_new(m, NULL);
        if (!m->shared)
            return fail(m, "out of memory for the connection");
        for (struct agent *a = m->agents; a; a = a->next)
            a->conn = m->shared;
        conn_schedule(m->shared, 0);
        return 0;
    }
    for (struct agent *a = m->agents; a; a = a->next) {
        if (!a->conn && !(a->conn = conn_new(m, a)))
            return fail(m, "out of memory for the connection of %s", a->id);
        conn_schedule(a->conn, 0);
    }
    return 0;
}

static void agent_free(struct agent *a)
{
    free(a->id);
    free(a->topic);
    free(a->filter);
    free(a->client_id);
    free(a);
}

int usp_mqtt_add_agent(struct usp_mqtt *m, const char *endpoint_id, const char *client_id)
{
    char topic[MAX_TOPIC];
    struct agent *a;
    int n;

    if (!endpoint_id || !*endpoint_id)
        return fail(m, "an agent needs a non-empty Endpoint ID");
    if (table_find(&m->by_id, endpoint_id, strlen(endpoint_id)))
        return fail(m, "agent %s is already added", endpoint_id);
    n = usp_mqtt_topic_expand(m->cfg.topic_template, endpoint_id, topic, sizeof topic - 2);
    if (n < 0)
        return fail(m, "the topic of agent %s is longer than %d bytes", endpoint_id, MAX_TOPIC);
    if (table_find(&m->by_topic, topic, (size_t)n))
        return fail(m, "agent %s would share topic \"%s\" with another agent", endpoint_id, topic);
    a = calloc(1, sizeof *a);
    if (!a)
        return fail(m, "out of memory for agent %s", endpoint_id);
    a->id = strdup(endpoint_id);
    a->topic = strdup(topic);
    /* topic/# matches topic itself and topic/reply-to=... (R-MQTT.15), so
     * 3.1.1 controllers reach an agent that runs MQTT 5 too */
    strcat(topic, "/#");
    a->filter = strdup(topic);
    a->client_id = dup_or_null(client_id);
    if (!a->id || !a->topic || !a->filter || (client_id && *client_id && !a->client_id) ||
        table_add(&m->by_id, a) < 0) {
        agent_free(a);
        return fail(m, "out of memory for agent %s", endpoint_id);
    }
    if (table_add(&m->by_topic, a) < 0) {
        table_remove(&m->by_id, a);
        agent_free(a);
        return fail(m, "out of memory for agent %s", endpoint_id);
    }
    a->next = m->agents;
    if (m->agents)
        m->agents->prev = a;
    m->agents = a;
    if (!m->started)
        return 0;
    if (m->shared) {
        a->conn = m->shared;
        if (m->shared->state == C_UP) {
            conn_subscribe_agents(m->shared, a);
            conn_after(m->shared);
        }
        return 0;
    }
    a->conn = conn_new(m, a);
    if (!a->conn) {
        usp_mqtt_remove_agent(m, endpoint_id);
        return fail(m, "out of memory for the connection of %s", endpoint_id);
    }
    conn_schedule(a->conn, 0); /* connect from the loop, not from here */
    return 0;
}

int usp_mqtt_remove_agent(struct usp_mqtt *m, const char *endpoint_id)
{
    struct agent *a = table_find(&m->by_id, endpoint_id, strlen(endpoint_id));
    struct conn *c;

    if (!a)
        return fail(m, "agent %s is not known", endpoint_id);
    c = a->conn;
    table_remove(&m->by_id, a);
    table_remove(&m->by_topic, a);
    if (a->prev)
        a->prev->next = a->next;
    else
        m->agents = a->next;
    if (a->next)
        a->next->prev = a->prev;
    if (c && c == m->shared) {
        batches_forget(c, a);
        if (c->state == C_UP) {
            int rc = mosquitto_unsubscribe(c->mosq, NULL, a->filter); /* R-MQTT.34 */
            if (rc != MOSQ_ERR_SUCCESS)
                logf_(m, USP_MQTT_LOG_WARNING, "%s: UNSUBSCRIBE \"%s\" failed: %s", a->id,
                      a->filter, mosquitto_strerror(rc));
            conn_after(c);
        }
    } else if (c) {
        c->agent = NULL;
        if (c->busy)
            c->doomed = 1; /* freed when its libmosquitto call returns */
        else
            conn_free(c);
    }
    logf_(m, USP_MQTT_LOG_INFO, "%s: removed", a->id);
    agent_free(a);
    return 0;
}

int usp_mqtt_publish(struct usp_mqtt *m, const char *from_endpoint_id, const char *topic,
                     const void *payload, size_t len)
{
    struct agent *a = table_find(&m->by_id, from_endpoint_id, strlen(from_endpoint_id));
    struct conn *c;
    const char *reply_to;
    int rc;

    if (!a)
        return fail(m, "cannot publish from unknown agent %s", from_endpoint_id);
    c = a->conn;
    if (!c || c->state != C_UP || !a->ready)
        return fail(m, "cannot publish from %s to \"%s\": not connected", a->id, topic);
    if (len > INT32_MAX)
        return fail(m, "cannot publish %zu bytes from %s: too large", len, a->id);
    reply_to = c->response_info ? c->response_info : a->topic; /* R-MQTT.21, R-MQTT.22 */
    if (m->cfg.version == USP_MQTT_V5) {
        mosquitto_property *props = NULL;
        mosquitto_property_add_string(&props, MQTT_PROP_CONTENT_TYPE, USP_MQTT_CONTENT_TYPE);
        mosquitto_property_add_string(&props, MQTT_PROP_RESPONSE_TOPIC, reply_to);
        rc = mosquitto_publish_v5(c->mosq, NULL, topic, (int)len, payload, m->cfg.qos, false,
                                  props); /* R-MQTT.23, R-MQTT.27 */
        mosquitto_property_free_all(&props);
    } else {
        char full[2 * MAX_TOPIC];
        if (usp_mqtt_topic_add_reply_to(topic, reply_to, full, sizeof full) < 0)
            return fail(m, "cannot publish from %s: topic \"%s\" too long", a->id, topic);
        rc = mosquitto_publish(c->mosq, NULL, full, (int)len, payload, m->cfg.qos, false);
    }
    if (rc != MOSQ_ERR_SUCCESS) {
        fail(m, "PUBLISH from %s to \"%s\" failed: %s", a->id, topic,
             rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
        conn_after(c);
        return -1;
    }
    conn_after(c);
    return 0;
}

const char *usp_mqtt_agent_topic(struct usp_mqtt *m, const char *endpoint_id)
{
    struct agent *a = table_find(&m->by_id, endpoint_id, strlen(endpoint_id));

    return a ? a->topic : NULL;
}

int usp_mqtt_agent_ready(struct usp_mqtt *m, const char *endpoint_id)
{
    struct agent *a = table_find(&m->by_id, endpoint_id, strlen(endpoint_id));

    return a && a->ready && a->conn && a->conn->state == C_UP;
}

const char *usp_mqtt_client_id(struct usp_mqtt *m, const char *endpoint_id)
{
    struct agent *a;

    if (!endpoint_id)
        return m->shared ? m->shared->client_id : m->cfg.client_id;
    a = table_find(&m->by_id, endpoint_id, strlen(endpoint_id));
    if (!a)
        return NULL;
    if (a->conn)
        return a->conn->client_id;
    return a->client_id;
}
