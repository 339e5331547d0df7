/*
 * subs.h - the subscriptions of each proxied agent
 * (Device.LocalAgent.Subscription.{i}., TR-181 2.15; TR-369
 * "Notifications and Subscription Mechanism"), kept per device in the
 * LMDB objects database, and the pure helpers of notifications: reference
 * matching (ReferenceList against a changed path) and the TR-369 R-NOT.1
 * retry wait.
 *
 * objects keys (docs/ARCHITECTURE.md "State (LMDB)"):
 *   device key NUL "Device.LocalAgent.Subscription.N." -> one subscription:
 *     u8 version (1), then pairs u16 length + parameter name, u32 length +
 *     value text (the parameters as a Get shows them). Unknown names are
 *     skipped by readers (compatible additions).
 *   device key NUL "Device.LocalAgent.Subscription." -> the table's next
 *     instance number: u8 version (1), u32 (instance numbers are never
 *     reused).
 */
#ifndef PROXY_SUBS_H
#define PROXY_SUBS_H

#include <stddef.h>
#include <stdint.h>

#include "proxy/store.h"

#define PX_SUBS_TABLE      "Device.LocalAgent.Subscription."
#define PX_SUB_KEY_MAX     64   /* TR-181: ID and Alias are string(64) */
#define PX_SUB_STR_MAX     256  /* Recipient */
#define PX_SUB_REFLIST_MAX 4096 /* ReferenceList, a comma-separated list */

/* TR-181 Device.LocalAgent.Subscription.{i}.NotifType (OnBoardRequest is
 * not a subscription type). */
enum px_notif_type {
    PX_NOTIF_NONE = 0, /* "": not set yet, notifies nothing */
    PX_NOTIF_VALUE_CHANGE,
    PX_NOTIF_OBJ_CREATION,
    PX_NOTIF_OBJ_DELETION,
    PX_NOTIF_OPER_COMPLETE,
    PX_NOTIF_EVENT,
};

struct px_sub {
    uint32_t instance;
    int enable;           /* default false */
    char *alias;          /* "cpe-N" when not given */
    char *id;             /* unique per agent; generated when not given */
    char *recipient;      /* "Device.LocalAgent.Controller.N" */
    char *reference_list; /* comma-separated paths */
    enum px_notif_type notif_type;
    int persistent;            /* survives the CPE's reboot */
    uint32_t time_to_live;     /* seconds after CreationDate; 0: forever */
    int notif_retry;           /* send_resp true, retried until NotifyResp */
    uint32_t notif_expiration; /* seconds a Notify is retried; 0: no limit */
    int64_t creation_date;     /* unix seconds */
};

void px_sub_clear(struct px_sub *s);
/* Fills s with the TR-181 defaults (strings ""). 0, or -1 out of memory. */
int px_sub_init(struct px_sub *s, uint32_t instance, int64_t now);

const char *px_notif_type_name(enum px_notif_type t);

/*
 * Sets parameter name (relative to the instance: "NotifType") from value
 * text, checking it. Returns 0, or the USP error with a sentence in why:
 * 7010 (not a parameter of the object), 7013 (CreationDate is read-only),
 * 7012 (a value out of range or not of the parameter's type, a
 * ReferenceList item that is not a path, a Recipient that is not a
 * Controller instance path).
 */
int px_sub_set_param(struct px_sub *s, const char *name, const char *value, char *why,
                     size_t why_len);

/* Calls fn with each parameter name and value text, in name order. */
void px_sub_params(const struct px_sub *s,
                   void (*fn)(void *arg, const char *name, const char *value), void *arg);

/* Whether the subscription outlived its TimeToLive at now. */
int px_sub_expired(const struct px_sub *s, int64_t now);

/* Record codec (layout above); the decoder treats the bytes as untrusted. */
int px_sub_encode(const struct px_sub *s, uint8_t **buf, size_t *len);
int px_sub_decode(const void *buf, size_t len, uint32_t instance, struct px_sub *s, char *why,
                  size_t why_len);

/* ---- the objects database ---- */
/* Calls fn for each subscription of the device in instance order (fn
 * returns nonzero to stop, must not write). Unreadable records are
 * skipped with a log line. */
int px_subs_foreach(struct px_store *st, const char *dev_key,
                    int (*fn)(void *arg, const struct px_sub *s), void *arg);
int px_subs_get(struct px_store *st, const char *dev_key, uint32_t instance, struct px_sub *out);
int px_subs_put(struct px_store *st, const char *dev_key, const struct px_sub *s);
int px_subs_delete(struct px_store *st, const char *dev_key, uint32_t instance);
/* Takes the table's next instance number (persisted). */
int px_subs_next_instance(struct px_store *st, const char *dev_key, uint32_t *instance);
/* Copies every subscription of the device into *out (px_subs_free). */
int px_subs_load(struct px_store *st, const char *dev_key, struct px_sub **out, size_t *n);
void px_subs_free(struct px_sub *subs, size_t n);

/* ---- pure helpers ---- */
/*
 * Whether reference ref (a ReferenceList item) covers the concrete path
 * (a parameter, an object instance, or an event "Device.Boot!"): segment
 * by segment equal, '*' matching any instance number, and a partial ref
 * (ending in '.') covering everything below it. 1 yes, 0 no, -1 the
 * structure matches but ref has a search expression or reference
 * following: the caller decides with data (map_resolve).
 */
int px_ref_match(const char *ref, const char *path);

/*
 * TR-369 R-NOT.1/R-NOT.2: the wait in seconds before retry number
 * retry (1 = the first re-send) with minimum wait m seconds and interval
 * multiplier k (thousandths): m*(k/1000)^(retry-1) + r01 * the width of
 * the range up to m*(k/1000)^retry; from the tenth retry on, the range of
 * the tenth. r01 is a random number in [0, 1). At least 1.
 */
uint32_t px_notify_retry_wait(unsigned retry, unsigned m, unsigned k, double r01);

#endif /* PROXY_SUBS_H */
