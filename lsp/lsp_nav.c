/* lsp_nav.c: hover and go-to-definition: what is under the cursor, and
 * where it is declared.
 *
 * Both start from the same question, answered once by lsp_find_hit()
 * (which references and rename ask too): the keyword at the cursor (read
 * from the text, so it works in any partial tree), else the name in the
 * syntax tree whose span holds the cursor. The
 * checker has already resolved every reference (kr->metric_decl,
 * align->objective, ...), so neither feature resolves names itself and
 * both agree with `okrc check`.
 *
 * Standard-library metrics are embedded in okrc: go-to-definition on one
 * (or on `use std.MODULE`) opens the module's read-only copy in the cache
 * directory (lsp_stdlib.c), and the hover names the module and its
 * embedded path (<stdlib>/std/product.okr:17). */
#include <string.h>

#include "../checker/program.h"
#include "../lexer/lexer.h"
#include "lsp_internal.h"

/* One line per keyword for hovers; the class comes from keywords.def. */
static const struct {
    const char *word;
    const char *meaning;
} keyword_help[] = {
    {"aggregate", "Metric clause: how the observations of a period summarise (`aggregate sum over 7d`): latest, sum or mean."},
    {"aligns", "Objective item: `aligns TEAM.OBJECTIVE` (or `.KR`) links the objective to the one it contributes to."},
    {"aspirational", "Archetype: a stretch objective; about 70% of the target counts as success. The default."},
    {"at", "Target: `at least T` or `at most T`, a bound the metric must stay within."},
    {"baseline", "Target: `no worse than baseline`, the metric's value at the start of the cycle."},
    {"by", "Target: a change from the value at cycle start: `by +5pp`, `by -40%` (relative), `by +200`."},
    {"committed", "Archetype: a promise; anything short of 100% is a miss."},
    {"count", "Metric type: a whole number of things (users, tickets); values are bare numbers."},
    {"counter", "Objective item: a counter-metric, a guardrail the key results must not push the wrong way."},
    {"cycle", "Declaration: the period of the file's objectives: `cycle 2026-Q3` or `cycle \"NAME\" from D to D`."},
    {"decreasing", "Metric direction: lower is better."},
    {"duration", "Metric type: a span of time; values carry a unit (`ms` `s` `min` `h` `d` `w`)."},
    {"expect", "Objective item: the score the owners expect at the end of the cycle (0 to 1)."},
    {"from", "Target: `from B to T`, a key result's baseline and target; also a cycle's start date."},
    {"hypothesis", "Objective item: a key result of a learning objective, graded confirmed, refuted or inconclusive."},
    {"increasing", "Metric direction: higher is better."},
    {"kr", "Objective item: a key result, a measurable target on one metric."},
    {"lag", "Metric clause: how long the metric's data takes to settle (`lag 2d`)."},
    {"learning", "Archetype: an objective that answers questions; its key results are hypotheses."},
    {"least", "Target: `at least T`, the metric must not fall below T."},
    {"limit", "Policy item: `limit NAME MIN..MAX`, a bound such as key results per objective."},
    {"metric", "Declaration: `metric NAME \"Description\" : TYPE DIRECTION`, a standing measure."},
    {"money", "Metric type: `money(CUR)`, amounts in an ISO 4217 currency."},
    {"most", "Target: `at most T`, the metric must not rise above T."},
    {"native", "Declaration: a metric function in a shared library, for `via`."},
    {"no", "Target: `no worse than baseline`."},
    {"number", "Metric type: any number, as written."},
    {"objective", "Declaration: `ARCHETYPE objective NAME \"Statement\" { ... }`."},
    {"operational", "Metric flag: an operational measure (uptime, compliance, security, safety)."},
    {"over", "Metric clause: the window of an aggregation (`over 7d`, `over cycle`)."},
    {"owner", "Declaration item: the person who owns a team, an objective or a key result (`kr NAME \"Title\" owner \"Name\" : ...`)."},
    {"percent", "Metric type: a share; levels are written `22%`, absolute changes `+5pp`."},
    {"policy", "Declaration: a `policy { ... }` block of limits, severities and vocabularies (okr.policy)."},
    {"score", "Metric type: `score(MIN..MAX)`, a value on a fixed scale such as NPS."},
    {"severity", "Policy item: `severity CODE LEVEL` sets a diagnostic's level (error, warning, note, off)."},
    {"source", "Metric clause: the metric's name in the feeds (`source \"events.activation\"`)."},
    {"team", "Declaration: `team NAME \"Title\" owner \"Name\"`, the file's team."},
    {"than", "Target: `no worse than baseline`."},
    {"to", "Target: `from B to T`; also a cycle's end date."},
    {"unit", "Metric clause: the unit the metric's feed values are written in (`unit d`: a feed's 56 is 56 days)."},
    {"use", "Declaration: `use std.MODULE` or `use TEAM` brings its metrics into scope."},
    {"via", "Metric clause: `via NATIVE` names the native function that supplies the metric."},
    {"vocabulary", "Policy item: `vocabulary LIST \"word\" ...` extends a word list of the checks."},
    {"weight", "Key-result item: the key result's weight in its objective's score."},
    {"worse", "Target: `no worse than baseline`."},
};


static int is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The line of `offset` read up to it: whether the offset lies in a string
 * or a comment, where a word is no keyword. */
static int in_string_or_comment(const lsp_file *f, uint32_t line_start, uint32_t offset)
{
    int in_string = 0;
    for (uint32_t i = line_start; i < offset && i < f->len; i++) {
        char c = f->text[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '/' && i + 1 < f->len && f->text[i + 1] == '/') {
            return 1;
        }
    }
    return in_string;
}

static uint32_t line_start_of(const lsp_file *f, uint32_t offset)
{
    size_t lo = 0, hi = f->line_count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->lines[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return f->lines[lo];
}

static int find_keyword(const lsp_file *f, uint32_t offset, lsp_hit *h)
{
    if (offset > f->len)
        return 0;
    uint32_t start = offset, end = offset;
    while (start > 0 && is_word_char(f->text[start - 1]))
        start--;
    while (end < f->len && is_word_char(f->text[end]))
        end++;
    if (start == end || (start > 0 && f->text[start - 1] == '.'))
        return 0;
    const okr_keyword *kw = okr_keyword_find(f->text + start, end - start);
    if (!kw || in_string_or_comment(f, line_start_of(f, start), start))
        return 0;
    h->kind = LSP_HIT_KEYWORD;
    h->keyword = kw;
    h->span = okr_span_make(f->id, start, end);
    return 1;
}

static int within(const lsp_file *f, okr_span span, uint32_t offset)
{
    return lsp_span_valid(f, span) && span.start < span.end && span.start <= offset && offset <= span.end;
}

static int set_hit(lsp_hit *h, lsp_hit_kind kind, okr_span span)
{
    h->kind = kind;
    h->span = span;
    return 1;
}

/* The team a qualified reference's first part names, when the offset is
 * on that part: `growth` of `growth.connect_rate` or `company.self_serve`.
 * The checker resolves that part by name alone (spec.md, "Names and
 * scopes"), so the table lookup is the resolution. */
static okr_team *team_part_at(const lsp_build *b, const lsp_file *f, const okr_path *p, int min_parts,
                              uint32_t off)
{
    if (p->count < min_parts || !p->parts[0].text || !within(f, p->parts[0].span, off))
        return NULL;
    return okr_strmap_get(&b->prog.teams_by_name, p->parts[0].text);
}

/* A metric reference of a key result or counter-metric: its team part,
 * else the metric. */
static int metric_ref_hit(const lsp_build *b, const lsp_file *f, okr_path *p, okr_metric_decl *m, uint32_t off,
                          lsp_hit *h)
{
    okr_team *team = p->count == 2 ? team_part_at(b, f, p, 2, off) : NULL;
    if (team) {
        h->team = team;
        return set_hit(h, LSP_HIT_TEAM, p->parts[0].span);
    }
    h->metric = m;
    return set_hit(h, m ? LSP_HIT_METRIC : LSP_HIT_NONE, p->span);
}

/* An `aligns` target: the team part, else the key result when the cursor
 * is on its part, else the objective. */
static int align_hit(const lsp_build *b, const lsp_file *f, okr_align *a, uint32_t off, lsp_hit *h)
{
    okr_path *p = a->target;
    okr_team *team = p->count <= 3 ? team_part_at(b, f, p, 2, off) : NULL;
    if (team) {
        h->team = team;
        return set_hit(h, LSP_HIT_TEAM, p->parts[0].span);
    }
    if (a->kr && (p->count < 3 || within(f, p->parts[2].span, off))) {
        h->kr = a->kr;
        h->objective = a->objective;
        return set_hit(h, LSP_HIT_KR, a->target->span);
    }
    h->objective = a->objective;
    return set_hit(h, a->objective ? LSP_HIT_OBJECTIVE : LSP_HIT_NONE, a->target->span);
}

static int find_in_objective(const lsp_build *b, const lsp_file *f, okr_objective *o, uint32_t off, lsp_hit *h)
{
    if (within(f, o->name.span, off)) {
        h->objective = o;
        return set_hit(h, LSP_HIT_OBJECTIVE, o->name.span);
    }
    for (size_t i = 0; i < o->krs.len; i++) {
        okr_kr *kr = o->krs.items[i];
        if (kr->metric && within(f, kr->metric->span, off))
            return metric_ref_hit(b, f, kr->metric, kr->metric_decl, off, h);
        okr_span parts[] = {kr->name.span, kr->title.span, kr->target.span};
        for (size_t k = 0; k < 3; k++)
            if (within(f, parts[k], off)) {
                h->kr = kr;
                h->objective = o;
                return set_hit(h, LSP_HIT_KR, parts[k]);
            }
    }
    for (size_t i = 0; i < o->counters.len; i++) {
        okr_counter *c = o->counters.items[i];
        if (c->metric && within(f, c->metric->span, off))
            return metric_ref_hit(b, f, c->metric, c->metric_decl, off, h);
    }
    for (size_t i = 0; i < o->aligns.len; i++) {
        okr_align *a = o->aligns.items[i];
        if (a->target && within(f, a->target->span, off))
            return align_hit(b, f, a, off, h);
    }
    return 0;
}

/* Fills *h with what is at `offset`; returns 0 when nothing is. */
int lsp_find_hit(lsp_build *b, const lsp_file *f, uint32_t offset, lsp_hit *h)
{
    memset(h, 0, sizeof *h);
    if (find_keyword(f, offset, h))
        return 1;
    if (!f->unit || !f->unit->ast)
        return 0;
    okr_program *prog = &b->prog;
    okr_vec *decls = &f->unit->ast->decls;
    for (size_t i = 0; i < decls->len; i++) {
        okr_decl *decl = decls->items[i];
        switch (decl->kind) {
        case OKR_DECL_METRIC: {
            okr_metric_decl *m = decl->node;
            if (within(f, m->name.span, offset)) {
                h->metric = m;
                return set_hit(h, LSP_HIT_METRIC, m->name.span);
            }
            if (m->more->via.text && within(f, m->more->via.span, offset)) {
                h->native = m->native ? m->native : okr_strmap_get(&prog->natives, m->more->via.text);
                return set_hit(h, h->native ? LSP_HIT_NATIVE : LSP_HIT_NONE, m->more->via.span);
            }
            break;
        }
        case OKR_DECL_OBJECTIVE:
            if (find_in_objective(b, f, decl->node, offset, h))
                return h->kind != LSP_HIT_NONE;
            break;
        case OKR_DECL_USE: {
            okr_use_decl *u = decl->node;
            if (u->module && u->module->text && within(f, u->module->span, offset)) {
                h->module = okr_strmap_get(&prog->modules_by_name, u->module->text);
                h->team = h->module ? NULL : okr_strmap_get(&prog->teams_by_name, u->module->text);
                return set_hit(h, h->module ? LSP_HIT_MODULE : h->team ? LSP_HIT_TEAM : LSP_HIT_NONE, u->module->span) &&
                       h->kind != LSP_HIT_NONE;
            }
            break;
        }
        case OKR_DECL_TEAM: {
            okr_team_decl *t = decl->node;
            if (t->name.text && within(f, t->name.span, offset)) {
                h->team = okr_strmap_get(&prog->teams_by_name, t->name.text);
                return set_hit(h, h->team ? LSP_HIT_TEAM : LSP_HIT_NONE, t->name.span) && h->kind != LSP_HIT_NONE;
            }
            break;
        }
        case OKR_DECL_NATIVE: {
            okr_native_decl *n = decl->node;
            if (within(f, n->name.span, offset)) {
                h->native = n;
                return set_hit(h, LSP_HIT_NATIVE, n->name.span);
            }
            break;
        }
        default:
            break;
        }
    }
    return 0;
}

/* --- hover text ---------------------------------------------------------- */

/* "path:line" of a span, as `okrc check` would print it. */
static void put_where(lsp_buf *out, lsp_build *b, okr_span span)
{
    if (span.file >= b->prog.sources.len)
        return;
    okr_source_file *src = okr_source_get(&b->prog.sources, span.file);
    okr_position pos = okr_source_position(&b->prog.sources, span.file, span.start);
    lsp_buf_printf(out, "`%s:%u`", src->path, (unsigned)pos.line);
}

static const char *metric_type_text(lsp_build *b, const okr_metric_decl *m)
{
    okr_arena *a = &b->prog.arena;
    if (m->type == OKR_TYPE_MONEY)
        return okr_arena_printf(a, "money(%s)", m->more->currency.text ? m->more->currency.text : "?");
    if (m->type == OKR_TYPE_SCORE)
        return okr_arena_printf(a, "score(%s..%s)", lsp_span_text(b, m->more->score_min.span),
                                lsp_span_text(b, m->more->score_max.span));
    return okr_type_name(m->type);
}

static const char *unit_text(const okr_metric_decl *m)
{
    switch (m->type) {
    case OKR_TYPE_PERCENT: return "`%` for levels; `pp` (points) or `%` (relative) for changes";
    case OKR_TYPE_DURATION: return "a time unit: `ms` `s` `min` `h` `d` `w`";
    case OKR_TYPE_MONEY: return "the currency; values are bare numbers or carry its code";
    case OKR_TYPE_SCORE: return "none: bare numbers on the scale";
    case OKR_TYPE_COUNT:
    case OKR_TYPE_NUMBER: return "none: bare numbers";
    case OKR_TYPE_NONE: break;
    }
    return "none";
}

static void hover_metric(lsp_buf *out, lsp_build *b, const okr_metric_decl *m)
{
    okr_source_file *src = m->name.span.file < b->prog.sources.len
                               ? okr_source_get(&b->prog.sources, m->name.span.file) : NULL;
    lsp_buf_printf(out, "```okr\nmetric %s%s%s\n```\n", m->owner_name ? m->owner_name : "",
                   m->owner_name ? "." : "", m->name.text ? m->name.text : "?");
    if (m->description.text)
        lsp_buf_printf(out, "%s\n\n", m->description.text);
    lsp_buf_printf(out, "- **type:** `%s`\n", metric_type_text(b, m));
    if (m->direction != OKR_DIR_NONE)
        lsp_buf_printf(out, "- **direction:** %s (%s is better)\n", okr_direction_name(m->direction),
                       m->direction == OKR_DIR_INCREASING ? "higher" : "lower");
    else
        lsp_buf_printf(out, "- **direction:** none declared\n");
    lsp_buf_printf(out, "- **unit:** %s\n", unit_text(m));
    if (m->operational)
        lsp_buf_printf(out, "- **operational** (uptime, compliance, security, safety)\n");
    if (m->more->source.text)
        lsp_buf_printf(out, "- **source:** \"%s\"\n", m->more->source.text);
    /* The word as written, even one the checker rejects, so the hover
     * shows what the file says; unwritten, the default the checker chose. */
    if (m->more->aggregate.text || m->has_window)
        lsp_buf_printf(out, "- **aggregate:** %s%s%s\n",
                       m->more->aggregate.text ? m->more->aggregate.text : okr_aggregate_name(m->aggregate_kind),
                       m->has_window ? " over " : "",
                       !m->has_window ? "" : m->window_is_cycle ? "cycle" : lsp_span_text(b, m->more->window.span));
    if (m->has_lag)
        lsp_buf_printf(out, "- **lag:** %s\n", lsp_span_text(b, m->more->lag.span));
    if (m->more->via.text)
        lsp_buf_printf(out, "- **via:** native `%s`\n", m->more->via.text);
    if (src && src->is_stdlib)
        lsp_buf_printf(out, "\nDeclared by the standard module `%s` (embedded: ",
                       m->owner_name ? m->owner_name : "std");
    else
        lsp_buf_printf(out, "\nDeclared at ");
    put_where(out, b, m->name.span);
    lsp_buf_printf(out, "%s\n", src && src->is_stdlib ? ")" : "");
}

static const char *objective_name(const okr_objective *o)
{
    return o->name.text ? o->name.text : "?";
}

static void hover_objective(lsp_buf *out, lsp_build *b, const okr_objective *o)
{
    const char *team = o->team && o->team->name.text ? o->team->name.text : NULL;
    lsp_buf_printf(out, "```okr\n%s objective %s%s%s\n```\n", okr_archetype_name(okr_objective_archetype(o)),
                   team ? team : "", team ? "." : "", objective_name(o));
    if (o->statement.text)
        lsp_buf_printf(out, "\"%s\"\n\n", o->statement.text);
    lsp_buf_printf(out, "- **archetype:** %s%s\n", okr_archetype_name(okr_objective_archetype(o)),
                   o->archetype == OKR_ARCH_NONE ? " (the default)" : "");
    if (o->cycle && o->cycle->label)
        lsp_buf_printf(out, "- **cycle:** %s\n", o->cycle->label);
    if (team)
        lsp_buf_printf(out, "- **team:** %s%s%s%s\n", team, o->team->title.text ? " (\"" : "",
                       o->team->title.text ? o->team->title.text : "", o->team->title.text ? "\")" : "");
    if (o->owner->text)
        lsp_buf_printf(out, "- **owner:** %s\n", o->owner->text);
    lsp_buf_printf(out, "- **key results:** %zu", o->krs.len);
    if (o->counters.len)
        lsp_buf_printf(out, ", counter-metrics: %zu", o->counters.len);
    lsp_buf_printf(out, "\n");
    for (size_t i = 0; i < o->aligns.len; i++) {
        const okr_align *a = o->aligns.items[i];
        if (a->target && a->target->text)
            lsp_buf_printf(out, "- **aligns:** %s\n", a->target->text);
    }
    if (o->has_expect)
        lsp_buf_printf(out, "- **expect:** %s\n", lsp_span_text(b, o->expect->span));
    lsp_buf_printf(out, "\nDeclared at ");
    put_where(out, b, o->name.span);
    lsp_buf_printf(out, "\n");
}

/* The target of a key result in words: what must happen to the metric. */
static void put_target(lsp_buf *out, lsp_build *b, const okr_kr *kr)
{
    const okr_target *t = &kr->target;
    const char *metric = kr->metric && kr->metric->text ? kr->metric->text : "the metric";
    const char *value = lsp_span_text(b, t->value.span);
    switch (t->kind) {
    case OKR_TARGET_FROM_TO:
        if (t->baseline_unknown) {
            lsp_buf_printf(out, "move `%s` to %s from its value at the start of the cycle (baseline to be measured)",
                           metric, value);
        } else {
            const char *verb = t->value.value > t->baseline.value   ? "raise"
                               : t->value.value < t->baseline.value ? "lower" : "hold";
            lsp_buf_printf(out, "%s `%s` from %s to %s", verb, metric, lsp_span_text(b, t->baseline.span), value);
        }
        break;
    case OKR_TARGET_BY: {
        const char *verb = t->value.value < 0 ? "lower" : "raise";
        const char *unit = t->value.unit ? t->value.unit : "";
        lsp_buf_printf(out, "%s `%s` by %s%s", verb, metric, value,
                       strcmp(unit, "%") == 0    ? " of its value at the start of the cycle (a relative change)"
                       : strcmp(unit, "pp") == 0 ? " (percentage points)"
                                                 : " from its value at the start of the cycle");
        break;
    }
    case OKR_TARGET_AT_LEAST:
        lsp_buf_printf(out, "keep `%s` at %s or above", metric, value);
        break;
    case OKR_TARGET_AT_MOST:
        lsp_buf_printf(out, "keep `%s` at %s or below", metric, value);
        break;
    case OKR_TARGET_NO_WORSE:
        lsp_buf_printf(out, "keep `%s` no worse than its value at the start of the cycle", metric);
        break;
    case OKR_TARGET_NONE:
        lsp_buf_printf(out, "none written");
        break;
    }
}

static void hover_kr(lsp_buf *out, lsp_build *b, const okr_kr *kr)
{
    const okr_objective *o = kr->objective;
    lsp_buf_printf(out, "```okr\n%s %s\n```\n", kr->is_hypothesis ? "hypothesis" : "kr",
                   kr->name.text ? kr->name.text : kr->label ? kr->label : "(unnamed)");
    if (o)
        lsp_buf_printf(out, "Key result of objective `%s%s%s`\n\n", o->team && o->team->name.text ? o->team->name.text : "",
                       o->team && o->team->name.text ? "." : "", objective_name(o));
    if (kr->title.text)
        lsp_buf_printf(out, "\"%s\"\n\n", kr->title.text);
    lsp_buf_printf(out, "**%s:** ", kr->is_hypothesis ? "Confirmed when" : "Target");
    put_target(out, b, kr);
    lsp_buf_printf(out, ".\n");
    if (kr->metric_decl && kr->metric_decl->direction != OKR_DIR_NONE)
        lsp_buf_printf(out, "\n`%s` is %s: %s is better.\n", kr->metric->text, okr_type_name(kr->metric_decl->type),
                       kr->metric_decl->direction == OKR_DIR_INCREASING ? "higher" : "lower");
    if (kr->has_weight)
        lsp_buf_printf(out, "\n- **weight:** %s\n", lsp_span_text(b, kr->more->weight.span));
    if (kr->resolved_owner)
        lsp_buf_printf(out, "\n- **owner:** %s%s\n", kr->resolved_owner,
                       kr->owner_inherited ? " (the objective's)" : "");
}

static void hover_keyword(lsp_buf *out, const okr_keyword *kw)
{
    lsp_buf_printf(out, "**`%s`**: keyword (%s)\n", kw->spelling, okr_keyword_class_name(kw->klass));
    for (size_t i = 0; i < sizeof keyword_help / sizeof keyword_help[0]; i++)
        if (strcmp(keyword_help[i].word, kw->spelling) == 0)
            lsp_buf_printf(out, "\n%s\n", keyword_help[i].meaning);
}

static void hover_team(lsp_buf *out, lsp_build *b, const okr_team *t)
{
    lsp_buf_printf(out, "```okr\nteam %s\n```\n", t->name);
    if (t->decl && t->decl->title.text)
        lsp_buf_printf(out, "\"%s\"\n\n", t->decl->title.text);
    if (t->decl && t->decl->owner.text)
        lsp_buf_printf(out, "- **owner:** %s\n", t->decl->owner.text);
    lsp_buf_printf(out, "- **metrics:** %zu\n- **objectives:** %zu\n", t->metric_list.len, t->objectives.len);
    if (t->decl) {
        lsp_buf_printf(out, "\nDeclared at ");
        put_where(out, b, t->decl->name.span);
        lsp_buf_printf(out, "\n");
    }
}

static void hover_module(lsp_buf *out, const okr_module *m)
{
    lsp_buf_printf(out, "```okr\nuse %s\n```\nStandard-library module, embedded in okrc", m->name);
    if (m->parsed)
        lsp_buf_printf(out, ": %zu metrics", m->metric_list.len);
    lsp_buf_printf(out, ".\n");
}

static void hover_native(lsp_buf *out, lsp_build *b, const okr_native_decl *n)
{
    lsp_buf_printf(out, "```okr\nnative %s \"%s\" \"%s\" (", n->name.text ? n->name.text : "?",
                   n->library.text ? n->library.text : "", n->symbol.text ? n->symbol.text : "");
    for (size_t i = 0; i < n->params.len; i++) {
        const okr_name *p = n->params.items[i];
        lsp_buf_printf(out, "%s%s", i ? ", " : "", p->text ? p->text : "?");
    }
    lsp_buf_printf(out, ") : %s\n```\nA metric function in a shared library, called by `okrc grade --allow-native`.\n\n"
                   "Declared at ", n->result.text ? n->result.text : "?");
    put_where(out, b, n->name.span);
    lsp_buf_printf(out, "\n");
}

/* --- requests ------------------------------------------------------------ */

/* The file and offset a position request is about; 0 or an error code.
 * *f is NULL (with no error) when the document is not in the program. */
static int locate(lsp_server *s, json_t *params, lsp_file **f, uint32_t *offset)
{
    const char *uri;
    long line, character;
    if (lsp_params_document(params, &uri) != 0 || lsp_params_position(params, &line, &character) != 0)
        return LSP_INVALID_PARAMS;
    *f = lsp_file_for_uri(s, uri);
    if (*f)
        *offset = lsp_offset_of(*f, line, character);
    return 0;
}

int lsp_hover(lsp_server *s, json_t *params, json_t **result)
{
    lsp_file *f;
    uint32_t offset;
    int rc = locate(s, params, &f, &offset);
    lsp_hit h;
    *result = json_null();
    if (rc != 0 || !f || !lsp_find_hit(s->view, f, offset, &h))
        return rc;
    lsp_buf md = {0};
    lsp_build *b = s->view;
    switch (h.kind) {
    case LSP_HIT_KEYWORD: hover_keyword(&md, h.keyword); break;
    case LSP_HIT_METRIC: hover_metric(&md, b, h.metric); break;
    case LSP_HIT_OBJECTIVE: hover_objective(&md, b, h.objective); break;
    case LSP_HIT_KR: hover_kr(&md, b, h.kr); break;
    case LSP_HIT_TEAM: hover_team(&md, b, h.team); break;
    case LSP_HIT_MODULE: hover_module(&md, h.module); break;
    case LSP_HIT_NATIVE: hover_native(&md, b, h.native); break;
    case LSP_HIT_NONE: break;
    }
    if (!md.len) {
        free(md.text);
        return 0;
    }
    json_t *contents = json_object();
    json_object_set_new(contents, "kind", json_string("markdown"));
    json_object_set_new(contents, "value", lsp_buf_take(&md));
    *result = json_object();
    json_object_set_new(*result, "contents", contents);
    json_object_set_new(*result, "range", lsp_range_json(f, h.span.start, h.span.end));
    return 0;
}

/* The start of a standard-library module's source, parsed when a `use`
 * named it: the source table names it "<stdlib>/std/product.okr". */
static okr_span module_start(lsp_build *b, const okr_module *m)
{
    char *path = okr_arena_printf(&b->prog.arena, "<stdlib>/%s.okr", m->name);
    for (char *c = path + 9; *c; c++)
        if (*c == '.' && strcmp(c, ".okr") != 0)
            *c = '/';
    for (uint32_t id = 0; id < b->prog.sources.len; id++) {
        okr_source_file *src = okr_source_get(&b->prog.sources, id);
        if (src->is_stdlib && strcmp(src->path, path) == 0)
            return okr_span_make(id, 0, 0);
    }
    return okr_span_make(OKR_NO_FILE, 0, 0);
}

int lsp_definition(lsp_server *s, json_t *params, json_t **result)
{
    lsp_file *f;
    uint32_t offset;
    int rc = locate(s, params, &f, &offset);
    lsp_hit h;
    *result = json_null();
    if (rc != 0 || !f || !lsp_find_hit(s->view, f, offset, &h))
        return rc;
    okr_span target = {OKR_NO_FILE, 0, 0};
    switch (h.kind) {
    case LSP_HIT_METRIC: target = h.metric->name.span; break;
    case LSP_HIT_OBJECTIVE: target = h.objective->name.span; break;
    case LSP_HIT_KR: target = h.kr->name.text ? h.kr->name.span : h.kr->span; break;
    case LSP_HIT_TEAM:
        if (h.team->decl)
            target = h.team->decl->name.span;
        break;
    case LSP_HIT_NATIVE: target = h.native->name.span; break;
    case LSP_HIT_MODULE: target = module_start(s->view, h.module); break;
    case LSP_HIT_KEYWORD:
    case LSP_HIT_NONE: break;
    }
    if (target.file != OKR_NO_FILE) {
        json_decref(*result);
        /* A standard-library declaration opens its read-only copy. */
        *result = lsp_location_any_json(s->view, target);
    }
    return 0;
}
