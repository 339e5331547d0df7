/*
 * fuzz_px_instmap.c - libFuzzer target for the `instmap` records the proxy
 * reads back from LMDB (mapped instance path, table high-water mark,
 * deleted instance: untrusted bytes on disk) and for the path translation
 * over a map given in the input.
 *
 * Input: the first byte selects (modulo 4): 0 a path record, 1 a
 * high-water record, 2 a deleted record, 3 a translation: NUL-separated
 * strings, the path first, then (from, to) pairs of the map.
 */
#include <stdlib.h>
#include <string.h>

#include "proxy/instmap.h"
#include "tests/fuzz/fuzz.h"

static void path_record(const uint8_t *data, size_t size)
{
    char out[PX_INSTMAP_PATH_MAX + 1], again[PX_INSTMAP_PATH_MAX + 1], why[160] = "";
    uint8_t *buf;
    size_t len;

    if (px_instmap_decode_path(data, size, out, sizeof out, why, sizeof why) != 0) {
        if (why[0] == '\0' || out[0] != '\0')
            __builtin_trap();
        return;
    }
    if (strlen(out) == 0 || out[strlen(out) - 1] != '.')
        __builtin_trap();
    if (px_instmap_encode_path(out, &buf, &len) != 0 ||
        px_instmap_decode_path(buf, len, again, sizeof again, why, sizeof why) != 0 ||
        strcmp(out, again) != 0)
        __builtin_trap();
    free(buf);
}

static void small_records(int which, const uint8_t *data, size_t size)
{
    char why[160] = "";
    uint8_t b[9];
    uint32_t h;
    int64_t t;

    if (which == 1) {
        if (px_instmap_decode_high(data, size, &h, why, sizeof why) != 0) {
            if (why[0] == '\0')
                __builtin_trap();
            return;
        }
        px_instmap_encode_high(h, b);
        if (memcmp(b, data, 5) != 0)
            __builtin_trap();
        return;
    }
    if (px_instmap_decode_deleted(data, size, &t, why, sizeof why) != 0) {
        if (why[0] == '\0')
            __builtin_trap();
        return;
    }
    px_instmap_encode_deleted(t, b);
    if (memcmp(b, data, 9) != 0)
        __builtin_trap();
}

struct map {
    const char *s[16];
    size_t n;
};

static int map_get(void *arg, const char *inst, char *out, size_t cap)
{
    const struct map *m = arg;
    size_t i;
    for (i = 1; i + 1 < m->n; i += 2)
        if (strcmp(m->s[i], inst) == 0) {
            size_t l = strlen(m->s[i + 1]);
            if (l == 0 || m->s[i + 1][l - 1] != '.')
                return 0; /* as px_instmap_decode_path: never stored */
            if (l >= cap)
                return -1;
            strcpy(out, m->s[i + 1]);
            return 1;
        }
    return 0;
}

static void translate(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), *p, out[1024];
    struct map m = {{0}, 0};
    int rc;

    if (!text)
        return;
    memcpy(text, data, size);
    text[size] = '\0';
    for (p = text; m.n < 16 && p <= text + size; p += strlen(p) + 1)
        m.s[m.n++] = p;
    rc = px_instmap_translate(m.s[0], map_get, &m, out, sizeof out);
    if (rc == 0 && strcmp(out, m.s[0]) != 0)
        __builtin_trap();
    if (rc == 1 && strchr(out, '.') == NULL)
        __builtin_trap(); /* a mapped instance path was put in */
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    switch (data[0] % 4) {
    case 0:
        path_record(data + 1, size - 1);
        break;
    case 1:
    case 2:
        small_records(data[0] % 4, data + 1, size - 1);
        break;
    default:
        translate(data + 1, size - 1);
        break;
    }
    return 0;
}
