/*
 * msg_error.c - the Error message and NotifyResp (TR-369 "Error",
 * "Notify").
 */
#include "usp/msg_internal.h"

#include <stdlib.h>

#include "usp/error.h"

struct usp_msg *usp_error_new(const char *msg_id, uint32_t err_code, const char *err_msg)
{
    Usp__Error *e;
    struct usp_msg *m = usp_msg_make(msg_id, USP_MSG_ERROR, (void **)&e);

    if (m == NULL)
        return NULL;
    e->err_code = err_code;
    e->err_msg = pbm_strdup(err_msg ? err_msg : usp_err_message((int)err_code));
    if (e->err_msg == NULL) {
        usp_msg_free(m);
        return NULL;
    }
    return m;
}

int usp_error_add_param_err(struct usp_msg *m, const char *param_path, uint32_t err_code,
                            const char *err_msg)
{
    Usp__Error *e = usp_msg_inner(m, USP_MSG_ERROR);
    Usp__Error__ParamError *p;

    if (e == NULL || (p = pbm_new(&usp__error__param_error__descriptor)) == NULL)
        return -1;
    p->param_path = pbm_strdup(param_path);
    p->err_code = err_code;
    p->err_msg = pbm_strdup(err_msg ? err_msg : usp_err_message((int)err_code));
    if (p->param_path == NULL || p->err_msg == NULL ||
        pbm_push(&e->param_errs, &e->n_param_errs, p) != 0) {
        pbm_free(p);
        return -1;
    }
    return 0;
}

uint32_t usp_error_code(const struct usp_msg *m)
{
    const Usp__Error *e = usp_msg_inner(m, USP_MSG_ERROR);
    return e ? e->err_code : 0;
}

const char *usp_error_text(const struct usp_msg *m)
{
    const Usp__Error *e = usp_msg_inner(m, USP_MSG_ERROR);
    return e ? PBM_S(e->err_msg) : "";
}

size_t usp_error_param_count(const struct usp_msg *m)
{
    const Usp__Error *e = usp_msg_inner(m, USP_MSG_ERROR);
    return e ? e->n_param_errs : 0;
}

int usp_error_param(const struct usp_msg *m, size_t i, const char **path, uint32_t *err_code,
                    const char **err_msg)
{
    const Usp__Error *e = usp_msg_inner(m, USP_MSG_ERROR);

    if (e == NULL || i >= e->n_param_errs || e->param_errs[i] == NULL)
        return -1;
    *path = PBM_S(e->param_errs[i]->param_path);
    *err_code = e->param_errs[i]->err_code;
    *err_msg = PBM_S(e->param_errs[i]->err_msg);
    return 0;
}

/* ---- NotifyResp -------------------------------------------------------- */

struct usp_msg *usp_notifyresp_new(const char *msg_id, const char *subscription_id)
{
    Usp__NotifyResp *r;
    struct usp_msg *m = usp_msg_make(msg_id, USP_MSG_NOTIFY_RESP, (void **)&r);

    if (m && (r->subscription_id = pbm_strdup(subscription_id)) == NULL) {
        usp_msg_free(m);
        return NULL;
    }
    return m;
}

const char *usp_notifyresp_subscription_id(const struct usp_msg *m)
{
    const Usp__NotifyResp *r = usp_msg_inner(m, USP_MSG_NOTIFY_RESP);
    return r ? PBM_S(r->subscription_id) : "";
}
