/*
 * test_connreq.c - connection requests against a small fake CPE HTTP
 * server on 127.0.0.1 (Digest challenge answered and checked here
 * independently, refused, timeout, authentication failure, other status,
 * the concurrency limit) and UDP connection requests (TR-069 Annex G)
 * received on a UDP socket whose signature this test recomputes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "cwmp/cwmp.h"

enum cpe_mode { CPE_DIGEST, CPE_ALWAYS_401, CPE_503, CPE_SILENT, CPE_204 };

struct fake_cpe {
    int lfd;
    uint16_t port;
    enum cpe_mode mode;
    pthread_t thread;
    pthread_mutex_t lock;
    int requests;   /* requests read */
    int auth_ok;    /* Authorization verified by this test */
    int auth_seen;  /* requests carrying Authorization */
    char path[128]; /* request-target of the last request */
};

static int listen_tcp(uint16_t *port)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

    assert_true(fd >= 0);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(listen(fd, 16), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    *port = ntohs(sa.sin_port);
    return fd;
}

static void md5_hex(const char *text, char *hex)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    EVP_Digest(text, strlen(text), md, &n, EVP_md5(), NULL);
    for (unsigned i = 0; i < n; i++)
        sprintf(hex + 2 * i, "%02x", md[i]);
}

/* Pulls a parameter out of an Authorization header, quoted or not. */
static void param(const char *h, const char *name, char *out, size_t cap)
{
    char key[40];
    const char *p;
    size_t n = 0;

    snprintf(key, sizeof(key), " %s=", name);
    p = strstr(h, key);
    out[0] = '\0';
    if (p == NULL)
        return;
    p += strlen(key);
    if (*p == '"') {
        p++;
        while (*p && *p != '"' && n + 1 < cap)
            out[n++] = *p++;
    } else {
        while (*p && *p != ',' && *p != '\r' && n + 1 < cap)
            out[n++] = *p++;
    }
    out[n] = '\0';
}

/* RFC 7616 check done here, not with the library. */
static int verify_digest(const char *auth)
{
    char user[64], realm[64], nonce[64], uri[128], nc[16], cnonce[64], qop[16], resp[80];
    char ha1[33], ha2[33], text[512], expect[33];

    param(auth, "username", user, sizeof(user));
    param(auth, "realm", realm, sizeof(realm));
    param(auth, "nonce", nonce, sizeof(nonce));
    param(auth, "uri", uri, sizeof(uri));
    param(auth, "nc", nc, sizeof(nc));
    param(auth, "cnonce", cnonce, sizeof(cnonce));
    param(auth, "qop", qop, sizeof(qop));
    param(auth, "response", resp, sizeof(resp));
    if (strcmp(user, "acs") != 0 || strcmp(realm, "cpe-realm") != 0 ||
        strcmp(nonce, "n0nce42") != 0 || strcmp(qop, "auth") != 0)
        return 0;
    snprintf(text, sizeof(text), "acs:cpe-realm:crpass");
    md5_hex(text, ha1);
    snprintf(text, sizeof(text), "GET:%s", uri);
    md5_hex(text, ha2);
    snprintf(text, sizeof(text), "%s:%s:%s:%s:%s:%s", ha1, nonce, nc, cnonce, qop, ha2);
    md5_hex(text, expect);
    return strcmp(expect, resp) == 0;
}

static void serve_one(struct fake_cpe *f, int fd)
{
    char buf[4096], *auth;
    size_t len = 0;
    ssize_t n;
    const char *reply;
    int ok = 0;

    while (len < sizeof(buf) - 1) {
        n = recv(fd, buf + len, sizeof(buf) - 1 - len, 0);
        if (n <= 0)
            return;
        len += (size_t)n;
        buf[len] = '\0';
        if (strstr(buf, "\r\n\r\n") != NULL)
            break;
    }
    auth = strstr(buf, "\r\nAuthorization: ");
    if (auth != NULL)
        ok = verify_digest(auth);
    pthread_mutex_lock(&f->lock);
    f->requests++;
    f->auth_seen += auth != NULL;
    f->auth_ok += ok;
    sscanf(buf, "GET %127s", f->path);
    pthread_mutex_unlock(&f->lock);
    switch (f->mode) {
    case CPE_SILENT:
        while (recv(fd, buf, sizeof(buf), 0) > 0)
            ;
        return;
    case CPE_204:
        reply = "HTTP/1.1 204 No Content\r\n\r\n";
        break;
    case CPE_503:
        reply = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n";
        break;
    default:
        reply = f->mode == CPE_DIGEST && ok
                    ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                    : "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n"
                      "WWW-Authenticate: Basic realm=\"cpe-realm\"\r\n"
                      "WWW-Authenticate: Digest realm=\"cpe-realm\", nonce=\"n0nce42\", "
                      "qop=\"auth\", algorithm=MD5\r\n\r\n";
    }
    (void)send(fd, reply, strlen(reply), MSG_NOSIGNAL);
}

static void *cpe_thread(void *arg)
{
    struct fake_cpe *f = arg;

    for (;;) {
        int fd = accept(f->lfd, NULL, NULL);
        if (fd < 0)
            return NULL;
        serve_one(f, fd);
        close(fd);
    }
}

static struct fake_cpe *cpe_start(enum cpe_mode mode)
{
    struct fake_cpe *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    f->mode = mode;
    pthread_mutex_init(&f->lock, NULL);
    f->lfd = listen_tcp(&f->port);
    assert_int_equal(pthread_create(&f->thread, NULL, cpe_thread, f), 0);
    return f;
}

static void cpe_stop(struct fake_cpe *f)
{
    shutdown(f->lfd, SHUT_RDWR);
    pthread_join(f->thread, NULL);
    close(f->lfd);
    pthread_mutex_destroy(&f->lock);
    free(f);
}

struct outcome {
    struct event_base *base;
    int done;
    int expected;
    enum cwmp_connreq_result result[8];
    int status[8];
};

static void on_result(void *arg, enum cwmp_connreq_result r, int status)
{
    struct outcome *o = arg;

    if (o->done < 8) {
        o->result[o->done] = r;
        o->status[o->done] = status;
    }
    if (++o->done >= o->expected)
        event_base_loopexit(o->base, NULL);
}

/* Runs the loop until the expected callbacks came (30 s guard against hangs). */
static void run(struct outcome *o)
{
    struct timeval guard = {30, 0};

    event_base_loopexit(o->base, &guard);
    event_base_dispatch(o->base);
    assert_int_equal(o->done, o->expected);
}

static void send_cr(struct cwmp_connreq_client *cl, uint16_t port, const char *user,
                    struct outcome *o)
{
    char url[128], err[128];

    snprintf(url, sizeof(url), "http://127.0.0.1:%u/cr/abc?x=1", (unsigned)port);
    assert_int_equal(cwmp_connreq_send(cl, url, user, "crpass", on_result, o, err, sizeof(err)), 0);
}

static void test_digest_answered(void **state)
{
    struct event_base *base = event_base_new();
    struct cwmp_connreq_client *cl = cwmp_connreq_client_new(base, NULL);
    struct fake_cpe *f = cpe_start(CPE_DIGEST);
    struct outcome o = {base, 0, 1, {0}, {0}};

    (void)state;
    send_cr(cl, f->port, "acs", &o);
    assert_int_equal(o.done, 0); /* never called back from inside send */
    run(&o);
    assert_int_equal(o.result[0], CWMP_CR_OK);
    assert_int_equal(o.status[0], 200);
    assert_int_equal(f->requests, 2);
    assert_int_equal(f->auth_seen, 1);
    assert_int_equal(f->auth_ok, 1);
    assert_string_equal(f->path, "/cr/abc?x=1");
    cwmp_connreq_client_free(cl);
    cpe_stop(f);
    event_base_free(base);
}

static void test_auth_failed(void **state)
{
    struct event_base *base = event_base_new();
    struct cwmp_connreq_client *cl = cwmp_connreq_client_new(base, NULL);
    struct fake_cpe *f = cpe_start(CPE_ALWAYS_401);
    struct outcome o = {base, 0, 2, {0}, {0}};
    char url[128], err[128];

    (void)state;
    /* wrong password: the fake CPE does not accept the answer */
    snprintf(url, sizeof(url), "http://127.0.0.1:%u/", (unsigned)f->port);
    assert_int_equal(cwmp_connreq_send(cl, url, "acs", "wrong", on_result, &o, err, sizeof(err)),
                     0);
    /* no credentials at all */
    assert_int_equal(cwmp_connreq_send(cl, url, NULL, NULL, on_result, &o, err, sizeof(err)), 0);
    run(&o);
    assert_int_equal(o.result[0], CWMP_CR_AUTH_FAILED);
    assert_int_equal(o.status[0], 401);
    assert_int_equal(o.result[1], CWMP_CR_AUTH_FAILED);
    assert_int_equal(f->requests, 3);
    cwmp_connreq_client_free(cl);
    cpe_stop(f);
    event_base_free(base);
}

static void test_refused_and_status(void **state)
{
    struct event_base *base = event_base_new();
    struct cwmp_connreq_client *cl = cwmp_connreq_client_new(base, NULL);
    struct fake_cpe *f = cpe_start(CPE_503);
    struct outcome o = {base, 0, 1, {0}, {0}};
    uint16_t closed_port;
    int fd = listen_tcp(&closed_port);

    (void)state;
    close(fd); /* nothing listens on closed_port now */
    send_cr(cl, closed_port, "acs", &o);
    run(&o);
    o.expected = 2;
    send_cr(cl, f->port, "acs", &o);
    run(&o);
    assert_int_equal(o.result[0], CWMP_CR_REFUSED);
    assert_int_equal(o.result[1], CWMP_CR_HTTP_STATUS);
    assert_int_equal(o.status[1], 503);
    cwmp_connreq_client_free(cl);
    cpe_stop(f);
    event_base_free(base);
}

static void test_timeout(void **state)
{
    struct event_base *base = event_base_new();
    struct cwmp_connreq_config cfg = {200, 0, 0};
    struct cwmp_connreq_client *cl = cwmp_connreq_client_new(base, &cfg);
    struct fake_cpe *f = cpe_start(CPE_SILENT);
    struct outcome o = {base, 0, 1, {0}, {0}};

    (void)state;
    send_cr(cl, f->port, "acs", &o);
    run(&o);
    assert_int_equal(o.result[0], CWMP_CR_TIMEOUT);
    cwmp_connreq_client_free(cl);
    cpe_stop(f);
    event_base_free(base);
}

static void test_concurrency_limit(void **state)
{
    struct event_base *base = event_base_new();
    struct cwmp_connreq_config cfg = {0, 2, 0};
    struct cwmp_connreq_client *cl = cwmp_connreq_client_new(base, &cfg);
    struct fake_cpe *f = cpe_start(CPE_204);
    struct outcome o = {base, 0, 5, {0}, {0}};
    char err[128];

    (void)state;
    for (int i = 0; i < 5; i++)
        send_cr(cl, f->port, NULL, &o);
    assert_int_equal(cwmp_connreq_queued(cl), 5);
    assert_int_equal(cwmp_connreq_active(cl), 0);
    /* one loop turn starts at most max_concurrent */
    event_base_loop(base, EVLOOP_NONBLOCK | EVLOOP_ONCE);
    assert_true(cwmp_connreq_active(cl) <= 2);
    run(&o);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(o.result[i], CWMP_CR_OK);
        assert_int_equal(o.status[i], 204);
    }
    assert_int_equal(cwmp_connreq_active(cl) + cwmp_connreq_queued(cl), 0);
    assert_int_equal(
        cwmp_connreq_send(cl, "https://127.0.0.1/", NULL, NULL, on_result, &o, err, sizeof(err)),
        -1);
    assert_int_equal(
        cwmp_connreq_send(cl, "http://[::1/", NULL, NULL, on_result, &o, err, sizeof(err)), -1);
    /* freeing cancels what is queued */
    o.done = 0;
    o.expected = 1;
    send_cr(cl, f->port, NULL, &o);
    cwmp_connreq_client_free(cl);
    assert_int_equal(o.done, 1);
    assert_int_equal(o.result[0], CWMP_CR_CANCELLED);
    cpe_stop(f);
    event_base_free(base);
}

/* ------------------------------------------------------------ UDP */

/* Checks one Annex G datagram: returns 0 when its signature verifies. */
static int check_udp_message(const char *msg, const char *host_port, const char *user,
                             const char *password)
{
    char hp[64], ts[32], id[32], un[64], cn[64], sig[64], host_hdr[64], text[256], hex[41];
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    if (sscanf(msg,
               "GET http://%63[^?]?ts=%31[0-9]&id=%31[^&]&un=%63[^&]&cn=%63[^&]&sig=%63[0-9A-F]"
               " HTTP/1.1\r\nHost: %63[^\r]\r\n",
               hp, ts, id, un, cn, sig, host_hdr) != 7)
        return -1;
    if (strcmp(hp, host_port) != 0 || strcmp(host_hdr, host_port) != 0 || strcmp(un, user) != 0)
        return -1;
    if (strcmp(msg + strlen(msg) - 4, "\r\n\r\n") != 0)
        return -1;
    snprintf(text, sizeof(text), "%s%s%s%s", ts, id, un, cn);
    HMAC(EVP_sha1(), password, (int)strlen(password), (unsigned char *)text, strlen(text), mac, &n);
    for (unsigned i = 0; i < n; i++)
        sprintf(hex + 2 * i, "%02X", mac[i]);
    return strcmp(hex, sig) == 0 ? 0 : -1;
}

static void test_udp_format(void **state)
{
    char out[512];
    int n;

    (void)state;
    n = cwmp_udp_connreq_format("10.1.1.1:5060", 1120673700, "1234", "CPE57689", "XTGRWIPC6D3IPXS3",
                                "secret", out, sizeof(out));
    assert_true(n > 0);
    assert_int_equal((size_t)n, strlen(out));
    assert_int_equal(check_udp_message(out, "10.1.1.1:5060", "CPE57689", "secret"), 0);
    assert_int_not_equal(check_udp_message(out, "10.1.1.1:5060", "CPE57689", "other"), 0);
    assert_int_equal(
        cwmp_udp_connreq_format("10.1.1.1:5060", 1, "1", "user&x", "c", "p", out, sizeof(out)), -1);
    assert_int_equal(cwmp_udp_connreq_format("10.1.1.1:5060", 1, "1", "u", "c", "p", out, 20), -1);
}

struct udp_rx {
    struct event_base *base;
    int fd;
    int got;
    char msg[2][1024];
};

static void on_udp(evutil_socket_t fd, short what, void *arg)
{
    struct udp_rx *rx = arg;
    char buf[1024];
    ssize_t n = recv(fd, buf, sizeof(buf) - 1, 0);

    (void)what;
    if (n <= 0)
        return;
    buf[n] = '\0';
    if (rx->got < 2)
        memcpy(rx->msg[rx->got], buf, (size_t)n + 1);
    if (++rx->got == 2)
        event_base_loopexit(rx->base, NULL);
}

static void test_udp_send(void **state)
{
    struct event_base *base = event_base_new();
    struct udp_rx rx = {base, -1, 0, {"", ""}};
    struct sockaddr_in sa;
    socklen_t len = sizeof(sa);
    struct event *ev;
    struct timeval guard = {30, 0};
    char hp[64], err[128];

    (void)state;
    rx.fd = socket(AF_INET, SOCK_DGRAM, 0);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(rx.fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(getsockname(rx.fd, (struct sockaddr *)&sa, &len), 0);
    snprintf(hp, sizeof(hp), "127.0.0.1:%u", (unsigned)ntohs(sa.sin_port));
    ev = event_new(base, rx.fd, EV_READ | EV_PERSIST, on_udp, &rx);
    event_add(ev, NULL);
    assert_int_equal(
        cwmp_udp_connreq_send(base, hp, "cpe-user", "udp-pass", 2, 10, err, sizeof(err)), 0);
    event_base_loopexit(base, &guard);
    event_base_dispatch(base);
    assert_int_equal(rx.got, 2);
    assert_int_equal(check_udp_message(rx.msg[0], hp, "cpe-user", "udp-pass"), 0);
    assert_string_equal(rx.msg[0], rx.msg[1]); /* copies are identical */
    assert_int_equal(
        cwmp_udp_connreq_send(base, "not an address", "u", "p", 1, 1, err, sizeof(err)), -1);
    event_free(ev);
    close(rx.fd);
    event_base_free(base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digest_answered),    cmocka_unit_test(test_auth_failed),
        cmocka_unit_test(test_refused_and_status), cmocka_unit_test(test_timeout),
        cmocka_unit_test(test_concurrency_limit),  cmocka_unit_test(test_udp_format),
        cmocka_unit_test(test_udp_send),
    };
    return cmocka_run_group_tests_name("cwmp_connreq", tests, NULL, NULL);
}
