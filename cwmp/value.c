/*
 * value.c - the xsd value types of CWMP parameters: names and lexical checks.
 *
 * The checks follow XML Schema Part 2 lexical spaces, which TR-069 A.2.1
 * adopts. Leading and trailing whitespace is allowed on every non-string
 * type (the xsd "collapse" whitespace facet).
 */
#include "cwmp/cwmp.h"

#include <string.h>

struct type_name {
    enum cwmp_type type;
    const char *local; /* the name without its namespace prefix */
};

static const struct type_name type_names[] = {
    {CWMP_TYPE_STRING, "string"},
    {CWMP_TYPE_INT, "int"},
    {CWMP_TYPE_UNSIGNED_INT, "unsignedInt"},
    {CWMP_TYPE_LONG, "long"},
    {CWMP_TYPE_UNSIGNED_LONG, "unsignedLong"},
    {CWMP_TYPE_BOOLEAN, "boolean"},
    {CWMP_TYPE_DATETIME, "dateTime"},
    {CWMP_TYPE_BASE64, "base64Binary"},
    {CWMP_TYPE_HEXBINARY, "hexBinary"},
    {CWMP_TYPE_BASE64, "base64"}, /* TR-069 tables write it so; some CPEs too */
};

#define N_TYPE_NAMES (sizeof(type_names) / sizeof(type_names[0]))

int cwmp_type_from_name(const char *name, size_t len, enum cwmp_type *out)
{
    const char *colon = memchr(name, ':', len);
    if (colon) {
        len -= (size_t)(colon + 1 - name);
        name = colon + 1;
    }
    for (size_t i = 0; i < N_TYPE_NAMES; i++) {
        if (strlen(type_names[i].local) == len && memcmp(type_names[i].local, name, len) == 0) {
            *out = type_names[i].type;
            return 0;
        }
    }
    return -1;
}

const char *cwmp_type_name(enum cwmp_type type)
{
    switch (type) {
    case CWMP_TYPE_STRING:
        return "xsd:string";
    case CWMP_TYPE_INT:
        return "xsd:int";
    case CWMP_TYPE_UNSIGNED_INT:
        return "xsd:unsignedInt";
    case CWMP_TYPE_LONG:
        return "xsd:long";
    case CWMP_TYPE_UNSIGNED_LONG:
        return "xsd:unsignedLong";
    case CWMP_TYPE_BOOLEAN:
        return "xsd:boolean";
    case CWMP_TYPE_DATETIME:
        return "xsd:dateTime";
    case CWMP_TYPE_BASE64:
        return "xsd:base64Binary";
    case CWMP_TYPE_HEXBINARY:
        return "xsd:hexBinary";
    }
    return "xsd:string";
}

/* ---- helpers over a (pointer, length) cursor ---- */

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && is_space(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && is_space((*s)[*len - 1]))
        (*len)--;
}

/*
 * Reads an optionally signed decimal integer filling the whole of s and
 * checks that it lies within [min, max] (as magnitudes with sign).
 * Works in uint64_t so that the full unsignedLong range fits.
 */
static int check_integer(const char *s, size_t len, int allow_negative, uint64_t max_positive,
                         uint64_t max_negative, const char **why)
{
    int negative = 0;
    uint64_t v = 0;

    trim(&s, &len);
    if (len > 0 && (*s == '+' || *s == '-')) {
        negative = *s == '-';
        s++;
        len--;
    }
    if (len == 0) {
        *why = "not a number: no digits";
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        if (!is_digit(s[i])) {
            *why = "not a number: unexpected character";
            return -1;
        }
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10) {
            *why = "number out of range";
            return -1;
        }
        v = v * 10 + d;
    }
    if (negative && v != 0 && !allow_negative) {
        *why = "negative number for an unsigned type";
        return -1;
    }
    if (v > (negative ? max_negative : max_positive)) {
        *why = "number out of range";
        return -1;
    }
    return 0;
}

int cwmp_value_bool(const char *value, size_t len, int *out)
{
    trim(&value, &len);
    if ((len == 4 && memcmp(value, "true", 4) == 0) || (len == 1 && value[0] == '1')) {
        *out = 1;
        return 0;
    }
    if ((len == 5 && memcmp(value, "false", 5) == 0) || (len == 1 && value[0] == '0')) {
        *out = 0;
        return 0;
    }
    return -1;
}

/* Reads exactly n digits at *s into *out and advances. */
static int take_digits(const char **s, const char *end, int n, int *out)
{
    int v = 0;
    if (end - *s < n)
        return -1;
    for (int i = 0; i < n; i++) {
        if (!is_digit((*s)[i]))
            return -1;
        v = v * 10 + ((*s)[i] - '0');
    }
    *s += n;
    *out = v;
    return 0;
}

static int take_char(const char **s, const char *end, char c)
{
    if (*s >= end || **s != c)
        return -1;
    (*s)++;
    return 0;
}

static int days_in_month(long year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/* Year: at least four digits, no leading zero when more than four. */
static int take_year(const char **s, const char *end, long *year)
{
    const char *p = *s;
    long v = 0;
    while (p < end && is_digit(*p) && p - *s < 9) {
        v = v * 10 + (*p - '0');
        p++;
    }
    if (p - *s < 4 || (p - *s > 4 && **s == '0'))
        return -1;
    *s = p;
    *year = v;
    return 0;
}

static int check_timezone(const char *s, const char *end)
{
    int hh, mm;
    if (s == end)
        return 0;
    if (*s == 'Z')
        return s + 1 == end ? 0 : -1;
    if (*s != '+' && *s != '-')
        return -1;
    s++;
    if (take_digits(&s, end, 2, &hh) || take_char(&s, end, ':') || take_digits(&s, end, 2, &mm))
        return -1;
    if (s != end || hh > 14 || mm > 59 || (hh == 14 && mm != 0))
        return -1;
    return 0;
}

/* xsd:dateTime: [-]YYYY-MM-DDThh:mm:ss[.f+][Z|(+|-)hh:mm] */
static int check_datetime(const char *s, size_t len, const char **why)
{
    const char *end;
    long year;
    int month, day, hour, minute, second;

    trim(&s, &len);
    end = s + len;
    if (s < end && *s == '-')
        s++;
    if (take_year(&s, end, &year) || take_char(&s, end, '-') || take_digits(&s, end, 2, &month) ||
        take_char(&s, end, '-') || take_digits(&s, end, 2, &day) || take_char(&s, end, 'T') ||
        take_digits(&s, end, 2, &hour) || take_char(&s, end, ':') ||
        take_digits(&s, end, 2, &minute) || take_char(&s, end, ':') ||
        take_digits(&s, end, 2, &second)) {
        *why = "not a dateTime: expected YYYY-MM-DDThh:mm:ss";
        return -1;
    }
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
        *why = "not a dateTime: no such date";
        return -1;
    }
    if (s < end && *s == '.') {
        const char *frac = ++s;
        while (s < end && is_digit(*s))
            s++;
        if (s == frac) {
            *why = "not a dateTime: empty fraction of a second";
            return -1;
        }
    }
    if (hour > 24 || minute > 59 || second > 59 || (hour == 24 && (minute || second))) {
        *why = "not a dateTime: no such time of day";
        return -1;
    }
    if (check_timezone(s, end)) {
        *why = "not a dateTime: bad time zone";
        return -1;
    }
    return 0;
}

static int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (is_digit(c))
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/*
 * xsd:base64Binary: groups of four characters, whitespace allowed
 * between them, '=' padding only at the end; the last character before
 * the padding must leave the unused bits zero.
 */
static int check_base64(const char *s, size_t len, const char **why)
{
    size_t count = 0, pad = 0;
    int last = 0;

    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (is_space(c))
            continue;
        if (c == '=') {
            pad++;
        } else if (pad > 0 || (last = base64_value(c)) < 0) {
            *why = pad > 0 ? "not base64: data after padding" : "not base64: bad character";
            return -1;
        }
        count++;
    }
    if (count % 4 != 0 || pad > 2) {
        *why = "not base64: length is not a multiple of four";
        return -1;
    }
    if ((pad == 2 && (last & 0x0f)) || (pad == 1 && (last & 0x03))) {
        *why = "not base64: non-zero bits before the padding";
        return -1;
    }
    return 0;
}

static int check_hex(const char *s, size_t len, const char **why)
{
    trim(&s, &len);
    if (len % 2 != 0) {
        *why = "not hexBinary: odd number of digits";
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!is_digit(c) && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F')) {
            *why = "not hexBinary: bad character";
            return -1;
        }
    }
    return 0;
}

int cwmp_value_check(enum cwmp_type type, const char *value, size_t len, const char **why)
{
    const char *dummy;
    int b;

    if (why == NULL)
        why = &dummy;
    switch (type) {
    case CWMP_TYPE_STRING:
        return 0;
    case CWMP_TYPE_INT:
        return check_integer(value, len, 1, INT32_MAX, (uint64_t)INT32_MAX + 1, why);
    case CWMP_TYPE_UNSIGNED_INT:
        return check_integer(value, len, 0, UINT32_MAX, 0, why);
    case CWMP_TYPE_LONG:
        return check_integer(value, len, 1, INT64_MAX, (uint64_t)INT64_MAX + 1, why);
    case CWMP_TYPE_UNSIGNED_LONG:
        return check_integer(value, len, 0, UINT64_MAX, 0, why);
    case CWMP_TYPE_BOOLEAN:
        if (cwmp_value_bool(value, len, &b) == 0)
            return 0;
        *why = "not a boolean: expected true, false, 1 or 0";
        return -1;
    case CWMP_TYPE_DATETIME:
        return check_datetime(value, len, why);
    case CWMP_TYPE_BASE64:
        return check_base64(value, len, why);
    case CWMP_TYPE_HEXBINARY:
        return check_hex(value, len, why);
    }
    *why = "unknown type";
    return -1;
}
