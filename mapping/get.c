/*
 * get.c - USP Get over CWMP: which GetParameterValues name fetches what a
 * USP path names, and how fetched values become a GetResp (TR-369 "Get",
 * "GetResp"; TR-069 A.3.2.2). Pure translation: no I/O, no state.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapping/mapping.h"
#include "usp/error.h"
#include "usp/msg.h"
#include "usp/path.h"

__attribute__((format(printf, 3, 4))) static void say(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;
    if (!why || !len)
        return;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
}

/* Appends text and a '.' to name at *pos; -1 when it does not fit. */
static int append_seg(char *name, size_t cap, size_t *pos, const char *text)
{
    size_t n = strlen(text);
    if (*pos + n + 2 > cap)
        return -1;
    memcpy(name + *pos, text, n);
    *pos += n;
    name[(*pos)++] = '.';
    name[*pos] = '\0';
    return 0;
}

int map_get_fetch_name(const char *path, char *name, size_t cap, char *why, size_t why_len)
{
    struct usp_path *p = NULL;
    struct usp_path_error perr;
    size_t pos = 0, i;
    int stopped = 0, rc;

    if (!path || !name || cap < 2) {
        say(why, why_len, "no path");
        return USP_ERR_INVALID_PATH_SYNTAX;
    }
    rc = usp_path_parse(path, &p, &perr);
    if (rc) {
        say(why, why_len, "%s", perr.message);
        return rc;
    }
    if (p->kind == USP_PATH_COMMAND || p->kind == USP_PATH_EVENT) {
        say(why, why_len, "'%s' is a %s path; Get takes parameter and object paths", path,
            usp_path_kind_name(p->kind));
        usp_path_free(p);
        return USP_ERR_INVALID_PATH;
    }
    name[0] = '\0';
    for (i = 0; i < p->nsegs && !stopped; i++) {
        const struct usp_path_seg *sg = &p->segs[i];
        char num[16];
        rc = 0;
        switch (sg->type) {
        case USP_PATH_SEG_NAME:
            if (sg->ref.present)
                stopped = 1; /* the proxy follows references itself */
            else
                rc = append_seg(name, cap, &pos, sg->name);
            break;
        case USP_PATH_SEG_INSTANCE:
            snprintf(num, sizeof num, "%u", (unsigned)sg->instance);
            rc = append_seg(name, cap, &pos, num);
            break;
        default: /* '*', '[...]', '{i}': fetch the table, resolve here */
            stopped = 1;
            break;
        }
        if (rc) {
            say(why, why_len, "'%s' is longer than a CWMP parameter name may be", path);
            usp_path_free(p);
            return USP_ERR_INVALID_PATH;
        }
    }
    /* A concrete parameter path is a full name: no trailing '.'. */
    if (!stopped && p->kind == USP_PATH_PARAMETER && pos > 0)
        name[pos - 1] = '\0';
    usp_path_free(p);
    return 0;
}

/* ---------------------------------------------------------------------
 * Value sets.
 * ------------------------------------------------------------------- */

int map_values_add(struct map_values *vs, const char *name, const char *value)
{
    return map_values_add_typed(vs, name, value, 0);
}

int map_values_add_typed(struct map_values *vs, const char *name, const char *value, int type)
{
    struct map_value *v;
    if (vs->n == vs->cap) {
        size_t cap = vs->cap ? vs->cap * 2 : 32;
        v = realloc(vs->v, cap * sizeof *v);
        if (!v)
            return -1;
        vs->v = v;
        vs->cap = cap;
    }
    v = &vs->v[vs->n];
    v->name = strdup(name);
    v->value = strdup(value ? value : "");
    v->type = type;
    if (!v->name || !v->value) {
        free(v->name);
        free(v->value);
        return -1;
    }
    vs->n++;
    vs->sorted = 0;
    return 0;
}

/* Sort by name; among equal names keep insertion order (index tiebreak). */
struct sort_item {
    struct map_value v;
    size_t idx;
};

static int cmp_item(const void *a, const void *b)
{
    const struct sort_item *x = a, *y = b;
    int c = strcmp(x->v.name, y->v.name);
    if (c)
        return c;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

void map_values_sort(struct map_values *vs)
{
    struct sort_item *it;
    size_t i, out = 0;

    if (vs->sorted || vs->n == 0) {
        vs->sorted = 1;
        return;
    }
    it = malloc(vs->n * sizeof *it);
    if (!it) { /* fall back to an unstable sort: duplicates are rare */
        qsort(vs->v, vs->n, sizeof *vs->v, cmp_item);
        vs->sorted = 1;
        return;
    }
    for (i = 0; i < vs->n; i++) {
        it[i].v = vs->v[i];
        it[i].idx = i;
    }
    qsort(it, vs->n, sizeof *it, cmp_item);
    for (i = 0; i < vs->n; i++) {
        if (i + 1 < vs->n && strcmp(it[i].v.name, it[i + 1].v.name) == 0) {
            free(it[i].v.name); /* a later value of the same name wins */
            free(it[i].v.value);
            continue;
        }
        vs->v[out++] = it[i].v;
    }
    vs->n = out;
    vs->sorted = 1;
    free(it);
}

/* Index of the first value whose name is >= key. */
static size_t lower_bound(const struct map_values *vs, const char *key)
{
    size_t lo = 0, hi = vs->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(vs->v[mid].name, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const struct map_value *map_values_get(const struct map_values *vs, const char *name)
{
    size_t i = lower_bound(vs, name);
    if (i < vs->n && strcmp(vs->v[i].name, name) == 0)
        return &vs->v[i];
    return NULL;
}

const char *map_values_find(const struct map_values *vs, const char *name)
{
    const struct map_value *v = map_values_get(vs, name);
    return v ? v->value : NULL;
}

void map_values_free(struct map_values *vs)
{
    size_t i;
    for (i = 0; i < vs->n; i++) {
        free(vs->v[i].name);
        free(vs->v[i].value);
    }
    free(vs->v);
    memset(vs, 0, sizeof *vs);
}

/* ---------------------------------------------------------------------
 * Resolution against a value set (struct usp_path_source).
 * ------------------------------------------------------------------- */

struct vs_source {
    const struct map_values *vs;
    uint32_t *inst;
    size_t n_inst, cap_inst;
};

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static int vs_list_instances(void *ctx, const char *table, const uint32_t **instances, size_t *n)
{
    struct vs_source *src = ctx;
    size_t tlen = strlen(table), i;

    src->n_inst = 0;
    for (i = lower_bound(src->vs, table); i < src->vs->n; i++) {
        const char *nm = src->vs->v[i].name, *q;
        char *end;
        unsigned long num;
        if (strncmp(nm, table, tlen) != 0)
            break;
        q = nm + tlen;
        if (*q < '0' || *q > '9')
            continue;
        errno = 0;
        num = strtoul(q, &end, 10);
        if (errno || *end != '.' || num == 0 || num > UINT32_MAX)
            continue;
        if (src->n_inst && src->inst[src->n_inst - 1] == num)
            continue; /* names of one instance are adjacent */
        if (src->n_inst == src->cap_inst) {
            size_t cap = src->cap_inst ? src->cap_inst * 2 : 16;
            uint32_t *p = realloc(src->inst, cap * sizeof *p);
            if (!p)
                return USP_ERR_INTERNAL_ERROR;
            src->inst = p;
            src->cap_inst = cap;
        }
        src->inst[src->n_inst++] = (uint32_t)num;
    }
    if (src->n_inst > 1) { /* "10" sorts before "2" as text; dedupe again */
        size_t out = 1;
        qsort(src->inst, src->n_inst, sizeof *src->inst, cmp_u32);
        for (i = 1; i < src->n_inst; i++)
            if (src->inst[i] != src->inst[out - 1])
                src->inst[out++] = src->inst[i];
        src->n_inst = out;
    }
    *instances = src->inst;
    *n = src->n_inst;
    return 0;
}

static int vs_get_value(void *ctx, const char *param, const char **value)
{
    struct vs_source *src = ctx;
    *value = map_values_find(src->vs, param);
    return 0;
}

/* ---------------------------------------------------------------------
 * GetResp building.
 * ------------------------------------------------------------------- */

/* One parameter to report: index into the value set, and where its object
 * name ends (the object is name[0..objlen), ending in '.'). */
struct hit {
    size_t idx;
    size_t objlen;
};

struct hits {
    struct hit *h;
    size_t n, cap;
    const struct map_values *vs;
};

static int hits_add(struct hits *hs, size_t idx)
{
    const char *nm = hs->vs->v[idx].name;
    const char *dot = strrchr(nm, '.');
    if (!dot)
        return 0; /* not a path name: nothing to group it under */
    if (hs->n == hs->cap) {
        size_t cap = hs->cap ? hs->cap * 2 : 32;
        struct hit *p = realloc(hs->h, cap * sizeof *p);
        if (!p)
            return -1;
        hs->h = p;
        hs->cap = cap;
    }
    hs->h[hs->n].idx = idx;
    hs->h[hs->n].objlen = (size_t)(dot - nm) + 1;
    hs->n++;
    return 0;
}

static const struct map_values *sort_vs; /* qsort has no context argument */

static int cmp_hit(const void *a, const void *b)
{
    const struct hit *x = a, *y = b;
    const char *nx = sort_vs->v[x->idx].name, *ny = sort_vs->v[y->idx].name;
    size_t n = x->objlen < y->objlen ? x->objlen : y->objlen;
    int c = memcmp(nx, ny, n);
    if (c)
        return c;
    if (x->objlen != y->objlen)
        return x->objlen < y->objlen ? -1 : 1;
    return strcmp(nx + x->objlen, ny + y->objlen);
}

/* Depth of the object holding name below the object path prefix (plen
 * bytes): 1 for a parameter of the object itself. */
static uint32_t depth_below(const char *name, size_t plen)
{
    uint32_t d = 1;
    const char *q;
    for (q = name + plen; *q; q++)
        if (*q == '.')
            d++;
    return d;
}

static int collect(struct hits *hs, const char *concrete, uint32_t max_depth)
{
    const struct map_values *vs = hs->vs;
    size_t len = strlen(concrete), i;

    if (len && concrete[len - 1] == '.') { /* object or instance path */
        for (i = lower_bound(vs, concrete); i < vs->n; i++) {
            if (strncmp(vs->v[i].name, concrete, len) != 0)
                break;
            if (max_depth && depth_below(vs->v[i].name, len) > max_depth)
                continue;
            if (hits_add(hs, i))
                return -1;
        }
        return 0;
    }
    i = lower_bound(vs, concrete);
    if (i < vs->n && strcmp(vs->v[i].name, concrete) == 0)
        return hits_add(hs, i);
    return 0;
}

static int emit(struct usp_msg *resp, const char *requested, struct hits *hs)
{
    const struct map_values *vs = hs->vs;
    size_t i;
    char obj[MAP_NAME_MAX + 2];

    sort_vs = vs;
    if (hs->n > 1)
        qsort(hs->h, hs->n, sizeof *hs->h, cmp_hit);
    if (usp_getresp_add_path_result(resp, requested, 0, NULL))
        return -1;
    for (i = 0; i < hs->n; i++) {
        const struct hit *h = &hs->h[i];
        const char *nm = vs->v[h->idx].name;
        if (i > 0 && h->idx == hs->h[i - 1].idx)
            continue; /* the same parameter reached twice */
        if (i == 0 || h->objlen != hs->h[i - 1].objlen ||
            memcmp(nm, vs->v[hs->h[i - 1].idx].name, h->objlen) != 0) {
            size_t n = h->objlen < sizeof obj - 1 ? h->objlen : sizeof obj - 1;
            memcpy(obj, nm, n);
            obj[n] = '\0';
            if (usp_getresp_add_resolved_path(resp, obj))
                return -1;
        }
        if (usp_getresp_add_result_param(resp, nm + h->objlen, vs->v[h->idx].value))
            return -1;
    }
    return 0;
}

int map_get_add_result(struct usp_msg *resp, const char *requested, uint32_t max_depth,
                       const struct map_values *vs, int object_exists)
{
    struct vs_source src = {vs, NULL, 0, 0};
    struct usp_path_source source = {&src, vs_list_instances, vs_get_value, NULL};
    struct usp_path_list list = {0};
    struct usp_path_error perr;
    struct usp_path *p = NULL;
    struct hits hs = {NULL, 0, 0, vs};
    int rc, concrete, ret = -1;
    size_t i;

    rc = usp_path_parse(requested, &p, &perr);
    if (rc)
        return usp_getresp_add_path_result(resp, requested, (uint32_t)rc, perr.message);
    concrete = usp_path_is_concrete(p);
    rc = usp_path_resolve(p, &source, &list, &perr);
    usp_path_free(p);
    free(src.inst);
    if (rc) {
        usp_path_list_free(&list);
        return usp_getresp_add_path_result(resp, requested, (uint32_t)rc, perr.message);
    }
    for (i = 0; i < list.n; i++)
        if (collect(&hs, list.paths[i], max_depth))
            goto out;
    if (concrete && hs.n == 0 && !object_exists) {
        char msg[USP_PATH_MAX_LEN / 8];
        snprintf(msg, sizeof msg, "%.400s does not exist on the device", requested);
        ret = usp_getresp_add_path_result(resp, requested, USP_ERR_INVALID_PATH, msg);
        goto out;
    }
    ret = emit(resp, requested, &hs);
out:
    usp_path_list_free(&list);
    free(hs.h);
    return ret;
}

int map_resolve(const char *path, const struct map_values *vs, struct usp_path_list *out, char *why,
                size_t why_len)
{
    struct vs_source src = {vs, NULL, 0, 0};
    struct usp_path_source source = {&src, vs_list_instances, vs_get_value, NULL};
    struct usp_path_error perr;
    int rc = usp_path_resolve_text(path, &source, out, &perr);
    free(src.inst);
    if (rc)
        say(why, why_len, "%s", perr.message);
    return rc;
}
