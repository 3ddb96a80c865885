/* report_model.c: what every report format shows, derived once.
 *
 * The writers only render. Whatever they show beyond grading's own numbers
 * is built here, once per report, into the rows of report_internal.h: the
 * order of teams and objectives (unhealthy first), the totals and the
 * summary, the cycles of the header, and for each objective, key result
 * and counter-metric the values in their unit, the states and the words.
 * So the formats cannot disagree with each other, and Markdown and HTML
 * read the same key-result rows.
 *
 * Invariants: the model reads the program (what the checker resolved:
 * base units, levels in base units, lags in days), the grading result
 * (scores, statuses, breach days) and, for chart points only, the store's
 * series; it never normalises a unit or rescans the store for what grading
 * decided. It lives in its own arena, freed at once by rpt_model_free. The
 * few facts a writer needs beyond grading's numbers (a level to show before
 * the cycle starts, a counter-metric's effective day, the score bands) are
 * small rpt_model_* functions in the first section below. */
#include "checkin.h"
#include "report_internal.h"

#include <math.h>
#include <string.h>


/* ================================================================ facts read from the checker and grading */

/* An `at least` / `at most` key result, whether or not grading got to it
 * (grading sets is_bound only for what it graded). */
static int rpt_model_is_bound(const okr_kr_grade *kg)
{
    return kg->is_bound || kg->kr->target.kind == OKR_TARGET_AT_LEAST || kg->kr->target.kind == OKR_TARGET_AT_MOST;
}

/* The bound of a bound key result in base units: grading's, or for a key
 * result grading did not get to, the level the checker resolved. */
static int rpt_model_kr_bound(const okr_kr_grade *kg, double *bound)
{
    const okr_target *t = &kg->kr->target;
    *bound = kg->has_target ? kg->target : t->target_level;
    return kg->has_target || (kg->kr->metric_decl && t->has_target_level);
}

/* Baseline and target: grading's; where it resolved none (an objective not
 * started yet), the levels the checker resolved still say what the key
 * result aims at, so they are shown rather than "?". */
static void rpt_model_levels(const okr_kr_grade *kg, int *has_baseline, double *baseline, int *has_target,
                             double *target)
{
    const okr_target *t = &kg->kr->target;
    *has_baseline = kg->has_baseline;
    *baseline = kg->baseline;
    *has_target = kg->has_target;
    *target = kg->target;
    if (!kg->kr->metric_decl || t->kind != OKR_TARGET_FROM_TO)
        return;
    if (!*has_baseline && !t->baseline_unknown && t->has_baseline_level) {
        *has_baseline = 1;
        *baseline = t->baseline_level;
    }
    if (!*has_target && t->has_target_level) {
        *has_target = 1;
        *target = t->target_level;
    }
}

/* A counter-metric's bound: grading's (the baseline for `no worse`), or
 * the `at least` / `at most` level the checker resolved. */
static int rpt_model_counter_bound(const okr_counter_grade *cg, double *bound)
{
    const okr_target *t = &cg->counter->target;
    if (cg->has_bound) {
        *bound = cg->bound;
        return 1;
    }
    if (t->kind == OKR_TARGET_NO_WORSE || !cg->counter->metric_decl || !t->has_target_level) {
        *bound = cg->bound;
        return 0;
    }
    *bound = t->target_level;
    return 1;
}

/* Which side of a counter-metric's bound breaks it: below for `at least`
 * and for `no worse` of an increasing metric, above otherwise. */
static int rpt_model_counter_at_least(const okr_counter_grade *cg)
{
    const okr_counter *c = cg->counter;
    if (c->target.kind == OKR_TARGET_NO_WORSE)
        return c->metric_decl && c->metric_decl->direction == OKR_DIR_INCREASING;
    return c->target.kind == OKR_TARGET_AT_LEAST;
}

/* The last day grading read for a counter-metric: the as-of day less its
 * metric's lag in days, as the checker resolved it. */
static long rpt_model_counter_data_to(const okr_objective_grade *og, const okr_counter_grade *cg)
{
    const okr_metric_decl *m = cg->counter->metric_decl;
    return og->as_of_day - (m ? m->lag_days : 0);
}

int rpt_breaks_bound(int at_least, double bound, double value)
{
    double slack = 1e-9 * fmax(1.0, fabs(bound));
    return at_least ? value < bound - slack : value > bound + slack;
}

/* The tone of a key result's score: its status while the cycle runs, else
 * the archetype's bands (committed passes only at 1.0; aspirational 0.7
 * and 0.4, as grading's verdicts). */
static rpt_tone rpt_model_score_tone(const okr_objective_grade *og, const okr_kr_grade *kg)
{
    if (!kg->has_score)
        return RPT_TONE_NONE;
    if (kg->status != OKR_STATUS_NONE)
        return rpt_status_tone(kg->status);
    if (og->archetype == OKR_ARCH_COMMITTED)
        return kg->score >= 1 ? RPT_TONE_GOOD : RPT_TONE_BAD;
    return kg->score >= 0.7 ? RPT_TONE_GOOD : kg->score >= 0.4 ? RPT_TONE_MIXED : RPT_TONE_BAD;
}

/* Why a value grading needed was not a finite number, in words. */
static const char *rpt_model_non_finite_reason(okr_arena *a, okr_non_finite why, long day)
{
    char d[RPT_TEXT_LEN];
    switch (why) {
    case OKR_NON_FINITE_VALUE:
        rpt_format_date(day, d, sizeof d);
        return okr_arena_printf(a, "its value on %s is not a finite number: the sum overflows", d);
    case OKR_NON_FINITE_TARGET: return "its target is not a finite number";
    case OKR_NON_FINITE_PROGRESS: return "its progress is not a finite number: its values are too far apart";
    case OKR_NON_FINITE_NONE: break;
    }
    return NULL;
}

/* Why a key result or counter-metric has no current value, in words;
 * "yet" only while observations may still come. */
static const char *rpt_model_no_data_reason(okr_arena *a, const okr_objective_grade *og, const okr_series *series,
                                            size_t observations)
{
    if (!series)
        return "not bound to any feed";
    if (series->rows == 0 && series->out_of_range == 0) {
        const char *shared = rpt_shared_name_reason(a, series);
        return shared ? shared : "no feed row names this metric";
    }
    if (observations == 0 && series->set_aside)
        return "its feed values look like another unit (OKR920)";
    if (observations == 0)
        return og->in_progress ? "no observations in the cycle yet" : "no observations in the cycle";
    return "no value as of the effective day";
}

/* What `okrc grade` exits with. */
static int rpt_model_exit_status(const rpt_totals *t)
{
    return t->committed_failed > 0 || t->breaches > 0;
}

/* ================================================================ chart points */

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

/* ================================================================ names */

static const char *metric_qualified(okr_arena *arena, const okr_metric_decl *m)
{
    if (!m)
        return NULL;
    if (!m->owner_name)
        return m->name.text;
    return okr_arena_printf(arena, "%s.%s", m->owner_name, m->name.text);
}

static const char *objective_qualified(okr_arena *arena, const okr_objective *obj)
{
    if (!obj->team || !obj->team->name.text)
        return obj->name.text;
    return okr_arena_printf(arena, "%s.%s", obj->team->name.text, obj->name.text);
}

static const char *metric_written(const okr_path *metric)
{
    return metric && metric->text ? metric->text : "?";
}

static const char *observations_phrase(okr_arena *a, size_t n)
{
    return okr_arena_printf(a, "%zu %s", n, rpt_plural(n, "observation", "observations"));
}

/* ================================================================ key results */

/* "22% -> 28.5% -> 35%" (with `arrow` between), or "at least 99.95%, now 99.97%"; "?" when unknown. */
static const char *kr_values(okr_arena *a, const rpt_kr_row *row, const char *arrow)
{
    const okr_kr_grade *kg = row->grade;
    const okr_metric_decl *m = kg->kr->metric_decl;
    char buf[3 * RPT_TEXT_LEN + 32];
    char b[RPT_TEXT_LEN] = "?", c[RPT_TEXT_LEN] = "?", t[RPT_TEXT_LEN] = "?";
    if (kg->has_current)
        rpt_format_value(m, kg->current, c, sizeof c);
    if (row->bound) {
        if (row->has_bound)
            rpt_format_value(m, row->bound_value, t, sizeof t);
        snprintf(buf, sizeof buf, "%s %s, now %s", row->at_least ? "at least" : "at most", t, c);
        return okr_arena_strdup(a, buf);
    }
    if (row->has_baseline)
        rpt_format_value(m, row->baseline, b, sizeof b);
    if (row->has_target)
        rpt_format_value(m, row->target, t, sizeof t);
    snprintf(buf, sizeof buf, "%s %s %s %s %s", b, arrow, c, arrow, t);
    return okr_arena_strdup(a, buf);
}

/* Whether a level held: "held throughout", or "breached on 2026-08-01,
 * for 42 of 92 observed days, worst 96.5%; recovered on 2026-09-12" (or
 * "; not recovered" while it is broken on the last observed day). A level
 * is met only if it held on every observed day, so this never says "met"
 * beside a breach. */
static const char *kr_level(okr_arena *a, const rpt_kr_row *row)
{
    const okr_kr_grade *kg = row->grade;
    if (!row->bound || !kg->has_current || !kg->observed_days)
        return NULL;
    if (kg->held)
        return "held throughout";
    char day[RPT_TEXT_LEN], worst[RPT_TEXT_LEN] = "?", rec[RPT_TEXT_LEN + 16] = "not recovered";
    rpt_format_date(kg->breach_day, day, sizeof day);
    if (kg->has_worst)
        rpt_format_value(kg->kr->metric_decl, kg->worst, worst, sizeof worst);
    if (kg->has_recovered_day) {
        char d[RPT_TEXT_LEN];
        rpt_format_date(kg->recovered_day, d, sizeof d);
        snprintf(rec, sizeof rec, "recovered on %s", d);
    }
    return okr_arena_printf(a, "breached on %s, for %zu of %zu %s, worst %s; %s", day, kg->breach_days,
                            kg->observed_days, rpt_plural(kg->observed_days, "observed day", "observed days"), worst,
                            rec);
}

/* The numbers behind a key result's score and status, in words: "breached
 * on 2026-07-14, for 2 of 14 observed days, worst 99.5%; recovered on
 * 2026-07-16; expected 0.50 by now; projected 33.1% at cycle end (score
 * 0.85); raw progress 1.24; 14 observations; data as of ...". */
static const char *kr_details(okr_arena *a, const okr_objective_grade *og, const rpt_kr_row *row,
                              int with_observations)
{
    const okr_kr_grade *kg = row->grade;
    char details[1024], buf[RPT_TEXT_LEN];
    size_t len = sizeof details, dl = 0;
    details[0] = '\0';
#define ADD(...) (dl += (size_t)snprintf(details + dl, dl < len ? len - dl : 0, __VA_ARGS__))
    if (row->level)
        ADD("%s", row->level);
    if (kg->status != OKR_STATUS_NONE && !row->bound)
        ADD("%sexpected %.2f by now", dl ? "; " : "", kg->expected);
    if (kg->has_projection) {
        if (row->bound)
            ADD("%sprojected %s at cycle end", dl ? "; " : "", row->projected);
        else
            ADD("%sprojected %s at cycle end (score %.2f)", dl ? "; " : "", row->projected, kg->projected_score);
    }
    if (row->show_progress) {
        rpt_format_progress(kg->progress, buf, sizeof buf);
        ADD("%sraw progress %s", dl ? "; " : "", buf);
    }
    if (with_observations)
        ADD("%s%s", dl ? "; " : "", row->observations);
    if (!row->not_started && og->as_of_day != kg->effective_day) {
        rpt_format_date(kg->effective_day, buf, sizeof buf);
        ADD("%sdata as of %s (lag)", dl ? "; " : "", buf);
    }
#undef ADD
    if (dl >= len)
        details[len - 1] = '\0';
    return okr_arena_strdup(a, details);
}

/* The headline of a key result with a current value: what it came to. */
static void kr_state(const okr_objective_grade *og, rpt_kr_row *row)
{
    const okr_kr_grade *kg = row->grade;
    row->state = NULL;
    row->state_tone = RPT_TONE_NONE;
    if (!kg->has_current)
        return;
    if (kg->kr->is_hypothesis) {
        row->state_tone = rpt_verdict_tone(kg->verdict);
        row->state = rpt_verdict_text(kg->verdict);
    } else if (kg->status != OKR_STATUS_NONE) {
        row->state_tone = rpt_status_tone(kg->status);
        row->state = rpt_status_text(kg->status);
    } else if (row->bound) {
        row->state_tone = row->bound_tone;
        row->state = kg->met ? "held" : "breached";
    } else if (!kg->has_score) {
        row->state = "no score: target equals baseline";
    } else if (!og->in_progress) {
        row->state_tone = row->tone;
        row->state = "final";
    }
}

/* ================================================================ check-ins */

/* What the reports say of a key result's check-ins (spec.md, "Human
 * check-ins"): grading (checkin.c) chose the latest and decided the
 * disagreement; this only words them. */
static void kr_checkin_build(okr_arena *a, const okr_kr_grade *kg, rpt_kr_row *row)
{
    const struct okr_checkin *c = kg->checkin;
    if (!c)
        return;
    char day[RPT_TEXT_LEN], was[RPT_TEXT_LEN + 40] = "";
    rpt_format_date(c->day, day, sizeof day);
    if (kg->previous) {
        char prev[RPT_TEXT_LEN];
        rpt_format_date(kg->previous->day, prev, sizeof prev);
        snprintf(was, sizeof was, " (was %d/10 on %s)", kg->previous->confidence, prev);
    }
    row->checkin = okr_arena_printf(a, "confidence %d/10 on %s%s", c->confidence, day, was);
    row->checkin_note = c->note && *c->note ? c->note : NULL;
    if (kg->disagreement != OKR_DISAGREE_NONE)
        row->disagreement = okr_arena_printf(a, "%s (%d/10) while the data says %s",
                                             okr_disagreement_name(kg->disagreement), c->confidence,
                                             rpt_status_text(kg->status));
}

static const char *totals_checkins(okr_arena *a, const okr_grade_result *r, size_t krs)
{
    if (!r->has_checkins)
        return NULL;
    return okr_arena_printf(a, "%zu of %zu key results checked in, %zu %s with the data; %zu %s read, %zu rejected",
                            r->checked_in, krs, r->disagreements, r->disagreements == 1 ? "disagrees" : "disagree",
                            r->checkin_rows, rpt_plural(r->checkin_rows, "row", "rows"), r->checkin_rejected);
}

static void kr_row_build(okr_arena *a, const okr_objective_grade *og, const okr_kr_grade *kg,
                         rpt_kr_row *row)
{
    const okr_kr *kr = kg->kr;
    const okr_metric_decl *m = kr->metric_decl;
    char buf[RPT_TEXT_LEN];
    row->grade = kg;
    row->label = kr->label ? kr->label : "?";
    row->heading = kr->is_hypothesis ? okr_arena_printf(a, "hypothesis %s", row->label) : row->label;
    row->title = kr->title.text;
    row->owner = kr->resolved_owner; /* the checker's decision (program.h) */
    row->owner_inherited = kr->owner_inherited;
    row->metric = metric_written(kr->metric);
    row->metric_qualified = metric_qualified(a, m);
    row->unit = m ? m->base_unit : NULL;
    row->observations = observations_phrase(a, kg->observations);
    row->not_started = og->verdict == OKR_VERDICT_NOT_STARTED;
    row->bound = rpt_model_is_bound(kg);
    row->at_least = kr->target.kind == OKR_TARGET_AT_LEAST;
    row->has_bound = row->bound && rpt_model_kr_bound(kg, &row->bound_value);
    rpt_model_levels(kg, &row->has_baseline, &row->baseline, &row->has_target, &row->target);
    row->has_breach_day = row->bound && kg->has_current && kg->has_breach_day;
    row->breach_day = kg->breach_day;
    if (kg->has_current && !kr->is_hypothesis && kg->has_score)
        row->score = okr_arena_printf(a, "%.2f", kg->score);
    row->tone = rpt_model_score_tone(og, kg);
    row->bound_tone = kg->met ? RPT_TONE_GOOD
                      : kg->holds_now && og->archetype != OKR_ARCH_COMMITTED ? RPT_TONE_MIXED
                                                                              : RPT_TONE_BAD;
    row->level = kr_level(a, row);
    kr_state(og, row);
    row->show_progress = kg->has_score && !row->bound && !kr->is_hypothesis && fabs(kg->progress - kg->score) > 0.005;
    if (kg->has_projection) {
        rpt_format_value(m, kg->projected, buf, sizeof buf);
        row->projected = okr_arena_strdup(a, buf);
    }
    row->verdict = kg->verdict;
    if (!kg->has_current && row->verdict == OKR_VERDICT_NONE && !row->not_started)
        row->verdict = OKR_VERDICT_NO_DATA;
    row->no_metric = !m;
    row->empty_reason = row->no_metric ? "no metric to read"
                                       : rpt_model_no_data_reason(a, og, kg->series, kg->observations);
    if (!kg->has_current && !row->not_started)
        row->no_data_reason = kg->non_finite ? rpt_model_non_finite_reason(a, kg->non_finite, kg->non_finite_day)
                                             : row->empty_reason;
    row->values = row->no_metric ? "no metric (task-style KR)" : kr_values(a, row, "->");
    row->values_arrow = row->no_metric ? row->values : kr_values(a, row, "\xE2\x86\x92");
    row->details = kr_details(a, og, row, 1);
    row->details_brief = kr_details(a, og, row, 0);
    kr_checkin_build(a, kg, row);
}

/* ================================================================ counter-metrics */

/* "at most 12", "no worse than baseline 41%". */
static const char *counter_bound_text(okr_arena *a, const rpt_counter_row *row)
{
    const okr_counter *c = row->grade->counter;
    char v[RPT_TEXT_LEN] = "?", buf[RPT_TEXT_LEN + 32];
    if (row->has_bound)
        rpt_format_value(c->metric_decl, row->bound_value, v, sizeof v);
    switch (c->target.kind) {
    case OKR_TARGET_AT_LEAST: snprintf(buf, sizeof buf, "at least %s", v); break;
    case OKR_TARGET_AT_MOST: snprintf(buf, sizeof buf, "at most %s", v); break;
    case OKR_TARGET_NO_WORSE:
        if (row->has_bound)
            snprintf(buf, sizeof buf, "no worse than baseline %s", v);
        else
            snprintf(buf, sizeof buf, "no worse than baseline");
        break;
    default: snprintf(buf, sizeof buf, "?"); break;
    }
    return okr_arena_strdup(a, buf);
}

/* What follows "breached": "on 2026-08-03, for 3 of 92 observed days,
 * worst 41; recovered on 2026-08-06" for a bound, which may have recovered;
 * "on 2026-08-03, worst 41" for `no worse than baseline`, breached only
 * while it is worse (the day it became so). */
static const char *counter_breach(okr_arena *a, const rpt_counter_row *row)
{
    const okr_counter_grade *cg = row->grade;
    char day[RPT_TEXT_LEN], rec[RPT_TEXT_LEN + 16] = "not recovered";
    rpt_format_date(cg->breach_day, day, sizeof day);
    if (cg->counter->target.kind == OKR_TARGET_NO_WORSE || !cg->observed_days)
        return okr_arena_printf(a, "on %s, worst %s", day, row->worst);
    if (cg->has_recovered_day) {
        char d[RPT_TEXT_LEN];
        rpt_format_date(cg->recovered_day, d, sizeof d);
        snprintf(rec, sizeof rec, "recovered on %s", d);
    }
    return okr_arena_printf(a, "on %s, for %zu of %zu %s, worst %s; %s", day, cg->breach_days, cg->observed_days,
                            rpt_plural(cg->observed_days, "observed day", "observed days"), row->worst, rec);
}

static void counter_row_build(okr_arena *a, const okr_objective_grade *og, const okr_counter_grade *cg,
                              rpt_counter_row *row)
{
    const okr_metric_decl *m = cg->counter->metric_decl;
    char buf[RPT_TEXT_LEN];
    row->grade = cg;
    row->metric = metric_written(cg->counter->metric);
    row->metric_qualified = metric_qualified(a, m);
    row->unit = m ? m->base_unit : NULL;
    row->not_started = og->verdict == OKR_VERDICT_NOT_STARTED;
    row->has_bound = rpt_model_counter_bound(cg, &row->bound_value);
    row->at_least = rpt_model_counter_at_least(cg);
    row->data_to = rpt_model_counter_data_to(og, cg);
    row->bound_text = counter_bound_text(a, row);
    row->current = "?";
    if (cg->has_current) {
        rpt_format_value(m, cg->current, buf, sizeof buf);
        row->current = okr_arena_strdup(a, buf);
    }
    if (cg->breached) {
        rpt_format_value(m, cg->worst, buf, sizeof buf);
        row->worst = okr_arena_strdup(a, buf);
        row->breach = counter_breach(a, row);
    }
    row->state = cg->breached ? "breached" : cg->has_current ? "holding" : "no_data";
    row->empty_reason = rpt_model_no_data_reason(a, og, cg->series, cg->observations);
    if (!cg->has_current && !cg->breached && !row->not_started)
        row->no_data_reason = cg->non_finite ? rpt_model_non_finite_reason(a, cg->non_finite, cg->non_finite_day)
                                             : row->empty_reason;
}

/* ================================================================ objectives */

/* The verdict of an objective as a phrase: "partial, provisional",
 * "success: target may have been too low", "no data"; mid-cycle its
 * check-in status, "on track (check-in)". */
static const char *objective_verdict(okr_arena *a, const okr_objective_grade *og)
{
    if (og->in_progress && og->verdict == OKR_VERDICT_NONE && og->status != OKR_STATUS_NONE)
        return okr_arena_printf(a, "%s (check-in)", rpt_status_text(og->status));
    const char *v = rpt_verdict_text(og->verdict);
    if (!*v)
        v = og->has_score ? "graded" : "no data";
    const char *extra = og->target_too_low ? ": target may have been too low" : "";
    const char *prov = og->in_progress && og->verdict != OKR_VERDICT_NOT_STARTED && og->verdict != OKR_VERDICT_NO_DATA
                           ? ", provisional"
                           : "";
    return okr_arena_printf(a, "%s%s%s", v, extra, prov);
}

static rpt_tone objective_tone(const okr_objective_grade *og)
{
    if (og->in_progress && og->verdict == OKR_VERDICT_NONE && og->status != OKR_STATUS_NONE)
        return rpt_status_tone(og->status);
    return rpt_verdict_tone(og->verdict);
}

static const char *kr_noun(const okr_objective_grade *og, size_t n)
{
    if (og->archetype == OKR_ARCH_LEARNING)
        return rpt_plural(n, "hypothesis", "hypotheses");
    return rpt_plural(n, "key result", "key results");
}

static void objective_build(rpt_model *model, const okr_objective_grade *og, rpt_objective *o)
{
    okr_arena *a = &model->arena;
    const okr_cycle_decl *c = og->objective->cycle;
    o->grade = og;
    o->qualified = objective_qualified(a, og->objective);
    o->verdict = objective_verdict(a, og);
    o->tone = objective_tone(og);
    o->not_started = og->verdict == OKR_VERDICT_NOT_STARTED;
    o->scored = og->has_score && og->archetype != OKR_ARCH_LEARNING;
    for (size_t i = 0; i < og->counter_count; i++)
        o->breached += og->counters[i].breached != 0;
    o->graded = okr_arena_printf(a, "graded %zu of %zu %s", og->graded, og->kr_count, kr_noun(og, og->kr_count));
    o->show_day = og->in_progress && !o->not_started && c;
    if (o->show_day) {
        o->day = og->as_of_day - c->start_day + 1;
        o->days = c->end_day - c->start_day + 1;
    }
    o->krs = okr_arena_alloc(a, (og->kr_count ? og->kr_count : 1) * sizeof *o->krs);
    for (size_t i = 0; i < og->kr_count; i++) {
        kr_row_build(a, og, &og->krs[i], &o->krs[i]);
        o->checkins_shown += o->krs[i].checkin != NULL;
    }
    o->counters = okr_arena_alloc(a, (og->counter_count ? og->counter_count : 1) * sizeof *o->counters);
    for (size_t i = 0; i < og->counter_count; i++)
        counter_row_build(a, og, &og->counters[i], &o->counters[i]);
}

/* ================================================================ the header */

/* What a cycle is doing on the grading day, without its name and dates. */
static const char *cycle_phase(okr_arena *a, const okr_cycle_decl *c, long grading_day)
{
    char d1[RPT_TEXT_LEN], d2[RPT_TEXT_LEN], g[RPT_TEXT_LEN];
    rpt_format_date(c->start_day, d1, sizeof d1);
    rpt_format_date(c->end_day, d2, sizeof d2);
    rpt_format_date(grading_day, g, sizeof g);
    if (grading_day < c->start_day)
        return okr_arena_printf(a, "not started (starts %s), nothing graded", d1);
    if (grading_day < c->end_day)
        return okr_arena_printf(a, "cycle still running: check-in as of %s (day %ld of %ld)", g,
                                grading_day - c->start_day + 1, c->end_day - c->start_day + 1);
    return okr_arena_printf(a, "as of the cycle's end (%s)", d2);
}

static void cycles_build(rpt_model *model)
{
    okr_arena *a = &model->arena;
    const okr_grade_result *r = model->in->result;
    okr_strmap index;
    okr_strmap_init(&index, a);
    model->cycles = okr_arena_alloc(a, (r->objective_count ? r->objective_count : 1) * sizeof *model->cycles);
    for (size_t i = 0; i < r->objective_count; i++) {
        const okr_cycle_decl *c = r->objectives[i].objective->cycle;
        if (!c || !c->ok)
            continue;
        const char *key = okr_arena_printf(a, "%s/%ld/%ld", c->label ? c->label : "", c->start_day, c->end_day);
        if (okr_strmap_get(&index, key))
            continue;
        okr_strmap_put(&index, key, (void *)c);
        rpt_cycle *rc = &model->cycles[model->cycle_count++];
        rc->cycle = c;
        rc->not_started = r->grading_day < c->start_day;
        rc->in_progress = r->grading_day < c->end_day;
        rc->as_of_day = r->grading_day < c->end_day ? r->grading_day : c->end_day;
        rc->phase = cycle_phase(a, c, r->grading_day);
        /* At most 511 bytes, as the writers have always shown it. */
        char d1[RPT_TEXT_LEN], d2[RPT_TEXT_LEN], state[512];
        rpt_format_date(c->start_day, d1, sizeof d1);
        rpt_format_date(c->end_day, d2, sizeof d2);
        snprintf(state, sizeof state, "%s, %s to %s: %s", c->label ? c->label : "?", d1, d2, rc->phase);
        rc->state = okr_arena_strdup(a, state);
    }
}

static const char *team_key(const okr_objective *obj)
{
    return obj->team && obj->team->name.text ? obj->team->name.text : "";
}

/* Teams: an index per name, then the objectives of each in two passes, so
 * unhealthy objectives come first and program order holds within each
 * group. */
static void teams_build(rpt_model *model)
{
    okr_arena *a = &model->arena;
    size_t n = model->objective_count;
    okr_strmap index;
    okr_strmap_init(&index, a);
    model->teams = okr_arena_alloc(a, (n ? n : 1) * sizeof *model->teams);
    size_t *team_of = okr_arena_alloc(a, (n ? n : 1) * sizeof *team_of);
    for (size_t i = 0; i < n; i++) {
        const okr_objective *obj = model->objectives[i].grade->objective;
        const char *key = team_key(obj);
        size_t *slot = okr_strmap_get(&index, key);
        if (!slot) {
            slot = okr_arena_alloc(a, sizeof *slot);
            *slot = model->team_count++;
            okr_strmap_put(&index, key, slot);
            model->teams[*slot].name = *key ? key : NULL;
        }
        rpt_team *t = &model->teams[*slot];
        if (!t->title && obj->team && obj->team->title.text)
            t->title = obj->team->title.text;
        if (!t->owner && obj->team && obj->team->owner.text)
            t->owner = obj->team->owner.text;
        t->count++;
        team_of[i] = *slot;
    }
    for (size_t t = 0; t < model->team_count; t++) {
        model->teams[t].objectives = okr_arena_alloc(a, model->teams[t].count * sizeof *model->teams[t].objectives);
        model->teams[t].count = 0;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            const rpt_objective *o = &model->objectives[i];
            if ((pass == 0) != !o->grade->healthy)
                continue;
            rpt_team *t = &model->teams[team_of[i]];
            t->objectives[t->count++] = o;
        }
    }
}

static void totals_build(rpt_model *model)
{
    const okr_report_input *in = model->in;
    const okr_grade_result *r = in->result;
    rpt_totals *tot = &model->totals;
    tot->objectives = r->objective_count;
    tot->committed_failed = r->committed_failed;
    tot->breaches = r->breaches;
    for (size_t i = 0; i < r->objective_count; i++) {
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
    tot->exit_status = rpt_model_exit_status(tot);
    tot->summary = okr_arena_printf(
        &model->arena,
        "%zu %s, %zu unhealthy, %zu committed failed; %zu of %zu key results scored, %zu without data; "
        "%zu of %zu counter-metrics breached",
        tot->objectives, rpt_plural(tot->objectives, "objective", "objectives"), tot->unhealthy, tot->committed_failed,
        tot->scored, tot->key_results, tot->no_data, tot->breaches, tot->counters);
    tot->checkins = totals_checkins(&model->arena, r, tot->key_results + tot->hypotheses);
}

/* ================================================================ the model */

void rpt_model_build(const okr_report_input *in, rpt_model *out)
{
    memset(out, 0, sizeof *out);
    okr_arena_init(&out->arena);
    out->in = in;
    const okr_grade_result *r = in->result;
    out->objective_count = r->objective_count;
    out->objectives = okr_arena_alloc(&out->arena, (r->objective_count ? r->objective_count : 1) * sizeof *out->objectives);
    for (size_t i = 0; i < r->objective_count; i++)
        objective_build(out, &r->objectives[i], &out->objectives[i]);
    teams_build(out);
    cycles_build(out);
    totals_build(out);
    rpt_unknown_names_build(in, &out->arena, &out->unknown);
    rpt_rollup_build(out);
}

void rpt_model_free(rpt_model *model)
{
    okr_arena_free(&model->arena);
    memset(model, 0, sizeof *model);
}
