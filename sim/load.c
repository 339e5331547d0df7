/*
 * load.c - session statistics of cwmp-sim: completed and failed sessions,
 * rate, and session latency percentiles from a log-linear histogram
 * (64 buckets per power of two of microseconds: about 1.5 % resolution,
 * constant memory however long the run).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

#define SUB    64
#define POWERS 40

struct sim_stats {
    uint64_t ok, failed;
    uint64_t last_total;
    double last_elapsed;
    uint64_t max_us;
    uint64_t hist[POWERS * SUB];
};

struct sim_stats *sim_stats_new(void)
{
    return calloc(1, sizeof(struct sim_stats));
}

void sim_stats_free(struct sim_stats *st)
{
    free(st);
}

static size_t bucket_of(uint64_t v)
{
    unsigned p = 0;

    if (v < SUB)
        return (size_t)v;
    while ((v >> p) >= 2 * SUB)
        p++;
    /* v in [SUB << p, 2*SUB << p): bucket (p+1)*SUB + offset */
    size_t b = (size_t)(p + 1) * SUB + (size_t)((v >> p) - SUB);
    return b < POWERS * SUB ? b : POWERS * SUB - 1;
}

static uint64_t bucket_value(size_t b)
{
    if (b < SUB)
        return b;
    unsigned p = (unsigned)(b / SUB) - 1;
    return ((uint64_t)(b % SUB + SUB) << p) + ((1ull << p) >> 1);
}

void sim_stats_session(struct sim_stats *st, int ok, uint64_t latency_us)
{
    if (!ok) {
        st->failed++;
        return;
    }
    st->ok++;
    st->hist[bucket_of(latency_us)]++;
    if (latency_us > st->max_us)
        st->max_us = latency_us;
}

uint64_t sim_stats_sessions(const struct sim_stats *st)
{
    return st->ok + st->failed;
}

static double percentile_ms(const struct sim_stats *st, double q)
{
    uint64_t want, seen = 0;

    if (!st->ok)
        return 0;
    want = (uint64_t)(q * (double)st->ok + 0.999999);
    if (want < 1)
        want = 1;
    for (size_t b = 0; b < POWERS * SUB; b++) {
        seen += st->hist[b];
        if (seen >= want) {
            uint64_t v = bucket_value(b);
            return (double)(v > st->max_us ? st->max_us : v) / 1000.0;
        }
    }
    return (double)st->max_us / 1000.0;
}

void sim_stats_print(struct sim_stats *st, FILE *out, double elapsed_s, int final)
{
    uint64_t total = st->ok + st->failed;
    double dt = elapsed_s - st->last_elapsed;
    double rate;

    if (final) {
        rate = elapsed_s > 0 ? (double)st->ok / elapsed_s : 0;
        fprintf(out,
                "sessions=%" PRIu64 " ok=%" PRIu64 " failed=%" PRIu64
                " duration_s=%.3f rate=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
                total, st->ok, st->failed, elapsed_s, rate, percentile_ms(st, 0.5),
                percentile_ms(st, 0.9), percentile_ms(st, 0.99), (double)st->max_us / 1000.0);
    } else {
        rate = dt > 0 ? (double)(total - st->last_total) / dt : 0;
        fprintf(out,
                "[%.1fs] sessions=%" PRIu64 " ok=%" PRIu64 " failed=%" PRIu64
                " rate=%.1f/s p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
                elapsed_s, total, st->ok, st->failed, rate, percentile_ms(st, 0.5),
                percentile_ms(st, 0.9), percentile_ms(st, 0.99), (double)st->max_us / 1000.0);
    }
    st->last_total = total;
    st->last_elapsed = elapsed_s;
    fflush(out);
}
