/*
 * test_cpe.c - the cwmp-sim program against a small ACS: this process
 * runs an ACS made from libcwmp's session engine (cwmp/session.h) and a
 * small HTTP file server on one libevent loop, starts the cwmp-sim binary
 * as a child with --acs http://127.0.0.1:PORT/ and checks what the
 * simulated CPEs send: events and DeviceId, every RPC answer, reboot,
 * factory reset, download, diagnostics, scheduled informs, connection
 * requests (HTTP Digest and UDP), retries, fault injection, quirks, the
 * state directory and load mode's final line. Waits are event-driven with
 * a generous safety timeout; nothing depends on timing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/util.h>

#include "cwmp/cwmp.h"

#define SAFETY_S 30 /* only a hung test hits this */

static char g_sim[4096];

struct inform_rec {
    char serial[64], oui[16], product_class[64];
    char events[256]; /* "0 BOOTSTRAP|1 BOOT" */
    char keys[256];   /* "M Reboot=rk|" */
    char *params;     /* "name=value\n"... */
    uint32_t retry;
};

struct acs {
    struct event_base *base;
    struct cwmp_server *srv;
    struct evhttp *files;
    int files_port;
    pid_t pid;
    char out_path[64];
    char err_path[64];
    int capture_err; /* the child's stderr into err_path */
    const char *wait_text;
    /* ACS behaviour */
    struct cwmp_msg *script[32];
    int n_script, next_script;
    int refuse_informs; /* answer 403 to this many informs */
    /* what happened */
    struct inform_rec informs[64];
    int n_informs;
    char *responses[64];
    int n_responses;
    char tc[512];
    int n_tc;
    int done, lost;
    int cr_result, cr_status, cr_done;
    /* waiting */
    int (*until)(struct acs *, int);
    int until_arg;
    int timed_out;
    struct event *safety, *poll;
};

static struct acs *A;

/* ---------------------------------------------------------------- recording */

static void app_log(void *arg, enum cwmp_log_level level, const char *msg)
{
    (void)arg;
    if (level <= CWMP_LOG_WARNING)
        fprintf(stderr, "acs: %s\n", msg);
}

static int app_credentials(void *arg, const char *username, char *password, size_t cap)
{
    (void)arg;
    /* the models' default user names: TR-181 OUI-ProductClass-Serial, TR-098 OUI-Serial */
    if (strcmp(username, "00D09E-SimGateway-SIM000000") != 0 &&
        strcmp(username, "00D09E-SIM000000") != 0)
        return -1;
    snprintf(password, cap, "acs-secret");
    return 0;
}

static void check_until(struct acs *a)
{
    if (a->until && a->until(a, a->until_arg))
        event_base_loopbreak(a->base);
}

static void append(char **s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(char **s, const char *fmt, ...)
{
    va_list ap;
    char buf[4096];
    size_t old = *s ? strlen(*s) : 0;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    *s = realloc(*s, old + strlen(buf) + 1);
    strcpy(*s + old, buf);
}

static int app_inform(void *arg, struct cwmp_session *s, const struct cwmp_msg *m)
{
    struct acs *a = arg;
    const struct cwmp_inform *in = &m->body.inform;
    struct inform_rec *r;

    (void)s;
    if (a->n_informs >= 64)
        return 1;
    r = &a->informs[a->n_informs++];
    snprintf(r->serial, sizeof(r->serial), "%s", in->device_id.serial_number);
    snprintf(r->oui, sizeof(r->oui), "%s", in->device_id.oui);
    snprintf(r->product_class, sizeof(r->product_class), "%s", in->device_id.product_class);
    r->retry = in->retry_count;
    for (size_t i = 0; i < in->n_events; i++) {
        size_t l = strlen(r->events);
        snprintf(r->events + l, sizeof(r->events) - l, "%s|", in->events[i].code);
        if (in->events[i].command_key && in->events[i].command_key[0]) {
            l = strlen(r->keys);
            snprintf(r->keys + l, sizeof(r->keys) - l, "%s=%s|", in->events[i].code,
                     in->events[i].command_key);
        }
    }
    append(&r->params, "%s", "");
    for (size_t i = 0; i < in->n_params; i++)
        append(&r->params, "%s=%s\n", in->params[i].name, in->params[i].value);
    check_until(a);
    if (a->refuse_informs > 0) {
        a->refuse_informs--;
        return 1;
    }
    return 0;
}

static void app_cpe_request(void *arg, struct cwmp_session *s, const struct cwmp_msg *req)
{
    struct acs *a = arg;
    struct cwmp_msg reply;

    if (req->type == CWMP_MSG_TRANSFER_COMPLETE) {
        const struct cwmp_transfer_complete *t = &req->body.transfer_complete;
        snprintf(a->tc, sizeof(a->tc), "key=%s fault=%d start=%s complete=%s",
                 t->command_key ? t->command_key : "", t->fault.code,
                 t->start_time ? t->start_time : "", t->complete_time ? t->complete_time : "");
        a->n_tc++;
        cwmp_msg_init_reply(&reply, CWMP_MSG_TRANSFER_COMPLETE_RESPONSE, req);
    } else {
        cwmp_msg_init_reply(&reply, CWMP_MSG_FAULT, req);
        reply.body.fault.code = 8000;
    }
    cwmp_session_reply(s, &reply);
    check_until(a);
}

/* Sends the script in order; a NULL entry ends a session (the rest waits
 * for the next one). */
static void app_acs_turn(void *arg, struct cwmp_session *s)
{
    struct acs *a = arg;

    if (a->next_script < a->n_script && a->script[a->next_script])
        cwmp_session_send(s, a->script[a->next_script++]);
    else {
        if (a->next_script < a->n_script)
            a->next_script++;
        cwmp_session_finish(s);
    }
}

static char *summarize(const struct cwmp_msg *m)
{
    char *s = NULL;

    switch (m->type) {
    case CWMP_MSG_GET_PARAMETER_VALUES_RESPONSE:
        append(&s, "GPVR n=%zu\n", m->body.gpv_resp.n_params);
        for (size_t i = 0; i < m->body.gpv_resp.n_params; i++)
            append(&s, "%s=%s\n", m->body.gpv_resp.params[i].name,
                   m->body.gpv_resp.params[i].value);
        break;
    case CWMP_MSG_GET_PARAMETER_NAMES_RESPONSE:
        append(&s, "GPNR n=%zu\n", m->body.gpn_resp.n_params);
        for (size_t i = 0; i < m->body.gpn_resp.n_params; i++)
            append(&s, "%s %d\n", m->body.gpn_resp.params[i].name,
                   m->body.gpn_resp.params[i].writable);
        break;
    case CWMP_MSG_GET_PARAMETER_ATTRIBUTES_RESPONSE:
        append(&s, "GPAR n=%zu\n", m->body.gpa_resp.n_params);
        for (size_t i = 0; i < m->body.gpa_resp.n_params; i++)
            append(&s, "%s notify=%d\n", m->body.gpa_resp.params[i].name,
                   m->body.gpa_resp.params[i].notification);
        break;
    case CWMP_MSG_ADD_OBJECT_RESPONSE:
        append(&s, "AddR inst=%u status=%d", m->body.add_object_resp.instance_number,
               m->body.add_object_resp.status);
        break;
    case CWMP_MSG_SET_PARAMETER_VALUES_RESPONSE:
        append(&s, "SPVR status=%d", m->body.spv_resp.status);
        break;
    case CWMP_MSG_GET_RPC_METHODS_RESPONSE:
        append(&s, "RPCR");
        for (size_t i = 0; i < m->body.rpc_methods_resp.n_methods; i++)
            append(&s, " %s", m->body.rpc_methods_resp.methods[i]);
        break;
    case CWMP_MSG_DOWNLOAD_RESPONSE:
        append(&s, "DownloadR status=%d", m->body.download_resp.status);
        break;
    case CWMP_MSG_FAULT:
        append(&s, "Fault %d", m->body.fault.code);
        for (size_t i = 0; i < m->body.fault.n_spv_faults; i++)
            append(&s, " %s=%d", m->body.fault.spv_faults[i].parameter_name,
                   m->body.fault.spv_faults[i].code);
        break;
    default:
        append(&s, "%s", cwmp_msg_type_name(m->type));
        break;
    }
    return s;
}

static void app_cpe_response(void *arg, struct cwmp_session *s, const struct cwmp_msg *resp)
{
    struct acs *a = arg;

    (void)s;
    if (a->n_responses < 64)
        a->responses[a->n_responses++] = summarize(resp);
    check_until(a);
}

static void app_ended(void *arg, struct cwmp_session *s, enum cwmp_end_reason why)
{
    struct acs *a = arg;

    (void)s;
    if (why == CWMP_END_DONE)
        a->done++;
    else
        a->lost++;
    check_until(a);
}

/* ---------------------------------------------------------------- file server */

static void files_cb(struct evhttp_request *req, void *arg)
{
    struct evbuffer *b = evbuffer_new();

    (void)arg;
    if (strcmp(evhttp_request_get_uri(req), "/private/fw-9.1.img") == 0) {
        const char *auth =
            evhttp_find_header(evhttp_request_get_input_headers(req), "Authorization");
        /* "user:pass" */
        if (auth && strcmp(auth, "Basic dXNlcjpwYXNz") == 0) {
            evbuffer_add_printf(b, "private firmware\n");
            evhttp_send_reply(req, 200, "OK", b);
        } else {
            evhttp_add_header(evhttp_request_get_output_headers(req), "WWW-Authenticate",
                              "Basic realm=\"files\"");
            evhttp_send_reply(req, 401, "Unauthorized", b);
        }
    } else if (strcmp(evhttp_request_get_uri(req), "/fw-8.0.1.img") == 0) {
        evbuffer_add_printf(b, "firmware image bytes\n");
        evhttp_send_reply(req, 200, "OK", b);
    } else {
        evhttp_send_reply(req, 404, "Not Found", b);
    }
    evbuffer_free(b);
}

/* ---------------------------------------------------------------- setup */

static void safety_cb(evutil_socket_t fd, short what, void *arg)
{
    struct acs *a = arg;

    (void)fd;
    (void)what;
    a->timed_out = 1;
    event_base_loopbreak(a->base);
}

static void poll_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    check_until(arg);
}

static int acs_start(struct acs *a, unsigned auth)
{
    struct cwmp_server_config cfg = {0};
    struct cwmp_server_callbacks cb = {
        .log = app_log,
        .credentials = app_credentials,
        .inform = app_inform,
        .cpe_request = app_cpe_request,
        .acs_turn = app_acs_turn,
        .cpe_response = app_cpe_response,
        .ended = app_ended,
    };
    char err[256];
    struct evhttp_bound_socket *bs;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof(ss);

    memset(a, 0, sizeof(*a));
    a->pid = -1;
    a->base = event_base_new();
    cfg.address = "127.0.0.1";
    cfg.idle_timeout_ms = 10000;
    cfg.auth_schemes = auth;
    a->srv = cwmp_server_new(a->base, &cfg, &cb, a, err, sizeof(err));
    if (!a->srv) {
        fprintf(stderr, "acs: %s\n", err);
        return -1;
    }
    a->files = evhttp_new(a->base);
    evhttp_set_gencb(a->files, files_cb, a);
    bs = evhttp_bind_socket_with_handle(a->files, "127.0.0.1", 0);
    if (!bs || getsockname(evhttp_bound_socket_get_fd(bs), (struct sockaddr *)&ss, &sl) != 0)
        return -1;
    a->files_port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
    a->safety = evtimer_new(a->base, safety_cb, a);
    a->poll = event_new(a->base, -1, EV_PERSIST, poll_cb, a);
    snprintf(a->out_path, sizeof(a->out_path), "/tmp/test_cpe_out.%d", (int)getpid());
    snprintf(a->err_path, sizeof(a->err_path), "/tmp/test_cpe_err.%d", (int)getpid());
    return 0;
}

/* Starts cwmp-sim with --acs and the given options (NULL-terminated). */
static void sim_start(struct acs *a, ...)
{
    char url[64], *argv[64];
    int argc = 0;
    va_list ap;

    snprintf(url, sizeof(url), "http://127.0.0.1:%u/acs", cwmp_server_port(a->srv));
    argv[argc++] = g_sim;
    argv[argc++] = "--acs";
    argv[argc++] = url;
    argv[argc++] = "--stats-interval";
    argv[argc++] = "0";
    argv[argc++] = "--seed";
    argv[argc++] = "7";
    va_start(ap, a);
    for (char *s; (s = va_arg(ap, char *)) != NULL && argc < 62;)
        argv[argc++] = s;
    va_end(ap);
    argv[argc] = NULL;
    fflush(NULL);
    a->pid = fork();
    assert_true(a->pid >= 0);
    if (a->pid == 0) {
        int fd = open(a->out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0)
            dup2(fd, 1);
        if (a->capture_err) {
            fd = open(a->err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd >= 0)
                dup2(fd, 2);
        }
        execv(g_sim, argv);
        _exit(127);
    }
}

static void sim_kill(struct acs *a)
{
    if (a->pid > 0) {
        kill(a->pid, SIGKILL);
        waitpid(a->pid, NULL, 0);
        a->pid = -1;
    }
}

/* Runs the loop until pred(a, arg) holds; fails the test on the safety timeout. */
static void run_until(struct acs *a, int (*pred)(struct acs *, int), int arg)
{
    struct timeval tv = {SAFETY_S, 0}, poll = {0, 50000};

    a->until = pred;
    a->until_arg = arg;
    a->timed_out = 0;
    if (!pred(a, arg)) {
        evtimer_add(a->safety, &tv);
        event_add(a->poll, &poll); /* for predicates on things outside the loop */
        event_base_dispatch(a->base);
        evtimer_del(a->safety);
        event_del(a->poll);
    }
    a->until = NULL;
    if (a->timed_out)
        fail_msg("timed out waiting (%d informs, %d done sessions)", a->n_informs, a->done);
}

static int informs_ge(struct acs *a, int n)
{
    return a->n_informs >= n;
}
static int done_ge(struct acs *a, int n)
{
    return a->done >= n;
}
static int cr_done(struct acs *a, int n)
{
    (void)n;
    return a->cr_done;
}
static int child_exited(struct acs *a, int n)
{
    int st;
    (void)n;
    if (a->pid > 0 && waitpid(a->pid, &st, WNOHANG) == a->pid) {
        a->pid = -1;
        return 1;
    }
    return a->pid <= 0;
}

static int setup(void **state)
{
    A = calloc(1, sizeof(*A));
    if (!A || acs_start(A, 0) != 0)
        return -1;
    *state = A;
    return 0;
}

static int teardown(void **state)
{
    struct acs *a = *state;

    sim_kill(a);
    for (int i = 0; i < a->n_informs; i++)
        free(a->informs[i].params);
    for (int i = 0; i < a->n_responses; i++)
        free(a->responses[i]);
    for (int i = 0; i < a->n_script; i++)
        cwmp_msg_free(a->script[i]);
    if (a->srv)
        cwmp_server_free(a->srv);
    if (a->files)
        evhttp_free(a->files);
    if (a->safety)
        event_free(a->safety);
    if (a->poll)
        event_free(a->poll);
    unlink(a->out_path);
    unlink(a->err_path);
    /* let what is still scheduled (UDP connection request copies) finish */
    event_base_dispatch(a->base);
    event_base_free(a->base);
    free(a);
    return 0;
}

/* ---------------------------------------------------------------- script builders */

static struct cwmp_msg *push(struct acs *a, enum cwmp_msg_type type)
{
    struct cwmp_msg *m = cwmp_msg_new(type);
    assert_non_null(m);
    a->script[a->n_script++] = m;
    return m;
}

static void push_break(struct acs *a)
{
    a->script[a->n_script++] = NULL;
}

static void push_gpv(struct acs *a, const char *n1, const char *n2)
{
    struct cwmp_msg *m = push(a, CWMP_MSG_GET_PARAMETER_VALUES);
    const char **names = cwmp_msg_alloc(m, 2 * sizeof(*names));
    names[0] = cwmp_msg_strdup(m, n1);
    names[1] = n2 ? cwmp_msg_strdup(m, n2) : NULL;
    m->body.gpv.names = names;
    m->body.gpv.n_names = n2 ? 2 : 1;
}

static void push_spv(struct acs *a, const char *key, int n, const char *const *nv)
{
    struct cwmp_msg *m = push(a, CWMP_MSG_SET_PARAMETER_VALUES);
    struct cwmp_param_value *pv = cwmp_msg_alloc(m, (size_t)n * sizeof(*pv));
    for (int i = 0; i < n; i++) {
        pv[i].name = cwmp_msg_strdup(m, nv[3 * i]);
        pv[i].value = cwmp_msg_strdup(m, nv[3 * i + 1]);
        cwmp_type_from_name(nv[3 * i + 2], strlen(nv[3 * i + 2]), &pv[i].type);
    }
    m->body.spv.params = pv;
    m->body.spv.n_params = (size_t)n;
    m->body.spv.parameter_key = key;
}

static void push_object(struct acs *a, enum cwmp_msg_type type, const char *name)
{
    struct cwmp_msg *m = push(a, type);
    m->body.add_object.object_name = cwmp_msg_strdup(m, name);
    m->body.add_object.parameter_key = "";
}

static const char *resp(struct acs *a, int i)
{
    return i < a->n_responses && a->responses[i] ? a->responses[i] : "(none)";
}

static const char *param_of(const struct inform_rec *r, const char *name, char *out, size_t size)
{
    char key[300];
    const char *p;

    snprintf(key, sizeof(key), "%s=", name);
    for (p = r->params; p && (p = strstr(p, key)) != NULL; p++)
        if (p == r->params || p[-1] == '\n') {
            size_t n = strcspn(p + strlen(key), "\n");
            snprintf(out, size, "%.*s", (int)n, p + strlen(key));
            return out;
        }
    return NULL;
}

/* ---------------------------------------------------------------- tests */

static void test_bootstrap_deviceid(void **state)
{
    struct acs *a = *state;
    char v[300];

    sim_start(a, "--devices", "2", "--serial-prefix", "TST", "--no-periodic", NULL);
    run_until(a, done_ge, 2);
    assert_int_equal(a->n_informs, 2);
    for (int i = 0; i < 2; i++) {
        struct inform_rec *r = &a->informs[i];
        assert_non_null(strstr(r->events, "0 BOOTSTRAP|"));
        assert_non_null(strstr(r->events, "1 BOOT|"));
        assert_string_equal(r->oui, "00D09E");
        assert_string_equal(r->product_class, "SimGateway");
        assert_true(strcmp(r->serial, "TST000000") == 0 || strcmp(r->serial, "TST000001") == 0);
        assert_non_null(param_of(r, "Device.DeviceInfo.SoftwareVersion", v, sizeof(v)));
        assert_non_null(param_of(r, "Device.RootDataModelVersion", v, sizeof(v)));
        assert_non_null(param_of(r, "Device.ManagementServer.ConnectionRequestURL", v, sizeof(v)));
        assert_non_null(strstr(v, "/cr/TST00000"));
        assert_int_equal(r->retry, 0);
    }
    assert_string_not_equal(a->informs[0].serial, a->informs[1].serial);
}

static void test_gpv_spv(void **state)
{
    struct acs *a = *state;
    static const char *const ok[] = {"Device.ManagementServer.PeriodicInformInterval",
                                     "600",
                                     "xsd:unsignedInt",
                                     "Device.WiFi.SSID.1.SSID",
                                     "Lab",
                                     "xsd:string"};
    static const char *const bad[] = {"Device.NoSuch.Thing",
                                      "1",
                                      "xsd:string",
                                      "Device.DeviceInfo.SerialNumber",
                                      "x",
                                      "xsd:string",
                                      "Device.WiFi.SSID.1.SSID",
                                      "Other",
                                      "xsd:string"};

    push_gpv(a, "Device.DeviceInfo.SerialNumber", NULL);
    push_gpv(a, "Device.ManagementServer.", NULL);
    push_spv(a, "key-1", 2, ok);
    push_spv(a, "key-2", 3, bad);
    push_gpv(a, "Device.ManagementServer.ParameterKey", "Device.WiFi.SSID.1.SSID");
    push_gpv(a, "Device.NoSuch.", NULL);
    sim_start(a, "--no-periodic", NULL);
    run_until(a, done_ge, 1);
    assert_int_equal(a->n_responses, 6);
    assert_string_equal(resp(a, 0), "GPVR n=1\nDevice.DeviceInfo.SerialNumber=SIM000000\n");
    assert_non_null(strstr(resp(a, 1), "Device.ManagementServer.PeriodicInformInterval="));
    assert_non_null(strstr(resp(a, 1), "Device.ManagementServer.URL=http://127.0.0.1:"));
    assert_string_equal(resp(a, 2), "SPVR status=0");
    /* atomic: nothing of the failed set is applied; one entry per bad parameter */
    assert_non_null(strstr(resp(a, 3), "Fault 9003"));
    assert_non_null(strstr(resp(a, 3), "Device.NoSuch.Thing=9005"));
    assert_non_null(strstr(resp(a, 3), "Device.DeviceInfo.SerialNumber=9008"));
    assert_string_equal(resp(a, 4), "GPVR n=2\nDevice.ManagementServer.ParameterKey=key-1\n"
                                    "Device.WiFi.SSID.1.SSID=Lab\n");
    assert_string_equal(resp(a, 5), "Fault 9005");
}

static void test_names_attrs_objects(void **state)
{
    struct acs *a = *state;
    struct cwmp_msg *m;

    m = push(a, CWMP_MSG_GET_PARAMETER_NAMES);
    m->body.gpn.parameter_path = "Device.ManagementServer.";
    m->body.gpn.next_level = 1;
    m = push(a, CWMP_MSG_GET_PARAMETER_NAMES);
    m->body.gpn.parameter_path = "Device.DeviceInfo.FirmwareImage.";
    m->body.gpn.next_level = 0;
    m = push(a, CWMP_MSG_SET_PARAMETER_ATTRIBUTES);
    m->body.spa.params = cwmp_msg_alloc(m, sizeof(*m->body.spa.params));
    m->body.spa.params[0].name = "Device.WiFi.SSID.1.SSID";
    m->body.spa.params[0].notification_change = 1;
    m->body.spa.params[0].notification = 1;
    m->body.spa.n_params = 1;
    m = push(a, CWMP_MSG_GET_PARAMETER_ATTRIBUTES);
    m->body.gpa.names = cwmp_msg_alloc(m, sizeof(char *));
    m->body.gpa.names[0] = "Device.WiFi.SSID.1.SSID";
    m->body.gpa.n_names = 1;
    push_object(a, CWMP_MSG_ADD_OBJECT, "Device.NAT.PortMapping.");
    push_object(a, CWMP_MSG_ADD_OBJECT, "Device.NAT.PortMapping.");
    push_object(a, CWMP_MSG_DELETE_OBJECT, "Device.NAT.PortMapping.3.");
    push_object(a, CWMP_MSG_ADD_OBJECT, "Device.NAT.PortMapping.");
    push_object(a, CWMP_MSG_DELETE_OBJECT, "Device.NAT.PortMapping.3.");
    push(a, CWMP_MSG_GET_RPC_METHODS);
    m = push(a, CWMP_MSG_UPLOAD);
    m->body.upload.url = "http://127.0.0.1:1/x";
    sim_start(a, "--no-periodic", NULL);
    run_until(a, done_ge, 1);
    assert_int_equal(a->n_responses, 11);
    assert_non_null(strstr(resp(a, 0), "Device.ManagementServer.URL 1\n"));
    assert_non_null(strstr(resp(a, 0), "Device.ManagementServer.ParameterKey 0\n"));
    assert_null(strstr(resp(a, 0), "Device.DeviceInfo."));
    assert_non_null(strstr(resp(a, 1), "Device.DeviceInfo.FirmwareImage.1.Version 0\n"));
    assert_string_equal(resp(a, 2), "SetParameterAttributesResponse");
    assert_string_equal(resp(a, 3), "GPAR n=1\nDevice.WiFi.SSID.1.SSID notify=1\n");
    assert_string_equal(resp(a, 4), "AddR inst=2 status=0");
    assert_string_equal(resp(a, 5), "AddR inst=3 status=0");
    assert_string_equal(resp(a, 6), "DeleteObjectResponse");
    assert_string_equal(resp(a, 7), "AddR inst=4 status=0"); /* 3 is never reused */
    assert_string_equal(resp(a, 8), "Fault 9005");
    assert_non_null(strstr(resp(a, 9), "RPCR GetRPCMethods"));
    assert_non_null(strstr(resp(a, 9), " ScheduleInform"));
    assert_string_equal(resp(a, 10), "Fault 9000");
}

/* Replaces the ACS by one asking for HTTP authentication with schemes. */
static void acs_with_auth(struct acs *a, unsigned schemes)
{
    struct cwmp_server_config cfg = {0};
    struct cwmp_server_callbacks cb = {
        .log = app_log,
        .credentials = app_credentials,
        .inform = app_inform,
        .cpe_request = app_cpe_request,
        .acs_turn = app_acs_turn,
        .cpe_response = app_cpe_response,
        .ended = app_ended,
    };
    char err[200];

    cwmp_server_free(a->srv);
    cfg.address = "127.0.0.1";
    cfg.auth_schemes = schemes;
    a->srv = cwmp_server_new(a->base, &cfg, &cb, a, err, sizeof(err));
    assert_non_null(a->srv);
}

static void test_basic_auth(void **state)
{
    struct acs *a = *state;

    acs_with_auth(a, CWMP_AUTH_BASIC);
    sim_start(a, "--no-periodic", NULL);
    run_until(a, done_ge, 1);
    assert_int_equal(a->n_informs, 1);
    assert_int_equal(a->lost, 0);
}

static void test_digest_auth_and_tr098(void **state)
{
    struct acs *a = *state;
    char v[300];

    acs_with_auth(a, CWMP_AUTH_DIGEST);
    push_gpv(a, "InternetGatewayDevice.DeviceInfo.SerialNumber", NULL);
    sim_start(a, "--no-periodic", "--model", "tr098-gateway", NULL);
    run_until(a, done_ge, 1);
    assert_int_equal(a->n_informs, 1);
    assert_non_null(param_of(&a->informs[0], "InternetGatewayDevice.DeviceSummary", v, 300));
    assert_non_null(param_of(&a->informs[0],
                             "InternetGatewayDevice.ManagementServer.ConnectionRequestURL", v,
                             sizeof(v)));
    assert_non_null(strstr(v, "/cr/SIM000000"));
    assert_string_equal(resp(a, 0),
                        "GPVR n=1\nInternetGatewayDevice.DeviceInfo.SerialNumber=SIM000000\n");
}

static int periodic_seen(struct acs *a, int n)
{
    (void)n;
    return a->n_informs >= 2 && strstr(a->informs[1].events, "2 PERIODIC|") != NULL;
}

static void test_periodic(void **state)
{
    struct acs *a = *state;

    sim_start(a, "--inform-interval", "1", NULL);
    run_until(a, informs_ge, 2);
    assert_true(periodic_seen(a, 0));
    assert_null(strstr(a->informs[1].events, "BOOT"));
}

static void test_value_change(void **state)
{
    struct acs *a = *state;
    struct cwmp_msg *m;
    char v[300];

    m = push(a, CWMP_MSG_SET_PARAMETER_ATTRIBUTES);
    m->body.spa.params = cwmp_msg_alloc(m, sizeof(*m->body.spa.params));
    m->body.spa.params[0].name = "Device.WiFi.SSID.1.SSID";
    m->body.spa.params[0].notification_change = 1;
    m->body.spa.params[0].notification = 2;
    m->body.spa.n_params = 1;
    sim_start(a, "--no-periodic", "--change-interval", "0.2", "--change-param",
              "Device.WiFi.SSID.1.SSID", NULL);
    run_until(a, informs_ge, 2);
    assert_non_null(strstr(a->informs[1].events, "4 VALUE CHANGE|"));
    assert_non_null(param_of(&a->informs[1], "Device.WiFi.SSID.1.SSID", v, sizeof(v)));
    assert_non_null(strstr(v, "sim-change-"));
}

static void test_reboot(void **state)
{
    struct acs *a = *state;
    struct cwmp_msg *m = push(a, CWMP_MSG_REBOOT);

    m->body.reboot.command_key = "reboot-key";
    sim_start(a, "--no-periodic", "--reboot-delay", "0.1", NULL);
    run_until(a, informs_ge, 2);
    assert_string_equal(resp(a, 0), "RebootResponse");
    assert_non_null(strstr(a->informs[1].events, "1 BOOT|"));
    assert_non_null(strstr(a->informs[1].events, "M Reboot|"));
    assert_null(strstr(a->informs[1].events, "0 BOOTSTRAP"));
    assert_non_null(strstr(a->informs[1].keys, "M Reboot=reboot-key|"));
}

static void test_factory_reset(void **state)
{
    struct acs *a = *state;
    static const char *const pc[] = {"Device.DeviceInfo.ProvisioningCode", "LAB.1", "xsd:string"};
    char v[300];

    push_spv(a, "k", 1, pc);
    push(a, CWMP_MSG_FACTORY_RESET);
    sim_start(a, "--no-periodic", "--reboot-delay", "0.1", NULL);
    run_until(a, informs_ge, 2);
    assert_string_equal(resp(a, 1), "FactoryResetResponse");
    assert_non_null(strstr(a->informs[1].events, "0 BOOTSTRAP|"));
    assert_non_null(strstr(a->informs[1].events, "1 BOOT|"));
    assert_non_null(param_of(&a->informs[1], "Device.DeviceInfo.ProvisioningCode", v, 300));
    assert_string_equal(v, "");
    assert_non_null(param_of(&a->informs[1], "Device.ManagementServer.ParameterKey", v, 300));
    assert_string_equal(v, "");
}

static int tc_and_done(struct acs *a, int n)
{
    return a->n_tc >= 1 && a->done >= n;
}

static void download_case(struct acs *a, const char *file, const char *user, int fault,
                          const char *version)
{
    struct cwmp_msg *m = push(a, CWMP_MSG_DOWNLOAD);
    char url[128], v[300];
    int last;

    snprintf(url, sizeof(url), "http://127.0.0.1:%d/%s", a->files_port, file);
    m->body.download.command_key = "dl-key";
    m->body.download.file_type = "1 Firmware Upgrade Image";
    m->body.download.url = cwmp_msg_strdup(m, url);
    m->body.download.username = user;
    m->body.download.password = user ? "pass" : NULL;
    sim_start(a, "--no-periodic", "--reboot-delay", "0.1", NULL);
    run_until(a, tc_and_done, 2);
    assert_string_equal(resp(a, 0), "DownloadR status=1");
    last = a->n_informs - 1;
    assert_non_null(strstr(a->informs[last].events, "7 TRANSFER COMPLETE|"));
    assert_non_null(strstr(a->informs[last].keys, "M Download=dl-key|"));
    snprintf(v, sizeof(v), "key=dl-key fault=%d ", fault);
    assert_non_null(strstr(a->tc, v));
    assert_null(strstr(a->tc, "start=0001"));
    param_of(&a->informs[last], "Device.DeviceInfo.SoftwareVersion", v, sizeof(v));
    if (fault == 0) {
        assert_string_equal(v, version);
        assert_non_null(strstr(a->informs[last].events, "1 BOOT|"));
    } else {
        assert_string_equal(v, "7.2.14-r3");
    }
}

static void test_download_ok(void **state)
{
    download_case(*state, "fw-8.0.1.img", NULL, 0, "fw-8.0.1");
}

static void test_download_404(void **state)
{
    download_case(*state, "missing.img", NULL, 9016, NULL);
}

static void test_download_auth(void **state)
{
    download_case(*state, "private/fw-9.1.img", "user", 0, "fw-9.1");
}

static void test_download_auth_wrong(void **state)
{
    download_case(*state, "private/fw-9.1.img", "other", 9012, NULL);
}

static void test_download_no_server(void **state)
{
    struct acs *a = *state;
    struct cwmp_msg *m = push(a, CWMP_MSG_DOWNLOAD);

    m->body.download.command_key = "k2";
    m->body.download.file_type = "1 Firmware Upgrade Image";
    m->body.download.url = "http://127.0.0.1:1/fw.img"; /* nothing listens on port 1 */
    sim_start(a, "--no-periodic", NULL);
    run_until(a, tc_and_done, 2);
    assert_non_null(strstr(a->tc, "key=k2 fault=9015 "));
}

static int diag_seen(struct acs *a, int n)
{
    (void)n;
    for (int i = 0; i < a->n_informs; i++)
        if (strstr(a->informs[i].events, "8 DIAGNOSTICS COMPLETE|"))
            return a->done >= 2;
    return 0;
}

static void ipping_case(struct acs *a, const char *host, const char *want)
{
    const char *nv[] = {"Device.IP.Diagnostics.IPPing.Host",
                        host,
                        "xsd:string",
                        "Device.IP.Diagnostics.IPPing.DiagnosticsState",
                        "Requested",
                        "xsd:string"};

    push_spv(a, "", 2, nv);
    push_break(a);
    /* the second session (8 DIAGNOSTICS COMPLETE) reads the results */
    push_gpv(a, "Device.IP.Diagnostics.IPPing.DiagnosticsState",
             "Device.IP.Diagnostics.IPPing.SuccessCount");
    sim_start(a, "--no-periodic", NULL);
    run_until(a, diag_seen, 0);
    assert_string_equal(resp(a, 0), "SPVR status=0");
    assert_int_equal(a->n_informs, 2);
    assert_non_null(strstr(a->informs[1].events, "8 DIAGNOSTICS COMPLETE|"));
    assert_string_equal(resp(a, 1), want);
}

static void test_ipping(void **state)
{
    ipping_case(*state, "127.0.0.1",
                "GPVR n=2\nDevice.IP.Diagnostics.IPPing.DiagnosticsState=Complete\n"
                "Device.IP.Diagnostics.IPPing.SuccessCount=3\n");
}

static void test_ipping_unresolvable(void **state)
{
    ipping_case(*state, "no-such-host.invalid",
                "GPVR n=2\nDevice.IP.Diagnostics.IPPing.DiagnosticsState="
                "Error_CannotResolveHostName\nDevice.IP.Diagnostics.IPPing.SuccessCount=0\n");
}

static void test_schedule_inform(void **state)
{
    struct acs *a = *state;
    struct cwmp_msg *m = push(a, CWMP_MSG_SCHEDULE_INFORM);

    m->body.schedule_inform.delay_seconds = 0; /* invalid */
    m = push(a, CWMP_MSG_SCHEDULE_INFORM);
    m->body.schedule_inform.delay_seconds = 1;
    m->body.schedule_inform.command_key = "sched-key";
    sim_start(a, "--no-periodic", NULL);
    run_until(a, informs_ge, 2);
    assert_string_equal(resp(a, 0), "Fault 9003");
    assert_string_equal(resp(a, 1), "ScheduleInformResponse");
    assert_non_null(strstr(a->informs[1].events, "3 SCHEDULED|"));
    assert_non_null(strstr(a->informs[1].keys, "M ScheduleInform=sched-key|"));
}

static void cr_cb(void *arg, enum cwmp_connreq_result result, int http_status)
{
    struct acs *a = arg;

    a->cr_result = result;
    a->cr_status = http_status;
    a->cr_done = 1;
    event_base_loopbreak(a->base);
}

static void send_cr(struct acs *a, struct cwmp_connreq_client *cl, const char *url,
                    const char *user, const char *pass)
{
    char err[200];

    a->cr_done = 0;
    assert_int_equal(cwmp_connreq_send(cl, url, user, pass, cr_cb, a, err, sizeof(err)), 0);
    run_until(a, cr_done, 0);
}

static void test_connreq_http(void **state)
{
    struct acs *a = *state;
    struct cwmp_connreq_config cfg = {.timeout_ms = 3000};
    struct cwmp_connreq_client *cl = cwmp_connreq_client_new(a->base, &cfg);
    char url0[300], url1[300];

    sim_start(a, "--devices", "2", "--no-periodic", "--refuse-cr", "1", NULL);
    run_until(a, done_ge, 2);
    for (int i = 0; i < 2; i++)
        param_of(&a->informs[i], "Device.ManagementServer.ConnectionRequestURL",
                 strcmp(a->informs[i].serial, "SIM000000") == 0 ? url0 : url1, 300);
    send_cr(a, cl, url0, "cr-SIM000000", "wrong");
    assert_int_equal(a->cr_result, CWMP_CR_AUTH_FAILED);
    send_cr(a, cl, url0, "cr-SIM000000", "cr-secret");
    assert_int_equal(a->cr_result, CWMP_CR_OK);
    run_until(a, informs_ge, 3);
    assert_string_equal(a->informs[2].serial, "SIM000000");
    assert_string_equal(a->informs[2].events, "6 CONNECTION REQUEST|");
    send_cr(a, cl, url1, "cr-SIM000001", "cr-secret");
    assert_int_equal(a->cr_result, CWMP_CR_HTTP_STATUS);
    assert_int_equal(a->cr_status, 503);
    cwmp_connreq_client_free(cl);
}

static void test_connreq_udp(void **state)
{
    struct acs *a = *state;
    char url[300], hp[64], err[200];
    const char *p;

    sim_start(a, "--no-periodic", NULL);
    run_until(a, done_ge, 1);
    param_of(&a->informs[0], "Device.ManagementServer.ConnectionRequestURL", url, sizeof(url));
    p = strstr(url, "://");
    assert_non_null(p);
    snprintf(hp, sizeof(hp), "%.*s", (int)strcspn(p + 3, "/"), p + 3);
    /* a wrong password first: ignored */
    assert_int_equal(
        cwmp_udp_connreq_send(a->base, hp, "cr-SIM000000", "nope", 1, 10, err, sizeof(err)), 0);
    assert_int_equal(
        cwmp_udp_connreq_send(a->base, hp, "cr-SIM000000", "cr-secret", 3, 20, err, sizeof(err)),
        0);
    run_until(a, informs_ge, 2);
    assert_string_equal(a->informs[1].events, "6 CONNECTION REQUEST|");
}

static int log_has(struct acs *a, int n)
{
    char buf[65536];
    FILE *f = fopen(a->err_path, "r");
    size_t len = 0;

    (void)n;
    if (f) {
        len = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
    }
    buf[len] = '\0';
    return strstr(buf, a->wait_text) != NULL;
}

static void udp_send(const char *hp, const char *id, const char *password)
{
    struct sockaddr_storage ss;
    int sl = sizeof(ss), fd, n;
    char msg[1024];

    n = cwmp_udp_connreq_format(hp, (uint64_t)time(NULL), id, "cr-SIM000000", "cnonce1", password,
                                msg, sizeof(msg));
    assert_true(n > 0);
    assert_int_equal(evutil_parse_sockaddr_port(hp, (struct sockaddr *)&ss, &sl), 0);
    fd = socket(ss.ss_family, SOCK_DGRAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(sendto(fd, msg, (size_t)n, 0, (struct sockaddr *)&ss, (socklen_t)sl), n);
    close(fd);
}

static void test_connreq_udp_replay(void **state)
{
    struct acs *a = *state;
    char url[300], hp[64];
    const char *p;

    a->capture_err = 1;
    sim_start(a, "--no-periodic", "--log-level", "debug", NULL);
    run_until(a, done_ge, 1);
    param_of(&a->informs[0], "Device.ManagementServer.ConnectionRequestURL", url, sizeof(url));
    p = strstr(url, "://");
    assert_non_null(p);
    snprintf(hp, sizeof(hp), "%.*s", (int)strcspn(p + 3, "/"), p + 3);
    udp_send(hp, "msg-1", "cr-secret");
    run_until(a, done_ge, 2);
    assert_string_equal(a->informs[1].events, "6 CONNECTION REQUEST|");
    /* Annex G: the same message id again is a copy or a replay: ignored */
    udp_send(hp, "msg-1", "cr-secret");
    a->wait_text = "UDP connection request replay ignored";
    run_until(a, log_has, 0);
    udp_send(hp, "msg-2", "not-the-password");
    a->wait_text = "UDP connection request ignored: bad signature";
    run_until(a, log_has, 0);
    udp_send(hp, "msg-3", "cr-secret");
    run_until(a, done_ge, 3);
    assert_int_equal(a->n_informs, 3);
    assert_string_equal(a->informs[2].events, "6 CONNECTION REQUEST|");
}

static void test_retry_backoff(void **state)
{
    struct acs *a = *state;

    a->refuse_informs = 2;
    sim_start(a, "--no-periodic", "--retry-scale", "0.01", NULL);
    run_until(a, done_ge, 1);
    assert_int_equal(a->n_informs, 3);
    assert_int_equal(a->informs[0].retry, 0);
    assert_int_equal(a->informs[1].retry, 1);
    assert_int_equal(a->informs[2].retry, 2);
    /* the events are kept until a session succeeds */
    assert_non_null(strstr(a->informs[2].events, "0 BOOTSTRAP|"));
}

static void test_drop(void **state)
{
    struct acs *a = *state;

    sim_start(a, "--no-periodic", "--retry-scale", "0.01", "--drop-rate", "1", NULL);
    run_until(a, informs_ge, 3);
    assert_int_equal(a->done, 0);
    assert_true(a->informs[2].retry >= 2);
}

static void test_keepalive_latency(void **state)
{
    struct acs *a = *state;

    /* a slow device reusing its connection still completes its sessions */
    sim_start(a, "--keepalive", "--latency-ms", "20", "--latency-jitter-ms", "10",
              "--inform-interval", "1", "--jitter", "0", NULL);
    run_until(a, done_ge, 2);
    assert_true(a->n_informs >= 2);
    assert_non_null(strstr(a->informs[1].events, "2 PERIODIC|"));
    assert_int_equal(a->lost, 0);
}

static void test_faults_and_quirks(void **state)
{
    struct acs *a = *state;
    struct cwmp_msg *m;

    push_gpv(a, "Device.DeviceInfo.SerialNumber", NULL);
    push_gpv(a, "Device.DeviceInfo.", NULL);
    push(a, CWMP_MSG_GET_RPC_METHODS);
    m = push(a, CWMP_MSG_GET_PARAMETER_ATTRIBUTES);
    m->body.gpa.names = cwmp_msg_alloc(m, sizeof(char *));
    m->body.gpa.names[0] = "Device.WiFi.SSID.1.SSID";
    m->body.gpa.n_names = 1;
    push_object(a, CWMP_MSG_ADD_OBJECT, "Device.NAT.PortMapping.");
    sim_start(a, "--no-periodic", "--quirk", "no-partial-gpv", "--quirk", "no-getrpcmethods:0",
              "--quirk", "no-attributes", "--fault", "AddObject:9004", NULL);
    run_until(a, done_ge, 1);
    assert_non_null(strstr(resp(a, 0), "GPVR n=1"));
    assert_string_equal(resp(a, 1), "Fault 9005");
    assert_string_equal(resp(a, 2), "Fault 9000");
    assert_string_equal(resp(a, 3), "Fault 9000");
    assert_string_equal(resp(a, 4), "Fault 9004");
}

static void test_dead_device(void **state)
{
    struct acs *a = *state;
    struct cwmp_connreq_config cfg = {.timeout_ms = 500};
    struct cwmp_connreq_client *cl = cwmp_connreq_client_new(a->base, &cfg);
    char url[300];

    sim_start(a, "--dead", "0", "--inform-interval", "1", "--jitter", "0", NULL);
    run_until(a, done_ge, 1);
    param_of(&a->informs[0], "Device.ManagementServer.ConnectionRequestURL", url, sizeof(url));
    send_cr(a, cl, url, "cr-SIM000000", "cr-secret");
    assert_int_equal(a->cr_result, CWMP_CR_TIMEOUT);
    assert_int_equal(a->n_informs, 1);
    cwmp_connreq_client_free(cl);
}

static void read_out(struct acs *a, char *buf, size_t size)
{
    FILE *f = fopen(a->out_path, "r");
    size_t n = 0;

    buf[0] = '\0';
    if (f) {
        n = fread(buf, 1, size - 1, f);
        fclose(f);
    }
    buf[n] = '\0';
}

static void test_load_once(void **state)
{
    struct acs *a = *state;
    char out[4096];

    sim_start(a, "--devices", "20", "--once", "--rate", "200", "--concurrency", "5", NULL);
    run_until(a, child_exited, 0);
    read_out(a, out, sizeof(out));
    assert_int_equal(a->n_informs, 20);
    assert_non_null(strstr(out, "sessions=20 ok=20 failed=0 duration_s="));
    assert_non_null(strstr(out, " p50_ms="));
    assert_non_null(strstr(out, " p99_ms="));
    assert_non_null(strstr(out, " max_ms="));
}

static void test_stats_lines(void **state)
{
    struct acs *a = *state;
    char out[8192];

    sim_start(a, "--devices", "3", "--inform-interval", "1", "--jitter", "0", "--stats-interval",
              "0.3", "--duration", "1.5", NULL);
    run_until(a, child_exited, 0);
    read_out(a, out, sizeof(out));
    assert_true(out[0] == '['); /* progress lines first */
    assert_non_null(strstr(out, "s] sessions="));
    assert_non_null(strstr(out, "\nsessions="));
    assert_non_null(strstr(out, " failed=0 duration_s="));
}

static void test_state_dir(void **state)
{
    struct acs *a = *state;
    char dir[64], cmd[128];

    snprintf(dir, sizeof(dir), "/tmp/test_cpe_state.%d", (int)getpid());
    sim_start(a, "--once", "--state-dir", dir, NULL);
    run_until(a, child_exited, 0);
    sim_start(a, "--once", "--state-dir", dir, NULL);
    run_until(a, child_exited, 0);
    assert_int_equal(a->n_informs, 2);
    assert_non_null(strstr(a->informs[0].events, "0 BOOTSTRAP|"));
    assert_null(strstr(a->informs[1].events, "0 BOOTSTRAP|"));
    assert_non_null(strstr(a->informs[1].events, "1 BOOT|"));
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_bad_options(void **state)
{
    struct acs *a = *state;
    int st;

    a->pid = fork();
    assert_true(a->pid >= 0);
    if (a->pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        dup2(fd, 2);
        execl(g_sim, g_sim, "--acs", "http://127.0.0.1:1/", "--quirk", "nonsense", (char *)NULL);
        _exit(127);
    }
    assert_int_equal(waitpid(a->pid, &st, 0), a->pid);
    a->pid = -1;
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 2);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bootstrap_deviceid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gpv_spv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names_attrs_objects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_basic_auth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_digest_auth_and_tr098, setup, teardown),
        cmocka_unit_test_setup_teardown(test_periodic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_value_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reboot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_factory_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_download_ok, setup, teardown),
        cmocka_unit_test_setup_teardown(test_download_404, setup, teardown),
        cmocka_unit_test_setup_teardown(test_download_auth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_download_auth_wrong, setup, teardown),
        cmocka_unit_test_setup_teardown(test_download_no_server, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ipping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ipping_unresolvable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schedule_inform, setup, teardown),
        cmocka_unit_test_setup_teardown(test_connreq_http, setup, teardown),
        cmocka_unit_test_setup_teardown(test_connreq_udp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_connreq_udp_replay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retry_backoff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keepalive_latency, setup, teardown),
        cmocka_unit_test_setup_teardown(test_faults_and_quirks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dead_device, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_options, setup, teardown),
    };
    char self[4096];

    (void)argc;
    signal(SIGPIPE, SIG_IGN);
    snprintf(self, sizeof(self), "%s", argv[0]);
    snprintf(g_sim, sizeof(g_sim), "%s/../../sim/cwmp-sim", dirname(self));
    return cmocka_run_group_tests_name("sim_cpe", tests, NULL, NULL);
}
