/* program.c: loading files and running the passes; see program.h. */
#include "program.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../parser/parser.h"
#include "embedded.h"
#include "passes.h"

void okr_program_init(okr_program *prog)
{
    memset(prog, 0, sizeof *prog);
    okr_arena_init(&prog->arena);
    okr_source_init(&prog->sources, &prog->arena);
    okr_diags_init(&prog->diags, &prog->arena);
    okr_policy_init(&prog->policy, &prog->arena);
    okr_strmap_init(&prog->teams_by_name, &prog->arena);
    okr_strmap_init(&prog->modules_by_name, &prog->arena);
    okr_strmap_init(&prog->natives, &prog->arena);
    okr_policy_load_stdlib(&prog->policy, &prog->arena, &prog->sources, &prog->diags);

    /* Register the stdlib metric catalogs; each is parsed when first used. */
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

void okr_program_free(okr_program *prog)
{
    okr_source_free(&prog->sources);
    okr_arena_free(&prog->arena);
}

/* Reads a whole file, refusing more than `limit` bytes (then *too_big).
 * A corpus is thousands of small files, so each costs few system calls:
 * open, fstat, one read of the file's size plus a byte (a short read of a
 * regular file is its end), close; stdio took twice as many. Pipes and
 * other files are read until read() returns 0. */
static char *read_file(const char *path, size_t limit, size_t *len, int *too_big)
{
    *too_big = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        errno = EISDIR;
        return NULL;
    }
    int regular = S_ISREG(st.st_mode);
    size_t cap = regular && (size_t)st.st_size <= limit ? (size_t)st.st_size + 1 : 64 * 1024, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        abort();
    for (;;) {
        if (n == cap) {
            if (cap > limit) {
                *too_big = 1;
                break;
            }
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(buf);
            close(fd);
            errno = e;
            return NULL;
        }
        n += (size_t)got;
        if (got == 0 || (regular && n < cap))
            break;
    }
    close(fd);
    if (n > limit)
        *too_big = 1;
    *len = n;
    return buf;
}

int okr_program_add_file(okr_program *prog, const char *path)
{
    size_t len = 0;
    int too_big;
    char *text = read_file(path, OKR_MAX_FILE_BYTES, &len, &too_big);
    if (!text)
        return -1;
    if (too_big) {
        uint32_t id = okr_source_add(&prog->sources, path, "", 0, 0);
        okr_diag *d = okr_diag_report(&prog->diags, OKR007, okr_span_make(id, 0, 0),
                                      "file is larger than the limit of %d MiB; not checked",
                                      OKR_MAX_FILE_BYTES / (1024 * 1024));
        okr_diag_help(&prog->diags, d, "split the OKRs into one file per team and cycle");
        okr_file_unit *unit = okr_arena_alloc(&prog->arena, sizeof *unit);
        unit->ast = okr_arena_alloc(&prog->arena, sizeof *unit->ast);
        unit->ast->file = id;
        unit->ast->parse_failed = 1;
        okr_vec_push(&prog->arena, &prog->units, unit);
    } else {
        okr_program_add_text(prog, path, text, len);
    }
    free(text);
    return 0;
}

void okr_program_add_text(okr_program *prog, const char *path, const char *text, size_t len)
{
    uint32_t id = okr_source_add(&prog->sources, path, text, len, 0);
    okr_file_unit *unit = okr_arena_alloc(&prog->arena, sizeof *unit);
    unit->ast = okr_parse_file(&prog->arena, &prog->diags, &prog->sources, id);
    okr_vec_push(&prog->arena, &prog->units, unit);
}

int okr_program_load_policy(okr_program *prog, const char *path)
{
    size_t len = 0;
    int too_big;
    char *text = read_file(path, OKR_MAX_POLICY_BYTES, &len, &too_big);
    if (!text)
        return -1;
    uint32_t id = okr_source_add(&prog->sources, path, text, too_big ? 0 : len, 0);
    free(text);
    prog->policy.path = okr_arena_strdup(&prog->arena, path);
    if (too_big) {
        okr_diag *d = okr_diag_report(&prog->diags, OKR007, okr_span_make(id, 0, 0),
                                      "policy file is larger than the limit of %d KiB; not read",
                                      OKR_MAX_POLICY_BYTES / 1024);
        okr_diag_help(&prog->diags, d, "a policy holds a few settings and word lists; check that this is the right file");
        return 0;
    }
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
    return 0;
}

okr_archetype okr_objective_archetype(const okr_objective *obj)
{
    return obj->archetype == OKR_ARCH_NONE ? OKR_ARCH_ASPIRATIONAL : obj->archetype;
}

void okr_program_check(okr_program *prog)
{
    if (prog->checked)
        return;
    prog->checked = 1;
    okr_pass_resolve(prog);
    okr_pass_types(prog);
    okr_pass_feeds(prog);
    okr_pass_task_style(prog);
    okr_pass_archetypes(prog);
    okr_pass_shape(prog);
    okr_pass_statements(prog);
    okr_pass_suppressions(prog);
    okr_diags_finish(&prog->diags);
}
