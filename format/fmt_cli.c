/* fmt_cli.c: the `okrc fmt` command (spec.md, "Formatting").
 *
 * Gathers files the way `okrc check` does (directories recursively, sorted,
 * hidden entries skipped, links to directories not followed), formats each
 * with okr_fmt_text, then rewrites it in place, lists it (--check) or shows a
 * unified diff (--diff). Writing is the only place okrc modifies a user's
 * file, so it is careful: a file whose text would not change is not touched
 * at all, and a changed file is replaced atomically (a temporary file in the
 * same directory, flushed to disk, given the original's permissions, then
 * renamed over it), so a crash or a full disk leaves either the old file or
 * the new one, never half of one. A file with syntax errors is reported on
 * stderr and left as it is.
 *
 * Exit status: 0 done (or nothing to change), 1 a file would change under
 * --check/--diff or a file has syntax errors, 2 usage or I/O failure. */
#include "fmt.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/render.h"

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

/* --- gathering files (the rules of `okrc check`, spec.md "Files checked") */

typedef struct path_list {
    char **items;
    size_t len, cap;
} path_list;

static void path_list_add(path_list *l, const char *path)
{
    if (l->len == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        char **items = realloc(l->items, l->cap * sizeof *items);
        if (!items)
            abort();
        l->items = items;
    }
    l->items[l->len] = strdup(path);
    if (!l->items[l->len])
        abort();
    l->len++;
}

static void path_list_free(path_list *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->items[i]);
    free(l->items);
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_okr_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".okr") == 0;
}

/* Collects *.okr below dir in byte order; a link to a directory is not
 * followed, so a link cycle cannot make the walk endless. */
static int walk_dir(const char *dir, path_list *out)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "okrc: error: cannot read directory '%s': %s\n", dir, strerror(errno));
        return -1;
    }
    path_list entries = {0};
    size_t dlen = strlen(dir);
    const char *sep = dlen && dir[dlen - 1] == '/' ? "" : "/";
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = dlen + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (!p)
            abort();
        snprintf(p, n, "%s%s%s", dir, sep, e->d_name);
        path_list_add(&entries, p);
        free(p);
    }
    closedir(d);
    if (entries.len > 1)
        qsort(entries.items, entries.len, sizeof *entries.items, compare_paths);
    int rc = 0;
    for (size_t i = 0; i < entries.len && rc == 0; i++) {
        struct stat st;
        if (lstat(entries.items[i], &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            rc = walk_dir(entries.items[i], out);
        else if (has_okr_suffix(entries.items[i]) && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
            path_list_add(out, entries.items[i]);
    }
    path_list_free(&entries);
    return rc;
}

static int gather(char **paths, size_t count, path_list *out)
{
    static char *const here[] = {"."};
    if (count == 0) {
        paths = (char **)here;
        count = 1;
    }
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            fprintf(stderr, "okrc: error: cannot read '%s': %s\n", paths[i], strerror(errno));
            return -1;
        }
        if (S_ISDIR(st.st_mode)) {
            size_t before = out->len;
            if (walk_dir(paths[i], out) != 0)
                return -1;
            if (out->len == before) {
                fprintf(stderr, "okrc: error: no .okr files in '%s'\n", paths[i]);
                return -1;
            }
        } else {
            path_list_add(out, paths[i]);
        }
    }
    return 0;
}

/* --- files -------------------------------------------------------------- */

static int read_all(const char *path, char **data, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        abort();
    for (;;) {
        if (n == cap) {
            cap *= 2;
            char *bigger = realloc(buf, cap);
            if (!bigger)
                abort();
            buf = bigger;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            free(buf);
            close(fd);
            errno = saved;
            return -1;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    *data = buf;
    *len = n;
    return 0;
}

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

/* Replaces the file at `path` with `text` atomically. A link is replaced at
 * its target, so the link stays a link. The temporary file is NAME.XXXXXX
 * beside the target: the same file system, so rename() is atomic, and not a
 * .okr name, so a walk never picks up one left by a crash. Ownership is kept
 * where the user may keep it (as root); a hard link to the old file keeps
 * the old text, as after any editor's safe save. */
static int replace_file(const char *path, const char *text, size_t len)
{
    struct stat st;
    char *target = NULL;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        target = realpath(path, NULL);
    else
        target = strdup(path);
    if (!target || stat(target, &st) != 0) {
        free(target);
        return -1;
    }
    size_t n = strlen(target) + sizeof ".XXXXXX";
    char *tmp = malloc(n);
    if (!tmp)
        abort();
    snprintf(tmp, n, "%s.XXXXXX", target);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        free(target);
        return -1;
    }
    if (fchown(fd, st.st_uid, st.st_gid) != 0) {
        /* Not permitted for an ordinary user on someone else's file; the
         * new file is then the user's, as with any editor's save. */
    }
    int ok = fchmod(fd, st.st_mode & 07777) == 0 && write_all(fd, text, len) == 0 && fsync(fd) == 0;
    int saved = errno;
    if (close(fd) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    if (ok && rename(tmp, target) != 0) {
        ok = 0;
        saved = errno;
    }
    if (!ok) {
        unlink(tmp);
    } else {
        /* Make the rename itself durable; a failure here loses nothing the
         * rename has not already made visible, so it is not an error. */
        char *slash = strrchr(target, '/');
        const char *dir = ".";
        if (slash) {
            *(slash == target ? slash + 1 : slash) = '\0';
            dir = target;
        }
        int dfd = open(dir, O_RDONLY | O_DIRECTORY);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
    }
    free(tmp);
    free(target);
    errno = saved;
    return ok ? 0 : -1;
}

/* Prints a unified diff of the file against its formatted text with the
 * system's diff(1): diffutils is Essential on Debian, so it is always there,
 * and its output is the one every reviewer and patch(1) read. The formatted
 * text goes to a temporary file for it. Returns 0, or -1 after reporting. */
static int show_diff(const char *path, const char *text, size_t len)
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

/* Diagnostics of the files that could not be formatted, rendered together
 * at the end as `okrc check` would show them. Each such file is parsed a
 * second time into this table, so that the tables of the files that did
 * format can be freed as soon as they are written. */
typedef struct report {
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
    size_t files;
} report;

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

    path_list files = {0};
    if (gather(paths, npaths, &files) != 0) {
        path_list_free(&files);
        free(paths);
        return EXIT_USAGE;
    }
    free(paths);

    report rep;
    okr_arena_init(&rep.arena);
    okr_source_init(&rep.sources, &rep.arena);
    okr_diags_init(&rep.diags, &rep.arena);
    rep.files = 0;
    int io_error = 0, unformattable = 0, changed = 0;

    for (size_t i = 0; i < files.len; i++) {
        const char *path = files.items[i];
        char *data;
        size_t len;
        if (read_all(path, &data, &len) != 0) {
            fprintf(stderr, "okrc: error: cannot read '%s': %s\n", path, strerror(errno));
            io_error = 1;
            continue;
        }
        rep.files++;
        okr_arena arena;
        okr_source_table sources;
        okr_diags diags;
        okr_arena_init(&arena);
        okr_source_init(&sources, &arena);
        okr_diags_init(&diags, &arena);
        char *out;
        size_t out_len;
        if (okr_fmt_text(&arena, &sources, &diags, path, data, len, &out, &out_len) != 0) {
            char *unused;
            size_t unused_len;
            okr_fmt_text(&rep.arena, &rep.sources, &rep.diags, path, data, len, &unused, &unused_len);
            unformattable = 1;
        } else if (out_len != len || memcmp(out, data, len) != 0) {
            changed = 1;
            if (mode == MODE_CHECK) {
                printf("%s\n", path);
            } else if (mode == MODE_DIFF) {
                if (show_diff(path, out, out_len) != 0)
                    io_error = 1;
            } else if (replace_file(path, out, out_len) != 0) {
                fprintf(stderr, "okrc: error: cannot write '%s': %s\n", path, strerror(errno));
                io_error = 1;
            }
        }
        okr_source_free(&sources);
        okr_arena_free(&arena);
        free(data);
    }
    path_list_free(&files);

    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "okrc: error: cannot write standard output: %s\n", strerror(errno));
        io_error = 1;
    }
    if (unformattable) {
        okr_diags_finish(&rep.diags);
        okr_render_options ro = {
            .format = OKR_FORMAT_TEXT,
            .color = okr_color_decide("auto", STDERR_FILENO) > 0,
            .files_checked = rep.files,
            .tool_version = OKRC_VERSION,
        };
        okr_render(stderr, &rep.diags, &rep.sources, &ro);
    }
    okr_source_free(&rep.sources);
    okr_arena_free(&rep.arena);

    if (io_error)
        return EXIT_USAGE;
    if (unformattable || (mode != MODE_WRITE && changed))
        return EXIT_FINDINGS;
    return EXIT_OK;
}
