/*
 * test_sessions.c - the live CWMP session table of cwmp2uspd (acs.c): the
 * hash index by device key and the list of every session, through many
 * sessions (more than buckets), a CPE whose new session replaces the old
 * one before the old one ended, and removal in any order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "proxy/px.h"

#define N_SESSIONS 1000

static struct px_session *session_new(const char *key)
{
    struct px_session *s = calloc(1, sizeof *s);
    assert_non_null(s);
    snprintf(s->dev_key, sizeof s->dev_key, "%s", key);
    return s;
}

static size_t list_length(const struct px_daemon *d)
{
    size_t n = 0;
    for (const struct px_session *s = d->sessions; s; s = s->next)
        n++;
    return n;
}

static void test_index_sizing(void **state)
{
    struct px_daemon d;
    (void)state;

    memset(&d, 0, sizeof d);
    assert_null(px_acs_session(&d, "none")); /* before init: nothing, no crash */
    d.cfg.acs_max_sessions = 10000;
    assert_int_equal(px_acs_sessions_init(&d), 0);
    assert_int_equal(d.session_buckets, 16384); /* a power of two >= max_sessions */
    px_acs_sessions_free(&d);
    assert_null(d.session_index);
    d.cfg.acs_max_sessions = 1;
    assert_int_equal(px_acs_sessions_init(&d), 0);
    assert_int_equal(d.session_buckets, 64);
    px_acs_sessions_free(&d);
}

static void test_many_sessions(void **state)
{
    struct px_daemon d;
    struct px_session *ss[N_SESSIONS];
    char key[64];
    size_t i;
    (void)state;

    memset(&d, 0, sizeof d);
    d.cfg.acs_max_sessions = 100; /* 128 buckets for 1000 sessions: long chains too */
    assert_int_equal(px_acs_sessions_init(&d), 0);
    for (i = 0; i < N_SESSIONS; i++) {
        snprintf(key, sizeof key, "00D09E-SimGateway-SIM%06zu", i);
        ss[i] = session_new(key);
        px_acs_session_link(&d, ss[i]);
    }
    assert_int_equal(list_length(&d), N_SESSIONS);
    for (i = 0; i < N_SESSIONS; i++)
        assert_ptr_equal(px_acs_session(&d, ss[i]->dev_key), ss[i]);
    assert_null(px_acs_session(&d, "00D09E-SimGateway-SIM999999"));
    assert_null(px_acs_session(&d, ""));

    /* remove every other one, from the end */
    for (i = N_SESSIONS; i-- > 0;)
        if (i % 2 == 0) {
            px_acs_session_unlink(&d, ss[i]);
            assert_null(ss[i]->next);
            assert_null(ss[i]->prev);
            assert_null(ss[i]->hnext);
        }
    assert_int_equal(list_length(&d), N_SESSIONS / 2);
    for (i = 0; i < N_SESSIONS; i++) {
        if (i % 2 == 0) {
            assert_null(px_acs_session(&d, ss[i]->dev_key));
            free(ss[i]);
        } else {
            assert_ptr_equal(px_acs_session(&d, ss[i]->dev_key), ss[i]);
        }
    }
    for (i = 1; i < N_SESSIONS; i += 2) {
        px_acs_session_unlink(&d, ss[i]);
        free(ss[i]);
    }
    assert_null(d.sessions);
    for (i = 0; i < d.session_buckets; i++)
        assert_null(d.session_index[i]);
    px_acs_sessions_free(&d);
}

/* A CPE starts a new session (Inform) before its old one has ended: the
 * new one is found; when the old one ends, the new one stays. */
static void test_replaced_session(void **state)
{
    struct px_daemon d;
    struct px_session *old, *new, *other;
    (void)state;

    memset(&d, 0, sizeof d);
    d.cfg.acs_max_sessions = 10;
    assert_int_equal(px_acs_sessions_init(&d), 0);
    old = session_new("00D09E-SimGateway-SIM000001");
    other = session_new("00D09E-SimGateway-SIM000002");
    new = session_new("00D09E-SimGateway-SIM000001");
    px_acs_session_link(&d, old);
    px_acs_session_link(&d, other);
    px_acs_session_link(&d, new);
    assert_ptr_equal(px_acs_session(&d, "00D09E-SimGateway-SIM000001"), new);
    px_acs_session_unlink(&d, old);
    assert_ptr_equal(px_acs_session(&d, "00D09E-SimGateway-SIM000001"), new);
    assert_ptr_equal(px_acs_session(&d, "00D09E-SimGateway-SIM000002"), other);
    assert_int_equal(list_length(&d), 2);
    px_acs_session_unlink(&d, new);
    assert_null(px_acs_session(&d, "00D09E-SimGateway-SIM000001"));
    px_acs_session_unlink(&d, other);
    px_acs_session_unlink(&d, other); /* twice: harmless */
    assert_null(d.sessions);
    free(old);
    free(new);
    free(other);
    px_acs_sessions_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_sizing),
        cmocka_unit_test(test_many_sessions),
        cmocka_unit_test(test_replaced_session),
    };
    return cmocka_run_group_tests_name("px_sessions", tests, NULL, NULL);
}
