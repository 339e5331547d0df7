/*
 * agent.c - the USP side of cwmp2uspd on MQTT (usp/mqtt.h): one MTP
 * carrying every proxied agent. Each device of the registry is an agent
 * subscribed on its own topic; received Records go to usp_rx.c; when an
 * agent's topic is subscribed, an MQTTConnect Record tells each
 * configured controller that the agent is online (TR-369 "MQTTConnect").
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
    if (usp_mqtt_agent_topic(d->mqtt, endpoint_id))
        return 0;
    return usp_mqtt_add_agent(d->mqtt, endpoint_id, NULL);
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
        .on_log = on_log,
    };
    struct usp_mqtt_config mc = {0};
    size_t n = 0;

    mc.host = d->cfg.mqtt_host;
    mc.port = d->cfg.mqtt_port;
    mc.version = d->cfg.mqtt_version == PX_MQTT_V311 ? USP_MQTT_V311 : USP_MQTT_V5;
    mc.keepalive = d->cfg.mqtt_keepalive;
    mc.qos = d->cfg.mqtt_qos;
    mc.topic_template = d->cfg.agent_topic;
    mc.per_agent_connection = d->cfg.mqtt_mode == PX_MQTT_PER_AGENT;
    mc.client_id = nz(d->cfg.mqtt_client_id);
    mc.username = nz(d->cfg.mqtt_username);
    mc.password = nz(d->cfg.mqtt_password);
    mc.tls = d->cfg.mqtt_tls;
    mc.ca_file = nz(d->cfg.mqtt_tls_ca);
    mc.cert_file = nz(d->cfg.mqtt_tls_cert);
    mc.key_file = nz(d->cfg.mqtt_tls_key);
    mc.connect_retry_time_ms = (uint64_t)d->cfg.mqtt_retry_time * 1000;
    mc.connect_retry_multiplier = (unsigned)d->cfg.mqtt_retry_multiplier;
    mc.connect_retry_max_interval_ms = (uint64_t)d->cfg.mqtt_retry_max_interval * 1000;
    d->mqtt = usp_mqtt_new(d->base, &mc, &cb, d, err, errlen);
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
