/* report.c: grading reports as text, JSON and Markdown, and what every
 * format shares (report_internal.h); HTML is in report_html.c.
 *
 * The writers only render: every score, verdict and status comes from the
 * grading result (grade.h), so the formats cannot disagree with each other
 * or with the exit status. The few facts the result does not carry (the
 * day a bound key result was first broken, the daily values of a chart)
 * are read from the store by the helpers below with the grading rules.
 *
 * JSON schema (version 1), written by `okrc grade --format json`. Values
 * are numbers in the metric type's base unit (percent in percentage
 * points, durations in seconds, money in currency units, as
 * `compile --emit json`); days are "YYYY-MM-DD" strings; a number or day
 * that is unknown is null, never 0. Keys appear in this order. Reals are
 * written with at most 12 significant digits.
 *
 *   {
 *     "version": 1,
 *     "generator": "okrc 0.1.0",
 *     "grading_day": "2026-08-15",      --at DATE, or today
 *     "at_given": true,                 the day was given with --at
 *     "cycles": [                       every cycle of the graded objectives
 *       {"label": "2026-Q3", "start": "2026-07-01", "end": "2026-09-30",
 *        "state": "running",            "running" | "over" | "not_started"
 *        "as_of": "2026-08-15"}         min(grading day, end)
 *     ],
 *     "feeds": [                        one per feed, in command-line order
 *       {"name": "metrics/analytics.csv", "bytes": N, "rows": N, "stored": N,
 *        "malformed": N, "unknown_metric": N, "out_of_range": N,
 *        "duplicates": N, "unsorted": N}
 *     ],
 *     "totals": {
 *       "objectives": N, "unhealthy": N, "committed_failed": N,
 *       "key_results": N,               key results that are not hypotheses
 *       "hypotheses": N,
 *       "scored": N,                    key results with a score
 *       "no_data": N,                   key results and hypotheses without a current value
 *                                       (objectives not started are not counted)
 *       "counter_metrics": N, "breaches": N,
 *       "feeds": {"bytes", "rows", "stored", "malformed", "unknown_metric",
 *                 "out_of_range", "duplicates", "unsorted"}   summed over "feeds"
 *     },
 *     "teams": [                        in order of first appearance
 *       {"name": "growth",              null for objectives outside any team
 *        "title": "Growth",             null when the team has none
 *        "objectives": [                unhealthy first, then program order
 *          {"name": "onboarding", "qualified": "growth.onboarding",
 *           "archetype": "aspirational", "committed" | "aspirational" | "learning" (effective)
 *           "statement": "...", "owner": "..." | null,
 *           "cycle": "2026-Q3", "cycle_start": "2026-07-01", "cycle_end": "2026-09-30",
 *           "in_progress": true,        grading day before the cycle's end: provisional
 *           "as_of": "2026-08-15",      min(grading day, cycle end)
 *           "elapsed": 0.5,             share of the cycle elapsed at as_of, 0..1
 *           "score": 0.62,              weighted mean; null when nothing scored, always null
 *                                       for learning objectives
 *           "verdict": "partial",       see verdicts below; null while the cycle runs
 *                                       (except "failed" for a committed level broken now)
 *           "status": "on_track",       while the cycle runs: the worst check-in status of
 *                                       its key results; null otherwise and for learning
 *           "healthy": false,           false when a counter-metric was breached
 *           "target_too_low": false,    aspirational objective at 1.0
 *           "graded": 4,                key results with a score (hypotheses with a verdict)
 *           "key_results": [
 *             {"label": "activation",   the name, or "#N" by position
 *              "name": "activation" | null, "title": "..." | null,
 *              "kind": "kr",            "kr" | "hypothesis"
 *              "metric": "std.product.d7_activation" | null,   qualified
 *              "unit": "percent",       "percent" | "seconds" | a currency code | "count" |
 *                                       "number" | "score"
 *              "form": "from_to",       "from_to" | "by" | "at_least" | "at_most"
 *              "weight": 1,
 *              "bound_to_feed": true,   false: no series, so no data can ever come
 *              "baseline": 22.0,        null when unknown (`from ?` with no data, bounds)
 *              "current": 28.5,         value on the effective day, or null: no data
 *              "target": 35.0,          the bound for at_least / at_most
 *              "score": 0.5,            0..1, or null (no data, hypotheses, target == baseline)
 *              "progress": 0.5,         raw (current - baseline) / (target - baseline), unclamped
 *              "expected": 0.5,         elapsed share, while the cycle runs; else null
 *              "status": "at_risk",     "on_track" | "at_risk" | "off_track" | null (cycle over,
 *                                       no data, hypotheses)
 *              "projected": 33.1,       least-squares value at the cycle's end, or null
 *              "projected_score": 0.85,
 *              "met": null,             bounds: true / false (null when no data); else null
 *              "held": null,            bounds: the bound held at every observation; else null
 *              "breach_day": null,      bounds that did not hold: the first day broken
 *              "observations": 14,      in the cycle, up to the effective day
 *              "verdict": null,         hypotheses: "confirmed" | "refuted" | "inconclusive" |
 *                                       "open"; "no_data" for a key result with no current value;
 *                                       else null
 *              "effective_day": "2026-08-15",  as_of less the metric's lag
 *              "no_data_reason": null}  why current is null, in words
 *           ],
 *           "counter_metrics": [
 *             {"metric": "std.product.first_week_ticket_rate", "unit": "number",
 *              "form": "at_most",       "at_least" | "at_most" | "no_worse"
 *              "bound": 12.0,           the baseline for no_worse; null when unknown
 *              "current": 13.2,         null: no data
 *              "state": "breached",     "breached" | "holding" | "no_data"
 *              "breached": true,
 *              "breach_day": "2026-07-20" | null,
 *              "worst": 14.1 | null,    the worst value seen in the cycle
 *              "observations": 30,
 *              "no_data_reason": null}
 *           ]}
 *        ]}
 *     ],
 *     "exit_status": 1                  what `okrc grade` exits with (0 or 1)
 *   }
 *
 * Verdicts: "no_data", "not_started", "passed", "failed" (committed),
 * "success", "partial", "missed" (aspirational), "confirmed", "refuted",
 * "inconclusive", "open" (learning). Text shows them with spaces ("no
 * data"). Strings that are not valid UTF-8 have each bad byte replaced by
 * U+FFFD. */
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>

#include "../checker/passes.h"

#ifndef OKRC_VERSION
#define OKRC_VERSION "0.0.0"
#endif

#define SGR_RESET "\033[0m"
#define SGR_BOLD "\033[1m"
#define SGR_DIM "\033[2m"
#define SGR_GREEN "\033[32m"
#define SGR_YELLOW "\033[33m"
#define SGR_RED "\033[31m"
#define SGR_ALERT "\033[1;31m"

enum {
    /* The text report is laid out for this many columns. */
    TEXT_WIDTH = 100,
    /* Columns of a key result's row: metric, values, score and bar. */
    COL_INDENT = 6,
    COL_METRIC = 26,
    COL_VALUES = 34,
    COL_SCORE = 18,
};

int okr_report_format_parse(const char *name, okr_report_format *out)
{
    static const struct { const char *name; okr_report_format format; } names[] = {
        {"text", OKR_REPORT_TEXT}, {"json", OKR_REPORT_JSON},
        {"markdown", OKR_REPORT_MARKDOWN}, {"md", OKR_REPORT_MARKDOWN},
        {"html", OKR_REPORT_HTML},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].format;
            return 1;
        }
    }
    return 0;
}

/* ================================================================ values */

/* Decimals that keep about three significant digits without showing noise
 * (22.46, 480.5, 0.0042); trailing zeros are dropped afterwards. */
static int natural_decimals(double a)
{
    if (a == 0)
        return 0;
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

static void format_money(const okr_metric_decl *m, double value, int compact, char *buf, size_t len)
{
    const char *code = okr_unit_base_name(m);
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
    okr_days_to_date(day, &y, &m, &d);
    snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

void rpt_format_date_short(long day, char *buf, size_t len)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y, m, d;
    okr_days_to_date(day, &y, &m, &d);
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
    case OKR_STATUS_NONE: break;
    }
    return RPT_TONE_NONE;
}

rpt_tone rpt_kr_tone(const okr_objective_grade *og, const okr_kr_grade *kg)
{
    if (!kg->has_score)
        return RPT_TONE_NONE;
    if (kg->status != OKR_STATUS_NONE)
        return rpt_status_tone(kg->status);
    if (og->archetype == OKR_ARCH_COMMITTED)
        return kg->score >= 1 ? RPT_TONE_GOOD : RPT_TONE_BAD;
    return kg->score >= 0.7 ? RPT_TONE_GOOD : kg->score >= 0.4 ? RPT_TONE_MIXED : RPT_TONE_BAD;
}

/* ================================================================ layout */

const char *rpt_metric_qualified(okr_arena *arena, const okr_metric_decl *m)
{
    if (!m)
        return NULL;
    if (!m->owner_name)
        return m->name.text;
    return okr_arena_printf(arena, "%s.%s", m->owner_name, m->name.text);
}

const char *rpt_objective_qualified(okr_arena *arena, const okr_objective *obj)
{
    if (!obj->team || !obj->team->name.text)
        return obj->name.text;
    return okr_arena_printf(arena, "%s.%s", obj->team->name.text, obj->name.text);
}

const char *rpt_metric_written(const okr_path *metric)
{
    return metric && metric->text ? metric->text : "?";
}

static const char *team_key(const okr_objective *obj)
{
    return obj->team && obj->team->name.text ? obj->team->name.text : "";
}

void rpt_layout_build(const okr_report_input *in, rpt_layout *out)
{
    memset(out, 0, sizeof *out);
    okr_arena_init(&out->arena);
    okr_arena *a = &out->arena;
    const okr_grade_result *r = in->result;
    size_t n = r ? r->objective_count : 0;

    /* Teams: an index per name, then the objectives of each in two passes,
     * so unhealthy objectives come first and program order holds within
     * each group. */
    okr_strmap team_index, cycle_index;
    okr_strmap_init(&team_index, a);
    okr_strmap_init(&cycle_index, a);
    out->teams = okr_arena_alloc(a, (n ? n : 1) * sizeof *out->teams);
    out->cycles = okr_arena_alloc(a, (n ? n : 1) * sizeof *out->cycles);
    size_t *team_of = okr_arena_alloc(a, (n ? n : 1) * sizeof *team_of);
    for (size_t i = 0; i < n; i++) {
        const okr_objective *obj = r->objectives[i].objective;
        const char *key = team_key(obj);
        size_t *slot = okr_strmap_get(&team_index, key);
        if (!slot) {
            slot = okr_arena_alloc(a, sizeof *slot);
            *slot = out->team_count++;
            okr_strmap_put(&team_index, key, slot);
            out->teams[*slot].name = *key ? key : NULL;
        }
        rpt_team *t = &out->teams[*slot];
        if (!t->title && obj->team && obj->team->title.text)
            t->title = obj->team->title.text;
        t->count++;
        team_of[i] = *slot;

        const okr_cycle_decl *c = obj->cycle;
        if (c && c->ok) {
            const char *ckey = okr_arena_printf(a, "%s/%ld/%ld", c->label ? c->label : "", c->start_day, c->end_day);
            if (!okr_strmap_get(&cycle_index, ckey)) {
                okr_strmap_put(&cycle_index, ckey, (void *)c);
                rpt_cycle *rc = &out->cycles[out->cycle_count++];
                rc->cycle = c;
                rc->not_started = r->grading_day < c->start_day;
                rc->in_progress = r->grading_day < c->end_day;
                rc->as_of_day = r->grading_day < c->end_day ? r->grading_day : c->end_day;
            }
        }
    }
    for (size_t t = 0; t < out->team_count; t++) {
        out->teams[t].objectives = okr_arena_alloc(a, out->teams[t].count * sizeof *out->teams[t].objectives);
        out->teams[t].count = 0;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            const okr_objective_grade *og = &r->objectives[i];
            if ((pass == 0) != !og->healthy)
                continue;
            rpt_team *t = &out->teams[team_of[i]];
            t->objectives[t->count++] = og;
        }
    }

    rpt_totals *tot = &out->totals;
    tot->objectives = n;
    tot->committed_failed = r ? r->committed_failed : 0;
    tot->breaches = r ? r->breaches : 0;
    for (size_t i = 0; i < n; i++) {
        const okr_objective_grade *og = &r->objectives[i];
        if (!og->healthy)
            tot->unhealthy++;
        for (size_t k = 0; k < og->kr_count; k++) {
            const okr_kr_grade *kg = &og->krs[k];
            if (kg->kr->is_hypothesis)
                tot->hypotheses++;
            else
                tot->key_results++;
            if (kg->has_score && !kg->kr->is_hypothesis)
                tot->scored++;
            if (!kg->has_current && og->verdict != OKR_VERDICT_NOT_STARTED)
                tot->no_data++;
        }
        tot->counters += og->counter_count;
    }
    for (size_t f = 0; in->feeds && f < in->feed_count; f++) {
        const okr_feed_stats *s = &in->feeds[f];
        tot->feeds.bytes += s->bytes;
        tot->feeds.rows += s->rows;
        tot->feeds.stored += s->stored;
        tot->feeds.malformed += s->malformed;
        tot->feeds.unknown_metric += s->unknown_metric;
        tot->feeds.out_of_range += s->out_of_range;
        tot->feeds.duplicates += s->duplicates;
        tot->feeds.unsorted += s->unsorted;
    }
    tot->exit_status = tot->committed_failed > 0 || tot->breaches > 0;
}

void rpt_layout_free(rpt_layout *layout)
{
    okr_arena_free(&layout->arena);
    memset(layout, 0, sizeof *layout);
}

/* ================================================================ facts from the store */

static int is_latest(const okr_metric_decl *m)
{
    return !m->aggregate.text || strcmp(m->aggregate.text, "latest") == 0;
}

/* The bound of a bound key result in base units: grading resolves it into
 * `target`; a hand-built result may leave it to the written quantity. */
int rpt_kr_bound(const okr_kr_grade *kg, double *bound)
{
    if (kg->has_target) {
        *bound = kg->target;
        return 1;
    }
    int rel = 0;
    return kg->kr->metric_decl &&
           okr_unit_normalise(NULL, kg->kr->metric_decl, &kg->kr->target.value, OKR_VALUE_LEVEL, bound, &rel);
}

int rpt_bound_breach_day(const okr_report_input *in, const okr_objective_grade *og, const okr_kr_grade *kg,
                         long *day)
{
    const okr_kr *kr = kg->kr;
    const okr_store *st = in->store;
    const okr_metric_decl *m = kr->metric_decl;
    int at_least = kr->target.kind == OKR_TARGET_AT_LEAST;
    double bound;
    if (!st || !kg->series || !m || !og->objective->cycle || !rpt_kr_is_bound(kg) || !rpt_kr_bound(kg, &bound))
        return 0;
    long from = og->objective->cycle->start_day, to = kg->effective_day;
    if (from < st->first_day)
        from = st->first_day;
    if (to > st->first_day + st->ndays - 1)
        to = st->first_day + st->ndays - 1;
    for (long d = from; d <= to; d++) {
        const okr_obs_day *b = &kg->series->days[d - st->first_day];
        if (!b->count)
            continue;
        double v;
        if (is_latest(m))
            v = at_least ? b->min : b->max;
        else if (!okr_series_value_at(st, kg->series, m, og->objective->cycle->start_day, d, &v))
            continue;
        /* The tolerance grading allows, so a value equal to the bound in
         * decimal is not reported as a breach. */
        double slack = 1e-9 * fmax(1.0, fabs(bound));
        if (at_least ? v < bound - slack : v > bound + slack) {
            *day = d;
            return 1;
        }
    }
    return 0;
}

const char *rpt_no_data_reason(const okr_series *series, size_t observations)
{
    if (!series)
        return "not bound to any feed";
    if (series->rows == 0 && series->out_of_range == 0)
        return "no feed row names this metric";
    if (observations == 0)
        return "no observations in the cycle yet";
    return "no value as of the effective day";
}

size_t rpt_daily_values(const okr_report_input *in, const okr_series *series, long cycle_start, long from,
                        long to, okr_arena *arena, long **days, double **values)
{
    const okr_store *st = in->store;
    *days = NULL;
    *values = NULL;
    if (!st || !series || !series->metric || st->ndays <= 0)
        return 0;
    if (from < st->first_day)
        from = st->first_day;
    if (to > st->first_day + st->ndays - 1)
        to = st->first_day + st->ndays - 1;
    if (to < from)
        return 0;
    size_t n = 0;
    for (long d = from; d <= to; d++)
        n += series->days[d - st->first_day].count > 0;
    if (!n)
        return 0;
    *days = okr_arena_alloc(arena, n * sizeof **days);
    *values = okr_arena_alloc(arena, n * sizeof **values);
    size_t k = 0;
    for (long d = from; d <= to; d++) {
        double v;
        if (series->days[d - st->first_day].count > 0 &&
            okr_series_value_at(st, series, series->metric, cycle_start, d, &v) && isfinite(v)) {
            (*days)[k] = d;
            (*values)[k] = v;
            k++;
        }
    }
    return k;
}

/* ================================================================ shared wording */

typedef struct writer {
    FILE *out;
    const okr_report_input *in;
    const rpt_layout *layout;
    okr_arena *arena; /* scratch for names */
    int color;
} writer;

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static const char *tool_version(const okr_report_input *in)
{
    return in->tool_version ? in->tool_version : OKRC_VERSION;
}

int rpt_kr_is_bound(const okr_kr_grade *kg)
{
    return kg->is_bound || kg->kr->target.kind == OKR_TARGET_AT_LEAST || kg->kr->target.kind == OKR_TARGET_AT_MOST;
}

/* Grading resolves the baseline and target; where it did not (an
 * objective not started yet), the levels as written still say what the
 * key result aims at, so they are shown rather than "?". */
void rpt_kr_levels(const okr_kr_grade *kg, int *has_baseline, double *baseline, int *has_target, double *target)
{
    const okr_kr *kr = kg->kr;
    const okr_metric_decl *m = kr->metric_decl;
    int rel = 0;
    *has_baseline = kg->has_baseline;
    *baseline = kg->baseline;
    *has_target = kg->has_target;
    *target = kg->target;
    if (!m || kr->target.kind != OKR_TARGET_FROM_TO)
        return;
    if (!*has_baseline && !kr->target.baseline_unknown)
        *has_baseline = okr_unit_normalise(NULL, m, &kr->target.baseline, OKR_VALUE_LEVEL, baseline, &rel) && !rel;
    if (!*has_target)
        *has_target = okr_unit_normalise(NULL, m, &kr->target.value, OKR_VALUE_LEVEL, target, &rel) && !rel;
}

void rpt_kr_values(const okr_kr_grade *kg, const char *arrow, char *buf, size_t len)
{
    const okr_metric_decl *m = kg->kr->metric_decl;
    char b[RPT_TEXT_LEN] = "?", c[RPT_TEXT_LEN] = "?", t[RPT_TEXT_LEN] = "?";
    if (kg->has_current)
        rpt_format_value(m, kg->current, c, sizeof c);
    if (rpt_kr_is_bound(kg)) {
        double bound;
        if (rpt_kr_bound(kg, &bound))
            rpt_format_value(m, bound, t, sizeof t);
        snprintf(buf, len, "%s %s, now %s", kg->kr->target.kind == OKR_TARGET_AT_LEAST ? "at least" : "at most", t,
                 c);
        return;
    }
    int has_b, has_t;
    double bv, tv;
    rpt_kr_levels(kg, &has_b, &bv, &has_t, &tv);
    if (has_b)
        rpt_format_value(m, bv, b, sizeof b);
    if (has_t)
        rpt_format_value(m, tv, t, sizeof t);
    snprintf(buf, len, "%s %s %s %s %s", b, arrow, c, arrow, t);
}

/* "at most 12", "no worse than baseline 41%". */
void rpt_counter_bound(const okr_counter_grade *cg, char *buf, size_t len)
{
    const okr_counter *c = cg->counter;
    const okr_metric_decl *m = c->metric_decl;
    char v[RPT_TEXT_LEN] = "?";
    double bound;
    int rel = 0;
    if (cg->has_bound)
        rpt_format_value(m, cg->bound, v, sizeof v);
    else if (c->target.kind != OKR_TARGET_NO_WORSE && m &&
             okr_unit_normalise(NULL, m, &c->target.value, OKR_VALUE_LEVEL, &bound, &rel))
        rpt_format_value(m, bound, v, sizeof v);
    switch (c->target.kind) {
    case OKR_TARGET_AT_LEAST: snprintf(buf, len, "at least %s", v); return;
    case OKR_TARGET_AT_MOST: snprintf(buf, len, "at most %s", v); return;
    case OKR_TARGET_NO_WORSE:
        if (cg->has_bound)
            snprintf(buf, len, "no worse than baseline %s", v);
        else
            snprintf(buf, len, "no worse than baseline");
        return;
    default: snprintf(buf, len, "?"); return;
    }
}

rpt_tone rpt_objective_tone(const okr_objective_grade *og)
{
    if (og->in_progress && og->verdict == OKR_VERDICT_NONE && og->status != OKR_STATUS_NONE)
        return rpt_status_tone(og->status);
    return rpt_verdict_tone(og->verdict);
}

/* The verdict of an objective as a phrase: "partial, provisional",
 * "success: target may have been too low", "no data". */
void rpt_objective_verdict(const okr_objective_grade *og, char *buf, size_t len)
{
    /* Mid-cycle the objective is judged by its check-in status, not a verdict. */
    if (og->in_progress && og->verdict == OKR_VERDICT_NONE && og->status != OKR_STATUS_NONE) {
        snprintf(buf, len, "%s (check-in)", rpt_status_text(og->status));
        return;
    }
    const char *v = rpt_verdict_text(og->verdict);
    if (!*v)
        v = og->has_score ? "graded" : "no data";
    const char *extra = "";
    if (og->target_too_low)
        extra = ": target may have been too low";
    const char *prov = og->in_progress && og->verdict != OKR_VERDICT_NOT_STARTED && og->verdict != OKR_VERDICT_NO_DATA
                           ? ", provisional"
                           : "";
    snprintf(buf, len, "%s%s%s", v, extra, prov);
}

/* The numbers behind a key result's score and status, in words: "met,
 * breached on 2026-07-14; expected 0.50 by now; projected 33.1% at cycle
 * end (score 0.85); raw progress 1.24; 14 observations; data as of ...". */
void rpt_kr_details(const okr_report_input *in, const okr_objective_grade *og, const okr_kr_grade *kg,
                    int with_observations, char *details, size_t len)
{
    const okr_metric_decl *m = kg->kr->metric_decl;
    char buf[RPT_TEXT_LEN];
    size_t dl = 0;
    details[0] = '\0';
#define ADD(...) (dl += (size_t)snprintf(details + dl, dl < len ? len - dl : 0, __VA_ARGS__))
    if (rpt_kr_is_bound(kg) && kg->has_current) {
        ADD("%s", kg->met ? "met" : "not met");
        long bday;
        if (kg->held)
            ADD(", held throughout");
        else if (rpt_bound_breach_day(in, og, kg, &bday)) {
            rpt_format_date(bday, buf, sizeof buf);
            ADD(", breached on %s", buf);
        } else
            ADD(", not held throughout");
    }
    if (kg->status != OKR_STATUS_NONE && !rpt_kr_is_bound(kg))
        ADD("%sexpected %.2f by now", dl ? "; " : "", kg->expected);
    if (kg->has_projection) {
        rpt_format_value(m, kg->projected, buf, sizeof buf);
        if (rpt_kr_is_bound(kg))
            ADD("%sprojected %s at cycle end", dl ? "; " : "", buf);
        else
            ADD("%sprojected %s at cycle end (score %.2f)", dl ? "; " : "", buf, kg->projected_score);
    }
    if (kg->has_score && !rpt_kr_is_bound(kg) && !kg->kr->is_hypothesis && fabs(kg->progress - kg->score) > 0.005)
        ADD("%sraw progress %.2f", dl ? "; " : "", kg->progress);
    if (with_observations)
        ADD("%s%zu %s", dl ? "; " : "", kg->observations, plural(kg->observations, "observation", "observations"));
    if (og->verdict != OKR_VERDICT_NOT_STARTED && og->as_of_day != kg->effective_day) {
        rpt_format_date(kg->effective_day, buf, sizeof buf);
        ADD("%sdata as of %s (lag)", dl ? "; " : "", buf);
    }
#undef ADD
    if (dl >= len && len > 0)
        details[len - 1] = '\0';
}

const char *rpt_kr_noun(const okr_objective_grade *og, size_t n)
{
    if (og->archetype == OKR_ARCH_LEARNING)
        return plural(n, "hypothesis", "hypotheses");
    return plural(n, "key result", "key results");
}

/* What a cycle is doing on the grading day, without its name and dates. */
void rpt_cycle_phase(const okr_cycle_decl *c, long grading_day, char *buf, size_t len)
{
    char d1[RPT_TEXT_LEN], d2[RPT_TEXT_LEN], g[RPT_TEXT_LEN];
    rpt_format_date(c->start_day, d1, sizeof d1);
    rpt_format_date(c->end_day, d2, sizeof d2);
    rpt_format_date(grading_day, g, sizeof g);
    if (grading_day < c->start_day)
        snprintf(buf, len, "not started (starts %s), nothing graded", d1);
    else if (grading_day < c->end_day)
        snprintf(buf, len, "cycle still running: check-in as of %s (day %ld of %ld)", g,
                 grading_day - c->start_day + 1, c->end_day - c->start_day + 1);
    else
        snprintf(buf, len, "as of the cycle's end (%s)", d2);
}

/* What the cycle of an objective or of the header is doing on the grading day. */
void rpt_cycle_state(const okr_cycle_decl *c, long grading_day, char *buf, size_t len)
{
    char d1[RPT_TEXT_LEN], d2[RPT_TEXT_LEN], phase[256];
    rpt_format_date(c->start_day, d1, sizeof d1);
    rpt_format_date(c->end_day, d2, sizeof d2);
    rpt_cycle_phase(c, grading_day, phase, sizeof phase);
    snprintf(buf, len, "%s, %s to %s: %s", c->label ? c->label : "?", d1, d2, phase);
}

/* A feed's counts in two parts: what was stored, and what was not. */
static void feed_counts(const okr_feed_stats *s, char *buf, size_t len)
{
    char rows[32], stored[32]; /* any size_t, with separators */
    rpt_format_number((double)s->rows, 1, rows, sizeof rows);
    rpt_format_number((double)s->stored, 1, stored, sizeof stored);
    snprintf(buf, len, "%s %s, %s stored", rows, plural(s->rows, "row", "rows"), stored);
}

static void feed_skips(const okr_feed_stats *s, char *buf, size_t len)
{
    char n[5][32];
    rpt_format_number((double)s->malformed, 1, n[0], sizeof n[0]);
    rpt_format_number((double)s->unknown_metric, 1, n[1], sizeof n[1]);
    rpt_format_number((double)s->out_of_range, 1, n[2], sizeof n[2]);
    rpt_format_number((double)s->duplicates, 1, n[3], sizeof n[3]);
    rpt_format_number((double)s->unsorted, 1, n[4], sizeof n[4]);
    snprintf(buf, len, "skipped: %s malformed, %s unknown metric, %s out of range; %s %s, %s unsorted", n[0], n[1],
             n[2], n[3], plural(s->duplicates, "duplicate", "duplicates"), n[4]);
}

void rpt_summary_line(const rpt_totals *t, char *buf, size_t len)
{
    snprintf(buf, len,
             "%zu %s, %zu unhealthy, %zu committed failed; %zu of %zu key results scored, %zu without data; "
             "%zu of %zu counter-metrics breached",
             t->objectives, plural(t->objectives, "objective", "objectives"), t->unhealthy, t->committed_failed,
             t->scored, t->key_results, t->no_data, t->breaches, t->counters);
}

/* ================================================================ text */

static void paint(const writer *w, const char *sgr)
{
    if (w->color)
        fputs(sgr, w->out);
}

static const char *tone_sgr(rpt_tone tone)
{
    switch (tone) {
    case RPT_TONE_GOOD: return SGR_GREEN;
    case RPT_TONE_MIXED: return SGR_YELLOW;
    case RPT_TONE_BAD: return SGR_RED;
    case RPT_TONE_NONE: break;
    }
    return SGR_DIM;
}

/* Display columns of UTF-8 text, close enough for alignment: one per code
 * point (user text is mostly Latin; wide characters only shift a row). */
static size_t text_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* User text must not reach a terminal as commands: control bytes become spaces. */
static void put_plain(FILE *out, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        fputc(ch < 0x20 || ch == 0x7f ? ' ' : ch, out);
    }
}

/* A line being written in cells: the column is tracked so that a cell
 * that would run past TEXT_WIDTH goes to a new line at `hang` columns,
 * and the layout stays readable in 100 columns whatever the values. */
typedef struct row {
    const writer *w;
    size_t col;
    size_t hang;
    size_t pad; /* spaces owed before the next cell: never written at a line's end */
} row;

static row row_start(const writer *w, size_t indent, size_t hang)
{
    fprintf(w->out, "%*s", (int)indent, "");
    return (row){w, indent, hang, 0};
}

static void row_break(row *r)
{
    fprintf(r->w->out, "\n%*s", (int)r->hang, "");
    r->col = r->hang;
    r->pad = 0;
}

/* Goes to the next line unless `width` more columns fit on this one. */
static void row_fit(row *r, size_t width)
{
    if (r->col > r->hang && r->col + r->pad + width > TEXT_WIDTH)
        row_break(r);
}

static void row_space(row *r, size_t n)
{
    r->pad += n;
}

/* Writes `s` (in colour `sgr` unless NULL), then owes padding up to
 * `width` columns, at least two spaces; `width` 0 owes none. */
static void row_cell(row *r, const char *s, size_t width, const char *sgr)
{
    size_t used = text_width(s);
    row_fit(r, used);
    fprintf(r->w->out, "%*s", (int)r->pad, "");
    r->col += r->pad;
    r->pad = 0;
    if (sgr)
        paint(r->w, sgr);
    put_plain(r->w->out, s);
    if (sgr)
        paint(r->w, SGR_RESET);
    r->col += used;
    if (width)
        r->pad = used + 2 > width ? 2 : width - used;
}

/* Writes `text` word by word from the row's column, wrapping at `hang`. */
static void row_words(row *r, const char *text, const char *sgr)
{
    const char *p = text;
    int first = 1;
    fprintf(r->w->out, "%*s", (int)r->pad, "");
    r->col += r->pad;
    r->pad = 0;
    if (sgr)
        paint(r->w, sgr);
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t wlen = strcspn(p, " ");
        char word[1024];
        size_t take = wlen < sizeof word - 1 ? wlen : sizeof word - 1;
        memcpy(word, p, take);
        word[take] = '\0';
        size_t ww = text_width(word);
        if (r->col > r->hang && r->col + (first ? 0 : 1) + ww > TEXT_WIDTH) {
            row_break(r);
        } else if (!first) {
            fputc(' ', r->w->out);
            r->col++;
        }
        put_plain(r->w->out, word);
        r->col += ww;
        first = 0;
        p += wlen;
    }
    if (sgr)
        paint(r->w, SGR_RESET);
}

static void row_end(row *r)
{
    fputc('\n', r->w->out);
}

/* A header line: a 12-column label, then words wrapped under the value. */
static void header_line(const writer *w, const char *label, const char *value)
{
    row r = row_start(w, 2, 15);
    row_cell(&r, label, 13, NULL);
    row_words(&r, value, NULL);
    row_end(&r);
}

static void text_header(const writer *w)
{
    const okr_grade_result *r = w->in->result;
    const rpt_layout *lay = w->layout;
    char buf[512], day[RPT_TEXT_LEN];
    rpt_format_date(r->grading_day, day, sizeof day);
    paint(w, SGR_BOLD);
    fprintf(w->out, "okrc %s: OKR grades as of %s\n", tool_version(w->in), day);
    paint(w, SGR_RESET);
    snprintf(buf, sizeof buf, "%s (%s)", day, r->at_given ? "given with --at" : "today");
    header_line(w, "grading day", buf);
    for (size_t i = 0; i < lay->cycle_count; i++) {
        const okr_cycle_decl *c = lay->cycles[i].cycle;
        char d1[RPT_TEXT_LEN], d2[RPT_TEXT_LEN];
        rpt_format_date(c->start_day, d1, sizeof d1);
        rpt_format_date(c->end_day, d2, sizeof d2);
        snprintf(buf, sizeof buf, "%s, %s to %s", c->label ? c->label : "?", d1, d2);
        header_line(w, i == 0 ? "cycles" : "", buf);
        rpt_cycle_phase(c, r->grading_day, buf, sizeof buf);
        row rr = row_start(w, 15, 15);
        row_words(&rr, buf, NULL);
        row_end(&rr);
    }
    if (!w->in->feed_count)
        header_line(w, "feeds", "none read: every key result has no data");
    for (size_t f = 0; f < w->in->feed_count; f++) {
        const char *name = w->in->feed_names && w->in->feed_names[f] ? w->in->feed_names[f] : "(feed)";
        if (!w->in->feeds) {
            header_line(w, f == 0 ? "feeds" : "", name);
            continue;
        }
        char counts[RPT_TEXT_LEN], line[sizeof buf];
        feed_counts(&w->in->feeds[f], counts, sizeof counts);
        snprintf(line, sizeof line, "%s: %s", name, counts);
        header_line(w, f == 0 ? "feeds" : "", line);
        feed_skips(&w->in->feeds[f], buf, sizeof buf);
        row rr = row_start(w, 15, 15);
        row_words(&rr, buf, NULL);
        row_end(&rr);
    }
    if (w->in->feed_count > 1) {
        char counts[RPT_TEXT_LEN], line[sizeof buf];
        feed_counts(&lay->totals.feeds, counts, sizeof counts);
        snprintf(line, sizeof line, "all feeds: %s", counts);
        header_line(w, "", line);
        feed_skips(&lay->totals.feeds, buf, sizeof buf);
        row rr = row_start(w, 15, 15);
        row_words(&rr, buf, NULL);
        row_end(&rr);
    }
    rpt_summary_line(&lay->totals, buf, sizeof buf);
    header_line(w, "summary", buf);
    if (lay->totals.exit_status) {
        snprintf(buf, sizeof buf, "%zu %s breached, %zu committed %s failed (exit status 1)",
                 lay->totals.breaches, plural(lay->totals.breaches, "counter-metric was", "counter-metrics were"),
                 lay->totals.committed_failed, plural(lay->totals.committed_failed, "objective", "objectives"));
        row rr = row_start(w, 2, 15);
        row_cell(&rr, "attention", 13, NULL);
        row_words(&rr, buf, SGR_ALERT);
        row_end(&rr);
    }
}

static void text_kr(const writer *w, const okr_objective_grade *og, const okr_kr_grade *kg)
{
    const okr_kr *kr = kg->kr;
    char values[3 * RPT_TEXT_LEN + 32], score[RPT_TEXT_LEN], bar[RPT_TEXT_LEN], label[RPT_TEXT_LEN + 16];

    /* Line 1: the label and title. */
    row r = row_start(w, 4, COL_INDENT + 2);
    snprintf(label, sizeof label, "%s%s%s", kr->is_hypothesis ? "hypothesis " : "", kr->label ? kr->label : "?",
             kr->title.text ? ":" : "");
    row_cell(&r, label, 0, SGR_BOLD);
    if (kr->title.text) {
        fputc(' ', w->out);
        r.col++;
        row_words(&r, kr->title.text, NULL);
    }
    row_end(&r);

    /* Line 2: metric, values, score and bar, status; what does not fit
     * goes on under the score column. */
    r = row_start(w, COL_INDENT, COL_INDENT + COL_METRIC + COL_VALUES);
    row_cell(&r, rpt_metric_written(kr->metric), COL_METRIC, NULL);
    rpt_kr_values(kg, "->", values, sizeof values);
    row_cell(&r, values, COL_VALUES, NULL);
    if (!kg->has_current) {
        int not_started = og->verdict == OKR_VERDICT_NOT_STARTED;
        row_cell(&r, not_started ? "not started" : "no data", 0, SGR_DIM);
        if (!not_started) {
            char why[RPT_TEXT_LEN];
            snprintf(why, sizeof why, " (%s)", rpt_no_data_reason(kg->series, kg->observations));
            row_cell(&r, why, 0, SGR_DIM);
        }
        row_end(&r);
        return;
    }
    if (kr->is_hypothesis) {
        /* A hypothesis is confirmed or not: never a percentage. */
        row_cell(&r, rpt_verdict_text(kg->verdict), 0, tone_sgr(rpt_verdict_tone(kg->verdict)));
    } else if (kg->has_score) {
        snprintf(score, sizeof score, "%.2f", kg->score);
        rpt_format_bar(kg->score, bar, sizeof bar);
        row_fit(&r, COL_SCORE + strlen(rpt_status_text(kg->status)));
        row_cell(&r, score, 0, NULL);
        row_space(&r, 1);
        row_cell(&r, bar, COL_SCORE - 5, tone_sgr(rpt_kr_tone(og, kg)));
        if (kg->status != OKR_STATUS_NONE)
            row_cell(&r, rpt_status_text(kg->status), 0, tone_sgr(rpt_status_tone(kg->status)));
    } else {
        row_cell(&r, "no score (target equals baseline)", 0, SGR_DIM);
    }
    row_end(&r);

    /* Line 3: the numbers behind the status. */
    char details[1024];
    rpt_kr_details(w->in, og, kg, 1, details, sizeof details);
    r = row_start(w, COL_INDENT + 2, COL_INDENT + 2);
    row_words(&r, details, SGR_DIM);
    row_end(&r);
}

static void text_counter(const writer *w, const okr_objective_grade *og, const okr_counter_grade *cg)
{
    const okr_metric_decl *m = cg->counter->metric_decl;
    char bound[RPT_TEXT_LEN + 32], buf[RPT_TEXT_LEN], cur[RPT_TEXT_LEN + 8];
    row r = row_start(w, COL_INDENT, COL_INDENT + COL_METRIC);
    row_cell(&r, rpt_metric_written(cg->counter->metric), COL_METRIC, NULL);
    rpt_counter_bound(cg, bound, sizeof bound);
    row_cell(&r, bound, COL_VALUES - 6, NULL);
    if (!cg->has_current && !cg->breached) {
        int not_started = og->verdict == OKR_VERDICT_NOT_STARTED;
        row_cell(&r, not_started ? "not started" : "no data", 0, SGR_DIM);
        if (!not_started) {
            char why[RPT_TEXT_LEN];
            snprintf(why, sizeof why, " (%s)", rpt_no_data_reason(cg->series, cg->observations));
            row_cell(&r, why, 0, SGR_DIM);
        }
        row_end(&r);
        return;
    }
    rpt_format_value(m, cg->current, buf, sizeof buf);
    snprintf(cur, sizeof cur, "now %s", cg->has_current ? buf : "?");
    row_cell(&r, cur, 14, NULL);
    char obs[RPT_TEXT_LEN];
    snprintf(obs, sizeof obs, "; %zu %s", cg->observations, plural(cg->observations, "observation", "observations"));
    if (cg->breached) {
        char day[RPT_TEXT_LEN], worst[RPT_TEXT_LEN], breach[RPT_TEXT_LEN + 16], rest[2 * RPT_TEXT_LEN];
        rpt_format_date(cg->breach_day, day, sizeof day);
        rpt_format_value(m, cg->worst, worst, sizeof worst);
        snprintf(breach, sizeof breach, "BREACHED on %s", day);
        snprintf(rest, sizeof rest, ", worst %s", worst);
        row_fit(&r, strlen(breach) + strlen(rest) + strlen(obs));
        row_cell(&r, breach, 0, SGR_ALERT);
        row_cell(&r, rest, 0, NULL);
    } else {
        row_fit(&r, strlen("holding") + strlen(obs));
        row_cell(&r, "holding", 0, SGR_GREEN);
    }
    row_cell(&r, obs, 0, SGR_DIM);
    row_end(&r);
}

static void text_objective(const writer *w, const okr_objective_grade *og)
{
    const okr_objective *obj = og->objective;
    char buf[512], bar[RPT_TEXT_LEN];
    fputc('\n', w->out);
    size_t breached = 0;
    for (size_t i = 0; i < og->counter_count; i++)
        breached += og->counters[i].breached;
    if (!og->healthy) {
        fputs("  ", w->out);
        paint(w, SGR_ALERT);
        fprintf(w->out, "!! UNHEALTHY: %zu of %zu counter-%s breached", breached, og->counter_count,
                plural(og->counter_count, "metric", "metrics"));
        paint(w, SGR_RESET);
        fputc('\n', w->out);
    }
    row r = row_start(w, 2, 4);
    row_cell(&r, obj->name.text ? obj->name.text : "?", 0, SGR_BOLD);
    snprintf(buf, sizeof buf, "  [%s%s%s]", okr_archetype_name(og->archetype),
             obj->cycle && obj->cycle->label ? ", " : "", obj->cycle && obj->cycle->label ? obj->cycle->label : "");
    row_cell(&r, buf, 0, NULL);
    if (obj->owner.text) {
        snprintf(buf, sizeof buf, "  owner %s", obj->owner.text);
        row_cell(&r, buf, 0, NULL);
    }
    row_end(&r);
    if (obj->statement.text) {
        r = row_start(w, 4, 4);
        row_words(&r, obj->statement.text, NULL);
        row_end(&r);
    }

    /* The objective's score line. */
    r = row_start(w, 4, 4);
    rpt_objective_verdict(og, buf, sizeof buf);
    rpt_tone tone = rpt_objective_tone(og);
    if (og->archetype == OKR_ARCH_LEARNING || !og->has_score) {
        row_cell(&r, "verdict", 0, NULL);
        fputc(' ', w->out);
        r.col++;
        row_cell(&r, buf, 3, tone_sgr(tone));
    } else {
        char score[RPT_TEXT_LEN];
        snprintf(score, sizeof score, "score %.2f", og->score);
        row_cell(&r, score, 0, NULL);
        fputc(' ', w->out);
        r.col++;
        rpt_format_bar(og->score, bar, sizeof bar);
        row_cell(&r, bar, 1, tone_sgr(tone));
        row_cell(&r, buf, 3, tone_sgr(tone));
    }
    snprintf(buf, sizeof buf, "graded %zu of %zu %s", og->graded, og->kr_count, rpt_kr_noun(og, og->kr_count));
    if (og->in_progress && og->verdict != OKR_VERDICT_NOT_STARTED && obj->cycle) {
        size_t l = strlen(buf);
        snprintf(buf + l, sizeof buf - l, "; day %ld of %ld", og->as_of_day - obj->cycle->start_day + 1,
                 obj->cycle->end_day - obj->cycle->start_day + 1);
    }
    row_cell(&r, buf, 0, NULL);
    row_end(&r);
    for (size_t i = 0; i < og->kr_count; i++)
        text_kr(w, og, &og->krs[i]);
    if (og->counter_count) {
        fputs("    counter-metrics\n", w->out);
        for (size_t i = 0; i < og->counter_count; i++)
            text_counter(w, og, &og->counters[i]);
    }
}

static int write_text(const writer *w)
{
    text_header(w);
    for (size_t t = 0; t < w->layout->team_count; t++) {
        const rpt_team *team = &w->layout->teams[t];
        char head[512];
        snprintf(head, sizeof head, "== %s%s%s%s ", team->name ? "team " : "", team->name ? team->name : "objectives without a team",
                 team->title ? ": " : "", team->title ? team->title : "");
        fputc('\n', w->out);
        paint(w, SGR_BOLD);
        put_plain(w->out, head);
        for (size_t i = text_width(head); i < TEXT_WIDTH; i++)
            fputc('=', w->out);
        paint(w, SGR_RESET);
        fputc('\n', w->out);
        for (size_t i = 0; i < team->count; i++)
            text_objective(w, team->objectives[i]);
    }
    return 0;
}

/* ================================================================ JSON */

/* JSON text must be Unicode: a bad byte (a path from the command line)
 * becomes U+FFFD. */
static json_t *jstr(const char *s)
{
    if (!s)
        return json_null();
    json_t *j = json_string(s);
    if (j)
        return j;
    size_t len = strlen(s);
    char *fixed = malloc(len * 3 + 1);
    if (!fixed)
        return json_null();
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            memcpy(fixed + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else {
            memcpy(fixed + o, s + i, (size_t)n);
            o += (size_t)n;
            i += (size_t)n;
        }
    }
    fixed[o] = '\0';
    j = json_string(fixed);
    free(fixed);
    return j ? j : json_null();
}

static json_t *jnum(int has, double v)
{
    if (!has || !isfinite(v))
        return json_null();
    return json_real(v);
}

static json_t *jcount(size_t n)
{
    return json_integer((json_int_t)n);
}

static json_t *jdate(int has, long day)
{
    if (!has)
        return json_null();
    char buf[RPT_TEXT_LEN];
    rpt_format_date(day, buf, sizeof buf);
    return json_string(buf);
}

static json_t *jbool_or_null(int has, int v)
{
    return has ? json_boolean(v) : json_null();
}

static json_t *json_feed_stats(const okr_feed_stats *s, const char *name, int with_name)
{
    json_t *o = json_object();
    if (with_name)
        json_object_set_new(o, "name", jstr(name));
    json_object_set_new(o, "bytes", json_integer((json_int_t)s->bytes));
    json_object_set_new(o, "rows", jcount(s->rows));
    json_object_set_new(o, "stored", jcount(s->stored));
    json_object_set_new(o, "malformed", jcount(s->malformed));
    json_object_set_new(o, "unknown_metric", jcount(s->unknown_metric));
    json_object_set_new(o, "out_of_range", jcount(s->out_of_range));
    json_object_set_new(o, "duplicates", jcount(s->duplicates));
    json_object_set_new(o, "unsorted", jcount(s->unsorted));
    return o;
}

static json_t *json_kr(const writer *w, const okr_objective_grade *og, const okr_kr_grade *kg)
{
    const okr_kr *kr = kg->kr;
    const okr_metric_decl *m = kr->metric_decl;
    json_t *k = json_object();
    json_object_set_new(k, "label", jstr(kr->label));
    json_object_set_new(k, "name", jstr(kr->name.text));
    json_object_set_new(k, "title", jstr(kr->title.text));
    json_object_set_new(k, "kind", json_string(kr->is_hypothesis ? "hypothesis" : "kr"));
    json_object_set_new(k, "metric", jstr(rpt_metric_qualified(w->arena, m)));
    json_object_set_new(k, "unit", m ? jstr(okr_unit_base_name(m)) : json_null());
    json_object_set_new(k, "form", json_string(rpt_form_slug(kr->target.kind)));
    json_object_set_new(k, "weight", json_real(kr->has_weight ? kr->weight.value : 1.0));
    json_object_set_new(k, "bound_to_feed", json_boolean(kg->series != NULL));
    double bound = 0, bv, tv;
    int has_bound = rpt_kr_is_bound(kg) && rpt_kr_bound(kg, &bound), has_b, has_t;
    rpt_kr_levels(kg, &has_b, &bv, &has_t, &tv);
    json_object_set_new(k, "baseline", jnum(has_b && !rpt_kr_is_bound(kg), bv));
    json_object_set_new(k, "current", jnum(kg->has_current, kg->current));
    json_object_set_new(k, "target", rpt_kr_is_bound(kg) ? jnum(has_bound, bound) : jnum(has_t, tv));
    int scored = kg->has_score && !kr->is_hypothesis;
    json_object_set_new(k, "score", jnum(scored, kg->score));
    json_object_set_new(k, "progress", jnum(scored && !rpt_kr_is_bound(kg), kg->progress));
    int status = kg->status != OKR_STATUS_NONE;
    json_object_set_new(k, "expected", jnum(status, kg->expected));
    json_object_set_new(k, "status", rpt_status_slug(kg->status) ? json_string(rpt_status_slug(kg->status)) : json_null());
    json_object_set_new(k, "projected", jnum(kg->has_projection, kg->projected));
    json_object_set_new(k, "projected_score", jnum(kg->has_projection && !rpt_kr_is_bound(kg), kg->projected_score));
    json_object_set_new(k, "met", jbool_or_null(rpt_kr_is_bound(kg) && kg->has_current, kg->met));
    json_object_set_new(k, "held", jbool_or_null(rpt_kr_is_bound(kg) && kg->has_current, kg->held));
    long bday = 0;
    int breached = rpt_kr_is_bound(kg) && kg->has_current && !kg->held && rpt_bound_breach_day(w->in, og, kg, &bday);
    json_object_set_new(k, "breach_day", jdate(breached, bday));
    json_object_set_new(k, "observations", jcount(kg->observations));
    okr_verdict v = kg->verdict;
    if (!kg->has_current && v == OKR_VERDICT_NONE && og->verdict != OKR_VERDICT_NOT_STARTED)
        v = OKR_VERDICT_NO_DATA;
    json_object_set_new(k, "verdict", rpt_verdict_slug(v) ? json_string(rpt_verdict_slug(v)) : json_null());
    json_object_set_new(k, "effective_day", jdate(og->verdict != OKR_VERDICT_NOT_STARTED, kg->effective_day));
    json_object_set_new(k, "no_data_reason", kg->has_current || og->verdict == OKR_VERDICT_NOT_STARTED
                                                 ? json_null()
                                                 : json_string(rpt_no_data_reason(kg->series, kg->observations)));
    return k;
}

static json_t *json_counter(const writer *w, const okr_objective_grade *og, const okr_counter_grade *cg)
{
    const okr_counter *c = cg->counter;
    const okr_metric_decl *m = c->metric_decl;
    json_t *o = json_object();
    json_object_set_new(o, "metric", jstr(rpt_metric_qualified(w->arena, m)));
    json_object_set_new(o, "unit", m ? jstr(okr_unit_base_name(m)) : json_null());
    json_object_set_new(o, "form", json_string(rpt_form_slug(c->target.kind)));
    double bound = cg->bound;
    int has_bound = cg->has_bound, rel = 0;
    if (!has_bound && c->target.kind != OKR_TARGET_NO_WORSE && m)
        has_bound = okr_unit_normalise(NULL, m, &c->target.value, OKR_VALUE_LEVEL, &bound, &rel);
    json_object_set_new(o, "bound", jnum(has_bound, bound));
    json_object_set_new(o, "current", jnum(cg->has_current, cg->current));
    const char *state = cg->breached ? "breached" : cg->has_current ? "holding" : "no_data";
    json_object_set_new(o, "state", json_string(state));
    json_object_set_new(o, "breached", json_boolean(cg->breached));
    json_object_set_new(o, "breach_day", jdate(cg->breached, cg->breach_day));
    json_object_set_new(o, "worst", jnum(cg->observations > 0 || cg->breached, cg->worst));
    json_object_set_new(o, "observations", jcount(cg->observations));
    json_object_set_new(o, "no_data_reason", cg->has_current || cg->breached || og->verdict == OKR_VERDICT_NOT_STARTED
                                                 ? json_null()
                                                 : json_string(rpt_no_data_reason(cg->series, cg->observations)));
    return o;
}

static json_t *json_objective(const writer *w, const okr_objective_grade *og)
{
    const okr_objective *obj = og->objective;
    const okr_cycle_decl *c = obj->cycle;
    json_t *o = json_object();
    json_object_set_new(o, "name", jstr(obj->name.text));
    json_object_set_new(o, "qualified", jstr(rpt_objective_qualified(w->arena, obj)));
    json_object_set_new(o, "archetype", json_string(okr_archetype_name(og->archetype)));
    json_object_set_new(o, "statement", jstr(obj->statement.text));
    json_object_set_new(o, "owner", jstr(obj->owner.text));
    json_object_set_new(o, "cycle", jstr(c ? c->label : NULL));
    json_object_set_new(o, "cycle_start", jdate(c && c->ok, c ? c->start_day : 0));
    json_object_set_new(o, "cycle_end", jdate(c && c->ok, c ? c->end_day : 0));
    json_object_set_new(o, "in_progress", json_boolean(og->in_progress));
    json_object_set_new(o, "as_of", jdate(1, og->as_of_day));
    json_object_set_new(o, "elapsed", jnum(1, og->elapsed));
    json_object_set_new(o, "score", jnum(og->has_score && og->archetype != OKR_ARCH_LEARNING, og->score));
    okr_verdict v = og->verdict;
    json_object_set_new(o, "verdict", rpt_verdict_slug(v) ? json_string(rpt_verdict_slug(v)) : json_null());
    json_object_set_new(o, "status", rpt_status_slug(og->status) ? json_string(rpt_status_slug(og->status)) : json_null());
    json_object_set_new(o, "healthy", json_boolean(og->healthy));
    json_object_set_new(o, "target_too_low", json_boolean(og->target_too_low));
    json_object_set_new(o, "graded", jcount(og->graded));
    json_t *krs = json_array();
    for (size_t i = 0; i < og->kr_count; i++)
        json_array_append_new(krs, json_kr(w, og, &og->krs[i]));
    json_object_set_new(o, "key_results", krs);
    json_t *counters = json_array();
    for (size_t i = 0; i < og->counter_count; i++)
        json_array_append_new(counters, json_counter(w, og, &og->counters[i]));
    json_object_set_new(o, "counter_metrics", counters);
    return o;
}

static int write_json(const writer *w)
{
    const okr_grade_result *r = w->in->result;
    const rpt_layout *lay = w->layout;
    const rpt_totals *t = &lay->totals;
    json_t *root = json_object();
    json_object_set_new(root, "version", json_integer(1));
    char gen[RPT_TEXT_LEN];
    snprintf(gen, sizeof gen, "okrc %s", tool_version(w->in));
    json_object_set_new(root, "generator", jstr(gen));
    json_object_set_new(root, "grading_day", jdate(1, r->grading_day));
    json_object_set_new(root, "at_given", json_boolean(r->at_given));

    json_t *cycles = json_array();
    for (size_t i = 0; i < lay->cycle_count; i++) {
        const rpt_cycle *rc = &lay->cycles[i];
        json_t *c = json_object();
        json_object_set_new(c, "label", jstr(rc->cycle->label));
        json_object_set_new(c, "start", jdate(1, rc->cycle->start_day));
        json_object_set_new(c, "end", jdate(1, rc->cycle->end_day));
        json_object_set_new(c, "state",
                            json_string(rc->not_started ? "not_started" : rc->in_progress ? "running" : "over"));
        json_object_set_new(c, "as_of", jdate(1, rc->as_of_day));
        json_array_append_new(cycles, c);
    }
    json_object_set_new(root, "cycles", cycles);

    json_t *feeds = json_array();
    for (size_t f = 0; w->in->feeds && f < w->in->feed_count; f++)
        json_array_append_new(feeds, json_feed_stats(&w->in->feeds[f],
                                                     w->in->feed_names ? w->in->feed_names[f] : NULL, 1));
    json_object_set_new(root, "feeds", feeds);

    json_t *totals = json_object();
    json_object_set_new(totals, "objectives", jcount(t->objectives));
    json_object_set_new(totals, "unhealthy", jcount(t->unhealthy));
    json_object_set_new(totals, "committed_failed", jcount(t->committed_failed));
    json_object_set_new(totals, "key_results", jcount(t->key_results));
    json_object_set_new(totals, "hypotheses", jcount(t->hypotheses));
    json_object_set_new(totals, "scored", jcount(t->scored));
    json_object_set_new(totals, "no_data", jcount(t->no_data));
    json_object_set_new(totals, "counter_metrics", jcount(t->counters));
    json_object_set_new(totals, "breaches", jcount(t->breaches));
    json_object_set_new(totals, "feeds", json_feed_stats(&t->feeds, NULL, 0));
    json_object_set_new(root, "totals", totals);

    json_t *teams = json_array();
    for (size_t i = 0; i < lay->team_count; i++) {
        const rpt_team *team = &lay->teams[i];
        json_t *tj = json_object();
        json_object_set_new(tj, "name", jstr(team->name));
        json_object_set_new(tj, "title", jstr(team->title));
        json_t *objs = json_array();
        for (size_t k = 0; k < team->count; k++)
            json_array_append_new(objs, json_objective(w, team->objectives[k]));
        json_object_set_new(tj, "objectives", objs);
        json_array_append_new(teams, tj);
    }
    json_object_set_new(root, "teams", teams);
    json_object_set_new(root, "exit_status", json_integer(t->exit_status));

    /* Twelve significant digits: enough for any measurement, without the
     * binary noise of 12.124599999999999. */
    int rc = json_dumpf(root, w->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    json_decref(root);
    if (rc == 0)
        fputc('\n', w->out);
    return rc == 0 ? 0 : -1;
}

/* ================================================================ Markdown */

/* User text inside a Markdown table cell: the characters that would start
 * markup, end the cell or open HTML are escaped; line breaks become spaces. */
static void md_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        switch (ch) {
        case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '#': case '~':
        case '!': case '$':
            fputc('\\', out);
            fputc(ch, out);
            break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        default:
            fputc(ch < 0x20 || ch == 0x7f ? ' ' : ch, out);
        }
    }
}

/* Names in code spans (metric names, feed paths): a backtick would end
 * the span, and GitHub splits table cells at a `|` even inside one. */
static void md_code(FILE *out, const char *s)
{
    fputc('`', out);
    for (; s && *s; s++) {
        if (*s == '|')
            fputs("\\|", out);
        else
            fputc(*s == '`' || (unsigned char)*s < 0x20 || *s == 0x7f ? '\'' : *s, out);
    }
    fputc('`', out);
}

static const char *md_symbol(rpt_tone tone)
{
    switch (tone) {
    case RPT_TONE_GOOD: return "\xE2\x9C\x85 ";          /* U+2705 */
    case RPT_TONE_MIXED: return "\xE2\x9A\xA0\xEF\xB8\x8F "; /* U+26A0 U+FE0F */
    case RPT_TONE_BAD: return "\xE2\x9D\x8C ";           /* U+274C */
    case RPT_TONE_NONE: break;
    }
    return "";
}

static void md_kr_status(const writer *w, const okr_objective_grade *og, const okr_kr_grade *kg)
{
    FILE *out = w->out;
    char buf[RPT_TEXT_LEN];
    if (!kg->has_current) {
        if (og->verdict == OKR_VERDICT_NOT_STARTED)
            fputs("not started", out);
        else
            fprintf(out, "no data (%s)", rpt_no_data_reason(kg->series, kg->observations));
        return;
    }
    if (kg->kr->is_hypothesis) {
        fprintf(out, "%s%s", md_symbol(rpt_verdict_tone(kg->verdict)), rpt_verdict_text(kg->verdict));
        return;
    }
    const char *sep = "";
    if (kg->status != OKR_STATUS_NONE) {
        fprintf(out, "%s%s", md_symbol(rpt_status_tone(kg->status)), rpt_status_text(kg->status));
        sep = ": ";
        if (!rpt_kr_is_bound(kg)) {
            fprintf(out, "%sexpected %.2f", sep, kg->expected);
            sep = ", ";
        }
    }
    if (rpt_kr_is_bound(kg)) {
        if (kg->status == OKR_STATUS_NONE)
            fputs(md_symbol(kg->met && kg->held ? RPT_TONE_GOOD : kg->met ? RPT_TONE_MIXED : RPT_TONE_BAD), out);
        fprintf(out, "%s%s", sep, kg->met ? "met" : "not met");
        long day;
        if (kg->held)
            fputs(", held throughout", out);
        else if (rpt_bound_breach_day(w->in, og, kg, &day)) {
            rpt_format_date(day, buf, sizeof buf);
            fprintf(out, ", breached on %s", buf);
        }
        sep = ", ";
    }
    if (kg->has_projection) {
        rpt_format_value(kg->kr->metric_decl, kg->projected, buf, sizeof buf);
        fprintf(out, "%sprojected %s", sep, buf);
        if (!rpt_kr_is_bound(kg))
            fprintf(out, " (%.2f)", kg->projected_score);
        sep = ", ";
    }
    if (kg->has_score && !rpt_kr_is_bound(kg) && fabs(kg->progress - kg->score) > 0.005)
        fprintf(out, "%sraw progress %.2f", sep, kg->progress);
}

static void md_objective(const writer *w, const okr_objective_grade *og)
{
    FILE *out = w->out;
    const okr_objective *obj = og->objective;
    char verdict[512], values[3 * RPT_TEXT_LEN + 32], bar[RPT_TEXT_LEN];
    fputs("\n#### ", out);
    md_text(out, rpt_objective_qualified(w->arena, obj));
    if (obj->statement.text) {
        fputs(": ", out);
        md_text(out, obj->statement.text);
    }
    fputs("\n\n", out);
    rpt_objective_verdict(og, verdict, sizeof verdict);
    if (!og->healthy)
        fputs("**\xE2\x9D\x8C Unhealthy: a counter-metric was breached.** ", out);
    if (og->has_score && og->archetype != OKR_ARCH_LEARNING) {
        rpt_format_bar(og->score, bar, sizeof bar);
        fprintf(out, "Score **%.2f** `%s` ", og->score, bar);
    }
    fprintf(out, "%s%s \xC2\xB7 %s", md_symbol(rpt_objective_tone(og)), verdict, okr_archetype_name(og->archetype));
    if (obj->cycle && obj->cycle->label) {
        fputs(", ", out);
        md_text(out, obj->cycle->label);
    }
    fprintf(out, " \xC2\xB7 graded %zu of %zu %s\n\n", og->graded, og->kr_count, rpt_kr_noun(og, og->kr_count));

    if (og->kr_count) {
        fputs("| Key result | Baseline \xE2\x86\x92 Current \xE2\x86\x92 Target | Score | Status |\n", out);
        fputs("|---|---|---:|---|\n", out);
        for (size_t i = 0; i < og->kr_count; i++) {
            const okr_kr_grade *kg = &og->krs[i];
            const okr_kr *kr = kg->kr;
            fputs("| **", out);
            if (kr->is_hypothesis)
                fputs("hypothesis ", out);
            md_text(out, kr->label);
            fputs("**", out);
            if (kr->title.text) {
                fputs(": ", out);
                md_text(out, kr->title.text);
            }
            fputs("<br/>", out);
            md_code(out, rpt_metric_written(kr->metric));
            fprintf(out, ", %zu %s | ", kg->observations, plural(kg->observations, "observation", "observations"));
            rpt_kr_values(kg, "\xE2\x86\x92", values, sizeof values);
            md_text(out, values);
            fputs(" | ", out);
            if (kr->is_hypothesis || !kg->has_score)
                fputs("\xE2\x80\x94", out); /* an em dash: no number to show */
            else
                fprintf(out, "%.2f", kg->score);
            fputs(" | ", out);
            md_kr_status(w, og, kg);
            fputs(" |\n", out);
        }
    }
    if (og->counter_count) {
        fputs("\n| Counter-metric | Bound | Current | State |\n|---|---|---|---|\n", out);
        for (size_t i = 0; i < og->counter_count; i++) {
            const okr_counter_grade *cg = &og->counters[i];
            char bound[RPT_TEXT_LEN + 32], cur[RPT_TEXT_LEN] = "?";
            rpt_counter_bound(cg, bound, sizeof bound);
            if (cg->has_current)
                rpt_format_value(cg->counter->metric_decl, cg->current, cur, sizeof cur);
            fputs("| ", out);
            md_code(out, rpt_metric_written(cg->counter->metric));
            fputs(" | ", out);
            md_text(out, bound);
            fputs(" | ", out);
            md_text(out, cur);
            fputs(" | ", out);
            if (cg->breached) {
                char day[RPT_TEXT_LEN], worst[RPT_TEXT_LEN];
                rpt_format_date(cg->breach_day, day, sizeof day);
                rpt_format_value(cg->counter->metric_decl, cg->worst, worst, sizeof worst);
                fprintf(out, "%s**breached** on %s (worst ", md_symbol(RPT_TONE_BAD), day);
                md_text(out, worst);
                fputs(")", out);
            } else if (cg->has_current) {
                fprintf(out, "%sholding", md_symbol(RPT_TONE_GOOD));
            } else if (og->verdict == OKR_VERDICT_NOT_STARTED) {
                fputs("not started", out);
            } else {
                fprintf(out, "no data (%s)", rpt_no_data_reason(cg->series, cg->observations));
            }
            fputs(" |\n", out);
        }
    }
}

static int write_markdown(const writer *w)
{
    FILE *out = w->out;
    const okr_grade_result *r = w->in->result;
    const rpt_layout *lay = w->layout;
    char buf[512], day[RPT_TEXT_LEN];
    rpt_format_date(r->grading_day, day, sizeof day);
    fprintf(out, "## OKR grades as of %s\n\n", day);
    for (size_t i = 0; i < lay->cycle_count; i++) {
        rpt_cycle_state(lay->cycles[i].cycle, r->grading_day, buf, sizeof buf);
        fputs("- ", out);
        md_text(out, buf);
        fputc('\n', out);
    }
    if (lay->cycle_count)
        fputc('\n', out);

    /* What needs attention comes first: breaches, then failed committed objectives. */
    int any = 0;
    for (size_t t = 0; t < lay->team_count; t++) {
        for (size_t k = 0; k < lay->teams[t].count; k++) {
            const okr_objective_grade *og = lay->teams[t].objectives[k];
            for (size_t c = 0; c < og->counter_count; c++) {
                const okr_counter_grade *cg = &og->counters[c];
                if (!cg->breached)
                    continue;
                char bound[RPT_TEXT_LEN + 32], d[RPT_TEXT_LEN], worst[RPT_TEXT_LEN];
                rpt_counter_bound(cg, bound, sizeof bound);
                rpt_format_date(cg->breach_day, d, sizeof d);
                rpt_format_value(cg->counter->metric_decl, cg->worst, worst, sizeof worst);
                fprintf(out, "> %s**Breach in ", md_symbol(RPT_TONE_BAD));
                md_text(out, rpt_objective_qualified(w->arena, og->objective));
                fputs("**: counter-metric ", out);
                md_code(out, rpt_metric_written(cg->counter->metric));
                fputs(" (", out);
                md_text(out, bound);
                fprintf(out, ") breached on %s, worst ", d);
                md_text(out, worst);
                fputs(". The objective is unhealthy whatever its score.\n>\n", out);
                any = 1;
            }
            if (og->archetype == OKR_ARCH_COMMITTED && og->verdict == OKR_VERDICT_FAILED) {
                fprintf(out, "> %s**Committed objective ", md_symbol(RPT_TONE_BAD));
                md_text(out, rpt_objective_qualified(w->arena, og->objective));
                fputs(og->in_progress ? " is failing**" : " failed**", out);
                if (og->has_score)
                    fprintf(out, " (score %.2f)", og->score);
                fputs(".\n>\n", out);
                any = 1;
            }
        }
    }
    if (any)
        fputc('\n', out);

    rpt_summary_line(&lay->totals, buf, sizeof buf);
    fprintf(out, "**Summary:** %s.\n\n", buf);
    if (w->in->feed_count) {
        fputs("| Feed | Rows | Stored | Malformed skipped | Unknown metric | Out of range | Duplicates | Unsorted |\n", out);
        fputs("|---|---:|---:|---:|---:|---:|---:|---:|\n", out);
        for (size_t f = 0; f < w->in->feed_count; f++) {
            okr_feed_stats none = {0};
            const okr_feed_stats *s = w->in->feeds ? &w->in->feeds[f] : &none;
            fputs("| ", out);
            md_code(out, w->in->feed_names && w->in->feed_names[f] ? w->in->feed_names[f] : "(feed)");
            fprintf(out, " | %zu | %zu | %zu | %zu | %zu | %zu | %zu |\n", s->rows, s->stored, s->malformed,
                    s->unknown_metric, s->out_of_range, s->duplicates, s->unsorted);
        }
    } else {
        fputs("No feed was read: every key result has no data.\n", out);
    }

    for (size_t t = 0; t < lay->team_count; t++) {
        const rpt_team *team = &lay->teams[t];
        fputs("\n### ", out);
        if (team->name) {
            fputs("Team ", out);
            md_text(out, team->name);
            if (team->title) {
                fputs(": ", out);
                md_text(out, team->title);
            }
        } else {
            fputs("Objectives without a team", out);
        }
        fputs("\n\n| Objective | Archetype | Score | Verdict |\n|---|---|---:|---|\n", out);
        for (size_t k = 0; k < team->count; k++) {
            const okr_objective_grade *og = team->objectives[k];
            char verdict[512];
            rpt_objective_verdict(og, verdict, sizeof verdict);
            fputs("| ", out);
            if (!og->healthy)
                fputs(md_symbol(RPT_TONE_BAD), out);
            fputs("**", out);
            md_text(out, og->objective->name.text);
            fputs("**", out);
            if (!og->healthy)
                fputs(" (unhealthy)", out);
            fprintf(out, " | %s | ", okr_archetype_name(og->archetype));
            if (og->has_score && og->archetype != OKR_ARCH_LEARNING)
                fprintf(out, "%.2f", og->score);
            else
                fputs("\xE2\x80\x94", out);
            fprintf(out, " | %s%s |\n", md_symbol(rpt_objective_tone(og)), verdict);
        }
        for (size_t k = 0; k < team->count; k++)
            md_objective(w, team->objectives[k]);
    }
    fprintf(out, "\n<sub>okrc %s \xC2\xB7 scores grade goals, not people.</sub>\n", tool_version(w->in));
    return 0;
}

/* ================================================================ entry */

int okr_report_write(FILE *out, okr_report_format format, const okr_report_input *in)
{
    if (!in || !in->result)
        return -1;
    rpt_layout layout;
    rpt_layout_build(in, &layout);
    okr_arena scratch;
    okr_arena_init(&scratch);
    writer w = {out, in, &layout, &scratch, in->color};
    int rc = 0;
    switch (format) {
    case OKR_REPORT_TEXT: rc = write_text(&w); break;
    case OKR_REPORT_JSON: rc = write_json(&w); break;
    case OKR_REPORT_MARKDOWN: rc = write_markdown(&w); break;
    case OKR_REPORT_HTML: rc = okr_report_write_html(out, in, &layout); break;
    }
    okr_arena_free(&scratch);
    rpt_layout_free(&layout);
    if (fflush(out) != 0 || ferror(out))
        rc = -1;
    return rc;
}
