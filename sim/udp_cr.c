/*
 * udp_cr.c - TR-069 Annex G UDP connection request messages: parsing and
 * signature check (see udp_cr.h). Input is untrusted: every field is
 * length-checked and percent-decoded into fixed buffers.
 */
#include "sim/udp_cr.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decodes s[0..len) into out (cap bytes, NUL-terminated). */
static int decode_value(const char *s, size_t len, char *out, size_t cap)
{
    size_t o = 0;

    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            int h, l;
            if (i + 2 >= len)
                return -1;
            h = hexval(s[i + 1]);
            l = hexval(s[i + 2]);
            if (h < 0 || l < 0)
                return -1;
            c = (char)(h * 16 + l);
            i += 2;
        }
        if (c == '\0' || o + 1 >= cap)
            return -1;
        out[o++] = c;
    }
    out[o] = '\0';
    return 0;
}

static int parse_ts(const char *s, uint64_t *out)
{
    uint64_t v = 0;

    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    *out = v;
    return 0;
}

int sim_udp_cr_parse(const char *buf, size_t len, struct sim_udp_cr *out, const char **why)
{
    const char *end, *q, *sp;
    char ts[24] = "";
    unsigned seen = 0;

    memset(out, 0, sizeof(*out));
    if (len < 4 || memcmp(buf, "GET ", 4) != 0) {
        *why = "not a GET request";
        return -1;
    }
    end = memchr(buf, '\n', len);
    if (!end)
        end = buf + len;
    sp = memchr(buf + 4, ' ', (size_t)(end - (buf + 4)));
    if (!sp || (size_t)(end - sp) < 9 || memcmp(sp + 1, "HTTP/1.", 7) != 0) {
        *why = "request line without HTTP version";
        return -1;
    }
    q = memchr(buf + 4, '?', (size_t)(sp - (buf + 4)));
    if (!q) {
        *why = "request-target without a query";
        return -1;
    }
    for (const char *p = q + 1; p < sp;) {
        const char *amp = memchr(p, '&', (size_t)(sp - p));
        const char *eq;
        const char *pe = amp ? amp : sp;
        char *dst = NULL;
        size_t cap = 0;
        unsigned bit = 0;

        eq = memchr(p, '=', (size_t)(pe - p));
        if (!eq) {
            *why = "query parameter without '='";
            return -1;
        }
        size_t nl = (size_t)(eq - p);
#define FIELD(nm, b, d, c)                                                                         \
    else if (nl == sizeof(nm) - 1 && memcmp(p, nm, nl) == 0)                                       \
    {                                                                                              \
        dst = d;                                                                                   \
        cap = c;                                                                                   \
        bit = b;                                                                                   \
    }
        if (0) {
        }
        FIELD("ts", 1, ts, sizeof(ts))
        FIELD("id", 2, out->id, sizeof(out->id))
        FIELD("un", 4, out->un, sizeof(out->un))
        FIELD("cn", 8, out->cn, sizeof(out->cn))
        FIELD("sig", 16, out->sig, sizeof(out->sig))
#undef FIELD
        if (dst) {
            if (seen & bit) {
                *why = "query parameter repeated";
                return -1;
            }
            if (decode_value(eq + 1, (size_t)(pe - eq - 1), dst, cap) != 0) {
                *why = "query value too long or badly encoded";
                return -1;
            }
            seen |= bit;
        }
        p = amp ? amp + 1 : sp;
    }
    if (seen != 31) {
        *why = "ts, id, un, cn or sig missing";
        return -1;
    }
    if (parse_ts(ts, &out->ts) != 0) {
        *why = "ts is not a number";
        return -1;
    }
    if (strlen(out->sig) != 40) {
        *why = "sig is not 40 hex digits";
        return -1;
    }
    for (const char *s = out->sig; *s; s++)
        if (hexval(*s) < 0) {
            *why = "sig is not 40 hex digits";
            return -1;
        }
    return 0;
}

int sim_udp_cr_verify(const struct sim_udp_cr *m, const char *password)
{
    char text[24 + sizeof(m->id) + sizeof(m->un) + sizeof(m->cn)];
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    char hex[2 * EVP_MAX_MD_SIZE + 1];
    int n;

    /* TR-069 G.2.2.3: Text = ts + id + un + cn, Key = the CR password */
    n = snprintf(text, sizeof(text), "%llu%s%s%s", (unsigned long long)m->ts, m->id, m->un, m->cn);
    if (n < 0 || (size_t)n >= sizeof(text))
        return -1;
    if (!HMAC(EVP_sha1(), password, (int)strlen(password), (const unsigned char *)text, (size_t)n,
              mac, &maclen))
        return -1;
    for (unsigned i = 0; i < maclen; i++)
        snprintf(hex + 2 * i, 3, "%02X", mac[i]);
    return strcasecmp(hex, m->sig) == 0 ? 0 : -1;
}
