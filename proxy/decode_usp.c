/*
 * decode_usp.c - `cwmp2usp-decode usp FILE`: prints a USP Record, and the
 * Msg inside a NoSessionContext Record, as JSON.
 *
 * The JSON is produced by a generic walk over the protobuf-c descriptors,
 * so every field of usp-record.proto / usp-msg.proto appears under its
 * proto name, enums by their names, map<string,string> fields as objects
 * and other bytes as hex. "msg_check" says whether libusp accepts the Msg
 * (usp_msg_decode) and, if not, why.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "proxy/decode.h"
#include "usp/usp.h"
#include "usp/usp-msg.pb-c.h"
#include "usp/usp-record.pb-c.h"

static json_object *pb_to_json(const ProtobufCMessage *m);

static json_object *hex_json(const ProtobufCBinaryData *b)
{
    static const char digits[] = "0123456789abcdef";
    char *s = malloc(b->len * 2 + 1);
    json_object *j;

    if (s == NULL)
        return NULL;
    for (size_t i = 0; i < b->len; i++) {
        s[2 * i] = digits[b->data[i] >> 4];
        s[2 * i + 1] = digits[b->data[i] & 15];
    }
    s[b->len * 2] = '\0';
    j = json_object_new_string(s);
    free(s);
    return j;
}

/* One value of field f stored at p. */
static json_object *value_json(const ProtobufCFieldDescriptor *f, const void *p)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
        return json_object_new_int(*(const int32_t *)p);
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        return json_object_new_int64(*(const uint32_t *)p);
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
        return json_object_new_int64(*(const int64_t *)p);
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64: {
        uint64_t v = *(const uint64_t *)p;
        char buf[24];
        if (v <= INT64_MAX)
            return json_object_new_int64((int64_t)v);
        snprintf(buf, sizeof(buf), "%" PRIu64, v);
        return json_object_new_string(buf);
    }
    case PROTOBUF_C_TYPE_FLOAT:
        return json_object_new_double(*(const float *)p);
    case PROTOBUF_C_TYPE_DOUBLE:
        return json_object_new_double(*(const double *)p);
    case PROTOBUF_C_TYPE_BOOL:
        return json_object_new_boolean(*(const protobuf_c_boolean *)p);
    case PROTOBUF_C_TYPE_ENUM: {
        int v = *(const int *)p;
        const ProtobufCEnumValue *ev = protobuf_c_enum_descriptor_get_value(f->descriptor, v);
        return ev ? json_object_new_string(ev->name) : json_object_new_int(v);
    }
    case PROTOBUF_C_TYPE_STRING: {
        const char *s = *(char *const *)p;
        return json_object_new_string(s ? s : "");
    }
    case PROTOBUF_C_TYPE_BYTES:
        return hex_json(p);
    case PROTOBUF_C_TYPE_MESSAGE: {
        const ProtobufCMessage *sub = *(ProtobufCMessage *const *)p;
        return sub ? pb_to_json(sub) : NULL;
    }
    }
    return NULL;
}

/* map<string,string> fields are repeated messages named ...Entry with key/value. */
static int is_map_entry(const ProtobufCFieldDescriptor *f)
{
    const ProtobufCMessageDescriptor *d = f->descriptor;
    size_t n;

    if (f->type != PROTOBUF_C_TYPE_MESSAGE || d->n_fields != 2)
        return 0;
    n = strlen(d->name);
    return n > 5 && strcmp(d->name + n - 5, "Entry") == 0 &&
           d->fields[0].type == PROTOBUF_C_TYPE_STRING &&
           d->fields[1].type == PROTOBUF_C_TYPE_STRING;
}

static size_t value_size(const ProtobufCFieldDescriptor *f)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        return 8;
    case PROTOBUF_C_TYPE_DOUBLE:
        return sizeof(double);
    case PROTOBUF_C_TYPE_BOOL:
        return sizeof(protobuf_c_boolean);
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_MESSAGE:
        return sizeof(void *);
    case PROTOBUF_C_TYPE_BYTES:
        return sizeof(ProtobufCBinaryData);
    default:
        return 4;
    }
}

static json_object *repeated_json(const ProtobufCFieldDescriptor *f, const char *base)
{
    size_t n = *(const size_t *)(base + f->quantifier_offset);
    const char *arr = *(char *const *)(base + f->offset);

    if (is_map_entry(f)) {
        json_object *obj = json_object_new_object();
        for (size_t i = 0; i < n; i++) {
            const ProtobufCMessage *e = ((ProtobufCMessage *const *)arr)[i];
            const char *eb = (const char *)e;
            const ProtobufCMessageDescriptor *d = e->descriptor;
            const char *k = *(char *const *)(eb + d->fields[0].offset);
            const char *v = *(char *const *)(eb + d->fields[1].offset);
            json_object_object_add(obj, k ? k : "", json_object_new_string(v ? v : ""));
        }
        return obj;
    } else {
        json_object *a = json_object_new_array();
        size_t sz = value_size(f);
        for (size_t i = 0; i < n; i++)
            json_object_array_add(a, value_json(f, arr + i * sz));
        return a;
    }
}

static json_object *pb_to_json(const ProtobufCMessage *m)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    const char *base = (const char *)m;
    json_object *obj = json_object_new_object();

    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            json_object_object_add(obj, f->name, repeated_json(f, base));
            continue;
        }
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
            *(const uint32_t *)(base + f->quantifier_offset) != f->id)
            continue; /* not the member set in this oneof */
        json_object_object_add(obj, f->name, value_json(f, base + f->offset));
    }
    return obj;
}

static int read_file(const char *path, uint8_t **buf, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    size_t cap = 0, n;

    *buf = NULL;
    *len = 0;
    if (f == NULL) {
        fprintf(stderr, "cwmp2usp-decode: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    do {
        if (*len == cap) {
            uint8_t *grown = realloc(*buf, cap = cap ? cap * 2 : 4096);
            if (grown == NULL) {
                fprintf(stderr, "cwmp2usp-decode: out of memory reading %s\n", path);
                free(*buf);
                if (f != stdin)
                    fclose(f);
                return -1;
            }
            *buf = grown;
        }
        n = fread(*buf + *len, 1, cap - *len, f);
        *len += n;
    } while (n > 0);
    if (ferror(f)) {
        fprintf(stderr, "cwmp2usp-decode: cannot read %s: %s\n", path, strerror(errno));
        free(*buf);
        if (f != stdin)
            fclose(f);
        return -1;
    }
    if (f != stdin)
        fclose(f);
    return 0;
}

/* Adds "msg" and "msg_check" for the payload of a NoSessionContext Record. */
static void add_msg(json_object *top, const UspRecord__Record *rec)
{
    const ProtobufCBinaryData *p = &rec->no_session_context->payload;
    Usp__Msg *pb = usp__msg__unpack(NULL, p->len, p->data);
    struct usp_msg *m = NULL;
    struct usp_diag diag;

    json_object_object_add(top, "msg", pb ? pb_to_json(&pb->base) : NULL);
    if (usp_msg_decode(p->data, p->len, &m, &diag) == 0) {
        json_object_object_add(top, "msg_check", json_object_new_string("ok"));
    } else {
        char text[300];
        snprintf(text, sizeof(text), "%d: %s", diag.code, diag.text);
        json_object_object_add(top, "msg_check", json_object_new_string(text));
    }
    usp_msg_free(m);
    if (pb)
        usp__msg__free_unpacked(pb, NULL);
}

int px_decode_usp(const char *path, FILE *out)
{
    uint8_t *buf;
    size_t len;
    UspRecord__Record *rec;
    json_object *top;

    if (read_file(path, &buf, &len) != 0)
        return 1;
    rec = usp_record__record__unpack(NULL, len, buf);
    if (rec == NULL) {
        fprintf(stderr,
                "cwmp2usp-decode: %s is not a USP Record (%zu bytes, protobuf decode failed)\n",
                path, len);
        free(buf);
        return 1;
    }
    top = json_object_new_object();
    json_object_object_add(top, "record", pb_to_json(&rec->base));
    if (rec->record_type_case == USP_RECORD__RECORD__RECORD_TYPE_NO_SESSION_CONTEXT)
        add_msg(top, rec);
    fprintf(out, "%s\n",
            json_object_to_json_string_ext(top, JSON_C_TO_STRING_PRETTY |
                                                    JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(top);
    usp_record__record__free_unpacked(rec, NULL);
    free(buf);
    return 0;
}
