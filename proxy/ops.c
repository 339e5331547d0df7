/*
 * ops.c - the asynchronous USP commands a CWMP CPE can carry out (ops.h):
 * a table, so another TR-143 diagnostic or transfer is one more row. Here
 * only pure code: finding a command's row, checking its input arguments
 * (TR-181 syntax), what a DiagnosticsState means, the output arguments of
 * a diagnostic, and the codecs of the ops records and Request objects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/ops.h"

#define OP_VERSION  1
#define REQ_VERSION 1

/* ---------------------------------------------------------------------
 * The table (TR-181 2.15 commands; TR-143 / TR-069 on the CPE side).
 * ------------------------------------------------------------------- */

/* Device.IP.Diagnostics.IPPing(): the TR-143 IPPing object's writable
 * parameters are its input arguments. */
static const struct px_async_arg ipping_in[] = {
    {"Interface", PX_ARG_STRING, 0, 256, NULL, 0, 1},
    {"ProtocolVersion", PX_ARG_ENUM, 0, 0, "Any,IPv4,IPv6", 0, 1},
    {"Host", PX_ARG_STRING, 1, 256, NULL, 1, 1},
    {"NumberOfRepetitions", PX_ARG_UINT, 1, UINT32_MAX, NULL, 0, 1},
    {"Timeout", PX_ARG_UINT, 1, UINT32_MAX, NULL, 0, 1},
    {"DataBlockSize", PX_ARG_UINT, 1, 65535, NULL, 0, 1},
    {"DSCP", PX_ARG_UINT, 0, 63, NULL, 0, 1},
};
static const char *const ipping_out[] = {
    "IPAddressUsed",
    "SuccessCount",
    "FailureCount",
    "AverageResponseTime",
    "MinimumResponseTime",
    "MaximumResponseTime",
    "AverageResponseTimeDetailed",
    "MinimumResponseTimeDetailed",
    "MaximumResponseTimeDetailed",
};

/* Device.DeviceInfo.FirmwareImage.{i}.Download(): a CWMP Download of a
 * "1 Firmware Upgrade Image" (TR-069 A.3.2.8: URL, Username and Password
 * are string(256)). AutoActivate, CheckSumAlgorithm and CheckSum have no
 * CWMP counterpart: checked, then not passed on. */
static const struct px_async_arg download_in[] = {
    {"URL", PX_ARG_STRING, 1, 256, NULL, 1, 0},
    {"AutoActivate", PX_ARG_BOOL, 0, 0, NULL, 0, 0},
    {"Username", PX_ARG_STRING, 0, 256, NULL, 0, 0},
    {"Password", PX_ARG_STRING, 0, 256, NULL, 0, 0},
    {"FileSize", PX_ARG_UINT, 0, UINT32_MAX, NULL, 0, 0},
    {"CheckSumAlgorithm", PX_ARG_ENUM, 0, 0, "SHA-1,SHA-224,SHA-256,SHA-384,SHA-512", 0, 0},
    {"CheckSum", PX_ARG_HEX, 0, 0, NULL, 0, 0},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct px_async_cmd table[] = {
    {"Device.IP.Diagnostics.", "IPPing()", PX_ASYNC_DIAG, "Device.IP.Diagnostics.IPPing.",
     ipping_in, N(ipping_in), ipping_out, N(ipping_out), 600},
    {"Device.DeviceInfo.FirmwareImage.{i}.", "Download()", PX_ASYNC_DOWNLOAD,
     "1 Firmware Upgrade Image", download_in, N(download_in), NULL, 0, 3600},
};

const struct px_async_cmd *px_async_cmd_at(size_t i)
{
    return i < N(table) ? &table[i] : NULL;
}

int px_async_split(const char *command, char *obj, size_t obj_cap, char *name, size_t name_cap)
{
    size_t l = strlen(command), ol;
    const char *dot;

    if (l < 3 || strcmp(command + l - 2, "()") != 0)
        return -1;
    dot = command + l - 2;
    while (dot > command && *dot != '.')
        dot--;
    if (*dot != '.')
        return -1;
    ol = (size_t)(dot - command) + 1;
    if (ol >= obj_cap || l - ol >= name_cap)
        return -1;
    memcpy(obj, command, ol);
    obj[ol] = '\0';
    memcpy(name, command + ol, l - ol + 1);
    return 0;
}

/* Whether obj matches the template tpl ("{i}" = an instance number). */
static int obj_matches(const char *tpl, const char *obj)
{
    while (*tpl) {
        if (strncmp(tpl, "{i}", 3) == 0) {
            if (*obj < '1' || *obj > '9')
                return 0;
            while (*obj >= '0' && *obj <= '9')
                obj++;
            tpl += 3;
        } else if (*tpl++ != *obj++) {
            return 0;
        }
    }
    return *obj == '\0';
}

const struct px_async_cmd *px_async_find(const char *command, char *obj, size_t cap)
{
    char name[64];
    size_t i;

    if (px_async_split(command, obj, cap, name, sizeof name) != 0)
        return NULL;
    for (i = 0; i < N(table); i++)
        if (strcmp(table[i].name, name) == 0 && obj_matches(table[i].obj_path, obj))
            return &table[i];
    return NULL;
}

int px_async_known_name(const char *command)
{
    size_t i, l = strlen(command);
    for (i = 0; i < N(table); i++) {
        size_t nl = strlen(table[i].name);
        if (l >= nl && strcmp(command + l - nl, table[i].name) == 0)
            return 1;
    }
    return 0;
}

const struct px_async_arg *px_async_arg(const struct px_async_cmd *c, const char *name)
{
    size_t i;
    for (i = 0; i < c->n_in; i++)
        if (strcmp(c->in[i].name, name) == 0)
            return &c->in[i];
    return NULL;
}

/* ---------------------------------------------------------------------
 * Input arguments.
 * ------------------------------------------------------------------- */

static int is_uint(const char *v, uint32_t min, uint32_t max)
{
    uint64_t n = 0;
    if (!*v || strlen(v) > 10)
        return 0;
    for (; *v; v++) {
        if (*v < '0' || *v > '9')
            return 0;
        n = n * 10 + (uint64_t)(*v - '0');
    }
    return n >= min && n <= max;
}

static int in_list(const char *list, const char *v)
{
    size_t vl = strlen(v);
    while (*list) {
        const char *e = strchr(list, ',');
        size_t n = e ? (size_t)(e - list) : strlen(list);
        if (n == vl && strncmp(list, v, n) == 0)
            return 1;
        if (!e)
            break;
        list = e + 1;
    }
    return 0;
}

static int is_hex(const char *v)
{
    size_t n = 0;
    for (; v[n]; n++)
        if (!((v[n] >= '0' && v[n] <= '9') || (v[n] >= 'a' && v[n] <= 'f') ||
              (v[n] >= 'A' && v[n] <= 'F')))
            return 0;
    return n % 2 == 0;
}

/* A value of the argument's syntax? Else why says what is expected. */
static int value_ok(const struct px_async_arg *a, const char *v, char *why, size_t why_len)
{
    size_t l = strlen(v);
    switch (a->type) {
    case PX_ARG_STRING:
        if ((a->max && l > a->max) || l < a->min) {
            snprintf(why, why_len, "input argument %s must have %u to %u characters", a->name,
                     (unsigned)a->min, (unsigned)a->max);
            return 0;
        }
        return 1;
    case PX_ARG_UINT:
        if (!is_uint(v, a->min, a->max)) {
            snprintf(why, why_len, "input argument %s: \"%.40s\" is not an unsignedInt in [%u:%u]",
                     a->name, v, (unsigned)a->min, (unsigned)a->max);
            return 0;
        }
        return 1;
    case PX_ARG_BOOL:
        if (strcmp(v, "true") && strcmp(v, "false") && strcmp(v, "1") && strcmp(v, "0")) {
            snprintf(why, why_len, "input argument %s: \"%.40s\" is not a boolean", a->name, v);
            return 0;
        }
        return 1;
    case PX_ARG_ENUM:
        if (!in_list(a->enums, v)) {
            snprintf(why, why_len, "input argument %s: \"%.40s\" is not one of %s", a->name, v,
                     a->enums);
            return 0;
        }
        return 1;
    case PX_ARG_HEX:
        if (!is_hex(v)) {
            snprintf(why, why_len, "input argument %s: \"%.40s\" is not hexBinary", a->name, v);
            return 0;
        }
        return 1;
    }
    return 0;
}

int px_async_check_args(const struct px_async_cmd *c, const struct usp_msg *req, char *why,
                        size_t why_len)
{
    size_t i, j, n = usp_operate_arg_count(req);

    for (i = 0; i < n; i++) {
        const char *name, *value;
        const struct px_async_arg *a;
        if (usp_operate_arg(req, i, &name, &value) != 0)
            continue;
        a = px_async_arg(c, name);
        if (!a) {
            snprintf(why, why_len, "%.100s is not an input argument of %s", name, c->name);
            return USP_ERR_INVALID_COMMAND_ARGS;
        }
        if (!value_ok(a, value, why, why_len))
            return USP_ERR_INVALID_COMMAND_ARGS;
    }
    for (j = 0; j < c->n_in; j++) {
        int found = 0;
        if (!c->in[j].required)
            continue;
        for (i = 0; i < n && !found; i++) {
            const char *name, *value;
            found = usp_operate_arg(req, i, &name, &value) == 0 && strcmp(name, c->in[j].name) == 0;
        }
        if (!found) {
            snprintf(why, why_len, "the input argument %s of %s is required", c->in[j].name,
                     c->name);
            return USP_ERR_INVALID_COMMAND_ARGS;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------------
 * Diagnostics results.
 * ------------------------------------------------------------------- */

enum px_diag_outcome px_async_diag_outcome(const char *state, uint32_t *err)
{
    *err = 0;
    if (!state || !*state || strcmp(state, "Requested") == 0)
        return PX_DIAG_PENDING;
    /* TR-181: the command's Status output is Complete or Error_<reason> */
    if (strcmp(state, "Complete") == 0 || strncmp(state, "Error_", 6) == 0)
        return PX_DIAG_DONE;
    /* None / Canceled: the test was stopped (another write to the object) */
    *err = strcmp(state, "None") == 0 || strcmp(state, "Canceled") == 0 ? USP_ERR_COMMAND_CANCELED
                                                                        : USP_ERR_COMMAND_FAILURE;
    return PX_DIAG_FAILED;
}

int px_async_diag_outputs(const struct px_async_cmd *c, const struct map_values *vals,
                          struct map_values *out)
{
    char name[MAP_NAME_MAX];
    const char *v;
    size_t i;

    snprintf(name, sizeof name, "%sDiagnosticsState", c->cwmp);
    v = map_values_find(vals, name);
    if (map_values_add(out, "Status", v ? v : "") != 0)
        return -1;
    for (i = 0; i < c->n_out; i++) {
        snprintf(name, sizeof name, "%s%s", c->cwmp, c->out[i]);
        v = map_values_find(vals, name);
        if (v && map_values_add(out, c->out[i], v) != 0)
            return -1;
    }
    map_values_sort(out);
    return 0;
}

/* ---------------------------------------------------------------------
 * The ops record.
 * ------------------------------------------------------------------- */

void px_op_clear(struct px_op *o)
{
    free(o->command);
    free(o->command_key);
    free(o->originator);
    free(o->agent);
    memset(o, 0, sizeof *o);
}

static void put_str16(struct px_wbuf *b, const char *s)
{
    size_t l = s ? strlen(s) : 0;
    px_wbuf_u16(b, (uint16_t)l);
    px_wbuf_bytes(b, s ? s : "", l);
}

static int too_long(const char *s)
{
    return s && strlen(s) > PX_OP_STR_MAX;
}

int px_op_encode(const struct px_op *o, uint8_t **buf, size_t *len)
{
    struct px_wbuf b = {0};

    if (too_long(o->command) || too_long(o->command_key) || too_long(o->originator) ||
        too_long(o->agent))
        return -1;
    px_wbuf_u8(&b, OP_VERSION);
    px_wbuf_u8(&b, (uint8_t)o->kind);
    px_wbuf_u32(&b, o->request);
    px_wbuf_u64(&b, (uint64_t)o->started);
    px_wbuf_u64(&b, (uint64_t)o->deadline);
    put_str16(&b, o->command);
    put_str16(&b, o->command_key);
    put_str16(&b, o->originator);
    put_str16(&b, o->agent);
    if (b.oom) {
        px_wbuf_free(&b);
        return -1;
    }
    *buf = b.data;
    *len = b.len;
    return 0;
}

int px_op_decode(const void *buf, size_t len, struct px_op *o, char *why, size_t why_len)
{
    struct px_rbuf r = {buf, len};
    uint8_t v, kind;
    uint64_t started, deadline;

    memset(o, 0, sizeof *o);
    if (px_rbuf_u8(&r, &v) || v != OP_VERSION) {
        snprintf(why, why_len, "ops record: unknown version");
        return -1;
    }
    if (px_rbuf_u8(&r, &kind) || px_rbuf_u32(&r, &o->request) || px_rbuf_u64(&r, &started) ||
        px_rbuf_u64(&r, &deadline) || px_rbuf_str16(&r, PX_OP_STR_MAX, &o->command) ||
        px_rbuf_str16(&r, PX_OP_STR_MAX, &o->command_key) ||
        px_rbuf_str16(&r, PX_OP_STR_MAX, &o->originator) ||
        px_rbuf_str16(&r, PX_OP_STR_MAX, &o->agent)) {
        px_op_clear(o);
        snprintf(why, why_len, "ops record: truncated or a string too long");
        return -1;
    }
    if (kind != PX_ASYNC_DIAG && kind != PX_ASYNC_DOWNLOAD) {
        px_op_clear(o);
        snprintf(why, why_len, "ops record: unknown kind %u", (unsigned)kind);
        return -1;
    }
    o->kind = (enum px_async_kind)kind;
    o->started = (int64_t)started;
    o->deadline = (int64_t)deadline;
    return 0;
}

/* ---------------------------------------------------------------------
 * Request objects.
 * ------------------------------------------------------------------- */

void px_request_clear(struct px_request *r)
{
    free(r->command);
    free(r->command_key);
    free(r->originator);
    free(r->status);
    memset(r, 0, sizeof *r);
}

void px_request_params(const struct px_request *r,
                       void (*fn)(void *arg, const char *name, const char *value), void *arg)
{
    char alias[32];
    snprintf(alias, sizeof alias, "cpe-%u", (unsigned)r->instance); /* TR-181 default Alias */
    fn(arg, "Alias", alias);
    fn(arg, "Command", r->command ? r->command : "");
    fn(arg, "CommandKey", r->command_key ? r->command_key : "");
    fn(arg, "Originator", r->originator ? r->originator : "");
    fn(arg, "Status", r->status ? r->status : "");
}

static void put_pair(void *arg, const char *name, const char *value)
{
    struct px_wbuf *b = arg;
    size_t nl = strlen(name), vl = strlen(value);
    px_wbuf_u16(b, (uint16_t)nl);
    px_wbuf_bytes(b, name, nl);
    px_wbuf_u32(b, (uint32_t)vl);
    px_wbuf_bytes(b, value, vl);
}

int px_request_encode(const struct px_request *r, uint8_t **buf, size_t *len)
{
    struct px_wbuf b = {0};
    if (too_long(r->command) || too_long(r->command_key) || too_long(r->originator) ||
        too_long(r->status))
        return -1;
    px_wbuf_u8(&b, REQ_VERSION);
    px_request_params(r, put_pair, &b);
    if (b.oom) {
        px_wbuf_free(&b);
        return -1;
    }
    *buf = b.data;
    *len = b.len;
    return 0;
}

int px_request_decode(const void *buf, size_t len, uint32_t instance, struct px_request *r,
                      char *why, size_t why_len)
{
    struct px_rbuf rb = {buf, len};
    uint8_t v;

    memset(r, 0, sizeof *r);
    r->instance = instance;
    if (px_rbuf_u8(&rb, &v) || v != REQ_VERSION) {
        snprintf(why, why_len, "Request record: unknown version");
        return -1;
    }
    while (rb.left) {
        uint16_t nl;
        uint32_t vl;
        const uint8_t *np, *vp;
        char **dst = NULL;

        if (px_rbuf_u16(&rb, &nl) || px_rbuf_bytes(&rb, nl, &np) || px_rbuf_u32(&rb, &vl) ||
            vl > PX_OP_STR_MAX || px_rbuf_bytes(&rb, vl, &vp)) {
            px_request_clear(r);
            snprintf(why, why_len, "Request record: truncated pair");
            return -1;
        }
        if (nl == 7 && memcmp(np, "Command", 7) == 0)
            dst = &r->command;
        else if (nl == 10 && memcmp(np, "CommandKey", 10) == 0)
            dst = &r->command_key;
        else if (nl == 10 && memcmp(np, "Originator", 10) == 0)
            dst = &r->originator;
        else if (nl == 6 && memcmp(np, "Status", 6) == 0)
            dst = &r->status;
        if (!dst)
            continue; /* Alias (derived) or a later version's parameter */
        free(*dst);
        *dst = malloc(vl + 1);
        if (!*dst) {
            px_request_clear(r);
            snprintf(why, why_len, "Request record: out of memory");
            return -1;
        }
        memcpy(*dst, vp, vl);
        (*dst)[vl] = '\0';
    }
    return 0;
}
