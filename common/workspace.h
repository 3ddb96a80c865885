/* workspace.h: what one run of okrc reads, decided in one place (spec.md,
 * "Files checked", "Policy", "Limits").
 *
 * `okrc check`, compile, grade, fmt and the language server must see the
 * same program, so they all gather files, read them and find the policy
 * here:
 *
 * - Gathering: a PATH that is a file is taken whatever its name; a
 *   directory is searched recursively for *.okr, the entries of each
 *   directory in byte order of their paths (deterministic output), hidden
 *   entries (a name starting with '.') and vendored and build folders
 *   (okr_workspace_skipped_name) skipped, symbolic links to
 *   directories not followed (a link cycle cannot make the walk endless).
 *   A walk takes only what reading can finish: regular files and *.okr
 *   links to them; a *.okr link to a FIFO, socket or device is skipped,
 *   as opening it could block forever. A *.okr link that points nowhere (or
 *   at a directory) is taken, so that reading it reports the I/O error as
 *   spec.md says. Each directory is opened relative to its parent's
 *   descriptor (a few levels of them are held), and the subdirectories of
 *   a PATH may be walked on threads (okr_workspace_walk.jobs): neither
 *   changes the list, its order or the messages.
 * - Reading: a whole file with a size limit; a regular file costs one read
 *   of its size, a pipe the shell hands over (`<(command)`, /dev/stdin) is
 *   read to its end; anything else that is not a regular file (a FIFO in
 *   the file system, a socket, a device) is refused without blocking.
 * - The policy: the nearest okr.policy in the directory of the first PATH
 *   or above it.
 * - The project (spec.md, "Files checked", "Projects"): the nearest
 *   directory at or above the PATHs that holds okr.policy, or the one given
 *   (--project DIR). Its other .okr files are gathered too, marked as
 *   context: read for their names, their findings not reported.
 * - A session: the arena, source table and diagnostics that one piece of
 *   work allocates, reports into and frees together.
 *
 * Nothing here keeps state between calls: every result belongs to the
 * caller. */
#ifndef OKR_WORKSPACE_H
#define OKR_WORKSPACE_H

#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"
#include "source.h"

/* Which bound of a walk (okr_workspace_walk) stopped it short. */
enum {
    OKR_WALK_CAPPED_FILES = 1,   /* max_files .okr files were gathered */
    OKR_WALK_CAPPED_ENTRIES = 2, /* max_entries directory entries were visited */
    OKR_WALK_CAPPED_DEPTH = 4,   /* a directory lay deeper than max_depth */
};

/* A growing list of malloc'ed paths, in the order they were gathered, and
 * what the walk that gathered them visited. */
typedef struct okr_workspace_files {
    char **paths;
    size_t len, cap;
    size_t entries; /* directory entries visited (hidden ones included) */
    unsigned capped; /* OKR_WALK_CAPPED_* bits */
} okr_workspace_files;

/* How a walk treats trouble and how far it goes. */
typedef struct okr_workspace_walk {
    /* Strict (the CLI): a PATH that cannot be read, a directory that cannot
     * be listed or a directory without any .okr file is printed here as
     * `okrc: error: ...` and the gathering fails. NULL: lenient (the
     * language server): such a place adds nothing and the walk goes on. */
    FILE *errors;
    size_t max_files;   /* the walk stops once this many files are gathered; 0: no bound */
    size_t max_entries; /* ... or once it has visited this many directory entries, .okr
                           or not (a root of /usr holds 164k); 0: no bound */
    int max_depth;      /* directories more levels than this below a PATH are not read; 0: no bound */
    int jobs;           /* threads a walk without bounds may use for a PATH's subdirectories
                           (the list is the same) when the process may hold 256 descriptors;
                           0 or 1: the calling thread only */
} okr_workspace_walk;

/* Whether a walk passes over the directory entry `name`: hidden entries and
 * the folders tools fill with other people's files or build output
 * (node_modules, vendor, build, target, dist, ...; spec.md, "Files
 * checked"). A PATH naming such a directory is searched all the same. */
int okr_workspace_skipped_name(const char *name, int is_dir);

void okr_workspace_files_add(okr_workspace_files *files, const char *path);
void okr_workspace_files_free(okr_workspace_files *files);

/* Gathers the files of `paths` (none: "."); returns 0, or -1 after a strict
 * walk's error (what was gathered so far stays in `out` to be freed). */
int okr_workspace_gather(const okr_workspace_walk *how, char *const *paths, size_t count,
                         okr_workspace_files *out);

/* Reads a whole file, refusing more than `limit` bytes: then *too_big is set
 * and what was read is returned all the same (its length in *len), so that
 * the caller can report the limit (OKR007) where the file is named. Returns
 * a malloc'ed, unterminated buffer, or NULL with errno set (EISDIR for a
 * directory, ENXIO for what is not a regular file: see okr_workspace_probe).
 * Never blocks on opening. */
char *okr_workspace_read(const char *path, size_t limit, size_t *len, int *too_big);

/* As okr_workspace_read, except that a regular file larger than `limit`
 * is not read at all: *too_big is set and the buffer is empty (*len 0).
 * For a caller that only reports such a file (OKR007) and reads many at
 * once: threads each reading a hostile file's first 64 MiB would hold all
 * of them. */
char *okr_workspace_read_within(const char *path, size_t limit, size_t *len, int *too_big);

/* Reads many files on one thread, each as okr_workspace_read_within, with
 * a directory two levels above the last file held open: a file below it
 * (a walk's files come in path order, so most are) is opened relative to
 * it, a lookup of a name or two instead of the whole path. The answers are the
 * ones opening the paths would give, except that a directory renamed away
 * while held is read as it was, as if the read had come before (a file
 * gone from it is looked for by its path). A reader holds one descriptor,
 * none when the process may hold fewer than 256. */
typedef struct okr_workspace_reader {
    int dir_fd; /* -1: none */
    char *dir;  /* its path, as the path of the file that chose it spelled it */
    size_t dir_len, dir_cap;
    int by_path; /* under a low descriptor limit: hold nothing, open every path whole */
} okr_workspace_reader;

void okr_workspace_reader_init(okr_workspace_reader *r);
void okr_workspace_reader_close(okr_workspace_reader *r);
/* As okr_workspace_read_within; unless *too_big, the buffer has room for
 * *len + 1 bytes and is NUL-terminated (okr_source_adopt takes it as is). */
char *okr_workspace_reader_read(okr_workspace_reader *r, const char *path, size_t limit, size_t *len,
                                int *too_big);

/* As okr_workspace_reader_read, and *st is the fstat(2) of the file opened,
 * taken before its bytes were read: the source table reads a file whose
 * text it dropped again only when it is still that file (source.h). */
struct stat;
char *okr_workspace_reader_read_stat(okr_workspace_reader *r, const char *path, size_t limit, size_t *len,
                                     int *too_big, struct stat *st);

/* As okr_workspace_read, and *st is the fstat(2) of the file opened, taken
 * before its bytes were read: `okrc fmt` compares it with the file just
 * before replacing it, with no second stat of its own. */
struct stat;
char *okr_workspace_read_stat(const char *path, size_t limit, size_t *len, int *too_big, struct stat *st);

/* Whether a read of `path` can finish, without reading it and without
 * blocking: 0 for a regular file, or (pipes_ok) a pipe okrc inherited, named
 * /dev/stdin or /dev/fd/N as the shell's `<(command)` names it; ENXIO for a
 * FIFO in the file system, a socket or a device (or a link to one), which
 * could make okrc wait forever; EISDIR for a directory; else the errno of
 * opening it. */
int okr_workspace_probe(const char *path, int pipes_ok);

/* Whether `path` names a pipe okrc may inherit (/dev/stdin, /dev/fd/N,
 * /proc/self/fd/N), which okr_workspace_read reads to its end: its bytes
 * depend on the order of reads, so such a path must be read in the order
 * the files are named, never alongside another read. */
int okr_workspace_names_pipe(const char *path);

/* strerror, with ENXIO from the two above said as "not a regular file". */
const char *okr_workspace_strerror(int err);

/* The nearest okr.policy (a regular file) in the directory of `start` (or in
 * `start` itself when it is a directory) or any directory above it, as a
 * malloc'ed absolute path; NULL when there is none. */
char *okr_workspace_find_policy(const char *start);

/* `path` as seen from directory `base` (an absolute path without trailing
 * '/'): the part after "BASE/" when path lies below base, else path itself. */
const char *okr_workspace_shown(const char *path, const char *base);

/* The project root of `start`: the nearest directory holding a regular file
 * okr.policy, from the directory of `start` (`start` itself when it is a
 * directory) upwards, as a malloc'ed absolute path; NULL when there is none. */
char *okr_workspace_find_root(const char *start);

/* The bounds of the walk that gathers a project's context files: the
 * language server's (spec.md, "Limits"), as a project found above a file
 * may be as large as a home directory. */
enum { OKR_PROJECT_MAX_FILES = 5000, OKR_PROJECT_MAX_ENTRIES = 50000, OKR_PROJECT_MAX_DEPTH = 24 };

/* What a run reads: its files and its policy. */
typedef struct okr_workspace_options {
    char *const *paths;     /* files and directories; none: "." */
    size_t path_count;
    const char *policy;     /* --policy FILE: read this, as given, instead of looking */
    int no_policy;          /* --no-policy: the defaults only */
    const char *shown_from; /* a found policy is named relative to this directory;
                               NULL: the working directory */
    okr_workspace_walk walk;
    int use_project;        /* apply the project rule (okrc check) */
    const char *project;    /* --project DIR: the root, holding okr.policy or not */
} okr_workspace_options;

typedef struct okr_workspace {
    okr_workspace_files files;
    char *policy;       /* the policy file to read (as given, or found: absolute); NULL: none */
    char *policy_shown; /* how diagnostics name it */
    /* With the project rule and a root: files holds the project's files in
     * its walk order, each once (named and found alike), then named files
     * the walk did not reach; context[i] is 1 for a file no PATH named. */
    char *root;         /* the project root (absolute); NULL: no project */
    unsigned char *context;
    size_t context_count;
    unsigned project_capped; /* OKR_WALK_CAPPED_* bits of the project walk */
} okr_workspace;

/* Gathers the files, then finds the policy from the first PATH (from the
 * project root when there is one). With use_project, PATHs under two
 * different roots are an error, printed to walk.errors when strict.
 * Returns 0, or -1 after an error; either way okr_workspace_close frees. */
int okr_workspace_open(okr_workspace *ws, const okr_workspace_options *o);
void okr_workspace_close(okr_workspace *ws);

/* One arena with the source table and diagnostics allocated in it. The
 * members point at each other, so a session is set up in place and never
 * copied. */
typedef struct okr_workspace_session {
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
} okr_workspace_session;

void okr_workspace_session_init(okr_workspace_session *s);
void okr_workspace_session_free(okr_workspace_session *s);

#endif
