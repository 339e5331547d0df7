/*
 * admin.h - the local admin socket of cwmp2uspd and its request language,
 * used by cwmp2uspctl(8).
 *
 * A UNIX stream socket (mode 0600) at admin_socket, or <state_dir>/admin.sock
 * when that is empty. The client sends request lines (LF-terminated, at most
 * PX_ADMIN_LINE_MAX bytes); the daemon answers each with one JSON object on
 * one line: {"ok":true,...} or {"ok":false,"error":"..."}.
 *
 *   devices [OFFSET [LIMIT]]   a page of the device registry, in key order
 *   device KEY|ENDPOINT_ID     one device
 *   stats                      counters of the daemon
 *
 * admin_parse.c is pure (no store, no event loop): the parser is fuzzed and
 * cwmp2uspctl links it without the daemon.
 */
#ifndef PROXY_ADMIN_H
#define PROXY_ADMIN_H

#include <stddef.h>
#include <stdint.h>

#include "proxy/config.h"
#include "proxy/device.h"

#define PX_ADMIN_LINE_MAX      4096 /* a request line, without its LF */
#define PX_ADMIN_PAGE_DEFAULT  100  /* devices per page without LIMIT */
#define PX_ADMIN_PAGE_MAX      1000 /* largest LIMIT */
#define PX_ADMIN_OFFSET_MAX    UINT32_MAX
#define PX_ADMIN_SOCK_PATH_MAX 107 /* sizeof(sun_path) - 1 on Linux */

enum px_admin_cmd { PX_ADMIN_DEVICES, PX_ADMIN_DEVICE, PX_ADMIN_STATS };

struct px_admin_req {
    enum px_admin_cmd cmd;
    uint32_t offset;                /* devices */
    uint32_t limit;                 /* devices: 1..PX_ADMIN_PAGE_MAX */
    char id[PX_DEVICE_KEY_MAX + 1]; /* device: a device key or an Endpoint ID */
};

/*
 * Parses one request line (len bytes, without the LF; a trailing CR is
 * ignored). Returns 0 and fills req, or -1 with a sentence in why.
 */
int px_admin_parse(const char *line, size_t len, struct px_admin_req *req, char *why,
                   size_t why_len);

/* The admin socket path of cfg into buf: admin_socket, or
 * <state_dir>/admin.sock when that is empty. -1 with a sentence in why when
 * it does not fit a UNIX socket address. */
int px_admin_socket_path(const struct px_config *cfg, char *buf, size_t len, char *why,
                         size_t why_len);

/* ---- admin.c: the server, in the daemon's event loop ---- */
struct px_daemon;

/* Opens the socket (after the store). A socket file left by a dead daemon
 * is replaced; -1 when a live daemon answers on it or it is not a socket. */
int px_admin_open(struct px_daemon *d, char *err, size_t errlen);
/* Closes the clients and the listener and removes the socket file. */
void px_admin_close(struct px_daemon *d);

#endif /* PROXY_ADMIN_H */
