/* report_json.c: the grading report as JSON for programs.
 *
 * The schema is spec.md's, section "Reports" > "JSON" (schema version 1).
 * Renders the report model (report_model.c) and the grading result's own
 * numbers: keys in the documented order, numbers in the metric type's base
 * unit, an unknown value null and never 0, reals with at most 12
 * significant digits, and text that is always valid UTF-8. */
#include "checkin.h"
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>

typedef struct writer {
    FILE *out;
    const okr_report_input *in;
    const rpt_model *model;
} writer;

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

/* The names of rows no metric received (report_unknown.c). */
static json_t *json_unknown(const rpt_unknown_names *u)
{
    json_t *names = json_array();
    for (size_t i = 0; i < u->count; i++) {
        const rpt_unknown_name *n = &u->shown[i];
        json_t *o = json_object();
        json_object_set_new(o, "name", jstr(n->name));
        json_object_set_new(o, "rows", jcount(n->rows));
        json_object_set_new(o, "did_you_mean", jstr(n->did_you_mean));
        json_t *shared = n->shared_count ? json_array() : json_null();
        for (size_t k = 0; k < n->shared_count; k++)
            json_array_append_new(shared, jstr(n->shared[k]));
        json_object_set_new(o, "ambiguous_between", shared);
        json_array_append_new(names, o);
    }
    json_t *o = json_object();
    json_object_set_new(o, "names", names);
    json_object_set_new(o, "more_names", jcount(u->more_names));
    json_object_set_new(o, "more_rows", jcount(u->more_rows));
    return o;
}

static json_t *json_kr(const rpt_kr_row *row)
{
    const okr_kr_grade *kg = row->grade;
    const okr_kr *kr = kg->kr;
    json_t *k = json_object();
    json_object_set_new(k, "label", jstr(kr->label));
    json_object_set_new(k, "name", jstr(kr->name.text));
    json_object_set_new(k, "title", jstr(kr->title.text));
    json_object_set_new(k, "owner", jstr(row->owner));
    json_object_set_new(k, "owner_inherited", json_boolean(row->owner_inherited));
    json_object_set_new(k, "kind", json_string(kr->is_hypothesis ? "hypothesis" : "kr"));
    json_object_set_new(k, "metric", jstr(row->metric_qualified));
    json_object_set_new(k, "unit", jstr(row->unit));
    json_object_set_new(k, "form", json_string(rpt_form_slug(kr->target.kind)));
    json_object_set_new(k, "weight", json_real(kr->has_weight ? kr->more->weight.value : 1.0));
    json_object_set_new(k, "bound_to_feed", json_boolean(kg->series != NULL));
    json_object_set_new(k, "baseline", jnum(row->has_baseline && !row->bound, row->baseline));
    json_object_set_new(k, "current", jnum(kg->has_current, kg->current));
    json_object_set_new(k, "target", row->bound ? jnum(row->has_bound, row->bound_value)
                                                : jnum(row->has_target, row->target));
    int scored = kg->has_score && !kr->is_hypothesis;
    json_object_set_new(k, "score", jnum(scored, kg->score));
    json_object_set_new(k, "progress", jnum(scored && !row->bound, kg->progress));
    int status = kg->status != OKR_STATUS_NONE;
    json_object_set_new(k, "expected", jnum(status, kg->expected));
    json_object_set_new(k, "status", rpt_status_slug(kg->status) ? json_string(rpt_status_slug(kg->status)) : json_null());
    json_object_set_new(k, "projected", jnum(kg->has_projection, kg->projected));
    json_object_set_new(k, "projected_score", jnum(kg->has_projection && !row->bound, kg->projected_score));
    int level = row->bound && kg->has_current && kg->observed_days;
    json_object_set_new(k, "met", jbool_or_null(level, kg->met));
    json_object_set_new(k, "held", jbool_or_null(level, kg->held));
    json_object_set_new(k, "holds_now", jbool_or_null(level, kg->holds_now));
    json_object_set_new(k, "observed_days", level ? jcount(kg->observed_days) : json_null());
    json_object_set_new(k, "breach_days", level ? jcount(kg->breach_days) : json_null());
    json_object_set_new(k, "breach_day", jdate(row->has_breach_day, row->breach_day));
    json_object_set_new(k, "worst", jnum(level && kg->has_worst, kg->worst));
    json_object_set_new(k, "recovered_day", jdate(level && kg->has_recovered_day, kg->recovered_day));
    json_object_set_new(k, "observations", jcount(kg->observations));
    const char *verdict = rpt_verdict_slug(row->verdict);
    json_object_set_new(k, "verdict", verdict ? json_string(verdict) : json_null());
    json_object_set_new(k, "effective_day", jdate(!row->not_started, kg->effective_day));
    json_object_set_new(k, "no_data_reason", jstr(row->no_data_reason));
    json_object_set_new(k, "rollup", jnum(kg->has_rollup, kg->rollup));
    return k;
}

static json_t *json_counter(const rpt_counter_row *row)
{
    const okr_counter_grade *cg = row->grade;
    json_t *o = json_object();
    json_object_set_new(o, "metric", jstr(row->metric_qualified));
    json_object_set_new(o, "unit", jstr(row->unit));
    json_object_set_new(o, "form", json_string(rpt_form_slug(cg->counter->target.kind)));
    json_object_set_new(o, "bound", jnum(row->has_bound, row->bound_value));
    json_object_set_new(o, "current", jnum(cg->has_current, cg->current));
    json_object_set_new(o, "state", json_string(row->state));
    json_object_set_new(o, "breached", json_boolean(cg->breached));
    json_object_set_new(o, "breach_day", jdate(cg->breached, cg->breach_day));
    int bound = cg->counter->target.kind != OKR_TARGET_NO_WORSE && cg->observed_days;
    json_object_set_new(o, "observed_days", bound ? jcount(cg->observed_days) : json_null());
    json_object_set_new(o, "breach_days", bound ? jcount(cg->breach_days) : json_null());
    json_object_set_new(o, "recovered_day", jdate(bound && cg->has_recovered_day, cg->recovered_day));
    json_object_set_new(o, "worst", jnum((cg->observations > 0 && !cg->non_finite) || cg->breached, cg->worst));
    json_object_set_new(o, "observations", jcount(cg->observations));
    json_object_set_new(o, "no_data_reason", jstr(row->no_data_reason));
    return o;
}

/* CONTRIBUTOR: an objective aligned to this one (spec.md, "Roll-up"). */
static json_t *json_contributor(const rpt_contributor *row)
{
    const okr_contributor *c = row->link;
    const okr_objective_grade *cg = c->grade;
    json_t *o = json_object();
    json_object_set_new(o, "objective", jstr(row->objective->qualified));
    json_object_set_new(o, "owner", jstr(row->objective->owner));
    json_object_set_new(o, "key_result", jstr(row->through));
    json_object_set_new(o, "weight", json_real(c->weight));
    json_object_set_new(o, "score", jnum(row->objective->scored, cg->score));
    json_object_set_new(o, "rollup", jnum(cg->has_rollup, cg->rollup));
    const char *v = rpt_verdict_slug(cg->verdict), *st = rpt_status_slug(cg->status),
               *rst = rpt_status_slug(cg->rollup_status);
    json_object_set_new(o, "verdict", v ? json_string(v) : json_null());
    json_object_set_new(o, "status", st ? json_string(st) : json_null());
    json_object_set_new(o, "rollup_status", rst ? json_string(rst) : json_null());
    json_object_set_new(o, "counted", json_boolean(c->skip == OKR_ROLLUP_COUNTED));
    json_object_set_new(o, "not_counted", c->skip == OKR_ROLLUP_COUNTED ? json_null()
                                                                       : json_string(okr_rollup_skip_name(c->skip)));
    return o;
}

/* The roll-up fields, after the objective's own (schema version 1 grows
 * by addition only). */
static void json_objective_rollup(json_t *o, const rpt_objective *ob)
{
    const okr_objective_grade *og = ob->grade;
    json_object_set_new(o, "rollup", jnum(og->has_rollup, og->rollup));
    const char *rst = rpt_status_slug(og->rollup_status);
    json_object_set_new(o, "rollup_status", rst ? json_string(rst) : json_null());
    json_t *list = json_array();
    for (size_t i = 0; i < ob->contributor_count; i++)
        json_array_append_new(list, json_contributor(&ob->contributors[i]));
    json_object_set_new(o, "contributors", list);
}

/* ---- human check-ins (spec.md, "Human check-ins"): only with --checkins ---- */

static json_t *json_checkin_disagreement(okr_disagreement d)
{
    switch (d) {
    case OKR_DISAGREE_CONFIDENT: return json_string("owner_confident");
    case OKR_DISAGREE_DOUBTFUL: return json_string("owner_doubtful");
    case OKR_DISAGREE_NONE: break;
    }
    return json_null();
}

/* A key result's "checkin": its latest check-in up to the as-of day, or null. */
static void json_kr_checkin(json_t *k, const rpt_kr_row *row)
{
    const okr_kr_grade *kg = row->grade;
    const struct okr_checkin *c = kg->checkin;
    if (!c) {
        json_object_set_new(k, "checkin", json_null());
        return;
    }
    json_t *cj = json_object();
    json_object_set_new(cj, "date", jdate(1, c->day));
    json_object_set_new(cj, "confidence", json_integer(c->confidence));
    json_object_set_new(cj, "note", jstr(row->checkin_note));
    json_object_set_new(cj, "previous_date", jdate(kg->previous != NULL, kg->previous ? kg->previous->day : 0));
    json_object_set_new(cj, "previous_confidence",
                        kg->previous ? json_integer(kg->previous->confidence) : json_null());
    json_object_set_new(cj, "count", jcount(kg->checkin_count));
    json_object_set_new(cj, "disagreement", json_checkin_disagreement(kg->disagreement));
    json_object_set_new(k, "checkin", cj);
}

static json_t *json_checkins(const okr_grade_result *r)
{
    json_t *c = json_object();
    json_object_set_new(c, "files", jcount(r->checkin_files));
    json_object_set_new(c, "rows", jcount(r->checkin_rows));
    json_object_set_new(c, "rejected", jcount(r->checkin_rejected));
    json_object_set_new(c, "checked_in", jcount(r->checked_in));
    json_object_set_new(c, "disagreements", jcount(r->disagreements));
    return c;
}

static json_t *json_objective(const rpt_objective *ob, int checkins)
{
    const okr_objective_grade *og = ob->grade;
    const okr_objective *obj = og->objective;
    const okr_cycle_decl *c = obj->cycle;
    json_t *o = json_object();
    json_object_set_new(o, "name", jstr(obj->name.text));
    json_object_set_new(o, "qualified", jstr(ob->qualified));
    json_object_set_new(o, "archetype", json_string(okr_archetype_name(og->archetype)));
    json_object_set_new(o, "statement", jstr(obj->statement.text));
    json_object_set_new(o, "owner", jstr(obj->owner->text));
    json_object_set_new(o, "cycle", jstr(c ? c->label : NULL));
    json_object_set_new(o, "cycle_start", jdate(c && c->ok, c ? c->start_day : 0));
    json_object_set_new(o, "cycle_end", jdate(c && c->ok, c ? c->end_day : 0));
    json_object_set_new(o, "in_progress", json_boolean(og->in_progress));
    json_object_set_new(o, "as_of", jdate(1, og->as_of_day));
    json_object_set_new(o, "elapsed", jnum(1, og->elapsed));
    json_object_set_new(o, "score", jnum(ob->scored, og->score));
    okr_verdict v = og->verdict;
    json_object_set_new(o, "verdict", rpt_verdict_slug(v) ? json_string(rpt_verdict_slug(v)) : json_null());
    json_object_set_new(o, "status", rpt_status_slug(og->status) ? json_string(rpt_status_slug(og->status)) : json_null());
    json_object_set_new(o, "healthy", json_boolean(og->healthy));
    json_object_set_new(o, "target_too_low", json_boolean(og->target_too_low));
    json_object_set_new(o, "graded", jcount(og->graded));
    json_t *krs = json_array();
    for (size_t i = 0; i < og->kr_count; i++) {
        json_t *k = json_kr(&ob->krs[i]);
        if (checkins)
            json_kr_checkin(k, &ob->krs[i]);
        json_array_append_new(krs, k);
    }
    if (checkins)
        json_object_set_new(o, "disagreements", jcount(og->disagreements));
    json_object_set_new(o, "key_results", krs);
    json_t *counters = json_array();
    for (size_t i = 0; i < og->counter_count; i++)
        json_array_append_new(counters, json_counter(&ob->counters[i]));
    json_object_set_new(o, "counter_metrics", counters);
    json_objective_rollup(o, ob);
    return o;
}

static int write_json(const writer *w)
{
    const okr_grade_result *r = w->in->result;
    const rpt_model *model = w->model;
    const rpt_totals *t = &model->totals;
    json_t *root = json_object();
    json_object_set_new(root, "version", json_integer(1));
    char gen[RPT_TEXT_LEN];
    snprintf(gen, sizeof gen, "okrc %s", rpt_tool_version(w->in));
    json_object_set_new(root, "generator", jstr(gen));
    json_object_set_new(root, "grading_day", jdate(1, r->grading_day));
    json_object_set_new(root, "at_given", json_boolean(r->at_given));

    json_t *cycles = json_array();
    for (size_t i = 0; i < model->cycle_count; i++) {
        const rpt_cycle *rc = &model->cycles[i];
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
    json_object_set_new(root, "unknown_metrics", json_unknown(&model->unknown));

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
    if (r->has_checkins)
        json_object_set_new(root, "checkins", json_checkins(r));

    json_t *teams = json_array();
    for (size_t i = 0; i < model->team_count; i++) {
        const rpt_team *team = &model->teams[i];
        json_t *tj = json_object();
        json_object_set_new(tj, "name", jstr(team->name));
        json_object_set_new(tj, "title", jstr(team->title));
        json_object_set_new(tj, "owner", jstr(team->owner));
        json_t *objs = json_array();
        for (size_t k = 0; k < team->count; k++)
            json_array_append_new(objs, json_objective(team->objectives[k], r->has_checkins));
        json_object_set_new(tj, "objectives", objs);
        json_array_append_new(teams, tj);
    }
    json_object_set_new(root, "teams", teams);
    if (r->history)
        json_object_set_new(root, "history", rpt_json_history(model));
    json_object_set_new(root, "exit_status", json_integer(t->exit_status));

    /* Twelve significant digits: enough for any measurement, without the
     * binary noise of 12.124599999999999. */
    int rc = json_dumpf(root, w->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    json_decref(root);
    if (rc == 0)
        fputc('\n', w->out);
    return rc == 0 ? 0 : -1;
}

int rpt_write_json(FILE *out, const rpt_model *model)
{
    writer w = {out, model->in, model};
    return write_json(&w);
}
