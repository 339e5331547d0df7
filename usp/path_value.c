/*
 * path_value.c - how a search expression compares a parameter value with
 * its Expression Constant (TR-369 2.5.4), and the string buffer the path
 * code builds text with.
 *
 * The resolver does not know parameter types, so it infers them from the
 * text of both sides, as TR-369 2.5.4 says literals are "conceptually
 * converted to a suitable internal representation before comparison":
 * numbers compare as numbers (123 == +123 == 0123), booleans as booleans
 * (1 == true), TR-106 dateTimes as instants, anything else as exact
 * strings. Ordering operators only hold between two numbers or two
 * dateTimes (never the Unknown Time 0001-01-01T00:00:00Z).
 */
#include "usp/path.h"
#include "usp/path_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- string buffer ---- */

int usp_sbuf_addn(struct usp_sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        char *ns;

        while (cap < b->len + n + 1)
            cap *= 2;
        ns = realloc(b->s, cap);
        if (ns == NULL)
            return -1;
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

int usp_sbuf_add(struct usp_sbuf *b, const char *s)
{
    return usp_sbuf_addn(b, s, strlen(s));
}

int usp_sbuf_addf(struct usp_sbuf *b, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(tmp))
        return -1;
    return usp_sbuf_addn(b, tmp, (size_t)n);
}

void usp_sbuf_truncate(struct usp_sbuf *b, size_t len)
{
    if (b->s != NULL && len < b->len) {
        b->len = len;
        b->s[len] = '\0';
    }
}

/* ---- typed views of a literal ---- */

struct num {
    int is_int; /* exact integer in neg/mag */
    int neg;
    uint64_t mag;
    double d;
};

/* TR-106 int/unsignedInt/long/unsignedLong/decimal lexical forms. */
static int parse_num(const char *s, struct num *n)
{
    const char *p = s;
    int digits = 0, frac = 0;

    memset(n, 0, sizeof(*n));
    n->is_int = 1;
    if (*p == '+' || *p == '-')
        n->neg = *p++ == '-';
    for (; isdigit((unsigned char)*p); p++, digits++) {
        unsigned d = (unsigned)(*p - '0');

        if (n->mag > (UINT64_MAX - d) / 10)
            n->is_int = 0;
        else
            n->mag = n->mag * 10 + d;
    }
    if (*p == '.') {
        for (p++; isdigit((unsigned char)*p); p++, frac++)
            ;
        n->is_int = 0;
    }
    if (*p != '\0' || digits + frac == 0)
        return -1;
    n->d = strtod(s, NULL);
    if (n->mag == 0 && n->is_int)
        n->neg = 0; /* -0 == 0 */
    return 0;
}

static int cmp_num(const struct num *a, const struct num *b)
{
    if (a->is_int && b->is_int) {
        if (a->neg != b->neg)
            return a->neg ? -1 : 1;
        if (a->mag == b->mag)
            return 0;
        return (a->mag < b->mag) != a->neg ? -1 : 1;
    }
    return a->d < b->d ? -1 : a->d > b->d ? 1 : 0;
}

static int parse_bool(const char *s, int *out)
{
    if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
        *out = 1;
    else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
        *out = 0;
    else
        return -1;
    return 0;
}

struct instant {
    int64_t sec;
    long nsec;
    int unknown; /* TR-106 3.2.1 Unknown Time (year 0001) */
};

static int digits(const char *s, int n, int *out)
{
    *out = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        *out = *out * 10 + (s[i] - '0');
    }
    return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : dm[m - 1];
}

/* TR-106 dateTime: YYYY-MM-DDThh:mm:ss[.f+][Z|(+|-)hh:mm]. */
static int parse_datetime(const char *s, struct instant *t)
{
    int y, mo, d, h, mi, sec, tzh = 0, tzm = 0;
    const char *p = s + 19;

    if (strlen(s) < 19 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
        digits(s + 8, 2, &d) || s[10] != 'T' || digits(s + 11, 2, &h) || s[13] != ':' ||
        digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &sec))
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59)
        return -1;
    t->nsec = 0;
    if (*p == '.') {
        long scale = 100000000;

        if (!isdigit((unsigned char)p[1]))
            return -1;
        for (p++; isdigit((unsigned char)*p); p++) {
            t->nsec += (*p - '0') * scale;
            scale /= 10;
        }
    }
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1;

        if (digits(p + 1, 2, &tzh) || p[3] != ':' || digits(p + 4, 2, &tzm) || tzh > 14 || tzm > 59)
            return -1;
        tzh *= sign;
        tzm *= sign;
        p += 6;
    }
    if (*p != '\0')
        return -1;
    t->unknown = y == 1;
    t->sec = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - (int64_t)tzh * 3600 -
             (int64_t)tzm * 60;
    return 0;
}

int usp_path_value_is_datetime(const char *v)
{
    struct instant t;

    return parse_datetime(v, &t) == 0;
}

static int cmp_instant(const struct instant *a, const struct instant *b)
{
    if (a->sec != b->sec)
        return a->sec < b->sec ? -1 : 1;
    return a->nsec < b->nsec ? -1 : a->nsec > b->nsec ? 1 : 0;
}

#define INCOMPARABLE 2

/* -1, 0, 1, or INCOMPARABLE when the two are not both numbers or times. */
static int cmp_ordered(const char *a, const char *b)
{
    struct num na, nb;
    struct instant ta, tb;

    if (parse_num(a, &na) == 0 && parse_num(b, &nb) == 0)
        return cmp_num(&na, &nb);
    if (parse_datetime(a, &ta) == 0 && parse_datetime(b, &tb) == 0 && !ta.unknown && !tb.unknown)
        return cmp_instant(&ta, &tb);
    return INCOMPARABLE;
}

static int equal(const char *value, const char *constant, int quoted)
{
    struct num na, nb;
    struct instant ta, tb;
    int ba, bb;

    if (quoted)
        return strcmp(value, constant) == 0;
    if (parse_num(value, &na) == 0 && parse_num(constant, &nb) == 0)
        return cmp_num(&na, &nb) == 0;
    if (parse_bool(value, &ba) == 0 && parse_bool(constant, &bb) == 0)
        return ba == bb;
    if (parse_datetime(value, &ta) == 0 && parse_datetime(constant, &tb) == 0)
        return cmp_instant(&ta, &tb) == 0;
    return strcmp(value, constant) == 0;
}

/* '~=': is constant an item of the comma-separated list value? */
static int contains(const char *value, const char *constant, int quoted)
{
    const char *p = value;

    while (*p != '\0') {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char *item;
        size_t a = 0;
        int hit;

        while (a < n && isspace((unsigned char)p[a]))
            a++;
        while (n > a && isspace((unsigned char)p[n - 1]))
            n--;
        item = strndup(p + a, n - a);
        if (item == NULL)
            return 0;
        hit = equal(item, constant, quoted);
        free(item);
        if (hit)
            return 1;
        if (end == NULL)
            break;
        p = end + 1;
    }
    return 0;
}

int usp_path_value_matches(const char *value, enum usp_path_op op, const char *constant, int quoted)
{
    int c;

    switch (op) {
    case USP_PATH_OP_EQ:
        return equal(value, constant, quoted);
    case USP_PATH_OP_NE:
        return !equal(value, constant, quoted);
    case USP_PATH_OP_CONTAINS:
        return contains(value, constant, quoted);
    default:
        break;
    }
    c = cmp_ordered(value, constant);
    if (c == INCOMPARABLE)
        return 0;
    switch (op) {
    case USP_PATH_OP_LT:
        return c < 0;
    case USP_PATH_OP_GT:
        return c > 0;
    case USP_PATH_OP_LE:
        return c <= 0;
    case USP_PATH_OP_GE:
        return c >= 0;
    default:
        return 0;
    }
}
