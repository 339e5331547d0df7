/*
 * acs_rpc.c - a simulated CPE's answers to ACS requests (TR-069 A.3.2,
 * A.4.1) on its data model (sim/model.h), with injected faults (--fault)
 * and per-device quirks (--quirk). Reboot, FactoryReset, Download and
 * IPPing diagnostics are answered here and carried out after the session
 * (actions.c).
 */
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

static const char *const rpc_methods[] = {
    "GetRPCMethods",     "SetParameterValues",     "GetParameterValues",
    "GetParameterNames", "SetParameterAttributes", "GetParameterAttributes",
    "AddObject",         "DeleteObject",           "Reboot",
    "Download",          "FactoryReset",           "ScheduleInform",
};

static void set_fault(struct cwmp_msg *r, int code, const char *message)
{
    r->type = CWMP_MSG_FAULT;
    r->body.fault.code = code;
    r->body.fault.string = message && *message ? cwmp_msg_strdup(r, message) : NULL;
}

static void set_sim_fault(struct cwmp_msg *r, int code, const struct sim_fault *f)
{
    set_fault(r, code, f->message);
    if (f->nparams) {
        struct cwmp_spv_fault *sf = cwmp_msg_alloc(r, sizeof(*sf) * f->nparams);
        if (!sf)
            return;
        for (size_t i = 0; i < f->nparams; i++) {
            sf[i].parameter_name = cwmp_msg_strdup(r, f->params[i].name);
            sf[i].code = f->params[i].code;
            sf[i].string = cwmp_msg_strdup(r, f->params[i].message);
        }
        r->body.fault.spv_faults = sf;
        r->body.fault.n_spv_faults = f->nparams;
    }
}

static int injected(struct sim_cpe *c, enum cwmp_msg_type type)
{
    struct sim_opts *o = c->fleet->opts;

    for (size_t i = 0; i < o->n_faults; i++)
        if (o->faults[i].method == type && sim_rand01() < o->faults[i].rate)
            return o->faults[i].code;
    return 0;
}

static int is_partial(const char *name)
{
    size_t n = strlen(name);
    return n == 0 || name[n - 1] == '.';
}

static void gpv(struct sim_cpe *c, const struct cwmp_msg *req, struct cwmp_msg *r)
{
    struct sim_values vals = {0};
    struct sim_fault fault = {0};
    int code;

    if (c->quirks & SIM_QUIRK_NO_PARTIAL_GPV)
        for (size_t i = 0; i < req->body.gpv.n_names; i++)
            if (is_partial(req->body.gpv.names[i])) {
                set_fault(r, CWMP_FAULT_INVALID_PARAMETER_NAME,
                          "partial paths are not supported (quirk no-partial-gpv)");
                return;
            }
    code = sim_get_values(c->dev, req->body.gpv.names, req->body.gpv.n_names, &vals, &fault);
    if (code) {
        set_sim_fault(r, code, &fault);
    } else {
        struct cwmp_param_value *pv = cwmp_msg_alloc(r, sizeof(*pv) * (vals.count + 1));
        if (!pv) {
            set_fault(r, CWMP_FAULT_RESOURCES_EXCEEDED, NULL);
        } else {
            for (size_t i = 0; i < vals.count; i++) {
                pv[i].name = cwmp_msg_strdup(r, vals.items[i].name);
                pv[i].value = cwmp_msg_strdup(r, vals.items[i].value);
                pv[i].type = vals.items[i].type;
            }
            r->body.gpv_resp.params = pv;
            r->body.gpv_resp.n_params = vals.count;
        }
    }
    sim_values_free(&vals);
    sim_fault_clear(&fault);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void spv(struct sim_cpe *c, const struct cwmp_msg *req, struct cwmp_msg *r)
{
    const struct cwmp_param_values *p = &req->body.spv;
    struct sim_set *items = calloc(p->n_params + 1, sizeof(*items));
    struct sim_fault fault = {0};
    int status = 0, code;

    if (!items) {
        set_fault(r, CWMP_FAULT_RESOURCES_EXCEEDED, NULL);
        return;
    }
    for (size_t i = 0; i < p->n_params; i++) {
        items[i].name = p->params[i].name ? p->params[i].name : "";
        items[i].value = p->params[i].value ? p->params[i].value : "";
        items[i].type = cwmp_type_name(p->params[i].type);
    }
    code = sim_set_values(c->dev, items, p->n_params, p->parameter_key, &status, &fault);
    if (code) {
        set_sim_fault(r, code, &fault);
    } else {
        r->body.spv_resp.status = status;
        /* TR-143: DiagnosticsState "Requested" starts the test after the session */
        for (size_t i = 0; i < p->n_params; i++)
            if ((ends_with(items[i].name, "IPPing.DiagnosticsState") ||
                 ends_with(items[i].name, "IPPingDiagnostics.DiagnosticsState")) &&
                strcmp(items[i].value, "Requested") == 0)
                c->actions |= SIM_ACT_DIAG;
    }
    sim_fault_clear(&fault);
    free(items);
}

static void gpn(struct sim_cpe *c, const struct cwmp_msg *req, struct cwmp_msg *r)
{
    struct sim_names names = {0};
    struct sim_fault fault = {0};
    const char *path = req->body.gpn.parameter_path ? req->body.gpn.parameter_path : "";
    int code = sim_get_names(c->dev, path, req->body.gpn.next_level, &names, &fault);

    if (code) {
        set_sim_fault(r, code, &fault);
    } else {
        struct cwmp_param_info *pi = cwmp_msg_alloc(r, sizeof(*pi) * (names.count + 1));
        if (!pi) {
            set_fault(r, CWMP_FAULT_RESOURCES_EXCEEDED, NULL);
        } else {
            for (size_t i = 0; i < names.count; i++) {
                pi[i].name = cwmp_msg_strdup(r, names.items[i].name);
                pi[i].writable = names.items[i].writable;
            }
            r->body.gpn_resp.params = pi;
            r->body.gpn_resp.n_params = names.count;
        }
    }
    sim_names_free(&names);
    sim_fault_clear(&fault);
}

static void gpa(struct sim_cpe *c, const struct cwmp_msg *req, struct cwmp_msg *r)
{
    struct sim_attrs attrs = {0};
    struct sim_fault fault = {0};
    int code =
        sim_get_attributes(c->dev, req->body.gpa.names, req->body.gpa.n_names, &attrs, &fault);
    static const char *subscriber[] = {"Subscriber"};

    if (code) {
        set_sim_fault(r, code, &fault);
    } else {
        struct cwmp_param_attr *pa = cwmp_msg_alloc(r, sizeof(*pa) * (attrs.count + 1));
        if (!pa) {
            set_fault(r, CWMP_FAULT_RESOURCES_EXCEEDED, NULL);
        } else {
            for (size_t i = 0; i < attrs.count; i++) {
                pa[i].name = cwmp_msg_strdup(r, attrs.items[i].name);
                pa[i].notification = attrs.items[i].notification;
                if (attrs.items[i].access & SIM_ACCESS_SUBSCRIBER) {
                    pa[i].access_list = subscriber;
                    pa[i].n_access_list = 1;
                }
            }
            r->body.gpa_resp.params = pa;
            r->body.gpa_resp.n_params = attrs.count;
        }
    }
    sim_attrs_free(&attrs);
    sim_fault_clear(&fault);
}

static void spa(struct sim_cpe *c, const struct cwmp_msg *req, struct cwmp_msg *r)
{
    const struct cwmp_spa *p = &req->body.spa;
    struct sim_set_attr *items = calloc(p->n_params + 1, sizeof(*items));
    struct sim_fault fault = {0};
    int code;

    if (!items) {
        set_fault(r, CWMP_FAULT_RESOURCES_EXCEEDED, NULL);
        return;
    }
    for (size_t i = 0; i < p->n_params; i++) {
        items[i].name = p->params[i].name ? p->params[i].name : "";
        items[i].notification_change = p->params[i].notification_change;
        items[i].notification = p->params[i].notification;
        items[i].access_change = p->params[i].access_list_change;
        for (size_t j = 0; j < p->params[i].n_access_list; j++)
            if (p->params[i].access_list[j] &&
                strcmp(p->params[i].access_list[j], "Subscriber") == 0)
                items[i].access |= SIM_ACCESS_SUBSCRIBER;
    }
    code = sim_set_attributes(c->dev, items, p->n_params, &fault);
    if (code)
        set_sim_fault(r, code, &fault);
    sim_fault_clear(&fault);
    free(items);
}

static void add_del(struct sim_cpe *c, const struct cwmp_msg *req, struct cwmp_msg *r)
{
    struct sim_fault fault = {0};
    int status = 0, code;
    const char *name = req->body.add_object.object_name ? req->body.add_object.object_name : "";

    if (req->type == CWMP_MSG_ADD_OBJECT) {
        uint32_t inst = 0;
        code = sim_add_object(c->dev, name, req->body.add_object.parameter_key, &inst, &status,
                              &fault);
        r->body.add_object_resp.instance_number = inst;
        r->body.add_object_resp.status = status;
    } else {
        code =
            sim_delete_object(c->dev, name, req->body.delete_object.parameter_key, &status, &fault);
        r->body.delete_object_resp.status = status;
    }
    if (code)
        set_sim_fault(r, code, &fault);
    sim_fault_clear(&fault);
}

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

static void download(struct sim_cpe *c, const struct cwmp_msg *req, struct cwmp_msg *r)
{
    const struct cwmp_download *d = &req->body.download;
    struct sim_download *dl;

    if (!d->url || strncmp(d->url, "http://", 7) != 0) {
        set_fault(r, CWMP_FAULT_UNSUPPORTED_TRANSFER_PROTOCOL, "only http:// URLs");
        return;
    }
    if (c->download || c->tc) {
        set_fault(r, CWMP_FAULT_RESOURCES_EXCEEDED, "a transfer is already in progress");
        return;
    }
    dl = calloc(1, sizeof(*dl));
    if (!dl) {
        set_fault(r, CWMP_FAULT_RESOURCES_EXCEEDED, NULL);
        return;
    }
    dl->command_key = dup_or_empty(d->command_key);
    dl->file_type = dup_or_empty(d->file_type);
    dl->url = dup_or_empty(d->url);
    dl->target = dup_or_empty(d->target_file_name);
    dl->username = dup_or_empty(d->username);
    dl->password = dup_or_empty(d->password);
    dl->delay = d->delay_seconds;
    c->download = dl;
    c->actions |= SIM_ACT_DOWNLOAD;
    /* TR-069 A.3.2.8: 1 = not yet completed; TransferComplete follows */
    r->body.download_resp.status = 1;
    r->body.download_resp.start_time = "0001-01-01T00:00:00Z";
    r->body.download_resp.complete_time = "0001-01-01T00:00:00Z";
}

int sim_rpc_answer(struct sim_cpe *c, const struct cwmp_msg *req, struct cwmp_msg *r)
{
    int code;

    r->type = cwmp_msg_response_type(req->type);
    r->id = req->id ? cwmp_msg_strdup(r, req->id) : NULL;
    r->ns_version = req->ns_version;
    if (r->type == CWMP_MSG_UNKNOWN) {
        set_fault(r, CWMP_FAULT_METHOD_NOT_SUPPORTED, NULL);
        return 0;
    }
    if ((code = injected(c, req->type)) != 0) {
        set_fault(r, code, "injected fault (--fault)");
        return 0;
    }
    sim_log(c->fleet, SIM_LOG_DEBUG, "%s: %s", c->serial, cwmp_msg_type_name(req->type));
    switch (req->type) {
    case CWMP_MSG_GET_RPC_METHODS:
        if (c->quirks & SIM_QUIRK_NO_GETRPCMETHODS) {
            set_fault(r, CWMP_FAULT_METHOD_NOT_SUPPORTED, NULL);
            break;
        }
        r->body.rpc_methods_resp.methods = (const char **)rpc_methods;
        r->body.rpc_methods_resp.n_methods = sizeof(rpc_methods) / sizeof(rpc_methods[0]);
        break;
    case CWMP_MSG_GET_PARAMETER_VALUES:
        gpv(c, req, r);
        break;
    case CWMP_MSG_SET_PARAMETER_VALUES:
        spv(c, req, r);
        break;
    case CWMP_MSG_GET_PARAMETER_NAMES:
        gpn(c, req, r);
        break;
    case CWMP_MSG_GET_PARAMETER_ATTRIBUTES:
    case CWMP_MSG_SET_PARAMETER_ATTRIBUTES:
        if (c->quirks & SIM_QUIRK_NO_ATTRIBUTES)
            set_fault(r, CWMP_FAULT_METHOD_NOT_SUPPORTED, NULL);
        else if (req->type == CWMP_MSG_GET_PARAMETER_ATTRIBUTES)
            gpa(c, req, r);
        else
            spa(c, req, r);
        break;
    case CWMP_MSG_ADD_OBJECT:
    case CWMP_MSG_DELETE_OBJECT:
        add_del(c, req, r);
        break;
    case CWMP_MSG_REBOOT:
        free(c->next_reboot_key);
        c->next_reboot_key = dup_or_empty(req->body.reboot.command_key);
        c->actions |= SIM_ACT_REBOOT;
        break;
    case CWMP_MSG_FACTORY_RESET:
        c->actions |= SIM_ACT_FACTORY_RESET;
        break;
    case CWMP_MSG_DOWNLOAD:
        download(c, req, r);
        break;
    case CWMP_MSG_SCHEDULE_INFORM:
        if (req->body.schedule_inform.delay_seconds == 0) { /* A.4.1.4: > 0 */
            set_fault(r, CWMP_FAULT_INVALID_ARGUMENTS, "DelaySeconds must be greater than 0");
            break;
        }
        sim_schedule_inform(c, req->body.schedule_inform.delay_seconds,
                            req->body.schedule_inform.command_key);
        break;
    default:
        /* Upload, queued transfers, ScheduleDownload, CancelTransfer,
         * ChangeDUState: not offered in GetRPCMethods */
        set_fault(r, CWMP_FAULT_METHOD_NOT_SUPPORTED, NULL);
        break;
    }
    return 0;
}
