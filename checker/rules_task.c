/* rules_task.c: outcome, not output (spec.md, "Task-style key results").
 *
 * The broken-product test: a key result that would be "done" even if the
 * product shipped broken and nobody used it measures the team's output, not
 * an outcome. This pass judges the whole key result: what its title says
 * (vocab.c reads the words), whether it names a metric, whether the metric
 * counts the team's own activity, and whether it has a target. An activity
 * verb alone is not a verdict: with an outcome metric and a real move it is
 * an outcome key result that names its means (a warning, OKR305). */
#include <string.h>

#include "passes.h"
#include "vocab.h"

static okr_span text_span(const okr_string *s, const okr_match *m)
{
    /* Titles are one line and escapes are rare: map the match back into the
     * source when the text was written without escapes, else point at the
     * whole string. */
    uint32_t quoted_len = s->span.end - s->span.start;
    if (quoted_len == strlen(s->text) + 2 && m->len)
        return okr_span_make(s->span.file, s->span.start + 1 + (uint32_t)m->start,
                             s->span.start + 1 + (uint32_t)(m->start + m->len));
    return s->span;
}

static const char *match_text(okr_program *prog, const char *text, const okr_match *m)
{
    return okr_arena_strndup(&prog->arena, text + m->start, m->len);
}

static void check_kr(okr_program *prog, const okr_objective *obj, const okr_kr *kr)
{
    okr_diags *diags = &prog->diags;
    const okr_vocab *vocab = prog->policy.vocab;
    okr_diag *d;
    okr_title_facts facts;
    memset(&facts, 0, sizeof facts);
    if (kr->title.text)
        okr_vocab_analyze_title(vocab, kr->title.text, &facts);
    const char *what = kr->is_hypothesis ? "hypothesis" : "key result";

    if (!kr->metric) {
        okr_span at = kr->title.text ? kr->title.span : kr->keyword_span;
        if (facts.leading_activity.len || facts.count_of_activity.len || facts.date.len) {
            d = okr_diag_report(diags, OKR301, at, "%s %s is a task, not an outcome", what, okr_kr_display(&prog->arena, kr));
            if (facts.leading_activity.len)
                okr_diag_note(diags, d, text_span(&kr->title, &facts.leading_activity),
                              "'%s' describes the team's work", match_text(prog, kr->title.text, &facts.leading_activity));
            if (facts.count_of_activity.len)
                okr_diag_note(diags, d, text_span(&kr->title, &facts.count_of_activity),
                              "'%s' counts output", match_text(prog, kr->title.text, &facts.count_of_activity));
            if (facts.date.len)
                okr_diag_note(diags, d, text_span(&kr->title, &facts.date), "'%s' is a deadline, not a result",
                              match_text(prog, kr->title.text, &facts.date));
            okr_diag_help(diags, d, "move the task to the roadmap; write the outcome it should cause as "
                                    "`: METRIC from BASELINE to TARGET`");
        } else {
            d = okr_diag_report(diags, OKR302, at, "%s %s has no metric", what, okr_kr_display(&prog->arena, kr));
            okr_diag_help(diags, d, "name the metric that would show it and write `: METRIC from BASELINE to TARGET`");
        }
        return;
    }
    okr_metric_decl *m = kr->metric_decl;
    if (!m)
        return; /* undefined metric: OKR101 already said so */

    /* The verdict on the metric depends on the metric alone: judge it once,
     * not once per key result that uses it. */
    if (!m->output_judged) {
        okr_title_facts metric_facts;
        memset(&metric_facts, 0, sizeof metric_facts);
        if (m->description.text)
            okr_vocab_analyze_title(vocab, m->description.text, &metric_facts);
        m->counts_activity = okr_vocab_metric_counts_activity(vocab, m->name.text, m->description.text, NULL);
        m->describes_task = metric_facts.leading_activity.len > 0;
        m->output_judged = 1;
    }
    if (m->counts_activity || m->describes_task) {
        d = okr_diag_report(diags, OKR304, kr->metric->span, "%s %s measures output: metric '%s' %s", what,
                            okr_kr_display(&prog->arena, kr), m->name.text,
                            m->counts_activity ? "counts the team's activity" : "describes a task");
        if (m->description.text)
            okr_diag_note(diags, d, m->description.span, "'%s' is declared as \"%s\"", m->name.text,
                          m->description.text);
        okr_diag_help(diags, d, "measure what the activity should change for users or the business "
                                "(adoption, activation, retention, tickets, revenue)");
        return;
    }
    if (kr->target.kind == OKR_TARGET_NONE) {
        d = okr_diag_report(diags, OKR303, kr->metric->span, "%s %s names metric '%s' but no target", what,
                            okr_kr_display(&prog->arena, kr), m->name.text);
        okr_diag_help(diags, d, "add a target: `%s from BASELINE to TARGET`, `by %sX%%`, or a bound `at %s VALUE`",
                      kr->metric->text, m->direction == OKR_DIR_DECREASING ? "-" : "+",
                      m->direction == OKR_DIR_DECREASING ? "most" : "least");
        return;
    }
    if (facts.leading_activity.len) {
        d = okr_diag_report(diags, OKR305, text_span(&kr->title, &facts.leading_activity),
                            "%s %s leads with its means ('%s'), not its outcome", what, okr_kr_display(&prog->arena, kr),
                            match_text(prog, kr->title.text, &facts.leading_activity));
        okr_diag_help(diags, d, "lead with the outcome (\"%s %s\") and keep the initiative on the roadmap",
                      m->direction == OKR_DIR_DECREASING ? "Reduce" : "Increase", m->name.text);
    }
    (void)obj;
}

void okr_pass_task_style(okr_program *prog)
{
    for (size_t i = 0; i < prog->objectives.len; i++) {
        okr_objective *obj = prog->objectives.items[i];
        for (size_t j = 0; j < obj->krs.len; j++)
            check_kr(prog, obj, obj->krs.items[j]);
    }
}
