/*
 * soap_write.c - writes typed CWMP messages as SOAP envelopes into a
 * growable buffer, walking the field tables of soap_desc.c.
 *
 * Output style follows the TR-069 examples: SOAP-ENV/SOAP-ENC/xsd/xsi/cwmp
 * prefixes declared on the Envelope, the method element qualified with
 * cwmp:, its arguments unqualified, arrays with SOAP-ENC:arrayType.
 */
#include "cwmp/soap_int.h"

#include <stdio.h>
#include <string.h>

struct wr {
    struct cwmp_buf *b;
    int failed; /* CWMP_SOAP_* status of the first failure */
    char *err;
    size_t errlen;
    const char *where; /* field being written, for errors */
};

static void put(struct wr *w, const char *s, size_t len)
{
    if (!w->failed && cwmp_buf_append(w->b, s, len) != 0)
        w->failed = cwmp_soap_err(w->err, w->errlen, CWMP_SOAP_ERR_NOMEM, "out of memory");
}

static void puts_(struct wr *w, const char *s)
{
    put(w, s, strlen(s));
}

/* Length of a valid UTF-8 sequence starting at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len;
    uint32_t cp;

    if (s[0] < 0xC2 || s[0] > 0xF4)
        return 0;
    len = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    if (n < len)
        return 0;
    cp = s[0] & (0x7Fu >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || cp >= 0xFFFE)) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

/* Bytes that go out as they are: printable ASCII except markup. */
static int plain(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>';
}

/* Text content, XML-escaped. Characters XML 1.0 cannot carry (controls,
 * invalid UTF-8) are an error rather than silently altered data. */
static void put_text(struct wr *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *run = p;
    size_t rest = strlen(s), n;

    while (rest > 0) {
        const char *rep = NULL;
        if (plain(*p)) {
            p++;
            rest--;
            continue;
        }
        if (*p >= 0x80) {
            n = utf8_len(p, rest);
            if (n == 0)
                goto bad;
            p += n;
            rest -= n;
            continue;
        }
        switch (*p) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '\r':
            rep = "&#13;"; /* survives end-of-line normalisation */
            break;
        case '\t':
        case '\n':
            break;
        default:
            goto bad; /* other controls */
        }
        if (rep) {
            put(w, (const char *)run, (size_t)(p - run));
            puts_(w, rep);
            run = p + 1;
        }
        p++;
        rest--;
    }
    put(w, (const char *)run, (size_t)(p - run));
    return;
bad:
    if (!w->failed)
        w->failed =
            cwmp_soap_err(w->err, w->errlen, CWMP_SOAP_ERR_ARGS,
                          "%s: byte 0x%02x at offset %zu cannot be written in XML",
                          w->where ? w->where : "text", *p, (size_t)(p - (const unsigned char *)s));
}

/* pre + name + post with one reservation: tags are most of the output. */
static void tag(struct wr *w, const char *pre, size_t pl, const char *name, const char *post,
                size_t ql)
{
    size_t nl = strlen(name);
    char *d;

    if (w->failed)
        return;
    if (cwmp_buf_reserve(w->b, pl + nl + ql) != 0) {
        w->failed = cwmp_soap_err(w->err, w->errlen, CWMP_SOAP_ERR_NOMEM, "out of memory");
        return;
    }
    d = w->b->data + w->b->len;
    memcpy(d, pre, pl);
    memcpy(d + pl, name, nl);
    memcpy(d + pl + nl, post, ql);
    w->b->len += pl + nl + ql;
    w->b->data[w->b->len] = '\0';
}

static void open_tag(struct wr *w, const char *name)
{
    tag(w, "<", 1, name, ">", 1);
}

static void close_tag(struct wr *w, const char *name)
{
    tag(w, "</", 2, name, ">\n", 2);
}

static void leaf(struct wr *w, const char *name, const char *text)
{
    open_tag(w, name);
    if (text)
        put_text(w, text);
    close_tag(w, name);
}

static void leaf_num(struct wr *w, const char *name, long long v)
{
    char num[32];
    snprintf(num, sizeof(num), "%lld", v);
    open_tag(w, name);
    puts_(w, num);
    close_tag(w, name);
}

static void write_struct(struct wr *w, const struct cwmp_struct_desc *desc, const char *base,
                         size_t from, size_t to);

static void write_array(struct wr *w, const struct cwmp_field *f, const char *base)
{
    const char *items = *(const char *const *)(const void *)(base + f->offset);
    size_t n = *(const size_t *)(const void *)(base + f->aux_offset);
    const char *item_name = f->sub ? f->sub->name : f->item_name;
    char attr[160];

    if (n > 0 && !items) {
        w->failed = cwmp_soap_err(w->err, w->errlen, CWMP_SOAP_ERR_ARGS,
                                  "%s: %zu items but no array", f->name, n);
        return;
    }
    snprintf(attr, sizeof(attr), "<%s SOAP-ENC:arrayType=\"%s:%s[%zu]\">\n", f->name,
             f->sub ? "cwmp" : "xsd", f->sub ? f->sub->name : "string", n);
    puts_(w, attr);
    for (size_t i = 0; i < n && !w->failed; i++) {
        if (!f->sub) {
            leaf(w, item_name, ((const char *const *)(const void *)items)[i]);
            continue;
        }
        const char *item = items + i * f->sub->size;
        if (f->sub->n_variants) {
            int v = *(const int *)(const void *)(item + f->sub->variant_offset);
            if (v < 0 || (size_t)v >= f->sub->n_variants) {
                w->failed =
                    cwmp_soap_err(w->err, w->errlen, CWMP_SOAP_ERR_ARGS,
                                  "%s[%zu]: unknown %s kind %d", f->name, i, f->sub->name, v);
                return;
            }
            snprintf(attr, sizeof(attr), "<%s xsi:type=\"cwmp:%s\">\n", item_name,
                     f->sub->variant_names[v]);
            puts_(w, attr);
        } else {
            open_tag(w, item_name);
            put(w, "\n", 1);
        }
        write_struct(w, f->sub, item, 0, f->sub->n_fields);
        close_tag(w, item_name);
    }
    close_tag(w, f->name);
}

static void write_field(struct wr *w, const struct cwmp_field *f, const char *base)
{
    const void *p = base + f->offset;
    char open[96];
    enum cwmp_type t;

    w->where = f->name;
    switch (f->kind) {
    case CWMP_FIELD_STRING:
    case CWMP_FIELD_DATETIME:
        leaf(w, f->name, *(const char *const *)p);
        break;
    case CWMP_FIELD_INT:
        leaf_num(w, f->name, *(const int *)p);
        break;
    case CWMP_FIELD_UINT:
        leaf_num(w, f->name, (long long)*(const uint32_t *)p);
        break;
    case CWMP_FIELD_BOOL:
        leaf(w, f->name, *(const int *)p ? "true" : "false");
        break;
    case CWMP_FIELD_VALUE:
        t = *(const enum cwmp_type *)(const void *)(base + f->aux_offset);
        snprintf(open, sizeof(open), "<%s xsi:type=\"%s\">", f->name, cwmp_type_name(t));
        puts_(w, open);
        if (*(const char *const *)p)
            put_text(w, *(const char *const *)p);
        close_tag(w, f->name);
        break;
    case CWMP_FIELD_STRUCT:
        open_tag(w, f->name);
        put(w, "\n", 1);
        write_struct(w, f->sub, (const char *)p, 0, f->sub->n_fields);
        close_tag(w, f->name);
        break;
    case CWMP_FIELD_ARRAY:
        write_array(w, f, base);
        break;
    case CWMP_FIELD_REPEAT: {
        const char *items = *(const char *const *)p;
        size_t n = *(const size_t *)(const void *)(base + f->aux_offset);
        if (n > 0 && !items) {
            w->failed = cwmp_soap_err(w->err, w->errlen, CWMP_SOAP_ERR_ARGS,
                                      "%s: %zu items but no array", f->name, n);
            break;
        }
        for (size_t i = 0; i < n && !w->failed; i++) {
            open_tag(w, f->name);
            put(w, "\n", 1);
            write_struct(w, f->sub, items + i * f->sub->size, 0, f->sub->n_fields);
            close_tag(w, f->name);
        }
        break;
    }
    }
}

static void write_struct(struct wr *w, const struct cwmp_struct_desc *desc, const char *base,
                         size_t from, size_t to)
{
    unsigned mask = ~0u;

    if (desc->n_variants)
        mask = 1u << *(const int *)(const void *)(base + desc->variant_offset);
    for (size_t i = from; i < to && !w->failed; i++) {
        const struct cwmp_field *f = &desc->fields[i];
        if (f->variants && !(f->variants & mask))
            continue;
        write_field(w, f, base);
    }
}

/* TR-069 A.5.1: which party is at fault. */
const char *cwmp_fault_soap_code(int code)
{
    switch (code) {
    case 8003: /* Invalid arguments */
    case 9003:
    case 9005: /* Invalid parameter name */
    case 9006: /* Invalid parameter type */
    case 9007: /* Invalid parameter value */
    case 9008: /* Attempt to set a non-writable parameter */
    case 9021: /* Cancelation not permitted */
    case 9022: /* Invalid UUID format */
    case 9023: /* Unknown execution environment */
    case 9028: /* Unknown deployment unit */
    case 9030: /* Invalid deployment unit update: downgrade */
    case 9031: /* Invalid deployment unit update: version not specified */
    case 9032: /* Invalid deployment unit update: version exists */
        return "Client";
    default:
        return "Server";
    }
}

static void write_fault(struct wr *w, const struct cwmp_struct_desc *desc,
                        const struct cwmp_fault *f)
{
    struct cwmp_fault copy = *f;

    if (!copy.faultcode)
        copy.faultcode = cwmp_fault_soap_code(f->code);
    if (!copy.faultstring)
        copy.faultstring = "CWMP fault";
    if (!copy.string)
        copy.string = cwmp_fault_string(f->code) ? cwmp_fault_string(f->code) : "";
    puts_(w, "<SOAP-ENV:Fault>\n");
    write_struct(w, desc, (const char *)&copy, 0, CWMP_FAULT_SOAP_FIELDS);
    puts_(w, "<detail>\n<cwmp:Fault>\n");
    write_struct(w, desc, (const char *)&copy, CWMP_FAULT_SOAP_FIELDS, desc->n_fields);
    puts_(w, "</cwmp:Fault>\n</detail>\n</SOAP-ENV:Fault>\n");
}

static void write_header(struct wr *w, const struct cwmp_msg *m)
{
    if (!m->id && !m->hold_requests && !m->no_more_requests && !m->session_timeout &&
        !m->supported_cwmp_versions && !m->use_cwmp_version)
        return;
    puts_(w, "<SOAP-ENV:Header>\n");
    if (m->id) {
        w->where = "cwmp:ID";
        puts_(w, "<cwmp:ID SOAP-ENV:mustUnderstand=\"1\">");
        put_text(w, m->id);
        puts_(w, "</cwmp:ID>\n");
    }
    if (m->hold_requests)
        puts_(w, "<cwmp:HoldRequests SOAP-ENV:mustUnderstand=\"1\">true</cwmp:HoldRequests>\n");
    if (m->no_more_requests)
        puts_(w, "<cwmp:NoMoreRequests>true</cwmp:NoMoreRequests>\n");
    if (m->session_timeout)
        leaf_num(w, "cwmp:SessionTimeout", (long long)m->session_timeout);
    if (m->supported_cwmp_versions) {
        w->where = "cwmp:SupportedCWMPVersions";
        leaf(w, "cwmp:SupportedCWMPVersions", m->supported_cwmp_versions);
    }
    if (m->use_cwmp_version) {
        w->where = "cwmp:UseCWMPVersion";
        leaf(w, "cwmp:UseCWMPVersion", m->use_cwmp_version);
    }
    puts_(w, "</SOAP-ENV:Header>\n");
}

int cwmp_msg_write(const struct cwmp_msg *msg, struct cwmp_buf *out, char *err, size_t errlen)
{
    const struct cwmp_struct_desc *desc = cwmp_msg_body_desc(msg->type);
    const char *ns = cwmp_ns_uri(msg->ns_version);
    const char *name = cwmp_msg_type_name(msg->type);
    size_t start = out->len;
    struct wr w = {out, 0, err, errlen, NULL};

    if (err && errlen)
        err[0] = '\0';
    if (!desc || !name)
        return cwmp_soap_err(err, errlen, CWMP_SOAP_ERR_ARGS, "cannot write message type %d",
                             (int)msg->type);
    if (!ns)
        return cwmp_soap_err(err, errlen, CWMP_SOAP_ERR_ARGS, "bad cwmp namespace version %d",
                             (int)msg->ns_version);
    (void)cwmp_buf_reserve(out, 1024);
    puts_(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<SOAP-ENV:Envelope"
              " xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\""
              " xmlns:SOAP-ENC=\"http://schemas.xmlsoap.org/soap/encoding/\""
              " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
              " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
              " xmlns:cwmp=\"");
    puts_(&w, ns);
    puts_(&w, "\">\n");
    write_header(&w, msg);
    puts_(&w, "<SOAP-ENV:Body>\n");
    if (msg->type == CWMP_MSG_FAULT) {
        write_fault(&w, desc, &msg->body.fault);
    } else {
        puts_(&w, "<cwmp:");
        puts_(&w, name);
        puts_(&w, ">\n");
        if (msg->type == CWMP_MSG_INFORM_RESPONSE && msg->body.inform_resp.max_envelopes == 0) {
            struct cwmp_inform_response one = {1}; /* TR-069 A.3.3.1: MUST be 1 */
            write_struct(&w, desc, (const char *)&one, 0, desc->n_fields);
        } else {
            write_struct(&w, desc, (const char *)&msg->body, 0, desc->n_fields);
        }
        puts_(&w, "</cwmp:");
        puts_(&w, name);
        puts_(&w, ">\n");
    }
    puts_(&w, "</SOAP-ENV:Body>\n</SOAP-ENV:Envelope>\n");
    if (w.failed) {
        out->len = start; /* leave out as it was */
        if (out->data)
            out->data[start] = '\0';
        return w.failed;
    }
    return CWMP_SOAP_OK;
}

int cwmp_write_fault(struct cwmp_buf *out, enum cwmp_ns_version ns, const char *id, int code,
                     const char *string, char *err, size_t errlen)
{
    struct cwmp_msg m;

    memset(&m, 0, sizeof(m));
    m.type = CWMP_MSG_FAULT;
    m.ns_version = ns;
    m.id = id;
    m.body.fault.code = code;
    m.body.fault.string = string;
    return cwmp_msg_write(&m, out, err, errlen);
}
