/*
 * test_subs.c - subscriptions and the pure parts of notifications:
 * TR-181 defaults and value checks of Device.LocalAgent.Subscription.{i}.,
 * the record codec and the objects database (instance counter, foreach,
 * delete, reopen), the notify record codec, reference matching, and the
 * TR-369 R-NOT.1 retry wait.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "proxy/notify.h"
#include "proxy/subs.h"
#include "tests/proxy/store_fixture.h"
#include "usp/usp.h"

#define DEV "00D09E-SimGateway-SIM000000"

static int set(struct px_sub *s, const char *name, const char *value)
{
    char why[256] = "";
    int rc = px_sub_set_param(s, name, value, why, sizeof why);
    if (rc)
        assert_true(why[0] != '\0'); /* every refusal says why */
    return rc;
}

struct collect {
    char text[2048];
};

static void collect_param(void *arg, const char *name, const char *value)
{
    struct collect *c = arg;
    size_t l = strlen(c->text);
    snprintf(c->text + l, sizeof c->text - l, "%s=%s;", name, value);
}

static void test_defaults_and_checks(void **state)
{
    struct px_sub s;
    struct collect c = {""};
    (void)state;

    assert_int_equal(px_sub_init(&s, 3, 86400 * 365 + 3661), 0);
    px_sub_params(&s, collect_param, &c);
    assert_string_equal(c.text, "Alias=;CreationDate=1971-01-01T01:01:01Z;Enable=false;ID=;"
                                "NotifExpiration=0;NotifRetry=false;NotifType=;Persistent=false;"
                                "Recipient=;ReferenceList=;TimeToLive=0;");
    assert_int_equal(set(&s, "Enable", "1"), 0);
    assert_true(s.enable);
    assert_int_equal(set(&s, "Enable", "yes"), USP_ERR_INVALID_VALUE);
    assert_int_equal(set(&s, "NotifRetry", "true"), 0);
    assert_int_equal(set(&s, "Persistent", "false"), 0);
    assert_int_equal(set(&s, "TimeToLive", "4294967295"), 0);
    assert_int_equal(s.time_to_live, 4294967295u);
    assert_int_equal(set(&s, "TimeToLive", "4294967296"), USP_ERR_INVALID_VALUE);
    assert_int_equal(set(&s, "NotifExpiration", "-1"), USP_ERR_INVALID_VALUE);
    assert_int_equal(set(&s, "NotifExpiration", "30"), 0);
    assert_int_equal(set(&s, "NotifType", "OperationComplete"), 0);
    assert_int_equal(s.notif_type, PX_NOTIF_OPER_COMPLETE);
    assert_int_equal(set(&s, "NotifType", "OnBoardRequest"), USP_ERR_INVALID_VALUE);
    assert_int_equal(set(&s, "ReferenceList", "Device.WiFi.SSID.*.SSID, Device.Boot!"), 0);
    assert_int_equal(set(&s, "ReferenceList", "Device.WiFi..SSID"), USP_ERR_INVALID_VALUE);
    assert_int_equal(set(&s, "ReferenceList", "Device.Boot!,"), USP_ERR_INVALID_VALUE);
    assert_string_equal(s.reference_list, "Device.WiFi.SSID.*.SSID, Device.Boot!");
    assert_int_equal(set(&s, "Recipient", "Device.LocalAgent.Controller.2."), 0);
    assert_string_equal(s.recipient, "Device.LocalAgent.Controller.2");
    assert_int_equal(set(&s, "Recipient", "Device.LocalAgent.Controller.0"), USP_ERR_INVALID_VALUE);
    assert_int_equal(set(&s, "Recipient", "Device.LocalAgent.MTP.1"), USP_ERR_INVALID_VALUE);
    assert_int_equal(set(&s, "ID", ""), USP_ERR_INVALID_VALUE);
    assert_int_equal(set(&s, "ID",
                         "0123456789012345678901234567890123456789012345678901234567"
                         "8901234"),
                     USP_ERR_INVALID_VALUE);
    assert_int_equal(set(&s, "ID", "sub-1"), 0);
    assert_int_equal(set(&s, "Alias", "cpe-sub"), 0);
    assert_int_equal(set(&s, "CreationDate", "2020-01-01T00:00:00Z"), USP_ERR_PARAM_NOT_WRITEABLE);
    assert_int_equal(set(&s, "Colour", "blue"), USP_ERR_UNSUPPORTED_PARAM);
    assert_false(px_sub_expired(&s, 86400 * 365 + 3661 + 4000));
    assert_int_equal(set(&s, "TimeToLive", "60"), 0);
    assert_false(px_sub_expired(&s, 86400 * 365 + 3661 + 59));
    assert_true(px_sub_expired(&s, 86400 * 365 + 3661 + 60));
    px_sub_clear(&s);
}

static void full_sub(struct px_sub *s, uint32_t inst)
{
    assert_int_equal(px_sub_init(s, inst, 1700000000), 0);
    assert_int_equal(set(s, "Enable", "true"), 0);
    assert_int_equal(set(s, "ID", "vc"), 0);
    assert_int_equal(set(s, "Alias", "cpe-1"), 0);
    assert_int_equal(set(s, "Recipient", "Device.LocalAgent.Controller.1"), 0);
    assert_int_equal(set(s, "NotifType", "ValueChange"), 0);
    assert_int_equal(set(s, "ReferenceList", "Device.DeviceInfo.,Device.Boot!"), 0);
    assert_int_equal(set(s, "Persistent", "true"), 0);
    assert_int_equal(set(s, "TimeToLive", "7"), 0);
    assert_int_equal(set(s, "NotifRetry", "true"), 0);
    assert_int_equal(set(s, "NotifExpiration", "9"), 0);
}

static void test_record_codec(void **state)
{
    struct px_sub s, t;
    struct collect a = {""}, b = {""};
    char why[256];
    uint8_t *buf, *bad;
    size_t len, cut;
    (void)state;

    full_sub(&s, 4);
    assert_int_equal(px_sub_encode(&s, &buf, &len), 0);
    assert_int_equal(px_sub_decode(buf, len, 4, &t, why, sizeof why), 0);
    px_sub_params(&s, collect_param, &a);
    px_sub_params(&t, collect_param, &b);
    assert_string_equal(a.text, b.text);
    assert_int_equal(t.instance, 4);
    assert_int_equal(t.creation_date, 1700000000);
    px_sub_clear(&t);
    /* every truncation is refused with a reason */
    for (cut = 1; cut < len; cut++) {
        int rc = px_sub_decode(buf, cut, 4, &t, why, sizeof why);
        if (rc == 0) { /* cut at a pair boundary: fewer parameters, still valid */
            px_sub_clear(&t);
            continue;
        }
        assert_non_null(strstr(why, "subscription record"));
        assert_null(t.id);
    }
    /* a bad value inside a well-formed pair is refused */
    bad = malloc(len);
    memcpy(bad, buf, len);
    for (cut = 0; cut + 4 <= len; cut++) /* the first "true": Enable's value */
        if (memcmp(bad + cut, "true", 4) == 0) {
            bad[cut + 3] = '?';
            break;
        }
    assert_true(cut + 4 <= len);
    assert_int_equal(px_sub_decode(bad, len, 4, &t, why, sizeof why), -1);
    assert_non_null(strstr(why, "boolean"));
    free(bad);
    assert_int_equal(px_sub_decode("\x02", 1, 4, &t, why, sizeof why), -1);
    assert_non_null(strstr(why, "unknown version"));
    /* an unknown name is skipped (a later version's parameter) */
    assert_int_equal(px_sub_decode("\x01\x00\x03New\x00\x00\x00\x01x", 11, 1, &t, why, sizeof why),
                     0);
    assert_string_equal(t.id, "");
    px_sub_clear(&t);
    free(buf);
    px_sub_clear(&s);
}

static int count_sub(void *arg, const struct px_sub *s)
{
    char *ids = arg;
    strcat(ids, s->id);
    strcat(ids, ",");
    return 0;
}

static void test_store(void **state)
{
    struct fixture *fx = *state;
    struct px_sub s, t, *all;
    uint32_t a, b;
    size_t n;
    char ids[128] = "";

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    assert_int_equal(px_subs_next_instance(fx->s, DEV, &a), 0);
    assert_int_equal(px_subs_next_instance(fx->s, DEV, &b), 0);
    assert_int_equal(a, 1);
    assert_int_equal(b, 2);
    full_sub(&s, a);
    assert_int_equal(px_subs_put(fx->s, DEV, &s), 0);
    free(s.id);
    s.id = strdup("second");
    s.instance = b;
    assert_int_equal(px_subs_put(fx->s, DEV, &s), 0);
    px_sub_clear(&s);
    assert_int_equal(px_store_commit(fx->s), 0);
    /* the counter key is not a subscription */
    assert_int_equal(px_subs_foreach(fx->s, DEV, count_sub, ids), 0);
    assert_string_equal(ids, "vc,second,");
    assert_int_equal(px_subs_get(fx->s, DEV, 2, &t), 0);
    assert_string_equal(t.id, "second");
    px_sub_clear(&t);
    assert_int_equal(px_subs_get(fx->s, DEV, 3, &t), PX_STORE_NOT_FOUND);
    assert_int_equal(px_subs_delete(fx->s, DEV, 2), 0);
    /* another device's subscriptions are its own */
    assert_int_equal(px_subs_foreach(fx->s, "00D09E-SimGateway-SIM000001", count_sub, ids), 0);
    assert_string_equal(ids, "vc,second,");
    assert_int_equal(px_store_commit(fx->s), 0);
    /* numbers are not reused, also after a reopen */
    px_store_close(fx->s);
    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    assert_int_equal(px_subs_next_instance(fx->s, DEV, &a), 0);
    assert_int_equal(a, 3);
    assert_int_equal(px_subs_load(fx->s, DEV, &all, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(all[0].id, "vc");
    assert_string_equal(all[0].reference_list, "Device.DeviceInfo.,Device.Boot!");
    px_subs_free(all, n);
    /* a corrupt record is skipped, not fatal */
    {
        char key[64];
        size_t kl = (size_t)snprintf(key, sizeof key, "%s%c%s9.", DEV, 0, PX_SUBS_TABLE);
        assert_int_equal(px_store_put(fx->s, PX_DB_OBJECTS, key, kl, "\x01\x00", 2), 0);
    }
    ids[0] = '\0';
    assert_int_equal(px_subs_foreach(fx->s, DEV, count_sub, ids), 0);
    assert_string_equal(ids, "vc,");
}

static void test_ack_codec(void **state)
{
    struct px_notify_ack a = {0}, b;
    char why[200];
    uint8_t *buf;
    size_t len, cut;
    (void)state;

    a.expires = 1234;
    a.agent = "os::00D09E-SIM000000";
    a.msg_id = "px-notify-7";
    a.subscription_id = "";
    assert_int_equal(px_notify_ack_encode(&a, &buf, &len), 0);
    assert_int_equal(px_notify_ack_decode(buf, len, &b, why, sizeof why), 0);
    assert_int_equal(b.expires, 1234);
    assert_string_equal(b.agent, a.agent);
    assert_string_equal(b.msg_id, a.msg_id);
    assert_string_equal(b.subscription_id, "");
    px_notify_ack_clear(&b);
    for (cut = 0; cut < len; cut++) {
        assert_int_equal(px_notify_ack_decode(buf, cut, &b, why, sizeof why), -1);
        assert_null(b.agent);
    }
    free(buf);
}

static void test_ref_match(void **state)
{
    (void)state;
    assert_int_equal(px_ref_match("Device.DeviceInfo.Description", "Device.DeviceInfo.Description"),
                     1);
    assert_int_equal(px_ref_match("Device.DeviceInfo.", "Device.DeviceInfo.Description"), 1);
    assert_int_equal(px_ref_match("Device.", "Device.WiFi.SSID.1.SSID"), 1);
    assert_int_equal(px_ref_match("Device.WiFi.SSID.*.SSID", "Device.WiFi.SSID.2.SSID"), 1);
    assert_int_equal(px_ref_match("Device.WiFi.SSID.1.SSID", "Device.WiFi.SSID.2.SSID"), 0);
    assert_int_equal(px_ref_match("Device.WiFi.SSID.*.SSID", "Device.WiFi.SSID.2.Alias"), 0);
    assert_int_equal(px_ref_match("Device.WiFi.SSID.1.", "Device.WiFi.SSID.1."), 1);
    assert_int_equal(px_ref_match("Device.NAT.PortMapping.", "Device.NAT.PortMapping.3."), 1);
    assert_int_equal(px_ref_match("Device.NAT.PortMapping.3.", "Device.NAT.PortMapping."), 0);
    assert_int_equal(px_ref_match("Device.DeviceInfo.Description", "Device.DeviceInfo."), 0);
    assert_int_equal(px_ref_match("Device.Boot!", "Device.Boot!"), 1);
    assert_int_equal(px_ref_match("Device.LocalAgent.Periodic!", "Device.Boot!"), 0);
    assert_int_equal(px_ref_match("Device.Reboot()", "Device.Reboot()"), 1);
    /* a search needs data */
    assert_int_equal(
        px_ref_match("Device.WiFi.SSID.[Enable==true].SSID", "Device.WiFi.SSID.1.SSID"), -1);
    assert_int_equal(
        px_ref_match("Device.WiFi.SSID.[Enable==true].SSID", "Device.WiFi.Radio.1.Enable"), 0);
    assert_int_equal(px_ref_match("not a path", "Device.Boot!"), 0);
}

static void test_retry_wait(void **state)
{
    (void)state;
    /* TR-369 R-NOT.1 defaults: m = 5 s, k = 2000 */
    assert_int_equal(px_notify_retry_wait(1, 5, 2000, 0), 5);
    assert_int_equal(px_notify_retry_wait(1, 5, 2000, 0.999), 9);
    assert_int_equal(px_notify_retry_wait(2, 5, 2000, 0), 10);
    assert_int_equal(px_notify_retry_wait(3, 5, 2000, 0.5), 30);
    assert_int_equal(px_notify_retry_wait(10, 5, 2000, 0), 2560);
    assert_int_equal(px_notify_retry_wait(10, 5, 2000, 0.999), 5117);
    /* R-NOT.2: from the tenth retry on, the tenth's range */
    assert_int_equal(px_notify_retry_wait(25, 5, 2000, 0), 2560);
    assert_int_equal(px_notify_retry_wait(0, 5, 2000, 0), 5);
    assert_int_equal(px_notify_retry_wait(7, 1, 1000, 0.7), 1);
    assert_int_equal(px_notify_retry_wait(2, 10, 1500, 0), 15);
    assert_int_equal(px_notify_retry_wait(10, 65535, 65535, 0.5) > 3000000000u, 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup, fixture_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_and_checks),
        cmocka_unit_test(test_record_codec),
        T(test_store),
        cmocka_unit_test(test_ack_codec),
        cmocka_unit_test(test_ref_match),
        cmocka_unit_test(test_retry_wait),
    };
    return cmocka_run_group_tests_name("proxy subscriptions", tests, NULL, NULL);
}
