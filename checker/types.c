/* types.c: types, units and directions (spec.md, "Units" and "Directions").
 *
 * Checks each metric declaration (direction present, currency known, score
 * range sane) and each key result's and counter-metric's values against the
 * metric: the unit fits the type, score values lie in range, the target
 * moves the way the metric improves, the target differs from the baseline,
 * bounds point the right way, weights are positive. Codes OKR2xx. A target
 * against the direction (OKR203) carries two fixes: change the target, or
 * redeclare the metric's direction.
 *
 * It also resolves what later stages read instead of converting again:
 * every metric's base_unit and every target's levels and change in base
 * units (okr_unit_resolve_target; fields documented in program.h). */
#include <math.h>
#include <string.h>

#include "passes.h"
#include "prefetch.h"

static void check_metric_decl(okr_program *prog, okr_metric_decl *m)
{
    okr_diags *diags = &prog->diags;
    okr_diag *d;
    if (m->direction == OKR_DIR_NONE) {
        d = okr_diag_report(diags, OKR207, m->name.span, "metric '%s' has no direction", m->name.text);
        okr_diag_help(diags, d, "add `increasing` if higher is better, `decreasing` if lower is better");
    } else if (m->more->repeated_direction.end > 0) {
        d = okr_diag_report(diags, OKR207, m->more->repeated_direction, "metric '%s' states its direction twice",
                            m->name.text);
        okr_diag_help(diags, d, "keep one of `increasing` and `decreasing`");
    }
    if (m->type == OKR_TYPE_MONEY && m->more->currency.text && !okr_is_currency_code(m->more->currency.text)) {
        d = okr_diag_report(diags, OKR206, m->more->currency.span, "unknown currency '%s'", m->more->currency.text);
        okr_diag_help(diags, d, "write an ISO 4217 code in capitals, such as USD, EUR or GBP");
    }
    if (m->type == OKR_TYPE_SCORE) {
        if (m->more->score_min.unit || m->more->score_max.unit) {
            d = okr_diag_report(diags, OKR208, m->type_span, "score range of '%s' has a unit", m->name.text);
            okr_diag_help(diags, d, "write the range as plain numbers: score(0..10)");
        } else if (m->more->score_min.value >= m->more->score_max.value) {
            d = okr_diag_report(diags, OKR208, m->type_span, "score range of '%s' is empty: %g..%g",
                                m->name.text, m->more->score_min.value, m->more->score_max.value);
            okr_diag_help(diags, d, "write the lower bound first: score(-100..100)");
        }
    }
}

static void check_in_range(okr_program *prog, const okr_metric_decl *m, const okr_quantity *q)
{
    if (m->type != OKR_TYPE_SCORE || m->more->score_min.value >= m->more->score_max.value)
        return;
    if (q->value < m->more->score_min.value || q->value > m->more->score_max.value) {
        okr_diag *d = okr_diag_report(&prog->diags, OKR202, q->span,
                                      "%g is outside the range %g..%g of score metric '%s'", q->value,
                                      m->more->score_min.value, m->more->score_max.value, m->name.text);
        okr_diag_help(&prog->diags, d, "use a value within %g..%g, or fix the metric's range",
                      m->more->score_min.value, m->more->score_max.value);
        okr_diag_note(&prog->diags, d, m->type_span, "the range is declared here");
    }
}

static const char *better(okr_direction dir)
{
    return dir == OKR_DIR_INCREASING ? "higher is better" : "lower is better";
}

/* The key result or counter-metric whose target is checked. Its name for
 * messages ("key result 'x'", "counter-metric 'y'") is formatted only when a
 * finding is reported: a clean program formats none. */
typedef struct subject {
    const okr_kr *kr;           /* NULL for a counter-metric */
    const okr_counter *counter; /* NULL for a key result */
} subject;

static const char *subject_text(okr_program *prog, subject who)
{
    if (who.kr)
        return okr_arena_printf(&prog->arena, "key result %s", okr_kr_display(&prog->arena, who.kr));
    return okr_arena_printf(&prog->arena, "counter-metric '%s'", who.counter->metric->text);
}

static const char *span_text(okr_program *prog, okr_span span)
{
    /* NULL: the file changed since its parse; its findings are set aside
     * (OKR011), so the text shown does not matter. */
    const char *text = okr_source_file_text(okr_source_get(&prog->sources, span.file));
    return text ? okr_arena_strndup(&prog->arena, text + span.start, span.end - span.start) : "";
}

static int declared_in_program(okr_program *prog, const okr_metric_decl *m)
{
    return m->direction_span.file != OKR_NO_FILE && m->direction_span.end > 0 &&
           !okr_source_get(&prog->sources, m->direction_span.file)->is_stdlib;
}

/* The end of OKR203's help: the other way out, when it is the user's. */
static const char *redeclare_help(okr_program *prog, const okr_metric_decl *m)
{
    if (!declared_in_program(prog, m))
        return okr_arena_printf(&prog->arena, " ('%s' comes from %s, whose direction is fixed)", m->name.text,
                                m->owner_name);
    return okr_arena_printf(&prog->arena, ", or declare '%s' as %s", m->name.text,
                            m->direction == OKR_DIR_INCREASING ? "decreasing" : "increasing");
}

/* The two fixes of OKR203 (spec.md, "OKR203 wrong-direction"), neither
 * machine-applicable since either may be what was meant: change the target
 * (swap baseline and target, flip the sign, write the other bound), or
 * declare the metric with the other direction when its declaration is in a
 * file of the program (a standard-library metric's direction is not the
 * user's to change). */
static void direction_fixes(okr_program *prog, okr_diag *d, const okr_metric_decl *m, const okr_target *t)
{
    if (!d)
        return;
    okr_diags *diags = &prog->diags;
    const char *text = okr_source_file_text(okr_source_get(&prog->sources, t->span.file));
    okr_fix *fix;
    if (!text)
        return; /* the file changed since its parse: OKR011 */
    if (t->kind == OKR_TARGET_FROM_TO) {
        fix = okr_diag_fix(diags, d, 0, "swap baseline and target");
        okr_fix_edit(diags, fix, t->baseline.span, span_text(prog, t->value.span));
        okr_fix_edit(diags, fix, t->value.span, span_text(prog, t->baseline.span));
    } else if (t->kind == OKR_TARGET_BY && (text[t->value.span.start] == '+' || text[t->value.span.start] == '-')) {
        const char *sign = text[t->value.span.start] == '+' ? "-" : "+";
        fix = okr_diag_fix(diags, d, 0, "flip the sign to `%s`", sign);
        okr_fix_edit(diags, fix, okr_span_make(t->span.file, t->value.span.start, t->value.span.start + 1), sign);
    } else if (t->kind == OKR_TARGET_AT_LEAST || t->kind == OKR_TARGET_AT_MOST) {
        /* The bound's second word: `at` white space `least`/`most`. */
        uint32_t at = t->span.start + 2;
        while (at < t->span.end && (text[at] == ' ' || text[at] == '\t'))
            at++;
        const char *word = t->kind == OKR_TARGET_AT_LEAST ? "least" : "most";
        const char *other = t->kind == OKR_TARGET_AT_LEAST ? "most" : "least";
        if (strncmp(text + t->span.start, "at", 2) == 0 && at + strlen(word) <= t->span.end &&
            strncmp(text + at, word, strlen(word)) == 0) {
            fix = okr_diag_fix(diags, d, 0, "write `at %s`", other);
            okr_fix_edit(diags, fix, okr_span_make(t->span.file, at, at + (uint32_t)strlen(word)), other);
        }
    }
    if (!declared_in_program(prog, m))
        return;
    const char *flipped = m->direction == OKR_DIR_INCREASING ? "decreasing" : "increasing";
    fix = okr_diag_fix(diags, d, 0, "declare '%s' %s", m->name.text, flipped);
    okr_fix_edit(diags, fix, m->direction_span, flipped);
}

/* OKR203 for a target that moves the metric the way it gets worse. */
static void report_wrong_way(okr_program *prog, const okr_metric_decl *m, const okr_target *t, subject who,
                             const char *fix)
{
    okr_diag *d = okr_diag_report(&prog->diags, OKR203, t->span, "%s moves '%s' the wrong way: %s",
                                  subject_text(prog, who), m->name.text, better(m->direction));
    okr_diag_help(&prog->diags, d, "%s%s", fix, redeclare_help(prog, m));
    okr_diag_note(&prog->diags, d, m->direction_span, "'%s' is declared %s here", m->name.text,
                  okr_direction_name(m->direction));
    direction_fixes(prog, d, m, t);
}

/* The target's values were normalised (and misfits reported) by
 * okr_unit_resolve_target just before; this reads what it stored. */
static void check_target(okr_program *prog, const okr_metric_decl *m, const okr_target *t, subject who)
{
    int is_counter = who.counter != NULL;
    okr_diags *diags = &prog->diags;
    okr_diag *d;
    switch (t->kind) {
    case OKR_TARGET_FROM_TO: {
        int ok_base = t->baseline_unknown || t->has_baseline_level;
        int ok_value = t->has_target_level;
        double base = t->baseline_level, value = t->target_level;
        if (ok_base && !t->baseline_unknown)
            check_in_range(prog, m, &t->baseline);
        if (ok_value)
            check_in_range(prog, m, &t->value);
        if (!ok_base || !ok_value || t->baseline_unknown || m->direction == OKR_DIR_NONE)
            return;
        if (base == value) {
            d = okr_diag_report(diags, OKR204, t->span, "%s asks for no change: the target equals the baseline",
                                subject_text(prog, who));
            okr_diag_help(diags, d, "to hold a level write `at least` or `at most` in a committed objective; "
                                    "otherwise set a target that moves the metric");
        } else if ((value < base) == (m->direction == OKR_DIR_INCREASING)) {
            report_wrong_way(prog, m, t, who, "swap baseline and target");
        }
        return;
    }
    case OKR_TARGET_BY: {
        if (!t->has_change)
            return;
        double value = t->change;
        if (value == 0) {
            d = okr_diag_report(diags, OKR204, t->span, "%s asks for no change", subject_text(prog, who));
            okr_diag_help(diags, d, "write the change the key result should make, e.g. `by +20%%`");
            return;
        }
        if (t->value.sign == 0) {
            d = okr_diag_report(diags, OKR210, t->value.span, "%s: `by` needs a signed change",
                                subject_text(prog, who));
            okr_diag_help(diags, d, "write `by %s%s`: the sign says which way the metric moves",
                          m->direction == OKR_DIR_DECREASING ? "-" : "+",
                          okr_arena_printf(&prog->arena, "%g%s", t->value.value, t->value.unit ? t->value.unit : ""));
            return;
        }
        if (m->direction != OKR_DIR_NONE && (value < 0) == (m->direction == OKR_DIR_INCREASING))
            report_wrong_way(prog, m, t, who, "flip the sign");
        if (t->change_is_relative && value <= -1.0) {
            d = okr_diag_report(diags, OKR201, t->value.span, "%s: a relative change of %g%% is impossible",
                                subject_text(prog, who), t->value.value);
            okr_diag_help(diags, d, "a metric can fall by at most 100%%; for an absolute change write the "
                                    "value in the metric's unit");
        }
        return;
    }
    case OKR_TARGET_AT_LEAST:
    case OKR_TARGET_AT_MOST:
        if (!t->has_target_level)
            return;
        check_in_range(prog, m, &t->value);
        if (m->direction != OKR_DIR_NONE &&
            (t->kind == OKR_TARGET_AT_LEAST) != (m->direction == OKR_DIR_INCREASING)) {
            const char *right = m->direction == OKR_DIR_INCREASING ? "at least" : "at most";
            d = okr_diag_report(diags, OKR203, t->span, "%s bounds '%s' the wrong way: %s",
                                subject_text(prog, who), m->name.text, better(m->direction));
            okr_diag_help(diags, d, "a %s guards against '%s' getting worse: write `%s`%s",
                          is_counter ? "counter-metric" : "threshold", m->name.text, right,
                          redeclare_help(prog, m));
            okr_diag_note(diags, d, m->direction_span, "'%s' is declared %s here", m->name.text,
                          okr_direction_name(m->direction));
            direction_fixes(prog, d, m, t);
        }
        return;
    case OKR_TARGET_NO_WORSE:
        if (!is_counter) {
            d = okr_diag_report(diags, OKR204, t->span, "%s asks for no change: `no worse than baseline` "
                                "is a counter-metric's bound", subject_text(prog, who));
            okr_diag_help(diags, d, "set a target that moves the metric, or make it `counter %s no worse than "
                                    "baseline`", m->name.text);
        }
        return;
    case OKR_TARGET_NONE:
        return;
    }
}

/* Objectives [from, to): each key result's and counter's target judged
 * and resolved alone, into its own node (okr_pass_chunked). */
static void objectives_walk(okr_program *prog, size_t from, size_t to, void *ctx)
{
    (void)ctx;
    for (size_t i = from; i < to; i++) {
        okr_pass_prefetch(prog, i, OKR_PREFETCH_KRS | OKR_PREFETCH_METRICS);
        okr_objective *obj = prog->objectives.items[i];
        for (size_t j = 0; j < obj->krs.len; j++) {
            okr_kr *kr = obj->krs.items[j];
            if (kr->has_weight && (kr->more->weight.unit || kr->more->weight.value <= 0)) {
                okr_diag *d = okr_diag_report(&prog->diags, OKR209, kr->more->weight.span,
                                              "weight of key result %s must be a positive number", okr_kr_display(&prog->arena, kr));
                okr_diag_help(&prog->diags, d, "weights are relative: `weight 2` counts twice as much as `weight 1`");
            }
            /* A key result damaged by a syntax or lexical error (`15 %`, a
             * number out of range) gets its values resolved but not judged:
             * the error already says what is wrong. */
            if (kr->metric_decl) {
                okr_unit_resolve_target(kr->damaged ? NULL : &prog->diags, kr->metric_decl, &kr->target);
                if (!kr->damaged)
                    check_target(prog, kr->metric_decl, &kr->target, (subject){.kr = kr});
            }
        }
        for (size_t j = 0; j < obj->aligns.len; j++) {
            const okr_align *al = obj->aligns.items[j];
            if (al->has_weight && (al->weight->unit || al->weight->value <= 0)) {
                okr_diag *d = okr_diag_report(&prog->diags, OKR209, al->weight->span,
                                              "weight of alignment '%s' must be a positive number", al->target->text);
                okr_diag_help(&prog->diags, d, "weights are relative: `weight 2` counts twice as much as `weight 1`");
            }
        }
        for (size_t j = 0; j < obj->counters.len; j++) {
            okr_counter *c = obj->counters.items[j];
            if (c->metric_decl) {
                okr_unit_resolve_target(c->damaged ? NULL : &prog->diags, c->metric_decl, &c->target);
                if (!c->damaged)
                    check_target(prog, c->metric_decl, &c->target, (subject){.counter = c});
            }
        }
    }
}

/* Teams [from, to): each metric judged alone, its base unit stored in its
 * own node (okr_pass_chunked_per). */
static void metrics_walk(okr_program *view, size_t from, size_t to, void *ctx)
{
    (void)ctx;
    for (size_t i = from; i < to; i++) {
        okr_team *t = view->teams.items[i];
        for (size_t j = 0; j < t->metric_list.len; j++) {
            okr_metric_decl *m = t->metric_list.items[j];
            m->base_unit = okr_unit_base_name(m);
            check_metric_decl(view, m);
        }
    }
}

void okr_pass_types(okr_program *prog)
{
    okr_pass_chunked_per(prog, prog->teams.len, OKR_PASS_TEAMS_PER_JOB, metrics_walk, NULL);
    /* Standard-library metrics are checked by the library's own tests;
     * their unit is resolved here like any other. */
    for (size_t i = 0; i < prog->modules.len; i++) {
        okr_module *mod = prog->modules.items[i];
        for (size_t j = 0; j < mod->metric_list.len; j++) {
            okr_metric_decl *m = mod->metric_list.items[j];
            m->base_unit = okr_unit_base_name(m);
        }
    }
    okr_pass_chunked(prog, prog->objectives.len, objectives_walk, NULL);
}
