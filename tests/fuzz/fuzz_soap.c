/*
 * fuzz_soap.c - libFuzzer target for the CWMP SOAP codec.
 *
 * The input is a whole HTTP body. Parsing must never crash, every
 * rejection must say why, and whatever parses must write back and parse
 * again to the same message type, ID and namespace version.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cwmp/cwmp.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cwmp_soap_limits lim = {1 << 20, 32, 20000, 1 << 16};
    struct cwmp_msg *m = NULL, *m2 = NULL;
    struct cwmp_buf b = {0};
    char err[256];
    int rc;

    rc = cwmp_msg_parse((const char *)data, size, &lim, &m, err, sizeof(err));
    if (rc != CWMP_SOAP_OK) {
        if (err[0] == '\0')
            __builtin_trap(); /* a rejection must say why */
        if ((rc == CWMP_SOAP_ERR_METHOD || rc == CWMP_SOAP_ERR_ARGS) != (m != NULL))
            __builtin_trap();
        cwmp_msg_free(m);
        return 0;
    }
    if (cwmp_msg_write(m, &b, err, sizeof(err)) != CWMP_SOAP_OK)
        __builtin_trap(); /* anything parsed can be written */
    if (cwmp_msg_parse(b.data, b.len, NULL, &m2, err, sizeof(err)) != CWMP_SOAP_OK)
        __builtin_trap(); /* and what we write parses */
    if (m2->type != m->type || m2->ns_version != m->ns_version ||
        (m->id == NULL) != (m2->id == NULL) || (m->id && strcmp(m->id, m2->id) != 0))
        __builtin_trap();
    cwmp_msg_free(m2);
    cwmp_msg_free(m);
    cwmp_buf_free(&b);
    return 0;
}
