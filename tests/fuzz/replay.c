/*
 * replay.c - main() for fuzz targets in ordinary (non-libFuzzer) builds.
 *
 * Feeds every file of the target's seed corpus to LLVMFuzzerTestOneInput
 * once, so the corpus runs as a regression test in `make check` and under
 * the sanitizers. Prints one TAP test case. With arguments, replays those
 * files instead (handy to reproduce a crash found by a fuzzer).
 *
 * The corpus is $srcdir/tests/fuzz/corpus/FUZZ_NAME, FUZZ_NAME being set
 * per target by the Makefile.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"

#ifndef FUZZ_NAME
#error "FUZZ_NAME must name the target's corpus directory"
#endif

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (f == NULL) {
        printf("# cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    do {
        if (len == cap) {
            unsigned char *p;
            cap = cap ? cap * 2 : 4096;
            p = realloc(buf, cap);
            if (p == NULL) {
                free(buf);
                fclose(f);
                return -1;
            }
            buf = p;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

static int replay_dir(const char *dir, int *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];
    int rc = 0;

    if (d == NULL) {
        printf("# cannot open corpus %s: %s\n", dir, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path) ||
            replay_file(path) != 0)
            rc = -1;
        (*count)++;
    }
    closedir(d);
    return rc;
}

int main(int argc, char **argv)
{
    const char *srcdir = getenv("srcdir");
    char dir[4096];
    int count = 0, rc = 0;

    printf("1..1\n");
    if (argc > 1) {
        for (int i = 1; i < argc; i++, count++)
            rc |= replay_file(argv[i]);
    } else {
        if (snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/%s", srcdir ? srcdir : ".",
                     FUZZ_NAME) >= (int)sizeof(dir))
            rc = -1;
        else
            rc = replay_dir(dir, &count);
    }
    if (rc == 0 && count == 0) {
        printf("# empty corpus\n");
        rc = -1;
    }
    printf("%s 1 - %s: %d corpus inputs replayed\n", rc == 0 ? "ok" : "not ok", FUZZ_NAME, count);
    return rc == 0 ? 0 : 1;
}
