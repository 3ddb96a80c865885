/* lsp_stdlib.c: the standard library as files an editor can open.
 *
 * The std modules are embedded in okrc, so go-to-definition on a
 * standard-library metric has no file to point at. Rather than a custom URI
 * scheme, which every client would need code to open, the server writes a
 * copy of the module's source under the user's cache directory and answers
 * a plain file: URI, which VS Code, Vim (vim-lsp, coc) and Emacs (eglot)
 * all open as they are (spec.md, "Go to definition"):
 *
 *   $XDG_CACHE_HOME/okrc/stdlib/VERSION/std/product.okr
 *   ($HOME/.cache when XDG_CACHE_HOME is unset or not absolute)
 *
 * The version in the path keeps copies of different okrc versions apart.
 * A copy is written only when it is missing or differs from the embedded
 * text (so editing it changes nothing: it is rewritten at the next jump),
 * atomically, and made read-only (0444) so editors say so. A document
 * opened from this directory is shown, never checked: it is the library,
 * not a file of the program. Nothing is written until a definition or a
 * reference needs a location in the library. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../common/atomic.h"
#include "lsp_internal.h"

#ifndef OKRC_VERSION
#define OKRC_VERSION "0.0.0"
#endif

#define STDLIB_PREFIX "<stdlib>/"

/* "$XDG_CACHE_HOME/okrc/stdlib" (malloc'ed), or NULL without a usable
 * cache directory. */
static char *cache_root(void)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    const char *base = xdg && xdg[0] == '/' ? xdg : NULL;
    const char *tail = "/okrc/stdlib";
    if (!base && home && home[0] == '/') {
        base = home;
        tail = "/.cache/okrc/stdlib";
    }
    if (!base)
        return NULL;
    size_t n = strlen(base);
    while (n > 1 && base[n - 1] == '/')
        n--;
    char *dir = malloc(n + strlen(tail) + 1);
    if (!dir)
        abort();
    memcpy(dir, base, n);
    strcpy(dir + n, tail);
    return dir;
}

int lsp_stdlib_path(const char *path)
{
    char *root = cache_root();
    if (!root)
        return 0;
    size_t n = strlen(root);
    int inside = strncmp(path, root, n) == 0 && path[n] == '/';
    free(root);
    return inside;
}

/* mkdir -p of the directory part of path. */
static int make_parents(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0755);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return 0;
}

/* 1 when the file at path holds exactly text. */
static int holds(const char *path, const char *text, size_t len)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != len)
        return 0;
    FILE *in = fopen(path, "rb");
    if (!in)
        return 0;
    char *buf = malloc(len + 1);
    if (!buf)
        abort();
    int same = fread(buf, 1, len + 1, in) == len && memcmp(buf, text, len) == 0;
    free(buf);
    fclose(in);
    return same;
}

char *lsp_stdlib_uri(const char *path, const char *text, size_t len)
{
    size_t plen = strlen(STDLIB_PREFIX);
    if (strncmp(path, STDLIB_PREFIX, plen) != 0 || strstr(path, "..") != NULL)
        return NULL;
    char *root = cache_root();
    if (!root)
        return NULL;
    const char *rel = path + plen;
    size_t n = strlen(root) + strlen(OKRC_VERSION) + strlen(rel) + 3;
    char *file = malloc(n);
    if (!file)
        abort();
    snprintf(file, n, "%s/%s/%s", root, OKRC_VERSION, rel);
    free(root);
    int ok = holds(file, text, len);
    if (!ok && make_parents(file) == 0 && okr_atomic_replace(file, text, len) == 0) {
        chmod(file, 0444);
        ok = 1;
    }
    char *uri = ok ? lsp_path_to_uri(file) : NULL;
    free(file);
    return uri;
}

json_t *lsp_location_any_json(const lsp_build *b, okr_span span)
{
    okr_source_file *src = span.file < b->prog.sources.len ? okr_source_get(&b->prog.sources, span.file) : NULL;
    if (!src || !src->is_stdlib)
        return lsp_location_json(b, span);
    if (span.start > span.end || span.end > src->len)
        return json_null();
    char *uri = lsp_stdlib_uri(src->path, src->text, src->len);
    if (!uri)
        return json_null();
    lsp_file f = {.id = span.file, .uri = uri, .text = src->text, .len = src->len};
    lsp_file_index(&f, src);
    json_t *loc = json_object();
    json_object_set_new(loc, "uri", lsp_jstr(uri));
    json_object_set_new(loc, "range", lsp_range_json(&f, span.start, span.end));
    free(uri);
    return loc;
}
