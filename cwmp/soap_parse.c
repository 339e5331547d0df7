/*
 * soap_parse.c - decodes the element tree of a SOAP envelope into a typed
 * CWMP message by walking the field tables of soap_desc.c.
 *
 * Tolerance for real CPEs: elements are matched by local name in any or no
 * namespace, unknown elements are skipped, a missing element leaves its
 * field at zero/NULL, an empty numeric element reads as 0, arrayType is
 * never required, booleans accept any case. What is present and cannot be
 * read (a number that is not one) is an argument error.
 */
#include "cwmp/soap_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct dec {
    struct cwmp_arena *arena;
    const char *method; /* for error messages */
    char *err;
    size_t errlen;
};

static int arg_error(struct dec *d, const struct cwmp_field *f, const struct xnode *n,
                     const char *what)
{
    return cwmp_soap_err(d->err, d->errlen, CWMP_SOAP_ERR_ARGS, "%s: %s \"%.40s\" is not %s",
                         d->method, f->name, n->text, what);
}

static int is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return 0;
    return 1;
}

static int read_number(struct dec *d, const struct cwmp_field *f, const struct xnode *n, char *base)
{
    enum cwmp_type t = f->kind == CWMP_FIELD_INT ? CWMP_TYPE_INT : CWMP_TYPE_UNSIGNED_INT;
    char *end;

    if (is_blank(n->text)) { /* sloppy CPEs send <RetryCount></RetryCount> */
        if (f->kind == CWMP_FIELD_INT)
            *(int *)(base + f->offset) = 0;
        else
            *(uint32_t *)(base + f->offset) = 0;
        return 0;
    }
    if (cwmp_value_check(t, n->text, n->text_len, NULL) != 0)
        return arg_error(d, f, n, f->kind == CWMP_FIELD_INT ? "an int" : "an unsignedInt");
    errno = 0;
    if (f->kind == CWMP_FIELD_INT)
        *(int *)(base + f->offset) = (int)strtol(n->text, &end, 10);
    else
        *(uint32_t *)(base + f->offset) = (uint32_t)strtoul(n->text, &end, 10);
    return 0;
}

static int read_bool(struct dec *d, const struct cwmp_field *f, const struct xnode *n, char *base)
{
    const char *s = n->text;
    size_t len = n->text_len;
    int b = 0;

    while (len && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
        s++, len--;
    while (len &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n'))
        len--;
    if (len == 0)
        b = 0;
    else if (cwmp_value_bool(s, len, &b) == 0)
        ;
    else if (len == 4 && strncasecmp(s, "true", 4) == 0)
        b = 1;
    else if (len == 5 && strncasecmp(s, "false", 5) == 0)
        b = 0;
    else
        return arg_error(d, f, n, "a boolean");
    *(int *)(base + f->offset) = b;
    return 0;
}

static int decode_struct(struct dec *d, const struct xnode *n, const struct cwmp_struct_desc *desc,
                         char *base);

static size_t count_children(const struct xnode *n)
{
    return n->n_children;
}

static int decode_array(struct dec *d, const struct cwmp_field *f, const struct xnode *n,
                        char *base)
{
    size_t count = count_children(n), i = 0;
    size_t item = f->sub ? f->sub->size : sizeof(const char *);
    char *items = NULL;
    int rc;

    if (count > 0) {
        items = cwmp_arena_zalloc(d->arena, count * item);
        if (!items)
            return cwmp_soap_err(d->err, d->errlen, CWMP_SOAP_ERR_NOMEM, "out of memory");
    }
    for (const struct xnode *c = n->child; c; c = c->next, i++) {
        if (!f->sub) {
            ((const char **)(void *)items)[i] = c->text;
        } else if ((rc = decode_struct(d, c, f->sub, items + i * item)) != 0) {
            return rc;
        }
    }
    *(void **)(base + f->offset) = items;
    *(size_t *)(base + f->aux_offset) = count;
    return 0;
}

/* REPEAT: every child of parent named f->name becomes one item. */
static int decode_repeat(struct dec *d, const struct cwmp_field *f, const struct xnode *parent,
                         char *base)
{
    size_t count = 0, i = 0;
    char *items;
    int rc;

    for (const struct xnode *c = parent->child; c; c = c->next)
        count += strcmp(c->name, f->name) == 0;
    if (count == 0)
        return 0;
    items = cwmp_arena_zalloc(d->arena, count * f->sub->size);
    if (!items)
        return cwmp_soap_err(d->err, d->errlen, CWMP_SOAP_ERR_NOMEM, "out of memory");
    for (const struct xnode *c = parent->child; c; c = c->next) {
        if (strcmp(c->name, f->name) != 0)
            continue;
        if ((rc = decode_struct(d, c, f->sub, items + i++ * f->sub->size)) != 0)
            return rc;
    }
    *(void **)(base + f->offset) = items;
    *(size_t *)(base + f->aux_offset) = count;
    return 0;
}

static int decode_field(struct dec *d, const struct cwmp_field *f, const struct xnode *n,
                        char *base)
{
    enum cwmp_type t;

    switch (f->kind) {
    case CWMP_FIELD_STRING:
    case CWMP_FIELD_DATETIME:
        *(const char **)(base + f->offset) = n->text;
        return 0;
    case CWMP_FIELD_INT:
    case CWMP_FIELD_UINT:
        return read_number(d, f, n, base);
    case CWMP_FIELD_BOOL:
        return read_bool(d, f, n, base);
    case CWMP_FIELD_VALUE:
        /* A missing or foreign xsi:type reads as string (TR-069 A.3.2.1). */
        t = CWMP_TYPE_STRING;
        if (n->xsi_type)
            (void)cwmp_type_from_name(n->xsi_type, strlen(n->xsi_type), &t);
        *(const char **)(base + f->offset) = n->text;
        *(enum cwmp_type *)(base + f->aux_offset) = t;
        return 0;
    case CWMP_FIELD_STRUCT:
        return decode_struct(d, n, f->sub, base + f->offset);
    case CWMP_FIELD_ARRAY:
        return decode_array(d, f, n, base);
    case CWMP_FIELD_REPEAT:
        return 0; /* handled per parent in decode_struct */
    }
    return 0;
}

/* The variant of a struct item from its xsi:type, or failing that from
 * its element name (<InstallOpStruct>); -1 when neither names one. */
static int find_variant(const struct xnode *n, const struct cwmp_struct_desc *desc)
{
    const char *names[2] = {n->xsi_type, n->name};
    for (int k = 0; k < 2; k++) {
        const char *s = names[k];
        if (!s)
            continue;
        if (strchr(s, ':'))
            s = strchr(s, ':') + 1;
        for (size_t i = 0; i < desc->n_variants; i++)
            if (strcmp(s, desc->variant_names[i]) == 0)
                return (int)i;
    }
    return -1;
}

static int decode_struct(struct dec *d, const struct xnode *n, const struct cwmp_struct_desc *desc,
                         char *base)
{
    unsigned mask = ~0u;
    int rc;

    if (desc->n_variants) {
        int v = find_variant(n, desc);
        if (v < 0)
            return cwmp_soap_err(d->err, d->errlen, CWMP_SOAP_ERR_ARGS,
                                 "%s: %s item has no known type (xsi:type \"%.40s\")", d->method,
                                 desc->name, n->xsi_type ? n->xsi_type : "");
        *(int *)(base + desc->variant_offset) = v;
        mask = 1u << v;
    }
    for (size_t i = 0; i < desc->n_fields; i++) {
        const struct cwmp_field *f = &desc->fields[i];
        if (f->kind == CWMP_FIELD_REPEAT && (rc = decode_repeat(d, f, n, base)) != 0)
            return rc;
    }
    for (const struct xnode *c = n->child; c; c = c->next) {
        for (size_t i = 0; i < desc->n_fields; i++) {
            const struct cwmp_field *f = &desc->fields[i];
            if ((f->variants && !(f->variants & mask)) || strcmp(f->name, c->name) != 0)
                continue;
            if ((rc = decode_field(d, f, c, base)) != 0)
                return rc;
            break;
        }
    }
    return 0;
}

/* ---- envelope ---- */

static int read_header_bool(const struct xnode *n)
{
    int b = 0;
    const char *s = n->text;
    size_t len = n->text_len;

    while (len && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
        s++, len--;
    while (len &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n'))
        len--;
    if (cwmp_value_bool(s, len, &b) == 0)
        return b;
    return len == 4 && strncasecmp(s, "true", 4) == 0;
}

/* TR-069 A.4.3: cwmp:ID, HoldRequests, NoMoreRequests, SessionTimeout,
 * SupportedCWMPVersions, UseCWMPVersion. Unknown headers are ignored. */
static int decode_header(struct cwmp_msg *m, const struct xnode *hdr, int *id_ver)
{
    for (const struct xnode *c = hdr ? hdr->child : NULL; c; c = c->next) {
        if (strcmp(c->name, "ID") == 0) {
            m->id = c->text;
            if (c->ns == XNS_CWMP)
                *id_ver = c->cwmp_ver;
        } else if (strcmp(c->name, "HoldRequests") == 0) {
            m->hold_requests = read_header_bool(c);
        } else if (strcmp(c->name, "NoMoreRequests") == 0) {
            m->no_more_requests = read_header_bool(c);
        } else if (strcmp(c->name, "SessionTimeout") == 0) {
            if (cwmp_value_check(CWMP_TYPE_UNSIGNED_INT, c->text, c->text_len, NULL) == 0)
                m->session_timeout = (uint32_t)strtoul(c->text, NULL, 10);
        } else if (strcmp(c->name, "SupportedCWMPVersions") == 0) {
            m->supported_cwmp_versions = c->text;
        } else if (strcmp(c->name, "UseCWMPVersion") == 0) {
            m->use_cwmp_version = c->text;
        }
    }
    return 0;
}

static int decode_fault(struct dec *d, const struct xnode *method,
                        const struct cwmp_struct_desc *desc, char *base)
{
    struct cwmp_fault *f = (struct cwmp_fault *)(void *)base;
    const struct xnode *detail = xnode_child(method, "detail");
    const struct xnode *cf = detail ? xnode_child(detail, "Fault") : NULL;
    int rc;

    if ((rc = decode_struct(d, method, desc, base)) != 0)
        return rc;
    /* A bare SOAP Fault (no cwmp:Fault detail) is still the answer to the
     * request: kept, with code 0 and faultstring saying what happened. */
    if (cf && (rc = decode_struct(d, cf, desc, base)) != 0)
        return rc;
    if (f->faultcode && strchr(f->faultcode, ':')) /* "SOAP-ENV:Client" -> "Client" */
        f->faultcode = strchr(f->faultcode, ':') + 1;
    return 0;
}

static int decode_envelope(struct cwmp_msg *m, const struct xdoc *doc, struct dec *d)
{
    const struct xnode *env = doc->root, *hdr, *body, *method;
    const struct cwmp_struct_desc *desc;
    enum cwmp_msg_type type;
    int id_ver = -1, rc;

    if (strcmp(env->name, "Envelope") != 0)
        return cwmp_soap_err(d->err, d->errlen, CWMP_SOAP_ERR_ENVELOPE,
                             "root element is <%.40s>, not a SOAP Envelope", env->name);
    hdr = xnode_child(env, "Header");
    body = xnode_child(env, "Body");
    if (!body)
        return cwmp_soap_err(d->err, d->errlen, CWMP_SOAP_ERR_ENVELOPE,
                             "SOAP Envelope without Body");
    method = body->child;
    if (!method)
        return cwmp_soap_err(d->err, d->errlen, CWMP_SOAP_ERR_ENVELOPE, "SOAP Body is empty");
    decode_header(m, hdr, &id_ver);
    m->method = method->name;
    d->method = method->name;

    /* The version the peer used: the method's namespace, else the ID's,
     * else the first cwmp namespace declared, else 1-0. */
    if (method->ns == XNS_CWMP)
        m->ns_version = method->cwmp_ver;
    else if (id_ver >= 0)
        m->ns_version = (enum cwmp_ns_version)id_ver;
    else if (doc->declared_cwmp_ver >= 0)
        m->ns_version = (enum cwmp_ns_version)doc->declared_cwmp_ver;
    else
        m->ns_version = CWMP_NS_1_0;

    if (cwmp_msg_type_from_name(method->name, strlen(method->name), &type) != 0)
        return cwmp_soap_err(d->err, d->errlen, CWMP_SOAP_ERR_METHOD, "unknown method %.60s",
                             method->name);
    m->type = type;
    desc = cwmp_msg_body_desc(type);
    if (type == CWMP_MSG_FAULT)
        rc = decode_fault(d, method, desc, (char *)&m->body);
    else
        rc = decode_struct(d, method, desc, (char *)&m->body);
    return rc;
}

int cwmp_msg_parse(const char *data, size_t len, const struct cwmp_soap_limits *limits,
                   struct cwmp_msg **out, char *err, size_t errlen)
{
    struct cwmp_arena *arena;
    struct cwmp_msg *m;
    struct xparser *px = NULL;
    struct xdoc doc;
    struct dec d;
    int rc;

    *out = NULL;
    if (err && errlen)
        err[0] = '\0';
    /* One chunk sized to the document usually holds the whole tree. */
    arena = cwmp_arena_new(len < 1024 * 1024 ? len * 2 + 1024 : 2 * 1024 * 1024);
    if (!arena)
        return cwmp_soap_err(err, errlen, CWMP_SOAP_ERR_NOMEM, "out of memory");
    m = cwmp_arena_zalloc(arena, sizeof(*m));
    if (!m) {
        cwmp_arena_free(arena);
        return cwmp_soap_err(err, errlen, CWMP_SOAP_ERR_NOMEM, "out of memory");
    }
    m->arena = arena;
    rc = xtree_parse(data, len, limits, arena, &doc, &px, err, errlen);
    if (rc == CWMP_SOAP_OK) {
        d.arena = arena;
        d.method = "";
        d.err = err;
        d.errlen = errlen;
        rc = decode_envelope(m, &doc, &d);
        /* Names point into the parser's dictionary: copy the one we keep. */
        if (m->method &&
            (rc == CWMP_SOAP_OK || rc == CWMP_SOAP_ERR_METHOD || rc == CWMP_SOAP_ERR_ARGS)) {
            m->method = cwmp_arena_strndup(arena, m->method, strlen(m->method));
            if (!m->method)
                rc = cwmp_soap_err(err, errlen, CWMP_SOAP_ERR_NOMEM, "out of memory");
        }
    }
    xtree_release(px);
    if (rc == CWMP_SOAP_OK || rc == CWMP_SOAP_ERR_METHOD || rc == CWMP_SOAP_ERR_ARGS) {
        if (rc == CWMP_SOAP_ERR_METHOD)
            m->type = CWMP_MSG_UNKNOWN;
        *out = m;
        return rc;
    }
    cwmp_arena_free(arena);
    return rc;
}
