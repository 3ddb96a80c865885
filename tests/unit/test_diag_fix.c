/* test_diag_fix.c: the fix records of common/diag (edits kept sorted, an
 * overlapping, cross-file or surplus edit makes the fix not
 * machine-applicable), joining two finished diagnostic lists, and the "did
 * you mean" distance of common/suggest. */
#include "unit.h"

#include "diag.h"
#include "suggest.h"

typedef struct fixture {
    okr_arena arena;
    okr_diags diags;
    okr_diag *d;
} fixture;

static int setup(void **state)
{
    fixture *x = calloc(1, sizeof *x);
    okr_arena_init(&x->arena);
    okr_diags_init(&x->diags, &x->arena);
    x->d = okr_diag_report(&x->diags, OKR101, okr_span_make(0, 4, 11), "undefined metric 'win_rat'");
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    fixture *x = *state;
    okr_arena_free(&x->arena);
    free(x);
    return 0;
}

static void edits_are_kept_sorted(void **state)
{
    fixture *x = *state;
    okr_fix *f = okr_diag_fix(&x->diags, x->d, 1, "replace '%s'", "win_rat");
    okr_fix_edit(&x->diags, f, okr_span_make(0, 20, 22), "b");
    okr_fix_edit(&x->diags, f, okr_span_make(0, 4, 11), "win_rate");
    okr_fix_edit(&x->diags, f, okr_span_make(0, 12, 12), "x");
    assert_int_equal(x->d->fix_count, 1);
    assert_string_equal(f->label, "replace 'win_rat'");
    assert_int_equal(f->edit_count, 3);
    assert_int_equal(f->edits[0].span.start, 4);
    assert_string_equal(f->edits[0].replacement, "win_rate");
    assert_int_equal(f->edits[1].span.start, 12);
    assert_int_equal(f->edits[2].span.start, 20);
    assert_true(f->machine_applicable);
}

static void overlap_makes_fix_unsafe(void **state)
{
    fixture *x = *state;
    okr_fix *f = okr_diag_fix(&x->diags, x->d, 1, "a");
    okr_fix_edit(&x->diags, f, okr_span_make(0, 4, 11), "win_rate");
    okr_fix_edit(&x->diags, f, okr_span_make(0, 10, 12), "y");
    assert_int_equal(f->edit_count, 1);
    assert_false(f->machine_applicable);

    okr_fix *g = okr_diag_fix(&x->diags, x->d, 1, "two inserts at one point");
    okr_fix_edit(&x->diags, g, okr_span_make(0, 4, 4), "a");
    okr_fix_edit(&x->diags, g, okr_span_make(0, 4, 4), "b");
    assert_false(g->machine_applicable);
    /* At most OKR_DIAG_MAX_FIXES alternatives. */
    assert_null(okr_diag_fix(&x->diags, x->d, 1, "third"));
}

static void other_file_or_too_many_edits_make_fix_unsafe(void **state)
{
    fixture *x = *state;
    okr_fix *f = okr_diag_fix(&x->diags, x->d, 1, "a");
    okr_fix_edit(&x->diags, f, okr_span_make(0, 0, 1), "a");
    okr_fix_edit(&x->diags, f, okr_span_make(1, 0, 1), "b");
    assert_false(f->machine_applicable);

    okr_fix *g = okr_diag_fix(&x->diags, x->d, 1, "b");
    for (uint32_t i = 0; i <= OKR_FIX_MAX_EDITS; i++)
        okr_fix_edit(&x->diags, g, okr_span_make(0, i * 2, i * 2 + 1), "z");
    assert_int_equal(g->edit_count, OKR_FIX_MAX_EDITS);
    assert_false(g->machine_applicable);
    okr_fix_edit(&x->diags, NULL, okr_span_make(0, 0, 0), "ignored");
    assert_null(okr_diag_fix(&x->diags, NULL, 1, "no diagnostic"));
}

static void fix_carries_out_the_help_before_it(void **state)
{
    fixture *x = *state;
    okr_diag_help(&x->diags, x->d, "did you mean 'win_rate' or 'win_rates'?");
    okr_fix *a = okr_diag_fix(&x->diags, x->d, 0, "replace 'win_rat' with 'win_rate'");
    okr_fix *b = okr_diag_fix(&x->diags, x->d, 0, "replace 'win_rat' with 'win_rates'");
    assert_int_equal(a->help_index, -1); /* not linked unless said */
    okr_fix_link_help(a, x->d);
    okr_fix_link_help(b, x->d);
    assert_int_equal(a->help_index, 0);
    assert_int_equal(b->help_index, -1); /* the line is a's already */

    okr_diag *d = okr_diag_report(&x->diags, OKR101, okr_span_make(0, 0, 1), "no help yet");
    okr_fix *c = okr_diag_fix(&x->diags, d, 1, "a fix without a help line");
    okr_fix_link_help(c, d);
    assert_int_equal(c->help_index, -1);
    okr_fix_link_help(NULL, d);
}

static void distance(void **state)
{
    (void)state;
    assert_int_equal(okr_suggest_distance("win_rat", "win_rate"), 1);
    assert_int_equal(okr_suggest_distance("objectiv", "objective"), 1);
    assert_int_equal(okr_suggest_distance("taregt", "target"), 1); /* a swap is one edit */
    assert_int_equal(okr_suggest_distance("NPS", "nps"), 0);
    assert_int_equal(okr_suggest_distance("", "abc"), 3);
    char longword[OKR_SUGGEST_MAX_LEN + 2];
    memset(longword, 'a', sizeof longword - 1);
    longword[sizeof longword - 1] = '\0';
    assert_int_equal(okr_suggest_distance(longword, "a"), (size_t)-1);
}

static void best_candidate(void **state)
{
    (void)state;
    okr_suggester s;
    okr_suggest_init(&s, "win_rat");
    okr_suggest_consider(&s, "churn");
    okr_suggest_consider(&s, "win_rate");
    okr_suggest_consider(&s, "win_rates");
    assert_string_equal(okr_suggest_best(&s), "win_rate");

    /* Short unrelated names are never offered. */
    okr_suggest_init(&s, "ab");
    okr_suggest_consider(&s, "xy");
    okr_suggest_consider(&s, "ab"); /* the word itself */
    assert_null(okr_suggest_best(&s));
    okr_suggest_consider(&s, "abc");
    assert_string_equal(okr_suggest_best(&s), "abc");
}

/* okrc check --checkins: the check-in file's findings (file 2) join the
 * program's (files 0 and 1) in file order, with their counts. */
static void append_keeps_file_order_and_counts(void **state)
{
    fixture *x = *state; /* holds one error in file 0 */
    okr_diag_report(&x->diags, OKR504, okr_span_make(1, 3, 5), "no counter-metric");
    okr_diags_finish(&x->diags);
    okr_diags more;
    okr_diags_init(&more, &x->arena);
    okr_diag_report(&more, OKR931, okr_span_make(2, 9, 9), "bad confidence");
    okr_diag_report(&more, OKR930, okr_span_make(2, 1, 1), "no key result");
    okr_diags_finish(&more);
    okr_diags_append(&x->diags, &more);
    assert_int_equal(x->diags.list.len, 4);
    assert_int_equal(x->diags.errors, 3);
    assert_int_equal(x->diags.warnings, 1);
    const okr_code want[] = {OKR101, OKR504, OKR930, OKR931};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(((okr_diag *)x->diags.list.items[i])->code, want[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(edits_are_kept_sorted, setup, teardown),
        cmocka_unit_test_setup_teardown(overlap_makes_fix_unsafe, setup, teardown),
        cmocka_unit_test_setup_teardown(other_file_or_too_many_edits_make_fix_unsafe, setup, teardown),
        cmocka_unit_test_setup_teardown(fix_carries_out_the_help_before_it, setup, teardown),
        cmocka_unit_test_setup_teardown(append_keeps_file_order_and_counts, setup, teardown),
        cmocka_unit_test(distance),
        cmocka_unit_test(best_candidate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
