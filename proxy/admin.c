/*
 * admin.c - the admin socket of cwmp2uspd (admin.h): a UNIX stream socket
 * served from the daemon's event loop with bufferevents. Each request line
 * gets one JSON reply line; the replies read the LMDB store (read
 * transaction of the turn) and never block. A line over PX_ADMIN_LINE_MAX
 * gets an error reply and the connection is closed.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <json-c/json.h>

#include "proxy/admin.h"
#include "proxy/log.h"
#include "proxy/params.h"
#include "proxy/px.h"
#include "proxy/subs.h"

#define MAX_CLIENTS    16
#define OUT_HIGH       (256 * 1024) /* stop reading requests above this much unsent */
#define IDLE_TIMEOUT_S 300
#define QUEUE_LIST_MAX 100 /* queue entries listed by `device` */

struct admin_conn {
    struct px_admin *a;
    struct bufferevent *bev;
    int closing; /* close once the output is sent */
    struct admin_conn *next, *prev;
};

struct px_admin {
    struct px_daemon *d;
    struct evconnlistener *lis;
    char path[PX_ADMIN_SOCK_PATH_MAX + 1];
    dev_t dev; /* the socket file we created, removed only if still ours */
    ino_t ino;
    struct admin_conn *conns;
    int n_conns;
};

/* ---------------------------------------------------------------------
 * Replies.
 * ------------------------------------------------------------------- */

static void add_str(json_object *o, const char *k, const char *v)
{
    json_object_object_add(o, k, json_object_new_string(v ? v : ""));
}

static void add_int(json_object *o, const char *k, int64_t v)
{
    json_object_object_add(o, k, json_object_new_int64(v));
}

/* Unix seconds and their ISO 8601 UTC form (null when 0: never). */
static void add_time(json_object *o, const char *k, int64_t t)
{
    char iso[32], k2[64];
    struct tm tm;
    time_t tt = (time_t)t;

    add_int(o, k, t);
    snprintf(k2, sizeof k2, "%s_utc", k);
    if (t <= 0 || !gmtime_r(&tt, &tm) || strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        json_object_object_add(o, k2, NULL);
    else
        add_str(o, k2, iso);
}

static json_object *reply_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static json_object *reply_error(const char *fmt, ...)
{
    json_object *o = json_object_new_object();
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_object_object_add(o, "ok", json_object_new_boolean(0));
    add_str(o, "error", msg);
    return o;
}

static json_object *reply_ok(void)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "ok", json_object_new_boolean(1));
    return o;
}

static int online(struct px_daemon *d, const char *key)
{
    return px_acs_session(d, key) != NULL;
}

/* `devices OFFSET LIMIT`: walks the keys (no list of all devices is
 * built), collects one page of keys, then loads those records. */
struct page {
    uint32_t skip, limit, n;
    char (*keys)[PX_DEVICE_KEY_MAX + 1];
    int more;
};

static int page_key(void *arg, const char *key)
{
    struct page *p = arg;

    if (p->skip > 0) {
        p->skip--;
        return 0;
    }
    if (p->n == p->limit) {
        p->more = 1;
        return 1;
    }
    snprintf(p->keys[p->n++], PX_DEVICE_KEY_MAX + 1, "%s", key);
    return 0;
}

static json_object *do_devices(struct px_daemon *d, const struct px_admin_req *req)
{
    struct page p = {req->offset, req->limit, 0, NULL, 0};
    json_object *o, *arr;
    size_t total = 0;

    p.keys = calloc(req->limit, sizeof *p.keys);
    if (!p.keys)
        return reply_error("out of memory");
    if (px_device_count(d->store, &total) != 0 ||
        px_device_foreach_key(d->store, page_key, &p) != 0) {
        free(p.keys);
        return reply_error("store: %s", px_store_errmsg(d->store));
    }
    o = reply_ok();
    add_int(o, "total", (int64_t)total);
    add_int(o, "offset", req->offset);
    add_int(o, "limit", req->limit);
    arr = json_object_new_array();
    for (uint32_t i = 0; i < p.n; i++) {
        struct px_device dev;
        json_object *e = json_object_new_object();
        add_str(e, "key", p.keys[i]);
        if (px_device_get(d->store, p.keys[i], &dev) == 0) {
            add_str(e, "endpoint_id", dev.endpoint_id);
            add_time(e, "last_inform", dev.last_inform);
            px_device_clear(&dev);
        } else {
            add_str(e, "error", px_store_errmsg(d->store));
        }
        json_object_object_add(e, "online", json_object_new_boolean(online(d, p.keys[i])));
        json_object_array_add(arr, e);
    }
    json_object_object_add(o, "devices", arr);
    if (p.more)
        add_int(o, "next_offset", (int64_t)req->offset + p.n);
    else
        json_object_object_add(o, "next_offset", NULL);
    free(p.keys);
    return o;
}

/* The learned flags by name (quirks.c); a bit without a name as "bitN". */
static json_object *flags_json(uint32_t flags)
{
    json_object *arr = json_object_new_array();

    for (unsigned i = 0; i < 32; i++) {
        uint32_t bit = (uint32_t)1 << i;
        char other[16];
        if (!(flags & bit))
            continue;
        snprintf(other, sizeof other, "bit%u", i);
        json_object_array_add(
            arr, json_object_new_string(px_quirk_name(bit) ? px_quirk_name(bit) : other));
    }
    return arr;
}

struct queue_walk {
    json_object *arr;
    size_t n;
};

static int queue_entry(void *arg, const char *dev_key, const struct px_queue_entry *e)
{
    struct queue_walk *w = arg;
    json_object *o;

    (void)dev_key;
    if (w->n++ >= QUEUE_LIST_MAX)
        return 0; /* counted, not listed */
    o = json_object_new_object();
    add_int(o, "seq", (int64_t)e->seq);
    add_str(o, "msg_id", e->msg_id);
    add_str(o, "controller", e->controller);
    add_time(o, "accepted", e->accepted);
    add_time(o, "deadline", e->deadline);
    json_object_array_add(w->arr, o);
    return 0;
}

static int count_param(void *arg, const struct px_param *p)
{
    (void)p;
    (*(size_t *)arg)++;
    return 0;
}

static void device_identity(json_object *o, const char *key, const struct px_device *dev)
{
    char ver[16];

    add_str(o, "key", key);
    add_str(o, "manufacturer", dev->manufacturer);
    add_str(o, "oui", dev->oui);
    add_str(o, "product_class", dev->product_class);
    add_str(o, "serial_number", dev->serial_number);
    add_str(o, "endpoint_id", dev->endpoint_id);
    add_str(o, "connection_request_url", dev->cr_url);
    add_str(o, "connection_request_username", dev->cr_username);
    add_time(o, "first_seen", dev->first_seen);
    add_time(o, "last_inform", dev->last_inform);
    snprintf(ver, sizeof ver, "%u.%u", dev->cwmp_major, dev->cwmp_minor);
    add_str(o, "cwmp_version", ver);
}

/* Device.LocalAgent.Subscription.{i}. of the device (subs.h). */
static void sub_param_json(void *arg, const char *name, const char *value)
{
    json_object_object_add(arg, name, json_object_new_string(value));
}

static int sub_json(void *arg, const struct px_sub *s)
{
    json_object *o = json_object_new_object();
    char path[64];
    snprintf(path, sizeof path, PX_SUBS_TABLE "%u.", (unsigned)s->instance);
    json_object_object_add(o, "path", json_object_new_string(path));
    px_sub_params(s, sub_param_json, o);
    json_object_array_add(arg, o);
    return 0;
}

static json_object *subscriptions_json(struct px_daemon *d, const char *key)
{
    json_object *arr = json_object_new_array();
    if (px_subs_foreach(d->store, key, sub_json, arr) != 0)
        px_warn("admin: %s: subscriptions: %s", key, px_store_errmsg(d->store));
    return arr;
}

static json_object *do_device(struct px_daemon *d, const struct px_admin_req *req)
{
    struct px_device dev;
    char key[PX_DEVICE_KEY_MAX + 1];
    struct queue_walk qw = {NULL, 0};
    size_t n_params = 0;
    json_object *o, *ev;
    int rc;

    snprintf(key, sizeof key, "%s", req->id);
    rc = px_device_get(d->store, key, &dev);
    if (rc == PX_STORE_NOT_FOUND)
        rc = px_device_get_by_endpoint(d->store, req->id, &dev, key);
    if (rc == PX_STORE_NOT_FOUND)
        return reply_error("no device with key or endpoint id \"%s\"", req->id);
    if (rc != 0)
        return reply_error("store: %s", px_store_errmsg(d->store));
    o = reply_ok();
    device_identity(o, key, &dev);
    ev = json_object_new_array();
    for (size_t i = 0; i < dev.n_events; i++)
        json_object_array_add(ev, json_object_new_string(dev.events[i] ? dev.events[i] : ""));
    json_object_object_add(o, "last_inform_events", ev);
    add_int(o, "flags", dev.flags);
    json_object_object_add(o, "learned", flags_json(dev.flags));
    json_object_object_add(o, "online", json_object_new_boolean(online(d, key)));
    px_device_clear(&dev);

    qw.arr = json_object_new_array();
    if (px_queue_foreach(d->store, key, queue_entry, &qw) != 0)
        add_str(o, "queue_error", px_store_errmsg(d->store));
    add_int(o, "queue_length", (int64_t)qw.n);
    json_object_object_add(o, "queue", qw.arr);
    if (px_params_foreach(d->store, key, "", count_param, &n_params) != 0)
        add_str(o, "params_error", px_store_errmsg(d->store));
    add_int(o, "cached_parameters", (int64_t)n_params);
    json_object_object_add(o, "subscriptions", subscriptions_json(d, key));
    return o;
}

static json_object *do_stats(struct px_admin *a)
{
    struct px_daemon *d = a->d;
    struct px_store_stats st;
    size_t n_dev = 0, n_queue = 0, n_outbox = 0;
    int64_t n_sess = 0;
    json_object *o;

    if (px_device_count(d->store, &n_dev) != 0 ||
        px_store_count(d->store, PX_DB_QUEUE, &n_queue) != 0 ||
        px_store_count(d->store, PX_DB_OUTBOX, &n_outbox) != 0)
        return reply_error("store: %s", px_store_errmsg(d->store));
    for (const struct px_session *s = d->sessions; s; s = s->next)
        n_sess++;
    px_store_get_stats(d->store, &st);
    o = reply_ok();
    add_int(o, "devices", (int64_t)n_dev);
    add_int(o, "sessions", n_sess);
    add_int(o, "queue_length", (int64_t)n_queue);
    add_int(o, "outbox_length", (int64_t)n_outbox);
    add_int(o, "store_commits", (int64_t)st.commits);
    add_int(o, "store_commit_failures", (int64_t)st.commit_failures);
    add_int(o, "admin_clients", a->n_conns);
    return o;
}

/* ---------------------------------------------------------------------
 * Connections.
 * ------------------------------------------------------------------- */

static void send_json(struct admin_conn *c, json_object *o)
{
    struct evbuffer *out = bufferevent_get_output(c->bev);
    const char *s = o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN) : NULL;

    if (s)
        evbuffer_add_printf(out, "%s\n", s);
    else
        evbuffer_add_printf(out, "{\"ok\":false,\"error\":\"out of memory\"}\n");
    json_object_put(o);
}

static void conn_free(struct admin_conn *c)
{
    struct px_admin *a = c->a;

    if (c->prev)
        c->prev->next = c->next;
    else
        a->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    a->n_conns--;
    bufferevent_free(c->bev);
    free(c);
}

static void handle_line(struct admin_conn *c, const char *line, size_t len)
{
    struct px_admin_req req;
    char why[256];
    json_object *o;

    if (px_admin_parse(line, len, &req, why, sizeof why) != 0) {
        send_json(c, reply_error("%s", why));
        return;
    }
    switch (req.cmd) {
    case PX_ADMIN_DEVICES:
        o = do_devices(c->a->d, &req);
        break;
    case PX_ADMIN_DEVICE:
        o = do_device(c->a->d, &req);
        break;
    default:
        o = do_stats(c->a);
        break;
    }
    send_json(c, o);
}

/* Serves the complete lines in the input while the output is not piling
 * up (a client that does not read is not fed more). */
static void serve(struct admin_conn *c)
{
    struct evbuffer *in = bufferevent_get_input(c->bev);
    struct evbuffer *out = bufferevent_get_output(c->bev);
    char line[PX_ADMIN_LINE_MAX + 2];

    while (!c->closing && evbuffer_get_length(out) < OUT_HIGH) {
        struct evbuffer_ptr eol = evbuffer_search_eol(in, NULL, NULL, EVBUFFER_EOL_LF);
        size_t len;
        if (eol.pos < 0) {
            if (evbuffer_get_length(in) > PX_ADMIN_LINE_MAX + 1)
                goto too_long;
            return;
        }
        len = (size_t)eol.pos;
        if (len > PX_ADMIN_LINE_MAX + 1)
            goto too_long;
        evbuffer_remove(in, line, len + 1); /* the line and its LF */
        handle_line(c, line, len);
    }
    if (!c->closing)
        bufferevent_disable(c->bev, EV_READ); /* write_cb enables it again */
    return;
too_long:
    send_json(c, reply_error("request line longer than %d bytes: closing", PX_ADMIN_LINE_MAX));
    c->closing = 1;
    bufferevent_disable(c->bev, EV_READ);
}

static void read_cb(struct bufferevent *bev, void *arg)
{
    (void)bev;
    serve(arg);
}

static void write_cb(struct bufferevent *bev, void *arg)
{
    struct admin_conn *c = arg;

    if (c->closing) {
        if (evbuffer_get_length(bufferevent_get_output(bev)) == 0)
            conn_free(c); /* the error reply is out */
        return;
    }
    bufferevent_enable(bev, EV_READ);
    serve(c);
}

static void event_cb(struct bufferevent *bev, short what, void *arg)
{
    (void)bev;
    if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT))
        conn_free(arg);
}

static void accept_cb(struct evconnlistener *lis, evutil_socket_t fd, struct sockaddr *sa,
                      int salen, void *arg)
{
    struct px_admin *a = arg;
    struct admin_conn *c;
    struct timeval idle = {IDLE_TIMEOUT_S, 0};

    (void)lis;
    (void)sa;
    (void)salen;
    if (a->n_conns >= MAX_CLIENTS) {
        static const char busy[] = "{\"ok\":false,\"error\":\"too many admin clients\"}\n";
        ssize_t w = write(fd, busy, sizeof busy - 1); /* best effort; non-blocking */
        (void)w;
        evutil_closesocket(fd);
        return;
    }
    c = calloc(1, sizeof *c);
    if (c)
        c->bev = bufferevent_socket_new(a->d->base, fd, BEV_OPT_CLOSE_ON_FREE);
    if (!c || !c->bev) {
        free(c);
        evutil_closesocket(fd);
        px_err("admin: out of memory accepting a client");
        return;
    }
    c->a = a;
    c->next = a->conns;
    if (a->conns)
        a->conns->prev = c;
    a->conns = c;
    a->n_conns++;
    bufferevent_set_timeouts(c->bev, &idle, &idle);
    /* Write callback when the output has drained below OUT_HIGH / 2. */
    bufferevent_setwatermark(c->bev, EV_WRITE, OUT_HIGH / 2, 0);
    bufferevent_setcb(c->bev, read_cb, write_cb, event_cb, c);
    bufferevent_enable(c->bev, EV_READ | EV_WRITE);
}

/* ---------------------------------------------------------------------
 * The socket file.
 * ------------------------------------------------------------------- */

/* Whether something accepts connections at path (a live daemon). */
static int socket_answers(const struct sockaddr_un *sun)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int ok;

    if (fd < 0)
        return 0;
    ok = connect(fd, (const struct sockaddr *)sun, sizeof *sun) == 0;
    close(fd);
    return ok;
}

/* Removes a socket file a dead daemon left behind; -1 with err when a
 * live daemon answers on it or the file is not a socket. */
static int clear_stale(const struct sockaddr_un *sun, char *err, size_t errlen)
{
    struct stat st;

    if (lstat(sun->sun_path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISSOCK(st.st_mode)) {
        snprintf(err, errlen, "admin socket %s exists and is not a socket", sun->sun_path);
        return -1;
    }
    if (socket_answers(sun)) {
        snprintf(err, errlen, "another cwmp2uspd answers on the admin socket %s", sun->sun_path);
        return -1;
    }
    if (unlink(sun->sun_path) != 0 && errno != ENOENT) {
        snprintf(err, errlen, "cannot remove the stale admin socket %s: %s", sun->sun_path,
                 strerror(errno));
        return -1;
    }
    px_notice("admin: removed the stale socket %s", sun->sun_path);
    return 0;
}

static int bind_socket(struct px_admin *a, char *err, size_t errlen)
{
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    struct stat st;
    mode_t old;
    int fd, rc;

    snprintf(sun.sun_path, sizeof sun.sun_path, "%s", a->path);
    if (clear_stale(&sun, err, errlen) != 0) {
        if (!err[0])
            snprintf(err, errlen, "admin socket %s: %s", a->path, strerror(errno));
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, errlen, "admin socket: %s", strerror(errno));
        return -1;
    }
    old = umask(0077); /* the file is created 0600, never wider even briefly */
    rc = bind(fd, (struct sockaddr *)&sun, sizeof sun);
    umask(old);
    if (rc != 0 || chmod(a->path, 0600) != 0 || listen(fd, 16) != 0 || stat(a->path, &st) != 0) {
        snprintf(err, errlen, "admin socket %s: %s", a->path, strerror(errno));
        if (rc == 0)
            unlink(a->path);
        close(fd);
        return -1;
    }
    a->dev = st.st_dev;
    a->ino = st.st_ino;
    return fd;
}

int px_admin_open(struct px_daemon *d, char *err, size_t errlen)
{
    struct px_admin *a = calloc(1, sizeof *a);
    int fd;

    err[0] = '\0';
    if (!a) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    a->d = d;
    if (px_admin_socket_path(&d->cfg, a->path, sizeof a->path, err, errlen) != 0 ||
        (fd = bind_socket(a, err, errlen)) < 0) {
        free(a);
        return -1;
    }
    a->lis = evconnlistener_new(d->base, accept_cb, a,
                                LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 0, fd);
    if (!a->lis) {
        snprintf(err, errlen, "admin socket %s: cannot listen in the event loop", a->path);
        close(fd);
        unlink(a->path);
        free(a);
        return -1;
    }
    d->admin = a;
    px_info("admin: listening on %s", a->path);
    return 0;
}

void px_admin_close(struct px_daemon *d)
{
    struct px_admin *a = d->admin;
    struct stat st;

    if (!a)
        return;
    while (a->conns)
        conn_free(a->conns);
    evconnlistener_free(a->lis);
    /* Remove the file only if it is still ours (not a successor's). */
    if (stat(a->path, &st) == 0 && st.st_dev == a->dev && st.st_ino == a->ino)
        unlink(a->path);
    free(a);
    d->admin = NULL;
}
