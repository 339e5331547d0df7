/*
 * usp_interop_tool.c - the C side of the usp-js interoperability test
 * (tests/usp/test_interop.js).
 *
 *   usp_interop_tool build DIR   writes Records built by libusp to DIR/<name>.bin
 *   usp_interop_tool decode FILE runs the Agent receive checks on a Record
 *                                and prints its key fields, one key=value a line
 *
 * The agent's Endpoint IDs are those starting with "os::"; the controller
 * is CONTROLLER below.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usp/usp.h"

#define AGENT      "os::00D09E-SN42"
#define CONTROLLER "self::usp-js"

/* ---- build --------------------------------------------------------------- */

static int write_file(const char *dir, const char *name, const uint8_t *buf, size_t len)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "usp_interop_tool: cannot write %s: %s\n", path, strerror(errno));
        if (f)
            fclose(f);
        return -1;
    }
    return 0;
}

/* Wraps m (freed) in a Record from the agent to the controller and writes it. */
static int write_msg(const char *dir, const char *name, struct usp_msg *m)
{
    uint8_t *buf;
    size_t len;
    int rc;

    if (m == NULL || usp_record_wrap_msg(CONTROLLER, AGENT, m, &buf, &len) != 0) {
        fprintf(stderr, "usp_interop_tool: cannot build %s\n", name);
        usp_msg_free(m);
        return -1;
    }
    usp_msg_free(m);
    rc = write_file(dir, name, buf, len);
    free(buf);
    return rc;
}

static struct usp_msg *build_getresp(void)
{
    struct usp_msg *m = usp_getresp_new("get-1");
    if (usp_getresp_add_path_result(m, "Device.DeviceInfo.", 0, NULL) ||
        usp_getresp_add_resolved_path(m, "Device.DeviceInfo.") ||
        usp_getresp_add_result_param(m, "Manufacturer", "ACME") ||
        usp_getresp_add_result_param(m, "SerialNumber", "SN42") ||
        usp_getresp_add_path_result(m, "Device.Nope.", USP_ERR_INVALID_PATH, "Invalid path")) {
        usp_msg_free(m);
        return NULL;
    }
    return m;
}

static struct usp_msg *build_setresp(void)
{
    struct usp_msg *m = usp_setresp_new("set-1");
    if (usp_setresp_add_success(m, "Device.WiFi.SSID.1.") ||
        usp_setresp_add_inst(m, "Device.WiFi.SSID.1.") ||
        usp_setresp_add_updated_param(m, "SSID", "home") ||
        usp_setresp_add_failure(m, "Device.Time.", USP_ERR_OBJECT_NOT_UPDATED, "not updated")) {
        usp_msg_free(m);
        return NULL;
    }
    return m;
}

static struct usp_msg *build_gsdmresp(void)
{
    struct usp_msg *m = usp_gsdmresp_new("gsdm-1");
    if (usp_gsdmresp_add_req_obj_result(m, "Device.IP.", 0, NULL, "urn:bbf:tr-181") ||
        usp_gsdmresp_add_supported_obj(m, "Device.IP.Interface.{i}.", USP_OBJ_ADD_DELETE, 1) ||
        usp_gsdmresp_add_param(m, "Enable", USP_PARAM_READ_WRITE, USP_VT_BOOLEAN, USP_VC_ALLOWED) ||
        usp_gsdmresp_add_command(m, "Reset()", USP_CMD_SYNC) ||
        usp_gsdmresp_add_unique_key_set(m) || usp_gsdmresp_add_unique_key(m, "Alias")) {
        usp_msg_free(m);
        return NULL;
    }
    return m;
}

static struct usp_msg *build_notify_boot(void)
{
    struct usp_msg *m = usp_notify_event_new("notify-1", "sub-boot", 1, "Device.", "Boot!");
    if (usp_notify_add_param(m, "Cause", "LocalReboot")) {
        usp_msg_free(m);
        return NULL;
    }
    return m;
}

static struct usp_msg *build_operateresp(void)
{
    struct usp_msg *m = usp_operateresp_new("op-1");
    if (usp_operateresp_add_output_args(m, "Device.X_Test()") ||
        usp_operateresp_add_output_arg(m, "Result", "ok") ||
        usp_operateresp_add_req_obj_path(m, "Device.IP.Diagnostics.IPPing()",
                                         "Device.LocalAgent.Request.1.")) {
        usp_msg_free(m);
        return NULL;
    }
    return m;
}

static struct usp_msg *build_error(void)
{
    struct usp_msg *m = usp_error_new("set-2", USP_ERR_INVALID_ARGUMENTS, "bad set");
    if (usp_error_add_param_err(m, "Device.X.Y", USP_ERR_PARAM_NOT_WRITEABLE, "read-only")) {
        usp_msg_free(m);
        return NULL;
    }
    return m;
}

/* Requests as a controller sends them (fuzz seeds, and usp-js checks them). */
static int write_request(const char *dir, const char *name, struct usp_msg *m)
{
    uint8_t *buf;
    size_t len;
    int rc;

    if (m == NULL || usp_record_wrap_msg(AGENT, CONTROLLER, m, &buf, &len) != 0) {
        fprintf(stderr, "usp_interop_tool: cannot build %s\n", name);
        usp_msg_free(m);
        return -1;
    }
    usp_msg_free(m);
    rc = write_file(dir, name, buf, len);
    free(buf);
    return rc;
}

static int build_requests(const char *dir)
{
    struct usp_gsdm_flags flags = {1, 1, 1, 1, 1};
    struct usp_msg *m;
    uint8_t *buf;
    size_t len;
    int rc = 0;

    m = usp_get_new("req-get", 1);
    if (usp_get_add_path(m, "Device.DeviceInfo.") || usp_get_add_path(m, "Device.WiFi.SSID.*."))
        rc = -1;
    rc |= write_request(dir, "req_get", m);
    m = usp_set_new("req-set", 1);
    if (usp_set_add_obj(m, "Device.WiFi.SSID.1.") || usp_set_add_param(m, "SSID", "guest", 1))
        rc = -1;
    rc |= write_request(dir, "req_set", m);
    m = usp_add_new("req-add", 0);
    if (usp_add_add_obj(m, "Device.IP.Interface.") || usp_add_add_param(m, "Alias", "w2", 0))
        rc = -1;
    rc |= write_request(dir, "req_add", m);
    m = usp_delete_new("req-del", 0);
    if (usp_delete_add_path(m, "Device.IP.Interface.3."))
        rc = -1;
    rc |= write_request(dir, "req_delete", m);
    m = usp_operate_new("req-op", "Device.Reboot()", "ck-1", 1);
    if (usp_operate_add_arg(m, "Cause", "RemoteReboot"))
        rc = -1;
    rc |= write_request(dir, "req_operate", m);
    m = usp_gsdm_new("req-gsdm", &flags);
    if (usp_gsdm_add_path(m, "Device."))
        rc = -1;
    rc |= write_request(dir, "req_gsdm", m);
    m = usp_getinst_new("req-gi", 1);
    if (usp_getinst_add_path(m, "Device.Hosts.Host."))
        rc = -1;
    rc |= write_request(dir, "req_getinst", m);
    rc |= write_request(dir, "req_gsp", usp_gsp_new("req-gsp", "1.3,1.4"));
    rc |= write_request(dir, "req_notify_resp", usp_notifyresp_new("notify-1", "sub-boot"));
    m = usp_register_new("req-reg", 1);
    if (usp_register_add_path(m, "Device.X_Svc."))
        rc = -1;
    rc |= write_request(dir, "req_register", m);
    if (usp_record_session_context(AGENT, CONTROLLER, 7, 1, 1, (const uint8_t *)"x", 1, &buf, &len))
        return -1;
    rc |= write_file(dir, "req_session_context", buf, len);
    free(buf);
    return rc;
}

static int cmd_build(const char *dir)
{
    uint8_t *buf;
    size_t len;
    int rc = 0;

    rc |= write_msg(dir, "getresp", build_getresp());
    rc |= write_msg(dir, "setresp", build_setresp());
    rc |= write_msg(dir, "gsdmresp", build_gsdmresp());
    rc |= write_msg(dir, "notify_boot", build_notify_boot());
    rc |= write_msg(
        dir, "notify_onboard",
        usp_notify_on_board_new("notify-2", "", 1, "00D09E", "IGD", "SN42", USP_PROTO_VERSIONS));
    rc |= write_msg(dir, "notify_value_change",
                    usp_notify_value_change_new("notify-3", "sub-vc", 0, "Device.X.Y", "42"));
    rc |= write_msg(dir, "operateresp", build_operateresp());
    rc |= write_msg(dir, "error", build_error());
    if (usp_record_mqtt_connect(CONTROLLER, AGENT, 1, "usp/agent/os::00D09E-SN42", &buf, &len))
        return 1;
    rc |= write_file(dir, "mqtt_connect", buf, len);
    free(buf);
    if (usp_record_disconnect(CONTROLLER, AGENT, USP_ERR_SESSION_CONTEXT_TERMINATED, "bye", &buf,
                              &len))
        return 1;
    rc |= write_file(dir, "disconnect", buf, len);
    free(buf);
    rc |= build_requests(dir);
    return rc ? 1 : 0;
}

/* ---- decode -------------------------------------------------------------- */

static int agent_ids(void *ctx, const char *id)
{
    (void)ctx;
    return strncmp(id, "os::", 4) == 0;
}

static void print_request(const struct usp_msg *m)
{
    size_t i, j;
    const char *k, *v;
    struct usp_param_setting p;
    struct usp_gsdm_flags f;

    switch (usp_msg_type(m)) {
    case USP_MSG_GET:
        printf("get.max_depth=%u\n", usp_get_max_depth(m));
        for (i = 0; i < usp_get_path_count(m); i++)
            printf("get.path=%s\n", usp_get_path(m, i));
        break;
    case USP_MSG_SET:
    case USP_MSG_ADD:
        printf("allow_partial=%d\n", usp_msg_allow_partial(m));
        for (i = 0; i < usp_msg_obj_count(m); i++) {
            printf("obj=%s\n", usp_msg_obj_path(m, i));
            for (j = 0; usp_msg_param(m, i, j, &p) == 0; j++)
                printf("param=%s=%s%s\n", p.param, p.value, p.required ? " (required)" : "");
        }
        break;
    case USP_MSG_DELETE:
        printf("allow_partial=%d\n", usp_msg_allow_partial(m));
        for (i = 0; i < usp_delete_path_count(m); i++)
            printf("delete.path=%s\n", usp_delete_path(m, i));
        break;
    case USP_MSG_OPERATE:
        printf("operate.command=%s\noperate.command_key=%s\noperate.send_resp=%d\n",
               usp_operate_command(m), usp_operate_command_key(m), usp_operate_send_resp(m));
        for (i = 0; usp_operate_arg(m, i, &k, &v) == 0; i++)
            printf("operate.arg=%s=%s\n", k, v);
        break;
    case USP_MSG_GET_SUPPORTED_DM:
        usp_gsdm_get_flags(m, &f);
        printf("gsdm.flags=%d%d%d%d%d\n", f.first_level_only, f.return_commands, f.return_events,
               f.return_params, f.return_unique_key_sets);
        for (i = 0; i < usp_gsdm_path_count(m); i++)
            printf("gsdm.path=%s\n", usp_gsdm_path(m, i));
        break;
    case USP_MSG_GET_INSTANCES:
        printf("getinst.first_level_only=%d\n", usp_getinst_first_level_only(m));
        for (i = 0; i < usp_getinst_path_count(m); i++)
            printf("getinst.path=%s\n", usp_getinst_path(m, i));
        break;
    case USP_MSG_GET_SUPPORTED_PROTO:
        printf("gsp.versions=%s\n", usp_gsp_versions(m));
        break;
    case USP_MSG_NOTIFY_RESP:
        printf("notify_resp.subscription_id=%s\n", usp_notifyresp_subscription_id(m));
        break;
    default:
        break;
    }
}

static int cmd_decode(const char *path)
{
    static const char *const action_names[] = {"drop", "msg", "connect", "disconnect", "error"};
    struct usp_endpoints ours = {NULL, 0, agent_ids, NULL};
    struct usp_rx rx;
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0, n;
    FILE *f = fopen(path, "rb");

    if (f == NULL) {
        fprintf(stderr, "usp_interop_tool: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    do {
        if (len == cap) {
            uint8_t *grown = realloc(buf, cap = cap ? cap * 2 : 4096);
            if (grown == NULL) {
                free(buf);
                fclose(f);
                return 1;
            }
            buf = grown;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);

    usp_record_receive(buf, len, &ours, &rx);
    free(buf);
    printf("action=%s\n", action_names[rx.action]);
    if (rx.diag.code)
        printf("err_code=%d\nerr_text=%s\n", rx.diag.code, rx.diag.text);
    if (rx.record) {
        printf("record.version=%s\nrecord.to_id=%s\nrecord.from_id=%s\nrecord.type=%s\n",
               usp_record_version(rx.record), usp_record_to_id(rx.record),
               usp_record_from_id(rx.record),
               usp_record_type_name(usp_record_type(rx.record))
                   ? usp_record_type_name(usp_record_type(rx.record))
                   : "none");
    }
    if (rx.msg) {
        printf("msg.id=%s\nmsg.type=%s\n", usp_msg_id(rx.msg),
               usp_msg_type_name(usp_msg_type(rx.msg)));
        print_request(rx.msg);
    }
    usp_rx_clear(&rx);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "build") == 0)
        return cmd_build(argv[2]);
    if (argc == 3 && strcmp(argv[1], "decode") == 0)
        return cmd_decode(argv[2]);
    fprintf(stderr, "usage: usp_interop_tool build DIR | decode FILE\n");
    return 2;
}
