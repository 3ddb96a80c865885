/* test_grade_values.c: the value of a metric on a day and the scoring
 * forms of key results (runtime/grade.c), number by number.
 *
 * Each test checks a small program (grade_fixture.h), feeds a store by
 * hand, grades it as of one day and asserts exact results: latest values,
 * sums and means over windows, every scoring form in both metric
 * directions, relative targets, bounds (held, met, and the day a level
 * broke) and clamping. The numbers are chosen so the expected values can be
 * worked out by hand; the comments show the working. */
#include "grade_fixture.h"

/* ---- the value of a metric on a day ------------------------------------- */

static void test_value_latest(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : up from 0 to 100\n}\n");
    obs(f, "up", -2, 99);            /* before S: never counts */
    obs_at(f, "up", 0, 8 * 3600, 10);
    obs_at(f, "up", 0, 12 * 3600, 12); /* the day's last by timestamp */
    obs(f, "up", 2, 15);
    int ok;
    double v = value_at(f, "up", 0, -1, &ok);
    assert_false(ok);
    assert_near(v, 0);
    assert_near(value_at(f, "up", 0, 0, &ok), 12);
    assert_true(ok);
    assert_near(value_at(f, "up", 0, 1, &ok), 12); /* the latest day with data, carried forward */
    assert_near(value_at(f, "up", 0, 2, &ok), 15);
    assert_near(value_at(f, "up", 0, 9, &ok), 15);
    /* With an earlier cycle start the day before S counts. */
    assert_near(value_at(f, "up", -5, -1, &ok), 99);
    assert_true(ok);
    unload(f);
}

static void test_value_sum_over_7d(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : signups from 50 to 100\n}\n");
    obs(f, "signups", -1, 100); /* before S: outside every window of the cycle */
    obs(f, "signups", 0, 1);
    obs(f, "signups", 3, 2);
    obs(f, "signups", 7, 4);
    obs(f, "signups", 9, 8);
    int ok;
    assert_near(value_at(f, "signups", 0, 2, &ok), 1);  /* window S..S+2 */
    assert_near(value_at(f, "signups", 0, 6, &ok), 3);  /* S..S+6 */
    assert_near(value_at(f, "signups", 0, 7, &ok), 6);  /* S+1..S+7: day 0 left the window */
    assert_near(value_at(f, "signups", 0, 9, &ok), 14); /* S+3..S+9 */
    assert_near(value_at(f, "signups", 0, 10, &ok), 12); /* S+4..S+10 */
    assert_true(ok);
    unload(f);
}

static void test_value_mean_over_7d(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : resp from 60s to 30s\n}\n");
    obs_at(f, "resp", 0, 3600, 10);
    obs_at(f, "resp", 0, 7200, 20);
    obs(f, "resp", 3, 30);
    obs(f, "resp", 8, 40);
    int ok;
    assert_near(value_at(f, "resp", 0, 3, &ok), 20);  /* (10 + 20 + 30) / 3 */
    assert_near(value_at(f, "resp", 0, 8, &ok), 35);  /* S+2..S+8: (30 + 40) / 2 */
    assert_near(value_at(f, "resp", 0, 10, &ok), 40); /* S+4..S+10 */
    assert_true(ok);
    unload(f);
}

static void test_value_over_cycle_and_default_window(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : revenue from 100 to 500\n  kr b : rating from 3 to 4\n}\n");
    obs(f, "revenue", -3, 1000); /* before S */
    obs(f, "revenue", 0, 100);
    obs(f, "revenue", 5, 50);
    obs(f, "revenue", 9, 25);
    obs(f, "rating", 0, 3);
    obs(f, "rating", 6, 4);
    obs(f, "rating", 9, 5);
    int ok;
    assert_near(value_at(f, "revenue", 0, 4, &ok), 100);
    assert_near(value_at(f, "revenue", 0, 9, &ok), 175); /* S..S+9, the whole cycle */
    /* `aggregate mean` without `over` is the mean over the cycle so far. */
    assert_near(value_at(f, "rating", 0, 6, &ok), 3.5);
    assert_near(value_at(f, "rating", 0, 9, &ok), 4);
    unload(f);
}

static void test_value_window_rounds_up_to_days(void **state)
{
    (void)state;
    /* over 36h: ceil(1.5) = 2 days. */
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : bookings from 2 to 10\n}\n");
    obs(f, "bookings", 0, 1);
    obs(f, "bookings", 1, 2);
    obs(f, "bookings", 2, 4);
    int ok;
    assert_near(value_at(f, "bookings", 0, 1, &ok), 3);
    assert_near(value_at(f, "bookings", 0, 2, &ok), 6);
    double v = value_at(f, "bookings", 0, 5, &ok); /* S+4..S+5: nothing observed */
    assert_false(ok);
    assert_near(v, 0);
    unload(f);
}

/* The table of spec.md "The value of a metric on a day", cell by cell. */
static void test_value_spec_table(void **state)
{
    (void)state;
    static const char *const metrics[] = {"up", "signups", "resp", "revenue", "bookings"};
    /* Columns: Jul 3, Jul 7, Jul 8, Jul 10 (offsets 2, 6, 7, 9); -1: none. */
    static const double expected[][4] = {
        {1, 2, 4, 8}, {1, 3, 6, 14}, {1, 1.5, 3, 14.0 / 3}, {1, 3, 7, 15}, {-1, -1, 4, 8},
    };
    static const long columns[] = {2, 6, 7, 9};
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : up from 0 to 100\n}\n");
    for (size_t m = 0; m < 5; m++) {
        obs(f, metrics[m], -1, 100);
        obs(f, metrics[m], 0, 1);
        obs(f, metrics[m], 3, 2);
        obs(f, metrics[m], 7, 4);
        obs(f, metrics[m], 9, 8);
    }
    for (size_t m = 0; m < 5; m++) {
        for (size_t c = 0; c < 4; c++) {
            int ok;
            double v = value_at(f, metrics[m], 0, columns[c], &ok);
            if (expected[m][c] < 0)
                assert_false(ok);
            else
                assert_near(v, expected[m][c]);
        }
    }
    unload(f);
}

/* ---- scoring forms -------------------------------------------------------- */

static void test_from_to_increasing(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : act from 20% to 30%\n}\n");
    obs(f, "act", 0, 21);
    obs(f, "act", 3, 26);
    grade(f, 9);
    okr_kr_grade *g = only_kr(f, "o", "a");
    assert_true(g->has_baseline && g->has_target && g->has_current && g->has_score);
    assert_near(g->baseline, 20);
    assert_near(g->target, 30);
    assert_near(g->current, 26);
    assert_near(g->progress, 0.6); /* (26 - 20) / (30 - 20) */
    assert_near(g->score, 0.6);
    assert_int_equal(g->observations, 2);
    assert_int_equal(objective(f, "o")->verdict, OKR_VERDICT_PARTIAL);
    unload(f);
}

static void test_from_to_decreasing(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : lat from 500s to 300s\n  kr b : lat from 2min to 1min\n}\n");
    obs(f, "lat", 4, 400);
    obs(f, "lat", 5, 90);
    grade(f, 4);
    okr_kr_grade *a = only_kr(f, "o", "a");
    assert_near(a->baseline, 500);
    assert_near(a->target, 300);
    assert_near(a->score, 0.5); /* (400 - 500) / (300 - 500) */
    grade(f, 5);
    okr_kr_grade *b = only_kr(f, "o", "b"); /* 2min = 120 s .. 60 s, at 90 s */
    assert_near(b->baseline, 120);
    assert_near(b->target, 60);
    assert_near(b->score, 0.5);
    unload(f);
}

static void test_by_relative_increasing(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : up by +50%\n}\n");
    obs(f, "up", -1, 10);              /* before S: not the baseline */
    obs_at(f, "up", 1, 8 * 3600, 200); /* the first observation at or after S */
    obs_at(f, "up", 1, 20 * 3600, 210);
    obs(f, "up", 5, 250);
    grade(f, 9);
    okr_kr_grade *g = only_kr(f, "o", "a");
    assert_near(g->baseline, 200);
    assert_near(g->target, 300); /* 200 * 1.5 */
    assert_near(g->score, 0.5);
    unload(f);
}

static void test_by_relative_decreasing(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : down by -40%\n}\n");
    obs(f, "down", 0, 100);
    obs(f, "down", 6, 80);
    grade(f, 9);
    okr_kr_grade *g = only_kr(f, "o", "a");
    assert_near(g->baseline, 100);
    assert_near(g->target, 60);
    assert_near(g->score, 0.5); /* (80 - 100) / (60 - 100) */
    unload(f);
}

static void test_by_points_both_directions(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : act by +5pp\n  kr b : churn by -2pp\n}\n");
    obs(f, "act", 0, 20);
    obs(f, "act", 8, 24);
    obs(f, "churn", 0, 5);
    obs(f, "churn", 8, 4.5);
    grade(f, 9);
    okr_kr_grade *a = only_kr(f, "o", "a");
    assert_near(a->target, 25);
    assert_near(a->score, 0.8);
    okr_kr_grade *b = only_kr(f, "o", "b");
    assert_near(b->target, 3);
    assert_near(b->score, 0.25); /* (4.5 - 5) / (3 - 5) */
    unload(f);
}

static void test_by_absolute_both_directions(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : up by +50\n  kr b : down by -20\n}\n");
    obs(f, "up", 0, 100);
    obs(f, "up", 8, 130);
    obs(f, "down", 0, 100);
    obs(f, "down", 8, 95);
    grade(f, 9);
    okr_kr_grade *a = only_kr(f, "o", "a");
    assert_near(a->target, 150);
    assert_near(a->score, 0.6);
    okr_kr_grade *b = only_kr(f, "o", "b");
    assert_near(b->target, 80);
    assert_near(b->score, 0.25);
    unload(f);
}

static void test_by_relative_of_zero_has_no_score(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : up by +10%\n}\n");
    obs(f, "up", 0, 0);
    obs(f, "up", 5, 7);
    grade(f, 9);
    okr_kr_grade *g = only_kr(f, "o", "a");
    assert_true(g->has_baseline && g->has_target && g->has_current);
    assert_near(g->target, 0); /* T == B: nothing to score against */
    assert_false(g->has_score);
    okr_objective_grade *og = objective(f, "o");
    assert_false(og->has_score);
    assert_int_equal(og->graded, 0);
    assert_int_equal(og->verdict, OKR_VERDICT_NO_DATA);
    unload(f);
}

static void test_relative_target_rounding_still_reaches(void **state)
{
    (void)state;
    /* 200 * 1.1 is 220.00000000000003 in binary: 220 must still pass. */
    fixture *f = load(PRELUDE COM_OPEN "  kr a : up by +10%\n}\n");
    obs(f, "up", 0, 200);
    obs(f, "up", 9, 220);
    grade(f, 9);
    okr_kr_grade *g = only_kr(f, "c", "a");
    assert_true(g->score == 1.0);
    assert_int_equal(objective(f, "c")->verdict, OKR_VERDICT_PASSED);
    assert_int_equal(f->res.committed_failed, 0);
    unload(f);
}

static void test_bounds_at_least_at_most(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE COM_OPEN "  kr av : avail at least 99.9%\n  kr p99 : lat at most 300ms\n}\n");
    obs(f, "avail", 0, 99.95);
    obs(f, "lat", 0, 0.25);
    obs(f, "avail", 5, 99.8);
    obs(f, "lat", 5, 0.35);
    grade(f, 4);
    okr_kr_grade *av = only_kr(f, "c", "av");
    okr_kr_grade *p99 = only_kr(f, "c", "p99");
    assert_true(av->is_bound && av->met && av->held);
    assert_near(av->target, 99.9);
    assert_near(av->score, 1);
    assert_true(p99->is_bound && p99->met && p99->held);
    assert_near(p99->target, 0.3); /* 300ms in seconds */
    assert_near(p99->score, 1);
    /* Broken on the second of two observed days: held on half of them. */
    grade(f, 9);
    av = only_kr(f, "c", "av");
    p99 = only_kr(f, "c", "p99");
    assert_false(av->met);
    assert_false(av->held);
    assert_false(av->holds_now);
    assert_near(av->score, 0.5);
    assert_near(av->progress, 0.5);
    assert_false(p99->met);
    assert_near(p99->score, 0.5);
    assert_int_equal(objective(f, "c")->verdict, OKR_VERDICT_FAILED);
    unload(f);
}

static void test_bound_held_uses_daily_extremes(void **state)
{
    (void)state;
    /* Day 2 dipped to 99.5 and recovered: it holds now, but a level is met
     * only if it held on every observed day: 2 of 3, and the committed
     * objective fails. */
    fixture *f = load(PRELUDE COM_OPEN "  kr av : avail at least 99.9%\n}\n");
    obs(f, "avail", 0, 99.95);
    obs_at(f, "avail", 2, 3600, 99.5);
    obs_at(f, "avail", 2, 7200, 99.99);
    obs(f, "avail", 3, 99.97);
    grade(f, 9);
    okr_kr_grade *g = only_kr(f, "c", "av");
    assert_true(g->holds_now);
    assert_false(g->met);
    assert_false(g->held);
    assert_int_equal(g->observed_days, 3);
    assert_int_equal(g->breach_days, 1);
    assert_near(g->worst, 99.5);
    assert_int_equal(g->recovered_day, f->s + 3);
    assert_near(g->score, 2.0 / 3);
    assert_int_equal(objective(f, "c")->verdict, OKR_VERDICT_FAILED);
    unload(f);
}

/* The day a level broke: the first day S..eff whose checked value (the
 * day's minimum for `at least`, maximum for `at most`, the window value
 * for sum/mean) lies beyond the bound by more than the tolerance, the
 * same day the reports name ("breached on"). */
static void test_bound_breach_day(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE COM_OPEN "  kr av : avail at least 99.9%\n"
                                       "  kr p99 : lat at most 300ms\n"
                                       "  kr ret : returns at most 10\n"
                                       "  kr paid : paid at least 20%\n}\n" LRN_OPEN
                                       "  hypothesis cap : refunds at most 5\n}\n");
    obs(f, "avail", 0, 99.95);
    obs_at(f, "avail", 2, 3600, 99.5); /* the day's minimum breaks it... */
    obs_at(f, "avail", 2, 7200, 99.99);
    obs(f, "avail", 5, 99.0);          /* ...before this day does again */
    obs(f, "avail", 6, 99.95);
    obs(f, "lat", 1, 0.2);
    obs(f, "lat", 4, 0.31);
    obs(f, "lat", 5, 0.25);
    obs(f, "returns", 0, 4);           /* sums over 7d: 4, 8, 11 */
    obs(f, "returns", 2, 4);
    obs(f, "returns", 3, 3);
    obs(f, "paid", 0, 25);
    obs(f, "paid", 8, 10);             /* after the effective day (lag 2d): not seen */
    obs(f, "refunds", 1, 4);
    obs(f, "refunds", 7, 7);
    grade(f, 9);
    okr_kr_grade *av = only_kr(f, "c", "av");
    assert_true(av->holds_now);
    assert_false(av->met || av->held);
    assert_true(av->has_breach_day);
    assert_int_equal(av->breach_day, f->s + 2);
    assert_int_equal(av->breach_days, 2);
    assert_int_equal(av->recovered_day, f->s + 6);
    okr_kr_grade *p99 = only_kr(f, "c", "p99");
    assert_true(p99->holds_now && !p99->met && !p99->held && p99->has_breach_day);
    assert_int_equal(p99->breach_day, f->s + 4);
    okr_kr_grade *ret = only_kr(f, "c", "ret");
    assert_true(ret->has_breach_day);
    assert_int_equal(ret->breach_day, f->s + 3);
    okr_kr_grade *paid = only_kr(f, "c", "paid");
    assert_int_equal(paid->effective_day, f->s + 7);
    assert_true(paid->held);
    assert_false(paid->has_breach_day);
    okr_kr_grade *cap = only_kr(f, "l", "cap"); /* hypotheses too */
    assert_false(cap->held);
    assert_true(cap->has_breach_day);
    assert_int_equal(cap->breach_day, f->s + 7);
    unload(f);
}

/* Within the tolerance a value equal to the bound in decimal holds it. */
static void test_bound_breach_day_tolerance(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE COM_OPEN "  kr av : avail at least 99.9%\n  kr p99 : lat at most 300ms\n}\n");
    obs(f, "avail", 0, 99.9 - 5e-8); /* slack is 1e-9 * 99.9 */
    obs(f, "lat", 0, 0.3 + 5e-10);   /* slack is 1e-9 */
    grade(f, 3);
    okr_kr_grade *av = only_kr(f, "c", "av");
    assert_true(av->met && av->held);
    assert_false(av->has_breach_day);
    okr_kr_grade *p99 = only_kr(f, "c", "p99");
    assert_true(p99->met && p99->held);
    assert_false(p99->has_breach_day);
    obs(f, "avail", 1, 99.9 - 2e-7);
    obs(f, "lat", 2, 0.3 + 2e-9);
    grade(f, 3);
    av = only_kr(f, "c", "av");
    assert_false(av->held);
    assert_true(av->has_breach_day);
    assert_int_equal(av->breach_day, f->s + 1);
    p99 = only_kr(f, "c", "p99");
    assert_true(p99->has_breach_day);
    assert_int_equal(p99->breach_day, f->s + 2);
    unload(f);
}

static void test_clamping_increasing(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : act from 20% to 30%\n}\n");
    obs(f, "act", 2, 35);
    obs(f, "act", 5, 15);
    grade(f, 2);
    okr_kr_grade *g = only_kr(f, "o", "a");
    assert_near(g->progress, 1.5);
    assert_near(g->score, 1.0);
    grade(f, 5);
    g = only_kr(f, "o", "a");
    assert_near(g->progress, -0.5);
    assert_near(g->score, 0.0);
    assert_true(g->has_score); /* a score of 0 with data is a real 0 */
    unload(f);
}

static void test_clamping_decreasing(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : lat from 500s to 300s\n}\n");
    obs(f, "lat", 2, 200);
    obs(f, "lat", 5, 600);
    grade(f, 2);
    okr_kr_grade *g = only_kr(f, "o", "a");
    assert_near(g->progress, 1.5);
    assert_near(g->score, 1.0);
    grade(f, 5);
    g = only_kr(f, "o", "a");
    assert_near(g->progress, -0.5);
    assert_near(g->score, 0.0);
    unload(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_latest),
        cmocka_unit_test(test_value_sum_over_7d),
        cmocka_unit_test(test_value_mean_over_7d),
        cmocka_unit_test(test_value_over_cycle_and_default_window),
        cmocka_unit_test(test_value_window_rounds_up_to_days),
        cmocka_unit_test(test_value_spec_table),
        cmocka_unit_test(test_from_to_increasing),
        cmocka_unit_test(test_from_to_decreasing),
        cmocka_unit_test(test_by_relative_increasing),
        cmocka_unit_test(test_by_relative_decreasing),
        cmocka_unit_test(test_by_points_both_directions),
        cmocka_unit_test(test_by_absolute_both_directions),
        cmocka_unit_test(test_by_relative_of_zero_has_no_score),
        cmocka_unit_test(test_relative_target_rounding_still_reaches),
        cmocka_unit_test(test_bounds_at_least_at_most),
        cmocka_unit_test(test_bound_held_uses_daily_extremes),
        cmocka_unit_test(test_bound_breach_day),
        cmocka_unit_test(test_bound_breach_day_tolerance),
        cmocka_unit_test(test_clamping_increasing),
        cmocka_unit_test(test_clamping_decreasing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
