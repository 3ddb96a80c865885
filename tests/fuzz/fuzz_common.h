/* fuzz_common.h: helpers shared by the libFuzzer targets of tests/fuzz/.
 *
 * The feed readers and the policy loader read files by path, so an input
 * that must be a file is written to one memfd, created once per process and
 * rewritten for every run, and named by its /proc/self/fd/N path (fopen of
 * that path opens the memfd afresh, at offset 0). Output that is only
 * produced to be exercised goes to one /dev/null stream. Nothing here
 * allocates per run except what the code under test does. */
#ifndef OKR_FUZZ_COMMON_H
#define OKR_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_die(const char *what)
{
    fprintf(stderr, "fuzz harness: %s\n", what);
    abort();
}

/* One memfd per name; returns its path. The bytes replace what was there. */
typedef struct fuzz_file {
    int fd;
    char path[64];
} fuzz_file;

static inline const char *fuzz_file_write(fuzz_file *f, const char *name, const void *data, size_t size)
{
    if (f->fd <= 0) {
        f->fd = (int)syscall(SYS_memfd_create, name, 0u);
        if (f->fd < 0)
            fuzz_die("memfd_create failed");
        snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
    }
    if (ftruncate(f->fd, 0) != 0)
        fuzz_die("ftruncate failed");
    const char *p = data;
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(f->fd, p + done, size - done, (off_t)done);
        if (n <= 0)
            fuzz_die("pwrite failed");
        done += (size_t)n;
    }
    return f->path;
}

static inline FILE *fuzz_devnull(void)
{
    static FILE *null;
    if (!null && !(null = fopen("/dev/null", "w")))
        fuzz_die("cannot open /dev/null");
    return null;
}

/* Output in memory, for comparisons. */
typedef struct fuzz_buf {
    char *text;
    size_t len;
    FILE *f;
} fuzz_buf;

static inline FILE *fuzz_buf_open(fuzz_buf *b)
{
    b->text = NULL;
    b->len = 0;
    b->f = open_memstream(&b->text, &b->len);
    if (!b->f)
        fuzz_die("open_memstream failed");
    return b->f;
}

static inline void fuzz_buf_close(fuzz_buf *b)
{
    if (fclose(b->f) != 0)
        fuzz_die("fclose of a memstream failed");
    b->f = NULL;
}

/* Finds the next occurrence of `marker` in [p, end); NULL when none. */
static inline const char *fuzz_find(const char *p, const char *end, const char *marker)
{
    size_t m = strlen(marker);
    while ((size_t)(end - p) >= m) {
        const char *hit = memchr(p, marker[0], (size_t)(end - p) - m + 1);
        if (!hit)
            return NULL;
        if (memcmp(hit, marker, m) == 0)
            return hit;
        p = hit + 1;
    }
    return NULL;
}

#endif
