/*
 * test_admin_parse.c - the request language of the admin socket
 * (proxy/admin_parse.c): each command with and without arguments, the
 * bounds, and what is refused (unknown words, bad numbers, control and
 * non-ASCII bytes, overlong lines and ids), plus the socket path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "proxy/admin.h"

static int parse(const char *line, struct px_admin_req *req, char *why, size_t why_len)
{
    why[0] = '\0';
    return px_admin_parse(line, strlen(line), req, why, why_len);
}

/* The line must be refused with a reason containing want. */
static void refused(const char *line, const char *want)
{
    struct px_admin_req req;
    char why[256];

    assert_int_equal(parse(line, &req, why, sizeof why), -1);
    if (strstr(why, want) == NULL)
        fail_msg("\"%s\": reason \"%s\" does not mention \"%s\"", line, why, want);
}

static void test_devices_defaults(void **state)
{
    struct px_admin_req req;
    char why[256];

    (void)state;
    assert_int_equal(parse("devices", &req, why, sizeof why), 0);
    assert_int_equal(req.cmd, PX_ADMIN_DEVICES);
    assert_int_equal(req.offset, 0);
    assert_int_equal(req.limit, PX_ADMIN_PAGE_DEFAULT);
}

static void test_devices_paging(void **state)
{
    struct px_admin_req req;
    char why[256];

    (void)state;
    assert_int_equal(parse("devices 250", &req, why, sizeof why), 0);
    assert_int_equal(req.offset, 250);
    assert_int_equal(req.limit, PX_ADMIN_PAGE_DEFAULT);
    assert_int_equal(parse("  devices\t999999 1000 \r", &req, why, sizeof why), 0);
    assert_int_equal(req.offset, 999999);
    assert_int_equal(req.limit, 1000);
    assert_int_equal(parse("devices 4294967295 1", &req, why, sizeof why), 0);
    assert_int_equal(req.offset, UINT32_MAX);
    assert_int_equal(req.limit, 1);
}

static void test_devices_bad_numbers(void **state)
{
    (void)state;
    refused("devices -1", "OFFSET");
    refused("devices 1x", "OFFSET");
    refused("devices 4294967296", "OFFSET");
    refused("devices 99999999999999999999", "OFFSET");
    refused("devices 0 0", "LIMIT");
    refused("devices 0 1001", "LIMIT");
    refused("devices 0 ten", "LIMIT");
    refused("devices 1 2 3", "usage: devices");
}

static void test_device_by_key_or_endpoint(void **state)
{
    struct px_admin_req req;
    char why[256];

    (void)state;
    assert_int_equal(parse("device os::00D09E-SIM000001", &req, why, sizeof why), 0);
    assert_int_equal(req.cmd, PX_ADMIN_DEVICE);
    assert_string_equal(req.id, "os::00D09E-SIM000001");
    assert_int_equal(parse("device 00D09E-SimGateway-SIM000001\r", &req, why, sizeof why), 0);
    assert_string_equal(req.id, "00D09E-SimGateway-SIM000001");
}

static void test_device_bad(void **state)
{
    char id[PX_DEVICE_KEY_MAX + 16];
    char line[sizeof id + 16];

    (void)state;
    refused("device", "usage: device");
    refused("device a b", "usage: device");
    memset(id, 'A', PX_DEVICE_KEY_MAX + 1);
    id[PX_DEVICE_KEY_MAX + 1] = '\0';
    snprintf(line, sizeof line, "device %s", id);
    refused(line, "longer than");
    /* exactly the maximum is accepted */
    id[PX_DEVICE_KEY_MAX] = '\0';
    snprintf(line, sizeof line, "device %s", id);
    {
        struct px_admin_req req;
        char why[256];
        assert_int_equal(parse(line, &req, why, sizeof why), 0);
        assert_int_equal(strlen(req.id), PX_DEVICE_KEY_MAX);
    }
}

static void test_stats(void **state)
{
    struct px_admin_req req;
    char why[256];

    (void)state;
    assert_int_equal(parse("stats", &req, why, sizeof why), 0);
    assert_int_equal(req.cmd, PX_ADMIN_STATS);
    refused("stats now", "usage: stats");
}

static void test_unknown_and_empty(void **state)
{
    (void)state;
    refused("", "empty request");
    refused(" \t ", "empty request");
    refused("reboot everything", "unknown command \"reboot\"");
    refused("DEVICES", "unknown command");
    refused("devicesx", "unknown command");
    refused("a b c d e", "too many words");
}

static void test_refuses_unprintable_bytes(void **state)
{
    struct px_admin_req req;
    char why[256];
    const char nul[] = "stats\0x";

    (void)state;
    refused("device os::\x01", "byte 0x01");
    refused("device os::\xc3\xa9", "not printable ASCII");
    refused("stats\x7f", "byte 0x7f");
    /* an embedded NUL is a byte like any other: refused, not a terminator */
    assert_int_equal(px_admin_parse(nul, sizeof nul - 1, &req, why, sizeof why), -1);
    assert_non_null(strstr(why, "0x00"));
}

static void test_line_bound(void **state)
{
    struct px_admin_req req;
    char why[256];
    char *line = malloc(PX_ADMIN_LINE_MAX + 2);

    (void)state;
    assert_non_null(line);
    memset(line, ' ', PX_ADMIN_LINE_MAX + 1);
    memcpy(line, "stats", 5);
    /* PX_ADMIN_LINE_MAX bytes (spaces after the word) is a valid line */
    assert_int_equal(px_admin_parse(line, PX_ADMIN_LINE_MAX, &req, why, sizeof why), 0);
    /* one more byte is refused */
    assert_int_equal(px_admin_parse(line, PX_ADMIN_LINE_MAX + 1, &req, why, sizeof why), -1);
    assert_non_null(strstr(why, "longer than"));
    free(line);
}

static void test_socket_path(void **state)
{
    struct px_config cfg;
    char buf[PX_ADMIN_SOCK_PATH_MAX + 1], why[256], longdir[200];

    (void)state;
    assert_int_equal(px_config_defaults(&cfg), 0);
    assert_int_equal(px_admin_socket_path(&cfg, buf, sizeof buf, why, sizeof why), 0);
    assert_string_equal(buf, "cwmp2usp-state/admin.sock");
    free(cfg.admin_socket);
    cfg.admin_socket = strdup("/run/cwmp2usp/ctl.sock");
    assert_int_equal(px_admin_socket_path(&cfg, buf, sizeof buf, why, sizeof why), 0);
    assert_string_equal(buf, "/run/cwmp2usp/ctl.sock");
    /* a path that does not fit sockaddr_un is refused, not truncated */
    memset(longdir, 'd', sizeof longdir - 1);
    longdir[sizeof longdir - 1] = '\0';
    free(cfg.admin_socket);
    cfg.admin_socket = strdup("");
    free(cfg.state_dir);
    cfg.state_dir = strdup(longdir);
    assert_int_equal(px_admin_socket_path(&cfg, buf, sizeof buf, why, sizeof why), -1);
    assert_non_null(strstr(why, "admin_socket"));
    px_config_free(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_devices_defaults),
        cmocka_unit_test(test_devices_paging),
        cmocka_unit_test(test_devices_bad_numbers),
        cmocka_unit_test(test_device_by_key_or_endpoint),
        cmocka_unit_test(test_device_bad),
        cmocka_unit_test(test_stats),
        cmocka_unit_test(test_unknown_and_empty),
        cmocka_unit_test(test_refuses_unprintable_bytes),
        cmocka_unit_test(test_line_bound),
        cmocka_unit_test(test_socket_path),
    };
    return cmocka_run_group_tests_name("px_admin_parse", tests, NULL, NULL);
}
