/* test_fmt.c: the formatter (format/fmt.c): the canonical layout rule by
 * rule, comments in every position, files it must refuse, and, over every
 * real .okr file of the repository, the two properties everything else
 * rests on: formatting is idempotent and changes white space only (the
 * token sequence, re-scanned, is the same token for token and letter for
 * letter; the comments are the same, in the same order). */
#include "unit.h"

#include <dirent.h>
#include <sys/stat.h>

#include "fmt.h"
#include "lexer.h"
#include "parser.h"

/* Formats text; returns the output (malloc'd) or NULL when the formatter
 * refused, with the number of diagnostics it recorded and the first code. */
static char *fmt_full(const char *text, size_t len, size_t *ndiags, okr_code *first)
{
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
    okr_arena_init(&arena);
    okr_source_init(&sources, &arena);
    okr_diags_init(&diags, &arena);
    char *out = NULL;
    size_t out_len = 0;
    char *result = NULL;
    if (okr_fmt_text(&arena, &sources, &diags, "t.okr", text, len, &out, &out_len) == 0) {
        assert_int_equal(strlen(out), out_len);
        result = strdup(out);
    }
    if (ndiags)
        *ndiags = diags.list.len;
    if (first && diags.list.len)
        *first = ((okr_diag *)diags.list.items[0])->code;
    okr_source_free(&sources);
    okr_arena_free(&arena);
    return result;
}

static char *fmt(const char *text)
{
    return fmt_full(text, strlen(text), NULL, NULL);
}

/* Formats `in`, expects `want`, and formats the result again to check that
 * it is a fixed point. */
static void assert_formats(const char *in, const char *want)
{
    char *got = fmt(in);
    assert_non_null(got);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "--- want\n%s--- got\n%s---\n", want, got);
    assert_string_equal(got, want);
    char *again = fmt(got);
    assert_non_null(again);
    assert_string_equal(again, want);
    free(again);
    free(got);
}

static void test_metric_run_aligns_colons(void **state)
{
    (void)state;
    assert_formats("metric d7_activation \"Day-7 activation rate\" : percent increasing\n"
                   "metric nps   \"Net promoter score\":score(-100..100) increasing\n"
                   "metric rev : money(USD)   increasing operational\n"
                   "\n"
                   "metric alone \"A new run\" : count increasing\n"
                   "metric x : count increasing\n"
                   "// a comment ends a run\n"
                   "metric yy : count increasing\n"
                   "metric z : count increasing\n",
                   "metric d7_activation \"Day-7 activation rate\" : percent increasing\n"
                   "metric nps \"Net promoter score\"              : score(-100..100) increasing\n"
                   "metric rev                                   : money(USD) increasing operational\n"
                   "\n"
                   "metric alone \"A new run\" : count increasing\n"
                   "metric x                 : count increasing\n"
                   "// a comment ends a run\n"
                   "metric yy : count increasing\n"
                   "metric z  : count increasing\n");
}

static void test_alignment_counts_display_columns(void **state)
{
    (void)state;
    /* "Größe" is 5 columns in 7 bytes, "日本" 4 columns in 6 bytes. */
    assert_formats("metric a \"Größe\" : count increasing\n"
                   "metric b \"日本\" : count increasing\n"
                   "metric c \"abcdef\" : count increasing\n",
                   "metric a \"Größe\"  : count increasing\n"
                   "metric b \"日本\"   : count increasing\n"
                   "metric c \"abcdef\" : count increasing\n");
}

static void test_metric_clauses_and_spacing(void **state)
{
    (void)state;
    assert_formats("metric w \"W\" : count increasing aggregate sum over 7d lag 2d source \"x\" via f\n"
                   "metric s : score ( - 100 .. + 100 ) increasing\n"
                   "metric m : money ( USD ) increasing\n"
                   "metric r:count increasing increasing aggregate mean over cycle\n",
                   "metric w \"W\" : count increasing aggregate sum over 7d lag 2d source \"x\" via f\n"
                   "metric s     : score(-100..+100) increasing\n"
                   "metric m     : money(USD) increasing\n"
                   "metric r     : count increasing increasing aggregate mean over cycle\n");
}

static void test_blank_lines(void **state)
{
    (void)state;
    /* None at the start, at most one kept, one forced around blocks, none
     * at the start or end of a block, one newline at the end. */
    assert_formats("\n\n\nteam t \"T\"\ncycle 2026-Q3\n\n\n\nuse std.product\n"
                   "committed objective a \"A\" {\n\n\n  owner \"O\"\n\n\n\n  expect 1.0\n  kr \"x\"\n\n}\n"
                   "objective b \"B\" {\n}\n"
                   "use std.growth\n\n\n",
                   "team t \"T\"\ncycle 2026-Q3\n\nuse std.product\n\n"
                   "committed objective a \"A\" {\n  owner \"O\"\n\n  expect 1.0\n  kr \"x\"\n}\n\n"
                   "objective b \"B\" {\n}\n\n"
                   "use std.growth\n");
}

static void test_indentation_and_one_item_per_line(void **state)
{
    (void)state;
    assert_formats("aspirational objective onboarding \"Make it effortless\" { owner \"Dana\"\n"
                   "        aligns company . self_serve expect 0.7\n"
                   "\tkr activation \"Raise activation\" :\n"
                   "    d7_activation from 22% to 35% weight 2 kr \"Launch the checklist\"\n"
                   "hypothesis h : d7_activation from ? to 2%\n"
                   "counter churn_rate at most 3% counter nps no worse than baseline kr q : x by -40% }\n",
                   "aspirational objective onboarding \"Make it effortless\" {\n"
                   "  owner \"Dana\"\n"
                   "  aligns company.self_serve\n"
                   "  expect 0.7\n"
                   "  kr activation \"Raise activation\" : d7_activation from 22% to 35% weight 2\n"
                   "  kr \"Launch the checklist\"\n"
                   "  hypothesis h : d7_activation from ? to 2%\n"
                   "  counter churn_rate at most 3%\n"
                   "  counter nps no worse than baseline\n"
                   "  kr q : x by -40%\n"
                   "}\n");
}

static void test_comments_in_every_position(void **state)
{
    (void)state;
    assert_formats("// file header\n"
                   "\n"
                   "   // before a declaration, badly indented   \n"
                   "team t \"T\"    // trailing a declaration\n"
                   "objective o \"O\" {   // trailing the brace\n"
                   "// before the first item\n"
                   "  owner \"X\"\n"
                   "      // before an item\n"
                   "  kr a : m from 1 to 2    // trailing an item\n"
                   "\n"
                   "  // after the last item\n"
                   "}   // trailing the closing brace\n"
                   "// at the end of the file\n",
                   "// file header\n"
                   "\n"
                   "// before a declaration, badly indented\n"
                   "team t \"T\"  // trailing a declaration\n"
                   "\n"
                   "objective o \"O\" {  // trailing the brace\n"
                   "  // before the first item\n"
                   "  owner \"X\"\n"
                   "  // before an item\n"
                   "  kr a : m from 1 to 2  // trailing an item\n"
                   "\n"
                   "  // after the last item\n"
                   "}  // trailing the closing brace\n"
                   "\n"
                   "// at the end of the file\n");
}

static void test_comments_inside_a_declaration_move_above_it(void **state)
{
    (void)state;
    /* A declaration becomes one line; comments that were inside it keep
     * their order, on lines of their own above it. */
    assert_formats("team t \"T\"\n"
                   "\n"
                   "metric m \"M\" // why this metric\n"
                   "  // how it is measured\n"
                   "  : percent\n"
                   "  increasing // direction\n"
                   "objective o \"O\" {\n"
                   "  kr a \"A\" // the title\n"
                   "     : m from 1% to 2%\n"
                   "}\n",
                   "team t \"T\"\n"
                   "\n"
                   "// why this metric\n"
                   "// how it is measured\n"
                   "metric m \"M\" : percent increasing  // direction\n"
                   "\n"
                   "objective o \"O\" {\n"
                   "  // the title\n"
                   "  kr a \"A\" : m from 1% to 2%\n"
                   "}\n");
}

static void test_a_comment_attaches_to_the_next_block(void **state)
{
    (void)state;
    /* The blank line a block gets goes above the comments that introduce
     * it, not between them and the block. */
    assert_formats("use std.product\n// About o.\nobjective o \"O\" {\n  kr \"x\"\n}\n// About p.\npolicy {\n}\n",
                   "use std.product\n\n// About o.\nobjective o \"O\" {\n  kr \"x\"\n}\n\n"
                   "// About p.\npolicy {\n}\n");
}

static void test_policy_block(void **state)
{
    (void)state;
    assert_formats("policy { limit krs_per_objective 2 .. 5 limit objectives_per_team 3\n"
                   "severity OKR305 off vocabulary activity_verb \"dogfood\"   \"spin up\" }\n",
                   "policy {\n"
                   "  limit krs_per_objective 2..5\n"
                   "  limit objectives_per_team 3\n"
                   "  severity OKR305 off\n"
                   "  vocabulary activity_verb \"dogfood\" \"spin up\"\n"
                   "}\n");
}

static void test_vocabulary_keeps_its_line_breaks(void **state)
{
    (void)state;
    /* A long list the author broke into lines stays broken where it was,
     * continuation lines one level deeper; comments at the breaks stay. */
    assert_formats("policy {\n"
                   "  vocabulary activity_verb\n"
                   "        \"launch\"   \"ship\"   // common\n"
                   "   // rarer\n"
                   "  \"deprecate\"\n"
                   "  vocabulary adverb \"fully\"\n"
                   "}\n",
                   "policy {\n"
                   "  vocabulary activity_verb\n"
                   "    \"launch\" \"ship\"  // common\n"
                   "    // rarer\n"
                   "    \"deprecate\"\n"
                   "  vocabulary adverb \"fully\"\n"
                   "}\n");
}

static void test_native_declaration(void **state)
{
    (void)state;
    assert_formats("native warehouse \"lib/libw.so\" \"okr_value\"(metric ,date):number\n"
                   "native none \"l\" \"s\" ( ) : int\n",
                   "native warehouse \"lib/libw.so\" \"okr_value\" (metric, date) : number\n"
                   "native none \"l\" \"s\" () : int\n");
}

static void test_leaves_are_copied_verbatim(void **state)
{
    (void)state;
    /* Escapes, units, signs, dates and quarters are written as they were. */
    assert_formats("cycle \"FY \\\"26\\\" \\q\" from 2026-07-01 to 2026-12-31\n"
                   "cycle 2026-q3\n"
                   "objective o \"\\t\" {\n  kr a : m from 022.50% to +35pp\n  kr b : m by -0.5USD\n}\n",
                   "cycle \"FY \\\"26\\\" \\q\" from 2026-07-01 to 2026-12-31\n"
                   "cycle 2026-q3\n"
                   "\n"
                   "objective o \"\\t\" {\n  kr a : m from 022.50% to +35pp\n  kr b : m by -0.5USD\n}\n");
}

static void test_line_endings_and_trailing_space(void **state)
{
    (void)state;
    assert_formats("// crlf   \r\nteam t \"T\"\r\n\r\n\r\ncycle 2026-Q3 // x \t\r\n",
                   "// crlf\nteam t \"T\"\n\ncycle 2026-Q3  // x\n");
}

static void test_empty_and_comment_only_files(void **state)
{
    (void)state;
    assert_formats("", "");
    assert_formats("  \n\n\t\n", "");
    size_t ndiags = 99;
    const char *comments = "\n// only\n\n\n//   a comment\n";
    char *out = fmt_full(comments, strlen(comments), &ndiags, NULL);
    assert_non_null(out);
    assert_string_equal(out, "// only\n\n//   a comment\n");
    /* The empty-file warning is not the formatter's to report. */
    assert_int_equal(ndiags, 0);
    free(out);
}

static void assert_refused(const char *text, size_t len, okr_code code)
{
    size_t ndiags = 0;
    okr_code first = OKR_CODE_COUNT;
    char *out = fmt_full(text, len, &ndiags, &first);
    assert_null(out);
    assert_true(ndiags >= 1);
    assert_int_equal(first, code);
}

static void test_files_with_errors_are_refused(void **state)
{
    (void)state;
    const char *syntax = "team t \"T\"\nobjective o \"O\" {\n  kr a : m from 1 2\n}\n";
    assert_refused(syntax, strlen(syntax), OKR004);
    const char *unclosed = "objective o \"O\" {\n  kr a : m from 1 to 2\n";
    assert_refused(unclosed, strlen(unclosed), OKR004);
    const char *lexical = "team t \"T\" # shell comment\n";
    assert_refused(lexical, strlen(lexical), OKR001);
    const char *unterminated = "team t \"T\ncycle 2026-Q3\n";
    assert_refused(unterminated, strlen(unterminated), OKR002);
    const char *utf8 = "team t \"\xc3\x28\"\n";
    assert_refused(utf8, strlen(utf8), OKR003);
    assert_refused("team t\0\"T\"\n", 11, OKR006);
    const char *range = "objective o \"O\" {\n  kr a : m at least 12345678901234567\n}\n";
    assert_refused(range, strlen(range), OKR005);
}

/* --- every real file ---------------------------------------------------- */

typedef struct token_list {
    int *codes;
    char **texts;
    size_t len;
} token_list;

static token_list scan(const char *text, size_t len)
{
    okr_arena arena;
    okr_diags diags;
    okr_arena_init(&arena);
    okr_diags_init(&diags, &arena);
    okr_token_list list = okr_lexer_scan(&arena, &diags, 0, text, len, NULL);
    token_list t = {0};
    t.codes = malloc((list.len + 1) * sizeof *t.codes);
    t.texts = malloc((list.len + 1) * sizeof *t.texts);
    assert_non_null(t.codes);
    assert_non_null(t.texts);
    for (size_t i = 0; i < list.len; i++) {
        okr_span sp = list.items[i].span;
        t.codes[t.len] = list.items[i].kind;
        t.texts[t.len] = strndup(text + sp.start, sp.end - sp.start);
        t.len++;
    }
    okr_arena_free(&arena);
    return t;
}

static void token_list_free(token_list *t)
{
    for (size_t i = 0; i < t->len; i++)
        free(t->texts[i]);
    free(t->codes);
    free(t->texts);
}

/* The comments of a file, each without trailing white space, in order. */
static char *comments_of(const char *text, size_t len)
{
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
    okr_arena_init(&arena);
    okr_source_init(&sources, &arena);
    okr_diags_init(&diags, &arena);
    uint32_t id = okr_source_add(&sources, "t.okr", text, len, 0);
    okr_file_ast *ast = okr_parse_file(&arena, &diags, &sources, id);
    size_t total = 1;
    for (size_t i = 0; i < ast->comments.len; i++)
        total += strlen(((okr_comment *)ast->comments.items[i])->text) + 1;
    char *all = calloc(1, total), *p = all;
    for (size_t i = 0; i < ast->comments.len; i++) {
        const char *c = ((okr_comment *)ast->comments.items[i])->text;
        size_t n = strlen(c);
        while (n > 0 && strchr(" \t\r\f\v", c[n - 1]))
            n--;
        memcpy(p, c, n);
        p += n;
        *p++ = '\n';
    }
    okr_source_free(&sources);
    okr_arena_free(&arena);
    return all;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)n + 1);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    data[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return data;
}

/* Lines of canonical output: no trailing white space, no tab, no two blank
 * lines in a row, none first, one newline at the end. */
static void assert_clean_layout(const char *path, const char *out)
{
    size_t n = strlen(out);
    if (n == 0)
        return;
    assert_true(out[n - 1] == '\n');
    assert_false(n >= 2 && out[n - 2] == '\n');
    assert_false(out[0] == '\n');
    if (strstr(out, "\n\n\n") || strstr(out, " \n") || strstr(out, "\n\t") || strstr(out, "\r\n")) {
        fprintf(stderr, "bad layout in %s\n", path);
        fail();
    }
}

/* A small deterministic generator, so that a failure reproduces. */
static unsigned next_random(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return (*state >> 16) & 0x7fff;
}

/* Whether the line holding `at`, or the line above it, holds a
 * suppression: fmt keeps such a line whole, so a break added inside it
 * would be kept (spec.md, "Formatting"). */
static int near_suppression(const char *text, size_t at)
{
    size_t start = at;
    int lines = 0;
    while (start > 0 && !(text[start - 1] == '\n' && ++lines == 2))
        start--;
    const char *end = strchr(text + at, '\n');
    size_t n = end ? (size_t)(end - text) - start : strlen(text + start);
    char *window = strndup(text + start, n);
    int found = window && strstr(window, "okrc:allow") != NULL;
    free(window);
    return found;
}

/* Re-spaces formatted text at random: more spaces and tabs between tokens
 * of a line (where none were, too: `money ( USD )`), and line breaks inside
 * declarations. None of that survives formatting. Line breaks go only before
 * tokens that are not strings, since a break before a word of a vocabulary
 * list is kept on purpose, and not on a line a suppression applies to. */
static char *perturb(const char *text, unsigned seed)
{
    size_t len = strlen(text);
    okr_arena arena;
    okr_diags diags;
    okr_arena_init(&arena);
    okr_diags_init(&diags, &arena);
    okr_token_list list = okr_lexer_scan(&arena, &diags, 0, text, len, NULL);
    char *out = malloc(len * 4 + 16);
    size_t n = 0, copied = 0;
    int prev_end = -1;
    for (size_t i = 0; i < list.len; i++) {
        okr_span loc = list.items[i].span;
        if (prev_end >= 0 && !memchr(text + prev_end, '\n', loc.start - (uint32_t)prev_end)) {
            memcpy(out + n, text + copied, loc.start - copied);
            n += loc.start - copied;
            copied = loc.start;
            unsigned r = next_random(&seed) % 4;
            if (r == 1)
                out[n++] = ' ', out[n++] = ' ';
            else if (r == 2)
                out[n++] = '\t';
            else if (r == 3 && list.items[i].kind != OKR_TOKEN_STRING && !near_suppression(text, loc.start))
                out[n++] = '\n', out[n++] = ' ';
        }
        prev_end = (int)loc.end;
    }
    memcpy(out + n, text + copied, len - copied);
    n += len - copied;
    out[n] = '\0';
    okr_arena_free(&arena);
    return out;
}

/* The formatter takes its tokens from the parse (okr_parse_file_tokens),
 * not from a second scan: they must be exactly the tokens okr_lexer_scan
 * gives for the same text, kind and span. */
static void assert_parse_tokens_match(const char *path, const char *in, size_t len)
{
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
    okr_arena_init(&arena);
    okr_source_init(&sources, &arena);
    okr_diags_init(&diags, &arena);
    uint32_t file = okr_source_add(&sources, path, in, len, 0);
    okr_token_list parsed;
    okr_parse_file_tokens(&arena, &diags, &sources, file, &parsed);
    okr_token_list scanned = okr_lexer_scan(&arena, &diags, file, okr_source_get(&sources, file)->text, len, NULL);
    if (parsed.len != scanned.len)
        fprintf(stderr, "%s: the parse recorded %zu tokens, a scan gives %zu\n", path, parsed.len, scanned.len);
    assert_int_equal(parsed.len, scanned.len);
    for (size_t i = 0; i < parsed.len; i++) {
        assert_int_equal(parsed.items[i].kind, scanned.items[i].kind);
        assert_int_equal(parsed.items[i].span.start, scanned.items[i].span.start);
        assert_int_equal(parsed.items[i].span.end, scanned.items[i].span.end);
        assert_int_equal(parsed.items[i].span.file, file);
    }
    okr_source_free(&sources);
    okr_arena_free(&arena);
}

static void check_file(const char *path, int *formatted, int *refused)
{
    size_t len;
    char *in = read_file(path, &len);
    char *once = fmt_full(in, len, NULL, NULL);
    if (!once) {
        (*refused)++;
        free(in);
        return;
    }
    (*formatted)++;
    assert_parse_tokens_match(path, in, len);
    char *twice = fmt(once);
    assert_non_null(twice);
    if (strcmp(once, twice) != 0) {
        fprintf(stderr, "not idempotent: %s\n", path);
        fail();
    }
    assert_clean_layout(path, once);

    token_list a = scan(in, len), b = scan(once, strlen(once));
    if (a.len != b.len)
        fprintf(stderr, "%s: %zu tokens became %zu\n", path, a.len, b.len);
    assert_int_equal(a.len, b.len);
    for (size_t i = 0; i < a.len; i++) {
        if (a.codes[i] != b.codes[i] || strcmp(a.texts[i], b.texts[i]) != 0) {
            fprintf(stderr, "%s: token %zu '%s' became '%s'\n", path, i, a.texts[i], b.texts[i]);
            fail();
        }
    }
    token_list_free(&a);
    token_list_free(&b);

    for (unsigned seed = 1; seed <= 3; seed++) {
        char *messy = perturb(once, seed);
        char *back = fmt(messy);
        assert_non_null(back);
        if (strcmp(back, once) != 0) {
            fprintf(stderr, "%s: re-spaced copy %u formats differently\n", path, seed);
            fail();
        }
        free(back);
        free(messy);
    }

    char *ca = comments_of(in, len), *cb = comments_of(once, strlen(once));
    if (strcmp(ca, cb) != 0)
        fprintf(stderr, "%s: comments changed\n", path);
    assert_string_equal(ca, cb);
    free(ca);
    free(cb);
    free(twice);
    free(once);
    free(in);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *dir, int *formatted, int *refused)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char *names[4096];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 4096) {
        if (e->d_name[0] != '.')
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, compare_names);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            walk(path, formatted, refused);
        else if (strlen(names[i]) > 4 && strcmp(names[i] + strlen(names[i]) - 4, ".okr") == 0)
            check_file(path, formatted, refused);
        free(names[i]);
    }
}

static void test_every_repository_file(void **state)
{
    (void)state;
    int formatted = 0, refused = 0;
    walk("tests/cases", &formatted, &refused);
    walk("examples", &formatted, &refused);
    int in_cases_and_examples = formatted;
    walk("stdlib", &formatted, &refused);
    walk("tests/fmt", &formatted, &refused);
    /* The syntax-error cases are refused; everything else formats. */
    assert_true(refused >= 2);
    assert_true(in_cases_and_examples >= 15);
}

/* The golden inputs of tests/fmt format to their .formatted files. */
static void test_golden_files(void **state)
{
    (void)state;
    DIR *d = opendir("tests/fmt");
    assert_non_null(d);
    int seen = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n <= 4 || strcmp(e->d_name + n - 4, ".okr") != 0)
            continue;
        char in_path[4096], want_path[4096];
        snprintf(in_path, sizeof in_path, "tests/fmt/%s", e->d_name);
        snprintf(want_path, sizeof want_path, "tests/fmt/%.*s.formatted", (int)(n - 4), e->d_name);
        size_t len, want_len;
        char *in = read_file(in_path, &len), *want = read_file(want_path, &want_len);
        char *got = fmt_full(in, len, NULL, NULL);
        assert_non_null(got);
        if (strcmp(got, want) != 0)
            fprintf(stderr, "golden mismatch: %s\n", in_path);
        assert_string_equal(got, want);
        free(got);
        free(in);
        free(want);
        seen++;
    }
    closedir(d);
    assert_true(seen >= 3);
}

static void test_a_line_too_long_to_read_back_is_refused(void **state)
{
    (void)state;
    /* 8000 repeated weights on lines of their own would join into one line
     * over the 64 KiB limit. */
    size_t cap = 8000 * 12 + 200, n = 0;
    char *text = malloc(cap);
    n += (size_t)snprintf(text, cap, "objective o \"O\" {\n  kr a : m from 1 to 2\n");
    for (int i = 0; i < 8000; i++)
        n += (size_t)snprintf(text + n, cap - n, "  weight 1\n");
    n += (size_t)snprintf(text + n, cap - n, "}\n");
    assert_refused(text, n, OKR007);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metric_run_aligns_colons),
        cmocka_unit_test(test_alignment_counts_display_columns),
        cmocka_unit_test(test_metric_clauses_and_spacing),
        cmocka_unit_test(test_blank_lines),
        cmocka_unit_test(test_indentation_and_one_item_per_line),
        cmocka_unit_test(test_comments_in_every_position),
        cmocka_unit_test(test_comments_inside_a_declaration_move_above_it),
        cmocka_unit_test(test_a_comment_attaches_to_the_next_block),
        cmocka_unit_test(test_policy_block),
        cmocka_unit_test(test_vocabulary_keeps_its_line_breaks),
        cmocka_unit_test(test_native_declaration),
        cmocka_unit_test(test_leaves_are_copied_verbatim),
        cmocka_unit_test(test_line_endings_and_trailing_space),
        cmocka_unit_test(test_empty_and_comment_only_files),
        cmocka_unit_test(test_files_with_errors_are_refused),
        cmocka_unit_test(test_a_line_too_long_to_read_back_is_refused),
        cmocka_unit_test(test_every_repository_file),
        cmocka_unit_test(test_golden_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
