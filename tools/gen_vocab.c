/* gen_vocab.c: build-time tool that compiles the standard vocabulary
 * (stdlib/std/vocabulary.okr) into a C table.
 *
 * Usage: gen_vocab VOCABULARY.okr OUT.c
 * Adds every word of the file's `vocabulary LIST "word" ...` lines to a
 * vocabulary made by okr_vocab_new (checker/vocab.c, compiled into this
 * tool, so the hash set, its hashing and its phrase normalisation are the
 * run time's own), then writes that set as okr_vocab_std_table
 * (checker/vocab_internal.h): okrc then indexes it instead of parsing the
 * file on every run (checker/vocab_std.c).
 *
 * The file is read by a reader of its own rather than okrc's parser, so
 * that this tool links two files and not the library it is a part of
 * (whose sanitizer and fuzzer builds could not run a tool). It reads the
 * subset the file is written in: `//` comments, `policy {` and `}`, and
 * vocabulary lines whose words are plain strings (the escapes \n, \t,
 * \" and \\ as the lexer reads them). Anything else fails the build,
 * naming the line; tests/unit/test_vocab_table.c checks that the table
 * equals what okrc's own parser and policy code make of the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vocab_internal.h"

typedef struct reader {
    const char *path;
    const char *s;
    int line;
} reader;

static void fail(const reader *r, const char *what)
{
    fprintf(stderr, "%s:%d: %s\n", r->path, r->line, what);
    exit(1);
}

/* Skips spaces, newlines and comments. */
static void skip(reader *r)
{
    for (;;) {
        if (*r->s == '\n')
            r->line++;
        if (*r->s == ' ' || *r->s == '\t' || *r->s == '\r' || *r->s == '\n') {
            r->s++;
        } else if (r->s[0] == '/' && r->s[1] == '/') {
            while (*r->s && *r->s != '\n')
                r->s++;
        } else {
            return;
        }
    }
}

/* An identifier into buf; 0 when there is none. */
static int ident(reader *r, char *buf, size_t cap)
{
    size_t n = 0;
    while ((*r->s >= 'a' && *r->s <= 'z') || (*r->s >= 'A' && *r->s <= 'Z') || *r->s == '_' ||
           (n > 0 && *r->s >= '0' && *r->s <= '9')) {
        if (n + 1 >= cap)
            fail(r, "identifier too long");
        buf[n++] = *r->s++;
    }
    buf[n] = '\0';
    return n > 0;
}

/* A string at r->s (after its opening quote is seen) into buf. */
static void string(reader *r, char *buf, size_t cap)
{
    size_t n = 0;
    r->s++;
    while (*r->s != '"') {
        char c = *r->s++;
        if (c == '\0' || c == '\n' || c == '\r')
            fail(r, "unterminated string");
        if (c == '\\') {
            char e = *r->s++;
            if (e == '\0' || e == '\n' || e == '\r')
                fail(r, "unterminated string");
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
        }
        if (n + 1 >= cap)
            fail(r, "string too long for a vocabulary entry");
        buf[n++] = c;
    }
    r->s++;
    buf[n] = '\0';
}

static void read_vocabulary(reader *r, okr_vocab *v)
{
    char word[4096], name[64]; /* a longer entry than MAX_KEY is ignored, as at run time */
    for (;;) {
        skip(r);
        if (!*r->s)
            return;
        if (!ident(r, name, sizeof name) || strcmp(name, "policy") != 0)
            fail(r, "expected `policy {`");
        skip(r);
        if (*r->s++ != '{')
            fail(r, "expected `{` after `policy`");
        for (;;) {
            skip(r);
            if (*r->s == '}') {
                r->s++;
                break;
            }
            okr_vocab_list list;
            int item_line = r->line;
            if (!ident(r, name, sizeof name) || strcmp(name, "vocabulary") != 0)
                fail(r, "expected `vocabulary LIST \"word\" ...` or `}` (gen_vocab reads vocabulary lines only)");
            skip(r);
            if (!ident(r, name, sizeof name) || !okr_vocab_list_lookup(name, &list))
                fail(r, "expected a vocabulary list name");
            size_t words = 0;
            for (skip(r); *r->s == '"'; skip(r)) {
                string(r, word, sizeof word);
                okr_vocab_add(v, list, word);
                words++;
            }
            if (words == 0) {
                r->line = item_line;
                fail(r, "a vocabulary line lists at least one word");
            }
        }
    }
}

static char *read_file(const char *path)
{
    FILE *in = fopen(path, "rb");
    if (!in) {
        perror(path);
        exit(2);
    }
    size_t cap = 1 << 16, n = 0, got;
    char *text = malloc(cap);
    while (text && (got = fread(text + n, 1, cap - n - 1, in)) > 0) {
        n += got;
        if (n + 1 == cap && !(text = realloc(text, cap *= 2)))
            break;
    }
    if (!text || ferror(in)) {
        fprintf(stderr, "gen_vocab: cannot read %s\n", path);
        exit(2);
    }
    fclose(in);
    text[n] = '\0';
    if (strlen(text) != n) {
        fprintf(stderr, "%s: holds a NUL byte\n", path);
        exit(1);
    }
    return text;
}

static void write_text(FILE *out, const char *text, size_t len)
{
    fputs("static const char text[] =\n    \"", out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\0')
            fputs(i + 1 < len ? "\\0\"\n    \"" : "", out);
        else if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            fprintf(out, "\\%03o", c);
        else
            fputc(c, out);
    }
    fputs("\";\n\n", out);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen_vocab VOCABULARY.okr OUT.c\n");
        return 2;
    }
    char *src = read_file(argv[1]);
    okr_arena arena;
    okr_arena_init(&arena);
    okr_vocab *v = okr_vocab_new(&arena);
    reader r = {argv[1], src, 1};
    read_vocabulary(&r, v);

    FILE *out = fopen(argv[2], "w");
    if (!out) {
        perror(argv[2]);
        return 2;
    }
    fprintf(out, "/* Generated by tools/gen_vocab.c from %s; do not edit. */\n", argv[1]);
    fprintf(out, "#include \"vocab_internal.h\"\n\n");
    /* The texts end in a NUL each; the string literal adds the last one. */
    write_text(out, v->own_text, v->own_len);
    fprintf(out, "static const vocab_entry slots[%zu] = {\n", v->cap);
    for (size_t i = 0; i < v->cap; i++) {
        const vocab_entry *e = &v->slots[i];
        if (e->hash)
            fprintf(out, "    [%zu] = {0x%llxULL, 0x%xu, %uu, %u, %u},\n", i, (unsigned long long)e->heads,
                    (unsigned)e->hash, (unsigned)e->text, (unsigned)e->len, (unsigned)e->list);
    }
    fprintf(out, "};\n\nconst vocab_table okr_vocab_std_table = {\n    slots, %zu, %zu, text, %uu,\n    {",
            v->cap, v->used, (unsigned)v->own_len);
    for (int l = 0; l < L_TOTAL; l++)
        fprintf(out, "%zu%s", v->count[l], l + 1 < L_TOTAL ? ", " : "},\n    {");
    for (int l = 0; l < L_TOTAL; l++)
        fprintf(out, "%u%s", (unsigned)v->max_words[l], l + 1 < L_TOTAL ? ", " : "},\n};\n");
    okr_arena_free(&arena);
    free(src);
    return fclose(out) == 0 ? 0 : 1;
}
