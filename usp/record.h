/*
 * record.h - USP Records (TR-369 "USP Record Encapsulation"): build,
 * decode, and the checks an Agent makes on every Record it receives.
 * Part of usp/usp.h.
 *
 * Records built here are always NoSessionContext or Connect/Disconnect
 * records with PLAINTEXT payload security: this library (like the proxy)
 * does not use E2E Session Contexts and refuses them (7106).
 *
 * Memory: builders return malloc'ed bytes in *buf (the caller frees);
 * struct usp_record and struct usp_rx own what they point to until
 * usp_record_free() / usp_rx_clear().
 */
#ifndef USP_RECORD_H
#define USP_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "usp/msg.h"

/* Record.record_type, numbered as the oneof members of the proto. */
enum usp_record_type {
    USP_RECORD_NONE = 0,
    USP_RECORD_NO_SESSION = 7,
    USP_RECORD_SESSION = 8,
    USP_RECORD_WEBSOCKET_CONNECT = 9,
    USP_RECORD_MQTT_CONNECT = 10,
    USP_RECORD_STOMP_CONNECT = 11,
    USP_RECORD_DISCONNECT = 12,
    USP_RECORD_UDS_CONNECT = 13,
};

/* The Record name of a type ("no_session_context"), or NULL. */
const char *usp_record_type_name(int type);

/* ---------------------------------------------------------------------
 * Building Records. Each returns 0 and sets *buf (free()) and *len, or -1
 * when memory runs out or an argument is NULL.
 * ------------------------------------------------------------------- */

/* A NoSessionContext Record carrying msg (version USP_PROTO_VERSION). */
int usp_record_wrap_msg(const char *to_id, const char *from_id, const struct usp_msg *msg,
                        uint8_t **buf, size_t *len);
/* The same with an already encoded Msg. */
int usp_record_wrap_payload(const char *to_id, const char *from_id, const uint8_t *payload,
                            size_t payload_len, uint8_t **buf, size_t *len);

int usp_record_websocket_connect(const char *to_id, const char *from_id, uint8_t **buf,
                                 size_t *len);
/* mqtt5: 1 for MQTT 5, 0 for 3.1.1; topic: where the sender is subscribed. */
int usp_record_mqtt_connect(const char *to_id, const char *from_id, int mqtt5, const char *topic,
                            uint8_t **buf, size_t *len);
int usp_record_stomp_connect(const char *to_id, const char *from_id, const char *destination,
                             uint8_t **buf, size_t *len);
int usp_record_uds_connect(const char *to_id, const char *from_id, uint8_t **buf, size_t *len);
/* reason_code: a 71xx Record error code or 0 (R-MTP.9); reason may be NULL. */
int usp_record_disconnect(const char *to_id, const char *from_id, uint32_t reason_code,
                          const char *reason, uint8_t **buf, size_t *len);
/* A SessionContext Record (tests and interop only: we never send them). */
int usp_record_session_context(const char *to_id, const char *from_id, uint64_t session_id,
                               uint64_t sequence_id, uint64_t expected_id, const uint8_t *payload,
                               size_t payload_len, uint8_t **buf, size_t *len);

/* ---------------------------------------------------------------------
 * Decoding a Record (no checks beyond protobuf).
 * ------------------------------------------------------------------- */

struct usp_record;

/* 0 and *out, or -1 with diag (USP_ERR_RECORD_NOT_PARSED). */
int usp_record_decode(const uint8_t *buf, size_t len, struct usp_record **out,
                      struct usp_diag *diag);
void usp_record_free(struct usp_record *r);

const char *usp_record_version(const struct usp_record *r);
const char *usp_record_to_id(const struct usp_record *r);
const char *usp_record_from_id(const struct usp_record *r);
enum usp_record_type usp_record_type(const struct usp_record *r);
int usp_record_payload_security(const struct usp_record *r); /* 0 PLAINTEXT, 1 TLS12 */
/* NoSessionContext payload: 0 and *data, *len, or -1 for other types. */
int usp_record_payload(const struct usp_record *r, const uint8_t **data, size_t *len);
int usp_record_mqtt_version(const struct usp_record *r); /* 0 = 3.1.1, 1 = 5 */
const char *usp_record_mqtt_topic(const struct usp_record *r);
const char *usp_record_stomp_destination(const struct usp_record *r);
uint32_t usp_record_disconnect_code(const struct usp_record *r);
const char *usp_record_disconnect_reason(const struct usp_record *r);
/* The underlying UspRecord__Record (protobuf-c), for the decoder tool and tests. */
const void *usp_record_pb(const struct usp_record *r);

/* ---------------------------------------------------------------------
 * Receiving: decode + every check an Agent makes (TR-369 R-MTP.5 and the
 * Record definition), with the outcome the standard prescribes.
 * ------------------------------------------------------------------- */

/* Which Endpoint IDs are ours: a list, a callback, or both. */
struct usp_endpoints {
    const char *const *ids;
    size_t n_ids;
    int (*is_ours)(void *ctx, const char *endpoint_id); /* 1 if ours */
    void *ctx;
};

enum usp_rx_action {
    USP_RX_DROP = 0,       /* ignore silently (log rx.diag): R-MTP.5 */
    USP_RX_MSG = 1,        /* rx.msg is a well-formed Msg for an Endpoint of ours */
    USP_RX_CONNECT = 2,    /* a Connect Record (nothing to answer) */
    USP_RX_DISCONNECT = 3, /* a Disconnect Record: forget session state (R-MTP.7) */
    USP_RX_ERROR = 4,      /* answer with usp_rx_error_reply() (R-MTP.5) */
};

struct usp_rx {
    enum usp_rx_action action;
    struct usp_record *record; /* NULL only when the bytes are not a Record */
    struct usp_msg *msg;       /* USP_RX_MSG only */
    struct usp_diag diag;      /* DROP and ERROR: the code (7xxx) and what was wrong */
    char *msg_id;              /* ERROR: the msg_id to answer, NULL when unknown */
};

/*
 * Decodes and checks a received Record:
 * - not a Record, to_id not ours, from_id empty or ours: DROP;
 * - record_type missing or bad version: ERROR 7104 (Invalid Record value);
 * - SessionContext: ERROR 7106 (Session Context not allowed);
 * - payload_security not PLAINTEXT: ERROR 7102;
 * - NoSessionContext with an empty payload: ERROR 7104;
 * - payload not a valid Msg: ERROR 7000/7001/7004 (see usp_msg_decode), but
 *   DROP when the Msg is known to be a Response or an Error (R-MTP.5);
 * - Connect / Disconnect records: CONNECT / DISCONNECT.
 * Returns rx->action. Always call usp_rx_clear() afterwards.
 */
enum usp_rx_action usp_record_receive(const uint8_t *buf, size_t len,
                                      const struct usp_endpoints *ours, struct usp_rx *rx);
void usp_rx_clear(struct usp_rx *rx);

/*
 * For USP_RX_ERROR: a NoSessionContext Record from the Record's to_id to its
 * from_id carrying an Error message (err_code rx->diag.code, err_msg its
 * text; msg_id the request's, or "unknown" when it could not be read).
 */
int usp_rx_error_reply(const struct usp_rx *rx, uint8_t **buf, size_t *len);

/* 1 if version is a "Major.Minor" this library accepts (1.x), else 0. */
int usp_record_version_ok(const char *version);

#endif
