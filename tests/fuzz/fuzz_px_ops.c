/*
 * fuzz_px_ops.c - libFuzzer target for the records of asynchronous
 * commands the proxy reads back from LMDB (proxy/ops.h): the ops record of
 * a pending operation and a Device.LocalAgent.Request.{i}. object. They are
 * untrusted bytes on disk.
 *
 * Input: the first byte selects the decoder (even: ops record, odd:
 * Request object), the rest is the record. A rejection must say why; an
 * accepted record must re-encode and decode to the same thing.
 */
#include <stdlib.h>
#include <string.h>

#include "proxy/ops.h"
#include "tests/fuzz/fuzz.h"

static void op(const uint8_t *data, size_t size)
{
    struct px_op o, p;
    char why[256] = "";
    uint8_t *buf;
    size_t len;

    if (px_op_decode(data, size, &o, why, sizeof(why)) != 0) {
        if (why[0] == '\0' || o.command != NULL)
            __builtin_trap();
        return;
    }
    if (px_op_encode(&o, &buf, &len) != 0)
        __builtin_trap(); /* what decodes fits the limits */
    if (px_op_decode(buf, len, &p, why, sizeof(why)) != 0 || p.kind != o.kind ||
        p.request != o.request || p.deadline != o.deadline || strcmp(p.command, o.command) != 0 ||
        strcmp(p.agent, o.agent) != 0)
        __builtin_trap();
    px_op_clear(&p);
    free(buf);
    px_op_clear(&o);
}

static void request(const uint8_t *data, size_t size)
{
    struct px_request r, s;
    char why[256] = "";
    uint8_t *buf;
    size_t len;

    if (px_request_decode(data, size, 5, &r, why, sizeof(why)) != 0) {
        if (why[0] == '\0' || r.command != NULL)
            __builtin_trap();
        return;
    }
    if (px_request_encode(&r, &buf, &len) != 0)
        __builtin_trap();
    if (px_request_decode(buf, len, 5, &s, why, sizeof(why)) != 0 ||
        strcmp(s.command ? s.command : "", r.command ? r.command : "") != 0 ||
        strcmp(s.status ? s.status : "", r.status ? r.status : "") != 0)
        __builtin_trap();
    px_request_clear(&s);
    free(buf);
    px_request_clear(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (data[0] & 1)
        request(data + 1, size - 1);
    else
        op(data + 1, size - 1);
    return 0;
}
