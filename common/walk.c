/* walk.c: gathering the files of a run (okr_workspace_gather; the rules are
 * in workspace.h and spec.md, "Files checked"). The messages printed by a
 * strict walk are part of the CLI's output: keep their wording.
 *
 * Invariants: the list of files, its order (the entries of each directory
 * in byte order of their paths), how each file is named and the messages
 * are those of a walk that resolves every path from the working directory
 * on one thread; opening directories relative to a held descriptor and
 * walking subtrees on threads are only ways to get there with fewer system
 * calls. The walk holds a bounded number of descriptors (fd_depth_for), so
 * that a tree deeper than the descriptor limit is walked to its bottom, and
 * frees everything it allocated except the paths handed to the caller.
 * Directories are listed with getdents64(2) (list_dir says why by hand);
 * an entry whose type the file system does not give (DT_UNKNOWN) is
 * lstat'ed, so the walk is the same on every file system
 * (tests/unit/test_walk.c pins that). */
/* getdents64(2), declared by glibc 2.30 and later */
#define _GNU_SOURCE
#include "walk.h"

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
#include "workspace.h"

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

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
 * what getdents64 said it is. */
typedef struct dir_entry {
    char *path; /* NULL once handed to the files gathered */
    unsigned char type; /* DT_* of struct dirent64; DT_UNKNOWN when the file system does not say */
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

/* A directory is listed with getdents64(2) on the descriptor the walk
 * opened, by hand: opendir and fdopendir (glibc's, and every library's
 * directory reader built on them) fstat the descriptor and fcntl it twice
 * before the first entry, three system calls per directory that the walk
 * does not need (it opens with O_DIRECTORY | O_CLOEXEC itself), and no
 * library lists a directory without them. The buffer holds a few hundred
 * entries; a larger directory takes more calls, as with readdir. */
enum { DENTS_BYTES = 16 * 1024 };

/* Adds the entry `name` of type `type` (DT_*) to entries as a path below
 * dir (dlen bytes, `sep` between). */
static void entries_push(dir_entries *entries, const char *dir, size_t dlen, const char *sep, const char *name,
                         unsigned char type)
{
    if (entries->len == entries->cap) {
        size_t cap = entries->cap ? 2 * entries->cap : 16;
        dir_entry *items = realloc(entries->items, cap * sizeof *items);
        if (!items)
            abort();
        entries->items = items;
        entries->cap = cap;
    }
    size_t n = entries->name_at + strlen(name) + 1;
    char *p = malloc(n);
    if (!p)
        abort();
    memcpy(p, dir, dlen);
    memcpy(p + dlen, sep, entries->name_at - dlen);
    memcpy(p + entries->name_at, name, n - entries->name_at);
    entries->items[entries->len++] = (dir_entry){p, type};
}

/* The entries of the directory open as fd (hidden ones left out) as full
 * paths below dir in byte order, counted into out->entries; once the
 * walk's entry bound is reached the rest is not listed. An error while
 * listing ends the list there (as readdir(3) returning NULL did). */
static void list_dir(const okr_workspace_walk *how, int fd, const char *dir, dir_entries *entries,
                     okr_workspace_files *out)
{
    union {
        struct dirent64 align;
        char bytes[DENTS_BYTES];
    } buf;
    size_t dlen = strlen(dir);
    const char *sep = dlen && dir[dlen - 1] == '/' ? "" : "/";
    entries->name_at = dlen + strlen(sep);
    ssize_t got = 0, at = 0;
    while (!full(how, out)) {
        if (at >= got) {
            got = getdents64(fd, buf.bytes, sizeof buf.bytes);
            at = 0;
            if (got <= 0)
                break;
        }
        const struct dirent64 *e = (const struct dirent64 *)(void *)(buf.bytes + at);
        at += e->d_reclen;
        out->entries++;
        if (e->d_name[0] != '.')
            entries_push(entries, dir, dlen, sep, e->d_name, e->d_type);
    }
    if (entries->len > 1)
        qsort(entries->items, entries->len, sizeof *entries->items, compare_entries);
}

/* The lstat(2) file type of an entry: getdents64's d_type where the file
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
    int dir_fd = open_dir(parent_fd, name, dir, strlen(dir));
    if (dir_fd < 0)
        return walk_error(w, dir);
    list_dir(how, dir_fd, dir, &entries, out);
    if (depth >= w->fd_depth) { /* deep down: hold no descriptor while walking below */
        close(dir_fd);
        dir_fd = -1;
    }
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
    if (dir_fd >= 0)
        close(dir_fd);
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

/* See walk.h: 256 descriptors or more. */
int okr_walk_plenty_of_fds(void)
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
    size_t name_at; /* where its name starts in path: after its parent's path and '/'; 0: a PATH */
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
    if (fd < 0) {
        walker failed = *w;
        if (walk_error(&failed, it->path) != 0)
            frontier_push(to, it->path, it->depth, ITEM_FAILED)->w = failed;
        else
            free(it->path); /* lenient: nothing to say */
        return;
    }
    list_dir(w->how, fd, it->path, &entries, &listed);
    to->entries += listed.entries;
    for (size_t i = 0; i < entries.len; i++) {
        struct stat st;
        dir_entry *e = &entries.items[i];
        int at = strlen(e->path) < PATH_MAX ? fd : -1;
        int role = entry_role(at, &entries, e, entry_type(at, &entries, e, &st), &st);
        if (role) {
            frontier_push(to, e->path, it->depth + 1, role == 1 ? ITEM_DIR : ITEM_FILE)->name_at = entries.name_at;
            e->path = NULL;
        }
    }
    close(fd);
    entries_free(&entries);
    free(it->path);
}

typedef struct split_walk {
    frontier *f;
    size_t *dirs; /* indexes of the ITEM_DIRs */
    atomic_size_t next;
    int fd_depth; /* levels each walk holds open below its directory */
} split_walk;

/* The directory a thread last opened the frontier's directories from:
 * they come in walk order, so most share it with the one before. */
typedef struct held_parent {
    int fd; /* -1: none (or it could not be opened: paths are opened whole) */
    const char *path; /* the item whose path starts with it */
    size_t len;
} held_parent;

/* The descriptor of the parent of `it`, opened (O_PATH: looked up in, never
 * read) unless it is the one held; -1: open it by its path. */
static int parent_of(held_parent *p, const walk_item *it)
{
    if (it->name_at == 0)
        return -1;
    if (p->path && p->len == it->name_at && memcmp(p->path, it->path, p->len) == 0)
        return p->fd;
    if (p->fd >= 0)
        close(p->fd);
    char *dir = malloc(it->name_at + 1);
    if (!dir)
        abort();
    memcpy(dir, it->path, it->name_at);
    dir[it->name_at] = '\0';
    p->fd = it->name_at < PATH_MAX ? open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
    free(dir);
    p->path = it->path;
    p->len = it->name_at;
    return p->fd;
}

static void *split_work(void *arg)
{
    split_walk *sw = arg;
    held_parent parent = {.fd = -1};
    for (;;) {
        size_t i = atomic_fetch_add_explicit(&sw->next, 1, memory_order_relaxed);
        if (i >= sw->f->dirs)
            break;
        walk_item *it = &sw->f->items[sw->dirs[i]];
        it->w.fd_depth = it->depth + sw->fd_depth;
        int at = parent_of(&parent, it);
        walk_dir(&it->w, at, it->path + it->name_at, it->path, it->depth, &it->files);
    }
    if (parent.fd >= 0)
        close(parent.fd);
    return NULL;
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
                *frontier_push(&next, it->path, it->depth, it->kind) = *it;
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
    int rc = how->jobs > 1 && unbounded && okr_walk_plenty_of_fds() ? walk_split(&w, dir, (size_t)how->jobs, out)
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
