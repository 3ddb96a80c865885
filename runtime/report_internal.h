/* report_internal.h: what the report writers share, inside runtime/.
 *
 * One result, four renderings that must say the same thing. So what a
 * reader sees beyond grading's own numbers is derived once, in the report
 * model (report_model.c): the order of teams and objectives (unhealthy
 * first), the totals of the summary, the cycles of the header, and per
 * objective, key result and counter-metric the values, formatted strings
 * and states every writer shows. Value formatting (report_format.c) says
 * how one number, date or name is written. The writers (report_text.c,
 * report_json.c, report_markdown.c, report_html.c) read the model, the
 * grading result and, for charts, the store's series through
 * rpt_daily_values; they never call each other, and none of them re-derives
 * a grading fact (units, aggregations, breaches): the model does, in one
 * marked section of report_model.c. Nothing outside runtime/report*.c
 * includes this header (the unit tests aside). */
#ifndef OKR_REPORT_INTERNAL_H
#define OKR_REPORT_INTERNAL_H

#include <stddef.h>

#include "../common/arena.h"
#include "report.h"

/* Big enough for any formatted value, date or bar. */
enum { RPT_TEXT_LEN = 96, RPT_BAR_CELLS = 10 };

/* ================================================================ values (report_format.c) */

/* A value in the metric type's base unit as a reader writes it: `22.5%`,
 * `1h 30min`, `300ms`, `USD 120,000`, `1,204`, `4.2`. */
void rpt_format_value(const okr_metric_decl *metric, double value, char *buf, size_t len);
/* The same, shorter where a chart's tick label has no room: `USD 8.4M`,
 * `12k`; whole days in days (`14d`, not `2w`), and a zero duration `0`. */
void rpt_format_value_compact(const okr_metric_decl *metric, double value, char *buf, size_t len);
/* A plain number with sensible decimals and thousands separators. */
void rpt_format_number(double value, int separators, char *buf, size_t len);
/* A raw progress: `1.24`, `-0.50`, `1.7e+307`; `?` when not a finite number. */
void rpt_format_progress(double progress, char *buf, size_t len);
/* YYYY-MM-DD. */
void rpt_format_date(long day, char *buf, size_t len);
/* `Aug 15`, for chart axes. */
void rpt_format_date_short(long day, char *buf, size_t len);
/* The calendar date of a day number. */
void rpt_date_split(long day, int *year, int *month, int *mday);
/* An ASCII bar of RPT_BAR_CELLS cells: `[######----]`. */
void rpt_format_bar(double score, char *buf, size_t len);
/* Cells of a bar that a score fills (rounded, clamped to 0..RPT_BAR_CELLS). */
int rpt_bar_cells(double score);
/* `one` or `many` for n. */
const char *rpt_plural(size_t n, const char *one, const char *many);
/* The version the report names: the input's, else this build's. */
const char *rpt_tool_version(const okr_report_input *in);

/* ---- names ---- */

const char *rpt_verdict_text(okr_verdict verdict);  /* "no data", "success", ...; "" for none */
const char *rpt_verdict_slug(okr_verdict verdict);  /* "no_data", "success", ...; NULL for none */
const char *rpt_status_text(okr_status status);     /* "on track", ...; "" for none */
const char *rpt_status_slug(okr_status status);     /* "on_track", ...; NULL for none */
const char *rpt_form_slug(okr_target_kind kind);    /* "from_to", "by", "at_least", "at_most", "no_worse" */

/* How good a verdict or status is, for colour: the text report paints
 * good green, mixed yellow, bad red and none dim; Markdown and HTML use
 * the same tones. */
typedef enum rpt_tone { RPT_TONE_NONE, RPT_TONE_GOOD, RPT_TONE_MIXED, RPT_TONE_BAD } rpt_tone;
rpt_tone rpt_verdict_tone(okr_verdict verdict);
rpt_tone rpt_status_tone(okr_status status);

/* ================================================================ the model (report_model.c) */

/* A key result or hypothesis as every format shows it. */
typedef struct rpt_kr_row {
    const okr_kr_grade *grade;     /* grading's numbers */
    const char *label;             /* the name or "#N"; "?" when none */
    const char *heading;           /* the label, after "hypothesis " for a hypothesis */
    const char *title;             /* as written, or NULL */
    const char *owner;             /* its own `owner`, else its objective's; NULL for none */
    int owner_inherited;           /* owner is the objective's (it has none of its own) */
    const char *metric;            /* the metric as written; "?" when none */
    const char *metric_qualified;  /* std.product.d7_activation; NULL when unresolved */
    const char *unit;              /* the base unit's name; NULL when unresolved */
    int no_metric;                 /* a task-style key result: no metric, nothing to chart */
    const char *observations;      /* "14 observations" */
    int not_started;               /* its objective's cycle has not started */
    int bound;                     /* an `at least` / `at most` key result */
    int at_least;                  /* `at least` */
    int has_bound;
    double bound_value;            /* the bound, in base units */
    int has_baseline, has_target;  /* the levels shown: grading's, or as written */
    double baseline, target;       /*   when grading resolved none (not started) */
    int has_breach_day;            /* a bound with data that did not hold ... */
    long breach_day;               /* ... first broken on this day */
    const char *level;             /* a bound with data: "held throughout", or "breached on
                                      DATE, for N of M observed days, worst V; recovered on
                                      DATE" ("; not recovered"); else NULL */
    const char *score;             /* "0.62"; NULL when no score is shown (no data,
                                      hypotheses, target equals baseline) */
    rpt_tone tone;                 /* of the score: status mid-cycle, else the archetype's bands */
    rpt_tone bound_tone;           /* a bound: held good; broken, in a committed objective or
                                      now, bad; broken and recovered otherwise mixed */
    const char *state;             /* the headline: verdict, status, "held", "breached", "no score:
                                      target equals baseline", "final"; NULL for none or no current value */
    rpt_tone state_tone;
    int show_progress;             /* the raw progress differs visibly from the score */
    const char *projected;         /* the projected value in its unit; NULL without a trend */
    okr_verdict verdict;           /* a hypothesis's verdict; NO_DATA for a key result
                                      without a current value once its cycle started */
    const char *no_data_reason;    /* why there is no current value (no feed data, or a value
                                      that is not a finite number); NULL when there is one or
                                      the cycle has not started */
    const char *empty_reason;      /* the same words whatever the value: why a chart of
                                      it would have nothing to plot */
    const char *values;            /* "22% -> 28.5% -> 35%", "at least 99.9%, now 99.97%",
                                      "no metric (task-style KR)" */
    const char *values_arrow;      /* the same with U+2192 arrows */
    const char *details;           /* "held throughout; ...; 14 observations; data as of ..." */
    const char *details_brief;     /* the same without the observation count */
    const char *rollup;            /* roll-up (report_rollup.c): "0.58 with 1 aligned objective"
                                      when objectives aligned to it count; else NULL */
    /* human check-ins (checkin.h), set only with --checkins: */
    const char *checkin;           /* "confidence 2/10 on 2026-08-12 (was 5/10 on 2026-08-01)";
                                      NULL without a check-in up to the as-of day */
    const char *checkin_note;      /* its note as written; NULL when it has none */
    const char *disagreement;      /* "owner doubtful (2/10) while the data says on track";
                                      NULL when they agree or there is nothing to compare */
} rpt_kr_row;

/* A counter-metric as every format shows it. */
typedef struct rpt_counter_row {
    const okr_counter_grade *grade;
    const char *metric;            /* as written; "?" when none */
    const char *metric_qualified;  /* NULL when unresolved */
    const char *unit;              /* NULL when unresolved */
    int not_started;
    int has_bound;
    double bound_value;            /* grading's bound (the baseline for no_worse), or the
                                      level as written */
    int at_least;                  /* values below the bound break it (else above) */
    long data_to;                  /* the last day grading read: as-of day less the lag */
    const char *bound_text;        /* "at most 12", "no worse than baseline 41%" */
    const char *current;           /* the current value in its unit; "?" without one */
    const char *worst;             /* the worst value in its unit, when breached; else NULL */
    const char *breach;            /* when breached, what follows "breached": "on DATE, for N of
                                      M observed days, worst W; recovered on DATE" (at least /
                                      at most), "on DATE, worst W" (no worse); else NULL */
    const char *state;             /* "breached", "holding" or "no_data" */
    const char *no_data_reason;    /* NULL when it has a value, is breached or not started */
    const char *empty_reason;      /* the same words whatever the value, for a chart */
} rpt_counter_row;

struct rpt_objective;

/* An objective aligned to another one, as the other one lists it
 * (report_rollup.c). */
typedef struct rpt_contributor {
    const okr_contributor *link;          /* grading's link */
    const struct rpt_objective *objective; /* the aligned objective's row */
    const char *through;           /* the label of the key result it aligns through, or NULL */
    const char *weight;            /* "2" */
    const char *rollup;            /* its roll-up score, "0.45"; NULL when none */
    const char *rollup_status;     /* its roll-up status when objectives align to it in turn
                                      ("off track"); else NULL (it is its own status) */
    const char *note;              /* why it does not count, or NULL: "on an alignment cycle",
                                      "counted once, by its first link", ... */
} rpt_contributor;

typedef struct rpt_objective {
    const okr_objective_grade *grade;
    const char *qualified;         /* growth.onboarding */
    const char *verdict;           /* "partial, provisional", "on track (check-in)", "no data" */
    rpt_tone tone;                 /* of the verdict, or of the check-in status mid-cycle */
    int not_started;
    int scored;                    /* a score to show (never for learning objectives) */
    size_t breached;               /* counter-metrics breached */
    const char *graded;            /* "graded 3 of 4 key results" (or hypotheses) */
    int show_day;                  /* the cycle runs: */
    long day, days;                /*   the as-of day is day N of M */
    rpt_kr_row *krs;               /* grade->kr_count, in the order written */
    size_t checkins_shown;         /* key results with a check-in to show (--checkins) */
    rpt_counter_row *counters;     /* grade->counter_count */
    /* roll-up along alignment (report_rollup.c) */
    const char *owner;             /* the objective's `owner`, or NULL */
    const char *rollup;            /* "0.54"; NULL when it has none */
    const char *rollup_status;     /* the roll-up's check-in status, "at risk"; NULL when none */
    rpt_tone rollup_tone;          /* of the roll-up status mid-cycle, else of the score's band */
    const char *rollup_line;       /* "roll-up 0.54 from 2 key results and 2 of 3 aligned
                                      objectives"; NULL without a roll-up or contributors */
    rpt_contributor *contributors; /* grade->contributor_count, in grading's order */
    size_t contributor_count;
} rpt_objective;

/* One objective in the alignment map, in pre-order: roots (objectives that
 * align to nothing, those with contributors first), each followed by the
 * objectives aligned to it, one level deeper. An objective is expanded
 * once; where it appears again (two parents, a cycle) it is a repeat. */
typedef struct rpt_map_node {
    const rpt_objective *objective;
    const rpt_contributor *via;    /* its link to the node above; NULL for a root */
    size_t depth;                  /* 0 for a root */
    int repeat;                    /* expanded elsewhere in the map */
    size_t hidden;                 /* at the map's depth (RPT_MAP_DEPTH): its contributors, not shown
                                      here; it appears again as a root, expanded */
} rpt_map_node;

enum { RPT_MAP_DEPTH = 16 };

typedef struct rpt_team {
    const char *name;    /* NULL for objectives without a team */
    const char *title;   /* the team's quoted title, or NULL */
    const char *owner;   /* the team's `owner` (the first declaration that has one), or NULL */
    const rpt_objective **objectives; /* unhealthy first, then program order */
    size_t count;
} rpt_team;

/* A cycle the header describes, with where the grading day falls in it. */
typedef struct rpt_cycle {
    const okr_cycle_decl *cycle;
    int in_progress, not_started;
    long as_of_day;
    const char *phase;   /* "cycle still running: check-in as of 2026-08-15 (day 46 of 92)",
                            "as of the cycle's end (DATE)", "not started (starts DATE), nothing graded" */
    const char *state;   /* "2026-Q3, 2026-07-01 to 2026-09-30: " and the phase */
} rpt_cycle;

typedef struct rpt_totals {
    size_t objectives, unhealthy, committed_failed;
    size_t key_results, hypotheses, scored, no_data;
    size_t counters, breaches;
    okr_feed_stats feeds; /* summed over every feed */
    int exit_status;      /* what `okrc grade` exits with: 1 on a failed committed objective or a breach */
    const char *summary;  /* "9 objectives, 2 unhealthy, ..." */
    const char *checkins; /* with --checkins: "3 of 4 key results checked in, 2 disagree with the
                             data; 5 rows read, 0 rejected"; else NULL */
} rpt_totals;

/* A name feed rows gave that no metric received (report_unknown.c). */
typedef struct rpt_unknown_name {
    const char *name;          /* as the rows give it */
    size_t rows;
    const char *did_you_mean;  /* the closest name that feeds a metric, or NULL */
    const char *const *shared; /* a bare name graded metrics share: the names to write instead */
    size_t shared_count;       /*   (0 otherwise) */
    const char *advice;        /* "did you mean signups?", "ambiguous: write growth.nps or std.product.nps";
                                  NULL when there is none */
    const char *line;          /* "signupz: 3 rows; did you mean signups?" */
} rpt_unknown_name;

enum { RPT_UNKNOWN_SHOWN = 5 };

typedef struct rpt_unknown_names {
    rpt_unknown_name *shown;   /* most rows first, at most RPT_UNKNOWN_SHOWN */
    size_t count;
    size_t more_names;         /* the other names the store kept */
    size_t more_rows;          /* their rows, and those under names it did not keep */
    int more_untracked;        /* some names were not kept: there are more names than more_names */
    const char *more;          /* "and 3 more names (12 rows)"; NULL when nothing more */
} rpt_unknown_names;

void rpt_unknown_names_build(const okr_report_input *in, okr_arena *arena, rpt_unknown_names *out);
/* Why a series got no rows when feeds named its shared bare name; NULL
 * when they did not. */
const char *rpt_shared_name_reason(okr_arena *arena, const okr_series *series);

typedef struct rpt_model {
    okr_arena arena;
    const okr_report_input *in;
    rpt_objective *objectives; /* in program order */
    size_t objective_count;
    rpt_team *teams;     /* in order of first appearance in the program */
    size_t team_count;
    rpt_cycle *cycles;   /* each cycle once, in order of first appearance */
    size_t cycle_count;
    rpt_totals totals;
    rpt_unknown_names unknown; /* feed rows no metric received, by name */
    rpt_map_node *map;   /* the alignment map (report_rollup.c) */
    size_t map_count;
} rpt_model;

/* The roll-up rows and the map, from grading's roll-up (report_rollup.c);
 * rpt_model_build calls it once the objective rows exist. */
void rpt_rollup_build(rpt_model *model);

void rpt_model_build(const okr_report_input *in, rpt_model *out);
void rpt_model_free(rpt_model *model);

/* ---- for charts ---- */

/* The points a chart plots: the metric's value by its aggregation on every
 * day of [from, to] that has observations. Returns the number of points,
 * with *days and *values allocated in `arena` (NULL when there are none). */
size_t rpt_daily_values(const okr_report_input *in, const okr_series *series, long cycle_start, long from,
                        long to, okr_arena *arena, long **days, double **values);
/* Whether `value` breaks a bound, with the tolerance grading allows (a value
 * equal to the bound in decimal holds). */
int rpt_breaks_bound(int at_least, double bound, double value);

/* ================================================================ the writers */

/* One per format; report.c picks one. Each returns 0, or -1 on a write error. */
int rpt_write_text(FILE *out, const rpt_model *model);     /* report_text.c */
int rpt_write_json(FILE *out, const rpt_model *model);     /* report_json.c */
int rpt_write_markdown(FILE *out, const rpt_model *model); /* report_markdown.c */
int rpt_write_html(FILE *out, const rpt_model *model);     /* report_html.c */
/* The alignment map at the top of the HTML report (report_html_map.c);
 * h_text escapes user text as the page does. */
void rpt_html_map(FILE *out, const rpt_model *model, void (*h_text)(FILE *, const char *));
void rpt_html_map_style(FILE *out); /* its CSS, for the page's head */
/* An objective card's table of the objectives aligned to it. */
void rpt_html_contributors(FILE *out, const rpt_objective *o, void (*h_text)(FILE *, const char *));

/* Shared by the HTML writer's parts (report_html.c, report_html_checkin.c). */
void rpt_html_text(FILE *out, const char *s);                     /* user text, escaped */
void rpt_html_pill(FILE *out, rpt_tone tone, const char *text);   /* a status pill */
const char *rpt_html_tone_class(rpt_tone tone);                   /* "good", "mixed", "bad", "none" */
/* Human check-ins (report_html_checkin.c): their CSS, the header line and
 * an objective's check-in table (nothing when no key result has one). */
void rpt_html_checkin_style(FILE *out);
void rpt_html_checkin_summary(FILE *out, const rpt_totals *t);
void rpt_html_checkins(FILE *out, const rpt_objective *o);

/* History across cycles (report_history.c), with --history: each writer
 * calls its own at the end of its report; each writes nothing without. */
void rpt_text_history(FILE *out, const rpt_model *model, int color);
struct json_t *rpt_json_history(const rpt_model *model); /* the "history" array */
void rpt_md_history(FILE *out, const rpt_model *model, void (*md_text)(FILE *, const char *));
void rpt_html_history(FILE *out, const rpt_model *model);

#endif
