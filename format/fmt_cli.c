/* fmt_cli.c: the `okrc fmt` command (spec.md, "Formatting").
 *
 * Gathers and reads files the way `okrc check` does (common/workspace.h:
 * directories recursively, sorted, hidden entries skipped, links to
 * directories not followed, the same size limit), formats each
 * with okr_fmt_text, then rewrites it in place, lists it (--check) or shows a
 * unified diff (--diff). Writing is the only place okrc modifies a user's
 * file, so it is careful: a file whose text would not change is not touched
 * at all, and a changed file is replaced atomically (a temporary file in the
 * same directory, written in full, given the original's permissions, then
 * renamed over it), so a reader, a crash of okrc or a full disk sees either
 * the old file or the new one, never half of one. Like gofmt, rustfmt,
 * clang-format and prettier, fmt does not fsync: flushing each file and its
 * directory made a run over a large tree two to three times slower than
 * copying it, for a guarantee (the new text survives a power cut) that the
 * file system's own handling of write-then-rename covers on ext4, XFS and
 * btrfs, and that a formatter, whose input is still in version control and
 * whose output a rerun recreates, does not need (spec.md, "How a file is
 * replaced"). A read-only file (no write bit, even for
 * root) and a file that changed between reading and the rename are left as
 * they are, with an error. A file with syntax errors is reported on
 * stderr and left as it is.
 *
 * Exit status: 0 done (or nothing to change), 1 a file would change under
 * --check/--diff or a file has syntax errors, 2 usage or I/O failure. */
#include "fmt.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../common/render.h"
#include "../common/workspace.h"
#include "../parser/parser.h"

#ifndef OKRC_VERSION
#define OKRC_VERSION "0.0.0"
#endif

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

typedef enum fmt_mode { MODE_WRITE, MODE_CHECK, MODE_DIFF } fmt_mode;

static int usage_error(const char *message, const char *arg)
{
    fprintf(stderr, "okrc: error: %s%s%s%s\nTry 'okrc help fmt' for more information.\n", message,
            arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
    return EXIT_USAGE;
}

/* --- files -------------------------------------------------------------- */

static int write_all(int fd, const char *text, size_t len)
{
    while (len > 0) {
        ssize_t put = write(fd, text, len);
        if (put < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        text += put;
        len -= (size_t)put;
    }
    return 0;
}

/* Creates the temporary file beside `target` and returns its descriptor
 * (its name in *tmp, malloc'ed), or -1 with errno set: NAME.XXXXXX, the
 * same file system, so rename() is atomic, and not a .okr name, so a walk
 * never picks up one left by a crash. When NAME.XXXXXX passes the
 * directory's NAME_MAX (mkstemp says ENAMETOOLONG: asking first would cost
 * every file a statfs), the name is .okrc-fmt.XXXXXX in the same directory
 * (hidden, so skipped by walks). */
static int make_temp(const char *target, char **tmp)
{
    const char *slash = strrchr(target, '/');
    size_t dir_len = slash ? (size_t)(slash + 1 - target) : 0;
    size_t n = strlen(target) + sizeof ".okrc-fmt.XXXXXX";
    *tmp = malloc(n);
    if (!*tmp)
        abort();
    snprintf(*tmp, n, "%s.XXXXXX", target);
    int fd = mkstemp(*tmp);
    if (fd < 0 && errno == ENAMETOOLONG) {
        snprintf(*tmp, n, "%.*s.okrc-fmt.XXXXXX", (int)dir_len, target);
        fd = mkstemp(*tmp);
    }
    if (fd < 0) {
        int saved = errno;
        free(*tmp);
        *tmp = NULL;
        errno = saved;
    }
    return fd;
}

/* Whether the file is still the one that was read: the same inode, size
 * and modification time as `before` (taken before reading). */
static int unchanged_since(const char *target, const struct stat *before)
{
    struct stat now;
    return stat(target, &now) == 0 && now.st_dev == before->st_dev && now.st_ino == before->st_ino &&
           now.st_size == before->st_size && now.st_mtim.tv_sec == before->st_mtim.tv_sec &&
           now.st_mtim.tv_nsec == before->st_mtim.tv_nsec;
}

/* A pause before the final check, for tests/cli/test_fmt.sh only: it lets
 * the test change the file while fmt runs. Nothing else sets it. */
static void test_pause(void)
{
    const char *ms = getenv("OKRC_FMT_TEST_PAUSE_MS");
    if (ms && *ms) {
        long n = strtol(ms, NULL, 10);
        struct timespec ts = {n / 1000, (n % 1000) * 1000000L};
        while (n > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
            ;
    }
}

typedef enum replace_status { REPLACED, REPLACE_IO, REPLACE_CHANGED } replace_status;

/* Replaces the file at `path` with `text` atomically, unless it changed
 * since `before` was taken (REPLACE_CHANGED: the file is left alone). A link
 * is replaced at its target, so the link stays a link. Ownership is kept
 * where the user may keep it (as root); a hard link to the old file keeps
 * the old text, as after any editor's safe save. */
static replace_status replace_file(const char *path, const char *text, size_t len, const struct stat *before)
{
    /* The file's owner and mode as read (`before`); a link's target is
     * the file that was read. */
    struct stat st;
    char *target = NULL;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        target = realpath(path, NULL);
    else
        target = strdup(path);
    if (!target)
        return REPLACE_IO;
    st = *before;
    char *tmp;
    int fd = make_temp(target, &tmp);
    if (fd < 0) {
        int saved = errno;
        free(target);
        errno = saved;
        return REPLACE_IO;
    }
    if (fchown(fd, st.st_uid, st.st_gid) != 0) {
        /* Not permitted for an ordinary user on someone else's file; the
         * new file is then the user's, as with any editor's save. */
    }
    int ok = fchmod(fd, st.st_mode & 07777) == 0 && write_all(fd, text, len) == 0;
    int saved = errno;
    if (close(fd) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    /* The last look before the rename: a file an editor saved meanwhile
     * keeps that save (the window left is the rename itself). */
    test_pause();
    int changed = ok && !unchanged_since(target, before);
    if (ok && !changed && rename(tmp, target) != 0) {
        ok = 0;
        saved = errno;
    }
    if (!ok || changed)
        unlink(tmp);
    free(tmp);
    free(target);
    errno = saved;
    return changed ? REPLACE_CHANGED : ok ? REPLACED : REPLACE_IO;
}

/* Whether fmt may rewrite the file: not when no one has write permission
 * (a read-only mode is a request to leave the file alone, honoured for root
 * too, who could write it anyway), nor when this user may not write it. */
static int writable(const char *path, const struct stat *st)
{
    return (st->st_mode & 0222) != 0 && access(path, W_OK) == 0;
}

/* Prints a unified diff of the file against its formatted text with the
 * system's diff(1): diffutils is Essential on Debian, so it is always there,
 * and its output is the one every reviewer and patch(1) read. The formatted
 * text goes to a temporary file for it. Returns 0, or -1 after reporting. */
int okr_fmt_show_diff(const char *path, const char *text, size_t len)
{
    const char *tmpdir = getenv("TMPDIR");
    if (!tmpdir || !*tmpdir)
        tmpdir = "/tmp";
    size_t n = strlen(tmpdir) + sizeof "/okrc-fmt.XXXXXX";
    char *tmp = malloc(n);
    if (!tmp)
        abort();
    snprintf(tmp, n, "%s/okrc-fmt.XXXXXX", tmpdir);
    int fd = mkstemp(tmp);
    if (fd < 0 || write_all(fd, text, len) != 0 || close(fd) != 0) {
        fprintf(stderr, "okrc: error: cannot write a temporary file in '%s': %s\n", tmpdir, strerror(errno));
        if (fd >= 0)
            unlink(tmp);
        free(tmp);
        return -1;
    }
    size_t ln = strlen(path) + 3;
    char *label_a = malloc(ln), *label_b = malloc(ln);
    if (!label_a || !label_b)
        abort();
    snprintf(label_a, ln, "a/%s", path);
    snprintf(label_b, ln, "b/%s", path);
    char *args[] = {"diff", "-u", "--label", label_a, "--label", label_b, "--", (char *)path, tmp, NULL};
    fflush(stdout);
    int rc = -1;
    pid_t pid = fork();
    if (pid == 0) {
        execvp("diff", args);
        _exit(127);
    }
    if (pid > 0) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
        /* diff exits 0 (same) or 1 (different); anything else is trouble. */
        if (WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 1))
            rc = 0;
        else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
            fprintf(stderr, "okrc: error: cannot run diff (is diffutils installed?)\n");
        else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE)
            ; /* the reader went away (`okrc fmt --diff | head`): nothing to say */
        else
            fprintf(stderr, "okrc: error: diff failed on '%s'\n", path);
    } else {
        fprintf(stderr, "okrc: error: cannot run diff: %s\n", strerror(errno));
    }
    unlink(tmp);
    free(tmp);
    free(label_a);
    free(label_b);
    return rc;
}

/* --- the command -------------------------------------------------------- */

/* One run over the gathered files. The diagnostics of the files that could
 * not be formatted are rendered together at the end, as `okrc check` would
 * show them: each such file is parsed a second time into `report`, so that
 * the session of a file that did format is freed as soon as it is written. */
typedef struct fmt_run {
    fmt_mode mode;
    okr_workspace_session report;
    size_t files;
    int io_error, unformattable, changed;
} fmt_run;

/* Rewrites a file fmt changed, or says why it did not. */
static void write_back(fmt_run *run, const char *path, const char *out, size_t out_len, const struct stat *before)
{
    if (!writable(path, before)) {
        fprintf(stderr, "okrc: error: '%s' is read-only; fmt leaves it as it is (make it writable to format it)\n",
                path);
        run->io_error = 1;
        return;
    }
    replace_status st = replace_file(path, out, out_len, before);
    if (st == REPLACE_CHANGED)
        fprintf(stderr, "okrc: error: '%s' changed while it was being formatted; left as it is (run fmt again)\n",
                path);
    else if (st == REPLACE_IO)
        fprintf(stderr, "okrc: error: cannot write '%s': %s\n", path, strerror(errno));
    if (st != REPLACED)
        run->io_error = 1;
}

static void format_file(fmt_run *run, const char *path)
{
    size_t len = 0;
    int too_big;
    /* The file as it was before reading (the fstat of the descriptor it is
     * read from): replaced only if still so. Past the limit the text is not
     * formatted; the parser reports it (OKR007) like any other reason not
     * to. */
    struct stat before;
    memset(&before, 0, sizeof before);
    char *data = okr_workspace_read_stat(path, OKR_MAX_FILE_BYTES, &len, &too_big, &before);
    if (!data) {
        fprintf(stderr, "okrc: error: cannot read '%s': %s\n", path, okr_workspace_strerror(errno));
        run->io_error = 1;
        return;
    }
    run->files++;
    okr_workspace_session w;
    okr_workspace_session_init(&w);
    char *out;
    size_t out_len;
    if (okr_fmt_text(&w.arena, &w.sources, &w.diags, path, data, len, &out, &out_len) != 0) {
        okr_workspace_session *r = &run->report;
        okr_fmt_text(&r->arena, &r->sources, &r->diags, path, data, len, &out, &out_len);
        run->unformattable = 1;
    } else if (out_len != len || memcmp(out, data, len) != 0) {
        run->changed = 1;
        if (run->mode == MODE_CHECK) {
            printf("%s\n", path);
        } else if (run->mode == MODE_DIFF) {
            if (okr_fmt_show_diff(path, out, out_len) != 0)
                run->io_error = 1;
        } else {
            write_back(run, path, out, out_len, &before);
        }
    }
    okr_workspace_session_free(&w);
    free(data);
}

int okr_fmt_main(int argc, char **argv)
{
    fmt_mode mode = MODE_WRITE;
    int check = 0, diff = 0, only_paths = 0;
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    if (!paths)
        abort();
    size_t npaths = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0)
            paths[npaths++] = argv[i];
        else if (strcmp(a, "--") == 0)
            only_paths = 1;
        else if (strcmp(a, "--check") == 0)
            check = 1;
        else if (strcmp(a, "--diff") == 0)
            diff = 1;
        else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            free(paths);
            fputs("usage: okrc fmt [--check | --diff] [PATH...]\nSee 'okrc help fmt'.\n", stdout);
            return EXIT_OK;
        } else {
            free(paths);
            return usage_error("unknown option", a);
        }
    }
    if (check && diff) {
        free(paths);
        return usage_error("--check and --diff exclude each other", NULL);
    }
    mode = check ? MODE_CHECK : diff ? MODE_DIFF : MODE_WRITE;

    okr_workspace_files files = {0};
    okr_workspace_walk walk = {.errors = stderr};
    if (okr_workspace_gather(&walk, paths, npaths, &files) != 0) {
        okr_workspace_files_free(&files);
        free(paths);
        return EXIT_USAGE;
    }
    free(paths);

    fmt_run run = {.mode = mode};
    okr_workspace_session_init(&run.report);
    for (size_t i = 0; i < files.len; i++)
        format_file(&run, files.paths[i]);
    okr_workspace_files_free(&files);

    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "okrc: error: cannot write standard output: %s\n", strerror(errno));
        run.io_error = 1;
    }
    if (run.unformattable) {
        okr_diags_finish(&run.report.diags);
        okr_render_options ro = {
            .format = OKR_FORMAT_TEXT,
            .color = okr_color_decide("auto", STDERR_FILENO) > 0,
            .files_checked = run.files,
            .tool_version = OKRC_VERSION,
        };
        okr_render(stderr, &run.report.diags, &run.report.sources, &ro);
    }
    okr_workspace_session_free(&run.report);

    if (run.io_error)
        return EXIT_USAGE;
    if (run.unformattable || (mode != MODE_WRITE && run.changed))
        return EXIT_FINDINGS;
    return EXIT_OK;
}
