/* test_grade_verdicts.c: objective verdicts and counter-metrics
 * (runtime/grade.c), number by number.
 *
 * Committed, aspirational and learning verdicts and their band edges,
 * weights, missing data, hypotheses, and counter-metric breaches (bounds,
 * `no worse than baseline`, windows). The small program and the helpers are
 * grade_fixture.h's; the comments show the working. */
#include "grade_fixture.h"

/* ---- archetype verdicts --------------------------------------------------- */

static void test_committed_passed(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE COM_OPEN "  kr av : avail at least 99.9%\n  kr faster : lat from 500s to 300s\n}\n");
    obs(f, "avail", 0, 99.95);
    obs(f, "lat", 0, 450);
    obs(f, "lat", 8, 280);
    grade(f, 9);
    okr_objective_grade *og = objective(f, "c");
    assert_int_equal(og->verdict, OKR_VERDICT_PASSED);
    assert_near(og->score, 1.0);
    assert_int_equal(og->graded, 2);
    assert_false(og->target_too_low); /* aspirational only */
    assert_int_equal(f->res.committed_failed, 0);
    unload(f);
}

static void test_committed_failed_after_cycle(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE COM_OPEN "  kr av : avail at least 99.9%\n  kr faster : lat from 500s to 300s\n}\n");
    obs(f, "avail", 0, 99.95);
    obs(f, "lat", 8, 400);
    grade(f, 20);
    okr_objective_grade *og = objective(f, "c");
    assert_int_equal(og->verdict, OKR_VERDICT_FAILED);
    assert_near(og->score, 0.75); /* (1 + 0.5) / 2 */
    assert_int_equal(f->res.committed_failed, 1);
    unload(f);
}

static void test_committed_failed_mid_cycle_counts_only_broken_bounds(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE COM_OPEN "  kr av : avail at least 99.9%\n  kr faster : lat from 500s to 300s\n}\n");
    obs(f, "avail", 0, 99.95);
    obs(f, "lat", 2, 400);
    grade(f, 4);
    /* The move is incomplete mid-cycle: no verdict yet, judged by its
     * check-in status instead, and not a failure. */
    assert_int_equal(objective(f, "c")->verdict, OKR_VERDICT_NONE);
    assert_true(objective(f, "c")->status != OKR_STATUS_NONE);
    assert_true(objective(f, "c")->in_progress);
    assert_int_equal(f->res.committed_failed, 0);
    /* The level breaks: that is a failure now. */
    obs(f, "avail", 4, 99.5);
    grade(f, 4);
    assert_int_equal(objective(f, "c")->verdict, OKR_VERDICT_FAILED);
    assert_int_equal(f->res.committed_failed, 1);
    /* Recovered by day 5: it holds again, but the committed level did not
     * hold, so the objective has failed and still counts. */
    obs(f, "avail", 5, 99.95);
    grade(f, 5);
    assert_false(only_kr(f, "c", "av")->held);
    assert_true(only_kr(f, "c", "av")->holds_now);
    assert_int_equal(objective(f, "c")->verdict, OKR_VERDICT_FAILED);
    assert_int_equal(f->res.committed_failed, 1);
    unload(f);
}

static void test_committed_missing_data_fails(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE COM_OPEN "  kr av : avail at least 99.9%\n  kr p99 : lat at most 300ms\n}\n");
    obs(f, "avail", 0, 99.95);
    grade(f, 9);
    okr_objective_grade *og = objective(f, "c");
    assert_int_equal(only_kr(f, "c", "p99")->verdict, OKR_VERDICT_NO_DATA);
    assert_near(og->score, 1.0); /* the mean of the KRs with a score */
    assert_int_equal(og->graded, 1);
    assert_int_equal(og->verdict, OKR_VERDICT_FAILED); /* PASSED needs every KR at 1.0 */
    assert_int_equal(f->res.committed_failed, 1);
    unload(f);
}

static void aspirational_case(double current, okr_verdict verdict, int too_low, double score)
{
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : up from 0 to 10\n}\n");
    obs(f, "up", 3, current);
    grade(f, 9);
    okr_objective_grade *og = objective(f, "o");
    if (og->verdict != verdict || og->target_too_low != too_low)
        fail_msg("current %g: verdict %s, too low %d", current, okr_verdict_name(og->verdict), og->target_too_low);
    assert_near(og->score, score);
    unload(f);
}

static void test_aspirational_bands(void **state)
{
    (void)state;
    aspirational_case(7, OKR_VERDICT_SUCCESS, 0, 0.7);   /* exactly 0.7 */
    aspirational_case(6.9, OKR_VERDICT_PARTIAL, 0, 0.69);
    aspirational_case(4, OKR_VERDICT_PARTIAL, 0, 0.4);   /* exactly 0.4 */
    aspirational_case(3.9, OKR_VERDICT_MISSED, 0, 0.39);
    aspirational_case(0, OKR_VERDICT_MISSED, 0, 0);
    aspirational_case(9.9, OKR_VERDICT_SUCCESS, 0, 0.99);
    aspirational_case(10, OKR_VERDICT_SUCCESS, 1, 1.0);  /* target too low */
    aspirational_case(12, OKR_VERDICT_SUCCESS, 1, 1.0);  /* overshoot clamps to 1.0 */
}

static void test_aspirational_mean_on_band_edge(void **state)
{
    (void)state;
    /* Three KRs at exactly 0.7: their mean is 0.6999999999999998 in binary,
     * and must still be a success. */
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : up from 0 to 10\n  kr b : act from 20% to 30%\n"
                                       "  kr c : down from 100 to 50\n}\n");
    obs(f, "up", 3, 7);
    obs(f, "act", 3, 27);
    obs(f, "down", 3, 65);
    grade(f, 9);
    okr_objective_grade *og = objective(f, "o");
    assert_true(og->score < 0.7);
    assert_near(og->score, 0.7);
    assert_int_equal(og->verdict, OKR_VERDICT_SUCCESS);
    unload(f);
}

static void test_weights(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : up from 0 to 10 weight 3\n  kr b : act from 20% to 30%\n}\n");
    obs(f, "up", 3, 5);   /* 0.5, weight 3 */
    obs(f, "act", 3, 30); /* 1.0, weight 1 */
    grade(f, 9);
    okr_objective_grade *og = objective(f, "o");
    assert_near(og->score, 0.625); /* (3 * 0.5 + 1 * 1.0) / 4; unweighted it would be 0.75 */
    assert_int_equal(og->verdict, OKR_VERDICT_PARTIAL);
    assert_int_equal(og->graded, 2);
    unload(f);
}

static void test_no_data_is_excluded_never_zero(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : up from 0 to 10\n  kr b : act from 20% to 30%\n"
                                       "  kr c : down from 100 to 50\n}\n");
    obs(f, "up", 3, 5);
    bind(f, "down"); /* a feed has the metric, but no rows */
    grade(f, 9);
    okr_objective_grade *og = objective(f, "o");
    okr_kr_grade *b = kr_grade(og, "b");
    okr_kr_grade *c = kr_grade(og, "c");
    assert_null(b->series);
    assert_non_null(c->series);
    assert_int_equal(b->verdict, OKR_VERDICT_NO_DATA);
    assert_int_equal(c->verdict, OKR_VERDICT_NO_DATA);
    assert_false(b->has_score || c->has_score || b->has_current || c->has_current);
    assert_int_equal(og->graded, 1);
    assert_near(og->score, 0.5); /* not (0.5 + 0 + 0) / 3 */
    assert_int_equal(og->verdict, OKR_VERDICT_PARTIAL);
    unload(f);
}

static void test_objective_without_data(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : up from 0 to 10\n}\n");
    grade(f, 9);
    okr_objective_grade *og = objective(f, "o");
    assert_false(og->has_score);
    assert_int_equal(og->graded, 0);
    assert_int_equal(og->verdict, OKR_VERDICT_NO_DATA);
    assert_int_equal(only_kr(f, "o", "a")->status, OKR_STATUS_NONE);
    unload(f);
}

/* ---- learning ------------------------------------------------------------- */

#define LEARNING                                                              \
    PRELUDE LRN_OPEN "  hypothesis lift : act from ? to 30%\n"                \
                     "  hypothesis churn_ok : churn from ? to 2%\n"           \
                     "  hypothesis cap : refunds at most 5\n}\n"

static void test_learning_confirmed(void **state)
{
    (void)state;
    fixture *f = load(LEARNING);
    obs_at(f, "act", 0, 8 * 3600, 20);
    obs_at(f, "act", 0, 20 * 3600, 22); /* `from ?` takes the first observation: 20, not 22 */
    obs(f, "act", 5, 31);
    obs(f, "churn", 0, 5);
    obs(f, "churn", 3, 1.9);
    obs(f, "refunds", 2, 4);
    grade(f, 6);
    okr_objective_grade *og = objective(f, "l");
    okr_kr_grade *lift = kr_grade(og, "lift");
    assert_near(lift->baseline, 20);
    assert_near(kr_grade(og, "churn_ok")->baseline, 5);
    assert_int_equal(lift->verdict, OKR_VERDICT_CONFIRMED);
    assert_int_equal(kr_grade(og, "churn_ok")->verdict, OKR_VERDICT_CONFIRMED);
    assert_int_equal(kr_grade(og, "cap")->verdict, OKR_VERDICT_CONFIRMED);
    assert_false(lift->has_score); /* never a percentage */
    assert_int_equal(lift->status, OKR_STATUS_NONE);
    assert_int_equal(og->verdict, OKR_VERDICT_CONFIRMED);
    assert_false(og->has_score);
    assert_int_equal(og->graded, 3);
    unload(f);
}

static void test_learning_open_mid_cycle(void **state)
{
    (void)state;
    fixture *f = load(LEARNING);
    obs(f, "act", 0, 20);
    obs(f, "act", 3, 25);
    obs(f, "churn", 0, 5);
    obs(f, "churn", 3, 1.5);
    bind(f, "refunds"); /* no rows yet: open mid-cycle */
    grade(f, 4);
    okr_objective_grade *og = objective(f, "l");
    assert_int_equal(kr_grade(og, "lift")->verdict, OKR_VERDICT_OPEN);
    assert_int_equal(kr_grade(og, "churn_ok")->verdict, OKR_VERDICT_CONFIRMED);
    assert_int_equal(kr_grade(og, "cap")->verdict, OKR_VERDICT_OPEN);
    assert_int_equal(og->verdict, OKR_VERDICT_OPEN);
    unload(f);
}

static void test_learning_refuted_and_inconclusive(void **state)
{
    (void)state;
    fixture *f = load(LEARNING);
    obs(f, "act", 0, 20); /* three observations, never reached 30%: refuted */
    obs(f, "act", 3, 25);
    obs(f, "act", 6, 27);
    obs(f, "churn", 0, 5); /* two observations: inconclusive */
    obs(f, "churn", 6, 4);
    bind(f, "refunds");    /* no rows at all after the cycle: inconclusive */
    grade(f, 9);
    okr_objective_grade *og = objective(f, "l");
    assert_int_equal(kr_grade(og, "lift")->verdict, OKR_VERDICT_REFUTED);
    assert_int_equal(kr_grade(og, "lift")->observations, 3);
    assert_int_equal(kr_grade(og, "churn_ok")->verdict, OKR_VERDICT_INCONCLUSIVE);
    assert_int_equal(kr_grade(og, "cap")->verdict, OKR_VERDICT_INCONCLUSIVE);
    assert_int_equal(og->verdict, OKR_VERDICT_REFUTED);
    unload(f);
}

static void test_learning_objective_verdict_rules(void **state)
{
    (void)state;
    /* confirmed + inconclusive (and one without a feed) -> inconclusive */
    fixture *f = load(LEARNING);
    obs(f, "act", 0, 20);
    obs(f, "act", 6, 30);
    obs(f, "churn", 6, 4);
    grade(f, 9);
    okr_objective_grade *og = objective(f, "l");
    assert_int_equal(kr_grade(og, "lift")->verdict, OKR_VERDICT_CONFIRMED);
    assert_int_equal(kr_grade(og, "churn_ok")->verdict, OKR_VERDICT_INCONCLUSIVE);
    assert_int_equal(kr_grade(og, "cap")->verdict, OKR_VERDICT_NO_DATA); /* no feed has it */
    assert_int_equal(og->graded, 2);
    assert_int_equal(og->verdict, OKR_VERDICT_INCONCLUSIVE);
    unload(f);
    /* no feed for any hypothesis -> no data */
    f = load(LEARNING);
    grade(f, 9);
    assert_int_equal(objective(f, "l")->verdict, OKR_VERDICT_NO_DATA);
    unload(f);
}

static void test_learning_bound_hypothesis_refuted(void **state)
{
    (void)state;
    fixture *f = load(LEARNING);
    obs(f, "refunds", 1, 4);
    obs(f, "refunds", 4, 6);
    obs(f, "refunds", 7, 7);
    grade(f, 9);
    okr_kr_grade *cap = only_kr(f, "l", "cap");
    assert_false(cap->met);
    assert_false(cap->held);
    assert_int_equal(cap->verdict, OKR_VERDICT_REFUTED);
    unload(f);
}

/* ---- counter-metrics ------------------------------------------------------ */

static okr_counter_grade *counter_of(okr_objective_grade *og, const char *metric)
{
    for (size_t i = 0; i < og->counter_count; i++) {
        if (strcmp(og->counters[i].counter->metric->text, metric) == 0)
            return &og->counters[i];
    }
    fail_msg("no counter-metric '%s'", metric);
    return NULL;
}

static void test_counter_at_least_breach(void **state)
{
    (void)state;
    fixture *f = load(GUARDED);
    obs(f, "act", 0, 30);
    obs(f, "csat", 0, 85);
    obs_at(f, "csat", 2, 8 * 3600, 90);
    obs_at(f, "csat", 2, 12 * 3600, 78); /* the day's minimum breaks the bound */
    obs_at(f, "csat", 2, 20 * 3600, 88);
    obs(f, "csat", 4, 75);
    obs(f, "csat", 5, 86);
    grade(f, 9);
    okr_objective_grade *og = objective(f, "o");
    okr_counter_grade *c = counter_of(og, "csat");
    assert_true(c->has_bound);
    assert_near(c->bound, 80);
    assert_true(c->breached);
    assert_int_equal(c->breach_day, f->s + 2);
    assert_near(c->worst, 75);
    assert_true(c->has_current);
    assert_near(c->current, 86);
    assert_int_equal(c->observations, 6);
    assert_false(og->healthy);
    assert_int_equal(og->verdict, OKR_VERDICT_SUCCESS); /* unhealthy whatever the score */
    assert_true(og->target_too_low);
    assert_int_equal(f->res.breaches, 1);
    unload(f);
}

static void test_counter_at_most(void **state)
{
    (void)state;
    fixture *f = load(GUARDED);
    obs(f, "refunds", 0, 8);
    obs(f, "refunds", 3, 9);
    obs(f, "refunds", 6, 7);
    grade(f, 9);
    okr_counter_grade *c = counter_of(objective(f, "o"), "refunds");
    assert_false(c->breached);
    assert_near(c->worst, 9);
    assert_true(objective(f, "o")->healthy);
    obs(f, "refunds", 7, 12);
    obs(f, "refunds", 8, 11);
    grade(f, 9);
    c = counter_of(objective(f, "o"), "refunds");
    assert_true(c->breached);
    assert_int_equal(c->breach_day, f->s + 7);
    assert_near(c->worst, 12);
    assert_near(c->current, 11);
    assert_false(objective(f, "o")->healthy);
    assert_int_equal(f->res.breaches, 1);
    unload(f);
}

static void test_counter_no_worse_than_baseline(void **state)
{
    (void)state;
    fixture *f = load(GUARDED);
    /* nps (increasing): baseline 40, the first observation; now 38: worse. */
    obs_at(f, "nps", 0, 8 * 3600, 40);
    obs_at(f, "nps", 0, 20 * 3600, 45);
    obs(f, "nps", 3, 35);
    obs(f, "nps", 5, 38);
    /* down (decreasing): baseline 100, spiked to 120, now 95: not worse. */
    obs(f, "down", 0, 100);
    obs(f, "down", 2, 120);
    obs(f, "down", 6, 95);
    grade(f, 9);
    okr_objective_grade *og = objective(f, "o");
    okr_counter_grade *nps = counter_of(og, "nps");
    assert_true(nps->has_bound);
    assert_near(nps->bound, 40);
    assert_near(nps->current, 38);
    assert_true(nps->breached);
    assert_int_equal(nps->breach_day, f->s + 3); /* worse since day 3 */
    assert_near(nps->worst, 35);
    okr_counter_grade *down = counter_of(og, "down");
    assert_near(down->bound, 100);
    assert_false(down->breached);
    assert_near(down->worst, 120);
    assert_false(og->healthy);
    assert_int_equal(f->res.breaches, 1);
    unload(f);
}

static void test_counter_no_worse_recovered(void **state)
{
    (void)state;
    fixture *f = load(GUARDED);
    obs(f, "nps", 0, 40);
    obs(f, "nps", 3, 30);
    obs(f, "nps", 6, 40); /* back to the baseline: not worse */
    grade(f, 9);
    okr_counter_grade *nps = counter_of(objective(f, "o"), "nps");
    assert_false(nps->breached);
    assert_near(nps->worst, 30);
    assert_true(objective(f, "o")->healthy);
    unload(f);
}

static void test_counter_without_data(void **state)
{
    (void)state;
    fixture *f = load(GUARDED);
    bind(f, "csat");
    grade(f, 9);
    okr_objective_grade *og = objective(f, "o");
    okr_counter_grade *csat = counter_of(og, "csat");
    okr_counter_grade *refunds = counter_of(og, "refunds");
    assert_non_null(csat->series);
    assert_null(refunds->series);
    assert_false(csat->breached || csat->has_current || refunds->breached || refunds->has_current);
    assert_int_equal(csat->observations, 0);
    assert_true(og->healthy);
    assert_int_equal(f->res.breaches, 0);
    unload(f);
}

static void test_counter_window_value(void **state)
{
    (void)state;
    /* returns: sum over 7d. No single row exceeds 10; the weekly sum does. */
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : act from 20% to 30%\n  counter returns at most 10\n}\n");
    obs(f, "returns", 0, 4);
    obs(f, "returns", 2, 4);
    obs(f, "returns", 4, 4);
    grade(f, 9);
    okr_counter_grade *c = counter_of(objective(f, "o"), "returns");
    assert_true(c->breached);
    assert_int_equal(c->breach_day, f->s + 4); /* 4, 8, 12 */
    assert_near(c->worst, 12);
    assert_near(c->current, 4); /* S+3..S+9 holds only day 4 */
    unload(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_committed_passed),
        cmocka_unit_test(test_committed_failed_after_cycle),
        cmocka_unit_test(test_committed_failed_mid_cycle_counts_only_broken_bounds),
        cmocka_unit_test(test_committed_missing_data_fails),
        cmocka_unit_test(test_aspirational_bands),
        cmocka_unit_test(test_aspirational_mean_on_band_edge),
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_no_data_is_excluded_never_zero),
        cmocka_unit_test(test_objective_without_data),
        cmocka_unit_test(test_learning_confirmed),
        cmocka_unit_test(test_learning_open_mid_cycle),
        cmocka_unit_test(test_learning_refuted_and_inconclusive),
        cmocka_unit_test(test_learning_objective_verdict_rules),
        cmocka_unit_test(test_learning_bound_hypothesis_refuted),
        cmocka_unit_test(test_counter_at_least_breach),
        cmocka_unit_test(test_counter_at_most),
        cmocka_unit_test(test_counter_no_worse_than_baseline),
        cmocka_unit_test(test_counter_no_worse_recovered),
        cmocka_unit_test(test_counter_without_data),
        cmocka_unit_test(test_counter_window_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
