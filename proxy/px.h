/*
 * px.h - internal interface of the cwmp2uspd daemon: the daemon object
 * that ties the event loop, the LMDB store, the ACS (cwmp/), the MQTT
 * MTP (usp/) and the request handlers together, and the contracts
 * between the files of proxy/ (daemon.c, acs.c, agent.c, usp_rx.c,
 * work.c, handle_*.c).
 *
 * Request lifecycle (docs/ARCHITECTURE.md, "proxy/: the daemon"):
 *   MQTT PUBLISH -> agent.c -> usp_rx.c (Record checks, controller check)
 *   -> handle_<msg>.c: answered at once (cache, synthesized) or turned
 *   into a plan and pushed on the device's queue in LMDB; after the
 *   commit the CPE is woken (connection request) unless it is in a
 *   session -> acs.c serves the queue in the CPE's session: the plan's
 *   ops (struct px_plan_ops) send CWMP RPCs and take their answers ->
 *   the plan builds the USP response, the queue entry is removed, and the
 *   response is published after that commit.
 */
#ifndef PROXY_PX_H
#define PROXY_PX_H

#include <stddef.h>
#include <stdint.h>

#include "cwmp/cwmp.h"
#include "mapping/mapping.h"
#include "proxy/config.h"
#include "proxy/device.h"
#include "proxy/queue.h"
#include "proxy/store.h"
#include "usp/usp.h"

struct event;
struct event_base;

/* Plan kinds (the first bytes of a queue entry's plan). Numbers are
 * stored on disk: append only. */
enum px_plan_kind {
    PX_PLAN_GET = 1,     /* USP Get -> GetParameterValues */
    PX_PLAN_OPERATE = 2, /* USP Operate Device.Reboot() / FactoryReset() */
    PX_PLAN_SET = 3,     /* USP Set -> GetParameterValues, SetParameterValues */
    PX_PLAN_ADD = 4,     /* USP Add -> AddObject, GetParameterValues, SPV */
    PX_PLAN_DELETE = 5,  /* USP Delete -> GetParameterValues, DeleteObject */
};

#define PX_PLAN_VERSION 1

struct px_session;
struct px_work;

/*
 * What a plan kind does in a CWMP session. next_rpc returns the next
 * request to send (a cwmp_msg_new() message, freed by the caller) or NULL
 * when the plan is complete; on_response takes the CPE's answer (a
 * response or a Fault); finish builds the USP response to publish (NULL
 * when out of memory: an Error is sent instead); free_state frees
 * work->state.
 */
struct px_plan_ops {
    enum px_plan_kind kind;
    int (*start)(struct px_work *w); /* decodes w->req into w->state: 0 or -1 */
    struct cwmp_msg *(*next_rpc)(struct px_work *w);
    void (*on_response)(struct px_work *w, const struct cwmp_msg *resp);
    struct usp_msg *(*finish)(struct px_work *w);
    void (*free_state)(struct px_work *w);
};

/* A queue entry being executed in a session. */
struct px_work {
    struct px_daemon *d;
    char dev_key[PX_DEVICE_KEY_MAX + 1];
    char agent[PX_ENDPOINT_ID_MAX + 1]; /* the proxied agent's Endpoint ID */
    uint64_t seq;
    char *msg_id;
    char *controller;
    char *reply_topic;
    struct usp_msg *req; /* the decoded USP request */
    const struct px_plan_ops *ops;
    void *state;
    int no_response; /* set by finish: nothing to send (Operate send_resp false) */
};

/* One live CWMP session (cwmp_session_data). */
struct px_session {
    struct px_daemon *d;
    struct cwmp_session *cs;
    char dev_key[PX_DEVICE_KEY_MAX + 1];
    char endpoint_id[PX_ENDPOINT_ID_MAX + 1];
    int turn;             /* 1: acs_turn given, nothing sent yet */
    struct px_work *work; /* the entry in progress, NULL between entries */
    struct px_session *next, *prev;
};

struct px_daemon {
    struct event_base *base;
    struct px_config cfg;
    char *cfg_path; /* NULL: built-in defaults */
    struct px_store *store;
    struct cwmp_server *acs;
    struct cwmp_connreq_client *connreq;
    struct usp_mqtt *mqtt;
    struct px_session *sessions; /* live sessions (a list: few at a time) */
    struct px_admin *admin;      /* the admin socket (admin.c) */
    struct event *ev_expire;
    struct event *ev_sigterm, *ev_sigint, *ev_sighup;
    int stopping;
    uint64_t msg_counter; /* for msg_ids of what the proxy originates */
};

/* ---- daemon.c, publish.c ---- */
/* cfg is moved into the daemon (zeroed in the caller), also on failure. */
int px_daemon_new(struct px_daemon **out, struct px_config *cfg, const char *cfg_path, char *err,
                  size_t errlen);
int px_daemon_run(struct px_daemon *d);
void px_daemon_free(struct px_daemon *d);
const struct px_controller *px_daemon_controller(const struct px_daemon *d,
                                                 const char *endpoint_id);

/*
 * Publishes msg from agent to controller (to reply_topic when not empty,
 * else the controller's configured topic) once the current turn has
 * committed; nothing is published when the commit fails; when the broker
 * cannot take it, it waits in the outbox (publish.c). Takes msg.
 */
void px_publish_after_commit(struct px_daemon *d, const char *agent, const char *controller,
                             const char *reply_topic, struct usp_msg *msg);
/* Publishes the outbox entries that are due (the broker was away). */
void px_outbox_flush(struct px_daemon *d);
/* Answers a request with a USP Error (after the commit). */
void px_reply_error(struct px_daemon *d, const char *agent, const char *controller,
                    const char *reply_topic, const char *msg_id, uint32_t code, const char *text);

/* ---- acs.c ---- */
int px_acs_start(struct px_daemon *d, char *err, size_t errlen);
/* Gets work for dev_key going: serves it in the live session, or sends a
 * connection request. Call after the commit that made the work durable. */
void px_acs_wake(struct px_daemon *d, const char *dev_key);
struct px_session *px_acs_session(struct px_daemon *d, const char *dev_key);

/* ---- agent.c ---- */
int px_agent_start(struct px_daemon *d, char *err, size_t errlen);
/* Registers a proxied agent on MQTT (no-op when already registered). */
int px_agent_add(struct px_daemon *d, const char *endpoint_id);

/* ---- usp_rx.c ---- */
void px_usp_receive(struct px_daemon *d, const char *agent_id, const uint8_t *payload, size_t len,
                    const char *reply_to);

/* ---- work.c: the queue, plans, expiry ---- */
/* Makes a plan of kind for req and pushes it on dev_key's queue; after the
 * commit the device is woken (or, when the commit fails, the request is
 * answered with an Error). */
int px_work_enqueue(struct px_daemon *d, const char *dev_key, const char *agent,
                    const char *controller, const char *reply_topic, enum px_plan_kind kind,
                    const struct usp_msg *req);
/* Loads the first queue entry of dev_key as work (NULL when the queue is
 * empty; entries that cannot be decoded are answered and dropped). */
struct px_work *px_work_load_head(struct px_daemon *d, const char *dev_key, const char *agent);
/* The plan is complete: build the response, remove the entry, publish
 * after the commit; frees w. -1 when the entry could not be removed (a
 * store failure: stop serving this session). */
int px_work_complete(struct px_work *w, const char *agent);
void px_work_free(struct px_work *w);
/* Answers and removes every entry past its deadline (cpe_wait_timeout). */
void px_work_expire(struct px_daemon *d);
/* After a start: wake every device with queued entries. */
void px_work_recover(struct px_daemon *d);
const struct px_plan_ops *px_plan_ops_for(enum px_plan_kind kind);

/* ---- fetch.c: GetParameterValues of a set of USP paths ---- */
/*
 * The fetch names of USP paths (map_get_fetch_name; malformed paths have
 * none), fetched with one GetParameterValues of all names, or, after a
 * fault, one name per GetParameterValues so one bad name does not fail
 * the others. Results go to vals (with their types) and to the cache: a
 * partial name's cached subtree is replaced and marked complete (see
 * handle_get.c).
 */
struct px_fetch {
    char **names;
    size_t n_names;
    int *fault;        /* per name: CWMP fault code, 0 = fetched */
    char **fault_text; /* per name */
    int per_name;      /* one name per GetParameterValues after a fault */
    size_t next;       /* per_name: the next name to send */
    int sent_all;
    struct map_values vals; /* sorted by px_fetch_values() */
};
/* paths[i] = path_at(arg, i). 0, or -1 when out of memory. */
int px_fetch_init(struct px_fetch *f, size_t n, const char *(*path_at)(const void *arg, size_t i),
                  const void *arg);
void px_fetch_clear(struct px_fetch *f);
/* The next GetParameterValues, or NULL when the fetch is complete. */
struct cwmp_msg *px_fetch_next_rpc(struct px_fetch *f);
void px_fetch_on_response(struct px_fetch *f, struct px_work *w, const struct cwmp_msg *resp);
/* Index of name among the fetch names, or -1. */
int px_fetch_index(const struct px_fetch *f, const char *name);
/* Whether the fetch names are all fresh in the cache (cache_max_age). */
int px_fetch_cache_fresh(struct px_daemon *d, const char *dev_key, const struct px_fetch *f);
/* Loads the cached values under every fetch name into f->vals. */
void px_fetch_from_cache(struct px_daemon *d, const char *dev_key, struct px_fetch *f);
/* Writes "the CPE answered CWMP fault N (text)" for fetch name i. */
void px_fetch_fault_text(const struct px_fetch *f, size_t i, char *buf, size_t len);

/* ---- synth.c: Device.LocalAgent., answered by the proxy ---- */
/* Whether a fetch name or path lies in the synthesized objects. */
int px_synth_owns(const char *name);
/* Adds the synthesized values of agent to vs (and sorts it). */
void px_synth_add(const struct px_daemon *d, const char *agent, struct map_values *vs);

/* ---- handle_*.c ---- */
void px_handle_get(struct px_daemon *d, const char *dev_key, const char *agent,
                   const char *controller, const char *reply_topic, const struct usp_msg *req);
void px_handle_gsp(struct px_daemon *d, const char *agent, const char *controller,
                   const char *reply_topic, const struct usp_msg *req);
void px_handle_operate(struct px_daemon *d, const char *dev_key, const char *agent,
                       const char *controller, const char *reply_topic, const struct usp_msg *req);
void px_handle_set(struct px_daemon *d, const char *dev_key, const char *agent,
                   const char *controller, const char *reply_topic, const struct usp_msg *req);
extern const struct px_plan_ops px_get_ops;
extern const struct px_plan_ops px_operate_ops;
extern const struct px_plan_ops px_set_ops;
void px_handle_add(struct px_daemon *d, const char *dev_key, const char *agent,
                   const char *controller, const char *reply_topic, const struct usp_msg *req);
void px_handle_delete(struct px_daemon *d, const char *dev_key, const char *agent,
                      const char *controller, const char *reply_topic, const struct usp_msg *req);
extern const struct px_plan_ops px_add_ops;
extern const struct px_plan_ops px_delete_ops;
/* An object was added or deleted under path: every cached completeness
 * marker at or above it is aged out so the next Get asks the CPE
 * (handle_delete.c). */
void px_cache_stale(struct px_daemon *d, const char *dev_key, const char *path);

#endif /* PROXY_PX_H */
