/* init.c: `okrc init`, a starter project that passes `okrc check` and
 * `okrc grade` as written (spec.md, "okrc init").
 *
 * It writes okr.policy (the defaults spelled out, and a CI snippet in a
 * comment), company.okr, teams/product.okr (one objective of each
 * archetype) and feeds/example.csv (a weekly row per metric over the
 * cycle, so that grading has data on any day of it). The texts live in
 * init_templates.h; the cycle is the current quarter (UTC) or --cycle.
 *
 * Nothing is overwritten unless --force: every target is looked at before
 * anything is written, so a refusal leaves DIR exactly as it was. Each file
 * is written atomically (common/atomic.c), so an interrupted run leaves
 * whole files only. */
#include "init.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../common/atomic.h"
#include "../common/calendar.h"
#include "init_templates.h"

enum { INIT_OK = 0, INIT_USAGE = 2 };

const char okr_init_usage[] =
    "usage: okrc init [--force] [--cycle YYYY-QN] [DIR]\n"
    "\n"
    "Writes a starter project into DIR (default: .; created if missing):\n"
    "okr.policy with the defaults spelled out, company.okr, teams/product.okr with\n"
    "one committed, one aspirational and one learning objective, and\n"
    "feeds/example.csv, a metric feed covering the cycle. The result passes\n"
    "`okrc check` and `okrc grade --feed feeds/example.csv`.\n"
    "\n"
    "Options:\n"
    "  --cycle YYYY-QN    the quarter the OKRs are for (default: the current one)\n"
    "  --force            overwrite files that exist (default: refuse, naming them)\n"
    "\n"
    "Exit status: 0 written, 2 usage error, existing files, or a write failure.\n";

typedef struct init_file {
    const char *name; /* relative to DIR */
    char *text;
    size_t len;
} init_file;

static int init_usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "okrc: error: %s%s%s\nTry 'okrc help init' for more information.\n", msg,
            arg ? arg : "", arg ? "'" : "");
    return INIT_USAGE;
}

/* "2026-Q3" -> 2026 and 3; returns 1, or 0 when it is not a quarter. */
static int parse_quarter(const char *s, int *year, int *quarter)
{
    char extra;
    if (strlen(s) != 7 || sscanf(s, "%4d-Q%1d%c", year, quarter, &extra) != 2)
        return 0;
    return *year >= 1 && *year <= 9999 && *quarter >= 1 && *quarter <= 4;
}

/* `text` with every "@CYCLE@" replaced by `cycle`; the caller frees it. */
static char *fill_template(const char *text, const char *cycle, size_t *len)
{
    static const char mark[] = "@CYCLE@";
    size_t count = 0;
    for (const char *p = strstr(text, mark); p; p = strstr(p + 1, mark))
        count++;
    size_t size = strlen(text) + count * strlen(cycle) + 1;
    char *out = malloc(size), *w = out;
    if (!out)
        return NULL;
    for (const char *p = text;;) {
        const char *m = strstr(p, mark);
        size_t n = m ? (size_t)(m - p) : strlen(p);
        memcpy(w, p, n);
        w += n;
        if (!m)
            break;
        memcpy(w, cycle, strlen(cycle));
        w += strlen(cycle);
        p = m + strlen(mark);
    }
    *w = '\0';
    *len = (size_t)(w - out);
    return out;
}

static void write_row(FILE *out, const init_series *s, long day, long first, long last)
{
    char date[16];
    okr_calendar_format_date(day, date, sizeof date);
    double share = last > first ? (double)(day - first) / (double)(last - first) : 1.0;
    fprintf(out, "%s,%sT12:00:00Z,%.*f\n", s->metric, date, s->decimals,
            s->first + (s->last - s->first) * share);
}

/* The example feed: for each metric, a row on the first day of the cycle,
 * every 7 days after it and on its last day. */
static char *make_feed(long first, long last, size_t *len)
{
    char *buf = NULL;
    FILE *out = open_memstream(&buf, len);
    if (!out)
        return NULL;
    fputs("metric,timestamp,value\n", out);
    for (size_t i = 0; i < sizeof init_feed / sizeof init_feed[0]; i++) {
        long day = first;
        for (; day < last; day += 7)
            write_row(out, &init_feed[i], day, first, last);
        write_row(out, &init_feed[i], last, first, last);
    }
    if (fclose(out) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* mkdir -p: creates `path` and each missing parent; 0, or -1 with errno. */
static int make_dirs(const char *path)
{
    char *p = strdup(path);
    if (!p)
        return -1;
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char was = *s;
        *s = '\0';
        struct stat st;
        if (stat(p, &st) != 0 && mkdir(p, 0777) != 0 && errno != EEXIST)
            rc = -1;
        else if (stat(p, &st) == 0 && !S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            rc = -1;
        }
        *s = was;
        if (rc != 0 || was == '\0')
            break;
    }
    free(p);
    return rc;
}

/* Names every target that exists on stderr; returns how many do. */
static int report_existing(const char *dir, const init_file *files, size_t n)
{
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        char *path = join_path(dir, files[i].name);
        struct stat st;
        if (path && lstat(path, &st) == 0) {
            if (!found)
                fputs("okrc: error: okrc init would overwrite files that exist:\n", stderr);
            fprintf(stderr, "  %s\n", path);
            found++;
        }
        free(path);
    }
    if (found)
        fputs("Nothing was written; use --force to overwrite them.\n", stderr);
    return found;
}

/* Creates the folders of every file, then writes each one atomically. */
static int write_files(const char *dir, const init_file *files, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *path = join_path(dir, files[i].name);
        if (!path)
            return -1;
        char *slash = strrchr(path, '/');
        *slash = '\0';
        int rc = make_dirs(path);
        *slash = '/';
        if (rc != 0 || okr_atomic_replace(path, files[i].text, files[i].len) != 0) {
            fprintf(stderr, "okrc: error: cannot write %s: %s\n", path, strerror(errno));
            free(path);
            return -1;
        }
        printf("wrote %s\n", path);
        free(path);
    }
    return 0;
}

static void print_next_steps(const char *dir)
{
    printf("\nNext:\n"
           "  okrc check %s\n"
           "  okrc grade %s --feed %s/feeds/example.csv\n"
           "Then replace the example OKRs with yours, and feed real metrics\n"
           "(CSV, JSON Lines, SQLite or PostgreSQL: see `okrc help grade`).\n",
           dir, dir, dir);
}

typedef struct init_args {
    const char *dir;
    const char *cycle;
    int force;
} init_args;

/* Returns -1 when the arguments are good, else the exit status (help: 0). */
static int parse_args(int argc, char **argv, init_args *a)
{
    int paths_only = 0;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (!paths_only && (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)) {
            fputs(okr_init_usage, stdout);
            return INIT_OK;
        } else if (!paths_only && strcmp(arg, "--force") == 0) {
            a->force = 1;
        } else if (!paths_only && strncmp(arg, "--cycle=", 8) == 0) {
            a->cycle = arg + 8;
        } else if (!paths_only && strcmp(arg, "--cycle") == 0) {
            if (i + 1 >= argc)
                return init_usage_error("--cycle takes a quarter such as 2026-Q3", NULL);
            a->cycle = argv[++i];
        } else if (!paths_only && strcmp(arg, "--") == 0) {
            paths_only = 1;
        } else if (!paths_only && arg[0] == '-' && arg[1] != '\0') {
            return init_usage_error("unknown option '", arg);
        } else if (a->dir) {
            return init_usage_error("okrc init takes one DIR; a second one is '", arg);
        } else {
            a->dir = arg;
        }
    }
    return -1;
}

int okr_init_main(int argc, char **argv)
{
    init_args a = {0};
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    const char *dir = a.dir && *a.dir ? a.dir : ".";
    int year, quarter;
    char cycle[32];
    if (a.cycle) {
        if (!parse_quarter(a.cycle, &year, &quarter))
            return init_usage_error("--cycle takes a quarter such as 2026-Q3, not '", a.cycle);
    } else {
        int month, day;
        okr_calendar_date_from_days(okr_calendar_day_of((int64_t)time(NULL)), &year, &month, &day);
        quarter = (month - 1) / 3 + 1;
    }
    snprintf(cycle, sizeof cycle, "%04d-Q%d", year, quarter);
    long first = 0, last = 0;
    okr_calendar_days_from_date(year, quarter * 3 - 2, 1, &first);
    okr_calendar_days_from_date(year, quarter * 3, okr_calendar_month_days(year, quarter * 3), &last);

    init_file files[] = {
        {"okr.policy", NULL, 0},
        {"company.okr", NULL, 0},
        {"teams/product.okr", NULL, 0},
        {"feeds/example.csv", NULL, 0},
    };
    size_t n = sizeof files / sizeof files[0];
    files[0].text = fill_template(init_policy, cycle, &files[0].len);
    files[1].text = fill_template(init_company, cycle, &files[1].len);
    files[2].text = fill_template(init_team, cycle, &files[2].len);
    files[3].text = make_feed(first, last, &files[3].len);
    rc = INIT_OK;
    for (size_t i = 0; i < n; i++)
        if (!files[i].text) {
            fputs("okrc: error: out of memory\n", stderr);
            rc = INIT_USAGE;
        }
    if (rc == INIT_OK && !a.force && report_existing(dir, files, n) > 0)
        rc = INIT_USAGE;
    if (rc == INIT_OK && write_files(dir, files, n) != 0)
        rc = INIT_USAGE;
    if (rc == INIT_OK) {
        printf("Started an OKR project for %s in %s.\n", cycle, dir);
        print_next_steps(dir);
    }
    for (size_t i = 0; i < n; i++)
        free(files[i].text);
    return rc;
}
