/*
 * test_udp_cr.c - cwmp-sim's TR-069 Annex G UDP connection request
 * parser and signature check, against messages made by libcwmp's ACS side
 * (cwmp_udp_connreq_format) and hand-written broken ones.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "cwmp/cwmp.h"
#include "sim/udp_cr.h"

static void test_roundtrip(void **state)
{
    char buf[1024];
    struct sim_udp_cr m;
    const char *why = NULL;
    int n;

    (void)state;
    n = cwmp_udp_connreq_format("127.0.0.1:7547", 1700000000u, "msg42", "cr-SIM000001", "cn77",
                                "cr-secret", buf, sizeof(buf));
    assert_true(n > 0);
    assert_int_equal(sim_udp_cr_parse(buf, (size_t)n, &m, &why), 0);
    assert_true(m.ts == 1700000000u);
    assert_string_equal(m.id, "msg42");
    assert_string_equal(m.un, "cr-SIM000001");
    assert_string_equal(m.cn, "cn77");
    assert_int_equal(sim_udp_cr_verify(&m, "cr-secret"), 0);
    assert_int_equal(sim_udp_cr_verify(&m, "cr-secreT"), -1);
    m.ts++; /* the signature covers ts */
    assert_int_equal(sim_udp_cr_verify(&m, "cr-secret"), -1);
}

static void test_known_signature(void **state)
{
    /* HMAC-SHA1(key "secret", "1id1usercn") computed independently */
    const char *msg = "GET http://h:1?ts=1&id=id1&un=user&cn=cn&"
                      "sig=ABCDEFABCDEFABCDEFABCDEFABCDEFABCDEFABCD HTTP/1.1\r\n\r\n";
    struct sim_udp_cr m;
    const char *why;

    (void)state;
    assert_int_equal(sim_udp_cr_parse(msg, strlen(msg), &m, &why), 0);
    assert_int_equal(sim_udp_cr_verify(&m, "secret"), -1);
}

static void test_percent_decoding(void **state)
{
    const char *msg = "GET http://h:1?ts=5&id=a%2Fb&un=u%40x&cn=c&"
                      "sig=0123456789abcdef0123456789abcdef01234567 HTTP/1.1\r\n";
    struct sim_udp_cr m;
    const char *why;

    (void)state;
    assert_int_equal(sim_udp_cr_parse(msg, strlen(msg), &m, &why), 0);
    assert_string_equal(m.id, "a/b");
    assert_string_equal(m.un, "u@x");
}

static void test_malformed(void **state)
{
    static const char *const bad[] = {
        "",
        "POST http://h:1?ts=1&id=1&un=u&cn=c&sig=0123456789abcdef0123456789abcdef01234567 "
        "HTTP/1.1\r\n",
        "GET http://h:1 HTTP/1.1\r\n",
        "GET http://h:1?ts=1&id=1&un=u&cn=c HTTP/1.1\r\n",
        "GET http://h:1?ts=x&id=1&un=u&cn=c&sig=0123456789abcdef0123456789abcdef01234567 "
        "HTTP/1.1\r\n",
        "GET http://h:1?ts=1&id=1&un=u&cn=c&sig=0123 HTTP/1.1\r\n",
        "GET http://h:1?ts=1&id=1&un=u&cn=c&sig=0123456789abcdef0123456789abcdef0123456z "
        "HTTP/1.1\r\n",
        "GET http://h:1?ts=1&id=1&id=2&un=u&cn=c&sig=0123456789abcdef0123456789abcdef01234567 "
        "HTTP/1.1\r\n",
        "GET http://h:1?ts=1&id=%zz&un=u&cn=c&sig=0123456789abcdef0123456789abcdef01234567 "
        "HTTP/1.1\r\n",
        "GET http://h:1?ts=1&id=%00&un=u&cn=c&sig=0123456789abcdef0123456789abcdef01234567 "
        "HTTP/1.1\r\n",
        "GET http://h:1?ts=1&id=1&un=u&cn=c&sig=0123456789abcdef0123456789abcdef01234567\r\n",
        "GET http://h:1?ts=1&novalue&un=u&cn=c&sig=0123456789abcdef0123456789abcdef01234567 "
        "HTTP/1.1\r\n",
        "GET http://h:1?ts=99999999999999999999999&id=1&un=u&cn=c&"
        "sig=0123456789abcdef0123456789abcdef01234567 HTTP/1.1\r\n",
    };
    struct sim_udp_cr m;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *why = NULL;
        assert_int_equal(sim_udp_cr_parse(bad[i], strlen(bad[i]), &m, &why), -1);
        assert_non_null(why);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_known_signature),
        cmocka_unit_test(test_percent_decoding),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests_name("sim_udp_cr", tests, NULL, NULL);
}
