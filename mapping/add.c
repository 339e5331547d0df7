/*
 * add.c - the answer to a USP Add (TR-369 "Add", "AddResp") from what
 * AddObject (TR-069 A.3.2.6) and the SetParameterValues of the settings
 * gave per object. Pure translation: no I/O, no state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mapping/mapping.h"
#include "usp/error.h"
#include "usp/msg.h"

/* a + b into buf (cut to fit). */
static const char *join(char *buf, size_t len, const char *a, const char *b)
{
    snprintf(buf, len, "%s%s", a ? a : "", b ? b : "");
    return buf;
}

/* allow_partial false and an object failed: one Error (TR-369 "Add":
 * R-ADD.1 holistic), param_errs naming what failed. */
static int add_error(const char *msg_id, const struct map_add_outcome *o, size_t n,
                     const struct map_add_outcome *first, struct usp_msg **out)
{
    struct usp_msg *e = usp_error_new(msg_id, first->err, first->err_msg ? first->err_msg : "");
    char path[600];
    size_t i, j;

    if (!e)
        return -1;
    for (i = 0; i < n; i++) {
        size_t named = 0;
        const char *obj = o[i].instantiated_path ? o[i].instantiated_path : o[i].requested_path;
        if (!o[i].err)
            continue;
        for (j = 0; j < o[i].n_params; j++) {
            const struct map_param_err *p = &o[i].params[j];
            if (!p->err)
                continue;
            named++;
            if (usp_error_add_param_err(e, join(path, sizeof path, obj, p->path), p->err,
                                        p->err_msg ? p->err_msg : ""))
                goto oom;
        }
        if (!named && usp_error_add_param_err(e, o[i].requested_path, o[i].err,
                                              o[i].err_msg ? o[i].err_msg : ""))
            goto oom;
    }
    *out = e;
    return 0;
oom:
    usp_msg_free(e);
    return -1;
}

static int add_one(struct usp_msg *m, const struct map_add_outcome *o)
{
    size_t j;

    if (o->err || !o->instantiated_path)
        return usp_addresp_add_failure(m, o->requested_path,
                                       o->err ? o->err : USP_ERR_OBJECT_NOT_CREATED,
                                       o->err_msg ? o->err_msg : "the object was not created");
    if (usp_addresp_add_success(m, o->requested_path, o->instantiated_path))
        return -1;
    for (j = 0; j < o->n_keys; j++)
        if (usp_addresp_add_unique_key(m, o->key_names[j], o->key_values[j]))
            return -1;
    for (j = 0; j < o->n_params; j++) {
        const struct map_param_err *p = &o->params[j];
        if (p->err && usp_addresp_add_param_err(m, p->path, p->err, p->err_msg ? p->err_msg : ""))
            return -1;
    }
    return 0;
}

int map_add_response(const char *msg_id, int allow_partial, const struct map_add_outcome *o,
                     size_t n, struct usp_msg **out)
{
    struct usp_msg *m;
    size_t i;

    *out = NULL;
    for (i = 0; !allow_partial && i < n; i++)
        if (o[i].err)
            return add_error(msg_id, o, n, &o[i], out);
    m = usp_addresp_new(msg_id);
    if (!m)
        return -1;
    for (i = 0; i < n; i++)
        if (add_one(m, &o[i])) {
            usp_msg_free(m);
            return -1;
        }
    *out = m;
    return 0;
}
