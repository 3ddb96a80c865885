/* atomic.h: writing a file so that it is either the old one or the new one
 * (spec.md, "Robustness").
 *
 * okrc writes user files in two places: `okrc fmt` rewrites sources and
 * `-o FILE` writes a report. Both write a temporary file beside the target
 * (NAME.XXXXXX: the same file system, so rename() is atomic, and never a
 * .okr name, so a walk never picks up one left by a crash), flush it to
 * disk, give it the permissions of the file it replaces (a new file: 0666
 * less the umask) and rename it over the target. A link is replaced at its
 * target, so the link stays a link. A target that exists and is not a
 * regular file (/dev/stdout, /dev/null, a FIFO) cannot be renamed over and
 * is written in place.
 *
 * The same module answers "is this output one of the inputs?", so that no
 * command overwrites what it was asked to read. Nothing here keeps state
 * between calls. */
#ifndef OKR_ATOMIC_H
#define OKR_ATOMIC_H

#include <stddef.h>
#include <stdio.h>

typedef struct okr_atomic_file {
    FILE *f;      /* write here */
    char *tmp;    /* the temporary file; NULL when writing in place */
    char *target; /* what the temporary file replaces */
} okr_atomic_file;

/* Starts writing `path`. Returns 0, or -1 with errno set. */
int okr_atomic_open(okr_atomic_file *a, const char *path);

/* Flushes, syncs and renames the temporary file over the target. Returns 0,
 * or -1 with errno set, the target untouched and the temporary file removed.
 * Either way `a` is finished. */
int okr_atomic_commit(okr_atomic_file *a);

/* As okr_atomic_commit, but the last look before the rename checks that
 * the target is still the file `before` describes (stat(2) of it taken
 * before it was read: device, inode, size and modification time). When it
 * is not (an editor saved it meanwhile), the target is left as it is, the
 * temporary file removed, and 1 returned. `okrc check --fix` rewrites a
 * file from what it read, so it must not overwrite a newer save. */
struct stat;
int okr_atomic_commit_unchanged(okr_atomic_file *a, const struct stat *before);

/* Gives up: removes the temporary file, leaves the target as it was. */
void okr_atomic_abort(okr_atomic_file *a);

/* Replaces `path` with `text` atomically (the whole of the above). */
int okr_atomic_replace(const char *path, const char *text, size_t len);

/* 1 when writing `output` would overwrite `input`: the same file (device and
 * inode), or, when `output` does not exist yet, the same path. */
int okr_atomic_same_file(const char *output, const char *input);

#endif
