/* atomic.c: files replaced atomically, and outputs that name an input
 * (atomic.h). */
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static void sync_directory_of(char *target)
{
    /* Makes the rename itself durable; a failure here loses nothing the
     * rename has not already made visible, so it is not an error. */
    char *slash = strrchr(target, '/');
    const char *dir = ".";
    char saved = 0;
    char *cut = NULL;
    if (slash) {
        cut = slash == target ? slash + 1 : slash;
        saved = *cut;
        *cut = '\0';
        dir = target;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    if (cut)
        *cut = saved;
}

static mode_t new_file_mode(void)
{
    mode_t mask = umask(022); /* reading the umask means setting it */
    umask(mask);
    return 0666 & ~mask;
}

int okr_atomic_open(okr_atomic_file *a, const char *path)
{
    memset(a, 0, sizeof *a);
    struct stat st;
    int exists = lstat(path, &st) == 0;
    a->target = exists && S_ISLNK(st.st_mode) ? realpath(path, NULL) : strdup(path);
    if (!a->target)
        return -1; /* a dangling link: realpath set errno */
    exists = stat(a->target, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        a->f = fopen(a->target, "w");
        if (!a->f) {
            int saved = errno;
            free(a->target);
            a->target = NULL;
            errno = saved;
            return -1;
        }
        return 0;
    }
    size_t n = strlen(a->target) + sizeof ".XXXXXX";
    a->tmp = malloc(n);
    if (!a->tmp)
        abort();
    snprintf(a->tmp, n, "%s.XXXXXX", a->target);
    int fd = mkstemp(a->tmp);
    int saved = errno;
    if (fd >= 0 && exists && fchown(fd, st.st_uid, st.st_gid) != 0) {
        /* Not permitted for an ordinary user on someone else's file; the
         * new file is then the user's, as with any editor's save. */
    }
    if (fd >= 0 && fchmod(fd, exists ? st.st_mode & 07777 : new_file_mode()) == 0)
        a->f = fdopen(fd, "w");
    if (!a->f) {
        saved = errno;
        if (fd >= 0) {
            close(fd);
            unlink(a->tmp);
        }
        free(a->tmp);
        free(a->target);
        memset(a, 0, sizeof *a);
        errno = saved;
        return -1;
    }
    return 0;
}

/* Whether `target` is still the file `before` describes. */
static int unchanged_since(const char *target, const struct stat *before)
{
    struct stat now;
    return stat(target, &now) == 0 && now.st_dev == before->st_dev && now.st_ino == before->st_ino &&
           now.st_size == before->st_size && now.st_mtim.tv_sec == before->st_mtim.tv_sec &&
           now.st_mtim.tv_nsec == before->st_mtim.tv_nsec;
}

/* Commits `a`; with `before`, only when the target is unchanged since
 * (returns 1 when it changed). */
static int commit(okr_atomic_file *a, const struct stat *before)
{
    int ok = fflush(a->f) == 0 && !ferror(a->f);
    if (ok && a->tmp && fsync(fileno(a->f)) != 0)
        ok = 0;
    int saved = errno;
    if (fclose(a->f) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    int changed = 0;
    if (a->tmp) {
        changed = ok && before && !unchanged_since(a->target, before);
        if (ok && !changed && rename(a->tmp, a->target) != 0) {
            ok = 0;
            saved = errno;
        }
        if (!ok || changed)
            unlink(a->tmp);
        else
            sync_directory_of(a->target);
    }
    free(a->tmp);
    free(a->target);
    memset(a, 0, sizeof *a);
    errno = saved;
    return changed ? 1 : ok ? 0 : -1;
}

int okr_atomic_commit(okr_atomic_file *a)
{
    return commit(a, NULL);
}

int okr_atomic_commit_unchanged(okr_atomic_file *a, const struct stat *before)
{
    return commit(a, before);
}

void okr_atomic_abort(okr_atomic_file *a)
{
    if (a->f)
        fclose(a->f);
    if (a->tmp)
        unlink(a->tmp);
    free(a->tmp);
    free(a->target);
    memset(a, 0, sizeof *a);
}

int okr_atomic_replace(const char *path, const char *text, size_t len)
{
    okr_atomic_file a;
    if (okr_atomic_open(&a, path) != 0)
        return -1;
    if (len && fwrite(text, 1, len, a.f) != len) {
        int saved = errno;
        okr_atomic_abort(&a);
        errno = saved;
        return -1;
    }
    return okr_atomic_commit(&a);
}

int okr_atomic_same_file(const char *output, const char *input)
{
    struct stat so, si;
    if (stat(output, &so) != 0)
        return strcmp(output, input) == 0;
    if (stat(input, &si) != 0)
        return 0;
    /* Devices and FIFOs (/dev/stdout, /dev/null) are not replaced, and
     * writing one never loses an input's text. */
    return S_ISREG(so.st_mode) && so.st_dev == si.st_dev && so.st_ino == si.st_ino;
}
