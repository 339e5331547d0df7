/*
 * fetch_plan.c - what Get and GetInstances share: the request's paths are
 * one fetch (fetch.c). The request is answered from the cache when every
 * fetch name is fresh, else queued as a plan whose state is that fetch;
 * either way the kind's build function turns the values into the
 * response. Also: whether a concrete object path with nothing below it is
 * an empty table rather than an unknown path.
 */
#include <stdlib.h>
#include <string.h>

#include "proxy/log.h"
#include "proxy/params.h"
#include "proxy/px.h"

/* Synthesized tables that exist even with no instance. */
static const char *const synth_tables[] = {
    "Device.LocalAgent.Controller.",
    "Device.LocalAgent.MTP.",
    "Device.LocalAgent.Subscription.",
    "Device.LocalAgent.Request.",
};

int px_fetch_object_exists(struct px_daemon *d, const char *dev_key, const struct px_fetch *f,
                           int j, const char *path, const char *name)
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

void px_fetch_answer(struct px_daemon *d, const char *dev_key, const char *agent,
                     const char *controller, const char *reply_topic, const struct usp_msg *req,
                     const struct px_fetch_kind *k)
{
    struct px_fetch f;

    if (px_fetch_init(&f, k->path_count(req), k->path_at, req) != 0) {
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "out of memory");
        return;
    }
    if (px_fetch_cache_fresh(d, dev_key, &f)) {
        struct usp_msg *resp;
        px_fetch_from_cache(d, dev_key, &f);
        resp = k->build(d, dev_key, agent, req, &f);
        px_debug("%s: %s %s answered from the cache", dev_key, k->name, usp_msg_id(req));
        if (resp)
            px_publish_after_commit(d, agent, controller, reply_topic, resp);
        else
            px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                           USP_ERR_RESOURCES_EXCEEDED, "out of memory");
        px_fetch_clear(&f);
        return;
    }
    px_fetch_clear(&f);
    if (px_work_enqueue(d, dev_key, agent, controller, reply_topic, k->plan, req) != 0)
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "the proxy could not queue the request");
}

int px_fetch_plan_start(struct px_work *w, const struct px_fetch_kind *k)
{
    struct px_fetch *f = malloc(sizeof *f);
    if (!f || px_fetch_init(f, k->path_count(w->req), k->path_at, w->req) != 0) {
        free(f);
        return -1;
    }
    w->state = f;
    return 0;
}

struct cwmp_msg *px_fetch_plan_next_rpc(struct px_work *w)
{
    return px_fetch_next_rpc(w->state, w);
}

void px_fetch_plan_on_response(struct px_work *w, const struct cwmp_msg *resp)
{
    px_fetch_on_response(w->state, w, resp);
}

void px_fetch_plan_free(struct px_work *w)
{
    if (w->state)
        px_fetch_clear(w->state);
    free(w->state);
    w->state = NULL;
}
