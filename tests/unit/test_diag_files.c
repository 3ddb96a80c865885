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

/* A parsing thread's diags count one file at a time: the cap applies per
 * file between takes, the part carries what was only counted, and no
 * counts over all files are made. Merged, the parts give what reporting
 * into the program directly gives. */
static void one_file_at_a_time_caps_each_file(void **state)
{
    (void)state;
    okr_arena arena;
    okr_arena_init(&arena);
    okr_diags worker, prog;
    okr_diags_init(&worker, &arena);
    okr_diags_init(&prog, &arena);
    okr_diags_one_file_at_a_time(&worker);
    okr_diags_part parts[2];
    uint32_t files[2] = {40000, 40007};
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < OKR_DIAG_MAX_STORED_PER_FILE + 3 + k; i++)
            okr_diag_report(&worker, OKR008, okr_span_make(files[k], 0, 0), "x");
        okr_diags_take(&worker, files[k], &parts[k]);
        assert_int_equal(parts[k].list.len, OKR_DIAG_MAX_STORED_PER_FILE);
        assert_int_equal(parts[k].dropped_in_file, 3 + k);
    }
    assert_int_equal(worker.files_tracked, 0);
    for (int k = 0; k < 2; k++)
        okr_diags_merge(&prog, &parts[k]);
    assert_int_equal(prog.list.len, 2 * OKR_DIAG_MAX_STORED_PER_FILE);
    assert_int_equal(prog.dropped_in_file[40000], 3);
    assert_int_equal(prog.dropped_in_file[40007], 4);
    assert_int_equal(prog.dropped_errors + prog.dropped_warnings + prog.dropped_notes, 7);
    okr_arena_free(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_grow_geometrically),
        cmocka_unit_test(cap_still_counts_per_file),
        cmocka_unit_test(one_file_at_a_time_caps_each_file),
    };
    okr_unit_apply_filter();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
