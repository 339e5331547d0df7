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
    PX_PLAN_GET = 1,           /* USP Get -> GetParameterValues */
    PX_PLAN_OPERATE = 2,       /* USP Operate Device.Reboot() / FactoryReset() */
    PX_PLAN_SET = 3,           /* USP Set -> GetParameterValues, SetParameterValues */
    PX_PLAN_ADD = 4,           /* USP Add -> AddObject, GetParameterValues, SPV */
    PX_PLAN_DELETE = 5,        /* USP Delete -> GetParameterValues, DeleteObject */
    PX_PLAN_ATTRS = 6,         /* internal: SetParameterAttributes / polling (attrs.c) */
    PX_PLAN_ASYNC = 7,         /* USP Operate of an asynchronous command (ops_run.c) */
    PX_PLAN_OP_RESULT = 8,     /* internal: a diagnostic's results (ops_run.c) */
    PX_PLAN_GET_INSTANCES = 9, /* USP GetInstances -> GetParameterValues (handle_instances.c) */
    PX_PLAN_GSDM = 10,         /* USP GetSupportedDM -> GetParameterNames (handle_gsdm.c) */
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
    uint16_t attempts; /* CWMP sessions that broke while it ran (queue.h) */
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
    int turn;                       /* 1: acs_turn given, nothing sent yet */
    struct px_work *work;           /* the entry in progress, NULL between entries */
    uint32_t flags;                 /* the device's learned flags (quirks.c) */
    enum cwmp_msg_type in_flight;   /* the RPC sent and not answered yet (quirks.c) */
    int in_flight_partial;          /* it is a GetParameterValues of a partial path */
    int probing;                    /* it is the proxy's own GetRPCMethods */
    char *im_object;                /* instmap.c: AddObject/DeleteObject in flight (CPE's name) */
    int replaced;                   /* a newer session of the CPE took over: serves nothing */
    struct px_session *next, *prev; /* d->sessions: every live session */
    struct px_session *hnext;       /* chain of its bucket in d->session_index */
};

struct px_daemon {
    struct event_base *base;
    struct px_config cfg;
    char *cfg_path; /* NULL: built-in defaults */
    struct px_store *store;
    struct cwmp_server *acs;
    struct cwmp_connreq_client *connreq;
    struct usp_mqtt *mqtt;
    struct px_session *sessions;       /* every live session (a list, to walk) */
    struct px_session **session_index; /* by device key: hash buckets (acs.c) */
    size_t session_buckets;            /* a power of two */
    struct px_admin *admin;            /* the admin socket (admin.c) */
    struct event *ev_expire;
    struct event *ev_sigterm, *ev_sigint, *ev_sighup;
    int stopping;
    uint64_t msg_counter;   /* for msg_ids of what the proxy originates */
    int64_t ops_expired_at; /* last scan of pending async operations (ops_run.c) */
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
/* The live session of dev_key (the newest), or NULL: a hash lookup. */
struct px_session *px_acs_session(struct px_daemon *d, const char *dev_key);
/* The session index (px_acs_start makes it; free after cwmp_server_free)
 * and adding / removing a session (list and index). */
int px_acs_sessions_init(struct px_daemon *d);
void px_acs_sessions_free(struct px_daemon *d);
void px_acs_session_link(struct px_daemon *d, struct px_session *s);
void px_acs_session_unlink(struct px_daemon *d, struct px_session *s);

/* ---- agent.c ---- */
int px_agent_start(struct px_daemon *d, char *err, size_t errlen);
/* Registers a proxied agent on MQTT (no-op when already registered). */
int px_agent_add(struct px_daemon *d, const char *endpoint_id);
/* The meta value of a stored Assigned Client Identifier (TR-369 R-MQTT.9):
 * u8 version 1, u16+broker "host:port", u16+ClientId (not empty). */
int px_client_id_encode(const char *broker, const char *client_id, uint8_t **out, size_t *len);
int px_client_id_decode(const uint8_t *val, size_t len, char **broker, char **client_id);

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
 * A partial name the CPE cannot GetParameterValues (fault 9005/9000/9002
 * while GetParameterNames of it works, or a device already known for it:
 * PX_DEVFLAG_PARTIAL_GPV_BROKEN) is fetched the other way:
 * GetParameterNames(name, NextLevel false), then GetParameterValues of
 * the full names, PX_FETCH_BATCH at a time (quirks.c learns the flag).
 */
#define PX_FETCH_BATCH 200
struct px_fetch {
    char **names;
    size_t n_names;
    int *fault;             /* per name: CWMP fault code, 0 = fetched */
    char **fault_text;      /* per name */
    int per_name;           /* one name per GetParameterValues after a fault */
    size_t next;            /* per_name: the next name to send */
    int sent_all;           /* the GetParameterValues of every direct name went out */
    struct map_values vals; /* sorted by px_fetch_values() */
    /* internal (fetch.c) */
    int done;               /* nothing more to send (also after px_fetch_from_cache) */
    int sent;               /* what the RPC in flight was */
    int flags_read;         /* the device's flags were looked at */
    int no_partial;         /* the device cannot GetParameterValues partial paths */
    unsigned char *via_gpn; /* per name: 0 direct, 1/2 fallback to do (2: after a fault), 3 done */
    size_t fb;              /* the name whose fallback runs */
    int fb_started;         /* its GetParameterNames was answered */
    char **fb_names;        /* the full names it listed */
    size_t fb_n, fb_next, fb_batch, fb_one_end;
    int fb_incomplete; /* a listed name could not be read: no completeness marker */
};
/* paths[i] = path_at(arg, i). 0, or -1 when out of memory. */
int px_fetch_init(struct px_fetch *f, size_t n, const char *(*path_at)(const void *arg, size_t i),
                  const void *arg);
void px_fetch_clear(struct px_fetch *f);
/* The next RPC (GetParameterValues or GetParameterNames) of w's device, or
 * NULL when the fetch is complete. */
struct cwmp_msg *px_fetch_next_rpc(struct px_fetch *f, struct px_work *w);
void px_fetch_on_response(struct px_fetch *f, struct px_work *w, const struct cwmp_msg *resp);
/* Index of name among the fetch names, or -1. */
int px_fetch_index(const struct px_fetch *f, const char *name);
/* Whether the fetch names are all fresh in the cache (cache_max_age). */
int px_fetch_cache_fresh(struct px_daemon *d, const char *dev_key, const struct px_fetch *f);
/* Loads the cached values under every fetch name into f->vals; nothing is
 * left to send. */
void px_fetch_from_cache(struct px_daemon *d, const char *dev_key, struct px_fetch *f);
/* Writes "the CPE answered CWMP fault N (text)" for fetch name i. */
void px_fetch_fault_text(const struct px_fetch *f, size_t i, char *buf, size_t len);

/* ---- quirks.c: what each CPE can do, learned per device ---- */
/* A queue entry is answered with an Error after this many broken sessions. */
#define PX_BROKEN_MAX 3
/* Pure: the name (cwmp2uspctl) and log sentence of one flag bit (NULL
 * when unknown / not logged); what a GetRPCMethods list, a fault to rpc,
 * or a session broken during rpc (attempts so far) teaches; the flag that
 * says the device does not support rpc (0: try it); whether a
 * GetParameterValues names a partial path; the flags after an Inform (0
 * BOOTSTRAP forgets what GetRPCMethods taught, to ask again). */
const char *px_quirk_name(uint32_t bit);
const char *px_quirk_text(uint32_t bit);
uint32_t px_quirks_from_methods(const char *const *methods, size_t n);
uint32_t px_quirks_from_fault(enum cwmp_msg_type rpc, int fault);
uint32_t px_quirks_from_broken(enum cwmp_msg_type rpc, int partial_gpv, unsigned attempts);
uint32_t px_quirks_refuses(uint32_t flags, enum cwmp_msg_type rpc);
int px_quirks_gpv_partial(const struct cwmp_msg *m);
uint32_t px_quirks_after_inform(uint32_t flags, const struct cwmp_inform *in);
/* The device's flags (the live session's copy, else the registry). */
uint32_t px_quirks_get(struct px_daemon *d, const char *dev_key);
/* Adds flags to the device record; each new one is logged once (notice)
 * with how it was learned. 1 when something was new, 0 when not, -1. */
int px_quirks_learn(struct px_daemon *d, const char *dev_key, uint32_t flags, const char *how);
/* The session's GetRPCMethods when the device was never asked (else NULL):
 * sent by acs.c in an otherwise idle session. */
struct cwmp_msg *px_quirks_probe(struct px_session *s);
/* acs.c reports each RPC sent and each answer (learns from faults 9000
 * and the GetRPCMethods list; returns 1 when the answer was the probe's),
 * and the end of the session: a broken one counts against the entry in
 * progress (or the head entry), which after PX_BROKEN_MAX is answered
 * with Error 7000; before that the device is woken again. */
void px_quirks_sent(struct px_session *s, const struct cwmp_msg *rpc);
int px_quirks_on_response(struct px_session *s, const struct cwmp_msg *resp);
void px_quirks_session_ended(struct px_session *s, enum cwmp_end_reason why);

/* ---- fetch_plan.c: requests that are one fetch (Get, GetInstances) ---- */
struct px_fetch_kind {
    const char *name; /* "Get": for the log */
    enum px_plan_kind plan;
    size_t (*path_count)(const struct usp_msg *req);
    const char *(*path_at)(const void *req, size_t i);
    /* the response from the fetched (or cached) values; NULL: out of memory */
    struct usp_msg *(*build)(struct px_daemon *d, const char *dev_key, const char *agent,
                             const struct usp_msg *req, struct px_fetch *f);
};
/* Answers req from the cache when every fetch name is fresh, else queues
 * a plan of k->plan (whose ops are the px_fetch_plan_* below). */
void px_fetch_answer(struct px_daemon *d, const char *dev_key, const char *agent,
                     const char *controller, const char *reply_topic, const struct usp_msg *req,
                     const struct px_fetch_kind *k);
int px_fetch_plan_start(struct px_work *w, const struct px_fetch_kind *k);
struct cwmp_msg *px_fetch_plan_next_rpc(struct px_work *w);
void px_fetch_plan_on_response(struct px_work *w, const struct cwmp_msg *resp);
void px_fetch_plan_free(struct px_work *w);
/*
 * Whether the concrete object path (its own fetch name, index j) is known
 * to exist, so that finding no values under it means an empty table, not
 * 7026: a synthesized table, or a CPE object whose GetParameterValues
 * succeeded and left a completeness marker at exactly that name.
 */
int px_fetch_object_exists(struct px_daemon *d, const char *dev_key, const struct px_fetch *f,
                           int j, const char *path, const char *name);

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
/* GetInstances (handle_instances.c) and GetSupportedDM (handle_gsdm.c). */
void px_handle_get_instances(struct px_daemon *d, const char *dev_key, const char *agent,
                             const char *controller, const char *reply_topic,
                             const struct usp_msg *req);
void px_handle_gsdm(struct px_daemon *d, const char *dev_key, const char *agent,
                    const char *controller, const char *reply_topic, const struct usp_msg *req);
extern const struct px_plan_ops px_getinst_ops;
extern const struct px_plan_ops px_gsdm_ops;
/*
 * The CPE's GetParameterNames(name, NextLevel false) list, cached per
 * device and name in the objects database (key: device key NUL "!sdm"
 * name) so that the next GetSupportedDM needs no session: u8 version (1),
 * i64 fetched (unix s), u16+the SoftwareVersion the CPE had then, u32
 * count, then per name u8 writable, u16+name. A list is reused while
 * younger than PX_SDM_MAX_AGE and while the CPE reports the same
 * SoftwareVersion (handle_gsdm.c).
 */
#define PX_SDM_MAX_AGE 86400
struct px_sdm_list {
    int64_t fetched;
    char *software_version;
    char **names;
    unsigned char *writable;
    size_t n;
};
int px_sdm_list_encode(const struct px_sdm_list *l, uint8_t **out, size_t *len);
int px_sdm_list_decode(const void *buf, size_t len, struct px_sdm_list *out, char *why,
                       size_t why_len);
void px_sdm_list_clear(struct px_sdm_list *l);

/* ---- synth_dm.c: what the proxy adds to the Supported Data Model ---- */
struct map_sdm;
/* Device.LocalAgent. (objects, parameters, unique key sets, Periodic!),
 * Device.Boot!, and the commands the proxy maps (Reboot(), FactoryReset()
 * unless flags say the CPE refuses them; the asynchronous commands of
 * ops.c whose CWMP object the CPE has), added to s before map_sdm_finish. */
int px_synth_sdm_add(struct map_sdm *s, uint32_t flags);
/* The unique key names (NULL-terminated) of an instance for GetInstances:
 * those of a synthesized table, else "Alias". */
const char *const *px_synth_instance_keys(const char *instance);

/* An object was added or deleted under path: every cached completeness
 * marker at or above it is aged out so the next Get asks the CPE
 * (handle_delete.c). */
void px_cache_stale(struct px_daemon *d, const char *dev_key, const char *path);

#endif /* PROXY_PX_H */
