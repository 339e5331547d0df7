/*
 * fuzz_px_record.c - libFuzzer target for the decoders of records the
 * proxy reads back from LMDB (device record, cached parameter value, queue
 * entry, outbox entry): they are untrusted bytes on disk.
 *
 * Input: the first byte selects the decoder (modulo 4), the rest is the
 * record. A rejection must say why; an accepted record must re-encode and
 * decode to the same thing.
 */
#include <stdlib.h>
#include <string.h>

#include "proxy/device.h"
#include "proxy/outbox.h"
#include "proxy/params.h"
#include "proxy/queue.h"
#include "tests/fuzz/fuzz.h"

static void device(const uint8_t *data, size_t size)
{
    struct px_device d, e;
    char why[256] = "";
    uint8_t *buf;
    size_t len;

    if (px_device_decode(data, size, &d, why, sizeof(why)) != 0) {
        if (why[0] == '\0' || d.oui != NULL)
            __builtin_trap();
        return;
    }
    if (px_device_encode(&d, &buf, &len) == 0) {
        if (px_device_decode(buf, len, &e, why, sizeof(why)) != 0 ||
            strcmp(d.serial_number, e.serial_number) != 0 || d.n_events != e.n_events ||
            d.flags != e.flags)
            __builtin_trap();
        px_device_clear(&e);
        free(buf);
    }
    px_device_clear(&d);
}

static void param(const uint8_t *data, size_t size)
{
    struct px_param p;
    char why[256] = "";

    if (px_params_decode_value(data, size, &p, why, sizeof(why)) != 0) {
        if (why[0] == '\0')
            __builtin_trap();
        return;
    }
    if (p.value_len + 10 != size || (unsigned)p.type > PX_PARAM_TYPE_LAST)
        __builtin_trap();
}

static void queue(const uint8_t *data, size_t size)
{
    struct px_queue_entry q, r;
    char why[256] = "";
    uint8_t *buf;
    size_t len;

    if (px_queue_decode(data, size, &q, why, sizeof(why)) != 0) {
        if (why[0] == '\0' || q.msg_id != NULL)
            __builtin_trap();
        return;
    }
    if (px_queue_encode(&q, &buf, &len) != 0 || len != size || memcmp(buf, data, size) != 0)
        __builtin_trap(); /* the layout has one encoding per entry */
    if (px_queue_decode(buf, len, &r, why, sizeof(why)) != 0)
        __builtin_trap();
    px_queue_entry_clear(&r);
    free(buf);
    px_queue_entry_clear(&q);
}

static void outbox(const uint8_t *data, size_t size)
{
    struct px_outbox_entry o;
    char why[256] = "";
    uint8_t *buf;
    size_t len;

    if (px_outbox_decode(data, size, &o, why, sizeof(why)) != 0) {
        if (why[0] == '\0' || o.agent != NULL)
            __builtin_trap();
        return;
    }
    if (px_outbox_encode(&o, &buf, &len) != 0 || len != size || memcmp(buf, data, size) != 0)
        __builtin_trap();
    free(buf);
    px_outbox_entry_clear(&o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    switch (data[0] % 4) {
    case 0:
        device(data + 1, size - 1);
        break;
    case 1:
        param(data + 1, size - 1);
        break;
    case 2:
        queue(data + 1, size - 1);
        break;
    default:
        outbox(data + 1, size - 1);
        break;
    }
    return 0;
}
