/*
 * fuzz_px_sdm.c - libFuzzer target for the cached GetParameterNames list
 * of GetSupportedDM that the proxy reads back from LMDB
 * (px_sdm_list_decode, proxy/handle_gsdm.c): untrusted bytes on disk.
 *
 * A rejection must say why and leave nothing allocated; an accepted list
 * must encode and decode again to the same names and flags.
 */
#include <stdlib.h>
#include <string.h>

#include "proxy/px.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct px_sdm_list l, m;
    char why[256] = "";
    uint8_t *buf;
    size_t len, i;

    if (px_sdm_list_decode(data, size, &l, why, sizeof(why)) != 0) {
        if (why[0] == '\0' || l.names != NULL || l.n != 0)
            __builtin_trap();
        return 0;
    }
    if (px_sdm_list_encode(&l, &buf, &len) != 0)
        __builtin_trap(); /* what decodes fits the limits */
    if (px_sdm_list_decode(buf, len, &m, why, sizeof(why)) != 0 || m.n != l.n ||
        m.fetched != l.fetched || strcmp(m.software_version, l.software_version) != 0)
        __builtin_trap();
    for (i = 0; i < l.n; i++)
        if (strcmp(m.names[i], l.names[i]) != 0 || m.writable[i] != l.writable[i])
            __builtin_trap();
    px_sdm_list_clear(&m);
    free(buf);
    px_sdm_list_clear(&l);
    return 0;
}
