/* fix.h: `okrc check --fix` and `okrc check --fix --diff` (spec.md,
 * "okrc check --fix").
 *
 * The check command loads and checks the program as always, then hands it
 * here: the machine-applicable fixes of the files named on the command line
 * are applied in rounds (fix, check again, fix what the new check offers)
 * until nothing more applies or OKR_FIX_MAX_ROUNDS have run, and each
 * changed file is then written once, atomically, or shown as a unified
 * diff. The program is left checked as the files now read, so the caller
 * reports what remains. */
#ifndef OKR_CLI_FIX_H
#define OKR_CLI_FIX_H

#include <stddef.h>

#include "../checker/program.h"

enum { OKR_FIX_MAX_ROUNDS = 10 };

typedef struct okr_fix_options {
    char *const *paths; /* the PATH arguments (none: "."): only their files change */
    size_t path_count;
    int diff;           /* --diff: print a unified diff, write nothing */
} okr_fix_options;

typedef struct okr_fix_outcome {
    size_t findings; /* findings fixed (or that would be, with --diff) */
    size_t files;    /* files changed (or that would change) */
    int io_error;    /* a file could not be written, was read-only or changed meanwhile */
} okr_fix_outcome;

/* Applies the fixes of the checked program `prog` and leaves it checked
 * again (rebuilt in place) from the texts written, or, with --diff, the
 * texts that would be. Prints the diffs to standard output, errors and a
 * summary ("okrc: fixed 3 findings in 2 files") to standard error. */
void okr_fix_program(okr_program *prog, const okr_fix_options *o, okr_fix_outcome *out);

#endif
