/*
 * soap_xml.c - libxml2 SAX2 callbacks that build the compact element tree
 * the SOAP decoder reads (struct xnode, allocated in the message's arena).
 *
 * Safety: the parser never loads anything (XML_PARSE_NONET, no DTD
 * loading, no entity substitution) and a DOCTYPE or entity declaration
 * stops the parse at once, so no entity can ever be expanded (billion
 * laughs, XXE). Depth, element count and text size are bounded.
 */
#include "cwmp/soap_int.h"

#include <limits.h>
#include <pthread.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

static const char soap_env_uri[] = "http://schemas.xmlsoap.org/soap/envelope/";
static const char xsi_uri[] = "http://www.w3.org/2001/XMLSchema-instance";

struct xparser {
    xmlParserCtxtPtr ctxt;
    struct cwmp_arena *arena;
    struct cwmp_soap_limits lim;
    struct xdoc *doc;
    struct xnode *cur; /* open element */
    unsigned depth;
    size_t n_elements;
    struct cwmp_buf text; /* text of the open element so far */
    int status;           /* first error, CWMP_SOAP_OK while fine */
    char *err;
    size_t errlen;
};

/* Stops the parse with our own error; the first error wins. */
static void fail(struct xparser *p, int status, const char *what)
{
    if (p->status == CWMP_SOAP_OK) {
        p->status = status;
        cwmp_soap_err(p->err, p->errlen, status, "%s", what);
    }
    xmlStopParser(p->ctxt);
}

static const char *strip_prefix(const char *name)
{
    const char *colon = strchr(name, ':');
    return colon ? colon + 1 : name;
}

static void classify_ns(struct xnode *n, const xmlChar *uri)
{
    enum cwmp_ns_version v;

    if (!uri) {
        n->ns = XNS_NONE;
    } else if (strcmp((const char *)uri, soap_env_uri) == 0) {
        n->ns = XNS_SOAP_ENV;
    } else if (cwmp_ns_from_uri((const char *)uri, strlen((const char *)uri), &v) == 0) {
        n->ns = XNS_CWMP;
        n->cwmp_ver = (uint8_t)v;
    } else {
        n->ns = XNS_OTHER;
    }
}

/* xsi:type, tolerated with an undeclared or odd prefix. */
static int is_xsi_type(const xmlChar *local, const xmlChar *uri)
{
    const char *l = (const char *)local;
    if (uri && strcmp((const char *)uri, xsi_uri) == 0)
        return strcmp(l, "type") == 0;
    return strcmp(strip_prefix(l), "type") == 0 && (!uri || strchr(l, ':') != NULL);
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nb_ns, const xmlChar **namespaces, int nb_attrs, int nb_defaulted,
                     const xmlChar **attrs)
{
    struct xparser *p = ctx;
    struct xnode *n;
    (void)prefix;
    (void)nb_defaulted;

    if (p->status != CWMP_SOAP_OK)
        return;
    if (++p->depth > p->lim.max_depth) {
        fail(p, CWMP_SOAP_ERR_LIMIT, "elements nested too deep");
        return;
    }
    if (++p->n_elements > p->lim.max_elements) {
        fail(p, CWMP_SOAP_ERR_LIMIT, "too many elements");
        return;
    }
    n = cwmp_arena_zalloc(p->arena, sizeof(*n));
    if (!n) {
        fail(p, CWMP_SOAP_ERR_NOMEM, "out of memory");
        return;
    }
    n->name = strip_prefix((const char *)local); /* dict string, see xtree_release */
    n->text = "";
    classify_ns(n, uri);
    if (p->doc->declared_cwmp_ver < 0) {
        for (int i = 0; i < nb_ns; i++) {
            const char *u = (const char *)namespaces[2 * i + 1];
            enum cwmp_ns_version v;
            if (u && cwmp_ns_from_uri(u, strlen(u), &v) == 0) {
                p->doc->declared_cwmp_ver = (int)v;
                break;
            }
        }
    }
    for (int i = 0; i < nb_attrs; i++) {
        const xmlChar **a = attrs + 5 * i; /* local, prefix, URI, value, end */
        if (is_xsi_type(a[0], a[2])) {
            n->xsi_type = cwmp_arena_strndup(p->arena, (const char *)a[3], (size_t)(a[4] - a[3]));
            if (!n->xsi_type) {
                fail(p, CWMP_SOAP_ERR_NOMEM, "out of memory");
                return;
            }
        }
    }
    n->parent = p->cur;
    if (p->cur) {
        if (p->cur->last)
            p->cur->last->next = n;
        else
            p->cur->child = n;
        p->cur->last = n;
        p->cur->n_children++;
    } else if (!p->doc->root) {
        p->doc->root = n;
    }
    p->cur = n;
    cwmp_buf_reset(&p->text); /* text before a child belongs to no field */
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    struct xparser *p = ctx;
    struct xnode *n = p->cur;
    (void)local;
    (void)prefix;
    (void)uri;

    if (p->status != CWMP_SOAP_OK || !n)
        return;
    if (!n->child && p->text.len > 0) {
        n->text = cwmp_arena_strndup(p->arena, p->text.data, p->text.len);
        if (!n->text) {
            fail(p, CWMP_SOAP_ERR_NOMEM, "out of memory");
            return;
        }
        n->text_len = p->text.len;
    }
    cwmp_buf_reset(&p->text);
    p->cur = n->parent;
    p->depth--;
}

static void on_chars(void *ctx, const xmlChar *ch, int len)
{
    struct xparser *p = ctx;

    if (p->status != CWMP_SOAP_OK || !p->cur || len <= 0)
        return;
    if (p->text.len + (size_t)len > p->lim.max_text) {
        fail(p, CWMP_SOAP_ERR_LIMIT, "element text too long");
        return;
    }
    if (cwmp_buf_append(&p->text, ch, (size_t)len) != 0)
        fail(p, CWMP_SOAP_ERR_NOMEM, "out of memory");
}

/* Any DTD is refused: CWMP never uses one, and refusing it outright is
 * the simplest guarantee against entity expansion and external loads. */
static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext_id,
                               const xmlChar *sys_id)
{
    (void)name;
    (void)ext_id;
    (void)sys_id;
    fail(ctx, CWMP_SOAP_ERR_XML, "DOCTYPE not allowed in a SOAP message");
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
    (void)name;
    (void)type;
    (void)public_id;
    (void)system_id;
    (void)content;
    fail(ctx, CWMP_SOAP_ERR_XML, "entity declaration not allowed in a SOAP message");
}

static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
    (void)ctx;
    (void)name;
    return NULL; /* only the five predefined entities, which libxml2 handles itself */
}

static xmlParserInputPtr on_resolve_entity(void *ctx, const xmlChar *public_id,
                                           const xmlChar *system_id)
{
    (void)public_id;
    (void)system_id;
    fail(ctx, CWMP_SOAP_ERR_XML, "external entity not allowed in a SOAP message");
    return NULL;
}

static void on_error(void *ctx, xmlErrorPtr e)
{
    struct xparser *p = ctx;
    size_t n;

    if (!e || e->level < XML_ERR_ERROR || p->status != CWMP_SOAP_OK)
        return;
    if (e->domain == XML_FROM_NAMESPACE)
        return; /* undeclared prefixes: sloppy CPEs, tolerated */
    p->status = CWMP_SOAP_ERR_XML;
    xmlStopParser(p->ctxt); /* no recovery: the first error ends the parse */
    if (p->err && p->errlen > 0) {
        snprintf(p->err, p->errlen, "XML error at line %d column %d: %s", e->line, e->int2,
                 e->message ? e->message : "malformed");
        n = strlen(p->err);
        while (n > 0 && (p->err[n - 1] == '\n' || p->err[n - 1] == ' '))
            p->err[--n] = '\0';
    }
}

/* Every callback not named here stays NULL: comments, PIs and the like
 * are dropped. */
static xmlSAXHandler sax_handler = {
    .initialized = XML_SAX2_MAGIC,
    .startElementNs = on_start,
    .endElementNs = on_end,
    .characters = on_chars,
    .cdataBlock = on_chars,
    .internalSubset = on_internal_subset,
    .externalSubset = on_internal_subset,
    .entityDecl = on_entity_decl,
    .getEntity = on_get_entity,
    .getParameterEntity = on_get_entity,
    .resolveEntity = on_resolve_entity,
    .serror = on_error,
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* libxml2 2.9's first xmlInitParser() is not thread-safe. */
static void init_libxml2(void)
{
    xmlInitParser();
}

static void limits_fill(struct cwmp_soap_limits *l, const struct cwmp_soap_limits *in)
{
    if (in)
        *l = *in;
    else
        memset(l, 0, sizeof(*l));
    if (!l->max_size)
        l->max_size = CWMP_SOAP_DEFAULT_MAX_SIZE;
    if (!l->max_depth)
        l->max_depth = CWMP_SOAP_DEFAULT_MAX_DEPTH;
    if (!l->max_elements)
        l->max_elements = CWMP_SOAP_DEFAULT_MAX_ELEMENTS;
    if (!l->max_text)
        l->max_text = CWMP_SOAP_DEFAULT_MAX_TEXT;
}

/* Skips from p past the terminator term (a C string); end when absent. */
static const char *skip_past(const char *p, const char *end, const char *term)
{
    size_t tl = strlen(term);

    while ((p = memchr(p, term[0], (size_t)(end - p))) != NULL) {
        if ((size_t)(end - p) < tl)
            break;
        if (memcmp(p, term, tl) == 0)
            return p + tl;
        p++;
    }
    return end;
}

/*
 * libxml2 2.9 checks duplicate attributes pairwise, so one start tag with
 * n attributes costs n^2: 400,000 attributes in 4 MB took minutes. Count
 * them before parsing: a pass that hops from '<' to '<' with memchr,
 * skips comments, CDATA, PIs and end tags whole, and quoted values with
 * memchr, so it costs about a microsecond per 4 KB. Returns 0, or -1 when
 * a start tag has more than max '=' outside quotes.
 */
static int attrs_within(const char *p, size_t len, unsigned max)
{
    const char *end = p + len;

    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        unsigned n = 0;
        p++;
        if (end - p >= 3 && memcmp(p, "!--", 3) == 0) {
            p = skip_past(p + 3, end, "-->");
            continue;
        }
        if (end - p >= 8 && memcmp(p, "![CDATA[", 8) == 0) {
            p = skip_past(p + 8, end, "]]>");
            continue;
        }
        if (p < end && *p == '?') {
            p = skip_past(p + 1, end, "?>");
            continue;
        }
        if (p < end && (*p == '/' || *p == '!'))
            continue; /* end tag; a DOCTYPE is refused by the parser */
        while (p < end && *p != '>') {
            if (*p == '"' || *p == '\'') {
                const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
                if (!q)
                    return 0; /* unterminated: the parser reports it */
                p = q + 1;
                continue;
            }
            if (*p == '=' && ++n > max)
                return -1;
            p++;
        }
    }
    return 0;
}

int xtree_parse(const char *data, size_t len, const struct cwmp_soap_limits *limits,
                struct cwmp_arena *arena, struct xdoc *doc, struct xparser **px, char *err,
                size_t errlen)
{
    struct xparser *p;
    xmlSAXHandlerPtr old_sax;

    *px = NULL;
    doc->root = NULL;
    doc->declared_cwmp_ver = -1;
    p = cwmp_arena_zalloc(arena, sizeof(*p));
    if (!p)
        return cwmp_soap_err(err, errlen, CWMP_SOAP_ERR_NOMEM, "out of memory");
    limits_fill(&p->lim, limits);
    if (len == 0)
        return cwmp_soap_err(err, errlen, CWMP_SOAP_ERR_XML, "empty document");
    if (len > p->lim.max_size || len > INT_MAX)
        return cwmp_soap_err(err, errlen, CWMP_SOAP_ERR_LIMIT,
                             "document of %zu bytes exceeds the limit of %zu", len,
                             p->lim.max_size);
    if (attrs_within(data, len, CWMP_SOAP_MAX_ATTRS) != 0)
        return cwmp_soap_err(err, errlen, CWMP_SOAP_ERR_LIMIT,
                             "an element has more than %u attributes", CWMP_SOAP_MAX_ATTRS);
    pthread_once(&init_once, init_libxml2);
    p->arena = arena;
    p->doc = doc;
    p->err = err;
    p->errlen = errlen;
    p->ctxt = xmlCreateMemoryParserCtxt(data, (int)len);
    if (!p->ctxt)
        return cwmp_soap_err(err, errlen, CWMP_SOAP_ERR_NOMEM, "cannot create XML parser");
    *px = p;
    xmlCtxtUseOptions(p->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    old_sax = p->ctxt->sax;
    p->ctxt->sax = &sax_handler;
    p->ctxt->userData = p;
    xmlParseDocument(p->ctxt);
    p->ctxt->sax = old_sax;
    if (p->status == CWMP_SOAP_OK && !p->ctxt->wellFormed)
        p->status = cwmp_soap_err(err, errlen, CWMP_SOAP_ERR_XML, "malformed XML");
    if (p->status == CWMP_SOAP_OK && !doc->root)
        p->status = cwmp_soap_err(err, errlen, CWMP_SOAP_ERR_XML, "no root element");
    return p->status;
}

void xtree_release(struct xparser *px)
{
    if (!px)
        return;
    cwmp_buf_free(&px->text);
    if (px->ctxt) {
        /* libxml2 builds a document of its own for some broken DTDs even
         * with our SAX callbacks; the context does not free it. */
        if (px->ctxt->myDoc)
            xmlFreeDoc(px->ctxt->myDoc);
        px->ctxt->myDoc = NULL;
        xmlFreeParserCtxt(px->ctxt);
    }
    px->ctxt = NULL;
}

const struct xnode *xnode_child(const struct xnode *n, const char *name)
{
    for (const struct xnode *c = n ? n->child : NULL; c; c = c->next)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}
