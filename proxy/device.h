/*
 * device.h - the device registry: one record per CWMP CPE, kept in LMDB
 * only (the registry is a view on the store, not an in-memory table, so a
 * million known devices cost no resident memory while idle).
 *
 * Device key: the CWMP DeviceId OUI "-" ProductClass "-" SerialNumber
 * (TR-069 A.3.3.1 DeviceIdStruct), with ProductClass and SerialNumber
 * escaped (px_device_key()). The same escaping builds the USP Endpoint ID
 * (TR-369 "Endpoint Identifier": os::OUI-SerialNumber or
 * ops::OUI-ProductClass-SerialNumber).
 *
 * Escaping: the OUI must be 6 hex digits (upper-cased). In ProductClass and
 * SerialNumber, letters, digits, "." and "_" stay; every other byte,
 * including "-" (the separator) and "%", becomes "%XX" (upper-case hex).
 * Those are exactly TR-369 R-ARC.5's characters (unreserved / pct-encoded)
 * minus "-", so a key and an Endpoint ID are unambiguous and reversible.
 */
#ifndef PROXY_DEVICE_H
#define PROXY_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "proxy/store.h"

/* TR-069 A.3.3.1: string(64) for each DeviceIdStruct member. */
#define PX_DEVICE_FIELD_MAX 64
/* A device key is at most this long (without NUL); keeps params keys
 * (key NUL path) under LMDB's 511-byte key limit. */
#define PX_DEVICE_KEY_MAX 200
/* TR-369 R-ARC.6: an instance-id is at most 50 characters. */
#define PX_ENDPOINT_INSTANCE_MAX 50
#define PX_ENDPOINT_ID_MAX       64
#define PX_DEVICE_URL_MAX        256 /* TR-069: ConnectionRequestURL string(256) */
#define PX_DEVICE_EVENTS_MAX     64  /* TR-069 A.3.3.1: EventStruct[64] */

/* Same numbering as enum px_endpoint_scheme of config.h. */
enum px_device_eid_scheme { PX_DEVICE_EID_OS, PX_DEVICE_EID_OPS };

/* Per-device learned behaviour (bitmask, extensible: new bits only). */
enum px_device_flag {
    PX_DEVFLAG_NO_GETRPCMETHODS = 1u << 0,   /* GetRPCMethods answered fault 9000 */
    PX_DEVFLAG_PARTIAL_GPV_BROKEN = 1u << 1, /* partial-path GPV fails or lies */
    PX_DEVFLAG_NO_ATTRIBUTES = 1u << 2,      /* Set/GetParameterAttributes unsupported */
    PX_DEVFLAG_NO_REBOOT_RPC = 1u << 3,      /* Reboot answered fault 9000 */
    PX_DEVFLAG_NO_BOOT_EVENTS = 1u << 4,     /* never sends 0 BOOTSTRAP / 1 BOOT */
    PX_DEVFLAG_REUSES_INSTANCES = 1u << 5,   /* instance numbers come back reused */
    /* pxnotify: state, not a quirk: a FactoryReset was accepted, so the next
     * 0 BOOTSTRAP is a RemoteFactoryReset (Device.Boot! Cause) */
    PX_DEVFLAG_FACTORY_RESET_SENT = 1u << 16,
    /* learned by proxy/quirks.c (GetRPCMethods list, faults 9000) */
    PX_DEVFLAG_NO_FACTORY_RESET = 1u << 6,   /* FactoryReset not listed / fault 9000 */
    PX_DEVFLAG_NO_SCHEDULE_INFORM = 1u << 7, /* ScheduleInform not listed / fault 9000 */
    PX_DEVFLAG_NO_DOWNLOAD = 1u << 8,        /* Download not listed / fault 9000 */
    PX_DEVFLAG_RPC_METHODS_ASKED = 1u << 9,  /* GetRPCMethods was sent once */
};

struct px_device {
    /* identity (TR-069 DeviceIdStruct) */
    char *manufacturer;
    char *oui;
    char *product_class; /* may be "" */
    char *serial_number;
    /* USP side */
    char *endpoint_id;
    /* connection request */
    char *cr_url;
    char *cr_username;
    char *cr_password;
    /* history */
    int64_t first_seen;  /* unix seconds */
    int64_t last_inform; /* unix seconds */
    char **events;       /* EventCodes of the last Inform */
    size_t n_events;
    uint8_t cwmp_major, cwmp_minor; /* CWMP version used, e.g. 1.4 */
    uint32_t flags;                 /* enum px_device_flag bits */
};

/* Frees the strings of d and zeroes it (d itself is the caller's). */
void px_device_clear(struct px_device *d);

/*
 * Builds the device key into buf (NUL-terminated). Returns 0, or -1 with a
 * sentence in why (which field is bad and how).
 */
int px_device_key(const char *oui, const char *product_class, const char *serial_number, char *buf,
                  size_t buf_len, char *why, size_t why_len);

/* Builds the USP Endpoint ID for scheme into buf. Fails when the
 * instance-id would exceed TR-369 R-ARC.6's 50 characters. */
int px_device_endpoint_id(enum px_device_eid_scheme scheme, const char *oui,
                          const char *product_class, const char *serial_number, char *buf,
                          size_t buf_len, char *why, size_t why_len);

/*
 * Record codec (version 1, tag-length-value; see device.c). Decoding
 * treats the bytes as untrusted: any bound or consistency violation gives
 * -1 and a sentence in why; d is left cleared.
 */
int px_device_encode(const struct px_device *d, uint8_t **buf, size_t *len);
int px_device_decode(const void *buf, size_t len, struct px_device *d, char *why, size_t why_len);

/* Stores d under its key (computed from its identity) and maintains the
 * endpoints index. The endpoint_id must be set. */
int px_device_put(struct px_store *s, const struct px_device *d);

/* Loads the device with key; PX_STORE_NOT_FOUND when unknown. */
int px_device_get(struct px_store *s, const char *key, struct px_device *d);

/* Looks a device up by its USP Endpoint ID; key_out (may be NULL) gets its
 * key (PX_DEVICE_KEY_MAX + 1 bytes). */
int px_device_get_by_endpoint(struct px_store *s, const char *endpoint_id, struct px_device *d,
                              char *key_out);

/* Sets and clears flag bits of a known device. */
int px_device_update_flags(struct px_store *s, const char *key, uint32_t set, uint32_t clear);

/* Removes the device, its index entry and its cached parameters. */
int px_device_delete(struct px_store *s, const char *key);

int px_device_count(struct px_store *s, size_t *n);

/* Calls fn with each device key in order (fn returns nonzero to stop). */
int px_device_foreach_key(struct px_store *s, int (*fn)(void *arg, const char *key), void *arg);

#endif /* PROXY_DEVICE_H */
