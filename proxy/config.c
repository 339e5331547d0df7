/*
 * config.c - cwmp2uspd.conf: the key table, defaults, loading (inih) and
 * printing.
 *
 * The table below is the single description of every key: its section,
 * type, bounds and default. Defaults are applied by parsing the default
 * text through the same code as the file, so they cannot drift apart.
 */
#include "proxy/config.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum key_type { K_STRING, K_INT, K_BOOL, K_ENUM };

struct key {
    const char *section;
    const char *name;
    enum key_type type;
    size_t offset;
    const char *def;
    long min, max;              /* K_INT bounds */
    const char *const *choices; /* K_ENUM: the value is the index */
    int secret;                 /* masked when printed */
};

static const char *const log_levels[] = {"error", "warning", "notice", "info", "debug", NULL};
static const char *const log_targets[] = {"stderr", "syslog", NULL};
static const char *const sync_policies[] = {"always", "interval", "never", NULL};
static const char *const auth_kinds[] = {"digest", "basic", "none", NULL};
static const char *const verify_kinds[] = {"none", "optional", "require", NULL};
static const char *const eid_schemes[] = {"os", "ops", NULL};
static const char *const mqtt_versions[] = {"5", "3.1.1", NULL};
static const char *const mqtt_modes[] = {"shared", "per-agent", NULL};

#define OFF(field) offsetof(struct px_config, field)
#define STR(s, n, f, d) {s, n, K_STRING, OFF(f), d, 0, 0, NULL, 0}
#define SECRET(s, n, f, d) {s, n, K_STRING, OFF(f), d, 0, 0, NULL, 1}
#define INT(s, n, f, d, lo, hi) {s, n, K_INT, OFF(f), d, lo, hi, NULL, 0}
#define BOOL(s, n, f, d) {s, n, K_BOOL, OFF(f), d, 0, 1, NULL, 0}
#define ENUM(s, n, f, d, c) {s, n, K_ENUM, OFF(f), d, 0, 0, c, 0}

static const struct key keys[] = {
    STR("daemon", "state_dir", state_dir, "cwmp2usp-state"),
    STR("daemon", "admin_socket", admin_socket, ""),
    STR("daemon", "pid_file", pid_file, ""),
    ENUM("daemon", "log_level", log_level, "info", log_levels),
    ENUM("daemon", "log_target", log_target, "stderr", log_targets),

    INT("store", "map_size_mb", map_size_mb, "4096", 1, 1048576),
    ENUM("store", "sync", sync, "interval", sync_policies),
    INT("store", "sync_interval_ms", sync_interval_ms, "1000", 1, 3600000),

    STR("acs", "listen", acs_listen, "127.0.0.1:7547"),
    STR("acs", "path", acs_path, ""),
    BOOL("acs", "reuse_port", acs_reuse_port, "false"),
    ENUM("acs", "auth", acs_auth, "digest", auth_kinds),
    STR("acs", "realm", acs_realm, "cwmp2usp"),
    STR("acs", "username", acs_username, "cpe"),
    SECRET("acs", "password", acs_password, "cpe"),
    STR("acs", "tls_cert", acs_tls_cert, ""),
    STR("acs", "tls_key", acs_tls_key, ""),
    STR("acs", "tls_ca", acs_tls_ca, ""),
    ENUM("acs", "tls_verify_client", acs_tls_verify_client, "none", verify_kinds),
    INT("acs", "max_body_kb", acs_max_body_kb, "1024", 4, 65536),
    INT("acs", "max_sessions", acs_max_sessions, "10000", 1, 1000000),
    INT("acs", "session_timeout", acs_session_timeout, "30", 1, 3600),
    INT("acs", "hold_ms", acs_hold_ms, "0", 0, 10000),
    STR("acs", "connection_request_username", cr_username, ""),
    SECRET("acs", "connection_request_password", cr_password, ""),
    INT("acs", "connection_request_timeout", cr_timeout, "10", 1, 600),
    INT("acs", "connection_request_concurrency", cr_concurrency, "100", 1, 100000),
    INT("acs", "cpe_wait_timeout", cpe_wait_timeout, "120", 1, 604800),

    ENUM("usp", "endpoint_scheme", endpoint_scheme, "os", eid_schemes),
    STR("usp", "agent_topic", agent_topic, "usp/agent/{endpoint_id}"),
    INT("usp", "cache_max_age", cache_max_age, "30", 0, 86400),
    INT("usp", "notify_retry_min", notify_retry_min, "5", 1, 65535),
    INT("usp", "notify_retry_multiplier", notify_retry_multiplier, "2000", 1000, 65535),
    BOOL("usp", "onboard_request", onboard_request, "true"),

    STR("mqtt", "host", mqtt_host, "127.0.0.1"),
    INT("mqtt", "port", mqtt_port, "1883", 1, 65535),
    ENUM("mqtt", "version", mqtt_version, "5", mqtt_versions),
    ENUM("mqtt", "mode", mqtt_mode, "shared", mqtt_modes),
    STR("mqtt", "client_id", mqtt_client_id, ""),
    STR("mqtt", "username", mqtt_username, ""),
    SECRET("mqtt", "password", mqtt_password, ""),
    BOOL("mqtt", "tls", mqtt_tls, "false"),
    STR("mqtt", "tls_ca", mqtt_tls_ca, ""),
    STR("mqtt", "tls_cert", mqtt_tls_cert, ""),
    STR("mqtt", "tls_key", mqtt_tls_key, ""),
    INT("mqtt", "qos", mqtt_qos, "1", 0, 1),
    INT("mqtt", "keepalive", mqtt_keepalive, "60", 5, 65535),
    INT("mqtt", "connect_retry_time", mqtt_retry_time, "5", 1, 65535),
    INT("mqtt", "connect_retry_multiplier", mqtt_retry_multiplier, "2000", 1000, 65535),
    INT("mqtt", "connect_retry_max_interval", mqtt_retry_max_interval, "30720", 1, 4294967),

    /* [controller NAME]: offsets are into struct px_controller. */
    {"controller", "endpoint_id", K_STRING, offsetof(struct px_controller, endpoint_id),
     "proto::cwmp2usp-controller", 0, 0, NULL, 0},
    {"controller", "topic", K_STRING, offsetof(struct px_controller, topic), "usp/controller", 0,
     0, NULL, 0},
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))
#define CONTROLLER_PREFIX "controller "

/* State of one load: where messages go, and whether the file named controllers. */
struct loader {
    struct px_config *cfg;
    char msg[256];
    int msg_line; /* the line msg is about */
    int line;     /* lines handed to inih so far */
    int long_line; /* a line too long for inih stopped the parse */
    int file_has_controllers;
    FILE *file;       /* the source: a file ... */
    const char *text; /* ... or a string */
};

__attribute__((format(printf, 2, 3))) static void set_msg(struct loader *ld, const char *fmt,
                                                          ...)
{
    va_list ap;
    if (ld->msg[0])
        return; /* keep the first error */
    ld->msg_line = ld->line;
    va_start(ap, fmt);
    vsnprintf(ld->msg, sizeof(ld->msg), fmt, ap);
    va_end(ap);
}

static int parse_int(const struct key *k, const char *value, long *out, struct loader *ld)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(value, &end, 10);
    if (errno || end == value || *end != '\0') {
        set_msg(ld, "%s: \"%s\" is not a whole number", k->name, value);
        return -1;
    }
    if (v < k->min || v > k->max) {
        set_msg(ld, "%s: %ld is out of range %ld..%ld", k->name, v, k->min, k->max);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_bool(const struct key *k, const char *value, int *out, struct loader *ld)
{
    if (!strcasecmp(value, "true") || !strcasecmp(value, "yes") || !strcmp(value, "1")) {
        *out = 1;
        return 0;
    }
    if (!strcasecmp(value, "false") || !strcasecmp(value, "no") || !strcmp(value, "0")) {
        *out = 0;
        return 0;
    }
    set_msg(ld, "%s: \"%s\" is not a boolean (true or false)", k->name, value);
    return -1;
}

static int parse_enum(const struct key *k, const char *value, int *out, struct loader *ld)
{
    char choices[160] = "";
    for (int i = 0; k->choices[i]; i++) {
        if (!strcmp(k->choices[i], value)) {
            *out = i;
            return 0;
        }
        strncat(choices, i ? ", " : "", sizeof(choices) - strlen(choices) - 1);
        strncat(choices, k->choices[i], sizeof(choices) - strlen(choices) - 1);
    }
    set_msg(ld, "%s: \"%s\" is not one of %s", k->name, value, choices);
    return -1;
}

/* Stores value into the field of k inside base (a px_config or px_controller). */
static int set_key(const struct key *k, void *base, const char *value, struct loader *ld)
{
    char *field = (char *)base + k->offset;
    long v;
    int b;

    switch (k->type) {
    case K_STRING: {
        char *copy = strdup(value);
        if (copy == NULL) {
            set_msg(ld, "out of memory");
            return -1;
        }
        free(*(char **)field);
        *(char **)field = copy;
        return 0;
    }
    case K_INT:
        if (parse_int(k, value, &v, ld))
            return -1;
        *(int *)field = (int)v;
        return 0;
    case K_BOOL:
        if (parse_bool(k, value, &b, ld))
            return -1;
        *(int *)field = b;
        return 0;
    case K_ENUM:
        if (parse_enum(k, value, &b, ld))
            return -1;
        *(int *)field = b;
        return 0;
    }
    return -1;
}

static const struct key *find_key(const char *section, const char *name)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (!strcmp(keys[i].section, section) && !strcmp(keys[i].name, name))
            return &keys[i];
    return NULL;
}

static void free_controllers(struct px_config *cfg)
{
    for (size_t i = 0; i < cfg->n_controllers; i++) {
        free(cfg->controllers[i].name);
        free(cfg->controllers[i].endpoint_id);
        free(cfg->controllers[i].topic);
    }
    free(cfg->controllers);
    cfg->controllers = NULL;
    cfg->n_controllers = 0;
}

/* Finds or appends the controller called name, filled with defaults. */
static struct px_controller *controller_named(struct px_config *cfg, const char *name,
                                              struct loader *ld)
{
    struct px_controller *c;

    for (size_t i = 0; i < cfg->n_controllers; i++)
        if (!strcmp(cfg->controllers[i].name, name))
            return &cfg->controllers[i];
    c = realloc(cfg->controllers, (cfg->n_controllers + 1) * sizeof(*c));
    if (c == NULL)
        return NULL;
    cfg->controllers = c;
    c = &cfg->controllers[cfg->n_controllers++];
    memset(c, 0, sizeof(*c));
    c->name = strdup(name);
    for (size_t i = 0; i < N_KEYS; i++)
        if (!strcmp(keys[i].section, "controller") && set_key(&keys[i], c, keys[i].def, ld))
            return NULL;
    return c->name ? c : NULL;
}

static int handle_controller(struct loader *ld, const char *name, const char *key,
                             const char *value)
{
    const struct key *k = find_key("controller", key);
    struct px_controller *c;

    if (*name == '\0') {
        set_msg(ld, "[controller] needs a name: [controller NAME]");
        return 0;
    }
    if (k == NULL) {
        set_msg(ld, "unknown key \"%s\" in [controller %s]", key, name);
        return 0;
    }
    if (!ld->file_has_controllers) {
        /* The file's controllers replace the built-in default one. */
        free_controllers(ld->cfg);
        ld->file_has_controllers = 1;
    }
    c = controller_named(ld->cfg, name, ld);
    if (c == NULL) {
        set_msg(ld, "out of memory");
        return 0;
    }
    return set_key(k, c, value, ld) == 0;
}

static int known_section(const char *section)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (!strcmp(keys[i].section, section))
            return 1;
    return 0;
}

/* inih callback: returns 0 on error, which makes ini_parse report the line. */
static int handle(void *user, const char *section, const char *key, const char *value)
{
    struct loader *ld = user;
    const struct key *k;

    if (ld->msg[0])
        return 0;
    if (!strcmp(section, "controller"))
        return handle_controller(ld, "", key, value);
    if (!strncmp(section, CONTROLLER_PREFIX, strlen(CONTROLLER_PREFIX)))
        return handle_controller(ld, section + strlen(CONTROLLER_PREFIX), key, value);
    k = find_key(section, key);
    if (k == NULL) {
        if (*section == '\0')
            set_msg(ld, "key \"%s\" outside of any [section]", key);
        else if (!known_section(section))
            set_msg(ld, "unknown section [%s]", section);
        else
            set_msg(ld, "unknown key \"%s\" in [%s]", key, section);
        return 0;
    }
    return set_key(k, ld->cfg, value, ld) == 0;
}

int px_config_defaults(struct px_config *cfg)
{
    struct loader ld = {.cfg = cfg};

    memset(cfg, 0, sizeof(*cfg));
    for (size_t i = 0; i < N_KEYS; i++)
        if (strcmp(keys[i].section, "controller") && set_key(&keys[i], cfg, keys[i].def, &ld))
            return -1;
    return controller_named(cfg, "default", &ld) ? 0 : -1;
}

/*
 * inih reader: one line per call, counted, so that an error our handler
 * found can be told apart from a syntax error inih found on an earlier line.
 */
static char *read_line(char *buf, int size, void *stream)
{
    struct loader *ld = stream;
    char *line;

    if (ld->file) {
        line = fgets(buf, size, ld->file);
    } else {
        size_t n = 0;
        if (*ld->text == '\0')
            return NULL;
        while (ld->text[n] && ld->text[n] != '\n' && n + 1 < (size_t)size)
            n++;
        if (ld->text[n] == '\n' && n + 1 < (size_t)size)
            n++;
        memcpy(buf, ld->text, n);
        buf[n] = '\0';
        ld->text += n;
        line = buf;
    }
    if (line == NULL)
        return NULL;
    ld->line++;
    if (strlen(line) + 1 == (size_t)size && line[size - 2] != '\n' && !ld->long_line) {
        ld->long_line = ld->line;
        snprintf(ld->msg, sizeof(ld->msg), "line longer than %d characters", size - 2);
        return NULL;
    }
    return line;
}

/* Runs inih and turns its result into "name:line: message". */
static int run_parser(struct loader *ld, const char *name, char *err, size_t errlen)
{
    int rc = ini_parse_stream(read_line, ld, handle, ld);

    if (ld->long_line && (rc == 0 || rc > ld->long_line)) {
        rc = ld->long_line;
        ld->msg_line = rc;
    }
    if (rc == 0)
        return 0;
    if (rc == -2)
        snprintf(err, errlen, "%s: out of memory", name);
    else
        snprintf(err, errlen, "%s:%d: %s", name, rc,
                 ld->msg[0] && ld->msg_line == rc ? ld->msg : "syntax error");
    return -1;
}

int px_config_load(struct px_config *cfg, const char *path, char *err, size_t errlen)
{
    struct loader ld = {.cfg = cfg};
    int rc;

    ld.file = fopen(path, "r");
    if (ld.file == NULL) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    rc = run_parser(&ld, path, err, errlen);
    fclose(ld.file);
    return rc;
}

int px_config_load_string(struct px_config *cfg, const char *text, const char *name, char *err,
                          size_t errlen)
{
    struct loader ld = {.cfg = cfg, .text = text};
    return run_parser(&ld, name, err, errlen);
}

static int empty(const char *s)
{
    return s == NULL || *s == '\0';
}

int px_config_validate(const struct px_config *cfg, char *err, size_t errlen)
{
    if (empty(cfg->state_dir)) {
        snprintf(err, errlen, "[daemon] state_dir must not be empty");
        return -1;
    }
    if (empty(cfg->acs_tls_cert) != empty(cfg->acs_tls_key)) {
        snprintf(err, errlen, "[acs] tls_cert and tls_key go together: set both or neither");
        return -1;
    }
    if (cfg->acs_tls_verify_client != PX_TLS_VERIFY_NONE && empty(cfg->acs_tls_ca)) {
        snprintf(err, errlen, "[acs] tls_verify_client needs tls_ca (the CA of CPE certificates)");
        return -1;
    }
    if (cfg->acs_tls_verify_client != PX_TLS_VERIFY_NONE && empty(cfg->acs_tls_cert)) {
        snprintf(err, errlen, "[acs] tls_verify_client needs tls_cert and tls_key");
        return -1;
    }
    if (!empty(cfg->acs_path) && cfg->acs_path[0] != '/') {
        snprintf(err, errlen, "[acs] path must be empty (any path) or start with /");
        return -1;
    }
    if (empty(cfg->mqtt_tls_cert) != empty(cfg->mqtt_tls_key)) {
        snprintf(err, errlen, "[mqtt] tls_cert and tls_key go together: set both or neither");
        return -1;
    }
    if (strstr(cfg->agent_topic, "{endpoint_id}") == NULL) {
        snprintf(err, errlen, "[usp] agent_topic must contain {endpoint_id}");
        return -1;
    }
    if (cfg->n_controllers == 0) {
        snprintf(err, errlen, "no [controller NAME] section: at least one controller is needed");
        return -1;
    }
    for (size_t i = 0; i < cfg->n_controllers; i++) {
        if (empty(cfg->controllers[i].endpoint_id) || empty(cfg->controllers[i].topic)) {
            snprintf(err, errlen, "[controller %s] needs endpoint_id and topic",
                     cfg->controllers[i].name);
            return -1;
        }
    }
    return 0;
}

static void print_key(const struct key *k, const void *base, FILE *out)
{
    const char *field = (const char *)base + k->offset;

    fprintf(out, "%s = ", k->name);
    switch (k->type) {
    case K_STRING:
        fprintf(out, "%s\n", k->secret && !empty(*(char *const *)field) ? "********"
                                                                         : *(char *const *)field);
        break;
    case K_INT:
        fprintf(out, "%d\n", *(const int *)field);
        break;
    case K_BOOL:
        fprintf(out, "%s\n", *(const int *)field ? "true" : "false");
        break;
    case K_ENUM:
        fprintf(out, "%s\n", k->choices[*(const int *)field]);
        break;
    }
}

void px_config_print(const struct px_config *cfg, FILE *out)
{
    const char *section = "";

    for (size_t i = 0; i < N_KEYS; i++) {
        if (!strcmp(keys[i].section, "controller"))
            continue;
        if (strcmp(section, keys[i].section)) {
            section = keys[i].section;
            fprintf(out, "%s[%s]\n", i ? "\n" : "", section);
        }
        print_key(&keys[i], cfg, out);
    }
    for (size_t c = 0; c < cfg->n_controllers; c++) {
        fprintf(out, "\n[controller %s]\n", cfg->controllers[c].name);
        for (size_t i = 0; i < N_KEYS; i++)
            if (!strcmp(keys[i].section, "controller"))
                print_key(&keys[i], &cfg->controllers[c], out);
    }
}

void px_config_free(struct px_config *cfg)
{
    for (size_t i = 0; i < N_KEYS; i++) {
        if (keys[i].type == K_STRING && strcmp(keys[i].section, "controller")) {
            char **field = (char **)((char *)cfg + keys[i].offset);
            free(*field);
            *field = NULL;
        }
    }
    free_controllers(cfg);
}

/* The value of key k in base as text (passwords not masked). */
static void format_value(const struct key *k, const void *base, char *buf, size_t len)
{
    const char *field = (const char *)base + k->offset;
    const char *str;

    switch (k->type) {
    case K_STRING:
        str = *(char *const *)field;
        snprintf(buf, len, "%s", str ? str : "");
        break;
    case K_INT:
        snprintf(buf, len, "%d", *(const int *)field);
        break;
    case K_BOOL:
        snprintf(buf, len, "%s", *(const int *)field ? "true" : "false");
        break;
    case K_ENUM:
        snprintf(buf, len, "%s", k->choices[*(const int *)field]);
        break;
    }
}

int px_config_format_value(const struct px_config *cfg, const char *section, const char *name,
                           char *buf, size_t len)
{
    const struct key *k = find_key(section, name);
    if (!k || !strcmp(section, "controller") || len == 0)
        return -1;
    format_value(k, cfg, buf, len);
    return 0;
}

static int same_string(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

static int same_controllers(const struct px_config *a, const struct px_config *b)
{
    if (a->n_controllers != b->n_controllers)
        return 0;
    for (size_t i = 0; i < a->n_controllers; i++)
        if (!same_string(a->controllers[i].name, b->controllers[i].name) ||
            !same_string(a->controllers[i].endpoint_id, b->controllers[i].endpoint_id) ||
            !same_string(a->controllers[i].topic, b->controllers[i].topic))
            return 0;
    return 1;
}

static int ignored(const char *const *ignore, const char *name)
{
    for (; ignore && *ignore; ignore++)
        if (!strcmp(*ignore, name))
            return 1;
    return 0;
}

size_t px_config_diff(const struct px_config *a, const struct px_config *b,
                      const char *const *ignore, char *out, size_t outlen)
{
    char full[96], va[512], vb[512];
    size_t n = 0;

    if (outlen)
        out[0] = '\0';
    for (size_t i = 0; i < N_KEYS + 1; i++) {
        if (i == N_KEYS) { /* the [controller NAME] sections, as one */
            snprintf(full, sizeof full, "controllers");
            if (same_controllers(a, b))
                continue;
        } else {
            if (!strcmp(keys[i].section, "controller"))
                continue;
            snprintf(full, sizeof full, "%s.%s", keys[i].section, keys[i].name);
            format_value(&keys[i], a, va, sizeof va);
            format_value(&keys[i], b, vb, sizeof vb);
            if (!strcmp(va, vb))
                continue;
        }
        if (ignored(ignore, full))
            continue;
        if (outlen) {
            size_t used = strlen(out);
            snprintf(out + used, outlen - used, "%s%s", n ? ", " : "", full);
        }
        n++;
    }
    return n;
}

size_t px_config_key_count(void)
{
    return N_KEYS;
}

int px_config_key_at(size_t i, const char **section, const char **name, const char **def)
{
    if (i >= N_KEYS)
        return -1;
    *section = keys[i].section;
    *name = keys[i].name;
    *def = keys[i].def;
    return 0;
}
