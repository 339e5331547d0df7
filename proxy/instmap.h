/*
 * instmap.h - instance numbers of CPEs that reuse them (the `instmap`
 * database; docs/ARCHITECTURE.md "Uneven CPEs" and "State (LMDB)").
 *
 * TR-369 R-ARC.8: an Instance Number names one object instance until it is
 * deleted, and controllers (subscriptions, references, caches) take a
 * number seen deleted as gone for good. Some CWMP CPEs hand the number of
 * a deleted instance out again from AddObject. The proxy remembers the
 * CWMP instances it deleted (DeleteObject); an AddObject that returns one
 * of them teaches the device flag PX_DEVFLAG_REUSES_INSTANCES. For a
 * device with the flag, a new instance whose number the table has used
 * before gets a fresh USP number above every number the table has used,
 * and the two instance paths are mapped both ways.
 *
 * Namespaces: everything in the proxy above acs.c (plans, the parameter
 * cache, completeness markers, subscriptions, attributes) speaks USP
 * paths. The translation happens at one boundary, the CWMP session
 * (acs.c): every RPC going to the CPE is rewritten USP -> CWMP
 * (px_instmap_outgoing), every answer and every Inform CWMP -> USP
 * (px_instmap_incoming, px_instmap_inform).
 *
 * Keys: device key NUL kind path:
 *   'u' USP object instance path  -> u8 version, u16+CWMP instance path
 *   'c' CWMP object instance path -> u8 version, u16+USP instance path
 *   'd' CWMP object instance path the proxy deleted -> u8 version, i64 time
 *   'h' CWMP table path -> u8 version, u32 highest instance number the
 *       table has used on either side (deleted, returned, mapped)
 */
#ifndef PROXY_INSTMAP_H
#define PROXY_INSTMAP_H

#include <stddef.h>
#include <stdint.h>

#include "proxy/store.h"

struct cwmp_msg;
struct px_daemon;
struct px_session;

#define PX_INSTMAP_VERSION  1
#define PX_INSTMAP_PATH_MAX 300 /* longer paths are never mapped */

/* ---- pure: paths and records (unit-tested, fuzzed) ---- */

/*
 * The mapped instance path of inst (an object instance path ending in
 * '.') into out: 1; 0 when inst is not mapped; -1 on an error.
 */
typedef int (*px_instmap_get_fn)(void *arg, const char *inst, char *out, size_t cap);

/*
 * Translates path (any name: table, instance, parameter, partial path)
 * through get: the deepest instance prefix that get maps is replaced by
 * its mapping (a mapping of a nested instance already carries its
 * parents' translation). 1 when translated, 0 when out == path, -1 when
 * out is too small or get failed (out = path when it fits).
 */
int px_instmap_translate(const char *path, px_instmap_get_fn get, void *arg, char *out, size_t cap);

/* Splits an object instance path "T.N." into its table "T." and N: 0, or
 * -1 when path is not an instance path. */
int px_instmap_split(const char *inst, char *table, size_t cap, uint32_t *num);

/*
 * Whether a new CWMP instance number num needs a USP number of its own:
 * a device with the flag maps every number up to the table's high-water
 * mark, a number deleted before, or a number a mapping uses on the USP
 * side; a device without it only a number deleted before (that is the
 * detection).
 */
int px_instmap_must_map(int flagged, uint32_t num, uint32_t high, int deleted, int usp_taken);

/* The fresh USP number: above everything the table used (0 when none is
 * left). */
uint32_t px_instmap_fresh(uint32_t high, uint32_t num, uint32_t cached_max);

/* Records. Decoders take untrusted bytes: -1 with a sentence in why. */
int px_instmap_encode_path(const char *path, uint8_t **buf, size_t *len);
int px_instmap_decode_path(const void *buf, size_t len, char *out, size_t cap, char *why,
                           size_t why_len);
void px_instmap_encode_high(uint32_t high, uint8_t out[5]);
int px_instmap_decode_high(const void *buf, size_t len, uint32_t *high, char *why, size_t why_len);
void px_instmap_encode_deleted(int64_t when, uint8_t out[9]);
int px_instmap_decode_deleted(const void *buf, size_t len, int64_t *when, char *why,
                              size_t why_len);

/* ---- the store ---- */

/* Translates a USP path to the CPE's (kind 'u') or a CPE's path to USP
 * (kind 'c'); 1, 0 (unchanged) or -1 as px_instmap_translate. */
int px_instmap_path(struct px_store *s, const char *dev_key, char kind, const char *path, char *out,
                    size_t cap);

/* The CPE deleted cwmp_inst: remembered, and the mappings (and records of
 * nested tables) under it go. */
int px_instmap_deleted(struct px_store *s, const char *dev_key, const char *cwmp_inst, int64_t now);

/*
 * AddObject on cwmp_table returned num. *usp_num gets the number the USP
 * side sees (num, or a fresh one now mapped to it); *reused is 1 when num
 * was deleted before (the caller learns the flag). flagged: the device has
 * PX_DEVFLAG_REUSES_INSTANCES (a reused number is mapped either way).
 */
int px_instmap_added(struct px_store *s, const char *dev_key, const char *cwmp_table, uint32_t num,
                     int flagged, uint32_t *usp_num, int *reused);

/* Number of mappings ('u' entries) of the device. */
int px_instmap_count(struct px_store *s, const char *dev_key, size_t *n);

/* ---- the CWMP session boundary (acs.c) ---- */

/* Before an RPC goes to the CPE: names USP -> CWMP (devices with the
 * flag); the AddObject / DeleteObject object is remembered. */
void px_instmap_outgoing(struct px_session *s, struct cwmp_msg *rpc);
/* An answer of the CPE, before anything reads it: deletions and new
 * instances are recorded (and detected), names CWMP -> USP. */
void px_instmap_incoming(struct px_session *s, struct cwmp_msg *resp);
/* An Inform's parameter names CWMP -> USP (flags: the device's). */
void px_instmap_inform(struct px_daemon *d, const char *dev_key, uint32_t flags,
                       struct cwmp_msg *inform);
/* The session ends: what was remembered goes. */
void px_instmap_session_end(struct px_session *s);

#endif /* PROXY_INSTMAP_H */
