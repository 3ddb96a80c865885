/* test_feed_syntax.c: the grammars of metric feeds (runtime/feed*.c): the
 * feed argument (kind, location and #options), and the strict timestamp
 * and number grammars every reader shares. */
#include "feed_fixture.h"

#include <math.h>

/* ---- feed arguments ---- */

static int parse(fx *f, const char *text, okr_feed_spec *spec, char *err)
{
    err[0] = '\0';
    return okr_feed_spec_parse(&f->arena, text, spec, err, 256);
}

static void test_spec_forms(void **state)
{
    fx *f = *state;
    okr_feed_spec s;
    char err[256];

    assert_true(parse(f, "metrics/analytics.csv", &s, err));
    assert_int_equal(s.kind, OKR_FEED_CSV);
    assert_string_equal(s.location, "metrics/analytics.csv");
    assert_string_equal(s.text, "metrics/analytics.csv");
    assert_null(s.table);
    assert_null(s.query);
    assert_string_equal(s.col_metric, "metric");
    assert_string_equal(s.col_time, "timestamp");
    assert_string_equal(s.col_value, "value");

    assert_true(parse(f, "DATA.CSV", &s, err));
    assert_int_equal(s.kind, OKR_FEED_CSV);
    assert_true(parse(f, "events.jsonl", &s, err));
    assert_int_equal(s.kind, OKR_FEED_JSONL);
    assert_true(parse(f, "dir.v2/events.ndjson", &s, err));
    assert_int_equal(s.kind, OKR_FEED_JSONL);
    assert_true(parse(f, "csv:export.txt", &s, err));
    assert_int_equal(s.kind, OKR_FEED_CSV);
    assert_string_equal(s.location, "export.txt");
    assert_true(parse(f, "jsonl:events.log", &s, err));
    assert_int_equal(s.kind, OKR_FEED_JSONL);
    assert_true(parse(f, "csv:a:b.csv", &s, err)); /* only the first ':' is the kind's */
    assert_string_equal(s.location, "a:b.csv");

    assert_true(parse(f, "sqlite:metrics.db", &s, err));
    assert_int_equal(s.kind, OKR_FEED_SQLITE);
    assert_string_equal(s.location, "metrics.db");
    assert_null(s.table);
    assert_true(parse(f, "sqlite:m.db#table=daily", &s, err));
    assert_string_equal(s.table, "daily");
    assert_true(parse(f, "sqlite:m.db#table=t&metric=name&time=day&value=amount", &s, err));
    assert_string_equal(s.table, "t");
    assert_string_equal(s.col_metric, "name");
    assert_string_equal(s.col_time, "day");
    assert_string_equal(s.col_value, "amount");
    assert_true(parse(f, "sqlite:m.db#query=SELECT a, b, c FROM t WHERE x = 1 & y = 2#z", &s, err));
    assert_string_equal(s.query, "SELECT a, b, c FROM t WHERE x = 1 & y = 2#z");
    assert_null(s.table);

    assert_true(parse(f, "postgres:", &s, err));
    assert_int_equal(s.kind, OKR_FEED_POSTGRES);
    assert_string_equal(s.location, "");
    assert_true(parse(f, "postgres:host=db dbname=okr#table=obs", &s, err));
    assert_string_equal(s.location, "host=db dbname=okr");
    assert_string_equal(s.table, "obs");

    assert_true(parse(f, "m.csv#metric=name&value=amount", &s, err));
    assert_string_equal(s.location, "m.csv");
    assert_string_equal(s.col_metric, "name");
    assert_string_equal(s.col_time, "timestamp");
    assert_string_equal(s.col_value, "amount");
    assert_null(s.unit_duration);

    /* unit=: one unit per type, sorted by the type it fits. */
    assert_true(parse(f, "crm.csv#unit=d,fraction,cents", &s, err));
    assert_string_equal(s.unit_duration, "d");
    assert_string_equal(s.unit_percent, "fraction");
    assert_string_equal(s.unit_money, "cents");
    assert_true(parse(f, "sqlite:m.db#table=t&unit=EUR", &s, err));
    assert_null(s.unit_duration);
    assert_string_equal(s.unit_money, "EUR");
}

static void test_spec_errors(void **state)
{
    fx *f = *state;
    okr_feed_spec s;
    char err[256];
    static const struct {
        const char *text, *message;
    } cases[] = {
        {"", "empty feed argument"},
        {"mysql:db", "unknown kind 'mysql'"},
        {"notes.txt", "cannot tell its kind from the extension"},
        {"noextension", "cannot tell its kind"},
        {"data.db", "write sqlite:data.db"},
        {"csv:", "needs a path"},
        {"sqlite:#table=t", "needs a path"},
        {"m.csv#", "nothing after '#'"},
        {"m.csv#colour=red", "unknown option 'colour'"},
        {"m.csv#metric", "has no value"},
        {"m.csv#metric=", "empty value"},
        {"m.csv#metric=a&metric=b", "given twice"},
        {"m.csv#metric=a&", "empty option"},
        {"m.csv#&metric=a", "empty option"},
        {"m.csv#table=t", "table= applies to sqlite and postgres"},
        {"m.jsonl#query=SELECT 1", "query= applies to sqlite and postgres"},
        {"sqlite:m.db#table=t&query=SELECT 1", "either table= or query="},
        {"sqlite:m.db#metric=a&query=SELECT 1", "a query= returns its"},
        {"m.csv#unit=days", "unknown unit 'days' in unit="},
        {"m.csv#unit=d,h", "two duration units, 'd' and 'h'"},
        {"m.csv#unit=d,", "unit= ends with ','"},
        {"m.csv#unit=d&unit=h", "given twice"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (parse(f, cases[i].text, &s, err))
            fail_msg("'%s' was accepted", cases[i].text);
        assert_contains(err, cases[i].message);
    }
}

/* ---- timestamps ---- */

static void test_timestamps_valid(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int y, mo, d, h, mi, s;
    } cases[] = {
        {"2026-07-01", 2026, 7, 1, 0, 0, 0},
        {"2026-07-01T09:30", 2026, 7, 1, 9, 30, 0},
        {"2026-07-01T09:30:15", 2026, 7, 1, 9, 30, 15},
        {"2026-07-01T09:30:15Z", 2026, 7, 1, 9, 30, 15},
        {"2026-07-01t09:30:15z", 2026, 7, 1, 9, 30, 15},
        {"2026-07-01 09:30:15", 2026, 7, 1, 9, 30, 15},
        {"2026-07-01T09:30:15.999999Z", 2026, 7, 1, 9, 30, 15},
        {"2026-07-01T23:59:59.9", 2026, 7, 1, 23, 59, 59},
        {"2026-07-01T09:30Z", 2026, 7, 1, 9, 30, 0},
        {"2026-07-01T23:30:00-02:00", 2026, 7, 2, 1, 30, 0},
        {"2026-07-01T01:30:00+02:00", 2026, 6, 30, 23, 30, 0},
        {"2026-07-01T12:00:00+05:45", 2026, 7, 1, 6, 15, 0},
        {"2026-07-01T12:00:00-00:00", 2026, 7, 1, 12, 0, 0},
        {"2024-02-29", 2024, 2, 29, 0, 0, 0},
        {"2000-02-29", 2000, 2, 29, 0, 0, 0},
        {"2026-12-31T23:59:59", 2026, 12, 31, 23, 59, 59},
        {"1969-12-31T23:59:59Z", 1969, 12, 31, 23, 59, 59},
        {"0001-01-01", 1, 1, 1, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t ts = 0;
        const char *why = NULL;
        if (!okr_parse_timestamp(cases[i].text, strlen(cases[i].text), &ts, &why))
            fail_msg("'%s' rejected: %s", cases[i].text, why);
        int64_t want = at(cases[i].y, cases[i].mo, cases[i].d, cases[i].h, cases[i].mi, cases[i].s);
        if (ts != want)
            fail_msg("'%s': %lld, expected %lld", cases[i].text, (long long)ts, (long long)want);
    }
    /* The length bounds the text: no NUL needed. */
    int64_t ts;
    const char *why;
    assert_true(okr_parse_timestamp("2026-07-01,42", 10, &ts, &why));
    assert_true(ts == at(2026, 7, 1, 0, 0, 0));
}

static void test_timestamps_invalid(void **state)
{
    (void)state;
    static const struct {
        const char *text, *why;
    } cases[] = {
        {"", "empty"},
        {"2026-02-30", "does not exist in that month"},
        {"2026-04-31", "does not exist in that month"},
        {"2026-02-29", "leap years"},
        {"1900-02-29", "leap years"},
        {"2026-13-01", "month is not 01 to 12"},
        {"2026-00-10", "month is not 01 to 12"},
        {"2026-07-00", "day is 00"},
        {"0000-01-01", "year is 0000"},
        {"2026-7-1", "two-digit month and day"},
        {"2026-07-1", "two-digit"},
        {"26-07-01", "four-digit year"},
        {"2026/07/01", "YYYY-MM-DD"},
        {"2026-07-011", "YYYY-MM-DD"},
        {"July 1, 2026", "YYYY-MM-DD"},
        {"1751328000", "YYYY-MM-DD"},
        {"2026-07-01T24:00:00", "hour is not 00 to 23"},
        {"2026-07-01T09:60", "minute is not 00 to 59"},
        {"2026-07-01T23:59:60Z", "leap seconds"},
        {"2026-07-01T23:59:61", "second is not 00 to 59"},
        {"2026-07-01T9:30", "HH:MM"},
        {"2026-07-01T", "HH:MM"},
        {"2026-07-01 ", "HH:MM"},
        {"2026-07-01X09:30", "after the date comes 'T'"},
        {"2026-07-01Z", "after the date comes 'T'"},
        {"2026-07-01T09:30:1", "two-digit seconds"},
        {"2026-07-01T09:30:15.", "digits after the '.'"},
        {"2026-07-01T09:30.5", "unexpected text after the time"},
        {"2026-07-01T09:30:15+0200", "+HH:MM"},
        {"2026-07-01T09:30:15+02", "+HH:MM"},
        {"2026-07-01T09:30:15+24:00", "offset is out of range"},
        {"2026-07-01T09:30:15ZZ", "unexpected text"},
        {"2026-07-01T09:30:15 UTC", "unexpected text"},
        {" 2026-07-01", "YYYY-MM-DD"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t ts = 0;
        const char *why = NULL;
        if (okr_parse_timestamp(cases[i].text, strlen(cases[i].text), &ts, &why))
            fail_msg("'%s' was accepted", cases[i].text);
        assert_non_null(why);
        if (!strstr(why, cases[i].why))
            fail_msg("'%s': reason '%s', expected '%s'", cases[i].text, why, cases[i].why);
    }
}

/* ---- numbers ---- */

static void test_values_valid(void **state)
{
    (void)state;
    static const char *cases[] = {
        "0", "-0", "+5", "42", "-3.5", "0.1", "0.3", "123.456", "1e6", "1.2E-3", "-7.25e+2", "007",
        "3.14159265358979", "9007199254740993", "12345678901234567890123", "1e22", "1e23", "1e-7",
        "0.000000000000000000000000001", "1.7976931348623157e308", "4.9e-324", "99.99999999999999999999",
        "1000000.5", "2.2250738585072014e-308",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = NAN;
        if (!okr_parse_value(cases[i], strlen(cases[i]), &v))
            fail_msg("'%s' rejected", cases[i]);
        /* Correctly rounded: exactly what strtod gives. */
        double want = strtod(cases[i], NULL);
        if (memcmp(&v, &want, sizeof v) != 0)
            fail_msg("'%s': %.17g, expected %.17g", cases[i], v, want);
    }
    double v;
    assert_true(okr_parse_value("12,5", 2, &v)); /* the length bounds the text */
    assert_true(v == 12);
}

static void test_values_invalid(void **state)
{
    (void)state;
    static const char *cases[] = {
        "", "-", "+", ".5", "5.", "1,5", "1 000", " 1", "1 ", "0x10", "0x1p3", "inf", "-inf", "nan", "NaN",
        "infinity", "1e", "1e+", "1e5.5", "12abc", "$12", "12%", "1.2.3", "--1", "+-1", "1e400", "-1e999",
        "١٢",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double v = 0;
        if (okr_parse_value(cases[i], strlen(cases[i]), &v))
            fail_msg("'%s' was accepted as %g", cases[i], v);
    }
}


int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_spec_forms),
        T(test_spec_errors),
        T(test_timestamps_valid),
        T(test_timestamps_invalid),
        T(test_values_valid),
        T(test_values_invalid),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
