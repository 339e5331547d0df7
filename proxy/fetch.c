/*
 * fetch.c - GetParameterValues of what a set of USP paths needs (struct
 * px_fetch in px.h), shared by the Get and Set plans: the fetch names,
 * the RPCs (all names at once, one name at a time after a fault), the
 * results with their types, and the parameter cache.
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
    if (!f->names || !f->fault || !f->fault_text)
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
}

/* Caches what a GetParameterValuesResponse brought for names[first ..
 * first + n): a partial name's subtree is replaced and marked complete. */
static void cache_result(struct px_fetch *f, struct px_work *w, const struct cwmp_msg *resp,
                         size_t first, size_t n)
{
    struct px_store *s = w->d->store;
    const struct cwmp_param_values *pv = &resp->body.gpv_resp;
    int64_t now = (int64_t)time(NULL);
    size_t i;

    for (i = first; i < first + n; i++) {
        const char *nm = f->names[i];
        size_t l = strlen(nm);
        if (l && nm[l - 1] == '.') {
            struct px_param mark = {nm, CWMP_TYPE_STRING, "", 0, now};
            px_params_delete_prefix(s, w->dev_key, nm, NULL);
            px_params_put(s, w->dev_key, &mark);
        }
    }
    for (i = 0; i < pv->n_params; i++) {
        const struct cwmp_param_value *v = &pv->params[i];
        struct px_param p;
        size_t l;
        if (!v->name || !(l = strlen(v->name)) || v->name[l - 1] == '.')
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

/* ---------------------------------------------------------------------
 * RPCs.
 * ------------------------------------------------------------------- */

static struct cwmp_msg *gpv_of(char *const *names, size_t n)
{
    struct cwmp_msg *m = cwmp_msg_new(CWMP_MSG_GET_PARAMETER_VALUES);
    size_t i;
    if (!m)
        return NULL;
    m->body.gpv.names = cwmp_msg_alloc(m, n * sizeof(char *));
    if (!m->body.gpv.names) {
        cwmp_msg_free(m);
        return NULL;
    }
    for (i = 0; i < n; i++)
        m->body.gpv.names[i] = names[i];
    m->body.gpv.n_names = n;
    return m;
}

struct cwmp_msg *px_fetch_next_rpc(struct px_fetch *f)
{
    if (f->n_names == 0)
        return NULL;
    if (!f->sent_all) {
        f->sent_all = 1;
        f->next = f->n_names; /* done unless a fault switches to per_name */
        return gpv_of(f->names, f->n_names);
    }
    if (f->per_name && f->next < f->n_names)
        return gpv_of(&f->names[f->next], 1);
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

void px_fetch_on_response(struct px_fetch *f, struct px_work *w, const struct cwmp_msg *resp)
{
    int ok = resp->type == CWMP_MSG_GET_PARAMETER_VALUES_RESPONSE;

    if (!f->per_name) {
        if (ok) {
            cache_result(f, w, resp, 0, f->n_names);
        } else if (f->n_names > 1) {
            f->per_name = 1; /* find out which name the CPE refuses */
            f->next = 0;
        } else if (f->n_names == 1) {
            set_fault(f, 0, resp);
        }
        return;
    }
    if (f->next >= f->n_names)
        return;
    if (ok)
        cache_result(f, w, resp, f->next, 1);
    else
        set_fault(f, f->next, resp);
    f->next++;
}
