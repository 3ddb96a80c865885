/* rollup.c: roll-up along alignment (spec.md, "Roll-up").
 *
 * The last step of grading. It reads the graded objectives and the
 * checker's resolved `aligns` links and fills, per objective, the list of
 * objectives aligned to it (directly or through one of its key results),
 * its roll-up score and its roll-up status, and per key result the roll-up
 * of the objectives aligned to it. The report writers only read these.
 *
 * Invariants:
 * - A link on an alignment cycle (OKR106, which reaches grading only when a
 *   suppression lets it) takes no part: the strongly connected components
 *   of the link graph are found first (Tarjan's algorithm, iterative so a
 *   100,000-long chain cannot exhaust the C stack), and a link inside one
 *   is skipped. What remains is acyclic, and Tarjan emits components in an
 *   order where every contributor is finished before the objective it
 *   aligns to: each roll-up is computed once, in linear time, whatever
 *   the order of the files, and always terminates.
 * - A contributor counts at most once per objective: a second link of the
 *   same objective into it (to it and to one of its key results, or twice)
 *   is skipped, so nothing is counted twice. A contributor that aligns
 *   through a key result counts inside that key result's roll-up only, and
 *   reaches the objective with the key result's weight.
 * - Values without a score are left out, never counted as 0, as in the
 *   objective's own score. */
#include <math.h>
#include <string.h>

#include "grade.h"

#define ROLLUP_EPSILON 1e-9

static double snap(double v)
{
    if (fabs(v - 1.0) < ROLLUP_EPSILON || v > 1.0)
        return 1.0;
    if (fabs(v) < ROLLUP_EPSILON || v < 0.0)
        return 0.0;
    return v;
}

static size_t kr_index_of(const okr_objective *obj, const okr_kr *kr)
{
    for (size_t i = 0; i < obj->krs.len; i++)
        if (obj->krs.items[i] == kr)
            return i;
    return obj->krs.len;
}

/* The link names an objective that this grading result holds. */
static int link_is_graded(const okr_grade_result *r, const okr_align *a)
{
    return a->objective && a->objective->index < r->objective_count &&
           r->objectives[a->objective->index].objective == a->objective;
}

/* The contributor lists: every resolved link of every graded objective, at
 * the objective it names, in program order of the aligning objectives. */
static void list_contributors(okr_arena *arena, okr_grade_result *r)
{
    size_t n = r->objective_count;
    for (size_t i = 0; i < n; i++) {
        const okr_objective *c = r->objectives[i].objective;
        for (size_t j = 0; j < c->aligns.len; j++) {
            const okr_align *a = c->aligns.items[j];
            if (!link_is_graded(r, a))
                continue;
            r->objectives[i].aligned_to++;
            r->objectives[a->objective->index].contributor_count++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        okr_objective_grade *og = &r->objectives[i];
        if (og->contributor_count)
            og->contributors = okr_arena_alloc(arena, og->contributor_count * sizeof *og->contributors);
        og->contributor_count = 0;
    }
    for (size_t i = 0; i < n; i++) {
        const okr_objective *c = r->objectives[i].objective;
        for (size_t j = 0; j < c->aligns.len; j++) {
            const okr_align *a = c->aligns.items[j];
            if (!link_is_graded(r, a))
                continue;
            okr_objective_grade *parent = &r->objectives[a->objective->index];
            okr_contributor *k = &parent->contributors[parent->contributor_count++];
            memset(k, 0, sizeof *k);
            k->grade = &r->objectives[i];
            k->align = a;
            k->weight = a->has_weight && !a->weight->unit && a->weight->value > 0 ? a->weight->value : 1.0;
            if (a->kr) {
                k->kr_index = kr_index_of(a->objective, a->kr);
                k->through_kr = k->kr_index < parent->kr_count;
                if (k->through_kr)
                    parent->krs[k->kr_index].contributor_count++;
            }
        }
    }
}

/* One weighted mean being summed. */
typedef struct mean {
    double sum, weights;
} mean;

static void mean_add(mean *m, double weight, double value)
{
    m->sum += weight * value;
    m->weights += weight;
}

/* The roll-up of one objective whose contributors outside its component
 * are all finished; `component` gives each objective's component. */
static void rollup_objective(okr_grade_result *r, const size_t *component, size_t i)
{
    okr_objective_grade *og = &r->objectives[i];
    og->rollup_status = og->status;
    for (size_t k = 0; k < og->contributor_count; k++) {
        okr_contributor *c = &og->contributors[k];
        size_t ci = (size_t)(c->grade - r->objectives);
        if (component[ci] == component[i])
            c->skip = OKR_ROLLUP_CYCLE;
        else if (k > 0 && og->contributors[k - 1].grade == c->grade)
            c->skip = OKR_ROLLUP_REPEATED;
        else if (og->archetype == OKR_ARCH_LEARNING)
            c->skip = OKR_ROLLUP_LEARNING;
        else if (!c->grade->has_rollup)
            c->skip = OKR_ROLLUP_NO_SCORE;
        if ((c->skip == OKR_ROLLUP_COUNTED || c->skip == OKR_ROLLUP_NO_SCORE || c->skip == OKR_ROLLUP_LEARNING) &&
            c->grade->rollup_status > og->rollup_status)
            og->rollup_status = c->grade->rollup_status;
    }
    if (og->archetype == OKR_ARCH_LEARNING)
        return; /* graded on what was learned: never a number */
    mean whole = {0, 0};
    for (size_t j = 0; j < og->kr_count; j++) {
        okr_kr_grade *kg = &og->krs[j];
        mean m = {0, 0};
        if (kg->has_score && !kg->kr->is_hypothesis)
            mean_add(&m, 1.0, kg->score);
        for (size_t k = 0; k < og->contributor_count; k++) {
            const okr_contributor *c = &og->contributors[k];
            if (c->through_kr && c->kr_index == j && c->skip == OKR_ROLLUP_COUNTED) {
                mean_add(&m, c->weight, c->grade->rollup);
                kg->has_rollup = 1;
            }
        }
        if (kg->has_rollup)
            kg->rollup = snap(m.sum / m.weights);
        double weight = kg->kr->has_weight && kg->kr->more->weight.value > 0 ? kg->kr->more->weight.value : 1.0;
        if (kg->has_rollup)
            mean_add(&whole, weight, kg->rollup);
        else if (kg->has_score && !kg->kr->is_hypothesis)
            mean_add(&whole, weight, kg->score);
    }
    for (size_t k = 0; k < og->contributor_count; k++) {
        const okr_contributor *c = &og->contributors[k];
        if (!c->through_kr && c->skip == OKR_ROLLUP_COUNTED)
            mean_add(&whole, c->weight, c->grade->rollup);
    }
    if (whole.weights > 0) {
        og->has_rollup = 1;
        og->rollup = snap(whole.sum / whole.weights);
    }
}

/* Tarjan's strongly connected components over "objective -> its
 * contributors", without recursion. A component is emitted only after
 * every component its members' contributors belong to, so rolling each
 * one up as it is emitted finds its contributors finished. */
typedef struct tarjan {
    size_t *index, *low, *component, *stack, *frame_node, *frame_next;
    unsigned char *on_stack;
    size_t next_index, stack_len, components;
} tarjan;

static void tarjan_visit(okr_grade_result *r, tarjan *t, size_t root)
{
    const size_t unvisited = (size_t)-1;
    size_t depth = 0;
    t->frame_node[depth] = root;
    t->frame_next[depth] = 0;
    t->index[root] = t->low[root] = t->next_index++;
    t->stack[t->stack_len++] = root;
    t->on_stack[root] = 1;
    for (;;) {
        size_t v = t->frame_node[depth];
        const okr_objective_grade *og = &r->objectives[v];
        if (t->frame_next[depth] < og->contributor_count) {
            size_t w = (size_t)(og->contributors[t->frame_next[depth]++].grade - r->objectives);
            if (t->index[w] == unvisited) {
                t->index[w] = t->low[w] = t->next_index++;
                t->stack[t->stack_len++] = w;
                t->on_stack[w] = 1;
                depth++;
                t->frame_node[depth] = w;
                t->frame_next[depth] = 0;
            } else if (t->on_stack[w] && t->index[w] < t->low[v]) {
                t->low[v] = t->index[w];
            }
            continue;
        }
        if (t->low[v] == t->index[v]) {
            size_t comp = t->components++, first = t->stack_len;
            do {
                first--;
                t->on_stack[t->stack[first]] = 0;
                t->component[t->stack[first]] = comp;
            } while (t->stack[first] != v);
            for (size_t s = first; s < t->stack_len; s++)
                rollup_objective(r, t->component, t->stack[s]);
            t->stack_len = first;
        }
        if (depth == 0)
            return;
        depth--;
        size_t parent = t->frame_node[depth];
        if (t->low[v] < t->low[parent])
            t->low[parent] = t->low[v];
    }
}

void okr_rollup(okr_arena *arena, okr_grade_result *result)
{
    size_t n = result->objective_count;
    if (n == 0)
        return;
    list_contributors(arena, result);
    tarjan t = {0};
    size_t bytes = n * sizeof(size_t);
    t.index = okr_arena_alloc(arena, bytes);
    t.low = okr_arena_alloc(arena, bytes);
    t.component = okr_arena_alloc(arena, bytes);
    t.stack = okr_arena_alloc(arena, bytes);
    t.frame_node = okr_arena_alloc(arena, bytes);
    t.frame_next = okr_arena_alloc(arena, bytes);
    t.on_stack = okr_arena_alloc(arena, n);
    memset(t.index, 0xff, bytes);
    memset(t.on_stack, 0, n);
    for (size_t i = 0; i < n; i++)
        if (t.index[i] == (size_t)-1)
            tarjan_visit(result, &t, i);
}

const char *okr_rollup_skip_name(okr_rollup_skip skip)
{
    switch (skip) {
    case OKR_ROLLUP_COUNTED: return "";
    case OKR_ROLLUP_CYCLE: return "cycle";
    case OKR_ROLLUP_REPEATED: return "repeated";
    case OKR_ROLLUP_LEARNING: return "learning";
    case OKR_ROLLUP_NO_SCORE: return "no_score";
    }
    return "";
}
