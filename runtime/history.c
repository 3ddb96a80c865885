/* history.c: lining up the objectives of several cycles and flagging what
 * repeats (history.h; spec.md, "History across cycles").
 *
 * Everything here is read from the grading result: scores, verdicts and
 * archetypes as grading decided them, and the objectives as the checker
 * resolved them. An objective's identity across cycles is its team and
 * name; whether it was carried forward unchanged is decided on a
 * fingerprint of what the checker resolved (archetype, statement, and per
 * key result and counter-metric its label, title, metric, target form and
 * levels in base units, weight), so reformatting or a new comment is not a
 * change while `from 20% to 30%` becoming `from 0.2 to 0.3` on a fraction
 * metric is not one either.
 *
 * Invariants: cycles are distinct by (start, end) and sorted; each row's
 * entries are sorted by cycle start and no two share a cycle (OKR103:
 * objectives of one team and name never overlap); flags hold index runs
 * into a row's entries. */
#include "history.h"

#include <string.h>

#include "../common/strmap.h"

const char *okr_history_flag_slug(okr_history_flag_kind kind)
{
    switch (kind) {
    case OKR_HISTORY_TARGETS_TOO_LOW: return "targets_too_low";
    case OKR_HISTORY_CARRIED_FORWARD: return "carried_forward";
    case OKR_HISTORY_FAILED_AGAIN: return "failed_again";
    }
    return "?";
}

static int cycle_before(const okr_cycle_decl *a, const okr_cycle_decl *b)
{
    return a->start_day < b->start_day || (a->start_day == b->start_day && a->end_day < b->end_day);
}

static int cycle_same(const okr_cycle_decl *a, const okr_cycle_decl *b)
{
    return a == b || (a->start_day == b->start_day && a->end_day == b->end_day);
}

size_t okr_history_cycle_index(const okr_history *h, const okr_cycle_decl *cycle)
{
    for (size_t i = 0; i < h->cycle_count; i++)
        if (cycle_same(h->cycles[i], cycle))
            return i;
    return h->cycle_count;
}

/* Every cycle of a graded objective once, sorted (insertion: a program
 * has a handful of cycles). */
static void collect_cycles(const okr_grade_result *r, okr_arena *a, okr_history *h)
{
    h->cycles = okr_arena_alloc(a, (r->objective_count + 1) * sizeof *h->cycles);
    for (size_t i = 0; i < r->objective_count; i++) {
        const okr_cycle_decl *c = r->objectives[i].objective->cycle;
        if (!c || !c->ok || okr_history_cycle_index(h, c) < h->cycle_count)
            continue;
        size_t k = h->cycle_count++;
        while (k > 0 && cycle_before(c, h->cycles[k - 1])) {
            h->cycles[k] = h->cycles[k - 1];
            k--;
        }
        h->cycles[k] = c;
    }
}

static const char *metric_id(const okr_metric_decl *m)
{
    return m ? (m->owner_name ? m->owner_name : "") : "?";
}

static const char *target_print(okr_arena *a, const okr_target *t)
{
    return okr_arena_printf(a, "%d %d %d:%.17g %d:%.17g %d:%.17g:%d", (int)t->kind, t->baseline_unknown,
                            t->has_baseline_level, t->baseline_level, t->has_target_level, t->target_level,
                            t->has_change, t->change, t->change_is_relative);
}

/* What "unchanged" compares: the objective as the checker resolved it. */
static const char *fingerprint(okr_arena *a, const okr_objective_grade *og)
{
    const okr_objective *obj = og->objective;
    char *f = okr_arena_printf(a, "%d|%s", (int)og->archetype, obj->statement.text ? obj->statement.text : "");
    for (size_t i = 0; i < obj->krs.len; i++) {
        const okr_kr *kr = obj->krs.items[i];
        const okr_metric_decl *m = kr->metric_decl;
        f = okr_arena_printf(a, "%s|kr %d %s|%s|%s.%s|%s|%.17g", f, kr->is_hypothesis, kr->label ? kr->label : "",
                             kr->title.text ? kr->title.text : "", metric_id(m), m ? m->name.text : "",
                             target_print(a, &kr->target), kr->has_weight ? kr->more->weight.value : 1.0);
    }
    for (size_t i = 0; i < obj->counters.len; i++) {
        const okr_counter *c = obj->counters.items[i];
        const okr_metric_decl *m = c->metric_decl;
        f = okr_arena_printf(a, "%s|counter %s.%s|%s", f, metric_id(m), m ? m->name.text : "",
                             target_print(a, &c->target));
    }
    return f;
}

static int targets_too_low(const okr_objective_grade *og)
{
    return og->archetype == OKR_ARCH_ASPIRATIONAL && !og->in_progress && og->verdict != OKR_VERDICT_NOT_STARTED &&
           og->target_too_low;
}

static int failed(const okr_objective_grade *og)
{
    return og->archetype == OKR_ARCH_COMMITTED && og->verdict == OKR_VERDICT_FAILED;
}

static void add_flag(okr_arena *a, okr_history_row *row, okr_history_flag_kind kind, size_t first, size_t last)
{
    okr_history_flag *grown = okr_arena_alloc(a, (row->flag_count + 1) * sizeof *grown);
    if (row->flag_count)
        memcpy(grown, row->flags, row->flag_count * sizeof *grown);
    grown[row->flag_count++] = (okr_history_flag){kind, first, last};
    row->flags = grown;
}

/* Runs of at least `min` consecutive entries that each satisfy `pred`. */
static void flag_runs(okr_arena *a, okr_history_row *row, int (*pred)(const okr_objective_grade *), size_t min,
                      okr_history_flag_kind kind)
{
    for (size_t i = 0; i < row->count;) {
        if (!pred(row->entries[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j + 1 < row->count && pred(row->entries[j + 1]))
            j++;
        if (j - i + 1 >= min)
            add_flag(a, row, kind, i, j);
        i = j + 1;
    }
}

/* Runs of more than two consecutive started entries with one fingerprint. */
static void flag_carried(okr_arena *a, okr_history_row *row)
{
    const char **prints = okr_arena_alloc(a, (row->count + 1) * sizeof *prints);
    for (size_t i = 0; i < row->count; i++)
        prints[i] = fingerprint(a, row->entries[i]);
    for (size_t i = 0; i < row->count;) {
        size_t j = i;
        /* Only cycles that have started count: a plan for later cycles
         * has not been carried anywhere yet. */
        while (j + 1 < row->count && row->entries[j + 1]->verdict != OKR_VERDICT_NOT_STARTED &&
               strcmp(prints[j + 1], prints[i]) == 0)
            j++;
        if (j - i + 1 > 2)
            add_flag(a, row, OKR_HISTORY_CARRIED_FORWARD, i, j);
        i = j + 1;
    }
}

/* One row per team and objective name, rows of a team together in order
 * of the team's first appearance, entries sorted by cycle. */
static void collect_rows(const okr_grade_result *r, okr_arena *a, okr_history *h)
{
    okr_strmap rows, teams;
    okr_strmap_init(&rows, a);
    okr_strmap_init(&teams, a);
    h->rows = okr_arena_alloc(a, (r->objective_count + 1) * sizeof *h->rows);
    size_t *team_of = okr_arena_alloc(a, (r->objective_count + 1) * sizeof *team_of);
    size_t team_count = 0;
    for (size_t i = 0; i < r->objective_count; i++) {
        const okr_objective_grade *og = &r->objectives[i];
        const okr_objective *obj = og->objective;
        if (!obj->cycle || !obj->cycle->ok)
            continue;
        const char *team = obj->team && obj->team->name.text ? obj->team->name.text : NULL;
        const char *tkey = team ? team : "";
        size_t *tix = okr_strmap_get(&teams, tkey);
        if (!tix) {
            tix = okr_arena_alloc(a, sizeof *tix);
            *tix = team_count++;
            okr_strmap_put(&teams, tkey, tix);
        }
        const char *key = okr_arena_printf(a, "%s\x1f%s", tkey, obj->name.text ? obj->name.text : "");
        okr_history_row *row = okr_strmap_get(&rows, key);
        if (!row) {
            team_of[h->count] = *tix;
            row = &h->rows[h->count++];
            row->team = team;
            row->name = obj->name.text ? obj->name.text : "?";
            row->entries = okr_arena_alloc(a, (r->objective_count + 1) * sizeof *row->entries);
            okr_strmap_put(&rows, key, row);
        }
        size_t k = row->count++;
        while (k > 0 && cycle_before(obj->cycle, row->entries[k - 1]->objective->cycle)) {
            row->entries[k] = row->entries[k - 1];
            k--;
        }
        row->entries[k] = og;
    }
    /* Stable insertion sort by team: rows of a team together. The strmap
     * holds pointers into h->rows, but it is not used after this. */
    for (size_t i = 1; i < h->count; i++) {
        okr_history_row moving = h->rows[i];
        size_t t = team_of[i], k = i;
        while (k > 0 && team_of[k - 1] > t) {
            h->rows[k] = h->rows[k - 1];
            team_of[k] = team_of[k - 1];
            k--;
        }
        h->rows[k] = moving;
        team_of[k] = t;
    }
}

void okr_history_build(const okr_grade_result *r, okr_arena *a, okr_history *h)
{
    memset(h, 0, sizeof *h);
    collect_cycles(r, a, h);
    collect_rows(r, a, h);
    for (size_t i = 0; i < h->count; i++) {
        okr_history_row *row = &h->rows[i];
        flag_runs(a, row, targets_too_low, 2, OKR_HISTORY_TARGETS_TOO_LOW);
        flag_carried(a, row);
        flag_runs(a, row, failed, 2, OKR_HISTORY_FAILED_AGAIN);
        h->flag_count += row->flag_count;
    }
}
