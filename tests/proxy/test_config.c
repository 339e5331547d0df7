/*
 * test_config.c - cwmp2uspd.conf: defaults, loading, errors, validation,
 * printing, and agreement with the man page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "proxy/config.h"

static int setup(void **state)
{
    struct px_config *cfg = calloc(1, sizeof(*cfg));
    if (cfg == NULL || px_config_defaults(cfg) != 0)
        return -1;
    *state = cfg;
    return 0;
}

static int teardown(void **state)
{
    px_config_free(*state);
    free(*state);
    return 0;
}

static void test_defaults_run_the_demo(void **state)
{
    struct px_config *cfg = *state;
    char err[256];

    assert_int_equal(px_config_validate(cfg, err, sizeof(err)), 0);
    assert_string_equal(cfg->acs_listen, "127.0.0.1:7547");
    assert_string_equal(cfg->mqtt_host, "127.0.0.1");
    assert_int_equal(cfg->mqtt_port, 1883);
    assert_int_equal(cfg->mqtt_version, PX_MQTT_V5);
    assert_int_equal(cfg->sync, PX_SYNC_INTERVAL);
    assert_int_equal(cfg->acs_auth, PX_AUTH_DIGEST);
    assert_int_equal(cfg->n_controllers, 1);
    assert_string_equal(cfg->controllers[0].endpoint_id, "proto::cwmp2usp-controller");
    assert_string_equal(cfg->agent_topic, "usp/agent/{endpoint_id}");
}

static void test_load_overrides(void **state)
{
    struct px_config *cfg = *state;
    char err[256] = "";
    const char *text = "# comment\n"
                       "[daemon]\nlog_level = debug\n"
                       "[store]\nsync = always\nmap_size_mb = 64\n"
                       "[acs]\nlisten = [::1]:17547\nreuse_port = yes\n"
                       "[usp]\nendpoint_scheme = ops\n"
                       "[mqtt]\nversion = 3.1.1\nmode = per-agent\nqos = 0\n";

    assert_int_equal(px_config_load_string(cfg, text, "t.conf", err, sizeof(err)), 0);
    assert_int_equal(cfg->log_level, PX_LOG_DEBUG);
    assert_int_equal(cfg->sync, PX_SYNC_ALWAYS);
    assert_int_equal(cfg->map_size_mb, 64);
    assert_string_equal(cfg->acs_listen, "[::1]:17547");
    assert_true(cfg->acs_reuse_port);
    assert_int_equal(cfg->endpoint_scheme, PX_EID_OPS);
    assert_int_equal(cfg->mqtt_version, PX_MQTT_V311);
    assert_int_equal(cfg->mqtt_mode, PX_MQTT_PER_AGENT);
    assert_int_equal(cfg->mqtt_qos, 0);
    /* untouched keys keep their defaults */
    assert_int_equal(cfg->mqtt_port, 1883);
}

struct bad_case {
    const char *text;
    const char *expect; /* substring of the error */
};

static const struct bad_case bad_cases[] = {
    {"[nosuch]\nkey = 1\n", "bad.conf:2: unknown section [nosuch]"},
    {"[acs]\n\nlisten_addr = x\n", "bad.conf:3: unknown key \"listen_addr\" in [acs]"},
    {"orphan = 1\n", "bad.conf:1: key \"orphan\" outside of any [section]"},
    {"[mqtt]\nport = 70000\n", "bad.conf:2: port: 70000 is out of range 1..65535"},
    {"[mqtt]\nport = 18x\n", "bad.conf:2: port: \"18x\" is not a whole number"},
    {"[mqtt]\ntls = maybe\n", "bad.conf:2: tls: \"maybe\" is not a boolean"},
    {"[store]\nsync = sometimes\n", "sync: \"sometimes\" is not one of always, interval, never"},
    {"[controller]\ntopic = x\n", "bad.conf:2: [controller] needs a name"},
    {"[controller a]\nroles = x\n", "unknown key \"roles\" in [controller a]"},
    {"[acs\nlisten = x\n", "bad.conf:1: syntax error"},
};

static void test_load_errors_name_file_and_line(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
        struct px_config cfg;
        char err[256] = "";
        assert_int_equal(px_config_defaults(&cfg), 0);
        assert_int_equal(px_config_load_string(&cfg, bad_cases[i].text, "bad.conf", err,
                                               sizeof(err)),
                         -1);
        if (strstr(err, bad_cases[i].expect) == NULL)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, err, bad_cases[i].expect);
        px_config_free(&cfg);
    }
}

static void test_long_line_is_an_error(void **state)
{
    char text[600], err[256] = "";
    memset(text, 'a', sizeof(text));
    memcpy(text, "[daemon]\nstate_dir = ", 21);
    text[sizeof(text) - 2] = '\n';
    text[sizeof(text) - 1] = '\0';
    assert_int_equal(px_config_load_string(*state, text, "l.conf", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "l.conf:2: line longer than"));
}

static void test_missing_file(void **state)
{
    char err[256] = "";
    assert_int_equal(px_config_load(*state, "/nonexistent/c.conf", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "/nonexistent/c.conf: cannot open"));
}

static void test_controllers_replace_default(void **state)
{
    struct px_config *cfg = *state;
    char err[256] = "";
    const char *text = "[controller noc]\nendpoint_id = self::noc\ntopic = usp/c/noc\n"
                       "[controller lab]\nendpoint_id = self::lab\n"
                       "[controller noc]\ntopic = usp/c/noc2\n";

    assert_int_equal(px_config_load_string(cfg, text, "c.conf", err, sizeof(err)), 0);
    assert_int_equal(cfg->n_controllers, 2);
    assert_string_equal(cfg->controllers[0].name, "noc");
    assert_string_equal(cfg->controllers[0].endpoint_id, "self::noc");
    assert_string_equal(cfg->controllers[0].topic, "usp/c/noc2");
    assert_string_equal(cfg->controllers[1].name, "lab");
    assert_string_equal(cfg->controllers[1].topic, "usp/controller"); /* key default */
}

static void test_validate(void **state)
{
    struct {
        const char *text;
        const char *expect;
    } cases[] = {
        {"[acs]\ntls_cert = /c.pem\n", "tls_cert and tls_key go together"},
        {"[acs]\ntls_verify_client = require\n", "tls_verify_client needs tls_ca"},
        {"[acs]\npath = acs\n", "path must be empty (any path) or start with /"},
        {"[usp]\nagent_topic = usp/agent\n", "agent_topic must contain {endpoint_id}"},
        {"[daemon]\nstate_dir =\n", "state_dir must not be empty"},
        {"[mqtt]\ntls_key = /k.pem\n", "[mqtt] tls_cert and tls_key"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct px_config cfg;
        char err[256] = "";
        assert_int_equal(px_config_defaults(&cfg), 0);
        assert_int_equal(px_config_load_string(&cfg, cases[i].text, "v.conf", err, sizeof(err)),
                         0);
        assert_int_equal(px_config_validate(&cfg, err, sizeof(err)), -1);
        if (strstr(err, cases[i].expect) == NULL)
            fail_msg("case %zu: got \"%s\", want \"%s\"", i, err, cases[i].expect);
        px_config_free(&cfg);
    }
}

/* What px_config_print writes loads back into the same configuration. */
static void test_print_round_trip(void **state)
{
    struct px_config *cfg = *state, again;
    char err[256] = "", *text = NULL;
    size_t len = 0;
    FILE *f;

    assert_int_equal(px_config_load_string(cfg,
                                           "[mqtt]\nport = 8883\npassword = secret\n"
                                           "[controller x]\nendpoint_id = self::x\n",
                                           "p.conf", err, sizeof(err)),
                     0);
    f = open_memstream(&text, &len);
    assert_non_null(f);
    px_config_print(cfg, f);
    fclose(f);
    assert_null(strstr(text, "secret")); /* secrets are masked */
    assert_non_null(strstr(text, "password = ********"));
    assert_int_equal(px_config_defaults(&again), 0);
    assert_int_equal(px_config_load_string(&again, text, "printed", err, sizeof(err)), 0);
    assert_int_equal(again.mqtt_port, 8883);
    assert_int_equal(again.n_controllers, 1);
    assert_string_equal(again.controllers[0].endpoint_id, "self::x");
    assert_string_equal(again.acs_listen, cfg->acs_listen);
    px_config_free(&again);
    free(text);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    char *buf;
    long n;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Every key of the table is documented, in its section, with its default. */
static void test_man_page_documents_every_key(void **state)
{
    const char *top = getenv("abs_top_srcdir");
    char path[4096], heading[128], entry[128], dflt[256];
    char *man;
    (void)state;

    snprintf(path, sizeof(path), "%s/docs/man/cwmp2uspd.conf.5", top ? top : ".");
    man = read_file(path);
    assert_non_null(man);
    for (size_t i = 0; i < px_config_key_count(); i++) {
        const char *section, *name, *def;
        const char *sec_at, *key_at, *next;
        assert_int_equal(px_config_key_at(i, &section, &name, &def), 0);
        snprintf(heading, sizeof(heading), ".SH \"[%s%s]\"", section,
                 strcmp(section, "controller") ? "" : " NAME");
        snprintf(entry, sizeof(entry), ".TP\n.B %s\n", name);
        snprintf(dflt, sizeof(dflt), "Default: %s\n", *def ? def : "empty");
        sec_at = strstr(man, heading);
        if (sec_at == NULL)
            fail_msg("man page has no section %s", heading);
        key_at = strstr(sec_at, entry);
        next = key_at ? strstr(key_at + strlen(entry), ".SH") : NULL;
        if (key_at == NULL || (next && key_at > next))
            fail_msg("man page does not document %s.%s", section, name);
        next = strstr(key_at + strlen(entry), ".TP");
        if (next == NULL)
            next = strstr(key_at + strlen(entry), ".SH");
        {
            const char *d = strstr(key_at, dflt);
            if (d == NULL || (next && d > next))
                fail_msg("man page entry of %s.%s lacks \"%s\"", section, name, dflt);
        }
    }
    free(man);
}

/* px_config_diff names the keys that differ (what SIGHUP cannot apply),
 * skipping the ignored ones; controllers count as one key. */
static void test_diff(void **state)
{
    struct px_config *a = *state, b;
    static const char *const ignore[] = {"daemon.log_level", NULL};
    char out[256], err[256], v[64];

    assert_int_equal(px_config_defaults(&b), 0);
    assert_int_equal(px_config_diff(a, &b, NULL, out, sizeof(out)), 0);
    assert_string_equal(out, "");
    assert_int_equal(px_config_load_string(&b,
                                           "[daemon]\nlog_level = debug\n[mqtt]\nhost = broker\n"
                                           "port = 1884\n[acs]\ncpe_wait_timeout = 5\n",
                                           "d.conf", err, sizeof(err)),
                     0);
    assert_int_equal(px_config_diff(a, &b, NULL, out, sizeof(out)), 4);
    assert_string_equal(out, "daemon.log_level, acs.cpe_wait_timeout, mqtt.host, mqtt.port");
    assert_int_equal(px_config_diff(a, &b, ignore, out, sizeof(out)), 3);
    assert_string_equal(out, "acs.cpe_wait_timeout, mqtt.host, mqtt.port");
    assert_int_equal(px_config_diff(a, &b, ignore, NULL, 0), 3);
    assert_int_equal(px_config_diff(a, &b, ignore, out, 12), 3); /* cut, terminated */
    assert_string_equal(out, "acs.cpe_wai");

    assert_int_equal(px_config_load_string(&b, "[controller x]\nendpoint_id = proto::x\n", "c.conf",
                                           err, sizeof(err)),
                     0);
    assert_int_equal(px_config_diff(a, &b, ignore, out, sizeof(out)), 4);
    assert_non_null(strstr(out, "controllers"));

    assert_int_equal(px_config_format_value(&b, "daemon", "log_level", v, sizeof(v)), 0);
    assert_string_equal(v, "debug");
    assert_int_equal(px_config_format_value(&b, "mqtt", "port", v, sizeof(v)), 0);
    assert_string_equal(v, "1884");
    assert_int_equal(px_config_format_value(&b, "mqtt", "tls", v, sizeof(v)), 0);
    assert_string_equal(v, "false");
    assert_int_equal(px_config_format_value(&b, "mqtt", "nosuch", v, sizeof(v)), -1);
    assert_int_equal(px_config_format_value(&b, "controller", "topic", v, sizeof(v)), -1);
    px_config_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_defaults_run_the_demo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_overrides, setup, teardown),
        cmocka_unit_test(test_load_errors_name_file_and_line),
        cmocka_unit_test_setup_teardown(test_long_line_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_controllers_replace_default, setup, teardown),
        cmocka_unit_test(test_validate),
        cmocka_unit_test_setup_teardown(test_print_round_trip, setup, teardown),
        cmocka_unit_test(test_man_page_documents_every_key),
        cmocka_unit_test_setup_teardown(test_diff, setup, teardown),
    };
    return cmocka_run_group_tests_name("px_config", tests, NULL, NULL);
}
