/* test_feed_native.c: native feeds end to end, from a `native` declaration
 * in a real .okr file to the values in the store.
 *
 * Each test writes a program next to the test library
 * ($OKR_TEST_BUILD/tests/libtestfeed.so, OKR_TEST_BUILD defaulting to
 * "build"), so the library path in the declaration is relative to the .okr
 * file exactly as users write it; checks it; binds its metrics in a store
 * covering 2026-Q3; samples the natives up to a last day and compares the
 * buckets with the formulas of tests/native/testfeed.c. The failure tests
 * assert the diagnostic code and that nothing was sampled. */
#include "unit.h"

#include <unistd.h>

#include "../../common/calendar.h"
#include "../../checker/program.h"
#include "../../runtime/feed.h"

enum { PATH_MAX_TEST = 4096 };

#define HEADER "team growth \"Growth\" owner \"Ana\"\ncycle 2026-Q3\n"

typedef struct fixture {
    okr_program prog;
    okr_store store;
    okr_diags diags;
    okr_feed_ctx ctx;
    char path[512];
    long first_day, last_day;
} fixture;

static const char *build_dir(void)
{
    const char *b = getenv("OKR_TEST_BUILD");
    return b && *b ? b : "build";
}

static long day_of(int y, int m, int d)
{
    long days = 0;
    assert_true(okr_calendar_days_from_date(y, m, d, &days));
    return days;
}

/* Writes `text` as a .okr file in the test library's directory, checks it
 * (expecting `check_errors` errors) and binds every metric of team growth
 * in a store for 2026-Q3. */
static void setup_program(fixture *f, const char *name, const char *text, size_t check_errors)
{
    memset(f, 0, sizeof *f);
    snprintf(f->path, sizeof f->path, "%s/tests/native_%s_%ld.okr", build_dir(), name, (long)getpid());
    FILE *out = fopen(f->path, "w");
    assert_non_null(out);
    fputs(text, out);
    assert_int_equal(fclose(out), 0);

    okr_program_init(&f->prog);
    assert_int_equal(okr_program_add_file(&f->prog, f->path), 0);
    okr_program_check(&f->prog);
    if (f->prog.diags.errors != check_errors) {
        for (size_t i = 0; i < f->prog.diags.list.len; i++) {
            const okr_diag *d = f->prog.diags.list.items[i];
            fprintf(stderr, "  %s: %s\n", okr_code_info_get(d->code)->code, d->message);
        }
    }
    assert_int_equal(f->prog.diags.errors, check_errors);

    f->first_day = day_of(2026, 7, 1);
    f->last_day = day_of(2026, 9, 30);
    okr_store_init(&f->store, &f->prog.arena, f->first_day, f->last_day);
    for (size_t i = 0; i < f->prog.teams.len; i++) {
        okr_team *t = f->prog.teams.items[i];
        for (size_t j = 0; j < t->metric_list.len; j++) {
            okr_metric_decl *m = t->metric_list.items[j];
            okr_store_bind(&f->store, m, okr_arena_printf(&f->prog.arena, "%s.%s", t->name, m->name.text),
                           m->name.text);
        }
    }
    okr_diags_init(&f->diags, &f->prog.arena);
    f->ctx = (okr_feed_ctx){
        .store = &f->store, .diags = &f->diags, .sources = &f->prog.sources, .arena = &f->prog.arena,
    };
}

static void teardown_program(fixture *f)
{
    unlink(f->path);
    okr_program_free(&f->prog);
}

static okr_series *series(fixture *f, const char *key)
{
    okr_series *s = okr_store_series_named(&f->store, key);
    assert_non_null(s);
    return s;
}

static const okr_obs_day *bucket(fixture *f, const char *key, int y, int m, int d)
{
    return &series(f, key)->days[day_of(y, m, d) - f->first_day];
}

static size_t stored_rows(fixture *f)
{
    size_t n = 0;
    for (size_t i = 0; i < f->store.series.len; i++)
        n += ((okr_series *)f->store.series.items[i])->rows;
    return n;
}

static void test_metric_and_date_params(void **state)
{
    (void)state;
    fixture *f = malloc(sizeof *f);
    assert_non_null(f);
    setup_program(f, "lin",
                  HEADER "native lin \"libtestfeed.so\" \"okr_test_linear\" (metric, date) : number\n"
                         "metric activation \"A\" : percent increasing via lin\n"
                         "metric signups \"S\" : count increasing via lin\n"
                         "metric plain \"P\" : count increasing\n",
                  0);
    assert_int_equal(okr_feed_read_native(&f->ctx, &f->prog, day_of(2026, 7, 10)), 0);
    assert_int_equal(f->diags.list.len, 0);

    /* 20 + day of month / 2 for "activation", one observation at midnight. */
    const okr_obs_day *b = bucket(f, "activation", 2026, 7, 1);
    assert_int_equal(b->count, 1);
    assert_true(b->last == 20.5 && b->first == 20.5 && b->sum == 20.5 && b->min == 20.5 && b->max == 20.5);
    assert_true(b->first_ts == (int64_t)day_of(2026, 7, 1) * OKR_SECONDS_PER_DAY);
    assert_true(b->last_ts == b->first_ts);
    b = bucket(f, "activation", 2026, 7, 10);
    assert_int_equal(b->count, 1);
    assert_true(b->last == 25.0);
    /* Nothing after the last day asked for. */
    assert_int_equal(bucket(f, "activation", 2026, 7, 11)->count, 0);
    assert_int_equal(series(f, "activation")->rows, 10);
    assert_true(series(f, "activation")->latest_ts == (int64_t)day_of(2026, 7, 10) * OKR_SECONDS_PER_DAY);

    /* Any other feed name gets 100: the function sees the metric's name. */
    assert_true(bucket(f, "signups", 2026, 7, 5)->last == 100.0);
    assert_int_equal(series(f, "signups")->rows, 10);
    /* A metric with no `via` is left alone. */
    assert_int_equal(series(f, "plain")->rows, 0);
    assert_int_equal(f->ctx.stats.rows, 20);
    assert_int_equal(f->ctx.stats.stored, 20);
    teardown_program(f);
    free(f);
}

static void test_day_param_int_result_and_no_params(void **state)
{
    (void)state;
    fixture *f = malloc(sizeof *f);
    assert_non_null(f);
    setup_program(f, "day",
                  HEADER "native byday \"libtestfeed.so\" \"okr_test_by_day\" (day) : int\n"
                         "native constant \"libtestfeed.so\" \"okr_test_constant\" () : number\n"
                         "metric dayno \"D\" : count increasing via byday\n"
                         "metric fixed \"F\" : number increasing via constant\n",
                  0);
    /* A last day past the store's range is clamped to it. */
    assert_int_equal(okr_feed_read_native(&f->ctx, &f->prog, day_of(2026, 12, 31)), 0);
    assert_int_equal(f->diags.list.len, 0);
    long d = day_of(2026, 8, 15);
    assert_true(bucket(f, "dayno", 2026, 8, 15)->last == (double)(d % 1000));
    assert_true(bucket(f, "dayno", 2026, 7, 1)->last == (double)(f->first_day % 1000));
    assert_int_equal(series(f, "dayno")->rows, 92);
    assert_true(bucket(f, "fixed", 2026, 9, 30)->last == 42.0);
    assert_int_equal(series(f, "fixed")->rows, 92);
    teardown_program(f);
    free(f);
}

static void test_absolute_library_path(void **state)
{
    (void)state;
    char lib[PATH_MAX_TEST];
    char *abs = realpath(build_dir(), NULL);
    assert_non_null(abs);
    snprintf(lib, sizeof lib, "%s/tests/libtestfeed.so", abs);
    free(abs);
    char text[PATH_MAX_TEST + 512];
    snprintf(text, sizeof text,
             HEADER "native constant \"%s\" \"okr_test_constant\" () : number\n"
                    "metric fixed \"F\" : number increasing via constant\n",
             lib);
    fixture *f = malloc(sizeof *f);
    assert_non_null(f);
    setup_program(f, "abs", text, 0);
    assert_int_equal(okr_feed_read_native(&f->ctx, &f->prog, day_of(2026, 7, 3)), 0);
    assert_int_equal(series(f, "fixed")->rows, 3);
    teardown_program(f);
    free(f);
}

static void test_missing_library(void **state)
{
    (void)state;
    fixture *f = malloc(sizeof *f);
    assert_non_null(f);
    setup_program(f, "nolib",
                  HEADER "native lin \"libnot-there.so\" \"okr_test_linear\" (metric, date) : number\n"
                         "native ok \"libtestfeed.so\" \"okr_test_constant\" () : number\n"
                         "metric activation \"A\" : percent increasing via lin\n"
                         "metric fixed \"F\" : number increasing via ok\n",
                  0);
    assert_int_equal(okr_feed_read_native(&f->ctx, &f->prog, day_of(2026, 7, 10)), -1);
    assert_int_equal(okr_diags_count_code(&f->diags, OKR910), 1);
    const okr_diag *d = f->diags.list.items[0];
    assert_non_null(strstr(d->message, "libnot-there.so"));
    /* The diagnostic points into the .okr file, at the library string. */
    assert_true(d->span.file != OKR_NO_FILE);
    const okr_source_file *src = okr_source_get(&f->prog.sources, d->span.file);
    assert_int_equal(strncmp(src->text + d->span.start, "\"libnot-there.so\"", 17), 0);
    /* The help names the path tried: the .okr file's directory. */
    char tried[600];
    snprintf(tried, sizeof tried, "here: %s/tests/libnot-there.so", build_dir());
    assert_int_equal(d->help_count, 1);
    assert_non_null(strstr(d->help[0], tried));
    /* No metric is sampled when any declaration fails. */
    assert_int_equal(stored_rows(f), 0);
    teardown_program(f);
    free(f);
}

static void test_missing_symbol(void **state)
{
    (void)state;
    fixture *f = malloc(sizeof *f);
    assert_non_null(f);
    setup_program(f, "nosym",
                  HEADER "native lin \"libtestfeed.so\" \"okr_test_absent\" (metric, date) : number\n"
                         "metric activation \"A\" : percent increasing via lin\n",
                  0);
    assert_int_equal(okr_feed_read_native(&f->ctx, &f->prog, day_of(2026, 7, 10)), -1);
    assert_int_equal(okr_diags_count_code(&f->diags, OKR910), 1);
    const okr_diag *d = f->diags.list.items[0];
    assert_non_null(strstr(d->message, "okr_test_absent"));
    assert_int_equal(stored_rows(f), 0);
    teardown_program(f);
    free(f);
}

static void test_bad_kinds(void **state)
{
    (void)state;
    fixture *f = malloc(sizeof *f);
    assert_non_null(f);
    /* The checker rejects the kinds (OKR804); the reader must not trust
     * that it ran, and refuses to build a call from them. */
    setup_program(f, "kind",
                  HEADER "native lin \"libtestfeed.so\" \"okr_test_linear\" (metric, week) : number\n"
                         "native byday \"libtestfeed.so\" \"okr_test_by_day\" (day) : float\n"
                         "metric activation \"A\" : percent increasing via lin\n"
                         "metric dayno \"D\" : count increasing via byday\n",
                  2);
    assert_int_equal(okr_diags_count_code(&f->prog.diags, OKR804), 2);
    assert_int_equal(okr_feed_read_native(&f->ctx, &f->prog, day_of(2026, 7, 10)), -1);
    assert_int_equal(okr_diags_count_code(&f->diags, OKR911), 2);
    assert_int_equal(okr_diags_count_code(&f->diags, OKR910), 0);
    assert_int_equal(stored_rows(f), 0);
    teardown_program(f);
    free(f);
}

static void test_unused_declaration_is_not_loaded(void **state)
{
    (void)state;
    fixture *f = malloc(sizeof *f);
    assert_non_null(f);
    /* No bound metric uses `broken`, so its missing library is no error. */
    setup_program(f, "unused",
                  HEADER "native broken \"libnot-there.so\" \"x\" () : number\n"
                         "native constant \"libtestfeed.so\" \"okr_test_constant\" () : number\n"
                         "metric fixed \"F\" : number increasing via constant\n",
                  0);
    assert_int_equal(okr_feed_read_native(&f->ctx, &f->prog, day_of(2026, 7, 2)), 0);
    assert_int_equal(f->diags.list.len, 0);
    assert_int_equal(series(f, "fixed")->rows, 2);
    teardown_program(f);
    free(f);
}

/* The C library's path in this process, for a function that can return NaN
 * and infinity on demand: atof("nan"), atof("inf"). Linux only. */
static int libc_path(char *out, size_t len)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps)
        return 0;
    char line[1024];
    int found = 0;
    while (!found && fgets(line, sizeof line, maps)) {
        char *path = strchr(line, '/');
        if (path && (strstr(path, "/libc.so.6") || strstr(path, "/libc-"))) {
            path[strcspn(path, "\n")] = '\0';
            snprintf(out, len, "%s", path);
            found = 1;
        }
    }
    fclose(maps);
    return found;
}

static void test_non_finite_values(void **state)
{
    (void)state;
    char libc[PATH_MAX_TEST];
    if (!libc_path(libc, sizeof libc)) {
        printf("skipped: no /proc/self/maps to find the C library\n");
        return;
    }
    char text[PATH_MAX_TEST + 512];
    snprintf(text, sizeof text,
             HEADER "native parse \"%s\" \"atof\" (metric) : number\n"
                    "metric nan \"N\" : number increasing via parse\n"
                    "metric inf \"I\" : number increasing via parse\n"
                    "metric zero \"Z\" : number increasing via parse\n",
             libc);
    fixture *f = malloc(sizeof *f);
    assert_non_null(f);
    setup_program(f, "nan", text, 0);
    assert_int_equal(okr_feed_read_native(&f->ctx, &f->prog, day_of(2026, 7, 5)), 0);
    /* Once per metric, not once per day. */
    assert_int_equal(okr_diags_count_code(&f->diags, OKR912), 2);
    assert_int_equal(f->diags.list.len, 2);
    assert_int_equal(series(f, "nan")->rows, 0);
    assert_int_equal(series(f, "inf")->rows, 0);
    assert_int_equal(series(f, "zero")->rows, 5);
    assert_int_equal(f->ctx.stats.malformed, 10);
    const okr_diag *d = f->diags.list.items[0];
    assert_non_null(strstr(d->message, "on 5 days (first 2026-07-01)"));
    teardown_program(f);

    /* --strict-feeds stops at the first one. */
    setup_program(f, "nanstrict", text, 0);
    f->ctx.strict = 1;
    assert_int_equal(okr_feed_read_native(&f->ctx, &f->prog, day_of(2026, 7, 5)), -1);
    assert_int_equal(okr_diags_count_code(&f->diags, OKR912), 1);
    assert_int_equal(f->ctx.stats.malformed, 1);
    teardown_program(f);
    free(f);
}

/* A count cannot be negative: those days are malformed, reported once per
 * metric (OKR905), and not stored; a number metric takes them. */
static void test_negative_counts(void **state)
{
    (void)state;
    fixture *f = malloc(sizeof *f);
    assert_non_null(f);
    setup_program(f, "negative",
                  HEADER "native signed \"libtestfeed.so\" \"okr_test_signed\" (day) : int\n"
                         "metric accounts \"Accounts\" : count increasing via signed\n"
                         "metric balance \"Balance\" : number increasing via signed\n",
                  0);
    assert_int_equal(okr_feed_read_native(&f->ctx, &f->prog, day_of(2026, 7, 4)), 0);
    assert_int_equal(f->diags.list.len, 1);
    const okr_diag *d = f->diags.list.items[0];
    assert_int_equal(d->code, OKR905);
    assert_non_null(strstr(d->message, "negative value for count metric 'accounts' on 2 days (first 2026-07-01)"));
    assert_int_equal(series(f, "accounts")->rows, 2);
    assert_int_equal(series(f, "balance")->rows, 4);
    assert_int_equal(f->ctx.stats.malformed, 2);
    assert_true(bucket(f, "balance", 2026, 7, 1)->last == -3);
    teardown_program(f);

    setup_program(f, "negstrict",
                  HEADER "native signed \"libtestfeed.so\" \"okr_test_signed\" (day) : int\n"
                         "metric accounts \"Accounts\" : count increasing via signed\n",
                  0);
    f->ctx.strict = 1;
    assert_int_equal(okr_feed_read_native(&f->ctx, &f->prog, day_of(2026, 7, 4)), -1);
    assert_int_equal(f->ctx.stats.malformed, 1);
    teardown_program(f);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metric_and_date_params),
        cmocka_unit_test(test_day_param_int_result_and_no_params),
        cmocka_unit_test(test_absolute_library_path),
        cmocka_unit_test(test_missing_library),
        cmocka_unit_test(test_missing_symbol),
        cmocka_unit_test(test_bad_kinds),
        cmocka_unit_test(test_unused_declaration_is_not_loaded),
        cmocka_unit_test(test_non_finite_values),
        cmocka_unit_test(test_negative_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
