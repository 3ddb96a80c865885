/* test_grade.c: the grading semantics (runtime/grade.c), number by number.
 *
 * Each test checks a small program (one team, a ten-day cycle, a metric of
 * each kind the rules distinguish), feeds a store by hand, grades it as of
 * one day and asserts exact results: every scoring form in both metric
 * directions, clamping, the archetype verdicts and their band edges,
 * weights, missing data, counter-metric breaches, check-in status from the
 * score and from the trend, lag, aggregation windows, and grading before,
 * during and after the cycle. The numbers are chosen so the expected values
 * can be worked out by hand; the comments show the working. */
#include <math.h>

#include "unit.h"

#include "../../checker/passes.h"
#include "../../checker/program.h"
#include "../../runtime/grade.h"
#include "../../runtime/store.h"

/* Cycle days S = 2026-07-01 (offset 0) .. E = 2026-07-10 (offset 9): at
 * offset k the elapsed share is (k + 1) / 10. */
#define PRELUDE                                                                              \
    "team t \"Team\" owner \"Owner\"\n"                                                      \
    "cycle \"Sprint\" from 2026-07-01 to 2026-07-10\n"                                       \
    "metric up \"Weekly active teams\" : count increasing\n"                                 \
    "metric down \"Support tickets per week\" : count decreasing\n"                          \
    "metric act \"Day-7 activation rate\" : percent increasing\n"                            \
    "metric churn \"Monthly churn\" : percent decreasing\n"                                  \
    "metric lat \"p99 checkout latency\" : duration decreasing\n"                            \
    "metric avail \"Checkout availability\" : percent increasing operational\n"              \
    "metric csat \"Customer satisfaction\" : percent increasing\n"                           \
    "metric refunds \"Refund requests per week\" : count decreasing\n"                       \
    "metric nps \"Net promoter score\" : score(-100..100) increasing\n"                      \
    "metric signups \"New sign-ups in the last week\" : count increasing aggregate sum over 7d\n" \
    "metric resp \"Mean first response time\" : duration decreasing aggregate mean over 7d\n" \
    "metric revenue \"Revenue this cycle\" : money(USD) increasing aggregate sum over cycle\n" \
    "metric rating \"Average review rating\" : number increasing aggregate mean\n"           \
    "metric bookings \"Bookings in two days\" : count increasing aggregate sum over 36h\n"   \
    "metric returns \"Product returns per week\" : count decreasing aggregate sum over 7d\n" \
    "metric paid \"Paid conversion\" : percent increasing lag 2d\n"                          \
    "metric paid36 \"Paid conversion, settled\" : percent increasing lag 36h\n"

#define NOON 43200

typedef struct fixture {
    okr_program prog;
    okr_store store;
    okr_grade_result res;
    long s, e;
} fixture;

static long day_of_date(int year, int month, int day)
{
    long d = 0;
    assert_true(okr_date_to_days(year, month, day, &d));
    return d;
}

static void dump_diags(const okr_program *prog)
{
    for (size_t i = 0; i < prog->diags.list.len; i++) {
        const okr_diag *d = prog->diags.list.items[i];
        okr_position pos = okr_source_position(&prog->sources, d->span.file, d->span.start);
        fprintf(stderr, "    %s:%u: %s %s\n", okr_source_get(&prog->sources, d->span.file)->path, pos.line,
                okr_code_info_get(d->code)->code, d->message);
    }
}

/* Checks the files as one program (no errors allowed) and opens a store
 * over the first cycle, with ten days of margin either side. */
static fixture *load_files(const char *const *texts, size_t count)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    okr_program_init(&f->prog);
    for (size_t i = 0; i < count; i++) {
        char path[32];
        snprintf(path, sizeof path, "t%zu.okr", i);
        okr_program_add_text(&f->prog, path, texts[i], strlen(texts[i]));
    }
    okr_program_check(&f->prog);
    if (f->prog.diags.errors)
        dump_diags(&f->prog);
    assert_int_equal(f->prog.diags.errors, 0);
    f->s = day_of_date(2026, 7, 1);
    f->e = day_of_date(2026, 7, 10);
    okr_store_init(&f->store, &f->prog.arena, f->s - 10, f->e + 20);
    return f;
}

static fixture *load(const char *text)
{
    return load_files(&text, 1);
}

static void unload(fixture *f)
{
    okr_program_free(&f->prog);
    free(f);
}

static const okr_metric_decl *metric_named(const fixture *f, const char *name)
{
    for (size_t i = 0; i < f->prog.teams.len; i++) {
        const okr_team *team = f->prog.teams.items[i];
        for (size_t j = 0; j < team->metric_list.len; j++) {
            const okr_metric_decl *m = team->metric_list.items[j];
            if (strcmp(m->name.text, name) == 0)
                return m;
        }
    }
    fail_msg("no metric '%s'", name);
    return NULL;
}

/* Binds a metric to the store (a feed provides it) without observations. */
static okr_series *bind(fixture *f, const char *name)
{
    char qualified[64];
    snprintf(qualified, sizeof qualified, "t.%s", name);
    return okr_store_bind(&f->store, metric_named(f, name), okr_arena_strdup(&f->prog.arena, qualified), name);
}

/* One observation on cycle day `offset` at `seconds` past midnight. */
static void obs_at(fixture *f, const char *name, long offset, int seconds, double value)
{
    okr_series *s = bind(f, name);
    okr_store_add(&f->store, s, (int64_t)(f->s + offset) * OKR_SECONDS_PER_DAY + seconds, value);
}

static void obs(fixture *f, const char *name, long offset, double value)
{
    obs_at(f, name, offset, NOON, value);
}

static void grade(fixture *f, long offset)
{
    okr_grade(&f->prog, &f->store, f->s + offset, 1, &f->prog.arena, &f->res);
}

static okr_objective_grade *objective(fixture *f, const char *name)
{
    for (size_t i = 0; i < f->res.objective_count; i++) {
        if (strcmp(f->res.objectives[i].objective->name.text, name) == 0)
            return &f->res.objectives[i];
    }
    fail_msg("no objective '%s'", name);
    return NULL;
}

static okr_kr_grade *kr_grade(okr_objective_grade *og, const char *name)
{
    for (size_t i = 0; i < og->kr_count; i++) {
        if (og->krs[i].kr->name.text && strcmp(og->krs[i].kr->name.text, name) == 0)
            return &og->krs[i];
    }
    fail_msg("no key result '%s'", name);
    return NULL;
}

static okr_kr_grade *only_kr(fixture *f, const char *obj, const char *kr)
{
    return kr_grade(objective(f, obj), kr);
}

static void near_at(double actual, double expected, const char *file, int line)
{
    if (!(fabs(actual - expected) <= 1e-9))
        fail_msg("%s:%d: %.17g, expected %.17g", file, line, actual, expected);
}
#define assert_near(actual, expected) near_at((actual), (expected), __FILE__, __LINE__)

static double value_at(fixture *f, const char *name, long cycle_start_offset, long offset, int *exists)
{
    const okr_metric_decl *m = metric_named(f, name);
    double v = -1;
    *exists = okr_series_value_at(&f->store, okr_store_series_of(&f->store, m), m, f->s + cycle_start_offset,
                                  f->s + offset, &v);
    return v;
}

#define ASP_OPEN "aspirational objective o \"Make onboarding effortless\" {\n"
#define COM_OPEN "committed objective c \"Keep checkout dependable\" {\n"
#define LRN_OPEN "learning objective l \"Find out whether usage pricing converts better\" {\n"

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
    grade(f, 9);
    av = only_kr(f, "c", "av");
    p99 = only_kr(f, "c", "p99");
    assert_false(av->met);
    assert_false(av->held);
    assert_near(av->score, 0);
    assert_near(av->progress, 0);
    assert_false(p99->met);
    assert_near(p99->score, 0);
    assert_int_equal(objective(f, "c")->verdict, OKR_VERDICT_FAILED);
    unload(f);
}

static void test_bound_held_uses_daily_extremes(void **state)
{
    (void)state;
    /* Day 2 dipped to 99.5 and recovered: met now, not held. */
    fixture *f = load(PRELUDE COM_OPEN "  kr av : avail at least 99.9%\n}\n");
    obs(f, "avail", 0, 99.95);
    obs_at(f, "avail", 2, 3600, 99.5);
    obs_at(f, "avail", 2, 7200, 99.99);
    obs(f, "avail", 3, 99.97);
    grade(f, 9);
    okr_kr_grade *g = only_kr(f, "c", "av");
    assert_true(g->met);
    assert_false(g->held);
    assert_near(g->score, 1);
    assert_int_equal(objective(f, "c")->verdict, OKR_VERDICT_PASSED);
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
    /* Recovered by day 5: met again, mid-cycle the dip alone does not count. */
    obs(f, "avail", 5, 99.95);
    grade(f, 5);
    assert_false(only_kr(f, "c", "av")->held);
    assert_int_equal(f->res.committed_failed, 0);
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

#define GUARDED                                                                  \
    PRELUDE ASP_OPEN "  kr a : act from 20% to 30%\n"                            \
                     "  counter csat at least 80%\n"                             \
                     "  counter refunds at most 10\n"                            \
                     "  counter nps no worse than baseline\n"                    \
                     "  counter down no worse than baseline\n}\n"

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
    const double dipped[] = {150, 90, 150};
    g = checkin(text, dipped, 3, &f);
    assert_true(g->met);
    assert_false(g->held);
    assert_int_equal(g->status, OKR_STATUS_AT_RISK);
    unload(f);
    const double broken[] = {150, 150, 90};
    g = checkin(text, broken, 3, &f);
    assert_false(g->met);
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
        cmocka_unit_test(test_clamping_increasing),
        cmocka_unit_test(test_clamping_decreasing),
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
