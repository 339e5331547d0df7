/*
 * synth.c - the USP-only objects a CWMP CPE does not have, synthesized by
 * the proxy for each agent (TR-181 Device.LocalAgent.): EndpointID,
 * SupportedProtocols, the MTP the proxy serves it on, and the configured
 * controllers. They are answered without the CPE and merged into a Get of
 * Device. (or any path above them). The agent's subscriptions
 * (Device.LocalAgent.Subscription.{i}., subs.h) come from the objects
 * database; everything else is derived from the configuration.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proxy/px.h"
#include "proxy/ops.h"
#include "proxy/subs.h"

#define LOCAL_AGENT "Device.LocalAgent."

int px_synth_owns(const char *name)
{
    size_t n = strlen(LOCAL_AGENT);
    /* a name inside Device.LocalAgent., or the object path itself */
    return strncmp(name, LOCAL_AGENT, n) == 0 || strcmp(name, "Device.LocalAgent") == 0;
}

static void add(struct map_values *vs, const char *name, const char *value)
{
    map_values_add_typed(vs, name, value, CWMP_TYPE_STRING);
}

struct sub_out {
    struct map_values *vs;
    char prefix[64];
    size_t n;
};

static void sub_param(void *arg, const char *name, const char *value)
{
    struct sub_out *o = arg;
    char full[128];
    snprintf(full, sizeof full, "%s%s", o->prefix, name);
    map_values_add_typed(o->vs, full, value, CWMP_TYPE_STRING);
}

static int sub_values(void *arg, const struct px_sub *s)
{
    struct sub_out *o = arg;
    if (px_sub_expired(s, (int64_t)time(NULL)))
        return 0; /* its TimeToLive is over: removed at the next event */
    snprintf(o->prefix, sizeof o->prefix, PX_SUBS_TABLE "%u.", (unsigned)s->instance);
    px_sub_params(s, sub_param, o);
    o->n++;
    return 0;
}

/* Device.LocalAgent.Subscription.{i}. of the agent's device. */
static void add_subscriptions(const struct px_daemon *d, const char *agent, struct map_values *vs)
{
    struct sub_out o = {vs, "", 0};
    char key[PX_DEVICE_KEY_MAX + 1], num[24];
    void *v = NULL;
    size_t vl = 0;

    if (px_store_get(d->store, PX_DB_ENDPOINTS, agent, strlen(agent), &v, &vl) == 0 && vl &&
        vl <= PX_DEVICE_KEY_MAX && !memchr(v, 0, vl)) {
        memcpy(key, v, vl);
        key[vl] = '\0';
        px_subs_foreach(d->store, key, sub_values, &o);
        px_ops_synth_add(d->store, key, vs); /* Device.LocalAgent.Request.{i}. (ops.h) */
    }
    free(v);
    snprintf(num, sizeof num, "%zu", o.n);
    add(vs, LOCAL_AGENT "SubscriptionNumberOfEntries", num);
}

void px_synth_add(const struct px_daemon *d, const char *agent, struct map_values *vs)
{
    char name[160], num[24];
    size_t i;

    add(vs, LOCAL_AGENT "EndpointID", agent);
    add(vs, LOCAL_AGENT "SupportedProtocols", "MQTT");
    add(vs, LOCAL_AGENT "MTPNumberOfEntries", "1");
    add(vs, LOCAL_AGENT "MTP.1.Enable", "true");
    add(vs, LOCAL_AGENT "MTP.1.Protocol", "MQTT");
    add(vs, LOCAL_AGENT "MTP.1.Status", "Up");
    snprintf(num, sizeof num, "%zu", d->cfg.n_controllers);
    add(vs, LOCAL_AGENT "ControllerNumberOfEntries", num);
    for (i = 0; i < d->cfg.n_controllers; i++) {
        const struct px_controller *c = &d->cfg.controllers[i];
        snprintf(name, sizeof name, LOCAL_AGENT "Controller.%zu.EndpointID", i + 1);
        add(vs, name, c->endpoint_id ? c->endpoint_id : "");
        snprintf(name, sizeof name, LOCAL_AGENT "Controller.%zu.Alias", i + 1);
        add(vs, name, c->name ? c->name : "");
        snprintf(name, sizeof name, LOCAL_AGENT "Controller.%zu.Enable", i + 1);
        add(vs, name, "true");
    }
    add_subscriptions(d, agent, vs);
    map_values_sort(vs);
}
