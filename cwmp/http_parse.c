/*
 * http_parse.c - HTTP/1.1 request head parser and chunked body decoder
 * (RFC 9112) for the CWMP session engine. Strict where laxness enables
 * request smuggling (Content-Length with Transfer-Encoding, duplicate
 * lengths, obsolete line folding), lenient nowhere else that matters.
 */
#include "cwmp/http_parse.h"

#include <string.h>
#include <strings.h>

static int is_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int ieq(const char *a, size_t alen, const char *b)
{
    return alen == strlen(b) && strncasecmp(a, b, alen) == 0;
}

/* Trims optional white space on both sides of [*p, *p + *n). */
static void trim(const char **p, size_t *n)
{
    while (*n > 0 && (**p == ' ' || **p == '\t')) {
        (*p)++;
        (*n)--;
    }
    while (*n > 0 && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
        (*n)--;
}

static int parse_request_line(const char *line, size_t len, struct cwmp_http_head *h,
                              const char **why)
{
    const char *sp1 = memchr(line, ' ', len), *sp2;
    size_t mlen;

    if (sp1 == NULL || sp1 == line) {
        *why = "malformed request line";
        return -1;
    }
    mlen = (size_t)(sp1 - line);
    for (size_t i = 0; i < mlen; i++)
        if (!is_tchar((unsigned char)line[i])) {
            *why = "bad character in method";
            return -1;
        }
    h->method = ieq(line, mlen, "POST") && line[0] == 'P'  ? CWMP_HTTP_POST
                : ieq(line, mlen, "GET") && line[0] == 'G' ? CWMP_HTTP_GET
                                                           : CWMP_HTTP_OTHER;
    sp2 = memchr(sp1 + 1, ' ', len - mlen - 1);
    if (sp2 == NULL || sp2 == sp1 + 1) {
        *why = "malformed request line";
        return -1;
    }
    h->target = sp1 + 1;
    h->target_len = (size_t)(sp2 - sp1 - 1);
    for (size_t i = 0; i < h->target_len; i++)
        if ((unsigned char)h->target[i] <= ' ' || h->target[i] == 0x7f) {
            *why = "bad character in request target";
            return -1;
        }
    if (line + len - (sp2 + 1) != 8 || memcmp(sp2 + 1, "HTTP/1.", 7) != 0 ||
        (sp2[8] != '0' && sp2[8] != '1')) {
        *why = "unsupported HTTP version";
        return -1;
    }
    h->minor = sp2[8] - '0';
    h->keep_alive = h->minor == 1;
    return 0;
}

static int parse_length(const char *v, size_t n, int64_t *out)
{
    int64_t x = 0;

    if (n == 0 || n > 15)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return -1;
        x = x * 10 + (v[i] - '0');
    }
    *out = x;
    return 0;
}

/* Comma separated tokens of Connection. */
static void parse_connection(const char *v, size_t n, struct cwmp_http_head *h)
{
    while (n > 0) {
        const char *comma = memchr(v, ',', n);
        size_t tl = comma ? (size_t)(comma - v) : n;
        const char *t = v;
        trim(&t, &tl);
        if (ieq(t, tl, "close"))
            h->keep_alive = 0;
        else if (ieq(t, tl, "keep-alive"))
            h->keep_alive = 1;
        if (comma == NULL)
            break;
        n -= (size_t)(comma - v) + 1;
        v = comma + 1;
    }
}

/* Finds cookie name in a Cookie header value ("a=1; b=2"). */
static void parse_cookie(const char *v, size_t n, const char *name, struct cwmp_http_head *h)
{
    const char *end = v + n;
    size_t nl = strlen(name);

    while (v < end) {
        const char *semi = memchr(v, ';', (size_t)(end - v));
        const char *pair_end = semi ? semi : end;
        const char *p = v;
        size_t pl = (size_t)(pair_end - v);

        trim(&p, &pl);
        if (pl > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
            h->cookie_value = p + nl + 1;
            h->cookie_value_len = pl - nl - 1;
            if (h->cookie_value_len >= 2 && h->cookie_value[0] == '"' &&
                h->cookie_value[h->cookie_value_len - 1] == '"') {
                h->cookie_value++;
                h->cookie_value_len -= 2;
            }
        }
        if (semi == NULL)
            break;
        v = semi + 1;
    }
}

static int parse_header(const char *line, size_t len, const char *cookie_name,
                        struct cwmp_http_head *h, int *seen_cl, const char **why)
{
    const char *colon = memchr(line, ':', len), *v;
    size_t nlen, vlen;

    if (line[0] == ' ' || line[0] == '\t') {
        *why = "obsolete header line folding";
        return -1;
    }
    if (colon == NULL || colon == line) {
        *why = "malformed header line";
        return -1;
    }
    nlen = (size_t)(colon - line);
    for (size_t i = 0; i < nlen; i++)
        if (!is_tchar((unsigned char)line[i])) {
            *why = "bad character in header name";
            return -1;
        }
    v = colon + 1;
    vlen = len - nlen - 1;
    trim(&v, &vlen);
    for (size_t i = 0; i < vlen; i++)
        if ((unsigned char)v[i] < ' ' && v[i] != '\t') {
            *why = "control character in header value";
            return -1;
        }
    if (ieq(line, nlen, "Content-Length")) {
        int64_t cl;
        if (parse_length(v, vlen, &cl) != 0 || (*seen_cl && cl != h->content_length)) {
            *why = "bad Content-Length";
            return -1;
        }
        *seen_cl = 1;
        h->content_length = cl;
    } else if (ieq(line, nlen, "Transfer-Encoding")) {
        if (!ieq(v, vlen, "chunked") || h->chunked) {
            *why = "unsupported Transfer-Encoding";
            return -1;
        }
        h->chunked = 1;
    } else if (ieq(line, nlen, "Connection")) {
        parse_connection(v, vlen, h);
    } else if (ieq(line, nlen, "Expect")) {
        h->expect_continue = ieq(v, vlen, "100-continue");
    } else if (ieq(line, nlen, "Authorization")) {
        h->authorization = v;
        h->authorization_len = vlen;
    } else if (ieq(line, nlen, "Cookie") && cookie_name != NULL) {
        parse_cookie(v, vlen, cookie_name, h);
    }
    return 0;
}

int cwmp_http_parse_head(const char *buf, size_t len, const char *cookie_name,
                         struct cwmp_http_head *h, const char **why)
{
    const char *p = buf, *end = buf + len;
    int first = 1, seen_cl = 0;

    memset(h, 0, sizeof(*h));
    h->content_length = -1;
    /* RFC 9112 2.2: ignore at least one empty line before the request */
    while (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
        p += 2;
    for (;;) {
        const char *eol = NULL;
        for (const char *q = p; q + 1 < end; q++)
            if (q[0] == '\r' && q[1] == '\n') {
                eol = q;
                break;
            }
        if (eol == NULL) {
            *why = "incomplete request head";
            return -1;
        }
        if (eol == p) {
            if (first) {
                *why = "empty request";
                return -1;
            }
            break;
        }
        if (memchr(p, '\0', (size_t)(eol - p)) != NULL) {
            *why = "NUL in request head";
            return -1;
        }
        if (first) {
            if (parse_request_line(p, (size_t)(eol - p), h, why) != 0)
                return -1;
            first = 0;
        } else if (parse_header(p, (size_t)(eol - p), cookie_name, h, &seen_cl, why) != 0) {
            return -1;
        }
        p = eol + 2;
    }
    if (h->chunked && seen_cl) {
        *why = "both Content-Length and Transfer-Encoding";
        return -1;
    }
    if (h->chunked && h->minor == 0) {
        *why = "chunked body in HTTP/1.0";
        return -1;
    }
    return 0;
}

enum {
    CH_SIZE = 0,
    CH_EXT,
    CH_SIZE_LF,
    CH_DATA,
    CH_DATA_CR,
    CH_DATA_LF,
    CH_TRAILER_START,
    CH_TRAILER_LINE,
    CH_END_LF,
    CH_DONE,
};

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

int cwmp_http_chunked_feed(struct cwmp_http_chunked *c, const char *in, size_t len, size_t *used,
                           size_t *data_off, size_t *data_len, const char **why)
{
    size_t i = 0;

    *data_len = 0;
    *data_off = 0;
    while (i < len) {
        char ch = in[i];
        int d;
        switch (c->state) {
        case CH_SIZE:
            d = hexval(ch);
            if (d >= 0) {
                if (++c->digits > 15) {
                    *why = "chunk size too large";
                    return -1;
                }
                c->remaining = c->remaining << 4 | (uint64_t)d;
            } else if (c->digits > 0 && (ch == ';' || ch == ' ' || ch == '\t')) {
                c->state = CH_EXT;
            } else if (c->digits > 0 && ch == '\r') {
                c->state = CH_SIZE_LF;
            } else {
                *why = "bad chunk size";
                return -1;
            }
            break;
        case CH_EXT: /* chunk extensions are ignored (RFC 9112 7.1.1) */
            if (ch == '\r')
                c->state = CH_SIZE_LF;
            else if (ch == '\n' || (ch != '\t' && (unsigned char)ch < ' ')) {
                *why = "bad chunk extension";
                return -1;
            }
            break;
        case CH_SIZE_LF:
            if (ch != '\n') {
                *why = "chunk size line not ended by CRLF";
                return -1;
            }
            c->state = c->remaining > 0 ? CH_DATA : CH_TRAILER_START;
            c->digits = 0;
            break;
        case CH_DATA: {
            size_t n = len - i;
            if (n > c->remaining)
                n = (size_t)c->remaining;
            c->remaining -= n;
            if (c->remaining == 0)
                c->state = CH_DATA_CR;
            *data_off = i;
            *data_len = n;
            *used = i + n;
            return 0;
        }
        case CH_DATA_CR:
            if (ch != '\r') {
                *why = "chunk data not followed by CRLF";
                return -1;
            }
            c->state = CH_DATA_LF;
            break;
        case CH_DATA_LF:
            if (ch != '\n') {
                *why = "chunk data not followed by CRLF";
                return -1;
            }
            c->state = CH_SIZE;
            c->remaining = 0;
            break;
        case CH_TRAILER_START:
            if (ch == '\r')
                c->state = CH_END_LF;
            else
                c->state = CH_TRAILER_LINE;
            break;
        case CH_TRAILER_LINE:
            if (ch == '\n')
                c->state = CH_TRAILER_START;
            break;
        case CH_END_LF:
            if (ch != '\n') {
                *why = "chunked body not ended by CRLF";
                return -1;
            }
            c->state = CH_DONE;
            *used = i + 1;
            return 1;
        default:
            *used = i;
            return 1;
        }
        i++;
    }
    *used = i;
    return c->state == CH_DONE ? 1 : 0;
}
