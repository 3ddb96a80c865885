/* units.c: unit rules and normalisation (spec.md, "Units").
 *
 * One place decides which unit suffix fits which metric type and converts
 * values to the type's base unit: percent in percentage points, duration in
 * seconds, money in currency units, count/number/score as written. The types
 * pass, the JSON emitter and the grader all use these functions, so a unit
 * means the same thing everywhere. Dates use the proleptic Gregorian
 * calendar (days-from-civil), written out because C11 has no timegm. */
#include <stdlib.h>
#include <string.h>

#include "passes.h"

static const struct {
    const char *suffix;
    double seconds;
} duration_units[] = {
    {"ms", 0.001}, {"s", 1}, {"min", 60}, {"h", 3600}, {"d", 86400}, {"w", 604800},
};

/* ISO 4217 active codes, space-separated, sorted (searched with strstr on
 * " XXX " so the list stays readable as data). */
static const char currency_codes[] =
    " AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN"
    " BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD"
    " FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY"
    " KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP"
    " MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR"
    " RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SYP SZL THB TJS TMT TND"
    " TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL ";

int okr_is_currency_code(const char *code)
{
    if (strlen(code) != 3)
        return 0;
    char needle[6] = {' ', code[0], code[1], code[2], ' ', '\0'};
    return strstr(currency_codes, needle) != NULL;
}

static int duration_factor(const char *unit, double *seconds)
{
    for (size_t i = 0; i < sizeof duration_units / sizeof duration_units[0]; i++) {
        if (strcmp(unit, duration_units[i].suffix) == 0) {
            *seconds = duration_units[i].seconds;
            return 1;
        }
    }
    return 0;
}

static int known_unit(const char *unit)
{
    double f;
    return strcmp(unit, "%") == 0 || strcmp(unit, "pp") == 0 || duration_factor(unit, &f) ||
           okr_is_currency_code(unit);
}

const char *okr_unit_base_name(const okr_metric_decl *metric)
{
    switch (metric->type) {
    case OKR_TYPE_PERCENT: return "percent";
    case OKR_TYPE_DURATION: return "seconds";
    case OKR_TYPE_MONEY: return metric->currency.text ? metric->currency.text : "money";
    case OKR_TYPE_COUNT: return "count";
    case OKR_TYPE_NUMBER: return "number";
    case OKR_TYPE_SCORE: return "score";
    case OKR_TYPE_NONE: break;
    }
    return "none";
}

/* Reports a unit that does not fit; `want` says what to write instead. */
static int misfit(okr_diags *diags, const okr_metric_decl *m, const okr_quantity *q, const char *want)
{
    if (!diags)
        return 0;
    okr_diag *d;
    okr_span span = q->unit ? q->unit_span : q->span;
    if (q->unit && !known_unit(q->unit)) {
        d = okr_diag_report(diags, OKR205, span, "unknown unit '%s'", q->unit);
        okr_diag_help(diags, d, "%s", want);
        return 0;
    }
    const char *type = okr_type_name(m->type);
    if (q->unit)
        d = okr_diag_report(diags, OKR201, span, "unit '%s' does not fit %s metric '%s'", q->unit, type,
                            m->name.text);
    else
        d = okr_diag_report(diags, OKR201, q->span, "value of %s metric '%s' needs a unit", type,
                            m->name.text);
    okr_diag_help(diags, d, "%s", want);
    if (m->name.span.file != OKR_NO_FILE)
        okr_diag_note(diags, d, m->type_span, "'%s' is declared as %s here", m->name.text, type);
    return 0;
}

int okr_unit_normalise(okr_diags *diags, const okr_metric_decl *m, const okr_quantity *q,
                       okr_value_role role, double *value, int *relative)
{
    const char *u = q->unit;
    *relative = 0;
    *value = q->value;
    if (role == OKR_VALUE_CHANGE && u && strcmp(u, "%") == 0) {
        *relative = 1;
        *value = q->value / 100.0;
        return 1;
    }
    switch (m->type) {
    case OKR_TYPE_PERCENT:
        if (role == OKR_VALUE_LEVEL && u && strcmp(u, "%") == 0)
            return 1;
        if (role == OKR_VALUE_CHANGE && u && strcmp(u, "pp") == 0)
            return 1;
        if (role == OKR_VALUE_LEVEL && u && strcmp(u, "pp") == 0)
            return misfit(diags, m, q, "'pp' is a difference of percentage points, used with `by`; "
                                       "write a level such as 22%");
        return misfit(diags, m, q, role == OKR_VALUE_LEVEL
                                       ? "write percent levels with '%', e.g. 22%"
                                       : "write the change as +5pp (percentage points) or +10% (relative)");
    case OKR_TYPE_DURATION: {
        double f;
        if (u && duration_factor(u, &f)) {
            *value = q->value * f;
            return 1;
        }
        return misfit(diags, m, q, "write durations with a unit: ms, s, min, h, d or w, e.g. 45min");
    }
    case OKR_TYPE_MONEY:
        if (!u || (m->currency.text && strcmp(u, m->currency.text) == 0))
            return 1;
        if (!diags)
            return 0;
        return misfit(diags, m, q, m->currency.text
                                       ? okr_arena_printf(diags->arena, "write amounts in %s as plain numbers",
                                                          m->currency.text)
                                       : "write amounts as plain numbers");
    case OKR_TYPE_COUNT:
    case OKR_TYPE_NUMBER:
    case OKR_TYPE_SCORE:
        if (!u)
            return 1;
        return misfit(diags, m, q, role == OKR_VALUE_LEVEL
                                       ? "write a plain number; '%' fits only percent metrics and relative changes"
                                       : "write a plain number (+50) or a relative change (+10%)");
    case OKR_TYPE_NONE:
        break;
    }
    return 0;
}

/* days_from_civil: H. Hinnant's algorithm, exact for the Gregorian calendar. */
int okr_date_to_days(int year, int month, int day, long *days)
{
    static const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
        return 0;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int limit = month_days[month - 1] + (month == 2 && leap);
    if (day > limit)
        return 0;
    long y = year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *days = era * 146097 + doe - 719468;
    return 1;
}

void okr_days_to_date(long days, int *year, int *month, int *day)
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
