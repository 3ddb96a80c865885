/* grade.h: grading a checked program against the observation store
 * (spec.md, "Grading").
 *
 * okr_grade() turns the store's day buckets into a score, a verdict and a
 * check-in status for every key result, a breach flag for every counter-
 * metric and a score and verdict for every objective, as of one grading
 * day. It reads the program and the store and writes only the result, so
 * the report writers (report.h) can render the same result in every format. */
#ifndef OKR_GRADE_H
#define OKR_GRADE_H

#include <stddef.h>

#include "../checker/program.h"
#include "store.h"

typedef enum okr_verdict {
    OKR_VERDICT_NONE = 0,
    OKR_VERDICT_NO_DATA,      /* no observations (or no bound feed): never graded 0 */
    OKR_VERDICT_NOT_STARTED,  /* the grading day is before the cycle */
    /* committed */
    OKR_VERDICT_PASSED,       /* every key result at 1.0 */
    OKR_VERDICT_FAILED,
    /* aspirational */
    OKR_VERDICT_SUCCESS,      /* 0.7 .. 1.0 */
    OKR_VERDICT_PARTIAL,      /* 0.4 .. <0.7 */
    OKR_VERDICT_MISSED,       /* < 0.4 */
    /* learning hypotheses and objectives */
    OKR_VERDICT_CONFIRMED,
    OKR_VERDICT_REFUTED,
    OKR_VERDICT_INCONCLUSIVE,
    OKR_VERDICT_OPEN,         /* cycle running, not yet confirmed */
} okr_verdict;

/* In order of concern: an objective takes the largest of its key results'. */
typedef enum okr_status {
    OKR_STATUS_NONE = 0,      /* cycle over, or no data */
    OKR_STATUS_ON_TRACK,
    OKR_STATUS_INCOMPLETE,    /* objectives only: a key result has no score yet, so
                                 nobody knows whether it is on track */
    OKR_STATUS_AT_RISK,
    OKR_STATUS_OFF_TRACK,
} okr_status;

/* Why a value grading needed is not a finite number. Such a key result or
 * counter-metric is never scored or judged: it has no current value. */
typedef enum okr_non_finite {
    OKR_NON_FINITE_NONE = 0,
    OKR_NON_FINITE_VALUE,     /* the metric's value on non_finite_day (a sum or mean) overflowed */
    OKR_NON_FINITE_TARGET,    /* the target computed from the baseline (`by`) overflowed */
    OKR_NON_FINITE_PROGRESS,  /* baseline, current value and target too far apart to subtract */
} okr_non_finite;

/* A key result's latest human check-in against its status (spec.md,
 * "Human check-ins"); set by okr_checkins_apply (checkin.h). */
typedef enum okr_disagreement {
    OKR_DISAGREE_NONE = 0,
    OKR_DISAGREE_CONFIDENT,   /* confidence >= 7 while the data says at risk or off track */
    OKR_DISAGREE_DOUBTFUL,    /* confidence <= 3 while the data says on track */
} okr_disagreement;

struct okr_checkin;

typedef struct okr_kr_grade {
    const okr_kr *kr;
    const okr_series *series;  /* NULL when the metric is bound to no feed data */
    size_t observations;       /* in the cycle, up to the effective day */
    int has_baseline, has_current, has_target;
    double baseline, current, target; /* base units; target resolved for `by` forms */
    int is_bound;              /* at least / at most: a level, a promise to hold */
    int met;                   /* levels: the level held on every observed day, S..eff */
    int held;                  /* the same: the bound held at every observation */
    int holds_now;             /* levels: the current value is within the bound */
    size_t observed_days;      /* levels: days S..eff with observations (checked days) */
    size_t breach_days;        /* levels: those whose checked value (the day's min for at
                                  least, max for at most, or the window value) broke it */
    int has_breach_day;
    long breach_day;           /* the first such day */
    int has_worst;
    double worst;              /* levels: the worst checked value */
    int has_recovered_day;     /* levels: broken, then held on every observed day since */
    long recovered_day;        /* the first observed day after the last broken one */
    okr_non_finite non_finite; /* a value grading needed is not a finite number: no
                                  current value, no score, verdict NO_DATA */
    long non_finite_day;       /* OKR_NON_FINITE_VALUE: the day of that value */
    int has_score;
    double score;              /* 0..1; levels: the share of observed days held */
    double progress;           /* raw (current - B) / (T - B), unclamped (finite) */
    double expected;           /* elapsed share of the cycle (check-ins) */
    int has_projection;
    double projected;          /* least-squares value at cycle end */
    double projected_score;    /* its score, clamped */
    okr_status status;
    okr_verdict verdict;       /* hypotheses only */
    long effective_day;        /* grading day less the metric's lag, capped at cycle end */
    /* roll-up (rollup.c): objectives aligned to this key result */
    size_t contributor_count;  /* links naming it (its objective's contributors with this kr_index) */
    int has_rollup;            /* some of them counted: */
    double rollup;             /*   weighted mean of its own score (weight 1) and theirs */
    /* human check-ins (checkin.h; all zero without --checkins) */
    const struct okr_checkin *checkin;   /* the latest dated on or before the as-of day, or NULL */
    const struct okr_checkin *previous;  /* the one before it, or NULL */
    size_t checkin_count;                /* check-ins dated S..as-of day */
    okr_disagreement disagreement;
} okr_kr_grade;

typedef struct okr_counter_grade {
    const okr_counter *counter;
    const okr_series *series;
    size_t observations;
    int has_bound;
    double bound;              /* at least / at most value, or the baseline for no_worse */
    int has_current;
    double current;
    int breached;
    long breach_day;           /* first day the bound was violated */
    double worst;              /* the worst value observed in the cycle */
    size_t observed_days;      /* at least / at most: days with observations, S..eff */
    size_t breach_days;        /* at least / at most: those that broke the bound */
    int has_recovered_day;     /* at least / at most: breached, then held on every observed day since */
    long recovered_day;        /* the first observed day after the last broken one */
    okr_non_finite non_finite; /* a value grading needed is not a finite number: no
                                  current value, never breached */
    long non_finite_day;
} okr_counter_grade;

/* Why an `aligns` link takes no part in the roll-up of the objective it
 * names (spec.md, "Roll-up"). */
typedef enum okr_rollup_skip {
    OKR_ROLLUP_COUNTED = 0,
    OKR_ROLLUP_CYCLE,          /* the link lies on an alignment cycle */
    OKR_ROLLUP_REPEATED,       /* the contributor has an earlier link into the same objective */
    OKR_ROLLUP_LEARNING,       /* the objective it names is a learning objective: no roll-up */
    OKR_ROLLUP_NO_SCORE,       /* the contributor has no roll-up score */
} okr_rollup_skip;

struct okr_objective_grade;

/* An objective aligned to another one, directly or through a key result. */
typedef struct okr_contributor {
    const struct okr_objective_grade *grade; /* the aligned objective */
    const okr_align *align;    /* its link */
    int through_kr;            /* the link names a key result ... */
    size_t kr_index;           /* ... this one of the objective it aligns to */
    double weight;             /* `weight N` on the link, 1 when none is written */
    okr_rollup_skip skip;
} okr_contributor;

typedef struct okr_objective_grade {
    const okr_objective *objective;
    okr_archetype archetype;   /* effective */
    okr_kr_grade *krs;
    size_t kr_count;
    okr_counter_grade *counters;
    size_t counter_count;
    size_t graded;             /* key results with a score (or a hypothesis verdict) */
    int has_score;
    double score;              /* weighted mean of the key results with a score */
    okr_verdict verdict;       /* while the cycle runs: NONE, or FAILED for a committed
                                  objective one of whose levels broke in the cycle */
    okr_status status;         /* while the cycle runs: the worst check-in status of its
                                  key results, INCOMPLETE instead of ON_TRACK when one
                                  has no score (NONE for learning objectives) */
    int healthy;               /* no counter-metric breached */
    int target_too_low;        /* aspirational at 1.0 */
    int in_progress;           /* grading day inside the cycle */
    long as_of_day;            /* min(grading day, cycle end) */
    double elapsed;            /* share of the cycle elapsed at as_of_day, 0..1 */
    /* roll-up along alignment (rollup.c, spec.md "Roll-up") */
    okr_contributor *contributors; /* objectives aligned to it or to its key results: by
                                      contributor in program order, then by link order */
    size_t contributor_count;
    size_t aligned_to;         /* its own resolved `aligns` links (0: a root of the map) */
    int has_rollup;
    double rollup;             /* weighted mean of its key results (their roll-ups where they
                                  have one) and of its direct contributors' roll-ups */
    okr_status rollup_status;  /* the worst check-in status of itself and of the contributors
                                  whose links are not on a cycle or repeated */
    size_t disagreements;      /* key results whose check-in disagrees (checkin.h) */
} okr_objective_grade;

typedef struct okr_grade_result {
    long grading_day;          /* --at, or today */
    int at_given;              /* --at was passed */
    okr_objective_grade *objectives; /* every objective of the program, in program order */
    size_t objective_count;
    size_t committed_failed;   /* committed objectives failed (exit status 1) */
    size_t breaches;           /* counter-metrics breached (exit status 1) */
    /* human check-ins (checkin.h): set by okr_checkins_apply */
    int has_checkins;          /* --checkins was given: reports show the check-in fields */
    size_t checkin_files, checkin_rows, checkin_rejected;
    size_t checked_in;         /* key results with a check-in to show */
    size_t disagreements;      /* of them, those that disagree with the data */
    /* scores cycle over cycle (history.h): set with --history, else NULL */
    const struct okr_history *history;
} okr_grade_result;

/* Grades every objective of a checked, error-free program. */
void okr_grade(const okr_program *prog, const okr_store *store, long grading_day, int at_given,
               okr_arena *arena, okr_grade_result *out);

/* Fills the roll-up fields of a result okr_grade produced (rollup.c);
 * okr_grade calls it last. */
void okr_rollup(okr_arena *arena, okr_grade_result *result);
const char *okr_rollup_skip_name(okr_rollup_skip skip); /* "cycle", "repeated", ...; "" when counted */

const char *okr_verdict_name(okr_verdict verdict);  /* "success", "no data", ... */
const char *okr_status_name(okr_status status);      /* "on track", ... */

/* The value of a metric as of a day by its aggregation (latest, or sum or
 * mean over its window), from the store's buckets; 0 when there is no data
 * in the window. Shared by grading and the report charts. */
int okr_series_value_at(const okr_store *store, const okr_series *series, const okr_metric_decl *metric,
                        long cycle_start, long day, double *value);

#endif
