/* test_tokens.c: the token API of lexer/lexer.h, used as the formatter, the
 * language server and the tools use it: kinds and spans, keywords mapped
 * from keywords.def, comments kept apart, the scanner's diagnostics, and the
 * search by offset. Includes no flex or bison header, on purpose: users of
 * the API need none. */
#include "unit.h"

#include "lexer.h"
#include "parser.h"

typedef struct fixture {
    okr_arena arena;
    okr_diags diags;
    okr_vec comments;
    okr_token_list list;
    const char *text;
} fixture;

static fixture *scan(const char *text)
{
    fixture *f = calloc(1, sizeof *f);
    okr_arena_init(&f->arena);
    okr_diags_init(&f->diags, &f->arena);
    f->text = text;
    f->list = okr_lexer_scan(&f->arena, &f->diags, 7, text, strlen(text), &f->comments);
    return f;
}

static void done(fixture *f)
{
    okr_arena_free(&f->arena);
    free(f);
}

/* Token i's text, for comparison. */
static void assert_token(const fixture *f, size_t i, int kind, const char *text)
{
    assert_true(i < f->list.len);
    const okr_token *t = &f->list.items[i];
    assert_int_equal(t->kind, kind);
    assert_int_equal(t->span.file, 7);
    assert_int_equal(t->span.end - t->span.start, strlen(text));
    assert_memory_equal(f->text + t->span.start, text, strlen(text));
}

static void test_kinds_and_spans(void **state)
{
    (void)state;
    fixture *f = scan("metric m \"Share\" : money(USD) increasing\n"
                      "  kr k : std.growth.x from 22% to 2026-07-01 by -5pp score(1..5) 2026-Q3 ?");
    static const struct { int kind; const char *text; } want[] = {
        {OKR_TOKEN_KW_METRIC, "metric"}, {OKR_TOKEN_IDENT, "m"}, {OKR_TOKEN_STRING, "\"Share\""},
        {':', ":"}, {OKR_TOKEN_KW_MONEY, "money"}, {'(', "("}, {OKR_TOKEN_IDENT, "USD"}, {')', ")"},
        {OKR_TOKEN_KW_INCREASING, "increasing"}, {OKR_TOKEN_KW_KR, "kr"}, {OKR_TOKEN_IDENT, "k"},
        {':', ":"}, {OKR_TOKEN_IDENT, "std"}, {'.', "."}, {OKR_TOKEN_IDENT, "growth"}, {'.', "."},
        {OKR_TOKEN_IDENT, "x"}, {OKR_TOKEN_KW_FROM, "from"}, {OKR_TOKEN_NUMBER, "22%"},
        {OKR_TOKEN_KW_TO, "to"}, {OKR_TOKEN_DATE, "2026-07-01"}, {OKR_TOKEN_KW_BY, "by"}, {'-', "-"},
        {OKR_TOKEN_NUMBER, "5pp"}, {OKR_TOKEN_KW_SCORE, "score"}, {'(', "("}, {OKR_TOKEN_NUMBER, "1"},
        {OKR_TOKEN_DOTDOT, ".."}, {OKR_TOKEN_NUMBER, "5"}, {')', ")"}, {OKR_TOKEN_QUARTER, "2026-Q3"},
        {'?', "?"},
    };
    size_t n = sizeof want / sizeof want[0];
    assert_int_equal(f->list.len, n);
    for (size_t i = 0; i < n; i++)
        assert_token(f, i, want[i].kind, want[i].text);
    assert_int_equal(f->diags.list.len, 0);
    done(f);
}

/* Every keyword of keywords.def, written alone, is one token of its own
 * kind, and only keyword kinds are keywords. */
static void test_every_keyword_has_its_kind(void **state)
{
    (void)state;
    size_t n;
    const okr_keyword *kw = okr_keywords(&n);
    for (size_t i = 0; i < n; i++) {
        fixture *f = scan(kw[i].spelling);
        assert_int_equal(f->list.len, 1);
        assert_token(f, 0, (int)kw[i].kind, kw[i].spelling);
        assert_true(okr_token_is_keyword(f->list.items[0].kind));
        for (size_t k = 0; k < n; k++)
            assert_true(k == i || kw[k].kind != kw[i].kind);
        done(f);
    }
    assert_false(okr_token_is_keyword(OKR_TOKEN_IDENT));
    assert_false(okr_token_is_keyword(OKR_TOKEN_DOTDOT));
    assert_false(okr_token_is_keyword('{'));
    assert_false(okr_token_is_keyword(OKR_TOKEN_KIND_END));
    assert_int_equal(OKR_TOKEN_KIND_END - OKR_TOKEN_DOTDOT - 1, n);
}

static void test_comments_are_kept_apart(void **state)
{
    (void)state;
    fixture *f = scan("team t // trailing\n  // own line\nteam u");
    assert_int_equal(f->list.len, 4);
    assert_token(f, 1, OKR_TOKEN_IDENT, "t");
    assert_token(f, 2, OKR_TOKEN_KW_TEAM, "team");
    assert_int_equal(f->comments.len, 2);
    const okr_comment *c0 = f->comments.items[0], *c1 = f->comments.items[1];
    assert_string_equal(c0->text, " trailing");
    assert_int_equal(c0->own_line, 0);
    assert_int_equal(c0->span.start, 7);
    assert_int_equal(c0->span.end, 18);
    assert_string_equal(c1->text, " own line");
    assert_int_equal(c1->own_line, 1);
    done(f);

    /* Without a list to record them in, comments are skipped all the same. */
    okr_arena arena;
    okr_diags diags;
    okr_arena_init(&arena);
    okr_diags_init(&diags, &arena);
    okr_token_list list = okr_lexer_scan(&arena, &diags, 0, "// a\nteam // b", 14, NULL);
    assert_int_equal(list.len, 1);
    assert_int_equal(list.items[0].kind, OKR_TOKEN_KW_TEAM);
    okr_arena_free(&arena);
}

static void test_empty_and_blank_text(void **state)
{
    (void)state;
    fixture *f = scan("");
    assert_int_equal(f->list.len, 0);
    done(f);
    f = scan(" \t\r\n\f\v\n");
    assert_int_equal(f->list.len, 0);
    assert_int_equal(f->diags.list.len, 0);
    done(f);
}

/* The scanner's diagnostics, at the spans the parser reports them. */
static void test_scanner_diagnostics(void **state)
{
    (void)state;
    fixture *f = scan("team # t \"open\nteam caf\xc3\xa9 123456789012345678");
    assert_int_equal(okr_diags_count_code(&f->diags, OKR001), 2); /* '#' and 'é' */
    assert_int_equal(okr_diags_count_code(&f->diags, OKR002), 1);
    assert_int_equal(okr_diags_count_code(&f->diags, OKR005), 1);
    const okr_diag *hash = f->diags.list.items[0];
    assert_int_equal(hash->code, OKR001);
    assert_int_equal(hash->span.file, 7);
    assert_int_equal(hash->span.start, 5);
    assert_int_equal(hash->span.end, 6);
    /* team, t, the unterminated string (to the end of its line), team, caf, the number */
    assert_int_equal(f->list.len, 6);
    assert_token(f, 2, OKR_TOKEN_STRING, "\"open");
    assert_token(f, 4, OKR_TOKEN_IDENT, "caf");
    done(f);
}

/* Scanning a file reports what parsing it reports for its tokens: the
 * parser reads the same scanner. */
static void test_scan_and_parse_agree_on_lexical_errors(void **state)
{
    (void)state;
    const char *text = "team t \"T\"\ncycle 2026-Q3\n# x\nmetric m \"unterminated : count increasing\n";
    okr_arena arena;
    okr_source_table sources;
    okr_diags parsed;
    okr_arena_init(&arena);
    okr_source_init(&sources, &arena);
    okr_diags_init(&parsed, &arena);
    uint32_t id = okr_source_add(&sources, "t.okr", text, strlen(text), 0);
    okr_parse_file(&arena, &parsed, &sources, id);
    fixture *f = scan(text);
    size_t k = 0;
    for (size_t i = 0; i < parsed.list.len; i++) {
        const okr_diag *d = parsed.list.items[i];
        if (d->code != OKR001 && d->code != OKR002)
            continue;
        assert_true(k < f->diags.list.len);
        const okr_diag *s = f->diags.list.items[k++];
        assert_int_equal(s->code, d->code);
        assert_int_equal(s->span.start, d->span.start);
        assert_int_equal(s->span.end, d->span.end);
        assert_string_equal(s->message, d->message);
    }
    assert_int_equal(k, 2);
    assert_int_equal(f->diags.list.len, 2);
    done(f);
    okr_source_free(&sources);
    okr_arena_free(&arena);
}

/* Texts that begin a longer token's form and stop short of it read as the
 * shorter tokens they hold (okr.l's rules that leave flex no backing up):
 * each line is the text and its tokens' texts, with the number of
 * diagnostics the scan reports. */
static void test_prefixes_of_longer_forms(void **state)
{
    (void)state;
    static const struct { const char *text; const char *tokens[5]; size_t diags; } cases[] = {
        {"4 ", {"4"}, 0},
        {"4 }", {"4", "}"}, 0},
        {"4\t\n", {"4"}, 0},
        {"1.5  ?", {"1.5", "?"}, 0},
        {"1..5", {"1", "..", "5"}, 0},
        {"1.x", {"1", ".", "x"}, 0},
        {"1. 2", {"1", ".", "2"}, 0},
        {"1,", {"1", ","}, 0},
        {"1, 2", {"1", ",", "2"}, 0},
        {"1,2,", {"1,2", ","}, 1},
        {"1,234.", {"1,234", "."}, 1},
        {"1,234..5", {"1,234", "..", "5"}, 1},
        {"$1,", {"$1", ","}, 1},
        {"$1.", {"$1", "."}, 1},
        {"\xE2\x82\xAC" "1,2.", {"\xE2\x82\xAC" "1,2", "."}, 1},
        {"2026-", {"2026", "-"}, 0},
        {"2026-0", {"2026", "-", "0"}, 0},
        {"2026-01", {"2026", "-", "01"}, 0},
        {"2026-01-", {"2026", "-", "01", "-"}, 0},
        {"2026-01-0", {"2026", "-", "01", "-", "0"}, 0},
        {"2026-123", {"2026", "-", "123"}, 0},
        {"Q3-", {"Q3", "-"}, 0},
        {"Q3-20", {"Q3", "-", "20"}, 0},
        {"q4-202x", {"q4", "-", "202x"}, 0},
        {"Q3-2026", {"Q3-2026"}, 1},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        fixture *f = scan(cases[c].text);
        size_t n = 0;
        while (n < 5 && cases[c].tokens[n])
            n++;
        if (f->list.len != n)
            fprintf(stderr, "  '%s': %zu tokens, want %zu\n", cases[c].text, f->list.len, n);
        assert_int_equal(f->list.len, n);
        for (size_t i = 0; i < n; i++) {
            const okr_token *t = &f->list.items[i];
            assert_int_equal(t->span.end - t->span.start, strlen(cases[c].tokens[i]));
            assert_memory_equal(f->text + t->span.start, cases[c].tokens[i], strlen(cases[c].tokens[i]));
        }
        assert_int_equal(f->diags.list.len, cases[c].diags);
        done(f);
    }
}

static void test_token_at(void **state)
{
    (void)state;
    fixture *f = scan("team  t\n  cycle");
    /* tokens start at 0, 6 and 10 */
    assert_int_equal(okr_token_at(&f->list, 0), 0);
    assert_int_equal(okr_token_at(&f->list, 1), 1);
    assert_int_equal(okr_token_at(&f->list, 6), 1);
    assert_int_equal(okr_token_at(&f->list, 7), 2);
    assert_int_equal(okr_token_at(&f->list, 10), 2);
    assert_int_equal(okr_token_at(&f->list, 11), 3);
    assert_int_equal(okr_token_at(&f->list, 1000), 3);
    done(f);
}

/* The array grows past its first guess without losing a token. */
static void test_many_tokens(void **state)
{
    (void)state;
    size_t n = 5000;
    char *text = malloc(2 * n + 1);
    for (size_t i = 0; i < n; i++) {
        text[2 * i] = i % 2 ? '{' : '}';
        text[2 * i + 1] = i % 7 ? ' ' : '\n';
    }
    text[2 * n] = '\0';
    fixture *f = scan(text);
    assert_int_equal(f->list.len, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(f->list.items[i].kind, i % 2 ? '{' : '}');
        assert_int_equal(f->list.items[i].span.start, 2 * i);
    }
    done(f);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds_and_spans),
        cmocka_unit_test(test_every_keyword_has_its_kind),
        cmocka_unit_test(test_comments_are_kept_apart),
        cmocka_unit_test(test_empty_and_blank_text),
        cmocka_unit_test(test_scanner_diagnostics),
        cmocka_unit_test(test_scan_and_parse_agree_on_lexical_errors),
        cmocka_unit_test(test_prefixes_of_longer_forms),
        cmocka_unit_test(test_token_at),
        cmocka_unit_test(test_many_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
