/*
 * fuzz_usp_record.c - libFuzzer target for the USP Record and Msg codec.
 *
 * Input: the bytes of a Record as received from an MTP. They go through
 * the Agent receive checks twice (once as the agent "os::...", once as
 * the controller "self::...", so records in either direction reach the
 * Msg decoder), every request and response accessor is run on what was
 * decoded, also one index past each count, an Error reply
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

/* Bounds each loop (a big message must not make a run slow); each loop
 * also reads one index past its bound, which must be safe. */
#define FUZZ_MAX_ITEMS 64

static size_t upto(size_t n)
{
    return n < FUZZ_MAX_ITEMS ? n : FUZZ_MAX_ITEMS;
}

static void touch_result(const struct usp_oper_result *r)
{
    touch(r->requested_path);
    touch(r->err_msg);
    touch(r->path);
    sink += (size_t)r->status + r->err_code;
}

/* A reader that says "no such element" must hand out an empty element. */
#define EXPECT_EMPTY(call, str)                                                                    \
    do {                                                                                           \
        if ((call) != -1 || (str)[0] != '\0')                                                      \
            __builtin_trap();                                                                      \
    } while (0)

static void read_getresp(const struct usp_msg *m)
{
    const char *a, *b, *c;
    uint32_t code;
    size_t i, j, k;

    for (i = 0; i <= upto(usp_getresp_path_result_count(m)); i++) {
        if (usp_getresp_path_result(m, i, &a, &code, &b) == 0)
            touch(a), touch(b);
        for (j = 0; j <= upto(usp_getresp_resolved_path_count(m, i)); j++) {
            touch(usp_getresp_resolved_path(m, i, j));
            for (k = 0; k <= upto(usp_getresp_result_param_count(m, i, j)); k++)
                if (usp_getresp_result_param(m, i, j, k, &a, &c) == 0)
                    touch(a), touch(c);
        }
    }
    EXPECT_EMPTY(usp_getresp_path_result(m, usp_getresp_path_result_count(m), &a, &code, &b), a);
    for (i = 0; i <= upto(usp_getinstresp_path_result_count(m)); i++) {
        if (usp_getinstresp_path_result(m, i, &a, &code, &b) == 0)
            touch(a), touch(b);
        for (j = 0; j <= upto(usp_getinstresp_curr_inst_count(m, i)); j++) {
            touch(usp_getinstresp_curr_inst(m, i, j));
            for (k = 0; k <= upto(usp_getinstresp_unique_key_count(m, i, j)); k++)
                if (usp_getinstresp_unique_key(m, i, j, k, &a, &c) == 0)
                    touch(a), touch(c);
        }
    }
}

static void read_gsdm_obj(const struct usp_msg *m, size_t i, size_t j)
{
    enum usp_obj_access oa;
    enum usp_param_access pa;
    enum usp_value_type vt;
    enum usp_value_change vc;
    enum usp_cmd_type ct;
    const char *a;
    int multi;
    size_t k, l;

    if (usp_gsdmresp_supported_obj(m, i, j, &a, &oa, &multi) == 0)
        touch(a), sink += (size_t)oa + (size_t)multi;
    for (k = 0; k <= upto(usp_gsdmresp_param_count(m, i, j)); k++)
        if (usp_gsdmresp_param(m, i, j, k, &a, &pa, &vt, &vc) == 0)
            touch(a), sink += (size_t)pa + (size_t)vt + (size_t)vc;
    for (k = 0; k <= upto(usp_gsdmresp_command_count(m, i, j)); k++) {
        if (usp_gsdmresp_command(m, i, j, k, &a, &ct) == 0)
            touch(a), sink += (size_t)ct;
        for (l = 0; l <= upto(usp_gsdmresp_command_input_arg_count(m, i, j, k)); l++)
            touch(usp_gsdmresp_command_input_arg(m, i, j, k, l));
        for (l = 0; l <= upto(usp_gsdmresp_command_output_arg_count(m, i, j, k)); l++)
            touch(usp_gsdmresp_command_output_arg(m, i, j, k, l));
    }
    for (k = 0; k <= upto(usp_gsdmresp_event_count(m, i, j)); k++) {
        touch(usp_gsdmresp_event(m, i, j, k));
        for (l = 0; l <= upto(usp_gsdmresp_event_arg_count(m, i, j, k)); l++)
            touch(usp_gsdmresp_event_arg(m, i, j, k, l));
    }
    for (k = 0; k <= upto(usp_gsdmresp_divergent_path_count(m, i, j)); k++)
        touch(usp_gsdmresp_divergent_path(m, i, j, k));
    for (k = 0; k <= upto(usp_gsdmresp_unique_key_set_count(m, i, j)); k++)
        for (l = 0; l <= upto(usp_gsdmresp_unique_key_count(m, i, j, k)); l++)
            touch(usp_gsdmresp_unique_key(m, i, j, k, l));
}

static void read_gsdmresp(const struct usp_msg *m)
{
    const char *a, *b, *c;
    uint32_t code;
    size_t i, j;

    for (i = 0; i <= upto(usp_gsdmresp_req_obj_result_count(m)); i++) {
        if (usp_gsdmresp_req_obj_result(m, i, &a, &code, &b, &c) == 0)
            touch(a), touch(b), touch(c);
        for (j = 0; j <= upto(usp_gsdmresp_supported_obj_count(m, i)); j++)
            read_gsdm_obj(m, i, j);
    }
}

static void read_write_resps(const struct usp_msg *m)
{
    struct usp_oper_result r;
    const char *a, *b;
    uint32_t code;
    size_t i, j, k;

    for (i = 0; i <= upto(usp_setresp_result_count(m)); i++) {
        if (usp_setresp_result(m, i, &r) == 0)
            touch_result(&r);
        for (j = 0; j <= upto(usp_setresp_inst_count(m, i)); j++) {
            touch(usp_setresp_inst(m, i, j));
            for (k = 0; k <= upto(usp_setresp_updated_param_count(m, i, j)); k++)
                if (usp_setresp_updated_param(m, i, j, k, &a, &b) == 0)
                    touch(a), touch(b);
            for (k = 0; k <= upto(usp_setresp_param_err_count(m, i, j)); k++)
                if (usp_setresp_param_err(m, i, j, k, &a, &code, &b) == 0)
                    touch(a), touch(b);
        }
    }
    EXPECT_EMPTY(usp_setresp_result(m, usp_setresp_result_count(m), &r), r.requested_path);
    for (i = 0; i <= upto(usp_addresp_result_count(m)); i++) {
        if (usp_addresp_result(m, i, &r) == 0)
            touch_result(&r);
        for (k = 0; k <= upto(usp_addresp_unique_key_count(m, i)); k++)
            if (usp_addresp_unique_key(m, i, k, &a, &b) == 0)
                touch(a), touch(b);
        for (k = 0; k <= upto(usp_addresp_param_err_count(m, i)); k++)
            if (usp_addresp_param_err(m, i, k, &a, &code, &b) == 0)
                touch(a), touch(b);
    }
    for (i = 0; i <= upto(usp_deleteresp_result_count(m)); i++) {
        if (usp_deleteresp_result(m, i, &r) == 0)
            touch_result(&r);
        for (k = 0; k <= upto(usp_deleteresp_affected_path_count(m, i)); k++)
            touch(usp_deleteresp_affected_path(m, i, k));
        for (k = 0; k <= upto(usp_deleteresp_unaffected_path_err_count(m, i)); k++)
            if (usp_deleteresp_unaffected_path_err(m, i, k, &a, &code, &b) == 0)
                touch(a), touch(b);
    }
}

static void read_other_resps(const struct usp_msg *m)
{
    struct usp_operate_result o;
    struct usp_oper_result r;
    const char *a, *b;
    size_t i, k;

    for (i = 0; i <= upto(usp_operateresp_result_count(m)); i++) {
        if (usp_operateresp_result(m, i, &o) == 0) {
            touch(o.executed_command);
            touch(o.req_obj_path);
            touch(o.err_msg);
            sink += (size_t)o.outcome + o.err_code;
        }
        for (k = 0; k <= upto(usp_operateresp_output_arg_count(m, i)); k++)
            if (usp_operateresp_output_arg(m, i, k, &a, &b) == 0)
                touch(a), touch(b);
    }
    EXPECT_EMPTY(usp_operateresp_result(m, usp_operateresp_result_count(m), &o),
                 o.executed_command);
    touch(usp_gspresp_versions(m));
    for (i = 0; i <= upto(usp_registerresp_result_count(m)); i++)
        if (usp_registerresp_result(m, i, &r) == 0)
            touch_result(&r);
    for (i = 0; i <= upto(usp_deregisterresp_result_count(m)); i++) {
        if (usp_deregisterresp_result(m, i, &r) == 0)
            touch_result(&r);
        for (k = 0; k <= upto(usp_deregisterresp_path_count(m, i)); k++)
            touch(usp_deregisterresp_path(m, i, k));
    }
}

/* Every response accessor, whatever the kind of m (others must read as empty). */
static void read_responses(const struct usp_msg *m)
{
    read_getresp(m);
    read_gsdmresp(m);
    read_write_resps(m);
    read_other_resps(m);
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
        read_responses(rx.msg);
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
        read_responses(m);
        reencode(m);
        usp_msg_free(m);
    } else if (diag.code == 0) {
        __builtin_trap(); /* a rejection must carry a code */
    }
    return 0;
}
