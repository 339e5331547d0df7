/*
 * model_parse.c - reads cwmp-sim model files (docs/MODEL-FORMAT.md) into a
 * struct sim_model: the schema and the initial instance tree.
 *
 * Two passes: the first declares every object and parameter (so constraints
 * are known wherever they are written), the second creates the instances
 * and checks and stores their values. Any bad line stops the load with
 * "file:line: message".
 */
#include "sim/model_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SIM_MODELS_DIR
#define SIM_MODELS_DIR "/usr/local/share/cwmp2usp/models"
#endif
#ifndef SIM_SRC_MODELS_DIR
#define SIM_SRC_MODELS_DIR "sim/models"
#endif

#define MAX_LINE 8192
#define MAX_FILE (64u << 20)
#define MAX_INST 999999999u

struct pending {
    unsigned line;
    char *path;
    char *value; /* NULL: an instance line */
};

struct parser {
    const char *file;
    unsigned line;
    char *err;
    size_t errlen;
    struct sim_model *m;
    struct pending *todo;
    size_t ntodo, captodo;
};

static int fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parser *ps, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (ps->errlen == 0)
        return -1;
    n = snprintf(ps->err, ps->errlen, "%s:%u: ", ps->file, ps->line);
    if (n >= 0 && (size_t)n < ps->errlen) {
        va_start(ap, fmt);
        vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* ---- fields of a line ---- */

/*
 * Takes the next field at *p into buf: a bare word, or a "quoted string"
 * with \" \\ \n \t \r escapes. Returns 1 with a field, 0 at the end of the
 * line or a comment, -1 on error.
 */
static int next_field(struct parser *ps, const char **p, char *buf, int *quoted)
{
    const char *s = *p;
    size_t n = 0;

    while (*s == ' ' || *s == '\t')
        s++;
    *quoted = 0;
    if (*s == '\0' || *s == '#') {
        *p = s;
        return 0;
    }
    if (*s != '"') {
        while (*s != '\0' && *s != ' ' && *s != '\t') {
            if (*s == '"')
                return fail(ps, "quote inside a bare word (quote the whole value)");
            buf[n++] = *s++;
        }
        buf[n] = '\0';
        *p = s;
        return 1;
    }
    *quoted = 1;
    for (s++;; s++) {
        char c = *s;
        if (c == '\0')
            return fail(ps, "unterminated string");
        if (c == '"')
            break;
        if (c == '\\') {
            c = *++s;
            if (c == 'n')
                c = '\n';
            else if (c == 't')
                c = '\t';
            else if (c == 'r')
                c = '\r';
            else if (c != '"' && c != '\\')
                return fail(ps, "unknown escape in string (use \\\" \\\\ \\n \\t \\r)");
        }
        buf[n++] = c;
    }
    s++;
    if (*s != '\0' && *s != ' ' && *s != '\t')
        return fail(ps, "text right after a closing quote");
    buf[n] = '\0';
    *p = s;
    return 1;
}

/* ---- paths ---- */

enum seg_kind { SEG_NAME, SEG_NUM, SEG_TEMPLATE };

struct path {
    char buf[MAX_LINE];
    char *seg[SIM_MAX_DEPTH];
    uint8_t kind[SIM_MAX_DEPTH];
    uint32_t num[SIM_MAX_DEPTH];
    int n;
    int object; /* ends in '.' */
    int has_num, has_template;
};

static int name_char(char c, int first)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')
        return 1;
    return !first && ((c >= '0' && c <= '9') || c == '-');
}

static int split_path(struct parser *ps, const char *text, struct path *pt)
{
    size_t len = strlen(text);
    char *s;

    if (len == 0 || len >= sizeof(pt->buf))
        return fail(ps, "bad name");
    memcpy(pt->buf, text, len + 1);
    pt->object = pt->buf[len - 1] == '.';
    if (pt->object)
        pt->buf[len - 1] = '\0';
    pt->n = 0;
    pt->has_num = pt->has_template = 0;
    for (s = pt->buf;;) {
        char *dot = strchr(s, '.');
        int i = pt->n;
        if (dot)
            *dot = '\0';
        if (i == SIM_MAX_DEPTH)
            return fail(ps, "%s: more than %d levels", text, SIM_MAX_DEPTH);
        pt->seg[i] = s;
        if (strcmp(s, "{i}") == 0) {
            pt->kind[i] = SEG_TEMPLATE;
            pt->has_template = 1;
        } else if (*s >= '1' && *s <= '9') {
            unsigned long v;
            char *end;
            errno = 0;
            v = strtoul(s, &end, 10);
            if (*end != '\0' || errno != 0 || v > MAX_INST)
                return fail(ps, "%s: bad instance number \"%s\" (1 to %u)", text, s, MAX_INST);
            pt->kind[i] = SEG_NUM;
            pt->num[i] = (uint32_t)v;
            pt->has_num = 1;
        } else {
            if (!name_char(*s, 1))
                return fail(ps, "%s: bad name segment \"%s\"", text, s);
            for (const char *c = s + 1; *c; c++)
                if (!name_char(*c, 0))
                    return fail(ps, "%s: bad character in \"%s\"", text, s);
            pt->kind[i] = SEG_NAME;
        }
        pt->n++;
        if (dot == NULL)
            break;
        s = dot + 1;
    }
    if (!pt->object && pt->kind[pt->n - 1] != SEG_NAME)
        return fail(ps, "%s: a parameter name must end with a name", text);
    if (pt->kind[0] != SEG_NAME)
        return fail(ps, "%s: must start with the root object", text);
    return 0;
}

/* ---- schema ---- */

static struct sim_snode *snode_new(const char *name, struct sim_snode *parent, int kind)
{
    struct sim_snode *n = calloc(1, sizeof(*n));
    if (n == NULL)
        return NULL;
    n->name = strdup(name);
    if (n->name == NULL) {
        free(n);
        return NULL;
    }
    n->parent = parent;
    n->kind = (uint8_t)kind;
    return n;
}

static int push_node(struct sim_snode ***arr, uint32_t *n, uint32_t *cap, struct sim_snode *c)
{
    if (*n == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 4;
        struct sim_snode **a = realloc(*arr, nc * sizeof(*a));
        if (a == NULL)
            return -1;
        *arr = a;
        *cap = nc;
    }
    (*arr)[(*n)++] = c;
    return 0;
}

static void snode_free(struct sim_snode *n)
{
    if (n == NULL)
        return;
    for (uint32_t i = 0; i < n->nobjs; i++)
        snode_free(n->objs[i]);
    for (uint32_t i = 0; i < n->nparams; i++)
        snode_free(n->params[i]);
    for (uint32_t i = 0; i < n->nenums; i++)
        free(n->enums[i]);
    free(n->enums);
    free(n->objs);
    free(n->params);
    free(n->def);
    free(n->name);
    free(n);
}

static struct sim_snode *find_obj(const struct sim_snode *n, const char *name)
{
    for (uint32_t i = 0; i < n->nobjs; i++)
        if (strcmp(n->objs[i]->name, name) == 0)
            return n->objs[i];
    return NULL;
}

static struct sim_snode *find_param(const struct sim_snode *n, const char *name)
{
    for (uint32_t i = 0; i < n->nparams; i++)
        if (strcmp(n->params[i]->name, name) == 0)
            return n->params[i];
    return NULL;
}

/* Makes an empty object a table (a dump lists "X." before "X.1."). */
static int make_table(struct parser *ps, struct sim_snode *n, const char *path)
{
    struct sim_snode *t;

    if (n->kind == SK_TABLE)
        return 0;
    if (n->kind != SK_OBJECT || n->parent == NULL || n->nparams > 0 || n->nobjs > 0)
        return fail(ps, "%s: %s is not a table", path, n->name);
    t = snode_new("{i}", n, SK_INSTANCE);
    if (t == NULL || push_node(&n->objs, &n->nobjs, &n->capobjs, t) != 0) {
        snode_free(t);
        return fail(ps, "out of memory");
    }
    n->kind = SK_TABLE;
    return 0;
}

/* Walks (creating) the schema objects of segments [0, upto). */
static struct sim_snode *declare_objects(struct parser *ps, struct path *pt, int upto,
                                         const char *text)
{
    struct sim_model *m = ps->m;
    struct sim_snode *cur;

    if (m->schema == NULL) {
        m->schema = snode_new(pt->seg[0], NULL, SK_OBJECT);
        if (m->schema == NULL) {
            fail(ps, "out of memory");
            return NULL;
        }
    } else if (strcmp(m->schema->name, pt->seg[0]) != 0) {
        fail(ps, "%s: every name must start with %s.", text, m->schema->name);
        return NULL;
    }
    cur = m->schema;
    for (int i = 1; i < upto; i++) {
        struct sim_snode *c;
        if (pt->kind[i] != SEG_NAME) {
            if (make_table(ps, cur, text) != 0)
                return NULL;
            cur = cur->objs[0];
            continue;
        }
        if (cur->kind == SK_TABLE) {
            fail(ps, "%s: %s is a table: expected an instance number or {i} after it", text,
                 cur->name);
            return NULL;
        }
        c = find_obj(cur, pt->seg[i]);
        if (c == NULL) {
            if (find_param(cur, pt->seg[i]) != NULL) {
                fail(ps, "%s: %s is a parameter, not an object", text, pt->seg[i]);
                return NULL;
            }
            c = snode_new(pt->seg[i], cur, SK_OBJECT);
            if (c == NULL || push_node(&cur->objs, &cur->nobjs, &cur->capobjs, c) != 0) {
                snode_free(c);
                fail(ps, "out of memory");
                return NULL;
            }
        }
        cur = c;
    }
    return cur;
}

static int parse_access(struct parser *ps, const char *word, int *writable)
{
    if (strcmp(word, "rw") == 0)
        *writable = 1;
    else if (strcmp(word, "ro") == 0)
        *writable = 0;
    else
        return fail(ps, "access must be rw or ro, not \"%s\"", word);
    return 0;
}

static int parse_uint(const char *s, uint32_t *out)
{
    unsigned long v;
    char *end;

    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (*end != '\0' || errno != 0 || v > UINT32_MAX)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

static int is_integer(enum cwmp_type t)
{
    return t == CWMP_TYPE_INT || t == CWMP_TYPE_UNSIGNED_INT || t == CWMP_TYPE_LONG ||
           t == CWMP_TYPE_UNSIGNED_LONG;
}

static int parse_range(struct parser *ps, struct sim_snode *p, const char *v)
{
    const char *dots = strstr(v, "..");
    char lo[64], hi[64];
    size_t n;

    if (!is_integer(p->type))
        return fail(ps, "range= is for integer types");
    if (dots == NULL || (size_t)(dots - v) >= sizeof(lo) || strlen(dots + 2) >= sizeof(hi))
        return fail(ps, "range must be MIN..MAX, MIN.. or ..MAX");
    n = (size_t)(dots - v);
    memcpy(lo, v, n);
    lo[n] = '\0';
    strcpy(hi, dots + 2);
    if (lo[0] != '\0') {
        if (cwmp_value_check(p->type, lo, strlen(lo), NULL) != 0 || sim_num_parse(lo, &p->min))
            return fail(ps, "range minimum \"%s\" is not a %s", lo, cwmp_type_name(p->type));
        p->flags |= SF_MIN;
    }
    if (hi[0] != '\0') {
        if (cwmp_value_check(p->type, hi, strlen(hi), NULL) != 0 || sim_num_parse(hi, &p->max))
            return fail(ps, "range maximum \"%s\" is not a %s", hi, cwmp_type_name(p->type));
        p->flags |= SF_MAX;
    }
    if ((p->flags & SF_MIN) && (p->flags & SF_MAX) && sim_num_cmp(&p->min, &p->max) > 0)
        return fail(ps, "range minimum is above the maximum");
    return 0;
}

static int parse_enum(struct parser *ps, struct sim_snode *p, const char *v)
{
    if (p->type != CWMP_TYPE_STRING)
        return fail(ps, "enum= is for string parameters");
    if (p->nenums > 0)
        return fail(ps, "enum= given twice");
    for (;;) {
        const char *comma = strchr(v, ',');
        size_t n = comma ? (size_t)(comma - v) : strlen(v);
        char **e;
        if (n == 0)
            return fail(ps, "empty enum= value");
        e = realloc(p->enums, (p->nenums + 1) * sizeof(*e));
        if (e == NULL)
            return fail(ps, "out of memory");
        p->enums = e;
        e[p->nenums] = strndup(v, n);
        if (e[p->nenums] == NULL)
            return fail(ps, "out of memory");
        p->nenums++;
        if (comma == NULL)
            return 0;
        v = comma + 1;
    }
}

static int parse_attr(struct parser *ps, struct sim_snode *p, const char *a)
{
    const char *eq = strchr(a, '=');
    const char *v = eq ? eq + 1 : NULL;
    size_t klen = eq ? (size_t)(eq - a) : strlen(a);

#define KEY(k) (klen == sizeof(k) - 1 && memcmp(a, k, klen) == 0)
    if (v == NULL) {
        if (KEY("forced"))
            p->flags |= SF_FORCED;
        else if (KEY("denyactive"))
            p->flags |= SF_DENYACTIVE;
        else if (KEY("hidden"))
            p->flags |= SF_HIDDEN;
        else if (KEY("list"))
            p->flags |= SF_LIST;
        else
            return fail(ps, "unknown attribute \"%s\"", a);
        return 0;
    }
    if (KEY("notify")) {
        if (strlen(v) != 1 || v[0] < '0' || v[0] > '2')
            return fail(ps, "notify must be 0, 1 or 2");
        p->notify = (uint8_t)(v[0] - '0');
    } else if (KEY("maxlen") || KEY("minlen")) {
        uint32_t n;
        if (is_integer(p->type) || p->type == CWMP_TYPE_BOOLEAN || p->type == CWMP_TYPE_DATETIME)
            return fail(ps, "%.*s= is for string, base64 and hexBinary", (int)klen, a);
        if (parse_uint(v, &n) != 0)
            return fail(ps, "%.*s must be a number", (int)klen, a);
        if (KEY("maxlen"))
            p->maxlen = n;
        else
            p->minlen = n;
    } else if (KEY("range")) {
        return parse_range(ps, p, v);
    } else if (KEY("enum")) {
        return parse_enum(ps, p, v);
    } else {
        return fail(ps, "unknown attribute \"%.*s\"", (int)klen, a);
    }
#undef KEY
    return 0;
}

static const char *const placeholders[] = {
    "serial", "oui", "product_class", "mac", "ip", "index", "acs_url", "cr_port",
};

/* Checks every ${...} in value names a known placeholder. */
static int check_placeholders(struct parser *ps, const char *value)
{
    for (const char *s = strstr(value, "${"); s; s = strstr(s, "${")) {
        const char *end = strchr(s, '}');
        size_t n;
        int ok = 0;
        if (end == NULL)
            return fail(ps, "unterminated ${ in value");
        s += 2;
        n = (size_t)(end - s);
        for (size_t i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++)
            if (strlen(placeholders[i]) == n && memcmp(placeholders[i], s, n) == 0)
                ok = 1;
        if (n == 5 && memcmp(s, "mac+", 4) == 0 && s[4] >= '0' && s[4] <= '7')
            ok = 1;
        if (!ok)
            return fail(ps, "unknown placeholder ${%.*s}", (int)n, s);
        s = end + 1;
    }
    return 0;
}

/* A value (default or instance value) checked against p. */
static int check_value(struct parser *ps, const struct sim_snode *p, const char *path,
                       const char *value)
{
    const char *why = "invalid";

    if (sim_has_placeholder(value)) {
        if (p->type != CWMP_TYPE_STRING)
            return fail(ps, "%s: placeholders are allowed in string values only", path);
        return check_placeholders(ps, value);
    }
    if (sim_value_valid(p, value, &why) != 0)
        return fail(ps, "%s: bad value \"%.40s\": %s", path, value, why);
    return 0;
}

static int remember(struct parser *ps, const char *path, const char *value)
{
    struct pending *t;

    if (ps->ntodo == ps->captodo) {
        size_t cap = ps->captodo ? ps->captodo * 2 : 64;
        t = realloc(ps->todo, cap * sizeof(*t));
        if (t == NULL)
            return fail(ps, "out of memory");
        ps->todo = t;
        ps->captodo = cap;
    }
    t = &ps->todo[ps->ntodo];
    t->line = ps->line;
    t->path = strdup(path);
    t->value = value ? strdup(value) : NULL;
    if (t->path == NULL || (value && t->value == NULL)) {
        free(t->path);
        free(t->value);
        return fail(ps, "out of memory");
    }
    ps->ntodo++;
    return 0;
}

/* "PATH. object ACCESS" or "PATH.N. instance" */
static int object_line(struct parser *ps, struct path *pt, const char *text, const char *kw,
                       const char *rest)
{
    char buf[MAX_LINE];
    int quoted, writable = 0, r;
    struct sim_snode *o;

    if (strcmp(kw, "instance") == 0) {
        if (pt->kind[pt->n - 1] != SEG_NUM)
            return fail(ps, "%s: an instance line names an instance (ends in a number)", text);
    } else {
        if ((r = next_field(ps, &rest, buf, &quoted)) < 0)
            return -1;
        if (r == 0)
            return fail(ps, "%s: missing access (rw or ro) after object", text);
        if (parse_access(ps, buf, &writable) != 0)
            return -1;
    }
    if ((r = next_field(ps, &rest, buf, &quoted)) != 0)
        return r < 0 ? -1 : fail(ps, "%s: unexpected \"%s\" after an object", text, buf);
    o = declare_objects(ps, pt, pt->n, text);
    if (o == NULL)
        return -1;
    if (pt->kind[pt->n - 1] == SEG_NAME) {
        if (o->parent == NULL && writable)
            return fail(ps, "%s: the root object cannot be writable", text);
        o->writable = (uint8_t)writable;
    } else if (pt->kind[pt->n - 1] == SEG_TEMPLATE) {
        o->parent->writable = (uint8_t)writable;
    }
    if (pt->has_num && !pt->has_template)
        return remember(ps, text, NULL);
    return 0;
}

static int declare_param(struct parser *ps, struct sim_snode *obj, struct path *pt,
                         const char *text, enum cwmp_type type, int writable, const char *value,
                         const char **rest)
{
    const char *name = pt->seg[pt->n - 1];
    struct sim_snode *p = find_param(obj, name);
    char buf[MAX_LINE];
    int quoted, r;

    if (obj->kind == SK_TABLE)
        return fail(ps, "%s: %s is a table: expected an instance number or {i}", text, obj->name);
    if (p != NULL) {
        if (p->type != type || p->writable != writable)
            return fail(ps, "%s: declared before as %s %s", text, cwmp_type_name(p->type) + 4,
                        p->writable ? "rw" : "ro");
        if ((r = next_field(ps, rest, buf, &quoted)) != 0)
            return r < 0 ? -1
                         : fail(ps, "%s: attributes go on the first line of a parameter", text);
        if (pt->has_template)
            return fail(ps, "%s: the {i} line must come before the instance lines", text);
        return 0;
    }
    if (find_obj(obj, name) != NULL)
        return fail(ps, "%s: %s is an object, not a parameter", text, name);
    p = snode_new(name, obj, SK_PARAM);
    if (p == NULL || push_node(&obj->params, &obj->nparams, &obj->capparams, p) != 0) {
        snode_free(p);
        return fail(ps, "out of memory");
    }
    p->index = obj->nparams - 1;
    p->type = type;
    p->writable = (uint8_t)writable;
    p->def = strdup(value);
    if (p->def == NULL)
        return fail(ps, "out of memory");
    while ((r = next_field(ps, rest, buf, &quoted)) > 0) {
        if (quoted)
            return fail(ps, "%s: unexpected string after the value", text);
        if (parse_attr(ps, p, buf) != 0)
            return -1;
    }
    if (r < 0)
        return -1;
    return check_value(ps, p, text, value);
}

static int parse_line(struct parser *ps, const char *line)
{
    struct path pt;
    char path[MAX_LINE], kw[MAX_LINE], access[MAX_LINE], value[MAX_LINE];
    const char *p = line;
    int quoted, r, writable = 0;
    enum cwmp_type type = CWMP_TYPE_STRING;
    struct sim_snode *obj;

    if ((r = next_field(ps, &p, path, &quoted)) <= 0)
        return r;
    if (quoted)
        return fail(ps, "a line must start with a name");
    if (split_path(ps, path, &pt) != 0)
        return -1;
    if ((r = next_field(ps, &p, kw, &quoted)) < 0)
        return -1;
    if (r == 0)
        return fail(ps, "%s: missing type (object, instance or a parameter type)", path);
    if (pt.object) {
        if (strcmp(kw, "object") != 0 && strcmp(kw, "instance") != 0)
            return fail(ps, "%s: a name ending in '.' needs object or instance, not \"%s\"", path,
                        kw);
        return object_line(ps, &pt, path, kw, p);
    }
    if (strcmp(kw, "object") == 0 || strcmp(kw, "instance") == 0)
        return fail(ps, "%s: an object name must end with '.'", path);
    if (cwmp_type_from_name(kw, strlen(kw), &type) != 0 || strchr(kw, ':') != NULL)
        return fail(ps, "%s: unknown type \"%s\"", path, kw);
    if ((r = next_field(ps, &p, access, &quoted)) <= 0)
        return r < 0 ? -1 : fail(ps, "%s: missing access (rw or ro)", path);
    if (parse_access(ps, access, &writable) != 0)
        return -1;
    if ((r = next_field(ps, &p, value, &quoted)) <= 0)
        return r < 0 ? -1 : fail(ps, "%s: missing value (write \"\" for an empty one)", path);
    if (pt.n < 2)
        return fail(ps, "%s: a parameter must be inside the root object", path);
    obj = declare_objects(ps, &pt, pt.n - 1, path);
    if (obj == NULL || declare_param(ps, obj, &pt, path, type, writable, value, &p) != 0)
        return -1;
    if (!pt.has_template)
        return remember(ps, path, value);
    return 0;
}

/* ---- second pass: instances and values ---- */

static int place(struct parser *ps, const struct pending *t)
{
    struct path pt;
    struct sim_obj *o = ps->m->base;
    int nobj;

    ps->line = t->line;
    if (split_path(ps, t->path, &pt) != 0)
        return -1;
    nobj = pt.object ? pt.n : pt.n - 1;
    for (int i = 1; i < nobj; i++) {
        struct sim_obj *c = NULL;
        for (uint32_t k = 0; k < o->nchild; k++) {
            struct sim_obj *x = o->child[k];
            if (o->s->kind == SK_TABLE ? x->inst == pt.num[i]
                                       : strcmp(x->s->name, pt.seg[i]) == 0) {
                c = x;
                break;
            }
        }
        if (c == NULL && o->s->kind == SK_TABLE) {
            c = sim_obj_new(o->s->objs[0], pt.num[i], 0);
            if (c == NULL || sim_obj_insert(o, c) != 0) {
                sim_obj_free(c);
                return fail(ps, "out of memory");
            }
        }
        if (c == NULL)
            return fail(ps, "%s: internal error: no object %s", t->path, pt.seg[i]);
        o = c;
    }
    if (t->value == NULL)
        return 0;
    for (uint32_t i = 0; i < o->s->nparams; i++) {
        const struct sim_snode *p = o->s->params[i];
        if (strcmp(p->name, pt.seg[pt.n - 1]) != 0)
            continue;
        if (check_value(ps, p, t->path, t->value) != 0)
            return -1;
        if (o->pf[i] & PF_OWNED)
            free(o->val[i]);
        o->val[i] = strdup(t->value);
        if (o->val[i] == NULL) {
            o->pf[i] &= (uint8_t)~PF_OWNED;
            o->val[i] = p->def;
            return fail(ps, "out of memory");
        }
        o->pf[i] = (uint8_t)((o->pf[i] & ~PF_TEMPLATE) | PF_OWNED |
                             (sim_has_placeholder(t->value) ? PF_TEMPLATE : 0));
        return 0;
    }
    return fail(ps, "%s: internal error: no parameter", t->path);
}

static size_t count_params(const struct sim_obj *o)
{
    size_t n = o->s->kind == SK_TABLE ? 0 : o->s->nparams;
    for (uint32_t i = 0; i < o->nchild; i++)
        n += count_params(o->child[i]);
    return n;
}

void sim_model_free(struct sim_model *m)
{
    if (m == NULL)
        return;
    sim_obj_free(m->base);
    snode_free(m->schema);
    free(m->root_name);
    free(m);
}

static void free_todo(struct parser *ps)
{
    for (size_t i = 0; i < ps->ntodo; i++) {
        free(ps->todo[i].path);
        free(ps->todo[i].value);
    }
    free(ps->todo);
}

/* Marks "<T>NumberOfEntries" parameters whose object has a table T: their
 * value is the table's instance count (TR-181 convention). */
static void mark_counts(struct sim_snode *o)
{
    static const char suffix[] = "NumberOfEntries";
    const size_t sl = sizeof(suffix) - 1;

    for (uint32_t i = 0; i < o->nparams; i++) {
        struct sim_snode *p = o->params[i];
        size_t n = strlen(p->name);
        if (n <= sl || strcmp(p->name + n - sl, suffix) != 0 || p->type != CWMP_TYPE_UNSIGNED_INT)
            continue;
        for (uint32_t k = 0; k < o->nobjs; k++)
            if (o->objs[k]->kind == SK_TABLE && strlen(o->objs[k]->name) == n - sl &&
                memcmp(o->objs[k]->name, p->name, n - sl) == 0) {
                p->flags |= SF_COUNT;
                p->count_of = o->objs[k];
            }
    }
    for (uint32_t k = 0; k < o->nobjs; k++)
        mark_counts(o->objs[k]);
}

static int parse_lines(struct parser *ps, const char *text, size_t len, char *line)
{
    const char *end = text + len;

    for (const char *s = text; s < end; ps->line++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        if (n > 0 && s[n - 1] == '\r')
            n--;
        if (n > MAX_LINE)
            return fail(ps, "line longer than %d bytes", MAX_LINE);
        if (memchr(s, '\0', n) != NULL)
            return fail(ps, "NUL byte in line");
        memcpy(line, s, n);
        line[n] = '\0';
        if (parse_line(ps, line) != 0)
            return -1;
        s = nl ? nl + 1 : end;
    }
    return 0;
}

static int parse_all(struct parser *ps, const char *text, size_t len)
{
    char *line = malloc(MAX_LINE + 1);
    int rc;

    if (line == NULL)
        return fail(ps, "out of memory");
    rc = parse_lines(ps, text, len, line);
    free(line);
    if (rc != 0)
        return -1;
    if (ps->m->schema == NULL)
        return fail(ps, "no parameters in the file");
    ps->m->base = sim_obj_new(ps->m->schema, 0, 0);
    if (ps->m->base == NULL)
        return fail(ps, "out of memory");
    for (size_t i = 0; i < ps->ntodo; i++)
        if (place(ps, &ps->todo[i]) != 0)
            return -1;
    mark_counts(ps->m->schema);
    ps->m->root_name = malloc(strlen(ps->m->schema->name) + 2);
    if (ps->m->root_name == NULL)
        return fail(ps, "out of memory");
    sprintf(ps->m->root_name, "%s.", ps->m->schema->name);
    ps->m->nparams = count_params(ps->m->base);
    return 0;
}

int sim_model_parse(const char *name, const char *text, size_t len, struct sim_model **out,
                    char *err, size_t errlen)
{
    struct parser ps = {.file = name ? name : "(model)", .line = 1, .err = err, .errlen = errlen};
    int rc;

    *out = NULL;
    if (errlen > 0)
        err[0] = '\0';
    ps.m = calloc(1, sizeof(*ps.m));
    if (ps.m == NULL)
        return fail(&ps, "out of memory");
    rc = parse_all(&ps, text, len);
    free_todo(&ps);
    if (rc != 0) {
        sim_model_free(ps.m);
        return -1;
    }
    *out = ps.m;
    return 0;
}

int sim_model_load(const char *path, struct sim_model **out, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    int rc;

    *out = NULL;
    if (f == NULL) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    do {
        if (len == cap) {
            char *b;
            cap = cap ? cap * 2 : 65536;
            if (cap > MAX_FILE) {
                snprintf(err, errlen, "%s: larger than %u bytes", path, MAX_FILE);
                goto fail;
            }
            b = realloc(buf, cap);
            if (b == NULL) {
                snprintf(err, errlen, "%s: out of memory", path);
                goto fail;
            }
            buf = b;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    if (ferror(f)) {
        snprintf(err, errlen, "%s: read error", path);
        goto fail;
    }
    fclose(f);
    rc = sim_model_parse(path, buf, len, out, err, errlen);
    free(buf);
    return rc;
fail:
    fclose(f);
    free(buf);
    return -1;
}

int sim_model_find(const char *name, char *out, size_t size)
{
    static const char *const dirs[] = {SIM_MODELS_DIR, SIM_SRC_MODELS_DIR};
    static const char *const exts[] = {"", ".model"};
    int n;

    if (access(name, R_OK) == 0) {
        n = snprintf(out, size, "%s", name);
        return n >= 0 && (size_t)n < size ? 0 : -1;
    }
    if (strchr(name, '/') != NULL)
        return -1;
    for (size_t d = 0; d < 2; d++)
        for (size_t e = 0; e < 2; e++) {
            n = snprintf(out, size, "%s/%s%s", dirs[d], name, exts[e]);
            if (n >= 0 && (size_t)n < size && access(out, R_OK) == 0)
                return 0;
        }
    return -1;
}

const char *sim_model_root(const struct sim_model *m)
{
    return m->root_name;
}

size_t sim_model_param_count(const struct sim_model *m)
{
    return m->nparams;
}
