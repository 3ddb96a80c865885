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
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"
#include "workspace.h"

typedef struct totals {
    size_t tokens, bytes, files;
    int read_only;
} totals;

static int tokenize_file(const char *path, totals *t)
{
    size_t len;
    int too_big = 0;
    char *text = okr_workspace_read(path, SIZE_MAX, &len, &too_big);
    if (!text) {
        fprintf(stderr, "tokenize: cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!t->read_only) {
        /* One arena per file: the token arrays are counted, not kept. */
        okr_workspace_session session;
        okr_workspace_session_init(&session);
        okr_vec comments = {0}; /* recorded, as okrc records them */
        okr_token_list tokens =
            okr_lexer_scan(&session.arena, &session.diags, (uint32_t)t->files, text, len, &comments);
        t->tokens += tokens.len;
        okr_workspace_session_free(&session);
    }
    t->bytes += len;
    t->files++;
    free(text);
    return 0;
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
    /* The files okrc check would read, gathered the way it gathers them. */
    okr_workspace_walk how = {.errors = stderr};
    okr_workspace_files files = {0};
    int rc = okr_workspace_gather(&how, argv + first, (size_t)(argc - first), &files);
    for (size_t i = 0; rc == 0 && i < files.len; i++)
        rc = tokenize_file(files.paths[i], &t);
    okr_workspace_files_free(&files);
    if (rc != 0)
        return 2;
    printf("%zu tokens, %zu bytes in %zu files\n", t.tokens, t.bytes, t.files);
    return 0;
}
