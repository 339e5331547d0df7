/*
 * udp_cr.h - TR-069 Annex G UDP connection request messages as a CPE
 * receives them: parsing the HTTP-over-UDP request line and checking its
 * HMAC-SHA1 signature. No I/O; fuzzed by tests/fuzz/fuzz_sim_udpcr.c.
 */
#ifndef SIM_UDP_CR_H
#define SIM_UDP_CR_H

#include <stddef.h>
#include <stdint.h>

struct sim_udp_cr {
    uint64_t ts;  /* seconds since 1970 */
    char id[65];  /* message id: the same in every copy of one request */
    char un[257]; /* ConnectionRequestUsername */
    char cn[65];  /* cnonce */
    char sig[41]; /* hex HMAC-SHA1 (either case) */
};

/*
 * Parses a datagram "GET http://host:port?ts=..&id=..&un=..&cn=..&sig=..
 * HTTP/1.1\r\n..." (TR-069 G.2.2.1; query values may be %-encoded).
 * Returns 0, or -1 with *why pointing at a static reason.
 */
int sim_udp_cr_parse(const char *buf, size_t len, struct sim_udp_cr *out, const char **why);

/* Checks sig = HMAC-SHA1(password, ts id un cn) (G.2.2.3). 0 when valid. */
int sim_udp_cr_verify(const struct sim_udp_cr *m, const char *password);

#endif /* SIM_UDP_CR_H */
