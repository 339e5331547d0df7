/*
 * path_int.h - internals shared by the path parser, printer and resolver
 * (not part of the public API).
 */
#ifndef USP_PATH_INT_H
#define USP_PATH_INT_H

#include <stddef.h>

#include "usp/path.h"

/* A growable NUL-terminated string; {0} is an empty buffer. */
struct usp_sbuf {
    char *s;
    size_t len;
    size_t cap;
};

/* Each returns 0, or -1 when out of memory (the buffer is unchanged). */
int usp_sbuf_addn(struct usp_sbuf *b, const char *s, size_t n);
int usp_sbuf_add(struct usp_sbuf *b, const char *s);
int usp_sbuf_addf(struct usp_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void usp_sbuf_truncate(struct usp_sbuf *b, size_t len);

/* What usp_path_parse_mode() accepts. */
enum {
    USP_PATH_MODE_INSTANTIATED, /* usp_path_parse() */
    USP_PATH_MODE_REFERENCE,    /* usp_path_parse_reference() */
    USP_PATH_MODE_SUPPORTED,    /* usp_path_parse_supported() */
};

int usp_path_parse_mode(const char *text, int mode, struct usp_path **out,
                        struct usp_path_error *err);

/* Prints one expression component in canonical form. */
int usp_path_print_term(struct usp_sbuf *b, const struct usp_path_term *t);

/* 1 if v is a TR-106 dateTime ("2021-06-06T08:00:00Z"). */
int usp_path_value_is_datetime(const char *v);

#endif
