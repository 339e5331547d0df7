/*
 * mqtt_retry.c - the connect retry wait of the USP MQTT MTP (TR-369
 * R-MQTT.10 and R-MQTT.33, using the TR-181 Device.MQTT.Client.{i}.
 * ConnectRetryTime, ConnectRetryIntervalMultiplier and
 * ConnectRetryMaxInterval parameters).
 *
 * TR-181: the first wait is a random value between ConnectRetryTime and
 * ConnectRetryTime * ConnectRetryIntervalMultiplier / 1000; the following
 * ones grow by the same factor (the TR-069 3.2.1.1 pattern), so retry n
 * waits in [m*k^(n-1), m*k^n] with k = multiplier/1000, and neither end
 * exceeds ConnectRetryMaxInterval.
 */
#include "usp/mqtt.h"

/* x * k / 1000 without overflow, capped at max. */
static uint64_t grow(uint64_t x, unsigned multiplier, uint64_t max)
{
    if (x >= max)
        return max;
    if (multiplier != 0 && x > UINT64_MAX / multiplier)
        return max;
    x = x * multiplier / 1000;
    return x > max ? max : x;
}

void usp_mqtt_retry_range(uint64_t retry_ms, unsigned multiplier, uint64_t max_ms, unsigned n,
                          uint64_t *lo, uint64_t *hi)
{
    uint64_t x = retry_ms > max_ms ? max_ms : retry_ms;

    if (multiplier < 1000)
        multiplier = 1000; /* TR-181 range 1000..65535 */
    for (unsigned i = 1; i < n && x < max_ms; i++)
        x = grow(x, multiplier, max_ms);
    *lo = x;
    *hi = grow(x, multiplier, max_ms);
}

uint64_t usp_mqtt_retry_wait(uint64_t retry_ms, unsigned multiplier, uint64_t max_ms, unsigned n,
                             uint32_t r)
{
    uint64_t lo, hi;

    usp_mqtt_retry_range(retry_ms, multiplier, max_ms, n, &lo, &hi);
    if (hi <= lo)
        return lo;
    return lo + (uint64_t)r % (hi - lo + 1);
}
