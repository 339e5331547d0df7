/*
 * decode_soap.c - `cwmp2usp-decode soap FILE`: parses a CWMP SOAP envelope
 * with libcwmp and prints it as JSON.
 *
 * The body is printed by a generic walk over the codec's own field tables
 * (cwmp_msg_body_desc), so every field appears under its TR-069 element
 * name; a parameter Value is followed by its xsi:type as "Type", and a
 * variant struct (ChangeDUState operations) names its variant in "Type".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cwmp/cwmp.h"
#include "proxy/decode.h"

static json_object *struct_json(const struct cwmp_struct_desc *desc, const char *base);

static json_object *str_json(const char *s)
{
    return s ? json_object_new_string(s) : NULL; /* absent element: null */
}

static json_object *array_json(const struct cwmp_field *f, const char *base)
{
    const char *items = *(const char *const *)(const void *)(base + f->offset);
    size_t n = *(const size_t *)(const void *)(base + f->aux_offset);
    json_object *a = json_object_new_array();

    for (size_t i = 0; i < n; i++) {
        if (f->sub)
            json_object_array_add(a, struct_json(f->sub, items + i * f->sub->size));
        else
            json_object_array_add(a, str_json(((const char *const *)(const void *)items)[i]));
    }
    return a;
}

static void add_field(json_object *o, const struct cwmp_field *f, const char *base)
{
    const void *p = base + f->offset;

    switch (f->kind) {
    case CWMP_FIELD_STRING:
    case CWMP_FIELD_DATETIME:
        json_object_object_add(o, f->name, str_json(*(const char *const *)p));
        break;
    case CWMP_FIELD_INT:
        json_object_object_add(o, f->name, json_object_new_int(*(const int *)p));
        break;
    case CWMP_FIELD_UINT:
        json_object_object_add(o, f->name, json_object_new_int64(*(const uint32_t *)p));
        break;
    case CWMP_FIELD_BOOL:
        json_object_object_add(o, f->name, json_object_new_boolean(*(const int *)p));
        break;
    case CWMP_FIELD_VALUE:
        json_object_object_add(o, f->name, str_json(*(const char *const *)p));
        json_object_object_add(o, "Type",
                               json_object_new_string(cwmp_type_name(
                                   *(const enum cwmp_type *)(const void *)(base + f->aux_offset))));
        break;
    case CWMP_FIELD_STRUCT:
        json_object_object_add(o, f->name, struct_json(f->sub, (const char *)p));
        break;
    case CWMP_FIELD_ARRAY:
    case CWMP_FIELD_REPEAT:
        json_object_object_add(o, f->name, array_json(f, base));
        break;
    }
}

static json_object *struct_json(const struct cwmp_struct_desc *desc, const char *base)
{
    json_object *o = json_object_new_object();
    unsigned mask = ~0u;

    if (desc->n_variants) {
        int v = *(const int *)(const void *)(base + desc->variant_offset);
        json_object_object_add(o, "Type", json_object_new_string(desc->variant_names[v]));
        mask = 1u << v;
    }
    for (size_t i = 0; i < desc->n_fields; i++) {
        const struct cwmp_field *f = &desc->fields[i];
        if (!f->variants || (f->variants & mask))
            add_field(o, f, base);
    }
    return o;
}

static json_object *msg_json(const struct cwmp_msg *m)
{
    json_object *o = json_object_new_object(), *h = json_object_new_object();
    char version[8];

    snprintf(version, sizeof(version), "1.%d", (int)m->ns_version);
    json_object_object_add(o, "type", json_object_new_string(cwmp_msg_type_name(m->type)));
    json_object_object_add(o, "cwmp_version", json_object_new_string(version));
    json_object_object_add(o, "namespace", json_object_new_string(cwmp_ns_uri(m->ns_version)));
    json_object_object_add(h, "ID", str_json(m->id));
    json_object_object_add(h, "HoldRequests", json_object_new_boolean(m->hold_requests));
    json_object_object_add(h, "NoMoreRequests", json_object_new_boolean(m->no_more_requests));
    if (m->session_timeout)
        json_object_object_add(h, "SessionTimeout", json_object_new_int64(m->session_timeout));
    if (m->supported_cwmp_versions)
        json_object_object_add(h, "SupportedCWMPVersions", str_json(m->supported_cwmp_versions));
    if (m->use_cwmp_version)
        json_object_object_add(h, "UseCWMPVersion", str_json(m->use_cwmp_version));
    json_object_object_add(o, "header", h);
    json_object_object_add(o, "body",
                           struct_json(cwmp_msg_body_desc(m->type), (const char *)&m->body));
    return o;
}

/* Reads the whole file (or stdin for "-"). 0, or -1 with errno set. */
static int read_file(const char *path, char **data, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    size_t cap = 0, n;
    char *buf = NULL, *p;
    int e = 0;

    *len = 0;
    if (!f)
        return -1;
    do {
        if (*len == cap) {
            cap = cap ? cap * 2 : 65536;
            if (cap > 2 * (size_t)CWMP_SOAP_DEFAULT_MAX_SIZE) {
                e = EFBIG;
                break;
            }
            if (!(p = realloc(buf, cap))) {
                e = ENOMEM;
                break;
            }
            buf = p;
        }
        n = fread(buf + *len, 1, cap - *len, f);
        *len += n;
    } while (n > 0);
    if (!e && ferror(f))
        e = EIO;
    if (f != stdin)
        fclose(f);
    if (e) {
        free(buf);
        errno = e;
        return -1;
    }
    *data = buf;
    return 0;
}

int px_decode_soap(const char *path, FILE *out)
{
    char *data = NULL, err[256];
    size_t len;
    struct cwmp_msg *m = NULL;
    json_object *j;
    int rc;

    errno = 0;
    if (read_file(path, &data, &len) != 0) {
        fprintf(stderr, "cwmp2usp-decode: %s: %s\n", path, strerror(errno));
        return 1;
    }
    rc = cwmp_msg_parse(data, len, NULL, &m, err, sizeof(err));
    free(data);
    if (rc != CWMP_SOAP_OK) {
        fprintf(stderr, "cwmp2usp-decode: %s: not a valid CWMP message: %s\n", path, err);
        cwmp_msg_free(m);
        return 1;
    }
    j = msg_json(m);
    fprintf(out, "%s\n",
            json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                  JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(j);
    cwmp_msg_free(m);
    return 0;
}
