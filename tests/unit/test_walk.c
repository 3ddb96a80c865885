/* test_walk.c: the directory walk (common/walk.c) where the file system
 * does not say what an entry is. The walk lists directories with
 * getdents64(2) and trusts its d_type where given (ext4, XFS, btrfs,
 * tmpfs); some file systems give DT_UNKNOWN for every entry, and then the
 * walk must lstat each one itself and gather the same list. No such file
 * system can be mounted in a test, so this binary defines getdents64: the
 * walk (linked in from libokr.a) calls this one, which asks the kernel and
 * then, when told to, blanks every entry's type. Each test builds its own
 * tree in a fresh temporary directory. */
#define _GNU_SOURCE /* getdents64, struct dirent64 */
#include "unit.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "workspace.h"
#include "tmp_tree.h"

/* What the getdents64 below does; a test binary's own state, set by
 * each test before it walks (the walk's threads only read it). */
static struct {
    int unknown_types; /* report every entry as DT_UNKNOWN */
    int calls;         /* how many listings went through here */
} dents;

ssize_t getdents64(int fd, void *buf, size_t len)
{
    long got = syscall(SYS_getdents64, fd, buf, len);
    __atomic_add_fetch(&dents.calls, 1, __ATOMIC_RELAXED);
    for (long at = 0; dents.unknown_types && at < got;) {
        struct dirent64 *e = (struct dirent64 *)(void *)((char *)buf + at);
        e->d_type = DT_UNKNOWN;
        at += e->d_reclen;
    }
    return (ssize_t)got;
}

typedef struct tree {
    char *root;
    char path[PATH_MAX];
    char listing[1 << 17]; /* 1,500 names of 60 bytes */
} tree;

static char *at(tree *t, const char *rel)
{
    snprintf(t->path, sizeof t->path, "%s/%s", t->root, rel);
    return t->path;
}

/* Makes an empty file, or a directory when rel ends in '/'. */
static void mk(tree *t, const char *rel)
{
    char *path = at(t, rel);
    size_t n = strlen(path);
    if (path[n - 1] == '/') {
        path[n - 1] = '\0';
        assert_int_equal(mkdir(path, 0755), 0);
        return;
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
}

static int setup(void **state)
{
    tree *t = calloc(1, sizeof *t);
    if (!t || !(t->root = okr_tmp_tree_make("okrc-walk")))
        return -1;
    dents.unknown_types = 0;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    tree *t = *state;
    okr_tmp_tree_remove(t->root);
    free(t->root);
    free(t);
    return 0;
}

/* What a walk of the root gathers, relative to it, joined by spaces; the
 * entries visited in *entries. */
static const char *walk(tree *t, const okr_workspace_walk *how, size_t *entries)
{
    okr_workspace_files files = {0};
    char *const paths[] = {t->root};
    int calls = dents.calls;
    assert_int_equal(okr_workspace_gather(how, paths, 1, &files), 0);
    assert_true(dents.calls > calls); /* the walk lists through getdents64 */
    char *out = t->listing;
    out[0] = '\0';
    for (size_t i = 0; i < files.len; i++) {
        if (i)
            strcat(out, " ");
        strcat(out, okr_workspace_shown(files.paths[i], t->root));
    }
    if (entries)
        *entries = files.entries;
    okr_workspace_files_free(&files);
    return out;
}

/* Every kind of entry the walk tells apart, with types given and not, on
 * one thread and on four: the same list. */
static void test_unknown_types(void **state)
{
    tree *t = *state;
    const char *made[] = {"a.okr", "b/", "b/x.okr", "b/c/", "b/c/y.okr", "c.okr", "d/", "d/.h.okr", "e/",
                          "e/z.okr", "e/f/", "e/f/g/", "e/f/g/w.okr", "node_modules/", "node_modules/n.okr",
                          "notes.txt", "z.okr", "zz/", "zz/v.okr", "zz/build/", "zz/build/u.okr"};
    for (size_t i = 0; i < sizeof made / sizeof made[0]; i++)
        mk(t, made[i]);
    assert_int_equal(symlink("b", at(t, "link_dir")), 0);         /* not followed */
    assert_int_equal(symlink("b", at(t, "link_dir.okr")), 0);     /* taken: reading it says EISDIR */
    assert_int_equal(symlink("a.okr", at(t, "link.okr")), 0);     /* taken */
    assert_int_equal(symlink("nowhere", at(t, "dangling.okr")), 0); /* taken: reading it says ENOENT */
    assert_int_equal(mkfifo(at(t, "pipe.okr"), 0644), 0);         /* never opened */
    assert_int_equal(symlink("pipe.okr", at(t, "to_pipe.okr")), 0); /* never opened */
    assert_int_equal(mkdir(at(t, "dir.okr"), 0755), 0);           /* a directory, walked */
    mk(t, "dir.okr/in.okr");
    const char *want = "a.okr b/c/y.okr b/x.okr c.okr dangling.okr dir.okr/in.okr e/f/g/w.okr e/z.okr "
                       "link.okr link_dir.okr z.okr zz/v.okr";
    okr_workspace_walk one = {.errors = stderr}, four = {.errors = stderr, .jobs = 4};
    size_t known_entries, unknown_entries;
    assert_string_equal(walk(t, &one, &known_entries), want);
    assert_string_equal(walk(t, &four, NULL), want);
    dents.unknown_types = 1;
    assert_string_equal(walk(t, &one, &unknown_entries), want);
    assert_string_equal(walk(t, &four, NULL), want);
    assert_int_equal(known_entries, unknown_entries);
}

/* A directory larger than one getdents64 buffer: every entry, in byte
 * order, and an entry bound that falls inside a buffer. */
static void test_large_directory(void **state)
{
    tree *t = *state;
    enum { N = 1500 };
    char rel[128];
    mk(t, "big/");
    for (int i = N - 1; i >= 0; i--) {
        snprintf(rel, sizeof rel, "big/%04d-a-name-long-enough-to-fill-buffers-quickly.okr", i);
        mk(t, rel);
    }
    for (int types = 0; types < 2; types++) {
        dents.unknown_types = types;
        okr_workspace_walk one = {.errors = stderr};
        size_t entries;
        const char *got = walk(t, &one, &entries);
        assert_int_equal(entries, N + 5); /* and ., .. twice, and big */
        for (int i = 0; i < N; i++) {
            snprintf(rel, sizeof rel, "%sbig/%04d-a-name-long-enough-to-fill-buffers-quickly.okr", i ? " " : "", i);
            assert_memory_equal(got, rel, strlen(rel));
            got += strlen(rel);
        }
        assert_string_equal(got, "");
        okr_workspace_walk bounded = {.max_entries = 700};
        okr_workspace_files files = {0};
        char *const paths[] = {t->root};
        assert_int_equal(okr_workspace_gather(&bounded, paths, 1, &files), 0);
        assert_int_equal(files.entries, 700);
        assert_int_equal(files.capped, OKR_WALK_CAPPED_ENTRIES);
        okr_workspace_files_free(&files);
    }
}

int main(void)
{
    okr_unit_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unknown_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large_directory, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
