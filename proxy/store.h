/*
 * store.h - the LMDB state of cwmp2uspd: one environment, named databases,
 * group commit per event-loop turn, and an explicit fsync policy.
 *
 * Group commit: every write made while serving one libevent loop turn goes
 * into one write transaction. px_store_write_txn() opens it on first use
 * and activates the store's end-of-turn event; that event commits. A write
 * call returning 0 means "staged"; the data is committed (and visible to
 * other processes) only when the hooks registered with px_store_on_commit()
 * report status 0. The proxy tells a controller "accepted", or publishes,
 * from such a hook, never before.
 *
 * Ordering guarantee (libevent 2.1): the end-of-turn event has priority
 * commit_priority (default 0, the highest). libevent runs the callbacks that
 * are active in one loop iteration in priority order, FIFO within a
 * priority, and stops a lower-priority queue as soon as a higher-priority
 * callback becomes active. So the commit runs after every callback of
 * priority <= commit_priority that was already active when the turn's first
 * write happened (and, when the writer runs at a lower priority, right after
 * that writer's callback), and before the loop polls the kernel for new I/O.
 * A turn is therefore bounded by one poll's batch of ready events; work
 * activated later falls into the next turn. Without an event base (tools,
 * benchmarks) nothing commits by itself: call px_store_commit().
 *
 * Sync policies (what a crash can lose):
 *   always   - each commit fsyncs (mdb_txn_commit) before the hooks run.
 *              A power loss loses nothing that a hook reported committed.
 *              Costs one fsync per turn (about 50 ms on these disks).
 *   interval - the env is opened with MDB_NOSYNC; a helper thread calls
 *              mdb_env_sync() every sync_interval_ms, so the loop never
 *              blocks on fsync. A power loss (or kernel crash) can lose the
 *              commits of the last interval (plus the sync's own duration).
 *   never    - MDB_NOSYNC and no helper thread: the OS writes back when it
 *              likes (typically within 30 s on Linux).
 * In every mode a process crash (SIGKILL, abort) loses nothing committed:
 * the pages are in the OS page cache. px_store_close() always syncs. With
 * MDB_NOSYNC, LMDB keeps atomicity and consistency only if the filesystem
 * preserves write order (LMDB documentation); durability is what is traded.
 *
 * Several processes may share one environment (LMDB's lock file). LMDB
 * allows one writer at a time across all of them, and a turn holds the
 * write lock until its commit, so turns must stay short.
 *
 * Status convention of every px_ store function: 0 on success,
 * PX_STORE_NOT_FOUND (1) when a looked-up key is absent, -1 on error with a
 * sentence in px_store_errmsg().
 */
#ifndef PROXY_STORE_H
#define PROXY_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <lmdb.h>

struct event_base;
struct px_store;

#define PX_STORE_NOT_FOUND 1

/* Layout version of the databases below; kept in meta under "schema". */
#define PX_STORE_SCHEMA_VERSION 2

/* The named databases; docs/ARCHITECTURE.md "State (LMDB)" documents each
 * key and value layout. */
enum px_store_db {
    PX_DB_DEVICES,   /* device key -> device record (device.h) */
    PX_DB_ENDPOINTS, /* USP Endpoint ID -> device key (index of devices) */
    PX_DB_PARAMS,    /* device key NUL path -> parameter cache (params.h) */
    PX_DB_QUEUE,     /* device key NUL seq -> queued request (queue.h) */
    PX_DB_OPS,       /* device key NUL CommandKey -> pending async operation */
    PX_DB_OBJECTS,   /* device key NUL object path -> synthesized object */
    PX_DB_INSTMAP,   /* device key NUL kind path -> mapped path */
    PX_DB_OUTBOX,    /* seq -> notification/response not yet acked (outbox.h) */
    PX_DB_META,      /* name -> schema version, counters */
    PX_DB_NOTIFY,    /* Notifies awaiting NotifyResp (notify.c): outbox seq <-> msg_id */
    PX_DB_COUNT
};

enum px_store_sync { PX_STORE_SYNC_ALWAYS, PX_STORE_SYNC_INTERVAL, PX_STORE_SYNC_NEVER };

struct px_store_options {
    const char *path;          /* directory of data.mdb/lock.mdb; created if missing */
    size_t map_size;           /* bytes; 0 means PX_STORE_DEFAULT_MAP_SIZE */
    enum px_store_sync sync;   /* fsync policy, see above */
    unsigned sync_interval_ms; /* for PX_STORE_SYNC_INTERVAL; 0 means 1000 */
    int commit_priority;       /* libevent priority of the end-of-turn event */
};

#define PX_STORE_DEFAULT_MAP_SIZE ((size_t)1 << 30)

/* Counters for tests and metrics. */
struct px_store_stats {
    uint64_t commits;         /* write transactions committed */
    uint64_t commit_failures; /* turns aborted (write or commit error) */
    uint64_t syncs;           /* mdb_env_sync calls made by the helper thread */
    uint64_t sync_failures;   /* of which failed */
};

/*
 * Opens (creating what is missing) the environment at opt->path and its
 * databases, and checks the schema version. base may be NULL: then nothing
 * commits by itself. On failure returns -1 and writes why into err.
 */
int px_store_open(struct event_base *base, const struct px_store_options *opt,
                  struct px_store **out, char *err, size_t err_len);

/* Commits the pending turn (running its hooks), syncs, stops the helper
 * thread and closes. NULL is accepted. */
void px_store_close(struct px_store *s);

/* The last error of s, a sentence ("" when none). */
const char *px_store_errmsg(const struct px_store *s);

void px_store_get_stats(const struct px_store *s, struct px_store_stats *out);

/* The schema version found at open (PX_STORE_SCHEMA_VERSION). */
uint32_t px_store_schema_version(const struct px_store *s);

/* ---------------------------------------------------------------------
 * Transactions and group commit.
 * ------------------------------------------------------------------- */

/*
 * The write transaction of the current turn, opened on first use; the
 * commit is scheduled for the end of the turn. Do not keep the pointer past
 * the current callback, and never commit or abort it yourself.
 */
int px_store_write_txn(struct px_store *s, MDB_txn **txn);

/*
 * A transaction to read with: the turn's write transaction when one is open
 * (so reads see this turn's uncommitted writes), else a reused read-only
 * transaction (mdb_txn_reset/renew) that is reset at the end of the turn.
 */
int px_store_read_txn(struct px_store *s, MDB_txn **txn);

/*
 * Called once when the current turn's transaction is committed (status 0)
 * or has failed (status -1, why says what failed, e.g. the map is full).
 * Registering a hook when nothing was written still waits for the end of
 * the turn. A hook may write: that starts the next turn.
 */
typedef void (*px_store_hook_fn)(void *arg, int status, const char *why);
int px_store_on_commit(struct px_store *s, px_store_hook_fn fn, void *arg);

/*
 * Ends the turn now: commits the write transaction (or aborts it when a
 * write failed), resets the read transaction and runs the hooks. The
 * end-of-turn event calls this; so can callers without an event base.
 * Returns the status the hooks received.
 */
int px_store_commit(struct px_store *s);

/* Whether a write transaction is open in this turn. */
int px_store_in_turn(const struct px_store *s);

/* ---------------------------------------------------------------------
 * For the px_ modules: database handles, sequence numbers, errors, and
 * raw access for the databases without a module of their own (ops,
 * objects, instmap).
 * ------------------------------------------------------------------- */

MDB_dbi px_store_dbi(const struct px_store *s, enum px_store_db db);

/* Next value of the global monotonic sequence (meta "seq"), in the turn's
 * write transaction. The first value is 1. */
int px_store_next_seq(struct px_store *s, uint64_t *seq);

/* Sets the error message (printf format). Returns -1. */
int px_store_set_error(struct px_store *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Records an LMDB error of a write (put/del) on what: the turn's
 * transaction can no longer commit and its hooks will report failure.
 * Returns -1. */
int px_store_write_failed(struct px_store *s, int rc, const char *what);

int px_store_put(struct px_store *s, enum px_store_db db, const void *key, size_t key_len,
                 const void *val, size_t val_len);
/* Copies the value into a malloc'd buffer *val (NUL-terminated beyond
 * *val_len, for convenience) that the caller frees. */
int px_store_get(struct px_store *s, enum px_store_db db, const void *key, size_t key_len,
                 void **val, size_t *val_len);
int px_store_del(struct px_store *s, enum px_store_db db, const void *key, size_t key_len);

/* Calls fn for every entry whose key starts with prefix, in key order;
 * fn returns nonzero to stop. Key and value are valid during the call
 * only; fn must not write to the store. */
typedef int (*px_store_entry_fn)(void *arg, const MDB_val *key, const MDB_val *val);
int px_store_foreach_prefix(struct px_store *s, enum px_store_db db, const void *prefix,
                            size_t prefix_len, px_store_entry_fn fn, void *arg);

/* Deletes every entry whose key starts with prefix; *n_deleted may be NULL. */
int px_store_del_prefix(struct px_store *s, enum px_store_db db, const void *prefix,
                        size_t prefix_len, size_t *n_deleted);

/* Number of entries in db. */
int px_store_count(struct px_store *s, enum px_store_db db, size_t *n);

/* ---------------------------------------------------------------------
 * Record encoding helpers shared by the px_ modules: a growing write
 * buffer and a bounds-checked reader (records read back from disk are
 * untrusted).
 * ------------------------------------------------------------------- */

struct px_wbuf {
    uint8_t *data;
    size_t len, cap;
    int oom; /* set once an allocation failed; later writes are ignored */
};

void px_wbuf_u8(struct px_wbuf *b, uint8_t v);
void px_wbuf_u16(struct px_wbuf *b, uint16_t v);
void px_wbuf_u32(struct px_wbuf *b, uint32_t v);
void px_wbuf_u64(struct px_wbuf *b, uint64_t v);
void px_wbuf_bytes(struct px_wbuf *b, const void *p, size_t n);
void px_wbuf_free(struct px_wbuf *b);

struct px_rbuf {
    const uint8_t *p;
    size_t left;
};

int px_rbuf_u8(struct px_rbuf *r, uint8_t *v);
int px_rbuf_u16(struct px_rbuf *r, uint16_t *v);
int px_rbuf_u32(struct px_rbuf *r, uint32_t *v);
int px_rbuf_u64(struct px_rbuf *r, uint64_t *v);
/* Points *p at the next n bytes (no copy). */
int px_rbuf_bytes(struct px_rbuf *r, size_t n, const uint8_t **p);
/* Copies a u16-length-prefixed string of at most max bytes without NUL
 * bytes into a new NUL-terminated string. */
int px_rbuf_str16(struct px_rbuf *r, size_t max, char **out);

void px_store_put_be64(uint8_t *p, uint64_t v);
uint64_t px_store_get_be64(const uint8_t *p);

#endif /* PROXY_STORE_H */
