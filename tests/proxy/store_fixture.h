/*
 * store_fixture.h - what the store tests share: a scratch directory under
 * /tmp (mkdtemp) removed in teardown, and a store opened in it.
 */
#ifndef TESTS_PROXY_STORE_FIXTURE_H
#define TESTS_PROXY_STORE_FIXTURE_H

#include <dirent.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proxy/store.h"

struct fixture {
    char dir[64];
    char path[96]; /* the store's directory inside dir */
    struct px_store *s;
};

/* Removes path and, when it is a directory, everything below it. */
static inline void fixture_rm_tree(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    char sub[1024];

    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if (snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) < (int)sizeof(sub))
                fixture_rm_tree(sub);
        }
        closedir(d);
    }
    remove(path);
}

static inline int fixture_open(struct fixture *fx, struct event_base *base, enum px_store_sync sync)
{
    struct px_store_options o = {0};
    char err[256];

    o.path = fx->path;
    o.sync = sync;
    o.sync_interval_ms = 10;
    if (px_store_open(base, &o, &fx->s, err, sizeof(err)) != 0) {
        fprintf(stderr, "# %s\n", err);
        return -1;
    }
    return 0;
}

static inline int fixture_setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));

    if (fx == NULL)
        return -1;
    strcpy(fx->dir, "/tmp/px-store-test-XXXXXX");
    if (mkdtemp(fx->dir) == NULL) {
        free(fx);
        return -1;
    }
    snprintf(fx->path, sizeof(fx->path), "%s/state", fx->dir);
    *state = fx;
    return 0;
}

static inline int fixture_teardown(void **state)
{
    struct fixture *fx = *state;

    px_store_close(fx->s);
    fixture_rm_tree(fx->dir);
    free(fx);
    return 0;
}

#endif
