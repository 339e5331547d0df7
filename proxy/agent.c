/*
 * agent.c - the USP side of cwmp2uspd on MQTT (usp/mqtt.h): one MTP
 * carrying every proxied agent. Each device of the registry is an agent
 * subscribed on its own topic; received Records go to usp_rx.c; when an
 * agent's topic is subscribed, an MQTTConnect Record tells each
 * configured controller that the agent is online (TR-369 "MQTTConnect").
 * A ClientId the broker assigned is kept in the store for later connects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/log.h"
#include "proxy/px.h"

static void on_message(void *arg, const char *agent_id, const uint8_t *payload, size_t len,
                       const char *reply_to)
{
    px_usp_receive(arg, agent_id, payload, len, reply_to);
}

static void on_connected(void *arg, const char *agent_id)
{
    struct px_daemon *d = arg;
    size_t i;

    if (!agent_id) {
        px_notice("mqtt: connected to %s:%d", d->cfg.mqtt_host, d->cfg.mqtt_port);
        return;
    }
    px_debug("mqtt: agent %s subscribed", agent_id);
    for (i = 0; i < d->cfg.n_controllers; i++) {
        const struct px_controller *c = &d->cfg.controllers[i];
        const char *own = usp_mqtt_agent_topic(d->mqtt, agent_id);
        uint8_t *rec = NULL;
        size_t len = 0;
        if (!c->endpoint_id || !c->topic || !own)
            continue;
        if (usp_record_mqtt_connect(c->endpoint_id, agent_id, d->cfg.mqtt_version == PX_MQTT_V5,
                                    own, &rec, &len) == 0 &&
            usp_mqtt_publish(d->mqtt, agent_id, c->topic, rec, len) != 0)
            px_debug("mqtt: MQTTConnect of %s not sent: %s", agent_id, usp_mqtt_error(d->mqtt));
        free(rec);
    }
}

static void on_disconnected(void *arg, const char *agent_id, const char *why)
{
    (void)arg;
    px_warn("mqtt: %s%s disconnected: %s", agent_id ? "agent " : "connection",
            agent_id ? agent_id : "", why ? why : "");
}

/* ---------------------------------------------------------------------
 * The MQTT 5 Assigned Client Identifier (TR-369 R-MQTT.9: saved as the
 * configured ClientId; R-MQTT.11: the same ClientId for every later
 * connection to that server). Kept in meta under "mqtt_client_id" (shared
 * connection) or "mqtt_client_id" NUL Endpoint ID (per-agent mode); the
 * value names the broker ("host:port") that assigned it, so another broker
 * never gets it.
 * ------------------------------------------------------------------- */

#define PX_META_CLIENT_ID    "mqtt_client_id"
#define PX_CLIENT_ID_VERSION 1
#define PX_CLIENT_ID_MAX     65535

int px_client_id_encode(const char *broker, const char *client_id, uint8_t **out, size_t *len)
{
    struct px_wbuf b = {0};
    size_t bl = strlen(broker), cl = strlen(client_id);

    *out = NULL;
    *len = 0;
    if (bl > PX_CLIENT_ID_MAX || cl == 0 || cl > PX_CLIENT_ID_MAX)
        return -1;
    px_wbuf_u8(&b, PX_CLIENT_ID_VERSION);
    px_wbuf_u16(&b, (uint16_t)bl);
    px_wbuf_bytes(&b, broker, bl);
    px_wbuf_u16(&b, (uint16_t)cl);
    px_wbuf_bytes(&b, client_id, cl);
    if (b.oom) {
        px_wbuf_free(&b);
        return -1;
    }
    *out = b.data;
    *len = b.len;
    return 0;
}

int px_client_id_decode(const uint8_t *val, size_t len, char **broker, char **client_id)
{
    struct px_rbuf r = {val, len};
    uint8_t version;

    *broker = *client_id = NULL;
    if (px_rbuf_u8(&r, &version) != 0 || version != PX_CLIENT_ID_VERSION ||
        px_rbuf_str16(&r, PX_CLIENT_ID_MAX, broker) != 0 ||
        px_rbuf_str16(&r, PX_CLIENT_ID_MAX, client_id) != 0 || !**client_id) {
        free(*broker);
        free(*client_id);
        *broker = *client_id = NULL;
        return -1;
    }
    return 0;
}

/* The meta key: "mqtt_client_id", then NUL and the agent in per-agent mode. */
static size_t client_id_key(const char *agent_id, char *key, size_t cap)
{
    size_t n = strlen(PX_META_CLIENT_ID), al = agent_id ? strlen(agent_id) : 0;
    if (n + 1 + al > cap)
        return 0;
    memcpy(key, PX_META_CLIENT_ID, n);
    if (agent_id) {
        key[n++] = '\0';
        memcpy(key + n, agent_id, al);
        n += al;
    }
    return n;
}

static void broker_name(const struct px_daemon *d, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s:%d", d->cfg.mqtt_host, d->cfg.mqtt_port);
}

/* The ClientId this broker assigned earlier (malloc'd), or NULL. */
static char *stored_client_id(struct px_daemon *d, const char *agent_id)
{
    char key[sizeof PX_META_CLIENT_ID + PX_ENDPOINT_ID_MAX + 1], here[300];
    char *broker = NULL, *id = NULL;
    size_t kl = client_id_key(agent_id, key, sizeof key), len = 0;
    void *val = NULL;
    int rc;

    if (!kl)
        return NULL;
    rc = px_store_get(d->store, PX_DB_META, key, kl, &val, &len);
    if (rc == PX_STORE_NOT_FOUND)
        return NULL;
    if (rc != 0) {
        px_warn("mqtt: cannot read the stored ClientId: %s", px_store_errmsg(d->store));
        return NULL;
    }
    if (px_client_id_decode(val, len, &broker, &id) != 0) {
        px_warn("mqtt: the stored ClientId (meta %s) is damaged: not used", PX_META_CLIENT_ID);
        free(val);
        return NULL;
    }
    free(val);
    broker_name(d, here, sizeof here);
    if (strcmp(broker, here) != 0) {
        px_info("mqtt: the stored ClientId \"%s\" was assigned by %s, not %s: not used", id, broker,
                here);
        free(id);
        id = NULL;
    }
    free(broker);
    return id;
}

static void on_client_id(void *arg, const char *agent_id, const char *client_id)
{
    struct px_daemon *d = arg;
    char key[sizeof PX_META_CLIENT_ID + PX_ENDPOINT_ID_MAX + 1], broker[300];
    size_t kl = client_id_key(agent_id, key, sizeof key), len = 0;
    uint8_t *val = NULL;

    broker_name(d, broker, sizeof broker);
    if (!kl || px_client_id_encode(broker, client_id, &val, &len) != 0) {
        px_warn("mqtt: Assigned Client Identifier \"%s\" not stored: too long", client_id);
        return;
    }
    /* committed at the end of this turn */
    if (px_store_put(d->store, PX_DB_META, key, kl, val, len) != 0)
        px_err("mqtt: Assigned Client Identifier \"%s\" not stored: %s", client_id,
               px_store_errmsg(d->store));
    else
        px_notice("mqtt: %s%sbroker assigned ClientId \"%s\": stored, used from now on",
                  agent_id ? agent_id : "", agent_id ? ": " : "", client_id);
    free(val);
}

static void on_log(void *arg, enum usp_mqtt_log_level level, const char *message)
{
    (void)arg;
    if (level == USP_MQTT_LOG_ERROR)
        px_err("mqtt: %s", message);
    else if (level == USP_MQTT_LOG_WARNING)
        px_warn("mqtt: %s", message);
    else if (level == USP_MQTT_LOG_INFO)
        px_info("mqtt: %s", message);
    else
        px_debug("mqtt: %s", message);
}

int px_agent_add(struct px_daemon *d, const char *endpoint_id)
{
    char *id = NULL;
    int rc;

    if (usp_mqtt_agent_topic(d->mqtt, endpoint_id))
        return 0;
    if (d->cfg.mqtt_mode == PX_MQTT_PER_AGENT)
        id = stored_client_id(d, endpoint_id); /* R-MQTT.11 */
    rc = usp_mqtt_add_agent(d->mqtt, endpoint_id, id);
    free(id);
    return rc;
}

static int add_known(void *arg, const char *key)
{
    struct px_daemon *d = arg;
    struct px_device dev = {0};
    if (px_device_get(d->store, key, &dev) == 0 && dev.endpoint_id &&
        px_agent_add(d, dev.endpoint_id) != 0)
        px_warn("%s: agent %s not on MQTT: %s", key, dev.endpoint_id, usp_mqtt_error(d->mqtt));
    px_device_clear(&dev);
    return 0;
}

static const char *nz(const char *s)
{
    return s && *s ? s : NULL;
}

int px_agent_start(struct px_daemon *d, char *err, size_t errlen)
{
    static const struct usp_mqtt_callbacks cb = {
        .on_message = on_message,
        .on_connected = on_connected,
        .on_disconnected = on_disconnected,
        .on_client_id = on_client_id,
        .on_log = on_log,
    };
    struct usp_mqtt_config mc = {0};
    char *stored = NULL;
    size_t n = 0;

    mc.host = d->cfg.mqtt_host;
    mc.port = d->cfg.mqtt_port;
    mc.version = d->cfg.mqtt_version == PX_MQTT_V311 ? USP_MQTT_V311 : USP_MQTT_V5;
    mc.keepalive = d->cfg.mqtt_keepalive;
    mc.qos = d->cfg.mqtt_qos;
    mc.topic_template = d->cfg.agent_topic;
    mc.per_agent_connection = d->cfg.mqtt_mode == PX_MQTT_PER_AGENT;
    mc.client_id = nz(d->cfg.mqtt_client_id);
    if (!mc.client_id && !mc.per_agent_connection) {
        stored = stored_client_id(d, NULL); /* R-MQTT.11 */
        if (stored)
            px_info("mqtt: ClientId \"%s\" (assigned by the broker earlier)", stored);
        mc.client_id = stored;
    }
    mc.username = nz(d->cfg.mqtt_username);
    mc.password = nz(d->cfg.mqtt_password);
    mc.tls = d->cfg.mqtt_tls;
    mc.ca_file = nz(d->cfg.mqtt_tls_ca);
    mc.cert_file = nz(d->cfg.mqtt_tls_cert);
    mc.key_file = nz(d->cfg.mqtt_tls_key);
    mc.connect_retry_time_ms = (uint64_t)d->cfg.mqtt_retry_time * 1000;
    mc.connect_retry_multiplier = (unsigned)d->cfg.mqtt_retry_multiplier;
    mc.connect_retry_max_interval_ms = (uint64_t)d->cfg.mqtt_retry_max_interval * 1000;
    d->mqtt = usp_mqtt_new(d->base, &mc, &cb, d, err, errlen); /* copies the strings */
    free(stored);
    if (!d->mqtt)
        return -1;
    /* Every known device is an agent from the start. */
    if (px_device_foreach_key(d->store, add_known, d) != 0) {
        snprintf(err, errlen, "cannot list the registry: %s", px_store_errmsg(d->store));
        return -1;
    }
    px_device_count(d->store, &n);
    px_info("mqtt: %zu known agents", n);
    if (usp_mqtt_start(d->mqtt) != 0) {
        snprintf(err, errlen, "mqtt: %s", usp_mqtt_error(d->mqtt));
        return -1;
    }
    return 0;
}
