/*
 * test_client_id.c - the stored MQTT 5 Assigned Client Identifier of
 * cwmp2uspd (agent.c, meta "mqtt_client_id"): encode, decode, and every
 * damaged record refused (the value is read back from disk).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "proxy/px.h"

static void test_round_trip(void **state)
{
    uint8_t *val = NULL;
    size_t len = 0;
    char *broker = NULL, *id = NULL;
    (void)state;

    assert_int_equal(px_client_id_encode("127.0.0.1:1883", "auto-1234ABCD", &val, &len), 0);
    assert_int_equal(len, 1 + 2 + 14 + 2 + 13);
    assert_int_equal(val[0], 1); /* version */
    assert_int_equal(px_client_id_decode(val, len, &broker, &id), 0);
    assert_string_equal(broker, "127.0.0.1:1883");
    assert_string_equal(id, "auto-1234ABCD");
    free(broker);
    free(id);
    free(val);
}

static void test_refused(void **state)
{
    uint8_t *val = NULL, bad[64];
    size_t len = 0, cut;
    char *broker = (char *)"x", *id = (char *)"x";
    (void)state;

    /* an empty ClientId is no assignment */
    assert_int_equal(px_client_id_encode("b:1", "", &val, &len), -1);
    assert_null(val);

    assert_int_equal(px_client_id_encode("b:1", "id", &val, &len), 0);
    /* every truncation */
    for (cut = 0; cut < len; cut++) {
        assert_int_equal(px_client_id_decode(val, cut, &broker, &id), -1);
        assert_null(broker);
        assert_null(id);
    }
    /* another version */
    memcpy(bad, val, len);
    bad[0] = 2;
    assert_int_equal(px_client_id_decode(bad, len, &broker, &id), -1);
    /* a NUL inside the ClientId */
    memcpy(bad, val, len);
    bad[len - 1] = '\0';
    assert_int_equal(px_client_id_decode(bad, len, &broker, &id), -1);
    /* an empty ClientId */
    memcpy(bad, val, len - 4);
    bad[len - 4] = 0;
    bad[len - 3] = 0;
    assert_int_equal(px_client_id_decode(bad, len - 2, &broker, &id), -1);
    assert_null(id);
    free(val);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests_name("px_client_id", tests, NULL, NULL);
}
