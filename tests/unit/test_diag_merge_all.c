/* test_diag_merge_all.c: okr_diags_merge_all, by which the checker adds
 * the findings of a pass's chunks of objectives (checker/pass_chunks.c)
 * to the program's. Findings reported into chunk diagnostics and merged
 * in chunk order must give what reporting them all into the program's one
 * after the other gives: the same findings stored (the first
 * OKR_DIAG_MAX_STORED_PER_FILE of each file, whichever chunk they came
 * from, and whatever the program held before), the same report order, and
 * the same counts of what was only counted. */
#include "unit.h"

#include "diag.h"

enum { EXTRA = 7 };

/* Finding k of the stream: file 2 gets most, file 5 a few between them,
 * one without a file; offsets vary so that the sort by offset matters. */
static void report_nth(okr_diags *d, size_t k)
{
    uint32_t file = k % 97 == 0 ? OKR_NO_FILE : k % 13 == 0 ? 5 : 2;
    okr_code code = k % 3 ? OKR301 : OKR603; /* an error, a warning */
    okr_diag_report(d, code, okr_span_make(file, (uint32_t)(k % 50), (uint32_t)(k % 50)), "finding %zu", k);
}

static void finish_and_compare(okr_diags *serial, okr_diags *merged)
{
    assert_int_equal(serial->list.len, merged->list.len);
    okr_diags_finish(serial);
    okr_diags_finish(merged);
    assert_int_equal(serial->list.len, merged->list.len);
    for (size_t i = 0; i < serial->list.len; i++) {
        const okr_diag *a = serial->list.items[i], *b = merged->list.items[i];
        assert_string_equal(a->message, b->message);
        assert_int_equal(a->sequence, b->sequence);
    }
    assert_int_equal(serial->errors, merged->errors);
    assert_int_equal(serial->warnings, merged->warnings);
    assert_int_equal(serial->hidden, merged->hidden);
}

/* The stream of n findings, the first `before` reported into the program,
 * the rest split at the given cuts into chunks. */
static void split_at(size_t n, size_t before, const size_t *cuts, size_t ncuts)
{
    okr_arena arena;
    okr_arena_init(&arena);
    okr_diags serial, merged;
    okr_diags_init(&serial, &arena);
    okr_diags_init(&merged, &arena);
    for (size_t k = 0; k < n; k++)
        report_nth(&serial, k);
    for (size_t k = 0; k < before; k++)
        report_nth(&merged, k);
    size_t from = before;
    for (size_t c = 0; c <= ncuts; c++) {
        size_t to = c < ncuts ? cuts[c] : n;
        okr_arena chunk_arena;
        okr_arena_init(&chunk_arena);
        okr_diags chunk;
        okr_diags_init_like(&chunk, &chunk_arena, &merged);
        for (size_t k = from; k < to; k++)
            report_nth(&chunk, k);
        okr_diags_merge_all(&merged, &chunk);
        okr_arena_adopt(&arena, &chunk_arena);
        from = to;
    }
    finish_and_compare(&serial, &merged);
    okr_arena_free(&arena);
}

static void under_the_cap(void **state)
{
    (void)state;
    const size_t cuts[] = {100, 101, 350};
    split_at(500, 40, cuts, 3);
}

/* The cap is passed inside a chunk, at a boundary and, for a chunk of its
 * own, inside a chunk that alone holds more than the cap. */
static void past_the_cap_in_chunks(void **state)
{
    (void)state;
    size_t n = 3 * OKR_DIAG_MAX_STORED_PER_FILE + EXTRA;
    const size_t inside[] = {OKR_DIAG_MAX_STORED_PER_FILE / 2, OKR_DIAG_MAX_STORED_PER_FILE + 20};
    split_at(n, 10, inside, 2);
    const size_t at[] = {OKR_DIAG_MAX_STORED_PER_FILE, 2 * OKR_DIAG_MAX_STORED_PER_FILE};
    split_at(n, 0, at, 2);
    const size_t big[] = {5, 5 + 2 * OKR_DIAG_MAX_STORED_PER_FILE};
    split_at(n, 0, big, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(under_the_cap),
        cmocka_unit_test(past_the_cap_in_chunks),
    };
    okr_unit_apply_filter();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
