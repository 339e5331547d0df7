/*
 * path.h - USP Path Names: parse, print and resolve (TR-369 2.5 "Path
 * Names", 2.6 "Other Path Decorators", 2.7 "Data Model Path Grammar").
 *
 * A path is parsed once into a struct usp_path (an AST, read-only for
 * callers), printed back in canonical form, and resolved into the concrete
 * Object, Parameter, Command or Event paths it designates through a
 * struct usp_path_source: callbacks that list the instances of a table and
 * read a parameter value, so any data source (the proxy's cache, a CPE, a
 * test tree) can answer. Part of usp/usp.h.
 */
#ifndef USP_PATH_H
#define USP_PATH_H

#include <stddef.h>
#include <stdint.h>

/* Longest path text accepted, in bytes. */
#define USP_PATH_MAX_LEN 4096

/* What a path designates (TR-369 2.5: the five addressing forms). */
enum usp_path_kind {
    USP_PATH_OBJECT,    /* "Device.WiFi.SSID." or "Device.NAT.PortMapping.1.Interface+." */
    USP_PATH_INSTANCE,  /* "Device.WiFi.SSID.1.", "Device.WiFi.SSID.*.", "...[Alias==\"x\"]." */
    USP_PATH_PARAMETER, /* "Device.WiFi.SSID.1.SSID" */
    USP_PATH_COMMAND,   /* "Device.Reboot()" */
    USP_PATH_EVENT,     /* "Device.Boot!" */
};

/* Expression operators (TR-369 2.5.4). */
enum usp_path_op {
    USP_PATH_OP_EQ,       /* == */
    USP_PATH_OP_NE,       /* != */
    USP_PATH_OP_CONTAINS, /* ~= list contains */
    USP_PATH_OP_LT,       /* < */
    USP_PATH_OP_GT,       /* > */
    USP_PATH_OP_LE,       /* <= */
    USP_PATH_OP_GE,       /* >= */
};

/*
 * A reference-follow marker after a parameter name (TR-369 2.6.1):
 * "Ref+" follows the first list item, "Ref#3+" the third, "Ref#*+" all.
 */
struct usp_path_ref {
    int present;        /* 1 if the name is followed by a marker */
    int all;            /* 1 for "#*+" */
    uint32_t index;     /* list item, 1-based; 1 for a plain "+" */
    int explicit_index; /* 1 if written as "#n+" (kept for printing) */
};

/* One name of a relative path inside an expression, e.g. "SSIDReference+". */
struct usp_path_relname {
    char *name;
    struct usp_path_ref ref;
};

/* One Expression Component: relpath oper value. */
struct usp_path_term {
    struct usp_path_relname *rel; /* the Expression Parameter, a relative path */
    size_t nrel;
    enum usp_path_op op;
    char *value; /* the Expression Constant, %-escapes decoded */
    int quoted;  /* 1 if it was a "string" literal */
    size_t offset;
};

enum usp_path_seg_type {
    USP_PATH_SEG_NAME,        /* an Object, Parameter, Command or Event name */
    USP_PATH_SEG_INSTANCE,    /* an Instance Number */
    USP_PATH_SEG_WILDCARD,    /* '*' */
    USP_PATH_SEG_EXPR,        /* '[...]': unique key address or search */
    USP_PATH_SEG_PLACEHOLDER, /* '{i}' of a Supported Data Model path */
};

struct usp_path_seg {
    enum usp_path_seg_type type;
    size_t offset;               /* where the segment starts in the text */
    char *name;                  /* NAME */
    struct usp_path_ref ref;     /* NAME: reference following */
    uint32_t instance;           /* INSTANCE */
    struct usp_path_term *terms; /* EXPR: components joined by && */
    size_t nterms;
};

struct usp_path {
    struct usp_path_seg *segs;
    size_t nsegs;
    enum usp_path_kind kind;
    int partial;         /* 1 if the path ends with '.' (Object / Instance path) */
    int has_wildcard;    /* any '*' instance */
    int has_expr;        /* any '[...]' (unique key or search) */
    int has_ref;         /* any reference following */
    int has_placeholder; /* any '{i}' (usp_path_parse_supported only) */
};

/* Why a parse or a resolution failed. */
struct usp_path_error {
    int code;          /* USP error code (usp/error.h), 0 if none */
    size_t offset;     /* byte offset in the path text the error is about */
    char message[200]; /* what was wrong and where */
};

/*
 * Parses text (NUL-terminated) as an Instantiated Data Model path. Returns
 * 0 and sets *out (free with usp_path_free) or returns a USP error code
 * (USP_ERR_INVALID_PATH_SYNTAX for any malformed path) and fills *err when
 * it is not NULL.
 */
int usp_path_parse(const char *text, struct usp_path **out, struct usp_path_error *err);

/*
 * Parses the value of a reference parameter (TR-369 2.6.1): an Object or
 * Object Instance Path whose trailing '.' may be missing and that may use
 * unique key addressing (== only), but no wildcard, search or reference
 * following. The result is a partial path (printed with a trailing '.').
 */
int usp_path_parse_reference(const char *text, struct usp_path **out, struct usp_path_error *err);

/*
 * Parses a Supported Data Model path (TR-369 2.7 sdmpath), where "{i}"
 * stands for the instances of a table: "Device.WiFi.SSID.{i}.SSID". No
 * wildcard, search or reference following; commands and events allowed.
 */
int usp_path_parse_supported(const char *text, struct usp_path **out, struct usp_path_error *err);

void usp_path_free(struct usp_path *path);

/* The canonical text of a path (malloc'd; NULL only when out of memory). */
char *usp_path_to_string(const struct usp_path *path);

/*
 * The Supported Data Model form of a path: every instance selector
 * (number, '*', '[...]', '{i}') printed as "{i}", e.g. for looking up the
 * schema of "Device.WiFi.SSID.[Alias==\"x\"].SSID". NULL if the path follows
 * references (its schema depends on the data) or when out of memory.
 */
char *usp_path_to_schema(const struct usp_path *path);

/* 1 if the path needs no resolving: only names and instance numbers. */
int usp_path_is_concrete(const struct usp_path *path);

/* The kind's name: "object", "instance", "parameter", "command", "event". */
const char *usp_path_kind_name(enum usp_path_kind kind);

/* The operator's text: "==", "!=", "~=", "<", ">", "<=", ">=". */
const char *usp_path_op_text(enum usp_path_op op);

/*
 * A data source for resolution. Strings and arrays a callback hands back
 * must stay valid until the source's next callback; the resolver copies
 * what it keeps. A callback returns 0, or a USP error code that aborts the
 * resolution and is passed to the caller (e.g. USP_ERR_INVALID_PATH when a
 * path is not in the Supported Data Model).
 */
struct usp_path_source {
    void *ctx;
    /*
     * Lists the Instance Numbers of a table. table is a concrete Object
     * Path ending in '.' ("Device.WiFi.SSID."). An existing table with no
     * rows gives *n = 0.
     */
    int (*list_instances)(void *ctx, const char *table, const uint32_t **instances, size_t *n);
    /*
     * Reads a parameter. param is a concrete Parameter Path. If the
     * parameter does not exist in that instance, return USP_ERR_INVALID_PATH
     * (not in the data model) or set *value to NULL (the instance lacks it:
     * search terms on it are false).
     */
    int (*get_value)(void *ctx, const char *param, const char **value);
    /*
     * Optional (may be NULL): vets each resolved path. Return 0 to keep
     * it, USP_PATH_DROP to leave it out of the result silently, or a USP
     * error code to fail the resolution.
     */
    int (*check)(void *ctx, const char *path, enum usp_path_kind kind);
};

#define USP_PATH_DROP 1

/* A list of concrete paths, owned by the list. */
struct usp_path_list {
    char **paths;
    size_t n;
    size_t cap;
};

/*
 * Expands path into the concrete paths it designates, appended to out
 * (which must be zeroed or hold earlier results). Wildcards and search
 * expressions that match nothing give no paths, not an error (TR-369 2.5:
 * "0 instances is often not an error"); the caller decides whether an
 * empty result is an error in its context. Instance numbers are checked
 * against list_instances: an absent instance gives no paths. Dangling
 * references (empty, malformed, or leading outside the data model) give
 * no paths. A "{i}" selects every instance, like '*'. When references are
 * followed, a path reached twice is reported once. Returns 0, or a USP
 * error code with *err filled (and out as it was before the call).
 */
int usp_path_resolve(const struct usp_path *path, const struct usp_path_source *src,
                     struct usp_path_list *out, struct usp_path_error *err);

/* Parses then resolves text. */
int usp_path_resolve_text(const char *text, const struct usp_path_source *src,
                          struct usp_path_list *out, struct usp_path_error *err);

void usp_path_list_free(struct usp_path_list *list);

/*
 * Compares a parameter value with an Expression Constant as a search does
 * (TR-369 2.5.4): numbers compare as numbers, booleans as booleans
 * ("1" == true), dateTimes as instants, anything else as exact strings;
 * '~=' tests membership in a comma-separated list. A quoted constant
 * compares as a string for == and !=. Returns 1 (true), 0 (false).
 */
int usp_path_value_matches(const char *value, enum usp_path_op op, const char *constant,
                           int quoted);

#endif
