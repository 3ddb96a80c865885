/* test_render_fix.c: how every format shows a diagnostic's fixes (spec.md,
 * "Fixes"), from hand-built records: the text format's suggestion lines
 * (a change inside a line marked with '~' and '+', a removal as '-'/'+'
 * lines, a whole-line removal as a '-' line alone), the JSON "fixes", the
 * SARIF fixes and the GitHub help lines; and the edit sets of
 * common/fix_apply that `okrc check --fix` applies. */
#include "unit.h"

#include <jansson.h>

#include "diag.h"
#include "fix_apply.h"
#include "render.h"
#include "source.h"

typedef struct fixture {
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
    uint32_t file;
} fixture;

static fixture *fx_new(const char *text)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    okr_arena_init(&f->arena);
    okr_source_init(&f->sources, &f->arena);
    okr_diags_init(&f->diags, &f->arena);
    f->file = okr_source_add(&f->sources, "okrs/a.okr", text, strlen(text), 0);
    return f;
}

static void fx_free(fixture *f)
{
    okr_source_free(&f->sources);
    okr_arena_free(&f->arena);
    free(f);
}

static okr_span fx_span(fixture *f, const char *needle)
{
    const char *text = okr_source_get(&f->sources, f->file)->text;
    const char *at = strstr(text, needle);
    assert_non_null(at);
    uint32_t start = (uint32_t)(at - text);
    return okr_span_make(f->file, start, start + (uint32_t)strlen(needle));
}

static char *fx_render(fixture *f, okr_format format)
{
    okr_diags_finish(&f->diags);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    okr_render_options opts = {format, 0, 1, "0.1.0"};
    assert_int_equal(okr_render(out, &f->diags, &f->sources, &opts), 0);
    assert_int_equal(fclose(out), 0);
    return buf;
}

static const char SOURCE[] =
    "team t\n"
    "metric win_rate : percent increasing\n"
    "  kr k : win_rat from 1% to 2% // okrc:allow OKR203 -- stale\n"
    "  // okrc:allow OKR504 -- none\n"
    "}\n";

/* A replacement inside a line: the line after the fix, '~' under the new
 * text; the fix's label equals the help line, so the help line carries it. */
static void text_replacement_in_line(void **state)
{
    (void)state;
    fixture *f = fx_new(SOURCE);
    okr_diag *d = okr_diag_report(&f->diags, OKR101, fx_span(f, "win_rat "), "undefined metric 'win_rat'");
    okr_diag_help(&f->diags, d, "replace 'win_rat' with 'win_rate'");
    okr_fix *fix = okr_diag_fix(&f->diags, d, 1, "replace 'win_rat' with 'win_rate'");
    okr_span s = fx_span(f, "win_rat ");
    s.end--;
    okr_fix_edit(&f->diags, fix, s, "win_rate");
    char *out = fx_render(f, OKR_FORMAT_TEXT);
    assert_string_equal(out,
        "okrs/a.okr:3:10: error: undefined metric 'win_rat' [OKR101]\n"
        "  |\n"
        "3 |   kr k : win_rat from 1% to 2% // okrc:allow OKR203 -- stale\n"
        "  |          ^^^^^^^^\n"
        "  = help: replace 'win_rat' with 'win_rate' (applied by `okrc check --fix`)\n"
        "  |\n"
        "3 |   kr k : win_rate from 1% to 2% // okrc:allow OKR203 -- stale\n"
        "  |          ~~~~~~~~\n"
        "\n"
        "okrc: 1 error, 0 warnings in 1 file\n");
    free(out);
    fx_free(f);
}

/* Two alternatives, neither machine-applicable: no "(applied by ...)", and
 * each fix that is no help line is a help line of its own; an insertion is
 * marked with '+'. */
static void text_alternatives_and_insertion(void **state)
{
    (void)state;
    fixture *f = fx_new(SOURCE);
    okr_diag *d = okr_diag_report(&f->diags, OKR203, fx_span(f, "from 1% to 2%"), "wrong way");
    okr_diag_help(&f->diags, d, "swap baseline and target, or declare the metric decreasing");
    okr_fix *a = okr_diag_fix(&f->diags, d, 1, "swap baseline and target");
    okr_fix_edit(&f->diags, a, fx_span(f, "1%"), "2%");
    okr_fix_edit(&f->diags, a, fx_span(f, "2%"), "1%");
    okr_diag_fix(&f->diags, d, 0, "declare 'win_rate' decreasing");
    okr_span at = fx_span(f, "increasing");
    okr_fix_edit(&f->diags, &d->fixes[1], okr_span_make(f->file, at.start, at.start), "de");
    a->machine_applicable = 0;
    char *out = fx_render(f, OKR_FORMAT_TEXT);
    assert_string_equal(out,
        "okrs/a.okr:3:18: error: wrong way [OKR203]\n"
        "  |\n"
        "3 |   kr k : win_rat from 1% to 2% // okrc:allow OKR203 -- stale\n"
        "  |                  ^^^^^^^^^^^^^\n"
        "  = help: swap baseline and target, or declare the metric decreasing\n"
        "  = help: swap baseline and target\n"
        "  |\n"
        "3 |   kr k : win_rat from 2% to 1% // okrc:allow OKR203 -- stale\n"
        "  |                       ~~    ~~\n"
        "  = help: declare 'win_rate' decreasing\n"
        "  |\n"
        "2 | metric win_rate : percent deincreasing\n"
        "  |                           ++\n"
        "\n"
        "okrc: 1 error, 0 warnings in 1 file\n");
    free(out);
    fx_free(f);
}

/* A removal inside a line shows the line before and after; removing a
 * whole line shows it as removed. */
static void text_removals(void **state)
{
    (void)state;
    fixture *f = fx_new(SOURCE);
    okr_diag *d = okr_diag_report(&f->diags, OKR701, fx_span(f, "// okrc:allow OKR203 -- stale"), "unused");
    okr_diag_help(&f->diags, d, "remove OKR203 from the comment");
    okr_fix *fix = okr_diag_fix(&f->diags, d, 1, "remove the unused suppression");
    okr_fix_edit(&f->diags, fix, fx_span(f, " // okrc:allow OKR203 -- stale"), "");
    okr_diag *e = okr_diag_report(&f->diags, OKR701, fx_span(f, "// okrc:allow OKR504 -- none"), "unused");
    okr_fix *line = okr_diag_fix(&f->diags, e, 1, "remove the unused suppression");
    okr_fix_edit(&f->diags, line, fx_span(f, "  // okrc:allow OKR504 -- none\n"), "");
    char *out = fx_render(f, OKR_FORMAT_TEXT);
    assert_string_equal(out,
        "okrs/a.okr:3:32: warning: unused [OKR701]\n"
        "  |\n"
        "3 |   kr k : win_rat from 1% to 2% // okrc:allow OKR203 -- stale\n"
        "  |                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = help: remove OKR203 from the comment\n"
        "  = help: remove the unused suppression (applied by `okrc check --fix`)\n"
        "  |\n"
        "3 -   kr k : win_rat from 1% to 2% // okrc:allow OKR203 -- stale\n"
        "3 +   kr k : win_rat from 1% to 2%\n"
        "\n"
        "okrs/a.okr:4:3: warning: unused [OKR701]\n"
        "  |\n"
        "4 |   // okrc:allow OKR504 -- none\n"
        "  |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = help: remove the unused suppression (applied by `okrc check --fix`)\n"
        "  |\n"
        "4 -   // okrc:allow OKR504 -- none\n"
        "\n"
        "okrc: 0 errors, 2 warnings in 1 file\n");
    free(out);
    fx_free(f);
}

static json_t *get(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        fail_msg("no member '%s'", key);
    return v;
}

static json_int_t num(json_t *o, const char *key)
{
    json_t *v = get(o, key);
    assert_true(json_is_integer(v));
    return json_integer_value(v);
}

static const char *str(json_t *o, const char *key)
{
    json_t *v = get(o, key);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static fixture *two_fixes(void)
{
    fixture *f = fx_new(SOURCE);
    okr_diag *d = okr_diag_report(&f->diags, OKR101, fx_span(f, "win_rat "), "undefined metric 'win_rat'");
    okr_diag_help(&f->diags, d, "declare it");
    okr_span s = fx_span(f, "win_rat ");
    s.end--;
    okr_fix_edit(&f->diags, okr_diag_fix(&f->diags, d, 1, "replace 'win_rat' with 'win_rate'"), s, "win_rate");
    okr_fix *del = okr_diag_fix(&f->diags, d, 0, "remove the key result");
    okr_fix_edit(&f->diags, del, fx_span(f, "  kr k : win_rat from 1% to 2% // okrc:allow OKR203 -- stale\n"), "");
    okr_diag_report(&f->diags, OKR501, fx_span(f, "team t"), "no fixes here");
    return f;
}

static void json_fixes(void **state)
{
    (void)state;
    fixture *f = two_fixes();
    char *out = fx_render(f, OKR_FORMAT_JSON);
    json_error_t err;
    json_t *root = json_loads(out, 0, &err);
    assert_non_null(root);
    json_t *list = get(root, "diagnostics");
    assert_int_equal(json_array_size(get(json_array_get(list, 0), "fixes")), 0);
    json_t *d = json_array_get(list, 1);
    json_t *fixes = get(d, "fixes");
    assert_int_equal(json_array_size(fixes), 2);
    json_t *a = json_array_get(fixes, 0);
    assert_string_equal(str(a, "label"), "replace 'win_rat' with 'win_rate'");
    assert_string_equal(str(a, "applicability"), "machine-applicable");
    json_t *e = json_array_get(get(a, "edits"), 0);
    assert_string_equal(str(e, "file"), "okrs/a.okr");
    assert_int_equal(num(get(e, "start"), "line"), 3);
    assert_int_equal(num(get(e, "start"), "column"), 10);
    assert_int_equal(num(get(e, "end"), "line"), 3);
    assert_int_equal(num(get(e, "end"), "column"), 17);
    assert_int_equal(num(e, "byte_end") - num(e, "byte_start"), 7);
    assert_memory_equal(SOURCE + num(e, "byte_start"), "win_rat", 7);
    assert_string_equal(str(e, "replacement"), "win_rate");
    json_t *b = json_array_get(fixes, 1);
    assert_string_equal(str(b, "applicability"), "maybe-incorrect");
    json_t *be = json_array_get(get(b, "edits"), 0);
    assert_int_equal(num(get(be, "start"), "column"), 1);
    assert_int_equal(num(get(be, "end"), "line"), 4);
    assert_int_equal(num(get(be, "end"), "column"), 1);
    assert_string_equal(str(be, "replacement"), "");
    json_decref(root);
    free(out);
    fx_free(f);
}

static void sarif_fixes(void **state)
{
    (void)state;
    fixture *f = two_fixes();
    char *out = fx_render(f, OKR_FORMAT_SARIF);
    json_error_t err;
    json_t *root = json_loads(out, 0, &err);
    assert_non_null(root);
    json_t *results = get(json_array_get(get(root, "runs"), 0), "results");
    assert_null(json_object_get(json_array_get(results, 0), "fixes"));
    json_t *fixes = get(json_array_get(results, 1), "fixes");
    assert_int_equal(json_array_size(fixes), 2);
    json_t *a = json_array_get(fixes, 0);
    assert_string_equal(str(get(a, "description"), "text"), "replace 'win_rat' with 'win_rate'");
    assert_string_equal(str(get(a, "properties"), "applicability"), "machine-applicable");
    json_t *change = json_array_get(get(a, "artifactChanges"), 0);
    assert_string_equal(str(get(change, "artifactLocation"), "uri"), "okrs/a.okr");
    assert_string_equal(str(get(change, "artifactLocation"), "uriBaseId"), "%SRCROOT%");
    json_t *r = json_array_get(get(change, "replacements"), 0);
    json_t *region = get(r, "deletedRegion");
    assert_int_equal(num(region, "startLine"), 3);
    assert_int_equal(num(region, "startColumn"), 10);
    assert_int_equal(num(region, "endLine"), 3);
    assert_int_equal(num(region, "endColumn"), 17);
    assert_string_equal(str(get(r, "insertedContent"), "text"), "win_rate");
    json_t *b = json_array_get(fixes, 1);
    assert_string_equal(str(get(b, "properties"), "applicability"), "maybe-incorrect");
    json_t *rb = json_array_get(get(json_array_get(get(b, "artifactChanges"), 0), "replacements"), 0);
    assert_null(json_object_get(rb, "insertedContent")); /* a deletion */
    json_decref(root);
    free(out);
    fx_free(f);
}

static void github_fixes(void **state)
{
    (void)state;
    fixture *f = two_fixes();
    char *out = fx_render(f, OKR_FORMAT_GITHUB);
    assert_non_null(strstr(out, "::undefined metric 'win_rat'%0Ahelp: declare it"
                                "%0Ahelp: replace 'win_rat' with 'win_rate' (applied by `okrc check --fix`)"
                                "%0Ahelp: remove the key result\n"));
    free(out);
    fx_free(f);
}

static okr_fix one_edit(uint32_t start, uint32_t end, const char *text)
{
    okr_fix fix = {.label = "x", .machine_applicable = 1, .edit_count = 1};
    fix.edits[0].span = okr_span_make(0, start, end);
    fix.edits[0].replacement = text;
    return fix;
}

/* Overlapping edits are refused (the later fix waits for the next round);
 * an identical edit is taken once; touching edits both apply. */
static void edit_sets(void **state)
{
    (void)state;
    okr_edit_set set = {0};
    okr_fix a = one_edit(4, 8, "");
    okr_fix same = one_edit(4, 8, "");
    okr_fix overlap = one_edit(7, 10, "");
    okr_fix touching = one_edit(8, 9, "Z");
    okr_fix insert_at_start = one_edit(4, 4, "y");
    okr_fix insert = one_edit(0, 0, ">");
    assert_int_equal(okr_edit_set_add_fix(&set, &a), 1);
    assert_int_equal(okr_edit_set_add_fix(&set, &same), 1);
    assert_int_equal(set.len, 1);
    /* The same file checked twice has two ids: still the same edit, and
     * still an overlap. */
    okr_fix twin = one_edit(4, 8, "");
    twin.edits[0].span.file = 1;
    okr_fix twin_overlap = one_edit(7, 10, "");
    twin_overlap.edits[0].span.file = 1;
    assert_int_equal(okr_edit_set_add_fix(&set, &twin), 1);
    assert_int_equal(set.len, 1);
    assert_int_equal(okr_edit_set_add_fix(&set, &twin_overlap), 0);
    assert_int_equal(okr_edit_set_add_fix(&set, &overlap), 0);
    assert_int_equal(okr_edit_set_add_fix(&set, &insert_at_start), 0);
    assert_int_equal(okr_edit_set_add_fix(&set, &touching), 1);
    assert_int_equal(okr_edit_set_add_fix(&set, &insert), 1);
    assert_int_equal(set.len, 3);
    assert_int_equal(set.edits[0].span.start, 0);
    assert_int_equal(set.edits[2].span.start, 8);
    size_t len;
    char *text = okr_edits_apply("abcdefghijk", 11, 0, set.edits, set.len, &len);
    assert_string_equal(text, ">abcdZjk");
    assert_int_equal(len, 8);
    free(text);
    /* With a base: the text is the bytes from offset 4 on. */
    text = okr_edits_apply("efghijk", 7, 4, set.edits + 1, 2, &len);
    assert_string_equal(text, "Zjk");
    free(text);
    okr_edit_set_free(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_replacement_in_line),
        cmocka_unit_test(text_alternatives_and_insertion),
        cmocka_unit_test(text_removals),
        cmocka_unit_test(json_fixes),
        cmocka_unit_test(sarif_fixes),
        cmocka_unit_test(github_fixes),
        cmocka_unit_test(edit_sets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
