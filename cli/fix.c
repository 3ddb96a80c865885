/* fix.c: `okrc check --fix` and `--fix --diff` (fix.h; spec.md, "okrc check
 * --fix").
 *
 * The rounds run in memory: each applies, per file, the edits of the
 * machine-applicable fixes that do not overlap an edit already taken (the
 * later fix waits for the next round, when a fresh check offers it again
 * if it still applies; an edit identical to one taken is the same edit,
 * applied once), then rebuilds the program from the new texts and checks
 * it again. Only then is each changed file written, once, the way fmt
 * writes (common/atomic.h): a temporary file renamed over it, a read-only
 * file refused, and a file that changed since it was read (device, inode,
 * size, modification time) left as it is.
 *
 * What may change: only files the PATH arguments name (directly or inside
 * a named directory), never the standard library, the policy, or another
 * file the check read; and in a file with a syntax or input error (an
 * OKR0xx error, or a parse that failed), only the fixes of OKR0xx findings,
 * since the rest of such a file was not understood. */
#include "fix.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../common/atomic.h"
#include "../common/fix_apply.h"
#include "../common/workspace.h"
#include "../format/fmt.h"
#include "../parser/parser.h"

/* A file --fix may change. */
typedef struct fix_file {
    char *path;           /* as the program names it */
    struct stat before;   /* taken before the text was read again */
    char *original, *text; /* as checked first; as the rounds left it */
    size_t original_len, len;
    size_t fixed;         /* findings the changes fix */
    int blocked;          /* changed since it was checked, or unreadable: left alone */
    int wanted;           /* a fix applies to it (reported when it is blocked) */
} fix_file;

/* A checked file of the program, kept to rebuild it. */
typedef struct unit_copy {
    char *path;
    char *text;
    size_t len;
    int reread; /* over the size limit: read again, to be reported again */
    int file;   /* index in fix_run.files, or -1 */
    int context; /* a project file read for context only: stays so */
} unit_copy;

typedef struct fix_run {
    char *policy;
    unit_copy *units;
    size_t unit_count;
    fix_file *files;
    size_t file_count;
} fix_run;

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fputs("okrc: out of memory\n", stderr);
        abort();
    }
    return p;
}

static char *copy_bytes(const char *text, size_t len)
{
    char *p = xcalloc(len + 1, 1);
    memcpy(p, text, len);
    return p;
}

/* The device and inode of every file the PATH arguments name. */
static struct stat *named_files(const okr_fix_options *o, size_t *count)
{
    okr_workspace_files files = {0};
    okr_workspace_walk quiet = {0}; /* the check reported any trouble already */
    okr_workspace_gather(&quiet, o->paths, o->path_count, &files);
    struct stat *named = xcalloc(files.len, sizeof *named);
    *count = 0;
    for (size_t i = 0; i < files.len; i++)
        if (stat(files.paths[i], &named[*count]) == 0 && S_ISREG(named[*count].st_mode))
            (*count)++;
    okr_workspace_files_free(&files);
    return named;
}

/* The fix_file for a unit's file, added on first sight; -1 when the file
 * is not one --fix may change. */
static int file_for(fix_run *run, const struct stat *named, size_t named_count, const okr_source_file *src)
{
    struct stat st;
    if (src->is_stdlib || stat(src->path, &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    size_t i = 0;
    while (i < named_count && (named[i].st_dev != st.st_dev || named[i].st_ino != st.st_ino))
        i++;
    if (i == named_count)
        return -1;
    for (size_t k = 0; k < run->file_count; k++)
        if (run->files[k].before.st_dev == st.st_dev && run->files[k].before.st_ino == st.st_ino)
            return (int)k;
    fix_file *f = &run->files[run->file_count];
    memset(f, 0, sizeof *f);
    f->path = copy_bytes(src->path, strlen(src->path));
    f->before = st;
    f->original = copy_bytes(src->text, src->len);
    f->text = copy_bytes(src->text, src->len);
    f->original_len = f->len = src->len;
    /* Read again after the stat: what is written later must be made from
     * the text on disk now, or not at all. */
    size_t len = 0;
    int too_big = 0;
    char *now = okr_workspace_read(src->path, OKR_MAX_FILE_BYTES, &len, &too_big);
    f->blocked = !now || too_big || len != src->len || memcmp(now, src->text, len) != 0;
    free(now);
    return (int)run->file_count++;
}

static void run_init(fix_run *run, const okr_program *prog, const okr_fix_options *o)
{
    memset(run, 0, sizeof *run);
    size_t named_count;
    struct stat *named = named_files(o, &named_count);
    run->policy = prog->policy.path ? copy_bytes(prog->policy.path, strlen(prog->policy.path)) : NULL;
    run->unit_count = prog->units.len;
    run->units = xcalloc(run->unit_count, sizeof *run->units);
    run->files = xcalloc(run->unit_count, sizeof *run->files);
    for (size_t u = 0; u < prog->units.len; u++) {
        const okr_file_unit *unit = prog->units.items[u];
        const okr_source_file *src = okr_source_get(&prog->sources, unit->ast->file);
        unit_copy *c = &run->units[u];
        c->path = copy_bytes(src->path, strlen(src->path));
        c->text = copy_bytes(src->text, src->len);
        c->len = src->len;
        c->reread = unit->ast->parse_failed && src->len == 0;
        c->context = unit->context;
        c->file = c->reread ? -1 : file_for(run, named, named_count, src);
    }
    free(named);
}

static void run_free(fix_run *run)
{
    for (size_t i = 0; i < run->unit_count; i++) {
        free(run->units[i].path);
        free(run->units[i].text);
    }
    for (size_t i = 0; i < run->file_count; i++) {
        free(run->files[i].path);
        free(run->files[i].original);
        free(run->files[i].text);
    }
    free(run->units);
    free(run->files);
    free(run->policy);
}

/* The program again, from the files' texts as they are now, checked. */
static void rebuild(okr_program *prog, const fix_run *run)
{
    okr_program_free(prog);
    okr_program_init(prog);
    if (run->policy && okr_program_load_policy(prog, run->policy) != 0)
        fprintf(stderr, "okrc: error: cannot read policy '%s' again: %s\n", run->policy, strerror(errno));
    for (size_t u = 0; u < run->unit_count; u++) {
        const unit_copy *c = &run->units[u];
        size_t before = prog->units.len;
        if (c->file >= 0)
            okr_program_add_text(prog, c->path, run->files[c->file].text, run->files[c->file].len);
        else if (!c->reread || okr_program_add_file(prog, c->path) != 0)
            okr_program_add_text(prog, c->path, c->text, c->len);
        if (c->context && prog->units.len > before)
            okr_program_mark_context(prog, prog->units.items[prog->units.len - 1]);
    }
    okr_program_check(prog);
}

static int is_input_code(okr_code code)
{
    return strncmp(okr_code_info_get(code)->code, "OKR0", 4) == 0;
}

/* The first machine-applicable fix of a diagnostic, or NULL. */
static const okr_fix *applicable_fix(const okr_diag *d)
{
    for (int i = 0; i < d->fix_count; i++)
        if (d->fixes[i].machine_applicable && d->fixes[i].edit_count > 0)
            return &d->fixes[i];
    return NULL;
}

/* One round: chooses the edits of each file and applies them (with
 * `apply` 0, only looks). Returns 1 when a text changed (or would). */
static int fix_round(fix_run *run, const okr_program *prog, int apply)
{
    int *file_of = xcalloc(prog->sources.len, sizeof *file_of);
    for (size_t i = 0; i < prog->sources.len; i++)
        file_of[i] = -1;
    int *broken = xcalloc(run->file_count, sizeof *broken);
    for (size_t u = 0; u < prog->units.len; u++) {
        const okr_file_unit *unit = prog->units.items[u];
        int f = file_of[unit->ast->file] = run->units[u].file;
        if (f >= 0 && (unit->ast->parse_failed || unit->ast->syntax_errors))
            broken[f] = 1;
    }
    const okr_vec *list = &prog->diags.list;
    for (size_t i = 0; i < list->len; i++) {
        const okr_diag *d = list->items[i];
        if (d->span.file < prog->sources.len && file_of[d->span.file] >= 0 && is_input_code(d->code) &&
            d->severity == OKR_SEV_ERROR)
            broken[file_of[d->span.file]] = 1;
    }
    okr_edit_set *sets = xcalloc(run->file_count, sizeof *sets);
    size_t *fixed = xcalloc(run->file_count, sizeof *fixed);
    for (size_t i = 0; i < list->len; i++) {
        const okr_diag *d = list->items[i];
        const okr_fix *fix = applicable_fix(d);
        if (!fix || fix->edits[0].span.file >= prog->sources.len)
            continue;
        int f = file_of[fix->edits[0].span.file];
        if (f < 0 || (broken[f] && !is_input_code(d->code)) ||
            fix->edits[fix->edit_count - 1].span.end > run->files[f].len)
            continue;
        run->files[f].wanted = 1;
        if (run->files[f].blocked)
            continue;
        if (okr_edit_set_add_fix(&sets[f], fix))
            fixed[f]++;
    }
    int changed = 0;
    for (size_t f = 0; f < run->file_count; f++) {
        fix_file *ff = &run->files[f];
        size_t len = 0;
        char *text = sets[f].len ? okr_edits_apply(ff->text, ff->len, 0, sets[f].edits, sets[f].len, &len) : NULL;
        if (text && (len != ff->len || memcmp(text, ff->text, len) != 0) && apply) {
            free(ff->text);
            ff->text = text;
            ff->len = len;
            ff->fixed += fixed[f];
            changed = 1;
        } else {
            changed |= text && (len != ff->len || memcmp(text, ff->text, len) != 0);
            free(text);
        }
        okr_edit_set_free(&sets[f]);
    }
    free(sets);
    free(fixed);
    free(broken);
    free(file_of);
    return changed;
}

/* A pause before the last look at the file, for tests/cli/test_fix.sh
 * only: it lets the test change the file while --fix runs. */
static void test_pause(void)
{
    const char *ms = getenv("OKRC_FIX_TEST_PAUSE_MS");
    if (ms && *ms) {
        long n = strtol(ms, NULL, 10);
        struct timespec ts = {n / 1000, (n % 1000) * 1000000L};
        while (n > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
    }
}

/* Writes a changed file; returns 0, or -1 after saying why it was not. */
static int write_file(const fix_file *f)
{
    /* A read-only mode asks to leave the file alone, even of root. */
    if ((f->before.st_mode & 0222) == 0 || access(f->path, W_OK) != 0) {
        fprintf(stderr, "okrc: error: '%s' is read-only; --fix leaves it as it is (make it writable to fix it)\n",
                f->path);
        return -1;
    }
    okr_atomic_file a;
    if (okr_atomic_open(&a, f->path) != 0) {
        fprintf(stderr, "okrc: error: cannot write '%s': %s\n", f->path, strerror(errno));
        return -1;
    }
    if (f->len && fwrite(f->text, 1, f->len, a.f) != f->len) {
        int saved = errno;
        okr_atomic_abort(&a);
        fprintf(stderr, "okrc: error: cannot write '%s': %s\n", f->path, strerror(saved));
        return -1;
    }
    test_pause();
    int rc = okr_atomic_commit_unchanged(&a, &f->before);
    if (rc == 1)
        fprintf(stderr, "okrc: error: '%s' changed while it was being fixed; left as it is (run okrc check --fix "
                "again)\n", f->path);
    else if (rc != 0)
        fprintf(stderr, "okrc: error: cannot write '%s': %s\n", f->path, strerror(errno));
    return rc == 0 ? 0 : -1;
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

void okr_fix_program(okr_program *prog, const okr_fix_options *o, okr_fix_outcome *out)
{
    memset(out, 0, sizeof *out);
    fix_run run;
    run_init(&run, prog, o);
    int rounds = 0;
    while (rounds < OKR_FIX_MAX_ROUNDS && fix_round(&run, prog, 1)) {
        rebuild(prog, &run);
        rounds++;
    }
    int more = rounds == OKR_FIX_MAX_ROUNDS && fix_round(&run, prog, 0);
    int failed = 0;
    for (size_t i = 0; i < run.file_count; i++) {
        fix_file *f = &run.files[i];
        if (f->blocked && f->wanted) {
            fprintf(stderr, "okrc: error: '%s' changed while it was being checked; left as it is (run okrc check "
                    "--fix again)\n", f->path);
            out->io_error = 1;
        }
        if (f->len == f->original_len && memcmp(f->text, f->original, f->len) == 0)
            continue;
        int ok = o->diff ? okr_fmt_show_diff(f->path, f->text, f->len) == 0 : write_file(f) == 0;
        if (ok) {
            out->files++;
            out->findings += f->fixed;
            continue;
        }
        /* Not written: the file stays as it was read, and so does the
         * report of what remains. */
        out->io_error = failed = 1;
        free(f->text);
        f->text = copy_bytes(f->original, f->original_len);
        f->len = f->original_len;
    }
    if (failed && !o->diff)
        rebuild(prog, &run);
    if (out->findings)
        fprintf(stderr, "okrc: %s %zu %s in %zu %s\n", o->diff ? "would fix" : "fixed", out->findings,
                plural(out->findings, "finding", "findings"), out->files, plural(out->files, "file", "files"));
    else
        fputs("okrc: nothing to fix\n", stderr);
    if (more)
        fprintf(stderr, "okrc: note: stopped after %d rounds of fixes; run okrc check --fix again for the rest\n",
                OKR_FIX_MAX_ROUNDS);
    run_free(&run);
}
