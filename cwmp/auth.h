/*
 * auth.h - HTTP authentication of CPEs by the ACS (TR-069 3.4.4): Basic
 * (RFC 7617) and Digest (RFC 7616: MD5 and SHA-256, qop=auth, nonce
 * counting, stale nonces). Part of the public interface of libcwmp;
 * cwmp/cwmp.h includes it.
 *
 * Nonces are stateless: hex(timestamp) + HMAC-SHA-256(server secret,
 * timestamp + realm), so any process sharing the secret accepts them and
 * an expired one is recognised (stale=true) without a table.
 */
#ifndef CWMP_AUTH_H
#define CWMP_AUTH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Schemes the ACS offers (bit mask). */
#define CWMP_AUTH_BASIC         0x1u
#define CWMP_AUTH_DIGEST_MD5    0x2u
#define CWMP_AUTH_DIGEST_SHA256 0x4u
#define CWMP_AUTH_DIGEST        (CWMP_AUTH_DIGEST_MD5 | CWMP_AUTH_DIGEST_SHA256)

enum cwmp_auth_result {
    CWMP_AUTH_OK = 0,
    CWMP_AUTH_MISSING,      /* no Authorization header: challenge */
    CWMP_AUTH_MALFORMED,    /* header unparsable or wrong realm/uri/qop/algorithm */
    CWMP_AUTH_UNKNOWN_USER, /* the credentials callback knows no such user */
    CWMP_AUTH_BAD_PASSWORD, /* wrong password / digest response */
    CWMP_AUTH_STALE,        /* a valid nonce that expired: challenge with stale=true */
    CWMP_AUTH_REPLAY,       /* nonce count not above the last one seen */
    CWMP_AUTH_SCHEME,       /* a scheme this ACS does not offer */
};

/* A short English name of a result ("wrong password"). */
const char *cwmp_auth_result_string(enum cwmp_auth_result r);

/*
 * Looks up the password of username for realm. Writes it NUL-terminated
 * into password (cap bytes) and returns 0, or returns -1 when the user is
 * unknown. Called synchronously.
 */
typedef int (*cwmp_credentials_fn)(void *arg, const char *username, char *password, size_t cap);

struct cwmp_auth; /* opaque: realm, secret, offered schemes */

/*
 * A verifier offering schemes (CWMP_AUTH_* mask) in realm. secret keys the
 * nonce HMAC (NULL: 32 random bytes, fine for one process); nonce_lifetime
 * is in seconds (0: 300). NULL when out of memory or arguments are bad.
 */
struct cwmp_auth *cwmp_auth_new(unsigned schemes, const char *realm, const void *secret,
                                size_t secret_len, unsigned nonce_lifetime);
void cwmp_auth_free(struct cwmp_auth *a);

/* Per-client replay state of Digest nonce counting (kept per session). */
struct cwmp_auth_state {
    uint64_t nonce_tag; /* hash of the last nonce accepted */
    uint32_t nc;        /* highest nonce count accepted with it */
};

/*
 * Checks an Authorization header value (NULL when absent) of a request
 * with method and request-target uri, at time now. On CWMP_AUTH_OK the
 * authenticated user name is copied to user (cap bytes; may be NULL).
 * st (may be NULL) enforces increasing nonce counts.
 */
enum cwmp_auth_result cwmp_auth_check(struct cwmp_auth *a, const char *method, const char *uri,
                                      const char *authorization, cwmp_credentials_fn creds,
                                      void *creds_arg, time_t now, struct cwmp_auth_state *st,
                                      char *user, size_t cap);

/*
 * Writes the value of the index-th WWW-Authenticate header to send with a
 * 401 (strongest first: Digest SHA-256, Digest MD5, Basic), stale marks an
 * expired nonce. Returns the length, or -1 when there is no such index or
 * buf is too small.
 */
int cwmp_auth_challenge(struct cwmp_auth *a, unsigned index, int stale, time_t now, char *buf,
                        size_t cap);

/*
 * Client side (connection requests): computes the Authorization header
 * value answering a WWW-Authenticate challenge for method and uri with
 * username and password. Digest (MD5 or SHA-256, qop=auth or none) and
 * Basic challenges are understood. Returns the length written to out, or
 * -1 when the challenge is not understood or out is too small.
 */
int cwmp_auth_answer(const char *challenge, const char *method, const char *uri,
                     const char *username, const char *password, uint32_t nc, char *out,
                     size_t cap);

/*
 * Parsing helper (exported for the fuzz target): finds parameter name in a
 * comma separated auth-param list ('name=token' or 'name="quoted"'),
 * unescapes it into val (cap bytes). Returns the value length, -1 when
 * absent or malformed, -2 when longer than cap - 1.
 */
int cwmp_auth_param(const char *params, const char *name, char *val, size_t cap);

/* Hex digest helpers on OpenSSL EVP: "MD5", "SHA-256" (RFC 7616 names);
 * hex must hold 65 bytes. 0 or -1. */
int cwmp_digest_hex(const char *algorithm, const void *data, size_t len, char *hex);

#endif /* CWMP_AUTH_H */
