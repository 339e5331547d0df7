/*
 * buf.h - a plain growable byte buffer (part of the public interface of
 * libcwmp, included from cwmp/cwmp.h through cwmp/soap.h).
 *
 * The SOAP writer appends whole envelopes to one; the session engine sends
 * its contents. data is always NUL-terminated when not NULL, so a buffer
 * holding text can be used as a C string.
 */
#ifndef CWMP_BUF_H
#define CWMP_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct cwmp_buf {
    char *data; /* NULL until the first append */
    size_t len; /* bytes used, not counting the terminating NUL */
    size_t cap; /* bytes allocated */
};

/* An empty buffer; equivalent to struct cwmp_buf b = {0}. */
void cwmp_buf_init(struct cwmp_buf *b);

/* Frees the storage and leaves b empty (b itself is the caller's). */
void cwmp_buf_free(struct cwmp_buf *b);

/* Empties b but keeps its storage for reuse. */
void cwmp_buf_reset(struct cwmp_buf *b);

/* Makes room for at least extra more bytes. 0, or -1 when out of memory. */
int cwmp_buf_reserve(struct cwmp_buf *b, size_t extra);

/* Appends bytes. 0, or -1 when out of memory (b is then unchanged). */
int cwmp_buf_append(struct cwmp_buf *b, const void *data, size_t len);

/* Appends a C string. 0 or -1. */
int cwmp_buf_puts(struct cwmp_buf *b, const char *s);

/* Appends printf-formatted text. 0 or -1. */
int cwmp_buf_printf(struct cwmp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cwmp_buf_vprintf(struct cwmp_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#endif /* CWMP_BUF_H */
