/*
 * fuzz_px_notify.c - libFuzzer target for the decoders of the
 * notification state the proxy reads back from LMDB: a subscription record
 * of the objects database (subs.h) and an "awaiting NotifyResp" record of
 * the notify database (notify.h). They are untrusted bytes on disk.
 *
 * Input: the first byte selects the decoder (even: subscription, odd:
 * notify record), the rest is the record. A rejection must say why and
 * leave nothing allocated; an accepted record must re-encode and decode to
 * the same values.
 */
#include <stdlib.h>
#include <string.h>

#include "proxy/notify.h"
#include "proxy/subs.h"
#include "tests/fuzz/fuzz.h"

struct text {
    char buf[16384];
    size_t len;
};

static void add(void *arg, const char *name, const char *value)
{
    struct text *t = arg;
    size_t n = strlen(name) + strlen(value) + 2;
    if (t->len + n >= sizeof t->buf)
        return;
    memcpy(t->buf + t->len, name, strlen(name));
    t->len += strlen(name);
    t->buf[t->len++] = '=';
    memcpy(t->buf + t->len, value, strlen(value));
    t->len += strlen(value);
    t->buf[t->len++] = ';';
}

static void sub(const uint8_t *data, size_t size)
{
    static struct text a, b;
    struct px_sub s, t;
    char why[256] = "";
    uint8_t *buf;
    size_t len;

    if (px_sub_decode(data, size, 7, &s, why, sizeof why) != 0) {
        if (why[0] == '\0' || s.id != NULL)
            __builtin_trap();
        return;
    }
    if (px_sub_encode(&s, &buf, &len) != 0)
        __builtin_trap(); /* what was accepted fits */
    if (px_sub_decode(buf, len, 7, &t, why, sizeof why) != 0)
        __builtin_trap();
    a.len = b.len = 0;
    px_sub_params(&s, add, &a);
    px_sub_params(&t, add, &b);
    if (a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0 || s.creation_date != t.creation_date)
        __builtin_trap();
    free(buf);
    px_sub_clear(&t);
    px_sub_clear(&s);
}

static void ack(const uint8_t *data, size_t size)
{
    struct px_notify_ack a, b;
    char why[256] = "";
    uint8_t *buf;
    size_t len;

    if (px_notify_ack_decode(data, size, &a, why, sizeof why) != 0) {
        if (why[0] == '\0' || a.agent != NULL)
            __builtin_trap();
        return;
    }
    if (px_notify_ack_encode(&a, &buf, &len) != 0 || len != size || memcmp(buf, data, size) != 0)
        __builtin_trap(); /* one encoding per record */
    if (px_notify_ack_decode(buf, len, &b, why, sizeof why) != 0)
        __builtin_trap();
    free(buf);
    px_notify_ack_clear(&b);
    px_notify_ack_clear(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] % 2 == 0)
        sub(data + 1, size - 1);
    else
        ack(data + 1, size - 1);
    return 0;
}
