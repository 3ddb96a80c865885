/* rules_task.c: outcome, not output (spec.md, "Task-style key results").
 *
 * The broken-product test: a key result that would be "done" even if the
 * product shipped broken and nobody used it measures the team's output, not
 * an outcome. The question that decides is who moves the number: the team
 * alone, by doing its own work, or users, customers, members or the running
 * system. This pass judges the whole key result from facts vocab.h reports:
 * the title's shape (its leading verb and object, passives, counts, dates,
 * levels it states), what the metric's description says it measures (the
 * team's output, staff, process or estate, or people and measures), the
 * target's form (a count from zero is a deliverable count) and whether the
 * title and the metric name the same thing. When the rules find no output
 * in a key result with a metric, the task-style model (task_model.h) reads
 * all its words and may still report it. Every finding carries notes on the
 * words or facts that decided it, so a user can argue with it.
 *
 * Invariant: a key result draws at most one task-style code, the first rule
 * of spec.md's order that applies. */
#include <stdio.h>
#include <string.h>

#include "../common/hash.h"
#include "passes.h"
#include "prefetch.h"
#include "task_model.h"
#include "vocab.h"

/* What of the team's own output a metric measures (okr_metric_decl.output_kind). */
typedef enum okr_output_kind {
    OUTPUT_NONE = 0,
    OUTPUT_ACTIVITY, /* counts what the team produces: "Blog posts published" */
    OUTPUT_TASK,     /* its description is a task: "Migrate billing to Stripe" */
    OUTPUT_STAFF,    /* counts the team's own people: "Engineers on the team" */
    OUTPUT_PROCESS,  /* the team's own process: "Services with a runbook" */
    OUTPUT_ASSET,    /* work done to the team's own estate: "Services on Kubernetes" */
    OUTPUT_BACKLOG,  /* a queue of the team's own work: "Open design requests" */
} okr_output_kind;

static const char *const output_phrase[] = {
    "",
    "counts the team's activity",
    "describes a task",
    "counts the team's own people",
    "measures the team's own process",
    "tracks work on the team's own systems",
    "counts the team's own backlog",
};

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

/* Reads the metric's words and decides its verdict (the fields program.h
 * lists under "resolved by the task-style pass"). */
static void judge_fresh(okr_program *prog, okr_metric_decl *m)
{
    const okr_vocab *vocab = prog->policy.vocab;
    okr_metric_facts f;
    /* Whether the description is a task decides only when it names no
     * activity, no people and no measure, and nobody else acts: read it
     * then. */
    okr_vocab_analyze_metric_parts(vocab, m->name.text, m->description.text, 0, &f);
    if (!f.activity.len && !f.others_act && !f.people_or_measure)
        okr_vocab_metric_task(vocab, m->description.text, &f.task);
    const okr_match *why = NULL;
    const char *why_text = f.text;
    if (f.activity.len) {
        m->output_kind = OUTPUT_ACTIVITY;
        why = &f.activity;
        why_text = f.activity_text;
    } else if (f.task.len && !f.others_act && !f.people_or_measure) {
        m->output_kind = OUTPUT_TASK;
        why = &f.task;
        why_text = m->description.text;
    } else if (f.staff.len) {
        m->output_kind = OUTPUT_STAFF;
        why = &f.staff;
    } else if (f.process.len || (f.admin.len && m->type == OKR_TYPE_PERCENT)) {
        /* A count of subjects with a signed agreement is how many signed;
         * a share of them is how far the team's paperwork got. */
        m->output_kind = OUTPUT_PROCESS;
        why = f.process.len ? &f.process : &f.admin;
    } else if (f.asset.len) {
        m->output_kind = OUTPUT_ASSET;
        why = &f.asset;
    } else if (f.backlog.len && m->type == OKR_TYPE_COUNT && m->direction == OKR_DIR_DECREASING) {
        m->output_kind = OUTPUT_BACKLOG;
        why = &f.backlog;
    }
    if (why && why_text && why->start + why->len <= strlen(why_text))
        m->output_words = match_text(prog, why_text, why);
    m->names_outcome = f.subject.len > 0;
    m->names_people_or_measure = f.people_or_measure;
    m->others_act = f.others_act || f.people_head;
    m->placement = f.placement;
    m->names_outcome_head = f.people_any || f.measure_head;
    m->names_decision = f.decided;
    m->output_judged = 1;
}


/* Verdicts remembered per distinct metric: teams declare the same metrics
 * over and over (each team's metrics.okr repeats the company's catalogue;
 * the 100k corpus has 35 distinct ones among 55,000 declarations), and a
 * verdict is read from the name, the description, the type and the
 * direction only, so a declaration equal in those four gets the verdict
 * of the first, field for field (output_words is the same text, shared).
 * One memo per walk, in its arena: what a walk on a thread writes is its
 * own. Open addressing, power-of-two capacity, never more than half full. */
typedef struct verdict {
    const char *name, *description; /* NULL name: an empty slot */
    uint64_t hash;
    unsigned char type, direction;
    unsigned char output_kind, names_outcome, names_people_or_measure, others_act, placement,
        names_outcome_head, names_decision;
    const char *output_words;
} verdict;

typedef struct verdict_memo {
    okr_arena *arena;
    verdict *slots;
    size_t cap, used;
} verdict_memo;

static verdict_memo *verdict_memo_new(okr_arena *arena)
{
    verdict_memo *vm = okr_arena_alloc(arena, sizeof *vm);
    vm->arena = arena;
    vm->cap = 64;
    vm->slots = okr_arena_alloc(arena, vm->cap * sizeof *vm->slots);
    return vm;
}

static uint64_t text_hash(uint64_t h, const char *s)
{
    return okr_hash_bytes(h, s, strlen(s));
}

static uint64_t verdict_hash(const okr_metric_decl *m)
{
    uint64_t h = text_hash(1469598103934665603ULL, m->name.text);
    h = m->description.text ? text_hash(h, m->description.text) : (h ^ 0x1ff) * 1099511628211ULL;
    return (h ^ ((uint64_t)m->type << 8 | (uint64_t)m->direction)) * 1099511628211ULL;
}

static int same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static int verdict_is(const verdict *v, uint64_t h, const okr_metric_decl *m)
{
    return v->hash == h && v->type == (unsigned char)m->type && v->direction == (unsigned char)m->direction &&
           same_text(v->name, m->name.text) && same_text(v->description, m->description.text);
}

static void verdict_grow(verdict_memo *vm)
{
    size_t cap = vm->cap * 2;
    verdict *slots = okr_arena_alloc(vm->arena, cap * sizeof *slots);
    for (size_t i = 0; i < vm->cap; i++) {
        if (!vm->slots[i].name)
            continue;
        size_t k = (size_t)vm->slots[i].hash & (cap - 1);
        while (slots[k].name)
            k = (k + 1) & (cap - 1);
        slots[k] = vm->slots[i];
    }
    vm->slots = slots;
    vm->cap = cap;
}

/* Judges the metric once, however many key results use it: from the memo
 * when an equal declaration was judged before, else by reading it. */
static void judge_metric(okr_program *prog, verdict_memo *vm, okr_metric_decl *m)
{
    if (m->output_judged)
        return;
    if (!vm || !m->name.text) {
        judge_fresh(prog, m);
        return;
    }
    uint64_t h = verdict_hash(m);
    size_t k = (size_t)h & (vm->cap - 1);
    for (; vm->slots[k].name; k = (k + 1) & (vm->cap - 1)) {
        const verdict *v = &vm->slots[k];
        if (!verdict_is(v, h, m))
            continue;
        m->output_kind = v->output_kind;
        m->output_words = v->output_words;
        m->names_outcome = v->names_outcome;
        m->names_people_or_measure = v->names_people_or_measure;
        m->others_act = v->others_act;
        m->placement = v->placement;
        m->names_outcome_head = v->names_outcome_head;
        m->names_decision = v->names_decision;
        m->output_judged = 1;
        return;
    }
    judge_fresh(prog, m);
    if ((vm->used + 1) * 2 > vm->cap) {
        verdict_grow(vm);
        k = (size_t)h & (vm->cap - 1);
        while (vm->slots[k].name)
            k = (k + 1) & (vm->cap - 1);
    }
    vm->slots[k] = (verdict){
        .name = m->name.text,
        .description = m->description.text,
        .hash = h,
        .type = (unsigned char)m->type,
        .direction = (unsigned char)m->direction,
        .output_kind = m->output_kind,
        .names_outcome = m->names_outcome,
        .names_people_or_measure = m->names_people_or_measure,
        .others_act = m->others_act,
        .placement = m->placement,
        .names_outcome_head = m->names_outcome_head,
        .names_decision = m->names_decision,
        .output_words = m->output_words,
    };
    vm->used++;
}

/* A count of things that are neither people nor a measure of how anything
 * goes, nor what customers decide, counts what the team makes or clears:
 * "Case studies", "Competitive battlecards", "Open design requests". The
 * outcome counts name who acts or what is measured ("Weekly active
 * teams", "Support tickets", "Deals closed"). */
static int deliverable_count(const okr_metric_decl *m)
{
    /* Without a description there is nothing to read: no judgement. */
    return m->type == OKR_TYPE_COUNT && !m->names_outcome && m->description.text && m->description.text[0];
}

/* The title's object and the metric's description, or its name, name the
 * same thing. */
static int metric_agrees(const okr_vocab *vocab, const char *title, const okr_match *object,
                         const okr_metric_decl *m, int people_too, okr_match *shared)
{
    return okr_vocab_title_metric_agree(vocab, title, object, m->description.text, people_too, shared) ||
           okr_vocab_title_metric_agree(vocab, title, object, m->name.text, people_too, shared);
}

static void report_output_metric(okr_program *prog, const okr_kr *kr, const okr_metric_decl *m, const char *what)
{
    okr_diags *diags = &prog->diags;
    okr_diag *d = okr_diag_report(diags, OKR304, kr->metric->span, "%s %s measures output: metric '%s' %s", what,
                                  okr_kr_display(&prog->arena, kr), m->name.text, output_phrase[m->output_kind]);
    if (m->description.text)
        okr_diag_note(diags, d, m->description.span, "'%s' is declared as \"%s\"%s%s%s", m->name.text,
                      m->description.text, m->output_words ? ": '" : "", m->output_words ? m->output_words : "",
                      m->output_words ? "' is the team's own doing" : "");
    else if (m->output_words)
        okr_diag_note(diags, d, m->name.span, "'%s' names the team's own doing", m->output_words);
    okr_diag_help(diags, d, "measure what the work should change for users or the business "
                            "(adoption, activation, retention, tickets, revenue)");
}

/* The model's view of a metric-bearing key result the rules let pass. */
static void model_opinion(okr_program *prog, okr_task_cache *cache, const okr_kr *kr, const okr_metric_decl *m,
                          int means, okr_task_score *out)
{
    okr_task_input in;
    memset(&in, 0, sizeof in);
    in.title = kr->title.text;
    if (m->description.text && m->description.text[0]) {
        in.description = m->description.text;
    } else {
        char *name = okr_arena_strndup(&prog->arena, m->name.text, strlen(m->name.text));
        for (char *c = name; *c; c++)
            if (*c == '_')
                *c = ' ';
        in.description = name;
    }
    in.type = m->type;
    in.direction = m->direction;
    in.target = kr->target.kind;
    in.from_zero = kr->target.kind == OKR_TARGET_FROM_TO && !kr->target.baseline_unknown &&
                   kr->target.baseline.value == 0;
    in.rule_means = means;
    okr_task_model_score_cached(cache, &in, out);
}

/* "'workshop' in the metric, 'run' in the title", from the model's reasons. */
static const char *reasons_text(okr_program *prog, const okr_task_score *score)
{
    char buf[512];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < score->nreasons && n + 1 < sizeof buf; i++) {
        const char *f = score->reasons[i].feature;
        const char *colon = strchr(f, ':');
        const char *where = f[0] == 't' ? "the title" : "the metric";
        const char *sep = i == 0 ? "" : i + 1 == score->nreasons ? " and " : ", ";
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s'%s' in %s", sep, colon ? colon + 1 : f, where);
    }
    return okr_arena_strndup(&prog->arena, buf, n < sizeof buf ? n : sizeof buf - 1);
}

/* A key result without a metric: a task (OKR301) unless its title is an
 * aim, else a missing metric (OKR302). */
static void check_without_metric(okr_program *prog, const okr_kr *kr, const okr_title_facts *facts, const char *what)
{
    okr_diags *diags = &prog->diags;
    const char *title = kr->title.text;
    okr_diag *d;
    okr_span at = title ? kr->title.span : okr_kr_keyword_span(kr);
    /* Work unless the title is an aim: the verbs of work are an open
     * class, the shapes of an aim are few. */
    int task = (facts->leading_activity.len && !(facts->structural && facts->aim.len)) ||
               facts->count_of_activity.len || facts->date.len ||
               (title && !facts->aim.len && !facts->performance.len);
    if (!task) {
        d = okr_diag_report(diags, OKR302, at, "%s %s has no metric", what, okr_kr_display(&prog->arena, kr));
        okr_diag_help(diags, d, "name the metric that would show it and write `: METRIC from BASELINE to TARGET`");
        return;
    }
    d = okr_diag_report(diags, OKR301, at, "%s %s is a task, not an outcome", what, okr_kr_display(&prog->arena, kr));
    if (facts->leading_activity.len)
        okr_diag_note(diags, d, text_span(&kr->title, &facts->leading_activity), "'%s' describes the team's work",
                      match_text(prog, title, &facts->leading_activity));
    if (facts->count_of_activity.len)
        okr_diag_note(diags, d, text_span(&kr->title, &facts->count_of_activity), "'%s' counts output",
                      match_text(prog, title, &facts->count_of_activity));
    if (facts->date.len)
        okr_diag_note(diags, d, text_span(&kr->title, &facts->date), "'%s' is a deadline, not a result",
                      match_text(prog, title, &facts->date));
    if (!facts->leading_activity.len && !facts->count_of_activity.len && !facts->date.len)
        okr_diag_note(diags, d, kr->title.span,
                      "the title does not lead with an outcome verb, state a level, or read as an aim: it names work");
    okr_diag_help(diags, d, "move the task to the roadmap; write the outcome it should cause as "
                            "`: METRIC from BASELINE to TARGET`");
}

static void report_no_target(okr_program *prog, const okr_kr *kr, const okr_metric_decl *m, const char *what)
{
    okr_diag *d = okr_diag_report(&prog->diags, OKR303, kr->metric->span, "%s %s names metric '%s' but no target",
                                  what, okr_kr_display(&prog->arena, kr), m->name.text);
    okr_diag_help(&prog->diags, d, "add a target: `%s from BASELINE to TARGET`, `by %sX%%`, or a bound `at %s VALUE`",
                  kr->metric->text, m->direction == OKR_DIR_DECREASING ? "-" : "+",
                  m->direction == OKR_DIR_DECREASING ? "most" : "least");
}

/* What the rules found of the team's own work in a key result whose
 * metric measures no output by itself; any of agree, tally, staffing and
 * things makes it OKR304. */
typedef struct work_verdict {
    int lead;         /* the title leads with work and states no level */
    int agree;        /* the title's work and the metric name the same thing */
    okr_match shared; /* the word they share, when agree */
    int tally;        /* a count or share of the work that names nobody */
    int staffing;     /* the title staffs the team and the metric counts them */
    int artefacts;    /* a count of things that names no people and no measure */
    int things;       /* artefacts or a handful from zero, for no stated outcome */
} work_verdict;

static void judge_work(const okr_program *prog, const okr_kr *kr, const okr_metric_decl *m,
                       const okr_title_facts *facts, work_verdict *v)
{
    const okr_vocab *vocab = prog->policy.vocab;
    const char *title = kr->title.text;
    memset(v, 0, sizeof *v);
    v->lead = facts->leading_activity.len && !facts->performance.len;

    /* The title's work and the metric name the same thing: the metric
     * tracks the task ("Publish 6 case studies" on "Case studies"). Money
     * and durations measure what the work earns or saves, never the work
     * itself. A share of things in a place, whose place the work names, is
     * the progress of a move ("Migrate 70% of subscribers to the new
     * billing stack" on "Subscribers on the new billing platform"). */
    int countable = m->type == OKR_TYPE_COUNT || m->type == OKR_TYPE_PERCENT || m->type == OKR_TYPE_NUMBER;
    int moved = m->type == OKR_TYPE_PERCENT && m->placement && facts->object.len;
    okr_match where = facts->object;
    if (moved) {
        size_t stop = facts->purpose.len ? facts->purpose.start : strlen(title);
        where.len = stop > where.start ? stop - where.start : where.len;
    }
    v->agree = v->lead && countable && !m->names_decision &&
               ((!m->names_people_or_measure && !m->others_act &&
                 metric_agrees(vocab, title, &facts->object, m, 0, &v->shared)) ||
                (moved && metric_agrees(vocab, title, &where, m, 0, &v->shared)));
    /* The inverted default, as for titles: work in the title and a count
     * or share that names no people, no measure at its head and nothing
     * customers decide is the work's own tally ("Label 50,000 more images"
     * on "Labelled training images"), whatever words it shares. */
    v->tally = v->lead && countable && !m->others_act && !facts->purpose.len && !m->names_outcome_head &&
               !m->names_decision;

    /* Staffing: the title hires, trains or ramps people and the metric
     * counts them ("Recruit 12 nurses" on "Registered nurses in post"), or
     * a share of them that nobody else moves. */
    okr_match staffed;
    v->staffing = facts->staff.len && (m->type == OKR_TYPE_COUNT || m->type == OKR_TYPE_PERCENT) &&
                  (!m->others_act || metric_agrees(vocab, title, &facts->object, m, 1, &staffed));

    /* Counts of things: a handful of new things within the cycle is a
     * deliverable count even when they are sessions, visits or days
     * ("Awareness sessions from 0 to 20"); what people do from zero runs to
     * more than a hundred, or names who acts. A title that says what the
     * count is for ("Launch passkeys to cut account takeovers") or leads
     * with an outcome verb ("Sign 12 reseller partners") names an outcome. */
    int handful = m->type == OKR_TYPE_COUNT && kr->target.kind == OKR_TARGET_FROM_TO && !kr->target.baseline_unknown &&
                  kr->target.baseline.value == 0 && kr->target.value.value <= 100 && !m->others_act;
    v->artefacts = deliverable_count(m);
    v->things = (v->artefacts || handful) && !facts->purpose.len &&
                !(facts->leading_outcome.len && !facts->staff.len);
}

static void report_work_metric(okr_program *prog, const okr_kr *kr, const okr_metric_decl *m,
                               const okr_title_facts *facts, const work_verdict *v, const char *what)
{
    okr_diags *diags = &prog->diags;
    const char *title = kr->title.text;
    okr_diag *d = okr_diag_report(diags, OKR304, kr->metric->span, "%s %s measures output: metric '%s' %s", what,
                                  okr_kr_display(&prog->arena, kr), m->name.text,
                                  v->agree || v->tally || v->staffing ? "tracks the work in the title"
                                                                      : "counts things the team makes or clears");
    if (v->lead)
        okr_diag_note(diags, d, text_span(&kr->title, &facts->leading_activity), "'%s' describes the team's work",
                      match_text(prog, title, &facts->leading_activity));
    if (v->agree)
        okr_diag_note(diags, d, text_span(&kr->title, &v->shared), "the title's work and the metric both name '%s'",
                      match_text(prog, title, &v->shared));
    else if (v->tally)
        okr_diag_note(diags, d, m->description.text ? m->description.span : m->name.span,
                      "'%s' names no people and no measure: it tallies the work", m->name.text);
    else if (v->staffing)
        okr_diag_note(diags, d, text_span(&kr->title, &facts->staff), "'%s' staffs the team itself",
                      match_text(prog, title, &facts->staff));
    else if (v->artefacts)
        okr_diag_note(diags, d, m->description.span,
                      "a count that names no people and no measure counts the team's own artefacts or backlog");
    else
        okr_diag_note(diags, d, kr->target.span,
                      "a handful of new things from 0 within the cycle is a deliverable count");
    okr_diag_help(diags, d, "measure what the work should change for users or the business "
                            "(adoption, activation, retention, tickets, revenue)");
}

/* The rules found no output: the model, which reads every word, may
 * still. Returns 1 when it reported OKR304. */
static int report_model_opinion(okr_program *prog, okr_task_cache *cache, const okr_kr *kr,
                                const okr_metric_decl *m, int lead, const char *what)
{
    okr_diags *diags = &prog->diags;
    okr_task_score score;
    model_opinion(prog, cache, kr, m, lead, &score);
    if (!score.output)
        return 0;
    okr_diag *d = okr_diag_report(diags, OKR304, kr->metric->span,
                                  "%s %s measures output: its words read as the team's own work", what,
                                  okr_kr_display(&prog->arena, kr));
    if (score.nreasons)
        okr_diag_note(diags, d, kr->title.text ? kr->title.span : kr->metric->span,
                      "%s weigh%s most towards output (task-style model, probability %.2f)",
                      reasons_text(prog, &score), score.nreasons == 1 ? "s" : "", score.probability);
    else
        okr_diag_note(diags, d, kr->metric->span,
                      "the metric's type and target weigh towards output (task-style model, probability %.2f)",
                      score.probability);
    okr_diag_help(diags, d, "measure what the work should change for users or the business "
                            "(adoption, activation, retention, tickets, revenue)");
    return 1;
}

/* What a walk remembers (each its own: one per walk and thread). */
typedef struct walk_memo {
    okr_task_cache *cache; /* the model's per-description scores */
    verdict_memo *verdicts;
    okr_title_memo *titles;
} walk_memo;

static void check_kr(okr_program *prog, const walk_memo *wm, const okr_kr *kr, int shared)
{
    /* The title is read when a rule needs it, and only for the facts that
     * rule reads (OKR_FACTS_*): a key result whose metric alone decides
     * needs none, one with a metric and a target no counts, dates or aim. */
    okr_title_facts facts;
    const char *what = kr->is_hypothesis ? "hypothesis" : "key result";

    if (!kr->metric) {
        /* A syntax error inside it may have cut the metric off: that error
         * already says what is wrong (spec.md, "Syntax errors and recovery"). */
        if (!kr->damaged) {
            okr_vocab_analyze_title_memo(prog->policy.vocab, wm->titles, kr->title.text,
                                         OKR_FACTS_WORK | OKR_FACTS_AIM | OKR_FACTS_COUNT_DATE, &facts);
            check_without_metric(prog, kr, &facts, what);
        }
        return;
    }
    okr_metric_decl *m = kr->metric_decl;
    if (!m)
        return; /* undefined metric: OKR101 already said so */

    okr_metric_decl own;
    if (!m->output_judged && shared) {
        /* On a thread (task_walk): judged before for every listed
         * metric; one that was not is judged apart, written nowhere. */
        own = *m;
        m = &own;
    }
    judge_metric(prog, wm->verdicts, m);
    if (m->output_kind != OUTPUT_NONE) {
        report_output_metric(prog, kr, m, what);
        return;
    }
    if (kr->target.kind == OKR_TARGET_NONE) {
        if (!kr->damaged)
            report_no_target(prog, kr, m, what);
        return;
    }
    okr_vocab_analyze_title_memo(prog->policy.vocab, wm->titles, kr->title.text, OKR_FACTS_WORK, &facts);
    work_verdict v;
    judge_work(prog, kr, m, &facts, &v);
    if (v.agree || v.tally || v.staffing || v.things) {
        report_work_metric(prog, kr, m, &facts, &v, what);
        return;
    }
    if (report_model_opinion(prog, wm->cache, kr, m, v.lead, what))
        return;
    if (v.lead) {
        okr_diag *d = okr_diag_report(&prog->diags, OKR305, text_span(&kr->title, &facts.leading_activity),
                                      "%s %s leads with its means ('%s'), not its outcome", what,
                                      okr_kr_display(&prog->arena, kr),
                                      match_text(prog, kr->title.text, &facts.leading_activity));
        okr_diag_help(&prog->diags, d, "lead with the outcome (\"%s %s\") and keep the initiative on the roadmap",
                      m->direction == OKR_DIR_DECREASING ? "Reduce" : "Increase", m->name.text);
    }
}

/* Titles a walk remembers the reading of (vocab.h): 1.2 MB, which holds
 * a repository's recurring titles (55% of the 100k corpus's are read
 * from it) within a fixed size. */
enum { TITLE_MEMO = 4096 };

/* What the walks share: the model, and whether they run on threads
 * (then the metrics were judged before and no walk writes one). */
typedef struct task_walk_ctx {
    const okr_task_model *model;
    int shared;
    okr_vec metrics; /* with threads: every metric declared or imported */
} task_walk_ctx;

/* One per thread's walks: a metric's key results share its description's
 * part of the model's score (the cache changes no score). */
static void *task_walk_memo(okr_arena *arena, const void *model, size_t objectives)
{
    walk_memo *wm = okr_arena_alloc(arena, sizeof *wm);
    wm->cache = okr_task_cache_new(arena, model);
    wm->verdicts = verdict_memo_new(arena);
    wm->titles = okr_title_memo_new(arena, 2 * objectives, TITLE_MEMO);
    return wm;
}

static void task_walk(okr_program *view, size_t from, size_t to, void *arg)
{
    const task_walk_ctx *ctx = arg;
    const walk_memo *wm = okr_pass_walk_state(view, task_walk_memo, ctx->model, to - from);
    for (size_t i = from; i < to; i++) {
        okr_pass_prefetch(view, i, OKR_PREFETCH_KRS | OKR_PREFETCH_METRICS | OKR_PREFETCH_TITLES);
        okr_objective *obj = view->objectives.items[i];
        for (size_t j = 0; j < obj->krs.len && !okr_pass_in_context(view, obj); j++)
            check_kr(view, wm, obj->krs.items[j], ctx->shared);
    }
}

static void judge_walk(okr_program *view, size_t from, size_t to, void *arg)
{
    const task_walk_ctx *ctx = arg;
    verdict_memo *vm = verdict_memo_new(&view->arena);
    for (size_t i = from; i < to; i++)
        judge_metric(view, vm, ctx->metrics.items[i]);
}

static void list_metrics(okr_program *prog, okr_vec *out)
{
    for (size_t i = 0; i < prog->teams.len; i++) {
        const okr_vec *l = &((okr_team *)prog->teams.items[i])->metric_list;
        for (size_t j = 0; j < l->len; j++)
            okr_vec_push(&prog->arena, out, l->items[j]);
    }
    for (size_t i = 0; i < prog->modules.len; i++) {
        const okr_vec *l = &((okr_module *)prog->modules.items[i])->metric_list;
        for (size_t j = 0; j < l->len; j++)
            okr_vec_push(&prog->arena, out, l->items[j]);
    }
}

void okr_pass_task_style(okr_program *prog)
{
    task_walk_ctx ctx = {.model = okr_policy_task_model(&prog->policy)};
    if (okr_pass_jobs(prog, prog->objectives.len) > 1) {
        /* A metric is judged once, on first use; on threads its first use
         * would be a race: judge them all first, each on one thread (the
         * verdicts are read only here, so judging unused ones changes no
         * finding). */
        ctx.shared = 1;
        list_metrics(prog, &ctx.metrics);
        okr_pass_chunked(prog, ctx.metrics.len, judge_walk, &ctx);
    }
    okr_pass_chunked(prog, prog->objectives.len, task_walk, &ctx);
}
