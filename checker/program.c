/* program.c: loading files and running the passes; see program.h. Files
 * are read by the workspace module (common/workspace.h), which applies the
 * size limits; the OKR007 reports for them are made here, where the file is
 * named in the program. */
#include "program.h"

#include <stdlib.h>
#include <string.h>

#include "../common/workspace.h"
#include "../parser/parser.h"
#include "embedded.h"
#include "passes.h"

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
    char *text = okr_workspace_read(path, limit, &len, too_big);
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

static void add_unit(okr_program *prog, uint32_t id)
{
    okr_file_unit *unit = okr_arena_alloc(&prog->arena, sizeof *unit);
    unit->ast = okr_parse_file_checked(&prog->arena, &prog->diags, &prog->sources, id);
    /* A program file that declares nothing (OKR008); a policy file that
     * does is the defaults, so it is the program's to say, not the parser's. */
    const okr_file_ast *ast = unit->ast;
    if (!ast->parse_failed && ast->decls.len == 0 && ast->syntax_errors == 0) {
        okr_diag *d = okr_diag_report(&prog->diags, OKR008, okr_span_make(id, 0, 0),
                                      okr_source_get(&prog->sources, id)->len == 0 ? "file is empty"
                                                                                   : "file declares nothing");
        okr_diag_help(&prog->diags, d, "add a `team`, `cycle` and objectives, or delete the file");
    }
    okr_vec_push(&prog->arena, &prog->units, unit);
}

int okr_program_add_file(okr_program *prog, const char *path)
{
    int too_big;
    uint32_t id = read_source(prog, path, OKR_MAX_FILE_BYTES, &too_big);
    if (id == OKR_NO_FILE)
        return -1;
    if (!too_big) {
        add_unit(prog, id);
        return 0;
    }
    okr_diag *d = okr_diag_report(&prog->diags, OKR007, okr_span_make(id, 0, 0),
                                  "file is larger than the limit of %d MiB; not checked",
                                  OKR_MAX_FILE_BYTES / (1024 * 1024));
    okr_diag_help(&prog->diags, d, "split the OKRs into one file per team and cycle");
    okr_file_unit *unit = okr_arena_alloc(&prog->arena, sizeof *unit);
    unit->ast = okr_arena_alloc(&prog->arena, sizeof *unit->ast);
    unit->ast->file = id;
    unit->ast->parse_failed = 1;
    okr_vec_push(&prog->arena, &prog->units, unit);
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
