/* hints.c: suggestions and their fixes for names the checker does not know
 * (spec.md, "Names and scopes" and the codes OKR101, OKR105, OKR107,
 * OKR702, OKR703).
 *
 * A hint collects candidates in the caller's (deterministic) order through
 * common/suggest.h and remembers whether a second, different candidate is
 * as close as the best: one closest name gives a "did you mean" help and a
 * machine-applicable fix, two equally close give both as alternatives (not
 * machine-applicable), more give nothing. Work is bounded on hostile input:
 * a hint considers at most OKR_HINT_MAX_CANDIDATES names, and a caller may
 * share a budget of comparisons across many hints (the resolve pass does).
 *
 * For an undefined metric it also builds the declaration the use implies
 * (type from the written units, direction from the bound or the move) and
 * the `use` line of a standard module that declares the name. */
#include <math.h>
#include <string.h>

#include "../common/calendar.h"
#include "../common/workspace.h"
#include "../parser/parser.h"
#include "passes.h"

void okr_hint_init(okr_hint *h, const char *word, size_t *budget)
{
    memset(h, 0, sizeof *h);
    okr_suggest_init(&h->s, word);
    h->budget = budget;
}

static size_t limit_for(size_t a, size_t b)
{
    size_t longer = a > b ? a : b;
    return longer / 3 > 1 ? longer / 3 : 1;
}

void okr_hint_consider(okr_hint *h, const char *candidate)
{
    if (!candidate || h->seen >= OKR_HINT_MAX_CANDIDATES || (h->budget && *h->budget == 0))
        return;
    h->seen++;
    size_t len = strlen(candidate);
    size_t diff = len > h->s.word_len ? len - h->s.word_len : h->s.word_len - len;
    /* The distance is at least the difference in length: most candidates
     * are rejected here without the dynamic programme. */
    if (diff > limit_for(len, h->s.word_len) || (h->s.best && diff > h->s.best_distance))
        return;
    if (h->budget)
        (*h->budget)--;
    const char *before = h->s.best;
    okr_suggest_consider(&h->s, candidate);
    if (h->s.best != before) {
        h->ties = 0; /* strictly closer than anything before */
        h->tie = NULL;
        return;
    }
    if (!before || strcmp(candidate, before) == 0 || (h->tie && strcmp(candidate, h->tie) == 0))
        return;
    size_t d = okr_suggest_distance(h->s.word, candidate);
    if (d == h->s.best_distance && d <= limit_for(len, h->s.word_len)) {
        if (!h->tie)
            h->tie = candidate;
        h->ties++;
    }
}

const char *okr_hint_best(const okr_hint *h)
{
    return h->ties == 0 ? okr_suggest_best(&h->s) : NULL;
}

int okr_hint_suggest(okr_diags *diags, okr_diag *d, const char *word, const char *first, const char *second,
                     okr_span span)
{
    if (!d || !first)
        return 0;
    if (!second) {
        okr_diag_help(diags, d, "did you mean '%s'?", first);
        okr_fix *f = okr_diag_fix(diags, d, 1, "replace '%s' with '%s'", word, first);
        okr_fix_link_help(f, d);
        okr_fix_edit(diags, f, span, first);
        return 1;
    }
    okr_diag_help(diags, d, "did you mean '%s' or '%s'?", first, second);
    const char *choice[2] = {first, second};
    for (int i = 0; i < 2; i++) {
        okr_fix *f = okr_diag_fix(diags, d, 0, "replace '%s' with '%s'", word, choice[i]);
        okr_fix_edit(diags, f, span, choice[i]);
    }
    return 1;
}

int okr_hint_offer(okr_diags *diags, okr_diag *d, const okr_hint *h, okr_span span)
{
    const char *best = okr_suggest_best(&h->s);
    if (!best || h->ties > 1)
        return 0;
    return okr_hint_suggest(diags, d, h->s.word, best, h->ties ? h->tie : NULL, span);
}

int okr_hint_code(okr_diags *diags, okr_diag *d, const char *word, okr_span span)
{
    if (!d)
        return 0;
    okr_hint h;
    okr_hint_init(&h, word, NULL);
    /* Codes first, then slugs: "OKR3O1" is a code misspelled, and a slug
     * is never within reach of a code. */
    for (int i = 0; i < OKR_CODE_COUNT; i++)
        okr_hint_consider(&h, okr_code_info_get((okr_code)i)->code);
    for (int i = 0; i < OKR_CODE_COUNT; i++)
        okr_hint_consider(&h, okr_code_info_get((okr_code)i)->slug);
    return okr_hint_offer(diags, d, &h, span);
}

/* ---- the declaration an undefined metric's use implies ---- */

typedef enum unit_class { UNIT_NONE, UNIT_PERCENT, UNIT_DURATION, UNIT_MONEY, UNIT_OTHER } unit_class;

static unit_class classify(const char *unit, double *factor)
{
    *factor = 1;
    if (!unit)
        return UNIT_NONE;
    if (strcmp(unit, "%") == 0 || strcmp(unit, "pp") == 0)
        return UNIT_PERCENT;
    if (okr_calendar_duration_unit(unit, factor))
        return UNIT_DURATION;
    if (okr_is_currency_code(unit))
        return UNIT_MONEY;
    return UNIT_OTHER;
}

/* The type the written values imply: the first value with a unit decides
 * (a `%` in `by` is a relative change and says nothing); bare numbers are
 * a count when whole, a number otherwise. */
static const char *implied_type(okr_arena *arena, const okr_target *t)
{
    const okr_quantity *q[2] = {&t->baseline, &t->value};
    int have[2] = {t->kind == OKR_TARGET_FROM_TO && !t->baseline_unknown,
                   t->kind != OKR_TARGET_NONE && t->kind != OKR_TARGET_NO_WORSE};
    int whole = 1, any = 0;
    for (int i = 0; i < 2; i++) {
        if (!have[i])
            continue;
        double f;
        unit_class c = classify(q[i]->unit, &f);
        if (c == UNIT_PERCENT && !(t->kind == OKR_TARGET_BY && strcmp(q[i]->unit, "%") == 0))
            return "percent";
        if (c == UNIT_DURATION)
            return "duration";
        if (c == UNIT_MONEY)
            return okr_arena_printf(arena, "money(%s)", q[i]->unit);
        if (c == UNIT_NONE) {
            any = 1;
            whole &= floor(q[i]->value) == q[i]->value;
        }
    }
    return any && whole ? "count" : "number";
}

/* The direction the bound or the move implies; increasing when nothing
 * says (`no worse than baseline`, `from ?`). */
static const char *implied_direction(const okr_target *t)
{
    double fb, fv;
    switch (t->kind) {
    case OKR_TARGET_AT_MOST:
        return "decreasing";
    case OKR_TARGET_BY:
        return t->value.value < 0 ? "decreasing" : "increasing";
    case OKR_TARGET_FROM_TO:
        if (t->baseline_unknown)
            break;
        classify(t->baseline.unit, &fb);
        classify(t->value.unit, &fv);
        return t->value.value * fv < t->baseline.value * fb ? "decreasing" : "increasing";
    default:
        break;
    }
    return "increasing";
}

const char *okr_hint_metric_decl(okr_arena *arena, const char *name, const okr_target *t)
{
    return okr_arena_printf(arena, "metric %s \"Description\" : %s %s", name, implied_type(arena, t),
                            implied_direction(t));
}

/* The line break the file uses (CRLF when its first line ends so). */
static const char *line_break(okr_source_file *f)
{
    const char *text = okr_source_file_text(f); /* NULL: changed since its parse (OKR011) */
    const char *nl = text ? memchr(text, '\n', f->len) : NULL;
    return nl && nl > text && nl[-1] == '\r' ? "\r\n" : "\n";
}

/* Adds an edit inserting `line` as a line of its own: after the line on
 * which `after` ends, or when `after` is NULL before the line on which
 * `before` starts. */
static void insert_line(okr_program *prog, okr_fix *fix, uint32_t file, const okr_decl *after,
                        const okr_decl *before, const char *line, const char *extra)
{
    okr_source_file *f = okr_source_get(&prog->sources, file);
    const char *nl = line_break(f);
    uint32_t at;
    const char *text;
    if (after) {
        size_t index = okr_source_line_index(f, after->span.end > 0 ? after->span.end - 1 : 0);
        if (index + 1 < okr_source_line_count(f)) {
            at = okr_source_line_start(f, index + 1);
            text = okr_arena_printf(&prog->arena, "%s%s", line, nl);
        } else {
            at = (uint32_t)f->len;
            text = okr_arena_printf(&prog->arena, "%s%s", nl, line);
        }
    } else {
        at = okr_source_line_start(f, okr_source_line_index(f, before->span.start));
        text = okr_arena_printf(&prog->arena, "%s%s%s", line, nl, extra ? nl : "");
    }
    okr_fix_edit(&prog->diags, fix, okr_span_make(file, at, at), text);
}

/* The declarations a new line goes after (the last of `kind`) or before
 * (the first that is none of the header kinds). */
static void anchors(const okr_file_unit *unit, okr_decl_kind kind, const okr_decl **after,
                    const okr_decl **before)
{
    *after = *before = NULL;
    for (size_t i = 0; i < unit->ast->decls.len; i++) {
        const okr_decl *decl = unit->ast->decls.items[i];
        if (decl->kind == kind)
            *after = decl;
        else if (!*before && decl->kind != OKR_DECL_TEAM && decl->kind != OKR_DECL_CYCLE &&
                 decl->kind != OKR_DECL_USE && decl->kind != OKR_DECL_POLICY)
            *before = decl;
    }
}

void okr_hint_declare_fix(okr_program *prog, okr_diag *d, const okr_file_unit *unit, const char *name,
                          const char *decl_line)
{
    const okr_decl *after, *before;
    anchors(unit, OKR_DECL_METRIC, &after, &before);
    if (!d || (!after && !before))
        return;
    okr_fix *f = okr_diag_fix(&prog->diags, d, 0, "declare '%s' in this file", name);
    okr_fix_link_help(f, d);
    uint32_t file = (after ? after : before)->span.file;
    insert_line(prog, f, file, after, before, decl_line, "");
}

void okr_hint_use_fix(okr_program *prog, okr_diag *d, const okr_file_unit *unit, const char *module,
                      int machine_applicable)
{
    const okr_decl *after, *before;
    anchors(unit, OKR_DECL_USE, &after, &before);
    if (!d || (!after && !before))
        return;
    okr_fix *f = okr_diag_fix(&prog->diags, d, machine_applicable, "add `use %s`", module);
    okr_fix_link_help(f, d);
    uint32_t file = (after ? after : before)->span.file;
    const char *line = okr_arena_printf(&prog->arena, "use %s", module);
    insert_line(prog, f, file, after, before, line, after ? NULL : "");
}

/* ---- metrics of standard modules no file uses ---- */

void okr_hint_std_scan(okr_program *prog, okr_strmap *by_name, okr_vec *list)
{
    okr_strmap_init(by_name, &prog->arena);
    for (size_t i = 0; i < prog->modules.len; i++) {
        okr_module *m = prog->modules.items[i];
        okr_vec names = {0};
        if (m->parsed) {
            for (size_t j = 0; j < m->metric_list.len; j++)
                okr_vec_push(&prog->arena, &names,
                             (void *)((okr_metric_decl *)m->metric_list.items[j])->name.text);
        } else {
            /* A throwaway parse, as the language server's completion does:
             * parsing it into the program would make it look used
             * (compile --emit json lists parsed modules). */
            okr_workspace_session s;
            okr_workspace_session_init(&s);
            uint32_t id = okr_source_add(&s.sources, m->name, m->text, m->len, 1);
            okr_file_ast *ast = okr_parse_file(&s.arena, &s.diags, &s.sources, id);
            for (size_t j = 0; j < ast->decls.len; j++) {
                const okr_decl *decl = ast->decls.items[j];
                if (decl->kind != OKR_DECL_METRIC)
                    continue;
                const char *name = ((okr_metric_decl *)decl->node)->name.text;
                okr_vec_push(&prog->arena, &names, okr_arena_strndup(&prog->arena, name, strlen(name)));
            }
            okr_workspace_session_free(&s);
        }
        for (size_t j = 0; j < names.len; j++) {
            okr_hint_owned *o = okr_arena_alloc(&prog->arena, sizeof *o);
            o->name = names.items[j];
            o->owner = m->name;
            okr_vec_push(&prog->arena, list, o);
            okr_vec *owners = okr_strmap_get(by_name, o->name);
            if (!owners) {
                owners = okr_arena_alloc(&prog->arena, sizeof *owners);
                okr_strmap_put(by_name, o->name, owners);
            }
            if (!owners->len || owners->items[owners->len - 1] != m->name)
                okr_vec_push(&prog->arena, owners, (void *)m->name);
        }
    }
}
