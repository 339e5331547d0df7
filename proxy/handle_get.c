/*
 * handle_get.c - USP Get for a proxied agent (TR-369 "Get"): answered
 * from the parameter cache when every fetch name is fresh and known
 * complete (fetch.c), else planned as GetParameterValues in the CPE's
 * session (px_get_ops). The GetResp is built by mapping/get.c; CWMP
 * faults become per-path errors (MAP_CTX_GET).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/log.h"
#include "proxy/px.h"

static const char *get_path_at(const void *req, size_t i)
{
    return usp_get_path(req, i);
}

/* The GetResp of req from what f fetched (or loaded from the cache),
 * merged with the agent's synthesized objects. */
static struct usp_msg *build_resp(struct px_daemon *d, const char *dev_key, const char *agent,
                                  const struct usp_msg *req, struct px_fetch *f)
{
    struct usp_msg *resp = usp_getresp_new(usp_msg_id(req));
    size_t i;

    if (!resp)
        return NULL;
    px_synth_add(d, agent, &f->vals);
    for (i = 0; i < usp_get_path_count(req); i++) {
        const char *path = usp_get_path(req, i);
        char name[MAP_NAME_MAX], why[240], text[400];
        int rc = map_get_fetch_name(path, name, sizeof name, why, sizeof why), bad, j;
        if (rc) {
            bad = usp_getresp_add_path_result(resp, path, (uint32_t)rc, why);
        } else if ((j = px_fetch_index(f, name)) >= 0 && f->fault[j]) {
            px_fetch_fault_text(f, (size_t)j, text, sizeof text);
            bad = usp_getresp_add_path_result(
                resp, path, (uint32_t)map_fault_to_usp(f->fault[j], MAP_CTX_GET), text);
        } else {
            bad = map_get_add_result(resp, path, usp_get_max_depth(req), &f->vals,
                                     px_fetch_object_exists(d, dev_key, f, j, path, name));
        }
        if (bad) {
            usp_msg_free(resp);
            return NULL;
        }
    }
    return resp;
}

static const struct px_fetch_kind get_kind = {
    "Get", PX_PLAN_GET, usp_get_path_count, get_path_at, build_resp,
};

void px_handle_get(struct px_daemon *d, const char *dev_key, const char *agent,
                   const char *controller, const char *reply_topic, const struct usp_msg *req)
{
    px_fetch_answer(d, dev_key, agent, controller, reply_topic, req, &get_kind);
}

/* The plan: the fetch (fetch_plan.c), then the GetResp. */

static int get_start(struct px_work *w)
{
    return px_fetch_plan_start(w, &get_kind);
}

static struct usp_msg *get_finish(struct px_work *w)
{
    return build_resp(w->d, w->dev_key, w->agent, w->req, w->state);
}

const struct px_plan_ops px_get_ops = {
    PX_PLAN_GET, get_start,          px_fetch_plan_next_rpc, px_fetch_plan_on_response,
    get_finish,  px_fetch_plan_free,
};
