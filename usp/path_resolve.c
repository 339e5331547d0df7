/*
 * path_resolve.c - expands a parsed USP path into concrete paths through
 * a caller's data source (TR-369 2.5.2-2.5.5 instance identifiers and
 * searches, 2.6.1 reference following).
 *
 * The walk goes segment by segment, keeping the concrete prefix built so
 * far: names are appended, instance selectors ask the source for the
 * table's instances and keep those that exist / match, and a reference
 * marker replaces the prefix with the object(s) the parameter refers to.
 */
#include "usp/path.h"
#include "usp/path_int.h"
#include "usp/error.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct resolver {
    const struct usp_path *path;
    const struct usp_path_source *src;
    struct usp_path_list *out;
    struct usp_path_error *err;
    int depth; /* > 0 while resolving a reference value */
};

static int rerr(struct resolver *r, int code, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int rerr(struct resolver *r, int code, size_t offset, const char *fmt, ...)
{
    if (r->err != NULL && r->err->code == 0) {
        va_list ap;

        r->err->code = code;
        r->err->offset = offset;
        va_start(ap, fmt);
        vsnprintf(r->err->message, sizeof(r->err->message), fmt, ap);
        va_end(ap);
    }
    return code;
}

static int oom(struct resolver *r)
{
    return rerr(r, USP_ERR_RESOURCES_EXCEEDED, 0, "out of memory resolving path");
}

static int list_add(struct usp_path_list *l, const char *s)
{
    char *copy;

    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        char **p = realloc(l->paths, cap * sizeof(*p));

        if (p == NULL)
            return -1;
        l->paths = p;
        l->cap = cap;
    }
    copy = strdup(s);
    if (copy == NULL)
        return -1;
    l->paths[l->n++] = copy;
    return 0;
}

void usp_path_list_free(struct usp_path_list *list)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < list->n; i++)
        free(list->paths[i]);
    free(list->paths);
    memset(list, 0, sizeof(*list));
}

static void list_truncate(struct usp_path_list *l, size_t n)
{
    while (l->n > n)
        free(l->paths[--l->n]);
}

/* The source's instances of table, copied (callbacks may reuse storage). */
static int instances(struct resolver *r, const char *table, size_t offset, uint32_t **inst,
                     size_t *n)
{
    const uint32_t *got = NULL;
    int rc;

    *inst = NULL;
    *n = 0;
    rc = r->src->list_instances(r->src->ctx, table, &got, n);
    if (rc != 0)
        return rerr(r, rc, offset, "%s: listing instances failed: %s", table, usp_err_name(rc));
    if (*n == 0)
        return 0;
    if (got == NULL)
        return rerr(r, USP_ERR_INTERNAL_ERROR, offset, "%s: source gave no instance array", table);
    *inst = malloc(*n * sizeof(**inst));
    if (*inst == NULL)
        return oom(r);
    memcpy(*inst, got, *n * sizeof(**inst));
    return 0;
}

/* The value of param (copied), or NULL in *value if the instance lacks it. */
static int value_of(struct resolver *r, const char *param, size_t offset, char **value)
{
    const char *got = NULL;
    int rc;

    *value = NULL;
    rc = r->src->get_value(r->src->ctx, param, &got);
    if (rc != 0)
        return rerr(r, rc, offset, "%s: reading the parameter failed: %s", param, usp_err_name(rc));
    if (got != NULL && (*value = strdup(got)) == NULL)
        return oom(r);
    return 0;
}

static int resolve(struct resolver *r, const struct usp_path *path, struct usp_path_list *out);

/*
 * Resolves one list item of a reference value into existing objects. A
 * reference is data, not the controller's path: one that is malformed or
 * points outside the data model is dangling, not an error of the request.
 */
static int follow_item(struct resolver *r, const char *item, struct usp_path_list *targets)
{
    struct resolver nested = *r;
    struct usp_path_error err = {0};
    struct usp_path *ref = NULL;
    size_t before = targets->n;
    int rc;

    if (usp_path_parse_reference(item, &ref, NULL) != 0)
        return 0;
    nested.depth = r->depth + 1;
    nested.err = &err;
    rc = resolve(&nested, ref, targets);
    usp_path_free(ref);
    if (rc == USP_ERR_INVALID_PATH || rc == USP_ERR_OBJECT_DOES_NOT_EXIST ||
        rc == USP_ERR_NOT_A_TABLE) {
        list_truncate(targets, before);
        return 0;
    }
    if (rc != 0)
        rerr(r, rc, err.offset, "following reference '%s': %s", item, err.message);
    return rc;
}

/*
 * The objects the reference parameter param points to (TR-369 2.6.1 and
 * 2.6.1.1: "Ref+" is the first list item, "Ref#n+" the n-th, "Ref#*+"
 * all). Empty and dangling references give no targets.
 */
static int follow_ref(struct resolver *r, const char *param, const struct usp_path_ref *ref,
                      size_t offset, struct usp_path_list *targets)
{
    char *value = NULL;
    uint32_t item = 0;
    int rc = value_of(r, param, offset, &value);

    if (rc != 0 || value == NULL)
        return rc;
    for (char *p = value, *next; p != NULL && rc == 0; p = next) {
        char *end;

        next = strchr(p, ',');
        if (next != NULL)
            *next++ = '\0';
        while (isspace((unsigned char)*p))
            p++;
        end = p + strlen(p);
        while (end > p && isspace((unsigned char)end[-1]))
            *--end = '\0';
        if (*p == '\0')
            continue; /* an empty list or item refers to nothing */
        item++;
        if (ref->all || item == ref->index)
            rc = follow_item(r, p, targets);
        if (!ref->all && item >= ref->index)
            break;
    }
    free(value);
    return rc;
}

static int emit(struct resolver *r, struct usp_path_list *out, const char *text,
                enum usp_path_kind kind, size_t offset)
{
    if (r->src->check != NULL && r->depth == 0) {
        int rc = r->src->check(r->src->ctx, text, kind);

        if (rc == USP_PATH_DROP)
            return 0;
        if (rc != 0)
            return rerr(r, rc, offset, "%s: %s", text, usp_err_name(rc));
    }
    return list_add(out, text) == 0 ? 0 : oom(r);
}

/*
 * Evaluates one Expression Component on the instance at inst (a concrete
 * path ending in '.'). With reference following the relative path can
 * reach several values; the component holds if any of them matches.
 */
static int eval_term(struct resolver *r, const char *inst, const struct usp_path_term *t,
                     int *match)
{
    struct usp_path_list bases = {0}, next = {0};
    struct usp_sbuf b = {0};
    int rc = list_add(&bases, inst) == 0 ? 0 : oom(r);

    *match = 0;
    for (size_t k = 0; k < t->nrel && rc == 0 && !*match; k++) {
        const struct usp_path_relname *rel = &t->rel[k];

        for (size_t i = 0; i < bases.n && rc == 0 && !*match; i++) {
            usp_sbuf_truncate(&b, 0);
            if (usp_sbuf_add(&b, bases.paths[i]) || usp_sbuf_add(&b, rel->name)) {
                rc = oom(r);
            } else if (k + 1 == t->nrel) {
                char *value = NULL;

                rc = value_of(r, b.s, t->offset, &value);
                if (rc == 0 && value != NULL)
                    *match = usp_path_value_matches(value, t->op, t->value, t->quoted);
                free(value);
            } else if (rel->ref.present) {
                rc = follow_ref(r, b.s, &rel->ref, t->offset, &next);
            } else if (usp_sbuf_add(&b, ".") || list_add(&next, b.s)) {
                rc = oom(r);
            }
        }
        usp_path_list_free(&bases);
        bases = next;
        memset(&next, 0, sizeof(next));
    }
    usp_path_list_free(&bases);
    free(b.s);
    return rc;
}

static int eval_expr(struct resolver *r, const char *inst, const struct usp_path_seg *seg,
                     int *match)
{
    int rc = 0;

    *match = 1;
    for (size_t t = 0; t < seg->nterms && rc == 0 && *match; t++)
        rc = eval_term(r, inst, &seg->terms[t], match);
    return rc;
}

struct walk {
    struct resolver *r;
    const struct usp_path *path;
    struct usp_path_list *out;
};

static int walk(struct walk *w, size_t i, struct usp_sbuf *b);

static int walk_name(struct walk *w, size_t i, struct usp_sbuf *b)
{
    const struct usp_path_seg *seg = &w->path->segs[i];
    size_t base = b->len;
    int rc;

    if (usp_sbuf_add(b, seg->name))
        return oom(w->r);
    if (seg->ref.present) {
        struct usp_path_list targets = {0};

        rc = follow_ref(w->r, b->s, &seg->ref, seg->offset, &targets);
        usp_sbuf_truncate(b, base);
        for (size_t t = 0; t < targets.n && rc == 0; t++) {
            struct usp_sbuf nb = {0};

            rc = usp_sbuf_add(&nb, targets.paths[t]) ? oom(w->r) : walk(w, i + 1, &nb);
            free(nb.s);
        }
        usp_path_list_free(&targets);
        return rc;
    }
    if (i + 1 == w->path->nsegs && !w->path->partial) {
        const char *suffix = w->path->kind == USP_PATH_COMMAND ? "()"
                             : w->path->kind == USP_PATH_EVENT ? "!"
                                                               : "";

        rc = usp_sbuf_add(b, suffix) ? oom(w->r)
                                     : emit(w->r, w->out, b->s, w->path->kind, seg->offset);
    } else {
        rc = usp_sbuf_add(b, ".") ? oom(w->r) : walk(w, i + 1, b);
    }
    usp_sbuf_truncate(b, base);
    return rc;
}

static int walk_selector(struct walk *w, size_t i, struct usp_sbuf *b)
{
    const struct usp_path_seg *seg = &w->path->segs[i];
    size_t base = b->len, n = 0;
    uint32_t *inst = NULL;
    int rc = instances(w->r, b->s, seg->offset, &inst, &n);

    for (size_t k = 0; k < n && rc == 0; k++) {
        int match = 1;

        if (seg->type == USP_PATH_SEG_INSTANCE && inst[k] != seg->instance)
            continue;
        if (usp_sbuf_addf(b, "%u.", (unsigned)inst[k])) {
            rc = oom(w->r);
            break;
        }
        if (seg->type == USP_PATH_SEG_EXPR)
            rc = eval_expr(w->r, b->s, seg, &match);
        if (rc == 0 && match)
            rc = walk(w, i + 1, b);
        usp_sbuf_truncate(b, base);
        if (seg->type == USP_PATH_SEG_INSTANCE)
            break;
    }
    free(inst);
    return rc;
}

static int walk(struct walk *w, size_t i, struct usp_sbuf *b)
{
    if (i == w->path->nsegs) /* a partial path: the prefix is the result */
        return emit(w->r, w->out, b->s, w->path->kind, w->path->segs[i - 1].offset);
    if (w->path->segs[i].type == USP_PATH_SEG_NAME)
        return walk_name(w, i, b);
    return walk_selector(w, i, b);
}

struct entry {
    const char *s;
    size_t idx;
};

static int cmp_entry(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    int c = strcmp(x->s, y->s);

    if (c != 0)
        return c;
    return x->idx < y->idx ? -1 : x->idx > y->idx; /* earlier first */
}

/* Drops repeated paths from out[start..], keeping the first of each. */
static int dedupe(struct usp_path_list *out, size_t start)
{
    size_t n = out->n - start, k = start;
    struct entry *e;
    char *drop;

    if (n < 2)
        return 0;
    e = malloc(n * sizeof(*e));
    drop = calloc(n, 1);
    if (e == NULL || drop == NULL) {
        free(e);
        free(drop);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        e[i].s = out->paths[start + i];
        e[i].idx = i;
    }
    qsort(e, n, sizeof(*e), cmp_entry);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(e[i].s, e[i - 1].s) == 0)
            drop[e[i].idx] = 1;
    }
    for (size_t i = start; i < out->n; i++) {
        if (drop[i - start])
            free(out->paths[i]);
        else
            out->paths[k++] = out->paths[i];
    }
    out->n = k;
    free(e);
    free(drop);
    return 0;
}

static int resolve(struct resolver *r, const struct usp_path *path, struct usp_path_list *out)
{
    struct walk w = {r, path, out};
    struct usp_sbuf b = {0};
    int rc;

    if (path->nsegs == 0)
        return rerr(r, USP_ERR_INVALID_PATH_SYNTAX, 0, "empty path");
    rc = walk(&w, 0, &b);
    free(b.s);
    return rc;
}

int usp_path_resolve(const struct usp_path *path, const struct usp_path_source *src,
                     struct usp_path_list *out, struct usp_path_error *err)
{
    struct resolver r = {path, src, out, err, 0};
    size_t start = out->n;
    int rc;

    if (err != NULL)
        memset(err, 0, sizeof(*err));
    if (src == NULL || src->list_instances == NULL || src->get_value == NULL)
        return rerr(&r, USP_ERR_INTERNAL_ERROR, 0, "path source lacks callbacks");
    rc = resolve(&r, path, out);
    if (rc == 0 && path->has_ref && dedupe(out, start) != 0)
        rc = oom(&r);
    if (rc != 0)
        list_truncate(out, start);
    return rc;
}

int usp_path_resolve_text(const char *text, const struct usp_path_source *src,
                          struct usp_path_list *out, struct usp_path_error *err)
{
    struct usp_path *path = NULL;
    int rc = usp_path_parse(text, &path, err);

    if (rc != 0)
        return rc;
    rc = usp_path_resolve(path, src, out, err);
    usp_path_free(path);
    return rc;
}
