/*
 * fuzz_usp_record.c - libFuzzer target for the USP Record and Msg codec.
 *
 * Input: the bytes of a Record as received from an MTP. They go through
 * the Agent receive checks twice (once as the agent "os::...", once as
 * the controller "self::...", so records in either direction reach the
 * Msg decoder), every accessor is run on what was decoded, an Error reply
 * is built when one is due, and the Msg is encoded again. The input is
 * also decoded as a bare Msg. Invariants: a DROP or ERROR always says
 * why; an accepted Msg re-encodes and decodes again.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "usp/usp.h"
#include "tests/fuzz/fuzz.h"

static size_t sink; /* keeps the accessors' results alive */

static void touch(const char *s)
{
    if (s)
        sink += strlen(s);
}

static void read_requests(const struct usp_msg *m)
{
    struct usp_param_setting p;
    struct usp_gsdm_flags f;
    struct usp_notify_view v;
    const char *k, *val;
    uint32_t code;
    size_t i, j;

    for (i = 0; i < usp_get_path_count(m); i++)
        touch(usp_get_path(m, i));
    sink += usp_get_max_depth(m);
    for (i = 0; i < usp_gsdm_path_count(m); i++)
        touch(usp_gsdm_path(m, i));
    usp_gsdm_get_flags(m, &f);
    for (i = 0; i < usp_getinst_path_count(m); i++)
        touch(usp_getinst_path(m, i));
    sink += (size_t)usp_getinst_first_level_only(m) + (size_t)usp_msg_allow_partial(m);
    for (i = 0; i < usp_msg_obj_count(m); i++) {
        touch(usp_msg_obj_path(m, i));
        for (j = 0; j < usp_msg_param_count(m, i); j++)
            if (usp_msg_param(m, i, j, &p) == 0)
                touch(p.value);
    }
    for (i = 0; i < usp_delete_path_count(m); i++)
        touch(usp_delete_path(m, i));
    touch(usp_operate_command(m));
    touch(usp_operate_command_key(m));
    sink += (size_t)usp_operate_send_resp(m);
    for (i = 0; i < usp_operate_arg_count(m); i++)
        if (usp_operate_arg(m, i, &k, &val) == 0)
            touch(val);
    if (usp_notify_view(m, &v) == 0) {
        touch(v.obj_path);
        touch(v.name);
        touch(v.param_value);
        touch(v.err_msg);
        touch(v.versions);
    }
    for (i = 0; i < usp_notify_param_count(m); i++)
        if (usp_notify_param(m, i, &k, &val) == 0)
            touch(k);
    touch(usp_gsp_versions(m));
    for (i = 0; i < usp_reg_path_count(m); i++)
        touch(usp_reg_path(m, i));
    touch(usp_notifyresp_subscription_id(m));
    sink += usp_error_code(m);
    touch(usp_error_text(m));
    for (i = 0; i < usp_error_param_count(m); i++)
        if (usp_error_param(m, i, &k, &code, &val) == 0)
            touch(k);
}

/* An accepted Msg must survive encode + decode with the same id and type. */
static void reencode(const struct usp_msg *m)
{
    uint8_t *buf;
    size_t len;
    struct usp_msg *again;
    struct usp_diag diag;

    if (usp_msg_encode(m, &buf, &len) != 0)
        return; /* out of memory only */
    if (usp_msg_decode(buf, len, &again, &diag) != 0)
        __builtin_trap();
    if (strcmp(usp_msg_id(again), usp_msg_id(m)) != 0 || usp_msg_type(again) != usp_msg_type(m))
        __builtin_trap();
    usp_msg_free(again);
    free(buf);
}

static void receive_as(const uint8_t *data, size_t size, const char *me)
{
    const char *const ids[] = {me};
    struct usp_endpoints ours = {ids, 1, NULL, NULL};
    struct usp_rx rx;
    const uint8_t *p;
    size_t plen;
    uint8_t *reply;
    size_t reply_len;

    switch (usp_record_receive(data, size, &ours, &rx)) {
    case USP_RX_MSG:
        read_requests(rx.msg);
        reencode(rx.msg);
        break;
    case USP_RX_ERROR:
        if (rx.diag.code == 0 || rx.diag.text[0] == '\0')
            __builtin_trap();
        if (usp_rx_error_reply(&rx, &reply, &reply_len) == 0)
            free(reply);
        break;
    case USP_RX_DROP:
        if (rx.diag.text[0] == '\0')
            __builtin_trap();
        break;
    default:
        break;
    }
    if (rx.record) {
        touch(usp_record_version(rx.record));
        touch(usp_record_to_id(rx.record));
        touch(usp_record_from_id(rx.record));
        touch(usp_record_type_name(usp_record_type(rx.record)));
        touch(usp_record_mqtt_topic(rx.record));
        touch(usp_record_stomp_destination(rx.record));
        touch(usp_record_disconnect_reason(rx.record));
        sink += usp_record_disconnect_code(rx.record);
        sink += (size_t)usp_record_mqtt_version(rx.record);
        sink += (size_t)usp_record_payload_security(rx.record);
        if (usp_record_payload(rx.record, &p, &plen) == 0)
            sink += plen;
    }
    usp_rx_clear(&rx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct usp_msg *m;
    struct usp_diag diag;

    receive_as(data, size, "os::00D09E-SN42");
    receive_as(data, size, "self::usp-js");
    if (usp_msg_decode(data, size, &m, &diag) == 0) {
        read_requests(m);
        reencode(m);
        usp_msg_free(m);
    } else if (diag.code == 0) {
        __builtin_trap(); /* a rejection must carry a code */
    }
    return 0;
}
