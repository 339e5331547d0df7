/*
 * daemon.c - the cwmp2uspd daemon object: one libevent loop carrying the
 * LMDB store (group commit per loop turn), the ACS (acs.c), the MQTT MTP
 * (agent.c), the once-a-second timer (queue expiry, outbox retries) and
 * the signal events (SIGHUP: reload); the pid_file.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "proxy/admin.h"
#include "proxy/log.h"
#include "proxy/ops.h"
#include "proxy/px.h"

const struct px_controller *px_daemon_controller(const struct px_daemon *d, const char *endpoint_id)
{
    size_t i;
    for (i = 0; i < d->cfg.n_controllers; i++)
        if (d->cfg.controllers[i].endpoint_id &&
            strcmp(d->cfg.controllers[i].endpoint_id, endpoint_id) == 0)
            return &d->cfg.controllers[i];
    return NULL;
}

/* ---------------------------------------------------------------------
 * Timers and signals.
 * ------------------------------------------------------------------- */

static void on_expire(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    px_work_expire(arg);
    px_ops_expire(arg);
    px_outbox_flush(arg);
}

static void on_stop(evutil_socket_t sig, short what, void *arg)
{
    struct px_daemon *d = arg;
    (void)what;
    px_notice("signal %d: shutting down (queued requests stay in %s)", (int)sig, d->cfg.state_dir);
    d->stopping = 1;
    event_base_loopexit(d->base, NULL);
}

/* What SIGHUP applies without a restart (docs/man/cwmp2uspd.8). */
static const char *const reloadable[] = {
    "daemon.log_level",     "daemon.log_target", "usp.cache_max_age",
    "acs.cpe_wait_timeout", "controllers",       NULL,
};

/* SIGHUP: reread the file and apply the reloadable keys. The controller
 * list is replaced between two callbacks: nothing keeps a px_controller
 * pointer across callbacks (queued work and the outbox keep Endpoint IDs
 * and topics), so requests in flight are answered as before, requests
 * from a removed controller are refused from now on, and an added one is
 * accepted at once (its MQTTConnect Records follow the next reconnect). */
static void on_hup(evutil_socket_t sig, short what, void *arg)
{
    struct px_daemon *d = arg;
    struct px_config nc;
    struct px_controller *oc;
    size_t on;
    char err[256], level[32], target[32], rest[512];
    (void)sig;
    (void)what;
    if (!d->cfg_path) {
        px_notice("SIGHUP: no configuration file to reload (built-in defaults)");
        return;
    }
    if (px_config_defaults(&nc) != 0 || px_config_load(&nc, d->cfg_path, err, sizeof err) != 0 ||
        px_config_validate(&nc, err, sizeof err) != 0) {
        px_err("SIGHUP: keeping the running configuration: %s", err);
        px_config_free(&nc);
        return;
    }
    if (px_config_diff(&d->cfg, &nc, reloadable, rest, sizeof rest) == 0)
        snprintf(rest, sizeof rest, "(none changed)");
    d->cfg.log_level = nc.log_level;
    d->cfg.log_target = nc.log_target;
    d->cfg.cache_max_age = nc.cache_max_age;
    d->cfg.cpe_wait_timeout = nc.cpe_wait_timeout;
    oc = d->cfg.controllers; /* swapped: the old list is freed with nc */
    on = d->cfg.n_controllers;
    d->cfg.controllers = nc.controllers;
    d->cfg.n_controllers = nc.n_controllers;
    nc.controllers = oc;
    nc.n_controllers = on;
    px_log_close();
    px_log_open(d->cfg.log_level, d->cfg.log_target, "cwmp2uspd");
    px_config_format_value(&d->cfg, "daemon", "log_level", level, sizeof level);
    px_config_format_value(&d->cfg, "daemon", "log_target", target, sizeof target);
    px_notice("SIGHUP: reloaded %s: log_level %s, log_target %s, cache_max_age %d s, "
              "cpe_wait_timeout %d s, %zu controller%s; not reloadable without restart, changed "
              "in the file: %s",
              d->cfg_path, level, target, d->cfg.cache_max_age, d->cfg.cpe_wait_timeout,
              d->cfg.n_controllers, d->cfg.n_controllers == 1 ? "" : "s", rest);
    px_config_free(&nc);
}

static int add_signal(struct px_daemon *d, struct event **ev, int sig, event_callback_fn fn)
{
    *ev = evsignal_new(d->base, sig, fn, d);
    return *ev && evsignal_add(*ev, NULL) == 0 ? 0 : -1;
}

/* ---------------------------------------------------------------------
 * pid_file: written once the admin socket has shown that no other daemon
 * runs on this state, removed at exit while it still names this process.
 * ------------------------------------------------------------------- */

static int pid_file_write(const char *path, char *err, size_t errlen)
{
    char tmp[4096];
    FILE *f;

    if (!path || !*path)
        return 0;
    /* a temporary file renamed over the old one: readers never see it half written */
    if (snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof tmp) {
        snprintf(err, errlen, "pid_file %s: name too long", path);
        return -1;
    }
    f = fopen(tmp, "w");
    if (!f || fprintf(f, "%ld\n", (long)getpid()) < 0 || fclose(f) != 0 || rename(tmp, path) != 0) {
        snprintf(err, errlen, "pid_file %s: %s", path, strerror(errno));
        if (f)
            unlink(tmp);
        return -1;
    }
    return 0;
}

static void pid_file_remove(const char *path)
{
    char buf[32] = "";
    FILE *f;

    if (!path || !*path || !(f = fopen(path, "r")))
        return;
    if (!fgets(buf, sizeof buf, f))
        buf[0] = '\0';
    fclose(f);
    if (strtol(buf, NULL, 10) == (long)getpid() && unlink(path) != 0)
        px_warn("pid_file %s not removed: %s", path, strerror(errno));
}

/* ---------------------------------------------------------------------
 * Life cycle.
 * ------------------------------------------------------------------- */

/* cfg is moved into the daemon (not copied): the caller must not free it,
 * also when this fails. */
int px_daemon_new(struct px_daemon **out, struct px_config *cfg, const char *cfg_path, char *err,
                  size_t errlen)
{
    struct px_daemon *d = calloc(1, sizeof *d);
    struct px_store_options so = {0};
    struct timeval tv = {1, 0};

    *out = NULL;
    if (!d) {
        snprintf(err, errlen, "out of memory");
        px_config_free(cfg);
        return -1;
    }
    d->cfg = *cfg; /* moved */
    memset(cfg, 0, sizeof *cfg);
    d->cfg_path = cfg_path ? strdup(cfg_path) : NULL;
    d->base = event_base_new();
    if (!d->base) {
        snprintf(err, errlen, "cannot create the event loop");
        goto fail;
    }
    so.path = d->cfg.state_dir;
    so.map_size = (size_t)d->cfg.map_size_mb << 20;
    so.sync = d->cfg.sync == PX_SYNC_ALWAYS     ? PX_STORE_SYNC_ALWAYS
              : d->cfg.sync == PX_SYNC_INTERVAL ? PX_STORE_SYNC_INTERVAL
                                                : PX_STORE_SYNC_NEVER;
    so.sync_interval_ms = (unsigned)d->cfg.sync_interval_ms;
    /* One priority for everything: the turn's commit is queued behind the
     * callbacks already active, so one commit serves a whole poll batch.
     * (A commit above the I/O priority would run after every single
     * callback, each time followed by a new epoll_wait.) */
    so.commit_priority = 0;
    if (px_store_open(d->base, &so, &d->store, err, errlen) != 0)
        goto fail;
    if (px_admin_open(d, err, errlen) != 0) /* refuses when a daemon runs */
        goto fail;
    if (pid_file_write(d->cfg.pid_file, err, errlen) != 0)
        goto fail;
    if (px_agent_start(d, err, errlen) != 0 || px_acs_start(d, err, errlen) != 0)
        goto fail;
    if (add_signal(d, &d->ev_sigterm, SIGTERM, on_stop) ||
        add_signal(d, &d->ev_sigint, SIGINT, on_stop) ||
        add_signal(d, &d->ev_sighup, SIGHUP, on_hup)) {
        snprintf(err, errlen, "cannot install signal handlers");
        goto fail;
    }
    d->ev_expire = event_new(d->base, -1, EV_PERSIST, on_expire, d);
    if (!d->ev_expire || event_add(d->ev_expire, &tv) != 0) {
        snprintf(err, errlen, "cannot start the expiry timer");
        goto fail;
    }
    /* Work accepted before a restart: answer what expired, wake the rest. */
    px_work_expire(d);
    px_work_recover(d);
    *out = d;
    return 0;
fail:
    px_daemon_free(d);
    return -1;
}

int px_daemon_run(struct px_daemon *d)
{
    px_notice("cwmp2uspd running: ACS on %s, MQTT broker %s:%d, state in %s", d->cfg.acs_listen,
              d->cfg.mqtt_host, d->cfg.mqtt_port, d->cfg.state_dir);
    if (event_base_dispatch(d->base) < 0)
        return -1;
    return 0;
}

static void free_event(struct event **ev)
{
    if (*ev)
        event_free(*ev);
    *ev = NULL;
}

void px_daemon_free(struct px_daemon *d)
{
    if (!d)
        return;
    free_event(&d->ev_expire);
    free_event(&d->ev_sigterm);
    free_event(&d->ev_sigint);
    free_event(&d->ev_sighup);
    px_admin_close(d);
    /* Stop accepting CPE sessions first: their queued work stays in LMDB. */
    if (d->acs)
        cwmp_server_free(d->acs); /* ends the sessions: they leave the index */
    px_acs_sessions_free(d);
    if (d->connreq)
        cwmp_connreq_client_free(d->connreq);
    /* Commit what the last turn staged before the hooks would publish. */
    if (d->store)
        px_store_commit(d->store);
    if (d->mqtt)
        usp_mqtt_free(d->mqtt);
    px_store_close(d->store); /* syncs */
    pid_file_remove(d->cfg.pid_file);
    if (d->base)
        event_base_free(d->base);
    px_config_free(&d->cfg);
    free(d->cfg_path);
    free(d);
}
