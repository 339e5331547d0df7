/*
 * model_rpc.c - the CWMP RPCs of TR-069 A.3.2 on a cwmp-sim device:
 * GetParameterValues, SetParameterValues (atomic), GetParameterNames,
 * Get/SetParameterAttributes, AddObject, DeleteObject.
 */
#include "sim/model_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_LEN 16384

/* ---- result lists ---- */

static int grow(void **items, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 16;
    void *p = realloc(*items, nc * size);
    if (p == NULL)
        return -1;
    *items = p;
    *cap = nc;
    return 0;
}

static int push_value(struct sim_values *l, const char *name, const char *value,
                      enum cwmp_type type)
{
    struct sim_value *v;

    if (grow((void **)&l->items, &l->cap, l->count, sizeof(*l->items)) != 0)
        return -1;
    v = &l->items[l->count];
    v->name = strdup(name);
    v->value = strdup(value);
    v->type = type;
    if (v->name == NULL || v->value == NULL) {
        free(v->name);
        free(v->value);
        return -1;
    }
    l->count++;
    return 0;
}

void sim_values_free(struct sim_values *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].name);
        free(l->items[i].value);
    }
    free(l->items);
    memset(l, 0, sizeof(*l));
}

static int push_name(struct sim_names *l, const char *name, int writable)
{
    if (grow((void **)&l->items, &l->cap, l->count, sizeof(*l->items)) != 0)
        return -1;
    l->items[l->count].name = strdup(name);
    l->items[l->count].writable = writable;
    if (l->items[l->count].name == NULL)
        return -1;
    l->count++;
    return 0;
}

void sim_names_free(struct sim_names *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i].name);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

static int push_attr(struct sim_attrs *l, const char *name, uint8_t pf)
{
    if (grow((void **)&l->items, &l->cap, l->count, sizeof(*l->items)) != 0)
        return -1;
    l->items[l->count].name = strdup(name);
    l->items[l->count].notification = pf & PF_NOTIFY;
    l->items[l->count].access = pf & PF_SUBSCR ? SIM_ACCESS_SUBSCRIBER : 0;
    if (l->items[l->count].name == NULL)
        return -1;
    l->count++;
    return 0;
}

void sim_attrs_free(struct sim_attrs *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i].name);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

/* ---- walking a subtree ---- */

struct walk {
    struct sim_device *d;
    char name[NAME_MAX_LEN];
    size_t len;
    int (*visit)(struct walk *w, struct sim_obj *o, int param); /* param -1: object */
    void *out;
    int objects; /* also visit objects */
    int nomem;
};

static int append(struct walk *w, const char *s, size_t n)
{
    if (w->len + n + 2 > sizeof(w->name))
        return -1;
    memcpy(w->name + w->len, s, n);
    w->len += n;
    w->name[w->len] = '\0';
    return 0;
}

/* Fills w->name with the object path of ref ("Device.WiFi.SSID.1."). */
static int ref_name(struct walk *w, const struct sim_ref *ref)
{
    char num[16];

    w->len = 0;
    w->name[0] = '\0';
    for (int i = 0; i < ref->depth; i++) {
        const struct sim_obj *o = ref->chain[i];
        if (o->s->kind == SK_INSTANCE) {
            snprintf(num, sizeof(num), "%u", o->inst);
            if (append(w, num, strlen(num)) != 0)
                return -1;
        } else if (append(w, o->s->name, strlen(o->s->name)) != 0) {
            return -1;
        }
        if (append(w, ".", 1) != 0)
            return -1;
    }
    return 0;
}

/* Visits the object o (named w->name), its parameters, and everything below. */
static int walk_obj(struct walk *w, struct sim_obj *o)
{
    size_t len = w->len;
    char num[16];

    if (w->objects && w->visit(w, o, -1) != 0)
        return -1;
    if (o->s->kind != SK_TABLE) {
        for (uint32_t i = 0; i < o->s->nparams; i++) {
            const char *pn = o->s->params[i]->name;
            if (append(w, pn, strlen(pn)) != 0 || w->visit(w, o, (int)i) != 0)
                return -1;
            w->len = len;
            w->name[len] = '\0';
        }
    }
    for (uint32_t i = 0; i < o->nchild; i++) {
        struct sim_obj *c = o->child[i];
        const char *seg = c->s->name;
        if (c->s->kind == SK_INSTANCE) {
            snprintf(num, sizeof(num), "%u", c->inst);
            seg = num;
        }
        if (append(w, seg, strlen(seg)) != 0 || append(w, ".", 1) != 0 || walk_obj(w, c) != 0)
            return -1;
        w->len = len;
        w->name[len] = '\0';
    }
    return 0;
}

/* ---- GetParameterValues ---- */

static int visit_value(struct walk *w, struct sim_obj *o, int i)
{
    const struct sim_snode *p = o->s->params[i];
    char buf[1024];
    const char *v = p->flags & SF_HIDDEN ? "" : sim_resolve(w->d, o, i, buf, sizeof(buf));

    if (v == NULL)
        v = "";
    if (push_value(w->out, w->name, v, p->type) != 0) {
        w->nomem = 1;
        return -1;
    }
    return 0;
}

static int no_such(struct sim_fault *f, const char *name)
{
    sim_fault_set(f, CWMP_FAULT_INVALID_PARAMETER_NAME, "no such parameter or object: %s", name);
    return CWMP_FAULT_INVALID_PARAMETER_NAME;
}

static int no_memory(struct sim_fault *f)
{
    sim_fault_set(f, CWMP_FAULT_RESOURCES_EXCEEDED, "out of memory");
    return CWMP_FAULT_RESOURCES_EXCEEDED;
}

/* Runs w over name: one parameter, or a partial path and all below it. */
static int walk_name(struct walk *w, const char *name, struct sim_fault *f)
{
    struct sim_ref ref;
    size_t n = strlen(name);

    if (sim_lookup(w->d, name, &ref) != 0 || (ref.param < 0 && n > 0 && name[n - 1] != '.'))
        return no_such(f, name);
    if (ref.param >= 0) {
        w->len = 0;
        if (append(w, name, n) != 0)
            return no_such(f, name);
        if (w->visit(w, ref.chain[ref.depth - 1], ref.param) != 0)
            return no_memory(f);
        return 0;
    }
    if (ref_name(w, &ref) != 0 || walk_obj(w, ref.chain[ref.depth - 1]) != 0)
        return w->nomem ? no_memory(f) : no_such(f, name);
    return 0;
}

int sim_get_values(struct sim_device *d, const char *const *names, size_t n, struct sim_values *out,
                   struct sim_fault *f)
{
    struct walk *w = calloc(1, sizeof(*w));
    int rc = 0;

    if (w == NULL)
        return no_memory(f);
    w->d = d;
    w->visit = visit_value;
    w->out = out;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = walk_name(w, names[i], f);
    free(w);
    return rc;
}

/* ---- GetParameterNames (TR-069 A.3.2.3) ---- */

static int obj_writable(const struct sim_obj *o)
{
    if (o->s->kind == SK_TABLE)
        return o->s->writable;
    if (o->s->kind == SK_INSTANCE)
        return o->s->parent->writable;
    return 0;
}

static int visit_name(struct walk *w, struct sim_obj *o, int i)
{
    int writable = i < 0 ? obj_writable(o) : o->s->params[i]->writable;

    if (push_name(w->out, w->name, writable) != 0) {
        w->nomem = 1;
        return -1;
    }
    return 0;
}

static int names_next_level(struct walk *w, struct sim_obj *o, struct sim_fault *f)
{
    size_t len = w->len;
    char num[16];

    if (o->s->kind != SK_TABLE)
        for (uint32_t i = 0; i < o->s->nparams; i++) {
            const char *pn = o->s->params[i]->name;
            if (append(w, pn, strlen(pn)) != 0 || visit_name(w, o, (int)i) != 0)
                return no_memory(f);
            w->len = len;
        }
    for (uint32_t i = 0; i < o->nchild; i++) {
        struct sim_obj *c = o->child[i];
        const char *seg = c->s->name;
        if (c->s->kind == SK_INSTANCE) {
            snprintf(num, sizeof(num), "%u", c->inst);
            seg = num;
        }
        if (append(w, seg, strlen(seg)) != 0 || append(w, ".", 1) != 0 || visit_name(w, c, -1) != 0)
            return no_memory(f);
        w->len = len;
        w->name[len] = '\0';
    }
    return 0;
}

int sim_get_names(struct sim_device *d, const char *path, int next_level, struct sim_names *out,
                  struct sim_fault *f)
{
    struct sim_ref ref;
    struct walk *w;
    size_t n = strlen(path);
    int rc = 0;

    if (sim_lookup(d, path, &ref) != 0 || (ref.param < 0 && n > 0 && path[n - 1] != '.'))
        return no_such(f, path);
    w = calloc(1, sizeof(*w));
    if (w == NULL)
        return no_memory(f);
    w->d = d;
    w->visit = visit_name;
    w->out = out;
    w->objects = 1;
    if (ref.param >= 0) {
        /* TR-069 A.3.2.3: NextLevel true with a parameter name is invalid */
        if (next_level) {
            sim_fault_set(f, CWMP_FAULT_INVALID_ARGUMENTS,
                          "NextLevel is true but %s is a parameter", path);
            rc = CWMP_FAULT_INVALID_ARGUMENTS;
        } else if (push_name(out, path, ref.chain[ref.depth - 1]->s->params[ref.param]->writable)) {
            rc = no_memory(f);
        }
    } else if (n == 0 && next_level) {
        /* the empty path: the next level is the root object itself */
        if (ref_name(w, &ref) != 0 || visit_name(w, ref.chain[0], -1) != 0)
            rc = no_memory(f);
    } else if (ref_name(w, &ref) != 0) {
        rc = no_such(f, path);
    } else if (next_level) {
        rc = names_next_level(w, ref.chain[ref.depth - 1], f);
    } else if (walk_obj(w, ref.chain[ref.depth - 1]) != 0) {
        rc = no_memory(f);
    }
    free(w);
    return rc;
}

/* ---- attributes (TR-069 A.3.2.4, A.3.2.5) ---- */

static int visit_attr(struct walk *w, struct sim_obj *o, int i)
{
    if (push_attr(w->out, w->name, o->pf[i]) != 0) {
        w->nomem = 1;
        return -1;
    }
    return 0;
}

int sim_get_attributes(struct sim_device *d, const char *const *names, size_t n,
                       struct sim_attrs *out, struct sim_fault *f)
{
    struct walk *w = calloc(1, sizeof(*w));
    int rc = 0;

    if (w == NULL)
        return no_memory(f);
    w->d = d;
    w->visit = visit_attr;
    w->out = out;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = walk_name(w, names[i], f);
    free(w);
    return rc;
}

/* Collects the full names of the parameters under a name. */
static int visit_collect(struct walk *w, struct sim_obj *o, int i)
{
    if (push_value(w->out, w->name, "", o->s->params[i]->type) != 0) {
        w->nomem = 1;
        return -1;
    }
    return 0;
}

static int collect(struct sim_device *d, const char *name, struct sim_values *out,
                   struct sim_fault *f)
{
    struct walk *w = calloc(1, sizeof(*w));
    int rc;

    if (w == NULL)
        return no_memory(f);
    w->d = d;
    w->visit = visit_collect;
    w->out = out;
    rc = walk_name(w, name, f);
    free(w);
    return rc;
}

static int apply_attr(struct sim_device *d, const char *name, const struct sim_set_attr *a)
{
    struct sim_ref ref;
    struct sim_obj *o;
    uint8_t pf;

    if (sim_lookup(d, name, &ref) != 0 || ref.param < 0 || (o = sim_mutable(d, &ref)) == NULL)
        return -1;
    pf = o->pf[ref.param];
    if (a->notification_change)
        pf = (uint8_t)((pf & ~PF_NOTIFY) | a->notification);
    if (a->access_change)
        pf = (uint8_t)((pf & ~PF_SUBSCR) | (a->access & SIM_ACCESS_SUBSCRIBER ? PF_SUBSCR : 0));
    o->pf[ref.param] = pf;
    return 0;
}

int sim_set_attributes(struct sim_device *d, const struct sim_set_attr *items, size_t n,
                       struct sim_fault *f)
{
    struct sim_values *names = calloc(n ? n : 1, sizeof(*names));
    int rc = 0;

    if (names == NULL)
        return no_memory(f);
    /* validate everything first: the call is all or nothing */
    for (size_t i = 0; i < n && rc == 0; i++) {
        const struct sim_set_attr *a = &items[i];
        if (a->notification_change && (a->notification < 0 || a->notification > 2)) {
            sim_fault_set(f, CWMP_FAULT_INVALID_ARGUMENTS, "%s: Notification %d is not 0, 1 or 2",
                          a->name, a->notification);
            rc = CWMP_FAULT_INVALID_ARGUMENTS;
            break;
        }
        if ((rc = collect(d, a->name, &names[i], f)) != 0)
            break;
        if (!a->notification_change || a->notification != 2)
            continue;
        for (size_t k = 0; k < names[i].count; k++) {
            struct sim_ref ref;
            if (sim_lookup(d, names[i].items[k].name, &ref) == 0 && ref.param >= 0 &&
                (ref.chain[ref.depth - 1]->s->params[ref.param]->flags & SF_DENYACTIVE)) {
                sim_fault_set(f, CWMP_FAULT_NOTIFICATION_REQUEST_REJECTED,
                              "active notification refused for %s", names[i].items[k].name);
                rc = CWMP_FAULT_NOTIFICATION_REQUEST_REJECTED;
                break;
            }
        }
    }
    for (size_t i = 0; i < n && rc == 0; i++)
        for (size_t k = 0; k < names[i].count && rc == 0; k++)
            if (apply_attr(d, names[i].items[k].name, &items[i]) != 0)
                rc = no_memory(f);
    for (size_t i = 0; i < n; i++)
        sim_values_free(&names[i]);
    free(names);
    return rc;
}

/* ---- SetParameterValues (TR-069 A.3.2.1) ---- */

static int add_param_fault(struct sim_fault *f, const char *name, int code, const char *msg)
{
    struct sim_fault_param *p = realloc(f->params, (f->nparams + 1) * sizeof(*p));

    if (p == NULL)
        return -1;
    f->params = p;
    p[f->nparams].name = strdup(name);
    p[f->nparams].code = code;
    p[f->nparams].message = strdup(msg);
    f->nparams++;
    return 0;
}

/* Checks one item; 0 or a fault code with msg. */
static int check_set(struct sim_device *d, const struct sim_set *s, char *msg, size_t size)
{
    struct sim_ref ref;
    const struct sim_snode *p;
    const char *why = "invalid";
    enum cwmp_type t;

    if (s->name == NULL || s->value == NULL || sim_lookup(d, s->name, &ref) != 0 || ref.param < 0) {
        snprintf(msg, size, "no such parameter");
        return CWMP_FAULT_INVALID_PARAMETER_NAME;
    }
    p = ref.chain[ref.depth - 1]->s->params[ref.param];
    if (!p->writable) {
        snprintf(msg, size, "parameter is read-only");
        return CWMP_FAULT_NON_WRITABLE_PARAMETER;
    }
    if (s->type != NULL &&
        (cwmp_type_from_name(s->type, strlen(s->type), &t) != 0 || t != p->type)) {
        snprintf(msg, size, "type %s given, the parameter is %s", s->type, cwmp_type_name(p->type));
        return CWMP_FAULT_INVALID_PARAMETER_TYPE;
    }
    if (cwmp_value_check(p->type, s->value, strlen(s->value), &why) != 0) {
        snprintf(msg, size, "%s", why);
        return CWMP_FAULT_INVALID_PARAMETER_TYPE;
    }
    if (sim_value_valid(p, s->value, &why) != 0) {
        snprintf(msg, size, "%s", why);
        return CWMP_FAULT_INVALID_PARAMETER_VALUE;
    }
    return 0;
}

/* Stores the value as the device shows it: booleans as true/false, no blanks. */
static int store(struct sim_device *d, const char *name, const char *value)
{
    struct sim_ref ref;
    struct sim_obj *o;
    char buf[64];
    int b;

    if (sim_lookup(d, name, &ref) != 0 || ref.param < 0 || (o = sim_mutable(d, &ref)) == NULL)
        return -1;
    switch (o->s->params[ref.param]->type) {
    case CWMP_TYPE_STRING:
    case CWMP_TYPE_BASE64:
        break;
    case CWMP_TYPE_BOOLEAN:
        if (cwmp_value_bool(value, strlen(value), &b) == 0)
            value = b ? "true" : "false";
        break;
    default: {
        size_t len = strlen(value);
        while (len > 0 && strchr(" \t\r\n", value[len - 1]))
            len--;
        while (len > 0 && strchr(" \t\r\n", *value)) {
            value++;
            len--;
        }
        if (len < sizeof(buf)) {
            memcpy(buf, value, len);
            buf[len] = '\0';
            value = buf;
        }
    }
    }
    return sim_set_value_raw(d, o, ref.param, value);
}

static int set_parameter_key(struct sim_device *d, const char *key)
{
    char name[64];

    if (key == NULL)
        return 0;
    snprintf(name, sizeof(name), "%sManagementServer.ParameterKey", d->model->root_name);
    if (strlen(d->model->root_name) + 29 >= sizeof(name))
        return 0;
    return sim_lookup(d, name, &(struct sim_ref){0}) == 0 ? store(d, name, key) : 0;
}

int sim_set_values(struct sim_device *d, const struct sim_set *items, size_t n,
                   const char *parameter_key, int *status, struct sim_fault *f)
{
    char msg[200];
    int bad = 0;

    if (status != NULL)
        *status = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < i; k++)
            if (items[i].name && items[k].name && strcmp(items[i].name, items[k].name) == 0) {
                /* TR-069 A.3.2.1: a name may appear only once */
                sim_fault_set(f, CWMP_FAULT_INVALID_ARGUMENTS, "%s appears more than once",
                              items[i].name);
                return CWMP_FAULT_INVALID_ARGUMENTS;
            }
    for (size_t i = 0; i < n; i++) {
        int code = check_set(d, &items[i], msg, sizeof(msg));
        if (code == 0)
            continue;
        bad++;
        if (add_param_fault(f, items[i].name ? items[i].name : "", code, msg) != 0)
            return no_memory(f);
    }
    if (bad > 0) {
        sim_fault_set(f, CWMP_FAULT_INVALID_ARGUMENTS, "%d of %zu parameters cannot be set", bad,
                      n);
        return CWMP_FAULT_INVALID_ARGUMENTS;
    }
    for (size_t i = 0; i < n; i++)
        if (store(d, items[i].name, items[i].value) != 0)
            return no_memory(f);
    if (set_parameter_key(d, parameter_key) != 0)
        return no_memory(f);
    return 0;
}

/* ---- AddObject / DeleteObject (TR-069 A.3.2.6, A.3.2.7) ---- */

/*
 * A device-side AddObject or DeleteObject changes the parent's
 * <T>NumberOfEntries: record it when its notification is on (TR-069 3.2.1).
 * table_path is the table's path ("Device.Hosts.Host.").
 */
static int count_changed(struct sim_device *d, const struct sim_obj *parent,
                         const struct sim_snode *table, const char *table_path)
{
    size_t len = strlen(table_path) - 1 - strlen(table->name); /* "Device.Hosts." */

    for (uint32_t i = 0; i < parent->s->nparams; i++) {
        const struct sim_snode *p = parent->s->params[i];
        int notify = parent->pf[i] & PF_NOTIFY;
        char name[NAME_MAX_LEN];
        if (!(p->flags & SF_COUNT) || p->count_of != table)
            continue;
        if (p->flags & SF_FORCED)
            notify = 2;
        if (notify == 0 || len + strlen(p->name) >= sizeof(name))
            return 0;
        memcpy(name, table_path, len);
        strcpy(name + len, p->name);
        return sim_record_change(d, name, notify == 2);
    }
    return 0;
}

/* --quirk reuse-instances: the lowest number no instance has (instances
 * are kept in ascending order). */
static uint32_t lowest_free(const struct sim_obj *t)
{
    uint32_t want = 1;
    for (uint32_t i = 0; i < t->nchild; i++) {
        if (t->child[i]->inst > want)
            break;
        if (t->child[i]->inst == want)
            want++;
    }
    return want;
}

void sim_device_reuse_instances(struct sim_device *d, int on)
{
    d->reuse_instances = on != 0;
}

static int add_object(struct sim_device *d, const char *path, int acs, uint32_t *instance,
                      struct sim_fault *f)
{
    struct sim_ref ref;
    struct sim_obj *t, *o;
    size_t n = strlen(path);

    if (n == 0 || path[n - 1] != '.' || sim_lookup(d, path, &ref) != 0 || ref.param >= 0)
        return no_such(f, path);
    t = ref.chain[ref.depth - 1];
    if (t->s->kind != SK_TABLE) {
        sim_fault_set(f, CWMP_FAULT_INVALID_PARAMETER_NAME, "%s is not a table", path);
        return CWMP_FAULT_INVALID_PARAMETER_NAME;
    }
    if (acs && !t->s->writable) {
        sim_fault_set(f, CWMP_FAULT_INVALID_PARAMETER_NAME, "%s does not allow AddObject", path);
        return CWMP_FAULT_INVALID_PARAMETER_NAME;
    }
    if (t->next >= UINT32_MAX) {
        sim_fault_set(f, CWMP_FAULT_RESOURCES_EXCEEDED, "%s: no instance numbers left", path);
        return CWMP_FAULT_RESOURCES_EXCEEDED;
    }
    if ((t = sim_mutable(d, &ref)) == NULL)
        return no_memory(f);
    o = sim_obj_new(t->s->objs[0], d->reuse_instances ? lowest_free(t) : t->next, 1);
    if (o == NULL || sim_obj_insert(t, o) != 0) {
        sim_obj_free(o);
        return no_memory(f);
    }
    *instance = o->inst;
    if (!acs && count_changed(d, ref.chain[ref.depth - 2], t->s, path) != 0)
        return no_memory(f);
    return 0;
}

static void free_subtree(struct sim_obj *o)
{
    /* only what the device owns: shared objects belong to the model */
    if (!o->owned)
        return;
    for (uint32_t i = 0; i < o->nchild; i++)
        free_subtree(o->child[i]);
    if (o->val != NULL)
        for (uint32_t i = 0; i < o->s->nparams; i++)
            if (o->pf[i] & PF_OWNED)
                free(o->val[i]);
    free(o->child);
    free(o->val);
    free(o->pf);
    free(o);
}

static int delete_object(struct sim_device *d, const char *path, int acs, struct sim_fault *f)
{
    struct sim_ref ref;
    struct sim_obj *t, *o;
    size_t n = strlen(path);

    if (n == 0 || path[n - 1] != '.' || sim_lookup(d, path, &ref) != 0 || ref.param >= 0)
        return no_such(f, path);
    o = ref.chain[ref.depth - 1];
    if (o->s->kind != SK_INSTANCE) {
        sim_fault_set(f, CWMP_FAULT_INVALID_PARAMETER_NAME, "%s is not an instance", path);
        return CWMP_FAULT_INVALID_PARAMETER_NAME;
    }
    if (acs && !o->s->parent->writable) {
        sim_fault_set(f, CWMP_FAULT_INVALID_PARAMETER_NAME, "%s does not allow DeleteObject", path);
        return CWMP_FAULT_INVALID_PARAMETER_NAME;
    }
    ref.depth--;
    if ((t = sim_mutable(d, &ref)) == NULL)
        return no_memory(f);
    for (uint32_t i = 0; i < t->nchild; i++)
        if (t->child[i] == o) {
            memmove(t->child + i, t->child + i + 1, (t->nchild - i - 1) * sizeof(*t->child));
            t->nchild--;
            break;
        }
    free_subtree(o);
    if (!acs) {
        /* the table's path: path without its instance number */
        char tpath[NAME_MAX_LEN];
        size_t len = n - 1;
        while (len > 0 && path[len - 1] != '.')
            len--;
        if (len >= sizeof(tpath))
            return 0;
        memcpy(tpath, path, len);
        tpath[len] = '\0';
        if (count_changed(d, ref.chain[ref.depth - 2], t->s, tpath) != 0)
            return no_memory(f);
    }
    return 0;
}

int sim_add_object(struct sim_device *d, const char *path, const char *parameter_key,
                   uint32_t *instance, int *status, struct sim_fault *f)
{
    int rc = add_object(d, path, 1, instance, f);

    if (status != NULL)
        *status = 0;
    if (rc == 0 && set_parameter_key(d, parameter_key) != 0)
        rc = no_memory(f);
    return rc;
}

int sim_delete_object(struct sim_device *d, const char *path, const char *parameter_key,
                      int *status, struct sim_fault *f)
{
    int rc = delete_object(d, path, 1, f);

    if (status != NULL)
        *status = 0;
    if (rc == 0 && set_parameter_key(d, parameter_key) != 0)
        rc = no_memory(f);
    return rc;
}

int sim_device_add(struct sim_device *d, const char *path, uint32_t *instance, struct sim_fault *f)
{
    return add_object(d, path, 0, instance, f);
}

int sim_device_delete(struct sim_device *d, const char *path, struct sim_fault *f)
{
    return delete_object(d, path, 0, f);
}
