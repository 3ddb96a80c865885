/* test_diff.c: the comparison of `okrc diff` (diff/match.c, diff/compare.c):
 * the similarity measure, matching by name then by text, the judgement of
 * target changes in the metric's direction, and when a change is flagged.
 * Each test checks two small programs from text and compares them. */
#include "unit.h"

#include <math.h>

#include "../../diff/diff.h"

#define PRELUDE "team t \"T\"\ncycle 2026-Q3\nuse std.product\nuse std.growth\n"

typedef struct pair {
    okr_program old_prog, new_prog;
    okr_diff_result r;
} pair;

/* 2026-07-01 (the cycle's start) is day 20635. */
enum { CYCLE_START = 20635 };

static pair *compare(const char *old_text, const char *new_text, long at_day)
{
    pair *p = calloc(1, sizeof *p);
    assert_non_null(p);
    okr_program_init(&p->old_prog);
    okr_program_init(&p->new_prog);
    okr_program_add_text(&p->old_prog, "old.okr", old_text, strlen(old_text));
    okr_program_add_text(&p->new_prog, "new.okr", new_text, strlen(new_text));
    okr_program_check(&p->old_prog);
    okr_program_check(&p->new_prog);
    okr_diff_compare(&p->old_prog, &p->new_prog, at_day, &p->r);
    return p;
}

static void release(pair *p)
{
    okr_program_free(&p->old_prog);
    okr_program_free(&p->new_prog);
    free(p);
}

static const okr_diff_change *find(const pair *p, okr_diff_what what)
{
    for (size_t i = 0; i < p->r.changes.len; i++) {
        const okr_diff_change *c = p->r.changes.items[i];
        if (c->what == what)
            return c;
    }
    return NULL;
}

static void test_similarity(void **state)
{
    (void)state;
    assert_true(okr_diff_similarity("Grow ARR", "grow arr") == 1.0);
    assert_true(okr_diff_similarity("abc", "xyz") == 0.0);
    assert_true(okr_diff_similarity("", "") == 0.0);
    assert_true(okr_diff_similarity(NULL, "x") == 0.0);
    /* Punctuation runs read as one space. */
    assert_true(okr_diff_similarity("day-7 activation", "day 7   activation") == 1.0);
    /* The example of spec.md, "Matching". */
    double s = okr_diff_similarity("Raise Day-7 activation from 22% to 35%", "Raise Day-7 activation from 20% to 30%");
    assert_true(fabs(s - 0.914) < 0.001); /* 64 of 70 bigrams */
    assert_true(okr_diff_similarity("Raise Day-7 activation", "Cut support tickets per week") < 0.3);
    /* Symmetric. */
    assert_true(okr_diff_similarity("onboarding flow", "flow of onboarding") ==
                okr_diff_similarity("flow of onboarding", "onboarding flow"));
}

static void test_objective_renamed_by_statement(void **state)
{
    (void)state;
    pair *p = compare(PRELUDE "aspirational objective referrals \"Happy customers bring their peers to Acme\" {\n"
                              "  kr a : d7_activation from 22% to 35%\n  kr b : trial_to_paid from 11% to 15%\n"
                              "  counter cac at most 1400\n}\n",
                      PRELUDE "aspirational objective word_of_mouth \"Customers bring their peers to Acme\" {\n"
                              "  kr a : d7_activation from 22% to 35%\n  kr b : trial_to_paid from 11% to 15%\n"
                              "  counter cac at most 1400\n}\n",
                      CYCLE_START);
    const okr_diff_change *c = find(p, OKR_DIFF_OBJECTIVE_RENAMED);
    assert_non_null(c);
    assert_string_equal(c->old_text, "t.referrals");
    assert_string_equal(c->new_text, "t.word_of_mouth");
    assert_null(find(p, OKR_DIFF_OBJECTIVE_ADDED));
    release(p);
}

static void test_kr_same_metric_matches_from_lower_similarity(void **state)
{
    (void)state;
    /* Titles that share little, on the same metric: a rename; on another
     * metric the same titles would be an add and a remove. */
    pair *p = compare(PRELUDE "aspirational objective o \"Make onboarding effortless\" {\n"
                              "  kr act \"Raise Day-7 activation\" : d7_activation from 22% to 35%\n"
                              "  kr b : trial_to_paid from 11% to 15%\n  counter cac at most 1400\n}\n",
                      PRELUDE "aspirational objective o \"Make onboarding effortless\" {\n"
                              "  kr activation \"Raise week-one activation of trials\" : d7_activation from 22% to 35%\n"
                              "  kr b : trial_to_paid from 11% to 15%\n  counter cac at most 1400\n}\n",
                      CYCLE_START);
    const okr_diff_change *c = find(p, OKR_DIFF_KR_RENAMED);
    assert_non_null(c);
    assert_string_equal(c->old_text, "act");
    assert_string_equal(c->new_text, "activation");
    assert_null(find(p, OKR_DIFF_KR_ADDED));
    release(p);
}

static void test_target_judged_in_metric_direction(void **state)
{
    (void)state;
    /* time_to_first_value decreases: 1d to 12h is lowered and harder;
     * churn by -20% to by -10% is raised and easier; at most 2 to 3 is easier. */
    pair *p = compare(PRELUDE "committed objective o \"Customers get value on day one\" {\n"
                              "  kr ttv : time_to_first_value from 3d to 1d\n"
                              "  kr churn : mrr_churn_rate by -20%\n}\n",
                      PRELUDE "committed objective o \"Customers get value on day one\" {\n"
                              "  kr ttv : time_to_first_value from 3d to 12h\n"
                              "  kr churn : mrr_churn_rate by -10%\n}\n",
                      CYCLE_START + 10);
    size_t seen = 0;
    for (size_t i = 0; i < p->r.changes.len; i++) {
        const okr_diff_change *c = p->r.changes.items[i];
        if (c->what != OKR_DIFF_TARGET)
            continue;
        seen++;
        if (strcmp(c->key_result, "ttv") == 0) {
            assert_int_equal(c->movement, -1);
            assert_int_equal(c->harder, 1);
            assert_true(c->old_level == 86400 && c->new_level == 43200);
            assert_null(c->flag);
        } else {
            assert_int_equal(c->movement, 1);
            assert_int_equal(c->harder, -1);
            assert_non_null(c->flag);
            assert_int_equal(c->flag->code, OKR960);
        }
    }
    assert_int_equal(seen, 2);
    assert_int_equal(okr_diff_failing_flags(&p->r), 1);
    release(p);
}

static void test_flags_only_while_the_cycle_runs(void **state)
{
    (void)state;
    const char *old_text = PRELUDE "committed objective o \"Customers get value on day one\" {\n"
                                   "  kr ttv : time_to_first_value from 3d to 1d\n"
                                   "  kr act : d7_activation from 22% to 35%\n}\n";
    const char *new_text = PRELUDE "aspirational objective o \"Customers get value on day one\" {\n"
                                   "  kr ttv : time_to_first_value from 3d to 2d\n"
                                   "  kr act : d7_activation from 25% to 35%\n"
                                   "  counter cac at most 1400\n}\n";
    pair *before = compare(old_text, new_text, CYCLE_START - 1);
    assert_int_equal(okr_diff_failing_flags(&before->r), 0);
    assert_non_null(find(before, OKR_DIFF_TARGET));
    release(before);
    pair *during = compare(old_text, new_text, CYCLE_START);
    assert_int_equal(okr_diff_failing_flags(&during->r), 3);
    assert_int_equal(okr_diags_count_code(&during->r.flags, OKR960), 1);
    assert_int_equal(okr_diags_count_code(&during->r.flags, OKR961), 1);
    assert_int_equal(okr_diags_count_code(&during->r.flags, OKR962), 1);
    release(during);
}

static void test_cycle_change_is_not_a_moved_goalpost(void **state)
{
    (void)state;
    pair *p = compare(PRELUDE "committed objective o \"Customers get value on day one\" {\n"
                              "  kr ttv : time_to_first_value from 3d to 1d\n  kr b : trial_to_paid from 11% to 15%\n}\n",
                      "team t \"T\"\ncycle 2026-Q4\nuse std.product\nuse std.growth\n"
                      "committed objective o \"Customers get value on day one\" {\n"
                      "  kr ttv : time_to_first_value from 3d to 2d\n  kr b : trial_to_paid from 11% to 15%\n}\n",
                      CYCLE_START + 30);
    const okr_diff_change *c = find(p, OKR_DIFF_CYCLE);
    assert_non_null(c);
    assert_string_equal(c->old_text, "2026-Q3");
    assert_non_null(find(p, OKR_DIFF_TARGET));
    assert_int_equal(okr_diff_failing_flags(&p->r), 0);
    release(p);
}

static void test_suppressed_flag(void **state)
{
    (void)state;
    pair *p = compare(PRELUDE "aspirational objective o \"Customers get value on day one\" {\n"
                              "  kr ttv : time_to_first_value from 3d to 1d\n  kr b : trial_to_paid from 11% to 15%\n"
                              "  counter cac at most 1400\n}\n",
                      PRELUDE "aspirational objective o \"Customers get value on day one\" {\n"
                              "  kr ttv : time_to_first_value from 3d to 2d // okrc:allow OKR960 -- agreed\n"
                              "  kr b : trial_to_paid from 11% to 15%\n  counter cac at most 1400\n}\n",
                      CYCLE_START + 30);
    const okr_diff_change *c = find(p, OKR_DIFF_TARGET);
    assert_non_null(c);
    assert_non_null(c->flag);
    assert_true(c->flag->suppressed);
    assert_int_equal(okr_diff_failing_flags(&p->r), 0);
    /* The check of NEW does not call the suppression unused. */
    assert_int_equal(okr_diags_count_code(&p->new_prog.diags, OKR701), 0);
    release(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_similarity),
        cmocka_unit_test(test_objective_renamed_by_statement),
        cmocka_unit_test(test_kr_same_metric_matches_from_lower_similarity),
        cmocka_unit_test(test_target_judged_in_metric_direction),
        cmocka_unit_test(test_flags_only_while_the_cycle_runs),
        cmocka_unit_test(test_cycle_change_is_not_a_moved_goalpost),
        cmocka_unit_test(test_suppressed_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
