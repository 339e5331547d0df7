/*
 * mqtt.h - the USP MQTT MTP (TR-369 "MQTT Binding"), agent side.
 *
 * Moves encoded USP Records between local endpoints (the agents this
 * process speaks for) and an MQTT broker, with libmosquitto driven from a
 * libevent loop (no mosquitto thread). It knows nothing of the Record
 * format: received payloads go to a callback with the facts needed to
 * route and answer them (which agent, the sender's reply-to topic).
 *
 * One connection carries many agents: each agent has its own topic made
 * from a template ("usp/agent/{endpoint_id}"), subscribed and unsubscribed
 * on the live connection as agents come and go, and re-subscribed after
 * every reconnect. With per_agent_connection each agent gets its own
 * connection (and ClientId) instead, for brokers that authorise per client;
 * the API is the same.
 *
 * Topic escaping: an Endpoint ID is put into the template with '/', '+'
 * and '#' (which MQTT gives a meaning in topics) written as %2F, %2B and
 * %23. Every other character, '%' included, is kept, so ordinary Endpoint
 * IDs (letters, digits and - . _ % :, TR-369 R-MQTT.47) appear unchanged.
 * Two ids that escape to the same topic cannot both be added.
 *
 * Part of usp/usp.h.
 */
#ifndef USP_MQTT_H
#define USP_MQTT_H

#include <stddef.h>
#include <stdint.h>

struct event_base;
struct usp_mqtt;

/* TR-369 R-MQTT.27 and R-MQTT.27a: Content Type of a PUBLISH carrying a
 * USP Record; the registered MIME type is accepted on receipt too. */
#define USP_MQTT_CONTENT_TYPE      "usp.msg"
#define USP_MQTT_CONTENT_TYPE_MIME "application/vnd.bbf.usp.msg"
/* TR-369 R-MQTT.13: CONNECT User Property naming the Endpoint ID. */
#define USP_MQTT_PROP_ENDPOINT_ID "usp-endpoint-id"
/* TR-369 R-MQTT.15: CONNACK User Property naming a topic to subscribe. */
#define USP_MQTT_PROP_SUBSCRIBE_TOPIC "subscribe-topic"
/* TR-369 R-MQTT.24/25: MQTT 3.1.1 topic suffix carrying the reply-to topic. */
#define USP_MQTT_REPLY_TO "/reply-to="
/* Placeholder of the agent topic template. */
#define USP_MQTT_TEMPLATE_ID "{endpoint_id}"

enum usp_mqtt_version {
    USP_MQTT_V311 = 4, /* MQTT 3.1.1 (TR-369 R-MQTT.2: MAY) */
    USP_MQTT_V5 = 5,   /* MQTT 5.0 (TR-369 R-MQTT.1: MUST) */
};

enum usp_mqtt_log_level {
    USP_MQTT_LOG_ERROR = 0,
    USP_MQTT_LOG_WARNING,
    USP_MQTT_LOG_INFO, /* every connection state change */
    USP_MQTT_LOG_DEBUG,
};

/*
 * Configuration. Zero values select the defaults in brackets. Strings are
 * copied by usp_mqtt_new(). The retry fields are the TR-181
 * Device.MQTT.Client.{i}. parameters, in milliseconds instead of seconds
 * (so tests can retry fast).
 */
struct usp_mqtt_config {
    const char *host;              /* broker address ["127.0.0.1"] */
    int port;                      /* [1883, or 8883 with TLS] */
    enum usp_mqtt_version version; /* [USP_MQTT_V5] */
    int keepalive;                 /* seconds, at least 5 [60] */
    int qos;                       /* 0 or 1, for SUBSCRIBE and PUBLISH [0] */
    const char *topic_template;    /* must hold {endpoint_id} ["usp/agent/{endpoint_id}"] */
    int per_agent_connection;      /* 1: one connection per agent */

    /* Shared connection only: the ClientId (configured, or stored from an
     * earlier Assigned Client Identifier; NULL or "" for none, R-MQTT.8) and
     * the Endpoint ID sent in the usp-endpoint-id property (the first agent
     * added when NULL, R-MQTT.13). Per agent: see usp_mqtt_add_agent(). */
    const char *client_id;
    const char *endpoint_id;

    const char *username; /* R-MQTT.7, NULL for none */
    const char *password;

    int tls;               /* 1: TLS (R-MQTT.48), server verified with ca_file/ca_path */
    const char *ca_file;   /* PEM CA bundle */
    const char *ca_path;   /* directory of hashed CA certificates */
    const char *cert_file; /* client certificate (PEM), optional */
    const char *key_file;  /* its key (PEM) */

    int request_response_info; /* MQTT 5: ask for Response Information (R-MQTT.12) */

    uint64_t connect_retry_time_ms;         /* ConnectRetryTime [5000] */
    unsigned connect_retry_multiplier;      /* ConnectRetryIntervalMultiplier, 1/1000 [2000] */
    uint64_t connect_retry_max_interval_ms; /* ConnectRetryMaxInterval [30720000] */
};

struct usp_mqtt_callbacks {
    /*
     * A PUBLISH arrived. agent_id is the agent it is for: the owner of its
     * topic, else the agent of its connection (per-agent mode), else the
     * agent its to_id names when it came on a topic the broker gave the
     * shared connection (needs extract_to_id); NULL when none of these.
     * reply_to is the sender's reply-to topic (MQTT 5 Response Topic, else
     * the /reply-to= suffix of the topic), NULL if none. The payload is the
     * raw Record: the caller decodes it and checks its to_id unless
     * extract_to_id is set. All pointers are valid during the call only.
     */
    void (*on_message)(void *arg, const char *agent_id, const uint8_t *payload, size_t len,
                       const char *reply_to);
    /* agent_id NULL: the shared connection is up (CONNACK received).
     * Otherwise: that agent's topic is subscribed (SUBACK), it is reachable. */
    void (*on_connected)(void *arg, const char *agent_id);
    /* The connection was lost (agent_id NULL on the shared connection);
     * a retry is scheduled. */
    void (*on_disconnected)(void *arg, const char *agent_id, const char *why);
    /* MQTT 5 Assigned Client Identifier received (R-MQTT.9): persist it and
     * give it back at the next start. agent_id NULL on the shared connection. */
    void (*on_client_id)(void *arg, const char *agent_id, const char *client_id);
    void (*on_log)(void *arg, enum usp_mqtt_log_level level, const char *message);
    /*
     * Optional: copy the to_id of the Record in payload into buf (NUL
     * terminated) and return 0, or return -1 if it cannot be read (the
     * message is then delivered as routed by topic, for the caller's
     * decoder to reject). When set, a message whose to_id is not the agent
     * it was routed to is dropped (logged, not delivered), and a message on
     * a topic the broker gave (subscribe-topic, Response Information) is
     * routed by its to_id.
     */
    int (*extract_to_id)(void *arg, const uint8_t *payload, size_t len, char *buf, size_t size);
};

/*
 * Creates an MTP on base. Nothing is connected before usp_mqtt_start().
 * Returns NULL and writes the reason into err (if not NULL) on a bad
 * configuration.
 */
struct usp_mqtt *usp_mqtt_new(struct event_base *base, const struct usp_mqtt_config *config,
                              const struct usp_mqtt_callbacks *callbacks, void *arg, char *err,
                              size_t err_size);

/* Starts connecting (and retrying, forever). Returns 0 or -1. */
int usp_mqtt_start(struct usp_mqtt *m);

/* Sends DISCONNECT (R-MQTT.35) on every connection and frees everything.
 * Must not be called from a callback of m. */
void usp_mqtt_free(struct usp_mqtt *m);

/*
 * Adds a local agent: subscribes its topic now if connected, and after
 * every reconnect (the filter topic/#, which matches the topic itself and
 * the /reply-to= suffixed names a 3.1.1 controller publishes to, also
 * when this connection is MQTT 5). on_connected(agent) tells when it is live.
 * client_id: per-agent mode only, its configured or stored ClientId (NULL:
 * empty on MQTT 5, the Endpoint ID on 3.1.1, R-MQTT.8). May be called from
 * callbacks. Returns 0, or -1 (duplicate, empty id, topic collision; see
 * usp_mqtt_error()).
 */
int usp_mqtt_add_agent(struct usp_mqtt *m, const char *endpoint_id, const char *client_id);

/* Removes an agent: UNSUBSCRIBE (R-MQTT.34), or closes its connection in
 * per-agent mode. May be called from callbacks. */
int usp_mqtt_remove_agent(struct usp_mqtt *m, const char *endpoint_id);

/*
 * Publishes a Record from agent from_endpoint_id to topic (the controller's
 * topic or the reply_to received), with the QoS configured. Adds the
 * agent's reply-to topic (its own topic, or the broker's Response
 * Information, R-MQTT.21/22): the Response Topic property with Content Type
 * usp.msg (MQTT 5, R-MQTT.23/27) or the /reply-to= suffix (3.1.1,
 * R-MQTT.24). Never blocks: what the socket does not take is queued by
 * libmosquitto. Returns 0 when queued, -1 when the agent is unknown or not
 * live (connection down or its subscription not yet acknowledged,
 * R-MQTT.17): the caller keeps the Record and retries after on_connected.
 */
int usp_mqtt_publish(struct usp_mqtt *m, const char *from_endpoint_id, const char *topic,
                     const void *payload, size_t len);

/* The agent's own topic (its reply-to topic), or NULL if unknown. */
const char *usp_mqtt_agent_topic(struct usp_mqtt *m, const char *endpoint_id);

/* 1 if the agent can publish now (its connection is up and topic subscribed). */
int usp_mqtt_agent_ready(struct usp_mqtt *m, const char *endpoint_id);

/* The ClientId in use (configured, stored or assigned), or NULL. */
const char *usp_mqtt_client_id(struct usp_mqtt *m, const char *endpoint_id);

/* Why the last call on m failed. */
const char *usp_mqtt_error(const struct usp_mqtt *m);

/* ---------------------------------------------------------------------
 * Topics (mqtt_topic.c): pure functions, also used by the fuzz target.
 * ------------------------------------------------------------------- */

/*
 * Expands a topic template for endpoint_id (escaped as described above)
 * into out. Returns the length, or -1 if the template lacks {endpoint_id},
 * holds '+' or '#', the id is empty or the result does not fit.
 */
int usp_mqtt_topic_expand(const char *tmpl, const char *endpoint_id, char *out, size_t size);

/*
 * Splits a received 3.1.1 topic name (len bytes) at its last "/reply-to="
 * (TR-369 R-MQTT.25). *base_len is the length of the topic before it (len
 * when there is no suffix). The reply-to topic, with every %2F (any case)
 * turned back into '/', is written NUL terminated into reply (may be NULL
 * when size is 0). Returns 1 with a reply-to, 0 without, -1 if it does not
 * fit in reply or is empty.
 */
int usp_mqtt_topic_split_reply_to(const char *topic, size_t len, size_t *base_len, char *reply,
                                  size_t size);

/*
 * Writes topic + "/reply-to=" + reply_to with '/' written as %2F
 * (TR-369 R-MQTT.24). Returns the length, or -1 if it does not fit.
 */
int usp_mqtt_topic_add_reply_to(const char *topic, const char *reply_to, char *out, size_t size);

/* ---------------------------------------------------------------------
 * Connect retry (mqtt_retry.c). TR-181 Device.MQTT.Client.{i}.
 * ConnectRetryTime m, ConnectRetryIntervalMultiplier k (1/1000) and
 * ConnectRetryMaxInterval: the n-th retry (n >= 1) waits a random time in
 * [m*(k/1000)^(n-1), m*(k/1000)^n], both ends capped at the maximum.
 * ------------------------------------------------------------------- */

void usp_mqtt_retry_range(uint64_t retry_ms, unsigned multiplier, uint64_t max_ms, unsigned n,
                          uint64_t *lo, uint64_t *hi);

/* The wait before retry n, picked in the range with the random number r. */
uint64_t usp_mqtt_retry_wait(uint64_t retry_ms, unsigned multiplier, uint64_t max_ms, unsigned n,
                             uint32_t r);

#endif
