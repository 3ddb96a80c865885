/* test_keywords.c: keywords.def is the single keyword list. The lexer's
 * table must be sorted (it is binary-searched), and the grammar's token
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
        cmocka_unit_test(test_grammar_declares_the_same_keywords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
