/*
 * model_store.c - the devices of cwmp-sim: per-device state over a shared
 * model, name lookup, copy-on-write, placeholders, device-side changes and
 * value change notification tracking (TR-069 3.2.1).
 */
#include "sim/model_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { VAR_SERIAL, VAR_OUI, VAR_PRODUCT_CLASS, VAR_MAC, VAR_IP, VAR_ACS_URL, VAR_CR_PORT, NVARS };

void sim_fault_set(struct sim_fault *f, int code, const char *fmt, ...)
{
    va_list ap;

    if (f == NULL)
        return;
    f->code = code;
    va_start(ap, fmt);
    vsnprintf(f->message, sizeof(f->message), fmt, ap);
    va_end(ap);
}

void sim_fault_clear(struct sim_fault *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->nparams; i++) {
        free(f->params[i].name);
        free(f->params[i].message);
    }
    free(f->params);
    memset(f, 0, sizeof(*f));
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void sim_mac_from_index(const char *oui, uint32_t index, unsigned offset, char out[18])
{
    unsigned b[3] = {0x02, 0x00, 0x00};
    uint32_t low = (index * 8u + (offset & 7u)) & 0xffffffu;

    if (oui != NULL && strlen(oui) == 6) {
        int ok = 1;
        for (int i = 0; i < 6; i++)
            ok &= hexval(oui[i]) >= 0;
        if (ok)
            for (int i = 0; i < 3; i++)
                b[i] = (unsigned)(hexval(oui[2 * i]) * 16 + hexval(oui[2 * i + 1]));
    }
    snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], (low >> 16) & 0xff,
             (low >> 8) & 0xff, low & 0xff);
}

/* ---- devices ---- */

int sim_device_new(const struct sim_model *m, const struct sim_vars *v, struct sim_device **out)
{
    static const struct sim_vars none;
    const char *vals[NVARS];
    char serial[16], mac[18];
    size_t len = 0;
    struct sim_device *d;
    char *p;

    *out = NULL;
    if (v == NULL)
        v = &none;
    snprintf(serial, sizeof(serial), "SIM%09u", v->index % 1000000000u);
    sim_mac_from_index(v->oui, v->index, 0, mac);
    vals[VAR_SERIAL] = v->serial ? v->serial : serial;
    vals[VAR_OUI] = v->oui ? v->oui : "";
    vals[VAR_PRODUCT_CLASS] = v->product_class ? v->product_class : "";
    vals[VAR_MAC] = v->mac ? v->mac : mac;
    vals[VAR_IP] = v->ip ? v->ip : "";
    vals[VAR_ACS_URL] = v->acs_url ? v->acs_url : "";
    vals[VAR_CR_PORT] = v->cr_port ? v->cr_port : "";
    for (int i = 0; i < NVARS; i++)
        len += strlen(vals[i]) + 1;
    d = calloc(1, sizeof(*d));
    if (d == NULL || (d->vars = malloc(len)) == NULL) {
        free(d);
        return CWMP_FAULT_RESOURCES_EXCEEDED;
    }
    p = d->vars;
    for (int i = 0; i < NVARS; i++) {
        size_t n = strlen(vals[i]) + 1;
        memcpy(p, vals[i], n);
        p += n;
    }
    d->model = m;
    d->root = m->base;
    d->index = v->index;
    *out = d;
    return 0;
}

/* Frees what the device owns below o (shared objects stay). */
static void free_owned(struct sim_obj *o)
{
    if (o == NULL || !o->owned)
        return;
    for (uint32_t i = 0; i < o->nchild; i++)
        free_owned(o->child[i]);
    if (o->val != NULL)
        for (uint32_t i = 0; i < o->s->nparams; i++)
            if (o->pf[i] & PF_OWNED)
                free(o->val[i]);
    free(o->child);
    free(o->val);
    free(o->pf);
    free(o);
}

void sim_device_changes_clear(struct sim_device *d)
{
    for (uint32_t i = 0; i < d->nchanges; i++)
        free(d->changes[i].name);
    free(d->changes);
    d->changes = NULL;
    d->nchanges = d->capchanges = 0;
}

void sim_device_factory_reset(struct sim_device *d)
{
    free_owned(d->root);
    d->root = (struct sim_obj *)d->model->base;
    sim_device_changes_clear(d);
}

void sim_device_free(struct sim_device *d)
{
    if (d == NULL)
        return;
    sim_device_factory_reset(d);
    free(d->vars);
    free(d);
}

static size_t owned_bytes(const struct sim_obj *o)
{
    size_t n;

    if (!o->owned)
        return 0;
    n = sizeof(*o) + o->capchild * sizeof(*o->child);
    if (o->val != NULL) {
        n += o->s->nparams * (sizeof(*o->val) + 1);
        for (uint32_t i = 0; i < o->s->nparams; i++)
            if (o->pf[i] & PF_OWNED)
                n += strlen(o->val[i]) + 1;
    }
    for (uint32_t i = 0; i < o->nchild; i++)
        n += owned_bytes(o->child[i]);
    return n;
}

size_t sim_device_bytes(const struct sim_device *d)
{
    size_t n = sizeof(*d) + owned_bytes(d->root) + d->capchanges * sizeof(*d->changes);
    const char *p = d->vars;

    for (int i = 0; i < NVARS; i++) {
        n += strlen(p) + 1;
        p += strlen(p) + 1;
    }
    for (uint32_t i = 0; i < d->nchanges; i++)
        n += strlen(d->changes[i].name) + 1;
    return n;
}

/* ---- lookup ---- */

/* An instance number as CWMP writes it: digits, no leading zero. */
static int parse_inst(const char *s, size_t n, uint32_t *out)
{
    uint64_t v = 0;

    if (n == 0 || n > 10 || s[0] == '0')
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (v > UINT32_MAX)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

static struct sim_obj *find_child(struct sim_obj *o, const char *s, size_t n)
{
    if (o->s->kind == SK_TABLE) {
        uint32_t inst;
        if (parse_inst(s, n, &inst) != 0)
            return NULL;
        for (uint32_t i = 0; i < o->nchild; i++)
            if (o->child[i]->inst == inst)
                return o->child[i];
        return NULL;
    }
    for (uint32_t i = 0; i < o->nchild; i++) {
        const char *name = o->child[i]->s->name;
        if (strlen(name) == n && memcmp(name, s, n) == 0)
            return o->child[i];
    }
    return NULL;
}

/*
 * Resolves name ("" = the root object; ending in '.' = an object) in the
 * device's tree. Returns 0 or -1 when there is no such object or parameter.
 */
int sim_lookup(struct sim_device *d, const char *name, struct sim_ref *ref)
{
    const char *s = name, *dot;
    struct sim_obj *o = d->root;

    ref->depth = 1;
    ref->chain[0] = o;
    ref->param = -1;
    if (*name == '\0')
        return 0;
    dot = strchr(s, '.');
    if (dot == NULL || (size_t)(dot - s) != strlen(o->s->name) ||
        memcmp(s, o->s->name, (size_t)(dot - s)) != 0)
        return -1;
    for (s = dot + 1; *s != '\0'; s = dot + 1) {
        dot = strchr(s, '.');
        if (dot == NULL) {
            if (o->s->kind == SK_TABLE)
                return -1;
            for (uint32_t i = 0; i < o->s->nparams; i++)
                if (strcmp(o->s->params[i]->name, s) == 0) {
                    ref->param = (int)i;
                    return 0;
                }
            return -1;
        }
        if (ref->depth == SIM_MAX_DEPTH || (o = find_child(o, s, (size_t)(dot - s))) == NULL)
            return -1;
        ref->chain[ref->depth++] = o;
    }
    return 0;
}

static struct sim_obj *clone_obj(const struct sim_obj *o)
{
    struct sim_obj *c = malloc(sizeof(*c));
    uint32_t np = o->s->kind == SK_TABLE ? 0 : o->s->nparams;

    if (c == NULL)
        return NULL;
    *c = *o;
    c->owned = 1;
    c->child = NULL;
    c->val = NULL;
    c->pf = NULL;
    c->capchild = o->nchild;
    if (o->nchild > 0) {
        c->child = malloc(o->nchild * sizeof(*c->child));
        if (c->child == NULL)
            goto fail;
        memcpy(c->child, o->child, o->nchild * sizeof(*c->child));
    }
    if (np > 0) {
        c->val = malloc(np * sizeof(*c->val));
        c->pf = malloc(np);
        if (c->val == NULL || c->pf == NULL)
            goto fail;
        memcpy(c->val, o->val, np * sizeof(*c->val));
        for (uint32_t i = 0; i < np; i++)
            c->pf[i] = o->pf[i] & (uint8_t)~PF_OWNED; /* the strings stay the model's */
    }
    return c;
fail:
    free(c->child);
    free(c->val);
    free(c->pf);
    free(c);
    return NULL;
}

/* Makes every object of ref the device's own (copy on write). */
struct sim_obj *sim_mutable(struct sim_device *d, struct sim_ref *ref)
{
    for (int i = 0; i < ref->depth; i++) {
        struct sim_obj *o = ref->chain[i], *c;
        if (o->owned)
            continue;
        c = clone_obj(o);
        if (c == NULL)
            return NULL;
        if (i == 0) {
            d->root = c;
        } else {
            struct sim_obj *parent = ref->chain[i - 1];
            for (uint32_t k = 0; k < parent->nchild; k++)
                if (parent->child[k] == o)
                    parent->child[k] = c;
        }
        ref->chain[i] = c;
    }
    return ref->chain[ref->depth - 1];
}

/* ---- values ---- */

static const char *var(const struct sim_device *d, int which)
{
    const char *p = d->vars;
    for (int i = 0; i < which; i++)
        p += strlen(p) + 1;
    return p;
}

static void mac_plus(const char *mac, unsigned n, char out[18])
{
    unsigned b[6];

    if (sscanf(mac, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6) {
        snprintf(out, 18, "%s", mac);
        return;
    }
    uint32_t low = ((b[3] << 16) | (b[4] << 8) | b[5]) + n;
    snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], (low >> 16) & 0xff,
             (low >> 8) & 0xff, low & 0xff);
}

/* The text of one placeholder (name of n bytes) into tmp; NULL if unknown. */
static const char *placeholder(const struct sim_device *d, const char *name, size_t n, char tmp[32])
{
#define IS(k) (n == sizeof(k) - 1 && memcmp(name, k, n) == 0)
    if (IS("serial"))
        return var(d, VAR_SERIAL);
    if (IS("oui"))
        return var(d, VAR_OUI);
    if (IS("product_class"))
        return var(d, VAR_PRODUCT_CLASS);
    if (IS("mac"))
        return var(d, VAR_MAC);
    if (IS("ip"))
        return var(d, VAR_IP);
    if (IS("acs_url"))
        return var(d, VAR_ACS_URL);
    if (IS("cr_port"))
        return var(d, VAR_CR_PORT);
    if (IS("index")) {
        snprintf(tmp, 32, "%u", d->index);
        return tmp;
    }
    if (n == 5 && memcmp(name, "mac+", 4) == 0 && name[4] >= '0' && name[4] <= '7') {
        mac_plus(var(d, VAR_MAC), (unsigned)(name[4] - '0'), tmp);
        return tmp;
    }
#undef IS
    return NULL;
}

/*
 * The value of parameter i of o as the device sees it: the stored string,
 * or with placeholders substituted into buf (NULL if it does not fit).
 */
const char *sim_resolve(struct sim_device *d, const struct sim_obj *o, int i, char *buf,
                        size_t size)
{
    const char *s = o->val[i];
    const struct sim_snode *p = o->s->params[i];
    size_t len = 0;

    if (p->flags & SF_COUNT) {
        for (uint32_t k = 0; k < o->nchild; k++)
            if (o->child[k]->s == p->count_of) {
                int n = snprintf(buf, size, "%u", o->child[k]->nchild);
                return n > 0 && (size_t)n < size ? buf : NULL;
            }
    }
    if (!(o->pf[i] & PF_TEMPLATE))
        return s;
    while (*s != '\0') {
        const char *put = s, *end;
        size_t n = 1;
        char tmp[32];
        if (s[0] == '$' && s[1] == '{' && (end = strchr(s, '}')) != NULL) {
            const char *v = placeholder(d, s + 2, (size_t)(end - s - 2), tmp);
            if (v != NULL) {
                put = v;
                n = strlen(v);
                s = end + 1;
            } else {
                s++;
            }
        } else {
            s++;
        }
        if (len + n >= size)
            return NULL;
        memcpy(buf + len, put, n);
        len += n;
    }
    if (size == 0)
        return NULL;
    buf[len] = '\0';
    return buf;
}

/* Stores a copy of value as parameter i of o (o must be the device's). */
int sim_set_value_raw(struct sim_device *d, struct sim_obj *o, int i, const char *value)
{
    char *copy = strdup(value);

    (void)d;
    if (copy == NULL)
        return -1;
    if (o->pf[i] & PF_OWNED)
        free(o->val[i]);
    o->val[i] = copy;
    o->pf[i] = (uint8_t)((o->pf[i] & ~PF_TEMPLATE) | PF_OWNED);
    return 0;
}

const char *sim_device_value(struct sim_device *d, const char *name, char *buf, size_t size,
                             enum cwmp_type *type)
{
    struct sim_ref ref;
    const struct sim_obj *o;

    if (sim_lookup(d, name, &ref) != 0 || ref.param < 0)
        return NULL;
    o = ref.chain[ref.depth - 1];
    if (type != NULL)
        *type = o->s->params[ref.param]->type;
    return sim_resolve(d, o, ref.param, buf, size);
}

/* ---- device-side changes and notifications ---- */

int sim_record_change(struct sim_device *d, const char *name, int active)
{
    d->change_seq++;
    for (uint32_t i = 0; i < d->nchanges; i++)
        if (strcmp(d->changes[i].name, name) == 0) {
            d->changes[i].active |= (uint8_t)active;
            d->changes[i].seq = d->change_seq;
            return 0;
        }
    if (d->nchanges == d->capchanges) {
        uint32_t cap = d->capchanges ? d->capchanges * 2 : 4;
        struct sim_change *c = realloc(d->changes, cap * sizeof(*c));
        if (c == NULL)
            return -1;
        d->changes = c;
        d->capchanges = cap;
    }
    d->changes[d->nchanges].name = strdup(name);
    if (d->changes[d->nchanges].name == NULL)
        return -1;
    d->changes[d->nchanges].seq = d->change_seq;
    d->changes[d->nchanges++].active = (uint8_t)active;
    return 0;
}

uint32_t sim_device_changes_seq(const struct sim_device *d)
{
    return d->change_seq;
}

void sim_device_changes_clear_upto(struct sim_device *d, uint32_t seq)
{
    uint32_t kept = 0;

    for (uint32_t i = 0; i < d->nchanges; i++) {
        if (d->changes[i].seq <= seq)
            free(d->changes[i].name);
        else
            d->changes[kept++] = d->changes[i];
    }
    d->nchanges = kept;
}

int sim_device_update(struct sim_device *d, const char *name, const char *value,
                      struct sim_fault *f)
{
    struct sim_ref ref;
    struct sim_obj *o;
    const struct sim_snode *p;
    const char *why = "invalid", *old;
    char buf[1024];
    int notify, changed;

    if (sim_lookup(d, name, &ref) != 0 || ref.param < 0) {
        sim_fault_set(f, CWMP_FAULT_INVALID_PARAMETER_NAME, "no parameter %s", name);
        return CWMP_FAULT_INVALID_PARAMETER_NAME;
    }
    o = ref.chain[ref.depth - 1];
    p = o->s->params[ref.param];
    if (cwmp_value_check(p->type, value, strlen(value), &why) != 0) {
        sim_fault_set(f, CWMP_FAULT_INVALID_PARAMETER_TYPE, "%s: %s", name, why);
        return CWMP_FAULT_INVALID_PARAMETER_TYPE;
    }
    if (sim_value_valid(p, value, &why) != 0) {
        sim_fault_set(f, CWMP_FAULT_INVALID_PARAMETER_VALUE, "%s: %s", name, why);
        return CWMP_FAULT_INVALID_PARAMETER_VALUE;
    }
    old = sim_resolve(d, o, ref.param, buf, sizeof(buf));
    changed = old == NULL || strcmp(old, value) != 0;
    if (!changed)
        return 0;
    notify = o->pf[ref.param] & PF_NOTIFY;
    if ((o = sim_mutable(d, &ref)) == NULL || sim_set_value_raw(d, o, ref.param, value) != 0) {
        sim_fault_set(f, CWMP_FAULT_RESOURCES_EXCEEDED, "%s: out of memory", name);
        return CWMP_FAULT_RESOURCES_EXCEEDED;
    }
    /* TR-069 3.2.1: forced active parameters always notify */
    if (p->flags & SF_FORCED)
        notify = 2;
    if (notify > 0 && sim_record_change(d, name, notify == 2) != 0) {
        sim_fault_set(f, CWMP_FAULT_RESOURCES_EXCEEDED, "%s: out of memory", name);
        return CWMP_FAULT_RESOURCES_EXCEEDED;
    }
    return 0;
}

int sim_device_active_pending(const struct sim_device *d)
{
    for (uint32_t i = 0; i < d->nchanges; i++)
        if (d->changes[i].active)
            return 1;
    return 0;
}

int sim_device_changes(struct sim_device *d, struct sim_values *out, int *active)
{
    struct sim_fault f = {0};
    int rc = 0;

    if (active != NULL)
        *active = 0;
    for (uint32_t i = 0; i < d->nchanges; i++) {
        const char *name = d->changes[i].name;
        struct sim_ref ref;
        if (sim_lookup(d, name, &ref) != 0 || ref.param < 0)
            continue; /* its object was deleted since */
        if (sim_get_values(d, &name, 1, out, &f) != 0) {
            rc = f.code;
            sim_fault_clear(&f);
            break;
        }
        if (active != NULL && d->changes[i].active)
            *active = 1;
    }
    return rc;
}
