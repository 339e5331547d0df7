/*
 * store_commit.c - benchmark of the LMDB store under Inform-like write
 * bursts: each simulated Inform updates one device record, caches 20
 * parameters and pushes one outbox entry. Compares a commit per Inform
 * with group commit of 100 Informs per commit (one loop turn), under each
 * sync policy, in a scratch directory on the disk of the current directory
 * (or the one given as argument).
 *
 *   bench/store_commit [DIR] [SECONDS_PER_CASE]
 *
 * Prints Informs/s per case. Results are recorded in docs/PERFORMANCE.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proxy/device.h"
#include "proxy/outbox.h"
#include "proxy/params.h"
#include "proxy/store.h"

#define N_DEVICES 10000
#define N_PARAMS  20

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int one_inform(struct px_store *s, unsigned i, int64_t t)
{
    char serial[16], key[PX_DEVICE_KEY_MAX + 1], eid[PX_ENDPOINT_ID_MAX + 1];
    char paths[N_PARAMS][64], values[N_PARAMS][16];
    struct px_param p[N_PARAMS];
    struct px_device d = {0};
    struct px_outbox_entry o = {0};
    static char *events[] = {"2 PERIODIC"};
    static const uint8_t record[300];

    snprintf(serial, sizeof(serial), "SN%08u", i % N_DEVICES);
    if (px_device_key("00256D", "IGD", serial, key, sizeof(key), NULL, 0) != 0 ||
        px_device_endpoint_id(PX_DEVICE_EID_OS, "00256D", "IGD", serial, eid, sizeof(eid), NULL,
                              0) != 0)
        return -1;
    d.manufacturer = "Acme";
    d.oui = "00256D";
    d.product_class = "IGD";
    d.serial_number = serial;
    d.endpoint_id = eid;
    d.cr_url = "http://192.0.2.1:7547/connreq";
    d.cr_username = "cr";
    d.cr_password = "secret";
    d.first_seen = t;
    d.last_inform = t;
    d.events = events;
    d.n_events = 1;
    d.cwmp_major = 1;
    d.cwmp_minor = 4;
    if (px_device_put(s, &d) != 0)
        return -1;
    for (int k = 0; k < N_PARAMS; k++) {
        snprintf(paths[k], sizeof(paths[k]), "Device.Bench.Object.%d.Parameter", k + 1);
        snprintf(values[k], sizeof(values[k]), "%u", i + (unsigned)k);
        p[k].path = paths[k];
        p[k].type = CWMP_TYPE_UNSIGNED_INT;
        p[k].value = values[k];
        p[k].value_len = strlen(values[k]);
        p[k].updated = t;
    }
    if (px_params_put_many(s, key, p, N_PARAMS) != 0)
        return -1;
    o.agent = eid;
    o.controller = "proto::controller";
    o.topic = "usp/controller";
    o.record = (uint8_t *)record;
    o.record_len = sizeof(record);
    o.next_attempt = t + 30;
    return px_outbox_push(s, &o, NULL);
}

static int run_case(const char *dir, enum px_store_sync sync, unsigned batch, double seconds,
                    double *rate)
{
    char path[560], err[256];
    struct px_store_options opt = {0};
    struct px_store *s;
    unsigned n = 0;
    double t0, t;
    int64_t wall = (int64_t)time(NULL);

    if (snprintf(path, sizeof(path), "%s/store-%d-%u", dir, (int)sync, batch) >=
        (int)sizeof(path)) {
        fprintf(stderr, "store_commit: directory name too long\n");
        return -1;
    }
    opt.path = path;
    opt.sync = sync;
    opt.sync_interval_ms = 1000;
    opt.map_size = (size_t)4 << 30;
    if (px_store_open(NULL, &opt, &s, err, sizeof(err)) != 0) {
        fprintf(stderr, "store_commit: %s\n", err);
        return -1;
    }
    t0 = now_s();
    do {
        for (unsigned b = 0; b < batch; b++, n++)
            if (one_inform(s, n, wall) != 0) {
                fprintf(stderr, "store_commit: %s\n", px_store_errmsg(s));
                px_store_close(s);
                return -1;
            }
        if (px_store_commit(s) != 0) { /* the end of a loop turn */
            fprintf(stderr, "store_commit: %s\n", px_store_errmsg(s));
            px_store_close(s);
            return -1;
        }
        t = now_s();
    } while (t - t0 < seconds);
    *rate = n / (t - t0);
    px_store_close(s);
    for (int f = 0; f < 2; f++) {
        char file[600];
        snprintf(file, sizeof(file), "%s/%s", path, f ? "lock.mdb" : "data.mdb");
        unlink(file);
    }
    rmdir(path);
    return 0;
}

int main(int argc, char **argv)
{
    static const char *const names[] = {"always", "interval", "never"};
    const unsigned batches[] = {1, 100};
    char tmpl[512];
    double seconds = argc > 2 ? atof(argv[2]) : 5.0, rate;

    snprintf(tmpl, sizeof(tmpl), "%s/px-store-bench-XXXXXX", argc > 1 ? argv[1] : ".");
    if (mkdtemp(tmpl) == NULL) {
        perror("store_commit: mkdtemp");
        return 1;
    }
    printf("%-9s %-22s %12s\n", "sync", "commit", "Informs/s");
    for (int sync = PX_STORE_SYNC_ALWAYS; sync <= PX_STORE_SYNC_NEVER; sync++)
        for (size_t b = 0; b < 2; b++) {
            if (run_case(tmpl, (enum px_store_sync)sync, batches[b], seconds, &rate) != 0) {
                rmdir(tmpl);
                return 1;
            }
            printf("%-9s %-22s %12.0f\n", names[sync],
                   batches[b] == 1 ? "per Inform" : "group of 100 per turn", rate);
            fflush(stdout);
        }
    rmdir(tmpl);
    return 0;
}
