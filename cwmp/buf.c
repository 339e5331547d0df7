/*
 * buf.c - a plain growable byte buffer, always NUL-terminated.
 */
#include "cwmp/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cwmp_buf_init(struct cwmp_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void cwmp_buf_free(struct cwmp_buf *b)
{
    free(b->data);
    cwmp_buf_init(b);
}

void cwmp_buf_reset(struct cwmp_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

int cwmp_buf_reserve(struct cwmp_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (extra > (size_t)-1 / 2 - b->len)
        return -1;
    need = b->len + extra + 1; /* room for the NUL */
    if (need <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int cwmp_buf_append(struct cwmp_buf *b, const void *data, size_t len)
{
    if (cwmp_buf_reserve(b, len) != 0)
        return -1;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int cwmp_buf_puts(struct cwmp_buf *b, const char *s)
{
    return cwmp_buf_append(b, s, strlen(s));
}

int cwmp_buf_vprintf(struct cwmp_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || cwmp_buf_reserve(b, (size_t)n) != 0)
        return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int cwmp_buf_printf(struct cwmp_buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = cwmp_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}
