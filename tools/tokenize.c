/* tokenize.c: the flex scanner alone over .okr files, for the benchmark.
 *
 * Usage: tokenize [--read-only] PATH...  (files, or directories of *.okr)
 *
 * Reads each file and runs the token API of libokr.a on it (okr_lexer_scan,
 * lexer/lexer.h): the scanner with its token actions (keyword lookup, number
 * and string values, comments) but no parser and no checker. Prints "TOKENS tokens, BYTES bytes
 * in FILES files". `okrc check` cannot be faster than this, so the benchmark
 * reports okrc's time as a ratio to it. With --read-only the files are read
 * and not scanned: the I/O floor of a corpus of many small files. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lexer.h"

typedef struct totals {
    size_t tokens, bytes, files;
    int read_only;
} totals;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 14, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

static int tokenize_file(const char *path, totals *t)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        fprintf(stderr, "tokenize: cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!t->read_only) {
        /* One arena per file: the token arrays are counted, not kept. */
        okr_arena arena;
        okr_diags diags;
        okr_arena_init(&arena);
        okr_diags_init(&diags, &arena);
        okr_vec comments = {0}; /* recorded, as okrc records them */
        okr_token_list tokens = okr_lexer_scan(&arena, &diags, (uint32_t)t->files, text, len, &comments);
        t->tokens += tokens.len;
        okr_arena_free(&arena);
    }
    t->bytes += len;
    t->files++;
    free(text);
    return 0;
}

static int has_okr_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".okr") == 0;
}

static int walk(const char *path, totals *t)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "tokenize: cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return tokenize_file(path, t);
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "tokenize: cannot read directory %s: %s\n", path, strerror(errno));
        return -1;
    }
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(path) + strlen(e->d_name) + 2;
        char *child = malloc(n);
        if (!child)
            abort();
        snprintf(child, n, "%s/%s", path, e->d_name);
        if (stat(child, &st) == 0 && (S_ISDIR(st.st_mode) || has_okr_suffix(child)))
            rc = walk(child, t);
        free(child);
    }
    closedir(d);
    return rc;
}

int main(int argc, char **argv)
{
    totals t = {0};
    int first = 1;
    if (argc > 1 && strcmp(argv[1], "--read-only") == 0) {
        t.read_only = 1;
        first = 2;
    }
    if (argc <= first) {
        fprintf(stderr, "usage: tokenize [--read-only] PATH...\n");
        return 2;
    }
    for (int i = first; i < argc; i++)
        if (walk(argv[i], &t) != 0)
            return 2;
    printf("%zu tokens, %zu bytes in %zu files\n", t.tokens, t.bytes, t.files);
    return 0;
}
