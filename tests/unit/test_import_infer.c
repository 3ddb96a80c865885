/* test_import_infer.c: what `okrc import` reads from a key result's text and
 * columns (import/infer.c; spec.md, "okrc import", "Metric moves").
 *
 * One row per way people write a move: the form, the metric's type and
 * direction, the values as .okr writes them and the subject; text that
 * states no move (tasks, dates, counts of work) gives no metric. Then the
 * labels the readers strip, the cycles they find and the header names
 * they match. */
#include "unit.h"

#include "../../import/import_model.h"

typedef struct infer_case {
    const char *title, *baseline, *target, *unit, *key;
    int found;
    imp_form form;
    imp_type type;
    int decreasing;
    const char *base, *value, *subject;
} infer_case;

static const infer_case cases[] = {
    {"Raise Day-7 activation from 22% to 35%", NULL, NULL, NULL, NULL, 1, IMP_FROM_TO, IMP_PERCENT, 0, "22%", "35%",
     "Day-7 activation"},
    {"Reduce median time to resolve from 12 to 4 days", NULL, NULL, NULL, NULL, 1, IMP_FROM_TO, IMP_DURATION, 1, "12d",
     "4d", "Median time to resolve"},
    {"Increase average order value from $58 to $64", NULL, NULL, NULL, NULL, 1, IMP_FROM_TO, IMP_MONEY, 0, "58", "64",
     "Average order value"},
    {"Grow sign-ups from 1,200 to 1.5k", NULL, NULL, NULL, NULL, 1, IMP_FROM_TO, IMP_COUNT, 0, "1200", "1500",
     "Sign-ups"},
    {"Reduce error rate from 0.0000001% to 0.00000001%", NULL, NULL, NULL, NULL, 1, IMP_FROM_TO, IMP_PERCENT, 1,
     "0.0000001%", "0.00000001%", "Error rate"},
    {"Reduce churn by 20%", NULL, NULL, NULL, NULL, 1, IMP_BY, IMP_COUNT, 1, NULL, "-20%", "Churn"},
    {"Lift retention by 5 points", NULL, NULL, NULL, NULL, 1, IMP_BY, IMP_PERCENT, 0, NULL, "+5pp", "Retention"},
    {"Double weekly active teams", NULL, NULL, NULL, NULL, 1, IMP_BY, IMP_COUNT, 0, NULL, "+100%",
     "Weekly active teams"},
    {"Keep checkout p95 latency under 2 seconds", NULL, NULL, NULL, NULL, 1, IMP_AT_MOST, IMP_DURATION, 1, NULL, "2s",
     "Checkout p95 latency"},
    {"Answer every ticket within 4 hours", NULL, NULL, NULL, NULL, 1, IMP_AT_MOST, IMP_DURATION, 1, NULL, "4h",
     "Answer every ticket"},
    {"Keep availability at least 99.95%", NULL, NULL, NULL, NULL, 1, IMP_AT_LEAST, IMP_PERCENT, 0, NULL, "99.95%",
     "Availability"},
    {"Cut p95 latency to under 300ms", NULL, NULL, NULL, NULL, 1, IMP_UNKNOWN_TO, IMP_DURATION, 1, NULL, "300ms",
     "P95 latency"},
    {"Increase API uptime to 99.9% over the quarter", NULL, NULL, NULL, NULL, 1, IMP_UNKNOWN_TO, IMP_PERCENT, 0,
     NULL, "99.9%", "API uptime"},
    {"Reach 120 weekly active users", NULL, NULL, NULL, NULL, 1, IMP_UNKNOWN_TO, IMP_COUNT, 0, NULL, "120",
     "Weekly active users"},
    {"Achieve an NPS of 50", NULL, NULL, NULL, NULL, 1, IMP_UNKNOWN_TO, IMP_SCORE, 0, NULL, "50", "NPS"},
    /* columns: they state the move, and lend units to bare numbers */
    {"Raise nurse retention", "82", "88", "%", NULL, 1, IMP_FROM_TO, IMP_PERCENT, 0, "82%", "88%", "Nurse retention"},
    {"Median first response time", "9 hours", "2 hours", NULL, NULL, 1, IMP_FROM_TO, IMP_DURATION, 1, "9h", "2h",
     "Median first response time"},
    {"Reduce P95 request latency to 350ms", "520", "350", NULL, "api.latency.p95_ms", 1, IMP_FROM_TO, IMP_DURATION, 1,
     "520ms", "350ms", "P95 request latency"},
    {"Raise conversion to 4%", "3.1", NULL, NULL, NULL, 1, IMP_FROM_TO, IMP_PERCENT, 0, "3.1%", "4%", "Conversion"},
    /* no move: tasks, dates, counts of work, multiples */
    {"Launch in-app messaging by September 15", NULL, NULL, NULL, NULL, 0, IMP_NONE, 0, 0, NULL, NULL, NULL},
    {"Ship the new onboarding flow by 2026-09-30", NULL, NULL, NULL, NULL, 0, IMP_NONE, 0, 0, NULL, NULL, NULL},
    {"Publish 4 blog posts", NULL, NULL, NULL, NULL, 0, IMP_NONE, 0, 0, NULL, NULL, NULL},
    {"Run weekly QA reviews of 50 tickets", NULL, NULL, NULL, NULL, 0, IMP_NONE, 0, 0, NULL, NULL, NULL},
    {"Hold 12 town hall sessions", NULL, NULL, NULL, NULL, 0, IMP_NONE, 0, 0, NULL, NULL, NULL},
    {"Grow revenue 3x", NULL, NULL, NULL, NULL, 0, IMP_NONE, 0, 0, NULL, NULL, NULL},
    {"Improve onboarding experience", NULL, NULL, NULL, NULL, 0, IMP_NONE, 0, 0, NULL, NULL, NULL},
    {"Metric from 3 days to 40%", NULL, NULL, NULL, NULL, 0, IMP_NONE, 0, 0, NULL, NULL, NULL},
};

static void test_infer_forms(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const infer_case *c = &cases[i];
        okr_arena arena;
        okr_arena_init(&arena);
        imp_kr kr = {c->title, NULL, c->baseline, c->target, c->unit, c->key, 1};
        imp_guess g;
        int found = imp_infer(&arena, &kr, &g);
        int ok = found == c->found;
        if (ok && found) {
            ok = g.form == c->form && g.type == c->type && g.decreasing == c->decreasing &&
                 (c->base ? g.baseline && strcmp(g.baseline, c->base) == 0 : g.baseline == NULL) &&
                 g.target && strcmp(g.target, c->value) == 0 && g.subject && strcmp(g.subject, c->subject) == 0;
        }
        if (!ok) {
            fprintf(stderr, "  \"%s\": found %d form %d type %d decreasing %d from %s to %s subject \"%s\"\n",
                    c->title, found, g.form, g.type, g.decreasing, g.baseline ? g.baseline : "-",
                    g.target ? g.target : "-", g.subject ? g.subject : "-");
            failures++;
        }
        okr_arena_free(&arena);
    }
    assert_int_equal(failures, 0);
}

static void test_labels(void **state)
{
    (void)state;
    int kind;
    assert_string_equal(imp_strip_label("KR1: Raise activation", &kind), "Raise activation");
    assert_int_equal(kind, 'k');
    assert_string_equal(imp_strip_label("Key result 2 - Cut churn", &kind), "Cut churn");
    assert_int_equal(kind, 'k');
    assert_string_equal(imp_strip_label("Objective 1: Customers love us", &kind), "Customers love us");
    assert_int_equal(kind, 'o');
    assert_string_equal(imp_strip_label("O2) Be reliable", &kind), "Be reliable");
    assert_int_equal(kind, 'o');
    assert_string_equal(imp_strip_label("Only a title", &kind), "Only a title");
    assert_int_equal(kind, 0);
    assert_string_equal(imp_strip_label("KR:", &kind), "KR:"); /* a label with nothing after it is text */
    assert_int_equal(kind, 0);
    assert_string_equal(imp_strip_label("Krakow office opens", &kind), "Krakow office opens");
    assert_int_equal(kind, 0);
}

static void test_cycles_and_columns(void **state)
{
    (void)state;
    okr_arena arena;
    okr_arena_init(&arena);
    assert_string_equal(imp_find_cycle(&arena, "Growth OKRs, Q3 2026"), "2026-Q3");
    assert_string_equal(imp_find_cycle(&arena, "plan for 2027-q1"), "2027-Q1");
    assert_string_equal(imp_find_cycle(&arena, "Q4-2026 review"), "2026-Q4");
    assert_string_equal(imp_find_cycle(&arena, "2026 Q2"), "2026-Q2");
    assert_null(imp_find_cycle(&arena, "Q5 2026 and HQ3 2026"));
    assert_null(imp_find_cycle(&arena, "no cycle here"));
    okr_arena_free(&arena);
    assert_int_equal(imp_column_of("Objective"), IMP_COL_OBJECTIVE);
    assert_int_equal(imp_column_of("Key Result #"), IMP_COL_KR);
    assert_int_equal(imp_column_of("KR1"), IMP_COL_KR);
    assert_int_equal(imp_column_of("current value"), IMP_COL_CURRENT); /* a baseline only without one */
    assert_int_equal(imp_column_of("Baseline (Q2)"), IMP_COL_BASELINE);
    assert_int_equal(imp_column_of("Target (Q3)"), IMP_COL_TARGET);
    assert_int_equal(imp_column_of("Goal"), IMP_COL_TARGET);
    assert_int_equal(imp_column_of("DRI"), IMP_COL_OWNER);
    assert_int_equal(imp_column_of("Units"), IMP_COL_UNIT);
    assert_int_equal(imp_column_of("Status"), IMP_COL_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_infer_forms),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_cycles_and_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
