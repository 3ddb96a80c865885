/* rules_archetype.c: the three archetypes (spec.md, "Archetypes").
 *
 * Committed objectives must reach 1.0, aspirational ones aim at 0.7 and
 * must stretch, learning ones test hypotheses. Mixing them (a hypothesis in
 * a committed objective, an uptime floor in an aspirational one, plain
 * targets in a learning one, a target without a baseline outside learning,
 * an `expect` that contradicts the archetype) is what makes OKR programmes
 * fail, so these are errors. Codes OKR4xx. */
#include <math.h>

#include "passes.h"
#include "prefetch.h"

static void check_expect(okr_program *prog, const okr_objective *obj, okr_archetype arch)
{
    okr_diags *diags = &prog->diags;
    okr_diag *d = NULL;
    double e = obj->expect->value;
    const okr_policy *pol = &prog->policy;
    if (obj->expect->unit || e < 0 || e > 1) {
        d = okr_diag_report(diags, OKR406, obj->expect->span, "expected score of '%s' must lie in 0..1",
                            obj->name.text);
        okr_diag_help(diags, d, "write the planned score as a fraction, e.g. `expect 0.7`");
        return;
    }
    switch (arch) {
    case OKR_ARCH_COMMITTED:
        if (e != 1.0) {
            d = okr_diag_report(diags, OKR406, obj->expect->span,
                                "committed objective '%s' expects %g, but committed objectives must reach 1.0",
                                obj->name.text, e);
            okr_diag_help(diags, d, "make it aspirational if %g is the plan, or expect 1.0", e);
        }
        break;
    case OKR_ARCH_ASPIRATIONAL:
        if (e == 1.0) {
            d = okr_diag_report(diags, OKR406, obj->expect->span,
                                "aspirational objective '%s' expects 1.0: the targets are too low to stretch",
                                obj->name.text);
            okr_diag_help(diags, d, "raise the targets so %g..%g is the likely result, or make it committed",
                          pol->aspirational_expect_min, pol->aspirational_expect_max);
        } else if (e < pol->aspirational_expect_min || e > pol->aspirational_expect_max) {
            d = okr_diag_report(diags, OKR406, obj->expect->span,
                                "aspirational objective '%s' expects %g; aspirational objectives plan for %g..%g",
                                obj->name.text, e, pol->aspirational_expect_min, pol->aspirational_expect_max);
            okr_diag_help(diags, d, "set targets that make %g..%g the likely result",
                          pol->aspirational_expect_min, pol->aspirational_expect_max);
        }
        break;
    case OKR_ARCH_LEARNING:
        d = okr_diag_report(diags, OKR406, obj->expect->span,
                            "learning objective '%s' takes no expected score", obj->name.text);
        okr_diag_help(diags, d, "learning objectives are graded confirmed, refuted or inconclusive; remove `expect`");
        break;
    case OKR_ARCH_NONE:
        break;
    }
}

static void check_objective(okr_program *prog, const okr_objective *obj)
{
    okr_diags *diags = &prog->diags;
    okr_diag *d;
    okr_archetype arch = okr_objective_archetype(obj);
    if (obj->archetype == OKR_ARCH_NONE) {
        d = okr_diag_report(diags, OKR407, obj->name.span, "objective '%s' has no archetype", obj->name.text);
        okr_diag_help(diags, d, "write `committed objective`, `aspirational objective` or `learning objective`; "
                                "okrc treats it as aspirational");
    }
    int moves = 0, holds = 0;
    for (size_t i = 0; i < obj->krs.len; i++) {
        const okr_kr *kr = obj->krs.items[i];
        if (kr->is_hypothesis && arch != OKR_ARCH_LEARNING) {
            d = okr_diag_report(diags, OKR401, okr_kr_keyword_span(kr), "hypothesis %s in %s objective '%s'",
                                okr_kr_display(&prog->arena, kr), okr_archetype_name(arch), obj->name.text);
            okr_diag_help(diags, d, "write `kr` here, or move the hypothesis to a learning objective");
        } else if (!kr->is_hypothesis && arch == OKR_ARCH_LEARNING) {
            d = okr_diag_report(diags, OKR402, okr_kr_keyword_span(kr),
                                "plain key result %s in learning objective '%s'",
                                okr_kr_display(&prog->arena, kr), obj->name.text);
            okr_diag_help(diags, d, "write `hypothesis` if it tests an assumption; a performance target belongs "
                                    "in a committed or aspirational objective");
        }
        if (kr->metric_decl && kr->metric_decl->operational && arch == OKR_ARCH_ASPIRATIONAL) {
            d = okr_diag_report(diags, OKR403, kr->metric->span,
                                "operational metric '%s' in aspirational objective '%s'", kr->metric->text,
                                obj->name.text);
            okr_diag_help(diags, d, "move this key result to a committed objective, or guard the metric with "
                                    "`counter %s ...` instead", kr->metric->text);
            okr_diag_note(diags, d, kr->metric_decl->operational_span, "'%s' is flagged operational here",
                          kr->metric_decl->name.text);
        }
        if (kr->target.kind == OKR_TARGET_FROM_TO && kr->target.baseline_unknown && arch != OKR_ARCH_LEARNING) {
            d = okr_diag_report(diags, OKR405, kr->target.baseline.span,
                                "key result %s has no baseline (`from ?`) in %s objective '%s'", okr_kr_display(&prog->arena, kr),
                                okr_archetype_name(arch), obj->name.text);
            okr_diag_help(diags, d, "measure first: a learning objective with `hypothesis ... from ? to ...`, "
                                    "then set the target once data exists");
        }
        if (kr->target.kind == OKR_TARGET_FROM_TO || kr->target.kind == OKR_TARGET_BY)
            moves++;
        else if (kr->target.kind == OKR_TARGET_AT_LEAST || kr->target.kind == OKR_TARGET_AT_MOST)
            holds++;
    }
    if (arch == OKR_ARCH_ASPIRATIONAL && holds > 0 && moves == 0) {
        d = okr_diag_report(diags, OKR404, obj->name.span,
                            "aspirational objective '%s' only holds levels: no key result moves a metric",
                            obj->name.text);
        okr_diag_help(diags, d, "make it committed, or add a key result `from BASELINE to TARGET` that stretches");
    }
    if (obj->has_expect)
        check_expect(prog, obj, arch);
}

/* Objectives [from, to): each judged alone (okr_pass_chunked). */
static void archetype_walk(okr_program *view, size_t from, size_t to, void *ctx)
{
    (void)ctx;
    for (size_t i = from; i < to; i++) {
        okr_pass_prefetch(view, i, OKR_PREFETCH_KRS | OKR_PREFETCH_METRICS);
        check_objective(view, view->objectives.items[i]);
    }
}

void okr_pass_archetypes(okr_program *prog)
{
    okr_pass_chunked(prog, prog->objectives.len, archetype_walk, NULL);
}
