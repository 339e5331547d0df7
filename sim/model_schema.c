/*
 * model_schema.c - pieces of the sim/ data model shared by the parser and
 * the store: instance tree objects, value checks against the schema
 * (type, length, range, enumeration), placeholders.
 */
#include "sim/model_int.h"

#include <stdlib.h>
#include <string.h>

struct sim_obj *sim_obj_new(const struct sim_snode *s, uint32_t inst, int owned)
{
    struct sim_obj *o = calloc(1, sizeof(*o));

    if (o == NULL)
        return NULL;
    o->s = s;
    o->inst = inst;
    o->next = 1;
    o->owned = (uint8_t)owned;
    if (s->kind == SK_TABLE)
        return o;
    if (s->nparams > 0) {
        o->val = calloc(s->nparams, sizeof(*o->val));
        o->pf = calloc(s->nparams, 1);
        if (o->val == NULL || o->pf == NULL)
            goto fail;
    }
    for (uint32_t i = 0; i < s->nparams; i++) {
        const struct sim_snode *p = s->params[i];
        o->val[i] = p->def;
        o->pf[i] = (uint8_t)(p->notify | (sim_has_placeholder(p->def) ? PF_TEMPLATE : 0));
    }
    if (s->nobjs > 0) {
        o->child = calloc(s->nobjs, sizeof(*o->child));
        if (o->child == NULL)
            goto fail;
        o->capchild = s->nobjs;
    }
    for (uint32_t i = 0; i < s->nobjs; i++) {
        struct sim_obj *c = sim_obj_new(s->objs[i], 0, owned);
        if (c == NULL)
            goto fail;
        o->child[o->nchild++] = c;
    }
    return o;
fail:
    sim_obj_free(o);
    return NULL;
}

/* Frees o and everything below it, owned or not (the model's own tree). */
void sim_obj_free(struct sim_obj *o)
{
    if (o == NULL)
        return;
    for (uint32_t i = 0; i < o->nchild; i++)
        sim_obj_free(o->child[i]);
    if (o->val != NULL) {
        for (uint32_t i = 0; i < o->s->nparams; i++)
            if (o->pf[i] & PF_OWNED)
                free(o->val[i]);
    }
    free(o->child);
    free(o->val);
    free(o->pf);
    free(o);
}

/* Inserts an instance into a table, keeping instance numbers ascending. */
int sim_obj_insert(struct sim_obj *table, struct sim_obj *inst)
{
    uint32_t at = table->nchild;

    if (table->nchild == table->capchild) {
        uint32_t cap = table->capchild ? table->capchild * 2 : 4;
        struct sim_obj **c = realloc(table->child, cap * sizeof(*c));
        if (c == NULL)
            return -1;
        table->child = c;
        table->capchild = cap;
    }
    while (at > 0 && table->child[at - 1]->inst > inst->inst)
        at--;
    memmove(table->child + at + 1, table->child + at, (table->nchild - at) * sizeof(*table->child));
    table->child[at] = inst;
    table->nchild++;
    if (inst->inst >= table->next)
        table->next = inst->inst + 1;
    return 0;
}

/* ---- numbers for ranges ---- */

int sim_num_parse(const char *s, struct sim_num *out)
{
    uint64_t v = 0;

    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    out->neg = 0;
    if (*s == '+' || *s == '-')
        out->neg = *s++ == '-';
    if (*s < '0' || *s > '9')
        return -1;
    for (; *s >= '0' && *s <= '9'; s++) {
        unsigned d = (unsigned)(*s - '0');
        if (v > (UINT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    if (*s != '\0')
        return -1;
    out->mag = v;
    if (v == 0)
        out->neg = 0;
    return 0;
}

int sim_num_cmp(const struct sim_num *a, const struct sim_num *b)
{
    if (a->neg != b->neg)
        return a->neg ? -1 : 1;
    if (a->mag == b->mag)
        return 0;
    return (a->mag < b->mag) != a->neg ? -1 : 1;
}

/* ---- values against the schema ---- */

static int in_enum(const struct sim_snode *p, const char *v, size_t len)
{
    for (uint32_t i = 0; i < p->nenums; i++)
        if (strlen(p->enums[i]) == len && memcmp(p->enums[i], v, len) == 0)
            return 1;
    return 0;
}

static int is_integer_type(enum cwmp_type t)
{
    return t == CWMP_TYPE_INT || t == CWMP_TYPE_UNSIGNED_INT || t == CWMP_TYPE_LONG ||
           t == CWMP_TYPE_UNSIGNED_LONG;
}

static int check_item(const struct sim_snode *p, const char *v, size_t len, const char **why)
{
    if (p->nenums > 0 && !in_enum(p, v, len)) {
        *why = "value is not one of the enumeration";
        return -1;
    }
    return 0;
}

/* Checks value against p's type and constraints; *why is a static text. */
int sim_value_valid(const struct sim_snode *p, const char *value, const char **why)
{
    size_t len = strlen(value);

    if (cwmp_value_check(p->type, value, len, why) != 0)
        return -1;
    if (p->maxlen > 0 && len > p->maxlen) {
        *why = "value is longer than the maximum length";
        return -1;
    }
    if (len < p->minlen) {
        *why = "value is shorter than the minimum length";
        return -1;
    }
    if (is_integer_type(p->type) && (p->flags & (SF_MIN | SF_MAX))) {
        struct sim_num n;
        if (sim_num_parse(value, &n) != 0) {
            *why = "not a number";
            return -1;
        }
        if (((p->flags & SF_MIN) && sim_num_cmp(&n, &p->min) < 0) ||
            ((p->flags & SF_MAX) && sim_num_cmp(&n, &p->max) > 0)) {
            *why = "value is out of the allowed range";
            return -1;
        }
    }
    if (p->nenums == 0)
        return 0;
    if (!(p->flags & SF_LIST))
        return check_item(p, value, len, why);
    if (len == 0)
        return 0; /* an empty list */
    for (const char *s = value;;) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        if (check_item(p, s, n, why) != 0)
            return -1;
        if (comma == NULL)
            return 0;
        s = comma + 1;
    }
}

int sim_has_placeholder(const char *value)
{
    return value != NULL && strstr(value, "${") != NULL;
}

/* The value a parameter of a type has when the file gives none. */
const char *sim_snode_default(enum cwmp_type type)
{
    switch (type) {
    case CWMP_TYPE_STRING:
    case CWMP_TYPE_BASE64:
    case CWMP_TYPE_HEXBINARY:
        return "";
    case CWMP_TYPE_BOOLEAN:
        return "false";
    case CWMP_TYPE_DATETIME:
        return "0001-01-01T00:00:00Z"; /* TR-069 "unknown time" */
    default:
        return "0";
    }
}
