/* test_plausible.c: the plausibility guard (runtime/plausible.c): the rule
 * on single values, as spec.md's table of "Implausible values" gives it,
 * and what the guard does to a store: days set aside, days of two
 * observations split, declared units and count metrics left alone, one
 * OKR920 per metric. */
#include "unit.h"

#include "../../checker/program.h"
#include "../../common/calendar.h"
#include "../../runtime/bind.h"
#include "../../runtime/plausible.h"
#include "../../runtime/store.h"

static okr_metric_decl metric(okr_type_kind type)
{
    okr_metric_decl m;
    memset(&m, 0, sizeof m);
    m.type = type;
    m.name.text = "m";
    m.name.span.file = OKR_NO_FILE;
    static const okr_metric_more usd = {.currency = {"USD", {OKR_NO_FILE, 0, 0}}};
    m.more = type == OKR_TYPE_MONEY ? &usd : &okr_metric_none;
    m.feed_factor = 1;
    return m;
}

static const char *judged(okr_type_kind type, double v, double lo, double hi)
{
    okr_metric_decl m = metric(type);
    int unit = okr_plausible_judge(&m, v, lo, hi);
    return unit < 0 ? "plausible" : okr_plausible_unit(&m, unit, NULL);
}

/* spec.md, "Implausible values": the table, row by row. */
static void test_rule(void **state)
{
    (void)state;
    assert_string_equal(judged(OKR_TYPE_DURATION, 56, 45 * 86400.0, 62 * 86400.0), "d");
    /* 1 week is nearer than 1 day to 45..62 days: the nearest unit wins. */
    assert_string_equal(judged(OKR_TYPE_DURATION, 1, 45 * 86400.0, 62 * 86400.0), "w");
    assert_string_equal(judged(OKR_TYPE_PERCENT, 0.25, 20, 30), "fraction");
    assert_string_equal(judged(OKR_TYPE_PERCENT, 0.1, 2, 3), "plausible");
    assert_string_equal(judged(OKR_TYPE_DURATION, 5, 0.3, 0.3), "plausible");
    assert_string_equal(judged(OKR_TYPE_DURATION, 300, 0.3, 0.3), "ms");
    assert_string_equal(judged(OKR_TYPE_MONEY, 1250000, 10000, 15000), "cents");
    /* Within ten times of the scale, zero, and types without candidates. */
    assert_string_equal(judged(OKR_TYPE_DURATION, 4000000, 45 * 86400.0, 62 * 86400.0), "plausible");
    assert_string_equal(judged(OKR_TYPE_DURATION, 0, 45 * 86400.0, 62 * 86400.0), "plausible");
    assert_string_equal(judged(OKR_TYPE_COUNT, 5000, 50, 100), "plausible");
    assert_string_equal(judged(OKR_TYPE_SCORE, 1, 40, 60), "plausible");
    /* Negative values are judged by their magnitude. */
    assert_string_equal(judged(OKR_TYPE_MONEY, -1250000, 10000, 15000), "cents");
}

static okr_program *checked(const char *text)
{
    okr_program *prog = calloc(1, sizeof *prog);
    assert_non_null(prog);
    okr_program_init(prog);
    okr_program_add_text(prog, "t.okr", text, strlen(text));
    okr_program_check(prog);
    assert_int_equal(prog->diags.errors, 0);
    return prog;
}

static okr_series *series(okr_store *store, const char *name)
{
    okr_series *s = okr_store_series_named(store, name);
    assert_non_null(s);
    return s;
}

static long july(int day)
{
    long days = 0;
    assert_true(okr_calendar_days_from_date(2026, 7, day, &days));
    return days;
}

static int64_t at(int day, int hour)
{
    return (int64_t)july(day) * 86400 + hour * 3600;
}

/* Days in days are set aside, a two-observation day keeps its plausible
 * half, a declared unit, a count and the days of a sum are left alone. */
static void test_store(void **state)
{
    (void)state;
    okr_program *prog = checked("team t \"T\" owner \"O\"\n"
                                "cycle 2026-Q3\n"
                                "metric cyc \"Sales cycle\" : duration decreasing\n"
                                "metric cyc_d \"Sales cycle, declared\" : duration decreasing unit d\n"
                                "metric deals \"Deals lost\" : count decreasing\n"
                                "metric oncall \"On-call time\" : duration decreasing aggregate sum over cycle\n"
                                "aspirational objective o \"Close deals faster\" {\n"
                                "  kr a : cyc from 62d to 45d\n"
                                "  kr b : cyc_d from 62d to 45d\n"
                                "  kr c : deals from 100 to 50\n"
                                "  counter oncall at most 100h\n"
                                "}\n");
    long first = 0, last = 0;
    assert_true(okr_bind_range(prog, &first, &last));
    okr_store store;
    okr_store_init(&store, &prog->arena, first, last);
    okr_bind_metrics(prog, &store);
    okr_series *cyc = series(&store, "cyc"), *cyc_d = series(&store, "cyc_d"), *deals = series(&store, "deals");
    okr_store_add(&store, cyc, at(1, 0), 61);
    okr_store_add(&store, cyc, at(2, 8), 4000000);
    okr_store_add(&store, cyc, at(2, 9), 58);
    okr_store_add(&store, cyc_d, at(1, 0), 61);
    okr_store_add(&store, deals, at(1, 0), 5000);
    /* Hours of a summed metric are far below its total, not in minutes. */
    okr_series *oncall = series(&store, "oncall");
    for (int day = 1; day <= 3; day++)
        okr_store_add(&store, oncall, at(day, 0), 3600);
    okr_diags diags;
    okr_diags_init(&diags, &prog->arena);
    assert_int_equal(okr_plausible_check(prog, &store, &diags), 1);
    assert_int_equal(diags.list.len, 1);
    okr_diag *d = diags.list.items[0];
    assert_int_equal(d->code, OKR920);
    assert_non_null(strstr(d->message, "feed value 61 of metric 'cyc' looks like days"));
    long d1 = july(1) - store.first_day;
    assert_int_equal(cyc->days[d1].count, 0);
    assert_int_equal(cyc->days[d1 + 1].count, 1);
    assert_true(cyc->days[d1 + 1].last == 4000000 && cyc->days[d1 + 1].sum == 4000000);
    assert_int_equal(cyc->set_aside, 2);
    assert_true(cyc_d->days[d1].last == 61 * 86400.0);
    assert_int_equal(cyc_d->set_aside, 0);
    assert_int_equal(deals->days[d1].count, 1);
    assert_int_equal(oncall->set_aside, 0);
    okr_program_free(prog);
    free(prog);
}

/* A feed that declared its unit (#unit=s) is trusted like a `unit` clause. */
static void test_feed_unit_trusted(void **state)
{
    (void)state;
    okr_program *prog = checked("team t \"T\" owner \"O\"\n"
                                "cycle 2026-Q3\n"
                                "metric cyc \"Sales cycle\" : duration decreasing\n"
                                "aspirational objective o \"Close deals faster\" {\n"
                                "  kr a : cyc from 62d to 45d\n"
                                "}\n");
    long first = 0, last = 0;
    assert_true(okr_bind_range(prog, &first, &last));
    okr_store store;
    okr_store_init(&store, &prog->arena, first, last);
    okr_bind_metrics(prog, &store);
    okr_series *cyc = series(&store, "cyc");
    okr_store_add_base(&store, cyc, at(1, 0), 61);
    cyc->unit_from_feed = 1;
    okr_diags diags;
    okr_diags_init(&diags, &prog->arena);
    assert_int_equal(okr_plausible_check(prog, &store, &diags), 0);
    assert_int_equal(cyc->set_aside, 0);
    okr_program_free(prog);
    free(prog);
}

int main(void)
{
    okr_unit_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule),
        cmocka_unit_test(test_store),
        cmocka_unit_test(test_feed_unit_trusted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
