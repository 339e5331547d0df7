/*
 * main.c - cwmp2uspd(8): command line, configuration, and the daemon's
 * run (daemon.c). Signals: SIGTERM/SIGINT stop cleanly, SIGHUP reloads
 * (daemon.c).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy/config.h"
#include "proxy/log.h"
#include "proxy/px.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: cwmp2uspd [-c FILE] [--check-config] [--print-config]\n"
                 "  -c, --config FILE   configuration file (cwmp2uspd.conf(5)); without it the\n"
                 "                      built-in defaults are used\n"
                 "      --check-config  check the configuration and exit\n"
                 "      --print-config  print the effective configuration and exit\n"
                 "  -h, --help          this text\n"
                 "  -V, --version       the version\n");
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'}, {"check-config", no_argument, NULL, 'k'},
        {"print-config", no_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0},
    };
    const char *path = NULL;
    int check = 0, print = 0, c, rc;
    struct px_config cfg;
    struct px_daemon *d = NULL;
    char err[512];

    while ((c = getopt_long(argc, argv, "c:hV", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            path = optarg;
            break;
        case 'k':
            check = 1;
            break;
        case 'p':
            print = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf("cwmp2uspd %s\n", PX_VERSION);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "cwmp2uspd: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    if (px_config_defaults(&cfg) != 0) {
        fprintf(stderr, "cwmp2uspd: out of memory\n");
        return 1;
    }
    if ((path && px_config_load(&cfg, path, err, sizeof err) != 0) ||
        px_config_validate(&cfg, err, sizeof err) != 0) {
        fprintf(stderr, "cwmp2uspd: %s\n", err);
        px_config_free(&cfg);
        return 1;
    }
    if (print)
        px_config_print(&cfg, stdout);
    if (check || print) {
        if (check)
            fprintf(stderr, "cwmp2uspd: %s: configuration is valid\n",
                    path ? path : "built-in defaults");
        px_config_free(&cfg);
        return 0;
    }
    signal(SIGPIPE, SIG_IGN); /* a closed socket is an error return, not a death */
    px_log_open((enum px_log_level)cfg.log_level, (enum px_log_target)cfg.log_target, "cwmp2uspd");
    if (px_daemon_new(&d, &cfg, path, err, sizeof err) != 0) { /* cfg moved into d */
        px_err("cannot start: %s", err);
        px_log_close();
        return 1;
    }
    rc = px_daemon_run(d);
    px_daemon_free(d);
    px_notice("stopped");
    px_log_close();
    return rc == 0 ? 0 : 1;
}
