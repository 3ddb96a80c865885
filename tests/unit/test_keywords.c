/* test_keywords.c: keywords.def is the single keyword list. The lexer's
 * table must be sorted (completion and hints list it in that order), its
 * generated lookup (tools/gen_keywords.awk) must find exactly the
 * keywords, and the grammar's token
 * declarations must spell every keyword exactly as keywords.def does, so
 * that no keyword exists in one place only. Runs from the repository root. */
#include "unit.h"

#include "lexer.h"

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_table_is_sorted(void **state)
{
    (void)state;
    size_t n;
    const okr_keyword *kw = okr_keywords(&n);
    assert_true(n > 30);
    for (size_t i = 1; i < n; i++)
        assert_true(strcmp(kw[i - 1].spelling, kw[i].spelling) < 0);
}

static void test_every_keyword_is_found(void **state)
{
    (void)state;
    size_t n;
    const okr_keyword *kw = okr_keywords(&n);
    for (size_t i = 0; i < n; i++) {
        const okr_keyword *found = okr_keyword_find(kw[i].spelling, strlen(kw[i].spelling));
        assert_non_null(found);
        assert_int_equal(found->kind, kw[i].kind);
        assert_true(found->kind != OKR_TOKEN_IDENT);
    }
}

/* The lookup is a switch on length and first byte: a word that differs
 * from a keyword in any one byte, or is one byte shorter or longer, or
 * differs only in case, is no keyword unless it is another keyword. */
static int is_keyword_spelling(const char *text, size_t len)
{
    size_t n;
    const okr_keyword *kw = okr_keywords(&n);
    for (size_t i = 0; i < n; i++)
        if (strlen(kw[i].spelling) == len && memcmp(kw[i].spelling, text, len) == 0)
            return 1;
    return 0;
}

static void check_word(const char *text, size_t len)
{
    const okr_keyword *found = okr_keyword_find(text, len);
    if (is_keyword_spelling(text, len)) {
        assert_non_null(found);
        assert_int_equal(strlen(found->spelling), len);
        assert_memory_equal(found->spelling, text, len);
    } else if (found) {
        fprintf(stderr, "  '%.*s' found as keyword '%s'\n", (int)len, text, found->spelling);
        fail();
    }
}

static void test_near_misses_are_no_keywords(void **state)
{
    (void)state;
    size_t n;
    const okr_keyword *kw = okr_keywords(&n);
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzAZ_09";
    for (size_t i = 0; i < n; i++) {
        const char *s = kw[i].spelling;
        size_t len = strlen(s);
        char word[32];
        memcpy(word, s, len);
        for (size_t at = 0; at < len; at++) {
            for (const char *c = alphabet; *c; c++) {
                word[at] = *c;
                check_word(word, len);
            }
            word[at] = (char)(s[at] - 'a' + 'A');
            check_word(word, len);
            word[at] = s[at];
        }
        check_word(s, len - 1);     /* a prefix */
        check_word(s + 1, len - 1); /* a suffix */
        for (const char *c = alphabet; *c; c++) {
            word[len] = *c;
            check_word(word, len + 1); /* one byte longer */
        }
        /* Only len bytes count: a keyword followed by more text is found. */
        memcpy(word, s, len);
        memcpy(word + len, "_x", 3);
        assert_ptr_equal(okr_keyword_find(word, len), &kw[i]);
        check_word(word, len + 2);
    }
    assert_null(okr_keyword_find("", 0));
    assert_null(okr_keyword_find("aspirationalx", 13));
    assert_null(okr_keyword_find("k", 1));
    assert_null(okr_keyword_find("KR", 2));
    assert_null(okr_keyword_find("d7_activation", 13));
}

/* Each keyword token in okr.y is declared as KW_NAME "spelling", and the
 * two lists hold the same keywords. */
static void test_grammar_declares_the_same_keywords(void **state)
{
    (void)state;
    char *grammar = read_all("parser/okr.y");
    char *def = read_all("lexer/keywords.def");
    size_t n;
    const okr_keyword *kw = okr_keywords(&n);
    int missing = 0;
    for (size_t i = 0; i < n; i++) {
        char upper[64] = "KW_", decl[128];
        for (size_t j = 0; kw[i].spelling[j]; j++)
            upper[3 + j] = (char)(kw[i].spelling[j] - 'a' + 'A');
        /* The grammar names the type keyword `number` "number type" in its
         * messages, to tell it from a number value. */
        snprintf(decl, sizeof decl, "%s \"%s%s\"", upper, kw[i].spelling,
                 strcmp(kw[i].spelling, "number") == 0 ? " type" : "");
        if (!strstr(grammar, decl)) {
            fprintf(stderr, "  okr.y lacks %s\n", decl);
            missing++;
        }
    }
    /* And the grammar declares no keyword token that keywords.def lacks. */
    size_t grammar_keywords = 0;
    for (const char *p = grammar; (p = strstr(p, " KW_")) != NULL; p++) {
        const char *end = p + 1;
        while ((*end >= 'A' && *end <= 'Z') || *end == '_')
            end++;
        if (*end == ' ' && end[1] == '"') {
            grammar_keywords++;
            char name[64];
            snprintf(name, sizeof name, "%.*s,", (int)(end - p - 1), p + 1);
            if (!strstr(def, name)) {
                fprintf(stderr, "  keywords.def lacks %s\n", name);
                missing++;
            }
        }
    }
    assert_int_equal(grammar_keywords, n);
    assert_int_equal(missing, 0);
    free(grammar);
    free(def);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_sorted),
        cmocka_unit_test(test_every_keyword_is_found),
        cmocka_unit_test(test_near_misses_are_no_keywords),
        cmocka_unit_test(test_grammar_declares_the_same_keywords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
