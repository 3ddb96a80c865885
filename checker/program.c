/* program.c: loading files and running the passes; see program.h. Files
 * are read by the workspace module (common/workspace.h), which applies the
 * size limits; the OKR007 reports for them are made here, where the file is
 * named in the program. */
#include "program.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/workspace.h"
#include "../parser/parser.h"
#include "embedded.h"
#include "passes.h"
#include "pool.h"

static void init_tables(okr_program *prog)
{
    memset(prog, 0, sizeof *prog);
    okr_arena_init(&prog->arena);
    okr_source_init(&prog->sources, &prog->arena);
    okr_diags_init(&prog->diags, &prog->arena);
    okr_strmap_init(&prog->teams_by_name, &prog->arena);
    okr_strmap_init(&prog->modules_by_name, &prog->arena);
    okr_strmap_init(&prog->natives, &prog->arena);
}

/* Registers the stdlib metric catalogs; each is parsed when first used. */
static void register_modules(okr_program *prog)
{
    for (size_t i = 0; i < okr_stdlib_count; i++) {
        const okr_embedded_file *f = &okr_stdlib_files[i];
        size_t n = strlen(f->name);
        if (strcmp(f->name, "std/vocabulary.okr") == 0 || n < 5 || strcmp(f->name + n - 4, ".okr") != 0)
            continue;
        okr_module *m = okr_arena_alloc(&prog->arena, sizeof *m);
        char *name = okr_arena_strndup(&prog->arena, f->name, n - 4);
        for (char *c = name; *c; c++)
            if (*c == '/')
                *c = '.';
        m->name = name;
        m->text = f->text;
        m->len = f->len;
        okr_strmap_init(&m->metrics, &prog->arena);
        okr_vec_push(&prog->arena, &prog->modules, m);
        okr_strmap_put(&prog->modules_by_name, m->name, m);
    }
}

void okr_program_init(okr_program *prog)
{
    init_tables(prog);
    okr_policy_init(&prog->policy, &prog->arena);
    okr_policy_load_stdlib(&prog->policy, &prog->arena, &prog->sources, &prog->diags);
    register_modules(prog);
}

/* What okr_policy_load_stdlib leaves behind, kept: the vocabulary file's
 * sources (so that a program's own files get the same ids) and the policy.
 * std/vocabulary.okr has vocabulary lines only and no diagnostics
 * (tests/unit/test_prepared_stdlib.c), so its diags hold nothing to copy. */
struct okr_prepared_stdlib {
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
    okr_policy policy;
};

okr_prepared_stdlib *okr_stdlib_prepare(void)
{
    okr_prepared_stdlib *std = calloc(1, sizeof *std);
    if (!std)
        abort();
    okr_arena_init(&std->arena);
    okr_source_init(&std->sources, &std->arena);
    okr_diags_init(&std->diags, &std->arena);
    okr_policy_init(&std->policy, &std->arena);
    okr_policy_load_stdlib(&std->policy, &std->arena, &std->sources, &std->diags);
    return std;
}

void okr_stdlib_release(okr_prepared_stdlib *std)
{
    if (!std)
        return;
    okr_source_free(&std->sources);
    okr_arena_free(&std->arena);
    free(std);
}

void okr_program_init_prepared(okr_program *prog, const okr_prepared_stdlib *std)
{
    init_tables(prog);
    prog->policy = std->policy;
    prog->policy.vocab = okr_vocab_share(std->policy.vocab, &prog->arena);
    for (size_t i = 0; i < std->sources.len; i++) {
        const okr_source_file *f = std->sources.files[i];
        okr_source_add(&prog->sources, f->path, f->text, f->len, f->is_stdlib);
    }
    register_modules(prog);
}

void okr_program_free(okr_program *prog)
{
    okr_source_free(&prog->sources);
    okr_arena_free(&prog->arena);
}

/* Reads a file into the source table; over `limit` it is added empty and
 * *too_big is set, so that the OKR007 report has a file to point at.
 * Returns its id, or OKR_NO_FILE with errno set when it cannot be read. */
static uint32_t read_source(okr_program *prog, const char *path, size_t limit, int *too_big)
{
    size_t len = 0;
    char *text = okr_workspace_read_within(path, limit, &len, too_big);
    if (!text)
        return OKR_NO_FILE;
    if (*too_big) {
        uint32_t id = okr_source_add(&prog->sources, path, "", 0, 0);
        free(text);
        return id;
    }
    /* The read buffer has room for the NUL of a regular file; one read
     * from a pipe may fill it. */
    char *room = realloc(text, len + 1);
    if (!room)
        abort();
    return okr_source_adopt(&prog->sources, path, room, len, 0);
}

/* The unit of a parsed file, pushed after the file's parse findings. */
static okr_file_unit *push_unit(okr_program *prog, okr_file_ast *ast)
{
    okr_file_unit *unit = okr_arena_alloc(&prog->arena, sizeof *unit);
    unit->ast = ast;
    uint32_t id = ast->file;
    /* A program file that declares nothing (OKR008); a policy file that
     * does is the defaults, so it is the program's to say, not the parser's. */
    if (!ast->parse_failed && ast->decls.len == 0 && ast->syntax_errors == 0) {
        okr_diag *d = okr_diag_report(&prog->diags, OKR008, okr_span_make(id, 0, 0),
                                      okr_source_get(&prog->sources, id)->len == 0 ? "file is empty"
                                                                                   : "file declares nothing");
        okr_diag_help(&prog->diags, d, "add a `team`, `cycle` and objectives, or delete the file");
    }
    okr_vec_push(&prog->arena, &prog->units, unit);
    return unit;
}

static void add_unit(okr_program *prog, uint32_t id)
{
    push_unit(prog, okr_parse_file_checked(&prog->arena, &prog->diags, &prog->sources, id));
}

/* The unit of a file over the size limit, added empty: OKR007. */
static okr_file_unit *push_too_big(okr_program *prog, uint32_t id)
{
    okr_diag *d = okr_diag_report(&prog->diags, OKR007, okr_span_make(id, 0, 0),
                                  "file is larger than the limit of %d MiB; not checked",
                                  OKR_MAX_FILE_BYTES / (1024 * 1024));
    okr_diag_help(&prog->diags, d, "split the OKRs into one file per team and cycle");
    okr_file_unit *unit = okr_arena_alloc(&prog->arena, sizeof *unit);
    unit->ast = okr_arena_alloc(&prog->arena, sizeof *unit->ast);
    unit->ast->file = id;
    unit->ast->parse_failed = 1;
    okr_vec_push(&prog->arena, &prog->units, unit);
    return unit;
}

int okr_program_add_file(okr_program *prog, const char *path)
{
    int too_big;
    uint32_t id = read_source(prog, path, OKR_MAX_FILE_BYTES, &too_big);
    if (id == OKR_NO_FILE)
        return -1;
    if (!too_big)
        add_unit(prog, id);
    else
        push_too_big(prog, id);
    return 0;
}

int okr_program_add_context_file(okr_program *prog, const char *path)
{
    size_t before = prog->units.len;
    if (okr_program_add_file(prog, path) != 0)
        return -1;
    if (prog->units.len > before)
        okr_program_mark_context(prog, prog->units.items[prog->units.len - 1]);
    return 0;
}

void okr_program_mark_context(okr_program *prog, okr_file_unit *unit)
{
    if (!unit->context) {
        unit->context = 1;
        prog->context_units++;
    }
}

/* --- loading many files: okr_program_add_files -------------------------
 *
 * Four steps, so that what the program ends up with is what a loop of
 * okr_program_add_file gives (program.h):
 *   1. threads read the files (a pipe okrc inherited is left to step 2),
 *      each a run of consecutive files at a time with a reader that holds
 *      their directory open (okr_workspace_reader), into buffers the
 *      source table can adopt as they are;
 *   2. the calling thread registers them in the source table in file
 *      order, so file ids and read failures come as the loop's do;
 *   3. threads scan and parse them, each with its own arena, diagnostics
 *      and table of interned words (the scanner interns into the table it
 *      is given when the arenas match: lexer.c), reading the shared source
 *      table, which nobody changes meanwhile;
 *   4. the calling thread adopts the threads' arenas and, in file order,
 *      merges each file's findings and pushes its unit (OKR008, OKR007).
 * The scanner and parser keep no state outside their okr_parser (flex
 * reentrant, bison pure; the keyword and unit tables are const), so the
 * parses share nothing mutable. Work is handed out one file at a time from
 * an atomic counter, so a thread that could not be started costs only its
 * share of speed. */

typedef struct load_file {
    char *text; /* read in step 1 or 2, until registered; NULL when too big */
    size_t len;
    int too_big, err, is_pipe, registered; /* err: errno of a failed read, else 0 */
    uint32_t id;
    okr_file_ast *ast; /* step 3 */
    okr_diags_part part;
} load_file;

struct load_batch;

typedef struct load_worker {
    struct load_batch *batch;
    okr_arena arena;
    okr_diags diags;
    okr_source_table sources; /* the program's files, with words of its own */
    okr_workspace_reader reader; /* step 1: holds the directory of its last file */
} load_worker;

typedef struct load_batch {
    okr_program *prog;
    const char *const *paths;
    load_file *files;
    size_t n;
    int parsing; /* 0: step 1, 1: step 3 */
    atomic_size_t next;
    load_worker *workers;
    size_t jobs;
} load_batch;

size_t okr_load_jobs(int jobs, size_t n)
{
    return okr_pool_jobs(jobs, n, OKR_LOAD_FILES_PER_JOB);
}

/* A file over the limit is neither read (when its size says so) nor kept:
 * threads reading many such files at once would otherwise hold each one's
 * first 64 MiB and more. */
static void read_file(load_file *f, const char *path, okr_workspace_reader *reader)
{
    f->text = okr_workspace_reader_read(reader, path, OKR_MAX_FILE_BYTES, &f->len, &f->too_big);
    f->err = f->text ? 0 : errno ? errno : EIO;
    if (f->too_big) {
        free(f->text);
        f->text = NULL;
    }
}

/* Files a worker takes at once when reading: consecutive files mostly
 * share a directory, which its reader then opens once, not once per
 * worker taking turns at its files. */
enum { LOAD_READ_RUN = 8 };

static void *load_work(void *arg)
{
    load_worker *w = arg;
    load_batch *b = w->batch;
    size_t run = b->parsing ? 1 : LOAD_READ_RUN;
    for (;;) {
        size_t first = atomic_fetch_add_explicit(&b->next, run, memory_order_relaxed);
        if (first >= b->n)
            break;
        for (size_t i = first; i < first + run && i < b->n; i++) {
            load_file *f = &b->files[i];
            if (!b->parsing) {
                if (!f->is_pipe)
                    read_file(f, b->paths[i], &w->reader);
            } else if (f->registered && !f->too_big) {
                f->ast = okr_parse_file_checked(&w->arena, &w->diags, &w->sources, f->id);
                okr_diags_take(&w->diags, f->id, &f->part);
            }
        }
    }
    return NULL;
}

/* Runs one step on the pool (pool.h): the calling thread is worker 0. */
static void load_step(load_batch *b, int parsing)
{
    b->parsing = parsing;
    atomic_store(&b->next, 0);
    okr_pool_run(b->jobs, load_work, b->workers, sizeof *b->workers);
}

/* Step 2. Returns how many files were gone through: all, or up to the one
 * whose failure stopped the load (*stopped set, errno its error). */
static size_t register_files(load_batch *b, const okr_load_options *o, int *stopped)
{
    okr_program *prog = b->prog;
    for (size_t i = 0; i < b->n; i++) {
        load_file *f = &b->files[i];
        if (f->is_pipe)
            read_file(f, b->paths[i], &b->workers[0].reader);
        if (f->err) {
            errno = f->err;
            if (!o->failed || o->failed(o->ctx, b->paths[i], o->context && o->context[i]) != 0) {
                *stopped = 1;
                errno = f->err;
                return i;
            }
            continue;
        }
        if (f->too_big) {
            f->id = okr_source_add(&prog->sources, b->paths[i], "", 0, 0);
        } else { /* the reader left room for the NUL */
            f->id = okr_source_adopt(&prog->sources, b->paths[i], f->text, f->len, 0);
        }
        f->text = NULL;
        f->registered = 1;
    }
    return b->n;
}

static void start_workers(load_batch *b)
{
    for (size_t k = 0; k < b->jobs; k++) {
        b->workers[k].batch = b;
        okr_arena_init(&b->workers[k].arena);
        okr_workspace_reader_init(&b->workers[k].reader);
    }
}

/* Before step 3: each worker's view of the source table, complete now,
 * and diagnostics with the program's severities (its policy read). */
static void prepare_parse(load_batch *b)
{
    const okr_source_table *shared = &b->prog->sources;
    for (size_t k = 0; k < b->jobs; k++) {
        load_worker *w = &b->workers[k];
        okr_diags_init_like(&w->diags, &w->arena, &b->prog->diags);
        okr_diags_one_file_at_a_time(&w->diags); /* no counts over all files */
        w->sources = *shared;
        w->sources.arena = &w->arena;
        /* Their slots are scratch memory, freed when the program adopts
         * the arena (textset.h): nothing reads the sets after the parse. */
        okr_textset_init(&w->sources.words, &w->arena);
        okr_textcache_init(&w->sources.texts, &w->arena);
    }
}

/* Step 4. */
static void merge_files(load_batch *b, const okr_load_options *o)
{
    okr_program *prog = b->prog;
    for (size_t k = 0; k < b->jobs; k++)
        okr_arena_adopt(&prog->arena, &b->workers[k].arena);
    for (size_t i = 0; i < b->n; i++) {
        load_file *f = &b->files[i];
        /* push_unit reads each tree, last touched by its parse: a cache
         * miss a file on this one thread (4-7 ms of the 100k corpus). */
        if (i + 8 < b->n && b->files[i + 8].ast)
            __builtin_prefetch(b->files[i + 8].ast);
        if (!f->registered)
            continue;
        okr_file_unit *unit;
        if (f->too_big) {
            unit = push_too_big(prog, f->id);
        } else {
            okr_diags_merge(&prog->diags, &f->part);
            unit = push_unit(prog, f->ast);
        }
        if (o->context && o->context[i])
            okr_program_mark_context(prog, unit);
    }
}

static int add_files_serially(okr_program *prog, const char *const *paths, size_t n,
                              const okr_load_options *o)
{
    for (size_t i = 0; i < n; i++) {
        int context = o->context && o->context[i];
        if ((context ? okr_program_add_context_file(prog, paths[i]) : okr_program_add_file(prog, paths[i])) == 0)
            continue;
        int err = errno;
        if (!o->failed || o->failed(o->ctx, paths[i], context) != 0) {
            errno = err;
            return -1;
        }
    }
    return 0;
}

int okr_program_add_files(okr_program *prog, const char *const *paths, size_t n,
                          const okr_load_options *opts)
{
    okr_load_options none = {0};
    const okr_load_options *o = opts ? opts : &none;
    load_batch b = {.prog = prog, .paths = paths, .n = n, .jobs = okr_load_jobs(o->jobs, n)};
    prog->jobs = o->jobs;
    if (b.jobs < 2)
        return add_files_serially(prog, paths, n, o);
    b.files = calloc(n, sizeof *b.files);
    b.workers = calloc(b.jobs, sizeof *b.workers);
    if (!b.files || !b.workers)
        abort();
    for (size_t i = 0; i < n; i++)
        b.files[i].is_pipe = okr_workspace_names_pipe(paths[i]);
    start_workers(&b);
    load_step(&b, 0);
    int stopped = 0;
    size_t through = register_files(&b, o, &stopped);
    int err = errno;
    for (size_t k = 0; k < b.jobs; k++)
        okr_workspace_reader_close(&b.workers[k].reader);
    for (size_t i = through; i < n; i++)
        free(b.files[i].text); /* read past a failure that stopped the load */
    b.n = through;
    prepare_parse(&b);
    load_step(&b, 1);
    merge_files(&b, o);
    free(b.files);
    free(b.workers);
    errno = err;
    return stopped ? -1 : 0;
}

void okr_program_add_text(okr_program *prog, const char *path, const char *text, size_t len)
{
    add_unit(prog, okr_source_add(&prog->sources, path, text, len, 0));
}

static void apply_policy_source(okr_program *prog, uint32_t id);

int okr_program_load_policy(okr_program *prog, const char *path)
{
    int too_big;
    uint32_t id = read_source(prog, path, OKR_MAX_POLICY_BYTES, &too_big);
    if (id == OKR_NO_FILE)
        return -1;
    prog->policy.path = okr_arena_strdup(&prog->arena, path);
    if (too_big) {
        okr_diag *d = okr_diag_report(&prog->diags, OKR007, okr_span_make(id, 0, 0),
                                      "policy file is larger than the limit of %d KiB; not read",
                                      OKR_MAX_POLICY_BYTES / 1024);
        okr_diag_help(&prog->diags, d, "a policy holds a few settings and word lists; check that this is the right file");
        return 0;
    }
    apply_policy_source(prog, id);
    return 0;
}

void okr_program_load_policy_text(okr_program *prog, const char *path, const char *text, size_t len)
{
    uint32_t id = okr_source_add(&prog->sources, path, text, len, 0);
    prog->policy.path = okr_arena_strdup(&prog->arena, path);
    apply_policy_source(prog, id);
}

/* Parses the policy file `id` of the source table and applies it. */
static void apply_policy_source(okr_program *prog, uint32_t id)
{
    okr_file_ast *ast = okr_parse_file(&prog->arena, &prog->diags, &prog->sources, id);
    for (size_t i = 0; i < ast->decls.len; i++) {
        const okr_decl *decl = ast->decls.items[i];
        if (decl->kind != OKR_DECL_POLICY) {
            okr_diag *d = okr_diag_report(&prog->diags, OKR703, decl->span,
                                          "a policy file holds only `policy` blocks");
            okr_diag_help(&prog->diags, d, "move OKR declarations into a .okr file");
        }
    }
    okr_policy_apply(&prog->policy, ast, &prog->diags);
}

okr_archetype okr_objective_archetype(const okr_objective *obj)
{
    return obj->archetype == OKR_ARCH_NONE ? OKR_ARCH_ASPIRATIONAL : obj->archetype;
}

/* Whether a finding says the file could not be read as the language: what
 * it declares may then be missing. */
static int unparsed(const okr_diag *d)
{
    switch (d->code) {
    case OKR001: case OKR002: case OKR003: case OKR004: case OKR005: case OKR006: case OKR007:
        return d->severity == OKR_SEV_ERROR;
    default:
        return 0;
    }
}

/* The one place context files' findings are dropped (spec.md, "Projects"):
 * marked suppressed, so that finishing neither shows nor counts them. A
 * name a checked file cannot resolve may be declared in a context file
 * that did not parse; such findings say so in a note, pointing at the
 * first syntax error of the first such file. */
/* Past OKR_DIAG_MAX_STORED_PER_FILE a file's findings are only counted
 * (diag.h), per file in all and per severity over all files. A context
 * file's count goes: when no checked file overflowed, the severity totals
 * are all context's; else the context's part is taken from notes, then
 * warnings, then errors (a checked file's errors are never the ones lost). */
static void forget_context_overflow(okr_program *prog)
{
    okr_diags *diags = &prog->diags;
    size_t context = 0, checked = 0;
    for (size_t f = 0; f < diags->files_tracked; f++) {
        int is_context = f < prog->context_file_len && prog->context_file[f];
        *(is_context ? &context : &checked) += diags->dropped_in_file[f];
        if (is_context)
            diags->dropped_in_file[f] = 0;
    }
    size_t *totals[] = {&diags->dropped_notes, &diags->dropped_warnings, &diags->dropped_errors};
    for (size_t k = 0; k < 3 && context; k++) {
        size_t take = checked == 0 || *totals[k] < context ? *totals[k] : context;
        *totals[k] -= take;
        context = checked == 0 ? context : context - take;
    }
}

static void set_aside_context(okr_program *prog)
{
    if (!prog->context_units)
        return;
    unsigned char *broken_file = okr_arena_alloc(&prog->arena, prog->context_file_len + 1);
    const okr_diag *broken = NULL;
    size_t broken_files = 0;
    for (size_t i = 0; i < prog->diags.list.len; i++) {
        okr_diag *d = prog->diags.list.items[i];
        uint32_t file = d->span.file;
        if (file == OKR_NO_FILE || file >= prog->context_file_len || !prog->context_file[file])
            continue;
        d->suppressed = 1;
        if (!broken_file[file] && unparsed(d)) {
            broken_file[file] = 1;
            broken_files++;
            broken = broken ? broken : d;
        }
    }
    forget_context_overflow(prog);
    for (size_t i = 0; broken && i < prog->diags.list.len; i++) {
        okr_diag *d = prog->diags.list.items[i];
        if (d->suppressed || (d->code != OKR101 && d->code != OKR105 && d->code != OKR107))
            continue;
        const char *path = okr_source_get(&prog->sources, broken->span.file)->path;
        if (broken_files > 1)
            okr_diag_note(&prog->diags, d, broken->span,
                          "%zu files of the project have syntax errors, '%s' among them: the name may be declared "
                          "in what could not be read", broken_files, path);
        else
            okr_diag_note(&prog->diags, d, broken->span,
                          "project file '%s' has syntax errors: the name may be declared in what could not be read",
                          path);
    }
}

/* Which file ids hold context units, for the passes and set_aside_context. */
static void mark_context_files(okr_program *prog)
{
    if (!prog->context_units)
        return;
    prog->context_file_len = prog->sources.len;
    prog->context_file = okr_arena_alloc(&prog->arena, prog->context_file_len + 1);
    for (size_t i = 0; i < prog->units.len; i++) {
        const okr_file_unit *unit = prog->units.items[i];
        if (unit->context && unit->ast->file < prog->context_file_len)
            prog->context_file[unit->ast->file] = 1;
    }
}

int okr_pass_in_context(const okr_program *prog, const okr_objective *obj)
{
    if (!prog->context_file_len)
        return 0; /* no project context: the objective need not be read */
    uint32_t file = obj->span.file;
    return file != OKR_NO_FILE && file < prog->context_file_len && prog->context_file[file];
}

void okr_program_check(okr_program *prog)
{
    if (prog->checked)
        return;
    prog->checked = 1;
    mark_context_files(prog);
    okr_pass_resolve(prog);
    okr_pass_types(prog);
    okr_pass_feeds(prog);
    okr_pass_task_style(prog);
    okr_pass_archetypes(prog);
    okr_pass_shape(prog);
    okr_pass_statements(prog);
    okr_pass_suppressions(prog);
    set_aside_context(prog);
    okr_diags_finish(&prog->diags);
}
