/* diff.h: what changed between two checked programs (spec.md, "okrc diff").
 *
 * okr_diff_compare reads two programs that okr_program_check has checked
 * (the contract of checker/program.h: resolved levels in base units, the
 * effective archetype, resolved alignments) and lists their differences as
 * changes, grouped by objective: objectives and key results added, removed
 * and renamed, and per matched pair every field that differs. It never
 * compares text where the checker decided a value: targets and baselines
 * are compared as levels in the metric's base unit, archetypes as the
 * effective archetype. Matching (diff/match.c) is by qualified name first,
 * then by text similarity; comparing and flagging is diff/compare.c.
 *
 * Moving goalposts (a target made easier, a baseline moved, a committed
 * objective turned aspirational, while the cycle runs) are diagnostics in
 * `flags`, whose spans point into the NEW program's sources, so that the
 * NEW program's `okrc:allow` comments and policy severities apply to them
 * as to any finding. Everything lives in the NEW program's arena. */
#ifndef OKR_DIFF_H
#define OKR_DIFF_H

#include <stdio.h>

#include "../checker/program.h"

typedef enum okr_diff_what {
    OKR_DIFF_OBJECTIVE_ADDED,
    OKR_DIFF_OBJECTIVE_REMOVED,
    OKR_DIFF_OBJECTIVE_RENAMED,
    OKR_DIFF_STATEMENT,
    OKR_DIFF_ARCHETYPE,
    OKR_DIFF_OWNER,
    OKR_DIFF_CYCLE,
    OKR_DIFF_EXPECT,
    OKR_DIFF_ALIGNMENT_ADDED,
    OKR_DIFF_ALIGNMENT_REMOVED,
    OKR_DIFF_COUNTER_ADDED,
    OKR_DIFF_COUNTER_REMOVED,
    OKR_DIFF_COUNTER_BOUND,
    OKR_DIFF_KR_ADDED,
    OKR_DIFF_KR_REMOVED,
    OKR_DIFF_KR_RENAMED,
    OKR_DIFF_KR_KIND,
    OKR_DIFF_TITLE,
    OKR_DIFF_METRIC,
    OKR_DIFF_TARGET,
    OKR_DIFF_TARGET_FORM,
    OKR_DIFF_BASELINE,
    OKR_DIFF_WEIGHT,
    OKR_DIFF_WHAT_COUNT
} okr_diff_what;

/* The stable word of a change kind in the JSON output ("target", ...). */
const char *okr_diff_what_name(okr_diff_what what);

typedef struct okr_diff_change {
    okr_diff_what what;
    size_t group;            /* index of the objective group it belongs to */
    const char *key_result;  /* the key result's label (NEW side, OLD when removed); NULL */
    const char *counter;     /* a counter-metric's metric, as written; NULL */
    const char *old_text;    /* the value before, as written; NULL when there was none */
    const char *new_text;    /* the value after, as written; NULL when there is none */
    /* Levels in the metric's base unit, when both sides have one. */
    int has_levels;
    double old_level, new_level;
    const char *unit;        /* the metric's base unit ("percent", "seconds", ...) */
    int movement;            /* +1 raised, -1 lowered, 0 not a number */
    int harder;              /* +1 harder, -1 easier, 0 not judged */
    int in_old;              /* span lies in the OLD program's sources (a removal) */
    okr_span span;           /* what the change is about, on the side in_old says */
    okr_diag *flag;          /* the moving-goalpost finding, or NULL; shown unless suppressed */
} okr_diff_change;

/* The changes of one objective, matched or not. */
typedef struct okr_diff_group {
    const char *name;        /* qualified name, team.objective (NEW side unless removed) */
    const char *old_name;    /* OLD side's qualified name; NULL when added */
    const char *statement;   /* NEW statement (OLD when removed) */
    const char *cycle;       /* the cycle's label */
    const okr_objective *old_obj, *new_obj; /* NULL on the side it is missing from */
} okr_diff_group;

typedef struct okr_diff_result {
    okr_vec groups;   /* okr_diff_group*, NEW order, then removed objectives in OLD order */
    okr_vec changes;  /* okr_diff_change*, group by group */
    okr_diags flags;  /* the moving-goalpost findings, spans in the NEW program */
    long at_day;      /* "now" for the flags, days since 1970-01-01 */
    size_t count[OKR_DIFF_WHAT_COUNT];
} okr_diff_result;

/* Compares two checked programs; the result lives in new_prog's arena.
 * Flags are recorded (with new_prog's policy severities) and suppressions
 * of the NEW program applied; okr_diags_finish(&out->flags) is done. */
void okr_diff_compare(const okr_program *old_prog, okr_program *new_prog, long at_day, okr_diff_result *out);

/* The number of flags shown (unsuppressed, severity warning or error):
 * what makes `okrc diff` exit 1. */
size_t okr_diff_failing_flags(const okr_diff_result *r);

/* The pairing of diff/match.c. */
typedef struct okr_diff_pair {
    void *old_item, *new_item; /* either NULL when unmatched */
    int by_similarity;         /* matched by text, not by name */
} okr_diff_pair;

/* Similarity of two texts in [0, 1] (spec.md, "okrc diff", "Matching"). */
double okr_diff_similarity(const char *a, const char *b);
/* Pairs the objectives of two programs: NEW order, then OLD ones left. */
void okr_diff_match_objectives(okr_arena *arena, const okr_program *old_prog, const okr_program *new_prog,
                               okr_vec *pairs);
/* Pairs the key results of two matched objectives: NEW order, then OLD ones left. */
void okr_diff_match_krs(okr_arena *arena, const okr_objective *old_obj, const okr_objective *new_obj,
                        okr_vec *pairs);

/* The thresholds of matching by text (spec.md documents them). */
#define OKR_DIFF_SIMILAR 0.6
#define OKR_DIFF_SIMILAR_SAME_METRIC 0.3

/* Output (diff/write_*.c). `old_label`/`new_label`: OLD and NEW as given. */
typedef struct okr_diff_output {
    const okr_diff_result *result;
    const okr_program *old_prog, *new_prog;
    const char *old_label, *new_label;
    const char *tool_version;
} okr_diff_output;

int okr_diff_write_text(FILE *out, const okr_diff_output *o);
int okr_diff_write_json(FILE *out, const okr_diff_output *o);
int okr_diff_write_markdown(FILE *out, const okr_diff_output *o);

/* A change in words, as the text and Markdown writers say it:
 * "target lowered from 35% to 30% (easier)". In the arena. */
const char *okr_diff_describe(okr_arena *arena, const okr_diff_change *c);

#endif
