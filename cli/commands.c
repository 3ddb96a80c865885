/* commands.c: the okrc command line (spec.md, "Command line").
 *
 * Parses arguments, gathers .okr files (directories recursively, in sorted
 * order so output is deterministic), finds the policy file, runs the
 * checker and hands the diagnostics to the renderer. Exit status: 0 no
 * errors, 1 errors (or warnings with --werror), 2 usage or I/O failure.
 * Usage and I/O problems are printed to stderr as `okrc: error: ...`;
 * diagnostics go to stdout (or --output FILE) in the chosen format. okrc
 * only reads the files it checks. */
#include "commands.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../checker/program.h"
#include "../common/render.h"

#ifndef OKRC_VERSION
#define OKRC_VERSION "0.0.0"
#endif

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

static const char usage_main[] =
    "usage: okrc <command> [options] [PATH...]\n"
    "\n"
    "Commands:\n"
    "  check [PATH...]           check OKR files and directories (default: .)\n"
    "  compile --emit json [PATH...]  print the resolved program as JSON\n"
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
    "files and directories are skipped; links to directories are not followed). All files form one program: `use` and `aligns`\n"
    "resolve across them. Without PATH, checks the current directory.\n"
    "\n"
    "Options:\n"
    "  --format FORMAT    text (default), json, sarif or github\n"
    "  --color WHEN       auto (default), always or never; auto colours a terminal\n"
    "                     unless TERM=dumb or NO_COLOR is set (text format only)\n"
    "  --werror           exit 1 on warnings too\n"
    "  --policy FILE      read the policy from FILE instead of looking for okr.policy\n"
    "  --no-policy        use the default policy only\n"
    "  -o, --output FILE  write the diagnostics to FILE instead of standard output\n"
    "\n"
    "The policy file okr.policy is found by walking up from the first PATH.\n"
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

static const char usage_explain[] =
    "usage: okrc explain [CODE]\n"
    "\n"
    "Prints the long explanation of a diagnostic code (OKR301, or its name such\n"
    "as task-key-result). Without CODE, lists every code with its summary.\n";

static const char usage_help[] =
    "usage: okrc help [COMMAND]\n";

static int usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    fputs("okrc: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'okrc help%s%s' for more information.\n", command ? " " : "", command ? command : "");
    return EXIT_USAGE;
}

/* --- gathering files ---------------------------------------------------- */

typedef struct path_list {
    char **items;
    size_t len, cap;
} path_list;

static void path_list_add(path_list *l, const char *path)
{
    if (l->len == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->items = realloc(l->items, l->cap * sizeof *l->items);
        if (!l->items)
            abort();
    }
    l->items[l->len] = strdup(path);
    if (!l->items[l->len])
        abort();
    l->len++;
}

static void path_list_free(path_list *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->items[i]);
    free(l->items);
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_okr_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".okr") == 0;
}

/* Collects *.okr below dir; symbolic links to directories are not followed,
 * so a link cycle cannot make the walk endless. */
static int walk_dir(const char *dir, path_list *out)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "okrc: error: cannot read directory '%s': %s\n", dir, strerror(errno));
        return -1;
    }
    path_list entries = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (!p)
            abort();
        snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
        path_list_add(&entries, p);
        free(p);
    }
    closedir(d);
    if (entries.len > 1)
        qsort(entries.items, entries.len, sizeof *entries.items, compare_paths);
    int rc = 0;
    for (size_t i = 0; i < entries.len && rc == 0; i++) {
        struct stat st;
        if (lstat(entries.items[i], &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            rc = walk_dir(entries.items[i], out);
        else if (has_okr_suffix(entries.items[i]) && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
            path_list_add(out, entries.items[i]);
    }
    path_list_free(&entries);
    return rc;
}

static int gather(char **paths, int count, path_list *out)
{
    static char *const here[] = {"."};
    if (count == 0) {
        paths = (char **)here;
        count = 1;
    }
    for (int i = 0; i < count; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            fprintf(stderr, "okrc: error: cannot read '%s': %s\n", paths[i], strerror(errno));
            return -1;
        }
        if (S_ISDIR(st.st_mode)) {
            size_t before = out->len;
            if (walk_dir(paths[i], out) != 0)
                return -1;
            if (out->len == before) {
                fprintf(stderr, "okrc: error: no .okr files in '%s'\n", paths[i]);
                return -1;
            }
        } else {
            path_list_add(out, paths[i]);
        }
    }
    return 0;
}

/* Shows a path found by walking up relative to the working directory when it
 * lies below it, so diagnostics name it the way users name their files. */
static char *relative_to_cwd(const char *path)
{
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (strncmp(path, cwd, n) == 0 && path[n] == '/')
            return strdup(path + n + 1);
    }
    return strdup(path);
}

/* The nearest okr.policy in the directory of `start` or above it. */
static char *find_policy(const char *start)
{
    char buf[PATH_MAX];
    struct stat st;
    if (!realpath(start, buf))
        return NULL;
    if (stat(buf, &st) == 0 && !S_ISDIR(st.st_mode)) {
        char *slash = strrchr(buf, '/');
        if (slash)
            *(slash == buf ? slash + 1 : slash) = '\0';
    }
    for (;;) {
        char candidate[PATH_MAX + 16];
        snprintf(candidate, sizeof candidate, "%s%sokr.policy", buf, strcmp(buf, "/") == 0 ? "" : "/");
        if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode))
            return relative_to_cwd(candidate);
        if (strcmp(buf, "/") == 0)
            return NULL;
        char *slash = strrchr(buf, '/');
        if (!slash)
            return NULL;
        *(slash == buf ? slash + 1 : slash) = '\0';
    }
}

/* --- options shared by check and compile ------------------------------- */

typedef struct options {
    const char *command;
    okr_format format;
    const char *color;
    int werror;
    const char *policy;
    int no_policy;
    const char *output;
    const char *emit;
    char **paths;
    int path_count;
} options;

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
    if (!o->paths)
        abort();
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
        } else if (option_value(argc, argv, &i, "--format", &v)) {
            if (!v || !okr_format_parse(v, &o->format))
                return usage_error(o->command, "--format takes text, json, sarif or github%s%s%s",
                                   v ? " (not '" : "", v ? v : "", v ? "')" : "");
        } else if (option_value(argc, argv, &i, "--color", &v) || option_value(argc, argv, &i, "--colour", &v)) {
            if (!v || okr_color_decide(v, STDOUT_FILENO) < 0)
                return usage_error(o->command, "--color takes auto, always or never");
            o->color = v;
        } else if (option_value(argc, argv, &i, "--policy", &v)) {
            if (!v)
                return usage_error(o->command, "--policy needs a file");
            o->policy = v;
        } else if (option_value(argc, argv, &i, "--emit", &v)) {
            if (!v || strcmp(v, "json") != 0)
                return usage_error(o->command, "--emit takes json");
            o->emit = v;
        } else if (option_value(argc, argv, &i, "--output", &v) || option_value(argc, argv, &i, "-o", &v)) {
            if (!v)
                return usage_error(o->command, "--output needs a file");
            o->output = v;
        } else {
            return usage_error(o->command, "unknown option '%s'", a);
        }
    }
    if (o->policy && o->no_policy)
        return usage_error(o->command, "--policy and --no-policy exclude each other");
    return 0;
}

/* Loads policy and files into prog. Returns 0, or EXIT_USAGE after an I/O error. */
static int load_program(okr_program *prog, const options *o)
{
    path_list files = {0};
    if (gather(o->paths, o->path_count, &files) != 0) {
        path_list_free(&files);
        return EXIT_USAGE;
    }
    char *policy = NULL;
    if (o->policy)
        policy = strdup(o->policy);
    else if (!o->no_policy)
        policy = find_policy(o->path_count ? o->paths[0] : ".");
    if (policy && okr_program_load_policy(prog, policy) != 0) {
        fprintf(stderr, "okrc: error: cannot read policy '%s': %s\n", policy, strerror(errno));
        free(policy);
        path_list_free(&files);
        return EXIT_USAGE;
    }
    free(policy);
    for (size_t i = 0; i < files.len; i++) {
        if (okr_program_add_file(prog, files.items[i]) != 0) {
            fprintf(stderr, "okrc: error: cannot read '%s': %s\n", files.items[i], strerror(errno));
            path_list_free(&files);
            return EXIT_USAGE;
        }
    }
    path_list_free(&files);
    return 0;
}

static FILE *open_output(const char *path)
{
    if (!path)
        return stdout;
    FILE *f = fopen(path, "w");
    if (!f)
        fprintf(stderr, "okrc: error: cannot write '%s': %s\n", path, strerror(errno));
    return f;
}

static int close_output(FILE *f, const char *path)
{
    int bad = ferror(f);
    if (f != stdout)
        bad |= fclose(f) != 0;
    else
        bad |= fflush(f) != 0;
    if (bad) {
        fprintf(stderr, "okrc: error: cannot write '%s': %s\n", path ? path : "standard output", strerror(errno));
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

static int cmd_check(int argc, char **argv)
{
    options o = {.command = "check"};
    int rc = parse_options(argc, argv, &o, usage_check);
    if (rc) {
        free(o.paths);
        return rc == 1 ? EXIT_OK : rc;
    }
    okr_program prog;
    okr_program_init(&prog);
    rc = load_program(&prog, &o);
    if (rc == 0) {
        okr_program_check(&prog);
        FILE *out = open_output(o.output);
        if (!out) {
            rc = EXIT_USAGE;
        } else {
            okr_render_options ro = {
                .format = o.format,
                .color = o.format == OKR_FORMAT_TEXT && okr_color_decide(o.color, o.output ? -1 : STDOUT_FILENO) > 0,
                .files_checked = prog.units.len,
                .tool_version = OKRC_VERSION,
            };
            okr_render(out, &prog.diags, &prog.sources, &ro);
            rc = close_output(out, o.output) != 0 ? EXIT_USAGE : findings_status(&prog, o.werror);
        }
    }
    okr_program_free(&prog);
    free(o.paths);
    return rc;
}

static int cmd_compile(int argc, char **argv)
{
    options o = {.command = "compile"};
    int rc = parse_options(argc, argv, &o, usage_compile);
    if (rc) {
        free(o.paths);
        return rc == 1 ? EXIT_OK : rc;
    }
    if (!o.emit || o.format != OKR_FORMAT_TEXT || o.werror) {
        free(o.paths);
        return usage_error("compile", o.emit ? "--format and --werror belong to check; compile prints JSON "
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
            FILE *out = open_output(o.output);
            if (!out) {
                rc = EXIT_USAGE;
            } else {
                okr_program_emit_json(&prog, out);
                rc = close_output(out, o.output) != 0 ? EXIT_USAGE : EXIT_OK;
            }
        }
    }
    okr_program_free(&prog);
    free(o.paths);
    return rc;
}

static int cmd_explain(int argc, char **argv)
{
    if (argc > 0 && (strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0)) {
        fputs(usage_explain, stdout);
        return EXIT_OK;
    }
    if (argc > 1)
        return usage_error("explain", "explain takes one code");
    if (argc == 0) {
        for (int i = 0; i < OKR_CODE_COUNT; i++) {
            const okr_code_info *info = okr_code_info_get((okr_code)i);
            printf("%s  %-8s %-34s %s\n", info->code, okr_severity_name(info->default_severity), info->slug,
                   info->summary);
        }
        return EXIT_OK;
    }
    okr_code code;
    if (!okr_code_lookup(argv[0], &code))
        return usage_error("explain", "unknown diagnostic code '%s' (run 'okrc explain' for the list)", argv[0]);
    const okr_code_info *info = okr_code_info_get(code);
    printf("%s (%s): %s\ndefault severity: %s\n\n%s", info->code, info->slug, info->summary,
           okr_severity_name(info->default_severity), info->explanation);
    if (okr_code_suppressible(code))
        printf("\nSuppress one finding with `// okrc:allow %s -- reason`.\n", info->code);
    else
        printf("\nThis diagnostic cannot be suppressed.\n");
    if (okr_code_severity_changeable(code))
        printf("Change its severity for a repository with `severity %s warning` (or error, note,\n"
               "off) in okr.policy.\n", info->code);
    else
        printf("Its severity cannot be changed by a policy.\n");
    return EXIT_OK;
}

static int cmd_help(int argc, char **argv)
{
    if (argc == 0) {
        fputs(usage_main, stdout);
        return EXIT_OK;
    }
    static const struct { const char *name; const char *text; } topics[] = {
        {"check", usage_check}, {"compile", usage_compile}, {"explain", usage_explain}, {"help", usage_help},
    };
    for (size_t i = 0; i < sizeof topics / sizeof topics[0]; i++) {
        if (strcmp(argv[0], topics[i].name) == 0) {
            fputs(topics[i].text, stdout);
            return EXIT_OK;
        }
    }
    return usage_error(NULL, "no help for unknown command '%s'", argv[0]);
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
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 2, argv + 2);
    if (strcmp(cmd, "compile") == 0)
        return cmd_compile(argc - 2, argv + 2);
    if (strcmp(cmd, "explain") == 0)
        return cmd_explain(argc - 2, argv + 2);
    if (strcmp(cmd, "help") == 0)
        return cmd_help(argc - 2, argv + 2);
    return usage_error(NULL, "unknown command '%s'", cmd);
}
