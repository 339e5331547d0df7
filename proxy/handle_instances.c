/*
 * handle_instances.c - USP GetInstances for a proxied agent (TR-369
 * "GetInstances"). The instances come from the same fetch as a Get
 * (fetch.c): GetParameterValues of each path's fetch name (one RPC for
 * all paths; the GetParameterNames fallback for CPEs that cannot
 * GetParameterValues a partial path), or the parameter cache when every
 * fetch name is fresh. GetParameterValues rather than GetParameterNames:
 * one RPC gives both the instances and their unique keys (Alias), and
 * fills the cache for the Gets that usually follow. Device.LocalAgent.
 * tables are answered by the proxy (synth.c). The result per path is
 * built by mapping/instances.c; CWMP faults become per-path errors
 * (MAP_CTX_GET: 9005 -> 7026).
 */
#include <stdlib.h>
#include <string.h>

#include "proxy/log.h"
#include "proxy/params.h"
#include "proxy/px.h"

static const char *inst_path_at(const void *req, size_t i)
{
    return usp_getinst_path(req, i);
}

/* Synthesized tables that exist even with no instance. */
static const char *const synth_tables[] = {
    "Device.LocalAgent.Controller.",
    "Device.LocalAgent.MTP.",
    "Device.LocalAgent.Subscription.",
    "Device.LocalAgent.Request.",
};

/* Whether the concrete object path (its own fetch name, index j) is known
 * to exist with nothing below it: a synthesized table, or a CPE object
 * whose GetParameterValues succeeded and left a completeness marker. */
static int object_exists(struct px_daemon *d, const char *dev_key, const struct px_fetch *f, int j,
                         const char *path, const char *name)
{
    struct px_param marker;

    for (size_t i = 0; i < sizeof synth_tables / sizeof synth_tables[0]; i++)
        if (!strcmp(path, synth_tables[i]))
            return 1;
    if (j < 0 || f->fault[j] || strcmp(path, name) != 0 || px_synth_owns(name))
        return 0;
    if (px_params_get(d->store, dev_key, name, &marker) != 0)
        return 0;
    free((void *)marker.value);
    return 1;
}

static const char *const *keys_of(void *arg, const char *instance)
{
    (void)arg;
    return px_synth_instance_keys(instance);
}

static struct usp_msg *build_resp(struct px_daemon *d, const char *dev_key, const char *agent,
                                  const struct usp_msg *req, struct px_fetch *f)
{
    struct usp_msg *resp = usp_getinstresp_new(usp_msg_id(req));
    int flo = usp_getinst_first_level_only(req);

    if (!resp)
        return NULL;
    px_synth_add(d, agent, &f->vals);
    for (size_t i = 0; i < usp_getinst_path_count(req); i++) {
        const char *path = usp_getinst_path(req, i);
        char name[MAP_NAME_MAX], why[240], text[400];
        int rc = map_get_fetch_name(path, name, sizeof name, why, sizeof why), bad, j = -1;
        if (rc) {
            bad = usp_getinstresp_add_path_result(resp, path, (uint32_t)rc, why);
        } else if ((j = px_fetch_index(f, name)) >= 0 && f->fault[j]) {
            px_fetch_fault_text(f, (size_t)j, text, sizeof text);
            bad = usp_getinstresp_add_path_result(
                resp, path, (uint32_t)map_fault_to_usp(f->fault[j], MAP_CTX_GET), text);
        } else {
            bad = map_instances_add_result(resp, path, flo, &f->vals,
                                           object_exists(d, dev_key, f, j, path, name), keys_of,
                                           NULL);
        }
        if (bad) {
            usp_msg_free(resp);
            return NULL;
        }
    }
    return resp;
}

void px_handle_get_instances(struct px_daemon *d, const char *dev_key, const char *agent,
                             const char *controller, const char *reply_topic,
                             const struct usp_msg *req)
{
    struct px_fetch f;

    if (px_fetch_init(&f, usp_getinst_path_count(req), inst_path_at, req) != 0) {
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "out of memory");
        return;
    }
    if (px_fetch_cache_fresh(d, dev_key, &f)) {
        struct usp_msg *resp;
        px_fetch_from_cache(d, dev_key, &f);
        resp = build_resp(d, dev_key, agent, req, &f);
        px_debug("%s: GetInstances %s answered from the cache", dev_key, usp_msg_id(req));
        if (resp)
            px_publish_after_commit(d, agent, controller, reply_topic, resp);
        else
            px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                           USP_ERR_RESOURCES_EXCEEDED, "out of memory");
        px_fetch_clear(&f);
        return;
    }
    px_fetch_clear(&f);
    if (px_work_enqueue(d, dev_key, agent, controller, reply_topic, PX_PLAN_GET_INSTANCES, req) !=
        0)
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "the proxy could not queue the request");
}

/* ---------------------------------------------------------------------
 * The plan: the fetch, then the GetInstancesResp.
 * ------------------------------------------------------------------- */

static int gi_start(struct px_work *w)
{
    struct px_fetch *f = malloc(sizeof *f);
    if (!f || px_fetch_init(f, usp_getinst_path_count(w->req), inst_path_at, w->req) != 0) {
        free(f);
        return -1;
    }
    w->state = f;
    return 0;
}

static struct cwmp_msg *gi_next_rpc(struct px_work *w)
{
    return px_fetch_next_rpc(w->state, w);
}

static void gi_on_response(struct px_work *w, const struct cwmp_msg *resp)
{
    px_fetch_on_response(w->state, w, resp);
}

static struct usp_msg *gi_finish(struct px_work *w)
{
    return build_resp(w->d, w->dev_key, w->agent, w->req, w->state);
}

static void gi_free(struct px_work *w)
{
    if (w->state)
        px_fetch_clear(w->state);
    free(w->state);
    w->state = NULL;
}

const struct px_plan_ops px_getinst_ops = {
    PX_PLAN_GET_INSTANCES, gi_start, gi_next_rpc, gi_on_response, gi_finish, gi_free,
};
