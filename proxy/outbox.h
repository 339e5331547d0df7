/*
 * outbox.h - USP records (notifications, and responses) published but not
 * yet acknowledged, kept so they are retried after a failure or a restart.
 *
 * Key: 8-byte big-endian sequence number (meta "seq"), so entries sort in
 * the order they were made.
 * Value (version 1, big-endian): u8 version, u32 attempts, i64 next
 * attempt time (unix seconds), u16+bytes agent Endpoint ID, u16+bytes
 * controller Endpoint ID, u16+bytes topic, u32+bytes encoded USP Record.
 */
#ifndef PROXY_OUTBOX_H
#define PROXY_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "proxy/store.h"

#define PX_OUTBOX_STR_MAX    1024
#define PX_OUTBOX_RECORD_MAX (4 * 1024 * 1024)

struct px_outbox_entry {
    uint64_t seq;     /* set by px_outbox_push */
    char *agent;      /* Endpoint ID of the proxied agent */
    char *controller; /* Endpoint ID of the controller */
    char *topic;      /* where to publish */
    uint8_t *record;  /* the encoded USP Record */
    size_t record_len;
    uint32_t attempts;
    int64_t next_attempt; /* unix seconds */
};

void px_outbox_entry_clear(struct px_outbox_entry *e);

/* Adds e (attempts and next_attempt as given); *seq may be NULL. */
int px_outbox_push(struct px_store *s, const struct px_outbox_entry *e, uint64_t *seq);

/* Calls fn, in sequence order, for each entry with next_attempt <= now.
 * The entry is valid during the call only; fn returns nonzero to stop and
 * must not write. */
typedef int (*px_outbox_fn)(void *arg, const struct px_outbox_entry *e);
int px_outbox_foreach_due(struct px_store *s, int64_t now, px_outbox_fn fn, void *arg);

/* Counts an attempt and sets the next attempt time. */
int px_outbox_mark_attempt(struct px_store *s, uint64_t seq, int64_t next_attempt);

/* Removes an entry (acknowledged); PX_STORE_NOT_FOUND when absent. */
int px_outbox_remove(struct px_store *s, uint64_t seq);

/* Reads one entry (owned copies: px_outbox_entry_clear it). */
int px_outbox_get(struct px_store *s, uint64_t seq, struct px_outbox_entry *e);

int px_outbox_count(struct px_store *s, size_t *n);

/* Value codec, exposed for the fuzz target. */
int px_outbox_encode(const struct px_outbox_entry *e, uint8_t **buf, size_t *len);
int px_outbox_decode(const void *buf, size_t len, struct px_outbox_entry *e, char *why,
                     size_t why_len);

#endif /* PROXY_OUTBOX_H */
