/*
 * test_outbox.c - records awaiting acknowledgement: due scan in order,
 * attempts, removal on ack, persistence, corrupt entries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "proxy/outbox.h"
#include "tests/proxy/store_fixture.h"

static uint64_t push(struct px_store *s, const char *agent, int64_t next_attempt)
{
    struct px_outbox_entry e = {0};
    uint64_t seq = 0;

    e.agent = (char *)agent;
    e.controller = "proto::controller";
    e.topic = "usp/controller";
    e.record = (uint8_t *)"\x08\x01record";
    e.record_len = 8;
    e.next_attempt = next_attempt;
    assert_int_equal(px_outbox_push(s, &e, &seq), 0);
    return seq;
}

struct due {
    int n;
    char agents[8][32];
    uint32_t attempts[8];
};

static int collect(void *arg, const struct px_outbox_entry *e)
{
    struct due *d = arg;

    if (d->n < 8) {
        snprintf(d->agents[d->n], sizeof(d->agents[0]), "%s", e->agent);
        d->attempts[d->n] = e->attempts;
    }
    d->n++;
    assert_int_equal(e->record_len, 8);
    assert_memory_equal(e->record, "\x08\x01record", 8);
    assert_string_equal(e->topic, "usp/controller");
    return 0;
}

static void test_due_attempt_ack(void **state)
{
    struct fixture *fx = *state;
    struct due d = {0};
    struct px_outbox_entry e;
    uint64_t a, b, c;
    size_t n;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    a = push(fx->s, "os::00256D-A", 100);
    b = push(fx->s, "os::00256D-B", 300);
    c = push(fx->s, "os::00256D-C", 200);
    assert_true(a < b && b < c);
    assert_int_equal(px_outbox_foreach_due(fx->s, 250, collect, &d), 0);
    assert_int_equal(d.n, 2);
    assert_string_equal(d.agents[0], "os::00256D-A"); /* sequence order */
    assert_string_equal(d.agents[1], "os::00256D-C");

    assert_int_equal(px_outbox_mark_attempt(fx->s, a, 400), 0);
    assert_int_equal(px_outbox_get(fx->s, a, &e), 0);
    assert_int_equal(e.attempts, 1);
    assert_int_equal(e.next_attempt, 400);
    assert_int_equal(e.seq, a);
    px_outbox_entry_clear(&e);
    memset(&d, 0, sizeof(d));
    assert_int_equal(px_outbox_foreach_due(fx->s, 250, collect, &d), 0);
    assert_int_equal(d.n, 1);
    assert_string_equal(d.agents[0], "os::00256D-C");

    assert_int_equal(px_outbox_remove(fx->s, c), 0); /* acked */
    assert_int_equal(px_outbox_remove(fx->s, c), PX_STORE_NOT_FOUND);
    assert_int_equal(px_outbox_mark_attempt(fx->s, c, 1), PX_STORE_NOT_FOUND);
    assert_int_equal(px_outbox_count(fx->s, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(px_store_commit(fx->s), 0);
}

static void test_survives_reopen(void **state)
{
    struct fixture *fx = *state;
    struct due d = {0};
    uint64_t a;

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_ALWAYS), 0);
    a = push(fx->s, "ops::00256D-IGD-A", 10);
    assert_int_equal(px_outbox_mark_attempt(fx->s, a, 20), 0);
    assert_int_equal(px_store_commit(fx->s), 0);
    px_store_close(fx->s);
    fx->s = NULL;
    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_ALWAYS), 0);
    assert_int_equal(px_outbox_foreach_due(fx->s, 20, collect, &d), 0);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.attempts[0], 1);
}

static void test_corrupt_entries(void **state)
{
    struct fixture *fx = *state;
    struct px_outbox_entry e = {0}, out;
    uint8_t *buf;
    size_t len;
    char why[128];
    struct due d = {0};

    e.agent = "a";
    assert_int_equal(px_outbox_encode(&e, &buf, &len), 0);
    assert_int_equal(px_outbox_decode(buf, len, &out, why, sizeof(why)), 0);
    assert_string_equal(out.agent, "a");
    assert_string_equal(out.topic, "");
    px_outbox_entry_clear(&out);
    for (size_t cut = 0; cut < len; cut++)
        assert_int_equal(px_outbox_decode(buf, cut, &out, why, sizeof(why)), -1);
    free(buf);
    assert_int_equal(
        px_outbox_decode("\x01\0\0\0\0\0\0\0\0\0\0\0\0\xff\xff", 15, &out, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "bad agent"));

    assert_int_equal(fixture_open(fx, NULL, PX_STORE_SYNC_NEVER), 0);
    assert_int_equal(px_store_put(fx->s, PX_DB_OUTBOX, "\0\0\0\0\0\0\0\7", 8, "\1\0", 2), 0);
    assert_int_equal(px_outbox_foreach_due(fx->s, 0, collect, &d), -1);
    assert_non_null(strstr(px_store_errmsg(fx->s), "outbox entry 7: outbox entry: truncated"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, fixture_setup, fixture_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_due_attempt_ack),
        T(test_survives_reopen),
        T(test_corrupt_entries),
    };
    return cmocka_run_group_tests_name("proxy outbox", tests, NULL, NULL);
}
