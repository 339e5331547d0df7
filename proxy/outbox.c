/*
 * outbox.c - records awaiting acknowledgement, in the outbox database
 * (layout in outbox.h): push, due scan, attempts, removal on ack.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/outbox.h"

#define ENTRY_VERSION 1

void px_outbox_entry_clear(struct px_outbox_entry *e)
{
    free(e->agent);
    free(e->controller);
    free(e->topic);
    free(e->record);
    memset(e, 0, sizeof(*e));
}

static int str_ok(const char *s)
{
    return s == NULL || strlen(s) <= PX_OUTBOX_STR_MAX;
}

static void put_str16(struct px_wbuf *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;

    px_wbuf_u16(b, (uint16_t)n);
    px_wbuf_bytes(b, s, n);
}

int px_outbox_encode(const struct px_outbox_entry *e, uint8_t **buf, size_t *len)
{
    struct px_wbuf b = {0};

    if (!str_ok(e->agent) || !str_ok(e->controller) || !str_ok(e->topic) ||
        e->record_len > PX_OUTBOX_RECORD_MAX)
        return -1;
    px_wbuf_u8(&b, ENTRY_VERSION);
    px_wbuf_u32(&b, e->attempts);
    px_wbuf_u64(&b, (uint64_t)e->next_attempt);
    put_str16(&b, e->agent);
    put_str16(&b, e->controller);
    put_str16(&b, e->topic);
    px_wbuf_u32(&b, (uint32_t)e->record_len);
    px_wbuf_bytes(&b, e->record, e->record_len);
    if (b.oom) {
        px_wbuf_free(&b);
        return -1;
    }
    *buf = b.data;
    *len = b.len;
    return 0;
}

int px_outbox_decode(const void *buf, size_t len, struct px_outbox_entry *e, char *why,
                     size_t why_len)
{
    struct px_rbuf r = {buf, len};
    uint8_t version;
    uint64_t next;
    uint32_t rec_len;
    const uint8_t *rec;
    const char *bad = NULL;

    memset(e, 0, sizeof(*e));
    if (px_rbuf_u8(&r, &version) != 0 || version != ENTRY_VERSION)
        bad = "unknown version";
    else if (px_rbuf_u32(&r, &e->attempts) != 0 || px_rbuf_u64(&r, &next) != 0)
        bad = "truncated header";
    else if (px_rbuf_str16(&r, PX_OUTBOX_STR_MAX, &e->agent) != 0)
        bad = "bad agent Endpoint ID";
    else if (px_rbuf_str16(&r, PX_OUTBOX_STR_MAX, &e->controller) != 0)
        bad = "bad controller Endpoint ID";
    else if (px_rbuf_str16(&r, PX_OUTBOX_STR_MAX, &e->topic) != 0)
        bad = "bad topic";
    else if (px_rbuf_u32(&r, &rec_len) != 0 || rec_len > PX_OUTBOX_RECORD_MAX ||
             px_rbuf_bytes(&r, rec_len, &rec) != 0)
        bad = "bad record length";
    else if (r.left != 0)
        bad = "trailing bytes";
    if (bad == NULL && rec_len > 0) {
        e->record = malloc(rec_len);
        if (e->record == NULL)
            bad = "out of memory";
        else
            memcpy(e->record, rec, rec_len);
    }
    if (bad != NULL) {
        px_outbox_entry_clear(e);
        snprintf(why, why_len, "outbox entry: %s", bad);
        return -1;
    }
    e->next_attempt = (int64_t)next;
    e->record_len = rec_len;
    return 0;
}

int px_outbox_push(struct px_store *s, const struct px_outbox_entry *e, uint64_t *seq)
{
    uint8_t key[8], *val;
    size_t vlen;
    uint64_t n;
    int rc;

    if (px_outbox_encode(e, &val, &vlen) != 0)
        return px_store_set_error(s,
                                  "outbox entry for %s not stored: field too long or out "
                                  "of memory",
                                  e->agent ? e->agent : "");
    if (px_store_next_seq(s, &n) != 0) {
        free(val);
        return -1;
    }
    px_store_put_be64(key, n);
    rc = px_store_put(s, PX_DB_OUTBOX, key, 8, val, vlen);
    free(val);
    if (rc == 0 && seq != NULL)
        *seq = n;
    return rc;
}

struct due {
    struct px_store *s;
    int64_t now;
    px_outbox_fn fn;
    void *arg;
    int failed;
};

static int due_entry(void *arg, const MDB_val *k, const MDB_val *v)
{
    struct due *d = arg;
    struct px_outbox_entry e;
    char why[128];
    int stop = 0;

    if (k->mv_size != 8) {
        d->failed = px_store_set_error(d->s, "corrupt outbox key");
        return 1;
    }
    if (px_outbox_decode(v->mv_data, v->mv_size, &e, why, sizeof(why)) != 0) {
        d->failed = px_store_set_error(d->s, "outbox entry %llu: %s",
                                       (unsigned long long)px_store_get_be64(k->mv_data), why);
        return 1;
    }
    e.seq = px_store_get_be64(k->mv_data);
    if (e.next_attempt <= d->now)
        stop = d->fn(d->arg, &e);
    px_outbox_entry_clear(&e);
    return stop;
}

int px_outbox_foreach_due(struct px_store *s, int64_t now, px_outbox_fn fn, void *arg)
{
    struct due d = {s, now, fn, arg, 0};

    if (px_store_foreach_prefix(s, PX_DB_OUTBOX, "", 0, due_entry, &d) != 0)
        return -1;
    return d.failed;
}

int px_outbox_get(struct px_store *s, uint64_t seq, struct px_outbox_entry *e)
{
    uint8_t key[8];
    void *val;
    size_t vlen;
    char why[128];
    int rc;

    memset(e, 0, sizeof(*e));
    px_store_put_be64(key, seq);
    rc = px_store_get(s, PX_DB_OUTBOX, key, 8, &val, &vlen);
    if (rc != 0)
        return rc;
    rc = px_outbox_decode(val, vlen, e, why, sizeof(why));
    free(val);
    if (rc != 0)
        return px_store_set_error(s, "outbox entry %llu: %s", (unsigned long long)seq, why);
    e->seq = seq;
    return 0;
}

int px_outbox_mark_attempt(struct px_store *s, uint64_t seq, int64_t next_attempt)
{
    struct px_outbox_entry e;
    uint8_t key[8], *val;
    size_t vlen;
    int rc = px_outbox_get(s, seq, &e);

    if (rc != 0)
        return rc;
    e.attempts++;
    e.next_attempt = next_attempt;
    rc = px_outbox_encode(&e, &val, &vlen);
    px_outbox_entry_clear(&e);
    if (rc != 0)
        return px_store_set_error(s, "out of memory updating outbox entry %llu",
                                  (unsigned long long)seq);
    px_store_put_be64(key, seq);
    rc = px_store_put(s, PX_DB_OUTBOX, key, 8, val, vlen);
    free(val);
    return rc;
}

int px_outbox_remove(struct px_store *s, uint64_t seq)
{
    uint8_t key[8];

    px_store_put_be64(key, seq);
    return px_store_del(s, PX_DB_OUTBOX, key, 8);
}

int px_outbox_count(struct px_store *s, size_t *n)
{
    return px_store_count(s, PX_DB_OUTBOX, n);
}
