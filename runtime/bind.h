/* bind.h: which feed names find which metric, and the days to keep.
 *
 * Before feeds are read, every metric that a key result or counter-metric
 * of the program grades is given a series in the store, under each name a
 * feed may use for it (spec.md, "Binding metrics to feeds"): its `source`
 * name when it has one; otherwise its qualified name, TEAM.NAME for each
 * team that grades it (unless that is another graded metric's qualified
 * name), and its bare name when no other graded metric read from feeds
 * has it. A name may find several metrics, and each receives its rows; a
 * bare name that several metrics have finds none, and is recorded as
 * shared so a report can say which names to write instead. The grading
 * range is the union of the program's cycles, extended back by the
 * longest aggregation window. */
#ifndef OKR_BIND_H
#define OKR_BIND_H

#include "../checker/program.h"
#include "store.h"

/* The most days `okrc grade` holds per metric: twice the longest window
 * (OKR_MAX_DURATION_DAYS), so the store stays small whatever the program
 * (spec.md, "Limits"). A longer grading range is refused, not cut. */
enum { OKR_MAX_GRADING_DAYS = 2 * OKR_MAX_DURATION_DAYS };

/* The first and last day the store must hold; returns 0 when the program
 * has no objective with a valid cycle. The range is not capped: callers
 * refuse one longer than OKR_MAX_GRADING_DAYS. */
int okr_bind_range(const okr_program *prog, long *first_day, long *last_day);
/* Creates the series and their feed names. */
void okr_bind_metrics(const okr_program *prog, okr_store *store);
/* The name a native function receives for a metric. */
const char *okr_bind_feed_name(const okr_metric_decl *metric);

#endif
