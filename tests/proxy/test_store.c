/*
 * test_store.c - the LMDB store: create and reopen, schema check, group
 * commit per event-loop turn with its hooks, the sync policies, and a full
 * map reported as a failed commit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <event2/event.h>

#include "proxy/store.h"
#include "tests/proxy/store_fixture.h"

static void test_create_and_reopen(void **state)
{
    struct fixture *fx = *state;
    void *v;
    size_t n;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_ALWAYS), 0);
    assert_int_equal(px_store_schema_version(fx->s), PX_STORE_SCHEMA_VERSION);
    assert_int_equal(px_store_put(fx->s, PX_DB_OBJECTS, "k1", 2, "value one", 9), 0);
    assert_int_equal(px_store_commit(fx->s), 0);
    px_store_close(fx->s);
    fx->s = NULL;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_ALWAYS), 0);
    assert_int_equal(px_store_get(fx->s, PX_DB_OBJECTS, "k1", 2, &v, &n), 0);
    assert_int_equal(n, 9);
    assert_memory_equal(v, "value one", 9);
    free(v);
    assert_int_equal(px_store_get(fx->s, PX_DB_OBJECTS, "k2", 2, &v, &n), PX_STORE_NOT_FOUND);
}

static void test_schema_mismatch_is_reported(void **state)
{
    struct fixture *fx = *state;
    struct px_store_options o = {0};
    const uint8_t v99[4] = {0, 0, 0, 99};
    char err[256] = "";

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    assert_int_equal(px_store_put(fx->s, PX_DB_META, "schema", 6, v99, 4), 0);
    assert_int_equal(px_store_commit(fx->s), 0);
    px_store_close(fx->s);
    fx->s = NULL;

    o.path = fx->path;
    assert_int_equal(px_store_open(NULL, &o, &fx->s, err, sizeof(err)), -1);
    assert_null(fx->s);
    assert_non_null(strstr(err, "schema version 99"));
    assert_non_null(strstr(err, fx->path));
}

static void test_open_bad_directory(void **state)
{
    struct px_store_options o = {0};
    struct px_store *s = NULL;
    char err[256] = "";

    (void)state;
    o.path = "/proc/no/such/dir";
    assert_int_equal(px_store_open(NULL, &o, &s, err, sizeof(err)), -1);
    assert_null(s);
    assert_non_null(strstr(err, "/proc/no/such/dir"));
}

/* --- group commit ---------------------------------------------------- */

struct turn {
    struct fixture *fx;
    int writer;
    int hooks_ok, hooks_failed;
    uint64_t commits_seen_by_hook;
    int in_turn_seen_by_hook;
    int hook_read_ok;
    char why[256];
};

static void count_hook(void *arg, int status, const char *why)
{
    struct turn *t = arg;
    struct px_store_stats st;
    void *v;
    size_t n;

    px_store_get_stats(t->fx->s, &st);
    t->commits_seen_by_hook = st.commits;
    t->in_turn_seen_by_hook = px_store_in_turn(t->fx->s);
    if (status == 0) {
        t->hooks_ok++;
        /* outside the write txn now: this reads committed data */
        if (px_store_get(t->fx->s, PX_DB_OBJECTS, "w0", 2, &v, &n) == 0) {
            t->hook_read_ok = 1;
            free(v);
        }
    } else {
        t->hooks_failed++;
        snprintf(t->why, sizeof(t->why), "%s", why ? why : "");
    }
}

static void writer_cb(evutil_socket_t fd, short what, void *arg)
{
    struct turn *t = arg;
    char key[8];
    struct px_store_stats st;
    void *v;
    size_t n;

    snprintf(key, sizeof(key), "w%d", t->writer);
    assert_int_equal(px_store_put(t->fx->s, PX_DB_OBJECTS, key, strlen(key), "x", 1), 0);
    /* the same turn reads its own uncommitted write */
    assert_int_equal(px_store_get(t->fx->s, PX_DB_OBJECTS, key, strlen(key), &v, &n), 0);
    free(v);
    assert_true(px_store_in_turn(t->fx->s));
    px_store_get_stats(t->fx->s, &st);
    assert_int_equal(st.commits, 0);
    assert_int_equal(px_store_on_commit(t->fx->s, count_hook, t), 0);
    t->writer++;
}

static void test_group_commit_one_commit_per_turn(void **state)
{
    struct fixture *fx = *state;
    struct event_base *base = event_base_new();
    struct turn t = {0};
    struct event *ev[3];
    struct px_store_stats st;

    t.fx = fx;
    assert_non_null(base);
    assert_int_equal(fixture_open(fx, base, PX_STORE_SYNC_NEVER), 0);
    for (int i = 0; i < 3; i++) {
        ev[i] = event_new(base, -1, 0, writer_cb, &t);
        event_active(ev[i], EV_TIMEOUT, 0); /* three callbacks in one turn */
    }
    assert_int_equal(event_base_dispatch(base), 1); /* returns when nothing is left */
    px_store_get_stats(fx->s, &st);
    assert_int_equal(t.writer, 3);
    assert_int_equal(st.commits, 1);
    assert_int_equal(t.hooks_ok, 3);
    assert_int_equal(t.hooks_failed, 0);
    assert_int_equal(t.commits_seen_by_hook, 1); /* hooks run after the commit */
    assert_int_equal(t.in_turn_seen_by_hook, 0);
    assert_int_equal(t.hook_read_ok, 1);
    for (int i = 0; i < 3; i++)
        event_free(ev[i]);
    px_store_close(fx->s);
    fx->s = NULL;
    event_base_free(base);
}

static void next_turn_hook(void *arg, int status, const char *why)
{
    struct turn *t = arg;

    t->hooks_ok += status == 0;
    if (t->writer++ == 0) /* a hook that writes starts the next turn */
        assert_int_equal(px_store_put(t->fx->s, PX_DB_OBJECTS, "again", 5, "y", 1), 0);
}

static void first_write_cb(evutil_socket_t fd, short what, void *arg)
{
    struct turn *t = arg;

    assert_int_equal(px_store_put(t->fx->s, PX_DB_OBJECTS, "first", 5, "y", 1), 0);
    assert_int_equal(px_store_on_commit(t->fx->s, next_turn_hook, t), 0);
}

static void test_hook_writes_go_to_next_turn(void **state)
{
    struct fixture *fx = *state;
    struct event_base *base = event_base_new();
    struct turn t = {0};
    struct event *ev;
    struct px_store_stats st;
    void *v;
    size_t n;

    t.fx = fx;
    assert_int_equal(fixture_open(fx, base, PX_STORE_SYNC_NEVER), 0);
    ev = event_new(base, -1, 0, first_write_cb, &t);
    event_active(ev, EV_TIMEOUT, 0);
    event_base_dispatch(base);
    px_store_get_stats(fx->s, &st);
    assert_int_equal(st.commits, 2);
    assert_int_equal(t.hooks_ok, 1);
    assert_int_equal(px_store_get(fx->s, PX_DB_OBJECTS, "again", 5, &v, &n), 0);
    free(v);
    event_free(ev);
    px_store_close(fx->s);
    fx->s = NULL;
    event_base_free(base);
}

/* Work activated during a turn belongs to the next turn: the commit was
 * queued first. */
struct chain {
    struct fixture *fx;
    struct event *second;
    uint64_t commits_seen;
};

static void chain_second_cb(evutil_socket_t fd, short what, void *arg)
{
    struct chain *c = arg;
    struct px_store_stats st;

    px_store_get_stats(c->fx->s, &st);
    c->commits_seen = st.commits;
    assert_int_equal(px_store_put(c->fx->s, PX_DB_OBJECTS, "second", 6, "2", 1), 0);
}

static void chain_first_cb(evutil_socket_t fd, short what, void *arg)
{
    struct chain *c = arg;

    assert_int_equal(px_store_put(c->fx->s, PX_DB_OBJECTS, "first", 5, "1", 1), 0);
    event_active(c->second, EV_TIMEOUT, 0);
}

static void test_work_activated_in_turn_goes_to_next_turn(void **state)
{
    struct fixture *fx = *state;
    struct event_base *base = event_base_new();
    struct chain c = {fx, NULL, 0};
    struct event *first;
    struct px_store_stats st;

    assert_int_equal(fixture_open(fx, base, PX_STORE_SYNC_NEVER), 0);
    first = event_new(base, -1, 0, chain_first_cb, &c);
    c.second = event_new(base, -1, 0, chain_second_cb, &c);
    event_active(first, EV_TIMEOUT, 0);
    event_base_dispatch(base);
    px_store_get_stats(fx->s, &st);
    assert_int_equal(c.commits_seen, 1); /* the first turn was committed before */
    assert_int_equal(st.commits, 2);
    event_free(first);
    event_free(c.second);
    px_store_close(fx->s);
    fx->s = NULL;
    event_base_free(base);
}

/* A writer at a lower priority than the commit event: the commit runs
 * right after the writer, before the next callback of that priority. */
static void test_commit_priority_preempts_lower_priority(void **state)
{
    struct fixture *fx = *state;
    struct event_base *base = event_base_new();
    struct chain c = {fx, NULL, 0};
    struct event *first;
    struct px_store_stats st;

    assert_int_equal(event_base_priority_init(base, 3), 0);
    assert_int_equal(fixture_open(fx, base, PX_STORE_SYNC_NEVER), 0); /* commit at 0 */
    first = event_new(base, -1, 0, writer_cb, &(struct turn){.fx = fx});
    c.second = event_new(base, -1, 0, chain_second_cb, &c);
    event_priority_set(first, 2);
    event_priority_set(c.second, 2);
    event_active(first, EV_TIMEOUT, 0);
    event_active(c.second, EV_TIMEOUT, 0); /* already active in the same turn */
    event_base_dispatch(base);
    px_store_get_stats(fx->s, &st);
    assert_int_equal(c.commits_seen, 1);
    assert_int_equal(st.commits, 2);
    event_free(first);
    event_free(c.second);
    px_store_close(fx->s);
    fx->s = NULL;
    event_base_free(base);
}

static void test_commit_without_writes_runs_hooks(void **state)
{
    struct fixture *fx = *state;
    struct turn t = {0};
    struct px_store_stats st;

    t.fx = fx;
    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    assert_int_equal(px_store_on_commit(fx->s, count_hook, &t), 0);
    assert_int_equal(t.hooks_ok, 0); /* not before the end of the turn */
    assert_int_equal(px_store_commit(fx->s), 0);
    px_store_get_stats(fx->s, &st);
    assert_int_equal(t.hooks_ok, 1);
    assert_int_equal(st.commits, 0);
}

static void test_read_txn_is_refreshed_after_commit(void **state)
{
    struct fixture *fx = *state;
    void *v;
    size_t n;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    assert_int_equal(px_store_get(fx->s, PX_DB_OBJECTS, "k", 1, &v, &n), PX_STORE_NOT_FOUND);
    assert_int_equal(px_store_put(fx->s, PX_DB_OBJECTS, "k", 1, "1", 1), 0);
    assert_int_equal(px_store_commit(fx->s), 0);
    assert_int_equal(px_store_get(fx->s, PX_DB_OBJECTS, "k", 1, &v, &n), 0);
    free(v);
}

/* --- sync policies ---------------------------------------------------- */

static void check_policy(struct fixture *fx, enum px_store_sync sync)
{
    struct px_store_stats st;
    void *v;
    size_t n;

    assert_int_equal(fixture_open(fx, NULL, sync), 0);
    assert_int_equal(px_store_put(fx->s, PX_DB_OBJECTS, "p", 1, "durable", 7), 0);
    assert_int_equal(px_store_commit(fx->s), 0);
    if (sync == PX_STORE_SYNC_INTERVAL) {
        /* the helper thread syncs within a few intervals of 10 ms; the
         * bound only keeps a broken build from hanging */
        for (int i = 0; i < 1000; i++) {
            px_store_get_stats(fx->s, &st);
            if (st.syncs > 0)
                break;
            nanosleep(&(struct timespec){0, 10000000L}, NULL);
        }
        px_store_get_stats(fx->s, &st);
        assert_true(st.syncs > 0);
        assert_int_equal(st.sync_failures, 0);
    } else {
        px_store_get_stats(fx->s, &st);
        assert_int_equal(st.syncs, 0); /* no helper thread */
    }
    px_store_close(fx->s);
    fx->s = NULL;
    assert_int_equal(fixture_open(fx, NULL, sync), 0);
    assert_int_equal(px_store_get(fx->s, PX_DB_OBJECTS, "p", 1, &v, &n), 0);
    assert_memory_equal(v, "durable", 7);
    free(v);
}

static void test_sync_always(void **state)
{
    check_policy(*state, PX_STORE_SYNC_ALWAYS);
}

static void test_sync_interval(void **state)
{
    check_policy(*state, PX_STORE_SYNC_INTERVAL);
}

static void test_sync_never(void **state)
{
    check_policy(*state, PX_STORE_SYNC_NEVER);
}

static void test_unknown_sync_policy_rejected(void **state)
{
    struct fixture *fx = *state;
    struct px_store_options o = {0};
    char err[256] = "";

    o.path = fx->path;
    o.sync = (enum px_store_sync)7;
    assert_int_equal(px_store_open(NULL, &o, &fx->s, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "sync policy"));
}

/* --- a full map ------------------------------------------------------- */

static void test_map_full_reported_to_hooks(void **state)
{
    struct fixture *fx = *state;
    struct px_store_options o = {0};
    struct turn t = {0};
    struct px_store_stats st;
    char err[256], key[16];
    static char big[4000];
    int rc = 0, i;
    void *v;
    size_t n;

    t.fx = fx;
    o.path = fx->path;
    o.map_size = 256 * 1024; /* 64 pages */
    o.sync = PX_STORE_SYNC_NEVER;
    assert_int_equal(px_store_open(NULL, &o, &fx->s, err, sizeof(err)), 0);
    memset(big, 'b', sizeof(big));
    assert_int_equal(px_store_on_commit(fx->s, count_hook, &t), 0);
    for (i = 0; i < 200 && rc == 0; i++) {
        snprintf(key, sizeof(key), "big%d", i);
        rc = px_store_put(fx->s, PX_DB_OBJECTS, key, strlen(key), big, sizeof(big));
    }
    assert_int_equal(rc, -1);
    assert_non_null(strstr(px_store_errmsg(fx->s), "MDB_MAP_FULL"));
    /* the turn is doomed: further writes are refused, not half-applied */
    assert_int_equal(px_store_put(fx->s, PX_DB_OBJECTS, "small", 5, "s", 1), -1);
    assert_int_equal(px_store_commit(fx->s), -1);
    assert_int_equal(t.hooks_ok, 0);
    assert_int_equal(t.hooks_failed, 1);
    assert_non_null(strstr(t.why, "MDB_MAP_FULL"));
    px_store_get_stats(fx->s, &st);
    assert_int_equal(st.commit_failures, 1);
    assert_int_equal(st.commits, 0);
    /* nothing of the failed turn was stored */
    assert_int_equal(px_store_get(fx->s, PX_DB_OBJECTS, "big0", 4, &v, &n), PX_STORE_NOT_FOUND);
    /* the next turn works again */
    assert_int_equal(px_store_put(fx->s, PX_DB_OBJECTS, "small", 5, "s", 1), 0);
    assert_int_equal(px_store_commit(fx->s), 0);
}

/* --- raw helpers ------------------------------------------------------ */

static int count_cb(void *arg, const MDB_val *k, const MDB_val *v)
{
    (*(int *)arg)++;
    return 0;
}

static void test_prefix_scan_and_delete(void **state)
{
    struct fixture *fx = *state;
    size_t n;
    int seen = 0;
    uint64_t a, b;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    assert_int_equal(px_store_put(fx->s, PX_DB_INSTMAP, "a\0x", 3, "1", 1), 0);
    assert_int_equal(px_store_put(fx->s, PX_DB_INSTMAP, "a\0y", 3, "2", 1), 0);
    assert_int_equal(px_store_put(fx->s, PX_DB_INSTMAP, "ab\0x", 4, "3", 1), 0);
    assert_int_equal(px_store_foreach_prefix(fx->s, PX_DB_INSTMAP, "a", 2, count_cb, &seen), 0);
    assert_int_equal(seen, 2);
    assert_int_equal(px_store_del_prefix(fx->s, PX_DB_INSTMAP, "a", 2, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(px_store_count(fx->s, PX_DB_INSTMAP, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(px_store_next_seq(fx->s, &a), 0);
    assert_int_equal(px_store_next_seq(fx->s, &b), 0);
    assert_int_equal(b, a + 1);
    assert_int_equal(px_store_commit(fx->s), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup, fixture_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_create_and_reopen),
        T(test_schema_mismatch_is_reported),
        T(test_open_bad_directory),
        T(test_group_commit_one_commit_per_turn),
        T(test_hook_writes_go_to_next_turn),
        T(test_work_activated_in_turn_goes_to_next_turn),
        T(test_commit_priority_preempts_lower_priority),
        T(test_commit_without_writes_runs_hooks),
        T(test_read_txn_is_refreshed_after_commit),
        T(test_sync_always),
        T(test_sync_interval),
        T(test_sync_never),
        T(test_unknown_sync_policy_rejected),
        T(test_map_full_reported_to_hooks),
        T(test_prefix_scan_and_delete),
    };
    return cmocka_run_group_tests_name("proxy store", tests, NULL, NULL);
}
