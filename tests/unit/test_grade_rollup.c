/* test_grade_rollup.c: roll-up along alignment (runtime/rollup.c; spec.md,
 * "Grading" > "Roll-up"): the weighted mean over key results and
 * contributors, key-result roll-ups, no double counting, values without a
 * score left out, links on a cycle skipped, and the same result whatever
 * the order of the files. The golden cases tests/grade/rollup_* pin the
 * reports; these pin the numbers. */
#include "grade_fixture.h"

#define PARENT                                                                   \
    PRELUDE "aspirational objective p \"Customers love the product\" {\n"        \
            "  kr a : act from 0% to 100%\n"                                     \
            "  kr u : up from 0 to 100 weight 3\n"                               \
            "  counter churn at most 5%\n}\n"

/* k: from 0 to 100, k2: from 0 to 50, in the metric's unit u. */
#define CHILD(name, links, metric, u)                                                \
    "aspirational objective " name " \"Customers find value sooner\" {\n" links     \
    "  kr k : " metric " from 0" u " to 100" u "\n"                                  \
    "  kr k2 : " metric " from 0" u " to 50" u "\n"                                  \
    "  counter churn at most 5%\n}\n"

/* p: a 0.5, u 0.2 (weight 3); c1 (0.5, 0.25 -> 0.375) aligns to p with
 * weight 2 and again through p.a (not counted again); c2 (no data) aligns
 * to p.u and is left out, never counted as 0. */
static void test_weights_and_no_double_counting(void **state)
{
    (void)state;
    fixture *f = load(PARENT CHILD("c1", "  aligns p weight 2\n  aligns t.p.a weight 7\n", "csat", "%")
                          CHILD("c2", "  aligns t.p.u\n", "nps", ""));
    obs(f, "act", 9, 50);
    obs(f, "up", 9, 20);
    obs(f, "csat", 9, 50); /* 0.5 and 1.0 */
    grade(f, 9);
    okr_objective_grade *p = objective(f, "p"), *c1 = objective(f, "c1");
    assert_true(c1->has_rollup);
    assert_near(c1->rollup, 0.75);
    double c1_rollup = c1->rollup;
    assert_int_equal(p->contributor_count, 3);
    assert_int_equal(p->contributors[0].skip, OKR_ROLLUP_COUNTED);
    assert_int_equal(p->contributors[1].skip, OKR_ROLLUP_REPEATED);
    assert_true(p->contributors[1].through_kr);
    assert_int_equal(p->contributors[2].skip, OKR_ROLLUP_NO_SCORE);
    assert_int_equal(kr_grade(p, "u")->contributor_count, 1);
    assert_false(kr_grade(p, "u")->has_rollup);
    assert_false(kr_grade(p, "a")->has_rollup); /* its only link is the repeated one */
    assert_true(p->has_rollup);
    assert_near(p->rollup, (0.5 + 3 * 0.2 + 2 * c1_rollup) / (1 + 3 + 2));
    assert_near(p->score, (0.5 + 3 * 0.2) / 4); /* the score itself is untouched */
    unload(f);
}

/* A contributor through a key result counts inside its roll-up, and the
 * key result reaches the objective with its own weight. */
static void test_through_key_result(void **state)
{
    (void)state;
    fixture *f = load(PARENT CHILD("c1", "  aligns t.p.u weight 3\n", "nps", ""));
    obs(f, "act", 9, 50);
    obs(f, "up", 9, 20);
    obs(f, "nps", 9, 40); /* k 0.4, k2 0.8: 0.6 */
    grade(f, 9);
    okr_objective_grade *p = objective(f, "p");
    okr_kr_grade *u = kr_grade(p, "u");
    assert_true(u->has_rollup);
    assert_near(u->rollup, (0.2 + 3 * 0.6) / 4);
    assert_near(p->rollup, (0.5 + 3 * u->rollup) / 4);
    unload(f);
}

/* The same roll-ups whatever the order of the files. */
static void test_file_order(void **state)
{
    (void)state;
    const char *parent = PARENT;
    const char *child = "team t\ncycle \"Sprint\" from 2026-07-01 to 2026-07-10\n"
                        CHILD("c1", "  aligns p weight 2\n", "csat", "%");
    double rollups[2];
    for (int order = 0; order < 2; order++) {
        const char *texts[2] = {order ? child : parent, order ? parent : child};
        fixture *f = load_files(texts, 2);
        obs(f, "act", 9, 50);
        obs(f, "csat", 9, 15); /* 0.15 and 0.3 */
        grade(f, 9);
        rollups[order] = objective(f, "p")->rollup;
        assert_true(objective(f, "p")->has_rollup);
        unload(f);
    }
    assert_near(rollups[0], rollups[1]);
    assert_near(rollups[0], (0.5 + 2 * 0.225) / 3); /* u has no data: left out */
}

/* An alignment cycle let through by a suppression: links on it take no
 * part, grading ends, and a contributor from outside still counts. */
static void test_cycle(void **state)
{
    (void)state;
    fixture *f = load(PRELUDE CHILD("x", "  aligns y\n", "csat", "%")
                          CHILD("y", "  aligns x // okrc:allow OKR106 -- a test of the roll-up\n", "nps", "")
                              CHILD("z", "  aligns x\n", "act", "%"));
    obs(f, "csat", 9, 40);
    obs(f, "nps", 9, 10);
    obs(f, "act", 9, 20);
    grade(f, 9);
    okr_objective_grade *x = objective(f, "x"), *y = objective(f, "y"), *z = objective(f, "z");
    assert_int_equal(x->contributor_count, 2);
    assert_int_equal(x->contributors[0].skip, OKR_ROLLUP_CYCLE); /* y */
    assert_int_equal(x->contributors[1].skip, OKR_ROLLUP_COUNTED); /* z */
    assert_int_equal(y->contributors[0].skip, OKR_ROLLUP_CYCLE);
    assert_near(y->rollup, y->score);
    assert_near(x->rollup, (x->score * 2 + z->rollup) / 3);
    unload(f);
}

/* Mid-cycle, the roll-up status is the worst of the objective's and its
 * contributors'. */
static void test_status(void **state)
{
    (void)state;
    fixture *f = load(PARENT CHILD("c1", "  aligns p\n", "csat", "%"));
    obs(f, "act", 4, 60);
    obs(f, "up", 4, 60);
    obs(f, "csat", 4, 1); /* far behind: off track */
    grade(f, 4);
    okr_objective_grade *p = objective(f, "p");
    assert_int_equal(p->status, OKR_STATUS_ON_TRACK);
    assert_int_equal(objective(f, "c1")->status, OKR_STATUS_OFF_TRACK);
    assert_int_equal(p->rollup_status, OKR_STATUS_OFF_TRACK);
    unload(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weights_and_no_double_counting),
        cmocka_unit_test(test_through_key_result),
        cmocka_unit_test(test_file_order),
        cmocka_unit_test(test_cycle),
        cmocka_unit_test(test_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
