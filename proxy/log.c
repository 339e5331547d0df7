/*
 * log.c - logging of cwmp2uspd to stderr (with a UTC timestamp and level)
 * or to syslog (facility daemon).
 */
#include "proxy/log.h"

#include <stdio.h>
#include <syslog.h>
#include <time.h>

static enum px_log_level log_level = PX_LOG_INFO;
static enum px_log_target log_target = PX_LOG_STDERR;
static unsigned long log_counts[PX_LOG_DEBUG + 1];

static const char *const level_names[] = {"error", "warning", "notice", "info", "debug"};
static const int syslog_priorities[] = {LOG_ERR, LOG_WARNING, LOG_NOTICE, LOG_INFO, LOG_DEBUG};

void px_log_open(enum px_log_level level, enum px_log_target target, const char *ident)
{
    log_level = level;
    log_target = target;
    if (target == PX_LOG_SYSLOG)
        openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void px_log_close(void)
{
    if (log_target == PX_LOG_SYSLOG)
        closelog();
    log_target = PX_LOG_STDERR;
}

int px_log_enabled(enum px_log_level level)
{
    return level <= log_level;
}

void px_vlog(enum px_log_level level, const char *fmt, va_list ap)
{
    if (level < PX_LOG_ERROR || level > PX_LOG_DEBUG || !px_log_enabled(level))
        return;
    log_counts[level]++;
    if (log_target == PX_LOG_SYSLOG) {
        vsyslog(syslog_priorities[level], fmt, ap);
        return;
    }
    {
        struct timespec ts;
        struct tm tm;
        char stamp[32];
        clock_gettime(CLOCK_REALTIME, &ts);
        gmtime_r(&ts.tv_sec, &tm);
        strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
        fprintf(stderr, "%s.%03ldZ %s: ", stamp, ts.tv_nsec / 1000000, level_names[level]);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
    }
}

void px_log(enum px_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    px_vlog(level, fmt, ap);
    va_end(ap);
}

unsigned long px_log_count(enum px_log_level level)
{
    if (level < PX_LOG_ERROR || level > PX_LOG_DEBUG)
        return 0;
    return log_counts[level];
}
