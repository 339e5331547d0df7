/*
 * queue.h - the per-device request queue: USP requests accepted for a CPE
 * and waiting for its next CWMP session, kept durably so that every
 * accepted request is answered exactly once, also across a crash.
 *
 * Key: device key, NUL, 8-byte big-endian sequence number (meta "seq", a
 * global monotonic counter), so a device's entries sort in arrival order.
 * Value (version 1, big-endian): u8 version, i64 accepted time, i64
 * deadline (unix seconds, 0 = none), u16+bytes USP msg_id, u16+bytes
 * controller Endpoint ID, u16+bytes reply topic, u32+bytes plan (opaque:
 * the CWMP plan the mapping layer encodes).
 * Version 2 appends u16 attempts: the CWMP sessions that broke while the
 * entry was at the head of the queue (proxy/quirks.c gives up after a
 * few). It is written only when attempts > 0, so an entry never
 * interrupted stays version 1 (readable by older builds); a version-2
 * value with 0 attempts is not canonical and refused.
 */
#ifndef PROXY_QUEUE_H
#define PROXY_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "proxy/store.h"

#define PX_QUEUE_STR_MAX  1024              /* msg_id, controller, reply topic */
#define PX_QUEUE_PLAN_MAX (4 * 1024 * 1024) /* an encoded plan */

struct px_queue_entry {
    uint64_t seq; /* set by px_queue_push */
    char *msg_id;
    char *controller;  /* Endpoint ID of the requesting controller */
    char *reply_topic; /* may be "" */
    int64_t accepted;  /* unix seconds */
    int64_t deadline;  /* unix seconds; 0 = none */
    uint8_t *plan;
    size_t plan_len;
    uint16_t attempts; /* broken sessions so far (version 2) */
};

void px_queue_entry_clear(struct px_queue_entry *e);

/* Appends e to the device's queue; *seq (may be NULL) gets its number. */
int px_queue_push(struct px_store *s, const char *dev_key, const struct px_queue_entry *e,
                  uint64_t *seq);

/*
 * Calls fn for each entry of the device in order. The entry is valid
 * during the call only; fn returns nonzero to stop and must not write.
 */
typedef int (*px_queue_fn)(void *arg, const char *dev_key, const struct px_queue_entry *e);
int px_queue_foreach(struct px_store *s, const char *dev_key, px_queue_fn fn, void *arg);

/* Copies the entry seq, or the first entry of the device (px_queue_head),
 * into e (cleared by the caller); PX_STORE_NOT_FOUND when absent. */
int px_queue_get(struct px_store *s, const char *dev_key, uint64_t seq, struct px_queue_entry *e);
int px_queue_head(struct px_store *s, const char *dev_key, struct px_queue_entry *e);

/* Counts one broken session against entry seq (rewritten as version 2);
 * *attempts gets the new count. PX_STORE_NOT_FOUND when absent. */
int px_queue_note_broken(struct px_store *s, const char *dev_key, uint64_t seq, uint16_t *attempts);

/* Removes one entry; PX_STORE_NOT_FOUND when absent. */
int px_queue_remove(struct px_store *s, const char *dev_key, uint64_t seq);

/* Number of entries of the device. */
int px_queue_count(struct px_store *s, const char *dev_key, size_t *n);

/* Calls fn once per device that has entries, in key order (recovery after
 * a restart: wake each of them). fn returns nonzero to stop. */
int px_queue_devices(struct px_store *s, int (*fn)(void *arg, const char *dev_key), void *arg);

/*
 * Removes every entry whose deadline is set and <= now, calling fn for
 * each one first (the daemon answers it with a USP error, from a commit
 * hook: the removal is only durable after the commit). fn may be NULL and
 * must not write. *n_expired may be NULL. Scans the whole queue. Entries
 * that cannot be decoded are removed too (they could never run nor be
 * answered, and would block their device's queue), without calling fn;
 * they are not counted in *n_expired.
 */
int px_queue_expire(struct px_store *s, int64_t now, px_queue_fn fn, void *arg, size_t *n_expired);

/* Value codec, exposed for the fuzz target. The decoded entry owns copies. */
int px_queue_encode(const struct px_queue_entry *e, uint8_t **buf, size_t *len);
int px_queue_decode(const void *buf, size_t len, struct px_queue_entry *e, char *why,
                    size_t why_len);

#endif /* PROXY_QUEUE_H */
