/* test_source.c: the one line table (common/source.c) that diagnostics and
 * the language server share: LF, CRLF and a lone CR each end a line;
 * columns count code points for diagnostics and UTF-16 units for LSP
 * positions, over multi-byte characters, surrogate pairs and invalid
 * bytes; and the conversion back from an LSP position to a byte offset.
 * Also the table's adopted files and interned words. */
#include "unit.h"

#include "source.h"

typedef struct fixture {
    okr_arena arena;
    okr_source_table sources;
    uint32_t id;
    okr_source_file *f;
} fixture;

static fixture *load(const char *text, size_t len)
{
    fixture *x = calloc(1, sizeof *x);
    okr_arena_init(&x->arena);
    okr_source_init(&x->sources, &x->arena);
    x->id = okr_source_add(&x->sources, "t.okr", text, len, 0);
    x->f = okr_source_get(&x->sources, x->id);
    return x;
}

static void done(fixture *x)
{
    okr_source_free(&x->sources);
    okr_arena_free(&x->arena);
    free(x);
}

static void assert_position(fixture *x, uint32_t offset, uint32_t line, uint32_t column)
{
    okr_position p = okr_source_position(&x->sources, x->id, offset);
    assert_int_equal(p.line, line);
    assert_int_equal(p.column, column);
}

static void assert_line(fixture *x, uint32_t line, const char *want)
{
    size_t len;
    const char *text = okr_source_line(&x->sources, x->id, line, &len);
    assert_non_null(text);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(text, want, len);
}

static void test_lf(void **state)
{
    (void)state;
    fixture *x = load("ab\ncd\n", 6);
    assert_int_equal(okr_source_line_count(x->f), 3);
    assert_position(x, 0, 1, 1);
    assert_position(x, 2, 1, 3); /* the '\n' itself is on its line */
    assert_position(x, 3, 2, 1);
    assert_position(x, 6, 3, 1);
    assert_position(x, 99, 3, 1); /* past the end: the end */
    assert_line(x, 1, "ab");
    assert_line(x, 2, "cd");
    assert_line(x, 3, "");
    size_t len;
    assert_null(okr_source_line(&x->sources, x->id, 4, &len));
    assert_null(okr_source_line(&x->sources, x->id, 0, &len));
    done(x);
}

static void test_crlf(void **state)
{
    (void)state;
    fixture *x = load("ab\r\ncd\r\nef", 10);
    assert_int_equal(okr_source_line_count(x->f), 3);
    assert_int_equal(okr_source_line_start(x->f, 1), 4);
    assert_int_equal(okr_source_line_end(x->f, 0), 2); /* before the CR */
    assert_int_equal(okr_source_line_end(x->f, 2), 10);
    assert_position(x, 4, 2, 1);
    assert_position(x, 8, 3, 1);
    assert_line(x, 1, "ab");
    assert_line(x, 2, "cd");
    assert_line(x, 3, "ef");
    /* An LSP column past the content stops before the line break. */
    assert_int_equal(okr_source_utf16_column(x->f, 3), 2);
    assert_int_equal(okr_source_utf16_offset(x->f, 0, 50), 2);
    done(x);
}

/* spec.md, "Positions": a lone CR ends a line, for diagnostics too, so a
 * diagnostic's line is the editor's line. */
static void test_lone_cr(void **state)
{
    (void)state;
    fixture *x = load("ab\rcd\r\r\nef\r", 11);
    /* lines: "ab" (lone CR), "cd" (lone CR), "" (CRLF), "ef" (lone CR), "" */
    assert_int_equal(okr_source_line_count(x->f), 5);
    assert_int_equal(okr_source_line_start(x->f, 1), 3);
    assert_int_equal(okr_source_line_start(x->f, 2), 6);
    assert_int_equal(okr_source_line_start(x->f, 3), 8);
    assert_int_equal(okr_source_line_start(x->f, 4), 11);
    assert_int_equal(okr_source_line_end(x->f, 0), 2);
    assert_int_equal(okr_source_line_end(x->f, 2), 6);
    assert_position(x, 3, 2, 1);
    assert_position(x, 4, 2, 2);
    assert_position(x, 8, 4, 1);
    assert_position(x, 11, 5, 1);
    assert_line(x, 1, "ab");
    assert_line(x, 2, "cd");
    assert_line(x, 3, "");
    assert_line(x, 4, "ef");
    assert_line(x, 5, "");
    assert_int_equal(okr_source_line_index(x->f, 4), 1);
    assert_int_equal(okr_source_utf16_column(x->f, 4), 1);
    assert_int_equal(okr_source_utf16_offset(x->f, 3, 1), 9);
    done(x);
}

/* "é" is 2 bytes, 1 code point, 1 UTF-16 unit; "😀" is 4 bytes, 1 code
 * point, 2 UTF-16 units (a surrogate pair). */
static void test_multibyte_columns(void **state)
{
    (void)state;
    static const char text[] = "x\n\"Caf\xc3\xa9 \xf0\x9f\x98\x80\" : m";
    fixture *x = load(text, sizeof text - 1);
    uint32_t line = 2, m = (uint32_t)(sizeof text - 2); /* the 'm' */
    assert_int_equal(m, 17);
    assert_position(x, m, line, 12);                        /* 11 code points before it */
    assert_int_equal(okr_source_utf16_column(x->f, m), 12); /* and 12 UTF-16 units */
    assert_int_equal(okr_source_utf16_column(x->f, 8), 5);  /* after 'é' */
    assert_int_equal(okr_source_utf16_column(x->f, 13), 8); /* after the emoji */
    /* And back: every UTF-16 column at a character boundary. */
    assert_int_equal(okr_source_utf16_offset(x->f, 1, 5), 8);
    assert_int_equal(okr_source_utf16_offset(x->f, 1, 6), 9);
    assert_int_equal(okr_source_utf16_offset(x->f, 1, 7), 9); /* inside the pair: before it */
    assert_int_equal(okr_source_utf16_offset(x->f, 1, 8), 13);
    assert_int_equal(okr_source_utf16_offset(x->f, 1, 12), m);
    assert_int_equal(okr_source_utf16_offset(x->f, 1, 1000), sizeof text - 1);
    assert_int_equal(okr_source_utf16_offset(x->f, 9, 0), sizeof text - 1); /* no such line */
    for (uint32_t o = 0; o < sizeof text - 1; o++) {
        if (((unsigned char)text[o] & 0xC0) == 0x80)
            continue; /* not a character boundary */
        size_t l = okr_source_line_index(x->f, o);
        assert_int_equal(okr_source_utf16_offset(x->f, l, okr_source_utf16_column(x->f, o)), o);
    }
    done(x);
}

/* A file that failed validation still gets monotonic positions: a byte
 * that starts no UTF-8 sequence is one UTF-16 unit (a client shows one
 * U+FFFD) and one code-point column, except a stray continuation byte,
 * which adds no code-point column. */
static void test_invalid_bytes(void **state)
{
    (void)state;
    static const char text[] = "a\xff" "b\x80" "c\xe2\x82" "d";
    fixture *x = load(text, sizeof text - 1);
    assert_position(x, 2, 1, 3); /* after 0xFF */
    assert_position(x, 4, 1, 4); /* after 0x80: not counted */
    assert_position(x, 7, 1, 6); /* a truncated sequence: its lead byte counts */
    assert_int_equal(okr_source_utf16_column(x->f, 2), 2);
    assert_int_equal(okr_source_utf16_column(x->f, 4), 4);
    assert_int_equal(okr_source_utf16_column(x->f, 7), 7);
    assert_int_equal(okr_source_utf16_offset(x->f, 0, 4), 4);
    done(x);
}

static void test_external_file(void **state)
{
    (void)state;
    okr_arena arena;
    okr_source_table sources;
    okr_arena_init(&arena);
    okr_source_init(&sources, &arena);
    uint32_t id = okr_source_add_external(&sources, "feed.csv");
    okr_position p = okr_source_position(&sources, id, 42);
    assert_int_equal(p.line, 42);
    assert_int_equal(p.column, 1);
    size_t len;
    assert_null(okr_source_line(&sources, id, 1, &len));
    okr_source_free(&sources);
    okr_arena_free(&arena);
}

/* A file read by the workspace is kept, not copied: the table takes the
 * buffer, terminates it and frees it (LeakSanitizer checks the last). */
static void test_adopted_file(void **state)
{
    (void)state;
    okr_arena arena;
    okr_source_table sources;
    okr_arena_init(&arena);
    okr_source_init(&sources, &arena);
    char *text = malloc(9);
    memcpy(text, "team a\nXY", 9);
    uint32_t id = okr_source_adopt(&sources, "a.okr", text, 7, 0);
    okr_source_file *f = okr_source_get(&sources, id);
    assert_ptr_equal(f->text, text);
    assert_string_equal(f->text, "team a\n");
    assert_int_equal(f->len, 7);
    assert_int_equal(okr_source_position(&sources, id, 7).line, 2);
    okr_source_free(&sources);
    okr_arena_free(&arena);
}

/* Names the scanner reads are interned in the table: equal words are one
 * pointer, a word that is a prefix of another is not that other. */
static void test_interned_words(void **state)
{
    (void)state;
    okr_arena arena;
    okr_source_table sources;
    okr_arena_init(&arena);
    okr_source_init(&sources, &arena);
    const char *text = "nps npsx nps np";
    const char *a = okr_textset_intern(&sources.words, text, 3);
    const char *b = okr_textset_intern(&sources.words, text + 4, 4);
    const char *c = okr_textset_intern(&sources.words, text + 9, 3);
    const char *d = okr_textset_intern(&sources.words, text + 13, 2);
    assert_string_equal(a, "nps");
    assert_string_equal(b, "npsx");
    assert_string_equal(d, "np");
    assert_ptr_equal(a, c);
    assert_ptr_not_equal(a, b);
    assert_ptr_not_equal(a, d);
    for (int i = 0; i < 1000; i++) { /* across the set's growth */
        char word[16];
        int n = snprintf(word, sizeof word, "w%d", i);
        assert_string_equal(okr_textset_intern(&sources.words, word, (size_t)n), word);
    }
    assert_ptr_equal(okr_textset_intern(&sources.words, "nps", 3), a);
    okr_source_free(&sources);
    okr_arena_free(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lf),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_lone_cr),
        cmocka_unit_test(test_multibyte_columns),
        cmocka_unit_test(test_invalid_bytes),
        cmocka_unit_test(test_external_file),
        cmocka_unit_test(test_adopted_file),
        cmocka_unit_test(test_interned_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
