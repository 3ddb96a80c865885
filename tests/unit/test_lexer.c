/* test_lexer.c: the scanner alone, through the token API (lexer.h): token
 * kinds, comments and the diagnostics it records for bad characters,
 * strings and numbers; and the token helpers of scanner.h directly, for the
 * values the parser gets. */
#include "unit.h"

#include "scanner.h"

typedef struct fixture {
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
    okr_file_ast ast;
    okr_parser p;
} fixture;

static fixture *lex(const char *text, int *tokens, size_t max, size_t *count)
{
    fixture *f = calloc(1, sizeof *f);
    okr_arena_init(&f->arena);
    okr_source_init(&f->sources, &f->arena);
    okr_diags_init(&f->diags, &f->arena);
    uint32_t id = okr_source_add(&f->sources, "t.okr", text, strlen(text), 0);
    f->p.arena = &f->arena;
    f->p.diags = &f->diags;
    f->p.sources = &f->sources;
    f->p.file = id;
    f->p.text = okr_source_get(&f->sources, id)->text;
    f->p.len = strlen(text);
    f->p.ast = &f->ast;
    okr_token_list list = okr_lexer_scan(&f->arena, &f->diags, id, f->p.text, f->p.len, &f->ast.comments);
    for (size_t i = 0; tokens && i < list.len && i < max; i++)
        tokens[i] = list.items[i].kind;
    *count = list.len;
    return f;
}

static void done(fixture *f)
{
    okr_source_free(&f->sources);
    okr_arena_free(&f->arena);
    free(f);
}

static void assert_tokens(const char *text, const int *want, size_t n)
{
    int got[64];
    size_t count;
    fixture *f = lex(text, got, 64, &count);
    assert_int_equal(count, n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(got[i], want[i]);
    assert_int_equal(f->diags.list.len, 0);
    done(f);
}

static void test_declaration_tokens(void **state)
{
    (void)state;
    const int want[] = {OKR_TOKEN_KW_ASPIRATIONAL, OKR_TOKEN_KW_OBJECTIVE, OKR_TOKEN_IDENT, OKR_TOKEN_STRING, '{',
                        OKR_TOKEN_KW_KR, OKR_TOKEN_IDENT, ':', OKR_TOKEN_IDENT, OKR_TOKEN_KW_FROM, OKR_TOKEN_NUMBER,
                        OKR_TOKEN_KW_TO, OKR_TOKEN_NUMBER, '}'};
    assert_tokens("aspirational objective onboarding \"Make it easy\" {\n"
                  "  kr act : d7_activation from 22% to 35%\n}\n",
                  want, sizeof want / sizeof want[0]);
}

static void test_keywords_are_whole_words(void **state)
{
    (void)state;
    const int want[] = {OKR_TOKEN_KW_COUNTER, OKR_TOKEN_IDENT, OKR_TOKEN_IDENT, OKR_TOKEN_IDENT, OKR_TOKEN_KW_KR};
    assert_tokens("counter counters krs kr_x kr", want, 5);
}

static void test_dates_quarters_ranges_and_signs(void **state)
{
    (void)state;
    const int want[] = {OKR_TOKEN_KW_CYCLE, OKR_TOKEN_QUARTER, OKR_TOKEN_KW_CYCLE, OKR_TOKEN_STRING,
                        OKR_TOKEN_KW_FROM, OKR_TOKEN_DATE, OKR_TOKEN_KW_TO, OKR_TOKEN_DATE,
                        OKR_TOKEN_KW_SCORE, '(', '-', OKR_TOKEN_NUMBER, OKR_TOKEN_DOTDOT, OKR_TOKEN_NUMBER, ')',
                        OKR_TOKEN_KW_BY, '+', OKR_TOKEN_NUMBER, OKR_TOKEN_KW_FROM, '?'};
    assert_tokens("cycle 2026-Q3 cycle \"FY\" from 2026-01-01 to 2026-12-31 score(-100..100) by +5pp from ?",
                  want, sizeof want / sizeof want[0]);
}

static void test_comments_are_recorded_not_returned(void **state)
{
    (void)state;
    int got[8];
    size_t count;
    fixture *f = lex("team t // trailing\n  // own line\nteam u", got, 8, &count);
    assert_int_equal(count, 4);
    assert_int_equal(f->ast.comments.len, 2);
    okr_comment *c0 = f->ast.comments.items[0], *c1 = f->ast.comments.items[1];
    assert_string_equal(c0->text, " trailing");
    assert_int_equal(c0->own_line, 0);
    assert_string_equal(c1->text, " own line");
    assert_int_equal(c1->own_line, 1);
    done(f);
}

/* Runs the parser-facing helpers directly to see token values. */
static void test_number_values_and_units(void **state)
{
    (void)state;
    fixture *f = lex("", NULL, 0, &(size_t){0});
    YYSTYPE v;
    YYLTYPE loc = {10, 15};
    assert_int_equal(okr_lexer_number(&f->p, "45min", 5, &v, &loc), QUANTITY);
    assert_true(v.quantity.value == 45.0);
    assert_string_equal(v.quantity.unit, "min");
    assert_int_equal(okr_quantity_unit_span(&v.quantity).start, 12);
    loc = (YYLTYPE){0, 6};
    okr_lexer_number(&f->p, "99.95%", 6, &v, &loc);
    assert_true(v.quantity.value == 99.95);
    assert_string_equal(v.quantity.unit, "%");
    loc = (YYLTYPE){0, 3};
    okr_lexer_number(&f->p, "300", 3, &v, &loc);
    assert_null(v.quantity.unit);
    assert_int_equal(f->diags.list.len, 0);
    loc = (YYLTYPE){0, 20};
    okr_lexer_number(&f->p, "12345678901234567890", 20, &v, &loc);
    assert_int_equal(okr_diags_count_code(&f->diags, OKR005), 1);
    done(f);
}

/* A number's value is strtod's to the bit, whether read without strtod
 * (at most 15 significant digits and 22 after the point) or with it. */
static void check_value(fixture *f, const char *digits)
{
    YYSTYPE v;
    YYLTYPE loc = {0, (uint32_t)strlen(digits)};
    size_t significant = 0;
    for (const char *d = digits; *d; d++)
        if (*d != '.' && (significant || *d != '0'))
            significant++;
    okr_lexer_number(&f->p, digits, strlen(digits), &v, &loc);
    if (significant > 15)
        return; /* out of range (OKR005): the value is 0 */
    double want = strtod(digits, NULL);
    if (memcmp(&v.quantity.value, &want, sizeof want) != 0) {
        fprintf(stderr, "  %s: %a, strtod %a\n", digits, v.quantity.value, want);
        fail();
    }
}

static void test_number_values_are_strtods(void **state)
{
    (void)state;
    fixture *f = lex("", NULL, 0, &(size_t){0});
    static const char *edges[] = {
        "0", "00", "007", "0.0", "0.000", "1.0", "10", "9007199254740993", "999999999999999",
        "999999999999999.0", "99999999999999.9", "0.1", "0.2", "0.3", "1.7976931348623157",
        "0.0000000000000000000001", "0.00000000000000000000001", "0.000000000000000000000123456789012345",
        "123456789012345", "12345678.9012345", "1.00000000000000000000000000001", "4503599627370497.5",
        "0000000000000000000000000000001", "3.14159265358979", "2.2250738585072014",
    };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
        check_value(f, edges[i]);
    /* Random numerals: up to 18 digits, the point anywhere, leading zeros. */
    uint64_t seed = 0x2545F4914F6CDD1Du;
    for (int n = 0; n < 200000; n++) {
        char digits[40];
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        size_t len = 1 + seed % 18, zeros = (seed >> 8) % 4, point = (seed >> 12) % (len + 1);
        size_t k = 0;
        for (size_t z = 0; z < zeros; z++)
            digits[k++] = '0';
        for (size_t d = 0; d < len; d++) {
            if (d == point && d > 0)
                digits[k++] = '.';
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            digits[k++] = (char)('0' + seed % 10);
        }
        digits[k] = '\0';
        check_value(f, digits);
    }
    done(f);
}

static void test_string_escapes(void **state)
{
    (void)state;
    fixture *f = lex("", NULL, 0, &(size_t){0});
    YYSTYPE v;
    static const char text[] = "\"a \\\"b\\\" \\\\c\"";
    YYLTYPE loc = {0, sizeof text - 1};
    assert_int_equal(okr_lexer_string(&f->p, text, sizeof text - 1, &v, &loc, 1), STRING);
    assert_string_equal(v.string.text, "a \"b\" \\c");
    assert_int_equal(f->diags.list.len, 0);
    done(f);
}

static void test_lexical_errors_are_diagnostics(void **state)
{
    (void)state;
    int got[16];
    size_t count;
    fixture *f = lex("team # t \"open\nteam caf\xc3\xa9", got, 16, &count);
    assert_int_equal(okr_diags_count_code(&f->diags, OKR001), 2); /* '#' and 'é' */
    assert_int_equal(okr_diags_count_code(&f->diags, OKR002), 1);
    /* The scanner went on: team, t, the unterminated string, team, caf */
    assert_int_equal(count, 5);
    done(f);
}

static void test_identifier_limit(void **state)
{
    (void)state;
    char text[300];
    memset(text, 'a', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    int got[4];
    size_t count;
    fixture *f = lex(text, got, 4, &count);
    assert_int_equal(count, 1);
    assert_int_equal(got[0], OKR_TOKEN_IDENT);
    assert_int_equal(okr_diags_count_code(&f->diags, OKR007), 1);
    done(f);
}

/* The ends of strings and comments found by hand (scanner.h), against a
 * plain reading of the patterns okr.l gives, for every place of every
 * byte that ends or escapes, inside and past the first 8-byte words. */
static size_t string_len_by_pattern(const char *t, size_t avail, int *terminated)
{
    size_t i = 1;
    while (i < avail) {
        if (t[i] == '"') {
            *terminated = 1;
            return i + 1;
        }
        if (t[i] == '\n' || t[i] == '\r')
            break;
        if (t[i] == '\\') {
            if (i + 1 < avail && t[i + 1] != '\n' && t[i + 1] != '\r') {
                i += 2;
                continue;
            }
            i++;
            break;
        }
        i++;
    }
    *terminated = 0;
    return i < avail ? i : avail;
}

static void test_string_and_comment_ends(void **state)
{
    (void)state;
    static const char ends[] = {'"', '\\', '\n', '\r', '\0', '{', 'x'};
    char text[64];
    for (size_t len = 1; len < 40; len++) {
        for (size_t at = 1; at < len; at++) {
            for (size_t e = 0; e < sizeof ends; e++) {
                for (size_t e2 = 0; e2 < sizeof ends; e2++) {
                    memset(text, 'a', sizeof text);
                    text[0] = '"';
                    text[at] = ends[e];
                    if (at + 1 < len)
                        text[at + 1] = ends[e2];
                    int want_t, got_t;
                    size_t want = string_len_by_pattern(text, len, &want_t);
                    size_t got = okr_lexer_string_len(text, len, &got_t);
                    assert_int_equal(got, want);
                    assert_int_equal(got_t, want_t);
                    text[0] = text[1] = '/';
                    size_t line = 2;
                    while (line < len && text[line] != '\n' && text[line] != '\r')
                        line++;
                    if (at >= 2)
                        assert_int_equal(okr_lexer_comment_len(text, len), line);
                }
            }
        }
    }
    int t;
    assert_int_equal(okr_lexer_string_len("\"", 1, &t), 1);
    assert_int_equal(t, 0);
    assert_int_equal(okr_lexer_string_len("\"\"", 2, &t), 2);
    assert_int_equal(t, 1);
    assert_int_equal(okr_lexer_string_len("\"a\\\"b\"", 6, &t), 6);
    assert_int_equal(t, 1);
    assert_int_equal(okr_lexer_string_len("\"ab\\", 4, &t), 4);
    assert_int_equal(t, 0);
    assert_int_equal(okr_lexer_comment_len("//", 2), 2);
}

static void test_keyword_table_lookup(void **state)
{
    (void)state;
    assert_non_null(okr_keyword_find("aligns", 6));
    assert_non_null(okr_keyword_find("worse", 5));
    assert_null(okr_keyword_find("align", 5));
    assert_null(okr_keyword_find("Objective", 9));
    assert_int_equal(okr_keyword_find("objective", 9)->kind, OKR_TOKEN_KW_OBJECTIVE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_declaration_tokens),
        cmocka_unit_test(test_keywords_are_whole_words),
        cmocka_unit_test(test_dates_quarters_ranges_and_signs),
        cmocka_unit_test(test_comments_are_recorded_not_returned),
        cmocka_unit_test(test_number_values_and_units),
        cmocka_unit_test(test_number_values_are_strtods),
        cmocka_unit_test(test_string_escapes),
        cmocka_unit_test(test_lexical_errors_are_diagnostics),
        cmocka_unit_test(test_identifier_limit),
        cmocka_unit_test(test_keyword_table_lookup),
        cmocka_unit_test(test_string_and_comment_ends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
