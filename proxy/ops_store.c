/*
 * ops_store.c - the pending asynchronous operations (ops database) and
 * the Request objects Device.LocalAgent.Request.{i}. (objects database) of
 * each device; layouts in ops.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/device.h"
#include "proxy/log.h"
#include "proxy/ops.h"

#define COUNTER_VERSION 1

/* dev_key NUL rest into buf; 0 when it does not fit. */
static size_t make_key(const char *dev_key, const char *rest, char *buf, size_t cap)
{
    size_t kl = strlen(dev_key), rl = strlen(rest);
    if (kl == 0 || kl > PX_DEVICE_KEY_MAX || kl + 1 + rl > cap)
        return 0;
    memcpy(buf, dev_key, kl);
    buf[kl] = '\0';
    memcpy(buf + kl + 1, rest, rl);
    return kl + 1 + rl;
}

#define KEY_CAP (PX_DEVICE_KEY_MAX + 2 + PX_OP_STR_MAX)

/* ---------------------------------------------------------------------
 * ops.
 * ------------------------------------------------------------------- */

int px_ops_put(struct px_store *st, const char *dev_key, const char *key, const struct px_op *o)
{
    char k[KEY_CAP];
    size_t kl = make_key(dev_key, key, k, sizeof k), vl;
    uint8_t *v;
    int rc;

    if (!kl || !*key)
        return px_store_set_error(st, "%.40s: bad ops key", dev_key);
    if (px_op_encode(o, &v, &vl) != 0)
        return px_store_set_error(st, "%s: operation %s not stored: a value is too long", dev_key,
                                  key);
    rc = px_store_put(st, PX_DB_OPS, k, kl, v, vl);
    free(v);
    return rc;
}

int px_ops_get(struct px_store *st, const char *dev_key, const char *key, struct px_op *o)
{
    char k[KEY_CAP], why[200];
    size_t kl = make_key(dev_key, key, k, sizeof k), vl;
    void *v;
    int rc;

    memset(o, 0, sizeof *o);
    if (!kl)
        return px_store_set_error(st, "%.40s: bad ops key", dev_key);
    rc = px_store_get(st, PX_DB_OPS, k, kl, &v, &vl);
    if (rc != 0)
        return rc;
    rc = px_op_decode(v, vl, o, why, sizeof why);
    free(v);
    return rc ? px_store_set_error(st, "%s: %s: %s", dev_key, key, why) : 0;
}

int px_ops_del(struct px_store *st, const char *dev_key, const char *key)
{
    char k[KEY_CAP];
    size_t kl = make_key(dev_key, key, k, sizeof k);
    if (!kl)
        return px_store_set_error(st, "%.40s: bad ops key", dev_key);
    return px_store_del(st, PX_DB_OPS, k, kl);
}

struct ops_scan {
    int (*fn)(void *arg, const char *dev_key, const char *key, const struct px_op *o);
    void *arg;
};

static int ops_entry(void *arg, const MDB_val *k, const MDB_val *v)
{
    struct ops_scan *sc = arg;
    const char *p = k->mv_data, *nul = memchr(p, 0, k->mv_size);
    char dev[PX_DEVICE_KEY_MAX + 1], key[PX_OP_STR_MAX + 2], why[200];
    size_t dl, rl;
    struct px_op o;
    int stop;

    if (!nul)
        return 0;
    dl = (size_t)(nul - p);
    rl = k->mv_size - dl - 1;
    if (dl == 0 || dl > PX_DEVICE_KEY_MAX || rl == 0 || rl >= sizeof key || memchr(nul + 1, 0, rl))
        return 0;
    memcpy(dev, p, dl);
    dev[dl] = '\0';
    memcpy(key, nul + 1, rl);
    key[rl] = '\0';
    if (px_op_decode(v->mv_data, v->mv_size, &o, why, sizeof why) != 0) {
        px_warn("%s: pending operation %s: %s: ignored", dev, key, why);
        return 0;
    }
    stop = sc->fn(sc->arg, dev, key, &o);
    px_op_clear(&o);
    return stop;
}

int px_ops_foreach(struct px_store *st, const char *dev_key,
                   int (*fn)(void *arg, const char *dev_key, const char *key,
                             const struct px_op *o),
                   void *arg)
{
    struct ops_scan sc = {fn, arg};
    char k[KEY_CAP];
    size_t kl = 0;

    if (dev_key) {
        kl = make_key(dev_key, "", k, sizeof k);
        if (!kl)
            return px_store_set_error(st, "bad device key \"%.40s\"", dev_key);
    }
    return px_store_foreach_prefix(st, PX_DB_OPS, k, kl, ops_entry, &sc);
}

/* ---------------------------------------------------------------------
 * Request objects.
 * ------------------------------------------------------------------- */

static size_t inst_key(const char *dev_key, uint32_t instance, char *buf, size_t cap)
{
    char path[64];
    snprintf(path, sizeof path, PX_REQUEST_TABLE "%u.", (unsigned)instance);
    return make_key(dev_key, path, buf, cap);
}

/* Takes the table's next instance number (persisted). */
static int next_instance(struct px_store *st, const char *dev_key, uint32_t *instance)
{
    char k[KEY_CAP];
    size_t kl = make_key(dev_key, PX_REQUEST_TABLE, k, sizeof k), vl;
    uint8_t val[5];
    uint32_t next = 1;
    void *v;
    int rc;

    if (!kl)
        return px_store_set_error(st, "bad device key \"%.40s\"", dev_key);
    rc = px_store_get(st, PX_DB_OBJECTS, k, kl, &v, &vl);
    if (rc < 0)
        return rc;
    if (rc == 0) {
        const uint8_t *p = v;
        if (vl == 5 && p[0] == COUNTER_VERSION)
            next = (uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 8 | p[4];
        free(v);
        if (next == 0 || next == UINT32_MAX)
            return px_store_set_error(st, "%s: no instance numbers left in " PX_REQUEST_TABLE,
                                      dev_key);
    }
    *instance = next++;
    val[0] = COUNTER_VERSION;
    val[1] = (uint8_t)(next >> 24);
    val[2] = (uint8_t)(next >> 16);
    val[3] = (uint8_t)(next >> 8);
    val[4] = (uint8_t)next;
    return px_store_put(st, PX_DB_OBJECTS, k, kl, val, sizeof val);
}

int px_request_add(struct px_store *st, const char *dev_key, struct px_request *r)
{
    char k[KEY_CAP];
    size_t kl, vl;
    uint8_t *v;
    int rc;

    if (next_instance(st, dev_key, &r->instance) != 0)
        return -1;
    kl = inst_key(dev_key, r->instance, k, sizeof k);
    if (px_request_encode(r, &v, &vl) != 0)
        return px_store_set_error(st, "%s: Request not stored: a value is too long", dev_key);
    rc = px_store_put(st, PX_DB_OBJECTS, k, kl, v, vl);
    free(v);
    return rc;
}

int px_request_del(struct px_store *st, const char *dev_key, uint32_t instance)
{
    char k[KEY_CAP];
    size_t kl = inst_key(dev_key, instance, k, sizeof k);
    if (!kl)
        return px_store_set_error(st, "bad device key \"%.40s\"", dev_key);
    return px_store_del(st, PX_DB_OBJECTS, k, kl);
}

struct req_scan {
    size_t prefix_len;
    int (*fn)(void *arg, const struct px_request *r);
    void *arg;
};

static int req_entry(void *arg, const MDB_val *k, const MDB_val *v)
{
    struct req_scan *sc = arg;
    const char *rest = (const char *)k->mv_data + sc->prefix_len;
    size_t rl = k->mv_size - sc->prefix_len, i;
    uint64_t inst = 0;
    char why[200];
    struct px_request r;
    int stop;

    if (rl < 2 || rl > 11 || rest[rl - 1] != '.' || rest[0] == '0')
        return 0; /* the counter, or not an instance of ours */
    for (i = 0; i + 1 < rl; i++) {
        if (rest[i] < '0' || rest[i] > '9')
            return 0;
        inst = inst * 10 + (uint64_t)(rest[i] - '0');
    }
    if (inst > UINT32_MAX)
        return 0;
    if (px_request_decode(v->mv_data, v->mv_size, (uint32_t)inst, &r, why, sizeof why) != 0) {
        px_warn(PX_REQUEST_TABLE "%u.: %s: ignored", (unsigned)inst, why);
        return 0;
    }
    stop = sc->fn(sc->arg, &r);
    px_request_clear(&r);
    return stop;
}

int px_request_foreach(struct px_store *st, const char *dev_key,
                       int (*fn)(void *arg, const struct px_request *r), void *arg)
{
    char k[KEY_CAP];
    size_t kl = make_key(dev_key, PX_REQUEST_TABLE, k, sizeof k);
    struct req_scan sc = {kl, fn, arg};

    if (!kl)
        return px_store_set_error(st, "bad device key \"%.40s\"", dev_key);
    return px_store_foreach_prefix(st, PX_DB_OBJECTS, k, kl, req_entry, &sc);
}
