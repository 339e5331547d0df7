/*
 * fuzz_http.c - libFuzzer target for the session engine's HTTP/1.1
 * request parser: the request head, the chunked body decoder fed in
 * pieces, and the Authorization header through the Basic/Digest checker.
 *
 * Input: byte 0 picks the piece size for the chunked decoder; the rest is
 * a request (head up to the first blank line, then the body).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cwmp/cwmp.h"
#include "cwmp/http_parse.h"
#include "tests/fuzz/fuzz.h"

static int creds(void *arg, const char *user, char *password, size_t cap)
{
    (void)arg;
    (void)user;
    if (cap < 3)
        return -1;
    memcpy(password, "pw", 3);
    return 0;
}

static void check_auth(const char *value, size_t len)
{
    static struct cwmp_auth *auth;
    struct cwmp_auth_state st = {0, 0};
    char *text = malloc(len + 1), val[64], user[64];

    if (text == NULL)
        return;
    if (auth == NULL)
        auth = cwmp_auth_new(CWMP_AUTH_BASIC | CWMP_AUTH_DIGEST, "fuzz", "k", 1, 0);
    memcpy(text, value, len);
    text[len] = '\0';
    (void)cwmp_auth_param(text, "nonce", val, sizeof(val));
    if (auth != NULL)
        (void)cwmp_auth_check(auth, "POST", "/", text, creds, NULL, 1700000000, &st, user,
                              sizeof(user));
    (void)cwmp_auth_answer(text, "GET", "/", "u", "p", 1, (char[512]){0}, 512);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cwmp_http_head h;
    struct cwmp_http_chunked ch;
    const char *buf, *why = NULL, *end = NULL;
    size_t len, piece, off, head_len;

    if (size < 1)
        return 0;
    piece = (size_t)data[0] % 17 + 1;
    buf = (const char *)data + 1;
    len = size - 1;
    for (size_t i = 0; i + 3 < len; i++)
        if (memcmp(buf + i, "\r\n\r\n", 4) == 0) {
            end = buf + i + 4;
            break;
        }
    head_len = end ? (size_t)(end - buf) : len;
    if (cwmp_http_parse_head(buf, head_len, "cwmp_sid", &h, &why) != 0) {
        if (why == NULL)
            __builtin_trap(); /* a rejection must say why */
    } else {
        if (h.target == NULL || h.target < buf || h.target + h.target_len > buf + head_len)
            __builtin_trap();
        if (h.authorization != NULL)
            check_auth(h.authorization, h.authorization_len);
    }
    /* the rest as a chunked body, in pieces */
    memset(&ch, 0, sizeof(ch));
    off = head_len;
    while (off < len) {
        size_t n = len - off < piece ? len - off : piece, used = 0, doff = 0, dlen = 0;
        int r = cwmp_http_chunked_feed(&ch, buf + off, n, &used, &doff, &dlen, &why);
        if (r < 0 || used > n || (dlen > 0 && doff + dlen > used))
            break;
        if (used == 0 && r == 0)
            __builtin_trap(); /* no progress on non-empty input */
        off += used;
        if (r == 1)
            break;
    }
    return 0;
}
