/*
 * soap_msg.c - message lifecycle (new, free, arena allocation), the
 * namespace version table and the error helper of the SOAP codec.
 */
#include "cwmp/soap_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- arena ---- */

struct chunk {
    struct chunk *next;
    size_t cap;
    size_t used;
    /* data follows, 8-aligned */
};

struct cwmp_arena {
    struct chunk *head;
    size_t next_size;
};

#define ALIGN8(n) (((n) + 7u) & ~(size_t)7u)
#define CHUNK_HDR ALIGN8(sizeof(struct chunk))

static struct chunk *chunk_new(size_t cap)
{
    struct chunk *c = malloc(CHUNK_HDR + cap);
    if (!c)
        return NULL;
    c->next = NULL;
    c->cap = cap;
    c->used = 0;
    return c;
}

struct cwmp_arena *cwmp_arena_new(size_t first_chunk)
{
    struct cwmp_arena *a = malloc(sizeof(*a));
    if (!a)
        return NULL;
    if (first_chunk < 256)
        first_chunk = 256;
    a->head = chunk_new(ALIGN8(first_chunk));
    if (!a->head) {
        free(a);
        return NULL;
    }
    a->next_size = a->head->cap * 2;
    return a;
}

void cwmp_arena_free(struct cwmp_arena *a)
{
    struct chunk *c, *next;
    if (!a)
        return;
    for (c = a->head; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

void *cwmp_arena_alloc(struct cwmp_arena *a, size_t size)
{
    struct chunk *c = a->head;
    void *p;

    if (size > (size_t)-1 / 4)
        return NULL;
    size = ALIGN8(size ? size : 1);
    if (c->cap - c->used < size) {
        size_t cap = a->next_size;
        if (cap < size)
            cap = size;
        c = chunk_new(cap);
        if (!c)
            return NULL;
        c->next = a->head;
        a->head = c;
        if (a->next_size < 1024 * 1024)
            a->next_size *= 2;
    }
    p = (char *)c + CHUNK_HDR + c->used;
    c->used += size;
    return p;
}

void *cwmp_arena_zalloc(struct cwmp_arena *a, size_t size)
{
    void *p = cwmp_arena_alloc(a, size);
    if (p)
        memset(p, 0, size);
    return p;
}

char *cwmp_arena_strndup(struct cwmp_arena *a, const char *s, size_t len)
{
    char *p = cwmp_arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* ---- messages ---- */

struct cwmp_msg *cwmp_msg_new(enum cwmp_msg_type type)
{
    struct cwmp_arena *a = cwmp_arena_new(2048);
    struct cwmp_msg *m;

    if (!a)
        return NULL;
    m = cwmp_arena_zalloc(a, sizeof(*m));
    if (!m) {
        cwmp_arena_free(a);
        return NULL;
    }
    m->type = type;
    m->ns_version = CWMP_NS_LATEST;
    m->arena = a;
    return m;
}

void cwmp_msg_free(struct cwmp_msg *msg)
{
    /* The message itself lives in its arena. */
    if (msg)
        cwmp_arena_free(msg->arena);
}

void *cwmp_msg_alloc(struct cwmp_msg *msg, size_t size)
{
    if (!msg || !msg->arena)
        return NULL;
    return cwmp_arena_zalloc(msg->arena, size);
}

char *cwmp_msg_strndup(struct cwmp_msg *msg, const char *s, size_t len)
{
    if (!msg || !msg->arena || !s)
        return NULL;
    /* like strndup: a shorter string ends at its NUL, never read past it */
    return cwmp_arena_strndup(msg->arena, s, strnlen(s, len));
}

char *cwmp_msg_strdup(struct cwmp_msg *msg, const char *s)
{
    return s ? cwmp_msg_strndup(msg, s, strlen(s)) : NULL;
}

void cwmp_msg_init_reply(struct cwmp_msg *msg, enum cwmp_msg_type type, const struct cwmp_msg *req)
{
    memset(msg, 0, sizeof(*msg));
    msg->type = type;
    msg->ns_version = req ? req->ns_version : CWMP_NS_LATEST;
    msg->id = req ? req->id : NULL;
}

/* ---- namespaces (TR-069 A.3.1) ---- */

static const char *const ns_uris[] = {
    "urn:dslforum-org:cwmp-1-0", "urn:dslforum-org:cwmp-1-1", "urn:dslforum-org:cwmp-1-2",
    "urn:dslforum-org:cwmp-1-3", "urn:dslforum-org:cwmp-1-4",
};

const char *cwmp_ns_uri(enum cwmp_ns_version v)
{
    if ((unsigned)v > CWMP_NS_LATEST)
        return NULL;
    return ns_uris[v];
}

int cwmp_ns_from_uri(const char *uri, size_t len, enum cwmp_ns_version *out)
{
    static const char prefix[] = "urn:dslforum-org:cwmp-1-";
    const size_t plen = sizeof(prefix) - 1;

    if (len != plen + 1 || memcmp(uri, prefix, plen) != 0)
        return -1;
    if (uri[plen] < '0' || uri[plen] > '0' + CWMP_NS_LATEST)
        return -1;
    *out = (enum cwmp_ns_version)(uri[plen] - '0');
    return 0;
}

/* ---- errors ---- */

int cwmp_soap_err(char *err, size_t errlen, int status, const char *fmt, ...)
{
    va_list ap;
    if (err && errlen > 0) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return status;
}
