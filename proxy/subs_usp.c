/*
 * subs_usp.c - USP Add, Delete and Set on Device.LocalAgent. (TR-369
 * "Add", "Delete", "Set"): the agent's subscriptions
 * (Device.LocalAgent.Subscription.{i}., subs.h) are created, removed and
 * changed by the proxy itself and answered at once, without the CPE.
 * The other objects under Device.LocalAgent. are not creatable (7019),
 * not deletable (7024) and read-only (7013).
 *
 * Add: the TR-181 defaults, then the param_settings (a bad value is 7012,
 * an unknown parameter 7010, CreationDate 7013; a failing required one
 * fails the object with 7021, a failing other one is a param_err); ID
 * (default "cwmp2usp-N") and Alias (default "cpe-N") are unique per agent
 * (7025); Recipient defaults to the creating controller's
 * Device.LocalAgent.Controller.{i} and must name a configured one. With
 * allow_partial false any failure stores nothing and answers an Error.
 * Creating, deleting or changing an enabled ValueChange subscription
 * queues the attribute plan (attrs.c); ObjectCreation / ObjectDeletion
 * subscriptions on Device.LocalAgent.Subscription. are notified.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proxy/log.h"
#include "proxy/notify.h"

#define MSG_LEN 240

/* The instance number of "Device.LocalAgent.Subscription.N.", or 0. */
static uint32_t sub_instance(const char *path)
{
    size_t pl = strlen(PX_SUBS_TABLE);
    unsigned long n;
    char *end;
    if (strncmp(path, PX_SUBS_TABLE, pl) != 0 || path[pl] < '1' || path[pl] > '9')
        return 0;
    n = strtoul(path + pl, &end, 10);
    return strcmp(end, ".") == 0 && n <= UINT32_MAX ? (uint32_t)n : 0;
}

/* "Device.LocalAgent.Controller.N" of a configured controller, or "". */
static void controller_path(const struct px_daemon *d, const char *controller, char *buf,
                            size_t len)
{
    size_t i;
    buf[0] = '\0';
    for (i = 0; i < d->cfg.n_controllers; i++)
        if (d->cfg.controllers[i].endpoint_id &&
            strcmp(d->cfg.controllers[i].endpoint_id, controller) == 0)
            snprintf(buf, len, "Device.LocalAgent.Controller.%zu", i + 1);
}

static int is_vc(const struct px_sub *s)
{
    return s->enable && s->notif_type == PX_NOTIF_VALUE_CHANGE;
}

/* Whether key (ID or Alias) is taken by another subscription. */
static int key_taken(const struct px_sub *subs, size_t n, const struct px_sub *self, int id,
                     const char *value)
{
    size_t i;
    if (!*value)
        return 0;
    for (i = 0; i < n; i++) {
        const char *v = id ? subs[i].id : subs[i].alias;
        if (&subs[i] != self && subs[i].instance != self->instance && v && strcmp(v, value) == 0)
            return 1;
    }
    return 0;
}

/* One setting with its checks; 0 or a USP error with msg. */
static uint32_t apply(const struct px_daemon *d, struct px_sub *s, const char *name,
                      const char *value, char *msg)
{
    int rc = px_sub_set_param(s, name, value, msg, MSG_LEN);
    if (!rc && strcmp(name, "Recipient") == 0 && !px_notify_recipient(d, s->recipient)) {
        snprintf(msg, MSG_LEN, "Recipient %.100s is not a configured controller", s->recipient);
        rc = USP_ERR_INVALID_VALUE;
    }
    return (uint32_t)rc;
}

/* ---------------------------------------------------------------------
 * Add.
 * ------------------------------------------------------------------- */

struct add_obj {
    struct px_sub s;
    int used;
    uint32_t err;
    char msg[MSG_LEN];
    struct map_param_err *pe;
    char (*pmsg)[MSG_LEN];
    size_t n_pe;
    char path[64];
    const char *kn[3], *kv[3];
    size_t all_idx; /* its shallow view in the list of all subscriptions */
};

static void plan_add(struct px_daemon *d, const struct usp_msg *req, size_t i,
                     const char *controller, struct add_obj *o, struct px_sub *all, size_t n_all)
{
    const char *path = usp_msg_obj_path(req, i);
    size_t j, np = usp_msg_param_count(req, i);

    if (strcmp(path, PX_SUBS_TABLE) != 0) {
        o->err = sub_instance(path) ? USP_ERR_NOT_A_TABLE : USP_ERR_OBJECT_NOT_CREATABLE;
        snprintf(o->msg, MSG_LEN, "%.150s %s", path,
                 o->err == USP_ERR_NOT_A_TABLE ? "is an object instance, not a table"
                                               : "is maintained by the proxy and not creatable");
        return;
    }
    o->pe = calloc(np ? np : 1, sizeof *o->pe);
    o->pmsg = calloc(np ? np : 1, sizeof *o->pmsg);
    if (!o->pe || !o->pmsg || px_sub_init(&o->s, 0, (int64_t)time(NULL)) != 0) {
        o->err = USP_ERR_RESOURCES_EXCEEDED;
        snprintf(o->msg, MSG_LEN, "out of memory");
        return;
    }
    o->used = 1;
    controller_path(d, controller, o->msg, MSG_LEN);
    free(o->s.recipient);
    o->s.recipient = strdup(o->msg);
    o->msg[0] = '\0';
    for (j = 0; j < np; j++) {
        struct usp_param_setting ps;
        uint32_t rc;
        if (usp_msg_param(req, i, j, &ps) != 0)
            break;
        rc = apply(d, &o->s, ps.param, ps.value, o->pmsg[j]);
        o->pe[o->n_pe].path = ps.param;
        o->pe[o->n_pe].err = rc;
        o->pe[o->n_pe].err_msg = o->pmsg[j];
        o->n_pe++;
        if (rc && ps.required && !o->err) {
            o->err = USP_ERR_REQUIRED_PARAM_FAILED;
            snprintf(o->msg, MSG_LEN, "required parameter %.60s failed: %.150s", ps.param,
                     o->pmsg[j]);
        }
    }
    if (!o->err &&
        (key_taken(all, n_all, &o->s, 1, o->s.id) || key_taken(all, n_all, &o->s, 0, o->s.alias))) {
        o->err = USP_ERR_DUPLICATE_UNIQUE_KEY;
        snprintf(o->msg, MSG_LEN,
                 "another subscription of this agent has ID \"%.64s\" or Alias "
                 "\"%.64s\"",
                 o->s.id, o->s.alias);
    }
}

/* Instance number, generated ID and Alias; stored. */
static int create(struct px_daemon *d, const char *dev_key, struct add_obj *o, struct px_sub *all,
                  size_t n_all)
{
    char buf[PX_SUB_KEY_MAX + 1];
    unsigned k;
    int rc;

    memset(&all[o->all_idx], 0, sizeof *all); /* its strings change below */
    if (px_subs_next_instance(d->store, dev_key, &o->s.instance) != 0)
        return -1;
    for (k = 0; !*o->s.id; k++) { /* TR-181: the agent picks a unique ID */
        snprintf(buf, sizeof buf, k ? "cwmp2usp-%u-%u" : "cwmp2usp-%u", (unsigned)o->s.instance, k);
        if (!key_taken(all, n_all, &o->s, 1, buf) && (free(o->s.id), o->s.id = strdup(buf)) == NULL)
            return -1;
    }
    for (k = 0; !*o->s.alias; k++) {
        snprintf(buf, sizeof buf, k ? "cpe-%u-%u" : "cpe-%u", (unsigned)o->s.instance, k);
        if (!key_taken(all, n_all, &o->s, 0, buf) &&
            (free(o->s.alias), o->s.alias = strdup(buf)) == NULL)
            return -1;
    }
    snprintf(o->path, sizeof o->path, PX_SUBS_TABLE "%u.", (unsigned)o->s.instance);
    rc = px_subs_put(d->store, dev_key, &o->s);
    all[o->all_idx] = o->s;
    return rc;
}

void px_subs_handle_add(struct px_daemon *d, const char *dev_key, const char *agent,
                        const char *controller, const char *reply_topic, const struct usp_msg *req)
{
    size_t i, n = usp_msg_obj_count(req), n_all = 0, n_new;
    int partial = usp_msg_allow_partial(req), failed = 0, attrs = 0;
    struct add_obj *o = calloc(n ? n : 1, sizeof *o);
    struct map_add_outcome *out = calloc(n ? n : 1, sizeof *out);
    struct px_sub *all = NULL, *grown;
    struct usp_msg *m = NULL;

    if (!o || !out || px_subs_load(d->store, dev_key, &all, &n_all) != 0)
        goto oom;
    /* the new ones join the list so their IDs and Aliases are unique too */
    n_new = n_all;
    for (i = 0; i < n; i++) {
        plan_add(d, req, i, controller, &o[i], all, n_new);
        failed |= o[i].err != 0;
        if (o[i].err)
            continue;
        grown = realloc(all, (n_new + 1) * sizeof *all);
        if (!grown)
            goto oom;
        all = grown;
        all[n_new] = o[i].s; /* a shallow view: not freed through all */
        all[n_new].instance = UINT32_MAX - (uint32_t)i;
        o[i].all_idx = n_new++;
    }
    for (i = 0; i < n; i++) {
        struct add_obj *x = &o[i];
        out[i].requested_path = usp_msg_obj_path(req, i);
        out[i].err = x->err;
        out[i].err_msg = x->msg;
        out[i].params = x->pe;
        out[i].n_params = x->n_pe;
        if (x->err || (failed && !partial))
            continue; /* with allow_partial false nothing is stored */
        if (create(d, dev_key, x, all, n_new) != 0) {
            px_err("%s: cannot store a subscription: %s", dev_key, px_store_errmsg(d->store));
            x->err = out[i].err = USP_ERR_INTERNAL_ERROR;
            snprintf(x->msg, MSG_LEN, "the proxy could not store the subscription");
            continue;
        }
        x->kn[0] = "Alias", x->kv[0] = x->s.alias;
        x->kn[1] = "ID", x->kv[1] = x->s.id;
        x->kn[2] = "Recipient", x->kv[2] = x->s.recipient;
        out[i].instantiated_path = x->path;
        out[i].key_names = x->kn;
        out[i].key_values = x->kv;
        out[i].n_keys = 3;
        attrs |= is_vc(&x->s);
        px_info("%s: subscription %s created: %s %s on %s", agent, x->s.id,
                px_notif_type_name(x->s.notif_type), x->s.enable ? "enabled" : "disabled",
                x->s.reference_list);
    }
    if (map_add_response(usp_msg_id(req), partial, out, n, &m) != 0)
        m = NULL;
    for (i = 0; i < n; i++)
        if (out[i].instantiated_path)
            px_notify_obj_creation(d, dev_key, agent, o[i].path, o[i].kn, o[i].kv, 3);
    if (attrs)
        px_attrs_enqueue(d, dev_key, 1);
    goto done;
oom:
    m = NULL;
done:
    if (m)
        px_publish_after_commit(d, agent, controller, reply_topic, m);
    else
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "out of memory building the response");
    for (i = 0; o && i < n; i++) {
        px_sub_clear(&o[i].s);
        free(o[i].pe);
        free(o[i].pmsg);
    }
    px_subs_free(all, n_all); /* only the loaded ones are owned */
    free(o);
    free(out);
}

/* ---------------------------------------------------------------------
 * Delete.
 * ------------------------------------------------------------------- */

void px_subs_handle_delete(struct px_daemon *d, const char *dev_key, const char *agent,
                           const char *controller, const char *reply_topic,
                           const struct usp_msg *req)
{
    size_t i, k, n = usp_delete_path_count(req), na = 0;
    int partial = usp_msg_allow_partial(req), failed = 0, attrs = 0;
    struct map_delete_outcome *o = calloc(n ? n : 1, sizeof *o);
    char(*msg)[MSG_LEN] = calloc(n ? n : 1, sizeof *msg);
    struct usp_path_list *lists = calloc(n ? n : 1, sizeof *lists);
    const char **aff = NULL;
    struct map_values vs = {0};
    struct usp_msg *m = NULL;

    if (!o || !msg || !lists)
        goto out;
    px_synth_add(d, agent, &vs);
    for (i = 0; i < n; i++) {
        const char *path = usp_delete_path(req, i);
        int rc = map_resolve(path, &vs, &lists[i], msg[i], MSG_LEN);
        o[i].requested_path = path;
        for (k = 0; !rc && k < lists[i].n; k++) {
            const char *p = lists[i].paths[k];
            size_t l = strlen(p);
            if (!l || p[l - 1] != '.')
                continue;
            if (!map_path_is_instance(p)) {
                rc = USP_ERR_NOT_A_TABLE;
                snprintf(msg[i], MSG_LEN, "%.150s is not an object instance", p);
            } else if (!sub_instance(p)) {
                rc = USP_ERR_DELETE_FAILURE;
                snprintf(msg[i], MSG_LEN, "%.150s is maintained by the proxy and cannot be deleted",
                         p);
            } else {
                na++;
            }
        }
        o[i].err = (uint32_t)rc;
        o[i].err_msg = msg[i];
        failed |= rc != 0;
    }
    aff = calloc(na ? na : 1, sizeof *aff);
    if (!aff)
        goto out;
    na = 0;
    for (i = 0; i < n; i++) {
        o[i].affected = &aff[na];
        if (o[i].err || (failed && !partial))
            continue; /* R-DEL.1: nothing is deleted */
        for (k = 0; k < lists[i].n; k++) {
            const char *p = lists[i].paths[k];
            uint32_t inst = sub_instance(p);
            struct px_sub s;
            if (!inst || px_subs_get(d->store, dev_key, inst, &s) != 0)
                continue; /* a duplicate of an earlier path, or gone */
            attrs |= is_vc(&s);
            px_sub_clear(&s);
            if (px_subs_delete(d->store, dev_key, inst) != 0)
                continue;
            px_info("%s: subscription %s deleted", agent, p);
            aff[na++] = p;
            o[i].n_affected++;
            px_notify_obj_deletion(d, dev_key, agent, p);
        }
    }
    if (map_delete_response(usp_msg_id(req), partial, o, n, &m) != 0)
        m = NULL;
    if (attrs)
        px_attrs_enqueue(d, dev_key, 1);
out:
    if (m)
        px_publish_after_commit(d, agent, controller, reply_topic, m);
    else
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "out of memory building the response");
    for (i = 0; lists && i < n; i++)
        usp_path_list_free(&lists[i]);
    map_values_free(&vs);
    free(lists);
    free(aff);
    free(msg);
    free(o);
}

/* ---------------------------------------------------------------------
 * Set.
 * ------------------------------------------------------------------- */

int px_subs_owns_set(const struct usp_msg *req)
{
    size_t i, n = usp_msg_obj_count(req);
    for (i = 0; i < n; i++) {
        char name[MAP_NAME_MAX], why[200];
        if (map_get_fetch_name(usp_msg_obj_path(req, i), name, sizeof name, why, sizeof why) ||
            !px_synth_owns(name))
            return 0;
    }
    return n > 0;
}

struct set_inst {
    size_t obj;
    char path[64];
    struct px_sub s; /* the changed copy; s.instance 0: not a subscription */
    int vc_before;
    uint32_t err;
    char msg[MSG_LEN];
    struct map_param_err *pe; /* per setting: err 0 = applied */
    char (*pmsg)[MSG_LEN];
    const char **value;
    size_t n;
};

static void set_one(struct px_daemon *d, const struct usp_msg *req, struct set_inst *in,
                    const struct px_sub *all, size_t n_all)
{
    size_t j, np = usp_msg_param_count(req, in->obj);

    in->pe = calloc(np ? np : 1, sizeof *in->pe);
    in->pmsg = calloc(np ? np : 1, sizeof *in->pmsg);
    in->value = calloc(np ? np : 1, sizeof *in->value);
    if (!in->pe || !in->pmsg || !in->value) {
        in->err = USP_ERR_RESOURCES_EXCEEDED;
        snprintf(in->msg, MSG_LEN, "out of memory");
        return;
    }
    for (j = 0; j < np; j++) {
        struct usp_param_setting ps;
        uint32_t rc;
        if (usp_msg_param(req, in->obj, j, &ps) != 0)
            break;
        if (in->s.instance) {
            rc = apply(d, &in->s, ps.param, ps.value, in->pmsg[j]);
            if (!rc && (strcmp(ps.param, "ID") == 0 || strcmp(ps.param, "Alias") == 0) &&
                key_taken(all, n_all, &in->s, ps.param[0] == 'I', ps.value)) {
                rc = USP_ERR_DUPLICATE_UNIQUE_KEY;
                snprintf(in->pmsg[j], MSG_LEN, "another subscription has %s \"%.64s\"", ps.param,
                         ps.value);
            }
        } else {
            rc = USP_ERR_PARAM_NOT_WRITEABLE;
            snprintf(in->pmsg[j], MSG_LEN, "%.100s is maintained by the proxy and read-only",
                     ps.param);
        }
        in->pe[j].path = ps.param;
        in->pe[j].err = rc;
        in->pe[j].err_msg = in->pmsg[j];
        in->value[j] = ps.value;
        in->n = j + 1;
        if (rc && ps.required && !in->err) {
            in->err = USP_ERR_REQUIRED_PARAM_FAILED;
            snprintf(in->msg, MSG_LEN, "required parameter %.60s of %.60s failed", ps.param,
                     in->path);
        }
    }
}

static struct usp_msg *set_error(const struct usp_msg *req, const uint32_t *obj_err,
                                 char (*obj_msg)[MSG_LEN], const struct set_inst *in, size_t ni)
{
    uint32_t code = 0;
    const char *text = NULL;
    struct usp_msg *e;
    size_t i, j, n = usp_msg_obj_count(req);
    char full[MAP_NAME_MAX];

    for (i = 0; i < n && !code; i++)
        if (obj_err[i])
            code = obj_err[i], text = obj_msg[i];
    for (i = 0; i < ni && !code; i++)
        if (in[i].err)
            code = in[i].err, text = in[i].msg;
    e = usp_error_new(usp_msg_id(req), code, text);
    for (i = 0; e && i < n; i++)
        if (obj_err[i] &&
            usp_error_add_param_err(e, usp_msg_obj_path(req, i), obj_err[i], obj_msg[i]))
            goto oom;
    for (i = 0; e && i < ni; i++)
        for (j = 0; j < in[i].n; j++) {
            if (!in[i].pe[j].err)
                continue;
            snprintf(full, sizeof full, "%s%s", in[i].path, in[i].pe[j].path);
            if (usp_error_add_param_err(e, full, in[i].pe[j].err, in[i].pe[j].err_msg))
                goto oom;
        }
    return e;
oom:
    usp_msg_free(e);
    return NULL;
}

static int set_result(struct usp_msg *m, const struct usp_msg *req, size_t obj, uint32_t obj_err,
                      const char *obj_msg, const struct set_inst *in, size_t ni)
{
    const char *path = usp_msg_obj_path(req, obj);
    const struct set_inst *bad = NULL;
    size_t i, j;

    if (obj_err)
        return usp_setresp_add_failure(m, path, obj_err, obj_msg);
    for (i = 0; i < ni && !bad; i++)
        if (in[i].obj == obj && in[i].err)
            bad = &in[i];
    if (bad ? usp_setresp_add_failure(m, path, bad->err, bad->msg)
            : usp_setresp_add_success(m, path))
        return -1;
    for (i = 0; i < ni; i++) {
        if (in[i].obj != obj || (bad && !in[i].err))
            continue;
        if (usp_setresp_add_inst(m, in[i].path))
            return -1;
        for (j = 0; j < in[i].n; j++) {
            if (!in[i].pe[j].err && !bad &&
                usp_setresp_add_updated_param(m, in[i].pe[j].path, in[i].value[j]))
                return -1;
            if (in[i].pe[j].err && usp_setresp_add_param_err(m, in[i].pe[j].path, in[i].pe[j].err,
                                                             in[i].pe[j].err_msg))
                return -1;
        }
    }
    return 0;
}

void px_subs_handle_set(struct px_daemon *d, const char *dev_key, const char *agent,
                        const char *controller, const char *reply_topic, const struct usp_msg *req)
{
    size_t i, k, n = usp_msg_obj_count(req), ni = 0, n_all = 0;
    int partial = usp_msg_allow_partial(req), failed = 0, attrs = 0;
    uint32_t *obj_err = calloc(n ? n : 1, sizeof *obj_err);
    char(*obj_msg)[MSG_LEN] = calloc(n ? n : 1, sizeof *obj_msg);
    struct set_inst *in = NULL, *grown;
    struct px_sub *all = NULL;
    struct map_values vs = {0};
    struct usp_msg *m = NULL;

    if (!obj_err || !obj_msg || px_subs_load(d->store, dev_key, &all, &n_all) != 0)
        goto out;
    px_synth_add(d, agent, &vs);
    for (i = 0; i < n; i++) {
        const char *path = usp_msg_obj_path(req, i);
        struct usp_path_list list = {0};
        int rc = map_resolve(path, &vs, &list, obj_msg[i], MSG_LEN);
        size_t found = 0;
        for (k = 0; !rc && k < list.n; k++) {
            const char *p = list.paths[k];
            size_t l = strlen(p);
            struct set_inst *x;
            if (!l || p[l - 1] != '.' || l >= sizeof in->path)
                continue;
            grown = realloc(in, (ni + 1) * sizeof *in);
            if (!grown) {
                usp_path_list_free(&list);
                goto out;
            }
            in = grown;
            x = &in[ni++];
            memset(x, 0, sizeof *x);
            x->obj = i;
            snprintf(x->path, sizeof x->path, "%s", p);
            if (sub_instance(p) && px_subs_get(d->store, dev_key, sub_instance(p), &x->s) != 0)
                memset(&x->s, 0, sizeof x->s);
            x->vc_before = is_vc(&x->s);
            set_one(d, req, x, all, n_all);
            failed |= x->err != 0;
            found++;
        }
        usp_path_list_free(&list);
        if (!rc && !found) {
            rc = USP_ERR_OBJECT_DOES_NOT_EXIST;
            snprintf(obj_msg[i], MSG_LEN, "%.150s matches no object", path);
        }
        obj_err[i] = (uint32_t)rc;
        failed |= rc != 0;
    }
    if (failed && !partial) {
        m = set_error(req, obj_err, obj_msg, in, ni);
        goto out;
    }
    for (k = 0; k < ni; k++) {
        if (in[k].err || !in[k].s.instance)
            continue;
        if (px_subs_put(d->store, dev_key, &in[k].s) != 0) {
            px_err("%s: cannot store %s: %s", agent, in[k].path, px_store_errmsg(d->store));
            continue;
        }
        /* the CPE's attributes follow the ValueChange subscriptions */
        attrs |= in[k].vc_before || is_vc(&in[k].s);
    }
    m = usp_setresp_new(usp_msg_id(req));
    for (i = 0; m && i < n; i++)
        if (set_result(m, req, i, obj_err[i], obj_msg[i], in, ni) != 0) {
            usp_msg_free(m);
            m = NULL;
        }
    if (attrs)
        px_attrs_enqueue(d, dev_key, 1);
out:
    if (m)
        px_publish_after_commit(d, agent, controller, reply_topic, m);
    else
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "out of memory building the response");
    for (k = 0; k < ni; k++) {
        px_sub_clear(&in[k].s);
        free(in[k].pe);
        free(in[k].pmsg);
        free(in[k].value);
    }
    free(in);
    px_subs_free(all, n_all);
    map_values_free(&vs);
    free(obj_err);
    free(obj_msg);
}
