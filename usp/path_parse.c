/*
 * path_parse.c - USP Path Name parser and printer (TR-369 2.5-2.7).
 *
 * Grammar (TR-369 2.7, with the prose of 2.5.4 and 2.6.1 where the BNF is
 * looser or stricter than the text):
 *
 *   path      ::= name '.' ( seg '.' )* ( name ( '()' | '!' )? )?
 *   seg       ::= name | name reffollow | inst     (inst only after a name)
 *   inst      ::= posnum | '*' | '[' exprcomp ( '&&' exprcomp )* ']'
 *   exprcomp  ::= relpath oper value       (whitespace around oper tolerated,
 *                                           R-ARC.9a)
 *   relpath   ::= name ( reffollow? '.' name )*
 *   reffollow ::= ( '#' ( posnum | '*' ) )? '+'
 *   oper      ::= '==' | '!=' | '~=' | '<' | '>' | '<=' | '>='
 *   value     ::= '"' [^"]* '"' | [A-Za-z0-9_.:+-]+
 *   name      ::= [A-Za-z_] [A-Za-z0-9_-]*   ('-' for TR-106 vendor
 *                                           prefixes such as X_ACME-COM_)
 *
 * Unquoted constants cover the spec's own examples ([Enable==true],
 * [ValidLifetime<2021-06-06T08:00:00Z], [DeviceClass==08]). In quoted
 * strings %XX escapes are decoded (%22 for '"' and %25 for '%' per 2.5.4).
 * '<', '>', '<=' and '>=' need a number or dateTime constant (2.5.4: not
 * valid for strings and booleans). Two other modes share the parser:
 * reference values (2.6.1: trailing '.' optional, unique keys only) and
 * Supported Data Model paths (2.7 sdmpath: '{i}' as the only selector
 * besides instance numbers).
 * Every syntax error is USP_ERR_INVALID_PATH_SYNTAX (7008, "the Path Name
 * used was not understood"); 7026 is for well-formed paths outside the
 * Supported Data Model, which only a data source can tell.
 */
#include "usp/path.h"
#include "usp/path_int.h"
#include "usp/error.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
    const char *s;
    size_t len;
    size_t pos;
    int reference; /* parsing a reference parameter's value */
    int supported; /* parsing a Supported Data Model path ("{i}") */
    struct usp_path *path;
    struct usp_path_error *err;
};

static int fail(struct parser *p, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, size_t offset, const char *fmt, ...)
{
    if (p->err != NULL) {
        va_list ap;
        int n;

        p->err->code = USP_ERR_INVALID_PATH_SYNTAX;
        p->err->offset = offset;
        va_start(ap, fmt);
        n = vsnprintf(p->err->message, sizeof(p->err->message), fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < sizeof(p->err->message))
            snprintf(p->err->message + n, sizeof(p->err->message) - (size_t)n, " at offset %zu",
                     offset);
    }
    return USP_ERR_INVALID_PATH_SYNTAX;
}

static int oom(struct parser *p)
{
    if (p->err != NULL) {
        p->err->code = USP_ERR_RESOURCES_EXCEEDED;
        p->err->offset = p->pos;
        snprintf(p->err->message, sizeof(p->err->message), "out of memory parsing path");
    }
    return USP_ERR_RESOURCES_EXCEEDED;
}

/* A printable description of the character at pos, for messages. */
static const char *describe(const struct parser *p, size_t pos, char buf[8])
{
    unsigned char c;

    if (pos >= p->len)
        return "end of path";
    c = (unsigned char)p->s[pos];
    if (isgraph(c))
        snprintf(buf, 8, "'%c'", c);
    else
        snprintf(buf, 8, "0x%02x", c);
    return buf;
}

static int peek(const struct parser *p)
{
    return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int is_name_start(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int is_name_char(int c)
{
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static int is_value_char(int c)
{
    return is_name_char(c) || c == '.' || c == ':' || c == '+';
}

static void skip_ws(struct parser *p)
{
    while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t'))
        p->pos++;
}

static int parse_name(struct parser *p, char **out)
{
    size_t start = p->pos;

    while (p->pos < p->len && is_name_char((unsigned char)p->s[p->pos]))
        p->pos++;
    *out = strndup(p->s + start, p->pos - start);
    return *out == NULL ? oom(p) : 0;
}

/* posnum ::= [1-9][0-9]*, fitting an unsignedInt. */
static int parse_posnum(struct parser *p, const char *what, uint32_t *out)
{
    size_t start = p->pos;
    uint64_t v = 0;

    if (peek(p) == '0')
        return fail(p, start, "%s cannot be 0 or start with 0", what);
    while (p->pos < p->len && isdigit((unsigned char)p->s[p->pos])) {
        v = v * 10 + (uint64_t)(p->s[p->pos] - '0');
        if (v > UINT32_MAX)
            return fail(p, start, "%s is larger than 4294967295", what);
        p->pos++;
    }
    if (p->pos == start)
        return fail(p, start, "expected %s", what);
    *out = (uint32_t)v;
    return 0;
}

/* reffollow ::= ( '#' ( posnum | '*' ) )? '+'  (TR-369 2.6.1, 2.6.1.1) */
static int parse_ref(struct parser *p, struct usp_path_ref *ref)
{
    char buf[8];
    int rc;

    ref->present = 1;
    ref->index = 1;
    if (peek(p) == '#') {
        size_t hash = p->pos++;

        if (peek(p) == '*') {
            ref->all = 1;
            p->pos++;
        } else if (peek(p) >= '0' && peek(p) <= '9') {
            rc = parse_posnum(p, "list item number", &ref->index);
            if (rc != 0)
                return rc;
            ref->explicit_index = 1;
        } else {
            return fail(p, hash, "'#' must be followed by a list item number or '*'");
        }
        if (peek(p) != '+')
            return fail(p, p->pos, "'#' list selector must be followed by '+', not %s",
                        describe(p, p->pos, buf));
    }
    p->pos++; /* '+' */
    if (p->reference)
        return fail(p, p->pos - 1, "reference following is not allowed in a reference value");
    if (p->supported)
        return fail(p, p->pos - 1, "a Supported Data Model path cannot follow references");
    return 0;
}

static int push_seg(struct parser *p, struct usp_path_seg **seg)
{
    struct usp_path *path = p->path;
    struct usp_path_seg *segs;

    if (path->nsegs % 8 == 0) {
        segs = realloc(path->segs, (path->nsegs + 8) * sizeof(*segs));
        if (segs == NULL)
            return oom(p);
        path->segs = segs;
    }
    *seg = &path->segs[path->nsegs++];
    memset(*seg, 0, sizeof(**seg));
    (*seg)->offset = p->pos;
    return 0;
}

/* Appends the byte value of the %XX escape at p->pos to buf. */
static int decode_escape(struct parser *p, char *buf, size_t *n)
{
    const char *s = p->s + p->pos;
    char hex[3];
    unsigned long v;

    if (p->pos + 2 >= p->len || !isxdigit((unsigned char)s[1]) || !isxdigit((unsigned char)s[2]))
        return fail(p, p->pos, "'%%' in a string value must start a %%XX escape (%%25 for '%%')");
    hex[0] = s[1];
    hex[1] = s[2];
    hex[2] = '\0';
    v = strtoul(hex, NULL, 16);
    if (v == 0)
        return fail(p, p->pos, "%%00 is not allowed in a string value");
    buf[(*n)++] = (char)v;
    p->pos += 3;
    return 0;
}

static int parse_quoted(struct parser *p, char **out)
{
    size_t start = p->pos++;
    char *buf = malloc(p->len - start + 1);
    size_t n = 0;
    int rc;

    if (buf == NULL)
        return oom(p);
    while (p->pos < p->len && p->s[p->pos] != '"') {
        if (p->s[p->pos] == '%') {
            rc = decode_escape(p, buf, &n);
            if (rc != 0) {
                free(buf);
                return rc;
            }
        } else {
            buf[n++] = p->s[p->pos++];
        }
    }
    if (p->pos >= p->len) {
        free(buf);
        return fail(p, start, "unterminated string value (missing '\"')");
    }
    p->pos++;
    buf[n] = '\0';
    *out = buf;
    return 0;
}

static int parse_op(struct parser *p, enum usp_path_op *op)
{
    static const struct {
        const char *text;
        enum usp_path_op op;
    } ops[] = {
        {"==", USP_PATH_OP_EQ}, {"!=", USP_PATH_OP_NE}, {"~=", USP_PATH_OP_CONTAINS},
        {"<=", USP_PATH_OP_LE}, {">=", USP_PATH_OP_GE}, {"<", USP_PATH_OP_LT},
        {">", USP_PATH_OP_GT},
    };
    char buf[8];

    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        size_t l = strlen(ops[i].text);

        if (p->len - p->pos >= l && memcmp(p->s + p->pos, ops[i].text, l) == 0) {
            *op = ops[i].op;
            p->pos += l;
            return 0;
        }
    }
    if (peek(p) == '=')
        return fail(p, p->pos, "'=' is not an operator (use '==')");
    return fail(p, p->pos, "expected an operator (==, !=, ~=, <, >, <=, >=), found %s",
                describe(p, p->pos, buf));
}

/* relpath ::= name ( reffollow? '.' name )* */
static int parse_relpath(struct parser *p, struct usp_path_term *t)
{
    char buf[8];
    int rc;

    for (;;) {
        struct usp_path_relname *rel;

        if (!is_name_start(peek(p))) {
            if (peek(p) == '*' || (peek(p) >= '0' && peek(p) <= '9') || peek(p) == '[')
                return fail(p, p->pos,
                            "an expression's relative path cannot address instances of a child "
                            "table (give the child table its own expression)");
            return fail(p, p->pos, "expected a parameter name in search expression, found %s",
                        describe(p, p->pos, buf));
        }
        if (t->nrel % 4 == 0) {
            rel = realloc(t->rel, (t->nrel + 4) * sizeof(*rel));
            if (rel == NULL)
                return oom(p);
            t->rel = rel;
        }
        rel = &t->rel[t->nrel++];
        memset(rel, 0, sizeof(*rel));
        rc = parse_name(p, &rel->name);
        if (rc != 0)
            return rc;
        if (peek(p) == '+' || peek(p) == '#') {
            rc = parse_ref(p, &rel->ref);
            if (rc != 0)
                return rc;
            p->path->has_ref = 1;
            if (peek(p) != '.')
                return fail(p, p->pos,
                            "reference following in an expression must be followed by '.' and a "
                            "parameter name");
        }
        if (peek(p) != '.')
            return 0;
        p->pos++;
    }
}

static int looks_numeric(const char *v)
{
    int digits = 0;

    if (*v == '+' || *v == '-')
        v++;
    while (isdigit((unsigned char)*v)) {
        v++;
        digits++;
    }
    if (*v == '.') {
        v++;
        while (isdigit((unsigned char)*v)) {
            v++;
            digits++;
        }
    }
    return digits > 0 && *v == '\0';
}

static int parse_term(struct parser *p, struct usp_path_term *t, size_t expr_start)
{
    char buf[8];
    size_t vstart;
    int rc;

    skip_ws(p);
    t->offset = p->pos;
    rc = parse_relpath(p, t);
    if (rc != 0)
        return rc;
    skip_ws(p);
    if (p->pos >= p->len)
        return fail(p, expr_start, "unterminated search expression (missing operator and ']')");
    rc = parse_op(p, &t->op);
    if (rc != 0)
        return rc;
    skip_ws(p);
    vstart = p->pos;
    if (peek(p) == '"') {
        rc = parse_quoted(p, &t->value);
        if (rc != 0)
            return rc;
        t->quoted = 1;
    } else {
        while (p->pos < p->len && is_value_char((unsigned char)p->s[p->pos]))
            p->pos++;
        if (p->pos == vstart) {
            if (p->pos >= p->len)
                return fail(p, expr_start,
                            "unterminated search expression (missing value and ']')");
            return fail(p, p->pos, "expected a value after '%s', found %s", usp_path_op_text(t->op),
                        describe(p, p->pos, buf));
        }
        t->value = strndup(p->s + vstart, p->pos - vstart);
        if (t->value == NULL)
            return oom(p);
    }
    /* TR-369 2.5.4: ordering operators are not valid for strings/booleans. */
    if (t->op != USP_PATH_OP_EQ && t->op != USP_PATH_OP_NE && t->op != USP_PATH_OP_CONTAINS &&
        !looks_numeric(t->value) && !usp_path_value_is_datetime(t->value))
        return fail(p, vstart, "operator '%s' needs a number or dateTime value",
                    usp_path_op_text(t->op));
    if (p->reference && t->op != USP_PATH_OP_EQ)
        return fail(p, t->offset, "a reference value may only use unique key addressing (==)");
    return 0;
}

/* inst ::= '[' exprcomp ( '&&' exprcomp )* ']' */
static int parse_expr(struct parser *p, struct usp_path_seg *seg)
{
    size_t start = p->pos++;
    char buf[8];
    int rc;

    seg->type = USP_PATH_SEG_EXPR;
    p->path->has_expr = 1;
    skip_ws(p);
    if (peek(p) == ']')
        return fail(p, start, "empty search expression '[]'");
    if (p->pos >= p->len)
        return fail(p, start, "unterminated search expression (missing ']')");
    for (;;) {
        struct usp_path_term *t;

        if (seg->nterms % 4 == 0) {
            t = realloc(seg->terms, (seg->nterms + 4) * sizeof(*t));
            if (t == NULL)
                return oom(p);
            seg->terms = t;
        }
        t = &seg->terms[seg->nterms++];
        memset(t, 0, sizeof(*t));
        rc = parse_term(p, t, start);
        if (rc != 0)
            return rc;
        skip_ws(p);
        if (peek(p) == ']') {
            p->pos++;
            return 0;
        }
        if (p->pos >= p->len)
            return fail(p, start, "unterminated search expression (missing ']')");
        if (p->len - p->pos >= 2 && memcmp(p->s + p->pos, "&&", 2) == 0) {
            p->pos += 2;
            skip_ws(p);
            if (peek(p) == ']' || p->pos >= p->len)
                return fail(p, p->pos, "empty expression component after '&&'");
            continue;
        }
        if (p->len - p->pos >= 2 && memcmp(p->s + p->pos, "||", 2) == 0)
            return fail(p, p->pos, "'||' is not supported in search expressions (only '&&')");
        return fail(p, p->pos, "expected '&&' or ']' in search expression, found %s",
                    describe(p, p->pos, buf));
    }
}

/* An instance selector: posnum, '*', '[...]' or (Supported Data Model) '{i}'. */
static int parse_selector(struct parser *p)
{
    struct usp_path_seg *seg;
    int rc = push_seg(p, &seg);

    if (rc != 0)
        return rc;
    if (peek(p) == '{') {
        if (p->len - p->pos < 3 || memcmp(p->s + p->pos, "{i}", 3) != 0)
            return fail(p, p->pos, "expected '{i}'");
        seg->type = USP_PATH_SEG_PLACEHOLDER;
        p->path->has_placeholder = 1;
        p->pos += 3;
        return 0;
    }
    if (p->supported && (peek(p) == '*' || peek(p) == '['))
        return fail(p, p->pos, "a Supported Data Model path uses '{i}', not '%c'", peek(p));
    if (peek(p) == '*') {
        if (p->reference)
            return fail(p, p->pos, "a reference value cannot contain a wildcard");
        seg->type = USP_PATH_SEG_WILDCARD;
        p->path->has_wildcard = 1;
        p->pos++;
        return 0;
    }
    if (peek(p) == '[')
        return parse_expr(p, seg);
    seg->type = USP_PATH_SEG_INSTANCE;
    return parse_posnum(p, "instance number", &seg->instance);
}

/* What may follow a name: '.', a reference marker, '()', '!' or the end. */
static int parse_after_name(struct parser *p, struct usp_path_seg *seg, int *done)
{
    char buf[8];
    int rc;

    switch (peek(p)) {
    case '.':
        p->pos++;
        return 0;
    case '+':
    case '#':
        rc = parse_ref(p, &seg->ref);
        if (rc != 0)
            return rc;
        p->path->has_ref = 1;
        if (peek(p) != '.')
            return fail(p, p->pos, "reference following must be followed by '.', found %s",
                        describe(p, p->pos, buf));
        p->pos++;
        return 0;
    case '(':
        if (p->len - p->pos < 2 || p->s[p->pos + 1] != ')')
            return fail(p, p->pos, "a command path must end with '()'");
        if (p->reference)
            return fail(p, p->pos, "a reference value cannot be a command");
        p->pos += 2;
        p->path->kind = USP_PATH_COMMAND;
        break;
    case '!':
        if (p->reference)
            return fail(p, p->pos, "a reference value cannot be an event");
        p->pos++;
        p->path->kind = USP_PATH_EVENT;
        break;
    case -1:
        p->path->kind = USP_PATH_PARAMETER;
        if (p->reference) { /* "Device.IP.Interface" names an object */
            p->path->kind = USP_PATH_OBJECT;
            p->path->partial = 1;
        }
        break;
    default:
        return fail(p, p->pos, "unexpected %s after name '%s'", describe(p, p->pos, buf),
                    seg->name);
    }
    if (p->pos < p->len)
        return fail(p, p->pos, "unexpected %s after the end of the %s path",
                    describe(p, p->pos, buf), usp_path_kind_name(p->path->kind));
    if (p->path->nsegs == 1)
        return fail(p, seg->offset, "'%s' is not a path: a path starts with an object name and '.'",
                    seg->name);
    *done = 1;
    return 0;
}

static int parse_path(struct parser *p)
{
    struct usp_path *path = p->path;
    int after_name = 0; /* the previous segment was a plain name: a selector may follow */
    char buf[8];
    int rc;

    if (p->len == 0)
        return fail(p, 0, "empty path");
    if (p->len > USP_PATH_MAX_LEN)
        return fail(p, USP_PATH_MAX_LEN, "path longer than %d bytes", USP_PATH_MAX_LEN);
    for (;;) {
        int c = peek(p);

        if (c == -1) { /* after a '.' */
            path->partial = 1;
            path->kind = path->segs[path->nsegs - 1].type == USP_PATH_SEG_NAME ? USP_PATH_OBJECT
                                                                               : USP_PATH_INSTANCE;
            return 0;
        }
        if (is_name_start(c)) {
            struct usp_path_seg *seg;
            int done = 0;

            rc = push_seg(p, &seg);
            if (rc == 0)
                rc = parse_name(p, &seg->name);
            if (rc == 0)
                rc = parse_after_name(p, seg, &done);
            if (rc != 0 || done)
                return rc;
            after_name = !seg->ref.present;
            continue;
        }
        if (c == '.')
            return fail(p, p->pos, "empty path segment");
        if (c == '{' && !p->supported)
            return fail(p, p->pos,
                        "'{' is not allowed: search expressions use '[...]' and '{i}' is only "
                        "for Supported Data Model paths");
        if (c == '*' || c == '[' || c == '{' || (c >= '0' && c <= '9')) {
            size_t at = p->pos;

            if (!after_name)
                return fail(p, at, "instance identifier must follow a table name");
            rc = parse_selector(p);
            if (rc != 0)
                return rc;
            after_name = 0;
            if (p->pos >= p->len && p->reference) {
                path->partial = 1;
                path->kind = USP_PATH_INSTANCE;
                return 0;
            }
            if (peek(p) != '.')
                return fail(p, p->pos, "instance identifier must be followed by '.', found %s",
                            describe(p, p->pos, buf));
            p->pos++;
            continue;
        }
        return fail(p, p->pos, "unexpected %s where a name was expected", describe(p, p->pos, buf));
    }
}

void usp_path_free(struct usp_path *path)
{
    if (path == NULL)
        return;
    for (size_t i = 0; i < path->nsegs; i++) {
        struct usp_path_seg *seg = &path->segs[i];

        free(seg->name);
        for (size_t t = 0; t < seg->nterms; t++) {
            for (size_t r = 0; r < seg->terms[t].nrel; r++)
                free(seg->terms[t].rel[r].name);
            free(seg->terms[t].rel);
            free(seg->terms[t].value);
        }
        free(seg->terms);
    }
    free(path->segs);
    free(path);
}

int usp_path_parse_mode(const char *text, int mode, struct usp_path **out,
                        struct usp_path_error *err)
{
    struct parser p = {text,
                       text ? strlen(text) : 0,
                       0,
                       mode == USP_PATH_MODE_REFERENCE,
                       mode == USP_PATH_MODE_SUPPORTED,
                       NULL,
                       err};
    int rc;

    *out = NULL;
    if (err != NULL)
        memset(err, 0, sizeof(*err));
    p.path = calloc(1, sizeof(*p.path));
    if (p.path == NULL)
        return oom(&p);
    if (text == NULL)
        rc = fail(&p, 0, "empty path");
    else
        rc = parse_path(&p);
    if (rc != 0) {
        usp_path_free(p.path);
        return rc;
    }
    *out = p.path;
    return 0;
}

int usp_path_parse(const char *text, struct usp_path **out, struct usp_path_error *err)
{
    return usp_path_parse_mode(text, USP_PATH_MODE_INSTANTIATED, out, err);
}

int usp_path_parse_reference(const char *text, struct usp_path **out, struct usp_path_error *err)
{
    return usp_path_parse_mode(text, USP_PATH_MODE_REFERENCE, out, err);
}

int usp_path_parse_supported(const char *text, struct usp_path **out, struct usp_path_error *err)
{
    return usp_path_parse_mode(text, USP_PATH_MODE_SUPPORTED, out, err);
}

int usp_path_is_concrete(const struct usp_path *path)
{
    return !path->has_wildcard && !path->has_expr && !path->has_ref && !path->has_placeholder;
}

const char *usp_path_kind_name(enum usp_path_kind kind)
{
    switch (kind) {
    case USP_PATH_OBJECT:
        return "object";
    case USP_PATH_INSTANCE:
        return "instance";
    case USP_PATH_PARAMETER:
        return "parameter";
    case USP_PATH_COMMAND:
        return "command";
    case USP_PATH_EVENT:
        return "event";
    }
    return "unknown";
}

const char *usp_path_op_text(enum usp_path_op op)
{
    static const char *const text[] = {"==", "!=", "~=", "<", ">", "<=", ">="};

    return (unsigned)op < sizeof(text) / sizeof(text[0]) ? text[op] : "?";
}

/* ---- printing ---- */

static int print_ref(struct usp_sbuf *b, const struct usp_path_ref *ref)
{
    if (!ref->present)
        return 0;
    if (ref->all)
        return usp_sbuf_add(b, "#*+");
    if (ref->explicit_index)
        return usp_sbuf_addf(b, "#%u+", (unsigned)ref->index);
    return usp_sbuf_add(b, "+");
}

static int print_value(struct usp_sbuf *b, const struct usp_path_term *t)
{
    int rc = 0;

    if (!t->quoted)
        return usp_sbuf_add(b, t->value);
    rc |= usp_sbuf_add(b, "\"");
    for (const char *c = t->value; *c != '\0'; c++) {
        if (*c == '"')
            rc |= usp_sbuf_add(b, "%22");
        else if (*c == '%')
            rc |= usp_sbuf_add(b, "%25");
        else
            rc |= usp_sbuf_addn(b, c, 1);
    }
    rc |= usp_sbuf_add(b, "\"");
    return rc;
}

int usp_path_print_term(struct usp_sbuf *b, const struct usp_path_term *t)
{
    int rc = 0;

    for (size_t r = 0; r < t->nrel; r++) {
        if (r > 0)
            rc |= usp_sbuf_add(b, ".");
        rc |= usp_sbuf_add(b, t->rel[r].name);
        rc |= print_ref(b, &t->rel[r].ref);
    }
    rc |= usp_sbuf_add(b, usp_path_op_text(t->op));
    rc |= print_value(b, t);
    return rc;
}

static int print_seg(struct usp_sbuf *b, const struct usp_path_seg *seg, int schema)
{
    int rc = 0;

    if (schema && seg->type != USP_PATH_SEG_NAME)
        return usp_sbuf_add(b, "{i}");
    switch (seg->type) {
    case USP_PATH_SEG_NAME:
        rc |= usp_sbuf_add(b, seg->name);
        rc |= print_ref(b, &seg->ref);
        break;
    case USP_PATH_SEG_INSTANCE:
        rc |= usp_sbuf_addf(b, "%u", (unsigned)seg->instance);
        break;
    case USP_PATH_SEG_WILDCARD:
        rc |= usp_sbuf_add(b, "*");
        break;
    case USP_PATH_SEG_PLACEHOLDER:
        rc |= usp_sbuf_add(b, "{i}");
        break;
    case USP_PATH_SEG_EXPR:
        rc |= usp_sbuf_add(b, "[");
        for (size_t t = 0; t < seg->nterms; t++) {
            if (t > 0)
                rc |= usp_sbuf_add(b, "&&");
            rc |= usp_path_print_term(b, &seg->terms[t]);
        }
        rc |= usp_sbuf_add(b, "]");
        break;
    }
    return rc;
}

static char *print_path(const struct usp_path *path, int schema)
{
    struct usp_sbuf b = {0};
    int rc = 0;

    for (size_t i = 0; i < path->nsegs; i++) {
        rc |= print_seg(&b, &path->segs[i], schema);
        if (i + 1 < path->nsegs || path->partial)
            rc |= usp_sbuf_add(&b, ".");
    }
    if (path->kind == USP_PATH_COMMAND)
        rc |= usp_sbuf_add(&b, "()");
    else if (path->kind == USP_PATH_EVENT)
        rc |= usp_sbuf_add(&b, "!");
    if (rc != 0 || b.s == NULL) {
        free(b.s);
        return rc != 0 ? NULL : strdup("");
    }
    return b.s;
}

char *usp_path_to_string(const struct usp_path *path)
{
    return print_path(path, 0);
}

char *usp_path_to_schema(const struct usp_path *path)
{
    if (path->has_ref)
        return NULL; /* where a reference leads is data, not schema */
    return print_path(path, 1);
}
