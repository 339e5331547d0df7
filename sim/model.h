/*
 * model.h - the data model store of cwmp-sim: model files, per-device
 * parameter trees and the CWMP RPC operations on them.
 *
 * A struct sim_model is loaded once from a model file (docs/MODEL-FORMAT.md)
 * and is immutable: the schema (names, types, access, constraints,
 * defaults) and the initial instances and values. Any number of struct
 * sim_device share it; a device keeps only what differs from the model
 * (copy-on-write of the objects it changed), its placeholder values
 * (${serial} ...), attributes it changed and pending value changes.
 *
 * Every RPC operation returns 0 or a TR-069 fault code (CWMP_FAULT_*, A.5.1)
 * and then fills a struct sim_fault with the message (and for
 * SetParameterValues the per-parameter faults). Pass a zeroed fault and
 * sim_fault_clear() it after a failure. Result lists (struct sim_values ...)
 * start zeroed, are appended to, and are freed by the caller also after a
 * fault (they may hold partial results then). Not thread-safe: a device
 * and its model belong to one thread (the simulator's event loop); loading
 * models is reentrant.
 */
#ifndef SIM_MODEL_H
#define SIM_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "cwmp/cwmp.h"

struct sim_model;  /* immutable schema + initial instances, shared */
struct sim_device; /* one simulated CPE's mutable data model */

/* ---- models ---- */

/*
 * Loads a model file. On error returns -1 and writes "file:line: message"
 * into err (errlen bytes, may be 0). sim_model_parse does the same for text
 * in memory; name is used in messages.
 */
int sim_model_load(const char *path, struct sim_model **out, char *err, size_t errlen);
int sim_model_parse(const char *name, const char *text, size_t len, struct sim_model **out,
                    char *err, size_t errlen);
/*
 * Finds a model file by name: name itself if it is a readable file, else
 * NAME or NAME.model in the installed models directory ($(pkgdatadir)/models)
 * and then in the source tree's sim/models. Returns 0 and writes the path
 * to out, or -1 when there is none.
 */
int sim_model_find(const char *name, char *out, size_t size);

/* Frees a model. Free every device made from it first. */
void sim_model_free(struct sim_model *model);

/* The root object name with its dot: "Device." or "InternetGatewayDevice." */
const char *sim_model_root(const struct sim_model *model);
/* Number of parameters of the initial instance tree (what "" returns). */
size_t sim_model_param_count(const struct sim_model *model);

/* ---- devices ---- */

/*
 * What the placeholders of a model file become for one device. NULL
 * strings: serial -> "SIM" + 9-digit index, mac -> derived from oui and
 * index (sim_mac_from_index), the others -> "". Strings are copied.
 */
struct sim_vars {
    uint32_t index;            /* ${index}: the device's number in the fleet */
    const char *serial;        /* ${serial} */
    const char *oui;           /* ${oui}: 6 hex digits */
    const char *product_class; /* ${product_class} */
    const char *mac;           /* ${mac}: "aa:bb:cc:dd:ee:ff"; ${mac+N} adds N (0-7) */
    const char *ip;            /* ${ip} */
    const char *acs_url;       /* ${acs_url} */
    const char *cr_port;       /* ${cr_port}: connection request port */
};

/*
 * A MAC for device index (+ offset 0-7, so one device has 8 distinct MACs):
 * the OUI (6 hex digits) followed by 24 bits of index * 8 + offset; without a
 * valid OUI the locally administered prefix 02:00:00. out gets 18 bytes.
 */
void sim_mac_from_index(const char *oui, uint32_t index, unsigned offset, char out[18]);

int sim_device_new(const struct sim_model *model, const struct sim_vars *vars,
                   struct sim_device **out);
void sim_device_free(struct sim_device *dev);

/* Back to the model file's state: values, instances, instance numbering,
 * attributes; pending value changes are dropped. */
void sim_device_factory_reset(struct sim_device *dev);

/* ---- results ---- */

struct sim_fault_param {
    char *name;
    int code;
    char *message;
};

/* A fault: code 0 when none. params only for SetParameterValues (9003). */
struct sim_fault {
    int code;
    char message[256];
    struct sim_fault_param *params;
    size_t nparams;
};
void sim_fault_clear(struct sim_fault *fault);

struct sim_value {
    char *name;
    char *value;
    enum cwmp_type type;
};
struct sim_values {
    struct sim_value *items;
    size_t count, cap;
};
void sim_values_free(struct sim_values *list);

struct sim_name {
    char *name; /* objects end with '.' */
    int writable;
};
struct sim_names {
    struct sim_name *items;
    size_t count, cap;
};
void sim_names_free(struct sim_names *list);

#define SIM_ACCESS_SUBSCRIBER 1 /* AccessList contains "Subscriber" */

struct sim_attr {
    char *name;
    int notification; /* 0 off, 1 passive, 2 active */
    int access;       /* SIM_ACCESS_* bits */
};
struct sim_attrs {
    struct sim_attr *items;
    size_t count, cap;
};
void sim_attrs_free(struct sim_attrs *list);

/* ---- RPCs (TR-069 A.3.2) ---- */

/*
 * GetParameterValues: full names and partial paths (ending in '.', "" is
 * the whole tree). Appends to out (which the caller zeroes first).
 */
int sim_get_values(struct sim_device *dev, const char *const *names, size_t n,
                   struct sim_values *out, struct sim_fault *fault);

struct sim_set {
    const char *name;
    const char *value;
    const char *type; /* xsi:type as sent ("xsd:int") or NULL: not checked */
};

/*
 * SetParameterValues, atomic: either every value is set or none is and the
 * call fails with 9003 and fault->params lists each failing parameter
 * (9005, 9006, 9007, 9008). On success the ParameterKey becomes
 * parameter_key (may be NULL: unchanged) and *status is 0 (applied).
 * Changes made by the ACS never raise value change notifications.
 */
int sim_set_values(struct sim_device *dev, const struct sim_set *items, size_t n,
                   const char *parameter_key, int *status, struct sim_fault *fault);

/* GetParameterNames (A.3.2.3) with NextLevel semantics. */
int sim_get_names(struct sim_device *dev, const char *path, int next_level, struct sim_names *out,
                  struct sim_fault *fault);

/* GetParameterAttributes for full names and partial paths. */
int sim_get_attributes(struct sim_device *dev, const char *const *names, size_t n,
                       struct sim_attrs *out, struct sim_fault *fault);

struct sim_set_attr {
    const char *name; /* full name or partial path */
    int notification_change;
    int notification;
    int access_change;
    int access; /* SIM_ACCESS_* bits */
};

/* SetParameterAttributes, atomic; 9009 when active notification is
 * refused for a parameter (model flag denyactive). */
int sim_set_attributes(struct sim_device *dev, const struct sim_set_attr *items, size_t n,
                       struct sim_fault *fault);

/* AddObject: path names a table ("Device.NAT.PortMapping."). Returns the
 * new instance number, never reused until a factory reset, unless
 * sim_device_reuse_instances() was set: then the lowest number no
 * instance of the table has (a deleted instance's number comes back). */
void sim_device_reuse_instances(struct sim_device *dev, int on);
int sim_add_object(struct sim_device *dev, const char *path, const char *parameter_key,
                   uint32_t *instance, int *status, struct sim_fault *fault);

/* DeleteObject: path names an instance ("Device.NAT.PortMapping.3."). */
int sim_delete_object(struct sim_device *dev, const char *path, const char *parameter_key,
                      int *status, struct sim_fault *fault);

/* ---- the simulator's own access ---- */

/*
 * The value of a full parameter name, or NULL when there is none. The
 * pointer is into the store (valid until the next change of the device)
 * or, for values with placeholders, into buf (NULL if it does not fit).
 * Hidden values (passwords) are returned as they are. type may be NULL.
 */
const char *sim_device_value(struct sim_device *dev, const char *name, char *buf, size_t size,
                             enum cwmp_type *type);

/*
 * Sets a value from the device side (uptime, diagnostics results, a new
 * host). The value must be of the parameter's type. Records a value change
 * when notification is on (or forced) and the value differs.
 * Returns 0 or a fault code (9005, 9006, 9007) with the message in fault.
 */
int sim_device_update(struct sim_device *dev, const char *name, const char *value,
                      struct sim_fault *fault);

/* AddObject/DeleteObject from the device side (no ParameterKey change). */
int sim_device_add(struct sim_device *dev, const char *path, uint32_t *instance,
                   struct sim_fault *fault);
int sim_device_delete(struct sim_device *dev, const char *path, struct sim_fault *fault);

/*
 * Value changes since the last clear (for Inform event "4 VALUE CHANGE"):
 * appends name/current value/type of each changed parameter still present
 * to out. *active (may be NULL) is set when one of them has active
 * notification (the CPE must Inform at once).
 */
int sim_device_changes(struct sim_device *dev, struct sim_values *out, int *active);
/* Whether an active notification is pending. */
int sim_device_active_pending(const struct sim_device *dev);
void sim_device_changes_clear(struct sim_device *dev);

/*
 * For a change made while an Inform is under way: take the sequence
 * number when the Inform is built, and once it is delivered clear only
 * the changes it carried; later ones stay for the next Inform.
 */
uint32_t sim_device_changes_seq(const struct sim_device *dev);
void sim_device_changes_clear_upto(struct sim_device *dev, uint32_t seq);

/* Heap bytes the device owns beyond the shared model (malloc overhead not
 * counted). */
size_t sim_device_bytes(const struct sim_device *dev);

#endif /* SIM_MODEL_H */
