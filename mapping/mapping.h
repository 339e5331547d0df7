/*
 * mapping.h - public interface of libmapping: translation between USP
 * (TR-369) and CWMP (TR-069). It depends on the types of cwmp/ and usp/
 * only, and on nothing of proxy/.
 */
#ifndef MAPPING_MAPPING_H
#define MAPPING_MAPPING_H

#include <stddef.h>
#include <stdint.h>

#include "usp/msg.h"

/* ---------------------------------------------------------------------
 * CWMP fault -> USP error (the table is in mapping/fault.c and
 * docs/ARCHITECTURE.md, "CWMP faults and USP errors").
 * ------------------------------------------------------------------- */

/* What the USP request was doing when the CPE answered with a fault. */
enum map_context {
    MAP_CTX_GET,     /* Get, GetInstances, GetSupportedDM: GPV, GPN */
    MAP_CTX_SET,     /* Set: SPV, and SPA for subscriptions */
    MAP_CTX_ADD,     /* Add: AddObject (+ SPV) */
    MAP_CTX_DELETE,  /* Delete: DeleteObject */
    MAP_CTX_OPERATE, /* Operate: Reboot, FactoryReset, Download, ... */
};

/*
 * The USP error code for a CWMP fault code met in context. Never 0:
 * unknown and vendor faults give 7000 (General failure).
 */
int map_fault_to_usp(int cwmp_fault, enum map_context context);

/* Iteration over the table, for documentation checks. */
struct map_fault_row {
    int cwmp_fault;
    int usp_get, usp_set, usp_add, usp_delete, usp_operate;
};
int map_fault_row_at(unsigned i, struct map_fault_row *row);

/* ---------------------------------------------------------------------
 * Get (mapping/get.c): USP Get paths -> GetParameterValues names, and
 * fetched values -> GetResp results (TR-369 "Get").
 * ------------------------------------------------------------------- */

struct usp_msg;

/* Longest GetParameterValues name built here (TR-069 A.3.2.1: 256). */
#define MAP_NAME_MAX 256

/*
 * The GetParameterValues name that fetches what the USP path text names:
 * the path itself when it is concrete (a full parameter name or a partial
 * object path), else the partial path before its first wildcard, search
 * expression or reference (the proxy resolves the rest itself). Returns 0
 * and fills name, or a USP error code (7008 bad syntax, 7026 a command or
 * event path, or a name too long for CWMP) with a sentence in why.
 */
int map_get_fetch_name(const char *path, char *name, size_t cap, char *why, size_t why_len);

/* A set of parameter values (full CWMP names), e.g. what GPV returned. */
struct map_value {
    char *name;
    char *value;
    int type; /* enum cwmp_type of the value (0: string) */
};
struct map_values {
    struct map_value *v;
    size_t n, cap;
    int sorted;
};

/* Adds a copy of name/value (a later duplicate replaces an earlier one
 * once sorted). 0, or -1 when out of memory. */
int map_values_add(struct map_values *vs, const char *name, const char *value);
/* The same with the value's CWMP type (enum cwmp_type). */
int map_values_add_typed(struct map_values *vs, const char *name, const char *value, int type);
/* The entry of name, or NULL (vs must be sorted). */
const struct map_value *map_values_get(const struct map_values *vs, const char *name);
/* Sorts by name and drops duplicates (the last added wins). */
void map_values_sort(struct map_values *vs);
/* The value of name, or NULL (vs must be sorted). */
const char *map_values_find(const struct map_values *vs, const char *name);
void map_values_free(struct map_values *vs);

/*
 * Appends to resp (a usp_getresp_new() message) the requested_path_result
 * of one requested path, answered from vs (sorted), which holds at least
 * every value under the path's fetch name: the path is resolved against
 * vs (wildcards, searches), and the values are grouped per object: one
 * resolved_path_result per object (resolved_path "Device.WiFi.SSID.1.")
 * with the parameter names relative to it (TR-369 "GetResp"). max_depth
 * (0 = no limit) limits object paths: depth 1 is the object itself, each
 * further path segment (name or instance number) one more. A concrete
 * path with no values gives 7026 (Invalid path), unless object_exists
 * says the caller knows the object is there (an empty table: a result
 * with no resolved paths). Returns 0, or -1 when out of memory.
 */
int map_get_add_result(struct usp_msg *resp, const char *requested, uint32_t max_depth,
                       const struct map_values *vs, int object_exists);

/* A list of concrete paths (struct usp_path_list of usp/path.h). */
struct usp_path_list;

/*
 * Resolves a USP path (wildcards, searches, instance numbers) against vs
 * (sorted), appending the concrete paths to out. Returns 0, or a USP error
 * code with a sentence in why.
 */
int map_resolve(const char *path, const struct map_values *vs, struct usp_path_list *out, char *why,
                size_t why_len);

/* ---------------------------------------------------------------------
 * Add and Delete (mapping/add.c, mapping/delete.c): the AddResp /
 * DeleteResp (or, with allow_partial false and a failure, the Error) of
 * TR-369 "Add" / "Delete" built from what the CWMP RPCs gave.
 * ------------------------------------------------------------------- */

/* One parameter setting of a created object, or one path that failed. */
struct map_param_err {
    const char *path; /* Add: the parameter name relative to the object */
    uint32_t err;     /* 0: applied (Add) */
    const char *err_msg;
};

/* What happened to one object to create (one per matched table). */
struct map_add_outcome {
    const char *requested_path;
    const char *instantiated_path; /* created and kept ("...PortMapping.3.") */
    uint32_t err;                  /* the object failed (nothing kept): 7xxx */
    const char *err_msg;
    const struct map_param_err *params; /* settings; err != 0: not applied */
    size_t n_params;
    const char *const *key_names; /* unique keys read back after creation */
    const char *const *key_values;
    size_t n_keys;
};

/*
 * TR-369 "Add": with allow_partial false and any outcome failed, an Error
 * (the first failure's code) whose param_errs name each failed parameter
 * (instantiated or requested path + name) or, without one, the failed
 * object path; else an AddResp with one created_obj_result per outcome
 * (success: instantiated_path, unique_keys, param_errs of non-required
 * settings that failed; failure: err_code/err_msg). 0, or -1 when out of
 * memory.
 */
int map_add_response(const char *msg_id, int allow_partial, const struct map_add_outcome *o,
                     size_t n, struct usp_msg **out);

/* What happened to one requested Delete path. */
struct map_delete_outcome {
    const char *requested_path;
    uint32_t err; /* the path failed as a whole (7008, 7016, 7018, ...) */
    const char *err_msg;
    const char *const *affected; /* instances deleted */
    size_t n_affected;
    const struct map_param_err *unaffected; /* instances that failed */
    size_t n_unaffected;
};

/*
 * TR-369 "Delete": with allow_partial false and any failure (a path or an
 * instance), an Error (the first failure's code) with one param_err per
 * failed path or instance; else a DeleteResp with one deleted_obj_result
 * per outcome (a path matching nothing is a success with no
 * affected_paths, TP-469 1.32). 0, or -1 when out of memory.
 */
int map_delete_response(const char *msg_id, int allow_partial, const struct map_delete_outcome *o,
                        size_t n, struct usp_msg **out);

/* Whether a (concrete) object path ends in an instance number
 * ("Device.NAT.PortMapping.3."): what Delete takes and Add does not. */
int map_path_is_instance(const char *path);

/* ---------------------------------------------------------------------
 * GetInstances (mapping/instances.c, TR-369 "GetInstances").
 * ------------------------------------------------------------------- */

/* The unique key parameter names (NULL-terminated) of the table of an
 * instance path ("Device.NAT.PortMapping.3."), or NULL for none. */
typedef const char *const *(*map_unique_keys_fn)(void *arg, const char *instance);

/*
 * Appends to resp (a usp_getinstresp_new() message) the
 * requested_path_result of one requested object path, answered from vs
 * (sorted), which holds at least every value under the path's fetch name
 * (map_get_fetch_name): the path is resolved against vs (wildcards,
 * searches), and every instance at or below each resolved object is a
 * curr_inst (with first_level_only, only the instances of the resolved
 * object's own tables: one instance number below it; an instance path
 * gives itself), in path order with instance numbers compared as numbers.
 * unique_keys: the key names keys_of gives (NULL: "Alias") that the
 * instance has in vs. A concrete path with no values below it gives 7026
 * unless object_exists; a parameter, command or event path gives 7026;
 * a search matching nothing an empty result. CWMP shows an instance only
 * through its parameters: one with none below it is not listed. Returns
 * 0, or -1 when out of memory.
 */
int map_instances_add_result(struct usp_msg *resp, const char *requested, int first_level_only,
                             const struct map_values *vs, int object_exists,
                             map_unique_keys_fn keys_of, void *arg);

/* ---------------------------------------------------------------------
 * GetSupportedDM (mapping/supported.c, TR-369 "GetSupportedDM"): a
 * Supported Data Model tree built from GetParameterNames results
 * (TR-069 A.3.2.3) and what the caller serves itself.
 * ------------------------------------------------------------------- */

struct map_sdm;

/* cwmp_value_change: the value_change of every parameter a CWMP name
 * brings (whether the caller notifies ValueChange for them). */
struct map_sdm *map_sdm_new(enum usp_value_change cwmp_value_change);
void map_sdm_free(struct map_sdm *s);
size_t map_sdm_object_count(const struct map_sdm *s);

/*
 * Adds one name of a GetParameterNamesResponse: an object ("...PortMapping.",
 * "...PortMapping.3.", Writable: AddObject / DeleteObject allowed) or a
 * parameter (Writable: read-write). Instance numbers become {i}. Value
 * types are unknown (asked at map_sdm_add_result through type_of with
 * the CWMP name). 0, or -1 when out of memory or the name does not fit.
 */
int map_sdm_add_cwmp_name(struct map_sdm *s, const char *name, int writable);

/* What the caller serves itself; obj is a supported-notation object path
 * ("Device.LocalAgent.Subscription.{i}.": multi-instance when it ends in
 * "{i}."), created when missing. 0, or -1 when out of memory. */
int map_sdm_add_object(struct map_sdm *s, const char *obj, enum usp_obj_access access);
int map_sdm_has_object(struct map_sdm *s, const char *obj);
int map_sdm_add_param(struct map_sdm *s, const char *obj, const char *name,
                      enum usp_param_access access, enum usp_value_type type,
                      enum usp_value_change vc);
int map_sdm_add_command(struct map_sdm *s, const char *obj, const char *name,
                        enum usp_cmd_type type, const char *const *in, size_t n_in,
                        const char *const *out, size_t n_out);
int map_sdm_add_event(struct map_sdm *s, const char *obj, const char *name, const char *const *args,
                      size_t n_args);
int map_sdm_add_unique_key_set(struct map_sdm *s, const char *obj, const char *const *keys,
                               size_t n);

/* After every add: folds each CWMP table object into its {i} object
 * (access from the Writable flags: ADD_DELETE, ADD_ONLY, DELETE_ONLY,
 * READ_ONLY; a writable table with no instance is a table; a CWMP table
 * with an Alias parameter gets the unique key set {Alias}) and sorts.
 * 0, or -1 when out of memory. */
int map_sdm_finish(struct map_sdm *s);

enum map_sdm_kind { MAP_SDM_OBJECT, MAP_SDM_PARAM, MAP_SDM_COMMAND, MAP_SDM_EVENT };

/*
 * A requested path in supported notation: instance numbers, '*' and
 * search expressions become {i} ("Device.WiFi.SSID.1." ->
 * "Device.WiFi.SSID.{i}."), and what it names in *kind. 0, or 7008 with a
 * sentence in why.
 */
int map_sdm_normalize(const char *path, char *out, size_t cap, enum map_sdm_kind *kind, char *why,
                      size_t why_len);

/* The enum usp_value_type of a CWMP parameter name, or -1 when unknown. */
typedef int (*map_sdm_type_fn)(void *arg, const char *cwmp_name);

/*
 * Appends to resp (a usp_gsdmresp_new() message) the req_obj_result of
 * one requested path against s (finished): the object (an object path
 * may leave out its final "{i}.") with its parameters, commands, events
 * and unique key sets as flags ask, then every object below it (with
 * first_level_only, only its immediate children, without details:
 * TR-369 "GetSupportedDM"); a parameter, command or event path gives its
 * object with that element only. A path not in s gives 7026, a malformed
 * one 7008. uri: data_model_inst_uri. Returns 0, or -1 when out of memory.
 */
int map_sdm_add_result(struct usp_msg *resp, const struct map_sdm *s, const char *requested,
                       const struct usp_gsdm_flags *flags, const char *uri, map_sdm_type_fn type_of,
                       void *arg);

/* The TR-369 ParamValueType (enum usp_value_type) of an enum cwmp_type,
 * or -1. */
int map_usp_value_type(int cwmp_type);

#endif /* MAPPING_MAPPING_H */
