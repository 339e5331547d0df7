/*
 * instances.c - USP GetInstances over CWMP (TR-369 "GetInstances"): the
 * instances under a requested object path, read from a set of parameter
 * values (what GetParameterValues of the path's fetch name returned, or
 * the cache). Pure translation: no I/O, no state.
 *
 * CWMP has no instance list: an instance is known by the names of the
 * parameters under it ("Device.NAT.PortMapping.3.Enable" says that
 * "Device.NAT.PortMapping.3." exists). An instance with no parameter at
 * all below it is therefore not seen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapping/mapping.h"
#include "usp/error.h"
#include "usp/msg.h"
#include "usp/path.h"

/* Index of the first value whose name is >= key (vs sorted). */
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

/* A segment of digits only ("3"), as an instance number is written. */
static int is_number(const char *s, size_t n)
{
    size_t i;
    if (n == 0 || s[0] == '0')
        return 0;
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* Whether the object path ends in an instance number ("...Mapping.3."). */
static int ends_in_instance(const char *obj)
{
    size_t l = strlen(obj), s;
    if (l < 2 || obj[l - 1] != '.')
        return 0;
    s = l - 1;
    while (s > 0 && obj[s - 1] != '.')
        s--;
    return is_number(obj + s, l - 1 - s);
}

struct inst_list {
    char **p;
    size_t n, cap;
};

static int inst_add(struct inst_list *l, const char *path, size_t len)
{
    char *c;
    /* names of one instance are adjacent in sorted order: check the last few */
    for (size_t i = l->n; i > 0 && i + 8 > l->n; i--)
        if (strlen(l->p[i - 1]) == len && memcmp(l->p[i - 1], path, len) == 0)
            return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **np = realloc(l->p, cap * sizeof *np);
        if (!np)
            return -1;
        l->p = np;
        l->cap = cap;
    }
    if (!(c = malloc(len + 1)))
        return -1;
    memcpy(c, path, len);
    c[len] = '\0';
    l->p[l->n++] = c;
    return 0;
}

static void inst_free(struct inst_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->p[i]);
    free(l->p);
}

/* Numeric order of instance numbers inside paths ("2." before "10."). */
static int cmp_inst(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;

    for (;;) {
        while (*x && *x == *y && !(*x >= '0' && *x <= '9')) {
            x++;
            y++;
        }
        if (*x >= '0' && *x <= '9' && *y >= '0' && *y <= '9') {
            size_t nx = strspn(x, "0123456789"), ny = strspn(y, "0123456789");
            int c;
            if (nx != ny)
                return nx < ny ? -1 : 1;
            if ((c = memcmp(x, y, nx)) != 0)
                return c;
            x += nx;
            y += ny;
            continue;
        }
        return strcmp(x, y);
    }
}

/*
 * The instances at or below obj in vs: every object path ending in an
 * instance number that a parameter name below obj goes through; with
 * first_level_only, only those with one instance number after obj (or obj
 * itself when it is an instance).
 */
static int collect(struct inst_list *out, const char *obj, int first_level_only,
                   const struct map_values *vs)
{
    size_t olen = strlen(obj), i;
    int self = ends_in_instance(obj), seen_self = 0;

    for (i = lower_bound(vs, obj); i < vs->n; i++) {
        const char *nm = vs->v[i].name, *seg = nm + olen, *dot;
        int numbers = 0;
        if (strncmp(nm, obj, olen) != 0)
            break;
        if (self && !seen_self) {
            if (inst_add(out, obj, olen))
                return -1;
            seen_self = 1;
        }
        if (self && first_level_only)
            continue;
        while ((dot = strchr(seg, '.')) != NULL) {
            if (is_number(seg, (size_t)(dot - seg))) {
                numbers++;
                if (first_level_only && numbers > 1)
                    break;
                if (inst_add(out, nm, (size_t)(dot - nm) + 1))
                    return -1;
            }
            seg = dot + 1;
        }
    }
    return 0;
}

/* The unique keys of inst that vs has (key names from keys_of). */
static int add_keys(struct usp_msg *resp, const char *inst, const struct map_values *vs,
                    map_unique_keys_fn keys_of, void *arg)
{
    static const char *const alias_only[] = {"Alias", NULL};
    const char *const *keys = keys_of ? keys_of(arg, inst) : alias_only;
    char name[MAP_NAME_MAX + 64];

    for (; keys && *keys; keys++) {
        const char *v;
        snprintf(name, sizeof name, "%s%s", inst, *keys);
        if ((v = map_values_find(vs, name)) != NULL &&
            usp_getinstresp_add_unique_key(resp, *keys, v))
            return -1;
    }
    return 0;
}

int map_instances_add_result(struct usp_msg *resp, const char *requested, int first_level_only,
                             const struct map_values *vs, int object_exists,
                             map_unique_keys_fn keys_of, void *arg)
{
    struct usp_path_list list = {0};
    struct inst_list insts = {0};
    struct usp_path *p = NULL;
    struct usp_path_error perr;
    char why[400];
    int rc, concrete, ret = -1, any = 0;
    size_t i, l;

    rc = usp_path_parse(requested, &p, &perr);
    if (rc)
        return usp_getinstresp_add_path_result(resp, requested, (uint32_t)rc, perr.message);
    concrete = usp_path_is_concrete(p);
    if (p->kind != USP_PATH_OBJECT && p->kind != USP_PATH_INSTANCE) {
        snprintf(why, sizeof why, "'%.200s' is a %s path; GetInstances takes object paths",
                 requested, usp_path_kind_name(p->kind));
        usp_path_free(p);
        return usp_getinstresp_add_path_result(resp, requested, USP_ERR_INVALID_PATH, why);
    }
    usp_path_free(p);
    rc = map_resolve(requested, vs, &list, why, sizeof why);
    if (rc) {
        usp_path_list_free(&list);
        return usp_getinstresp_add_path_result(resp, requested, (uint32_t)rc, why);
    }
    for (i = 0; i < list.n; i++) {
        size_t before = insts.n;
        l = strlen(list.paths[i]);
        if (collect(&insts, list.paths[i], first_level_only, vs))
            goto out;
        /* the object has values below it even when it has no instances */
        if (insts.n == before) {
            size_t k = lower_bound(vs, list.paths[i]);
            any |= k < vs->n && strncmp(vs->v[k].name, list.paths[i], l) == 0;
        } else {
            any = 1;
        }
    }
    if (concrete && !any && !object_exists) {
        snprintf(why, sizeof why, "%.200s does not exist on the device", requested);
        ret = usp_getinstresp_add_path_result(resp, requested, USP_ERR_INVALID_PATH, why);
        goto out;
    }
    if (insts.n > 1)
        qsort(insts.p, insts.n, sizeof *insts.p, cmp_inst);
    if (usp_getinstresp_add_path_result(resp, requested, 0, NULL))
        goto out;
    for (i = 0; i < insts.n; i++) {
        if (i > 0 && strcmp(insts.p[i], insts.p[i - 1]) == 0)
            continue; /* reached through two resolved paths */
        if (usp_getinstresp_add_curr_inst(resp, insts.p[i]) ||
            add_keys(resp, insts.p[i], vs, keys_of, arg))
            goto out;
    }
    ret = 0;
out:
    usp_path_list_free(&list);
    inst_free(&insts);
    return ret;
}
