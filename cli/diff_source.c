/* diff_source.c: one side of `okrc diff` read and checked; see
 * diff_source.h. A directory side is read as `okrc grade` reads its PATHs
 * (no project rule: exactly the files under the side); a revision side
 * through diff_git.h. PATHs are relative to a directory side (DIR/PATH)
 * and, for a revision, to the current directory as git reads them. */
#include "diff_source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../common/render.h"
#include "../common/workspace.h"
#include "../parser/parser.h"
#include "diff_git.h"

enum { EXIT_USAGE = 2 };

/* A policy file's text read into the program, as okr_program_load_policy
 * reads one from disk. */
static void load_policy_text(okr_program *prog, const char *path, const char *text, size_t len)
{
    uint32_t id = okr_source_add(&prog->sources, path, text, len > OKR_MAX_POLICY_BYTES ? 0 : len, 0);
    prog->policy.path = okr_arena_strdup(&prog->arena, path);
    okr_file_ast *ast = okr_parse_file(&prog->arena, &prog->diags, &prog->sources, id);
    okr_policy_apply(&prog->policy, ast, &prog->diags);
}

static int load_revision(okr_diff_side *s, char *const *paths, size_t count)
{
    okr_git_tree tree;
    char why[512];
    if (okr_git_read_tree(s->commit, paths, count, &tree, why, sizeof why) != 0) {
        fprintf(stderr, "okrc: error: %s: cannot read revision '%s': %s\n", s->which, s->arg, why);
        return EXIT_USAGE;
    }
    int rc = 0;
    if (tree.len == 0) {
        fprintf(stderr, "okrc: error: %s: revision '%s' has no .okr file%s%s\n", s->which, s->arg,
                count ? " under " : " under the current directory", count ? paths[0] : "");
        rc = EXIT_USAGE;
    }
    if (rc == 0 && tree.policy.path)
        load_policy_text(&s->prog, tree.policy.path, tree.policy.text, tree.policy.len);
    for (size_t i = 0; rc == 0 && i < tree.len; i++) {
        if (tree.files[i].len > OKR_MAX_FILE_BYTES) {
            fprintf(stderr, "okrc: error: %s: '%s' in revision '%s' is larger than the limit of %d MiB\n", s->which,
                    tree.files[i].path, s->arg, OKR_MAX_FILE_BYTES / (1024 * 1024));
            rc = EXIT_USAGE;
        } else {
            okr_program_add_text(&s->prog, tree.files[i].path, tree.files[i].text, tree.files[i].len);
        }
    }
    okr_git_tree_free(&tree);
    return rc;
}

static int load_directory(okr_diff_side *s, char *const *paths, size_t count)
{
    char **joined = calloc(count + 1, sizeof *joined);
    if (!joined)
        abort();
    char *own[] = {(char *)s->arg};
    for (size_t i = 0; i < count; i++) {
        size_t n = strlen(s->arg) + strlen(paths[i]) + 2;
        joined[i] = malloc(n);
        if (!joined[i])
            abort();
        snprintf(joined[i], n, "%s/%s", s->arg, paths[i]);
    }
    okr_workspace_options wo = {
        .paths = count ? joined : own, .path_count = count ? count : 1, .walk = {.errors = stderr},
    };
    okr_workspace ws;
    int rc = okr_workspace_open(&ws, &wo) != 0 ? EXIT_USAGE : 0;
    if (rc == 0 && ws.policy && okr_program_load_policy(&s->prog, ws.policy_shown) != 0) {
        fprintf(stderr, "okrc: error: %s: cannot read policy '%s': %s\n", s->which, ws.policy_shown,
                okr_workspace_strerror(errno));
        rc = EXIT_USAGE;
    }
    for (size_t i = 0; rc == 0 && i < ws.files.len; i++) {
        if (okr_program_add_file(&s->prog, ws.files.paths[i]) != 0) {
            fprintf(stderr, "okrc: error: %s: cannot read '%s': %s\n", s->which, ws.files.paths[i],
                    okr_workspace_strerror(errno));
            rc = EXIT_USAGE;
        }
    }
    okr_workspace_close(&ws);
    for (size_t i = 0; i < count; i++)
        free(joined[i]);
    free(joined);
    return rc;
}

/* Whether the program was understood: no input, syntax or name error. */
static int understood(const okr_program *prog)
{
    for (size_t i = 0; i < prog->diags.list.len; i++) {
        const okr_diag *d = prog->diags.list.items[i];
        const char *code = okr_code_info_get(d->code)->code;
        if (d->severity == OKR_SEV_ERROR && (code[3] == '0' || code[3] == '1'))
            return 0;
    }
    return 1;
}

int okr_diff_side_load(okr_diff_side *s, char *const *paths, size_t count)
{
    okr_program_init(&s->prog);
    struct stat st;
    int is_path = stat(s->arg, &st) == 0;
    s->is_revision = okr_git_resolve(s->arg, s->commit, sizeof s->commit);
    if (is_path && s->is_revision) {
        fprintf(stderr, "okrc: error: %s: '%s' is both a path and a git revision; write ./%s for the path or "
                "%s^{commit} for the revision\n", s->which, s->arg, s->arg, s->arg);
        return EXIT_USAGE;
    }
    if (!is_path && !s->is_revision) {
        fprintf(stderr, "okrc: error: %s: '%s' is neither a file or directory nor a revision of the git "
                "repository here\n", s->which, s->arg);
        return EXIT_USAGE;
    }
    if (is_path && !S_ISDIR(st.st_mode) && count) {
        fprintf(stderr, "okrc: error: %s: '%s' is a file; PATHs select files inside directories and revisions\n",
                s->which, s->arg);
        return EXIT_USAGE;
    }
    int rc = s->is_revision ? load_revision(s, paths, count) : load_directory(s, paths, count);
    if (rc != 0)
        return rc;
    okr_program_check(&s->prog);
    if (!understood(&s->prog)) {
        okr_render_options ro = {.format = OKR_FORMAT_TEXT, .files_checked = s->prog.units.len};
        okr_render(stderr, &s->prog.diags, &s->prog.sources, &ro);
        fprintf(stderr, "okrc: error: %s ('%s') has input, syntax or name errors; fix them (okrc check) to "
                "compare it\n", s->which, s->arg);
        return EXIT_USAGE;
    }
    return 0;
}
