/*
 * admin_parse.c - the request language of the admin socket (admin.h): a
 * pure parser of one request line, and the socket path. Request lines come
 * from any local process that can open the socket: untrusted, bounded.
 */
#include <stdio.h>
#include <string.h>

#include "proxy/admin.h"

#define MAX_TOKENS 4

struct token {
    const char *p;
    size_t len;
};

/* Splits at spaces and tabs; -1 with why on a byte that is not printable
 * ASCII or too many tokens. */
static int tokenize(const char *s, size_t len, struct token *t, size_t *n, char *why,
                    size_t why_len)
{
    size_t i = 0;

    *n = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t') {
            i++;
            continue;
        }
        if (*n == MAX_TOKENS) {
            snprintf(why, why_len, "too many words in the request");
            return -1;
        }
        t[*n].p = s + i;
        while (i < len && s[i] != ' ' && s[i] != '\t') {
            c = (unsigned char)s[i];
            if (c < 0x20 || c >= 0x7f) { /* requests are printable ASCII */
                snprintf(why, why_len, "byte 0x%02x at offset %zu is not printable ASCII", c, i);
                return -1;
            }
            i++;
        }
        t[*n].len = (size_t)(s + i - t[*n].p);
        (*n)++;
    }
    return 0;
}

static int is(const struct token *t, const char *word)
{
    return t->len == strlen(word) && memcmp(t->p, word, t->len) == 0;
}

/* A decimal number in [min, max]. */
static int number(const struct token *t, const char *what, uint32_t min, uint32_t max,
                  uint32_t *out, char *why, size_t why_len)
{
    uint64_t v = 0;

    for (size_t i = 0; i < t->len; i++) {
        if (t->p[i] < '0' || t->p[i] > '9' || i >= 10) {
            snprintf(why, why_len, "%s must be a number from %u to %u", what, (unsigned)min,
                     (unsigned)max);
            return -1;
        }
        v = v * 10 + (uint64_t)(t->p[i] - '0');
    }
    if (t->len == 0 || v < min || v > max) {
        snprintf(why, why_len, "%s must be a number from %u to %u", what, (unsigned)min,
                 (unsigned)max);
        return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

static int parse_devices(const struct token *t, size_t n, struct px_admin_req *req, char *why,
                         size_t why_len)
{
    req->cmd = PX_ADMIN_DEVICES;
    req->offset = 0;
    req->limit = PX_ADMIN_PAGE_DEFAULT;
    if (n > 3) {
        snprintf(why, why_len, "usage: devices [OFFSET [LIMIT]]");
        return -1;
    }
    if (n >= 2 && number(&t[1], "OFFSET", 0, PX_ADMIN_OFFSET_MAX, &req->offset, why, why_len))
        return -1;
    if (n == 3 && number(&t[2], "LIMIT", 1, PX_ADMIN_PAGE_MAX, &req->limit, why, why_len))
        return -1;
    return 0;
}

static int parse_device(const struct token *t, size_t n, struct px_admin_req *req, char *why,
                        size_t why_len)
{
    req->cmd = PX_ADMIN_DEVICE;
    if (n != 2) {
        snprintf(why, why_len, "usage: device KEY|ENDPOINT_ID");
        return -1;
    }
    if (t[1].len > PX_DEVICE_KEY_MAX) {
        snprintf(why, why_len, "device id is longer than %d bytes", PX_DEVICE_KEY_MAX);
        return -1;
    }
    memcpy(req->id, t[1].p, t[1].len);
    req->id[t[1].len] = '\0';
    return 0;
}

int px_admin_parse(const char *line, size_t len, struct px_admin_req *req, char *why,
                   size_t why_len)
{
    struct token t[MAX_TOKENS];
    size_t n;

    memset(req, 0, sizeof(*req));
    if (len > 0 && line[len - 1] == '\r')
        len--;
    if (len > PX_ADMIN_LINE_MAX) {
        snprintf(why, why_len, "request longer than %d bytes", PX_ADMIN_LINE_MAX);
        return -1;
    }
    if (tokenize(line, len, t, &n, why, why_len) != 0)
        return -1;
    if (n == 0) {
        snprintf(why, why_len, "empty request (commands: devices, device, stats)");
        return -1;
    }
    if (is(&t[0], "devices"))
        return parse_devices(t, n, req, why, why_len);
    if (is(&t[0], "device"))
        return parse_device(t, n, req, why, why_len);
    if (is(&t[0], "stats")) {
        req->cmd = PX_ADMIN_STATS;
        if (n == 1)
            return 0;
        snprintf(why, why_len, "usage: stats");
        return -1;
    }
    snprintf(why, why_len, "unknown command \"%.*s\" (commands: devices, device, stats)",
             t[0].len > 32 ? 32 : (int)t[0].len, t[0].p);
    return -1;
}

int px_admin_socket_path(const struct px_config *cfg, char *buf, size_t len, char *why,
                         size_t why_len)
{
    int n;

    if (cfg->admin_socket && cfg->admin_socket[0])
        n = snprintf(buf, len, "%s", cfg->admin_socket);
    else
        n = snprintf(buf, len, "%s/admin.sock", cfg->state_dir ? cfg->state_dir : ".");
    if (n < 0 || (size_t)n >= len || n > PX_ADMIN_SOCK_PATH_MAX) {
        snprintf(why, why_len, "admin socket path is longer than %d bytes (set admin_socket)",
                 PX_ADMIN_SOCK_PATH_MAX);
        return -1;
    }
    return 0;
}
