/* workspace.c: reading, finding the policy and the project, and sessions;
 * see workspace.h for the rules. Gathering (the directory walk) is in
 * walk.c. The messages printed here are part of the CLI's output (spec.md,
 * "Files checked"): keep their wording. */
#define _GNU_SOURCE /* O_PATH */
#include "workspace.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "walk.h"

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
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

/* Opens path (`name` in the directory open as dir_fd, or the whole path
 * when dir_fd is -1) for reading without waiting: O_NONBLOCK, so that
 * opening a FIFO without a writer returns at once, then fstat decides. Returns a
 * blocking descriptor with *st filled, or -1 with errno set: EISDIR for a
 * directory, ENXIO for a FIFO, socket or device, whose read could wait
 * forever (okr_workspace_strerror names it). */
static int open_readable_at(int dir_fd, const char *name, const char *path, int pipes_ok, struct stat *st)
{
    int how = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
    int fd = dir_fd >= 0 ? openat(dir_fd, name, how) : open(path, how);
    if (fd < 0)
        return errno == ENXIO || errno == EOPNOTSUPP ? (errno = ENXIO, -1) : -1;
    int failed = fstat(fd, st) != 0 ? errno : S_ISDIR(st->st_mode) ? EISDIR : 0;
    if (!failed && !S_ISREG(st->st_mode) && !(pipes_ok && S_ISFIFO(st->st_mode) && inherited_pipe(path)))
        failed = ENXIO;
    /* O_NONBLOCK means nothing to a regular file's reads (they never
     * wait); only a pipe needs it cleared, which spares a regular file two
     * system calls. */
    int flags = failed || S_ISREG(st->st_mode) ? 0 : fcntl(fd, F_GETFL);
    if (!failed && !S_ISREG(st->st_mode) && (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0))
        failed = errno;
    if (failed) {
        close(fd);
        errno = failed;
        return -1;
    }
    return fd;
}

static int open_readable(const char *path, int pipes_ok, struct stat *st)
{
    return open_readable_at(-1, NULL, path, pipes_ok, st);
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

int okr_workspace_names_pipe(const char *path)
{
    return inherited_pipe(path);
}

const char *okr_workspace_strerror(int err)
{
    if (err == ENXIO)
        return "not a regular file (a FIFO, socket or device, whose reading could wait forever)";
    return strerror(err);
}

char *okr_workspace_read(const char *path, size_t limit, size_t *len, int *too_big)
{
    struct stat st;
    return okr_workspace_read_stat(path, limit, len, too_big, &st);
}

/* A corpus is thousands of small files, so each costs few system calls:
 * open, fstat, one read of the file's size plus a byte (a short read of a
 * regular file is its end), close; stdio took twice as many. An inherited
 * pipe is read until read() returns 0. Plain read(2) rather than mmap: for
 * files of a few KiB, mapping and unmapping cost more than the copy, and
 * the bytes are copied into the source table anyway. */
static char *read_fd(int fd, size_t limit, size_t *len, int *too_big, const struct stat *stp, int skip_big);

static char *read_limited(const char *path, size_t limit, size_t *len, int *too_big, struct stat *stp,
                          int skip_big)
{
    *too_big = 0;
    int fd = open_readable(path, 1, stp);
    if (fd < 0)
        return NULL;
    return read_fd(fd, limit, len, too_big, stp, skip_big);
}

/* Reads the file open as fd (its fstat in *stp) and closes it. The
 * buffer is NUL-terminated past its *len bytes unless *too_big. */
static char *read_fd(int fd, size_t limit, size_t *len, int *too_big, const struct stat *stp, int skip_big)
{
    const struct stat st = *stp;
    int regular = S_ISREG(st.st_mode);
    if (skip_big && regular && (size_t)st.st_size > limit) {
        close(fd);
        char *none = malloc(1);
        if (!none)
            abort();
        *too_big = 1;
        *len = 0;
        return none;
    }
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
    if (n < cap)
        buf[n] = '\0';
    *len = n;
    return buf;
}

char *okr_workspace_read_stat(const char *path, size_t limit, size_t *len, int *too_big, struct stat *stp)
{
    return read_limited(path, limit, len, too_big, stp, 0);
}

char *okr_workspace_read_within(const char *path, size_t limit, size_t *len, int *too_big)
{
    struct stat st;
    return read_limited(path, limit, len, too_big, &st, 1);
}

void okr_workspace_reader_init(okr_workspace_reader *r)
{
    memset(r, 0, sizeof *r);
    r->dir_fd = -1;
    r->by_path = !okr_walk_plenty_of_fds();
}

void okr_workspace_reader_close(okr_workspace_reader *r)
{
    if (r->dir_fd >= 0)
        close(r->dir_fd);
    free(r->dir);
    r->dir = NULL;
    r->dir_fd = -1;
    r->dir_len = r->dir_cap = 0;
}

/* Whether path lies below the directory held: it starts with its path
 * and a '/'. *rest: the part after the '/'s. */
static int reader_holds(const okr_workspace_reader *r, const char *path, const char **rest)
{
    if (!r->dir || strncmp(path, r->dir, r->dir_len) != 0 || path[r->dir_len] != '/')
        return 0;
    const char *p = path + r->dir_len;
    while (*p == '/')
        p++;
    *rest = p;
    return 1;
}

/* The descriptor of a directory above path to open it from, opened when
 * path does not lie below the one held; -1 when path is to be opened
 * whole: no directory part, a pipe okrc inherited, a path too long to
 * open (it fails as such), or a directory that cannot be opened. *rest:
 * path's part below it.
 *
 * The directory held is the one two levels above the file (its parent's
 * parent, or its parent when that has none), so that files in sibling
 * folders (a team's directory in a division's, as the corpus lays them out)
 * are opened as "team/name.okr" from it: the lookup of one more name per
 * file costs less than opening and closing each team's directory, which
 * two readers taking turns at a division did thousands of times (on the
 * 100k corpus, 8,500 opens of a directory became about 200). O_PATH: the
 * directory is only looked up from, never listed, so it needs no read
 * permission and costs no open of its own (a search-only directory is held
 * like any other; opening below it checks the search permission each time,
 * as the whole path would). */
static int reader_dir(okr_workspace_reader *r, const char *path, const char **rest)
{
    const char *slash = strrchr(path, '/');
    if (r->by_path || !slash || slash == path || !slash[1] || inherited_pipe(path) || strlen(path) >= PATH_MAX)
        return -1;
    if (reader_holds(r, path, rest))
        return r->dir_fd;
    size_t n = (size_t)(slash - path);
    const char *up = slash;
    while (up > path && up[-1] != '/') /* the parent's parent: before the '/' ahead of the parent's name */
        up--;
    if (up > path + 1)
        n = (size_t)(up - 1 - path);
    if (r->dir_fd >= 0)
        close(r->dir_fd);
    if (n + 1 > r->dir_cap) {
        r->dir_cap = 2 * n + 1;
        free(r->dir);
        r->dir = malloc(r->dir_cap);
        if (!r->dir)
            abort();
    }
    memcpy(r->dir, path, n);
    r->dir[n] = '\0';
    r->dir_len = n;
    r->dir_fd = open(r->dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    reader_holds(r, path, rest);
    return r->dir_fd;
}

char *okr_workspace_reader_read(okr_workspace_reader *r, const char *path, size_t limit, size_t *len, int *too_big)
{
    struct stat st;
    return okr_workspace_reader_read_stat(r, path, limit, len, too_big, &st);
}

char *okr_workspace_reader_read_stat(okr_workspace_reader *r, const char *path, size_t limit, size_t *len,
                                     int *too_big, struct stat *stp)
{
    struct stat st;
    const char *rest = NULL;
    int dir_fd = reader_dir(r, path, &rest);
    *too_big = 0;
    int fd = open_readable_at(dir_fd, rest, path, 1, &st);
    if (fd < 0 && dir_fd >= 0) { /* the answer opening the path gives: a directory gone, out of descriptors */
        if (errno == EMFILE || errno == ENFILE) { /* hold none, as reading by path would */
            close(r->dir_fd);
            r->dir_fd = -1;
        }
        fd = open_readable(path, 1, &st);
    }
    if (fd < 0)
        return NULL;
    *stp = st;
    return read_fd(fd, limit, len, too_big, &st, 1);
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

/* --- the project ---------------------------------------------------------- */

char *okr_workspace_find_root(const char *start)
{
    char *policy = okr_workspace_find_policy(start);
    if (policy)
        cut_last(policy);
    return policy;
}

/* The project root of the run into ws->root: --project DIR, or the root the
 * PATHs under one share (PATHs outside every project do not count). -1
 * after saying why when DIR is no directory or two PATHs lie in different
 * projects. */
static int find_project_root(okr_workspace *ws, const okr_workspace_options *o)
{
    FILE *errors = o->walk.errors;
    if (o->project) {
        char dir[PATH_MAX];
        struct stat st;
        int err = !realpath(o->project, dir) ? errno : stat(dir, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
        if (err) {
            if (errors)
                fprintf(errors, "okrc: error: cannot use project directory '%s': %s\n", o->project, strerror(err));
            return -1;
        }
        ws->root = xstrdup(dir);
        return 0;
    }
    static char *const here[] = {"."};
    char *const *paths = o->path_count ? o->paths : here;
    size_t count = o->path_count ? o->path_count : 1;
    const char *first = NULL;
    for (size_t i = 0; i < count; i++) {
        char *root = okr_workspace_find_root(paths[i]);
        if (!root)
            continue;
        if (!ws->root) {
            ws->root = root;
            first = paths[i];
            continue;
        }
        int same = strcmp(root, ws->root) == 0;
        if (!same && errors)
            fprintf(errors,
                    "okrc: error: '%s' and '%s' belong to different projects ('%s' and '%s', each holding "
                    "okr.policy): check each project in its own run, or name one with --project DIR\n",
                    first, paths[i], ws->root, root);
        free(root);
        if (!same)
            return -1;
    }
    return 0;
}

static int same_dir(const char *path, const char *dir)
{
    char real[PATH_MAX];
    return realpath(path, real) && strcmp(real, dir) == 0;
}

/* A file's identity, so that one file reached by two paths (named and found
 * by the walk, named twice, a link) is read once. */
typedef struct file_id {
    dev_t dev;
    ino_t ino;
    int known;
} file_id;

static file_id identify(const char *path)
{
    struct stat st;
    file_id id = {0};
    if (stat(path, &st) == 0) {
        id.dev = st.st_dev;
        id.ino = st.st_ino;
        id.known = 1;
    }
    return id;
}

/* Adds path unless a file with its identity is in ws->files already. */
static void add_once(okr_workspace *ws, file_id *ids, file_id id, const char *path, int context)
{
    for (size_t i = 0; id.known && i < ws->files.len; i++)
        if (ids[i].known && ids[i].dev == id.dev && ids[i].ino == id.ino)
            return;
    ids[ws->files.len] = id;
    ws->context[ws->files.len] = (unsigned char)context;
    ws->context_count += (size_t)context;
    okr_workspace_files_add(&ws->files, path);
}

/* The files of the project in its walk order (bounded, lenient), a named
 * one under the name it was given, the others as context; then the named
 * files the walk did not reach, in the order given. */
static void gather_project(okr_workspace *ws, const okr_workspace_files *named)
{
    okr_workspace_walk how = {.errors = NULL, .max_files = OKR_PROJECT_MAX_FILES,
                              .max_entries = OKR_PROJECT_MAX_ENTRIES, .max_depth = OKR_PROJECT_MAX_DEPTH};
    okr_workspace_files found = {0};
    char *const roots[] = {ws->root};
    okr_workspace_gather(&how, roots, 1, &found);
    ws->project_capped = found.capped;
    size_t most = found.len + named->len + 1;
    file_id *ids = malloc(most * sizeof *ids), *named_ids = malloc((named->len + 1) * sizeof *named_ids);
    ws->context = calloc(most, 1);
    if (!ids || !named_ids || !ws->context)
        abort();
    for (size_t j = 0; j < named->len; j++)
        named_ids[j] = identify(named->paths[j]);
    char cwd[PATH_MAX];
    const char *base = getcwd(cwd, sizeof cwd);
    for (size_t i = 0; i < found.len; i++) {
        file_id id = identify(found.paths[i]);
        size_t j = 0;
        while (j < named->len && !(id.known && named_ids[j].known && named_ids[j].dev == id.dev &&
                                   named_ids[j].ino == id.ino))
            j++;
        if (j < named->len)
            add_once(ws, ids, id, named->paths[j], 0);
        else
            add_once(ws, ids, id, okr_workspace_shown(found.paths[i], base), 1);
    }
    for (size_t j = 0; j < named->len; j++)
        add_once(ws, ids, named_ids[j], named->paths[j], 0);
    free(ids);
    free(named_ids);
    okr_workspace_files_free(&found);
}

/* Whether a PATH (none: ".") is the root itself: the walk of the PATHs
 * then reads every file of the project, none is left for context, and the
 * project walk (bounded, so it could only say it stopped short) is spared. */
static int names_root(const char *root, const okr_workspace_options *o)
{
    if (o->path_count == 0)
        return same_dir(".", root);
    for (size_t i = 0; i < o->path_count; i++)
        if (same_dir(o->paths[i], root))
            return 1;
    return 0;
}

/* --- what a run reads ---------------------------------------------------- */

int okr_workspace_open(okr_workspace *ws, const okr_workspace_options *o)
{
    memset(ws, 0, sizeof *ws);
    okr_workspace_files named = {0};
    int use_project = o->use_project || o->project;
    if (okr_workspace_gather(&o->walk, o->paths, o->path_count, use_project ? &named : &ws->files) != 0 ||
        (use_project && find_project_root(ws, o) != 0)) {
        okr_workspace_files_free(&named);
        return -1;
    }
    if (ws->root && !names_root(ws->root, o)) {
        gather_project(ws, &named);
        okr_workspace_files_free(&named);
    } else if (use_project) {
        ws->files = named; /* no project, or all of it named: the files named, as without the rule */
    }
    if (o->policy) {
        ws->policy = xstrdup(o->policy);
        ws->policy_shown = xstrdup(o->policy);
    } else if (!o->no_policy) {
        ws->policy = okr_workspace_find_policy(ws->root ? ws->root : o->path_count ? o->paths[0] : ".");
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
    free(ws->root);
    free(ws->context);
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
