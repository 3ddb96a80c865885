/* plausible.c: the guard against feed values written in another unit; see
 * plausible.h and spec.md, "Implausible values".
 *
 * Runs once, between reading the feeds and grading, on the store's day
 * buckets: a metric's scale comes from the levels the checker resolved on
 * its key results and counter-metrics (checker/program.h), or from the
 * median of its own days when it has none or sums its observations. A day judged implausible is
 * emptied in the store, so grading (runtime/grade.c) reads the store as it
 * always does and never learns of the guard. The store holds summaries,
 * not rows: a day is judged by its lowest and highest observation, which
 * for a day of one or two observations are all of them. */
#include "plausible.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A value at least OUTSIDE times outside the scale is suspect; a unit that
 * brings it at least CLOSER times nearer explains it. */
#define OUTSIDE 10.0
#define CLOSER 10.0

typedef struct candidate {
    const char *word;      /* as the `unit` clause writes it */
    const char *described; /* "56 looks like days" */
    const char *plural;    /* "if the feed writes days" */
} candidate;

static const candidate duration_units[] = {
    {"ms", "milliseconds", "milliseconds"}, {"min", "minutes", "minutes"}, {"h", "hours", "hours"},
    {"d", "days", "days"}, {"w", "weeks", "weeks"}, {NULL, NULL, NULL},
};
static const candidate percent_units[] = {{"fraction", "a fraction", "fractions"}, {NULL, NULL, NULL}};
static const candidate money_units[] = {{"cents", "cents", "cents"}, {NULL, NULL, NULL}};

static const candidate *candidates_of(const okr_metric_decl *m)
{
    switch (m->type) {
    case OKR_TYPE_DURATION: return duration_units;
    case OKR_TYPE_PERCENT: return percent_units;
    case OKR_TYPE_MONEY: return money_units;
    default: return NULL;
    }
}

const char *okr_plausible_unit(const okr_metric_decl *m, int index, const char **described)
{
    const candidate *c = candidates_of(m);
    for (int i = 0; c && c[i].word; i++) {
        if (i == index) {
            if (described)
                *described = c[i].described;
            return c[i].word;
        }
    }
    return NULL;
}

/* How many times |x| lies outside lo..hi; 1 within. */
static double distance(double x, double lo, double hi)
{
    x = fabs(x);
    return x < lo ? lo / x : x > hi ? x / hi : 1;
}

int okr_plausible_judge(const okr_metric_decl *m, double v, double lo, double hi)
{
    const candidate *c = candidates_of(m);
    if (!c || v == 0 || !isfinite(v) || !(lo > 0) || !(hi >= lo))
        return -1;
    double d = distance(v, lo, hi);
    if (d < OUTSIDE)
        return -1;
    int best = -1;
    double best_d = 0;
    for (int i = 0; c[i].word; i++) {
        double f, dc;
        if (!okr_unit_feed_factor(m, c[i].word, &f))
            continue;
        dc = distance(v * f, lo, hi);
        if (dc * CLOSER <= d && (best < 0 || dc < best_d)) {
            best = i;
            best_d = dc;
        }
    }
    return best;
}

/* ================================================================ the scale */

/* A metric's scale and, for messages, the written levels at its ends. */
typedef struct scale {
    const okr_metric_decl *metric;
    double lo, hi;
    const okr_quantity *lo_q, *hi_q; /* NULL for a median scale */
    const char *lo_role, *hi_role;   /* "baseline", "target", "bound" */
} scale;

static int by_metric(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const scale *)a)->metric, y = (uintptr_t)((const scale *)b)->metric;
    return x < y ? -1 : x > y;
}

static scale *find_scale(scale *scales, size_t n, const okr_metric_decl *m)
{
    scale key = {.metric = m};
    return m ? bsearch(&key, scales, n, sizeof *scales, by_metric) : NULL;
}

static void add_level(scale *sc, double level, const okr_quantity *q, const char *role)
{
    double a = fabs(level);
    if (!sc || !(a > 0) || !isfinite(a))
        return;
    if (!sc->lo_q || a < sc->lo) {
        sc->lo = a;
        sc->lo_q = q;
        sc->lo_role = role;
    }
    if (!sc->hi_q || a > sc->hi) {
        sc->hi = a;
        sc->hi_q = q;
        sc->hi_role = role;
    }
}

static void add_target(scale *sc, const okr_target *t)
{
    if (t->has_baseline_level)
        add_level(sc, t->baseline_level, &t->baseline, "baseline");
    if (t->has_target_level)
        add_level(sc, t->target_level, &t->value, t->kind == OKR_TARGET_FROM_TO ? "target" : "bound");
}

/* The levels of every key result and counter-metric, per metric. */
static void collect_levels(const okr_program *prog, scale *scales, size_t n)
{
    for (size_t i = 0; i < prog->objectives.len; i++) {
        const okr_objective *o = prog->objectives.items[i];
        for (size_t j = 0; j < o->krs.len; j++) {
            const okr_kr *kr = o->krs.items[j];
            add_target(find_scale(scales, n, kr->metric_decl), &kr->target);
        }
        for (size_t j = 0; j < o->counters.len; j++) {
            const okr_counter *c = o->counters.items[j];
            add_target(find_scale(scales, n, c->metric_decl), &c->target);
        }
    }
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A metric without levels: the median magnitude of its days' last values,
 * from at least 3 days with a nonzero one. Returns 0 when there are fewer. */
static int median_scale(const okr_store *store, const okr_series *s, scale *sc)
{
    double *v = malloc((size_t)(store->ndays ? store->ndays : 1) * sizeof *v);
    size_t n = 0;
    if (!v)
        return 0;
    for (long i = 0; i < store->ndays; i++)
        if (s->days[i].count && s->days[i].last != 0 && isfinite(s->days[i].last))
            v[n++] = fabs(s->days[i].last);
    if (n >= 3) {
        qsort(v, n, sizeof *v, by_value);
        sc->lo = sc->hi = v[(n - 1) / 2];
    }
    free(v);
    return n >= 3;
}

/* ================================================================ the days */

/* What the guard found on one series, for its warning. */
typedef struct finding {
    double value;  /* the first implausible value, by day */
    int unit;      /* the candidate it probably was written in */
    size_t set_aside;
} finding;

static void note_value(finding *f, double v, int unit)
{
    if (f->unit < 0) {
        f->value = v;
        f->unit = unit;
    }
}

/* Judges one day; sets aside what is implausible. */
static void judge_day(const scale *sc, okr_series *s, okr_obs_day *b, finding *f)
{
    const okr_metric_decl *m = s->metric;
    size_t removed = b->count;
    if (b->count <= 2) {
        /* One or two observations: first and last are all of them. */
        int jf = okr_plausible_judge(m, b->first, sc->lo, sc->hi);
        int jl = b->count == 2 ? okr_plausible_judge(m, b->last, sc->lo, sc->hi) : jf;
        if (jf < 0 && jl < 0)
            return;
        note_value(f, jf >= 0 ? b->first : b->last, jf >= 0 ? jf : jl);
        if (jf < 0 || jl < 0) {
            double keep = jf < 0 ? b->first : b->last;
            int64_t ts = jf < 0 ? b->first_ts : b->last_ts;
            *b = (okr_obs_day){.count = 1, .sum = keep, .min = keep, .max = keep, .first = keep, .last = keep,
                               .first_ts = ts, .last_ts = ts};
            removed = 1;
        } else {
            memset(b, 0, sizeof *b);
        }
    } else {
        /* More: a day with an implausible extreme cannot be split. */
        int jmin = okr_plausible_judge(m, b->min, sc->lo, sc->hi);
        int jmax = okr_plausible_judge(m, b->max, sc->lo, sc->hi);
        if (jmin < 0 && jmax < 0)
            return;
        note_value(f, jmin >= 0 ? b->min : b->max, jmin >= 0 ? jmin : jmax);
        memset(b, 0, sizeof *b);
    }
    f->set_aside += removed;
    s->set_aside += removed;
}

/* ================================================================ the warning */

static const char *number(okr_arena *arena, double v)
{
    return okr_arena_printf(arena, "%.10g", v);
}

/* A value in the base unit as a reader would say it: "56 seconds", "0.25%". */
static const char *in_base_unit(okr_arena *arena, const okr_metric_decl *m, double v)
{
    switch (m->type) {
    case OKR_TYPE_DURATION: return okr_arena_printf(arena, "%.10g seconds", v);
    case OKR_TYPE_PERCENT: return okr_arena_printf(arena, "%.10g%%", v);
    default: return okr_arena_printf(arena, "%.10g %s", v, m->base_unit ? m->base_unit : "");
    }
}

static void warn(okr_diags *diags, const okr_series *s, const scale *sc, const finding *f)
{
    okr_arena *arena = diags->arena;
    const okr_metric_decl *m = s->metric;
    const char *described = "";
    const char *word = okr_plausible_unit(m, f->unit, &described);
    int below = fabs(f->value) < sc->lo;
    const okr_quantity *q = below ? sc->lo_q : sc->hi_q;
    const char *role = below ? sc->lo_role : sc->hi_role;
    const char *level = q ? okr_arena_printf(arena, "the %s %s%s", role, number(arena, q->value), q->unit ? q->unit : "")
                          : okr_arena_printf(arena, "the median %s of its days", in_base_unit(arena, m, sc->lo));
    okr_diag *d = okr_diag_report(diags, OKR920, m->name.span,
                                  "feed value %s of metric '%s' looks like %s: read as %s, it is far %s %s",
                                  number(arena, f->value), m->name.text, described,
                                  in_base_unit(arena, m, f->value), below ? "below" : "above", level);
    okr_diag_help(diags, d, "if the feed writes %s, declare it on the metric, `unit %s`, or on the feed, `#unit=%s`",
                  candidates_of(m)[f->unit].plural, word, word);
    okr_diag_help(diags, d, "until a unit is declared, %zu observation%s of '%s' take%s no part in grading",
                  f->set_aside, f->set_aside == 1 ? "" : "s", m->name.text, f->set_aside == 1 ? "s" : "");
    if (q && q->span.file != OKR_NO_FILE)
        okr_diag_note(diags, d, q->span, "the %s is written here", role);
}

size_t okr_plausible_check(const okr_program *prog, okr_store *store, okr_diags *diags)
{
    size_t n = store->series.len, warned = 0;
    if (n == 0)
        return 0;
    scale *scales = calloc(n, sizeof *scales);
    if (!scales)
        return 0;
    for (size_t i = 0; i < n; i++)
        scales[i].metric = ((const okr_series *)store->series.items[i])->metric;
    qsort(scales, n, sizeof *scales, by_metric);
    collect_levels(prog, scales, n);
    for (size_t i = 0; i < n; i++) {
        okr_series *s = store->series.items[i];
        scale *sc = find_scale(scales, n, s->metric);
        if (!sc || s->metric->feed_unit_declared || s->unit_from_feed || !candidates_of(s->metric))
            continue;
        /* A sum's levels are totals of many observations, so the days of a
         * summed metric are compared with each other instead. */
        if (s->metric->aggregate_kind == OKR_AGGREGATE_SUM)
            sc->lo_q = sc->hi_q = NULL;
        if (!sc->lo_q && !median_scale(store, s, sc))
            continue;
        finding f = {.unit = -1};
        for (long day = 0; day < store->ndays; day++)
            if (s->days[day].count)
                judge_day(sc, s, &s->days[day], &f);
        if (f.unit >= 0) {
            warn(diags, s, sc, &f);
            warned++;
        }
    }
    free(scales);
    return warned;
}
