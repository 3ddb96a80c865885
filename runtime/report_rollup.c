/* report_rollup.c: the roll-up part of the report model.
 *
 * Grading computed each objective's roll-up and the list of objectives
 * aligned to it (rollup.c); this file turns them into the words every
 * format shows (the contributor rows, the roll-up line of an objective and
 * of a key result) and lays out the alignment map the HTML report opens
 * with. It runs once the objective rows exist (rpt_model_build), reads
 * only grading's result and the rows, and derives no score or status.
 *
 * The map is built without recursion, and an objective is expanded only
 * where it first appears: a diamond or a cycle of links repeats a node,
 * never a subtree, so the map has at most one node per objective and per
 * link, and is at most RPT_MAP_DEPTH levels deep. */
#include "report_internal.h"

#include <string.h>

static const char *score_text(okr_arena *a, int has, double v)
{
    if (!has)
        return NULL;
    char buf[RPT_TEXT_LEN];
    snprintf(buf, sizeof buf, "%.2f", v);
    return okr_arena_strdup(a, buf);
}

static const char *skip_note(okr_rollup_skip skip)
{
    switch (skip) {
    case OKR_ROLLUP_COUNTED: return NULL;
    case OKR_ROLLUP_CYCLE: return "not counted: the link is on an alignment cycle";
    case OKR_ROLLUP_REPEATED: return "not counted again: it counts once, by its first link";
    case OKR_ROLLUP_LEARNING: return "not counted: a learning objective has no roll-up";
    case OKR_ROLLUP_NO_SCORE: return "not counted: no score";
    }
    return NULL;
}

/* The tone of a roll-up: its check-in status while the cycle runs, else
 * the archetype's bands, as an objective's score. */
static rpt_tone rollup_tone(const okr_objective_grade *og)
{
    if (og->rollup_status != OKR_STATUS_NONE)
        return rpt_status_tone(og->rollup_status);
    if (!og->has_rollup)
        return RPT_TONE_NONE;
    if (og->archetype == OKR_ARCH_COMMITTED)
        return og->rollup >= 1 - 1e-9 ? RPT_TONE_GOOD : RPT_TONE_BAD;
    return og->rollup >= 0.7 - 1e-9 ? RPT_TONE_GOOD : og->rollup >= 0.4 - 1e-9 ? RPT_TONE_MIXED : RPT_TONE_BAD;
}

static void contributors_build(rpt_model *model, rpt_objective *o)
{
    okr_arena *a = &model->arena;
    const okr_objective_grade *og = o->grade;
    const okr_grade_result *r = model->in->result;
    o->contributor_count = og->contributor_count;
    o->contributors = okr_arena_alloc(a, (og->contributor_count ? og->contributor_count : 1) * sizeof *o->contributors);
    for (size_t k = 0; k < og->contributor_count; k++) {
        const okr_contributor *c = &og->contributors[k];
        rpt_contributor *row = &o->contributors[k];
        char w[RPT_TEXT_LEN];
        row->link = c;
        row->objective = &model->objectives[c->grade - r->objectives];
        row->through = c->through_kr ? og->krs[c->kr_index].kr->label : NULL;
        rpt_format_number(c->weight, 1, w, sizeof w);
        row->weight = okr_arena_strdup(a, w);
        row->rollup = score_text(a, c->grade->has_rollup, c->grade->rollup);
        const char *status = rpt_status_text(c->grade->rollup_status);
        row->rollup_status = c->grade->contributor_count && *status ? status : NULL;
        row->note = skip_note(c->skip);
    }
}

static const char *objective_rollup_line(okr_arena *a, const okr_objective_grade *og, const char *rollup)
{
    if (!og->contributor_count)
        return NULL;
    size_t counted = 0, krs = 0;
    for (size_t k = 0; k < og->contributor_count; k++)
        counted += og->contributors[k].skip == OKR_ROLLUP_COUNTED;
    for (size_t j = 0; j < og->kr_count; j++)
        krs += (og->krs[j].has_score || og->krs[j].has_rollup) && !og->krs[j].kr->is_hypothesis;
    if (!rollup)
        return okr_arena_printf(a, "no roll-up; %zu of %zu aligned %s counted", counted, og->contributor_count,
                                rpt_plural(og->contributor_count, "objective", "objectives"));
    return okr_arena_printf(a, "roll-up %s: %zu %s, %zu of %zu aligned %s counted", rollup, krs,
                            rpt_plural(krs, "key result", "key results"), counted, og->contributor_count,
                            rpt_plural(og->contributor_count, "objective", "objectives"));
}

static void kr_rollups_build(okr_arena *a, rpt_objective *o)
{
    const okr_objective_grade *og = o->grade;
    for (size_t j = 0; j < og->kr_count; j++) {
        const okr_kr_grade *kg = &og->krs[j];
        if (!kg->has_rollup)
            continue;
        size_t counted = 0;
        for (size_t k = 0; k < og->contributor_count; k++)
            counted += og->contributors[k].through_kr && og->contributors[k].kr_index == j &&
                       og->contributors[k].skip == OKR_ROLLUP_COUNTED;
        o->krs[j].rollup = okr_arena_printf(a, "%.2f with %zu aligned %s", kg->rollup, counted,
                                            rpt_plural(counted, "objective", "objectives"));
    }
}

/* ================================================================ the map */

typedef struct map_frame {
    size_t objective, next, depth;
} map_frame;

typedef struct map_build {
    rpt_model *model;
    unsigned char *shown;
    map_frame *stack;
} map_build;

static rpt_map_node *map_emit(rpt_model *model, const rpt_objective *o, const rpt_contributor *via, size_t depth)
{
    rpt_map_node *node = &model->map[model->map_count++];
    node->objective = o;
    node->via = via;
    node->depth = depth;
    return node;
}

static void map_visit(map_build *b, size_t root)
{
    rpt_model *model = b->model;
    const okr_grade_result *r = model->in->result;
    size_t top = 0;
    map_emit(model, &model->objectives[root], NULL, 0);
    b->shown[root] = 1;
    b->stack[top++] = (map_frame){root, 0, 0};
    while (top) {
        map_frame *f = &b->stack[top - 1];
        const rpt_objective *o = &model->objectives[f->objective];
        if (f->next >= o->contributor_count) {
            top--;
            continue;
        }
        const rpt_contributor *c = &o->contributors[f->next++];
        size_t ci = (size_t)(c->link->grade - r->objectives), depth = f->depth + 1;
        rpt_map_node *node = map_emit(model, c->objective, c, depth);
        if (b->shown[ci]) {
            node->repeat = 1;
        } else if (depth >= RPT_MAP_DEPTH) {
            node->hidden = c->objective->contributor_count;
        } else {
            b->shown[ci] = 1;
            b->stack[top++] = (map_frame){ci, 0, depth};
        }
    }
}

/* Roots with contributors (the tops of trees), then roots on their own,
 * then whatever only a cycle reaches, each pass in program order. */
static void map_build_all(rpt_model *model)
{
    okr_arena *a = &model->arena;
    const okr_grade_result *r = model->in->result;
    size_t n = r->objective_count, links = 0;
    for (size_t i = 0; i < n; i++)
        links += r->objectives[i].contributor_count;
    model->map = okr_arena_alloc(a, (n + links + 1) * sizeof *model->map);
    map_build b = {model, okr_arena_alloc(a, n + 1), okr_arena_alloc(a, (n + 1) * sizeof(map_frame))};
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < n; i++) {
            const okr_objective_grade *og = &r->objectives[i];
            if (b.shown[i])
                continue;
            if ((pass == 0 && og->aligned_to == 0 && og->contributor_count) ||
                (pass == 1 && og->aligned_to == 0) || pass == 2)
                map_visit(&b, i);
        }
    }
}

void rpt_rollup_build(rpt_model *model)
{
    okr_arena *a = &model->arena;
    for (size_t i = 0; i < model->objective_count; i++) {
        rpt_objective *o = &model->objectives[i];
        const okr_objective_grade *og = o->grade;
        o->owner = og->objective->owner->text;
        o->rollup = score_text(a, og->has_rollup, og->rollup);
        const char *status = rpt_status_text(og->rollup_status);
        o->rollup_status = *status ? status : NULL;
        o->rollup_tone = rollup_tone(og);
        o->rollup_line = objective_rollup_line(a, og, o->rollup);
        contributors_build(model, o);
        kr_rollups_build(a, o);
    }
    map_build_all(model);
}
