/* program.c: loading files and running the passes; see program.h. Files
 * are read by the workspace module (common/workspace.h), which applies the
 * size limits; the OKR007 reports for them are made here, where the file is
 * named in the program. */
#include "program.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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
    /* The source table wants room for two NULs (the scanner reads the
     * bytes in place); the read buffer has room for one. */
    char *room = realloc(text, len + 2);
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
 * Rounds of two steps, so that what the program ends up with is what a
 * loop of okr_program_add_file gives (program.h):
 *   1. threads read and parse the files, each taking a run of consecutive
 *      files at a time (a reader holds their directory open:
 *      okr_workspace_reader), file i getting id base + i - start; each
 *      parse has its own arena, diagnostics and table of interned words
 *      (the scanner interns into the table it is given when the arenas
 *      match: lexer.c), and writes only its own slot of the shared source
 *      table's array, made large enough first. Parsed, a file's bytes are
 *      freed (`drop`, when its stamp allows: source.h), so that the memory
 *      of a few files in flight serves them all;
 *   2. the calling thread adopts the threads' arenas and, in file order,
 *      merges each file's findings and pushes its unit (OKR008, OKR007).
 * A file that cannot be read makes the ids of the files after it one
 * less: the threads leave the files past the first failure (their results
 * in flight are thrown away), `failed` is asked on the calling thread, and
 * a load that goes on starts a new round after that file. Failures are
 * rare, so a round mostly reads each file once.
 * The scanner and parser keep no state outside their okr_parser (flex
 * reentrant, bison pure; the keyword and unit tables are const), so the
 * parses share nothing mutable. A pipe okrc inherited must be read in its
 * turn, alone: a list that names one is loaded serially. */

typedef struct load_file {
    int too_big, err; /* err: errno of a failed read, else 0 */
    okr_source_file *src; /* made by the thread that read it */
    okr_file_ast *ast;
    okr_diags_part part;
} load_file;

struct load_batch;

typedef struct load_worker {
    struct load_batch *batch;
    okr_arena arena;
    okr_diags diags;
    okr_source_table sources; /* the program's files, with words of its own */
    okr_workspace_reader reader; /* holds the directory of its last file */
} load_worker;

typedef struct load_batch {
    okr_program *prog;
    const char *const *paths;
    load_file *files;
    size_t n;
    size_t start;  /* this round: files start .. n-1 */
    uint32_t base; /* the id of file `start` */
    int drop;      /* free a file's text once parsed, when its stamp allows */
    struct timespec since; /* the load's start, for the racy rule */
    atomic_size_t next;
    atomic_size_t failure; /* the first file of the round that could not be read; n: none */
    load_worker *workers;
    size_t jobs;
} load_batch;

size_t okr_load_jobs(int jobs, size_t n)
{
    return okr_pool_jobs(jobs, n, OKR_LOAD_FILES_PER_JOB);
}

/* The source entry of file i, in the worker's arena, at its id. */
static okr_source_file *place_file(load_worker *w, size_t i, char *text, size_t len)
{
    load_batch *b = w->batch;
    okr_source_file *src = okr_arena_alloc(&w->arena, sizeof *src);
    src->path = okr_arena_strdup(&w->arena, b->paths[i]);
    src->text = text;
    src->len = len;
    w->sources.files[b->base + (i - b->start)] = src;
    return src;
}

/* Reads and parses file i. A file over the limit is neither read (when
 * its size says so) nor kept: threads reading many such files at once
 * would otherwise hold each one's first 64 MiB and more. */
static void load_one(load_worker *w, size_t i)
{
    load_batch *b = w->batch;
    load_file *f = &b->files[i];
    size_t len = 0;
    struct stat st;
    char *text = okr_workspace_reader_read_stat(&w->reader, b->paths[i], OKR_MAX_FILE_BYTES, &len, &f->too_big, &st);
    if (!text) {
        f->err = errno ? errno : EIO;
        size_t seen = atomic_load_explicit(&b->failure, memory_order_relaxed);
        while (i < seen && !atomic_compare_exchange_weak(&b->failure, &seen, i))
            ;
        return;
    }
    uint32_t id = b->base + (uint32_t)(i - b->start);
    if (f->too_big) {
        free(text);
        char *none = okr_arena_alloc_bytes(&w->arena, 2);
        f->src = place_file(w, i, none, 0);
        return;
    }
    char *room = realloc(text, len + 2); /* the source table's two NULs: mostly in place */
    if (!room)
        abort();
    room[len] = room[len + 1] = '\0';
    f->src = place_file(w, i, room, len);
    f->src->owned = room;
    okr_source_stamp_of(&f->src->stamp, &st);
    f->ast = okr_parse_file_checked(&w->arena, &w->diags, &w->sources, id);
    okr_diags_take(&w->diags, id, &f->part);
    if (b->drop && S_ISREG(st.st_mode) && okr_source_stamp_settled(&f->src->stamp, b->since.tv_sec, b->since.tv_nsec))
        okr_source_drop(f->src, b->prog->sources.reload);
}

/* Files a worker takes at once: consecutive files mostly share a
 * directory, which its reader then opens once, not once per worker taking
 * turns at its files. */
enum { LOAD_RUN = 8 };

static void *load_work(void *arg)
{
    load_worker *w = arg;
    load_batch *b = w->batch;
    for (;;) {
        size_t first = atomic_fetch_add_explicit(&b->next, LOAD_RUN, memory_order_relaxed);
        if (first >= b->n)
            break;
        for (size_t i = first; i < first + LOAD_RUN && i < b->n; i++) {
            if (i > atomic_load_explicit(&b->failure, memory_order_relaxed))
                break; /* its id depends on what `failed` decides */
            load_one(w, i);
        }
    }
    return NULL;
}

static void start_workers(load_batch *b)
{
    for (size_t k = 0; k < b->jobs; k++) {
        b->workers[k].batch = b;
        okr_workspace_reader_init(&b->workers[k].reader);
    }
}

/* Before a round: room in the source table for every file left, each
 * worker's view of it, and diagnostics with the program's severities (its
 * policy read). */
static void prepare_round(load_batch *b)
{
    okr_source_table *shared = &b->prog->sources;
    b->base = (uint32_t)shared->len;
    okr_source_reserve(shared, b->n - b->start);
    for (size_t k = 0; k < b->jobs; k++) {
        load_worker *w = &b->workers[k];
        okr_arena_init(&w->arena);
        okr_diags_init_like(&w->diags, &w->arena, &b->prog->diags);
        okr_diags_one_file_at_a_time(&w->diags); /* no counts over all files */
        w->sources = *shared;
        w->sources.len = shared->len + (b->n - b->start);
        w->sources.arena = &w->arena;
        /* Their slots are scratch memory, freed when the program adopts
         * the arena (textset.h): nothing reads the sets after the parse. */
        okr_textset_init(&w->sources.words, &w->arena);
        okr_textcache_init(&w->sources.texts, &w->arena);
    }
    atomic_store(&b->next, b->start);
    atomic_store(&b->failure, b->n);
}

/* After a round: the files before `until` join the program in file order;
 * those after it that a thread read before it saw the failure are let go. */
static void merge_round(load_batch *b, const okr_load_options *o, size_t until)
{
    okr_program *prog = b->prog;
    for (size_t k = 0; k < b->jobs; k++)
        okr_arena_adopt(&prog->arena, &b->workers[k].arena);
    prog->sources.len = b->base + (until - b->start);
    for (size_t i = b->start; i < until; i++) {
        load_file *f = &b->files[i];
        /* push_unit reads each tree, last touched by its parse: a cache
         * miss a file on this one thread (4-7 ms of the 100k corpus). */
        if (i + 8 < until && b->files[i + 8].ast)
            __builtin_prefetch(b->files[i + 8].ast);
        okr_file_unit *unit;
        if (f->too_big) {
            unit = push_too_big(prog, b->base + (uint32_t)(i - b->start));
        } else {
            okr_diags_merge(&prog->diags, &f->part);
            unit = push_unit(prog, f->ast);
        }
        if (o->context && o->context[i])
            okr_program_mark_context(prog, unit);
    }
    for (size_t i = until + 1; i < b->n; i++) { /* `until` failed: its errno is asked for */
        load_file *f = &b->files[i];
        if (f->src)
            free(f->src->owned);
        memset(f, 0, sizeof *f);
    }
}

/* okr_program_add_file (or _context_file) for a load that drops each
 * file's text once parsed, when its stamp allows. */
static int add_file_dropping(okr_program *prog, const char *path, int context, okr_workspace_reader *r,
                             const struct timespec *since)
{
    size_t len = 0;
    int too_big = 0;
    struct stat st;
    char *text = okr_workspace_reader_read_stat(r, path, OKR_MAX_FILE_BYTES, &len, &too_big, &st);
    if (!text)
        return -1;
    okr_file_unit *unit;
    if (too_big) {
        free(text);
        unit = push_too_big(prog, okr_source_add(&prog->sources, path, "", 0, 0));
    } else {
        char *room = realloc(text, len + 2); /* the source table's two NULs */
        if (!room)
            abort();
        uint32_t id = okr_source_adopt(&prog->sources, path, room, len, 0);
        okr_source_file *f = okr_source_get(&prog->sources, id);
        okr_source_stamp_of(&f->stamp, &st);
        unit = push_unit(prog, okr_parse_file_checked(&prog->arena, &prog->diags, &prog->sources, id));
        if (S_ISREG(st.st_mode) && okr_source_stamp_settled(&f->stamp, since->tv_sec, since->tv_nsec))
            okr_source_drop(f, prog->sources.reload);
    }
    if (context)
        okr_program_mark_context(prog, unit);
    return 0;
}

static int add_files_serially(okr_program *prog, const char *const *paths, size_t n,
                              const okr_load_options *o)
{
    okr_workspace_reader reader;
    struct timespec since = {0, 0};
    if (o->drop_text) {
        okr_workspace_reader_init(&reader);
        okr_source_allow_drop(&prog->sources);
        clock_gettime(CLOCK_REALTIME, &since);
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        int context = o->context && o->context[i];
        if (o->drop_text ? add_file_dropping(prog, paths[i], context, &reader, &since) == 0
            : (context ? okr_program_add_context_file(prog, paths[i]) : okr_program_add_file(prog, paths[i])) == 0)
            continue;
        int err = errno;
        if (!o->failed || o->failed(o->ctx, paths[i], context) != 0) {
            errno = err;
            rc = -1;
        }
    }
    if (o->drop_text) {
        int err = errno;
        okr_workspace_reader_close(&reader);
        errno = err;
    }
    return rc;
}

/* Whether the list is loaded on the pool: more than one job, or many files
 * whose text `okrc check` drops (one thread then reads and parses, and the
 * bytes of one file at a time are alive), and no pipe to read in turn. */
static int loads_in_rounds(const char *const *paths, size_t n, size_t jobs, const okr_load_options *o)
{
    if (jobs < 2 && !o->drop_text)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (okr_workspace_names_pipe(paths[i]))
            return 0;
    return 1;
}

int okr_program_add_files(okr_program *prog, const char *const *paths, size_t n,
                          const okr_load_options *opts)
{
    okr_load_options none = {0};
    if (opts)
        none = *opts;
    /* A few files' bytes are not worth dropping (nor the reader's directory
     * descriptor and the clock that dropping needs at start-up). */
    none.drop_text = none.drop_text && n >= OKR_LOAD_FILES_PER_JOB;
    const okr_load_options *o = &none;
    load_batch b = {.prog = prog, .paths = paths, .n = n, .jobs = okr_load_jobs(o->jobs, n), .drop = o->drop_text};
    prog->jobs = o->jobs;
    if (!loads_in_rounds(paths, n, b.jobs, o))
        return add_files_serially(prog, paths, n, o);
    if (b.jobs < 1)
        b.jobs = 1;
    b.files = calloc(n, sizeof *b.files);
    b.workers = calloc(b.jobs, sizeof *b.workers);
    if (!b.files || !b.workers)
        abort();
    if (b.drop) {
        okr_source_allow_drop(&prog->sources);
        clock_gettime(CLOCK_REALTIME, &b.since);
    }
    start_workers(&b);
    int stopped = 0, err = 0;
    while (b.start < n && !stopped) {
        prepare_round(&b);
        okr_pool_run(b.jobs, load_work, b.workers, sizeof *b.workers);
        size_t failure = atomic_load(&b.failure);
        merge_round(&b, o, failure);
        if (failure == n)
            break;
        err = errno = b.files[failure].err;
        stopped = !o->failed || o->failed(o->ctx, paths[failure], o->context && o->context[failure]) != 0;
        b.start = failure + 1;
    }
    for (size_t k = 0; k < b.jobs; k++)
        okr_workspace_reader_close(&b.workers[k].reader);
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

/* Whether a span's text can be shown: a file whose text was dropped is
 * read again here (source.h); one that is no longer the file checked is
 * marked in `changed`. */
static int shown_text(okr_program *prog, okr_span span, unsigned char *changed)
{
    okr_source_file *f = okr_source_get(&prog->sources, span.file);
    if (!f || !f->reload || okr_source_file_text(f))
        return 1;
    changed[span.file] = 1;
    return 0;
}

/* Findings are shown with their files' text: the files `okrc check`
 * dropped after the parse (okr_load_options.drop_text) that a finding, a
 * note or a fix points into are read again now, on this thread, before
 * the findings are counted. A file that changed since it was read cannot
 * place its findings: they are set aside (suppressed), a note pointing
 * into it loses its location and a fix into it is not offered, and one
 * OKR011 error names the file (spec.md, "Files checked"). */
static void reread_shown_files(okr_program *prog)
{
    if (!prog->sources.reload)
        return;
    unsigned char *changed = okr_arena_alloc(&prog->arena, prog->sources.len + 1);
    size_t *set_aside = okr_arena_alloc(&prog->arena, (prog->sources.len + 1) * sizeof *set_aside);
    size_t n = prog->diags.list.len;
    for (size_t i = 0; i < n; i++) {
        okr_diag *d = prog->diags.list.items[i];
        if (d->suppressed)
            continue;
        if (!shown_text(prog, d->span, changed)) {
            d->suppressed = 1;
            set_aside[d->span.file]++;
            continue;
        }
        for (int k = 0; k < d->note_count; k++)
            if (!shown_text(prog, d->notes[k].span, changed))
                d->notes[k].span = okr_span_make(OKR_NO_FILE, 0, 0);
        for (int k = 0; k < d->fix_count; k++)
            for (int e = 0; e < d->fixes[k].edit_count; e++)
                if (!shown_text(prog, d->fixes[k].edits[e].span, changed))
                    d->fix_count = 0;
    }
    for (uint32_t id = 0; id < prog->sources.len; id++) {
        if (!changed[id])
            continue;
        okr_diag *d = okr_diag_report(&prog->diags, OKR011, okr_span_make(id, 0, 0),
                                      "file changed while okrc was checking it; %zu finding%s in it cannot be "
                                      "shown", set_aside[id], set_aside[id] == 1 ? "" : "s");
        okr_diag_help(&prog->diags, d, "check again once the file is saved");
    }
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
    reread_shown_files(prog);
    okr_diags_finish(&prog->diags);
}
