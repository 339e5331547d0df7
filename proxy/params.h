/*
 * params.h - the parameter cache: the last known value of each CWMP
 * parameter of each device, with the time it was learned.
 *
 * Key: device key, NUL, parameter path ("Device.WiFi.SSID.1.SSID"), so a
 * partial path ("Device.WiFi.") is a prefix range of the device's keys.
 * Value (version 1): u8 version, u8 type (enum cwmp_type), i64 BE update
 * time (unix seconds), then the value bytes as the CPE sent them.
 */
#ifndef PROXY_PARAMS_H
#define PROXY_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "cwmp/cwmp.h"
#include "proxy/store.h"

#define PX_PARAM_PATH_MAX 256 /* TR-069 A.3.2.1: ParameterName string(256) */
/* The last enum cwmp_type value. Type codes are stored on disk: cwmp.h may
 * append types (raise this), never renumber them (that needs a new
 * PX_STORE_SCHEMA_VERSION). */
#define PX_PARAM_TYPE_LAST CWMP_TYPE_HEXBINARY
#define PX_PARAM_VALUE_MAX (1024 * 1024) /* refuse to cache larger values */

struct px_param {
    const char *path;
    enum cwmp_type type;
    const char *value; /* value_len bytes, need not be NUL-terminated */
    size_t value_len;
    int64_t updated; /* unix seconds */
};

/* Stores one parameter (replacing the cached one). */
int px_params_put(struct px_store *s, const char *dev_key, const struct px_param *p);

/* Stores n parameters (an Inform's or a GetParameterValuesResponse's). */
int px_params_put_many(struct px_store *s, const char *dev_key, const struct px_param *p, size_t n);

/*
 * Reads one parameter. On 0, out->path is the given path, and out->value
 * a malloc'd NUL-terminated copy the caller frees. PX_STORE_NOT_FOUND when
 * not cached.
 */
int px_params_get(struct px_store *s, const char *dev_key, const char *path, struct px_param *out);

/*
 * Calls fn for each cached parameter of the device whose path starts with
 * prefix ("" for all), in path order. The px_param is valid during the call
 * only; fn returns nonzero to stop and must not write to the store.
 */
typedef int (*px_params_fn)(void *arg, const struct px_param *p);
int px_params_foreach(struct px_store *s, const char *dev_key, const char *prefix, px_params_fn fn,
                      void *arg);

/* Deletes the cached parameters under prefix ("" for all of the device);
 * *n_deleted may be NULL. */
int px_params_delete_prefix(struct px_store *s, const char *dev_key, const char *prefix,
                            size_t *n_deleted);

/* Age in seconds of a cached parameter at time now (never negative). */
int px_params_age(struct px_store *s, const char *dev_key, const char *path, int64_t now,
                  int64_t *age);

/* Value codec, exposed for the fuzz target. The decoded value points into
 * buf. */
int px_params_decode_value(const void *buf, size_t len, struct px_param *out, char *why,
                           size_t why_len);

#endif /* PROXY_PARAMS_H */
