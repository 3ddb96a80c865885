/* import.c: `okrc import FILE [-o OUT] [--from FORMAT] [--cycle YYYY-QN]`,
 * which turns OKRs kept in Markdown, YAML or CSV into .okr source (spec.md,
 * "okrc import").
 *
 * The data flows one way: the input's bytes are checked to be text
 * (OKR850) and read by the reader of its format into an imp_doc
 * (import_model.h); emit.c writes the .okr text, which the formatter
 * (format/fmt.h) lays out canonically, so that `okrc fmt --check` accepts
 * the output as written. A formatter failure means the writer produced
 * something that does not parse: that is okrc's bug, reported as such and
 * never written. Problems with the input are diagnostics (OKR85x) with the
 * input's line, written to standard error as text; usage and I/O problems
 * are `okrc: error: ...`. The output goes to standard output, or to -o OUT
 * atomically (common/atomic.h), never over the input. */
#include "import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "../common/atomic.h"
#include "../common/render.h"
#include "../common/workspace.h"
#include "../format/fmt.h"
#include "../parser/parser.h"
#include "import_model.h"
#include "libyaml_load.h"

enum { IMPORT_OK = 0, IMPORT_BAD_INPUT = 1, IMPORT_USAGE = 2 };

const char okr_import_usage[] =
    "usage: okrc import [--from FORMAT] [--cycle YYYY-QN] [-o OUT] FILE\n"
    "\n"
    "Turns OKRs kept in Markdown, YAML or CSV into .okr source: objectives, their\n"
    "key results (each keeps its text as the title), and, where the text states a\n"
    "metric move (\"from 40% to 70%\", \"by 20%\", \"under 2 seconds\"), a metric and a\n"
    "target, each guess marked with a `// okrc import: guessed` comment. Run\n"
    "`okrc check` on the result to see what a coach would say.\n"
    "\n"
    "Options:\n"
    "  --from FORMAT      markdown, yaml or csv (default: from the file's extension,\n"
    "                     .md, .yaml/.yml, .csv, else from its content)\n"
    "  --cycle YYYY-QN    the cycle, when the input names none (default: the\n"
    "                     input's, else the current quarter)\n"
    "  -o, --output OUT   write to OUT (atomically; never over FILE) instead of\n"
    "                     standard output\n"
    "\n"
    "Exit status: 0 imported, 1 the input could not be read as OKRs (the error\n"
    "names its line), 2 usage or I/O failure.\n";

typedef struct import_opts {
    const char *file, *output, *from, *cycle;
} import_opts;

static int import_usage_error(const char *fmt, const char *arg)
{
    fputs("okrc: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'okrc help import' for more information.\n", stderr);
    return IMPORT_USAGE;
}

static int valid_quarter(const char *s)
{
    int year, quarter;
    char extra;
    return strlen(s) == 7 && sscanf(s, "%4d-Q%1d%c", &year, &quarter, &extra) == 2 && year >= 1900 &&
           quarter >= 1 && quarter <= 4;
}

static int parse_args(int argc, char **argv, import_opts *o)
{
    int only_paths = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        const char *value = NULL;
        if (!only_paths && strcmp(a, "--") == 0) {
            only_paths = 1;
            continue;
        }
        if (!only_paths && (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0))
            slot = &o->output;
        else if (!only_paths && strcmp(a, "--from") == 0)
            slot = &o->from;
        else if (!only_paths && strcmp(a, "--cycle") == 0)
            slot = &o->cycle;
        else if (!only_paths && strncmp(a, "--output=", 9) == 0)
            slot = &o->output, value = a + 9;
        else if (!only_paths && strncmp(a, "--from=", 7) == 0)
            slot = &o->from, value = a + 7;
        else if (!only_paths && strncmp(a, "--cycle=", 8) == 0)
            slot = &o->cycle, value = a + 8;
        if (slot) {
            if (!value && i + 1 >= argc)
                return import_usage_error("option '%s' needs a value", a);
            *slot = value ? value : argv[++i];
            continue;
        }
        if (!only_paths && a[0] == '-' && a[1] != '\0')
            return import_usage_error("unknown option '%s'", a);
        if (o->file)
            return import_usage_error("one FILE at a time; '%s' is a second one", a);
        o->file = a;
    }
    if (!o->file)
        return import_usage_error("%s", "okrc import needs the FILE to import");
    if (o->from && strcmp(o->from, "markdown") != 0 && strcmp(o->from, "yaml") != 0 && strcmp(o->from, "csv") != 0)
        return import_usage_error("unknown format '%s' (use markdown, yaml or csv)", o->from);
    if (o->cycle && !valid_quarter(o->cycle))
        return import_usage_error("--cycle '%s' is not a quarter such as 2026-Q3", o->cycle);
    return 0;
}

/* markdown, yaml or csv: from the extension, else from the first lines. */
static const char *guess_format(const char *path, const char *text, size_t len)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (dot && (!slash || dot > slash)) {
        if (strcasecmp(dot, ".md") == 0 || strcasecmp(dot, ".markdown") == 0 || strcasecmp(dot, ".mdown") == 0)
            return "markdown";
        if (strcasecmp(dot, ".yaml") == 0 || strcasecmp(dot, ".yml") == 0)
            return "yaml";
        if (strcasecmp(dot, ".csv") == 0)
            return "csv";
    }
    size_t i = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
    for (size_t l = i; l < len;) { /* a top-level `objectives:` key anywhere: YAML */
        if (len - l >= 11 && strncasecmp(text + l, "objectives:", 11) == 0)
            return "yaml";
        while (l < len && text[l] != '\n')
            l++;
        l++;
    }
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    size_t end = i;
    while (end < len && text[end] != '\n' && text[end] != '\r')
        end++;
    const char *p = text + i;
    size_t n = end - i;
    if (n >= 2 && ((p[0] == '#' && (p[1] == ' ' || p[1] == '#')) || ((p[0] == '-' || p[0] == '*') && p[1] == ' ') ||
                   p[0] == '|'))
        return "markdown";
    if (n >= 3 && p[0] >= '0' && p[0] <= '9' && (p[1] == '.' || p[1] == ')') && p[2] == ' ')
        return "markdown";
    for (size_t k = 0; k < n; k++)
        if (p[k] == ',' || p[k] == ';' || p[k] == '\t')
            return "csv";
    if (n >= 3 && (strncmp(p, "---", 3) == 0 || memchr(p, ':', n)))
        return "yaml";
    return NULL;
}

/* OKR850 for a NUL byte or invalid UTF-8; OKR851 for a file with nothing
 * in it. Returns -1 after reporting. */
static int check_text(imp_ctx *c)
{
    const unsigned char *t = (const unsigned char *)c->text;
    int blank = 1;
    for (size_t i = 0; i < c->len; i++) {
        if (t[i] == 0) {
            okr_diag *d = okr_diag_report(c->diags, OKR850, imp_span(c, i, i + 1),
                                          "the file holds a NUL byte: it is binary, not text");
            okr_diag_help(c->diags, d, "export the OKRs as CSV (UTF-8), Markdown or YAML and import that file");
            return -1;
        }
        /* utf8proc, as the parser validates: what it accepts here, the
         * .okr text copied from it passes too (no overlong forms,
         * surrogates or code points past U+10FFFF). */
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = t[i] < 0x80 ? 1 : utf8proc_iterate(t + i, (utf8proc_ssize_t)(c->len - i), &cp);
        if (n < 0) {
            okr_diag *d = okr_diag_report(c->diags, OKR850, imp_span(c, i, i + 1),
                                          "invalid UTF-8 byte 0x%02X", t[i]);
            okr_diag_help(c->diags, d, "save the file as UTF-8 (a spreadsheet's \"CSV UTF-8\" export)");
            return -1;
        }
        if (!(t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r') && !(i < 3 && t[i] >= 0x80 && c->len >= 3 &&
                                                                                memcmp(t, "\xef\xbb\xbf", 3) == 0))
            blank = 0;
        i += (size_t)n - 1;
    }
    if (blank) {
        okr_diag *d = okr_diag_report(c->diags, OKR851, imp_span(c, 0, 0), "the file is empty");
        okr_diag_help(c->diags, d, "import the file that holds the OKRs");
        return -1;
    }
    return 0;
}

/* OKR851 when no objective has a key result. */
static int check_found(imp_ctx *c, const imp_doc *doc)
{
    for (size_t i = 0; i < doc->objectives.len; i++)
        if (((imp_objective *)doc->objectives.items[i])->krs.len > 0)
            return 0;
    okr_diag *d = okr_diag_report(c->diags, OKR851, imp_span(c, 0, 0),
                                  "no objective with a key result found in this %s file", doc->format);
    okr_diag_help(c->diags, d, "spec.md (\"okrc import\") shows the layouts okrc reads; check --from if the "
                               "format was guessed wrong");
    return -1;
}

static int report(okr_diags *diags, okr_source_table *sources)
{
    okr_diags_finish(diags);
    okr_render_options ro = {OKR_FORMAT_TEXT, okr_color_decide("auto", 2) == 1, 1, NULL};
    okr_render(stderr, diags, sources, &ro);
    return IMPORT_BAD_INPUT;
}

/* Reads, converts and formats; *out is the .okr text. */
static int convert(const import_opts *o, const char *bytes, size_t len, okr_arena *arena, char **out,
                   size_t *out_len)
{
    okr_source_table sources;
    okr_diags diags;
    okr_source_init(&sources, arena);
    okr_diags_init(&diags, arena);
    uint32_t file = okr_source_add(&sources, o->file, bytes, len, 0);
    imp_ctx c = {arena, &diags, file, okr_source_get(&sources, file)->text, len, 0, 0};
    imp_doc doc = {0};
    int status = IMPORT_OK;
    okr_libyaml yaml = {0};
    if (check_text(&c) < 0) {
        status = report(&diags, &sources);
    } else if (!(doc.format = o->from ? o->from : guess_format(o->file, bytes, len))) {
        status = import_usage_error("cannot tell the format of '%s': name it with --from markdown, yaml or csv",
                                    o->file);
    } else {
        int r = strcmp(doc.format, "yaml") == 0  ? imp_read_yaml(&c, &doc, &yaml)
                : strcmp(doc.format, "csv") == 0 ? imp_read_csv(&c, &doc)
                                                 : imp_read_markdown(&c, &doc);
        if (r == -2) {
            fprintf(stderr, "okrc: error: cannot read YAML '%s': cannot load libyaml: %s\n  = help: %s\n", o->file,
                    yaml.lib.error, OKR_LIBYAML_HELP);
            status = IMPORT_USAGE;
        } else if (r < 0 || check_found(&c, &doc) < 0) {
            status = report(&diags, &sources);
        }
    }
    okr_libyaml_close(&yaml);
    if (status != IMPORT_OK) {
        okr_source_free(&sources);
        return status;
    }
    size_t raw_len;
    char *raw = imp_emit(arena, &doc, o->file, o->cycle, &raw_len);
    okr_diags fdiags;
    okr_diags_init(&fdiags, arena);
    if (!raw || okr_fmt_text(arena, &sources, &fdiags, "<import>", raw, raw_len, out, out_len) != 0) {
        fprintf(stderr, "okrc: error: internal: the .okr text written for '%s' does not parse; please report this "
                        "with the input\n", o->file);
        report(&fdiags, &sources);
        status = IMPORT_USAGE;
    }
    okr_source_free(&sources);
    return status;
}

static int write_output(const import_opts *o, const char *text, size_t len)
{
    if (!o->output) {
        if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
            fprintf(stderr, "okrc: error: cannot write the output: %s\n", strerror(errno));
            return IMPORT_USAGE;
        }
        return IMPORT_OK;
    }
    if (okr_atomic_replace(o->output, text, len) != 0) {
        fprintf(stderr, "okrc: error: cannot write '%s': %s\n", o->output, strerror(errno));
        return IMPORT_USAGE;
    }
    return IMPORT_OK;
}

int okr_import_main(int argc, char **argv)
{
    import_opts o = {0};
    for (int i = 0; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(okr_import_usage, stdout);
            return IMPORT_OK;
        }
    }
    if (parse_args(argc, argv, &o) != 0)
        return IMPORT_USAGE;
    if (o.output && okr_atomic_same_file(o.output, o.file)) {
        fprintf(stderr, "okrc: error: output '%s' is one of the inputs ('%s'); okrc does not overwrite what it "
                        "reads: write the output to another file\n", o.output, o.file);
        return IMPORT_USAGE;
    }
    int probe = okr_workspace_probe(o.file, 1);
    size_t len = 0;
    int too_big = 0;
    char *bytes = probe == 0 ? okr_workspace_read(o.file, OKR_MAX_FILE_BYTES, &len, &too_big) : NULL;
    if (!bytes || too_big) {
        if (too_big)
            fprintf(stderr, "okrc: error: cannot read '%s': larger than %d MiB\n", o.file, OKR_MAX_FILE_BYTES >> 20);
        else
            fprintf(stderr, "okrc: error: cannot read '%s': %s\n", o.file,
                    okr_workspace_strerror(probe ? probe : errno));
        free(bytes);
        return IMPORT_USAGE;
    }
    okr_arena arena;
    okr_arena_init(&arena);
    char *text = NULL;
    size_t text_len = 0;
    int status = convert(&o, bytes, len, &arena, &text, &text_len);
    free(bytes);
    if (status == IMPORT_OK)
        status = write_output(&o, text, text_len);
    okr_arena_free(&arena);
    return status;
}
