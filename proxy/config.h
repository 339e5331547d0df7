/*
 * config.h - configuration of cwmp2uspd (cwmp2uspd.conf, an INI file).
 *
 * Every key is described once, in the key table of config.c, with its
 * type, bounds and default; docs/cwmp2uspd.conf.5 documents the same keys
 * and a test checks that the two agree.
 */
#ifndef PROXY_CONFIG_H
#define PROXY_CONFIG_H

#include <stddef.h>
#include <stdio.h>

enum px_log_level { PX_LOG_ERROR, PX_LOG_WARNING, PX_LOG_NOTICE, PX_LOG_INFO, PX_LOG_DEBUG };
enum px_log_target { PX_LOG_STDERR, PX_LOG_SYSLOG };
enum px_sync_policy { PX_SYNC_ALWAYS, PX_SYNC_INTERVAL, PX_SYNC_NEVER };
enum px_acs_auth { PX_AUTH_DIGEST, PX_AUTH_BASIC, PX_AUTH_NONE };
enum px_tls_verify { PX_TLS_VERIFY_NONE, PX_TLS_VERIFY_OPTIONAL, PX_TLS_VERIFY_REQUIRE };
enum px_endpoint_scheme { PX_EID_OS, PX_EID_OPS };
enum px_mqtt_version { PX_MQTT_V5, PX_MQTT_V311 };
enum px_mqtt_mode { PX_MQTT_SHARED, PX_MQTT_PER_AGENT };

/* A USP controller allowed to manage the proxied agents ([controller NAME]). */
struct px_controller {
    char *name;        /* the NAME of the section */
    char *endpoint_id; /* its USP Endpoint ID */
    char *topic;       /* where replies go when a request names no reply topic */
};

struct px_config {
    /* [daemon] */
    char *state_dir;
    char *admin_socket;
    char *pid_file;
    int log_level;  /* enum px_log_level */
    int log_target; /* enum px_log_target */

    /* [store] */
    int map_size_mb;
    int sync;             /* enum px_sync_policy */
    int sync_interval_ms;

    /* [acs] */
    char *acs_listen; /* host:port, [v6]:port */
    char *acs_path;
    int acs_reuse_port;
    int acs_auth; /* enum px_acs_auth */
    char *acs_realm;
    char *acs_username;
    char *acs_password;
    char *acs_tls_cert;
    char *acs_tls_key;
    char *acs_tls_ca;
    int acs_tls_verify_client; /* enum px_tls_verify */
    int acs_max_body_kb;
    int acs_max_sessions;
    int acs_session_timeout;
    int acs_hold_ms; /* idle session held open at the ACS's turn */
    char *cr_username;
    char *cr_password;
    int cr_timeout;
    int cr_concurrency;
    int cpe_wait_timeout;

    /* [usp] */
    int endpoint_scheme; /* enum px_endpoint_scheme */
    char *agent_topic;
    int cache_max_age;
    int notify_retry_min;
    int notify_retry_multiplier;
    int onboard_request; /* OnBoardRequest at first contact / 0 BOOTSTRAP */

    /* [mqtt] */
    char *mqtt_host;
    int mqtt_port;
    int mqtt_version; /* enum px_mqtt_version */
    int mqtt_mode;    /* enum px_mqtt_mode */
    char *mqtt_client_id;
    char *mqtt_username;
    char *mqtt_password;
    int mqtt_tls;
    char *mqtt_tls_ca;
    char *mqtt_tls_cert;
    char *mqtt_tls_key;
    int mqtt_qos;
    int mqtt_keepalive;
    int mqtt_retry_time;
    int mqtt_retry_multiplier;
    int mqtt_retry_max_interval;

    /* [controller NAME] sections */
    struct px_controller *controllers;
    size_t n_controllers;
};

/* Fills cfg with the built-in defaults (good for ./quickstart demo). */
int px_config_defaults(struct px_config *cfg);

/*
 * Reads the file at path over the values already in cfg. On error returns
 * -1 and writes "path:line: what is wrong" into err.
 */
int px_config_load(struct px_config *cfg, const char *path, char *err, size_t errlen);

/* The same, from a string (name is used in messages). */
int px_config_load_string(struct px_config *cfg, const char *text, const char *name, char *err,
                          size_t errlen);

/* Checks cross-key rules (e.g. TLS key without certificate). */
int px_config_validate(const struct px_config *cfg, char *err, size_t errlen);

/* Writes the effective configuration as an INI file (passwords masked). */
void px_config_print(const struct px_config *cfg, FILE *out);

void px_config_free(struct px_config *cfg);

/* The value of [section] name in cfg as text (as the file would hold it;
 * passwords not masked). -1 for an unknown key or a controller key. */
int px_config_format_value(const struct px_config *cfg, const char *section, const char *name,
                           char *buf, size_t len);

/*
 * Which keys differ between a and b: writes "section.key, ..." into out
 * (cut at outlen; may be NULL when outlen is 0) and returns their number.
 * The [controller NAME] sections count as one key, "controllers". Names in
 * ignore (NULL-terminated, may be NULL) are skipped.
 */
size_t px_config_diff(const struct px_config *a, const struct px_config *b,
                      const char *const *ignore, char *out, size_t outlen);

/* The documented keys, for the man page test: "section.key" and default. */
size_t px_config_key_count(void);
int px_config_key_at(size_t i, const char **section, const char **name, const char **def);

#endif /* PROXY_CONFIG_H */
