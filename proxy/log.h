/*
 * log.h - logging of cwmp2uspd: levels, stderr or syslog.
 *
 * A message that concerns a device names it by its DeviceId, so an
 * operator can grep one CPE's story out of a busy log.
 */
#ifndef PROXY_LOG_H
#define PROXY_LOG_H

#include <stdarg.h>

#include "proxy/config.h"

/* Sets the level and target; ident is the syslog identity. */
void px_log_open(enum px_log_level level, enum px_log_target target, const char *ident);
void px_log_close(void);

/* Whether a message of this level would be written (skip costly formatting). */
int px_log_enabled(enum px_log_level level);

__attribute__((format(printf, 2, 3))) void px_log(enum px_log_level level, const char *fmt, ...);
__attribute__((format(printf, 2, 0))) void px_vlog(enum px_log_level level, const char *fmt,
                                                 va_list ap);

/* Counts of messages written per level, for metrics and tests. */
unsigned long px_log_count(enum px_log_level level);

#define px_err(...)    px_log(PX_LOG_ERROR, __VA_ARGS__)
#define px_warn(...)   px_log(PX_LOG_WARNING, __VA_ARGS__)
#define px_notice(...) px_log(PX_LOG_NOTICE, __VA_ARGS__)
#define px_info(...)   px_log(PX_LOG_INFO, __VA_ARGS__)
#define px_debug(...)                                                                              \
    do {                                                                                           \
        if (px_log_enabled(PX_LOG_DEBUG))                                                          \
            px_log(PX_LOG_DEBUG, __VA_ARGS__);                                                     \
    } while (0)

#endif /* PROXY_LOG_H */
