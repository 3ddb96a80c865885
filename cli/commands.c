/* commands.c: the okrc command line (spec.md, "Command line").
 *
 * Parses arguments, has the workspace module (common/workspace.h) gather
 * the .okr files and find the policy file, runs the checker and hands the
 * diagnostics to the renderer. Exit status: 0 no errors, 1 errors (or
 * warnings with --werror), 2 usage or I/O failure.
 * Usage and I/O problems are printed to stderr as `okrc: error: ...`;
 * diagnostics go to stdout (or --output FILE) in the chosen format. okrc
 * only reads the files it checks: an --output naming one of them (a source,
 * the policy, a feed) is refused before anything is read, and the output is
 * written atomically (common/atomic.h). */
#include "commands.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <time.h>

#include "../checker/program.h"
#include "../common/calendar.h"
#include "../common/render.h"
#include "../runtime/bind.h"
#include "../runtime/checkin.h"
#include "../runtime/feed.h"
#include "../runtime/history.h"
#include "../runtime/feed_import.h"
#include "../runtime/grade.h"
#include "../runtime/libpq_load.h"
#include "../runtime/plausible.h"
#include "../runtime/report.h"
#include "../format/fmt.h"
#include "../common/atomic.h"
#include "../common/workspace.h"
#include "../common/suggest.h"
#include "../lsp/lsp.h"
#include "diff.h"
#include "explain.h"
#include "fix.h"
#include "init.h"
#include "../import/import.h"

#ifndef OKRC_VERSION
#define OKRC_VERSION "0.0.0"
#endif

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

static const char usage_main[] =
    "usage: okrc <command> [options] [PATH...]\n"
    "\n"
    "Commands:\n"
    "  init [DIR]                write a starter project (policy, OKRs, example feed)\n"
    "  import FILE [-o OUT]      turn OKRs in Markdown, YAML or CSV into .okr source\n"
    "  check [PATH...]           check OKR files and directories (default: .)\n"
    "  compile --emit json [PATH...]  print the resolved program as JSON\n"
    "  grade [PATH...] --feed FEED    grade key results against metric feeds\n"
    "  feed import CSV DB        load a CSV feed into a SQLite database\n"
    "  fmt [--check|--diff] [PATH...]  format files in the canonical layout\n"
    "  diff OLD NEW [PATH...]    what changed between two versions (dirs or git revisions)\n"
    "  lsp                       run the language server on stdin/stdout\n"
    "  explain [CODE]            explain a diagnostic code (all codes without CODE)\n"
    "  help [COMMAND]            show help for a command\n"
    "\n"
    "Options:\n"
    "  --version                 print the version\n"
    "  -h, --help                show this help\n"
    "\n"
    "Exit status: 0 no errors, 1 errors found, 2 usage or I/O failure.\n"
    "See spec.md for the language and every diagnostic.\n";

static const char usage_check[] =
    "usage: okrc check [options] [PATH...]\n"
    "\n"
    "Checks .okr files; directories are searched recursively for *.okr (hidden\n"
    "entries and folders such as node_modules, vendor, build, dist and target are\n"
    "skipped; links to directories are not followed). All files form one program:\n"
    "`use` and `aligns` resolve across them. Without PATH, checks the current\n"
    "directory. A FIFO or device is refused; a pipe as <(command) is read.\n"
    "\n"
    "Options:\n"
    "  --format FORMAT    text (default), json, sarif, github or gitlab\n"
    "  --color WHEN       auto (default), always or never; auto colours a terminal\n"
    "                     unless TERM=dumb or NO_COLOR is set (text format only)\n"
    "  --werror           exit 1 on warnings too\n"
    "  --policy FILE      read the policy from FILE instead of looking for okr.policy\n"
    "  --no-policy        use the default policy only\n"
    "  -o, --output FILE  write the diagnostics to FILE instead of standard output\n"
    "  --fix              apply the machine-applicable fixes to the files of PATH,\n"
    "                     then report what remains\n"
    "  --diff             with --fix: print a unified diff instead of writing\n"
    "                     (exit 1 if a file would change)\n"
    "  --project DIR      the project root (default: the nearest directory above the\n"
    "                     PATHs holding okr.policy)\n"
    "  --no-project       read the PATHs named only, as one program\n"
    "  --checkins FILE    also validate owners' check-ins (CSV or JSON Lines: kr,\n"
    "                     date, confidence, note) against the program, as grade\n"
    "                     reads them (repeatable)\n"
    "\n"
    "Inside a project, its other .okr files are read so that names resolve, and\n"
    "findings are reported for the PATHs only. The policy file okr.policy is found\n"
    "by walking up from the project root, else from the first PATH.\n"
    "Exit status: 0 no errors, 1 errors (or warnings with --werror), 2 usage or I/O failure.\n";

static const char usage_compile[] =
    "usage: okrc compile --emit json [options] [PATH...]\n"
    "\n"
    "Checks the program like `okrc check` and, when it has no errors, prints it\n"
    "resolved as JSON (schema in spec.md): units normalised, alignment tree,\n"
    "archetypes. Diagnostics go to standard error.\n"
    "\n"
    "Options:\n"
    "  --emit json        the output form (the only one so far)\n"
    "  --policy FILE, --no-policy, --color WHEN   as for check\n"
    "  -o, --output FILE  write the JSON to FILE\n";

static const char usage_grade[] =
    "usage: okrc grade [options] [PATH...] --feed FEED [--feed FEED...]\n"
    "\n"
    "Grades the key results of the program (checked like `okrc check`; it must\n"
    "have no errors) against metric feeds, and reports scores, verdicts and, while\n"
    "a cycle runs, check-in status. FEED is a CSV or JSON Lines file, or\n"
    "sqlite:PATH[#table=NAME|#query=SQL], or postgres:[CONNINFO][#table=NAME|#query=SQL]\n"
    "(spec.md, \"Feeds\").\n"
    "\n"
    "Options:\n"
    "  --feed FEED        a metric feed (repeatable)\n"
    "  --at DATE          grade as of DATE (YYYY-MM-DD); default: today, or the\n"
    "                     cycle's end when it is over\n"
    "  --format FORMAT    text (default), json, markdown or html\n"
    "  -o, --output FILE  write the report to FILE\n"
    "  --strict-feeds     stop at the first malformed feed row (default: skip it)\n"
    "  --checkins FILE    owners' check-ins (CSV or JSON Lines: kr, date,\n"
    "                     confidence 0-10, note), shown beside the status (repeatable)\n"
    "  --history          add scores cycle over cycle for the program's cycles, with\n"
    "                     flags for repeats (targets too low, unchanged, failed again)\n"
    "  --allow-native     run the native functions metrics are bound to (`via`)\n"
    "  --policy FILE, --no-policy, --color WHEN   as for check\n"
    "\n"
    "Exit status: 0 graded, 1 a committed objective failed or a counter-metric was\n"
    "breached, 2 usage, I/O or feed failure, or a program with errors.\n";

static const char usage_feed[] =
    "usage: okrc feed import [--table NAME] CSV DB\n"
    "\n"
    "Loads the valid rows of a CSV feed (metric,timestamp,value) into a SQLite\n"
    "database, creating the table (default: metrics) if needed; malformed rows are\n"
    "reported and skipped. Grade from it with --feed sqlite:DB.\n"
    "Exit status: 0 imported, 1 some rows were malformed, 2 usage or I/O failure.\n";

static const char usage_fmt[] =
    "usage: okrc fmt [--check | --diff] [PATH...]\n"
    "\n"
    "Rewrites .okr files (directories recursively; default: .) in the one\n"
    "canonical layout (spec.md, \"Formatting\"), each replaced atomically. A file\n"
    "with syntax errors is reported and left untouched.\n"
    "\n"
    "Options:\n"
    "  --check   change nothing; list the files that would change (exit 1 if any)\n"
    "  --diff    change nothing; print a unified diff (exit 1 if any file differs)\n";

static const char usage_lsp[] =
    "usage: okrc lsp\n"
    "\n"
    "Runs the Language Server Protocol server on standard input and output\n"
    "(spec.md, \"Language server\"): diagnostics as you type, hover, go to\n"
    "definition, document symbols, completion and formatting. Editors start it.\n";


static const char usage_help[] =
    "usage: okrc help [COMMAND]\n";

int okr_cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    fputs("okrc: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'okrc help%s%s' for more information.\n", command ? " " : "", command ? command : "");
    return EXIT_USAGE;
}

/* --- options shared by check and compile ------------------------------- */

typedef struct options {
    const char *command;
    okr_format format;
    const char *color;
    int werror;
    int fix, diff; /* check --fix [--diff] */
    const char *policy;
    int no_policy;
    const char *output;
    const char *project; /* check: --project DIR */
    int no_project;      /* check: --no-project */
    const char *emit;
    char **paths;
    int path_count;
    /* grade */
    const char **feeds;
    size_t feed_count;
    const char **checkins; /* --checkins FILE, repeatable */
    size_t checkin_count;
    int history;           /* grade --history */
    const char *at;
    const char *report_format;
    int strict_feeds;
    int allow_native;
} options;

/* How check, compile and grade end, once their output is written: the
 * process exits with rc right here, and the kernel takes the whole address
 * space back at once, faster than freeing the program piece by piece (a
 * free() per file read and an munmap per arena block took about 5% of the
 * wall time of checking the 100k benchmark corpus, on one thread at the
 * end). Compilers do the same (clang's -disable-free). The frame holding
 * the program is live while exit() runs, so valgrind counts its memory as
 * still reachable, not lost. Under AddressSanitizer the program and the
 * options are freed and rc returned as before, so that LeakSanitizer
 * still sees every other leak. */
#if defined(__SANITIZE_ADDRESS__)
#define OKR_FREE_AT_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define OKR_FREE_AT_EXIT 1
#endif
#endif
static int end_command(okr_program *prog, options *o, int rc)
{
#ifdef OKR_FREE_AT_EXIT
    okr_program_free(prog);
    free(o->paths);
    free(o->feeds);
    free(o->checkins);
    return rc;
#else
    (void)prog;
    (void)o;
    exit(rc);
#endif
}

/* Accepts "--name value" and "--name=value". */
static int option_value(int argc, char **argv, int *i, const char *name, const char **value)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return 0;
    if (argv[*i][n] == '=') {
        *value = argv[*i] + n + 1;
        return 1;
    }
    if (argv[*i][n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        *value = NULL;
        return 1;
    }
    *value = argv[++*i];
    return 1;
}

static int parse_options(int argc, char **argv, options *o, const char *usage)
{
    o->color = "auto";
    o->format = OKR_FORMAT_TEXT;
    o->paths = calloc((size_t)argc + 1, sizeof *o->paths);
    o->feeds = calloc((size_t)argc + 1, sizeof *o->feeds);
    o->checkins = calloc((size_t)argc + 1, sizeof *o->checkins);
    if (!o->paths || !o->feeds || !o->checkins)
        abort();
    int grading = strcmp(o->command, "grade") == 0;
    int only_paths = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v;
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            o->paths[o->path_count++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            only_paths = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return 1;
        } else if (strcmp(a, "--werror") == 0) {
            o->werror = 1;
        } else if (strcmp(a, "--no-policy") == 0) {
            o->no_policy = 1;
        } else if (strcmp(o->command, "check") == 0 && strcmp(a, "--fix") == 0) {
            o->fix = 1;
        } else if (strcmp(o->command, "check") == 0 && strcmp(a, "--diff") == 0) {
            o->diff = 1;
        } else if (grading && strcmp(a, "--strict-feeds") == 0) {
            o->strict_feeds = 1;
        } else if (grading && strcmp(a, "--allow-native") == 0) {
            o->allow_native = 1;
        } else if (grading && strcmp(a, "--history") == 0) {
            o->history = 1;
        } else if (grading && option_value(argc, argv, &i, "--feed", &v)) {
            if (!v || !*v)
                return okr_cli_usage_error(o->command, "--feed needs a feed (a file, sqlite:PATH or postgres:...)");
            o->feeds[o->feed_count++] = v;
        } else if ((grading || strcmp(o->command, "check") == 0) &&
                   option_value(argc, argv, &i, "--checkins", &v)) {
            if (!v || !*v)
                return okr_cli_usage_error(o->command, "--checkins needs a file (CSV or JSON Lines)");
            o->checkins[o->checkin_count++] = v;
        } else if (grading && option_value(argc, argv, &i, "--at", &v)) {
            if (!v)
                return okr_cli_usage_error(o->command, "--at needs a date (YYYY-MM-DD)");
            o->at = v;
        } else if (grading && option_value(argc, argv, &i, "--format", &v)) {
            okr_report_format f;
            if (!v || !okr_report_format_parse(v, &f))
                return okr_cli_usage_error(o->command, "--format takes text, json, markdown or html%s%s%s",
                                   v ? " (not '" : "", v ? v : "", v ? "')" : "");
            o->report_format = v;
        } else if (option_value(argc, argv, &i, "--format", &v)) {
            if (!v || !okr_format_parse(v, &o->format))
                return okr_cli_usage_error(o->command, "--format takes text, json, sarif, github or gitlab%s%s%s",
                                   v ? " (not '" : "", v ? v : "", v ? "')" : "");
        } else if (option_value(argc, argv, &i, "--color", &v) || option_value(argc, argv, &i, "--colour", &v)) {
            if (!v || okr_color_decide(v, STDOUT_FILENO) < 0)
                return okr_cli_usage_error(o->command, "--color takes auto, always or never");
            o->color = v;
        } else if (option_value(argc, argv, &i, "--policy", &v)) {
            if (!v)
                return okr_cli_usage_error(o->command, "--policy needs a file");
            o->policy = v;
        } else if (strcmp(a, "--no-project") == 0 || option_value(argc, argv, &i, "--project", &v)) {
            if (strcmp(o->command, "check") != 0)
                return okr_cli_usage_error(o->command, "%s belongs to check; %s reads exactly the PATHs named",
                                   strcmp(a, "--no-project") == 0 ? "--no-project" : "--project", o->command);
            if (strcmp(a, "--no-project") == 0)
                o->no_project = 1;
            else if (!v || !*v)
                return okr_cli_usage_error(o->command, "--project needs a directory");
            else
                o->project = v;
        } else if (option_value(argc, argv, &i, "--emit", &v)) {
            if (!v || strcmp(v, "json") != 0)
                return okr_cli_usage_error(o->command, "--emit takes json");
            o->emit = v;
        } else if (option_value(argc, argv, &i, "--output", &v) || option_value(argc, argv, &i, "-o", &v)) {
            if (!v)
                return okr_cli_usage_error(o->command, "--output needs a file");
            o->output = v;
        } else {
            return okr_cli_usage_error(o->command, "unknown option '%s'", a);
        }
    }
    if (o->policy && o->no_policy)
        return okr_cli_usage_error(o->command, "--policy and --no-policy exclude each other");
    if (o->diff && !o->fix)
        return okr_cli_usage_error(o->command, "--diff shows what --fix would change: write --fix --diff");
    if (o->diff && (o->output || o->format != OKR_FORMAT_TEXT))
        return okr_cli_usage_error(o->command, "--fix --diff prints a unified diff to standard output; --format and "
                                       "--output do not apply");
    if (o->project && o->no_project)
        return okr_cli_usage_error(o->command, "--project and --no-project exclude each other");
    return 0;
}

/* EXIT_USAGE, after saying so, when --output names `input`: writing the
 * output would destroy what okrc was asked to read. */
static int refuse_input_as_output(const options *o, const char *input)
{
    if (!o->output || !okr_atomic_same_file(o->output, input))
        return 0;
    fprintf(stderr, "okrc: error: output '%s' is one of the inputs ('%s'); okrc does not overwrite what it "
            "reads: write the output to another file\n", o->output, input);
    return EXIT_USAGE;
}

/* OKRC_JOBS=N: how many threads read and parse the files (spec.md,
 * "Files checked"); unset, or not a whole number from 1, okrc decides. */
static int load_jobs_from_env(void)
{
    const char *v = getenv("OKRC_JOBS");
    if (!v || *v < '0' || *v > '9')
        return 0;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (*end || errno || n < 1)
        return 0;
    return n > OKR_LOAD_MAX_EXPLICIT_JOBS ? OKR_LOAD_MAX_EXPLICIT_JOBS : (int)n;
}

/* A file of the workspace that cannot be read: a project file only leaves
 * its names unknown; a file to check stops the load (exit 2). */
static int load_failed(void *ctx, const char *path, int context)
{
    (void)ctx;
    if (context) {
        fprintf(stderr, "okrc: note: cannot read project file '%s': %s; names it declares are unknown "
                "to this check\n", path, okr_workspace_strerror(errno));
        return 0;
    }
    fprintf(stderr, "okrc: error: cannot read '%s': %s\n", path, okr_workspace_strerror(errno));
    return 1;
}

/* Loads the policy and the files of the workspace (common/workspace.h)
 * into prog. Returns 0, or EXIT_USAGE after an I/O error. */
static int load_program(okr_program *prog, const options *o)
{
    okr_workspace_options wo = {
        .paths = o->paths, .path_count = (size_t)o->path_count,
        .policy = o->policy, .no_policy = o->no_policy,
        .walk = {.errors = stderr, .jobs = (int)okr_load_jobs(load_jobs_from_env(), SIZE_MAX)},
        .use_project = strcmp(o->command, "check") == 0 && !o->no_project, .project = o->project,
    };
    okr_workspace ws;
    int rc = okr_workspace_open(&ws, &wo) != 0 ? EXIT_USAGE : 0;
    if (rc == 0 && ws.policy)
        rc = refuse_input_as_output(o, ws.policy);
    for (size_t i = 0; rc == 0 && i < ws.files.len; i++)
        rc = refuse_input_as_output(o, ws.files.paths[i]);
    if (rc == 0 && ws.policy && okr_program_load_policy(prog, ws.policy_shown) != 0) {
        fprintf(stderr, "okrc: error: cannot read policy '%s': %s\n", ws.policy_shown,
                okr_workspace_strerror(errno));
        rc = EXIT_USAGE;
    }
    if (rc == 0 && ws.project_capped)
        fprintf(stderr, "okrc: note: the walk of project '%s' stopped at a bound (spec.md, \"Limits\"): names "
                "declared in files past it are unknown to this check\n", ws.root);
    if (rc == 0) {
        okr_load_options lo = {.context = ws.context, .jobs = load_jobs_from_env(), .failed = load_failed,
                               /* check without --fix, --diff or check-ins shows the texts only in
                                  its own findings */
                               .drop_text = strcmp(o->command, "check") == 0 && !o->fix && !o->diff &&
                                            !o->checkin_count};
        if (okr_program_add_files(prog, (const char *const *)ws.files.paths, ws.files.len, &lo) != 0)
            rc = EXIT_USAGE;
    }
    okr_workspace_close(&ws);
    return rc;
}

/* The output: standard output, or --output FILE written atomically. */
typedef struct output {
    FILE *f;
    okr_atomic_file file;
} output;

static int open_output(output *out, const char *path)
{
    memset(out, 0, sizeof *out);
    if (!path) {
        out->f = stdout;
        return 0;
    }
    if (okr_atomic_open(&out->file, path) != 0) {
        fprintf(stderr, "okrc: error: cannot write '%s': %s\n", path, strerror(errno));
        return -1;
    }
    out->f = out->file.f;
    return 0;
}

/* Finishes the output; `failed`: the writer failed, so a file is left as
 * it was. Returns 0, or -1 after saying why. */
static int close_output(output *out, const char *path, int failed)
{
    if (out->f == stdout) {
        if (ferror(stdout) || fflush(stdout) != 0) {
            fprintf(stderr, "okrc: error: cannot write 'standard output': %s\n", strerror(errno));
            return -1;
        }
        return failed ? -1 : 0;
    }
    if (failed) {
        okr_atomic_abort(&out->file);
        return -1;
    }
    if (okr_atomic_commit(&out->file) != 0) {
        fprintf(stderr, "okrc: error: cannot write '%s': %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int findings_status(const okr_program *prog, int werror)
{
    if (prog->diags.errors || (werror && prog->diags.warnings))
        return EXIT_FINDINGS;
    return EXIT_OK;
}

static int validate_checkins(okr_program *prog, const options *o);

static int cmd_check(int argc, char **argv)
{
    options o = {.command = "check"};
    int rc = parse_options(argc, argv, &o, usage_check);
    if (rc) {
        free(o.paths);
        free(o.feeds);
        free(o.checkins);
        return rc == 1 ? EXIT_OK : rc;
    }
    okr_program prog;
    okr_program_init(&prog);
    rc = load_program(&prog, &o);
    okr_fix_outcome fixed = {0};
    int checkins_rc = 0; /* a check-in file that cannot be read: EXIT_USAGE */
    if (rc == 0) {
        okr_program_check(&prog);
        if (o.fix) {
            okr_fix_options fo = {.paths = o.paths, .path_count = (size_t)o.path_count, .diff = o.diff};
            okr_fix_program(&prog, &fo, &fixed);
        }
        for (size_t i = 0; i < o.checkin_count && rc == 0; i++)
            rc = refuse_input_as_output(&o, o.checkins[i]) != 0 ? EXIT_USAGE : 0;
        if (rc == 0 && o.checkin_count)
            checkins_rc = validate_checkins(&prog, &o);
    }
    if (rc == 0 && o.diff) {
        rc = fixed.io_error ? EXIT_USAGE : fixed.files ? EXIT_FINDINGS : EXIT_OK;
    } else if (rc == 0) {
        output out;
        if (open_output(&out, o.output) != 0) {
            rc = EXIT_USAGE;
        } else {
            okr_render_options ro = {
                .format = o.format,
                .color = o.format == OKR_FORMAT_TEXT && okr_color_decide(o.color, o.output ? -1 : STDOUT_FILENO) > 0,
                .files_checked = prog.units.len - prog.context_units,
                .tool_version = OKRC_VERSION,
            };
            okr_render(out.f, &prog.diags, &prog.sources, &ro);
            rc = close_output(&out, o.output, 0) != 0 || fixed.io_error || checkins_rc ? EXIT_USAGE
                                                                                        : findings_status(&prog, o.werror);
        }
    }
    return end_command(&prog, &o, rc);
}

static int cmd_compile(int argc, char **argv)
{
    options o = {.command = "compile"};
    int rc = parse_options(argc, argv, &o, usage_compile);
    if (rc) {
        free(o.paths);
        free(o.feeds);
        free(o.checkins);
        return rc == 1 ? EXIT_OK : rc;
    }
    if (!o.emit || o.format != OKR_FORMAT_TEXT || o.werror) {
        free(o.paths);
        free(o.feeds);
        free(o.checkins);
        return okr_cli_usage_error("compile", o.emit ? "--format and --werror belong to check; compile prints JSON "
                                               "and reports diagnostics as text"
                                             : "compile needs --emit json");
    }
    okr_program prog;
    okr_program_init(&prog);
    rc = load_program(&prog, &o);
    if (rc == 0) {
        okr_program_check(&prog);
        if (prog.diags.errors || prog.diags.warnings) {
            okr_render_options ro = {
                .format = OKR_FORMAT_TEXT,
                .color = okr_color_decide(o.color, STDERR_FILENO) > 0,
                .files_checked = prog.units.len,
                .tool_version = OKRC_VERSION,
            };
            okr_render(stderr, &prog.diags, &prog.sources, &ro);
        }
        if (prog.diags.errors) {
            fputs("okrc: error: not compiled: the program has errors\n", stderr);
            rc = EXIT_FINDINGS;
        } else {
            output out;
            if (open_output(&out, o.output) != 0) {
                rc = EXIT_USAGE;
            } else {
                okr_program_emit_json(&prog, out.f);
                rc = close_output(&out, o.output, 0) != 0 ? EXIT_USAGE : EXIT_OK;
            }
        }
    }
    return end_command(&prog, &o, rc);
}

/* --- grade -------------------------------------------------------------- */

static long today_utc(void)
{
    time_t now = time(NULL);
    return (long)(now / OKR_SECONDS_PER_DAY);
}

/* The first metric bound to a native function, or NULL. */
static const okr_metric_decl *first_native_metric(const okr_program *prog)
{
    for (size_t i = 0; i < prog->objectives.len; i++) {
        const okr_objective *obj = prog->objectives.items[i];
        for (size_t j = 0; j < obj->krs.len; j++) {
            const okr_kr *kr = obj->krs.items[j];
            if (kr->metric_decl && kr->metric_decl->more->via.text)
                return kr->metric_decl;
        }
        for (size_t j = 0; j < obj->counters.len; j++) {
            const okr_counter *c = obj->counters.items[j];
            if (c->metric_decl && c->metric_decl->more->via.text)
                return c->metric_decl;
        }
    }
    return NULL;
}

static void render_to_stderr(okr_diags *diags, const okr_source_table *sources, const options *o, size_t files)
{
    okr_render_options ro = {
        .format = OKR_FORMAT_TEXT,
        .color = okr_color_decide(o->color, STDERR_FILENO) > 0,
        .files_checked = files,
        .tool_version = OKRC_VERSION,
    };
    okr_render(stderr, diags, sources, &ro);
}

/* What one feed added to the running totals. */
static okr_feed_stats stats_since(const okr_feed_stats *now, const okr_feed_stats *before)
{
    okr_feed_stats d = {
        .bytes = now->bytes - before->bytes,
        .rows = now->rows - before->rows,
        .stored = now->stored - before->stored,
        .malformed = now->malformed - before->malformed,
        .unknown_metric = now->unknown_metric - before->unknown_metric,
        .out_of_range = now->out_of_range - before->out_of_range,
        .duplicates = now->duplicates - before->duplicates,
        .unsorted = now->unsorted - before->unsorted,
    };
    return d;
}

/* Reads the feeds and natives into the store, and each --feed's own figures
 * into per_feed; returns 0 or EXIT_USAGE. */
static int read_feeds(okr_program *prog, const options *o, okr_feed_ctx *ctx, long grading_day, long last_day,
                      okr_feed_stats *per_feed)
{
    const okr_metric_decl *native = first_native_metric(prog);
    if (native && !o->allow_native) {
        okr_span via = native->more->via.span;
        okr_position pos = okr_source_position(&prog->sources, via.file, via.start);
        fprintf(stderr,
                "okrc: error: metric '%s' (%s:%u) is bound to native function '%s'; okrc runs native code "
                "only with --allow-native\n",
                native->name.text, okr_source_get(&prog->sources, via.file)->path, pos.line,
                native->more->via.text);
        return EXIT_USAGE;
    }
    if (native && okr_feed_read_native(ctx, prog, grading_day < last_day ? grading_day : last_day) != 0)
        return EXIT_USAGE;
    for (size_t i = 0; i < o->feed_count; i++) {
        okr_feed_spec spec;
        char why[256];
        if (!okr_feed_spec_parse(&prog->arena, o->feeds[i], &spec, why, sizeof why)) {
            fprintf(stderr, "okrc: error: bad feed '%s': %s\n", o->feeds[i], why);
            return EXIT_USAGE;
        }
        if (spec.kind != OKR_FEED_POSTGRES && refuse_input_as_output(o, spec.location) != 0)
            return EXIT_USAGE;
        okr_feed_stats before = ctx->stats;
        int failed = okr_feed_read(ctx, &spec) != 0;
        per_feed[i] = stats_since(&ctx->stats, &before);
        if (failed)
            return EXIT_USAGE;
    }
    return 0;
}

/* Reads the --checkins files (spec.md, "Human check-ins"); returns 0 or
 * EXIT_USAGE (a file that cannot be read, or a bad row with --strict-feeds). */
static int read_checkins(const okr_program *prog, const options *o, okr_feed_ctx *ctx, okr_checkins *set)
{
    for (size_t i = 0; i < o->checkin_count; i++) {
        if (refuse_input_as_output(o, o->checkins[i]) != 0)
            return EXIT_USAGE;
        if (okr_checkins_read(set, prog, ctx, o->checkins[i]) != 0)
            return EXIT_USAGE;
    }
    return 0;
}

/* okrc check --checkins: the check-in files read and validated against the
 * checked program exactly as grade reads them, with the policy's severities;
 * their findings join the program's, so one report (in any --format) holds
 * both. Returns 0, or EXIT_USAGE when a file cannot be read. */
static int validate_checkins(okr_program *prog, const options *o)
{
    okr_diags found;
    okr_diags_init(&found, &prog->arena);
    memcpy(found.severity_of, prog->diags.severity_of, sizeof found.severity_of);
    okr_feed_ctx ctx = {.diags = &found, .sources = &prog->sources, .arena = &prog->arena};
    okr_checkins set = {0};
    int rc = read_checkins(prog, o, &ctx, &set);
    okr_diags_finish(&found);
    okr_diags_append(&prog->diags, &found);
    return rc;
}

static int cmd_grade(int argc, char **argv)
{
    options o = {.command = "grade"};
    int rc = parse_options(argc, argv, &o, usage_grade);
    if (rc) {
        free(o.paths);
        free(o.feeds);
        free(o.checkins);
        return rc == 1 ? EXIT_OK : rc;
    }
    okr_report_format format = OKR_REPORT_TEXT;
    if (o.report_format)
        okr_report_format_parse(o.report_format, &format);
    long grading_day = today_utc();
    if (o.at && !okr_calendar_parse_date(o.at, &grading_day)) {
        rc = okr_cli_usage_error("grade", "--at takes a date that exists, as YYYY-MM-DD (not '%s')", o.at);
        free(o.paths);
        free(o.feeds);
        free(o.checkins);
        return rc;
    }
    okr_program prog;
    okr_program_init(&prog);
    rc = load_program(&prog, &o);
    long first_day = 0, last_day = 0;
    if (rc == 0) {
        okr_program_check(&prog);
        if (prog.diags.errors) {
            render_to_stderr(&prog.diags, &prog.sources, &o, prog.units.len);
            fputs("okrc: error: cannot grade a program with errors; fix them (okrc check) first\n", stderr);
            rc = EXIT_USAGE;
        } else if (!okr_bind_range(&prog, &first_day, &last_day)) {
            fputs("okrc: error: nothing to grade: the program has no objective with a valid cycle\n", stderr);
            rc = EXIT_USAGE;
        } else if (last_day - first_day >= OKR_MAX_GRADING_DAYS) {
            char from[16], to[16];
            okr_calendar_format_date(first_day, from, sizeof from);
            okr_calendar_format_date(last_day, to, sizeof to);
            fprintf(stderr,
                    "okrc: error: cannot grade %ld days at once (%s to %s: the earliest cycle's start, less the "
                    "longest aggregation window, to the latest cycle's end); the most is %d: grade fewer cycles "
                    "together\n",
                    last_day - first_day + 1, from, to, OKR_MAX_GRADING_DAYS);
            rc = EXIT_USAGE;
        } else if (o.feed_count == 0 && !first_native_metric(&prog)) {
            rc = okr_cli_usage_error("grade", "grade needs at least one --feed");
        }
    }
    if (rc == 0) {
        okr_store store;
        okr_store_init(&store, &prog.arena, first_day, last_day);
        okr_bind_metrics(&prog, &store);
        okr_diags feed_diags;
        okr_diags_init(&feed_diags, &prog.arena);
        /* libpq is loaded by the first PostgreSQL feed, kept for the
         * others and the report's feed names, and closed at the end. */
        okr_libpq libpq = {0};
        okr_feed_ctx ctx = {
            .store = &store, .diags = &feed_diags, .sources = &prog.sources,
            .arena = &prog.arena, .strict = o.strict_feeds, .libpq = &libpq,
        };
        okr_feed_stats *per_feed = okr_arena_alloc(&prog.arena, (o.feed_count + 1) * sizeof *per_feed);
        rc = read_feeds(&prog, &o, &ctx, grading_day, last_day, per_feed);
        /* check-ins count their rows apart from the feeds' */
        okr_feed_ctx checkin_ctx = {
            .diags = &feed_diags, .sources = &prog.sources, .arena = &prog.arena, .strict = o.strict_feeds,
        };
        okr_checkins checkins = {0};
        if (rc == 0)
            rc = read_checkins(&prog, &o, &checkin_ctx, &checkins);
        if (rc == 0) /* values in another unit are set aside before grading */
            okr_plausible_check(&prog, &store, &feed_diags);
        okr_diags_finish(&feed_diags);
        if (feed_diags.list.len)
            render_to_stderr(&feed_diags, &prog.sources, &o, o.feed_count + o.checkin_count);
        if (rc == 0) {
            const char **shown = okr_arena_alloc(&prog.arena, (o.feed_count + 1) * sizeof *shown);
            for (size_t i = 0; i < o.feed_count; i++)
                shown[i] = okr_feed_display_name(&prog.arena, &libpq, o.feeds[i]);
            okr_grade_result result;
            okr_grade(&prog, &store, grading_day, o.at != NULL, &prog.arena, &result);
            if (o.checkin_count)
                okr_checkins_apply(&checkins, &result, &prog.arena);
            if (o.history) {
                okr_history *history = okr_arena_alloc(&prog.arena, sizeof *history);
                okr_history_build(&result, &prog.arena, history);
                result.history = history;
            }
            output out;
            if (open_output(&out, o.output) != 0) {
                rc = EXIT_USAGE;
            } else {
                okr_report_input in = {
                    .prog = &prog, .store = &store, .result = &result, .feeds = per_feed,
                    .feed_names = shown, .feed_count = o.feed_count,
                    .color = format == OKR_REPORT_TEXT && okr_color_decide(o.color, o.output ? -1 : STDOUT_FILENO) > 0,
                    .tool_version = OKRC_VERSION,
                };
                int write_failed = okr_report_write(out.f, format, &in) != 0;
                rc = close_output(&out, o.output, write_failed) != 0 ? EXIT_USAGE
                     : result.committed_failed || result.breaches ? EXIT_FINDINGS
                                                                   : EXIT_OK;
            }
        }
        okr_libpq_close(&libpq);
    }
    return end_command(&prog, &o, rc);
}

static int cmd_feed(int argc, char **argv)
{
    if (argc == 0 || strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0) {
        fputs(usage_feed, argc == 0 ? stderr : stdout);
        return argc == 0 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[0], "import") != 0)
        return okr_cli_usage_error("feed", "unknown feed command '%s' (the command is `okrc feed import`)", argv[0]);
    const char *table = "metrics", *files[2];
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (option_value(argc, argv, &i, "--table", &v)) {
            if (!v || !*v)
                return okr_cli_usage_error("feed", "--table needs a name");
            table = v;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return okr_cli_usage_error("feed", "unknown option '%s'", argv[i]);
        } else if (nfiles < 2) {
            files[nfiles++] = argv[i];
        } else {
            return okr_cli_usage_error("feed", "feed import takes a CSV file and a database");
        }
    }
    if (nfiles != 2)
        return okr_cli_usage_error("feed", "feed import takes a CSV file and a database");
    okr_workspace_session w;
    okr_workspace_session_init(&w);
    size_t rows = 0;
    int failed = okr_feed_import_csv(files[0], files[1], table, &w.diags, &w.sources, &rows) != 0;
    okr_diags_finish(&w.diags);
    if (w.diags.list.len) {
        okr_render_options ro = {.format = OKR_FORMAT_TEXT, .color = okr_color_decide("auto", STDERR_FILENO) > 0,
                                 .files_checked = 1, .tool_version = OKRC_VERSION};
        okr_render(stderr, &w.diags, &w.sources, &ro);
    }
    if (!failed)
        printf("okrc: imported %zu rows from %s into %s (table %s)\n", rows, files[0], files[1], table);
    int status = failed ? EXIT_USAGE : w.diags.errors ? EXIT_FINDINGS : EXIT_OK;
    okr_workspace_session_free(&w);
    return status;
}

static int cmd_help(int argc, char **argv)
{
    if (argc == 0) {
        fputs(usage_main, stdout);
        return EXIT_OK;
    }
    static const struct { const char *name; const char *text; } topics[] = {
        {"check", usage_check}, {"compile", usage_compile}, {"grade", usage_grade}, {"feed", usage_feed},
        {"fmt", usage_fmt}, {"lsp", usage_lsp}, {"explain", okr_explain_usage}, {"help", usage_help},
        {"init", okr_init_usage}, {"diff", okr_diff_usage}, {"import", okr_import_usage},
    };
    for (size_t i = 0; i < sizeof topics / sizeof topics[0]; i++) {
        if (strcmp(argv[0], topics[i].name) == 0) {
            fputs(topics[i].text, stdout);
            return EXIT_OK;
        }
    }
    return okr_cli_usage_error(NULL, "no help for unknown command '%s'", argv[0]);
}

int okr_cli_main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("okrc %s\n", OKRC_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0)
        return cmd_help(0, NULL);
    if (strcmp(cmd, "init") == 0)
        return okr_init_main(argc - 2, argv + 2);
    if (strcmp(cmd, "import") == 0)
        return okr_import_main(argc - 2, argv + 2);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 2, argv + 2);
    if (strcmp(cmd, "compile") == 0)
        return cmd_compile(argc - 2, argv + 2);
    if (strcmp(cmd, "grade") == 0)
        return cmd_grade(argc - 2, argv + 2);
    if (strcmp(cmd, "feed") == 0)
        return cmd_feed(argc - 2, argv + 2);
    if (strcmp(cmd, "diff") == 0)
        return okr_diff_main(argc - 2, argv + 2);
    if (strcmp(cmd, "fmt") == 0) {
        if (argc > 2 && (strcmp(argv[2], "-h") == 0 || strcmp(argv[2], "--help") == 0)) {
            fputs(usage_fmt, stdout);
            return EXIT_OK;
        }
        return okr_fmt_main(argc - 2, argv + 2);
    }
    if (strcmp(cmd, "lsp") == 0) {
        if (argc > 2 && (strcmp(argv[2], "-h") == 0 || strcmp(argv[2], "--help") == 0)) {
            fputs(usage_lsp, stdout);
            return EXIT_OK;
        }
        return okr_lsp_main(stdin, stdout, argc - 2, argv + 2);
    }
    if (strcmp(cmd, "explain") == 0)
        return okr_explain_main(argc - 2, argv + 2);
    if (strcmp(cmd, "help") == 0)
        return cmd_help(argc - 2, argv + 2);
    return okr_cli_usage_error(NULL, "unknown command '%s'", cmd);
}
