/* test_load_batch.c: the parts of okr_program_add_files (checker/program.h)
 * that make a load on threads give what the serial load gives:
 * okr_arena_adopt (common/arena.h), okr_diags_take / okr_diags_merge
 * (common/diag.h), compared with recording into one okr_diags directly,
 * the per-file cap included; and the loader itself with 1, 2 and 5 jobs
 * over the golden cases, with context files and unreadable files. Runs
 * from the repository root. */
#include "unit.h"

#include <errno.h>
#include <glob.h>
#include <unistd.h>

#include "../../checker/program.h"
#include "../../common/render.h"
#include "../../common/workspace.h"

static void arena_adopt_keeps_allocations(void **state)
{
    (void)state;
    okr_arena a, b, empty;
    okr_arena_init(&a);
    okr_arena_init(&b);
    okr_arena_init(&empty);
    char *in_a = okr_arena_strdup(&a, "kept in a");
    char *big = okr_arena_alloc(&b, 1 << 20); /* a block of its own */
    memset(big, 'x', 1 << 20);
    char *in_b[100];
    for (int i = 0; i < 100; i++)
        in_b[i] = okr_arena_printf(&b, "b%d", i);
    size_t used = a.bytes_used + b.bytes_used;
    okr_arena_adopt(&a, &b);
    okr_arena_adopt(&a, &empty);
    assert_null(b.head);
    assert_int_equal(b.bytes_used, 0);
    assert_int_equal(a.bytes_used, used);
    char *after = okr_arena_strdup(&a, "after");
    assert_string_equal(in_a, "kept in a");
    assert_string_equal(in_b[42], "b42");
    assert_string_equal(after, "after");
    assert_int_equal(big[(1 << 20) - 1], 'x');
    /* An empty arena adopts another's blocks whole. */
    okr_arena c;
    okr_arena_init(&c);
    okr_arena_adopt(&c, &a);
    assert_string_equal(in_b[99], "b99");
    okr_arena_free(&c); /* frees a's blocks and b's: ASan sees a leak or a double free */
    okr_arena_free(&a);
    okr_arena_free(&b);
}

/* Reports `count` findings about `file` (errors, with a warning every
 * tenth), then one without a file. */
static void report_some(okr_diags *diags, uint32_t file, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        okr_diag *d = okr_diag_report(diags, i % 10 ? OKR004 : OKR503, okr_span_make(file, (uint32_t)(count - i), 0),
                                      "finding %zu", i);
        okr_diag_help(diags, d, "help %zu", i);
    }
    okr_diag_report(diags, OKR008, okr_span_make(OKR_NO_FILE, 0, 0), "no file");
}

static char *render(okr_diags *diags, okr_source_table *sources)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    okr_render_options ro = {.format = OKR_FORMAT_JSON, .files_checked = 3, .tool_version = "t"};
    okr_render(out, diags, sources, &ro);
    fprintf(out, "%zu %zu %zu %zu\n", diags->errors, diags->warnings, diags->notes, diags->hidden);
    fclose(out);
    return text;
}

static void diags_merge_matches_direct(void **state)
{
    (void)state;
    okr_arena arena;
    okr_arena_init(&arena);
    okr_source_table sources;
    okr_source_init(&sources, &arena);
    for (int i = 0; i < 3; i++)
        okr_source_add(&sources, "f.okr", "x\n", 2, 0);

    /* Directly: file 0's findings, then file 2's, over the stored cap. */
    okr_diags direct;
    okr_diags_init(&direct, &arena);
    okr_diags_set_severity(&direct, OKR503, OKR_SEV_NOTE);
    report_some(&direct, 0, 3);
    report_some(&direct, 2, OKR_DIAG_MAX_STORED_PER_FILE + 7);

    /* Apart: file 0 directly, file 2 through a part recorded elsewhere. */
    okr_diags merged;
    okr_diags_init(&merged, &arena);
    okr_diags_set_severity(&merged, OKR503, OKR_SEV_NOTE);
    report_some(&merged, 0, 3);
    okr_arena other;
    okr_arena_init(&other);
    okr_diags apart;
    okr_diags_init_like(&apart, &other, &merged);
    assert_int_equal(apart.severity_of[OKR503], OKR_SEV_NOTE);
    okr_diags_reserve_files(&apart, 3);
    report_some(&apart, 2, OKR_DIAG_MAX_STORED_PER_FILE + 7);
    okr_diags_part part;
    okr_diags_take(&apart, 2, &part);
    assert_int_equal(apart.list.len, 0);
    assert_int_equal(part.dropped_in_file, 7);
    okr_arena_adopt(&arena, &other);
    okr_diags_merge(&merged, &part);
    assert_int_equal(merged.list.len, direct.list.len);
    for (size_t i = 0; i < direct.list.len; i++) {
        const okr_diag *x = direct.list.items[i], *y = merged.list.items[i];
        assert_string_equal(x->message, y->message);
        assert_int_equal(x->sequence, y->sequence);
    }

    okr_diags_finish(&direct);
    okr_diags_finish(&merged);
    char *a = render(&direct, &sources), *b = render(&merged, &sources);
    assert_string_equal(a, b);
    free(a);
    free(b);
    okr_source_free(&sources);
    okr_arena_free(&arena);
}

/* Everything a load and check gives, in JSON, with the units and context. */
static char *load_output(const char *const *paths, size_t n, const unsigned char *context, int jobs,
                         int *failures)
{
    okr_program prog;
    okr_program_init(&prog);
    okr_load_options o = {.context = context, .jobs = jobs};
    int rc = okr_program_add_files(&prog, paths, n, &o);
    okr_program_check(&prog);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    okr_render_options ro = {.format = OKR_FORMAT_JSON, .files_checked = prog.units.len, .tool_version = "t"};
    okr_render(out, &prog.diags, &prog.sources, &ro);
    fprintf(out, "rc %d units %zu context %zu sources %zu\n", rc, prog.units.len, prog.context_units,
            prog.sources.len);
    fclose(out);
    okr_program_free(&prog);
    *failures = rc;
    return text;
}

typedef struct failure_log {
    char seen[4096];
} failure_log;

static int log_failure(void *ctx, const char *path, int context)
{
    failure_log *log = ctx;
    size_t used = strlen(log->seen);
    snprintf(log->seen + used, sizeof log->seen - used, "%s %d %d;", path, context, errno);
    return !context; /* a file to check stops the load */
}

static char *load_logged(const char *const *paths, size_t n, const unsigned char *context, int jobs,
                         failure_log *log)
{
    okr_program prog;
    okr_program_init(&prog);
    memset(log, 0, sizeof *log);
    okr_load_options o = {.context = context, .jobs = jobs, .failed = log_failure, .ctx = log};
    int rc = okr_program_add_files(&prog, paths, n, &o);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    okr_program_check(&prog);
    okr_render_options ro = {.format = OKR_FORMAT_TEXT, .files_checked = prog.units.len, .tool_version = "t"};
    okr_render(out, &prog.diags, &prog.sources, &ro);
    fprintf(out, "rc %d units %zu context %zu\n", rc, prog.units.len, prog.context_units);
    fclose(out);
    okr_program_free(&prog);
    return text;
}

static void add_files_matches_serial(void **state)
{
    (void)state;
    glob_t g;
    assert_int_equal(glob("tests/cases/*/*.okr", 0, NULL, &g), 0);
    assert_true(g.gl_pathc > 40);
    size_t n = g.gl_pathc;
    const char **paths = calloc(n + 2, sizeof *paths);
    unsigned char *context = calloc(n + 2, 1);
    assert_non_null(paths);
    assert_non_null(context);
    for (size_t i = 0; i < n; i++) {
        paths[i] = g.gl_pathv[i];
        context[i] = i % 7 == 3;
    }
    int rc;
    char *serial = load_output(paths, n, NULL, 1, &rc);
    assert_int_equal(rc, 0);
    char *serial_context = load_output(paths, n, context, 1, &rc);
    for (int jobs = 2; jobs <= 5; jobs += 3) {
        char *threaded = load_output(paths, n, NULL, jobs, &rc);
        assert_string_equal(serial, threaded);
        free(threaded);
        threaded = load_output(paths, n, context, jobs, &rc);
        assert_string_equal(serial_context, threaded);
        free(threaded);
    }
    free(serial);
    free(serial_context);

    /* Unreadable files: a context one is passed over, a checked one stops
     * the load there; the callback sees them in order, errno set. */
    const char *some[] = {paths[0], "tests/no/such/context.okr", paths[1], "tests/no/such/file.okr", paths[2],
                          "tests/no/such/after.okr"};
    unsigned char some_context[] = {0, 1, 0, 0, 0, 0};
    failure_log log1, log2;
    char *a = load_logged(some, 6, some_context, 1, &log1);
    char *b = load_logged(some, 6, some_context, 3, &log2);
    assert_string_equal(a, b);
    assert_string_equal(log1.seen, log2.seen);
    char want[200];
    snprintf(want, sizeof want, "tests/no/such/context.okr 1 %d;tests/no/such/file.okr 0 %d;", ENOENT, ENOENT);
    assert_string_equal(log1.seen, want);
    assert_non_null(strstr(a, "rc -1 units 2 context 0"));
    free(a);
    free(b);

    /* No callback: the first failure stops the load, errno set. */
    okr_program prog;
    okr_program_init(&prog);
    okr_load_options o = {.jobs = 4};
    errno = 0;
    assert_int_equal(okr_program_add_files(&prog, some, 6, &o), -1);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(prog.units.len, 1);
    okr_program_free(&prog);
    free(paths);
    free(context);
    globfree(&g);
}

/* A regular file over the limit is not read: nothing is allocated for it. */
static void read_within_skips_big_files(void **state)
{
    (void)state;
    char path[] = "/tmp/okrc-within-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, 100), 0);
    close(fd);
    size_t len = 99;
    int too_big = 0;
    char *text = okr_workspace_read_within(path, 99, &len, &too_big);
    assert_non_null(text);
    assert_int_equal(too_big, 1);
    assert_int_equal(len, 0);
    free(text);
    text = okr_workspace_read_within(path, 100, &len, &too_big);
    assert_int_equal(too_big, 0);
    assert_int_equal(len, 100);
    free(text);
    unlink(path);
}

static void jobs_are_bounded(void **state)
{
    (void)state;
    assert_int_equal(okr_load_jobs(0, 1), 1);
    assert_int_equal(okr_load_jobs(0, 2 * OKR_LOAD_FILES_PER_JOB - 1), 1); /* a handful: no thread */
    assert_true(okr_load_jobs(0, 100000) <= OKR_LOAD_MAX_JOBS);
    assert_int_equal(okr_load_jobs(8, 3), 3); /* never more threads than files */
    assert_int_equal(okr_load_jobs(1, 100000), 1);
    assert_int_equal(okr_load_jobs(1000, 100000), OKR_LOAD_MAX_EXPLICIT_JOBS);
    assert_int_equal(okr_load_jobs(4, 0), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_adopt_keeps_allocations),
        cmocka_unit_test(diags_merge_matches_direct),
        cmocka_unit_test(add_files_matches_serial),
        cmocka_unit_test(read_within_skips_big_files),
        cmocka_unit_test(jobs_are_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
