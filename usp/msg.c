/*
 * msg.c - USP Msg as a whole: message types, decode with shape checks,
 * encode, free, and the protobuf-c growing helpers the msg_*.c files use.
 *
 * TR-369 "Messages": every Msg has a Header (msg_id, msg_type) and a Body
 * that is a Request, a Response or an Error; the body must match the type.
 */
#include "usp/msg_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usp/error.h"

enum body_kind { BODY_REQUEST = 1, BODY_RESPONSE = 2, BODY_ERROR = 3 };

struct type_info {
    const char *name;
    enum body_kind body;
    unsigned field; /* number of the member in Request / Response */
    const ProtobufCMessageDescriptor *desc;
};

/* Indexed by enum usp_msg_type (Header.MsgType). */
static const struct type_info types[USP_MSG_TYPE_MAX + 1] = {
    [USP_MSG_ERROR] = {"ERROR", BODY_ERROR, 3, &usp__error__descriptor},
    [USP_MSG_GET] = {"GET", BODY_REQUEST, 1, &usp__get__descriptor},
    [USP_MSG_GET_RESP] = {"GET_RESP", BODY_RESPONSE, 1, &usp__get_resp__descriptor},
    [USP_MSG_NOTIFY] = {"NOTIFY", BODY_REQUEST, 8, &usp__notify__descriptor},
    [USP_MSG_SET] = {"SET", BODY_REQUEST, 4, &usp__set__descriptor},
    [USP_MSG_SET_RESP] = {"SET_RESP", BODY_RESPONSE, 4, &usp__set_resp__descriptor},
    [USP_MSG_OPERATE] = {"OPERATE", BODY_REQUEST, 7, &usp__operate__descriptor},
    [USP_MSG_OPERATE_RESP] = {"OPERATE_RESP", BODY_RESPONSE, 7, &usp__operate_resp__descriptor},
    [USP_MSG_ADD] = {"ADD", BODY_REQUEST, 5, &usp__add__descriptor},
    [USP_MSG_ADD_RESP] = {"ADD_RESP", BODY_RESPONSE, 5, &usp__add_resp__descriptor},
    [USP_MSG_DELETE] = {"DELETE", BODY_REQUEST, 6, &usp__delete__descriptor},
    [USP_MSG_DELETE_RESP] = {"DELETE_RESP", BODY_RESPONSE, 6, &usp__delete_resp__descriptor},
    [USP_MSG_GET_SUPPORTED_DM] = {"GET_SUPPORTED_DM", BODY_REQUEST, 2,
                                  &usp__get_supported_dm__descriptor},
    [USP_MSG_GET_SUPPORTED_DM_RESP] = {"GET_SUPPORTED_DM_RESP", BODY_RESPONSE, 2,
                                       &usp__get_supported_dmresp__descriptor},
    [USP_MSG_GET_INSTANCES] = {"GET_INSTANCES", BODY_REQUEST, 3, &usp__get_instances__descriptor},
    [USP_MSG_GET_INSTANCES_RESP] = {"GET_INSTANCES_RESP", BODY_RESPONSE, 3,
                                    &usp__get_instances_resp__descriptor},
    [USP_MSG_NOTIFY_RESP] = {"NOTIFY_RESP", BODY_RESPONSE, 8, &usp__notify_resp__descriptor},
    [USP_MSG_GET_SUPPORTED_PROTO] = {"GET_SUPPORTED_PROTO", BODY_REQUEST, 9,
                                     &usp__get_supported_protocol__descriptor},
    [USP_MSG_GET_SUPPORTED_PROTO_RESP] = {"GET_SUPPORTED_PROTO_RESP", BODY_RESPONSE, 9,
                                          &usp__get_supported_protocol_resp__descriptor},
    [USP_MSG_REGISTER] = {"REGISTER", BODY_REQUEST, 10, &usp__register__descriptor},
    [USP_MSG_REGISTER_RESP] = {"REGISTER_RESP", BODY_RESPONSE, 10, &usp__register_resp__descriptor},
    [USP_MSG_DEREGISTER] = {"DEREGISTER", BODY_REQUEST, 11, &usp__deregister__descriptor},
    [USP_MSG_DEREGISTER_RESP] = {"DEREGISTER_RESP", BODY_RESPONSE, 11,
                                 &usp__deregister_resp__descriptor},
};

static const struct type_info *type_info(int type)
{
    if (type < 0 || type > USP_MSG_TYPE_MAX)
        return NULL;
    return &types[type];
}

const char *usp_msg_type_name(int type)
{
    const struct type_info *t = type_info(type);
    return t ? t->name : NULL;
}

int usp_msg_type_is_request(int type)
{
    const struct type_info *t = type_info(type);
    return t && t->body == BODY_REQUEST;
}

int usp_msg_type_is_response(int type)
{
    const struct type_info *t = type_info(type);
    return t && t->body == BODY_RESPONSE;
}

/* ---- protobuf-c helpers ---------------------------------------------- */

void *pbm_new(const ProtobufCMessageDescriptor *d)
{
    void *m = malloc(d->sizeof_message);
    if (m)
        protobuf_c_message_init(d, m);
    return m;
}

void pbm_free(void *m)
{
    if (m)
        protobuf_c_message_free_unpacked(m, NULL);
}

char *pbm_strdup(const char *s)
{
    return strdup(s ? s : "");
}

int pbm_push(void *arr, size_t *n, void *item)
{
    void ***a = arr;
    void **grown = realloc(*a, (*n + 1) * sizeof(void *));
    if (grown == NULL)
        return -1;
    grown[(*n)++] = item;
    *a = grown;
    return 0;
}

int pbm_push_str(char ***arr, size_t *n, const char *s)
{
    char *copy = pbm_strdup(s);
    if (copy == NULL)
        return -1;
    if (pbm_push(arr, n, copy) != 0) {
        free(copy);
        return -1;
    }
    return 0;
}

/* map<string,string> entries are messages with key = 1, value = 2. */
int pbm_map_add(void *arr, size_t *n, const ProtobufCMessageDescriptor *entry_desc, const char *key,
                const char *value)
{
    ProtobufCMessage *e = pbm_new(entry_desc);
    const ProtobufCFieldDescriptor *fk = protobuf_c_message_descriptor_get_field(entry_desc, 1);
    const ProtobufCFieldDescriptor *fv = protobuf_c_message_descriptor_get_field(entry_desc, 2);
    char *k = pbm_strdup(key), *v = pbm_strdup(value);

    if (e == NULL || k == NULL || v == NULL || pbm_push(arr, n, e) != 0) {
        free(k);
        free(v);
        free(e);
        return -1;
    }
    *(char **)((char *)e + fk->offset) = k;
    *(char **)((char *)e + fv->offset) = v;
    return 0;
}

int pbm_map_get(void *const *arr, size_t n, size_t i, const char **key, const char **value)
{
    const ProtobufCMessage *e;
    const ProtobufCFieldDescriptor *fk, *fv;

    if (arr == NULL || i >= n || arr[i] == NULL) {
        PBM_OUT(key, "");
        PBM_OUT(value, "");
        return -1;
    }
    e = arr[i];
    fk = protobuf_c_message_descriptor_get_field(e->descriptor, 1);
    fv = protobuf_c_message_descriptor_get_field(e->descriptor, 2);
    if (key)
        *key = PBM_S(*(char *const *)((const char *)e + fk->offset));
    if (value)
        *value = PBM_S(*(char *const *)((const char *)e + fv->offset));
    return 0;
}

const char *pbm_str_at(char *const *arr, size_t n, size_t i)
{
    return arr && i < n ? PBM_S(arr[i]) : NULL;
}

void pbm_oper_result_init(struct usp_oper_result *out, const char *requested_path)
{
    if (out == NULL)
        return;
    out->requested_path = PBM_S(requested_path);
    out->status = USP_OPER_STATUS_UNSET;
    out->err_code = 0;
    out->err_msg = "";
    out->path = "";
}

void pbm_set_oneof(void *parent, unsigned field_number, void *value)
{
    const ProtobufCMessage *p = parent;
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field(p->descriptor, field_number);
    *(void **)((char *)parent + f->offset) = value;
    *(uint32_t *)((char *)parent + f->quantifier_offset) = field_number;
}

/* ---- whole messages --------------------------------------------------- */

struct usp_msg *usp_msg_make(const char *msg_id, enum usp_msg_type type, void **inner)
{
    const struct type_info *t = type_info(type);
    struct usp_msg *m = calloc(1, sizeof(*m));
    Usp__Msg *pb = pbm_new(&usp__msg__descriptor);
    void *body_part = NULL, *in = NULL;

    if (t == NULL || m == NULL || pb == NULL) {
        free(m);
        free(pb);
        return NULL;
    }
    m->pb = pb;
    if ((pb->header = pbm_new(&usp__header__descriptor)) == NULL ||
        (pb->header->msg_id = pbm_strdup(msg_id)) == NULL ||
        (pb->body = pbm_new(&usp__body__descriptor)) == NULL)
        goto fail;
    pb->header->msg_type = (Usp__Header__MsgType)type;
    if ((in = pbm_new(t->desc)) == NULL)
        goto fail;
    if (t->body == BODY_ERROR) {
        pbm_set_oneof(pb->body, BODY_ERROR, in);
    } else {
        body_part = pbm_new(t->body == BODY_REQUEST ? &usp__request__descriptor
                                                    : &usp__response__descriptor);
        if (body_part == NULL) {
            free(in);
            goto fail;
        }
        pbm_set_oneof(body_part, t->field, in);
        pbm_set_oneof(pb->body, t->body, body_part);
    }
    *inner = in;
    return m;
fail:
    usp_msg_free(m);
    return NULL;
}

void *usp_msg_inner(const struct usp_msg *m, enum usp_msg_type type)
{
    const Usp__Body *b;

    if (m == NULL || m->pb == NULL || m->pb->header == NULL || m->pb->body == NULL ||
        (int)m->pb->header->msg_type != (int)type)
        return NULL;
    b = m->pb->body;
    switch (b->msg_body_case) {
    case USP__BODY__MSG_BODY_ERROR:
        return type == USP_MSG_ERROR ? b->error : NULL;
    case USP__BODY__MSG_BODY_REQUEST: {
        const struct type_info *t = type_info(type);
        if (b->request == NULL || t->body != BODY_REQUEST ||
            (unsigned)b->request->req_type_case != t->field)
            return NULL;
        return b->request->get; /* every member of the union is a pointer */
    }
    case USP__BODY__MSG_BODY_RESPONSE: {
        const struct type_info *t = type_info(type);
        if (b->response == NULL || t->body != BODY_RESPONSE ||
            (unsigned)b->response->resp_type_case != t->field)
            return NULL;
        return b->response->get_resp;
    }
    default:
        return NULL;
    }
}

void usp_diagf(struct usp_diag *d, int code, const char *fmt, ...)
{
    va_list ap;

    if (d == NULL)
        return;
    d->code = code;
    va_start(ap, fmt);
    vsnprintf(d->text, sizeof(d->text), fmt, ap);
    va_end(ap);
}

/* Which Body / Request / Response member a decoded body carries. */
static int body_matches(const Usp__Msg *pb, const struct type_info *t, struct usp_diag *diag)
{
    const Usp__Body *b = pb->body;
    const char *tn = t->name;

    if (b == NULL || b->msg_body_case == USP__BODY__MSG_BODY__NOT_SET) {
        usp_diagf(diag, USP_ERR_INVALID_ARGUMENTS, "%s Msg has no body", tn);
        return -1;
    }
    if ((int)b->msg_body_case != (int)t->body) {
        usp_diagf(diag, USP_ERR_INVALID_ARGUMENTS,
                  "msg_type %s does not match the body (body case %ld)", tn,
                  (long)b->msg_body_case);
        return -1;
    }
    if (t->body == BODY_REQUEST && (unsigned)b->request->req_type_case != t->field) {
        usp_diagf(diag, USP_ERR_INVALID_ARGUMENTS,
                  "msg_type %s does not match the request (req_type %ld)", tn,
                  (long)b->request->req_type_case);
        return -1;
    }
    if (t->body == BODY_RESPONSE && (unsigned)b->response->resp_type_case != t->field) {
        usp_diagf(diag, USP_ERR_INVALID_ARGUMENTS,
                  "msg_type %s does not match the response (resp_type %ld)", tn,
                  (long)b->response->resp_type_case);
        return -1;
    }
    return 0;
}

int usp_msg_decode_ex(const uint8_t *buf, size_t len, struct usp_msg **out, struct usp_diag *diag,
                      char **id_out, int *type_out)
{
    Usp__Msg *pb;
    const struct type_info *t;
    struct usp_msg *m;

    *out = NULL;
    if (diag)
        diag->code = 0, diag->text[0] = '\0';
    pb = usp__msg__unpack(NULL, len, buf);
    if (pb == NULL) {
        usp_diagf(diag, USP_ERR_MESSAGE_FAILED, "payload is not a USP Msg (%zu bytes)", len);
        return -1;
    }
    if (pb->header == NULL) {
        usp_diagf(diag, USP_ERR_INVALID_ARGUMENTS, "Msg has no header");
        goto fail;
    }
    if (id_out && pb->header->msg_id[0])
        *id_out = strdup(pb->header->msg_id);
    if (type_out)
        *type_out = (int)pb->header->msg_type;
    if (pb->header->msg_id[0] == '\0') {
        usp_diagf(diag, USP_ERR_INVALID_ARGUMENTS, "Msg header has an empty msg_id");
        goto fail;
    }
    t = type_info((int)pb->header->msg_type);
    if (t == NULL) {
        usp_diagf(diag, USP_ERR_MESSAGE_NOT_SUPPORTED, "msg %s: unknown msg_type %ld",
                  pb->header->msg_id, (long)pb->header->msg_type);
        goto fail;
    }
    if (body_matches(pb, t, diag) != 0)
        goto fail;
    m = calloc(1, sizeof(*m));
    if (m == NULL) {
        usp_diagf(diag, USP_ERR_INTERNAL_ERROR, "out of memory decoding a Msg");
        goto fail;
    }
    m->pb = pb;
    *out = m;
    return 0;
fail:
    usp__msg__free_unpacked(pb, NULL);
    return -1;
}

int usp_msg_decode(const uint8_t *buf, size_t len, struct usp_msg **out, struct usp_diag *diag)
{
    return usp_msg_decode_ex(buf, len, out, diag, NULL, NULL);
}

int usp_msg_encode(const struct usp_msg *m, uint8_t **buf, size_t *len)
{
    size_t n;

    *buf = NULL;
    *len = 0;
    if (m == NULL || m->pb == NULL)
        return -1;
    n = usp__msg__get_packed_size(m->pb);
    *buf = malloc(n ? n : 1);
    if (*buf == NULL)
        return -1;
    *len = usp__msg__pack(m->pb, *buf);
    return 0;
}

void usp_msg_free(struct usp_msg *m)
{
    if (m == NULL)
        return;
    if (m->pb)
        usp__msg__free_unpacked(m->pb, NULL);
    free(m);
}

const char *usp_msg_id(const struct usp_msg *m)
{
    if (m == NULL || m->pb->header == NULL)
        return "";
    return PBM_S(m->pb->header->msg_id);
}

enum usp_msg_type usp_msg_type(const struct usp_msg *m)
{
    if (m == NULL || m->pb->header == NULL)
        return USP_MSG_ERROR;
    return (enum usp_msg_type)m->pb->header->msg_type;
}

const void *usp_msg_pb(const struct usp_msg *m)
{
    return m ? m->pb : NULL;
}
