/* test_calendar.c: day numbers, dates and durations (common/calendar.c).
 *
 * Leap years by all three rules, every day of years 1..9999 there and back,
 * the range limits, invalid dates with the reason a feed reports, the
 * `--at` reading kept exactly as it was, timestamps before 1970, duration
 * suffixes, days rounded up and saturating, and the cap grading applies. */
#include <limits.h>
#include <math.h>

#include "unit.h"

#include "../../common/calendar.h"

static long day_of(int y, int m, int d)
{
    long days = 0;
    assert_true(okr_calendar_days_from_date(y, m, d, &days));
    return days;
}

static void test_leap_years(void **state)
{
    (void)state;
    assert_true(okr_calendar_is_leap(2024));
    assert_false(okr_calendar_is_leap(2026));
    assert_false(okr_calendar_is_leap(1900)); /* divisible by 100 */
    assert_true(okr_calendar_is_leap(2000));  /* ... unless by 400 */
    assert_false(okr_calendar_is_leap(2100));
    assert_true(okr_calendar_is_leap(2400));
    assert_int_equal(okr_calendar_month_days(2024, 2), 29);
    assert_int_equal(okr_calendar_month_days(2026, 2), 28);
    assert_int_equal(okr_calendar_month_days(2026, 4), 30);
    assert_int_equal(okr_calendar_month_days(2026, 12), 31);
    assert_int_equal(okr_calendar_month_days(2026, 0), 0);
    assert_int_equal(okr_calendar_month_days(2026, 13), 0);
}

/* Moved from test_units.c with the functions: every assertion kept. */
static void test_days_from_date(void **state)
{
    (void)state;
    long days;
    assert_true(okr_calendar_days_from_date(1970, 1, 1, &days) && days == 0);
    assert_true(okr_calendar_days_from_date(2026, 7, 1, &days));
    int y, m, d;
    okr_calendar_date_from_days(days, &y, &m, &d);
    assert_true(y == 2026 && m == 7 && d == 1);
    assert_true(okr_calendar_days_from_date(2024, 2, 29, &days));
    assert_false(okr_calendar_days_from_date(2026, 2, 29, &days));
    assert_false(okr_calendar_days_from_date(2026, 2, 30, &days));
    assert_false(okr_calendar_days_from_date(1900, 2, 29, &days));
    assert_true(okr_calendar_days_from_date(2000, 2, 29, &days));
    assert_false(okr_calendar_days_from_date(2026, 13, 1, &days));
    assert_false(okr_calendar_days_from_date(2026, 4, 31, &days));
    /* Round trip over four centuries. */
    long start;
    okr_calendar_days_from_date(1900, 1, 1, &start);
    for (long k = start; k < start + 146097; k += 7) {
        okr_calendar_date_from_days(k, &y, &m, &d);
        long back;
        assert_true(okr_calendar_days_from_date(y, m, d, &back));
        assert_true(back == k);
    }
}

static void test_known_days(void **state)
{
    (void)state;
    assert_int_equal(day_of(2026, 7, 1), 20635);
    assert_int_equal(day_of(2000, 1, 1), 10957);
    assert_int_equal(day_of(2024, 2, 29), 19782);
    assert_int_equal(day_of(2024, 3, 1), 19783);
    assert_int_equal(day_of(1969, 12, 31), -1);
}

static void test_range_limits(void **state)
{
    (void)state;
    long days = 12345;
    assert_int_equal(day_of(1, 1, 1), -719162);
    assert_int_equal(day_of(9999, 12, 31), 2932896);
    assert_false(okr_calendar_days_from_date(0, 12, 31, &days));
    assert_false(okr_calendar_days_from_date(-1, 1, 1, &days));
    assert_false(okr_calendar_days_from_date(10000, 1, 1, &days));
    assert_false(okr_calendar_days_from_date(2026, 0, 1, &days));
    assert_false(okr_calendar_days_from_date(2026, 1, 0, &days));
    assert_false(okr_calendar_days_from_date(2026, 1, 32, &days));
    assert_int_equal(days, 12345); /* left alone on failure */
    /* Outside years 1..9999 the date is still exact, for messages. */
    int y, m, d;
    okr_calendar_date_from_days(-719163, &y, &m, &d);
    assert_true(y == 0 && m == 12 && d == 31);
    okr_calendar_date_from_days(2932897, &y, &m, &d);
    assert_true(y == 10000 && m == 1 && d == 1);
}

static void test_every_day_round_trips(void **state)
{
    (void)state;
    long expect = day_of(1, 1, 1);
    for (int y = 1; y <= 9999; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= okr_calendar_month_days(y, m); d++) {
                long days;
                if (!okr_calendar_days_from_date(y, m, d, &days) || days != expect)
                    fail_msg("%04d-%02d-%02d: %ld, expected %ld", y, m, d, days, expect);
                int yy, mm, dd;
                okr_calendar_date_from_days(days, &yy, &mm, &dd);
                if (yy != y || mm != m || dd != d)
                    fail_msg("%ld: %04d-%02d-%02d, expected %04d-%02d-%02d", days, yy, mm, dd, y, m, d);
                expect++;
            }
        }
    }
    assert_int_equal(expect - 1, day_of(9999, 12, 31));
}

static void test_format_date(void **state)
{
    (void)state;
    char buf[16];
    okr_calendar_format_date(20635, buf, sizeof buf);
    assert_string_equal(buf, "2026-07-01");
    okr_calendar_format_date(-1, buf, sizeof buf);
    assert_string_equal(buf, "1969-12-31");
    okr_calendar_format_date(-719162, buf, sizeof buf);
    assert_string_equal(buf, "0001-01-01");
    okr_calendar_format_date(2932896, buf, sizeof buf);
    assert_string_equal(buf, "9999-12-31");
}

static void test_read_date(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        okr_date_error want;
    } cases[] = {
        {"2026-07-01", OKR_DATE_OK},         {"2026-07-01T09:30", OKR_DATE_OK},
        {"2024-02-29", OKR_DATE_OK},         {"0001-01-01", OKR_DATE_OK},
        {"9999-12-31", OKR_DATE_OK},         {"2026-02-29", OKR_DATE_FEB_29},
        {"1900-02-29", OKR_DATE_FEB_29},     {"2026-02-30", OKR_DATE_DAY},
        {"2026-04-31", OKR_DATE_DAY},        {"2026-07-00", OKR_DATE_DAY_ZERO},
        {"2026-00-01", OKR_DATE_MONTH},      {"2026-13-01", OKR_DATE_MONTH},
        {"0000-01-01", OKR_DATE_YEAR_ZERO},  {"2026-7-01", OKR_DATE_SYNTAX},
        {"2026-+7-01", OKR_DATE_SYNTAX},     {"2026-07- 1", OKR_DATE_SYNTAX},
        {" 2026-07-01", OKR_DATE_SYNTAX},    {"2026/07/01", OKR_DATE_SYNTAX},
        {"2026-07-0", OKR_DATE_SYNTAX},      {"", OKR_DATE_SYNTAX},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long days = -5;
        okr_date_error got = okr_calendar_read_date(cases[i].text, strlen(cases[i].text), &days);
        if (got != cases[i].want)
            fail_msg("'%s': %d, expected %d", cases[i].text, (int)got, (int)cases[i].want);
    }
    long days;
    assert_int_equal(okr_calendar_read_date("2026-07-01", 10, &days), OKR_DATE_OK);
    assert_int_equal(days, 20635);
    /* The length bounds the text. */
    assert_int_equal(okr_calendar_read_date("2026-07-01", 9, &days), OKR_DATE_SYNTAX);
}

static void test_parse_date(void **state)
{
    (void)state;
    long days = 0;
    assert_true(okr_calendar_parse_date("2026-07-01", &days));
    assert_int_equal(days, 20635);
    assert_true(okr_calendar_parse_date("2024-02-29", &days));
    assert_false(okr_calendar_parse_date("2026-02-29", &days));
    assert_false(okr_calendar_parse_date("2026-7-1", &days));
    assert_false(okr_calendar_parse_date("2026-07-01T00:00", &days));
    assert_false(okr_calendar_parse_date("2026-07-01 ", &days));
    assert_false(okr_calendar_parse_date("2026/07/01", &days));
    assert_false(okr_calendar_parse_date("0000-01-01", &days));
    assert_false(okr_calendar_parse_date("", &days));
    /* A sign or a blank inside a field is refused, as in feeds (sscanf's
     * %d let "2026-+7-01" through as July 1). */
    assert_false(okr_calendar_parse_date("2026-+7-01", &days));
    assert_false(okr_calendar_parse_date("2026-07- 1", &days));
    assert_false(okr_calendar_parse_date("+026-07-01", &days));
}

static void test_day_of_timestamp(void **state)
{
    (void)state;
    assert_int_equal(okr_calendar_day_of(0), 0);
    assert_int_equal(okr_calendar_day_of(86399), 0);
    assert_int_equal(okr_calendar_day_of(86400), 1);
    assert_int_equal(okr_calendar_day_of(-1), -1); /* floor, not truncation */
    assert_int_equal(okr_calendar_day_of(-86400), -1);
    assert_int_equal(okr_calendar_day_of(-86401), -2);
    assert_int_equal(okr_calendar_day_of((int64_t)20635 * OKR_SECONDS_PER_DAY + 43200), 20635);
    assert_int_equal(okr_calendar_day_of((int64_t)-719162 * OKR_SECONDS_PER_DAY), -719162);
}

static void test_durations(void **state)
{
    (void)state;
    static const struct {
        const char *unit;
        double seconds;
    } table[] = {{"ms", 0.001}, {"s", 1}, {"min", 60}, {"h", 3600}, {"d", 86400}, {"w", 604800}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        double f = 0;
        assert_true(okr_calendar_duration_unit(table[i].unit, &f));
        assert_true(f == table[i].seconds);
    }
    double s = -1;
    assert_false(okr_calendar_duration_unit(NULL, &s));
    assert_false(okr_calendar_duration_unit("mins", &s));
    assert_false(okr_calendar_duration_unit("D", &s));
    assert_false(okr_calendar_duration_unit("%", &s));
    assert_true(s == -1);
    assert_true(okr_calendar_duration_seconds(36, "h", &s) && s == 129600);
    assert_false(okr_calendar_duration_seconds(7, NULL, &s));
}

static void test_days_rounded_up(void **state)
{
    (void)state;
    assert_int_equal(okr_calendar_days_ceil(0), 0);
    assert_int_equal(okr_calendar_days_ceil(-86400), 0);
    assert_int_equal(okr_calendar_days_ceil(NAN), 0);
    assert_int_equal(okr_calendar_days_ceil(0.001), 1);
    assert_int_equal(okr_calendar_days_ceil(86400), 1);
    assert_int_equal(okr_calendar_days_ceil(86401), 2);
    assert_int_equal(okr_calendar_days_ceil(129600), 2); /* lag 36h waits two days */
    assert_int_equal(okr_calendar_days_ceil(7 * 86400.0), 7);
    assert_true(okr_calendar_days_ceil(1e300) == LONG_MAX);
    assert_true(okr_calendar_days_ceil(INFINITY) == LONG_MAX);
    assert_int_equal(okr_calendar_days_capped(7, 1000000), 7);
    assert_int_equal(okr_calendar_days_capped(2000000, 1000000), 1000000);
    assert_int_equal(okr_calendar_days_capped(LONG_MAX, 1000000), 1000000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_days_from_date),
        cmocka_unit_test(test_known_days),
        cmocka_unit_test(test_range_limits),
        cmocka_unit_test(test_every_day_round_trips),
        cmocka_unit_test(test_format_date),
        cmocka_unit_test(test_read_date),
        cmocka_unit_test(test_parse_date),
        cmocka_unit_test(test_day_of_timestamp),
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_days_rounded_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
