/*
 * supported.c - USP GetSupportedDM over CWMP (TR-369 "GetSupportedDM"):
 * a Supported Data Model tree (struct map_sdm) built from what
 * GetParameterNames listed (TR-069 A.3.2.3: names and the Writable flag,
 * no types) plus what the caller adds itself (objects, parameters,
 * commands, events, unique keys it serves), and the GetSupportedDMResp
 * result of one requested path. Pure translation: no I/O, no state.
 *
 * CWMP lists instances, not tables: "Device.NAT.PortMapping.3.Enable"
 * becomes the parameter Enable of "Device.NAT.PortMapping.{i}.". The
 * table object ("Device.NAT.PortMapping.", Writable = AddObject allowed)
 * and its instances (Writable = DeleteObject allowed) give the access of
 * the {i} object. A table with no instance is only recognised when it is
 * writable (then its parameters are unknown); a read-only empty table
 * looks like an empty single-instance object.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapping/mapping.h"
#include "usp/error.h"
#include "usp/msg.h"

struct strs {
    char **s;
    size_t n;
};

struct sdm_param {
    char *name;
    char *cwmp; /* a concrete CWMP name of it (type lookup), or NULL */
    enum usp_param_access access;
    int type; /* enum usp_value_type, -1: ask the caller */
    enum usp_value_change vc;
};

struct sdm_cmd {
    char *name;
    enum usp_cmd_type type;
    struct strs in, out;
};

struct sdm_event {
    char *name;
    struct strs args;
};

struct sdm_obj {
    char *path; /* supported notation: "Device.NAT.PortMapping.{i}." */
    int from_cwmp, explicit_access;
    int table_w, inst_w, inst_seen; /* CWMP Writable of the table / an instance */
    enum usp_obj_access access;
    struct sdm_param *params;
    size_t n_params, cap_params;
    struct sdm_cmd *cmds;
    size_t n_cmds, cap_cmds;
    struct sdm_event *events;
    size_t n_events, cap_events;
    struct strs *keysets;
    size_t n_keysets, cap_keysets;
};

struct map_sdm {
    struct sdm_obj **o;
    size_t n, cap;
    size_t last; /* the object found last: names of one object come together */
    enum usp_value_change cwmp_vc;
    int sorted;
};

__attribute__((format(printf, 3, 4))) static void say(char *why, size_t len, const char *fmt, ...)
{
    va_list ap;
    if (!why || !len)
        return;
    va_start(ap, fmt);
    vsnprintf(why, len, fmt, ap);
    va_end(ap);
}

/* Makes room for one more element of size sz in *arr (n used, *cap). */
static int grow(void *arr, size_t n, size_t *cap, size_t sz)
{
    void **a = arr, *p;
    size_t nc;
    if (n < *cap)
        return 0;
    nc = *cap ? *cap * 2 : 8;
    if (!(p = realloc(*a, nc * sz)))
        return -1;
    *a = p;
    *cap = nc;
    return 0;
}

static int strs_set(struct strs *s, const char *const *v, size_t n)
{
    s->s = calloc(n ? n : 1, sizeof *s->s);
    if (!s->s)
        return -1;
    for (s->n = 0; s->n < n; s->n++)
        if (!(s->s[s->n] = strdup(v[s->n])))
            return -1;
    return 0;
}

static void strs_free(struct strs *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->s[i]);
    free(s->s);
    memset(s, 0, sizeof *s);
}

static void obj_free(struct sdm_obj *o)
{
    size_t i;
    if (!o)
        return;
    for (i = 0; i < o->n_params; i++) {
        free(o->params[i].name);
        free(o->params[i].cwmp);
    }
    for (i = 0; i < o->n_cmds; i++) {
        free(o->cmds[i].name);
        strs_free(&o->cmds[i].in);
        strs_free(&o->cmds[i].out);
    }
    for (i = 0; i < o->n_events; i++) {
        free(o->events[i].name);
        strs_free(&o->events[i].args);
    }
    for (i = 0; i < o->n_keysets; i++)
        strs_free(&o->keysets[i]);
    free(o->params);
    free(o->cmds);
    free(o->events);
    free(o->keysets);
    free(o->path);
    free(o);
}

struct map_sdm *map_sdm_new(enum usp_value_change cwmp_value_change)
{
    struct map_sdm *s = calloc(1, sizeof *s);
    if (s)
        s->cwmp_vc = cwmp_value_change;
    return s;
}

void map_sdm_free(struct map_sdm *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        obj_free(s->o[i]);
    free(s->o);
    free(s);
}

size_t map_sdm_object_count(const struct map_sdm *s)
{
    return s ? s->n : 0;
}

/* ---------------------------------------------------------------------
 * Objects.
 * ------------------------------------------------------------------- */

static int is_number(const char *s, size_t n)
{
    if (n == 0 || s[0] == '0')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* obj (a CWMP object path, ending in '.') in supported notation: every
 * instance number becomes {i}. Sets *inst when the last segment was one.
 * 0, or -1 when it does not fit. */
static int to_supported(const char *obj, size_t len, char *out, size_t cap, int *inst)
{
    size_t o = 0, i = 0;
    *inst = 0;
    while (i < len) {
        const char *dot = memchr(obj + i, '.', len - i);
        size_t sl = dot ? (size_t)(dot - (obj + i)) : len - i;
        const char *seg = obj + i;
        size_t wl = sl;
        *inst = is_number(seg, sl);
        if (*inst) {
            seg = "{i}";
            wl = 3;
        }
        if (o + wl + 2 > cap)
            return -1;
        memcpy(out + o, seg, wl);
        o += wl;
        if (dot)
            out[o++] = '.';
        i += sl + 1;
    }
    out[o] = '\0';
    return 0;
}

static int find_obj(struct map_sdm *s, const char *path)
{
    size_t i;
    if (s->last < s->n && strcmp(s->o[s->last]->path, path) == 0)
        return (int)s->last;
    for (i = s->n; i > 0; i--)
        if (strcmp(s->o[i - 1]->path, path) == 0) {
            s->last = i - 1;
            return (int)(i - 1);
        }
    return -1;
}

static struct sdm_obj *get_obj(struct map_sdm *s, const char *path)
{
    struct sdm_obj *o;
    int i = find_obj(s, path);

    if (i >= 0)
        return s->o[i];
    if (grow(&s->o, s->n, &s->cap, sizeof *s->o) || !(o = calloc(1, sizeof *o)))
        return NULL;
    if (!(o->path = strdup(path))) {
        free(o);
        return NULL;
    }
    o->access = USP_OBJ_READ_ONLY;
    s->last = s->n;
    s->o[s->n++] = o;
    s->sorted = 0;
    return o;
}

static int is_multi(const char *path)
{
    size_t l = strlen(path);
    return l >= 5 && strcmp(path + l - 5, ".{i}.") == 0;
}

static struct sdm_param *get_param(struct sdm_obj *o, const char *name)
{
    struct sdm_param *p;
    for (size_t i = 0; i < o->n_params; i++)
        if (strcmp(o->params[i].name, name) == 0)
            return &o->params[i];
    if (grow(&o->params, o->n_params, &o->cap_params, sizeof *o->params))
        return NULL;
    p = &o->params[o->n_params];
    memset(p, 0, sizeof *p);
    if (!(p->name = strdup(name)))
        return NULL;
    p->type = -1;
    o->n_params++;
    return p;
}

int map_sdm_add_cwmp_name(struct map_sdm *s, const char *name, int writable)
{
    char sup[MAP_NAME_MAX + 64];
    size_t len = strlen(name), ol;
    struct sdm_obj *o;
    struct sdm_param *p;
    const char *dot;
    int inst;

    if (len == 0)
        return 0;
    if (name[len - 1] == '.') { /* an object: a table, an instance or a plain object */
        if (to_supported(name, len - 1, sup, sizeof sup - 1, &inst))
            return -1;
        strcat(sup, ".");
        if (!(o = get_obj(s, sup)))
            return -1;
        o->from_cwmp = 1;
        if (inst) {
            o->inst_seen = 1;
            o->inst_w |= writable != 0;
        } else {
            o->table_w |= writable != 0;
        }
        return 0;
    }
    if (!(dot = strrchr(name, '.')) || dot[1] == '\0')
        return -1;
    ol = (size_t)(dot - name);
    if (to_supported(name, ol, sup, sizeof sup - 1, &inst))
        return -1;
    strcat(sup, ".");
    if (!(o = get_obj(s, sup)) || !(p = get_param(o, dot + 1)))
        return -1;
    o->from_cwmp = 1;
    o->inst_seen |= inst;
    if (!p->cwmp && !(p->cwmp = strdup(name)))
        return -1;
    if (writable)
        p->access = USP_PARAM_READ_WRITE;
    p->vc = s->cwmp_vc;
    return 0;
}

int map_sdm_add_object(struct map_sdm *s, const char *path, enum usp_obj_access access)
{
    struct sdm_obj *o = get_obj(s, path);
    if (!o)
        return -1;
    o->explicit_access = 1;
    o->access = access;
    return 0;
}

int map_sdm_has_object(struct map_sdm *s, const char *path)
{
    return find_obj(s, path) >= 0;
}

int map_sdm_add_param(struct map_sdm *s, const char *obj, const char *name,
                      enum usp_param_access access, enum usp_value_type type,
                      enum usp_value_change vc)
{
    struct sdm_obj *o = get_obj(s, obj);
    struct sdm_param *p = o ? get_param(o, name) : NULL;
    if (!p)
        return -1;
    p->access = access;
    p->type = (int)type;
    p->vc = vc;
    return 0;
}

int map_sdm_add_command(struct map_sdm *s, const char *obj, const char *name,
                        enum usp_cmd_type type, const char *const *in, size_t n_in,
                        const char *const *out, size_t n_out)
{
    struct sdm_obj *o = get_obj(s, obj);
    struct sdm_cmd *c;

    if (!o || grow(&o->cmds, o->n_cmds, &o->cap_cmds, sizeof *o->cmds))
        return -1;
    c = &o->cmds[o->n_cmds++];
    memset(c, 0, sizeof *c);
    c->type = type;
    if (!(c->name = strdup(name)) || strs_set(&c->in, in, n_in) || strs_set(&c->out, out, n_out))
        return -1;
    return 0;
}

int map_sdm_add_event(struct map_sdm *s, const char *obj, const char *name, const char *const *args,
                      size_t n_args)
{
    struct sdm_obj *o = get_obj(s, obj);
    struct sdm_event *e;

    if (!o || grow(&o->events, o->n_events, &o->cap_events, sizeof *o->events))
        return -1;
    e = &o->events[o->n_events++];
    memset(e, 0, sizeof *e);
    if (!(e->name = strdup(name)) || strs_set(&e->args, args, n_args))
        return -1;
    return 0;
}

int map_sdm_add_unique_key_set(struct map_sdm *s, const char *obj, const char *const *keys,
                               size_t n)
{
    struct sdm_obj *o = get_obj(s, obj);
    struct strs *k;

    if (!o || grow(&o->keysets, o->n_keysets, &o->cap_keysets, sizeof *o->keysets))
        return -1;
    k = &o->keysets[o->n_keysets++];
    memset(k, 0, sizeof *k);
    return strs_set(k, keys, n);
}

static int cmp_obj(const void *a, const void *b)
{
    return strcmp((*(struct sdm_obj *const *)a)->path, (*(struct sdm_obj *const *)b)->path);
}

/* Whether an object other than o lies below o's path. */
static int has_children(const struct map_sdm *s, const struct sdm_obj *o)
{
    size_t l = strlen(o->path);
    for (size_t i = 0; i < s->n; i++)
        if (s->o[i] != o && strncmp(s->o[i]->path, o->path, l) == 0)
            return 1;
    return 0;
}

/* Removes object i (its table access already moved to the {i} object). */
static void drop_obj(struct map_sdm *s, size_t i)
{
    obj_free(s->o[i]);
    memmove(&s->o[i], &s->o[i + 1], (s->n - i - 1) * sizeof *s->o);
    s->n--;
}

int map_sdm_finish(struct map_sdm *s)
{
    char path[MAP_NAME_MAX + 80];
    size_t i;
    int j;

    for (i = 0; i < s->n;) { /* fold each CWMP table object into its {i} object */
        struct sdm_obj *o = s->o[i];
        if (!o->from_cwmp || is_multi(o->path) || strlen(o->path) + 5 > sizeof path) {
            i++;
            continue;
        }
        snprintf(path, sizeof path, "%s{i}.", o->path);
        if ((j = find_obj(s, path)) >= 0) {
            s->o[j]->table_w |= o->table_w;
            s->o[j]->from_cwmp = 1;
            drop_obj(s, i);
            continue;
        }
        if (o->table_w && o->n_params == 0 && !has_children(s, o)) {
            char *np = strdup(path); /* a writable table with no instance */
            if (!np)
                return -1;
            free(o->path);
            o->path = np;
        }
        i++;
    }
    for (i = 0; i < s->n; i++) {
        struct sdm_obj *o = s->o[i];
        if (o->explicit_access || !o->from_cwmp)
            continue;
        if (is_multi(o->path) && o->n_keysets == 0) {
            /* TR-181: a table's Alias is always one of its unique keys */
            static const char *const alias[] = {"Alias"};
            for (size_t k = 0; k < o->n_params; k++)
                if (!strcmp(o->params[k].name, "Alias") &&
                    map_sdm_add_unique_key_set(s, o->path, alias, 1))
                    return -1;
        }
        if (!is_multi(o->path))
            o->access = USP_OBJ_READ_ONLY;
        else if (o->table_w && (o->inst_w || !o->inst_seen))
            o->access = USP_OBJ_ADD_DELETE;
        else if (o->table_w)
            o->access = USP_OBJ_ADD_ONLY;
        else if (o->inst_w)
            o->access = USP_OBJ_DELETE_ONLY;
        else
            o->access = USP_OBJ_READ_ONLY;
    }
    if (s->n > 1)
        qsort(s->o, s->n, sizeof *s->o, cmp_obj);
    s->last = s->n;
    s->sorted = 1;
    return 0;
}

/* ---------------------------------------------------------------------
 * Requested paths.
 * ------------------------------------------------------------------- */

static int name_char(char c, int first)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
           (!first && ((c >= '0' && c <= '9') || c == '-'));
}

int map_sdm_normalize(const char *path, char *out, size_t cap, enum map_sdm_kind *kind, char *why,
                      size_t why_len)
{
    size_t i = 0, o = 0, len = strlen(path);

    *kind = MAP_SDM_OBJECT;
    if (len == 0 || len >= MAP_NAME_MAX + 64) {
        say(why, why_len, "the path is %s", len ? "too long" : "empty");
        return USP_ERR_INVALID_PATH_SYNTAX;
    }
    while (i < len) {
        size_t s = i, e;
        const char *w;
        size_t wl;
        if (path[i] == '[') { /* a search expression: up to its ']' */
            const char *close = strchr(path + i, ']');
            if (!close) {
                say(why, why_len, "unterminated search expression at offset %zu", i);
                return USP_ERR_INVALID_PATH_SYNTAX;
            }
            e = (size_t)(close - path) + 1;
            w = "{i}";
            wl = 3;
        } else {
            e = i;
            while (e < len && path[e] != '.')
                e++;
            w = path + s;
            wl = e - s;
            if ((wl == 1 && path[s] == '*') || is_number(w, wl) ||
                (wl == 3 && !strncmp(w, "{i}", 3))) {
                w = "{i}";
                wl = 3;
            } else {
                size_t k;
                for (k = 0; k < wl && name_char(w[k], k == 0); k++)
                    ;
                if (k < wl && e == len && wl - k == 2 && !strncmp(w + k, "()", 2) && k)
                    *kind = MAP_SDM_COMMAND;
                else if (k < wl && e == len && wl - k == 1 && w[k] == '!' && k)
                    *kind = MAP_SDM_EVENT;
                else if (k < wl || wl == 0) {
                    say(why, why_len, "bad path segment at offset %zu of '%.200s'", s, path);
                    return USP_ERR_INVALID_PATH_SYNTAX;
                } else if (e == len)
                    *kind = MAP_SDM_PARAM;
            }
        }
        if ((o == 0 && w[0] == '{') || o + wl + 2 > cap) {
            say(why, why_len, "'%.200s' is not a supported data model path", path);
            return USP_ERR_INVALID_PATH_SYNTAX;
        }
        memcpy(out + o, w, wl);
        o += wl;
        if (e < len) {
            if (path[e] != '.') {
                say(why, why_len, "a search expression must end a segment (offset %zu)", e);
                return USP_ERR_INVALID_PATH_SYNTAX;
            }
            out[o++] = '.';
            e++;
        }
        i = e;
    }
    out[o] = '\0';
    return 0;
}

/* Index of the first object whose path is >= key (s sorted). */
static size_t obj_lower_bound(const struct map_sdm *s, const char *key)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(s->o[mid]->path, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const struct sdm_obj *lookup(const struct map_sdm *s, const char *path)
{
    size_t i = obj_lower_bound(s, path);
    return i < s->n && strcmp(s->o[i]->path, path) == 0 ? s->o[i] : NULL;
}

/* Whether rest (the path below an object) is one name, maybe with {i}. */
static int immediate(const char *rest)
{
    const char *dot = strchr(rest, '.');
    return dot && (dot[1] == '\0' || strcmp(dot + 1, "{i}.") == 0);
}

struct emit_ctx {
    struct usp_msg *resp;
    const struct usp_gsdm_flags *f;
    map_sdm_type_fn type_of;
    void *arg;
    enum map_sdm_kind only_kind; /* OBJECT: everything the flags ask */
    const char *only;            /* the one element asked for, or NULL */
};

static int emit_params(struct emit_ctx *c, const struct sdm_obj *o)
{
    for (size_t k = 0; k < o->n_params; k++) {
        const struct sdm_param *p = &o->params[k];
        int t = p->type;
        if (c->only && strcmp(c->only, p->name) != 0)
            continue;
        if (t < 0 && p->cwmp && c->type_of)
            t = c->type_of(c->arg, p->cwmp);
        if (usp_gsdmresp_add_param(c->resp, p->name, p->access,
                                   t < 0 ? USP_VT_UNKNOWN : (enum usp_value_type)t, p->vc))
            return -1;
    }
    return 0;
}

static int emit_commands(struct emit_ctx *c, const struct sdm_obj *o)
{
    for (size_t k = 0; k < o->n_cmds; k++) {
        const struct sdm_cmd *m = &o->cmds[k];
        size_t a;
        if (c->only && strcmp(c->only, m->name) != 0)
            continue;
        if (usp_gsdmresp_add_command(c->resp, m->name, m->type))
            return -1;
        for (a = 0; a < m->in.n; a++)
            if (usp_gsdmresp_add_command_input_arg(c->resp, m->in.s[a]))
                return -1;
        for (a = 0; a < m->out.n; a++)
            if (usp_gsdmresp_add_command_output_arg(c->resp, m->out.s[a]))
                return -1;
    }
    return 0;
}

static int emit_events(struct emit_ctx *c, const struct sdm_obj *o)
{
    for (size_t k = 0; k < o->n_events; k++) {
        const struct sdm_event *e = &o->events[k];
        if (c->only && strcmp(c->only, e->name) != 0)
            continue;
        if (usp_gsdmresp_add_event(c->resp, e->name))
            return -1;
        for (size_t a = 0; a < e->args.n; a++)
            if (usp_gsdmresp_add_event_arg(c->resp, e->args.s[a]))
                return -1;
    }
    return 0;
}

static int emit_obj(struct emit_ctx *c, const struct sdm_obj *o, int details)
{
    const struct usp_gsdm_flags *f = c->f;

    if (usp_gsdmresp_add_supported_obj(c->resp, o->path, o->access, is_multi(o->path)))
        return -1;
    if (!details)
        return 0;
    if (c->only) /* a parameter, command or event path: that element only */
        return c->only_kind == MAP_SDM_PARAM     ? emit_params(c, o)
               : c->only_kind == MAP_SDM_COMMAND ? emit_commands(c, o)
                                                 : emit_events(c, o);
    if ((f->return_params && emit_params(c, o)) || (f->return_commands && emit_commands(c, o)) ||
        (f->return_events && emit_events(c, o)))
        return -1;
    if (f->return_unique_key_sets)
        for (size_t k = 0; k < o->n_keysets; k++) {
            if (usp_gsdmresp_add_unique_key_set(c->resp))
                return -1;
            for (size_t a = 0; a < o->keysets[k].n; a++)
                if (usp_gsdmresp_add_unique_key(c->resp, o->keysets[k].s[a]))
                    return -1;
        }
    return 0;
}

/* The object a normalized path names (the table when "{i}." is left
 * out), and for an element path its name in *elem. */
static const struct sdm_obj *target(const struct map_sdm *s, char *norm, enum map_sdm_kind kind,
                                    char *elem, size_t elem_cap)
{
    const struct sdm_obj *o;
    size_t l = strlen(norm);

    elem[0] = '\0';
    if (kind != MAP_SDM_OBJECT) {
        char *dot = strrchr(norm, '.');
        if (!dot)
            return NULL;
        snprintf(elem, elem_cap, "%s", dot + 1);
        dot[1] = '\0';
        return lookup(s, norm);
    }
    if (l == 0 || norm[l - 1] != '.')
        return NULL;
    if ((o = lookup(s, norm)) != NULL)
        return o;
    strcat(norm, "{i}."); /* TR-369: the final {i}. may be omitted */
    return lookup(s, norm);
}

static int has_elem(const struct sdm_obj *o, enum map_sdm_kind kind, const char *name)
{
    size_t k;
    if (kind == MAP_SDM_PARAM) {
        for (k = 0; k < o->n_params; k++)
            if (!strcmp(o->params[k].name, name))
                return 1;
    } else if (kind == MAP_SDM_COMMAND) {
        for (k = 0; k < o->n_cmds; k++)
            if (!strcmp(o->cmds[k].name, name))
                return 1;
    } else {
        for (k = 0; k < o->n_events; k++)
            if (!strcmp(o->events[k].name, name))
                return 1;
    }
    return 0;
}

int map_sdm_add_result(struct usp_msg *resp, const struct map_sdm *s, const char *requested,
                       const struct usp_gsdm_flags *flags, const char *uri, map_sdm_type_fn type_of,
                       void *arg)
{
    char norm[MAP_NAME_MAX + 80], why[300], elem[MAP_NAME_MAX];
    struct emit_ctx c = {resp, flags, type_of, arg, MAP_SDM_OBJECT, NULL};
    const struct sdm_obj *o;
    enum map_sdm_kind kind;
    size_t i, l;
    int rc;

    rc = map_sdm_normalize(requested, norm, sizeof norm - 8, &kind, why, sizeof why);
    if (rc)
        return usp_gsdmresp_add_req_obj_result(resp, requested, (uint32_t)rc, why, "");
    o = s->sorted ? target(s, norm, kind, elem, sizeof elem) : NULL;
    if (!o || (elem[0] && !has_elem(o, kind, elem))) {
        say(why, sizeof why, "%.200s is not in the supported data model", requested);
        return usp_gsdmresp_add_req_obj_result(resp, requested, USP_ERR_INVALID_PATH, why, "");
    }
    if (usp_gsdmresp_add_req_obj_result(resp, requested, 0, "", uri ? uri : ""))
        return -1;
    if (elem[0]) {
        c.only = elem;
        c.only_kind = kind;
        return emit_obj(&c, o, 1);
    }
    if (emit_obj(&c, o, 1))
        return -1;
    l = strlen(o->path);
    for (i = obj_lower_bound(s, o->path) + 1; i < s->n; i++) {
        const struct sdm_obj *d = s->o[i];
        if (strncmp(d->path, o->path, l) != 0)
            break;
        if (flags->first_level_only && !immediate(d->path + l))
            continue;
        if (emit_obj(&c, d, !flags->first_level_only))
            return -1;
    }
    return 0;
}

int map_usp_value_type(int cwmp_type)
{
    /* enum cwmp_type (cwmp/cwmp.h) -> TR-369 ParamValueType */
    static const int t[] = {
        USP_VT_STRING,    USP_VT_INT,           USP_VT_UNSIGNED_INT,
        USP_VT_LONG,      USP_VT_UNSIGNED_LONG, USP_VT_BOOLEAN,
        USP_VT_DATE_TIME, USP_VT_BASE_64,       USP_VT_HEX_BINARY,
    };
    return cwmp_type >= 0 && (size_t)cwmp_type < sizeof t / sizeof t[0] ? t[cwmp_type] : -1;
}
