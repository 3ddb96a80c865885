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

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

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

/* One directory entry: its full path and what readdir said it is. */
typedef struct dir_entry {
    char *path;
    unsigned char type; /* DT_* of struct dirent; DT_UNKNOWN when the file system does not say */
} dir_entry;

typedef struct dir_entries {
    dir_entry *items;
    size_t len, cap;
} dir_entries;

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const dir_entry *)a)->path, ((const dir_entry *)b)->path);
}

static void entries_free(dir_entries *entries)
{
    for (size_t i = 0; i < entries->len; i++)
        free(entries->items[i].path);
    free(entries->items);
}

/* The entries of dir (hidden ones left out) as full paths in byte order,
 * counted into out->entries; once the walk's entry bound is reached the
 * rest of dir is not listed. -1 when dir cannot be listed. */
static int list_dir(const okr_workspace_walk *how, const char *dir, dir_entries *entries, okr_workspace_files *out)
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
        if (entries->len == entries->cap) {
            size_t cap = entries->cap ? 2 * entries->cap : 16;
            dir_entry *items = realloc(entries->items, cap * sizeof *items);
            if (!items)
                abort();
            entries->items = items;
            entries->cap = cap;
        }
        size_t n = dlen + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (!p)
            abort();
        snprintf(p, n, "%s%s%s", dir, sep, e->d_name);
        entries->items[entries->len++] = (dir_entry){p, e->d_type};
    }
    closedir(d);
    if (entries->len > 1)
        qsort(entries->items, entries->len, sizeof *entries->items, compare_entries);
    return 0;
}

/* The lstat(2) file type of an entry: readdir's d_type where the file
 * system gives one (ext4, XFS, btrfs, tmpfs do), which spares a corpus of
 * thousands of files a system call each; else lstat. 0 when it is gone. */
static mode_t entry_type(const dir_entry *e, struct stat *st)
{
    switch (e->type) {
    case DT_REG: return S_IFREG;
    case DT_DIR: return S_IFDIR;
    case DT_FIFO: return S_IFIFO;
    case DT_SOCK: return S_IFSOCK;
    case DT_CHR: return S_IFCHR;
    case DT_BLK: return S_IFBLK;
    default: return lstat(e->path, st) == 0 ? st->st_mode & S_IFMT : 0;
    }
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
    dir_entries entries = {0};
    if (list_dir(how, dir, &entries, out) != 0) {
        if (!how->errors)
            return 0;
        fprintf(how->errors, "okrc: error: cannot read directory '%s': %s\n", dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < entries.len && rc == 0 && !full(how, out); i++) {
        const char *path = entries.items[i].path;
        struct stat st;
        mode_t type = entry_type(&entries.items[i], &st);
        if (type == 0)
            continue;
        st.st_mode = type;
        const char *slash = strrchr(path, '/');
        if (S_ISDIR(type) && !okr_workspace_skipped_name(slash ? slash + 1 : path, 1))
            rc = walk_dir(how, path, depth + 1, out);
        else if (has_okr_suffix(path) && takes_file(path, &st))
            okr_workspace_files_add(out, path);
    }
    entries_free(&entries);
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
static char *read_limited(const char *path, size_t limit, size_t *len, int *too_big, struct stat *stp,
                          int skip_big)
{
    *too_big = 0;
    int fd = open_readable(path, 1, stp);
    if (fd < 0)
        return NULL;
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
