/*
 * sim.h - internals of the cwmp-sim program shared by its files: the
 * options, the fleet (one libevent loop, every simulated CPE), one CPE's
 * state, and the functions each file offers the others.
 *
 * Files: main.c (options, start, stop), cpe.c (the CPE's CWMP session
 * client and its event/retry logic), acs_rpc.c (answers to ACS requests
 * on the data model), actions.c (what happens after a session: reboot,
 * factory reset, download, diagnostics, scheduled informs),
 * connreq_server.c (HTTP and UDP connection request listeners),
 * udp_cr.c (TR-069 Annex G message parsing and checking), load.c
 * (session statistics), opts.c (lists, fault and quirk options).
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cwmp/cwmp.h"
#include "sim/model.h"

struct event_base;
struct event;
struct evdns_base;
struct evhttp;
struct evhttp_connection;

/* ---- option helpers (opts.c) ---- */

/* A set of device indexes from "0,3,7-9" (empty: none). */
struct sim_idxset {
    uint32_t (*ranges)[2];
    size_t n;
};
int sim_idxset_parse(struct sim_idxset *s, const char *text, char *err, size_t errlen);
int sim_idxset_has(const struct sim_idxset *s, uint32_t index);
void sim_idxset_free(struct sim_idxset *s);

/* --fault METHOD:CODE[:RATE] */
struct sim_inject {
    enum cwmp_msg_type method;
    int code;
    double rate;
};

enum sim_quirk {
    SIM_QUIRK_NO_GETRPCMETHODS = 1u << 0, /* GetRPCMethods: Fault 9000 */
    SIM_QUIRK_NO_PARTIAL_GPV = 1u << 1,   /* partial path in GPV: Fault 9005 */
    SIM_QUIRK_NO_ATTRIBUTES = 1u << 2,    /* Get/SetParameterAttributes: Fault 9000 */
    SIM_QUIRK_REUSE_INSTANCES = 1u << 3,  /* AddObject: lowest free instance number */
    SIM_QUIRK_ABRUPT_REBOOT = 1u << 4,    /* Reboot: no RebootResponse, reboots at once */
};
/* --quirk NAME[:INDEXES] */
struct sim_quirk_opt {
    unsigned quirk;
    int all;
    struct sim_idxset devices;
};

int sim_inject_parse(const char *text, struct sim_inject *out, char *err, size_t errlen);
int sim_quirk_parse(const char *text, struct sim_quirk_opt *out, char *err, size_t errlen);

/* retry.c: TR-069 3.2.1.1 wait after the n-th failed session (n >= 1)
 * with m = CWMPRetryMinimumWaitInterval, k = CWMPRetryIntervalMultiplier,
 * r a random number in [0, 1). */
double sim_retry_wait(double m, double k, unsigned n, double r);

/* ---- options ---- */

enum sim_log { SIM_LOG_ERROR = 0, SIM_LOG_WARNING, SIM_LOG_INFO, SIM_LOG_DEBUG };

struct sim_opts {
    const char *acs_url;
    uint32_t devices;
    uint32_t first_index;
    const char *model;
    const char *serial_prefix;
    const char *oui;
    const char *product_class;
    const char *manufacturer; /* NULL: the model's */
    const char *username;     /* NULL: the model's ManagementServer.Username */
    const char *password;
    const char *cr_host;
    int cr_port; /* -1: none, 0: any free */
    const char *cr_username;
    const char *cr_password;
    unsigned inform_interval; /* 0: the model's PeriodicInformInterval */
    unsigned jitter_pct;
    int no_periodic;
    double rate;          /* new sessions per second, 0: unlimited */
    unsigned concurrency; /* sessions in flight */
    int keepalive;
    int once;
    double duration;
    double stats_interval;
    int bootstrap; /* force 0 BOOTSTRAP */
    const char *state_dir;
    double retry_scale;
    double reboot_delay;
    unsigned session_timeout; /* seconds per HTTP exchange */
    double change_interval;
    const char *change_param;
    /* fault injection */
    unsigned latency_ms, latency_jitter_ms;
    struct sim_idxset latency_devices; /* empty: all */
    double drop_rate;
    double refuse_cr_rate;
    struct sim_idxset refuse_cr;
    struct sim_idxset dead;
    struct sim_inject *faults;
    size_t n_faults;
    struct sim_quirk_opt *quirks;
    size_t n_quirks;
    enum sim_log log_level;
    unsigned seed;
};

/* ---- statistics (load.c) ---- */

struct sim_stats;
struct sim_stats *sim_stats_new(void);
void sim_stats_free(struct sim_stats *st);
void sim_stats_session(struct sim_stats *st, int ok, uint64_t latency_us);
/* Prints a progress line (interval rate) or the final machine-readable line. */
void sim_stats_print(struct sim_stats *st, FILE *out, double elapsed_s, int final);
uint64_t sim_stats_sessions(const struct sim_stats *st);

/* ---- the fleet ---- */

/* Pending Inform events (bits). */
enum {
    SIM_EV_BOOTSTRAP = 1u << 0,
    SIM_EV_BOOT = 1u << 1,
    SIM_EV_PERIODIC = 1u << 2,
    SIM_EV_SCHEDULED = 1u << 3,
    SIM_EV_VALUE_CHANGE = 1u << 4,
    SIM_EV_CONNREQ = 1u << 5,
    SIM_EV_TRANSFER_COMPLETE = 1u << 6,
    SIM_EV_DIAG_COMPLETE = 1u << 7,
    SIM_EV_M_REBOOT = 1u << 8,
    SIM_EV_M_SCHEDULE_INFORM = 1u << 9,
    SIM_EV_M_DOWNLOAD = 1u << 10,
};

/* What the ACS asked for in a session, done after it ends. */
enum {
    SIM_ACT_REBOOT = 1u << 0,
    SIM_ACT_FACTORY_RESET = 1u << 1,
    SIM_ACT_DOWNLOAD = 1u << 2,
    SIM_ACT_DIAG = 1u << 3,
};

struct sim_download {
    char *command_key, *file_type, *url, *target, *username, *password;
    uint32_t delay;
};

struct sim_tc { /* a TransferComplete to deliver */
    char *command_key;
    int fault;
    char *fault_string;
    char start[32], complete[32];
};

struct sim_session;
struct sim_fleet;

struct sim_cpe {
    struct sim_fleet *fleet;
    uint32_t index;
    char serial[48];
    struct sim_device *dev;
    unsigned events;  /* SIM_EV_* pending */
    unsigned actions; /* SIM_ACT_* after the session */
    unsigned quirks;
    unsigned bootstrapped : 1, dead : 1, queued : 1, rebooting : 1, gone : 1, done_once : 1;
    uint32_t retry_count;
    uint32_t changes_seq; /* value changes the Inform in flight carries */
    uint64_t boot_time_us;
    char *reboot_key, *sched_key, *download_key;
    char *next_reboot_key, *next_sched_key; /* set in a session, used after it */
    struct sim_download *download;          /* requested, not started */
    struct sim_tc *tc;                      /* result waiting for a session */
    char *udp_last_id;
    uint64_t udp_last_ts;
    uint32_t change_counter;
    struct event *timer;       /* next session (periodic, retry, reboot) */
    struct event *sched_timer; /* ScheduleInform */
    struct evhttp_connection *keep_conn;
    struct sim_session *sess;
    struct sim_cpe *next_wait; /* fleet wait queue */
};

struct sim_fleet {
    struct sim_opts *opts;
    struct event_base *base;
    struct evdns_base *dns;
    struct sim_model *model;
    int tr098;
    struct sim_cpe *cpes;
    uint32_t n;
    struct sim_stats *stats;
    uint64_t start_us;
    /* admission: concurrency and rate */
    unsigned inflight;
    double tokens;
    uint64_t tokens_at_us;
    struct sim_cpe *wait_head, *wait_tail;
    struct event *admit_timer;
    /* connection requests */
    struct evhttp *cr_http;
    int cr_port; /* bound */
    int udp_fd;
    struct event *udp_ev;
    struct cwmp_auth *cr_auth;
    /* --once */
    uint32_t once_left;
    int stopping;
    int state_fd; /* --state-dir bitmap, -1 */
};

/* logging (main.c) */
void sim_log(struct sim_fleet *f, enum sim_log level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
uint64_t sim_now_us(void);
void sim_time_iso(char *out, size_t size); /* now as xsd:dateTime */
double sim_rand01(void);
void sim_fleet_stop(struct sim_fleet *f);

/* cpe.c */
int sim_cpe_init(struct sim_fleet *f, struct sim_cpe *c, uint32_t index, char *err, size_t errlen);
void sim_cpe_fini(struct sim_cpe *c);
/* Adds events and asks for a session now (queued if one runs or admission waits). */
void sim_cpe_trigger(struct sim_cpe *c, unsigned events);
/* Schedules a session after delay seconds with events. */
void sim_cpe_schedule(struct sim_cpe *c, double delay_s, unsigned events);
void sim_fleet_admit(struct sim_fleet *f);
int sim_fleet_admit_init(struct sim_fleet *f);
/* Device-side settings that survive a factory reset (CR URL, interval). */
void sim_cpe_apply_overrides(struct sim_cpe *c);
/* The model parameter name under the root: "ManagementServer.URL" -> full. */
const char *sim_cpe_param(const struct sim_cpe *c, const char *rel, char *buf, size_t size);
void sim_state_mark(struct sim_fleet *f, uint32_t index, int bootstrapped);

/* acs_rpc.c: answers one ACS request into reply (fields from reply's arena). */
int sim_rpc_answer(struct sim_cpe *c, const struct cwmp_msg *req, struct cwmp_msg *reply);

/* actions.c */
void sim_actions_after_session(struct sim_cpe *c);
void sim_schedule_inform(struct sim_cpe *c, uint32_t delay, const char *command_key);
void sim_tc_free(struct sim_tc *tc);
void sim_download_free(struct sim_download *d);
void sim_change_tick(struct sim_fleet *f);

/* connreq_server.c */
int sim_cr_start(struct sim_fleet *f, char *err, size_t errlen);
void sim_cr_stop(struct sim_fleet *f);
struct sim_cpe *sim_fleet_find_serial(struct sim_fleet *f, const char *serial);
/* Applies a valid connection request: 0 accepted, -1 refused (busy/dead). */
int sim_cr_accept(struct sim_cpe *c);

#endif /* SIM_SIM_H */
