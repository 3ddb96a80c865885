/* history.h: scores cycle over cycle (spec.md, "History across cycles").
 *
 * With `okrc grade --history`, the program's objectives are lined up per
 * team and objective name across the cycles the program holds (a team may
 * reuse an objective's name in cycles that do not overlap, OKR103), and
 * three patterns are flagged:
 *   - an aspirational objective at 1.0 in two or more consecutive cycles
 *     (its targets are too low);
 *   - an objective carried forward unchanged (same archetype, statement,
 *     key results and counter-metrics, compared as the checker resolved
 *     them) for more than two consecutive cycles that have started;
 *   - a committed objective failed in two or more consecutive cycles.
 * okr_history_build() reads only the grading result, once; the writers
 * render what it decided. */
#ifndef OKR_HISTORY_H
#define OKR_HISTORY_H

#include <stddef.h>

#include "grade.h"

typedef enum okr_history_flag_kind {
    OKR_HISTORY_TARGETS_TOO_LOW,  /* aspirational at 1.0, consecutive cycles */
    OKR_HISTORY_CARRIED_FORWARD,  /* unchanged for more than two cycles */
    OKR_HISTORY_FAILED_AGAIN,     /* committed, failed in consecutive cycles */
} okr_history_flag_kind;

typedef struct okr_history_flag {
    okr_history_flag_kind kind;
    size_t first, last;           /* the run, as indices into the row's entries */
} okr_history_flag;

/* One objective (team and name) over the cycles it appears in. */
typedef struct okr_history_row {
    const char *team;             /* NULL outside any team */
    const char *name;
    const okr_objective_grade **entries; /* by cycle start */
    size_t count;
    okr_history_flag *flags;      /* in the order above, then by first cycle */
    size_t flag_count;
} okr_history_row;

typedef struct okr_history {
    const okr_cycle_decl **cycles; /* every cycle graded, by start (then end) */
    size_t cycle_count;
    okr_history_row *rows;        /* teams in order of first appearance, then objectives */
    size_t count;
    size_t flag_count;            /* over every row */
} okr_history;

void okr_history_build(const okr_grade_result *result, okr_arena *arena, okr_history *out);

/* Where an entry's cycle sits among history->cycles. */
size_t okr_history_cycle_index(const okr_history *history, const okr_cycle_decl *cycle);

/* "targets_too_low", "carried_forward", "failed_again". */
const char *okr_history_flag_slug(okr_history_flag_kind kind);

#endif
