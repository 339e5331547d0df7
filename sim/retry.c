/*
 * retry.c - the CPE's session retry wait (TR-069 3.2.1.1, Table 3): after
 * the n-th failed attempt in a row the CPE waits a random time in
 * [m * (k/1000)^(n-1), m * (k/1000)^n) seconds, m =
 * CWMPRetryMinimumWaitInterval (default 5), k = CWMPRetryIntervalMultiplier
 * (default 2000), n capped at 10: 5-10 s, 10-20 s, ... 2560-5120 s.
 */
#include <math.h>

#include "sim/sim.h"

double sim_retry_wait(double m, double k, unsigned n, double r)
{
    double lo;

    if (m <= 0)
        m = 5;
    if (k < 1000)
        k = 2000;
    if (n < 1)
        n = 1;
    if (n > 10)
        n = 10;
    lo = m * pow(k / 1000.0, (double)n - 1);
    return lo + r * (lo * k / 1000.0 - lo);
}
