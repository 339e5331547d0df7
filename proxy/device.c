/*
 * device.c - the device registry in LMDB: device keys and USP Endpoint
 * IDs derived from the CWMP DeviceId, the versioned record codec, and the
 * devices and endpoints databases.
 *
 * Record layout, version 1 (all integers big-endian):
 *   u8 version (1)
 *   then fields, each: u8 tag, u16 length, length bytes
 *     1 Manufacturer   string <= 64        8 CR password   string <= 256
 *     2 OUI            6 hex digits        9 first seen    8 bytes, signed
 *     3 ProductClass   string <= 64       10 last Inform   8 bytes, signed
 *     4 SerialNumber   string 1..64       11 EventCode     string <= 64, repeated <= 64
 *     5 Endpoint ID    string 1..64       12 CWMP version  2 bytes: major, minor
 *     6 CR URL         string <= 256      13 flags         4 bytes
 *     7 CR username    string <= 256
 * Strings hold no NUL byte. Tags 2, 4 and 5 are required; every tag but 11
 * appears at most once. Unknown tags from 64 up are skipped (room for
 * compatible additions); unknown tags below 64 are an error.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/device.h"

#define RECORD_VERSION 1

enum tag {
    T_MANUFACTURER = 1,
    T_OUI,
    T_PRODUCT_CLASS,
    T_SERIAL,
    T_ENDPOINT,
    T_CR_URL,
    T_CR_USER,
    T_CR_PASS,
    T_FIRST_SEEN,
    T_LAST_INFORM,
    T_EVENT,
    T_CWMP_VERSION,
    T_FLAGS,
    T_FIRST_SKIPPABLE = 64,
};

static int fail(char *why, size_t why_len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t why_len, const char *fmt, ...)
{
    va_list ap;

    if (why != NULL && why_len > 0) {
        va_start(ap, fmt);
        vsnprintf(why, why_len, fmt, ap);
        va_end(ap);
    }
    return -1;
}

void px_device_clear(struct px_device *d)
{
    free(d->manufacturer);
    free(d->oui);
    free(d->product_class);
    free(d->serial_number);
    free(d->endpoint_id);
    free(d->cr_url);
    free(d->cr_username);
    free(d->cr_password);
    for (size_t i = 0; i < d->n_events; i++)
        free(d->events[i]);
    free(d->events);
    memset(d, 0, sizeof(*d));
}

/* ---------------------------------------------------------------------
 * Keys and Endpoint IDs.
 * ------------------------------------------------------------------- */

static int keeps(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_';
}

/* Appends the escaped form of field to buf at *pos. */
static int append_escaped(const char *field, char *buf, size_t buf_len, size_t *pos)
{
    static const char hex[] = "0123456789ABCDEF";

    for (const unsigned char *p = (const unsigned char *)field; *p; p++) {
        size_t need = keeps(*p) ? 1 : 3;
        if (*pos + need >= buf_len)
            return -1;
        if (need == 1) {
            buf[(*pos)++] = (char)*p;
        } else {
            buf[(*pos)++] = '%';
            buf[(*pos)++] = hex[*p >> 4];
            buf[(*pos)++] = hex[*p & 15];
        }
    }
    buf[*pos] = '\0';
    return 0;
}

static int check_oui(const char *oui, char out[7], char *why, size_t why_len)
{
    if (oui == NULL || strlen(oui) != 6)
        return fail(why, why_len, "OUI \"%s\" is not 6 hexadecimal digits (TR-069 A.3.3.1)",
                    oui ? oui : "");
    for (int i = 0; i < 6; i++) {
        char c = oui[i];
        if (c >= 'a' && c <= 'f')
            c = (char)(c - 'a' + 'A');
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
            return fail(why, why_len, "OUI \"%s\" is not 6 hexadecimal digits (TR-069 A.3.3.1)",
                        oui);
        out[i] = c;
    }
    out[6] = '\0';
    return 0;
}

static int check_ids(const char *oui, const char *product_class, const char *serial,
                     char oui_out[7], char *why, size_t why_len)
{
    if (check_oui(oui, oui_out, why, why_len) != 0)
        return -1;
    if (product_class == NULL)
        product_class = "";
    if (strlen(product_class) > PX_DEVICE_FIELD_MAX)
        return fail(why, why_len, "ProductClass \"%.80s...\" is longer than 64 bytes",
                    product_class);
    if (serial == NULL || serial[0] == '\0')
        return fail(why, why_len, "SerialNumber is empty%s", "");
    if (strlen(serial) > PX_DEVICE_FIELD_MAX)
        return fail(why, why_len, "SerialNumber \"%.80s...\" is longer than 64 bytes", serial);
    return 0;
}

int px_device_key(const char *oui, const char *product_class, const char *serial_number, char *buf,
                  size_t buf_len, char *why, size_t why_len)
{
    char o[7];
    size_t pos = 0;

    if (check_ids(oui, product_class, serial_number, o, why, why_len) != 0)
        return -1;
    if (buf_len > PX_DEVICE_KEY_MAX + 1)
        buf_len = PX_DEVICE_KEY_MAX + 1;
    if (buf_len < 8)
        return fail(why, why_len, "device key buffer too small%s", "");
    memcpy(buf, o, 6);
    buf[6] = '-';
    pos = 7;
    if (append_escaped(product_class ? product_class : "", buf, buf_len, &pos) != 0 ||
        pos + 1 >= buf_len)
        return fail(why, why_len, "device key for serial \"%.64s\" is too long once escaped",
                    serial_number);
    buf[pos++] = '-';
    buf[pos] = '\0';
    if (append_escaped(serial_number, buf, buf_len, &pos) != 0)
        return fail(why, why_len, "device key for serial \"%.64s\" is too long once escaped",
                    serial_number);
    return 0;
}

int px_device_endpoint_id(enum px_device_eid_scheme scheme, const char *oui,
                          const char *product_class, const char *serial_number, char *buf,
                          size_t buf_len, char *why, size_t why_len)
{
    const char *prefix = scheme == PX_DEVICE_EID_OPS ? "ops::" : "os::";
    size_t plen = strlen(prefix), pos;
    char o[7];
    char inst[PX_ENDPOINT_INSTANCE_MAX + 2];

    if (scheme != PX_DEVICE_EID_OS && scheme != PX_DEVICE_EID_OPS)
        return fail(why, why_len, "unknown Endpoint ID scheme%s", "");
    if (check_ids(oui, product_class, serial_number, o, why, why_len) != 0)
        return -1;
    /* TR-369 "Endpoint Identifier": os -> OUI "-" SerialNumber,
     * ops -> OUI "-" ProductClass "-" SerialNumber, authority-id empty. */
    memcpy(inst, o, 6);
    inst[6] = '-';
    pos = 7;
    if (scheme == PX_DEVICE_EID_OPS) {
        if (append_escaped(product_class ? product_class : "", inst, sizeof(inst), &pos) != 0 ||
            pos + 1 >= sizeof(inst))
            goto too_long;
        inst[pos++] = '-';
        inst[pos] = '\0';
    }
    if (append_escaped(serial_number, inst, sizeof(inst), &pos) != 0)
        goto too_long;
    if (pos > PX_ENDPOINT_INSTANCE_MAX)
        goto too_long;
    if (plen + pos + 1 > buf_len)
        return fail(why, why_len, "Endpoint ID buffer too small%s", "");
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, inst, pos + 1);
    return 0;
too_long:
    return fail(why, why_len,
                "Endpoint ID instance-id for serial \"%.64s\" exceeds 50 characters once "
                "escaped (TR-369 R-ARC.6)",
                serial_number);
}

/* ---------------------------------------------------------------------
 * Record codec.
 * ------------------------------------------------------------------- */

static void put_str(struct px_wbuf *b, uint8_t tag, const char *s)
{
    size_t n;

    if (s == NULL)
        return;
    n = strlen(s);
    if (n > 0xffff) {
        b->oom = 1; /* cannot happen for validated records; refuse rather than cut */
        return;
    }
    px_wbuf_u8(b, tag);
    px_wbuf_u16(b, (uint16_t)n);
    px_wbuf_bytes(b, s, n);
}

int px_device_encode(const struct px_device *d, uint8_t **buf, size_t *len)
{
    struct px_wbuf b = {0};

    px_wbuf_u8(&b, RECORD_VERSION);
    put_str(&b, T_MANUFACTURER, d->manufacturer);
    put_str(&b, T_OUI, d->oui);
    put_str(&b, T_PRODUCT_CLASS, d->product_class);
    put_str(&b, T_SERIAL, d->serial_number);
    put_str(&b, T_ENDPOINT, d->endpoint_id);
    put_str(&b, T_CR_URL, d->cr_url);
    put_str(&b, T_CR_USER, d->cr_username);
    put_str(&b, T_CR_PASS, d->cr_password);
    px_wbuf_u8(&b, T_FIRST_SEEN);
    px_wbuf_u16(&b, 8);
    px_wbuf_u64(&b, (uint64_t)d->first_seen);
    px_wbuf_u8(&b, T_LAST_INFORM);
    px_wbuf_u16(&b, 8);
    px_wbuf_u64(&b, (uint64_t)d->last_inform);
    for (size_t i = 0; i < d->n_events; i++)
        put_str(&b, T_EVENT, d->events[i]);
    px_wbuf_u8(&b, T_CWMP_VERSION);
    px_wbuf_u16(&b, 2);
    px_wbuf_u8(&b, d->cwmp_major);
    px_wbuf_u8(&b, d->cwmp_minor);
    px_wbuf_u8(&b, T_FLAGS);
    px_wbuf_u16(&b, 4);
    px_wbuf_u32(&b, d->flags);
    if (b.oom) {
        px_wbuf_free(&b);
        return -1;
    }
    *buf = b.data;
    *len = b.len;
    return 0;
}

static const char *tag_name(unsigned tag)
{
    static const char *const names[] = {
        "?",           "Manufacturer", "OUI",          "ProductClass", "SerialNumber",
        "Endpoint ID", "CR URL",       "CR username",  "CR password",  "first seen",
        "last Inform", "EventCode",    "CWMP version", "flags",
    };
    return tag < sizeof(names) / sizeof(names[0]) ? names[tag] : "unknown";
}

static char *dup_field(const uint8_t *p, size_t n)
{
    char *s = malloc(n + 1);
    if (s != NULL) {
        memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

/* Decodes one string field into *dst (which must still be NULL). */
static int decode_str(unsigned tag, const uint8_t *p, size_t n, size_t min, size_t max, char **dst,
                      char *why, size_t why_len)
{
    if (*dst != NULL)
        return fail(why, why_len, "device record: field %s appears twice", tag_name(tag));
    if (n < min || n > max)
        return fail(why, why_len, "device record: field %s has a bad length", tag_name(tag));
    if (memchr(p, '\0', n) != NULL)
        return fail(why, why_len, "device record: field %s contains a NUL byte", tag_name(tag));
    *dst = dup_field(p, n);
    return *dst == NULL ? fail(why, why_len, "device record: out of memory%s", "") : 0;
}

static int decode_event(const uint8_t *p, size_t n, struct px_device *d, char *why, size_t why_len)
{
    char *e = NULL;
    char **ev;

    if (d->n_events >= PX_DEVICE_EVENTS_MAX)
        return fail(why, why_len, "device record: more than 64 EventCodes%s", "");
    if (decode_str(T_EVENT, p, n, 1, 64, &e, why, why_len) != 0)
        return -1;
    ev = realloc(d->events, (d->n_events + 1) * sizeof(*ev));
    if (ev == NULL) {
        free(e);
        return fail(why, why_len, "device record: out of memory%s", "");
    }
    d->events = ev;
    d->events[d->n_events++] = e;
    return 0;
}

static int decode_field(unsigned tag, const uint8_t *p, size_t n, struct px_device *d,
                        uint32_t *seen, char *why, size_t why_len)
{
    char o[7];

    if (tag < 32 && tag != T_EVENT && (*seen & (1u << tag)))
        return fail(why, why_len, "device record: field %s appears twice", tag_name(tag));
    if (tag < 32)
        *seen |= 1u << tag;
    switch (tag) {
    case T_MANUFACTURER:
        return decode_str(tag, p, n, 0, 64, &d->manufacturer, why, why_len);
    case T_OUI:
        if (decode_str(tag, p, n, 6, 6, &d->oui, why, why_len) != 0)
            return -1;
        if (check_oui(d->oui, o, NULL, 0) != 0 || strcmp(o, d->oui) != 0)
            return fail(why, why_len, "device record: OUI is not 6 upper-case hex digits%s", "");
        return 0;
    case T_PRODUCT_CLASS:
        return decode_str(tag, p, n, 0, 64, &d->product_class, why, why_len);
    case T_SERIAL:
        return decode_str(tag, p, n, 1, 64, &d->serial_number, why, why_len);
    case T_ENDPOINT:
        return decode_str(tag, p, n, 1, PX_ENDPOINT_ID_MAX, &d->endpoint_id, why, why_len);
    case T_CR_URL:
        return decode_str(tag, p, n, 0, PX_DEVICE_URL_MAX, &d->cr_url, why, why_len);
    case T_CR_USER:
        return decode_str(tag, p, n, 0, 256, &d->cr_username, why, why_len);
    case T_CR_PASS:
        return decode_str(tag, p, n, 0, 256, &d->cr_password, why, why_len);
    case T_EVENT:
        return decode_event(p, n, d, why, why_len);
    case T_FIRST_SEEN:
    case T_LAST_INFORM:
        if (n != 8)
            return fail(why, why_len, "device record: field %s is not 8 bytes", tag_name(tag));
        *(tag == T_FIRST_SEEN ? &d->first_seen : &d->last_inform) = (int64_t)px_store_get_be64(p);
        return 0;
    case T_CWMP_VERSION:
        if (n != 2)
            return fail(why, why_len, "device record: CWMP version is not 2 bytes%s", "");
        d->cwmp_major = p[0];
        d->cwmp_minor = p[1];
        return 0;
    case T_FLAGS:
        if (n != 4)
            return fail(why, why_len, "device record: flags are not 4 bytes%s", "");
        d->flags = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        return 0;
    default:
        if (tag >= T_FIRST_SKIPPABLE)
            return 0;
        return fail(why, why_len, "device record: unknown field tag %u", tag);
    }
}

int px_device_decode(const void *buf, size_t len, struct px_device *d, char *why, size_t why_len)
{
    struct px_rbuf r = {buf, len};
    uint32_t seen = 0;
    uint8_t version, tag;
    uint16_t n;
    const uint8_t *p;

    memset(d, 0, sizeof(*d));
    if (px_rbuf_u8(&r, &version) != 0)
        return fail(why, why_len, "device record is empty%s", "");
    if (version != RECORD_VERSION) {
        char v[8];
        snprintf(v, sizeof(v), "%u", version);
        return fail(why, why_len, "device record has unknown version %s", v);
    }
    while (r.left > 0) {
        if (px_rbuf_u8(&r, &tag) != 0 || px_rbuf_u16(&r, &n) != 0 ||
            px_rbuf_bytes(&r, n, &p) != 0) {
            px_device_clear(d);
            return fail(why, why_len, "device record is truncated%s", "");
        }
        if (decode_field(tag, p, n, d, &seen, why, why_len) != 0) {
            px_device_clear(d);
            return -1;
        }
    }
    if (d->oui == NULL || d->serial_number == NULL || d->endpoint_id == NULL) {
        const char *missing = d->oui == NULL             ? "OUI"
                              : d->serial_number == NULL ? "SerialNumber"
                                                         : "Endpoint ID";
        px_device_clear(d);
        return fail(why, why_len, "device record lacks its %s", missing);
    }
    if (d->product_class == NULL && (d->product_class = strdup("")) == NULL) {
        px_device_clear(d);
        return fail(why, why_len, "device record: out of memory%s", "");
    }
    return 0;
}

/* ---------------------------------------------------------------------
 * The devices and endpoints databases.
 * ------------------------------------------------------------------- */

int px_device_put(struct px_store *s, const struct px_device *d)
{
    char key[PX_DEVICE_KEY_MAX + 1], why[200];
    struct px_device old;
    uint8_t *rec;
    size_t len;
    int rc;

    if (px_device_key(d->oui, d->product_class, d->serial_number, key, sizeof(key), why,
                      sizeof(why)) != 0)
        return px_store_set_error(s, "device not stored: %s", why);
    if (d->endpoint_id == NULL || d->endpoint_id[0] == '\0' ||
        strlen(d->endpoint_id) > PX_ENDPOINT_ID_MAX)
        return px_store_set_error(s, "device %s not stored: bad Endpoint ID", key);
    if (d->n_events > PX_DEVICE_EVENTS_MAX)
        return px_store_set_error(s, "device %s not stored: more than 64 events", key);
    /* drop the old index entry when the Endpoint ID changed (scheme change) */
    rc = px_device_get(s, key, &old);
    if (rc < 0)
        return -1;
    if (rc == 0 && strcmp(old.endpoint_id, d->endpoint_id) != 0 &&
        px_store_del(s, PX_DB_ENDPOINTS, old.endpoint_id, strlen(old.endpoint_id)) < 0) {
        px_device_clear(&old);
        return -1;
    }
    if (rc == 0)
        px_device_clear(&old);
    if (px_device_encode(d, &rec, &len) != 0)
        return px_store_set_error(s, "device %s not stored: out of memory", key);
    rc = px_store_put(s, PX_DB_DEVICES, key, strlen(key), rec, len);
    free(rec);
    if (rc != 0)
        return -1;
    return px_store_put(s, PX_DB_ENDPOINTS, d->endpoint_id, strlen(d->endpoint_id), key,
                        strlen(key));
}

int px_device_get(struct px_store *s, const char *key, struct px_device *d)
{
    char why[200], k2[PX_DEVICE_KEY_MAX + 1];
    void *rec;
    size_t len;
    int rc;

    memset(d, 0, sizeof(*d));
    if (strlen(key) > PX_DEVICE_KEY_MAX)
        return px_store_set_error(s, "device key \"%.40s...\" is too long", key);
    rc = px_store_get(s, PX_DB_DEVICES, key, strlen(key), &rec, &len);
    if (rc != 0)
        return rc;
    rc = px_device_decode(rec, len, d, why, sizeof(why));
    free(rec);
    if (rc != 0)
        return px_store_set_error(s, "device %s: %s", key, why);
    if (px_device_key(d->oui, d->product_class, d->serial_number, k2, sizeof(k2), why,
                      sizeof(why)) != 0 ||
        strcmp(k2, key) != 0) {
        px_device_clear(d);
        return px_store_set_error(s, "device %s: the record names another device", key);
    }
    return 0;
}

int px_device_get_by_endpoint(struct px_store *s, const char *endpoint_id, struct px_device *d,
                              char *key_out)
{
    void *key;
    size_t len;
    int rc;

    memset(d, 0, sizeof(*d));
    if (strlen(endpoint_id) > PX_ENDPOINT_ID_MAX)
        return PX_STORE_NOT_FOUND;
    rc = px_store_get(s, PX_DB_ENDPOINTS, endpoint_id, strlen(endpoint_id), &key, &len);
    if (rc != 0)
        return rc;
    if (len == 0 || len > PX_DEVICE_KEY_MAX || memchr(key, '\0', len) != NULL) {
        free(key);
        return px_store_set_error(s, "endpoint index entry of %s is corrupt", endpoint_id);
    }
    rc = px_device_get(s, key, d);
    if (rc == PX_STORE_NOT_FOUND)
        rc = px_store_set_error(s, "endpoint %s points to unknown device %s", endpoint_id,
                                (char *)key);
    else if (rc == 0 && strcmp(d->endpoint_id, endpoint_id) != 0) {
        px_device_clear(d);
        rc = px_store_set_error(s, "endpoint %s points to device %s, which has another one",
                                endpoint_id, (char *)key);
    }
    if (rc == 0 && key_out != NULL)
        memcpy(key_out, key, len + 1);
    free(key);
    return rc;
}

int px_device_update_flags(struct px_store *s, const char *key, uint32_t set, uint32_t clear)
{
    struct px_device d;
    int rc = px_device_get(s, key, &d);

    if (rc != 0)
        return rc;
    d.flags = (d.flags & ~clear) | set;
    rc = px_device_put(s, &d);
    px_device_clear(&d);
    return rc;
}

int px_device_delete(struct px_store *s, const char *key)
{
    struct px_device d;
    int rc = px_device_get(s, key, &d);
    size_t klen = strlen(key);
    char *prefix;

    if (rc != 0)
        return rc;
    rc = px_store_del(s, PX_DB_ENDPOINTS, d.endpoint_id, strlen(d.endpoint_id));
    px_device_clear(&d);
    if (rc < 0 || px_store_del(s, PX_DB_DEVICES, key, klen) < 0)
        return -1;
    prefix = malloc(klen + 1);
    if (prefix == NULL)
        return px_store_set_error(s, "out of memory deleting device %s", key);
    memcpy(prefix, key, klen + 1); /* key NUL: its parameters only */
    rc = px_store_del_prefix(s, PX_DB_PARAMS, prefix, klen + 1, NULL);
    free(prefix);
    return rc;
}

int px_device_count(struct px_store *s, size_t *n)
{
    return px_store_count(s, PX_DB_DEVICES, n);
}

struct key_walk {
    int (*fn)(void *arg, const char *key);
    void *arg;
};

static int walk_key(void *arg, const MDB_val *k, const MDB_val *v)
{
    struct key_walk *w = arg;
    char key[PX_DEVICE_KEY_MAX + 1];

    if (k->mv_size > PX_DEVICE_KEY_MAX)
        return 0; /* not one of ours; skip */
    memcpy(key, k->mv_data, k->mv_size);
    key[k->mv_size] = '\0';
    return w->fn(w->arg, key);
}

int px_device_foreach_key(struct px_store *s, int (*fn)(void *arg, const char *key), void *arg)
{
    struct key_walk w = {fn, arg};

    return px_store_foreach_prefix(s, PX_DB_DEVICES, "", 0, walk_key, &w);
}
