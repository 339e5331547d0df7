/*
 * opts.c - parsing of cwmp-sim's structured options: device index lists
 * ("0,3,7-9"), injected faults (METHOD:CODE[:RATE]) and quirks
 * (NAME[:INDEXES]).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

static int parse_u32(const char *s, char **end, uint32_t *out)
{
    unsigned long v;

    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoul(s, end, 10);
    if (errno || v > UINT32_MAX)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

int sim_idxset_parse(struct sim_idxset *s, const char *text, char *err, size_t errlen)
{
    const char *p = text;

    while (*p) {
        uint32_t a, b;
        char *end;
        void *grown;

        if (parse_u32(p, &end, &a) != 0)
            goto bad;
        b = a;
        if (*end == '-' && parse_u32(end + 1, &end, &b) != 0)
            goto bad;
        if (b < a || (*end && *end != ','))
            goto bad;
        grown = realloc(s->ranges, (s->n + 1) * sizeof(*s->ranges));
        if (!grown) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        s->ranges = grown;
        s->ranges[s->n][0] = a;
        s->ranges[s->n][1] = b;
        s->n++;
        p = *end ? end + 1 : end;
    }
    return 0;
bad:
    snprintf(err, errlen, "bad device index list '%s' (want e.g. 0,3,7-9)", text);
    return -1;
}

int sim_idxset_has(const struct sim_idxset *s, uint32_t index)
{
    for (size_t i = 0; i < s->n; i++)
        if (index >= s->ranges[i][0] && index <= s->ranges[i][1])
            return 1;
    return 0;
}

void sim_idxset_free(struct sim_idxset *s)
{
    free(s->ranges);
    s->ranges = NULL;
    s->n = 0;
}

int sim_inject_parse(const char *text, struct sim_inject *out, char *err, size_t errlen)
{
    const char *c1 = strchr(text, ':');
    char *end;
    long code;

    if (!c1 || cwmp_msg_type_from_name(text, (size_t)(c1 - text), &out->method) != 0 ||
        !(out->method == CWMP_MSG_GET_RPC_METHODS ||
          (out->method >= CWMP_MSG_SET_PARAMETER_VALUES &&
           out->method <= CWMP_MSG_CHANGE_DU_STATE))) {
        snprintf(err, errlen, "--fault '%s': want METHOD:CODE[:RATE] with an ACS method", text);
        return -1;
    }
    code = strtol(c1 + 1, &end, 10);
    if (end == c1 + 1 || code < 9000 || code > 9899 || (*end && *end != ':')) {
        snprintf(err, errlen, "--fault '%s': CODE must be a CPE fault 9000-9899", text);
        return -1;
    }
    out->code = (int)code;
    out->rate = 1.0;
    if (*end == ':') {
        char *e2;
        out->rate = strtod(end + 1, &e2);
        if (e2 == end + 1 || *e2 || out->rate < 0 || out->rate > 1) {
            snprintf(err, errlen, "--fault '%s': RATE must be 0..1", text);
            return -1;
        }
    }
    return 0;
}

static const struct {
    const char *name;
    unsigned bit;
} quirk_names[] = {
    {"no-getrpcmethods", SIM_QUIRK_NO_GETRPCMETHODS},
    {"no-partial-gpv", SIM_QUIRK_NO_PARTIAL_GPV},
    {"no-attributes", SIM_QUIRK_NO_ATTRIBUTES},
    {"reuse-instances", SIM_QUIRK_REUSE_INSTANCES},
    {"abrupt-reboot", SIM_QUIRK_ABRUPT_REBOOT},
};

int sim_quirk_parse(const char *text, struct sim_quirk_opt *out, char *err, size_t errlen)
{
    const char *c = strchr(text, ':');
    size_t nl = c ? (size_t)(c - text) : strlen(text);

    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < sizeof(quirk_names) / sizeof(quirk_names[0]); i++)
        if (strlen(quirk_names[i].name) == nl && strncmp(text, quirk_names[i].name, nl) == 0)
            out->quirk = quirk_names[i].bit;
    if (!out->quirk) {
        snprintf(err, errlen,
                 "--quirk '%s': unknown (no-getrpcmethods, no-partial-gpv, no-attributes, "
                 "reuse-instances, abrupt-reboot)",
                 text);
        return -1;
    }
    if (!c) {
        out->all = 1;
        return 0;
    }
    return sim_idxset_parse(&out->devices, c + 1, err, errlen);
}
