/*
 * delete.c - the answer to a USP Delete (TR-369 "Delete", "DeleteResp")
 * from what DeleteObject (TR-069 A.3.2.7) gave per instance. Pure
 * translation: no I/O, no state.
 */
#include <ctype.h>
#include <string.h>

#include "mapping/mapping.h"
#include "usp/error.h"
#include "usp/msg.h"

int map_path_is_instance(const char *path)
{
    size_t n = path ? strlen(path) : 0, i;

    if (n < 3 || path[n - 1] != '.')
        return 0;
    i = n - 1;
    while (i > 0 && isdigit((unsigned char)path[i - 1]))
        i--;
    return i < n - 1 && i > 0 && path[i - 1] == '.';
}

/* R-DEL.1: allow_partial false and anything failed: one Error. */
static int delete_error(const char *msg_id, const struct map_delete_outcome *o, size_t n,
                        struct usp_msg **out)
{
    uint32_t code = 0;
    const char *msg = "";
    struct usp_msg *e;
    size_t i, j;

    for (i = 0; i < n && !code; i++) {
        if (o[i].err) {
            code = o[i].err;
            msg = o[i].err_msg;
        } else if (o[i].n_unaffected) {
            code = o[i].unaffected[0].err;
            msg = o[i].unaffected[0].err_msg;
        }
    }
    e = usp_error_new(msg_id, code, msg ? msg : "");
    if (!e)
        return -1;
    for (i = 0; i < n; i++) {
        if (o[i].err && usp_error_add_param_err(e, o[i].requested_path, o[i].err,
                                                o[i].err_msg ? o[i].err_msg : ""))
            goto oom;
        for (j = 0; j < o[i].n_unaffected; j++) {
            const struct map_param_err *u = &o[i].unaffected[j];
            if (usp_error_add_param_err(e, u->path, u->err, u->err_msg ? u->err_msg : ""))
                goto oom;
        }
    }
    *out = e;
    return 0;
oom:
    usp_msg_free(e);
    return -1;
}

int map_delete_response(const char *msg_id, int allow_partial, const struct map_delete_outcome *o,
                        size_t n, struct usp_msg **out)
{
    struct usp_msg *m;
    size_t i, j;

    *out = NULL;
    for (i = 0; !allow_partial && i < n; i++)
        if (o[i].err || o[i].n_unaffected)
            return delete_error(msg_id, o, n, out);
    m = usp_deleteresp_new(msg_id);
    if (!m)
        return -1;
    for (i = 0; i < n; i++) {
        if (o[i].err) {
            if (usp_deleteresp_add_failure(m, o[i].requested_path, o[i].err,
                                           o[i].err_msg ? o[i].err_msg : ""))
                goto oom;
            continue;
        }
        if (usp_deleteresp_add_success(m, o[i].requested_path))
            goto oom;
        for (j = 0; j < o[i].n_affected; j++)
            if (usp_deleteresp_add_affected_path(m, o[i].affected[j]))
                goto oom;
        for (j = 0; j < o[i].n_unaffected; j++) {
            const struct map_param_err *u = &o[i].unaffected[j];
            if (usp_deleteresp_add_unaffected_path_err(m, u->path, u->err,
                                                       u->err_msg ? u->err_msg : ""))
                goto oom;
        }
    }
    *out = m;
    return 0;
oom:
    usp_msg_free(m);
    return -1;
}
