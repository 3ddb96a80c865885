/* report_internal.h: what the report writers share (report.c, report_html.c).
 *
 * Every format must say the same thing about the same result, so the facts
 * a reader sees are derived once, here: how a value is written in its
 * metric's unit, the names of verdicts and statuses (a human word for the
 * text formats, a stable slug for JSON), the order of teams and objectives
 * (unhealthy objectives first within their team), the totals of the
 * summary, the cycles the header describes, the day a bound key result was
 * first broken, and the daily values the charts plot. Internal to runtime/:
 * nothing outside the report writers includes it. */
#ifndef OKR_REPORT_INTERNAL_H
#define OKR_REPORT_INTERNAL_H

#include <stddef.h>

#include "../common/arena.h"
#include "report.h"

/* Big enough for any formatted value, date or bar. */
enum { RPT_TEXT_LEN = 96, RPT_BAR_CELLS = 10 };

/* ---- values ---- */

/* A value in the metric type's base unit as a reader writes it: `22.5%`,
 * `1h 30min`, `300ms`, `USD 120,000`, `1,204`, `4.2`. */
void rpt_format_value(const okr_metric_decl *metric, double value, char *buf, size_t len);
/* The same, shorter where a chart's tick label has no room: `USD 8.4M`, `12k`. */
void rpt_format_value_compact(const okr_metric_decl *metric, double value, char *buf, size_t len);
/* "observation" or "observations" for n. */
const char *rpt_plural(size_t n, const char *one, const char *many);
/* The version the report names: the input's, else this build's. */
const char *rpt_tool_version(const okr_report_input *in);
/* A plain number with sensible decimals and thousands separators. */
void rpt_format_number(double value, int separators, char *buf, size_t len);
/* YYYY-MM-DD. */
void rpt_format_date(long day, char *buf, size_t len);
/* `Aug 15`, for chart axes. */
void rpt_format_date_short(long day, char *buf, size_t len);
/* An ASCII bar of RPT_BAR_CELLS cells: `[######----]`. */
void rpt_format_bar(double score, char *buf, size_t len);
/* Cells of a bar that a score fills (rounded, clamped to 0..RPT_BAR_CELLS). */
int rpt_bar_cells(double score);

/* ---- names ---- */

const char *rpt_verdict_text(okr_verdict verdict);  /* "no data", "success", ...; "" for none */
const char *rpt_verdict_slug(okr_verdict verdict);  /* "no_data", "success", ...; NULL for none */
const char *rpt_status_text(okr_status status);     /* "on track", ...; "" for none */
const char *rpt_status_slug(okr_status status);     /* "on_track", ...; NULL for none */
const char *rpt_form_slug(okr_target_kind kind);    /* "from_to", "by", "at_least", "at_most", "no_worse" */

/* How good a verdict or status is, for colour: the text report paints
 * good green, mixed yellow, bad red and none dim; HTML uses the same tones. */
typedef enum rpt_tone { RPT_TONE_NONE, RPT_TONE_GOOD, RPT_TONE_MIXED, RPT_TONE_BAD } rpt_tone;
rpt_tone rpt_verdict_tone(okr_verdict verdict);
rpt_tone rpt_status_tone(okr_status status);

/* ---- layout ---- */

typedef struct rpt_team {
    const char *name;    /* NULL for objectives without a team */
    const char *title;   /* the team's quoted title, or NULL */
    const okr_objective_grade **objectives; /* unhealthy first, then program order */
    size_t count;
} rpt_team;

/* A cycle the header describes, with where the grading day falls in it. */
typedef struct rpt_cycle {
    const okr_cycle_decl *cycle;
    int in_progress, not_started;
    long as_of_day;
} rpt_cycle;

typedef struct rpt_totals {
    size_t objectives, unhealthy, committed_failed;
    size_t key_results, hypotheses, scored, no_data;
    size_t counters, breaches;
    okr_feed_stats feeds; /* summed over every feed */
    int exit_status;      /* what `okrc grade` exits with: 1 on a failed committed objective or a breach */
} rpt_totals;

typedef struct rpt_layout {
    okr_arena arena;
    rpt_team *teams;     /* in order of first appearance in the program */
    size_t team_count;
    rpt_cycle *cycles;   /* each cycle once, in order of first appearance */
    size_t cycle_count;
    rpt_totals totals;
} rpt_layout;

void rpt_layout_build(const okr_report_input *in, rpt_layout *out);
void rpt_layout_free(rpt_layout *layout);

/* ---- derived facts ---- */

/* The qualified name of a metric (std.product.d7_activation), in `arena`. */
const char *rpt_metric_qualified(okr_arena *arena, const okr_metric_decl *metric);
/* The objective's qualified name (growth.onboarding), in `arena`. */
const char *rpt_objective_qualified(okr_arena *arena, const okr_objective *obj);
/* The metric as the key result or counter-metric wrote it; "?" when none. */
const char *rpt_metric_written(const okr_path *metric);

/* For a bound key result (at least / at most) that did not hold: the first
 * day of its cycle, up to its effective day, on which the bound was broken,
 * by the same rule as grading (each day's minimum or maximum for `latest`,
 * the window value for sums and means). Returns 0 when none is found. */
int rpt_bound_breach_day(const okr_report_input *in, const okr_objective_grade *og, const okr_kr_grade *kg,
                         long *day);

/* Why a key result or counter-metric has no current value, in words:
 * "not bound to any feed", "no feed row names this metric", "no
 * observations in the cycle yet" ... */
const char *rpt_no_data_reason(const okr_series *series, size_t observations);

/* The points a chart plots: the metric's value by its aggregation on every
 * day of [from, to] that has observations. Returns the number of points,
 * with *days and *values allocated in `arena` (NULL when there are none). */
size_t rpt_daily_values(const okr_report_input *in, const okr_series *series, long cycle_start, long from,
                        long to, okr_arena *arena, long **days, double **values);

/* ---- wording shared by the formats ---- */

/* The tone of a key result's score: its status while the cycle runs, else
 * the archetype's bands (committed passes only at 1.0). */
rpt_tone rpt_kr_tone(const okr_objective_grade *og, const okr_kr_grade *kg);
/* An `at least` / `at most` key result (whether or not grading got to it). */
int rpt_kr_is_bound(const okr_kr_grade *kg);
/* Baseline and target: grading's, or the levels as written when grading
 * resolved none (an objective not started yet). */
void rpt_kr_levels(const okr_kr_grade *kg, int *has_baseline, double *baseline, int *has_target, double *target);
/* The bound of a bound key result in base units. */
int rpt_kr_bound(const okr_kr_grade *kg, double *bound);
/* "22% -> 28.5% -> 35%" (with `arrow` between), or "at least 99.95%, now 99.97%"; "?" when unknown. */
void rpt_kr_values(const okr_kr_grade *kg, const char *arrow, char *buf, size_t len);
/* "met, breached on DATE; expected 0.50 by now; projected ...; raw progress ...; N observations". */
void rpt_kr_details(const okr_report_input *in, const okr_objective_grade *og, const okr_kr_grade *kg,
                    int with_observations, char *buf, size_t len);
/* "at most 12", "no worse than baseline 41%". */
void rpt_counter_bound(const okr_counter_grade *cg, char *buf, size_t len);
/* "partial, provisional", "success: target may have been too low, provisional", "no data". */
void rpt_objective_verdict(const okr_objective_grade *og, char *buf, size_t len);
/* The colour of an objective's verdict, or of its check-in status mid-cycle. */
rpt_tone rpt_objective_tone(const okr_objective_grade *og);
/* "key result(s)" or "hypothesis/hypotheses" for n. */
const char *rpt_kr_noun(const okr_objective_grade *og, size_t n);
/* "cycle still running: check-in as of 2026-08-15 (day 46 of 92)", "as of the cycle's end (DATE)",
 * "not started (starts DATE), nothing graded". */
void rpt_cycle_phase(const okr_cycle_decl *cycle, long grading_day, char *buf, size_t len);
/* "2026-Q3, 2026-07-01 to 2026-09-30: " and the phase. */
void rpt_cycle_state(const okr_cycle_decl *cycle, long grading_day, char *buf, size_t len);
/* "9 objectives, 2 unhealthy, ...". */
void rpt_summary_line(const rpt_totals *totals, char *buf, size_t len);

/* ---- the writers, one per format; report.c picks one ---- */

int rpt_write_text(FILE *out, const okr_report_input *in, const rpt_layout *layout);     /* report_text.c */
int rpt_write_json(FILE *out, const okr_report_input *in, const rpt_layout *layout);     /* report_json.c */
int rpt_write_markdown(FILE *out, const okr_report_input *in, const rpt_layout *layout); /* report_markdown.c */
int rpt_write_html(FILE *out, const okr_report_input *in, const rpt_layout *layout);     /* report_html.c */

#endif
