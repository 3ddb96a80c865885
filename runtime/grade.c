/* grade.c: scores, verdicts, guardrails and check-ins (spec.md, "Grading").
 *
 * okr_grade() reads a checked program and the day-bucketed store and fills
 * an okr_grade_result; it never prints and never changes its inputs, so the
 * report writers and the tests see exactly the same numbers. Every rule of
 * spec.md "Grading" has one small function here, with the rule quoted above
 * it. Where the semantics left a choice open, the choice is written in a
 * comment marked "Choice:" next to the code that makes it, and in spec.md.
 * The one choice that touches every rule: values and scores are doubles, so
 * a target computed as 200 * 1.1 = 220.00000000000003 must still count as
 * reached by an observation of 220. Comparisons against band edges, targets
 * and bounds therefore allow a tolerance of 1e-9 (relative for values), and
 * a score within 1e-9 of 0 or 1 is reported as exactly 0 or 1. */
#include "grade.h"

#include <math.h>
#include <string.h>

#include "../common/calendar.h"

#define GRADE_EPSILON 1e-9
/* Longest window or lag honoured, in days: keeps day arithmetic far from
 * overflow whatever a (rejected) program writes. The checker already caps
 * both at OKR_MAX_DURATION_DAYS (checker/program.h); this looser cap only
 * guards grading's own arithmetic. */
#define MAX_DURATION_DAYS 1000000L

/* The cycle as seen from the grading day. */
typedef struct cycle_clock {
    long start, end;   /* S and E */
    long as_of;        /* min(G, E) */
    int in_progress;   /* G < E */
    double elapsed;
} cycle_clock;

/* The first value a view read that is not a finite number (a sum over a
 * window that overflowed): the key result or counter-metric that needed it
 * is then never scored or judged. */
typedef struct finite_probe {
    int bad;
    long day;
} finite_probe;

/* One metric's observations as grading reads them: from the cycle start up
 * to the effective day, never beyond. */
typedef struct metric_view {
    const okr_store *store;
    const okr_series *series;
    const okr_metric_decl *metric;
    long start;        /* S */
    long eff;          /* effective day */
    finite_probe *probe; /* records a value that is not finite; NULL: none is recorded */
} metric_view;

/* ---- tolerant comparisons ------------------------------------------------ */

static int value_at_least(double value, double bound)
{
    return value >= bound - GRADE_EPSILON * fmax(1.0, fabs(bound));
}

static int value_at_most(double value, double bound)
{
    return value <= bound + GRADE_EPSILON * fmax(1.0, fabs(bound));
}

static int score_at_least(double score, double edge)
{
    return score >= edge - GRADE_EPSILON;
}

/* "score = clamp(progress, 0, 1)"; a progress within rounding of 0 or 1 is
 * snapped so that a target reached in decimal is reached in binary too. */
static double clamp_score(double progress)
{
    if (fabs(progress - 1.0) < GRADE_EPSILON || progress > 1.0)
        return 1.0;
    if (fabs(progress) < GRADE_EPSILON || progress < 0.0 || isnan(progress))
        return 0.0;
    return progress;
}

/* ---- durations, aggregation ---------------------------------------------- */

/* "lag days = ceil(seconds / 86400)"; the same for windows. The checker
 * resolved both into days (feeds.c); grading honours at most
 * MAX_DURATION_DAYS of either. */
static long lag_days(const okr_metric_decl *metric)
{
    return metric && metric->has_lag ? okr_calendar_days_capped(metric->lag_days, MAX_DURATION_DAYS) : 0;
}

/* The aggregation as the checker decided it; an unknown word is `latest`. */
static okr_aggregate_kind aggregate_of(const okr_metric_decl *metric)
{
    return metric ? metric->aggregate_kind : OKR_AGGREGATE_LATEST;
}

/* "N = ceil(window seconds / 86400), at least 1"; 0 stands for `over
 * cycle`, which is also what `sum`/`mean` without `over` mean. */
static long window_days(const okr_metric_decl *metric)
{
    if (metric->window_is_whole_cycle)
        return 0;
    long n = okr_calendar_days_capped(metric->window_days, MAX_DURATION_DAYS);
    return n < 1 ? 1 : n;
}

/* The bucket of a day, or NULL outside the store's range. */
static const okr_obs_day *bucket(const okr_store *store, const okr_series *series, long day)
{
    long i = day - store->first_day;
    if (i < 0 || i >= store->ndays)
        return NULL;
    return &series->days[i];
}

static int has_observations(const okr_store *store, const okr_series *series, long day)
{
    const okr_obs_day *b = bucket(store, series, day);
    return b && b->count > 0;
}

/* "`aggregate latest` (the default): the last observation (by timestamp) on
 * the latest day d, S <= d <= X, that has observations." */
static int latest_value(const okr_store *store, const okr_series *series, long start, long day, double *value)
{
    long lo = start > store->first_day ? start : store->first_day;
    long hi = store->first_day + store->ndays - 1;
    if (day < hi)
        hi = day;
    for (long d = hi; d >= lo; d--) {
        const okr_obs_day *b = bucket(store, series, d);
        if (b->count) {
            *value = b->last;
            return 1;
        }
    }
    return 0;
}

/* "the window is days max(S, X-N+1) .. X. sum = sum of all observations in
 * the window; mean = that sum / their count. Exists iff the window holds an
 * observation." */
static int window_value(const okr_store *store, const okr_series *series, okr_aggregate_kind kind, long from,
                        long day, double *value)
{
    long lo = from > store->first_day ? from : store->first_day;
    long hi = store->first_day + store->ndays - 1;
    if (day < hi)
        hi = day;
    double sum = 0;
    double count = 0;
    for (long d = lo; d <= hi; d++) {
        const okr_obs_day *b = bucket(store, series, d);
        sum += b->sum;
        count += b->count;
    }
    if (count == 0)
        return 0;
    *value = kind == OKR_AGGREGATE_SUM ? sum : sum / count;
    return 1;
}

/* "Only observations on days >= S (the cycle start) count." */
int okr_series_value_at(const okr_store *store, const okr_series *series, const okr_metric_decl *metric,
                        long cycle_start, long day, double *value)
{
    *value = 0;
    if (!store || !series || day < cycle_start || store->ndays <= 0)
        return 0;
    if (!metric)
        metric = series->metric;
    okr_aggregate_kind kind = aggregate_of(metric);
    if (kind == OKR_AGGREGATE_LATEST)
        return latest_value(store, series, cycle_start, day, value);
    long n = window_days(metric);
    long from = cycle_start;
    if (n > 0 && day - n + 1 > from)
        from = day - n + 1;
    return window_value(store, series, kind, from, day, value);
}

/* ---- reading a metric up to the effective day ---------------------------- */

/* A value read on `day` is used only when it is a finite number; the first
 * one that is not is recorded in the view's probe. */
static int view_finite(const metric_view *v, long day, double value)
{
    if (isfinite(value))
        return 1;
    if (v->probe && !v->probe->bad) {
        v->probe->bad = 1;
        v->probe->day = day;
    }
    return 0;
}

static int view_value(const metric_view *v, long day, double *value)
{
    return okr_series_value_at(v->store, v->series, v->metric, v->start, day, value) && view_finite(v, day, *value);
}

static int view_has_observations(const metric_view *v, long day)
{
    return v->series && has_observations(v->store, v->series, day);
}

/* "observations: in the cycle, up to the effective day". */
static size_t view_observations(const metric_view *v)
{
    size_t n = 0;
    if (!v->series)
        return 0;
    for (long d = v->start; d <= v->eff; d++) {
        const okr_obs_day *b = bucket(v->store, v->series, d);
        if (b)
            n += b->count;
    }
    return n;
}

/* The first day d, S <= d <= eff, with observations. */
static int view_first_day(const metric_view *v, long *day)
{
    for (long d = v->start; d <= v->eff; d++) {
        if (view_has_observations(v, d)) {
            *day = d;
            return 1;
        }
    }
    return 0;
}

/* "B = the observation at, or first after, the cycle start: for `latest`,
 * the FIRST observation (by timestamp) of the first day d >= S with
 * observations; for windows, the window value on that day." Shared by
 * `by` and `from ?` key results and `no worse than baseline` counters. */
static int baseline_at_start(const metric_view *v, double *value)
{
    long d;
    if (!view_first_day(v, &d))
        return 0;
    if (aggregate_of(v->metric) == OKR_AGGREGATE_LATEST) {
        *value = bucket(v->store, v->series, d)->first;
        return view_finite(v, d, *value);
    }
    return view_value(v, d, value);
}

/* "current C = value on day eff. has_current iff it exists." */
static int current_of(const metric_view *v, double *value)
{
    *value = 0;
    return v->eff >= v->start && view_value(v, v->eff, value);
}

/* ---- bounds -------------------------------------------------------------- */

/* "met = (C >= V) / (C <= V)." */
static int bound_met(okr_target_kind kind, double value, double bound)
{
    return kind == OKR_TARGET_AT_LEAST ? value_at_least(value, bound) : value_at_most(value, bound);
}

/* The value a bound is checked against on one day: "for `latest`, use each
 * day's min (at least) / max (at most) of the raw observations; for
 * windows, use the window value on each day with data". Choice: "each day
 * with data" is each day with observations, so a trailing window is checked
 * on the days something was observed, as with `latest`. */
static int bound_check_value(const metric_view *v, okr_target_kind kind, long day, double *value)
{
    if (!view_has_observations(v, day))
        return 0;
    if (aggregate_of(v->metric) == OKR_AGGREGATE_LATEST) {
        const okr_obs_day *b = bucket(v->store, v->series, day);
        *value = kind == OKR_TARGET_AT_LEAST ? b->min : b->max;
        return view_finite(v, day, *value);
    }
    return view_value(v, day, value);
}

/* What a scan of days S..eff found against one bound. */
typedef struct bound_scan {
    size_t days;        /* days checked: those with observations */
    size_t broken;      /* days whose checked value broke the bound */
    long first_broken;
    int recovered;      /* broken, then held on every checked day since ... */
    long recovered_day; /* ... this one */
    double worst;       /* min (at least) / max (at most) of the checked values */
} bound_scan;

static void scan_worst(bound_scan *s, okr_target_kind kind, double x)
{
    if (!s->days || (kind == OKR_TARGET_AT_LEAST ? x < s->worst : x > s->worst))
        s->worst = x;
}

/* One checked day: `held` says whether its value kept the bound. */
static void scan_day(bound_scan *s, long day, int held)
{
    s->days++;
    if (!held) {
        if (!s->broken++)
            s->first_broken = day;
        s->recovered = 0;
    } else if (s->broken && !s->recovered) {
        s->recovered = 1;
        s->recovered_day = day;
    }
}

/* "held = the bound held at EVERY observation of days S..eff" and, for
 * counter-metrics, "breached iff the bound was violated at any observation
 * of days S..eff ... breach_day = first such day; worst = the minimum (at
 * least) / maximum (at most) seen." One scan serves both, and counts the
 * days checked and broken, whose ratio scores a level. */
static bound_scan scan_bound(const metric_view *v, okr_target_kind kind, double bound)
{
    bound_scan s = {0, 0, 0, 0, 0, 0};
    for (long d = v->start; d <= v->eff; d++) {
        double x;
        if (!bound_check_value(v, kind, d, &x))
            continue;
        scan_worst(&s, kind, x);
        scan_day(&s, d, bound_met(kind, x, bound));
    }
    return s;
}

/* The key result's level: whether it held, where it broke and recovered.
 * Choice: for a window aggregate, the current value (the window on the
 * effective day) can break the bound on a day without observations after
 * every observed day held; that effective day then counts as a checked,
 * broken day, so a level broken now is never met. With `latest` the
 * current value is the last observation, already checked. */
static void scan_level(const metric_view *v, okr_target_kind kind, okr_kr_grade *g)
{
    bound_scan s = scan_bound(v, kind, g->target);
    if (!g->holds_now && aggregate_of(v->metric) != OKR_AGGREGATE_LATEST && !view_has_observations(v, v->eff)) {
        scan_worst(&s, kind, g->current);
        scan_day(&s, v->eff, 0);
    }
    g->observed_days = s.days;
    g->breach_days = s.broken;
    g->held = g->met = s.broken == 0;
    g->has_breach_day = s.broken > 0;
    g->breach_day = s.first_broken;
    g->has_worst = s.days > 0;
    g->worst = s.worst;
    g->has_recovered_day = s.recovered;
    g->recovered_day = s.recovered_day;
}

/* ---- key results --------------------------------------------------------- */

/* "`from B to T`: B and T as written. `from ? to T`: B = the first value."
 * "`by +X%` / `by -X%`: T = B * (1 + c). `by +Xpp` and `by ±N`: T = B +
 * change." Bounds: the target is the bound V. Written values are resolved
 * even without data, so reports can show them; the checker put them in
 * base units (program.h). */
static void resolve_baseline_target(const metric_view *v, const okr_target *t, okr_kr_grade *g)
{
    switch (t->kind) {
    case OKR_TARGET_FROM_TO:
        /* `from ?`: "the baseline is the first observation", the same rule
         * as the baseline of `by`. */
        if (t->baseline_unknown) {
            g->has_baseline = baseline_at_start(v, &g->baseline);
        } else {
            g->has_baseline = t->has_baseline_level;
            g->baseline = t->baseline_level;
        }
        g->has_target = t->has_target_level;
        g->target = t->target_level;
        break;
    case OKR_TARGET_BY:
        if (!t->has_change)
            break;
        g->has_baseline = baseline_at_start(v, &g->baseline);
        g->has_target = g->has_baseline;
        if (g->has_target)
            g->target = t->change_is_relative ? g->baseline * (1.0 + t->change) : g->baseline + t->change;
        if (g->has_target && !isfinite(g->target)) {
            g->has_target = 0;
            g->non_finite = OKR_NON_FINITE_TARGET;
        }
        break;
    case OKR_TARGET_AT_LEAST:
    case OKR_TARGET_AT_MOST:
        g->has_target = t->has_target_level;
        g->target = t->target_level;
        break;
    case OKR_TARGET_NO_WORSE:
    case OKR_TARGET_NONE:
        break;
    }
}

/* "Moves: progress = (C - B) / (T - B) ...; score = clamp(progress, 0, 1).
 * If T == B ... the KR cannot be scored: has_score = 0." */
static double move_score(const okr_kr_grade *g, double value, double *progress)
{
    *progress = (value - g->baseline) / (g->target - g->baseline);
    return clamp_score(*progress);
}

/* Whether `value`'s progress is a finite number: baseline, value and
 * target close enough to subtract (1.7e308 - -1.7e308 is not). */
static int progress_finite(const okr_kr_grade *g, double value)
{
    double progress;
    move_score(g, value, &progress);
    return isfinite(value - g->baseline) && isfinite(g->target - g->baseline) && isfinite(progress);
}

static void score_move(okr_kr_grade *g)
{
    if (!g->has_baseline || !g->has_target || !g->has_current || g->target == g->baseline)
        return;
    if (!progress_finite(g, g->current)) {
        g->non_finite = OKR_NON_FINITE_PROGRESS;
        return;
    }
    g->score = move_score(g, g->current, &g->progress);
    g->has_score = 1;
}

/* Levels are promises to hold: "met = the level held on every observed
 * day of S..eff; score = the share of those days on which it held" (1 when
 * held throughout, 0.75 when broken on one day of four), so a dip below a
 * committed floor fails the objective even if the metric recovered.
 * holds_now = (C >= V) / (C <= V). Choice: progress, which has no meaning
 * for a level, is reported equal to the score. */
static void score_bound(const metric_view *v, okr_target_kind kind, okr_kr_grade *g)
{
    if (!g->has_target || !g->has_current)
        return;
    g->holds_now = bound_met(kind, g->current, g->target);
    scan_level(v, kind, g);
    if (!g->observed_days)
        return;
    g->score = g->progress = (double)(g->observed_days - g->breach_days) / (double)g->observed_days;
    g->has_score = 1;
}

/* Which way is better: the metric's direction; for a metric without one
 * (rejected by the checker, OKR207) the way the target points. */
static int improves_upward(const okr_metric_decl *m, const okr_kr_grade *g)
{
    if (m->direction != OKR_DIR_NONE)
        return m->direction == OKR_DIR_INCREASING;
    return !g->has_baseline || g->target >= g->baseline;
}

/* "reached = C is at or beyond T in the metric's direction (for bounds:
 * met) -> CONFIRMED. Otherwise, if in_progress -> OPEN; else if it has >= 3
 * observations in the cycle -> REFUTED; else INCONCLUSIVE (not enough
 * data). No data at all: OPEN mid-cycle, INCONCLUSIVE after."
 * Choice: a hypothesis whose metric no feed provides at all (no series) is
 * NO_DATA, as for key results: nothing was measured, so the report says so
 * instead of "open" or "inconclusive". */
static okr_verdict hypothesis_verdict(const metric_view *v, const cycle_clock *clk, const okr_target *t,
                                      okr_kr_grade *g)
{
    if (!v->series)
        return OKR_VERDICT_NO_DATA;
    int reached = 0;
    if (g->has_current && g->has_target) {
        if (g->is_bound) {
            g->holds_now = bound_met(t->kind, g->current, g->target);
            scan_level(v, t->kind, g);
            reached = g->met;
        } else {
            reached = improves_upward(v->metric, g) ? value_at_least(g->current, g->target)
                                                    : value_at_most(g->current, g->target);
        }
    }
    if (reached)
        return OKR_VERDICT_CONFIRMED;
    if (clk->in_progress)
        return OKR_VERDICT_OPEN;
    return g->observations >= 3 ? OKR_VERDICT_REFUTED : OKR_VERDICT_INCONCLUSIVE;
}

/* ---- trend and check-ins ------------------------------------------------- */

/* "Trend: least squares over the points (d, value on day d) for the days d
 * in S..eff that have a value; needs >= 3 points; projected = value of the
 * fitted line at E." Choice: the points are the days with observations (a
 * `latest` value carried forward over silent days would add points nobody
 * measured and flatten the trend). x is counted from S to keep the sums
 * small; all points on one day (zero spread) give no projection. */
static int trend_point(const metric_view *v, long d, double *y)
{
    return view_has_observations(v, d) && okr_series_value_at(v->store, v->series, v->metric, v->start, d, y);
}

static int project_trend(const metric_view *v, long end, double *projected)
{
    double n = 0, sx = 0, sy = 0;
    for (long d = v->start; d <= v->eff; d++) {
        double y;
        if (!trend_point(v, d, &y))
            continue;
        if (!isfinite(y))
            return 0;
        n++;
        sx += (double)(d - v->start);
        sy += y;
    }
    if (n < 3)
        return 0;
    double mx = sx / n, my = sy / n, sxx = 0, sxy = 0;
    for (long d = v->start; d <= v->eff; d++) {
        double y;
        if (!trend_point(v, d, &y))
            continue;
        double dx = (double)(d - v->start) - mx;
        sxx += dx * dx;
        sxy += dx * (y - my);
    }
    if (!(sxx > 0))
        return 0;
    *projected = my + sxy / sxx * ((double)(end - v->start) - mx);
    return isfinite(*projected) && isfinite(sy) && isfinite(sxy);
}

/* "projected_score = the score of `projected` (clamped), computed like the
 * KR's score" (for bounds: 1 if the projection meets the bound, else 0). */
static double projected_score_of(const okr_kr_grade *g, okr_target_kind kind)
{
    double progress;
    if (g->is_bound)
        return bound_met(kind, g->projected, g->target) ? 1.0 : 0.0;
    return move_score(g, g->projected, &progress);
}

/* "Moves: on track if score >= goal * expected or (has_projection and
 * projected_score >= goal); at risk if score >= 0.7 * goal * expected or
 * (has_projection and projected_score >= 0.7 * goal); off track otherwise." */
static okr_status move_status(const okr_kr_grade *g, double goal)
{
    if (score_at_least(g->score, goal * g->expected) ||
        (g->has_projection && score_at_least(g->projected_score, goal)))
        return OKR_STATUS_ON_TRACK;
    if (score_at_least(g->score, 0.7 * goal * g->expected) ||
        (g->has_projection && score_at_least(g->projected_score, 0.7 * goal)))
        return OKR_STATUS_AT_RISK;
    return OKR_STATUS_OFF_TRACK;
}

/* Levels: "off track if broken now, or, in a committed objective, broken
 * on any day of the cycle so far (its score can no longer reach 1.0); at
 * risk if it broke earlier and holds again, or held throughout but the
 * projection crosses the bound by E; on track if held throughout." */
static okr_status bound_status(const okr_kr_grade *g, okr_archetype arch)
{
    if (!g->holds_now || (!g->held && arch == OKR_ARCH_COMMITTED))
        return OKR_STATUS_OFF_TRACK;
    if (!g->held || (g->has_projection && g->projected_score < 1.0))
        return OKR_STATUS_AT_RISK;
    return OKR_STATUS_ON_TRACK;
}

/* "Check-in status (only while in_progress, only KRs with data; hypotheses
 * get none). goal = 1.0 for committed, 0.7 for aspirational. expected =
 * elapsed." */
static void checkin_status(const metric_view *v, const cycle_clock *clk, okr_archetype arch, okr_target_kind kind,
                           okr_kr_grade *g)
{
    if (!clk->in_progress || !g->has_score)
        return;
    double goal = arch == OKR_ARCH_COMMITTED ? 1.0 : 0.7;
    g->has_projection = project_trend(v, clk->end, &g->projected);
    if (g->has_projection && !g->is_bound && !progress_finite(g, g->projected))
        g->has_projection = 0;
    if (g->has_projection)
        g->projected_score = projected_score_of(g, kind);
    g->status = g->is_bound ? bound_status(g, arch) : move_status(g, goal);
}

static metric_view view_of(const okr_store *store, const okr_metric_decl *metric, const cycle_clock *clk,
                           finite_probe *probe)
{
    metric_view v;
    v.probe = probe;
    v.store = store;
    v.metric = metric;
    v.series = metric ? okr_store_series_of(store, metric) : NULL;
    v.start = clk->start;
    v.eff = clk->as_of - lag_days(metric);
    return v;
}

/* "A value or aggregate that is not a finite number is never scored": a
 * key result that needed one (its value on some day, its target, its
 * progress) has no current value, no score, no status, verdict NO_DATA,
 * and the reason. Its baseline and target stay when they are finite. */
static void kr_not_finite(const finite_probe *probe, okr_kr_grade *g)
{
    if (probe->bad) {
        g->non_finite = OKR_NON_FINITE_VALUE;
        g->non_finite_day = probe->day;
    }
    if (g->non_finite == OKR_NON_FINITE_NONE)
        return;
    g->has_current = g->has_score = g->has_projection = 0;
    g->met = g->held = g->holds_now = g->has_breach_day = g->has_worst = g->has_recovered_day = 0;
    g->observed_days = g->breach_days = 0;
    g->status = OKR_STATUS_NONE;
    g->verdict = OKR_VERDICT_NO_DATA;
}

/* "The KR's effective day eff = as_of - lag_days: data for later days has
 * not settled and is ignored. If eff < S the KR has no data yet." "A KR
 * with no current value has no score and verdict NO_DATA (never 0)." */
static void grade_kr_values(const metric_view *v, const okr_kr *kr, const cycle_clock *clk, okr_archetype arch,
                            okr_kr_grade *g)
{
    g->observations = view_observations(v);
    resolve_baseline_target(v, &kr->target, g);
    g->has_current = current_of(v, &g->current);
    if (kr->is_hypothesis) {
        g->verdict = hypothesis_verdict(v, clk, &kr->target, g);
        return;
    }
    if (!g->has_current) {
        g->verdict = OKR_VERDICT_NO_DATA;
        return;
    }
    if (g->is_bound)
        score_bound(v, kr->target.kind, g);
    else
        score_move(g);
    if (g->non_finite == OKR_NON_FINITE_NONE && !v->probe->bad)
        checkin_status(v, clk, arch, kr->target.kind, g);
}

static void grade_kr(const okr_store *store, const okr_kr *kr, const cycle_clock *clk, okr_archetype arch,
                     okr_kr_grade *g)
{
    finite_probe probe = {0, 0};
    metric_view v = view_of(store, kr->metric_decl, clk, &probe);
    g->kr = kr;
    g->series = v.series;
    g->effective_day = v.eff;
    g->expected = clk->elapsed;
    g->is_bound = kr->target.kind == OKR_TARGET_AT_LEAST || kr->target.kind == OKR_TARGET_AT_MOST;
    if (!kr->metric_decl) {
        g->verdict = OKR_VERDICT_NO_DATA;
        return;
    }
    grade_kr_values(&v, kr, clk, arch, g);
    kr_not_finite(&probe, g);
}

/* ---- counter-metrics ----------------------------------------------------- */

/* "`no worse than baseline`: B = the observation at, or first after, S (as
 * for `by`); breached iff the current value C is worse than B in the
 * metric's direction (increasing: C < B; decreasing: C > B). bound = B."
 * Choice: breach_day is the first day of the unbroken run of days with
 * observations, ending at eff, whose value was worse than B ("worse since");
 * worst is the worst daily value seen. */
static void counter_no_worse(const metric_view *v, okr_counter_grade *c)
{
    c->has_bound = baseline_at_start(v, &c->bound);
    if (!c->has_bound || !c->has_current || v->metric->direction == OKR_DIR_NONE)
        return;
    int up = v->metric->direction == OKR_DIR_INCREASING;
    int seen = 0, in_run = 0;
    long run_start = v->eff;
    for (long d = v->start; d <= v->eff; d++) {
        double x;
        if (!view_has_observations(v, d) || !view_value(v, d, &x))
            continue;
        if (!seen || (up ? x < c->worst : x > c->worst))
            c->worst = x;
        seen = 1;
        int worse = up ? !value_at_least(x, c->bound) : !value_at_most(x, c->bound);
        if (worse && !in_run)
            run_start = d;
        in_run = worse;
    }
    c->breached = up ? !value_at_least(c->current, c->bound) : !value_at_most(c->current, c->bound);
    if (c->breached)
        c->breach_day = in_run ? run_start : v->eff;
}

/* "`at least V` / `at most V`: breached iff the bound was violated at any
 * observation of days S..eff (same per-day min/max or window-value rule as
 * `held`)." */
static void counter_bound(const metric_view *v, const okr_target *t, okr_counter_grade *c)
{
    okr_target_kind kind = t->kind;
    c->has_bound = t->has_target_level;
    c->bound = t->target_level;
    if (!c->has_bound)
        return;
    bound_scan s = scan_bound(v, kind, c->bound);
    c->worst = s.worst;
    c->breached = s.broken > 0;
    c->breach_day = s.first_broken;
    c->observed_days = s.days;
    c->breach_days = s.broken;
    c->has_recovered_day = s.recovered;
    c->recovered_day = s.recovered_day;
}

/* A counter-metric whose value on some day is not a finite number is never
 * judged: no current value, not breached, and the reason. */
static void counter_not_finite(const finite_probe *probe, okr_counter_grade *c)
{
    if (!probe->bad)
        return;
    c->has_current = c->breached = c->has_recovered_day = 0;
    c->observed_days = c->breach_days = 0;
    c->non_finite = OKR_NON_FINITE_VALUE;
    c->non_finite_day = probe->day;
}

/* "No observations: not breached, has_current = 0." The counter's own
 * metric's lag sets its effective day, as for key results. */
static void counter_breach(const okr_store *store, const okr_counter *counter, const cycle_clock *clk,
                           okr_counter_grade *c)
{
    finite_probe probe = {0, 0};
    metric_view v = view_of(store, counter->metric_decl, clk, &probe);
    c->counter = counter;
    c->series = v.series;
    if (!counter->metric_decl || !v.series)
        return;
    c->observations = view_observations(&v);
    c->has_current = current_of(&v, &c->current);
    if (c->observations == 0)
        return;
    if (counter->target.kind == OKR_TARGET_NO_WORSE)
        counter_no_worse(&v, c);
    else if (counter->target.kind == OKR_TARGET_AT_LEAST || counter->target.kind == OKR_TARGET_AT_MOST)
        counter_bound(&v, &counter->target, c);
    counter_not_finite(&probe, c);
}

/* ---- objectives ---------------------------------------------------------- */

/* "aspirational: score >= 0.7 SUCCESS; 0.4 <= score < 0.7 PARTIAL; score <
 * 0.4 MISSED." */
static okr_verdict aspirational_verdict(double score)
{
    if (score_at_least(score, 0.7))
        return OKR_VERDICT_SUCCESS;
    if (score_at_least(score, 0.4))
        return OKR_VERDICT_PARTIAL;
    return OKR_VERDICT_MISSED;
}

/* "committed: PASSED iff every KR has a score of exactly 1.0 (all have
 * data); otherwise FAILED." */
static okr_verdict committed_verdict(const okr_objective_grade *og)
{
    for (size_t i = 0; i < og->kr_count; i++) {
        const okr_kr_grade *g = &og->krs[i];
        if (!g->kr->is_hypothesis && (!g->has_score || g->score != 1.0))
            return OKR_VERDICT_FAILED;
    }
    return OKR_VERDICT_PASSED;
}

/* "It counts toward committed_failed (exit status 1) when FAILED and (not
 * in_progress, or some level did not hold on every observed day so far): a
 * committed level that broke is a failure at once, even if it recovered,
 * for its score can no longer reach 1.0; a move that is not yet complete
 * mid-cycle is not." */
static int committed_failure_counts(const okr_objective_grade *og)
{
    if (og->verdict != OKR_VERDICT_FAILED)
        return 0;
    if (!og->in_progress)
        return 1;
    for (size_t i = 0; i < og->kr_count; i++) {
        const okr_kr_grade *g = &og->krs[i];
        if (!g->kr->is_hypothesis && g->is_bound && g->has_score && !g->met)
            return 1;
    }
    return 0;
}

/* "any OPEN -> OPEN; else all CONFIRMED -> CONFIRMED; else any REFUTED ->
 * REFUTED; else INCONCLUSIVE." Choice: hypotheses with NO_DATA (no feed at
 * all) take no part; with none left the objective is NO_DATA. */
static okr_verdict learning_verdict(okr_objective_grade *og)
{
    size_t open = 0, confirmed = 0, refuted = 0;
    og->graded = 0;
    for (size_t i = 0; i < og->kr_count; i++) {
        const okr_kr_grade *g = &og->krs[i];
        if (!g->kr->is_hypothesis || g->verdict == OKR_VERDICT_NO_DATA)
            continue;
        og->graded++;
        open += g->verdict == OKR_VERDICT_OPEN;
        confirmed += g->verdict == OKR_VERDICT_CONFIRMED;
        refuted += g->verdict == OKR_VERDICT_REFUTED;
    }
    if (og->graded == 0)
        return OKR_VERDICT_NO_DATA;
    if (open)
        return OKR_VERDICT_OPEN;
    if (confirmed == og->graded)
        return OKR_VERDICT_CONFIRMED;
    if (refuted)
        return OKR_VERDICT_REFUTED;
    return OKR_VERDICT_INCONCLUSIVE;
}

/* "score = sum(w_i * s_i) / sum(w_i) over KRs (not hypotheses) with a
 * score; w = `weight`, default 1. graded = number of such KRs." */
static void objective_score(okr_objective_grade *og)
{
    double sum = 0, weights = 0;
    og->graded = 0;
    for (size_t i = 0; i < og->kr_count; i++) {
        const okr_kr_grade *g = &og->krs[i];
        if (g->kr->is_hypothesis || !g->has_score)
            continue;
        double w = g->kr->has_weight ? g->kr->more->weight.value : 1.0;
        sum += w * g->score;
        weights += w;
        og->graded++;
    }
    if (og->graded == 0 || !(weights > 0))
        return;
    og->has_score = 1;
    og->score = clamp_score(sum / weights);
}

/* Mid-cycle check-ins judge trajectory, not the score so far: an
 * aspirational objective at 0.3 in week 6 may be exactly on plan. So while
 * the cycle runs the score bands give no verdict; the objective takes the
 * worst check-in status of its key results (off track > at risk >
 * incomplete > on track), where a key result without a score (no data
 * yet) counts as incomplete: missing data is never "on track". A committed
 * objective is FAILED only when one of its levels broke (which also counts
 * toward exit status 1). */
static void checkin_verdict(okr_objective_grade *og)
{
    for (size_t i = 0; i < og->kr_count; i++) {
        const okr_kr_grade *g = &og->krs[i];
        okr_status s = g->kr->is_hypothesis ? OKR_STATUS_NONE : g->has_score ? g->status : OKR_STATUS_INCOMPLETE;
        if (s > og->status) /* okr_status runs in order of concern */
            og->status = s;
    }
    og->target_too_low = 0;
    if (og->verdict == OKR_VERDICT_FAILED && committed_failure_counts(og))
        return;
    og->verdict = OKR_VERDICT_NONE;
}

static void objective_verdict(okr_objective_grade *og)
{
    if (og->archetype == OKR_ARCH_LEARNING) {
        og->verdict = learning_verdict(og);
        return;
    }
    objective_score(og);
    if (!og->has_score) {
        og->verdict = OKR_VERDICT_NO_DATA;
    } else if (og->archetype == OKR_ARCH_COMMITTED) {
        og->verdict = committed_verdict(og);
    } else {
        og->verdict = aspirational_verdict(og->score);
        og->target_too_low = og->score == 1.0;
    }
    if (og->in_progress && og->has_score)
        checkin_verdict(og);
}

/* "as_of = min(G, E). in_progress = (G < E). elapsed = (as_of - S + 1) /
 * (E - S + 1)." */
static cycle_clock clock_of(const okr_cycle_decl *cycle, long grading_day)
{
    cycle_clock c;
    c.start = cycle->start_day;
    c.end = cycle->end_day;
    c.as_of = grading_day < c.end ? grading_day : c.end;
    c.in_progress = grading_day < c.end;
    c.elapsed = (double)(c.as_of - c.start + 1) / (double)(c.end - c.start + 1);
    return c;
}

/* Choice: before the cycle ("G < S ... nothing is graded") the key results
 * and counter-metrics are listed with their series only, in_progress is 0,
 * elapsed 0 and as_of_day the grading day, so nothing looks scored. */
static void list_ungraded(const okr_store *store, okr_objective_grade *og)
{
    for (size_t i = 0; i < og->kr_count; i++) {
        okr_kr_grade *g = &og->krs[i];
        g->kr = og->objective->krs.items[i];
        g->series = g->kr->metric_decl ? okr_store_series_of(store, g->kr->metric_decl) : NULL;
    }
    for (size_t i = 0; i < og->counter_count; i++) {
        okr_counter_grade *c = &og->counters[i];
        c->counter = og->objective->counters.items[i];
        c->series = c->counter->metric_decl ? okr_store_series_of(store, c->counter->metric_decl) : NULL;
    }
}

static void grade_objective(const okr_store *store, const okr_objective *obj, long grading_day, okr_arena *arena,
                            okr_objective_grade *og)
{
    og->objective = obj;
    og->archetype = okr_objective_archetype(obj);
    og->healthy = 1;
    og->kr_count = obj->krs.len;
    og->counter_count = obj->counters.len;
    if (og->kr_count)
        og->krs = okr_arena_alloc(arena, og->kr_count * sizeof *og->krs);
    if (og->counter_count)
        og->counters = okr_arena_alloc(arena, og->counter_count * sizeof *og->counters);
    og->as_of_day = grading_day;
    /* A checked, error-free program has a valid cycle for every objective. */
    if (!obj->cycle || !obj->cycle->ok || grading_day < obj->cycle->start_day) {
        list_ungraded(store, og);
        og->verdict = obj->cycle && obj->cycle->ok ? OKR_VERDICT_NOT_STARTED : OKR_VERDICT_NONE;
        return;
    }
    cycle_clock clk = clock_of(obj->cycle, grading_day);
    og->as_of_day = clk.as_of;
    og->in_progress = clk.in_progress;
    og->elapsed = clk.elapsed;
    for (size_t i = 0; i < og->kr_count; i++)
        grade_kr(store, obj->krs.items[i], &clk, og->archetype, &og->krs[i]);
    for (size_t i = 0; i < og->counter_count; i++) {
        counter_breach(store, obj->counters.items[i], &clk, &og->counters[i]);
        if (og->counters[i].breached)
            og->healthy = 0;
    }
    objective_verdict(og);
}

void okr_grade(const okr_program *prog, const okr_store *store, long grading_day, int at_given, okr_arena *arena,
               okr_grade_result *out)
{
    memset(out, 0, sizeof *out);
    out->grading_day = grading_day;
    out->at_given = at_given;
    out->objective_count = prog->objectives.len;
    if (out->objective_count)
        out->objectives = okr_arena_alloc(arena, out->objective_count * sizeof *out->objectives);
    for (size_t i = 0; i < out->objective_count; i++) {
        okr_objective_grade *og = &out->objectives[i];
        grade_objective(store, prog->objectives.items[i], grading_day, arena, og);
        if (og->archetype == OKR_ARCH_COMMITTED && committed_failure_counts(og))
            out->committed_failed++;
        for (size_t j = 0; j < og->counter_count; j++)
            out->breaches += og->counters[j].breached != 0;
    }
    okr_rollup(arena, out);
}

const char *okr_verdict_name(okr_verdict verdict)
{
    switch (verdict) {
    case OKR_VERDICT_NONE: return "none";
    case OKR_VERDICT_NO_DATA: return "no data";
    case OKR_VERDICT_NOT_STARTED: return "not started";
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
    return "none";
}

const char *okr_status_name(okr_status status)
{
    switch (status) {
    case OKR_STATUS_NONE: return "none";
    case OKR_STATUS_ON_TRACK: return "on track";
    case OKR_STATUS_AT_RISK: return "at risk";
    case OKR_STATUS_OFF_TRACK: return "off track";
    case OKR_STATUS_INCOMPLETE: return "incomplete";
    }
    return "none";
}
