/*
 * soap_int.h - private to the SOAP codec (cwmp/soap_*.c): the arena, the
 * compact element tree the SAX2 builder produces, and the tables.
 */
#ifndef CWMP_SOAP_INT_H
#define CWMP_SOAP_INT_H

#include <stddef.h>
#include <stdint.h>

#include "cwmp/cwmp.h"

/* ---- arena: bump allocation in chunks, freed all at once ---- */

struct cwmp_arena;

struct cwmp_arena *cwmp_arena_new(size_t first_chunk);
void cwmp_arena_free(struct cwmp_arena *a);
void *cwmp_arena_alloc(struct cwmp_arena *a, size_t size);  /* 8-aligned, not zeroed */
void *cwmp_arena_zalloc(struct cwmp_arena *a, size_t size); /* zeroed */
char *cwmp_arena_strndup(struct cwmp_arena *a, const char *s, size_t len);

/* ---- element tree ---- */

enum xns {
    XNS_NONE = 0, /* no namespace */
    XNS_SOAP_ENV, /* http://schemas.xmlsoap.org/soap/envelope/ */
    XNS_CWMP,     /* urn:dslforum-org:cwmp-1-N; version in cwmp_ver */
    XNS_OTHER,
};

struct xnode {
    const char *name; /* local name (no prefix) */
    const char *text; /* NUL-terminated text of a leaf; "" otherwise */
    size_t text_len;
    const char *xsi_type; /* xsi:type attribute value, or NULL */
    struct xnode *parent;
    struct xnode *child; /* first child element */
    struct xnode *last;  /* last child element */
    struct xnode *next;  /* next sibling element */
    uint32_t n_children;
    uint8_t ns;       /* enum xns */
    uint8_t cwmp_ver; /* enum cwmp_ns_version when ns == XNS_CWMP */
};

/* What the tree builder returns: the root and the first cwmp namespace
 * declared anywhere (a fallback for a method without namespace). */
struct xdoc {
    struct xnode *root;
    int declared_cwmp_ver; /* -1 when none */
};

/* Parses data into a tree allocated in arena; names point into parser
 * memory that stays valid until xtree_release(). Returns a
 * CWMP_SOAP_* status and writes a reason to err. */
struct xparser;
int xtree_parse(const char *data, size_t len, const struct cwmp_soap_limits *limits,
                struct cwmp_arena *arena, struct xdoc *doc, struct xparser **px, char *err,
                size_t errlen);
void xtree_release(struct xparser *px);

/* First child element with local name, or NULL. */
const struct xnode *xnode_child(const struct xnode *n, const char *name);

/* ---- tables (soap_desc.c) ---- */

/* Fault body: fields before this index go in SOAP Fault, the rest in
 * detail/cwmp:Fault. */
#define CWMP_FAULT_SOAP_FIELDS 2

/* snprintf into err when errlen > 0; returns status. */
int cwmp_soap_err(char *err, size_t errlen, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif /* CWMP_SOAP_INT_H */
