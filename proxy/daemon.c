/*
 * daemon.c - the cwmp2uspd daemon object: one libevent loop carrying the
 * LMDB store (group commit per loop turn), the ACS (acs.c), the MQTT MTP
 * (agent.c), the once-a-second timer (queue expiry, outbox retries) and
 * the signal events.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "proxy/admin.h"
#include "proxy/log.h"
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

/* SIGHUP: reread the file; what can change without a restart is applied
 * (log level and target, cache_max_age, cpe_wait_timeout). */
static void on_hup(evutil_socket_t sig, short what, void *arg)
{
    struct px_daemon *d = arg;
    struct px_config nc;
    char err[256];
    (void)sig;
    (void)what;
    if (!d->cfg_path) {
        px_notice("SIGHUP: no configuration file to reload");
        return;
    }
    if (px_config_defaults(&nc) != 0 || px_config_load(&nc, d->cfg_path, err, sizeof err) != 0 ||
        px_config_validate(&nc, err, sizeof err) != 0) {
        px_err("SIGHUP: keeping the running configuration: %s", err);
        px_config_free(&nc);
        return;
    }
    d->cfg.log_level = nc.log_level;
    d->cfg.log_target = nc.log_target;
    d->cfg.cache_max_age = nc.cache_max_age;
    d->cfg.cpe_wait_timeout = nc.cpe_wait_timeout;
    px_log_close();
    px_log_open(d->cfg.log_level, d->cfg.log_target, "cwmp2uspd");
    px_notice("SIGHUP: reloaded %s (log level, cache_max_age %d s, cpe_wait_timeout %d s)",
              d->cfg_path, d->cfg.cache_max_age, d->cfg.cpe_wait_timeout);
    px_config_free(&nc);
}

static int add_signal(struct px_daemon *d, struct event **ev, int sig, event_callback_fn fn)
{
    *ev = evsignal_new(d->base, sig, fn, d);
    return *ev && evsignal_add(*ev, NULL) == 0 ? 0 : -1;
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
    if (!d->base || event_base_priority_init(d->base, 2) != 0) {
        snprintf(err, errlen, "cannot create the event loop");
        goto fail;
    }
    so.path = d->cfg.state_dir;
    so.map_size = (size_t)d->cfg.map_size_mb << 20;
    so.sync = d->cfg.sync == PX_SYNC_ALWAYS     ? PX_STORE_SYNC_ALWAYS
              : d->cfg.sync == PX_SYNC_INTERVAL ? PX_STORE_SYNC_INTERVAL
                                                : PX_STORE_SYNC_NEVER;
    so.sync_interval_ms = (unsigned)d->cfg.sync_interval_ms;
    so.commit_priority = 0;
    if (px_store_open(d->base, &so, &d->store, err, errlen) != 0)
        goto fail;
    if (px_admin_open(d, err, errlen) != 0) /* refuses when a daemon runs */
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
        cwmp_server_free(d->acs);
    if (d->connreq)
        cwmp_connreq_client_free(d->connreq);
    /* Commit what the last turn staged before the hooks would publish. */
    if (d->store)
        px_store_commit(d->store);
    if (d->mqtt)
        usp_mqtt_free(d->mqtt);
    px_store_close(d->store); /* syncs */
    if (d->base)
        event_base_free(d->base);
    px_config_free(&d->cfg);
    free(d->cfg_path);
    free(d);
}
