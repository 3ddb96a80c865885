/* workspace.c: gathering, reading, finding the policy and sessions; see
 * workspace.h for the rules. The messages printed by a strict walk are part
 * of the CLI's output (spec.md, "Files checked"): keep their wording. */
#include "workspace.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- gathering ----------------------------------------------------------- */

void okr_workspace_files_add(okr_workspace_files *files, const char *path)
{
    if (files->len == files->cap) {
        size_t cap = files->cap ? files->cap * 2 : 64;
        char **paths = realloc(files->paths, cap * sizeof *paths);
        if (!paths)
            abort();
        files->paths = paths;
        files->cap = cap;
    }
    files->paths[files->len] = strdup(path);
    if (!files->paths[files->len])
        abort();
    files->len++;
}

void okr_workspace_files_free(okr_workspace_files *files)
{
    for (size_t i = 0; i < files->len; i++)
        free(files->paths[i]);
    free(files->paths);
    memset(files, 0, sizeof *files);
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

static int full(const okr_workspace_walk *how, okr_workspace_files *out)
{
    if (how->max_files && out->len >= how->max_files)
        out->capped |= OKR_WALK_CAPPED_FILES;
    else if (how->max_entries && out->entries >= how->max_entries)
        out->capped |= OKR_WALK_CAPPED_ENTRIES;
    else
        return 0;
    return 1;
}

int okr_workspace_skipped_name(const char *name, int is_dir)
{
    /* Folders of dependencies (node_modules, bower_components, vendor,
     * Python's virtual environments and caches) and of build output (build,
     * _build, dist, target): thousands of entries, never a team's OKRs. */
    static const char *const folders[] = {
        "node_modules", "bower_components", "vendor", "venv", "__pycache__", "build", "_build", "dist", "target",
    };
    if (name[0] == '.')
        return 1;
    for (size_t i = 0; is_dir && i < sizeof folders / sizeof folders[0]; i++)
        if (strcmp(name, folders[i]) == 0)
            return 1;
    return 0;
}

/* Whether a walk takes the *.okr entry `path` (lstat'ed as *st): a regular
 * file, or a link unless it leads to something whose read may never end. */
static int takes_file(const char *path, const struct stat *st)
{
    if (S_ISREG(st->st_mode))
        return 1;
    if (!S_ISLNK(st->st_mode))
        return 0;
    struct stat target;
    if (stat(path, &target) != 0)
        return 1; /* points nowhere: reading it reports the error */
    return S_ISREG(target.st_mode) || S_ISDIR(target.st_mode);
}

/* The entries of dir (hidden ones left out) as full paths in byte order,
 * counted into out->entries; once the walk's entry bound is reached the
 * rest of dir is not listed. -1 when dir cannot be listed. */
static int list_dir(const okr_workspace_walk *how, const char *dir, okr_workspace_files *entries,
                    okr_workspace_files *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    size_t dlen = strlen(dir);
    const char *sep = dlen && dir[dlen - 1] == '/' ? "" : "/";
    struct dirent *e;
    while (!full(how, out) && (e = readdir(d)) != NULL) {
        out->entries++;
        if (e->d_name[0] == '.')
            continue;
        size_t n = dlen + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (!p)
            abort();
        snprintf(p, n, "%s%s%s", dir, sep, e->d_name);
        okr_workspace_files_add(entries, p);
        free(p);
    }
    closedir(d);
    if (entries->len > 1)
        qsort(entries->paths, entries->len, sizeof *entries->paths, compare_paths);
    return 0;
}

/* Collects *.okr below dir, `depth` levels below the PATH it started from. */
static int walk_dir(const okr_workspace_walk *how, const char *dir, int depth, okr_workspace_files *out)
{
    if (how->max_depth && depth > how->max_depth) {
        out->capped |= OKR_WALK_CAPPED_DEPTH;
        return 0;
    }
    if (full(how, out))
        return 0;
    okr_workspace_files entries = {0};
    if (list_dir(how, dir, &entries, out) != 0) {
        if (!how->errors)
            return 0;
        fprintf(how->errors, "okrc: error: cannot read directory '%s': %s\n", dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < entries.len && rc == 0 && !full(how, out); i++) {
        const char *path = entries.paths[i];
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        const char *slash = strrchr(path, '/');
        if (S_ISDIR(st.st_mode) && !okr_workspace_skipped_name(slash ? slash + 1 : path, 1))
            rc = walk_dir(how, path, depth + 1, out);
        else if (has_okr_suffix(path) && takes_file(path, &st))
            okr_workspace_files_add(out, path);
    }
    okr_workspace_files_free(&entries);
    return rc;
}

int okr_workspace_gather(const okr_workspace_walk *how, char *const *paths, size_t count,
                         okr_workspace_files *out)
{
    static char *const here[] = {"."};
    if (count == 0) {
        paths = here;
        count = 1;
    }
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            if (!how->errors)
                continue;
            fprintf(how->errors, "okrc: error: cannot read '%s': %s\n", paths[i], strerror(errno));
            return -1;
        }
        if (!S_ISDIR(st.st_mode)) {
            okr_workspace_files_add(out, paths[i]);
            continue;
        }
        size_t before = out->len;
        if (walk_dir(how, paths[i], 0, out) != 0)
            return -1;
        if (out->len == before && how->errors) {
            fprintf(how->errors, "okrc: error: no .okr files in '%s'\n", paths[i]);
            return -1;
        }
    }
    return 0;
}

/* --- reading ------------------------------------------------------------- */

/* A pipe okrc was handed by its caller: a descriptor it inherited, named by
 * the shell's process substitution (`<(command)` is /dev/fd/N) or
 * /dev/stdin. Its writer is the caller's own command, so reading it to its
 * end is what was asked; a FIFO in the file system has no such writer. */
static int inherited_pipe(const char *path)
{
    return strcmp(path, "/dev/stdin") == 0 || strncmp(path, "/dev/fd/", 8) == 0 ||
           strncmp(path, "/proc/self/fd/", 14) == 0;
}

/* Opens path for reading without waiting: O_NONBLOCK, so that opening a
 * FIFO without a writer returns at once, then fstat decides. Returns a
 * blocking descriptor with *st filled, or -1 with errno set: EISDIR for a
 * directory, ENXIO for a FIFO, socket or device, whose read could wait
 * forever (okr_workspace_strerror names it). */
static int open_readable(const char *path, int pipes_ok, struct stat *st)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return errno == ENXIO || errno == EOPNOTSUPP ? (errno = ENXIO, -1) : -1;
    int failed = fstat(fd, st) != 0 ? errno : S_ISDIR(st->st_mode) ? EISDIR : 0;
    if (!failed && !S_ISREG(st->st_mode) && !(pipes_ok && S_ISFIFO(st->st_mode) && inherited_pipe(path)))
        failed = ENXIO;
    int flags = failed ? 0 : fcntl(fd, F_GETFL);
    if (!failed && (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0))
        failed = errno;
    if (failed) {
        close(fd);
        errno = failed;
        return -1;
    }
    return fd;
}

int okr_workspace_probe(const char *path, int pipes_ok)
{
    struct stat st;
    int fd = open_readable(path, pipes_ok, &st);
    if (fd < 0)
        return errno;
    close(fd);
    return 0;
}

const char *okr_workspace_strerror(int err)
{
    if (err == ENXIO)
        return "not a regular file (a FIFO, socket or device, whose reading could wait forever)";
    return strerror(err);
}

/* A corpus is thousands of small files, so each costs few system calls:
 * open, fstat, one read of the file's size plus a byte (a short read of a
 * regular file is its end), close; stdio took twice as many. An inherited
 * pipe is read until read() returns 0. */
char *okr_workspace_read(const char *path, size_t limit, size_t *len, int *too_big)
{
    *too_big = 0;
    struct stat st;
    int fd = open_readable(path, 1, &st);
    if (fd < 0)
        return NULL;
    int regular = S_ISREG(st.st_mode);
    size_t cap = regular && (size_t)st.st_size <= limit ? (size_t)st.st_size + 1 : 64 * 1024, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        abort();
    for (;;) {
        if (n == cap) {
            if (cap > limit) {
                *too_big = 1;
                break;
            }
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
            int e = errno;
            free(buf);
            close(fd);
            errno = e;
            return NULL;
        }
        n += (size_t)got;
        if (got == 0 || (regular && n < cap))
            break;
    }
    close(fd);
    if (n > limit)
        *too_big = 1;
    *len = n;
    return buf;
}

/* --- the policy ---------------------------------------------------------- */

/* Cuts the last component off an absolute path; "/x" becomes "/". */
static void cut_last(char *path)
{
    char *slash = strrchr(path, '/');
    if (slash)
        *(slash == path ? slash + 1 : slash) = '\0';
}

char *okr_workspace_find_policy(const char *start)
{
    char dir[PATH_MAX];
    struct stat st;
    if (!realpath(start, dir))
        return NULL;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
        cut_last(dir);
    for (;;) {
        char candidate[PATH_MAX + 16];
        int root = strcmp(dir, "/") == 0;
        snprintf(candidate, sizeof candidate, "%s%sokr.policy", dir, root ? "" : "/");
        if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode)) {
            char *found = strdup(candidate);
            if (!found)
                abort();
            return found;
        }
        if (root || !strchr(dir, '/'))
            return NULL;
        cut_last(dir);
    }
}

const char *okr_workspace_shown(const char *path, const char *base)
{
    size_t n = base ? strlen(base) : 0;
    if (base && strncmp(path, base, n) == 0 && path[n] == '/' && path[n + 1])
        return path + n + 1;
    return path;
}

/* --- what a run reads ---------------------------------------------------- */

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

int okr_workspace_open(okr_workspace *ws, const okr_workspace_options *o)
{
    memset(ws, 0, sizeof *ws);
    if (okr_workspace_gather(&o->walk, o->paths, o->path_count, &ws->files) != 0)
        return -1;
    if (o->policy) {
        ws->policy = xstrdup(o->policy);
        ws->policy_shown = xstrdup(o->policy);
    } else if (!o->no_policy) {
        ws->policy = okr_workspace_find_policy(o->path_count ? o->paths[0] : ".");
        char cwd[PATH_MAX];
        const char *base = o->shown_from ? o->shown_from : getcwd(cwd, sizeof cwd);
        if (ws->policy)
            ws->policy_shown = xstrdup(okr_workspace_shown(ws->policy, base));
    }
    return 0;
}

void okr_workspace_close(okr_workspace *ws)
{
    okr_workspace_files_free(&ws->files);
    free(ws->policy);
    free(ws->policy_shown);
    memset(ws, 0, sizeof *ws);
}

/* --- sessions ------------------------------------------------------------ */

void okr_workspace_session_init(okr_workspace_session *s)
{
    okr_arena_init(&s->arena);
    okr_source_init(&s->sources, &s->arena);
    okr_diags_init(&s->diags, &s->arena);
}

void okr_workspace_session_free(okr_workspace_session *s)
{
    okr_source_free(&s->sources);
    okr_arena_free(&s->arena);
}
