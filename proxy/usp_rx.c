/*
 * usp_rx.c - a Record received for a proxied agent: the agent-side checks
 * (usp_record_receive, TR-369 R-MTP.5), the controller check (only
 * configured controllers may talk to the agents), and dispatch by
 * message type to the handlers (handle_*.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/log.h"
#include "proxy/notify.h"
#include "proxy/px.h"

static int is_ours(void *ctx, const char *endpoint_id)
{
    struct px_daemon *d = ctx;
    return usp_mqtt_agent_topic(d->mqtt, endpoint_id) != NULL;
}

static void dispatch(struct px_daemon *d, const char *agent, const char *controller,
                     const char *reply_to, const struct usp_msg *msg)
{
    enum usp_msg_type t = usp_msg_type(msg);
    char key[PX_DEVICE_KEY_MAX + 1];
    struct px_device dev = {0};
    char text[160];

    px_debug("%s -> %s: %s %s", controller, agent, usp_msg_type_name(t), usp_msg_id(msg));
    switch (t) {
    case USP_MSG_GET_SUPPORTED_PROTO:
        px_handle_gsp(d, agent, controller, reply_to, msg);
        return;
    case USP_MSG_GET:
    case USP_MSG_SET:
    case USP_MSG_OPERATE:
    case USP_MSG_ADD:
    case USP_MSG_DELETE:
    case USP_MSG_GET_INSTANCES:
    case USP_MSG_GET_SUPPORTED_DM:
        if (px_device_get_by_endpoint(d->store, agent, &dev, key) != 0) {
            px_reply_error(d, agent, controller, reply_to, usp_msg_id(msg), USP_ERR_INTERNAL_ERROR,
                           "the proxy lost track of this agent's device");
            return;
        }
        px_device_clear(&dev);
        if (t == USP_MSG_GET)
            px_handle_get(d, key, agent, controller, reply_to, msg);
        else if (t == USP_MSG_SET)
            px_handle_set(d, key, agent, controller, reply_to, msg);
        else if (t == USP_MSG_ADD)
            px_handle_add(d, key, agent, controller, reply_to, msg);
        else if (t == USP_MSG_DELETE)
            px_handle_delete(d, key, agent, controller, reply_to, msg);
        else if (t == USP_MSG_GET_INSTANCES)
            px_handle_get_instances(d, key, agent, controller, reply_to, msg);
        else if (t == USP_MSG_GET_SUPPORTED_DM)
            px_handle_gsdm(d, key, agent, controller, reply_to, msg);
        else
            px_handle_operate(d, key, agent, controller, reply_to, msg);
        return;
    case USP_MSG_NOTIFY_RESP:
        px_notify_resp(d, agent, controller, msg); /* notify.c: the Notify is delivered */
        return;
    default:
        break;
    }
    if (usp_msg_type_is_response(t) || t == USP_MSG_ERROR)
        return; /* R-MTP.5: never answer a response */
    /* TR-369 "Error": a request the Agent does not support gets 7001. */
    snprintf(text, sizeof text, "%s is not supported by this proxied agent yet",
             usp_msg_type_name(t) ? usp_msg_type_name(t) : "this message type");
    px_reply_error(d, agent, controller, reply_to, usp_msg_id(msg), USP_ERR_MESSAGE_NOT_SUPPORTED,
                   text);
}

void px_usp_receive(struct px_daemon *d, const char *agent_id, const uint8_t *payload, size_t len,
                    const char *reply_to)
{
    struct usp_endpoints ours = {NULL, 0, is_ours, d};
    struct usp_rx rx;
    const char *from, *to;

    memset(&rx, 0, sizeof rx);
    switch (usp_record_receive(payload, len, &ours, &rx)) {
    case USP_RX_DROP:
        px_info("dropped a record on %s: %s", agent_id ? agent_id : "(unrouted)", rx.diag.text);
        break;
    case USP_RX_CONNECT:
    case USP_RX_DISCONNECT:
        break;
    case USP_RX_ERROR:
    case USP_RX_MSG:
        from = usp_record_from_id(rx.record);
        to = usp_record_to_id(rx.record);
        if (!px_daemon_controller(d, from)) {
            /* Not a configured controller: drop and log (no answer). */
            px_warn("dropped a record from %s to %s: not a configured controller", from, to);
            break;
        }
        if (rx.action == USP_RX_MSG) {
            dispatch(d, to, from, reply_to, rx.msg);
        } else {
            px_info("record from %s to %s refused: %d %s", from, to, rx.diag.code, rx.diag.text);
            px_reply_error(d, to, from, reply_to, rx.msg_id ? rx.msg_id : "unknown",
                           (uint32_t)rx.diag.code, rx.diag.text);
        }
        break;
    }
    usp_rx_clear(&rx);
}
