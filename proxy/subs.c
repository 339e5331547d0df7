/*
 * subs.c - Device.LocalAgent.Subscription.{i}. records (subs.h): TR-181
 * defaults and value checks, the record codec of the objects database,
 * the store functions, reference matching and the TR-369 retry wait.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/device.h"
#include "proxy/log.h"
#include "proxy/subs.h"
#include "usp/usp.h"

#define SUB_VERSION     1
#define COUNTER_VERSION 1
#define CONTROLLER_PATH "Device.LocalAgent.Controller."

static const char *const type_names[] = {
    "", "ValueChange", "ObjectCreation", "ObjectDeletion", "OperationComplete", "Event",
};

const char *px_notif_type_name(enum px_notif_type t)
{
    return (unsigned)t < sizeof type_names / sizeof type_names[0] ? type_names[t] : "";
}

void px_sub_clear(struct px_sub *s)
{
    free(s->alias);
    free(s->id);
    free(s->recipient);
    free(s->reference_list);
    memset(s, 0, sizeof *s);
}

int px_sub_init(struct px_sub *s, uint32_t instance, int64_t now)
{
    memset(s, 0, sizeof *s);
    s->instance = instance;
    s->creation_date = now;
    s->alias = strdup("");
    s->id = strdup("");
    s->recipient = strdup("");
    s->reference_list = strdup("");
    if (!s->alias || !s->id || !s->recipient || !s->reference_list) {
        px_sub_clear(s);
        return -1;
    }
    return 0;
}

int px_sub_expired(const struct px_sub *s, int64_t now)
{
    return s->time_to_live && now >= s->creation_date + (int64_t)s->time_to_live;
}

/* ---------------------------------------------------------------------
 * Values (TR-106 types).
 * ------------------------------------------------------------------- */

static int parse_bool(const char *v, int *out)
{
    if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
        *out = 1;
    else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
        *out = 0;
    else
        return -1;
    return 0;
}

static int parse_uint(const char *v, uint32_t *out)
{
    uint64_t n = 0;
    if (!*v || strlen(v) > 10)
        return -1;
    for (; *v; v++) {
        if (*v < '0' || *v > '9')
            return -1;
        n = n * 10 + (uint64_t)(*v - '0');
    }
    if (n > UINT32_MAX)
        return -1;
    *out = (uint32_t)n;
    return 0;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* "YYYY-MM-DDThh:mm:ssZ" (what px_sub_params writes). */
/* The digits of v at [at, at + n): -1 unless all are ASCII digits (sscanf
 * would also take signs and spaces: "-023" is not a year). */
static int digits(const char *v, size_t at, size_t n)
{
    int x = 0;
    for (size_t i = at; i < at + n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return -1;
        x = x * 10 + (v[i] - '0');
    }
    return x;
}

/* "YYYY-MM-DDTHH:MM:SSZ" (the form format_time writes), years 1-9999. */
static int parse_time(const char *v, int64_t *out)
{
    int y, mo, d, h, mi, s;
    if (strlen(v) != 20 || v[4] != '-' || v[7] != '-' || v[10] != 'T' || v[13] != ':' ||
        v[16] != ':' || v[19] != 'Z')
        return -1;
    y = digits(v, 0, 4), mo = digits(v, 5, 2), d = digits(v, 8, 2);
    h = digits(v, 11, 2), mi = digits(v, 14, 2), s = digits(v, 17, 2);
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
        s < 0 || s > 60)
        return -1;
    *out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s;
    return 0;
}

static void format_time(int64_t t, char *buf, size_t len)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400, secs = t - days * 86400;
    /* civil_from_days */
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    snprintf(buf, len, "%04lld-%02u-%02uT%02u:%02u:%02uZ", (long long)y, m, d,
             (unsigned)(secs / 3600), (unsigned)(secs / 60 % 60), (unsigned)(secs % 60));
}

static int set_str(char **dst, const char *v)
{
    char *c = strdup(v);
    if (!c)
        return -1;
    free(*dst);
    *dst = c;
    return 0;
}

/* Each comma-separated item of a ReferenceList must be a path. */
static int check_reflist(const char *v, char *why, size_t why_len)
{
    const char *p = v;
    if (strlen(v) > PX_SUB_REFLIST_MAX) {
        snprintf(why, why_len, "ReferenceList is longer than %d characters", PX_SUB_REFLIST_MAX);
        return -1;
    }
    if (!*p)
        return 0; /* an empty list */
    for (;;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char item[PX_SUB_REFLIST_MAX + 1];
        struct usp_path *path = NULL;
        struct usp_path_error perr;
        while (n && *p == ' ')
            p++, n--;
        while (n && p[n - 1] == ' ')
            n--;
        memcpy(item, p, n);
        item[n] = '\0';
        if (!n || usp_path_parse(item, &path, &perr) != 0) {
            snprintf(why, why_len, "ReferenceList item \"%.100s\" is not a path%s%.100s", item,
                     n ? ": " : "", n ? perr.message : "");
            return -1;
        }
        usp_path_free(path);
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

/* "Device.LocalAgent.Controller.N" or with a trailing '.': N >= 1. */
static int check_recipient(const char *v, char *norm, size_t cap)
{
    size_t pl = strlen(CONTROLLER_PATH), l = strlen(v);
    uint32_t n;
    char num[16];

    if (l && v[l - 1] == '.')
        l--;
    if (l <= pl || strncmp(v, CONTROLLER_PATH, pl) != 0 || l - pl >= sizeof num)
        return -1;
    memcpy(num, v + pl, l - pl);
    num[l - pl] = '\0';
    if (parse_uint(num, &n) != 0 || n == 0 || num[0] == '0')
        return -1;
    snprintf(norm, cap, CONTROLLER_PATH "%u", (unsigned)n);
    return 0;
}

int px_sub_set_param(struct px_sub *s, const char *name, const char *value, char *why,
                     size_t why_len)
{
    int b;
    uint32_t u;
    char norm[64];

    if (strcmp(name, "Enable") == 0 || strcmp(name, "Persistent") == 0 ||
        strcmp(name, "NotifRetry") == 0) {
        if (parse_bool(value, &b) != 0)
            goto bad_type;
        *(strcmp(name, "Enable") == 0       ? &s->enable
          : strcmp(name, "Persistent") == 0 ? &s->persistent
                                            : &s->notif_retry) = b;
        return 0;
    }
    if (strcmp(name, "TimeToLive") == 0 || strcmp(name, "NotifExpiration") == 0) {
        if (parse_uint(value, &u) != 0)
            goto bad_type;
        *(strcmp(name, "TimeToLive") == 0 ? &s->time_to_live : &s->notif_expiration) = u;
        return 0;
    }
    if (strcmp(name, "ID") == 0 || strcmp(name, "Alias") == 0) {
        /* TR-181: string(1:64) / string(64) */
        if (!*value || strlen(value) > PX_SUB_KEY_MAX) {
            snprintf(why, why_len, "%s must have 1 to %d characters", name, PX_SUB_KEY_MAX);
            return USP_ERR_INVALID_VALUE;
        }
        return set_str(strcmp(name, "ID") == 0 ? &s->id : &s->alias, value)
                   ? USP_ERR_RESOURCES_EXCEEDED
                   : 0;
    }
    if (strcmp(name, "NotifType") == 0) {
        size_t t;
        for (t = 1; t < sizeof type_names / sizeof type_names[0]; t++)
            if (strcmp(value, type_names[t]) == 0) {
                s->notif_type = (enum px_notif_type)t;
                return 0;
            }
        snprintf(why, why_len,
                 "NotifType \"%.60s\" is not ValueChange, ObjectCreation, ObjectDeletion, "
                 "OperationComplete or Event",
                 value);
        return USP_ERR_INVALID_VALUE;
    }
    if (strcmp(name, "ReferenceList") == 0) {
        if (check_reflist(value, why, why_len) != 0)
            return USP_ERR_INVALID_VALUE;
        return set_str(&s->reference_list, value) ? USP_ERR_RESOURCES_EXCEEDED : 0;
    }
    if (strcmp(name, "Recipient") == 0) {
        if (check_recipient(value, norm, sizeof norm) != 0) {
            snprintf(why, why_len, "Recipient \"%.100s\" is not a " CONTROLLER_PATH "{i} path",
                     value);
            return USP_ERR_INVALID_VALUE;
        }
        return set_str(&s->recipient, norm) ? USP_ERR_RESOURCES_EXCEEDED : 0;
    }
    if (strcmp(name, "CreationDate") == 0) {
        snprintf(why, why_len, "CreationDate is read-only");
        return USP_ERR_PARAM_NOT_WRITEABLE;
    }
    snprintf(why, why_len, "%.100s is not a parameter of " PX_SUBS_TABLE "{i}.", name);
    return USP_ERR_UNSUPPORTED_PARAM;
bad_type:
    snprintf(why, why_len, "%s: \"%.60s\" is not a %s", name, value,
             name[0] == 'T' || strcmp(name, "NotifExpiration") == 0 ? "unsignedInt" : "boolean");
    return USP_ERR_INVALID_VALUE;
}

void px_sub_params(const struct px_sub *s,
                   void (*fn)(void *arg, const char *name, const char *value), void *arg)
{
    char num[16], when[64];

    fn(arg, "Alias", s->alias ? s->alias : "");
    format_time(s->creation_date, when, sizeof when);
    fn(arg, "CreationDate", when);
    fn(arg, "Enable", s->enable ? "true" : "false");
    fn(arg, "ID", s->id ? s->id : "");
    snprintf(num, sizeof num, "%u", (unsigned)s->notif_expiration);
    fn(arg, "NotifExpiration", num);
    fn(arg, "NotifRetry", s->notif_retry ? "true" : "false");
    fn(arg, "NotifType", px_notif_type_name(s->notif_type));
    fn(arg, "Persistent", s->persistent ? "true" : "false");
    fn(arg, "Recipient", s->recipient ? s->recipient : "");
    fn(arg, "ReferenceList", s->reference_list ? s->reference_list : "");
    snprintf(num, sizeof num, "%u", (unsigned)s->time_to_live);
    fn(arg, "TimeToLive", num);
}

/* ---------------------------------------------------------------------
 * Record codec.
 * ------------------------------------------------------------------- */

static void put_pair(void *arg, const char *name, const char *value)
{
    struct px_wbuf *b = arg;
    size_t nl = strlen(name), vl = strlen(value);
    px_wbuf_u16(b, (uint16_t)nl);
    px_wbuf_bytes(b, name, nl);
    px_wbuf_u32(b, (uint32_t)vl);
    px_wbuf_bytes(b, value, vl);
}

int px_sub_encode(const struct px_sub *s, uint8_t **buf, size_t *len)
{
    struct px_wbuf b = {0};

    if ((s->reference_list && strlen(s->reference_list) > PX_SUB_REFLIST_MAX) ||
        (s->recipient && strlen(s->recipient) > PX_SUB_STR_MAX) ||
        (s->id && strlen(s->id) > PX_SUB_KEY_MAX) ||
        (s->alias && strlen(s->alias) > PX_SUB_KEY_MAX))
        return -1;
    px_wbuf_u8(&b, SUB_VERSION);
    px_sub_params(s, put_pair, &b);
    if (b.oom) {
        px_wbuf_free(&b);
        return -1;
    }
    *buf = b.data;
    *len = b.len;
    return 0;
}

int px_sub_decode(const void *buf, size_t len, uint32_t instance, struct px_sub *s, char *why,
                  size_t why_len)
{
    struct px_rbuf r = {buf, len};
    uint8_t version;
    char msg[200] = "";

    if (px_sub_init(s, instance, 0) != 0) {
        snprintf(why, why_len, "subscription record: out of memory");
        return -1;
    }
    if (px_rbuf_u8(&r, &version) != 0 || version != SUB_VERSION) {
        snprintf(msg, sizeof msg, "unknown version");
        goto bad;
    }
    while (r.left) {
        uint16_t nl;
        uint32_t vl;
        const uint8_t *np, *vp;
        char name[64], *value;
        int rc = 0;

        if (px_rbuf_u16(&r, &nl) || px_rbuf_bytes(&r, nl, &np) || px_rbuf_u32(&r, &vl) ||
            vl > PX_SUB_REFLIST_MAX || px_rbuf_bytes(&r, vl, &vp)) {
            snprintf(msg, sizeof msg, "truncated pair");
            goto bad;
        }
        if (nl == 0 || nl >= sizeof name || memchr(np, 0, nl) || memchr(vp, 0, vl))
            continue; /* not a name of ours: skipped */
        memcpy(name, np, nl);
        name[nl] = '\0';
        value = malloc(vl + 1);
        if (!value) {
            snprintf(msg, sizeof msg, "out of memory");
            goto bad;
        }
        memcpy(value, vp, vl);
        value[vl] = '\0';
        if (strcmp(name, "CreationDate") == 0) {
            if (parse_time(value, &s->creation_date) != 0)
                snprintf(msg, sizeof msg, "bad CreationDate");
        } else if (strcmp(name, "NotifType") == 0 && !*value) {
            s->notif_type = PX_NOTIF_NONE;
        } else if (!*value &&
                   (strcmp(name, "ID") == 0 || strcmp(name, "Alias") == 0 ||
                    strcmp(name, "Recipient") == 0 || strcmp(name, "ReferenceList") == 0)) {
            rc = 0; /* not set (yet) */
        } else {
            char w[160];
            rc = px_sub_set_param(s, name, value, w, sizeof w);
            if (rc == USP_ERR_UNSUPPORTED_PARAM)
                rc = 0; /* a later version's parameter */
            else if (rc)
                snprintf(msg, sizeof msg, "%s", w);
        }
        free(value);
        if (msg[0])
            goto bad;
    }
    return 0;
bad:
    px_sub_clear(s);
    snprintf(why, why_len, "subscription record: %s", msg);
    return -1;
}

/* ---------------------------------------------------------------------
 * The objects database.
 * ------------------------------------------------------------------- */

/* dev_key NUL path into buf; 0 when too long. */
static size_t make_key(const char *dev_key, const char *path, char *buf, size_t cap)
{
    size_t kl = strlen(dev_key), pl = strlen(path);
    if (kl == 0 || kl > PX_DEVICE_KEY_MAX || kl + 1 + pl > cap)
        return 0;
    memcpy(buf, dev_key, kl);
    buf[kl] = '\0';
    memcpy(buf + kl + 1, path, pl);
    return kl + 1 + pl;
}

static size_t inst_key(const char *dev_key, uint32_t instance, char *buf, size_t cap)
{
    char path[64];
    snprintf(path, sizeof path, PX_SUBS_TABLE "%u.", (unsigned)instance);
    return make_key(dev_key, path, buf, cap);
}

struct scan {
    struct px_store *st;
    size_t prefix_len;
    int (*fn)(void *arg, const struct px_sub *s);
    void *arg;
};

static int scan_entry(void *arg, const MDB_val *k, const MDB_val *v)
{
    struct scan *sc = arg;
    const char *rest = (const char *)k->mv_data + sc->prefix_len;
    size_t rl = k->mv_size - sc->prefix_len;
    char num[16], why[200];
    uint32_t inst;
    struct px_sub s;
    int stop;

    if (rl == 0)
        return 0; /* the table's counter */
    if (rl < 2 || rl - 1 >= sizeof num || rest[rl - 1] != '.')
        return 0;
    memcpy(num, rest, rl - 1);
    num[rl - 1] = '\0';
    if (parse_uint(num, &inst) != 0)
        return 0;
    if (px_sub_decode(v->mv_data, v->mv_size, inst, &s, why, sizeof why) != 0) {
        px_warn("%s%u.: %s: ignored", PX_SUBS_TABLE, (unsigned)inst, why);
        return 0;
    }
    stop = sc->fn(sc->arg, &s);
    px_sub_clear(&s);
    return stop;
}

int px_subs_foreach(struct px_store *st, const char *dev_key,
                    int (*fn)(void *arg, const struct px_sub *s), void *arg)
{
    char key[PX_DEVICE_KEY_MAX + 64];
    size_t kl = make_key(dev_key, PX_SUBS_TABLE, key, sizeof key);
    struct scan sc = {st, kl, fn, arg};

    if (!kl)
        return px_store_set_error(st, "bad device key \"%.40s\"", dev_key);
    return px_store_foreach_prefix(st, PX_DB_OBJECTS, key, kl, scan_entry, &sc);
}

int px_subs_get(struct px_store *st, const char *dev_key, uint32_t instance, struct px_sub *out)
{
    char key[PX_DEVICE_KEY_MAX + 64], why[200];
    size_t kl = inst_key(dev_key, instance, key, sizeof key), vl;
    void *v;
    int rc;

    memset(out, 0, sizeof *out);
    if (!kl)
        return px_store_set_error(st, "bad device key \"%.40s\"", dev_key);
    rc = px_store_get(st, PX_DB_OBJECTS, key, kl, &v, &vl);
    if (rc != 0)
        return rc;
    rc = px_sub_decode(v, vl, instance, out, why, sizeof why);
    free(v);
    return rc ? px_store_set_error(st, "%s: %s", dev_key, why) : 0;
}

int px_subs_put(struct px_store *st, const char *dev_key, const struct px_sub *s)
{
    char key[PX_DEVICE_KEY_MAX + 64];
    size_t kl = inst_key(dev_key, s->instance, key, sizeof key), vl;
    uint8_t *v;
    int rc;

    if (!kl)
        return px_store_set_error(st, "bad device key \"%.40s\"", dev_key);
    if (px_sub_encode(s, &v, &vl) != 0)
        return px_store_set_error(st, "%s: subscription %u not stored: a value is too long",
                                  dev_key, (unsigned)s->instance);
    rc = px_store_put(st, PX_DB_OBJECTS, key, kl, v, vl);
    free(v);
    return rc;
}

int px_subs_delete(struct px_store *st, const char *dev_key, uint32_t instance)
{
    char key[PX_DEVICE_KEY_MAX + 64];
    size_t kl = inst_key(dev_key, instance, key, sizeof key);
    if (!kl)
        return px_store_set_error(st, "bad device key \"%.40s\"", dev_key);
    return px_store_del(st, PX_DB_OBJECTS, key, kl);
}

int px_subs_next_instance(struct px_store *st, const char *dev_key, uint32_t *instance)
{
    char key[PX_DEVICE_KEY_MAX + 64];
    size_t kl = make_key(dev_key, PX_SUBS_TABLE, key, sizeof key), vl;
    uint8_t val[5];
    uint32_t next = 1;
    void *v;
    int rc;

    if (!kl)
        return px_store_set_error(st, "bad device key \"%.40s\"", dev_key);
    rc = px_store_get(st, PX_DB_OBJECTS, key, kl, &v, &vl);
    if (rc < 0)
        return rc;
    if (rc == 0) {
        const uint8_t *p = v;
        if (vl == 5 && p[0] == COUNTER_VERSION)
            next = (uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 8 | p[4];
        free(v);
        if (next == 0 || next == UINT32_MAX)
            return px_store_set_error(st, "%s: no instance numbers left in " PX_SUBS_TABLE,
                                      dev_key);
    }
    *instance = next;
    next++;
    val[0] = COUNTER_VERSION;
    val[1] = (uint8_t)(next >> 24);
    val[2] = (uint8_t)(next >> 16);
    val[3] = (uint8_t)(next >> 8);
    val[4] = (uint8_t)next;
    return px_store_put(st, PX_DB_OBJECTS, key, kl, val, sizeof val);
}

struct load {
    struct px_sub *v;
    size_t n;
    int oom;
};

static int copy_str(char **dst, const char *src)
{
    *dst = strdup(src ? src : "");
    return *dst ? 0 : -1;
}

static int load_one(void *arg, const struct px_sub *s)
{
    struct load *l = arg;
    struct px_sub *p = realloc(l->v, (l->n + 1) * sizeof *p), *c;
    if (!p) {
        l->oom = 1;
        return 1;
    }
    l->v = p;
    c = &p[l->n];
    *c = *s;
    c->alias = c->id = c->recipient = c->reference_list = NULL;
    l->n++;
    if (copy_str(&c->alias, s->alias) || copy_str(&c->id, s->id) ||
        copy_str(&c->recipient, s->recipient) || copy_str(&c->reference_list, s->reference_list)) {
        l->oom = 1;
        return 1;
    }
    return 0;
}

int px_subs_load(struct px_store *st, const char *dev_key, struct px_sub **out, size_t *n)
{
    struct load l = {NULL, 0, 0};
    int rc = px_subs_foreach(st, dev_key, load_one, &l);
    if (rc == 0 && l.oom)
        rc = px_store_set_error(st, "%s: out of memory loading the subscriptions", dev_key);
    if (rc != 0) {
        px_subs_free(l.v, l.n);
        *out = NULL;
        *n = 0;
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

void px_subs_free(struct px_sub *subs, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        px_sub_clear(&subs[i]);
    free(subs);
}

/* ---------------------------------------------------------------------
 * Pure helpers.
 * ------------------------------------------------------------------- */

int px_ref_match(const char *ref, const char *path)
{
    struct usp_path *r = NULL, *p = NULL;
    size_t i;
    int rc = 0, needs_data = 0;

    if (usp_path_parse(ref, &r, NULL) != 0 || usp_path_parse(path, &p, NULL) != 0)
        goto out;
    if (r->nsegs > p->nsegs || (r->nsegs < p->nsegs && !r->partial))
        goto out;
    if (r->nsegs == p->nsegs && (r->partial != p->partial || (!r->partial && r->kind != p->kind)))
        goto out;
    for (i = 0; i < r->nsegs; i++) {
        const struct usp_path_seg *a = &r->segs[i], *b = &p->segs[i];
        switch (a->type) {
        case USP_PATH_SEG_NAME:
            if (b->type != USP_PATH_SEG_NAME || strcmp(a->name, b->name) != 0)
                goto out;
            if (a->ref.present)
                needs_data = 1;
            break;
        case USP_PATH_SEG_INSTANCE:
            if (b->type != USP_PATH_SEG_INSTANCE || a->instance != b->instance)
                goto out;
            break;
        case USP_PATH_SEG_WILDCARD:
        case USP_PATH_SEG_PLACEHOLDER:
            if (b->type != USP_PATH_SEG_INSTANCE)
                goto out;
            break;
        case USP_PATH_SEG_EXPR:
            if (b->type != USP_PATH_SEG_INSTANCE)
                goto out;
            needs_data = 1;
            break;
        }
    }
    rc = needs_data ? -1 : 1;
out:
    usp_path_free(r);
    usp_path_free(p);
    return rc;
}

uint32_t px_notify_retry_wait(unsigned retry, unsigned m, unsigned k, double r01)
{
    double f = (double)k / 1000.0, lo = m, hi;
    unsigned i, n = retry < 1 ? 1 : retry > 10 ? 10 : retry;

    for (i = 1; i < n; i++)
        lo *= f;
    hi = lo * f;
    if (r01 < 0)
        r01 = 0;
    if (r01 >= 1)
        r01 = 0.999999;
    lo += (hi - lo) * r01;
    if (lo < 1)
        return 1;
    if (lo > 4.0e9)
        return 4000000000u;
    return (uint32_t)lo;
}
