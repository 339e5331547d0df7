/*
 * instmap.c - instance numbers of CPEs that reuse them: path translation
 * (pure), the `instmap` records, and the hooks acs.c calls at the CWMP
 * session boundary. Layout and reasons in instmap.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cwmp/cwmp.h"
#include "proxy/instmap.h"
#include "proxy/log.h"
#include "proxy/params.h"
#include "proxy/px.h"

/* ---------------------------------------------------------------------
 * Paths (pure).
 * ------------------------------------------------------------------- */

/* Ends (index after the '.') of the instance-number segments of path. */
static size_t instance_ends(const char *path, size_t *ends, size_t max)
{
    size_t n = 0, i = 0, start = 0;

    for (;; i++) {
        if (path[i] != '.' && path[i] != '\0')
            continue;
        if (path[i] == '.' && i > start && n < max) {
            size_t k = start;
            while (k < i && path[k] >= '0' && path[k] <= '9')
                k++;
            if (k == i && path[start] != '0')
                ends[n++] = i + 1;
        }
        if (path[i] == '\0')
            return n;
        start = i + 1;
    }
}

int px_instmap_translate(const char *path, px_instmap_get_fn get, void *arg, char *out, size_t cap)
{
    size_t ends[32], n, len = strlen(path);
    char prefix[PX_INSTMAP_PATH_MAX + 1], mapped[PX_INSTMAP_PATH_MAX + 1];

    if (len >= cap)
        return -1;
    memcpy(out, path, len + 1);
    if (len > PX_INSTMAP_PATH_MAX)
        return 0; /* never mapped */
    n = instance_ends(path, ends, sizeof ends / sizeof ends[0]);
    while (n-- > 0) {
        size_t ml;
        int rc;
        memcpy(prefix, path, ends[n]);
        prefix[ends[n]] = '\0';
        rc = get(arg, prefix, mapped, sizeof mapped);
        if (rc < 0)
            return -1;
        if (rc == 0)
            continue;
        ml = strlen(mapped);
        if (ml + (len - ends[n]) >= cap)
            return -1;
        memcpy(out, mapped, ml);
        memcpy(out + ml, path + ends[n], len - ends[n] + 1);
        return 1;
    }
    return 0;
}

int px_instmap_split(const char *inst, char *table, size_t cap, uint32_t *num)
{
    size_t len = strlen(inst), i;
    uint64_t v = 0;

    if (len < 3 || inst[len - 1] != '.')
        return -1;
    i = len - 1;
    while (i > 0 && inst[i - 1] >= '0' && inst[i - 1] <= '9')
        i--;
    if (i == len - 1 || i == 0 || inst[i - 1] != '.' || inst[i] == '0' || len - 1 - i > 10)
        return -1;
    for (size_t k = i; k < len - 1; k++)
        v = v * 10 + (uint64_t)(inst[k] - '0');
    if (v > UINT32_MAX || i >= cap)
        return -1;
    memcpy(table, inst, i);
    table[i] = '\0';
    *num = (uint32_t)v;
    return 0;
}

int px_instmap_must_map(int flagged, uint32_t num, uint32_t high, int deleted, int usp_taken)
{
    if (deleted)
        return 1;
    return flagged && (num <= high || usp_taken);
}

uint32_t px_instmap_fresh(uint32_t high, uint32_t num, uint32_t cached_max)
{
    uint32_t m = high;
    if (num > m)
        m = num;
    if (cached_max > m)
        m = cached_max;
    return m == UINT32_MAX ? 0 : m + 1;
}

/* ---------------------------------------------------------------------
 * Records.
 * ------------------------------------------------------------------- */

static int bad(char *why, size_t why_len, const char *what)
{
    snprintf(why, why_len, "instmap record: %s", what);
    return -1;
}

int px_instmap_encode_path(const char *path, uint8_t **buf, size_t *len)
{
    struct px_wbuf b = {0};
    size_t n = strlen(path);

    if (n == 0 || n > PX_INSTMAP_PATH_MAX)
        return -1;
    px_wbuf_u8(&b, PX_INSTMAP_VERSION);
    px_wbuf_u16(&b, (uint16_t)n);
    px_wbuf_bytes(&b, path, n);
    if (b.oom) {
        px_wbuf_free(&b);
        return -1;
    }
    *buf = b.data;
    *len = b.len;
    return 0;
}

int px_instmap_decode_path(const void *buf, size_t len, char *out, size_t cap, char *why,
                           size_t why_len)
{
    struct px_rbuf r = {buf, len};
    const uint8_t *p;
    uint16_t n;
    uint8_t v;

    if (cap)
        out[0] = '\0';
    if (px_rbuf_u8(&r, &v) != 0)
        return bad(why, why_len, "empty");
    if (v != PX_INSTMAP_VERSION)
        return bad(why, why_len, "unknown version");
    if (px_rbuf_u16(&r, &n) != 0 || px_rbuf_bytes(&r, n, &p) != 0)
        return bad(why, why_len, "truncated path");
    if (n == 0 || n > PX_INSTMAP_PATH_MAX || n >= cap || memchr(p, '\0', n) || p[n - 1] != '.')
        return bad(why, why_len, "not an instance path");
    memcpy(out, p, n);
    out[n] = '\0';
    return 0; /* trailing bytes: later versions may append */
}

void px_instmap_encode_high(uint32_t high, uint8_t out[5])
{
    out[0] = PX_INSTMAP_VERSION;
    out[1] = (uint8_t)(high >> 24);
    out[2] = (uint8_t)(high >> 16);
    out[3] = (uint8_t)(high >> 8);
    out[4] = (uint8_t)high;
}

int px_instmap_decode_high(const void *buf, size_t len, uint32_t *high, char *why, size_t why_len)
{
    struct px_rbuf r = {buf, len};
    uint8_t v;

    *high = 0;
    if (px_rbuf_u8(&r, &v) != 0)
        return bad(why, why_len, "empty");
    if (v != PX_INSTMAP_VERSION)
        return bad(why, why_len, "unknown version");
    if (px_rbuf_u32(&r, high) != 0)
        return bad(why, why_len, "truncated high-water mark");
    return 0;
}

void px_instmap_encode_deleted(int64_t when, uint8_t out[9])
{
    out[0] = PX_INSTMAP_VERSION;
    px_store_put_be64(out + 1, (uint64_t)when);
}

int px_instmap_decode_deleted(const void *buf, size_t len, int64_t *when, char *why, size_t why_len)
{
    struct px_rbuf r = {buf, len};
    uint64_t t;
    uint8_t v;

    *when = 0;
    if (px_rbuf_u8(&r, &v) != 0)
        return bad(why, why_len, "empty");
    if (v != PX_INSTMAP_VERSION)
        return bad(why, why_len, "unknown version");
    if (px_rbuf_u64(&r, &t) != 0)
        return bad(why, why_len, "truncated time");
    *when = (int64_t)t;
    return 0;
}

/* ---------------------------------------------------------------------
 * The store.
 * ------------------------------------------------------------------- */

#define KEY_MAX (PX_DEVICE_KEY_MAX + 2 + PX_INSTMAP_PATH_MAX + 16)

/* key = dev_key NUL kind path; its length, or 0 when too long. */
static size_t make_key(char *key, const char *dev_key, char kind, const char *path)
{
    size_t dl = strlen(dev_key), pl = strlen(path);
    if (dl > PX_DEVICE_KEY_MAX || pl > PX_INSTMAP_PATH_MAX + 11)
        return 0;
    memcpy(key, dev_key, dl);
    key[dl] = '\0';
    key[dl + 1] = kind;
    memcpy(key + dl + 2, path, pl);
    return dl + 2 + pl;
}

struct lookup {
    struct px_store *s;
    const char *dev_key;
    char kind;
};

/* px_instmap_get_fn on the store. */
static int get_mapped(void *arg, const char *inst, char *out, size_t cap)
{
    struct lookup *l = arg;
    char key[KEY_MAX], why[120];
    size_t kl = make_key(key, l->dev_key, l->kind, inst), vl;
    void *v = NULL;
    int rc;

    if (!kl)
        return 0;
    rc = px_store_get(l->s, PX_DB_INSTMAP, key, kl, &v, &vl);
    if (rc == PX_STORE_NOT_FOUND)
        return 0;
    if (rc != 0)
        return -1;
    rc = px_instmap_decode_path(v, vl, out, cap, why, sizeof why);
    free(v);
    if (rc != 0) {
        px_warn("%s: %s %c%s ignored", l->dev_key, why, l->kind, inst);
        return 0;
    }
    return 1;
}

int px_instmap_path(struct px_store *s, const char *dev_key, char kind, const char *path, char *out,
                    size_t cap)
{
    struct lookup l = {s, dev_key, kind};
    return px_instmap_translate(path, get_mapped, &l, out, cap);
}

static int exists(struct px_store *s, const char *dev_key, char kind, const char *path)
{
    char key[KEY_MAX];
    size_t kl = make_key(key, dev_key, kind, path), vl;
    void *v = NULL;
    int rc;

    if (!kl)
        return 0;
    rc = px_store_get(s, PX_DB_INSTMAP, key, kl, &v, &vl);
    free(v);
    return rc == 0;
}

static uint32_t get_high(struct px_store *s, const char *dev_key, const char *table)
{
    char key[KEY_MAX], why[120];
    size_t kl = make_key(key, dev_key, 'h', table), vl;
    uint32_t high = 0;
    void *v = NULL;

    if (kl && px_store_get(s, PX_DB_INSTMAP, key, kl, &v, &vl) == 0)
        px_instmap_decode_high(v, vl, &high, why, sizeof why);
    free(v);
    return high;
}

static int put_high(struct px_store *s, const char *dev_key, const char *table, uint32_t high)
{
    char key[KEY_MAX];
    uint8_t val[5];
    size_t kl = make_key(key, dev_key, 'h', table);

    if (!kl || get_high(s, dev_key, table) >= high)
        return 0;
    px_instmap_encode_high(high, val);
    return px_store_put(s, PX_DB_INSTMAP, key, kl, val, sizeof val);
}

static int put_path(struct px_store *s, const char *dev_key, char kind, const char *from,
                    const char *to)
{
    char key[KEY_MAX];
    size_t kl = make_key(key, dev_key, kind, from), vl;
    uint8_t *val;
    int rc;

    if (!kl || px_instmap_encode_path(to, &val, &vl) != 0)
        return px_store_set_error(s, "cannot map %s: path too long", from);
    rc = px_store_put(s, PX_DB_INSTMAP, key, kl, val, vl);
    free(val);
    return rc;
}

static int del_prefix(struct px_store *s, const char *dev_key, char kind, const char *path)
{
    char key[KEY_MAX];
    size_t kl = make_key(key, dev_key, kind, path);
    return kl ? px_store_del_prefix(s, PX_DB_INSTMAP, key, kl, NULL) : 0;
}

struct collect {
    char **paths;
    size_t n, cap;
    int oom;
};

static int collect_value(void *arg, const MDB_val *key, const MDB_val *val)
{
    struct collect *c = arg;
    char path[PX_INSTMAP_PATH_MAX + 1], why[120];
    (void)key;
    if (px_instmap_decode_path(val->mv_data, val->mv_size, path, sizeof path, why, sizeof why))
        return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 4;
        char **p = realloc(c->paths, cap * sizeof *p);
        if (!p) {
            c->oom = 1;
            return 1;
        }
        c->paths = p;
        c->cap = cap;
    }
    if (!(c->paths[c->n] = strdup(path))) {
        c->oom = 1;
        return 1;
    }
    c->n++;
    return 0;
}

int px_instmap_deleted(struct px_store *s, const char *dev_key, const char *cwmp_inst, int64_t now)
{
    char key[KEY_MAX], table[PX_INSTMAP_PATH_MAX + 1];
    struct collect c = {0};
    size_t kl = make_key(key, dev_key, 'c', cwmp_inst), i;
    uint8_t val[9];
    uint32_t num;
    int rc = 0;

    if (!kl || px_instmap_split(cwmp_inst, table, sizeof table, &num) != 0)
        return 0; /* not an instance: nothing to remember */
    /* the mappings of the instance and of every instance below it */
    if (px_store_foreach_prefix(s, PX_DB_INSTMAP, key, kl, collect_value, &c) != 0 || c.oom)
        rc = -1;
    for (i = 0; i < c.n; i++) {
        if (rc == 0 && del_prefix(s, dev_key, 'u', c.paths[i]) != 0)
            rc = -1;
        free(c.paths[i]);
    }
    free(c.paths);
    if (rc != 0)
        return -1;
    if (del_prefix(s, dev_key, 'c', cwmp_inst) != 0 ||
        del_prefix(s, dev_key, 'd', cwmp_inst) != 0 || del_prefix(s, dev_key, 'h', cwmp_inst) != 0)
        return -1;
    px_instmap_encode_deleted(now, val);
    kl = make_key(key, dev_key, 'd', cwmp_inst);
    if (px_store_put(s, PX_DB_INSTMAP, key, kl, val, sizeof val) != 0)
        return -1;
    return put_high(s, dev_key, table, num);
}

/* The highest instance number cached directly under table (USP side). */
struct cached_max {
    size_t skip;
    uint32_t max;
};

static int max_instance(void *arg, const struct px_param *p)
{
    struct cached_max *m = arg;
    const char *q = p->path + m->skip;
    uint64_t v = 0;
    while (*q >= '0' && *q <= '9' && v <= UINT32_MAX)
        v = v * 10 + (uint64_t)(*q++ - '0');
    if (*q == '.' && v <= UINT32_MAX && v > m->max)
        m->max = (uint32_t)v;
    return 0;
}

int px_instmap_added(struct px_store *s, const char *dev_key, const char *cwmp_table, uint32_t num,
                     int flagged, uint32_t *usp_num, int *reused)
{
    char inst[PX_INSTMAP_PATH_MAX + 16], usp_table[PX_INSTMAP_PATH_MAX + 1];
    char usp_inst[PX_INSTMAP_PATH_MAX + 16];
    struct cached_max cm = {0, 0};
    uint32_t high, fresh;
    int deleted, taken;

    *usp_num = num;
    *reused = 0;
    if (strlen(cwmp_table) > PX_INSTMAP_PATH_MAX - 11 || num == 0)
        return 0;
    snprintf(inst, sizeof inst, "%s%u.", cwmp_table, (unsigned)num);
    if (px_instmap_path(s, dev_key, 'c', cwmp_table, usp_table, sizeof usp_table) < 0)
        return -1;
    snprintf(usp_inst, sizeof usp_inst, "%s%u.", usp_table, (unsigned)num);
    deleted = exists(s, dev_key, 'd', inst);
    *reused = deleted;
    high = get_high(s, dev_key, cwmp_table);
    taken = flagged && exists(s, dev_key, 'u', usp_inst);
    if (!px_instmap_must_map(flagged || deleted, num, high, deleted, taken))
        return put_high(s, dev_key, cwmp_table, num);
    cm.skip = strlen(usp_table);
    if (px_params_foreach(s, dev_key, usp_table, max_instance, &cm) != 0)
        return -1;
    fresh = px_instmap_fresh(high, num, cm.max);
    if (fresh == 0)
        return px_store_set_error(s, "%s: no instance numbers left", usp_table);
    snprintf(usp_inst, sizeof usp_inst, "%s%u.", usp_table, (unsigned)fresh);
    if (put_path(s, dev_key, 'u', usp_inst, inst) != 0 ||
        put_path(s, dev_key, 'c', inst, usp_inst) != 0 ||
        put_high(s, dev_key, cwmp_table, fresh) != 0)
        return -1;
    *usp_num = fresh;
    return 0;
}

static int count_one(void *arg, const MDB_val *key, const MDB_val *val)
{
    (void)key;
    (void)val;
    ++*(size_t *)arg;
    return 0;
}

int px_instmap_count(struct px_store *s, const char *dev_key, size_t *n)
{
    char key[KEY_MAX];
    size_t kl = make_key(key, dev_key, 'u', "");
    *n = 0;
    return px_store_foreach_prefix(s, PX_DB_INSTMAP, key, kl, count_one, n);
}

/* ---------------------------------------------------------------------
 * The session boundary.
 * ------------------------------------------------------------------- */

/* Rewrites *name through kind ('u' or 'c'): the new string lives in m. */
static void rename_in(struct px_store *s, const char *dev_key, char kind, struct cwmp_msg *m,
                      const char **name)
{
    char out[PX_INSTMAP_PATH_MAX + 64];
    char *copy;

    if (!*name || px_instmap_path(s, dev_key, kind, *name, out, sizeof out) != 1)
        return;
    if ((copy = cwmp_msg_strdup(m, out)) != NULL)
        *name = copy;
}

static void remember(struct px_session *s, const char *name)
{
    free(s->im_object);
    s->im_object = name ? strdup(name) : NULL;
}

void px_instmap_outgoing(struct px_session *s, struct cwmp_msg *m)
{
    struct px_store *st = s->d->store;
    const char *k = s->dev_key;
    size_t i;

    if (s->flags & PX_DEVFLAG_REUSES_INSTANCES) {
        switch (m->type) {
        case CWMP_MSG_GET_PARAMETER_VALUES:
            for (i = 0; i < m->body.gpv.n_names; i++)
                rename_in(st, k, 'u', m, &m->body.gpv.names[i]);
            break;
        case CWMP_MSG_GET_PARAMETER_ATTRIBUTES:
            for (i = 0; i < m->body.gpa.n_names; i++)
                rename_in(st, k, 'u', m, &m->body.gpa.names[i]);
            break;
        case CWMP_MSG_SET_PARAMETER_VALUES:
            for (i = 0; i < m->body.spv.n_params; i++)
                rename_in(st, k, 'u', m, &m->body.spv.params[i].name);
            break;
        case CWMP_MSG_SET_PARAMETER_ATTRIBUTES:
            for (i = 0; i < m->body.spa.n_params; i++)
                rename_in(st, k, 'u', m, &m->body.spa.params[i].name);
            break;
        case CWMP_MSG_GET_PARAMETER_NAMES:
            rename_in(st, k, 'u', m, &m->body.gpn.parameter_path);
            break;
        case CWMP_MSG_ADD_OBJECT:
            rename_in(st, k, 'u', m, &m->body.add_object.object_name);
            break;
        case CWMP_MSG_DELETE_OBJECT:
            rename_in(st, k, 'u', m, &m->body.delete_object.object_name);
            break;
        default:
            break;
        }
    }
    remember(s, m->type == CWMP_MSG_ADD_OBJECT      ? m->body.add_object.object_name
                : m->type == CWMP_MSG_DELETE_OBJECT ? m->body.delete_object.object_name
                                                    : NULL);
}

/* An AddObjectResponse: detection, and a fresh USP number when needed. */
static void on_added(struct px_session *s, struct cwmp_msg *m)
{
    uint32_t num = m->body.add_object_resp.instance_number, usp = num;
    int flagged = (s->flags & PX_DEVFLAG_REUSES_INSTANCES) != 0, reused = 0;
    char how[PX_INSTMAP_PATH_MAX + 80];

    if (px_instmap_added(s->d->store, s->dev_key, s->im_object, num, flagged, &usp, &reused) != 0) {
        px_err("%s: cannot record instance %s%u: %s", s->dev_key, s->im_object, (unsigned)num,
               px_store_errmsg(s->d->store));
        return;
    }
    if (reused && !flagged) {
        snprintf(how, sizeof how, "AddObject %s returned %u, deleted before", s->im_object,
                 (unsigned)num);
        px_quirks_learn(s->d, s->dev_key, PX_DEVFLAG_REUSES_INSTANCES, how);
        s->flags |= PX_DEVFLAG_REUSES_INSTANCES;
    }
    if (usp != num) {
        px_info("%s: CWMP instance %s%u. is USP instance number %u", s->dev_key, s->im_object,
                (unsigned)num, (unsigned)usp);
        m->body.add_object_resp.instance_number = usp;
    }
}

void px_instmap_incoming(struct px_session *s, struct cwmp_msg *m)
{
    struct px_store *st = s->d->store;
    const char *k = s->dev_key;
    size_t i;

    if (s->im_object && m->type == CWMP_MSG_ADD_OBJECT_RESPONSE)
        on_added(s, m);
    if (s->im_object && m->type == CWMP_MSG_DELETE_OBJECT_RESPONSE &&
        px_instmap_deleted(st, k, s->im_object, (int64_t)time(NULL)) != 0)
        px_err("%s: cannot record the deletion of %s: %s", k, s->im_object, px_store_errmsg(st));
    remember(s, NULL);
    if (!(s->flags & PX_DEVFLAG_REUSES_INSTANCES))
        return;
    switch (m->type) {
    case CWMP_MSG_GET_PARAMETER_VALUES_RESPONSE:
        for (i = 0; i < m->body.gpv_resp.n_params; i++)
            rename_in(st, k, 'c', m, &m->body.gpv_resp.params[i].name);
        break;
    case CWMP_MSG_GET_PARAMETER_NAMES_RESPONSE:
        for (i = 0; i < m->body.gpn_resp.n_params; i++)
            rename_in(st, k, 'c', m, &m->body.gpn_resp.params[i].name);
        break;
    case CWMP_MSG_GET_PARAMETER_ATTRIBUTES_RESPONSE:
        for (i = 0; i < m->body.gpa_resp.n_params; i++)
            rename_in(st, k, 'c', m, &m->body.gpa_resp.params[i].name);
        break;
    case CWMP_MSG_FAULT:
        for (i = 0; i < m->body.fault.n_spv_faults; i++)
            rename_in(st, k, 'c', m, &m->body.fault.spv_faults[i].parameter_name);
        break;
    default:
        break;
    }
}

void px_instmap_inform(struct px_daemon *d, const char *dev_key, uint32_t flags, struct cwmp_msg *m)
{
    size_t i;
    if (!(flags & PX_DEVFLAG_REUSES_INSTANCES) || m->type != CWMP_MSG_INFORM)
        return;
    for (i = 0; i < m->body.inform.n_params; i++)
        rename_in(d->store, dev_key, 'c', m, &m->body.inform.params[i].name);
}

void px_instmap_session_end(struct px_session *s)
{
    remember(s, NULL);
}
