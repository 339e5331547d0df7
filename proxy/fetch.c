/*
 * fetch.c - GetParameterValues of what a set of USP paths needs (struct
 * px_fetch in px.h), shared by the Get, Set, Add and Delete plans: the
 * fetch names, the RPCs (all names at once, one name at a time after a
 * fault; for a partial name the CPE cannot GetParameterValues,
 * GetParameterNames then GetParameterValues of the full names in
 * batches), the results with their types, and the parameter cache.
 *
 * Cache completeness: a GetParameterValues of a partial path P returns
 * the whole subtree, so after it the cache holds exactly the CPE's
 * subtree of P. That fact is stored as a marker: a params entry whose
 * path is P itself (it ends in '.', which no parameter name does), with
 * an empty value and the fetch time. A fetch name under a marker younger
 * than cache_max_age, or a full parameter name cached within
 * cache_max_age (Inform values count), is fresh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proxy/log.h"
#include "proxy/params.h"
#include "proxy/px.h"

int px_fetch_init(struct px_fetch *f, size_t n, const char *(*path_at)(const void *arg, size_t i),
                  const void *arg)
{
    size_t i;

    memset(f, 0, sizeof *f);
    f->names = calloc(n ? n : 1, sizeof *f->names);
    f->fault = calloc(n ? n : 1, sizeof *f->fault);
    f->fault_text = calloc(n ? n : 1, sizeof *f->fault_text);
    f->via_gpn = calloc(n ? n : 1, 1);
    if (!f->names || !f->fault || !f->fault_text || !f->via_gpn)
        goto oom;
    for (i = 0; i < n; i++) {
        char name[MAP_NAME_MAX], why[240];
        if (map_get_fetch_name(path_at(arg, i), name, sizeof name, why, sizeof why))
            continue;
        if (px_synth_owns(name))
            continue; /* answered by the proxy, not fetched */
        if (px_fetch_index(f, name) >= 0)
            continue;
        f->names[f->n_names] = strdup(name);
        if (!f->names[f->n_names])
            goto oom;
        f->n_names++;
    }
    f->fb = f->n_names;
    return 0;
oom:
    px_fetch_clear(f);
    return -1;
}

void px_fetch_clear(struct px_fetch *f)
{
    size_t i;
    for (i = 0; i < f->n_names; i++) {
        free(f->names[i]);
        if (f->fault_text)
            free(f->fault_text[i]);
    }
    free(f->names);
    free(f->fault);
    free(f->fault_text);
    free(f->via_gpn);
    for (i = 0; i < f->fb_n; i++)
        free(f->fb_names[i]);
    free(f->fb_names);
    map_values_free(&f->vals);
    memset(f, 0, sizeof *f);
}

int px_fetch_index(const struct px_fetch *f, const char *name)
{
    size_t i;
    for (i = 0; i < f->n_names; i++)
        if (strcmp(f->names[i], name) == 0)
            return (int)i;
    return -1;
}

void px_fetch_fault_text(const struct px_fetch *f, size_t i, char *buf, size_t len)
{
    snprintf(buf, len, "the CPE answered CWMP fault %d (%s)", f->fault[i],
             f->fault_text[i] ? f->fault_text[i] : "");
}

/* ---------------------------------------------------------------------
 * Cache.
 * ------------------------------------------------------------------- */

static int name_fresh(struct px_daemon *d, const char *key, const char *name, int64_t now)
{
    char prefix[MAP_NAME_MAX + 1];
    size_t i, len = strlen(name);
    int64_t age;

    if (d->cfg.cache_max_age <= 0)
        return 0;
    if (len && name[len - 1] != '.' && px_params_age(d->store, key, name, now, &age) == 0 &&
        age <= d->cfg.cache_max_age)
        return 1;
    /* a fresh completeness marker at name or above it */
    for (i = 0; i < len && i < sizeof prefix - 1; i++) {
        if (name[i] != '.')
            continue;
        memcpy(prefix, name, i + 1);
        prefix[i + 1] = '\0';
        if (px_params_age(d->store, key, prefix, now, &age) == 0 && age <= d->cfg.cache_max_age)
            return 1;
    }
    return 0;
}

int px_fetch_cache_fresh(struct px_daemon *d, const char *dev_key, const struct px_fetch *f)
{
    int64_t now = (int64_t)time(NULL);
    size_t i;
    for (i = 0; i < f->n_names; i++)
        if (!name_fresh(d, dev_key, f->names[i], now))
            return 0;
    return 1;
}

static int add_cached(void *arg, const struct px_param *p)
{
    struct map_values *vs = arg;
    char *v;
    size_t pl = strlen(p->path);
    if (pl && p->path[pl - 1] == '.')
        return 0; /* a completeness marker */
    v = malloc(p->value_len + 1);
    if (!v)
        return 1;
    memcpy(v, p->value, p->value_len);
    v[p->value_len] = '\0';
    map_values_add_typed(vs, p->path, v, (int)p->type);
    free(v);
    return 0;
}

void px_fetch_from_cache(struct px_daemon *d, const char *dev_key, struct px_fetch *f)
{
    size_t i;
    for (i = 0; i < f->n_names; i++)
        px_params_foreach(d->store, dev_key, f->names[i], add_cached, &f->vals);
    map_values_sort(&f->vals);
    f->done = 1;
}

/* A partial name's cached subtree is replaced: what the CPE has under it
 * now is all there is. */
static void forget_subtree(struct px_fetch *f, struct px_work *w, size_t i)
{
    px_params_delete_prefix(w->d->store, w->dev_key, f->names[i], NULL);
}

static void mark_complete(struct px_fetch *f, struct px_work *w, size_t i)
{
    struct px_param mark = {f->names[i], CWMP_TYPE_STRING, "", 0, (int64_t)time(NULL)};
    px_params_put(w->d->store, w->dev_key, &mark);
}

static int is_partial(const char *name)
{
    size_t l = strlen(name);
    return l == 0 || name[l - 1] == '.';
}

/* Caches and collects the values of a GetParameterValuesResponse. */
static void take_values(struct px_fetch *f, struct px_work *w, const struct cwmp_msg *resp)
{
    struct px_store *s = w->d->store;
    const struct cwmp_param_values *pv = &resp->body.gpv_resp;
    int64_t now = (int64_t)time(NULL);
    size_t i;

    for (i = 0; i < pv->n_params; i++) {
        const struct cwmp_param_value *v = &pv->params[i];
        struct px_param p;
        if (!v->name || is_partial(v->name))
            continue;
        map_values_add_typed(&f->vals, v->name, v->value ? v->value : "", (int)v->type);
        p.path = v->name;
        p.type = v->type;
        p.value = v->value ? v->value : "";
        p.value_len = strlen(p.value);
        p.updated = now;
        if (px_params_put(s, w->dev_key, &p) != 0)
            px_warn("%s: cannot cache %s: %s", w->dev_key, v->name, px_store_errmsg(s));
    }
    map_values_sort(&f->vals);
}

/* A direct GetParameterValues of names[i] answered (ok) or not. */
static void direct_result(struct px_fetch *f, struct px_work *w, size_t i, int ok)
{
    if (ok && is_partial(f->names[i])) {
        forget_subtree(f, w, i);
        mark_complete(f, w, i);
    }
}

/* ---------------------------------------------------------------------
 * RPCs.
 * ------------------------------------------------------------------- */

enum { SENT_NONE, SENT_ALL, SENT_ONE, SENT_GPN, SENT_BATCH };

static struct cwmp_msg *gpv_of(char *const *names, size_t n)
{
    struct cwmp_msg *m = cwmp_msg_new(CWMP_MSG_GET_PARAMETER_VALUES);
    size_t i;
    if (!m)
        return NULL;
    m->body.gpv.names = cwmp_msg_alloc(m, (n ? n : 1) * sizeof(char *));
    if (!m->body.gpv.names) {
        cwmp_msg_free(m);
        return NULL;
    }
    for (i = 0; i < n; i++)
        m->body.gpv.names[i] = names[i];
    m->body.gpv.n_names = n;
    return m;
}

/* TR-069 A.3.2.3: NextLevel false lists every parameter and object below
 * the partial path. */
static struct cwmp_msg *gpn_of(const char *path)
{
    struct cwmp_msg *m = cwmp_msg_new(CWMP_MSG_GET_PARAMETER_NAMES);
    if (!m)
        return NULL;
    m->body.gpn.parameter_path = path;
    m->body.gpn.next_level = 0;
    return m;
}

/* The GetParameterValues of every direct name (NULL: there is none). */
static struct cwmp_msg *gpv_direct(struct px_fetch *f)
{
    struct cwmp_msg *m;
    size_t i, n = 0;

    for (i = 0; i < f->n_names; i++)
        n += !f->via_gpn[i];
    if (n == 0)
        return NULL;
    m = cwmp_msg_new(CWMP_MSG_GET_PARAMETER_VALUES);
    if (!m)
        return NULL;
    m->body.gpv.names = cwmp_msg_alloc(m, n * sizeof(char *));
    if (!m->body.gpv.names) {
        cwmp_msg_free(m);
        return NULL;
    }
    for (i = 0; i < f->n_names; i++)
        if (!f->via_gpn[i])
            m->body.gpv.names[m->body.gpv.n_names++] = f->names[i];
    return m;
}

static void read_flags(struct px_fetch *f, struct px_work *w)
{
    size_t i;
    f->flags_read = 1;
    f->no_partial = (px_quirks_get(w->d, w->dev_key) & PX_DEVFLAG_PARTIAL_GPV_BROKEN) != 0;
    if (f->no_partial)
        for (i = 0; i < f->n_names; i++)
            if (is_partial(f->names[i]))
                f->via_gpn[i] = 1;
}

/* The fallback's next RPC, or NULL when every fallback name is done. */
static struct cwmp_msg *fallback_next(struct px_fetch *f, struct px_work *w)
{
    for (;;) {
        size_t i;
        if (f->fb >= f->n_names) {
            for (f->fb = 0; f->fb < f->n_names; f->fb++)
                if (f->via_gpn[f->fb] == 1 || f->via_gpn[f->fb] == 2)
                    break;
            if (f->fb >= f->n_names)
                return NULL;
            f->fb_started = 0;
            f->fb_incomplete = 0;
            f->fb_next = f->fb_one_end = 0;
        }
        if (!f->fb_started) {
            f->sent = SENT_GPN;
            return gpn_of(f->names[f->fb]);
        }
        if (f->fb_next < f->fb_n) {
            size_t left = f->fb_n - f->fb_next;
            f->fb_batch = f->fb_next < f->fb_one_end ? 1
                          : left < PX_FETCH_BATCH    ? left
                                                     : PX_FETCH_BATCH;
            f->sent = SENT_BATCH;
            return gpv_of(&f->fb_names[f->fb_next], f->fb_batch);
        }
        /* this name is done */
        if (!f->fb_incomplete)
            mark_complete(f, w, f->fb);
        else
            px_info("%s: %s read through GetParameterNames, some names without values", w->dev_key,
                    f->names[f->fb]);
        f->via_gpn[f->fb] = 3;
        for (i = 0; i < f->fb_n; i++)
            free(f->fb_names[i]);
        free(f->fb_names);
        f->fb_names = NULL;
        f->fb_n = 0;
        f->fb = f->n_names;
    }
}

struct cwmp_msg *px_fetch_next_rpc(struct px_fetch *f, struct px_work *w)
{
    struct cwmp_msg *m;

    if (f->done || f->n_names == 0)
        return NULL;
    if (!f->flags_read)
        read_flags(f, w);
    if (!f->sent_all) {
        f->sent_all = 1;
        f->next = f->n_names; /* done unless a fault switches to per_name */
        if ((m = gpv_direct(f)) != NULL) {
            f->sent = SENT_ALL;
            return m;
        }
    }
    if (f->per_name) {
        while (f->next < f->n_names && f->via_gpn[f->next])
            f->next++;
        if (f->next < f->n_names) {
            f->sent = SENT_ONE;
            return gpv_of(&f->names[f->next], 1);
        }
    }
    if ((m = fallback_next(f, w)) != NULL)
        return m;
    f->sent = SENT_NONE;
    f->done = 1;
    return NULL;
}

static void set_fault(struct px_fetch *f, size_t i, const struct cwmp_msg *resp)
{
    f->fault[i] = resp->type == CWMP_MSG_FAULT ? resp->body.fault.code : CWMP_FAULT_INTERNAL_ERROR;
    free(f->fault_text[i]);
    f->fault_text[i] =
        strdup(resp->type == CWMP_MSG_FAULT && resp->body.fault.string ? resp->body.fault.string
                                                                       : "unexpected answer");
}

/* A GetParameterValues of names[i] alone failed. A partial path may be
 * one the CPE cannot GetParameterValues: GetParameterNames decides. */
static void direct_fault(struct px_fetch *f, size_t i, const struct cwmp_msg *resp)
{
    int code = resp->type == CWMP_MSG_FAULT ? resp->body.fault.code : 0;

    set_fault(f, i, resp);
    if (is_partial(f->names[i]) && !f->no_partial &&
        (code == CWMP_FAULT_INVALID_PARAMETER_NAME || code == CWMP_FAULT_METHOD_NOT_SUPPORTED ||
         code == CWMP_FAULT_INTERNAL_ERROR))
        f->via_gpn[i] = 2;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* GetParameterNamesResponse for names[fb]: keep the full names. */
static void gpn_result(struct px_fetch *f, struct px_work *w, const struct cwmp_msg *resp)
{
    const struct cwmp_gpn_response *r = &resp->body.gpn_resp;
    size_t i, fb = f->fb;
    char how[200];

    f->fb_names = calloc(r->n_params ? r->n_params : 1, sizeof *f->fb_names);
    f->fb_n = 0;
    for (i = 0; f->fb_names && i < r->n_params; i++) {
        const char *n = r->params[i].name;
        if (!n || is_partial(n) || strncmp(n, f->names[fb], strlen(f->names[fb])) != 0)
            continue; /* objects have no value; a name outside the path is a CPE bug */
        if (!(f->fb_names[f->fb_n] = strdup(n)))
            break;
        f->fb_n++;
    }
    if (!f->fb_names || i < r->n_params) {
        px_err("%s: out of memory fetching %s", w->dev_key, f->names[fb]);
        f->fb_incomplete = 1;
    }
    if (f->fb_n > 1)
        qsort(f->fb_names, f->fb_n, sizeof *f->fb_names, cmp_str);
    if (f->via_gpn[fb] == 2) {
        snprintf(how, sizeof how, "fault %d to GetParameterValues of %s", f->fault[fb],
                 f->names[fb]);
        px_quirks_learn(w->d, w->dev_key, PX_DEVFLAG_PARTIAL_GPV_BROKEN, how);
        f->no_partial = 1;
    }
    f->fault[fb] = 0;
    free(f->fault_text[fb]);
    f->fault_text[fb] = NULL;
    forget_subtree(f, w, fb);
    f->fb_started = 1;
}

static void fallback_response(struct px_fetch *f, struct px_work *w, int sent,
                              const struct cwmp_msg *resp)
{
    size_t fb = f->fb;

    if (fb >= f->n_names)
        return;
    if (sent == SENT_GPN) {
        if (resp->type == CWMP_MSG_GET_PARAMETER_NAMES_RESPONSE) {
            gpn_result(f, w, resp);
            return;
        }
        /* The path is not there (9005), or GetParameterNames fails too:
         * after a GetParameterValues fault, that fault stands unless the
         * CPE says the name is invalid. */
        if (f->via_gpn[fb] == 1 || (resp->type == CWMP_MSG_FAULT &&
                                    resp->body.fault.code == CWMP_FAULT_INVALID_PARAMETER_NAME))
            set_fault(f, fb, resp);
        f->via_gpn[fb] = 3;
        f->fb = f->n_names;
        return;
    }
    if (resp->type == CWMP_MSG_GET_PARAMETER_VALUES_RESPONSE) {
        take_values(f, w, resp);
        f->fb_next += f->fb_batch;
    } else if (f->fb_batch > 1) {
        f->fb_one_end = f->fb_next + f->fb_batch; /* find the name it refuses */
    } else {
        px_debug("%s: %s listed by GetParameterNames but not readable (fault %d)", w->dev_key,
                 f->fb_names[f->fb_next], resp->type == CWMP_MSG_FAULT ? resp->body.fault.code : 0);
        f->fb_incomplete = 1;
        f->fb_next++;
    }
}

void px_fetch_on_response(struct px_fetch *f, struct px_work *w, const struct cwmp_msg *resp)
{
    int ok = resp->type == CWMP_MSG_GET_PARAMETER_VALUES_RESPONSE;
    size_t i, n = 0, last = 0;
    int sent = f->sent;

    f->sent = SENT_NONE;
    switch (sent) {
    case SENT_ALL:
        for (i = 0; i < f->n_names; i++)
            if (!f->via_gpn[i]) {
                n++;
                last = i;
            }
        if (ok) {
            for (i = 0; i < f->n_names; i++)
                if (!f->via_gpn[i])
                    direct_result(f, w, i, 1);
            take_values(f, w, resp);
        } else if (n > 1) {
            f->per_name = 1; /* find out which name the CPE refuses */
            f->next = 0;
        } else if (n == 1) {
            direct_fault(f, last, resp);
        }
        break;
    case SENT_ONE:
        if (f->next >= f->n_names)
            break;
        if (ok) {
            direct_result(f, w, f->next, 1);
            take_values(f, w, resp);
        } else {
            direct_fault(f, f->next, resp);
        }
        f->next++;
        break;
    case SENT_GPN:
    case SENT_BATCH:
        fallback_response(f, w, sent, resp);
        break;
    default:
        break;
    }
}
