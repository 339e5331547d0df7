/*
 * auth.c - server side of CPE authentication (TR-069 3.4.4): the verifier
 * object, stateless HMAC nonces, Basic and Digest checks and challenges.
 */
#include "cwmp/auth.h"
#include "cwmp/digest_priv.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#define NONCE_TS_HEX  16 /* 64-bit timestamp in hex */
#define NONCE_MAC_LEN 16 /* bytes of HMAC kept */
#define NONCE_LEN     (NONCE_TS_HEX + 2 * NONCE_MAC_LEN)

struct cwmp_auth {
    unsigned schemes;
    unsigned lifetime;
    char *realm;
    unsigned char secret[64];
    size_t secret_len;
};

const char *cwmp_auth_result_string(enum cwmp_auth_result r)
{
    switch (r) {
    case CWMP_AUTH_OK:
        return "authenticated";
    case CWMP_AUTH_MISSING:
        return "no credentials";
    case CWMP_AUTH_MALFORMED:
        return "malformed or mismatching Authorization header";
    case CWMP_AUTH_UNKNOWN_USER:
        return "unknown user";
    case CWMP_AUTH_BAD_PASSWORD:
        return "wrong password";
    case CWMP_AUTH_STALE:
        return "stale nonce";
    case CWMP_AUTH_REPLAY:
        return "nonce count replayed";
    case CWMP_AUTH_SCHEME:
        return "authentication scheme not offered";
    }
    return "unknown result";
}

struct cwmp_auth *cwmp_auth_new(unsigned schemes, const char *realm, const void *secret,
                                size_t secret_len, unsigned nonce_lifetime)
{
    struct cwmp_auth *a;

    if (realm == NULL || strchr(realm, '"') != NULL || strchr(realm, '\\') != NULL)
        return NULL;
    a = calloc(1, sizeof(*a));
    if (a == NULL)
        return NULL;
    a->schemes = schemes;
    a->lifetime = nonce_lifetime ? nonce_lifetime : 300;
    a->realm = strdup(realm);
    if (secret != NULL && secret_len > 0) {
        a->secret_len = secret_len < sizeof(a->secret) ? secret_len : sizeof(a->secret);
        memcpy(a->secret, secret, a->secret_len);
    } else {
        a->secret_len = 32;
        if (RAND_bytes(a->secret, 32) != 1) {
            free(a->realm);
            a->realm = NULL;
        }
    }
    if (a->realm == NULL) {
        free(a);
        return NULL;
    }
    return a;
}

void cwmp_auth_free(struct cwmp_auth *a)
{
    if (a == NULL)
        return;
    OPENSSL_cleanse(a->secret, sizeof(a->secret));
    free(a->realm);
    free(a);
}

/* The MAC part of a nonce for timestamp text ts (16 hex digits). */
static int nonce_mac(const struct cwmp_auth *a, const char *ts, unsigned char *mac)
{
    unsigned char buf[64];
    size_t len = 0;
    char data[NONCE_TS_HEX + 1 + 256];
    int n = snprintf(data, sizeof(data), "%.*s:%s", NONCE_TS_HEX, ts, a->realm);

    if (n < 0)
        return -1;
    if ((size_t)n >= sizeof(data))
        n = (int)sizeof(data) - 1;
    if (cwmp_hmac("SHA256", a->secret, a->secret_len, data, (size_t)n, buf, &len) != 0 ||
        len < NONCE_MAC_LEN)
        return -1;
    memcpy(mac, buf, NONCE_MAC_LEN);
    return 0;
}

static int make_nonce(const struct cwmp_auth *a, time_t now, char *nonce)
{
    unsigned char mac[NONCE_MAC_LEN];

    snprintf(nonce, NONCE_TS_HEX + 1, "%016" PRIx64, (uint64_t)now);
    if (nonce_mac(a, nonce, mac) != 0)
        return -1;
    for (int i = 0; i < NONCE_MAC_LEN; i++)
        snprintf(nonce + NONCE_TS_HEX + 2 * i, 3, "%02x", mac[i]);
    return 0;
}

/* 0 valid and fresh, 1 valid but expired, -1 forged or malformed. */
static int check_nonce(const struct cwmp_auth *a, const char *nonce, time_t now, uint64_t *tag)
{
    char expect[NONCE_LEN + 1];
    unsigned char mac[NONCE_MAC_LEN];
    uint64_t ts = 0;

    if (strlen(nonce) != NONCE_LEN)
        return -1;
    for (int i = 0; i < NONCE_TS_HEX; i++) {
        char c = nonce[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0)
            return -1;
        ts = ts << 4 | (uint64_t)d;
    }
    if (nonce_mac(a, nonce, mac) != 0)
        return -1;
    memcpy(expect, nonce, NONCE_TS_HEX);
    for (int i = 0; i < NONCE_MAC_LEN; i++)
        snprintf(expect + NONCE_TS_HEX + 2 * i, 3, "%02x", mac[i]);
    if (CRYPTO_memcmp(expect, nonce, NONCE_LEN) != 0)
        return -1;
    memcpy(tag, mac, sizeof(*tag));
    if ((uint64_t)now > ts + a->lifetime || ts > (uint64_t)now + 60)
        return 1;
    return 0;
}

int cwmp_auth_challenge(struct cwmp_auth *a, unsigned index, int stale, time_t now, char *buf,
                        size_t cap)
{
    static const unsigned order[] = {CWMP_AUTH_DIGEST_SHA256, CWMP_AUTH_DIGEST_MD5,
                                     CWMP_AUTH_BASIC};
    char nonce[NONCE_LEN + 1];
    unsigned seen = 0;
    int n;

    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        if (!(a->schemes & order[i]))
            continue;
        if (seen++ != index)
            continue;
        if (order[i] == CWMP_AUTH_BASIC) {
            n = snprintf(buf, cap, "Basic realm=\"%s\"", a->realm);
        } else {
            if (make_nonce(a, now, nonce) != 0)
                return -1;
            n = snprintf(buf, cap,
                         "Digest realm=\"%s\", qop=\"auth\", algorithm=%s, nonce=\"%s\"%s",
                         a->realm, order[i] == CWMP_AUTH_DIGEST_MD5 ? "MD5" : "SHA-256", nonce,
                         stale ? ", stale=true" : "");
        }
        return n < 0 || (size_t)n >= cap ? -1 : n;
    }
    return -1;
}

static enum cwmp_auth_result check_basic(struct cwmp_auth *a, const char *b64,
                                         cwmp_credentials_fn creds, void *arg, char *user,
                                         size_t cap)
{
    unsigned char plain[600];
    char password[256];
    size_t len = strlen(b64), pad = 0;
    int n;
    char *colon;

    while (len > 0 && (b64[len - 1] == ' ' || b64[len - 1] == '\t'))
        len--;
    if (len == 0 || len % 4 != 0 || len / 4 * 3 >= sizeof(plain))
        return CWMP_AUTH_MALFORMED;
    n = EVP_DecodeBlock(plain, (const unsigned char *)b64, (int)len);
    if (n < 0)
        return CWMP_AUTH_MALFORMED;
    if (b64[len - 1] == '=')
        pad = b64[len - 2] == '=' ? 2 : 1;
    n -= (int)pad;
    plain[n] = '\0';
    if (memchr(plain, '\0', (size_t)n) != NULL)
        return CWMP_AUTH_MALFORMED;
    colon = strchr((char *)plain, ':');
    if (colon == NULL)
        return CWMP_AUTH_MALFORMED;
    *colon = '\0';
    if (creds == NULL || creds(arg, (char *)plain, password, sizeof(password)) != 0)
        return CWMP_AUTH_UNKNOWN_USER;
    password[sizeof(password) - 1] = '\0';
    if (strlen(password) != strlen(colon + 1) ||
        CRYPTO_memcmp(password, colon + 1, strlen(password)) != 0) {
        OPENSSL_cleanse(password, sizeof(password));
        return CWMP_AUTH_BAD_PASSWORD;
    }
    OPENSSL_cleanse(password, sizeof(password));
    if (user != NULL && cap > 0)
        snprintf(user, cap, "%s", (char *)plain);
    return CWMP_AUTH_OK;
}

struct digest_params {
    char username[256], realm[256], nonce[NONCE_LEN + 8], uri[1024], response[72];
    char algorithm[32], qop[16], nc[16], cnonce[256];
};

static int get_digest_params(const char *p, struct digest_params *d)
{
    if (cwmp_auth_param(p, "username", d->username, sizeof(d->username)) < 0 ||
        cwmp_auth_param(p, "realm", d->realm, sizeof(d->realm)) < 0 ||
        cwmp_auth_param(p, "nonce", d->nonce, sizeof(d->nonce)) < 0 ||
        cwmp_auth_param(p, "uri", d->uri, sizeof(d->uri)) < 0 ||
        cwmp_auth_param(p, "response", d->response, sizeof(d->response)) < 0)
        return -1;
    if (cwmp_auth_param(p, "algorithm", d->algorithm, sizeof(d->algorithm)) < 0)
        strcpy(d->algorithm, "MD5");
    if (cwmp_auth_param(p, "qop", d->qop, sizeof(d->qop)) < 0) {
        d->qop[0] = '\0';
    } else if (strcasecmp(d->qop, "auth") != 0 ||
               cwmp_auth_param(p, "nc", d->nc, sizeof(d->nc)) != 8 ||
               cwmp_auth_param(p, "cnonce", d->cnonce, sizeof(d->cnonce)) < 1) {
        return -1;
    }
    return 0;
}

static enum cwmp_auth_result check_digest(struct cwmp_auth *a, const char *method, const char *uri,
                                          const char *params, cwmp_credentials_fn creds, void *arg,
                                          time_t now, struct cwmp_auth_state *st, char *user,
                                          size_t cap)
{
    struct digest_params d;
    char password[256], expect[65];
    uint64_t tag = 0;
    unsigned long nc = 0;
    unsigned need;
    int fresh, same;

    if (get_digest_params(params, &d) != 0)
        return CWMP_AUTH_MALFORMED;
    if (strcasecmp(d.algorithm, "MD5") == 0)
        need = CWMP_AUTH_DIGEST_MD5;
    else if (strcasecmp(d.algorithm, "SHA-256") == 0)
        need = CWMP_AUTH_DIGEST_SHA256;
    else
        return CWMP_AUTH_SCHEME;
    if (!(a->schemes & need))
        return CWMP_AUTH_SCHEME;
    if (strcmp(d.realm, a->realm) != 0 || strcmp(d.uri, uri) != 0)
        return CWMP_AUTH_MALFORMED;
    fresh = check_nonce(a, d.nonce, now, &tag);
    if (fresh < 0)
        return CWMP_AUTH_MALFORMED;
    if (d.qop[0] != '\0') {
        char *end;
        nc = strtoul(d.nc, &end, 16);
        if (*end != '\0' || nc == 0)
            return CWMP_AUTH_MALFORMED;
    }
    if (creds == NULL || creds(arg, d.username, password, sizeof(password)) != 0)
        return CWMP_AUTH_UNKNOWN_USER;
    password[sizeof(password) - 1] = '\0';
    if (cwmp_digest_response(d.algorithm, d.username, d.realm, password, method, d.uri, d.nonce,
                             d.nc, d.cnonce, d.qop, expect) != 0) {
        OPENSSL_cleanse(password, sizeof(password));
        return CWMP_AUTH_MALFORMED;
    }
    OPENSSL_cleanse(password, sizeof(password));
    for (char *c = d.response; *c; c++)
        if (*c >= 'A' && *c <= 'F')
            *c = (char)(*c - 'A' + 'a');
    if (strlen(d.response) != strlen(expect) ||
        CRYPTO_memcmp(d.response, expect, strlen(expect)) != 0)
        return CWMP_AUTH_BAD_PASSWORD;
    if (fresh == 1)
        return CWMP_AUTH_STALE; /* RFC 7616 3.3: right password, old nonce */
    if (st != NULL && d.qop[0] != '\0') {
        same = st->nonce_tag == tag;
        if (same && nc <= st->nc)
            return CWMP_AUTH_REPLAY;
        st->nonce_tag = tag;
        st->nc = (uint32_t)nc;
    }
    if (user != NULL && cap > 0)
        snprintf(user, cap, "%s", d.username);
    return CWMP_AUTH_OK;
}

enum cwmp_auth_result cwmp_auth_check(struct cwmp_auth *a, const char *method, const char *uri,
                                      const char *authorization, cwmp_credentials_fn creds,
                                      void *creds_arg, time_t now, struct cwmp_auth_state *st,
                                      char *user, size_t cap)
{
    const char *p;

    if (authorization == NULL)
        return CWMP_AUTH_MISSING;
    p = authorization;
    while (*p == ' ' || *p == '\t')
        p++;
    if (strncasecmp(p, "Basic", 5) == 0 && (p[5] == ' ' || p[5] == '\t')) {
        if (!(a->schemes & CWMP_AUTH_BASIC))
            return CWMP_AUTH_SCHEME;
        p += 6;
        while (*p == ' ')
            p++;
        return check_basic(a, p, creds, creds_arg, user, cap);
    }
    if (strncasecmp(p, "Digest", 6) == 0 && (p[6] == ' ' || p[6] == '\t')) {
        if (!(a->schemes & CWMP_AUTH_DIGEST))
            return CWMP_AUTH_SCHEME;
        return check_digest(a, method, uri, p + 7, creds, creds_arg, now, st, user, cap);
    }
    return CWMP_AUTH_SCHEME;
}
