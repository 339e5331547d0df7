/*
 * udp_connreq.c - UDP connection requests for CPEs behind NAT (TR-069
 * Annex G.2.2): an HTTP-like GET in a datagram, signed with HMAC-SHA1
 * keyed by the connection request password, sent several times because
 * UDP may drop it.
 */
#include "cwmp/connreq.h"
#include "cwmp/digest_priv.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/util.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

struct udp_cr {
    struct event *timer;
    evutil_socket_t fd;
    struct sockaddr_storage ss;
    int sslen;
    unsigned left;
    unsigned interval_ms;
    size_t len;
    char msg[];
};

/* Query values must not need escaping (Annex G: unreserved characters). */
static int plain_value(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr("-._~", *s) != NULL))
            return 0;
    return 1;
}

int cwmp_udp_connreq_format(const char *host_port, uint64_t ts, const char *id,
                            const char *username, const char *cnonce, const char *password,
                            char *out, size_t cap)
{
    char text[512], sig[41];
    unsigned char mac[64];
    size_t mac_len = 0;
    int n;

    if (!plain_value(id) || !plain_value(username) || !plain_value(cnonce) ||
        strpbrk(host_port, " \r\n?&") != NULL)
        return -1;
    /* G.2.2.1: the signature covers ts, id, un and cn concatenated */
    n = snprintf(text, sizeof(text), "%" PRIu64 "%s%s%s", ts, id, username, cnonce);
    if (n < 0 || (size_t)n >= sizeof(text))
        return -1;
    if (cwmp_hmac("SHA1", password, strlen(password), text, (size_t)n, mac, &mac_len) != 0 ||
        mac_len != 20)
        return -1;
    for (size_t i = 0; i < mac_len; i++)
        snprintf(sig + 2 * i, 3, "%02X", mac[i]);
    n = snprintf(out, cap,
                 "GET http://%s?ts=%" PRIu64 "&id=%s&un=%s&cn=%s&sig=%s HTTP/1.1\r\n"
                 "Host: %s\r\n\r\n",
                 host_port, ts, id, username, cnonce, sig, host_port);
    return n < 0 || (size_t)n >= cap ? -1 : n;
}

static void udp_free(struct udp_cr *u)
{
    event_free(u->timer);
    evutil_closesocket(u->fd);
    free(u);
}

static void on_send(evutil_socket_t fd, short what, void *arg)
{
    struct udp_cr *u = arg;
    struct timeval tv = {u->interval_ms / 1000, (u->interval_ms % 1000) * 1000};

    (void)fd;
    (void)what;
    /* a lost datagram is what the copies are for; errors are ignored */
    (void)sendto(u->fd, u->msg, u->len, 0, (struct sockaddr *)&u->ss, (socklen_t)u->sslen);
    if (--u->left == 0) {
        udp_free(u);
        return;
    }
    evtimer_add(u->timer, &tv);
}

int cwmp_udp_connreq_send(struct event_base *base, const char *host_port, const char *username,
                          const char *password, unsigned copies, unsigned interval_ms, char *err,
                          size_t errlen)
{
    struct sockaddr_storage ss;
    int sslen = sizeof(ss);
    unsigned char rnd[12];
    char id[16], cn[17], buf[1024];
    struct udp_cr *u;
    int n;

    memset(&ss, 0, sizeof(ss));
    if (host_port == NULL ||
        evutil_parse_sockaddr_port(host_port, (struct sockaddr *)&ss, &sslen) != 0) {
        snprintf(err, errlen, "bad UDPConnectionRequestAddress '%s'", host_port ? host_port : "");
        return -1;
    }
    if (RAND_bytes(rnd, sizeof(rnd)) != 1) {
        snprintf(err, errlen, "no random bytes");
        return -1;
    }
    snprintf(id, sizeof(id), "%u", (unsigned)(rnd[0] | rnd[1] << 8 | (rnd[2] & 0x7f) << 16));
    for (int i = 0; i < 8; i++)
        snprintf(cn + 2 * i, 3, "%02X", rnd[4 + i]);
    n = cwmp_udp_connreq_format(host_port, (uint64_t)time(NULL), id, username ? username : "", cn,
                                password ? password : "", buf, sizeof(buf));
    if (n < 0) {
        snprintf(err, errlen,
                 "cannot format a UDP connection request for '%s' (user name "
                 "with characters that need escaping?)",
                 host_port);
        return -1;
    }
    u = calloc(1, sizeof(*u) + (size_t)n + 1);
    if (u == NULL) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    memcpy(u->msg, buf, (size_t)n + 1);
    u->len = (size_t)n;
    u->ss = ss;
    u->sslen = sslen;
    u->left = copies ? copies : 3;
    u->interval_ms = interval_ms ? interval_ms : 500;
    u->fd = socket(ss.ss_family, SOCK_DGRAM, 0);
    if (u->fd < 0 || evutil_make_socket_nonblocking(u->fd) != 0 ||
        (u->timer = evtimer_new(base, on_send, u)) == NULL) {
        snprintf(err, errlen, "cannot create a UDP socket");
        if (u->fd >= 0)
            evutil_closesocket(u->fd);
        free(u);
        return -1;
    }
    on_send(u->fd, 0, u); /* first copy at once */
    return 0;
}
