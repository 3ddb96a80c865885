/* compare.c: the changes between two checked programs, and the moving
 * goalposts among them (spec.md, "okrc diff"); see diff.h.
 *
 * Pairs come from match.c; for each pair every field is compared as the
 * checker resolved it. Levels are compared in the metric's base unit, and
 * "harder" follows what the target promises: for `from B to T` and `by C`
 * the metric's direction (higher is harder on an increasing metric), for
 * `at least` a higher bound, for `at most` a lower one. A change of form
 * (`from .. to` to `at least`, a relative `by` to an absolute one) or of
 * metric is reported without a judgement: the levels do not compare.
 *
 * Flags need the objective to stay in the same cycle (a change of cycle is
 * planning, not moving a goalpost) and "now" to be on or after the cycle's
 * first day. Their spans point into the NEW program, so that its
 * suppressions and policy severities apply. */
#include <math.h>
#include <string.h>

#include "../common/calendar.h"
#include "diff.h"

static const char *const what_names[OKR_DIFF_WHAT_COUNT] = {
    [OKR_DIFF_OBJECTIVE_ADDED] = "objective-added",
    [OKR_DIFF_OBJECTIVE_REMOVED] = "objective-removed",
    [OKR_DIFF_OBJECTIVE_RENAMED] = "objective-renamed",
    [OKR_DIFF_STATEMENT] = "statement",
    [OKR_DIFF_ARCHETYPE] = "archetype",
    [OKR_DIFF_OWNER] = "owner",
    [OKR_DIFF_CYCLE] = "cycle",
    [OKR_DIFF_EXPECT] = "expect",
    [OKR_DIFF_ALIGNMENT_ADDED] = "alignment-added",
    [OKR_DIFF_ALIGNMENT_REMOVED] = "alignment-removed",
    [OKR_DIFF_COUNTER_ADDED] = "counter-added",
    [OKR_DIFF_COUNTER_REMOVED] = "counter-removed",
    [OKR_DIFF_COUNTER_BOUND] = "counter-bound",
    [OKR_DIFF_KR_ADDED] = "key-result-added",
    [OKR_DIFF_KR_REMOVED] = "key-result-removed",
    [OKR_DIFF_KR_RENAMED] = "key-result-renamed",
    [OKR_DIFF_KR_KIND] = "key-result-kind",
    [OKR_DIFF_TITLE] = "title",
    [OKR_DIFF_METRIC] = "metric",
    [OKR_DIFF_TARGET] = "target",
    [OKR_DIFF_TARGET_FORM] = "target-form",
    [OKR_DIFF_BASELINE] = "baseline",
    [OKR_DIFF_WEIGHT] = "weight",
};

const char *okr_diff_what_name(okr_diff_what what)
{
    return (unsigned)what < OKR_DIFF_WHAT_COUNT ? what_names[what] : "?";
}

/* What one comparison works with. */
typedef struct ctx {
    const okr_program *old_prog;
    okr_program *new_prog;
    okr_arena *arena;
    okr_diff_result *r;
    size_t group;
    int running;      /* the pair's cycle has started and did not change: flags apply */
    long cycle_start;
    const char *cycle_label;
} ctx;

static int same_text(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* The source text of a span of a program, or NULL for an empty span. */
static const char *slice(const ctx *c, const okr_program *prog, okr_span span)
{
    if (span.end <= span.start || span.file == OKR_NO_FILE)
        return NULL;
    const okr_source_file *f = okr_source_get(&prog->sources, span.file);
    if (!f || span.end > f->len)
        return NULL;
    return okr_arena_strndup(c->arena, f->text + span.start, span.end - span.start);
}

static okr_diff_change *add(ctx *c, okr_diff_what what, const char *old_text, const char *new_text, okr_span span)
{
    okr_diff_change *ch = okr_arena_alloc(c->arena, sizeof *ch);
    ch->what = what;
    ch->group = c->group;
    ch->old_text = old_text;
    ch->new_text = new_text;
    ch->span = span;
    okr_vec_push(c->arena, &c->r->changes, ch);
    c->r->count[what]++;
    return ch;
}

static const char *qualified(okr_arena *arena, const okr_objective *o)
{
    const char *team = o->team && o->team->name.text ? o->team->name.text : "?";
    return okr_arena_printf(arena, "%s.%s", team, o->name.text ? o->name.text : "?");
}

static void flag_help(ctx *c, okr_diag *d, const char *code)
{
    okr_diag_help(&c->r->flags, d, "if the change was agreed, say so where it is made: "
                                   "`// okrc:allow %s -- agreed at the review of YYYY-MM-DD`", code);
}

static okr_diag *flag(ctx *c, okr_code code, okr_span span, const char *what)
{
    char start[16];
    okr_calendar_format_date(c->cycle_start, start, sizeof start);
    okr_diag *d = okr_diag_report(&c->r->flags, code, span, "%s after cycle %s started on %s", what,
                                  c->cycle_label, start);
    return d;
}

/* --- key results -------------------------------------------------------- */

/* +1 when a higher level is harder for this target, -1 when a lower one
 * is, 0 when unknown. */
static int harder_sign(const okr_target *t, const okr_metric_decl *m)
{
    switch (t->kind) {
    case OKR_TARGET_AT_LEAST: return 1;
    case OKR_TARGET_AT_MOST: return -1;
    case OKR_TARGET_FROM_TO:
    case OKR_TARGET_BY:
        if (m && m->direction == OKR_DIR_INCREASING)
            return 1;
        if (m && m->direction == OKR_DIR_DECREASING)
            return -1;
        return 0;
    default: return 0;
    }
}

static int sign(double x)
{
    return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/* A level change (target, change or bound): movement and judgement. */
static okr_diff_change *level_change(ctx *c, okr_diff_what what, const char *old_text, const char *new_text,
                                     double old_level, double new_level, const okr_target *t,
                                     const okr_metric_decl *m, okr_span span)
{
    okr_diff_change *ch = add(c, what, old_text, new_text, span);
    ch->has_levels = 1;
    ch->old_level = old_level;
    ch->new_level = new_level;
    ch->unit = m && m->base_unit ? m->base_unit : NULL;
    ch->movement = sign(new_level - old_level);
    ch->harder = ch->movement * harder_sign(t, m);
    return ch;
}

static void compare_baseline(ctx *c, const okr_target *o, const okr_target *n, const okr_metric_decl *m,
                             const char *label)
{
    if (o->kind != OKR_TARGET_FROM_TO || n->kind != OKR_TARGET_FROM_TO)
        return;
    const char *ot = o->baseline_unknown ? "?" : slice(c, c->old_prog, o->baseline.span);
    const char *nt = n->baseline_unknown ? "?" : slice(c, c->new_prog, n->baseline.span);
    okr_diff_change *ch;
    if (o->has_baseline_level && n->has_baseline_level) {
        if (o->baseline_level == n->baseline_level)
            return;
        ch = level_change(c, OKR_DIFF_BASELINE, ot, nt, o->baseline_level, n->baseline_level, n, m,
                          n->baseline.span);
        ch->harder = 0; /* a baseline moved either way rewrites the starting line */
    } else if (o->baseline_unknown != n->baseline_unknown) {
        ch = add(c, OKR_DIFF_BASELINE, ot, nt, n->baseline_unknown ? n->span : n->baseline.span);
    } else {
        return;
    }
    ch->key_result = label;
    /* Setting a baseline that was unknown is measuring; moving or dropping one is not. */
    if (c->running && o->has_baseline_level) {
        ch->flag = flag(c, OKR961, ch->span,
                        okr_arena_printf(c->arena, "baseline of key result '%s' moved from %s to %s", label,
                                         ot ? ot : "?", nt ? nt : "?"));
        okr_diag_help(&c->r->flags, ch->flag, "a baseline is where the cycle started; a better measurement of it "
                                              "belongs in the next cycle's key result");
        flag_help(c, ch->flag, "OKR961");
    }
}

/* The target proper: `to T`, `by C`, `at least V`, `at most V`. */
static void compare_target(ctx *c, const okr_kr *ok, const okr_kr *nk, const okr_metric_decl *m, int same_metric)
{
    const okr_target *o = &ok->target, *n = &nk->target;
    const char *label = nk->label;
    int comparable = same_metric && o->kind == n->kind && o->kind != OKR_TARGET_NONE &&
                     (o->kind != OKR_TARGET_BY || o->change_is_relative == n->change_is_relative);
    if (!comparable) {
        const char *ot = slice(c, c->old_prog, o->span), *nt = slice(c, c->new_prog, n->span);
        if (!same_text(ot, nt))
            add(c, same_metric ? OKR_DIFF_TARGET_FORM : OKR_DIFF_TARGET, ot, nt, n->span)->key_result = label;
        return;
    }
    compare_baseline(c, o, n, m, label);
    okr_diff_change *ch = NULL;
    const char *ot = slice(c, c->old_prog, o->value.span), *nt = slice(c, c->new_prog, n->value.span);
    if (o->kind == OKR_TARGET_BY && o->has_change && n->has_change) {
        if (o->change != n->change)
            ch = level_change(c, OKR_DIFF_TARGET, ot, nt, o->change, n->change, n, m, n->value.span);
    } else if (o->kind != OKR_TARGET_BY && o->has_target_level && n->has_target_level) {
        if (o->target_level != n->target_level)
            ch = level_change(c, OKR_DIFF_TARGET, ot, nt, o->target_level, n->target_level, n, m, n->value.span);
    } else if (!same_text(ot, nt)) {
        ch = add(c, OKR_DIFF_TARGET, ot, nt, n->value.span);
    }
    if (!ch)
        return;
    ch->key_result = label;
    if (c->running && ch->harder < 0) {
        ch->flag = flag(c, OKR960, ch->span,
                        okr_arena_printf(c->arena, "target of key result '%s' made easier (%s to %s)", label,
                                         ot ? ot : "?", nt ? nt : "?"));
        okr_diag_help(&c->r->flags, ch->flag, "keep this cycle's target and grade against it; set the new "
                                              "level in the next cycle's key result");
        flag_help(c, ch->flag, "OKR960");
    }
}

static const char *metric_key(okr_arena *arena, const okr_kr *k)
{
    if (k->metric_decl)
        return okr_arena_printf(arena, "%s.%s", k->metric_decl->owner_name ? k->metric_decl->owner_name : "",
                                k->metric_decl->name.text);
    return k->metric ? k->metric->text : NULL;
}

static const char *weight_text(ctx *c, const okr_program *prog, const okr_kr *k)
{
    return k->has_weight ? slice(c, prog, k->more->weight.span) : NULL;
}

static void compare_kr(ctx *c, const okr_kr *o, const okr_kr *n, int by_similarity)
{
    const char *label = n->label;
    if (by_similarity && !same_text(o->name.text, n->name.text) && (o->name.text || n->name.text))
        add(c, OKR_DIFF_KR_RENAMED, o->label, n->label, n->name.text ? n->name.span : okr_kr_keyword_span(n))
            ->key_result = label;
    if (o->is_hypothesis != n->is_hypothesis)
        add(c, OKR_DIFF_KR_KIND, o->is_hypothesis ? "hypothesis" : "kr", n->is_hypothesis ? "hypothesis" : "kr",
            okr_kr_keyword_span(n))->key_result = label;
    if (!same_text(o->title.text, n->title.text))
        add(c, OKR_DIFF_TITLE, o->title.text, n->title.text, n->title.text ? n->title.span : n->span)
            ->key_result = label;
    /* Its own owner, as written, like an objective's: an inherited owner
     * that moves is the objective's owner change. */
    if (!same_text(o->more->owner.text, n->more->owner.text))
        add(c, OKR_DIFF_OWNER, o->more->owner.text, n->more->owner.text,
            n->more->owner.text ? n->more->owner.span : n->span)
            ->key_result = label;
    const char *om = metric_key(c->arena, o), *nm = metric_key(c->arena, n);
    int same_metric = same_text(om, nm);
    if (!same_metric)
        add(c, OKR_DIFF_METRIC, o->metric ? o->metric->text : NULL, n->metric ? n->metric->text : NULL,
            n->metric ? n->metric->span : n->span)->key_result = label;
    compare_target(c, o, n, n->metric_decl, same_metric);
    double ow = o->has_weight ? o->more->weight.value : 1.0, nw = n->has_weight ? n->more->weight.value : 1.0;
    if (ow != nw) {
        okr_diff_change *ch = add(c, OKR_DIFF_WEIGHT, weight_text(c, c->old_prog, o), weight_text(c, c->new_prog, n),
                                  n->has_weight ? n->more->weight.span : n->span);
        ch->key_result = label;
        ch->has_levels = 1;
        ch->old_level = ow;
        ch->new_level = nw;
        ch->movement = sign(nw - ow);
    }
}

static void compare_krs(ctx *c, const okr_objective *o, const okr_objective *n)
{
    okr_vec pairs = {0};
    okr_diff_match_krs(c->arena, o, n, &pairs);
    for (size_t i = 0; i < pairs.len; i++) {
        const okr_diff_pair *p = pairs.items[i];
        const okr_kr *ok = p->old_item, *nk = p->new_item;
        if (ok && nk) {
            compare_kr(c, ok, nk, p->by_similarity);
        } else if (nk) {
            add(c, OKR_DIFF_KR_ADDED, NULL, slice(c, c->new_prog, nk->span), nk->span)->key_result = nk->label;
        } else {
            okr_diff_change *ch = add(c, OKR_DIFF_KR_REMOVED, slice(c, c->old_prog, ok->span), NULL, ok->span);
            ch->key_result = ok->label;
            ch->in_old = 1;
        }
    }
}

/* --- objectives --------------------------------------------------------- */

static const char *counter_key(okr_arena *arena, const okr_counter *k)
{
    if (k->metric_decl)
        return okr_arena_printf(arena, "%s.%s", k->metric_decl->owner_name ? k->metric_decl->owner_name : "",
                                k->metric_decl->name.text);
    return k->metric ? k->metric->text : "";
}

static void compare_counters(ctx *c, const okr_objective *o, const okr_objective *n)
{
    unsigned char *taken = okr_arena_alloc(c->arena, o->counters.len + 1);
    for (size_t j = 0; j < n->counters.len; j++) {
        const okr_counter *nk = n->counters.items[j];
        const char *key = counter_key(c->arena, nk);
        const okr_counter *ok = NULL;
        for (size_t i = 0; !ok && i < o->counters.len; i++) {
            if (!taken[i] && same_text(counter_key(c->arena, o->counters.items[i]), key)) {
                taken[i] = 1;
                ok = o->counters.items[i];
            }
        }
        const char *name = nk->metric ? nk->metric->text : "?";
        const char *nt = slice(c, c->new_prog, nk->target.span);
        if (!ok) {
            add(c, OKR_DIFF_COUNTER_ADDED, NULL, nt, nk->span)->counter = name;
            continue;
        }
        const char *ot = slice(c, c->old_prog, ok->target.span);
        if (ok->target.kind == nk->target.kind && ok->target.has_target_level && nk->target.has_target_level) {
            if (ok->target.target_level != nk->target.target_level)
                level_change(c, OKR_DIFF_COUNTER_BOUND, ot, nt, ok->target.target_level, nk->target.target_level,
                             &nk->target, nk->metric_decl, nk->target.span)->counter = name;
        } else if (!same_text(ot, nt)) {
            add(c, OKR_DIFF_COUNTER_BOUND, ot, nt, nk->target.span)->counter = name;
        }
    }
    for (size_t i = 0; i < o->counters.len; i++) {
        const okr_counter *ok = o->counters.items[i];
        if (taken[i])
            continue;
        okr_diff_change *ch = add(c, OKR_DIFF_COUNTER_REMOVED, slice(c, c->old_prog, ok->target.span), NULL, ok->span);
        ch->counter = ok->metric ? ok->metric->text : "?";
        ch->in_old = 1;
    }
}

static int has_align(const okr_objective *o, const char *text)
{
    for (size_t i = 0; i < o->aligns.len; i++) {
        const okr_align *a = o->aligns.items[i];
        if (a->target && same_text(a->target->text, text))
            return 1;
    }
    return 0;
}

static void compare_aligns(ctx *c, const okr_objective *o, const okr_objective *n)
{
    for (size_t i = 0; i < n->aligns.len; i++) {
        const okr_align *a = n->aligns.items[i];
        if (a->target && !has_align(o, a->target->text))
            add(c, OKR_DIFF_ALIGNMENT_ADDED, NULL, a->target->text, a->span);
    }
    for (size_t i = 0; i < o->aligns.len; i++) {
        const okr_align *a = o->aligns.items[i];
        if (a->target && !has_align(n, a->target->text))
            add(c, OKR_DIFF_ALIGNMENT_REMOVED, a->target->text, NULL, a->span)->in_old = 1;
    }
}

static void compare_archetype(ctx *c, const okr_objective *o, const okr_objective *n)
{
    okr_archetype oa = okr_objective_archetype(o), na = okr_objective_archetype(n);
    if (oa == na)
        return;
    okr_span span = n->archetype != OKR_ARCH_NONE ? n->archetype_span : n->name.span;
    okr_diff_change *ch = add(c, OKR_DIFF_ARCHETYPE, okr_archetype_name(oa), okr_archetype_name(na), span);
    if (c->running && oa == OKR_ARCH_COMMITTED) {
        ch->flag = flag(c, OKR962, span,
                        okr_arena_printf(c->arena, "committed objective '%s' turned %s",
                                         qualified(c->arena, n), okr_archetype_name(na)));
        okr_diag_help(&c->r->flags, ch->flag, "a committed objective that will not reach 1.0 is a failure to "
                                              "diagnose at grading, not a goal to relax while the cycle runs");
        flag_help(c, ch->flag, "OKR962");
    }
}

static void compare_objectives(ctx *c, const okr_objective *o, const okr_objective *n, int by_similarity)
{
    const char *oq = qualified(c->arena, o), *nq = qualified(c->arena, n);
    (void)by_similarity; /* a pair by text with the same name is one whose cycle changed */
    if (!same_text(oq, nq))
        add(c, OKR_DIFF_OBJECTIVE_RENAMED, oq, nq, n->name.span);
    if (!same_text(o->statement.text, n->statement.text))
        add(c, OKR_DIFF_STATEMENT, o->statement.text, n->statement.text,
            n->statement.text ? n->statement.span : n->name.span);
    compare_archetype(c, o, n);
    if (!same_text(o->owner->text, n->owner->text))
        add(c, OKR_DIFF_OWNER, o->owner->text, n->owner->text, n->owner->text ? n->owner->span : n->name.span);
    const char *oc = o->cycle ? o->cycle->label : NULL, *nc = n->cycle ? n->cycle->label : NULL;
    if (!same_text(oc, nc))
        add(c, OKR_DIFF_CYCLE, oc, nc, n->name.span);
    double oe = o->has_expect ? o->expect->value : NAN, ne = n->has_expect ? n->expect->value : NAN;
    if (o->has_expect != n->has_expect || (o->has_expect && oe != ne))
        add(c, OKR_DIFF_EXPECT, o->has_expect ? slice(c, c->old_prog, o->expect->span) : NULL,
            n->has_expect ? slice(c, c->new_prog, n->expect->span) : NULL,
            n->has_expect ? n->expect->span : n->name.span);
    compare_aligns(c, o, n);
    compare_counters(c, o, n);
    compare_krs(c, o, n);
}

static okr_diff_group *group(ctx *c, const okr_objective *o, const okr_objective *n)
{
    okr_diff_group *g = okr_arena_alloc(c->arena, sizeof *g);
    const okr_objective *shown = n ? n : o;
    g->name = qualified(c->arena, shown);
    g->old_name = o ? qualified(c->arena, o) : NULL;
    g->statement = shown->statement.text;
    g->cycle = shown->cycle ? shown->cycle->label : NULL;
    g->old_obj = o;
    g->new_obj = n;
    c->group = c->r->groups.len;
    okr_vec_push(c->arena, &c->r->groups, g);
    return g;
}

void okr_diff_compare(const okr_program *old_prog, okr_program *new_prog, long at_day, okr_diff_result *out)
{
    memset(out, 0, sizeof *out);
    out->at_day = at_day;
    okr_diags_init(&out->flags, &new_prog->arena);
    memcpy(out->flags.severity_of, new_prog->diags.severity_of, sizeof out->flags.severity_of);
    ctx c = {.old_prog = old_prog, .new_prog = new_prog, .arena = &new_prog->arena, .r = out};
    okr_vec pairs = {0};
    okr_diff_match_objectives(c.arena, old_prog, new_prog, &pairs);
    for (size_t i = 0; i < pairs.len; i++) {
        const okr_diff_pair *p = pairs.items[i];
        const okr_objective *o = p->old_item, *n = p->new_item;
        size_t before = out->changes.len;
        group(&c, o, n);
        if (o && n) {
            const okr_cycle_decl *cy = n->cycle;
            c.running = cy && cy->ok && o->cycle && same_text(o->cycle->label, cy->label) && at_day >= cy->start_day;
            c.cycle_start = cy ? cy->start_day : 0;
            c.cycle_label = cy ? cy->label : "";
            compare_objectives(&c, o, n, p->by_similarity);
        } else if (n) {
            add(&c, OKR_DIFF_OBJECTIVE_ADDED, NULL, n->statement.text, n->name.span);
        } else {
            add(&c, OKR_DIFF_OBJECTIVE_REMOVED, o->statement.text, NULL, o->name.span)->in_old = 1;
        }
        if (out->changes.len == before) /* unchanged: no group */
            out->groups.len--;
    }
    okr_program_suppress(new_prog, &out->flags);
    okr_diags_finish(&out->flags);
}

size_t okr_diff_failing_flags(const okr_diff_result *r)
{
    return r->flags.errors + r->flags.warnings;
}
