/*
 * fuzz_px_admin.c - libFuzzer target for the admin socket's request parser
 * (proxy/admin_parse.c). Any input must be accepted with a request inside
 * the documented bounds, or refused with a reason.
 */
#include <stdint.h>
#include <string.h>

#include "proxy/admin.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct px_admin_req req;
    char why[256] = "";

    if (px_admin_parse((const char *)data, size, &req, why, sizeof why) != 0) {
        if (why[0] == '\0')
            __builtin_trap(); /* a refusal must say why */
        return 0;
    }
    switch (req.cmd) {
    case PX_ADMIN_DEVICES:
        if (req.limit < 1 || req.limit > PX_ADMIN_PAGE_MAX)
            __builtin_trap();
        break;
    case PX_ADMIN_DEVICE:
        if (req.id[0] == '\0' || strlen(req.id) > PX_DEVICE_KEY_MAX)
            __builtin_trap();
        for (const char *p = req.id; *p; p++)
            if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
                __builtin_trap(); /* ids are printable ASCII without spaces */
        break;
    case PX_ADMIN_STATS:
        break;
    default:
        __builtin_trap();
    }
    return 0;
}
