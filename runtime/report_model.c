/* report_model.c: what every report format shows, derived once.
 *
 * The writers only render; whatever they show beyond grading's own numbers
 * is derived here, so the formats cannot disagree: the order of teams and
 * objectives, the totals of the summary, the cycles of the header, the
 * wording of a key result's values and details, and the few facts the
 * grading result does not carry (the day a bound key result was first
 * broken, the daily values of a chart), read from the store with the
 * grading rules. */
#include "report_internal.h"

#include <math.h>
#include <string.h>

#include "../checker/passes.h"

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
        ADD("%s%zu %s", dl ? "; " : "", kg->observations, rpt_plural(kg->observations, "observation", "observations"));
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
        return rpt_plural(n, "hypothesis", "hypotheses");
    return rpt_plural(n, "key result", "key results");
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

void rpt_summary_line(const rpt_totals *t, char *buf, size_t len)
{
    snprintf(buf, len,
             "%zu %s, %zu unhealthy, %zu committed failed; %zu of %zu key results scored, %zu without data; "
             "%zu of %zu counter-metrics breached",
             t->objectives, rpt_plural(t->objectives, "objective", "objectives"), t->unhealthy, t->committed_failed,
             t->scored, t->key_results, t->no_data, t->breaches, t->counters);
}
