/*
 * fuzz_usp_path.c - libFuzzer target for the USP path grammar.
 *
 * Input: a path text. It is parsed; a rejection must carry 7008 and a
 * message; an accepted path must print to a canonical form that parses to
 * the same text, whose schema form ("{i}") must parse as a Supported Data
 * Model path, and is resolved against a tiny fixed tree whose results must
 * all be concrete paths. The text is also tried as a reference value and a
 * Supported Data Model path and, split at its first newline, as a
 * value/constant pair to compare.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "usp/usp.h"
#include "tests/fuzz/fuzz.h"

static const uint32_t a_inst[] = {1, 2}, b_inst[] = {1};

static int tiny_list(void *ctx, const char *table, const uint32_t **inst, size_t *n)
{
    (void)ctx;
    if (strcmp(table, "Device.A.") == 0) {
        *inst = a_inst;
        *n = 2;
    } else if (strcmp(table, "Device.A.1.B.") == 0) {
        *inst = b_inst;
        *n = 1;
    } else if (strcmp(table, "Device.A.2.B.") == 0) {
        *n = 0;
    } else {
        return USP_ERR_INVALID_PATH;
    }
    return 0;
}

static const char *const tiny_params[][2] = {
    {"Device.A.1.Name", "x"},
    {"Device.A.2.Name", "y"},
    {"Device.A.1.N", "5"},
    {"Device.A.2.N", "-3"},
    {"Device.A.1.T", "2021-06-06T08:00:00Z"},
    {"Device.A.2.T", "0001-01-01T00:00:00Z"},
    {"Device.A.1.L", "a,b,c"},
    {"Device.A.1.Ref", "Device.A.2"},
    {"Device.A.2.Ref", "Device.A.1, Device.A.[Name==\"x\"], Device.A.9, junk!"},
    {"Device.A.1.B.1.Ref", "Device.A.1.B.1."},
};

static int tiny_get(void *ctx, const char *param, const char **value)
{
    (void)ctx;
    *value = NULL;
    for (size_t i = 0; i < sizeof(tiny_params) / sizeof(tiny_params[0]); i++) {
        if (strcmp(tiny_params[i][0], param) == 0)
            *value = tiny_params[i][1];
    }
    return 0;
}

static void check_results(const struct usp_path_list *out)
{
    for (size_t i = 0; i < out->n; i++) {
        struct usp_path *r = NULL;

        if (usp_path_parse(out->paths[i], &r, NULL) != 0 || !usp_path_is_concrete(r))
            __builtin_trap(); /* a resolved path must be concrete */
        usp_path_free(r);
    }
}

static void fuzz_path(const char *text, size_t len)
{
    static const struct usp_path_source src = {NULL, tiny_list, tiny_get, NULL};
    struct usp_path *p = NULL, *again = NULL;
    struct usp_path_list out = {0};
    struct usp_path_error err;
    char *s, *s2;

    if (usp_path_parse(text, &p, &err) != 0) {
        if (err.code != USP_ERR_INVALID_PATH_SYNTAX || err.message[0] == '\0' || err.offset > len)
            __builtin_trap(); /* a rejection must say what and where */
        return;
    }
    s = usp_path_to_string(p);
    if (s == NULL || usp_path_parse(s, &again, &err) != 0)
        __builtin_trap(); /* the canonical form must parse */
    s2 = usp_path_to_string(again);
    if (s2 == NULL || strcmp(s, s2) != 0 || again->kind != p->kind)
        __builtin_trap(); /* and print the same */
    free(s2);
    s2 = usp_path_to_schema(p);
    if (s2 != NULL) {
        usp_path_free(again);
        if (usp_path_parse_supported(s2, &again, NULL) != 0)
            __builtin_trap(); /* the schema form is a Supported Data Model path */
    } else if (!p->has_ref) {
        __builtin_trap();
    }
    if (usp_path_resolve(p, &src, &out, &err) == 0)
        check_results(&out);
    usp_path_list_free(&out);
    free(s);
    free(s2);
    usp_path_free(again);
    usp_path_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    struct usp_path *ref = NULL;
    char *nl;

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    fuzz_path(text, strlen(text));
    if (usp_path_parse_reference(text, &ref, NULL) == 0 && !ref->partial)
        __builtin_trap(); /* a reference always names an object */
    usp_path_free(ref);
    if (usp_path_parse_supported(text, &ref, NULL) == 0) {
        char *s = usp_path_to_string(ref);

        if (s == NULL || strcmp(s, text) != 0)
            __builtin_trap(); /* Supported Data Model paths have one spelling */
        free(s);
        usp_path_free(ref);
    }
    nl = strchr(text, '\n');
    if (nl != NULL) {
        *nl = '\0';
        for (int op = USP_PATH_OP_EQ; op <= USP_PATH_OP_GE; op++) {
            (void)usp_path_value_matches(text, (enum usp_path_op)op, nl + 1, 0);
            (void)usp_path_value_matches(text, (enum usp_path_op)op, nl + 1, 1);
        }
    }
    free(text);
    return 0;
}
