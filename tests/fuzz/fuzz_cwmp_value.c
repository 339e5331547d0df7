/*
 * fuzz_cwmp_value.c - libFuzzer target for the CWMP value type checks.
 *
 * Input: first byte selects the type name length, then the xsi:type text,
 * then the value. Both parsers must reject junk without crashing.
 */
#include <stddef.h>
#include <stdint.h>

#include "cwmp/cwmp.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    enum cwmp_type type = CWMP_TYPE_STRING;
    size_t name_len;
    const char *why = NULL;
    int b;

    if (size < 1)
        return 0;
    name_len = data[0] % 32;
    if (name_len > size - 1)
        name_len = size - 1;
    (void)cwmp_type_from_name((const char *)data + 1, name_len, &type);
    data += 1 + name_len;
    size -= 1 + name_len;
    if (cwmp_value_check(type, (const char *)data, size, &why) != 0 && why == NULL)
        __builtin_trap(); /* a rejection must say why */
    (void)cwmp_value_bool((const char *)data, size, &b);
    return 0;
}
