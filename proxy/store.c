/*
 * store.c - the LMDB environment of cwmp2uspd: open and schema check,
 * group commit at the end of each event-loop turn, the fsync policy and its
 * helper thread, raw access to the named databases, record codec helpers.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <event2/event.h>

#include "proxy/store.h"

static const char *const db_names[PX_DB_COUNT] = {
    [PX_DB_DEVICES] = "devices", [PX_DB_ENDPOINTS] = "endpoints",
    [PX_DB_PARAMS] = "params",   [PX_DB_QUEUE] = "queue",
    [PX_DB_OPS] = "ops",         [PX_DB_OBJECTS] = "objects",
    [PX_DB_INSTMAP] = "instmap", [PX_DB_OUTBOX] = "outbox",
    [PX_DB_META] = "meta", [PX_DB_NOTIFY] = "notify",
};

struct hook {
    px_store_hook_fn fn;
    void *arg;
};

struct px_store {
    MDB_env *env;
    MDB_dbi dbi[PX_DB_COUNT];
    struct event *turn_end; /* NULL without an event base */
    int turn_scheduled;

    MDB_txn *wtxn;
    MDB_txn *rtxn;
    int rtxn_live;
    int turn_failed;
    char turn_why[256];

    struct hook *hooks;
    size_t n_hooks, cap_hooks;

    uint32_t schema;
    enum px_store_sync sync;
    unsigned sync_interval_ms;
    pthread_t syncer;
    int syncer_running;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int stop;

    uint64_t commits, commit_failures;
    _Atomic uint64_t committed_gen, syncs, sync_failures;
    char err[256];
};

int px_store_set_error(struct px_store *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(s->err, sizeof(s->err), fmt, ap);
    va_end(ap);
    return -1;
}

const char *px_store_errmsg(const struct px_store *s)
{
    return s->err;
}

int px_store_write_failed(struct px_store *s, int rc, const char *what)
{
    px_store_set_error(s, "%s: %s", what, mdb_strerror(rc));
    if (s->wtxn != NULL && !s->turn_failed) {
        s->turn_failed = 1;
        snprintf(s->turn_why, sizeof(s->turn_why), "%s", s->err);
    }
    return -1;
}

/* ---------------------------------------------------------------------
 * The helper thread of the `interval` sync policy.
 * ------------------------------------------------------------------- */

static void *syncer_main(void *arg)
{
    struct px_store *s = arg;
    uint64_t synced = 0;
    struct timespec at;

    pthread_mutex_lock(&s->mu);
    while (!s->stop) {
        clock_gettime(CLOCK_MONOTONIC, &at);
        at.tv_sec += s->sync_interval_ms / 1000;
        at.tv_nsec += (long)(s->sync_interval_ms % 1000) * 1000000L;
        if (at.tv_nsec >= 1000000000L) {
            at.tv_sec++;
            at.tv_nsec -= 1000000000L;
        }
        while (!s->stop && pthread_cond_timedwait(&s->cv, &s->mu, &at) != ETIMEDOUT)
            ;
        if (s->stop)
            break;
        uint64_t gen = atomic_load(&s->committed_gen);
        if (gen == synced)
            continue; /* nothing committed since the last sync */
        pthread_mutex_unlock(&s->mu);
        /* mdb_env_sync only flushes the data file; it is safe beside the
         * loop thread's transactions. */
        if (mdb_env_sync(s->env, 1) != 0)
            atomic_fetch_add(&s->sync_failures, 1);
        else
            synced = gen;
        atomic_fetch_add(&s->syncs, 1);
        pthread_mutex_lock(&s->mu);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

static int start_syncer(struct px_store *s, char *err, size_t err_len)
{
    pthread_condattr_t ca;
    int rc;

    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->cv, &ca);
    pthread_condattr_destroy(&ca);
    rc = pthread_create(&s->syncer, NULL, syncer_main, s);
    if (rc != 0) {
        snprintf(err, err_len, "cannot start the sync thread: %s", strerror(rc));
        pthread_cond_destroy(&s->cv);
        return -1;
    }
    s->syncer_running = 1;
    return 0;
}

static void stop_syncer(struct px_store *s)
{
    if (!s->syncer_running)
        return;
    pthread_mutex_lock(&s->mu);
    s->stop = 1;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->syncer, NULL);
    pthread_cond_destroy(&s->cv);
    s->syncer_running = 0;
}

/* ---------------------------------------------------------------------
 * Open, schema check, close.
 * ------------------------------------------------------------------- */

static void turn_end_cb(evutil_socket_t fd, short what, void *arg)
{
    struct px_store *s = arg;

    s->turn_scheduled = 0;
    (void)px_store_commit(s);
}

static int db_is_empty(MDB_txn *txn, MDB_dbi dbi)
{
    MDB_stat st;

    return mdb_stat(txn, dbi, &st) == 0 && st.ms_entries == 0;
}

/* Opens every named database (creating them) and checks meta "schema". */
static int open_dbs(struct px_store *s, const char *path, char *err, size_t err_len)
{
    MDB_txn *txn;
    MDB_val k = {6, "schema"}, v;
    uint8_t be[4];
    int rc, empty = 1;

    rc = mdb_txn_begin(s->env, NULL, 0, &txn);
    if (rc != 0) {
        snprintf(err, err_len, "store %s: cannot begin a transaction: %s", path, mdb_strerror(rc));
        return -1;
    }
    for (int i = 0; i < PX_DB_COUNT; i++) {
        rc = mdb_dbi_open(txn, db_names[i], MDB_CREATE, &s->dbi[i]);
        if (rc != 0) {
            snprintf(err, err_len, "store %s: cannot open database %s: %s", path, db_names[i],
                     mdb_strerror(rc));
            mdb_txn_abort(txn);
            return -1;
        }
        if (i != PX_DB_META && !db_is_empty(txn, s->dbi[i]))
            empty = 0;
    }
    rc = mdb_get(txn, s->dbi[PX_DB_META], &k, &v);
    if (rc == MDB_NOTFOUND && empty) {
        s->schema = PX_STORE_SCHEMA_VERSION;
        be[0] = (uint8_t)(s->schema >> 24);
        be[1] = (uint8_t)(s->schema >> 16);
        be[2] = (uint8_t)(s->schema >> 8);
        be[3] = (uint8_t)s->schema;
        v.mv_data = be;
        v.mv_size = 4;
        rc = mdb_put(txn, s->dbi[PX_DB_META], &k, &v, 0);
    } else if (rc == MDB_NOTFOUND) {
        snprintf(err, err_len, "store %s holds data but no schema version: not a cwmp2usp store?",
                 path);
        mdb_txn_abort(txn);
        return -1;
    } else if (rc == 0) {
        const uint8_t *p = v.mv_data;
        if (v.mv_size != 4) {
            snprintf(err, err_len, "store %s: schema version is %zu bytes long, expected 4", path,
                     v.mv_size);
            mdb_txn_abort(txn);
            return -1;
        }
        s->schema = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        if (s->schema != PX_STORE_SCHEMA_VERSION) {
            snprintf(err, err_len,
                     "store %s has schema version %u, this build reads version %u only", path,
                     (unsigned)s->schema, (unsigned)PX_STORE_SCHEMA_VERSION);
            mdb_txn_abort(txn);
            return -1;
        }
    }
    if (rc == 0)
        rc = mdb_txn_commit(txn);
    else
        mdb_txn_abort(txn);
    if (rc != 0) {
        snprintf(err, err_len, "store %s: cannot initialise: %s", path, mdb_strerror(rc));
        return -1;
    }
    return 0;
}

static int open_env(struct px_store *s, const struct px_store_options *opt, char *err,
                    size_t err_len)
{
    unsigned flags = MDB_NORDAHEAD; /* random access over a large map */
    size_t map = opt->map_size ? opt->map_size : PX_STORE_DEFAULT_MAP_SIZE;
    int rc;

    if (opt->sync != PX_STORE_SYNC_ALWAYS)
        flags |= MDB_NOSYNC;
    if (mkdir(opt->path, 0700) != 0 && errno != EEXIST) {
        snprintf(err, err_len, "store %s: cannot create the directory: %s", opt->path,
                 strerror(errno));
        return -1;
    }
    rc = mdb_env_create(&s->env);
    if (rc == 0)
        rc = mdb_env_set_maxdbs(s->env, PX_DB_COUNT);
    if (rc == 0)
        rc = mdb_env_set_mapsize(s->env, map);
    if (rc == 0)
        rc = mdb_env_open(s->env, opt->path, flags, 0600);
    if (rc != 0) {
        snprintf(err, err_len, "store %s: cannot open the LMDB environment: %s", opt->path,
                 mdb_strerror(rc));
        return -1;
    }
    return open_dbs(s, opt->path, err, err_len);
}

int px_store_open(struct event_base *base, const struct px_store_options *opt,
                  struct px_store **out, char *err, size_t err_len)
{
    struct px_store *s;

    *out = NULL;
    if (opt == NULL || opt->path == NULL || opt->path[0] == '\0') {
        snprintf(err, err_len, "store: no directory given");
        return -1;
    }
    if (opt->sync > PX_STORE_SYNC_NEVER) {
        snprintf(err, err_len, "store %s: unknown sync policy %d", opt->path, (int)opt->sync);
        return -1;
    }
    s = calloc(1, sizeof(*s));
    if (s == NULL) {
        snprintf(err, err_len, "store %s: out of memory", opt->path);
        return -1;
    }
    pthread_mutex_init(&s->mu, NULL);
    s->sync = opt->sync;
    s->sync_interval_ms = opt->sync_interval_ms ? opt->sync_interval_ms : 1000;
    if (open_env(s, opt, err, err_len) != 0)
        goto fail;
    if (base != NULL) {
        s->turn_end = event_new(base, -1, 0, turn_end_cb, s);
        if (s->turn_end == NULL ||
            event_priority_set(s->turn_end, opt->commit_priority < 0 ? 0 : opt->commit_priority) !=
                0) {
            snprintf(err, err_len, "store %s: cannot create the commit event (priority %d)",
                     opt->path, opt->commit_priority);
            goto fail;
        }
    }
    if (s->sync == PX_STORE_SYNC_INTERVAL && start_syncer(s, err, err_len) != 0)
        goto fail;
    *out = s;
    return 0;
fail:
    if (s->turn_end != NULL)
        event_free(s->turn_end);
    if (s->env != NULL)
        mdb_env_close(s->env);
    pthread_mutex_destroy(&s->mu);
    free(s);
    return -1;
}

void px_store_close(struct px_store *s)
{
    if (s == NULL)
        return;
    (void)px_store_commit(s);
    stop_syncer(s);
    if (s->rtxn != NULL)
        mdb_txn_abort(s->rtxn);
    mdb_env_sync(s->env, 1); /* clean shutdown is durable in every mode */
    mdb_env_close(s->env);
    if (s->turn_end != NULL)
        event_free(s->turn_end);
    pthread_mutex_destroy(&s->mu);
    free(s->hooks);
    free(s);
}

void px_store_get_stats(const struct px_store *s, struct px_store_stats *out)
{
    out->commits = s->commits;
    out->commit_failures = s->commit_failures;
    out->syncs = atomic_load(&((struct px_store *)s)->syncs);
    out->sync_failures = atomic_load(&((struct px_store *)s)->sync_failures);
}

uint32_t px_store_schema_version(const struct px_store *s)
{
    return s->schema;
}

/* ---------------------------------------------------------------------
 * Turns: the write transaction, the reused read transaction, hooks.
 * ------------------------------------------------------------------- */

static void schedule_turn_end(struct px_store *s)
{
    if (s->turn_end != NULL && !s->turn_scheduled) {
        s->turn_scheduled = 1;
        event_active(s->turn_end, EV_TIMEOUT, 0);
    }
}

int px_store_write_txn(struct px_store *s, MDB_txn **txn)
{
    int rc;

    *txn = NULL;
    if (s->turn_failed)
        return px_store_set_error(s, "this turn's write transaction already failed (%s)",
                                  s->turn_why);
    if (s->wtxn == NULL) {
        if (s->rtxn_live) {
            mdb_txn_reset(s->rtxn); /* reads now go through the write txn */
            s->rtxn_live = 0;
        }
        rc = mdb_txn_begin(s->env, NULL, 0, &s->wtxn);
        if (rc != 0) {
            s->wtxn = NULL;
            return px_store_set_error(s, "cannot begin a write transaction: %s", mdb_strerror(rc));
        }
        schedule_turn_end(s);
    }
    *txn = s->wtxn;
    return 0;
}

int px_store_read_txn(struct px_store *s, MDB_txn **txn)
{
    int rc;

    *txn = NULL;
    if (s->wtxn != NULL) {
        *txn = s->wtxn;
        return 0;
    }
    if (s->rtxn == NULL)
        rc = mdb_txn_begin(s->env, NULL, MDB_RDONLY, &s->rtxn);
    else if (!s->rtxn_live)
        rc = mdb_txn_renew(s->rtxn);
    else
        rc = 0;
    if (rc != 0) {
        if (s->rtxn != NULL) {
            mdb_txn_abort(s->rtxn);
            s->rtxn = NULL;
        }
        s->rtxn_live = 0;
        return px_store_set_error(s, "cannot begin a read transaction: %s", mdb_strerror(rc));
    }
    s->rtxn_live = 1;
    schedule_turn_end(s); /* release the snapshot at the end of the turn */
    *txn = s->rtxn;
    return 0;
}

int px_store_on_commit(struct px_store *s, px_store_hook_fn fn, void *arg)
{
    if (s->n_hooks == s->cap_hooks) {
        size_t cap = s->cap_hooks ? 2 * s->cap_hooks : 16;
        struct hook *h = realloc(s->hooks, cap * sizeof(*h));
        if (h == NULL)
            return px_store_set_error(s, "out of memory registering a commit hook");
        s->hooks = h;
        s->cap_hooks = cap;
    }
    s->hooks[s->n_hooks].fn = fn;
    s->hooks[s->n_hooks].arg = arg;
    s->n_hooks++;
    schedule_turn_end(s);
    return 0;
}

int px_store_in_turn(const struct px_store *s)
{
    return s->wtxn != NULL;
}

/* Runs the hooks registered so far; hooks registered meanwhile belong to
 * the next turn. */
static void run_hooks(struct px_store *s, int status, const char *why)
{
    struct hook *h = s->hooks;
    size_t n = s->n_hooks;

    if (n == 0)
        return;
    s->hooks = NULL;
    s->n_hooks = s->cap_hooks = 0;
    for (size_t i = 0; i < n; i++)
        h[i].fn(h[i].arg, status, why);
    free(h);
}

int px_store_commit(struct px_store *s)
{
    char why[256] = "";
    int status = 0, rc;

    if (s->rtxn_live) {
        mdb_txn_reset(s->rtxn);
        s->rtxn_live = 0;
    }
    if (s->wtxn != NULL) {
        MDB_txn *txn = s->wtxn;
        s->wtxn = NULL;
        if (s->turn_failed) {
            mdb_txn_abort(txn);
            snprintf(why, sizeof(why), "%s", s->turn_why);
            status = -1;
        } else if ((rc = mdb_txn_commit(txn)) != 0) {
            snprintf(why, sizeof(why), "commit failed: %s", mdb_strerror(rc));
            status = -1;
        } else {
            s->commits++;
            atomic_fetch_add(&s->committed_gen, 1);
        }
        if (status != 0) {
            s->commit_failures++;
            snprintf(s->err, sizeof(s->err), "%s", why);
        }
    }
    s->turn_failed = 0;
    s->turn_why[0] = '\0';
    run_hooks(s, status, status == 0 ? NULL : why);
    return status;
}

/* ---------------------------------------------------------------------
 * Raw access.
 * ------------------------------------------------------------------- */

MDB_dbi px_store_dbi(const struct px_store *s, enum px_store_db db)
{
    return s->dbi[db];
}

void px_store_put_be64(uint8_t *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

uint64_t px_store_get_be64(const uint8_t *p)
{
    uint64_t v = 0;

    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

int px_store_next_seq(struct px_store *s, uint64_t *seq)
{
    MDB_txn *txn;
    MDB_val k = {3, "seq"}, v;
    uint8_t be[8];
    uint64_t next = 1;
    int rc;

    if (px_store_write_txn(s, &txn) != 0)
        return -1;
    rc = mdb_get(txn, s->dbi[PX_DB_META], &k, &v);
    if (rc == 0 && v.mv_size == 8)
        next = px_store_get_be64(v.mv_data) + 1;
    else if (rc == 0)
        return px_store_set_error(s, "meta seq is %zu bytes long, expected 8", v.mv_size);
    else if (rc != MDB_NOTFOUND)
        return px_store_set_error(s, "reading meta seq: %s", mdb_strerror(rc));
    px_store_put_be64(be, next);
    v.mv_data = be;
    v.mv_size = 8;
    rc = mdb_put(txn, s->dbi[PX_DB_META], &k, &v, 0);
    if (rc != 0)
        return px_store_write_failed(s, rc, "writing meta seq");
    *seq = next;
    return 0;
}

int px_store_put(struct px_store *s, enum px_store_db db, const void *key, size_t key_len,
                 const void *val, size_t val_len)
{
    MDB_txn *txn;
    MDB_val k = {key_len, (void *)key}, v = {val_len, (void *)val};
    int rc;

    if (px_store_write_txn(s, &txn) != 0)
        return -1;
    rc = mdb_put(txn, s->dbi[db], &k, &v, 0);
    if (rc != 0) {
        char what[64];
        snprintf(what, sizeof(what), "writing to %s", db_names[db]);
        return px_store_write_failed(s, rc, what);
    }
    return 0;
}

int px_store_get(struct px_store *s, enum px_store_db db, const void *key, size_t key_len,
                 void **val, size_t *val_len)
{
    MDB_txn *txn;
    MDB_val k = {key_len, (void *)key}, v;
    int rc;

    *val = NULL;
    *val_len = 0;
    if (px_store_read_txn(s, &txn) != 0)
        return -1;
    rc = mdb_get(txn, s->dbi[db], &k, &v);
    if (rc == MDB_NOTFOUND)
        return PX_STORE_NOT_FOUND;
    if (rc != 0)
        return px_store_set_error(s, "reading %s: %s", db_names[db], mdb_strerror(rc));
    *val = malloc(v.mv_size + 1);
    if (*val == NULL)
        return px_store_set_error(s, "out of memory reading %s", db_names[db]);
    memcpy(*val, v.mv_data, v.mv_size);
    ((char *)*val)[v.mv_size] = '\0';
    *val_len = v.mv_size;
    return 0;
}

int px_store_del(struct px_store *s, enum px_store_db db, const void *key, size_t key_len)
{
    MDB_txn *txn;
    MDB_val k = {key_len, (void *)key};
    int rc;

    if (px_store_write_txn(s, &txn) != 0)
        return -1;
    rc = mdb_del(txn, s->dbi[db], &k, NULL);
    if (rc == MDB_NOTFOUND)
        return PX_STORE_NOT_FOUND;
    if (rc != 0) {
        char what[64];
        snprintf(what, sizeof(what), "deleting from %s", db_names[db]);
        return px_store_write_failed(s, rc, what);
    }
    return 0;
}

static int has_prefix(const MDB_val *k, const void *prefix, size_t len)
{
    return k->mv_size >= len && memcmp(k->mv_data, prefix, len) == 0;
}

int px_store_foreach_prefix(struct px_store *s, enum px_store_db db, const void *prefix,
                            size_t prefix_len, px_store_entry_fn fn, void *arg)
{
    MDB_txn *txn;
    MDB_cursor *c;
    MDB_val k = {prefix_len, (void *)prefix}, v;
    int rc;

    if (px_store_read_txn(s, &txn) != 0)
        return -1;
    rc = mdb_cursor_open(txn, s->dbi[db], &c);
    if (rc != 0)
        return px_store_set_error(s, "cursor on %s: %s", db_names[db], mdb_strerror(rc));
    rc = prefix_len ? mdb_cursor_get(c, &k, &v, MDB_SET_RANGE)
                    : mdb_cursor_get(c, &k, &v, MDB_FIRST);
    while (rc == 0 && has_prefix(&k, prefix, prefix_len)) {
        if (fn(arg, &k, &v) != 0)
            break;
        rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(c);
    if (rc != 0 && rc != MDB_NOTFOUND)
        return px_store_set_error(s, "scanning %s: %s", db_names[db], mdb_strerror(rc));
    return 0;
}

int px_store_del_prefix(struct px_store *s, enum px_store_db db, const void *prefix,
                        size_t prefix_len, size_t *n_deleted)
{
    MDB_txn *txn;
    MDB_cursor *c;
    MDB_val k = {prefix_len, (void *)prefix}, v;
    size_t n = 0;
    int rc;

    if (n_deleted != NULL)
        *n_deleted = 0;
    if (px_store_write_txn(s, &txn) != 0)
        return -1;
    rc = mdb_cursor_open(txn, s->dbi[db], &c);
    if (rc != 0)
        return px_store_set_error(s, "cursor on %s: %s", db_names[db], mdb_strerror(rc));
    rc = prefix_len ? mdb_cursor_get(c, &k, &v, MDB_SET_RANGE)
                    : mdb_cursor_get(c, &k, &v, MDB_FIRST);
    while (rc == 0 && has_prefix(&k, prefix, prefix_len)) {
        rc = mdb_cursor_del(c, 0);
        if (rc != 0)
            break;
        n++;
        /* seek again rather than trust the cursor position after a delete */
        k.mv_size = prefix_len;
        k.mv_data = (void *)prefix;
        rc = prefix_len ? mdb_cursor_get(c, &k, &v, MDB_SET_RANGE)
                        : mdb_cursor_get(c, &k, &v, MDB_FIRST);
    }
    mdb_cursor_close(c);
    if (rc != 0 && rc != MDB_NOTFOUND) {
        char what[64];
        snprintf(what, sizeof(what), "deleting a range of %s", db_names[db]);
        return px_store_write_failed(s, rc, what);
    }
    if (n_deleted != NULL)
        *n_deleted = n;
    return 0;
}

int px_store_count(struct px_store *s, enum px_store_db db, size_t *n)
{
    MDB_txn *txn;
    MDB_stat st;
    int rc;

    *n = 0;
    if (px_store_read_txn(s, &txn) != 0)
        return -1;
    rc = mdb_stat(txn, s->dbi[db], &st);
    if (rc != 0)
        return px_store_set_error(s, "stat of %s: %s", db_names[db], mdb_strerror(rc));
    *n = st.ms_entries;
    return 0;
}

/* ---------------------------------------------------------------------
 * Record codec helpers.
 * ------------------------------------------------------------------- */

static int wbuf_reserve(struct px_wbuf *b, size_t n)
{
    if (b->oom)
        return -1;
    if (b->cap - b->len >= n)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->len < n)
        cap *= 2;
    uint8_t *p = realloc(b->data, cap);
    if (p == NULL) {
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void px_wbuf_bytes(struct px_wbuf *b, const void *p, size_t n)
{
    if (n == 0 || wbuf_reserve(b, n) != 0)
        return;
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void px_wbuf_u8(struct px_wbuf *b, uint8_t v)
{
    px_wbuf_bytes(b, &v, 1);
}

void px_wbuf_u16(struct px_wbuf *b, uint16_t v)
{
    uint8_t be[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    px_wbuf_bytes(b, be, 2);
}

void px_wbuf_u32(struct px_wbuf *b, uint32_t v)
{
    uint8_t be[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    px_wbuf_bytes(b, be, 4);
}

void px_wbuf_u64(struct px_wbuf *b, uint64_t v)
{
    uint8_t be[8];
    px_store_put_be64(be, v);
    px_wbuf_bytes(b, be, 8);
}

void px_wbuf_free(struct px_wbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

int px_rbuf_bytes(struct px_rbuf *r, size_t n, const uint8_t **p)
{
    if (r->left < n)
        return -1;
    *p = r->p;
    r->p += n;
    r->left -= n;
    return 0;
}

int px_rbuf_u8(struct px_rbuf *r, uint8_t *v)
{
    const uint8_t *p;
    if (px_rbuf_bytes(r, 1, &p) != 0)
        return -1;
    *v = p[0];
    return 0;
}

int px_rbuf_u16(struct px_rbuf *r, uint16_t *v)
{
    const uint8_t *p;
    if (px_rbuf_bytes(r, 2, &p) != 0)
        return -1;
    *v = (uint16_t)(p[0] << 8 | p[1]);
    return 0;
}

int px_rbuf_u32(struct px_rbuf *r, uint32_t *v)
{
    const uint8_t *p;
    if (px_rbuf_bytes(r, 4, &p) != 0)
        return -1;
    *v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return 0;
}

int px_rbuf_u64(struct px_rbuf *r, uint64_t *v)
{
    const uint8_t *p;
    if (px_rbuf_bytes(r, 8, &p) != 0)
        return -1;
    *v = px_store_get_be64(p);
    return 0;
}

int px_rbuf_str16(struct px_rbuf *r, size_t max, char **out)
{
    uint16_t n;
    const uint8_t *p;

    *out = NULL;
    if (px_rbuf_u16(r, &n) != 0 || n > max || px_rbuf_bytes(r, n, &p) != 0)
        return -1;
    if (memchr(p, '\0', n) != NULL)
        return -1;
    *out = malloc((size_t)n + 1);
    if (*out == NULL)
        return -1;
    memcpy(*out, p, n);
    (*out)[n] = '\0';
    return 0;
}
