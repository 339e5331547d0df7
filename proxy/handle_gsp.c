/*
 * handle_gsp.c - GetSupportedProtocol (TR-369 "GetSupportedProtocol"):
 * answered by the proxy itself with the USP versions libusp speaks; the
 * CPE is not involved.
 */
#include "proxy/log.h"
#include "proxy/px.h"

void px_handle_gsp(struct px_daemon *d, const char *agent, const char *controller,
                   const char *reply_topic, const struct usp_msg *req)
{
    struct usp_msg *resp = usp_gspresp_new(usp_msg_id(req), USP_PROTO_VERSIONS);
    if (!resp) {
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "out of memory");
        return;
    }
    px_debug("%s: GetSupportedProtocol (controller speaks %s)", agent, usp_gsp_versions(req));
    px_publish_after_commit(d, agent, controller, reply_topic, resp);
}
