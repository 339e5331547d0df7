/*
 * decode.h - the subcommands of cwmp2usp-decode, a tool that prints
 * protocol messages from files as JSON (for debugging and tests).
 *
 * Each returns 0 after printing the JSON document to out, or 1 after
 * printing a one-line error (naming the file) to stderr.
 */
#ifndef PROXY_DECODE_H
#define PROXY_DECODE_H

#include <stdio.h>

/* `cwmp2usp-decode soap FILE`: any CWMP SOAP envelope. */
int px_decode_soap(const char *path, FILE *out);

/* `cwmp2usp-decode usp FILE`: a USP Record (proxy/decode_usp.c). */
int px_decode_usp(const char *path, FILE *out);

#endif /* PROXY_DECODE_H */
