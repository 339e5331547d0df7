/*
 * main.c - cwmp-sim, a TR-069 CPE fleet simulator and load generator:
 * command line, the fleet on one libevent loop, statistics output,
 * signals and shutdown. See cwmp-sim --help and docs/man/cwmp-sim.1.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <event2/dns.h>
#include <event2/event.h>

#include "sim/sim.h"

uint64_t sim_now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void sim_time_iso(char *out, size_t size)
{
    time_t t = time(NULL);
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

double sim_rand01(void)
{
    return (double)random() / ((double)RAND_MAX + 1.0);
}

void sim_log(struct sim_fleet *f, enum sim_log level, const char *fmt, ...)
{
    static const char *names[] = {"error", "warning", "info", "debug"};
    va_list ap;

    if (f && level > f->opts->log_level)
        return;
    fprintf(stderr, "cwmp-sim: %s: ", names[level]);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void usage(FILE *out)
{
    fputs("Usage: cwmp-sim --acs URL [options]\n"
          "Simulates a fleet of TR-069 CPEs in one process and reports session statistics.\n"
          "\n"
          "Fleet:\n"
          "  --acs URL                ACS URL (http://host:port/path) [required]\n"
          "  --devices N              number of CPEs, 1..100000 [1]\n"
          "  --first-index I          index of the first CPE [0]\n"
          "  --model FILE|NAME        model file or installed model name [tr181-gateway]\n"
          "  --serial-prefix P        SerialNumber = P + 6-digit index [SIM]\n"
          "  --oui HEX6               ManufacturerOUI of the DeviceId [00D09E]\n"
          "  --product-class S        ProductClass of the DeviceId [SimGateway]\n"
          "  --manufacturer S         DeviceInfo.Manufacturer [the model's]\n"
          "  --username U             ACS user name ({serial} is replaced) [the model's\n"
          "                           ManagementServer.Username: OUI-ProductClass-Serial]\n"
          "  --password P             ACS password [the model's: acs-secret]\n"
          "\n"
          "Connection requests (one HTTP listener, path /cr/SERIAL, Digest; one UDP socket):\n"
          "  --cr-host ADDR           listen address, also written into the URLs [127.0.0.1]\n"
          "  --cr-port PORT           HTTP and UDP port; 0 any free, -1 none [0]\n"
          "  --cr-username U          ConnectionRequestUsername ({serial}) [cr-{serial}]\n"
          "  --cr-password P          ConnectionRequestPassword [the model's: cr-secret]\n"
          "\n"
          "Behaviour:\n"
          "  --inform-interval S      PeriodicInformInterval [the model's]\n"
          "  --jitter PCT             periodic inform jitter, +-PCT %% of the interval [10]\n"
          "  --no-periodic            no periodic informs\n"
          "  --bootstrap              first contact: 0 BOOTSTRAP even if the state says otherwise\n"
          "  --state-dir DIR          remember bootstrapped devices: a restart sends 1 BOOT only\n"
          "                           (without it every start is a first contact)\n"
          "  --retry-scale F          multiply the TR-069 retry waits (5-10 s doubling) by F [1]\n"
          "  --reboot-delay S         seconds a Reboot/FactoryReset/firmware update takes [2]\n"
          "  --timeout S              HTTP timeout per request of a session [30]\n"
          "  --change-interval S      every S seconds each device changes --change-param itself\n"
          "  --change-param NAME      parameter changed (full or below the root)\n"
          "                           [DeviceInfo.ProvisioningCode]; with active notification\n"
          "                           the device informs 4 VALUE CHANGE\n"
          "\n"
          "Load:\n"
          "  --rate R                 at most R new sessions per second [unlimited]\n"
          "  --concurrency N          at most N sessions in flight, 0 unlimited [1000]\n"
          "  --keepalive              reuse a device's TCP connection across sessions\n"
          "  --once                   one session per device, then print the result and exit\n"
          "  --duration S             stop after S seconds\n"
          "  --stats-interval S       progress line every S seconds, 0 none [10]\n"
          "  Output at the end (stdout): sessions=N ok=N failed=N duration_s=X rate=X\n"
          "  p50_ms=X p90_ms=X p99_ms=X max_ms=X (latency: TCP connect to HTTP 204)\n"
          "\n"
          "Fault injection (INDEXES: e.g. 0,3,7-9):\n"
          "  --latency-ms MS          delay before each POST of a session\n"
          "  --latency-jitter-ms MS   plus a random 0..MS\n"
          "  --latency-devices IDX    only these devices are slow [all]\n"
          "  --drop-rate P            close the connection after InformResponse in P of sessions\n"
          "  --refuse-cr-rate P       answer 503 to P of connection requests\n"
          "  --refuse-cr IDX          these devices answer 503 to every connection request\n"
          "  --dead IDX               after their first session these devices never inform\n"
          "                           again and ignore connection requests\n"
          "  --fault METHOD:CODE[:RATE]  answer METHOD (GetParameterValues ...) with Fault CODE\n"
          "                           with probability RATE [1]; repeatable\n"
          "  --quirk NAME[:IDX]       no-getrpcmethods (9000), no-partial-gpv (9005 to partial\n"
          "                           paths), no-attributes (9000 to Get/SetParameterAttributes),\n"
          "                           reuse-instances (AddObject hands out the lowest free\n"
          "                           instance number, also one deleted before), abrupt-reboot\n"
          "                           (Reboot: no RebootResponse, the session breaks and the\n"
          "                           CPE reboots); repeatable\n"
          "\n"
          "Other:\n"
          "  --seed N                 random seed [time]\n"
          "  --log-level L            error, warning, info, debug [warning]\n"
          "  -h, --help               this text\n",
          out);
}

enum {
    O_ACS = 256,
    O_DEVICES,
    O_FIRST,
    O_MODEL,
    O_PREFIX,
    O_OUI,
    O_PC,
    O_MANUF,
    O_USER,
    O_PASS,
    O_CRHOST,
    O_CRPORT,
    O_CRUSER,
    O_CRPASS,
    O_INTERVAL,
    O_JITTER,
    O_NOPERIODIC,
    O_BOOTSTRAP,
    O_STATEDIR,
    O_RETRYSCALE,
    O_REBOOTDELAY,
    O_TIMEOUT,
    O_CHANGEINT,
    O_CHANGEPARAM,
    O_RATE,
    O_CONC,
    O_KEEPALIVE,
    O_ONCE,
    O_DURATION,
    O_STATS,
    O_LAT,
    O_LATJ,
    O_LATDEV,
    O_DROP,
    O_REFUSERATE,
    O_REFUSE,
    O_DEAD,
    O_FAULT,
    O_QUIRK,
    O_SEED,
    O_LOG,
};

static const struct option long_opts[] = {
    {"acs", 1, 0, O_ACS},
    {"devices", 1, 0, O_DEVICES},
    {"first-index", 1, 0, O_FIRST},
    {"model", 1, 0, O_MODEL},
    {"serial-prefix", 1, 0, O_PREFIX},
    {"oui", 1, 0, O_OUI},
    {"product-class", 1, 0, O_PC},
    {"manufacturer", 1, 0, O_MANUF},
    {"username", 1, 0, O_USER},
    {"password", 1, 0, O_PASS},
    {"cr-host", 1, 0, O_CRHOST},
    {"cr-port", 1, 0, O_CRPORT},
    {"cr-username", 1, 0, O_CRUSER},
    {"cr-password", 1, 0, O_CRPASS},
    {"inform-interval", 1, 0, O_INTERVAL},
    {"jitter", 1, 0, O_JITTER},
    {"no-periodic", 0, 0, O_NOPERIODIC},
    {"bootstrap", 0, 0, O_BOOTSTRAP},
    {"state-dir", 1, 0, O_STATEDIR},
    {"retry-scale", 1, 0, O_RETRYSCALE},
    {"reboot-delay", 1, 0, O_REBOOTDELAY},
    {"timeout", 1, 0, O_TIMEOUT},
    {"change-interval", 1, 0, O_CHANGEINT},
    {"change-param", 1, 0, O_CHANGEPARAM},
    {"rate", 1, 0, O_RATE},
    {"concurrency", 1, 0, O_CONC},
    {"keepalive", 0, 0, O_KEEPALIVE},
    {"once", 0, 0, O_ONCE},
    {"duration", 1, 0, O_DURATION},
    {"stats-interval", 1, 0, O_STATS},
    {"latency-ms", 1, 0, O_LAT},
    {"latency-jitter-ms", 1, 0, O_LATJ},
    {"latency-devices", 1, 0, O_LATDEV},
    {"drop-rate", 1, 0, O_DROP},
    {"refuse-cr-rate", 1, 0, O_REFUSERATE},
    {"refuse-cr", 1, 0, O_REFUSE},
    {"dead", 1, 0, O_DEAD},
    {"fault", 1, 0, O_FAULT},
    {"quirk", 1, 0, O_QUIRK},
    {"seed", 1, 0, O_SEED},
    {"log-level", 1, 0, O_LOG},
    {"help", 0, 0, 'h'},
    {0, 0, 0, 0},
};

static int num(const char *opt, const char *text, double lo, double hi, double *out)
{
    char *end;

    errno = 0;
    *out = strtod(text, &end);
    if (errno || end == text || *end || *out < lo || *out > hi) {
        fprintf(stderr, "cwmp-sim: --%s: '%s' is not a number in %g..%g\n", opt, text, lo, hi);
        return -1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, struct sim_opts *o)
{
    char err[256];
    double v;
    int c;

    while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
        const char *name = c >= 256 ? long_opts[c - 256].name : "";
        void *grown;
        switch (c) {
        case 'h':
            usage(stdout);
            exit(0);
        case O_ACS:
            o->acs_url = optarg;
            break;
        case O_MODEL:
            o->model = optarg;
            break;
        case O_PREFIX:
            o->serial_prefix = optarg;
            break;
        case O_OUI:
            o->oui = optarg;
            break;
        case O_PC:
            o->product_class = optarg;
            break;
        case O_MANUF:
            o->manufacturer = optarg;
            break;
        case O_USER:
            o->username = optarg;
            break;
        case O_PASS:
            o->password = optarg;
            break;
        case O_CRHOST:
            o->cr_host = optarg;
            break;
        case O_CRUSER:
            o->cr_username = optarg;
            break;
        case O_CRPASS:
            o->cr_password = optarg;
            break;
        case O_STATEDIR:
            o->state_dir = optarg;
            break;
        case O_CHANGEPARAM:
            o->change_param = optarg;
            break;
        case O_NOPERIODIC:
            o->no_periodic = 1;
            break;
        case O_BOOTSTRAP:
            o->bootstrap = 1;
            break;
        case O_KEEPALIVE:
            o->keepalive = 1;
            break;
        case O_ONCE:
            o->once = 1;
            break;
        case O_DEVICES:
            if (num(name, optarg, 1, 100000, &v))
                return -1;
            o->devices = (uint32_t)v;
            break;
        case O_FIRST:
            if (num(name, optarg, 0, 999999, &v))
                return -1;
            o->first_index = (uint32_t)v;
            break;
        case O_CRPORT:
            if (num(name, optarg, -1, 65535, &v))
                return -1;
            o->cr_port = (int)v;
            break;
        case O_INTERVAL:
            if (num(name, optarg, 1, 4e9, &v))
                return -1;
            o->inform_interval = (unsigned)v;
            break;
        case O_JITTER:
            if (num(name, optarg, 0, 100, &v))
                return -1;
            o->jitter_pct = (unsigned)v;
            break;
        case O_RETRYSCALE:
            if (num(name, optarg, 0, 1000, &v))
                return -1;
            o->retry_scale = v;
            break;
        case O_REBOOTDELAY:
            if (num(name, optarg, 0, 86400, &v))
                return -1;
            o->reboot_delay = v;
            break;
        case O_TIMEOUT:
            if (num(name, optarg, 1, 86400, &v))
                return -1;
            o->session_timeout = (unsigned)v;
            break;
        case O_CHANGEINT:
            if (num(name, optarg, 0.01, 1e7, &v))
                return -1;
            o->change_interval = v;
            break;
        case O_RATE:
            if (num(name, optarg, 0, 1e7, &v))
                return -1;
            o->rate = v;
            break;
        case O_CONC:
            if (num(name, optarg, 0, 1e7, &v))
                return -1;
            o->concurrency = (unsigned)v;
            break;
        case O_DURATION:
            if (num(name, optarg, 0.01, 1e9, &v))
                return -1;
            o->duration = v;
            break;
        case O_STATS:
            if (num(name, optarg, 0, 1e7, &v))
                return -1;
            o->stats_interval = v;
            break;
        case O_LAT:
            if (num(name, optarg, 0, 3.6e6, &v))
                return -1;
            o->latency_ms = (unsigned)v;
            break;
        case O_LATJ:
            if (num(name, optarg, 0, 3.6e6, &v))
                return -1;
            o->latency_jitter_ms = (unsigned)v;
            break;
        case O_DROP:
            if (num(name, optarg, 0, 1, &v))
                return -1;
            o->drop_rate = v;
            break;
        case O_REFUSERATE:
            if (num(name, optarg, 0, 1, &v))
                return -1;
            o->refuse_cr_rate = v;
            break;
        case O_SEED:
            if (num(name, optarg, 0, 4294967295.0, &v))
                return -1;
            o->seed = (unsigned)v;
            break;
        case O_LATDEV:
        case O_REFUSE:
        case O_DEAD:
            if (sim_idxset_parse(c == O_LATDEV   ? &o->latency_devices
                                 : c == O_REFUSE ? &o->refuse_cr
                                                 : &o->dead,
                                 optarg, err, sizeof(err)) != 0)
                goto bad;
            break;
        case O_FAULT:
            grown = realloc(o->faults, (o->n_faults + 1) * sizeof(*o->faults));
            if (!grown)
                return -1;
            o->faults = grown;
            if (sim_inject_parse(optarg, &o->faults[o->n_faults], err, sizeof(err)) != 0)
                goto bad;
            o->n_faults++;
            break;
        case O_QUIRK:
            grown = realloc(o->quirks, (o->n_quirks + 1) * sizeof(*o->quirks));
            if (!grown)
                return -1;
            o->quirks = grown;
            if (sim_quirk_parse(optarg, &o->quirks[o->n_quirks], err, sizeof(err)) != 0)
                goto bad;
            o->n_quirks++;
            break;
        case O_LOG:
            if (!strcmp(optarg, "error"))
                o->log_level = SIM_LOG_ERROR;
            else if (!strcmp(optarg, "warning"))
                o->log_level = SIM_LOG_WARNING;
            else if (!strcmp(optarg, "info"))
                o->log_level = SIM_LOG_INFO;
            else if (!strcmp(optarg, "debug"))
                o->log_level = SIM_LOG_DEBUG;
            else {
                snprintf(err, sizeof(err), "--log-level: error, warning, info or debug");
                goto bad;
            }
            break;
        default:
            usage(stderr);
            return -1;
        }
    }
    if (optind < argc) {
        snprintf(err, sizeof(err), "unexpected argument '%s'", argv[optind]);
        goto bad;
    }
    if (!o->acs_url) {
        snprintf(err, sizeof(err), "--acs URL is required (see --help)");
        goto bad;
    }
    if (strncmp(o->acs_url, "http://", 7) != 0) {
        snprintf(err, sizeof(err), "--acs: only http:// URLs are supported");
        goto bad;
    }
    if (o->first_index + o->devices > 1000000) {
        snprintf(err, sizeof(err), "--first-index + --devices must stay below 1000000");
        goto bad;
    }
    return 0;
bad:
    fprintf(stderr, "cwmp-sim: %s\n", err);
    return -1;
}

/* ---------------------------------------------------------------- fleet */

static struct event *g_stats_ev, *g_stop_ev, *g_change_ev, *g_sig_int, *g_sig_term;

void sim_fleet_stop(struct sim_fleet *f)
{
    f->stopping = 1;
    event_base_loopexit(f->base, NULL);
}

static void stats_cb(evutil_socket_t fd, short what, void *arg)
{
    struct sim_fleet *f = arg;

    (void)fd;
    (void)what;
    sim_stats_print(f->stats, stdout, (double)(sim_now_us() - f->start_us) / 1e6, 0);
}

static void stop_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    sim_fleet_stop(arg);
}

static void change_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    sim_change_tick(arg);
}

static struct timeval tv_of(double s)
{
    struct timeval tv = {(time_t)s, (suseconds_t)((s - (double)(time_t)s) * 1e6)};
    return tv;
}

static int open_state(struct sim_fleet *f, char *err, size_t errlen)
{
    char path[4096];

    f->state_fd = -1;
    if (!f->opts->state_dir)
        return 0;
    if (mkdir(f->opts->state_dir, 0755) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "--state-dir %s: %s", f->opts->state_dir, strerror(errno));
        return -1;
    }
    /* one byte per device: '1' once it has bootstrapped */
    snprintf(path, sizeof(path), "%s/%s-%s-%s.bootstrap", f->opts->state_dir, f->opts->oui,
             f->opts->product_class, f->opts->serial_prefix);
    f->state_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (f->state_fd < 0) {
        snprintf(err, errlen, "%.400s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

static void raise_fd_limit(void)
{
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static int fleet_run(struct sim_fleet *f)
{
    struct sim_opts *o = f->opts;
    char path[4096], err[512];
    int rc = 1;

    if (sim_model_find(o->model, path, sizeof(path)) != 0) {
        fprintf(stderr, "cwmp-sim: --model %s: no such model file\n", o->model);
        return 1;
    }
    if (sim_model_load(path, &f->model, err, sizeof(err)) != 0) {
        fprintf(stderr, "cwmp-sim: %s\n", err);
        return 1;
    }
    f->tr098 = strcmp(sim_model_root(f->model), "InternetGatewayDevice.") == 0;
    if (!o->change_param)
        o->change_param = "DeviceInfo.ProvisioningCode";
    f->base = event_base_new();
    f->stats = sim_stats_new();
    f->cpes = calloc(o->devices, sizeof(*f->cpes));
    if (!f->base || !f->stats || !f->cpes)
        goto out;
    f->dns = evdns_base_new(f->base, EVDNS_BASE_INITIALIZE_NAMESERVERS);
    if (!f->dns && (f->dns = evdns_base_new(f->base, 0)) != NULL)
        evdns_base_load_hosts(f->dns, NULL); /* no resolv.conf: /etc/hosts only */
    if (open_state(f, err, sizeof(err)) != 0 || sim_cr_start(f, err, sizeof(err)) != 0) {
        fprintf(stderr, "cwmp-sim: %s\n", err);
        goto out;
    }
    if (sim_fleet_admit_init(f) != 0)
        goto out;
    for (uint32_t i = 0; i < o->devices; i++) {
        if (sim_cpe_init(f, &f->cpes[i], o->first_index + i, err, sizeof(err)) != 0) {
            fprintf(stderr, "cwmp-sim: %s\n", err);
            goto out;
        }
        f->n++;
    }
    sim_log(f, SIM_LOG_INFO, "%u devices, connection requests on %s:%d", f->n, o->cr_host,
            f->cr_port);
    f->once_left = f->n;
    f->start_us = sim_now_us();
    f->tokens_at_us = f->start_us;
    for (uint32_t i = 0; i < f->n; i++)
        sim_cpe_trigger(&f->cpes[i], 0);

    if (o->stats_interval > 0) {
        struct timeval tv = tv_of(o->stats_interval);
        g_stats_ev = event_new(f->base, -1, EV_PERSIST, stats_cb, f);
        event_add(g_stats_ev, &tv);
    }
    if (o->duration > 0) {
        struct timeval tv = tv_of(o->duration);
        g_stop_ev = evtimer_new(f->base, stop_cb, f);
        evtimer_add(g_stop_ev, &tv);
    }
    if (o->change_interval > 0) {
        struct timeval tv = tv_of(o->change_interval);
        g_change_ev = event_new(f->base, -1, EV_PERSIST, change_cb, f);
        event_add(g_change_ev, &tv);
    }
    g_sig_int = evsignal_new(f->base, SIGINT, stop_cb, f);
    g_sig_term = evsignal_new(f->base, SIGTERM, stop_cb, f);
    evsignal_add(g_sig_int, NULL);
    evsignal_add(g_sig_term, NULL);

    event_base_dispatch(f->base);
    sim_stats_print(f->stats, stdout, (double)(sim_now_us() - f->start_us) / 1e6, 1);
    rc = 0;
out:
    if (g_stats_ev)
        event_free(g_stats_ev);
    if (g_stop_ev)
        event_free(g_stop_ev);
    if (g_change_ev)
        event_free(g_change_ev);
    if (g_sig_int)
        event_free(g_sig_int);
    if (g_sig_term)
        event_free(g_sig_term);
    for (uint32_t i = 0; i < f->n; i++)
        sim_cpe_fini(&f->cpes[i]);
    free(f->cpes);
    sim_cr_stop(f);
    if (f->admit_timer)
        event_free(f->admit_timer);
    if (f->dns)
        evdns_base_free(f->dns, 0);
    if (f->base)
        event_base_free(f->base);
    if (f->state_fd >= 0)
        close(f->state_fd);
    sim_stats_free(f->stats);
    sim_model_free(f->model);
    return rc;
}

int main(int argc, char **argv)
{
    struct sim_opts o = {
        .devices = 1,
        .model = "tr181-gateway",
        .serial_prefix = "SIM",
        .oui = "00D09E",
        .product_class = "SimGateway",
        .cr_host = "127.0.0.1",
        .cr_port = 0,
        .cr_username = "cr-{serial}",
        .jitter_pct = 10,
        .concurrency = 1000,
        .stats_interval = 10,
        .retry_scale = 1,
        .reboot_delay = 2,
        .session_timeout = 30,
        .log_level = SIM_LOG_WARNING,
    };
    struct sim_fleet f = {0};
    int rc;

    signal(SIGPIPE, SIG_IGN);
    if (parse_args(argc, argv, &o) != 0) {
        rc = 2;
        goto out;
    }
    srandom(o.seed ? o.seed : (unsigned)(time(NULL) ^ getpid()));
    raise_fd_limit();
    f.opts = &o;
    f.state_fd = -1;
    f.udp_fd = -1;
    rc = fleet_run(&f);
out:
    sim_idxset_free(&o.latency_devices);
    sim_idxset_free(&o.refuse_cr);
    sim_idxset_free(&o.dead);
    for (size_t i = 0; i < o.n_quirks; i++)
        sim_idxset_free(&o.quirks[i].devices);
    free(o.quirks);
    free(o.faults);
    return rc;
}
