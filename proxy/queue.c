/*
 * queue.c - the per-device request queue in the queue database (layout
 * in queue.h): push, ordered iteration, removal, recovery listing, expiry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/device.h"
#include "proxy/queue.h"

#define ENTRY_VERSION    1
#define ENTRY_VERSION_V2 2 /* + u16 attempts, only when attempts > 0 */
#define KEY_MAX          (PX_DEVICE_KEY_MAX + 1 + 8)

void px_queue_entry_clear(struct px_queue_entry *e)
{
    free(e->msg_id);
    free(e->controller);
    free(e->reply_topic);
    free(e->plan);
    memset(e, 0, sizeof(*e));
}

static int str_ok(const char *s)
{
    return s == NULL || strlen(s) <= PX_QUEUE_STR_MAX;
}

static void put_str16(struct px_wbuf *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;

    px_wbuf_u16(b, (uint16_t)n);
    px_wbuf_bytes(b, s, n);
}

int px_queue_encode(const struct px_queue_entry *e, uint8_t **buf, size_t *len)
{
    struct px_wbuf b = {0};

    if (!str_ok(e->msg_id) || !str_ok(e->controller) || !str_ok(e->reply_topic) ||
        e->plan_len > PX_QUEUE_PLAN_MAX)
        return -1;
    px_wbuf_u8(&b, e->attempts ? ENTRY_VERSION_V2 : ENTRY_VERSION);
    px_wbuf_u64(&b, (uint64_t)e->accepted);
    px_wbuf_u64(&b, (uint64_t)e->deadline);
    put_str16(&b, e->msg_id);
    put_str16(&b, e->controller);
    put_str16(&b, e->reply_topic);
    px_wbuf_u32(&b, (uint32_t)e->plan_len);
    px_wbuf_bytes(&b, e->plan, e->plan_len);
    if (e->attempts)
        px_wbuf_u16(&b, e->attempts);
    if (b.oom) {
        px_wbuf_free(&b);
        return -1;
    }
    *buf = b.data;
    *len = b.len;
    return 0;
}

int px_queue_decode(const void *buf, size_t len, struct px_queue_entry *e, char *why,
                    size_t why_len)
{
    struct px_rbuf r = {buf, len};
    uint8_t version;
    uint64_t accepted, deadline;
    uint32_t plan_len;
    uint16_t attempts = 0;
    const uint8_t *plan;
    const char *bad = NULL;

    memset(e, 0, sizeof(*e));
    if (px_rbuf_u8(&r, &version) != 0 || (version != ENTRY_VERSION && version != ENTRY_VERSION_V2))
        bad = "unknown version";
    else if (px_rbuf_u64(&r, &accepted) != 0 || px_rbuf_u64(&r, &deadline) != 0)
        bad = "truncated times";
    else if (px_rbuf_str16(&r, PX_QUEUE_STR_MAX, &e->msg_id) != 0)
        bad = "bad msg_id";
    else if (px_rbuf_str16(&r, PX_QUEUE_STR_MAX, &e->controller) != 0)
        bad = "bad controller Endpoint ID";
    else if (px_rbuf_str16(&r, PX_QUEUE_STR_MAX, &e->reply_topic) != 0)
        bad = "bad reply topic";
    else if (px_rbuf_u32(&r, &plan_len) != 0 || plan_len > PX_QUEUE_PLAN_MAX ||
             px_rbuf_bytes(&r, plan_len, &plan) != 0)
        bad = "bad plan length";
    else if (version == ENTRY_VERSION_V2 && px_rbuf_u16(&r, &attempts) != 0)
        bad = "truncated attempts";
    else if (version == ENTRY_VERSION_V2 && attempts == 0)
        bad = "version 2 with 0 attempts (written as version 1)";
    else if (r.left != 0)
        bad = "trailing bytes";
    if (bad == NULL && plan_len > 0) {
        e->plan = malloc(plan_len);
        if (e->plan == NULL)
            bad = "out of memory";
        else
            memcpy(e->plan, plan, plan_len);
    }
    if (bad != NULL) {
        px_queue_entry_clear(e);
        snprintf(why, why_len, "queue entry: %s", bad);
        return -1;
    }
    e->accepted = (int64_t)accepted;
    e->deadline = (int64_t)deadline;
    e->plan_len = plan_len;
    e->attempts = attempts;
    return 0;
}

static size_t make_key(struct px_store *s, const char *dev_key, uint64_t seq, uint8_t *key)
{
    size_t klen = strlen(dev_key);

    if (klen == 0 || klen > PX_DEVICE_KEY_MAX) {
        px_store_set_error(s, "bad device key \"%.40s\"", dev_key);
        return 0;
    }
    memcpy(key, dev_key, klen);
    key[klen] = '\0';
    px_store_put_be64(key + klen + 1, seq);
    return klen + 9;
}

int px_queue_push(struct px_store *s, const char *dev_key, const struct px_queue_entry *e,
                  uint64_t *seq)
{
    uint8_t key[KEY_MAX], *val;
    size_t klen, vlen;
    uint64_t n;
    int rc;

    if (make_key(s, dev_key, 0, key) == 0)
        return -1;
    if (px_queue_encode(e, &val, &vlen) != 0)
        return px_store_set_error(s,
                                  "device %s: request %s not queued: field too long or "
                                  "out of memory",
                                  dev_key, e->msg_id ? e->msg_id : "");
    if (px_store_next_seq(s, &n) != 0) {
        free(val);
        return -1;
    }
    klen = make_key(s, dev_key, n, key);
    rc = px_store_put(s, PX_DB_QUEUE, key, klen, val, vlen);
    free(val);
    if (rc == 0 && seq != NULL)
        *seq = n;
    return rc;
}

struct walk {
    struct px_store *s;
    const char *dev_key; /* NULL: take it from each key */
    px_queue_fn fn;
    void *arg;
    int failed;
};

/* Splits a queue key into device key and sequence number. */
static int split_key(const MDB_val *k, char *dev_key, uint64_t *seq)
{
    size_t klen;

    if (k->mv_size < 10 || k->mv_size > KEY_MAX)
        return -1;
    klen = k->mv_size - 9;
    if (((const char *)k->mv_data)[klen] != '\0' || memchr(k->mv_data, '\0', klen) != NULL)
        return -1;
    memcpy(dev_key, k->mv_data, klen);
    dev_key[klen] = '\0';
    *seq = px_store_get_be64((const uint8_t *)k->mv_data + klen + 1);
    return 0;
}

static int walk_entry(void *arg, const MDB_val *k, const MDB_val *v)
{
    struct walk *w = arg;
    struct px_queue_entry e;
    char dev[PX_DEVICE_KEY_MAX + 1], why[128];
    uint64_t seq;
    int stop;

    if (split_key(k, dev, &seq) != 0) {
        w->failed = px_store_set_error(w->s, "corrupt queue key");
        return 1;
    }
    if (px_queue_decode(v->mv_data, v->mv_size, &e, why, sizeof(why)) != 0) {
        w->failed = px_store_set_error(w->s, "device %s: queue entry %llu: %s", dev,
                                       (unsigned long long)seq, why);
        return 1;
    }
    e.seq = seq;
    stop = w->fn(w->arg, dev, &e);
    px_queue_entry_clear(&e);
    return stop;
}

int px_queue_foreach(struct px_store *s, const char *dev_key, px_queue_fn fn, void *arg)
{
    uint8_t key[KEY_MAX];
    struct walk w = {s, dev_key, fn, arg, 0};
    size_t klen;

    if ((klen = make_key(s, dev_key, 0, key)) == 0)
        return -1;
    if (px_store_foreach_prefix(s, PX_DB_QUEUE, key, klen - 8, walk_entry, &w) != 0)
        return -1;
    return w.failed;
}

int px_queue_remove(struct px_store *s, const char *dev_key, uint64_t seq)
{
    uint8_t key[KEY_MAX];
    size_t klen;

    if ((klen = make_key(s, dev_key, seq, key)) == 0)
        return -1;
    return px_store_del(s, PX_DB_QUEUE, key, klen);
}

int px_queue_get(struct px_store *s, const char *dev_key, uint64_t seq, struct px_queue_entry *e)
{
    uint8_t key[KEY_MAX];
    void *val = NULL;
    size_t klen, vlen = 0;
    char why[128];
    int rc;

    memset(e, 0, sizeof(*e));
    if ((klen = make_key(s, dev_key, seq, key)) == 0)
        return -1;
    rc = px_store_get(s, PX_DB_QUEUE, key, klen, &val, &vlen);
    if (rc != 0)
        return rc;
    rc = px_queue_decode(val, vlen, e, why, sizeof(why));
    free(val);
    if (rc != 0)
        return px_store_set_error(s, "device %s: queue entry %llu: %s", dev_key,
                                  (unsigned long long)seq, why);
    e->seq = seq;
    return 0;
}

struct head_copy {
    struct px_queue_entry *e;
    int found, oom;
};

static char *dup_or_empty(const char *p, int *oom)
{
    char *c = strdup(p ? p : "");
    if (c == NULL)
        *oom = 1;
    return c;
}

static int copy_head(void *arg, const char *dev_key, const struct px_queue_entry *e)
{
    struct head_copy *h = arg;
    (void)dev_key;
    *h->e = *e;
    h->e->msg_id = dup_or_empty(e->msg_id, &h->oom);
    h->e->controller = dup_or_empty(e->controller, &h->oom);
    h->e->reply_topic = dup_or_empty(e->reply_topic, &h->oom);
    h->e->plan = malloc(e->plan_len ? e->plan_len : 1);
    if (h->e->plan == NULL)
        h->oom = 1;
    else if (e->plan_len)
        memcpy(h->e->plan, e->plan, e->plan_len);
    h->found = 1;
    return 1; /* the first entry only */
}

int px_queue_head(struct px_store *s, const char *dev_key, struct px_queue_entry *e)
{
    struct head_copy h = {e, 0, 0};

    memset(e, 0, sizeof(*e));
    if (px_queue_foreach(s, dev_key, copy_head, &h) != 0) {
        px_queue_entry_clear(e);
        return -1;
    }
    if (h.oom) {
        px_queue_entry_clear(e);
        return px_store_set_error(s, "device %s: out of memory reading the queue", dev_key);
    }
    return h.found ? 0 : PX_STORE_NOT_FOUND;
}

int px_queue_note_broken(struct px_store *s, const char *dev_key, uint64_t seq, uint16_t *attempts)
{
    struct px_queue_entry e;
    uint8_t key[KEY_MAX], *val;
    size_t klen, vlen;
    int rc = px_queue_get(s, dev_key, seq, &e);

    if (rc != 0)
        return rc;
    if (e.attempts < UINT16_MAX)
        e.attempts++;
    *attempts = e.attempts;
    klen = make_key(s, dev_key, seq, key);
    if (klen == 0 || px_queue_encode(&e, &val, &vlen) != 0) {
        px_queue_entry_clear(&e);
        return klen == 0 ? -1
                         : px_store_set_error(s, "device %s: queue entry %llu: out of memory",
                                              dev_key, (unsigned long long)seq);
    }
    px_queue_entry_clear(&e);
    rc = px_store_put(s, PX_DB_QUEUE, key, klen, val, vlen);
    free(val);
    return rc;
}

static int count_entry(void *arg, const MDB_val *k, const MDB_val *v)
{
    (*(size_t *)arg)++;
    return 0;
}

int px_queue_count(struct px_store *s, const char *dev_key, size_t *n)
{
    uint8_t key[KEY_MAX];
    size_t klen;

    *n = 0;
    if ((klen = make_key(s, dev_key, 0, key)) == 0)
        return -1;
    return px_store_foreach_prefix(s, PX_DB_QUEUE, key, klen - 8, count_entry, n);
}

int px_queue_devices(struct px_store *s, int (*fn)(void *arg, const char *dev_key), void *arg)
{
    MDB_txn *txn;
    MDB_cursor *c;
    MDB_val k, v;
    char dev[PX_DEVICE_KEY_MAX + 1];
    uint8_t next[PX_DEVICE_KEY_MAX + 1];
    uint64_t seq;
    size_t dlen;
    int rc;

    if (px_store_read_txn(s, &txn) != 0)
        return -1;
    rc = mdb_cursor_open(txn, px_store_dbi(s, PX_DB_QUEUE), &c);
    if (rc != 0)
        return px_store_set_error(s, "cursor on queue: %s", mdb_strerror(rc));
    rc = mdb_cursor_get(c, &k, &v, MDB_FIRST);
    while (rc == 0) {
        if (split_key(&k, dev, &seq) != 0) {
            mdb_cursor_close(c);
            return px_store_set_error(s, "corrupt queue key");
        }
        if (fn(arg, dev) != 0)
            break;
        /* skip the rest of this device: seek to dev_key followed by 0x01 */
        dlen = strlen(dev);
        memcpy(next, dev, dlen);
        next[dlen] = 1;
        k.mv_data = next;
        k.mv_size = dlen + 1;
        rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
    }
    mdb_cursor_close(c);
    if (rc != 0 && rc != MDB_NOTFOUND)
        return px_store_set_error(s, "scanning queue: %s", mdb_strerror(rc));
    return 0;
}

struct expired {
    uint8_t key[KEY_MAX];
    size_t klen;
    int corrupt;
};

struct expire_scan {
    struct px_store *s;
    int64_t now;
    px_queue_fn fn;
    void *arg;
    struct expired *list;
    size_t n, cap;
    int failed;
};

static int expire_entry(void *arg, const MDB_val *k, const MDB_val *v)
{
    struct expire_scan *x = arg;
    struct px_queue_entry e;
    char dev[PX_DEVICE_KEY_MAX + 1], why[128];
    uint64_t seq;
    int corrupt;

    if (k->mv_size > KEY_MAX)
        return 0; /* cannot be one of ours (make_key): leave it alone */
    /* an undecodable entry can never run nor be answered: remove it */
    corrupt = split_key(k, dev, &seq) != 0 ||
              px_queue_decode(v->mv_data, v->mv_size, &e, why, sizeof(why)) != 0;
    if (corrupt || (e.deadline != 0 && e.deadline <= x->now)) {
        if (x->n == x->cap) {
            size_t cap = x->cap ? 2 * x->cap : 16;
            struct expired *l = realloc(x->list, cap * sizeof(*l));
            if (l == NULL) {
                px_queue_entry_clear(&e);
                x->failed = px_store_set_error(x->s, "out of memory expiring queue entries");
                return 1;
            }
            x->list = l;
            x->cap = cap;
        }
        memcpy(x->list[x->n].key, k->mv_data, k->mv_size);
        x->list[x->n].klen = k->mv_size;
        x->list[x->n].corrupt = corrupt;
        x->n++;
        if (corrupt)
            return 0;
        e.seq = seq;
        if (x->fn != NULL)
            x->fn(x->arg, dev, &e);
    }
    px_queue_entry_clear(&e);
    return 0;
}

int px_queue_expire(struct px_store *s, int64_t now, px_queue_fn fn, void *arg, size_t *n_expired)
{
    struct expire_scan x = {s, now, fn, arg, NULL, 0, 0, 0};
    size_t n_corrupt = 0;
    int rc = 0;

    if (n_expired != NULL)
        *n_expired = 0;
    if (px_store_foreach_prefix(s, PX_DB_QUEUE, "", 0, expire_entry, &x) != 0 || x.failed) {
        free(x.list);
        return -1;
    }
    for (size_t i = 0; i < x.n && rc == 0; i++) {
        if (px_store_del(s, PX_DB_QUEUE, x.list[i].key, x.list[i].klen) < 0)
            rc = -1;
        n_corrupt += x.list[i].corrupt != 0;
    }
    free(x.list);
    if (rc == 0 && n_expired != NULL)
        *n_expired = x.n - n_corrupt;
    return rc;
}
