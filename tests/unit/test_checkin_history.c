/* test_checkin_history.c: unit tests of the two review-loop decisions made
 * once after grading: which check-in each key result shows and whether it
 * disagrees with the status (runtime/checkin.c, okr_checkins_apply), and
 * the flags of the history across cycles (runtime/history.c).
 *
 * The program is real .okr text, checked, with one team over three
 * quarters; the grading result is filled in BY HAND, so the tests pin the
 * rules of spec.md ("Human check-ins", "History across cycles") and not
 * grading's. */
#include "unit.h"

#include <string.h>

#include "checkin.h"
#include "history.h"
#include "program.h"

static const char q1_text[] = "team t \"T\"\n"
                              "cycle 2026-Q1\n"
                              "metric m \"Share of accounts that finish setup\" : percent increasing\n"
                              "aspirational objective o \"Setup feels effortless\" {\n"
                              "  kr a : m from 10% to 20%\n"
                              "  kr b : m from 20% to 30%\n"
                              "}\n"
                              "committed objective c \"Setup always works\" {\n"
                              "  kr l : m at least 5%\n"
                              "}\n";
static const char q_body[] = "aspirational objective o \"Setup feels effortless\" {\n"
                             "  kr a : m from 10% to 20%\n"
                             "  kr b : m from 20% to 30%\n"
                             "}\n"
                             "committed objective c \"Setup always works\" {\n"
                             "  kr l : m at least 5%\n"
                             "}\n";

typedef struct fixture {
    okr_program prog;
    okr_objective_grade og[6];   /* q1 o, q1 c, q2 o, q2 c, q3 o, q3 c */
    okr_kr_grade krs[6][2];
    okr_grade_result result;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    okr_program_init(&f->prog);
    okr_program_add_text(&f->prog, "q1.okr", q1_text, strlen(q1_text));
    for (int q = 2; q <= 3; q++) {
        char *text = okr_arena_printf(&f->prog.arena, "team t \"T\"\ncycle 2026-Q%d\n%s", q, q_body);
        okr_program_add_text(&f->prog, okr_arena_printf(&f->prog.arena, "q%d.okr", q), text, strlen(text));
    }
    okr_program_check(&f->prog);
    assert_int_equal(f->prog.diags.errors, 0);
    assert_int_equal(f->prog.objectives.len, 6);
    for (size_t i = 0; i < 6; i++) {
        okr_objective *obj = f->prog.objectives.items[i];
        okr_objective_grade *og = &f->og[i];
        og->objective = obj;
        og->archetype = okr_objective_archetype(obj);
        og->krs = f->krs[i];
        og->kr_count = obj->krs.len;
        og->as_of_day = obj->cycle->end_day;
        og->healthy = 1;
        for (size_t k = 0; k < obj->krs.len; k++)
            f->krs[i][k].kr = obj->krs.items[k];
    }
    f->result.objectives = f->og;
    f->result.objective_count = 6;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    okr_program_free(&f->prog);
    free(f);
    return 0;
}

static struct okr_checkin *checkin(fixture *f, okr_checkins *set, size_t obj, size_t kr, long day, int confidence)
{
    struct okr_checkin *c = okr_arena_alloc(&f->prog.arena, sizeof *c);
    c->kr = f->og[obj].krs[kr].kr;
    c->qualified = okr_checkin_kr_name(&f->prog.arena, c->kr);
    c->day = day;
    c->confidence = confidence;
    c->note = "";
    okr_vec_push(&f->prog.arena, &set->items, c);
    return c;
}

/* The rule's edges: >= 7 against at risk or off track, <= 3 against on
 * track; 4 to 6, no status, or no check-in never disagree. */
static void test_disagreement_edges(void **state)
{
    fixture *f = *state;
    static const struct {
        int confidence;
        okr_status status;
        okr_disagreement want;
    } cases[] = {
        {7, OKR_STATUS_AT_RISK, OKR_DISAGREE_CONFIDENT},   {7, OKR_STATUS_OFF_TRACK, OKR_DISAGREE_CONFIDENT},
        {10, OKR_STATUS_OFF_TRACK, OKR_DISAGREE_CONFIDENT}, {6, OKR_STATUS_OFF_TRACK, OKR_DISAGREE_NONE},
        {3, OKR_STATUS_ON_TRACK, OKR_DISAGREE_DOUBTFUL},    {0, OKR_STATUS_ON_TRACK, OKR_DISAGREE_DOUBTFUL},
        {4, OKR_STATUS_ON_TRACK, OKR_DISAGREE_NONE},        {9, OKR_STATUS_ON_TRACK, OKR_DISAGREE_NONE},
        {1, OKR_STATUS_OFF_TRACK, OKR_DISAGREE_NONE},       {9, OKR_STATUS_NONE, OKR_DISAGREE_NONE},
        {1, OKR_STATUS_NONE, OKR_DISAGREE_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        okr_kr_grade *kg = &f->og[0].krs[0];
        const okr_kr *kr = kg->kr;
        memset(kg, 0, sizeof *kg);
        kg->kr = kr;
        kg->status = cases[i].status;
        f->og[0].disagreements = 0;
        f->result.disagreements = f->result.checked_in = 0;
        okr_checkins set = {0};
        checkin(f, &set, 0, 0, f->og[0].objective->cycle->start_day + 10, cases[i].confidence);
        okr_checkins_apply(&set, &f->result, &f->prog.arena);
        if (kg->disagreement != cases[i].want)
            fail_msg("confidence %d, status %d: disagreement %d, want %d", cases[i].confidence,
                     (int)cases[i].status, (int)kg->disagreement, (int)cases[i].want);
        assert_int_equal(f->result.disagreements, cases[i].want != OKR_DISAGREE_NONE);
        assert_int_equal(f->result.checked_in, 1);
    }
}

/* The latest check-in on or before the as-of day counts, with the one
 * before it; later ones are not shown. */
static void test_latest_checkin(void **state)
{
    fixture *f = *state;
    long s = f->og[0].objective->cycle->start_day;
    f->og[0].as_of_day = s + 40;
    okr_checkins set = {0};
    struct okr_checkin *mid = checkin(f, &set, 0, 1, s + 20, 5);
    checkin(f, &set, 0, 1, s + 50, 9); /* after the as-of day */
    struct okr_checkin *early = checkin(f, &set, 0, 1, s + 5, 8);
    struct okr_checkin *last = checkin(f, &set, 0, 1, s + 40, 2);
    okr_checkins_apply(&set, &f->result, &f->prog.arena);
    const okr_kr_grade *kg = &f->og[0].krs[1];
    assert_ptr_equal(kg->checkin, last);
    assert_ptr_equal(kg->previous, mid);
    assert_int_equal(kg->checkin_count, 3);
    assert_null(f->og[0].krs[0].checkin);
    (void)early;
}

static void score(okr_objective_grade *og, double value, okr_verdict verdict)
{
    og->has_score = 1;
    og->score = value;
    og->verdict = verdict;
    og->target_too_low = og->archetype == OKR_ARCH_ASPIRATIONAL && value >= 1.0;
}

static const okr_history_row *row_named(const okr_history *h, const char *name)
{
    for (size_t i = 0; i < h->count; i++)
        if (strcmp(h->rows[i].name, name) == 0)
            return &h->rows[i];
    fail_msg("no history row %s", name);
    return NULL;
}

/* Q1..Q3 over: o at 1.0 in Q2 and Q3 and unchanged all three; c failed in
 * Q1 and Q2. */
static void test_history_flags(void **state)
{
    fixture *f = *state;
    score(&f->og[0], 0.6, OKR_VERDICT_PARTIAL);
    score(&f->og[1], 0.5, OKR_VERDICT_FAILED);
    score(&f->og[2], 1.0, OKR_VERDICT_SUCCESS);
    score(&f->og[3], 0.8, OKR_VERDICT_FAILED);
    score(&f->og[4], 1.0, OKR_VERDICT_SUCCESS);
    score(&f->og[5], 1.0, OKR_VERDICT_PASSED);
    okr_history h;
    okr_history_build(&f->result, &f->prog.arena, &h);
    assert_int_equal(h.cycle_count, 3);
    assert_int_equal(h.count, 2);
    const okr_history_row *o = row_named(&h, "o"), *c = row_named(&h, "c");
    assert_string_equal(o->team, "t");
    assert_int_equal(o->count, 3);
    assert_int_equal(o->flag_count, 2);
    assert_int_equal(o->flags[0].kind, OKR_HISTORY_TARGETS_TOO_LOW);
    assert_int_equal(o->flags[0].first, 1);
    assert_int_equal(o->flags[0].last, 2);
    assert_int_equal(o->flags[1].kind, OKR_HISTORY_CARRIED_FORWARD);
    assert_int_equal(o->flags[1].first, 0);
    assert_int_equal(o->flags[1].last, 2);
    assert_int_equal(c->flag_count, 2);
    assert_int_equal(c->flags[0].kind, OKR_HISTORY_CARRIED_FORWARD);
    assert_int_equal(c->flags[1].kind, OKR_HISTORY_FAILED_AGAIN);
    assert_int_equal(c->flags[1].first, 0);
    assert_int_equal(c->flags[1].last, 1);
    assert_int_equal(h.flag_count, 4);
}

/* A running cycle's 1.0 is provisional, and a cycle not started carries
 * nothing forward: no flag but the failures. */
static void test_history_provisional(void **state)
{
    fixture *f = *state;
    score(&f->og[0], 1.0, OKR_VERDICT_SUCCESS);
    score(&f->og[1], 0.5, OKR_VERDICT_FAILED);
    score(&f->og[2], 1.0, OKR_VERDICT_NONE);
    f->og[2].in_progress = 1;
    score(&f->og[3], 0.5, OKR_VERDICT_FAILED);
    f->og[3].in_progress = 1;
    f->og[4].verdict = OKR_VERDICT_NOT_STARTED;
    f->og[5].verdict = OKR_VERDICT_NOT_STARTED;
    okr_history h;
    okr_history_build(&f->result, &f->prog.arena, &h);
    const okr_history_row *o = row_named(&h, "o"), *c = row_named(&h, "c");
    assert_int_equal(o->flag_count, 0);
    assert_int_equal(c->flag_count, 1);
    assert_int_equal(c->flags[0].kind, OKR_HISTORY_FAILED_AGAIN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_disagreement_edges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_latest_checkin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_flags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_provisional, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
