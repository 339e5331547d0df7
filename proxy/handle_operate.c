/*
 * handle_operate.c - USP Operate for a proxied agent (TR-369 "Operate"):
 * Device.Reboot() and Device.FactoryReset() become the CWMP Reboot and
 * FactoryReset RPCs (TR-069 A.3.2.9, A.4.1.6) in the CPE's session. Both
 * are synchronous commands: the OperateResp (when send_resp is true) says
 * the CPE accepted the command, with no output arguments; a fault becomes
 * a cmd_failure (mapping: MAP_CTX_OPERATE). The asynchronous commands of
 * the table in ops.c (Device.IP.Diagnostics.IPPing(),
 * Device.DeviceInfo.FirmwareImage.{i}.Download()) have their input
 * arguments checked here (7027 as a cmd_failure: TR-369 R-OPR.1) and run
 * as PX_PLAN_ASYNC (ops_run.c). Other commands get Error 7026 at once (not
 * in the proxied data model yet). A command whose RPC the CPE is known not
 * to support (quirks.c) gets that cmd_failure at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/log.h"
#include "proxy/ops.h"
#include "proxy/px.h"

#define CMD_REBOOT        "Device.Reboot()"
#define CMD_FACTORY_RESET "Device.FactoryReset()"

/* A cmd_failure at once, without a session. */
static void answer_failure(struct px_daemon *d, const char *dev_key, const char *agent,
                           const char *controller, const char *reply_topic,
                           const struct usp_msg *req, uint32_t err, const char *text)
{
    const char *cmd = usp_operate_command(req);
    struct usp_msg *m;

    px_info("%s: %s %s answered at once: %s", dev_key, cmd, usp_msg_id(req), text);
    if (!usp_operate_send_resp(req))
        return;
    m = usp_operateresp_new(usp_msg_id(req));
    if (!m || usp_operateresp_add_cmd_failure(m, cmd, err, text) != 0) {
        usp_msg_free(m);
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "out of memory");
        return;
    }
    px_publish_after_commit(d, agent, controller, reply_topic, m);
}

/* The CPE is known not to support the RPC (quirks.c: fault 9000 before,
 * or not in its GetRPCMethods list): the same cmd_failure a session would
 * bring, at once and without a session. */
static void answer_unsupported(struct px_daemon *d, const char *dev_key, const char *agent,
                               const char *controller, const char *reply_topic,
                               const struct usp_msg *req, enum cwmp_msg_type rpc, uint32_t flag)
{
    char text[300];
    snprintf(text, sizeof text, "the CPE does not support the CWMP %s RPC (learned: %s)",
             cwmp_msg_type_name(rpc), px_quirk_name(flag) ? px_quirk_name(flag) : "?");
    answer_failure(d, dev_key, agent, controller, reply_topic, req, USP_ERR_COMMAND_FAILURE, text);
}

/* An asynchronous command (ops.c): arguments checked, then queued. */
static void handle_async(struct px_daemon *d, const char *dev_key, const char *agent,
                         const char *controller, const char *reply_topic, const struct usp_msg *req,
                         const struct px_async_cmd *c)
{
    char why[400];
    uint32_t flag;
    int err = px_async_check_args(c, req, why, sizeof why);

    if (err) {
        answer_failure(d, dev_key, agent, controller, reply_topic, req, (uint32_t)err, why);
        return;
    }
    if (c->kind == PX_ASYNC_DOWNLOAD &&
        (flag = px_quirks_refuses(px_quirks_get(d, dev_key), CWMP_MSG_DOWNLOAD)) != 0) {
        answer_unsupported(d, dev_key, agent, controller, reply_topic, req, CWMP_MSG_DOWNLOAD,
                           flag);
        return;
    }
    if (px_work_enqueue(d, dev_key, agent, controller, reply_topic, PX_PLAN_ASYNC, req) != 0)
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "the proxy could not queue the request");
}

void px_handle_operate(struct px_daemon *d, const char *dev_key, const char *agent,
                       const char *controller, const char *reply_topic, const struct usp_msg *req)
{
    const char *cmd = usp_operate_command(req);
    const struct px_async_cmd *async;
    enum cwmp_msg_type rpc;
    uint32_t flag;
    char text[512], obj[MAP_NAME_MAX];

    if ((async = px_async_find(cmd, obj, sizeof obj)) != NULL) {
        handle_async(d, dev_key, agent, controller, reply_topic, req, async);
        return;
    }
    if (strcmp(cmd, CMD_REBOOT) != 0 && strcmp(cmd, CMD_FACTORY_RESET) != 0) {
        snprintf(text, sizeof text,
                 "command %.200s is not supported by this proxied agent (only " CMD_REBOOT
                 ", " CMD_FACTORY_RESET ", Device.IP.Diagnostics.IPPing() and "
                 "Device.DeviceInfo.FirmwareImage.{i}.Download()%s)",
                 cmd, px_async_known_name(cmd) ? ", by a path without wildcards or searches" : "");
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req), USP_ERR_INVALID_PATH,
                       text);
        return;
    }
    rpc = strcmp(cmd, CMD_REBOOT) == 0 ? CWMP_MSG_REBOOT : CWMP_MSG_FACTORY_RESET;
    if ((flag = px_quirks_refuses(px_quirks_get(d, dev_key), rpc)) != 0) {
        answer_unsupported(d, dev_key, agent, controller, reply_topic, req, rpc, flag);
        return;
    }
    if (px_work_enqueue(d, dev_key, agent, controller, reply_topic, PX_PLAN_OPERATE, req) != 0)
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "the proxy could not queue the request");
}

struct op_state {
    int sent;
    int fault; /* CWMP fault code, 0 = accepted */
    char *fault_text;
};

static int op_start(struct px_work *w)
{
    w->state = calloc(1, sizeof(struct op_state));
    return w->state ? 0 : -1;
}

/*
 * Whether an interrupted Reboot or FactoryReset was carried out all the
 * same: many CPEs reboot as soon as they have answered (or before), so the
 * session breaks; the next session's Inform then carries "M Reboot"
 * (TR-069 3.7.1.5) or, after a factory reset, "0 BOOTSTRAP". Sending the
 * RPC again would reboot or reset the CPE twice. Only the queue head runs,
 * so such an Inform after a broken attempt answers this entry.
 */
static int was_carried_out(struct px_work *w, const char *event)
{
    struct px_device dev = {0};
    int done = 0;

    if (w->attempts == 0 || px_device_get(w->d->store, w->dev_key, &dev) != 0)
        return 0;
    for (size_t i = 0; i < dev.n_events && !done; i++)
        done = strcmp(dev.events[i], event) == 0;
    px_device_clear(&dev);
    return done;
}

static struct cwmp_msg *op_next_rpc(struct px_work *w)
{
    struct op_state *st = w->state;
    struct cwmp_msg *m;
    int reboot = strcmp(usp_operate_command(w->req), CMD_REBOOT) == 0;

    if (st->sent)
        return NULL;
    st->sent = 1;
    if (was_carried_out(w, reboot ? "M Reboot" : "0 BOOTSTRAP")) {
        px_notice("%s: %s %s was carried out although its session broke: not sent again",
                  w->dev_key, reboot ? "Reboot" : "FactoryReset", w->msg_id);
        return NULL;
    }
    m = cwmp_msg_new(reboot ? CWMP_MSG_REBOOT : CWMP_MSG_FACTORY_RESET);
    if (m && reboot) {
        m->body.reboot.command_key = cwmp_msg_strdup(m, usp_operate_command_key(w->req));
        if (!m->body.reboot.command_key) {
            cwmp_msg_free(m);
            m = NULL;
        }
    }
    if (!m) {
        st->fault = CWMP_FAULT_INTERNAL_ERROR_ACS;
        st->fault_text = strdup("out of memory in the proxy");
    }
    return m;
}

static void op_on_response(struct px_work *w, const struct cwmp_msg *resp)
{
    struct op_state *st = w->state;
    if (resp->type == CWMP_MSG_FACTORY_RESET_RESPONSE) /* its 0 BOOTSTRAP: RemoteFactoryReset */
        px_device_update_flags(w->d->store, w->dev_key, PX_DEVFLAG_FACTORY_RESET_SENT, 0);
    if (resp->type == CWMP_MSG_REBOOT_RESPONSE || resp->type == CWMP_MSG_FACTORY_RESET_RESPONSE)
        return;
    st->fault = resp->type == CWMP_MSG_FAULT ? resp->body.fault.code : CWMP_FAULT_INTERNAL_ERROR;
    free(st->fault_text);
    st->fault_text =
        strdup(resp->type == CWMP_MSG_FAULT && resp->body.fault.string ? resp->body.fault.string
                                                                       : "unexpected answer");
}

static struct usp_msg *op_finish(struct px_work *w)
{
    struct op_state *st = w->state;
    const char *cmd = usp_operate_command(w->req);
    struct usp_msg *m;
    char text[400];
    int bad;

    if (!usp_operate_send_resp(w->req)) {
        w->no_response = 1; /* a synchronous command: no OperationComplete */
        return NULL;
    }
    m = usp_operateresp_new(usp_msg_id(w->req));
    if (!m)
        return NULL;
    if (st->fault) {
        snprintf(text, sizeof text, "the CPE answered CWMP fault %d (%s)", st->fault,
                 st->fault_text ? st->fault_text : "");
        bad = usp_operateresp_add_cmd_failure(
            m, cmd, (uint32_t)map_fault_to_usp(st->fault, MAP_CTX_OPERATE), text);
    } else {
        bad = usp_operateresp_add_output_args(m, cmd);
    }
    if (bad) {
        usp_msg_free(m);
        return NULL;
    }
    return m;
}

static void op_free(struct px_work *w)
{
    struct op_state *st = w->state;
    if (st)
        free(st->fault_text);
    free(st);
    w->state = NULL;
}

const struct px_plan_ops px_operate_ops = {
    PX_PLAN_OPERATE, op_start, op_next_rpc, op_on_response, op_finish, op_free,
};
