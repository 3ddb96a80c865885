/* units.c: unit rules and normalisation (spec.md, "Units").
 *
 * One place decides which unit suffix fits which metric type and converts
 * values to the type's base unit: percent in percentage points, duration in
 * seconds, money in currency units, count/number/score as written. The types
 * pass stores what it decides here in the tree (the metric's base_unit, each
 * target's levels and change; see program.h), so the JSON emitter, grading
 * and the reports read one decision instead of converting again. The
 * duration suffixes are the calendar's (common/calendar.h). */
#include <stdlib.h>
#include <string.h>

#include "../common/calendar.h"
#include "passes.h"

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

static int known_unit(const char *unit)
{
    double f;
    return strcmp(unit, "%") == 0 || strcmp(unit, "pp") == 0 || okr_calendar_duration_unit(unit, &f) ||
           okr_is_currency_code(unit);
}

const char *okr_unit_base_name(const okr_metric_decl *metric)
{
    switch (metric->type) {
    case OKR_TYPE_PERCENT: return "percent";
    case OKR_TYPE_DURATION: return "seconds";
    case OKR_TYPE_MONEY: return metric->more->currency.text ? metric->more->currency.text : "money";
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
    okr_span span = q->unit ? okr_quantity_unit_span(q) : q->span;
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
        if (okr_calendar_duration_unit(u, &f)) {
            *value = q->value * f;
            return 1;
        }
        return misfit(diags, m, q, "write durations with a unit: ms, s, min, h, d or w, e.g. 45min");
    }
    case OKR_TYPE_MONEY:
        if (!u || (m->more->currency.text && strcmp(u, m->more->currency.text) == 0))
            return 1;
        if (!diags)
            return 0;
        return misfit(diags, m, q, m->more->currency.text
                                       ? okr_arena_printf(diags->arena, "write amounts in %s as plain numbers",
                                                          m->more->currency.text)
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

void okr_unit_resolve_target(okr_diags *diags, const okr_metric_decl *m, okr_target *t)
{
    int relative;
    switch (t->kind) {
    case OKR_TARGET_FROM_TO:
        if (!t->baseline_unknown)
            t->has_baseline_level =
                okr_unit_normalise(diags, m, &t->baseline, OKR_VALUE_LEVEL, &t->baseline_level, &relative);
        t->has_target_level = okr_unit_normalise(diags, m, &t->value, OKR_VALUE_LEVEL, &t->target_level, &relative);
        return;
    case OKR_TARGET_BY:
        t->has_change = okr_unit_normalise(diags, m, &t->value, OKR_VALUE_CHANGE, &t->change, &relative);
        t->change_is_relative = relative;
        return;
    case OKR_TARGET_AT_LEAST:
    case OKR_TARGET_AT_MOST:
        t->has_target_level = okr_unit_normalise(diags, m, &t->value, OKR_VALUE_LEVEL, &t->target_level, &relative);
        return;
    case OKR_TARGET_NO_WORSE:
    case OKR_TARGET_NONE:
        return;
    }
}

/* Feed units (spec.md, "Units of feed values"): the unit a feed writes a
 * metric's values in, with the factor that brings them to the base unit.
 * Count, number and score metrics take none: their values are plain. */
int okr_unit_feed_factor(const okr_metric_decl *m, const char *unit, double *factor)
{
    *factor = 1;
    if (!unit)
        return 0;
    switch (m->type) {
    case OKR_TYPE_DURATION:
        return okr_calendar_duration_unit(unit, factor);
    case OKR_TYPE_PERCENT:
        if (strcmp(unit, "fraction") == 0)
            *factor = 100;
        return strcmp(unit, "pp") == 0 || strcmp(unit, "fraction") == 0;
    case OKR_TYPE_MONEY:
        if (strcmp(unit, "cents") == 0)
            *factor = 0.01;
        return strcmp(unit, "cents") == 0 || (m->more->currency.text && strcmp(unit, m->more->currency.text) == 0);
    case OKR_TYPE_COUNT:
    case OKR_TYPE_NUMBER:
    case OKR_TYPE_SCORE:
    case OKR_TYPE_NONE:
        break;
    }
    return 0;
}

/* What a metric's `unit` clause may say, for the help line. */
static const char *feed_unit_help(okr_arena *arena, const okr_metric_decl *m)
{
    const char *cur = m->more->currency.text ? m->more->currency.text : "CUR";
    switch (m->type) {
    case OKR_TYPE_DURATION:
        return "write the unit the feed's values are in: `unit ms`, `s`, `min`, `h`, `d` or `w`";
    case OKR_TYPE_PERCENT:
        return "write `unit pp` (41.5 is 41.5%) or `unit fraction` (0.415 is 41.5%)";
    case OKR_TYPE_MONEY:
        return okr_arena_printf(arena, "write `unit %s` (amounts in %s) or `unit cents` (hundredths of %s)", cur,
                                cur, cur);
    default:
        return "feed values of this metric are plain numbers: remove `unit`";
    }
}

void okr_unit_resolve_feed(okr_diags *diags, okr_metric_decl *m)
{
    m->feed_factor = 1;
    m->feed_unit_declared = 0;
    const char *u = m->more->feed_unit.text;
    if (!u)
        return;
    double factor;
    if (okr_unit_feed_factor(m, u, &factor)) {
        m->feed_factor = factor;
        m->feed_unit_declared = 1;
        return;
    }
    if (!diags || m->type == OKR_TYPE_NONE)
        return;
    okr_diag *d;
    const char *type = okr_type_name(m->type);
    if (!known_unit(u) && strcmp(u, "fraction") != 0 && strcmp(u, "cents") != 0)
        d = okr_diag_report(diags, OKR205, m->more->feed_unit.span, "unknown unit '%s'", u);
    else if (m->type == OKR_TYPE_COUNT || m->type == OKR_TYPE_NUMBER || m->type == OKR_TYPE_SCORE)
        d = okr_diag_report(diags, OKR201, m->more->feed_unit.span, "%s metric '%s' takes no feed unit", type,
                            m->name.text);
    else
        d = okr_diag_report(diags, OKR201, m->more->feed_unit.span, "feed unit '%s' does not fit %s metric '%s'", u,
                            type, m->name.text);
    okr_diag_help(diags, d, "%s", feed_unit_help(diags->arena, m));
    if (m->name.span.file != OKR_NO_FILE)
        okr_diag_note(diags, d, m->type_span, "'%s' is declared as %s here", m->name.text, type);
}
