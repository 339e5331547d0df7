/*
 * test_mqtt.c - the USP MQTT MTP against a real mosquitto broker.
 *
 * Each network test starts its own broker (getenv("MOSQUITTO"), else
 * /usr/sbin/mosquitto) on a free 127.0.0.1 port with a configuration in a
 * temporary directory, and kills it in the teardown, which cmocka runs
 * also when the test fails; the broker also gets SIGKILL if this process
 * dies (PR_SET_PDEATHSIG). The libevent loop is driven in short slices
 * until the awaited event happened; a generous limit only stops a hang,
 * time never decides a pass.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>

#include "usp/usp.h"

#define HANG_LIMIT 30 /* seconds before a wait gives up */
#define MAX_SEEN   64

/* What one usp_mqtt instance reported through its callbacks. */
struct rec {
    int shared_up, down;
    int ready;
    char ready_id[MAX_SEEN][128];
    int msgs, msgs_total;          /* recorded (at most MAX_SEEN), all */
    char msg_agent[MAX_SEEN][128]; /* "" when routed to no agent */
    char msg_reply[MAX_SEEN][256];
    char msg_payload[MAX_SEEN][128];
    int ids;
    char id_agent[8][128];
    char client_id[8][128];
    struct usp_mqtt *m;      /* for callbacks that act on it */
    const char *on_ready_of; /* when this agent is ready ... */
    const char *remove;      /* ... remove that one */
    int remove_on_message;   /* remove the agent a message came for */
    int refused;             /* log lines saying the broker refused */
    int failed;              /* log lines saying an attempt failed */
};

/* A plain libmosquitto client of the test, playing the controller. */
struct raw {
    struct mosquitto *mosq;
    int subscribed;
    int msgs;
    char topic[256];
    char content_type[64];
    char response_topic[256];
    char payload[128];
    int qos;
    int out_of_order; /* payloads that did not start with the count so far */
};

struct fx {
    struct event_base *base;
    char dir[64];
    char conf[128];
    int port;
    pid_t broker;
    struct raw *raw[4];
    int n_raw;
};

/* ------------------------------------------------------------------ */
/* Broker                                                              */
/* ------------------------------------------------------------------ */

static int free_port(void)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    int s = socket(AF_INET, SOCK_STREAM, 0), port;

    assert_true(s >= 0);
    assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&sa, &len), 0);
    port = ntohs(sa.sin_port);
    close(s);
    return port;
}

static int port_open(int port)
{
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int ok = connect(s, (struct sockaddr *)&sa, sizeof sa) == 0;

    close(s);
    return ok;
}

static const char *broker_bin(void)
{
    const char *b = getenv("MOSQUITTO");

    return b && *b && strcmp(b, "no") != 0 ? b : "/usr/sbin/mosquitto";
}

static void broker_start(struct fx *f)
{
    pid_t pid = fork();

    assert_true(pid >= 0);
    if (pid == 0) {
        char log[128];
        int fd;
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        snprintf(log, sizeof log, "%s/broker.out", f->dir);
        fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execl(broker_bin(), broker_bin(), "-c", f->conf, (char *)NULL);
        _exit(127);
    }
    f->broker = pid;
    for (int i = 0; i < HANG_LIMIT * 20 && !port_open(f->port); i++) {
        int status;
        assert_int_equal(waitpid(pid, &status, WNOHANG), 0); /* broker died at start */
        usleep(50000);
    }
    assert_true(port_open(f->port));
}

static void broker_stop(struct fx *f)
{
    if (f->broker > 0) {
        kill(f->broker, SIGKILL);
        waitpid(f->broker, NULL, 0);
        f->broker = 0;
    }
}

/* Writes the broker configuration; extra lines may follow the listener. */
static void broker_config(struct fx *f, const char *extra)
{
    FILE *fp = fopen(f->conf, "w");

    assert_non_null(fp);
    fprintf(fp, "listener %d 127.0.0.1\npersistence false\n", f->port);
    if (geteuid() == 0)
        fprintf(fp, "user root\n"); /* do not drop to a user who cannot read dir */
    fprintf(fp, "%s\n", extra ? extra : "allow_anonymous true");
    fclose(fp);
}

static int setup_broker(void **state)
{
    struct fx *f = calloc(1, sizeof *f);

    if (!f || access(broker_bin(), X_OK) != 0) {
        free(f);
        return -1;
    }
    snprintf(f->dir, sizeof f->dir, "/tmp/test_mqtt.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->conf, sizeof f->conf, "%s/mosquitto.conf", f->dir);
    f->port = free_port();
    f->base = event_base_new();
    *state = f;
    return 0;
}

static int teardown_broker(void **state)
{
    struct fx *f = *state;
    char cmd[160];

    broker_stop(f);
    for (int i = 0; i < f->n_raw; i++) {
        mosquitto_destroy(f->raw[i]->mosq);
        free(f->raw[i]);
    }
    event_base_free(f->base);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "# could not remove %s\n", f->dir);
    free(f);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Loop driving                                                        */
/* ------------------------------------------------------------------ */

/* Lets a raw client read all that is waiting (libmosquitto reads about
 * one packet per call) and write what it queued. */
static void raw_pump(struct raw *w)
{
    struct pollfd p = {.fd = mosquitto_socket(w->mosq), .events = POLLIN};

    for (int i = 0; i < 10000 && p.fd >= 0 && poll(&p, 1, 0) == 1; i++) {
        if (mosquitto_loop_read(w->mosq, 1) != MOSQ_ERR_SUCCESS)
            break;
        p.fd = mosquitto_socket(w->mosq);
    }
    if (mosquitto_want_write(w->mosq))
        mosquitto_loop_write(w->mosq, 1);
    mosquitto_loop_misc(w->mosq);
}

/* Runs the loop (and the raw clients) until *counter >= want. */
static int wait_for(struct fx *f, const int *counter, int want)
{
    time_t end = time(NULL) + HANG_LIMIT;
    struct timeval slice = {0, 20000};

    while (*counter < want && time(NULL) < end) {
        event_base_loopexit(f->base, &slice);
        event_base_dispatch(f->base);
        for (int i = 0; i < f->n_raw; i++)
            raw_pump(f->raw[i]);
    }
    return *counter >= want;
}

/* Runs the loop until a message with this payload arrived. */
static int wait_payload(struct fx *f, struct rec *r, const char *payload)
{
    for (int seen = 0;; seen++) {
        if (seen == r->msgs && !wait_for(f, &r->msgs, seen + 1))
            return 0;
        if (seen < MAX_SEEN && strcmp(r->msg_payload[seen], payload) == 0)
            return 1;
    }
}

/* Runs the loop a little, for things that must NOT happen. */
static void spin(struct fx *f, int slices)
{
    for (int i = 0; i < slices; i++) {
        struct timeval slice = {0, 20000};
        event_base_loopexit(f->base, &slice);
        event_base_dispatch(f->base);
        for (int j = 0; j < f->n_raw; j++)
            raw_pump(f->raw[j]);
    }
}

/* ------------------------------------------------------------------ */
/* Callbacks                                                           */
/* ------------------------------------------------------------------ */

static void rec_message(void *arg, const char *agent, const uint8_t *payload, size_t len,
                        const char *reply_to)
{
    struct rec *r = arg;

    r->msgs_total++;
    if (r->msgs >= MAX_SEEN)
        return;
    snprintf(r->msg_agent[r->msgs], sizeof r->msg_agent[0], "%s", agent ? agent : "");
    snprintf(r->msg_reply[r->msgs], sizeof r->msg_reply[0], "%s", reply_to ? reply_to : "");
    snprintf(r->msg_payload[r->msgs], sizeof r->msg_payload[0], "%.*s", (int)len,
             (const char *)payload);
    r->msgs++;
    if (r->remove_on_message && agent)
        assert_int_equal(usp_mqtt_remove_agent(r->m, agent), 0);
}

static void rec_connected(void *arg, const char *agent)
{
    struct rec *r = arg;

    if (!agent) {
        r->shared_up++;
        return;
    }
    if (r->on_ready_of && strcmp(agent, r->on_ready_of) == 0)
        assert_int_equal(usp_mqtt_remove_agent(r->m, r->remove), 0);
    if (r->ready < MAX_SEEN)
        snprintf(r->ready_id[r->ready], sizeof r->ready_id[0], "%s", agent);
    r->ready++;
}

static void rec_disconnected(void *arg, const char *agent, const char *why)
{
    struct rec *r = arg;

    r->down++;
}

static void rec_client_id(void *arg, const char *agent, const char *id)
{
    struct rec *r = arg;

    if (r->ids >= 8)
        return;
    snprintf(r->id_agent[r->ids], sizeof r->id_agent[0], "%s", agent ? agent : "");
    snprintf(r->client_id[r->ids], sizeof r->client_id[0], "%s", id);
    r->ids++;
}

static void rec_log(void *arg, enum usp_mqtt_log_level level, const char *msg)
{
    struct rec *r = arg;

    if (strstr(msg, "refused CONNECT"))
        r->refused++;
    if (strstr(msg, "could not connect"))
        r->failed++;
    if (getenv("TEST_MQTT_VERBOSE"))
        fprintf(stderr, "# [%d] %s\n", (int)level, msg);
}

/* Test decoder: the "Record" is "to_id|body". */
static int rec_to_id(void *arg, const uint8_t *payload, size_t len, char *buf, size_t size)
{
    const uint8_t *bar = memchr(payload, '|', len);
    size_t n;

    if (!bar)
        return -1;
    n = (size_t)(bar - payload);
    if (n >= size)
        return -1;
    memcpy(buf, payload, n);
    buf[n] = '\0';
    return 0;
}

static const struct usp_mqtt_callbacks rec_cb = {
    .on_message = rec_message,
    .on_connected = rec_connected,
    .on_disconnected = rec_disconnected,
    .on_client_id = rec_client_id,
    .on_log = rec_log,
};

static struct usp_mqtt *mtp_new(struct fx *f, struct usp_mqtt_config *cfg, struct rec *r,
                                const struct usp_mqtt_callbacks *cb)
{
    char err[256] = "";
    struct usp_mqtt *m;

    cfg->port = f->port;
    cfg->connect_retry_time_ms = 50; /* retry fast in tests */
    cfg->connect_retry_max_interval_ms = 400;
    m = usp_mqtt_new(f->base, cfg, cb ? cb : &rec_cb, r, err, sizeof err);
    if (!m)
        fprintf(stderr, "# usp_mqtt_new: %s\n", err);
    assert_non_null(m);
    return m;
}

static int seen_ready(const struct rec *r, const char *id)
{
    for (int i = 0; i < r->ready && i < MAX_SEEN; i++) {
        if (strcmp(r->ready_id[i], id) == 0)
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Raw libmosquitto client                                             */
/* ------------------------------------------------------------------ */

static void raw_on_subscribe(struct mosquitto *mosq, void *obj, int mid, int n, const int *granted,
                             const mosquitto_property *props)
{
    struct raw *w = obj;

    w->subscribed++;
}

static void raw_on_message(struct mosquitto *mosq, void *obj, const struct mosquitto_message *msg,
                           const mosquitto_property *props)
{
    struct raw *w = obj;
    char *s = NULL;

    snprintf(w->topic, sizeof w->topic, "%s", msg->topic);
    snprintf(w->payload, sizeof w->payload, "%.*s", msg->payloadlen, (const char *)msg->payload);
    w->qos = msg->qos;
    if (atoi(w->payload) != w->msgs)
        w->out_of_order++;
    w->content_type[0] = w->response_topic[0] = '\0';
    if (mosquitto_property_read_string(props, MQTT_PROP_CONTENT_TYPE, &s, false)) {
        snprintf(w->content_type, sizeof w->content_type, "%s", s);
        free(s);
    }
    s = NULL;
    if (mosquitto_property_read_string(props, MQTT_PROP_RESPONSE_TOPIC, &s, false)) {
        snprintf(w->response_topic, sizeof w->response_topic, "%s", s);
        free(s);
    }
    w->msgs++;
}

static struct raw *raw_new(struct fx *f, int version, const char *sub, int qos)
{
    struct raw *w = calloc(1, sizeof *w);

    assert_non_null(w);
    w->mosq = mosquitto_new(NULL, true, w);
    assert_non_null(w->mosq);
    f->raw[f->n_raw++] = w;
    mosquitto_int_option(w->mosq, MOSQ_OPT_PROTOCOL_VERSION, version);
    mosquitto_subscribe_v5_callback_set(w->mosq, raw_on_subscribe);
    mosquitto_message_v5_callback_set(w->mosq, raw_on_message);
    assert_int_equal(mosquitto_connect_bind_v5(w->mosq, "127.0.0.1", f->port, 60, NULL, NULL),
                     MOSQ_ERR_SUCCESS);
    assert_int_equal(mosquitto_subscribe(w->mosq, NULL, sub, qos), MOSQ_ERR_SUCCESS);
    assert_true(wait_for(f, &w->subscribed, 1));
    return w;
}

/* Publishes with an MQTT 5 Response Topic (when reply is not NULL). */
static void raw_publish(struct raw *w, const char *topic, const char *payload, const char *reply,
                        int qos)
{
    mosquitto_property *props = NULL;

    if (reply)
        mosquitto_property_add_string(&props, MQTT_PROP_RESPONSE_TOPIC, reply);
    assert_int_equal(mosquitto_publish_v5(w->mosq, NULL, topic, (int)strlen(payload), payload, qos,
                                          false, props),
                     MOSQ_ERR_SUCCESS);
    mosquitto_property_free_all(&props);
}

/* ------------------------------------------------------------------ */
/* Pure functions                                                      */
/* ------------------------------------------------------------------ */

static void test_topic_expand(void **state)
{
    char out[64];

    (void)state;
    assert_int_equal(
        usp_mqtt_topic_expand("usp/agent/{endpoint_id}", "os::00256D-abc", out, sizeof out),
        strlen("usp/agent/os::00256D-abc"));
    assert_string_equal(out, "usp/agent/os::00256D-abc");
    assert_true(usp_mqtt_topic_expand("a/{endpoint_id}/in", "x/y+z#%2F", out, sizeof out) > 0);
    assert_string_equal(out, "a/x%2Fy%2Bz%23%2F/in");
    assert_int_equal(usp_mqtt_topic_expand("usp/agent", "x", out, sizeof out), -1);
    assert_int_equal(usp_mqtt_topic_expand("usp/+/{endpoint_id}", "x", out, sizeof out), -1);
    assert_int_equal(usp_mqtt_topic_expand("usp/#/{endpoint_id}", "x", out, sizeof out), -1);
    assert_int_equal(usp_mqtt_topic_expand("usp/{endpoint_id}", "", out, sizeof out), -1);
    assert_int_equal(usp_mqtt_topic_expand("usp/{endpoint_id}", "abc", out, 7), -1);
    assert_int_equal(usp_mqtt_topic_expand("usp/{endpoint_id}", "abc", out, 8), 7);
}

static void test_reply_to(void **state)
{
    char out[128], reply[64];
    size_t base;
    /* The example of TR-369 R-MQTT.24, without its stray space. */
    const char *t = "usp/agents/cid:3AA3F8:my-unique-usp-id-42/reply-to="
                    "usp%2Fcontrollers%2Foui:00256D:my-unique-bbf-id-42";

    (void)state;
    assert_int_equal(usp_mqtt_topic_add_reply_to("usp/agents/cid:3AA3F8:my-unique-usp-id-42",
                                                 "usp/controllers/oui:00256D:my-unique-bbf-id-42",
                                                 out, sizeof out),
                     strlen(t));
    assert_string_equal(out, t);
    assert_int_equal(usp_mqtt_topic_split_reply_to(t, strlen(t), &base, reply, sizeof reply), 1);
    assert_int_equal(base, strlen("usp/agents/cid:3AA3F8:my-unique-usp-id-42"));
    assert_string_equal(reply, "usp/controllers/oui:00256D:my-unique-bbf-id-42");

    /* The last /reply-to= counts; %2f in any case; other escapes stay. */
    t = "a/reply-to=b/reply-to=c%2fd%2Fe%20f";
    assert_int_equal(usp_mqtt_topic_split_reply_to(t, strlen(t), &base, reply, sizeof reply), 1);
    assert_int_equal(base, strlen("a/reply-to=b"));
    assert_string_equal(reply, "c/d/e%20f");

    t = "usp/agent/x";
    assert_int_equal(usp_mqtt_topic_split_reply_to(t, strlen(t), &base, reply, sizeof reply), 0);
    assert_int_equal(base, strlen(t));
    t = "usp/agent/x/reply-to=";
    assert_int_equal(usp_mqtt_topic_split_reply_to(t, strlen(t), &base, reply, sizeof reply), -1);
    t = "x/reply-to=abcdef";
    assert_int_equal(usp_mqtt_topic_split_reply_to(t, strlen(t), &base, reply, 6), -1);
    assert_int_equal(usp_mqtt_topic_split_reply_to(t, strlen(t), &base, reply, 7), 1);
    /* Length-bounded: the NUL-less tail after len is not read. */
    assert_int_equal(usp_mqtt_topic_split_reply_to(t, 2, &base, reply, sizeof reply), 0);
    assert_int_equal(usp_mqtt_topic_add_reply_to("abc", "d/e", out, 18), -1);
    assert_int_equal(usp_mqtt_topic_add_reply_to("abc", "d/e", out, 19), 18);
    assert_string_equal(out, "abc/reply-to=d%2Fe");
}

static void test_retry_wait(void **state)
{
    uint64_t lo, hi;

    (void)state;
    /* TR-181 defaults: 5 s, x2.0, at most 30720 s. */
    usp_mqtt_retry_range(5000, 2000, 30720000, 1, &lo, &hi);
    assert_int_equal(lo, 5000);
    assert_int_equal(hi, 10000);
    usp_mqtt_retry_range(5000, 2000, 30720000, 2, &lo, &hi);
    assert_int_equal(lo, 10000);
    assert_int_equal(hi, 20000);
    usp_mqtt_retry_range(5000, 2000, 30720000, 10, &lo, &hi);
    assert_int_equal(lo, 2560000);
    assert_int_equal(hi, 5120000);
    usp_mqtt_retry_range(5000, 2000, 30720000, 13, &lo, &hi);
    assert_int_equal(lo, 20480000);
    assert_int_equal(hi, 30720000);
    usp_mqtt_retry_range(5000, 2000, 30720000, 1000000, &lo, &hi);
    assert_int_equal(lo, 30720000);
    assert_int_equal(hi, 30720000);
    usp_mqtt_retry_range(5000, 1500, 30720000, 3, &lo, &hi);
    assert_int_equal(lo, 11250);
    assert_int_equal(hi, 16875);
    usp_mqtt_retry_range(5000, 65535, UINT64_MAX, 40, &lo, &hi); /* no overflow */
    assert_true(lo <= hi);
    for (uint32_t r = 0; r < 5000; r += 7) {
        uint64_t w = usp_mqtt_retry_wait(5000, 2000, 30720000, 3, r * 104729u);
        assert_in_range(w, 20000, 40000);
    }
    assert_int_equal(usp_mqtt_retry_wait(5000, 2000, 30720000, 1, 0), 5000);
    assert_int_equal(usp_mqtt_retry_wait(5000, 2000, 30720000, 1, 5000), 10000);
    assert_int_equal(usp_mqtt_retry_wait(5000, 1000, 30720000, 9, 12345), 5000);
}

static void test_config_errors(void **state)
{
    struct event_base *base = event_base_new();
    struct usp_mqtt_config cfg;
    char err[256];

    (void)state;
    memset(&cfg, 0, sizeof cfg);
    cfg.qos = 2;
    assert_null(usp_mqtt_new(base, &cfg, NULL, NULL, err, sizeof err));
    assert_non_null(strstr(err, "QoS 2"));
    memset(&cfg, 0, sizeof cfg);
    cfg.topic_template = "usp/agent/+";
    assert_null(usp_mqtt_new(base, &cfg, NULL, NULL, err, sizeof err));
    assert_non_null(strstr(err, "usp/agent/+"));
    memset(&cfg, 0, sizeof cfg);
    cfg.tls = 1;
    assert_null(usp_mqtt_new(base, &cfg, NULL, NULL, err, sizeof err));
    assert_non_null(strstr(err, "CA"));
    memset(&cfg, 0, sizeof cfg);
    cfg.keepalive = 2;
    assert_null(usp_mqtt_new(base, &cfg, NULL, NULL, err, sizeof err));
    assert_non_null(strstr(err, "keep alive"));
    memset(&cfg, 0, sizeof cfg);
    cfg.version = 3;
    assert_null(usp_mqtt_new(base, &cfg, NULL, NULL, err, sizeof err));
    memset(&cfg, 0, sizeof cfg);
    {
        struct usp_mqtt *m = usp_mqtt_new(base, &cfg, NULL, NULL, err, sizeof err);
        assert_non_null(m);
        assert_int_equal(usp_mqtt_add_agent(m, "a/b", NULL), 0);
        assert_string_equal(usp_mqtt_agent_topic(m, "a/b"), "usp/agent/a%2Fb");
        assert_int_equal(usp_mqtt_add_agent(m, "a/b", NULL), -1);
        assert_non_null(strstr(usp_mqtt_error(m), "already"));
        assert_int_equal(usp_mqtt_add_agent(m, "a%2Fb", NULL), -1); /* same topic */
        assert_non_null(strstr(usp_mqtt_error(m), "share topic"));
        assert_int_equal(usp_mqtt_add_agent(m, "", NULL), -1);
        assert_int_equal(usp_mqtt_publish(m, "a/b", "t", "x", 1), -1);
        assert_non_null(strstr(usp_mqtt_error(m), "not connected"));
        assert_int_equal(usp_mqtt_remove_agent(m, "nobody"), -1);
        assert_int_equal(usp_mqtt_remove_agent(m, "a/b"), 0);
        assert_null(usp_mqtt_agent_topic(m, "a/b"));
        usp_mqtt_free(m);
    }
    event_base_free(base);
}

/* ------------------------------------------------------------------ */
/* A fake broker: the packets as sent, and CONNACK properties mosquitto */
/* does not send (Assigned Client Identifier aside)                    */
/* ------------------------------------------------------------------ */

struct fake {
    int ls;
    int cs[8], n_cs;
    int conn; /* the connection that sent data (not the TCP probe) */
    unsigned char buf[4096];
    int got;
};

/* The length of the whole MQTT packet at buf, or 0 if not all in yet. */
static int packet_len(const unsigned char *buf, int got)
{
    int len = 0, mul = 1;

    for (int i = 1; i < got && i <= 4; i++) {
        len += (buf[i] & 0x7f) * mul;
        mul *= 128;
        if (!(buf[i] & 0x80))
            return got >= i + 1 + len ? i + 1 + len : 0;
    }
    return 0;
}

/* Offset of the byte after the Remaining Length. */
static int after_header(const unsigned char *pkt)
{
    int p = 1;

    while (pkt[p++] & 0x80)
        ;
    return p;
}

static void fake_listen(struct fx *f, struct fake *k)
{
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)f->port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int one = 1;

    memset(k, 0, sizeof *k);
    k->conn = -1;
    k->ls = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(k->ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    assert_int_equal(bind(k->ls, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(listen(k->ls, 4), 0);
    fcntl(k->ls, F_SETFL, O_NONBLOCK);
}

static void fake_close(struct fake *k)
{
    for (int i = 0; i < k->n_cs; i++)
        close(k->cs[i]);
    close(k->ls);
}

/* Runs the loop until the client sent a whole packet; copies it to pkt.
 * The first connection is the MTP's TCP probe, closed without data. */
static int fake_read(struct fx *f, struct fake *k, unsigned char *pkt)
{
    time_t end = time(NULL) + HANG_LIMIT;
    int n, s;

    while (!(n = packet_len(k->buf, k->got)) && time(NULL) < end) {
        spin(f, 1);
        while (k->n_cs < 8 && (s = accept(k->ls, NULL, NULL)) >= 0)
            k->cs[k->n_cs++] = s;
        for (int i = 0; i < k->n_cs; i++) {
            ssize_t got =
                recv(k->cs[i], k->buf + k->got, sizeof k->buf - (size_t)k->got, MSG_DONTWAIT);
            if (got > 0) {
                k->got += (int)got;
                k->conn = k->cs[i];
            }
        }
    }
    if (!n)
        return 0;
    memcpy(pkt, k->buf, (size_t)n);
    memmove(k->buf, k->buf + n, (size_t)(k->got - n));
    k->got -= n;
    return n;
}

static void fake_send(struct fake *k, const unsigned char *pkt, size_t len)
{
    assert_int_equal(send(k->conn, pkt, len, 0), (ssize_t)len);
}

/* Appends a 2-byte length and the string. */
static size_t put_str(unsigned char *p, const char *s)
{
    size_t n = strlen(s);

    p[0] = (unsigned char)(n >> 8);
    p[1] = (unsigned char)n;
    memcpy(p + 2, s, n);
    return n + 2;
}

/* Answers a SUBSCRIBE with a SUBACK granting every topic QoS 0; returns
 * how many topics it held. */
static int fake_suback(struct fake *k, const unsigned char *sub, int len)
{
    unsigned char ack[64];
    int p = after_header(sub), n = 0, props = sub[p + 2];

    assert_int_equal(sub[0], 0x82);
    assert_true(props < 0x80);
    for (int q = p + 3 + props; q < len; q += 2 + (sub[q] << 8 | sub[q + 1]) + 1)
        n++;
    ack[0] = 0x90;
    ack[1] = (unsigned char)(3 + n);
    ack[2] = sub[p];
    ack[3] = sub[p + 1];
    ack[4] = 0; /* no properties */
    memset(ack + 5, 0, (size_t)n);
    fake_send(k, ack, (size_t)(5 + n));
    return n;
}

/* MQTT 5 CONNECT as sent (R-MQTT.8, .12, .13); a CONNACK with an Assigned
 * Client Identifier (R-MQTT.9), a subscribe-topic User Property and
 * Response Information (R-MQTT.15, .21); routing by to_id. */
static void test_v5_fake_broker(void **state)
{
    struct fx *f = *state;
    struct usp_mqtt_config cfg = {.version = USP_MQTT_V5, .request_response_info = 1};
    struct usp_mqtt_callbacks cb = rec_cb;
    struct rec r = {0};
    struct usp_mqtt *m;
    struct fake k;
    unsigned char pkt[1024], out[256];
    const char want[] = "\x26\x00\x0fusp-endpoint-id\x00\x0eos::012345-CPE";
    const char *resp = "usp/resp/os::012345-CPE";
    int n, p, props = 0, mul = 1, topics = 0;
    size_t o;

    cb.extract_to_id = rec_to_id;
    fake_listen(f, &k);
    m = mtp_new(f, &cfg, &r, &cb);
    assert_int_equal(usp_mqtt_add_agent(m, "os::012345-CPE", NULL), 0);
    assert_int_equal(usp_mqtt_start(m), 0);

    n = fake_read(f, &k, pkt);
    assert_true(n > 0);
    assert_int_equal(pkt[0], 0x10);                                 /* CONNECT */
    assert_memory_equal(pkt + 2, "\x00\x04MQTT\x05", 7);            /* MQTT 5 */
    assert_non_null(memmem(pkt, (size_t)n, want, sizeof want - 1)); /* R-MQTT.13 */
    assert_non_null(memmem(pkt, (size_t)n, "\x19\x01", 2));         /* R-MQTT.12 */
    /* R-MQTT.8: no configured ClientId: an empty one, first in the payload. */
    p = after_header(pkt) + 10; /* protocol name, level, flags, keep alive */
    do {
        props += (pkt[p] & 0x7f) * mul;
        mul *= 128;
    } while (pkt[p++] & 0x80);
    p += props;
    assert_true(p + 2 <= n);
    assert_int_equal(pkt[p] << 8 | pkt[p + 1], 0);

    /* CONNACK: success, with the three properties. */
    o = 5;
    out[o++] = 0x12; /* Assigned Client Identifier */
    o += put_str(out + o, "assigned-42");
    out[o++] = 0x1A; /* Response Information */
    o += put_str(out + o, resp);
    out[o++] = 0x26; /* User Property */
    o += put_str(out + o, "subscribe-topic");
    o += put_str(out + o, "usp/extra/+");
    out[0] = 0x20;
    out[1] = (unsigned char)(o - 2);
    out[2] = 0; /* no session present */
    out[3] = 0; /* success */
    out[4] = (unsigned char)(o - 5);
    fake_send(&k, out, o);

    /* Two SUBSCRIBEs: the broker-given topics, then the agent's. */
    for (int i = 0; i < 2; i++) {
        n = fake_read(f, &k, pkt);
        assert_true(n > 0);
        topics += fake_suback(&k, pkt, n);
        if (memmem(pkt, (size_t)n, "usp/extra/+", 11)) {
            assert_non_null(memmem(pkt, (size_t)n, resp, strlen(resp))); /* R-MQTT.15 */
        } else {
            assert_non_null(memmem(pkt, (size_t)n, "usp/agent/os::012345-CPE", 24));
        }
    }
    assert_int_equal(topics, 3);
    assert_true(wait_for(f, &r.ready, 1));
    assert_int_equal(r.shared_up, 1);
    assert_int_equal(r.ids, 1); /* R-MQTT.9 */
    assert_string_equal(r.client_id[0], "assigned-42");
    assert_string_equal(usp_mqtt_client_id(m, NULL), "assigned-42");

    /* R-MQTT.21: the Response Information is the reply-to topic. */
    assert_int_equal(usp_mqtt_publish(m, "os::012345-CPE", "usp/controller/c", "hi", 2), 0);
    n = fake_read(f, &k, pkt);
    assert_true(n > 0);
    assert_int_equal(pkt[0] & 0xf0, 0x30); /* PUBLISH */
    assert_non_null(memmem(pkt, (size_t)n, "\x08\x00\x17usp/resp/os::012345-CPE", 26));
    assert_non_null(memmem(pkt, (size_t)n, "\x03\x00\x07usp.msg", 10)); /* R-MQTT.27 */

    /* On the shared Response Information topic, the to_id routes. */
    o = 2;
    o += put_str(out + o, resp);
    out[o++] = 0; /* no properties */
    memcpy(out + o, "os::012345-CPE|hello", 20);
    o += 20;
    out[0] = 0x30;
    out[1] = (unsigned char)(o - 2);
    fake_send(&k, out, o);
    o = 2;
    o += put_str(out + o, "usp/extra/x");
    out[o++] = 0;
    memcpy(out + o, "os::nobody|x", 12);
    o += 12;
    out[0] = 0x30;
    out[1] = (unsigned char)(o - 2);
    fake_send(&k, out, o);
    assert_true(wait_for(f, &r.msgs, 2));
    assert_string_equal(r.msg_agent[0], "os::012345-CPE");
    assert_string_equal(r.msg_payload[0], "os::012345-CPE|hello");
    assert_string_equal(r.msg_reply[0], ""); /* none was given */
    assert_string_equal(r.msg_agent[1], ""); /* no such agent */
    usp_mqtt_free(m);
    fake_close(&k);
}

/* ------------------------------------------------------------------ */
/* Against mosquitto                                                   */
/* ------------------------------------------------------------------ */

/* MQTT 5, QoS 1, one connection with three agents, a plain v5 client as
 * the controller: routing, Response Topic, Content Type, assigned id. */
static void test_v5_round_trip(void **state)
{
    struct fx *f = *state;
    struct usp_mqtt_config cfg = {.version = USP_MQTT_V5, .qos = 1, .endpoint_id = "proto::proxy"};
    struct rec r = {0};
    struct usp_mqtt *m;
    struct raw *ctl;
    const char *ids[] = {"os::012345-CPE1", "os::012345-CPE2", "ops::012345-Box-3"};

    broker_config(f, NULL);
    broker_start(f);
    m = mtp_new(f, &cfg, &r, NULL);
    for (int i = 0; i < 3; i++)
        assert_int_equal(usp_mqtt_add_agent(m, ids[i], NULL), 0);
    assert_int_equal(usp_mqtt_start(m), 0);
    assert_true(wait_for(f, &r.ready, 3));
    assert_int_equal(r.shared_up, 1);
    for (int i = 0; i < 3; i++)
        assert_true(seen_ready(&r, ids[i]));
    /* R-MQTT.9: the broker assigned a ClientId, reported for persistence. */
    assert_int_equal(r.ids, 1);
    assert_string_equal(r.id_agent[0], "");
    assert_true(strlen(r.client_id[0]) > 0);
    assert_string_equal(usp_mqtt_client_id(m, NULL), r.client_id[0]);

    ctl = raw_new(f, MQTT_PROTOCOL_V5, "usp/controller/ctl", 1);
    raw_publish(ctl, "usp/agent/os::012345-CPE2", "get-2", "usp/controller/ctl", 1);
    assert_true(wait_for(f, &r.msgs, 1));
    assert_string_equal(r.msg_agent[0], "os::012345-CPE2");
    assert_string_equal(r.msg_reply[0], "usp/controller/ctl");
    assert_string_equal(r.msg_payload[0], "get-2");

    assert_int_equal(usp_mqtt_publish(m, "os::012345-CPE2", r.msg_reply[0], "resp-2", 6), 0);
    assert_true(wait_for(f, &ctl->msgs, 1));
    assert_string_equal(ctl->topic, "usp/controller/ctl");
    assert_string_equal(ctl->payload, "resp-2");
    assert_string_equal(ctl->content_type, USP_MQTT_CONTENT_TYPE);         /* R-MQTT.27 */
    assert_string_equal(ctl->response_topic, "usp/agent/os::012345-CPE2"); /* R-MQTT.23 */
    assert_int_equal(ctl->qos, 1);

    /* A message to a third agent with the registered MIME type. */
    {
        mosquitto_property *props = NULL;
        mosquitto_property_add_string(&props, MQTT_PROP_CONTENT_TYPE, USP_MQTT_CONTENT_TYPE_MIME);
        mosquitto_property_add_string(&props, MQTT_PROP_RESPONSE_TOPIC, "usp/controller/ctl");
        assert_int_equal(mosquitto_publish_v5(ctl->mosq, NULL, "usp/agent/ops::012345-Box-3", 5,
                                              "get-3", 1, false, props),
                         MOSQ_ERR_SUCCESS);
        mosquitto_property_free_all(&props);
        /* A non-USP Content Type is dropped (R-MQTT.27a). */
        mosquitto_property_add_string(&props, MQTT_PROP_CONTENT_TYPE, "text/plain");
        assert_int_equal(mosquitto_publish_v5(ctl->mosq, NULL, "usp/agent/os::012345-CPE1", 4,
                                              "junk", 1, false, props),
                         MOSQ_ERR_SUCCESS);
        mosquitto_property_free_all(&props);
    }
    raw_publish(ctl, "usp/agent/os::012345-CPE1", "get-1", "usp/controller/ctl", 1);
    assert_true(wait_for(f, &r.msgs, 3));
    assert_string_equal(r.msg_agent[1], "ops::012345-Box-3");
    assert_string_equal(r.msg_payload[1], "get-3");
    assert_string_equal(r.msg_agent[2], "os::012345-CPE1");
    assert_string_equal(r.msg_payload[2], "get-1"); /* "junk" never arrived */
    usp_mqtt_free(m);
}

/* MQTT 3.1.1 between two usp_mqtt instances: /reply-to= both ways. */
static void test_v311_round_trip(void **state)
{
    struct fx *f = *state;
    struct usp_mqtt_config acfg = {.version = USP_MQTT_V311};
    struct usp_mqtt_config ccfg = {.version = USP_MQTT_V311,
                                   .host = "localhost", /* a name: resolved with evdns */
                                   .topic_template = "usp/controller/{endpoint_id}"};
    struct rec ar = {0}, cr = {0};
    struct usp_mqtt *agent, *ctl;
    struct raw *spy;

    broker_config(f, NULL);
    broker_start(f);
    agent = mtp_new(f, &acfg, &ar, NULL);
    ctl = mtp_new(f, &ccfg, &cr, NULL);
    assert_int_equal(usp_mqtt_add_agent(agent, "os::AAA-1", NULL), 0);
    assert_int_equal(usp_mqtt_add_agent(ctl, "self::ctl", NULL), 0);
    assert_int_equal(usp_mqtt_start(agent), 0);
    assert_int_equal(usp_mqtt_start(ctl), 0);
    assert_true(wait_for(f, &ar.ready, 1));
    assert_true(wait_for(f, &cr.ready, 1));
    assert_int_equal(ar.ids, 0); /* no assigned id on 3.1.1 */
    /* R-MQTT.8: on 3.1.1 the ClientId is the Endpoint ID. */
    spy = raw_new(f, MQTT_PROTOCOL_V311, "usp/agent/#", 0);

    assert_int_equal(usp_mqtt_publish(ctl, "self::ctl", "usp/agent/os::AAA-1", "req", 3), 0);
    assert_true(wait_for(f, &ar.msgs, 1));
    assert_string_equal(ar.msg_agent[0], "os::AAA-1");
    assert_string_equal(ar.msg_reply[0], "usp/controller/self::ctl"); /* R-MQTT.25 */
    assert_string_equal(ar.msg_payload[0], "req");
    assert_true(wait_for(f, &spy->msgs, 1));
    assert_string_equal(spy->topic, "usp/agent/os::AAA-1/reply-to=usp%2Fcontroller%2Fself::ctl");

    assert_int_equal(usp_mqtt_publish(agent, "os::AAA-1", ar.msg_reply[0], "resp", 4), 0);
    assert_true(wait_for(f, &cr.msgs, 1));
    assert_string_equal(cr.msg_agent[0], "self::ctl");
    assert_string_equal(cr.msg_reply[0], "usp/agent/os::AAA-1"); /* R-MQTT.24 */
    assert_string_equal(cr.msg_payload[0], "resp");
    usp_mqtt_free(agent);
    usp_mqtt_free(ctl);
}

/* Agents added and removed on the live connection; to_id check. */
static void test_add_remove_at_run_time(void **state)
{
    struct fx *f = *state;
    struct usp_mqtt_config cfg = {.version = USP_MQTT_V5, .endpoint_id = "proto::proxy"};
    struct usp_mqtt_callbacks cb = rec_cb;
    struct rec r = {0};
    struct usp_mqtt *m;
    struct raw *ctl;

    cb.extract_to_id = rec_to_id;
    broker_config(f, NULL);
    broker_start(f);
    m = mtp_new(f, &cfg, &r, &cb);
    assert_int_equal(usp_mqtt_start(m), 0);
    assert_true(wait_for(f, &r.shared_up, 1));
    assert_int_equal(r.ready, 0);
    ctl = raw_new(f, MQTT_PROTOCOL_V5, "usp/controller/ctl", 0);

    assert_int_equal(usp_mqtt_add_agent(m, "os::X-1", NULL), 0);
    assert_int_equal(usp_mqtt_add_agent(m, "os::X-2", NULL), 0);
    assert_true(wait_for(f, &r.ready, 2));
    assert_true(usp_mqtt_agent_ready(m, "os::X-2"));
    raw_publish(ctl, "usp/agent/os::X-2", "os::X-2|a", "usp/controller/ctl", 0);
    assert_true(wait_for(f, &r.msgs, 1));
    assert_string_equal(r.msg_agent[0], "os::X-2");

    /* A Record for X-1 on X-2's topic is dropped by the to_id check (the
     * sentinel after it on the same topic shows it was handled). */
    raw_publish(ctl, "usp/agent/os::X-2", "os::X-1|wrong-topic", "usp/controller/ctl", 0);
    raw_publish(ctl, "usp/agent/os::X-2", "os::X-2|sentinel", "usp/controller/ctl", 0);
    assert_true(wait_payload(f, &r, "os::X-2|sentinel"));
    assert_int_equal(r.msgs, 2);
    assert_string_equal(r.msg_agent[1], "os::X-2");

    assert_int_equal(usp_mqtt_remove_agent(m, "os::X-2"), 0);
    assert_false(usp_mqtt_agent_ready(m, "os::X-2"));
    raw_publish(ctl, "usp/agent/os::X-2", "os::X-2|b", "usp/controller/ctl", 0);
    raw_publish(ctl, "usp/agent/os::X-1", "os::X-1|c", "usp/controller/ctl", 0);
    assert_true(wait_payload(f, &r, "os::X-1|c"));
    /* Nothing reaches the removed X-2: unsubscribed, or (if the broker
     * still sent it) routed to no agent, even though its to_id names X-2. */
    for (int i = 2; i < r.msgs; i++)
        assert_string_not_equal(r.msg_agent[i], "os::X-2");
    assert_string_equal(r.msg_agent[r.msgs - 1], "os::X-1");
    assert_int_equal(usp_mqtt_publish(m, "os::X-2", "usp/controller/ctl", "x", 1), -1);
    usp_mqtt_free(m);
}

/* One connection per agent, each with its own assigned ClientId; a
 * stored ClientId is used as given. */
static void test_per_agent_connections(void **state)
{
    struct fx *f = *state;
    struct usp_mqtt_config cfg = {.version = USP_MQTT_V5, .per_agent_connection = 1, .qos = 1};
    struct rec r = {0};
    struct usp_mqtt *m;
    struct raw *ctl;

    broker_config(f, NULL);
    broker_start(f);
    m = mtp_new(f, &cfg, &r, NULL);
    assert_int_equal(usp_mqtt_add_agent(m, "os::P-1", NULL), 0);
    assert_int_equal(usp_mqtt_add_agent(m, "os::P-2", "stored-client-2"), 0);
    assert_int_equal(usp_mqtt_start(m), 0);
    assert_int_equal(usp_mqtt_add_agent(m, "os::P-3", NULL), 0); /* after start */
    assert_true(wait_for(f, &r.ready, 3));
    assert_int_equal(r.shared_up, 0);
    /* P-1 and P-3 got assigned ids, P-2 kept its stored one. */
    assert_int_equal(r.ids, 2);
    assert_string_not_equal(r.client_id[0], r.client_id[1]);
    assert_string_equal(usp_mqtt_client_id(m, "os::P-2"), "stored-client-2");
    for (int i = 0; i < 2; i++)
        assert_string_equal(usp_mqtt_client_id(m, r.id_agent[i]), r.client_id[i]);

    ctl = raw_new(f, MQTT_PROTOCOL_V5, "usp/controller/ctl", 1);
    raw_publish(ctl, "usp/agent/os::P-3", "to-3", "usp/controller/ctl", 1);
    raw_publish(ctl, "usp/agent/os::P-2", "to-2", "usp/controller/ctl", 1);
    assert_true(wait_for(f, &r.msgs, 2));
    for (int i = 0; i < 2; i++) {
        assert_string_equal(r.msg_payload[i] + 3, r.msg_agent[i] + strlen("os::P-"));
        assert_string_equal(r.msg_reply[i], "usp/controller/ctl");
    }
    assert_int_equal(usp_mqtt_publish(m, "os::P-1", "usp/controller/ctl", "from-1", 6), 0);
    assert_true(wait_for(f, &ctl->msgs, 1));
    assert_string_equal(ctl->response_topic, "usp/agent/os::P-1");
    /* Removing an agent closes its connection only. */
    assert_int_equal(usp_mqtt_remove_agent(m, "os::P-1"), 0);
    raw_publish(ctl, "usp/agent/os::P-2", "to-2", "usp/controller/ctl", 1);
    assert_true(wait_for(f, &r.msgs, 3));
    assert_string_equal(r.msg_agent[2], "os::P-2");
    usp_mqtt_free(m);
}

/* A burst of PUBLISHes from one agent without running the loop in
 * between (nothing may block: libmosquitto queues what the socket does not
 * take), then a burst towards it; all arrive, in order. */
static void test_burst(void **state)
{
    struct fx *f = *state;
    struct usp_mqtt_config cfg = {.version = USP_MQTT_V5, .qos = 1};
    struct rec r = {0};
    struct usp_mqtt *m;
    struct raw *ctl;
    char payload[200];
    enum { N = 1000 };

    /* The broker keeps at most 1000 QoS 1 messages per slow client by
     * default and drops the rest; this test wants them all. */
    broker_config(f, "allow_anonymous true\nmax_queued_messages 0");
    broker_start(f);
    m = mtp_new(f, &cfg, &r, NULL);
    assert_int_equal(usp_mqtt_add_agent(m, "os::burst", NULL), 0);
    assert_int_equal(usp_mqtt_start(m), 0);
    assert_true(wait_for(f, &r.ready, 1));
    ctl = raw_new(f, MQTT_PROTOCOL_V5, "usp/controller/ctl", 1);
    memset(payload, 'p', sizeof payload);
    for (int i = 0; i < N; i++) {
        int n = snprintf(payload, sizeof payload, "%d", i);
        payload[n] = '|'; /* a number, then padding */
        assert_int_equal(
            usp_mqtt_publish(m, "os::burst", "usp/controller/ctl", payload, sizeof payload - 1), 0);
    }
    if (!wait_for(f, &ctl->msgs, N))
        fail_msg("%d of %d arrived", ctl->msgs, N);
    assert_int_equal(ctl->out_of_order, 0);
    for (int i = 0; i < N; i++)
        raw_publish(ctl, "usp/agent/os::burst", "x", "usp/controller/ctl", 1);
    assert_true(wait_for(f, &r.msgs_total, N));
    usp_mqtt_free(m);
}

/* Many agents on one connection: SUBSCRIBEs in batches, all of them
 * acknowledged, routing by topic to each. */
static void test_many_agents(void **state)
{
    struct fx *f = *state;
    struct usp_mqtt_config cfg = {.version = USP_MQTT_V5, .endpoint_id = "proto::proxy"};
    struct rec r = {0};
    struct usp_mqtt *m;
    struct raw *ctl;
    char id[64], topic[96];
    enum { N = 1000 };

    broker_config(f, NULL);
    broker_start(f);
    m = mtp_new(f, &cfg, &r, NULL);
    for (int i = 0; i < N / 2; i++) { /* half before the connection, half after */
        snprintf(id, sizeof id, "os::000000-%04d", i);
        assert_int_equal(usp_mqtt_add_agent(m, id, NULL), 0);
    }
    assert_int_equal(usp_mqtt_start(m), 0);
    assert_true(wait_for(f, &r.shared_up, 1));
    for (int i = N / 2; i < N; i++) {
        snprintf(id, sizeof id, "os::000000-%04d", i);
        assert_int_equal(usp_mqtt_add_agent(m, id, NULL), 0);
    }
    assert_true(wait_for(f, &r.ready, N));
    assert_int_equal(r.ready, N);
    ctl = raw_new(f, MQTT_PROTOCOL_V5, "usp/controller/ctl", 0);
    for (int i = 7; i < N; i += 97) {
        snprintf(topic, sizeof topic, "usp/agent/os::000000-%04d", i);
        raw_publish(ctl, topic, topic + strlen("usp/agent/"), "usp/controller/ctl", 0);
    }
    assert_true(wait_for(f, &r.msgs, (N - 7 + 96) / 97));
    for (int i = 0; i < r.msgs; i++)
        assert_string_equal(r.msg_agent[i], r.msg_payload[i]);
    usp_mqtt_free(m);
}

/* Agents removed from inside callbacks: from on_connected while the
 * SUBACK of their batch is being handled, and from on_message on their
 * own connection (per-agent mode: the connection is freed afterwards). */
static void test_remove_from_callbacks(void **state)
{
    struct fx *f = *state;
    struct usp_mqtt_config scfg = {.version = USP_MQTT_V5, .endpoint_id = "proto::proxy"};
    struct usp_mqtt_config pcfg = {.version = USP_MQTT_V5, .per_agent_connection = 1};
    struct rec sr = {0}, pr = {0};
    struct usp_mqtt *sm, *pm;
    struct raw *ctl;

    broker_config(f, NULL);
    broker_start(f);
    sm = mtp_new(f, &scfg, &sr, NULL);
    pm = mtp_new(f, &pcfg, &pr, NULL);
    sr.m = sm;
    pr.m = pm;
    /* One SUBSCRIBE for all three; the agents list is newest first. */
    assert_int_equal(usp_mqtt_add_agent(sm, "os::S-1", NULL), 0);
    assert_int_equal(usp_mqtt_add_agent(sm, "os::S-2", NULL), 0);
    assert_int_equal(usp_mqtt_add_agent(sm, "os::S-3", NULL), 0);
    sr.on_ready_of = "os::S-3";
    sr.remove = "os::S-1";
    assert_int_equal(usp_mqtt_start(sm), 0);
    assert_true(wait_for(f, &sr.ready, 2));
    spin(f, 5);
    assert_int_equal(sr.ready, 2);
    assert_false(seen_ready(&sr, "os::S-1"));
    assert_null(usp_mqtt_agent_topic(sm, "os::S-1"));

    assert_int_equal(usp_mqtt_add_agent(pm, "os::P-A", NULL), 0);
    assert_int_equal(usp_mqtt_add_agent(pm, "os::P-B", NULL), 0);
    assert_int_equal(usp_mqtt_start(pm), 0);
    assert_true(wait_for(f, &pr.ready, 2));
    ctl = raw_new(f, MQTT_PROTOCOL_V5, "usp/controller/ctl", 0);
    pr.remove_on_message = 1;
    raw_publish(ctl, "usp/agent/os::P-A", "bye", "usp/controller/ctl", 0);
    assert_true(wait_for(f, &pr.msgs, 1));
    assert_string_equal(pr.msg_agent[0], "os::P-A");
    assert_null(usp_mqtt_agent_topic(pm, "os::P-A"));
    pr.remove_on_message = 0;
    raw_publish(ctl, "usp/agent/os::P-B", "still", "usp/controller/ctl", 0);
    assert_true(wait_for(f, &pr.msgs, 2));
    assert_string_equal(pr.msg_agent[1], "os::P-B");
    assert_int_equal(usp_mqtt_publish(pm, "os::P-B", "usp/controller/ctl", "ok", 2), 0);
    assert_true(wait_for(f, &ctl->msgs, 1));
    usp_mqtt_free(sm);
    usp_mqtt_free(pm);
}

/* The broker dies and comes back on the same port: the connection is
 * retried, subscriptions restored with the same ClientId, messages flow.
 * version: of the agent side (3.1.1 connects asynchronously, 5.0 not). */
static void reconnect_case(struct fx *f, enum usp_mqtt_version version)
{
    struct usp_mqtt_config cfg = {.version = version, .qos = 1};
    struct usp_mqtt_config ccfg = {.version = version,
                                   .topic_template = "usp/controller/{endpoint_id}"};
    struct rec r = {0}, cr = {0};
    struct usp_mqtt *m, *ctl;
    char client_id[128];

    broker_config(f, NULL);
    broker_start(f);
    m = mtp_new(f, &cfg, &r, NULL);
    ctl = mtp_new(f, &ccfg, &cr, NULL);
    assert_int_equal(usp_mqtt_add_agent(m, "os::R-1", NULL), 0);
    assert_int_equal(usp_mqtt_add_agent(m, "os::R-2", NULL), 0);
    assert_int_equal(usp_mqtt_add_agent(ctl, "ctl", NULL), 0);
    assert_int_equal(usp_mqtt_start(m), 0);
    assert_int_equal(usp_mqtt_start(ctl), 0);
    assert_true(wait_for(f, &r.ready, 2));
    assert_true(wait_for(f, &cr.ready, 1));
    assert_int_equal(r.ids, version == USP_MQTT_V5 ? 1 : 0);
    assert_non_null(usp_mqtt_client_id(m, NULL));
    snprintf(client_id, sizeof client_id, "%s", usp_mqtt_client_id(m, NULL));
    if (version == USP_MQTT_V311) /* R-MQTT.8: the (first) Endpoint ID */
        assert_true(strcmp(client_id, "os::R-1") == 0 || strcmp(client_id, "os::R-2") == 0);

    broker_stop(f);
    assert_true(wait_for(f, &r.down, 1));
    assert_true(wait_for(f, &cr.down, 1));
    assert_false(usp_mqtt_agent_ready(m, "os::R-1"));
    assert_int_equal(usp_mqtt_publish(m, "os::R-1", "usp/controller/ctl", "x", 1), -1);
    spin(f, 10); /* a few refused attempts */
    broker_start(f);
    assert_true(wait_for(f, &r.ready, 4));
    assert_true(wait_for(f, &cr.ready, 2));
    assert_int_equal(r.shared_up, 2);
    /* R-MQTT.11: the same ClientId again, so none is assigned again. */
    assert_int_equal(r.ids, version == USP_MQTT_V5 ? 1 : 0);
    assert_string_equal(usp_mqtt_client_id(m, NULL), client_id);

    assert_int_equal(usp_mqtt_publish(ctl, "ctl", "usp/agent/os::R-2", "again", 5), 0);
    assert_true(wait_for(f, &r.msgs, 1));
    assert_string_equal(r.msg_agent[0], "os::R-2");
    assert_string_equal(r.msg_reply[0], "usp/controller/ctl");
    assert_int_equal(usp_mqtt_publish(m, "os::R-2", "usp/controller/ctl", "back", 4), 0);
    assert_true(wait_for(f, &cr.msgs, 1));
    assert_string_equal(cr.msg_payload[0], "back");
    usp_mqtt_free(m);
    usp_mqtt_free(ctl);
}

static void test_reconnect_v5(void **state)
{
    reconnect_case(*state, USP_MQTT_V5);
}

static void test_reconnect_v311(void **state)
{
    reconnect_case(*state, USP_MQTT_V311);
}

/* Username and password (R-MQTT.7) against a broker with a password file. */
static void test_username_password(void **state)
{
    struct fx *f = *state;
    char cmd[256], extra[256];
    struct usp_mqtt_config good = {
        .version = USP_MQTT_V5, .username = "agent", .password = "s3cret"};
    struct usp_mqtt_config bad = {.version = USP_MQTT_V5, .username = "agent", .password = "wrong"};
    struct rec gr = {0}, br = {0};
    struct usp_mqtt *gm, *bm;

    snprintf(cmd, sizeof cmd, "mosquitto_passwd -c -b '%s/passwd' agent s3cret >/dev/null 2>&1",
             f->dir);
    if (system(cmd) != 0)
        skip(); /* mosquitto_passwd not installed */
    snprintf(extra, sizeof extra, "allow_anonymous false\npassword_file %s/passwd", f->dir);
    broker_config(f, extra);
    broker_start(f);
    bm = mtp_new(f, &bad, &br, NULL);
    gm = mtp_new(f, &good, &gr, NULL);
    assert_int_equal(usp_mqtt_add_agent(bm, "os::bad", NULL), 0);
    assert_int_equal(usp_mqtt_add_agent(gm, "os::good", NULL), 0);
    assert_int_equal(usp_mqtt_start(bm), 0);
    assert_int_equal(usp_mqtt_start(gm), 0);
    assert_true(wait_for(f, &gr.ready, 1));
    assert_true(wait_for(f, &br.refused, 2)); /* refused, retried, refused */
    assert_int_equal(br.ready, 0);
    assert_int_equal(br.shared_up, 0);
    usp_mqtt_free(bm);
    usp_mqtt_free(gm);
}

/* Runs a shell command in the test directory; 0 on success. */
static int in_dir(struct fx *f, const char *cmd)
{
    char full[1024];

    snprintf(full, sizeof full, "cd '%s' && (%s) >/dev/null 2>&1", f->dir, cmd);
    return system(full);
}

/* TLS with a client certificate (R-MQTT.48), both connect paths: MQTT 5
 * (blocking connect after the probe) and 3.1.1 (asynchronous); a client
 * that does not trust the broker's CA never gets connected. */
static void test_tls(void **state)
{
    struct fx *f = *state;
    char ca[128], cert[128], key[128], other_ca[128], extra[512];
    struct usp_mqtt_config acfg = {.version = USP_MQTT_V5, .tls = 1, .host = "localhost"};
    struct usp_mqtt_config ccfg = {.version = USP_MQTT_V5,
                                   .tls = 1,
                                   .host = "127.0.0.1",
                                   .topic_template = "usp/controller/{endpoint_id}"};
    struct usp_mqtt_config bcfg = {.version = USP_MQTT_V5, .tls = 1};
    struct usp_mqtt_config ocfg = {.version = USP_MQTT_V311, .tls = 1};
    struct rec ar = {0}, cr = {0}, br = {0}, orr = {0};
    struct usp_mqtt *agent, *ctl, *bad, *old;

    if (in_dir(f, "openssl version") != 0)
        skip();
    assert_int_equal(in_dir(f, "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > san.ext"
                               " && openssl req -x509 -newkey ec -pkeyopt "
                               "ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.crt "
                               "-days 2 -subj /CN=test-ca"
                               " && openssl req -x509 -newkey ec -pkeyopt "
                               "ec_paramgen_curve:prime256v1 -nodes -keyout other.key -out "
                               "other.crt -days 2 -subj /CN=other-ca"
                               " && openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                               "-nodes -keyout server.key -out server.csr -subj /CN=localhost"
                               " && openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key "
                               "-CAcreateserial -out server.crt -days 2 -extfile san.ext"
                               " && openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                               "-nodes -keyout client.key -out client.csr -subj /CN=agent"
                               " && openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key "
                               "-CAcreateserial -out client.crt -days 2"),
                     0);
    snprintf(ca, sizeof ca, "%s/ca.crt", f->dir);
    snprintf(other_ca, sizeof other_ca, "%s/other.crt", f->dir);
    snprintf(cert, sizeof cert, "%s/client.crt", f->dir);
    snprintf(key, sizeof key, "%s/client.key", f->dir);
    snprintf(extra, sizeof extra,
             "allow_anonymous true\ncafile %s\ncertfile %s/server.crt\nkeyfile "
             "%s/server.key\nrequire_certificate true",
             ca, f->dir, f->dir);
    broker_config(f, extra);
    broker_start(f);
    acfg.ca_file = ccfg.ca_file = ocfg.ca_file = ca;
    acfg.cert_file = ccfg.cert_file = bcfg.cert_file = ocfg.cert_file = cert;
    acfg.key_file = ccfg.key_file = bcfg.key_file = ocfg.key_file = key;
    bcfg.ca_file = other_ca;
    agent = mtp_new(f, &acfg, &ar, NULL);
    ctl = mtp_new(f, &ccfg, &cr, NULL);
    bad = mtp_new(f, &bcfg, &br, NULL);
    old = mtp_new(f, &ocfg, &orr, NULL);
    assert_int_equal(usp_mqtt_add_agent(old, "os::TLS-311", NULL), 0);
    assert_int_equal(usp_mqtt_start(old), 0);
    assert_int_equal(usp_mqtt_add_agent(agent, "os::TLS-1", NULL), 0);
    assert_int_equal(usp_mqtt_add_agent(ctl, "ctl", NULL), 0);
    assert_int_equal(usp_mqtt_add_agent(bad, "os::untrusting", NULL), 0);
    assert_int_equal(usp_mqtt_start(agent), 0);
    assert_int_equal(usp_mqtt_start(ctl), 0);
    assert_int_equal(usp_mqtt_start(bad), 0);
    assert_true(wait_for(f, &ar.ready, 1));
    assert_true(wait_for(f, &cr.ready, 1));
    assert_true(wait_for(f, &orr.ready, 1)); /* 3.1.1: asynchronous connect */
    assert_int_equal(usp_mqtt_publish(ctl, "ctl", "usp/agent/os::TLS-1", "tls-req", 7), 0);
    assert_true(wait_for(f, &ar.msgs, 1));
    assert_string_equal(ar.msg_reply[0], "usp/controller/ctl");
    assert_int_equal(usp_mqtt_publish(agent, "os::TLS-1", ar.msg_reply[0], "tls-resp", 8), 0);
    assert_true(wait_for(f, &cr.msgs, 1));
    assert_string_equal(cr.msg_payload[0], "tls-resp");
    assert_true(wait_for(f, &br.failed, 2)); /* failed, retried, failed */
    assert_int_equal(br.shared_up, 0);
    assert_int_equal(br.ready, 0);
    usp_mqtt_free(agent);
    usp_mqtt_free(ctl);
    usp_mqtt_free(bad);
    usp_mqtt_free(old);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_topic_expand),
        cmocka_unit_test(test_reply_to),
        cmocka_unit_test(test_retry_wait),
        cmocka_unit_test(test_config_errors),
        cmocka_unit_test_setup_teardown(test_v5_fake_broker, setup_broker, teardown_broker),
        cmocka_unit_test_setup_teardown(test_v5_round_trip, setup_broker, teardown_broker),
        cmocka_unit_test_setup_teardown(test_v311_round_trip, setup_broker, teardown_broker),
        cmocka_unit_test_setup_teardown(test_add_remove_at_run_time, setup_broker, teardown_broker),
        cmocka_unit_test_setup_teardown(test_per_agent_connections, setup_broker, teardown_broker),
        cmocka_unit_test_setup_teardown(test_burst, setup_broker, teardown_broker),
        cmocka_unit_test_setup_teardown(test_many_agents, setup_broker, teardown_broker),
        cmocka_unit_test_setup_teardown(test_remove_from_callbacks, setup_broker, teardown_broker),
        cmocka_unit_test_setup_teardown(test_reconnect_v5, setup_broker, teardown_broker),
        cmocka_unit_test_setup_teardown(test_reconnect_v311, setup_broker, teardown_broker),
        cmocka_unit_test_setup_teardown(test_username_password, setup_broker, teardown_broker),
        cmocka_unit_test_setup_teardown(test_tls, setup_broker, teardown_broker),
    };
    signal(SIGPIPE, SIG_IGN);
    return cmocka_run_group_tests_name("usp_mqtt", tests, NULL, NULL);
}
