/*
 * http_parse.h - the small HTTP/1.1 request parser of the session engine
 * (RFC 9112): a request head from one contiguous buffer, and a chunked
 * body decoder fed in pieces. Internal to libcwmp (the fuzz target uses
 * it); nothing here allocates.
 */
#ifndef CWMP_HTTP_PARSE_H
#define CWMP_HTTP_PARSE_H

#include <stddef.h>
#include <stdint.h>

enum cwmp_http_method {
    CWMP_HTTP_OTHER = 0,
    CWMP_HTTP_POST,
    CWMP_HTTP_GET,
};

/* A parsed request head; the pointers point into the parsed buffer. */
struct cwmp_http_head {
    enum cwmp_http_method method;
    const char *target;
    size_t target_len;
    int minor;              /* HTTP/1.<minor>: 0 or 1 */
    int64_t content_length; /* -1 when absent */
    int chunked;            /* Transfer-Encoding: chunked */
    int keep_alive;         /* after this request (version default + Connection) */
    int expect_continue;    /* Expect: 100-continue */
    const char *authorization;
    size_t authorization_len;
    const char *cookie_value; /* value of the cookie named as asked, if any */
    size_t cookie_value_len;
};

/*
 * Parses a request head: len bytes up to and including the blank line
 * ("\r\n\r\n"). cookie_name (may be NULL) names the cookie to find in the
 * Cookie headers. Returns 0, or -1 with *why set to a static reason.
 */
int cwmp_http_parse_head(const char *buf, size_t len, const char *cookie_name,
                         struct cwmp_http_head *h, const char **why);

/* Chunked transfer coding decoder (RFC 9112 7.1); zero it to start. */
struct cwmp_http_chunked {
    int state;
    unsigned digits;
    uint64_t remaining;
};

/*
 * Feeds in[0..len). Sets *used to the bytes consumed; when *data_len > 0
 * the body bytes in[*data_off .. *data_off + *data_len) were found (one
 * span per call: call again with the rest). Returns 1 when the last chunk
 * and the trailer are complete, 0 when more input is needed or a span was
 * returned, -1 on malformed input (*why set).
 */
int cwmp_http_chunked_feed(struct cwmp_http_chunked *c, const char *in, size_t len, size_t *used,
                           size_t *data_off, size_t *data_len, const char **why);

#endif /* CWMP_HTTP_PARSE_H */
