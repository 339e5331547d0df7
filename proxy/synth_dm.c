/*
 * synth_dm.c - what the proxy itself adds to a proxied agent's Supported
 * Data Model (GetSupportedDM, handle_gsdm.c) and the unique keys of the
 * tables it synthesizes (GetInstances, handle_instances.c):
 * Device.LocalAgent. as synth.c, subs.c and ops_store.c serve it, the
 * commands the proxy maps onto CWMP RPCs (handle_operate.c, ops.c) and
 * the events it sends (events.c). TR-181 2.15 names and types.
 */
#include <string.h>

#include "proxy/ops.h"
#include "proxy/px.h"

#define LA   "Device.LocalAgent."
#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const k_alias[] = {"Alias"};
static const char *const k_endpoint[] = {"EndpointID"};
static const char *const k_recipient_id[] = {"Recipient", "ID"};

/* NULL-terminated lists for GetInstances. */
static const char *const l_alias[] = {"Alias", NULL};
static const char *const l_controller[] = {"Alias", "EndpointID", NULL};
static const char *const l_subscription[] = {"Alias", "ID", "Recipient", NULL};
static const char *const l_none[] = {NULL};

struct synth_param {
    const char *name;
    enum usp_param_access access;
    enum usp_value_type type;
};

struct synth_obj {
    const char *path;
    enum usp_obj_access access;
    const struct synth_param *params;
    size_t n_params;
    const char *const *keys; /* GetInstances unique keys (NULL-terminated) */
};

static const struct synth_param p_agent[] = {
    {"EndpointID", USP_PARAM_READ_ONLY, USP_VT_STRING},
    {"SupportedProtocols", USP_PARAM_READ_ONLY, USP_VT_STRING},
    {"MTPNumberOfEntries", USP_PARAM_READ_ONLY, USP_VT_UNSIGNED_INT},
    {"ControllerNumberOfEntries", USP_PARAM_READ_ONLY, USP_VT_UNSIGNED_INT},
    {"SubscriptionNumberOfEntries", USP_PARAM_READ_ONLY, USP_VT_UNSIGNED_INT},
    {"RequestNumberOfEntries", USP_PARAM_READ_ONLY, USP_VT_UNSIGNED_INT},
};
static const struct synth_param p_mtp[] = {
    {"Enable", USP_PARAM_READ_ONLY, USP_VT_BOOLEAN},
    {"Protocol", USP_PARAM_READ_ONLY, USP_VT_STRING},
    {"Status", USP_PARAM_READ_ONLY, USP_VT_STRING},
};
static const struct synth_param p_controller[] = {
    {"Alias", USP_PARAM_READ_ONLY, USP_VT_STRING},
    {"EndpointID", USP_PARAM_READ_ONLY, USP_VT_STRING},
    {"Enable", USP_PARAM_READ_ONLY, USP_VT_BOOLEAN},
};
/* subs.c: px_sub_set_param refuses CreationDate only */
static const struct synth_param p_subscription[] = {
    {"Alias", USP_PARAM_READ_WRITE, USP_VT_STRING},
    {"CreationDate", USP_PARAM_READ_ONLY, USP_VT_DATE_TIME},
    {"Enable", USP_PARAM_READ_WRITE, USP_VT_BOOLEAN},
    {"ID", USP_PARAM_READ_WRITE, USP_VT_STRING},
    {"NotifExpiration", USP_PARAM_READ_WRITE, USP_VT_UNSIGNED_INT},
    {"NotifRetry", USP_PARAM_READ_WRITE, USP_VT_BOOLEAN},
    {"NotifType", USP_PARAM_READ_WRITE, USP_VT_STRING},
    {"Persistent", USP_PARAM_READ_WRITE, USP_VT_BOOLEAN},
    {"Recipient", USP_PARAM_READ_WRITE, USP_VT_STRING},
    {"ReferenceList", USP_PARAM_READ_WRITE, USP_VT_STRING},
    {"TimeToLive", USP_PARAM_READ_WRITE, USP_VT_UNSIGNED_INT},
};
static const struct synth_param p_request[] = {
    {"Alias", USP_PARAM_READ_ONLY, USP_VT_STRING},
    {"Command", USP_PARAM_READ_ONLY, USP_VT_STRING},
    {"CommandKey", USP_PARAM_READ_ONLY, USP_VT_STRING},
    {"Originator", USP_PARAM_READ_ONLY, USP_VT_STRING},
    {"Status", USP_PARAM_READ_ONLY, USP_VT_STRING},
};

static const struct synth_obj objs[] = {
    {LA, USP_OBJ_READ_ONLY, p_agent, N(p_agent), NULL},
    /* synth.c has no MTP Alias, so no unique key is served */
    {LA "MTP.{i}.", USP_OBJ_READ_ONLY, p_mtp, N(p_mtp), l_none},
    {LA "Controller.{i}.", USP_OBJ_READ_ONLY, p_controller, N(p_controller), l_controller},
    {LA "Subscription.{i}.", USP_OBJ_ADD_DELETE, p_subscription, N(p_subscription), l_subscription},
    {LA "Request.{i}.", USP_OBJ_READ_ONLY, p_request, N(p_request), l_alias},
};

const char *const *px_synth_instance_keys(const char *instance)
{
    char norm[MAP_NAME_MAX + 64];
    enum map_sdm_kind kind;

    if (!px_synth_owns(instance) ||
        map_sdm_normalize(instance, norm, sizeof norm, &kind, NULL, 0) != 0)
        return l_alias; /* a CPE table: TR-181 tables have Alias as a key */
    for (size_t i = 0; i < N(objs); i++)
        if (objs[i].keys && strcmp(objs[i].path, norm) == 0)
            return objs[i].keys;
    return l_none;
}

static int add_local_agent(struct map_sdm *s)
{
    static const char *const boot_args[] = {"CommandKey", "Cause", "FirmwareUpdated",
                                            "ParameterMap"};
    size_t i, k;

    for (i = 0; i < N(objs); i++) {
        if (map_sdm_add_object(s, objs[i].path, objs[i].access))
            return -1;
        for (k = 0; k < objs[i].n_params; k++)
            if (map_sdm_add_param(s, objs[i].path, objs[i].params[k].name, objs[i].params[k].access,
                                  objs[i].params[k].type, USP_VC_WILL_IGNORE))
                return -1;
    }
    if (map_sdm_add_unique_key_set(s, LA "Controller.{i}.", k_alias, 1) ||
        map_sdm_add_unique_key_set(s, LA "Controller.{i}.", k_endpoint, 1) ||
        map_sdm_add_unique_key_set(s, LA "Subscription.{i}.", k_alias, 1) ||
        map_sdm_add_unique_key_set(s, LA "Subscription.{i}.", k_recipient_id, 2) ||
        map_sdm_add_unique_key_set(s, LA "Request.{i}.", k_alias, 1))
        return -1;
    /* events.c: 2 PERIODIC -> Periodic!, 1 BOOT -> Boot! */
    if (map_sdm_add_event(s, LA, "Periodic!", NULL, 0))
        return -1;
    if (map_sdm_has_object(s, "Device.") &&
        map_sdm_add_event(s, "Device.", "Boot!", boot_args, N(boot_args)))
        return -1;
    return 0;
}

/* The asynchronous commands of ops.c whose CWMP side the CPE has: the
 * TR-143 object of a diagnostic, the object of a download (and the
 * Download RPC). */
static int add_async_commands(struct map_sdm *s, uint32_t flags)
{
    const struct px_async_cmd *c;
    const char *in[16], *out[24];
    size_t i, k, n_in, n_out;

    for (i = 0; (c = px_async_cmd_at(i)) != NULL; i++) {
        if (!map_sdm_has_object(s, c->obj_path))
            continue;
        if (c->kind == PX_ASYNC_DIAG ? !map_sdm_has_object(s, c->cwmp)
                                     : (flags & PX_DEVFLAG_NO_DOWNLOAD) != 0)
            continue;
        for (n_in = 0; n_in < c->n_in && n_in < N(in); n_in++)
            in[n_in] = c->in[n_in].name;
        n_out = 0;
        if (c->kind == PX_ASYNC_DIAG) /* Status comes from DiagnosticsState (ops.c) */
            out[n_out++] = "Status";
        for (k = 0; k < c->n_out && n_out < N(out); k++)
            out[n_out++] = c->out[k];
        if (map_sdm_add_command(s, c->obj_path, c->name, USP_CMD_ASYNC, in, n_in, out, n_out))
            return -1;
    }
    return 0;
}

int px_synth_sdm_add(struct map_sdm *s, uint32_t flags)
{
    /* handle_operate.c: Reboot and FactoryReset are CWMP RPCs, answered
     * when the CPE accepts them (synchronous) */
    if (map_sdm_has_object(s, "Device.")) {
        if (!(flags & PX_DEVFLAG_NO_REBOOT_RPC) &&
            map_sdm_add_command(s, "Device.", "Reboot()", USP_CMD_SYNC, NULL, 0, NULL, 0))
            return -1;
        if (!(flags & PX_DEVFLAG_NO_FACTORY_RESET) &&
            map_sdm_add_command(s, "Device.", "FactoryReset()", USP_CMD_SYNC, NULL, 0, NULL, 0))
            return -1;
    }
    if (add_async_commands(s, flags))
        return -1;
    return add_local_agent(s);
}
