/*
 * events.c - what becomes a USP notification (TR-369 "Notification
 * Types"): the events of a CWMP Inform (TR-069 3.7.1.5), and the objects
 * the proxy's Add and Delete plans create and delete.
 *
 *   first contact, 0 BOOTSTRAP -> OnBoardRequest to every controller
 *                                 (send_resp true, no subscription)
 *   1 BOOT                     -> non-Persistent subscriptions removed,
 *                                 then Device.Boot! (CommandKey, Cause,
 *                                 FirmwareUpdated, ParameterMap)
 *   2 PERIODIC                 -> Device.LocalAgent.Periodic!
 *   changed Inform parameters  -> ValueChange (the cache is compared
 *                                 before the Inform is stored)
 *
 * A subscription is notified when it is enabled, of the right NotifType,
 * not past its TimeToLive, its Recipient is a configured controller, and
 * an item of its ReferenceList covers the path (px_ref_match; searches
 * are resolved against the parameter cache).
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proxy/log.h"
#include "proxy/notify.h"
#include "proxy/params.h"

#define BOOT_PATH     "Device.Boot!"
#define PERIODIC_PATH "Device.LocalAgent.Periodic!"

/* ---------------------------------------------------------------------
 * Matching.
 * ------------------------------------------------------------------- */

static int add_cached(void *arg, const struct px_param *p)
{
    struct map_values *vs = arg;
    char *v = malloc(p->value_len + 1);
    if (!v)
        return 1;
    memcpy(v, p->value, p->value_len);
    v[p->value_len] = '\0';
    map_values_add_typed(vs, p->path, v, (int)p->type);
    free(v);
    return 0;
}

/* Whether reference ref covers path; searches resolved with the cache. */
static int ref_covers(struct px_daemon *d, const char *dev_key, const char *ref, const char *path)
{
    struct usp_path_list list = {0};
    struct map_values vs = {0};
    char name[MAP_NAME_MAX], why[200];
    int rc = px_ref_match(ref, path);
    size_t i;

    if (rc >= 0)
        return rc;
    if (map_get_fetch_name(ref, name, sizeof name, why, sizeof why) != 0)
        return 0;
    px_params_foreach(d->store, dev_key, name, add_cached, &vs);
    map_values_sort(&vs);
    rc = 0;
    if (map_resolve(ref, &vs, &list, why, sizeof why) == 0)
        for (i = 0; i < list.n && !rc; i++) {
            size_t l = strlen(list.paths[i]);
            rc = strcmp(list.paths[i], path) == 0 ||
                 (l && list.paths[i][l - 1] == '.' && strncmp(path, list.paths[i], l) == 0);
        }
    usp_path_list_free(&list);
    map_values_free(&vs);
    return rc;
}

static int sub_covers(struct px_daemon *d, const char *dev_key, const struct px_sub *s,
                      const char *path)
{
    const char *p = s->reference_list;
    char item[PX_SUB_REFLIST_MAX + 1];

    while (p && *p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && *p == ' ')
            p++, n--;
        while (n && p[n - 1] == ' ')
            n--;
        memcpy(item, p, n);
        item[n] = '\0';
        if (n && ref_covers(d, dev_key, item, path) == 1)
            return 1;
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

/* Builds the Notify of one subscription (NULL when out of memory). */
typedef struct usp_msg *(*build_fn)(const char *msg_id, const struct px_sub *s, void *arg);

static size_t notify_matching(struct px_daemon *d, const char *dev_key, const char *agent,
                              const struct px_sub *subs, size_t n, enum px_notif_type type,
                              const char *path, build_fn build, void *arg)
{
    int64_t now = (int64_t)time(NULL);
    size_t i, sent = 0;

    for (i = 0; i < n; i++) {
        const struct px_sub *s = &subs[i];
        const struct px_controller *c;
        char msg_id[64];
        if (!s->enable || s->notif_type != type || px_sub_expired(s, now) ||
            !sub_covers(d, dev_key, s, path))
            continue;
        c = px_notify_recipient(d, s->recipient);
        if (!c) {
            px_warn("%s: subscription %s: Recipient %s is not a configured controller", agent,
                    s->id, s->recipient);
            continue;
        }
        if (px_notify_msg_id(d, msg_id, sizeof msg_id) != 0)
            continue;
        px_info("%s: %s %s for subscription %s to %s", agent, px_notif_type_name(type), path, s->id,
                c->endpoint_id);
        if (px_notify_send(d, agent, c->endpoint_id, build(msg_id, s, arg), s->notif_retry,
                           s->notif_expiration) == 0)
            sent++;
    }
    return sent;
}

/* ---------------------------------------------------------------------
 * Notification builders.
 * ------------------------------------------------------------------- */

struct vc_arg {
    const char *path, *value;
};

static struct usp_msg *build_vc(const char *msg_id, const struct px_sub *s, void *arg)
{
    const struct vc_arg *a = arg;
    return usp_notify_value_change_new(msg_id, s->id, s->notif_retry, a->path, a->value);
}

struct event_arg {
    const char *obj_path, *name;
    const char *const *pn, *const *pv;
    size_t n;
};

static struct usp_msg *build_event(const char *msg_id, const struct px_sub *s, void *arg)
{
    const struct event_arg *a = arg;
    struct usp_msg *m = usp_notify_event_new(msg_id, s->id, s->notif_retry, a->obj_path, a->name);
    size_t i;
    for (i = 0; m && i < a->n; i++)
        if (usp_notify_add_param(m, a->pn[i], a->pv[i]) != 0) {
            usp_msg_free(m);
            return NULL;
        }
    return m;
}

struct obj_arg {
    const char *path;
    const char *const *kn, *const *kv;
    size_t n;
};

static struct usp_msg *build_created(const char *msg_id, const struct px_sub *s, void *arg)
{
    const struct obj_arg *a = arg;
    struct usp_msg *m = usp_notify_obj_creation_new(msg_id, s->id, s->notif_retry, a->path);
    size_t i;
    for (i = 0; m && i < a->n; i++)
        if (usp_notify_add_param(m, a->kn[i], a->kv[i]) != 0) {
            usp_msg_free(m);
            return NULL;
        }
    return m;
}

static struct usp_msg *build_deleted(const char *msg_id, const struct px_sub *s, void *arg)
{
    const struct obj_arg *a = arg;
    return usp_notify_obj_deletion_new(msg_id, s->id, s->notif_retry, a->path);
}

struct oper_arg {
    const char *obj_path, *command, *command_key, *err_msg;
    const struct map_values *out;
    uint32_t err;
};

static struct usp_msg *build_oper(const char *msg_id, const struct px_sub *s, void *arg)
{
    const struct oper_arg *a = arg;
    struct usp_msg *m;
    size_t i;

    if (a->err)
        return usp_notify_oper_failure_new(msg_id, s->id, s->notif_retry, a->obj_path, a->command,
                                           a->command_key, a->err, a->err_msg ? a->err_msg : "");
    m = usp_notify_oper_complete_new(msg_id, s->id, s->notif_retry, a->obj_path, a->command,
                                     a->command_key);
    for (i = 0; m && a->out && i < a->out->n; i++)
        if (usp_notify_add_param(m, a->out->v[i].name, a->out->v[i].value) != 0) {
            usp_msg_free(m);
            return NULL;
        }
    return m;
}

/* ---------------------------------------------------------------------
 * Entry points for the plans and other helpers.
 * ------------------------------------------------------------------- */

static int load(struct px_daemon *d, const char *dev_key, struct px_sub **subs, size_t *n)
{
    if (px_subs_load(d->store, dev_key, subs, n) != 0) {
        px_err("%s: cannot read the subscriptions: %s", dev_key, px_store_errmsg(d->store));
        return -1;
    }
    return 0;
}

void px_notify_value_change(struct px_daemon *d, const char *dev_key, const char *agent,
                            const char *path, const char *value)
{
    struct vc_arg a = {path, value};
    struct px_sub *subs;
    size_t n;
    if (load(d, dev_key, &subs, &n) != 0)
        return;
    notify_matching(d, dev_key, agent, subs, n, PX_NOTIF_VALUE_CHANGE, path, build_vc, &a);
    px_subs_free(subs, n);
}

void px_notify_obj_creation(struct px_daemon *d, const char *dev_key, const char *agent,
                            const char *obj_path, const char *const *key_names,
                            const char *const *key_values, size_t n_keys)
{
    struct obj_arg a = {obj_path, key_names, key_values, n_keys};
    struct px_sub *subs;
    size_t n;
    if (load(d, dev_key, &subs, &n) != 0)
        return;
    notify_matching(d, dev_key, agent, subs, n, PX_NOTIF_OBJ_CREATION, obj_path, build_created, &a);
    px_subs_free(subs, n);
}

void px_notify_obj_deletion(struct px_daemon *d, const char *dev_key, const char *agent,
                            const char *obj_path)
{
    struct obj_arg a = {obj_path, NULL, NULL, 0};
    struct px_sub *subs;
    size_t n;
    if (load(d, dev_key, &subs, &n) != 0)
        return;
    notify_matching(d, dev_key, agent, subs, n, PX_NOTIF_OBJ_DELETION, obj_path, build_deleted, &a);
    px_subs_free(subs, n);
}

void px_notify_oper_complete(struct px_daemon *d, const char *dev_key, const char *agent,
                             const char *obj_path, const char *command_name,
                             const char *command_key, const struct map_values *output_args,
                             uint32_t err_code, const char *err_msg)
{
    struct oper_arg a = {obj_path, command_name, command_key ? command_key : "",
                         err_msg,  output_args,  err_code};
    char path[MAP_NAME_MAX + 64];
    struct px_sub *subs;
    size_t n;

    /* the command's path: "Device." + "Reboot()" */
    snprintf(path, sizeof path, "%s%s", obj_path, command_name);
    if (load(d, dev_key, &subs, &n) != 0)
        return;
    notify_matching(d, dev_key, agent, subs, n, PX_NOTIF_OPER_COMPLETE, path, build_oper, &a);
    px_subs_free(subs, n);
}

/* ---------------------------------------------------------------------
 * The Inform.
 * ------------------------------------------------------------------- */

static const struct cwmp_event *find_event(const struct cwmp_inform *in, const char *code)
{
    size_t i;
    for (i = 0; i < in->n_events; i++)
        if (in->events[i].code && strcmp(in->events[i].code, code) == 0)
            return &in->events[i];
    return NULL;
}

static const struct cwmp_param_value *inform_find(const struct cwmp_inform *in, const char *suffix)
{
    size_t i, sl = strlen(suffix);
    for (i = 0; i < in->n_params; i++) {
        const char *n = in->params[i].name;
        size_t nl = n ? strlen(n) : 0;
        if (nl >= sl && strcmp(n + nl - sl, suffix) == 0)
            return &in->params[i];
    }
    return NULL;
}

/* TR-369 R-NOT.5 (internal policy): a CPE the proxy meets for the first
 * time, or one that was reset, asks every controller to on-board it. */
static void onboard(struct px_daemon *d, const struct px_device *dev)
{
    size_t i;
    for (i = 0; i < d->cfg.n_controllers; i++) {
        const struct px_controller *c = &d->cfg.controllers[i];
        char msg_id[64];
        if (!c->endpoint_id || px_notify_msg_id(d, msg_id, sizeof msg_id) != 0)
            continue;
        px_info("%s: OnBoardRequest to %s", dev->endpoint_id, c->endpoint_id);
        px_notify_send(d, dev->endpoint_id, c->endpoint_id,
                       usp_notify_on_board_new(msg_id, "", 1, dev->oui,
                                               dev->product_class ? dev->product_class : "",
                                               dev->serial_number, USP_PROTO_VERSIONS),
                       1, PX_ONBOARD_EXPIRATION_S);
    }
}

/* TR-181 Device.Boot! Cause. */
static const char *boot_cause(const struct cwmp_inform *in, struct px_device *dev, int is_new)
{
    int bootstrap = find_event(in, "0 BOOTSTRAP") != NULL;
    if (find_event(in, "M Reboot"))
        return "RemoteReboot";
    if (bootstrap && (dev->flags & PX_DEVFLAG_FACTORY_RESET_SENT))
        return "RemoteFactoryReset";
    if (bootstrap && !is_new)
        return "LocalFactoryReset";
    return "LocalReboot";
}

static void boot_event(struct px_daemon *d, const char *dev_key, struct px_device *dev, int is_new,
                       const struct cwmp_inform *in, const struct px_sub *subs, size_t n)
{
    const struct cwmp_event *mr = find_event(in, "M Reboot");
    const struct cwmp_param_value *sw = inform_find(in, ".DeviceInfo.SoftwareVersion");
    const char *names[4] = {"CommandKey", "Cause", "FirmwareUpdated", "ParameterMap"};
    const char *values[4];
    struct event_arg a = {"Device.", "Boot!", names, values, 4};
    json_object *map;
    int fw = 0, any = 0;
    size_t i;

    values[1] = boot_cause(in, dev, is_new);
    px_info("%s: Boot! (Cause %s)", dev->endpoint_id, values[1]);
    for (i = 0; i < n; i++)
        any |= subs[i].enable && subs[i].notif_type == PX_NOTIF_EVENT;
    if (!any) /* nobody listens: no ParameterMap to build on every boot */
        return;
    map = json_object_new_object();
    if (sw) { /* the cache still holds the version before this boot */
        struct px_param old;
        if (px_params_get(d->store, dev_key, sw->name, &old) == 0) {
            fw = strcmp(old.value, sw->value ? sw->value : "") != 0;
            free((char *)old.value);
        }
    }
    for (i = 0; map && i < in->n_params; i++)
        if (in->params[i].name)
            json_object_object_add(
                map, in->params[i].name,
                json_object_new_string(in->params[i].value ? in->params[i].value : ""));
    values[0] = mr && mr->command_key ? mr->command_key : "";
    values[2] = fw || find_event(in, "M Download") ? "true" : "false";
    values[3] = map ? json_object_to_json_string_ext(map, JSON_C_TO_STRING_PLAIN) : "{}";
    notify_matching(d, dev_key, dev->endpoint_id, subs, n, PX_NOTIF_EVENT, BOOT_PATH, build_event,
                    &a);
    json_object_put(map);
}

/* Inform parameters whose value differs from the cache (or, with
 * 4 VALUE CHANGE, that the cache does not know) -> ValueChange. */
static int value_changes(struct px_daemon *d, const char *dev_key, const char *agent,
                         const struct cwmp_inform *in, const struct px_sub *subs, size_t n)
{
    int vc_event = find_event(in, "4 VALUE CHANGE") != NULL, any = 0;
    size_t i;

    for (i = 0; i < n; i++)
        any |= subs[i].enable && subs[i].notif_type == PX_NOTIF_VALUE_CHANGE;
    if (!any)
        return 0;
    for (i = 0; i < in->n_params; i++) {
        const struct cwmp_param_value *pv = &in->params[i];
        struct px_param old;
        struct vc_arg a;
        int changed, rc;
        if (!pv->name || !*pv->name || pv->name[strlen(pv->name) - 1] == '.')
            continue;
        rc = px_params_get(d->store, dev_key, pv->name, &old);
        changed = rc == 0 ? strcmp(old.value, pv->value ? pv->value : "") != 0 : vc_event;
        if (rc == 0)
            free((char *)old.value);
        if (!changed)
            continue;
        a.path = pv->name;
        a.value = pv->value ? pv->value : "";
        notify_matching(d, dev_key, agent, subs, n, PX_NOTIF_VALUE_CHANGE, pv->name, build_vc, &a);
    }
    return 1;
}

void px_events_inform(struct px_daemon *d, const char *dev_key, struct px_device *dev, int is_new,
                      const struct cwmp_msg *inform)
{
    const struct cwmp_inform *in = &inform->body.inform;
    int bootstrap = find_event(in, "0 BOOTSTRAP") != NULL, boot = find_event(in, "1 BOOT") != NULL;
    int64_t now = (int64_t)time(NULL);
    int attrs = 0, has_vc = 0;
    struct px_sub *subs;
    size_t i, n, k;

    if ((is_new || bootstrap) && d->cfg.onboard_request)
        onboard(d, dev);
    if (load(d, dev_key, &subs, &n) != 0)
        return;
    /* TR-369: subscriptions that are not Persistent do not survive a
     * reboot of the agent; expired ones go too */
    for (i = k = 0; i < n; i++) {
        int drop = px_sub_expired(&subs[i], now) || ((boot || bootstrap) && !subs[i].persistent);
        if (drop) {
            px_info("%s: subscription %s removed (%s)", dev->endpoint_id, subs[i].id,
                    px_sub_expired(&subs[i], now) ? "TimeToLive" : "not Persistent, CPE rebooted");
            attrs |= subs[i].enable && subs[i].notif_type == PX_NOTIF_VALUE_CHANGE;
            px_subs_delete(d->store, dev_key, subs[i].instance);
            px_sub_clear(&subs[i]);
        } else {
            subs[k++] = subs[i];
        }
    }
    n = k;
    if (boot || bootstrap)
        boot_event(d, dev_key, dev, is_new, in, subs, n);
    if (bootstrap)
        dev->flags &= ~(uint32_t)PX_DEVFLAG_FACTORY_RESET_SENT;
    if (find_event(in, "2 PERIODIC")) {
        struct event_arg a = {"Device.LocalAgent.", "Periodic!", NULL, NULL, 0};
        notify_matching(d, dev_key, dev->endpoint_id, subs, n, PX_NOTIF_EVENT, PERIODIC_PATH,
                        build_event, &a);
    }
    has_vc = value_changes(d, dev_key, dev->endpoint_id, in, subs, n);
    /* a reset CPE forgot its attributes; a polled one is asked each time */
    if (attrs || (has_vc && (bootstrap || px_attrs_polled(d, dev_key, dev->flags))))
        px_attrs_enqueue(d, dev_key, 0);
    px_subs_free(subs, n);
}
