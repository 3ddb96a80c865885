/* calendar.h: dates, day numbers and durations, owned once.
 *
 * A day number counts days since 1970-01-01 in the proleptic Gregorian
 * calendar, UTC: cycles, feed timestamps, the store's buckets, `--at` and
 * the native `day` parameter all use it, so a date means the same day
 * everywhere. Valid dates are years 1 to 9999 (what four digits can write,
 * less the year 0, which the Gregorian calendar does not have).
 *
 * Durations are the suffixes spec.md lists under "Units" (ms s min h d w).
 * Converting one to whole days rounds up (`lag 36h` waits two days); the
 * result saturates at LONG_MAX instead of overflowing, and each caller
 * decides whether to cap it further (see okr_calendar_days_capped). */
#ifndef OKR_CALENDAR_H
#define OKR_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

enum { OKR_SECONDS_PER_DAY = 86400 };
enum { OKR_CALENDAR_MIN_YEAR = 1, OKR_CALENDAR_MAX_YEAR = 9999 };

int okr_calendar_is_leap(int year);
/* Days in a month of a year, 28..31; 0 when the month is not 1..12. */
int okr_calendar_month_days(int year, int month);

/* The day number of a valid date; returns 0 (and leaves *days alone) when
 * the date does not exist or lies outside years 1..9999. */
int okr_calendar_days_from_date(int year, int month, int day, long *days);
/* The date of a day number; exact for every day number, also outside
 * years 1..9999 (the year is then 0, negative or above 9999). */
void okr_calendar_date_from_days(long days, int *year, int *month, int *day);

/* "YYYY-MM-DD" of a day number, as a NUL-terminated string in buf (at
 * least 11 bytes for years 1..9999). */
void okr_calendar_format_date(long days, char *buf, size_t len);

/* Why the first ten bytes of a text are not a date YYYY-MM-DD. */
typedef enum okr_date_error {
    OKR_DATE_OK = 0,
    OKR_DATE_SYNTAX,      /* not four digits, '-', two digits, '-', two digits */
    OKR_DATE_YEAR_ZERO,   /* 0000 */
    OKR_DATE_MONTH,       /* the month is not 01..12 */
    OKR_DATE_FEB_29,      /* February 29 of a common year */
    OKR_DATE_DAY_ZERO,    /* the day is 00 */
    OKR_DATE_DAY,         /* the day does not exist in that month */
} okr_date_error;

/* Reads a date from the first ten bytes of s[0..n), strictly: digits only,
 * no sign, no blanks. What follows the tenth byte is the caller's (a feed
 * timestamp goes on with a time). Sets *days when it returns OKR_DATE_OK. */
okr_date_error okr_calendar_read_date(const char *s, size_t n, long *days);

/* Parses a whole argument "YYYY-MM-DD" (`okrc grade --at`): ten bytes,
 * '-' at offsets 4 and 7, an existing date. Returns 1 and the day number. */
int okr_calendar_parse_date(const char *text, long *days);

/* The day number of a timestamp in seconds since 1970-01-01T00:00:00Z
 * (floor division, so also right before 1970). */
long okr_calendar_day_of(int64_t ts);

/* Seconds per unit of a duration suffix (ms s min h d w); returns 0 for
 * any other suffix, NULL included. */
int okr_calendar_duration_unit(const char *suffix, double *seconds);
/* value x unit in seconds; returns 0 when the unit is not a duration. */
int okr_calendar_duration_seconds(double value, const char *unit, double *seconds);

/* Whole days of a positive number of seconds, rounded up: ceil(s / 86400),
 * LONG_MAX when that does not fit a long. 0 for seconds <= 0 or NaN. */
long okr_calendar_days_ceil(double seconds);
/* The same, at most `cap` days: the checker resolves windows and lags to
 * at most OKR_MAX_DURATION_DAYS (checker/feeds.c), and grading caps again
 * for its own arithmetic (runtime/grade.c). */
long okr_calendar_days_capped(long days, long cap);

#endif
