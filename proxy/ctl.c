/*
 * ctl.c - cwmp2uspctl(8): asks a running cwmp2uspd over its admin socket
 * (proxy/admin.h) and prints the JSON reply, or runs the decoders of
 * cwmp2usp-decode (decode_soap.c, decode_usp.c) on a file.
 *
 *   cwmp2uspctl [-c CONF | -s SOCKET] [--table] devices [OFFSET [LIMIT]]
 *   cwmp2uspctl [-c CONF | -s SOCKET] device KEY|ENDPOINT_ID
 *   cwmp2uspctl [-c CONF | -s SOCKET] stats
 *   cwmp2uspctl decode soap|usp FILE
 *
 * Exit status: 0 ok, 1 the daemon answered an error or is not running,
 * 2 usage.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <json-c/json.h>

#include "proxy/admin.h"
#include "proxy/config.h"
#include "proxy/decode.h"

#define REPLY_MAX  (64 * 1024 * 1024) /* a reply larger than this is refused */
#define TIMEOUT_MS 30000

static void usage(FILE *f)
{
    fprintf(f, "usage: cwmp2uspctl [-c CONF | -s SOCKET] [--table] devices [OFFSET [LIMIT]]\n"
               "       cwmp2uspctl [-c CONF | -s SOCKET] device KEY|ENDPOINT_ID\n"
               "       cwmp2uspctl [-c CONF | -s SOCKET] stats\n"
               "       cwmp2uspctl decode soap|usp FILE\n"
               "  -c, --config CONF    the daemon's configuration file (for the socket path)\n"
               "  -s, --socket SOCKET  the admin socket (default: <state_dir>/admin.sock)\n"
               "  -t, --table          devices: a table instead of JSON\n"
               "  -h, --help           this text\n");
}

/* The socket path: -s, else from the configuration (or the defaults). */
static int socket_path(const char *conf, const char *sock, char *buf, size_t len)
{
    struct px_config cfg;
    char err[512];
    int rc;

    if (sock) {
        if (strlen(sock) >= len || strlen(sock) > PX_ADMIN_SOCK_PATH_MAX) {
            fprintf(stderr, "cwmp2uspctl: socket path %s is too long\n", sock);
            return -1;
        }
        snprintf(buf, len, "%s", sock);
        return 0;
    }
    if (px_config_defaults(&cfg) != 0) {
        fprintf(stderr, "cwmp2uspctl: out of memory\n");
        return -1;
    }
    rc = conf ? px_config_load(&cfg, conf, err, sizeof err) : 0;
    if (rc == 0)
        rc = px_admin_socket_path(&cfg, buf, len, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "cwmp2uspctl: %s\n", err);
    px_config_free(&cfg);
    return rc;
}

static int connect_daemon(const char *path)
{
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        fprintf(stderr, "cwmp2uspctl: socket: %s\n", strerror(errno));
        return -1;
    }
    snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
    if (connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
        int e = errno;
        if (e == ENOENT || e == ECONNREFUSED)
            fprintf(stderr, "cwmp2uspctl: cwmp2uspd is not running (admin socket %s: %s)\n", path,
                    strerror(e));
        else
            fprintf(stderr, "cwmp2uspctl: cannot connect to the admin socket %s: %s\n", path,
                    strerror(e));
        close(fd);
        return -1;
    }
    return fd;
}

static int send_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads one reply line into a malloc'd string (without the LF). */
static char *read_reply(int fd, const char *path)
{
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);

    while (buf) {
        struct pollfd p = {fd, POLLIN, 0};
        int pr = poll(&p, 1, TIMEOUT_MS);
        ssize_t r;
        if (pr == 0) {
            fprintf(stderr, "cwmp2uspctl: no reply on %s within %d s\n", path, TIMEOUT_MS / 1000);
            break;
        }
        r = pr < 0 ? -1 : read(fd, buf + len, cap - len - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            fprintf(stderr, "cwmp2uspctl: the daemon closed %s without a reply\n", path);
            break;
        }
        len += (size_t)r;
        char *nl = memchr(buf, '\n', len);
        if (nl) {
            *nl = '\0';
            return buf;
        }
        if (len + 1 == cap) {
            char *nb = cap >= REPLY_MAX ? NULL : realloc(buf, cap * 2);
            if (!nb) {
                fprintf(stderr, "cwmp2uspctl: reply too large\n");
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    free(buf);
    return NULL;
}

static const char *str_of(json_object *o, const char *k)
{
    json_object *v;
    return json_object_object_get_ex(o, k, &v) && v ? json_object_get_string(v) : "-";
}

static void print_table(json_object *o)
{
    json_object *arr, *next;
    size_t n;

    if (!json_object_object_get_ex(o, "devices", &arr) ||
        !json_object_is_type(arr, json_type_array))
        return;
    n = json_object_array_length(arr);
    printf("%-40s %-40s %-20s %s\n", "KEY", "ENDPOINT ID", "LAST INFORM (UTC)", "ONLINE");
    for (size_t i = 0; i < n; i++) {
        json_object *e = json_object_array_get_idx(arr, i), *on;
        int is_on = json_object_object_get_ex(e, "online", &on) && json_object_get_boolean(on);
        printf("%-40s %-40s %-20s %s\n", str_of(e, "key"), str_of(e, "endpoint_id"),
               str_of(e, "last_inform_utc"), is_on ? "yes" : "no");
    }
    printf("(%zu of %s devices from offset %s", n, str_of(o, "total"), str_of(o, "offset"));
    if (json_object_object_get_ex(o, "next_offset", &next) && next)
        printf("; next page: devices %s", json_object_get_string(next));
    printf(")\n");
}

/* Sends the request line, prints the reply: 0, or 1 on any failure. */
static int ask(const char *path, const char *line, int table)
{
    int fd = connect_daemon(path), rc = 1;
    char *reply = NULL;
    json_object *o = NULL, *ok;

    if (fd < 0)
        return 1;
    if (send_all(fd, line, strlen(line)) != 0 || send_all(fd, "\n", 1) != 0) {
        fprintf(stderr, "cwmp2uspctl: cannot send to %s: %s\n", path, strerror(errno));
        goto out;
    }
    reply = read_reply(fd, path);
    if (!reply)
        goto out;
    o = json_tokener_parse(reply);
    if (!o) {
        fprintf(stderr, "cwmp2uspctl: the daemon's reply is not JSON: %.200s\n", reply);
        goto out;
    }
    if (!json_object_object_get_ex(o, "ok", &ok) || !json_object_get_boolean(ok)) {
        fprintf(stderr, "cwmp2uspctl: %s\n", str_of(o, "error"));
        goto out;
    }
    if (table)
        print_table(o);
    else
        printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                             JSON_C_TO_STRING_SPACED));
    rc = fflush(stdout) == 0 ? 0 : 1;
out:
    json_object_put(o);
    free(reply);
    close(fd);
    return rc;
}

static int decode(int argc, char **argv)
{
    if (argc != 3) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "soap") == 0)
        return px_decode_soap(argv[2], stdout);
    if (strcmp(argv[1], "usp") == 0)
        return px_decode_usp(argv[2], stdout);
    fprintf(stderr, "cwmp2uspctl: decode: unknown format '%s' (soap or usp)\n", argv[1]);
    return 2;
}

/* Joins the command words into one request line; checked here for a
 * clear message, and again by the daemon. */
static int request_line(int argc, char **argv, char *buf, size_t len)
{
    struct px_admin_req req;
    char why[256];
    size_t used = 0;

    buf[0] = '\0';
    for (int i = 0; i < argc; i++) {
        int n = snprintf(buf + used, len - used, "%s%s", i ? " " : "", argv[i]);
        if (n < 0 || (size_t)n >= len - used) {
            fprintf(stderr, "cwmp2uspctl: request too long\n");
            return -1;
        }
        used += (size_t)n;
    }
    if (px_admin_parse(buf, used, &req, why, sizeof why) != 0) {
        fprintf(stderr, "cwmp2uspctl: %s\n", why);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"socket", required_argument, NULL, 's'},
        {"table", no_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *conf = NULL, *sock = NULL;
    char path[PX_ADMIN_SOCK_PATH_MAX + 1], line[PX_ADMIN_LINE_MAX + 1];
    int table = 0, c;

    while ((c = getopt_long(argc, argv, "c:s:th", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            conf = optarg;
            break;
        case 's':
            sock = optarg;
            break;
        case 't':
            table = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind >= argc || (conf && sock)) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[optind], "decode") == 0)
        return decode(argc - optind, argv + optind);
    if (table && strcmp(argv[optind], "devices") != 0) {
        fprintf(stderr, "cwmp2uspctl: --table applies to devices only\n");
        return 2;
    }
    if (request_line(argc - optind, argv + optind, line, sizeof line) != 0)
        return 2;
    if (socket_path(conf, sock, path, sizeof path) != 0)
        return 1;
    return ask(path, line, table);
}
