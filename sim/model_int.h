/*
 * model_int.h - what the files of the sim/ data model store share: the
 * schema tree (struct sim_snode), the instance tree (struct sim_obj) and
 * the device. Not part of the public API (see sim/model.h).
 */
#ifndef SIM_MODEL_INT_H
#define SIM_MODEL_INT_H

#include "sim/model.h"

#define SIM_MAX_DEPTH 32 /* path segments */

enum sim_kind {
    SK_OBJECT,   /* single-instance object */
    SK_TABLE,    /* multi-instance table ("Device.NAT.PortMapping.") */
    SK_INSTANCE, /* the instance template ("{i}") of a table */
    SK_PARAM,
};

/* Schema parameter flags. */
#define SF_FORCED     0x01 /* forced active notification */
#define SF_DENYACTIVE 0x02 /* active notification refused (9009) */
#define SF_HIDDEN     0x04 /* reads as "" (passwords) */
#define SF_LIST       0x08 /* comma-separated list, items checked */
#define SF_MIN        0x10 /* range has a minimum */
#define SF_MAX        0x20 /* range has a maximum */
#define SF_COUNT      0x40 /* <T>NumberOfEntries: the instance count of table T */

/* A signed 65-bit number for integer ranges of every CWMP integer type. */
struct sim_num {
    int neg;
    uint64_t mag;
};

struct sim_snode {
    char *name; /* segment; "{i}" for SK_INSTANCE */
    struct sim_snode *parent;
    uint8_t kind;
    uint8_t writable; /* param: rw; table: AddObject/DeleteObject allowed */
    /* objects: child objects (a table has one: its SK_INSTANCE) and params */
    struct sim_snode **objs;
    uint32_t nobjs, capobjs;
    struct sim_snode **params;
    uint32_t nparams, capparams;
    /* params */
    uint32_t index; /* in parent->params */
    enum cwmp_type type;
    uint8_t notify;          /* default Notification attribute */
    uint8_t flags;           /* SF_* */
    uint32_t minlen, maxlen; /* maxlen 0: none */
    struct sim_num min, max;
    char **enums;
    uint32_t nenums;
    char *def;                        /* default for new instances */
    const struct sim_snode *count_of; /* SF_COUNT: the table counted */
};

/* Per value flags in sim_obj.pf. */
#define PF_NOTIFY   0x03 /* Notification attribute 0-2 */
#define PF_SUBSCR   0x04 /* AccessList has Subscriber */
#define PF_OWNED    0x08 /* val[i] is the device's own copy */
#define PF_TEMPLATE 0x10 /* val[i] has placeholders */

/*
 * An object in an instance tree. The model's tree is shared by its devices;
 * a device copies an object (and the path to it) before changing it
 * (owned == 1), and frees only owned objects and owned values.
 */
struct sim_obj {
    const struct sim_snode *s; /* SK_OBJECT, SK_TABLE or SK_INSTANCE */
    uint32_t inst;             /* SK_INSTANCE: instance number */
    uint32_t next;             /* SK_TABLE: next instance number */
    uint32_t nchild, capchild;
    struct sim_obj **child; /* schema order; a table's instances ascending */
    char **val;             /* s->nparams values */
    uint8_t *pf;            /* s->nparams PF_* */
    uint8_t owned;
};

struct sim_model {
    char *root_name; /* "Device." */
    struct sim_snode *schema;
    struct sim_obj *base;
    size_t nparams;
};

struct sim_change {
    char *name;
    uint8_t active;
    uint32_t seq; /* change_seq when it last changed */
};

struct sim_device {
    const struct sim_model *model;
    struct sim_obj *root; /* == model->base until the first change */
    char *vars;           /* serial\0oui\0product_class\0mac\0ip\0acs_url\0cr_port\0 */
    uint32_t index;
    struct sim_change *changes;
    uint32_t nchanges, capchanges;
    uint32_t change_seq; /* counts recorded changes (sim_device_changes_seq) */
    size_t bytes;        /* owned heap bytes (sim_device_bytes) */
    int reuse_instances; /* AddObject: lowest free number (--quirk reuse-instances) */
};

/* A resolved path: the objects from the root down, and a parameter. */
struct sim_ref {
    struct sim_obj *chain[SIM_MAX_DEPTH];
    int depth;
    int param; /* index in chain[depth-1]->s->params, or -1: an object path */
};

/* model_schema.c: shared helpers */
struct sim_obj *sim_obj_new(const struct sim_snode *s, uint32_t inst, int owned);
void sim_obj_free(struct sim_obj *o);
int sim_obj_insert(struct sim_obj *table, struct sim_obj *inst);
int sim_num_parse(const char *s, struct sim_num *out);
int sim_num_cmp(const struct sim_num *a, const struct sim_num *b);
int sim_value_valid(const struct sim_snode *p, const char *value, const char **why);
int sim_has_placeholder(const char *value);
const char *sim_snode_default(enum cwmp_type type);

/* model_store.c */
int sim_lookup(struct sim_device *dev, const char *name, struct sim_ref *ref);
struct sim_obj *sim_mutable(struct sim_device *dev, struct sim_ref *ref);
const char *sim_resolve(struct sim_device *dev, const struct sim_obj *o, int i, char *buf,
                        size_t size);
int sim_set_value_raw(struct sim_device *dev, struct sim_obj *o, int i, const char *value);
int sim_record_change(struct sim_device *dev, const char *name, int active);
void sim_fault_set(struct sim_fault *f, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* SIM_MODEL_INT_H */
