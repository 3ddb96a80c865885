/* test_grade_time.c: grading over time (runtime/grade.c).
 *
 * Check-in status from the score and from the trend, lag, aggregation in
 * grading, and grading before, during and after the cycle; also the names
 * of verdicts and statuses. The small program and the helpers are
 * grade_fixture.h's; the comments show the working. */
#include "grade_fixture.h"

/* ---- check-in status ------------------------------------------------------ */

/* Graded at offset 4: elapsed 5/10 = 0.5. */
static okr_kr_grade *checkin(const char *text, const double *values, size_t count, fixture **out)
{
    fixture *f = load(text);
    for (size_t i = 0; i < count; i++)
        obs(f, "up", (long)i, values[i]);
    grade(f, 4);
    *out = f;
    okr_objective_grade *og = &f->res.objectives[0];
    assert_near(og->elapsed, 0.5);
    assert_true(og->in_progress);
    return &og->krs[0];
}

static void expect_status(const char *text, double value, okr_status status)
{
    fixture *f;
    okr_kr_grade *g = checkin(text, &value, 1, &f);
    assert_false(g->has_projection);
    assert_near(g->expected, 0.5);
    if (g->status != status)
        fail_msg("at %g: %s, expected %s", value, okr_status_name(g->status), okr_status_name(status));
    unload(f);
}

static void test_checkin_committed_by_score(void **state)
{
    (void)state;
    /* goal 1.0: on track from 0.5, at risk from 0.35. */
    const char *text = PRELUDE COM_OPEN "  kr a : up from 0 to 100\n}\n";
    expect_status(text, 50, OKR_STATUS_ON_TRACK);
    expect_status(text, 40, OKR_STATUS_AT_RISK);
    expect_status(text, 35, OKR_STATUS_AT_RISK);
    expect_status(text, 34, OKR_STATUS_OFF_TRACK);
}

static void test_checkin_aspirational_by_score(void **state)
{
    (void)state;
    /* goal 0.7: on track from 0.35, at risk from 0.245. */
    const char *text = PRELUDE ASP_OPEN "  kr a : up from 0 to 100\n}\n";
    expect_status(text, 35, OKR_STATUS_ON_TRACK);
    expect_status(text, 30, OKR_STATUS_AT_RISK);
    expect_status(text, 24.5, OKR_STATUS_AT_RISK);
    expect_status(text, 24, OKR_STATUS_OFF_TRACK);
}

static void test_checkin_projection_rescues(void **state)
{
    (void)state;
    const char *text = PRELUDE ASP_OPEN "  kr a : up from 0 to 100\n}\n";
    fixture *f;
    /* 0, 8, .. 32: score 0.32 is behind 0.35, but 8 a day reaches 72 by E. */
    const double steady[] = {0, 8, 16, 24, 32};
    okr_kr_grade *g = checkin(text, steady, 5, &f);
    assert_near(g->score, 0.32);
    assert_true(g->has_projection);
    assert_near(g->projected, 72);
    assert_near(g->projected_score, 0.72);
    assert_int_equal(g->status, OKR_STATUS_ON_TRACK);
    unload(f);
    /* 0, 6, .. 24: off track by score (0.24), at risk by trend (0.54 >= 0.49). */
    const double slower[] = {0, 6, 12, 18, 24};
    g = checkin(text, slower, 5, &f);
    assert_near(g->projected, 54);
    assert_int_equal(g->status, OKR_STATUS_AT_RISK);
    unload(f);
    /* 0, 2, .. 8: neither. */
    const double flat[] = {0, 2, 4, 6, 8};
    g = checkin(text, flat, 5, &f);
    assert_near(g->projected_score, 0.18);
    assert_int_equal(g->status, OKR_STATUS_OFF_TRACK);
    unload(f);
    /* Two points are not a trend. */
    const double two[] = {0, 30};
    g = checkin(text, two, 2, &f);
    assert_false(g->has_projection);
    assert_int_equal(g->status, OKR_STATUS_AT_RISK);
    unload(f);
}

static void test_checkin_least_squares_fit(void **state)
{
    (void)state;
    /* Points (0,0) (1,0) (2,0) (3,5) (4,10): mean x 2, mean y 3,
     * Sxx 10, Sxy 25, slope 2.5; at E (x = 9): 3 + 2.5 * 7 = 20.5. */
    const char *text = PRELUDE ASP_OPEN "  kr a : up from 0 to 100\n}\n";
    const double ys[] = {0, 0, 0, 5, 10};
    fixture *f;
    okr_kr_grade *g = checkin(text, ys, 5, &f);
    assert_near(g->projected, 20.5);
    assert_near(g->projected_score, 0.205);
    assert_int_equal(g->status, OKR_STATUS_OFF_TRACK);
    unload(f);
}

static void test_checkin_bounds(void **state)
{
    (void)state;
    const char *text = PRELUDE COM_OPEN "  kr a : up at least 100\n}\n";
    fixture *f;
    const double steady[] = {150, 150, 150, 150, 150};
    okr_kr_grade *g = checkin(text, steady, 5, &f);
    assert_int_equal(g->status, OKR_STATUS_ON_TRACK);
    unload(f);
    /* A committed level that dipped has failed: off track, though it
     * holds again. */
    const double dipped[] = {150, 90, 150};
    g = checkin(text, dipped, 3, &f);
    assert_true(g->holds_now);
    assert_false(g->met || g->held);
    assert_int_equal(g->status, OKR_STATUS_OFF_TRACK);
    unload(f);
    const double broken[] = {150, 150, 90};
    g = checkin(text, broken, 3, &f);
    assert_false(g->met || g->holds_now);
    assert_int_equal(g->status, OKR_STATUS_OFF_TRACK);
    unload(f);
    /* Met and held, but falling 10 a day: 110 now, 60 projected at E. */
    const double falling[] = {150, 140, 130, 120, 110};
    g = checkin(text, falling, 5, &f);
    assert_true(g->met && g->held);
    assert_near(g->projected, 60);
    assert_near(g->projected_score, 0);
    assert_int_equal(g->status, OKR_STATUS_AT_RISK);
    unload(f);
}

static void test_checkin_none_after_cycle(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : up from 0 to 100\n}\n");
    obs(f, "up", 0, 10);
    obs(f, "up", 4, 20);
    obs(f, "up", 8, 30);
    grade(f, 9); /* G == E: the cycle is over */
    okr_objective_grade *og = objective(f, "o");
    assert_false(og->in_progress);
    assert_int_equal(og->as_of_day, f->e);
    assert_near(og->elapsed, 1.0);
    assert_int_equal(og->krs[0].status, OKR_STATUS_NONE);
    assert_false(og->krs[0].has_projection);
    grade(f, 40); /* long after: graded as of E */
    og = objective(f, "o");
    assert_false(og->in_progress);
    assert_int_equal(og->as_of_day, f->e);
    assert_near(og->krs[0].current, 30);
    assert_int_equal(f->res.grading_day, f->s + 40);
    assert_true(f->res.at_given);
    unload(f);
}

/* ---- lag, aggregation in grading, the cycle's edges ----------------------- */

static void test_lag_ignores_unsettled_days(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr a : paid from 10% to 20%\n  kr b : paid36 from 10% to 20%\n}\n");
    const double values[] = {12, 14, 15, 18, 19};
    for (long d = 0; d < 5; d++) {
        obs(f, "paid", d, values[d]);
        obs(f, "paid36", d, values[d]);
    }
    grade(f, 4); /* eff = S+2 for lag 2d and for lag 36h (ceil 1.5 = 2) */
    okr_kr_grade *a = only_kr(f, "o", "a");
    okr_kr_grade *b = only_kr(f, "o", "b");
    assert_int_equal(a->effective_day, f->s + 2);
    assert_int_equal(b->effective_day, f->s + 2);
    assert_near(a->current, 15);
    assert_near(b->current, 15);
    assert_int_equal(a->observations, 3);
    assert_near(a->score, 0.5);
    grade(f, 1); /* eff = S-1: nothing settled yet */
    a = only_kr(f, "o", "a");
    assert_false(a->has_current);
    assert_int_equal(a->verdict, OKR_VERDICT_NO_DATA);
    assert_int_equal(objective(f, "o")->verdict, OKR_VERDICT_NO_DATA);
    grade(f, 30); /* after the cycle: eff = E - 2 */
    assert_int_equal(only_kr(f, "o", "a")->effective_day, f->e - 2);
    unload(f);
}

static void test_aggregated_key_results(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE ASP_OPEN "  kr weekly : signups from 50 to 100\n  kr speed : resp from 60s to 30s\n"
                                       "  kr grow : signups by +100%\n}\n");
    for (long d = 0; d < 10; d++) {
        obs(f, "signups", d, 10);
        obs(f, "resp", d, 60 - 3.0 * (double)d);
    }
    grade(f, 9);
    okr_objective_grade *og = objective(f, "o");
    okr_kr_grade *weekly = kr_grade(og, "weekly");
    assert_near(weekly->current, 70); /* seven days of 10 */
    assert_near(weekly->score, 0.4);
    okr_kr_grade *speed = kr_grade(og, "speed");
    assert_near(speed->current, 42); /* mean of 51 .. 33 over S+3..S+9 */
    assert_near(speed->score, 0.6);
    okr_kr_grade *grow = kr_grade(og, "grow");
    assert_near(grow->baseline, 10); /* the window value on the first day with data */
    assert_near(grow->target, 20);
    assert_near(grow->score, 1.0);
    unload(f);
}

static void test_not_started(void **state)
{
    (void)state;
    fixture *f = load(GUARDED);
    obs(f, "act", 0, 25);
    grade(f, -1);
    okr_objective_grade *og = objective(f, "o");
    assert_int_equal(og->verdict, OKR_VERDICT_NOT_STARTED);
    assert_false(og->in_progress);
    assert_false(og->has_score);
    assert_near(og->elapsed, 0);
    assert_true(og->healthy);
    assert_int_equal(og->kr_count, 1);
    assert_non_null(og->krs[0].kr);
    assert_non_null(og->krs[0].series);
    assert_false(og->krs[0].has_score || og->krs[0].has_current);
    assert_int_equal(og->krs[0].status, OKR_STATUS_NONE);
    assert_int_equal(og->counter_count, 4);
    assert_non_null(og->counters[0].counter);
    assert_int_equal(f->res.committed_failed, 0);
    assert_int_equal(f->res.breaches, 0);
    unload(f);
}

static void test_multiple_cycles_and_objectives(void **state)
{
    (void)state;
    /* Two files of team t: this sprint (S..S+9) and the next (S+10..S+19). */
    const char *files[] = {
        PRELUDE COM_OPEN "  kr floor : up at least 60\n}\n"
                ASP_OPEN "  kr a : act from 20% to 30%\n  counter refunds at most 10\n}\n",
        "team t\n"
        "cycle \"Next\" from 2026-07-11 to 2026-07-20\n"
        "committed objective c2 \"Keep checkout dependable next sprint\" {\n  kr floor : up at least 60\n}\n",
    };
    fixture *f = load_files(files, 2);
    obs(f, "up", 2, 50);  /* this sprint only: before the next one starts */
    obs(f, "up", 12, 80);
    obs(f, "act", 1, 25);
    obs(f, "refunds", 3, 12);
    grade(f, 5);
    assert_int_equal(f->res.objective_count, 3);
    assert_int_equal(objective(f, "c2")->verdict, OKR_VERDICT_NOT_STARTED);
    grade(f, 14);
    assert_string_equal(f->res.objectives[0].objective->name.text, "c");
    assert_string_equal(f->res.objectives[1].objective->name.text, "o");
    assert_string_equal(f->res.objectives[2].objective->name.text, "c2");
    okr_objective_grade *c = objective(f, "c");
    assert_false(c->in_progress);
    assert_int_equal(c->as_of_day, f->e);
    assert_near(c->krs[0].current, 50);
    assert_int_equal(c->verdict, OKR_VERDICT_FAILED);
    okr_objective_grade *o = objective(f, "o");
    assert_int_equal(o->verdict, OKR_VERDICT_PARTIAL);
    assert_false(o->healthy);
    okr_objective_grade *c2 = objective(f, "c2");
    assert_true(c2->in_progress);
    assert_int_equal(c2->as_of_day, f->s + 14);
    assert_near(c2->elapsed, 0.5);
    assert_near(c2->krs[0].current, 80);
    assert_int_equal(c2->krs[0].observations, 1);
    assert_int_equal(c2->verdict, OKR_VERDICT_NONE); /* mid-cycle: check-in status instead */
    assert_int_equal(c2->status, OKR_STATUS_ON_TRACK);
    assert_int_equal(f->res.committed_failed, 1);
    assert_int_equal(f->res.breaches, 1);
    unload(f);
}

static void test_verdict_and_status_names(void **state)
{
    (void)state;
    assert_string_equal(okr_verdict_name(OKR_VERDICT_NO_DATA), "no data");
    assert_string_equal(okr_verdict_name(OKR_VERDICT_NOT_STARTED), "not started");
    assert_string_equal(okr_verdict_name(OKR_VERDICT_PASSED), "passed");
    assert_string_equal(okr_verdict_name(OKR_VERDICT_FAILED), "failed");
    assert_string_equal(okr_verdict_name(OKR_VERDICT_SUCCESS), "success");
    assert_string_equal(okr_verdict_name(OKR_VERDICT_PARTIAL), "partial");
    assert_string_equal(okr_verdict_name(OKR_VERDICT_MISSED), "missed");
    assert_string_equal(okr_verdict_name(OKR_VERDICT_CONFIRMED), "confirmed");
    assert_string_equal(okr_verdict_name(OKR_VERDICT_REFUTED), "refuted");
    assert_string_equal(okr_verdict_name(OKR_VERDICT_INCONCLUSIVE), "inconclusive");
    assert_string_equal(okr_verdict_name(OKR_VERDICT_OPEN), "open");
    assert_string_equal(okr_status_name(OKR_STATUS_ON_TRACK), "on track");
    assert_string_equal(okr_status_name(OKR_STATUS_AT_RISK), "at risk");
    assert_string_equal(okr_status_name(OKR_STATUS_OFF_TRACK), "off track");
    assert_string_equal(okr_status_name(OKR_STATUS_NONE), "none");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checkin_committed_by_score),
        cmocka_unit_test(test_checkin_aspirational_by_score),
        cmocka_unit_test(test_checkin_projection_rescues),
        cmocka_unit_test(test_checkin_least_squares_fit),
        cmocka_unit_test(test_checkin_bounds),
        cmocka_unit_test(test_checkin_none_after_cycle),
        cmocka_unit_test(test_lag_ignores_unsettled_days),
        cmocka_unit_test(test_aggregated_key_results),
        cmocka_unit_test(test_not_started),
        cmocka_unit_test(test_multiple_cycles_and_objectives),
        cmocka_unit_test(test_verdict_and_status_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
