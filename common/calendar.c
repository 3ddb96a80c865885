/* calendar.c: dates, day numbers and durations; see calendar.h.
 *
 * Day numbers use H. Hinnant's days_from_civil / civil_from_days, exact for
 * the proleptic Gregorian calendar and written out because C11 has no
 * timegm. Nothing here reads the clock or the locale. */
#include "calendar.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

int okr_calendar_is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int okr_calendar_month_days(int year, int month)
{
    static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return month_days[month - 1] + (month == 2 && okr_calendar_is_leap(year));
}

int okr_calendar_days_from_date(int year, int month, int day, long *days)
{
    if (year < OKR_CALENDAR_MIN_YEAR || year > OKR_CALENDAR_MAX_YEAR || day < 1 ||
        day > okr_calendar_month_days(year, month))
        return 0;
    long y = year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *days = era * 146097 + doe - 719468;
    return 1;
}

void okr_calendar_date_from_days(long days, int *year, int *month, int *day)
{
    days += 719468;
    long era = (days >= 0 ? days : days - 146096) / 146097;
    long doe = days - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    *year = (int)(y + (m <= 2));
    *month = (int)m;
    *day = (int)d;
}

void okr_calendar_format_date(long days, char *buf, size_t len)
{
    int y, m, d;
    okr_calendar_date_from_days(days, &y, &m, &d);
    snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

static int two_digits(const char *s, int *out)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return 0;
    *out = (s[0] - '0') * 10 + (s[1] - '0');
    return 1;
}

okr_date_error okr_calendar_read_date(const char *s, size_t n, long *days)
{
    int year_hi, year_lo, month, day;
    if (n < 10 || !two_digits(s, &year_hi) || !two_digits(s + 2, &year_lo) || s[4] != '-' ||
        !two_digits(s + 5, &month) || s[7] != '-' || !two_digits(s + 8, &day))
        return OKR_DATE_SYNTAX;
    int year = year_hi * 100 + year_lo;
    if (year == 0)
        return OKR_DATE_YEAR_ZERO;
    if (month < 1 || month > 12)
        return OKR_DATE_MONTH;
    if (day < 1 || day > okr_calendar_month_days(year, month))
        return month == 2 && day == 29 ? OKR_DATE_FEB_29 : day == 0 ? OKR_DATE_DAY_ZERO : OKR_DATE_DAY;
    okr_calendar_days_from_date(year, month, day, days);
    return OKR_DATE_OK;
}

/* `--at` is read as strictly as a feed's date: exactly YYYY-MM-DD, digits
 * only (sscanf's %d, used before, let "2026-+7-01" through as July 1). */
int okr_calendar_parse_date(const char *text, long *days)
{
    size_t n = strlen(text);
    return n == 10 && okr_calendar_read_date(text, n, days) == OKR_DATE_OK;
}

long okr_calendar_day_of(int64_t ts)
{
    int64_t d = ts / OKR_SECONDS_PER_DAY;
    if (ts % OKR_SECONDS_PER_DAY < 0)
        d--;
    return (long)d;
}

static const struct {
    const char *suffix;
    double seconds;
} duration_units[] = {
    {"ms", 0.001}, {"s", 1}, {"min", 60}, {"h", 3600}, {"d", 86400}, {"w", 604800},
};

int okr_calendar_duration_unit(const char *suffix, double *seconds)
{
    if (!suffix)
        return 0;
    for (size_t i = 0; i < sizeof duration_units / sizeof duration_units[0]; i++) {
        if (strcmp(suffix, duration_units[i].suffix) == 0) {
            *seconds = duration_units[i].seconds;
            return 1;
        }
    }
    return 0;
}

int okr_calendar_duration_seconds(double value, const char *unit, double *seconds)
{
    double factor;
    if (!okr_calendar_duration_unit(unit, &factor))
        return 0;
    *seconds = value * factor;
    return 1;
}

long okr_calendar_days_ceil(double seconds)
{
    if (!(seconds > 0))
        return 0;
    double days = ceil(seconds / OKR_SECONDS_PER_DAY);
    /* (double)LONG_MAX rounds up to a power of two: anything at or above it
     * does not fit. */
    if (days >= (double)LONG_MAX)
        return LONG_MAX;
    return (long)days;
}

long okr_calendar_days_capped(long days, long cap)
{
    return days > cap ? cap : days;
}
