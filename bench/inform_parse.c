/*
 * inform_parse.c - how long the cwmp/ codec takes to parse a realistic
 * ~4 KB Inform, next to bare libxml2 parses of the same bytes as the floor.
 *
 *   bench/inform-parse [FILE] [ITERATIONS]
 *
 * FILE defaults to tests/cwmp/fixtures/inform_tr181_cwmp12.xml. Each case
 * runs ITERATIONS (default 20000) times, five rounds; the best round is
 * reported in microseconds per parse. Cases:
 *   libxml2 DOM          xmlReadMemory + xmlFreeDoc
 *   libxml2 SAX2 no-op   a SAX2 parse with empty callbacks
 *   cwmp_msg_parse       the codec: SAX2 tree + typed Inform + free
 *   cwmp_msg_write       writing the parsed Inform back (for scale)
 *   InformResponse       writing the answer into a reused buffer
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "cwmp/cwmp.h"

#ifndef BENCH_FIXTURE
#define BENCH_FIXTURE "tests/cwmp/fixtures/inform_tr181_cwmp12.xml"
#endif

static const char *doc;
static size_t doc_len;
static struct cwmp_msg *parsed;
static struct cwmp_buf out;
static volatile int sink;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void run_dom(void)
{
    xmlDocPtr d = xmlReadMemory(doc, (int)doc_len, NULL, NULL, XML_PARSE_NONET);
    sink += d != NULL;
    xmlFreeDoc(d);
}

static void noop_start(void *ctx, const xmlChar *l, const xmlChar *p, const xmlChar *u, int nn,
                       const xmlChar **ns, int na, int nd, const xmlChar **a)
{
    (void)ctx, (void)l, (void)p, (void)u, (void)nn, (void)ns, (void)na, (void)nd, (void)a;
}

static void noop_end(void *ctx, const xmlChar *l, const xmlChar *p, const xmlChar *u)
{
    (void)ctx, (void)l, (void)p, (void)u;
}

static void noop_chars(void *ctx, const xmlChar *ch, int len)
{
    (void)ctx, (void)ch, (void)len;
}

static xmlSAXHandler noop_sax = {
    .initialized = XML_SAX2_MAGIC,
    .startElementNs = noop_start,
    .endElementNs = noop_end,
    .characters = noop_chars,
};

static void run_sax(void)
{
    xmlParserCtxtPtr c = xmlCreateMemoryParserCtxt(doc, (int)doc_len);
    xmlSAXHandlerPtr old = c->sax;
    c->sax = &noop_sax;
    c->userData = NULL;
    xmlParseDocument(c);
    sink += c->wellFormed;
    c->sax = old;
    xmlFreeParserCtxt(c);
}

static void run_codec(void)
{
    struct cwmp_msg *m;
    char err[128];
    if (cwmp_msg_parse(doc, doc_len, NULL, &m, err, sizeof(err)) != CWMP_SOAP_OK) {
        fprintf(stderr, "inform-parse: %s\n", err);
        exit(1);
    }
    sink += (int)m->body.inform.n_params;
    cwmp_msg_free(m);
}

static void run_write(void)
{
    cwmp_buf_reset(&out);
    if (cwmp_msg_write(parsed, &out, NULL, 0) != CWMP_SOAP_OK)
        exit(1);
    sink += (int)out.len;
}

static void run_reply(void)
{
    struct cwmp_msg r;
    cwmp_msg_init_reply(&r, CWMP_MSG_INFORM_RESPONSE, parsed);
    cwmp_buf_reset(&out);
    if (cwmp_msg_write(&r, &out, NULL, 0) != CWMP_SOAP_OK)
        exit(1);
    sink += (int)out.len;
}

static void bench(const char *name, void (*fn)(void), long iters)
{
    double best = 1e30;
    for (int round = 0; round < 5; round++) {
        double t0 = now();
        for (long i = 0; i < iters; i++)
            fn();
        double us = (now() - t0) * 1e6 / (double)iters;
        if (us < best)
            best = us;
    }
    printf("%-22s %8.2f us  (%.0f/s on one core)\n", name, best, 1e6 / best);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : BENCH_FIXTURE;
    long iters = argc > 2 ? atol(argv[2]) : 20000;
    char err[128];
    char *data;

    if (iters <= 0)
        iters = 20000;
    data = slurp(path, &doc_len);
    if (!data) {
        fprintf(stderr, "inform-parse: cannot read %s\n", path);
        return 1;
    }
    doc = data;
    xmlInitParser();
    if (cwmp_msg_parse(doc, doc_len, NULL, &parsed, err, sizeof(err)) != CWMP_SOAP_OK) {
        fprintf(stderr, "inform-parse: %s: %s\n", path, err);
        return 1;
    }
    printf("%s: %zu bytes, %s with %zu parameters, %ld iterations x 5 rounds, best round\n", path,
           doc_len, cwmp_msg_type_name(parsed->type), parsed->body.inform.n_params, iters);
    bench("libxml2 DOM", run_dom, iters);
    bench("libxml2 SAX2 no-op", run_sax, iters);
    bench("cwmp_msg_parse", run_codec, iters);
    bench("cwmp_msg_write Inform", run_write, iters);
    bench("write InformResponse", run_reply, iters);
    cwmp_msg_free(parsed);
    cwmp_buf_free(&out);
    free(data);
    return 0;
}
