/*
 * test_queue.c - the per-device request queue: order, removal, the
 * recovery listing across a reopen, deadline expiry, corrupt entries (and
 * their removal by the expiry scan), the version-2 attempts count of
 * broken sessions, and a child process killed with SIGKILL losing no
 * committed entry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/event.h>

#include "proxy/queue.h"
#include "tests/proxy/store_fixture.h"

static void push(struct px_store *s, const char *dev, const char *msg_id, int64_t deadline,
                 uint64_t *seq)
{
    struct px_queue_entry e = {0};

    e.msg_id = (char *)msg_id;
    e.controller = "proto::controller";
    e.reply_topic = "usp/controller/reply";
    e.accepted = 1000;
    e.deadline = deadline;
    e.plan = (uint8_t *)"PLAN\0bytes";
    e.plan_len = 10;
    assert_int_equal(px_queue_push(s, dev, &e, seq), 0);
}

struct list {
    int n;
    char ids[16][32];
    uint64_t seqs[16];
};

static int collect(void *arg, const char *dev, const struct px_queue_entry *e)
{
    struct list *l = arg;

    if (l->n < 16) {
        snprintf(l->ids[l->n], sizeof(l->ids[0]), "%s", e->msg_id);
        l->seqs[l->n] = e->seq;
    }
    l->n++;
    assert_int_equal(e->plan_len, 10);
    assert_memory_equal(e->plan, "PLAN\0bytes", 10);
    assert_string_equal(e->controller, "proto::controller");
    return 0;
}

static void test_order_and_remove(void **state)
{
    struct fixture *fx = *state;
    struct list l = {0};
    uint64_t s1, s2, s3;
    size_t n;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    push(fx->s, "00256D-IGD-B", "b1", 0, &s1);
    push(fx->s, "00256D-IGD-A", "a1", 0, NULL);
    push(fx->s, "00256D-IGD-B", "b2", 0, &s2);
    push(fx->s, "00256D-IGD-B", "b3", 0, &s3);
    assert_true(s1 < s2 && s2 < s3);
    assert_int_equal(px_queue_foreach(fx->s, "00256D-IGD-B", collect, &l), 0);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.ids[0], "b1");
    assert_string_equal(l.ids[1], "b2");
    assert_string_equal(l.ids[2], "b3");
    assert_int_equal(l.seqs[1], s2);
    assert_int_equal(px_queue_remove(fx->s, "00256D-IGD-B", s2), 0);
    assert_int_equal(px_queue_remove(fx->s, "00256D-IGD-B", s2), PX_STORE_NOT_FOUND);
    assert_int_equal(px_queue_count(fx->s, "00256D-IGD-B", &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(px_queue_count(fx->s, "00256D-IGD-A", &n), 0);
    assert_int_equal(n, 1);
}

struct devs {
    int n;
    char keys[8][64];
};

static int collect_dev(void *arg, const char *dev)
{
    struct devs *d = arg;

    if (d->n < 8)
        snprintf(d->keys[d->n], sizeof(d->keys[0]), "%s", dev);
    d->n++;
    return 0;
}

static void test_recovery_listing_across_reopen(void **state)
{
    struct fixture *fx = *state;
    struct devs d = {0};
    struct list l = {0};
    uint64_t seq;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_ALWAYS), 0);
    push(fx->s, "00256D-IGD-C", "c1", 0, NULL);
    push(fx->s, "00256D-IGD-A", "a1", 0, NULL);
    push(fx->s, "00256D-IGD-A", "a2", 0, NULL);
    push(fx->s, "00256D-IGD-A1", "x1", 0, NULL); /* "A" is a prefix of "A1" */
    assert_int_equal(px_store_commit(fx->s), 0);
    px_store_close(fx->s); /* the "restart" */
    fx->s = NULL;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_ALWAYS), 0);
    assert_int_equal(px_queue_devices(fx->s, collect_dev, &d), 0);
    assert_int_equal(d.n, 3);
    assert_string_equal(d.keys[0], "00256D-IGD-A");
    assert_string_equal(d.keys[1], "00256D-IGD-A1");
    assert_string_equal(d.keys[2], "00256D-IGD-C");
    assert_int_equal(px_queue_foreach(fx->s, "00256D-IGD-A", collect, &l), 0);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.ids[0], "a1");
    assert_string_equal(l.ids[1], "a2");
    /* the sequence keeps counting after the restart */
    push(fx->s, "00256D-IGD-C", "c2", 0, &seq);
    assert_int_equal(seq, 5);
}

static void test_expire(void **state)
{
    struct fixture *fx = *state;
    struct list expired = {0}, left = {0};
    size_t n;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    push(fx->s, "00256D-IGD-A", "late", 500, NULL);
    push(fx->s, "00256D-IGD-A", "fresh", 5000, NULL);
    push(fx->s, "00256D-IGD-B", "now", 1500, NULL);
    push(fx->s, "00256D-IGD-B", "forever", 0, NULL);
    assert_int_equal(px_queue_expire(fx->s, 1500, collect, &expired, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(expired.n, 2);
    assert_string_equal(expired.ids[0], "late");
    assert_string_equal(expired.ids[1], "now");
    assert_int_equal(px_queue_foreach(fx->s, "00256D-IGD-A", collect, &left), 0);
    assert_int_equal(px_queue_foreach(fx->s, "00256D-IGD-B", collect, &left), 0);
    assert_int_equal(left.n, 2);
    assert_string_equal(left.ids[0], "fresh");
    assert_string_equal(left.ids[1], "forever");
    assert_int_equal(px_store_commit(fx->s), 0);
}

static void test_codec_rejects_corrupt(void **state)
{
    struct fixture *fx = *state;
    struct px_queue_entry e = {0}, d;
    uint8_t *buf;
    size_t len;
    char why[128] = "";
    struct list l = {0};

    e.msg_id = "m";
    e.controller = "c";
    e.reply_topic = "";
    assert_int_equal(px_queue_encode(&e, &buf, &len), 0);
    assert_int_equal(px_queue_decode(buf, len, &d, why, sizeof(why)), 0);
    assert_string_equal(d.msg_id, "m");
    assert_null(d.plan);
    px_queue_entry_clear(&d);
    for (size_t cut = 0; cut < len; cut++) {
        assert_int_equal(px_queue_decode(buf, cut, &d, why, sizeof(why)), -1);
        assert_non_null(strstr(why, "queue entry: "));
    }
    buf[0] = 9;
    assert_int_equal(px_queue_decode(buf, len, &d, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "unknown version"));
    free(buf);

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    assert_int_equal(px_store_put(fx->s, PX_DB_QUEUE, "00256D-P-S\0\0\0\0\0\0\0\0\1", 19, "\1", 1),
                     0);
    assert_int_equal(px_queue_foreach(fx->s, "00256D-P-S", collect, &l), -1);
    assert_non_null(strstr(px_store_errmsg(fx->s), "device 00256D-P-S: queue entry 1:"));
}

/* --- version 2: attempts (broken sessions) ----------------------------- */

static void test_codec_v2_attempts(void **state)
{
    struct px_queue_entry e = {0}, d;
    uint8_t *v1, *v2;
    size_t l1, l2;
    char why[128] = "";

    (void)state;
    e.msg_id = "m";
    e.controller = "c";
    e.reply_topic = "t";
    e.plan = (uint8_t *)"P";
    e.plan_len = 1;
    assert_int_equal(px_queue_encode(&e, &v1, &l1), 0);
    assert_int_equal(v1[0], 1); /* never interrupted: still version 1 */
    e.attempts = 2;
    assert_int_equal(px_queue_encode(&e, &v2, &l2), 0);
    assert_int_equal(v2[0], 2);
    assert_int_equal(l2, l1 + 2);
    assert_memory_equal(v1 + 1, v2 + 1, l1 - 1); /* the version-1 fields, unchanged */
    assert_int_equal(v2[l2 - 2], 0);
    assert_int_equal(v2[l2 - 1], 2);

    assert_int_equal(px_queue_decode(v1, l1, &d, why, sizeof(why)), 0);
    assert_int_equal(d.attempts, 0);
    px_queue_entry_clear(&d);
    assert_int_equal(px_queue_decode(v2, l2, &d, why, sizeof(why)), 0);
    assert_int_equal(d.attempts, 2);
    assert_string_equal(d.reply_topic, "t");
    assert_int_equal(d.plan_len, 1);
    px_queue_entry_clear(&d);

    /* truncated attempts; version 2 saying 0 attempts is not canonical */
    assert_int_equal(px_queue_decode(v2, l2 - 1, &d, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "attempts"));
    v2[l2 - 1] = 0;
    assert_int_equal(px_queue_decode(v2, l2, &d, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "0 attempts"));
    /* version 1 with two extra bytes is still trailing garbage */
    v2[0] = 1;
    assert_int_equal(px_queue_decode(v2, l2, &d, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "trailing"));
    free(v1);
    free(v2);
}

static void test_note_broken_and_head(void **state)
{
    struct fixture *fx = *state;
    struct px_queue_entry e;
    uint64_t s1, s2;
    uint16_t n = 0;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    assert_int_equal(px_queue_head(fx->s, "00256D-P-S", &e), PX_STORE_NOT_FOUND);
    push(fx->s, "00256D-P-S", "first", 0, &s1);
    push(fx->s, "00256D-P-S", "second", 0, &s2);
    assert_int_equal(px_queue_note_broken(fx->s, "00256D-P-S", s1, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(px_store_commit(fx->s), 0); /* durable: read back after the commit */
    assert_int_equal(px_queue_note_broken(fx->s, "00256D-P-S", s1, &n), 0);
    assert_int_equal(n, 2);

    assert_int_equal(px_queue_head(fx->s, "00256D-P-S", &e), 0);
    assert_int_equal(e.seq, s1);
    assert_string_equal(e.msg_id, "first");
    assert_int_equal(e.attempts, 2);
    assert_int_equal(e.deadline, 0);
    assert_memory_equal(e.plan, "PLAN\0bytes", 10);
    px_queue_entry_clear(&e);
    assert_int_equal(px_queue_get(fx->s, "00256D-P-S", s2, &e), 0);
    assert_string_equal(e.msg_id, "second");
    assert_int_equal(e.attempts, 0);
    px_queue_entry_clear(&e);

    assert_int_equal(px_queue_remove(fx->s, "00256D-P-S", s1), 0);
    assert_int_equal(px_queue_note_broken(fx->s, "00256D-P-S", s1, &n), PX_STORE_NOT_FOUND);
    assert_int_equal(px_queue_get(fx->s, "00256D-P-S", s1, &e), PX_STORE_NOT_FOUND);
    assert_int_equal(px_store_commit(fx->s), 0);
}

static void test_expire_removes_corrupt(void **state)
{
    struct fixture *fx = *state;
    struct list l = {0};
    size_t n = 99;
    uint64_t seq;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    push(fx->s, "00256D-P-A", "late", 500, &seq);
    push(fx->s, "00256D-P-B", "kept", 0, &seq);
    assert_int_equal(px_store_put(fx->s, PX_DB_QUEUE, "00256D-P-B\0\0\0\0\0\0\0\0\1", 19, "\1", 1),
                     0);
    assert_int_equal(px_queue_foreach(fx->s, "00256D-P-B", collect, &l), -1);
    assert_int_equal(px_queue_expire(fx->s, 1000, collect, &l, &n), 0);
    assert_int_equal(n, 1); /* the corrupt one is removed, not counted */
    assert_int_equal(l.n, 1);
    assert_string_equal(l.ids[0], "late");
    memset(&l, 0, sizeof(l));
    assert_int_equal(px_queue_foreach(fx->s, "00256D-P-B", collect, &l), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.ids[0], "kept");
    assert_int_equal(px_store_commit(fx->s), 0);
}

/* --- crash safety ----------------------------------------------------- */

struct child {
    struct px_store *s;
    int fd;
    uint64_t seqs[3];
    struct event *ev;
};

static void child_committed(void *arg, int status, const char *why)
{
    struct child *c = arg;

    /* only now may the "accepted" go out: tell the parent */
    if (status == 0 && write(c->fd, c->seqs, sizeof(c->seqs)) != (ssize_t)sizeof(c->seqs))
        _exit(3);
}

static void child_turn(evutil_socket_t fd, short what, void *arg)
{
    struct child *c = arg;
    struct px_queue_entry e = {0};

    e.msg_id = "m";
    e.controller = "proto::controller";
    e.reply_topic = "";
    for (int i = 0; i < 3; i++)
        if (px_queue_push(c->s, i == 1 ? "00256D-IGD-Y" : "00256D-IGD-X", &e, &c->seqs[i]) != 0)
            _exit(2);
    if (px_store_on_commit(c->s, child_committed, c) != 0)
        _exit(2);
    event_add(c->ev, &(struct timeval){0, 0}); /* again in the next turn */
}

/* Pushes three entries per loop turn until killed. */
static void run_child(const char *path, int fd)
{
    struct event_base *base = event_base_new();
    struct px_store_options o = {0};
    struct child c = {0};
    char err[256];

    o.path = path;
    o.sync = PX_STORE_SYNC_NEVER; /* a process crash loses nothing even so */
    if (base == NULL || px_store_open(base, &o, &c.s, err, sizeof(err)) != 0)
        _exit(1);
    c.fd = fd;
    c.ev = event_new(base, -1, 0, child_turn, &c);
    event_add(c.ev, &(struct timeval){0, 0});
    event_base_dispatch(base);
    _exit(0);
}

struct seen_seqs {
    uint64_t max;
    uint8_t *found; /* indexed by seq */
};

static int mark_found(void *arg, const char *dev, const struct px_queue_entry *e)
{
    struct seen_seqs *s = arg;

    if (e->seq <= s->max)
        s->found[e->seq] = 1;
    return 0;
}

static void test_sigkill_loses_no_committed_entry(void **state)
{
    struct fixture *fx = *state;
    uint64_t reported[3], max = 0, *acked = NULL;
    size_t n_acked = 0, cap = 0;
    struct seen_seqs seen;
    int fds[2], status;
    pid_t pid;

    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        run_child(fx->path, fds[1]);
    }
    close(fds[1]);
    /* collect acknowledged (committed) entries until well into the run */
    while (n_acked < 600 && read(fds[0], reported, sizeof(reported)) == sizeof(reported)) {
        if (n_acked + 3 > cap) {
            cap = cap ? 2 * cap : 64;
            acked = realloc(acked, cap * sizeof(*acked));
            assert_non_null(acked);
        }
        for (int i = 0; i < 3; i++) {
            acked[n_acked++] = reported[i];
            if (reported[i] > max)
                max = reported[i];
        }
    }
    kill(pid, SIGKILL);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL))
        fail_msg("child was not killed by SIGKILL: status 0x%x after %zu entries", status, n_acked);
    close(fds[0]);
    assert_true(n_acked >= 600);

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    seen.max = max;
    seen.found = calloc(max + 1, 1);
    assert_non_null(seen.found);
    assert_int_equal(px_queue_foreach(fx->s, "00256D-IGD-X", mark_found, &seen), 0);
    assert_int_equal(px_queue_foreach(fx->s, "00256D-IGD-Y", mark_found, &seen), 0);
    for (size_t i = 0; i < n_acked; i++)
        if (!seen.found[acked[i]])
            fail_msg("entry %llu was reported committed but is gone", (unsigned long long)acked[i]);
    free(seen.found);
    free(acked);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup, fixture_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_order_and_remove),
        T(test_recovery_listing_across_reopen),
        T(test_expire),
        T(test_codec_rejects_corrupt),
        T(test_sigkill_loses_no_committed_entry),
        T(test_codec_v2_attempts),
        T(test_note_broken_and_head),
        T(test_expire_removes_corrupt),
    };
    return cmocka_run_group_tests_name("proxy request queue", tests, NULL, NULL);
}
