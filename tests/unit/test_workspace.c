/* test_workspace.c: the workspace module (common/workspace.c): which files a
 * walk gathers and in what order (spec.md, "Files checked"), what it must
 * never touch (hidden entries, links to directories, FIFOs), the size
 * limit of a read, the policy found by walking up, and the OKR007 reports
 * the checker makes from the limit. Each test builds its own tree in a
 * fresh temporary directory. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "program.h"
#include "parser.h"
#include "workspace.h"
#include "tmp_tree.h"

typedef struct tree {
    char *root; /* a real path: find_policy answers with real paths */
    char paths[4][PATH_MAX]; /* at()'s answers: a few live at once */
    int next;
    char listing[4096]; /* gathered()'s answer */
} tree;

static char *at(tree *t, const char *rel)
{
    char *p = t->paths[t->next++ % 4];
    snprintf(p, PATH_MAX, "%s/%s", t->root, rel);
    return p;
}

/* Makes a file with `text`, or a directory when rel ends in '/'. */
static void mk(tree *t, const char *rel, const char *text)
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
    fputs(text, f);
    fclose(f);
}

static void ln(tree *t, const char *target, const char *rel)
{
    assert_int_equal(symlink(target, at(t, rel)), 0);
}


static int setup(void **state)
{
    tree *t = calloc(1, sizeof *t);
    if (!t || !(t->root = okr_tmp_tree_make("okrc-ws")))
        return -1;
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

/* The gathered paths relative to the root, joined by spaces. */
static const char *gathered(tree *t, const okr_workspace_files *files)
{
    char *out = t->listing;
    out[0] = '\0';
    for (size_t i = 0; i < files->len; i++) {
        if (i)
            strcat(out, " ");
        strcat(out, okr_workspace_shown(files->paths[i], t->root));
    }
    return out;
}

/* What a walk from `rel` (NULL: the root) gathers. */
static const char *walk(tree *t, const okr_workspace_walk *how, const char *rel)
{
    okr_workspace_files files = {0};
    char *const paths[] = {at(t, rel ? rel : "")};
    assert_int_equal(okr_workspace_gather(how, paths, 1, &files), 0);
    const char *got = gathered(t, &files);
    okr_workspace_files_free(&files);
    return got;
}

static void test_sorted_recursive(void **state)
{
    tree *t = *state;
    mk(t, "b.okr", "");
    mk(t, "a.okr", "");
    mk(t, "notes.txt", "");
    mk(t, "z/", NULL);
    mk(t, "z/d.okr", "");
    mk(t, "m/", NULL);
    mk(t, "m/sub/", NULL);
    mk(t, "m/sub/c.okr", "");
    mk(t, "m/b.okr", "");
    mk(t, "a.okr.bak", "");
    mk(t, ".okr", "");
    okr_workspace_walk strict = {.errors = stderr};
    assert_string_equal(walk(t, &strict, NULL), "a.okr b.okr m/b.okr m/sub/c.okr z/d.okr");

    /* Paths in argument order, each directory expanded in place; a file
     * named explicitly is taken whatever its name, twice if named twice. */
    okr_workspace_files files = {0};
    char *const paths[] = {at(t, "z"), at(t, "notes.txt"), at(t, "a.okr"), at(t, "a.okr")};
    assert_int_equal(okr_workspace_gather(&strict, paths, 4, &files), 0);
    assert_string_equal(gathered(t, &files), "z/d.okr notes.txt a.okr a.okr");
    okr_workspace_files_free(&files);
}

static void test_hidden_skipped(void **state)
{
    tree *t = *state;
    mk(t, "x.okr", "");
    mk(t, ".hidden.okr", "");
    mk(t, ".git/", NULL);
    mk(t, ".git/y.okr", "");
    mk(t, "d/", NULL);
    mk(t, "d/.swap.okr", "");
    mk(t, "d/e.okr", "");
    okr_workspace_walk strict = {.errors = stderr};
    assert_string_equal(walk(t, &strict, NULL), "d/e.okr x.okr");
    /* Named explicitly, a hidden directory is searched. */
    assert_string_equal(walk(t, &strict, ".git"), ".git/y.okr");
}

static void test_linked_directory_not_followed(void **state)
{
    tree *t = *state;
    mk(t, "real/", NULL);
    mk(t, "real/r.okr", "");
    ln(t, "real", "alias");
    ln(t, "..", "real/up");      /* a cycle, were links followed */
    ln(t, "real/r.okr", "l.okr"); /* a link to a file is read as a file */
    ln(t, "nowhere.okr", "dangling.okr");
    okr_workspace_walk strict = {.errors = stderr};
    /* A dangling link is taken: reading it is the I/O error spec.md names. */
    assert_string_equal(walk(t, &strict, NULL), "dangling.okr l.okr real/r.okr");
    /* A link named as a PATH is followed: the user asked for it. */
    assert_string_equal(walk(t, &strict, "alias"), "alias/r.okr");
}

static void test_fifo_skipped(void **state)
{
    tree *t = *state;
    mk(t, "a.okr", "");
    assert_int_equal(mkfifo(at(t, "pipe.okr"), 0644), 0);
    assert_int_equal(mkfifo(at(t, "fifo"), 0644), 0);
    ln(t, "fifo", "via-link.okr");
    /* Nothing opens the FIFOs: a read of either would block for ever. */
    okr_workspace_walk strict = {.errors = stderr};
    assert_string_equal(walk(t, &strict, NULL), "a.okr");
}

/* The language server's walk (lenient, bounded) is the same walk: a *.okr
 * link to a FIFO is skipped there too. Named directly, a FIFO or a device is
 * refused without blocking, while a pipe handed over as /dev/fd/N is read. */
static void test_fifo_refused(void **state)
{
    tree *t = *state;
    mk(t, "a.okr", "team t \"T\"\n");
    assert_int_equal(mkfifo(at(t, "fifo"), 0644), 0);
    ln(t, "fifo", "via-link.okr");
    okr_workspace_walk lsp = {.max_files = 5000, .max_entries = 50000, .max_depth = 24};
    assert_string_equal(walk(t, &lsp, NULL), "a.okr");

    size_t len = 0;
    int too_big = 0;
    errno = 0;
    assert_null(okr_workspace_read(at(t, "via-link.okr"), 1024, &len, &too_big));
    assert_int_equal(errno, ENXIO);
    assert_null(okr_workspace_read("/dev/zero", 1024, &len, &too_big));
    assert_int_equal(errno, ENXIO);
    assert_string_equal(okr_workspace_strerror(ENXIO),
                        "not a regular file (a FIFO, socket or device, whose reading could wait forever)");
    assert_int_equal(okr_workspace_probe(at(t, "fifo"), 1), ENXIO);
    assert_int_equal(okr_workspace_probe(at(t, "a.okr"), 0), 0);
    assert_int_equal(okr_workspace_probe(at(t, "missing"), 1), ENOENT);
    assert_int_equal(okr_workspace_probe(t->root, 1), EISDIR);

    int fds[2];
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], "team", 4), 4);
    close(fds[1]);
    char dev_fd[64];
    snprintf(dev_fd, sizeof dev_fd, "/dev/fd/%d", fds[0]);
    assert_int_equal(okr_workspace_probe(dev_fd, 0), ENXIO); /* not where pipes are taken */
    char *text = okr_workspace_read(dev_fd, 1024, &len, &too_big);
    assert_non_null(text);
    assert_int_equal(len, 4);
    free(text);
    close(fds[0]);
}

/* A reader (okr_workspace_reader) answers as okr_workspace_read_within
 * does, holding a directory open between files: the same bytes, the same
 * errors, and a directory replaced between two reads is the new one. */
static void test_reader(void **state)
{
    tree *t = *state;
    mk(t, "d/", NULL);
    mk(t, "d/a.okr", "team a");
    mk(t, "d/b.okr", "team bb");
    mk(t, "e/", NULL);
    mk(t, "e/c.okr", "");
    assert_int_equal(mkfifo(at(t, "d/fifo.okr"), 0644), 0);
    okr_workspace_reader r;
    okr_workspace_reader_init(&r);
    size_t len = 0;
    int too_big = 1;
    char *text = okr_workspace_reader_read(&r, at(t, "d/a.okr"), 1024, &len, &too_big);
    assert_non_null(text);
    assert_int_equal(too_big, 0);
    assert_string_equal(text, "team a"); /* NUL-terminated */
    free(text);
    text = okr_workspace_reader_read(&r, at(t, "d/b.okr"), 4, &len, &too_big);
    assert_non_null(text);
    assert_int_equal(too_big, 1); /* over the limit: not read */
    assert_int_equal(len, 0);
    free(text);
    errno = 0;
    assert_null(okr_workspace_reader_read(&r, at(t, "d/fifo.okr"), 1024, &len, &too_big));
    assert_int_equal(errno, ENXIO);
    assert_null(okr_workspace_reader_read(&r, at(t, "d/missing.okr"), 1024, &len, &too_big));
    assert_int_equal(errno, ENOENT);
    assert_null(okr_workspace_reader_read(&r, at(t, "d"), 1024, &len, &too_big));
    assert_int_equal(errno, EISDIR);
    text = okr_workspace_reader_read(&r, at(t, "e/c.okr"), 1024, &len, &too_big);
    assert_non_null(text);
    assert_int_equal(len, 0);
    free(text);
    /* e is replaced while the reader holds it */
    assert_int_equal(rename(at(t, "e"), at(t, "old-e")), 0);
    mk(t, "e/", NULL);
    mk(t, "e/c.okr", "new");
    mk(t, "e/f.okr", "f");
    text = okr_workspace_reader_read(&r, at(t, "e/f.okr"), 1024, &len, &too_big);
    assert_non_null(text);
    assert_string_equal(text, "f");
    free(text);
    okr_workspace_reader_close(&r);
    assert_int_equal(r.dir_fd, -1);
}

/* read_text: what the reader reads at rel, "" when it fails (errno in *err). */
static const char *read_text(tree *t, okr_workspace_reader *r, const char *rel, int *err)
{
    static char got[64];
    size_t len = 0;
    int too_big = 0;
    errno = 0;
    char *text = okr_workspace_reader_read(r, at(t, rel), 1024, &len, &too_big);
    *err = text ? 0 : errno;
    snprintf(got, sizeof got, "%s", text ? text : "");
    free(text);
    return got;
}

/* The reader holds a directory two levels above a file and opens files in
 * folders below it from there: the answers are still the paths'. */
static void test_reader_above(void **state)
{
    tree *t = *state;
    const char *made[][2] = {{"d/", NULL}, {"d/x/", NULL}, {"d/y/", NULL}, {"d/x/deep/", NULL}, {"dd/", NULL},
                             {"dd/x/", NULL}, {"d/d/", NULL}, {"d/d/x/", NULL}, {"d/d/x/a.okr", "wrong"},
                             {"d/x/a.okr", "a"}, {"d/y/b.okr", "b"}, {"d/x/deep/e.okr", "e"},
                             {"dd/x/a.okr", "dd a"}, {"top.okr", "top"}};
    for (size_t i = 0; i < sizeof made / sizeof made[0]; i++)
        mk(t, made[i][0], made[i][1]);
    okr_workspace_reader r;
    okr_workspace_reader_init(&r);
    int err;
    assert_string_equal(read_text(t, &r, "d/x/a.okr", &err), "a");
    assert_string_equal(read_text(t, &r, "d/y/b.okr", &err), "b");
    assert_string_equal(read_text(t, &r, "d//y/b.okr", &err), "b");
    assert_string_equal(read_text(t, &r, "d/x/../y/b.okr", &err), "b");
    assert_string_equal(read_text(t, &r, "d/x/deep/e.okr", &err), "e");
    assert_string_equal(read_text(t, &r, "dd/x/a.okr", &err), "dd a"); /* "dd" is not below "d" */
    assert_string_equal(read_text(t, &r, "d/y/../x/a.okr", &err), "a");
    assert_string_equal(read_text(t, &r, "top.okr", &err), "top");
    assert_string_equal(read_text(t, &r, "d/y", &err), "");
    assert_int_equal(err, EISDIR);
    assert_string_equal(read_text(t, &r, "d/y/b.okr/", &err), "");
    assert_int_equal(err, ENOTDIR);
    assert_int_equal(remove(at(t, "d/y/b.okr")), 0);
    assert_string_equal(read_text(t, &r, "d/y/b.okr", &err), "");
    assert_int_equal(err, ENOENT);
    okr_workspace_reader_close(&r);
    okr_workspace_reader_init(&r);
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(t->root), 0); /* relative paths, as a walk of "d" names them */
    const char *rel[] = {"d/x/a.okr", "d/x/deep/e.okr", "./d/x/a.okr", "top.okr"}, *want[] = {"a", "e", "a", "top"};
    for (size_t i = 0; i < 4; i++) {
        size_t len;
        int too_big;
        char *text = okr_workspace_reader_read(&r, rel[i], 1024, &len, &too_big);
        assert_non_null(text);
        assert_string_equal(text, want[i]);
        free(text);
    }
    assert_int_equal(chdir(cwd), 0);
    okr_workspace_reader_close(&r);
}

/* Folders of dependencies and build output are passed over by every walk,
 * at any depth; named as a PATH, one is searched. */
static void test_vendored_skipped(void **state)
{
    tree *t = *state;
    static const char *const skipped[] = {"node_modules", "bower_components", "vendor", "venv", "__pycache__",
                                          "build", "_build", "dist", "target"};
    char rel[128];
    for (size_t i = 0; i < sizeof skipped / sizeof skipped[0]; i++) {
        snprintf(rel, sizeof rel, "%s/", skipped[i]);
        mk(t, rel, NULL);
        snprintf(rel, sizeof rel, "%s/x.okr", skipped[i]);
        mk(t, rel, "");
    }
    mk(t, "src/", NULL);
    mk(t, "src/node_modules/", NULL);
    mk(t, "src/node_modules/y.okr", "");
    mk(t, "src/a.okr", "");
    mk(t, "build.okr", "");   /* a file of that name is no folder */
    mk(t, "builds/", NULL);   /* nor is a folder of another name */
    mk(t, "builds/b.okr", "");
    okr_workspace_walk strict = {.errors = stderr};
    assert_string_equal(walk(t, &strict, NULL), "build.okr builds/b.okr src/a.okr");
    assert_string_equal(walk(t, &strict, "build"), "build/x.okr");
    assert_true(okr_workspace_skipped_name("node_modules", 1));
    assert_false(okr_workspace_skipped_name("node_modules", 0));
    assert_true(okr_workspace_skipped_name(".git", 1));
}

/* The entry bound counts every entry visited, .okr or not, and says that it
 * stopped the walk. */
static void test_entry_cap(void **state)
{
    tree *t = *state;
    char rel[64];
    mk(t, "d/", NULL);
    for (int i = 0; i < 40; i++) {
        snprintf(rel, sizeof rel, "d/f%02d.txt", i);
        mk(t, rel, "");
    }
    mk(t, "z.okr", "");
    okr_workspace_walk bounded = {.max_entries = 10};
    okr_workspace_files files = {0};
    char *const paths[] = {t->root};
    assert_int_equal(okr_workspace_gather(&bounded, paths, 1, &files), 0);
    assert_true(files.entries <= 10);
    assert_int_equal(files.capped, OKR_WALK_CAPPED_ENTRIES);
    assert_int_equal(files.len, 0); /* d/ comes first and used the bound up */
    okr_workspace_files_free(&files);

    okr_workspace_walk roomy = {.max_entries = 1000};
    assert_int_equal(okr_workspace_gather(&roomy, paths, 1, &files), 0);
    assert_int_equal(files.capped, 0);
    assert_int_equal(files.len, 1);
    assert_true(files.entries >= 42 && files.entries <= 48);
    okr_workspace_files_free(&files);
}

static void test_strict_and_lenient(void **state)
{
    tree *t = *state;
    mk(t, "empty/", NULL);
    mk(t, "empty/readme.txt", "");
    char *buf = NULL;
    size_t len = 0;
    FILE *errors = open_memstream(&buf, &len);
    okr_workspace_walk strict = {.errors = errors};
    okr_workspace_files files = {0};
    char *const missing[] = {at(t, "missing")};
    assert_int_equal(okr_workspace_gather(&strict, missing, 1, &files), -1);
    char *const empty[] = {at(t, "empty")};
    assert_int_equal(okr_workspace_gather(&strict, empty, 1, &files), -1);
    fclose(errors);
    char want[3 * PATH_MAX];
    snprintf(want, sizeof want, "okrc: error: cannot read '%s': No such file or directory\n"
             "okrc: error: no .okr files in '%s'\n", missing[0], empty[0]);
    assert_string_equal(buf, want);
    free(buf);

    okr_workspace_walk lenient = {0};
    char *const both[] = {missing[0], empty[0]};
    assert_int_equal(okr_workspace_gather(&lenient, both, 2, &files), 0);
    assert_int_equal(files.len, 0);
    okr_workspace_files_free(&files);
}

/* A walk on threads (okr_workspace_walk.jobs) gathers the list one thread
 * does: the PATH's files between its subdirectories' where they fall, and
 * counts the same entries. A walk with a bound is not split. */
static void test_walk_on_threads(void **state)
{
    tree *t = *state;
    const char *made[] = {"a.okr", "b/", "b/x.okr", "b/c/", "b/c/y.okr", "c.okr", "d/", "d/.h.okr", "e/",
                          "e/z.okr", "e/f/", "e/f/g/", "e/f/g/w.okr", "node_modules/", "node_modules/n.okr",
                          "z.okr", "zz/", "zz/v.okr", "zz/build/", "zz/build/u.okr"};
    for (size_t i = 0; i < sizeof made / sizeof made[0]; i++)
        mk(t, made[i], "");
    ln(t, "b", "link_dir");
    ln(t, "a.okr", "link.okr");
    const char *want = "a.okr b/c/y.okr b/x.okr c.okr e/f/g/w.okr e/z.okr link.okr z.okr zz/v.okr";
    okr_workspace_walk one = {.errors = stderr}, four = {.errors = stderr, .jobs = 4};
    assert_string_equal(walk(t, &one, NULL), want);
    assert_string_equal(walk(t, &four, NULL), want);
    okr_workspace_files a = {0}, b = {0};
    char *const root[] = {at(t, "")};
    assert_int_equal(okr_workspace_gather(&one, root, 1, &a), 0);
    assert_int_equal(okr_workspace_gather(&four, root, 1, &b), 0);
    assert_int_equal(a.entries, b.entries);
    okr_workspace_files_free(&a);
    okr_workspace_files_free(&b);
    okr_workspace_walk capped = {.errors = stderr, .jobs = 4, .max_files = 3};
    assert_string_equal(walk(t, &capped, NULL), "a.okr b/c/y.okr b/x.okr");
}

/* A PATH holding one folder with the teams in it is opened out below it,
 * so that the threads share the teams: the list is still one walk's. */
static void test_walk_on_threads_one_folder(void **state)
{
    tree *t = *state;
    char want[4096] = "a.okr", rel[64];
    mk(t, "a.okr", "");
    mk(t, "okrs/", NULL);
    for (int i = 10; i < 30; i++) {
        snprintf(rel, sizeof rel, "okrs/t%d/", i);
        mk(t, rel, NULL);
        snprintf(rel, sizeof rel, "okrs/t%d/deep/", i);
        mk(t, rel, NULL);
        snprintf(rel, sizeof rel, "okrs/t%d/deep/q.okr", i);
        mk(t, rel, "");
        snprintf(rel + strlen(rel) - 10, 16, "p.okr");
        mk(t, rel, "");
        snprintf(want + strlen(want), sizeof want - strlen(want), " okrs/t%d/deep/q.okr okrs/t%d/p.okr", i, i);
    }
    mk(t, "okrs/z.okr", "");
    mk(t, "z.okr", "");
    strcat(want, " okrs/z.okr z.okr");
    okr_workspace_walk one = {.errors = stderr}, four = {.errors = stderr, .jobs = 4};
    assert_string_equal(walk(t, &one, NULL), want);
    assert_string_equal(walk(t, &four, NULL), want);
}

static void test_caps(void **state)
{
    tree *t = *state;
    mk(t, "1.okr", "");
    mk(t, "2.okr", "");
    mk(t, "3.okr", "");
    mk(t, "d/", NULL);
    mk(t, "d/e/", NULL);
    mk(t, "d/d.okr", "");
    mk(t, "d/e/e.okr", "");
    okr_workspace_walk two = {.max_files = 2};
    assert_string_equal(walk(t, &two, NULL), "1.okr 2.okr");
    okr_workspace_walk shallow = {.max_depth = 1};
    assert_string_equal(walk(t, &shallow, NULL), "1.okr 2.okr 3.okr d/d.okr");
    /* Which bound stopped the walk is said, for the language server's log. */
    okr_workspace_files files = {0};
    char *const paths[] = {t->root};
    assert_int_equal(okr_workspace_gather(&two, paths, 1, &files), 0);
    assert_int_equal(files.capped, OKR_WALK_CAPPED_FILES);
    okr_workspace_files_free(&files);
    assert_int_equal(okr_workspace_gather(&shallow, paths, 1, &files), 0);
    assert_int_equal(files.capped, OKR_WALK_CAPPED_DEPTH);
    okr_workspace_files_free(&files);
    okr_workspace_walk none = {0};
    assert_int_equal(okr_workspace_gather(&none, paths, 1, &files), 0);
    assert_int_equal(files.capped, 0);
    okr_workspace_files_free(&files);
}

static void test_read_limit(void **state)
{
    tree *t = *state;
    mk(t, "ten", "0123456789");
    size_t len = 0;
    int too_big = -1;
    char *text = okr_workspace_read(at(t, "ten"), 10, &len, &too_big);
    assert_non_null(text);
    assert_int_equal(len, 10);
    assert_int_equal(too_big, 0);
    assert_memory_equal(text, "0123456789", 10);
    free(text);
    text = okr_workspace_read(at(t, "ten"), 9, &len, &too_big);
    assert_non_null(text);
    assert_int_equal(too_big, 1);
    free(text);

    /* A pipe has no size to trust: it is read until the limit is passed. */
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    char big[300];
    memset(big, 'x', sizeof big);
    assert_int_equal(write(fds[1], big, sizeof big), (ssize_t)sizeof big);
    close(fds[1]);
    char dev[64];
    snprintf(dev, sizeof dev, "/dev/fd/%d", fds[0]);
    text = okr_workspace_read(dev, 299, &len, &too_big);
    close(fds[0]);
    assert_non_null(text);
    assert_int_equal(too_big, 1);
    free(text);

    errno = 0;
    assert_null(okr_workspace_read(t->root, 10, &len, &too_big));
    assert_int_equal(errno, EISDIR);
    assert_null(okr_workspace_read(at(t, "missing"), 10, &len, &too_big));
    assert_int_equal(errno, ENOENT);
}

/* A sparse file of `size` bytes. */
static void mk_sized(tree *t, const char *rel, off_t size)
{
    int fd = open(at(t, rel), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, size), 0);
    close(fd);
}

static const okr_diag *only_diag(const okr_program *prog)
{
    assert_int_equal(prog->diags.list.len, 1);
    return prog->diags.list.items[0];
}

/* The checker's reports of the limits (spec.md, "Limits"): a file over
 * 64 MiB or a policy over 1 MiB is OKR007 and not read. */
static void test_limit_reports(void **state)
{
    tree *t = *state;
    mk_sized(t, "big.okr", (off_t)OKR_MAX_FILE_BYTES + 1);
    mk_sized(t, "big.policy", (off_t)OKR_MAX_POLICY_BYTES + 1);
    okr_program prog;
    okr_program_init(&prog);
    assert_int_equal(okr_program_add_file(&prog, at(t, "big.okr")), 0);
    const okr_diag *d = only_diag(&prog);
    assert_int_equal(d->code, OKR007);
    assert_string_equal(d->message, "file is larger than the limit of 64 MiB; not checked");
    assert_int_equal(prog.units.len, 1);
    okr_file_unit *unit = prog.units.items[0];
    assert_true(unit->ast->parse_failed);
    okr_program_free(&prog);

    okr_program_init(&prog);
    assert_int_equal(okr_program_load_policy(&prog, at(t, "big.policy")), 0);
    d = only_diag(&prog);
    assert_int_equal(d->code, OKR007);
    assert_string_equal(d->message, "policy file is larger than the limit of 1024 KiB; not read");
    okr_program_free(&prog);

    okr_program_init(&prog);
    errno = 0;
    assert_int_equal(okr_program_add_file(&prog, at(t, "missing.okr")), -1);
    assert_int_equal(errno, ENOENT);
    okr_program_free(&prog);
}

static void test_policy_walk_up(void **state)
{
    tree *t = *state;
    mk(t, "okr.policy", "");
    mk(t, "a/", NULL);
    mk(t, "a/b/", NULL);
    mk(t, "a/b/x.okr", "");
    mk(t, "a/okr.policy/", NULL); /* a directory of that name is no policy */
    char *p = okr_workspace_find_policy(at(t, "a/b/x.okr"));
    assert_non_null(p);
    assert_string_equal(p, at(t, "okr.policy"));
    free(p);
    p = okr_workspace_find_policy(at(t, "a/b"));
    assert_string_equal(p, at(t, "okr.policy"));
    free(p);
    mk(t, "a/b/okr.policy", "");
    p = okr_workspace_find_policy(at(t, "a/b/x.okr"));
    assert_string_equal(p, at(t, "a/b/okr.policy"));
    free(p);
    assert_null(okr_workspace_find_policy(at(t, "missing")));
}

static void test_open(void **state)
{
    tree *t = *state;
    mk(t, "okr.policy", "");
    mk(t, "team/", NULL);
    mk(t, "team/t.okr", "");
    char *const paths[] = {at(t, "team")};
    okr_workspace_options o = {.paths = paths, .path_count = 1, .shown_from = t->root,
                               .walk = {.errors = stderr}};
    okr_workspace ws;
    assert_int_equal(okr_workspace_open(&ws, &o), 0);
    assert_string_equal(gathered(t, &ws.files), "team/t.okr");
    assert_string_equal(ws.policy, at(t, "okr.policy"));
    assert_string_equal(ws.policy_shown, "okr.policy");
    okr_workspace_close(&ws);

    o.policy = "given.policy";
    assert_int_equal(okr_workspace_open(&ws, &o), 0);
    assert_string_equal(ws.policy, "given.policy");
    assert_string_equal(ws.policy_shown, "given.policy");
    okr_workspace_close(&ws);

    o.policy = NULL;
    o.no_policy = 1;
    assert_int_equal(okr_workspace_open(&ws, &o), 0);
    assert_null(ws.policy);
    okr_workspace_close(&ws);
}

/* The project rule (spec.md, "Projects"): the root above the PATHs, its
 * other files as context in walk order, each file once under the name
 * given; two roots refused; --project names the root. */
static void test_project(void **state)
{
    tree *t = *state;
    mk(t, "okr.policy", "");
    mk(t, "a.okr", "");
    mk(t, "team/", NULL);
    mk(t, "team/t.okr", "");
    mk(t, "team/u.okr", "");
    ln(t, "team/t.okr", "l.okr");
    char *root = okr_workspace_find_root(at(t, "team/t.okr"));
    assert_string_equal(root, t->root);
    free(root);

    char named[PATH_MAX];
    snprintf(named, sizeof named, "%s", at(t, "team/t.okr"));
    char *const paths[] = {named, named, at(t, "l.okr")};
    okr_workspace_options o = {.paths = paths, .path_count = 3, .shown_from = t->root, .use_project = 1};
    okr_workspace ws;
    assert_int_equal(okr_workspace_open(&ws, &o), 0);
    assert_string_equal(ws.root, t->root);
    assert_string_equal(gathered(t, &ws.files), "a.okr team/t.okr team/u.okr");
    assert_int_equal(ws.context[0], 1);
    assert_int_equal(ws.context[1], 0);
    assert_int_equal(ws.context[2], 1);
    assert_int_equal(ws.context_count, 2);
    assert_string_equal(ws.policy_shown, "okr.policy");
    okr_workspace_close(&ws);

    o.project = at(t, "team");
    o.path_count = 1;
    assert_int_equal(okr_workspace_open(&ws, &o), 0);
    assert_string_equal(gathered(t, &ws.files), "team/t.okr team/u.okr");
    assert_string_equal(ws.policy, at(t, "okr.policy")); /* found above DIR */
    okr_workspace_close(&ws);

    o.project = NULL;
    mk(t, "sub/", NULL);
    mk(t, "sub/okr.policy", "");
    mk(t, "sub/s.okr", "");
    char *const two[] = {named, at(t, "sub/s.okr")};
    o.paths = two;
    o.path_count = 2;
    assert_int_equal(okr_workspace_open(&ws, &o), -1);
    okr_workspace_close(&ws);

    o.use_project = 0; /* without the rule: the PATHs named, as given */
    assert_int_equal(okr_workspace_open(&ws, &o), 0);
    assert_null(ws.root);
    assert_null(ws.context);
    assert_string_equal(gathered(t, &ws.files), "team/t.okr sub/s.okr");
    okr_workspace_close(&ws);
}

static void test_shown(void **state)
{
    (void)state;
    assert_string_equal(okr_workspace_shown("/w/a/b.okr", "/w"), "a/b.okr");
    assert_string_equal(okr_workspace_shown("/wx/b.okr", "/w"), "/wx/b.okr");
    assert_string_equal(okr_workspace_shown("/w/", "/w"), "/w/");
    assert_string_equal(okr_workspace_shown("/x/b.okr", NULL), "/x/b.okr");
}

static void test_session(void **state)
{
    (void)state;
    okr_workspace_session w;
    okr_workspace_session_init(&w);
    uint32_t id = okr_source_add(&w.sources, "t.okr", "x", 1, 0);
    okr_diag_report(&w.diags, OKR007, okr_span_make(id, 0, 1), "a report");
    okr_diags_finish(&w.diags);
    assert_int_equal(w.diags.errors, 1);
    assert_ptr_equal(w.sources.arena, &w.arena);
    okr_workspace_session_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sorted_recursive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hidden_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_linked_directory_not_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reader, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reader_above, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vendored_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entry_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_strict_and_lenient, setup, teardown),
        cmocka_unit_test_setup_teardown(test_caps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walk_on_threads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_walk_on_threads_one_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limit_reports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_policy_walk_up, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open, setup, teardown),
        cmocka_unit_test_setup_teardown(test_project, setup, teardown),
        cmocka_unit_test(test_shown),
        cmocka_unit_test(test_session),
    };
    return cmocka_run_group_tests_name("workspace", tests, NULL, NULL);
}
