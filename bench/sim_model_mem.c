/*
 * sim_model_mem.c - memory of cwmp-sim devices: loads each model file,
 * makes N devices from it and prints the heap bytes per device (glibc
 * mallinfo2, malloc overhead included) untouched, after the simulator's
 * usual device-side updates, and after an ACS has configured them.
 *
 *   bench/sim_model_mem [N] [model files...]   (default: 10000, both models)
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

#include "sim/model.h"

#ifndef MODEL_DIR
#define MODEL_DIR "sim/models"
#endif

static size_t heap(void)
{
    return mallinfo2().uordblks;
}

static void touch_device(struct sim_device *d, const char *root, int acs)
{
    char name[256], v[32];
    struct sim_fault f = {0};
    int status;

    snprintf(name, sizeof(name), "%sDeviceInfo.UpTime", root);
    snprintf(v, sizeof(v), "%d", 3600 + rand() % 1000);
    sim_device_update(d, name, v, &f);
    if (!acs)
        return;
    snprintf(name, sizeof(name), "%sManagementServer.PeriodicInformInterval", root);
    struct sim_set set[] = {{name, "300", NULL}};
    sim_set_values(d, set, 1, "provisioned-1", &status, &f);
    sim_fault_clear(&f);
}

static int measure(const char *path, int n)
{
    struct sim_model *m;
    struct sim_device **devs = calloc((size_t)n, sizeof(*devs));
    char err[512];
    size_t h0, h1, h2, h3, h4;

    h0 = heap();
    if (devs == NULL || sim_model_load(path, &m, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s\n", devs ? err : "out of memory");
        free(devs);
        return 1;
    }
    h1 = heap();
    for (int i = 0; i < n; i++) {
        struct sim_vars v = {.index = (uint32_t)i,
                             .oui = "00D09E",
                             .ip = "10.1.2.3",
                             .acs_url = "http://127.0.0.1:7547/",
                             .cr_port = "30000"};
        if (sim_device_new(m, &v, &devs[i]) != 0) {
            fprintf(stderr, "out of memory at device %d\n", i);
            return 1;
        }
    }
    h2 = heap();
    for (int i = 0; i < n; i++)
        touch_device(devs[i], sim_model_root(m), 0);
    h3 = heap();
    for (int i = 0; i < n; i++)
        touch_device(devs[i], sim_model_root(m), 1);
    h4 = heap();
    printf("%s: %zu parameters, model %zu bytes (shared)\n", path, sim_model_param_count(m),
           h1 - h0);
    printf("  per device: %zu bytes untouched, %zu after an UpTime update, "
           "%zu after an ACS SetParameterValues too (%d devices)\n",
           (h2 - h1) / (size_t)n, (h3 - h1) / (size_t)n, (h4 - h1) / (size_t)n, n);
    for (int i = 0; i < n; i++)
        sim_device_free(devs[i]);
    sim_model_free(m);
    free(devs);
    return 0;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 10000;
    int rc = 0;

    if (n <= 0)
        n = 10000;
    if (argc > 2) {
        for (int i = 2; i < argc; i++)
            rc |= measure(argv[i], n);
        return rc;
    }
    rc |= measure(MODEL_DIR "/tr181-gateway.model", n);
    rc |= measure(MODEL_DIR "/tr098-gateway.model", n);
    return rc;
}
