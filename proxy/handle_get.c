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
#include "proxy/params.h"
#include "proxy/px.h"

static const char *get_path_at(const void *req, size_t i)
{
    return usp_get_path(req, i);
}

/* Synthesized tables that exist even with no instance. */
static const char *const synth_tables[] = {
    "Device.LocalAgent.Controller.",
    "Device.LocalAgent.MTP.",
    "Device.LocalAgent.Subscription.",
    "Device.LocalAgent.Request.",
};

/*
 * Whether the concrete object path (its own fetch name, index j) is known
 * to exist, so that finding no values under it means an empty table, not
 * 7026: a synthesized table, or a CPE object whose GetParameterValues
 * succeeded and left a completeness marker at exactly that name.
 */
static int object_exists(struct px_daemon *d, const char *dev_key, const struct px_fetch *f, int j,
                         const char *path, const char *name)
{
    struct px_param marker;
    size_t len = strlen(path);

    for (size_t i = 0; i < sizeof synth_tables / sizeof synth_tables[0]; i++)
        if (!strcmp(path, synth_tables[i]))
            return 1;
    if (j < 0 || f->fault[j] || len == 0 || path[len - 1] != '.' || strcmp(path, name) != 0 ||
        px_synth_owns(name))
        return 0;
    if (px_params_get(d->store, dev_key, name, &marker) != 0)
        return 0;
    free((void *)marker.value);
    return 1;
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
                                     object_exists(d, dev_key, f, j, path, name));
        }
        if (bad) {
            usp_msg_free(resp);
            return NULL;
        }
    }
    return resp;
}

void px_handle_get(struct px_daemon *d, const char *dev_key, const char *agent,
                   const char *controller, const char *reply_topic, const struct usp_msg *req)
{
    struct px_fetch f;

    if (px_fetch_init(&f, usp_get_path_count(req), get_path_at, req) != 0) {
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "out of memory");
        return;
    }
    if (px_fetch_cache_fresh(d, dev_key, &f)) {
        struct usp_msg *resp;
        px_fetch_from_cache(d, dev_key, &f);
        resp = build_resp(d, dev_key, agent, req, &f);
        px_debug("%s: Get %s answered from the cache", dev_key, usp_msg_id(req));
        if (resp)
            px_publish_after_commit(d, agent, controller, reply_topic, resp);
        else
            px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                           USP_ERR_RESOURCES_EXCEEDED, "out of memory");
        px_fetch_clear(&f);
        return;
    }
    px_fetch_clear(&f);
    if (px_work_enqueue(d, dev_key, agent, controller, reply_topic, PX_PLAN_GET, req) != 0)
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "the proxy could not queue the request");
}

/* ---------------------------------------------------------------------
 * The plan: the fetch, then the GetResp.
 * ------------------------------------------------------------------- */

static int get_start(struct px_work *w)
{
    struct px_fetch *f = malloc(sizeof *f);
    if (!f || px_fetch_init(f, usp_get_path_count(w->req), get_path_at, w->req) != 0) {
        free(f);
        return -1;
    }
    w->state = f;
    return 0;
}

static struct cwmp_msg *get_next_rpc(struct px_work *w)
{
    return px_fetch_next_rpc(w->state, w);
}

static void get_on_response(struct px_work *w, const struct cwmp_msg *resp)
{
    px_fetch_on_response(w->state, w, resp);
}

static struct usp_msg *get_finish(struct px_work *w)
{
    return build_resp(w->d, w->dev_key, w->agent, w->req, w->state);
}

static void get_free(struct px_work *w)
{
    if (w->state)
        px_fetch_clear(w->state);
    free(w->state);
    w->state = NULL;
}

const struct px_plan_ops px_get_ops = {
    PX_PLAN_GET, get_start, get_next_rpc, get_on_response, get_finish, get_free,
};
