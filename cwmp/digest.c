/*
 * digest.c - HTTP Digest authentication pieces (RFC 7616): hashing with
 * OpenSSL EVP, the auth-param list parser, the client-side answer to a
 * challenge (used by connection requests) and the response computation
 * the server side checks against.
 */
#include "cwmp/auth.h"
#include "cwmp/digest_priv.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/opensslv.h>
#include <openssl/rand.h>

static const EVP_MD *md_by_name(const char *algorithm)
{
    if (algorithm == NULL || strcasecmp(algorithm, "MD5") == 0)
        return EVP_md5();
    if (strcasecmp(algorithm, "SHA-256") == 0)
        return EVP_sha256();
    return NULL;
}

static void to_hex(const unsigned char *in, size_t len, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        hex[2 * i] = digits[in[i] >> 4];
        hex[2 * i + 1] = digits[in[i] & 15];
    }
    hex[2 * len] = '\0';
}

int cwmp_digest_hex(const char *algorithm, const void *data, size_t len, char *hex)
{
    const EVP_MD *md = md_by_name(algorithm);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    if (md == NULL || EVP_Digest(data, len, out, &n, md, NULL) != 1 || n > 32)
        return -1;
    to_hex(out, n, hex);
    return 0;
}

int cwmp_hmac(const char *digest, const void *key, size_t key_len, const void *data, size_t len,
              unsigned char *out, size_t *out_len)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
    return EVP_Q_mac(NULL, "HMAC", NULL, digest, NULL, key, key_len, data, len, out, 64, out_len) !=
                   NULL
               ? 0
               : -1;
#else
    unsigned int n = 0;
    const EVP_MD *md = strcmp(digest, "SHA1") == 0 ? EVP_sha1() : EVP_sha256();
    if (HMAC(md, key, (int)key_len, data, len, out, &n) == NULL)
        return -1;
    *out_len = n;
    return 0;
#endif
}

/* Hash of parts joined by ':' (RFC 7616 3.4.1). */
int cwmp_digest_join(const char *algorithm, const char *const *parts, size_t n, char *hex)
{
    const EVP_MD *md = md_by_name(algorithm);
    EVP_MD_CTX *ctx;
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    int ok;

    if (md == NULL || (ctx = EVP_MD_CTX_new()) == NULL)
        return -1;
    ok = EVP_DigestInit_ex(ctx, md, NULL) == 1;
    for (size_t i = 0; ok && i < n; i++) {
        if (i > 0)
            ok = EVP_DigestUpdate(ctx, ":", 1) == 1;
        if (ok)
            ok = EVP_DigestUpdate(ctx, parts[i], strlen(parts[i])) == 1;
    }
    if (ok)
        ok = EVP_DigestFinal_ex(ctx, out, &len) == 1 && len <= 32;
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return -1;
    to_hex(out, len, hex);
    return 0;
}

int cwmp_digest_response(const char *algorithm, const char *user, const char *realm,
                         const char *password, const char *method, const char *uri,
                         const char *nonce, const char *nc, const char *cnonce, const char *qop,
                         char *hex)
{
    char ha1[65], ha2[65];
    const char *p1[] = {user, realm, password};
    const char *p2[] = {method, uri};

    if (cwmp_digest_join(algorithm, p1, 3, ha1) != 0 ||
        cwmp_digest_join(algorithm, p2, 2, ha2) != 0)
        return -1;
    if (qop != NULL && qop[0] != '\0') {
        const char *p3[] = {ha1, nonce, nc, cnonce, qop, ha2};
        return cwmp_digest_join(algorithm, p3, 6, hex);
    } else {
        const char *p3[] = {ha1, nonce, ha2}; /* RFC 2069 compatibility */
        return cwmp_digest_join(algorithm, p3, 3, hex);
    }
}

/* Skips optional white space. */
static const char *skip_ows(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

int cwmp_auth_param(const char *params, const char *name, char *val, size_t cap)
{
    const char *p = params;
    size_t name_len = strlen(name);

    if (params == NULL || cap == 0)
        return -1;
    for (;;) {
        const char *key, *vstart;
        size_t key_len, n = 0;
        int match, quoted;

        p = skip_ows(p);
        while (*p == ',')
            p = skip_ows(p + 1);
        if (*p == '\0')
            return -1;
        key = p;
        while (*p != '\0' && *p != '=' && *p != ',' && *p != ' ' && *p != '\t')
            p++;
        key_len = (size_t)(p - key);
        p = skip_ows(p);
        if (*p != '=')
            return -1; /* every element of a challenge/credentials list is key=value */
        p = skip_ows(p + 1);
        match = key_len == name_len && strncasecmp(key, name, name_len) == 0;
        quoted = *p == '"';
        if (quoted)
            p++;
        vstart = p;
        (void)vstart;
        for (;;) {
            char c = *p;
            if (c == '\0') {
                if (quoted)
                    return -1; /* unterminated quoted-string */
                break;
            }
            if (quoted && c == '"') {
                p++;
                break;
            }
            if (!quoted && (c == ',' || c == ' ' || c == '\t'))
                break;
            if (quoted && c == '\\') {
                p++;
                c = *p;
                if (c == '\0')
                    return -1;
            }
            if (match) {
                if (n + 1 >= cap)
                    return -2;
                val[n] = c;
            }
            n++;
            p++;
        }
        if (match) {
            val[n] = '\0';
            return (int)n;
        }
        p = skip_ows(p);
        if (*p != ',' && *p != '\0')
            return -1;
    }
}

static int answer_basic(const char *username, const char *password, char *out, size_t cap)
{
    char plain[512];
    unsigned char enc[700];
    int n = snprintf(plain, sizeof(plain), "%s:%s", username, password);
    int m;

    if (n < 0 || (size_t)n >= sizeof(plain))
        return -1;
    m = EVP_EncodeBlock(enc, (const unsigned char *)plain, n);
    if (m < 0 || (size_t)m + 7 > cap)
        return -1;
    return snprintf(out, cap, "Basic %s", (const char *)enc);
}

int cwmp_auth_answer(const char *challenge, const char *method, const char *uri,
                     const char *username, const char *password, uint32_t nc, char *out, size_t cap)
{
    char realm[256], nonce[256], opaque[256], algorithm[32], qop[64], cnonce[33], ncs[9];
    char resp[65];
    unsigned char rnd[16];
    const char *params, *use_qop = NULL;
    size_t len = 0;
    int n;

    if (challenge == NULL || cap == 0)
        return -1;
    challenge = skip_ows(challenge);
    if (strncasecmp(challenge, "Basic", 5) == 0 && (challenge[5] == ' ' || challenge[5] == '\0'))
        return answer_basic(username, password, out, cap);
    if (strncasecmp(challenge, "Digest", 6) != 0 || (challenge[6] != ' ' && challenge[6] != '\t'))
        return -1;
    params = challenge + 6;
    if (cwmp_auth_param(params, "realm", realm, sizeof(realm)) < 0 ||
        cwmp_auth_param(params, "nonce", nonce, sizeof(nonce)) < 0)
        return -1;
    if (cwmp_auth_param(params, "algorithm", algorithm, sizeof(algorithm)) < 0)
        strcpy(algorithm, "MD5");
    if (md_by_name(algorithm) == NULL)
        return -1;
    if (cwmp_auth_param(params, "qop", qop, sizeof(qop)) >= 0) {
        /* qop is a list: "auth,auth-int"; only auth is supported */
        for (char *t = strtok(qop, ", \t"); t != NULL; t = strtok(NULL, ", \t"))
            if (strcasecmp(t, "auth") == 0)
                use_qop = "auth";
        if (use_qop == NULL)
            return -1;
    }
    if (RAND_bytes(rnd, sizeof(rnd)) != 1)
        return -1;
    to_hex(rnd, sizeof(rnd), cnonce);
    snprintf(ncs, sizeof(ncs), "%08x", (unsigned)nc);
    if (cwmp_digest_response(algorithm, username, realm, password, method, uri, nonce, ncs, cnonce,
                             use_qop, resp) != 0)
        return -1;
    if (cwmp_auth_param(params, "opaque", opaque, sizeof(opaque)) < 0)
        opaque[0] = '\0';
    n = snprintf(out, cap,
                 "Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", "
                 "algorithm=%s, response=\"%s\"%s%s%s%s%s%s%s",
                 username, realm, nonce, uri, algorithm, resp, use_qop ? ", qop=" : "",
                 use_qop ? use_qop : "", use_qop ? ", nc=" : "", use_qop ? ncs : "",
                 use_qop ? ", cnonce=\"" : "", use_qop ? cnonce : "", use_qop ? "\"" : "");
    if (n < 0 || (size_t)n >= cap)
        return -1;
    len = (size_t)n;
    if (opaque[0] != '\0') {
        n = snprintf(out + len, cap - len, ", opaque=\"%s\"", opaque);
        if (n < 0 || (size_t)n >= cap - len)
            return -1;
        len += (size_t)n;
    }
    return (int)len;
}
