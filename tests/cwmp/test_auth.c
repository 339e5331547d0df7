/*
 * test_auth.c - CPE authentication: Basic, Digest (MD5, SHA-256) with RFC
 * 7616 test vectors, stateless nonces (stale, forged), nonce counting, the
 * auth-param parser and the client-side answer used by connection requests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "cwmp/cwmp.h"
#include "cwmp/digest_priv.h"

static const char secret[] = "test secret of the nonce HMAC";

static int creds(void *arg, const char *user, char *password, size_t cap)
{
    (void)arg;
    if (strcmp(user, "cpe1") == 0) {
        snprintf(password, cap, "%s", "s3cret");
        return 0;
    }
    return -1;
}

/* RFC 7616 3.9.1: the worked example, MD5 and SHA-256 */
static void test_rfc7616_vectors(void **state)
{
    char hex[65];
    const char *nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    const char *cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    (void)state;
    assert_int_equal(cwmp_digest_response("MD5", "Mufasa", "http-auth@example.org",
                                          "Circle of Life", "GET", "/dir/index.html", nonce,
                                          "00000001", cnonce, "auth", hex),
                     0);
    assert_string_equal(hex, "8ca523f5e9506fed4657c9700eebdbec");
    assert_int_equal(cwmp_digest_response("SHA-256", "Mufasa", "http-auth@example.org",
                                          "Circle of Life", "GET", "/dir/index.html", nonce,
                                          "00000001", cnonce, "auth", hex),
                     0);
    assert_string_equal(hex, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    assert_int_equal(cwmp_digest_hex("SHA-1", "x", 1, hex), -1);
}

static void test_auth_param(void **state)
{
    char v[32];

    (void)state;
    assert_int_equal(
        cwmp_auth_param("realm=\"a b\", nonce=xyz, qop=\"auth\"", "nonce", v, sizeof(v)), 3);
    assert_string_equal(v, "xyz");
    assert_int_equal(cwmp_auth_param("realm=\"a \\\"q\\\" b\"", "REALM", v, sizeof(v)), 7);
    assert_string_equal(v, "a \"q\" b");
    assert_int_equal(cwmp_auth_param("realm=\"abc", "realm", v, sizeof(v)), -1);
    assert_int_equal(cwmp_auth_param("realm=x", "nonce", v, sizeof(v)), -1);
    assert_int_equal(cwmp_auth_param("a=1, junk, b=2", "b", v, sizeof(v)), -1);
    assert_int_equal(cwmp_auth_param("a=\"0123456789\"", "a", v, 5), -2);
    assert_int_equal(cwmp_auth_param(", ,a=1", "a", v, sizeof(v)), 1);
}

static void test_basic(void **state)
{
    struct cwmp_auth *a = cwmp_auth_new(CWMP_AUTH_BASIC, "acs", secret, sizeof(secret), 0);
    char user[64] = "", ch[256];
    time_t now = 1700000000;

    (void)state;
    assert_non_null(a);
    /* "cpe1:s3cret", "cpe1:wrong", "nobody:x" */
    assert_int_equal(cwmp_auth_check(a, "POST", "/", "Basic Y3BlMTpzM2NyZXQ=", creds, NULL, now,
                                     NULL, user, sizeof(user)),
                     CWMP_AUTH_OK);
    assert_string_equal(user, "cpe1");
    assert_int_equal(
        cwmp_auth_check(a, "POST", "/", "Basic Y3BlMTp3cm9uZw==", creds, NULL, now, NULL, NULL, 0),
        CWMP_AUTH_BAD_PASSWORD);
    assert_int_equal(
        cwmp_auth_check(a, "POST", "/", "Basic bm9ib2R5Ong=", creds, NULL, now, NULL, NULL, 0),
        CWMP_AUTH_UNKNOWN_USER);
    assert_int_equal(cwmp_auth_check(a, "POST", "/", "Basic !!!", creds, NULL, now, NULL, NULL, 0),
                     CWMP_AUTH_MALFORMED);
    assert_int_equal(cwmp_auth_check(a, "POST", "/", NULL, creds, NULL, now, NULL, NULL, 0),
                     CWMP_AUTH_MISSING);
    assert_int_equal(cwmp_auth_check(a, "POST", "/", "Digest username=\"cpe1\"", creds, NULL, now,
                                     NULL, NULL, 0),
                     CWMP_AUTH_SCHEME);
    assert_true(cwmp_auth_challenge(a, 0, 0, now, ch, sizeof(ch)) > 0);
    assert_string_equal(ch, "Basic realm=\"acs\"");
    assert_int_equal(cwmp_auth_challenge(a, 1, 0, now, ch, sizeof(ch)), -1);
    cwmp_auth_free(a);
}

/* Answers the index-th challenge as a client would and checks it. */
static enum cwmp_auth_result digest_round(struct cwmp_auth *a, unsigned index, const char *user,
                                          const char *password, uint32_t nc, time_t issued,
                                          time_t now, struct cwmp_auth_state *st)
{
    char ch[512], ans[1024];

    assert_true(cwmp_auth_challenge(a, index, 0, issued, ch, sizeof(ch)) > 0);
    assert_true(cwmp_auth_answer(ch, "POST", "/acs", user, password, nc, ans, sizeof(ans)) > 0);
    return cwmp_auth_check(a, "POST", "/acs", ans, creds, NULL, now, st, NULL, 0);
}

static void test_digest(void **state)
{
    struct cwmp_auth *a =
        cwmp_auth_new(CWMP_AUTH_DIGEST | CWMP_AUTH_BASIC, "acs", secret, sizeof(secret), 60);
    struct cwmp_auth_state st = {0, 0};
    char ch[512];
    time_t now = 1700000000;

    (void)state;
    assert_non_null(a);
    assert_true(cwmp_auth_challenge(a, 0, 0, now, ch, sizeof(ch)) > 0);
    assert_non_null(strstr(ch, "algorithm=SHA-256"));
    assert_non_null(strstr(ch, "qop=\"auth\""));
    assert_null(strstr(ch, "stale"));
    assert_true(cwmp_auth_challenge(a, 1, 1, now, ch, sizeof(ch)) > 0);
    assert_non_null(strstr(ch, "algorithm=MD5"));
    assert_non_null(strstr(ch, "stale=true"));
    assert_true(cwmp_auth_challenge(a, 2, 0, now, ch, sizeof(ch)) > 0);
    assert_non_null(strstr(ch, "Basic"));

    assert_int_equal(digest_round(a, 0, "cpe1", "s3cret", 1, now, now, NULL), CWMP_AUTH_OK);
    assert_int_equal(digest_round(a, 1, "cpe1", "s3cret", 1, now, now, NULL), CWMP_AUTH_OK);
    assert_int_equal(digest_round(a, 0, "cpe1", "bad", 1, now, now, NULL), CWMP_AUTH_BAD_PASSWORD);
    assert_int_equal(digest_round(a, 1, "ghost", "s3cret", 1, now, now, NULL),
                     CWMP_AUTH_UNKNOWN_USER);
    /* a nonce issued 61 s ago with the right password is stale */
    assert_int_equal(digest_round(a, 0, "cpe1", "s3cret", 1, now - 61, now, NULL), CWMP_AUTH_STALE);
    /* ... and with the wrong password it is just wrong */
    assert_int_equal(digest_round(a, 0, "cpe1", "bad", 1, now - 61, now, NULL),
                     CWMP_AUTH_BAD_PASSWORD);
    /* nonce counting: same nonce, nc must grow */
    assert_int_equal(digest_round(a, 0, "cpe1", "s3cret", 1, now, now, &st), CWMP_AUTH_OK);
    assert_int_equal(digest_round(a, 0, "cpe1", "s3cret", 1, now, now, &st), CWMP_AUTH_REPLAY);
    assert_int_equal(digest_round(a, 0, "cpe1", "s3cret", 2, now, now, &st), CWMP_AUTH_OK);
    cwmp_auth_free(a);
}

static void test_digest_forged(void **state)
{
    struct cwmp_auth *a = cwmp_auth_new(CWMP_AUTH_DIGEST_MD5, "acs", secret, sizeof(secret), 0);
    struct cwmp_auth *other = cwmp_auth_new(CWMP_AUTH_DIGEST_MD5, "acs", "x", 1, 0);
    char ch[512], ans[1024];
    time_t now = 1700000000;

    (void)state;
    /* a nonce made with another secret is not accepted */
    assert_true(cwmp_auth_challenge(other, 0, 0, now, ch, sizeof(ch)) > 0);
    assert_true(cwmp_auth_answer(ch, "POST", "/acs", "cpe1", "s3cret", 1, ans, sizeof(ans)) > 0);
    assert_int_equal(cwmp_auth_check(a, "POST", "/acs", ans, creds, NULL, now, NULL, NULL, 0),
                     CWMP_AUTH_MALFORMED);
    /* nor for another uri than the request's */
    assert_true(cwmp_auth_challenge(a, 0, 0, now, ch, sizeof(ch)) > 0);
    assert_true(cwmp_auth_answer(ch, "POST", "/other", "cpe1", "s3cret", 1, ans, sizeof(ans)) > 0);
    assert_int_equal(cwmp_auth_check(a, "POST", "/acs", ans, creds, NULL, now, NULL, NULL, 0),
                     CWMP_AUTH_MALFORMED);
    /* SHA-256 is not offered by this verifier */
    assert_int_equal(cwmp_auth_check(a, "POST", "/acs",
                                     "Digest username=\"cpe1\", realm=\"acs\", nonce=\"n\", "
                                     "uri=\"/acs\", response=\"r\", algorithm=SHA-256",
                                     creds, NULL, now, NULL, NULL, 0),
                     CWMP_AUTH_SCHEME);
    assert_int_equal(
        cwmp_auth_check(a, "POST", "/acs", "Digest garbage", creds, NULL, now, NULL, NULL, 0),
        CWMP_AUTH_MALFORMED);
    cwmp_auth_free(a);
    cwmp_auth_free(other);
}

/* The client answer, checked against an independent computation. */
static void test_answer(void **state)
{
    char ans[1024], resp[64], cnonce[64], ha1[65], ha2[65], all[512], expect[65];
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n;

    (void)state;
    assert_true(cwmp_auth_answer("Digest realm=\"cpe\", nonce=\"abc\", qop=\"auth-int,auth\", "
                                 "opaque=\"op\"",
                                 "GET", "/cr", "acs", "pw", 1, ans, sizeof(ans)) > 0);
    assert_non_null(strstr(ans, "username=\"acs\""));
    assert_non_null(strstr(ans, "opaque=\"op\""));
    assert_non_null(strstr(ans, "nc=00000001"));
    assert_true(cwmp_auth_param(ans + 7, "response", resp, sizeof(resp)) == 32);
    assert_true(cwmp_auth_param(ans + 7, "cnonce", cnonce, sizeof(cnonce)) > 0);
#define MD5HEX(text, out)                                                                          \
    do {                                                                                           \
        EVP_Digest(text, strlen(text), md, &n, EVP_md5(), NULL);                                   \
        for (unsigned i_ = 0; i_ < n; i_++)                                                        \
            sprintf(out + 2 * i_, "%02x", md[i_]);                                                 \
    } while (0)
    MD5HEX("acs:cpe:pw", ha1);
    MD5HEX("GET:/cr", ha2);
    snprintf(all, sizeof(all), "%s:abc:00000001:%s:auth:%s", ha1, cnonce, ha2);
    MD5HEX(all, expect);
    assert_string_equal(resp, expect);
    assert_int_equal(
        cwmp_auth_answer("Basic realm=\"x\"", "GET", "/", "acs", "pw", 1, ans, sizeof(ans)),
        (int)strlen("Basic YWNzOnB3"));
    assert_string_equal(ans, "Basic YWNzOnB3");
    assert_int_equal(cwmp_auth_answer("Negotiate abc", "GET", "/", "a", "b", 1, ans, sizeof(ans)),
                     -1);
    assert_int_equal(cwmp_auth_answer("Digest realm=\"x\", nonce=\"n\", algorithm=SHA-512-256",
                                      "GET", "/", "a", "b", 1, ans, sizeof(ans)),
                     -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc7616_vectors), cmocka_unit_test(test_auth_param),
        cmocka_unit_test(test_basic),           cmocka_unit_test(test_digest),
        cmocka_unit_test(test_digest_forged),   cmocka_unit_test(test_answer),
    };
    return cmocka_run_group_tests_name("cwmp_auth", tests, NULL, NULL);
}
