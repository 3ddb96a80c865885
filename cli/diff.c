/* diff.c: `okrc diff [options] OLD NEW [PATH...]` (spec.md, "okrc diff").
 *
 * Reads and checks both sides (diff_source.h), compares the checked
 * programs (diff/diff.h) and writes the report in the chosen format to
 * standard output or, atomically, to --output. Exit status: 0 no flag
 * shown, 1 a flag of severity warning or error shown, 2 usage or I/O
 * failure (which side, said on stderr). */
#include "diff.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/atomic.h"
#include "../common/calendar.h"
#include "../diff/diff.h"
#include "diff_source.h"

#ifndef OKRC_VERSION
#define OKRC_VERSION "0.0.0"
#endif

enum { EXIT_OK = 0, EXIT_FLAGS = 1, EXIT_USAGE = 2 };

const char okr_diff_usage[] =
    "usage: okrc diff [options] OLD NEW [PATH...]\n"
    "\n"
    "Compares two versions of the OKRs. OLD and NEW are each a file or directory,\n"
    "or a revision of the git repository of the current directory (main, HEAD~1,\n"
    "a commit id), read with git without touching the work tree or the index.\n"
    "PATHs select files inside both sides (default: all of a directory, the\n"
    "current directory of a revision). Both programs are checked; the report lists\n"
    "objectives and key results added, removed and renamed, and targets, baselines,\n"
    "archetypes, weights, counter-metrics and alignments changed, and flags\n"
    "goalposts moved while a cycle runs (OKR960, OKR961, OKR962).\n"
    "\n"
    "Options:\n"
    "  --format FORMAT    text (default), json or markdown (a pull-request comment)\n"
    "  --at DATE          \"now\" for the flags, as YYYY-MM-DD (default: today)\n"
    "  -o, --output FILE  write the report to FILE\n"
    "\n"
    "Exit status: 0 no flags, 1 flags, 2 usage or I/O failure (an unknown revision,\n"
    "an unreadable path, a side with input, syntax or name errors).\n";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("okrc: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'okrc help diff' for more information.\n", stderr);
    return EXIT_USAGE;
}

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_MARKDOWN } diff_format;

typedef struct diff_options {
    diff_format format;
    const char *at, *output;
    char **args; /* OLD, NEW, PATH... */
    size_t count;
} diff_options;

/* Accepts "--name value" and "--name=value". */
static int value_of(int argc, char **argv, int *i, const char *name, const char **value)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0 || (argv[*i][n] != '=' && argv[*i][n] != '\0'))
        return 0;
    *value = argv[*i][n] == '=' ? argv[*i] + n + 1 : *i + 1 < argc ? argv[++*i] : NULL;
    return 1;
}

/* Returns 0, 1 after --help, or EXIT_USAGE. */
static int parse(int argc, char **argv, diff_options *o)
{
    o->args = calloc((size_t)argc + 1, sizeof *o->args);
    if (!o->args)
        abort();
    int only_args = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v;
        if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
            o->args[o->count++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            only_args = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(okr_diff_usage, stdout);
            return 1;
        } else if (value_of(argc, argv, &i, "--format", &v)) {
            if (v && strcmp(v, "text") == 0)
                o->format = FORMAT_TEXT;
            else if (v && strcmp(v, "json") == 0)
                o->format = FORMAT_JSON;
            else if (v && strcmp(v, "markdown") == 0)
                o->format = FORMAT_MARKDOWN;
            else
                return usage_error("--format takes text, json or markdown%s%s%s", v ? " (not '" : "", v ? v : "",
                                   v ? "')" : "");
        } else if (value_of(argc, argv, &i, "--at", &v)) {
            if (!v)
                return usage_error("--at needs a date (YYYY-MM-DD)");
            o->at = v;
        } else if (value_of(argc, argv, &i, "--output", &v) || value_of(argc, argv, &i, "-o", &v)) {
            if (!v || !*v)
                return usage_error("--output needs a file");
            o->output = v;
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    if (o->count < 2)
        return usage_error("diff takes OLD and NEW (directories, files or git revisions)");
    return 0;
}

static int write_report(FILE *out, diff_format format, const okr_diff_output *d)
{
    switch (format) {
    case FORMAT_JSON: return okr_diff_write_json(out, d);
    case FORMAT_MARKDOWN: return okr_diff_write_markdown(out, d);
    case FORMAT_TEXT: break;
    }
    return okr_diff_write_text(out, d);
}

/* Writes the report to stdout or --output; returns 0 or EXIT_USAGE. */
static int emit(const diff_options *o, const okr_diff_output *d)
{
    if (!o->output) {
        int failed = write_report(stdout, o->format, d) != 0;
        if (failed || fflush(stdout) != 0 || ferror(stdout)) {
            fputs("okrc: error: cannot write 'standard output'\n", stderr);
            return EXIT_USAGE;
        }
        return 0;
    }
    okr_atomic_file file;
    if (okr_atomic_open(&file, o->output) != 0) {
        fprintf(stderr, "okrc: error: cannot write '%s': %s\n", o->output, strerror(errno));
        return EXIT_USAGE;
    }
    if (write_report(file.f, o->format, d) != 0) {
        okr_atomic_abort(&file);
        fprintf(stderr, "okrc: error: cannot write '%s'\n", o->output);
        return EXIT_USAGE;
    }
    if (okr_atomic_commit(&file) != 0) {
        fprintf(stderr, "okrc: error: cannot write '%s': %s\n", o->output, strerror(errno));
        return EXIT_USAGE;
    }
    return 0;
}

/* EXIT_USAGE, after saying so, when --output names a file a directory side
 * read: okrc does not overwrite what it reads (a revision's files are read
 * from git, so they are not at risk). */
static int refuse_input_as_output(const char *output, const okr_diff_side *side)
{
    if (!output || side->is_revision)
        return 0;
    const okr_source_table *sources = &side->prog.sources;
    for (size_t i = 0; i < sources->len; i++) {
        const okr_source_file *f = sources->files[i];
        if (!f->is_stdlib && okr_atomic_same_file(output, f->path)) {
            fprintf(stderr, "okrc: error: output '%s' is one of the inputs ('%s'); okrc does not overwrite what "
                    "it reads: write the output to another file\n", output, f->path);
            return EXIT_USAGE;
        }
    }
    return 0;
}

int okr_diff_main(int argc, char **argv)
{
    diff_options o = {0};
    int rc = parse(argc, argv, &o);
    long at_day = (long)(time(NULL) / OKR_SECONDS_PER_DAY);
    if (rc == 0 && o.at && !okr_calendar_parse_date(o.at, &at_day))
        rc = usage_error("--at takes a date that exists, as YYYY-MM-DD (not '%s')", o.at);
    if (rc) {
        free(o.args);
        return rc == 1 ? EXIT_OK : rc;
    }
    okr_diff_side old_side = {.arg = o.args[0], .which = "OLD"}, new_side = {.arg = o.args[1], .which = "NEW"};
    rc = okr_diff_side_load(&old_side, o.args + 2, o.count - 2);
    if (rc == 0)
        rc = okr_diff_side_load(&new_side, o.args + 2, o.count - 2);
    else
        okr_program_init(&new_side.prog);
    if (rc == 0)
        rc = refuse_input_as_output(o.output, &old_side);
    if (rc == 0)
        rc = refuse_input_as_output(o.output, &new_side);
    if (rc == 0) {
        okr_diff_result result;
        okr_diff_compare(&old_side.prog, &new_side.prog, at_day, &result);
        okr_diff_output d = {
            .result = &result, .old_prog = &old_side.prog, .new_prog = &new_side.prog,
            .old_label = old_side.arg, .new_label = new_side.arg, .tool_version = OKRC_VERSION,
        };
        rc = emit(&o, &d);
        if (rc == 0)
            rc = okr_diff_failing_flags(&result) ? EXIT_FLAGS : EXIT_OK;
    }
    okr_program_free(&old_side.prog);
    okr_program_free(&new_side.prog);
    free(o.args);
    return rc;
}
