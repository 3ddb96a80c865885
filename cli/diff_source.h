/* diff_source.h: one side of `okrc diff` (OLD or NEW) read into a checked
 * program (spec.md, "okrc diff", "OLD and NEW").
 *
 * A side is a file or directory that exists, or a revision of the git
 * repository of the current directory that `git rev-parse --verify`
 * accepts as a commit; an argument that is both, or neither, is a usage
 * error. A directory's files are gathered as `okrc check` gathers them
 * (common/workspace.h); a revision's are listed with `git ls-tree` and read
 * with `git cat-file --batch`, so the work tree and the index are never
 * read or written. */
#ifndef OKR_CLI_DIFF_SOURCE_H
#define OKR_CLI_DIFF_SOURCE_H

#include <stddef.h>

#include "../checker/program.h"

typedef struct okr_diff_side {
    const char *arg;   /* OLD or NEW as given */
    const char *which; /* "OLD" or "NEW", for messages */
    int is_revision;
    char commit[80];   /* the commit a revision names */
    okr_program prog;  /* initialised by okr_diff_side_load, whatever it returns */
} okr_diff_side;

/* Decides what side->arg is, reads the files of PATHs (none: all of it)
 * into side->prog and checks it. Returns 0, or 2 after printing why to
 * stderr: an argument that is both or neither, an I/O or git failure, no
 * .okr file, or a program with input, syntax or name errors (OKR0xx,
 * OKR1xx: it was not understood, so it cannot be compared). */
int okr_diff_side_load(okr_diff_side *side, char *const *paths, size_t count);

#endif
