/*
 * notify.h - USP notifications of the proxied agents (TR-369 "Notify"):
 * sending them to a subscription's Recipient (notify.c), with send_resp
 * and the R-NOT.1 retries until the controller's NotifyResp; the CWMP
 * events that become notifications (events.c); the subscriptions as USP
 * objects (subs_usp.c); and the plan that asks the CPE to report value
 * changes, or polls it when it cannot (attrs.c).
 *
 * notify database (awaiting NotifyResp), keys and values big-endian:
 *   "s" u64 outbox seq -> u8 version (1), i64 expiry (unix s, 0: never),
 *                         u16+agent Endpoint ID, u16+msg_id,
 *                         u16+subscription_id
 *   "m" agent NUL msg_id -> u8 version (1), u64 outbox seq
 * The Record itself waits in the outbox (outbox.h) under that seq: it is
 * re-published when due and removed on the NotifyResp or at expiry.
 */
#ifndef PROXY_NOTIFY_H
#define PROXY_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "proxy/px.h"
#include "proxy/subs.h"

/* An OnBoardRequest has no NotifExpiration: it is retried this long. */
#define PX_ONBOARD_EXPIRATION_S 86400

/* ---- notify.c ---- */
/* A msg_id for a Notify the proxy originates (unique across restarts). */
int px_notify_msg_id(struct px_daemon *d, char *buf, size_t len);
/*
 * Sends msg (a Notify; taken) from agent to controller's configured
 * topic. send_resp false: published after the commit. send_resp true:
 * kept in the outbox and re-published with the R-NOT.1 wait until the
 * NotifyResp with its msg_id arrives or expiration seconds (0: never)
 * have passed. 0, or -1 (logged) when it could not be queued.
 */
int px_notify_send(struct px_daemon *d, const char *agent, const char *controller,
                   struct usp_msg *msg, int send_resp, uint32_t expiration);
/*
 * For the outbox flush: whether entry seq is a Notify awaiting its
 * NotifyResp. 0: no (an ordinary Record); 1: yes, keep it after
 * publishing and publish again at *next; -1: it expired (its notify
 * records are removed; the caller removes the outbox entry).
 */
int px_notify_outbox_policy(struct px_daemon *d, uint64_t seq, uint32_t attempts, int64_t now,
                            int64_t *next);
/* A NotifyResp from controller to agent (usp_rx.c). */
void px_notify_resp(struct px_daemon *d, const char *agent, const char *controller,
                    const struct usp_msg *m);
/* The configured controller a Recipient path names, or NULL. */
const struct px_controller *px_notify_recipient(const struct px_daemon *d, const char *recipient);

/* Codec of an "s" record, exposed for the fuzz target. */
struct px_notify_ack {
    int64_t expires;
    char *agent, *msg_id, *subscription_id;
};
int px_notify_ack_encode(const struct px_notify_ack *a, uint8_t **buf, size_t *len);
int px_notify_ack_decode(const void *buf, size_t len, struct px_notify_ack *a, char *why,
                         size_t why_len);
void px_notify_ack_clear(struct px_notify_ack *a);

/* ---- events.c ---- */
/*
 * The Inform hook (acs.c), called before the device record and the
 * Inform's parameters are stored (it compares them with the cache):
 * OnBoardRequest at first contact and 0 BOOTSTRAP, Boot! on 1 BOOT (after
 * dropping the non-Persistent subscriptions), Periodic! on 2 PERIODIC,
 * ValueChange for changed parameters, and the attribute plan. May change
 * dev->flags (stored by the caller).
 */
void px_events_inform(struct px_daemon *d, const char *dev_key, struct px_device *dev, int is_new,
                      const struct cwmp_msg *inform);
/* Notifies the ValueChange subscriptions that cover path. */
void px_notify_value_change(struct px_daemon *d, const char *dev_key, const char *agent,
                            const char *path, const char *value);
/* ObjectCreation (unique keys as names/values) / ObjectDeletion of an
 * object instance path ("Device.NAT.PortMapping.3."). */
void px_notify_obj_creation(struct px_daemon *d, const char *dev_key, const char *agent,
                            const char *obj_path, const char *const *key_names,
                            const char *const *key_values, size_t n_keys);
void px_notify_obj_deletion(struct px_daemon *d, const char *dev_key, const char *agent,
                            const char *obj_path);
/*
 * OperationComplete of command_name ("Download()") of obj_path
 * ("Device.") to the matching OperationComplete subscriptions: the output
 * arguments when err_code is 0, else a CommandFailure.
 */
void px_notify_oper_complete(struct px_daemon *d, const char *dev_key, const char *agent,
                             const char *obj_path, const char *command_name,
                             const char *command_key, const struct map_values *output_args,
                             uint32_t err_code, const char *err_msg);

/* ---- attrs.c: plan kind PX_PLAN_ATTRS ---- */
extern const struct px_plan_ops px_attrs_ops;
/*
 * Queues the attribute plan of the device (once: not when one is queued
 * and not started): SetParameterAttributes Notification=2 for what
 * enabled ValueChange subscriptions reference, 0 for what they no longer
 * do, and GetParameterValues of what the CPE cannot report (polling).
 * wake: get the CPE after the commit (no session is coming by itself).
 */
int px_attrs_enqueue(struct px_daemon *d, const char *dev_key, int wake);
/* Whether the device needs the plan in each session (it is polled). */
int px_attrs_polled(struct px_daemon *d, const char *dev_key, uint32_t dev_flags);

/* ---- subs_usp.c: USP Add / Delete / Set under Device.LocalAgent. ---- */
void px_subs_handle_add(struct px_daemon *d, const char *dev_key, const char *agent,
                        const char *controller, const char *reply_topic, const struct usp_msg *req);
void px_subs_handle_delete(struct px_daemon *d, const char *dev_key, const char *agent,
                           const char *controller, const char *reply_topic,
                           const struct usp_msg *req);
void px_subs_handle_set(struct px_daemon *d, const char *dev_key, const char *agent,
                        const char *controller, const char *reply_topic, const struct usp_msg *req);
/* Whether every object path of a Set lies under Device.LocalAgent. */
int px_subs_owns_set(const struct usp_msg *req);

#endif /* PROXY_NOTIFY_H */
