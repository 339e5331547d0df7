/*
 * record.c - USP Records: building (NoSessionContext, Connect, Disconnect,
 * SessionContext for tests), decoding, and the receive checks of an Agent
 * (TR-369 "USP Record Encapsulation", "USP Record Errors", R-MTP.5).
 *
 * Records are built on the stack with the protobuf-c INIT macros and packed
 * at once: nothing is allocated but the output bytes.
 */
#include "usp/record.h"

#include <stdlib.h>
#include <string.h>

#include "usp/error.h"
#include "usp/msg_internal.h"
#include "usp/usp-record.pb-c.h"

struct usp_record {
    UspRecord__Record *pb;
};

const char *usp_record_type_name(int type)
{
    switch (type) {
    case USP_RECORD_NO_SESSION:
        return "no_session_context";
    case USP_RECORD_SESSION:
        return "session_context";
    case USP_RECORD_WEBSOCKET_CONNECT:
        return "websocket_connect";
    case USP_RECORD_MQTT_CONNECT:
        return "mqtt_connect";
    case USP_RECORD_STOMP_CONNECT:
        return "stomp_connect";
    case USP_RECORD_DISCONNECT:
        return "disconnect";
    case USP_RECORD_UDS_CONNECT:
        return "uds_connect";
    default:
        return NULL;
    }
}

/* ---- building ----------------------------------------------------------- */

/* Packs rec (whose record_type the caller set) into malloc'ed bytes. */
static int pack_record(UspRecord__Record *rec, const char *to_id, const char *from_id,
                       uint8_t **buf, size_t *len)
{
    size_t n;

    *buf = NULL;
    *len = 0;
    if (to_id == NULL || from_id == NULL)
        return -1;
    rec->version = (char *)USP_PROTO_VERSION;
    rec->to_id = (char *)to_id;
    rec->from_id = (char *)from_id;
    rec->payload_security = USP_RECORD__RECORD__PAYLOAD_SECURITY__PLAINTEXT;
    n = usp_record__record__get_packed_size(rec);
    if ((*buf = malloc(n ? n : 1)) == NULL)
        return -1;
    *len = usp_record__record__pack(rec, *buf);
    return 0;
}

int usp_record_wrap_payload(const char *to_id, const char *from_id, const uint8_t *payload,
                            size_t payload_len, uint8_t **buf, size_t *len)
{
    UspRecord__Record rec = USP_RECORD__RECORD__INIT;
    UspRecord__NoSessionContextRecord ns = USP_RECORD__NO_SESSION_CONTEXT_RECORD__INIT;

    ns.payload.data = (uint8_t *)payload;
    ns.payload.len = payload_len;
    rec.record_type_case = USP_RECORD__RECORD__RECORD_TYPE_NO_SESSION_CONTEXT;
    rec.no_session_context = &ns;
    return pack_record(&rec, to_id, from_id, buf, len);
}

int usp_record_wrap_msg(const char *to_id, const char *from_id, const struct usp_msg *msg,
                        uint8_t **buf, size_t *len)
{
    uint8_t *payload;
    size_t payload_len;
    int rc;

    *buf = NULL;
    *len = 0;
    if (usp_msg_encode(msg, &payload, &payload_len) != 0)
        return -1;
    rc = usp_record_wrap_payload(to_id, from_id, payload, payload_len, buf, len);
    free(payload);
    return rc;
}

int usp_record_websocket_connect(const char *to_id, const char *from_id, uint8_t **buf, size_t *len)
{
    UspRecord__Record rec = USP_RECORD__RECORD__INIT;
    UspRecord__WebSocketConnectRecord ws = USP_RECORD__WEB_SOCKET_CONNECT_RECORD__INIT;

    rec.record_type_case = USP_RECORD__RECORD__RECORD_TYPE_WEBSOCKET_CONNECT;
    rec.websocket_connect = &ws;
    return pack_record(&rec, to_id, from_id, buf, len);
}

int usp_record_mqtt_connect(const char *to_id, const char *from_id, int mqtt5, const char *topic,
                            uint8_t **buf, size_t *len)
{
    UspRecord__Record rec = USP_RECORD__RECORD__INIT;
    UspRecord__MQTTConnectRecord mq = USP_RECORD__MQTTCONNECT_RECORD__INIT;

    mq.version = mqtt5 ? USP_RECORD__MQTTCONNECT_RECORD__MQTTVERSION__V5
                       : USP_RECORD__MQTTCONNECT_RECORD__MQTTVERSION__V3_1_1;
    mq.subscribed_topic = (char *)(topic ? topic : "");
    rec.record_type_case = USP_RECORD__RECORD__RECORD_TYPE_MQTT_CONNECT;
    rec.mqtt_connect = &mq;
    return pack_record(&rec, to_id, from_id, buf, len);
}

int usp_record_stomp_connect(const char *to_id, const char *from_id, const char *destination,
                             uint8_t **buf, size_t *len)
{
    UspRecord__Record rec = USP_RECORD__RECORD__INIT;
    UspRecord__STOMPConnectRecord st = USP_RECORD__STOMPCONNECT_RECORD__INIT;

    st.version = USP_RECORD__STOMPCONNECT_RECORD__STOMPVERSION__V1_2;
    st.subscribed_destination = (char *)(destination ? destination : "");
    rec.record_type_case = USP_RECORD__RECORD__RECORD_TYPE_STOMP_CONNECT;
    rec.stomp_connect = &st;
    return pack_record(&rec, to_id, from_id, buf, len);
}

int usp_record_uds_connect(const char *to_id, const char *from_id, uint8_t **buf, size_t *len)
{
    UspRecord__Record rec = USP_RECORD__RECORD__INIT;
    UspRecord__UDSConnectRecord uds = USP_RECORD__UDSCONNECT_RECORD__INIT;

    rec.record_type_case = USP_RECORD__RECORD__RECORD_TYPE_UDS_CONNECT;
    rec.uds_connect = &uds;
    return pack_record(&rec, to_id, from_id, buf, len);
}

int usp_record_disconnect(const char *to_id, const char *from_id, uint32_t reason_code,
                          const char *reason, uint8_t **buf, size_t *len)
{
    UspRecord__Record rec = USP_RECORD__RECORD__INIT;
    UspRecord__DisconnectRecord d = USP_RECORD__DISCONNECT_RECORD__INIT;

    d.reason_code = reason_code;
    d.reason = (char *)(reason ? reason : "");
    rec.record_type_case = USP_RECORD__RECORD__RECORD_TYPE_DISCONNECT;
    rec.disconnect = &d;
    return pack_record(&rec, to_id, from_id, buf, len);
}

int usp_record_session_context(const char *to_id, const char *from_id, uint64_t session_id,
                               uint64_t sequence_id, uint64_t expected_id, const uint8_t *payload,
                               size_t payload_len, uint8_t **buf, size_t *len)
{
    UspRecord__Record rec = USP_RECORD__RECORD__INIT;
    UspRecord__SessionContextRecord sc = USP_RECORD__SESSION_CONTEXT_RECORD__INIT;
    ProtobufCBinaryData chunk = {payload_len, (uint8_t *)payload};
    ProtobufCBinaryData *chunks = &chunk;

    sc.session_id = session_id;
    sc.sequence_id = sequence_id;
    sc.expected_id = expected_id;
    sc.n_payload = payload ? 1 : 0;
    sc.payload = chunks;
    rec.record_type_case = USP_RECORD__RECORD__RECORD_TYPE_SESSION_CONTEXT;
    rec.session_context = &sc;
    return pack_record(&rec, to_id, from_id, buf, len);
}

/* ---- decoding ----------------------------------------------------------- */

int usp_record_decode(const uint8_t *buf, size_t len, struct usp_record **out,
                      struct usp_diag *diag)
{
    UspRecord__Record *pb;
    struct usp_record *r;

    *out = NULL;
    pb = usp_record__record__unpack(NULL, len, buf);
    if (pb == NULL) {
        usp_diagf(diag, USP_ERR_RECORD_NOT_PARSED, "not a USP Record (%zu bytes)", len);
        return -1;
    }
    if ((r = malloc(sizeof(*r))) == NULL) {
        usp_record__record__free_unpacked(pb, NULL);
        usp_diagf(diag, USP_ERR_INTERNAL_ERROR, "out of memory decoding a Record");
        return -1;
    }
    r->pb = pb;
    *out = r;
    return 0;
}

void usp_record_free(struct usp_record *r)
{
    if (r == NULL)
        return;
    usp_record__record__free_unpacked(r->pb, NULL);
    free(r);
}

const char *usp_record_version(const struct usp_record *r)
{
    return r ? PBM_S(r->pb->version) : "";
}

const char *usp_record_to_id(const struct usp_record *r)
{
    return r ? PBM_S(r->pb->to_id) : "";
}

const char *usp_record_from_id(const struct usp_record *r)
{
    return r ? PBM_S(r->pb->from_id) : "";
}

enum usp_record_type usp_record_type(const struct usp_record *r)
{
    if (r == NULL || usp_record_type_name((int)r->pb->record_type_case) == NULL)
        return USP_RECORD_NONE;
    return (enum usp_record_type)r->pb->record_type_case;
}

int usp_record_payload_security(const struct usp_record *r)
{
    return r ? (int)r->pb->payload_security : 0;
}

int usp_record_payload(const struct usp_record *r, const uint8_t **data, size_t *len)
{
    if (usp_record_type(r) != USP_RECORD_NO_SESSION)
        return -1;
    *data = r->pb->no_session_context->payload.data;
    *len = r->pb->no_session_context->payload.len;
    return 0;
}

int usp_record_mqtt_version(const struct usp_record *r)
{
    return usp_record_type(r) == USP_RECORD_MQTT_CONNECT ? (int)r->pb->mqtt_connect->version : 0;
}

const char *usp_record_mqtt_topic(const struct usp_record *r)
{
    return usp_record_type(r) == USP_RECORD_MQTT_CONNECT
               ? PBM_S(r->pb->mqtt_connect->subscribed_topic)
               : "";
}

const char *usp_record_stomp_destination(const struct usp_record *r)
{
    return usp_record_type(r) == USP_RECORD_STOMP_CONNECT
               ? PBM_S(r->pb->stomp_connect->subscribed_destination)
               : "";
}

uint32_t usp_record_disconnect_code(const struct usp_record *r)
{
    return usp_record_type(r) == USP_RECORD_DISCONNECT ? r->pb->disconnect->reason_code : 0;
}

const char *usp_record_disconnect_reason(const struct usp_record *r)
{
    return usp_record_type(r) == USP_RECORD_DISCONNECT ? PBM_S(r->pb->disconnect->reason) : "";
}

const void *usp_record_pb(const struct usp_record *r)
{
    return r ? r->pb : NULL;
}

/* ---- receiving ---------------------------------------------------------- */

int usp_record_version_ok(const char *v)
{
    /* TR-369 Record version: "Major.Minor"; every 1.x is compatible with us */
    if (v == NULL || v[0] != '1' || v[1] != '.' || v[2] < '0' || v[2] > '9')
        return 0;
    for (v += 3; *v; v++)
        if (*v < '0' || *v > '9')
            return 0;
    return 1;
}

static int endpoint_is_ours(const struct usp_endpoints *ours, const char *id)
{
    if (ours == NULL || id == NULL || id[0] == '\0')
        return 0;
    for (size_t i = 0; i < ours->n_ids; i++)
        if (ours->ids[i] && strcmp(ours->ids[i], id) == 0)
            return 1;
    return ours->is_ours ? ours->is_ours(ours->ctx, id) != 0 : 0;
}

static enum usp_rx_action rx_set(struct usp_rx *rx, enum usp_rx_action action)
{
    rx->action = action;
    return action;
}

/* The payload of a NoSessionContext Record: decode and classify the Msg. */
static enum usp_rx_action rx_payload(struct usp_rx *rx, const UspRecord__Record *pb)
{
    const ProtobufCBinaryData *p = &pb->no_session_context->payload;
    int type = -1;

    if (pb->payload_security != USP_RECORD__RECORD__PAYLOAD_SECURITY__PLAINTEXT) {
        usp_diagf(&rx->diag, USP_ERR_SECURE_SESSION_NOT_SUPPORTED,
                  "Record from %s uses payload_security %d; only PLAINTEXT is supported",
                  pb->from_id, (int)pb->payload_security);
        return rx_set(rx, USP_RX_ERROR);
    }
    if (p->len == 0) {
        usp_diagf(&rx->diag, USP_ERR_INVALID_RECORD_VALUE,
                  "NoSessionContext Record from %s has an empty payload", pb->from_id);
        return rx_set(rx, USP_RX_ERROR);
    }
    if (usp_msg_decode_ex(p->data, p->len, &rx->msg, &rx->diag, &rx->msg_id, &type) == 0) {
        rx->diag.code = 0;
        return rx_set(rx, USP_RX_MSG);
    }
    /* R-MTP.5: never answer an erroneous Response or Error */
    if (type == USP_MSG_ERROR || usp_msg_type_is_response(type))
        return rx_set(rx, USP_RX_DROP);
    return rx_set(rx, USP_RX_ERROR);
}

enum usp_rx_action usp_record_receive(const uint8_t *buf, size_t len,
                                      const struct usp_endpoints *ours, struct usp_rx *rx)
{
    const UspRecord__Record *pb;

    memset(rx, 0, sizeof(*rx));
    if (usp_record_decode(buf, len, &rx->record, &rx->diag) != 0)
        return rx_set(rx, USP_RX_DROP); /* R-MTP.5: no valid source to answer */
    pb = rx->record->pb;
    if (!endpoint_is_ours(ours, pb->to_id)) {
        usp_diagf(&rx->diag, USP_ERR_INVALID_RECORD_VALUE, "Record to_id '%s' is not ours",
                  pb->to_id);
        return rx_set(rx, USP_RX_DROP);
    }
    if (pb->from_id[0] == '\0' || endpoint_is_ours(ours, pb->from_id)) {
        usp_diagf(&rx->diag, USP_ERR_INVALID_RECORD_VALUE, "Record from_id '%s' is %s", pb->from_id,
                  pb->from_id[0] ? "one of ours" : "empty");
        return rx_set(rx, USP_RX_DROP);
    }
    if (!usp_record_version_ok(pb->version)) {
        usp_diagf(&rx->diag, USP_ERR_INVALID_RECORD_VALUE,
                  "Record from %s has unsupported version '%s'", pb->from_id, pb->version);
        return rx_set(rx, USP_RX_ERROR);
    }
    switch (pb->record_type_case) {
    case USP_RECORD__RECORD__RECORD_TYPE_NO_SESSION_CONTEXT:
        return rx_payload(rx, pb);
    case USP_RECORD__RECORD__RECORD_TYPE_SESSION_CONTEXT:
        usp_diagf(&rx->diag, USP_ERR_SESSION_CONTEXT_NOT_ALLOWED,
                  "Record from %s uses a Session Context, which this agent does not support",
                  pb->from_id);
        return rx_set(rx, USP_RX_ERROR);
    case USP_RECORD__RECORD__RECORD_TYPE_WEBSOCKET_CONNECT:
    case USP_RECORD__RECORD__RECORD_TYPE_MQTT_CONNECT:
    case USP_RECORD__RECORD__RECORD_TYPE_STOMP_CONNECT:
    case USP_RECORD__RECORD__RECORD_TYPE_UDS_CONNECT:
        return rx_set(rx, USP_RX_CONNECT);
    case USP_RECORD__RECORD__RECORD_TYPE_DISCONNECT:
        return rx_set(rx, USP_RX_DISCONNECT);
    default:
        usp_diagf(&rx->diag, USP_ERR_INVALID_RECORD_VALUE, "Record from %s has no record_type",
                  pb->from_id);
        return rx_set(rx, USP_RX_ERROR);
    }
}

void usp_rx_clear(struct usp_rx *rx)
{
    if (rx == NULL)
        return;
    usp_record_free(rx->record);
    usp_msg_free(rx->msg);
    free(rx->msg_id);
    memset(rx, 0, sizeof(*rx));
}

int usp_rx_error_reply(const struct usp_rx *rx, uint8_t **buf, size_t *len)
{
    struct usp_msg *err;
    int rc;

    *buf = NULL;
    *len = 0;
    if (rx->action != USP_RX_ERROR || rx->record == NULL)
        return -1;
    err =
        usp_error_new(rx->msg_id ? rx->msg_id : "unknown", (uint32_t)rx->diag.code, rx->diag.text);
    if (err == NULL)
        return -1;
    rc = usp_record_wrap_msg(rx->record->pb->from_id, rx->record->pb->to_id, err, buf, len);
    usp_msg_free(err);
    return rc;
}
