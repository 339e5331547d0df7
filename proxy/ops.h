/*
 * ops.h - asynchronous USP commands of the proxied agents (TR-369
 * "Asynchronous Operations", R-OPR.0 - R-OPR.3) carried out by CWMP CPEs.
 *
 *   ops.c        the command table (how each command maps onto CWMP),
 *                input argument checks, DiagnosticsState outcomes, the
 *                record codecs: pure
 *   ops_store.c  pending operations (ops database) and the Request objects
 *                Device.LocalAgent.Request.{i}. (objects database)
 *   ops_run.c    the plans (PX_PLAN_ASYNC: start the command on the CPE;
 *                PX_PLAN_OP_RESULT: read a diagnostic's results), the
 *                session hooks (Inform "8 DIAGNOSTICS COMPLETE",
 *                TransferComplete), expiry, and OperationComplete
 *
 * ops keys (docs/ARCHITECTURE.md "State (LMDB)"), device key NUL then:
 *   'd' + TR-143 object ("dDevice.IP.Diagnostics.IPPing.")  a diagnostic
 *                         (a CPE runs one of each kind at a time)
 *   't' + CWMP CommandKey ("tfw-1")                          a transfer
 * value: u8 version (1), u8 enum px_async_kind, u32 Request instance,
 * i64 started, i64 deadline (unix s), u16+USP command path, u16+USP
 * command_key, u16+originator (controller Endpoint ID), u16+agent
 * Endpoint ID. Trailing bytes are skipped (compatible additions).
 *
 * objects keys:
 *   device key NUL "Device.LocalAgent.Request.N." -> u8 version (1), then
 *     pairs u16+parameter name, u32+value (Alias, Command, CommandKey,
 *     Originator, Status)
 *   device key NUL "Device.LocalAgent.Request." -> u8 version (1), u32
 *     the next instance number (never reused)
 */
#ifndef PROXY_OPS_H
#define PROXY_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "mapping/mapping.h"
#include "proxy/store.h"
#include "usp/usp.h"

struct cwmp_msg;
struct px_daemon;
struct px_plan_ops;

#define PX_REQUEST_TABLE "Device.LocalAgent.Request."
#define PX_OP_STR_MAX    1024 /* command paths, command keys, endpoint ids */

enum px_async_kind {
    PX_ASYNC_DIAG = 1,     /* TR-143 diagnostics: SPV ... DiagnosticsState=Requested */
    PX_ASYNC_DOWNLOAD = 2, /* CWMP Download (TR-069 A.3.2.8) -> TransferComplete */
};

enum px_arg_type { PX_ARG_STRING, PX_ARG_UINT, PX_ARG_BOOL, PX_ARG_ENUM, PX_ARG_HEX };

/* One input argument of a command (TR-181 syntax). */
struct px_async_arg {
    const char *name;
    enum px_arg_type type;
    uint32_t min, max; /* UINT: range; STRING, HEX: max length (0: none) */
    const char *enums; /* ENUM: the values, comma-separated */
    int required;
    int cwmp; /* DIAG: written to the CPE as <cwmp><name> */
};

/* A row of the table: one asynchronous command. */
struct px_async_cmd {
    const char *obj_path; /* "Device.IP.Diagnostics."; "{i}" matches an instance number */
    const char *name;     /* "IPPing()" */
    enum px_async_kind kind;
    const char *cwmp; /* DIAG: the TR-143 object; DOWNLOAD: the FileType */
    const struct px_async_arg *in;
    size_t n_in;
    const char *const *out; /* DIAG: output arguments read from <cwmp><name>; Status
                               comes from DiagnosticsState */
    size_t n_out;
    uint32_t timeout_s; /* a pending operation fails after this long */
};

/*
 * The row of a concrete command path ("Device.DeviceInfo.FirmwareImage.1.
 * Download()"), with the object path ("Device.DeviceInfo.FirmwareImage.1.")
 * copied to obj; NULL when the command is not asynchronous here (or the
 * path is not concrete, or does not fit).
 */
const struct px_async_cmd *px_async_find(const char *command, char *obj, size_t cap);
/* Row i of the table, or NULL past the last (GetSupportedDM lists them). */
const struct px_async_cmd *px_async_cmd_at(size_t i);
/* Whether some row's command has this name ("IPPing()"): for messages. */
int px_async_known_name(const char *command);
/*
 * Checks the Operate's input arguments against the row: unknown names,
 * missing required ones, values not of the argument's type or range.
 * 0, or USP_ERR_INVALID_COMMAND_ARGS (7027) with a sentence in why.
 */
int px_async_check_args(const struct px_async_cmd *c, const struct usp_msg *req, char *why,
                        size_t why_len);
/* The argument of the row called name, or NULL. */
const struct px_async_arg *px_async_arg(const struct px_async_cmd *c, const char *name);

/* What a TR-143 DiagnosticsState says about the operation. */
enum px_diag_outcome {
    PX_DIAG_PENDING, /* Requested (or empty): not finished */
    PX_DIAG_DONE,    /* Complete, Error_*: the output arguments carry it (Status) */
    PX_DIAG_FAILED,  /* None, Canceled, Error: no results (*err set) */
};
enum px_diag_outcome px_async_diag_outcome(const char *state, uint32_t *err);
/* The output arguments of a finished diagnostic from the CPE's values of
 * <cwmp>... (sorted): Status from DiagnosticsState, then each output
 * argument the CPE has. 0, or -1 when out of memory. */
int px_async_diag_outputs(const struct px_async_cmd *c, const struct map_values *vals,
                          struct map_values *out);

/* Splits a command path into its object path ("Device.") and command name
 * ("Reboot()"). 0, or -1 when it does not fit. */
int px_async_split(const char *command, char *obj, size_t obj_cap, char *name, size_t name_cap);

/* ---- records (ops.c) ---- */
struct px_op {
    enum px_async_kind kind;
    uint32_t request; /* Device.LocalAgent.Request.{i} */
    int64_t started, deadline;
    char *command;     /* the concrete USP command path */
    char *command_key; /* the USP command_key */
    char *originator;  /* the controller's Endpoint ID */
    char *agent;       /* the proxied agent's Endpoint ID */
};
void px_op_clear(struct px_op *o);
int px_op_encode(const struct px_op *o, uint8_t **buf, size_t *len);
/* Untrusted bytes: 0, or -1 with why. */
int px_op_decode(const void *buf, size_t len, struct px_op *o, char *why, size_t why_len);

/* A Request object's parameters (Device.LocalAgent.Request.{i}.). */
struct px_request {
    uint32_t instance;
    char *command, *command_key, *originator, *status;
};
void px_request_clear(struct px_request *r);
int px_request_encode(const struct px_request *r, uint8_t **buf, size_t *len);
int px_request_decode(const void *buf, size_t len, uint32_t instance, struct px_request *r,
                      char *why, size_t why_len);
/* Calls fn with each parameter name (relative) and value, in name order. */
void px_request_params(const struct px_request *r,
                       void (*fn)(void *arg, const char *name, const char *value), void *arg);

/* ---- ops_store.c ---- */
/* key: 'd' + TR-143 object or 't' + CWMP CommandKey (see above). */
int px_ops_put(struct px_store *st, const char *dev_key, const char *key, const struct px_op *o);
/* 0, PX_STORE_NOT_FOUND, or -1 (also for an unreadable record). */
int px_ops_get(struct px_store *st, const char *dev_key, const char *key, struct px_op *o);
int px_ops_del(struct px_store *st, const char *dev_key, const char *key);
/* Calls fn for each pending operation (of dev_key, or of every device when
 * dev_key is NULL) in key order; fn must not write; nonzero stops.
 * Unreadable records are skipped with a log line. */
int px_ops_foreach(struct px_store *st, const char *dev_key,
                   int (*fn)(void *arg, const char *dev_key, const char *key,
                             const struct px_op *o),
                   void *arg);
/* Adds a Request object with the table's next instance number (set in
 * r->instance). */
int px_request_add(struct px_store *st, const char *dev_key, struct px_request *r);
int px_request_del(struct px_store *st, const char *dev_key, uint32_t instance);
/* Each Request object of the device in key order (fn must not write). */
int px_request_foreach(struct px_store *st, const char *dev_key,
                       int (*fn)(void *arg, const struct px_request *r), void *arg);

/* ---- ops_run.c ---- */
extern const struct px_plan_ops px_async_ops;     /* PX_PLAN_ASYNC */
extern const struct px_plan_ops px_op_result_ops; /* PX_PLAN_OP_RESULT */
/* The Inform hook (acs.c, after the device is stored): "8 DIAGNOSTICS
 * COMPLETE" queues the reading of the pending diagnostics' results; a
 * reboot (1 BOOT, 0 BOOTSTRAP) without it fails them (TR-143 diagnostics do
 * not survive one). */
void px_ops_inform(struct px_daemon *d, const char *dev_key, const char *agent,
                   const struct cwmp_msg *inform);
/* A TransferComplete of the CPE (acs.c): completes the Download whose
 * CommandKey it carries. */
void px_ops_transfer_complete(struct px_daemon *d, const char *dev_key, const char *agent,
                              const struct cwmp_msg *tc);
/* Fails pending operations past their deadline (rate-limited: call it
 * every second). */
void px_ops_expire(struct px_daemon *d);
/* Adds Device.LocalAgent.RequestNumberOfEntries and Request.{i}. of the
 * device to vs (synth.c). */
void px_ops_synth_add(struct px_store *st, const char *dev_key, struct map_values *vs);

#endif /* PROXY_OPS_H */
