/* test_units.c: which unit fits which metric type, normalisation to base
 * units and currency codes (checker/units.c), and what the types and feeds
 * passes store in the tree for later stages (checker/program.h). Calendar
 * arithmetic moved to test_calendar.c with the functions. */
#include <math.h>

#include "unit.h"

#include "../../checker/passes.h"

static const okr_metric_more usd = {.currency = {"USD", {OKR_NO_FILE, 0, 0}}};

/* CURRENCY is "USD" or NULL. */
static okr_metric_decl metric(okr_type_kind type, const char *currency)
{
    okr_metric_decl m;
    memset(&m, 0, sizeof m);
    m.type = type;
    m.name.text = "m";
    m.name.span.file = OKR_NO_FILE;
    m.more = currency ? &usd : &okr_metric_none;
    return m;
}

static okr_quantity q(double value, const char *unit)
{
    okr_quantity x;
    memset(&x, 0, sizeof x);
    x.value = value;
    x.unit = unit;
    return x;
}

static int fits(okr_type_kind type, okr_value_role role, double value, const char *unit, double *out, int *rel)
{
    okr_metric_decl m = metric(type, type == OKR_TYPE_MONEY ? "USD" : NULL);
    okr_quantity x = q(value, unit);
    return okr_unit_normalise(NULL, &m, &x, role, out, rel);
}

static void test_percent(void **state)
{
    (void)state;
    double v;
    int rel;
    assert_true(fits(OKR_TYPE_PERCENT, OKR_VALUE_LEVEL, 22, "%", &v, &rel));
    assert_true(v == 22 && !rel);
    assert_false(fits(OKR_TYPE_PERCENT, OKR_VALUE_LEVEL, 22, NULL, &v, &rel));
    assert_false(fits(OKR_TYPE_PERCENT, OKR_VALUE_LEVEL, 22, "pp", &v, &rel));
    assert_true(fits(OKR_TYPE_PERCENT, OKR_VALUE_CHANGE, 5, "pp", &v, &rel));
    assert_true(v == 5 && !rel);
    assert_true(fits(OKR_TYPE_PERCENT, OKR_VALUE_CHANGE, -40, "%", &v, &rel));
    assert_true(rel && v == -0.4);
    assert_false(fits(OKR_TYPE_PERCENT, OKR_VALUE_LEVEL, 45, "min", &v, &rel));
}

static void test_duration(void **state)
{
    (void)state;
    double v;
    int rel;
    static const struct { const char *unit; double seconds; } table[] = {
        {"ms", 0.3}, {"s", 300}, {"min", 18000}, {"h", 1080000}, {"d", 25920000}, {"w", 181440000},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        assert_true(fits(OKR_TYPE_DURATION, OKR_VALUE_LEVEL, 300, table[i].unit, &v, &rel));
        assert_true(v > table[i].seconds * 0.999999 && v < table[i].seconds * 1.000001);
    }
    assert_false(fits(OKR_TYPE_DURATION, OKR_VALUE_LEVEL, 300, NULL, &v, &rel));
    assert_false(fits(OKR_TYPE_DURATION, OKR_VALUE_LEVEL, 3, "mins", &v, &rel));
    assert_true(fits(OKR_TYPE_DURATION, OKR_VALUE_CHANGE, -10, "%", &v, &rel) && rel);
}

static void test_money_count_number_score(void **state)
{
    (void)state;
    double v;
    int rel;
    assert_true(fits(OKR_TYPE_MONEY, OKR_VALUE_LEVEL, 5000, NULL, &v, &rel));
    assert_true(fits(OKR_TYPE_MONEY, OKR_VALUE_LEVEL, 5000, "USD", &v, &rel));
    assert_false(fits(OKR_TYPE_MONEY, OKR_VALUE_LEVEL, 5000, "EUR", &v, &rel));
    for (okr_type_kind t = OKR_TYPE_COUNT; t <= OKR_TYPE_SCORE; t++) {
        if (t == OKR_TYPE_DURATION || t == OKR_TYPE_MONEY)
            continue;
        assert_true(fits(t, OKR_VALUE_LEVEL, 40, NULL, &v, &rel));
        assert_false(fits(t, OKR_VALUE_LEVEL, 40, "%", &v, &rel));
        assert_true(fits(t, OKR_VALUE_CHANGE, 40, "%", &v, &rel) && rel);
        assert_true(fits(t, OKR_VALUE_CHANGE, 40, NULL, &v, &rel) && !rel);
    }
}

static void test_currency_codes(void **state)
{
    (void)state;
    assert_true(okr_is_currency_code("USD"));
    assert_true(okr_is_currency_code("EUR"));
    assert_true(okr_is_currency_code("JPY"));
    assert_false(okr_is_currency_code("EURO"));
    assert_false(okr_is_currency_code("usd"));
    assert_false(okr_is_currency_code("XYZ"));
    assert_false(okr_is_currency_code("D J"));
}

/* What the types and feeds passes store for later stages (program.h). */
static okr_program *checked(const char *text)
{
    okr_program *prog = calloc(1, sizeof *prog);
    assert_non_null(prog);
    okr_program_init(prog);
    okr_program_add_text(prog, "t.okr", text, strlen(text));
    okr_program_check(prog);
    return prog;
}

static okr_metric_decl *metric_of(okr_program *prog, const char *name)
{
    okr_team *team = prog->teams.items[0];
    okr_metric_decl *m = okr_strmap_get(&team->metrics, name);
    assert_non_null(m);
    return m;
}

static okr_kr *kr_of(okr_program *prog, size_t i)
{
    okr_objective *obj = prog->objectives.items[0];
    assert_true(i < obj->krs.len);
    return obj->krs.items[i];
}

static void unload(okr_program *prog)
{
    okr_program_free(prog);
    free(prog);
}

static void test_resolved_metrics(void **state)
{
    (void)state;
    okr_program *prog = checked("team t\n"
                                "use std.product\n"
                                "metric act \"Activation\" : percent increasing\n"
                                "metric lat \"Latency\" : duration decreasing lag 36h\n"
                                "metric rev \"Revenue\" : money(EUR) increasing aggregate sum over cycle\n"
                                "metric ups \"Sign-ups\" : count increasing aggregate sum over 36h lag 1w\n"
                                "metric rate \"Rating\" : number increasing aggregate mean\n"
                                "metric odd \"Odd\" : score(0..10) increasing aggregate median\n");
    okr_metric_decl *act = metric_of(prog, "act");
    assert_string_equal(act->base_unit, "percent");
    assert_int_equal(act->aggregate_kind, OKR_AGGREGATE_LATEST);
    assert_true(act->window_is_whole_cycle);
    assert_int_equal(act->window_days, 0);
    assert_int_equal(act->lag_days, 0);
    okr_metric_decl *lat = metric_of(prog, "lat");
    assert_string_equal(lat->base_unit, "seconds");
    assert_int_equal(lat->lag_days, 2);
    okr_metric_decl *rev = metric_of(prog, "rev");
    assert_string_equal(rev->base_unit, "EUR");
    assert_int_equal(rev->aggregate_kind, OKR_AGGREGATE_SUM);
    assert_true(rev->window_is_whole_cycle);
    okr_metric_decl *ups = metric_of(prog, "ups");
    assert_string_equal(ups->base_unit, "count");
    assert_false(ups->window_is_whole_cycle);
    assert_int_equal(ups->window_days, 2);
    assert_int_equal(ups->lag_days, 7);
    okr_metric_decl *rate = metric_of(prog, "rate");
    assert_string_equal(rate->base_unit, "number");
    assert_int_equal(rate->aggregate_kind, OKR_AGGREGATE_MEAN);
    assert_true(rate->window_is_whole_cycle);
    okr_metric_decl *odd = metric_of(prog, "odd"); /* OKR801; still one default */
    assert_string_equal(odd->base_unit, "score");
    assert_int_equal(odd->aggregate_kind, OKR_AGGREGATE_LATEST);
    assert_string_equal(okr_aggregate_name(odd->aggregate_kind), "latest");
    assert_string_equal(okr_aggregate_name(OKR_AGGREGATE_SUM), "sum");
    assert_string_equal(okr_aggregate_name(OKR_AGGREGATE_MEAN), "mean");
    /* Standard-library metrics are resolved too. */
    okr_module *mod = okr_strmap_get(&prog->modules_by_name, "std.product");
    assert_non_null(mod);
    assert_true(mod->metric_list.len > 0);
    for (size_t i = 0; i < mod->metric_list.len; i++) {
        const okr_metric_decl *m = mod->metric_list.items[i];
        assert_non_null(m->base_unit);
        assert_string_equal(m->base_unit, okr_unit_base_name(m));
    }
    unload(prog);
}

static void test_resolved_targets(void **state)
{
    (void)state;
    okr_program *prog = checked("team t\ncycle 2026-Q3\n"
                                "metric act \"Activation\" : percent increasing\n"
                                "metric lat \"Latency\" : duration decreasing\n"
                                "metric ups \"Sign-ups\" : count increasing\n"
                                "aspirational objective o \"Make onboarding effortless\" {\n"
                                "  kr a : act from 20% to 30%\n"
                                "  kr b : act from ? to 30%\n"
                                "  kr c : act by +5pp\n"
                                "  kr d : ups by +10%\n"
                                "  kr e : lat by -2min\n"
                                "  kr f : lat from 400ms to 250ms\n"
                                "  kr g : act from 20 to 30%\n"
                                "  counter lat at most 2s\n"
                                "  counter act no worse than baseline\n"
                                "}\n");
    const okr_target *t = &kr_of(prog, 0)->target;
    assert_true(t->has_baseline_level && t->baseline_level == 20);
    assert_true(t->has_target_level && t->target_level == 30);
    assert_false(t->has_change);
    t = &kr_of(prog, 1)->target;
    assert_false(t->has_baseline_level); /* from ?: grading finds it */
    assert_true(t->has_target_level && t->target_level == 30);
    t = &kr_of(prog, 2)->target;
    assert_true(t->has_change && t->change == 5 && !t->change_is_relative);
    assert_false(t->has_target_level);
    t = &kr_of(prog, 3)->target;
    assert_true(t->has_change && t->change == 0.1 && t->change_is_relative);
    t = &kr_of(prog, 4)->target;
    assert_true(t->has_change && t->change == -120 && !t->change_is_relative);
    t = &kr_of(prog, 5)->target;
    assert_true(t->has_baseline_level && fabs(t->baseline_level - 0.4) < 1e-12);
    assert_true(t->has_target_level && fabs(t->target_level - 0.25) < 1e-12);
    t = &kr_of(prog, 6)->target; /* OKR201: the number as written stays */
    assert_false(t->has_baseline_level);
    assert_true(t->baseline_level == 20);
    assert_true(t->has_target_level && t->target_level == 30);
    okr_objective *obj = prog->objectives.items[0];
    const okr_counter *c = obj->counters.items[0];
    assert_true(c->target.has_target_level && c->target.target_level == 2);
    c = obj->counters.items[1];
    assert_false(c->target.has_target_level || c->target.has_baseline_level || c->target.has_change);
    unload(prog);
}

/* The `unit` clause: the factor to the base unit per type, and what the
 * feeds pass resolves (checker/program.h: feed_factor, feed_unit_declared). */
static void test_feed_units(void **state)
{
    (void)state;
    static const struct {
        okr_type_kind type;
        const char *unit;
        int fits;
        double factor;
    } table[] = {
        {OKR_TYPE_DURATION, "d", 1, 86400}, {OKR_TYPE_DURATION, "ms", 1, 0.001},
        {OKR_TYPE_DURATION, "s", 1, 1},     {OKR_TYPE_DURATION, "pp", 0, 1},
        {OKR_TYPE_PERCENT, "pp", 1, 1},     {OKR_TYPE_PERCENT, "fraction", 1, 100},
        {OKR_TYPE_PERCENT, "%", 0, 1},      {OKR_TYPE_PERCENT, "d", 0, 1},
        {OKR_TYPE_MONEY, "USD", 1, 1},      {OKR_TYPE_MONEY, "cents", 1, 0.01},
        {OKR_TYPE_MONEY, "EUR", 0, 1},      {OKR_TYPE_COUNT, "d", 0, 1},
        {OKR_TYPE_NUMBER, "fraction", 0, 1}, {OKR_TYPE_SCORE, "pp", 0, 1},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        okr_metric_decl m = metric(table[i].type, table[i].type == OKR_TYPE_MONEY ? "USD" : NULL);
        double f = -1;
        assert_int_equal(okr_unit_feed_factor(&m, table[i].unit, &f), table[i].fits);
        assert_true(f == table[i].factor);
    }
    okr_program *prog = checked("team t\n"
                                "metric a \"A\" : duration decreasing unit h\n"
                                "metric b \"B\" : percent increasing unit fraction\n"
                                "metric c \"C\" : percent increasing\n"
                                "metric d \"D\" : percent increasing unit d\n");
    okr_metric_decl *a = metric_of(prog, "a"), *b = metric_of(prog, "b");
    okr_metric_decl *c = metric_of(prog, "c"), *d = metric_of(prog, "d");
    assert_true(a->feed_factor == 3600 && a->feed_unit_declared);
    assert_true(b->feed_factor == 100 && b->feed_unit_declared);
    assert_true(c->feed_factor == 1 && !c->feed_unit_declared);
    assert_true(d->feed_factor == 1 && !d->feed_unit_declared); /* OKR201: read in the base unit */
    okr_program_free(prog);
    free(prog);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_duration),
        cmocka_unit_test(test_money_count_number_score),
        cmocka_unit_test(test_currency_codes),
        cmocka_unit_test(test_resolved_metrics),
        cmocka_unit_test(test_resolved_targets),
        cmocka_unit_test(test_feed_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
