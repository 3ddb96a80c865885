/* plausible.h: the guard against feed values written in another unit.
 *
 * A feed that writes a duration in days, a percentage as a fraction or an
 * amount in cents, for a metric that declares no `unit`, is read in the
 * base unit (seconds, percentage points, currency units) and would score
 * silently wrong: `56` days of a `from 62d to 45d` key result is 56 seconds,
 * a score of 1.0. After the feeds are read and before grading, the guard
 * compares every day of such a metric with the metric's scale (the levels
 * its key results and counter-metrics write, or the median of its days),
 * sets aside the days whose values are implausible (spec.md, "Implausible
 * values") so that grading never sees them, and reports one OKR920 warning
 * per metric naming the value and the unit it was probably written in.
 *
 * Metrics with a `unit` clause, or with rows from a feed whose unit= fits
 * them, are trusted as declared and left alone, as are count, number and
 * score metrics (no other unit to suspect). */
#ifndef OKR_PLAUSIBLE_H
#define OKR_PLAUSIBLE_H

#include "../checker/program.h"
#include "store.h"

/* Sets aside the implausible days of every series in the store (they are
 * emptied, counted in series->implausible_days) and adds one OKR920
 * warning per metric to diags. Returns the number of metrics warned about. */
size_t okr_plausible_check(const okr_program *prog, okr_store *store, okr_diags *diags);

/* The rule itself, for one nonzero value in base units against the scale
 * lo..hi (magnitudes, 0 < lo <= hi): returns the index into the metric
 * type's candidate units (okr_plausible_unit) of the unit the value was
 * probably written in, or -1 when the value is plausible. */
int okr_plausible_judge(const okr_metric_decl *metric, double value, double lo, double hi);

/* The candidate units of a metric's type: the clause word (`d`, `fraction`,
 * `cents`) and the words a message uses ("days", "a fraction", "cents");
 * NULL past the end. */
const char *okr_plausible_unit(const okr_metric_decl *metric, int index, const char **described);

#endif
