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
#include "proxy/px.h"

static const char *inst_path_at(const void *req, size_t i)
{
    return usp_getinst_path(req, i);
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
                                           px_fetch_object_exists(d, dev_key, f, j, path, name),
                                           keys_of, NULL);
        }
        if (bad) {
            usp_msg_free(resp);
            return NULL;
        }
    }
    return resp;
}

static const struct px_fetch_kind getinst_kind = {
    "GetInstances", PX_PLAN_GET_INSTANCES, usp_getinst_path_count, inst_path_at, build_resp,
};

void px_handle_get_instances(struct px_daemon *d, const char *dev_key, const char *agent,
                             const char *controller, const char *reply_topic,
                             const struct usp_msg *req)
{
    px_fetch_answer(d, dev_key, agent, controller, reply_topic, req, &getinst_kind);
}

/* The plan: the fetch (fetch_plan.c), then the GetInstancesResp. */

static int gi_start(struct px_work *w)
{
    return px_fetch_plan_start(w, &getinst_kind);
}

static struct usp_msg *gi_finish(struct px_work *w)
{
    return build_resp(w->d, w->dev_key, w->agent, w->req, w->state);
}

const struct px_plan_ops px_getinst_ops = {
    PX_PLAN_GET_INSTANCES,     gi_start,  px_fetch_plan_next_rpc,
    px_fetch_plan_on_response, gi_finish, px_fetch_plan_free,
};
