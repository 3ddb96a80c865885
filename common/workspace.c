/* workspace.c: gathering, reading, finding the policy and sessions; see
 * workspace.h for the rules. The messages printed by a strict walk are part
 * of the CLI's output (spec.md, "Files checked"): keep their wording. */
#include "workspace.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "threads.h"

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

/* --- gathering ----------------------------------------------------------- */

/* Hands a malloc'ed path to the files gathered. */
static void files_take(okr_workspace_files *files, char *path)
{
    if (files->len == files->cap) {
        size_t cap = files->cap ? files->cap * 2 : 64;
        char **paths = realloc(files->paths, cap * sizeof *paths);
        if (!paths)
            abort();
        files->paths = paths;
        files->cap = cap;
    }
    files->paths[files->len++] = path;
}

void okr_workspace_files_add(okr_workspace_files *files, const char *path)
{
    files_take(files, xstrdup(path));
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

/* Whether a walk takes the *.okr entry `name` of the directory open as
 * dir_fd (-1: use `path`), lstat'ed as *st: a regular file, or a link
 * unless it leads to something whose read may never end. */
static int takes_file(int dir_fd, const char *name, const char *path, const struct stat *st)
{
    if (S_ISREG(st->st_mode))
        return 1;
    if (!S_ISLNK(st->st_mode))
        return 0;
    struct stat target;
    if ((dir_fd >= 0 ? fstatat(dir_fd, name, &target, 0) : stat(path, &target)) != 0)
        return 1; /* points nowhere: reading it reports the error */
    return S_ISREG(target.st_mode) || S_ISDIR(target.st_mode);
}

/* One directory entry: its full path (the name after `name_at` bytes) and
 * what readdir said it is. */
typedef struct dir_entry {
    char *path; /* NULL once handed to the files gathered */
    unsigned char type; /* DT_* of struct dirent; DT_UNKNOWN when the file system does not say */
} dir_entry;

typedef struct dir_entries {
    dir_entry *items;
    size_t len, cap;
    size_t name_at; /* where the name starts in each path */
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

/* One walk of a tree: its bounds, how many levels keep their directory
 * open, and the first error of a strict walk (printed by the caller, so
 * that a subtree walked on another thread says nothing out of turn). */
typedef struct walker {
    const okr_workspace_walk *how;
    int fd_depth; /* a directory fewer levels than this below its PATH stays open while its entries are walked */
    int err;      /* errno of the directory that could not be read; 0: none */
    char *err_dir;
    int out_of_fds; /* a directory could not be opened for want of descriptors (strict or not) */
} walker;

/* A directory is opened relative to its parent's descriptor, so that the
 * kernel looks up one name instead of the whole path again. The answer
 * is the one opening the path would give: a path as long as PATH_MAX or
 * longer is opened by its path (and fails so), as is every directory when
 * no parent is open. Flags as opendir(3)'s. */
static int open_dir(int parent_fd, const char *name, const char *path, size_t path_len)
{
    int flags = O_RDONLY | O_NONBLOCK | O_DIRECTORY | O_CLOEXEC;
    if (parent_fd >= 0 && path_len < PATH_MAX)
        return openat(parent_fd, name, flags);
    return open(path, flags);
}

/* The entries of the directory open as fd (hidden ones left out) as full
 * paths below dir in byte order, counted into out->entries; once the
 * walk's entry bound is reached the rest is not listed. Takes fd over:
 * returns the open DIR, or NULL with errno set. */
static DIR *list_dir(const okr_workspace_walk *how, int fd, const char *dir, dir_entries *entries,
                     okr_workspace_files *out)
{
    DIR *d = fdopendir(fd);
    if (!d) {
        int e = errno;
        close(fd);
        errno = e;
        return NULL;
    }
    size_t dlen = strlen(dir);
    const char *sep = dlen && dir[dlen - 1] == '/' ? "" : "/";
    entries->name_at = dlen + strlen(sep);
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
        size_t n = entries->name_at + strlen(e->d_name) + 1;
        char *p = malloc(n);
        if (!p)
            abort();
        memcpy(p, dir, dlen);
        memcpy(p + dlen, sep, entries->name_at - dlen);
        memcpy(p + entries->name_at, e->d_name, n - entries->name_at);
        entries->items[entries->len++] = (dir_entry){p, e->d_type};
    }
    if (entries->len > 1)
        qsort(entries->items, entries->len, sizeof *entries->items, compare_entries);
    return d;
}

/* The lstat(2) file type of an entry: readdir's d_type where the file
 * system gives one (ext4, XFS, btrfs, tmpfs do), which spares a corpus of
 * thousands of files a system call each; else lstat, relative to dir_fd
 * when it is open and the path is not too long to name. 0 when it is gone. */
static mode_t entry_type(int dir_fd, const dir_entries *entries, const dir_entry *e, struct stat *st)
{
    switch (e->type) {
    case DT_REG: return S_IFREG;
    case DT_DIR: return S_IFDIR;
    case DT_FIFO: return S_IFIFO;
    case DT_SOCK: return S_IFSOCK;
    case DT_CHR: return S_IFCHR;
    case DT_BLK: return S_IFBLK;
    default: break;
    }
    int ok = dir_fd >= 0 ? fstatat(dir_fd, e->path + entries->name_at, st, AT_SYMLINK_NOFOLLOW) == 0
                         : lstat(e->path, st) == 0;
    return ok ? st->st_mode & S_IFMT : 0;
}

static int walk_error(walker *w, const char *dir)
{
    w->out_of_fds |= errno == EMFILE || errno == ENFILE;
    if (!w->how->errors)
        return 0;
    w->err = errno;
    w->err_dir = xstrdup(dir);
    return -1;
}

/* What to do with entry e (whose type is `type`, st its lstat when the
 * file system did not say): 1: walk it as a directory, 2: take it as a
 * file, 0: pass over it. */
static int entry_role(int dir_fd, const dir_entries *entries, const dir_entry *e, mode_t type, struct stat *st)
{
    const char *name = e->path + entries->name_at;
    if (type == 0)
        return 0;
    if (S_ISDIR(type))
        return okr_workspace_skipped_name(name, 1) ? 0 : 1;
    st->st_mode = type;
    if (!has_okr_suffix(name))
        return 0;
    return takes_file(dir_fd, name, e->path, st) ? 2 : 0;
}

/* Collects *.okr below dir, `depth` levels below the PATH it started
 * from; dir is `name` in the directory open as parent_fd (-1: none). */
static int walk_dir(walker *w, int parent_fd, const char *name, const char *dir, int depth,
                    okr_workspace_files *out)
{
    const okr_workspace_walk *how = w->how;
    if (how->max_depth && depth > how->max_depth) {
        out->capped |= OKR_WALK_CAPPED_DEPTH;
        return 0;
    }
    if (full(how, out))
        return 0;
    dir_entries entries = {0};
    int fd = open_dir(parent_fd, name, dir, strlen(dir));
    DIR *d = fd < 0 ? NULL : list_dir(how, fd, dir, &entries, out);
    if (!d) {
        entries_free(&entries);
        return walk_error(w, dir);
    }
    if (depth >= w->fd_depth) { /* deep down: hold no descriptor while walking below */
        closedir(d);
        d = NULL;
    }
    int dir_fd = d ? dirfd(d) : -1;
    int rc = 0;
    for (size_t i = 0; i < entries.len && rc == 0 && !full(how, out); i++) {
        dir_entry *e = &entries.items[i];
        struct stat st;
        int at = dir_fd >= 0 && strlen(e->path) < PATH_MAX ? dir_fd : -1; /* else as the path fails */
        int role = entry_role(at, &entries, e, entry_type(at, &entries, e, &st), &st);
        if (role == 1) {
            rc = walk_dir(w, dir_fd, e->path + entries.name_at, e->path, depth + 1, out);
        } else if (role == 2) {
            files_take(out, e->path);
            e->path = NULL;
        }
    }
    if (d)
        closedir(d);
    entries_free(&entries);
    return rc;
}

/* How many levels of a walk by one of `walkers` threads keep their
 * directory open: a quarter of the descriptors the process may hold,
 * shared among the walkers, at most 32 levels (deeper trees are rare). */
static int fd_depth_for(size_t walkers)
{
    struct rlimit rl;
    size_t budget = 32 * walkers;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur / 4 < budget)
        budget = (size_t)(rl.rlim_cur / 4);
    return (int)(budget / walkers);
}

/* Whether the process may hold enough descriptors for threads to each
 * hold some more than one at a time: the walk on threads and the readers'
 * held directories are for then (the usual limit is 1,024). Under a lower
 * limit they take no more descriptors than a walk and reads by path. */
static int plenty_of_fds(void)
{
    struct rlimit rl;
    return getrlimit(RLIMIT_NOFILE, &rl) == 0 && (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= 256);
}

/* --- a walk on threads --------------------------------------------------
 *
 * A PATH is first opened out, a level at a time, into its frontier: its
 * entries in walk order, each a file or a directory still to walk, until
 * there are enough directories for the threads to share (a PATH holding
 * one folder, `okrs/`, is opened below it) or three levels are listed.
 * The directories are then walked each on its own, on the threads the walk
 * may use (okr_workspace_walk.jobs), and the frontier is joined in order:
 * the list one thread's walk makes. Only a walk without bounds is split (a
 * bound would have to stop the walks after it), and a strict walk's first
 * error in walk order is the one said: what comes after it is dropped. */

enum { ITEM_DIR = 1, ITEM_FILE = 2, ITEM_FAILED = 3 };

typedef struct walk_item {
    char *path;
    int depth, kind;
    walker w; /* ITEM_DIR: its walk; ITEM_FAILED: the error */
    okr_workspace_files files;
} walk_item;

typedef struct frontier {
    walk_item *items;
    size_t len, cap, dirs;
    size_t entries; /* directory entries listed while opening out */
} frontier;

static walk_item *frontier_push(frontier *f, char *path, int depth, int kind)
{
    if (f->len == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 64;
        f->items = realloc(f->items, f->cap * sizeof *f->items);
        if (!f->items)
            abort();
    }
    walk_item *it = &f->items[f->len++];
    memset(it, 0, sizeof *it);
    it->path = path;
    it->depth = depth;
    it->kind = kind;
    f->dirs += kind == ITEM_DIR;
    return it;
}

/* Replaces the directory `it` (taken over) by its entries in `to`: a strict
 * walk keeps a directory it cannot list as ITEM_FAILED; a lenient one
 * drops it, as walk_dir does. */
static void open_out(const walker *w, walk_item *it, frontier *to)
{
    dir_entries entries = {0};
    okr_workspace_files listed = {0};
    int fd = open_dir(-1, NULL, it->path, strlen(it->path));
    DIR *d = fd < 0 ? NULL : list_dir(w->how, fd, it->path, &entries, &listed);
    to->entries += listed.entries;
    if (!d) {
        walker failed = *w;
        if (walk_error(&failed, it->path) != 0)
            frontier_push(to, it->path, it->depth, ITEM_FAILED)->w = failed;
        else
            free(it->path); /* lenient: nothing to say */
        entries_free(&entries);
        return;
    }
    for (size_t i = 0; i < entries.len; i++) {
        struct stat st;
        dir_entry *e = &entries.items[i];
        int at = strlen(e->path) < PATH_MAX ? dirfd(d) : -1;
        int role = entry_role(at, &entries, e, entry_type(at, &entries, e, &st), &st);
        if (role) {
            frontier_push(to, e->path, it->depth + 1, role == 1 ? ITEM_DIR : ITEM_FILE);
            e->path = NULL;
        }
    }
    closedir(d);
    entries_free(&entries);
    free(it->path);
}

typedef struct split_walk {
    frontier *f;
    size_t *dirs; /* indexes of the ITEM_DIRs */
    atomic_size_t next;
    int fd_depth; /* levels each walk holds open below its directory */
} split_walk;

static void *split_work(void *arg)
{
    split_walk *sw = arg;
    for (;;) {
        size_t i = atomic_fetch_add_explicit(&sw->next, 1, memory_order_relaxed);
        if (i >= sw->f->dirs)
            return NULL;
        walk_item *it = &sw->f->items[sw->dirs[i]];
        it->w.fd_depth = it->depth + sw->fd_depth;
        walk_dir(&it->w, -1, NULL, it->path, it->depth, &it->files);
    }
}

/* Moves the files of `from` to the end of `to`. */
static void files_append(okr_workspace_files *to, okr_workspace_files *from)
{
    for (size_t i = 0; i < from->len; i++)
        files_take(to, from->paths[i]);
    to->entries += from->entries;
    free(from->paths);
    memset(from, 0, sizeof *from);
}

/* Joins the frontier in order into out; -1 at the first error, said in *w. */
static int join_frontier(walker *w, frontier *f, okr_workspace_files *out)
{
    int rc = 0;
    out->entries += f->entries;
    for (size_t i = 0; i < f->len; i++) {
        walk_item *it = &f->items[i];
        if (rc == 0 && it->kind == ITEM_DIR && it->w.out_of_fds) {
            /* the threads together held too many descriptors: again alone */
            free(it->w.err_dir);
            okr_workspace_files_free(&it->files);
            it->w = *w;
            it->w.fd_depth = it->depth + fd_depth_for(1);
            walk_dir(&it->w, -1, NULL, it->path, it->depth, &it->files);
        }
        if (rc == 0 && it->kind == ITEM_FILE) {
            files_take(out, it->path);
            it->path = NULL;
        } else if (rc == 0) {
            files_append(out, &it->files);
            if (it->w.err) {
                w->err = it->w.err;
                w->err_dir = it->w.err_dir;
                it->w.err_dir = NULL;
                rc = -1;
            }
        }
        free(it->path);
        free(it->w.err_dir);
        okr_workspace_files_free(&it->files);
    }
    free(f->items);
    return rc;
}

/* Walks the directory PATH `dir` into out on up to `jobs` threads. */
static int walk_split(walker *w, const char *dir, size_t jobs, okr_workspace_files *out)
{
    frontier f = {0};
    frontier_push(&f, xstrdup(dir), 0, ITEM_DIR);
    for (int level = 0; level < 3 && f.dirs > 0 && f.dirs < 8 * jobs; level++) {
        frontier next = {.entries = f.entries};
        for (size_t i = 0; i < f.len; i++) {
            walk_item *it = &f.items[i];
            if (it->kind == ITEM_DIR)
                open_out(w, it, &next);
            else
                frontier_push(&next, it->path, it->depth, it->kind)->w = it->w;
        }
        free(f.items);
        f = next;
    }
    size_t *dirs = calloc(f.dirs + 1, sizeof *dirs);
    if (!dirs)
        abort();
    for (size_t i = 0, k = 0; i < f.len; i++)
        if (f.items[i].kind == ITEM_DIR)
            dirs[k++] = i;
    jobs = jobs < f.dirs ? jobs : f.dirs;
    split_walk sw = {.f = &f, .dirs = dirs, .fd_depth = fd_depth_for(jobs ? jobs : 1)};
    atomic_init(&sw.next, 0);
    for (size_t i = 0; i < f.dirs; i++)
        f.items[dirs[i]].w = *w;
    okr_threads_run(jobs, split_work, &sw, 0); /* every thread takes from sw */
    free(dirs);
    return join_frontier(w, &f, out);
}

/* Walks the directory PATH `dir` into out: split among threads when the
 * walk may use them and has no bound, else on this one. */
static int walk_path(const okr_workspace_walk *how, const char *dir, okr_workspace_files *out)
{
    walker w = {.how = how, .fd_depth = fd_depth_for(1)};
    int unbounded = !how->max_files && !how->max_entries && !how->max_depth;
    int rc = how->jobs > 1 && unbounded && plenty_of_fds() ? walk_split(&w, dir, (size_t)how->jobs, out)
                                                          : walk_dir(&w, -1, NULL, dir, 0, out);
    if (rc != 0 && how->errors)
        fprintf(how->errors, "okrc: error: cannot read directory '%s': %s\n", w.err_dir, strerror(w.err));
    free(w.err_dir);
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
        if (walk_path(how, paths[i], out) != 0)
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
    r->by_path = !plenty_of_fds();
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

/* The descriptor of the directory part of path (the bytes before its last
 * '/'), opened when it is not the one held; -1 when path is to be opened
 * whole: no directory part, a pipe okrc inherited, a path too long to
 * open (it fails as such), or a directory that cannot be opened (one that
 * can be searched but not listed). *name: the part after the '/'. */
static int reader_dir(okr_workspace_reader *r, const char *path, const char **name)
{
    const char *slash = strrchr(path, '/');
    if (r->by_path || !slash || slash == path || !slash[1] || inherited_pipe(path) || strlen(path) >= PATH_MAX)
        return -1;
    size_t n = (size_t)(slash - path);
    *name = slash + 1;
    if (r->dir && r->dir_len == n && memcmp(r->dir, path, n) == 0)
        return r->dir_fd;
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
    r->dir_fd = open(r->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
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
    const char *name = NULL;
    int dir_fd = reader_dir(r, path, &name);
    *too_big = 0;
    int fd = open_readable_at(dir_fd, name, path, 1, &st);
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
