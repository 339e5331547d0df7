/*
 * test_quirks.c - what the proxy learns per CPE (proxy/quirks.c) and the
 * fetch's fallback for CPEs that cannot GetParameterValues a partial path
 * (proxy/fetch.c): flag names, what a GetRPCMethods list, a fault or a
 * broken session teaches, and the fetch driven RPC by RPC against a
 * scripted CPE on a real store (the flag is learned and logged once, the
 * next fetch goes straight to GetParameterNames, batches of
 * PX_FETCH_BATCH names, a refused name, a path that does not exist).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "proxy/log.h"
#include "proxy/params.h"
#include "proxy/px.h"
#include "tests/proxy/store_fixture.h"

#define DEV "00D09E-SimGateway-SIM000000"

/* ---------------------------------------------------------------------
 * Pure logic.
 * ------------------------------------------------------------------- */

static void test_flag_names(void **state)
{
    uint32_t seen = 0;
    (void)state;
    assert_string_equal(px_quirk_name(PX_DEVFLAG_PARTIAL_GPV_BROKEN), "partial_gpv_broken");
    assert_string_equal(px_quirk_name(PX_DEVFLAG_NO_GETRPCMETHODS), "no_getrpcmethods");
    assert_string_equal(px_quirk_name(PX_DEVFLAG_NO_REBOOT_RPC), "no_reboot_rpc");
    assert_string_equal(px_quirk_name(PX_DEVFLAG_NO_FACTORY_RESET), "no_factory_reset");
    assert_null(px_quirk_name(1u << 31));
    assert_null(px_quirk_name(0));
    assert_non_null(strstr(px_quirk_text(PX_DEVFLAG_PARTIAL_GPV_BROKEN), "GetParameterNames"));
    assert_null(px_quirk_text(PX_DEVFLAG_RPC_METHODS_ASKED)); /* state, not logged */
    /* every named bit has a name of its own */
    for (unsigned i = 0; i < 32; i++) {
        const char *n = px_quirk_name(1u << i);
        for (unsigned j = 0; n && j < i; j++)
            if (px_quirk_name(1u << j))
                assert_string_not_equal(n, px_quirk_name(1u << j));
        if (n)
            seen |= 1u << i;
    }
    assert_int_equal(seen, 0x3ff);
}

static void test_from_methods(void **state)
{
    static const char *const all[] = {
        "GetRPCMethods",     "SetParameterValues",     "GetParameterValues",
        "GetParameterNames", "SetParameterAttributes", "GetParameterAttributes",
        "AddObject",         "DeleteObject",           "Reboot",
        "Download",          "FactoryReset",           "ScheduleInform",
        "X_ACME_Thing",
    };
    /* the Amendment 1 required set: no FactoryReset, no ScheduleInform */
    static const char *const old[] = {
        "GetRPCMethods",
        "SetParameterValues",
        "GetParameterValues",
        "GetParameterNames",
        "AddObject",
        "SetParameterAttributes",
        "GetParameterAttributes",
        "DeleteObject",
        "Reboot",
        "Download",
    };
    static const char *const no_attr[] = {"GetParameterValues", "GetParameterAttributes"};
    (void)state;
    assert_int_equal(px_quirks_from_methods(all, 13), PX_DEVFLAG_RPC_METHODS_ASKED);
    assert_int_equal(px_quirks_from_methods(old, 10), PX_DEVFLAG_RPC_METHODS_ASKED |
                                                          PX_DEVFLAG_NO_FACTORY_RESET |
                                                          PX_DEVFLAG_NO_SCHEDULE_INFORM);
    /* one of the two attribute RPCs missing is enough */
    assert_true(px_quirks_from_methods(no_attr, 2) & PX_DEVFLAG_NO_ATTRIBUTES);
    assert_int_equal(px_quirks_from_methods(NULL, 0),
                     PX_DEVFLAG_RPC_METHODS_ASKED | PX_DEVFLAG_NO_ATTRIBUTES |
                         PX_DEVFLAG_NO_REBOOT_RPC | PX_DEVFLAG_NO_FACTORY_RESET |
                         PX_DEVFLAG_NO_SCHEDULE_INFORM | PX_DEVFLAG_NO_DOWNLOAD);
}

static void test_from_fault_and_refuses(void **state)
{
    uint32_t f;
    (void)state;
    assert_int_equal(px_quirks_from_fault(CWMP_MSG_REBOOT, 9000), PX_DEVFLAG_NO_REBOOT_RPC);
    assert_int_equal(px_quirks_from_fault(CWMP_MSG_REBOOT, 9002), 0);
    assert_int_equal(px_quirks_from_fault(CWMP_MSG_FACTORY_RESET, 9000),
                     PX_DEVFLAG_NO_FACTORY_RESET);
    assert_int_equal(px_quirks_from_fault(CWMP_MSG_GET_RPC_METHODS, 9000),
                     PX_DEVFLAG_NO_GETRPCMETHODS | PX_DEVFLAG_RPC_METHODS_ASKED);
    assert_int_equal(px_quirks_from_fault(CWMP_MSG_SET_PARAMETER_ATTRIBUTES, 9000),
                     PX_DEVFLAG_NO_ATTRIBUTES);
    /* a required RPC faulting 9000 is a CPE bug, not a capability */
    assert_int_equal(px_quirks_from_fault(CWMP_MSG_GET_PARAMETER_VALUES, 9000), 0);
    assert_int_equal(px_quirks_from_fault(CWMP_MSG_SET_PARAMETER_VALUES, 9000), 0);

    f = PX_DEVFLAG_NO_REBOOT_RPC | PX_DEVFLAG_RPC_METHODS_ASKED;
    assert_int_equal(px_quirks_refuses(f, CWMP_MSG_REBOOT), PX_DEVFLAG_NO_REBOOT_RPC);
    assert_int_equal(px_quirks_refuses(f, CWMP_MSG_FACTORY_RESET), 0);
    assert_int_equal(px_quirks_refuses(f, CWMP_MSG_GET_RPC_METHODS), 0);
    assert_int_equal(px_quirks_refuses(PX_DEVFLAG_NO_FACTORY_RESET, CWMP_MSG_FACTORY_RESET),
                     PX_DEVFLAG_NO_FACTORY_RESET);
    assert_int_equal(px_quirks_refuses(0xffffffffu, CWMP_MSG_GET_PARAMETER_VALUES), 0);
}

static void test_from_broken(void **state)
{
    (void)state;
    /* a fallback exists: the first break teaches */
    assert_int_equal(px_quirks_from_broken(CWMP_MSG_GET_PARAMETER_VALUES, 1, 1),
                     PX_DEVFLAG_PARTIAL_GPV_BROKEN);
    assert_int_equal(px_quirks_from_broken(CWMP_MSG_GET_PARAMETER_VALUES, 0, 3), 0);
    assert_int_equal(px_quirks_from_broken(CWMP_MSG_GET_RPC_METHODS, 0, 1),
                     PX_DEVFLAG_NO_GETRPCMETHODS | PX_DEVFLAG_RPC_METHODS_ASKED);
    /* optional RPCs only once given up on */
    assert_int_equal(px_quirks_from_broken(CWMP_MSG_GET_PARAMETER_ATTRIBUTES, 0, 2), 0);
    assert_int_equal(px_quirks_from_broken(CWMP_MSG_GET_PARAMETER_ATTRIBUTES, 0, PX_BROKEN_MAX),
                     PX_DEVFLAG_NO_ATTRIBUTES);
    /* a CPE that reboots at once breaks the session and did reboot */
    assert_int_equal(px_quirks_from_broken(CWMP_MSG_REBOOT, 0, PX_BROKEN_MAX), 0);
    assert_int_equal(px_quirks_from_broken(CWMP_MSG_UNKNOWN, 0, PX_BROKEN_MAX), 0);
}

static void test_gpv_partial_and_inform(void **state)
{
    struct cwmp_msg *m = cwmp_msg_new(CWMP_MSG_GET_PARAMETER_VALUES);
    const char *names[] = {"Device.DeviceInfo.SerialNumber", "Device.WiFi."};
    struct cwmp_event ev[2] = {{0}};
    struct cwmp_inform in = {0};
    uint32_t learned = PX_DEVFLAG_PARTIAL_GPV_BROKEN | PX_DEVFLAG_RPC_METHODS_ASKED |
                       PX_DEVFLAG_NO_FACTORY_RESET | PX_DEVFLAG_NO_GETRPCMETHODS;
    (void)state;

    assert_non_null(m);
    m->body.gpv.names = names;
    m->body.gpv.n_names = 1;
    assert_false(px_quirks_gpv_partial(m));
    m->body.gpv.n_names = 2;
    assert_true(px_quirks_gpv_partial(m));
    m->body.gpv.names = NULL;
    m->body.gpv.n_names = 0;
    cwmp_msg_free(m);
    assert_false(px_quirks_gpv_partial(NULL));

    ev[0].code = "1 BOOT";
    ev[1].code = "0 BOOTSTRAP";
    in.events = ev;
    in.n_events = 1;
    assert_int_equal(px_quirks_after_inform(learned, &in), learned);
    in.n_events = 2; /* a new start: GetRPCMethods is asked again */
    assert_int_equal(px_quirks_after_inform(learned, &in),
                     PX_DEVFLAG_PARTIAL_GPV_BROKEN | PX_DEVFLAG_NO_GETRPCMETHODS);
}

/* ---------------------------------------------------------------------
 * The fetch against a scripted CPE.
 * ------------------------------------------------------------------- */

struct fetch_fx {
    struct fixture fx;
    struct px_daemon d;
    struct px_work w;
};

static int fetch_setup(void **state)
{
    struct fetch_fx *t = calloc(1, sizeof *t);
    struct px_device dev = {0};
    void *fxs;

    if (!t || fixture_setup(&fxs) != 0)
        return -1;
    t->fx = *(struct fixture *)fxs;
    free(fxs);
    if (fixture_open(&t->fx, NULL, PX_STORE_SYNC_NEVER) != 0)
        return -1;
    t->d.store = t->fx.s;
    t->d.cfg.cache_max_age = 60;
    t->w.d = &t->d;
    snprintf(t->w.dev_key, sizeof t->w.dev_key, "%s", DEV);
    dev.manufacturer = "ACME";
    dev.oui = "00D09E";
    dev.product_class = "SimGateway";
    dev.serial_number = "SIM000000";
    dev.endpoint_id = "os::00D09E-SIM000000";
    if (px_device_put(t->fx.s, &dev) != 0 || px_store_commit(t->fx.s) != 0)
        return -1;
    *state = t;
    return 0;
}

static int fetch_teardown(void **state)
{
    struct fetch_fx *t = *state;
    px_store_close(t->fx.s);
    fixture_rm_tree(t->fx.dir);
    free(t);
    return 0;
}

static const char *path_at(const void *arg, size_t i)
{
    return ((const char *const *)arg)[i];
}

static uint32_t stored_flags(struct fetch_fx *t)
{
    struct px_device dev = {0};
    uint32_t f;
    assert_int_equal(px_device_get(t->fx.s, DEV, &dev), 0);
    f = dev.flags;
    px_device_clear(&dev);
    return f;
}

static struct cwmp_msg *fault(int code)
{
    struct cwmp_msg *m = cwmp_msg_new(CWMP_MSG_FAULT);
    assert_non_null(m);
    m->body.fault.code = code;
    m->body.fault.string = cwmp_msg_strdup(m, "scripted fault");
    return m;
}

/* The value the scripted CPE has for name. */
static const char *value_of(const char *name, char *buf, size_t len)
{
    snprintf(buf, len, "v:%s", name);
    return buf;
}

static struct cwmp_msg *gpv_resp(const char *const *names, size_t n)
{
    struct cwmp_msg *m = cwmp_msg_new(CWMP_MSG_GET_PARAMETER_VALUES_RESPONSE);
    char buf[300];
    assert_non_null(m);
    m->body.gpv_resp.params = cwmp_msg_alloc(m, (n ? n : 1) * sizeof *m->body.gpv_resp.params);
    for (size_t i = 0; i < n; i++) {
        m->body.gpv_resp.params[i].name = cwmp_msg_strdup(m, names[i]);
        m->body.gpv_resp.params[i].value = cwmp_msg_strdup(m, value_of(names[i], buf, sizeof buf));
        m->body.gpv_resp.params[i].type = CWMP_TYPE_STRING;
    }
    m->body.gpv_resp.n_params = n;
    return m;
}

/* GetParameterNames of Device.DeviceInfo.: an object and 3 parameters. */
static const char *const info_names[] = {
    "Device.DeviceInfo.",
    "Device.DeviceInfo.Manufacturer",
    "Device.DeviceInfo.FirmwareImage.1.",
    "Device.DeviceInfo.FirmwareImage.1.Name",
    "Device.DeviceInfo.SerialNumber",
};

static struct cwmp_msg *gpn_resp(const char *const *names, size_t n)
{
    struct cwmp_msg *m = cwmp_msg_new(CWMP_MSG_GET_PARAMETER_NAMES_RESPONSE);
    assert_non_null(m);
    m->body.gpn_resp.params = cwmp_msg_alloc(m, (n ? n : 1) * sizeof *m->body.gpn_resp.params);
    for (size_t i = 0; i < n; i++)
        m->body.gpn_resp.params[i].name = cwmp_msg_strdup(m, names[i]);
    m->body.gpn_resp.n_params = n;
    return m;
}

/* Takes the next RPC, checks its type, and answers it with resp. */
static struct cwmp_msg *expect(struct fetch_fx *t, struct px_fetch *f, enum cwmp_msg_type type)
{
    struct cwmp_msg *m = px_fetch_next_rpc(f, &t->w);
    assert_non_null(m);
    assert_int_equal(m->type, type);
    return m;
}

static void answer(struct fetch_fx *t, struct px_fetch *f, struct cwmp_msg *resp)
{
    px_fetch_on_response(f, &t->w, resp);
    cwmp_msg_free(resp);
}

static void test_fallback_learned_then_used(void **state)
{
    struct fetch_fx *t = *state;
    const char *paths[] = {"Device.DeviceInfo.", "Device.ManagementServer.URL"};
    const char *url[] = {"Device.ManagementServer.URL"};
    unsigned long notices = px_log_count(PX_LOG_NOTICE);
    struct px_fetch f;
    struct cwmp_msg *m;
    int64_t age;

    /* 1. not known yet: all names at once; the CPE refuses */
    assert_int_equal(px_fetch_init(&f, 2, path_at, paths), 0);
    m = expect(t, &f, CWMP_MSG_GET_PARAMETER_VALUES);
    assert_int_equal(m->body.gpv.n_names, 2);
    cwmp_msg_free(m);
    answer(t, &f, fault(9005));
    /* one at a time: the partial path faults, the full name works */
    m = expect(t, &f, CWMP_MSG_GET_PARAMETER_VALUES);
    assert_string_equal(m->body.gpv.names[0], "Device.DeviceInfo.");
    cwmp_msg_free(m);
    answer(t, &f, fault(9005));
    m = expect(t, &f, CWMP_MSG_GET_PARAMETER_VALUES);
    assert_string_equal(m->body.gpv.names[0], "Device.ManagementServer.URL");
    cwmp_msg_free(m);
    answer(t, &f, gpv_resp(url, 1));
    /* GetParameterNames decides: the path exists, the CPE lied */
    m = expect(t, &f, CWMP_MSG_GET_PARAMETER_NAMES);
    assert_string_equal(m->body.gpn.parameter_path, "Device.DeviceInfo.");
    assert_int_equal(m->body.gpn.next_level, 0);
    cwmp_msg_free(m);
    answer(t, &f, gpn_resp(info_names, 5));
    assert_true(stored_flags(t) & PX_DEVFLAG_PARTIAL_GPV_BROKEN);
    assert_int_equal(px_log_count(PX_LOG_NOTICE), notices + 1);
    /* the full names only, in one batch */
    m = expect(t, &f, CWMP_MSG_GET_PARAMETER_VALUES);
    assert_int_equal(m->body.gpv.n_names, 3);
    for (size_t i = 0; i < 3; i++)
        assert_false(m->body.gpv.names[i][strlen(m->body.gpv.names[i]) - 1] == '.');
    answer(t, &f, gpv_resp(m->body.gpv.names, m->body.gpv.n_names));
    cwmp_msg_free(m);
    assert_null(px_fetch_next_rpc(&f, &t->w));
    assert_null(px_fetch_next_rpc(&f, &t->w));
    assert_int_equal(f.fault[0], 0);
    assert_int_equal(f.fault[1], 0);
    assert_string_equal(map_values_find(&f.vals, "Device.DeviceInfo.FirmwareImage.1.Name"),
                        "v:Device.DeviceInfo.FirmwareImage.1.Name");
    assert_string_equal(map_values_find(&f.vals, "Device.ManagementServer.URL"),
                        "v:Device.ManagementServer.URL");
    /* the subtree is known complete in the cache */
    assert_int_equal(px_params_age(t->fx.s, DEV, "Device.DeviceInfo.", 0, &age), 0);
    assert_true(px_fetch_cache_fresh(&t->d, DEV, &f));
    px_fetch_clear(&f);
    assert_int_equal(px_store_commit(t->fx.s), 0);

    /* 2. known now: the full name alone, the partial path straight to
     * GetParameterNames; nothing logged again */
    assert_int_equal(px_fetch_init(&f, 2, path_at, paths), 0);
    m = expect(t, &f, CWMP_MSG_GET_PARAMETER_VALUES);
    assert_int_equal(m->body.gpv.n_names, 1);
    assert_string_equal(m->body.gpv.names[0], "Device.ManagementServer.URL");
    cwmp_msg_free(m);
    answer(t, &f, gpv_resp(url, 1));
    cwmp_msg_free(expect(t, &f, CWMP_MSG_GET_PARAMETER_NAMES));
    answer(t, &f, gpn_resp(info_names, 5));
    m = expect(t, &f, CWMP_MSG_GET_PARAMETER_VALUES);
    answer(t, &f, gpv_resp(m->body.gpv.names, m->body.gpv.n_names));
    cwmp_msg_free(m);
    assert_null(px_fetch_next_rpc(&f, &t->w));
    assert_int_equal(px_log_count(PX_LOG_NOTICE), notices + 1);
    px_fetch_clear(&f);

    /* 3. known, and the partial path really does not exist: 9005 stands */
    paths[0] = "Device.NoSuchObject.";
    assert_int_equal(px_fetch_init(&f, 1, path_at, paths), 0);
    cwmp_msg_free(expect(t, &f, CWMP_MSG_GET_PARAMETER_NAMES));
    answer(t, &f, fault(9005));
    assert_null(px_fetch_next_rpc(&f, &t->w));
    assert_int_equal(f.fault[0], 9005);
    px_fetch_clear(&f);
}

static void test_missing_path_teaches_nothing(void **state)
{
    struct fetch_fx *t = *state;
    const char *paths[] = {"Device.NoSuchObject."};
    struct px_fetch f;
    char text[200];

    assert_int_equal(px_fetch_init(&f, 1, path_at, paths), 0);
    cwmp_msg_free(expect(t, &f, CWMP_MSG_GET_PARAMETER_VALUES));
    answer(t, &f, fault(9005));
    cwmp_msg_free(expect(t, &f, CWMP_MSG_GET_PARAMETER_NAMES));
    answer(t, &f, fault(9005));
    assert_null(px_fetch_next_rpc(&f, &t->w));
    assert_int_equal(f.fault[0], 9005); /* -> 7026 for Get */
    px_fetch_fault_text(&f, 0, text, sizeof text);
    assert_non_null(strstr(text, "9005"));
    assert_int_equal(stored_flags(t) & PX_DEVFLAG_PARTIAL_GPV_BROKEN, 0);
    px_fetch_clear(&f);

    /* another fault of GetParameterValues (9002) stands when
     * GetParameterNames fails in another way */
    assert_int_equal(px_fetch_init(&f, 1, path_at, paths), 0);
    cwmp_msg_free(expect(t, &f, CWMP_MSG_GET_PARAMETER_VALUES));
    answer(t, &f, fault(9002));
    cwmp_msg_free(expect(t, &f, CWMP_MSG_GET_PARAMETER_NAMES));
    answer(t, &f, fault(9004));
    assert_null(px_fetch_next_rpc(&f, &t->w));
    assert_int_equal(f.fault[0], 9002);
    assert_int_equal(stored_flags(t) & PX_DEVFLAG_PARTIAL_GPV_BROKEN, 0);
    px_fetch_clear(&f);

    /* a full name's fault is never a reason for GetParameterNames */
    paths[0] = "Device.DeviceInfo.Nope";
    assert_int_equal(px_fetch_init(&f, 1, path_at, paths), 0);
    cwmp_msg_free(expect(t, &f, CWMP_MSG_GET_PARAMETER_VALUES));
    answer(t, &f, fault(9005));
    assert_null(px_fetch_next_rpc(&f, &t->w));
    assert_int_equal(f.fault[0], 9005);
    px_fetch_clear(&f);
}

static void test_batches_and_refused_name(void **state)
{
    struct fetch_fx *t = *state;
    const char *paths[] = {"Device.Hosts."};
    enum { N = 250 };
    static char names[N + 1][64];
    const char *list[N + 1];
    struct px_fetch f;
    struct cwmp_msg *m;
    size_t got = 0;
    int64_t age;

    assert_int_equal(px_quirks_learn(&t->d, DEV, PX_DEVFLAG_PARTIAL_GPV_BROKEN, "test"), 1);
    assert_int_equal(px_quirks_learn(&t->d, DEV, PX_DEVFLAG_PARTIAL_GPV_BROKEN, "test"), 0);
    list[0] = "Device.Hosts.";
    for (size_t i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "Device.Hosts.Host.%zu.IPAddress", i + 1);
        list[i + 1] = names[i];
    }
    assert_int_equal(px_fetch_init(&f, 1, path_at, paths), 0);
    cwmp_msg_free(expect(t, &f, CWMP_MSG_GET_PARAMETER_NAMES));
    answer(t, &f, gpn_resp(list, N + 1));
    /* a batch of PX_FETCH_BATCH: answered */
    m = expect(t, &f, CWMP_MSG_GET_PARAMETER_VALUES);
    assert_int_equal(m->body.gpv.n_names, PX_FETCH_BATCH);
    answer(t, &f, gpv_resp(m->body.gpv.names, m->body.gpv.n_names));
    got += m->body.gpv.n_names;
    cwmp_msg_free(m);
    /* the rest: refused as a batch, then one at a time; one name stays
     * refused (the CPE listed it but cannot read it) */
    m = expect(t, &f, CWMP_MSG_GET_PARAMETER_VALUES);
    assert_int_equal(m->body.gpv.n_names, N - PX_FETCH_BATCH);
    cwmp_msg_free(m);
    answer(t, &f, fault(9005));
    for (size_t i = 0; i < N - PX_FETCH_BATCH; i++) {
        m = expect(t, &f, CWMP_MSG_GET_PARAMETER_VALUES);
        assert_int_equal(m->body.gpv.n_names, 1);
        if (i == 7) {
            answer(t, &f, fault(9005));
        } else {
            answer(t, &f, gpv_resp(m->body.gpv.names, 1));
            got++;
        }
        cwmp_msg_free(m);
    }
    assert_null(px_fetch_next_rpc(&f, &t->w));
    assert_int_equal(f.fault[0], 0);
    assert_int_equal(f.vals.n, got);
    assert_int_equal(got, N - 1);
    /* not everything was read: no completeness marker */
    assert_int_equal(px_params_age(t->fx.s, DEV, "Device.Hosts.", 0, &age), PX_STORE_NOT_FOUND);
    px_fetch_clear(&f);
}

static void test_empty_subtree_and_cache_skip(void **state)
{
    struct fetch_fx *t = *state;
    const char *paths[] = {"Device.NAT.PortMapping."};
    const char *list[] = {"Device.NAT.PortMapping."};
    struct px_fetch f;
    int64_t age;

    assert_int_equal(px_quirks_learn(&t->d, DEV, PX_DEVFLAG_PARTIAL_GPV_BROKEN, NULL), 1);
    assert_int_equal(px_fetch_init(&f, 1, path_at, paths), 0);
    cwmp_msg_free(expect(t, &f, CWMP_MSG_GET_PARAMETER_NAMES));
    answer(t, &f, gpn_resp(list, 1)); /* an empty table: nothing to read */
    assert_null(px_fetch_next_rpc(&f, &t->w));
    assert_int_equal(f.fault[0], 0);
    assert_int_equal(f.vals.n, 0);
    assert_int_equal(px_params_age(t->fx.s, DEV, "Device.NAT.PortMapping.", 0, &age), 0);
    px_fetch_clear(&f);

    /* loaded from a fresh cache: nothing to send */
    assert_int_equal(px_fetch_init(&f, 1, path_at, paths), 0);
    assert_true(px_fetch_cache_fresh(&t->d, DEV, &f));
    px_fetch_from_cache(&t->d, DEV, &f);
    assert_null(px_fetch_next_rpc(&f, &t->w));
    px_fetch_clear(&f);
}

#define F(fn) cmocka_unit_test_setup_teardown(fn, fetch_setup, fetch_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flag_names),
        cmocka_unit_test(test_from_methods),
        cmocka_unit_test(test_from_fault_and_refuses),
        cmocka_unit_test(test_from_broken),
        cmocka_unit_test(test_gpv_partial_and_inform),
        F(test_fallback_learned_then_used),
        F(test_missing_path_teaches_nothing),
        F(test_batches_and_refused_name),
        F(test_empty_subtree_and_cache_skip),
    };
    return cmocka_run_group_tests_name("proxy quirks and fetch fallback", tests, NULL, NULL);
}
