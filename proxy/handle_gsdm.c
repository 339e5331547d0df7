/*
 * handle_gsdm.c - USP GetSupportedDM for a proxied agent (TR-369
 * "GetSupportedDM"). The CPE's supported model is what
 * GetParameterNames(name, NextLevel false) lists (TR-069 A.3.2.3): for
 * each requested path the partial path before its first {i} (one RPC per
 * distinct name; a name under another requested one is not asked), with
 * instance numbers folded into {i} by mapping/supported.c. CWMP gives no
 * types: a parameter's type comes from the parameter cache when a value
 * of it was fetched, else PARAM_UNKNOWN. Merged with what the proxy
 * serves itself (synth_dm.c: Device.LocalAgent., the commands it maps,
 * Boot! and Periodic!), so a path under Device.LocalAgent. needs no
 * session.
 *
 * Each list is cached in the objects database (px_sdm_list, px.h): a
 * supported model changes with the firmware, so the next GetSupportedDM
 * costs no session while the CPE reports the same SoftwareVersion (every
 * Inform carries it) and the list is younger than PX_SDM_MAX_AGE; a
 * cache_max_age of 0 turns the reuse off. The list also has instance
 * numbers in it: a table that was empty then shows no parameters until
 * the list is asked again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proxy/log.h"
#include "proxy/params.h"
#include "proxy/px.h"

#define SDM_VERSION 1
#define SDM_KEY     "!sdm"

/* ---------------------------------------------------------------------
 * The cached list (px.h).
 * ------------------------------------------------------------------- */

void px_sdm_list_clear(struct px_sdm_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->names[i]);
    free(l->names);
    free(l->writable);
    free(l->software_version);
    memset(l, 0, sizeof *l);
}

int px_sdm_list_encode(const struct px_sdm_list *l, uint8_t **out, size_t *len)
{
    struct px_wbuf b = {0};
    const char *sw = l->software_version ? l->software_version : "";
    size_t i, sl = strlen(sw);

    px_wbuf_u8(&b, SDM_VERSION);
    px_wbuf_u64(&b, (uint64_t)l->fetched);
    px_wbuf_u16(&b, (uint16_t)(sl > 0xffff ? 0xffff : sl));
    px_wbuf_bytes(&b, sw, sl > 0xffff ? 0xffff : sl);
    px_wbuf_u32(&b, (uint32_t)l->n);
    for (i = 0; i < l->n; i++) {
        size_t nl = strlen(l->names[i]);
        if (nl > 0xffff) {
            px_wbuf_free(&b);
            return -1;
        }
        px_wbuf_u8(&b, l->writable[i] ? 1 : 0);
        px_wbuf_u16(&b, (uint16_t)nl);
        px_wbuf_bytes(&b, l->names[i], nl);
    }
    if (b.oom) {
        px_wbuf_free(&b);
        return -1;
    }
    *out = b.data;
    *len = b.len;
    return 0;
}

int px_sdm_list_decode(const void *buf, size_t len, struct px_sdm_list *out, char *why,
                       size_t why_len)
{
    struct px_rbuf r = {buf, len};
    uint8_t v = 0, w;
    uint64_t t;
    uint32_t n, i;

    memset(out, 0, sizeof *out);
    if (px_rbuf_u8(&r, &v) || v != SDM_VERSION) {
        snprintf(why, why_len, "supported model record: version %u unknown", len ? v : 0);
        return -1;
    }
    if (px_rbuf_u64(&r, &t) || px_rbuf_str16(&r, 0xffff, &out->software_version) ||
        px_rbuf_u32(&r, &n))
        goto bad;
    out->fetched = (int64_t)t;
    /* each name takes at least 3 bytes: a count beyond that is a lie */
    if (n > r.left / 3)
        goto bad;
    out->names = calloc(n ? n : 1, sizeof *out->names);
    out->writable = calloc(n ? n : 1, 1);
    if (!out->names || !out->writable)
        goto bad;
    for (i = 0; i < n; i++) {
        if (px_rbuf_u8(&r, &w) || px_rbuf_str16(&r, PX_PARAM_PATH_MAX, &out->names[i]))
            goto bad;
        out->writable[i] = w != 0;
        out->n++;
    }
    return 0;
bad:
    snprintf(why, why_len, "supported model record: truncated or malformed");
    px_sdm_list_clear(out);
    return -1;
}

/* ---------------------------------------------------------------------
 * The state of one request: a GetParameterNames list per distinct name.
 * ------------------------------------------------------------------- */

struct gsdm_list {
    char *name; /* the CWMP partial path asked ("Device.NAT.") */
    struct px_sdm_list l;
    int have;  /* l is loaded (cache or CPE) */
    int fault; /* CWMP fault of its GetParameterNames */
    char *fault_text;
    struct map_sdm *sdm; /* built when first needed */
};

struct gsdm {
    struct gsdm_list *lists;
    size_t n;
    struct map_sdm *synth_only; /* for paths under Device.LocalAgent. */
    uint32_t flags;             /* the device's learned quirks */
    size_t asked;               /* the list whose GetParameterNames is in flight */
};

/* The GetParameterNames name of a requested path ("" under
 * Device.LocalAgent.): its object in supported notation, cut before the
 * first {i}. 0, or 7008 / 7026 with a sentence in why. */
static int gpn_name_of(const char *path, char *name, size_t cap, char *why, size_t why_len)
{
    char norm[MAP_NAME_MAX + 64], *cut;
    enum map_sdm_kind kind;
    int rc = map_sdm_normalize(path, norm, sizeof norm, &kind, why, why_len);

    if (rc)
        return rc;
    if (kind != MAP_SDM_OBJECT) {
        char *dot = strrchr(norm, '.');
        if (!dot) {
            snprintf(why, why_len, "'%.200s' names nothing inside an object", path);
            return USP_ERR_INVALID_PATH;
        }
        dot[1] = '\0';
    } else if (norm[strlen(norm) - 1] != '.') {
        snprintf(why, why_len, "'%.200s' is not an object path", path);
        return USP_ERR_INVALID_PATH_SYNTAX;
    }
    name[0] = '\0';
    if (px_synth_owns(norm))
        return 0;
    if ((cut = strstr(norm, "{i}.")) != NULL)
        *cut = '\0';
    if (strlen(norm) >= cap || strlen(norm) > PX_PARAM_PATH_MAX) {
        snprintf(why, why_len, "'%.200s' is longer than a CWMP name may be", path);
        return USP_ERR_INVALID_PATH;
    }
    strcpy(name, norm);
    return 0;
}

static void gsdm_free(struct gsdm *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++) {
        free(g->lists[i].name);
        free(g->lists[i].fault_text);
        px_sdm_list_clear(&g->lists[i].l);
        map_sdm_free(g->lists[i].sdm);
    }
    free(g->lists);
    map_sdm_free(g->synth_only);
    free(g);
}

static int prefix_of(const char *a, const char *b)
{
    return strncmp(a, b, strlen(a)) == 0;
}

/* The list a name is answered from: the first whose name covers it. */
static struct gsdm_list *list_for(struct gsdm *g, const char *name)
{
    for (size_t i = 0; i < g->n; i++)
        if (prefix_of(g->lists[i].name, name))
            return &g->lists[i];
    return NULL;
}

static int add_name(struct gsdm *g, const char *name)
{
    struct gsdm_list *l;
    size_t i;

    if (list_for(g, name))
        return 0;          /* covered by a name already there */
    for (i = 0; i < g->n;) /* names it covers go */
        if (prefix_of(name, g->lists[i].name)) {
            free(g->lists[i].name);
            g->lists[i] = g->lists[--g->n];
        } else {
            i++;
        }
    l = realloc(g->lists, (g->n + 1) * sizeof *l);
    if (!l)
        return -1;
    g->lists = l;
    memset(&l[g->n], 0, sizeof *l);
    if (!(l[g->n].name = strdup(name)))
        return -1;
    g->n++;
    return 0;
}

/* The SoftwareVersion the CPE reports now (every Inform carries it). */
static char *software_version(struct px_daemon *d, const char *dev_key)
{
    static const char *const names[] = {"Device.DeviceInfo.SoftwareVersion",
                                        "InternetGatewayDevice.DeviceInfo.SoftwareVersion"};
    struct px_param p;

    for (size_t i = 0; i < 2; i++)
        if (px_params_get(d->store, dev_key, names[i], &p) == 0)
            return (char *)p.value;
    return strdup("");
}

static size_t sdm_key(char *key, size_t cap, const char *dev_key, const char *name)
{
    int n = snprintf(key, cap, "%s%c" SDM_KEY "%s", dev_key, '\0', name);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/* A fresh cached list at name or above it. */
static void load_cached(struct px_daemon *d, const char *dev_key, struct gsdm_list *gl,
                        const char *sw)
{
    char key[PX_DEVICE_KEY_MAX + PX_PARAM_PATH_MAX + 16], prefix[PX_PARAM_PATH_MAX + 1], why[160];
    int64_t now = (int64_t)time(NULL);
    size_t i, len = strlen(gl->name), kl;

    if (d->cfg.cache_max_age <= 0)
        return;
    for (i = 0; i < len && i < sizeof prefix - 1; i++) {
        void *v = NULL;
        size_t vl = 0;
        if (gl->name[i] != '.')
            continue;
        memcpy(prefix, gl->name, i + 1);
        prefix[i + 1] = '\0';
        if (!(kl = sdm_key(key, sizeof key, dev_key, prefix)) ||
            px_store_get(d->store, PX_DB_OBJECTS, key, kl, &v, &vl) != 0)
            continue;
        if (px_sdm_list_decode(v, vl, &gl->l, why, sizeof why) != 0) {
            px_warn("%s: %s%s: %s", dev_key, SDM_KEY, prefix, why);
        } else if (now - gl->l.fetched > PX_SDM_MAX_AGE || now < gl->l.fetched ||
                   strcmp(gl->l.software_version, sw) != 0) {
            px_sdm_list_clear(&gl->l);
        } else {
            gl->have = 1;
            free(v);
            return;
        }
        free(v);
    }
}

static struct gsdm *gsdm_new(struct px_daemon *d, const char *dev_key, const struct usp_msg *req)
{
    struct gsdm *g = calloc(1, sizeof *g);
    char name[MAP_NAME_MAX + 64], why[240], *sw;
    size_t i;

    if (!g)
        return NULL;
    for (i = 0; i < usp_gsdm_path_count(req); i++)
        if (gpn_name_of(usp_gsdm_path(req, i), name, sizeof name, why, sizeof why) == 0 &&
            name[0] && add_name(g, name) != 0) {
            gsdm_free(g);
            return NULL;
        }
    g->flags = px_quirks_get(d, dev_key);
    g->asked = g->n;
    sw = software_version(d, dev_key);
    for (i = 0; i < g->n; i++)
        load_cached(d, dev_key, &g->lists[i], sw ? sw : "");
    free(sw);
    return g;
}

static int all_loaded(const struct gsdm *g)
{
    for (size_t i = 0; i < g->n; i++)
        if (!g->lists[i].have && !g->lists[i].fault)
            return 0;
    return 1;
}

/* ---------------------------------------------------------------------
 * The response.
 * ------------------------------------------------------------------- */

struct type_ctx {
    struct px_daemon *d;
    const char *dev_key;
};

static int type_of(void *arg, const char *cwmp_name)
{
    struct type_ctx *c = arg;
    struct px_param p;
    int t;

    if (px_params_get(c->d->store, c->dev_key, cwmp_name, &p) != 0)
        return -1;
    t = map_usp_value_type((int)p.type);
    free((void *)p.value);
    return t;
}

static struct map_sdm *build_sdm(const struct px_sdm_list *l, uint32_t flags)
{
    struct map_sdm *s = map_sdm_new(USP_VC_ALLOWED); /* attrs.c: set active, or polled */

    if (!s)
        return NULL;
    for (size_t i = 0; l && i < l->n; i++) {
        if (px_synth_owns(l->names[i]))
            continue; /* the proxy's Device.LocalAgent. replaces a CPE's own */
        if (map_sdm_add_cwmp_name(s, l->names[i], l->writable[i]) != 0)
            px_debug("GetSupportedDM: name %.200s left out", l->names[i]);
    }
    if (px_synth_sdm_add(s, flags) != 0 || map_sdm_finish(s) != 0) {
        map_sdm_free(s);
        return NULL;
    }
    return s;
}

static int add_path(struct px_daemon *d, const char *dev_key, struct gsdm *g, struct usp_msg *resp,
                    const char *path, const struct usp_gsdm_flags *fl)
{
    char name[MAP_NAME_MAX + 64], why[240], text[400];
    struct type_ctx tc = {d, dev_key};
    struct gsdm_list *gl = NULL;
    struct map_sdm **sdm;
    int rc = gpn_name_of(path, name, sizeof name, why, sizeof why);

    if (rc)
        return usp_gsdmresp_add_req_obj_result(resp, path, (uint32_t)rc, why, "");
    if (name[0] && (gl = list_for(g, name)) != NULL && gl->fault) {
        snprintf(text, sizeof text, "the CPE answered CWMP fault %d (%s)", gl->fault,
                 gl->fault_text ? gl->fault_text : "");
        return usp_gsdmresp_add_req_obj_result(
            resp, path, (uint32_t)map_fault_to_usp(gl->fault, MAP_CTX_GET), text, "");
    }
    if (name[0] && (!gl || !gl->have))
        return usp_gsdmresp_add_req_obj_result(resp, path, USP_ERR_INTERNAL_ERROR,
                                               "the CPE's names were not read", "");
    sdm = gl ? &gl->sdm : &g->synth_only;
    if (!*sdm && !(*sdm = build_sdm(gl ? &gl->l : NULL, g->flags)))
        return -1;
    return map_sdm_add_result(resp, *sdm, path, fl, "", type_of, &tc);
}

static struct usp_msg *build_resp(struct px_daemon *d, const char *dev_key, struct gsdm *g,
                                  const struct usp_msg *req)
{
    struct usp_msg *resp = usp_gsdmresp_new(usp_msg_id(req));
    struct usp_gsdm_flags fl;

    if (!resp)
        return NULL;
    usp_gsdm_get_flags(req, &fl);
    for (size_t i = 0; i < usp_gsdm_path_count(req); i++)
        if (add_path(d, dev_key, g, resp, usp_gsdm_path(req, i), &fl) != 0) {
            usp_msg_free(resp);
            return NULL;
        }
    return resp;
}

void px_handle_gsdm(struct px_daemon *d, const char *dev_key, const char *agent,
                    const char *controller, const char *reply_topic, const struct usp_msg *req)
{
    struct gsdm *g = gsdm_new(d, dev_key, req);
    struct usp_msg *resp;

    if (!g) {
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "out of memory");
        return;
    }
    if (!all_loaded(g)) {
        gsdm_free(g);
        if (px_work_enqueue(d, dev_key, agent, controller, reply_topic, PX_PLAN_GSDM, req) != 0)
            px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                           USP_ERR_RESOURCES_EXCEEDED, "the proxy could not queue the request");
        return;
    }
    resp = build_resp(d, dev_key, g, req);
    px_debug("%s: GetSupportedDM %s answered without the CPE", dev_key, usp_msg_id(req));
    if (resp)
        px_publish_after_commit(d, agent, controller, reply_topic, resp);
    else
        px_reply_error(d, agent, controller, reply_topic, usp_msg_id(req),
                       USP_ERR_RESOURCES_EXCEEDED, "out of memory");
    gsdm_free(g);
}

/* ---------------------------------------------------------------------
 * The plan: GetParameterNames of each name not cached, then the response.
 * ------------------------------------------------------------------- */

static int sdm_start(struct px_work *w)
{
    return (w->state = gsdm_new(w->d, w->dev_key, w->req)) != NULL ? 0 : -1;
}

static struct cwmp_msg *sdm_next_rpc(struct px_work *w)
{
    struct gsdm *g = w->state;
    struct cwmp_msg *m;

    for (size_t i = 0; i < g->n; i++) {
        if (g->lists[i].have || g->lists[i].fault)
            continue;
        if (!(m = cwmp_msg_new(CWMP_MSG_GET_PARAMETER_NAMES)))
            return NULL;
        m->body.gpn.parameter_path = g->lists[i].name;
        m->body.gpn.next_level = 0; /* TR-069 A.3.2.3: the whole subtree */
        g->asked = i;
        return m;
    }
    return NULL;
}

/* Keeps the names and caches them for the next request. */
static void take_names(struct px_work *w, struct gsdm_list *gl, const struct cwmp_msg *resp)
{
    const struct cwmp_gpn_response *r = &resp->body.gpn_resp;
    char key[PX_DEVICE_KEY_MAX + PX_PARAM_PATH_MAX + 16];
    uint8_t *val = NULL;
    size_t i, kl, vl;

    gl->l.names = calloc(r->n_params ? r->n_params : 1, sizeof *gl->l.names);
    gl->l.writable = calloc(r->n_params ? r->n_params : 1, 1);
    gl->l.fetched = (int64_t)time(NULL);
    gl->l.software_version = software_version(w->d, w->dev_key);
    if (!gl->l.names || !gl->l.writable || !gl->l.software_version)
        goto oom;
    for (i = 0; i < r->n_params; i++) {
        const char *n = r->params[i].name;
        if (!n || strlen(n) > PX_PARAM_PATH_MAX || !prefix_of(gl->name, n))
            continue; /* a name outside the path is a CPE bug */
        if (!(gl->l.names[gl->l.n] = strdup(n)))
            goto oom;
        gl->l.writable[gl->l.n++] = r->params[i].writable != 0;
    }
    gl->have = 1;
    if ((kl = sdm_key(key, sizeof key, w->dev_key, gl->name)) &&
        px_sdm_list_encode(&gl->l, &val, &vl) == 0 &&
        px_store_put(w->d->store, PX_DB_OBJECTS, key, kl, val, vl) != 0)
        px_warn("%s: cannot cache the names of %s: %s", w->dev_key, gl->name,
                px_store_errmsg(w->d->store));
    free(val);
    return;
oom:
    px_err("%s: out of memory reading the names of %s", w->dev_key, gl->name);
    px_sdm_list_clear(&gl->l);
    gl->fault = CWMP_FAULT_INTERNAL_ERROR;
}

static void sdm_on_response(struct px_work *w, const struct cwmp_msg *resp)
{
    struct gsdm *g = w->state;
    struct gsdm_list *gl;

    if (g->asked >= g->n)
        return;
    gl = &g->lists[g->asked];
    g->asked = g->n;
    if (resp->type == CWMP_MSG_GET_PARAMETER_NAMES_RESPONSE) {
        take_names(w, gl, resp);
        return;
    }
    gl->fault = resp->type == CWMP_MSG_FAULT ? resp->body.fault.code : CWMP_FAULT_INTERNAL_ERROR;
    free(gl->fault_text);
    gl->fault_text =
        strdup(resp->type == CWMP_MSG_FAULT && resp->body.fault.string ? resp->body.fault.string
                                                                       : "unexpected answer");
}

static struct usp_msg *sdm_finish(struct px_work *w)
{
    return build_resp(w->d, w->dev_key, w->state, w->req);
}

static void sdm_free(struct px_work *w)
{
    gsdm_free(w->state);
    w->state = NULL;
}

const struct px_plan_ops px_gsdm_ops = {
    PX_PLAN_GSDM, sdm_start, sdm_next_rpc, sdm_on_response, sdm_finish, sdm_free,
};
