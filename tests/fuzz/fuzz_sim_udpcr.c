/*
 * fuzz_sim_udpcr.c - cwmp-sim's TR-069 Annex G UDP connection request
 * parser (sim/udp_cr.c) on arbitrary datagrams; parsed messages are also
 * signature-checked.
 */
#include "sim/udp_cr.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sim_udp_cr m;
    const char *why;

    if (sim_udp_cr_parse((const char *)data, size, &m, &why) == 0)
        (void)sim_udp_cr_verify(&m, "cr-secret");
    return 0;
}
