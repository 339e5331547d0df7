/*
 * fuzz_px_config.c - libFuzzer target for cwmp2uspd.conf parsing.
 *
 * Loads the input over the defaults, validates and prints the result; any
 * input must give a configuration or a "name:line: message" error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/config.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    struct px_config cfg;
    char err[512] = "";
    char *text = malloc(size + 1);

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (devnull == NULL)
        devnull = fopen("/dev/null", "w");
    if (px_config_defaults(&cfg) == 0) {
        if (px_config_load_string(&cfg, text, "fuzz", err, sizeof(err)) != 0 && err[0] == '\0')
            __builtin_trap(); /* a rejection must say why */
        (void)px_config_validate(&cfg, err, sizeof(err));
        if (devnull)
            px_config_print(&cfg, devnull);
    }
    px_config_free(&cfg);
    free(text);
    return 0;
}
