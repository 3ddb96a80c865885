/* test_units.c: which unit fits which metric type, normalisation to base
 * units, currency codes and calendar arithmetic (checker/units.c). */
#include "unit.h"

#include "../../checker/passes.h"

static okr_metric_decl metric(okr_type_kind type, const char *currency)
{
    okr_metric_decl m;
    memset(&m, 0, sizeof m);
    m.type = type;
    m.name.text = "m";
    m.name.span.file = OKR_NO_FILE;
    m.currency.text = currency;
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

static void test_calendar(void **state)
{
    (void)state;
    long days;
    assert_true(okr_date_to_days(1970, 1, 1, &days) && days == 0);
    assert_true(okr_date_to_days(2026, 7, 1, &days));
    int y, m, d;
    okr_days_to_date(days, &y, &m, &d);
    assert_true(y == 2026 && m == 7 && d == 1);
    assert_true(okr_date_to_days(2024, 2, 29, &days));
    assert_false(okr_date_to_days(2026, 2, 29, &days));
    assert_false(okr_date_to_days(2026, 2, 30, &days));
    assert_false(okr_date_to_days(1900, 2, 29, &days));
    assert_true(okr_date_to_days(2000, 2, 29, &days));
    assert_false(okr_date_to_days(2026, 13, 1, &days));
    assert_false(okr_date_to_days(2026, 4, 31, &days));
    /* Round trip over four centuries. */
    long start;
    okr_date_to_days(1900, 1, 1, &start);
    for (long k = start; k < start + 146097; k += 7) {
        okr_days_to_date(k, &y, &m, &d);
        long back;
        assert_true(okr_date_to_days(y, m, d, &back));
        assert_true(back == k);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percent),
        cmocka_unit_test(test_duration),
        cmocka_unit_test(test_money_count_number_score),
        cmocka_unit_test(test_currency_codes),
        cmocka_unit_test(test_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
