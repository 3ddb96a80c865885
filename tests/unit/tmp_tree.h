/* tmp_tree.h: a fresh temporary directory for a unit test that builds a
 * tree of files, and its removal. Shared by the tests of the walk and the
 * workspace; include after unit.h, in a file that defines _XOPEN_SOURCE
 * 700 or _GNU_SOURCE (nftw). */
#ifndef OKR_TMP_TREE_H
#define OKR_TMP_TREE_H

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

/* A new directory under $TMPDIR (else /tmp) named NAME.XXXXXX, as a real
 * path (malloc'd), or NULL. */
static inline char *okr_tmp_tree_make(const char *name)
{
    const char *tmp = getenv("TMPDIR");
    char tmpl[PATH_MAX];
    snprintf(tmpl, sizeof tmpl, "%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
    return mkdtemp(tmpl) ? realpath(tmpl, NULL) : NULL;
}

static inline int okr_tmp_tree_remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

/* Removes ROOT and everything under it, without following links. */
static inline void okr_tmp_tree_remove(const char *root)
{
    nftw(root, okr_tmp_tree_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
