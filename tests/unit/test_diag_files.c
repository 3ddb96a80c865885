/* test_diag_files.c: the per-file counts behind common/diag's cap on
 * stored findings (OKR_DIAG_MAX_STORED_PER_FILE). A program of many files
 * each with a finding must not pay for the counts more than once over:
 * they grew by 16 files at a time, so 20,000 files reporting in order
 * copied and left behind about 150 MB of old tables in the arena. */
#include "unit.h"

#include "diag.h"

static void counts_grow_geometrically(void **state)
{
    (void)state;
    okr_arena arena;
    okr_arena_init(&arena);
    okr_diags diags;
    okr_diags_init(&diags, &arena);
    enum { FILES = 20000 };
    for (uint32_t f = 0; f < FILES; f++)
        assert_non_null(okr_diag_report(&diags, OKR008, okr_span_make(f, 0, 0), "file declares nothing"));
    assert_int_equal(diags.list.len, FILES);
    /* The arena's blocks (which double as it fills) held 8.4 MB with
     * doubling counts and 168 MB with counts grown 16 files at a time. */
    assert_true(arena.bytes_used < 24u * 1024 * 1024);
    okr_arena_free(&arena);
}

static void cap_still_counts_per_file(void **state)
{
    (void)state;
    okr_arena arena;
    okr_arena_init(&arena);
    okr_diags diags;
    okr_diags_init(&diags, &arena);
    for (int i = 0; i < OKR_DIAG_MAX_STORED_PER_FILE + 5; i++)
        okr_diag_report(&diags, OKR008, okr_span_make(70, 0, 0), "x");
    assert_non_null(okr_diag_report(&diags, OKR008, okr_span_make(3, 0, 0), "y"));
    assert_int_equal(diags.list.len, OKR_DIAG_MAX_STORED_PER_FILE + 1);
    assert_int_equal(diags.dropped_in_file[70], 5);
    assert_int_equal(diags.dropped_in_file[3], 0);
    okr_arena_free(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_grow_geometrically),
        cmocka_unit_test(cap_still_counts_per_file),
    };
    okr_unit_apply_filter();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
