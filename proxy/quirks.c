/*
 * quirks.c - what each CPE can really do, learned per device and kept in
 * the device record's flags (tag 13, enum px_device_flag).
 *
 * Real CPEs are uneven: some answer fault 9000 to GetRPCMethods, Reboot or
 * the attribute RPCs, some break on a partial-path GetParameterValues,
 * some break their sessions. The proxy learns from the CPE's GetRPCMethods
 * list (asked once, in an otherwise idle session), from faults 9000
 * (Method not supported) and from sessions that break while an RPC is in
 * flight. What is learned is used: the fetch falls back to
 * GetParameterNames + GetParameterValues of full names (fetch.c), an
 * Operate the CPE cannot do is answered at once (handle_operate.c), and a
 * queue entry whose sessions keep breaking is answered with an Error
 * instead of being retried forever.
 *
 * The first part is pure (flag names, what a list, a fault or a broken
 * session teaches) and unit-tested; the second part works on the store
 * and the live session.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/log.h"
#include "proxy/px.h"

/* ---------------------------------------------------------------------
 * Flag names and sentences.
 * ------------------------------------------------------------------- */

static const struct {
    uint32_t bit;
    const char *name; /* cwmp2uspctl device: "learned" */
    const char *text; /* logged once when learned; NULL: not logged */
} quirks[] = {
    {PX_DEVFLAG_NO_GETRPCMETHODS, "no_getrpcmethods",
     "GetRPCMethods unsupported, assuming the RPCs TR-069 requires"},
    {PX_DEVFLAG_PARTIAL_GPV_BROKEN, "partial_gpv_broken",
     "partial-path GetParameterValues unsupported, using GetParameterNames"},
    {PX_DEVFLAG_NO_ATTRIBUTES, "no_attributes", "Get/SetParameterAttributes unsupported"},
    {PX_DEVFLAG_NO_REBOOT_RPC, "no_reboot_rpc", "Reboot unsupported"},
    {PX_DEVFLAG_NO_BOOT_EVENTS, "no_boot_events", "never sends 0 BOOTSTRAP or 1 BOOT"},
    {PX_DEVFLAG_REUSES_INSTANCES, "reuses_instances", "reuses instance numbers"},
    {PX_DEVFLAG_NO_FACTORY_RESET, "no_factory_reset", "FactoryReset unsupported"},
    {PX_DEVFLAG_NO_SCHEDULE_INFORM, "no_schedule_inform", "ScheduleInform unsupported"},
    {PX_DEVFLAG_NO_DOWNLOAD, "no_download", "Download unsupported"},
    {PX_DEVFLAG_RPC_METHODS_ASKED, "rpc_methods_asked", NULL},
};

#define N_QUIRKS (sizeof quirks / sizeof quirks[0])

const char *px_quirk_name(uint32_t bit)
{
    size_t i;
    for (i = 0; i < N_QUIRKS; i++)
        if (quirks[i].bit == bit)
            return quirks[i].name;
    return NULL;
}

const char *px_quirk_text(uint32_t bit)
{
    size_t i;
    for (i = 0; i < N_QUIRKS; i++)
        if (quirks[i].bit == bit)
            return quirks[i].text;
    return NULL;
}

/* ---------------------------------------------------------------------
 * What the CPE's answers teach (pure).
 * ------------------------------------------------------------------- */

/* The optional or often missing RPCs and the flag that says a CPE lacks
 * one. TR-069 Amendment 6, 3.6 Table 5: a CPE must support GetRPCMethods,
 * Set/GetParameterValues, GetParameterNames, Set/GetParameterAttributes,
 * AddObject, DeleteObject, Reboot, Download and FactoryReset; ScheduleInform
 * is optional. A list without one of them is believed either way. */
static const struct {
    const char *method;
    uint32_t flag;
} listed[] = {
    {"GetParameterAttributes", PX_DEVFLAG_NO_ATTRIBUTES},
    {"SetParameterAttributes", PX_DEVFLAG_NO_ATTRIBUTES},
    {"Reboot", PX_DEVFLAG_NO_REBOOT_RPC},
    {"FactoryReset", PX_DEVFLAG_NO_FACTORY_RESET},
    {"ScheduleInform", PX_DEVFLAG_NO_SCHEDULE_INFORM},
    {"Download", PX_DEVFLAG_NO_DOWNLOAD},
};

#define N_LISTED (sizeof listed / sizeof listed[0])

static int in_list(const char *const *methods, size_t n, const char *name)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (methods[i] && strcmp(methods[i], name) == 0)
            return 1;
    return 0;
}

uint32_t px_quirks_from_methods(const char *const *methods, size_t n)
{
    uint32_t flags = PX_DEVFLAG_RPC_METHODS_ASKED;
    size_t i;
    for (i = 0; i < N_LISTED; i++)
        if (!in_list(methods, n, listed[i].method))
            flags |= listed[i].flag;
    return flags;
}

uint32_t px_quirks_from_fault(enum cwmp_msg_type rpc, int fault)
{
    if (fault != CWMP_FAULT_METHOD_NOT_SUPPORTED) /* TR-069 A.5.1: 9000 */
        return 0;
    switch (rpc) {
    case CWMP_MSG_GET_RPC_METHODS:
        return PX_DEVFLAG_NO_GETRPCMETHODS | PX_DEVFLAG_RPC_METHODS_ASKED;
    case CWMP_MSG_GET_PARAMETER_ATTRIBUTES:
    case CWMP_MSG_SET_PARAMETER_ATTRIBUTES:
        return PX_DEVFLAG_NO_ATTRIBUTES;
    case CWMP_MSG_REBOOT:
        return PX_DEVFLAG_NO_REBOOT_RPC;
    case CWMP_MSG_FACTORY_RESET:
        return PX_DEVFLAG_NO_FACTORY_RESET;
    case CWMP_MSG_SCHEDULE_INFORM:
        return PX_DEVFLAG_NO_SCHEDULE_INFORM;
    case CWMP_MSG_DOWNLOAD:
        return PX_DEVFLAG_NO_DOWNLOAD;
    default:
        return 0; /* a required RPC (GetParameterValues ...): a CPE bug, not learned */
    }
}

uint32_t px_quirks_from_broken(enum cwmp_msg_type rpc, int partial_gpv, unsigned attempts)
{
    /* Where a fallback exists the first break is enough: it costs little
     * and the next session takes the other way. */
    if (rpc == CWMP_MSG_GET_PARAMETER_VALUES && partial_gpv)
        return PX_DEVFLAG_PARTIAL_GPV_BROKEN;
    if (rpc == CWMP_MSG_GET_RPC_METHODS)
        return PX_DEVFLAG_NO_GETRPCMETHODS | PX_DEVFLAG_RPC_METHODS_ASKED;
    if (attempts < PX_BROKEN_MAX)
        return 0;
    /* Given up on: an optional RPC is taken as unsupported. Reboot and
     * FactoryReset are not: a CPE that resets at once breaks the session
     * and still did what was asked. */
    switch (rpc) {
    case CWMP_MSG_GET_PARAMETER_ATTRIBUTES:
    case CWMP_MSG_SET_PARAMETER_ATTRIBUTES:
        return PX_DEVFLAG_NO_ATTRIBUTES;
    case CWMP_MSG_SCHEDULE_INFORM:
        return PX_DEVFLAG_NO_SCHEDULE_INFORM;
    default:
        return 0;
    }
}

uint32_t px_quirks_refuses(uint32_t flags, enum cwmp_msg_type rpc)
{
    uint32_t f = px_quirks_from_fault(rpc, CWMP_FAULT_METHOD_NOT_SUPPORTED);
    f &= ~(uint32_t)PX_DEVFLAG_RPC_METHODS_ASKED;
    return flags & f;
}

int px_quirks_gpv_partial(const struct cwmp_msg *m)
{
    size_t i;
    if (!m || m->type != CWMP_MSG_GET_PARAMETER_VALUES)
        return 0;
    for (i = 0; i < m->body.gpv.n_names; i++) {
        const char *n = m->body.gpv.names[i];
        size_t l = n ? strlen(n) : 0;
        if (l == 0 || n[l - 1] == '.')
            return 1;
    }
    return 0;
}

uint32_t px_quirks_after_inform(uint32_t flags, const struct cwmp_inform *in)
{
    size_t i;
    uint32_t from_list = PX_DEVFLAG_RPC_METHODS_ASKED;
    for (i = 0; i < N_LISTED; i++)
        from_list |= listed[i].flag;
    for (i = 0; i < in->n_events; i++)
        if (in->events[i].code && strcmp(in->events[i].code, "0 BOOTSTRAP") == 0)
            return flags & ~from_list; /* a new start: ask GetRPCMethods again */
    return flags;
}

/* ---------------------------------------------------------------------
 * The daemon's side: stored flags and the live session.
 * ------------------------------------------------------------------- */

uint32_t px_quirks_get(struct px_daemon *d, const char *dev_key)
{
    struct px_session *s = px_acs_session(d, dev_key);
    struct px_device dev = {0};
    uint32_t flags = 0;

    if (s)
        return s->flags;
    if (px_device_get(d->store, dev_key, &dev) == 0)
        flags = dev.flags;
    px_device_clear(&dev);
    return flags;
}

int px_quirks_learn(struct px_daemon *d, const char *dev_key, uint32_t flags, const char *how)
{
    struct px_device dev = {0};
    struct px_session *s;
    uint32_t fresh;
    size_t i;
    int rc;

    if (!flags)
        return 0;
    rc = px_device_get(d->store, dev_key, &dev);
    if (rc != 0) {
        px_device_clear(&dev);
        return -1;
    }
    fresh = flags & ~dev.flags;
    if (!fresh) {
        px_device_clear(&dev);
        return 0;
    }
    dev.flags |= fresh;
    rc = px_device_put(d->store, &dev);
    px_device_clear(&dev);
    if (rc != 0) {
        px_err("%s: cannot store what was learned: %s", dev_key, px_store_errmsg(d->store));
        return -1;
    }
    if ((s = px_acs_session(d, dev_key)) != NULL)
        s->flags |= fresh;
    for (i = 0; i < N_QUIRKS; i++)
        if ((fresh & quirks[i].bit) && quirks[i].text)
            px_notice("device %s: %s%s%s%s", dev_key, quirks[i].text, how ? " (" : "",
                      how ? how : "", how ? ")" : "");
    return 1;
}

struct cwmp_msg *px_quirks_probe(struct px_session *s)
{
    struct cwmp_msg *m;

    if (s->flags & (PX_DEVFLAG_RPC_METHODS_ASKED | PX_DEVFLAG_NO_GETRPCMETHODS))
        return NULL;
    /* asked once, answered or not (a break or other fault is not retried) */
    if (px_quirks_learn(s->d, s->dev_key, PX_DEVFLAG_RPC_METHODS_ASKED, NULL) < 0)
        return NULL;
    s->flags |= PX_DEVFLAG_RPC_METHODS_ASKED;
    m = cwmp_msg_new(CWMP_MSG_GET_RPC_METHODS);
    if (m)
        s->probing = 1;
    return m;
}

void px_quirks_sent(struct px_session *s, const struct cwmp_msg *rpc)
{
    s->in_flight = rpc->type;
    s->in_flight_partial = px_quirks_gpv_partial(rpc);
}

int px_quirks_on_response(struct px_session *s, const struct cwmp_msg *resp)
{
    enum cwmp_msg_type rpc = s->in_flight;
    int probe = s->probing;
    char how[200];

    s->in_flight = CWMP_MSG_UNKNOWN;
    s->in_flight_partial = 0;
    s->probing = 0;
    if (resp->type == CWMP_MSG_FAULT) {
        snprintf(how, sizeof how, "fault %d to %s", resp->body.fault.code,
                 cwmp_msg_type_name(rpc) ? cwmp_msg_type_name(rpc) : "?");
        px_quirks_learn(s->d, s->dev_key, px_quirks_from_fault(rpc, resp->body.fault.code), how);
    } else if (probe && resp->type == CWMP_MSG_GET_RPC_METHODS_RESPONSE) {
        const struct cwmp_rpc_methods_response *r = &resp->body.rpc_methods_resp;
        px_info("%s: GetRPCMethods lists %zu methods", s->dev_key, r->n_methods);
        px_quirks_learn(s->d, s->dev_key,
                        px_quirks_from_methods((const char *const *)r->methods, r->n_methods),
                        "not in its GetRPCMethods list");
    }
    return probe;
}

/* ---------------------------------------------------------------------
 * Broken sessions.
 * ------------------------------------------------------------------- */

struct wake_ctx {
    struct px_daemon *d;
    char dev_key[PX_DEVICE_KEY_MAX + 1];
};

static void wake_after_commit(void *arg, int status, const char *why)
{
    struct wake_ctx *c = arg;
    (void)why;
    if (status == 0)
        px_acs_wake(c->d, c->dev_key); /* try again now, not at the next Inform */
    free(c);
}

/* The entry has had PX_BROKEN_MAX broken sessions: answer it with an
 * Error and drop it. */
static void give_up(struct px_session *s, struct px_queue_entry *e, const char *rpc_name)
{
    struct px_daemon *d = s->d;
    char text[400];
    int rc = px_queue_remove(d->store, s->dev_key, e->seq);

    if (rc != 0) {
        if (rc != PX_STORE_NOT_FOUND)
            px_err("%s: cannot remove #%llu: %s", s->dev_key, (unsigned long long)e->seq,
                   px_store_errmsg(d->store));
        return; /* answered already (expired), or it stays and expires */
    }
    if (rpc_name)
        snprintf(text, sizeof text,
                 "the CWMP device %s broke %u sessions while this request was in progress "
                 "(last RPC in flight: %s); not retried",
                 s->dev_key, (unsigned)e->attempts, rpc_name);
    else
        snprintf(text, sizeof text,
                 "the CWMP device %s broke %u sessions before this request could run; not "
                 "retried",
                 s->dev_key, (unsigned)e->attempts);
    px_warn("%s: #%llu %s: %s", s->dev_key, (unsigned long long)e->seq, e->msg_id, text);
    px_reply_error(d, s->endpoint_id, e->controller, e->reply_topic, e->msg_id,
                   USP_ERR_GENERAL_FAILURE, text);
}

static int is_broken(enum cwmp_end_reason why)
{
    return why == CWMP_END_TIMEOUT || why == CWMP_END_ERROR || why == CWMP_END_CONNECTION_LOST ||
           why == CWMP_END_REPLACED;
}

void px_quirks_session_ended(struct px_session *s, enum cwmp_end_reason why)
{
    struct px_daemon *d = s->d;
    struct px_queue_entry e;
    enum cwmp_msg_type rpc = s->in_flight;
    const char *rpc_name = rpc != CWMP_MSG_UNKNOWN ? cwmp_msg_type_name(rpc) : NULL;
    char how[120];
    int rc;

    if (!is_broken(why))
        return;
    snprintf(how, sizeof how, "the session broke (%s) during %s", cwmp_end_reason_string(why),
             rpc_name ? rpc_name : "no RPC");
    if (s->probing) { /* GetRPCMethods of the proxy's own: no queue entry */
        px_quirks_learn(d, s->dev_key, px_quirks_from_broken(rpc, 0, 1), how);
        return;
    }
    rc = s->work ? px_queue_get(d->store, s->dev_key, s->work->seq, &e)
                 : px_queue_head(d->store, s->dev_key, &e);
    if (rc != 0) {
        if (rc != PX_STORE_NOT_FOUND)
            px_err("%s: cannot read the queue: %s", s->dev_key, px_store_errmsg(d->store));
        return;
    }
    if (px_queue_note_broken(d->store, s->dev_key, e.seq, &e.attempts) != 0) {
        px_err("%s: cannot count the broken session of #%llu: %s", s->dev_key,
               (unsigned long long)e.seq, px_store_errmsg(d->store));
        px_queue_entry_clear(&e);
        return;
    }
    px_info("%s: #%llu: broken session %u of %u", s->dev_key, (unsigned long long)e.seq,
            (unsigned)e.attempts, (unsigned)PX_BROKEN_MAX);
    if (s->work)
        px_quirks_learn(d, s->dev_key, px_quirks_from_broken(rpc, s->in_flight_partial, e.attempts),
                        how);
    if (e.attempts >= PX_BROKEN_MAX) {
        give_up(s, &e, s->work ? rpc_name : NULL);
    } else {
        struct wake_ctx *c = calloc(1, sizeof *c);
        if (c) {
            c->d = d;
            snprintf(c->dev_key, sizeof c->dev_key, "%s", s->dev_key);
            if (px_store_on_commit(d->store, wake_after_commit, c) != 0)
                free(c);
        }
    }
    px_queue_entry_clear(&e);
}
