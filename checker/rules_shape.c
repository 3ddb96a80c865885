/* rules_shape.c: the shape of objectives and teams (spec.md, "Shape").
 *
 * How many key results an objective has (policy: krs_per_objective), how
 * many objectives a team has per cycle (policy: objectives_per_team),
 * counter-metrics on aspirational objectives, and counter-metrics that are
 * bounds on other metrics than the ones the key results push, and an
 * objective's `owner` written right after a key result (OKR507: the grammar
 * reads it as the objective's, which is rarely what was meant once key
 * results have owners of their own; judged on the order of the items, not
 * on lines, so that `okrc fmt` never changes the finding). Codes OKR5xx. */
#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "prefetch.h"

static void check_counters(okr_program *prog, const okr_objective *obj, okr_archetype arch)
{
    okr_diags *diags = &prog->diags;
    okr_diag *d;
    if (arch == OKR_ARCH_ASPIRATIONAL && obj->counters.len == 0 && obj->krs.len > 0 && !obj->damaged) {
        d = okr_diag_report(diags, OKR504, obj->name.span, "aspirational objective '%s' has no counter-metric",
                            obj->name.text);
        okr_diag_help(diags, d, "name what must not degrade while you push: `counter METRIC at most VALUE` "
                                "or `counter METRIC no worse than baseline`");
    }
    for (size_t i = 0; i < obj->counters.len; i++) {
        const okr_counter *c = obj->counters.items[i];
        okr_target_kind k = c->target.kind;
        if (k == OKR_TARGET_NONE || k == OKR_TARGET_FROM_TO || k == OKR_TARGET_BY) {
            d = okr_diag_report(diags, OKR506, k == OKR_TARGET_NONE ? c->span : c->target.span,
                                k == OKR_TARGET_NONE ? "counter-metric '%s' has no bound"
                                                     : "counter-metric '%s' has a target, not a bound",
                                c->metric->text);
            okr_diag_help(diags, d, "write `counter %s at least VALUE`, `at most VALUE` or `no worse than baseline`%s",
                          c->metric->text, k == OKR_TARGET_NONE ? "" : "; if it should move, make it a `kr`");
        }
        if (!c->metric_decl)
            continue;
        for (size_t j = 0; j < obj->krs.len; j++) {
            const okr_kr *kr = obj->krs.items[j];
            if (kr->metric_decl == c->metric_decl) {
                d = okr_diag_report(diags, OKR505, c->metric->span,
                                    "counter-metric '%s' guards the metric key result %s moves",
                                    c->metric->text, okr_kr_display(&prog->arena, kr));
                okr_diag_note(diags, d, kr->metric->span, "key result %s moves it here", okr_kr_display(&prog->arena, kr));
                okr_diag_help(diags, d, "guard a metric the push could degrade instead (support tickets, "
                                        "churn, latency, unsubscribe rate)");
                break;
            }
        }
    }
}

/* `kr a : m from 1 to 2 owner "Sam"`: the owner right after a key result
 * is the objective's item (spec.md, "Grammar"), not the key result's. A
 * title-only key result (no `:`) is left to OKR301/OKR302. */
static void check_owner_order(okr_program *prog, const okr_objective *obj)
{
    for (size_t i = 1; i < obj->items.len; i++) {
        const okr_obj_item *item = &obj->items.items[i], *prev = &obj->items.items[i - 1];
        if (item->kind != OKR_OBJ_OWNER || prev->kind != OKR_OBJ_KR)
            continue;
        const okr_kr *kr = prev->node;
        const okr_string *owner = item->node;
        if (!kr->metric)
            continue;
        okr_diag *d = okr_diag_report(&prog->diags, OKR507, okr_obj_item_span(item),
                                      "`owner` right after key result %s sets the objective's owner",
                                      okr_kr_display(&prog->arena, kr));
        okr_diag_help(&prog->diags, d,
                      "for the key result's own owner write `owner \"%s\"` before its `:`; for the objective's, "
                      "write `owner` before the key results",
                      owner->text ? owner->text : "Name");
    }
}

static void check_objective(okr_program *prog, const okr_objective *obj)
{
    okr_diags *diags = &prog->diags;
    const okr_policy *pol = &prog->policy;
    okr_diag *d;
    size_t n = obj->krs.len;
    okr_archetype arch = okr_objective_archetype(obj);
    const char *kind = arch == OKR_ARCH_LEARNING ? "hypotheses" : "key results";
    if (obj->damaged) {
        /* A syntax error inside the block may have dropped key results:
         * counting what is left would only repeat it. */
    } else if (n == 0) {
        d = okr_diag_report(diags, OKR501, obj->name.span, "objective '%s' has no %s", obj->name.text, kind);
        okr_diag_help(diags, d, "add %d to %d %s that would show the objective was reached", pol->krs_min,
                      pol->krs_max, kind);
    } else if (n < (size_t)pol->krs_min || n > (size_t)pol->krs_max) {
        d = okr_diag_report(diags, OKR502, obj->name.span, "objective '%s' has %zu %s; the workable range is %d to %d",
                            obj->name.text, n, n == 1 ? (arch == OKR_ARCH_LEARNING ? "hypothesis" : "key result") : kind,
                            pol->krs_min, pol->krs_max);
        if (n < (size_t)pol->krs_min)
            okr_diag_help(diags, d, "one key result usually restates a metric as an objective: add the other "
                                    "signals that would show success");
        else
            okr_diag_help(diags, d, "keep the %d that best show the outcome; track the rest as health metrics",
                          pol->krs_max);
    }
    check_counters(prog, obj, arch);
    check_owner_order(prog, obj);
}

static int same_cycle(const okr_cycle_decl *a, const okr_cycle_decl *b)
{
    if (a == b)
        return 1;
    if (!a || !b || !a->label || !b->label)
        return 0;
    return strcmp(a->label, b->label) == 0;
}

/* Objectives [from, to): each judged alone (okr_pass_chunked). */
static void shape_walk(okr_program *view, size_t from, size_t to, void *ctx)
{
    (void)ctx;
    for (size_t i = from; i < to; i++) {
        okr_pass_prefetch(view, i, OKR_PREFETCH_KRS | OKR_PREFETCH_ITEMS);
        check_objective(view, view->objectives.items[i]);
    }
}

/* The objectives of one team that share a cycle (same_cycle: one cycle
 * node, or equal labels), in the order of their first objective. */
typedef struct cycle_group {
    const okr_objective *first, *over; /* over: the first past the limit */
    size_t count;
} cycle_group;

typedef struct team_groups {
    cycle_group *items;
    size_t len, cap;
} team_groups;

/* The group of OBJ among G's, made when it is the first of its cycle.
 * The last group found is tried first: a team's objectives come file by
 * file, one cycle a file. A team with g cycles costs n * g comparisons at
 * most, as the pass's one scan per cycle did. */
static cycle_group *group_of(team_groups *g, const okr_objective *obj, size_t *last)
{
    if (g->len && same_cycle(g->items[*last].first->cycle, obj->cycle))
        return &g->items[*last];
    for (size_t i = 0; i < g->len; i++) {
        if (same_cycle(g->items[i].first->cycle, obj->cycle)) {
            *last = i;
            return &g->items[i];
        }
    }
    if (g->len == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 16;
        g->items = realloc(g->items, g->cap * sizeof *g->items);
        if (!g->items)
            abort();
    }
    *last = g->len;
    g->items[g->len] = (cycle_group){obj, NULL, 0};
    return &g->items[g->len++];
}

/* Teams [from, to) (okr_pass_chunked_per): objectives per team and cycle,
 * reported at the first one over the limit, a team's cycles in the order
 * of their first objective. */
static void teams_walk(okr_program *view, size_t from, size_t to, void *ctx)
{
    (void)ctx;
    team_groups g = {0};
    size_t max = (size_t)view->policy.objectives_max;
    for (size_t i = from; i < to; i++) {
        const okr_team *team = view->teams.items[i];
        const okr_vec *objs = &team->objectives;
        g.len = 0;
        size_t last = 0;
        for (size_t k = 0; k < objs->len; k++) {
            if (k + 8 < objs->len)
                __builtin_prefetch(&((const okr_objective *)objs->items[k + 8])->cycle);
            const okr_objective *o = objs->items[k];
            cycle_group *grp = group_of(&g, o, &last);
            if (++grp->count == max + 1)
                grp->over = o;
        }
        for (size_t j = 0; j < g.len; j++) {
            const cycle_group *grp = &g.items[j];
            if (!grp->over)
                continue;
            const okr_cycle_decl *cycle = grp->first->cycle;
            okr_diag *d = okr_diag_report(&view->diags, OKR503, grp->over->name.span,
                                          "team '%s' has %zu objectives in cycle %s; the limit is %d", team->name,
                                          grp->count, cycle && cycle->label ? cycle->label : "(none)",
                                          view->policy.objectives_max);
            okr_diag_help(&view->diags, d, "focus on the %d that matter most and move the rest to the backlog",
                          view->policy.objectives_max);
        }
    }
    free(g.items);
}

void okr_pass_shape(okr_program *prog)
{
    okr_pass_chunked(prog, prog->objectives.len, shape_walk, NULL);
    okr_pass_chunked_per(prog, prog->teams.len, OKR_PASS_TEAMS_PER_JOB, teams_walk, NULL);
}
