/* test_prepared_stdlib.c: a program initialised from a prepared standard
 * library (okr_program_init_prepared, checker/program.h) is checked exactly
 * as one from okr_program_init: the same diagnostics in every format and
 * the same compile --emit json, case by case over the golden cases of
 * tests/cases/ and the examples. One prepared library serves them all, in
 * an order where a policy that adds words comes first, so a word one
 * program's policy adds must not reach the next program. Runs from the
 * repository root. */
#include "unit.h"

#include "../../checker/program.h"
#include "../../common/render.h"

/* A program: its policy (or NULL) and up to four files. */
typedef struct case_files {
    const char *policy;
    const char *files[4];
} case_files;

static const case_files CASES[] = {
    {"tests/unit/data/prepared_stdlib/okr.policy", {"tests/unit/data/prepared_stdlib/team.okr"}},
    {NULL, {"tests/unit/data/prepared_stdlib/team.okr"}},
    {"tests/cases/policy/custom/okr.policy", {"tests/cases/policy/custom/team.okr"}},
    {"examples/okrs/okr.policy",
     {"examples/okrs/company.okr", "examples/okrs/growth/2026-q3.okr", "examples/okrs/ai/2026-q3.okr"}},
    {NULL, {"tests/cases/policy/custom/team.okr"}},
    {NULL, {"tests/cases/policy/misplaced_policy.okr"}},
    {NULL, {"tests/cases/task_style/task_krs.okr"}},
    {NULL, {"examples/okrs/company.okr", "examples/okrs/growth/2026-q3.okr"}},
};

/* Everything a check writes: the diagnostics in each format, then the
 * compiled program when there are no errors. */
static char *check_output(const case_files *c, const okr_prepared_stdlib *std)
{
    okr_program prog;
    if (std)
        okr_program_init_prepared(&prog, std);
    else
        okr_program_init(&prog);
    if (c->policy)
        assert_int_equal(okr_program_load_policy(&prog, c->policy), 0);
    for (size_t i = 0; i < 4 && c->files[i]; i++)
        assert_int_equal(okr_program_add_file(&prog, c->files[i]), 0);
    okr_program_check(&prog);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    static const okr_format formats[] = {OKR_FORMAT_TEXT, OKR_FORMAT_JSON, OKR_FORMAT_SARIF, OKR_FORMAT_GITHUB};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        okr_render_options ro = {.format = formats[i], .files_checked = prog.units.len, .tool_version = "t"};
        okr_render(out, &prog.diags, &prog.sources, &ro);
    }
    if (!prog.diags.errors)
        okr_program_emit_json(&prog, out);
    fprintf(out, "sources %zu\n", prog.sources.len);
    fclose(out);
    okr_program_free(&prog);
    return text;
}

static void test_same_as_init(void **state)
{
    (void)state;
    okr_prepared_stdlib *std = okr_stdlib_prepare();
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
            char *want = check_output(&CASES[i], NULL);
            char *got = check_output(&CASES[i], std);
            if (strcmp(want, got) != 0)
                fail_msg("case %zu (%s) differs with the prepared standard library", i, CASES[i].files[0]);
            free(want);
            free(got);
        }
    }
    okr_stdlib_release(std);
}

/* A policy word reaches its own program only: the policy of
 * tests/unit/data/prepared_stdlib/ lists "zorble" as an activity verb,
 * which makes the objective "Zorble the onboarding flow" a task (OKR602). */
static void test_policy_words_stay_in_their_program(void **state)
{
    (void)state;
    okr_prepared_stdlib *std = okr_stdlib_prepare();
    /* The same file without its policy: a word that leaked from the
     * program before would make it OKR602 too. */
    const case_files with = CASES[0], without = {NULL, {CASES[0].files[0]}};
    char *before = check_output(&without, std);
    char *own = check_output(&with, std);
    char *after = check_output(&without, std);
    assert_string_equal(before, after);
    assert_null(strstr(before, "[OKR602]"));
    assert_non_null(strstr(own, "[OKR602]"));
    free(before);
    free(own);
    free(after);
    okr_stdlib_release(std);
}

int main(void)
{
    okr_unit_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_init),
        cmocka_unit_test(test_policy_words_stay_in_their_program),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
