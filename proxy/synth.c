/*
 * synth.c - the USP-only objects a CWMP CPE does not have, synthesized by
 * the proxy for each agent (TR-181 Device.LocalAgent.): EndpointID,
 * SupportedProtocols, the MTP the proxy serves it on, and the configured
 * controllers. They are answered without the CPE and merged into a Get of
 * Device. (or any path above them). Read-only for now; subscriptions
 * (Device.LocalAgent.Subscription.{i}.) will be kept in the objects
 * database.
 */
#include <stdio.h>
#include <string.h>

#include "proxy/px.h"

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
    map_values_sort(vs);
}
