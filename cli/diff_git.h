/* diff_git.h: reading the .okr files of a git revision for `okrc diff`
 * (spec.md, "okrc diff"), by running git: `rev-parse` to resolve the
 * revision, `ls-tree` to list its files and `cat-file --batch` to read
 * them, all from the current directory. None of these reads or writes the
 * work tree or the index. git runs without a shell (posix_spawnp), so a
 * revision or path is never interpreted by one. */
#ifndef OKR_CLI_DIFF_GIT_H
#define OKR_CLI_DIFF_GIT_H

#include <stddef.h>

typedef struct okr_git_file {
    char *path; /* as git prints it: relative to the current directory */
    char *text;
    size_t len;
} okr_git_file;

typedef struct okr_git_tree {
    okr_git_file *files; /* the .okr files, in git's (byte) order */
    size_t len;
    okr_git_file policy; /* the nearest okr.policy; path NULL when none */
} okr_git_tree;

/* Whether `rev` names a commit of the current directory's repository;
 * writes its id to `commit`. A revision starting with '-' is none. */
int okr_git_resolve(const char *rev, char *commit, size_t len);

/* Reads the .okr files of `commit` under `paths` (none: the current
 * directory) and the nearest okr.policy above the first. Returns 0, or -1
 * with a message in `why`. */
int okr_git_read_tree(const char *commit, char *const *paths, size_t count, okr_git_tree *out, char *why,
                      size_t why_len);
void okr_git_tree_free(okr_git_tree *t);

#endif
