/* report_format.c: how a report writes values, dates, bars and names.
 *
 * Every format writes a value the same way: in its metric type's base unit
 * as a reader writes it (22.5%, 1h 30min, USD 120,000), a date as
 * YYYY-MM-DD, a verdict or status as grading names it (text) or by a
 * stable slug (JSON). These functions know nothing of a report's layout:
 * they take one number or one name and return its text, so the unit tests
 * can pin them down alone. */
#include "report_internal.h"

#include <math.h>
#include <string.h>

#include "../common/calendar.h"

#ifndef OKRC_VERSION
#define OKRC_VERSION "0.0.0"
#endif

/* ================================================================ values */

/* Decimals that keep about three significant digits without showing noise
 * (22.46, 480.5, 0.0042); trailing zeros are dropped afterwards. A value
 * that is not a finite number needs none (it is written as a word), and
 * the smallest need six: log10 of a NaN must never reach an int. */
static int natural_decimals(double a)
{
    if (a == 0 || !isfinite(a))
        return 0;
    if (a < 1e-6)
        return 6;
    if (a >= 100)
        return 1;
    if (a >= 1)
        return 2;
    int d = 2 - (int)floor(log10(a));
    return d > 6 ? 6 : d;
}

/* Writes |value| with `decimals`, optionally without trailing zeros, with
 * thousands separators, and the sign unless the result reads as zero. */
static void put_number(double value, int decimals, int strip, int separators, char *buf, size_t len)
{
    if (!isfinite(value)) {
        snprintf(buf, len, "%s", isnan(value) ? "?" : value > 0 ? "inf" : "-inf");
        return;
    }
    double a = fabs(value);
    char tmp[400];
    if (a >= 1e15)
        snprintf(tmp, sizeof tmp, "%.4g", a);
    else
        snprintf(tmp, sizeof tmp, "%.*f", decimals, a);
    char *dot = strchr(tmp, '.');
    if (dot && strip && !strchr(tmp, 'e')) {
        char *end = tmp + strlen(tmp) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    int zero = strspn(tmp, "0.") == strlen(tmp);
    size_t int_len = strcspn(tmp, ".e");
    char out[520];
    size_t o = 0;
    if (value < 0 && !zero)
        out[o++] = '-';
    for (size_t i = 0; tmp[i]; i++) {
        if (separators && i < int_len && i > 0 && (int_len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = tmp[i];
    }
    out[o] = '\0';
    snprintf(buf, len, "%s", out);
}

void rpt_format_number(double value, int separators, char *buf, size_t len)
{
    put_number(value, natural_decimals(fabs(value)), 1, separators, buf, len);
}

/* Two decimals, as the scores beside it; three significant digits from a
 * million on, so a progress of 1.7e307 is not three hundred digits. */
void rpt_format_progress(double progress, char *buf, size_t len)
{
    if (!isfinite(progress))
        snprintf(buf, len, "?");
    else if (fabs(progress) >= 1e6)
        snprintf(buf, len, "%.3g", progress);
    else
        snprintf(buf, len, "%.2f", progress);
}

static void format_money(const okr_metric_decl *m, double value, int compact, char *buf, size_t len)
{
    const char *code = m->base_unit;
    char num[RPT_TEXT_LEN];
    double a = fabs(value);
    if (compact && a >= 10000) {
        rpt_format_value_compact(NULL, value, num, sizeof num);
    } else if (a >= 1 || a == 0) {
        /* Whole amounts without cents, and large amounts whole: cents of
         * a projected ARR are noise. Otherwise always two decimals. Amounts
         * under one unit (cost per task: 0.045) keep their digits below. */
        double cents = round(a * 100);
        int whole = fmod(cents, 100) == 0 || a >= 10000;
        put_number(value, whole ? 0 : 2, 0, 1, num, sizeof num);
    } else {
        rpt_format_number(value, 1, num, sizeof num);
    }
    snprintf(buf, len, "%s %s", code, num);
}

/* Durations in the largest unit that keeps them short: 300ms, 9.5s,
 * 12min 30s, 1h 30min, 2d 6h, 8w. */
static void format_duration(double seconds, char *buf, size_t len)
{
    if (!isfinite(seconds)) {
        rpt_format_number(seconds, 0, buf, len);
        return;
    }
    const char *sign = seconds < 0 ? "-" : "";
    double a = fabs(seconds);
    char num[RPT_TEXT_LEN];
    if (a == 0) {
        snprintf(buf, len, "0s");
    } else if (a < 1) {
        rpt_format_number(a * 1000, 0, num, sizeof num);
        snprintf(buf, len, "%s%sms", sign, num);
    } else if (a < 59.5) {
        rpt_format_number(a, 0, num, sizeof num);
        snprintf(buf, len, "%s%ss", sign, num);
    } else if (a < 3600 - 0.5) {
        long s = lround(a);
        if (s % 60)
            snprintf(buf, len, "%s%ldmin %lds", sign, s / 60, s % 60);
        else
            snprintf(buf, len, "%s%ldmin", sign, s / 60);
    } else if (a < 86400 - 30) {
        long m = lround(a / 60);
        if (m % 60)
            snprintf(buf, len, "%s%ldh %ldmin", sign, m / 60, m % 60);
        else
            snprintf(buf, len, "%s%ldh", sign, m / 60);
    } else {
        double hours = round(a / 3600);
        if (hours >= 1e9) {
            rpt_format_number(a / 86400, 1, num, sizeof num);
            snprintf(buf, len, "%s%sd", sign, num);
            return;
        }
        long h = (long)hours;
        if (h >= 14 * 24)
            h = (h + 12) / 24 * 24; /* beyond two weeks, hours are noise */
        long d = h / 24;
        if (h % 24)
            snprintf(buf, len, "%s%ldd %ldh", sign, d, h % 24);
        else if (d >= 14 && d % 7 == 0)
            snprintf(buf, len, "%s%ldw", sign, d / 7);
        else
            snprintf(buf, len, "%s%ldd", sign, d);
    }
}

void rpt_format_value(const okr_metric_decl *m, double value, char *buf, size_t len)
{
    char num[RPT_TEXT_LEN];
    switch (m ? m->type : OKR_TYPE_NUMBER) {
    case OKR_TYPE_PERCENT:
        rpt_format_number(value, 1, num, sizeof num);
        snprintf(buf, len, "%s%%", num);
        return;
    case OKR_TYPE_DURATION:
        format_duration(value, buf, len);
        return;
    case OKR_TYPE_MONEY:
        format_money(m, value, 0, buf, len);
        return;
    case OKR_TYPE_COUNT:
    case OKR_TYPE_NUMBER:
    case OKR_TYPE_SCORE:
    case OKR_TYPE_NONE:
        break;
    }
    rpt_format_number(value, 1, buf, len);
}

void rpt_format_value_compact(const okr_metric_decl *m, double value, char *buf, size_t len)
{
    okr_type_kind type = m ? m->type : OKR_TYPE_NUMBER;
    if (type == OKR_TYPE_MONEY) {
        format_money(m, value, 1, buf, len);
        return;
    }
    double a = fabs(value);
    if (type == OKR_TYPE_DURATION && isfinite(value) && (a == 0 || a >= OKR_SECONDS_PER_DAY)) {
        /* A chart's axis counts whole days in days, never in weeks (a key
         * result written in days reads 14d, 21d, not 2w, 3w), and its zero
         * needs no unit. */
        double days = a / OKR_SECONDS_PER_DAY;
        if (fabs(days - round(days)) < 1e-9 * fmax(1.0, days)) {
            char num[RPT_TEXT_LEN];
            rpt_format_number(round(days), 1, num, sizeof num);
            snprintf(buf, len, "%s%s%s", value < 0 ? "-" : "", num, a == 0 ? "" : "d");
            return;
        }
    }
    if (type == OKR_TYPE_PERCENT || type == OKR_TYPE_DURATION || a < 10000 || !isfinite(value)) {
        rpt_format_value(m, value, buf, len);
        return;
    }
    static const struct { double scale; const char *suffix; } steps[] = {
        {1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        if (a >= steps[i].scale || i + 1 == sizeof steps / sizeof steps[0]) {
            char num[RPT_TEXT_LEN];
            rpt_format_number(value / steps[i].scale, 0, num, sizeof num);
            snprintf(buf, len, "%s%s", num, steps[i].suffix);
            return;
        }
    }
}

void rpt_format_date(long day, char *buf, size_t len)
{
    int y, m, d;
    okr_calendar_date_from_days(day, &y, &m, &d);
    snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

void rpt_date_split(long day, int *year, int *month, int *mday)
{
    okr_calendar_date_from_days(day, year, month, mday);
}

void rpt_format_date_short(long day, char *buf, size_t len)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y, m, d;
    okr_calendar_date_from_days(day, &y, &m, &d);
    snprintf(buf, len, "%s %d", months[(m - 1) % 12], d);
}

int rpt_bar_cells(double score)
{
    if (!(score > 0))
        return 0;
    if (score >= 1)
        return RPT_BAR_CELLS;
    /* From the score as printed (two decimals), so that 0.449, shown as
     * 0.45, gets the same bar as 0.45. */
    double shown = round(score * 100) / 100;
    return (int)floor(shown * RPT_BAR_CELLS + 0.5);
}

void rpt_format_bar(double score, char *buf, size_t len)
{
    char bar[RPT_BAR_CELLS + 3];
    int cells = rpt_bar_cells(score);
    bar[0] = '[';
    for (int i = 0; i < RPT_BAR_CELLS; i++)
        bar[1 + i] = i < cells ? '#' : '-';
    bar[RPT_BAR_CELLS + 1] = ']';
    bar[RPT_BAR_CELLS + 2] = '\0';
    snprintf(buf, len, "%s", bar);
}

/* ================================================================ names */

/* The words are grading's own (okr_verdict_name), so a report and any
 * other message about the same verdict agree; "none" is left unsaid. */
const char *rpt_verdict_text(okr_verdict v)
{
    return v == OKR_VERDICT_NONE ? "" : okr_verdict_name(v);
}

/* JSON's names are spelled here, not borrowed, because the schema is a
 * promise that must not move when the human wording does. */
const char *rpt_verdict_slug(okr_verdict v)
{
    switch (v) {
    case OKR_VERDICT_NONE: return NULL;
    case OKR_VERDICT_NO_DATA: return "no_data";
    case OKR_VERDICT_NOT_STARTED: return "not_started";
    case OKR_VERDICT_PASSED: return "passed";
    case OKR_VERDICT_FAILED: return "failed";
    case OKR_VERDICT_SUCCESS: return "success";
    case OKR_VERDICT_PARTIAL: return "partial";
    case OKR_VERDICT_MISSED: return "missed";
    case OKR_VERDICT_CONFIRMED: return "confirmed";
    case OKR_VERDICT_REFUTED: return "refuted";
    case OKR_VERDICT_INCONCLUSIVE: return "inconclusive";
    case OKR_VERDICT_OPEN: return "open";
    }
    return NULL;
}

const char *rpt_status_text(okr_status s)
{
    return s == OKR_STATUS_NONE ? "" : okr_status_name(s);
}

const char *rpt_status_slug(okr_status s)
{
    switch (s) {
    case OKR_STATUS_NONE: return NULL;
    case OKR_STATUS_ON_TRACK: return "on_track";
    case OKR_STATUS_AT_RISK: return "at_risk";
    case OKR_STATUS_OFF_TRACK: return "off_track";
    case OKR_STATUS_INCOMPLETE: return "incomplete";
    }
    return NULL;
}

const char *rpt_form_slug(okr_target_kind kind)
{
    switch (kind) {
    case OKR_TARGET_FROM_TO: return "from_to";
    case OKR_TARGET_BY: return "by";
    case OKR_TARGET_AT_LEAST: return "at_least";
    case OKR_TARGET_AT_MOST: return "at_most";
    case OKR_TARGET_NO_WORSE: return "no_worse";
    case OKR_TARGET_NONE: break;
    }
    return "none";
}

rpt_tone rpt_verdict_tone(okr_verdict v)
{
    switch (v) {
    case OKR_VERDICT_PASSED:
    case OKR_VERDICT_SUCCESS:
    case OKR_VERDICT_CONFIRMED:
        return RPT_TONE_GOOD;
    case OKR_VERDICT_PARTIAL:
    case OKR_VERDICT_OPEN:
    case OKR_VERDICT_INCONCLUSIVE:
        return RPT_TONE_MIXED;
    case OKR_VERDICT_FAILED:
    case OKR_VERDICT_MISSED:
    case OKR_VERDICT_REFUTED:
        return RPT_TONE_BAD;
    case OKR_VERDICT_NONE:
    case OKR_VERDICT_NO_DATA:
    case OKR_VERDICT_NOT_STARTED:
        break;
    }
    return RPT_TONE_NONE;
}

rpt_tone rpt_status_tone(okr_status s)
{
    switch (s) {
    case OKR_STATUS_ON_TRACK: return RPT_TONE_GOOD;
    case OKR_STATUS_AT_RISK: return RPT_TONE_MIXED;
    case OKR_STATUS_OFF_TRACK: return RPT_TONE_BAD;
    case OKR_STATUS_INCOMPLETE: return RPT_TONE_MIXED;
    case OKR_STATUS_NONE: break;
    }
    return RPT_TONE_NONE;
}

/* ================================================================ small words */

const char *rpt_plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

const char *rpt_tool_version(const okr_report_input *in)
{
    return in->tool_version ? in->tool_version : OKRC_VERSION;
}
