/* diff_git.c: the files of a git revision; see diff_git.h.
 *
 * git's output is read whole into memory with a bound (MAX_OUTPUT): a
 * revision's .okr files are read at once through one `cat-file --batch`,
 * whose requests come from a temporary file, so that okrc never writes to
 * and reads from one child at the same time (no deadlock on full pipes).
 * git's standard error goes to another temporary file and is quoted when
 * git fails. Files are selected as a directory walk selects them
 * (common/workspace.h): *.okr below each PATH, hidden entries and vendored
 * folders below it skipped, a PATH naming a file taken whatever its name;
 * symbolic links and submodules in the tree are not followed. */
#include "diff_git.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/strbuf.h"
#include "../common/workspace.h"
#include "../parser/parser.h"

extern char **environ;

enum { MAX_OUTPUT = 1024 * 1024 * 1024 };

/* Runs git with `argv` (argv[0] is "git"), standard input from `in_fd`
 * (-1: /dev/null), its standard output into `out` and its standard error
 * into `err`. Returns git's exit status, or -1 when it could not run. */
static int run_git(char *const argv[], int in_fd, strbuf *out, strbuf *err)
{
    int pipefd[2];
    FILE *errf = tmpfile();
    if (!errf || pipe(pipefd) != 0) {
        if (errf)
            fclose(errf);
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (in_fd >= 0)
        posix_spawn_file_actions_adddup2(&fa, in_fd, STDIN_FILENO);
    else
        posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, fileno(errf), STDERR_FILENO);
    posix_spawn_file_actions_addclose(&fa, pipefd[0]);
    pid_t pid;
    int spawned = posix_spawnp(&pid, "git", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
    if (spawned != 0) {
        close(pipefd[0]);
        fclose(errf);
        return -1;
    }
    char chunk[65536];
    ssize_t n;
    int too_much = 0;
    while ((n = read(pipefd[0], chunk, sizeof chunk)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        if (out->len + (size_t)n > MAX_OUTPUT)
            too_much = 1;
        else
            sb_putn(out, chunk, (size_t)n);
    }
    close(pipefd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    rewind(errf);
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, errf)) > 0 && err)
        sb_putn(err, chunk, got);
    fclose(errf);
    if (too_much)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int okr_git_resolve(const char *rev, char *commit, size_t len)
{
    if (!rev[0] || rev[0] == '-')
        return 0;
    size_t n = strlen(rev);
    char *spec = malloc(n + 10);
    if (!spec)
        abort();
    memcpy(spec, rev, n);
    memcpy(spec + n, "^{commit}", 10);
    char *argv[] = {"git", "rev-parse", "--verify", "--quiet", "--end-of-options", spec, NULL};
    strbuf out = {0};
    int rc = run_git(argv, -1, &out, NULL);
    free(spec);
    int ok = rc == 0 && out.len > 1 && out.len - 1 < len;
    if (ok) {
        memcpy(commit, out.data, out.len - 1); /* without the newline */
        commit[out.len - 1] = '\0';
    }
    free(out.data);
    return ok;
}

/* The first line of git's complaint, for a message. */
static void say_git_failed(const char *what, const strbuf *err, char *why, size_t why_len)
{
    const char *text = err->data ? err->data : "";
    size_t line = strcspn(text, "\n");
    snprintf(why, why_len, "%s failed%s%.*s", what, line ? ": " : "", (int)(line > 300 ? 300 : line), text);
}

/* PATH without "./" at its start and "/" at its end: as ls-tree prints it. */
static size_t path_key(const char *p, const char **start)
{
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        n--;
    if (n == 1 && p[0] == '.')
        n = 0;
    *start = p;
    return n;
}

/* Whether a listed path is taken: named exactly, or a *.okr file whose
 * components below the PATH it lies under are not skipped. */
static int selected(const char *path, char *const *paths, size_t count)
{
    size_t below = 0;
    int under = count == 0;
    for (size_t i = 0; i < count; i++) {
        const char *p;
        size_t n = path_key(paths[i], &p);
        if (n == 0) {
            under = 1;
            continue;
        }
        if (strncmp(path, p, n) == 0 && path[n] == '\0')
            return 1;
        if (strncmp(path, p, n) == 0 && path[n] == '/') {
            under = 1;
            if (n + 1 > below)
                below = n + 1;
        }
    }
    size_t len = strlen(path);
    if (!under || len < 4 || strcmp(path + len - 4, ".okr") != 0)
        return 0;
    for (const char *c = path + below; *c;) {
        size_t k = strcspn(c, "/");
        char part[256];
        int is_dir = c[k] == '/';
        if (!(k == 2 && c[0] == '.' && c[1] == '.')) {
            snprintf(part, sizeof part, "%.*s", (int)k, c);
            if (okr_workspace_skipped_name(part, is_dir))
                return 0;
        }
        c += k + is_dir;
    }
    return 1;
}

/* Lists the blobs to read: "OID\n" lines into `requests`, their paths. */
static int list_files(const char *commit, char *const *paths, size_t count, FILE *requests, okr_git_tree *t,
                      char *why, size_t why_len)
{
    char **argv = calloc(count + 7, sizeof *argv);
    if (!argv)
        abort();
    size_t a = 0;
    argv[a++] = "git";
    argv[a++] = "ls-tree";
    argv[a++] = "-r";
    argv[a++] = "-z";
    argv[a++] = (char *)commit;
    argv[a++] = "--";
    for (size_t i = 0; i < count; i++)
        argv[a++] = paths[i];
    strbuf out = {0}, err = {0};
    int rc = run_git(argv, -1, &out, &err);
    free(argv);
    if (rc != 0) {
        say_git_failed("git ls-tree", &err, why, why_len);
        free(out.data);
        free(err.data);
        return -1;
    }
    for (size_t at = 0; at < out.len;) {
        char *entry = out.data + at;
        size_t n = strlen(entry);
        at += n + 1;
        char *tab = strchr(entry, '\t');
        /* "<mode> <type> <oid>\t<path>": regular files only (100644, 100755). */
        if (!tab || strncmp(entry, "100", 3) != 0 || strncmp(entry + 7, "blob ", 5) != 0)
            continue;
        if (!selected(tab + 1, paths, count))
            continue;
        *tab = '\0';
        fprintf(requests, "%s\n", entry + 12);
        t->files = realloc(t->files, (t->len + 1) * sizeof *t->files);
        if (!t->files)
            abort();
        t->files[t->len++] = (okr_git_file){.path = strdup(tab + 1)};
    }
    free(out.data);
    free(err.data);
    return 0;
}

/* The policy candidates, nearest first: okr.policy in the directory of
 * the first PATH (the PATH itself when it is a directory), then above, up
 * to the repository's root, as "COMMIT:DIR/okr.policy" requests. */
static size_t policy_requests(const char *commit, char *const *paths, size_t count, const okr_git_tree *t,
                              FILE *requests, const char *prefix, char ***names)
{
    const char *p = ".";
    if (count)
        path_key(paths[0], &p);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s%s", prefix, p);
    int is_file = t->len && count && strcmp(t->files[0].path, p) == 0;
    /* Normalise "a/./b/../c" to "a/c"; ".." above the root ends the search. */
    char *parts[512];
    int n = 0;
    char *rest = NULL;
    for (char *tok = strtok_r(dir, "/", &rest); tok; tok = strtok_r(NULL, "/", &rest)) {
        if (strcmp(tok, ".") == 0)
            continue;
        if (strcmp(tok, "..") == 0) {
            if (n == 0)
                return 0;
            n--;
        } else if (n < 512) {
            parts[n++] = tok;
        }
    }
    if (is_file && n > 0)
        n--;
    size_t asked = 0;
    *names = calloc((size_t)n + 1, sizeof **names);
    if (!*names)
        abort();
    for (int depth = n; depth >= 0; depth--, asked++) {
        strbuf name = {0};
        for (int i = 0; i < depth; i++) {
            sb_puts(&name, parts[i]);
            sb_putc(&name, '/');
        }
        sb_puts(&name, "okr.policy");
        fprintf(requests, "%s:%s\n", commit, name.data);
        (*names)[asked] = name.data;
    }
    return asked;
}

/* Reads the batch's answer for one request into `f`; returns the bytes
 * used, 0 for a missing object, or -1 on malformed output. */
static long read_object(const strbuf *out, size_t at, okr_git_file *f)
{
    const char *line = out->data + at;
    const char *nl = memchr(line, '\n', out->len - at);
    if (!nl)
        return -1;
    size_t head = (size_t)(nl - line) + 1;
    const char *sp = NULL; /* the last space of the header line */
    for (const char *c = line; c < nl; c++)
        if (*c == ' ')
            sp = c;
    if (!sp || strncmp(sp, " missing", 8) == 0 || strncmp(sp, " ambiguous", 10) == 0) {
        f->text = NULL;
        return sp ? (long)head : -1;
    }
    size_t size = strtoul(sp + 1, NULL, 10);
    if (at + head + size + 1 > out->len)
        return -1;
    f->text = malloc(size + 1);
    if (!f->text)
        abort();
    memcpy(f->text, nl + 1, size);
    f->text[size] = '\0';
    f->len = size;
    return (long)(head + size + 1);
}

static int read_objects(FILE *requests, strbuf *out, char *why, size_t why_len)
{
    fflush(requests);
    rewind(requests);
    char *argv[] = {"git", "cat-file", "--batch", NULL};
    strbuf err = {0};
    int rc = run_git(argv, fileno(requests), out, &err);
    if (rc != 0)
        say_git_failed("git cat-file", &err, why, why_len);
    free(err.data);
    return rc == 0 ? 0 : -1;
}

static char *git_prefix(void)
{
    char *argv[] = {"git", "rev-parse", "--show-prefix", NULL};
    strbuf out = {0};
    if (run_git(argv, -1, &out, NULL) != 0) {
        free(out.data);
        return strdup("");
    }
    if (out.len && out.data[out.len - 1] == '\n')
        out.data[--out.len] = '\0';
    return out.data ? out.data : strdup("");
}

int okr_git_read_tree(const char *commit, char *const *paths, size_t count, okr_git_tree *t, char *why,
                      size_t why_len)
{
    memset(t, 0, sizeof *t);
    FILE *requests = tmpfile();
    if (!requests) {
        snprintf(why, why_len, "cannot make a temporary file: %s", strerror(errno));
        return -1;
    }
    char *prefix = git_prefix();
    int rc = list_files(commit, paths, count, requests, t, why, why_len);
    char **names = NULL;
    size_t candidates = rc == 0 ? policy_requests(commit, paths, count, t, requests, prefix, &names) : 0;
    strbuf out = {0};
    if (rc == 0)
        rc = read_objects(requests, &out, why, why_len);
    size_t at = 0;
    for (size_t i = 0; rc == 0 && i < t->len + candidates; i++) {
        okr_git_file got = {0};
        long used = read_object(&out, at, &got);
        if (used < 0) {
            snprintf(why, why_len, "git cat-file printed what okrc cannot read");
            rc = -1;
            break;
        }
        at += (size_t)used;
        if (i < t->len) {
            t->files[i].text = got.text;
            t->files[i].len = got.len;
        } else if (got.text && !t->policy.path) {
            t->policy = got;
            t->policy.path = names[i - t->len]; /* from the repository's root */
            names[i - t->len] = NULL;
        } else {
            free(got.text);
        }
    }
    for (size_t i = 0; i < candidates; i++)
        free(names[i]);
    free(names);
    free(out.data);
    free(prefix);
    fclose(requests);
    if (rc != 0)
        okr_git_tree_free(t);
    return rc;
}

void okr_git_tree_free(okr_git_tree *t)
{
    for (size_t i = 0; i < t->len; i++) {
        free(t->files[i].path);
        free(t->files[i].text);
    }
    free(t->files);
    free(t->policy.path);
    free(t->policy.text);
    memset(t, 0, sizeof *t);
}
