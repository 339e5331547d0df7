/*
 * params.c - the parameter cache in the params database (layout in
 * params.h): put, get, prefix scans and deletes, freshness.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/device.h"
#include "proxy/params.h"

#define VALUE_VERSION 1
#define VALUE_HEADER  10 /* version, type, 8-byte time */

/* Builds key = dev_key NUL path into buf; returns its length or 0. */
static size_t make_key(struct px_store *s, const char *dev_key, const char *path, char *buf)
{
    size_t klen = strlen(dev_key), plen = strlen(path);

    if (klen == 0 || klen > PX_DEVICE_KEY_MAX) {
        px_store_set_error(s, "bad device key \"%.40s\"", dev_key);
        return 0;
    }
    if (plen > PX_PARAM_PATH_MAX) {
        px_store_set_error(s, "device %s: parameter path \"%.60s...\" is longer than 256 bytes",
                           dev_key, path);
        return 0;
    }
    memcpy(buf, dev_key, klen);
    buf[klen] = '\0';
    memcpy(buf + klen + 1, path, plen);
    return klen + 1 + plen;
}

int px_params_put(struct px_store *s, const char *dev_key, const struct px_param *p)
{
    char key[PX_DEVICE_KEY_MAX + 1 + PX_PARAM_PATH_MAX];
    uint8_t *val;
    size_t klen;
    int rc;

    if ((klen = make_key(s, dev_key, p->path, key)) == 0)
        return -1;
    if (p->path[0] == '\0')
        return px_store_set_error(s, "device %s: empty parameter path", dev_key);
    if ((unsigned)p->type > PX_PARAM_TYPE_LAST)
        return px_store_set_error(s, "device %s: %s has unknown type %d", dev_key, p->path,
                                  (int)p->type);
    if (p->value_len > PX_PARAM_VALUE_MAX)
        return px_store_set_error(s, "device %s: value of %s is %zu bytes, over the 1 MiB limit",
                                  dev_key, p->path, p->value_len);
    val = malloc(VALUE_HEADER + p->value_len);
    if (val == NULL)
        return px_store_set_error(s, "out of memory caching %s", p->path);
    val[0] = VALUE_VERSION;
    val[1] = (uint8_t)p->type;
    px_store_put_be64(val + 2, (uint64_t)p->updated);
    if (p->value_len)
        memcpy(val + VALUE_HEADER, p->value, p->value_len);
    rc = px_store_put(s, PX_DB_PARAMS, key, klen, val, VALUE_HEADER + p->value_len);
    free(val);
    return rc;
}

int px_params_put_many(struct px_store *s, const char *dev_key, const struct px_param *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (px_params_put(s, dev_key, &p[i]) != 0)
            return -1;
    return 0;
}

int px_params_decode_value(const void *buf, size_t len, struct px_param *out, char *why,
                           size_t why_len)
{
    const uint8_t *b = buf;

    if (len < VALUE_HEADER) {
        snprintf(why, why_len, "cached value is %zu bytes, shorter than its header", len);
        return -1;
    }
    if (b[0] != VALUE_VERSION) {
        snprintf(why, why_len, "cached value has unknown version %u", b[0]);
        return -1;
    }
    if (b[1] > PX_PARAM_TYPE_LAST) {
        snprintf(why, why_len, "cached value has unknown type %u", b[1]);
        return -1;
    }
    out->type = (enum cwmp_type)b[1];
    out->updated = (int64_t)px_store_get_be64(b + 2);
    out->value = (const char *)b + VALUE_HEADER;
    out->value_len = len - VALUE_HEADER;
    return 0;
}

int px_params_get(struct px_store *s, const char *dev_key, const char *path, struct px_param *out)
{
    char key[PX_DEVICE_KEY_MAX + 1 + PX_PARAM_PATH_MAX], why[128];
    void *val;
    size_t klen, vlen;
    struct px_param p;
    int rc;

    memset(out, 0, sizeof(*out));
    if ((klen = make_key(s, dev_key, path, key)) == 0)
        return -1;
    rc = px_store_get(s, PX_DB_PARAMS, key, klen, &val, &vlen);
    if (rc != 0)
        return rc;
    if (px_params_decode_value(val, vlen, &p, why, sizeof(why)) != 0) {
        free(val);
        return px_store_set_error(s, "device %s: %s: %s", dev_key, path, why);
    }
    /* move the value to the front of the buffer: one allocation to free */
    memmove(val, p.value, p.value_len);
    ((char *)val)[p.value_len] = '\0';
    out->path = path;
    out->type = p.type;
    out->updated = p.updated;
    out->value = val;
    out->value_len = p.value_len;
    return 0;
}

struct scan {
    struct px_store *s;
    const char *dev_key;
    size_t klen;
    px_params_fn fn;
    void *arg;
    int failed;
};

static int scan_entry(void *arg, const MDB_val *k, const MDB_val *v)
{
    struct scan *sc = arg;
    char path[PX_PARAM_PATH_MAX + 1], why[128];
    size_t plen = k->mv_size - sc->klen - 1;
    struct px_param p;

    if (plen > PX_PARAM_PATH_MAX || memchr((char *)k->mv_data + sc->klen + 1, '\0', plen)) {
        sc->failed = px_store_set_error(sc->s, "device %s: corrupt parameter key", sc->dev_key);
        return 1;
    }
    memcpy(path, (char *)k->mv_data + sc->klen + 1, plen);
    path[plen] = '\0';
    if (px_params_decode_value(v->mv_data, v->mv_size, &p, why, sizeof(why)) != 0) {
        sc->failed = px_store_set_error(sc->s, "device %s: %s: %s", sc->dev_key, path, why);
        return 1;
    }
    p.path = path;
    return sc->fn(sc->arg, &p);
}

int px_params_foreach(struct px_store *s, const char *dev_key, const char *prefix, px_params_fn fn,
                      void *arg)
{
    char key[PX_DEVICE_KEY_MAX + 1 + PX_PARAM_PATH_MAX];
    struct scan sc = {s, dev_key, strlen(dev_key), fn, arg, 0};
    size_t klen;

    if ((klen = make_key(s, dev_key, prefix, key)) == 0)
        return -1;
    if (px_store_foreach_prefix(s, PX_DB_PARAMS, key, klen, scan_entry, &sc) != 0)
        return -1;
    return sc.failed;
}

int px_params_delete_prefix(struct px_store *s, const char *dev_key, const char *prefix,
                            size_t *n_deleted)
{
    char key[PX_DEVICE_KEY_MAX + 1 + PX_PARAM_PATH_MAX];
    size_t klen;

    if ((klen = make_key(s, dev_key, prefix, key)) == 0)
        return -1;
    return px_store_del_prefix(s, PX_DB_PARAMS, key, klen, n_deleted);
}

int px_params_age(struct px_store *s, const char *dev_key, const char *path, int64_t now,
                  int64_t *age)
{
    struct px_param p;
    int rc = px_params_get(s, dev_key, path, &p);

    *age = 0;
    if (rc != 0)
        return rc;
    *age = now > p.updated ? now - p.updated : 0;
    free((void *)p.value);
    return 0;
}
