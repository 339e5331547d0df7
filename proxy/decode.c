/*
 * decode.c - main() of cwmp2usp-decode: dispatches on the subcommand.
 *
 *   cwmp2usp-decode soap FILE     CWMP SOAP envelope -> JSON
 *   cwmp2usp-decode usp FILE      USP Record -> JSON
 */
#include <stdio.h>
#include <string.h>

#include "proxy/decode.h"

struct subcommand {
    const char *name;
    int (*run)(const char *path, FILE *out);
};

static const struct subcommand subcommands[] = {
    {"soap", px_decode_soap},
    {"usp", px_decode_usp},
};

static int usage(FILE *f)
{
    fprintf(f, "usage: cwmp2usp-decode soap FILE   print a CWMP SOAP envelope as JSON\n"
               "       cwmp2usp-decode usp FILE    print a USP Record as JSON\n"
               "FILE may be - for standard input.\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc != 3)
        return usage(stderr);
    for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
        if (strcmp(argv[1], subcommands[i].name) == 0)
            return subcommands[i].run(argv[2], stdout);
    fprintf(stderr, "cwmp2usp-decode: unknown subcommand '%s'\n", argv[1]);
    return usage(stderr);
}
