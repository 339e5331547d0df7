/*
 * fuzz_sim_model.c - libFuzzer target for the cwmp-sim model file parser.
 *
 * Input: a model file. When it parses, a device is made from it and read
 * whole, so the instance tree the parser built is walked too. A rejection
 * must carry a "file:line: message" error.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sim/model.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sim_model *m = NULL;
    struct sim_device *d = NULL;
    struct sim_values vals = {0};
    struct sim_names names = {0};
    struct sim_fault f = {0};
    const char *all = "";
    char err[256];
    uint32_t inst;

    if (sim_model_parse("fuzz", (const char *)data, size, &m, err, sizeof(err)) != 0) {
        if (strncmp(err, "fuzz:", 5) != 0)
            __builtin_trap(); /* every error says where */
        return 0;
    }
    if (sim_device_new(m, NULL, &d) == 0) {
        (void)sim_get_values(d, &all, 1, &vals, &f);
        (void)sim_get_names(d, "", 0, &names, &f);
        /* add to every table the dump shows, then reset */
        for (size_t i = 0; i < names.count && i < 64; i++)
            (void)sim_device_add(d, names.items[i].name, &inst, &f);
        sim_device_factory_reset(d);
        sim_device_free(d);
    }
    sim_values_free(&vals);
    sim_names_free(&names);
    sim_model_free(m);
    return 0;
}
