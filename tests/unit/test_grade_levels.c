/* test_grade_levels.c: levels as promises to hold, check-ins with missing
 * data, and values that are not finite numbers (runtime/grade.c).
 *
 * A level (`at least` / `at most`) is met only if it held on every
 * observed day of the graded window; its score is the share of observed
 * days it held, so a dip below a committed floor fails the objective even
 * when the metric recovered. A counter-metric that breached and recovered
 * records the day it recovered. Mid-cycle, an objective with a key result
 * that has no score is "incomplete", never "on track". A value or an
 * aggregate that is not a finite number is never scored: the key result
 * or counter-metric has no current value, and grading says why. The small
 * program and the helpers are grade_fixture.h's. */
#include "grade_fixture.h"

#include <float.h>

/* ---- levels ---------------------------------------------------------------- */

/* Ten observed days; days 3..6 below the floor (worst 97 on day 4), held
 * again from day 7: met = held = 0, score 6/10, the committed objective
 * fails at the cycle's end. */
static void test_level_dip_fails_committed(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE COM_OPEN "  kr av : avail at least 99.9%\n  kr p99 : lat at most 300ms\n}\n");
    const double av[] = {99.95, 99.95, 99.95, 98, 97, 98, 98, 99.95, 99.95, 99.95};
    for (long d = 0; d < 10; d++) {
        obs(f, "avail", d, av[d]);
        obs(f, "lat", d, 0.25);
    }
    grade(f, 20);
    okr_kr_grade *g = only_kr(f, "c", "av");
    assert_true(g->has_current && g->holds_now);
    assert_false(g->met);
    assert_false(g->held);
    assert_int_equal(g->observed_days, 10);
    assert_int_equal(g->breach_days, 4);
    assert_true(g->has_breach_day);
    assert_int_equal(g->breach_day, f->s + 3);
    assert_true(g->has_worst);
    assert_near(g->worst, 97);
    assert_true(g->has_recovered_day);
    assert_int_equal(g->recovered_day, f->s + 7);
    assert_near(g->score, 0.6);
    okr_kr_grade *p = only_kr(f, "c", "p99");
    assert_true(p->met && p->held && p->holds_now);
    assert_near(p->score, 1);
    assert_int_equal(p->breach_days, 0);
    assert_false(p->has_recovered_day);
    okr_objective_grade *og = objective(f, "c");
    assert_near(og->score, 0.8);
    assert_int_equal(og->verdict, OKR_VERDICT_FAILED);
    assert_int_equal(f->res.committed_failed, 1);
    unload(f);
}

/* A level broken on the last observed day has not recovered. */
static void test_level_broken_now(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE COM_OPEN "  kr p99 : lat at most 300ms\n  kr av : avail at least 99%\n}\n");
    obs(f, "lat", 0, 0.2);
    obs(f, "lat", 1, 0.4);
    obs(f, "lat", 2, 0.2);
    obs(f, "lat", 3, 0.5);
    obs(f, "avail", 0, 99.5);
    grade(f, 20);
    okr_kr_grade *g = only_kr(f, "c", "p99");
    assert_false(g->holds_now);
    assert_false(g->met);
    assert_int_equal(g->observed_days, 4);
    assert_int_equal(g->breach_days, 2);
    assert_int_equal(g->breach_day, f->s + 1);
    assert_near(g->worst, 0.5);
    assert_false(g->has_recovered_day);
    assert_near(g->score, 0.5);
    unload(f);
}

/* Mid-cycle: a committed level that dipped has already failed (its score
 * can no longer reach 1.0), even though it holds again: off track, the
 * objective's verdict is `failed`, and it counts toward exit status 1. */
static void test_level_dip_mid_cycle(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE COM_OPEN "  kr av : avail at least 99.9%\n  kr faster : lat from 500s to 300s\n}\n");
    obs(f, "avail", 0, 99.95);
    obs(f, "avail", 1, 99.5);
    obs(f, "avail", 2, 99.95);
    obs(f, "lat", 0, 450);
    grade(f, 4);
    okr_kr_grade *g = only_kr(f, "c", "av");
    assert_true(g->holds_now);
    assert_false(g->met);
    assert_int_equal(g->status, OKR_STATUS_OFF_TRACK);
    assert_int_equal(g->recovered_day, f->s + 2);
    okr_objective_grade *og = objective(f, "c");
    assert_int_equal(og->verdict, OKR_VERDICT_FAILED);
    assert_int_equal(og->status, OKR_STATUS_OFF_TRACK);
    assert_int_equal(f->res.committed_failed, 1);
    unload(f);
}

/* In an aspirational objective a recovered dip is at risk, a level broken
 * now off track; its score is the share held either way. */
static void test_level_dip_aspirational(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : act from 20% to 30%\n  kr cs : csat at least 80%\n"
                                       "  counter refunds at most 10\n}\n");
    obs(f, "act", 0, 20);
    obs(f, "act", 4, 26);
    obs(f, "csat", 0, 85);
    obs(f, "csat", 1, 75);
    obs(f, "csat", 2, 85);
    obs(f, "csat", 3, 85);
    grade(f, 4);
    okr_kr_grade *g = only_kr(f, "o", "cs");
    assert_int_equal(g->status, OKR_STATUS_AT_RISK);
    assert_near(g->score, 0.75);
    obs(f, "csat", 4, 70);
    grade(f, 4);
    g = only_kr(f, "o", "cs");
    assert_int_equal(g->status, OKR_STATUS_OFF_TRACK);
    assert_near(g->score, 0.6);
    unload(f);
}

/* ---- counter-metrics that recovered ------------------------------------------ */

static void test_counter_recovered(void **state)
{
    (void)state;
    fixture *f = load(GUARDED);
    obs(f, "act", 0, 20);
    const double csat[] = {85, 90, 78, 75, 88, 86};
    for (long d = 0; d < 6; d++)
        obs(f, "csat", d, csat[d]);
    grade(f, 9);
    okr_counter_grade *c = &objective(f, "o")->counters[0];
    assert_true(c->breached);
    assert_int_equal(c->breach_day, f->s + 2);
    assert_near(c->worst, 75);
    assert_int_equal(c->observed_days, 6);
    assert_int_equal(c->breach_days, 2);
    assert_true(c->has_recovered_day);
    assert_int_equal(c->recovered_day, f->s + 4);
    /* Broken on its last observed day: not recovered. */
    obs(f, "csat", 7, 70);
    grade(f, 9);
    c = &objective(f, "o")->counters[0];
    assert_true(c->breached);
    assert_int_equal(c->breach_days, 3);
    assert_false(c->has_recovered_day);
    unload(f);
}

/* ---- check-ins with missing data ---------------------------------------------- */

/* A committed objective whose second key result has no data yet: never on
 * track, whatever the first says; the same for an aspirational one. */
static const char incomplete_text[] = PRELUDE COM_OPEN "  kr av : avail at least 99.9%\n  kr p99 : lat at most 300ms\n}\n"
    ASP_OPEN "  kr a : act from 20% to 30%\n  kr b : up from 100 to 200\n  counter refunds at most 10\n}\n";

static void test_checkin_incomplete(void **state)
{
    (void)state;
    fixture *f = load(incomplete_text);
    bind(f, "lat");
    for (long d = 0; d < 5; d++) {
        obs(f, "avail", d, 99.95);
        obs(f, "act", d, 20 + 2.0 * (double)d);
    }
    grade(f, 4);
    okr_objective_grade *c = objective(f, "c");
    assert_int_equal(only_kr(f, "c", "av")->status, OKR_STATUS_ON_TRACK);
    assert_int_equal(only_kr(f, "c", "p99")->status, OKR_STATUS_NONE);
    assert_int_equal(c->verdict, OKR_VERDICT_NONE);
    assert_int_equal(c->status, OKR_STATUS_INCOMPLETE);
    okr_objective_grade *o = objective(f, "o");
    assert_int_equal(only_kr(f, "o", "a")->status, OKR_STATUS_ON_TRACK);
    assert_int_equal(o->status, OKR_STATUS_INCOMPLETE);
    assert_string_equal(okr_status_name(OKR_STATUS_INCOMPLETE), "incomplete");
    /* Once every key result has data, on track. */
    for (long d = 0; d < 5; d++) {
        obs(f, "lat", d, 0.2);
        obs(f, "up", d, 100 + 20.0 * (double)d);
    }
    grade(f, 4);
    assert_int_equal(objective(f, "c")->status, OKR_STATUS_ON_TRACK);
    assert_int_equal(objective(f, "o")->status, OKR_STATUS_ON_TRACK);
    unload(f);

    /* A worse status of a key result with data still wins. */
    f = load(incomplete_text);
    for (long d = 0; d < 5; d++)
        obs(f, "act", d, 20);
    grade(f, 4);
    assert_int_equal(only_kr(f, "o", "a")->status, OKR_STATUS_OFF_TRACK);
    assert_int_equal(objective(f, "o")->status, OKR_STATUS_OFF_TRACK);
    unload(f);
}

/* ---- values that are not finite numbers ------------------------------------------ */

/* A sum that overflows is no value: no current value, no score, and the
 * first day whose value overflowed; never "current inf, score 1.00". */
static void test_sum_overflow_is_no_data(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr r : revenue from 0 to 1000\n  kr a : act from 20% to 30%\n"
                                       "  counter returns at most 5\n}\n");
    obs(f, "revenue", 0, 1.7e308);
    obs(f, "revenue", 1, 1.7e308);
    obs(f, "act", 0, 25);
    obs(f, "returns", 0, 1.7e308);
    obs(f, "returns", 2, 1.7e308);
    grade(f, 20);
    okr_kr_grade *g = only_kr(f, "o", "r");
    assert_false(g->has_current);
    assert_false(g->has_score);
    assert_int_equal(g->verdict, OKR_VERDICT_NO_DATA);
    assert_int_equal(g->non_finite, OKR_NON_FINITE_VALUE);
    assert_int_equal(g->non_finite_day, f->s + 9); /* the effective day's value */
    okr_objective_grade *og = objective(f, "o");
    assert_int_equal(og->graded, 1);
    assert_near(og->score, 0.5);
    okr_counter_grade *c = &og->counters[0];
    assert_false(c->has_current);
    assert_false(c->breached);
    assert_int_equal(c->non_finite, OKR_NON_FINITE_VALUE);
    assert_int_equal(c->non_finite_day, f->s + 2);
    assert_true(og->healthy);
    unload(f);
}

/* A relative target beyond the largest double, and a baseline and current
 * value too far apart to subtract, are not scored either; a huge but
 * finite progress is. */
static void test_target_and_progress_overflow(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr u : up by +50%\n  kr a : act from 20% to 30%\n}\n");
    obs(f, "up", 0, 1.7e308);
    obs(f, "up", 3, 1.7e308);
    obs(f, "act", 0, 20);
    obs(f, "act", 3, 1.7e308);
    grade(f, 20);
    okr_kr_grade *u = only_kr(f, "o", "u");
    assert_int_equal(u->non_finite, OKR_NON_FINITE_TARGET);
    assert_false(u->has_current || u->has_score || u->has_target);
    assert_int_equal(u->verdict, OKR_VERDICT_NO_DATA);
    okr_kr_grade *a = only_kr(f, "o", "a");
    assert_int_equal(a->non_finite, OKR_NON_FINITE_NONE);
    assert_near(a->score, 1);
    assert_true(isfinite(a->progress) && a->progress > 1e300);
    unload(f);

    f = load(PRELUDE ASP_OPEN "  kr a : act from 20% to 30%\n  kr b : up from 10 to 20\n}\n");
    obs(f, "act", 0, 25);
    obs(f, "up", 0, -DBL_MAX);
    grade(f, 20);
    okr_kr_grade *b = only_kr(f, "o", "b");
    assert_int_equal(b->non_finite, OKR_NON_FINITE_NONE);
    assert_near(b->score, 0);
    assert_true(b->progress < -1e300);
    unload(f);
}

/* With a baseline of -DBL_MAX and a current value of +DBL_MAX, C - B
 * overflows: the progress is not a number, and the hypothesis is not
 * judged. */
static void test_progress_overflow(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE LRN_OPEN "  hypothesis n : up from ? to 50\n  hypothesis d : down from ? to 5\n}\n");
    obs(f, "up", 0, -DBL_MAX);
    obs(f, "up", 3, DBL_MAX);
    obs(f, "down", 0, 10);
    grade(f, 20);
    okr_kr_grade *n = only_kr(f, "l", "n");
    assert_int_equal(n->verdict, OKR_VERDICT_CONFIRMED); /* C >= T needs no subtraction */
    unload(f);

    /* B = -DBL_MAX, T = B / 2, C = DBL_MAX: C - B overflows. */
    f = load(PRELUDE ASP_OPEN "  kr a : act from 20% to 30%\n  kr b : down by -50%\n}\n");
    obs(f, "act", 0, 25);
    obs(f, "down", 0, -DBL_MAX);
    obs(f, "down", 3, DBL_MAX);
    grade(f, 20);
    okr_kr_grade *b = only_kr(f, "o", "b");
    assert_int_equal(b->non_finite, OKR_NON_FINITE_PROGRESS);
    assert_false(b->has_current || b->has_score);
    assert_int_equal(b->verdict, OKR_VERDICT_NO_DATA);
    unload(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_level_dip_fails_committed),
        cmocka_unit_test(test_level_broken_now),
        cmocka_unit_test(test_level_dip_mid_cycle),
        cmocka_unit_test(test_level_dip_aspirational),
        cmocka_unit_test(test_counter_recovered),
        cmocka_unit_test(test_checkin_incomplete),
        cmocka_unit_test(test_sum_overflow_is_no_data),
        cmocka_unit_test(test_target_and_progress_overflow),
        cmocka_unit_test(test_progress_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
